/* bench_list.c - how long a list page takes over a big survey_response table, by position.
 * Keyset pagination should make every page cost about the same, wherever it is in the list;
 * this loads N rows into a fresh database with the real schema and times pages at the start,
 * middle and end, and a long walk. Usage: bench_list [N] (default 1000000). */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "migrate.h"
#include "pagesource.h"
#include "util.h"
#define BENCH_NAME "bench_list"
#include "benchutil.h"

#define PAGE_ROWS 25
#define WALK_PAGES 1000
#define REPEATS 21
#define DAYS 3653            /* surveys spread over ten years: many rows share a date */
#define MIN_ROWS (3 * PAGE_ROWS * WALK_PAGES)   /* the walk from the middle must not run off the end */

static const page_column cols[] = {
	{ "surveyed_on", false, true },
	{ "community", false, true },
	{ "estate", false, true },
	{ "template", false, false },
};

static const page_query query = {
	.from = "survey_response", .id_expr = "id", .deleted_col = "deleted",
	.search_expr = "community || ' ' || estate", .cols = cols, .ncols = 4,
};

/* ---- loading ------------------------------------------------------------------------ */

/* The DAYS dates from 2015-01-01 as YYYY-MM-DD. */
static void
make_dates(char dates[DAYS][11])
{
	for (int d = 0; d < DAYS; d++) {
		time_t t = 1420070400 + (time_t)d * 86400;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(dates[d], 11, "%Y-%m-%d", &tm);
	}
}

/* Bind row i: a 36-character id unique by its tail, a date, a community and estate, 1% deleted. */
static void
bind_row(sqlite3_stmt *st, long i, char dates[DAYS][11])
{
	uint64_t r = mix((uint64_t)i);
	char id[64], community[32], estate[32];

	snprintf(id, sizeof id, "%08x-%04x-4%03x-8%03x-%012lx", (unsigned)(r >> 32),
	    (unsigned)(r >> 16) & 0xffff, (unsigned)(r >> 4) & 0xfff, (unsigned)(r >> 52) & 0xfff, (unsigned long)i & 0xffffffffffffUL);
	snprintf(community, sizeof community, "社区%02u", (unsigned)(r >> 20) % 40);
	snprintf(estate, sizeof estate, "小区%03u", (unsigned)(r >> 28) % 300);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, (r >> 40) % 100 == 0);
	sqlite3_bind_text(st, 3, community, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, estate, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, dates[r % DAYS], -1, SQLITE_STATIC);
}

/* Insert n rows in one transaction through one prepared statement. */
static void
load(sqlite3 *db, long n)
{
	static char dates[DAYS][11];
	sqlite3_stmt *st;

	make_dates(dates);
	/* Load speed is not what is measured: no need to wait for the disk. */
	sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	bench_exec(db, "BEGIN", "begin");
	if (sqlite3_prepare_v2(db, "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc,"
	    " operator, deleted, template, template_version, community, estate, surveyed_on, answers)"
	    " VALUES (?1, 'bench-office', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z',"
	    " '0000000001704067200000-0000', 'bench', ?2, 'residents-2024', '1', ?3, ?4, ?5,"
	    " '{\"q1\":\"yes\",\"q2\":\"no\",\"q3\":\"3\",\"q4\":\"a b\",\"q5\":\"满意\"}')",
	    -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare insert");
	for (long i = 0; i < n; i++) {
		bind_row(st, i, dates);
		bench_step(db, st, "insert");
	}
	sqlite3_finalize(st);
	bench_exec(db, "COMMIT", "commit");
	sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

/* ---- looking at the SQL ----------------------------------------------------------- */

/* What marks the page query to show: the first keyed "after" query the source runs. */
static const char *const page_needles[] = { ") > (:key", NULL };

/* ---- timing ------------------------------------------------------------------------- */

typedef struct key {
	char *sort_value, *id;
} key;

/* Key of the visible row at fraction f of the list. Setup only, not timed: OFFSET is fine here. */
static key
key_at(sqlite3 *db, double f)
{
	sqlite3_stmt *st;
	key k = { NULL, NULL };
	long long n = 0;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM survey_response WHERE deleted = 0", -1, &st, NULL) == SQLITE_OK
	    && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT surveyed_on, id FROM survey_response WHERE deleted = 0"
	    " ORDER BY surveyed_on, id LIMIT 1 OFFSET ?", -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare key");
	sqlite3_bind_int64(st, 1, (long long)(f * (double)n));
	if (sqlite3_step(st) == SQLITE_ROW) {
		k.sort_value = xstrdup((const char *)sqlite3_column_text(st, 0));
		k.id = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return k;
}

/* One page in direction before or after k; microseconds, exits if the page is not full. */
static double
one_page(page_source *ps, bool before, const key *k, page *p)
{
	double t0 = now_us(), t;
	int rc = before ? ps->before(ps, k->sort_value, k->id, PAGE_ROWS, p)
	    : ps->after(ps, k->sort_value, k->id, PAGE_ROWS, p);

	t = now_us() - t0;
	if (rc != 0 || p->n != PAGE_ROWS) {
		fprintf(stderr, "bench_list: page failed (rc %d, %zu rows)\n", rc, p->n);
		exit(1);
	}
	return t;
}

/* Time the same page REPEATS times: first call and median. */
static void __attribute__((noinline))
measure_page(page_source *ps, const char *what, bool before, const key *k)
{
	double t[REPEATS], first;
	page p = { 0 };

	for (int i = 0; i < REPEATS; i++)
		t[i] = one_page(ps, before, k, &p);
	first = t[0];
	printf("page.%s.first %.1f us\npage.%s.median %.1f us\n", what, first, what, bench_median(t, REPEATS));
	page_clear(&p);
}

static double
mean(const double *t, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += t[i];
	return s / (double)n;
}

/* WALK_PAGES consecutive pages after k, each keyed by the last row of the one before, as a list view
 * scrolls. Named so callgrind can count only this: --collect-atstart=no --toggle-collect='measure_walk*'
 * (the * because the compiler may clone it as measure_walk.isra.0). */
static void __attribute__((noinline))
measure_walk(page_source *ps, const key *k)
{
	static double t[WALK_PAGES];
	double med;
	page p = { 0 };
	key cur = *k;

	for (int i = 0; i < WALK_PAGES; i++) {
		t[i] = one_page(ps, false, &cur, &p);
		cur.sort_value = p.rows[p.n - 1].sort_value;
		cur.id = p.rows[p.n - 1].id;
	}
	printf("walk.mean %.1f us\nwalk.first100_mean %.1f us\nwalk.last100_mean %.1f us\n",
	    mean(t, WALK_PAGES), mean(t, 100), mean(t + WALK_PAGES - 100, 100));
	med = bench_median(t, WALK_PAGES);        /* sorts t first: p99 and max read it after */
	printf("walk.median %.1f us\nwalk.p99 %.1f us\nwalk.max %.1f us\n", med,
	    t[WALK_PAGES * 99 / 100], t[WALK_PAGES - 1]);
	page_clear(&p);
}

static void
measure(sqlite3 *db, page_source *ps)
{
	static const double at[] = { 0.01, 0.5, 0.99 };
	key none = { NULL, NULL }, k;
	double t0;
	long long n;

	measure_page(ps, "first", false, &none);
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		char what[64];
		k = key_at(db, at[i]);
		snprintf(what, sizeof what, "after_key_at_%.0fpct", at[i] * 100);
		measure_page(ps, what, false, &k);
		snprintf(what, sizeof what, "before_key_at_%.0fpct", at[i] * 100);
		measure_page(ps, what, true, &k);
		if (at[i] == 0.5)
			measure_walk(ps, &k);
		free(k.sort_value);
		free(k.id);
	}
	measure_page(ps, "last", true, &none);
	t0 = now_us();
	n = ps->count(ps);
	printf("count.on_request %.1f ms\ncount.rows %lld rows\n", (now_us() - t0) / 1e3, n);
}

/* ---- main ------------------------------------------------------------------------- */

static long
peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	char dir[] = "/tmp/lcbench-XXXXXX", *path, *err = NULL;
	sqlite3 *db;
	page_source *ps;
	struct stat sb;
	double t0;

	if (n < MIN_ROWS || !mkdtemp(dir)) {
		fprintf(stderr, "usage: bench_list [rows >= %d]\n", MIN_ROWS);
		return 2;
	}
	path = xasprintf("%s/bench.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(db, path);
	if (migrate_apply(db, &err) != 0) {
		fprintf(stderr, "bench_list: %s\n", err);
		return 1;
	}
	t0 = now_us();
	load(db, n);
	stat(path, &sb);
	printf("paging.rows %ld rows\npaging.load %.1f s\npaging.database_size %.0f MB\n", n,
	    (now_us() - t0) / 1e6, (double)sb.st_size / 1048576.0);
	ps = pagesource_sql_new(db, &query);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, bench_trace_keep, (void *)page_needles);
	measure(db, ps);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	bench_print_plan(db, bench_traced_sql);
	printf("paging.peak_rss %ld KB\n", peak_rss_kb());
	ps->free(ps);
	sqlite3_close(db);
	bench_remove_db(path);
	rmdir(dir);
	free(path);
	sqlite3_free(bench_traced_sql);
	return 0;
}
