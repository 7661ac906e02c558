/* survey.c - survey response records. The answers live in survey_response.answers, a JSON object
 * (the synced truth): a key per question that was shown, "" or [] when it was left blank, numbers as
 * JSON numbers, select_multiple as arrays of choice names. Each save is one transaction and one new
 * record version through record_write_update, so sync carries half-done responses too; the local
 * answer table the results read follows by triggers (migration_survey). */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "survey.h"
#include "db.h"
#include "migrate.h"
#include "record.h"
#include "util.h"
#include "i18n.h"

static const char *const type_names[] = {
	[SURVEY_SELECT_ONE] = "select_one", [SURVEY_SELECT_MULTIPLE] = "select_multiple",
	[SURVEY_INTEGER] = "integer", [SURVEY_DECIMAL] = "decimal", [SURVEY_TEXT] = "text", [SURVEY_DATE] = "date",
};

bool
survey_qtype_parse(const char *text, survey_qtype *t)
{
	for (size_t i = 0; text && i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(text, type_names[i]) == 0) {
			*t = (survey_qtype)i;
			return true;
		}
	return false;
}

const survey_question *
survey_question_find(const survey_question *qs, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(qs[i].name, name) == 0)
			return &qs[i];
	return NULL;
}

typedef struct response_rec {
	const char *template_id, *version, *community, *estate, *surveyed_on;
} response_rec;

static int
bind_response(sqlite3_stmt *st, int first, const void *p)
{
	const response_rec *r = p;
	const char *v[5] = { r->template_id, r->version, r->community, r->estate ? r->estate : "", r->surveyed_on };
	int rc = SQLITE_OK;

	for (int i = 0; i < 5 && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(st, first + i, v[i], -1, SQLITE_TRANSIENT);
	return rc;
}

static bool
valid_date(const char *s)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int
survey_create(sqlite3 *db, const char *template_id, const char *version, const char *community,
    const char *estate, const char *surveyed_on, char id_out[UUID_TEXT_LEN], char **err)
{
	char today[11];
	response_rec r = { template_id, version, community, estate, surveyed_on };
	int rc;

	*err = NULL;
	if (str_is_blank(template_id) || !version || str_is_blank(community)) {
		*err = xstrdup(_("a survey response needs a template, its version and a community"));
		return -1;
	}
	if (!surveyed_on || !*surveyed_on) {
		util_today(today);
		r.surveyed_on = today;
	} else if (!valid_date(surveyed_on)) {
		*err = xasprintf(_("not a date (YYYY-MM-DD): %s"), surveyed_on);
		return -1;
	}
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, _("cannot save the survey response"), err);
	rc = record_write_insert(db, db_prepare(db, "INSERT INTO survey_response (" RECORD_META_NAMES ","
	    " template, template_version, community, estate, surveyed_on, answers, status)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, '{}', 'draft')"),
	    bind_response, &r, id_out);
	if (rc != 0 || db_commit(db) != 0)
		return record_write_failed(db, rc, _("cannot save the survey response"), err);
	return 0;
}

/* s as a JSON string literal (heap). */
static char *
json_quote(const char *s)
{
	size_t len = strlen(s), n = 0;
	char *out = xmalloc(len * 6 + 3);

	out[n++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			out[n++] = '\\';
			out[n++] = (char)*p;
		} else if (*p == '\n' || *p == '\t' || *p == '\r') {
			out[n++] = '\\';
			out[n++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'r';
		} else if (*p < 0x20) {
			n += (size_t)sprintf(out + n, "\\u%04x", *p);
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n++] = '"';
	out[n] = '\0';
	return out;
}

static bool
has_choice(const survey_question *q, const char *name, size_t len)
{
	if (q->n_choices == 0)
		return true;	/* the caller gave no list to check against */
	for (int i = 0; i < q->n_choices; i++)
		if (strlen(q->choices[i].name) == len && memcmp(q->choices[i].name, name, len) == 0)
			return true;
	return false;
}

/* Whether the token at start (len bytes) occurs as a whole token in value before start. */
static bool
seen_before(const char *value, const char *start, size_t len)
{
	for (const char *p = value; p < start;) {
		const char *t;

		while (p < start && isspace((unsigned char)*p))
			p++;
		t = p;
		while (p < start && !isspace((unsigned char)*p))
			p++;
		if ((size_t)(p - t) == len && memcmp(t, start, len) == 0)
			return true;
	}
	return false;
}

/* The choice names of a select_multiple value as a JSON array (heap), each once, in the order given;
 * NULL with *err when one is not a choice of q. */
static char *
multi_json(const survey_question *q, const char *value, char **err)
{
	size_t cap = strlen(value) * 8 + 3, n = 0;
	char *out = xmalloc(cap);
	const char *p = value;

	out[n++] = '[';
	while (*p) {
		const char *start;
		size_t len;

		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		len = (size_t)(p - start);
		if (!has_choice(q, start, len)) {
			*err = xasprintf(_("%s: '%.*s' is not one of its choices"), q->name, (int)len, start);
			free(out);
			return NULL;
		}
		if (!seen_before(value, start, len)) {
			char *name = xstrndup(start, len), *quoted = json_quote(name);
			size_t ql = strlen(quoted);

			if (n > 1)
				out[n++] = ',';
			memcpy(out + n, quoted, ql);
			n += ql;
			free(quoted);
			free(name);
		}
	}
	out[n++] = ']';
	out[n] = '\0';
	return out;
}

/* The JSON text of value as an answer to q (heap), or NULL with *err when it does not fit q. */
static char *
answer_json(const survey_question *q, const char *value, char **err)
{
	char *end;

	if (q->type == SURVEY_SELECT_MULTIPLE)
		return multi_json(q, value ? value : "", err);
	if (!value || str_is_blank(value))
		return xstrdup("\"\"");
	switch (q->type) {
	case SURVEY_INTEGER: {
		long long v;
		errno = 0;
		v = strtoll(value, &end, 10);
		if (errno || end == value || !str_is_blank(end)) {
			*err = xasprintf(_("%s: not a whole number: %s"), q->name, value);
			return NULL;
		}
		return xasprintf("%lld", v);
	}
	case SURVEY_DECIMAL: {
		double v;
		errno = 0;
		v = strtod(value, &end);
		if (errno || end == value || !str_is_blank(end) || !isfinite(v)) {
			*err = xasprintf(_("%s: not a number: %s"), q->name, value);
			return NULL;
		}
		return xasprintf("%.15g", v);
	}
	case SURVEY_DATE:
		if (!valid_date(value)) {
			*err = xasprintf(_("%s: not a date (YYYY-MM-DD): %s"), q->name, value);
			return NULL;
		}
		return json_quote(value);
	case SURVEY_SELECT_ONE:
		if (!has_choice(q, value, strlen(value))) {
			*err = xasprintf(_("%s: '%s' is not one of its choices"), q->name, value);
			return NULL;
		}
		return json_quote(value);
	default:
		return json_quote(value);
	}
}

/* Apply vals to the JSON object *answers (replaced, heap): set or remove each key. */
static int
apply_values(sqlite3 *db, char **answers, const survey_question *qs, int nq, const survey_value *vals, int nv,
    char **err)
{
	sqlite3_stmt *set = db_prepare(db, "SELECT json_set(?1, ?2, json(?3))");
	sqlite3_stmt *rm = db_prepare(db, "SELECT json_remove(?1, ?2)");
	int rc = 0;

	if (!set || !rm)
		rc = -1;
	for (int i = 0; rc == 0 && i < nv; i++) {
		const survey_question *q = survey_question_find(qs, nq, vals[i].name);
		char *json = NULL, *path;
		sqlite3_stmt *st = vals[i].shown ? set : rm;

		if (!q || strchr(vals[i].name, '"')) {
			*err = xasprintf(_("no question called %s"), vals[i].name ? vals[i].name : "");
			rc = -1;
			break;
		}
		if (vals[i].shown && !(json = answer_json(q, vals[i].value, err))) {
			rc = -1;
			break;
		}
		path = xasprintf("$.\"%s\"", q->name);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, *answers, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, path, -1, SQLITE_TRANSIENT);
		if (json)
			sqlite3_bind_text(st, 3, json, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
			free(*answers);
			*answers = xstrdup((const char *)sqlite3_column_text(st, 0));
		} else {
			*err = xasprintf(_("cannot save the answers: %s"), sqlite3_errmsg(db));
			rc = -1;
		}
		free(path);
		free(json);
	}
	sqlite3_finalize(set);
	sqlite3_finalize(rm);
	return rc;
}

static int
bind_text1(sqlite3_stmt *st, int first, const void *p)
{
	return sqlite3_bind_text(st, first, p, -1, SQLITE_TRANSIENT);
}

int
survey_save_answers_tx(sqlite3 *db, const char *id, const survey_question *qs, int nq, const survey_value *vals,
    int nv, char **err)
{
	const char *p[1] = { id };
	char *answers;
	int rc;

	*err = NULL;
	answers = db_query_text(db, "SELECT answers FROM survey_response WHERE id = ?1 AND deleted = 0", 1, p);
	if (!answers) {
		*err = xasprintf(_("no survey response %s"), id);
		return -1;
	}
	if (apply_values(db, &answers, qs, nq, vals, nv, err) != 0) {
		free(answers);
		return -1;
	}
	rc = record_write_update(db, db_prepare(db, "UPDATE survey_response SET answers = ?1, updated_at = ?2,"
	    " base = hlc, hlc = ?3, operator = ?4, origin = ?5 WHERE id = ?6 AND deleted = 0"), bind_text1, answers, 2,
	    id);
	free(answers);
	if (rc != 0) {
		const char *why = record_error_message(rc);
		*err = xasprintf("%s: %s", _("cannot save the answers"), why ? why : db_error_text(db));
		return -1;
	}
	return 0;
}

typedef struct save_args {
	const char *id;
	const survey_question *qs;
	const survey_value *vals;
	int nq, nv;
} save_args;

static int
save_in_tx(sqlite3 *db, void *ud, char **err)
{
	const save_args *a = ud;

	return survey_save_answers_tx(db, a->id, a->qs, a->nq, a->vals, a->nv, err);
}

int
survey_save_answers(sqlite3 *db, const char *id, const survey_question *qs, int nq, const survey_value *vals,
    int nv, char **err)
{
	save_args a = { id, qs, vals, nq, nv };

	*err = NULL;
	return record_in_transaction(db, save_in_tx, &a, _("cannot save the answers"), err);
}

int
survey_set_complete(sqlite3 *db, const char *id, bool complete, char **err)
{
	const char *p[1] = { id };
	const char *status = complete ? "complete" : "draft";
	char *now;
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, _("cannot save the survey response"), err);
	now = db_query_text(db, "SELECT status FROM survey_response WHERE id = ?1 AND deleted = 0", 1, p);
	if (!now) {
		db_rollback(db);
		*err = xasprintf(_("no survey response %s"), id);
		return -1;
	}
	if (strcmp(now, status) == 0) {
		free(now);
		db_rollback(db);
		return 0;
	}
	free(now);
	rc = record_write_update(db, db_prepare(db, "UPDATE survey_response SET status = ?1, updated_at = ?2,"
	    " base = hlc, hlc = ?3, operator = ?4, origin = ?5 WHERE id = ?6 AND deleted = 0"), bind_text1, status, 2,
	    id);
	if (rc != 0 || db_commit(db) != 0)
		return record_write_failed(db, rc, _("cannot save the survey response"), err);
	return 0;
}

static void
copy_col(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	snprintf(out, size, "%s", s ? s : "");
}

int
survey_get(sqlite3 *db, const char *id, survey_response_info *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, template, template_version, community, estate, surveyed_on,"
	    " status, deleted, answers FROM survey_response WHERE id = ?1");
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_col(st, 0, out->id, sizeof out->id);
		copy_col(st, 1, out->template_id, sizeof out->template_id);
		copy_col(st, 2, out->version, sizeof out->version);
		copy_col(st, 3, out->community, sizeof out->community);
		copy_col(st, 4, out->estate, sizeof out->estate);
		copy_col(st, 5, out->surveyed_on, sizeof out->surveyed_on);
		out->complete = strcmp((const char *)sqlite3_column_text(st, 6), "complete") == 0;
		out->deleted = sqlite3_column_int(st, 7) != 0;
		out->answers = xstrdup((const char *)sqlite3_column_text(st, 8));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : -1;
	}
	sqlite3_finalize(st);
	return rc;
}

void
survey_response_info_free(survey_response_info *info)
{
	free(info->answers);
	info->answers = NULL;
}

int
survey_answer_rebuild(sqlite3 *db, char **err)
{
	char *e = NULL;

	*err = NULL;
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, _("cannot rebuild the survey answer index"), err);
	if (sqlite3_exec(db, "DELETE FROM survey_answer; DELETE FROM survey_answer_key;", NULL, NULL, &e) != SQLITE_OK ||
	    sqlite3_exec(db, migrate_survey_answer_fill_sql(), NULL, NULL, &e) != SQLITE_OK) {
		*err = xasprintf("%s: %s", _("cannot rebuild the survey answer index"), e ? e : "?");
		sqlite3_free(e);
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0)
		return record_write_failed(db, -1, _("cannot rebuild the survey answer index"), err);
	return 0;
}
