/* screens.h - constructors of the screens; each screen lives in its own file under src/screens. */
#ifndef LC_SCREENS_H
#define LC_SCREENS_H

#include <stdbool.h>
#include "ui.h"

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
struct importview_kind;
/* Told when an import has written its rows (ctx as given to import_ui_run). */
typedef void (*importview_written_fn)(void *ctx);
/* Ask for a file (dialog_input), make kind's import plan of it and push its preview: every row new, changed, unchanged or bad (line, reason), written in one transaction only when the user accepts; written (may be NULL) is called after. Returns at once when the user cancels or the file cannot be read (said in a dialog). */
void import_ui_run(const struct importview_kind *kind, importview_written_fn written, void *ctx);
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
/* Run the full-screen interface on db: the main menu, the first-start form when the office is
 * not set up, the office's status line. Returns the exit status. */
int screens_run(sqlite3 *db);

#endif
