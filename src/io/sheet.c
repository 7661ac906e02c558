/* sheet.c - the one spreadsheet reader: picks the format's reader by the file's name and matches
 * header rows, so every importer (proposals now; communities and facilities later) shares it. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sheet.h"
#include "csv.h"
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

sheet_reader *
sheet_open(const char *path, const sheet_limits *lim, char **err)
{
	*err = NULL;
	if (ends_with_ci(path, ".xlsx") || looks_like_zip(path)) {
		*err = xasprintf(_("%s: .xlsx files cannot be read yet; save the sheet as CSV (UTF-8) and import that."), path);
		return NULL;
	}
	return csv_open_file(path, lim, err);
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
