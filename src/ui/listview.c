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
	long long count;    /* rows matching, -1 until asked for (c): a count scans, opening must not */
	char *error;        /* the page source's message when the last read failed, else NULL */
	bool show_deleted;  /* showing the deleted rows instead of the live ones */
	listview_restore_fn restore;
	void *restore_ctx;
	char *hints;
	bool loaded;
};

/* Note whether the last call on the source failed: a failed read must show as an error, never as an
 * empty list that looks like no data. */
static void
note_error(listview *lv, int rc)
{
	const char *e = lv->ps->error ? lv->ps->error(lv->ps) : NULL;

	free(lv->error);
	lv->error = rc != 0 ? xstrdup(e ? e : "?") : NULL;
}

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

/* Count the rows matching (asked for with c). */
static void
refresh_count(listview *lv)
{
	lv->count = lv->ps->count ? lv->ps->count(lv->ps) : -1;
	note_error(lv, lv->count < 0 && lv->ps->count ? -1 : 0);
}

static void
load_first(listview *lv)
{
	page_clear(&lv->rows);
	note_error(lv, lv->ps->after(lv->ps, NULL, NULL, lv->view, &lv->rows));
	lv->sel = 0;
	lv->loaded = true;
}

static void
load_last(listview *lv)
{
	page_clear(&lv->rows);
	note_error(lv, lv->ps->before(lv->ps, NULL, NULL, lv->view, &lv->rows));
	lv->sel = lv->rows.n ? lv->rows.n - 1 : 0;
}

/* Load the rows around the selected one again, keeping it selected at the same place on screen (by
 * its key); if it is gone, its successor takes its place. */
static void
load_around_selected(listview *lv)
{
	const page_row *cur = lv->rows.n ? &lv->rows.rows[lv->sel] : NULL;
	size_t sel;
	int rc;

	if (!cur) {
		load_first(lv);
		return;
	}
	/* page_around replaces lv->rows only once it has read the new rows: the key points into them. */
	rc = page_around(lv->ps, cur->sort_value, cur->id, lv->sel, lv->view, &lv->rows, &sel);
	note_error(lv, rc);
	if (rc == 0)
		lv->sel = sel;
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
	/* Start on the first column the source can sort by. */
	for (size_t c = 0; c < ncols; c++)
		if (!lv->ps->sortable || lv->ps->sortable(lv->ps, c)) {
			lv->sort_col = c;
			break;
		}
	lv->ps->set_sort(lv->ps, lv->sort_col, false);
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
	free(lv->error);
	free(lv->hints);
	free(lv);
}

void
listview_reload(listview *lv)
{
	lv->count = -1;
	if (lv->loaded)
		load_around_selected(lv);
	else
		load_first(lv);
}

bool
listview_select(listview *lv, const char *id)
{
	char *sort_value = NULL;
	size_t sel, above = lv->loaded && lv->rows.n ? lv->sel : 0;
	int rc;

	if (!lv->ps->key_of || lv->ps->key_of(lv->ps, id, &sort_value) != 0) {
		listview_reload(lv);
		return false;
	}
	lv->count = -1;
	/* The row itself, or its successor when the search or a filter hides it. */
	rc = page_around(lv->ps, sort_value, id, above, lv->view, &lv->rows, &sel);
	free(sort_value);
	note_error(lv, rc);
	if (rc != 0)
		return false;
	lv->sel = sel;
	lv->loaded = true;
	return lv->rows.n > 0 && strcmp(lv->rows.rows[lv->sel].id, id) == 0;
}

void
listview_set_restore(listview *lv, listview_restore_fn restore, void *ctx)
{
	lv->restore = restore;
	lv->restore_ctx = ctx;
}

const char *
listview_error(const listview *lv)
{
	return lv->error;
}

bool
listview_showing_deleted(const listview *lv)
{
	return lv->show_deleted;
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
	note_error(lv, lv->ps->after(lv->ps, last->sort_value, last->id, want, &p));
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
	note_error(lv, lv->ps->before(lv->ps, first->sort_value, first->id, want, &p));
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
	lv->count = -1;
	load_first(lv);
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

/* The next column after the current one that the source can sort by (the current one if none). */
static size_t
next_sortable(const listview *lv)
{
	for (size_t i = 1; i <= lv->ncols; i++) {
		size_t c = (lv->sort_col + i) % lv->ncols;
		if (!lv->ps->sortable || lv->ps->sortable(lv->ps, c))
			return c;
	}
	return lv->sort_col;
}

/* d: switch between the live rows and the deleted ones, when the source keeps tombstones. */
static void
toggle_deleted(listview *lv)
{
	if (!lv->ps->set_show_deleted || !lv->ps->set_show_deleted(lv->ps, !lv->show_deleted))
		return;
	lv->show_deleted = !lv->show_deleted;
	lv->count = -1;
	load_first(lv);
}

/* u: restore the selected deleted row through the screen's callback, then reload around it. */
static void
restore_selected(listview *lv)
{
	const page_row *row = listview_selected(lv);
	char *err = NULL;

	if (!lv->show_deleted || !lv->restore || !row)
		return;
	if (lv->restore(lv->restore_ctx, row, &err) != 0) {
		ui_flash(err ? err : _("The record could not be restored."));
		free(err);
		return;
	}
	ui_flash(_("Record restored."));
	listview_reload(lv);
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
	case 's': change_sort(lv, next_sortable(lv), false); break;
	case 'c': refresh_count(lv); break;
	case 'd': toggle_deleted(lv); break;
	case 'u': restore_selected(lv); break;
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
		tail = xasprintf(_("  Sort: %s %s   %lld rows%s"), lv->cols[lv->sort_col].title,
		    lv->descending ? "v" : "^", lv->count, lv->show_deleted ? _("  (deleted)") : "");
	else
		tail = xasprintf(_("  Sort: %s %s%s"), lv->cols[lv->sort_col].title, lv->descending ? "v" : "^",
		    lv->show_deleted ? _("  (deleted)") : "");
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
	if (lv->error) {
		char *msg = xasprintf(_("The list cannot be read: %s"), lv->error);
		ui_put_cols(y++, 2, msg, width - 4, ROLE_ERROR);
		free(msg);
	} else if (lv->rows.n == 0) {
		ui_put_cols(y, 2, lv->filter && *lv->filter ? _("Nothing matches the search.")
		    : lv->show_deleted ? _("No deleted records.") : _("No records yet."), width - 4, ROLE_DIM);
	}
	for (size_t r = 0; r < lv->rows.n && (int)r < height - 3 - (lv->error ? 1 : 0); r++, y++) {
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
	else if (lv->show_deleted)
		((listview *)lv)->hints = xstrdup(_("Up/Down Move  / Search  u Restore  d Live records  c Count  Esc Back  F1 Help"));
	else if (lv->ps->set_show_deleted && lv->restore)
		((listview *)lv)->hints = xstrdup(_("Up/Down Move  / Search  s Sort  r Reverse  c Count  d Deleted  Enter Open  Esc Back"));
	else
		((listview *)lv)->hints = xstrdup(_("Up/Down PgUp/PgDn Move  / Search  s Sort  r Reverse  c Count  Enter Open  Esc Back  F1 Help"));
	return lv->hints;
}
