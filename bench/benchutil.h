/* benchutil.h - what every benchmark needs: a monotonic clock, cheap mixed numbers, a way to stop
 * on a database error, statements run or die, medians and a query plan. Header-only, so bench/run.sh
 * and bench/gaps.sh compile each bench_*.c alone.
 * Define BENCH_NAME (the program's name, for messages) before including it. */
#ifndef LC_BENCHUTIL_H
#define LC_BENCHUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "migrate.h"
#include "refdata.h"

#ifndef BENCH_NAME
#error "define BENCH_NAME before including benchutil.h"
#endif

/* Microseconds on the monotonic clock. */
static inline double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* splitmix64: cheap, well-mixed numbers so rows arrive in no particular order, as real ones do. */
static inline uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Say what failed (and SQLite's reason when there is a db) on stderr, then exit 1. */
static inline void __attribute__((noreturn))
die(sqlite3 *db, const char *what)
{
	fprintf(stderr, BENCH_NAME ": %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	exit(1);
}


/* Run sql (BEGIN, COMMIT, ...) or die naming what. */
static inline void
bench_exec(sqlite3 *db, const char *sql, const char *what)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, what);
}

/* Step an INSERT/UPDATE to its end (or die naming what), then reset it for the next row. */
static inline void
bench_step(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die(db, what);
	sqlite3_reset(st);
}

/* qsort order of doubles, smallest first. */
static inline int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sort the n timings t (n > 0) in place and return the median; t[n - 1] is then the slowest. */
static inline double
bench_median(double *t, size_t n)
{
	qsort(t, n, sizeof t[0], bench_cmp_double);
	return t[n / 2];
}

/* The first statement bench_trace_keep saw holding every needle; the bench frees it. */
static char *bench_traced_sql;

/* A SQLITE_TRACE_STMT callback (ud: a NULL-terminated array of needles) keeping the first statement
 * that holds them all in bench_traced_sql, to show its plan. */
static inline int
bench_trace_keep(unsigned type, void *ud, void *p, void *x)
{
	const char *const *needle = ud;

	(void)type;
	(void)p;
	if (bench_traced_sql)
		return 0;
	for (; *needle; needle++)
		if (!strstr(x, *needle))
			return 0;
	bench_traced_sql = sqlite3_mprintf("%s", (const char *)x);
	return 0;
}

/* Print sql (the page query a trace kept; NULL: not seen) and SQLite's plan for it, as "# " notes. */
static inline void
bench_print_plan(sqlite3 *db, const char *sql)
{
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql ? sql : "SELECT 1");
	sqlite3_stmt *st;

	printf("# page SQL: %s\n", sql ? sql : "(not seen)");
	if (q && sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW)
			printf("# plan:     %s\n", sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
	}
	sqlite3_free(q);
}

/* A database in a new temporary file named from path (a mkstemp template, XXXXXX replaced), pragmas
 * run, the schema migrated and, when refdata, the reference data loaded; exits 1 when one fails. */
static inline sqlite3 *
bench_open_db(char *path, const char *pragmas, bool refdata)
{
	sqlite3 *db;
	char *err = NULL;
	int fd = mkstemp(path);

	if (fd < 0)
		die(NULL, path);
	close(fd);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(db, "open");
	sqlite3_exec(db, pragmas, NULL, NULL, NULL);
	if (migrate_apply(db, &err) != 0 || (refdata && refdata_load(db, refdata_dir(), &err) != 0)) {
		fprintf(stderr, BENCH_NAME ": %s\n", err);
		exit(1);
	}
	return db;
}

/* Remove the database file at path and the -wal and -shm files SQLite may have left beside it. */
static inline void
bench_remove_db(const char *path)
{
	char *side = sqlite3_mprintf("%s-wal", path);

	unlink(path);
	unlink(side);
	sqlite3_free(side);
	side = sqlite3_mprintf("%s-shm", path);
	unlink(side);
	sqlite3_free(side);
}

#endif
