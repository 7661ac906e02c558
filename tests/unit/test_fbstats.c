/* test_fbstats.c - satisfaction statistics on a known data set built through proposal.h: four
 * handling units over two sessions, every satisfaction level, forms not sent, sent and awaiting,
 * returned; a deleted proposal (with its form) and a deleted form not counted; the rate's rounding;
 * the text table aligned by display width and the CSV rows. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "fbstats.h"
#include "proposal.h"
#include "settings.h"
#include "sheetout.h"
#include "utf8.h"
#include "util.h"

#define S1 "市政协十届三次会议"
#define S2 "市人大十届三次会议"
#define UA "乌海市商务局"
#define UB "乌海市文化局"
#define UC "乌海市民政局"
#define UD "乌海市教育局"

typedef enum { UNSENT, SENT, SAT, FAIRLY, DISSAT } fate;

static int failures;

/* One proposal through the API, then sent and its form entered as fate says; its id into id_out. */
static void
add(sqlite3 *db, const char *number, const char *session, const char *unit, fate f, char id_out[UUID_TEXT_LEN])
{
	static const char *const sat[] = { NULL, NULL, "satisfied", "fairly", "dissatisfied" };
	proposal p;
	feedback fb;
	char *err = NULL;
	int rc;

	proposal_init(&p);
	proposal_set(&p, PROPOSAL_KIND, "proposal");
	proposal_set(&p, PROPOSAL_SESSION, session);
	proposal_set(&p, PROPOSAL_NUMBER, number);
	proposal_set(&p, PROPOSAL_TITLE, "关于提高一刻钟社区生活圈建设质量的提案");
	proposal_set(&p, PROPOSAL_PROPOSER, "市政协文化委");
	proposal_set(&p, PROPOSAL_HANDLING_UNIT, unit);
	rc = proposal_create(db, &p, &err);
	if (rc == 0 && f != UNSENT)
		rc = proposal_mark_sent(db, p.meta.id, "2024-06-01", &err);
	if (rc == 0 && sat[f]) {
		feedback_init(&fb);
		snprintf(fb.proposal_id, sizeof fb.proposal_id, "%s", p.meta.id);
		feedback_set(&fb, FEEDBACK_SATISFACTION, sat[f]);
		feedback_set(&fb, FEEDBACK_SIGNATURE, "張琦");
		feedback_set(&fb, FEEDBACK_SIGNED_ON, "2024-06-21");
		rc = feedback_enter(db, &fb, &err);
		feedback_free(&fb);
	}
	if (rc != 0) {
		failures++;
		printf("# adding %s %s %s: %s\n", number, session, unit, err ? err : "?");
	}
	if (id_out)
		snprintf(id_out, UUID_TEXT_LEN, "%s", p.meta.id);
	free(err);
	proposal_free(&p);
}

static void
build(sqlite3 *db)
{
	char deleted[UUID_TEXT_LEN], form_gone[UUID_TEXT_LEN], *err = NULL, num[8];
	const char *params[1];

	add(db, "001", S1, UA, SAT, NULL);
	add(db, "002", S1, UA, FAIRLY, NULL);
	add(db, "003", S2, UA, DISSAT, NULL);
	add(db, "004", S2, UA, SENT, NULL);
	add(db, "005", S1, UA, UNSENT, NULL);
	add(db, "006", S1, UB, SAT, NULL);
	add(db, "007", S2, UB, SENT, NULL);
	add(db, "008", S1, UB, SAT, deleted);
	add(db, "009", S2, UB, FAIRLY, form_gone);
	add(db, "010", S2, UC, UNSENT, NULL);
	add(db, "011", S2, UC, UNSENT, NULL);
	/* 1 satisfied of 16 returned: 6.25%, which rounds half up to 6.3%. */
	for (int i = 0; i < 16; i++) {
		snprintf(num, sizeof num, "1%02d", i);
		add(db, num, S1, UD, i == 0 ? SAT : DISSAT, NULL);
	}
	ok(failures == 0, "the data set is built through proposal.h (%d failures)", failures);
	ok(proposal_delete(db, deleted, &err) == 0, "proposal 008 and its form deleted (tombstones)");
	free(err);
	/* No API deletes a form alone (a sync from another office can): its tombstone leaves 009 sent
	 * and without answers, so it is awaiting reply again. */
	params[0] = form_gone;
	ok(db_exec_params(db, "UPDATE feedback SET deleted = 1 WHERE proposal_id = ?1", 1, params) == 0,
	    "the form of 009 is a tombstone");
}

static const fbstats_row *
find(const fbstats_row *rows, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].key, key) == 0)
			return &rows[i];
	return NULL;
}

/* total, satisfied, fairly, dissatisfied, returned, awaiting, unsent, rate in tenths */
static void
check_row(const fbstats_row *r, const char *what, const long long want[8])
{
	if (!ok(r != NULL, "%s: a row", what))
		return;
	is_int(r->total, want[0], "%s: proposals", what);
	is_int(r->satisfied, want[1], "%s: satisfied", what);
	is_int(r->fairly, want[2], "%s: fairly satisfied", what);
	is_int(r->dissatisfied, want[3], "%s: dissatisfied", what);
	is_int(r->returned, want[4], "%s: returned", what);
	is_int(r->awaiting, want[5], "%s: awaiting reply", what);
	is_int(r->unsent, want[6], "%s: not sent", what);
	is_int(fbstats_rate_tenths(r), want[7], "%s: satisfaction rate in tenths of a percent", what);
}

static void
test_by_unit(sqlite3 *db)
{
	static const long long a[8] = { 5, 1, 1, 1, 3, 1, 1, 667 }, b[8] = { 3, 1, 0, 0, 1, 2, 0, 1000 },
	    c[8] = { 2, 0, 0, 0, 0, 0, 2, -1 }, d[8] = { 16, 1, 0, 15, 16, 0, 0, 63 }, t[8] = { 26, 3, 1, 16, 20, 3, 3, 200 };
	fbstats_row *rows, tot;
	char *err = NULL, *rate;
	size_t n;

	is_int(fbstats_query(db, FBSTATS_BY_UNIT, &rows, &n, &err), 0, "by unit: queried");
	is_int(n, 4, "by unit: four units (the deleted proposal's unit still has others)");
	if (n == 4) {
		is_str(rows[0].key, UA, "ordered by key: 商务局 first");
		is_str(rows[3].key, UC, "... 民政局 last");
	}
	check_row(find(rows, n, UA), "商务局", a);
	check_row(find(rows, n, UB), "文化局 (deleted proposal and deleted form not counted)", b);
	check_row(find(rows, n, UC), "民政局 (nothing returned)", c);
	check_row(find(rows, n, UD), "教育局 (1 of 16)", d);
	fbstats_total(rows, n, &tot);
	check_row(&tot, "total", t);
	if (find(rows, n, UC)) {
		rate = fbstats_rate_text(find(rows, n, UC));
		is_str(rate, "—", "nothing returned: the rate is a dash");
		free(rate);
	}
	if (find(rows, n, UD)) {
		rate = fbstats_rate_text(find(rows, n, UD));
		is_str(rate, "6.3%", "6.25%% is shown as 6.3%%");
		free(rate);
	}
	fbstats_free(rows, n);
	free(err);
}

static void
test_by_session(sqlite3 *db)
{
	static const long long s1[8] = { 20, 3, 1, 15, 19, 0, 1, 211 }, s2[8] = { 6, 0, 0, 1, 1, 3, 2, 0 };
	fbstats_row *rows;
	char *err = NULL, *rate;
	size_t n;

	is_int(fbstats_query(db, FBSTATS_BY_SESSION, &rows, &n, &err), 0, "by session: queried");
	is_int(n, 2, "by session: two sessions");
	check_row(find(rows, n, S1), "政协 session", s1);
	check_row(find(rows, n, S2), "人大 session", s2);
	if (find(rows, n, S2)) {
		rate = fbstats_rate_text(find(rows, n, S2));
		is_str(rate, "0.0%", "one returned, dissatisfied: 0.0%%, not a dash");
		free(rate);
	}
	fbstats_free(rows, n);
	free(err);
}

/* Filtered by unit and by session: the rows of the others are not counted. */
static void
test_where(sqlite3 *db)
{
	/* 商务局 in the 人大 session: 003 dissatisfied, 004 awaiting. */
	static const long long a2[8] = { 2, 0, 0, 1, 1, 1, 0, 0 }, s1a[8] = { 3, 1, 1, 0, 2, 0, 1, 1000 };
	fbstats_row *rows;
	char *err = NULL;
	size_t n;

	is_int(fbstats_query_where(db, FBSTATS_BY_SESSION, UA, NULL, &rows, &n, &err), 0, "by session for 商务局 only");
	is_int(n, 2, "... its two sessions");
	check_row(find(rows, n, S2), "商务局 in the 人大 session", a2);
	check_row(find(rows, n, S1), "商务局 in the 政协 session", s1a);
	fbstats_free(rows, n);
	is_int(fbstats_query_where(db, FBSTATS_BY_UNIT, NULL, S2, &rows, &n, &err), 0, "by unit in the 人大 session only");
	is_int(n, 3, "... three units have proposals there (教育局 has none)");
	ok(find(rows, n, UD) == NULL, "... 教育局 is not listed");
	check_row(find(rows, n, UA), "人大 session, 商务局", a2);
	fbstats_free(rows, n);
	is_int(fbstats_query_where(db, FBSTATS_BY_UNIT, " " UA " ", S2, &rows, &n, &err), 0, "both filters, the unit with blanks around it");
	is_int(n, 1, "... one row");
	fbstats_free(rows, n);
	is_int(fbstats_query_where(db, FBSTATS_BY_UNIT, "乌海市不存在局", NULL, &rows, &n, &err), 0, "an unknown unit");
	is_int(n, 0, "... no rows");
	fbstats_free(rows, n);
	free(err);
}

static void
test_rounding(void)
{
	static const struct { long long good, returned; int tenths; const char *text; } cases[] = {
		{ 2, 3, 667, "66.7%" }, { 1, 3, 333, "33.3%" }, { 5, 8, 625, "62.5%" }, { 1, 16, 63, "6.3%" },
		{ 1, 6, 167, "16.7%" }, { 3, 3, 1000, "100.0%" }, { 0, 4, 0, "0.0%" }, { 0, 0, -1, "—" },
		{ 1, 2000, 1, "0.1%" }, { 1, 2001, 0, "0.0%" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fbstats_row r = { .satisfied = cases[i].good, .returned = cases[i].returned };
		char *t = fbstats_rate_text(&r);
		is_int(fbstats_rate_tenths(&r), cases[i].tenths, "%lld of %lld: %d tenths", cases[i].good, cases[i].returned, cases[i].tenths);
		is_str(t, cases[i].text, "%lld of %lld as text", cases[i].good, cases[i].returned);
		free(t);
	}
	/* Fairly satisfied counts toward the rate as satisfied does. */
	fbstats_row r = { .satisfied = 1, .fairly = 1, .dissatisfied = 2, .returned = 4 };
	is_int(fbstats_rate_tenths(&r), 500, "satisfied + fairly satisfied over returned");
}

static void
test_text_and_csv(sqlite3 *db)
{
	fbstats_row *rows;
	char *err = NULL, *buf = NULL, *line, *save = NULL;
	size_t n, len = 0, width = 0, lines = 0;
	bool same = true;
	FILE *f;
	sheetout *so;

	if (fbstats_query(db, FBSTATS_BY_UNIT, &rows, &n, &err) != 0) {
		ok(0, "query for the table: %s", err);
		free(err);
		return;
	}
	f = open_memstream(&buf, &len);
	is_int(fbstats_write_text(f, FBSTATS_BY_UNIT, rows, n), 0, "the text table is written");
	fclose(f);
	ok(strstr(buf, UC) && strstr(buf, "—"), "the unit with nothing returned shows a dash");
	ok(strstr(buf, "66.7%") != NULL, "商务局's rate in the table");
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save), lines++) {
		size_t w = utf8_width_cols(line);
		if (lines == 0)
			width = w;
		else if (w != width)
			same = false;
	}
	is_int(lines, n + 2, "a heading, a line per unit and the total");
	ok(same, "every line of the table has the same display width (%zu columns)", width);
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	so = sheetout_csv(f, SHEETOUT_UTF8, SHEETOUT_NO_BOM, &err);
	is_int(fbstats_write_sheet(so, FBSTATS_BY_UNIT, rows, n), 0, "the sheet is written");
	is_int(sheetout_close(so, &err), 0, "and closed");
	fclose(f);
	ok(strstr(buf, "\r\n" UA ",5,1,1,1,3,66.7,1,1\r\n") != NULL, "商务局's CSV row, the rate a number of percent");
	ok(strstr(buf, "\r\n" UC ",2,0,0,0,0,,0,2\r\n") != NULL, "nothing returned: an empty rate cell");
	ok(strstr(buf, "\r\nTotal,26,3,1,16,20,20,3,3\r\n") != NULL, "the total row");
	ok(strstr(buf, "Satisfaction rate (%)") != NULL, "the rate's heading says percent");
	free(buf);
	free(err);
	fbstats_free(rows, n);
}

static void
test_empty(const char *root, const char *datadir)
{
	char *path = xasprintf("%s/empty.db", root), *err = NULL;
	db_open_result r = db_open(path, datadir);
	fbstats_row *rows = NULL, tot;
	size_t n = 99;

	if (ok(r.db != NULL, "an empty database")) {
		is_int(fbstats_query(r.db, FBSTATS_BY_UNIT, &rows, &n, &err), 0, "no proposals: queried");
		is_int(n, 0, "no proposals: no rows");
		fbstats_total(rows, n, &tot);
		is_int(fbstats_rate_tenths(&tot), -1, "no proposals: no rate");
	}
	fbstats_free(rows, n);
	free(err);
	db_close(r.db);
	free(r.error);
	free(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_fbstats.XXXXXX";
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	char *root, *path;
	struct stat sb;
	db_open_result r;

	setlocale(LC_ALL, "C.UTF-8");
	test_rounding();
	root = mkdtemp(tmpl);
	if (!ok(root != NULL, "temporary directory"))
		return tap_done();
	path = xasprintf("%s/s.db", root);
	r = db_open(path, dir && *dir ? dir : "data");
	if (ok(r.db != NULL, "database opened") && save_identity(r.db, "张琦")) {
		build(r.db);
		test_by_unit(r.db);
		test_by_session(r.db);
		test_where(r.db);
		test_text_and_csv(r.db);
	}
	db_close(r.db);
	free(r.error);
	free(path);
	test_empty(root, dir && *dir ? dir : "data");
	rm_rf(root);
	ok(stat(root, &sb) != 0, "temporary directory removed");
	return tap_done();
}
