/* propimport.h - bringing a handling unit's list of proposals in from a spreadsheet: a plan (every
 * row new, changed, unchanged or bad, with its line and reason) that the command line prints as its
 * --dry-run preview and the UI will show before the user accepts, then the good rows written in one
 * transaction. A row whose number, session and handling unit match a live proposal is that record;
 * its non-empty cells replace the stored values (an empty cell or a missing column erases nothing). */
#ifndef LC_PROPIMPORT_H
#define LC_PROPIMPORT_H

#include <sqlite3.h>
#include <stddef.h>
#include "importplan.h"
#include "proposal.h"

typedef struct import_row {
	long line;		/* where the row starts in the file */
	import_status status;
	char *reason;		/* IMPORT_BAD: translated, heap; else NULL */
	proposal p;		/* what will be written: NEW a fresh record, CHANGED the stored one with the row's values */
} import_row;

typedef struct import_plan {
	import_row *rows;
	size_t n, cap;
	size_t count[IMPORT_NSTATUS];	/* rows of each status */
} import_plan;

/* Rows of a plan at most: a handling unit's list is hundreds; this bounds memory for a wrong file. */
#define PROPIMPORT_MAX_ROWS 200000

/* Read the spreadsheet at path (header row in Chinese or English: 类别/kind, 届次/session, 编号/number, 标题/title, 提出人/proposer, 联系电话/phone, 承办单位/handling_unit) and judge every row against db without writing. 0 with *plan filled (free with propimport_free), or -1 with *err (heap, translated: the file cannot be read, its header lacks a column, or its CSV is broken at a line). */
int propimport_plan(sqlite3 *db, const char *path, import_plan *plan, char **err);
/* As propimport_plan, reading the workbook's sheet called sheet (NULL: the first; a CSV file is one sheet). */
int propimport_plan_sheet(sqlite3 *db, const char *path, const char *sheet, import_plan *plan, char **err);
/* Write the plan's new and changed rows in one transaction (each checked again inside it). 0, or -1 with *err and nothing written (then make the plan again: its rows hold versions that were rolled back). */
int propimport_apply(sqlite3 *db, import_plan *plan, char **err);
/* The spreadsheet's columns (names: Chinese first, English second) into *n; static. The export writes these headers, so the import takes its files back. */
const sheet_column *propimport_columns(size_t *n);
/* Free the plan's rows and empty it. */
void propimport_free(import_plan *plan);
/* Translated one-word status for the preview ("new", "changed", "unchanged", "bad"). */
const char *propimport_status_label(import_status s);

#endif
