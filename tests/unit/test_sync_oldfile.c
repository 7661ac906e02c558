/* test_sync_oldfile.c - an exchange file made by an older lifecircle (schema 17, before a version's
 * base named its parent by clock and node) still imports: it is checked as it was made (its
 * checksum covers the columns it had), migrated in the private copy, and merged; a base without a
 * node matches a version of that clock from any node, so it meets newer files without false
 * conflicts and in any order. The file is built from tests/data/sync_v17.sql: the rows such a
 * lifecircle exported, written into the schema the migrations make at that version, stripped as
 * its export stripped it (no triggers, views or indexes, no settings). */
#include "config.h"
#include <locale.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"
#include "community.h"
#include "migrate.h"

/* The fixture's text (heap) and the schema version its first lines name; NULL when unreadable. */
static char *
read_fixture(int *version)
{
	const char *src = getenv("TESTS_SRCDIR");
	char *path = xasprintf("%s/data/sync_v17.sql", src ? src : "tests"), *text = NULL, *v;
	FILE *f = fopen(path, "rb");
	long n;

	*version = -1;
	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		text = xcalloc((size_t)n + 1, 1);
		if (fread(text, 1, (size_t)n, f) != (size_t)n) {
			free(text);
			text = NULL;
		}
	}
	if (f)
		fclose(f);
	if (text && (v = strstr(text, "-- schema: ")) != NULL)
		*version = atoi(v + strlen("-- schema: "));
	free(path);
	return text;
}

/* Write the older file at path: the schema of version, as an export of that version stripped it,
 * then the fixture's rows. 0 on success. */
static int
build_old_file(const char *path, int version, const char *rows)
{
	sqlite3 *x = NULL;
	sqlite3_stmt *st;
	char *err = NULL, *drops = NULL, sql[64];
	int rc = -1;

	if (sqlite3_open(path, &x) != SQLITE_OK || migrate_apply_to(x, version, &err) != 0)
		goto out;
	st = db_prepare(x, "SELECT upper(type), name FROM sqlite_schema WHERE type IN ('trigger', 'view')"
	    " OR (type = 'index' AND sql IS NOT NULL)");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char *more = xasprintf("%sDROP %s \"%s\";", drops ? drops : "", sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		free(drops);
		drops = more;
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", DB_APPLICATION_ID);
	if ((!drops || sqlite3_exec(x, drops, NULL, NULL, NULL) == SQLITE_OK)
	    && sqlite3_exec(x, "DELETE FROM settings", NULL, NULL, NULL) == SQLITE_OK
	    && sqlite3_exec(x, rows, NULL, NULL, NULL) == SQLITE_OK && sqlite3_exec(x, sql, NULL, NULL, NULL) == SQLITE_OK)
		rc = 0;
	else
		printf("# building the older file: %s\n", sqlite3_errmsg(x));
out:
	if (err)
		printf("# building the older file: %s\n", err);
	free(err);
	free(drops);
	sqlite3_close(x);
	return rc;
}

/* The newest version of the fixture's community (made by office A01), edited by office db: residents
 * set to n, through the community module as the form saves it. 0 on success. */
static int
edit_residents(sqlite3 *db, const char *id, const char *n)
{
	community c;
	char *err = NULL;
	int rc;

	if (community_load(db, id, &c) != 0) {
		printf("# edit: no community %s\n", id);
		return -1;
	}
	rc = community_set(&c, "residents", n, &err) == 0 && community_save(db, &c, &err) == 0 ? 0 : -1;
	if (rc != 0)
		printf("# edit: %s\n", err ? err : "?");
	free(err);
	community_free(&c);
	return rc;
}

int
main(void)
{
	char tmpl[] = "/tmp/lc-syncold-XXXXXX", d[4][SYNC_HASH_HEX], *old, *bad, *newer, *rows, *why = NULL;
	const char *names[4] = { "N1", "N2", "N3", "N4" };
	const char *cid = "01a20b53-bfbf-7de8-98b7-7e535e87cd7d";	/* office A01's community in the fixture */
	const char *a01 = "e778c85da3c260590938056462b6b6a1";		/* office A01's node */
	sqlite3 *db[4], *x;
	sync_receipt r;
	int version;

	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(tmpl) || !(rows = read_fixture(&version))) {
		printf("Bail out! no temporary folder or no fixture (TESTS_SRCDIR)\n");
		return 1;
	}
	old = xasprintf("%s/old.lcdb", tmpl);
	bad = xasprintf("%s/old-changed.lcdb", tmpl);
	newer = xasprintf("%s/newer.lcdb", tmpl);
	for (int i = 0; i < 4; i++)
		if (!(db[i] = office_open(tmpl, names[i]))) {
			printf("Bail out! no office database\n");
			return 1;
		}
	ok(version > 0 && version < migrate_latest(), "the fixture is of an older schema (%d; this lifecircle makes %d)",
	    version, migrate_latest());
	ok(build_old_file(old, version, rows) == 0 && build_old_file(bad, version, rows) == 0, "the older file is built");
	x = NULL;
	ok(sqlite3_open(old, &x) == SQLITE_OK && db_query_int(x, "SELECT count(*) FROM pragma_table_info('community')"
	    " WHERE name = 'base_node'", -1) == 0 && db_query_int(x, "SELECT count(*) FROM pragma_table_info('sync_lineage')"
	    " WHERE name = 'node'", -1) == 0, "it has no base_node and its lineage no node: the shape that lifecircle wrote");
	sqlite3_close(x);

	/* Imported into an office at this schema. */
	ok(office_import(db[0], old, &r, NULL) == 0, "the older file imports");
	is_int(r.new_rows, 2, "its two communities are new here");
	is_int(office_int(db[0], "SELECT count(*) FROM community WHERE base_node = '' AND origin <> 'shipped'"), 2,
	    "their bases carry no node (it was never kept)");
	is_int(office_int(db[0], "SELECT count(*) FROM sync_lineage WHERE node = '' AND base_node = ''"), 2,
	    "its two lineage lines came, under no node");
	is_int(office_int(db[0], "SELECT count(*) FROM sync_conflict WHERE kind = 'concurrent' AND base_node = ''"), 1,
	    "its conflict came");
	is_int(office_int(db[0], "SELECT count(*) FROM community WHERE id = '01a20b53-bfbf-7de8-98b7-7e535e87cd7d'"
	    " AND residents = 4000 AND households = 100"), 1, "office A01's community is its latest version");
	is_int(office_int(db[0], "PRAGMA user_version"), migrate_latest(), "the office's own schema is this lifecircle's");
	office_digest(db[0], d[0]);
	synctest_recheck = true;
	ok(office_import(db[0], old, &r, NULL) == 0 && r.new_rows == 0 && r.updated == 0 && r.conflicts == 0,
	    "checked and merged again, it changes nothing");
	office_digest(db[0], d[1]);
	is_str(d[1], d[0], "the same database as after the first import");
	synctest_recheck = false;

	/* The checksum of an older file covers what it held: a changed value is refused. */
	x = NULL;
	ok(sqlite3_open(bad, &x) == SQLITE_OK && sqlite3_exec(x, "UPDATE community SET residents = 4001"
	    " WHERE residents = 4000", NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(x) == 1, "a copy has one value changed");
	sqlite3_close(x);
	ok(office_import(db[1], bad, NULL, &why) != 0 && why && strstr(why, "checksum check"), "the changed older file is refused by its checksum");
	if (why)
		printf("# %s\n", why);
	free(why);
	is_int(office_int(db[1], "SELECT count(*) FROM community WHERE origin <> 'shipped'"), 0, "and nothing of it is merged");

	/* A newer edit of the older file's version, made at N1, meets it in every order without a conflict. */
	ok(edit_residents(db[0], cid, "4200") == 0, "office N1 edits office A01's community");
	{
		char *q = xasprintf("SELECT count(*) FROM community WHERE residents = 4200 AND base_node = '%s'", a01);
		is_int(office_int(db[0], q), 1, "the edit names its parent by clock and node (A01's)");
		free(q);
	}
	ok(office_export(db[0], newer, "all", true) == 0, "N1 exports (this schema)");
	ok(office_import(db[1], old, NULL, NULL) == 0 && office_import(db[1], newer, &r, NULL) == 0, "office N2 takes the older file, then the newer");
	is_int(r.updated, 1, "the newer version replaces the older one there");
	is_int(r.conflicts, 0, "without a conflict");
	ok(office_import(db[2], newer, NULL, NULL) == 0 && office_import(db[2], old, &r, NULL) == 0, "office N3 takes them the other way round");
	is_int(r.conflicts, 0, "the older file's version is an ancestor there: no conflict");
	ok(office_import(db[3], newer, NULL, NULL) == 0 && office_import(db[3], old, NULL, NULL) == 0
	    && office_import(db[3], newer, NULL, NULL) == 0, "office N4 takes newer, older, newer");
	for (int i = 0; i < 4; i++)
		office_digest(db[i], d[i]);
	is_str(d[1], d[0], "N2 is identical to N1");
	is_str(d[2], d[0], "N3 is identical to N1");
	is_str(d[3], d[0], "N4 is identical to N1");
	is_int(office_int(db[2], "SELECT count(*) FROM sync_conflict"), 1, "each keeps only the older file's conflict");

	for (int i = 0; i < 4; i++)
		db_close(db[i]);
	free(rows);
	free(old);
	free(bad);
	free(newer);
	rm_rf(tmpl);
	return tap_done();
}
