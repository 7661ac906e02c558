/* results.c - survey results from the local answer table survey_answer (kept from the JSON by the
 * triggers of migration_survey; bench/survey.sh chose it over reading the JSON: see bench/README).
 * Part 0 rows are one per respondent shown a question (their count is the base n), part 1 rows one
 * per choice named in a select_multiple. A question's results read its slice of the primary key or
 * of survey_answer_value; the needs ranking reads the slices of all its questions in ONE statement;
 * a community or estate filter collects its responses' rowids from survey_response's index and
 * probes the answers by (qid, response) in rowid order, so it reads only that community's rows. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "results.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

/* Parameters every query binds: ?1 template, ?2 version, ?3 community, ?4 estate, ?5 from, ?6 to,
 * ?7 and ?8 the question names. */
#define QIDS(param) "(SELECT qid FROM survey_answer_key WHERE template = ?1 AND (?2 IS NULL OR version = ?2)" \
	" AND name = " param ")"

/* The join and conditions that apply f to answers aliased a (heap): "" without response filters. A
 * community or estate filter is selective (a few percent of the rows): the answers are read for the
 * set of its responses' rowids (response IN (...)), which SQLite sorts, so each question's answers
 * are probed in response order, one leaf page after the next, rather than in the filter index's
 * date order, a random page each (half the time at 100,000 responses). A date range alone may cover
 * most rows (too many to collect), so it stays a join and the planner chooses. */
static bool
selective(const results_filter *f)
{
	return f->community || f->estate;
}

static char *
filter_from(const results_filter *f, const char *answers)
{
	if (selective(f) || (!f->date_from && !f->date_to))
		return xstrdup(answers);
	return xasprintf("survey_response r JOIN %s", answers);
}

static char *
filter_where(const results_filter *f, const char *alias)
{
	const char *c = f->community ? " AND r.community = ?3" : "", *e = f->estate ? " AND r.estate = ?4" : "",
	    *d0 = f->date_from ? " AND r.surveyed_on >= ?5" : "", *d1 = f->date_to ? " AND r.surveyed_on <= ?6" : "";

	if (selective(f))
		return xasprintf(" AND %s.response IN (SELECT r.rowid FROM survey_response r WHERE 1%s%s%s%s)", alias, c, e,
		    d0, d1);
	if (!f->date_from && !f->date_to)
		return xstrdup("");
	return xasprintf(" AND r.rowid = %s.response%s%s", alias, d0, d1);
}

static sqlite3_stmt *
prepare_bound(sqlite3 *db, const char *sql, const results_filter *f, const char *q1, const char *q2, char **err)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	const char *v[8] = { f->template_id, f->version, f->community, f->estate, f->date_from, f->date_to, q1, q2 };

	if (!st) {
		*err = xasprintf(_("cannot read the survey results: %s"), sqlite3_errmsg(db));
		return NULL;
	}
	for (int i = 0; i < 8; i++)
		if (sqlite3_bind_parameter_name(st, i + 1))
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	return st;
}

static const char *
choice_label(const survey_question *q, const char *name)
{
	for (int i = 0; i < q->n_choices; i++)
		if (strcmp(q->choices[i].name, name) == 0)
			return q->choices[i].label ? q->choices[i].label : q->choices[i].name;
	return NULL;
}

/* Start counts with q's choices at 0 (the order results show them in). */
static void
counts_init(const survey_question *q, results_count **out, int *n)
{
	*out = q->n_choices ? xcalloc((size_t)q->n_choices, sizeof **out) : NULL;
	*n = q->n_choices;
	for (int i = 0; i < q->n_choices; i++) {
		(*out)[i].name = xstrdup(q->choices[i].name);
		(*out)[i].label = xstrdup(choice_label(q, q->choices[i].name));
	}
}

/* The entry for name, appended (label = name) when q does not list it. */
static results_count *
counts_at(results_count **c, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp((*c)[i].name, name) == 0)
			return &(*c)[i];
	*c = xrealloc(*c, (size_t)(*n + 1) * sizeof **c);
	memset(&(*c)[*n], 0, sizeof **c);
	(*c)[*n].name = xstrdup(name);
	(*c)[*n].label = xstrdup(name);
	return &(*c)[(*n)++];
}

static void
counts_free(results_count *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].name);
		free(c[i].label);
	}
	free(c);
}

static bool
is_select(const survey_question *q)
{
	return q->type == SURVEY_SELECT_ONE || q->type == SURVEY_SELECT_MULTIPLE;
}

static int
step_fail(sqlite3 *db, sqlite3_stmt *st, char **err)
{
	*err = xasprintf(_("cannot read the survey results: %s"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

/* n, blank and the number summary of q (its part 0 rows). */
static int
question_base(sqlite3 *db, const results_filter *f, const survey_question *q, results_question *out, char **err)
{
	char *from = filter_from(f, "survey_answer a"), *where = filter_where(f, "a");
	char *sql = xasprintf("SELECT count(*), sum(a.value = '' OR (%d AND a.value = 0)),"
	    " count(CASE WHEN typeof(a.value) IN ('integer', 'real') THEN 1 END),"
	    " avg(CASE WHEN typeof(a.value) IN ('integer', 'real') THEN a.value END),"
	    " min(CASE WHEN typeof(a.value) IN ('integer', 'real') THEN a.value END),"
	    " max(CASE WHEN typeof(a.value) IN ('integer', 'real') THEN a.value END)"
	    " FROM %s WHERE a.qid IN " QIDS("?7") " AND a.part = 0%s", q->type == SURVEY_SELECT_MULTIPLE, from, where);
	sqlite3_stmt *st = prepare_bound(db, sql, f, q->name, NULL, err);

	free(sql);
	free(from);
	free(where);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_fail(db, st, err);
	out->n = sqlite3_column_int64(st, 0);
	out->blank = sqlite3_column_int64(st, 1);
	if (q->type == SURVEY_INTEGER || q->type == SURVEY_DECIMAL) {
		out->n_numbers = sqlite3_column_int64(st, 2);
		out->mean = sqlite3_column_double(st, 3);
		out->min = sqlite3_column_double(st, 4);
		out->max = sqlite3_column_double(st, 5);
	}
	sqlite3_finalize(st);
	return 0;
}

/* Count of each value named for q: part 1 of a select_multiple; for a select_one its part 0 rows, so
 * the same pass gives n (every row) and blank (the '' rows): one walk of the index, not two. */
static int
question_counts(sqlite3 *db, const results_filter *f, const survey_question *q, results_question *out, char **err)
{
	char *from = filter_from(f, "survey_answer a"), *where = filter_where(f, "a");
	char *sql = xasprintf("SELECT a.value, count(*) FROM %s WHERE a.qid IN " QIDS("?7") " AND a.part = %d%s"
	    " GROUP BY a.value", from, q->type == SURVEY_SELECT_MULTIPLE, where);
	sqlite3_stmt *st = prepare_bound(db, sql, f, q->name, NULL, err);
	int rc;

	free(sql);
	free(from);
	free(where);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		long long k = sqlite3_column_int64(st, 1);
		bool blank = !name || !*name;
		if (q->type == SURVEY_SELECT_ONE) {
			out->n += k;
			out->blank += blank ? k : 0;
		}
		if (!blank)
			counts_at(&out->choices, &out->n_choices, name)->count += k;
	}
	if (rc != SQLITE_DONE)
		return step_fail(db, st, err);
	sqlite3_finalize(st);
	return 0;
}

static void
set_percents(results_count *c, int n, long long base)
{
	for (int i = 0; i < n; i++)
		c[i].percent = base > 0 ? (double)c[i].count * 100.0 / (double)base : 0.0;
}

int
results_question_get(sqlite3 *db, const results_filter *f, const survey_question *q, results_question *out,
    char **err)
{
	*err = NULL;
	memset(out, 0, sizeof *out);
	if (!f->template_id) {
		*err = xstrdup(_("results need a template"));
		return -1;
	}
	if (q->type != SURVEY_SELECT_ONE && question_base(db, f, q, out, err) != 0)
		return -1;
	if (is_select(q)) {
		counts_init(q, &out->choices, &out->n_choices);
		if (question_counts(db, f, q, out, err) != 0) {
			results_question_free(out);
			return -1;
		}
		set_percents(out->choices, out->n_choices, out->n);
	}
	return 0;
}

void
results_question_free(results_question *r)
{
	counts_free(r->choices, r->n_choices);
	r->choices = NULL;
	r->n_choices = 0;
}

static int
index_of(const results_count *c, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return i;
	return -1;
}

/* SQL joining answers x (question ?7) and y (question ?8) of the same respondent, parts px and py,
 * under f, selecting what (heap). Without a filter the side with fewer answers drives (drive_y: y),
 * walked in respondent order so that each probe of the other side lands next to the one before:
 * driving a million-row question against one shown to a third of the respondents probed a million
 * times instead of a third of a million. */
static char *
pair_sql(const results_filter *f, const char *what, int px, int py, const char *tail, bool drive_y)
{
	char *from = filter_from(f, "survey_answer x"), *where = filter_where(f, "x"), *sql;

	if (!*where && drive_y)
		sql = xasprintf("SELECT %s FROM survey_answer y NOT INDEXED CROSS JOIN survey_answer x"
		    " WHERE y.qid IN " QIDS("?8") " AND y.part = %d AND x.qid IN " QIDS("?7")
		    " AND x.response = y.response AND x.part = %d%s", what, py, px, tail);
	else if (!*where)
		sql = xasprintf("SELECT %s FROM survey_answer x NOT INDEXED CROSS JOIN survey_answer y"
		    " WHERE x.qid IN " QIDS("?7") " AND x.part = %d AND y.qid IN " QIDS("?8")
		    " AND y.response = x.response AND y.part = %d%s", what, px, py, tail);
	else
		sql = xasprintf("SELECT %s FROM %s JOIN survey_answer y ON y.qid IN " QIDS("?8")
		    " AND y.response = x.response AND y.part = %d WHERE x.qid IN " QIDS("?7") " AND x.part = %d%s%s",
		    what, from, py, px, where, tail);
	free(from);
	free(where);
	return sql;
}

/* Whether question b was shown to fewer respondents than question a (its part 0 rows): one count of
 * each slice of the index, a small part of the join it chooses the driver for. */
static int
fewer_shown(sqlite3 *db, const results_filter *f, const survey_question *a, const survey_question *b, bool *out,
    char **err)
{
	long long n[2];
	sqlite3_stmt *st = prepare_bound(db, "SELECT count(*) FROM survey_answer WHERE qid IN " QIDS("?7") " AND part = 0",
	    f, NULL, NULL, err);

	if (!st)
		return -1;
	for (int i = 0; i < 2; i++) {
		sqlite3_bind_text(st, 7, i ? b->name : a->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			return step_fail(db, st, err);
		n[i] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	*out = n[1] < n[0];
	return 0;
}

/* Respondents of the crosstab base naming each value of one side (only needed for select_multiple:
 * for select_one the cells add up to it). */
static int
crosstab_margin(sqlite3 *db, const results_filter *f, const survey_question *row, const survey_question *col,
    bool of_rows, bool drive_y, results_crosstab *x, char **err)
{
	const survey_question *q = of_rows ? row : col;
	int part = q->type == SURVEY_SELECT_MULTIPLE;
	char *sql = of_rows ? pair_sql(f, "x.value, count(*)", part, 0, " AND x.value <> '' GROUP BY x.value", drive_y)
	    : pair_sql(f, "y.value, count(*)", 0, part, " AND y.value <> '' GROUP BY y.value", drive_y);
	sqlite3_stmt *st = prepare_bound(db, sql, f, row->name, col->name, err);
	int rc;

	free(sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		if (of_rows)
			counts_at(&x->rows, &x->n_rows, name ? name : "")->count = sqlite3_column_int64(st, 1);
		else
			counts_at(&x->cols, &x->n_cols, name ? name : "")->count = sqlite3_column_int64(st, 1);
	}
	if (rc != SQLITE_DONE)
		return step_fail(db, st, err);
	sqlite3_finalize(st);
	return 0;
}

/* The cells, collected as (row, col, count) first: values not listed extend rows and cols. */
static int
crosstab_cells(sqlite3 *db, const results_filter *f, const survey_question *row, const survey_question *col,
    bool drive_y, results_crosstab *x, char **err)
{
	char *sql = pair_sql(f, "x.value, y.value, count(*)", row->type == SURVEY_SELECT_MULTIPLE,
	    col->type == SURVEY_SELECT_MULTIPLE, " GROUP BY x.value, y.value", drive_y);
	sqlite3_stmt *st = prepare_bound(db, sql, f, row->name, col->name, err);
	int rc, n = 0;
	struct cell { int r, c; long long count; } *cells = NULL;

	free(sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
		x->n += sqlite3_column_int64(st, 2);	/* the base when both are select_one: each respondent once */
		if (!a || !*a || !b || !*b)
			continue;	/* left blank: in the base, in no cell */
		counts_at(&x->rows, &x->n_rows, a ? a : "");
		counts_at(&x->cols, &x->n_cols, b ? b : "");
		cells = xrealloc(cells, (size_t)(n + 1) * sizeof *cells);
		cells[n].r = index_of(x->rows, x->n_rows, a ? a : "");
		cells[n].c = index_of(x->cols, x->n_cols, b ? b : "");
		cells[n++].count = sqlite3_column_int64(st, 2);
	}
	if (rc != SQLITE_DONE) {
		free(cells);
		return step_fail(db, st, err);
	}
	sqlite3_finalize(st);
	x->cells = xcalloc((size_t)(x->n_rows * x->n_cols) + 1, sizeof *x->cells);
	for (int i = 0; i < n; i++)
		x->cells[cells[i].r * x->n_cols + cells[i].c] = cells[i].count;
	free(cells);
	return 0;
}

/* The base n of a cross-tab: respondents shown both (their part 0 rows). */
static int
crosstab_base(sqlite3 *db, const results_filter *f, const survey_question *row, const survey_question *col,
    bool drive_y, results_crosstab *x, char **err)
{
	char *sql = pair_sql(f, "count(*)", 0, 0, "", drive_y);
	sqlite3_stmt *st = prepare_bound(db, sql, f, row->name, col->name, err);

	free(sql);
	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW)
		return step_fail(db, st, err);
	x->n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int
results_crosstab_get(sqlite3 *db, const results_filter *f, const survey_question *row,
    const survey_question *col, results_crosstab *x, char **err)
{
	bool both_one, drive_y = false, filtered = f->community || f->estate || f->date_from || f->date_to;

	*err = NULL;
	memset(x, 0, sizeof *x);
	if (!f->template_id || !is_select(row) || !is_select(col)) {
		*err = xstrdup(_("a cross-tab needs a template and two select_one or select_multiple questions"));
		return -1;
	}
	counts_init(row, &x->rows, &x->n_rows);
	counts_init(col, &x->cols, &x->n_cols);
	/* two select_one: the cells pass (blanks included) counted every respondent shown both once */
	both_one = row->type == SURVEY_SELECT_ONE && col->type == SURVEY_SELECT_ONE;
	if ((!filtered && fewer_shown(db, f, row, col, &drive_y, err) != 0) ||
	    crosstab_cells(db, f, row, col, drive_y, x, err) != 0 ||
	    (!both_one && crosstab_base(db, f, row, col, drive_y, x, err) != 0) ||
	    (row->type == SURVEY_SELECT_MULTIPLE && crosstab_margin(db, f, row, col, true, drive_y, x, err) != 0) ||
	    (col->type == SURVEY_SELECT_MULTIPLE && crosstab_margin(db, f, row, col, false, drive_y, x, err) != 0)) {
		results_crosstab_free(x);
		return -1;
	}
	for (int r = 0; r < x->n_rows && row->type != SURVEY_SELECT_MULTIPLE; r++)
		for (int c = 0; c < x->n_cols; c++)
			x->rows[r].count += x->cells[r * x->n_cols + c];
	for (int c = 0; c < x->n_cols && col->type != SURVEY_SELECT_MULTIPLE; c++)
		for (int r = 0; r < x->n_rows; r++)
			x->cols[c].count += x->cells[r * x->n_cols + c];
	set_percents(x->rows, x->n_rows, x->n);
	set_percents(x->cols, x->n_cols, x->n);
	return 0;
}

void
results_crosstab_free(results_crosstab *x)
{
	counts_free(x->rows, x->n_rows);
	counts_free(x->cols, x->n_cols);
	free(x->cells);
	memset(x, 0, sizeof *x);
}

static int
need_cmp(const void *a, const void *b)
{
	const results_need *x = a, *y = b;

	return x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

/* Whether name is one of the space-separated words of list. */
static bool
in_words(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list ? list : ""; *p;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, name, len) == 0 && (p[len] == ' ' || p[len] == '\0'))
			return true;
		while (*p && *p != ' ')
			p++;
	}
	return false;
}

/* ---- many questions in one pass (the needs ranking) --------------------------------------------- */

/* Add one (part, value, count) group of question q to its results r, by the rules of question_base
 * and question_counts: part 0 rows are the respondents shown q (n); a select_one's blank is '', a
 * select_multiple's blank is '' or 0 names; part 1 rows count the choices of a select_multiple. */
static void
tally_add(const survey_question *q, results_question *r, int part, sqlite3_stmt *st)
{
	int type = sqlite3_column_type(st, 2);
	const char *v = (const char *)sqlite3_column_text(st, 2);
	long long k = sqlite3_column_int64(st, 3);
	bool empty = !v || !*v;

	if (part == 0) {
		r->n += k;
		if (q->type == SURVEY_SELECT_MULTIPLE)
			r->blank += (type == SQLITE_TEXT && empty) ||
			    ((type == SQLITE_INTEGER || type == SQLITE_FLOAT) && sqlite3_column_double(st, 2) == 0) ? k : 0;
		else
			r->blank += empty ? k : 0;
	}
	if (!empty && part == (q->type == SURVEY_SELECT_MULTIPLE))
		counts_at(&r->choices, &r->n_choices, v)->count += k;
}

/* Results of the select questions qv[0..nq) under f into out[0..nq), in ONE statement: a walk of the
 * (qid, part, value) index over all their slices at once without a filter (it comes out grouped, no
 * sort), or every answer of the filtered responses to any of them. The same numbers as
 * results_question_get gives each (tests/unit/test_survey compares them). */
static int
questions_tally(sqlite3 *db, const results_filter *f, const survey_question *const *qv, int nq, results_question *out,
    char **err)
{
	char *from = filter_from(f, "survey_answer a"), *where = filter_where(f, "a"), *names = xstrdup(""), *sql;
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < nq; i++) {
		char *t = xasprintf("%s%s?%d", names, i ? ", " : "", 9 + i);
		free(names);
		names = t;
		memset(&out[i], 0, sizeof out[i]);
		counts_init(qv[i], &out[i].choices, &out[i].n_choices);
	}
	sql = xasprintf("SELECT (SELECT name FROM survey_answer_key WHERE qid = a.qid), a.part, a.value, count(*) FROM %s"
	    " WHERE a.qid IN (SELECT qid FROM survey_answer_key WHERE template = ?1 AND (?2 IS NULL OR version = ?2)"
	    " AND name IN (%s))%s GROUP BY a.qid, a.part, a.value", from, names, where);
	st = prepare_bound(db, sql, f, NULL, NULL, err);
	free(sql);
	free(from);
	free(where);
	free(names);
	if (!st)
		return -1;
	for (int i = 0; i < nq; i++)
		sqlite3_bind_text(st, 9 + i, qv[i]->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		for (int i = 0; name && i < nq; i++)
			if (strcmp(qv[i]->name, name) == 0) {
				tally_add(qv[i], &out[i], sqlite3_column_int(st, 1), st);
				break;
			}
	}
	if (rc != SQLITE_DONE) {
		for (int i = 0; i < nq; i++)
			results_question_free(&out[i]);
		return step_fail(db, st, err);
	}
	sqlite3_finalize(st);
	for (int i = 0; i < nq; i++)
		set_percents(out[i].choices, out[i].n_choices, out[i].n);
	return 0;
}
static bool
in_circle(const survey_question *q, const char *circle)
{
	return q->type == SURVEY_SELECT_MULTIPLE && q->circle && strcmp(q->circle, circle) == 0;
}

/* Index of q in qv[0..*n), appended when absent. */
static int
qv_add(const survey_question **qv, int *n, const survey_question *q)
{
	for (int i = 0; i < *n; i++)
		if (qv[i] == q)
			return i;
	qv[*n] = q;
	return (*n)++;
}

/* Circle c of spec s from the results rs of the questions qv[0..nv) (already read). */
static void
circle_fill(const survey_question *const *qv, const results_question *rs, int nv, const results_circle_spec *s,
    const results_question *sat, results_circle *c)
{
	c->circle = xstrdup(s->circle);
	for (int i = 0; i < nv; i++) {
		if (!in_circle(qv[i], s->circle))
			continue;
		c->needs = xrealloc(c->needs, (size_t)(c->n_needs + rs[i].n_choices) * sizeof *c->needs);
		for (int k = 0; k < rs[i].n_choices; k++) {
			results_need *nd = &c->needs[c->n_needs++];
			nd->question = xstrdup(qv[i]->name);
			nd->name = xstrdup(rs[i].choices[k].name);
			nd->label = xstrdup(rs[i].choices[k].label);
			nd->count = rs[i].choices[k].count;
			nd->n = rs[i].n;
			nd->percent = rs[i].choices[k].percent;
		}
	}
	/* most named first; an insertion sort is stable, so ties keep question and choice order */
	for (int i = 1; i < c->n_needs; i++)
		for (int j = i; j > 0 && need_cmp(&c->needs[j - 1], &c->needs[j]) > 0; j--) {
			results_need t = c->needs[j];
			c->needs[j] = c->needs[j - 1];
			c->needs[j - 1] = t;
		}
	if (!sat)
		return;
	c->satisfaction = *sat;
	c->satisfaction.choices = xcalloc((size_t)sat->n_choices + 1, sizeof *sat->choices);
	for (int k = 0; k < sat->n_choices; k++) {
		c->satisfaction.choices[k] = sat->choices[k];
		c->satisfaction.choices[k].name = xstrdup(sat->choices[k].name);
		c->satisfaction.choices[k].label = xstrdup(sat->choices[k].label);
	}
	c->sat_n = sat->n;
	c->sat_answered = sat->n - sat->blank;
	for (int k = 0; k < sat->n_choices; k++)
		if (in_words(s->satisfied, sat->choices[k].name))
			c->satisfied += sat->choices[k].count;
	c->satisfied_percent = c->sat_answered > 0 ? (double)c->satisfied * 100.0 / (double)c->sat_answered : 0;
}

/* The questions the ranking reads: every select_multiple of a circle asked for, and each circle's
 * satisfaction question (sat[i]: its index in qv, or -1). -1 with *err when one is not in qs. */
static int
needs_questions(const survey_question *qs, int nq, const results_circle_spec *specs, int nspecs,
    const survey_question **qv, int *nv, int *sat, char **err)
{
	*nv = 0;
	for (int i = 0; i < nq; i++)
		for (int s = 0; s < nspecs; s++)
			if (in_circle(&qs[i], specs[s].circle)) {
				qv_add(qv, nv, &qs[i]);
				break;
			}
	for (int s = 0; s < nspecs; s++) {
		const survey_question *q = specs[s].satisfaction ? survey_question_find(qs, nq, specs[s].satisfaction) : NULL;
		sat[s] = -1;
		if (specs[s].satisfaction && !q) {
			*err = xasprintf(_("no question called %s"), specs[s].satisfaction);
			return -1;
		}
		if (q)
			sat[s] = qv_add(qv, nv, q);
	}
	return 0;
}

int
results_needs_get(sqlite3 *db, const results_filter *f, const survey_question *qs, int nq,
    const results_circle_spec *specs, int nspecs, results_circle **out, char **err)
{
	const survey_question **qv = xcalloc((size_t)nq + (size_t)nspecs + 1, sizeof *qv), **sel;
	results_question *rs = xcalloc((size_t)nq + (size_t)nspecs + 1, sizeof *rs), *srs;
	int *sat = xcalloc((size_t)nspecs + 1, sizeof *sat), *pos, nv = 0, nsel = 0, rc = 0;

	*err = NULL;
	*out = NULL;
	if (!f->template_id) {
		*err = xstrdup(_("results need a template"));
		rc = -1;
	}
	if (rc == 0)
		rc = needs_questions(qs, nq, specs, nspecs, qv, &nv, sat, err);
	/* the select questions in one statement; another kind of satisfaction question (a number
	 * scale, say) on its own */
	sel = xcalloc((size_t)nv + 1, sizeof *sel);
	srs = xcalloc((size_t)nv + 1, sizeof *srs);
	pos = xcalloc((size_t)nv + 1, sizeof *pos);
	for (int i = 0; rc == 0 && i < nv; i++)
		if (is_select(qv[i])) {
			pos[i] = nsel;
			sel[nsel++] = qv[i];
		} else {
			pos[i] = -1;
			rc = results_question_get(db, f, qv[i], &rs[i], err);
		}
	if (rc == 0 && nsel > 0 && (rc = questions_tally(db, f, sel, nsel, srs, err)) == 0)
		for (int i = 0; i < nv; i++)
			if (pos[i] >= 0)
				rs[i] = srs[pos[i]];
	if (rc == 0) {
		*out = xcalloc((size_t)nspecs + 1, sizeof **out);
		for (int s = 0; s < nspecs; s++)
			circle_fill(qv, rs, nv, &specs[s], sat[s] >= 0 ? &rs[sat[s]] : NULL, &(*out)[s]);
	}
	for (int i = 0; i < nv; i++)
		results_question_free(&rs[i]);
	free(srs);
	free(rs);
	free(pos);
	free(sel);
	free(sat);
	free(qv);
	return rc;
}

void
results_needs_free(results_circle *c, int n)
{
	for (int i = 0; c && i < n; i++) {
		for (int k = 0; k < c[i].n_needs; k++) {
			free(c[i].needs[k].question);
			free(c[i].needs[k].name);
			free(c[i].needs[k].label);
		}
		free(c[i].needs);
		free(c[i].circle);
		results_question_free(&c[i].satisfaction);
	}
	free(c);
}
