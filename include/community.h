/* community.h - community records (社区) and their estates (小区): several per database, the
 * office's own community the default. No curses; every write is one transaction of bound values. */
#ifndef LC_COMMUNITY_H
#define LC_COMMUNITY_H

#include <sqlite3.h>
#include <stdbool.h>
#include "uuid.h"
#include "field.h"

/* Most households and residents a community may have (well above any real one). */
#define COMMUNITY_MAX_HOUSEHOLDS 10000000LL
#define COMMUNITY_MAX_RESIDENTS 100000000LL

typedef struct community {
	char id[UUID_TEXT_LEN];		/* "" for a record not yet saved */
	char *code;			/* office code, ASCII after folding */
	char *name;
	char *subdistrict;
	char *district;
	bool has_households, has_residents, has_land_area;
	long long households;
	long long residents;
	double land_area;		/* m² */
	bool old_estate;		/* built before 2005: the standard's alternatives for old estates apply */
	bool is_new;			/* a new community (新建), else existing (既有) */
} community;

/* A community with every text field "" and no numbers. */
void community_init(community *c);
/* Free the strings of c (not c itself) and leave it as community_init left it. */
void community_free(community *c);
/* Set one field from text as a user typed it: names code, name, subdistrict, district, households,
 * residents, land_area, old_estate (yes/no), development (new/existing). Full-width digits fold to
 * ASCII, blank means empty. 0, or -1 with *err (heap, translated) and c unchanged. */
int community_set(community *c, const char *field, const char *text, char **err);
/* NULL when c may be saved, else a fresh translated message; *bad_field names the field. */
char *community_validate(const community *c, const char **bad_field);
/* Insert (id "") or update c as one transaction after community_validate; a new record's id is
 * written into c->id. A code already used by another community is refused. 0, or -1 with *err (heap). */
int community_save(sqlite3 *db, community *c, char **err);
/* community_save inside the caller's transaction (an import writes many in one): validated, the code checked unique under the caller's write lock. 0, or -1 with *err (heap); the caller rolls back (a failed write has rolled back already). */
int community_save_tx(sqlite3 *db, community *c, char **err);
/* Load the live (not deleted) community id into c, which must hold nothing (never initialised, or freed): load initialises it. 0, 1 when no such record, -1 on error. */
int community_load(sqlite3 *db, const char *id, community *c);
/* Id of the live community with code (folded like community_set does) into out; 0, 1 when none, -1 on error. */
int community_find_code(sqlite3 *db, const char *code, char out[UUID_TEXT_LEN]);
/* Id of the office's own community (settings community_id) into out when it is live; 0, 1 when none. */
int community_default_id(sqlite3 *db, char out[UUID_TEXT_LEN]);
/* Mark community id deleted (a tombstone) in one transaction. 0, 1 when no such record, -1 with *err (heap). */
int community_tombstone(sqlite3 *db, const char *id, char **err);

/* The value of field (a community_set name) in the text form community_set takes (heap; "" when empty), or NULL for an unknown field. */
char *community_get(const community *c, const char *field);
/* The community form's fields in entry order (names as community_set takes them), labels translated. Free with fieldset_free. */
void community_fieldset(fieldset *fs);

/* Add estate name (trimmed; controls refused) to community_id, or find the live one of that name;
 * its id goes into out. One transaction. 0, or -1 with *err (heap, translated). */
int community_add_estate(sqlite3 *db, const char *community_id, const char *name, char out[UUID_TEXT_LEN], char **err);
/* community_add_estate inside the caller's transaction (an import adds estates with its rows); on -1 the caller rolls back. */
int community_add_estate_tx(sqlite3 *db, const char *community_id, const char *name, char out[UUID_TEXT_LEN], char **err);
/* One estate of a community. */
typedef struct community_estate {
	char id[UUID_TEXT_LEN];
	char *name;
} community_estate;

/* community_id's live estates in name order (heap array, *n of them; NULL when none); free with community_estates_free. */
community_estate *community_estates(sqlite3 *db, const char *community_id, size_t *n);
/* Free an array from community_estates. */
void community_estates_free(community_estate *e, size_t n);

/* What still points at a community: its live facilities, survey responses (drafts too) and estates. */
typedef struct community_refs {
	long long facilities, responses, estates;
} community_refs;

/* Count what points at community id into out; 0, or -1 when a query failed. */
int community_refs_count(sqlite3 *db, const char *id, community_refs *out);
/* Why community id may not be deleted (heap, translated: the office's own community, or how many live facilities
 * and survey responses still belong to it), or NULL when it may. */
char *community_delete_problem(sqlite3 *db, const char *id);
/* Delete community id (a tombstone) in one transaction, community_delete_problem checked again inside it; its
 * estates are kept and come back with it. 0, or -1 with *err (heap, translated). */
int community_delete(sqlite3 *db, const char *id, char **err);
/* Restore the deleted community id in one transaction; refused while a live community has its code. 0, or -1 with *err. */
int community_restore(sqlite3 *db, const char *id, char **err);

/* Live facilities naming estate id (by id) and live survey responses naming it (by name, within its community). 0, 1 when no such estate, -1 on error. */
int community_estate_refs(sqlite3 *db, const char *id, long long *facilities, long long *responses);
/* Rename the live estate id to name (trimmed; controls refused; unique among the community's live estates) in one
 * transaction; the live survey responses naming it by its old name name it so too, each as a new version (*responses
 * of them, when not NULL); facilities name it by id and follow. 0, or -1 with *err (heap, translated). */
int community_rename_estate(sqlite3 *db, const char *id, const char *name, long long *responses, char **err);
/* Delete estate id (a tombstone) in one transaction: facilities and responses naming it keep it. 0, 1 when no live estate id, -1 with *err. */
int community_delete_estate(sqlite3 *db, const char *id, char **err);
/* Restore the deleted estate id in one transaction; refused while a live estate of its community has its name. 0, or -1 with *err. */
int community_restore_estate(sqlite3 *db, const char *id, char **err);
/* community_id's deleted estates in name order (as community_estates). */
community_estate *community_deleted_estates(sqlite3 *db, const char *community_id, size_t *n);
/* The name of estate id, live or deleted (heap; NULL when none); *deleted (when not NULL) says which. */
char *community_estate_name(sqlite3 *db, const char *id, bool *deleted);

#endif
