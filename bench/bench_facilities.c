/* bench_facilities.c - how fast the facility list of one community pages (facility_list_query, the
 * list screen's query): the first page, the next page, the last page, each sort, a filter and a
 * 2-character Chinese search, in a fresh file database with the real schema and reference data.
 * Usage: bench_facilities [COMMUNITIES [FACILITIES]] (default 1 100000: all of them in the one
 * community the list shows; 100 100000 is a district file). LIFECIRCLE_DATADIR names the data folder. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "facility.h"
#include "migrate.h"
#include "pagesource.h"
#include "refdata.h"
#include "search.h"
#include "util.h"
#define BENCH_NAME "bench_facilities"
#include "benchutil.h"

#define REPEATS 21
#define PAGE 40
#define COMMUNITY "00000000-0000-0000-0000-000000000000"

static const char *const words[] = { "便利店", "综合超市", "幼儿园", "理发店", "药店", "养老服务站", "快递柜", "早餐店" };
static const char *const types[] = { "convenience_store", "supermarket", "", "barber", "pharmacy", "elderly_station",
    "parcel_locker", "breakfast" };

static void
fill(sqlite3 *db, int ncomm, int nfac)
{
	sqlite3_stmt *c, *f;

	bench_exec(db, "BEGIN", "begin");
	if (sqlite3_prepare_v2(db, "INSERT INTO community (id, origin, created_at, updated_at, hlc, code, name)"
	    " VALUES (printf('00000000-0000-0000-0000-%012d', ?1), 'bench', '2026-01-01', '2026-01-01', '0',"
	    " printf('C%03d', ?1), printf('社区%03d', ?1))", -1, &c, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, std_item,"
	    " business_type, name, address, floor_area, status, chain, checked_on, circles)"
	    " VALUES (printf('10000000-0000-0000-0000-%012d', ?1), 'bench', '2026-01-01', '2026-01-01', '0',"
	    " printf('00000000-0000-0000-0000-%012d', ?2), ?3, ?4, printf('%s%d号', ?5, ?1), printf('海北街%d号', ?1),"
	    " ?6, ?7, ?8, ?9, ?10)", -1, &f, NULL) != SQLITE_OK)
		die(db, "prepare");
	for (int i = 0; i < ncomm; i++) {
		sqlite3_bind_int(c, 1, i);
		bench_step(db, c, "community");
	}
	for (int i = 0; i < nfac; i++) {
		uint64_t r = mix((uint64_t)i + 7);
		size_t w = r % (sizeof words / sizeof words[0]);
		char date[16];
		sqlite3_bind_int(f, 1, i);
		sqlite3_bind_int(f, 2, (int)((r >> 8) % (uint64_t)ncomm));
		if (*types[w])
			sqlite3_bind_null(f, 3);
		else
			sqlite3_bind_int(f, 3, 2);
		sqlite3_bind_text(f, 4, types[w], -1, SQLITE_STATIC);
		sqlite3_bind_text(f, 5, words[w], -1, SQLITE_STATIC);
		if ((r >> 20) % 10)
			sqlite3_bind_double(f, 6, (double)((r >> 24) % 3000));
		else
			sqlite3_bind_null(f, 6);
		sqlite3_bind_text(f, 7, (r >> 32) % 5 ? "operating" : "planned", -1, SQLITE_STATIC);
		sqlite3_bind_int(f, 8, (int)((r >> 36) % 2));
		snprintf(date, sizeof date, "2025-%02d-%02d", (int)((r >> 40) % 12) + 1, (int)((r >> 44) % 28) + 1);
		sqlite3_bind_text(f, 9, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(f, 10, (r >> 48) % 2 ? "commerce" : "eldercare", -1, SQLITE_STATIC);
		bench_step(db, f, "facility");
	}
	sqlite3_finalize(c);
	sqlite3_finalize(f);
	bench_exec(db, "COMMIT", "commit");
}

/* Median time (ms) of the first page, and of the page after it when next. */
static double
time_page(page_source *ps, bool next, bool last)
{
	double t[REPEATS];

	for (int i = 0; i < REPEATS; i++) {
		page p = { 0 }, q = { 0 };
		double t0;
		if (!next) {
			t0 = now_us();
			if ((last ? ps->before(ps, NULL, NULL, PAGE, &p) : ps->after(ps, NULL, NULL, PAGE, &p)) != 0)
				die(NULL, ps->error(ps) ? ps->error(ps) : "page");
			t[i] = now_us() - t0;
		} else {
			if (ps->after(ps, NULL, NULL, PAGE, &p) != 0 || p.n == 0)
				die(NULL, "first page");
			t0 = now_us();
			if (ps->after(ps, p.rows[p.n - 1].sort_value, p.rows[p.n - 1].id, PAGE, &q) != 0)
				die(NULL, "next page");
			t[i] = now_us() - t0;
		}
		page_clear(&p);
		page_clear(&q);
	}
	return bench_median(t, REPEATS) / 1e3;
}

int
main(int argc, char **argv)
{
	int ncomm = argc > 1 ? atoi(argv[1]) : 1, nfac = argc > 2 ? atoi(argv[2]) : 100000;
	char path[] = "/tmp/lcbench-fac-XXXXXX";
	static const char *const sorts[] = { "kind", "name", "", "floor area", "", "date checked" };
	sqlite3 *db;
	page_source *ps;
	double t0;

	if (ncomm < 1 || nfac < 1)
		return 1;
	db = bench_open_db(path, "PRAGMA journal_mode = WAL", true);
	t0 = now_us();
	fill(db, ncomm, nfac);
	if (search_reindex(db, "facility") != 0)
		die(db, "reindex");
	printf("filled %d communities, %d facilities (indexed for search) in %.2f s\n", ncomm, nfac, (now_us() - t0) / 1e6);
	ps = pagesource_sql_new(db, facility_list_query());
	ps->set_condition(ps, "community", COMMUNITY);
	for (size_t c = 0; c < sizeof sorts / sizeof sorts[0]; c++) {
		if (!*sorts[c])
			continue;
		ps->set_sort(ps, c, false);
		printf("sorted by %-12s first page %.3f ms, next page %.3f ms, last page %.3f ms\n", sorts[c],
		    time_page(ps, false, false), time_page(ps, true, false), time_page(ps, false, true));
	}
	ps->set_sort(ps, FACILITY_COL_KIND, false);
	ps->set_condition(ps, "status", "planned");
	printf("status filter (planned), by kind: first page %.3f ms, next page %.3f ms\n", time_page(ps, false, false),
	    time_page(ps, true, false));
	ps->set_condition(ps, "status", NULL);
	ps->set_condition(ps, "circle", "eldercare");
	printf("circle filter, by kind: first page %.3f ms\n", time_page(ps, false, false));
	ps->set_condition(ps, "circle", NULL);
	/* The list screen searches with PAGE_SEARCH_WALK_SET; the others are shown for comparison. */
	pagesource_sql_set_strategy(ps, PAGE_SEARCH_WALK_SET);
	ps->set_filter(ps, "幼儿");
	printf("search 幼儿 (walk_set, as the list), by kind: first page %.3f ms, next page %.3f ms\n",
	    time_page(ps, false, false), time_page(ps, true, false));
	ps->set_filter(ps, "超市");
	printf("search 超市 (walk_set, as the list), by kind: first page %.3f ms, next page %.3f ms\n",
	    time_page(ps, false, false), time_page(ps, true, false));
	{
		static const char *const terms[] = { "超市", "幼儿", "号" };
		static const page_strategy strat[] = { PAGE_SEARCH_AUTO, PAGE_SEARCH_MATCHES, PAGE_SEARCH_WALK,
		    PAGE_SEARCH_WALK_SET };
		static const char *const names[] = { "auto", "matches", "walk", "walk_set" };
		for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++)
			for (size_t k = 0; k < 4; k++) {
				pagesource_sql_set_strategy(ps, strat[k]);
				ps->set_filter(ps, terms[t]);
				printf("search %s (%s), by kind: first page %.3f ms\n", terms[t], names[k],
				    time_page(ps, false, false));
			}
	}
	ps->free(ps);
	sqlite3_close(db);
	bench_remove_db(path);
	return 0;
}
