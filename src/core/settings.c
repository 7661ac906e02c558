/* settings.c - key/value settings and the office identity (who enters records, and where). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "settings.h"
#include "field.h"
#include "db.h"
#include "record.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

char *
settings_get(sqlite3 *db, const char *key)
{
	const char *p[1] = { key };
	return db_query_text(db, "SELECT value FROM settings WHERE key = ?1", 1, p);
}

int
settings_set(sqlite3 *db, const char *key, const char *value)
{
	const char *p[2] = { key, value };

	if (!value)
		return db_exec_params(db, "DELETE FROM settings WHERE key = ?1", 1, p);
	return db_exec_params(db,
	    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, p);
}

/* Keys of the identity fields, in the order of office_identity's members. */
static const char *const identity_keys[] = {
	"community", "subdistrict", "district", "office_code", "operator", "households", "residents"
};

#define N_IDENTITY ((int)(sizeof identity_keys / sizeof identity_keys[0]))

static char **
identity_slot(office_identity *id, int i)
{
	char **slots[] = { &id->community, &id->subdistrict, &id->district, &id->office_code,
	    &id->operator_name, &id->households, &id->residents };
	return slots[i];
}

void
settings_identity_load(sqlite3 *db, office_identity *id)
{
	for (int i = 0; i < N_IDENTITY; i++) {
		char *v = settings_get(db, identity_keys[i]);
		*identity_slot(id, i) = v ? v : xstrdup("");
	}
}

void
settings_identity_free(office_identity *id)
{
	for (int i = 0; i < N_IDENTITY; i++) {
		free(*identity_slot(id, i));
		*identity_slot(id, i) = NULL;
	}
}

bool
settings_office_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 16)
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

/* Empty, or a whole number in range (households <= 1e7 and residents <= 1e8 are both well above any community). */
static bool
count_ok(const char *s, long long max)
{
	long long v = 0;

	if (!s || !*s)
		return true;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || p - s > 9)
			return false;
		v = v * 10 + (*p - '0');
	}
	return v <= max;
}

static const char *check_trimmed(const office_identity *id, const char **bad_field);

/* Copy of id with blanks trimmed from every field (NULL fields become ""). */
static void
identity_trim(const office_identity *id, office_identity *t)
{
	for (int i = 0; i < N_IDENTITY; i++)
		*identity_slot(t, i) = str_trim_dup(*identity_slot((office_identity *)id, i));
}

const char *
settings_identity_check(const office_identity *id, const char **bad_field)
{
	office_identity t;
	const char *msg;

	identity_trim(id, &t);
	msg = check_trimmed(&t, bad_field);
	settings_identity_free(&t);
	return msg;
}

static const char *
check_trimmed(const office_identity *id, const char **bad_field)
{
	const char *none = NULL;
	char *ctrl;

	if (!bad_field)
		bad_field = &none;
	*bad_field = NULL;
	if (field_text_is_blank(id->community))
		return *bad_field = "community", _("The community name is required.");
	if (field_text_is_blank(id->district))
		return *bad_field = "district", _("The district is required.");
	if (!id->office_code || !settings_office_code_ok(id->office_code))
		return *bad_field = "office_code",
		    _("The office code is 2 to 16 letters, digits, - or _ (e.g. HBW-0123).");
	if (field_text_is_blank(id->operator_name))
		return *bad_field = "operator", _("The operator's name is required.");
	if (!count_ok(id->households, 10000000))
		return *bad_field = "households", _("The number of households is a whole number from 0 to 10000000.");
	if (!count_ok(id->residents, 100000000))
		return *bad_field = "residents", _("The number of residents is a whole number from 0 to 100000000.");
	for (int i = 0; i < N_IDENTITY; i++) {
		const char *v = *identity_slot((office_identity *)id, i);
		if (v && (!utf8_is_valid_bytes(v, strlen(v)) || utf8_len_chars(v) > 100))
			return *bad_field = identity_keys[i], _("At most 100 characters of valid UTF-8 text.");
		if (v && (ctrl = field_text_controls(v, false)) != NULL) {
			/* The field's own message names the character; this one is static for the caller. */
			free(ctrl);
			return *bad_field = identity_keys[i], _("Control characters (such as escape codes) are not allowed in names.");
		}
	}
	return NULL;
}

/* Bind a count field: NULL when empty. */
static int
bind_count(sqlite3_stmt *st, int i, const char *v)
{
	return v && *v ? sqlite3_bind_int64(st, i, atoll(v)) : sqlite3_bind_null(st, i);
}

static int
bind_community(sqlite3_stmt *st, int first, const office_identity *id)
{
	const char *text[4] = { id->office_code, id->community, id->subdistrict, id->district };
	int rc = SQLITE_OK;

	for (int i = 0; i < 4 && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(st, first + i, text[i] ? text[i] : "", -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = bind_count(st, first + 4, id->households);
	if (rc == SQLITE_OK)
		rc = bind_count(st, first + 5, id->residents);
	return rc;
}

/* This office's own community record: the district merges these to get its denominators.
 * Its id is remembered in the settings; the row is updated, never replaced. */
static int
save_community(sqlite3 *db, const office_identity *id)
{
	char *cid = settings_get(db, "community_id");
	const char *p[1] = { cid };
	char *exists = cid ? db_query_text(db, "SELECT id FROM community WHERE id = ?1", 1, p) : NULL;
	record_meta m;
	sqlite3_stmt *st;
	int rc = RECORD_ERR_DB, mrc = 0;

	if (exists) {
		memset(&m, 0, sizeof m);
		/* base = hlc: the new version is an edit of the one stored (read before the UPDATE). */
		st = db_prepare(db, "UPDATE community SET code = ?1, name = ?2, subdistrict = ?3, district = ?4,"
		    " households = ?5, residents = ?6, updated_at = ?7, base = hlc, hlc = ?8, operator = ?9, origin = ?11,"
		    " deleted = 0 WHERE id = ?10");
		if (st && (mrc = record_meta_touch(db, &m)) == 0 && bind_community(st, 1, id) == SQLITE_OK &&
		    sqlite3_bind_text(st, 7, m.updated_at, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_bind_text(st, 8, m.hlc, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_bind_text(st, 9, m.operator_name, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_bind_text(st, 10, exists, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_bind_text(st, 11, m.origin, -1, SQLITE_TRANSIENT) == SQLITE_OK)
			rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	} else {
		st = db_prepare(db, "INSERT INTO community (" RECORD_META_NAMES ", code, name, subdistrict,"
		    " district, households, residents) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
		if (st && (mrc = record_meta_new(db, &m)) == 0 && record_bind_meta(st, 1, &m) == SQLITE_OK &&
		    bind_community(st, 1 + RECORD_META_COUNT, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE)
			rc = settings_set(db, "community_id", m.id);
	}
	sqlite3_finalize(st);
	free(exists);
	free(cid);
	return mrc != 0 ? mrc : rc;
}

/* Roll back and report why a save failed. */
static int
save_failed(sqlite3 *db, char **err, const char *what)
{
	*err = xasprintf("%s: %s", what, db_error_text(db)); /* read-only, disk full, busy: in plain words */
	db_rollback(db);
	return -1;
}

static int
save_trimmed(sqlite3 *db, const office_identity *id, char **err)
{
	const char *msg = settings_identity_check(id, NULL);
	int rc;

	if (msg) {
		*err = xstrdup(msg);
		return -1;
	}
	if (db_begin(db) != 0)
		return save_failed(db, err, _("cannot save the settings"));
	for (int i = 0; i < N_IDENTITY; i++)
		if (settings_set(db, identity_keys[i], *identity_slot((office_identity *)id, i)) != 0)
			return save_failed(db, err, _("cannot save the settings"));
	if ((rc = save_community(db, id)) != 0) {
		const char *why = record_error_message(rc);

		if (!why)
			return save_failed(db, err, _("cannot save the community record"));
		*err = xasprintf("%s: %s", _("cannot save the community record"), why);
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0)
		return save_failed(db, err, _("cannot save the settings"));
	return 0;
}

int
settings_identity_save(sqlite3 *db, const office_identity *id, char **err)
{
	office_identity t;
	int rc;

	*err = NULL;
	identity_trim(id, &t);
	rc = save_trimmed(db, &t, err);
	settings_identity_free(&t);
	return rc;
}

bool
settings_identity_is_set(sqlite3 *db)
{
	char *v = settings_get(db, "office_code");
	bool set = v && *v;

	free(v);
	return set;
}
