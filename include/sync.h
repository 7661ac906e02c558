/* sync.h - exchange of records between offices by file (.lcdb): export what changed since the
 * last export to a destination, import any number of files in any order with the same result.
 * Walks the registry of synced tables (registry.h); no curses. */
#ifndef LC_SYNC_H
#define LC_SYNC_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include "hlc.h"

/* Manifest format written into every export file (key 'format'). */
#define SYNC_FORMAT 1
/* Longest value accepted in any field of a file (bytes); a longer one refuses the file. */
#define SYNC_MAX_VALUE (1024 * 1024)
/* Hex digits of a file hash or content checksum (BLAKE2b-256). */
#define SYNC_HASH_HEX 65

typedef struct sync_export_opts {
	const char *dest;	/* destination name whose mark is used and moved; NULL: "district" */
	bool full;		/* everything, not only what changed since the last export to dest */
	const char *passphrase;	/* encrypt the file with it (NAME.lcdb.enc); NULL: a plain file */
	bool deidentify;	/* leave out personal information (sync_personal_fields); the file is marked so */
} sync_export_opts;

/* What one table contributed to a file, or what a file brought to one table. */
typedef struct sync_count {
	const char *table;	/* the registry's name (static) */
	long long rows;
} sync_count;

typedef struct sync_export_result {
	sync_count *counts;	/* one per synced table, registry order (heap) */
	int n_counts;
	long long total;
	char clock_min[HLC_TEXT_LEN], clock_max[HLC_TEXT_LEN];	/* "" when the file holds no record */
	char checksum[SYNC_HASH_HEX];
	bool deidentified;	/* personal information was left out */
} sync_export_result;

typedef struct sync_import_opts {
	bool accept_future;	/* take a file whose clocks lie more than a day ahead of now */
	int64_t now_ms;		/* the wall clock for the future check; 0: now */
	bool recheck;		/* check and merge again a file already imported (same hash); else it is only receipted */
	const char *passphrase;	/* for encrypted files; NULL: an encrypted file is refused */
} sync_import_opts;

/* The receipt of one imported file, as kept in sync_receipt. */
typedef struct sync_receipt {
	char office[64];	/* the exporting office's code (as the file says, printable ASCII) */
	char node[40];		/* its node id */
	char made_at[32];	/* when it was made (ISO 8601, as the file says) */
	char clock_min[HLC_TEXT_LEN], clock_max[HLC_TEXT_LEN];
	char hash[SYNC_HASH_HEX];	/* BLAKE2b-256 of the bytes read */
	long long new_rows, updated, known, conflicts;
} sync_receipt;

/* Write the records whose change_seq moved since the last export to o->dest (all with o->full)
 * into the new file out (must not exist; rollback-journal mode, made beside it and renamed in),
 * then remember the mark. 0, or -1 with *err (heap) and nothing written or remembered. */
/* Why name cannot be an export destination (a fresh translated message), or NULL: it must be 1 to 100
 * characters of valid UTF-8 with no control characters, not blank and not begun or ended by a blank
 * (it keys what was sent there, and is shown). */
char *sync_dest_problem(const char *name);
int sync_export(sqlite3 *db, const char *out, const sync_export_opts *o, sync_export_result *r, char **err);
/* The personal fields an export carries unless de-identified: "table.column, ..." of the synced
 * tables that have them, and the survey answers to the questions marked personal (heap; "" when none). */
char *sync_personal_fields(void);
/* The same as people read it, in language lang: "建议提案：联系电话；调查问卷：受访者姓名、联系电话（按问卷模板标为个人信息的问题）",
 * a survey's personal questions by their labels in db's templates (a few, then how many in all). Fresh; "" when none. */
char *sync_personal_labels(sqlite3 *db, const char *lang);
/* Free what sync_export put in r. */
void sync_export_result_free(sync_export_result *r);
/* A new file name in dir that a person can tell apart: OFFICE-YYYYMMDD-NNN.lcdb (.lcdb.enc when
 * encrypted) (the first
 * sequence not taken); heap. */
char *sync_export_name(sqlite3 *db, const char *dir, bool encrypted);
/* Check the file at path (a private copy is made first) and merge it in one transaction, keeping
 * a receipt. 0 merged (r filled); -1 refused or failed with *err (heap) naming the check and why,
 * and the database unchanged. */
int sync_import(sqlite3 *db, const char *path, const sync_import_opts *o, sync_receipt *r, char **err);
/* Call fn for each receipt, oldest first (file name, imported at, and the receipt); 0 or -1. */
int sync_receipts_each(sqlite3 *db, int (*fn)(void *arg, const char *file, const char *imported_at,
    const sync_receipt *r), void *arg);
/* Call fn for each pair of live records of one kind that share a natural key (a community code;
 * a proposal's number, session and handling unit; a questionnaire's form id and version; a facility's
 * community, kind and name): possible duplicates made at two offices, for a
 * person to merge. 0 or -1. */
int sync_duplicates_each(sqlite3 *db, int (*fn)(void *arg, const char *table, const char *key, const char *id_a,
    const char *id_b), void *arg);
/* BLAKE2b-256 (hex) of every synced record's exchanged columns in id order and of the conflicts
 * table: equal in two databases exactly when they hold the same records and conflicts. */
int sync_digest(sqlite3 *db, char out[SYNC_HASH_HEX]);

#endif
