/* dialog.c - modal dialogs. Each runs its own small key loop over a redrawn base screen, so a
 * resize while a dialog is open redraws both correctly. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "ui.h"
#include "dialog.h"
#include "picklist.h"
#include "form.h"
#include "lineedit.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* A dialog's buttons laid out in rows of at most avail columns, never cut: each "[ label ]" goes
 * on the row it fits on, else on the next; one wider than a whole row (a long destination name
 * inside it) is wrapped over rows of its own. Rows and columns count display columns. */
typedef struct button_layout {
	int n, rows;
	char ***lines;  /* per button: its text, one or more lines */
	int *nlines, *row, *col;
} button_layout;

static void
buttons_layout(button_layout *b, const char *const *options, int n, int avail)
{
	int row = 0, col = 0;

	b->n = n;
	b->lines = xcalloc((size_t)(n ? n : 1), sizeof *b->lines);
	b->nlines = xcalloc((size_t)(n ? n : 1), sizeof *b->nlines);
	b->row = xcalloc((size_t)(n ? n : 1), sizeof *b->row);
	b->col = xcalloc((size_t)(n ? n : 1), sizeof *b->col);
	for (int i = 0; i < n; i++) {
		char *label = xasprintf("[ %s ]", options[i]);
		int w = (int)utf8_width_cols(label);
		if (col > 0 && col + w > avail) {
			row++;
			col = 0;
		}
		b->nlines[i] = ui_wrap_lines(label, avail, &b->lines[i]);
		b->row[i] = row;
		b->col[i] = col;
		if (b->nlines[i] > 1) {
			row += b->nlines[i];
			col = 0;
		} else {
			col += w + 2;
		}
		free(label);
	}
	b->rows = col > 0 ? row + 1 : row;
}

static void
buttons_free(button_layout *b)
{
	for (int i = 0; i < b->n; i++)
		ui_free_lines(b->lines[i], b->nlines[i]);
	free(b->lines);
	free(b->nlines);
	free(b->row);
	free(b->col);
}

/* Draw the laid-out buttons from (y, x), rows below y + max_rows left out; sel highlighted. */
static void
buttons_draw(const button_layout *b, int y, int x, int avail, int max_rows, int sel, ui_role role)
{
	for (int i = 0; i < b->n; i++)
		for (int j = 0; j < b->nlines[i] && b->row[i] + j < max_rows; j++)
			ui_put_cols(y + b->row[i] + j, x + b->col[i], b->lines[i][j], avail - b->col[i],
			    i == sel ? ROLE_SELECTED : role);
}

/* The widest button's columns ("[ label ]"). */
static int
buttons_widest(const char *const *options, int n)
{
	int widest = 0;

	for (int i = 0; i < n; i++) {
		int w = (int)utf8_width_cols(options[i]) + 4;
		if (w > widest)
			widest = w;
	}
	return widest;
}

/* Draw the dialog frame with title, wrapped message and the options below it: on one row when
 * they fit, else on more (buttons_layout). The box is 64 columns wide at most, wider when one
 * button needs it, up to the screen's width. */
static void
draw_dialog(const char *title, const char *message, const char *const *options, int n, int sel)
{
	int width, height, y, x, nl, total, widest;
	char **lines;
	button_layout b;

	ui_redraw();
	if (!ui_size_ok()) {
		/* No room for a box, but the question must be seen before a key answers it (F10 with
		 * unsaved edits in a small window): title, text and options plainly, at the bottom, under
		 * the size message where there is room. */
		char *text = xasprintf("%s\n%s", title, message);
		buttons_layout(&b, options, n, COLS);
		nl = ui_wrap_lines(text, COLS, &lines);
		ui_free_lines(lines, nl);
		y = LINES - nl - b.rows > 0 ? LINES - nl - b.rows : 0;
		for (int r = y; r < LINES; r++)
			ui_fill(r, 0, COLS, ROLE_NORMAL);
		y += ui_draw_wrapped(y, 0, text, COLS, LINES - y, ROLE_DIALOG);
		free(text);
		buttons_draw(&b, y, 0, COLS, LINES - y, sel, ROLE_NORMAL);
		buttons_free(&b);
		curs_set(0);
		refresh();
		return;
	}
	width = COLS - 10 < 64 ? COLS - 10 : 64;
	widest = buttons_widest(options, n);
	if (widest > width - 4)
		width = widest + 4 < COLS - 2 ? widest + 4 : COLS - 2;
	buttons_layout(&b, options, n, width - 4);
	total = nl = ui_wrap_lines(message, width - 4, &lines);
	if (nl > LINES - 7 - b.rows)
		nl = LINES - 7 - b.rows > 1 ? LINES - 7 - b.rows : 1; /* a long text is cut rather than drawn off screen */
	height = nl + 4 + b.rows;
	if (height > LINES)
		height = LINES;
	y = (LINES - height) / 2;
	x = (COLS - width) / 2;
	ui_box(y, x, height, width, ROLE_DIALOG);
	ui_put_cols(y, x + 2, title, width - 4, ROLE_DIALOG);
	for (int i = 0; i < nl; i++)
		ui_put_cols(y + 2 + i, x + 2, lines[i], width - 4, ROLE_DIALOG);
	ui_free_lines(lines, total);
	buttons_draw(&b, y + 3 + nl, x + 2, width - 4, height - 4 - nl, sel, ROLE_DIALOG);
	buttons_free(&b);
	curs_set(0);
	refresh();
}
int
dialog_choose(const char *title, const char *question, const char *const *options, int n)
{
	int sel = 0;

	for (;;) {
		ui_key k;
		draw_dialog(title, question, options, n, sel);
		k = ui_get_key();
		if (k.is_key && k.code == KEY_EXIT)
			return -1;
		if (k.is_key && (k.code == KEY_LEFT || k.code == KEY_BTAB || k.code == KEY_UP))
			sel = (sel + n - 1) % n;
		else if ((k.is_key && (k.code == KEY_RIGHT || k.code == KEY_DOWN)) || (!k.is_key && k.code == '\t'))
			sel = (sel + 1) % n;
		else if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n')))
			return sel;
		else if (!k.is_key && k.code == 27)
			return -1;
		else if (!k.is_key && k.code >= '1' && k.code < (wint_t)('1' + n))
			return (int)(k.code - '1');
	}
}

bool
dialog_confirm(const char *title, const char *question)
{
	return dialog_ask(title, question, true);
}

bool
dialog_ask(const char *title, const char *question, bool default_yes)
{
	const char *opts[2] = { _("Yes (y)"), _("No (n)") };
	int sel = default_yes ? 0 : 1;

	for (;;) {
		ui_key k;
		draw_dialog(title, question, opts, 2, sel);
		k = ui_get_key();
		if (k.is_key && k.code == KEY_EXIT)
			return false;
		if (!k.is_key && (k.code == 'y' || k.code == 'Y'))
			return true;
		if (!k.is_key && (k.code == 'n' || k.code == 'N' || k.code == 27))
			return false;
		if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n')))
			return sel == 0;
		if (k.is_key && (k.code == KEY_LEFT || k.code == KEY_RIGHT || k.code == KEY_BTAB))
			sel = 1 - sel;
		if (!k.is_key && k.code == '\t')
			sel = 1 - sel;
	}
}

void
dialog_message(const char *title, const char *message)
{
	const char *opts[1] = { _("OK") };
	dialog_choose(title, message, opts, 1);
}

/* ---- pick list ---------------------------------------------------------------------- */

static void
pick_draw(const char *title, const picklist *p, const bool *marked, size_t *top)
{
	int width, rows, height, y, x;
	char *foot;

	ui_redraw();
	if (!ui_size_ok())
		return;
	width = COLS - 10 < 64 ? COLS - 10 : 64;
	rows = LINES - 10;
	if (rows > (int)p->nvis)
		rows = p->nvis ? (int)p->nvis : 1;
	height = rows + 4;
	y = (LINES - height) / 2;
	x = (COLS - width) / 2;
	/* Scroll so the highlight is in view. */
	if (p->sel < *top)
		*top = p->sel;
	if (p->sel >= *top + (size_t)rows)
		*top = p->sel - (size_t)rows + 1;
	ui_box(y, x, height, width, ROLE_DIALOG);
	ui_put_cols(y, x + 2, title, width - 4, ROLE_DIALOG);
	if (p->nvis == 0)
		ui_put_cols(y + 1, x + 2, _("No choice matches."), width - 4, ROLE_DIALOG);
	for (int r = 0; r < rows && *top + (size_t)r < p->nvis; r++) {
		size_t row = *top + (size_t)r, i = p->vis[row];
		ui_role role = row == p->sel ? ROLE_SELECTED : ROLE_DIALOG;
		char *item = xasprintf("%3zu. %s%s", i + 1, marked ? (marked[i] ? "[x] " : "[ ] ") : "", p->labels[i]);
		ui_fill(y + 1 + r, x + 1, width - 2, role);
		ui_put_cols(y + 1 + r, x + 2, item, width - 4, role);
		free(item);
	}
	if (p->flen) {
		char *f = utf8_from_wcs(p->filter, p->flen);
		/* TRANSLATORS: the text typed to narrow a pick list. */
		foot = xasprintf(_("Filter: %s"), f);
		free(f);
	} else if (p->number) {
		/* TRANSLATORS: the number typed to pick from a list. */
		foot = xasprintf(_("Number: %zu"), p->number);
	} else {
		foot = xstrdup(_("Digits pick by number, typing filters, Enter chooses, Esc closes."));
	}
	ui_put_cols(y + height - 2, x + 2, foot, width - 4, ROLE_DIALOG);
	free(foot);
	curs_set(0);
	refresh();
}

/* A moving key; false when k is not one. */
static bool
pick_move(picklist *p, ui_key k)
{
	long page = LINES > 12 ? LINES - 12 : 1;

	if (!k.is_key)
		return false;
	switch (k.code) {
	case KEY_UP: picklist_move(p, -1); break;
	case KEY_DOWN: picklist_move(p, 1); break;
	case KEY_PPAGE: picklist_move(p, -page); break;
	case KEY_NPAGE: picklist_move(p, page); break;
	case KEY_HOME: picklist_move(p, -(long)p->n); break;
	case KEY_END: picklist_move(p, (long)p->n); break;
	case KEY_BACKSPACE: picklist_backspace(p); break;
	default: return false;
	}
	return true;
}

int
dialog_pick(const char *title, const char *const *labels, size_t n, size_t current, const bool *marked)
{
	picklist p;
	size_t top = 0;
	int result = -1;

	picklist_init(&p, labels, n, current);
	for (;;) {
		ui_key k;
		pick_draw(title, &p, marked, &top);
		k = ui_get_key();
		if (k.is_key && k.code == KEY_EXIT)
			break;
		if (pick_move(&p, k))
			continue;
		if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n' || k.code == ' '))) {
			if ((result = picklist_selected(&p)) >= 0)
				break;
		} else if (!k.is_key && (k.code == 0x7f || k.code == 0x08)) {
			picklist_backspace(&p);
		} else if (!k.is_key && k.code == 27) {
			/* Esc first clears what was typed, then closes. */
			if (!picklist_clear(&p))
				break;
		} else if (!k.is_key) {
			picklist_type(&p, (wchar_t)k.code);
		}
	}
	picklist_free(&p);
	return result;
}

/* ---- one line of text ------------------------------------------------------------------- */

static void
input_draw(const char *title, const char *prompt, lineedit *le, const char *error, bool secret)
{
	int width, height, y, x, nl, total, w;
	char **lines;
	size_t end;

	ui_redraw();
	if (!ui_size_ok())
		return;   /* the size message is shown; Esc still cancels */
	width = COLS - 10 < 64 ? COLS - 10 : 64;
	total = nl = ui_wrap_lines(prompt, width - 4, &lines);
	if (nl > LINES - 10)
		nl = LINES - 10;
	height = nl + 7;
	y = (LINES - height) / 2;
	x = (COLS - width) / 2;
	w = width - 4;
	ui_box(y, x, height, width, ROLE_DIALOG);
	ui_put_cols(y, x + 2, title, w, ROLE_DIALOG);
	for (int i = 0; i < nl; i++)
		ui_put_cols(y + 2 + i, x + 2, lines[i], w, ROLE_DIALOG);
	ui_free_lines(lines, total);
	ui_fill(y + 2 + nl, x + 2, w, ROLE_FIELD_FOCUS);
	lineedit_scroll_cols(le, (size_t)w - 1);
	end = lineedit_visible_end(le, (size_t)w - 1);
	/* A passphrase is never echoed, not even as stars (their number would tell its length). */
	if (!secret)
		ui_put_wcs(y + 2 + nl, x + 2, le->buf + le->first, end - le->first, ROLE_FIELD_FOCUS);
	if (error)
		ui_put_cols(y + 3 + nl, x + 2, error, w, ROLE_ERROR);
	ui_put_cols(y + height - 2, x + 2, _("Enter OK  Esc Cancel"), w, ROLE_DIALOG);
	curs_set(1);
	move(y + 2 + nl, x + 2 + (secret ? 0 : (int)lineedit_cursor_cols(le)));
	refresh();
}

static char *
input_run(const char *title, const char *prompt, const char *initial, size_t max_chars,
    char *(*check)(const char *text, void *ud), void *ud, bool secret)
{
	lineedit le;
	char *error = NULL, *result = NULL;

	lineedit_init(&le, max_chars, false);
	if (initial)
		lineedit_set_utf8(&le, initial);
	for (;;) {
		ui_key k;
		input_draw(title, prompt, &le, error, secret);
		k = ui_get_key();
		if ((k.is_key && k.code == KEY_EXIT) || (!k.is_key && k.code == 27))
			break;
		if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'))) {
			char *text = lineedit_get_utf8(&le);
			free(error);
			if (!(error = check ? check(text, ud) : NULL)) {
				result = text;
				break;
			}
			free(text);
			continue;
		}
		if (form_edit_key(&le, k) || k.is_key)
			continue;
		/* Control characters are refused by the editor; a full line says so. */
		if (lineedit_insert(&le, (wchar_t)k.code) != 0 && k.code >= 0x20) {
			free(error);
			error = xstrdup(_("The field is full."));
		}
	}
	free(error);
	if (secret)
		for (volatile wchar_t *w = le.buf; w && w < le.buf + le.cap; w++)
			*w = 0;
	lineedit_free(&le);
	curs_set(0);
	return result;
}

char *
dialog_input(const char *title, const char *prompt, size_t max_chars,
    char *(*check)(const char *text, void *ud), void *ud)
{
	return input_run(title, prompt, NULL, max_chars, check, ud, false);
}

char *
dialog_input_text(const char *title, const char *prompt, const char *initial, size_t max_chars,
    char *(*check)(const char *text, void *ud), void *ud)
{
	return input_run(title, prompt, initial, max_chars, check, ud, false);
}

char *
dialog_secret(const char *title, const char *prompt, size_t max_chars)
{
	return input_run(title, prompt, NULL, max_chars, NULL, NULL, true);
}
