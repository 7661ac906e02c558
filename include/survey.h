/* survey.h - survey response records: a draft from the first answer, answers saved field by field
 * into the synced JSON column through record.h's writes, marked complete, reopened. The questions
 * come from the caller (a template's, once templates are stored), described by survey_question. An
 * answers object keeps "not shown" (the key is absent: skip logic hid it) apart from "shown and
 * left blank" (the key holds "" or, for select_multiple, []). No curses. */
#ifndef LC_SURVEY_H
#define LC_SURVEY_H

#include <stdbool.h>
#include <sqlite3.h>
#include "uuid.h"

typedef enum survey_qtype {
	SURVEY_SELECT_ONE,
	SURVEY_SELECT_MULTIPLE,
	SURVEY_INTEGER,
	SURVEY_DECIMAL,
	SURVEY_TEXT,
	SURVEY_DATE
} survey_qtype;

typedef struct survey_choice {
	const char *name;	/* what is stored */
	const char *label;	/* what is shown (NULL: the name) */
} survey_choice;

/* One question as results and export need it; the integrator fills these from template.c. */
typedef struct survey_question {
	const char *name;
	survey_qtype type;
	const survey_choice *choices;	/* select types: in the template's order */
	int n_choices;
	const char *circle;		/* circle code, or NULL */
} survey_question;

/* One answer to save: shown false removes it (skip logic hid the question); shown with NULL or ""
 * value is shown and left blank; select_multiple values are choice names separated by spaces. */
typedef struct survey_value {
	const char *name;
	bool shown;
	const char *value;
} survey_value;

/* Where a response stands. */
typedef struct survey_response_info {
	char id[UUID_TEXT_LEN];
	char template_id[128];
	char version[64];
	char community[UUID_TEXT_LEN + 4];
	char estate[256];
	char surveyed_on[16];
	bool complete;
	bool deleted;
	char *answers;		/* the JSON object (heap) */
} survey_response_info;

/* The question called name in qs[0..n), or NULL. */
const survey_question *survey_question_find(const survey_question *qs, int n, const char *name);
/* The type called text ("select_one", "select_multiple", "integer", "decimal", "text", "date") into *t; false when unknown. */
bool survey_qtype_parse(const char *text, survey_qtype *t);
/* Create a draft response with no answers yet, in a transaction of its own, as a synced record; id_out gets its id. surveyed_on NULL or "" means today. 0, else -1 with *err (heap). */
int survey_create(sqlite3 *db, const char *template_id, const char *version, const char *community,
    const char *estate, const char *surveyed_on, char id_out[UUID_TEXT_LEN], char **err);
/* Save vals[0..nv) into the live response id in one transaction (one new record version): each value is checked against its question in qs (unknown name, choice not in the list, not a number or date: nothing is written). 0, else -1 with *err (heap). */
int survey_save_answers(sqlite3 *db, const char *id, const survey_question *qs, int nq, const survey_value *vals,
    int nv, char **err);
/* survey_save_answers within the caller's transaction (a double-entry decision saves the verified answers with the keyings): nothing begun, committed or rolled back here. 0, else -1 with *err (heap); the caller rolls back. */
int survey_save_answers_tx(sqlite3 *db, const char *id, const survey_question *qs, int nq, const survey_value *vals,
    int nv, char **err);
/* Mark the live response id complete (true) or reopen it as a draft (false), as a new version; marking what it already is writes nothing. 0, else -1 with *err (heap). */
int survey_set_complete(sqlite3 *db, const char *id, bool complete, char **err);
/* Read response id (deleted ones too) into *out (free with survey_response_info_free). 0, 1 when there is none, -1 on error. */
int survey_get(sqlite3 *db, const char *id, survey_response_info *out);
/* Free what survey_get allocated in *info. */
void survey_response_info_free(survey_response_info *info);
/* Make the local derived answer tables (survey_answer, survey_answer_key) again from every response's JSON, in one transaction (after a bulk load or if they are suspected wrong). 0, else -1 with *err. */
int survey_answer_rebuild(sqlite3 *db, char **err);



#include "sheetout.h"

/* Questions as the stored answers show them, for template (and version, NULL: every version), until
 * templates are stored: one per distinct answer key, in the order first seen; select_multiple where
 * the answers are arrays (choices: the names met), integer where they are numbers, select_one where a
 * text question has at most 20 distinct values (choices: those), else text. *out is heap (free with
 * survey_questions_free). 0, else -1 with *err. */
int survey_questions_from_answers(sqlite3 *db, const char *template_id, const char *version, survey_question **out,
    int *n, char **err);
void survey_questions_free(survey_question *qs, int n);
/* Called every 10,000 rows of an export with the rows written so far; returning false stops it. */
typedef bool (*survey_progress_fn)(long long rows, void *arg);
/* Stream the live responses of template (version NULL: all) to so: a header row, then one row per
 * response in entry order: id, template, version, community (its name), estate, surveyed_on, status,
 * operator, then a column per question (select_multiple: the names separated by spaces, then a 0/1
 * column NAME/CHOICE per choice; empty when the question was not shown). Reads row by row: memory
 * stays flat. 0 with *rows set, else -1 with *err (heap). */
int survey_export(sqlite3 *db, const char *template_id, const char *version, const survey_question *qs, int nq,
    sheetout *so, survey_progress_fn progress, void *arg, long long *rows, char **err);

/* The questions of the stored template form_id (its version, or the newest when version is NULL), as
 * template.c gives them: notes (no answer) left out, types it does not name here (time, dateTime,
 * calculate, acknowledge ...) as text, labels in the language of locale lang (NULL: the template's
 * default). 0 with *out (free with survey_questions_free), 1 when no such template is stored, -1
 * with *err. */
int survey_questions_from_template(sqlite3 *db, const char *form_id, const char *version, const char *lang,
    survey_question **out, int *n, char **err);
#endif
