/* community.c - community records and their estates: parse what a user typed, validate, and write
 * through record.c's sync fields, one transaction per write with bound values. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "community.h"
#include "surveyrun.h"
#include "facility.h"
#include "field.h"
#include "record.h"
#include "dupmerge.h"
#include "settings.h"
#include "sheetout.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

#define TEXT_MAX_CHARS 200

void
community_init(community *c)
{
	memset(c, 0, sizeof *c);
	c->code = xstrdup("");
	c->name = xstrdup("");
	c->subdistrict = xstrdup("");
	c->district = xstrdup("");
}

void
community_free(community *c)
{
	free(c->code);
	free(c->name);
	free(c->subdistrict);
	free(c->district);
	memset(c, 0, sizeof *c);
}

static void
replace(char **slot, char *v)
{
	free(*slot);
	*slot = v;
}

/* Trimmed copy of text (folded to ASCII for codes), or NULL with *err for control characters. */
static char *
clean_text(const char *text, bool fold, char **err)
{
	char *bad = field_text_controls(text ? text : "", false);

	if (bad) {
		*err = bad;
		return NULL;
	}
	if (field_text_is_blank(text))
		return xstrdup("");
	if (fold)
		return field_fold_ascii(text);
	{
		field_def plain = { .kind = FIELD_TEXT };
		return field_normalize(&plain, text);
	}
}

static int
set_yesno(bool *slot, const char *t, const char *yes, const char *no, char **err, const char *what)
{
	if (strcmp(t, yes) == 0 || strcmp(t, _("yes")) == 0 || strcmp(t, "是") == 0)
		*slot = true;
	else if (strcmp(t, no) == 0 || strcmp(t, _("no")) == 0 || strcmp(t, "否") == 0)
		*slot = false;
	else {
		*err = xasprintf(_("%s: \"%s\" is not one of %s, %s."), what, t, yes, no);
		return -1;
	}
	return 0;
}

static int
set_number(const char *field, const char *t, community *c, char **err)
{
	bool ok;

	if (strcmp(field, "land_area") == 0) {
		double v;
		if (!*t)
			return c->has_land_area = false, 0;
		if ((ok = facility_parse_amount(t, 1e9, &v)))
			c->land_area = v, c->has_land_area = true;
		else
			*err = xasprintf(_("Land area: \"%s\" is not an area in square metres (0 or more)."), t);
	} else {
		bool hh = strcmp(field, "households") == 0;
		long long v;
		if (!*t) {
			*(hh ? &c->has_households : &c->has_residents) = false;
			return 0;
		}
		if ((ok = facility_parse_count(t, hh ? COMMUNITY_MAX_HOUSEHOLDS : COMMUNITY_MAX_RESIDENTS, &v))) {
			*(hh ? &c->households : &c->residents) = v;
			*(hh ? &c->has_households : &c->has_residents) = true;
		} else {
			*err = xasprintf(hh ? _("Households: \"%s\" is not a whole number from 0.")
			    : _("Residents: \"%s\" is not a whole number from 0."), t);
		}
	}
	return ok ? 0 : -1;
}

int
community_set(community *c, const char *field, const char *text, char **err)
{
	static const char *const texts[] = { "code", "name", "subdistrict", "district" };
	char **slots[] = { &c->code, &c->name, &c->subdistrict, &c->district };
	char *t;
	int rc = 0;

	*err = NULL;
	for (int i = 0; i < 4; i++) {
		if (strcmp(field, texts[i]) != 0)
			continue;
		if (!(t = clean_text(text, i == 0, err)))
			return -1;
		replace(slots[i], t);
		return 0;
	}
	if (!(t = clean_text(text, true, err)))
		return -1;
	if (strcmp(field, "households") == 0 || strcmp(field, "residents") == 0 || strcmp(field, "land_area") == 0)
		rc = set_number(field, t, c, err);
	else if (strcmp(field, "old_estate") == 0)
		rc = set_yesno(&c->old_estate, t, "yes", "no", err, _("Old estate (built before 2005)"));
	else if (strcmp(field, "development") == 0)
		rc = set_yesno(&c->is_new, t, "new", "existing", err, _("New or existing"));
	else {
		*err = xasprintf(_("Unknown field \"%s\"."), field);
		rc = -1;
	}
	free(t);
	return rc;
}

char *
community_validate(const community *c, const char **bad_field)
{
	static const char *const names[] = { "code", "name", "subdistrict", "district" };
	const char *const vals[] = { c->code, c->name, c->subdistrict, c->district };

	for (int i = 0; i < 4; i++) {
		char *bad = field_text_controls(vals[i], false);
		if (bad)
			return *bad_field = names[i], bad;
		if (strlen(vals[i]) > TEXT_MAX_CHARS * 4)
			return *bad_field = names[i], xstrdup(_("The text is too long."));
	}
	if (field_text_is_blank(c->code))
		return *bad_field = "code", xstrdup(_("The community code is required."));
	if (!settings_office_code_ok(c->code))
		return *bad_field = "code", xstrdup(_("The community code is 2 to 16 letters, digits, - or _ (e.g. HBW-0123)."));
	if (field_text_is_blank(c->name))
		return *bad_field = "name", xstrdup(_("The community name is required."));
	if ((c->has_households && (c->households < 0 || c->households > COMMUNITY_MAX_HOUSEHOLDS)) ||
	    (c->has_residents && (c->residents < 0 || c->residents > COMMUNITY_MAX_RESIDENTS)))
		return *bad_field = "households", xstrdup(_("Households and residents are whole numbers from 0."));
	if (c->has_land_area && !(c->land_area >= 0))
		return *bad_field = "land_area", xstrdup(_("An area cannot be negative."));
	return NULL;
}

static int
bind_fields(sqlite3_stmt *st, int first, const void *rec)
{
	const community *c = rec;
	const char *text[4] = { c->code, c->name, c->subdistrict, c->district };
	int rc = SQLITE_OK;

	for (int i = 0; i < 4 && rc == SQLITE_OK; i++)
		rc = sqlite3_bind_text(st, first + i, text[i], -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK)
		rc = c->has_households ? sqlite3_bind_int64(st, first + 4, c->households) : sqlite3_bind_null(st, first + 4);
	if (rc == SQLITE_OK)
		rc = c->has_residents ? sqlite3_bind_int64(st, first + 5, c->residents) : sqlite3_bind_null(st, first + 5);
	if (rc == SQLITE_OK)
		rc = c->has_land_area ? sqlite3_bind_double(st, first + 6, c->land_area) : sqlite3_bind_null(st, first + 6);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int(st, first + 7, c->old_estate);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, first + 8, c->is_new ? "new" : "existing", -1, SQLITE_STATIC);
	return rc;
}

/* The write itself, inside the caller's transaction; 0 or a record_error / -1. */
static int
write_community(sqlite3 *db, community *c)
{
	if (c->id[0])
		return record_write_update(db, db_prepare(db, "UPDATE community SET code = ?1, name = ?2, subdistrict = ?3,"
		    " district = ?4, households = ?5, residents = ?6, land_area = ?7, old_estate = ?8, development = ?9,"
		    " updated_at = ?10, base = hlc, hlc = ?11, operator = ?12, origin = ?13"
		    " WHERE id = ?14 AND deleted = 0"), bind_fields, c, 10, c->id);
	return record_write_insert(db, db_prepare(db, "INSERT INTO community (" RECORD_META_NAMES ", code, name, subdistrict,"
	    " district, households, residents, land_area, old_estate, development)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"), bind_fields, c, c->id);
}

int
community_save_tx(sqlite3 *db, community *c, char **err)
{
	const char *bad;
	char other[UUID_TEXT_LEN];
	int rc;

	if ((*err = community_validate(c, &bad)) != NULL)
		return -1;
	/* Read under the write lock, so two saves cannot both take one code. */
	if (community_find_code(db, c->code, other) == 0 && strcmp(other, c->id) != 0) {
		*err = xasprintf(_("The community code %s is already used by another community."), c->code);
		return -1;
	}
	if ((rc = write_community(db, c)) != 0)
		return record_write_failed(db, rc, _("cannot save the community"), err);
	return 0;
}

static int
save_tx(sqlite3 *db, void *c, char **err)
{
	return community_save_tx(db, c, err);
}

int
community_save(sqlite3 *db, community *c, char **err)
{
	const char *bad;

	*err = community_validate(c, &bad);
	if (*err)
		return -1;
	return record_in_transaction(db, save_tx, c, _("cannot save the community"), err);
}

int
community_load(sqlite3 *db, const char *id, community *c)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, code, name, subdistrict, district, households, residents,"
	    " land_area, old_estate, development FROM community WHERE id = ?1 AND deleted = 0");
	int rc;

	community_init(c);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(c->id, sizeof c->id, "%s", (const char *)sqlite3_column_text(st, 0));
		replace(&c->code, db_column_dup(st, 1));
		replace(&c->name, db_column_dup(st, 2));
		replace(&c->subdistrict, db_column_dup(st, 3));
		replace(&c->district, db_column_dup(st, 4));
		if ((c->has_households = sqlite3_column_type(st, 5) != SQLITE_NULL))
			c->households = sqlite3_column_int64(st, 5);
		if ((c->has_residents = sqlite3_column_type(st, 6) != SQLITE_NULL))
			c->residents = sqlite3_column_int64(st, 6);
		if ((c->has_land_area = sqlite3_column_type(st, 7) != SQLITE_NULL))
			c->land_area = sqlite3_column_double(st, 7);
		c->old_estate = sqlite3_column_int(st, 8) != 0;
		c->is_new = strcmp((const char *)sqlite3_column_text(st, 9), "new") == 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

/* First text column of sql with one parameter into out: 0, or 1 when no row (or the query failed). */
static int
query_id(sqlite3 *db, const char *sql, const char *param, char out[UUID_TEXT_LEN])
{
	const char *p[1] = { param };
	char *v;

	out[0] = '\0';
	v = db_query_text(db, sql, 1, p);
	if (!v)
		return 1;
	snprintf(out, UUID_TEXT_LEN, "%s", v);
	free(v);
	return 0;
}

int
community_find_code(sqlite3 *db, const char *code, char out[UUID_TEXT_LEN])
{
	char *folded = field_fold_ascii(code ? code : "");
	int rc = query_id(db, "SELECT id FROM community WHERE code = ?1 AND deleted = 0 ORDER BY id LIMIT 1",
	    folded, out);

	free(folded);
	return rc;
}

int
community_default_id(sqlite3 *db, char out[UUID_TEXT_LEN])
{
	/* merged into another community at some office: that one is this office's now */
	char *cid = dupmerge_follow(db, settings_get(db, "community_id"));
	int rc = cid ? query_id(db, "SELECT id FROM community WHERE id = ?1 AND deleted = 0", cid, out) : 1;

	if (!cid)
		out[0] = '\0';
	free(cid);
	return rc;
}

int
community_tombstone(sqlite3 *db, const char *id, char **err)
{
	return record_delete(db, "community", id, _("cannot delete the community"), err);
}

int
community_add_estate_tx(sqlite3 *db, const char *community_id, const char *name, char out[UUID_TEXT_LEN], char **err)
{
	char *t = clean_text(name, false, err);
	const char *p[2];
	char *found;
	record_meta m;
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (!t)
		return -1;
	if (!*t) {
		free(t);
		*err = xstrdup(_("The estate name is required."));
		return -1;
	}
	p[0] = community_id;
	p[1] = t;
	found = db_query_text(db, "SELECT id FROM community WHERE id = ?1 AND deleted = 0", 1, p);
	if (!found) {
		free(t);
		*err = xstrdup(_("No such community."));
		return -1;
	}
	free(found);
	found = db_query_text(db, "SELECT id FROM estate WHERE community = ?1 AND name = ?2 AND deleted = 0", 2, p);
	if (found) {
		snprintf(out, UUID_TEXT_LEN, "%s", found);
		rc = 0;
	} else if ((st = db_prepare(db, "INSERT INTO estate (" RECORD_META_NAMES ", community, name)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")) != NULL &&
	    (rc = record_meta_new(db, &m)) == 0) {
		rc = record_bind_meta(st, 1, &m) == SQLITE_OK &&
		    sqlite3_bind_text(st, 9, community_id, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_bind_text(st, 10, t, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
		if (rc == 0)
			snprintf(out, UUID_TEXT_LEN, "%s", m.id);
	}
	sqlite3_finalize(st);
	free(found);
	free(t);
	return rc != 0 ? record_write_failed(db, rc, _("cannot save the estate"), err) : 0;
}

int
community_add_estate(sqlite3 *db, const char *community_id, const char *name, char out[UUID_TEXT_LEN], char **err)
{
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, _("cannot save the estate"), err);
	if (community_add_estate_tx(db, community_id, name, out, err) != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) != 0)
		return record_write_failed(db, -1, _("cannot save the estate"), err);
	return 0;
}

/* community_id's estates, live (deleted 0) or deleted (1), in name order. */
static community_estate *
estates_where(sqlite3 *db, const char *community_id, int deleted, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, name FROM estate WHERE community = ?1 AND deleted = ?2"
	    " ORDER BY name, id");
	community_estate *e = NULL;
	size_t cap = 0;

	*n = 0;
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, community_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, deleted);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap)
			e = xrealloc(e, (cap = cap ? cap * 2 : 8) * sizeof *e);
		snprintf(e[*n].id, sizeof e[*n].id, "%s", (const char *)sqlite3_column_text(st, 0));
		e[*n].name = db_column_dup(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	return e;
}

community_estate *
community_estates(sqlite3 *db, const char *community_id, size_t *n)
{
	return estates_where(db, community_id, 0, n);
}

void
community_estates_free(community_estate *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

char *
community_get(const community *c, const char *field)
{
	if (strcmp(field, "code") == 0)
		return xstrdup(c->code);
	if (strcmp(field, "name") == 0)
		return xstrdup(c->name);
	if (strcmp(field, "subdistrict") == 0)
		return xstrdup(c->subdistrict);
	if (strcmp(field, "district") == 0)
		return xstrdup(c->district);
	if (strcmp(field, "households") == 0)
		return c->has_households ? xasprintf("%lld", c->households) : xstrdup("");
	if (strcmp(field, "residents") == 0)
		return c->has_residents ? xasprintf("%lld", c->residents) : xstrdup("");
	if (strcmp(field, "land_area") == 0)
		return c->has_land_area ? sheetout_number_text(c->land_area) : xstrdup("");
	if (strcmp(field, "old_estate") == 0)
		return xstrdup(c->old_estate ? "yes" : "no");
	if (strcmp(field, "development") == 0)
		return xstrdup(c->is_new ? "new" : "existing");
	return NULL;
}

void
community_fieldset(fieldset *fs)
{
	field_def *f;

	memset(fs, 0, sizeof *fs);
	f = fieldset_add(fs, "code", _("Community code"), FIELD_TEXT);
	f->required = true;
	f->code = true;
	f->max_chars = 16;
	f->hint = xstrdup(_("2 to 16 letters, digits, - or _ (e.g. HBW-0123)."));
	f = fieldset_add(fs, "name", _("Community name"), FIELD_TEXT);
	f->required = true;
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "subdistrict", _("Subdistrict"), FIELD_TEXT);
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "district", _("District"), FIELD_TEXT);
	f->max_chars = TEXT_MAX_CHARS;
	f = fieldset_add(fs, "households", _("Households"), FIELD_INTEGER);
	field_set_range(f, true, 0, true, (double)COMMUNITY_MAX_HOUSEHOLDS);
	f = fieldset_add(fs, "residents", _("Residents"), FIELD_INTEGER);
	field_set_range(f, true, 0, true, (double)COMMUNITY_MAX_RESIDENTS);
	f = fieldset_add(fs, "land_area", _("Land area (m²)"), FIELD_DECIMAL);
	field_set_range(f, true, 0, true, 1e9);
	f = fieldset_add(fs, "old_estate", _("Old estate (built before 2005)"), FIELD_YESNO);
	f->default_value = xstrdup("no");
	f->hint = xstrdup(_("Old estates may meet some items the standard's other way (e.g. convenience stores for a supermarket)."));
	f = fieldset_add(fs, "development", _("New or existing"), FIELD_CHOICE);
	f->required = true;
	f->default_value = xstrdup("existing");
	field_add_choice(f, "existing", _("existing community"));
	field_add_choice(f, "new", _("new community"));
	f->hint = xstrdup(_("The standard asks more of new communities."));
}

/* ---- deleting and restoring a community; renaming, deleting and restoring an estate --------------- */

/* Rows of sql (a count with ?1 .. ?n) as a number, or -1 when the query failed. */
static long long
count_of(sqlite3 *db, const char *sql, int n, const char *const *p)
{
	char *v = db_query_text(db, sql, n, p);
	long long c = v ? atoll(v) : -1;

	free(v);
	return c;
}

int
community_refs_count(sqlite3 *db, const char *id, community_refs *out)
{
	const char *p[1] = { id };

	out->facilities = count_of(db, "SELECT count(*) FROM facility WHERE community = ?1 AND deleted = 0", 1, p);
	out->responses = count_of(db, "SELECT count(*) FROM survey_response WHERE community = ?1 AND deleted = 0", 1, p);
	out->estates = count_of(db, "SELECT count(*) FROM estate WHERE community = ?1 AND deleted = 0", 1, p);
	return out->facilities < 0 || out->responses < 0 || out->estates < 0 ? -1 : 0;
}

char *
community_delete_problem(sqlite3 *db, const char *id)
{
	char own[UUID_TEXT_LEN];
	community_refs r;

	if (community_default_id(db, own) == 0 && strcmp(own, id) == 0)
		return xstrdup(_("This is the office's own community: it cannot be deleted."));
	if (community_refs_count(db, id, &r) != 0)
		return xasprintf(_("cannot count what points at the community: %s"), db_error_text(db));
	/* Facilities and responses are records people typed: they are never left under a deleted
	 * community, where no list reaches them. They are deleted or moved first. */
	if (r.facilities > 0 && r.responses > 0)
		return xasprintf(_("%lld facilities and %lld survey responses belong to it: delete or move them first."),
		    r.facilities, r.responses);
	if (r.facilities > 0)
		return xasprintf(_("%lld facilities belong to it: delete or move them first."), r.facilities);
	if (r.responses > 0)
		return xasprintf(_("%lld survey responses belong to it: delete or move them first."), r.responses);
	return NULL;
}

static int
delete_tx(sqlite3 *db, void *ud, char **err)
{
	const char *id = ud;
	const char *p[1] = { id };
	char *live = db_query_text(db, "SELECT id FROM community WHERE id = ?1 AND deleted = 0", 1, p);
	int rc;

	if (!live)
		return *err = xstrdup(_("No such community: it was deleted meanwhile.")), -1;
	free(live);
	/* Checked again under the write lock: another program may have added a facility meanwhile. */
	if ((*err = community_delete_problem(db, id)) != NULL)
		return -1;
	/* Its estates stay as they are: hidden with it, and back with it when it is restored. */
	if ((rc = record_tombstone(db, "community", id)) == 1)
		return *err = xstrdup(_("No such community: it was deleted meanwhile.")), -1;
	return rc != 0 ? record_write_failed(db, rc, _("cannot delete the community"), err) : 0;
}

int
community_delete(sqlite3 *db, const char *id, char **err)
{
	*err = NULL;
	return record_in_transaction(db, delete_tx, (void *)id, _("cannot delete the community"), err);
}

static int
restore_tx(sqlite3 *db, void *ud, char **err)
{
	const char *p[1] = { ud };
	char *code = db_query_text(db, "SELECT code FROM community WHERE id = ?1 AND deleted = 1", 1, p), other[UUID_TEXT_LEN];
	int rc;

	if (!code)
		return *err = xstrdup(_("No such deleted community.")), -1;
	/* One live community per code: one may have taken it since. */
	if (community_find_code(db, code, other) == 0) {
		*err = xasprintf(_("The community code %s is used by another community now: change that one's code first."),
		    code);
		free(code);
		return -1;
	}
	free(code);
	rc = record_restore(db, "community", ud);
	return rc != 0 ? record_write_failed(db, rc, _("cannot restore the community"), err) : 0;
}

int
community_restore(sqlite3 *db, const char *id, char **err)
{
	*err = NULL;
	return record_in_transaction(db, restore_tx, (void *)id, _("cannot restore the community"), err);
}

/* An estate's community and name (heap each), live or deleted as asked; 0, or 1 when none. */
static int
estate_row(sqlite3 *db, const char *id, int deleted, char **community, char **name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT community, name FROM estate WHERE id = ?1 AND deleted = ?2");
	int rc = 1;

	*community = *name = NULL;
	if (st && sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
	    sqlite3_bind_int(st, 2, deleted) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*community = db_column_dup(st, 0);
		*name = db_column_dup(st, 1);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int
community_estate_refs(sqlite3 *db, const char *id, long long *facilities, long long *responses)
{
	char *cid, *name;
	const char *p[2];

	*facilities = *responses = 0;
	if (estate_row(db, id, 0, &cid, &name) != 0 && estate_row(db, id, 1, &cid, &name) != 0)
		return 1;
	p[0] = id;
	*facilities = count_of(db, "SELECT count(*) FROM facility WHERE estate = ?1 AND deleted = 0", 1, p);
	/* A response names its estate by name, within its community (survey_response_estate index). */
	p[0] = name;
	p[1] = cid;
	*responses = count_of(db, "SELECT count(*) FROM survey_response WHERE estate = ?1 AND community = ?2"
	    " AND deleted = 0", 2, p);
	free(cid);
	free(name);
	return *facilities < 0 || *responses < 0 ? -1 : 0;
}

/* The live estate of community named name other than id: true when there is one. */
static bool
estate_name_taken(sqlite3 *db, const char *community_id, const char *name, const char *id)
{
	const char *p[3] = { community_id, name, id };
	char *hit = db_query_text(db, "SELECT id FROM estate WHERE community = ?1 AND name = ?2 AND deleted = 0"
	    " AND id <> ?3 LIMIT 1", 3, p);

	free(hit);
	return hit != NULL;
}

typedef struct estate_job {
	const char *id;
	char *name;		/* the new name, cleaned */
	long long responses;	/* out: responses that now name it so */
} estate_job;

static int
bind_name(sqlite3_stmt *st, int first, const void *rec)
{
	return sqlite3_bind_text(st, first, rec, -1, SQLITE_TRANSIENT);
}

/* Responses read in one batch: the next finds the rest (a renamed one no longer matches), so memory
 * stays flat however many responses an estate has. */
#define RENAME_BATCH 256

/* The names of a rename: ?1 the new one, ?7 the old one (record_write_update binds 2..6). */
typedef struct rename_names {
	const char *new, *old;
} rename_names;

static int
bind_rename(sqlite3_stmt *st, int first, const void *rec)
{
	const rename_names *n = rec;

	(void)first;
	return sqlite3_bind_text(st, 1, n->new, -1, SQLITE_TRANSIENT) == SQLITE_OK
	    ? sqlite3_bind_text(st, 7, n->old, -1, SQLITE_TRANSIENT) : SQLITE_ERROR;
}

/* A response's answer to the questionnaire's estate question (named "estate": the runner fills it in
 * with the response's estate) follows the rename when it is exactly the old name, so the answers read
 * as the record's estate does. Not for a response keyed twice from paper (a live entry_keying): its
 * answers are checked against what both operators keyed, and changing one would mark it edited after
 * verification; its estate column still follows. */
#define RENAME_ESTATE_ANSWER \
	" answers = CASE WHEN json_valid(answers) AND json_type(answers, '$.estate') = 'text'" \
	" AND json_extract(answers, '$.estate') = ?7 AND NOT EXISTS (SELECT 1 FROM entry_keying k" \
	" WHERE k.record_kind = 'survey_response' AND k.record_id = survey_response.id AND k.deleted = 0)" \
	" THEN json_set(answers, '$.estate', ?1) ELSE answers END,"

/* The live responses of community that name the estate old: each names it new, as a new version. */
static int
rename_responses(sqlite3 *db, const char *community_id, const char *old, const char *new, long long *done)
{
	sqlite3_stmt *st;
	char **ids;
	int n, rc = 0;
	rename_names names = { new, old };

	do {
		ids = NULL;
		n = 0;
		if (!(st = db_prepare(db, "SELECT id FROM survey_response WHERE estate = ?1 AND community = ?2"
		    " AND deleted = 0 ORDER BY id LIMIT ?3")))
			return RECORD_ERR_DB;
		sqlite3_bind_text(st, 1, old, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, community_id, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, RENAME_BATCH);
		while (sqlite3_step(st) == SQLITE_ROW) {
			ids = xrealloc(ids, (size_t)(n + 1) * sizeof *ids);
			ids[n++] = db_column_dup(st, 0);
		}
		sqlite3_finalize(st);
		for (int i = 0; i < n; i++) {
			if (rc == 0 && (rc = record_write_update(db, db_prepare(db, "UPDATE survey_response SET estate = ?1,"
			    RENAME_ESTATE_ANSWER " updated_at = ?2, base = hlc, hlc = ?3, operator = ?4, origin = ?5"
			    " WHERE id = ?6 AND deleted = 0"), bind_rename, &names, 2, ids[i])) == 0)
				(*done)++;
			free(ids[i]);
		}
		free(ids);
	} while (rc == 0 && n == RENAME_BATCH);
	return rc;
}

/* The survey runner remembers the community and estate of the last new response as the next one's
 * default (surveyrun.h); when that is the estate renamed, it follows, or the next response would name
 * an estate that no longer exists. */
static int
rename_default_estate(sqlite3 *db, const char *community_id, const char *old, const char *new)
{
	const char *p[5] = { new, SURVEYRUN_KEY_ESTATE, old, SURVEYRUN_KEY_COMMUNITY, community_id };

	return db_exec_params(db, "UPDATE settings SET value = ?1 WHERE key = ?2 AND value = ?3"
	    " AND EXISTS (SELECT 1 FROM settings WHERE key = ?4 AND value = ?5)", 5, p) == 0 ? 0 : RECORD_ERR_DB;
}

static int
rename_tx(sqlite3 *db, void *ud, char **err)
{
	estate_job *j = ud;
	char *cid, *old;
	int rc;

	if (estate_row(db, j->id, 0, &cid, &old) != 0)
		return *err = xstrdup(_("No such estate: it was deleted meanwhile.")), -1;
	if (estate_name_taken(db, cid, j->name, j->id)) {
		*err = xasprintf(_("The community has an estate called %s already."), j->name);
		rc = -1;
	} else if (strcmp(old, j->name) == 0) {
		rc = 0;		/* the same name: nothing to write */
	} else {
		rc = record_write_update(db, db_prepare(db, "UPDATE estate SET name = ?1, updated_at = ?2, base = hlc,"
		    " hlc = ?3, operator = ?4, origin = ?5 WHERE id = ?6 AND deleted = 0"), bind_name, j->name, 2, j->id);
		/* Facilities name it by id and follow by themselves; responses name it by name. */
		if (rc == 0)
			rc = rename_responses(db, cid, old, j->name, &j->responses);
		if (rc == 0)
			rc = rename_default_estate(db, cid, old, j->name);
		if (rc != 0)
			rc = record_write_failed(db, rc, _("cannot rename the estate"), err);
	}
	free(cid);
	free(old);
	return rc;
}

int
community_rename_estate(sqlite3 *db, const char *id, const char *name, long long *responses, char **err)
{
	estate_job j = { id, NULL, 0 };
	int rc;

	*err = NULL;
	if (responses)
		*responses = 0;
	if (!(j.name = clean_text(name, false, err)))
		return -1;
	if (!*j.name) {
		free(j.name);
		*err = xstrdup(_("The estate name is required."));
		return -1;
	}
	if (strlen(j.name) > TEXT_MAX_CHARS * 4) {
		free(j.name);
		*err = xstrdup(_("The text is too long."));
		return -1;
	}
	rc = record_in_transaction(db, rename_tx, &j, _("cannot rename the estate"), err);
	if (rc == 0 && responses)
		*responses = j.responses;
	free(j.name);
	return rc;
}

int
community_delete_estate(sqlite3 *db, const char *id, char **err)
{
	/* Facilities keep its id and responses its name: they still show it, marked deleted. */
	return record_delete(db, "estate", id, _("cannot delete the estate"), err);
}

static int
restore_estate_tx(sqlite3 *db, void *ud, char **err)
{
	const char *id = ud;
	char *cid, *name;
	int rc;

	if (estate_row(db, id, 1, &cid, &name) != 0)
		return *err = xstrdup(_("No such deleted estate.")), -1;
	if (estate_name_taken(db, cid, name, id)) {
		*err = xasprintf(_("The community has an estate called %s now: rename that one first."), name);
		rc = -1;
	} else if ((rc = record_restore(db, "estate", id)) != 0) {
		rc = record_write_failed(db, rc, _("cannot restore the estate"), err);
	}
	free(cid);
	free(name);
	return rc;
}

int
community_restore_estate(sqlite3 *db, const char *id, char **err)
{
	*err = NULL;
	return record_in_transaction(db, restore_estate_tx, (void *)id, _("cannot restore the estate"), err);
}

community_estate *
community_deleted_estates(sqlite3 *db, const char *community_id, size_t *n)
{
	return estates_where(db, community_id, 1, n);
}

char *
community_estate_name(sqlite3 *db, const char *id, bool *deleted)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, deleted FROM estate WHERE id = ?1");
	char *name = NULL;

	if (st && sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		name = db_column_dup(st, 0);
		if (deleted)
			*deleted = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
	return name;
}
