/* doubleentry.c - double entry of paper forms (see doubleentry.h): the keyings and decisions kept
 * as synced records, for any record kind. The comparison and the stop on a difference are the form
 * model's verify mode; this file only says who may verify, and keeps what happened. A keying's
 * values are one JSON object by draft name, written here and read back with SQLite's json_each, so a
 * survey's repeated groups ("members[2].age") need nothing more. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "doubleentry.h"
#include "db.h"
#include "settings.h"
#include "surveyrun.h"
#include "surveyrun.h"
#include "util.h"
#include "i18n.h"

static const char *const state_names[DE_NSTATES] = { "once", "verified", "decided", "edited" };
static const char *const verdict_names[] = { "first", "second", "third" };

/* ---- keyings in memory ------------------------------------------------------------------ */

void
de_keying_init(de_keying *k)
{
	memset(k, 0, sizeof *k);
}

void
de_keying_free(de_keying *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->names[i]);
		free(k->values[i]);
	}
	free(k->names);
	free(k->values);
	de_keying_init(k);
}

void
de_keying_put(de_keying *k, const char *name, const char *value)
{
	for (size_t i = 0; i < k->n; i++) {
		if (strcmp(k->names[i], name) == 0) {
			free(k->values[i]);
			k->values[i] = xstrdup(value ? value : "");
			return;
		}
	}
	k->names = xrealloc(k->names, (k->n + 1) * sizeof *k->names);
	k->values = xrealloc(k->values, (k->n + 1) * sizeof *k->values);
	k->names[k->n] = xstrdup(name);
	k->values[k->n] = xstrdup(value ? value : "");
	k->n++;
}

const char *
de_keying_get(const de_keying *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->names[i], name) == 0)
			return k->values[i];
	return NULL;
}

/* Calls fn for every field instance of m the operator keys (shown and editable). */
static void
each_keyed(const formmodel *m, void (*fn)(const formmodel *m, size_t field, size_t inst, void *ud), void *ud)
{
	const fieldset *fs = formmodel_fields(m);

	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < formmodel_instances(m, i); k++)
			if (formmodel_editable(m, i, k))
				fn(m, i, k, ud);
}

static void
put_answer(const formmodel *m, size_t field, size_t inst, void *ud)
{
	char *name = formmodel_draft_name(m, field, inst), *v = formmodel_get(m, field, inst);

	de_keying_put(ud, name, v);
	free(name);
	free(v);
}

void
de_keying_from_model(const formmodel *m, de_keying *k)
{
	de_keying_init(k);
	each_keyed(m, put_answer, k);
}

/* ---- states and rules ------------------------------------------------------------------- */

const char *
doubleentry_state_name(de_state s)
{
	return state_names[s];
}

const char *
doubleentry_state_label(de_state s)
{
	switch (s) {
	case DE_KEYED_ONCE: return _("Keyed once");
	case DE_VERIFIED: return _("Verified");
	case DE_DECIDED: return _("Differences decided");
	default: return _("Edited after verification");
	}
}

int
doubleentry_state_parse(const char *name)
{
	for (int s = 0; s < DE_NSTATES; s++)
		if (strcmp(name, state_names[s]) == 0)
			return s;
	return -1;
}

void
doubleentry_begin(formmodel *m, const de_keying *first)
{
	formmodel_verify_begin(m, first->n, (const char *const *)first->names, (const char *const *)first->values);
}

char *
doubleentry_operator_check(const char *first, const char *second)
{
	char *a = str_trim_dup(first ? first : ""), *b = str_trim_dup(second ? second : ""), *msg = NULL;

	if (!*b)
		msg = xstrdup(_("No operator is set: choose who is typing with F3 first."));
	else if (strcmp(a, b) == 0)
		/* TRANSLATORS: %s is the operator who keyed the form the first time. */
		msg = xasprintf(_("This form was keyed by %s, who is the current operator. The second keying must be "
		                  "by another operator: press F3 to switch, then verify again."), a);
	free(a);
	free(b);
	return msg;
}

int
doubleentry_state(sqlite3 *db, const char *kind, const char *record_id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT differences FROM entry_keying WHERE record_kind = ?1 AND record_id = ?2"
	    " AND pass = 2 AND deleted = 0 ORDER BY created_at DESC, id DESC LIMIT 1");
	int rc, state = DE_KEYED_ONCE;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		state = sqlite3_column_int(st, 0) > 0 ? DE_DECIDED : DE_VERIFIED;
	else if (rc != SQLITE_DONE)
		state = -1;
	sqlite3_finalize(st);
	return state;
}

/* The values of a keying's JSON object into k. 0 or -1. */
static int
read_values(sqlite3 *db, const char *json, de_keying *k)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT key, value FROM json_each(?1)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		de_keying_put(k, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
doubleentry_load(sqlite3 *db, const char *kind, const char *record_id, int pass, de_keying *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT operator, keyed_values FROM entry_keying WHERE record_kind = ?1"
	    " AND record_id = ?2 AND pass = ?3 AND deleted = 0 AND json_valid(keyed_values) ORDER BY created_at DESC, id DESC LIMIT 1");
	int rc;

	de_keying_init(out);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, pass);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(out->operator_name, sizeof out->operator_name, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = read_values(db, (const char *)sqlite3_column_text(st, 1), out) == 0 ? 0 : -1;
	} else {
		rc = rc == SQLITE_DONE ? 1 : -1;
	}
	sqlite3_finalize(st);
	return rc;
}

int
doubleentry_verified(sqlite3 *db, const char *kind, const char *record_id, de_keying *out)
{
	sqlite3_stmt *st;
	int rc = doubleentry_load(db, kind, record_id, 2, out);

	if (rc != 0)
		return rc;
	/* The newest live decision of each field is the value that went into the record. */
	st = db_prepare(db, "SELECT d.field, d.final_value FROM entry_decision d WHERE d.deleted = 0 AND d.keying_id ="
	    " (SELECT k.id FROM entry_keying k WHERE k.record_kind = ?1 AND k.record_id = ?2 AND k.pass = 2"
	    " AND k.deleted = 0 ORDER BY k.created_at DESC, k.id DESC LIMIT 1) ORDER BY d.created_at, d.id");
	if (!st) {
		de_keying_free(out);
		return -1;
	}
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, record_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		de_keying_put(out, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		de_keying_free(out);
		return -1;
	}
	return 0;
}

int
doubleentry_record_state(sqlite3 *db, const char *kind, const char *record_id)
{
	int state = doubleentry_state(db, kind, record_id), kept_state;
	const char *params[1] = { record_id };
	char *kept = NULL;

	if (state <= DE_KEYED_ONCE)
		return state;
	/* The lists' tables, kept by triggers, say more: a verified record changed since is "edited". */
	if (strcmp(kind, DE_KIND_FEEDBACK) == 0)
		kept = db_query_text(db, "SELECT state FROM feedback_entry_state WHERE proposal_id ="
		    " (SELECT proposal_id FROM feedback WHERE id = ?1) AND feedback_id = ?1", 1, params);
	else if (strcmp(kind, DE_KIND_SURVEY) == 0)
		kept = db_query_text(db, "SELECT state FROM survey_entry_state WHERE response_id = ?1", 1, params);
	kept_state = kept ? doubleentry_state_parse(kept) : -1;
	free(kept);
	return kept_state > DE_KEYED_ONCE ? kept_state : state;
}

char *
doubleentry_can_verify(sqlite3 *db, const char *kind, const char *record_id, const de_keying *first)
{
	int state = doubleentry_record_state(db, kind, record_id);
	char *op, *msg;

	if (state < 0)
		return xstrdup(db_error_text(db));
	/* Keyed once, or edited after verification: a (new) blind keying checks what it holds now. */
	if (state == DE_VERIFIED || state == DE_DECIDED)
		/* TRANSLATORS: %s is the form's double-entry state, e.g. "Verified". */
		return xasprintf(_("This form has been keyed twice already (%s)."), doubleentry_state_label((de_state)state));
	op = settings_get(db, "operator");
	msg = doubleentry_operator_check(first->operator_name, op);
	free(op);
	return msg;
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Append s to the JSON text *out as a string literal. */
static void
json_append_string(char **out, size_t *len, const char *s)
{
	size_t cap = *len + strlen(s) * 6 + 3;
	char *o;

	*out = xrealloc(*out, cap + 1);
	o = *out + *len;
	*o++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			*o++ = '\\';
			*o++ = (char)*p;
		} else if (*p < 0x20) {
			o += sprintf(o, "\\u%04x", *p);
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	*o = '\0';
	*len = (size_t)(o - *out);
}

/* The keying's values as one JSON object (heap). */
static char *
keying_json(const de_keying *k)
{
	char *out = xstrdup("{");
	size_t len = 1;

	for (size_t i = 0; i < k->n; i++) {
		if (i) {
			out = xrealloc(out, len + 2);
			out[len++] = ',';
			out[len] = '\0';
		}
		json_append_string(&out, &len, k->names[i]);
		out = xrealloc(out, len + 2);
		out[len++] = ':';
		out[len] = '\0';
		json_append_string(&out, &len, k->values[i]);
	}
	out = xrealloc(out, len + 2);
	out[len++] = '}';
	out[len] = '\0';
	return out;
}

/* A failed write: *err says what and why; always -1 (the caller rolls back). */
static int
write_failed(sqlite3 *db, int rc, char **err)
{
	const char *why = rc < -1 ? record_error_message(rc) : NULL;

	*err = xasprintf("%s: %s", _("The double entry was not kept"), why ? why : db_error_text(db));
	return -1;
}

/* Step stmt (meta bound at 1..8 from meta, the rest by the caller) and finalize it; 0 or -1. */
static int
step_insert(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;

	sqlite3_finalize(st);
	return rc;
}

/* Insert a keying of kind/record_id (pass 1 stamped with k's operator, pass 2 with the current one); id_out gets its id. */
static int
insert_keying(sqlite3 *db, const char *kind, const char *record_id, int pass, const de_keying *k, int differences,
    char id_out[UUID_TEXT_LEN])
{
	record_meta meta;
	sqlite3_stmt *st;
	char *json;
	int rc = record_meta_new(db, &meta);

	if (rc != 0)
		return rc;
	/* The first keying is kept when it is verified: it is stamped with who keyed it (even nobody, for a
	 * form entered before operators were kept), not with who verifies. */
	if (pass == 1)
		snprintf(meta.operator_name, sizeof meta.operator_name, "%s", k->operator_name);
	st = db_prepare(db, "INSERT INTO entry_keying (" RECORD_META_NAMES ", record_kind, record_id, pass, keyed_values,"
	    " differences) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
	if (!st)
		return -1;
	json = keying_json(k);
	record_bind_meta(st, 1, &meta);
	sqlite3_bind_text(st, 9, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, record_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 11, pass);
	sqlite3_bind_text(st, 12, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 13, differences);
	free(json);
	rc = step_insert(st);
	if (rc == 0)
		memcpy(id_out, meta.id, UUID_TEXT_LEN);
	return rc;
}

/* What the save walks: the pass-2 keying's values and the decisions, and the first write error. */
typedef struct save_walk {
	sqlite3 *db;
	const char *keying_id;   /* NULL while only counting and collecting */
	de_keying second;
	int decided;
	int rc;
} save_walk;

static int
insert_decision(sqlite3 *db, const char *keying_id, const char *field, const char *first, const char *second,
    formmodel_verdict verdict, const char *final)
{
	record_meta meta;
	sqlite3_stmt *st;
	int rc = record_meta_new(db, &meta);

	if (rc != 0)
		return rc;
	st = db_prepare(db, "INSERT INTO entry_decision (" RECORD_META_NAMES ", keying_id, field, first_value,"
	    " second_value, chosen, final_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	if (!st)
		return -1;
	record_bind_meta(st, 1, &meta);
	sqlite3_bind_text(st, 9, keying_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, field, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 12, second, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 13, verdict_names[verdict], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, final, -1, SQLITE_TRANSIENT);
	return step_insert(st);
}

/* One keyed field: its second keying (what was typed, not what was decided) and, once the pass-2
 * keying is written, its decision. */
static void
walk_field(const formmodel *m, size_t field, size_t inst, void *ud)
{
	save_walk *w = ud;
	formmodel_verdict verdict;
	const char *second = NULL;
	char *name = formmodel_draft_name(m, field, inst), *v = formmodel_get(m, field, inst);
	bool decided = formmodel_verify_decision(m, field, inst, &verdict, &second);

	if (!w->keying_id) {
		de_keying_put(&w->second, name, decided ? second : v);
		w->decided += decided;
	} else if (decided && w->rc == 0) {
		w->rc = insert_decision(w->db, w->keying_id, name, formmodel_verify_first(m, field, inst), second, verdict, v);
	}
	free(name);
	free(v);
}

int
doubleentry_save_tx(sqlite3 *db, const char *kind, const char *record_id, const de_keying *first,
    const formmodel *m, int *differences, char **err)
{
	save_walk w = { db, NULL, { "", 0, NULL, NULL }, 0, 0 };
	char id[UUID_TEXT_LEN];
	size_t f, i;
	de_keying stored;
	int rc;
	bool again;

	*err = doubleentry_can_verify(db, kind, record_id, first);
	if (*err)
		return -1;
	/* Verified again after a change: the record as it stands is the new round's first keying. */
	again = doubleentry_record_state(db, kind, record_id) == DE_EDITED;
	if (formmodel_verify_pending(m, &f, &i)) {
		/* TRANSLATORS: %s is the field's label. */
		*err = xasprintf(_("The difference in \"%s\" is not decided yet."), formmodel_fields(m)->fields[f].label);
		return -1;
	}
	rc = doubleentry_load(db, kind, record_id, 1, &stored);
	de_keying_free(&stored);
	if (rc < 0)
		return write_failed(db, -1, err);
	if ((rc == 1 || again) && (rc = insert_keying(db, kind, record_id, 1, first, 0, id)) != 0)
		return write_failed(db, rc, err);
	each_keyed(m, walk_field, &w);
	rc = insert_keying(db, kind, record_id, 2, &w.second, w.decided, id);
	de_keying_free(&w.second);
	if (rc != 0)
		return write_failed(db, rc, err);
	w.keying_id = id;
	each_keyed(m, walk_field, &w);
	if (w.rc != 0)
		return write_failed(db, w.rc, err);
	if (differences)
		*differences = w.decided;
	return 0;
}

/* ---- the feedback form ------------------------------------------------------------------ */

int
doubleentry_feedback_first(sqlite3 *db, const char *proposal_id, feedback *fb, de_keying *first)
{
	fieldset fs;
	int rc = feedback_load_for(db, proposal_id, fb);

	de_keying_init(first);
	if (rc != 0)
		return rc;
	/* Edited after verification: the form as it stands now is the next round's first keying, by
	 * whoever changed it last; else the stored first keying, when it was verified before. */
	if (doubleentry_record_state(db, DE_KIND_FEEDBACK, fb->meta.id) != DE_EDITED) {
		rc = doubleentry_load(db, DE_KIND_FEEDBACK, fb->meta.id, 1, first);
		if (rc <= 0)
			return rc;
	}
	/* Not verified before: the form as entered is the first keying, by whoever entered it. */
	fs = feedback_fieldset();
	for (size_t i = 0; i < fs.n && i < FEEDBACK_NFIELDS; i++)
		de_keying_put(first, fs.fields[i].name, fb->v[i]);
	snprintf(first->operator_name, sizeof first->operator_name, "%s", fb->meta.operator_name);
	fieldset_free(&fs);
	return 0;
}

/* The feedback form with the model's values, as a new version of fb; true when a value changed. */
static bool
verified_form(const feedback *fb, const formmodel *m, feedback *out)
{
	bool changed = false;

	feedback_init(out);
	out->meta = fb->meta;
	memcpy(out->proposal_id, fb->proposal_id, sizeof out->proposal_id);
	for (int i = 0; i < FEEDBACK_NFIELDS; i++) {
		char *v = formmodel_get(m, (size_t)i, 0);
		changed |= strcmp(v, fb->v[i]) != 0;
		feedback_set(out, (feedback_field)i, v);
		free(v);
	}
	return changed;
}

int
doubleentry_feedback_save(sqlite3 *db, feedback *fb, const de_keying *first, const formmodel *m,
    int *differences, char **err)
{
	feedback nfb;
	bool changed = verified_form(fb, m, &nfb);
	int rc;

	*err = NULL;
	if (db_begin(db) != 0) {
		feedback_free(&nfb);
		return write_failed(db, -1, err);
	}
	rc = doubleentry_save_tx(db, DE_KIND_FEEDBACK, fb->meta.id, first, m, differences, err);
	/* The verified answers are what the feedback record holds from now on. */
	if (rc == 0 && changed)
		rc = feedback_enter_tx(db, &nfb, err);
	if (rc == 0 && db_commit(db) != 0)
		rc = write_failed(db, -1, err);
	if (rc != 0) {
		db_rollback(db);
		feedback_free(&nfb);
		return -1;
	}
	if (changed) {
		feedback_free(fb);
		*fb = nfb;
	} else {
		feedback_free(&nfb);
	}
	return 0;
}

int
doubleentry_feedback_state(sqlite3 *db, const char *proposal_id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT state FROM feedback_entry_state WHERE proposal_id = ?1");
	int rc, state = -2;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, proposal_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		state = doubleentry_state_parse((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		state = -1;
	sqlite3_finalize(st);
	return state;
}

/* Every page, filtered by state or not, is a range of one of feedback_entry_state's indexes on
 * (state, column, proposal_id) or (column, proposal_id) (see migrate.c). */
static const page_column list_cols[DE_NCOLS] = {
	[DE_COL_NUMBER] = { "number", false, true },
	[DE_COL_TITLE] = { "title", false, true },
	[DE_COL_PROPOSER] = { "proposer", false, true },
	[DE_COL_FIRST] = { "first_op", false, false },
	[DE_COL_SECOND] = { "second_op", false, false },
	[DE_COL_STATE] = { "state", false, false },
};
static const page_cond list_conds[] = { { "state", "state = :state" } };
static const page_query list_query = {
	.from = "feedback_entry_state",
	.id_expr = "proposal_id",
	.search_expr = "number || ' ' || title || ' ' || proposer",
	.cols = list_cols,
	.ncols = DE_NCOLS,
	.conds = list_conds,
	.nconds = 1,
};

const page_query *
doubleentry_feedback_list(void)
{
	return &list_query;
}

/* ---- the survey response ---------------------------------------------------------------- */

int
doubleentry_survey_first(sqlite3 *db, const char *response_id, const char *lang, de_keying *first, char **err)
{
	const char *params[1] = { response_id };
	char *op, *status;
	surveyrun *r;
	int rc;

	*err = NULL;
	de_keying_init(first);
	status = db_query_text(db, "SELECT status FROM survey_response WHERE id = ?1 AND deleted = 0", 1, params);
	rc = status && strcmp(status, "complete") == 0 ? 0 : 1;
	free(status);
	if (rc != 0)
		return 1;
	/* Edited after verification: the answers as they stand now are the next round's first keying. */
	if (doubleentry_record_state(db, DE_KIND_SURVEY, response_id) != DE_EDITED) {
		rc = doubleentry_load(db, DE_KIND_SURVEY, response_id, 1, first);
		if (rc <= 0) {
			if (rc < 0)
				*err = xstrdup(db_error_text(db));
			return rc;
		}
	}
	/* Not verified before (or changed since): the answers as stored are the first keying, by whoever last wrote them. */
	if (!(r = surveyrun_open(db, response_id, lang, err)))
		return -1;
	de_keying_from_model(surveyrun_model(r), first);
	surveyrun_free(r);
	op = db_query_text(db, "SELECT operator FROM survey_response WHERE id = ?1", 1, params);
	snprintf(first->operator_name, sizeof first->operator_name, "%s", op ? op : "");
	free(op);
	return 0;
}

size_t
doubleentry_unkeyed(const de_keying *first, const formmodel *m, const char **example)
{
	const fieldset *fs = formmodel_fields(m);
	de_keying names;
	size_t n = 0;

	/* Every name the model has, shown or not: a hidden one was hidden by a decided answer. */
	de_keying_init(&names);
	for (size_t i = 0; i < fs->n; i++)
		for (size_t k = 0; k < formmodel_instances(m, i); k++) {
			char *name = formmodel_draft_name(m, i, k);
			de_keying_put(&names, name, "");
			free(name);
		}
	*example = NULL;
	for (size_t i = 0; i < first->n; i++) {
		if (!*first->values[i] || de_keying_get(&names, first->names[i]))
			continue;
		if (!n++)
			*example = first->names[i];
	}
	de_keying_free(&names);
	return n;
}

int
doubleentry_survey_save(sqlite3 *db, surveyrun *r, const de_keying *first, int *differences, char **err)
{
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return write_failed(db, -1, err);
	rc = doubleentry_save_tx(db, DE_KIND_SURVEY, surveyrun_id(r), first, surveyrun_model(r), differences, err);
	/* The verified answers are the response's from now on, in the same transaction as the keyings. */
	if (rc == 0)
		rc = surveyrun_store_tx(r, db, err);
	if (rc == 0 && db_commit(db) != 0)
		rc = write_failed(db, -1, err);
	if (rc != 0)
		db_rollback(db);
	return rc;
}

/* Every page, filtered by state or not, is a range of survey_entry_state's index on (state,
 * surveyed_on, response_id) or (surveyed_on, response_id) (see migrate.c). */
static const page_column survey_cols[DE_NCOLS] = {
	[DE_SCOL_DATE] = { "surveyed_on", false, true },
	[DE_SCOL_COMMUNITY] = { "coalesce((SELECT name FROM community WHERE community.id = survey_entry_state.community),"
	    " community)", false, false },
	[DE_SCOL_ESTATE] = { "estate", false, false },
	[DE_COL_FIRST] = { "first_op", false, false },
	[DE_COL_SECOND] = { "second_op", false, false },
	[DE_COL_STATE] = { "state", false, false },
};
static const page_query survey_query = {
	.from = "survey_entry_state",
	.id_expr = "response_id",
	.search_expr = "surveyed_on || ' ' || estate || ' ' || first_op || ' ' || second_op",
	.cols = survey_cols,
	.ncols = DE_NCOLS,
	.conds = list_conds,
	.nconds = 1,
};

const page_query *
doubleentry_survey_list(void)
{
	return &survey_query;
}
