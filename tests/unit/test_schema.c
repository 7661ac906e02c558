/* test_schema.c - the schema as migrations leave it: migration 1 makes exactly the schema it
 * always made (a golden copy), the registry of synced tables matches the live tables, every
 * database gets its own node id (new ones and ones migrated from version 1), and the sync fields
 * base and change_seq are kept, change_seq by triggers even for rows written by plain SQL. */
#include "config.h"
#include <ctype.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "migrate.h"
#include "registry.h"
#include "util.h"

/* sqlite_schema of a database made by migration 1 alone, as "type|name|tbl_name|sql" ordered by
 * name. Generated once from the program as it was before migration 1 was written out literally
 * (when it was still built from RECORD_META_COLUMNS); it must never change. */
static const char *const golden_v1[] = {
	"table|circle|circle|CREATE TABLE circle (no INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, description TEXT NOT NULL) STRICT",
	"table|community|community|CREATE TABLE community (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), code TEXT NOT NULL, name TEXT NOT NULL, subdistrict TEXT NOT NULL DEFAULT '', district TEXT NOT NULL DEFAULT '', households INTEGER, residents INTEGER) STRICT",
	"index|community_hlc|community|CREATE INDEX community_hlc ON community (hlc)",
	"table|draft|draft|CREATE TABLE draft (form TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (form, field)) STRICT",
	"table|facility|facility|CREATE TABLE facility (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), community TEXT NOT NULL, std_item INTEGER, business_type TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', floor_area REAL, land_area REAL, capacity INTEGER, capacity_unit TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'building', 'planned', 'closed')), hours TEXT NOT NULL DEFAULT '', run_by TEXT NOT NULL DEFAULT '', checked_on TEXT) STRICT",
	"index|facility_hlc|facility|CREATE INDEX facility_hlc ON facility (hlc)",
	"index|facility_name|facility|CREATE INDEX facility_name ON facility (name, id)",
	"table|feedback|feedback|CREATE TABLE feedback (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), proposal_id TEXT NOT NULL, satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'fairly', 'dissatisfied')), opinion TEXT NOT NULL DEFAULT '', suggestions TEXT NOT NULL DEFAULT '', recommended_units TEXT NOT NULL DEFAULT '', signature TEXT NOT NULL DEFAULT '', signed_on TEXT) STRICT",
	"index|feedback_hlc|feedback|CREATE INDEX feedback_hlc ON feedback (hlc)",
	"index|feedback_proposal|feedback|CREATE INDEX feedback_proposal ON feedback (proposal_id)",
	"table|indicator|indicator|CREATE TABLE indicator (no INTEGER PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('=', '>=')), target REAL NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('binding', 'expected'))) STRICT",
	"table|proposal|proposal|CREATE TABLE proposal (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), number TEXT NOT NULL, session TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')), title TEXT NOT NULL, proposer TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', handling_unit TEXT NOT NULL DEFAULT '', result_class TEXT CHECK (result_class IN ('A', 'B', 'C')), reply_letter TEXT NOT NULL DEFAULT '') STRICT",
	"index|proposal_hlc|proposal|CREATE INDEX proposal_hlc ON proposal (hlc)",
	"index|proposal_number|proposal|CREATE INDEX proposal_number ON proposal (number, id)",
	"table|settings|settings|CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT",
	"index|sqlite_autoindex_circle_1|circle|",
	"index|sqlite_autoindex_community_1|community|",
	"index|sqlite_autoindex_draft_1|draft|",
	"index|sqlite_autoindex_facility_1|facility|",
	"index|sqlite_autoindex_feedback_1|feedback|",
	"index|sqlite_autoindex_proposal_1|proposal|",
	"index|sqlite_autoindex_settings_1|settings|",
	"index|sqlite_autoindex_std_check_1|std_check|",
	"index|sqlite_autoindex_survey_response_1|survey_response|",
	"table|std_check|std_check|CREATE TABLE std_check (item_no INTEGER NOT NULL REFERENCES std_item(no), seq INTEGER NOT NULL, metric TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('>=', '<=', '~', 'range')), value REAL NOT NULL, value_max REAL, unit TEXT NOT NULL, applies TEXT NOT NULL CHECK (applies IN ('all', 'new', 'existing')), note TEXT NOT NULL DEFAULT '', PRIMARY KEY (item_no, seq)) STRICT",
	"table|std_goal|std_goal|CREATE TABLE std_goal (no INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT",
	"table|std_item|std_item|CREATE TABLE std_item (no INTEGER PRIMARY KEY, goal_no INTEGER NOT NULL REFERENCES std_goal(no), name TEXT NOT NULL, requirement TEXT NOT NULL) STRICT",
	"table|survey_response|survey_response|CREATE TABLE survey_response (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)), template TEXT NOT NULL, template_version TEXT NOT NULL, community TEXT NOT NULL, estate TEXT NOT NULL DEFAULT '', surveyed_on TEXT NOT NULL, answers TEXT NOT NULL DEFAULT '{}') STRICT",
	"index|survey_response_date|survey_response|CREATE INDEX survey_response_date ON survey_response (surveyed_on, id)",
	"index|survey_response_hlc|survey_response|CREATE INDEX survey_response_hlc ON survey_response (hlc)",
};

#define N_GOLDEN ((int)(sizeof golden_v1 / sizeof golden_v1[0]))

/* First column of the first row of sql as a heap string (NULL when none). */
static char *
query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static long long
query_int(sqlite3 *db, const char *sql)
{
	char *s = query_text(db, sql);
	long long v = s ? atoll(s) : -1;

	free(s);
	return v;
}

static void
test_migration_1_golden(void)
{
	sqlite3 *db = test_fresh_db(1, false);
	sqlite3_stmt *st;
	int n = 0, diffs = 0;

	if (!ok(db != NULL, "a database made by migration 1 alone"))
		return;
	is_int(query_int(db, "PRAGMA user_version"), 1, "migrate_apply_to(1) leaves schema version 1");
	sqlite3_prepare_v2(db, "SELECT type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '')"
	    " FROM sqlite_schema ORDER BY name", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *got = (const char *)sqlite3_column_text(st, 0);

		if (n >= N_GOLDEN || strcmp(got, golden_v1[n]) != 0) {
			diffs++;
			printf("# schema object %d differs:\n#   got:  %s\n#   want: %s\n", n, got,
			    n < N_GOLDEN ? golden_v1[n] : "(nothing)");
		}
		n++;
	}
	sqlite3_finalize(st);
	is_int(n, N_GOLDEN, "migration 1 makes %d schema objects", N_GOLDEN);
	is_int(diffs, 0, "every object of migration 1 is exactly the golden text");
	is_int(query_int(db, "SELECT count(*) FROM settings"), 0, "migration 1 writes no settings");
	sqlite3_close(db);
}

/* One table's columns against the registry, through PRAGMA table_info. */
static int
compare_table(sqlite3 *db, const registry_table *t)
{
	char *sql = xasprintf("PRAGMA table_info(%s)", t->name);
	sqlite3_stmt *st;
	int n = 0, diffs = 0;

	sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		int notnull = sqlite3_column_int(st, 3);
		const registry_column *c = n < t->n_columns ? &t->columns[n] : NULL;

		if (!c || strcmp(c->name, name) != 0 || strcmp(registry_type_name(c->type), type) != 0 ||
		    c->not_null != (notnull != 0)) {
			diffs++;
			printf("# %s column %d: live %s %s%s, registry %s %s%s\n", t->name, n, name, type,
			    notnull ? " NOT NULL" : "", c ? c->name : "(none)",
			    c ? registry_type_name(c->type) : "", c && c->not_null ? " NOT NULL" : "");
		}
		n++;
	}
	sqlite3_finalize(st);
	free(sql);
	if (n != t->n_columns) {
		printf("# %s: %d live columns, %d in the registry\n", t->name, n, t->n_columns);
		diffs++;
	}
	return diffs;
}

static void
test_registry(void)
{
	sqlite3 *db = test_fresh_db(migrate_latest(), false);
	sqlite3_stmt *st;
	int unregistered = 0;

	if (!ok(db != NULL, "a database at the latest schema"))
		return;
	ok(registry_table_count() >= 5, "the registry lists the synced tables (%d)", registry_table_count());
	for (int i = 0; i < registry_table_count(); i++) {
		const registry_table *t = registry_table_at(i);

		is_int(compare_table(db, t), 0, "registry table %s matches the live columns, order and types", t->name);
		ok(registry_find(t->name) == t, "registry_find(%s)", t->name);
		is_int(registry_column_index(t, "id"), 0, "%s: id is the first column", t->name);
		ok(registry_column_index(t, "change_seq") >= 0 && t->columns[registry_column_index(t, "change_seq")].local,
		    "%s: change_seq is registered as local, never exchanged", t->name);
		ok(registry_column_index(t, "base") >= 0 && !t->columns[registry_column_index(t, "base")].local,
		    "%s: base is exchanged", t->name);
	}
	/* Every table that carries the sync fields must be registered, so a new one cannot be forgotten. */
	sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema s WHERE type = 'table' AND"
	    " EXISTS (SELECT 1 FROM pragma_table_info(s.name) WHERE name = 'hlc') AND"
	    " EXISTS (SELECT 1 FROM pragma_table_info(s.name) WHERE name = 'origin')", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (!registry_find(name)) {
			printf("# table %s carries sync fields but is not in the registry\n", name);
			unregistered++;
		}
	}
	sqlite3_finalize(st);
	is_int(unregistered, 0, "every table with sync fields is in the registry");
	ok(registry_find("settings") == NULL && registry_find("circle") == NULL && registry_find(NULL) == NULL,
	    "local and reference tables are not synced");
	ok(registry_table_at(-1) == NULL && registry_table_at(registry_table_count()) == NULL,
	    "registry_table_at out of range gives NULL");
	is_int(registry_column_index(registry_find("facility"), "no_such_column"), -1, "unknown column gives -1");
	sqlite3_close(db);
}

/* Every synced table carries the triggers sync relies on: a lineage trigger on its clock (keeping the
 * replaced version under its clock and node, and giving a local edit's base its node) and an
 * insert trigger that leaves a row inserted with its own change_seq as it is (the merge numbers a
 * file's new rows itself), so a table added later is as first-class in an exchange as the first ones. */
static void
test_sync_triggers(void)
{
	sqlite3 *db = test_fresh_db(migrate_latest(), false);

	if (!ok(db != NULL, "a database at the latest schema"))
		return;
	for (int i = 0; i < registry_table_count(); i++) {
		const char *t = registry_table_at(i)->name;
		char *name = xasprintf("%s_lineage", t), *lineage, *insert;
		const char *p[2] = { name, t };

		lineage = db_query_text(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1"
		    " AND tbl_name = ?2", 2, p);
		free(name);
		name = xasprintf("%s_change_seq_insert", t);
		p[0] = name;
		insert = db_query_text(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1"
		    " AND tbl_name = ?2", 2, p);
		ok(lineage && strstr(lineage, "AFTER UPDATE OF hlc") && strstr(lineage, "INSERT INTO sync_lineage")
		    && strstr(lineage, "old.origin") && strstr(lineage, "SET base_node = old.origin"),
		    "%s has the lineage trigger that names a version by clock and node", t);
		ok(registry_column_index(registry_table_at(i), "base_node") >= 0, "%s names a base by clock and node", t);
		ok(insert && strstr(insert, "AFTER INSERT") && strstr(insert, "WHEN NEW.change_seq = 0"),
		    "%s's change_seq insert trigger skips rows that bring their own", t);
		free(name);
		free(lineage);
		free(insert);
	}
	sqlite3_close(db);
}

static bool
is_node_id(const char *s)
{
	if (!s || strlen(s) != 32)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) || isupper((unsigned char)*s))
			return false;
	return true;
}

static void
test_node_id(void)
{
	sqlite3 *a = test_fresh_db(migrate_latest(), false), *b = test_fresh_db(migrate_latest(), false);
	char *ida = a ? query_text(a, "SELECT value FROM settings WHERE key = 'node_id'") : NULL;
	char *idb = b ? query_text(b, "SELECT value FROM settings WHERE key = 'node_id'") : NULL;
	char *again;
	char *err = NULL;

	ok(is_node_id(ida), "a new database has a node id of 32 lower-case hex digits (%s)", ida ? ida : "none");
	ok(is_node_id(idb), "so has a second one (%s)", idb ? idb : "none");
	ok(ida && idb && strcmp(ida, idb) != 0, "two databases have different node ids");
	is_int(migrate_apply(a, &err), 0, "migrating a current database again does nothing");
	free(err);
	again = query_text(a, "SELECT value FROM settings WHERE key = 'node_id'");
	is_str(again, ida, "the node id is kept");
	free(again);
	free(ida);
	free(idb);
	sqlite3_close(a);
	sqlite3_close(b);
}

/* Rows a version-1 office wrote, as the sqlite3 tool would (no program involved). */
static const char v1_rows[] =
	"INSERT INTO settings VALUES ('office_code', 'HBW-0101');"
	"INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, name) VALUES"
	" ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e01', 'HBW-0101', 't', 't', '001732350000000-00001', 'c', '幼儿园'),"
	" ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e02', 'HBW-0101', 't', 't', '001732350000000-00002', 'c', '卫生站');"
	"INSERT INTO proposal (id, origin, created_at, updated_at, hlc, number, kind, title, proposer) VALUES"
	" ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e03', 'HBW-0101', 't', 't', '001732350000000-00003', '1', 'proposal', '加装电梯', '王');";

static void
test_migrate_from_1(void)
{
	sqlite3 *db = test_fresh_db(1, false);
	char *err = NULL, *id;

	if (!ok(db != NULL, "a version-1 database"))
		return;
	test_exec(db, v1_rows);
	is_int(migrate_apply(db, &err), 0, "a version-1 database with records migrates to the latest");
	if (err)
		printf("# %s\n", err);
	free(err);
	is_int(query_int(db, "PRAGMA user_version"), migrate_latest(), "it is at migrate_latest()");
	id = query_text(db, "SELECT value FROM settings WHERE key = 'node_id'");
	ok(is_node_id(id), "the migrated database got a node id (%s)", id ? id : "none");
	free(id);
	is_int(query_int(db, "SELECT count(*) FROM facility WHERE base = ''"), 2, "old records have an empty base");
	is_int(query_int(db, "SELECT count(*) FROM facility WHERE change_seq > 0")
	    + query_int(db, "SELECT count(*) FROM proposal WHERE change_seq > 0"), 3,
	    "every old record got a change sequence, so a first export takes it");
	is_int(query_int(db, "SELECT count(DISTINCT change_seq) FROM (SELECT change_seq FROM facility"
	    " UNION ALL SELECT change_seq FROM proposal)"), 3, "the sequences are distinct across tables");
	is_int(query_int(db, "SELECT seq FROM change_counter"), 3, "the counter holds the last one handed out");
	is_int(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE '%_change_seq'"),
	    registry_table_count(), "an index on change_seq for each synced table");
	sqlite3_close(db);
}

static void
test_change_seq(void)
{
	sqlite3 *db = test_fresh_db(migrate_latest(), false);
	long long s1, s2, s3, other;

	if (!ok(db != NULL, "a database at the latest schema"))
		return;
	test_exec(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, name) VALUES"
	    " ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e11', 'n', 't', 't', '001732350000000-00001', 'c', '甲'),"
	    " ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e12', 'n', 't', 't', '001732350000000-00002', 'c', '乙')");
	s1 = query_int(db, "SELECT change_seq FROM facility WHERE name = '甲'");
	other = query_int(db, "SELECT change_seq FROM facility WHERE name = '乙'");
	ok(s1 > 0 && other > s1, "rows inserted by plain SQL get increasing sequences (%lld, %lld)", s1, other);
	test_exec(db, "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, template, template_version,"
	    " community, surveyed_on) VALUES ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e13', 'n', 't', 't',"
	    " '001732350000000-00003', 'x', '1', 'c', '2026-11-23')");
	is_int(query_int(db, "SELECT change_seq FROM survey_response"), other + 1,
	    "one sequence across tables: the next table's insert takes the next value");
	test_exec(db, "UPDATE facility SET name = '甲2' WHERE name = '甲'");
	s2 = query_int(db, "SELECT change_seq FROM facility WHERE name = '甲2'");
	is_int(s2, other + 2, "an update takes the next sequence");
	is_int(query_int(db, "SELECT change_seq FROM facility WHERE name = '乙'"), other, "the other row keeps its sequence");
	test_exec(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, name) VALUES"
	    " ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e12', 'n', 't', 't', '001732350000000-00004', 'c', '乙2')"
	    " ON CONFLICT (id) DO UPDATE SET name = excluded.name");
	is_int(query_int(db, "SELECT change_seq FROM facility WHERE name = '乙2'"), s2 + 1, "an upsert takes the next sequence");
	test_exec(db, "UPDATE facility SET change_seq = 1000 WHERE name = '甲2'");
	s3 = query_int(db, "SELECT change_seq FROM facility WHERE name = '甲2'");
	is_int(s3, 1000, "an update that sets change_seq itself keeps that value (documented)");
	test_exec(db, "PRAGMA recursive_triggers = ON");
	test_exec(db, "UPDATE facility SET name = '甲3' WHERE name = '甲2'");
	is_int(query_int(db, "SELECT change_seq FROM facility WHERE name = '甲3'"), s2 + 2,
	    "with recursive triggers on, an update still takes exactly the next sequence");
	is_int(query_int(db, "SELECT seq FROM change_counter"), s2 + 2, "the counter advanced once per write");
	sqlite3_close(db);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_migration_1_golden();
	test_registry();
	test_sync_triggers();
	test_node_id();
	test_migrate_from_1();
	test_change_seq();
	return tap_done();
}
