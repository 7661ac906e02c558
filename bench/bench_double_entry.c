/* bench_double_entry.c - the double-entry list of feedback forms at 100,000 forms: a page filtered by
 * state must come straight off an index (feedback_entry_state, kept by triggers), the first page and
 * one deep in the list alike. Loads N proposals, each with its feedback form, in a fresh file database
 * with the real schema (every trigger firing): 30% keyed once, 50% verified, 15% with a difference
 * decided, 5% edited after verification. Usage: bench_double_entry [N] (default 100000). */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "doubleentry.h"
#include "migrate.h"
#include "pagesource.h"
#include "util.h"
#define BENCH_NAME "bench_double_entry"
#include "benchutil.h"

#define PAGE_ROWS 25
#define REPEATS 21

static const char *const topics[] = { "社区生活圈", "养老服务", "停车位", "便民超市", "加装电梯", "菜市场", "托育",
    "充电桩", "老旧小区改造", "社区食堂" };
static const char *const asks[] = { "关于加强", "关于提高", "关于完善", "关于推进", "关于规范" };
static const char *const proposers[] = { "市政协文化委", "张琦", "李明", "王刚", "赵敏", "民盟市委", "刘洋", "陈静" };
#define N_OF(a) (sizeof a / sizeof a[0])

/* ---- loading ------------------------------------------------------------------------ */

static sqlite3_stmt *
prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	return st;
}

#define META "id, origin, created_at, updated_at, hlc, operator"
#define META_VALUES(prefix) "printf('" prefix "-0000-0000-0000-%012d', ?1), 'bench', '2026-01-01', '2026-01-01', '0'"

/* Keying pass of form i (pass 2 by 乙; signature typed differently when differs), its id from prefix. */
static void
keying(sqlite3 *db, sqlite3_stmt *st, long i, int pass, bool differs)
{
	sqlite3_bind_int64(st, 1, i);
	sqlite3_bind_text(st, 2, pass == 1 ? "甲" : "乙", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, pass);
	sqlite3_bind_int(st, 4, differs);
	bench_step(db, st, "keying");
}

/* A keying's values as the form has them; pass 2 of a form with a difference typed the signature wrong.
 * ?1 the form's number, ?2 the operator, ?3 the pass, ?4 1 when it differs. */
static const char keying_sql[] =
	"INSERT INTO entry_keying (" META ", record_kind, record_id, pass, keyed_values, differences)"
	" SELECT printf('2000000%d-0000-0000-0000-%012d', ?3, ?1), 'bench', '2026-01-02', '2026-01-02', '0', ?2,"
	" 'feedback', f.id, ?3, json_object('satisfaction', f.satisfaction, 'opinion', f.opinion, 'suggestions', '',"
	" 'recommended_units', '', 'signature', CASE WHEN ?4 THEN f.signature || '甲' ELSE f.signature END,"
	" 'signed_on', f.signed_on), ?4 FROM feedback f WHERE f.id = printf('10000000-0000-0000-0000-%012d', ?1)";
/* The decision of form ?1's difference: the first keying's signature taken. */
static const char decision_sql[] =
	"INSERT INTO entry_decision (" META ", keying_id, field, first_value, second_value, chosen, final_value)"
	" SELECT " META_VALUES("30000000") ", '乙', printf('20000002-0000-0000-0000-%012d', ?1), 'signature',"
	" f.signature, f.signature || '甲', 'first', f.signature FROM feedback f"
	" WHERE f.id = printf('10000000-0000-0000-0000-%012d', ?1)";

static void
load(sqlite3 *db, long n)
{
	sqlite3_stmt *p, *f, *k1, *k2, *d, *e;

	sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	bench_exec(db, "BEGIN", "begin");
	p = prep(db, "INSERT INTO proposal (" META ", number, session, kind, title, proposer, handling_unit, form_status)"
	    " VALUES (" META_VALUES("00000000") ", '甲', ?2, ?3, 'proposal', ?4, ?5, '乌海市商务局', 'returned')");
	f = prep(db, "INSERT INTO feedback (" META ", proposal_id, satisfaction, opinion, signature, signed_on)"
	    " VALUES (" META_VALUES("10000000") ", '甲', printf('00000000-0000-0000-0000-%012d', ?1), 'satisfied', '无',"
	    " ?2, '2024-06-21')");
	/* A keying's values as the form has them; pass 2 of a form with a difference typed the signature wrong. */
	k1 = prep(db, keying_sql);
	k2 = k1;
	d = prep(db, decision_sql);
	e = prep(db, "UPDATE feedback SET opinion = '办理及时', operator = '丙' WHERE id = printf('10000000-0000-0000-0000-%012d', ?1)");
	for (long i = 0; i < n; i++) {
		uint64_t r = mix((uint64_t)i);
		unsigned kind = (unsigned)(r % 100);
		char number[16], session[64], title[128];

		snprintf(number, sizeof number, "%03u", (unsigned)((r >> 8) % 1000));
		snprintf(session, sizeof session, "市政协十届%u次会议", (unsigned)((r >> 20) % 5) + 1);
		snprintf(title, sizeof title, "%s%s建设的提案", asks[(r >> 24) % N_OF(asks)], topics[(r >> 28) % N_OF(topics)]);
		sqlite3_bind_int64(p, 1, i);
		sqlite3_bind_text(p, 2, number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(p, 3, session, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(p, 4, title, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(p, 5, proposers[(r >> 32) % N_OF(proposers)], -1, SQLITE_STATIC);
		bench_step(db, p, "proposal");
		sqlite3_bind_int64(f, 1, i);
		sqlite3_bind_text(f, 2, proposers[(r >> 36) % N_OF(proposers)], -1, SQLITE_STATIC);
		bench_step(db, f, "feedback");
		if (kind < 30)
			continue;                       /* keyed once */
		keying(db, k1, i, 1, false);
		keying(db, k2, i, 2, kind >= 80 && kind < 95);
		if (kind >= 80 && kind < 95) {          /* a difference, decided */
			sqlite3_bind_int64(d, 1, i);
			bench_step(db, d, "decision");
		}
		if (kind >= 95) {                       /* edited after verification */
			sqlite3_bind_int64(e, 1, i);
			bench_step(db, e, "edit");
		}
	}
	sqlite3_finalize(p);
	sqlite3_finalize(f);
	sqlite3_finalize(k1);
	sqlite3_finalize(d);
	sqlite3_finalize(e);
	bench_exec(db, "COMMIT", "commit");
}

/* ---- the page SQL and its plan ------------------------------------------------------ */

/* What marks the page query to show: the first keyed page filtered by state. */
static const char *const page_needles[] = { "(:key, :id)", ":state", NULL };

/* ---- timing ------------------------------------------------------------------------- */

/* Rows in state (NULL: all), counted once for the notes (setup, not timed). */
static long long
rows_in(sqlite3 *db, const char *state)
{
	sqlite3_stmt *st = prep(db, "SELECT count(*) FROM feedback_entry_state WHERE ?1 IS NULL OR state = ?1");
	long long n = 0;

	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Key (number, proposal_id) of the row at 90% of the list in state, sorted by number. Setup: OFFSET is fine here. */
static void
deep_key(sqlite3 *db, const char *state, long long rows, char **sort_value, char **id)
{
	sqlite3_stmt *st = prep(db, "SELECT number, proposal_id FROM feedback_entry_state WHERE ?1 IS NULL OR state = ?1"
	    " ORDER BY number, proposal_id LIMIT 1 OFFSET ?2");

	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rows * 9 / 10);
	if (sqlite3_step(st) != SQLITE_ROW)
		die(db, "deep key");
	*sort_value = xstrdup((const char *)sqlite3_column_text(st, 0));
	*id = xstrdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
}

static void
need_full(const page *p, int rc, const char *what)
{
	if (rc != 0 || p->n != PAGE_ROWS) {
		fprintf(stderr, BENCH_NAME ": %s: page failed (rc %d, %zu rows)\n", what, rc, p->n);
		exit(1);
	}
}

/* The list opened filtered by state (NULL: all): a new source, its condition and its first page; then
 * a page deep in the list (after the key at 90%) and the last page. Medians of REPEATS, in ms. */
static void __attribute__((noinline))
measure_state(sqlite3 *db, const char *state)
{
	const char *name = state ? state : "all";
	long long rows = rows_in(db, state);
	double open_t[REPEATS], deep_t[REPEATS], last_t[REPEATS], t0;
	char *key, *id;
	page p = { 0 };

	deep_key(db, state, rows, &key, &id);
	for (int i = 0; i < REPEATS; i++) {
		page_source *ps;
		int rc;

		t0 = now_us();
		ps = pagesource_sql_new(db, doubleentry_feedback_list());
		ps->set_condition(ps, "state", state);
		rc = ps->after(ps, NULL, NULL, PAGE_ROWS, &p);
		open_t[i] = (now_us() - t0) / 1e3;
		need_full(&p, rc, "first page");
		t0 = now_us();
		rc = ps->after(ps, key, id, PAGE_ROWS, &p);
		deep_t[i] = (now_us() - t0) / 1e3;
		need_full(&p, rc, "deep page");
		t0 = now_us();
		rc = ps->before(ps, NULL, NULL, PAGE_ROWS, &p);
		last_t[i] = (now_us() - t0) / 1e3;
		need_full(&p, rc, "last page");
		ps->free(ps);
	}
	printf("list.%s.rows %lld rows\n", name, rows);
	printf("list.%s.first_page %.3f ms\n", name, bench_median(open_t, REPEATS));
	printf("list.%s.page_at_90pct %.3f ms\n", name, bench_median(deep_t, REPEATS));
	printf("list.%s.last_page %.3f ms\n", name, bench_median(last_t, REPEATS));
	page_clear(&p);
	free(key);
	free(id);
}

/* The first page sorted by title, descending, filtered by state. */
static void
measure_sorted(sqlite3 *db, const char *state)
{
	double t[REPEATS], t0;
	page p = { 0 };

	for (int i = 0; i < REPEATS; i++) {
		page_source *ps = pagesource_sql_new(db, doubleentry_feedback_list());
		int rc;

		ps->set_condition(ps, "state", state);
		t0 = now_us();
		ps->set_sort(ps, DE_COL_TITLE, true);
		rc = ps->after(ps, NULL, NULL, PAGE_ROWS, &p);
		t[i] = (now_us() - t0) / 1e3;
		need_full(&p, rc, "sorted page");
		ps->free(ps);
	}
	printf("list.%s.sort_title_desc %.3f ms\n", state, bench_median(t, REPEATS));
	page_clear(&p);
}

/* For comparison, once: the first page filtered by state without the kept table, every form's state
 * computed (feedback_entry_row, the view the triggers use) and the whole list sorted, as the list did
 * before it had an index to read. */
static void
measure_unindexed(sqlite3 *db)
{
	sqlite3_stmt *st = prep(db, "SELECT number, proposal_id FROM feedback_entry_row WHERE state = 'verified'"
	    " ORDER BY number, proposal_id LIMIT 25");
	double t0 = now_us();
	int n = 0;

	while (sqlite3_step(st) == SQLITE_ROW)
		n++;
	printf("list.verified.first_page_computed_and_sorted %.1f ms\n", (now_us() - t0) / 1e3);
	if (n != PAGE_ROWS)
		die(db, "unindexed page");
	sqlite3_finalize(st);
}

/* What one write costs with the list's triggers, each in its own transaction: a verification with a
 * difference (both keyings and the decision) of a form keyed once, and an edit of a verified form. */
static void
measure_writes(sqlite3 *db, long n)
{
	sqlite3_stmt *k = prep(db, keying_sql), *d = prep(db, decision_sql);
	sqlite3_stmt *e = prep(db, "UPDATE feedback SET opinion = opinion || '。' WHERE id ="
	    " printf('10000000-0000-0000-0000-%012d', ?1)");
	double tv[REPEATS], te[REPEATS], t0;
	long row = 0;

	for (int i = 0; i < REPEATS; i++) {
		while (row < n && mix((uint64_t)row) % 100 >= 30)
			row++;                          /* the next form keyed once */
		if (row >= n)
			die(NULL, "too few forms keyed once");
		t0 = now_us();
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		keying(db, k, row, 1, false);
		keying(db, k, row, 2, true);
		sqlite3_bind_int64(d, 1, row);
		bench_step(db, d, "decision");
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		tv[i] = (now_us() - t0) / 1e3;
		t0 = now_us();
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		sqlite3_bind_int64(e, 1, row);
		bench_step(db, e, "edit");
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		te[i] = (now_us() - t0) / 1e3;
		{
			char pid[64];
			snprintf(pid, sizeof pid, "00000000-0000-0000-0000-%012ld", row);
			if (doubleentry_feedback_state(db, pid) != DE_EDITED)
				die(db, "the edited form is not marked edited");
		}
		row++;
	}
	printf("save.verification %.3f ms\n", bench_median(tv, REPEATS));
	printf("save.edit_after_verification %.3f ms\n", bench_median(te, REPEATS));
	sqlite3_finalize(k);
	sqlite3_finalize(d);
	sqlite3_finalize(e);
}

int
main(int argc, char **argv)
{
	static const char *const states[] = { NULL, "once", "verified", "decided", "edited" };
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	char dir[] = "/tmp/lcbench-XXXXXX", *path, *err = NULL;
	struct stat sb;
	struct rusage ru;
	sqlite3 *db;
	double t0;

	if (n < 10000 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: bench_double_entry [forms >= 10000]\n");
		return 2;
	}
	path = xasprintf("%s/bench.db", dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		die(db, path);
	if (migrate_apply(db, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": %s\n", err);
		return 1;
	}
	t0 = now_us();
	load(db, n);
	stat(path, &sb);
	printf("load.forms %ld forms\nload.time %.1f s\nload.database_size %.0f MB\n", n, (now_us() - t0) / 1e6,
	    (double)sb.st_size / 1048576.0);
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, bench_trace_keep, (void *)page_needles);
	for (size_t i = 0; i < N_OF(states); i++)
		measure_state(db, states[i]);
	sqlite3_trace_v2(db, 0, NULL, NULL);
	measure_sorted(db, "edited");
	measure_unindexed(db);
	measure_writes(db, n);
	bench_print_plan(db, bench_traced_sql);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss %ld KB\n", ru.ru_maxrss);
	sqlite3_close(db);
	bench_remove_db(path);
	rmdir(dir);
	free(path);
	sqlite3_free(bench_traced_sql);
	return 0;
}
