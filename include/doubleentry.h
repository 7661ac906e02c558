/* doubleentry.h - double entry of paper forms (CSPro's verify mode, EpiData's double entry) for any
 * keyed record: a second operator keys the form again, blind; the form model's verify mode
 * (formmodel.h) stops on each difference and the caller records a decision. Here both keyings are
 * kept as synced entry_keying records (the keyed record named by its kind, its table, and its id) and
 * each decision as an entry_decision record, so a survey response can use the same tables as the
 * feedback form does. The feedback form's own adapter is at the end. No curses. */
#ifndef LC_DOUBLEENTRY_H
#define LC_DOUBLEENTRY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "formmodel.h"
#include "pagesource.h"
#include "proposal.h"
#include "record.h"

/* Where a keyed record stands; the stored names are "once", "verified", "decided", "edited". */
typedef enum de_state {
	DE_KEYED_ONCE,		/* keyed by one operator, not verified yet */
	DE_VERIFIED,		/* keyed a second time with no difference */
	DE_DECIDED,		/* keyed a second time; the differences were decided */
	DE_EDITED,		/* verified, then changed: the record no longer holds the verified answers */
	DE_NSTATES
} de_state;

/* One keying of a record: values by draft name (formmodel_draft_name), and who keyed it. */
typedef struct de_keying {
	char operator_name[RECORD_OPERATOR_BYTES];
	size_t n;
	char **names;
	char **values;
} de_keying;

/* An empty keying by nobody. */
void de_keying_init(de_keying *k);
/* Free k's values and empty it (safe twice). */
void de_keying_free(de_keying *k);
/* Add (or replace) the value of name, both copied. */
void de_keying_put(de_keying *k, const char *name, const char *value);
/* The value of name, or NULL when the keying has none. */
const char *de_keying_get(const de_keying *k, const char *name);
/* k (initialised here) gets the model's answers: every field that can be answered, each instance, by draft name. */
void de_keying_from_model(const formmodel *m, de_keying *k);

/* Stored name of a state ("once", "verified", "decided", "edited"). */
const char *doubleentry_state_name(de_state s);
/* Translated label of a state for lists (static). */
const char *doubleentry_state_label(de_state s);
/* Put m (keyed blind: its values are not touched) in verify mode against the first keying. */
void doubleentry_begin(formmodel *m, const de_keying *first);
/* NULL when operator second may verify a form keyed by first (names compared trimmed), else a fresh translated message: no current operator, or the same one (the second keying must be by another person). */
char *doubleentry_operator_check(const char *first, const char *second);
/* The state of the record kind/record_id as far as its newest keyings go (a record with none is keyed once; a form verified again after a change counts its newest round). -1 on a database error. */
int doubleentry_state(sqlite3 *db, const char *kind, const char *record_id);
/* doubleentry_state with what the lists keep (feedback_entry_state, survey_entry_state): DE_EDITED when a verified record was changed since. -1 on a database error. */
int doubleentry_record_state(sqlite3 *db, const char *kind, const char *record_id);
/* The answers as verified: the live pass-2 keying of kind/record_id with each decision's value in place of what was typed, into out (initialised here; its operator the verifier). 0, 1 when it is not verified, -1 on error. */
int doubleentry_verified(sqlite3 *db, const char *kind, const char *record_id, de_keying *out);
/* Load the newest live keying pass (1 or 2) of kind/record_id into out (initialised here). 0, 1 when there is none, -1 on error. */
int doubleentry_load(sqlite3 *db, const char *kind, const char *record_id, int pass, de_keying *out);
/* NULL when kind/record_id, keyed first by first, may be verified now by the current operator (it is keyed once, or edited after verification: then verified again); else a fresh translated message (verified already, same operator, database error). */
char *doubleentry_can_verify(sqlite3 *db, const char *kind, const char *record_id, const de_keying *first);
/* Within the caller's transaction: keep the verification of kind/record_id. The first keying as an entry_keying of pass 1 (unless one is stored, or always when the record is verified again after a change: a new round beside the old keyings, which stay; stamped with first's operator), what m's operator keyed as pass 2, and one entry_decision per decided difference. Refused (nothing written, -1 and *err) when doubleentry_can_verify refuses or a difference is not decided. *differences (may be NULL) gets the count decided. 0 or -1; the caller rolls back on -1. */
int doubleentry_save_tx(sqlite3 *db, const char *kind, const char *record_id, const de_keying *first,
    const formmodel *m, int *differences, char **err);

/* ---- the feedback form (办理情况征询意见表) ---- */

/* Record kind of a feedback form in entry_keying: its table's name. */
#define DE_KIND_FEEDBACK "feedback"
/* The live feedback form of proposal_id into fb (initialised here) and its first keying into first (initialised here): the stored pass 1 when there is one, else (and when it was edited after verification) the form as it stands, by who last wrote it. 0, 1 when no form is entered, -1 on error. */
int doubleentry_feedback_first(sqlite3 *db, const char *proposal_id, feedback *fb, de_keying *first);
/* In one transaction: doubleentry_save_tx for fb (loaded with doubleentry_feedback_first) and the model m over feedback_fieldset(), then the verified values written into the feedback record when they differ from what it holds. 0, or -1 with *err (heap, translated) and nothing written. */
int doubleentry_feedback_save(sqlite3 *db, feedback *fb, const de_keying *first, const formmodel *m,
    int *differences, char **err);
/* The double-entry state of proposal_id's feedback form as the list keeps it (feedback_entry_state: "edited" when the form was changed after it was verified). A de_state, -2 when the proposal has no live form, -1 on error. */
int doubleentry_feedback_state(sqlite3 *db, const char *proposal_id);
/* Parse a stored state name; -1 when it is none. */
int doubleentry_state_parse(const char *name);
/* Columns of the double-entry list of feedback forms, in doubleentry_feedback_list()'s order. */
enum { DE_COL_NUMBER, DE_COL_TITLE, DE_COL_PROPOSER, DE_COL_FIRST, DE_COL_SECOND, DE_COL_STATE, DE_NCOLS };
/* The list's rows (one per live feedback form of a live proposal, keyed by proposal id) for pagesource_sql_new: sortable by number, title and proposer, filtered by the condition "state" (a stored state name); every page comes off an index. */
const page_query *doubleentry_feedback_list(void);

/* ---- the survey response (a paper questionnaire keyed twice) ---- */

/* Record kind of a survey response in entry_keying. */
#define DE_KIND_SURVEY "survey_response"
struct surveyrun;
/* The first keying of the live complete response response_id into first (initialised here): the stored pass 1 when there is one, else (and when it was edited after verification) its answers as the runner shows them (each shown field, by draft name; labels in lang), by the operator who last wrote the response. 0, 1 when there is no live complete response, -1 with *err (heap). */
int doubleentry_survey_first(sqlite3 *db, const char *response_id, const char *lang, de_keying *first, char **err);
/* How many non-empty answers of first have no field at all in m (a repeat instance the second keying did not add); *example gets the first one's name (first's; NULL when none). */
size_t doubleentry_unkeyed(const de_keying *first, const formmodel *m, const char **example);
/* In one transaction: doubleentry_save_tx for r's response (r opened with surveyrun_open_verify, its model keyed in verify mode against first), then every answer of r's model stored into the response (surveyrun_store_tx). 0, or -1 with *err (heap) and nothing written. */
int doubleentry_survey_save(sqlite3 *db, struct surveyrun *r, const de_keying *first, int *differences, char **err);

/* Columns of the double-entry list of survey responses, in doubleentry_survey_list()'s order: the operators and the state where the feedback list has them. */
enum { DE_SCOL_DATE = DE_COL_NUMBER, DE_SCOL_COMMUNITY = DE_COL_TITLE, DE_SCOL_ESTATE = DE_COL_PROPOSER };
/* The list's rows (one per live complete survey response, keyed by response id) for pagesource_sql_new: sortable by survey date, filtered by the condition "state" (a stored state name); every page comes off an index. */
const page_query *doubleentry_survey_list(void);

#endif
