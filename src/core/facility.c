/* facility.c - facility records: parse what a user or an importer gave, validate against the
 * reference data (kinds, circles, the capacity units that fit a kind), and write through
 * record.c's sync fields, one transaction per write with bound values. Which capacity units fit a
 * kind is data (capacity_units in data/business_types.tsv and data/standard_item_roles.tsv). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facility.h"
#include "community.h"
#include "record.h"
#include "formmodel.h"
#include "sheetout.h"
#include "db.h"
#include "refdata.h"
#include "util.h"
#include "i18n.h"

#define TEXT_MAX_CHARS 200
#define NOTES_MAX_CHARS 2000

static const char *const statuses[] = { "operating", "building", "planned", "closed" };
static const char *const units[] = { "beds", "nursery_places", "classes", "locker_slots", "parking_spaces",
    "chargers", "seats" };
#define N_STATUSES (sizeof statuses / sizeof statuses[0])
#define N_UNITS (sizeof units / sizeof units[0])

const char *
facility_unit_label(const char *unit)
{
	const char *labels[N_UNITS] = { _("beds"), _("nursery places"), _("classes"), _("locker slots"),
	    _("parking spaces"), _("chargers"), _("seats") };

	for (size_t i = 0; unit && i < N_UNITS; i++)
		if (strcmp(unit, units[i]) == 0)
			return labels[i];
	return unit ? unit : "";
}

const char *
facility_status_label(const char *status)
{
	const char *labels[N_STATUSES] = { _("operating"), _("under construction"), _("planned"), _("closed") };

	for (size_t i = 0; status && i < N_STATUSES; i++)
		if (strcmp(status, statuses[i]) == 0)
			return labels[i];
	return status ? status : "";
}

void
facility_init(facility *f)
{
	memset(f, 0, sizeof *f);
	f->community = xstrdup("");
	f->business_type = xstrdup("");
	f->circles = xstrdup("");
	f->name = xstrdup("");
	f->address = xstrdup("");
	f->estate = xstrdup("");
	f->capacity_unit = xstrdup("");
	f->status = xstrdup("operating");
	f->hours = xstrdup("");
	f->run_by = xstrdup("");
	f->checked_on = xstrdup("");
	f->notes = xstrdup("");
}

void
facility_free(facility *f)
{
	char *s[] = { f->community, f->business_type, f->circles, f->name, f->address, f->estate,
	    f->capacity_unit, f->status, f->hours, f->run_by, f->checked_on, f->notes };

	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
		free(s[i]);
	memset(f, 0, sizeof *f);
}

/* ---- numbers as users type them ---------------------------------------------------- */

/* Digits with at most one '.', after folding full-width forms; by hand, because strtod follows
 * LC_NUMERIC. 15 significant digits at most. */
static bool
parse_decimal(const char *s, double *out)
{
	double v = 0, scale = 1;
	int digits = 0;
	bool frac = false;

	for (; *s; s++) {
		if (*s == '.' && !frac && digits > 0) {
			frac = true;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 15)
			return false;
		v = v * 10 + (*s - '0');
		digits++;
		if (frac)
			scale *= 10;
	}
	if (digits == 0 || (frac && scale == 1))
		return false;
	*out = v / scale;
	return true;
}

bool
facility_parse_amount(const char *text, double max, double *out)
{
	char *t = field_fold_ascii(text ? text : "");
	double v;
	bool ok = parse_decimal(t, &v) && v <= max;

	free(t);
	if (ok)
		*out = v;
	return ok;
}

bool
facility_parse_count(const char *text, long long max, long long *out)
{
	char *t = field_fold_ascii(text ? text : "");
	double v;
	bool ok = strchr(t, '.') == NULL && parse_decimal(t, &v) && v <= (double)max;

	free(t);
	if (ok)
		*out = (long long)v;
	return ok;
}

/* ---- setting fields from text ------------------------------------------------------- */

static void
replace(char **slot, char *v)
{
	free(*slot);
	*slot = v;
}

static bool
in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

/* The text fields and whether each is multi-line; their slots in the same order below. */
static const char *const text_fields[] = { "community", "name", "address", "estate", "hours", "run_by", "notes",
    "circles" };
#define N_TEXT_FIELDS (sizeof text_fields / sizeof text_fields[0])

static char **
text_slot(facility *f, size_t i)
{
	char **slots[N_TEXT_FIELDS] = { &f->community, &f->name, &f->address, &f->estate, &f->hours, &f->run_by,
	    &f->notes, &f->circles };
	return slots[i];
}

static int
set_kind(facility *f, const char *t, char **err)
{
	long long n;

	if (!*t) {
		f->std_item = 0;
		replace(&f->business_type, xstrdup(""));
		return 0;
	}
	if (strncmp(t, "item:", 5) == 0 && facility_parse_count(t + 5, 99, &n) && n >= 1) {
		f->std_item = (int)n;
		replace(&f->business_type, xstrdup(""));
		return 0;
	}
	if (strncmp(t, "type:", 5) == 0 && t[5]) {
		f->std_item = 0;
		replace(&f->business_type, xstrdup(t + 5));
		return 0;
	}
	*err = xasprintf(_("Kind: \"%s\" is not a standard item or business type."), t);
	return -1;
}

static int
set_number(facility *f, const char *field, const char *t, char **err)
{
	if (strcmp(field, "capacity") == 0) {
		long long v;
		if (!*t)
			return f->has_capacity = false, 0;
		if (!facility_parse_count(t, FACILITY_MAX_CAPACITY, &v)) {
			*err = xasprintf(_("Capacity: \"%s\" is not a whole number from 0 to %lld."), t, FACILITY_MAX_CAPACITY);
			return -1;
		}
		f->capacity = v;
		f->has_capacity = true;
		return 0;
	}
	{
		bool floor = strcmp(field, "floor_area") == 0;
		double v;
		if (!*t) {
			*(floor ? &f->has_floor_area : &f->has_land_area) = false;
			return 0;
		}
		if (t[0] == '-') {
			*err = xstrdup(_("An area cannot be negative."));
			return -1;
		}
		if (!facility_parse_amount(t, FACILITY_MAX_AREA, &v)) {
			*err = xasprintf(floor ? _("Floor area: \"%s\" is not an area in square metres.")
			    : _("Land area: \"%s\" is not an area in square metres (0 or more)."), t);
			return -1;
		}
		*(floor ? &f->floor_area : &f->land_area) = v;
		*(floor ? &f->has_floor_area : &f->has_land_area) = true;
		return 0;
	}
}

/* Choice-like fields: status, capacity unit, chain, checked_on, kind. t is folded and trimmed. */
static int
set_coded(facility *f, const char *field, const char *t, char **err)
{
	if (strcmp(field, "kind") == 0)
		return set_kind(f, t, err);
	if (strcmp(field, "status") == 0) {
		if (!in_list(t, statuses, N_STATUSES)) {
			*err = xasprintf(_("Status: \"%s\" is not one of operating, building, planned, closed."), t);
			return -1;
		}
		replace(&f->status, xstrdup(t));
	} else if (strcmp(field, "capacity_unit") == 0) {
		if (*t && !in_list(t, units, N_UNITS)) {
			*err = xasprintf(_("Capacity unit: \"%s\" is not a known unit."), t);
			return -1;
		}
		replace(&f->capacity_unit, xstrdup(t));
	} else if (strcmp(field, "chain") == 0) {
		if (strcmp(t, "yes") == 0 || strcmp(t, "是") == 0)
			f->chain = true;
		else if (!*t || strcmp(t, "no") == 0 || strcmp(t, "否") == 0)
			f->chain = false;
		else {
			*err = xasprintf(_("Chain: \"%s\" is not yes or no."), t);
			return -1;
		}
	} else if (strcmp(field, "checked_on") == 0) {
		if (*t && !field_is_date(t)) {
			*err = xasprintf(_("Date checked: \"%s\" is not a date written YYYY-MM-DD."), t);
			return -1;
		}
		replace(&f->checked_on, xstrdup(t));
	} else {
		*err = xasprintf(_("Unknown field \"%s\"."), field);
		return -1;
	}
	return 0;
}

int
facility_set(facility *f, const char *field, const char *text, char **err)
{
	char *t, *bad;
	int rc;

	*err = NULL;
	text = text ? text : "";
	for (size_t i = 0; i < N_TEXT_FIELDS; i++) {
		bool notes = strcmp(field, "notes") == 0;
		field_def def = { .kind = notes ? FIELD_MULTILINE : FIELD_TEXT };
		if (strcmp(field, text_fields[i]) != 0)
			continue;
		if ((bad = field_text_controls(text, notes)) != NULL) {
			*err = bad;
			return -1;
		}
		replace(text_slot(f, i), field_normalize(&def, text));
		return 0;
	}
	if ((bad = field_text_controls(text, false)) != NULL) {
		*err = bad;
		return -1;
	}
	t = field_fold_ascii(text);
	if (strcmp(field, "floor_area") == 0 || strcmp(field, "land_area") == 0 || strcmp(field, "capacity") == 0)
		rc = set_number(f, field, t, err);
	else
		rc = set_coded(f, field, t, err);
	free(t);
	return rc;
}

char *
facility_get(const facility *f, const char *field)
{
	for (size_t i = 0; i < N_TEXT_FIELDS; i++)
		if (strcmp(field, text_fields[i]) == 0)
			return xstrdup(*text_slot((facility *)f, i));
	if (strcmp(field, "kind") == 0)
		return f->std_item ? xasprintf("item:%d", f->std_item)
		    : *f->business_type ? xasprintf("type:%s", f->business_type) : xstrdup("");
	if (strcmp(field, "floor_area") == 0)
		return f->has_floor_area ? sheetout_number_text(f->floor_area) : xstrdup("");
	if (strcmp(field, "land_area") == 0)
		return f->has_land_area ? sheetout_number_text(f->land_area) : xstrdup("");
	if (strcmp(field, "capacity") == 0)
		return f->has_capacity ? xasprintf("%lld", f->capacity) : xstrdup("");
	if (strcmp(field, "capacity_unit") == 0)
		return xstrdup(f->capacity_unit);
	if (strcmp(field, "status") == 0)
		return xstrdup(f->status);
	if (strcmp(field, "chain") == 0)
		return xstrdup(f->chain ? "yes" : "no");
	if (strcmp(field, "checked_on") == 0)
		return xstrdup(f->checked_on);
	return NULL;
}

/* ---- validation ------------------------------------------------------------------- */

/* The capacity units that fit f's kind (heap, space-separated), or NULL when the kind is unknown; its
 * name (in English when en and the data has one) into *kind_name. */
static char *
kind_units(sqlite3 *db, const facility *f, bool en, char **kind_name)
{
	char num[16];
	const char *p[2] = { NULL, en ? "1" : "0" };
	char *u;

	if (f->std_item) {
		snprintf(num, sizeof num, "%d", f->std_item);
		p[0] = num;
		*kind_name = db_query_text(db, "SELECT " REFDATA_NAME_SQL("i", "?2") " FROM std_item i WHERE no = ?1", 2, p);
		u = db_query_text(db, "SELECT coalesce((SELECT capacity_units FROM std_item_role WHERE item_no = ?1), '')"
		    " WHERE EXISTS (SELECT 1 FROM std_item WHERE no = ?1)", 1, p);
	} else {
		p[0] = f->business_type;
		*kind_name = db_query_text(db, "SELECT " REFDATA_NAME_SQL("b", "?2") " FROM business_type b WHERE code = ?1", 2, p);
		u = db_query_text(db, "SELECT capacity_units FROM business_type WHERE code = ?1", 1, p);
	}
	return u;
}

/* Every circle code in the space-separated list is in the circle table. */
static char *
check_circles(sqlite3 *db, const char *circles)
{
	char *copy = xstrdup(circles), *save = NULL, *msg = NULL;

	for (char *c = strtok_r(copy, " ", &save); c && !msg; c = strtok_r(NULL, " ", &save)) {
		const char *p[1] = { c };
		{
			char *hit = db_query_text(db, "SELECT code FROM circle WHERE code = ?1", 1, p);
			if (!hit)
				msg = xasprintf(_("Circles: \"%s\" is not a circle code."), c);
			free(hit);
		}
	}
	free(copy);
	return msg;
}

static char *
check_texts(const facility *f, const char **bad_field)
{
	const char *const vals[] = { f->name, f->address, f->hours, f->run_by, f->notes };
	static const char *const names[] = { "name", "address", "hours", "run_by", "notes" };

	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		bool notes = i == 4;
		char *bad = field_text_controls(vals[i], notes);
		if (bad)
			return *bad_field = names[i], bad;
		if (strlen(vals[i]) > (notes ? NOTES_MAX_CHARS : TEXT_MAX_CHARS) * 4)
			return *bad_field = names[i], xstrdup(_("The text is too long."));
	}
	if (field_text_is_blank(f->name))
		return *bad_field = "name", xstrdup(_("The facility name is required."));
	return NULL;
}

static char *
check_numbers(const facility *f, const char **bad_field)
{
	if ((f->has_floor_area && !(f->floor_area >= 0 && f->floor_area <= FACILITY_MAX_AREA)))
		return *bad_field = "floor_area", xstrdup(_("An area cannot be negative."));
	if ((f->has_land_area && !(f->land_area >= 0 && f->land_area <= FACILITY_MAX_AREA)))
		return *bad_field = "land_area", xstrdup(_("An area cannot be negative."));
	if (f->has_capacity && (f->capacity < 0 || f->capacity > FACILITY_MAX_CAPACITY))
		return *bad_field = "capacity", xasprintf(_("Capacity: \"%lld\" is not a whole number from 0 to %lld."),
		    f->capacity, FACILITY_MAX_CAPACITY);
	if (f->has_capacity && !*f->capacity_unit)
		return *bad_field = "capacity_unit", xstrdup(_("Say what the capacity counts (its unit)."));
	if (!in_list(f->status, statuses, N_STATUSES))
		return *bad_field = "status", xasprintf(_("Status: \"%s\" is not one of operating, building, planned, closed."),
		    f->status);
	if (*f->checked_on && !field_is_date(f->checked_on))
		return *bad_field = "checked_on", xasprintf(_("Date checked: \"%s\" is not a date written YYYY-MM-DD."),
		    f->checked_on);
	return NULL;
}

/* The unit must be one the kind lists (a kindergarten counts classes, a parcel locker slots). */
static char *
check_kind(sqlite3 *db, const facility *f, bool en, const char **bad_field)
{
	char *name = NULL, *u, *msg = NULL;

	if (!f->std_item && !*f->business_type)
		return *bad_field = "kind", xstrdup(_("Choose the kind: a standard item or a business type."));
	if (f->std_item && *f->business_type)
		return *bad_field = "kind", xstrdup(_("A facility is either a standard item or a business type, not both."));
	u = kind_units(db, f, en, &name);
	if (!u || !name) {
		*bad_field = "kind";
		msg = f->std_item ? xasprintf(_("There is no standard item %d."), f->std_item)
		    : xasprintf(_("\"%s\" is not a known business type."), f->business_type);
	} else if (*f->capacity_unit && !field_multi_has(u, f->capacity_unit)) {
		*bad_field = "capacity_unit";
		if (*u) {
			char *labels = xstrdup(""), *save = NULL, *copy = xstrdup(u);
			for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				char *n = xasprintf("%s%s%s", labels, *labels ? _(", ") : "", facility_unit_label(w));
				free(labels);
				labels = n;
			}
			msg = xasprintf(_("%s counts its capacity in %s, not in %s."), name, labels,
			    facility_unit_label(f->capacity_unit));
			free(labels);
			free(copy);
		} else {
			msg = xasprintf(_("%s has no capacity to record (not %s)."), name, facility_unit_label(f->capacity_unit));
		}
	}
	free(name);
	free(u);
	return msg;
}

/* The form's check of the capacity unit against the kind chosen on the same form (db: the
 * database the kinds come from), so the screen says it at the field, before saving. */
static char *
unit_check(const struct formmodel *m, size_t inst, const char *value, sqlite3 *db, bool en)
{
	char *kind = formmodel_get_by_name(m, "kind", inst), *cap = formmodel_get_by_name(m, "capacity", inst);
	char *msg = NULL, *err = NULL;
	const char *bad;
	facility tmp;

	facility_init(&tmp);
	if (cap && *cap && !*value)
		msg = xstrdup(_("Say what the capacity counts (its unit)."));
	else if (kind && *kind && facility_set(&tmp, "kind", kind, &err) == 0 &&
	    facility_set(&tmp, "capacity_unit", value, &err) == 0)
		msg = check_kind(db, &tmp, en, &bad);
	free(err);
	free(kind);
	free(cap);
	facility_free(&tmp);
	return msg;
}

/* The form's constraint in Chinese and in English (the kind named in the form's language): the
 * constraint's one pointer is the database. */
static char *
unit_constraint(const struct formmodel *m, const field_def *f, size_t inst, const char *value, void *ud)
{
	(void)f;
	return unit_check(m, inst, value, ud, false);
}

static char *
unit_constraint_en(const struct formmodel *m, const field_def *f, size_t inst, const char *value, void *ud)
{
	(void)f;
	return unit_check(m, inst, value, ud, true);
}

static char *
check_links(sqlite3 *db, const facility *f, const char **bad_field)
{
	const char *p[2] = { f->community, f->estate };
	char *hit;

	if (!*f->community)
		return *bad_field = "community", xstrdup(_("Choose the community."));
	hit = db_query_text(db, "SELECT id FROM community WHERE id = ?1 AND deleted = 0", 1, p);
	if (!hit)
		return *bad_field = "community", xstrdup(_("No such community."));
	free(hit);
	if (*f->estate) {
		/* A deleted estate is still one of the community's: a facility that named it keeps it (only live
		 * ones are offered on the form and matched by an import). */
		hit = db_query_text(db, "SELECT id FROM estate WHERE community = ?1 AND id = ?2", 2, p);
		if (!hit)
			return *bad_field = "estate", xstrdup(_("The estate is not one of this community's estates."));
		free(hit);
	}
	*bad_field = "circles";
	return check_circles(db, f->circles);
}

char *
facility_validate(sqlite3 *db, const facility *f, const char *lang, const char **bad_field)
{
	char *msg;

	if ((msg = check_texts(f, bad_field)) || (msg = check_numbers(f, bad_field)) ||
	    (msg = check_kind(db, f, refdata_lang_en(lang), bad_field)) || (msg = check_links(db, f, bad_field)))
		return msg;
	*bad_field = NULL;
	return NULL;
}

/* ---- writing ------------------------------------------------------------------------ */

#define DATA_COLS "community, std_item, business_type, name, address, floor_area, land_area, capacity," \
	" capacity_unit, status, hours, run_by, checked_on, circles, estate, chain, notes"
#define N_DATA_COLS 17

static int
bind_fields(sqlite3_stmt *st, int k, const void *rec)
{
	const facility *f = rec;
	const char *a[] = { f->community };
	int rc = sqlite3_bind_text(st, k, a[0], -1, SQLITE_TRANSIENT);

#define TXT(i, v) if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, k + (i), (v), -1, SQLITE_TRANSIENT)
	if (rc == SQLITE_OK)
		rc = f->std_item ? sqlite3_bind_int(st, k + 1, f->std_item) : sqlite3_bind_null(st, k + 1);
	TXT(2, f->business_type);
	TXT(3, f->name);
	TXT(4, f->address);
	if (rc == SQLITE_OK)
		rc = f->has_floor_area ? sqlite3_bind_double(st, k + 5, f->floor_area) : sqlite3_bind_null(st, k + 5);
	if (rc == SQLITE_OK)
		rc = f->has_land_area ? sqlite3_bind_double(st, k + 6, f->land_area) : sqlite3_bind_null(st, k + 6);
	if (rc == SQLITE_OK)
		rc = f->has_capacity ? sqlite3_bind_int64(st, k + 7, f->capacity) : sqlite3_bind_null(st, k + 7);
	TXT(8, f->capacity_unit);
	TXT(9, f->status);
	TXT(10, f->hours);
	TXT(11, f->run_by);
	if (rc == SQLITE_OK)
		rc = *f->checked_on ? sqlite3_bind_text(st, k + 12, f->checked_on, -1, SQLITE_TRANSIENT)
		    : sqlite3_bind_null(st, k + 12);
	TXT(13, f->circles);
	TXT(14, f->estate);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, k + 15, f->chain);
	TXT(16, f->notes);
#undef TXT
	return rc;
}

static int
write_update(sqlite3 *db, const facility *f)
{
	return record_write_update(db, db_prepare(db, "UPDATE facility SET (" DATA_COLS ") = (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17), updated_at = ?18, base = hlc, hlc = ?19, operator = ?20,"
	    " origin = ?21 WHERE id = ?22 AND deleted = 0"), bind_fields, f, 18, f->id);
}

static int
write_insert(sqlite3 *db, facility *f)
{
	return record_write_insert(db, db_prepare(db, "INSERT INTO facility (" RECORD_META_NAMES ", " DATA_COLS ") VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
	    " ?23, ?24, ?25)"), bind_fields, f, f->id);
}

int
facility_save_tx(sqlite3 *db, facility *f, char **err)
{
	const char *bad;
	int rc;

	/* The callers validate first in their language: this is the net under them. */
	if ((*err = facility_validate(db, f, NULL, &bad)) != NULL)
		return -1;
	rc = f->id[0] ? write_update(db, f) : write_insert(db, f);
	return rc == 0 ? 0 : record_write_failed(db, rc, _("cannot save the facility"), err);
}

static int
save_tx(sqlite3 *db, void *f, char **err)
{
	return facility_save_tx(db, f, err);
}

int
facility_save(sqlite3 *db, facility *f, char **err)
{
	const char *bad;

	*err = facility_validate(db, f, NULL, &bad);
	if (*err)
		return -1;
	return record_in_transaction(db, save_tx, f, _("cannot save the facility"), err);
}

static char *
column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return xstrdup(t ? (const char *)t : "");
}

int
facility_load(sqlite3 *db, const char *id, facility *f)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, " DATA_COLS " FROM facility WHERE id = ?1 AND deleted = 0");
	int rc;

	facility_init(f);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(f->id, sizeof f->id, "%s", (const char *)sqlite3_column_text(st, 0));
		replace(&f->community, column_text(st, 1));
		f->std_item = sqlite3_column_int(st, 2);
		replace(&f->business_type, column_text(st, 3));
		replace(&f->name, column_text(st, 4));
		replace(&f->address, column_text(st, 5));
		if ((f->has_floor_area = sqlite3_column_type(st, 6) != SQLITE_NULL))
			f->floor_area = sqlite3_column_double(st, 6);
		if ((f->has_land_area = sqlite3_column_type(st, 7) != SQLITE_NULL))
			f->land_area = sqlite3_column_double(st, 7);
		if ((f->has_capacity = sqlite3_column_type(st, 8) != SQLITE_NULL))
			f->capacity = sqlite3_column_int64(st, 8);
		replace(&f->capacity_unit, column_text(st, 9));
		replace(&f->status, column_text(st, 10));
		replace(&f->hours, column_text(st, 11));
		replace(&f->run_by, column_text(st, 12));
		replace(&f->checked_on, column_text(st, 13));
		replace(&f->circles, column_text(st, 14));
		replace(&f->estate, column_text(st, 15));
		f->chain = sqlite3_column_int(st, 16) != 0;
		replace(&f->notes, column_text(st, 17));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
facility_tombstone(sqlite3 *db, const char *id, char **err)
{
	return record_delete(db, "facility", id, _("cannot delete the facility"), err);
}

/* ---- the form's fields ---------------------------------------------------------------- */

/* Add one choice per row of sql (?1, when it has one, bound to en): value_prefix + column 0 as the value, column 1 as the label. */
static void
add_choices(sqlite3 *db, field_def *f, bool en, const char *sql, const char *value_prefix)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (st && sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int(st, 1, en);

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		char *v = xasprintf("%s%s", value_prefix, (const char *)sqlite3_column_text(st, 0));
		field_add_choice(f, v, (const char *)sqlite3_column_text(st, 1));
		free(v);
	}
	sqlite3_finalize(st);
}

void
facility_fieldset(sqlite3 *db, const char *community_id, const char *lang, fieldset *fs)
{
	field_def *f;
	bool en = refdata_lang_en(lang);

	memset(fs, 0, sizeof *fs);
	f = fieldset_add(fs, "kind", _("Facility kind"), FIELD_CHOICE);
	f->required = true;
	f->hint = xstrdup(_("A standard item of the complete community, or a business type."));
	add_choices(db, f, en, "SELECT no, no || '. ' || " REFDATA_NAME_SQL("i", "?1") " FROM std_item i ORDER BY no", "item:");
	add_choices(db, f, en, "SELECT code, " REFDATA_NAME_SQL("b", "?1") " FROM business_type b ORDER BY rowid", "type:");
	f = fieldset_add(fs, "name", _("Name"), FIELD_TEXT);
	f->required = true;
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "status", _("Status"), FIELD_CHOICE);
	f->required = true;
	f->default_value = xstrdup("operating");
	for (size_t i = 0; i < N_STATUSES; i++)
		field_add_choice(f, statuses[i], facility_status_label(statuses[i]));
	f = fieldset_add(fs, "circles", _("Circles served"), FIELD_MULTI);
	add_choices(db, f, en, "SELECT code, name FROM circle ORDER BY no", "");
	f = fieldset_add(fs, "estate", _("Estate"), FIELD_CHOICE);
	if (community_id) {
		size_t n;
		community_estate *e = community_estates(db, community_id, &n);
		for (size_t i = 0; i < n; i++)
			field_add_choice(&fs->fields[fs->n - 1], e[i].id, e[i].name);
		community_estates_free(e, n);
	}
	f = fieldset_add(fs, "address", _("Address"), FIELD_TEXT);
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "floor_area", _("Floor area (m²)"), FIELD_DECIMAL);
	field_set_range(f, true, 0, true, FACILITY_MAX_AREA);
	f = fieldset_add(fs, "land_area", _("Land area (m²)"), FIELD_DECIMAL);
	field_set_range(f, true, 0, true, FACILITY_MAX_AREA);
	f = fieldset_add(fs, "capacity", _("Capacity"), FIELD_INTEGER);
	field_set_range(f, true, 0, true, (double)FACILITY_MAX_CAPACITY);
	f = fieldset_add(fs, "capacity_unit", _("Capacity unit"), FIELD_CHOICE);
	f->hint = xstrdup(_("What the capacity counts: a kindergarten counts classes, a parcel locker slots."));
	f->constraint = en ? unit_constraint_en : unit_constraint;
	f->logic_ud = db;
	for (size_t i = 0; i < N_UNITS; i++)
		field_add_choice(f, units[i], facility_unit_label(units[i]));
	f = fieldset_add(fs, "hours", _("Opening hours"), FIELD_TEXT);
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "run_by", _("Operator or owner"), FIELD_TEXT);
	f->max_chars = TEXT_MAX_CHARS;
	fieldset_add(fs, "chain", _("Chain outlet"), FIELD_YESNO);
	fieldset_add(fs, "checked_on", _("Date last checked"), FIELD_DATE);
	f = fieldset_add(fs, "notes", _("Notes"), FIELD_MULTILINE);
	f->max_chars = NOTES_MAX_CHARS;
}

char *
facility_kind_units(sqlite3 *db, const char *kind)
{
	facility tmp;
	char *err = NULL, *name = NULL, *u = NULL;

	facility_init(&tmp);
	if (kind && *kind && facility_set(&tmp, "kind", kind, &err) == 0)
		u = kind_units(db, &tmp, false, &name);
	if (u && !name) {
		free(u);
		u = NULL;
	}
	free(name);
	free(err);
	facility_free(&tmp);
	return u;
}

/* Words in a space-separated list. */
static size_t
count_words(const char *s)
{
	size_t n = 0;
	bool in = false;

	for (; s && *s; s++) {
		if (*s != ' ' && !in)
			n++;
		in = *s != ' ';
	}
	return n;
}

bool
facility_default_unit(sqlite3 *db, facility *f)
{
	char *kind, *u;
	bool set = false;

	if (!f->has_capacity || *f->capacity_unit)
		return false;
	kind = facility_get(f, "kind");
	u = facility_kind_units(db, kind);
	if (u && count_words(u) == 1) {
		char *w = field_fold_ascii(u);
		replace(&f->capacity_unit, w);
		set = true;
	}
	free(u);
	free(kind);
	return set;
}

/* How many capacity units the kind on the form counts in (ud: the database); 0 for none. */
static size_t
form_kind_units(const struct formmodel *m, size_t inst, void *ud)
{
	char *kind = formmodel_get_by_name(m, "kind", inst);
	char *u = facility_kind_units(ud, kind);
	size_t n = u ? count_words(u) : 0;

	free(u);
	free(kind);
	return n;
}

/* The form shows capacity only for a kind that counts one (a kindergarten its classes, a shop
 * nothing), and the unit only when the kind has more than one to choose from. */
static bool
capacity_relevant(const struct formmodel *m, size_t inst, void *ud)
{
	return form_kind_units(m, inst, ud) >= 1;
}

static bool
unit_relevant(const struct formmodel *m, size_t inst, void *ud)
{
	return form_kind_units(m, inst, ud) >= 2;
}

void
facility_fieldset_fit_kind(sqlite3 *db, fieldset *fs)
{
	int cap = fieldset_find(fs, "capacity"), unit = fieldset_find(fs, "capacity_unit");

	if (cap >= 0) {
		fs->fields[cap].relevant = capacity_relevant;
		fs->fields[cap].logic_ud = db;
	}
	if (unit >= 0) {
		fs->fields[unit].relevant = unit_relevant;
		fs->fields[unit].logic_ud = db;
	}
}

char *
facility_capacity_label(sqlite3 *db, const char *kind)
{
	char *u = facility_kind_units(db, kind), *save = NULL, *labels = xstrdup("");
	char *out;

	for (char *w = u ? strtok_r(u, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save)) {
		char *n = xasprintf("%s%s%s", labels, *labels ? "/" : "", facility_unit_label(w));
		free(labels);
		labels = n;
	}
	/* TRANSLATORS: the capacity field's label with the units the kind counts, e.g. "Capacity (classes)". */
	out = *labels ? xasprintf(_("Capacity (%s)"), labels) : xstrdup(_("Capacity"));
	free(labels);
	free(u);
	return out;
}

/* ---- the list ------------------------------------------------------------------------------ */

/* The kind as one sortable text: "01".."20" for the standard items, the business type's code
 * after them. Written exactly as migration_facility_sort's index facility_community_kind. */
#define KIND_EXPR "CASE WHEN std_item > 0 THEN substr('0' || std_item, -2) ELSE business_type END"

/* Sortable only where migration_facility_sort made an index on (community, key, id). */
static const page_column list_cols[FACILITY_NCOLS] = {
	{ KIND_EXPR, false, true },
	{ "name", false, true },
	{ "status", false, false },
	{ "floor_area", true, true },
	{ "CASE WHEN capacity IS NULL THEN '' ELSE capacity || ' ' || capacity_unit END", false, false },
	{ "checked_on", false, true },
	{ "chain", false, false },
};

static const page_cond list_conds[FACILITY_NCONDS] = {
	{ "community", "community = :community" },
	{ "circle", "instr(' ' || circles || ' ', ' ' || :circle || ' ') > 0" },
	{ "kind", KIND_EXPR " = :kind" },
	{ "status", "status = :status" },
};

/* The search (name, address, business type, operator) is served by the FTS table search.c keeps. */
static const page_query list_query = {
	.from = "facility", .id_expr = "id", .fts = "facility_fts", .deleted_col = "deleted",
	.cols = list_cols, .ncols = FACILITY_NCOLS, .conds = list_conds, .nconds = FACILITY_NCONDS,
};

const page_query *
facility_list_query(void)
{
	return &list_query;
}

void
facility_fieldset_keep_estate(sqlite3 *db, fieldset *fs, const char *estate_id)
{
	int i = fieldset_find(fs, "estate");
	bool deleted = false;
	char *name, *label;

	if (i < 0 || !estate_id || !*estate_id || field_choice_label(&fs->fields[i], estate_id))
		return;
	if (!(name = community_estate_name(db, estate_id, &deleted)))
		return;
	label = deleted ? xasprintf(_("%s (deleted)"), name) : xstrdup(name);
	field_add_choice(&fs->fields[i], estate_id, label);
	free(label);
	free(name);
}

int
facility_kind_names(sqlite3 *db, const char *lang, char ***codes, char ***names, size_t *n)
{
	/* The codes exactly as KIND_EXPR writes them, so a cell or a filter value finds its name. */
	sqlite3_stmt *st = db_prepare(db, "SELECT substr('0' || no, -2), no || '. ' || " REFDATA_NAME_SQL("i", "?1")
	    " FROM std_item i UNION ALL SELECT code, " REFDATA_NAME_SQL("b", "?1") " FROM business_type b");
	size_t cap = 0;
	int rc;

	*codes = *names = NULL;
	*n = 0;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, refdata_lang_en(lang));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*codes = xrealloc(*codes, cap * sizeof **codes);
			*names = xrealloc(*names, cap * sizeof **names);
		}
		(*codes)[*n] = db_column_dup(st, 0);
		(*names)[(*n)++] = db_column_dup(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
