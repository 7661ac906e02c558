/* db.h - opening the lifecircle database: checks, pragmas, migrations, reference data. */
#ifndef LC_DB_H
#define LC_DB_H

#include <sqlite3.h>
#include <stdbool.h>

/* PRAGMA application_id of every lifecircle database ("LCIR"). */
#define DB_APPLICATION_ID 0x4C434952

/* Result of db_open: a usable handle, or why the file was refused. */
typedef struct db_open_result {
	sqlite3 *db;      /* NULL when refused */
	char *error;      /* heap message for the user, NULL on success */
	bool created;     /* the file did not exist before */
} db_open_result;

/* Path of the default database: $LIFECIRCLE_DB, else $XDG_DATA_HOME/lifecircle/lifecircle.db, else ~/.local/share/...; heap string, or NULL when neither XDG_DATA_HOME nor HOME is an absolute path. */
char *db_default_path(void);
/* Open (creating with mode 0600, parent 0700) and migrate path; refuse foreign or newer files untouched. datadir holds reference data files. */
db_open_result db_open(const char *path, const char *datadir);
/* Close a handle from db_open (NULL is fine). */
void db_close(sqlite3 *db);
/* Highest schema version this program knows. */
int db_schema_version(void);

/* Begin an IMMEDIATE transaction; 0 on success. */
int db_begin(sqlite3 *db);
/* Commit; 0 on success. */
int db_commit(sqlite3 *db);
/* Roll back, ignoring errors (safe to call when no transaction is open). */
void db_rollback(sqlite3 *db);
/* Prepare sql or return NULL after storing sqlite's message for db_errmsg. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Run one statement with text parameters (NULL entries bind NULL); 0 on success. */
int db_exec_params(sqlite3 *db, const char *sql, int n, const char *const *params);
/* First column of the first row of sql with text parameters as a heap string, or NULL. */
char *db_query_text(sqlite3 *db, const char *sql, int n, const char *const *params);
/* First column of the first row of sql as an integer, or dflt when there is no row. */
long long db_query_int(sqlite3 *db, const char *sql, long long dflt);
/* Path of the file behind the main database of db (sqlite's own string). */
const char *db_filename(sqlite3 *db);

#endif
