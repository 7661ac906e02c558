/* test_sync_property.c - the property behind file exchange: 3 to 5 simulated offices make random
 * creates, edits, deletes and restores through the record API and exchange files along random
 * paths (any office to any other, old files again, files twice); at the end each office exports
 * once more and imports every file there is, in its own random order, and then every database is
 * identical by the canonical digest (records with their exchanged columns, and the conflicts
 * table; receipts, drafts and local settings left out). Seeds: LC_SYNC_SEED, else four fixed
 * ones, and one from the clock too with LC_SYNC_RANDOM=1 (printed, so a failure can be run again).
 * On a failure the rows the offices disagree on are printed and the offices are kept. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"

#define MAX_OFFICES 5
#define MAX_FILES 400

static unsigned long long rng_state;

static unsigned
rnd(unsigned n)
{
	/* xorshift64*: reproducible from the seed, whatever the C library's rand does. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

/* The id of a random estate of db that is live (deleted 0) or deleted (1); 0 when there is none. */
static int
pick(sqlite3 *db, int deleted, char id[UUID_TEXT_LEN])
{
	char *sql = xasprintf("SELECT count(*) FROM estate WHERE deleted = %d", deleted), *v;
	long long n = db_query_int(db, sql, 0);

	free(sql);
	if (n <= 0)
		return 0;
	sql = xasprintf("SELECT id FROM estate WHERE deleted = %d ORDER BY id LIMIT 1 OFFSET %u", deleted, rnd((unsigned)n));
	v = db_query_text(db, sql, 0, NULL);
	free(sql);
	if (!v)
		return 0;
	snprintf(id, UUID_TEXT_LEN, "%s", v);
	free(v);
	return 1;
}

static int kept;
static long long last_write_ms;

/* Writes in distinct milliseconds: two offices that stamp the same clock value in one millisecond
 * make versions whose bases cannot be told apart (a version's base is its clock only), and the
 * merge then depends on timing. That is a known gap of sync, not fixed yet (a base
 * would have to name the version by clock and node); here it would make a seed pass or fail by the
 * machine's speed. */
static void
write_begin(void)
{
	while (util_now_ms() <= last_write_ms)
		;
}

static int
write_end(int rc)
{
	last_write_ms = util_now_ms();
	return rc;
}

/* Print the rows office o and office 0 disagree on (records of estate and conflicts). */
static void
show_differences(sqlite3 *db, const char *path0)
{
	static const char *const q[] = {
		"SELECT 'office only', id, hlc, origin, base, deleted FROM main.estate EXCEPT SELECT 'office only', id, hlc, origin, base, deleted FROM o0.estate",
		"SELECT 'office 0 only', id, hlc, origin, base, deleted FROM o0.estate EXCEPT SELECT 'office 0 only', id, hlc, origin, base, deleted FROM main.estate",
		"SELECT 'conflict office only', id, clock, node, base, kind FROM main.sync_conflict EXCEPT SELECT 'conflict office only', id, clock, node, base, kind FROM o0.sync_conflict",
		"SELECT 'conflict office 0 only', id, clock, node, base, kind FROM o0.sync_conflict EXCEPT SELECT 'conflict office 0 only', id, clock, node, base, kind FROM main.sync_conflict",
	};
	const char *p[1] = { path0 };

	if (db_exec_params(db, "ATTACH ?1 AS o0", 1, p) != 0)
		return;
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		sqlite3_stmt *st = db_prepare(db, q[i]);
		for (int n = 0; st && n < 10 && sqlite3_step(st) == SQLITE_ROW; n++)
			printf("#   %s: %s %s %s base %s deleted %s\n", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1),
			    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3), sqlite3_column_text(st, 4),
			    sqlite3_column_text(st, 5));
		sqlite3_finalize(st);
	}
	sqlite3_exec(db, "DETACH o0", NULL, NULL, NULL);
}

static int
run_seed(const char *dir, unsigned long long seed)
{
	int n = 3 + (int)(seed % 3), nfiles = 0, failures = 0, steps = 160;
	sqlite3 *db[MAX_OFFICES];
	char *files[MAX_FILES], names[MAX_OFFICES][32], id[UUID_TEXT_LEN], digest[MAX_OFFICES][SYNC_HASH_HEX];
	long long conflicts = 0, records = 0;

	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (int i = 0; i < n; i++) {
		snprintf(names[i], sizeof names[i], "P%llu-%d", seed % 1000, i);
		db[i] = office_open(dir, names[i]);
		if (!db[i])
			return 1;
	}
	for (int s = 0; s < steps; s++) {
		int o = (int)rnd((unsigned)n), op = (int)rnd(100);
		char name[32];
		snprintf(name, sizeof name, "名%d-%d", o, s);
		if (op < 66)
			write_begin();
		if (op < 28)
			failures += write_end(estate_create(db[o], name, id)) != 0;
		else if (op < 53) {
			if (pick(db[o], 0, id))
				failures += write_end(estate_edit(db[o], id, name)) != 0;
		} else if (op < 62) {
			if (pick(db[o], 0, id))
				failures += write_end(record_tombstone(db[o], "estate", id)) != 0;
		} else if (op < 66) {
			if (pick(db[o], 1, id))
				failures += write_end(record_restore(db[o], "estate", id)) != 0;
		} else if (op < 82 && nfiles < MAX_FILES - MAX_OFFICES) {
			/* To a random other office: each destination has its own mark. */
			int to = (int)rnd((unsigned)n);
			files[nfiles] = xasprintf("%s/%s-%d.lcdb", dir, names[o], s);
			if (office_export(db[o], files[nfiles], names[to], rnd(10) == 0) == 0)
				nfiles++;
			else {
				free(files[nfiles]);
				failures++;
			}
		} else if (nfiles > 0) {
			synctest_recheck = rnd(2);
			failures += office_import(db[o], files[rnd((unsigned)nfiles)], NULL, NULL) != 0;
		}
	}
	/* Everything each office holds goes into one last file; then every office takes every file. */
	for (int o = 0; o < n; o++) {
		files[nfiles] = xasprintf("%s/%s-final.lcdb", dir, names[o]);
		failures += office_export(db[o], files[nfiles++], "final", true) != 0;
	}
	for (int o = 0; o < n; o++) {
		int order[MAX_FILES];
		for (int i = 0; i < nfiles; i++)
			order[i] = i;
		for (int i = nfiles - 1; i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		synctest_recheck = rnd(2);
		for (int i = 0; i < nfiles; i++)
			failures += office_import(db[o], files[order[i]], NULL, NULL) != 0;
		office_digest(db[o], digest[o]);
	}
	is_int(failures, 0, "seed %llu: %d offices, %d files: every write, export and import succeeded", seed, n, nfiles);
	records = db_query_int(db[0], "SELECT count(*) FROM estate", 0);
	conflicts = db_query_int(db[0], "SELECT count(*) FROM sync_conflict", 0);
	for (int o = 1; o < n; o++) {
		if (!is_str(digest[o], digest[0], "seed %llu: office %d is identical to office 0 (%lld records, %lld conflicts)",
		    seed, o, records, conflicts)) {
			printf("# office %d: %lld records, %lld conflicts\n", o,
			    db_query_int(db[o], "SELECT count(*) FROM estate", 0),
			    db_query_int(db[o], "SELECT count(*) FROM sync_conflict", 0));
			kept = 1;
			char *path0 = xasprintf("%s/%s.db", dir, names[0]);
			show_differences(db[o], path0);
			free(path0);
		}
	}
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	for (int o = 0; o < n; o++)
		db_close(db[o]);
	return 0;
}

int
main(void)
{
	char tmpl[] = "/tmp/lc-syncprop-XXXXXX";
	const char *env = getenv("LC_SYNC_SEED");
	/* Fixed seeds (3, 4 and 5 offices), so a run of the suite is the same every time; LC_SYNC_RANDOM=1
	 * adds one from the clock. */
	unsigned long long seeds[5] = { 1, 2, 3, 1795479620, (unsigned long long)time(NULL) };
	const char *want_random = getenv("LC_SYNC_RANDOM");
	int nseeds = want_random && strcmp(want_random, "1") == 0 ? 5 : 4;

	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpl)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	ok(1, "the offices are set up in %s", tmpl);
	if (env && *env) {
		seeds[0] = strtoull(env, NULL, 10);
		nseeds = 1;
	}
	for (int i = 0; i < nseeds; i++) {
		char *sub = xasprintf("%s/%d", tmpl, i);
		mkdir(sub, 0700);
		printf("# seed %llu (LC_SYNC_SEED=%llu to run it again)\n", seeds[i], seeds[i]);
		run_seed(sub, seeds[i]);
		free(sub);
	}
	if (kept)
		printf("# the offices are kept in %s for comparison (sqlite3)\n", tmpl);
	else
		rm_rf(tmpl);
	return tap_done();
}
