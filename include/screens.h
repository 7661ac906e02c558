/* screens.h - constructors of the screens; each screen lives in its own file under src/screens. */
#ifndef LC_SCREENS_H
#define LC_SCREENS_H

#include <stdbool.h>
#include "ui.h"
#include "uuid.h"

/* The main menu. */
screen *menu_screen_new(void);
/* The office identity form; first_start makes it the welcome screen of a new database. */
screen *setup_screen_new(bool first_start);
/* A screen for a part not built yet: says so plainly, with what it will do. */
screen *pending_screen_new(const char *title, const char *what);
/* The reports menu: reference data lists now, reports later. */
screen *reports_screen_new(void);
/* Which reference list to show. */
typedef enum ref_kind { REF_STANDARD, REF_INDICATORS, REF_CIRCLES } ref_kind;
/* A list of reference data, Enter shows a row in full. */
screen *reference_screen_new(ref_kind kind);
/* Who is typing: the operators in a pick list, to make one current, add one or remove one (F3). */
void operator_dialog_run(void);
/* The F1 screen: text (a screen's own help, copied) and the keys that work everywhere. */
screen *help_screen_new(const char *text);
/* The satisfaction statistics (满意度统计) of the feedback forms, filtered to unit and session when not NULL (by session when only a unit is given, else by unit). */
screen *fbstats_screen_new(const char *unit, const char *session);
/* The same from a menu: every unit and session. */
screen *fbstats_menu_screen_new(void);
/* The survey results of questionnaire form_id (version NULL: its newest), or NULL after saying why. */
screen *results_screen_new(const char *form_id, const char *version);
/* The survey results from the reports menu: asks which stored questionnaire version first (NULL when none or Esc). */
screen *results_menu_screen_new(void);
struct importview_kind;
/* Told when an import has written its rows (ctx as given to import_ui_run). */
typedef void (*importview_written_fn)(void *ctx);
/* Ask for a file (dialog_input), make kind's import plan of it and push its preview: every row new, changed, unchanged or bad (line, reason), written in one transaction only when the user accepts; written (may be NULL) is called after. Returns at once when the user cancels or the file cannot be read (said in a dialog). */
void import_ui_run(const struct importview_kind *kind, importview_written_fn written, void *ctx);
struct facexport_opts;
/* Ask the kind of file (.xlsx, CSV in UTF-8 with BOM or GB18030), write o (its format set here) to a new file named file_what-CODE-time in the export folder (~/lifecircle-exports or $LIFECIRCLE_EXPORT_DIR) and show its path, or why it failed, in a dialog titled title. */
void export_ui_run(const char *title, const char *file_what, struct facexport_opts *o);
/* The proposals (建议/提案) with their feedback forms: list, search, filters, delete and restore. */
screen *proposals_screen_new(void);
/* Which of a proposal's screens: its header and handling, its returned feedback form, its reply letter. */
typedef enum proposal_form_kind { PFORM_PROPOSAL, PFORM_FEEDBACK, PFORM_LETTER } proposal_form_kind;
/* Told after a save, with the proposal's id (the list reloads and keeps its row). */
typedef void (*proposal_saved_fn)(void *ctx, const char *proposal_id);
/* The entry or edit screen of kind for the proposal proposal_id (NULL or "": a new proposal, PFORM_PROPOSAL only); saved (may be NULL) is called after each save. NULL, with a message flashed, when the proposal is gone. */
screen *proposal_form_screen_new(proposal_form_kind kind, const char *proposal_id, proposal_saved_fn saved, void *ctx);
/* The second keying (verify, double entry) of proposal_id's feedback form, blind; saved (may be NULL) is called after the save. NULL, after a message saying why, when there is no form, it was keyed twice already, or the current operator keyed it first. */
screen *verify_form_screen_new(const char *proposal_id, proposal_saved_fn saved, void *ctx);
/* Push verify_form_screen_new's screen, or show why not; proposal_id may be a list row's (copied before a refusal's dialog redraws the list). */
void verify_form_push(const char *proposal_id, proposal_saved_fn saved, void *ctx);
/* The feedback forms with their double-entry state (keyed once, verified, differences decided), filterable by state; v verifies one. */
screen *double_entry_screen_new(void);
/* Data exchange (数据交换): export for the district (asks what, personal information, passphrase, where; NULL when cancelled or refused, said in a dialog), else the screen of what went in. */
screen *sync_export_screen_run(void);
/* Import: asks for files or a folder, imports each in its own transaction, and returns the per-file result table (NULL when cancelled). */
screen *sync_import_screen_run(void);
/* The receipts of past imports; Enter shows one whole. */
screen *sync_receipts_screen_new(void);
/* The conflicts kept by imports; Enter shows one side by side, to take the other version or keep the current one. */
screen *conflicts_screen_new(void);
/* Pairs of records two offices both made with the same key, side by side (merging is not built). */
screen *duplicates_screen_new(void);
/* Prints proposal_id's feedback form (or whatever the printing part offers); 0, or -1 with *msg (fresh) to show. */
typedef int (*proposal_print_fn)(const char *proposal_id, char **msg);
/* The hook the proposal list calls on key p (the key is offered only once a hook is set; NULL removes it). */
void proposals_set_print_hook(proposal_print_fn fn);
/* The print hook the program uses: asks what to print (blank form, filled form, reply letter), writes a PDF into ~/lifecircle-prints (or $LIFECIRCLE_PRINT_DIR) and offers lp when there is one; *msg says where it went. */
int proposal_print_ui(const char *proposal_id, char **msg);
/* The facility inventory menu: facilities, communities and estates, outlets, the gap report. */
screen *facility_menu_new(void);
/* The communities of this database (several in a subdistrict or district file): list, new, edit, their estates. */
screen *communities_screen_new(void);
/* The community the facility screens work on into out: the one chosen this session, else the office's own, else the first by code. 0, or 1 when there is none (out ""). */
int communities_current(char out[UUID_TEXT_LEN]);
/* Make id the community the facility screens work on. */
void communities_set_current(const char *id);
/* Let the user choose the community to work on from a pick list; true when one was chosen. */
bool communities_choose(void);
/* communities_choose, then the chosen community's id into id; true when one was chosen. */
bool communities_switch(char id[UUID_TEXT_LEN]);
/* communities_current for a screen of one community; when there is none, says so in a dialog: 0, or 1. */
int communities_current_or_say(char id[UUID_TEXT_LEN]);
/* "CODE name" of community id (heap), or "" when it is gone. */
char *communities_label(const char *id);
/* Ask for a new estate name of community_id and add it (or find the one of that name); its id into out. false on Esc. */
bool communities_add_estate(const char *community_id, char out[UUID_TEXT_LEN]);
/* The facility inventory of the current community: filters, search, sort, delete and restore. */
screen *facilities_screen_new(void);
/* Told after a facility is saved, with its id. */
typedef void (*facility_saved_fn)(void *ctx, const char *facility_id);
/* The entry or edit screen of facility_id (NULL or "": a new one in community_id); saved may be NULL. NULL, with a message flashed, when the facility is gone. */
screen *facility_form_screen_new(const char *community_id, const char *facility_id, facility_saved_fn saved, void *ctx);
/* The outlet list (业态店铺清单) of the current community: business types, counts, the chain share against 30%. */
screen *outlets_screen_new(void);
/* The gap report of the current community against the 20 standard items and the indicators; key a shows every community with the summary (where a subdistrict or district office starts). */
screen *gaps_screen_new(void);
/* The survey responses (居民需求调查): list, search, filters, new (n), resume a draft (Enter), reopen (e), delete. */
screen *responses_screen_new(void);
/* Told after a survey response was saved, with its id. */
typedef void (*survey_saved_fn)(void *ctx, const char *response_id);
/* Answer survey response response_id (a draft goes on at its first unanswered question); saved (may be NULL) is called after each save. NULL, after a message, when it cannot be opened. */
screen *survey_run_screen_new(const char *response_id, survey_saved_fn saved, void *ctx);
/* A new response to template_id in community and estate: no record until its first answer (surveyrun_new); NULL after saying why. */
screen *survey_run_screen_start(const char *template_id, const char *community, const char *estate, survey_saved_fn saved, void *ctx);
/* The runner's label of field (instance inst) of a surveyrun (ud): ${name} filled in; NULL for a calculation (not drawn). A form_label_fn. */
char *survey_run_label(void *ud, size_t field, size_t inst);
/* The second keying (verify, double entry) of the complete survey response response_id, blind, over the same pages as answering it; saved (may be NULL) is called after the save. NULL, after a message saying why, when it is not complete, was keyed twice already, or the current operator keyed it first. */
screen *verify_survey_screen_new(const char *response_id, survey_saved_fn saved, void *ctx);
/* Push verify_survey_screen_new's screen, or show why not (response_id is copied first). */
void verify_survey_push(const char *response_id, survey_saved_fn saved, void *ctx);
/* Run the full-screen interface on db: the main menu, the first-start form when the office is
 * not set up, the office's status line. Returns the exit status. */
int screens_run(sqlite3 *db);

#endif
