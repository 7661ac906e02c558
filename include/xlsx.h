/* xlsx.h - the .xlsx side of the one spreadsheet reader: a workbook opened read-only with libzip,
 * its sheets listed in workbook order (found through xl/_rels/workbook.xml.rels, never guessed as
 * sheetN.xml), and one sheet, chosen by name, read row by row through a streaming expat parser
 * (one row in memory at a time; shared strings and the date styles are kept, capped). Knows no
 * record; no curses.
 *
 * Cells come back as UTF-8 text, never NULL:
 *   shared and inline strings as stored (rich-text runs joined, phonetic <rPh> runs left out,
 *   spaces and line breaks kept: no trimming; OOXML's _xHHHH_ escapes, as "_x000D_", decoded);
 *   numbers as the text the file stores ("0.1", "1E-3", never re-formatted from a double); a
 *   number whose cell style is a date or time format (built-in 14-22, 45-47, the Chinese
 *   built-ins 27-36 and 50-58, or a custom code with y/m/d/h/s outside quotes and brackets) as
 *   "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" (when the format or the value has
 *   a time of day) or "HH:MM:SS" (a time format and no day), with the 1904 date system and Excel's
 *   1900 leap-year bug honoured (serial 60 is "1900-02-29", as Excel shows it; 61 is 1900-03-01);
 *   booleans as "TRUE"/"FALSE" and errors as their text ("#N/A"), which is what Excel writes when
 *   it saves the same sheet as CSV, so a workbook and its CSV read alike; formulas as their cached
 *   value (no value cached: ""). Gaps are "" cells (the cell reference "C5" places a cell); rows
 *   with no value at all are skipped and each row carries its own spreadsheet row number, so
 *   messages can name the row a user sees. Trailing empty cells are dropped.
 *
 * One row interface with the CSV reader (h6's csv.c behind sheet.h): both give rows of
 * (1-based line or row number, n, cells[]), pulled one at a time: next gives 1 and a row owned by
 * the reader until its next call, 0 at the end, -1 with a heap message. An adapter from
 * xlsx_sheet to sheet_reader is therefore three lines: next copies row->cells, row->n and
 * row->row into sheet_row's cells, n and line; close calls xlsx_sheet_close and xlsx_close.
 *
 * Every refusal is a heap string (translated) naming the file, and the part and line when the XML
 * is at fault: not a zip, an old .xls or a password-protected workbook, not a workbook, a missing
 * part, invalid XML, a DTD, and each cap in xlsx_limits below. */
#ifndef LC_XLSX_H
#define LC_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Caps that keep a hostile or broken workbook from taking the machine's time and memory. */
typedef struct xlsx_limits {
	uint64_t max_total_bytes;	/* all parts read, uncompressed, counted while inflating */
	uint64_t max_part_bytes;	/* one part, uncompressed (declared and counted) */
	unsigned max_ratio;		/* uncompressed:compressed of a part over ratio_from_bytes */
	uint64_t ratio_from_bytes;	/* parts smaller than this are not ratio-checked */
	size_t max_cell_chars;		/* characters in one cell */
	unsigned max_columns;		/* columns in a sheet */
	unsigned long max_rows;		/* rows in a sheet */
	size_t max_shared_strings;	/* entries in xl/sharedStrings.xml */
	unsigned max_depth;		/* XML element nesting */
} xlsx_limits;

/* 256 MiB in all and per part, 200:1 over 1 MiB, Excel's own 32,767 characters per cell,
 * 16,384 columns and 1,048,576 rows, 4,000,000 shared strings, nesting 64 deep. */
#define XLSX_LIMITS_DEFAULT { (uint64_t)256 << 20, (uint64_t)256 << 20, 200, (uint64_t)1 << 20, \
	32767, 16384, 1048576UL, 4000000, 64 }

typedef struct xlsx_book xlsx_book;
typedef struct xlsx_sheet xlsx_sheet;

/* One row: n cells of NUL-terminated UTF-8 (never NULL) and its 1-based spreadsheet row number.
 * Owned by the sheet, valid until its next xlsx_sheet_next or xlsx_sheet_close. */
typedef struct xlsx_row {
	char **cells;
	size_t n;
	long row;
} xlsx_row;

/* How a number format shows a serial number: as a plain number, a date, a time or both. */
enum xlsx_numkind { XLSX_NUMBER, XLSX_DATE, XLSX_TIME, XLSX_DATETIME };

/* Open the workbook at path (lim NULL: XLSX_LIMITS_DEFAULT); NULL with *err (heap, translated, naming path) when it is not a readable workbook. */
xlsx_book *xlsx_open(const char *path, const xlsx_limits *lim, char **err);
/* Open a workbook held in len bytes of memory (not copied: keep data alive until xlsx_close); name stands for the file in messages. */
xlsx_book *xlsx_open_buffer(const void *data, size_t len, const char *name, const xlsx_limits *lim, char **err);
/* Free the workbook (NULL is fine); close its sheets first. */
void xlsx_close(xlsx_book *b);
/* How many sheets the workbook lists (charts included). */
size_t xlsx_sheet_count(const xlsx_book *b);
/* Name of sheet i (0-based, workbook order), as stored. */
const char *xlsx_sheet_name(const xlsx_book *b, size_t i);
/* Index of the sheet called name (an exact match first, then blanks around it and ASCII case ignored), or -1. */
int xlsx_sheet_find(const xlsx_book *b, const char *name);
/* True when the workbook counts dates from 1904 (workbookPr date1904). */
bool xlsx_is_date1904(const xlsx_book *b);
/* Start reading the sheet called name (as xlsx_sheet_find); NULL with *err (heap, translated) naming the sheets there are when it is missing, or when the shared strings or styles are bad. */
xlsx_sheet *xlsx_sheet_open(xlsx_book *b, const char *name, char **err);
/* The next row with a value into *row: 1, 0 at the end, -1 with *err (heap, translated, naming the part, and the line or cell). */
int xlsx_sheet_next(xlsx_sheet *s, xlsx_row *row, char **err);
/* Stop reading the sheet and free it (NULL is fine). */
void xlsx_sheet_close(xlsx_sheet *s);

/* The kind of a number format: built-in id (custom codes pass code, which wins when non-NULL). */
enum xlsx_numkind xlsx_numfmt_kind(int id, const char *code);
/* The serial number text num shown as kind (date1904 chooses the epoch) into out[32]: true, or false (out untouched) when num is not a date serial (not a number, negative, past 9999, or day 0 of 1900 without a time). */
bool xlsx_serial_format(const char *num, bool date1904, enum xlsx_numkind kind, char out[32]);

#endif
