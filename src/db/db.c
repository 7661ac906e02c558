/* db.c - opening a lifecircle database. A file is inspected before anything is written to it,
 * so a foreign or newer file is refused exactly as it was found. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "db.h"
#include "migrate.h"
#include "refdata.h"
#include "util.h"
#include "i18n.h"

/* How long a writer waits for another copy of the program holding the lock. */
#define DB_BUSY_TIMEOUT_MS 10000

char *
db_default_path(void)
{
	const char *env = getenv("LIFECIRCLE_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/lifecircle/lifecircle.db", xdg);
	/* Without a home, a default would land wherever the program was started: none then. */
	if (!home || *home != '/')
		return NULL;
	return xasprintf("%s/.local/share/lifecircle/lifecircle.db", home);
}

int
db_schema_version(void)
{
	return migrate_latest();
}

/* Make the parent directory (0700) and an empty file (0600) so sqlite never creates it with the umask's mode. */
static char *
create_file(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd;

	if (slash && slash != dir) {
		*slash = '\0';
		if (util_mkdir_p(dir, 0700) != 0) {
			char *e = xasprintf(_("cannot create the folder %s: %s"), dir, strerror(errno));
			free(dir);
			return e;
		}
	}
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return xasprintf(_("cannot create the database %s: %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return NULL;
}

static long long
pragma_int(sqlite3 *db, const char *pragma, int *rc)
{
	sqlite3_stmt *st;
	long long v = 0;

	*rc = sqlite3_prepare_v2(db, pragma, -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return 0;
	*rc = sqlite3_step(st);
	if (*rc == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return v;
}

/* Decide whether an existing file is ours, before writing anything to it. NULL if it may be used. */
static char *
check_identity(sqlite3 *db, const char *path)
{
	int rc;
	long long appid = pragma_int(db, "PRAGMA application_id", &rc);
	long long version, objects;

	if (rc != SQLITE_OK)
		return xasprintf(_("%s is not a lifecircle database (not an SQLite file, or damaged): %s"),
		    path, sqlite3_errstr(rc));
	version = pragma_int(db, "PRAGMA user_version", &rc);
	objects = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &rc);
	if (rc != SQLITE_OK)
		return xasprintf(_("%s cannot be read: %s"), path, sqlite3_errmsg(db));
	if (appid == 0 && objects == 0 && version == 0)
		return NULL; /* empty: a new file */
	if (appid != DB_APPLICATION_ID)
		return xasprintf(_("%s belongs to another program (application id %lld), not lifecircle; it was left untouched"),
		    path, appid);
	if (version > migrate_latest())
		return xasprintf(_("%s was written by a newer lifecircle (schema %lld; this one knows %d); it was left untouched"),
		    path, version, migrate_latest());
	return NULL;
}

static char *
set_pragmas(sqlite3 *db)
{
	char sql[64];

	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		return xasprintf(_("cannot turn on foreign keys: %s"), sqlite3_errmsg(db));
	/* WAL lets the list screens read while another copy writes. */
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		return xasprintf(_("cannot switch to WAL mode: %s"), sqlite3_errmsg(db));
	sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	/* Written only when missing, so opening a file a second copy is using takes no write lock. */
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", DB_APPLICATION_ID);
	if (db_query_int(db, "PRAGMA application_id", 0) != DB_APPLICATION_ID &&
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return xasprintf(_("cannot mark the file as lifecircle's: %s"), sqlite3_errmsg(db));
	return NULL;
}

static char *
load_reference(sqlite3 *db, const char *datadir)
{
	char *err = NULL;

	/* Every reference table already filled: nothing to load, no write lock to take. */
	if (db_query_int(db, "SELECT EXISTS (SELECT 1 FROM circle) AND EXISTS (SELECT 1 FROM std_goal)"
	    " AND EXISTS (SELECT 1 FROM std_item) AND EXISTS (SELECT 1 FROM std_check)"
	    " AND EXISTS (SELECT 1 FROM indicator)", 0) == 1)
		return NULL;
	if (db_begin(db) != 0)
		return xasprintf(_("cannot start loading reference data: %s"), sqlite3_errmsg(db));
	if (refdata_load(db, datadir, &err) != 0) {
		db_rollback(db);
		return err;
	}
	if (db_commit(db) != 0) {
		db_rollback(db);
		return xasprintf(_("cannot save reference data: %s"), sqlite3_errmsg(db));
	}
	return NULL;
}

db_open_result
db_open(const char *path, const char *datadir)
{
	db_open_result r = { NULL, NULL, false };
	struct stat sb;
	sqlite3 *db = NULL;
	char *err = NULL;
	int rc;

	r.created = stat(path, &sb) != 0;
	if (!r.created && !S_ISREG(sb.st_mode)) {
		r.error = xasprintf(_("%s is not a regular file"), path);
		return r;
	}
	if (r.created && (r.error = create_file(path)) != NULL)
		return r;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		r.error = xasprintf(_("cannot open %s: %s"), path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return r;
	}
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	if ((err = check_identity(db, path)) == NULL &&
	    (err = set_pragmas(db)) == NULL &&
	    (db_query_int(db, "PRAGMA user_version", -1) == migrate_latest() || migrate_apply(db, &err) == 0))
		err = load_reference(db, datadir);
	if (err) {
		sqlite3_close(db);
		r.error = err;
		return r;
	}
	r.db = db;
	return r;
}

void
db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close(db);
}

int
db_begin(sqlite3 *db)
{
	return sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
db_commit(sqlite3 *db)
{
	return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void
db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

sqlite3_stmt *
db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static sqlite3_stmt *
prepare_bound(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	for (int i = 0; st && i < n; i++) {
		int rc = params[i] ? sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT)
		                   : sqlite3_bind_null(st, i + 1);
		if (rc != SQLITE_OK) {
			sqlite3_finalize(st);
			return NULL;
		}
	}
	return st;
}

int
db_exec_params(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = prepare_bound(db, sql, n, params);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

char *
db_query_text(sqlite3 *db, const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = prepare_bound(db, sql, n, params);
	char *v = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

long long
db_query_int(sqlite3 *db, const char *sql, long long dflt)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long v = dflt;

	if (!st)
		return dflt;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *
db_filename(sqlite3 *db)
{
	const char *f = sqlite3_db_filename(db, "main");
	return f ? f : "";
}
