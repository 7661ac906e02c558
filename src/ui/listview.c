/* listview.c - the list widget. It holds only the rows on screen and asks its page source for
 * the neighbours of the first or last one (keyset pagination), so a list of a million rows costs
 * the same as a list of ten. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "listview.h"
#include "form.h"
#include "lineedit.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

struct listview {
	page_source *ps;
	listview_col *cols;
	size_t ncols;
	page rows;          /* the rows on screen, in display order */
	size_t sel;         /* index into rows */
	size_t view;        /* data rows that fit */
	size_t sort_col;
	bool descending;
	bool searching;     /* the search box has the keyboard */
	lineedit search;
	char *filter;       /* applied search text */
	long long count;    /* rows matching, -1 unknown */
	char *hints;
	bool loaded;
};

/* Move count rows of src starting at from to the end of dst (shallow), leaving src's others. */
static void
rows_append(page *dst, page *src)
{
	dst->rows = xrealloc(dst->rows, (dst->n + src->n) * sizeof *dst->rows);
	if (src->n) /* an empty page may have no array: memcpy from NULL is undefined even for 0 bytes */
		memcpy(dst->rows + dst->n, src->rows, src->n * sizeof *src->rows);
	dst->n += src->n;
	if (src->ncols)
		dst->ncols = src->ncols;
	free(src->rows);
	src->rows = NULL;
	src->n = 0;
}

/* Drop rows [from, from+count) of p, freeing them. */
static void
rows_drop(page *p, size_t from, size_t count)
{
	page gone = { NULL, 0, p->ncols };

	if (count == 0)
		return;
	gone.rows = xmalloc(count * sizeof *gone.rows);
	memcpy(gone.rows, p->rows + from, count * sizeof *p->rows);
	gone.n = count;
	memmove(p->rows + from, p->rows + from + count, (p->n - from - count) * sizeof *p->rows);
	p->n -= count;
	page_clear(&gone);
}

static void
refresh_count(listview *lv)
{
	lv->count = lv->ps->count ? lv->ps->count(lv->ps) : -1;
}

static void
load_first(listview *lv)
{
	page_clear(&lv->rows);
	lv->ps->after(lv->ps, NULL, NULL, lv->view, &lv->rows);
	lv->sel = 0;
	lv->loaded = true;
}

static void
load_last(listview *lv)
{
	page_clear(&lv->rows);
	lv->ps->before(lv->ps, NULL, NULL, lv->view, &lv->rows);
	lv->sel = lv->rows.n ? lv->rows.n - 1 : 0;
}

listview *
listview_new(page_source *ps, const listview_col *cols, size_t ncols)
{
	listview *lv = xcalloc(1, sizeof *lv);

	lv->ps = ps;
	lv->cols = xmalloc(ncols * sizeof *cols);
	memcpy(lv->cols, cols, ncols * sizeof *cols);
	lv->ncols = ncols;
	lv->view = 10;
	lv->count = -1;
	lineedit_init(&lv->search, 100, false);
	lv->ps->set_sort(lv->ps, 0, false);
	refresh_count(lv);
	return lv;
}

void
listview_free(listview *lv)
{
	if (!lv)
		return;
	page_clear(&lv->rows);
	lv->ps->free(lv->ps);
	lineedit_free(&lv->search);
	free(lv->cols);
	free(lv->filter);
	free(lv->hints);
	free(lv);
}

void
listview_reload(listview *lv)
{
	refresh_count(lv);
	load_first(lv);
}

const page_row *
listview_selected(const listview *lv)
{
	return lv->rows.n ? &lv->rows.rows[lv->sel] : NULL;
}

/* Fetch up to want rows after the last one shown and append them. */
static size_t
more_after(listview *lv, size_t want)
{
	page p = { NULL, 0, 0 };
	const page_row *last = lv->rows.n ? &lv->rows.rows[lv->rows.n - 1] : NULL;
	size_t got;

	if (!last)
		return 0;
	lv->ps->after(lv->ps, last->sort_value, last->id, want, &p);
	got = p.n;
	rows_append(&lv->rows, &p);
	return got;
}

/* Fetch up to want rows before the first one shown and prepend them. */
static size_t
more_before(listview *lv, size_t want)
{
	page p = { NULL, 0, 0 };
	const page_row *first = lv->rows.n ? &lv->rows.rows[0] : NULL;
	size_t got;

	if (!first)
		return 0;
	lv->ps->before(lv->ps, first->sort_value, first->id, want, &p);
	got = p.n;
	rows_append(&p, &lv->rows);
	lv->rows = p;
	lv->sel += got;
	return got;
}

static void
line_down(listview *lv)
{
	if (lv->sel + 1 < lv->rows.n) {
		lv->sel++;
	} else if (more_after(lv, 1) == 1) {
		rows_drop(&lv->rows, 0, 1);
		lv->sel = lv->rows.n - 1;
	}
}

static void
line_up(listview *lv)
{
	if (lv->sel > 0) {
		lv->sel--;
	} else if (more_before(lv, 1) == 1) {
		rows_drop(&lv->rows, lv->rows.n - 1, 1);
		lv->sel = 0;
	}
}

static void
page_down(listview *lv)
{
	size_t got = more_after(lv, lv->view);

	if (got == 0) {
		lv->sel = lv->rows.n ? lv->rows.n - 1 : 0;
		return;
	}
	/* Keep a full screen: the new rows plus as many of the old as fit above them. */
	rows_drop(&lv->rows, 0, lv->rows.n > lv->view ? lv->rows.n - lv->view : 0);
	lv->sel = lv->rows.n - 1;
}

static void
page_up(listview *lv)
{
	size_t got = more_before(lv, lv->view);

	if (got == 0) {
		lv->sel = 0;
		return;
	}
	if (lv->rows.n > lv->view)
		rows_drop(&lv->rows, lv->view, lv->rows.n - lv->view);
	lv->sel = 0;
}

static void
apply_filter(listview *lv)
{
	free(lv->filter);
	lv->filter = lineedit_get_utf8(&lv->search);
	lv->ps->set_filter(lv->ps, lv->filter);
	listview_reload(lv);
}

static list_result
search_key(listview *lv, ui_key k)
{
	lineedit *le = &lv->search;

	if ((!k.is_key && (k.code == '\r' || k.code == '\n')) || (k.is_key && k.code == KEY_ENTER)) {
		lv->searching = false;
		apply_filter(lv);
	} else if (!k.is_key && k.code == 27) {
		lv->searching = false;
		lineedit_set_utf8(le, lv->filter ? lv->filter : "");
	} else if (form_edit_key(le, k) || k.is_key) {
		/* an editing key, or a function key that means nothing here */
	} else {
		lineedit_insert(le, (wchar_t)k.code);
	}
	return LIST_NONE;
}

static void
change_sort(listview *lv, size_t col, bool descending)
{
	lv->sort_col = col;
	lv->descending = descending;
	lv->ps->set_sort(lv->ps, col, descending);
	load_first(lv);
}

list_result
listview_key(listview *lv, ui_key k)
{
	if (lv->searching)
		return search_key(lv, k);
	if (k.is_key) {
		switch (k.code) {
		case KEY_DOWN: line_down(lv); break;
		case KEY_UP: line_up(lv); break;
		case KEY_NPAGE: page_down(lv); break;
		case KEY_PPAGE: page_up(lv); break;
		case KEY_HOME: load_first(lv); break;
		case KEY_END: load_last(lv); break;
		case KEY_ENTER: return lv->rows.n ? LIST_OPEN : LIST_NONE;
		default: break;
		}
		return LIST_NONE;
	}
	switch (k.code) {
	case '\r': case '\n': return lv->rows.n ? LIST_OPEN : LIST_NONE;
	case '/': lv->searching = true; lineedit_end(&lv->search); break;
	case 's': change_sort(lv, (lv->sort_col + 1) % lv->ncols, false); break;
	case 'r': change_sort(lv, lv->sort_col, !lv->descending); break;
	case 'j': line_down(lv); break;
	case 'k': line_up(lv); break;
	case ' ': page_down(lv); break;
	case 27:
		if (lv->filter && *lv->filter) {
			lineedit_clear(&lv->search);
			apply_filter(lv);
			break;
		}
		return LIST_BACK;
	default: break;
	}
	return LIST_NONE;
}

/* Grow or shrink the rows held to the rows that fit. */
static void
fit_view(listview *lv, size_t view)
{
	lv->view = view ? view : 1;
	if (!lv->loaded)
		load_first(lv);
	if (lv->rows.n > lv->view) {
		/* Keep the selected row on screen. */
		size_t drop_top = lv->sel >= lv->view ? lv->sel - lv->view + 1 : 0;
		rows_drop(&lv->rows, 0, drop_top);
		lv->sel -= drop_top;
		rows_drop(&lv->rows, lv->view, lv->rows.n - lv->view);
	} else if (lv->rows.n < lv->view && lv->rows.n > 0) {
		more_after(lv, lv->view - lv->rows.n);
		if (lv->rows.n < lv->view)
			more_before(lv, lv->view - lv->rows.n);
	} else if (lv->rows.n == 0) {
		load_first(lv);
	}
}

static int
col_width(const listview *lv, size_t c, int width)
{
	int used = 0;

	if (lv->cols[c].width > 0)
		return lv->cols[c].width;
	for (size_t i = 0; i < lv->ncols; i++)
		used += lv->cols[i].width > 0 ? lv->cols[i].width + 1 : 0;
	return width - used - 2 > 4 ? width - used - 2 : 4;
}

static void
draw_search(listview *lv, int y, int width)
{
	char *label = xasprintf("%s ", _("Search (/):"));
	int x = 1 + ui_put_cols(y, 1, label, width - 2, ROLE_NORMAL);
	int box = 24;
	char *tail;

	free(label);
	ui_fill(y, x, box, lv->searching ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	lineedit_scroll_cols(&lv->search, (size_t)box);
	ui_put_wcs(y, x, lv->search.buf + lv->search.first,
	    lineedit_visible_end(&lv->search, (size_t)box) - lv->search.first,
	    lv->searching ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	if (lv->searching)
		ui_set_cursor(y, x + (int)lineedit_cursor_cols(&lv->search));
	if (lv->count >= 0)
		tail = xasprintf(_("  Sort: %s %s   %lld rows"), lv->cols[lv->sort_col].title,
		    lv->descending ? "v" : "^", lv->count);
	else
		tail = xasprintf(_("  Sort: %s %s"), lv->cols[lv->sort_col].title, lv->descending ? "v" : "^");
	ui_put_cols(y, x + box, tail, width - x - box - 1, ROLE_DIM);
	free(tail);
}

void
listview_draw(listview *lv, int top, int height, int width)
{
	int y = top + 2;

	fit_view(lv, height > 3 ? (size_t)(height - 3) : 1);
	draw_search(lv, top, width);
	for (size_t c = 0, x = 1; c < lv->ncols; c++) {
		int w = col_width(lv, c, width);
		ui_put_cols(top + 1, (int)x, lv->cols[c].title, w, ROLE_TITLE);
		x += (size_t)w + 1;
	}
	if (lv->rows.n == 0)
		ui_put_cols(y, 2, lv->filter && *lv->filter ? _("Nothing matches the search.") : _("No records yet."),
		    width - 4, ROLE_DIM);
	for (size_t r = 0; r < lv->rows.n && (int)r < height - 3; r++, y++) {
		ui_role role = r == lv->sel ? ROLE_SELECTED : ROLE_NORMAL;
		if (r == lv->sel)
			ui_fill(y, 0, width, role);
		for (size_t c = 0, x = 1; c < lv->ncols; c++) {
			int w = col_width(lv, c, width);
			const char *v = lv->rows.rows[r].cells[c];
			char *cell = utf8_fit_cols(lv->cols[c].format ? lv->cols[c].format(v) : v, (size_t)w, true);
			ui_put_cols(y, (int)x, cell, w, role);
			free(cell);
			x += (size_t)w + 1;
		}
	}
}

const char *
listview_hints(const listview *lv)
{
	free(((listview *)lv)->hints);
	if (lv->searching)
		((listview *)lv)->hints = xstrdup(_("Type to search  Enter Apply  Esc Cancel"));
	else
		((listview *)lv)->hints = xstrdup(_("Up/Down PgUp/PgDn Move  / Search  s Sort column  r Reverse  Enter Open  Esc Back  F1 Help"));
	return lv->hints;
}
