/* test_sync.c - the rules of file exchange, each on its own: incremental and full exports, re-import
 * is known, edits along a chain are not conflicts, concurrent edits keep the loser the same way in
 * any order, tombstones stay, the same clock with other content is flagged, future clocks are
 * refused, hostile files are refused with the check that failed and change nothing, and a copied
 * or restored database gets a new node id. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "synctest.h"
#include "migrate.h"
#include "conflict.h"

static char *dir;

static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static long long
file_int(const char *path, const char *sql)
{
	sqlite3 *x = NULL;
	long long v = -1;

	if (sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		v = db_query_int(x, sql, -1);
	sqlite3_close(x);
	return v;
}

static void
test_basic(void)
{
	sqlite3 *a = office_open(dir, "A1"), *b = office_open(dir, "B1");
	char *f1 = path_in("b1.lcdb"), *f2 = path_in("b2.lcdb"), *f3 = path_in("b3.lcdb"), *f4 = path_in("b4.lcdb");
	char id[UUID_TEXT_LEN], da[SYNC_HASH_HEX], db_[SYNC_HASH_HEX], *name;
	sync_receipt r;

	for (int i = 0; i < 3; i++)
		estate_create(a, i == 0 ? "一" : i == 1 ? "二" : "三", id);
	ok(office_export(a, f1, NULL, false) == 0, "export writes a file");
	is_int(file_int(f1, "SELECT count(*) FROM estate"), 3, "it holds the three records");
	is_int(file_int(f1, "SELECT count(*) FROM survey_template"), 0, "but not the questionnaire every office loads from data/");
	is_int(office_int(a, "SELECT count(*) FROM survey_template WHERE origin = 'shipped' AND hlc = '000000000000000-00000'"
	    " AND operator = ''"), 1, "the shipped questionnaire's record fields come from its content only");
	is_int(office_int(b, "SELECT count(*) FROM survey_template WHERE origin = 'shipped' AND hlc = '000000000000000-00000'"
	    " AND operator = ''"), 1, "so both offices hold it as the same version");
	is_str(file_int(f1, "PRAGMA journal_mode") >= 0 ? "" : "x", "", "the file opens with plain SQLite");
	is_int(file_int(f1, "SELECT count(*) FROM sqlite_schema WHERE type IN ('trigger', 'view')"), 0,
	    "the file has no triggers or views");
	ok(office_export(a, f1, NULL, false) != 0, "export never writes over an existing file");
	ok(office_import(b, f1, &r, NULL) == 0, "import takes it");
	is_int(r.new_rows, 3, "three new records");
	is_str(r.office, "A1", "the receipt names the office");
	ok(office_import(b, f1, &r, NULL) == 0 && r.known == 3 && r.new_rows == 0 && r.updated == 0,
	    "importing it again: all three already known");
	synctest_recheck = true;
	ok(office_import(b, f1, &r, NULL) == 0 && r.known == 3 && r.new_rows == 0 && r.updated == 0,
	    "checked and merged again (--recheck): all three already known");
	synctest_recheck = false;
	is_int(office_int(b, "SELECT count(*) FROM sync_receipt"), 3, "a receipt for each import");
	office_digest(a, da);
	office_digest(b, db_);
	is_str(db_, da, "both offices hold the same records");

	estate_create(a, "四", id);
	office_export(a, f2, NULL, false);
	is_int(file_int(f2, "SELECT count(*) FROM estate"), 1, "the next export holds only what changed since");
	office_export(a, f3, NULL, true);
	is_int(file_int(f3, "SELECT count(*) FROM estate"), 4, "--full holds everything");
	office_export(a, f4, "subdistrict", false);
	is_int(file_int(f4, "SELECT count(*) FROM estate"), 4, "another destination has its own mark");
	name = sync_export_name(a, dir, false);
	ok(strstr(name, "/A1-") && strstr(name, "-001.lcdb"), "a file name in a folder: office, date, sequence (%s)", name);
	free(name);
	free(f1); free(f2); free(f3); free(f4);
	db_close(a);
	db_close(b);
}

static void
test_chain_and_concurrent(void)
{
	sqlite3 *a = office_open(dir, "A2"), *b = office_open(dir, "B2"), *c = office_open(dir, "C2"),
	    *d = office_open(dir, "D2");
	char *f1 = path_in("c1.lcdb"), *f2 = path_in("c2.lcdb"), *fa = path_in("ca.lcdb"), *fb = path_in("cb.lcdb");
	char id[UUID_TEXT_LEN], dg[4][SYNC_HASH_HEX], *win, *at_a;
	sync_receipt r;

	estate_create(a, "v1", id);
	office_export(a, f1, NULL, false);
	office_import(b, f1, NULL, NULL);
	office_import(c, f1, NULL, NULL);
	office_import(d, f1, NULL, NULL);
	estate_edit(a, id, "v2");
	estate_edit(a, id, "v3");
	office_export(a, f2, NULL, false);
	ok(office_import(c, f2, &r, NULL) == 0 && r.updated == 1 && r.conflicts == 0,
	    "an edit of an edit (v1 -> v2 -> v3, only v3 sent) updates without a conflict");
	is_int(office_int(c, "SELECT count(*) FROM sync_conflict"), 0, "no conflict kept");
	office_import(b, f2, NULL, NULL);
	office_import(d, f2, NULL, NULL);

	/* Now A and B edit the same version at the same time. */
	estate_edit(a, id, "A 的版本");
	estate_edit(b, id, "B 的版本");
	office_export(a, fa, NULL, false);
	office_export(b, fb, NULL, false);
	ok(office_import(a, fb, &r, NULL) == 0 && r.conflicts == 1, "concurrent edits meet: a conflict");
	office_import(b, fa, NULL, NULL);
	office_import(c, fb, NULL, NULL);
	office_import(c, fa, NULL, NULL);
	office_import(d, fa, NULL, NULL);
	office_import(d, fb, NULL, NULL);
	office_digest(a, dg[0]);
	office_digest(b, dg[1]);
	office_digest(c, dg[2]);
	office_digest(d, dg[3]);
	ok(strcmp(dg[0], dg[1]) == 0 && strcmp(dg[1], dg[2]) == 0 && strcmp(dg[2], dg[3]) == 0,
	    "four offices, files in different orders: the same records and conflicts");
	is_int(office_int(d, "SELECT count(*) FROM sync_conflict WHERE kind = 'concurrent'"), 1,
	    "the loser is kept once");
	win = db_query_text(d, "SELECT CASE WHEN (SELECT name FROM estate) = json_extract(data, '$.name') THEN 'same'"
	    " ELSE 'other' END FROM sync_conflict", 0, NULL);
	is_str(win, "other", "the conflicts table holds the other version, not the winner");
	free(win);
	win = db_query_text(d, "SELECT name FROM estate", 0, NULL);
	at_a = db_query_text(a, "SELECT name FROM estate", 0, NULL);
	ok(win && at_a && strcmp(win, at_a) == 0, "the same version wins everywhere (%s)", win ? win : "?");
	free(win);
	free(at_a);
	free(f1); free(f2); free(fa); free(fb);
	db_close(a); db_close(b); db_close(c); db_close(d);
}

/* A synced table without the built-in lineage trigger (a table added later) still keeps its chain
 * through the record API. */
static void
test_chain_without_trigger(void)
{
	sqlite3 *a = office_open(dir, "A7"), *c = office_open(dir, "C7");
	char *f1 = path_in("l1.lcdb"), *f2 = path_in("l2.lcdb"), id[UUID_TEXT_LEN];
	sync_receipt r;

	test_exec(a, "DROP TRIGGER estate_lineage");
	test_exec(c, "DROP TRIGGER estate_lineage");
	estate_create(a, "v1", id);
	office_export(a, f1, NULL, false);
	office_import(c, f1, NULL, NULL);
	estate_edit(a, id, "v2");
	record_tombstone(a, "estate", id);
	record_restore(a, "estate", id);
	estate_edit(a, id, "v5");
	office_export(a, f2, NULL, false);
	ok(office_import(c, f2, &r, NULL) == 0 && r.updated == 1 && r.conflicts == 0,
	    "without the trigger, four edits later: an update, no conflict");
	is_int(file_int(f2, "SELECT count(*) FROM sync_lineage"), 3, "the file carries the three replaced bases");
	free(f1);
	free(f2);
	db_close(a);
	db_close(c);
}

/* A version names its parent by clock and node: the module's edit (base = hlc), a tombstone, a
 * restore and an edit by another tool (the sqlite3 command) all give base_node the replaced version's
 * origin, and a merge keeps the node the file's version names. */
static void
test_base_node(void)
{
	sqlite3 *a = office_open(dir, "AN"), *b = office_open(dir, "BN");
	char *f1 = path_in("n1.lcdb"), *f2 = path_in("n2.lcdb"), *na = record_node_id(a), *nb = record_node_id(b);
	char id[UUID_TEXT_LEN], clock[HLC_TEXT_LEN], *sql;
	const char *p[3] = { clock, nb, id };
	sync_receipt r;

	estate_create(a, "一", id);
	is_int(office_int(a, "SELECT base = '' AND base_node = '' FROM estate"), 1, "a new record has no base");
	estate_edit(a, id, "二");
	sql = xasprintf("SELECT base_node = '%s' AND base <> '' FROM estate", na);
	is_int(office_int(a, sql), 1, "an edit names the replaced version's node");
	record_tombstone(a, "estate", id);
	is_int(office_int(a, sql), 1, "so does a delete");
	record_restore(a, "estate", id);
	is_int(office_int(a, sql), 1, "and a restore");
	is_int(office_int(a, "SELECT count(*) FROM sync_lineage WHERE node <> '' AND base_node <> ''"), 2,
	    "the replaced versions are kept under clock and node");
	free(sql);
	office_export(a, f1, NULL, false);
	office_import(b, f1, NULL, NULL);
	/* Another tool's edit in B: a new clock and B's node, base = the clock it replaces. */
	record_clock_tick(b, clock);
	ok(db_exec_params(b, "UPDATE estate SET name = '三', base = hlc, hlc = ?1, origin = ?2 WHERE id = ?3", 3, p) == 0,
	    "B edits it with the sqlite3 tool's kind of UPDATE");
	sql = xasprintf("SELECT base_node = '%s' FROM estate", na);
	is_int(office_int(b, sql), 1, "the trigger names A's version as its parent");
	office_export(b, f2, NULL, false);
	ok(office_import(a, f2, &r, NULL) == 0 && r.updated == 1 && r.conflicts == 0, "A takes it as an update");
	is_int(office_int(a, sql), 1, "with the node the file's version names");
	free(sql);
	free(na);
	free(nb);
	free(f1);
	free(f2);
	db_close(a);
	db_close(b);
}

static void
test_tombstone(void)
{
	sqlite3 *a = office_open(dir, "A3"), *b = office_open(dir, "B3"), *c = office_open(dir, "C3");
	char *f1 = path_in("t1.lcdb"), *f2 = path_in("t2.lcdb");
	char id[UUID_TEXT_LEN];
	sync_receipt r;

	estate_create(a, "拆迁", id);
	office_export(a, f1, NULL, false);
	office_import(b, f1, NULL, NULL);
	is_int(record_tombstone(a, "estate", id), 0, "deleted at A");
	office_export(a, f2, NULL, false);
	office_import(b, f2, NULL, NULL);
	is_int(office_int(b, "SELECT deleted FROM estate"), 1, "the delete reached B");
	ok(office_import(b, f1, &r, NULL) == 0 && r.known == 1, "the old file again: known");
	is_int(office_int(b, "SELECT deleted FROM estate"), 1, "the record does not come back");
	office_import(c, f2, NULL, NULL);
	office_import(c, f1, NULL, NULL);
	is_int(office_int(c, "SELECT deleted FROM estate"), 1, "nor when the old file comes after the delete");
	is_int(office_int(c, "SELECT count(*) FROM sync_conflict"), 0, "and that is no conflict");
	free(f1); free(f2);
	db_close(a); db_close(b); db_close(c);
}

static void
test_same_clock(void)
{
	sqlite3 *a = office_open(dir, "A4"), *b = office_open(dir, "B4");
	char *f1 = path_in("s1.lcdb"), *f2 = path_in("s2.lcdb");
	char id[UUID_TEXT_LEN], da[SYNC_HASH_HEX], db_[SYNC_HASH_HEX];
	sync_receipt r;

	estate_create(a, "原样", id);
	office_export(a, f1, NULL, false);
	office_import(b, f1, NULL, NULL);
	/* Another tool changes the content without a new clock. */
	test_exec(b, "UPDATE estate SET name = '被改了'");
	office_export(b, f2, NULL, false);
	ok(office_import(a, f2, &r, NULL) == 0 && r.conflicts == 1, "the same id and clock with other content is flagged");
	is_int(office_int(a, "SELECT count(*) FROM sync_conflict WHERE kind = 'same_clock'"), 1, "as same_clock");
	/* B took f1 before its tool changed the row: only checking the file again finds the clash. */
	synctest_recheck = true;
	office_import(b, f1, NULL, NULL);
	synctest_recheck = false;
	office_digest(a, da);
	office_digest(b, db_);
	is_str(db_, da, "both offices end the same, whichever content came first");
	free(f1); free(f2);
	db_close(a); db_close(b);
}

static void
test_future(void)
{
	sqlite3 *a = office_open(dir, "A5"), *b = office_open(dir, "B5");
	char *f1 = path_in("fu.lcdb"), id[UUID_TEXT_LEN], *err = NULL;
	sync_import_opts o = { false, util_now_ms() - 3LL * 24 * 3600 * 1000, false, NULL };
	sync_receipt r;

	estate_create(a, "未来", id);
	office_export(a, f1, NULL, false);
	ok(sync_import(b, f1, &o, &r, &err) != 0, "a file more than a day ahead of this clock is refused");
	ok(err && strstr(err, "clock check") && strstr(err, "A5"), "naming the office and the time: %s", err ? err : "?");
	free(err);
	is_int(office_int(b, "SELECT count(*) FROM estate") + office_int(b, "SELECT count(*) FROM sync_receipt"), 0,
	    "nothing was changed");
	o.accept_future = true;
	err = NULL;
	ok(sync_import(b, f1, &o, &r, &err) == 0 && r.new_rows == 1, "--accept-future takes it");
	free(err);
	free(f1);
	db_close(a);
	db_close(b);
}

/* Copy src to dst byte for byte. */
static void
copy_file(const char *src, const char *dst)
{
	size_t n;
	char *buf = slurp(src, &n);

	if (buf)
		spew(dst, buf, n);
	free(buf);
}

/* Run sql on the file path (its own connection, nothing checked). */
static void
file_exec(const char *path, const char *sql)
{
	sqlite3 *x = NULL;

	if (sqlite3_open_v2(path, &x, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK)
		test_exec(x, sql);
	sqlite3_close(x);
}

/* The file must be refused by b with a message containing word, and b left as it was. */
static void
refused(sqlite3 *b, const char *file, const char *word, const char *what)
{
	char before[SYNC_HASH_HEX], after[SYNC_HASH_HEX], *err = NULL;
	long long receipts = office_int(b, "SELECT count(*) FROM sync_receipt");
	long long seq = record_change_seq(b);
	int rc;

	office_digest(b, before);
	rc = office_import(b, file, NULL, &err);
	ok(rc != 0 && err && strstr(err, word), "%s: refused, %s", what, err ? err : "(no message)");
	office_digest(b, after);
	ok(strcmp(before, after) == 0 && receipts == office_int(b, "SELECT count(*) FROM sync_receipt")
	    && seq == record_change_seq(b), "%s: nothing changed", what);
	free(err);
}

static void
test_hostile(void)
{
	sqlite3 *a = office_open(dir, "A6"), *b = office_open(dir, "B6"), *x = office_open(dir, "X6"), *c = office_open(dir, "C6");
	char *good = path_in("good.lcdb"), *bad = path_in("bad.lcdb"), *col = path_in("collide.lcdb");
	char id[UUID_TEXT_LEN], mine[UUID_TEXT_LEN], *sql, *buf, *hit;
	size_t n;

	estate_create(a, "甲园区独一无二的名字", id);
	estate_create(a, "乙园", id);
	office_export(a, good, NULL, false);
	estate_create(b, "本地的", mine);

	spew(bad, "这不是数据库\n", strlen("这不是数据库\n"));
	refused(b, bad, "header check", "a text file renamed .lcdb");
	buf = slurp(good, &n);
	spew(bad, buf, n / 2);
	refused(b, bad, "check", "a truncated file");
	hit = memmem(buf, n, "甲园区独一无二", strlen("甲园区独一无二"));
	if (hit)
		hit[3] ^= 0x01;
	spew(bad, buf, n);
	ok(hit != NULL, "the name is in the file's bytes");
	refused(b, bad, "check", "one byte flipped");
	free(buf);
	unlink(bad);
	file_exec(bad, "CREATE TABLE t (a); INSERT INTO t VALUES (1)");
	refused(b, bad, "identity check", "another program's SQLite file");
	copy_file(good, bad);
	file_exec(bad, "CREATE TRIGGER evil AFTER INSERT ON estate BEGIN DELETE FROM estate; END");
	refused(b, bad, "trigger", "an added trigger");
	copy_file(good, bad);
	file_exec(bad, "CREATE VIEW evil AS SELECT * FROM estate");
	refused(b, bad, "view", "an added view");
	copy_file(good, bad);
	sql = xasprintf("PRAGMA user_version = %d", migrate_latest() + 1);
	file_exec(bad, sql);
	free(sql);
	refused(b, bad, "update lifecircle", "a newer schema version");
	copy_file(good, bad);
	file_exec(bad, "UPDATE estate SET name = printf('%.*c', 100000000, 'x')");
	refused(b, bad, "content check", "a 100 MB string in a name field");
	copy_file(good, bad);
	file_exec(bad, "UPDATE sync_manifest SET value = '1' WHERE key = 'deidentified'");
	refused(b, bad, "de-identification", "a de-identified file over full records");
	copy_file(good, bad);
	file_exec(bad, "UPDATE sync_manifest SET value = '5' WHERE key = 'count.estate'");
	refused(b, bad, "manifest check", "a manifest whose counts do not match");

	/* A well-made file whose record id is already another kind of record here. */
	sql = xasprintf("INSERT INTO community (id, origin, created_at, updated_at, hlc, operator, deleted, code, name,"
	    " subdistrict, district, base) SELECT '%s', origin, created_at, updated_at, hlc, '', 0, 'C1', '撞号',"
	    " '', '', '' FROM estate LIMIT 1", mine);
	test_exec(x, "BEGIN");
	estate_create(x, "x", id);
	test_exec(x, sql);
	test_exec(x, "COMMIT");
	free(sql);
	office_export(x, col, NULL, false);
	refused(b, col, "id check", "ids colliding with another kind of record");
	/* Both kinds in the one file, neither known here yet. */
	sql = xasprintf("INSERT INTO community (id, origin, created_at, updated_at, hlc, operator, deleted, code, name,"
	    " subdistrict, district, base) SELECT id, origin, created_at, updated_at, hlc, '', 0, 'C2', '同号',"
	    " '', '', '' FROM estate WHERE id = '%s'", id);
	test_exec(x, sql);
	free(sql);
	unlink(col);
	office_export(x, col, "again", true);
	refused(c, col, "id check", "one id as two kinds of record within the file");
	free(good); free(bad); free(col);
	db_close(a); db_close(b); db_close(x);
	db_close(c);
}

/* Import file into b with passphrase pass; the error (heap) or NULL. */
static char *
import_with(sqlite3 *b, const char *file, const char *pass, sync_receipt *r)
{
	sync_import_opts o = { false, 0, true, pass };
	char *err = NULL;

	sync_import(b, file, &o, r, &err);
	return err;
}

static void
test_encrypted(void)
{
	sqlite3 *a = office_open(dir, "A8"), *b = office_open(dir, "B8");
	char *enc = path_in("e.lcdb.enc"), *bad = path_in("e-bad.lcdb.enc"), id[UUID_TEXT_LEN], *err, *buf, *name;
	sync_export_opts o = { NULL, false, "正确的口令 correct horse", false };
	sync_export_result res;
	sync_receipt r;
	size_t n;

	estate_create(a, "居民张三的小区", id);
	err = NULL;
	ok(sync_export(a, enc, &o, &res, &err) == 0, "an encrypted export is written (%s)", err ? err : "ok");
	free(err);
	sync_export_result_free(&res);
	buf = slurp(enc, &n);
	ok(buf && n > 8 && memcmp(buf, "LCDBENC", 7) == 0, "it starts with the encrypted file's magic");
	ok(buf && !memmem(buf, n, "居民张三", strlen("居民张三")) && !memmem(buf, n, "SQLite format", 13),
	    "and neither the records nor SQLite's header can be read in it");
	name = sync_export_name(a, dir, true);
	ok(strstr(name, ".lcdb.enc") != NULL, "an encrypted export in a folder is named NAME.lcdb.enc");
	free(name);

	err = import_with(b, enc, NULL, &r);
	ok(err && strstr(err, "encrypted"), "without a passphrase it is refused: %s", err ? err : "?");
	free(err);
	err = import_with(b, enc, "wrong", &r);
	ok(err && strstr(err, "wrong passphrase"), "a wrong passphrase is refused: %s", err ? err : "?");
	free(err);
	is_int(office_int(b, "SELECT count(*) FROM estate"), 0, "nothing came in");
	if (buf && n > 200) {
		buf[n - 100] ^= 0x20;
		spew(bad, buf, n);
		err = import_with(b, bad, o.passphrase, &r);
		ok(err && strstr(err, "decryption check"), "one byte changed is refused: %s", err ? err : "?");
		free(err);
		buf[n - 100] ^= 0x20;
		spew(bad, buf, n - 30);
		err = import_with(b, bad, o.passphrase, &r);
		ok(err && strstr(err, "decryption check"), "a file cut short is refused: %s", err ? err : "?");
		free(err);
	}
	err = import_with(b, enc, o.passphrase, &r);
	ok(!err && r.new_rows == 1, "the right passphrase brings the record in");
	free(err);
	free(buf);
	free(enc);
	free(bad);
	db_close(a);
	db_close(b);
}

/* A proposal with a proposer and a phone, written with the record meta. */
static void
proposal_create(sqlite3 *db, const char *proposer, const char *phone)
{
	record_meta m;
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO proposal (" RECORD_META_NAMES ", number, kind, title, proposer, phone)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '001', 'proposal', '修路', ?9, ?10)");

	if (st && record_meta_new(db, &m) == 0 && record_bind_meta(st, 1, &m) == SQLITE_OK) {
		sqlite3_bind_text(st, 9, proposer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, phone, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			printf("# proposal: %s\n", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
}

static void
test_deidentified(void)
{
	sqlite3 *a = office_open(dir, "A9"), *b = office_open(dir, "B9"), *c = office_open(dir, "C9");
	char *f1 = path_in("d1.lcdb"), *f2 = path_in("d2.lcdb"), *f3 = path_in("d3.lcdb"), *err = NULL, *fields;
	sync_export_opts o = { NULL, false, NULL, true };
	sync_export_result res;
	char id[UUID_TEXT_LEN];
	sync_receipt r;

	fields = sync_personal_fields();
	ok(strstr(fields, "proposal.proposer") && strstr(fields, "proposal.phone")
	    && strstr(fields, "survey_response.answers ("), "the personal fields: %s", fields);
	free(fields);
	proposal_create(a, "张三", "13800000000");
	ok(sync_export(a, f1, &o, &res, &err) == 0 && res.deidentified, "a de-identified export is written");
	free(err);
	sync_export_result_free(&res);
	is_int(file_int(f1, "SELECT count(*) FROM proposal WHERE proposer = '' AND phone = '' AND title = '修路'"), 1,
	    "the proposal travels without its proposer's name and phone");
	is_int(file_int(f1, "SELECT value = '1' FROM sync_manifest WHERE key = 'deidentified'"), 1, "the file is marked so");
	estate_create(b, "本地", id);
	err = NULL;
	ok(office_import(b, f1, &r, &err) != 0 && err && strstr(err, "de-identification check"),
	    "an office with full records refuses it: %s", err ? err : "?");
	free(err);
	ok(office_import(c, f1, &r, NULL) == 0 && r.new_rows == 1, "an empty database takes it");
	proposal_create(a, "李四", "13900000000");
	err = NULL;
	ok(sync_export(a, f2, &o, &res, &err) == 0, "a second de-identified export");
	free(err);
	sync_export_result_free(&res);
	ok(office_import(c, f2, &r, NULL) == 0 && r.new_rows == 1, "and the de-identified database takes more of them");
	ok(office_export(c, f3, NULL, true) == 0, "what it exports ...");
	is_int(file_int(f3, "SELECT value = '1' FROM sync_manifest WHERE key = 'deidentified'"), 1,
	    "... is de-identified too");
	free(f1); free(f2); free(f3);
	db_close(a); db_close(b); db_close(c);
}

/* Insert a record into table written here (the record meta of a new version; the operator
 * settings_set gave): cols and n text values for them; its id into id. 0 on success. */
static int
record_insert(sqlite3 *db, const char *table, const char *cols, int n, const char *const *vals, char id[UUID_TEXT_LEN])
{
	char *q = xstrdup(""), *sql;
	record_meta m;
	sqlite3_stmt *st;
	int rc = -1;

	for (int i = 0; i < n; i++) {
		char *more = xasprintf("%s, ?%d", q, 9 + i);
		free(q);
		q = more;
	}
	sql = xasprintf("INSERT INTO \"%s\" (" RECORD_META_NAMES ", %s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8%s)", table, cols, q);
	st = db_prepare(db, sql);
	free(sql);
	free(q);
	if (st && record_meta_new(db, &m) == 0 && record_bind_meta(st, 1, &m) == SQLITE_OK) {
		for (int i = 0; i < n; i++)
			sqlite3_bind_text(st, 9 + i, vals[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE) {
			rc = 0;
			if (id)
				memcpy(id, m.id, UUID_TEXT_LEN);
		} else {
			printf("# %s: %s\n", table, sqlite3_errmsg(db));
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* The derived rows of db as one text: the double-entry list's rows and the survey answer index by
 * response id (rowids are local), so two offices can be compared. */
static char *
derived_rows(sqlite3 *db)
{
	return db_query_text(db, "SELECT coalesce((SELECT group_concat(number || '|' || first_op || '|' || second_op || '|' || state, ';')"
	    " FROM (SELECT * FROM feedback_entry_state ORDER BY proposal_id)), '') || ' / ' ||"
	    " coalesce((SELECT group_concat(x, ';') FROM (SELECT r.id || ':' || k.name || ':' || a.part || ':' || a.value AS x"
	    " FROM survey_answer a JOIN survey_answer_key k ON k.qid = a.qid JOIN survey_response r ON r.rowid = a.response"
	    " ORDER BY r.id, k.name, a.part, a.value)), '')", 0, NULL);
}

/* The local derived tables (the double-entry list's rows, the survey answer index) never travel:
 * an office that receives the records builds them itself, through the same triggers. */
static void
test_derived(void)
{
	sqlite3 *a = office_open(dir, "A11"), *b = office_open(dir, "B11");
	char *f1 = path_in("v1.lcdb"), *f2 = path_in("v2.lcdb"), *pid, *at_a, *at_b;
	char fid[UUID_TEXT_LEN], k2[UUID_TEXT_LEN], rid[UUID_TEXT_LEN];

	settings_set(a, "operator", "甲");
	proposal_create(a, "张三", "1");
	pid = db_query_text(a, "SELECT id FROM proposal", 0, NULL);
	record_insert(a, "feedback", "proposal_id, satisfaction, signature, signed_on", 4,
	    (const char *[]){ pid ? pid : "", "satisfied", "張琦", "2024-06-21" }, fid);
	record_insert(a, "entry_keying", "record_kind, record_id, pass, keyed_values, differences", 5,
	    (const char *[]){ "feedback", fid, "1", "{\"signature\":\"张琦\"}", "0" }, NULL);
	settings_set(a, "operator", "乙");
	record_insert(a, "entry_keying", "record_kind, record_id, pass, keyed_values, differences", 5,
	    (const char *[]){ "feedback", fid, "2", "{\"signature\":\"張琦\"}", "1" }, k2);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ k2, "signature", "张琦", "張琦", "second", "張琦" }, NULL);
	record_insert(a, "survey_response", "template, template_version, community, estate, surveyed_on, answers, status", 7,
	    (const char *[]){ "lifecircle_needs", "2024.1", "c1", "", "2024-07-01",
	    "{\"age\":67,\"needs\":[\"canteen\",\"clinic\"],\"note\":\"\"}", "complete" }, rid);
	is_int(office_int(a, "SELECT count(*) FROM feedback_entry_state WHERE state = 'decided'"), 1,
	    "the sending office lists the form as verified with a difference decided");
	is_int(office_int(a, "SELECT count(*) FROM survey_answer"), 5, "and indexes the response's answers");
	ok(office_export(a, f1, NULL, false) == 0, "export the form, its keyings and a survey response");
	is_int(file_int(f1, "SELECT (SELECT count(*) FROM feedback_entry_state) + (SELECT count(*) FROM survey_answer)"
	    " + (SELECT count(*) FROM survey_answer_key)"), 0, "the file carries none of the derived rows");
	is_int(file_int(f1, "SELECT (SELECT count(*) FROM entry_keying) * 10 + (SELECT count(*) FROM entry_decision)"), 21,
	    "but both keyings and the decision");
	ok(office_import(b, f1, NULL, NULL) == 0, "another office imports it");
	at_a = derived_rows(a);
	at_b = derived_rows(b);
	ok(at_b && strstr(at_b, "001|甲|乙|decided / ") && strstr(at_b, ":needs:1:clinic"),
	    "the receiving office built the list row and the answer index (%s)", at_b ? at_b : "none");
	is_str(at_b ? at_b : "", at_a ? at_a : "-", "the same derived rows as the sending office");
	free(at_a);
	free(at_b);

	/* Later versions arriving change them too: the form edited after verification, the response withdrawn. */
	test_exec(a, "UPDATE feedback SET signature = '张三丰', base = hlc, hlc = printf('%015d-00000', CAST(substr(hlc, 1, 15) AS INTEGER) + 1)");
	record_tombstone(a, "survey_response", rid);
	ok(office_export(a, f2, NULL, false) == 0 && office_import(b, f2, NULL, NULL) == 0, "the next file goes across");
	at_a = derived_rows(a);
	at_b = derived_rows(b);
	ok(at_b && strstr(at_b, "001|甲|乙|edited") && !strstr(at_b, "needs"),
	    "the form edited since its verification, the withdrawn response out of the index (%s)", at_b ? at_b : "none");
	is_str(at_b ? at_b : "", at_a ? at_a : "-", "again the same as the sending office");
	free(at_a);
	free(at_b);
	free(pid);
	free(f1);
	free(f2);
	db_close(a);
	db_close(b);
}

/* A de-identified export leaves out the answers to the questions a template version marks
 * personal, in the responses and in the conflicts' copies of them; other answers keep their types. */
static void
test_deidentified_answers(void)
{
	sqlite3 *a = office_open(dir, "A12");
	char *f1 = path_in("da1.lcdb"), *err = NULL, *got;
	sync_export_opts o = { NULL, false, NULL, true };
	sync_export_result res;
	char rid[UUID_TEXT_LEN], ks[UUID_TEXT_LEN], kf[UUID_TEXT_LEN];
	const char *answers = "{\"name\":\"王五\",\"age\":67,\"phone\":\"13900000000\",\"needs\":[\"canteen\",\"clinic\"],"
	    "\"ok\":true,\"note\":null,\"where\":{\"x\":1}}";

	record_insert(a, "survey_template", "form_id, version, title, languages, content_hash, definition", 6,
	    (const char *[]){ "needs", "1", "需求", "[]", "h1", "{\"questions\":[{\"name\":\"name\",\"personal\":1},"
	    "{\"name\":\"age\",\"personal\":0},{\"name\":\"phone\",\"personal\":1},{\"name\":\"needs\"},{\"type\":\"end_group\"}]}" }, NULL);
	record_insert(a, "survey_template", "form_id, version, title, languages, content_hash, definition", 6,
	    (const char *[]){ "needs", "2", "需求", "[]", "h2", "{\"questions\":[{\"name\":\"name\",\"personal\":0}]}" }, NULL);
	record_insert(a, "survey_response", "template, template_version, community, estate, surveyed_on, answers, status", 7,
	    (const char *[]){ "needs", "1", "c1", "", "2024-07-01", answers, "complete" }, rid);
	record_insert(a, "survey_response", "template, template_version, community, estate, surveyed_on, answers, status", 7,
	    (const char *[]){ "needs", "2", "c1", "", "2024-07-02", "{\"name\":\"赵六\"}", "complete" }, NULL);
	record_insert(a, "survey_response", "template, template_version, community, estate, surveyed_on, answers, status", 7,
	    (const char *[]){ "needs", "1", "c1", "", "2024-07-03", "[1]", "draft" }, NULL);
	db_exec_params(a, "INSERT INTO sync_conflict (tbl, id, clock, node, base, kind, data) VALUES ('survey_response', ?1,"
	    " '000000000000001-00000', 'n', '', 'concurrent', json_object('template', 'needs', 'template_version', '1',"
	    " 'answers', '{\"name\":\"王五\",\"age\":66}'))", 1, (const char *[]){ rid });
	record_insert(a, "entry_keying", "record_kind, record_id, pass, keyed_values, differences", 5,
	    (const char *[]){ "survey_response", rid, "2", "{\"name\":\"王伍\",\"age\":67}", "1" }, ks);
	record_insert(a, "entry_keying", "record_kind, record_id, pass, keyed_values, differences", 5,
	    (const char *[]){ "feedback", "00000000-0000-4000-8000-000000000001", "2",
	    "{\"signature\":\"张琦\",\"opinion\":\"好\"}", "2" }, kf);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ ks, "name", "王五", "王伍", "first", "王五" }, NULL);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ kf, "signature", "张琦", "張琦", "second", "張琦" }, NULL);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ kf, "opinion", "好", "很好", "second", "很好" }, NULL);
	ok(sync_export(a, f1, &o, &res, &err) == 0, "a de-identified export of survey responses is written");
	free(err);
	sync_export_result_free(&res);
	got = NULL;
	{
		sqlite3 *x = NULL;
		if (sqlite3_open_v2(f1, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
			got = db_query_text(x, "SELECT group_concat(answers, ' ') FROM (SELECT answers FROM survey_response"
			    " ORDER BY surveyed_on)", 0, NULL);
		sqlite3_close(x);
	}
	is_str(got ? got : "", "{\"age\":67,\"needs\":[\"canteen\",\"clinic\"],\"ok\":true,\"note\":null,\"where\":{\"x\":1}}"
	    " {\"name\":\"赵六\"} {}",
	    "the answers to the personal questions are left out; other answers, and another version's, stay as they were;"
	    " answers that are no object travel empty");
	free(got);
	got = NULL;
	{
		sqlite3 *x = NULL;
		if (sqlite3_open_v2(f1, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
			got = db_query_text(x, "SELECT json_extract(data, '$.answers') FROM sync_conflict", 0, NULL);
		sqlite3_close(x);
	}
	is_str(got ? got : "", "{\"age\":66}", "the conflict's copy of the response leaves them out too");
	free(got);
	got = NULL;
	{
		sqlite3 *x = NULL;
		if (sqlite3_open_v2(f1, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
			got = db_query_text(x, "SELECT (SELECT group_concat(keyed_values, ' ') FROM (SELECT keyed_values FROM entry_keying"
			    " ORDER BY record_kind)) || ' ' || (SELECT group_concat(v, ' ') FROM (SELECT field || '=' || first_value || '|'"
			    " || second_value || '|' || final_value AS v FROM entry_decision ORDER BY field))", 0, NULL);
		sqlite3_close(x);
	}
	is_str(got ? got : "", "{\"opinion\":\"好\"} {\"age\":67} name=|| opinion=好|很好|很好 signature=||",
	    "double entry's keyings and decisions leave out the same fields (a form's signature, a personal question)");
	free(got);
	is_int(office_int(a, "SELECT count(*) FROM survey_response WHERE answers LIKE '%王五%'"), 1,
	    "the office's own records keep them");
	free(f1);
	db_close(a);
}

/* The text of sql over the file at path ("" when it cannot be read). */
static char *
file_text(const char *path, const char *sql)
{
	sqlite3 *x = NULL;
	char *v = NULL;

	if (sqlite3_open_v2(path, &x, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		v = db_query_text(x, sql, 0, NULL);
	sqlite3_close(x);
	return v ? v : xstrdup("");
}

/* A personal question inside a repeat group: its answers are stored per member ("members[2].name"),
 * and a de-identified export leaves it out for every member, in the response, in a keying, in a
 * decision and in a conflict's copy, and keeps the members' other answers. */
static void
test_deidentified_repeat(void)
{
	sqlite3 *a = office_open(dir, "A13");
	char *f1 = path_in("dr1.lcdb"), *err = NULL;
	sync_export_opts o = { NULL, false, NULL, true };
	sync_export_result res;
	char rid[UUID_TEXT_LEN], ks[UUID_TEXT_LEN];
	const char *answers = "{\"hh\":3,\"members[1].name\":\"张一\",\"members[1].age\":70,\"members[2].name\":\"张二\","
	    "\"members[2].age\":45,\"members[3].name\":\"张三\",\"members[3].age\":12,\"members[3].school\":\"实验小学\"}";

	record_insert(a, "survey_template", "form_id, version, title, languages, content_hash, definition", 6,
	    (const char *[]){ "household", "1", "家庭", "[]", "h3", "{\"questions\":[{\"name\":\"hh\"},"
	    "{\"type\":\"begin_repeat\",\"name\":\"members\"},{\"name\":\"name\",\"personal\":1},{\"name\":\"age\"},"
	    "{\"name\":\"school\",\"personal\":0},{\"type\":\"end_repeat\"}]}" }, NULL);
	record_insert(a, "survey_response", "template, template_version, community, estate, surveyed_on, answers, status", 7,
	    (const char *[]){ "household", "1", "c1", "", "2024-08-01", answers, "complete" }, rid);
	db_exec_params(a, "INSERT INTO sync_conflict (tbl, id, clock, node, base, kind, data) VALUES ('survey_response', ?1,"
	    " '000000000000001-00000', 'n', '', 'concurrent', json_object('template', 'household', 'template_version', '1',"
	    " 'answers', '{\"members[1].name\":\"张壹\",\"members[1].age\":71}'))", 1, (const char *[]){ rid });
	record_insert(a, "entry_keying", "record_kind, record_id, pass, keyed_values, differences", 5,
	    (const char *[]){ "survey_response", rid, "2", "{\"hh\":3,\"members[2].name\":\"张贰\",\"members[2].age\":45}", "1" }, ks);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ ks, "members[2].name", "张二", "张贰", "first", "张二" }, NULL);
	record_insert(a, "entry_decision", "keying_id, field, first_value, second_value, chosen, final_value", 6,
	    (const char *[]){ ks, "members[3].age", "12", "13", "first", "12" }, NULL);
	ok(sync_export(a, f1, &o, &res, &err) == 0, "a de-identified export of a household with 3 members is written");
	free(err);
	sync_export_result_free(&res);
	is_str_free(file_text(f1, "SELECT answers FROM survey_response"),
	    "{\"hh\":3,\"members[1].age\":70,\"members[2].age\":45,\"members[3].age\":12,\"members[3].school\":\"实验小学\"}",
	    "no member's name travels; every member's other answers do");
	is_str_free(file_text(f1, "SELECT json_extract(data, '$.answers') FROM sync_conflict"), "{\"members[1].age\":71}",
	    "the conflict's copy leaves the member's name out too");
	is_str_free(file_text(f1, "SELECT keyed_values FROM entry_keying"), "{\"hh\":3,\"members[2].age\":45}",
	    "so does the second keying");
	is_str_free(file_text(f1, "SELECT group_concat(v, ' ') FROM (SELECT field || '=' || first_value || '|' || second_value"
	    " || '|' || final_value AS v FROM entry_decision ORDER BY field)"), "members[2].name=|| members[3].age=12|13|12",
	    "a decision about a member's name travels empty, one about an age as it is");
	is_int(office_int(a, "SELECT count(*) FROM survey_response WHERE answers LIKE '%张三%'"), 1,
	    "the office's own record keeps the names");
	free(f1);
	db_close(a);
}

/* A concurrent version with the content of the current one is kept as 'identical', not dropped, so
 * the conflicts end the same in every order: X and Y delete one estate (the same content), P renames
 * it; F meets both deletions (X's is identical to Y's, which wins), Z restores Y's. F then takes P's
 * last file (X's deletion comes back with it, still identical to F's current) before Z's restore:
 * had F dropped X's deletion, it would end without it, while P, which never saw Y's deletion as
 * current, keeps it as a real conflict against Z's restore. */
static void
test_identical_kept(void)
{
	static const char *const names[5] = { "IX", "IY", "IP", "IF", "IZ" };
	enum { X, Y, P, F, Z };
	sqlite3 *o[5];
	char id[UUID_TEXT_LEN], *files[5], *f0 = path_in("id0.lcdb"), *fx = path_in("idx.lcdb"), *fy = path_in("idy.lcdb");
	char *e_clock, digest[5][SYNC_HASH_HEX];
	const char *p[1] = { id };
	int failures = 0;
	/* F's order puts P's file before Z's; the others take them as listed */
	static const int order_f[5] = { P, Z, X, Y, F }, order[5] = { X, Y, Z, P, F };

	for (int i = 0; i < 5; i++)
		o[i] = office_open(dir, names[i]);
	failures += estate_create(o[X], "原名小区", id) != 0 || office_export(o[X], f0, NULL, true) != 0;
	for (int i = Y; i <= Z; i++)
		failures += office_import(o[i], f0, NULL, NULL) != 0;
	failures += record_tombstone(o[X], "estate", id) != 0;
	e_clock = db_query_text(o[X], "SELECT hlc FROM estate WHERE id = ?1", 1, p);
	usleep(3000);
	failures += estate_edit(o[P], id, "改名小区") != 0;
	usleep(3000);
	failures += record_tombstone(o[Y], "estate", id) != 0;
	failures += office_export(o[X], fx, NULL, false) != 0 || office_export(o[Y], fy, NULL, false) != 0;
	failures += office_import(o[X], fy, NULL, NULL) != 0 || office_import(o[P], fx, NULL, NULL) != 0;
	failures += office_import(o[F], fx, NULL, NULL) != 0 || office_import(o[F], fy, NULL, NULL) != 0;
	failures += office_import(o[Z], fy, NULL, NULL) != 0;
	usleep(3000);
	failures += record_restore(o[Z], "estate", id) != 0;
	is_int(failures, 0, "five offices: two delete one estate, one renames it, one restores a deletion");
	{
		const char *q[2] = { id, e_clock ? e_clock : "" };
		is_str_free(db_query_text(o[F], "SELECT group_concat(kind) FROM sync_conflict WHERE id = ?1 AND clock = ?2", 2, q),
		    "identical", "F keeps X's deletion as identical to Y's, which won: no conflict to review");
		is_int(conflict_open_count(o[F]), 0, "... and counts none");
		is_str_free(db_query_text(o[P], "SELECT group_concat(kind) FROM sync_conflict WHERE id = ?1 AND clock = ?2", 2, q),
		    "concurrent", "P keeps it as a conflict against its rename");
	}
	for (int i = 0; i < 5; i++) {
		char *n = xasprintf("idfinal-%d.lcdb", i);
		files[i] = path_in(n);
		free(n);
		failures += office_export(o[i], files[i], "final", true) != 0;
	}
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < 5; k++)
			failures += office_import(o[i], files[i == F ? order_f[k] : order[k]], NULL, NULL) != 0;
	is_int(failures, 0, "each office takes every office's last file (F: P's before Z's)");
	for (int i = 0; i < 5; i++)
		office_digest(o[i], digest[i]);
	for (int i = 1; i < 5; i++)
		is_str(digest[i], digest[0], "office %s ends identical to %s, conflicts included", names[i], names[0]);
	{
		const char *q[2] = { id, e_clock ? e_clock : "" };
		is_str_free(db_query_text(o[F], "SELECT group_concat(kind) FROM sync_conflict WHERE id = ?1 AND clock = ?2", 2, q),
		    "concurrent", "F kept X's deletion: against Z's restore it is a conflict again, as everywhere");
	}
	is_int(office_int(o[F], "SELECT count(*) FROM estate WHERE deleted = 0 AND name = '原名小区'"), 1, "the restore won");
	for (int i = 0; i < 5; i++) {
		db_close(o[i]);
		free(files[i]);
	}
	free(e_clock);
	free(f0);
	free(fx);
	free(fy);
}

static int
count_pair(void *arg, const char *table, const char *key, const char *id_a, const char *id_b)
{
	(void)id_a;
	(void)id_b;
	if (strcmp(table, "proposal") == 0 && key && strstr(key, "001"))
		(*(int *)arg)++;
	return 0;
}

/* Count the pairs of proposals, whatever number the key shows (of a pair 001 and 1, the first by id). */
static int
count_proposal_pair(void *arg, const char *table, const char *key, const char *id_a, const char *id_b)
{
	(void)key;
	(void)id_a;
	(void)id_b;
	if (strcmp(table, "proposal") == 0)
		(*(int *)arg)++;
	return 0;
}

/* Collect "table key" of each pair, separated by newlines. */
static int
collect_pair(void *arg, const char *table, const char *key, const char *id_a, const char *id_b)
{
	char **all = arg, *more = xasprintf("%s%s %s%s\n", *all, table, key, strcmp(id_a, id_b) < 0 ? "" : " (ids out of order)");

	free(*all);
	*all = more;
	return 0;
}

/* Each office makes the same questionnaire version from its own file, and enters the same
 * facilities: pairs by form id and version, and by community, kind and name. */
static void
test_duplicates_more(void)
{
	sqlite3 *a = office_open(dir, "A13"), *b = office_open(dir, "B13");
	char *fa = path_in("u3.lcdb"), *fb = path_in("u4.lcdb"), *all = xstrdup(""), *cid;
	char c2[UUID_TEXT_LEN];
	const char *tcols = "form_id, version, title, languages, content_hash, definition";
	const char *fcols = "community, std_item, business_type, name";

	record_insert(a, "community", "code, name, subdistrict, district", 4, (const char *[]){ "C01", "滨河", "新华", "海勃湾" }, NULL);
	cid = db_query_text(a, "SELECT id FROM community", 0, NULL);
	record_insert(a, "community", "code, name, subdistrict, district", 4, (const char *[]){ "C02", "林荫", "新华", "海勃湾" }, c2);
	office_export(a, fa, NULL, false);
	office_import(b, fa, NULL, NULL);
	free(fa);
	fa = path_in("u5.lcdb");

	record_insert(a, "survey_template", tcols, 6, (const char *[]){ "needs", "1", "需求", "[]", "ha", "{\"questions\":[]}" }, NULL);
	record_insert(b, "survey_template", tcols, 6, (const char *[]){ "needs", "1", "需求调查", "[]", "hb", "{\"questions\":[]}" }, NULL);
	record_insert(b, "survey_template", tcols, 6, (const char *[]){ "needs", "2", "需求", "[]", "hc", "{\"questions\":[]}" }, NULL);
	record_insert(a, "facility", fcols, 4, (const char *[]){ cid ? cid : "", "0", "supermarket", "惠民超市" }, NULL);
	record_insert(b, "facility", fcols, 4, (const char *[]){ cid ? cid : "", "0", "supermarket", "惠民超市" }, NULL);
	record_insert(a, "facility", fcols, 4, (const char *[]){ cid ? cid : "", "3", "", "惠民超市" }, NULL);
	record_insert(b, "facility", fcols, 4, (const char *[]){ c2, "0", "supermarket", "惠民超市" }, NULL);
	record_insert(a, "facility", fcols, 4, (const char *[]){ cid ? cid : "", "3", "", "社区食堂" }, NULL);
	record_insert(b, "facility", fcols, 4, (const char *[]){ cid ? cid : "", "3", "", "社区食堂" }, NULL);
	record_insert(a, "estate", "community, name", 2, (const char *[]){ cid ? cid : "", "阳光小区" }, NULL);
	record_insert(b, "estate", "community, name", 2, (const char *[]){ cid ? cid : "", "阳光小区" }, NULL);
	record_insert(b, "estate", "community, name", 2, (const char *[]){ c2, "阳光小区" }, NULL);
	record_insert(b, "estate", "community, name", 2, (const char *[]){ cid ? cid : "", "月光小区" }, NULL);
	/* proposal 032 at one office is 32 at the other, whose list passed through a spreadsheet program */
	record_insert(a, "proposal", "kind, session, number, title, proposer, handling_unit", 6,
	    (const char *[]){ "proposal", "十届三次", "032", "修路", "张三", "商务局" }, NULL);
	record_insert(b, "proposal", "kind, session, number, title, proposer, handling_unit", 6,
	    (const char *[]){ "proposal", "十届三次", "32", "修路", "张三", "商务局" }, NULL);
	record_insert(b, "proposal", "kind, session, number, title, proposer, handling_unit", 6,
	    (const char *[]){ "proposal", "十届三次", "320", "修桥", "张三", "商务局" }, NULL);
	office_export(a, fa, NULL, false);
	office_export(b, fb, NULL, false);
	ok(office_import(a, fb, NULL, NULL) == 0, "both offices' questionnaires and facilities merge");
	is_int(sync_duplicates_each(a, collect_pair, &all), 0, "the duplicates are listed");
	is_str(all, "proposal 032 十届三次 商务局\nsurvey_template needs 1\nfacility C01 03 社区食堂\nfacility C01 supermarket 惠民超市\nestate C01 阳光小区\n",
	    "proposals 032 and 32 of one session and unit (not 320); one version of a questionnaire with two ids;"
	    " facilities of one community, kind and name (not another kind's, nor another community's); estates of one"
	    " community and name");
	free(all);
	free(cid);
	free(fa);
	free(fb);
	db_close(a);
	db_close(b);
}

/* What a destination's name may be: 1 to 100 characters (not bytes), no control characters, valid
 * UTF-8, not blank nor begun or ended by a blank. */
static void
test_dest_names(void)
{
	char hundred[305] = "", *why;
	const char *bad[] = { "", "   ", " HBW-01", "HBW-01 ", "a\tb", "\xe4\xb8", "x\xe2\x80\xaey" };

	for (int i = 0; i < 100; i++)
		strcat(hundred, "滨");
	why = sync_dest_problem(hundred);
	ok(why == NULL, "100 Chinese characters (300 bytes) are a name");
	free(why);
	strcat(hundred, "河");
	why = sync_dest_problem(hundred);
	ok(why != NULL, "101 are not");
	free(why);
	why = sync_dest_problem("滨河社区 HBW-01");
	ok(why == NULL, "a name with a blank inside is one");
	free(why);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = sync_dest_problem(bad[i]);
		ok(why != NULL, "refused: bad name %zu (%s)", i, why ? why : "accepted");
		free(why);
	}
}

static void
test_duplicates(void)
{
	sqlite3 *a = office_open(dir, "A10"), *b = office_open(dir, "B10");
	char *fa = path_in("u1.lcdb"), *fb = path_in("u2.lcdb");
	int pairs = 0;

	proposal_create(a, "张三", "1");
	proposal_create(b, "张三", "1");
	office_export(a, fa, NULL, false);
	office_export(b, fb, NULL, false);
	ok(office_import(a, fb, NULL, NULL) == 0, "two offices' copies of proposal 001 both merge, no UNIQUE index fails");
	sync_duplicates_each(a, count_pair, &pairs);
	is_int(pairs, 1, "and they are listed as one pair of possible duplicates");
	free(fa);
	free(fb);
	db_close(a);
	db_close(b);

	/* A spreadsheet program dropped the zeros of 001 at one office: 1 is the same number there (proposal.h,
	 * PROPOSAL_NUMBER_KEY_SQL), so the pair is a possible duplicate too. */
	a = office_open(dir, "A14");
	b = office_open(dir, "B14");
	fa = path_in("u14a.lcdb");
	fb = path_in("u14b.lcdb");
	pairs = 0;
	proposal_create(a, "张三", "1");
	proposal_create(b, "张三", "1");
	test_exec(b, "UPDATE proposal SET number = '1'");
	office_export(a, fa, NULL, false);
	office_export(b, fb, NULL, false);
	ok(office_import(a, fb, NULL, NULL) == 0, "proposal 001 of one office and 1 of another both merge");
	sync_duplicates_each(a, count_proposal_pair, &pairs);
	is_int(pairs, 1, "and they are listed as one pair of possible duplicates: 1 is 001 without its zeros");
	free(fa);
	free(fb);
	db_close(a);
	db_close(b);
}

static void
test_node_copies(void)
{
	char *orig = path_in("node.db"), *bk = path_in("node-backup.db"), *cp = path_in("node-copy.db");
	db_open_result r = db_open(orig, refdata_dir());
	char *n1 = r.db ? record_node_id(r.db) : NULL, *n2 = NULL, *n3 = NULL, *e;

	e = r.db ? db_vacuum_into(r.db, bk) : xstrdup("no db");
	ok(e == NULL, "backup written");
	free(e);
	db_close(r.db);
	r = db_open(bk, refdata_dir());
	n2 = r.db ? record_node_id(r.db) : NULL;
	db_close(r.db);
	ok(n1 && n2 && strcmp(n1, n2) != 0, "a restored backup writes under a new node id (%s, %s)", n1 ? n1 : "?", n2 ? n2 : "?");
	free(n2);
	r = db_open(orig, refdata_dir());
	n2 = r.db ? record_node_id(r.db) : NULL;
	db_close(r.db);
	is_str(n2, n1, "the original keeps its node id");
	copy_file(orig, cp);
	r = db_open(cp, refdata_dir());
	n3 = r.db ? record_node_id(r.db) : NULL;
	db_close(r.db);
	ok(n3 && n1 && strcmp(n3, n1) != 0, "a database copied to another file gets a new node id");
	free(n1); free(n2); free(n3);
	free(orig); free(bk); free(cp);
}

int
main(void)
{
	char tmpl[] = "/tmp/lc-sync-XXXXXX";

	setlocale(LC_ALL, "C.UTF-8");
	dir = mkdtemp(tmpl);
	if (!dir) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	test_basic();
	test_dest_names();
	test_chain_and_concurrent();
	test_chain_without_trigger();
	test_tombstone();
	test_same_clock();
	test_base_node();
	test_future();
	test_hostile();
	test_encrypted();
	test_deidentified();
	test_duplicates();
	test_derived();
	test_deidentified_answers();
	test_deidentified_repeat();
	test_identical_kept();
	test_duplicates_more();
	test_node_copies();
	rm_rf(dir);
	return tap_done();
}
