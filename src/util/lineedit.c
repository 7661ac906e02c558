/* lineedit.c - the text buffer behind every field: edits in characters, lays out in screen columns. */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lineedit.h"
#include "utf8.h"
#include "util.h"

#define LE_MIN_CAP 16

/* '\n' ends its row and is never drawn, so it takes no columns. */
static size_t
char_cols(wchar_t wc)
{
	return wc == L'\n' ? 0 : (size_t)utf8_char_cols(wc);
}

/* Make room for chars characters plus the terminating NUL; doubling keeps typing amortised O(1). */
static void
reserve(lineedit *le, size_t chars)
{
	size_t cap = le->cap ? le->cap : LE_MIN_CAP;

	if (chars < le->cap)
		return;
	while (cap <= chars)
		cap *= 2;
	le->buf = xrealloc(le->buf, cap * sizeof *le->buf);
	le->cap = cap;
}

/* Remove characters [from, to); the caller places the cursor. */
static void
remove_range(lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, (le->len - to + 1) * sizeof *le->buf);
	le->len -= to - from;
	le->changed = true;
}

/* Control characters would break the screen; code points UTF-8 cannot carry would be lost on save. */
static bool
insertable(const lineedit *le, wchar_t wc)
{
	uint32_t c = (uint32_t)wc;

	if (wc == L'\n')
		return le->multiline;
	if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
		return false;
	return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff);
}

static size_t
line_start(const lineedit *le, size_t pos)
{
	while (pos > 0 && le->buf[pos - 1] != L'\n')
		pos--;
	return pos;
}

static size_t
line_end(const lineedit *le, size_t pos)
{
	while (pos < le->len && le->buf[pos] != L'\n')
		pos++;
	return pos;
}

void
lineedit_init(lineedit *le, size_t max_chars, bool multiline)
{
	memset(le, 0, sizeof *le);
	le->max_chars = max_chars;
	le->multiline = multiline;
	reserve(le, 0);
	le->buf[0] = L'\0';
}

void
lineedit_free(lineedit *le)
{
	free(le->buf);
	le->buf = NULL;
	le->len = le->cap = le->cursor = le->first = le->top_row = 0;
}

void
lineedit_set_utf8(lineedit *le, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0;
	wchar_t wc;

	le->len = 0;
	reserve(le, n);
	while (i < n) {
		i += utf8_decode_char(s + i, n - i, &wc);
		if (wc != L'\n' || le->multiline)
			le->buf[le->len++] = wc;
	}
	le->buf[le->len] = L'\0';
	le->cursor = le->len;
	le->first = le->top_row = 0;
	le->changed = true;
}

char *
lineedit_get_utf8(const lineedit *le)
{
	return utf8_from_wcs(le->buf, le->len);
}

int
lineedit_insert(lineedit *le, wchar_t wc)
{
	if (!insertable(le, wc) || (le->max_chars && le->len >= le->max_chars))
		return -1;
	reserve(le, le->len + 1);
	memmove(le->buf + le->cursor + 1, le->buf + le->cursor,
	    (le->len - le->cursor + 1) * sizeof *le->buf);
	le->buf[le->cursor++] = wc;
	le->len++;
	le->changed = true;
	return 0;
}

size_t
lineedit_insert_utf8(lineedit *le, const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0, done = 0;
	wchar_t wc;

	/* Refused characters are skipped so the rest of a commit still lands. */
	while (i < n) {
		i += utf8_decode_char(s + i, n - i, &wc);
		if (lineedit_insert(le, wc) == 0)
			done++;
	}
	return done;
}

int
lineedit_backspace(lineedit *le)
{
	if (le->cursor == 0)
		return -1;
	remove_range(le, le->cursor - 1, le->cursor);
	le->cursor--;
	return 0;
}

int
lineedit_delete(lineedit *le)
{
	if (le->cursor >= le->len)
		return -1;
	remove_range(le, le->cursor, le->cursor + 1);
	return 0;
}

int
lineedit_left(lineedit *le)
{
	if (le->cursor == 0)
		return -1;
	le->cursor--;
	return 0;
}

int
lineedit_right(lineedit *le)
{
	if (le->cursor >= le->len)
		return -1;
	le->cursor++;
	return 0;
}

void
lineedit_home(lineedit *le)
{
	le->cursor = line_start(le, le->cursor);
}

void
lineedit_end(lineedit *le)
{
	le->cursor = line_end(le, le->cursor);
}

void
lineedit_kill_to_end(lineedit *le)
{
	remove_range(le, le->cursor, line_end(le, le->cursor));
}

void
lineedit_kill_to_start(lineedit *le)
{
	size_t start = line_start(le, le->cursor);

	remove_range(le, start, le->cursor);
	le->cursor = start;
}

void
lineedit_clear(lineedit *le)
{
	remove_range(le, 0, le->len);
	le->cursor = le->first = le->top_row = 0;
}

size_t
lineedit_span_cols(const lineedit *le, size_t from, size_t to)
{
	size_t cols = 0;

	if (to > le->len)
		to = le->len;
	for (; from < to; from++)
		cols += char_cols(le->buf[from]);
	return cols;
}

/* Columns the cursor cell needs: the whole character under it, at least one. */
static size_t
cursor_need(const lineedit *le)
{
	size_t w = le->cursor < le->len ? char_cols(le->buf[le->cursor]) : 1;

	return w ? w : 1;
}

/* Step first back over one character and the zero-width marks after it, so a view never opens on a lone combining mark. */
static size_t
prev_cluster(const lineedit *le, size_t i)
{
	i--;
	while (i > 0 && char_cols(le->buf[i]) == 0)
		i--;
	return i;
}

/* After the text got shorter, pull first back while the rest of the text and the end cell still fit, so no columns are wasted on the right.
 * The end cell counts even when the cursor is elsewhere, so plain cursor motion never shifts the view; it also covers the cursor's own cell. */
static void
fill_view(lineedit *le, size_t view_cols)
{
	size_t w = lineedit_span_cols(le, le->first, le->len) + 1, j, add;

	while (le->first > 0) {
		j = prev_cluster(le, le->first);
		add = lineedit_span_cols(le, j, le->first);
		if (w + add > view_cols)
			break;
		w += add;
		le->first = j;
	}
}

void
lineedit_scroll_cols(lineedit *le, size_t view_cols)
{
	size_t need = cursor_need(le), w;

	if (le->first > le->cursor)
		le->first = le->cursor;
	w = lineedit_span_cols(le, le->first, le->cursor);
	while (le->first < le->cursor && w + need > view_cols) {
		w -= char_cols(le->buf[le->first++]);
		while (le->first < le->cursor && char_cols(le->buf[le->first]) == 0)
			le->first++;
	}
	fill_view(le, view_cols);
}

size_t
lineedit_visible_end(const lineedit *le, size_t view_cols)
{
	size_t i = le->first < le->len ? le->first : le->len, w = 0;

	while (i < le->len && w + char_cols(le->buf[i]) <= view_cols)
		w += char_cols(le->buf[i++]);
	return i;
}

size_t
lineedit_cursor_cols(const lineedit *le)
{
	return le->cursor < le->first ? 0 : lineedit_span_cols(le, le->first, le->cursor);
}

/* A growing array of rows. */
struct rowvec {
	lineedit_row *v;
	size_t n, cap;
};

static void
push_row(struct rowvec *rv, size_t start, size_t end)
{
	if (rv->n == rv->cap) {
		rv->cap = rv->cap ? rv->cap * 2 : 8;
		rv->v = xrealloc(rv->v, rv->cap * sizeof *rv->v);
	}
	rv->v[rv->n].start = start;
	rv->v[rv->n].end = end;
	rv->n++;
}

size_t
lineedit_layout(const lineedit *le, size_t width_cols, lineedit_row **rows)
{
	struct rowvec rv = { NULL, 0, 0 };
	size_t start = 0, i = 0, col = 0, w;

	for (;;) {
		if (i == le->len) {
			push_row(&rv, start, i);
			break;
		}
		if (le->buf[i] == L'\n') {
			push_row(&rv, start, i + 1);
			start = ++i;
			col = 0;
			continue;
		}
		w = char_cols(le->buf[i]);
		/* A row always takes at least one character, so a too-narrow width cannot loop forever. */
		if (col + w > width_cols && i > start) {
			push_row(&rv, start, i);
			start = i;
			col = 0;
			continue;
		}
		col += w;
		i++;
	}
	*rows = rv.v;
	return rv.n;
}

void
lineedit_cursor_rowcol(const lineedit *le, const lineedit_row *rows, size_t nrows, size_t *row, size_t *col)
{
	size_t r = 0;

	/* An index shared by a wrapped row's end and the next row's start belongs to the later row. */
	while (r + 1 < nrows && rows[r + 1].start <= le->cursor)
		r++;
	*row = r;
	*col = lineedit_span_cols(le, rows[r].start, le->cursor);
}

/* The index in row r whose character starts at or left of col. A wrapped row's end index is excluded because it is shown on the next row. */
static size_t
index_at_col(const lineedit *le, const lineedit_row *r, bool last, size_t col)
{
	size_t max = last ? r->end : r->end - 1, i = r->start, c = 0;

	while (i < max && c + char_cols(le->buf[i]) <= col)
		c += char_cols(le->buf[i++]);
	return i;
}

int
lineedit_vertical(lineedit *le, size_t width_cols, int dir)
{
	lineedit_row *rows;
	size_t n = lineedit_layout(le, width_cols, &rows), row, col, target;
	int rc = -1;

	lineedit_cursor_rowcol(le, rows, n, &row, &col);
	if ((dir < 0 && row > 0) || (dir > 0 && row + 1 < n)) {
		target = dir < 0 ? row - 1 : row + 1;
		le->cursor = index_at_col(le, &rows[target], target + 1 == n, col);
		rc = 0;
	}
	free(rows);
	return rc;
}

void
lineedit_scroll_rows(lineedit *le, size_t width_cols, size_t view_rows)
{
	lineedit_row *rows;
	size_t n = lineedit_layout(le, width_cols, &rows), row, col;

	lineedit_cursor_rowcol(le, rows, n, &row, &col);
	free(rows);
	/* Fill the view first when the text got shorter, then bring the cursor in. */
	if (le->top_row + view_rows > n)
		le->top_row = n > view_rows ? n - view_rows : 0;
	if (row < le->top_row)
		le->top_row = row;
	else if (view_rows && row >= le->top_row + view_rows)
		le->top_row = row - view_rows + 1;
	else if (!view_rows)
		le->top_row = row;
}
