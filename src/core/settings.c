/* settings.c - key/value settings and the office identity (who enters records, and where). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "settings.h"
#include "field.h"
#include "db.h"
#include "record.h"
#include "dupmerge.h"
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
	"community", "subdistrict", "district", "office_code", "operator", "households", "residents",
	"office_kind", "unit_name"
};

#define N_IDENTITY ((int)(sizeof identity_keys / sizeof identity_keys[0]))

static char **
identity_slot(office_identity *id, int i)
{
	char **slots[] = { &id->community, &id->subdistrict, &id->district, &id->office_code,
	    &id->operator_name, &id->households, &id->residents, &id->office_kind, &id->unit_name };
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

/* Copy of s (NULL: "") with blank space trimmed, Unicode spaces (U+3000 from an input method) too,
 * as a form's text field does. */
static char *
trim_name(const char *s)
{
	field_def f = { .kind = FIELD_TEXT };

	return field_normalize(&f, s ? s : "");
}

static const char *check_trimmed(const office_identity *id, const char **bad_field);

static const char *const kind_names[OFFICE_KIND_COUNT] = {
	"community", "subdistrict", "district", "handling_unit"
};

int
settings_kind_parse(const char *s)
{
	if (!s || !*s)
		return OFFICE_COMMUNITY;
	for (int k = 0; k < OFFICE_KIND_COUNT; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *
settings_kind_name(office_kind kind)
{
	return kind < OFFICE_KIND_COUNT ? kind_names[kind] : kind_names[OFFICE_COMMUNITY];
}

const char *
settings_kind_label(office_kind kind)
{
	switch (kind) {
	case OFFICE_SUBDISTRICT: return _("Subdistrict office");
	case OFFICE_DISTRICT: return _("District office");
	case OFFICE_HANDLING_UNIT: return _("Handling unit");
	default: return _("Community office");
	}
}

bool
settings_kind_asks(office_kind kind, const char *field)
{
	if (strcmp(field, "community") == 0 || strcmp(field, "households") == 0 ||
	    strcmp(field, "residents") == 0)
		return kind == OFFICE_COMMUNITY;   /* the community's own denominators go with it */
	if (strcmp(field, "subdistrict") == 0)
		return kind == OFFICE_COMMUNITY || kind == OFFICE_SUBDISTRICT;
	if (strcmp(field, "district") == 0)
		return kind != OFFICE_HANDLING_UNIT;
	if (strcmp(field, "unit_name") == 0)
		return kind == OFFICE_HANDLING_UNIT;
	return true;
}

const char *
settings_office_name(const office_identity *id)
{
	const char *s;

	switch (settings_kind_parse(id->office_kind)) {
	case OFFICE_SUBDISTRICT: s = id->subdistrict; break;
	case OFFICE_DISTRICT: s = id->district; break;
	case OFFICE_HANDLING_UNIT: s = id->unit_name; break;
	default: s = id->community; break;
	}
	return s ? s : "";
}

/* Copy of id with blanks trimmed from every field (NULL fields become ""), no kind read as a
 * community office, and the names its kind does not ask for emptied: they would only mislead. */
static void
identity_trim(const office_identity *id, office_identity *t)
{
	int kind;

	for (int i = 0; i < N_IDENTITY; i++)
		*identity_slot(t, i) = trim_name(*identity_slot((office_identity *)id, i));
	if (!*t->office_kind) {
		free(t->office_kind);
		t->office_kind = xstrdup(kind_names[OFFICE_COMMUNITY]);
	}
	if ((kind = settings_kind_parse(t->office_kind)) < 0)
		return;
	for (int i = 0; i < N_IDENTITY; i++)
		if (!settings_kind_asks((office_kind)kind, identity_keys[i]))
			**identity_slot(t, i) = '\0';
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
	int kind;

	if (!bad_field)
		bad_field = &none;
	*bad_field = NULL;
	if ((kind = settings_kind_parse(id->office_kind)) < 0)
		return *bad_field = "office_kind",
		    _("The office kind is community, subdistrict, district or handling_unit.");
	if (kind == OFFICE_COMMUNITY && field_text_is_blank(id->community))
		return *bad_field = "community", _("The community name is required.");
	if (kind == OFFICE_SUBDISTRICT && field_text_is_blank(id->subdistrict))
		return *bad_field = "subdistrict", _("The subdistrict is required.");
	if (settings_kind_asks((office_kind)kind, "district") && field_text_is_blank(id->district))
		return *bad_field = "district", _("The district is required.");
	if (kind == OFFICE_HANDLING_UNIT && field_text_is_blank(id->unit_name))
		return *bad_field = "unit_name", _("The handling unit's name is required (e.g. 乌海市商务局).");
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
	/* merged into another community at some office: that one is this office's now */
	char *cid = dupmerge_follow(db, settings_get(db, "community_id"));
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

/* Add name to the operators unless it is there already (not an error here). */
static int
operator_insert(sqlite3 *db, const char *name)
{
	const char *p[1] = { name };
	return db_exec_params(db, "INSERT INTO operator (name) VALUES (?1) ON CONFLICT (name) DO NOTHING", 1, p);
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
	if (operator_insert(db, id->operator_name) != 0)
		return save_failed(db, err, _("cannot save the settings"));
	/* Only a community office keeps a community record: the others serve no one community. */
	if (settings_kind_parse(id->office_kind) == OFFICE_COMMUNITY && (rc = save_community(db, id)) != 0) {
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

/* ---- the office's operators ---------------------------------------------------------------- */

char **
settings_operators(sqlite3 *db, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM operator ORDER BY rowid");
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[(*n)++] = xstrdup(v ? v : "");
	}
	sqlite3_finalize(st);
	return names;
}

void
settings_operators_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

char *
settings_operator_check(const char *name)
{
	char *t = trim_name(name), *msg = NULL;

	if (field_text_is_blank(t))
		msg = xstrdup(_("The operator's name is required."));
	else if (!utf8_is_valid_bytes(t, strlen(t)) || utf8_len_chars(t) > 100)
		msg = xstrdup(_("At most 100 characters of valid UTF-8 text."));
	else if (strpbrk(t, "\r\n"))
		msg = xstrdup(_("Keep this to one line."));
	else
		msg = field_text_controls(t, false);
	free(t);
	return msg;
}

static bool
operator_exists(sqlite3 *db, const char *name)
{
	const char *p[1] = { name };
	char *v = db_query_text(db, "SELECT name FROM operator WHERE name = ?1", 1, p);
	bool found = v != NULL;

	free(v);
	return found;
}

/* Check name and trim it into *t; 0, or -1 with *err. */
static int
operator_name(const char *name, char **t, char **err)
{
	*err = settings_operator_check(name);
	*t = *err ? NULL : trim_name(name);
	return *err ? -1 : 0;
}

int
settings_operator_add(sqlite3 *db, const char *name, char **err)
{
	char *t;
	int rc = -1;

	if (operator_name(name, &t, err) != 0)
		return -1;
	if (operator_exists(db, t))
		/* TRANSLATORS: %s is a person's name. */
		*err = xasprintf(_("%s is already one of the operators."), t);
	else if (operator_insert(db, t) != 0)
		*err = xasprintf("%s: %s", _("cannot save the operator"), db_error_text(db));
	else
		rc = 0;
	free(t);
	return rc;
}

int
settings_operator_use(sqlite3 *db, const char *name, char **err)
{
	char *t;
	int rc = -1;

	if (operator_name(name, &t, err) != 0)
		return -1;
	if (!operator_exists(db, t))
		/* TRANSLATORS: %s is a person's name. */
		*err = xasprintf(_("%s is not one of the operators: add the name first."), t);
	else if (settings_set(db, "operator", t) != 0)
		*err = xasprintf("%s: %s", _("cannot save the operator"), db_error_text(db));
	else
		rc = 0;
	free(t);
	return rc;
}

int
settings_operator_remove(sqlite3 *db, const char *name, char **err)
{
	char *t, *cur;
	const char *p[1];
	int rc = -1;

	if (operator_name(name, &t, err) != 0)
		return -1;
	cur = settings_get(db, "operator");
	p[0] = t;
	if (cur && strcmp(cur, t) == 0)
		/* TRANSLATORS: %s is a person's name. */
		*err = xasprintf(_("%s is the current operator: make another one current first."), t);
	else if (!operator_exists(db, t))
		*err = xasprintf(_("%s is not one of the operators: add the name first."), t);
	else if (db_exec_params(db, "DELETE FROM operator WHERE name = ?1", 1, p) != 0)
		*err = xasprintf("%s: %s", _("cannot save the operator"), db_error_text(db));
	else
		rc = 0;
	free(cur);
	free(t);
	return rc;
}
