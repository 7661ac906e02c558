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

static const char *const migrations[] = {
	migration_1,
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
