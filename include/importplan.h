/* importplan.h - what every spreadsheet import shares (proposals in propimport.h, communities and
 * facilities in facimport.h): the row statuses of a plan, reading a file's header and rows through
 * the one reader (sheet.h) into a caller's judge, rows repeating a key inside the file, and writing
 * a plan's rows in one transaction. Knows no record. */
#ifndef LC_IMPORTPLAN_H
#define LC_IMPORTPLAN_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "sheet.h"

typedef enum import_status {
	IMPORT_NEW,		/* no live record has the row's key */
	IMPORT_CHANGED,		/* one has, and a column of the row differs: a new version */
	IMPORT_UNCHANGED,	/* one has, with the same values: nothing to write */
	IMPORT_BAD,		/* refused: the row's reason says why */
	IMPORT_NSTATUS
} import_status;

/* Judge one data row (index maps the caller's columns to the row's cells): called once per row in file order. 0 to go on, -1 to stop with *err (heap). */
typedef int (*importplan_row_fn)(void *ud, const sheet_row *row, const int *index, char **err);

/* Translated one-word status for a preview ("new", "changed", "unchanged", "bad"). */
const char *importplan_status_label(import_status s);
/* Read the spreadsheet at path (sheet NULL: the first): its first row is the header, matched to
 * cols (index needs ncols slots), then each row goes to judge. More than max_rows rows, an empty
 * file (empty_msg, translated, one %s for the path), a header lacking a required column or a broken
 * file stop it. 0, or -1 with *err (heap, translated, naming the file). */
int importplan_read(const char *path, const char *sheet, const sheet_column *cols, size_t ncols, size_t max_rows,
    const char *empty_msg, importplan_row_fn judge, void *ud, char **err);

/* A column's header in the UI's language: names[0] (Chinese) when the interface is translated, else names[1] (English), the names the importers take back. */
const char *importplan_header(const sheet_column *col);
/* True when the interface speaks Chinese (values such as 是/否 are then written in Chinese). */
bool importplan_ui_chinese(void);

/* Where an importer's row struct keeps what every plan row has (the structs differ in the rest). */
typedef struct importplan_layout {
	size_t size;		/* sizeof one row */
	size_t line_at;		/* offsetof its long line */
	size_t status_at;	/* offsetof its import_status status */
} importplan_layout;

/* The array rows of n rows of size bytes with room for one more (capacity *cap, doubling from 64),
 * row n zeroed; the caller stores the result and takes row n. */
void *importplan_grow(void *rows, size_t n, size_t *cap, size_t size);
/* Make a row bad: *status IMPORT_BAD, *reason (freed first) why (heap, translated). */
void importplan_set_bad(import_status *status, char **reason, char *why);

/* Compare two rows by key only (0: the same key). */
typedef int (*importplan_key_fn)(const void *a, const void *b);
/* Make row later bad: it repeats the key of the row at first_line. */
typedef void (*importplan_repeat_fn)(void *later, long first_line);
/* Finish a judged plan: among the n rows not already bad, every row repeating the key of an earlier
 * row (by line) is passed to repeat with that row's line (a file must not write one record twice in
 * one go; n log n), then count[s] is set to the rows of each status s. */
void importplan_finish(void *rows, size_t n, const importplan_layout *layout, importplan_key_fn key,
    importplan_repeat_fn repeat, size_t count[IMPORT_NSTATUS]);

/* Write row i of a plan (the caller skips rows with nothing to write) inside the transaction. 0, or -1 with *err (heap). */
typedef int (*importplan_apply_fn)(sqlite3 *db, void *ud, size_t i, char **err);
/* Write n rows through apply in one transaction: all or nothing. 0, or -1 with *err and nothing written. */
int importplan_apply(sqlite3 *db, size_t n, importplan_apply_fn apply, void *ud, char **err);

#endif
