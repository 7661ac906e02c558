/* template.h - questionnaire templates as data: XLSForm files (CSV sets sharing a stem, pyxform's
 * one-file CSV layout; .xlsx workbooks, their sheets survey, choices and settings read by name
 * through xlsx.h, the reader the inventory import uses) parsed, checked
 * whole, stored as versioned synced records (survey_template, the definition as JSON), and turned
 * into a fieldset + form model in a chosen language for the survey runner. No curses.
 *
 * Identity: form_id and version from the settings sheet; when missing, the file's stem and a hash
 * of the content. The record id is derived from form_id, version and the content hash, so two
 * offices importing the same file make the same record (sync sees one template, not two). A new
 * version is a new record; old ones stay, so responses keep naming the template they were answered
 * on (survey_response.template = form_id, survey_response.template_version = version).
 *
 * The stored definition (survey_template.definition, JSON; languages index 0 is the plain column):
 *   {"format":1, "form_id", "version", "title", "default_language", "source", "languages":["", "中文 (zh)", ...],
 *    "questions":[{"row", "type" (as template_question.type, plus begin_group end_group begin_repeat
 *      end_repeat), "name", "list", "label":[one per language], "hint":[..], "required":0|1,
 *      "required_message":[..], "constraint", "constraint_message":[..], "relevant", "default",
 *      "readonly":0|1, "personal":0|1, "calculation", "choice_filter", "circle", "repeat_count"}],
 *    "choices":[{"row", "list", "name", "label":[..], "column_names":[..], "column_values":[..]}],
 *    "skipped":[{"row", "name", "type", "reason"}]}
 * so SQL can read it too (json_each(definition, '$.questions')); C code uses template_load. */
#ifndef LC_TEMPLATE_H
#define LC_TEMPLATE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "field.h"
#include "formmodel.h"
#include "xlsexpr.h"

/* Caps against hostile files (over them the template is refused with a message). */
#define TEMPLATE_MAX_ROWS 5000          /* rows in one sheet */
#define TEMPLATE_MAX_LANGS 16           /* language variants */

/* A parsed template (all languages); see template_parse. */
typedef struct template template;

/* One problem found while checking: where (file, sheet, 1-based row of the file, column header as
 * written; column may be "") and what. */
typedef struct template_problem {
	char *file, *sheet, *column, *message;
	long row;
} template_problem;

/* A question a terminal cannot ask, skipped (not a reason to refuse the form). */
typedef struct template_skip {
	long row;
	char *name, *type, *reason;
} template_skip;

/* Read the files of one template (a NAME.survey.csv / NAME.choices.csv / NAME.settings.csv set, or
 * one file: pyxform's one-file layout or a survey sheet alone) and check it whole with db's
 * reference data (circle codes). Returns the template, or NULL when it has problems: then every
 * problem is in *problems (n in *nproblems; free with template_problems_free). */
template *template_parse(sqlite3 *db, const char *const *files, size_t nfiles,
    template_problem **problems, size_t *nproblems);
/* Group paths into templates: files sharing a stem (NAME.survey.csv, NAME.choices.csv,
 * NAME.settings.csv) form one; any other file is one alone. *groups gets arrays of indexes into
 * paths (each ending with SIZE_MAX), *ngroups their number; free with template_groups_free. */
void template_group_files(const char *const *paths, size_t n, size_t ***groups, size_t *ngroups);
void template_groups_free(size_t **groups, size_t ngroups);
/* Free problems (NULL is fine). */
void template_problems_free(template_problem *p, size_t n);
/* One problem as a line for the user: "FILE: sheet S, row R, column C: MSG" (fresh). */
char *template_problem_text(const template_problem *p);
/* Free a template (NULL is fine). */
void template_free(template *t);

/* What a parsed or stored template says about itself (owned by t). */
const char *template_form_id(const template *t);
const char *template_version(const template *t);
const char *template_record_id(const template *t);      /* the synced record's id (36 chars) */
/* The title in language lang (NULL: default), never NULL. */
const char *template_title(const template *t, const char *lang);
size_t template_language_count(const template *t);     /* written languages (not the plain one) */
const char *template_language_at(const template *t, size_t i);
size_t template_skip_count(const template *t);
const template_skip *template_skip_at(const template *t, size_t i);
size_t template_question_count(const template *t);     /* survey rows kept (groups included) */

/* Store t as a new survey_template record in its own transaction. 0: stored; 1: already there
 * (same form_id, version and content: nothing written); -1 with *err (heap) when the same form_id
 * and version exist with other content (raise the version) or the database refuses. */
int template_store(sqlite3 *db, const template *t, char **err);
/* template_store in the caller's transaction (several templates stored all or none). */
int template_store_locked(sqlite3 *db, const template *t, char **err);
/* Import the template sets found in dir (each NAME.survey.csv with its partners) that are not
 * stored yet, in the caller's transaction; the default questionnaire is shipped in
 * data/templates/. 0, or -1 with *err (heap) naming the file and its first problem. */
int template_load_dir(sqlite3 *db, const char *dir, char **err);
/* Load the stored template with record id, or form_id (its newest version, or exactly version
 * when not NULL). NULL with *err (heap, translated) when there is none or it cannot be read. */
template *template_load(sqlite3 *db, const char *id_or_form, const char *version, char **err);

/* Index of the language to show for want (a locale "zh_CN.UTF-8", a code "en" or a name
 * "English"): by the code in parentheses or the name, ignoring case; else the settings'
 * default_language; else -1 (the plain column, or the first language when there is none). */
int template_pick_language(const template *t, const char *want);

/* ---- the question list, for results and export ---------------------------------------- */

typedef struct template_choice_info {
	const char *name, *label;
} template_choice_info;

typedef struct template_question {
	const char *name;
	const char *type;     /* integer decimal text date time dateTime select_one select_multiple note calculate acknowledge phone */
	const char *list;     /* the choice list of a select, else "" */
	const char *label;    /* in the language asked for, ${name} left as written */
	const char *group;    /* the enclosing group's name, or "" */
	bool repeat;          /* inside a repeating group (one answer per instance) */
	const char *circle;   /* one of the 8 circle codes, or "" */
	bool personal;        /* identifies a person: left out of de-identified exports */
	const template_choice_info *choices;
	size_t nchoices;
	const char *hint;     /* in the language asked for, or "" */
	const char *relevant; /* the skip logic as written, or "" */
	bool required;        /* required: yes (an expression leaves this false) */
	const char *required_if; /* required written as an expression, or "" */
	const char *repeat_count; /* begin_repeat rows of template_outline: as written, or "" */
	const char *constraint; /* the constraint as written (". <= 20"), or "" */
} template_question;

/* The questions of t in order (groups left out; notes, which take no answer, and calculate
 * questions, whose value is computed, are in: check .type), with labels in lang (as
 * template_pick_language;  left as written); the strings belong to t. Free the array with
 * template_questions_free. */
template_question *template_questions(const template *t, const char *lang, size_t *n);
void template_questions_free(template_question *q, size_t n);
/* template_questions with the group rows kept in place (type "begin_group", "end_group",
 * "begin_repeat", "end_repeat"; a begin row has its name, label, hint, relevant and repeat_count),
 * for whoever lays the form out (the paper questionnaire). Free with template_questions_free. */
template_question *template_outline(const template *t, const char *lang, size_t *n);

/* The labels in lang (as template_questions, ${name} left out; the name where a label is blank) of the questions
 * the stored templates mark personal, each label once, by form_id and newest version first: at most
 * max of them in *labels (fresh array of fresh strings; *nlabels how many), for telling a user what
 * a de-identified export leaves out. Returns how many distinct labels there are in all (more than
 * *nlabels when some were left out), or -1 with *err (heap). */
long template_personal_labels(sqlite3 *db, const char *lang, size_t max, char ***labels, size_t *nlabels, char **err);

/* The form_id of the questionnaire shipped in data/templates/ (the default where one is needed). */
#define TEMPLATE_DEFAULT_ID "lifecircle_needs"

/* ---- the bridge to the form model ------------------------------------------------------- */

/* A template made runnable: its fieldset, form model and expressions. */
typedef struct template_form template_form;

/* Build the fields (groups as pages, repeats, relevance, constraints, calculations,
 * choice_filter, required with its message, defaults, read-only, notes, choices) of t in lang and
 * a form model over them whose draft is named draft_key (NULL: none); expressions run on db
 * (NULL: a private connection). t must outlive the result (its choices' extra columns are read
 * by choice_filter). A calculate question is a read-only text field (so its value is there for
 * other expressions; a runner may leave fields of type "calculate" undrawn); a repeat with
 * repeat_count has that many instances, kept in step with the answers it reads (the operator cannot
 * add or remove them); a repeat without one is added to and removed from by the operator. NULL with *err
 * when an expression does not compile. */
template_form *template_form_new(const template *t, const char *lang, sqlite3 *db, const char *draft_key, char **err);
/* The template's type of field (as template_question.type: "calculate", "note", "acknowledge" ...), or NULL past the end. */
const char *template_form_type(const template_form *tf, size_t field);
/* Free the model, expressions and fields. */
void template_form_free(template_form *tf);
/* The form model to run (owned by tf). */
formmodel *template_form_model(template_form *tf);
/* The fields (owned by tf). */
const fieldset *template_form_fields(const template_form *tf);
/* The field's label with ${name} replaced by the answers (fresh). */
char *template_form_label(const template_form *tf, size_t field, size_t inst);
/* True when choice of field passes its choice_filter for instance inst. */
bool template_form_choice_shown(const template_form *tf, size_t field, size_t inst, size_t choice);

#endif
