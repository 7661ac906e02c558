/* synctest.h - simulated offices for the sync tests: a database file each, records written through
 * the record API (estates: the smallest synced record), exports and imports through sync.h. */
#ifndef LC_SYNCTEST_H
#define LC_SYNCTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db.h"
#include "record.h"
#include "refdata.h"
#include "settings.h"
#include "sync.h"
#include "util.h"

/* A new office database dir/NAME.db with office code NAME; NULL (and a diagnostic) on failure. */
static __attribute__((unused)) sqlite3 *
office_open(const char *dir, const char *name)
{
	char *path = xasprintf("%s/%s.db", dir, name);
	db_open_result r = db_open(path, refdata_dir());

	if (!r.db)
		printf("# open %s: %s\n", path, r.error ? r.error : "?");
	else
		settings_set(r.db, "office_code", name);
	free(r.error);
	free(path);
	return r.db;
}

/* Check and merge again files already imported (the tests vary it; the program does not). */
static bool synctest_recheck;

typedef struct estate_rec {
	const char *community, *name;
} estate_rec;

static int
estate_bind(sqlite3_stmt *st, int first, const void *rec)
{
	const estate_rec *e = rec;
	int rc = sqlite3_bind_text(st, first, e->community, -1, SQLITE_TRANSIENT);

	return rc == SQLITE_OK ? sqlite3_bind_text(st, first + 1, e->name, -1, SQLITE_TRANSIENT) : rc;
}

/* Create an estate record; its id into id. 0 on success. */
static __attribute__((unused)) int
estate_create(sqlite3 *db, const char *name, char id[UUID_TEXT_LEN])
{
	estate_rec e = { "c1", name };
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO estate (" RECORD_META_NAMES ", community, name)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

	return record_write_insert(db, st, estate_bind, &e, id);
}

/* A new version of the estate: its name changed. 0 on success. */
static __attribute__((unused)) int
estate_edit(sqlite3 *db, const char *id, const char *name)
{
	estate_rec e = { "c1", name };
	sqlite3_stmt *st = db_prepare(db, "UPDATE estate SET community = ?1, name = ?2, updated_at = ?3, base = hlc,"
	    " hlc = ?4, operator = ?5, origin = ?6 WHERE id = ?7 AND deleted = 0");

	return record_write_update(db, st, estate_bind, &e, 3, id);
}

/* Export to path (dest NULL: district); 0 on success, else prints why. */
static __attribute__((unused)) int
office_export(sqlite3 *db, const char *path, const char *dest, bool full)
{
	sync_export_opts o = { dest, full, NULL, false };
	sync_export_result r;
	char *err = NULL;
	int rc = sync_export(db, path, &o, &r, &err);

	if (rc != 0)
		printf("# export %s: %s\n", path, err ? err : "?");
	free(err);
	sync_export_result_free(&r);
	return rc;
}

/* Import path; 0 on success (r filled), else -1 and *why (heap) when why is not NULL. */
static __attribute__((unused)) int
office_import(sqlite3 *db, const char *path, sync_receipt *r, char **why)
{
	sync_import_opts o = { false, 0, synctest_recheck, NULL };
	sync_receipt dummy;
	char *err = NULL;
	int rc = sync_import(db, path, &o, r ? r : &dummy, &err);

	if (why)
		*why = err;
	else {
		if (rc != 0)
			printf("# import %s: %s\n", path, err ? err : "?");
		free(err);
	}
	return rc;
}

/* The canonical digest of db's records and conflicts (static buffer per call site is the caller's). */
static __attribute__((unused)) void
office_digest(sqlite3 *db, char out[SYNC_HASH_HEX])
{
	if (sync_digest(db, out) != 0)
		snprintf(out, SYNC_HASH_HEX, "error");
}

static __attribute__((unused)) long long
office_int(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql, -1);
}

#endif
