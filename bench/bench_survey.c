/* bench_survey.c - how to store survey answers, decided by measuring: N responses (default
 * 1,000,000) of a 30-question resident needs template (household facts, satisfaction and missing
 * services for the 8 circles, elderly-care and childcare questions shown only where they apply), in
 * a lifecircle database made the program's way (db_open_office), with every trigger on. Times:
 *   load.*     insert speed: the full load with the derived answer table's triggers (storage c);
 *              then 50,000 responses each into small fresh files: (a) JSON only (those triggers
 *              dropped), (c) JSON + derived table, (b) an answer table of synced records;
 *   size.*     bytes per storage (dbstat), and the file;
 *   q.*        one question's results: counts of a select_one and of a select_multiple, mean/range
 *              of an integer, a cross-tab; (a) by json_extract/json_each over survey_response,
 *              (c) through results.h; each without and with a community filter.
 * Usage: bench_survey [N [DBFILE]]: with DBFILE the file is kept (bench/survey.sh times the CSV
 * export on it), else it is made in a temporary directory and removed. With BENCH_REUSE set in the
 * environment, only the queries run, on the DBFILE an earlier run kept. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "db.h"
#include "refdata.h"
#include "results.h"
#include "survey.h"
#include "util.h"
#define BENCH_NAME "bench_survey"
#include "benchutil.h"

#define TEMPLATE "needs2026"
#define N_COMMUNITIES 100
#define SMALL 50000

static const char *const circles[8] = { "housing", "commerce", "culture", "education", "eldercare", "health",
    "cityscape", "response" };
static const survey_choice sat_choices[] = { { "very_satisfied", "非常满意" }, { "satisfied", "满意" },
    { "neutral", "一般" }, { "dissatisfied", "不满意" }, { "very_dissatisfied", "很不满意" } };
static const survey_choice age_choices[] = { { "a18_29", "18-29" }, { "a30_44", "30-44" }, { "a45_59", "45-59" },
    { "a60_69", "60-69" }, { "a70p", "70+" } };
static const survey_choice yesno[] = { { "yes", "是" }, { "no", "否" } };
static const survey_choice commute_choices[] = { { "walk", "步行" }, { "bike", "骑车" }, { "bus", "公交" },
    { "car", "开车" } };
static survey_choice miss_choices[10][8];
static char miss_names[10][8][24];
static survey_question qs[30];
static char qnames[30][24];

static void
template_init(void)
{
	int k = 0;

	qs[k++] = (survey_question){ "age_group", SURVEY_SELECT_ONE, age_choices, 5, NULL };
	qs[k++] = (survey_question){ "household_size", SURVEY_INTEGER, NULL, 0, NULL };
	qs[k++] = (survey_question){ "elderly_at_home", SURVEY_SELECT_ONE, yesno, 2, NULL };
	qs[k++] = (survey_question){ "children_at_home", SURVEY_SELECT_ONE, yesno, 2, NULL };
	for (int c = 0; c < 10; c++) {
		for (int i = 0; i < 8; i++) {
			snprintf(miss_names[c][i], sizeof miss_names[c][i], "c%d_f%d", c + 1, i + 1);
			miss_choices[c][i] = (survey_choice){ miss_names[c][i], miss_names[c][i] };
		}
		if (c >= 8)
			continue;
		snprintf(qnames[2 * c], sizeof qnames[0], "sat_%s", circles[c]);
		snprintf(qnames[2 * c + 1], sizeof qnames[0], "miss_%s", circles[c]);
		qs[k++] = (survey_question){ qnames[2 * c], SURVEY_SELECT_ONE, sat_choices, 5, circles[c] };
		qs[k++] = (survey_question){ qnames[2 * c + 1], SURVEY_SELECT_MULTIPLE, miss_choices[c], 8, circles[c] };
	}
	qs[k++] = (survey_question){ "eldercare_sat", SURVEY_SELECT_ONE, sat_choices, 5, "eldercare" };
	qs[k++] = (survey_question){ "eldercare_miss", SURVEY_SELECT_MULTIPLE, miss_choices[8], 8, "eldercare" };
	qs[k++] = (survey_question){ "childcare_sat", SURVEY_SELECT_ONE, sat_choices, 5, "education" };
	qs[k++] = (survey_question){ "childcare_miss", SURVEY_SELECT_MULTIPLE, miss_choices[9], 8, "education" };
	qs[k++] = (survey_question){ "spending", SURVEY_DECIMAL, NULL, 0, NULL };
	qs[k++] = (survey_question){ "years_lived", SURVEY_INTEGER, NULL, 0, NULL };
	qs[k++] = (survey_question){ "comment", SURVEY_TEXT, NULL, 0, NULL };
	qs[k++] = (survey_question){ "moved_in", SURVEY_DATE, NULL, 0, NULL };
	qs[k++] = (survey_question){ "commute", SURVEY_SELECT_ONE, commute_choices, 4, NULL };
	qs[k++] = (survey_question){ "phone", SURVEY_TEXT, NULL, 0, NULL };
}

static const char *const comments[] = { "", "", "", "停车位太少", "希望增加养老服务", "小区环境很好",
    "菜市场太远", "需要加装电梯" };

/* Append a select_one answer: 3% shown and left blank. */
static size_t
put_one(char *b, size_t n, const char *name, const survey_choice *ch, int nch, uint64_t r)
{
	return n + (size_t)sprintf(b + n, ",\"%s\":\"%s\"", name, r % 100 < 3 ? "" : ch[(r >> 7) % (uint64_t)nch].name);
}

static size_t
put_multi(char *b, size_t n, const char *name, const survey_choice *ch, uint64_t r)
{
	int k = (int)(r % 4);	/* 0 to 3 choices, skewed to the first ones */

	n += (size_t)sprintf(b + n, ",\"%s\":[", name);
	for (int i = 0, used = 0; i < k; i++) {
		int c = (int)((r >> (8 + 6 * i)) % 8);
		c = c * c / 8;
		if (used & (1 << c))
			continue;
		n += (size_t)sprintf(b + n, "%s\"%s\"", used ? "," : "", ch[c].name);
		used |= 1 << c;
	}
	b[n++] = ']';
	return n;
}

/* The answers of response i (a JSON object) into b. */
static void
answers_json(uint64_t i, char *b)
{
	uint64_t r = mix(i * 7 + 1), r2 = mix(r);
	bool elderly = r % 100 < 35, children = (r >> 7) % 100 < 30;
	size_t n = (size_t)sprintf(b, "{\"age_group\":\"%s\",\"household_size\":%d,\"elderly_at_home\":\"%s\","
	    "\"children_at_home\":\"%s\"", age_choices[(r >> 14) % 5].name, 1 + (int)((r >> 20) % 6),
	    elderly ? "yes" : "no", children ? "yes" : "no");

	for (int c = 0; c < 8; c++) {
		uint64_t rc = mix(r2 + (uint64_t)c);
		n = put_one(b, n, qs[4 + 2 * c].name, sat_choices, 5, rc);
		n = put_multi(b, n, qs[5 + 2 * c].name, miss_choices[c], rc >> 16);
	}
	if (elderly) {
		n = put_one(b, n, "eldercare_sat", sat_choices, 5, r2 >> 3);
		n = put_multi(b, n, "eldercare_miss", miss_choices[8], r2 >> 9);
	}
	if (children) {
		n = put_one(b, n, "childcare_sat", sat_choices, 5, r2 >> 5);
		n = put_multi(b, n, "childcare_miss", miss_choices[9], r2 >> 11);
	}
	n += (size_t)sprintf(b + n, ",\"spending\":%d.%d,\"years_lived\":%d,\"comment\":\"%s\",\"moved_in\":\"%04d-%02d-15\","
	    "\"commute\":\"%s\",\"phone\":\"13%09d\"}", 200 + (int)(r2 % 3000), (int)((r2 >> 12) % 10),
	    (int)((r2 >> 16) % 40), comments[(r2 >> 22) % 8], 1980 + (int)((r2 >> 26) % 45), 1 + (int)((r2 >> 32) % 12),
	    commute_choices[(r2 >> 36) % 4].name, (int)((r2 >> 40) % 1000000000));
}

static sqlite3 *
open_db(const char *path)
{
	db_open_result o = db_open_office(path, refdata_dir(), DB_OPEN_CREATE);

	if (!o.db) {
		fprintf(stderr, BENCH_NAME ": %s\n", o.error ? o.error : "cannot open");
		exit(1);
	}
	return o.db;
}

static void
exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

static void
add_communities(sqlite3 *db)
{
	sqlite3_stmt *st;

	exec(db, "BEGIN");
	if (sqlite3_prepare_v2(db, "INSERT INTO community (id, origin, created_at, updated_at, hlc, code, name)"
	    " VALUES (printf('00000000-0000-0000-0000-%012d', ?1), 'bench', '2026-01-01', '2026-01-01', '0',"
	    " printf('C%03d', ?1), printf('社区%03d', ?1))", -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare community");
	for (int i = 0; i < N_COMMUNITIES; i++) {
		sqlite3_bind_int(st, 1, i);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, "community");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	exec(db, "COMMIT");
}

/* Insert responses from..to-1 (JSON answers, storage a or c by the schema's triggers), in
 * transactions of 10,000; microseconds taken. */
static double
load(sqlite3 *db, uint64_t from, uint64_t to)
{
	sqlite3_stmt *st;
	char json[4096], date[11];
	double t0 = now_us();

	if (sqlite3_prepare_v2(db, "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, operator,"
	    " deleted, template, template_version, community, estate, surveyed_on, answers, status)"
	    " VALUES (printf('%08x-0000-4000-8000-%012d', ?1, ?2), 'bench', ?3, ?3, '0', '',"
	    " 0, '" TEMPLATE "', '1', printf('00000000-0000-0000-0000-%012d', ?4), printf('小区%02d', ?5), ?3, ?6,"
	    " 'complete')", -1, &st, NULL) != SQLITE_OK)
		die(db, "prepare");
	exec(db, "BEGIN");
	for (uint64_t i = from; i < to; i++) {
		uint64_t r = mix(i);
		int day = (int)((r >> 24) % 1000);
		snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + day / 336, 1 + (day % 336) / 28, 1 + day % 28);
		answers_json(i, json);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(r & 0xffffffff));
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 4, (int)((r >> 40) % N_COMMUNITIES));
		sqlite3_bind_int(st, 5, (int)((r >> 48) % 10));
		sqlite3_bind_text(st, 6, json, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, "insert");
		sqlite3_reset(st);
		if ((i + 1) % 10000 == 0) {
			exec(db, "COMMIT");
			exec(db, "BEGIN");
		}
	}
	exec(db, "COMMIT");
	sqlite3_finalize(st);
	return now_us() - t0;
}

/* Storage (b): every answer a synced record of its own (record columns, value as text, select_multiple
 * as space-separated names), indexed by (question, value) and by response. */
static double
load_records(sqlite3 *db, uint64_t from, uint64_t to)
{
	sqlite3_stmt *st, *js;
	char json[4096];
	double t0 = now_us();

	exec(db, "CREATE TABLE answer_rec (id TEXT PRIMARY KEY NOT NULL, origin TEXT NOT NULL, created_at TEXT NOT NULL,"
	    " updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL"
	    " DEFAULT 0, base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0, response TEXT NOT NULL,"
	    " question TEXT NOT NULL, value ANY) STRICT;"
	    "CREATE INDEX answer_rec_q ON answer_rec (question, value); CREATE INDEX answer_rec_r ON answer_rec (response);"
	    "CREATE INDEX answer_rec_seq ON answer_rec (change_seq);");
	if (sqlite3_prepare_v2(db, "INSERT INTO answer_rec (id, origin, created_at, updated_at, hlc, change_seq, response,"
	    " question, value) VALUES (printf('%08x-%04x-4000-8000-%012d', ?1, ?2, ?3), '0123456789abcdef0123456789abcdef',"
	    " '2026-11-23T22:00:00Z', '2026-11-23T22:00:00Z', '0001763935200000-0000', ?3 * 40 + ?2,"
	    " printf('%08x-0000-4000-8000-%012d', ?1, ?3), ?4, ?5)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT key, CASE type WHEN 'array' THEN (SELECT group_concat(value, ' ') FROM"
	    " json_each(j.value)) ELSE value END FROM json_each(?1) j", -1, &js, NULL) != SQLITE_OK)
		die(db, "prepare b");
	exec(db, "BEGIN");
	for (uint64_t i = from; i < to; i++) {
		int k = 0;
		answers_json(i, json);
		sqlite3_bind_text(js, 1, json, -1, SQLITE_STATIC);
		while (sqlite3_step(js) == SQLITE_ROW) {
			sqlite3_bind_int64(st, 1, (sqlite3_int64)(mix(i) & 0xffffffff));
			sqlite3_bind_int(st, 2, k++);
			sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
			sqlite3_bind_value(st, 4, sqlite3_column_value(js, 0));
			sqlite3_bind_value(st, 5, sqlite3_column_value(js, 1));
			if (sqlite3_step(st) != SQLITE_DONE)
				die(db, "insert b");
			sqlite3_reset(st);
		}
		sqlite3_reset(js);
		if ((i + 1) % 10000 == 0) {
			exec(db, "COMMIT");
			exec(db, "BEGIN");
		}
	}
	exec(db, "COMMIT");
	sqlite3_finalize(st);
	sqlite3_finalize(js);
	return now_us() - t0;
}

static long long
bytes_of(sqlite3 *db, const char *like)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?1", -1, &st, NULL)
	    != SQLITE_OK)
		die(db, "dbstat");
	sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long
file_bytes(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Insert SMALL responses into a fresh file of kind 'a', 'b' or 'c'; prints rows/s and bytes per response. */
static void
small_load(const char *dir, char kind)
{
	char *path = xasprintf("%s/small_%c.db", dir, kind);
	sqlite3 *db = open_db(path);
	double us;
	long long bytes;

	exec(db, "PRAGMA synchronous = NORMAL");
	if (kind == 'a' || kind == 'b')
		exec(db, "DROP TRIGGER survey_answer_ins; DROP TRIGGER survey_answer_upd; DROP TRIGGER survey_answer_del;");
	if (kind == 'b') {
		us = load_records(db, 0, SMALL);
		bytes = bytes_of(db, "answer_rec%");
	} else {
		us = load(db, 0, SMALL);
		bytes = bytes_of(db, "survey_answer%") + (kind == 'a' ? 0 : 0);
	}
	printf("load.small_%c.responses_per_s %.0f /s\n", kind, SMALL / (us / 1e6));
	if (kind != 'a')
		printf("size.small_%c.answer_bytes_per_response %.0f B\n", kind, (double)bytes / SMALL);
	printf("size.small_%c.file_bytes_per_response %.0f B\n", kind, (double)file_bytes(path) / SMALL);
	db_close(db);
	unlink(path);
	free(path);
}

/* BENCH_FAST_LOAD: the same file made in a fraction of the time (a shared machine can take an hour
 * over the full load): the derived table's triggers are dropped for the insert of the JSON, the
 * table is filled set-based (survey_answer_rebuild) and the triggers are made again. The content is
 * the same; the b-trees are filled in order, so pages are fuller than after a million saves. */
static double
fast_load(sqlite3 *db, uint64_t n)
{
	static const char *const trig[] = { "survey_answer_ins", "survey_answer_upd", "survey_answer_del" };
	char *sql[3], *err = NULL;
	double t0 = now_us();

	for (int i = 0; i < 3; i++) {
		const char *p[1] = { trig[i] };
		if (!(sql[i] = db_query_text(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", 1, p)))
			die(db, trig[i]);
		char *drop = xasprintf("DROP TRIGGER %s", trig[i]);
		exec(db, drop);
		free(drop);
	}
	load(db, 0, n);
	/* a page cache the size of the derived table: with the default 2 MB the fill rewrites the same
	 * pages to the WAL over and over (hundreds of GB written for a million responses) */
	exec(db, "PRAGMA cache_size = -2000000");
	if (survey_answer_rebuild(db, &err) != 0)
		die(db, err);
	exec(db, "PRAGMA cache_size = -2000");
	for (int i = 0; i < 3; i++) {
		exec(db, sql[i]);
		free(sql[i]);
	}
	return now_us() - t0;
}

typedef double (*measure_fn)(sqlite3 *db, const char *community);

/* CPU time of this process in microseconds: on a machine shared with other builds the wall clock
 * measures the load as much as the query, the CPU time only the query (its reads come from the OS
 * page cache once the file has been read). */
static double
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double
median3(double *t)
{
	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (t[j] < t[i]) {
				double x = t[i];
				t[i] = t[j];
				t[j] = x;
			}
	return t[1];
}

/* Median of 3 runs (one when the first takes over 3 s), in ms; *cpu gets the CPU time's median. */
static double
timed(sqlite3 *db, measure_fn fn, const char *community, double *cpu)
{
	double t[3], c[3];
	int n = 0;

	for (; n < 3; n++) {
		double t0 = now_us(), c0 = cpu_us();
		fn(db, community);
		t[n] = (now_us() - t0) / 1000.0;
		c[n] = (cpu_us() - c0) / 1000.0;
		if (t[0] > 3000) {
			*cpu = c[0];
			return t[0];
		}
	}
	*cpu = median3(c);
	return median3(t);
}

/* (a): sum of the counts of one SQL over the JSON (so the work cannot be skipped). */
static double
json_sql(sqlite3 *db, const char *sql, const char *community)
{
	sqlite3_stmt *st;
	double sum = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	if (community)
		sqlite3_bind_text(st, 1, community, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		sum += sqlite3_column_double(st, sqlite3_column_count(st) - 1);
	sqlite3_finalize(st);
	return sum;
}

#define LIVE " r.deleted = 0 AND r.status = 'complete' AND r.template = '" TEMPLATE "' AND r.template_version = '1'"
#define COMM(c) ((c) ? " AND r.community = ?1" : "")

static double
a_one(sqlite3 *db, const char *c)
{
	char *sql = xasprintf("SELECT json_extract(r.answers, '$.sat_culture') v, count(*) FROM survey_response r"
	    " WHERE" LIVE " AND json_type(r.answers, '$.sat_culture') IS NOT NULL%s GROUP BY v", COMM(c));
	double v = json_sql(db, sql, c);
	free(sql);
	return v;
}

static double
a_multi(sqlite3 *db, const char *c)
{
	char *sql = xasprintf("SELECT (SELECT count(*) FROM survey_response r WHERE" LIVE
	    " AND json_type(r.answers, '$.miss_culture') IS NOT NULL%s) UNION ALL SELECT count(*) FROM survey_response r,"
	    " json_each(r.answers, '$.miss_culture') j WHERE" LIVE "%s GROUP BY j.value", COMM(c), COMM(c));
	double v = json_sql(db, sql, c);
	free(sql);
	return v;
}

static double
a_mean(sqlite3 *db, const char *c)
{
	char *sql = xasprintf("SELECT count(*), avg(v), min(v), max(v) FROM (SELECT json_extract(r.answers,"
	    " '$.household_size') v FROM survey_response r WHERE" LIVE " AND json_type(r.answers, '$.household_size')"
	    " IN ('integer', 'real')%s)", COMM(c));
	double v = json_sql(db, sql, c);
	free(sql);
	return v;
}

static double
a_cross(sqlite3 *db, const char *c)
{
	char *sql = xasprintf("SELECT json_extract(r.answers, '$.age_group') x, json_extract(r.answers,"
	    " '$.eldercare_sat') y, count(*) FROM survey_response r WHERE" LIVE " AND json_type(r.answers,"
	    " '$.age_group') IS NOT NULL AND json_type(r.answers, '$.eldercare_sat') IS NOT NULL%s GROUP BY x, y",
	    COMM(c));
	double v = json_sql(db, sql, c);
	free(sql);
	return v;
}

static double
c_question(sqlite3 *db, const char *c, const char *name)
{
	results_filter f = { .template_id = TEMPLATE, .version = "1", .community = c };
	results_question r;
	char *err = NULL;
	double n;

	if (results_question_get(db, &f, survey_question_find(qs, 30, name), &r, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": %s\n", err);
		exit(1);
	}
	n = (double)r.n;
	results_question_free(&r);
	return n;
}

static double c_one(sqlite3 *db, const char *c) { return c_question(db, c, "sat_culture"); }
static double c_multi(sqlite3 *db, const char *c) { return c_question(db, c, "miss_culture"); }
static double c_mean(sqlite3 *db, const char *c) { return c_question(db, c, "household_size"); }

static double
c_cross(sqlite3 *db, const char *c)
{
	results_filter f = { .template_id = TEMPLATE, .version = "1", .community = c };
	results_crosstab x;
	char *err = NULL;
	double n;

	if (results_crosstab_get(db, &f, survey_question_find(qs, 30, "age_group"),
	    survey_question_find(qs, 30, "eldercare_sat"), &x, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": %s\n", err);
		exit(1);
	}
	n = (double)x.n;
	results_crosstab_free(&x);
	return n;
}

static double
c_needs(sqlite3 *db, const char *c)
{
	results_filter f = { .template_id = TEMPLATE, .version = "1", .community = c };
	results_circle_spec specs[8];
	results_circle *out;
	char *err = NULL;

	for (int i = 0; i < 8; i++)
		specs[i] = (results_circle_spec){ circles[i], qs[4 + 2 * i].name, "very_satisfied satisfied" };
	if (results_needs_get(db, &f, qs, 30, specs, 8, &out, &err) != 0) {
		fprintf(stderr, BENCH_NAME ": %s\n", err);
		exit(1);
	}
	results_needs_free(out, 8);
	return 0;
}

static void
queries(sqlite3 *db)
{
	static const struct { const char *name; measure_fn a, c; } m[] = {
		{ "select_one_counts", a_one, c_one }, { "select_multiple_counts", a_multi, c_multi },
		{ "integer_mean_range", a_mean, c_mean }, { "crosstab", a_cross, c_cross },
		{ "needs_ranking_8_circles", NULL, c_needs },
	};
	const char *comm = "00000000-0000-0000-0000-000000000042";

	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		for (int filt = 0; filt < 2; filt++) {
			const char *c = filt ? comm : NULL;
			double cpu, wall;
			if (m[i].a && !getenv("BENCH_NO_JSON")) {
				wall = timed(db, m[i].a, c, &cpu);
				printf("q.%s%s.a_json %.1f ms (cpu %.1f ms)\n", m[i].name, filt ? ".community" : "", wall, cpu);
			}
			wall = timed(db, m[i].c, c, &cpu);
			printf("q.%s%s.c_table %.1f ms (cpu %.1f ms)\n", m[i].name, filt ? ".community" : "", wall, cpu);
			fflush(stdout);
		}
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	char tmpl[] = "/tmp/lcbench-survey-XXXXXX";
	char *dir = mkdtemp(tmpl), *path;
	sqlite3 *db;
	double us;

	if (!dir || n < 1000)
		die(NULL, "usage: bench_survey [N >= 1000 [DBFILE]]");
	template_init();
	printf("# %ld responses of 30 questions, %d communities, SQLite %s\n", n, N_COMMUNITIES, sqlite3_libversion());
	if (getenv("BENCH_REUSE") && argc > 2) {
		/* queries again on a file kept from an earlier run (after a change to results.c) */
		db = open_db(argv[2]);
		queries(db);
		db_close(db);
		rmdir(dir);
		return 0;
	}
	if (!getenv("BENCH_NO_SMALL")) {
		/* the storage comparison (a minute or two); BENCH_NO_SMALL skips it when only the queries matter */
		small_load(dir, 'a');
		small_load(dir, 'c');
		small_load(dir, 'b');
	}
	fflush(stdout);
	path = argc > 2 ? xstrdup(argv[2]) : xasprintf("%s/survey.db", dir);
	unlink(path);
	db = open_db(path);
	add_communities(db);
	exec(db, "PRAGMA synchronous = NORMAL");
	if (getenv("BENCH_FAST_LOAD")) {
		us = fast_load(db, (uint64_t)n);
		printf("load.fast.seconds %.1f s\n", us / 1e6);
	} else {
		us = load(db, 0, (uint64_t)n);
		printf("load.full_c.responses_per_s %.0f /s\n", (double)n / (us / 1e6));
		printf("load.full_c.seconds %.1f s\n", us / 1e6);
	}
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
	printf("size.file %lld B\n", file_bytes(path));
	printf("size.survey_response_table_and_indexes %lld B\n", bytes_of(db, "survey_response%"));
	printf("size.survey_answer_table_and_index %lld B\n", bytes_of(db, "survey_answer%"));
	fflush(stdout);
	queries(db);
	if (!getenv("BENCH_NO_REBUILD")) {
		char *err = NULL;
		double t0 = now_us();
		if (survey_answer_rebuild(db, &err) != 0)
			die(db, err);
		printf("rebuild.survey_answer_rebuild %.1f s\n", (now_us() - t0) / 1e6);
	}
	db_close(db);
	if (argc <= 2)
		unlink(path);
	free(path);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, BENCH_NAME ": could not remove %s\n", dir);
		free(cmd);
	}
	return 0;
}
