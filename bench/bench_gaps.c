/* bench_gaps.c - how long the gap report takes: one community, and a district file of 100
 * communities with 100,000 facilities (1,000 each), in a fresh file database with the real schema
 * and reference data. Facilities are written with plain SQL in one transaction (the bench times
 * the report, not the entry). Usage: bench_gaps [COMMUNITIES [FACILITIES]] (default 100 100000);
 * LIFECIRCLE_DATADIR names the data folder. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "gaps.h"
#include "migrate.h"
#include "refdata.h"
#include "sheetout.h"
#include "util.h"
#define BENCH_NAME "bench_gaps"
#include "benchutil.h"

#define REPEATS 21

static const char *const kinds[] = { "item:1", "item:2", "item:3", "item:4", "item:5", "item:7", "item:10",
    "item:13", "item:14", "item:15", "item:16", "type:supermarket", "type:convenience_store", "type:barber",
    "type:laundry", "type:pharmacy", "type:elderly_canteen", "type:parcel_locker", "type:breakfast",
    "type:recycling_point" };
#define N_KINDS (sizeof kinds / sizeof kinds[0])
static const char *const statuses[] = { "operating", "operating", "operating", "operating", "building", "planned",
    "closed" };

static void
fill(sqlite3 *db, int ncomm, int nfac)
{
	sqlite3_stmt *c, *f;

	bench_exec(db, "BEGIN", "begin");
	if (sqlite3_prepare_v2(db, "INSERT INTO community (id, origin, created_at, updated_at, hlc, code, name,"
	    " households, development, old_estate) VALUES (printf('00000000-0000-0000-0000-%012d', ?1), 'bench',"
	    " '2026-01-01', '2026-01-01', '0', printf('C%03d', ?1), printf('社区%03d', ?1), ?2, ?3, ?4)", -1, &c, NULL)
	    != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, std_item,"
	    " business_type, name, floor_area, land_area, capacity, capacity_unit, status)"
	    " VALUES (printf('10000000-0000-0000-0000-%012d', ?1), 'bench', '2026-01-01', '2026-01-01', '0',"
	    " printf('00000000-0000-0000-0000-%012d', ?2), ?3, ?4, printf('设施%d', ?1), ?5, ?6, ?7, ?8, ?9)",
	    -1, &f, NULL) != SQLITE_OK)
		die(db, "prepare");
	for (int i = 0; i < ncomm; i++) {
		sqlite3_bind_int(c, 1, i);
		sqlite3_bind_int(c, 2, 500 + (int)(mix((uint64_t)i) % 3000));
		sqlite3_bind_text(c, 3, i % 4 == 0 ? "new" : "existing", -1, SQLITE_STATIC);
		sqlite3_bind_int(c, 4, i % 3 == 0);
		bench_step(db, c, "community");
	}
	for (int i = 0; i < nfac; i++) {
		uint64_t r = mix((uint64_t)i + 1000003);
		const char *k = kinds[r % N_KINDS];
		sqlite3_bind_int(f, 1, i);
		sqlite3_bind_int(f, 2, (int)((r >> 8) % (uint64_t)ncomm));
		if (strncmp(k, "item:", 5) == 0) {
			sqlite3_bind_int(f, 3, atoi(k + 5));
			sqlite3_bind_text(f, 4, "", -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(f, 3);
			sqlite3_bind_text(f, 4, k + 5, -1, SQLITE_STATIC);
		}
		sqlite3_bind_double(f, 5, (double)((r >> 16) % 3000));
		if ((r >> 28) % 2)
			sqlite3_bind_double(f, 6, (double)((r >> 30) % 5000));
		else
			sqlite3_bind_null(f, 6);
		if (strcmp(k, "item:2") == 0) {
			sqlite3_bind_int(f, 7, (int)((r >> 40) % 12));
			sqlite3_bind_text(f, 8, "classes", -1, SQLITE_STATIC);
		} else if (strcmp(k, "item:10") == 0) {
			sqlite3_bind_int(f, 7, (int)((r >> 40) % 2000));
			sqlite3_bind_text(f, 8, (r >> 50) % 2 ? "parking_spaces" : "chargers", -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(f, 7);
			sqlite3_bind_text(f, 8, "", -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(f, 9, statuses[(r >> 44) % 7], -1, SQLITE_STATIC);
		bench_step(db, f, "facility");
	}
	sqlite3_finalize(c);
	sqlite3_finalize(f);
	bench_exec(db, "COMMIT", "commit");
}

int
main(int argc, char **argv)
{
	int ncomm = argc > 1 ? atoi(argv[1]) : 100, nfac = argc > 2 ? atoi(argv[2]) : 100000;
	char path[] = "/tmp/lcbench-gaps-XXXXXX", *err = NULL;
	double t[REPEATS], t0, build_all, text_us, csv_us;
	sqlite3 *db;
	gap_report r, *all;
	size_t n;
	struct rusage ru;
	FILE *null;
	sheetout *so;

	if (ncomm < 1 || nfac < 0)
		return 1;
	db = bench_open_db(path, "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON", true);
	t0 = now_us();
	fill(db, ncomm, nfac);
	printf("filled %d communities, %d facilities in %.2f s\n", ncomm, nfac, (now_us() - t0) / 1e6);

	for (int i = 0; i < REPEATS; i++) {
		t0 = now_us();
		if (gaps_build(db, "00000000-0000-0000-0000-000000000001", "zh", &r, &err) != 0)
			die(db, err);
		t[i] = now_us() - t0;
		gaps_free(&r);
	}
	t0 = bench_median(t, REPEATS);     /* sorts t first: the max below is then t[REPEATS - 1] */
	printf("one community (%d facilities): median %.2f ms, max %.2f ms over %d runs\n", nfac / ncomm,
	    t0 / 1e3, t[REPEATS - 1] / 1e3, REPEATS);

	t0 = now_us();
	all = gaps_build_all(db, "zh", &n, &err);
	build_all = now_us() - t0;
	if (!all)
		die(db, err ? err : "no report");
	null = fopen("/dev/null", "w");
	t0 = now_us();
	gaps_write_text(null, all, n);
	text_us = now_us() - t0;
	t0 = now_us();
	so = sheetout_csv(null, SHEETOUT_GB18030, 0, &err);
	gaps_write_sheet(so, all, n);
	sheetout_close(so, NULL);
	csv_us = now_us() - t0;
	fclose(null);
	printf("all %zu communities: build %.1f ms, text %.1f ms, CSV (GB18030) %.1f ms\n", n, build_all / 1e3,
	    text_us / 1e3, csv_us / 1e3);
	gaps_free_all(all, n);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak memory %ld MB\n", ru.ru_maxrss / 1024);
	sqlite3_close(db);
	bench_remove_db(path);
	return 0;
}
