/* pagesource.c - a page_source over SQLite by keyset pagination: every page is a range scan that starts
 * at a key, never an OFFSET, so a page near the end costs what the first one does (given an index on
 * (sort expression, id)). The SQL text comes only from the page_query, which the program wrote; the
 * search text, keys and limit are always bound parameters. */
#include "config.h"
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pagesource.h"
#include "search.h"
#include "util.h"


enum { DIR_AFTER, DIR_BEFORE };

/* Whether a column can be sorted by its bare expression, worked out once per column. */
enum { BARE_UNKNOWN, BARE_NO, BARE_YES };

typedef struct sql_source {
	page_source ps;              /* first, so the page_source handed out is this allocation */
	sqlite3 *db;
	const page_query *q;
	size_t sort_col;
	bool desc;
	char *pattern;               /* search text with LIKE's %, _ and \ escaped; NULL when not searching */
	char *fts_query;             /* FTS5 query for the search (query served by FTS); NULL when none */
	bool fts_empty;              /* searching by FTS for text with nothing searchable: no rows */
	page_strategy forced;        /* PAGE_SEARCH_AUTO, or the strategy the caller chose */
	page_strategy strategy;      /* the one the current FTS search uses */
	bool show_deleted;
	char **cond_val;             /* per named condition: its value, NULL when off */
	char *err;                   /* message of the last failure, NULL after a success */
	unsigned char *bare;         /* per column: BARE_* */
	/* Page statements for the current shape (sort column, direction, searching or not), by
	 * [DIR_*][has key]; NULL until first needed. A shape change finalises them. */
	sqlite3_stmt *page_st[2][2];
} sql_source;

/* ---- text helpers ------------------------------------------------------------------ */

typedef struct strbuf {
	char *s;
	size_t len, cap;
} strbuf;

static void
sb_add(strbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* Append each of the NULL-terminated strings. */
static void
sb_cat(strbuf *b, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *)))
		sb_add(b, s);
	va_end(ap);
}

/* The search text as a LIKE operand: the user's %, _ and \ must match themselves, not act as wildcards. */
static char *
like_escape(const char *s)
{
	char *out = xmalloc(strlen(s) * 2 + 1), *o = out;

	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static bool
is_identifier(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (s++; *s; s++)
		if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* The locale's decimal point when it is one byte other than '.', else 0: keys always use '.', but
 * strtod and printf follow LC_NUMERIC, which the program may have set from the environment. */
static char
foreign_point(void)
{
	const char *dp = localeconv()->decimal_point;

	return dp && dp[0] && dp[0] != '.' && !dp[1] ? dp[0] : 0;
}

/* strtod with '.' as the point whatever the locale; true when all of s was a number. */
static bool
parse_double(const char *s, double *v)
{
	char fp = foreign_point(), *copy = xstrdup(s), *dot, *end;
	bool whole;

	if (fp && (dot = strchr(copy, '.')))
		*dot = fp;
	errno = 0;
	*v = strtod(copy, &end);
	whole = *copy && *end == '\0' && errno != ERANGE;
	free(copy);
	return whole;
}

/* v as the shortest text that reads back as exactly v: SQLite's own text keeps only 15 digits, and a
 * key that reads back different would make the next page repeat or skip rows. */
static char *
format_double(double v)
{
	char buf[40], fp = foreign_point(), *p;
	double back;

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, v);
		if (fp && (p = strchr(buf, fp)))
			*p = '.';
		if (parse_double(buf, &back) && back == v)
			break;
	}
	return xstrdup(buf);
}

/* ---- building SQL ------------------------------------------------------------------ */

/* SQLite's affinity rule for a declared type, reduced to what sorting needs: 't' text, 'n' numeric, 0 other. */
static char
affinity_of(const char *type)
{
	char up[64];
	size_t i;

	for (i = 0; i < sizeof up - 1 && type[i]; i++)
		up[i] = (char)(type[i] >= 'a' && type[i] <= 'z' ? type[i] - 32 : type[i]);
	up[i] = '\0';
	if (strstr(up, "INT"))
		return 'n';
	if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
		return 't';
	if (!*up || strstr(up, "BLOB") || strcmp(up, "ANY") == 0)
		return 0;
	return 'n';
}

/* True when column c is a NOT NULL column of the table in q->from with an affinity fit for its sort.
 * Then the key can be the bare column: coalesce() would hide it from an index on (column, id). */
static bool
column_is_bare(sql_source *s, const page_column *c)
{
	sqlite3_stmt *st;
	bool bare = false;

	if (!is_identifier(c->expr) || !is_identifier(s->q->from))
		return false;
	if (sqlite3_prepare_v2(s->db, "SELECT \"notnull\", type FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE",
	    -1, &st, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(st, 1, s->q->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->expr, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0)) {
		const char *type = (const char *)sqlite3_column_text(st, 1);
		bare = affinity_of(type ? type : "") == (c->numeric ? 'n' : 't');
	}
	sqlite3_finalize(st);
	return bare;
}

/* Append the sort key expression of the current sort column. */
static void
add_sort_key(sql_source *s, strbuf *b)
{
	const page_column *c;

	if (s->q->ncols == 0) {
		sb_add(b, "''");
		return;
	}
	c = &s->q->cols[s->sort_col];
	if (s->bare[s->sort_col] == BARE_UNKNOWN)
		s->bare[s->sort_col] = column_is_bare(s, c) ? BARE_YES : BARE_NO;
	if (s->bare[s->sort_col] == BARE_YES)
		sb_add(b, c->expr);
	else if (c->numeric)
		/* NULLs first; REAL throughout so a key compares the same way whatever type the expression gave. */
		sb_cat(b, "CAST(coalesce(", c->expr, ", -9e307) AS REAL)", (char *)NULL);
	else
		/* TEXT throughout: a number in a text column would otherwise never compare equal to its bound key. */
		sb_cat(b, "CAST(coalesce(", c->expr, ", '') AS TEXT)", (char *)NULL);
}

static bool
searching(const sql_source *s)
{
	return s->q->fts ? s->fts_query || s->fts_empty : s->pattern && s->q->search_expr;
}

/* Append " FROM ... WHERE ..." with the fixed filter, live or deleted rows, the named conditions that
 * are on and, when searching, the search condition; the WHERE is always there (1 when nothing else). */
static void
add_from_where(sql_source *s, strbuf *b, bool for_count)
{
	const page_query *q = s->q;
	bool srch = searching(s);

	if (srch && q->fts && !s->fts_empty && s->strategy == PAGE_SEARCH_MATCHES && !for_count)
		/* CROSS JOIN keeps SQLite from reordering: read the match set, then each row by rowid. */
		sb_cat(b, " FROM (SELECT rowid AS fts_rowid FROM ", q->fts, " WHERE ", q->fts,
		    " MATCH :search) AS fts_m CROSS JOIN ", q->from, " ON ", q->from, ".rowid = fts_m.fts_rowid",
		    (char *)NULL);
	else
		sb_cat(b, " FROM ", q->from, (char *)NULL);
	sb_add(b, " WHERE 1");
	if (q->where)
		sb_cat(b, " AND (", q->where, ")", (char *)NULL);
	if (q->deleted_col)
		sb_cat(b, " AND ", q->deleted_col, s->show_deleted ? " <> 0" : " = 0", (char *)NULL);
	for (size_t i = 0; i < q->nconds; i++)
		if (s->cond_val[i])
			sb_cat(b, " AND (", q->conds[i].sql, ")", (char *)NULL);
	if (!srch)
		return;
	if (!q->fts)
		sb_cat(b, " AND (", q->search_expr, ") LIKE '%' || :search || '%' ESCAPE '\\'", (char *)NULL);
	else if (s->fts_empty)
		sb_add(b, " AND 0");
	else if (for_count || s->strategy == PAGE_SEARCH_WALK_SET)
		sb_cat(b, " AND ", q->from, ".rowid IN (SELECT rowid FROM ", q->fts, " WHERE ", q->fts, " MATCH :search)",
		    (char *)NULL);
	else if (s->strategy != PAGE_SEARCH_MATCHES)   /* the walk; also if no strategy was chosen */
		sb_cat(b, " AND EXISTS (SELECT 1 FROM ", q->fts, " WHERE ", q->fts, " MATCH :search AND ",
		    q->fts, ".rowid = ", q->from, ".rowid)", (char *)NULL);
}

/* SQL for a page in direction dir, from a key or from the start. */
static char *
page_sql(sql_source *s, int dir, bool has_key)
{
	/* Forward in the sort order: "after" ascending, or "before" descending. */
	bool forward = (dir == DIR_AFTER) != s->desc;
	const char *order = forward ? " ASC" : " DESC";
	strbuf b = { 0 };

	sb_add(&b, "SELECT ");
	add_sort_key(s, &b);
	sb_cat(&b, ", ", s->q->id_expr, (char *)NULL);
	for (size_t i = 0; i < s->q->ncols; i++)
		sb_cat(&b, ", ", s->q->cols[i].expr, (char *)NULL);
	add_from_where(s, &b, false);
	if (has_key) {
		sb_add(&b, " AND (");
		add_sort_key(s, &b);
		sb_cat(&b, ", ", s->q->id_expr, forward ? ") > (:key, :id)" : ") < (:key, :id)", (char *)NULL);
	}
	sb_add(&b, " ORDER BY ");
	add_sort_key(s, &b);
	sb_cat(&b, order, ", ", s->q->id_expr, order, " LIMIT :limit", (char *)NULL);
	return b.s;
}

static void
drop_page_statements(sql_source *s)
{
	for (int d = 0; d < 2; d++)
		for (int k = 0; k < 2; k++) {
			sqlite3_finalize(s->page_st[d][k]);
			s->page_st[d][k] = NULL;
		}
}

/* The cached statement for a page query of this shape, prepared on first use; NULL on error. */
static sqlite3_stmt *
page_statement(sql_source *s, int dir, bool has_key)
{
	sqlite3_stmt **st = &s->page_st[dir][has_key];

	if (!*st) {
		char *sql = page_sql(s, dir, has_key);
		if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
			*st = NULL;
		free(sql);
	}
	return *st;
}

/* ---- binding and reading ----------------------------------------------------------- */

static int
bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i ? sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT) : SQLITE_OK;
}

/* Bind the sort part of a key. Numeric keys go back as the number they were read as (integer exactly,
 * else double), so the comparison is numeric; text that is no number stays text. */
static int
bind_sort_key(sql_source *s, sqlite3_stmt *st, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, ":key");
	bool numeric = s->q->ncols > 0 && s->q->cols[s->sort_col].numeric;
	long long n;
	double d;
	char *end;

	if (numeric && *v) {
		errno = 0;
		n = strtoll(v, &end, 10);
		if (*end == '\0' && errno != ERANGE)
			return sqlite3_bind_int64(st, i, n);
		if (parse_double(v, &d))
			return sqlite3_bind_double(st, i, d);
	}
	return sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* Bind the search text and the values of the named conditions that are on. */
static int
bind_filters(sql_source *s, sqlite3_stmt *st)
{
	int rc = SQLITE_OK;

	if (searching(s) && !s->fts_empty)
		rc = bind_named_text(st, ":search", s->q->fts ? s->fts_query : s->pattern);
	for (size_t i = 0; i < s->q->nconds && rc == SQLITE_OK; i++)
		if (s->cond_val[i]) {
			char *name = xasprintf(":%s", s->q->conds[i].name);
			rc = bind_named_text(st, name, s->cond_val[i]);
			free(name);
		}
	return rc;
}

/* Remember the database's message for the call that just failed. */
static void
set_error(sql_source *s, const char *msg)
{
	free(s->err);
	s->err = xstrdup(msg ? msg : "?");
}

static void
clear_error(sql_source *s)
{
	free(s->err);
	s->err = NULL;
}

/* Bind search text, conditions, key and limit. The key is copied (TRANSIENT): it may point into the page being replaced. */
static int
bind_page(sql_source *s, sqlite3_stmt *st, const char *sort_value, const char *id, size_t limit)
{
	int rc = bind_filters(s, st);

	if (rc == SQLITE_OK && sort_value)
		rc = bind_sort_key(s, st, sort_value);
	/* A key without an id starts at the first row with that sort value. */
	if (rc == SQLITE_OK && sort_value)
		rc = bind_named_text(st, ":id", id ? id : "");
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":limit"),
		    limit > INT64_MAX ? INT64_MAX : (sqlite3_int64)limit);
	return rc;
}

static char *
column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return xstrdup(t ? (const char *)t : "");
}

static void
read_row(sql_source *s, sqlite3_stmt *st, page_row *r)
{
	size_t n = s->q->ncols;

	if (sqlite3_column_type(st, 0) == SQLITE_FLOAT)
		r->sort_value = format_double(sqlite3_column_double(st, 0));
	else
		r->sort_value = column_dup(st, 0);
	r->id = column_dup(st, 1);
	r->cells = xmalloc((n ? n : 1) * sizeof *r->cells);
	for (size_t i = 0; i < n; i++)
		r->cells[i] = column_dup(st, (int)i + 2);
}

static void
reverse_rows(page *p)
{
	for (size_t i = 0, j = p->n; i + 1 < j; i++, j--) {
		page_row t = p->rows[i];
		p->rows[i] = p->rows[j - 1];
		p->rows[j - 1] = t;
	}
}

/* Step st to the end into p; SQLITE_DONE on success. */
static int
read_rows(sql_source *s, sqlite3_stmt *st, page *p)
{
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->n == cap) {
			cap = cap ? cap * 2 : 16;
			p->rows = xrealloc(p->rows, cap * sizeof *p->rows);
		}
		read_row(s, st, &p->rows[p->n++]);
	}
	return rc;
}

/* Fill out with a page in direction dir. On error out is left as it was. */
static int
fetch(sql_source *s, int dir, const char *sort_value, const char *id, size_t limit, page *out)
{
	bool has_key = sort_value != NULL;
	sqlite3_stmt *st;
	page p = { NULL, 0, s->q->ncols };
	int rc;

	/* A row edited while a search is shown left the index (its trigger marked it): index it again
	 * before the page is read, or a reload after a save would drop the row being looked at. One
	 * index probe when nothing is marked; a failure (a read-only file) was reported by the search. */
	if (s->fts_query && search_table_find(s->q->from))
		search_reindex(s->db, s->q->from);
	st = page_statement(s, dir, has_key);
	if (!st) {
		set_error(s, sqlite3_errmsg(s->db));
		return -1;
	}
	rc = bind_page(s, st, sort_value, id, limit);
	if (rc == SQLITE_OK)
		rc = read_rows(s, st, &p);
	if (rc != SQLITE_DONE)
		set_error(s, sqlite3_errmsg(s->db));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		page_clear(&p);
		return -1;
	}
	clear_error(s);
	if (dir == DIR_BEFORE)
		reverse_rows(&p);
	/* Only now free the old page: the key may have pointed into it. */
	page_clear(out);
	*out = p;
	return 0;
}

/* ---- the page_source callbacks ----------------------------------------------------- */

static int
sql_after(page_source *ps, const char *sort_value, const char *id, size_t limit, page *out)
{
	return fetch(ps->impl, DIR_AFTER, sort_value, id, limit, out);
}

static int
sql_before(page_source *ps, const char *sort_value, const char *id, size_t limit, page *out)
{
	return fetch(ps->impl, DIR_BEFORE, sort_value, id, limit, out);
}

/* One integer from sql with the search bound as ?1 and a, b as ?2, ?3 (where the SQL has them); -1 on error. */
static long long
fts_int(sql_source *s, const char *sql, long long a, long long b)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		set_error(s, sqlite3_errmsg(s->db));
		return -1;
	}
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, s->fts_query, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, a);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_int64(st, 3, b);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (sqlite3_errcode(s->db) != SQLITE_DONE && sqlite3_errcode(s->db) != SQLITE_OK)
		set_error(s, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return v;
}

/* sqrt(v) for v >= 0 by Newton steps, so the core needs no libm. */
static double
root(double v)
{
	double x = v > 1 ? v : 1;

	for (int i = 0; i < 60; i++)
		x = (x + v / x) / 2;
	return x;
}

/* Whether the current FTS search should sort its matches (few) rather than walk the sort index (many).
 * Walking costs a probe of the index per row passed, about 25 * rows / matches probes for a page, each
 * some 50 times dearer than reading a match (bench/README): the two meet near sqrt(1500 * rows) matches,
 * about 39,000 at a million rows. Counting the matches exactly would cost what sorting them does, so
 * they are estimated from the newest SAMPLE_ROWS rows, counting only up to the share that decides; an
 * estimate of "many" is checked by counting at most WALK_MIN matches in the whole index, since walking
 * for a rare term would pass the whole table. */
#define SAMPLE_ROWS 4000
#define WALK_MIN 1000
static bool
few_matches(sql_source *s)
{
	char *last = xasprintf("SELECT rowid FROM %s ORDER BY rowid DESC LIMIT 1", s->q->fts);
	char *sample = xasprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s MATCH ?1 AND rowid > ?2 LIMIT ?3)",
	    s->q->fts, s->q->fts);
	char *some = xasprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s MATCH ?1 LIMIT ?2)", s->q->fts,
	    s->q->fts);
	long long rows = fts_int(s, last, 0, 0), window, enough, found;
	bool few = true;

	if (rows > 0) {
		window = rows < SAMPLE_ROWS ? rows : SAMPLE_ROWS;
		/* Few when the sample holds at most window * sqrt(1500 / rows) matches. */
		enough = (long long)((double)window * root(1500.0 / (double)rows)) + 1;
		few = fts_int(s, sample, rows - window, enough) < enough;
		if (!few && (found = fts_int(s, some, WALK_MIN, 0)) >= 0 && found < WALK_MIN)
			few = true;
	}
	free(last);
	free(sample);
	free(some);
	return few;
}

/* Pick the strategy of the current FTS search: few matches are sorted, many are found by walking. */
static void
choose_strategy(sql_source *s)
{
	page_strategy was = s->strategy;

	if (!s->fts_query)
		s->strategy = PAGE_SEARCH_AUTO;
	else if (s->forced != PAGE_SEARCH_AUTO)
		s->strategy = s->forced;
	else
		s->strategy = few_matches(s) ? PAGE_SEARCH_MATCHES : PAGE_SEARCH_WALK;
	if (was != s->strategy)
		drop_page_statements(s);
}

static void
set_fts_filter(sql_source *s, const char *filter)
{
	bool was = searching(s), was_empty = s->fts_empty;

	free(s->fts_query);
	s->fts_query = filter && *filter ? search_fts_query(filter) : NULL;
	s->fts_empty = filter && *filter && !s->fts_query;
	clear_error(s);
	/* Rows written since the last search (by this program or another tool) are indexed first. */
	if (s->fts_query && search_table_find(s->q->from) && search_reindex(s->db, s->q->from) != 0)
		set_error(s, sqlite3_errmsg(s->db));
	if (was != searching(s) || was_empty != s->fts_empty)
		drop_page_statements(s);
	choose_strategy(s);
}

static void
sql_set_filter(page_source *ps, const char *filter)
{
	sql_source *s = ps->impl;
	bool was = s->pattern != NULL;

	if (s->q->fts) {
		set_fts_filter(s, filter);
		return;
	}
	free(s->pattern);
	s->pattern = filter && *filter ? like_escape(filter) : NULL;
	/* Another search text is only another binding; starting or stopping a search changes the SQL. */
	if (was != (s->pattern != NULL))
		drop_page_statements(s);
}

static bool
sql_sortable(page_source *ps, size_t col)
{
	sql_source *s = ps->impl;

	return col < s->q->ncols && s->q->cols[col].sortable;
}

static void
sql_set_sort(page_source *ps, size_t col, bool descending)
{
	sql_source *s = ps->impl;

	if (s->q->ncols > 0 && !sql_sortable(ps, col))
		return;
	if (col == s->sort_col && descending == s->desc)
		return;
	s->sort_col = s->q->ncols ? col : 0;
	s->desc = descending;
	drop_page_statements(s);
}

static int
sql_set_condition(page_source *ps, const char *name, const char *value)
{
	sql_source *s = ps->impl;

	for (size_t i = 0; i < s->q->nconds; i++) {
		if (strcmp(s->q->conds[i].name, name) != 0)
			continue;
		/* Switching a condition on or off changes the SQL; another value is only another binding. */
		if ((s->cond_val[i] != NULL) != (value != NULL))
			drop_page_statements(s);
		free(s->cond_val[i]);
		s->cond_val[i] = value ? xstrdup(value) : NULL;
		return 0;
	}
	return -1;
}

static bool
sql_set_show_deleted(page_source *ps, bool show)
{
	sql_source *s = ps->impl;

	if (!s->q->deleted_col)
		return false;
	if (show != s->show_deleted)
		drop_page_statements(s);
	s->show_deleted = show;
	return true;
}

static int
sql_key_of(page_source *ps, const char *id, char **sort_value)
{
	sql_source *s = ps->impl;
	sqlite3_stmt *st = NULL;
	strbuf b = { 0 };
	int rc;

	/* Asked once after a save: no statement is kept. The row is looked up whatever the filters. */
	*sort_value = NULL;
	sb_add(&b, "SELECT ");
	add_sort_key(s, &b);
	sb_cat(&b, " FROM ", s->q->from, " WHERE ", s->q->id_expr, " = ?1", (char *)NULL);
	rc = sqlite3_prepare_v2(s->db, b.s, -1, &st, NULL);
	free(b.s);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*sort_value = sqlite3_column_type(st, 0) == SQLITE_FLOAT ? format_double(sqlite3_column_double(st, 0))
		                                                          : column_dup(st, 0);
	else if (rc != SQLITE_DONE)
		set_error(s, sqlite3_errmsg(s->db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static const char *
sql_error(page_source *ps)
{
	return ((sql_source *)ps->impl)->err;
}

static long long
sql_count(page_source *ps)
{
	sql_source *s = ps->impl;
	sqlite3_stmt *st = NULL;
	strbuf b = { 0 };
	long long n = -1;

	/* Counts are asked for rarely (a key in the list): no statement is kept for them. */
	sb_add(&b, "SELECT count(*)");
	add_from_where(s, &b, true);
	if (sqlite3_prepare_v2(s->db, b.s, -1, &st, NULL) == SQLITE_OK && bind_filters(s, st) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	if (n < 0)
		set_error(s, sqlite3_errmsg(s->db));
	else
		clear_error(s);
	sqlite3_finalize(st);
	free(b.s);
	return n;
}

static void
sql_free(page_source *ps)
{
	sql_source *s;

	if (!ps)
		return;
	s = ps->impl;
	drop_page_statements(s);
	for (size_t i = 0; i < s->q->nconds; i++)
		free(s->cond_val[i]);
	free(s->cond_val);
	free(s->pattern);
	free(s->fts_query);
	free(s->err);
	free(s->bare);
	free(s);
}

void
pagesource_sql_set_strategy(page_source *ps, page_strategy strategy)
{
	sql_source *s = ps->impl;

	s->forced = strategy;
	choose_strategy(s);
}

page_strategy
pagesource_sql_strategy(page_source *ps)
{
	return ((sql_source *)ps->impl)->strategy;
}

page_source *
pagesource_sql_new(sqlite3 *db, const page_query *q)
{
	sql_source *s = xcalloc(1, sizeof *s);

	s->db = db;
	s->q = q;
	s->bare = xcalloc(q->ncols ? q->ncols : 1, 1);
	s->cond_val = xcalloc(q->nconds ? q->nconds : 1, sizeof *s->cond_val);
	/* Start on the first sortable column. */
	for (size_t i = 0; i < q->ncols; i++)
		if (q->cols[i].sortable) {
			s->sort_col = i;
			break;
		}
	s->ps.after = sql_after;
	s->ps.before = sql_before;
	s->ps.set_filter = sql_set_filter;
	s->ps.set_sort = sql_set_sort;
	s->ps.sortable = sql_sortable;
	s->ps.set_condition = sql_set_condition;
	s->ps.set_show_deleted = sql_set_show_deleted;
	s->ps.error = sql_error;
	s->ps.key_of = sql_key_of;
	s->ps.count = sql_count;
	s->ps.free = sql_free;
	s->ps.impl = s;
	return &s->ps;
}

static void
row_free(page_row *r, size_t ncols)
{
	free(r->sort_value);
	free(r->id);
	for (size_t c = 0; c < ncols; c++)
		free(r->cells[c]);
	free(r->cells);
}

int
page_around(page_source *ps, const char *sort_value, const char *id, size_t above, size_t limit, page *out,
    size_t *sel)
{
	page before = { NULL, 0, 0 }, from = { NULL, 0, 0 };
	const page_row *anchor;
	size_t keep, i;
	int rc;

	/* One row more than wanted above: its key reads the row itself (or its successor) and those below. */
	rc = ps->before(ps, sort_value, id, above + 1, &before);
	anchor = before.n ? &before.rows[before.n - 1] : NULL;
	if (rc == 0)
		rc = ps->after(ps, anchor ? anchor->sort_value : NULL, anchor ? anchor->id : NULL,
		    limit > above ? limit - above : 1, &from);
	if (rc != 0) {
		page_clear(&before);
		page_clear(&from);
		return -1;
	}
	keep = before.n > above ? above : before.n;
	/* Merge: the last keep rows of before, then from. */
	page_clear(out);
	out->ncols = before.ncols ? before.ncols : from.ncols;
	out->n = keep + from.n;
	out->rows = xmalloc((out->n ? out->n : 1) * sizeof *out->rows);
	for (i = 0; i < before.n - keep; i++)
		row_free(&before.rows[i], before.ncols);
	if (keep)
		memcpy(out->rows, before.rows + before.n - keep, keep * sizeof *out->rows);
	if (from.n)
		memcpy(out->rows + keep, from.rows, from.n * sizeof *out->rows);
	free(before.rows);
	free(from.rows);
	*sel = keep < out->n ? keep : (out->n ? out->n - 1 : 0);
	return 0;
}

void
page_clear(page *p)
{
	for (size_t i = 0; i < p->n; i++)
		row_free(&p->rows[i], p->ncols);
	free(p->rows);
	p->rows = NULL;
	p->n = 0;
}
