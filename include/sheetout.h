/* sheetout.h - the one spreadsheet writer: rows of cells to CSV (RFC 4180 quoting, CRLF line ends),
 * UTF-8 with a BOM by default or GB18030 through iconv for older spreadsheet programs. It knows no
 * record. Cells are written as given: a leading = + - @ is NOT altered (no formula-injection
 * rewriting), so a re-import reads back exactly what was exported. */
#ifndef LC_SHEETOUT_H
#define LC_SHEETOUT_H

#include <stdbool.h>
#include <stdio.h>

typedef enum sheetout_encoding {
	SHEETOUT_UTF8,		/* UTF-8, with a BOM unless SHEETOUT_NO_BOM */
	SHEETOUT_GB18030	/* GB18030 (never a BOM) */
} sheetout_encoding;

#define SHEETOUT_NO_BOM 1u

typedef struct sheetout sheetout;

/* The encoding called name ("utf-8", "utf8", "gb18030", case-insensitive) into *enc; false when unknown. */
bool sheetout_encoding_parse(const char *name, sheetout_encoding *enc);
/* Start a CSV sheet on out (not closed by sheetout). NULL with *err (heap) when iconv cannot convert. */
sheetout *sheetout_csv(FILE *out, sheetout_encoding enc, unsigned flags, char **err);
/* Append a text cell (UTF-8; NULL is empty) to the current row. 0, or -1 on error. */
int sheetout_text(sheetout *so, const char *text);
/* Append a number cell (written with '.' whatever the locale, at most 2 decimals, no trailing zeros). */
int sheetout_number(sheetout *so, double v);
/* End the current row. 0, or -1 on error. */
int sheetout_end_row(sheetout *so);
/* The first error as a translated sentence, or NULL. */
const char *sheetout_error(const sheetout *so);
/* Flush and free so; 0, or -1 when anything failed (then *err, heap, says what, if err not NULL). */
int sheetout_close(sheetout *so, char **err);
/* Shortest text of v with '.' as the mark and at most 2 decimals ("160", "12.5"): heap. */
char *sheetout_number_text(double v);

#endif
