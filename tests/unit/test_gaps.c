/* test_gaps.c - the gap report on hand-made communities: each standard rule met, below (by how
 * much), missing, not checkable; new against existing; the old-estate alternative of convenience
 * stores; planned and closed facilities not counting; the area per 100 households (households
 * unknown too); coverage per community and across the file; the text and CSV renderings. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "gaps.h"
#include "gapbook.h"
#include "community.h"
#include "facility.h"
#include "migrate.h"
#include "refdata.h"
#include "util.h"

/* A community; households NULL leaves them unknown. The id goes into id. */
static void
mk_community(sqlite3 *db, const char *code, bool is_new, bool old, const char *households, char id[UUID_TEXT_LEN])
{
	community c;
	char *err = NULL;

	community_init(&c);
	community_set(&c, "code", code, &err);
	community_set(&c, "name", code, &err);
	community_set(&c, "development", is_new ? "new" : "existing", &err);
	community_set(&c, "old_estate", old ? "yes" : "no", &err);
	if (households)
		community_set(&c, "households", households, &err);
	if (community_save(db, &c, &err) != 0) {
		printf("# community %s: %s\n", code, err);
		free(err), err = NULL;
	}
	memcpy(id, c.id, UUID_TEXT_LEN);
	community_free(&c);
}

/* A facility of kind ("item:N" or "type:CODE"); NULL values stay empty. */
static void
add(sqlite3 *db, const char *cid, const char *kind, const char *name, const char *status, const char *floor,
    const char *land, const char *cap, const char *unit)
{
	const char *fields[] = { "community", "kind", "name", "status", "floor_area", "land_area", "capacity", "capacity_unit" };
	const char *vals[] = { cid, kind, name, status ? status : "operating", floor, land, cap, unit };
	facility f;
	char *err = NULL;

	facility_init(&f);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (vals[i] && facility_set(&f, fields[i], vals[i], &err) != 0) {
			printf("# set %s: %s\n", fields[i], err);
			free(err), err = NULL;
		}
	if (facility_save(db, &f, &err) != 0) {
		printf("# facility %s: %s\n", name, err);
		free(err), err = NULL;
	}
	facility_free(&f);
}

static const gap_item *
item(const gap_report *r, int no)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (r->items[i].no == no)
			return &r->items[i];
	return NULL;
}

static bool
has(const char *s, const char *sub)
{
	bool y = s && strstr(s, sub) != NULL;

	if (!y)
		printf("# \"%s\" does not contain \"%s\"\n", s ? s : "(null)", sub);
	return y;
}

static bool
lacks(const char *s, const char *sub)
{
	return !s || strstr(s, sub) == NULL;
}

static void
build(sqlite3 *db, const char *cid, gap_report *r)
{
	char *err = NULL;

	if (gaps_build(db, cid, "zh", r, &err) != 0) {
		printf("# gaps_build: %s\n", err ? err : "?");
		free(err), err = NULL;
	}
}

/* An existing community that is not an old estate, 1000 households. */
static void
test_existing(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN];
	gap_report r;
	const gap_item *it;
	const gap_indicator *g;

	mk_community(db, "EX-1", false, false, "1000", cid);
	add(db, cid, "item:1", "综合服务站", NULL, "800", NULL, NULL, NULL);
	add(db, cid, "item:2", "阳光幼儿园", NULL, "2000", "3600", "6", "classes");
	add(db, cid, "item:3", "小太阳托儿所", NULL, "160", NULL, "30", "nursery_places");
	add(db, cid, "item:4", "日间照料中心", "planned", "400", NULL, NULL, NULL);
	add(db, cid, "item:5", "卫生服务站", NULL, NULL, NULL, NULL, NULL);
	add(db, cid, "type:supermarket", "惠民超市", NULL, "320", NULL, NULL, NULL);
	add(db, cid, "type:parcel_locker", "丰巢快递柜", NULL, NULL, NULL, "120", "locker_slots");
	add(db, cid, "item:10", "地面停车场", NULL, NULL, "2000", "300", "parking_spaces");
	add(db, cid, "type:public_toilet", "公共厕所", NULL, "25", NULL, NULL, NULL);
	add(db, cid, "item:14", "健身广场", "closed", NULL, "500", NULL, NULL);
	build(db, cid, &r);

	is_int(r.n_items, 20, "existing: all 20 standard items are judged");
	it = item(&r, 1);
	ok(it && it->status == GAP_MET, "service station of 800 m² (about 800): met");
	is_str(it ? gaps_status_label(it->status) : "", "met", "its verdict reads \"met\"");
	it = item(&r, 2);
	ok(it && it->status == GAP_BELOW, "kindergarten of 2000 m² floor: below the standard");
	ok(it && has(it->detail, "2000 ㎡") && has(it->detail, "≥ 2200 ㎡") && has(it->detail, "200 ㎡ short"),
	    "... saying the area, the standard and by how much");
	ok(it && has(it->detail, "幼儿园班数 6 班"), "... and that its 6 classes meet theirs");
	it = item(&r, 3);
	ok(it && it->status == GAP_BELOW && has(it->detail, "托儿所建筑面积 160 ㎡") && has(it->detail, "≥ 200 ㎡"),
	    "nursery of 160 m²: below, against ≥ 200 m²");
	it = item(&r, 4);
	ok(it && it->status == GAP_MISSING, "a planned day-care centre does not count: missing");
	ok(it && has(it->pending, "日间照料中心") && has(it->pending, "planned"), "... and it is named as planned");
	it = item(&r, 5);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "floor area not recorded"),
	    "health station without a floor area: not checkable, saying what is missing");
	it = item(&r, 6);
	ok(it && it->status == GAP_MET && has(it->detail, "320"), "supermarket (a business type) of 320 m²: met");
	it = item(&r, 7);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "daily parcel volume"),
	    "parcel lockers: not checkable without the daily parcel volume");
	ok(it && lacks(it->detail, "usable area"), "... the new-community parcel station rule does not apply");
	it = item(&r, 8);
	ok(it && it->status == GAP_MISSING && has(it->detail, "no facility recorded"), "no convenience outlets: missing");
	it = item(&r, 9);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "on site"), "utilities cannot be judged from an inventory");
	it = item(&r, 10);
	ok(it && it->status == GAP_MET, "parking in an existing community: present, no number applies: met");
	it = item(&r, 13);
	ok(it && it->status == GAP_BELOW && has(it->detail, "25 ㎡") && has(it->detail, "5 ㎡ short"),
	    "public toilet of 25 m²: 5 m² short of 30");
	ok(it && lacks(it->detail, "120"), "... the collection station rule is for new communities only");
	it = item(&r, 14);
	ok(it && it->status == GAP_MISSING, "a closed activity ground does not count");
	it = item(&r, 16);
	ok(it && it->status == GAP_MISSING, "no property office: missing");

	g = gaps_find_indicator(&r, 4);
	ok(g && g->known, "area per 100 households is computed when households are known");
	/* Service facilities: station 800 + nursery 160 (health station has no area; the planned centre does not count). */
	ok(g && g->value > 95.99 && g->value < 96.01, "... (800 + 160) m² / 1000 households × 100 = 96 m² (got %.2f)",
	    g ? g->value : -1);
	ok(g && g->met && g->target == 33 && strcmp(g->kind, "binding") == 0, "... met against ≥ 33 m², binding");
	g = gaps_find_indicator(&r, 1);
	ok(g && g->known && g->value == 100 && g->met, "service facility coverage: present (100%%)");
	g = gaps_find_indicator(&r, 5);
	ok(g && g->known && g->value == 0 && !g->met, "elderly-care coverage: the planned centre does not count (0%%)");
	is_int(r.n_status[GAP_MET] + r.n_status[GAP_BELOW] + r.n_status[GAP_MISSING] + r.n_status[GAP_UNCHECKABLE], 20,
	    "the verdict counts add up to 20");
	gaps_free(&r);
}

/* The same facilities in a new community: the new-only rules apply. */
static void
test_new(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN];
	gap_report r;
	const gap_item *it;

	mk_community(db, "NEW-1", true, false, "1000", cid);
	add(db, cid, "type:parcel_locker", "快递柜", NULL, NULL, NULL, "100", "locker_slots");
	add(db, cid, "item:10", "地下车库", NULL, NULL, NULL, "900", "parking_spaces");
	add(db, cid, "item:10", "充电桩", NULL, NULL, NULL, "900", "chargers");
	add(db, cid, "type:garbage_station", "垃圾收集站", NULL, "40", "100", NULL, NULL);
	add(db, cid, "item:16", "物业用房", NULL, "60", NULL, NULL, NULL);
	build(db, cid, &r);

	it = item(&r, 7);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "usable area not recorded"),
	    "new: the parcel station's usable area is asked for");
	it = item(&r, 10);
	ok(it && it->status == GAP_BELOW && has(it->detail, "0.9 车位/户") && has(it->detail, "0.1 车位/户 short"),
	    "new: 900 spaces for 1000 households is 0.1 short of 1 per household");
	ok(it && has(it->detail, "100 %"), "new: 900 chargers for 900 spaces is 100%%");
	it = item(&r, 13);
	ok(it && it->status == GAP_BELOW && has(it->detail, "100 ㎡") && has(it->detail, "≥ 120 ㎡"),
	    "new: a collection station of 100 m² land is below 120");
	it = item(&r, 15);
	ok(it && it->status == GAP_MISSING, "new: no park: missing");
	it = item(&r, 16);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "property management"),
	    "new: the property office's share needs the managed floor area");
	ok(it && has(it->detail, "60 ㎡ (standard ≥ 50 ㎡)"), "... while its 60 m² meets ≥ 50 m²");
	gaps_free(&r);

	mk_community(db, "NEW-2", true, false, NULL, cid);
	add(db, cid, "item:10", "车库", NULL, NULL, NULL, "900", "parking_spaces");
	add(db, cid, "item:1", "服务站", NULL, "500", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 10);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "households are not recorded"),
	    "new without households: spaces per household not checkable");
	ok(gaps_find_indicator(&r, 4) && !gaps_find_indicator(&r, 4)->known && has(gaps_find_indicator(&r, 4)->detail, "households"),
	    "area per 100 households: not checkable when households are unknown, and says so");
	it = item(&r, 1);
	ok(it && it->status == GAP_BELOW && has(it->detail, "≈ 800 ㎡") && has(it->detail, "300 ㎡ short"),
	    "a 500 m² service station is 300 m² short of about 800");
	gaps_free(&r);
}

/* Convenience stores instead of a supermarket: only for an existing old estate. */
static void
test_old_estate(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN];
	gap_report r;
	const gap_item *it;

	mk_community(db, "OLD-1", false, true, "800", cid);
	add(db, cid, "type:convenience_store", "便利店甲", NULL, "60", NULL, NULL, NULL);
	add(db, cid, "type:convenience_store", "便利店乙", NULL, "80", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 6);
	ok(it && it->status == GAP_MET && has(it->detail, "old estate alternative: 2 stores"),
	    "old estate: two stores of 60 and 80 m² stand in for a supermarket");
	gaps_free(&r);

	mk_community(db, "OLD-2", false, true, "800", cid);
	add(db, cid, "type:convenience_store", "便利店丙", NULL, "60", NULL, NULL, NULL);
	add(db, cid, "type:convenience_store", "大便利店", NULL, "150", NULL, NULL, NULL);
	add(db, cid, "type:convenience_store", "计划便利店", "planned", "70", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 6);
	ok(it && it->status == GAP_BELOW && has(it->detail, "1 stores of 50–100 ㎡"),
	    "old estate with one store in 50–100 m² (another too big, a third planned): below");
	gaps_free(&r);

	mk_community(db, "EX-2", false, false, "800", cid);
	add(db, cid, "type:convenience_store", "便利店丁", NULL, "60", NULL, NULL, NULL);
	add(db, cid, "type:convenience_store", "便利店戊", NULL, "80", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 6);
	ok(it && it->status == GAP_BELOW && !strstr(it->detail, "alternative"),
	    "existing but not an old estate: two stores do not replace a supermarket");
	gaps_free(&r);

	mk_community(db, "NEW-3", true, true, "800", cid);
	add(db, cid, "type:convenience_store", "便利店己", NULL, "60", NULL, NULL, NULL);
	add(db, cid, "type:convenience_store", "便利店庚", NULL, "80", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 6);
	ok(it && it->status == GAP_BELOW, "a new community never takes the old-estate alternative");
	gaps_free(&r);
}

static void
test_building_and_deleted(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN], *err = NULL;
	gap_report r;
	const gap_item *it;
	sqlite3_stmt *st;

	mk_community(db, "BLD-1", false, false, "500", cid);
	add(db, cid, "item:2", "在建幼儿园", "building", "3000", "4000", "9", "classes");
	add(db, cid, "item:5", "卫生站", NULL, "150", NULL, NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 2);
	ok(it && it->status == GAP_MISSING && has(it->pending, "under construction: 在建幼儿园"),
	    "a kindergarten under construction is missing, named as under construction");
	it = item(&r, 5);
	ok(it && it->status == GAP_MET, "health station of 150 m²: met");
	gaps_free(&r);

	st = NULL;
	sqlite3_prepare_v2(db, "SELECT id FROM facility WHERE name = '卫生站'", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW) {
		char id[UUID_TEXT_LEN];
		snprintf(id, sizeof id, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		is_int(facility_tombstone(db, id, &err), 0, "the health station is deleted");
	} else {
		sqlite3_finalize(st);
		ok(0, "the health station is found");
	}
	build(db, cid, &r);
	it = item(&r, 5);
	ok(it && it->status == GAP_MISSING, "a deleted facility does not count");
	gaps_free(&r);
	mk_community(db, "UNM-1", false, false, "1000", cid);
	add(db, cid, "item:5", "无面积卫生站", NULL, NULL, NULL, NULL, NULL);
	add(db, cid, "item:3", "托育点", NULL, "160", NULL, NULL, NULL);
	build(db, cid, &r);
	ok(gaps_find_indicator(&r, 4) && !gaps_find_indicator(&r, 4)->known && has(gaps_find_indicator(&r, 4)->detail, "1 community service facility has no floor area"),
	    "short of 33 m² with a service facility of unknown area: not checkable, saying which data is missing");
	gaps_free(&r);
	ok(gaps_build(db, "00000000-0000-0000-0000-000000000000", "zh", &r, &err) != 0 && err, "an unknown community is refused");
	free(err), err = NULL;
}

static void
test_all_and_render(sqlite3 *db)
{
	gap_report *all;
	size_t n;
	gap_summary s;
	char *err = NULL, *buf = NULL;
	size_t len = 0;
	FILE *f;

	all = gaps_build_all(db, "zh", &n, &err);
	ok(all && n == 9, "a report for each of the 9 communities (%zu)", n);
	gaps_summarize(all, n, &s);
	is_int(s.communities, 9, "summary: 9 communities");
	/* Service facilities: EX-1 (station), NEW-2 (station), UNM-1 (nursery); BLD-1 (health station deleted: none). */
	is_int(s.with_service, 3, "summary: 3 have an operating community service facility");
	is_int(s.with_elderly, 0, "summary: none has an operating elderly-care facility");
	is_int(s.area_known, 7, "summary: the area per 100 households is computable for the 7 with households");
	ok(n >= 2 && strcmp(all[0].code, "BLD-1") == 0 && strcmp(all[1].code, "EX-1") == 0, "communities in code order");

	f = open_memstream(&buf, &len);
	ok(gaps_write_text(f, all, n) == 0, "text rendering succeeds");
	fclose(f);
	ok(has(buf, "Gap report: EX-1 EX-1 (existing community)"), "text: a heading per community");
	ok(has(buf, "Summary of all communities"), "text: the summary table follows");
	ok(has(buf, "Coverage of community service facilities: 3 of 9 communities (33.33%)"), "text: coverage share");
	ok(has(buf, "托儿所建筑面积 160 ㎡, standard ≥ 200 ㎡"), "text: the nursery line");
	free(buf);

	buf = NULL;
	f = open_memstream(&buf, &len);
	{
		sheetout *so = sheetout_csv(f, SHEETOUT_UTF8, 0, &err);
		ok(so && gaps_write_sheet(so, all, n) == 0 && sheetout_close(so, NULL) == 0, "CSV rendering succeeds");
	}
	fclose(f);
	ok(len > 3 && memcmp(buf, "\xEF\xBB\xBF" "Code,Community,Section", 25) == 0, "CSV: BOM and header row");
	ok(has(buf, "\r\nEX-1,EX-1,standard item,3,一个托儿所,below the standard,,,"), "CSV: an item row");
	ok(has(buf, "\r\nEX-1,EX-1,summary,,Standard items,,,,\"3 met, 3 below the standard, 5 missing, 9 not checkable\"\r\n"),
	    "CSV: a summary row per community");
	ok(has(buf, "EX-1,EX-1,indicator,4,每百户居民拥有社区综合服务设施面积,met,96,≥ 33 ㎡,"), "CSV: an indicator row");
	free(buf);

	/* The workbook's summary sheet (here through the CSV writer): the area per 100 households is indicator 4's
	 * 96 m², not indicator 1's coverage of 100%. */
	buf = NULL;
	f = open_memstream(&buf, &len);
	{
		sheetout *so = sheetout_csv(f, SHEETOUT_UTF8, 0, &err);
		ok(so && gapbook_write(so, all, n) == 0 && sheetout_close(so, NULL) == 0, "workbook layout written");
	}
	fclose(f);
	ok(has(buf, "\r\nEX-1,EX-1,3,3,5,9,96,yes,no\r\n"), "workbook summary: EX-1's m² per 100 households is 96");
	free(buf);
	gaps_free_all(all, n);
}

/* Items 13 and 14 each cover two kinds of facility: a check that needs one kind is never met by a
 * facility of the other kind, and a facility recorded only as the item cannot tell which it is. */
static void
test_sub_kinds(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN];
	gap_report r;
	const gap_item *it;

	/* New: a public toilet with 200 m² of land and 40 m² of floor, and no collection station. */
	mk_community(db, "KIND-1", true, false, "1000", cid);
	add(db, cid, "type:public_toilet", "公厕", NULL, "40", "200", NULL, NULL);
	add(db, cid, "type:sports_ground", "多功能球场", NULL, NULL, "900", NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 13);
	ok(it && it->status == GAP_BELOW, "a toilet with 200 m² of land does not meet the collection station's ≥ 120 m²");
	ok(it && has(it->detail, "no operating 生活垃圾收集站 recorded") && has(it->detail, "40 ㎡"),
	    "... it says the station is missing, and judges the toilet's own floor area (%s)", it ? it->detail : "");
	it = item(&r, 14);
	ok(it && it->status == GAP_BELOW && has(it->detail, "no operating 公共活动场地 recorded") && has(it->detail, "900 ㎡"),
	    "a sports ground of 900 m² meets its own ≥ 800 m² but not the activity ground's check (%s)", it ? it->detail : "");
	gaps_free(&r);

	/* Both kinds present: both checks read their own facility. */
	add(db, cid, "type:garbage_station", "垃圾站", NULL, NULL, "130", NULL, NULL);
	add(db, cid, "type:activity_ground", "文化广场", NULL, NULL, "160", NULL, NULL);
	build(db, cid, &r);
	ok((it = item(&r, 13)) && it->status == GAP_MET, "a station of 130 m² and the toilet of 40 m²: met");
	ok((it = item(&r, 14)) && it->status == GAP_MET, "an activity ground of 160 m² and the sports ground of 900 m²: met");
	gaps_free(&r);

	/* Recorded only as item 13: which of the two it is cannot be told. */
	mk_community(db, "KIND-2", false, false, "1000", cid);
	add(db, cid, "item:13", "环卫设施", NULL, "40", "200", NULL, NULL);
	build(db, cid, &r);
	it = item(&r, 13);
	ok(it && it->status == GAP_UNCHECKABLE && has(it->detail, "which facility is a 公共厕所 is not recorded"),
	    "a facility recorded only as item 13 does not meet the toilet check by itself (%s)", it ? it->detail : "");
	gaps_free(&r);
}

/* The same community in both languages: English names of items and business types (name_en) in an
 * English report, the check named by what it measures with its unit in words, the Chinese report
 * unchanged, and a standard item without an English name keeping its Chinese one. The outlet list and
 * the summary name the business types the same way. */
static void
test_languages(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN];
	gap_report zh, en;
	gap_report *all;
	gap_outlets o;
	size_t n;
	char *err = NULL;
	const gap_item *it;

	mk_community(db, "LANG-1", false, false, "500", cid);
	add(db, cid, "item:2", "阳光幼儿园", NULL, "2000", "3600", "4", "classes");
	add(db, cid, "item:3", "小太阳托儿所", NULL, "160", NULL, NULL, NULL);
	add(db, cid, "type:public_toilet", "公共厕所", NULL, "25", NULL, NULL, NULL);
	add(db, cid, "type:barber", "剪吧", NULL, NULL, NULL, NULL, NULL);
	add(db, cid, "type:sports_ground", "篮球场", NULL, NULL, "900", NULL, NULL);
	ok(gaps_build(db, cid, "zh_CN.UTF-8", &zh, &err) == 0, "built in Chinese (a locale name)");
	ok(gaps_build(db, cid, "en", &en, &err) == 0, "built in English");
	it = item(&zh, 3);
	ok(it && strcmp(it->name, "一个托儿所") == 0 && has(it->detail, "托儿所建筑面积 160 ㎡"),
	    "Chinese: the item and the check by their Chinese names");
	it = item(&en, 3);
	ok(it && strcmp(it->name, "one nursery") == 0, "English: item 3 is \"one nursery\" (%s)", it ? it->name : "");
	ok(it && has(it->detail, "floor area 160 ㎡") && has(it->detail, "≥ 200 ㎡") && lacks(it->detail, "托儿所"),
	    "English: the check says floor area, with no Chinese");
	it = item(&en, 2);
	ok(it && has(it->detail, "size 4 classes") && has(it->detail, "standard ≥ 6 classes") && lacks(it->detail, "班"),
	    "English: classes in words, not 班 (%s)", it ? it->detail : "");
	it = item(&en, 13);
	ok(it && has(it->detail, "public toilet floor area 25 ㎡"),
	    "English: the kinds a check needs by their English names (%s)", it ? it->detail : "");
	it = item(&en, 14);
	ok(it && has(it->detail, "public activity ground land area: no operating public activity ground recorded"),
	    "English: a kind that is missing by its English name");
	it = item(&zh, 13);
	ok(it && has(it->detail, "公共厕所建筑面积 25 ㎡"), "Chinese: the check by its note");
	it = item(&zh, 14);
	ok(it && has(it->detail, "公共活动场地用地面积: no operating 公共活动场地 recorded"), "Chinese: the missing kind by its Chinese name");
	{
		size_t same = 0;
		for (size_t i = 0; i < en.n_items && i < zh.n_items; i++)
			same += en.items[i].status == zh.items[i].status && en.items[i].no == zh.items[i].no;
		ok(en.n_items == 20 && same == 20, "the 20 verdicts are the same in both languages");
	}
	ok(en.n_indicators > 0 && zh.n_indicators == en.n_indicators, "indicators in both");
	ok(en.n_indicators > 0 && strcmp(en.indicators[0].name, "Coverage of community comprehensive service facilities") == 0,
	    "English: indicator 1 by its English name (%s)", en.n_indicators ? en.indicators[0].name : "");
	ok(zh.n_indicators > 0 && strcmp(zh.indicators[0].name, "社区综合服务设施覆盖率") == 0,
	    "Chinese: indicator 1 by its Chinese name");
	gaps_free(&zh);
	gaps_free(&en);

	/* No English name in the data: the Chinese name, in an English report too. */
	test_exec(db, "UPDATE std_item SET name_en = '' WHERE no = 3");
	ok(gaps_build(db, cid, "en", &en, &err) == 0, "built in English once more");
	it = item(&en, 3);
	ok(it && strcmp(it->name, "一个托儿所") == 0, "an item without name_en keeps its Chinese name in English");
	it = item(&en, 5);
	is_str(it ? it->name : "", "one community health station", "... while the others stay English");
	gaps_free(&en);

	all = gaps_build_all(db, "en", &n, &err);
	ok(all && n >= 1, "every community in English");
	for (size_t i = 0; all && i < n; i++)
		if (strcmp(all[i].code, "LANG-1") == 0)
			ok(item(&all[i], 1) && strcmp(item(&all[i], 1)->name, "one community service station") == 0,
			    "gaps_build_all names the items in English too");
	gaps_free_all(all, n);

	ok(gaps_outlets(db, cid, "en", &o, &err) == 0, "the outlet list in English");
	for (size_t i = 0; i < o.n; i++)
		if (strcmp(o.types[i].code, "barber") == 0)
			ok(strcmp(o.types[i].name, "barber") == 0 && o.types[i].operating == 1, "the barber by its English name, counted");
		else if (strcmp(o.types[i].code, "key_shoe") == 0)
			is_str(o.types[i].name, "key cutting and shoe repair", "key cutting in English");
	gaps_outlets_free(&o);
	ok(gaps_outlets(db, cid, "zh_CN.UTF-8", &o, &err) == 0, "the outlet list in Chinese");
	for (size_t i = 0; i < o.n; i++)
		if (strcmp(o.types[i].code, "barber") == 0)
			is_str(o.types[i].name, "理发店", "the barber by its Chinese name");
	gaps_outlets_free(&o);
	test_exec(db, "UPDATE business_type SET name_en = '' WHERE code = 'barber'");
	ok(gaps_outlets(db, cid, "en", &o, &err) == 0, "the outlet list in English, barber without name_en");
	for (size_t i = 0; i < o.n; i++)
		if (strcmp(o.types[i].code, "barber") == 0)
			is_str(o.types[i].name, "理发店", "a business type without name_en keeps its Chinese name");
	gaps_outlets_free(&o);
	free(err);
}

int
main(void)
{
	static void (*const tests[])(sqlite3 *) = { test_existing, test_new, test_old_estate,
		test_building_and_deleted, test_all_and_render, test_sub_kinds, test_languages };

	return test_run_on_db(tests, sizeof tests / sizeof tests[0]);
}
