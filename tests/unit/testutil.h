/* testutil.h - helpers shared by the unit tests (temporary directories, files, fresh databases, the
 * office identity). Header-only; every unit test links the core library. */
#ifndef LC_TESTUTIL_H
#define LC_TESTUTIL_H

#include <dirent.h>
#include <ftw.h>
#include <locale.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "migrate.h"
#include "pagesource.h"
#include "refdata.h"
#include "settings.h"
#include "tap.h"
#include "util.h"

static int
testutil_rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove dir and everything below it. */
static __attribute__((unused)) void
rm_rf(const char *dir)
{
	nftw(dir, testutil_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whole contents of path, NUL-terminated (NULL when it cannot be read); *len gets the size. */
static __attribute__((unused)) char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 4096);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Write len bytes of buf to path (replacing it); true on success. */
static __attribute__((unused)) bool
spew(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool good;

	if (!f)
		return false;
	good = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && good;
}

/* Run sql on db; on failure print "# sql: why" (the test's own assertions say what it means). */
static __attribute__((unused)) void
test_exec(sqlite3 *db, const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK) {
		printf("# %s: %s\n", sql, e ? e : "?");
		sqlite3_free(e);
	}
}

/* A fresh in-memory database with foreign keys on, migrated fully (target < 0) or to schema version
 * target, and with the reference data from refdata_dir() when with_refdata; NULL after a "# " note
 * on failure. */
static __attribute__((unused)) sqlite3 *
test_fresh_db(int target, bool with_refdata)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if ((target < 0 ? migrate_apply(db, &err) : migrate_apply_to(db, target, &err)) != 0) {
		printf("# migrate: %s\n", err ? err : "?");
		free(err);
		sqlite3_close(db);
		return NULL;
	}
	if (with_refdata && refdata_load(db, refdata_dir(), &err) != 0) {
		printf("# refdata_load: %s\n", err ? err : "?");
		free(err);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Entries in dir besides . and .. (hidden ones too: a temporary file may be hidden); 0 when dir cannot be read. */
static __attribute__((unused)) int
test_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

/* What most tests of records start with: the C.UTF-8 locale (else the environment's), then a fresh
 * migrated database with reference data, reported as the first check. NULL when it failed. */
static __attribute__((unused)) sqlite3 *
test_start_db(void)
{
	sqlite3 *db;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	db = test_fresh_db(-1, true);
	ok(db != NULL, "a migrated database with reference data");
	return db;
}

/* A whole test program of records: test_start_db, then each of the n tests on that database in
 * order; main's exit status. */
static __attribute__((unused)) int
test_run_on_db(void (*const *tests)(sqlite3 *db), size_t n)
{
	sqlite3 *db = test_start_db();

	if (!db)
		return tap_done();
	for (size_t i = 0; i < n; i++)
		tests[i](db);
	sqlite3_close(db);
	return tap_done();
}


/* The last keyed page query ("... (:key, :id) ...") a page source ran on a database traced with
 * test_trace_pages (heap, or NULL before one ran); the test frees it. */
static __attribute__((unused)) char *test_traced_page;

static __attribute__((unused)) int
test_trace_page_cb(unsigned type, void *ud, void *p, void *x)
{
	(void)type;
	(void)ud;
	(void)p;
	if (strstr(x, "(:key, :id)")) {
		free(test_traced_page);
		test_traced_page = xstrdup(x);
	}
	return 0;
}

/* Start (on) or stop keeping db's keyed page queries in test_traced_page. */
static __attribute__((unused)) void
test_trace_pages(sqlite3 *db, bool on)
{
	sqlite3_trace_v2(db, on ? SQLITE_TRACE_STMT : 0, on ? test_trace_page_cb : NULL, NULL);
}
/* The query plan of ps's keyed page query (the first page of one row, then the page after that row;
 * *pg gets it), on a db traced with test_trace_pages (heap; SELECT 1's plan when none ran, so a test
 * also checks test_traced_page). */
static char *test_query_plan(sqlite3 *db, const char *sql);
static __attribute__((unused)) char *
test_keyed_page_plan(sqlite3 *db, page_source *ps, page *pg)
{
	free(test_traced_page);
	test_traced_page = NULL;
	ps->after(ps, NULL, NULL, 1, pg);
	if (pg->n)
		ps->after(ps, pg->rows[0].sort_value, pg->rows[0].id, 1, pg);
	return test_query_plan(db, test_traced_page ? test_traced_page : "SELECT 1");
}

/* SQLite's query plan for sql, each step's detail followed by "; " (heap; "" when sql does not
 * prepare, with a "# " note). */
static __attribute__((unused)) char *
test_query_plan(sqlite3 *db, const char *sql)
{
	char *q = xasprintf("EXPLAIN QUERY PLAN %s", sql), *plan = xstrdup("");
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		printf("# %s\n", sqlite3_errmsg(db));
	else {
		while (sqlite3_step(st) == SQLITE_ROW) {
			char *t = xasprintf("%s%s; ", plan, (const char *)sqlite3_column_text(st, 3));
			free(plan);
			plan = t;
		}
		sqlite3_finalize(st);
	}
	free(q);
	return plan;
}

/* True when the plan of sql reads index idx in order, without sorting in a temporary b-tree. */
static __attribute__((unused)) bool
test_plan_walks_index(sqlite3 *db, const char *sql, const char *idx)
{
	char *plan = test_query_plan(db, sql);
	bool walks = strstr(plan, idx) != NULL && strstr(plan, "TEMP B-TREE") == NULL;

	free(plan);
	return walks;
}

/* Save the test office's identity (滨河社区, 海勃湾区, HBW-0101) with operator_name as the operator;
 * true on success, else a "# " note and false. */
static __attribute__((unused)) bool
save_identity(sqlite3 *db, const char *operator_name)
{
	office_identity id = { .community = "滨河社区", .subdistrict = "", .district = "海勃湾区",
		.office_code = "HBW-0101", .operator_name = (char *)operator_name };
	char *err = NULL;
	int rc = settings_identity_save(db, &id, &err);

	if (rc != 0)
		printf("# settings_identity_save: %s\n", err ? err : "?");
	free(err);
	return rc == 0;
}

/* A whole test program of an office's records in a folder of its own: the C.UTF-8 locale, dir made
 * (a mkdtemp template), a fresh migrated database with reference data and the test office (operator
 * 张琦) as the first check, each of the n tests on it in order, then dir removed; main's exit status. */
static __attribute__((unused)) int
test_run_in_office(char *dir, void (*const *tests)(sqlite3 *db), size_t n)
{
	sqlite3 *db;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (!mkdtemp(dir))
		return 1;
	db = test_fresh_db(-1, true);
	ok(db != NULL && save_identity(db, "张琦"), "a migrated database with reference data and an office");
	if (!db)
		return tap_done();
	for (size_t i = 0; i < n; i++)
		tests[i](db);
	sqlite3_close(db);
	rm_rf(dir);
	return tap_done();
}

#endif
