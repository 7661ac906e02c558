/* test_ids.c - record identity and ordering: UUIDv7 ids, the hybrid logical clock, and the sync
 * fields record.c stamps on every row (with stats counting only live rows). */
#include "config.h"
#include <ftw.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "hlc.h"
#include "record.h"
#include "settings.h"
#include "stats.h"
#include "uuid.h"
#include "utf8.h"
#include "util.h"

/* ---- helpers ---------------------------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Uniform random integer in [0, n). */
static uint64_t
rand_below(uint64_t n)
{
	uint64_t r;

	util_random_bytes(&r, sizeof r);
	return r % n;
}

/* Milliseconds in the first 12 hex digits of a UUID text (skipping its first dash). */
static int64_t
uuid_ms(const char *u)
{
	char hex[13];

	memcpy(hex, u, 8);
	memcpy(hex + 8, u + 9, 4);
	hex[12] = '\0';
	return (int64_t)strtoll(hex, NULL, 16);
}

static hlc
mk(int64_t ms, uint32_t counter)
{
	return (hlc){ ms, counter };
}

/* Check that h is (ms, counter). */
static void
is_hlc(hlc h, int64_t ms, uint32_t counter, const char *what)
{
	ok(h.ms == ms && h.counter == counter, "%s: got (%lld, %u), want (%lld, %u)", what, (long long)h.ms,
	    (unsigned)h.counter, (long long)ms, (unsigned)counter);
}

/* ---- uuid -------------------------------------------------------------------------------- */

#define N_IDS 10000

static void
test_uuid_many(void)
{
	char **ids = xcalloc(N_IDS, sizeof *ids);
	int bad = 0, bad_version = 0, bad_variant = 0, dups = 0;

	for (int i = 0; i < N_IDS; i++) {
		ids[i] = xmalloc(UUID_TEXT_LEN);
		uuid_v7(ids[i]);
		if (!uuid_is_v7(ids[i]))
			bad++;
		if (ids[i][14] != '7')
			bad_version++;
		if (!strchr("89ab", ids[i][19]) || ids[i][19] == '\0')
			bad_variant++;
	}
	qsort(ids, N_IDS, sizeof *ids, cmp_str);
	for (int i = 1; i < N_IDS; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			dups++;
	is_int(dups, 0, "%d ids from uuid_v7 are distinct", N_IDS);
	is_int(bad, 0, "all pass uuid_is_v7 (e.g. %s)", ids[0]);
	is_int(bad_version, 0, "all have version nibble 7");
	is_int(bad_variant, 0, "all have variant bits 10");
	for (int i = 0; i < N_IDS; i++)
		free(ids[i]);
	free(ids);
}

static void
test_uuid_time(void)
{
	static const int64_t stamps[] = { 0, 1, 255, 1732350000000LL, 0x0123456789abLL, 0xffffffffffffLL };
	char u[UUID_TEXT_LEN], prev[UUID_TEXT_LEN];
	int64_t now = util_now_ms();
	bool ordered = true;

	for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
		uuid_v7_at(stamps[i], u);
		is_int(uuid_ms(u), stamps[i], "uuid_v7_at(%lld) puts the ms in the first 12 hex digits (%s)",
		    (long long)stamps[i], u);
		ok(uuid_is_v7(u), "uuid_v7_at(%lld) is a valid v7", (long long)stamps[i]);
	}
	uuid_v7(u);
	ok(uuid_ms(u) >= now && uuid_ms(u) <= util_now_ms(), "uuid_v7 uses the current time");

	/* Ids a millisecond or more apart sort as text in time order, whatever their random bits. */
	uuid_v7_at(now, prev);
	for (int i = 1; i < 2000; i++) {
		now += 1 + (int64_t)rand_below(3);
		uuid_v7_at(now, u);
		if (strcmp(prev, u) >= 0)
			ordered = false;
		memcpy(prev, u, sizeof u);
	}
	ok(ordered, "ids made at increasing ms sort as text in ms order");
}

static void
test_uuid_is_v7(void)
{
	const char *good = "01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e5f";
	char buf[64];

	ok(uuid_is_v7(good), "a hand-made v7 passes");
	ok(!uuid_is_v7("01936F2E-8C4A-7B2D-9E1F-0A1B2C3D4E5F"), "upper case is refused");
	ok(!uuid_is_v7("01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4E5f"), "one upper-case digit is refused");
	ok(!uuid_is_v7("01936f2e-8c4a-4b2d-9e1f-0a1b2c3d4e5f"), "version 4 is refused");
	ok(!uuid_is_v7("01936f2e-8c4a-7b2d-ce1f-0a1b2c3d4e5f"), "variant 110 is refused");
	ok(!uuid_is_v7("01936f2e-8c4a-7b2d-7e1f-0a1b2c3d4e5f"), "variant 0 is refused");
	ok(!uuid_is_v7("01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e5"), "35 characters are refused");
	ok(!uuid_is_v7("01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e5f0"), "37 characters are refused");
	ok(!uuid_is_v7("01936f2e8c4a-7b2d-9e1f-0a1b2c3d4e5f0"), "a missing dash is refused");
	ok(!uuid_is_v7("01936f2g-8c4a-7b2d-9e1f-0a1b2c3d4e5f"), "a non-hex letter is refused");
	ok(!uuid_is_v7(""), "the empty string is refused");
	ok(!uuid_is_v7(NULL), "NULL is refused");
	snprintf(buf, sizeof buf, "%s", good);
	buf[8] = '_';
	ok(!uuid_is_v7(buf), "a wrong separator is refused");
}

/* ---- hlc --------------------------------------------------------------------------------- */

static void
test_hlc_tick(void)
{
	is_hlc(hlc_tick(mk(1000, 7), 2000), 2000, 0, "tick with the wall ahead takes the wall, counter 0");
	is_hlc(hlc_tick(mk(0, 0), 1), 1, 0, "tick from zero");
	is_hlc(hlc_tick(mk(2000, 7), 2000), 2000, 8, "tick with the wall equal bumps the counter");
	is_hlc(hlc_tick(mk(2000, 7), 1500), 2000, 8, "tick with the wall behind keeps ms, bumps the counter");
	is_hlc(hlc_tick(mk(2000, 99998), 2000), 2000, 99999, "counter may reach 99999");
	is_hlc(hlc_tick(mk(2000, 99999), 2000), 2001, 0, "counter overflow moves to ms + 1");
	is_hlc(hlc_tick(mk(2000, 99999), 1000), 2001, 0, "overflow with the wall behind moves to ms + 1");
}

static void
test_hlc_recv(void)
{
	is_hlc(hlc_recv(mk(1000, 3), mk(900, 9), 5000), 5000, 0, "recv: wall ahead of both");
	is_hlc(hlc_recv(mk(1000, 3), mk(3000, 9), 2000), 3000, 10, "recv: remote ahead of local and wall");
	is_hlc(hlc_recv(mk(4000, 3), mk(3000, 9), 2000), 4000, 4, "recv: local ahead of remote and wall");
	is_hlc(hlc_recv(mk(4000, 3), mk(4000, 9), 2000), 4000, 10, "recv: same ms takes the larger counter");
	is_hlc(hlc_recv(mk(4000, 12), mk(4000, 9), 4000), 4000, 13, "recv: same ms, local counter larger, wall equal");
	is_hlc(hlc_recv(mk(4000, 3), mk(4000, 99999), 100), 4001, 0, "recv: counter overflow moves to ms + 1");
	ok(hlc_cmp(hlc_recv(mk(4000, 3), mk(4000, 9), 2000), mk(4000, 9)) > 0, "recv result is after the remote");
	ok(hlc_cmp(hlc_recv(mk(4000, 30), mk(4000, 9), 2000), mk(4000, 30)) > 0, "recv result is after the local");
}

static void
test_hlc_cmp(void)
{
	ok(hlc_cmp(mk(1, 5), mk(2, 0)) < 0, "cmp: ms first");
	ok(hlc_cmp(mk(2, 0), mk(1, 5)) > 0, "cmp: ms first, reversed");
	ok(hlc_cmp(mk(2, 1), mk(2, 3)) < 0, "cmp: then counter");
	is_int(hlc_cmp(mk(2, 3), mk(2, 3)), 0, "cmp: equal");
}

static hlc
random_hlc(void)
{
	/* Small ranges often give equal ms, so the counter decides too. */
	switch (rand_below(3)) {
	case 0:
		return mk((int64_t)rand_below(1000000000000000ULL), (uint32_t)rand_below(100000));
	case 1:
		return mk(1732350000000LL + (int64_t)rand_below(3), (uint32_t)rand_below(100000));
	default:
		return mk((int64_t)rand_below(5), (uint32_t)rand_below(3));
	}
}

static void
test_hlc_text(void)
{
	char a[HLC_TEXT_LEN], b[HLC_TEXT_LEN];
	int bad_width = 0, bad_order = 0, bad_parse = 0;
	hlc back;

	hlc_format(mk(1732350000000LL, 42), a);
	is_str(a, "001732350000000-00042", "hlc_format layout");
	hlc_format(mk(999999999999999LL, 99999), a);
	is_str(a, "999999999999999-99999", "hlc_format of the largest value");
	hlc_format(mk(0, 0), a);
	is_str(a, "000000000000000-00000", "hlc_format of zero");
	for (int i = 0; i < 500; i++) {
		hlc x = random_hlc(), y = random_hlc();

		hlc_format(x, a);
		hlc_format(y, b);
		if (strlen(a) != HLC_TEXT_LEN - 1 || strlen(b) != HLC_TEXT_LEN - 1)
			bad_width++;
		if (sign(strcmp(a, b)) != sign(hlc_cmp(x, y))) {
			bad_order++;
			printf("# %s vs %s\n", a, b);
		}
		if (hlc_parse(a, &back) != 0 || hlc_cmp(back, x) != 0)
			bad_parse++;
	}
	is_int(bad_width, 0, "hlc_format is always %d characters", HLC_TEXT_LEN - 1);
	is_int(bad_order, 0, "text order equals hlc_cmp order for 500 random pairs");
	is_int(bad_parse, 0, "hlc_parse round-trips 500 random values");
}

static void
test_hlc_parse_bad(void)
{
	static const char *const bad[] = {
		"", "001732350000000-0004", "001732350000000-000420", "001732350000000+00042",
		"00173235000000a-00042", "001732350000000-0004x", " 01732350000000-00042",
		"-01732350000000-00042", "001732350000000-+0042", "0017323500000000-0042",
		"001732350000000-00042 ",
	};
	hlc h = mk(7, 7);

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(hlc_parse(bad[i], &h), -1, "hlc_parse refuses \"%s\"", bad[i]);
	is_int(hlc_parse(NULL, &h), -1, "hlc_parse refuses NULL");
	is_hlc(h, 7, 7, "a refused parse leaves the output alone");
}

/* ---- records ----------------------------------------------------------------------------- */

static void
test_meta_new(sqlite3 *db, record_meta *m)
{
	hlc h;
	char *node;

	is_int(record_meta_new(db, m), 0, "record_meta_new succeeds");
	ok(uuid_is_v7(m->id), "meta id is a v7 uuid (%s)", m->id);
	node = record_node_id(db);
	ok(node && strlen(node) == 32, "the database has a node id (%s)", node ? node : "none");
	is_str(m->origin, node, "origin is the node id, not the office code");
	is_str(m->base, "", "a new record has an empty base");
	free(node);
	is_str(m->operator_name, "张三", "operator is the operator's name");
	is_str(m->created_at, m->updated_at, "created_at equals updated_at");
	is_int(strlen(m->created_at), 24, "created_at is an ISO 8601 time (%s)", m->created_at);
	is_int(hlc_parse(m->hlc, &h), 0, "hlc is valid (%s)", m->hlc);
	ok(h.ms > 1700000000000LL, "hlc is near the wall clock");
	is_int(m->deleted, 0, "not deleted");
}

static void
test_clock(sqlite3 *db)
{
	char prev[HLC_TEXT_LEN], cur[HLC_TEXT_LEN];
	int not_increasing = 0, failed = 0;
	char *stored;

	if (record_clock_tick(db, prev) != 0)
		failed++;
	for (int i = 0; i < 1000; i++) {
		if (record_clock_tick(db, cur) != 0)
			failed++;
		if (strcmp(prev, cur) >= 0)
			not_increasing++;
		memcpy(prev, cur, sizeof cur);
	}
	is_int(failed, 0, "1000 record_clock_tick calls succeed");
	is_int(not_increasing, 0, "successive ticks strictly increase as text");
	stored = settings_get(db, "clock");
	is_str(stored, cur, "the last tick is persisted");
	free(stored);
}

static void
test_meta_touch(sqlite3 *db, const record_meta *orig)
{
	record_meta m = *orig;

	/* As if the record had come from another office: the new version is this node's. */
	snprintf(m.origin, sizeof m.origin, "%s", "ffffffffffffffffffffffffffffffff");
	ok(save_identity(db, "李四"), "operator changed to 李四");
	is_int(record_meta_touch(db, &m), 0, "record_meta_touch succeeds");
	is_str(m.id, orig->id, "touch keeps the id");
	is_str(m.origin, orig->origin, "touch here stamps this node as the origin of the new version");
	is_str(m.base, orig->hlc, "touch: the base is the clock of the version edited");
	is_str(m.created_at, orig->created_at, "touch keeps created_at");
	ok(strcmp(m.hlc, orig->hlc) > 0, "touch advances the hlc (%s > %s)", m.hlc, orig->hlc);
	ok(strcmp(m.updated_at, orig->updated_at) >= 0, "touch does not move updated_at back");
	is_str(m.operator_name, "李四", "touch stamps the current operator");
	ok(save_identity(db, "张三"), "operator back to 张三");
}

/* Insert a facility named name with fresh meta; its meta goes to *m. */
static bool
insert_facility(sqlite3 *db, const char *name, record_meta *m)
{
	sqlite3_stmt *st;
	bool good;

	if (record_meta_new(db, m) != 0)
		return false;
	st = db_prepare(db, "INSERT INTO facility (" RECORD_META_NAMES ", community, name) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (!st) {
		printf("# prepare: %s\n", sqlite3_errmsg(db));
		return false;
	}
	good = record_bind_meta(st, 1, m) == SQLITE_OK &&
	    sqlite3_bind_text(st, RECORD_META_COUNT + 1, "c1", -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_bind_text(st, RECORD_META_COUNT + 2, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_DONE;
	if (!good)
		printf("# insert: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return good;
}

/* One column of the facility id as text (heap). */
static char *
facility_col(sqlite3 *db, const char *col, const char *id)
{
	char *sql = xasprintf("SELECT %s FROM facility WHERE id = ?1", col);
	const char *p[1] = { id };
	char *v = db_query_text(db, sql, 1, p);

	free(sql);
	return v;
}

static void
is_facility_col(sqlite3 *db, const char *id, const char *col, const char *want)
{
	char *v = facility_col(db, col, id);

	is_str(v, want, "facility row: %s", col);
	free(v);
}

static void
test_insert_and_tombstone(sqlite3 *db)
{
	record_meta m, m2;
	char *hlc_before, *hlc_after, *deleted;

	if (!ok(insert_facility(db, "日间照料中心", &m), "facility inserted with RECORD_META_NAMES + record_bind_meta"))
		return;
	is_facility_col(db, m.id, "id", m.id);
	is_facility_col(db, m.id, "origin", m.origin);
	is_facility_col(db, m.id, "base", "");
	is_facility_col(db, m.id, "created_at", m.created_at);
	is_facility_col(db, m.id, "updated_at", m.updated_at);
	is_facility_col(db, m.id, "hlc", m.hlc);
	is_facility_col(db, m.id, "operator", "张三");
	is_facility_col(db, m.id, "deleted", "0");
	is_facility_col(db, m.id, "name", "日间照料中心");
	ok(insert_facility(db, "幼儿园", &m2), "second facility inserted");

	hlc_before = facility_col(db, "hlc", m.id);
	is_int(record_tombstone(db, "facility", m.id), 0, "record_tombstone of a known id gives 0");
	deleted = facility_col(db, "deleted", m.id);
	is_str(deleted, "1", "tombstone sets deleted = 1");
	hlc_after = facility_col(db, "hlc", m.id);
	ok(hlc_before && hlc_after && strcmp(hlc_after, hlc_before) > 0, "tombstone advances the hlc");
	is_facility_col(db, m.id, "base", hlc_before);
	is_facility_col(db, m.id, "created_at", m.created_at);
	free(deleted);
	deleted = facility_col(db, "deleted", m2.id);
	is_str(deleted, "0", "the other facility is untouched");
	is_int(record_tombstone(db, "facility", "01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e5f"), 1,
	    "record_tombstone of an unknown id gives 1");
	free(deleted);
	free(hlc_after);
	free(hlc_before);
}

static void
test_stats(sqlite3 *db)
{
	record_counts c;
	record_meta m;
	sqlite3 *empty = NULL;

	stats_record_counts(db, &c);
	is_int(c.facilities, 1, "stats: one live facility (one is deleted)");
	is_int(c.responses, 0, "stats: no responses");
	is_int(c.proposals, 0, "stats: no proposals");
	is_int(c.feedback, 0, "stats: no feedback");
	ok(insert_facility(db, "卫生服务站", &m), "third facility inserted");
	stats_record_counts(db, &c);
	is_int(c.facilities, 2, "stats: two live facilities");
	record_tombstone(db, "facility", m.id);
	stats_record_counts(db, &c);
	is_int(c.facilities, 1, "stats: a tombstone is not counted");

	sqlite3_open(":memory:", &empty);
	stats_record_counts(empty, &c);
	ok(c.facilities == -1 && c.responses == -1 && c.proposals == -1 && c.feedback == -1,
	    "stats: -1 where a table cannot be read");
	sqlite3_close(empty);
}

#define N_TICKS 500

struct ticker {
	sqlite3 *db;
	char (*out)[HLC_TEXT_LEN];
	int failed;
};

static void *
tick_many(void *arg)
{
	struct ticker *t = arg;

	for (int i = 0; i < N_TICKS; i++)
		if (record_clock_tick(t->db, t->out[i]) != 0)
			t->failed++;
	return NULL;
}

static int
cmp_hlc_text(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Two copies of the program on one database tick at the same time: no value may be handed out twice. */
static void
test_clock_two_copies(sqlite3 *db, const char *path, const char *dir)
{
	char (*vals)[HLC_TEXT_LEN] = xcalloc(2 * N_TICKS, HLC_TEXT_LEN);
	db_open_result other = db_open(path, dir);
	struct ticker t[2] = { { db, vals, 0 }, { other.db, vals + N_TICKS, 0 } };
	pthread_t th[2];
	int dups = 0;

	if (!ok(other.db != NULL, "second handle on the same database"))
		goto out;
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, tick_many, &t[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	is_int(t[0].failed + t[1].failed, 0, "%d ticks from two handles at once succeed", 2 * N_TICKS);
	qsort(vals, 2 * N_TICKS, HLC_TEXT_LEN, cmp_hlc_text);
	for (int i = 1; i < 2 * N_TICKS; i++)
		if (strcmp(vals[i - 1], vals[i]) == 0)
			dups++;
	is_int(dups, 0, "no clock value is handed out twice");
out:
	db_close(other.db);
	free(other.error);
	free(vals);
}

#define DAY_MS (24LL * 60 * 60 * 1000)

/* Stored clock text of db (heap). */
static char *
stored_clock(sqlite3 *db)
{
	return settings_get(db, "clock");
}

/* The clock against a simulated wall clock: ahead by less than a day it moves on from itself,
 * never backwards; damaged or far ahead it is reported and left exactly as it was. */
static void
test_clock_wall(sqlite3 *db)
{
	const int64_t wall = 1800000000000LL;	/* 2027-01-15 */
	char out[HLC_TEXT_LEN], prev[HLC_TEXT_LEN], state[64];
	char *s;
	record_meta m;
	int backwards = 0;

	settings_set(db, "clock", "001800000000000-00005");
	is_int(record_clock_tick_at(db, wall - 60000, out), 0, "wall clock a minute behind the stored clock: tick works");
	is_str(out, "001800000000000-00006", "... keeps the stored ms and bumps the counter");
	is_int(record_clock_tick_at(db, wall + 5000, out), 0, "wall clock ahead again");
	is_str(out, "001800000005000-00000", "... takes the wall clock");

	/* A wall clock that jumps back and forth by up to an hour never moves the clock back. */
	memcpy(prev, out, sizeof out);
	for (int i = 0; i < 300; i++) {
		int64_t now = wall + 5000 + (int64_t)rand_below(2 * 3600000) - 3600000;

		if (record_clock_tick_at(db, now, out) != 0 || strcmp(out, prev) <= 0)
			backwards++;
		memcpy(prev, out, sizeof out);
	}
	is_int(backwards, 0, "300 ticks with a wall clock jumping back and forth: each after the last");

	settings_set(db, "clock", "001800000000000-00005");
	is_int(record_clock_tick_at(db, wall - DAY_MS + 1000, out), 0, "stored clock just under a day ahead: still used");
	is_str(out, "001800000000000-00006", "... and moved forward from");

	settings_set(db, "clock", "001800000000000-00005");
	is_int(record_clock_tick_at(db, wall - DAY_MS - 1000, out), RECORD_ERR_CLOCK_AHEAD,
	    "stored clock more than a day ahead of the wall: RECORD_ERR_CLOCK_AHEAD");
	s = stored_clock(db);
	is_str(s, "001800000000000-00005", "... and the stored clock is left as it was");
	free(s);
	is_int(record_clock_state(db, wall - DAY_MS - 1000, state, sizeof state), RECORD_ERR_CLOCK_AHEAD,
	    "record_clock_state reports it too");
	is_str(state, "001800000000000-00005", "... with the stored text");
	ok(record_error_message(RECORD_ERR_CLOCK_AHEAD) != NULL, "there is a message for it: %s",
	    record_error_message(RECORD_ERR_CLOCK_AHEAD));
	is_int(record_clock_state(db, wall, state, sizeof state), 0, "the same clock against the right wall is fine");

	settings_set(db, "clock", "999999999999999-99999");
	is_int(record_clock_tick(db, out), RECORD_ERR_CLOCK_AHEAD, "the largest clock value is far ahead, never wrapped to zero");
	s = stored_clock(db);
	is_str(s, "999999999999999-99999", "... and left as it was");
	free(s);

	settings_set(db, "clock", "garbage");
	is_int(record_clock_tick(db, out), RECORD_ERR_CLOCK_DAMAGED, "a stored clock that does not parse: RECORD_ERR_CLOCK_DAMAGED");
	s = stored_clock(db);
	is_str(s, "garbage", "... not silently reset");
	free(s);
	is_int(record_clock_state(db, util_now_ms(), state, sizeof state), RECORD_ERR_CLOCK_DAMAGED, "record_clock_state reports it");
	is_int(record_meta_new(db, &m), RECORD_ERR_CLOCK_DAMAGED, "record_meta_new passes the clock's error on");
	ok(record_error_message(RECORD_ERR_CLOCK_DAMAGED) != NULL, "there is a message for it");
	{
		office_identity id = { .community = "滨河社区", .subdistrict = "", .district = "海勃湾区",
			.office_code = "HBW-0101", .operator_name = "张三" };
		char *err = NULL;

		is_int(settings_identity_save(db, &id, &err), -1, "saving the settings fails with a damaged clock");
		ok(err && strstr(err, record_error_message(RECORD_ERR_CLOCK_DAMAGED)), "... saying why (%s)", err ? err : "");
		free(err);
	}
	s = stored_clock(db);
	is_str(s, "garbage", "... and the clock is still as found");
	free(s);

	hlc_format((hlc){ util_now_ms() - 1000, 3 }, prev);
	settings_set(db, "clock", prev);
	is_int(record_clock_tick(db, out), 0, "a repaired clock ticks again");
	ok(strcmp(out, prev) > 0, "... forward (%s after %s)", out, prev);
}

/* An operator's name of 100 Chinese characters (300 bytes) is stored whole; a longer one set
 * by another tool is cut at a character boundary, never inside one. */
static void
test_operator_long(sqlite3 *db)
{
	char name[512] = "", longer[1400] = "";
	record_meta m;

	for (int i = 0; i < 100; i++)
		strcat(name, "张");
	ok(save_identity(db, name), "an operator of 100 Chinese characters is accepted");
	is_int(record_meta_new(db, &m), 0, "record_meta_new with the long operator");
	is_str(m.operator_name, name, "the operator is stored whole (%zu bytes)", strlen(name));
	ok(insert_facility(db, "长名", &m), "a record with the long operator is written");
	is_facility_col(db, m.id, "operator", name);

	for (int i = 0; i < 450; i++)
		strcat(longer, "李");
	settings_set(db, "operator", longer);
	is_int(record_meta_new(db, &m), 0, "record_meta_new with a 1350-byte operator written by another tool");
	ok(utf8_is_valid_bytes(m.operator_name, strlen(m.operator_name)), "the cut operator is valid UTF-8");
	ok(strlen(m.operator_name) % 3 == 0 && strlen(m.operator_name) >= RECORD_OPERATOR_BYTES - 4,
	    "it is cut at a character boundary (%zu bytes)", strlen(m.operator_name));
	ok(save_identity(db, "张三"), "operator back to 张三");
}

static void
test_version_order(sqlite3 *db)
{
	record_meta m;
	long long before = record_change_seq(db), after;
	char *seq;

	is_int(record_version_cmp("001-1", "aa", "001-2", "aa"), -1, "versions: the clock decides first");
	is_int(record_version_cmp("001-2", "aa", "001-1", "zz"), 1, "versions: the clock beats the node id");
	is_int(record_version_cmp("001-1", "aa", "001-1", "bb"), -1, "versions: same clock, the node id breaks the tie");
	is_int(record_version_cmp("001-1", "bb", "001-1", "aa"), 1, "versions: and the other way round");
	is_int(record_version_cmp("001-1", "aa", "001-1", "aa"), 0, "versions: the same version");
	ok(before >= 0, "record_change_seq reads the counter (%lld)", before);
	ok(insert_facility(db, "换届", &m), "a facility inserted by the program");
	after = record_change_seq(db);
	is_int(after, before + 1, "the program's insert took the next change sequence");
	seq = facility_col(db, "change_seq", m.id);
	ok(seq && atoll(seq) == after, "the row holds it (%s)", seq ? seq : "none");
	free(seq);
	is_int(record_tombstone(db, "facility", m.id), 0, "tombstone");
	is_int(record_change_seq(db), after + 1, "a tombstone takes the next change sequence");
}

static void
test_records(const char *root)
{
	char *path = xasprintf("%s/ids.db", root);
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	db_open_result r = db_open(path, dir && *dir ? dir : "data");
	record_meta m;

	if (!ok(r.db != NULL, "database opened")) {
		printf("# %s\n", r.error ? r.error : "?");
		goto out;
	}
	if (!ok(save_identity(r.db, "张三"), "identity saved"))
		goto out;
	test_meta_new(r.db, &m);
	test_clock(r.db);
	test_meta_touch(r.db, &m);
	test_insert_and_tombstone(r.db);
	test_stats(r.db);
	test_clock_two_copies(r.db, path, dir && *dir ? dir : "data");
	test_operator_long(r.db);
	test_version_order(r.db);
	test_clock_wall(r.db);
out:
	db_close(r.db);
	free(r.error);
	free(path);
}

/* A clock for people: local time of its milliseconds, with or without seconds; bad text gives "". */
static void
test_hlc_local_text(void)
{
	char out[32];

	setenv("TZ", "CST-8", 1);	/* China Standard Time as a POSIX rule: no tzdata needed */
	tzset();
	hlc_local_text("001732350000000-00042", true, out);
	is_str(out, "2024-11-23 16:20:00", "a clock as local date and time, seconds included");
	hlc_local_text("001732350000000-00042", false, out);
	is_str(out, "2024-11-23 16:20", "and without seconds");
	hlc_local_text("not a clock", true, out);
	is_str(out, "", "malformed text gives an empty string");
	hlc_local_text(NULL, false, out);
	is_str(out, "", "so does none");
	unsetenv("TZ");
	tzset();
}

int
main(void)
{
	char tmpl[] = "/tmp/test_ids.XXXXXX";
	char *root;
	struct stat sb;

	setlocale(LC_ALL, "C.UTF-8");
	test_uuid_many();
	test_uuid_time();
	test_uuid_is_v7();
	test_hlc_tick();
	test_hlc_recv();
	test_hlc_cmp();
	test_hlc_local_text();
	test_hlc_text();
	test_hlc_parse_bad();
	root = mkdtemp(tmpl);
	if (ok(root != NULL, "temporary directory")) {
		test_records(root);
		rm_rf(root);
		ok(stat(root, &sb) != 0, "temporary directory removed");
	}
	return tap_done();
}
