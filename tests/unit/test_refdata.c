/* test_refdata.c - the reference data files load into a fresh database with the seed's values,
 * load only once, and a damaged file is refused with its name and line, leaving nothing behind. */
#include "config.h"
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "refdata.h"
#include "migrate.h"
#include "util.h"

static const char *const files[] = {
	"circles.tsv", "standard_goals.tsv", "standard_items.tsv", "standard_checks.tsv", "indicators.tsv",
};
#define NFILES (sizeof files / sizeof files[0])

static const char *const ref_tables[] = { "circle", "std_goal", "std_item", "std_check", "indicator" };
#define NTABLES (sizeof ref_tables / sizeof ref_tables[0])

static sqlite3 *
fresh_db(void)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (migrate_apply(db, &err) != 0) {
		printf("# migrate_apply: %s\n", err ? err : "?");
		free(err);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static void
exec(sqlite3 *db, const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK) {
		printf("# %s: %s\n", sql, e ? e : "?");
		sqlite3_free(e);
	}
}

/* First column of the first row of sql with one optional text parameter, as a fresh string (NULL when none). */
static char *
query_text(sqlite3 *db, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
		return NULL;
	}
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static long long
query_int(sqlite3 *db, const char *sql)
{
	char *s = query_text(db, sql, NULL);
	long long v = s ? atoll(s) : -1;

	free(s);
	return v;
}

static long long
count_table(sqlite3 *db, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	long long n = query_int(db, sql);

	free(sql);
	return n;
}

static long long
count_all(sqlite3 *db)
{
	long long n = 0;

	for (size_t i = 0; i < NTABLES; i++)
		n += count_table(db, ref_tables[i]);
	return n;
}

/* Check one value of a query against its expected text. */
static void
is_query(sqlite3 *db, const char *sql, const char *want, const char *what)
{
	char *got = query_text(db, sql, NULL);

	is_str(got, want, "%s", what);
	free(got);
}

/* Copy every data file from src to dst (overwriting earlier corruption). */
static bool
copy_data(const char *src, const char *dst)
{
	for (size_t i = 0; i < NFILES; i++) {
		char *from = xasprintf("%s/%s", src, files[i]), *to = xasprintf("%s/%s", dst, files[i]);
		size_t len;
		char *buf = slurp(from, &len);
		bool good = buf && spew(to, buf, len);

		free(buf);
		free(from);
		free(to);
		if (!good)
			return false;
	}
	return true;
}

/* Replace the first occurrence of from by to in line lineno (1-based) of dir/file. */
static bool
corrupt(const char *dir, const char *file, int lineno, const char *from, const char *to)
{
	char *path = xasprintf("%s/%s", dir, file), *buf, *line, *hit, *out;
	size_t len;
	bool good = false;

	buf = slurp(path, &len);
	line = buf;
	for (int i = 1; line && i < lineno; i++) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	hit = line ? strstr(line, from) : NULL;
	if (hit && (!strchr(line, '\n') || hit <= strchr(line, '\n'))) {
		out = xasprintf("%.*s%s%s", (int)(hit - buf), buf, to, hit + strlen(from));
		good = spew(path, out, strlen(out));
		free(out);
	}
	free(buf);
	free(path);
	return good;
}

static void
test_dir(void)
{
	char *saved = xstrdup(getenv("LIFECIRCLE_DATADIR"));

	setenv("LIFECIRCLE_DATADIR", "/some/where", 1);
	is_str(refdata_dir(), "/some/where", "refdata_dir follows LIFECIRCLE_DATADIR");
	setenv("LIFECIRCLE_DATADIR", "", 1);
	is_str(refdata_dir(), PKGDATADIR, "an empty LIFECIRCLE_DATADIR gives the installed directory");
	unsetenv("LIFECIRCLE_DATADIR");
	is_str(refdata_dir(), PKGDATADIR, "no LIFECIRCLE_DATADIR gives the installed directory");
	if (saved)
		setenv("LIFECIRCLE_DATADIR", saved, 1);
	free(saved);
}

static void
test_counts(sqlite3 *db)
{
	is_int(count_table(db, "circle"), 8, "8 circles");
	is_int(count_table(db, "std_goal"), 6, "6 standard goals");
	is_int(count_table(db, "std_item"), 20, "20 standard items");
	is_int(count_table(db, "indicator"), 9, "9 indicators");
	ok(count_table(db, "std_check") >= 20, "at least 20 standard checks (got %lld)", count_table(db, "std_check"));
}

static void
test_circles(sqlite3 *db)
{
	char *d;

	is_query(db, "SELECT name || '|' || code FROM circle WHERE no = 5", "养老服务圈|eldercare", "circle 5");
	is_query(db, "SELECT group_concat(code, ',') FROM (SELECT code FROM circle ORDER BY no)",
	    "housing,commerce,culture,education,eldercare,health,cityscape,response", "circle codes in order");
	is_query(db, "SELECT name FROM circle WHERE no = 8", "服务响应圈", "circle 8 name");
	d = query_text(db, "SELECT description FROM circle WHERE no = 5", NULL);
	ok(d && str_starts_with(d, "针对乌海市老龄化发展趋势,凸显乌海市养老服务特色,"),
	    "circle 5 description has 乌海市 where the spam stood");
	ok(d && strstr(d, "着力打造“一刻钟养老服务圈”乌海样板。"), "circle 5 description is complete");
	free(d);
	d = query_text(db, "SELECT description FROM circle WHERE no = 1", NULL);
	ok(d && str_starts_with(d, "加快推进老旧小区改造") && !str_starts_with(d, "1."),
	    "circle 1 description starts after its title");
	free(d);
}

static void
test_standard(sqlite3 *db)
{
	char *r;

	is_query(db, "SELECT name FROM std_goal WHERE no = 1", "基本公共服务设施完善", "goal 1 without 一、");
	is_query(db, "SELECT name FROM std_goal WHERE no = 6", "社区管理机制健全", "goal 6");
	is_query(db, "SELECT name || '|' || goal_no FROM std_item WHERE no = 2", "一个幼儿园|1", "item 2 under goal 1");
	is_query(db, "SELECT goal_no FROM std_item WHERE no = 16", "5", "item 16 under goal 5");
	r = query_text(db, "SELECT requirement FROM std_item WHERE no = 13", NULL);
	ok(r && strstr(r, "不小于30平方米的公共厕所"), "item 13 requirement has the public toilet");
	free(r);
	is_query(db, "SELECT requirement FROM std_item WHERE no = 20",
	    "举办文化活动,制定发布社区居民公约,营造富有特色的社区文化。", "item 20 requirement in full");
}

/* Checks are compared as "metric op value [value_max] unit applies" to see every column at once. */
#define CHECK_SQL(cond) "SELECT metric || ' ' || op || ' ' || value || ' ' || ifnull(value_max, '-') || ' ' " \
	"|| unit || ' ' || applies FROM std_check WHERE " cond

static void
test_checks(sqlite3 *db)
{
	is_query(db, CHECK_SQL("item_no = 1 AND metric = 'floor_area'"), "floor_area ~ 800.0 - ㎡ all",
	    "service station about 800 m²");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'classes'"), "classes >= 6.0 - 班 all", "kindergarten ≥ 6 classes");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'land_area'"), "land_area >= 3500.0 - ㎡ all",
	    "kindergarten ≥ 3500 m² land");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'floor_area'"), "floor_area >= 2200.0 - ㎡ all",
	    "kindergarten ≥ 2200 m² floor");
	is_query(db, CHECK_SQL("item_no = 7 AND metric = 'slot_ratio'"), "slot_ratio range 1.0 1.3 倍 all",
	    "parcel lockers 1–1.3 × daily deliveries");
	is_query(db, CHECK_SQL("item_no = 7 AND metric = 'use_area'"), "use_area >= 15.0 - ㎡ new", "parcel station (new)");
	is_query(db, CHECK_SQL("item_no = 6 AND metric = 'store_floor_area'"), "store_floor_area range 50.0 100.0 ㎡ existing",
	    "convenience stores 50–100 m² (existing)");
	is_query(db, CHECK_SQL("item_no = 11"), "walk_minutes <= 10.0 - 分钟 all", "bus stop within 10 minutes");
	is_query(db, CHECK_SQL("item_no = 16 AND metric = 'permille_of_floor_area'"), "permille_of_floor_area >= 2.0 - ‰ new",
	    "property office ≥ 2‰");
	is_query(db, "SELECT note FROM std_check WHERE item_no = 4 AND seq = 1", "老年人日间照料中心建筑面积", "check note");
	is_int(query_int(db, "SELECT count(*) FROM std_check WHERE (op = 'range') != (value_max IS NOT NULL)"), 0,
	    "value_max exactly on range checks");
}

static void
test_indicators(sqlite3 *db)
{
	is_query(db, "SELECT name FROM indicator WHERE no = 1", "社区综合服务设施覆盖率", "indicator 1 name without unit");
	is_query(db, "SELECT target || ' ' || op || ' ' || kind || ' ' || unit FROM indicator WHERE no = 4",
	    "33.0 >= binding ㎡", "indicator 4");
	is_query(db, "SELECT target || ' ' || op || ' ' || kind || ' ' || unit FROM indicator WHERE no = 8",
	    "18.0 = expected 人", "indicator 8");
	is_query(db, "SELECT target || ' ' || unit FROM indicator WHERE no = 9", "1.4 ‰", "indicator 9");
	is_int(query_int(db, "SELECT target = 1.4 FROM indicator WHERE no = 9"), 1, "indicator 9 target is exactly 1.4");
	is_query(db, "SELECT name FROM indicator WHERE no = 6", "镇(街道)社会工作服务站覆盖率", "inner parenthesis kept");
}

/* No text column of any reference table may carry the spam pasted into the seed. */
static void
test_no_spam(sqlite3 *db)
{
	static const char *const text_cols[][2] = {
		{ "circle", "code" }, { "circle", "name" }, { "circle", "description" },
		{ "std_goal", "name" }, { "std_item", "name" }, { "std_item", "requirement" },
		{ "std_check", "metric" }, { "std_check", "unit" }, { "std_check", "note" },
		{ "indicator", "name" }, { "indicator", "unit" },
	};
	long long hits = 0;

	for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++) {
		char *sql = xasprintf("SELECT count(*) FROM %s WHERE instr(%s, '必博') OR instr(upper(%s), 'BBO')",
		    text_cols[i][0], text_cols[i][1], text_cols[i][1]);
		long long n = query_int(db, sql);

		if (n != 0)
			printf("# %s.%s: %lld rows with spam\n", text_cols[i][0], text_cols[i][1], n);
		hits += n;
		free(sql);
	}
	is_int(hits, 0, "no 必博 or BBO in any reference text");
	is_int(query_int(db, "SELECT count(*) FROM circle WHERE instr(description, '娱乐')"), 0, "no 娱乐 in circles");
}

static void
test_reload(sqlite3 *db, const char *dir)
{
	long long before = count_all(db);
	char *err = NULL;

	exec(db, "BEGIN");
	is_int(refdata_load(db, dir, &err), 0, "second load succeeds");
	exec(db, "COMMIT");
	ok(err == NULL, "second load sets no error");
	free(err);
	is_int(count_all(db), before, "second load adds nothing");
}

/* Load from dir into a fresh db inside BEGIN ... ROLLBACK; expect refusal naming where. */
static void
expect_refused(const char *dir, const char *where, const char *what)
{
	sqlite3 *db = fresh_db();
	char *err = NULL;
	int rc;

	exec(db, "BEGIN");
	rc = refdata_load(db, dir, &err);
	is_int(rc, -1, "%s: refused", what);
	ok(err && strstr(err, where), "%s: message names %s", what, where);
	if (err)
		printf("# %s\n", err);
	is_int(count_all(db), 0, "%s: nothing loaded within the transaction", what);
	exec(db, "ROLLBACK");
	is_int(count_all(db), 0, "%s: reference tables empty after ROLLBACK", what);
	free(err);
	sqlite3_close(db);
}

static void
expect_loaded(const char *dir, const char *what)
{
	sqlite3 *db = fresh_db();
	char *err = NULL;

	exec(db, "BEGIN");
	is_int(refdata_load(db, dir, &err), 0, "%s: loads", what);
	if (err)
		printf("# %s\n", err);
	exec(db, "COMMIT");
	is_int(count_table(db, "circle"), 8, "%s: 8 circles", what);
	is_int(query_int(db, "SELECT count(*) FROM circle WHERE instr(description, char(13))"), 0,
	    "%s: no CR kept in the text", what);
	free(err);
	sqlite3_close(db);
}

struct damage {
	const char *file;
	int line;
	const char *from, *to;
	const char *where;	/* expected in the message */
	const char *what;
};

static void
test_damage(const char *src)
{
	/* Line numbers count the comment lines: the checks file has 6, the others 1. */
	static const struct damage cases[] = {
		{ "indicators.tsv", 6, "binding", "mandatory", "indicators.tsv:6:", "bad kind" },
		{ "indicators.tsv", 4, ">=", "≥", "indicators.tsv:4:", "bad op" },
		{ "indicators.tsv", 11, "1.4", "1,4", "indicators.tsv:11:", "bad number" },
		{ "standard_items.tsv", 5, "\t", "", "standard_items.tsv:5:", "wrong column count" },
		{ "circles.tsv", 4, "commerce\t", "commerce\textra\t", "circles.tsv:4:", "extra column" },
		{ "circles.tsv", 7, "\teldercare\t", "\t\t", "circles.tsv:7:", "empty required field" },
		{ "standard_goals.tsv", 5, "3\t", "3x\t", "standard_goals.tsv:5:", "bad integer" },
		{ "standard_checks.tsv", 10, "㎡", "\xE3\x8E", "standard_checks.tsv:10:", "truncated UTF-8" },
		{ "standard_checks.tsv", 9, "幼儿园", "\xC0\xAF", "standard_checks.tsv:9:", "overlong UTF-8" },
		{ "standard_checks.tsv", 12, "托儿所", "\xED\xA0\x80", "standard_checks.tsv:12:", "surrogate in UTF-8" },
		{ "circles.tsv", 3, "改造", "\xFF", "circles.tsv:3:", "0xFF byte" },
		{ "standard_checks.tsv", 11, "all", "everyone", "standard_checks.tsv:11:", "bad applies" },
		{ "standard_checks.tsv", 18, "1.3", "", "standard_checks.tsv:18:", "range without value_max" },
		{ "standard_checks.tsv", 8, "800\t", "800\t900", "standard_checks.tsv:8:", "value_max without range" },
		{ "standard_checks.tsv", 7, "value\tvalue_max", "value\tmax", "standard_checks.tsv:7:", "wrong header" },
		{ "standard_items.tsv", 22, "\t6\t", "\t7\t", "standard_items.tsv:22:", "unknown goal" },
		{ "circles.tsv", 3, "1\thousing", "2\thousing", "circles.tsv:4:", "duplicate number" },
		{ "indicators.tsv", 11, "9\t", "#9\t", "expected 9 indicators, found 8", "a row too few" },
	};
	char tmpl[] = "/tmp/test_refdata.XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!ok(dir != NULL, "temporary data directory"))
		return;
	ok(copy_data(src, dir), "copy of the data directory");
	expect_loaded(dir, "unchanged copy");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct damage *c = &cases[i];

		copy_data(src, dir);
		if (!ok(corrupt(dir, c->file, c->line, c->from, c->to), "%s: file damaged", c->what))
			continue;
		expect_refused(dir, c->where, c->what);
	}

	/* A BOM (Notepad) and CRLF line ends (Windows) are accepted. */
	copy_data(src, dir);
	ok(corrupt(dir, "circles.tsv", 1, "#", "\xEF\xBB\xBF#"), "BOM added");
	ok(corrupt(dir, "circles.tsv", 3, "\n", "\r\n"), "CRLF added");
	expect_loaded(dir, "BOM and CRLF");

	copy_data(src, dir);
	{
		char *path = xasprintf("%s/standard_goals.tsv", dir);
		char *where = xasprintf("%s/standard_goals.tsv", dir);

		ok(unlink(path) == 0, "goals file removed");
		expect_refused(dir, where, "missing file");
		expect_refused(dir, "LIFECIRCLE_DATADIR", "missing file hint");
		free(where);
		free(path);
	}
	for (size_t i = 0; i < NFILES; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
}

int
main(void)
{
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	sqlite3 *db;
	char *err = NULL;
	int rc;

	setlocale(LC_ALL, "C.UTF-8");
	if (!dir || !*dir)
		dir = "data";
	test_dir();

	db = fresh_db();
	if (!ok(db != NULL, "fresh migrated database"))
		return tap_done();
	exec(db, "BEGIN");
	rc = refdata_load(db, dir, &err);
	exec(db, "COMMIT");
	is_int(rc, 0, "reference data loads from %s", dir);
	if (err)
		printf("# %s\n", err);
	free(err);

	test_counts(db);
	test_circles(db);
	test_standard(db);
	test_checks(db);
	test_indicators(db);
	test_no_spam(db);
	test_reload(db, dir);
	sqlite3_close(db);

	test_damage(dir);
	return tap_done();
}
