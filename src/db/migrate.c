/* migrate.c - numbered schema migrations. Each entry moves the schema from version i to i+1;
 * all pending ones run inside one IMMEDIATE transaction so a failure leaves the file as it was.
 * Never edit a migration that has shipped: add a new one. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "migrate.h"
#include "record.h"
#include "util.h"
#include "i18n.h"

/* Migration 1: local settings and drafts, reference tables, and the first user tables.
 * User tables start with RECORD_META_COLUMNS: sync merges by (hlc, origin) and id, never rowid. */
static const char migration_1[] =
	"CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE draft (form TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
	" updated_at TEXT NOT NULL, PRIMARY KEY (form, field)) STRICT;"

	/* Reference data, loaded from data/ files. */
	"CREATE TABLE circle (no INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, description TEXT NOT NULL) STRICT;"
	"CREATE TABLE std_goal (no INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;"
	"CREATE TABLE std_item (no INTEGER PRIMARY KEY, goal_no INTEGER NOT NULL REFERENCES std_goal(no),"
	" name TEXT NOT NULL, requirement TEXT NOT NULL) STRICT;"
	/* Checkable numbers of a standard item: metric op value [value_max] unit, for which communities. */
	"CREATE TABLE std_check (item_no INTEGER NOT NULL REFERENCES std_item(no), seq INTEGER NOT NULL,"
	" metric TEXT NOT NULL, op TEXT NOT NULL CHECK (op IN ('>=', '<=', '~', 'range')),"
	" value REAL NOT NULL, value_max REAL, unit TEXT NOT NULL,"
	" applies TEXT NOT NULL CHECK (applies IN ('all', 'new', 'existing')), note TEXT NOT NULL DEFAULT '',"
	" PRIMARY KEY (item_no, seq)) STRICT;"
	"CREATE TABLE indicator (no INTEGER PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL,"
	" op TEXT NOT NULL CHECK (op IN ('=', '>=')), target REAL NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('binding', 'expected'))) STRICT;"

	/* Users' records. */
	"CREATE TABLE community (" RECORD_META_COLUMNS ","
	" code TEXT NOT NULL, name TEXT NOT NULL, subdistrict TEXT NOT NULL DEFAULT '',"
	" district TEXT NOT NULL DEFAULT '', households INTEGER, residents INTEGER) STRICT;"
	"CREATE TABLE facility (" RECORD_META_COLUMNS ","
	" community TEXT NOT NULL, std_item INTEGER, business_type TEXT NOT NULL DEFAULT '',"
	" name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', floor_area REAL, land_area REAL,"
	" capacity INTEGER, capacity_unit TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'building', 'planned', 'closed')),"
	" hours TEXT NOT NULL DEFAULT '', run_by TEXT NOT NULL DEFAULT '', checked_on TEXT) STRICT;"
	"CREATE TABLE proposal (" RECORD_META_COLUMNS ","
	" number TEXT NOT NULL, session TEXT NOT NULL DEFAULT '',"
	" kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')), title TEXT NOT NULL,"
	" proposer TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', handling_unit TEXT NOT NULL DEFAULT '',"
	" result_class TEXT CHECK (result_class IN ('A', 'B', 'C')), reply_letter TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE feedback (" RECORD_META_COLUMNS ","
	" proposal_id TEXT NOT NULL, satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'fairly', 'dissatisfied')),"
	" opinion TEXT NOT NULL DEFAULT '', suggestions TEXT NOT NULL DEFAULT '',"
	" recommended_units TEXT NOT NULL DEFAULT '', signature TEXT NOT NULL DEFAULT '', signed_on TEXT) STRICT;"
	"CREATE TABLE survey_response (" RECORD_META_COLUMNS ","
	" template TEXT NOT NULL, template_version TEXT NOT NULL, community TEXT NOT NULL,"
	" estate TEXT NOT NULL DEFAULT '', surveyed_on TEXT NOT NULL, answers TEXT NOT NULL DEFAULT '{}') STRICT;"
	"CREATE INDEX community_hlc ON community (hlc);"
	"CREATE INDEX facility_hlc ON facility (hlc);"
	"CREATE INDEX facility_name ON facility (name, id);"
	"CREATE INDEX proposal_hlc ON proposal (hlc);"
	"CREATE INDEX proposal_number ON proposal (number, id);"
	"CREATE INDEX feedback_hlc ON feedback (hlc);"
	"CREATE INDEX feedback_proposal ON feedback (proposal_id);"
	"CREATE INDEX survey_response_hlc ON survey_response (hlc);"
	"CREATE INDEX survey_response_date ON survey_response (surveyed_on, id);";

/* Lists at a million rows. record_count holds the live (not deleted) rows of each user table, kept by
 * triggers, so the status bar never scans a table. <table>_fts and search_dirty serve word search
 * (see src/core/search.c): triggers only mark rows to index, the program writes the split text, so
 * every trigger is built-in SQL and the sqlite3 tool and Python can still write the file. Existing rows
 * are counted here and marked for indexing. Indexes for every column a list may sort by. */
static const char migration_lists[] =
	"CREATE TABLE record_count (tbl TEXT PRIMARY KEY NOT NULL, live INTEGER NOT NULL) STRICT;"
	"CREATE TRIGGER community_count_ins AFTER INSERT ON community WHEN new.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live + 1 WHERE tbl = 'community'; END;"
	"CREATE TRIGGER community_count_del AFTER DELETE ON community WHEN old.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live - 1 WHERE tbl = 'community'; END;"
	"CREATE TRIGGER community_count_upd AFTER UPDATE OF deleted ON community WHEN old.deleted IS NOT new.deleted BEGIN"
	" UPDATE record_count SET live = live + (new.deleted = 0) - (old.deleted = 0) WHERE tbl = 'community'; END;"
	"INSERT INTO record_count (tbl, live) SELECT 'community', count(*) FROM community WHERE deleted = 0;"
	"CREATE TRIGGER facility_count_ins AFTER INSERT ON facility WHEN new.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live + 1 WHERE tbl = 'facility'; END;"
	"CREATE TRIGGER facility_count_del AFTER DELETE ON facility WHEN old.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live - 1 WHERE tbl = 'facility'; END;"
	"CREATE TRIGGER facility_count_upd AFTER UPDATE OF deleted ON facility WHEN old.deleted IS NOT new.deleted BEGIN"
	" UPDATE record_count SET live = live + (new.deleted = 0) - (old.deleted = 0) WHERE tbl = 'facility'; END;"
	"INSERT INTO record_count (tbl, live) SELECT 'facility', count(*) FROM facility WHERE deleted = 0;"
	"CREATE TRIGGER proposal_count_ins AFTER INSERT ON proposal WHEN new.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live + 1 WHERE tbl = 'proposal'; END;"
	"CREATE TRIGGER proposal_count_del AFTER DELETE ON proposal WHEN old.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live - 1 WHERE tbl = 'proposal'; END;"
	"CREATE TRIGGER proposal_count_upd AFTER UPDATE OF deleted ON proposal WHEN old.deleted IS NOT new.deleted BEGIN"
	" UPDATE record_count SET live = live + (new.deleted = 0) - (old.deleted = 0) WHERE tbl = 'proposal'; END;"
	"INSERT INTO record_count (tbl, live) SELECT 'proposal', count(*) FROM proposal WHERE deleted = 0;"
	"CREATE TRIGGER feedback_count_ins AFTER INSERT ON feedback WHEN new.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live + 1 WHERE tbl = 'feedback'; END;"
	"CREATE TRIGGER feedback_count_del AFTER DELETE ON feedback WHEN old.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live - 1 WHERE tbl = 'feedback'; END;"
	"CREATE TRIGGER feedback_count_upd AFTER UPDATE OF deleted ON feedback WHEN old.deleted IS NOT new.deleted BEGIN"
	" UPDATE record_count SET live = live + (new.deleted = 0) - (old.deleted = 0) WHERE tbl = 'feedback'; END;"
	"INSERT INTO record_count (tbl, live) SELECT 'feedback', count(*) FROM feedback WHERE deleted = 0;"
	"CREATE TRIGGER survey_response_count_ins AFTER INSERT ON survey_response WHEN new.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live + 1 WHERE tbl = 'survey_response'; END;"
	"CREATE TRIGGER survey_response_count_del AFTER DELETE ON survey_response WHEN old.deleted = 0 BEGIN"
	" UPDATE record_count SET live = live - 1 WHERE tbl = 'survey_response'; END;"
	"CREATE TRIGGER survey_response_count_upd AFTER UPDATE OF deleted ON survey_response WHEN old.deleted IS NOT new.deleted BEGIN"
	" UPDATE record_count SET live = live + (new.deleted = 0) - (old.deleted = 0) WHERE tbl = 'survey_response'; END;"
	"INSERT INTO record_count (tbl, live) SELECT 'survey_response', count(*) FROM survey_response WHERE deleted = 0;"
	"CREATE TABLE search_dirty (tbl TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (tbl, rid)) STRICT, WITHOUT ROWID;"
	"CREATE VIRTUAL TABLE survey_response_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER survey_response_search_ins AFTER INSERT ON survey_response BEGIN"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('survey_response', new.rowid); END;"
	"CREATE TRIGGER survey_response_search_upd AFTER UPDATE OF community, estate, answers ON survey_response BEGIN"
	" DELETE FROM survey_response_fts WHERE rowid = old.rowid;"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('survey_response', new.rowid); END;"
	"CREATE TRIGGER survey_response_search_del AFTER DELETE ON survey_response BEGIN"
	" DELETE FROM survey_response_fts WHERE rowid = old.rowid;"
	" DELETE FROM search_dirty WHERE tbl = 'survey_response' AND rid = old.rowid; END;"
	"INSERT INTO search_dirty (tbl, rid) SELECT 'survey_response', rowid FROM survey_response;"
	"CREATE VIRTUAL TABLE facility_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER facility_search_ins AFTER INSERT ON facility BEGIN"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('facility', new.rowid); END;"
	"CREATE TRIGGER facility_search_upd AFTER UPDATE OF name, address, business_type, run_by, community ON facility BEGIN"
	" DELETE FROM facility_fts WHERE rowid = old.rowid;"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('facility', new.rowid); END;"
	"CREATE TRIGGER facility_search_del AFTER DELETE ON facility BEGIN"
	" DELETE FROM facility_fts WHERE rowid = old.rowid;"
	" DELETE FROM search_dirty WHERE tbl = 'facility' AND rid = old.rowid; END;"
	"INSERT INTO search_dirty (tbl, rid) SELECT 'facility', rowid FROM facility;"
	"CREATE VIRTUAL TABLE proposal_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER proposal_search_ins AFTER INSERT ON proposal BEGIN"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('proposal', new.rowid); END;"
	"CREATE TRIGGER proposal_search_upd AFTER UPDATE OF number, title, proposer, handling_unit ON proposal BEGIN"
	" DELETE FROM proposal_fts WHERE rowid = old.rowid;"
	" INSERT OR IGNORE INTO search_dirty (tbl, rid) VALUES ('proposal', new.rowid); END;"
	"CREATE TRIGGER proposal_search_del AFTER DELETE ON proposal BEGIN"
	" DELETE FROM proposal_fts WHERE rowid = old.rowid;"
	" DELETE FROM search_dirty WHERE tbl = 'proposal' AND rid = old.rowid; END;"
	"INSERT INTO search_dirty (tbl, rid) SELECT 'proposal', rowid FROM proposal;"
	"CREATE INDEX survey_response_community ON survey_response (community, id);"
	"CREATE INDEX survey_response_estate ON survey_response (estate, id);"
	"CREATE INDEX survey_response_updated ON survey_response (updated_at, id);"
	"CREATE INDEX facility_community ON facility (community, id);"
	"CREATE INDEX facility_status ON facility (status, id);"
	"CREATE INDEX proposal_title ON proposal (title, id);";

static const char *const migrations[] = {
	migration_1,
	migration_lists,
};


#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int
migrate_latest(void)
{
	return N_MIGRATIONS;
}

static int
user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int
fail(sqlite3 *db, char **err, const char *what)
{
	*err = xasprintf("%s: %s", what, sqlite3_errmsg(db));
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int
migrate_apply(sqlite3 *db, char **err)
{
	int from;

	*err = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, err, _("cannot start the schema update"));
	/* Read the version inside the transaction: another copy may have migrated meanwhile. */
	from = user_version(db);
	if (from < 0)
		return fail(db, err, _("cannot read the schema version"));
	if (from > N_MIGRATIONS) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		*err = xasprintf(_("the database has schema version %d, newer than this program knows (%d); use a newer lifecircle"),
		    from, N_MIGRATIONS);
		return -1;
	}
	for (int v = from; v < N_MIGRATIONS; v++) {
		char *e = NULL;
		if (sqlite3_exec(db, migrations[v], NULL, NULL, &e) != SQLITE_OK) {
			*err = xasprintf(_("updating the database to schema version %d failed: %s"), v + 1, e ? e : "?");
			sqlite3_free(e);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	if (from < N_MIGRATIONS) {
		/* PRAGMA takes no bound parameters; the value is our own integer. */
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", N_MIGRATIONS);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, err, _("cannot record the schema version"));
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, err, _("cannot commit the schema update"));
	return 0;
}
