/* test_search.c - Chinese word search with built-in FTS5: the split search text, the query built from
 * what the user typed (never FTS syntax), the index kept by triggers plus the program's re-index, the
 * page source searching through it with both strategies, and the trigger-kept record counts. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "migrate.h"
#include "pagesource.h"
#include "record.h"
#include "search.h"
#include "settings.h"
#include "stats.h"
#include "util.h"

static void
check_split(const char *in, const char *want)
{
	char *got = search_split_text(in);
	is_str(got, want, "split %s", in ? in : "(null)");
	free(got);
}

static void
check_query(const char *in, const char *want)
{
	char *got = search_fts_query(in);
	is_str(got, want, "query for [%s]", in ? in : "(null)");
	free(got);
}

static void
test_split(void)
{
	check_split("超市", "超 市");
	check_split("养老服务中心", "养 老 服 务 中 心");
	check_split("A栋3单元", "A 栋 3 单 元");
	check_split("HBW-0101 main st", "HBW-0101 main st");
	check_split("滨河 社区", "滨 河  社 区");
	check_split("", "");
	check_split(NULL, "");
	check_split("ｶﾀ", "ｶﾀ");   /* half-width katakana is outside the split ranges: kept as a word */
	ok(search_is_cjk(0x4E00) && search_is_cjk(0x9FA5) && search_is_cjk(0x20000), "Han ideographs are CJK");
	ok(!search_is_cjk('a') && !search_is_cjk(0xFF0C) && !search_is_cjk(0x3000), "letters and punctuation are not");
}

static void
test_query(void)
{
	check_query("超市", "\"超 市\"");
	check_query("养", "\"养\"");
	check_query("hbw", "\"hbw\"*");
	check_query("滨河 hbw", "\"滨 河\" \"hbw\"*");
	check_query("A栋", "\"A 栋\"");
	check_query("3号楼12", "\"3 号 楼 12\"*");
	check_query("滨河\xe3\x80\x80超市", "\"滨 河\" \"超 市\"");   /* ideographic space separates terms */
	check_query("  ", NULL);
	check_query("", NULL);
	check_query(NULL, NULL);
	/* Hostile input: FTS5 operators and quotes stay text inside a phrase. */
	check_query("a\"b", "\"a\"\"b\"*");
	check_query("\"", NULL);
	check_query("NEAR(超市", "\"NEAR( 超 市\"");
	check_query("x AND y", "\"x\"* \"AND\"* \"y\"*");
	check_query("*", NULL);
	check_query("()", NULL);
	check_query("超市*", "\"超 市 *\"");
	check_query("col:超", "\"col: 超\"");
	check_query("'; DROP TABLE x; --", "\"DROP\"* \"TABLE\"* \"x;\"");
}

/* ---- the index and the page source over it ------------------------------------------------ */

static sqlite3 *
new_db(void)
{
	sqlite3 *db;
	char *err = NULL;

	sqlite3_open(":memory:", &db);
	if (migrate_apply(db, &err) != 0) {
		fprintf(stderr, "# migrate: %s\n", err ? err : "?");
		free(err);
	}
	settings_set(db, "operator", "张琦");
	return db;
}

/* Insert a response with plain SQL, as the sqlite3 tool or a script would. */
static void
add_response(sqlite3 *db, int i, const char *community, const char *estate, const char *answer, int deleted)
{
	char *sql = sqlite3_mprintf("INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, template,"
	    " template_version, community, estate, surveyed_on, answers, deleted) VALUES"
	    " ('00000000-0000-7000-8000-%012d', 'T', 'c', 'u', 'h', 'tpl', '1', %Q, %Q, '2024-01-%02d',"
	    " json_object('q1', %Q), %d)", i, community, estate, i % 28 + 1, answer, deleted);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
}

static const page_column resp_cols[] = {
	{ "surveyed_on", false, true }, { "community", false, true }, { "estate", false, true },
	{ "answers", false, false },
};
static const page_cond resp_conds[] = {
	{ "community", "community = :community" },
	{ "template", "template = :template" },
};
static const page_query resp_q = {
	.from = "survey_response", .id_expr = "id", .fts = "survey_response_fts", .deleted_col = "deleted",
	.cols = resp_cols, .ncols = 4, .conds = resp_conds, .nconds = 2,
};

/* Ids (their last 3 digits, space-separated) of the whole list in the current order. */
static char *
all_ids(page_source *ps)
{
	page p = { 0 };
	char *out = xstrdup("");

	if (ps->after(ps, NULL, NULL, 3, &p) != 0) {
		free(out);
		return xstrdup("error");
	}
	while (p.n > 0) {
		for (size_t i = 0; i < p.n; i++) {
			char *n = xasprintf("%s%s%d", out, *out ? " " : "", atoi(p.rows[i].id + 33));
			free(out);
			out = n;
		}
		if (ps->after(ps, p.rows[p.n - 1].sort_value, p.rows[p.n - 1].id, 3, &p) != 0)
			break;
	}
	page_clear(&p);
	return out;
}

static void
check_search(page_source *ps, const char *term, const char *want, const char *what)
{
	static const page_strategy strategies[] = { PAGE_SEARCH_MATCHES, PAGE_SEARCH_WALK, PAGE_SEARCH_AUTO };

	ps->set_filter(ps, term);
	for (size_t i = 0; i < 3; i++) {
		char *got;
		pagesource_sql_set_strategy(ps, strategies[i]);
		got = all_ids(ps);
		is_str(got, want, "%s (strategy %zu)", what, i);
		free(got);
	}
}

static void
fill(sqlite3 *db)
{
	add_response(db, 1, "滨河社区", "阳光小区", "附近没有超市", 0);
	add_response(db, 2, "滨河社区", "幸福家园", "希望增加养老服务", 0);
	add_response(db, 3, "新华社区", "阳光小区", "超市太远，买菜不方便", 0);
	add_response(db, 4, "新华社区", "市场小区", "养老院床位不够", 1);
	add_response(db, 5, "海北社区", "HBW-0101 A栋", "路灯坏了 Repair needed", 0);
	add_response(db, 6, "海北社区", "阳光小区", "超级好", 0);
	add_response(db, 7, "海北社区", "AND小区", "he said \"NEAR\" (x)*", 0);
}

static long long
marked_rows(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	sqlite3_prepare_v2(db, "SELECT count(*) FROM search_dirty", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_fts_search(void)
{
	sqlite3 *db = new_db();
	page_source *ps;
	char *got;

	fill(db);
	is_int(marked_rows(db), 7, "rows written with plain SQL are marked for indexing by the triggers");
	ps = pagesource_sql_new(db, &resp_q);
	is_int(search_reindex(db, "survey_response"), 0, "re-index of the marked rows");
	is_int(marked_rows(db), 0, "no row is left marked");
	check_search(ps, "超市", "1 3", "2-character term finds both rows, sorted by date");
	check_search(ps, "超", "1 3 6", "1-character term");
	check_search(ps, "养老", "2", "a deleted row is not found among the live ones");
	check_search(ps, "阳光 超市", "1 3", "two terms AND");
	check_search(ps, "hbw", "5", "ASCII prefix, any case");
	check_search(ps, "A栋", "5", "mixed ASCII and Chinese");
	check_search(ps, "repair 路灯", "5", "mixed terms");
	check_search(ps, "NEAR", "7", "NEAR is a word, not an operator");
	check_search(ps, "AND", "7", "AND is a word, not an operator");
	check_search(ps, "\"NEAR\" (x)*", "7", "quotes, parentheses and * are text");
	check_search(ps, "*", "", "only punctuation matches nothing, without an error");
	ok(ps->error(ps) == NULL, "no error after a punctuation-only search");
	check_search(ps, "'; DROP TABLE survey_response; --", "", "SQL in the search box is only text");
	check_search(ps, "图书馆", "", "a term in no row");
	ps->set_filter(ps, "超市");
	is_int(ps->count(ps), 2, "count of a search");

	/* Written later by another tool: found by the next search (re-indexed first). */
	add_response(db, 8, "滨河社区", "幸福家园", "超市关门了", 0);
	check_search(ps, "超市", "1 3 8", "a row written after the last search is found");
	sqlite3_exec(db, "UPDATE survey_response SET answers = json_object('q1', '很好') WHERE id LIKE '%008'",
	    NULL, NULL, NULL);
	check_search(ps, "超市", "1 3", "an edited row is found by its new text only");
	check_search(ps, "很好", "8", "the new text is found");
	sqlite3_exec(db, "DELETE FROM survey_response WHERE id LIKE '%008'", NULL, NULL, NULL);
	check_search(ps, "很好", "", "a removed row is gone from the index");

	/* Sort order is the list's: by estate descending. */
	ps->set_sort(ps, 2, true);
	check_search(ps, "阳光", "6 3 1", "search in the current sort order (estate desc, id desc)");
	ps->set_sort(ps, 3, false);
	ps->set_filter(ps, NULL);
	got = all_ids(ps);
	ps->set_sort(ps, 1, false);
	is_str(got, "6 3 1 2 5 7", "sorting by a column not marked sortable is refused");
	free(got);
	ok(!ps->sortable(ps, 3) && ps->sortable(ps, 0) && !ps->sortable(ps, 99), "sortable marks");

	search_rebuild(db, "survey_response");
	ps->set_sort(ps, 0, false);
	check_search(ps, "超", "1 3 6", "the rebuilt index finds the same rows");
	ps->free(ps);
	sqlite3_close(db);
}

/* ---- bound filters, deleted rows, restore, counts ---------------------------------------- */

static void
test_filters(void)
{
	sqlite3 *db = new_db();
	page_source *ps;
	char *got;

	fill(db);
	add_response(db, 9, "x' OR '1'='1", "注入", "测试", 0);
	add_response(db, 10, "a; DELETE FROM survey_response; --", "注入", "测试", 0);
	ps = pagesource_sql_new(db, &resp_q);
	is_int(ps->set_condition(ps, "community", "新华社区"), 0, "a named condition");
	got = all_ids(ps);
	is_str(got, "3", "community = 新华社区 (row 4 is deleted)");
	free(got);
	is_int(ps->set_condition(ps, "no_such", "x"), -1, "an unknown condition is refused");
	ps->set_condition(ps, "community", "x' OR '1'='1");
	got = all_ids(ps);
	is_str(got, "9", "a value with quotes matches only itself");
	free(got);
	ps->set_condition(ps, "community", "a; DELETE FROM survey_response; --");
	got = all_ids(ps);
	is_str(got, "10", "a value with a semicolon matches only itself");
	free(got);
	is_int(ps->count(ps), 1, "count with a condition");
	ps->set_condition(ps, "community", NULL);
	got = all_ids(ps);
	is_str(got, "1 2 3 5 6 7 9 10", "the condition switched off");
	free(got);
	ps->set_condition(ps, "template", "tpl");
	ps->set_condition(ps, "community", "海北社区");
	ps->set_filter(ps, "阳光");
	got = all_ids(ps);
	is_str(got, "6", "two conditions and a search together");
	free(got);
	ps->set_filter(ps, NULL);
	ps->set_condition(ps, "template", NULL);
	ps->set_condition(ps, "community", NULL);

	/* Deleted rows: shown on request, restored as a new edit. */
	ok(ps->set_show_deleted(ps, true), "the source can show deleted rows");
	got = all_ids(ps);
	is_str(got, "4", "showing deleted rows: only row 4");
	free(got);
	ps->set_filter(ps, "养老");
	got = all_ids(ps);
	is_str(got, "4", "search among the deleted rows");
	free(got);
	ps->set_filter(ps, NULL);
	ps->free(ps);
	sqlite3_close(db);
}

static long long
live(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st;
	long long n = -2;

	sqlite3_prepare_v2(db, "SELECT live FROM record_count WHERE tbl = ?1", -1, &st, NULL);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static long long
scan_count(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long n = -1;

	sqlite3_prepare_v2(db, "SELECT count(*) FROM survey_response WHERE deleted = 0", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_restore_and_counts(void)
{
	sqlite3 *db = new_db();
	record_counts c;
	char *before, *after, *op;
	const char *id4 = "00000000-0000-7000-8000-000000000004";

	fill(db);
	stats_record_counts(db, &c);
	is_int(c.responses, 6, "status counts: 6 live responses (one deleted)");
	is_int(live(db, "survey_response"), scan_count(db), "counter agrees with a scan");
	before = sqlite3_mprintf("%s", "");
	{
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "SELECT hlc FROM survey_response WHERE id = ?1", -1, &st, NULL);
		sqlite3_bind_text(st, 1, id4, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_free(before);
		before = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		is_int(record_restore(db, "survey_response", id4), 0, "record_restore of a deleted row");
		sqlite3_reset(st);
		sqlite3_step(st);
		after = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	ok(strcmp(before, after) != 0, "restoring is a new edit: the clock moved");
	op = sqlite3_mprintf("%s", "");
	{
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "SELECT operator || '|' || deleted FROM survey_response WHERE id = ?1", -1, &st, NULL);
		sqlite3_bind_text(st, 1, id4, -1, SQLITE_STATIC);
		sqlite3_step(st);
		sqlite3_free(op);
		op = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	is_str(op, "张琦|0", "restored by the current operator, no longer deleted");
	is_int(record_restore(db, "survey_response", id4), 1, "restoring a live row gives 1");
	stats_record_counts(db, &c);
	is_int(c.responses, 7, "status counts follow the restore");
	record_tombstone(db, "survey_response", id4);
	sqlite3_exec(db, "DELETE FROM survey_response WHERE id LIKE '%001'", NULL, NULL, NULL);
	sqlite3_exec(db, "UPDATE survey_response SET estate = 'x' WHERE id LIKE '%002'", NULL, NULL, NULL);
	stats_record_counts(db, &c);
	is_int(c.responses, 5, "status counts follow tombstone, delete, and an edit that is no delete");
	is_int(live(db, "survey_response"), scan_count(db), "counter still agrees with a scan");
	is_int(live(db, "community"), 0, "communities are counted too");
	sqlite3_free(before);
	sqlite3_free(after);
	sqlite3_free(op);
	sqlite3_close(db);
}

/* Every column the survey list offers for sorting is served by an index on (column, id): the first page
 * and a keyed page read the index in order, with no sort step, in both directions. */
static char *last_page_sql;

static int
trace_page(unsigned type, void *ud, void *p, void *x)
{
	(void)type;
	(void)ud;
	(void)p;
	if (strstr(x, "LIMIT :limit")) {
		free(last_page_sql);
		last_page_sql = xstrdup(x);
	}
	return 0;
}

static void
test_sortable_indexed(void)
{
	sqlite3 *db = new_db();
	page_source *ps;
	page p = { 0 };

	fill(db);
	ps = pagesource_sql_new(db, &resp_q);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, trace_page, NULL);
	for (size_t c = 0; c < resp_q.ncols; c++) {
		if (!resp_q.cols[c].sortable)
			continue;
		for (int d = 0; d < 2; d++) {
			ps->set_sort(ps, c, d);
			ps->after(ps, NULL, NULL, 2, &p);
			ok(last_page_sql && test_plan_walks_index(db, last_page_sql, "USING INDEX"), "sort by %s %s: first page walks an index",
			    resp_q.cols[c].expr, d ? "desc" : "asc");
			ps->after(ps, p.rows[1].sort_value, p.rows[1].id, 2, &p);
			ok(last_page_sql && test_plan_walks_index(db, last_page_sql, "USING INDEX"), "sort by %s %s: next page too",
			    resp_q.cols[c].expr, d ? "desc" : "asc");
		}
	}
	/* The walk strategy keeps the index order: a common term's page is no sort either. */
	pagesource_sql_set_strategy(ps, PAGE_SEARCH_WALK);
	ps->set_filter(ps, "社区");
	ps->set_sort(ps, 2, false);
	ps->after(ps, NULL, NULL, 2, &p);
	ok(last_page_sql && test_plan_walks_index(db, last_page_sql, "USING INDEX"), "a walked search reads the estate index in order");
	sqlite3_trace_v2(db, 0, NULL, NULL);
	free(last_page_sql);
	last_page_sql = NULL;
	page_clear(&p);
	ps->free(ps);
	sqlite3_close(db);
}

/* AUTO sorts the matches of a rare term and walks the sort index for a term in most rows. */
static void
test_auto_strategy(void)
{
	sqlite3 *db = new_db();
	page_source *ps;
	page p = { 0 };

	sqlite3_exec(db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)"
	    " INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, template, template_version,"
	    " community, estate, surveyed_on, answers) SELECT printf('00000000-0000-7000-8000-%012d', i), 'T', 'c',"
	    " 'u', 'h', 't', '1', '滨河社区', '阳光小区', printf('2024-%02d-01', i % 12 + 1),"
	    " json_object('q1', CASE WHEN i = 1500 THEN '附近没有超市，窨井盖丢失' ELSE '附近没有超市' END) FROM n",
	    NULL, NULL, NULL);
	ps = pagesource_sql_new(db, &resp_q);
	ps->set_filter(ps, "超市");
	is_int(pagesource_sql_strategy(ps), PAGE_SEARCH_WALK, "a term in every row: walk the sort index");
	ok(ps->after(ps, NULL, NULL, 25, &p) == 0 && p.n == 25, "a full first page");
	ps->set_filter(ps, "窨井");
	is_int(pagesource_sql_strategy(ps), PAGE_SEARCH_MATCHES, "a term in one row: sort the matches");
	ok(ps->after(ps, NULL, NULL, 25, &p) == 0 && p.n == 1, "the one row");
	ps->set_filter(ps, NULL);
	is_int(pagesource_sql_strategy(ps), PAGE_SEARCH_AUTO, "no search, no strategy");
	page_clear(&p);
	ps->free(ps);
	sqlite3_close(db);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_split();
	test_query();
	test_fts_search();
	test_filters();
	test_restore_and_counts();
	test_auto_strategy();
	test_sortable_indexed();
	return tap_done();
}
