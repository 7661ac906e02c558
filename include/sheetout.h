/* sheetout.h - the one spreadsheet writer: rows of cells to CSV (RFC 4180 quoting, CRLF line ends),
 * UTF-8 with a BOM by default or GB18030 through iconv for older spreadsheet programs, or to .xlsx
 * (xlsxout.c, libxlsxwriter in constant-memory mode: numbers as numbers, a bold frozen header row,
 * column widths from the widest cell in display columns, a continuation sheet past the row cap).
 * Every format behind the same calls. It knows no record. Cells are written as given: a leading
 * = + - @ is NOT altered (no formula-injection rewriting; .xlsx cells are strings, never formulas),
 * so a re-import reads back exactly what was exported. */
#ifndef LC_SHEETOUT_H
#define LC_SHEETOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum sheetout_encoding {
	SHEETOUT_UTF8,		/* UTF-8, with a BOM unless SHEETOUT_NO_BOM */
	SHEETOUT_GB18030	/* GB18030 (never a BOM) */
} sheetout_encoding;

#define SHEETOUT_NO_BOM 1u

/* Rows of one .xlsx sheet, the header row included: Excel's own limit. */
#define SHEETOUT_XLSX_MAX_ROWS 1048576UL

typedef struct sheetout sheetout;

/* The encoding called name ("utf-8", "utf8", "gb18030", case-insensitive) into *enc; false when unknown. */
bool sheetout_encoding_parse(const char *name, sheetout_encoding *enc);
/* Start a CSV sheet on out (not closed by sheetout). NULL with *err (heap) when iconv cannot convert. */
sheetout *sheetout_csv(FILE *out, sheetout_encoding enc, unsigned flags, char **err);
/* Start an .xlsx workbook at path (written whole at sheetout_close) whose first sheet is called
 * sheet (cut to Excel's 31 characters, []:*?/\ replaced); a sheet reaching row_cap rows (0:
 * SHEETOUT_XLSX_MAX_ROWS) continues on a new sheet "NAME (2)", its header row repeated. NULL with
 * *err (heap, translated) when the workbook cannot be started. */
sheetout *sheetout_xlsx(const char *path, const char *sheet, unsigned long row_cap, char **err);
/* Write the header row (n cells) and remember it for continuation sheets: bold and frozen in .xlsx, a plain row in CSV. 0, or -1. */
int sheetout_header(sheetout *so, const char *const *cells, size_t n);
/* Start a new sheet called name (.xlsx); CSV has one sheet, so it writes an empty row there as a
 * separator. The header is forgotten: give the new sheet's own with sheetout_header. 0, or -1. */
int sheetout_sheet(sheetout *so, const char *name);
/* Append a text cell (UTF-8; NULL is empty) to the current row. 0, or -1 on error. */
int sheetout_text(sheetout *so, const char *text);
/* Append a text cell of len bytes of UTF-8 at text (need not end in a NUL): the same as sheetout_text. 0, or -1. */
int sheetout_text_len(sheetout *so, const char *text, size_t len);
/* Append a number cell (CSV: written with '.' whatever the locale, at most 2 decimals, no trailing zeros; .xlsx: a number cell). */
int sheetout_number(sheetout *so, double v);
/* End the current row. 0, or -1 on error. */
int sheetout_end_row(sheetout *so);
/* The first error as a translated sentence, or NULL. */
const char *sheetout_error(const sheetout *so);
/* Finish (CSV: flush; .xlsx: write the workbook) and free so; 0, or -1 when anything failed (then *err, heap, says what, if err not NULL). */
int sheetout_close(sheetout *so, char **err);
/* Shortest text of v with '.' as the mark and at most 2 decimals ("160", "12.5"): heap. */
char *sheetout_number_text(double v);

/* ---- for the formats' writers only (sheetout.c, xlsxout.c) ------------------------------------ */

/* A format's writer: each call works on the format's own state (sheetout_impl). */
typedef struct sheetout_ops {
	int (*text)(sheetout *so, const char *text);
	int (*number)(sheetout *so, double v);
	int (*end_row)(sheetout *so);
	int (*header)(sheetout *so, const char *const *cells, size_t n);
	int (*sheet)(sheetout *so, const char *name);
	int (*finish)(sheetout *so);	/* flush or write; an error goes through sheetout_fail */
	void (*free_impl)(void *impl);
	int (*text_len)(sheetout *so, const char *text, size_t len);	/* optional: NULL copies and calls text */
} sheetout_ops;

/* A writer of format ops with its state impl (freed by ops->free_impl at close). */
sheetout *sheetout_new(const sheetout_ops *ops, void *impl);
/* The format's state given to sheetout_new. */
void *sheetout_impl(const sheetout *so);
/* Keep msg (heap, translated) as the error unless one is kept already; always -1. */
int sheetout_fail(sheetout *so, char *msg);
/* Cells of the current row written so far (0 at a row's start). */
int sheetout_cells(const sheetout *so);

#endif
