/* test_survey.c - survey responses and their results on a hand-made data set: drafts from the first
 * answer, answers saved as synced versions, bad answers writing nothing, "not shown" apart from
 * "shown and left blank", complete and reopened, deleted; per-question counts with the base n of
 * those shown, select_multiple counted per choice, mean/range, cross-tabs, the needs ranking,
 * filters (community, estate, dates, version, template); the derived table rebuilt; the CSV export
 * and the question list read from the answers. */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "record.h"
#include "results.h"
#include "sheetout.h"
#include "survey.h"
#include "util.h"

static const survey_choice age_c[] = { { "young", "青年" }, { "old", "老年" } };
static const survey_choice yn_c[] = { { "yes", "是" }, { "no", "否" } };
static const survey_choice sat_c[] = { { "good", "满意" }, { "fair", "一般" }, { "bad", "不满意" } };
static const survey_choice care_c[] = { { "canteen", "助餐" }, { "daycare", "日间照料" }, { "nurse", "护理" } };
static const survey_choice shop_c[] = { { "market", "菜市场" }, { "pharmacy", "药店" } };
static const survey_question qs[] = {
	{ "age", SURVEY_SELECT_ONE, age_c, 2, NULL },
	{ "elderly", SURVEY_SELECT_ONE, yn_c, 2, NULL },
	{ "care_sat", SURVEY_SELECT_ONE, sat_c, 3, "eldercare" },
	{ "care_miss", SURVEY_SELECT_MULTIPLE, care_c, 3, "eldercare" },
	{ "size", SURVEY_INTEGER, NULL, 0, NULL },
	{ "shop_sat", SURVEY_SELECT_ONE, sat_c, 3, "commerce" },
	{ "shop_miss", SURVEY_SELECT_MULTIPLE, shop_c, 2, "commerce" },
	{ "note", SURVEY_TEXT, NULL, 0, NULL },
};
#define NQ ((int)(sizeof qs / sizeof qs[0]))
#define Q(name) survey_question_find(qs, NQ, name)

/* A response of template t/version v in community comm on date, answers as name/value pairs (value
 * NULL: not shown), complete or not; id into id. */
static void
mk(sqlite3 *db, const char *t, const char *v, const char *comm, const char *date, bool complete,
    const char *const *pairs, char id[UUID_TEXT_LEN])
{
	survey_value vals[16];
	char *err = NULL;
	int n = 0;

	if (survey_create(db, t, v, comm, "小区1", date, id, &err) != 0) {
		printf("# create: %s\n", err);
		free(err);
		return;
	}
	for (; pairs[2 * n]; n++)
		vals[n] = (survey_value){ pairs[2 * n], pairs[2 * n + 1] != NULL, pairs[2 * n + 1] };
	if (survey_save_answers(db, id, qs, NQ, vals, n, &err) != 0 || (complete && survey_set_complete(db, id, true, &err) != 0)) {
		printf("# save: %s\n", err);
		free(err);
	}
}

static long long
count_of(const results_question *r, const char *name)
{
	for (int i = 0; i < r->n_choices; i++)
		if (strcmp(r->choices[i].name, name) == 0)
			return r->choices[i].count;
	return -1;
}

static double
pct_of(const results_question *r, const char *name)
{
	for (int i = 0; i < r->n_choices; i++)
		if (strcmp(r->choices[i].name, name) == 0)
			return r->choices[i].percent;
	return -1;
}

static results_question
get(sqlite3 *db, const results_filter *f, const char *name)
{
	results_question r;
	char *err = NULL;

	if (results_question_get(db, f, Q(name), &r, &err) != 0) {
		printf("# results %s: %s\n", name, err);
		free(err);
	}
	return r;
}

static char r1[UUID_TEXT_LEN], r2[UUID_TEXT_LEN], r3[UUID_TEXT_LEN], r4[UUID_TEXT_LEN], r5[UUID_TEXT_LEN],
    r6[UUID_TEXT_LEN], r7[UUID_TEXT_LEN], r8[UUID_TEXT_LEN];

static void
load(sqlite3 *db)
{
	mk(db, "t1", "1", "A", "2026-01-10", true, (const char *const[]){ "age", "young", "elderly", "no", "size", "2",
	    "shop_sat", "good", "shop_miss", "market", "note", "", "care_sat", NULL, NULL }, r1);
	mk(db, "t1", "1", "A", "2026-02-10", true, (const char *const[]){ "age", "old", "elderly", "yes", "care_sat", "bad",
	    "care_miss", "canteen daycare", "size", "4", "shop_sat", "fair", "shop_miss", "market pharmacy", NULL }, r2);
	mk(db, "t1", "1", "B", "2026-03-10", true, (const char *const[]){ "age", "old", "elderly", "yes", "care_sat", "",
	    "care_miss", "", "size", "3", "shop_sat", "good", "shop_miss", "", NULL }, r3);
	mk(db, "t1", "1", "B", "2026-03-20", true, (const char *const[]){ "age", "old", "elderly", "yes", "care_sat", "good",
	    "care_miss", "canteen canteen", "size", "", "shop_sat", "bad", "shop_miss", "pharmacy market", NULL }, r4);
	/* a draft, a deleted one, another version, another template: none of them in t1 version 1's results */
	mk(db, "t1", "1", "A", "2026-02-11", false, (const char *const[]){ "age", "young", "elderly", "yes", "care_sat",
	    "bad", NULL }, r5);
	mk(db, "t1", "1", "A", "2026-02-12", true, (const char *const[]){ "age", "young", NULL }, r6);
	mk(db, "t1", "2", "A", "2026-02-13", true, (const char *const[]){ "age", "young", NULL }, r7);
	mk(db, "t2", "1", "A", "2026-02-14", true, (const char *const[]){ "age", "old", NULL }, r8);
}

static void
test_records(sqlite3 *db)
{
	survey_response_info a, b;
	char id[UUID_TEXT_LEN], *err = NULL, hlc1[64] = "", *s;
	const char *p[1] = { id };
	survey_value bad[] = { { "age", true, "young" }, { "size", true, "three" } };
	survey_value bad2[] = { { "care_miss", true, "canteen swimming" } };
	survey_value unknown[] = { { "no_such", true, "x" } };
	survey_value good[] = { { "age", true, "old" }, { "care_miss", true, "nurse canteen nurse" }, { "note", true,
	    "说\"好\"\n" }, { "size", true, " 5 " } };
	survey_value hide[] = { { "care_miss", false, NULL }, { "size", true, "" } };
	long long seq0;

	ok(survey_create(db, "t1", "1", "A", "小区1", "2026-05-01", id, &err) == 0, "survey_create makes a response");
	ok(survey_get(db, id, &a) == 0 && !a.complete && strcmp(a.answers, "{}") == 0,
	    "a new response is a draft with no answers");
	survey_response_info_free(&a);
	s = db_query_text(db, "SELECT hlc FROM survey_response WHERE id = ?1", 1, p);
	snprintf(hlc1, sizeof hlc1, "%s", s ? s : "");
	free(s);
	seq0 = db_query_int(db, "SELECT max(change_seq) FROM survey_response", -1);
	ok(survey_save_answers(db, id, qs, NQ, bad, 2, &err) != 0 && err && strstr(err, "three"),
	    "a word for an integer is refused and named (%s)", err ? err : "");
	free(err);
	err = NULL;
	ok(survey_save_answers(db, id, qs, NQ, bad2, 1, &err) != 0 && err && strstr(err, "swimming"),
	    "a name not among the choices is refused (%s)", err ? err : "");
	free(err);
	err = NULL;
	ok(survey_save_answers(db, id, qs, NQ, unknown, 1, &err) != 0, "an unknown question is refused");
	free(err);
	err = NULL;
	ok(survey_get(db, id, &a) == 0 && strcmp(a.answers, "{}") == 0, "... and nothing of the batch was written");
	survey_response_info_free(&a);
	ok(survey_save_answers(db, id, qs, NQ, good, 4, &err) == 0, "good answers are saved");
	ok(survey_get(db, id, &a) == 0, "read back");
	is_str(a.answers, "{\"age\":\"old\",\"care_miss\":[\"nurse\",\"canteen\"],\"note\":\"说\\\"好\\\"\\n\",\"size\":5}",
	    "answers JSON: a string, an array without the repeated name, escapes, a number");
	s = db_query_text(db, "SELECT base FROM survey_response WHERE id = ?1", 1, p);
	is_str(s, hlc1, "the save is a new version whose base is the version before");
	free(s);
	ok(db_query_int(db, "SELECT max(change_seq) FROM survey_response", -1) > seq0, "the save took a change sequence (sync sees it)");
	ok(survey_save_answers(db, id, qs, NQ, hide, 2, &err) == 0 && survey_get(db, id, &b) == 0, "hide one, blank another");
	is_str(b.answers, "{\"age\":\"old\",\"note\":\"说\\\"好\\\"\\n\",\"size\":\"\"}",
	    "a hidden question's key is gone, a blank one holds \"\"");
	survey_response_info_free(&a);
	survey_response_info_free(&b);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_answer", -1), 0, "a draft has no rows in the answer table");
	ok(survey_set_complete(db, id, true, &err) == 0 && survey_get(db, id, &a) == 0 && a.complete, "marked complete");
	survey_response_info_free(&a);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_answer", -1), 3, "a complete one has a row per shown question");
	ok(survey_set_complete(db, id, false, &err) == 0 && survey_get(db, id, &a) == 0 && !a.complete, "reopened");
	survey_response_info_free(&a);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_answer", -1), 0, "reopened: out of the answer table again");
	ok(survey_create(db, "t1", "1", "A", "", "not a date", id, &err) != 0, "a bad date is refused");
	free(err);
	err = NULL;
	ok(survey_save_answers(db, "00000000-0000-0000-0000-000000000000", qs, NQ, good, 1, &err) != 0,
	    "saving into a response that does not exist fails");
	free(err);
	test_exec(db, "DELETE FROM survey_response");
}

static void
test_results(sqlite3 *db)
{
	results_filter f = { .template_id = "t1", .version = "1" };
	results_question r;

	r = get(db, &f, "age");
	is_int(r.n, 4, "age: n = 4 (no draft, no deleted, no other version or template)");
	is_int(count_of(&r, "young"), 1, "age: young 1");
	is_int(count_of(&r, "old"), 3, "age: old 3");
	ok(fabs(pct_of(&r, "old") - 75.0) < 1e-9, "age: old 75%%");
	is_str(r.choices[1].label, "老年", "choices carry their labels");
	results_question_free(&r);

	r = get(db, &f, "care_sat");
	is_int(r.n, 3, "care_sat: n = 3, those shown it (hidden from the one without elderly)");
	is_int(r.blank, 1, "care_sat: one shown and left blank");
	is_int(count_of(&r, "good"), 1, "care_sat: good 1");
	is_int(count_of(&r, "fair"), 0, "care_sat: fair 0 (listed anyway)");
	ok(fabs(pct_of(&r, "bad") - 100.0 / 3) < 1e-9, "care_sat: bad 33.3%% of n");
	results_question_free(&r);

	r = get(db, &f, "care_miss");
	is_int(r.n, 3, "care_miss: n = 3");
	is_int(r.blank, 1, "care_miss: one shown with nothing chosen");
	is_int(count_of(&r, "canteen"), 2, "care_miss: canteen named by 2 (named twice in one answer counts once)");
	is_int(count_of(&r, "daycare"), 1, "care_miss: daycare 1");
	is_int(count_of(&r, "nurse"), 0, "care_miss: nurse 0");
	results_question_free(&r);

	r = get(db, &f, "shop_miss");
	is_int(r.n, 4, "shop_miss: n = 4");
	is_int(count_of(&r, "market"), 3, "shop_miss: each choice counted (market 3)");
	is_int(count_of(&r, "pharmacy"), 2, "shop_miss: pharmacy 2");
	results_question_free(&r);

	r = get(db, &f, "size");
	is_int(r.n, 4, "size: n = 4");
	is_int(r.blank, 1, "size: one blank");
	is_int(r.n_numbers, 3, "size: 3 numbers");
	ok(fabs(r.mean - 3.0) < 1e-9 && r.min == 2 && r.max == 4, "size: mean 3, min 2, max 4");
	results_question_free(&r);

	f.community = "B";
	r = get(db, &f, "age");
	is_int(r.n, 2, "community B: age n = 2");
	results_question_free(&r);
	r = get(db, &f, "care_sat");
	is_int(r.n, 2, "community B: care_sat n = 2");
	is_int(count_of(&r, "good"), 1, "community B: care_sat good 1");
	results_question_free(&r);
	f.community = NULL;
	f.estate = "小区2";
	r = get(db, &f, "age");
	is_int(r.n, 0, "an estate with no responses: n = 0");
	ok(r.n_choices == 2 && r.choices[0].percent == 0, "... and percentages 0, not a division by zero");
	results_question_free(&r);
	f.estate = NULL;
	f.date_from = "2026-02-01";
	f.date_to = "2026-03-15";
	r = get(db, &f, "age");
	is_int(r.n, 2, "dates 2026-02-01..2026-03-15: n = 2");
	results_question_free(&r);
	f.date_from = f.date_to = NULL;
	f.version = NULL;
	r = get(db, &f, "age");
	is_int(r.n, 5, "every version of t1: n = 5");
	is_int(count_of(&r, "young"), 2, "every version: young 2");
	results_question_free(&r);
	f.template_id = "t2";
	r = get(db, &f, "age");
	is_int(r.n, 1, "template t2 alone: n = 1");
	results_question_free(&r);
}

static void
test_crosstab(sqlite3 *db)
{
	results_filter f = { .template_id = "t1", .version = "1" };
	results_crosstab x;
	char *err = NULL;

	ok(results_crosstab_get(db, &f, Q("age"), Q("care_sat"), &x, &err) == 0, "cross-tab age by care_sat");
	is_int(x.n, 3, "base: the 3 shown both");
	is_int(x.n_rows, 2, "rows: age's choices");
	is_int(x.n_cols, 3, "cols: care_sat's choices");
	is_int(x.cells[1 * 3 + 0], 1, "old x good = 1");
	is_int(x.cells[1 * 3 + 2], 1, "old x bad = 1");
	is_int(x.cells[0 * 3 + 0] + x.cells[0 * 3 + 1] + x.cells[0 * 3 + 2], 0, "young: none (not shown care_sat)");
	is_int(x.rows[1].count, 2, "row old: 2 answered both");
	results_crosstab_free(&x);
	ok(results_crosstab_get(db, &f, Q("age"), Q("care_miss"), &x, &err) == 0, "cross-tab age by care_miss");
	is_int(x.n, 3, "base 3");
	is_int(x.cells[1 * 3 + 0], 2, "old x canteen = 2");
	is_int(x.cells[1 * 3 + 1], 1, "old x daycare = 1");
	is_int(x.cols[0].count, 2, "column canteen: 2 respondents");
	results_crosstab_free(&x);
	f.community = "A";
	ok(results_crosstab_get(db, &f, Q("age"), Q("care_miss"), &x, &err) == 0 && x.n == 1 && x.cells[3] == 1,
	    "filtered to community A: base 1, old x canteen 1");
	results_crosstab_free(&x);
	ok(results_crosstab_get(db, &f, Q("age"), Q("size"), &x, &err) != 0, "a number question cannot be cross-tabbed");
	free(err);
}

static void
test_needs(sqlite3 *db)
{
	results_filter f = { .template_id = "t1", .version = "1" };
	results_circle_spec specs[] = { { "eldercare", "care_sat", "good" }, { "commerce", "shop_sat", "good fair" } };
	results_circle *c = NULL;
	char *err = NULL;

	ok(results_needs_get(db, &f, qs, NQ, specs, 2, &c, &err) == 0, "needs ranking");
	is_str(c[0].circle, "eldercare", "first circle as asked");
	is_int(c[0].n_needs, 3, "eldercare: the 3 choices of care_miss");
	is_str(c[0].needs[0].name, "canteen", "eldercare: canteen named most");
	is_int(c[0].needs[0].count, 2, "... by 2");
	is_int(c[0].needs[0].n, 3, "... of the 3 shown");
	is_str(c[0].needs[2].name, "nurse", "eldercare: nurse last");
	is_int(c[0].sat_n, 3, "eldercare satisfaction: n 3");
	is_int(c[0].sat_answered, 2, "... 2 answered");
	is_int(c[0].satisfied, 1, "... 1 satisfied");
	ok(fabs(c[0].satisfied_percent - 50.0) < 1e-9, "... 50%% of those who answered");
	is_str(c[1].needs[0].name, "market", "commerce: market first (3)");
	is_int(c[1].needs[1].count, 2, "commerce: pharmacy 2");
	is_int(c[1].satisfied, 3, "commerce: good + fair = 3");
	ok(fabs(c[1].satisfied_percent - 75.0) < 1e-9, "commerce: 75%%");
	results_needs_free(c, 2);
}

/* ---- the needs ranking against counts made here ---------------------------------------------- */

#define NR 240		/* responses of template t3 */
static const char *const comms[] = { "A", "B", "C" };
static const char *const estates[] = { "小区1", "小区2" };
static const char *const sats[] = { "good", "fair", "bad", "" };

/* What response i of t3 answers, drawn from i alone: shown (sat_shown, miss_shown), the satisfaction
 * (an index of sats), the choices named (bits) of each circle; eldercare only where there are elderly. */
typedef struct t3_resp {
	int comm, estate, day;
	bool complete, elderly;
	int care_sat, shop_sat;		/* index in sats */
	unsigned care_miss, shop_miss;	/* bits of care_c / shop_c */
	bool shop_shown;
} t3_resp;

static t3_resp
t3_of(int i)
{
	unsigned r = (unsigned)i * 2654435761u + 12345u;

	return (t3_resp){ .comm = (int)(r >> 3) % 3, .estate = (int)(r >> 5) % 2, .day = 1 + (int)((r >> 7) % 28),
	    .complete = (r >> 12) % 10 != 0, .elderly = (r >> 13) % 3 == 0, .care_sat = (int)((r >> 15) % 4),
	    .shop_sat = (int)((r >> 17) % 4), .care_miss = (r >> 19) % 8, .shop_miss = (r >> 22) % 4,
	    .shop_shown = (r >> 24) % 7 != 0 };
}

static char *
names_of(unsigned bits, const survey_choice *c, int n)
{
	char *s = xstrdup("");

	for (int k = 0; k < n; k++)
		if (bits & (1u << k)) {
			char *t = xasprintf("%s%s%s", s, *s ? " " : "", c[k].name);
			free(s);
			s = t;
		}
	return s;
}

static void
t3_load(sqlite3 *db)
{
	for (int i = 0; i < NR; i++) {
		t3_resp x = t3_of(i);
		char id[UUID_TEXT_LEN], date[16], *care = names_of(x.care_miss, care_c, 3), *shop = names_of(x.shop_miss, shop_c, 2),
		    *err = NULL;
		survey_value v[] = { { "elderly", true, x.elderly ? "yes" : "no" }, { "care_sat", x.elderly, sats[x.care_sat] },
		    { "care_miss", x.elderly, care }, { "shop_sat", true, sats[x.shop_sat] },
		    { "shop_miss", x.shop_shown, shop } };
		snprintf(date, sizeof date, "2026-04-%02d", x.day);
		if (survey_create(db, "t3", "1", comms[x.comm], estates[x.estate], date, id, &err) != 0 ||
		    survey_save_answers(db, id, qs, NQ, v, 5, &err) != 0 ||
		    (x.complete && survey_set_complete(db, id, true, &err) != 0)) {
			printf("# t3 response %d: %s\n", i, err);
			free(err);
		}
		free(care);
		free(shop);
	}
}

/* Whether response x passes filter f (as results_filter means it). */
static bool
t3_in(const t3_resp *x, const results_filter *f)
{
	char date[16];

	snprintf(date, sizeof date, "2026-04-%02d", x->day);
	return x->complete && (!f->community || strcmp(f->community, comms[x->comm]) == 0) &&
	    (!f->estate || strcmp(f->estate, estates[x->estate]) == 0) &&
	    (!f->date_from || strcmp(date, f->date_from) >= 0) && (!f->date_to || strcmp(date, f->date_to) <= 0);
}

/* One circle of the ranking against the counts made here: each need's count and n, the order (most
 * named first), the satisfaction's n, answered and satisfied. */
static bool
t3_circle_ok(const results_circle *c, bool care, const results_filter *f, const char *what)
{
	const survey_choice *ch = care ? care_c : shop_c;
	int nch = care ? 3 : 2, good = 0;
	long long n = 0, cnt[3] = { 0 }, sat_n = 0, answered = 0, satisfied = 0;

	for (int i = 0; i < NR; i++) {
		t3_resp x = t3_of(i);
		int s = care ? x.care_sat : x.shop_sat;
		if (!t3_in(&x, f) || (care && !x.elderly))
			continue;
		sat_n++;
		answered += *sats[s] != '\0';
		satisfied += s == 0 || (!care && s == 1);	/* eldercare: good; commerce: good fair */
		if (!care && !x.shop_shown)
			continue;
		n++;
		for (int k = 0; k < nch; k++)
			cnt[k] += ((care ? x.care_miss : x.shop_miss) >> k) & 1;
	}
	if (c->n_needs != nch || c->sat_n != sat_n || c->sat_answered != answered || c->satisfied != satisfied) {
		printf("# %s: %d needs, satisfaction %lld/%lld/%lld, counted %lld/%lld/%lld\n", what, c->n_needs, c->sat_n,
		    c->sat_answered, c->satisfied, sat_n, answered, satisfied);
		return false;
	}
	for (int i = 0; i < c->n_needs; i++) {
		const results_need *nd = &c->needs[i];
		int k = 0;
		while (k < nch && strcmp(ch[k].name, nd->name) != 0)
			k++;
		if (k == nch || nd->count != cnt[k] || nd->n != n || (i > 0 && nd->count > c->needs[i - 1].count) ||
		    fabs(nd->percent - (n ? (double)cnt[k] * 100.0 / (double)n : 0)) > 1e-9) {
			printf("# %s: need %s %lld of %lld, counted %lld of %lld\n", what, nd->name, nd->count, nd->n,
			    k < nch ? cnt[k] : -1, n);
			return false;
		}
		good++;
	}
	return good == nch;
}

/* The needs ranking (one set-based statement) under each kind of filter against counts made here, and
 * against results_question_get of each question on its own. */
static void
test_needs_counted(sqlite3 *db)
{
	results_circle_spec specs[] = { { "eldercare", "care_sat", "good" }, { "commerce", "shop_sat", "good fair" } };
	results_filter fs[] = { { .template_id = "t3", .version = "1" }, { .template_id = "t3" },
	    { .template_id = "t3", .community = "B" }, { .template_id = "t3", .estate = "小区2" },
	    { .template_id = "t3", .date_from = "2026-04-08", .date_to = "2026-04-20" },
	    { .template_id = "t3", .community = "C", .estate = "小区1", .date_from = "2026-04-10" } };
	static const char *const fname[] = { "no filter", "every version", "community B", "estate 小区2",
	    "dates 04-08..04-20", "community C, estate 小区1, from 04-10" };

	t3_load(db);
	for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++) {
		results_circle *c = NULL;
		results_question r;
		char *err = NULL;
		bool same = true;
		if (results_needs_get(db, &fs[i], qs, NQ, specs, 2, &c, &err) != 0) {
			ok(0, "needs ranking, %s: %s", fname[i], err);
			free(err);
			continue;
		}
		ok(t3_circle_ok(&c[0], true, &fs[i], fname[i]), "needs ranking, %s: eldercare as counted here", fname[i]);
		ok(t3_circle_ok(&c[1], false, &fs[i], fname[i]), "needs ranking, %s: commerce as counted here", fname[i]);
		/* the satisfaction distribution as results_question_get gives it */
		r = get(db, &fs[i], "shop_sat");
		same = r.n == c[1].satisfaction.n && r.blank == c[1].satisfaction.blank &&
		    r.n_choices == c[1].satisfaction.n_choices;
		for (int k = 0; same && k < r.n_choices; k++)
			same = strcmp(r.choices[k].name, c[1].satisfaction.choices[k].name) == 0 &&
			    r.choices[k].count == c[1].satisfaction.choices[k].count;
		ok(same, "needs ranking, %s: shop_sat's distribution as results_question_get's", fname[i]);
		results_question_free(&r);
		results_needs_free(c, 2);
	}
}

/* Cross-tabs of t3 both ways round (the side shown to fewer respondents drives the join, so the two
 * orders take different plans) against counts made here: care_sat (only where there are elderly) by
 * shop_sat, and care_miss (select_multiple) by shop_sat. */
static void
test_crosstab_counted(sqlite3 *db)
{
	results_filter f = { .template_id = "t3", .version = "1" };
	results_crosstab a, b;
	char *err = NULL;
	long long cell[4][4] = { { 0 } }, mcell[3][4] = { { 0 } }, n = 0, mn = 0;
	bool same = true;

	for (int i = 0; i < NR; i++) {
		t3_resp x = t3_of(i);
		if (!x.complete || !x.elderly)
			continue;
		n++;
		if (*sats[x.care_sat] && *sats[x.shop_sat])
			cell[x.care_sat][x.shop_sat]++;
		mn++;
		for (int k = 0; k < 3; k++)
			if ((x.care_miss >> k) & 1 && *sats[x.shop_sat])
				mcell[k][x.shop_sat]++;
	}
	ok(results_crosstab_get(db, &f, Q("care_sat"), Q("shop_sat"), &a, &err) == 0 &&
	    results_crosstab_get(db, &f, Q("shop_sat"), Q("care_sat"), &b, &err) == 0, "cross-tabs of t3 both ways");
	is_int(a.n, n, "care_sat by shop_sat: n = those shown both (counted here)");
	is_int(b.n, n, "shop_sat by care_sat: the same n");
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 3; c++)
			same = same && a.cells[r * a.n_cols + c] == cell[r][c] && b.cells[c * b.n_cols + r] == cell[r][c];
	ok(same, "every cell as counted here, both ways round");
	results_crosstab_free(&a);
	results_crosstab_free(&b);
	ok(results_crosstab_get(db, &f, Q("care_miss"), Q("shop_sat"), &a, &err) == 0 &&
	    results_crosstab_get(db, &f, Q("shop_sat"), Q("care_miss"), &b, &err) == 0, "care_miss by shop_sat both ways");
	is_int(a.n, mn, "care_miss by shop_sat: n as counted here");
	same = b.n == mn;
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 3; c++)
			same = same && a.cells[r * a.n_cols + c] == mcell[r][c] && b.cells[c * b.n_cols + r] == mcell[r][c];
	ok(same, "select_multiple cells as counted here, both ways round");
	results_crosstab_free(&a);
	results_crosstab_free(&b);
}

static void
test_states(sqlite3 *db)
{
	results_filter f = { .template_id = "t1", .version = "1" };
	results_question r;
	char *err = NULL;
	survey_value hide[] = { { "care_sat", false, NULL } };

	ok(survey_set_complete(db, r5, true, &err) == 0, "the draft is finished");
	r = get(db, &f, "age");
	is_int(r.n, 5, "... and counts: n = 5");
	results_question_free(&r);
	ok(survey_set_complete(db, r5, false, &err) == 0, "reopened");
	r = get(db, &f, "age");
	is_int(r.n, 4, "... and out of the results again");
	results_question_free(&r);
	ok(survey_save_answers(db, r2, qs, NQ, hide, 1, &err) == 0, "a complete response edited: care_sat hidden");
	r = get(db, &f, "care_sat");
	is_int(r.n, 2, "care_sat: n = 2 now");
	is_int(count_of(&r, "bad"), 0, "care_sat: its bad is gone");
	results_question_free(&r);
	test_exec(db, "DELETE FROM survey_answer; DELETE FROM survey_answer_key;");
	r = get(db, &f, "age");
	is_int(r.n, 0, "the derived table emptied by hand: nothing counts");
	results_question_free(&r);
	ok(survey_answer_rebuild(db, &err) == 0, "survey_answer_rebuild");
	r = get(db, &f, "care_miss");
	is_int(r.n, 3, "rebuilt: care_miss n = 3");
	is_int(count_of(&r, "canteen"), 2, "rebuilt: canteen 2");
	results_question_free(&r);
}

static void
test_export(sqlite3 *db)
{
	survey_question *found = NULL;
	char *err = NULL, *text = NULL, *line2;
	size_t len = 0;
	long long rows = 0;
	int n = 0;
	FILE *f = open_memstream(&text, &len);
	sheetout *so = sheetout_csv(f, SHEETOUT_UTF8, SHEETOUT_NO_BOM, &err);
	const survey_question *q;

	ok(survey_questions_from_answers(db, "t1", "1", &found, &n, &err) == 0, "questions read from the answers");
	is_int(n, 8, "all 8 keys, the draft's too");
	q = survey_question_find(found, n, "care_miss");
	ok(q && q->type == SURVEY_SELECT_MULTIPLE && q->n_choices == 2, "care_miss: select_multiple with the 2 names met");
	q = survey_question_find(found, n, "size");
	ok(q && q->type == SURVEY_DECIMAL, "size: a number");
	q = survey_question_find(found, n, "age");
	ok(q && q->type == SURVEY_SELECT_ONE && q->n_choices == 2, "age: few texts, select_one");
	survey_questions_free(found, n);

	ok(survey_export(db, "t1", "1", qs, NQ, so, NULL, NULL, &rows, &err) == 0, "export");
	sheetout_close(so, NULL);
	fclose(f);
	is_int(rows, 5, "5 live responses of t1 version 1 (the draft too)");
	ok(strncmp(text, "id,template,version,community,estate,surveyed_on,status,operator,age,elderly,care_sat,care_miss,"
	    "care_miss/canteen,care_miss/daycare,care_miss/nurse,size,shop_sat,shop_miss,shop_miss/market,"
	    "shop_miss/pharmacy,note\r\n", 177) == 0, "header: a column per question, a 0/1 column per choice");
	line2 = strstr(text, "\r\n");
	ok(line2 && strstr(line2, ",A,小区1,2026-01-10,complete,王芳,young,no,,,,,,2,good,market,1,0,\r\n"),
	    "response 1: care questions not shown are empty, shop_miss 1/0, a blank note");
	ok(strstr(text, ",old,yes,,canteen daycare,1,1,0,4,fair,market pharmacy,1,1,\r\n") != NULL,
	    "response 2: names space-separated and their 0/1 columns (care_sat hidden above: empty)");
	ok(strstr(text, ",old,yes,,,0,0,0,3,good,,0,0,\r\n") != NULL, "response 3: shown and blank gives 0 columns");
	free(text);
}

/* The question list from h19's stored default template (loaded with the reference data). */
static void
test_from_template(void)
{
	sqlite3 *db = test_fresh_db(-1, true);
	survey_question *q = NULL;
	const survey_question *x;
	char *err = NULL;
	int n = 0;

	ok(db && survey_questions_from_template(db, "lifecircle_needs", NULL, "en", &q, &n, &err) == 0,
	    "the shipped template's questions (%s)", err ? err : "");
	ok(n > 20, "all its answerable questions (%d)", n);
	is_str(n > 0 ? q[0].name : NULL, "estate", "in its order: estate first");
	x = survey_question_find(q, n, "age_group");
	ok(x && x->type == SURVEY_SELECT_ONE && x->n_choices > 2, "age_group: select_one with its choices");
	is_str(x && x->n_choices ? x->choices[0].label : NULL, "Under 30", "labels in the language asked for");
	x = survey_question_find(q, n, "housing_missing");
	ok(x && x->type == SURVEY_SELECT_MULTIPLE, "housing_missing: select_multiple");
	is_str(x ? x->circle : NULL, "housing", "with its circle");
	x = survey_question_find(q, n, "household_size");
	ok(x && x->type == SURVEY_INTEGER, "household_size: integer");
	survey_questions_free(q, n);
	is_int(survey_questions_from_template(db, "no_such_form", NULL, NULL, &q, &n, &err), 1, "a template not stored: 1");
	sqlite3_close(db);
}

int
main(void)
{
	sqlite3 *db = test_fresh_db(-1, false);

	ok(db != NULL, "a fresh database");
	save_identity(db, "王芳");
	test_records(db);
	load(db);
	{
		char *err = NULL;
		if (record_delete(db, "survey_response", r6, "delete", &err) != 0)
			printf("# delete: %s\n", err);
		free(err);
	}
	(void)r7;
	(void)r8;
	test_results(db);
	test_crosstab(db);
	test_needs(db);
	test_needs_counted(db);
	test_crosstab_counted(db);
	test_states(db);
	test_export(db);
	test_from_template();
	sqlite3_close(db);
	return tap_done();
}
