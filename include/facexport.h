/* facexport.h - communities, facilities, the gap report and proposals out as .xlsx or CSV (UTF-8
 * with BOM or GB18030) through the one writer (sheetout.h): headers in the UI's language and exactly
 * the names the importers (facimport.h, propimport.h) take back, so an exported file imports again
 * unchanged. Rows are read from the database as they are written. No curses. */
#ifndef LC_FACEXPORT_H
#define LC_FACEXPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include "gaps.h"
#include "sheetout.h"

typedef enum facexport_what {
	FACEXPORT_COMMUNITIES, FACEXPORT_FACILITIES, FACEXPORT_GAPS, FACEXPORT_PROPOSALS,
	FACEXPORT_OUTLETS	/* the outlet summary across every community (outletsum.h) */
} facexport_what;

typedef struct facexport_opts {
	facexport_what what;
	const char *community_id;	/* communities, facilities: one community's (its id), or NULL for all */
	const gap_report *gaps;		/* FACEXPORT_GAPS: the reports to write (gaps_build / gaps_build_all) */
	size_t ngaps;
	bool xlsx;			/* a workbook; else CSV */
	sheetout_encoding enc;		/* CSV: UTF-8 with BOM or GB18030 */
} facexport_opts;

/* Write the export into f (CSV) or a workbook at path (.xlsx). 0, or -1 with *err (heap, translated). */
int facexport_write(sqlite3 *db, const facexport_opts *o, FILE *f, const char *path, char **err);
/* Write the export to the file at path whole or not at all (outfile.h). 0, or -1 with *err (heap, translated) and no file left. */
int facexport_file(sqlite3 *db, const facexport_opts *o, const char *path, char **err);

#endif
