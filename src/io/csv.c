/* csv.c - RFC 4180 CSV into rows of UTF-8 cells, behind the sheet_reader interface. The file is
 * decoded whole by textin (it is capped), then cut into rows one at a time, so only one row's
 * cells are held besides the text. Knows no record. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "textin.h"
#include "util.h"
#include "i18n.h"

typedef struct csv_reader {
	sheet_reader base;	/* first: a sheet_reader * is a csv_reader * */
	char *text;
	size_t len, pos;
	long line;		/* 1-based line at pos */
	char *name;
	sheet_limits lim;
	char **cells;		/* the row handed out last */
	size_t n, cap;
} csv_reader;

/* A growing cell. */
typedef struct buf {
	char *s;
	size_t len, cap;
} buf;

static void
buf_add(buf *b, char c)
{
	if (b->len + 1 >= b->cap)
		b->s = xrealloc(b->s, b->cap = b->cap ? b->cap * 2 : 64);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void
free_cells(csv_reader *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->cells[i]);
	r->n = 0;
}

static int
fail(csv_reader *r, long line, char *msg, char **err)
{
	/* TRANSLATORS: the file's name, a line number, then what is wrong there. */
	*err = xasprintf(_("%s, line %ld: %s"), r->name, line, msg);
	free(msg);
	return -1;
}

static bool
at_line_end(const csv_reader *r)
{
	return r->pos >= r->len || r->text[r->pos] == '\n' || r->text[r->pos] == '\r';
}

/* Step over one line break at pos (LF, or a lone CR that textin kept: old Mac exports). */
static void
skip_line_end(csv_reader *r)
{
	if (r->pos < r->len) {
		r->pos++;
		r->line++;
	}
}

/* A quoted cell from pos (at its opening quote) into b; 0 or -1 with *err. */
static int
read_quoted(csv_reader *r, buf *b, char **err)
{
	long start = r->line;

	r->pos++;
	for (;;) {
		char c;
		if (r->pos >= r->len)
			return fail(r, start, xstrdup(_("a quoted cell that starts here is never closed (a \" is missing)")), err);
		c = r->text[r->pos++];
		if (c == '"') {
			if (r->pos < r->len && r->text[r->pos] == '"')
				r->pos++;	/* "" inside quotes is one quote */
			else
				break;
		}
		if (c == '\n' || (c == '\r' && !(r->pos < r->len && r->text[r->pos] == '\n')))
			r->line++;
		if (b->len >= r->lim.max_cell_bytes)
			return fail(r, start, xasprintf(_("a cell is longer than %zu bytes"), r->lim.max_cell_bytes), err);
		buf_add(b, c);
	}
	if (!at_line_end(r) && r->text[r->pos] != ',')
		return fail(r, r->line, xstrdup(_("text after the closing quote of a cell (a quote inside a cell is written twice: \"\")")), err);
	return 0;
}

/* An unquoted cell from pos into b; 0 or -1 with *err. */
static int
read_plain(csv_reader *r, buf *b, char **err)
{
	while (!at_line_end(r) && r->text[r->pos] != ',') {
		char c = r->text[r->pos++];
		if (c == '"')
			return fail(r, r->line, xstrdup(_("a quote inside a cell that does not start with one (put the cell in quotes and write the quote twice)")), err);
		if (b->len >= r->lim.max_cell_bytes)
			return fail(r, r->line, xasprintf(_("a cell is longer than %zu bytes"), r->lim.max_cell_bytes), err);
		buf_add(b, c);
	}
	return 0;
}

static int
add_cell(csv_reader *r, buf *b, long line, char **err)
{
	if (r->n >= r->lim.max_cells) {
		free(b->s);
		return fail(r, line, xasprintf(_("a row has more than %zu cells"), r->lim.max_cells), err);
	}
	if (r->n == r->cap)
		r->cells = xrealloc(r->cells, (r->cap = r->cap ? r->cap * 2 : 16) * sizeof *r->cells);
	r->cells[r->n++] = b->s ? b->s : xstrdup("");
	return 0;
}

static int
csv_next(sheet_reader *base, sheet_row *row, char **err)
{
	csv_reader *r = (csv_reader *)base;
	long start;

	free_cells(r);
	*err = NULL;
	while (r->pos < r->len && (r->text[r->pos] == '\n' || r->text[r->pos] == '\r'))
		skip_line_end(r);	/* blank lines */
	if (r->pos >= r->len)
		return 0;
	start = r->line;
	for (;;) {
		buf b = { NULL, 0, 0 };
		int rc = r->text[r->pos] == '"' ? read_quoted(r, &b, err) : read_plain(r, &b, err);
		if (rc != 0) {
			free(b.s);
			free_cells(r);
			return -1;
		}
		if (add_cell(r, &b, start, err) != 0) {
			free_cells(r);
			return -1;
		}
		if (r->pos < r->len && r->text[r->pos] == ',') {
			r->pos++;
			continue;
		}
		skip_line_end(r);
		break;
	}
	row->cells = r->cells;
	row->n = r->n;
	row->line = start;
	return 1;
}

static void
csv_close(sheet_reader *base)
{
	csv_reader *r = (csv_reader *)base;

	free_cells(r);
	free(r->cells);
	free(r->text);
	free(r->name);
	free(r);
}

static sheet_reader *
make_reader(char *text, size_t len, const char *name, const sheet_limits *lim)
{
	csv_reader *r = xcalloc(1, sizeof *r);
	sheet_limits dflt = SHEET_LIMITS_DEFAULT;

	r->base.next = csv_next;
	r->base.close = csv_close;
	r->text = text;
	r->len = len;
	r->line = 1;
	r->name = xstrdup(name);
	r->lim = lim ? *lim : dflt;
	return &r->base;
}

sheet_reader *
csv_open_text(const char *text, size_t len, const char *name, const sheet_limits *lim)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	return make_reader(copy, len, name, lim);
}

sheet_reader *
csv_open_file(const char *path, const sheet_limits *lim, char **err)
{
	sheet_limits dflt = SHEET_LIMITS_DEFAULT;
	textin t;

	if (textin_read_regular(path, (lim ? lim : &dflt)->max_file_bytes, &t, err) != 0)
		return NULL;
	/* The reader takes the decoded text over. */
	return make_reader(t.text, t.len, path, lim);
}
