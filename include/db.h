/* db.h - opening the lifecircle database: a plain open that only checks and opens, and the
 * program's own open that then migrates and loads reference data. */
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
	bool created;     /* the file did not exist before (this call made it) */
	bool missing;     /* refused because the file does not exist */
	bool readonly;    /* opened read-only (asked for, or the file or its folder cannot be written) */
} db_open_result;

/* Flags of db_open_file and db_open_office. */
enum {
	DB_OPEN_READONLY = 1,  /* never write, even when the file could be written */
	DB_OPEN_CREATE = 2     /* db_open_office: make a missing file (and its folders) */
};

/* Path of the default database: $LIFECIRCLE_DB, else $XDG_DATA_HOME/lifecircle/lifecircle.db, else ~/.local/share/...; heap string, or NULL when neither XDG_DATA_HOME nor HOME is an absolute path. */
char *db_default_path(void);
/* Plain open of an existing file: header, -wal and identity checks, connection pragmas; never creates, migrates, loads or writes (query_only; a -wal found beside it is not merged on close). Older schemas are accepted. flags: DB_OPEN_READONLY (implied). */
db_open_result db_open_file(const char *path, unsigned flags);
/* The program's own open: db_open_file's checks, then (unless read-only) WAL mode, migrations and reference data from datadir. A missing file is made (0600, folders 0700) only with DB_OPEN_CREATE. A file or folder that cannot be written is opened read-only. */
db_open_result db_open_office(const char *path, const char *datadir, unsigned flags);
/* db_open_office(path, datadir, DB_OPEN_CREATE). */
db_open_result db_open(const char *path, const char *datadir);
/* True when db was opened read-only (nothing can be saved). */
bool db_is_readonly(sqlite3 *db);
/* Copy db into the new or empty file path (VACUUM INTO, also from a plain read-only open); NULL on success, else why (heap). */
char *db_vacuum_into(sqlite3 *db, const char *path);
/* A plain message for the user about db's last error: read-only, disk full, busy, damaged, or SQLite's own text. */
const char *db_error_text(sqlite3 *db);
/* PRAGMA integrity_check, foreign_key_check and missing schema objects: NULL when all is well, else the problems one a line (heap). */
char *db_check_integrity(sqlite3 *db);
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
/* Run fn(db, ud, err) inside one transaction: committed when it returns 0, else rolled back. *err is
 * NULL first; when the transaction cannot begin or commit it says so (heap, translated). fn's result,
 * or -1. */
int db_in_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *ud, char **err), void *ud, char **err);
/* Prepare sql or return NULL after storing sqlite's message for db_errmsg. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Run one statement with text parameters (NULL entries bind NULL); 0 on success. */
int db_exec_params(sqlite3 *db, const char *sql, int n, const char *const *params);
/* First column of the first row of sql with text parameters as a heap string, or NULL. */
char *db_query_text(sqlite3 *db, const char *sql, int n, const char *const *params);
/* First column of the first row of sql as an integer, or dflt when there is no row. */
long long db_query_int(sqlite3 *db, const char *sql, long long dflt);
/* The first two columns of sql's rows as text (NULL as "") appended to the heap arrays *a and *b, *n
 * counting them (start with NULL, NULL, 0 or what a caller put first); 0, or -1 when sql fails. */
int db_query_pairs(sqlite3 *db, const char *sql, char ***a, char ***b, size_t *n);
/* Free the n strings of a and of b and the arrays (db_query_pairs'). */
void db_pairs_free(char **a, char **b, size_t n);
/* Column i of st's current row as a fresh heap string ("" for NULL). */
char *db_column_dup(sqlite3_stmt *st, int i);
/* Step st to its end, appending to the heap array *rows (*n elements of size bytes; start with NULL
 * and 0) one zeroed element per row, which fill(st, element, ud) fills. Finalizes st. 0, or -1 when a
 * step fails (the rows read so far stay in *rows for the caller to free). */
int db_read_rows(sqlite3_stmt *st, void **rows, size_t *n, size_t size, void (*fill)(sqlite3_stmt *st, void *row, void *ud),
    void *ud);
/* Path of the file behind the main database of db (sqlite's own string). */
const char *db_filename(sqlite3 *db);

#endif
