/* bench_sync.c - file exchange at district scale: a district database of N survey responses over
 * C communities, and one community's file of F new responses. Times, side by side: the export of
 * the community file and of the whole district, the import of the community file into the district,
 * the same file imported again, and the raw copy `INSERT INTO main.survey_response SELECT * FROM
 * other.survey_response` of the same rows into a copy of the district database taken before the
 * import (same schema, its indexes and triggers included). Prints "name value unit" lines.
 * Usage: bench_sync DIR [responses [communities [file_rows]]] (default 1000000 100 10000). */
#define BENCH_NAME "bench_sync"
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <unistd.h>
#include "benchutil.h"
#include "db.h"
#include "refdata.h"
#include "settings.h"
#include "sync.h"
#include "util.h"

/* Fill db with n responses (ids tagged with prefix, clocks from base_ms) spread over communities. */
static void
fill(sqlite3 *db, long long n, int communities, unsigned prefix, long long base_ms, const char *origin)
{
	sqlite3_stmt *st;
	char *sql = xasprintf("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %lld)"
	    " INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, operator, deleted, template,"
	    " template_version, community, estate, surveyed_on, answers, base, change_seq)"
	    " SELECT printf('%%08x-%%04x-7000-8000-%%012d', %u, i %% 65536, i), '%s', '2026-01-01T00:00:00Z',"
	    " '2026-01-01T00:00:00Z', printf('%%015d-%%05d', %lld + i, 0), '调查员', 0, 'T1', '1',"
	    " printf('c%%03d', i %% %d), printf('小区%%d', i %% 37), '2026-01-01',"
	    " json_object('q1', i %% 5, 'q2', '满意', 'q3', '附近缺少菜市场和养老服务设施，希望增加。', 'age', 20 + i %% 60),"
	    " '', (SELECT seq FROM change_counter) + i FROM n",
	    n, prefix, origin, base_ms, communities);

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK || sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, "fill");
	st = db_prepare(db, "UPDATE change_counter SET seq = seq + ?1");
	sqlite3_bind_int64(st, 1, n);
	if (!st || sqlite3_step(st) != SQLITE_DONE || sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die(db, "fill counter");
	sqlite3_finalize(st);
	free(sql);
}

static sqlite3 *
open_office(const char *path, const char *code)
{
	db_open_result r = db_open(path, refdata_dir());

	if (!r.db) {
		fprintf(stderr, BENCH_NAME ": %s: %s\n", path, r.error ? r.error : "?");
		exit(1);
	}
	settings_set(r.db, "office_code", code);
	return r.db;
}

static double
timed_export(sqlite3 *db, const char *path)
{
	sync_export_opts o = { NULL, true, NULL, false };
	sync_export_result r;
	char *err = NULL;
	double t0 = now_us();

	if (sync_export(db, path, &o, &r, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": export: %s\n", err);
		exit(1);
	}
	sync_export_result_free(&r);
	return (now_us() - t0) / 1000;
}

static double
timed_import(sqlite3 *db, const char *path, sync_receipt *r, bool recheck)
{
	sync_import_opts o = { false, 0, recheck, NULL };
	char *err = NULL;
	double t0 = now_us();

	if (sync_import(db, path, &o, r, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": import: %s\n", err);
		exit(1);
	}
	return (now_us() - t0) / 1000;
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	long long n = argc > 2 ? atoll(argv[2]) : 1000000, f = argc > 4 ? atoll(argv[4]) : 10000;
	int communities = argc > 3 ? atoi(argv[3]) : 100;
	char *dpath = xasprintf("%s/district.db", dir), *cpath = xasprintf("%s/community.db", dir);
	char *rawpath = xasprintf("%s/raw.db", dir), *cfile = xasprintf("%s/community.lcdb", dir);
	char *dfile = xasprintf("%s/district.lcdb", dir), *e, *sql;
	sqlite3 *d, *c, *raw;
	sync_receipt r;
	double t_cexp, t_dexp, t_imp, t_reimp, t_recheck, t_raw, t0;

	d = open_office(dpath, "DIST");
	c = open_office(cpath, "C042");
	t0 = now_us();
	fill(d, n, communities, 0xd1, 1767225600000LL, "00000000000000000000000000000d15");
	printf("generate.district_rows %lld rows in %.0f ms\n", n, (now_us() - t0) / 1000);
	fill(c, f, 1, 0xc42, 1780000000000LL, "000000000000000000000000000000c4");
	t_cexp = timed_export(c, cfile);
	t_dexp = timed_export(d, dfile);
	/* The raw copy needs the district as it was before the import. */
	unlink(rawpath);
	if ((e = db_vacuum_into(d, rawpath)) != NULL) {
		fprintf(stderr, BENCH_NAME ": copy: %s\n", e);
		return 1;
	}
	sqlite3_exec(d, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	t_imp = timed_import(d, cfile, &r, false);
	if (r.new_rows != f)
		die(NULL, "the first import did not bring every row in");
	t_reimp = timed_import(d, cfile, &r, false);
	if (r.known != f)
		die(NULL, "the second import did not find every row known");
	t_recheck = timed_import(d, cfile, &r, true);
	if (r.known != f)
		die(NULL, "the checked import did not find every row known");

	raw = open_office(rawpath, "RAW");
	sql = xasprintf("ATTACH '%s' AS other", cfile);
	if (sqlite3_exec(raw, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(raw, "attach");
	t0 = now_us();
	if (sqlite3_exec(raw, "BEGIN; INSERT INTO main.survey_response SELECT * FROM other.survey_response; COMMIT",
	    NULL, NULL, NULL) != SQLITE_OK)
		die(raw, "raw copy");
	t_raw = (now_us() - t0) / 1000;

	printf("export.community %lld rows %.1f ms\n", f, t_cexp);
	printf("export.district_full %lld rows %.1f ms\n", n, t_dexp);
	printf("import.new %lld rows %.1f ms (%.0f rows/s)\n", f, t_imp, f / (t_imp / 1000));
	printf("import.again %lld rows %.1f ms (%.2f of the first import; recognised by its hash)\n", f, t_reimp, t_reimp / t_imp);
	printf("import.again_rechecked %lld rows %.1f ms (%.2f of the first import; every check and the merge run again)\n", f, t_recheck, t_recheck / t_imp);
	printf("raw.insert_select %lld rows %.1f ms (%.0f rows/s)\n", f, t_raw, f / (t_raw / 1000));
	printf("ratio.import_speed_vs_raw %.2f (target 0.5 or more)\n", t_raw / t_imp);
	printf("ratio.reimport_vs_import %.2f (target 0.2 or less)\n", t_reimp / t_imp);
	free(sql);
	db_close(raw);
	db_close(c);
	db_close(d);
	free(dpath); free(cpath); free(rawpath); free(cfile); free(dfile);
	return 0;
}
