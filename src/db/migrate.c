/* migrate.c - numbered schema migrations. Each entry moves the schema from version i to i+1;
 * all pending ones run inside one IMMEDIATE transaction so a failure leaves the file as it was.
 * Never edit a migration that has shipped: add a new one. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "migrate.h"
#include "util.h"
#include "i18n.h"

/* Migration 1: local settings and drafts, reference tables, and the first user tables.
 * Written out literally (the record columns too) so that it means the same SQL for ever,
 * whatever a header says later. User tables start with the sync fields: id, origin, created_at,
 * updated_at, hlc, operator, deleted. tests/unit/test_schema.c compares what it makes with a
 * golden copy of the schema it has always made. */
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
	"CREATE TABLE community (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" code TEXT NOT NULL, name TEXT NOT NULL, subdistrict TEXT NOT NULL DEFAULT '',"
	" district TEXT NOT NULL DEFAULT '', households INTEGER, residents INTEGER) STRICT;"
	"CREATE TABLE facility (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" community TEXT NOT NULL, std_item INTEGER, business_type TEXT NOT NULL DEFAULT '',"
	" name TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', floor_area REAL, land_area REAL,"
	" capacity INTEGER, capacity_unit TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'building', 'planned', 'closed')),"
	" hours TEXT NOT NULL DEFAULT '', run_by TEXT NOT NULL DEFAULT '', checked_on TEXT) STRICT;"
	"CREATE TABLE proposal (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" number TEXT NOT NULL, session TEXT NOT NULL DEFAULT '',"
	" kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'proposal')), title TEXT NOT NULL,"
	" proposer TEXT NOT NULL, phone TEXT NOT NULL DEFAULT '', handling_unit TEXT NOT NULL DEFAULT '',"
	" result_class TEXT CHECK (result_class IN ('A', 'B', 'C')), reply_letter TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE feedback (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" proposal_id TEXT NOT NULL, satisfaction TEXT CHECK (satisfaction IN ('satisfied', 'fairly', 'dissatisfied')),"
	" opinion TEXT NOT NULL DEFAULT '', suggestions TEXT NOT NULL DEFAULT '',"
	" recommended_units TEXT NOT NULL DEFAULT '', signature TEXT NOT NULL DEFAULT '', signed_on TEXT) STRICT;"
	"CREATE TABLE survey_response (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
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

/* Migration: what the merge of other offices' files needs.
 * - settings 'node_id': 16 random bytes as hex (SQLite's randomblob reads the OS's random source),
 *   made once for each database, new or migrated from version 1: the origin of its records and,
 *   after the clock, the tie-breaker when two versions meet. The office code stays a label.
 * - base: the clock of the version a record was edited from ('' for a new record).
 * - change_seq: a local sequence bumped on every write to a record row, so an export can take
 *   "everything that changed here since the last export to X", relayed records included.
 *   It is kept by triggers in plain SQL rather than by the program, so a row written by the
 *   sqlite3 tool, a script or an importer gets a sequence too; the counter is the one row of
 *   change_counter. An update that sets change_seq to a new value itself is taken as it is
 *   (that is how the triggers' own write ends instead of recursing); every other update gets
 *   the next value. Existing rows are numbered by a no-op update through the same trigger. */
static const char migration_sync[] =
	"INSERT INTO settings (key, value) VALUES ('node_id', lower(hex(randomblob(16))))"
	" ON CONFLICT (key) DO NOTHING;"
	"CREATE TABLE change_counter (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL) STRICT;"
	"INSERT INTO change_counter (id, seq) VALUES (1, 0);"

	"ALTER TABLE community ADD COLUMN base TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE community ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX community_change_seq ON community (change_seq);"
	"CREATE TRIGGER community_change_seq_insert AFTER INSERT ON community BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE community SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER community_change_seq_update AFTER UPDATE ON community"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE community SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"UPDATE community SET change_seq = change_seq;"

	"ALTER TABLE facility ADD COLUMN base TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE facility ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX facility_change_seq ON facility (change_seq);"
	"CREATE TRIGGER facility_change_seq_insert AFTER INSERT ON facility BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE facility SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER facility_change_seq_update AFTER UPDATE ON facility"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE facility SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"UPDATE facility SET change_seq = change_seq;"

	"ALTER TABLE proposal ADD COLUMN base TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE proposal ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX proposal_change_seq ON proposal (change_seq);"
	"CREATE TRIGGER proposal_change_seq_insert AFTER INSERT ON proposal BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE proposal SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER proposal_change_seq_update AFTER UPDATE ON proposal"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE proposal SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"UPDATE proposal SET change_seq = change_seq;"

	"ALTER TABLE feedback ADD COLUMN base TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE feedback ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX feedback_change_seq ON feedback (change_seq);"
	"CREATE TRIGGER feedback_change_seq_insert AFTER INSERT ON feedback BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE feedback SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER feedback_change_seq_update AFTER UPDATE ON feedback"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE feedback SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"UPDATE feedback SET change_seq = change_seq;"

	"ALTER TABLE survey_response ADD COLUMN base TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE survey_response ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX survey_response_change_seq ON survey_response (change_seq);"
	"CREATE TRIGGER survey_response_change_seq_insert AFTER INSERT ON survey_response BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE survey_response SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER survey_response_change_seq_update AFTER UPDATE ON survey_response"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE survey_response SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"UPDATE survey_response SET change_seq = change_seq;";


/* Lists at a million rows. record_count holds the live (not deleted) rows of each user table, kept by
 * triggers, so the status bar never scans a table. <table>_fts and search_dirty serve word search
 * (see src/core/search.c): triggers only mark rows to index, the program writes the split text, so
 * every trigger is built-in SQL and the sqlite3 tool and Python can still write the file. The marks
 * test NOT EXISTS rather than INSERT OR IGNORE: an upsert's own conflict policy overrides a trigger's
 * OR IGNORE, so a second mark would abort the user's statement. Existing rows
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
	" INSERT INTO search_dirty (tbl, rid) SELECT 'survey_response', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'survey_response' AND rid = new.rowid); END;"
	"CREATE TRIGGER survey_response_search_upd AFTER UPDATE OF community, estate, answers ON survey_response BEGIN"
	" DELETE FROM survey_response_fts WHERE rowid = old.rowid;"
	" INSERT INTO search_dirty (tbl, rid) SELECT 'survey_response', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'survey_response' AND rid = new.rowid); END;"
	"CREATE TRIGGER survey_response_search_del AFTER DELETE ON survey_response BEGIN"
	" DELETE FROM survey_response_fts WHERE rowid = old.rowid;"
	" DELETE FROM search_dirty WHERE tbl = 'survey_response' AND rid = old.rowid; END;"
	"INSERT INTO search_dirty (tbl, rid) SELECT 'survey_response', rowid FROM survey_response;"
	"CREATE VIRTUAL TABLE facility_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER facility_search_ins AFTER INSERT ON facility BEGIN"
	" INSERT INTO search_dirty (tbl, rid) SELECT 'facility', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'facility' AND rid = new.rowid); END;"
	"CREATE TRIGGER facility_search_upd AFTER UPDATE OF name, address, business_type, run_by, community ON facility BEGIN"
	" DELETE FROM facility_fts WHERE rowid = old.rowid;"
	" INSERT INTO search_dirty (tbl, rid) SELECT 'facility', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'facility' AND rid = new.rowid); END;"
	"CREATE TRIGGER facility_search_del AFTER DELETE ON facility BEGIN"
	" DELETE FROM facility_fts WHERE rowid = old.rowid;"
	" DELETE FROM search_dirty WHERE tbl = 'facility' AND rid = old.rowid; END;"
	"INSERT INTO search_dirty (tbl, rid) SELECT 'facility', rowid FROM facility;"
	"CREATE VIRTUAL TABLE proposal_fts USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
	"CREATE TRIGGER proposal_search_ins AFTER INSERT ON proposal BEGIN"
	" INSERT INTO search_dirty (tbl, rid) SELECT 'proposal', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'proposal' AND rid = new.rowid); END;"
	"CREATE TRIGGER proposal_search_upd AFTER UPDATE OF number, title, proposer, handling_unit ON proposal BEGIN"
	" DELETE FROM proposal_fts WHERE rowid = old.rowid;"
	" INSERT INTO search_dirty (tbl, rid) SELECT 'proposal', new.rowid WHERE NOT EXISTS (SELECT 1 FROM search_dirty WHERE tbl = 'proposal' AND rid = new.rowid); END;"
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
/* Migration: what issue 12 needs of a proposal beyond migration 1: the dates received and replied,
 * the reply letter's parts (reply_letter stays its body text), and where its feedback form stands.
 * An index for the duplicate check on entry and import (number + session per handling unit); it is
 * deliberately not UNIQUE: two offices may create the same proposal, and sync lists such pairs. */
static const char migration_proposals[] =
	"ALTER TABLE proposal ADD COLUMN received_on TEXT;"
	"ALTER TABLE proposal ADD COLUMN replied_on TEXT;"
	"ALTER TABLE proposal ADD COLUMN reply_leader TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE proposal ADD COLUMN reply_contact TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE proposal ADD COLUMN reply_contact_phone TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE proposal ADD COLUMN reply_copy_to TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE proposal ADD COLUMN form_status TEXT NOT NULL DEFAULT 'unsent'"
	" CHECK (form_status IN ('unsent', 'sent', 'returned'));"
	"ALTER TABLE proposal ADD COLUMN form_sent_on TEXT;"
	"CREATE INDEX proposal_unit_number ON proposal (handling_unit, number, session);";
/* Migration: the facility inventory and the gap report (issue 13).
 * - community: land area, old estate (built before 2005, which lets the standard's alternatives
 *   apply), new or existing (the standard asks more of new communities).
 * - facility: the circles it serves (circle codes separated by spaces), the estate it is in (an
 *   estate id), chain or not, notes; an index by community for the gap report.
 * - estate: each community's estates (小区), a synced record table written out like migration 1's,
 *   with base and change_seq and their triggers as migration_sync made them.
 * - reference tables for data/business_types.tsv and data/standard_item_roles.tsv: which business
 *   types and standard items count as community service facilities or elderly care, and which
 *   capacity units fit them. Loaded by refdata.c like the other reference tables. */
static const char migration_facilities[] =
	"ALTER TABLE community ADD COLUMN land_area REAL;"
	"ALTER TABLE community ADD COLUMN old_estate INTEGER NOT NULL DEFAULT 0 CHECK (old_estate IN (0, 1));"
	"ALTER TABLE community ADD COLUMN development TEXT NOT NULL DEFAULT 'existing'"
	" CHECK (development IN ('new', 'existing'));"

	"ALTER TABLE facility ADD COLUMN circles TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE facility ADD COLUMN estate TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE facility ADD COLUMN chain INTEGER NOT NULL DEFAULT 0 CHECK (chain IN (0, 1));"
	"ALTER TABLE facility ADD COLUMN notes TEXT NOT NULL DEFAULT '';"
	"CREATE INDEX facility_community_status ON facility (community, status);"

	"CREATE TABLE estate (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" community TEXT NOT NULL, name TEXT NOT NULL,"
	" base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX estate_hlc ON estate (hlc);"
	"CREATE INDEX estate_community ON estate (community, name);"
	"CREATE INDEX estate_change_seq ON estate (change_seq);"
	"CREATE TRIGGER estate_change_seq_insert AFTER INSERT ON estate BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE estate SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER estate_change_seq_update AFTER UPDATE ON estate"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE estate SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"

	"CREATE TABLE business_type (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE,"
	" name_en TEXT NOT NULL, circle TEXT NOT NULL REFERENCES circle(code), std_item INTEGER REFERENCES std_item(no),"
	" service_facility TEXT NOT NULL CHECK (service_facility IN ('yes', 'no')),"
	" elderly_care TEXT NOT NULL CHECK (elderly_care IN ('yes', 'no')),"
	" chain_countable TEXT NOT NULL CHECK (chain_countable IN ('yes', 'no')),"
	" capacity_units TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE std_item_role (item_no INTEGER PRIMARY KEY REFERENCES std_item(no),"
	" facility TEXT NOT NULL CHECK (facility IN ('yes', 'no')),"
	" service_facility TEXT NOT NULL CHECK (service_facility IN ('yes', 'no')),"
	" elderly_care TEXT NOT NULL CHECK (elderly_care IN ('yes', 'no')),"
	" capacity_units TEXT NOT NULL DEFAULT '') STRICT;";

/* The office's operators (who may be made current with F3): local to this database, never
 * exchanged, so not a synced record. The operator already set becomes the first of the list. */
static const char migration_operators[] =
	"CREATE TABLE operator (name TEXT PRIMARY KEY NOT NULL) STRICT;"
	"INSERT INTO operator (name) SELECT trim(value) FROM settings WHERE key = 'operator' AND trim(value) <> '';";

/* Migration: the proposal list sorts by proposer and by handling unit too (keyset pages need an index on
 * (column, id) to page through 100,000 proposals without sorting them all). */
static const char migration_proposal_sort[] =
	"CREATE INDEX proposal_proposer ON proposal (proposer, id);"
	"CREATE INDEX proposal_handling_unit ON proposal (handling_unit, id);";

/* Migration: double entry (CSPro's verify, EpiData's double entry) of paper forms, for any keyed record:
 * the feedback form now, survey responses later (record_kind names the table, record_id the row).
 * - entry_keying: one keying of a record: pass 1 (the first operator's) or 2 (the verifying one's),
 *   the values as keyed (a JSON object by draft name) and, for pass 2, how many differences were decided
 *   (0: verified with none), which is the record's double-entry state.
 * - entry_decision: each difference of a pass-2 keying: the field (draft name), both values, which was
 *   taken (first, second, or a third retyped from the paper) and the value that went into the record.
 * Both are synced records written out like migration 1's, with base and change_seq and their triggers. */
static const char migration_double_entry[] =
	"CREATE TABLE entry_keying (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" record_kind TEXT NOT NULL, record_id TEXT NOT NULL, pass INTEGER NOT NULL CHECK (pass IN (1, 2)),"
	" keyed_values TEXT NOT NULL, differences INTEGER NOT NULL DEFAULT 0,"
	" base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX entry_keying_hlc ON entry_keying (hlc);"
	"CREATE INDEX entry_keying_record ON entry_keying (record_kind, record_id, pass);"
	"CREATE INDEX entry_keying_change_seq ON entry_keying (change_seq);"
	"CREATE TRIGGER entry_keying_change_seq_insert AFTER INSERT ON entry_keying BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE entry_keying SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER entry_keying_change_seq_update AFTER UPDATE ON entry_keying"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE entry_keying SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"

	"CREATE TABLE entry_decision (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" keying_id TEXT NOT NULL, field TEXT NOT NULL, first_value TEXT NOT NULL, second_value TEXT NOT NULL,"
	" chosen TEXT NOT NULL CHECK (chosen IN ('first', 'second', 'third')), final_value TEXT NOT NULL,"
	" base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX entry_decision_hlc ON entry_decision (hlc);"
	"CREATE INDEX entry_decision_keying ON entry_decision (keying_id);"
	"CREATE INDEX entry_decision_change_seq ON entry_decision (change_seq);"
	"CREATE TRIGGER entry_decision_change_seq_insert AFTER INSERT ON entry_decision BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE entry_decision SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER entry_decision_change_seq_update AFTER UPDATE ON entry_decision"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE entry_decision SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;";

/* Migration: a standard check may need one kind of facility (std_check.kind, a business type code;
 * '' for any facility of the item), since items 13 and 14 each cover two kinds: a public toilet
 * must not meet the garbage collection station's land area. */
static const char migration_check_kind[] =
	"ALTER TABLE std_check ADD COLUMN kind TEXT NOT NULL DEFAULT '';";
/* Migration: questionnaire templates (issue 14). A synced record per template version: form_id and
 * version from its settings, title, languages (a JSON array), the content hash and the normalised
 * definition as one JSON document (src/core/template.c writes it, reads it with json_each). One
 * document rather than child rows because a template version never changes once stored: it travels
 * between offices as one row, whole or not at all, and a response names it by form_id + version
 * (survey_response.template and template_version, there since migration 1: nothing to add). Not unique on
 * (form_id, version): two offices may bring the same template; its id is derived from the content,
 * so the same file is the same record everywhere. */
static const char migration_templates[] =
	"CREATE TABLE survey_template (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" form_id TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, languages TEXT NOT NULL DEFAULT '[]',"
	" content_hash TEXT NOT NULL, definition TEXT NOT NULL CHECK (json_valid(definition)),"
	" base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX survey_template_hlc ON survey_template (hlc);"
	"CREATE INDEX survey_template_form ON survey_template (form_id, version);"
	"CREATE INDEX survey_template_change_seq ON survey_template (change_seq);"
	"CREATE TRIGGER survey_template_change_seq_insert AFTER INSERT ON survey_template BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE survey_template SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER survey_template_change_seq_update AFTER UPDATE ON survey_template"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE survey_template SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;";

/* Migration: the double-entry list pages off an index at 100,000 feedback forms. feedback_entry_state
 * is local (never exchanged: it is derived from synced records) and holds one row per live feedback form
 * of a live proposal: what the list shows and sorts by, and the form's double-entry state:
 *   once      no live pass-2 keying;
 *   verified  keyed a second time with no difference;
 *   decided   keyed a second time, the differences decided;
 *   edited    verified (either way), then the form was changed: an answer in the record is no longer
 *             the verified one (the pass-2 keying's value, or the decision's where one was taken).
 * feedback_entry_row computes the rows; built-in-SQL triggers on feedback, proposal, entry_keying and
 * entry_decision refresh a proposal's row whenever one of them is written, by this program, by sync or
 * by the sqlite3 tool alike. Indexes on (state, column, proposal_id) serve a page filtered by state,
 * and on (column, proposal_id) the whole list, for each sortable column. */
#define FES_VERIFIED(col) \
	"coalesce((SELECT d.final_value FROM entry_decision d WHERE d.keying_id = k2.id AND d.field = '" col "'" \
	" AND d.deleted = 0 ORDER BY d.created_at DESC, d.id DESC LIMIT 1),"\
	" CASE WHEN json_valid(k2.keyed_values) THEN json_extract(k2.keyed_values, '$." col "') END)"
#define FES_CHANGED(col) \
	" OR coalesce(" FES_VERIFIED(col) ", coalesce(f." col ", '')) <> coalesce(f." col ", '')"
/* The keying of a pass that counts: the first by ORDER BY order (the oldest here; migration_reverify
 * makes it the newest). */
#define FES_KEYING_BY(pass, order) \
	"(SELECT k.id FROM entry_keying k WHERE k.record_kind = 'feedback' AND k.record_id = f.id AND k.pass = " pass \
	" AND k.deleted = 0 ORDER BY " order " LIMIT 1)"
#define FES_KEYING(pass) FES_KEYING_BY(pass, "k.created_at, k.id")
/* Rebuild the rows of the proposals whose ids the SELECT ids gives. */
#define FES_REFRESH(ids) \
	" DELETE FROM feedback_entry_state WHERE proposal_id IN (" ids ");" \
	" INSERT INTO feedback_entry_state SELECT * FROM feedback_entry_row WHERE proposal_id IN (" ids ");"
/* The view of feedback_entry_state's rows, K1 and K2 the pass-1 and pass-2 keyings that count. */
#define FES_ROW_VIEW(K1, K2) \
	"CREATE VIEW feedback_entry_row AS SELECT f.proposal_id AS proposal_id, f.id AS feedback_id," \
	" p.number AS number, p.title AS title, p.proposer AS proposer," \
	" coalesce(k1.operator, f.operator) AS first_op, coalesce(k2.operator, '') AS second_op," \
	" CASE WHEN k2.id IS NULL THEN 'once'" \
	" WHEN 0" FES_CHANGED("satisfaction") FES_CHANGED("opinion") FES_CHANGED("suggestions") \
	FES_CHANGED("recommended_units") FES_CHANGED("signature") FES_CHANGED("signed_on") " THEN 'edited'" \
	" WHEN k2.differences = 0 THEN 'verified' ELSE 'decided' END AS state" \
	" FROM feedback f JOIN proposal p ON p.id = f.proposal_id AND p.deleted = 0" \
	" LEFT JOIN entry_keying k1 ON k1.id = " K1 \
	" LEFT JOIN entry_keying k2 ON k2.id = " K2 \
	" WHERE f.deleted = 0 AND f.id = (SELECT g.id FROM feedback g WHERE g.proposal_id = f.proposal_id" \
	" AND g.deleted = 0 ORDER BY g.created_at, g.id LIMIT 1);"
#define FES_OF_KEYING(kid) "SELECT f.proposal_id FROM entry_keying k JOIN feedback f ON f.id = k.record_id" \
	" WHERE k.id = " kid " AND k.record_kind = 'feedback'"
static const char migration_entry_state[] =
	"CREATE TABLE feedback_entry_state (proposal_id TEXT PRIMARY KEY NOT NULL, feedback_id TEXT NOT NULL,"
	" number TEXT NOT NULL, title TEXT NOT NULL, proposer TEXT NOT NULL, first_op TEXT NOT NULL,"
	" second_op TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('once', 'verified', 'decided', 'edited'))) STRICT;"
	"CREATE INDEX fes_state_number ON feedback_entry_state (state, number, proposal_id);"
	"CREATE INDEX fes_state_title ON feedback_entry_state (state, title, proposal_id);"
	"CREATE INDEX fes_state_proposer ON feedback_entry_state (state, proposer, proposal_id);"
	"CREATE INDEX fes_number ON feedback_entry_state (number, proposal_id);"
	"CREATE INDEX fes_title ON feedback_entry_state (title, proposal_id);"
	"CREATE INDEX fes_proposer ON feedback_entry_state (proposer, proposal_id);"
	FES_ROW_VIEW(FES_KEYING("1"), FES_KEYING("2"))
	"INSERT INTO feedback_entry_state SELECT * FROM feedback_entry_row;"
	"CREATE TRIGGER fes_feedback_ins AFTER INSERT ON feedback BEGIN" FES_REFRESH("SELECT new.proposal_id") " END;"
	"CREATE TRIGGER fes_feedback_upd AFTER UPDATE OF proposal_id, deleted, created_at, operator, satisfaction, opinion,"
	" suggestions, recommended_units, signature, signed_on ON feedback BEGIN"
	FES_REFRESH("SELECT old.proposal_id UNION SELECT new.proposal_id") " END;"
	"CREATE TRIGGER fes_feedback_del AFTER DELETE ON feedback BEGIN" FES_REFRESH("SELECT old.proposal_id") " END;"
	"CREATE TRIGGER fes_proposal_ins AFTER INSERT ON proposal BEGIN" FES_REFRESH("SELECT new.id") " END;"
	"CREATE TRIGGER fes_proposal_upd AFTER UPDATE OF number, title, proposer, deleted ON proposal BEGIN"
	FES_REFRESH("SELECT new.id") " END;"
	"CREATE TRIGGER fes_proposal_del AFTER DELETE ON proposal BEGIN" FES_REFRESH("SELECT old.id") " END;"
	"CREATE TRIGGER fes_keying_ins AFTER INSERT ON entry_keying WHEN new.record_kind = 'feedback' BEGIN"
	FES_REFRESH(FES_OF_KEYING("new.id")) " END;"
	"CREATE TRIGGER fes_keying_upd AFTER UPDATE OF record_kind, record_id, pass, deleted, created_at, operator,"
	" keyed_values, differences ON entry_keying BEGIN"
	FES_REFRESH("SELECT f.proposal_id FROM feedback f WHERE f.id IN (old.record_id, new.record_id)") " END;"
	"CREATE TRIGGER fes_keying_del AFTER DELETE ON entry_keying WHEN old.record_kind = 'feedback' BEGIN"
	FES_REFRESH("SELECT f.proposal_id FROM feedback f WHERE f.id = old.record_id") " END;"
	"CREATE TRIGGER fes_decision_ins AFTER INSERT ON entry_decision BEGIN" FES_REFRESH(FES_OF_KEYING("new.keying_id")) " END;"
	"CREATE TRIGGER fes_decision_upd AFTER UPDATE OF keying_id, field, deleted, created_at, final_value ON entry_decision BEGIN"
	FES_REFRESH(FES_OF_KEYING("old.keying_id") " UNION " FES_OF_KEYING("new.keying_id")) " END;"
	"CREATE TRIGGER fes_decision_del AFTER DELETE ON entry_decision BEGIN" FES_REFRESH(FES_OF_KEYING("old.keying_id")) " END;";
/* Migration: the facility list of one community sorts by name, kind, floor area and date checked
 * (keyset pages need an index on (community, sort key, id) to page through 100,000 facilities without
 * sorting them; the keys are written exactly as pagesource.c writes a nullable column's sort key, and
 * the kind as src/screens/facilities.c writes it). */
static const char migration_facility_sort[] =
	"CREATE INDEX facility_community_name ON facility (community, name, id);"
	"CREATE INDEX facility_community_kind ON facility (community, CAST(coalesce(CASE WHEN std_item > 0"
	" THEN substr('0' || std_item, -2) ELSE business_type END, '') AS TEXT), id);"
	"CREATE INDEX facility_community_area ON facility (community, CAST(coalesce(floor_area, -9e307) AS REAL), id);"
	"CREATE INDEX facility_community_checked ON facility (community, CAST(coalesce(checked_on, '') AS TEXT), id);";
/* Migration: exchange files between offices (issue 15, src/core/sync.c).
 * - sync_lineage: the base of every version that was replaced here or met here (a version's own
 *   row holds only its latest base), keyed by record id (ids are unique across kinds) and clock,
 *   so a merge can tell "edited from that one" from "made at the same time" along a chain.
 * - sync_conflict: versions that lost to a concurrent one, kept whole (clock and node of the version; data: JSON of the row's
 *   exchanged columns) for a person to compare; the same set whatever the order of import.
 * - sync_receipt: one row per imported file (local, never exchanged).
 * - sync_peer: the change sequence last exported to each destination (local).
 * - sync_manifest: empty here; an export file's manifest (office, node, counts, clock range,
 *   checksum). Made by the migration so that an export file's schema is exactly a database's.
 * - <table>_lineage triggers record the replaced version's base when a local edit changes the clock
 *   (a new synced table needs the same trigger; the merge also records what it replaces itself).
 * - The change_seq insert triggers now skip rows inserted with a change_seq of their own, as the
 *   update triggers already did: the merge numbers a file's new rows in one statement instead of
 *   re-updating each one (the re-update doubled the cost of a bulk insert). */
static const char migration_sync_exchange[] =
	"CREATE TABLE sync_lineage (id TEXT NOT NULL, hlc TEXT NOT NULL, base TEXT NOT NULL,"
	" PRIMARY KEY (id, hlc)) STRICT, WITHOUT ROWID;"
	"CREATE TABLE sync_conflict (tbl TEXT NOT NULL, id TEXT NOT NULL, clock TEXT NOT NULL, node TEXT NOT NULL,"
	" base TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('concurrent', 'same_clock')), data TEXT NOT NULL) STRICT;"
	"CREATE UNIQUE INDEX sync_conflict_version ON sync_conflict (tbl, id, clock, node, data);"
	"CREATE INDEX sync_conflict_id ON sync_conflict (id);"
	"CREATE TABLE sync_receipt (seq INTEGER PRIMARY KEY, imported_at TEXT NOT NULL, file_name TEXT NOT NULL,"
	" file_hash TEXT NOT NULL, office TEXT NOT NULL, node TEXT NOT NULL, made_at TEXT NOT NULL,"
	" clock_min TEXT NOT NULL, clock_max TEXT NOT NULL, new_rows INTEGER NOT NULL, updated INTEGER NOT NULL,"
	" known INTEGER NOT NULL, conflicts INTEGER NOT NULL) STRICT;"
	"CREATE TABLE sync_peer (dest TEXT PRIMARY KEY NOT NULL, last_seq INTEGER NOT NULL, exported_at TEXT NOT NULL) STRICT;"
	"CREATE TABLE sync_manifest (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;"
	"CREATE TRIGGER community_lineage AFTER UPDATE OF hlc ON community WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"CREATE TRIGGER facility_lineage AFTER UPDATE OF hlc ON facility WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"CREATE TRIGGER estate_lineage AFTER UPDATE OF hlc ON estate WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"CREATE TRIGGER proposal_lineage AFTER UPDATE OF hlc ON proposal WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"CREATE TRIGGER feedback_lineage AFTER UPDATE OF hlc ON feedback WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"CREATE TRIGGER survey_response_lineage AFTER UPDATE OF hlc ON survey_response WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN"
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base"
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
	"DROP TRIGGER community_change_seq_insert;"
	"CREATE TRIGGER community_change_seq_insert AFTER INSERT ON community WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE community SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"DROP TRIGGER facility_change_seq_insert;"
	"CREATE TRIGGER facility_change_seq_insert AFTER INSERT ON facility WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE facility SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"DROP TRIGGER estate_change_seq_insert;"
	"CREATE TRIGGER estate_change_seq_insert AFTER INSERT ON estate WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE estate SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"DROP TRIGGER proposal_change_seq_insert;"
	"CREATE TRIGGER proposal_change_seq_insert AFTER INSERT ON proposal WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE proposal SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"DROP TRIGGER feedback_change_seq_insert;"
	"CREATE TRIGGER feedback_change_seq_insert AFTER INSERT ON feedback WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE feedback SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"DROP TRIGGER survey_response_change_seq_insert;"
	"CREATE TRIGGER survey_response_change_seq_insert AFTER INSERT ON survey_response WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE survey_response SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;";

/* Migration: survey responses (issue 14). A response is a record from its first answer: status says
 * draft or complete (rows from before this migration were written whole, so they count as complete;
 * the program always writes the status itself). answers stays the synced truth: a JSON object
 * whose keys are the questions that were SHOWN (skip logic hid the absent ones); a shown question
 * left blank has "" (select_multiple: []); select_multiple answers are arrays of choice names,
 * numbers are JSON numbers. survey_answer_key and survey_answer are LOCAL derived tables, never
 * synced (not in the registry): the answers of live, complete responses, one row per shown
 * question (part 0: the value; a select_multiple's number of choices) and one per chosen choice
 * (part 1), kept by the triggers below from the JSON, so results read an index instead of parsing
 * a million JSON objects (bench/survey.sh measured both: see bench/README). response is
 * survey_response's rowid; survey_answer_rebuild() makes both tables again from the JSON. A value
 * is never NULL (JSON null becomes ''), and DISTINCT keeps a choice named twice from breaking the
 * primary key. The triggers are plain SQL, so rows written by sync or the sqlite3 tool count too. */
#define SURVEY_PART0_VALUE \
	"CASE j.type WHEN 'null' THEN '' WHEN 'array' THEN json_array_length(j.value)" \
	" WHEN 'object' THEN '' WHEN 'true' THEN 1 WHEN 'false' THEN 0 ELSE j.value END"
#define SURVEY_CHOICES_OF_J \
	"json_each(CASE WHEN j.type = 'array' THEN j.value ELSE '[]' END) c"
/* The trigger body that adds new's rows (when new is live and complete). */
#define SURVEY_ANSWER_FILL_NEW \
	" INSERT INTO survey_answer_key (template, version, name)" \
	" SELECT DISTINCT new.template, new.template_version, j.key FROM json_each(new.answers) j" \
	" WHERE new.deleted = 0 AND new.status = 'complete' AND NOT EXISTS (SELECT 1 FROM survey_answer_key k" \
	" WHERE k.template = new.template AND k.version = new.template_version AND k.name = j.key);" \
	" INSERT INTO survey_answer (qid, response, part, value)" \
	" SELECT k.qid, new.rowid, 0, " SURVEY_PART0_VALUE " FROM json_each(new.answers) j" \
	" JOIN survey_answer_key k ON k.template = new.template AND k.version = new.template_version" \
	" AND k.name = j.key WHERE new.deleted = 0 AND new.status = 'complete';" \
	" INSERT INTO survey_answer (qid, response, part, value)" \
	" SELECT DISTINCT k.qid, new.rowid, 1, c.value FROM json_each(new.answers) j" \
	" JOIN survey_answer_key k ON k.template = new.template AND k.version = new.template_version" \
	" AND k.name = j.key, " SURVEY_CHOICES_OF_J \
	" WHERE new.deleted = 0 AND new.status = 'complete' AND j.type = 'array'" \
	" AND c.type IN ('text', 'integer', 'real');"
#define SURVEY_ANSWER_DROP_OLD \
	" DELETE FROM survey_answer WHERE response = old.rowid AND qid IN (SELECT qid FROM survey_answer_key" \
	" WHERE template = old.template AND version = old.template_version);"
/* Every live complete response's rows, set-based (the backfill, and survey_answer_rebuild). */
#define SURVEY_ANSWER_FILL_ALL \
	"INSERT INTO survey_answer_key (template, version, name)" \
	" SELECT DISTINCT r.template, r.template_version, j.key FROM survey_response r, json_each(r.answers) j" \
	" WHERE r.deleted = 0 AND r.status = 'complete' AND NOT EXISTS (SELECT 1 FROM survey_answer_key k" \
	" WHERE k.template = r.template AND k.version = r.template_version AND k.name = j.key);" \
	"INSERT INTO survey_answer (qid, response, part, value)" \
	" SELECT k.qid, r.rowid, 0, " SURVEY_PART0_VALUE " FROM survey_response r, json_each(r.answers) j" \
	" JOIN survey_answer_key k ON k.template = r.template AND k.version = r.template_version" \
	" AND k.name = j.key WHERE r.deleted = 0 AND r.status = 'complete';" \
	"INSERT INTO survey_answer (qid, response, part, value)" \
	" SELECT DISTINCT k.qid, r.rowid, 1, c.value FROM survey_response r, json_each(r.answers) j" \
	" JOIN survey_answer_key k ON k.template = r.template AND k.version = r.template_version" \
	" AND k.name = j.key, " SURVEY_CHOICES_OF_J \
	" WHERE r.deleted = 0 AND r.status = 'complete' AND j.type = 'array'" \
	" AND c.type IN ('text', 'integer', 'real');"
static const char migration_survey[] =
	"ALTER TABLE survey_response ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'"
	" CHECK (status IN ('draft', 'complete'));"
	"CREATE TABLE survey_answer_key (qid INTEGER PRIMARY KEY, template TEXT NOT NULL, version TEXT NOT NULL,"
	" name TEXT NOT NULL, UNIQUE (template, version, name)) STRICT;"
	"CREATE TABLE survey_answer (qid INTEGER NOT NULL, response INTEGER NOT NULL, part INTEGER NOT NULL,"
	" value ANY NOT NULL, PRIMARY KEY (qid, response, part, value)) STRICT, WITHOUT ROWID;"
	"CREATE INDEX survey_answer_value ON survey_answer (qid, part, value);"
	"CREATE TRIGGER survey_answer_ins AFTER INSERT ON survey_response"
	" WHEN new.deleted = 0 AND new.status = 'complete' BEGIN" SURVEY_ANSWER_FILL_NEW " END;"
	"CREATE TRIGGER survey_answer_upd AFTER UPDATE OF answers, status, deleted, template, template_version"
	" ON survey_response WHEN (old.deleted = 0 AND old.status = 'complete')"
	" OR (new.deleted = 0 AND new.status = 'complete') BEGIN"
	SURVEY_ANSWER_DROP_OLD SURVEY_ANSWER_FILL_NEW " END;"
	"CREATE TRIGGER survey_answer_del AFTER DELETE ON survey_response"
	" WHEN old.deleted = 0 AND old.status = 'complete' BEGIN" SURVEY_ANSWER_DROP_OLD " END;"
	SURVEY_ANSWER_FILL_ALL;

/* Migration: the survey response list (src/screens/responses.c) pages by survey date under each of its
 * filters (status, community, estate, operator): an index per filter ending in (surveyed_on, id) lets
 * a filtered page start at its key instead of walking the date index past rows the filter drops
 * (a few drafts among 1,000,000 complete responses). */
static const char migration_response_list[] =
	"CREATE INDEX survey_response_status_date ON survey_response (status, surveyed_on, id);"
	"CREATE INDEX survey_response_community_date ON survey_response (community, surveyed_on, id);"
	"CREATE INDEX survey_response_estate_date ON survey_response (estate, surveyed_on, id);"
	"CREATE INDEX survey_response_operator_date ON survey_response (operator, surveyed_on, id);";
/* Migration: a person's review of the conflicts an import kept (issue 15's 冲突 screen). Local to this
 * database: neither exported (the exchange copies sync_conflict's own seven columns by name) nor part of
 * the digest, so two offices that hold the same conflicts still agree whatever each decided.
 * reviewed: '' not yet, 'kept' the winner stays, 'took' the kept version was taken as a new edit;
 * reviewed_at: when (ISO 8601), '' before. */
static const char migration_conflict_review[] =
	"ALTER TABLE sync_conflict ADD COLUMN reviewed TEXT NOT NULL DEFAULT '' CHECK (reviewed IN ('', 'kept', 'took'));"
	"ALTER TABLE sync_conflict ADD COLUMN reviewed_at TEXT NOT NULL DEFAULT '';";

/* Migration: the synced tables added after migration_sync_exchange (survey_template, entry_keying,
 * entry_decision) get what it gave the first six: a lineage trigger (a local edit that changes the
 * clock records the replaced version's base) and an insert trigger that skips rows inserted with a
 * change_seq of their own (the merge numbers a file's new rows itself). test_schema walks the
 * registry and holds every synced table to both. */
#define SYNC_LINEAGE_TRIGGER(t) \
	"CREATE TRIGGER " t "_lineage AFTER UPDATE OF hlc ON " t " WHEN old.base <> '' AND old.hlc <> new.hlc BEGIN" \
	" INSERT INTO sync_lineage (id, hlc, base) SELECT old.id, old.hlc, old.base" \
	" WHERE NOT EXISTS (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc); END;"
#define SYNC_SEQ_INSERT_TRIGGER(t) \
	"DROP TRIGGER " t "_change_seq_insert;" \
	"CREATE TRIGGER " t "_change_seq_insert AFTER INSERT ON " t " WHEN NEW.change_seq = 0 BEGIN" \
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;" \
	" UPDATE " t " SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;" \
	" END;"
static const char migration_sync_later_tables[] =
	SYNC_LINEAGE_TRIGGER("survey_template") SYNC_SEQ_INSERT_TRIGGER("survey_template")
	SYNC_LINEAGE_TRIGGER("entry_keying") SYNC_SEQ_INSERT_TRIGGER("entry_keying")
	SYNC_LINEAGE_TRIGGER("entry_decision") SYNC_SEQ_INSERT_TRIGGER("entry_decision");

/* Migration: merging possible duplicates (issue 15, src/core/dupmerge.c). Two offices may make the same
 * thing (a community code, proposal 032 of a session); a person merges one record into the other. The
 * dropped record becomes a tombstone, and record_merge says which record it was merged into: a synced
 * record like any other (so every office that imports it knows the same), rather than a column added
 * to every synced table. tbl is the synced table of both records; from_id the tombstone, into_id the
 * record that stays. Indexes to follow a merge from either end. */
static const char migration_record_merge[] =
	"CREATE TABLE record_merge (id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), origin TEXT NOT NULL,"
	" created_at TEXT NOT NULL, updated_at TEXT NOT NULL, hlc TEXT NOT NULL, operator TEXT NOT NULL DEFAULT '',"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
	" tbl TEXT NOT NULL, from_id TEXT NOT NULL, into_id TEXT NOT NULL,"
	" base TEXT NOT NULL DEFAULT '', change_seq INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE INDEX record_merge_hlc ON record_merge (hlc);"
	"CREATE INDEX record_merge_from ON record_merge (from_id);"
	"CREATE INDEX record_merge_into ON record_merge (into_id);"
	"CREATE INDEX record_merge_change_seq ON record_merge (change_seq);"
	"CREATE TRIGGER record_merge_change_seq_insert AFTER INSERT ON record_merge WHEN NEW.change_seq = 0 BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE record_merge SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	"CREATE TRIGGER record_merge_change_seq_update AFTER UPDATE ON record_merge"
	" WHEN NEW.change_seq = OLD.change_seq BEGIN"
	" UPDATE change_counter SET seq = seq + 1 WHERE id = 1;"
	" UPDATE record_merge SET change_seq = (SELECT seq FROM change_counter WHERE id = 1) WHERE rowid = NEW.rowid;"
	" END;"
	SYNC_LINEAGE_TRIGGER("record_merge");

/* Migration: the double-entry list of survey responses (src/screens/double_entry.c, issue 14's paper
 * questionnaires keyed twice) pages off an index at 1,000,000 responses, as feedback_entry_state does
 * for feedback forms. survey_entry_state is local (derived from synced records) and holds one row per
 * live complete response, with the states of migration_entry_state; "edited" when an answer the
 * response holds is no longer the verified one (the pass-2 keying's value, or its decision's): a
 * select_multiple compared as its choice names separated by spaces, a number by value, an answer no
 * longer shown only when the verified one was not blank. survey_entry_row computes the rows; triggers
 * on survey_response, entry_keying and entry_decision refresh a response's row whenever one is
 * written, by this program, by sync or by the sqlite3 tool. The view names +r.status: a refresh must find its
 * response by id, not walk the status index (at 50,000 responses that made each insert 12 ms). */
/* As FES_KEYING_BY, for a survey response. */
#define SES_KEYING_BY(pass, order) \
	"(SELECT k.id FROM entry_keying k WHERE k.record_kind = 'survey_response' AND k.record_id = r.id AND k.pass = " \
	pass " AND k.deleted = 0 ORDER BY " order " LIMIT 1)"
#define SES_KEYING(pass) SES_KEYING_BY(pass, "k.created_at, k.id")
#define SES_PATH "'$.\"' || x.key || '\"'"
#define SES_REFRESH(ids) \
	" DELETE FROM survey_entry_state WHERE response_id IN (" ids ");" \
	" INSERT INTO survey_entry_state SELECT * FROM survey_entry_row WHERE response_id IN (" ids ");"
/* The view of survey_entry_state's rows, K1 and K2 the pass-1 and pass-2 keyings that count. */
#define SES_ROW_VIEW(K1, K2) \
	"CREATE VIEW survey_entry_row AS SELECT r.id AS response_id, r.surveyed_on AS surveyed_on," \
	" r.community AS community, r.estate AS estate, coalesce(k1.operator, r.operator) AS first_op," \
	" coalesce(k2.operator, '') AS second_op," \
	" CASE WHEN k2.id IS NULL THEN 'once'" \
	" WHEN EXISTS (SELECT 1 FROM (SELECT v.key AS key, coalesce((SELECT d.final_value FROM entry_decision d" \
	" WHERE d.keying_id = k2.id AND d.field = v.key AND d.deleted = 0 ORDER BY d.created_at DESC, d.id DESC LIMIT 1)," \
	" v.value, '') AS ver FROM json_each(CASE WHEN json_valid(k2.keyed_values) THEN k2.keyed_values ELSE '{}' END) v) x" \
	" WHERE CASE json_type(r.answers, " SES_PATH ")" \
	" WHEN 'array' THEN coalesce((SELECT group_concat(c.value, ' ') FROM json_each(r.answers, " SES_PATH ") c), '')" \
	" <> trim(replace(replace(replace(x.ver, '   ', ' '), '  ', ' '), '  ', ' '))" \
	" WHEN 'integer' THEN x.ver = '' OR CAST(x.ver AS REAL) <> json_extract(r.answers, " SES_PATH ")" \
	" WHEN 'real' THEN x.ver = '' OR CAST(x.ver AS REAL) <> json_extract(r.answers, " SES_PATH ")" \
	" WHEN 'text' THEN json_extract(r.answers, " SES_PATH ") <> x.ver" \
	" ELSE x.ver <> '' END) THEN 'edited'" \
	" WHEN k2.differences = 0 THEN 'verified' ELSE 'decided' END AS state" \
	" FROM survey_response r" \
	" LEFT JOIN entry_keying k1 ON k1.id = " K1 \
	" LEFT JOIN entry_keying k2 ON k2.id = " K2 \
	" WHERE r.deleted = 0 AND +r.status = 'complete' AND json_valid(r.answers);"
#define SES_OF_KEYING(kid) "SELECT k.record_id FROM entry_keying k WHERE k.id = " kid \
	" AND k.record_kind = 'survey_response'"
static const char migration_survey_entry_state[] =
	"CREATE TABLE survey_entry_state (response_id TEXT PRIMARY KEY NOT NULL, surveyed_on TEXT NOT NULL,"
	" community TEXT NOT NULL, estate TEXT NOT NULL, first_op TEXT NOT NULL, second_op TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK (state IN ('once', 'verified', 'decided', 'edited'))) STRICT;"
	"CREATE INDEX ses_state_date ON survey_entry_state (state, surveyed_on, response_id);"
	"CREATE INDEX ses_date ON survey_entry_state (surveyed_on, response_id);"
	SES_ROW_VIEW(SES_KEYING("1"), SES_KEYING("2"))
	"INSERT INTO survey_entry_state SELECT * FROM survey_entry_row;"
	"CREATE TRIGGER ses_response_ins AFTER INSERT ON survey_response BEGIN" SES_REFRESH("SELECT new.id") " END;"
	"CREATE TRIGGER ses_response_upd AFTER UPDATE OF id, answers, status, deleted, surveyed_on, community, estate,"
	" operator ON survey_response BEGIN" SES_REFRESH("SELECT old.id UNION SELECT new.id") " END;"
	"CREATE TRIGGER ses_response_del AFTER DELETE ON survey_response BEGIN" SES_REFRESH("SELECT old.id") " END;"
	"CREATE TRIGGER ses_keying_ins AFTER INSERT ON entry_keying WHEN new.record_kind = 'survey_response' BEGIN"
	SES_REFRESH("SELECT new.record_id") " END;"
	"CREATE TRIGGER ses_keying_upd AFTER UPDATE OF record_kind, record_id, pass, deleted, created_at, operator,"
	" keyed_values, differences ON entry_keying"
	" WHEN 'survey_response' IN (old.record_kind, new.record_kind) BEGIN"
	SES_REFRESH("SELECT old.record_id UNION SELECT new.record_id") " END;"
	"CREATE TRIGGER ses_keying_del AFTER DELETE ON entry_keying WHEN old.record_kind = 'survey_response' BEGIN"
	SES_REFRESH("SELECT old.record_id") " END;"
	"CREATE TRIGGER ses_decision_ins AFTER INSERT ON entry_decision BEGIN" SES_REFRESH(SES_OF_KEYING("new.keying_id")) " END;"
	"CREATE TRIGGER ses_decision_upd AFTER UPDATE OF keying_id, field, deleted, created_at, final_value ON entry_decision BEGIN"
	SES_REFRESH(SES_OF_KEYING("old.keying_id") " UNION " SES_OF_KEYING("new.keying_id")) " END;"
	"CREATE TRIGGER ses_decision_del AFTER DELETE ON entry_decision BEGIN" SES_REFRESH(SES_OF_KEYING("old.keying_id")) " END;";
/* Migration: a version is named by its clock AND its node (issue 15). Two offices can stamp one
 * record with the same clock value (each office's clock is its own), so a base named by clock only
 * could point at either of two versions, and a merge's result then depended on the order files
 * came in. Now:
 * - base_node on every synced table: the origin (node) of the version named by base; '' for a new
 *   record, and for versions written before this migration (their parent's node was never kept):
 *   such a base matches a version of that clock from any node, as before.
 * - sync_lineage is keyed by (id, hlc, node) and names the base as (base, base_node); its older rows
 *   get node '' (any node).
 * - sync_conflict.base_node: the node of a kept version's base.
 * - <table>_lineage triggers (SYNC_LINEAGE_NODE_TRIGGER) record the replaced version under its node
 *   and give a local edit (base = the clock it replaces) the replaced version's node as base_node,
 *   so every module's "base = hlc" and the sqlite3 tool's edits name their parent whole (the merge
 *   sets base_node after the rest, so a file's value stands). A new synced table needs base_node
 *   and this trigger (test_schema holds every table to both).
 * The old lineage triggers go first (IF EXISTS: an exchange file's copy being migrated has none),
 * so no trigger names sync_lineage while it is rebuilt. */
#define SYNC_LINEAGE_NODE_TRIGGER(t) \
	"CREATE TRIGGER " t "_lineage AFTER UPDATE OF hlc ON " t \
	" WHEN old.hlc IS NOT new.hlc OR old.origin IS NOT new.origin BEGIN" \
	" INSERT INTO sync_lineage (id, hlc, node, base, base_node)" \
	" SELECT old.id, old.hlc, old.origin, old.base, old.base_node WHERE old.base <> '' AND NOT EXISTS" \
	" (SELECT 1 FROM sync_lineage WHERE id = old.id AND hlc = old.hlc AND node = old.origin);" \
	" UPDATE " t " SET base_node = old.origin WHERE rowid = new.rowid AND new.base = old.hlc" \
	" AND new.base <> '' AND new.base_node IS old.base_node; END;"
#define SYNC_DROP_LINEAGE(t) "DROP TRIGGER IF EXISTS " t "_lineage;"
#define SYNC_BASE_NODE(t) "ALTER TABLE " t " ADD COLUMN base_node TEXT NOT NULL DEFAULT '';" SYNC_LINEAGE_NODE_TRIGGER(t)
static const char migration_base_node[] =
	SYNC_DROP_LINEAGE("community") SYNC_DROP_LINEAGE("facility") SYNC_DROP_LINEAGE("estate")
	SYNC_DROP_LINEAGE("proposal") SYNC_DROP_LINEAGE("feedback") SYNC_DROP_LINEAGE("survey_response")
	SYNC_DROP_LINEAGE("survey_template") SYNC_DROP_LINEAGE("entry_keying") SYNC_DROP_LINEAGE("entry_decision")
	SYNC_DROP_LINEAGE("record_merge")
	"ALTER TABLE sync_lineage RENAME TO sync_lineage_clock_only;"
	"CREATE TABLE sync_lineage (id TEXT NOT NULL, hlc TEXT NOT NULL, node TEXT NOT NULL, base TEXT NOT NULL,"
	" base_node TEXT NOT NULL, PRIMARY KEY (id, hlc, node)) STRICT, WITHOUT ROWID;"
	"INSERT INTO sync_lineage (id, hlc, node, base, base_node) SELECT id, hlc, '', base, '' FROM sync_lineage_clock_only;"
	"DROP TABLE sync_lineage_clock_only;"
	"ALTER TABLE sync_conflict ADD COLUMN base_node TEXT NOT NULL DEFAULT '';"
	SYNC_BASE_NODE("community") SYNC_BASE_NODE("facility") SYNC_BASE_NODE("estate")
	SYNC_BASE_NODE("proposal") SYNC_BASE_NODE("feedback") SYNC_BASE_NODE("survey_response")
	SYNC_BASE_NODE("survey_template") SYNC_BASE_NODE("entry_keying") SYNC_BASE_NODE("entry_decision")
	SYNC_BASE_NODE("record_merge");

/* The standard items' English names (data/standard_items.tsv name_en): English exports write them and
 * the facility import reads them back. Reference data, reloaded from data/ (data version 4). */
static const char migration_std_item_name_en[] =
	"ALTER TABLE std_item ADD COLUMN name_en TEXT NOT NULL DEFAULT '';";


/* Migration: a form or questionnaire edited after verification can be verified again (issue 12): a
 * new round of keyings (the record as it stands now as pass 1, a new blind keying by another operator
 * as pass 2, and its decisions) is written beside the earlier ones, which stay as they were. From
 * now on the newest live keying of each pass counts, in the views of both lists; only records keyed
 * more than once in a pass change their rows, so only theirs are rebuilt. An exchange file has no
 * views (sync drops them): IF EXISTS. */
#define NEWEST "k.created_at DESC, k.id DESC"
#define REKEYED(kind) "SELECT record_id FROM entry_keying WHERE record_kind = '" kind "' AND deleted = 0" \
	" GROUP BY record_id, pass HAVING count(*) > 1"
static const char migration_reverify[] =
	"DROP VIEW IF EXISTS feedback_entry_row;"
	FES_ROW_VIEW(FES_KEYING_BY("1", NEWEST), FES_KEYING_BY("2", NEWEST))
	FES_REFRESH("SELECT proposal_id FROM feedback WHERE id IN (" REKEYED("feedback") ")")
	"DROP VIEW IF EXISTS survey_entry_row;"
	SES_ROW_VIEW(SES_KEYING_BY("1", NEWEST), SES_KEYING_BY("2", NEWEST))
	SES_REFRESH(REKEYED("survey_response"));
/* Migration: a concurrent version whose exchanged content (every column but the version's own clock,
 * node, base, times and operator) is what the current version, or a later kept one, already holds is
 * no conflict for a person (two offices that merged the same pair, or deleted the same record, made
 * such versions). It is still kept, as kind 'identical': the merge cannot delete it and stay
 * order-free, since a later edit of the version it equals makes it a real conflict again at an office
 * that never saw that version (src/core/sync.c, normalize_conflicts). The review screen and the counts
 * leave 'identical' rows out. SQLite cannot change a CHECK in place, so the table is rebuilt with the
 * same columns, rowids and indexes. */
static const char migration_conflict_identical[] =
	"CREATE TABLE sync_conflict_identical (tbl TEXT NOT NULL, id TEXT NOT NULL, clock TEXT NOT NULL, node TEXT NOT NULL,"
	" base TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('concurrent', 'same_clock', 'identical')), data TEXT NOT NULL,"
	" reviewed TEXT NOT NULL DEFAULT '' CHECK (reviewed IN ('', 'kept', 'took')), reviewed_at TEXT NOT NULL DEFAULT '',"
	" base_node TEXT NOT NULL DEFAULT '') STRICT;"
	"INSERT INTO sync_conflict_identical (rowid, tbl, id, clock, node, base, kind, data, reviewed, reviewed_at, base_node)"
	" SELECT rowid, tbl, id, clock, node, base, kind, data, reviewed, reviewed_at, base_node FROM sync_conflict;"
	"DROP TABLE sync_conflict;"
	"ALTER TABLE sync_conflict_identical RENAME TO sync_conflict;"
	"CREATE UNIQUE INDEX sync_conflict_version ON sync_conflict (tbl, id, clock, node, data);"
	"CREATE INDEX sync_conflict_id ON sync_conflict (id);";

/* Proposals are matched by number without its leading zeros (032 is 32: a spreadsheet program
 * drops the zeros): entry's duplicate check and the possible-duplicates pairs look them up by this
 * key. The expression is PROPOSAL_NUMBER_KEY_SQL("number") of include/proposal.h, written out (this
 * layer knows no record); test_proposal checks the lookups use the index. */
static const char migration_proposal_number_key[] =
	"CREATE INDEX proposal_number_key ON proposal (handling_unit, session,"
	" (CASE WHEN number <> '' AND number NOT GLOB '*[^0-9]*' THEN coalesce(nullif(ltrim(number, '0'), ''), '0') ELSE number END));";

/* The indicators' English names (data/indicators.tsv name_en, data version 5): the English interface shows them. */
static const char migration_indicator_name_en[] =
	"ALTER TABLE indicator ADD COLUMN name_en TEXT NOT NULL DEFAULT '';";

static const char *const migrations[] = {
	migration_1,
	migration_sync,
	migration_lists,
	migration_proposals,
	migration_facilities,
	migration_operators,
	migration_proposal_sort,
	migration_double_entry,
	migration_check_kind,
	migration_templates,
	migration_entry_state,
	migration_facility_sort,
	migration_sync_exchange,
	migration_survey,
	migration_response_list,
	migration_conflict_review,
	migration_sync_later_tables,
	migration_record_merge,
	migration_survey_entry_state,
	migration_base_node,
	migration_std_item_name_en,
	migration_reverify,
	migration_conflict_identical,
	migration_proposal_number_key,
	migration_indicator_name_en,
};


#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int
migrate_latest(void)
{
	return N_MIGRATIONS;
}

int
migrate_version_containing(const char *fragment)
{
	for (int i = 0; i < N_MIGRATIONS; i++)
		if (strstr(migrations[i], fragment))
			return i + 1;
	return 0;
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
	return migrate_apply_to(db, N_MIGRATIONS, err);
}

int
migrate_apply_to(sqlite3 *db, int target, char **err)
{
	int from;

	*err = NULL;
	if (target < 0 || target > N_MIGRATIONS) {
		*err = xasprintf("migrate_apply_to: no schema version %d", target);
		return -1;
	}
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
	for (int v = from; v < target; v++) {
		char *e = NULL;
		if (sqlite3_exec(db, migrations[v], NULL, NULL, &e) != SQLITE_OK) {
			*err = xasprintf(_("updating the database to schema version %d failed: %s"), v + 1, e ? e : "?");
			sqlite3_free(e);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	if (from < target) {
		/* PRAGMA takes no bound parameters; the value is our own integer. */
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, err, _("cannot record the schema version"));
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, err, _("cannot commit the schema update"));
	return 0;
}

const char *
migrate_survey_answer_fill_sql(void)
{
	return SURVEY_ANSWER_FILL_ALL;
}
