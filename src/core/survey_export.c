/* survey_export.c - responses to a spreadsheet, one row each, streamed: one statement steps through
 * survey_response in rowid order and each row's answers JSON is read by a small scanner here (a
 * flat object of strings, numbers and arrays, as survey.c writes), because calling json_each per row
 * costs several times the whole export. Also the question list read from the stored answers, used
 * until templates are stored. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "survey.h"
#include "db.h"
#include "template.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* ---- the question list from the answers ------------------------------------------------- */

/* Distinct values of part of question qid, ascending, at most max (an index seek each). */
#define DISTINCT_SQL \
	"WITH RECURSIVE d(v) AS (SELECT min(value) FROM survey_answer WHERE qid = ?1 AND part = ?2" \
	" UNION ALL SELECT (SELECT min(value) FROM survey_answer WHERE qid = ?1 AND part = ?2 AND value > d.v)" \
	" FROM d WHERE d.v IS NOT NULL) SELECT v FROM d WHERE v IS NOT NULL AND v <> '' LIMIT ?3"

static survey_question *
add_question(survey_question **qs, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*qs)[i].name, name) == 0)
			return &(*qs)[i];
	*qs = xrealloc(*qs, (size_t)(*n + 1) * sizeof **qs);
	memset(&(*qs)[*n], 0, sizeof **qs);
	(*qs)[*n].name = xstrdup(name);
	(*qs)[*n].type = SURVEY_TEXT;
	return &(*qs)[(*n)++];
}

static void
add_choice(survey_question *q, const char *name)
{
	survey_choice *c = (survey_choice *)q->choices;

	for (int i = 0; i < q->n_choices; i++)
		if (strcmp(c[i].name, name) == 0)
			return;
	c = xrealloc(c, (size_t)(q->n_choices + 1) * sizeof *c);
	c[q->n_choices].name = xstrdup(name);
	c[q->n_choices].label = NULL;
	q->choices = c;
	q->n_choices++;
}

/* Type and choices of q from its rows in survey_answer (all qids of its name). */
static int
classify(sqlite3 *db, sqlite3_stmt *distinct, long long qid, survey_question *q)
{
	int rc, k = 0;

	/* part 1 rows: a select_multiple, its choices */
	sqlite3_bind_int64(distinct, 1, qid);
	sqlite3_bind_int(distinct, 2, 1);
	sqlite3_bind_int(distinct, 3, 1000);
	while ((rc = sqlite3_step(distinct)) == SQLITE_ROW) {
		q->type = SURVEY_SELECT_MULTIPLE;
		add_choice(q, (const char *)sqlite3_column_text(distinct, 0));
	}
	sqlite3_reset(distinct);
	if (rc != SQLITE_DONE || q->type == SURVEY_SELECT_MULTIPLE)
		return rc == SQLITE_DONE ? 0 : -1;
	/* numbers sort before text, so the smallest value says whether there are numbers */
	sqlite3_bind_int(distinct, 2, 0);
	sqlite3_bind_int(distinct, 3, 21);
	while ((rc = sqlite3_step(distinct)) == SQLITE_ROW) {
		if (k++ == 0 && sqlite3_column_type(distinct, 0) != SQLITE_TEXT) {
			q->type = SURVEY_DECIMAL;
			break;
		}
		q->type = SURVEY_SELECT_ONE;
		add_choice(q, (const char *)sqlite3_column_text(distinct, 0));
	}
	sqlite3_reset(distinct);
	if (q->type == SURVEY_SELECT_ONE && k > 20) {
		/* too many distinct texts for a choice list: free text */
		for (int i = 0; i < q->n_choices; i++)
			free((char *)q->choices[i].name);
		free((void *)q->choices);
		q->choices = NULL;
		q->n_choices = 0;
		q->type = SURVEY_TEXT;
	}
	(void)db;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Keys of drafts (the derived table holds complete responses only); drafts are few. */
static int
draft_keys(sqlite3 *db, const char *template_id, const char *version, survey_question **qs, int *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT DISTINCT j.key, j.type = 'array' FROM survey_response r,"
	    " json_each(r.answers) j WHERE r.deleted = 0 AND r.status = 'draft' AND r.template = ?1"
	    " AND (?2 IS NULL OR r.template_version = ?2) AND json_valid(r.answers)");
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		survey_question *q = add_question(qs, n, (const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_int(st, 1) && q->type != SURVEY_SELECT_MULTIPLE && q->n_choices == 0)
			q->type = SURVEY_SELECT_MULTIPLE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
survey_questions_from_answers(sqlite3 *db, const char *template_id, const char *version, survey_question **out,
    int *n, char **err)
{
	sqlite3_stmt *keys = db_prepare(db, "SELECT qid, name FROM survey_answer_key WHERE template = ?1"
	    " AND (?2 IS NULL OR version = ?2) ORDER BY qid");
	sqlite3_stmt *distinct = db_prepare(db, DISTINCT_SQL);
	int rc = -1;

	*out = NULL;
	*n = 0;
	*err = NULL;
	if (keys && distinct) {
		sqlite3_bind_text(keys, 1, template_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(keys, 2, version, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(keys)) == SQLITE_ROW) {
			survey_question *q = add_question(out, n, (const char *)sqlite3_column_text(keys, 1));
			if (classify(db, distinct, sqlite3_column_int64(keys, 0), q) != 0)
				break;
		}
		rc = rc == SQLITE_DONE ? draft_keys(db, template_id, version, out, n) : -1;
	}
	if (rc != 0) {
		*err = xasprintf(_("cannot read the survey answers: %s"), sqlite3_errmsg(db));
		survey_questions_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	sqlite3_finalize(keys);
	sqlite3_finalize(distinct);
	return rc;
}

void
survey_questions_free(survey_question *qs, int n)
{
	for (int i = 0; qs && i < n; i++) {
		for (int k = 0; k < qs[i].n_choices; k++) {
			free((char *)qs[i].choices[k].name);
			free((char *)qs[i].choices[k].label);
		}
		free((char *)qs[i].circle);
		free((void *)qs[i].choices);
		free((char *)qs[i].name);
	}
	free(qs);
}

/* ---- the JSON scanner ---------------------------------------------------------------------- */

typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static void
buf_add(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static unsigned
hex4(const char *p)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
		    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0);
	}
	return v;
}

/* The end of the run of plain string bytes at p: the first '"', '\\' or NUL. */
static const char *
plain_end(const char *p)
{
	while (*p && *p != '"' && *p != '\\')
		p++;
	return p;
}

/* The JSON string at p (after its opening quote) unescaped onto b; returns the end (after the
 * closing quote), or NULL when it is broken. */
static const char *
scan_string(const char *p, buf *b)
{
	for (;;) {
		const char *q = plain_end(p);
		buf_add(b, p, (size_t)(q - p));
		if (*q == '"')
			return q + 1;
		if (*q != '\\' || !q[1])
			return NULL;
		p = q + 2;
		switch (q[1]) {
		case 'n': buf_add(b, "\n", 1); break;
		case 't': buf_add(b, "\t", 1); break;
		case 'r': buf_add(b, "\r", 1); break;
		case 'b': buf_add(b, "\b", 1); break;
		case 'f': buf_add(b, "\f", 1); break;
		case 'u': {
			char out[4];
			unsigned cp;
			size_t len;
			if (strnlen(p, 4) < 4)
				return NULL;
			cp = hex4(p);
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[0] == '\\' && p[1] == 'u' && strnlen(p + 2, 4) == 4) {
				unsigned lo = hex4(p + 2);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
					p += 6;
				}
			}
			len = utf8_encode_char((wchar_t)cp, out);
			buf_add(b, out, len);
			break;
		}
		default: buf_add(b, q + 1, 1); break;
		}
	}
}

/* Skip one JSON value of any kind; the end, or NULL when broken. */
static const char *
skip_value(const char *p)
{
	int depth = 0;

	do {
		p = skip_ws(p);
		if (*p == '"') {
			p++;
			while (*p && *p != '"')
				p += *p == '\\' && p[1] ? 2 : 1;
			if (!*p)
				return NULL;
			p++;
		} else if (*p == '[' || *p == '{') {
			depth++;
			p++;
			continue;
		} else if (*p == ']' || *p == '}') {
			depth--;
			p++;
		} else if (*p == ',' || *p == ':') {
			p++;
			continue;
		} else if (*p) {
			while (*p && !strchr(",]} \t\r\n", *p))
				p++;
		} else {
			return NULL;
		}
	} while (depth > 0);
	return p;
}

/* ---- the export ---------------------------------------------------------------------------- */

typedef struct col_state {
	bool shown;
	size_t off, len;	/* the cell text in the row buffer */
	unsigned char *chosen;	/* select_multiple: a flag per choice */
	int next;		/* the column whose key followed this one's in the last row (-1: none) */
} col_state;

typedef struct community_name {
	char *id, *name;
} community_name;

typedef struct export_ctx {
	const survey_question *qs;
	int nq;
	int first;		/* the column of the last row's first key (-1: none) */
	community_name *comms;	/* every community's name by id, sorted by id */
	int ncomms;
	int *order;		/* question indexes sorted by name, for the key lookup */
	size_t *name_len;	/* strlen of each question's name */
	col_state *cols;
	buf row;
} export_ctx;

static const survey_question *sort_qs;

static int
order_cmp(const void *a, const void *b)
{
	return strcmp(sort_qs[*(const int *)a].name, sort_qs[*(const int *)b].name);
}

/* Whether the key of n bytes at k is question i's name. */
static bool
is_name(const export_ctx *x, int i, const char *k, size_t n)
{
	return x->name_len[i] == n && memcmp(x->qs[i].name, k, n) == 0;
}

/* The column of the key of n bytes at k, or -1; guess first (the keys of a million responses come
 * in the same order, so the column after the last key's is nearly always right). */
static int
find_col(const export_ctx *x, const char *k, size_t n, int guess)
{
	int lo = 0, hi = x->nq - 1;

	if (guess >= 0 && is_name(x, guess, k, n))
		return guess;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, i = x->order[mid];
		int c = strncmp(x->qs[i].name, k, n);
		if (c == 0 && x->name_len[i] > n)
			c = 1;
		if (c == 0)
			return i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void
mark_choice(const survey_question *q, col_state *c, const char *name, size_t n)
{
	for (int i = 0; i < q->n_choices; i++)
		if (strncmp(q->choices[i].name, name, n) == 0 && q->choices[i].name[n] == '\0') {
			c->chosen[i] = 1;
			return;
		}
}

/* An array value: its names joined by spaces as the cell, each choice flagged. */
static const char *
scan_array(export_ctx *x, int col, const char *p)
{
	col_state *c = col >= 0 ? &x->cols[col] : NULL;
	bool first = true;

	p = skip_ws(p + 1);
	while (p && *p != ']') {
		size_t start = x->row.len;
		if (*p == '"') {
			if (!first)
				buf_add(&x->row, " ", 1);
			start = x->row.len;
			if (!(p = scan_string(p + 1, &x->row)))
				return NULL;
			if (c && c->chosen)
				mark_choice(&x->qs[col], c, x->row.s + start, x->row.len - start);
			first = false;
		} else if (!(p = skip_value(p))) {
			return NULL;
		}
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
		else if (*p != ']')
			return NULL;
	}
	return p ? p + 1 : NULL;
}

/* One key's value into its column (a key of no column is skipped). */
static const char *
scan_member(export_ctx *x, int col, const char *p)
{
	size_t start;

	start = x->row.len;
	if (col >= 0) {
		x->cols[col].shown = true;
		x->cols[col].off = start;
	}
	if (*p == '"')
		p = scan_string(p + 1, &x->row);
	else if (*p == '[')
		p = scan_array(x, col, p);
	else if (*p == '{' || strncmp(p, "null", 4) == 0)
		p = skip_value(p);
	else {
		const char *e = skip_value(p);
		if (e)
			buf_add(&x->row, p, (size_t)(e - p));
		p = e;
	}
	if (col >= 0)
		x->cols[col].len = x->row.len - start;
	buf_add(&x->row, "", 0);
	x->row.len++;		/* keep the NUL: cells are strings in one buffer */
	return p;
}

/* Read one answers object into x->cols; false when it is not a JSON object. */
static bool
scan_answers(export_ctx *x, const char *json, buf *key)
{
	const char *p = skip_ws(json ? json : "");
	int prev = -1;

	if (*p != '{')
		return false;
	p = skip_ws(p + 1);
	while (*p == '"') {
		const char *k = p + 1, *e = plain_end(k);
		int col;
		if (*e == '"') {	/* a plain key, compared where it is */
			col = find_col(x, k, (size_t)(e - k), prev >= 0 ? x->cols[prev].next : x->first);
			p = e + 1;
		} else {
			key->len = 0;
			if (!(p = scan_string(k, key)))
				return false;
			col = find_col(x, key->s ? key->s : "", key->len, -1);
		}
		if (prev >= 0 && col >= 0)
			x->cols[prev].next = col;
		else if (prev < 0 && col >= 0)
			x->first = col;
		prev = col >= 0 ? col : prev;
		p = skip_ws(p);
		if (*p != ':')
			return false;
		if (!(p = scan_member(x, col, skip_ws(p + 1))))
			return false;
		p = skip_ws(p);
		if (*p == ',')
			p = skip_ws(p + 1);
	}
	return *p == '}';
}

static int
header(sheetout *so, const survey_question *qs, int nq)
{
	static const char *const fixed[] = { "id", "template", "version", "community", "estate", "surveyed_on",
	    "status", "operator" };
	size_t n = 0, cap = 8;
	char **cells;
	int rc;

	for (int i = 0; i < nq; i++)
		cap += 1 + (size_t)(qs[i].type == SURVEY_SELECT_MULTIPLE ? qs[i].n_choices : 0);
	cells = xcalloc(cap, sizeof *cells);
	for (size_t i = 0; i < 8; i++)
		cells[n++] = xstrdup(fixed[i]);
	for (int i = 0; i < nq; i++) {
		cells[n++] = xstrdup(qs[i].name);
		for (int k = 0; qs[i].type == SURVEY_SELECT_MULTIPLE && k < qs[i].n_choices; k++)
			cells[n++] = xasprintf("%s/%s", qs[i].name, qs[i].choices[k].name);
	}
	/* sheetout_header: bold and frozen in .xlsx, and repeated on a continuation sheet */
	rc = sheetout_header(so, (const char *const *)cells, n);
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
	return rc;
}

/* Every community's name, once: a lookup per row in C instead of a join per row in SQL (a tenth of
 * the export's instructions); a district has hundreds of communities, not millions. */
static int
communities_load(sqlite3 *db, export_ctx *x)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, name FROM community WHERE name IS NOT NULL ORDER BY id");
	int rc, cap = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (x->ncomms == cap) {
			cap = cap * 2 + 16;
			x->comms = xrealloc(x->comms, (size_t)cap * sizeof *x->comms);
		}
		x->comms[x->ncomms].id = xstrdup((const char *)sqlite3_column_text(st, 0));
		x->comms[x->ncomms++].name = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The community's name, else the id as stored (as coalesce(c.name, r.community) of a join). */
static const char *
community_of(const export_ctx *x, const char *id)
{
	int lo = 0, hi = x->ncomms - 1;

	while (id && lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(x->comms[mid].id, id);
		if (c == 0)
			return x->comms[mid].name;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return id;
}

static int
write_row(export_ctx *x, sqlite3_stmt *st, sheetout *so)
{
	int rc = 0;

	for (int i = 0; i < 8; i++) {
		const char *t = (const char *)sqlite3_column_text(st, i);
		if (i == 3)
			t = community_of(x, t);
		rc |= sheetout_text(so, t);
	}
	for (int i = 0; i < x->nq; i++) {
		const col_state *c = &x->cols[i];
		rc |= sheetout_text_len(so, c->shown ? x->row.s + c->off : "", c->shown ? c->len : 0);
		for (int k = 0; x->qs[i].type == SURVEY_SELECT_MULTIPLE && k < x->qs[i].n_choices; k++)
			rc |= sheetout_text_len(so, !c->shown ? "" : c->chosen[k] ? "1" : "0", c->shown);
	}
	return rc | sheetout_end_row(so);
}

static void
export_ctx_init(export_ctx *x, const survey_question *qs, int nq)
{
	memset(x, 0, sizeof *x);
	x->qs = qs;
	x->nq = nq;
	x->first = -1;
	x->order = xcalloc((size_t)nq + 1, sizeof *x->order);
	x->name_len = xcalloc((size_t)nq + 1, sizeof *x->name_len);
	x->cols = xcalloc((size_t)nq + 1, sizeof *x->cols);
	for (int i = 0; i < nq; i++) {
		x->order[i] = i;
		x->name_len[i] = strlen(qs[i].name);
		x->cols[i].next = -1;
		if (qs[i].type == SURVEY_SELECT_MULTIPLE)
			x->cols[i].chosen = xcalloc((size_t)qs[i].n_choices + 1, 1);
	}
	sort_qs = qs;
	qsort(x->order, (size_t)nq, sizeof *x->order, order_cmp);
}

static void
export_ctx_free(export_ctx *x)
{
	for (int i = 0; i < x->nq; i++)
		free(x->cols[i].chosen);
	free(x->cols);
	free(x->order);
	free(x->name_len);
	for (int i = 0; i < x->ncomms; i++) {
		free(x->comms[i].id);
		free(x->comms[i].name);
	}
	free(x->comms);
	free(x->row.s);
}

static void
row_reset(export_ctx *x)
{
	x->row.len = 0;
	buf_add(&x->row, "", 0);
	x->row.len = 1;		/* offset 0 is an empty string */
	for (int i = 0; i < x->nq; i++) {
		x->cols[i].shown = false;
		x->cols[i].off = x->cols[i].len = 0;
		if (x->cols[i].chosen)
			memset(x->cols[i].chosen, 0, (size_t)x->qs[i].n_choices);
	}
}

int
survey_export(sqlite3 *db, const char *template_id, const char *version, const survey_question *qs, int nq,
    sheetout *so, survey_progress_fn progress, void *arg, long long *rows, char **err)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT r.id, r.template, r.template_version, r.community,"
	    " r.estate, r.surveyed_on, r.status, r.operator, r.answers FROM survey_response r"
	    " WHERE r.deleted = 0 AND r.template = ?1 AND (?2 IS NULL OR r.template_version = ?2) ORDER BY r.rowid");
	export_ctx x;
	buf key = { 0 };
	int rc;

	*err = NULL;
	*rows = 0;
	if (!st) {
		*err = xasprintf(_("cannot read the survey responses: %s"), sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_text(st, 1, template_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
	export_ctx_init(&x, qs, nq);
	if (communities_load(db, &x) != 0) {
		*err = xasprintf(_("cannot read the survey responses: %s"), sqlite3_errmsg(db));
		sqlite3_finalize(st);
		export_ctx_free(&x);
		return -1;
	}
	rc = header(so, qs, nq) ? -2 : 0;
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_reset(&x);
		if (!scan_answers(&x, (const char *)sqlite3_column_text(st, 8), &key)) {
			*err = xasprintf(_("the answers of survey response %s are damaged (not a JSON object)"),
			    (const char *)sqlite3_column_text(st, 0));
			rc = -1;
			break;
		}
		rc = write_row(&x, st, so) ? -2 : 0;
		if (rc == 0 && ++*rows % 10000 == 0 && progress && !progress(*rows, arg)) {
			*err = xstrdup(_("the export was stopped"));
			rc = -1;
		}
	}
	if (rc == -2)
		*err = xstrdup(sheetout_error(so) ? sheetout_error(so) : _("cannot write the spreadsheet"));
	else if (rc != SQLITE_DONE && !*err)
		*err = xasprintf(_("cannot read the survey responses: %s"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	export_ctx_free(&x);
	free(key.s);
	return *err ? -1 : 0;
}

/* ---- the question list from the stored template ---------------------------------------------- */

int
survey_questions_from_template(sqlite3 *db, const char *form_id, const char *version, const char *lang,
    survey_question **out, int *n, char **err)
{
	char *why = NULL;
	template *t;
	template_question *tq;
	size_t nt = 0;

	*out = NULL;
	*n = 0;
	*err = NULL;
	if (db_query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'survey_template'", 0) == 0)
		return 1;
	{
		const char *p[2] = { form_id, version };
		char *found = db_query_text(db, version ? "SELECT id FROM survey_template WHERE form_id = ?1"
		    " AND version = ?2 AND deleted = 0 LIMIT 1" : "SELECT id FROM survey_template WHERE form_id = ?1"
		    " AND deleted = 0 LIMIT 1", version ? 2 : 1, p);
		if (!found)
			return 1;	/* not stored: the caller reads the answers instead */
		free(found);
	}
	if (!(t = template_load(db, form_id, version, &why))) {
		*err = why ? why : xasprintf(_("cannot read the survey answers: %s"), form_id);
		return -1;
	}
	tq = template_questions(t, lang, &nt);
	for (size_t i = 0; i < nt; i++) {
		survey_question *q;
		if (strcmp(tq[i].type, "note") == 0)
			continue;
		q = add_question(out, n, tq[i].name);
		if (!survey_qtype_parse(tq[i].type, &q->type))
			q->type = SURVEY_TEXT;
		q->circle = tq[i].circle && *tq[i].circle ? xstrdup(tq[i].circle) : NULL;
		for (size_t k = 0; k < tq[i].nchoices; k++) {
			survey_choice *c;
			add_choice(q, tq[i].choices[k].name);
			c = (survey_choice *)&q->choices[q->n_choices - 1];
			c->label = tq[i].choices[k].label ? xstrdup(tq[i].choices[k].label) : NULL;
		}
	}
	template_questions_free(tq, nt);
	template_free(t);
	return 0;
}
