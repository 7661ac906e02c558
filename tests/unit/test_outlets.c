/* test_outlets.c - the core the facility screens use: the outlet list (业态店铺清单) with its chain
 * share against the 30% target (operating outlets only, other communities, deleted and planned ones
 * left out, none countable), which capacity units a kind counts and the form fields that follow the
 * kind (capacity only where it counts one, the unit only where there are several), the unit filled
 * in for a kind with one, the community form's fields and values read back, and the indexes the
 * facility list sorts by (the plan uses them, never a temporary sort). */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "gaps.h"
#include "community.h"
#include "facility.h"
#include "formmodel.h"
#include "migrate.h"
#include "db.h"
#include "refdata.h"
#include "util.h"

static void
mk_community(sqlite3 *db, const char *code, char id[UUID_TEXT_LEN])
{
	community c;
	char *err = NULL;

	community_init(&c);
	community_set(&c, "code", code, &err);
	community_set(&c, "name", "测试社区", &err);
	if (community_save(db, &c, &err) != 0) {
		printf("# community %s: %s\n", code, err);
		free(err);
	}
	memcpy(id, c.id, UUID_TEXT_LEN);
	community_free(&c);
}

/* An outlet of business type code; its id into id (may be NULL). */
static void
outlet(sqlite3 *db, const char *cid, const char *code, const char *name, bool chain, const char *status,
    char id[UUID_TEXT_LEN])
{
	facility f;
	char *err = NULL, *kind = xasprintf("type:%s", code);

	facility_init(&f);
	if (facility_set(&f, "community", cid, &err) || facility_set(&f, "kind", kind, &err) ||
	    facility_set(&f, "name", name, &err) || facility_set(&f, "chain", chain ? "yes" : "no", &err) ||
	    facility_set(&f, "status", status, &err) || facility_save(db, &f, &err)) {
		printf("# outlet %s: %s\n", name, err ? err : "?");
		free(err);
	}
	if (id)
		memcpy(id, f.id, UUID_TEXT_LEN);
	facility_free(&f);
	free(kind);
}

static const gap_outlet *
type(const gap_outlets *o, const char *code)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->types[i].code, code) == 0)
			return &o->types[i];
	return NULL;
}

static void
test_outlets(sqlite3 *db)
{
	char a[UUID_TEXT_LEN], b[UUID_TEXT_LEN], gone[UUID_TEXT_LEN];
	gap_outlets o;
	const gap_outlet *t;
	char *err = NULL;
	int n_types = 0;

	mk_community(db, "OUT-A", a);
	mk_community(db, "OUT-B", b);
	ok(gaps_outlets(db, a, "zh", &o, &err) == 0, "the outlet list of a community with no outlets");
	{
		char *c = db_query_text(db, "SELECT count(*) FROM business_type", 0, NULL);
		n_types = c ? atoi(c) : -1;
		free(c);
	}
	is_int(o.n, n_types, "every business type of the data file is listed, with 0 outlets too");
	ok(!o.share_known, "no countable outlet: the chain share is not checkable");
	ok(!o.target_met, "... and not met");
	gaps_outlets_free(&o);

	outlet(db, a, "convenience_store", "好邻居便利店", true, "operating", NULL);
	outlet(db, a, "convenience_store", "街角便利店", false, "operating", NULL);
	outlet(db, a, "supermarket", "华联超市", true, "operating", NULL);
	outlet(db, a, "barber", "阿明理发", false, "operating", NULL);
	outlet(db, a, "pharmacy", "大药房", false, "operating", NULL);
	outlet(db, a, "parcel_locker", "丰巢快递柜", true, "operating", NULL);     /* not chain-countable */
	outlet(db, a, "laundry", "规划洗衣店", true, "planned", NULL);              /* planned: not counted */
	outlet(db, a, "laundry", "已删洗衣店", true, "operating", gone);
	outlet(db, b, "barber", "别的社区理发", true, "operating", NULL);          /* another community */
	ok(facility_tombstone(db, gone, &err) == 0, "one outlet deleted");

	ok(gaps_outlets(db, a, "zh", &o, &err) == 0, "the outlet list of community A");
	t = type(&o, "convenience_store");
	ok(t && t->operating == 2 && t->chains == 1 && t->chain_countable, "convenience stores: 2 operating, 1 chain, counted");
	t = type(&o, "parcel_locker");
	ok(t && t->operating == 1 && t->chains == 1 && !t->chain_countable, "parcel lockers are listed but not chain-countable");
	t = type(&o, "laundry");
	ok(t && t->operating == 0 && t->pending == 1, "the planned laundry is pending, the deleted one gone");
	t = type(&o, "barber");
	ok(t && t->operating == 1 && t->chains == 0, "another community's barber is not counted here");
	is_int(o.outlets, 6, "6 operating outlets in all");
	is_int(o.countable, 5, "5 of them of chain-countable types");
	is_int(o.chains, 2, "2 chain outlets among those (the parcel locker's chain does not count)");
	ok(o.share_known && o.share_percent > 39.99 && o.share_percent < 40.01, "chain share 40%% (%g)", o.share_percent);
	ok(o.target_percent == 30.0, "the target is the task list's 30%%");
	ok(o.target_met, "40%% meets the 30%% target");
	gaps_outlets_free(&o);

	ok(gaps_outlets(db, b, "zh", &o, &err) == 0, "the outlet list of community B");
	ok(o.share_known && o.share_percent == 100.0 && o.target_met, "B: 1 of 1 chain: 100%%, met");
	gaps_outlets_free(&o);

	outlet(db, a, "restaurant", "小饭馆一", false, "operating", NULL);
	outlet(db, a, "restaurant", "小饭馆二", false, "operating", NULL);
	ok(gaps_outlets(db, a, "zh", &o, &err) == 0, "A again with two more independent restaurants");
	ok(o.countable == 7 && o.chains == 2 && !o.target_met, "2 of 7 (28.6%%) is below the 30%% target");
	gaps_outlets_free(&o);
}

/* The form's relevance of a field for the kind chosen. */
static bool
shown(sqlite3 *db, const char *kind, const char *field)
{
	fieldset fs;
	formmodel *m;
	bool rel;

	facility_fieldset(db, NULL, "zh", &fs);
	facility_fieldset_fit_kind(db, &fs);
	m = formmodel_new(&fs, NULL);
	formmodel_set(m, (size_t)fieldset_find(&fs, "kind"), 0, kind);
	rel = formmodel_relevant(m, (size_t)fieldset_find(&fs, field), 0);
	formmodel_free(m);
	fieldset_free(&fs);
	return rel;
}

static void
test_kind_fields(sqlite3 *db)
{
	char *u, *label;
	facility f;
	char *err = NULL;

	is_str_free(facility_kind_units(db, "item:2"), "classes", "a kindergarten counts classes");
	is_str_free(facility_kind_units(db, "type:parcel_locker"), "locker_slots", "a parcel locker counts locker slots");
	is_str_free(facility_kind_units(db, "type:barber"), "", "a barber counts nothing");
	u = facility_kind_units(db, "type:no_such_type");
	ok(u == NULL, "an unknown kind has no units (NULL)");
	free(u);
	u = facility_kind_units(db, "");
	ok(u == NULL, "no kind has no units (NULL)");
	free(u);

	ok(shown(db, "item:2", "capacity"), "the form asks a kindergarten for its capacity");
	ok(!shown(db, "item:2", "capacity_unit"), "... but not for its unit (only classes fit)");
	ok(shown(db, "item:10", "capacity") && shown(db, "item:10", "capacity_unit"),
	    "parking: capacity and the unit (parking spaces or chargers)");
	ok(!shown(db, "type:barber", "capacity"), "a barber is not asked for a capacity");
	ok(!shown(db, "", "capacity"), "no kind yet: no capacity asked");
	ok(shown(db, "type:barber", "floor_area"), "every kind is asked for its floor area");

	setlocale(LC_MESSAGES, "C");
	label = facility_capacity_label(db, "item:2");
	is_str(label, "Capacity (classes)", "the capacity label names the kind's unit");
	free(label);
	is_str_free(facility_capacity_label(db, "item:10"), "Capacity (parking spaces/chargers)", "... or its units");
	is_str_free(facility_capacity_label(db, "type:barber"), "Capacity", "... and is plain for a kind with none");

	facility_init(&f);
	facility_set(&f, "kind", "type:parcel_locker", &err);
	facility_set(&f, "capacity", "120", &err);
	ok(facility_default_unit(db, &f), "a parcel locker's capacity with no unit gets one");
	is_str(f.capacity_unit, "locker_slots", "... locker slots");
	ok(!facility_default_unit(db, &f), "a unit already there is kept");
	facility_free(&f);
	facility_init(&f);
	facility_set(&f, "kind", "item:10", &err);
	facility_set(&f, "capacity", "50", &err);
	ok(!facility_default_unit(db, &f) && !*f.capacity_unit, "parking has two units: none is guessed");
	facility_free(&f);
	facility_init(&f);
	facility_set(&f, "kind", "item:2", &err);
	ok(!facility_default_unit(db, &f), "no capacity: no unit set");
	facility_free(&f);
	free(err);
}

static void
test_community_form(sqlite3 *db)
{
	fieldset fs;
	community c, back;
	char *err = NULL;
	static const char *const vals[][2] = {
		{ "code", "FORM-01" }, { "name", "滨河社区" }, { "subdistrict", "滨河街道" }, { "district", "海勃湾区" },
		{ "households", "1200" }, { "residents", "3400" }, { "land_area", "52000.5" }, { "old_estate", "yes" },
		{ "development", "new" },
	};

	community_fieldset(&fs);
	is_int(fs.n, 9, "the community form has 9 fields");
	community_init(&c);
	for (size_t i = 0; i < fs.n; i++) {
		ok(strcmp(fs.fields[i].name, vals[i][0]) == 0, "field %zu is %s", i, vals[i][0]);
		ok(community_set(&c, fs.fields[i].name, vals[i][1], &err) == 0, "community_set takes %s", vals[i][0]);
	}
	ok(community_save(db, &c, &err) == 0, "saved");
	ok(community_load(db, c.id, &back) == 0, "loaded back");
	for (size_t i = 0; i < fs.n; i++) {
		char *v = community_get(&back, fs.fields[i].name);
		is_str(v, vals[i][1], "community_get gives back %s", vals[i][0]);
		free(v);
	}
	ok(community_get(&back, "nonsense") == NULL, "an unknown field is NULL");
	community_free(&back);
	community_free(&c);
	fieldset_free(&fs);
	free(err);
}

/* The plan of the facility list's page query (as pagesource.c writes it) for a sort key. */
static char *
plan(sqlite3 *db, const char *key)
{
	char *sql = xasprintf("SELECT %s, id FROM facility WHERE 1 AND deleted = 0"
	    " AND (community = ?1) AND (%s, id) > (?2, ?3) ORDER BY %s ASC, id ASC LIMIT 50", key, key, key);
	char *out = test_query_plan(db, sql);

	free(sql);
	return out;
}

static void
test_sort_indexes(sqlite3 *db)
{
	static const char *const keys[][2] = {
		{ "name", "facility_community_name" },
		{ "CAST(coalesce(CASE WHEN std_item > 0 THEN substr('0' || std_item, -2) ELSE business_type END, '') AS TEXT)",
		  "facility_community_kind" },
		{ "CAST(coalesce(floor_area, -9e307) AS REAL)", "facility_community_area" },
		{ "CAST(coalesce(checked_on, '') AS TEXT)", "facility_community_checked" },
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char *p = plan(db, keys[i][0]);
		ok(strstr(p, keys[i][1]) != NULL, "the list sorted by %s reads index %s", keys[i][1] + 18, keys[i][1]);
		ok(strstr(p, "TEMP B-TREE") == NULL, "... with no sort of its own");
		if (!strstr(p, keys[i][1]) || strstr(p, "TEMP B-TREE"))
			printf("# plan: %s\n", p);
		free(p);
	}
}

/* A facility of kind with a floor area ("" none), circles and name, in community cid. */
static void
add_fac(sqlite3 *db, const char *cid, const char *kind, const char *name, const char *floor, const char *circles)
{
	facility f;
	char *err = NULL;

	facility_init(&f);
	if (facility_set(&f, "community", cid, &err) || facility_set(&f, "kind", kind, &err) ||
	    facility_set(&f, "name", name, &err) || facility_set(&f, "floor_area", floor, &err) ||
	    facility_set(&f, "circles", circles, &err) || facility_save(db, &f, &err)) {
		printf("# facility %s: %s\n", name, err ? err : "?");
		free(err);
	}
	facility_free(&f);
}

/* Page through ps from the start, 30 rows at a time; the rows' ids and areas in order into *ids; returns the count. */
static size_t
walk(page_source *ps, char ***ids, double **areas)
{
	page p = { 0 };
	size_t n = 0;
	char *key = NULL, *id = NULL;

	*ids = NULL;
	*areas = NULL;
	for (;;) {
		if (ps->after(ps, key, id, 30, &p) != 0) {
			printf("# page: %s\n", ps->error(ps) ? ps->error(ps) : "?");
			break;
		}
		if (p.n == 0)
			break;
		for (size_t i = 0; i < p.n; i++) {
			*ids = xrealloc(*ids, (n + 1) * sizeof **ids);
			*areas = xrealloc(*areas, (n + 1) * sizeof **areas);
			(*ids)[n] = xstrdup(p.rows[i].id);
			(*areas)[n++] = *p.rows[i].cells[FACILITY_COL_AREA] ? atof(p.rows[i].cells[FACILITY_COL_AREA]) : -1;
		}
		free(key);
		free(id);
		key = xstrdup(p.rows[p.n - 1].sort_value);
		id = xstrdup(p.rows[p.n - 1].id);
	}
	page_clear(&p);
	free(key);
	free(id);
	return n;
}

static void
free_ids(char **ids, double *areas, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	free(areas);
}

static void
test_list_query(sqlite3 *db)
{
	char a[UUID_TEXT_LEN], b[UUID_TEXT_LEN];
	page_source *ps = pagesource_sql_new(db, facility_list_query());
	char **ids;
	double *areas;
	size_t n;
	bool dup = false, ordered = true;

	mk_community(db, "LIST-A", a);
	mk_community(db, "LIST-B", b);
	for (int i = 0; i < 250; i++) {
		char name[64], floor[32];
		snprintf(name, sizeof name, "%s%03d", i % 5 == 0 ? "阳光幼儿园" : "便民店", i);
		if (i % 7 == 0)
			floor[0] = '\0';
		else
			snprintf(floor, sizeof floor, "%d.5", (i * 37) % 400);
		add_fac(db, a, i % 5 == 0 ? "item:2" : "type:barber", name, floor, i % 2 ? "commerce" : "");
	}
	for (int i = 0; i < 50; i++)
		add_fac(db, b, "type:barber", "别处的店", "10", "");

	ps->set_condition(ps, "community", a);
	ps->set_sort(ps, FACILITY_COL_AREA, false);
	n = walk(ps, &ids, &areas);
	is_int(n, 250, "keyset pages by floor area reach all 250 facilities of community A, none of B");
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && !dup; j++)
			dup = strcmp(ids[i], ids[j]) == 0;
	for (size_t i = 1; i < n; i++)
		ordered = ordered && areas[i - 1] <= areas[i];
	ok(!dup, "no facility twice across the pages");
	ok(ordered, "in floor-area order, facilities without an area first");
	free_ids(ids, areas, n);

	ps->set_sort(ps, FACILITY_COL_KIND, true);
	n = walk(ps, &ids, &areas);
	is_int(n, 250, "sorted by kind, descending: all 250");
	free_ids(ids, areas, n);

	ps->set_condition(ps, "kind", "02");
	n = walk(ps, &ids, &areas);
	is_int(n, 50, "the kind filter 02 (kindergartens): 50");
	free_ids(ids, areas, n);
	ps->set_condition(ps, "kind", NULL);

	ps->set_condition(ps, "circle", "commerce");
	n = walk(ps, &ids, &areas);
	is_int(n, 125, "the circle filter commerce: the 125 that serve it");
	free_ids(ids, areas, n);
	ps->set_condition(ps, "circle", NULL);

	ps->set_filter(ps, "幼儿");
	ps->set_sort(ps, FACILITY_COL_NAME, false);
	n = walk(ps, &ids, &areas);
	is_int(n, 50, "searching 幼儿 (2 Chinese characters) finds the 50 kindergartens of A");
	free_ids(ids, areas, n);
	ps->set_filter(ps, NULL);

	ps->set_condition(ps, "community", b);
	ps->set_condition(ps, "status", "operating");
	n = walk(ps, &ids, &areas);
	is_int(n, 50, "community B: its 50 operating facilities");
	free_ids(ids, areas, n);
	ps->free(ps);
}

int
main(void)
{
	static void (*const tests[])(sqlite3 *) = { test_outlets, test_kind_fields, test_community_form,
		test_sort_indexes, test_list_query };

	return test_run_on_db(tests, sizeof tests / sizeof tests[0]);
}
