/* surveyrun.h - the survey runner without a screen: one response (a survey.h record) answered over
 * its template's form model (template.h), saved answer by answer. The screen (src/screens/survey_run.c)
 * feeds it the fields the operator leaves; this module decides what is stored: a field the operator
 * has left (or that was stored before) is saved as shown with its value, or as not shown when skip
 * logic hides it now; a field never reached is not stored, so a draft resumes at the first field that
 * has no answer. A new response (surveyrun_new) is a record from its first answer: nothing is stored
 * before it. Finishing checks the whole form (required, constraints), stores every field (blank ones
 * as shown and blank, hidden ones as not shown) and marks the response complete. The field being
 * typed is kept by the form model's draft ("survey_response:ID") once the record exists. No curses. */
#ifndef LC_SURVEYRUN_H
#define LC_SURVEYRUN_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "formmodel.h"
#include "template.h"
#include "uuid.h"

typedef struct surveyrun surveyrun;

/* Settings keys of the defaults a new response starts with (the last ones used). */
#define SURVEYRUN_KEY_TEMPLATE "survey_default_template"
#define SURVEYRUN_KEY_COMMUNITY "survey_default_community"
#define SURVEYRUN_KEY_ESTATE "survey_default_estate"

/* A new response to the stored template template_id (record id, or form id: its newest version) in
 * community (id) and estate, surveyed today, answered in lang; the three are remembered as the next
 * response's defaults. Nothing is stored yet: the first save that holds an answer (shown, not blank)
 * makes the draft record, and from then on the field draft is kept under its id; leaving before that
 * leaves nothing behind. NULL with *err (heap). */
surveyrun *surveyrun_new(sqlite3 *db, const char *template_id, const char *community, const char *estate,
    const char *lang, char **err);
/* True when the response is a record: opened from one, or its first answer stored. */
bool surveyrun_stored(const surveyrun *r);
/* Open response id for answering in language lang (as template_pick_language): its template version,
 * a form model over it with the draft key "survey_response:ID", the stored answers loaded (repeat
 * instances made as the answers name them) and then the field draft restored. NULL with *err (heap). */
surveyrun *surveyrun_open(sqlite3 *db, const char *id, const char *lang, char **err);
/* Open response id for a second keying, blind (double entry, doubleentry.h): like surveyrun_open, but no answer is loaded (the estate question still starts with the response's estate), the draft key is "verify:ID", and surveyrun_store_tx removes the stored answers no field holds now. NULL with *err (heap). */
surveyrun *surveyrun_open_verify(sqlite3 *db, const char *id, const char *lang, char **err);
/* Within the caller's transaction: store every field of the model (shown with its value, hidden as not shown) as the response's answers, with no check (the caller validated). 0, else -1 with *err (heap); the caller rolls back. */
int surveyrun_store_tx(surveyrun *r, sqlite3 *db, char **err);
/* Free the runner (the model with it). */
void surveyrun_free(surveyrun *r);
/* The form model the screen edits (owned by r). */
formmodel *surveyrun_model(surveyrun *r);
/* The template form (labels with ${name}, field types; owned by r). */
template_form *surveyrun_template_form(surveyrun *r);
/* The response's id ("" until it is a record). */
const char *surveyrun_id(const surveyrun *r);
/* True when the response was complete when opened (or finished since). */
bool surveyrun_is_complete(const surveyrun *r);
/* The operator left field (instance inst): from now on it is stored. */
void surveyrun_visit(surveyrun *r, size_t field, size_t inst);
/* True when field's answer for inst is stored (or will be on the next save). */
bool surveyrun_visited(const surveyrun *r, size_t field, size_t inst);
/* Store the answers of the visited fields (a new response becomes a record at its first answer) (a field whose value is refused, e.g. letters in a number,
 * is left out: its text stays in the field draft) as one new version of the record; nothing is
 * written when nothing changed since the last save. 0, else -1 with *err (heap). */
int surveyrun_save(surveyrun *r, sqlite3 *db, char **err);
/* Where a resumed draft goes on: the first field (in page order) that can take the focus and has no
 * stored answer; false when every one has one (then stay at the start). */
bool surveyrun_resume_at(const surveyrun *r, size_t *field, size_t *inst);
/* Finish: check every shown field; the first bad one goes into *field, *inst and 1 is returned
 * (nothing stored). Else every field is stored and the response marked complete, the field draft
 * dropped: 0. -1 with *err (heap) when the database refuses. */
int surveyrun_finish(surveyrun *r, sqlite3 *db, size_t *field, size_t *inst, char **err);
/* The stored answers of live response id as an operator reads them, one line each in the template's order:
 * "LABEL: ANSWER" with the label in lang (as surveyrun_open, ${name} filled) and choices by their labels
 * (several joined with ", " as translated), a repeat member's line prefixed "GROUP N — ", a shown and
 * blank one as "(blank)"; questions hidden by skip logic (not stored), notes and calculations left
 * out. Fresh; NULL with *err (heap) when the response or its template cannot be read. */
char *surveyrun_answers_text(sqlite3 *db, const char *id, const char *lang, char **err);
/* Open live response id to read its stored answers (as surveyrun_open, without the field draft), for
 * surveyrun_key_label and surveyrun_key_value. NULL with *err (heap). */
surveyrun *surveyrun_open_stored(sqlite3 *db, const char *id, const char *lang, char **err);
/* The question a stored answer key ("name" or "group[N].name") names, as surveyrun_answers_text shows it
 * ("GROUP N — LABEL" for a repeat member); the key itself when the template has no such question. Fresh. */
char *surveyrun_key_label(surveyrun *r, const char *key);
/* A stored value of key as surveyrun_answers_text shows it (choices by their labels, blank as "(blank)"). Fresh. */
char *surveyrun_key_value(surveyrun *r, const char *key, const char *value);

#endif
