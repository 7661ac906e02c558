/* xlsxout.c - the .xlsx format of the one spreadsheet writer (sheetout.h), through libxlsxwriter in
 * constant-memory mode: each row goes to a temporary file as it is ended, so a million-row export
 * holds one row in memory. Strings are inline strings (what constant-memory mode writes), numbers
 * are number cells. Column widths are kept per sheet from the widest cell in display columns
 * (a Chinese character is two, as it is on screen and in Excel), and set when the sheet is done. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include "sheetout.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Excel's own limits on a sheet name and a column's width. */
#define SHEET_NAME_CHARS 31
#define MAX_COL_WIDTH 80

typedef struct xlsx_out {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
	char *path;
	char *base;		/* the sheet's name, for continuation sheets */
	int part;		/* 1 for the first sheet of a name, 2 for its first continuation, ... */
	unsigned long row_cap;
	unsigned long row;	/* the row being written, 0-based */
	size_t *width;		/* widest cell per column of this sheet, in display columns */
	size_t nwidth;
	char **header;		/* the header row, repeated on a continuation sheet */
	size_t nheader;
	unsigned sheets;	/* sheets made, for names that must differ */
} xlsx_out;

static int
lxw_fail(sheetout *so, lxw_error e)
{
	xlsx_out *x = sheetout_impl(so);

	return sheetout_fail(so, xasprintf(_("cannot write %s: %s"), x->path, lxw_strerror(e)));
}

/* Remember that column col needs cols display columns. */
static void
widen(xlsx_out *x, size_t col, size_t cols)
{
	if (col >= x->nwidth) {
		size_t n = col + 16;
		x->width = xrealloc(x->width, n * sizeof *x->width);
		memset(x->width + x->nwidth, 0, (n - x->nwidth) * sizeof *x->width);
		x->nwidth = n;
	}
	if (cols > x->width[col])
		x->width[col] = cols;
}

/* Set the finished sheet's column widths: the widest cell plus a margin, capped. */
static void
apply_widths(xlsx_out *x)
{
	for (size_t c = 0; x->ws && c < x->nwidth; c++) {
		size_t w = x->width[c];
		if (w == 0)
			continue;
		w = w + 2 > MAX_COL_WIDTH ? MAX_COL_WIDTH : w + 2;
		worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
	}
	if (x->nwidth)
		memset(x->width, 0, x->nwidth * sizeof *x->width);
}

/* A name Excel accepts: []:*?/\ replaced, no apostrophe at either end, at most 31 characters with
 * the suffix (" (2)" for a continuation) kept whole. Heap. */
static char *
sheet_name(const char *base, const char *suffix)
{
	char *clean = xstrdup(*base ? base : "Sheet"), *cut, *name;
	size_t room = SHEET_NAME_CHARS - utf8_len_chars(suffix);

	for (char *p = clean; *p; p++)
		if (strchr("[]:*?/\\", *p))
			*p = '_';
	if (clean[0] == '\'')
		clean[0] = '_';
	if (*clean && clean[strlen(clean) - 1] == '\'')
		clean[strlen(clean) - 1] = '_';
	/* utf8_fit_cols counts columns: cut by characters here, the unit Excel counts. */
	cut = xstrdup(clean);
	while (utf8_len_chars(cut) > room) {
		size_t n = strlen(cut);
		do
			n--;
		while (n > 0 && ((unsigned char)cut[n] & 0xC0) == 0x80);
		cut[n] = '\0';
	}
	/* A name cut before a blank would end in one: " (2)" reads better without. */
	while (*cut && cut[strlen(cut) - 1] == ' ')
		cut[strlen(cut) - 1] = '\0';
	name = xasprintf("%s%s", cut, suffix);
	free(clean);
	free(cut);
	return name;
}

/* Add a sheet called base (part 1) or "base (part)"; a name already used gets a number too. */
static int
add_sheet(sheetout *so)
{
	xlsx_out *x = sheetout_impl(so);

	apply_widths(x);
	for (int tries = 0; tries < 1000; tries++) {
		char suffix[32] = "";
		char *name;
		if (x->part + tries > 1)
			snprintf(suffix, sizeof suffix, " (%d)", x->part + tries);
		name = sheet_name(x->base, suffix);
		if (!workbook_get_worksheet_by_name(x->wb, name)) {
			x->ws = workbook_add_worksheet(x->wb, name);
			x->part += tries;
			free(name);
			x->row = 0;
			x->sheets++;
			return x->ws ? 0 : sheetout_fail(so, xasprintf(_("cannot write %s: %s"), x->path,
			    _("the workbook refused a new sheet")));
		}
		free(name);
	}
	return sheetout_fail(so, xasprintf(_("cannot write %s: %s"), x->path, _("the workbook refused a new sheet")));
}

static int write_header_row(sheetout *so);

/* Before a row's first cell: a full sheet continues on the next one, its header repeated. */
static int
make_room(sheetout *so)
{
	xlsx_out *x = sheetout_impl(so);

	if (sheetout_cells(so) > 0 || x->row < x->row_cap)
		return 0;
	x->part++;
	if (add_sheet(so) != 0)
		return -1;
	return x->nheader ? write_header_row(so) : 0;
}

static int
put_string(sheetout *so, lxw_col_t col, const char *text, lxw_format *fmt)
{
	xlsx_out *x = sheetout_impl(so);
	lxw_error e;

	if (col >= LXW_COL_MAX)
		return sheetout_fail(so, xasprintf(_("cannot write %s: %s"), x->path, _("more columns than a sheet holds")));
	widen(x, col, utf8_width_cols(text));
	/* libxlsxwriter refuses an empty string cell; an empty cell is simply left out. */
	if (!*text)
		return 0;
	e = worksheet_write_string(x->ws, (lxw_row_t)x->row, col, text, fmt);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(so, e);
}

static int
write_header_row(sheetout *so)
{
	xlsx_out *x = sheetout_impl(so);

	for (size_t i = 0; i < x->nheader; i++)
		if (put_string(so, (lxw_col_t)i, x->header[i], x->bold) != 0)
			return -1;
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row++;
	return 0;
}

static int
xo_text(sheetout *so, const char *text)
{
	if (make_room(so) != 0)
		return -1;
	return put_string(so, (lxw_col_t)sheetout_cells(so), text, NULL);
}

static int
xo_number(sheetout *so, double v)
{
	xlsx_out *x = sheetout_impl(so);
	lxw_col_t col = (lxw_col_t)sheetout_cells(so);
	char *shown;
	lxw_error e;

	if (make_room(so) != 0)
		return -1;
	if (col >= LXW_COL_MAX)
		return sheetout_fail(so, xasprintf(_("cannot write %s: %s"), x->path, _("more columns than a sheet holds")));
	shown = sheetout_number_text(v);
	widen(x, col, strlen(shown));
	free(shown);
	e = worksheet_write_number(x->ws, (lxw_row_t)x->row, col, v, NULL);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(so, e);
}

static int
xo_end_row(sheetout *so)
{
	xlsx_out *x = sheetout_impl(so);

	/* An empty row still takes its place (a separator); make_room has not run for it. */
	if (sheetout_cells(so) == 0 && make_room(so) != 0)
		return -1;
	x->row++;
	return 0;
}

static void
forget_header(xlsx_out *x)
{
	for (size_t i = 0; i < x->nheader; i++)
		free(x->header[i]);
	free(x->header);
	x->header = NULL;
	x->nheader = 0;
}

static int
xo_header(sheetout *so, const char *const *cells, size_t n)
{
	xlsx_out *x = sheetout_impl(so);

	if (make_room(so) != 0)
		return -1;
	forget_header(x);
	x->header = xcalloc(n ? n : 1, sizeof *x->header);
	for (size_t i = 0; i < n; i++)
		x->header[i] = xstrdup(cells[i] ? cells[i] : "");
	x->nheader = n;
	return write_header_row(so);
}

static int
xo_sheet(sheetout *so, const char *name)
{
	xlsx_out *x = sheetout_impl(so);

	forget_header(x);
	free(x->base);
	x->base = xstrdup(name ? name : "");
	x->part = 1;
	return add_sheet(so);
}

static int
xo_finish(sheetout *so)
{
	xlsx_out *x = sheetout_impl(so);
	lxw_error e;

	apply_widths(x);
	e = workbook_close(x->wb);
	x->wb = NULL;
	return e == LXW_NO_ERROR ? 0 : lxw_fail(so, e);
}

static void
xo_free(void *impl)
{
	xlsx_out *x = impl;

	forget_header(x);
	free(x->width);
	free(x->base);
	free(x->path);
	free(x);
}

static const sheetout_ops xlsx_ops = {
	xo_text, xo_number, xo_end_row, xo_header, xo_sheet, xo_finish, xo_free, NULL,
};

sheetout *
sheetout_xlsx(const char *path, const char *sheet, unsigned long row_cap, char **err)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	xlsx_out *x;
	sheetout *so;

	*err = NULL;
	x = xcalloc(1, sizeof *x);
	x->wb = workbook_new_opt(path, &opt);
	if (!x->wb) {
		*err = xasprintf(_("cannot write %s: %s"), path, _("the workbook cannot be started"));
		free(x);
		return NULL;
	}
	x->path = xstrdup(path);
	/* A cap of 1 would leave no room past a repeated header. */
	x->row_cap = row_cap == 0 || row_cap > SHEETOUT_XLSX_MAX_ROWS ? SHEETOUT_XLSX_MAX_ROWS : row_cap < 2 ? 2 : row_cap;
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	so = sheetout_new(&xlsx_ops, x);
	if (xo_sheet(so, sheet) != 0) {
		sheetout_close(so, err);
		return NULL;
	}
	return so;
}
