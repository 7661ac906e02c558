/* record.c - the sync fields every record carries, made in one place so no record module repeats them. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"
#include "settings.h"
#include "db.h"
#include "util.h"

/* Settings key of the last clock value this database handed out. */
#define CLOCK_KEY "clock"

int
record_clock_tick(sqlite3 *db, char out[HLC_TEXT_LEN])
{
	/* Compare and swap: another copy of the program may tick between our read and our write,
	 * so the write only lands if the clock still holds what we read; otherwise read again. */
	for (int tries = 0; tries < 1000; tries++) {
		char *last_s = settings_get(db, CLOCK_KEY);
		hlc last = { 0, 0 };
		const char *p[3] = { CLOCK_KEY, out, last_s };
		int rc;

		if (last_s)
			hlc_parse(last_s, &last);
		hlc_format(hlc_tick(last, util_now_ms()), out);
		if (last_s)
			rc = db_exec_params(db, "UPDATE settings SET value = ?2 WHERE key = ?1 AND value = ?3", 3, p);
		else
			rc = db_exec_params(db, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
			    " ON CONFLICT (key) DO NOTHING", 2, p);
		free(last_s);
		if (rc != 0)
			return -1;
		if (sqlite3_changes(db) == 1)
			return 0;
	}
	return -1;
}

static void
copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

static int
stamp(sqlite3 *db, record_meta *m)
{
	char *op = settings_get(db, "operator");

	copy_field(m->operator_name, sizeof m->operator_name, op);
	free(op);
	util_now_iso8601(m->updated_at);
	return record_clock_tick(db, m->hlc);
}

int
record_meta_new(sqlite3 *db, record_meta *m)
{
	char *office = settings_get(db, "office_code");

	memset(m, 0, sizeof *m);
	uuid_v7(m->id);
	copy_field(m->origin, sizeof m->origin, office);
	free(office);
	if (stamp(db, m) != 0)
		return -1;
	memcpy(m->created_at, m->updated_at, sizeof m->created_at);
	m->deleted = 0;
	return 0;
}

int
record_meta_touch(sqlite3 *db, record_meta *m)
{
	return stamp(db, m);
}

int
record_bind_meta(sqlite3_stmt *st, int first, const record_meta *m)
{
	const char *text[6] = { m->id, m->origin, m->created_at, m->updated_at, m->hlc, m->operator_name };
	int rc = SQLITE_OK;

	for (int i = 0; i < 6 && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(st, first + i, text[i], -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, first + 6, m->deleted);
	return rc;
}

int
record_tombstone(sqlite3 *db, const char *table, const char *id)
{
	record_meta m;
	char *sql;
	const char *params[4];
	int rc;

	memset(&m, 0, sizeof m);
	if (stamp(db, &m) != 0)
		return -1;
	/* table is a program identifier, never user text; values are bound. */
	sql = xasprintf("UPDATE %s SET deleted = 1, updated_at = ?1, hlc = ?2, operator = ?3 WHERE id = ?4", table);
	params[0] = m.updated_at;
	params[1] = m.hlc;
	params[2] = m.operator_name;
	params[3] = id;
	rc = db_exec_params(db, sql, 4, params);
	free(sql);
	if (rc != 0)
		return -1;
	return sqlite3_changes(db) > 0 ? 0 : 1;
}

int
record_restore(sqlite3 *db, const char *table, const char *id)
{
	record_meta m;
	char *sql;
	const char *params[4];
	int rc;

	/* Restoring is a new edit: a new clock tick, so the restore wins over the older tombstone on merge. */
	memset(&m, 0, sizeof m);
	if (stamp(db, &m) != 0)
		return -1;
	sql = xasprintf("UPDATE %s SET deleted = 0, updated_at = ?1, hlc = ?2, operator = ?3 WHERE id = ?4 AND deleted = 1",
	    table);
	params[0] = m.updated_at;
	params[1] = m.hlc;
	params[2] = m.operator_name;
	params[3] = id;
	rc = db_exec_params(db, sql, 4, params);
	free(sql);
	if (rc != 0)
		return -1;
	return sqlite3_changes(db) > 0 ? 0 : 1;
}
