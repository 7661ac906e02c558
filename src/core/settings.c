/* settings.c - key/value settings and the office identity (who enters records, and where). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "settings.h"
#include "db.h"
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
	"community", "subdistrict", "district", "office_code", "operator"
};

static char **
identity_slot(office_identity *id, int i)
{
	char **slots[] = { &id->community, &id->subdistrict, &id->district, &id->office_code,
	    &id->operator_name };
	return slots[i];
}

void
settings_identity_load(sqlite3 *db, office_identity *id)
{
	for (int i = 0; i < 5; i++) {
		char *v = settings_get(db, identity_keys[i]);
		*identity_slot(id, i) = v ? v : xstrdup("");
	}
}

void
settings_identity_free(office_identity *id)
{
	for (int i = 0; i < 5; i++) {
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

const char *
settings_identity_check(const office_identity *id, const char **bad_field)
{
	const char *none = NULL;

	if (!bad_field)
		bad_field = &none;
	*bad_field = NULL;
	if (str_is_blank(id->community))
		return *bad_field = "community", _("The community name is required.");
	if (str_is_blank(id->district))
		return *bad_field = "district", _("The district is required.");
	if (!id->office_code || !settings_office_code_ok(id->office_code))
		return *bad_field = "office_code",
		    _("The office code is 2 to 16 letters, digits, - or _ (e.g. HBW-0123).");
	if (str_is_blank(id->operator_name))
		return *bad_field = "operator", _("The operator's name is required.");
	for (int i = 0; i < 5; i++) {
		const char *v = *identity_slot((office_identity *)id, i);
		if (v && (!utf8_is_valid_bytes(v, strlen(v)) || utf8_len_chars(v) > 100))
			return *bad_field = identity_keys[i], _("At most 100 characters of valid UTF-8 text.");
	}
	return NULL;
}

int
settings_identity_save(sqlite3 *db, const office_identity *id, char **err)
{
	const char *msg = settings_identity_check(id, NULL);

	*err = NULL;
	if (msg) {
		*err = xstrdup(msg);
		return -1;
	}
	if (db_begin(db) != 0) {
		*err = xasprintf(_("cannot save the settings: %s"), sqlite3_errmsg(db));
		return -1;
	}
	for (int i = 0; i < 5; i++) {
		char *v = str_trim_dup(*identity_slot((office_identity *)id, i));
		int rc = settings_set(db, identity_keys[i], v);
		free(v);
		if (rc != 0) {
			*err = xasprintf(_("cannot save the settings: %s"), sqlite3_errmsg(db));
			db_rollback(db);
			return -1;
		}
	}
	if (db_commit(db) != 0) {
		*err = xasprintf(_("cannot save the settings: %s"), sqlite3_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
}

bool
settings_identity_is_set(sqlite3 *db)
{
	char *v = settings_get(db, "office_code");
	bool set = v && *v;

	free(v);
	return set;
}
