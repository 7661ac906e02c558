/* test_facimport.c - the import plans for communities and facilities (new, changed, unchanged, bad
 * with lines and reasons; repeated keys; nothing written until apply; all or nothing), kinds and
 * codes by their Chinese or English names, and the proposal import reading an .xlsx written by the
 * one writer. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "facimport.h"
#include "propimport.h"
#include "sheetout.h"
#include "settings.h"
#include "migrate.h"
#include "refdata.h"
#include "util.h"

static char dir[] = "/tmp/test_facimport.XXXXXX";

static char *
write_text(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);

	spew(path, text, strlen(text));
	return path;
}

static long long
count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* "line:status" for each row, joined by spaces (heap). */
static char *
statuses(const facimport_plan *p)
{
	static const char *const s[] = { "new", "changed", "unchanged", "bad" };
	char *out = xstrdup(""), *t;

	for (size_t i = 0; i < p->n; i++) {
		t = xasprintf("%s%s%ld:%s", out, i ? " " : "", p->rows[i].line, s[p->rows[i].status]);
		free(out);
		out = t;
	}
	return out;
}

static void
test_names(sqlite3 *db)
{
	char *k;

	is_str((k = facimport_kind_code(db, "便利店")), "type:convenience_store", "a business type by its Chinese name");
	free(k);
	is_str((k = facimport_kind_code(db, " Convenience Store ")), "type:convenience_store", "by its English name, any case, blanks around");
	free(k);
	is_str((k = facimport_kind_code(db, "综合超市")), "type:supermarket", "综合超市 is the business type (which counts for item 6)");
	free(k);
	is_str((k = facimport_kind_code(db, "托儿所")), "item:3", "a standard item without its count word");
	free(k);
	is_str((k = facimport_kind_code(db, "一个托儿所")), "item:3", "and with it");
	free(k);
	is_str((k = facimport_kind_code(db, "item:14")), "item:14", "the record's own form");
	free(k);
	ok((k = facimport_kind_code(db, "火箭")) == NULL, "an unknown kind is NULL");
	free(k);
	is_str(facimport_status_code("在建"), "building", "a status in Chinese");
	is_str(facimport_status_code("Under construction"), "building", "in English, any case");
	is_str(facimport_status_code(""), "", "blank is blank");
	ok(facimport_status_code("maybe") == NULL, "an unknown status is NULL");
	is_str(facimport_unit_code("托位"), "nursery_places", "a unit in Chinese");
	is_str(facimport_unit_code("locker slots"), "locker_slots", "in English");
}

static void
test_communities(sqlite3 *db)
{
	char *path = write_text("c.csv", "代码,名称,街道,区,户数,人口,新建\n"
	    "HBW-0201,滨河社区,滨河街道,海勃湾区,1200,3500,否\n"
	    "HBW-0202,新华社区,新华街道,海勃湾区,800,,是\n"
	    "bad code!,坏社区,,,,,\n"
	    "HBW-0203,某社区,,,x,,\n"
	    "HBW-0201,又一个,,,,,\n");
	char *err = NULL, *s;
	facimport_plan plan;

	is_int(facimport_plan_file(db, FACIMPORT_COMMUNITIES, path, NULL, &plan, &err), 0, "a communities plan");
	is_str((s = statuses(&plan)), "2:new 3:new 4:bad 5:bad 6:bad", "good rows new; a bad code, a bad number and a repeated code bad");
	free(s);
	ok(plan.rows[3].reason && strstr(plan.rows[3].reason, "\"x\""), "the reason quotes the cell (%s)", plan.rows[3].reason);
	ok(plan.rows[4].reason && strstr(plan.rows[4].reason, "line 2"), "a repeat names the first line (%s)", plan.rows[4].reason);
	is_int(count(db, "SELECT count(*) FROM community WHERE code LIKE 'HBW-02%'"), 0, "a plan writes nothing");
	is_int(facimport_apply(db, &plan, &err), 0, "applied");
	facimport_free(&plan);
	is_int(count(db, "SELECT count(*) FROM community WHERE code LIKE 'HBW-02%'"), 2, "the two good rows are written");
	is_int(count(db, "SELECT households FROM community WHERE code = 'HBW-0201'"), 1200, "with their numbers");
	is_int(count(db, "SELECT development = 'new' FROM community WHERE code = 'HBW-0202'"), 1, "是 in 新建 is a new community");
	facimport_plan_file(db, FACIMPORT_COMMUNITIES, path, NULL, &plan, &err);
	is_int(plan.count[IMPORT_UNCHANGED], 2, "the same file again: unchanged");
	facimport_free(&plan);
	free(path);
	path = write_text("c2.csv", "code,households,name\nHBW-0201,1300,\n");
	facimport_plan_file(db, FACIMPORT_COMMUNITIES, path, NULL, &plan, &err);
	is_int(plan.count[IMPORT_CHANGED], 1, "English headers, one number changed: changed");
	ok(plan.n == 1 && strcmp(plan.rows[0].c.name, "滨河社区") == 0, "an empty name cell keeps the stored name");
	facimport_apply(db, &plan, &err);
	facimport_free(&plan);
	is_int(count(db, "SELECT households FROM community WHERE code = 'HBW-0201'"), 1300, "written as a new version");
	free(path);
}

static void
test_facilities(sqlite3 *db)
{
	char *path = write_text("f.csv", "社区代码,类别,名称,地址,建筑面积,用地面积,容量,容量单位,状态\n"
	    "HBW-0201,托儿所,滨河托儿所,滨河路1号,160,,40,托位,运营中\n"
	    "HBW-0201,supermarket,华联超市,,320.5,,,,operating\n"
	    "HBW-0201,火箭,x,,,,,,\n"
	    "HBW-0999,便利店,y,,,,,,\n"
	    "HBW-0201,便利店,z,,-5,,,,\n"
	    "HBW-0201,托儿所,滨河托儿所,,,,,,\n"
	    "HBW-0201,托儿所,错单位,,,,3,床位,\n");
	char *err = NULL, *s;
	facimport_plan plan;

	is_int(facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err), 0, "a facilities plan");
	is_str((s = statuses(&plan)), "2:new 3:new 4:bad 5:bad 6:bad 7:bad 8:bad", "two new rows, five bad");
	free(s);
	ok(strstr(plan.rows[2].reason, "火箭") != NULL, "an unknown kind, named");
	ok(strstr(plan.rows[3].reason, "HBW-0999") != NULL, "an unknown community code, named");
	ok(strstr(plan.rows[4].reason, "negative") != NULL, "a negative area (facility.c's own check)");
	ok(strstr(plan.rows[5].reason, "line 2") != NULL, "the same community, kind and name twice");
	ok(strstr(plan.rows[6].reason, "nursery places") != NULL, "a unit that does not fit the kind (%s)", plan.rows[6].reason);
	is_int(facimport_apply(db, &plan, &err), 0, "applied");
	facimport_free(&plan);
	is_int(count(db, "SELECT count(*) FROM facility WHERE deleted = 0"), 2, "two facilities written");
	is_int(count(db, "SELECT capacity FROM facility WHERE std_item = 3"), 40, "the nursery's capacity");
	facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err);
	is_int(plan.count[IMPORT_UNCHANGED], 2, "re-importing the same file: unchanged");
	is_int(plan.count[IMPORT_NEW] + plan.count[IMPORT_CHANGED], 0, "nothing new or changed");
	facimport_free(&plan);
	free(path);
	path = write_text("f2.csv", "community,kind,name,floor_area,status\n"
	    "HBW-0201,一个托儿所,滨河托儿所,200,closed\n"
	    "HBW-0201,pharmacy,大药房,,\n"
	    "HBW-0201,pharmacy,坏药房,1e9,\n");
	facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err);
	is_str((s = statuses(&plan)), "2:changed 3:new 4:bad", "matched by community, kind and name: changed");
	free(s);
	ok(plan.rows[0].f.capacity == 40 && plan.rows[0].f.has_capacity, "a column the file lacks keeps the stored value");
	is_int(facimport_apply(db, &plan, &err), 0, "applied");
	facimport_free(&plan);
	is_int(count(db, "SELECT count(*) FROM facility WHERE std_item = 3 AND status = 'closed' AND floor_area = 200"), 1,
	    "the stored facility is updated, not copied");
	/* All or nothing: a row that became wrong after planning stops the whole write. */
	facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err);
	free(plan.rows[1].f.name);
	plan.rows[1].f.name = xstrdup("");
	plan.rows[1].status = IMPORT_NEW;
	plan.rows[0].status = IMPORT_CHANGED;
	plan.rows[0].f.floor_area = 210;
	ok(facimport_apply(db, &plan, &err) != 0 && err && strstr(err, "line 3"), "a row refused inside the write fails it, naming its line (%s)", err ? err : "");
	free(err);
	err = NULL;
	facimport_free(&plan);
	is_int(count(db, "SELECT floor_area FROM facility WHERE std_item = 3 AND deleted = 0"), 200, "and nothing of it is written");
	free(path);
	path = write_text("nohead.csv", "社区代码,名称\nHBW-0201,x\n");
	ok(facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err) != 0 && err && strstr(err, "类别"),
	    "a header without the kind is refused, naming it");
	free(err);
	free(path);
}

/* The rest of the record: circles by code or name, the estate by name (added with the row when the
 * community lacks it, once for two rows), hours, operator, chain, date checked and notes; an
 * estate that was there is found, not added again; bad values refused by name. */
static void
test_facility_rest(sqlite3 *db)
{
	char *path = write_text("f3.csv", "社区代码,类别,名称,服务圈层,小区,营业时间,运营方或产权方,连锁门店,最近核查日期,备注\n"
	    "HBW-0201,便利店,快客,\"便民消费圈、response\",滨河小区,7:00-23:00,快客公司,是,2024-05-01,\"门口\n有坡道\"\n"
	    "HBW-0201,pharmacy,大药房,health,滨河小区,,,no,,\n"
	    "HBW-0201,便利店,坏圈,火星圈,,,,,,\n"
	    "HBW-0201,便利店,坏连锁,,,,,也许,,\n"
	    "HBW-0201,便利店,坏日期,,,,,,2024-02-30,\n");
	char *err = NULL, *s;
	facimport_plan plan;

	is_int(facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err), 0, "a plan with the whole record");
	is_str((s = statuses(&plan)), "2:new 4:changed 5:bad 6:bad 7:bad", "new, changed and three bad (lines of the file: the note takes two)");
	free(s);
	is_str(plan.rows[0].f.circles, "commerce response", "circles by name and by code, separated by 、 or a comma");
	is_str(plan.rows[0].new_estate, "滨河小区", "an estate the community lacks is to be added");
	is_str(plan.rows[0].f.estate, "", "and is not set before it exists");
	ok(strstr(plan.rows[2].reason, "火星圈") != NULL, "an unknown circle, named (%s)", plan.rows[2].reason);
	ok(strstr(plan.rows[3].reason, "也许") != NULL, "a chain that is neither yes nor no (%s)", plan.rows[3].reason);
	ok(strstr(plan.rows[4].reason, "2024-02-30") != NULL, "a date that is no date (%s)", plan.rows[4].reason);
	is_int(count(db, "SELECT count(*) FROM estate"), 0, "planning adds no estate");
	is_int(facimport_apply(db, &plan, &err), 0, "applied (%s)", err ? err : "");
	facimport_free(&plan);
	is_int(count(db, "SELECT count(*) FROM estate WHERE name = '滨河小区'"), 1, "the estate is added once for both rows");
	is_int(count(db, "SELECT count(*) FROM facility f JOIN estate e ON e.id = f.estate WHERE e.name = '滨河小区'"
	    " AND f.name IN ('快客', '大药房')"), 2, "both facilities are in it");
	is_int(count(db, "SELECT count(*) FROM facility WHERE name = '快客' AND hours = '7:00-23:00' AND run_by = '快客公司'"
	    " AND chain = 1 AND checked_on = '2024-05-01' AND notes = '门口' || char(10) || '有坡道'"), 1,
	    "hours, operator, chain, date checked and a two-line note");
	is_int(count(db, "SELECT count(*) FROM facility WHERE name = '大药房' AND chain = 0 AND circles = 'health'"), 1,
	    "no is not a chain; the changed facility keeps its other values");
	facimport_plan_file(db, FACIMPORT_FACILITIES, path, NULL, &plan, &err);
	is_str((s = statuses(&plan)), "2:unchanged 4:unchanged 5:bad 6:bad 7:bad", "the same file again: unchanged");
	free(s);
	ok(plan.rows[0].new_estate == NULL, "the estate is found now");
	facimport_free(&plan);
	free(path);
}

/* import proposals reads .xlsx: a workbook written here by the one writer, the sheet not the first. */
static void
test_proposals_xlsx(sqlite3 *db)
{
	char *path = xasprintf("%s/p.xlsx", dir), *err = NULL;
	const char *head[] = { "类别", "届次", "编号", "标题", "提出人", "联系电话", "承办单位" };
	const char *row[] = { "提案", "市政协十届三次会议", "032", "关于提高一刻钟社区生活圈建设质量的提案", "市政协文化委",
	    "8991332", "乌海市商务局" };
	sheetout *so = sheetout_xlsx(path, "提案", 0, &err);
	import_plan plan;

	sheetout_header(so, head, 7);
	for (int i = 0; i < 7; i++)
		sheetout_text(so, row[i]);
	sheetout_end_row(so);
	sheetout_text(so, "建议");
	sheetout_end_row(so);
	is_int(sheetout_close(so, &err), 0, "a proposals workbook is written");
	is_int(propimport_plan(db, path, &plan, &err), 0, "import proposals reads the .xlsx (%s)", err ? err : "");
	ok(plan.n == 2 && plan.rows[0].status == IMPORT_NEW && plan.rows[0].line == 2 &&
	    strcmp(plan.rows[0].p.v[PROPOSAL_NUMBER], "032") == 0, "the seed's row is new at row 2, its leading zero kept");
	ok(plan.n == 2 && plan.rows[1].status == IMPORT_BAD && plan.rows[1].line == 3, "a row with only a kind is bad, at row 3");
	propimport_free(&plan);
	free(path);
}

int
main(void)
{
	static void (*const tests[])(sqlite3 *) = { test_names, test_communities, test_facilities, test_facility_rest, test_proposals_xlsx };

	return test_run_in_office(dir, tests, sizeof tests / sizeof tests[0]);
}
