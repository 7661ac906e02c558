/* record.h - what every sync-ready record carries, given to all record modules from one place. */
#ifndef LC_RECORD_H
#define LC_RECORD_H

#include <sqlite3.h>
#include <stdint.h>
#include "uuid.h"
#include "hlc.h"

/* Column names in the order record_bind_meta binds them (for INSERT of a new record). base_node is not
 * among them: a new record has none (the column's default ''), and an UPDATE that sets base = hlc gets
 * the replaced version's origin from the table's lineage trigger (migration_base_node). The table
 * definitions themselves are literal SQL in src/db/migrate.c, never built from this header. */
#define RECORD_META_NAMES "id, origin, created_at, updated_at, hlc, operator, deleted, base"
#define RECORD_META_COUNT 8

/* Bytes kept of an operator's name: the settings allow 100 characters of up to 4 bytes each;
 * a longer value written by another tool is cut at a character boundary, never inside one. */
#define RECORD_OPERATOR_BYTES 404
/* Text length of a node id: 16 random bytes as lower-case hex, plus NUL. */
#define RECORD_NODE_LEN 33
/* A stored clock further than this ahead of the wall clock is reported, not used. */
#define RECORD_CLOCK_MAX_AHEAD_MS (24LL * 60 * 60 * 1000)

/* Results of the functions below besides 0 (success). */
enum record_error {
	RECORD_ERR_DB = -1,		/* the database refused; sqlite3_errmsg says why */
	RECORD_ERR_CLOCK_DAMAGED = -2,	/* the stored clock does not parse: nothing is written */
	RECORD_ERR_CLOCK_AHEAD = -3,	/* the stored clock is over a day ahead of the wall clock: nothing is written */
	RECORD_ERR_NO_NODE = -4		/* the database has no node id (not migrated) */
};

/* The sync fields of one record version. change_seq is not here: triggers in the database keep
 * it on every write (see migration_sync), so rows written by any tool get one. */
/* The origin of a record shipped in data/ (a questionnaire template): the same record in every
 * office, never exported (each office loads it from its own data/). */
#define RECORD_ORIGIN_SHIPPED "shipped"

typedef struct record_meta {
	char id[UUID_TEXT_LEN];
	char origin[64];		/* node id of the database that wrote this version */
	char created_at[32];
	char updated_at[32];
	char hlc[HLC_TEXT_LEN];
	char operator_name[RECORD_OPERATOR_BYTES];
	int deleted;
	char base[HLC_TEXT_LEN];	/* clock of the version this one was edited from; "" for a new record */
	char base_node[64];		/* node (origin) of that version: (base, base_node) names it whole; "" with base */
} record_meta;

/* Fill meta for a new record: fresh id, this database's node id as origin, now, next clock tick (persisted), current operator, empty base. 0 or a record_error. */
int record_meta_new(sqlite3 *db, record_meta *meta);
/* Refresh meta for a change of the version it holds: base and base_node become its hlc and origin, then updated_at, clock, operator and origin (this node) are new; keeps id, created_at. 0 or a record_error. */
int record_meta_touch(sqlite3 *db, record_meta *meta);
/* Bind the eight meta fields to stmt parameters first..first+7 in RECORD_META_NAMES order; SQLITE_OK on success. */
int record_bind_meta(sqlite3_stmt *stmt, int first, const record_meta *meta);
/* Mark the row with id in table as deleted (a tombstone) as a new version: base = its clock, new clock, operator and origin; 0 on success, 1 if no such row, else a record_error. table must be a known identifier, never user text. */
int record_tombstone(sqlite3 *db, const char *table, const char *id);
/* Undo a tombstone: clear deleted on the row with id in table, as a new edit (new clock, base, origin, updated_at, operator); 0 on success, 1 if no such deleted row, else a record_error. table must be a known identifier. */
int record_restore(sqlite3 *db, const char *table, const char *id);
/* Advance and persist the database's clock from the wall clock; writes the new value into out. 0 or a record_error (a damaged or far-ahead clock is reported and left as it is). */
int record_clock_tick(sqlite3 *db, char out[HLC_TEXT_LEN]);
/* record_clock_tick with the wall clock given (Unix ms), for tests. */
int record_clock_tick_at(sqlite3 *db, int64_t now_ms, char out[HLC_TEXT_LEN]);
/* State of the stored clock against the wall clock now_ms, without writing: 0 (fine or not yet set), RECORD_ERR_CLOCK_DAMAGED, RECORD_ERR_CLOCK_AHEAD or RECORD_ERR_DB. stored gets the stored text cut to fit ("" when unset). */
int record_clock_state(sqlite3 *db, int64_t now_ms, char *stored, size_t stored_size);
/* Translated sentence for a record_error for the user (static), or NULL for 0 and RECORD_ERR_DB (then sqlite3_errmsg says why). */
const char *record_error_message(int rc);
/* This database's node id (heap), or NULL when it has none or it is not 32 lower-case hex digits. */
char *record_node_id(sqlite3 *db);
/* Order of two versions of one record: by clock, then by origin (node id) as the tie-breaker; <0, 0, >0 (0 only for the same version). */
int record_version_cmp(const char *hlc_a, const char *origin_a, const char *hlc_b, const char *origin_b);
/* The last change sequence handed out in this database (0 when none), or -1 on error. Rows with change_seq above a mark taken earlier are what changed since. */
long long record_change_seq(sqlite3 *db);
/* One line for `lifecircle info` on the stored clock: its value and whether it is fine, damaged or far ahead (heap, translated, printable ASCII from the file only). */
char *record_clock_describe(sqlite3 *db);

/* Binds one record's own data fields to stmt parameters from first on; SQLITE_OK on success. */
typedef int (*record_bind_fn)(sqlite3_stmt *stmt, int first, const void *rec);
/* Run an UPDATE of one live row as a new version: touch a fresh meta, bind rec's fields from 1, then updated_at, hlc, operator, origin and id at meta_first..meta_first+4; finalizes stmt (NULL gives -1). 0 when exactly one row changed, else -1 or a record_error. */
int record_write_update(sqlite3 *db, sqlite3_stmt *stmt, record_bind_fn bind, const void *rec, int meta_first, const char *id);
/* Run an INSERT of a new record: new meta bound at 1..RECORD_META_COUNT, rec's fields after it; id_out gets the new id on success; finalizes stmt (NULL gives -1). 0, -1 or a record_error. */
int record_write_insert(sqlite3 *db, sqlite3_stmt *stmt, record_bind_fn bind, const void *rec, char id_out[UUID_TEXT_LEN]);
/* A failed write inside a transaction: *err = "what: why" (the record_error's sentence, else SQLite's, heap), then roll back; always -1. */
int record_write_failed(sqlite3 *db, int rc, const char *what, char **err);
/* Run fn(db, ud, err) (a *_tx write that sets *err when it fails) in a transaction of its own:
 * committed when it returns 0, else rolled back. 0, or -1 with *err (a transaction that cannot
 * begin or commit: "what: why", heap). */
int record_in_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *ud, char **err), void *ud, const char *what,
    char **err);
/* Tombstone the live row with id in table in a transaction of its own: 0 when deleted, 1 (nothing written, *err NULL) when there is no live row, else -1 with *err = "what: why" (heap). table must be a known identifier. */
int record_delete(sqlite3 *db, const char *table, const char *id, const char *what, char **err);

#endif
