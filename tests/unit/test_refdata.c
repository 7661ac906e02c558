/* test_refdata.c - the reference data files load into a fresh database with the seed's values,
 * load only once, and a damaged file is refused with its name and line, leaving nothing behind. */
#include "config.h"
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <iconv.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "refdata.h"
#include "migrate.h"
#include "util.h"

static const char *const files[] = {
	"circles.tsv", "standard_goals.tsv", "standard_items.tsv", "standard_checks.tsv", "indicators.tsv",
	"standard_item_roles.tsv", "business_types.tsv",
};
#define NFILES (sizeof files / sizeof files[0])

static const char *const ref_tables[] = { "circle", "std_goal", "std_item", "std_check", "indicator" };
#define NTABLES (sizeof ref_tables / sizeof ref_tables[0])

/* First column of the first row of sql with one optional text parameter, as a fresh string (NULL when none). */
static char *
query_text(sqlite3 *db, const char *sql, const char *param)
{
	sqlite3_stmt *st;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(db));
		return NULL;
	}
	if (param)
		sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

static long long
query_int(sqlite3 *db, const char *sql)
{
	char *s = query_text(db, sql, NULL);
	long long v = s ? atoll(s) : -1;

	free(s);
	return v;
}

static long long
count_table(sqlite3 *db, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	long long n = query_int(db, sql);

	free(sql);
	return n;
}

static long long
count_all(sqlite3 *db)
{
	long long n = 0;

	for (size_t i = 0; i < NTABLES; i++)
		n += count_table(db, ref_tables[i]);
	return n;
}

/* Check one value of a query against its expected text. */
static void
is_query(sqlite3 *db, const char *sql, const char *want, const char *what)
{
	char *got = query_text(db, sql, NULL);

	is_str(got, want, "%s", what);
	free(got);
}

/* Copy every data file from src to dst (overwriting earlier corruption). */
static bool
copy_data(const char *src, const char *dst)
{
	for (size_t i = 0; i < NFILES; i++) {
		char *from = xasprintf("%s/%s", src, files[i]), *to = xasprintf("%s/%s", dst, files[i]);
		size_t len;
		char *buf = slurp(from, &len);
		bool good = buf && spew(to, buf, len);

		free(buf);
		free(from);
		free(to);
		if (!good)
			return false;
	}
	return true;
}

/* Replace the first occurrence of from by to in line lineno (1-based) of dir/file. */
static bool
corrupt(const char *dir, const char *file, int lineno, const char *from, const char *to)
{
	char *path = xasprintf("%s/%s", dir, file), *buf, *line, *hit, *out;
	size_t len;
	bool good = false;

	buf = slurp(path, &len);
	line = buf;
	for (int i = 1; line && i < lineno; i++) {
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	hit = line ? strstr(line, from) : NULL;
	if (hit && (!strchr(line, '\n') || hit <= strchr(line, '\n'))) {
		out = xasprintf("%.*s%s%s", (int)(hit - buf), buf, to, hit + strlen(from));
		good = spew(path, out, strlen(out));
		free(out);
	}
	free(buf);
	free(path);
	return good;
}

static void
test_dir(void)
{
	char *saved = xstrdup(getenv("LIFECIRCLE_DATADIR"));

	setenv("LIFECIRCLE_DATADIR", "/some/where", 1);
	is_str(refdata_dir(), "/some/where", "refdata_dir follows LIFECIRCLE_DATADIR");
	setenv("LIFECIRCLE_DATADIR", "", 1);
	is_str(refdata_dir(), PKGDATADIR, "an empty LIFECIRCLE_DATADIR gives the installed directory");
	unsetenv("LIFECIRCLE_DATADIR");
	is_str(refdata_dir(), PKGDATADIR, "no LIFECIRCLE_DATADIR gives the installed directory");
	if (saved)
		setenv("LIFECIRCLE_DATADIR", saved, 1);
	free(saved);
}

static void
test_counts(sqlite3 *db)
{
	is_int(count_table(db, "circle"), 8, "8 circles");
	is_int(count_table(db, "std_goal"), 6, "6 standard goals");
	is_int(count_table(db, "std_item"), 20, "20 standard items");
	is_int(count_table(db, "indicator"), 9, "9 indicators");
	ok(count_table(db, "std_check") >= 20, "at least 20 standard checks (got %lld)", count_table(db, "std_check"));
}

static void
test_circles(sqlite3 *db)
{
	char *d;

	is_query(db, "SELECT name || '|' || code FROM circle WHERE no = 5", "养老服务圈|eldercare", "circle 5");
	is_query(db, "SELECT group_concat(code, ',') FROM (SELECT code FROM circle ORDER BY no)",
	    "housing,commerce,culture,education,eldercare,health,cityscape,response", "circle codes in order");
	is_query(db, "SELECT name FROM circle WHERE no = 8", "服务响应圈", "circle 8 name");
	d = query_text(db, "SELECT description FROM circle WHERE no = 5", NULL);
	ok(d && str_starts_with(d, "针对乌海市老龄化发展趋势,凸显乌海市养老服务特色,"),
	    "circle 5 description has 乌海市 where the spam stood");
	ok(d && strstr(d, "着力打造“一刻钟养老服务圈”乌海样板。"), "circle 5 description is complete");
	free(d);
	d = query_text(db, "SELECT description FROM circle WHERE no = 1", NULL);
	ok(d && str_starts_with(d, "加快推进老旧小区改造") && !str_starts_with(d, "1."),
	    "circle 1 description starts after its title");
	free(d);
}

static void
test_standard(sqlite3 *db)
{
	char *r;

	is_query(db, "SELECT name FROM std_goal WHERE no = 1", "基本公共服务设施完善", "goal 1 without 一、");
	is_query(db, "SELECT name FROM std_goal WHERE no = 6", "社区管理机制健全", "goal 6");
	is_query(db, "SELECT name || '|' || goal_no FROM std_item WHERE no = 2", "一个幼儿园|1", "item 2 under goal 1");
	is_query(db, "SELECT goal_no FROM std_item WHERE no = 16", "5", "item 16 under goal 5");
	r = query_text(db, "SELECT requirement FROM std_item WHERE no = 13", NULL);
	ok(r && strstr(r, "不小于30平方米的公共厕所"), "item 13 requirement has the public toilet");
	free(r);
	is_query(db, "SELECT requirement FROM std_item WHERE no = 20",
	    "举办文化活动,制定发布社区居民公约,营造富有特色的社区文化。", "item 20 requirement in full");
}

/* Checks are compared as "metric op value [value_max] unit applies" to see every column at once. */
#define CHECK_SQL(cond) "SELECT metric || ' ' || op || ' ' || value || ' ' || ifnull(value_max, '-') || ' ' " \
	"|| unit || ' ' || applies FROM std_check WHERE " cond

static void
test_checks(sqlite3 *db)
{
	is_query(db, CHECK_SQL("item_no = 1 AND metric = 'floor_area'"), "floor_area ~ 800.0 - ㎡ all",
	    "service station about 800 m²");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'classes'"), "classes >= 6.0 - 班 all", "kindergarten ≥ 6 classes");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'land_area'"), "land_area >= 3500.0 - ㎡ all",
	    "kindergarten ≥ 3500 m² land");
	is_query(db, CHECK_SQL("item_no = 2 AND metric = 'floor_area'"), "floor_area >= 2200.0 - ㎡ all",
	    "kindergarten ≥ 2200 m² floor");
	is_query(db, CHECK_SQL("item_no = 7 AND metric = 'slot_ratio'"), "slot_ratio range 1.0 1.3 倍 all",
	    "parcel lockers 1–1.3 × daily deliveries");
	is_query(db, CHECK_SQL("item_no = 7 AND metric = 'use_area'"), "use_area >= 15.0 - ㎡ new", "parcel station (new)");
	is_query(db, CHECK_SQL("item_no = 6 AND metric = 'store_floor_area'"), "store_floor_area range 50.0 100.0 ㎡ existing",
	    "convenience stores 50–100 m² (existing)");
	is_query(db, CHECK_SQL("item_no = 11"), "walk_minutes <= 10.0 - 分钟 all", "bus stop within 10 minutes");
	is_query(db, CHECK_SQL("item_no = 16 AND metric = 'permille_of_floor_area'"), "permille_of_floor_area >= 2.0 - ‰ new",
	    "property office ≥ 2‰");
	is_query(db, "SELECT note FROM std_check WHERE item_no = 4 AND seq = 1", "老年人日间照料中心建筑面积", "check note");
	is_int(query_int(db, "SELECT count(*) FROM std_check WHERE (op = 'range') != (value_max IS NOT NULL)"), 0,
	    "value_max exactly on range checks");
}

static void
test_indicators(sqlite3 *db)
{
	is_query(db, "SELECT name FROM indicator WHERE no = 1", "社区综合服务设施覆盖率", "indicator 1 name without unit");
	is_query(db, "SELECT target || ' ' || op || ' ' || kind || ' ' || unit FROM indicator WHERE no = 4",
	    "33.0 >= binding ㎡", "indicator 4");
	is_query(db, "SELECT target || ' ' || op || ' ' || kind || ' ' || unit FROM indicator WHERE no = 8",
	    "18.0 = expected 人", "indicator 8");
	is_query(db, "SELECT target || ' ' || unit FROM indicator WHERE no = 9", "1.4 ‰", "indicator 9");
	is_int(query_int(db, "SELECT target = 1.4 FROM indicator WHERE no = 9"), 1, "indicator 9 target is exactly 1.4");
	is_query(db, "SELECT name FROM indicator WHERE no = 6", "镇(街道)社会工作服务站覆盖率", "inner parenthesis kept");
}

/* No text column of any reference table may carry the spam pasted into the seed. */
static void
test_no_spam(sqlite3 *db)
{
	static const char *const text_cols[][2] = {
		{ "circle", "code" }, { "circle", "name" }, { "circle", "description" },
		{ "std_goal", "name" }, { "std_item", "name" }, { "std_item", "requirement" },
		{ "std_check", "metric" }, { "std_check", "unit" }, { "std_check", "note" },
		{ "indicator", "name" }, { "indicator", "unit" },
	};
	long long hits = 0;

	for (size_t i = 0; i < sizeof text_cols / sizeof text_cols[0]; i++) {
		char *sql = xasprintf("SELECT count(*) FROM %s WHERE instr(%s, '必博') OR instr(upper(%s), 'BBO')",
		    text_cols[i][0], text_cols[i][1], text_cols[i][1]);
		long long n = query_int(db, sql);

		if (n != 0)
			printf("# %s.%s: %lld rows with spam\n", text_cols[i][0], text_cols[i][1], n);
		hits += n;
		free(sql);
	}
	is_int(hits, 0, "no 必博 or BBO in any reference text");
	is_int(query_int(db, "SELECT count(*) FROM circle WHERE instr(description, '娱乐')"), 0, "no 娱乐 in circles");
}

static void
test_reload(sqlite3 *db, const char *dir)
{
	long long before = count_all(db);
	char *err = NULL;

	test_exec(db, "BEGIN");
	is_int(refdata_load(db, dir, &err), 0, "second load succeeds");
	test_exec(db, "COMMIT");
	ok(err == NULL, "second load sets no error");
	free(err);
	is_int(count_all(db), before, "second load adds nothing");
}

/* Load from dir into a fresh db inside BEGIN ... ROLLBACK; expect refusal naming where. */
static void
expect_refused(const char *dir, const char *where, const char *what)
{
	sqlite3 *db = test_fresh_db(-1, false);
	char *err = NULL;
	int rc;

	test_exec(db, "BEGIN");
	rc = refdata_load(db, dir, &err);
	is_int(rc, -1, "%s: refused", what);
	ok(err && strstr(err, where), "%s: message names %s", what, where);
	if (err)
		printf("# %s\n", err);
	is_int(count_all(db), 0, "%s: nothing loaded within the transaction", what);
	test_exec(db, "ROLLBACK");
	is_int(count_all(db), 0, "%s: reference tables empty after ROLLBACK", what);
	free(err);
	sqlite3_close(db);
}

static void
expect_loaded(const char *dir, const char *what)
{
	sqlite3 *db = test_fresh_db(-1, false);
	char *err = NULL;

	test_exec(db, "BEGIN");
	is_int(refdata_load(db, dir, &err), 0, "%s: loads", what);
	if (err)
		printf("# %s\n", err);
	test_exec(db, "COMMIT");
	is_int(count_table(db, "circle"), 8, "%s: 8 circles", what);
	is_int(query_int(db, "SELECT count(*) FROM circle WHERE instr(description, char(13))"), 0,
	    "%s: no CR kept in the text", what);
	free(err);
	sqlite3_close(db);
}

struct damage {
	const char *file;
	int line;
	const char *from, *to;
	const char *where;	/* expected in the message */
	const char *what;
};

static void
test_damage(const char *src)
{
	/* Line numbers count the comment lines: the checks file has 6, the others 1. */
	static const struct damage cases[] = {
		{ "indicators.tsv", 6, "binding", "mandatory", "indicators.tsv:6:", "bad kind" },
		{ "indicators.tsv", 4, ">=", "≥", "indicators.tsv:4:", "bad op" },
		{ "indicators.tsv", 11, "1.4", "1,4", "indicators.tsv:11:", "bad number" },
		{ "standard_items.tsv", 5, "\t", "", "standard_items.tsv:5:", "wrong column count" },
		{ "circles.tsv", 4, "commerce\t", "commerce\textra\t", "circles.tsv:4:", "extra column" },
		{ "circles.tsv", 7, "\teldercare\t", "\t\t", "circles.tsv:7:", "empty required field" },
		{ "standard_goals.tsv", 5, "3\t", "3x\t", "standard_goals.tsv:5:", "bad integer" },
		{ "standard_checks.tsv", 10, "㎡", "\xE3\x8E", "standard_checks.tsv:10:", "truncated UTF-8" },
		{ "standard_checks.tsv", 9, "幼儿园", "\xC0\xAF", "standard_checks.tsv:9:", "overlong UTF-8" },
		{ "standard_checks.tsv", 12, "托儿所", "\xED\xA0\x80", "standard_checks.tsv:12:", "surrogate in UTF-8" },
		{ "circles.tsv", 3, "改造", "\xFF", "circles.tsv:3:", "0xFF byte" },
		{ "standard_checks.tsv", 11, "all", "everyone", "standard_checks.tsv:11:", "bad applies" },
		{ "standard_checks.tsv", 18, "1.3", "", "standard_checks.tsv:18:", "range without value_max" },
		{ "standard_checks.tsv", 8, "800\t", "800\t900", "standard_checks.tsv:8:", "value_max without range" },
		{ "standard_checks.tsv", 7, "value\tvalue_max", "value\tmax", "standard_checks.tsv:7:", "wrong header" },
		{ "standard_items.tsv", 22, "\t6\t", "\t7\t", "standard_items.tsv:22:", "unknown goal" },
		{ "circles.tsv", 3, "1\thousing", "2\thousing", "circles.tsv:4:", "duplicate number" },
		{ "indicators.tsv", 11, "9\t", "#9\t", "expected 9 indicators, found 8", "a row too few" },
	};
	char tmpl[] = "/tmp/test_refdata.XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!ok(dir != NULL, "temporary data directory"))
		return;
	ok(copy_data(src, dir), "copy of the data directory");
	expect_loaded(dir, "unchanged copy");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct damage *c = &cases[i];

		copy_data(src, dir);
		if (!ok(corrupt(dir, c->file, c->line, c->from, c->to), "%s: file damaged", c->what))
			continue;
		expect_refused(dir, c->where, c->what);
	}

	/* A BOM (Notepad) and CRLF line ends (Windows) are accepted. */
	copy_data(src, dir);
	ok(corrupt(dir, "circles.tsv", 1, "#", "\xEF\xBB\xBF#"), "BOM added");
	ok(corrupt(dir, "circles.tsv", 3, "\n", "\r\n"), "CRLF added");
	expect_loaded(dir, "BOM and CRLF");

	copy_data(src, dir);
	{
		char *path = xasprintf("%s/standard_goals.tsv", dir);
		char *where = xasprintf("%s/standard_goals.tsv", dir);

		ok(unlink(path) == 0, "goals file removed");
		expect_refused(dir, where, "missing file");
		expect_refused(dir, "LIFECIRCLE_DATADIR", "missing file hint");
		free(where);
		free(path);
	}
	for (size_t i = 0; i < NFILES; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
}

/* Make a fresh temporary data directory holding a copy of src's files (and VERSION when given). */
static char *
data_copy(const char *src, const char *version)
{
	char *dir = mkdtemp(xstrdup("/tmp/test_refdata.XXXXXX"));

	if (!dir || !copy_data(src, dir)) {
		printf("# cannot make a data copy\n");
		return dir;
	}
	if (version) {
		char *path = xasprintf("%s/VERSION", dir);

		spew(path, version, strlen(version));
		free(path);
	}
	return dir;
}

/* Rewrite dir/file in the iconv encoding to, with bom (may be "") in front. */
static bool
reencode(const char *dir, const char *file, const char *to, const char *bom)
{
	char *path = xasprintf("%s/%s", dir, file);
	size_t len, inleft, outleft, blen = strlen(bom);
	char *buf = slurp(path, &len), *out, *inp, *outp;
	iconv_t cd = iconv_open(to, "UTF-8");
	bool good = false;

	if (buf && cd != (iconv_t)-1) {
		out = xmalloc(blen + len * 4 + 16);
		memcpy(out, bom, blen);
		inp = buf;
		inleft = len;
		outp = out + blen;
		outleft = len * 4 + 16;
		if (iconv(cd, &inp, &inleft, &outp, &outleft) != (size_t)-1)
			good = spew(path, out, (size_t)(outp - out));
		free(out);
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(buf);
	free(path);
	return good;
}

/* Everything in the tables as one text, to compare two loads. */
static char *
fingerprint(sqlite3 *db)
{
	return query_text(db, "SELECT (SELECT group_concat(no || code || name || description, char(10)) FROM circle)"
	    " || (SELECT group_concat(no || goal_no || name || requirement, char(10)) FROM std_item)"
	    " || (SELECT group_concat(no || name || unit || op || target || kind, char(10)) FROM indicator)"
	    " || (SELECT group_concat(name, char(10)) FROM std_goal)", NULL);
}

/* dir loads, and holds exactly what src holds. */
static void
expect_same_as(const char *dir, const char *src, const char *what)
{
	sqlite3 *db = test_fresh_db(-1, false), *ref = test_fresh_db(-1, false);
	char *err = NULL, *got, *want;

	is_int(refdata_load(db, dir, &err), 0, "%s: loads", what);
	if (err)
		printf("# %s\n", err);
	free(err);
	refdata_load(ref, src, &err);
	free(err);
	got = fingerprint(db);
	want = fingerprint(ref);
	ok(got && want && strlen(want) > 1000 && strcmp(got, want) == 0, "%s: the tables hold the same text as from UTF-8 files", what);
	free(got);
	free(want);
	sqlite3_close(db);
	sqlite3_close(ref);
}

static void
on_alarm(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls here: the test would otherwise hang on the FIFO. */
	static const char msg[] = "not ok - a FIFO made the loader block (killed by alarm)\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(2);
	_exit(1);
}

/* A check's kind must be a business type of the check's own item (items 13 and 14 each cover two
 * kinds): a kind of another item, or none at all, could never be met and is refused. */
static void
test_check_kinds(const char *src)
{
	char *dir = data_copy(src, NULL);

	ok(corrupt(dir, "standard_checks.tsv", 23, "garbage_station", "barber"), "check 13.1 given a barber's kind");
	expect_refused(dir, "check 13.1 needs the kind \"barber\"", "a kind of another item");
	copy_data(src, dir);
	ok(corrupt(dir, "standard_checks.tsv", 23, "garbage_station", "no_such_kind"), "check 13.1 given an unknown kind");
	expect_refused(dir, "no_such_kind", "an unknown kind");
	copy_data(src, dir);
	expect_loaded(dir, "the checks' own kinds");
	for (size_t i = 0; i < NFILES; i++) {
		char *path = xasprintf("%s/%s", dir, files[i]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(dir);
}

/* Files that are not plain text files, too long lines and files, and other encodings. */
static void
test_files(const char *src)
{
	char *dir = data_copy(src, NULL), *path = xasprintf("%s/standard_goals.tsv", dir), *big;
	size_t len;

	/* A FIFO must be refused at once, not waited on while the write lock is held. */
	unlink(path);
	ok(mkfifo(path, 0600) == 0, "standard_goals.tsv replaced by a FIFO");
	signal(SIGALRM, on_alarm);
	alarm(10);
	expect_refused(dir, "standard_goals.tsv: not a regular file", "FIFO");
	alarm(0);
	unlink(path);
	ok(mkdir(path, 0700) == 0, "standard_goals.tsv replaced by a folder");
	expect_refused(dir, "standard_goals.tsv: not a regular file", "folder");
	rmdir(path);

	/* A line far longer than any real one is refused with its file and line. */
	copy_data(src, dir);
	big = xmalloc(20001);
	memset(big, 'x', 20000);
	big[20000] = '\0';
	ok(corrupt(dir, "standard_goals.tsv", 7, "5\t", big), "a 20000-byte line in standard_goals.tsv");
	expect_refused(dir, "standard_goals.tsv:7: the line is longer than", "long line");

	/* A file over a megabyte is refused before it is read. */
	copy_data(src, dir);
	{
		char *huge = xmalloc(1100000), *content = slurp(path, &len);

		memset(huge, '#', 1100000);
		memcpy(huge, content, len);
		huge[len] = '#';
		for (size_t i = len; i + 100 < 1100000; i += 100)
			huge[i + 99] = '\n';
		ok(spew(path, huge, 1100000), "standard_goals.tsv grown past a megabyte with comments");
		expect_refused(dir, "standard_goals.tsv: the file is larger than", "huge file");
		free(content);
		free(huge);
	}

	/* UTF-16 with a BOM (Excel's "Unicode text") and GB18030 (Chinese Windows) are decoded. */
	copy_data(src, dir);
	ok(reencode(dir, "circles.tsv", "UTF-16LE", "\xFF\xFE"), "circles.tsv saved as UTF-16LE with BOM");
	ok(reencode(dir, "standard_items.tsv", "UTF-16BE", "\xFE\xFF"), "standard_items.tsv saved as UTF-16BE with BOM");
	ok(reencode(dir, "indicators.tsv", "GB18030", ""), "indicators.tsv saved as GB18030");
	expect_same_as(dir, src, "UTF-16 and GB18030 files");
	/* UTF-16 without a BOM is not guessed: it is refused (as NUL bytes), never garbled. */
	copy_data(src, dir);
	ok(reencode(dir, "circles.tsv", "UTF-16LE", ""), "circles.tsv saved as UTF-16LE without BOM");
	expect_refused(dir, "circles.tsv:1:", "UTF-16 without BOM");

	copy_data(src, dir);
	free(big);
	free(path);
	rm_rf(dir);
	free(dir);
}
/* version of dir, or -1 with the message printed; *err_out gets the message when wanted. */
static int
dir_version(const char *dir, char **err_out)
{
	char *err = NULL;
	int v = -1;

	if (refdata_dir_version(dir, &v, &err) != 0)
		v = -1;
	if (err_out)
		*err_out = err;
	else
		free(err);
	return v;
}

static void
test_version_file(const char *src)
{
	char *dir = data_copy(src, NULL), *path = xasprintf("%s/VERSION", dir), *err = NULL;

	ok(dir_version(src, NULL) >= 1, "data/VERSION parses (%d)", dir_version(src, NULL));
	is_int(dir_version(dir, NULL), 0, "a data folder without VERSION counts as version 0");
	spew(path, "# comment\n\n7\n", 13);
	is_int(dir_version(dir, NULL), 7, "comments and blank lines are skipped");
	spew(path, "\xFF\xFE" "4\0\n\0", 6);
	is_int(dir_version(dir, NULL), 4, "a UTF-16 VERSION is read too");
	spew(path, "# c\nv2\n", 7);
	is_int(dir_version(dir, &err), -1, "\"v2\" is refused");
	ok(err && strstr(err, "VERSION:2:"), "... naming the file and line (%s)", err ? err : "");
	free(err);
	spew(path, "3\n4\n", 4);
	is_int(dir_version(dir, &err), -1, "two numbers are refused");
	ok(err && strstr(err, "VERSION:2:"), "... naming the second line (%s)", err ? err : "");
	free(err);
	spew(path, "0\n", 2);
	is_int(dir_version(dir, NULL), -1, "version 0 is refused in a file");
	spew(path, "# only a comment\n", 17);
	is_int(dir_version(dir, NULL), -1, "a VERSION without a number is refused");
	unlink(path);
	ok(mkfifo(path, 0600) == 0, "VERSION made a FIFO");
	signal(SIGALRM, on_alarm);
	alarm(10);
	is_int(dir_version(dir, &err), -1, "a FIFO VERSION is refused at once");
	alarm(0);
	ok(err && strstr(err, "not a regular file"), "... as not a regular file");
	free(err);
	unlink(path);
	free(path);
	rm_rf(dir);
	free(dir);
}

static sqlite3 *
file_db(const char *path)
{
	sqlite3 *db = NULL;
	char *err = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	test_exec(db, "PRAGMA journal_mode = WAL");
	test_exec(db, "PRAGMA foreign_keys = ON");
	if (migrate_apply(db, &err) != 0) {
		printf("# %s\n", err ? err : "?");
		free(err);
	}
	return db;
}

static int
run_sync(sqlite3 *db, const char *dir, char **err_out)
{
	char *err = NULL;
	int rc = refdata_sync(db, dir, &err);

	if (err && !err_out)
		printf("# refdata_sync: %s\n", err);
	if (err_out)
		*err_out = err;
	else
		free(err);
	return rc;
}

/* A newer data/ reaches an existing database in one go; users' records stay as they were. */
static void
test_sync(const char *src)
{
	char *v1 = data_copy(src, "1\n"), *v2 = data_copy(src, "2\n"), *v3 = data_copy(src, "3\n");
	char *path = xasprintf("%s/sync.db", v1), *err = NULL;
	sqlite3 *db = file_db(path), *other = NULL;
	long long seq_before;

	if (!ok(db != NULL, "a database file for the sync test"))
		return;
	is_int(run_sync(db, v1, NULL), 0, "refdata_sync loads an empty database");
	is_int(refdata_db_version(db), 1, "it records version 1");
	is_int(count_table(db, "circle"), 8, "8 circles loaded");
	test_exec(db, "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, std_item, name) VALUES"
	    " ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e21', 'n', 't', 't', '001732350000000-00001', 'c', 3, '幼儿园')");
	seq_before = query_int(db, "SELECT change_seq FROM facility");

	/* Current: no write lock is taken, so another copy holding one does not block it. */
	sqlite3_open(path, &other);
	test_exec(other, "BEGIN IMMEDIATE");
	sqlite3_busy_timeout(db, 0);
	is_int(run_sync(db, v1, NULL), 0, "a current database needs no write lock (another copy holds it)");
	test_exec(other, "ROLLBACK");
	sqlite3_close(other);

	ok(corrupt(v2, "circles.tsv", 3, "舒适安居圈", "舒适安居生活圈"), "version 2 renames circle 1");
	is_int(run_sync(db, v2, NULL), 0, "refdata_sync with newer data");
	is_int(refdata_db_version(db), 2, "the database now holds version 2");
	is_query(db, "SELECT name FROM circle WHERE no = 1", "舒适安居生活圈", "the new name reached the database");
	is_int(count_table(db, "circle"), 8, "still 8 circles (replaced, not added)");
	is_int(count_table(db, "std_item"), 20, "still 20 standard items");
	is_query(db, "SELECT name || '/' || std_item FROM facility", "幼儿园/3", "the user's record is untouched");
	is_int(query_int(db, "SELECT change_seq FROM facility"), seq_before, "... and was not written at all");

	is_int(run_sync(db, v1, NULL), 0, "older data installed: refdata_sync does nothing");
	is_query(db, "SELECT name FROM circle WHERE no = 1", "舒适安居生活圈", "the newer data stays");
	is_int(refdata_db_version(db), 2, "the version stays 2");

	ok(corrupt(v3, "indicators.tsv", 6, "binding", "mandatory"), "version 3 has a damaged indicators file");
	is_int(run_sync(db, v3, &err), -1, "refdata_sync refuses the damaged version 3");
	ok(err && strstr(err, "indicators.tsv:6:"), "... naming file and line (%s)", err ? err : "");
	free(err);
	is_query(db, "SELECT name FROM circle WHERE no = 1", "舒适安居生活圈", "version 2's data is all still there");
	is_int(count_all(db), 8 + 6 + 20 + count_table(db, "std_check") + 9, "every reference table is whole");
	is_int(refdata_db_version(db), 2, "the version stays 2");

	/* A database loaded before versioning (version 0) gets the shipped data's version. */
	test_exec(db, "DELETE FROM settings WHERE key = 'refdata_version'");
	is_int(run_sync(db, v1, NULL), 0, "a database from before versioning is updated");
	is_query(db, "SELECT name FROM circle WHERE no = 1", "舒适安居圈", "to the installed data");
	is_int(refdata_db_version(db), 1, "and records its version");
	sqlite3_close(db);
	free(path);
	rm_rf(v1);
	rm_rf(v2);
	rm_rf(v3);
	free(v1);
	free(v2);
	free(v3);
}

int
main(void)
{
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	sqlite3 *db;
	char *err = NULL;
	int rc;

	setlocale(LC_ALL, "C.UTF-8");
	if (!dir || !*dir)
		dir = "data";
	test_dir();

	db = test_fresh_db(-1, false);
	if (!ok(db != NULL, "fresh migrated database"))
		return tap_done();
	test_exec(db, "BEGIN");
	rc = refdata_load(db, dir, &err);
	test_exec(db, "COMMIT");
	is_int(rc, 0, "reference data loads from %s", dir);
	if (err)
		printf("# %s\n", err);
	free(err);

	test_counts(db);
	test_circles(db);
	test_standard(db);
	test_checks(db);
	test_indicators(db);
	test_no_spam(db);
	test_reload(db, dir);
	sqlite3_close(db);

	test_damage(dir);
	test_files(dir);
	test_check_kinds(dir);
	test_version_file(dir);
	test_sync(dir);
	return tap_done();
}
