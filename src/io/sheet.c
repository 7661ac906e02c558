/* sheet.c - the one spreadsheet reader: picks the format's reader (CSV, or .xlsx through xlsx.c) by the
 * file's name and first bytes, and matches header rows, so every importer shares it. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include "sheet.h"
#include "csv.h"
#include "xlsx.h"
#include "util.h"
#include "i18n.h"

static bool
ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++) {
		char a = s[n - m + i], b = suffix[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

/* True when the file starts as a zip archive does (.xlsx is one), whatever its name. */
static bool
looks_like_zip(const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[4] = { 0 };
	bool zip;

	if (!f)
		return false;
	zip = fread(magic, 1, 4, f) == 4 && memcmp(magic, "PK\x03\x04", 4) == 0;
	fclose(f);
	return zip;
}

/* The .xlsx side behind sheet_reader: the workbook and the one sheet being read. */
typedef struct xlsx_reader {
	sheet_reader base;
	xlsx_book *book;
	xlsx_sheet *sheet;
} xlsx_reader;

static int
xlsx_reader_next(sheet_reader *r, sheet_row *row, char **err)
{
	xlsx_reader *x = (xlsx_reader *)r;
	xlsx_row got;
	int rc = xlsx_sheet_next(x->sheet, &got, err);

	if (rc == 1) {
		row->cells = got.cells;
		row->n = got.n;
		row->line = got.row;
	}
	return rc;
}

static void
xlsx_reader_close(sheet_reader *r)
{
	xlsx_reader *x = (xlsx_reader *)r;

	xlsx_sheet_close(x->sheet);
	xlsx_close(x->book);
	free(x);
}

/* The sheet's caps from the reader's: a cell's bytes bound its characters, a row's cells its columns. */
static void
xlsx_limits_from(const sheet_limits *lim, xlsx_limits *xl)
{
	xlsx_limits dflt = XLSX_LIMITS_DEFAULT;

	*xl = dflt;
	if (lim->max_cell_bytes < xl->max_cell_chars)
		xl->max_cell_chars = lim->max_cell_bytes;
	if (lim->max_cells < xl->max_columns)
		xl->max_columns = (unsigned)lim->max_cells;
}

static sheet_reader *
xlsx_reader_open(const char *path, const char *sheet, const sheet_limits *lim, char **err)
{
	struct stat st;
	xlsx_limits xl;
	xlsx_reader *x;
	xlsx_book *b;
	xlsx_sheet *s;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > lim->max_file_bytes) {
		*err = xasprintf(_("%s: the file is larger than %zu bytes; refusing to read it"), path, lim->max_file_bytes);
		return NULL;
	}
	xlsx_limits_from(lim, &xl);
	if (!(b = xlsx_open(path, &xl, err)))
		return NULL;
	if (!sheet) {
		if (xlsx_sheet_count(b) == 0) {
			*err = xasprintf(_("%s: the workbook has no sheets."), path);
			xlsx_close(b);
			return NULL;
		}
		sheet = xlsx_sheet_name(b, 0);
	}
	if (!(s = xlsx_sheet_open(b, sheet, err))) {
		xlsx_close(b);
		return NULL;
	}
	x = xcalloc(1, sizeof *x);
	x->base.next = xlsx_reader_next;
	x->base.close = xlsx_reader_close;
	x->book = b;
	x->sheet = s;
	return &x->base;
}

sheet_reader *
sheet_open_sheet(const char *path, const char *sheet, const sheet_limits *lim, char **err)
{
	sheet_limits dflt = SHEET_LIMITS_DEFAULT;

	*err = NULL;
	if (!lim)
		lim = &dflt;
	if (ends_with_ci(path, ".xlsx") || looks_like_zip(path))
		return xlsx_reader_open(path, sheet, lim, err);
	/* A CSV file is one sheet, whatever it is asked for by. */
	return csv_open_file(path, lim, err);
}

sheet_reader *
sheet_open(const char *path, const sheet_limits *lim, char **err)
{
	return sheet_open_sheet(path, NULL, lim, err);
}

int
sheet_next(sheet_reader *r, sheet_row *row, char **err)
{
	sheet_row got;
	int rc;

	/* Spacer rows (every cell blank) are skipped here, for every format alike. */
	while ((rc = r->next(r, &got, err)) == 1 && sheet_row_is_blank(&got))
		;
	if (rc == 1)
		*row = got;
	return rc;
}

void
sheet_close(sheet_reader *r)
{
	if (r)
		r->close(r);
}

const char *
sheet_cell(const sheet_row *row, int i)
{
	return i >= 0 && (size_t)i < row->n ? row->cells[i] : "";
}

/* Length of a blank at s (ASCII blank, U+3000 ideographic space, U+FEFF BOM), or 0. */
static size_t
blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (strncmp(s, "\xe3\x80\x80", 3) == 0 || strncmp(s, "\xef\xbb\xbf", 3) == 0)
		return 3;
	return 0;
}

/* s without blanks around it: *len bytes from the returned pointer. */
static const char *
trimmed(const char *s, size_t *len)
{
	size_t n, k;

	while ((k = blank_at(s)) > 0)
		s += k;
	n = strlen(s);
	for (;;) {
		if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && blank_at(s + n - 3) == 3)
			n -= 3;
		else
			break;
	}
	*len = n;
	return s;
}

bool
sheet_row_is_blank(const sheet_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		size_t n;
		trimmed(row->cells[i], &n);
		if (n > 0)
			return false;
	}
	return true;
}

static char
ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Header cell (n bytes at s) is name: ASCII letters in any case, everything else exactly. */
static bool
header_is(const char *s, size_t n, const char *name)
{
	if (strlen(name) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != ascii_lower(name[i]))
			return false;
	return true;
}

static int
column_of(const sheet_row *header, const sheet_column *col, int *second)
{
	int found = -1;

	*second = -1;
	for (size_t c = 0; c < header->n; c++) {
		size_t n;
		const char *s = trimmed(header->cells[c], &n);
		for (const char *const *name = col->names; *name; name++) {
			if (!header_is(s, n, *name))
				continue;
			if (found < 0)
				found = (int)c;
			else if (*second < 0)
				*second = (int)c;
			break;
		}
	}
	return found;
}

int
sheet_header_match(const sheet_row *header, const sheet_column *cols, size_t ncols, int *index, char **err)
{
	*err = NULL;
	for (size_t i = 0; i < ncols; i++) {
		int second;
		index[i] = column_of(header, &cols[i], &second);
		if (second >= 0) {
			/* TRANSLATORS: two column numbers (1 is the first), then the column's name. */
			*err = xasprintf(_("line %ld: columns %d and %d of the header are both \"%s\"; keep one."),
			    header->line, index[i] + 1, second + 1, cols[i].names[0]);
			return -1;
		}
		if (index[i] < 0 && cols[i].required) {
			*err = cols[i].names[1]
			    /* TRANSLATORS: the column's Chinese name, then its English one. */
			    ? xasprintf(_("line %ld: the header has no column \"%s\" (or \"%s\")."), header->line,
				cols[i].names[0], cols[i].names[1])
			    : xasprintf(_("line %ld: the header has no column \"%s\"."), header->line, cols[i].names[0]);
			return -1;
		}
	}
	return 0;
}
