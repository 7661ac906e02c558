/* test_db.c - db_open creates private files, sets its pragmas, migrates and loads the reference
 * data once; it refuses foreign, newer, damaged and odd files (and a stray -wal) without touching a
 * byte; db_open_file only opens; two first starts at once both succeed; saving says why it failed;
 * two copies of the program wait for each other's writes; parameters are bound, never pasted into SQL. */
#include "config.h"
#include <ftw.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "refdata.h"
#include "settings.h"
#include "util.h"

static const char *datadir;

/* ---- helpers ---------------------------------------------------------------------------- */

static int
mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static bool
exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Run sql on db, printing sqlite's message on failure; true on success. */
static bool
exec(sqlite3 *db, const char *sql)
{
	char *e = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &e) != SQLITE_OK) {
		printf("# %s: %s\n", sql, e ? e : "?");
		sqlite3_free(e);
		return false;
	}
	return true;
}

/* Make an SQLite file at path with the plain sqlite3 API, running sql in it. */
static bool
make_sqlite_file(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	bool good = sqlite3_open(path, &db) == SQLITE_OK && exec(db, sql);

	sqlite3_close(db);
	return good;
}

static long long
count_rows(sqlite3 *db, const char *table)
{
	char *sql = xasprintf("SELECT count(*) FROM %s", table);
	long long n = db_query_int(db, sql, -1);

	free(sql);
	return n;
}

/* Open path, reporting the error when it fails. */
static db_open_result
open_ok(const char *path, const char *what)
{
	db_open_result r = db_open(path, datadir);

	if (!ok(r.db != NULL && r.error == NULL, "%s: db_open succeeds", what))
		printf("# %s\n", r.error ? r.error : "(no message)");
	return r;
}

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- creating ---------------------------------------------------------------------------- */

static void
check_reference_counts(sqlite3 *db, const char *what)
{
	is_int(count_rows(db, "circle"), 8, "%s: 8 circles", what);
	is_int(count_rows(db, "std_item"), 20, "%s: 20 standard items", what);
	is_int(count_rows(db, "indicator"), 9, "%s: 9 indicators", what);
}

static void
test_create(const char *root)
{
	char *dir1 = xasprintf("%s/new", root), *dir2 = xasprintf("%s/new/sub", root);
	char *path = xasprintf("%s/new/sub/life.db", root), *wal = xasprintf("%s-wal", path);
	char *mode = NULL;
	mode_t old_mask = umask(022);
	db_open_result r = open_ok(path, "new file in missing folders");
	long long checks;

	umask(old_mask);
	if (!r.db)
		goto out;
	ok(r.created, "created is true for a new file");
	is_int(mode_of(dir1), 0700, "missing parent made with 0700");
	is_int(mode_of(dir2), 0700, "missing folder made with 0700");
	is_int(mode_of(path), 0600, "database file made with 0600");
	if (exists(wal))
		is_int(mode_of(wal), 0600, "the -wal file is 0600 as well");
	mode = db_query_text(r.db, "PRAGMA journal_mode", 0, NULL);
	is_str(mode, "wal", "journal_mode is wal");
	is_int(db_query_int(r.db, "PRAGMA foreign_keys", -1), 1, "foreign_keys is on");
	is_int(db_query_int(r.db, "PRAGMA application_id", -1), DB_APPLICATION_ID, "application_id is LCIR");
	is_int(db_query_int(r.db, "PRAGMA user_version", -1), db_schema_version(), "user_version is the schema version");
	ok(db_schema_version() >= 1, "schema version is at least 1");
	check_reference_counts(r.db, "first open");
	checks = count_rows(r.db, "std_check");
	ok(strstr(db_filename(r.db), "new/sub/life.db") != NULL, "db_filename names the file");
	db_close(r.db);
	free(r.error);

	r = open_ok(path, "reopen");
	if (r.db) {
		ok(!r.created, "created is false on reopen");
		check_reference_counts(r.db, "reopen");
		is_int(count_rows(r.db, "std_check"), checks, "reopen: checks not loaded twice");
		is_int(db_query_int(r.db, "PRAGMA user_version", -1), db_schema_version(), "reopen: same version");
		db_close(r.db);
	}
	free(r.error);
out:
	free(mode);
	free(wal);
	free(path);
	free(dir2);
	free(dir1);
}

/* ---- refusals ---------------------------------------------------------------------------- */

/* db_open must refuse path with a message containing want, leaving the file as it was. */
static void
expect_refused(const char *path, const char *want, const char *what)
{
	size_t len_before, len_after;
	char *before = slurp(path, &len_before), *after;
	char *wal = xasprintf("%s-wal", path), *journal = xasprintf("%s-journal", path);
	char *shm = xasprintf("%s-shm", path);
	db_open_result r = db_open(path, datadir);

	ok(r.db == NULL, "%s: refused", what);
	ok(r.error != NULL && strstr(r.error, want) != NULL, "%s: message says \"%s\"", what, want);
	ok(r.error != NULL && strstr(r.error, path) != NULL, "%s: message names the file", what);
	if (r.error)
		printf("# %s\n", r.error);
	ok(!r.created, "%s: created is false", what);
	after = slurp(path, &len_after);
	ok(before && after && len_before == len_after && memcmp(before, after, len_before) == 0,
	    "%s: file unchanged byte for byte (%zu bytes)", what, len_before);
	ok(!exists(wal) && !exists(journal) && !exists(shm), "%s: no -wal, -shm or -journal left behind", what);
	db_close(r.db);
	free(r.error);
	free(after);
	free(before);
	free(shm);
	free(journal);
	free(wal);
}

static void
test_refusals(const char *root)
{
	char *foreign = xasprintf("%s/foreign.db", root), *zero_id = xasprintf("%s/zero.db", root);
	char *newer = xasprintf("%s/newer.db", root), *noise = xasprintf("%s/noise.db", root);
	char *text = xasprintf("%s/notes.txt", root), *sql;
	unsigned char bytes[8192];
	static const char notes[] = "This is a text file, not a database.\n这不是数据库。\n";
	db_open_result r;

	ok(make_sqlite_file(foreign, "CREATE TABLE t (a, b); INSERT INTO t VALUES (1, 'x');"
	    " PRAGMA application_id = 1234;"), "foreign SQLite file made");
	expect_refused(foreign, "another program", "application_id 1234");

	ok(make_sqlite_file(zero_id, "CREATE TABLE t (a); INSERT INTO t VALUES (1);"), "SQLite file without id made");
	expect_refused(zero_id, "another program", "application_id 0 with a table");

	r = open_ok(newer, "file to be made newer");
	db_close(r.db);
	free(r.error);
	sql = xasprintf("PRAGMA user_version = %d;", db_schema_version() + 1);
	ok(make_sqlite_file(newer, sql), "user_version set one past ours");
	free(sql);
	expect_refused(newer, "newer", "newer schema");

	util_random_bytes(bytes, sizeof bytes);
	ok(spew(noise, bytes, sizeof bytes), "random file made");
	expect_refused(noise, "not a lifecircle database", "random bytes");

	ok(spew(text, notes, sizeof notes - 1), "text file made");
	expect_refused(text, "not a lifecircle database", "text file");

	r = db_open(root, datadir);
	ok(r.db == NULL && r.error && strstr(r.error, "not a regular file"), "a directory is refused");
	if (r.error)
		printf("# %s\n", r.error);
	db_close(r.db);
	free(r.error);

	free(text);
	free(noise);
	free(newer);
	free(zero_id);
	free(foreign);
}

/* Copy the data files except the one named missing into dir. */
static bool
copy_data_without(const char *dir, const char *missing)
{
	static const char *const files[] = { "circles.tsv", "standard_goals.tsv", "standard_items.tsv",
		"standard_checks.tsv", "indicators.tsv" };
	bool good = true;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char *from, *to, *buf;
		size_t len;

		if (strcmp(files[i], missing) == 0)
			continue;
		from = xasprintf("%s/%s", datadir, files[i]);
		to = xasprintf("%s/%s", dir, files[i]);
		buf = slurp(from, &len);
		good = good && buf && spew(to, buf, len);
		free(buf);
		free(to);
		free(from);
	}
	return good;
}

static void
test_missing_data(const char *root)
{
	char *data = xasprintf("%s/data", root), *path = xasprintf("%s/nodata.db", root);
	db_open_result r;
	sqlite3 *raw = NULL;

	ok(mkdir(data, 0700) == 0 && copy_data_without(data, "indicators.tsv"), "data folder without indicators.tsv");
	r = db_open(path, data);
	ok(r.db == NULL, "missing data file: refused");
	ok(r.error && strstr(r.error, "indicators.tsv"), "missing data file: message names the file");
	if (r.error)
		printf("# %s\n", r.error);
	db_close(r.db);
	free(r.error);
	if (ok(sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "the new file can be read")) {
		long long n = db_query_int(raw, "SELECT (SELECT count(*) FROM circle) + (SELECT count(*) FROM std_goal)"
		    " + (SELECT count(*) FROM std_item) + (SELECT count(*) FROM std_check)"
		    " + (SELECT count(*) FROM indicator)", -1);
		is_int(n, 0, "no reference rows were kept");
	}
	sqlite3_close(raw);
	free(path);
	free(data);
}

/* ---- opening only opens ------------------------------------------------------------------ */

/* Byte-identity of a file and the files beside it, kept to compare later. */
typedef struct kept {
	char *name[4];
	char *bytes[4];
	size_t len[4];
} kept;

static void
keep(kept *k, const char *path)
{
	static const char *const sfx[4] = { "", "-wal", "-shm", "-journal" };

	for (int i = 0; i < 4; i++) {
		k->name[i] = xasprintf("%s%s", path, sfx[i]);
		k->bytes[i] = slurp(k->name[i], &k->len[i]);
	}
}

/* True when every file is as kept (and one that was absent still is); frees k. */
static bool
same_as_kept(kept *k)
{
	bool same = true;

	for (int i = 0; i < 4; i++) {
		size_t len;
		char *now = slurp(k->name[i], &len);
		if (!k->bytes[i] != !now || (now && (len != k->len[i] || memcmp(now, k->bytes[i], len) != 0))) {
			printf("# %s changed\n", k->name[i]);
			same = false;
		}
		free(now);
		free(k->bytes[i]);
		free(k->name[i]);
	}
	return same;
}

static void
test_plain_open(const char *root)
{
	char *good = xasprintf("%s/plain.db", root), *old = xasprintf("%s/old.db", root);
	char *missing = xasprintf("%s/nothere/x.db", root), *sql;
	db_open_result r = open_ok(good, "a database for plain opens");
	int on = 0;
	kept k;

	if (r.db) {
		ok(sqlite3_db_config(r.db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on) == SQLITE_OK && on == 1,
		    "the program's open turns SQLITE_DBCONFIG_DEFENSIVE on");
		ok(!db_is_readonly(r.db), "a writable file is not read-only");
	}
	db_close(r.db);
	free(r.error);

	keep(&k, good);
	r = db_open_file(good, DB_OPEN_READONLY);
	ok(r.db != NULL, "db_open_file opens our file");
	if (r.db) {
		ok(db_is_readonly(r.db) && r.readonly, "... read-only");
		ok(sqlite3_exec(r.db, "CREATE TABLE x (a)", NULL, NULL, NULL) != SQLITE_OK, "... and refuses a write");
		ok(strstr(db_error_text(r.db), "read-only") != NULL, "db_error_text says read-only (%s)", db_error_text(r.db));
		is_int(db_query_int(r.db, "SELECT count(*) FROM circle", -1), 8, "... and reads it");
	}
	db_close(r.db);
	free(r.error);
	ok(same_as_kept(&k), "after a plain open the file and the files beside it are byte-identical");

	sql = xasprintf("PRAGMA application_id = %d; CREATE TABLE settings (key, value);", DB_APPLICATION_ID);
	ok(make_sqlite_file(old, sql), "a file of ours at schema 0 made");
	free(sql);
	keep(&k, old);
	r = db_open_file(old, 0);
	ok(r.db != NULL, "db_open_file opens a file of an older schema");
	if (r.db)
		is_int(db_query_int(r.db, "PRAGMA user_version", -1), 0, "... without migrating it");
	db_close(r.db);
	free(r.error);
	ok(same_as_kept(&k), "... and leaves it byte-identical");

	r = db_open_office(missing, datadir, 0);
	ok(r.db == NULL && r.missing && r.error && strstr(r.error, "does not exist"),
	    "db_open_office without DB_OPEN_CREATE: a missing file is refused as missing");
	db_close(r.db);
	free(r.error);
	sql = xasprintf("%s/nothere", root);
	ok(!exists(missing) && !exists(sql), "... and nothing is created, not even its folder");
	free(sql);
	r = db_open_file(missing, 0);
	ok(r.db == NULL && r.missing, "db_open_file of a missing file: missing");
	free(r.error);
	free(missing);
	free(old);
	free(good);
}

/* ---- files beside a file ----------------------------------------------------------------- */

/* A -wal from another database (application id 1234) at dest. */
static bool
make_foreign_wal(const char *root, const char *dest)
{
	char *src = xasprintf("%s/walsrc.db", root), *wal = xasprintf("%s-wal", src);
	sqlite3 *db = NULL;
	bool good = sqlite3_open(src, &db) == SQLITE_OK &&
	    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) == SQLITE_OK &&
	    exec(db, "PRAGMA journal_mode = WAL; PRAGMA application_id = 1234; CREATE TABLE t (a);"
	        " INSERT INTO t VALUES ('x');");

	sqlite3_close(db);
	good = good && rename(wal, dest) == 0;
	free(wal);
	free(src);
	return good;
}

static void
test_beside(const char *root)
{
	char *good = xasprintf("%s/beside.db", root), *wal = xasprintf("%s-wal", good);
	char *one = xasprintf("%s/one.db", root), *damaged = xasprintf("%s/damaged.db", root), *problems;
	db_open_result r = open_ok(good, "a good database");
	sqlite3 *raw = NULL;
	kept k;

	db_close(r.db);
	free(r.error);
	ok(make_foreign_wal(root, wal), "another database's -wal put beside it");
	keep(&k, good);
	r = db_open(good, datadir);
	ok(r.db == NULL && r.error && strstr(r.error, "-wal") && strstr(r.error, "another program"),
	    "a stray -wal of another program's database is refused");
	if (r.error)
		printf("# %s\n", r.error);
	db_close(r.db);
	free(r.error);
	ok(same_as_kept(&k), "the file and the stray -wal are byte-identical");
	unlink(wal);
	r = open_ok(good, "without the stray -wal");
	db_close(r.db);
	free(r.error);

	ok(spew(one, "x", 1), "1-byte file made");
	expect_refused(one, "not a lifecircle database", "1-byte file");

	r = open_ok(damaged, "a database to damage");
	if (r.db) {
		ok(db_check_integrity(r.db) == NULL, "db_check_integrity: a good file has no problems");
		db_close(r.db);
	}
	free(r.error);
	ok(sqlite3_open(damaged, &raw) == SQLITE_OK && exec(raw, "DROP TABLE facility"), "table facility dropped");
	sqlite3_close(raw);
	r = db_open(damaged, datadir);
	ok(r.db == NULL && r.error && strstr(r.error, "damaged") && strstr(r.error, "facility"),
	    "the program's open calls a file without its facility table damaged and names it");
	if (r.error)
		printf("# %s\n", r.error);
	free(r.error);
	r = db_open_file(damaged, DB_OPEN_READONLY);
	problems = r.db ? db_check_integrity(r.db) : NULL;
	ok(problems && strstr(problems, "facility"), "db_check_integrity names the missing table");
	free(problems);
	db_close(r.db);
	free(r.error);
	free(damaged);
	free(one);
	free(wal);
	free(good);
}

/* Two processes make the same new database at the same moment, 20 times: both always succeed. */
static void
test_first_start_race(const char *root)
{
	int failures = 0;

	for (int i = 0; i < 20; i++) {
		char *path = xasprintf("%s/race%d.db", root, i);
		pid_t pid[2];
		if (i % 2)
			spew(path, "", 0);
		for (int c = 0; c < 2; c++) {
			pid[c] = fork();
			if (pid[c] == 0) {
				db_open_result r = db_open(path, datadir);
				if (!r.db)
					printf("# race %d: %s\n", i, r.error ? r.error : "?");
				fflush(stdout);
				_exit(r.db ? 0 : 1);
			}
		}
		for (int c = 0; c < 2; c++) {
			int st = 1;
			if (pid[c] < 0 || waitpid(pid[c], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
				failures++;
		}
		free(path);
	}
	is_int(failures, 0, "40 opens of 20 new files, two at a time, all succeed");
}

/* Saving says in plain words why it failed: a full disk (max_page_count stands in for one) and a
 * file opened read-only. */
static void
test_save_errors(const char *root)
{
	char *path = xasprintf("%s/full.db", root);
	db_open_result r = open_ok(path, "a database to fill");
	char *err = NULL, *big = xmalloc(4000);
	office_identity id = { "滨河社区", "", "海勃湾区", "HBW-0101", "张琦", "", "", "", "" };
	char sql[64];

	if (!r.db)
		goto out;
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", db_query_int(r.db, "PRAGMA page_count", 0));
	ok(exec(r.db, sql), "the file may not grow");
	memset(big, 'x', 3999);
	big[3999] = '\0';
	{
		int n = 0, fails = 0;
		/* Fill the pages' last free bytes too: values of shrinking size until none fits. */
		for (size_t len = 3999; len >= 10; len /= 4) {
			big[len] = '\0';
			for (int i = 0; i < 2000; i++, n++) {
				char key[32];
				snprintf(key, sizeof key, "fill%d", n);
				if (settings_set(r.db, key, big) != 0) {
					fails++;
					break;
				}
			}
		}
		ok(fails == 5, "the file is full (%d values fitted)", n);
	}
	ok(settings_identity_save(r.db, &id, &err) != 0, "saving the identity on a full disk fails");
	ok(err && strstr(err, "disk is full"), "... and says the disk is full (%s)", err ? err : "?");
	free(err);
	err = NULL;
	db_close(r.db);
	r = db_open_office(path, datadir, DB_OPEN_READONLY);
	if (ok(r.db && r.readonly && db_is_readonly(r.db), "DB_OPEN_READONLY opens the program's way, read-only")) {
		ok(settings_identity_save(r.db, &id, &err) != 0, "saving into it fails");
		ok(err && strstr(err, "read-only"), "... and says the file is read-only (%s)", err ? err : "?");
		free(err);
	}
	db_close(r.db);
out:
	free(r.error);
	free(big);
	free(path);
}

/* ---- two handles ------------------------------------------------------------------------- */

struct committer {
	sqlite3 *db;
	int rc;
};

/* Hold the write lock a while, then commit. */
static void *
commit_later(void *arg)
{
	struct committer *c = arg;

	usleep(400 * 1000);
	c->rc = db_commit(c->db);
	return NULL;
}

static void
test_busy(const char *root)
{
	char *path = xasprintf("%s/shared.db", root);
	db_open_result a = open_ok(path, "first handle"), b = open_ok(path, "second handle");
	struct committer c;
	pthread_t th;
	double t0, waited;
	char *v;

	if (!a.db || !b.db)
		goto out;
	is_int(db_begin(a.db), 0, "first handle holds BEGIN IMMEDIATE");
	is_int(settings_set(a.db, "writer", "a"), 0, "first handle writes inside its transaction");
	c.db = a.db;
	c.rc = -1;
	if (!ok(pthread_create(&th, NULL, commit_later, &c) == 0, "committer thread started"))
		goto out;
	t0 = seconds_now();
	is_int(settings_set(b.db, "writer2", "b"), 0, "a write on the second handle succeeds");
	waited = seconds_now() - t0;
	pthread_join(th, NULL);
	is_int(c.rc, 0, "first handle committed");
	ok(waited >= 0.2, "the second write waited for the lock (%.3f s)", waited);
	v = settings_get(b.db, "writer");
	is_str(v, "a", "second handle sees the first one's write");
	free(v);
	v = settings_get(a.db, "writer2");
	is_str(v, "b", "first handle sees the second one's write");
	free(v);
out:
	db_close(b.db);
	db_close(a.db);
	free(b.error);
	free(a.error);
	free(path);
}

/* ---- parameters -------------------------------------------------------------------------- */

struct pair_row {
	char *text;
	long long i;
	int untouched;
};

/* db_read_rows' fill for the test: the text and number, the number added to *ud. */
static void
fill_pair_row(sqlite3_stmt *st, void *row, void *ud)
{
	struct pair_row *p = row;

	p->text = db_column_dup(st, 0);
	p->i = sqlite3_column_int64(st, 1);
	*(long long *)ud += p->i;
}

static void
test_params(const char *root)
{
	static const char evil[] = "O'Brien'); DROP TABLE settings; --";
	char *path = xasprintf("%s/params.db", root), *v;
	db_open_result r = open_ok(path, "params");
	const char *p[2] = { "evil", evil };
	const char *q[1] = { "evil" };
	const char *null_param[1] = { NULL };
	sqlite3_stmt *st;

	if (!r.db)
		goto out;
	is_int(db_exec_params(r.db, "INSERT INTO settings (key, value) VALUES (?1, ?2)", 2, p), 0,
	    "db_exec_params inserts a value with quotes and SQL in it");
	v = db_query_text(r.db, "SELECT value FROM settings WHERE key = ?1", 1, q);
	is_str(v, evil, "the value round-trips literally");
	free(v);
	is_int(count_rows(r.db, "settings WHERE key = 'evil'"), 1, "the settings table is still there");
	v = db_query_text(r.db, "SELECT ?1 IS NULL", 1, null_param);
	is_str(v, "1", "a NULL parameter binds NULL");
	free(v);
	ok(db_query_text(r.db, "SELECT value FROM settings WHERE key = ?1", 1, null_param) == NULL,
	    "db_query_text gives NULL when there is no row");
	ok(db_query_text(r.db, "SELECT NULL", 0, NULL) == NULL, "db_query_text gives NULL for a NULL value");
	v = db_query_text(r.db, "SELECT ''", 0, NULL);
	is_str(v, "", "db_query_text gives an empty string for ''");
	free(v);
	is_int(db_query_int(r.db, "SELECT 1 WHERE 0", 77), 77, "db_query_int gives the default without a row");
	{
		char **a = xcalloc(1, sizeof *a), **b = xcalloc(1, sizeof *b);
		size_t n = 0;

		a[n] = xstrdup("first");
		b[n++] = xstrdup("kept");
		is_int(db_query_pairs(r.db, "SELECT 'x', 1 UNION ALL SELECT 'y', NULL ORDER BY 1", &a, &b, &n), 0,
		    "db_query_pairs reads two rows");
		is_int((long long)n, 3, "appended after what was there");
		is_str(a[0], "first", "the caller's first pair is kept");
		is_str(a[1], "x", "first column of the first row");
		is_str(b[1], "1", "second column as text");
		is_str(b[2], "", "NULL as an empty string");
		is_int(db_query_pairs(r.db, "SELECT nonsense FROM", &a, &b, &n), -1, "db_query_pairs fails on bad SQL");
		is_int((long long)n, 3, "and adds nothing");
		db_pairs_free(a, b, n);
	}
	{
		/* db_read_rows: one zeroed element per row, grown past its first 16, fill's ud passed on. */
		struct pair_row *rows = NULL;
		void *got = NULL;
		size_t n = 0;
		long long sum = 0;

		st = db_prepare(r.db, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 40)"
		    " SELECT CASE i WHEN 7 THEN NULL ELSE 'r' || i END, i FROM c");
		is_int(db_read_rows(st, &got, &n, sizeof *rows, fill_pair_row, &sum), 0, "db_read_rows reads 40 rows");
		rows = got;
		is_int((long long)n, 40, "... all 40");
		is_str(rows[0].text, "r1", "the first row's text");
		is_str(rows[6].text, "", "NULL as an empty string (db_column_dup)");
		is_int(rows[39].i, 40, "the last row's number");
		ok(rows[39].untouched == 0, "each element zeroed before fill");
		is_int(sum, 820, "fill got the caller's ud");
		st = db_prepare(r.db, "SELECT 'x', json_extract('{', '$')");
		is_int(db_read_rows(st, &got, &n, sizeof *rows, fill_pair_row, &sum), -1, "a failing step gives -1");
		rows = got;
		for (size_t i = 0; i < n; i++)
			free(rows[i].text);
		free(rows);
	}
	is_int(db_query_int(r.db, "SELECT nonsense FROM", 78), 78, "db_query_int gives the default on bad SQL");
	ok(db_prepare(r.db, "SELEKT 1") == NULL, "db_prepare gives NULL on bad SQL");
	st = db_prepare(r.db, "SELECT 1");
	ok(st != NULL, "db_prepare prepares good SQL");
	sqlite3_finalize(st);
	is_int(db_exec_params(r.db, "INSERT INTO settings (key, value) VALUES (?1, ?2)", 2, p), -1,
	    "db_exec_params reports a constraint failure");
	p[1] = NULL;
	is_int(db_exec_params(r.db, "INSERT INTO settings (key, value) VALUES ('n', ?1)", 1, &p[1]), -1,
	    "a NULL into a NOT NULL column fails");
	db_rollback(r.db);
	ok(sqlite3_get_autocommit(r.db), "db_rollback without a transaction is harmless");
	is_int(db_begin(r.db), 0, "db_begin");
	settings_set(r.db, "rolled", "back");
	db_rollback(r.db);
	ok(settings_get(r.db, "rolled") == NULL, "db_rollback undoes the transaction");
	db_close(r.db);
out:
	free(r.error);
	free(path);
}

/* ---- default path ------------------------------------------------------------------------ */

static void
set_or_unset(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void
is_default_path(const char *db, const char *xdg, const char *home, const char *want, const char *what)
{
	char *got;

	set_or_unset("LIFECIRCLE_DB", db);
	set_or_unset("XDG_DATA_HOME", xdg);
	set_or_unset("HOME", home);
	got = db_default_path();
	is_str(got, want, "db_default_path: %s", what);
	free(got);
}

static void
test_default_path(void)
{
	static const char *const names[] = { "LIFECIRCLE_DB", "XDG_DATA_HOME", "HOME" };
	char *saved[3];

	for (int i = 0; i < 3; i++)
		saved[i] = xstrdup(getenv(names[i]));
	is_default_path("/x/my.db", "/xdg", "/home/u", "/x/my.db", "LIFECIRCLE_DB first");
	is_default_path("", "/xdg", "/home/u", "/xdg/lifecircle/lifecircle.db", "empty LIFECIRCLE_DB is ignored");
	is_default_path(NULL, "/xdg", "/home/u", "/xdg/lifecircle/lifecircle.db", "then XDG_DATA_HOME");
	is_default_path(NULL, "rel/dir", "/home/u", "/home/u/.local/share/lifecircle/lifecircle.db",
	    "a relative XDG_DATA_HOME is ignored");
	is_default_path(NULL, NULL, "/home/u", "/home/u/.local/share/lifecircle/lifecircle.db", "then HOME");
	is_default_path(NULL, NULL, NULL, NULL, "none without HOME and XDG_DATA_HOME (never one in the current folder)");
	is_default_path(NULL, NULL, "", NULL, "none with an empty HOME");
	is_default_path(NULL, "rel", "rel/home", NULL, "none with relative folders only");
	for (int i = 0; i < 3; i++) {
		set_or_unset(names[i], saved[i]);
		free(saved[i]);
	}
}

int
main(void)
{
	char tmpl[] = "/tmp/test_db.XXXXXX";
	char *root;

	setlocale(LC_ALL, "C.UTF-8");
	datadir = getenv("LIFECIRCLE_DATADIR");
	if (!datadir || !*datadir)
		datadir = "data";
	root = mkdtemp(tmpl);
	if (!ok(root != NULL, "temporary directory"))
		return tap_done();
	test_create(root);
	test_refusals(root);
	test_missing_data(root);
	test_plain_open(root);
	test_beside(root);
	test_first_start_race(root);
	test_save_errors(root);
	test_busy(root);
	test_params(root);
	test_default_path();
	rm_rf(root);
	ok(!exists(root), "temporary directory removed");
	return tap_done();
}
