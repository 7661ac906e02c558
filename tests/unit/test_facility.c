/* test_facility.c - community and facility records: parsing what users type (full-width digits,
 * blanks, control characters), validation with clear messages (negative areas, capacity units that
 * fit the kind, required fields, dates, links), and create/update/load/tombstone through record.c. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "community.h"
#include "settings.h"
#include "db.h"
#include "facility.h"
#include "formmodel.h"
#include "migrate.h"
#include "refdata.h"
#include "util.h"

static bool
has(const char *s, const char *sub)
{
	bool y = s && strstr(s, sub) != NULL;

	if (!y)
		printf("# \"%s\" does not contain \"%s\"\n", s ? s : "(null)", sub);
	return y;
}

static long long
qint(sqlite3 *db, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_community(sqlite3 *db, char cid[UUID_TEXT_LEN])
{
	community c, d;
	char *err = NULL, other[UUID_TEXT_LEN], eid[UUID_TEXT_LEN], eid2[UUID_TEXT_LEN];
	const char *bad = NULL;
	char *msg;
	community_estate *e;
	size_t n;

	community_init(&c);
	is_int(community_set(&c, "code", "ＨＢＷ－０１", &err), 0, "a full-width code is taken");
	is_str(c.code, "HBW-01", "... folded to ASCII");
	ok(community_set(&c, "households", "１２００", &err) == 0 && c.has_households && c.households == 1200,
	    "full-width households fold to 1200");
	ok(community_set(&c, "households", "-3", &err) != 0 && err && has(err, "Households"), "negative households are refused");
	free(err), err = NULL;
	ok(c.households == 1200, "... and the value is kept");
	ok(community_set(&c, "land_area", "　", &err) == 0 && !c.has_land_area, "an ideographic space is empty");
	ok(community_set(&c, "name", "海北\x01社区", &err) != 0 && err, "a control character in the name is refused");
	free(err), err = NULL;
	msg = community_validate(&c, &bad);
	ok(msg && strcmp(bad, "name") == 0, "without a name the community cannot be saved (%s)", msg ? msg : "");
	free(msg);
	community_set(&c, "name", "  海北社区 ", &err);
	is_str(c.name, "海北社区", "the name is trimmed");
	ok(community_set(&c, "development", "new", &err) == 0 && c.is_new, "development new");
	ok(community_set(&c, "old_estate", "是", &err) == 0 && c.old_estate, "old estate 是");
	ok(community_set(&c, "old_estate", "maybe", &err) != 0, "old estate maybe is refused");
	free(err), err = NULL;
	ok(community_save(db, &c, &err) == 0 && c.id[0], "the community is saved with a new id");
	memcpy(cid, c.id, UUID_TEXT_LEN);
	is_int(qint(db, "SELECT count(*) FROM community WHERE id = ?1 AND base = '' AND change_seq > 0", cid), 1,
	    "a new record has an empty base and a change sequence");

	community_init(&d);
	community_set(&d, "code", "hbw-01", &err);
	community_set(&d, "name", "重复", &err);
	community_set(&d, "code", "HBW-01", &err);
	ok(community_save(db, &d, &err) != 0 && err && has(err, "HBW-01"), "a second community with the same code is refused");
	free(err), err = NULL;
	community_free(&d);

	ok(community_find_code(db, "ＨＢＷ－01", other) == 0 && strcmp(other, cid) == 0, "found by a full-width code");
	ok(community_load(db, cid, &d) == 0 && strcmp(d.name, "海北社区") == 0 && d.households == 1200 && d.is_new &&
	    d.old_estate, "loads back as saved");
	community_set(&d, "households", "1300", &err);
	ok(community_save(db, &d, &err) == 0, "an update saves");
	is_int(qint(db, "SELECT households FROM community WHERE id = ?1", cid), 1300, "... the new value");
	is_int(qint(db, "SELECT base <> '' AND base < hlc FROM community WHERE id = ?1", cid), 1,
	    "... as a new version whose base is the previous clock");
	community_free(&d);
	community_free(&c);

	is_int(community_default_id(db, other), 1, "no office community is set yet");
	settings_set(db, "community_id", cid);
	ok(community_default_id(db, other) == 0 && strcmp(other, cid) == 0, "the office's own community is the default");
	community_init(&d);
	community_set(&d, "code", "TMP-9", &err);
	community_set(&d, "name", "临时社区", &err);
	ok(community_save(db, &d, &err) == 0, "a second community is saved");
	ok(community_tombstone(db, d.id, &err) == 0, "and deleted");
	is_int(community_tombstone(db, d.id, &err), 1, "deleting it again finds nothing");
	is_int(community_find_code(db, "TMP-9", other), 1, "a deleted community is not found by its code");
	community_free(&d);
	ok(community_add_estate(db, cid, " 阳光小区 ", eid, &err) == 0, "an estate is added");
	ok(community_add_estate(db, cid, "阳光小区", eid2, &err) == 0 && strcmp(eid, eid2) == 0,
	    "adding the same name again finds the same estate");
	ok(community_add_estate(db, cid, "　", eid2, &err) != 0 && err, "a blank estate name is refused");
	free(err), err = NULL;
	community_add_estate(db, cid, "和平小区", eid2, &err);
	e = community_estates(db, cid, &n);
	ok(n == 2 && strcmp(e[0].name, "和平小区") == 0 && strcmp(e[1].name, "阳光小区") == 0, "two estates in name order");
	community_estates_free(e, n);
}

static void
set_all(facility *f, const char *const *kv)
{
	char *err = NULL;

	for (; kv[0]; kv += 2)
		if (facility_set(f, kv[0], kv[1], &err) != 0) {
			printf("# %s=%s: %s\n", kv[0], kv[1], err);
			free(err), err = NULL;
		}
}

static void
test_facility(sqlite3 *db, const char *cid)
{
	facility f, g;
	char *err = NULL, *msg;
	const char *bad = NULL, *kg[] = { "community", cid, "kind", "item:2", "name", "阳光幼儿园", NULL };
	char id[UUID_TEXT_LEN];

	facility_init(&f);
	set_all(&f, kg);
	ok(facility_set(&f, "floor_area", "-5", &err) != 0 && err && has(err, "negative"), "a negative area is refused");
	free(err), err = NULL;
	ok(facility_set(&f, "floor_area", "２２００.５", &err) == 0 && f.has_floor_area && f.floor_area == 2200.5,
	    "a full-width area folds to 2200.5");
	ok(facility_set(&f, "land_area", "abc", &err) != 0 && err, "a land area of letters is refused");
	free(err), err = NULL;
	ok(facility_set(&f, "capacity", "6.5", &err) != 0, "a capacity must be whole");
	free(err), err = NULL;
	facility_set(&f, "capacity", "6", &err);
	facility_set(&f, "capacity_unit", "locker_slots", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && bad && strcmp(bad, "capacity_unit") == 0 && has(msg, "classes") && has(msg, "locker slots"),
	    "a kindergarten counting locker slots is refused, naming classes (%s)", msg ? msg : "");
	ok(msg && has(msg, "一个幼儿园"), "... and the kindergarten by its Chinese name in Chinese");
	free(msg);
	msg = facility_validate(db, &f, "en", &bad);
	ok(msg && has(msg, "one kindergarten counts its capacity in classes") && !strstr(msg, "幼儿园"),
	    "in English the kindergarten by its English name (%s)", msg ? msg : "");
	free(msg);
	facility_set(&f, "capacity_unit", "classes", &err);
	ok(facility_set(&f, "checked_on", "2024-02-30", &err) != 0, "2024-02-30 is not a date");
	free(err), err = NULL;
	ok(facility_set(&f, "checked_on", "２０２４-０２-２９", &err) == 0, "a full-width leap day is a date");
	ok(facility_set(&f, "status", "open", &err) != 0, "an unknown status is refused");
	free(err), err = NULL;
	ok(facility_set(&f, "circles", "education eldercare", &err) == 0, "circles set");
	ok(facility_set(&f, "notes", "第一行\n第二行", &err) == 0, "notes may hold line breaks");
	ok(facility_set(&f, "name", "坏\x1b名", &err) != 0 && err, "an escape character in the name is refused");
	free(err), err = NULL;
	ok(facility_set(&f, "address", "路\xe2\x80\xae名", &err) != 0, "a bidi override in the address is refused");
	free(err), err = NULL;
	ok(facility_save(db, &f, &err) == 0 && f.id[0], "the kindergarten saves (%s)", err ? err : "");
	memcpy(id, f.id, sizeof id);

	ok(facility_load(db, id, &g) == 0, "loads back");
	ok(g.std_item == 2 && g.floor_area == 2200.5 && g.capacity == 6 && strcmp(g.capacity_unit, "classes") == 0 &&
	    strcmp(g.checked_on, "2024-02-29") == 0 && strcmp(g.circles, "education eldercare") == 0 &&
	    strcmp(g.notes, "第一行\n第二行") == 0, "with every field as saved");
	is_str_free(facility_get(&g, "floor_area"), "2200.5", "facility_get gives the area back as text");
	is_str_free(facility_get(&g, "kind"), "item:2", "and the kind");
	facility_set(&g, "status", "closed", &err);
	ok(facility_save(db, &g, &err) == 0, "an update saves");
	is_int(qint(db, "SELECT status = 'closed' AND base <> '' FROM facility WHERE id = ?1", id), 1,
	    "... as a new version with its base");
	facility_free(&g);
	ok(facility_tombstone(db, id, &err) == 0, "tombstoned");
	ok(facility_load(db, id, &g) == 1, "a deleted facility does not load");
	facility_free(&g);
	is_int(facility_tombstone(db, id, &err), 1, "tombstoning it again finds nothing");
	facility_free(&f);

	facility_init(&f);
	{
		const char *locker[] = { "community", cid, "kind", "type:parcel_locker", "name", "丰巢", "capacity", "120",
		    "capacity_unit", "locker_slots", NULL };
		set_all(&f, locker);
	}
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg == NULL, "a parcel locker counts locker slots (%s)", msg ? msg : "fine");
	free(msg);
	facility_set(&f, "capacity_unit", "", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && strcmp(bad, "capacity_unit") == 0, "a capacity without its unit is refused");
	free(msg);
	facility_set(&f, "capacity", "", &err);
	facility_set(&f, "kind", "type:no_such_type", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && strcmp(bad, "kind") == 0 && has(msg, "no_such_type"), "an unknown business type is refused");
	free(msg);
	facility_set(&f, "kind", "type:barber", &err);
	facility_set(&f, "name", "　", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && strcmp(bad, "name") == 0, "a blank-only name counts as empty: required");
	free(msg);
	facility_set(&f, "name", "理发店", &err);
	facility_set(&f, "circles", "commerce nowhere", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && has(msg, "nowhere"), "an unknown circle is refused");
	free(msg);
	facility_set(&f, "circles", "commerce", &err);
	facility_set(&f, "estate", "00000000-0000-0000-0000-000000000000", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && strcmp(bad, "estate") == 0, "an estate not of this community is refused");
	free(msg);
	facility_set(&f, "estate", "", &err);
	facility_set(&f, "community", "00000000-0000-0000-0000-000000000000", &err);
	msg = facility_validate(db, &f, "zh", &bad);
	ok(msg && strcmp(bad, "community") == 0, "an unknown community is refused");
	free(msg);
	ok(facility_save(db, &f, &err) != 0 && err, "and nothing is saved");
	free(err), err = NULL;
	is_int(qint(db, "SELECT count(*) FROM facility WHERE name = '理发店'", NULL), 0, "no row was written");
	facility_free(&f);
}

/* The form's kinds and the list's kind names in Chinese and in English; fs is left as facility_fieldset("zh") made it. */
static void
test_fieldset_languages(sqlite3 *db, const char *cid, fieldset *fs)
{
	int k;

	facility_fieldset(db, cid, "zh", fs);
	k = fieldset_find(fs, "kind");
	is_str(k >= 0 ? field_choice_label(&fs->fields[k], "item:3") : NULL, "3. 一个托儿所", "in Chinese, item 3 by its Chinese name");
	is_str(k >= 0 ? field_choice_label(&fs->fields[k], "type:parcel_locker") : NULL, "智能快递箱",
	    "... and the parcel locker by its Chinese name");
	fieldset_free(fs);
	facility_fieldset(db, cid, "en", fs);
	k = fieldset_find(fs, "kind");
	is_str(k >= 0 ? field_choice_label(&fs->fields[k], "item:3") : NULL, "3. one nursery", "in English, item 3 by its English name");
	is_str(k >= 0 ? field_choice_label(&fs->fields[k], "type:parcel_locker") : NULL, "parcel locker",
	    "... and the parcel locker by its English name");
	ok(k >= 0 && fs->fields[k].nchoices >= 20 + 13, "the same kinds offered in English (%zu)", k >= 0 ? fs->fields[k].nchoices : 0);
	{
		formmodel *m = formmodel_new(fs, NULL);
		const char *e;
		formmodel_set(m, (size_t)k, 0, "item:2");
		formmodel_set(m, (size_t)fieldset_find(fs, "capacity"), 0, "6");
		formmodel_set(m, (size_t)fieldset_find(fs, "capacity_unit"), 0, "locker_slots");
		e = formmodel_commit(m, (size_t)fieldset_find(fs, "capacity_unit"), 0);
		ok(e && strstr(e, "one kindergarten counts its capacity in classes"), "the English form names the kind in English at the field (%s)",
		    e ? e : "");
		formmodel_free(m);
	}
	fieldset_free(fs);
	{
		/* The inventory list's kind names: the codes its cells hold, named in either language. */
		char **codes, **names;
		size_t n = 0, found = 0;
		int rc = facility_kind_names(db, "en", &codes, &names, &n);
		ok(rc == 0 && n >= 33, "the list's kind names in English (%zu)", n);
		for (size_t i = 0; i < n; i++) {
			if (strcmp(codes[i], "03") == 0)
				found += strcmp(names[i], "3. one nursery") == 0;
			if (strcmp(codes[i], "barber") == 0)
				found += strcmp(names[i], "barber") == 0;
		}
		is_int((int)found, 2, "\"03\" is 3. one nursery and barber is barber");
		db_pairs_free(codes, names, n);
		found = 0;
		ok(facility_kind_names(db, "zh_CN.UTF-8", &codes, &names, &n) == 0, "the list's kind names in Chinese");
		for (size_t i = 0; i < n; i++) {
			if (strcmp(codes[i], "03") == 0)
				found += strcmp(names[i], "3. 一个托儿所") == 0;
			if (strcmp(codes[i], "barber") == 0)
				found += strcmp(names[i], "理发店") == 0;
		}
		is_int((int)found, 2, "\"03\" is 3. 一个托儿所 and barber is 理发店");
		db_pairs_free(codes, names, n);
	}
	facility_fieldset(db, cid, "zh", fs);
}

static void
test_fieldset(sqlite3 *db, const char *cid)
{
	fieldset fs;
	int k;

	facility_fieldset(db, cid, "zh", &fs);
	ok(fs.n >= 15, "the facility form has its fields (%zu)", fs.n);
	ok(fs.n > 0 && strcmp(fs.fields[0].name, "kind") == 0 && fs.fields[0].required, "kind comes first, required");
	k = fieldset_find(&fs, "kind");
	ok(k >= 0 && fs.fields[k].nchoices >= 20 + 13, "kind offers the 20 items and the business types (%zu)",
	    k >= 0 ? fs.fields[k].nchoices : 0);
	ok(k >= 0 && field_choice_label(&fs.fields[k], "type:parcel_locker") != NULL, "... parcel locker among them");
	k = fieldset_find(&fs, "estate");
	ok(k >= 0 && fs.fields[k].nchoices == 2, "estate offers the community's two estates");
	k = fieldset_find(&fs, "floor_area");
	ok(k >= 0 && fs.fields[k].kind == FIELD_DECIMAL && fs.fields[k].has_min && fs.fields[k].min == 0,
	    "floor area is a decimal from 0");
	k = fieldset_find(&fs, "circles");
	ok(k >= 0 && fs.fields[k].kind == FIELD_MULTI && fs.fields[k].nchoices == 8, "circles: several of the 8");
	k = fieldset_find(&fs, "checked_on");
	ok(k >= 0 && fs.fields[k].kind == FIELD_DATE, "date checked is a date");
	fieldset_free(&fs);
	test_fieldset_languages(db, cid, &fs);
	{
		formmodel *m = formmodel_new(&fs, NULL);
		int kind = fieldset_find(&fs, "kind"), unit = fieldset_find(&fs, "capacity_unit"), cap = fieldset_find(&fs, "capacity");
		const char *e;
		formmodel_set(m, (size_t)kind, 0, "item:2");
		formmodel_set(m, (size_t)cap, 0, "６");
		formmodel_set(m, (size_t)unit, 0, "locker_slots");
		e = formmodel_commit(m, (size_t)unit, 0);
		ok(e && strstr(e, "classes"), "on the form, a kindergarten counting locker slots is refused at the field (%s)", e ? e : "");
		formmodel_set(m, (size_t)unit, 0, "classes");
		ok(formmodel_commit(m, (size_t)unit, 0) == NULL, "... and classes are fine");
		formmodel_set(m, (size_t)unit, 0, "");
		ok(formmodel_commit(m, (size_t)unit, 0) != NULL, "... and a capacity without a unit is refused");
		formmodel_set(m, (size_t)kind, 0, "type:parcel_locker");
		formmodel_set(m, (size_t)unit, 0, "locker_slots");
		ok(formmodel_commit(m, (size_t)unit, 0) == NULL, "a parcel locker counts locker slots on the form");
		formmodel_set(m, (size_t)cap, 0, "-1");
		ok(formmodel_commit(m, (size_t)cap, 0) != NULL, "a negative capacity is refused on the form");
		formmodel_free(m);
	}
	fieldset_free(&fs);
}

/* The reference data that says what counts: the business types and the roles of the 20 items,
 * and a business type with an unknown circle refused with its file and line. */
static void
test_reference(sqlite3 *db)
{
	char tmpl[] = "/tmp/test_facility.XXXXXX", *dir = mkdtemp(tmpl), *err = NULL, *path, *src, *text;
	static const char *const files[] = { "circles.tsv", "standard_goals.tsv", "standard_items.tsv",
	    "standard_checks.tsv", "indicators.tsv", "standard_item_roles.tsv", "business_types.tsv", "VERSION" };
	sqlite3 *fresh = NULL;
	size_t len;

	ok(qint(db, "SELECT count(*) FROM std_item_role", NULL) == 20, "a role for each of the 20 items");
	ok(qint(db, "SELECT count(*) FROM business_type", NULL) >= 13, "the business types of the task list are loaded");
	ok(qint(db, "SELECT count(*) FROM business_type WHERE code = 'elderly_canteen' AND elderly_care = 'yes'"
	    " AND service_facility = 'yes' AND std_item = 4", NULL) == 1, "an elderly canteen is elderly care under item 4");
	ok(qint(db, "SELECT count(*) FROM std_item_role WHERE elderly_care = 'yes'", NULL) >= 1,
	    "at least one standard item is elderly care");
	if (!dir) {
		ok(0, "temporary directory");
		return;
	}
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		src = xasprintf("%s/%s", refdata_dir(), files[i]);
		path = xasprintf("%s/%s", dir, files[i]);
		text = slurp(src, &len);
		if (text && strcmp(files[i], "business_types.tsv") == 0) {
			char *p = strstr(text, "\tcommerce\t6\t");
			if (p)
				memcpy(p + 1, "commerX", 7);	/* "commerce" becomes "commerXe": no such circle */
		}
		ok(text && spew(path, text, len), "copied %s", files[i]);
		free(text);
		free(src);
		free(path);
	}
	sqlite3_open(":memory:", &fresh);
	sqlite3_exec(fresh, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	ok(migrate_apply(fresh, &err) == 0, "a fresh database");
	free(err), err = NULL;
	len = (size_t)refdata_load(fresh, dir, &err);
	ok(len != 0 && err && strstr(err, "business_types.tsv:") && strstr(err, "unknown circle code"),
	    "a business type with an unknown circle is refused, naming the file and line (%s)", err ? err : "");
	free(err), err = NULL;
	is_int(qint(fresh, "SELECT count(*) FROM business_type", NULL), 0, "nothing of it is kept");
	sqlite3_close(fresh);
	{
		/* A business type added by an office, without a new program. */
		char *bt = xasprintf("%s/business_types.tsv", refdata_dir()), *mine = xasprintf("%s/business_types.tsv", dir);
		char *body = slurp(bt, &len), *more = xasprintf("%smobile_stall\t流动摊点\tmobile stall\tcommerce\t8\tno\tno\tyes\t\n", body ? body : "");
		ok(spew(mine, more, strlen(more)), "a business type appended to the file");
		sqlite3_open(":memory:", &fresh);
		migrate_apply(fresh, &err);
		free(err), err = NULL;
		ok(refdata_load(fresh, dir, &err) == 0, "it loads (%s)", "business_types.tsv");
		free(err), err = NULL;
		is_int(qint(fresh, "SELECT std_item FROM business_type WHERE code = 'mobile_stall'", NULL), 8,
		    "the new type counts under item 8");
		sqlite3_close(fresh);
		free(bt);
		free(mine);
		free(body);
		free(more);
	}
	rm_rf(dir);
}

int
main(void)
{
	sqlite3 *db;
	char cid[UUID_TEXT_LEN] = "";

	db = test_start_db();
	if (!db)
		return tap_done();
	test_community(db, cid);
	test_facility(db, cid);
	test_fieldset(db, cid);
	test_reference(db);
	sqlite3_close(db);
	return tap_done();
}
