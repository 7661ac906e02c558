/* test_facexport.c - the export (facexport.h) that the command line and the facility screens share:
 * communities and facilities written as .xlsx, CSV in UTF-8 with BOM and CSV in GB18030 read back
 * by the import as the same rows, unchanged; one community's inventory holds only its facilities;
 * the gap report written; a file that cannot be made is an error with a reason and no file. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "community.h"
#include "facexport.h"
#include "facimport.h"
#include "gaps.h"
#include "db.h"
#include "util.h"

static char dir[] = "/tmp/test_facexport.XXXXXX";

/* Plan path as kind and say "new/changed/unchanged/bad" counts (heap). */
static char *
plan_counts(sqlite3 *db, facimport_kind kind, const char *path)
{
	facimport_plan p;
	char *err = NULL, *out;

	if (facimport_plan_file(db, kind, path, NULL, &p, &err) != 0) {
		out = xasprintf("error: %s", err ? err : "?");
		free(err);
		return out;
	}
	out = xasprintf("%zu/%zu/%zu/%zu", p.count[IMPORT_NEW], p.count[IMPORT_CHANGED], p.count[IMPORT_UNCHANGED],
	    p.count[IMPORT_BAD]);
	facimport_free(&p);
	return out;
}

/* Import the CSV text as kind, all of it. */
static bool
import_text(sqlite3 *db, facimport_kind kind, const char *text)
{
	char *path = xasprintf("%s/in.csv", dir), *err = NULL;
	facimport_plan p;
	bool good = spew(path, text, strlen(text)) && facimport_plan_file(db, kind, path, NULL, &p, &err) == 0;

	if (good) {
		good = p.count[IMPORT_BAD] == 0 && facimport_apply(db, &p, &err) == 0;
		facimport_free(&p);
	}
	if (err)
		fprintf(stderr, "# %s\n", err);
	free(err);
	free(path);
	return good;
}

static void
round_trip(sqlite3 *db, facexport_what what, facimport_kind kind, const char *community_id, const char *want, const char *name)
{
	static const char *const fmt[] = { "xlsx", "csv (UTF-8)", "csv (GB18030)" };

	for (int f = 0; f < 3; f++) {
		facexport_opts o = { .what = what, .community_id = community_id, .xlsx = f == 0,
		                     .enc = f == 2 ? SHEETOUT_GB18030 : SHEETOUT_UTF8 };
		char *path = xasprintf("%s/%s%d.%s", dir, name, f, f ? "csv" : "xlsx"), *err = NULL, *got;

		ok(facexport_file(db, &o, path, &err) == 0, "%s as %s written", name, fmt[f]);
		if (err)
			fprintf(stderr, "# %s\n", err);
		free(err);
		got = plan_counts(db, kind, path);
		is_str(got, want, "%s as %s reads back: new/changed/unchanged/bad", name, fmt[f]);
		free(got);
		free(path);
	}
}

/* The 20 standard items in an English export: each by its English name from data/ (none by its
 * Chinese one), and the import takes that file back unchanged; English names are read with or
 * without "one" and in any case. */
static void
english_items(sqlite3 *db)
{
	char cid[UUID_TEXT_LEN], *csv = xstrdup("community,kind,name\n"), *path, *text, *err = NULL, *got, *code;
	facexport_opts o;
	size_t len = 0;
	int named = 0;

	for (int i = 1; i <= 20; i++) {
		char *n = xasprintf("%sHBW-02,%d,项目%d\n", csv, i, i);
		free(csv);
		csv = n;
	}
	ok(import_text(db, FACIMPORT_FACILITIES, csv), "a facility of each of the 20 standard items, named by number");
	free(csv);
	ok(community_find_code(db, "HBW-02", cid) == 0, "HBW-02 found");
	o = (facexport_opts){ .what = FACEXPORT_FACILITIES, .community_id = cid, .enc = SHEETOUT_UTF8 };
	path = xasprintf("%s/english.csv", dir);
	ok(facexport_file(db, &o, path, &err) == 0, "HBW-02's inventory exported in English");
	free(err);
	err = NULL;
	text = slurp(path, &len);
	for (int i = 1; text && i <= 20; i++) {
		const char *p[1];
		char num[12], *en, *line;	/* room for any int: -O1 checks it */
		snprintf(num, sizeof num, "%d", i);
		p[0] = num;
		en = db_query_text(db, "SELECT name_en FROM std_item WHERE no = ?1", 1, p);
		line = xasprintf("\nHBW-02,%s%s%s,项目%d,", strchr(en ? en : "", ',') ? "\"" : "", en ? en : "?",
		    strchr(en ? en : "", ',') ? "\"" : "", i);
		named += en && *en && strstr(text, line) != NULL;
		free(line);
		free(en);
	}
	is_int(named, 20, "each item's row names it by its English name (quoted when it has a comma)");
	ok(text && !strstr(text, "一个") && !strstr(text, "设施,项目"), "no item is written by its Chinese name");
	free(text);
	got = plan_counts(db, FACIMPORT_FACILITIES, path);
	is_str(got, "0/0/21/0", "the English file reads back: all 21 of HBW-02 unchanged");
	free(got);
	free(path);
	code = facimport_kind_code(db, "Kindergarten");
	is_str(code, "item:2", "\"Kindergarten\" is item 2 (without \"one\", any case)");
	free(code);
	code = facimport_kind_code(db, "ONE NURSERY");
	is_str(code, "item:3", "\"ONE NURSERY\" is item 3");
	free(code);
	code = facimport_kind_code(db, "supermarket");
	is_str(code, "type:supermarket", "\"supermarket\" stays the business type; \"one supermarket\" is the item");
	free(code);
	code = facimport_kind_code(db, "one supermarket");
	is_str(code, "item:6", "\"one supermarket\" is item 6");
	free(code);
}

int
main(void)
{
	sqlite3 *db;
	char id[UUID_TEXT_LEN], *err = NULL, *path, *text;
	gap_report r;
	facexport_opts o = { .what = FACEXPORT_FACILITIES };
	size_t len = 0;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (!mkdtemp(dir))
		return 1;
	db = test_fresh_db(-1, true);
	ok(db != NULL && save_identity(db, "张琦"), "a migrated database with reference data and an office");
	if (!db)
		return tap_done();
	ok(import_text(db, FACIMPORT_COMMUNITIES, "code,name,subdistrict,district,households\n"
	    "HBW-01,海北社区,海北街道,海勃湾区,1000\nHBW-02,新华社区,新华街道,海勃湾区,800\n"), "two communities");
	ok(import_text(db, FACIMPORT_FACILITIES, "community,kind,name,address,floor_area,capacity,capacity_unit,status\n"
	    "HBW-01,托儿所,滨河托儿所,\"滨河路1号,东门\",160,40,托位,运营中\n"
	    "HBW-01,幼儿园,阳光幼儿园,,2000,6,班,运营中\n"
	    "HBW-02,便利店,华联便利店,,80,,,operating\n"), "three facilities in two communities");
	{
		sqlite3_stmt *st = NULL;
		long long n = -1;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM facility WHERE deleted = 0", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		is_int(n, 3, "three facilities stored");
	}
	/* The office's own community (save_identity) and the two imported. */
	round_trip(db, FACEXPORT_COMMUNITIES, FACIMPORT_COMMUNITIES, NULL, "0/0/3/0", "communities");
	round_trip(db, FACEXPORT_FACILITIES, FACIMPORT_FACILITIES, NULL, "0/0/3/0", "facilities");
	ok(community_find_code(db, "HBW-01", id) == 0, "HBW-01 found");
	round_trip(db, FACEXPORT_FACILITIES, FACIMPORT_FACILITIES, id, "0/0/2/0", "one community's facilities");

	/* The gap report of one community as CSV. */
	ok(gaps_build(db, id, "zh", &r, &err) == 0, "HBW-01's gap report built");
	free(err);
	err = NULL;
	o = (facexport_opts){ .what = FACEXPORT_GAPS, .gaps = &r, .ngaps = 1, .enc = SHEETOUT_UTF8 };
	path = xasprintf("%s/gaps.csv", dir);
	ok(facexport_file(db, &o, path, &err) == 0, "the gap report written as CSV");
	text = slurp(path, &len);
	ok(text && strstr(text, "HBW-01") && strstr(text, "幼儿园"), "it names the community and the kindergarten item");
	free(text);
	free(path);
	free(err);
	err = NULL;
	gaps_free(&r);
	english_items(db);

	/* A file that cannot be made. */
	path = xasprintf("%s/no/such/dir/f.csv", dir);
	o = (facexport_opts){ .what = FACEXPORT_FACILITIES, .enc = SHEETOUT_UTF8 };
	ok(facexport_file(db, &o, path, &err) != 0 && err && *err, "a file in a missing folder: an error with a reason");
	ok(access(path, F_OK) != 0, "and no file");
	free(err);
	free(path);

	sqlite3_close(db);
	rm_rf(dir);
	return tap_done();
}
