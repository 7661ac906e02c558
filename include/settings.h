/* settings.h - the office's identity, its operators and other key/value settings kept in the database. */
#ifndef LC_SETTINGS_H
#define LC_SETTINGS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

/* What kind of office this is (settings 'office_kind'); it decides which names the identity asks for. */
typedef enum office_kind {
	OFFICE_COMMUNITY,     /* "community": community, subdistrict, district, households, residents */
	OFFICE_SUBDISTRICT,   /* "subdistrict": subdistrict and district */
	OFFICE_DISTRICT,      /* "district": the district only */
	OFFICE_HANDLING_UNIT, /* "handling_unit" (承办单位, e.g. 乌海市商务局): the unit's name only */
	OFFICE_KIND_COUNT
} office_kind;

/* Who this office is: shown in the status bar, stamped on every record. */
typedef struct office_identity {
	char *community;
	char *subdistrict;
	char *district;
	char *office_code;
	char *operator_name;
	char *households;    /* whole number as text, may be empty: denominators for the indicators */
	char *residents;
	char *office_kind;   /* a kind's stored name; empty means community (databases made before kinds) */
	char *unit_name;     /* a handling unit's name */
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
/* Check id: the names its kind asks for (see office_kind), office code and operator required, office code 2-16 of [A-Za-z0-9_-], households and residents empty or whole numbers; names the kind does not ask for are ignored. NULL if fine, else a translated static message naming the field. */
const char *settings_identity_check(const office_identity *id, const char **bad_field);
/* Store id in one transaction after settings_identity_check (names its kind does not ask for are stored empty), add its operator to the office's operators, and for a community office keep its community record (a synced record) in step; 0 on success, -1 with *err (heap). */
int settings_identity_save(sqlite3 *db, const office_identity *id, char **err);
/* True once the office identity has been saved. */
bool settings_identity_is_set(sqlite3 *db);

/* The kind whose stored name is s (NULL or "" is a community office); -1 for an unknown name. */
int settings_kind_parse(const char *s);
/* The stored name of kind ("community", "subdistrict", "district", "handling_unit"). */
const char *settings_kind_name(office_kind kind);
/* The kind's label for people, translated. */
const char *settings_kind_label(office_kind kind);
/* True when an office of kind is asked for the identity field called field ("community", "subdistrict", "district", "unit_name", "households", "residents"); other fields are asked of every kind. */
bool settings_kind_asks(office_kind kind, const char *field);
/* The office's name by its kind: the community, subdistrict, district or unit name (a pointer into id, "" when unset). */
const char *settings_office_name(const office_identity *id);

/* The office's operators in the order they were added (a short list); *n is set. Free with settings_operators_free. */
char **settings_operators(sqlite3 *db, size_t *n);
/* Free what settings_operators returned. */
void settings_operators_free(char **names, size_t n);
/* NULL when name (blanks trimmed) can be an operator's name, else a fresh translated message: blank, control characters, invalid UTF-8 or over 100 characters. */
char *settings_operator_check(const char *name);
/* Add name (trimmed) to the operators; 0, or -1 with *err (heap): a bad name, one already there, a database error. */
int settings_operator_add(sqlite3 *db, const char *name, char **err);
/* Make name (trimmed; one of the operators) the current operator, stamped on the records saved from now on; 0, or -1 with *err (heap). */
int settings_operator_use(sqlite3 *db, const char *name, char **err);
/* Remove name (trimmed) from the operators; the current operator cannot be removed; 0, or -1 with *err (heap). */
int settings_operator_remove(sqlite3 *db, const char *name, char **err);

#endif
