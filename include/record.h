/* record.h - what every sync-ready record carries, given to all record modules from one place. */
#ifndef LC_RECORD_H
#define LC_RECORD_H

#include <sqlite3.h>
#include "uuid.h"
#include "hlc.h"

/* Column definitions every user table starts with (inside CREATE TABLE). */
#define RECORD_META_COLUMNS \
	"id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 36), " \
	"origin TEXT NOT NULL, " \
	"created_at TEXT NOT NULL, " \
	"updated_at TEXT NOT NULL, " \
	"hlc TEXT NOT NULL, " \
	"operator TEXT NOT NULL DEFAULT '', " \
	"deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))"

/* Column names in the order record_bind_meta binds them. */
#define RECORD_META_NAMES "id, origin, created_at, updated_at, hlc, operator, deleted"
#define RECORD_META_COUNT 7

/* The sync fields of one record version. */
typedef struct record_meta {
	char id[UUID_TEXT_LEN];
	char origin[64];
	char created_at[32];
	char updated_at[32];
	char hlc[HLC_TEXT_LEN];
	char operator_name[128];
	int deleted;
} record_meta;

/* Fill meta for a new record: fresh id, this office, now, next clock tick (persisted), current operator. 0 on success. */
int record_meta_new(sqlite3 *db, record_meta *meta);
/* Refresh meta for a change of an existing record: updated_at, clock, operator; keeps id, origin, created_at. 0 on success. */
int record_meta_touch(sqlite3 *db, record_meta *meta);
/* Bind the seven meta fields to stmt parameters first..first+6 in RECORD_META_NAMES order; SQLITE_OK on success. */
int record_bind_meta(sqlite3_stmt *stmt, int first, const record_meta *meta);
/* Mark the row with id in table as deleted (a tombstone), with a new clock and operator; 0 on success, 1 if no such row. table must be a known identifier, never user text. */
int record_tombstone(sqlite3 *db, const char *table, const char *id);
/* Undo a tombstone: clear deleted on the row with id in table, as a new edit (new clock, updated_at, operator); 0 on success, 1 if no such deleted row. table must be a known identifier. */
int record_restore(sqlite3 *db, const char *table, const char *id);
/* Advance and persist the database's clock; writes the new value into out. 0 on success. */
int record_clock_tick(sqlite3 *db, char out[HLC_TEXT_LEN]);

#endif
