/* test_pagesource.c - keyset pagination over SQLite: every row once and in order both ways, sorts,
 * search with literal wildcards, counts, edges, errors, and that the SQL never holds user text or OFFSET. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sqlite3.h>
#include "pagesource.h"
#include "util.h"
#include "tap.h"
#include "testutil.h"

#define NROWS 2500
#define PAGE 7

/* One row of the test table as C sees it, to work out the expected order without SQL. */
typedef struct prow {
	char id[16];
	char *name;          /* NULL for SQL NULL */
	bool age_null, score_null;
	long age;
	double score;
	char *note;
	bool deleted;
} prow;

static prow rows[NROWS];

static const char *const names[] = {
	"张伟", "王伟", "李娜", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴昊",
	"Zhang Wei", "", "张伟", "王芳", "伟", "Li Na", "徐", "孙丽", "马超", "朱伟",
};

static const page_column person_cols[] = {
	{ "name", false, true },
	{ "age", true, true },
	{ "score", true, true },
	{ "note", false, true },
};

static const page_query person_q = {
	.from = "person", .id_expr = "id", .where = "deleted = 0",
	.search_expr = "coalesce(name, '') || ' ' || note",
	.cols = person_cols, .ncols = 4,
};

static void
make_row(int i, prow *r)
{
	static const char *const notes[] = { "打折50%啦", "打折50啦", "a_b", "axb", "back\\slash" };
	int n = i % 100;

	/* 7919 is prime to NROWS, so ids are a permutation unrelated to the other columns. */
	snprintf(r->id, sizeof r->id, "r%04d", (i * 7919) % NROWS);
	r->name = i % 53 == 0 ? NULL : xstrdup(names[i % 20]);
	r->age_null = i % 41 == 0;
	r->age = (i * 13) % 97 - 5;
	r->score_null = i % 37 == 0;
	/* Multiples of 0.1 include 0.30000000000000004, which 15 digits cannot carry. */
	r->score = (i % 30) * 0.1;
	r->note = xstrdup(n >= 7 && n < 12 ? notes[n - 7] : "普通");
	r->deleted = i % 10 == 9;
}

static int
insert_rows(sqlite3 *db)
{
	sqlite3_stmt *st;
	int rc = 0;

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO person VALUES (?, ?, ?, ?, ?, ?)", -1, &st, NULL);
	for (int i = 0; i < NROWS; i++) {
		prow *r = &rows[i];
		make_row(i, r);
		sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
		if (r->age_null)
			sqlite3_bind_null(st, 3);
		else
			sqlite3_bind_int64(st, 3, r->age);
		if (r->score_null)
			sqlite3_bind_null(st, 4);
		else
			sqlite3_bind_double(st, 4, r->score);
		sqlite3_bind_text(st, 5, r->note, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, r->deleted);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ---- expected order, worked out in C ------------------------------------------------ */

static int sort_col;
static bool sort_desc;

static double
num_key(const prow *r)
{
	if (sort_col == 1)
		return r->age_null ? -9e307 : (double)r->age;
	return r->score_null ? -9e307 : r->score;
}

static int
cmp_rows(const void *a, const void *b)
{
	const prow *x = *(const prow *const *)a, *y = *(const prow *const *)b;
	int c;

	if (sort_col == 0) {
		c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
	} else if (sort_col == 4) {
		char ax[24] = "", ay[24] = "";
		/* Age sorted as text: decimal digits compared as strings, NULL as ''. */
		if (!x->age_null)
			snprintf(ax, sizeof ax, "%ld", x->age);
		if (!y->age_null)
			snprintf(ay, sizeof ay, "%ld", y->age);
		c = strcmp(ax, ay);
	} else if (sort_col == 3) {
		c = strcmp(x->note, y->note);
	} else {
		double kx = num_key(x), ky = num_key(y);
		c = kx < ky ? -1 : kx > ky;
	}
	if (c == 0)
		c = strcmp(x->id, y->id);
	return sort_desc ? -c : c;
}

/* The search text as the query builds it: name (or '') and note. */
static bool
matches(const prow *r, const char *filter)
{
	char *text;
	bool m;

	if (!filter)
		return true;
	text = xasprintf("%s %s", r->name ? r->name : "", r->note);
	/* Only ASCII letters fold, as with LIKE; the filters used here have no other letters. */
	m = strcasestr(text, filter) != NULL;
	free(text);
	return m;
}

/* Ids of the visible rows matching filter, in the order col/desc; returns how many. */
static size_t
expected(int col, bool desc, const char *filter, const char **out)
{
	const prow *sel[NROWS];
	size_t n = 0;

	for (int i = 0; i < NROWS; i++)
		if (!rows[i].deleted && matches(&rows[i], filter))
			sel[n++] = &rows[i];
	sort_col = col;
	sort_desc = desc;
	qsort(sel, n, sizeof sel[0], cmp_rows);
	for (size_t i = 0; i < n; i++)
		out[i] = sel[i]->id;
	return n;
}

/* ---- walking ------------------------------------------------------------------------ */

/* Walk the whole list forward page by page, keys taken from the page being replaced; ids into got.
 * Returns the number of rows, or -1 when a call failed or a page was short before the end. */
static long
walk_forward(page_source *ps, char **got)
{
	page p = { 0 };
	long n = 0;
	bool last = false;

	if (ps->after(ps, NULL, NULL, PAGE, &p) != 0)
		return -1;
	while (p.n > 0) {
		if (last || p.n > PAGE || n + (long)p.n > NROWS)
			n = -1;
		if (n < 0)
			break;
		last = p.n < PAGE;
		for (size_t i = 0; i < p.n; i++)
			got[n++] = xstrdup(p.rows[i].id);
		if (ps->after(ps, p.rows[p.n - 1].sort_value, p.rows[p.n - 1].id, PAGE, &p) != 0)
			n = -1;
	}
	page_clear(&p);
	return n;
}

/* Walk backward from the last page; ids into got in display order. */
static long
walk_backward(page_source *ps, char **got)
{
	page p = { 0 };
	long n = 0;
	bool first = false;

	if (ps->before(ps, NULL, NULL, PAGE, &p) != 0)
		return -1;
	while (p.n > 0) {
		if (first || p.n > PAGE || n + (long)p.n > NROWS)
			n = -1;
		if (n < 0)
			break;
		first = p.n < PAGE;
		/* Collected last to first, reversed below. */
		for (size_t i = p.n; i-- > 0;)
			got[n++] = xstrdup(p.rows[i].id);
		if (ps->before(ps, p.rows[0].sort_value, p.rows[0].id, PAGE, &p) != 0)
			n = -1;
	}
	page_clear(&p);
	for (long i = 0, j = n - 1; i < j; i++, j--) {
		char *t = got[i];
		got[i] = got[j];
		got[j] = t;
	}
	return n;
}

/* Check a walk against the expected ids: same count, same ids in the same order. */
static void
check_walk(page_source *ps, bool backward, int col, bool desc, const char *filter, const char *what)
{
	static const char *want[NROWS];
	static char *got[NROWS];
	size_t nwant = expected(col, desc, filter, want);
	long n = backward ? walk_backward(ps, got) : walk_forward(ps, got);
	long bad = -1;

	is_int(n, (long)nwant, "%s: every row seen once", what);
	for (long i = 0; i < n && i < (long)nwant; i++)
		if (bad < 0 && strcmp(got[i], want[i]) != 0)
			bad = i;
	is_int(bad, -1, "%s: in order (first wrong position)", what);
	for (long i = 0; i < n; i++)
		free(got[i]);
}

static void
test_walks(page_source *ps)
{
	check_walk(ps, false, 0, false, NULL, "name ascending forward");
	check_walk(ps, true, 0, false, NULL, "name ascending backward");
	ps->set_sort(ps, 1, false);
	check_walk(ps, false, 1, false, NULL, "age (numeric) forward");
	check_walk(ps, true, 1, false, NULL, "age (numeric) backward");
	ps->set_sort(ps, 2, false);
	check_walk(ps, false, 2, false, NULL, "score (real) forward");
	check_walk(ps, true, 2, false, NULL, "score (real) backward");
	ps->set_sort(ps, 0, true);
	check_walk(ps, false, 0, true, NULL, "name descending forward");
	check_walk(ps, true, 0, true, NULL, "name descending backward");
	ps->set_sort(ps, 1, true);
	check_walk(ps, false, 1, true, NULL, "age descending forward");
	check_walk(ps, true, 1, true, NULL, "age descending backward");
	ps->set_sort(ps, 99, false);
	check_walk(ps, false, 1, true, NULL, "a sort column out of range is ignored");
	ps->set_sort(ps, 0, false);
}

/* Columns whose values are not of the type their sort says: numbers sorted as text, and text
 * holding digits sorted as numbers. Keys must still compare the way the rows were ordered. */
static void
test_mixed_types(sqlite3 *db)
{
	static const page_column cols[] = { { "age", false, true }, { "age || ''", true, true } };
	static const page_query q = { .from = "person", .id_expr = "id", .where = "deleted = 0",
		.cols = cols, .ncols = 2 };
	page_source *ps = pagesource_sql_new(db, &q);

	check_walk(ps, false, 4, false, NULL, "integers sorted as text forward");
	check_walk(ps, true, 4, false, NULL, "integers sorted as text backward");
	ps->set_sort(ps, 1, false);
	check_walk(ps, false, 1, false, NULL, "digits in text sorted as numbers forward");
	check_walk(ps, true, 1, false, NULL, "digits in text sorted as numbers backward");
	ps->free(ps);
}

/* Integers past 2^53 differ by less than a double can tell: a key bound as double would repeat rows. */
static void
test_big_integers(sqlite3 *db)
{
	static const page_column cols[] = { { "n", true, true } };
	static const page_query q = { .from = "big", .id_expr = "id", .cols = cols, .ncols = 1 };
	page_source *ps;
	page p = { 0 };
	long n = 0;

	sqlite3_exec(db, "CREATE TABLE big (id TEXT PRIMARY KEY NOT NULL, n INTEGER NOT NULL);"
	    "INSERT INTO big VALUES ('a', 9007199254740993), ('b', 9007199254740993),"
	    " ('c', 9007199254740992), ('d', 9007199254740994), ('e', 9223372036854775807);",
	    NULL, NULL, NULL);
	ps = pagesource_sql_new(db, &q);
	ps->after(ps, NULL, NULL, 1, &p);
	while (p.n > 0 && n <= 5) {
		n++;
		ps->after(ps, p.rows[0].sort_value, p.rows[0].id, 1, &p);
	}
	is_int(n, 5, "integers past 2^53 page one by one exactly");
	page_clear(&p);
	ps->free(ps);
}

static void
test_cells(page_source *ps)
{
	page p = { 0 };
	int rc = ps->after(ps, NULL, NULL, 3, &p);

	/* Sorted by name with NULLs as '': the first rows have no name, shown as "". */
	is_int(rc, 0, "first page");
	is_int(p.n, 3, "limit honoured");
	is_int(p.ncols, 4, "page knows its columns");
	is_str(p.rows[0].sort_value, "", "NULL sorts as ''");
	is_str(p.rows[0].cells[0], "", "NULL cell is ''");
	ok(p.rows[0].cells[3] && p.rows[0].cells[3][0], "other cells filled");
	ps->set_sort(ps, 2, false);
	rc = ps->after(ps, NULL, NULL, 1, &p);
	is_int(rc, 0, "numeric first page");
	is_str(p.rows[0].cells[2], "", "NULL number cell is ''");
	ps->set_sort(ps, 0, false);
	page_clear(&p);
	ok(p.n == 0 && p.rows == NULL, "page_clear empties");
}

static void
test_search(page_source *ps)
{
	const char *want[NROWS];

	ps->set_filter(ps, "伟");
	check_walk(ps, false, 0, false, "伟", "Chinese search forward");
	check_walk(ps, true, 0, false, "伟", "Chinese search backward");
	is_int(ps->count(ps), (long)expected(0, false, "伟", want), "count with Chinese search");
	ps->set_filter(ps, "50%");
	is_int(ps->count(ps), (long)expected(0, false, "50%", want), "literal %% is no wildcard");
	check_walk(ps, false, 0, false, "50%", "search for literal %%");
	ps->set_filter(ps, "a_b");
	is_int(ps->count(ps), (long)expected(0, false, "a_b", want), "literal _ is no wildcard");
	ps->set_filter(ps, "\\");
	is_int(ps->count(ps), (long)expected(0, false, "\\", want), "literal backslash");
	ps->set_filter(ps, "ZHANG");
	is_int(ps->count(ps), (long)expected(0, false, "zhang", want), "ASCII search ignores case");
	ps->set_filter(ps, "no such text");
	is_int(ps->count(ps), 0, "search with no match counts 0");
	ps->set_filter(ps, "");
	is_int(ps->count(ps), (long)expected(0, false, NULL, want), "empty filter is no filter");
	ps->set_filter(ps, NULL);
	is_int(ps->count(ps), (long)expected(0, false, NULL, want), "count without filter");
}

/* The key of the first or last row of the whole list. */
static void
end_key(page_source *ps, bool last, char **sv, char **id)
{
	page p = { 0 };

	if (last)
		ps->before(ps, NULL, NULL, 1, &p);
	else
		ps->after(ps, NULL, NULL, 1, &p);
	*sv = p.n ? xstrdup(p.rows[0].sort_value) : NULL;
	*id = p.n ? xstrdup(p.rows[0].id) : NULL;
	page_clear(&p);
}

static void
test_edges(page_source *ps)
{
	page p = { 0 };
	char *sv, *id;
	int rc;

	end_key(ps, false, &sv, &id);
	rc = ps->before(ps, sv, id, PAGE, &p);
	ok(rc == 0 && p.n == 0, "nothing before the first row");
	free(sv);
	free(id);
	end_key(ps, true, &sv, &id);
	rc = ps->after(ps, sv, id, PAGE, &p);
	ok(rc == 0 && p.n == 0, "nothing after the last row");
	free(sv);
	free(id);
	rc = ps->after(ps, NULL, NULL, 0, &p);
	ok(rc == 0 && p.n == 0, "limit 0 gives an empty page");
	page_clear(&p);
}

static void
test_empty_and_error(sqlite3 *db)
{
	static const page_column cols[] = { { "name", false, true } };
	page_query q = { .from = "empty_t", .id_expr = "id", .cols = cols, .ncols = 1, .search_expr = "name" };
	page_source *ps;
	page p = { 0 };
	page_row keep;

	sqlite3_exec(db, "CREATE TABLE empty_t (id TEXT PRIMARY KEY, name TEXT)", NULL, NULL, NULL);
	ps = pagesource_sql_new(db, &q);
	ok(ps->after(ps, NULL, NULL, PAGE, &p) == 0 && p.n == 0, "empty table: no first page");
	ok(ps->before(ps, NULL, NULL, PAGE, &p) == 0 && p.n == 0, "empty table: no last page");
	is_int(ps->count(ps), 0, "empty table counts 0");
	ps->free(ps);

	/* A good page first, to see that a failing call leaves it alone. */
	q.from = "person";
	ps = pagesource_sql_new(db, &q);
	ps->after(ps, NULL, NULL, 2, &p);
	ps->free(ps);
	keep = p.rows[0];
	q.from = "missing_table";
	ps = pagesource_sql_new(db, &q);
	is_int(ps->after(ps, NULL, NULL, PAGE, &p), -1, "SQL error gives -1 (after)");
	is_int(ps->before(ps, "x", "y", PAGE, &p), -1, "SQL error gives -1 (before)");
	ok(p.n == 2 && p.rows[0].id == keep.id, "failed call leaves the page as it was");
	is_int(ps->count(ps), -1, "SQL error gives -1 (count)");
	ps->free(ps);
	page_clear(&p);
}

/* Reload keeps the row: page_around reads the rows around a key, the keyed row at the given place;
 * if that row is gone its successor takes the place. */
static void
test_around(sqlite3 *db, page_source *ps)
{
	const char *want[NROWS];
	size_t n = expected(0, false, NULL, want), sel = 99;
	page p = { 0 }, all = { 0 };
	char *gone_id;

	ps->set_sort(ps, 0, false);
	ps->after(ps, NULL, NULL, 200, &all);
	ok(all.n == 200 && n > 200, "200 rows read for the key");
	is_int(page_around(ps, all.rows[100].sort_value, all.rows[100].id, 3, 10, &p, &sel), 0, "page_around");
	is_int(p.n, 10, "a full page around the row");
	is_int(sel, 3, "the row keeps its place (3 rows above it)");
	is_str(p.rows[sel].id, want[100], "the selected row is the same row");
	is_str(p.rows[0].id, want[97], "the rows above are its neighbours");
	is_str(p.rows[9].id, want[106], "the rows below too");
	/* The key may point into the page being replaced. */
	is_int(page_around(ps, p.rows[sel].sort_value, p.rows[sel].id, 3, 10, &p, &sel), 0, "page_around from its own page");
	is_str(p.rows[sel].id, want[100], "still the same row");
	gone_id = xstrdup(want[100]);
	{
		char *sql = sqlite3_mprintf("UPDATE person SET deleted = 1 WHERE id = %Q", gone_id);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	is_int(page_around(ps, p.rows[sel].sort_value, p.rows[sel].id, 3, 10, &p, &sel), 0, "page_around a deleted row");
	is_str(p.rows[sel].id, want[101], "its successor takes its place");
	is_str(p.rows[sel - 1].id, want[99], "with its predecessor above");
	is_int(page_around(ps, all.rows[0].sort_value, all.rows[0].id, 5, 10, &p, &sel), 0, "page_around the first row");
	is_int(sel, 0, "nothing above the first row");
	is_str(p.rows[0].id, want[0], "the first row is first");
	{
		char *sql = sqlite3_mprintf("UPDATE person SET deleted = 0 WHERE id = %Q", gone_id);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	free(gone_id);
	page_clear(&p);
	page_clear(&all);
}

/* key_of gives the sort value a row has under each sort (text, numeric with NULLs, a REAL): page_around
 * from it finds the very row, as listview_select does after a save; an unknown id is 1. */
static void
test_key_of(page_source *ps)
{
	const char *want[NROWS];
	char *sv = NULL;
	page p = { 0 };
	size_t sel, n;
	int bad = 0;

	for (size_t col = 0; col < 3; col++) {
		ps->set_sort(ps, col, col == 1);
		n = expected(col, col == 1, NULL, want);
		for (size_t i = 0; i < n; i += n / 37 + 1) {
			if (ps->key_of(ps, want[i], &sv) != 0 || page_around(ps, sv, want[i], 2, 6, &p, &sel) != 0
			    || strcmp(p.rows[sel].id, want[i]) != 0 || (i >= 2 && sel != 2)) {
				bad++;
				printf("# sort %zu, row %zu (%s): not found from its key\n", col, i, want[i]);
			}
			free(sv);
			sv = NULL;
		}
	}
	is_int(bad, 0, "key_of: page_around from the key finds the row under every sort");
	is_int(ps->key_of(ps, "no-such-id", &sv), 1, "key_of: an unknown id is 1");
	ok(sv == NULL, "... with no value");
	ps->set_sort(ps, 0, false);
	page_clear(&p);
}

/* Errors carry SQLite's message; sortable marks; named conditions with hostile values; deleted rows. */
static void
test_source_api(sqlite3 *db)
{
	static const page_column cols[] = { { "name", false, true }, { "note", false, false } };
	static const page_cond conds[] = { { "note", "note = :note" }, { "name", "name = :name" } };
	static const page_query q = { .from = "person", .id_expr = "id", .deleted_col = "deleted",
		.search_expr = "note", .cols = cols, .ncols = 2, .conds = conds, .nconds = 2 };
	static const page_query bad = { .from = "no_such_table", .id_expr = "id", .cols = cols, .ncols = 2 };
	const char *want[NROWS];
	page_source *ps = pagesource_sql_new(db, &q);
	page p = { 0 };
	long live = 0, dead = 0;

	for (int i = 0; i < NROWS; i++)
		if (rows[i].deleted)
			dead++;
		else
			live++;
	is_int(ps->count(ps), live, "live rows only by default");
	ok(ps->error(ps) == NULL, "no error after a good call");
	ok(ps->set_show_deleted(ps, true), "show deleted");
	is_int(ps->count(ps), dead, "then only the deleted rows");
	ps->set_show_deleted(ps, false);
	is_int(ps->count(ps), (long)expected(0, false, NULL, want), "live again");
	ok(ps->sortable(ps, 0) && !ps->sortable(ps, 1), "sortable marks are the query's");
	ps->set_sort(ps, 1, false);
	ps->after(ps, NULL, NULL, 1, &p);
	ok(p.n == 1 && strcmp(p.rows[0].sort_value, p.rows[0].cells[0]) == 0, "a column not sortable is not sorted by");

	is_int(ps->set_condition(ps, "note", "打折50%啦"), 0, "condition note");
	{
		long n = 0;
		for (int i = 0; i < NROWS; i++)
			n += !rows[i].deleted && strcmp(rows[i].note, "打折50%啦") == 0;
		is_int(ps->count(ps), n, "bound condition counts only equal notes (%% is no wildcard)");
	}
	ps->set_condition(ps, "note", "x'; DROP TABLE person; --");
	is_int(ps->count(ps), 0, "a hostile value (quote, semicolon) matches nothing");
	is_int(ps->after(ps, NULL, NULL, 5, &p), 0, "and pages fine");
	is_int(p.n, 0, "with no rows");
	ps->set_condition(ps, "note", NULL);
	is_int(ps->count(ps), live, "the table is still there, condition off");
	is_int(ps->set_condition(ps, "note; DROP", "x"), -1, "an unknown condition name is refused");
	ps->free(ps);

	ps = pagesource_sql_new(db, &bad);
	is_int(ps->after(ps, NULL, NULL, 5, &p), -1, "a missing table fails");
	ok(ps->error(ps) && strstr(ps->error(ps), "no such table"), "the error says why: %s", ps->error(ps) ? ps->error(ps) : "(none)");
	ok(!ps->set_show_deleted(ps, true), "no deleted rows to show without a tombstone column");
	ps->free(ps);
	page_clear(&p);
}

/* ---- the SQL itself --------------------------------------------------------------- */

static char *traced[64];
static int ntraced;

static int
trace_cb(unsigned type, void *ud, void *p, void *x)
{
	(void)type;
	(void)ud;
	(void)p;
	/* The source's own look-up of column types (and the pragma it runs) is not a page query. */
	if (ntraced < 64 && !strstr(x, "pragma_table_info") && strncmp(x, "--", 2) != 0)
		traced[ntraced++] = xstrdup(x);
	return 0;
}

/* A table shaped like the real ones (NOT NULL sort column, index on (column, id)): pages must be
 * index range scans, keys and search text must be bound, and the bare-column keys must paginate right. */
static void
test_sql_shape(sqlite3 *db)
{
	static const page_column cols[] = { { "code", false, true }, { "qty", true, true } };
	static const page_query q = { .from = "item", .id_expr = "id", .where = "deleted = 0",
		.search_expr = "code", .cols = cols, .ncols = 2 };
	page_source *ps;
	page p = { 0 };
	bool clean = true, indexed = true;
	long n = 0;

	sqlite3_exec(db, "CREATE TABLE item (id TEXT PRIMARY KEY NOT NULL, code TEXT NOT NULL,"
	    " qty INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);"
	    "CREATE INDEX item_code ON item (code, id); CREATE INDEX item_qty ON item (qty, id);"
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)"
	    " INSERT INTO item SELECT printf('i%04d', (i * 379) % 1000), printf('c%02d', i % 37),"
	    " (i * 7) % 50 - 25, 0 FROM n;", NULL, NULL, NULL);
	ps = pagesource_sql_new(db, &q);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_cb, NULL);
	ps->set_filter(ps, "x' OR 1=1 --");
	ps->count(ps);
	ps->set_filter(ps, NULL);
	ps->after(ps, "c05", "i0500", PAGE, &p);
	ps->before(ps, "c05", "i0500", PAGE, &p);
	ps->set_sort(ps, 1, true);
	ps->after(ps, "0", "i0500", PAGE, &p);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	is_int(ntraced, 4, "four statements traced");
	for (int i = 0; i < ntraced; i++) {
		clean &= !strcasestr(traced[i], "offset") && !strstr(traced[i], "1=1")
		    && !strstr(traced[i], "c05") && !strstr(traced[i], "i0500");
		if (i > 0)
			indexed &= test_plan_walks_index(db, traced[i], i < 3 ? "item_code" : "item_qty");
		free(traced[i]);
	}
	ok(clean, "no OFFSET and no user text or key in the SQL");
	ok(indexed, "pages are index range scans with no sort step");

	/* Walk the integer column with bare keys (bound as integers) to the end; a repeat would overshoot. */
	ps->set_sort(ps, 1, false);
	ps->after(ps, NULL, NULL, PAGE, &p);
	while (p.n > 0 && n <= 1000) {
		n += (long)p.n;
		ps->after(ps, p.rows[p.n - 1].sort_value, p.rows[p.n - 1].id, PAGE, &p);
	}
	is_int(n, 1000, "bare integer key walks all rows");
	page_clear(&p);
	ps->free(ps);
}

int
main(void)
{
	sqlite3 *db;
	page_source *ps;

	setlocale(LC_ALL, "C.UTF-8");
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "CREATE TABLE person (id TEXT PRIMARY KEY NOT NULL, name TEXT, age INTEGER,"
	    " score REAL, note TEXT NOT NULL, deleted INTEGER NOT NULL)", NULL, NULL, NULL);
	is_int(insert_rows(db), 0, "test rows inserted");
	ps = pagesource_sql_new(db, &person_q);
	test_walks(ps);
	test_cells(ps);
	test_search(ps);
	test_edges(ps);
	test_around(db, ps);
	test_key_of(ps);
	ps->free(ps);
	test_source_api(db);
	test_mixed_types(db);
	test_big_integers(db);
	test_empty_and_error(db);
	test_sql_shape(db);
	for (int i = 0; i < NROWS; i++) {
		free(rows[i].name);
		free(rows[i].note);
	}
	sqlite3_close(db);
	return tap_done();
}
