/* sheet.h - one spreadsheet reader: a file's rows as UTF-8 cells, whatever the format (CSV and
 * .xlsx behind the same calls), and matching a header row to the columns a caller wants.
 * Knows no record. A format is a reader with next/close behind struct sheet_reader. */
#ifndef LC_SHEET_H
#define LC_SHEET_H

#include <stdbool.h>
#include <stddef.h>

/* Caps that keep a hostile or broken file from taking the machine's memory. */
typedef struct sheet_limits {
	size_t max_file_bytes;		/* the file as stored */
	size_t max_cell_bytes;		/* one cell, as UTF-8 */
	size_t max_cells;		/* cells in one row */
} sheet_limits;

/* 64 MiB of file, 32 KiB per cell, 512 cells per row. */
#define SHEET_LIMITS_DEFAULT { (size_t)64 << 20, (size_t)32 << 10, 512 }

/* One row: n cells of NUL-terminated UTF-8 (never NULL), and the 1-based line of the file where
 * it starts (for .xlsx: the sheet's row number). Owned by the reader, valid until its next call. */
typedef struct sheet_row {
	char **cells;
	size_t n;
	long line;
} sheet_row;

/* A format's reader: next gives 1 and a row, 0 at the end, -1 and *err (heap, translated, naming
 * the file and line); close frees it. */
typedef struct sheet_reader {
	int (*next)(struct sheet_reader *r, sheet_row *row, char **err);
	void (*close)(struct sheet_reader *r);
} sheet_reader;

/* A column the caller wants: the header names it may have (NULL-terminated; Chinese and English), and whether a file without it is refused. */
typedef struct sheet_column {
	const char *const *names;
	bool required;
} sheet_column;

/* Open the spreadsheet at path, its format chosen by its name and first bytes (.xlsx, or any zip archive: the workbook's first sheet; anything else: CSV), lim NULL for SHEET_LIMITS_DEFAULT. NULL with *err (heap, translated) when it cannot be read. */
sheet_reader *sheet_open(const char *path, const sheet_limits *lim, char **err);
/* As sheet_open, but a workbook's sheet called sheet (exact name first, then blanks and ASCII case ignored; NULL: the first sheet). A missing sheet is refused naming the sheets there are. A CSV file is one sheet: sheet is ignored. */
sheet_reader *sheet_open_sheet(const char *path, const char *sheet, const sheet_limits *lim, char **err);
/* The next row into *row: 1, 0 at the end, -1 with *err. Blank lines are skipped. */
int sheet_next(sheet_reader *r, sheet_row *row, char **err);
/* Free the reader (NULL is fine). */
void sheet_close(sheet_reader *r);
/* Map header's cells to cols: index[i] gets the column of cols[i] or -1. A cell matches a name with blanks (ASCII, U+3000) and a BOM around it ignored and ASCII letters in any case. 0, or -1 with *err (heap, translated) naming a missing required column or a column given twice. */
int sheet_header_match(const sheet_row *header, const sheet_column *cols, size_t ncols, int *index, char **err);
/* Cell i of row, "" when i is -1 or past the row's end (short rows are common in CSV). */
const char *sheet_cell(const sheet_row *row, int i);
/* True when every cell of row is empty or blank (a spacer row). */
bool sheet_row_is_blank(const sheet_row *row);

#endif
