/* bench_lists.c - what a user waits for in the lists at a million rows: the main menu's record counts,
 * opening a list, searching it (1-, 2- and 3+-character Chinese terms, common and rare, with both
 * search strategies), sorting it, and the counts after a save. Loads N survey responses and M
 * facilities of generated but realistic Chinese text into a fresh database with the real schema.
 * Prints one line per measure: name, value, unit. Usage: bench_lists [responses [facilities]]. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "migrate.h"
#include "pagesource.h"
#include "search.h"
#include "stats.h"
#include "util.h"
#define BENCH_NAME "bench_lists"
#include "benchutil.h"

#define PAGE_ROWS 25
#define now_ms() (now_us() / 1e3)
#define REPEATS 5

static void
measure_line(const char *name, double value, const char *unit)
{
	printf("%-48s %12.3f %s\n", name, value, unit);
	fflush(stdout);
}

/* ---- text ------------------------------------------------------------------------------- */

#define N_OF(a) (sizeof a / sizeof a[0])

static const char *const communities[] = {
	"滨河社区", "新华社区", "海北社区", "团结社区", "胜利社区", "东山社区", "向阳社区", "光明社区",
	"民主社区", "建设社区", "幸福社区", "和平社区", "友谊社区", "红旗社区", "青年社区", "朝阳社区",
	"人民社区", "文化社区", "健康社区", "安居社区", "长青社区", "春晖社区", "金泰社区", "银河社区",
	"惠民社区", "海达社区", "千里山社区", "新地社区", "巴音社区", "乌兰社区",
};
static const char *const estate_a[] = {
	"阳光", "幸福", "和谐", "金港", "绿城", "书香", "锦绣", "华府", "盛世", "滨河", "紫荆", "丽景",
	"翠苑", "御景", "康乐", "富康", "泰和", "嘉园", "铁路", "电厂",
};
static const char *const estate_b[] = { "小区", "家园", "花园", "苑", "新村", "公寓", "名邸", "佳苑" };
/* Answer phrases, most common first: phrase k is picked with weight about 1/(k+1) (a Zipf-like law),
 * so their words run from very common (小区环境) to rare (加装电梯 in a few hundred rows). */
static const char *const phrases[] = {
	"小区环境很好", "希望增加停车位", "养老服务不足", "附近没有超市", "垃圾分类做得不错",
	"物业服务一般", "路灯经常不亮", "希望建设口袋公园", "幼儿园太远", "买菜不方便",
	"老年食堂价格合适", "希望增加健身器材", "社区医院排队时间长", "楼道堆放杂物", "快递柜不够用",
	"电动车充电难", "下水道经常堵塞", "噪音扰民", "绿化需要修剪", "希望开设托育班",
	"外墙保温脱落", "雨天积水严重", "小区门禁坏了", "需要无障碍坡道", "希望加装电梯",
	"篮球场年久失修", "图书室开放时间短", "充电桩数量不足", "邻里关系融洽", "鸽子扰民",
};
static const char *const facility_kinds[] = {
	"超市", "便利店", "菜市场", "养老服务站", "社区食堂", "幼儿园", "托育中心", "卫生服务站",
	"药店", "快递驿站", "健身广场", "图书室", "理发店", "维修点", "洗衣店", "口袋公园",
};

/* A phrase index by the Zipf-like weights, from a random number. */
static size_t
pick_phrase(uint64_t r)
{
	static double cum[N_OF(phrases)];
	static double total;
	double x;

	if (total == 0)
		for (size_t k = 0; k < N_OF(phrases); k++)
			cum[k] = total += 1.0 / (double)(k + 1) / (double)(k + 1);
	x = (double)(r % 1000000) / 1e6 * total;
	for (size_t k = 0; k < N_OF(phrases); k++)
		if (x < cum[k])
			return k;
	return N_OF(phrases) - 1;
}

static void
make_id(char out[37], uint64_t r, long i)
{
	snprintf(out, 37, "%08x-%04x-7%03x-8%03x-%012lx", (unsigned)(r >> 32), (unsigned)(r >> 16) & 0xffff,
	    (unsigned)(r >> 4) & 0xfff, (unsigned)(r >> 52) & 0xfff, (unsigned long)i & 0xffffffffffffUL);
}

/* ---- loading ------------------------------------------------------------------------------ */

static void
load_responses(sqlite3 *db, long n)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc,"
	    " operator, deleted, template, template_version, community, estate, surveyed_on, answers)"
	    " VALUES (?1, 'bench', '2024-01-01T00:00:00.000Z', ?6, '001704067200000-00000', '张琦', ?2,"
	    " 'residents-2024', '1', ?3, ?4, ?5, json_object('q1', ?7, 'q2', ?8, 'q3', 'yes', 'q4', ?9))",
	    -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare insert");
	for (long i = 0; i < n; i++) {
		uint64_t r = mix((uint64_t)i), r2 = mix(r), r3 = mix(r2);
		char id[37], estate[64], date[11], upd[32], extra[64];
		time_t t = 1420070400 + (time_t)(r % 3653) * 86400;
		struct tm tm;

		make_id(id, r, i);
		snprintf(estate, sizeof estate, "%s%s%u号楼", estate_a[(r >> 8) % N_OF(estate_a)],
		    estate_b[(r >> 16) % N_OF(estate_b)], (unsigned)(r >> 24) % 30 + 1);
		gmtime_r(&t, &tm);
		strftime(date, sizeof date, "%Y-%m-%d", &tm);
		snprintf(upd, sizeof upd, "%sT08:00:00.000Z", date);
		/* One row in 100,000 carries a very rare word. */
		snprintf(extra, sizeof extra, "%s", i % 100000 == 7 ? "窨井盖丢失" : "");
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, (r >> 40) % 100 == 0);
		sqlite3_bind_text(st, 3, communities[(r >> 20) % N_OF(communities)], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, estate, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, upd, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, phrases[pick_phrase(r2)], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, phrases[pick_phrase(r3)], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, extra, -1, SQLITE_TRANSIENT);
		bench_step(db, st, "insert response");
	}
	sqlite3_finalize(st);
}

static void
load_facilities(sqlite3 *db, long n)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, operator,"
	    " deleted, community, business_type, name, address, status) VALUES (?1, 'bench',"
	    " '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '001704067200000-00000', '张琦', ?2, ?3,"
	    " ?4, ?5, ?6, 'operating')", -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare facility");
	for (long i = 0; i < n; i++) {
		uint64_t r = mix((uint64_t)i + 0x5eed);
		char id[37], name[96], addr[96];
		const char *kind = facility_kinds[pick_phrase(r) % N_OF(facility_kinds)];

		make_id(id, r, i);
		snprintf(name, sizeof name, "%s%s%s%u", estate_a[(r >> 8) % N_OF(estate_a)], kind,
		    i % 20000 == 11 ? "(窨井维修)" : "", (unsigned)(r >> 30) % 500 + 1);
		snprintf(addr, sizeof addr, "%s%s%u号", communities[(r >> 20) % N_OF(communities)],
		    estate_b[(r >> 16) % N_OF(estate_b)], (unsigned)(r >> 40) % 200 + 1);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, (r >> 44) % 100 == 0);
		sqlite3_bind_text(st, 3, communities[(r >> 20) % N_OF(communities)], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, addr, -1, SQLITE_TRANSIENT);
		bench_step(db, st, "insert facility");
	}
	sqlite3_finalize(st);
}

/* ---- measuring ---------------------------------------------------------------------------- */

/* Apply the search term and read the first page: what the user waits for after Enter. Median of
 * REPEATS runs in ms (a single run when it is slower than a second); rows and strategy reported. */
static double
time_search(page_source *ps, const char *term, page_strategy strategy, size_t *rows, page_strategy *used)
{
	double t[REPEATS];
	int n = 0;
	page p = { 0 };

	for (; n < REPEATS; n++) {
		double t0;
		/* The strategy first: a forced one skips the estimate that AUTO makes in set_filter. */
		pagesource_sql_set_strategy(ps, strategy);
		t0 = now_ms();
		ps->set_filter(ps, term);
		if (ps->after(ps, NULL, NULL, PAGE_ROWS, &p) != 0)
			die(NULL, "search page");
		t[n] = now_ms() - t0;
		*rows = p.n;
		*used = pagesource_sql_strategy(ps);
		ps->set_filter(ps, NULL);
		pagesource_sql_set_strategy(ps, PAGE_SEARCH_AUTO);
		if (t[n] > 1000) {
			n++;
			break;
		}
	}
	page_clear(&p);
	return bench_median(t, (size_t)n);
}

typedef struct term {
	const char *label;   /* e.g. "2char_common" */
	const char *text;
} term;

static long long
fts_count(sqlite3 *db, const char *fts, const char *term)
{
	char *q = search_fts_query(term), *sql = xasprintf("SELECT count(*) FROM %s WHERE %s MATCH ?1", fts, fts);
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, q, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	free(q);
	free(sql);
	return n;
}

static void
measure_searches(sqlite3 *db, page_source *ps, const char *prefix, const char *fts, const term *terms, size_t n)
{
	static const char *const names[] = { "auto", "matches", "walk", "walk_set" };
	static const page_strategy strategies[] = { PAGE_SEARCH_AUTO, PAGE_SEARCH_MATCHES, PAGE_SEARCH_WALK,
		PAGE_SEARCH_WALK_SET };

	for (size_t i = 0; i < n; i++) {
		char name[128];
		long long hits = fts_count(db, fts, terms[i].text);

		snprintf(name, sizeof name, "%s.search.%s.matching_rows", prefix, terms[i].label);
		measure_line(name, (double)hits, terms[i].text);
		for (size_t s = 0; s < 4; s++) {
			size_t rows;
			page_strategy used;
			double ms;
			char unit[64];

			snprintf(name, sizeof name, "%s.search.%s.%s", prefix, terms[i].label, names[s]);
			/* Walking for a term in a handful of rows passes the whole table (10-30 s at a million
			 * rows, measured once for bench/README): not worth minutes of every run. */
			if (strategies[s] == PAGE_SEARCH_WALK && hits < 100) {
				measure_line(name, 0, "ms (skipped: fewer than 100 matches, the walk is a full scan)");
				continue;
			}
			ms = time_search(ps, terms[i].text, strategies[s], &rows, &used);
			snprintf(unit, sizeof unit, "ms (%zu rows, %s)", rows, names[used]);
			measure_line(name, ms, unit);
		}
	}
}

/* Open a list: a new source and its first page. */
static void
measure_open(sqlite3 *db, const page_query *q, const char *prefix)
{
	char name[128];
	page p = { 0 };
	double t0 = now_ms();
	page_source *ps = pagesource_sql_new(db, q);
	long long n;

	if (ps->after(ps, NULL, NULL, PAGE_ROWS, &p) != 0 || p.n != PAGE_ROWS)
		die(db, "first page");
	snprintf(name, sizeof name, "%s.list_open", prefix);
	measure_line(name, now_ms() - t0, "ms");
	t0 = now_ms();
	n = ps->count(ps);
	snprintf(name, sizeof name, "%s.count_on_demand", prefix);
	measure_line(name, now_ms() - t0, "ms (key c, not on open)");
	(void)n;
	/* Sort: every sortable column, both ways: the first page after s or r. */
	for (size_t c = 0; c < q->ncols; c++) {
		if (!q->cols[c].sortable)
			continue;
		for (int d = 0; d < 2; d++) {
			t0 = now_ms();
			ps->set_sort(ps, c, d);
			if (ps->after(ps, NULL, NULL, PAGE_ROWS, &p) != 0 || p.n != PAGE_ROWS)
				die(db, "sorted page");
			snprintf(name, sizeof name, "%s.sort.%s.%s", prefix, q->cols[c].expr, d ? "desc" : "asc");
			measure_line(name, now_ms() - t0, "ms");
		}
	}
	ps->set_sort(ps, 0, false);
	page_clear(&p);
	ps->free(ps);
}

static void
measure_status(sqlite3 *db)
{
	record_counts c;
	double t0 = now_ms();
	sqlite3_stmt *st;

	stats_record_counts(db, &c);
	measure_line("menu.status_counts", now_ms() - t0, "ms (main menu open)");
	/* What the status bar cost before: a scan per table. */
	t0 = now_ms();
	sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM survey_response WHERE deleted = 0) +"
	    " (SELECT count(*) FROM facility WHERE deleted = 0)", -1, &st, NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	measure_line("menu.status_counts_by_scan", now_ms() - t0, "ms (the old way, for comparison)");
	/* A save: one new response in its own transaction, then the counts the status bar shows. */
	t0 = now_ms();
	if (sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO survey_response (id, origin, created_at, updated_at, hlc,"
	    " template, template_version, community, estate, surveyed_on, answers) VALUES"
	    " ('ffffffff-ffff-7fff-8fff-ffffffffffff', 'bench', 'c', 'u', 'h', 'residents-2024', '1', '滨河社区',"
	    " '阳光小区', '2026-01-01', '{\"q1\":\"新的一份\"}'); COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die(db, "save");
	measure_line("save.one_response", now_ms() - t0, "ms (with count and search triggers)");
	t0 = now_ms();
	stats_record_counts(db, &c);
	measure_line("save.status_counts_after", now_ms() - t0, "ms");
	measure_line("save.responses_counted", (double)c.responses, "rows");
}

static const page_column resp_cols[] = {
	{ "surveyed_on", false, true }, { "community", false, true }, { "estate", false, true },
	{ "updated_at", false, true }, { "template", false, false },
};
static const page_query resp_q = {
	.from = "survey_response", .id_expr = "id", .fts = "survey_response_fts", .deleted_col = "deleted",
	.cols = resp_cols, .ncols = 5,
};
static const page_column fac_cols[] = {
	{ "name", false, true }, { "community", false, true }, { "status", false, true },
	{ "business_type", false, false },
};
static const page_query fac_q = {
	.from = "facility", .id_expr = "id", .fts = "facility_fts", .deleted_col = "deleted",
	.cols = fac_cols, .ncols = 4,
};

static const term resp_terms[] = {
	{ "1char_common", "区" }, { "1char_common2", "超" }, { "1char_rare", "鸽" },
	{ "2char_common", "养老" }, { "2char_mid", "超市" }, { "2char_rare", "窨井" },
	{ "3char_common", "停车位" }, { "4char_rare", "加装电梯" }, { "3char_rare", "充电桩" },
	{ "5char_veryrare", "窨井盖丢失" }, { "ascii_none", "hbw" },
};
static const term fac_terms[] = {
	{ "2char_common", "超市" }, { "2char_mid", "养老" }, { "1char_common", "站" },
	{ "2char_rare", "窨井" }, { "3char_rare", "洗衣店" },
};

int
main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
	long m = argc > 2 ? strtol(argv[2], NULL, 10) : 100000;
	char dir[] = "/tmp/lcbench-XXXXXX", *path, *err = NULL;
	sqlite3 *db;
	page_source *ps;
	struct stat sb;
	double t0;

	if (n < 1000 || m < 1000 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: bench_lists [responses >= 1000 [facilities >= 1000]]\n");
		return 2;
	}
	path = xasprintf("%s/bench.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(db, path);
	sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (migrate_apply(db, &err) != 0) {
		fprintf(stderr, "bench_lists: %s\n", err);
		return 1;
	}
	measure_line("sqlite_version", atof(sqlite3_libversion() + 2), sqlite3_libversion());
	t0 = now_ms();
	sqlite3_exec(db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, NULL);
	load_responses(db, n);
	load_facilities(db, m);
	sqlite3_exec(db, "COMMIT; PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	measure_line("load.rows", (double)(n + m), "rows (responses + facilities, with triggers)");
	measure_line("load.time", (now_ms() - t0) / 1e3, "s");
	t0 = now_ms();
	if (search_reindex(db, "survey_response") != 0 || search_reindex(db, "facility") != 0)
		die(db, "reindex");
	measure_line("load.search_index_build", (now_ms() - t0) / 1e3, "s (all rows, search_reindex)");
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE", NULL, NULL, NULL);
	stat(path, &sb);
	measure_line("load.database_size", (double)sb.st_size / 1048576.0, "MB");

	measure_status(db);
	measure_open(db, &resp_q, "responses");
	ps = pagesource_sql_new(db, &resp_q);
	measure_searches(db, ps, "responses", "survey_response_fts", resp_terms, N_OF(resp_terms));
	/* Search in another sort order: by estate, descending. */
	ps->set_sort(ps, 2, true);
	measure_searches(db, ps, "responses.by_estate_desc", "survey_response_fts", resp_terms + 3, 3);
	ps->free(ps);
	measure_open(db, &fac_q, "facilities");
	ps = pagesource_sql_new(db, &fac_q);
	measure_searches(db, ps, "facilities", "facility_fts", fac_terms, N_OF(fac_terms));
	ps->free(ps);
	sqlite3_close(db);
	unlink(path);
	free(path);
	path = xasprintf("%s/bench.db-wal", dir);
	unlink(path);
	free(path);
	path = xasprintf("%s/bench.db-shm", dir);
	unlink(path);
	free(path);
	rmdir(dir);
	return 0;
}
