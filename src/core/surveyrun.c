/* surveyrun.c - the survey runner's logic without a screen (see surveyrun.h): a response record
 * (survey.h) answered over its template's form model (template.h). What is stored follows one rule:
 * a field the operator has left, or one stored before, is kept in step with the model (shown with
 * its value, or not shown when skip logic hides it now); the rest wait until the response is
 * finished, when every field is stored. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "surveyrun.h"
#include "db.h"
#include "settings.h"
#include "survey.h"
#include "util.h"
#include "i18n.h"

struct surveyrun {
	template *t;
	template_form *tf;
	formmodel *m;
	char id[UUID_TEXT_LEN];  /* "" until the record exists */
	bool stored;          /* the response is a record: opened from one, or its first answer stored */
	char *community, *estate;   /* where a new response is surveyed (the record is made with them) */
	bool complete;
	char **visited;        /* draft names (formmodel_draft_name) that are stored */
	size_t nvisited;
	char *last_saved;      /* what the last save (or the open) stored, to skip writing the same again */
};

/* The answers being stored: questions and values side by side, names and choices owned here. */
typedef struct answer_set {
	survey_question *qs;
	survey_value *vals;
	char **values;
	int n, cap;
} answer_set;

/* The defaults are a convenience: a failure to keep them loses no answer. */
static void
remember_defaults(sqlite3 *db, const template *t, const char *community, const char *estate)
{
	settings_set(db, SURVEYRUN_KEY_TEMPLATE, template_record_id(t));
	settings_set(db, SURVEYRUN_KEY_COMMUNITY, community);
	settings_set(db, SURVEYRUN_KEY_ESTATE, estate ? estate : "");
}

static bool
is_visited_name(const surveyrun *r, const char *name)
{
	for (size_t i = 0; i < r->nvisited; i++)
		if (strcmp(r->visited[i], name) == 0)
			return true;
	return false;
}

static void
add_visited_name(surveyrun *r, const char *name)
{
	if (is_visited_name(r, name))
		return;
	r->visited = xrealloc(r->visited, (r->nvisited + 1) * sizeof *r->visited);
	r->visited[r->nvisited++] = xstrdup(name);
}

/* The field and instance a stored answer key names: "name", or "group[N].name" for a repeat member
 * (*repeat set); false when no field of the template has it. */
static bool
key_field(const surveyrun *r, const char *key, size_t *f, size_t *inst, bool *repeat)
{
	const fieldset *fs = template_form_fields(r->tf);
	const char *open = strchr(key, '['), *dot = open ? strstr(open, "].") : NULL;
	int i;

	*inst = 0;
	*repeat = dot != NULL;
	if (dot) {
		long n = strtol(open + 1, NULL, 10);
		if (n < 1 || n > 1000)
			return false;
		*inst = (size_t)n - 1;
		key = dot + 2;
	}
	if ((i = fieldset_find(fs, key)) < 0)
		return false;
	*f = (size_t)i;
	return !dot || (fs->fields[*f].group && fs->groups[fs->fields[*f].group - 1].repeat);
}

/* Load one stored answer "name" or "group[N].name" into the model (making repeat instances up to N). */
static void
load_answer(surveyrun *r, const char *key, const char *value)
{
	const fieldset *fs = template_form_fields(r->tf);
	size_t inst, f;
	bool repeat;

	if (!key_field(r, key, &f, &inst, &repeat))
		return;
	if (repeat) {
		size_t g = fs->fields[f].group;
		/* a member answered before the repeat was counted stays, beyond the count, until removed */
		if (formmodel_repeat_fixed(r->m, g))
			formmodel_repeat_keep(r->m, g, inst + 1);
		while (formmodel_instances(r->m, f) <= inst)
			if (formmodel_repeat_add(r->m, g) == SIZE_MAX)
				return;   /* beyond the most a repeat may have */
	}
	formmodel_load(r->m, f, inst, value);
}

/* The stored answers into the model (values: false loads only their names, as stored, for a blind
 * second keying whose save must remove what no field has any more). */
static int
load_answers(surveyrun *r, sqlite3 *db, const char *answers, bool values)
{
	bool counted = false;
	sqlite3_stmt *st = db_prepare(db, "SELECT j.key, CASE j.type WHEN 'array' THEN"
	    " (SELECT group_concat(c.value, ' ') FROM json_each(j.value) c) WHEN 'null' THEN '' ELSE j.value END"
	    " FROM json_each(?1) j ORDER BY instr(j.key, '[') > 0, j.id");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, answers, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		/* the answers outside repeats come first: a repeat_count reads them to make the instances */
		if (!counted && strchr(key, '[')) {
			formmodel_repeat_counts(r->m);
			counted = true;
		}
		if (values)
			load_answer(r, key, v ? v : "");
		add_visited_name(r, key);
	}
	formmodel_repeat_counts(r->m);
	return sqlite3_finalize(st) == SQLITE_OK ? 0 : -1;
}

/* The template's estate question (named "estate") starts with the response's estate. */
static void
prefill_estate(surveyrun *r, const char *estate)
{
	int f = fieldset_find(template_form_fields(r->tf), "estate");

	if (f >= 0 && *estate && !*formmodel_raw(r->m, (size_t)f, 0) && formmodel_instances(r->m, (size_t)f) == 1)
		formmodel_load(r->m, (size_t)f, 0, estate);
}

static char *signature(surveyrun *r);

/* Open response id: answering (verify false) or keying it again blind (true: nothing loaded, the draft
 * key "verify:ID"); draft false leaves the field draft out (reading the stored answers only). */
static surveyrun *
open_response(sqlite3 *db, const char *id, const char *lang, bool verify, bool draft, char **err)
{
	survey_response_info info;
	surveyrun *r;
	char *key;
	int rc = survey_get(db, id, &info);

	*err = NULL;
	if (rc != 0 || info.deleted) {
		*err = rc < 0 ? xstrdup(db_error_text(db)) : xasprintf(_("no survey response %s"), id);
		if (rc == 0)
			survey_response_info_free(&info);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", info.id);
	r->stored = true;
	r->complete = info.complete;
	key = xasprintf(verify ? "verify:%s" : "survey_response:%s", info.id);
	if (!(r->t = template_load(db, info.template_id, info.version, err)) ||
	    !(r->tf = template_form_new(r->t, lang, db, key, err))) {
		free(key);
		survey_response_info_free(&info);
		surveyrun_free(r);
		return NULL;
	}
	free(key);
	r->m = template_form_model(r->tf);
	if (load_answers(r, db, info.answers, !verify) != 0) {
		*err = xstrdup(db_error_text(db));
		survey_response_info_free(&info);
		surveyrun_free(r);
		return NULL;
	}
	prefill_estate(r, info.estate);
	survey_response_info_free(&info);
	r->last_saved = signature(r);
	/* The field being typed when the program ended comes back from the draft. */
	if (draft)
		formmodel_draft_restore(r->m, db);
	return r;
}

surveyrun *
surveyrun_new(sqlite3 *db, const char *template_id, const char *community, const char *estate, const char *lang, char **err)
{
	surveyrun *r = xcalloc(1, sizeof *r);

	*err = NULL;
	if (!community || !*community) {
		*err = xstrdup(_("a survey response needs a template, its version and a community"));
		free(r);
		return NULL;
	}
	/* no draft key yet: the draft belongs to the record, which the first answer makes */
	if (!(r->t = template_load(db, template_id, NULL, err)) || !(r->tf = template_form_new(r->t, lang, db, NULL, err))) {
		surveyrun_free(r);
		return NULL;
	}
	r->m = template_form_model(r->tf);
	r->community = xstrdup(community);
	r->estate = xstrdup(estate ? estate : "");
	remember_defaults(db, r->t, community, estate);
	prefill_estate(r, r->estate);
	r->last_saved = signature(r);
	return r;
}

bool
surveyrun_stored(const surveyrun *r)
{
	return r->stored;
}

surveyrun *
surveyrun_open(sqlite3 *db, const char *id, const char *lang, char **err)
{
	return open_response(db, id, lang, false, true, err);
}

surveyrun *
surveyrun_open_verify(sqlite3 *db, const char *id, const char *lang, char **err)
{
	return open_response(db, id, lang, true, true, err);
}

void
surveyrun_free(surveyrun *r)
{
	if (!r)
		return;
	template_form_free(r->tf);
	template_free(r->t);
	for (size_t i = 0; i < r->nvisited; i++)
		free(r->visited[i]);
	free(r->visited);
	free(r->community);
	free(r->estate);
	free(r->last_saved);
	free(r);
}

formmodel *
surveyrun_model(surveyrun *r)
{
	return r->m;
}

template_form *
surveyrun_template_form(surveyrun *r)
{
	return r->tf;
}

const char *
surveyrun_id(const surveyrun *r)
{
	return r->id;
}

bool
surveyrun_is_complete(const surveyrun *r)
{
	return r->complete;
}

void
surveyrun_visit(surveyrun *r, size_t field, size_t inst)
{
	char *name;

	if (field >= template_form_fields(r->tf)->n || inst >= formmodel_instances(r->m, field))
		return;
	name = formmodel_draft_name(r->m, field, inst);
	add_visited_name(r, name);
	free(name);
}

bool
surveyrun_visited(const surveyrun *r, size_t field, size_t inst)
{
	char *name = formmodel_draft_name(r->m, field, inst);
	bool v = is_visited_name(r, name);

	free(name);
	return v;
}

/* ---- what is stored -------------------------------------------------------------------- */

static survey_qtype
qtype_of(const char *type)
{
	survey_qtype t = SURVEY_TEXT;

	if (strcmp(type, "acknowledge") == 0)
		return SURVEY_SELECT_ONE;
	/* time, dateTime, phone and calculate are stored as text. */
	if (!survey_qtype_parse(type, &t))
		t = SURVEY_TEXT;
	return t;
}

static void
answer_add(answer_set *a, char *name, survey_qtype type, const field_def *d, bool shown, char *value)
{
	survey_choice *ch = NULL;

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 32;
		a->qs = xrealloc(a->qs, (size_t)a->cap * sizeof *a->qs);
		a->vals = xrealloc(a->vals, (size_t)a->cap * sizeof *a->vals);
		a->values = xrealloc(a->values, (size_t)a->cap * sizeof *a->values);
	}
	if (d && (type == SURVEY_SELECT_ONE || type == SURVEY_SELECT_MULTIPLE) && d->nchoices) {
		ch = xcalloc(d->nchoices, sizeof *ch);
		for (size_t c = 0; c < d->nchoices; c++) {
			ch[c].name = d->choices[c].value;
			ch[c].label = d->choices[c].label;
		}
	}
	a->qs[a->n] = (survey_question){ name, type, ch, d ? (int)d->nchoices : 0, NULL };
	a->vals[a->n] = (survey_value){ name, shown, value };
	a->values[a->n] = value;
	a->n++;
}

static void
answer_set_free(answer_set *a)
{
	for (int i = 0; i < a->n; i++) {
		free((char *)a->qs[i].name);
		free((survey_choice *)a->qs[i].choices);
		free(a->values[i]);
	}
	free(a->qs);
	free(a->vals);
	free(a->values);
	memset(a, 0, sizeof *a);
}

/* The answers to store: the visited fields (all: every field), each shown with its value or not
 * shown; a shown field whose value the model refuses is left out unless all (finish validated
 * first). Names stored before that no field has now (a removed repeat member) are removed. */
static void
collect(surveyrun *r, bool all, answer_set *a)
{
	const fieldset *fs = template_form_fields(r->tf);
	bool *seen = xcalloc(r->nvisited + 1, sizeof *seen);

	for (size_t i = 0; i < fs->n; i++) {
		const char *type = template_form_type(r->tf, i);
		if (!type || strcmp(type, "note") == 0 || fs->fields[i].kind == FIELD_NOTE)
			continue;
		for (size_t inst = 0; inst < formmodel_instances(r->m, i); inst++) {
			char *name = formmodel_draft_name(r->m, i, inst);
			bool shown = formmodel_relevant(r->m, i, inst);
			for (size_t v = 0; v < r->nvisited; v++)
				if (strcmp(r->visited[v], name) == 0)
					seen[v] = true;
			if ((!all && !is_visited_name(r, name)) || (shown && !all && formmodel_error(r->m, i, inst))) {
				free(name);
				continue;
			}
			answer_add(a, name, qtype_of(type), &fs->fields[i], shown, shown ? formmodel_get(r->m, i, inst) : NULL);
		}
	}
	for (size_t v = 0; v < r->nvisited; v++)
		if (!seen[v])
			answer_add(a, xstrdup(r->visited[v]), SURVEY_TEXT, NULL, false, NULL);
	free(seen);
}

/* What a save would store, as one string to compare. */
static char *
signature_of(const answer_set *a)
{
	size_t len = 1;
	char *s, *p;

	for (int i = 0; i < a->n; i++)
		len += strlen(a->vals[i].name) + (a->vals[i].value ? strlen(a->vals[i].value) : 0) + 3;
	p = s = xmalloc(len);
	for (int i = 0; i < a->n; i++)
		p += sprintf(p, "%s\x1f%s%s\x1e", a->vals[i].name, a->vals[i].shown ? "=" : "-",
		    a->vals[i].value ? a->vals[i].value : "");
	*p = '\0';
	return s;
}

static char *
signature(surveyrun *r)
{
	answer_set a = { 0 };
	char *s;

	collect(r, false, &a);
	s = signature_of(&a);
	answer_set_free(&a);
	return s;
}

/* True when a holds an answer given (shown and not blank): what makes a new response a record. */
static bool
has_answer(const answer_set *a)
{
	for (int i = 0; i < a->n; i++)
		if (a->vals[i].shown && a->vals[i].value && !field_text_is_blank(a->vals[i].value))
			return true;
	return false;
}

/* The first answer: the response becomes a draft record, and the field draft is kept under its id. */
static int
create_record(surveyrun *r, sqlite3 *db, char **err)
{
	char *key;

	if (survey_create(db, template_form_id(r->t), template_version(r->t), r->community, r->estate, NULL, r->id, err) != 0)
		return -1;
	r->stored = true;
	key = xasprintf("survey_response:%s", r->id);
	formmodel_draft_set_key(r->m, key);
	free(key);
	return 0;
}

static int
store(surveyrun *r, sqlite3 *db, bool all, char **err)
{
	answer_set a = { 0 };
	char *sig;
	int rc = 0;

	*err = NULL;
	collect(r, all, &a);
	sig = signature_of(&a);
	if (!r->stored && (all || has_answer(&a)))
		rc = create_record(r, db, err);
	if (r->stored && rc == 0 && (!r->last_saved || strcmp(sig, r->last_saved) != 0))
		rc = survey_save_answers(db, r->id, a.qs, a.n, a.vals, a.n, err);
	if (rc == 0) {
		free(r->last_saved);
		r->last_saved = sig;
		for (int i = 0; i < a.n; i++)
			if (a.vals[i].shown)
				add_visited_name(r, a.vals[i].name);
	} else {
		free(sig);
	}
	answer_set_free(&a);
	return rc;
}

int
surveyrun_save(surveyrun *r, sqlite3 *db, char **err)
{
	return store(r, db, false, err);
}

bool
surveyrun_resume_at(const surveyrun *r, size_t *field, size_t *inst)
{
	for (size_t p = 0; p < formmodel_page_count(r->m); p++) {
		formmodel_page pg = formmodel_page_at(r->m, p);
		for (size_t f = pg.first; f < pg.end; f++) {
			if (!formmodel_editable(r->m, f, pg.inst) || surveyrun_visited(r, f, pg.inst))
				continue;
			*field = f;
			*inst = pg.inst;
			return true;
		}
	}
	return false;
}

int
surveyrun_finish(surveyrun *r, sqlite3 *db, size_t *field, size_t *inst, char **err)
{
	*err = NULL;
	if (!formmodel_validate(r->m, field, inst))
		return 1;
	/* finishing a response nothing was answered in still makes it a record: the operator said it is done */
	if (store(r, db, true, err) != 0 || survey_set_complete(db, r->id, true, err) != 0)
		return -1;
	r->complete = true;
	formmodel_draft_clear(r->m, db);
	return 0;
}

int
surveyrun_store_tx(surveyrun *r, sqlite3 *db, char **err)
{
	answer_set a = { 0 };
	int rc;

	collect(r, true, &a);
	rc = survey_save_answers_tx(db, r->id, a.qs, a.n, a.vals, a.n, err);
	answer_set_free(&a);
	return rc;
}

/* ---- a response read back ---------------------------------------------------------------- */

/* *s with sep (when *s is not empty) and add appended (*s fresh, NULL taken as ""). */
static void
text_append(char **s, const char *sep, const char *add)
{
	char *t = xasprintf("%s%s%s", *s ? *s : "", *s && **s ? sep : "", add);

	free(*s);
	*s = t;
}

/* value of field d as the operator reads it: choices by their labels (several joined with the
 * list separator), a blank one as "(blank)" (fresh). */
static char *
answer_text(const field_def *d, const char *value)
{
	char *out = NULL;
	const char *p = value;

	if (!value || field_text_is_blank(value))
		return xstrdup(_("(blank)"));
	if (d->kind == FIELD_CHOICE) {
		const char *l = field_choice_label(d, value);
		return xstrdup(l ? l : value);
	}
	if (d->kind != FIELD_MULTI)
		return xstrdup(value);
	for (size_t c = 0; c < d->nchoices; c++)
		if (field_multi_has(value, d->choices[c].value))
			text_append(&out, _(", "), d->choices[c].label ? d->choices[c].label : d->choices[c].value);
	/* a name the template no longer lists still shows, as stored */
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len) {
			char *name = xstrndup(p, len);
			if (!field_choice_label(d, name))
				text_append(&out, _(", "), name);
			free(name);
		}
		p += len;
		p += strspn(p, " ");
	}
	return out ? out : xstrdup(_("(blank)"));
}

/* The question of field f, instance inst, as the operator reads it: its label with ${name} filled (its name
 * when it has none), a repeat member's prefixed "GROUP N — " (fresh). */
static char *
label_text(surveyrun *r, size_t f, size_t inst)
{
	const fieldset *fs = template_form_fields(r->tf);
	const field_def *d = &fs->fields[f];
	char *label = inst < formmodel_instances(r->m, f) ? template_form_label(r->tf, f, inst) : xstrdup(d->label);
	char *out;

	if (!label || !*label) {
		free(label);
		label = xstrdup(d->name);
	}
	if (!d->group || !fs->groups[d->group - 1].repeat)
		return label;
	/* TRANSLATORS: a repeat member's question: the group's label, the member's number, the question's label. */
	out = xasprintf(_("%s %zu — %s"), fs->groups[d->group - 1].label, inst + 1, label);
	free(label);
	return out;
}

/* One line "LABEL: ANSWER" onto *text. */
static void
add_answer_line(surveyrun *r, char **text, size_t f, size_t inst)
{
	char *label = label_text(r, f, inst);
	char *value = answer_text(&template_form_fields(r->tf)->fields[f], formmodel_raw(r->m, f, inst));
	/* TRANSLATORS: a question's label and its answer. */
	char *line = xasprintf(_("%s: %s"), label, value);

	text_append(text, "\n", line);
	free(line);
	free(value);
	free(label);
}

char *
surveyrun_answers_text(sqlite3 *db, const char *id, const char *lang, char **err)
{
	surveyrun *r = open_response(db, id, lang, false, false, err);
	const fieldset *fs;
	char *text = NULL;

	if (!r)
		return NULL;
	fs = template_form_fields(r->tf);
	for (size_t f = 0; f < fs->n; f++) {
		const char *type = template_form_type(r->tf, f);
		if (!type || strcmp(type, "note") == 0 || strcmp(type, "calculate") == 0 || fs->fields[f].kind == FIELD_NOTE)
			continue;
		/* what is stored is what was shown: a key left out was hidden by skip logic (or never reached) */
		for (size_t inst = 0; inst < formmodel_instances(r->m, f); inst++)
			if (surveyrun_visited(r, f, inst))
				add_answer_line(r, &text, f, inst);
	}
	surveyrun_free(r);
	return text ? text : xstrdup("");
}

surveyrun *
surveyrun_open_stored(sqlite3 *db, const char *id, const char *lang, char **err)
{
	return open_response(db, id, lang, false, false, err);
}

char *
surveyrun_key_label(surveyrun *r, const char *key)
{
	size_t f, inst;
	bool repeat;

	return key_field(r, key, &f, &inst, &repeat) ? label_text(r, f, inst) : xstrdup(key);
}

char *
surveyrun_key_value(surveyrun *r, const char *key, const char *value)
{
	size_t f, inst;
	bool repeat;

	if (!key_field(r, key, &f, &inst, &repeat))
		return xstrdup(value && *value ? value : _("(blank)"));
	return answer_text(&template_form_fields(r->tf)->fields[f], value);
}
