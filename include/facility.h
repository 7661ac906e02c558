/* facility.h - facility records (设施): one of the 20 standard items or a business type from
 * data/business_types.tsv, with its areas, capacity, status and checks. No curses; every write is
 * one transaction of bound values. The form's fields are a fieldset (facility_fieldset). */
#ifndef LC_FACILITY_H
#define LC_FACILITY_H

#include <sqlite3.h>
#include <stdbool.h>
#include "uuid.h"
#include "field.h"

/* Largest area (m²) and capacity accepted: far above any community facility, below nonsense. */
#define FACILITY_MAX_AREA 10000000.0
#define FACILITY_MAX_CAPACITY 1000000LL

typedef struct facility {
	char id[UUID_TEXT_LEN];		/* "" for a record not yet saved */
	char *community;		/* community id */
	int std_item;			/* 1..20 when the kind is a standard item, else 0 */
	char *business_type;		/* business type code when the kind is one, else "" */
	char *circles;			/* circle codes separated by single spaces */
	char *name;
	char *address;
	char *estate;			/* estate id of the same community, or "" */
	bool has_floor_area, has_land_area, has_capacity;
	double floor_area;		/* m² */
	double land_area;		/* m² */
	long long capacity;
	char *capacity_unit;		/* beds, nursery_places, classes, locker_slots, parking_spaces, chargers, seats, or "" */
	char *status;			/* operating, building, planned, closed */
	char *hours;
	char *run_by;			/* operator or owner */
	bool chain;
	char *checked_on;		/* YYYY-MM-DD or "" */
	char *notes;
} facility;

/* A facility with status "operating" and every other field empty. */
void facility_init(facility *f);
/* Free the strings of f (not f itself) and leave it as facility_init left it. */
void facility_free(facility *f);
/* Set one field from text as a user (or an importer) gave it; field is a name of facility_fieldset
 * (community, kind, circles, name, address, estate, floor_area, land_area, capacity, capacity_unit,
 * status, hours, run_by, chain, checked_on, notes). kind is "item:N" or "type:CODE". Full-width
 * digits fold to ASCII, blank means empty, control characters are refused. 0, or -1 with *err
 * (heap, translated) and f unchanged. */
int facility_set(facility *f, const char *field, const char *text, char **err);
/* The value of field in the text form facility_set takes (heap; "" when empty), or NULL for an unknown field. */
char *facility_get(const facility *f, const char *field);
/* NULL when f may be saved in db, else a fresh translated message and *bad_field names the field:
 * required fields, known kind, community, circles and estate, no negative area, a capacity unit
 * that fits the kind (from the reference data), a real date. */
char *facility_validate(sqlite3 *db, const facility *f, const char **bad_field);
/* Insert (id "") or update f in one transaction after facility_validate; a new record's id goes into f->id. 0, or -1 with *err (heap). */
int facility_save(sqlite3 *db, facility *f, char **err);
/* facility_save inside the caller's transaction (an import writes many in one). 0, or -1 with *err (heap); the caller rolls back (a failed write has rolled back already). */
int facility_save_tx(sqlite3 *db, facility *f, char **err);
/* Load the live facility id into f (facility_init'ed or freed first). 0, 1 when no such record, -1 on error. */
int facility_load(sqlite3 *db, const char *id, facility *f);
/* Mark facility id deleted in one transaction. 0, 1 when no such record, -1 with *err (heap). */
int facility_tombstone(sqlite3 *db, const char *id, char **err);
/* The facility form's fields in entry order (the community is the screen's context, not a field), with translated labels and choices read from db
 * (kinds, circles, the estates of community_id when not NULL, capacity units, statuses). The capacity
 * unit carries a form constraint checking it against the kind on the same form, which reads db: db
 * must outlive the fieldset. Free with fieldset_free. */
void facility_fieldset(sqlite3 *db, const char *community_id, fieldset *fs);
/* Translated label of a capacity unit code ("beds" -> "床位" in zh_CN), or the code itself when unknown. */
const char *facility_unit_label(const char *unit);
/* Translated label of a status code, or the code itself when unknown. */
const char *facility_status_label(const char *status);

/* Parse a non-negative decimal amount typed by a user (full-width digits folded, '.' as the mark,
 * whatever the locale). true with *out when text is a number in 0..max. */
bool facility_parse_amount(const char *text, double max, double *out);
/* Parse a whole number in 0..max the same way. */
bool facility_parse_count(const char *text, long long max, long long *out);

#endif
