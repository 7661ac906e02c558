/* settings.h - the office's identity and other key/value settings kept in the database. */
#ifndef LC_SETTINGS_H
#define LC_SETTINGS_H

#include <sqlite3.h>
#include <stdbool.h>

/* Who this office is: shown in the status bar, stamped on every record. */
typedef struct office_identity {
	char *community;
	char *subdistrict;
	char *district;
	char *office_code;
	char *operator_name;
	char *households;    /* whole number as text, may be empty: denominators for the indicators */
	char *residents;
} office_identity;

/* Value of key as a heap string, or NULL when unset. */
char *settings_get(sqlite3 *db, const char *key);
/* Set key to value (NULL removes it); 0 on success. */
int settings_set(sqlite3 *db, const char *key, const char *value);
/* Load the identity (unset fields become empty strings); free with settings_identity_free. */
void settings_identity_load(sqlite3 *db, office_identity *id);
/* Free the strings of id. */
void settings_identity_free(office_identity *id);
/* True when code is 2-16 of [A-Za-z0-9_-]. */
bool settings_office_code_ok(const char *code);
/* Check id: community, district, office code and operator required, office code 2-16 of [A-Za-z0-9_-], households and residents empty or whole numbers. NULL if fine, else a translated static message naming the field. */
const char *settings_identity_check(const office_identity *id, const char **bad_field);
/* Store id in one transaction after settings_identity_check, and keep this office's community record (a synced record) in step; 0 on success, -1 with *err (heap). */
int settings_identity_save(sqlite3 *db, const office_identity *id, char **err);
/* True once the office identity has been saved. */
bool settings_identity_is_set(sqlite3 *db);

#endif
