/* test_sync_sameclock.c - two offices stamp the same clock value on one record (the same
 * millisecond and counter; each office's clock is its own), so two versions share a clock and differ
 * by node. A version's base names its parent by clock AND node (base, base_node), so the merge tells
 * them apart. Here P edits A to C and deletes C, while Q edits A to D in the very clock value of P's
 * deletion and then D to E; offices that meet the four files in different orders end identical,
 * and P's deletion, concurrent with Q's edits, is kept as a conflict everywhere (when a base named
 * the clock only, E seemed to descend from the deletion, which then vanished without a trace at
 * some offices and not at others). */
#include "config.h"
#include <locale.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"

static int
import_all(sqlite3 *db, char *const files[4])
{
	int rc = 0;

	for (int i = 0; i < 4; i++)
		rc |= office_import(db, files[i], NULL, NULL);
	return rc;
}

/* X makes a record; A and X edit it in one clock value, so (h1, A) and (h1, X) are two versions; B
 * edits X's. A then meets B's version, whose base (h1, X) has the clock of A's own version and the
 * node of A's version's base: the merge must keep the node B's version names, not take A's (the
 * lineage trigger would, for a local edit). Every office ends with the same rows. */
static void
test_parent_of_other_node(const char *dir)
{
	sqlite3 *x = office_open(dir, "X"), *a = office_open(dir, "A"), *b = office_open(dir, "B");
	char *f0 = xasprintf("%s/x0.lcdb", dir), *fa = xasprintf("%s/a1.lcdb", dir), *fx = xasprintf("%s/x1.lcdb", dir);
	char *fb = xasprintf("%s/b1.lcdb", dir), id[UUID_TEXT_LEN], frozen[HLC_TEXT_LEN + 8], da[SYNC_HASH_HEX], db_[SYNC_HASH_HEX];
	char *xnode = record_node_id(x), *q;
	sync_receipt r;

	snprintf(frozen, sizeof frozen, "%015lld-00000", util_now_ms() + 2 * 3600 * 1000LL);
	ok(estate_create(x, "v0", id) == 0 && office_export(x, f0, "all", true) == 0 && office_import(a, f0, NULL, NULL) == 0
	    && office_import(b, f0, NULL, NULL) == 0, "X makes a record; A and B take it");
	ok(settings_set(x, "clock", frozen) == 0 && settings_set(a, "clock", frozen) == 0
	    && estate_edit(a, id, "A1") == 0 && estate_edit(x, id, "X1") == 0, "A and X edit it in one clock value");
	ok(office_export(x, fx, "all", true) == 0 && office_import(b, fx, NULL, NULL) == 0 && estate_edit(b, id, "B2") == 0
	    && office_export(b, fb, "all", true) == 0, "B takes X's edit and edits it");
	q = xasprintf("SELECT count(*) FROM estate WHERE name = 'B2' AND base_node = '%s'", xnode ? xnode : "");
	is_int(db_query_int(b, q, -1), 1, "B's version names X's as its parent");
	ok(office_export(a, fa, "all", true) == 0 && office_import(a, fb, &r, NULL) == 0 && r.conflicts == 1,
	    "A meets B's version: concurrent with its own edit");
	is_int(db_query_int(a, q, -1), 1, "A keeps the parent B's version names");
	ok(office_import(b, fa, NULL, NULL) == 0, "B meets A's edit");
	office_digest(a, da);
	office_digest(b, db_);
	is_str(db_, da, "A and B are identical");
	free(q);
	free(xnode);
	free(f0);
	free(fa);
	free(fx);
	free(fb);
	db_close(x);
	db_close(a);
	db_close(b);
}

int
main(void)
{
	char tmpl[] = "/tmp/lc-syncsame-XXXXXX", id[UUID_TEXT_LEN], frozen[HLC_TEXT_LEN + 8];
	char d[5][SYNC_HASH_HEX], *f[5];
	const char *names[5] = { "P", "Q", "O1", "O2", "O3" }, *fn[5] = { "a", "p1", "p2", "q1", "q2" };
	sqlite3 *db[5];

	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpl)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	for (int i = 0; i < 5; i++) {
		db[i] = office_open(tmpl, names[i]);
		f[i] = xasprintf("%s/%s.lcdb", tmpl, fn[i]);
		if (!db[i]) {
			printf("Bail out! no office database\n");
			return 1;
		}
	}
	/* Both clocks set to one value an hour ahead: the next stamps of P and Q are equal. */
	snprintf(frozen, sizeof frozen, "%015lld-00000", util_now_ms() + 3600 * 1000LL);
	ok(estate_create(db[0], "A", id) == 0 && office_export(db[0], f[0], "Q", true) == 0
	    && office_import(db[1], f[0], NULL, NULL) == 0, "P creates A and sends it to Q");
	ok(estate_edit(db[0], id, "C") == 0 && office_export(db[0], f[1], "all", true) == 0, "P edits A to C (file p1)");
	ok(settings_set(db[0], "clock", frozen) == 0 && settings_set(db[1], "clock", frozen) == 0, "P's and Q's clocks are equal");
	ok(record_tombstone(db[0], "estate", id) == 0 && office_export(db[0], f[2], "all", true) == 0, "P deletes C (file p2)");
	ok(estate_edit(db[1], id, "D") == 0 && office_export(db[1], f[3], "all", true) == 0,
	    "Q edits A to D with the clock value of P's deletion (file q1)");
	ok(estate_edit(db[1], id, "E") == 0 && office_export(db[1], f[4], "all", true) == 0, "Q edits D to E (file q2)");
	{
		char *o1[4] = { f[1], f[3], f[2], f[4] }, *o2[4] = { f[3], f[4], f[1], f[2] }, *o3[4] = { f[2], f[3], f[4], f[1] };
		char *p[4] = { f[3], f[4], f[3], f[4] }, *q[4] = { f[1], f[2], f[1], f[2] };
		ok(import_all(db[2], o1) == 0 && import_all(db[3], o2) == 0 && import_all(db[4], o3) == 0
		    && import_all(db[0], p) == 0 && import_all(db[1], q) == 0, "each office imports the files in its own order");
	}
	for (int i = 0; i < 5; i++)
		office_digest(db[i], d[i]);
	{
		int differ = 0;
		for (int i = 1; i < 5; i++)
			if (strcmp(d[i], d[0]) != 0) {
				printf("# office %s differs from office P\n", names[i]);
				differ++;
			}
		is_int(differ, 0, "the five offices are identical");
	}
	{
		/* P's deletion is concurrent with Q's edits D and E, and loses to E, which is later. */
		char *pnode = record_node_id(db[0]);
		char *q = xasprintf("SELECT count(*) FROM sync_conflict WHERE id = '%s' AND kind = 'concurrent'"
		    " AND node = '%s' AND json_extract(data, '$.deleted') = 1", id, pnode ? pnode : "");
		int kept = 0;
		for (int i = 0; i < 5; i++)
			kept += db_query_int(db[i], q, -1) == 1;
		is_int(kept, 5, "every office keeps P's deletion as a conflict");
		free(q);
		free(pnode);
	}
	for (int i = 0; i < 5; i++) {
		db_close(db[i]);
		free(f[i]);
	}
	test_parent_of_other_node(tmpl);
	rm_rf(tmpl);
	return tap_done();
}
