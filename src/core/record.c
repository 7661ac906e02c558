/* record.c - the sync fields every record carries, made in one place so no record module repeats them. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"
#include "registry.h"
#include "settings.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

/* Settings key of the last clock value this database handed out. */
#define CLOCK_KEY "clock"
/* Settings key of this database's node id (made by migration_sync). */
#define NODE_KEY "node_id"

/* Classify the stored clock text s (NULL when unset) against the wall clock; *last gets its value. */
static int
clock_judge(const char *s, int64_t now_ms, hlc *last)
{
	*last = (hlc){ 0, 0 };
	if (!s)
		return 0;
	/* A clock that does not parse is never silently restarted from zero: values handed out
	 * before may be larger, and reusing them would let old versions beat new ones. */
	if (hlc_parse(s, last) != 0)
		return RECORD_ERR_CLOCK_DAMAGED;
	/* Far ahead means the wall clock was set back (a flat CMOS battery) or the file was
	 * edited: stamping on from there would make this office's edits win every merge. */
	if (last->ms > now_ms && last->ms - now_ms > RECORD_CLOCK_MAX_AHEAD_MS)
		return RECORD_ERR_CLOCK_AHEAD;
	return 0;
}

int
record_clock_state(sqlite3 *db, int64_t now_ms, char *stored, size_t stored_size)
{
	sqlite3_stmt *st;
	char *s = NULL;
	hlc last;
	int rc;

	if (stored_size > 0)
		stored[0] = '\0';
	/* Prepared here, not through settings_get, to tell "unset" from "cannot read". */
	if (sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = '" CLOCK_KEY "'", -1, &st, NULL) != SQLITE_OK)
		return RECORD_ERR_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = xstrdup(sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		free(s);
		return RECORD_ERR_DB;
	}
	if (s && stored_size > 0)
		snprintf(stored, stored_size, "%s", s);
	rc = clock_judge(s, now_ms, &last);
	free(s);
	return rc;
}

int
record_clock_tick_at(sqlite3 *db, int64_t now_ms, char out[HLC_TEXT_LEN])
{
	/* Compare and swap: another copy of the program may tick between our read and our write,
	 * so the write only lands if the clock still holds what we read; otherwise read again. */
	for (int tries = 0; tries < 1000; tries++) {
		char *last_s = settings_get(db, CLOCK_KEY);
		hlc last, next;
		const char *p[3] = { CLOCK_KEY, out, last_s };
		int rc = clock_judge(last_s, now_ms, &last);

		if (rc == 0) {
			next = hlc_tick(last, now_ms);
			hlc_format(next, out);
			/* The text form holds 15 digits of ms; a value past that would wrap to zero. */
			if (hlc_cmp(next, last) <= 0 || next.ms > INT64_C(999999999999999))
				rc = RECORD_ERR_CLOCK_AHEAD;
		}
		if (rc == 0 && last_s)
			rc = db_exec_params(db, "UPDATE settings SET value = ?2 WHERE key = ?1 AND value = ?3", 3, p);
		else if (rc == 0)
			rc = db_exec_params(db, "INSERT INTO settings (key, value) VALUES (?1, ?2)"
			    " ON CONFLICT (key) DO NOTHING", 2, p);
		free(last_s);
		if (rc != 0)
			return rc == RECORD_ERR_CLOCK_DAMAGED || rc == RECORD_ERR_CLOCK_AHEAD ? rc : RECORD_ERR_DB;
		if (sqlite3_changes(db) == 1)
			return 0;
	}
	return RECORD_ERR_DB;
}

int
record_clock_tick(sqlite3 *db, char out[HLC_TEXT_LEN])
{
	return record_clock_tick_at(db, util_now_ms(), out);
}

const char *
record_error_message(int rc)
{
	switch (rc) {
	case RECORD_ERR_CLOCK_DAMAGED:
		return _("the database's clock value is damaged, so no record can be saved; "
		    "nothing was changed (see `lifecircle info`)");
	case RECORD_ERR_CLOCK_AHEAD:
		return _("the database's clock is more than a day ahead of this computer's clock; "
		    "check the computer's date and time (see `lifecircle info`); nothing was saved");
	case RECORD_ERR_NO_NODE:
		return _("the database has no valid node id (settings node_id), so no record can be saved");
	default:
		return NULL;
	}
}

char *
record_node_id(sqlite3 *db)
{
	char *id = settings_get(db, NODE_KEY);
	size_t n = id ? strspn(id, "0123456789abcdef") : 0;

	/* Anything but 32 lower-case hex digits was not made by the migration: never stamp it. */
	if (id && (n != RECORD_NODE_LEN - 1 || id[n] != '\0')) {
		free(id);
		id = NULL;
	}
	return id;
}

int
record_version_cmp(const char *hlc_a, const char *origin_a, const char *hlc_b, const char *origin_b)
{
	/* Clock texts have a fixed width, so text order is clock order. */
	int c = strcmp(hlc_a ? hlc_a : "", hlc_b ? hlc_b : "");

	if (c == 0)
		c = strcmp(origin_a ? origin_a : "", origin_b ? origin_b : "");
	return (c > 0) - (c < 0);
}

long long
record_change_seq(sqlite3 *db)
{
	return db_query_int(db, "SELECT seq FROM change_counter WHERE id = 1", -1);
}

static void
copy_field(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Copy src into dst (n bytes), cut if it must be at a UTF-8 character boundary, never inside one. */
static void
copy_utf8(char *dst, size_t n, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (len >= n) {
		len = n - 1;
		/* Back up over continuation bytes (10xxxxxx) to the start of the cut character. */
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	if (len > 0)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

/* Stamp m as a new version written here: operator, origin (this node), time and clock. */
static int
stamp(sqlite3 *db, record_meta *m)
{
	char *op, *node = record_node_id(db);

	if (!node)
		return RECORD_ERR_NO_NODE;
	copy_field(m->origin, sizeof m->origin, node);
	free(node);
	op = settings_get(db, "operator");
	copy_utf8(m->operator_name, sizeof m->operator_name, op);
	free(op);
	util_now_iso8601(m->updated_at);
	return record_clock_tick(db, m->hlc);
}

int
record_meta_new(sqlite3 *db, record_meta *m)
{
	int rc;

	memset(m, 0, sizeof *m);
	uuid_v7(m->id);
	if ((rc = stamp(db, m)) != 0)
		return rc;
	memcpy(m->created_at, m->updated_at, sizeof m->created_at);
	m->deleted = 0;
	m->base[0] = '\0';
	m->base_node[0] = '\0';
	return 0;
}

int
record_meta_touch(sqlite3 *db, record_meta *m)
{
	record_meta next = *m;
	int rc;

	/* The version being replaced is the base of the new one, so a merge can tell an edit of
	 * the same version made at two offices (a conflict) from an edit of an edit. */
	memcpy(next.base, m->hlc, sizeof next.base);
	memcpy(next.base_node, m->origin, sizeof next.base_node);
	if ((rc = stamp(db, &next)) != 0)
		return rc;
	*m = next;
	return 0;
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
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, first + 7, m->base, -1, SQLITE_TRANSIENT);
	return rc;
}

/* Keep the base of the version about to be replaced (record id, its clock, its base) in
 * sync_lineage, so a merge can walk a chain of edits (see src/core/sync.c). Works for every synced
 * table of the registry, so a new table needs nothing of its own; the built-in triggers of the
 * first tables do the same for rows the sqlite3 tool edits. A database without sync_lineage (an
 * older schema) has nothing to keep. 0, or RECORD_ERR_DB. */
static int
note_lineage(sqlite3 *db, const char *id)
{
	const char *p[1] = { id };

	if (db_query_int(db, "SELECT 1 FROM sqlite_schema WHERE name = 'sync_lineage'", 0) != 1)
		return 0;
	for (int i = 0; i < registry_table_count(); i++) {
		char *sql = xasprintf("INSERT INTO sync_lineage (id, hlc, node, base, base_node) SELECT id, hlc, origin, base,"
		    " base_node FROM \"%s\" AS t WHERE id = ?1 AND base <> '' AND NOT EXISTS (SELECT 1 FROM sync_lineage l"
		    " WHERE l.id = ?1 AND l.hlc = t.hlc AND l.node = t.origin)", registry_table_at(i)->name);
		int rc = db_exec_params(db, sql, 1, p);
		free(sql);
		if (rc != 0)
			return RECORD_ERR_DB;
		if (sqlite3_changes(db) > 0)
			break;
	}
	return 0;
}

/* Set the deleted flag of the row with id in table as a new edit of the version it had: a new
 * clock tick, this node as origin, base and base_node = the row's clock and origin before the
 * change. Restoring is such an edit too, so a restore made after a tombstone wins over it wherever
 * the two meet. */
static int
set_deleted(sqlite3 *db, const char *table, const char *id, int deleted)
{
	record_meta m;
	char *sql;
	const char *params[5];
	int rc;

	memset(&m, 0, sizeof m);
	if ((rc = stamp(db, &m)) != 0)
		return rc;
	if ((rc = note_lineage(db, id)) != 0)
		return rc;
	/* table is a program identifier, never user text; values are bound. base = hlc reads the
	 * row's clock (and base_node = origin its node) before this UPDATE changes it: the change is an
	 * edit of that version. */
	sql = xasprintf("UPDATE %s SET deleted = %d, base = hlc, base_node = origin, updated_at = ?1, hlc = ?2,"
	    " operator = ?3, origin = ?5 WHERE id = ?4%s", table, deleted, deleted ? "" : " AND deleted = 1");
	params[0] = m.updated_at;
	params[1] = m.hlc;
	params[2] = m.operator_name;
	params[3] = id;
	params[4] = m.origin;
	rc = db_exec_params(db, sql, 5, params);
	free(sql);
	if (rc != 0)
		return RECORD_ERR_DB;
	return sqlite3_changes(db) > 0 ? 0 : 1;
}

int
record_tombstone(sqlite3 *db, const char *table, const char *id)
{
	return set_deleted(db, table, id, 1);
}

int
record_restore(sqlite3 *db, const char *table, const char *id)
{
	return set_deleted(db, table, id, 0);
}

char *
record_clock_describe(sqlite3 *db)
{
	char stored[HLC_TEXT_LEN + 16];
	int rc = record_clock_state(db, util_now_ms(), stored, sizeof stored);

	/* The text came from the file: show only printable ASCII, whatever was written there. */
	for (char *p = stored; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	switch (rc) {
	case 0:
		return *stored ? xasprintf(_("%s (fine)"), stored) : xstrdup(_("not used yet"));
	case RECORD_ERR_CLOCK_DAMAGED:
		return xasprintf(_("DAMAGED: \"%s\" is not a clock value; records cannot be saved"), stored);
	case RECORD_ERR_CLOCK_AHEAD:
		return xasprintf(_("%s is more than a day ahead of this computer's clock; check the date and time"), stored);
	default:
		return xasprintf(_("cannot be read: %s"), sqlite3_errmsg(db));
	}
}

int
record_write_update(sqlite3 *db, sqlite3_stmt *st, record_bind_fn bind, const void *rec, int meta_first,
    const char *id)
{
	record_meta m;
	int rc;

	if (!st)
		return -1;
	memset(&m, 0, sizeof m);
	if ((rc = record_meta_touch(db, &m)) != 0) {
		sqlite3_finalize(st);
		return rc;
	}
	if ((rc = note_lineage(db, id)) != 0) {
		sqlite3_finalize(st);
		return rc;
	}
	rc = bind(st, 1, rec);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, meta_first, m.updated_at, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, meta_first + 1, m.hlc, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, meta_first + 2, m.operator_name, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, meta_first + 3, m.origin, -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, meta_first + 4, id, -1, SQLITE_TRANSIENT);
	rc = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db) == 1 ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int
record_write_insert(sqlite3 *db, sqlite3_stmt *st, record_bind_fn bind, const void *rec, char id_out[UUID_TEXT_LEN])
{
	record_meta m;
	int rc;

	if (!st)
		return -1;
	if ((rc = record_meta_new(db, &m)) != 0) {
		sqlite3_finalize(st);
		return rc;
	}
	rc = record_bind_meta(st, 1, &m);
	if (rc == SQLITE_OK)
		rc = bind(st, 1 + RECORD_META_COUNT, rec);
	rc = rc == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc == 0)
		memcpy(id_out, m.id, UUID_TEXT_LEN);
	sqlite3_finalize(st);
	return rc;
}

int
record_write_failed(sqlite3 *db, int rc, const char *what, char **err)
{
	const char *why = record_error_message(rc);

	*err = xasprintf("%s: %s", what, why ? why : db_error_text(db));
	db_rollback(db);
	return -1;
}

int
record_in_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *ud, char **err), void *ud, const char *what,
    char **err)
{
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, what, err);
	if (fn(db, ud, err) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0)
		return record_write_failed(db, -1, what, err);
	return 0;
}

int
record_delete(sqlite3 *db, const char *table, const char *id, const char *what, char **err)
{
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, what, err);
	{
		char *sql = xasprintf("SELECT id FROM %s WHERE id = ?1 AND deleted = 0", table);
		const char *p[1] = { id };
		char *live = db_query_text(db, sql, 1, p);

		/* A record already deleted is not deleted again (that would make a needless new version). */
		rc = live ? record_tombstone(db, table, id) : 1;
		free(live);
		free(sql);
	}
	if (rc == 1) {
		db_rollback(db);
		return 1;
	}
	if (rc != 0)
		return record_write_failed(db, rc, what, err);
	if (db_commit(db) != 0)
		return record_write_failed(db, -1, what, err);
	return 0;
}
