/* facility.h - facility records (设施): one of the 20 standard items or a business type from
 * data/business_types.tsv, with its areas, capacity, status and checks. No curses; every write is
 * one transaction of bound values. The form's fields are a fieldset (facility_fieldset). */
#ifndef LC_FACILITY_H
#define LC_FACILITY_H

#include <sqlite3.h>
#include <stdbool.h>
#include "uuid.h"
#include "field.h"
#include "pagesource.h"

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
/* NULL when f may be saved in db, else a fresh translated message and *bad_field names the field (a kind named in lang, as util_ui_language gives it):
 * required fields, known kind, community, circles and estate, no negative area, a capacity unit
 * that fits the kind (from the reference data), a real date. */
char *facility_validate(sqlite3 *db, const facility *f, const char *lang, const char **bad_field);
/* Insert (id "") or update f in one transaction after facility_validate; a new record's id goes into f->id. 0, or -1 with *err (heap). */
int facility_save(sqlite3 *db, facility *f, char **err);
/* facility_save inside the caller's transaction (an import writes many in one). 0, or -1 with *err (heap); the caller rolls back (a failed write has rolled back already). */
int facility_save_tx(sqlite3 *db, facility *f, char **err);
/* Load the live facility id into f (facility_init'ed or freed first). 0, 1 when no such record, -1 on error. */
int facility_load(sqlite3 *db, const char *id, facility *f);
/* Mark facility id deleted in one transaction. 0, 1 when no such record, -1 with *err (heap). */
int facility_tombstone(sqlite3 *db, const char *id, char **err);
/* The facility form's fields in entry order (the community is the screen's context, not a field), with translated labels and choices read from db
 * (kinds, named in lang as util_ui_language gives it: English names for "en" where the data has them; circles, the estates of community_id when not NULL, capacity units, statuses). The capacity
 * unit carries a form constraint checking it against the kind on the same form, which reads db: db
 * must outlive the fieldset. Free with fieldset_free. */
void facility_fieldset(sqlite3 *db, const char *community_id, const char *lang, fieldset *fs);
/* The capacity units that fit kind ("item:N" or "type:CODE"), space-separated (heap; "" when the kind counts none), or NULL for an unknown kind. */
char *facility_kind_units(sqlite3 *db, const char *kind);
/* When f has a capacity but no unit and its kind counts exactly one unit, set that unit; true when it did. */
bool facility_default_unit(sqlite3 *db, facility *f);
/* Make fs (from facility_fieldset) ask only what fits the kind chosen on the form: capacity only for a kind that counts one, the unit only when the kind has several (db must outlive fs). */
void facility_fieldset_fit_kind(sqlite3 *db, fieldset *fs);
/* When estate_id (a facility's stored estate) is not among fs's estate choices (it was deleted), add it labelled
 * "NAME (deleted)", so the facility shows it and keeps it when saved. */
void facility_fieldset_keep_estate(sqlite3 *db, fieldset *fs, const char *estate_id);
/* The capacity field's label for kind, naming its units ("Capacity (classes)"; heap, translated). */
char *facility_capacity_label(sqlite3 *db, const char *kind);
/* Translated label of a capacity unit code ("beds" -> "床位" in zh_CN), or the code itself when unknown. */
const char *facility_unit_label(const char *unit);
/* Translated label of a status code, or the code itself when unknown. */
const char *facility_status_label(const char *status);

/* Parse a non-negative decimal amount typed by a user (full-width digits folded, '.' as the mark,
 * whatever the locale). true with *out when text is a number in 0..max. */
bool facility_parse_amount(const char *text, double max, double *out);
/* Parse a whole number in 0..max the same way. */
bool facility_parse_count(const char *text, long long max, long long *out);

/* The facility list's columns (cells: the kind as "01".."20" or a business type code, name, status,
 * floor area, "capacity unit", date checked, chain 0/1) and its filters, bound by name. */
enum { FACILITY_COL_KIND, FACILITY_COL_NAME, FACILITY_COL_STATUS, FACILITY_COL_AREA, FACILITY_COL_CAPACITY,
       FACILITY_COL_CHECKED, FACILITY_COL_CHAIN, FACILITY_NCOLS };
enum { FACILITY_COND_COMMUNITY, FACILITY_COND_CIRCLE, FACILITY_COND_KIND, FACILITY_COND_STATUS, FACILITY_NCONDS };
/* The page query of the facility list: conditions community (an id), circle (a code), kind ("01".."20"
 * or a business type code) and status; FTS search of name, address, business type and operator;
 * sortable by kind, name, floor area and date checked, each through an index on (community, key, id). */
const page_query *facility_list_query(void);
/* The list's kind codes ("01".."20", then business type codes, as its cells and kind filter hold them) and their names in
 * lang ("3. 托儿所", "3. one nursery" for "en"; Chinese where the data has no English), heap arrays of *n to free with
 * db_pairs_free. 0, or -1 (what was read so far is returned). */
int facility_kind_names(sqlite3 *db, const char *lang, char ***codes, char ***names, size_t *n);

#endif
