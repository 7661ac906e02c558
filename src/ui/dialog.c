/* dialog.c - modal dialogs. Each runs its own small key loop over a redrawn base screen, so a
 * resize while a dialog is open redraws both correctly. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wctype.h>
#include "ui.h"
#include "dialog.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Draw the dialog frame with title, wrapped message and a bottom line of options. */
static void
draw_dialog(const char *title, const char *message, const char *const *options, int n, int sel)
{
	int width, height, y, x, nl, total;
	char **lines;

	ui_redraw();
	if (!ui_size_ok()) {
		/* No room for a box, but the question must be seen before a key answers it (F10 with
		 * unsaved edits in a small window): title, text and options plainly, at the bottom, under
		 * the size message where there is room. */
		char *text = xasprintf("%s\n%s", title, message);
		nl = ui_wrap_lines(text, COLS, &lines);
		ui_free_lines(lines, nl);
		y = LINES - nl - 1 > 0 ? LINES - nl - 1 : 0;
		for (int r = y; r < LINES; r++)
			ui_fill(r, 0, COLS, ROLE_NORMAL);
		y += ui_draw_wrapped(y, 0, text, COLS, LINES - y, ROLE_DIALOG);
		free(text);
		for (int i = 0, cx = 0; i < n && y < LINES; i++) {
			char *label = xasprintf("[ %s ]", options[i]);
			cx += ui_put_cols(y, cx, label, COLS - cx, i == sel ? ROLE_SELECTED : ROLE_NORMAL) + 1;
			free(label);
		}
		curs_set(0);
		refresh();
		return;
	}
	width = COLS - 10 < 64 ? COLS - 10 : 64;
	total = nl = ui_wrap_lines(message, width - 4, &lines);
	if (nl > LINES - 8)
		nl = LINES - 8; /* a long text is cut rather than drawn off screen */
	height = nl + 5;
	y = (LINES - height) / 2;
	x = (COLS - width) / 2;
	ui_box(y, x, height, width, ROLE_DIALOG);
	ui_put_cols(y, x + 2, title, width - 4, ROLE_DIALOG);
	for (int i = 0; i < nl; i++)
		ui_put_cols(y + 2 + i, x + 2, lines[i], width - 4, ROLE_DIALOG);
	ui_free_lines(lines, total);
	for (int i = 0, cx = x + 2; i < n; i++) {
		char *label = xasprintf("[ %s ]", options[i]);
		cx += ui_put_cols(y + height - 2, cx, label, x + width - 2 - cx, i == sel ? ROLE_SELECTED : ROLE_DIALOG) + 2;
		free(label);
	}
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

#define PICK_FILTER_MAX 32

typedef struct pick_state {
	const char *const *labels;
	size_t n;
	const bool *marked;
	wchar_t filter[PICK_FILTER_MAX + 1];  /* typed text that narrows the list (lower case) */
	size_t flen;
	size_t number;      /* digits typed so far (0: none) */
	size_t *vis;        /* indexes of the labels shown */
	size_t nvis;
	size_t sel;         /* highlighted row of vis */
	size_t top;         /* first row of vis shown */
} pick_state;

/* Fresh lower-case wide copy of the UTF-8 label, for matching. */
static wchar_t *
lower_wcs(const char *s)
{
	wchar_t *w = utf8_to_wcs(s, NULL);

	for (wchar_t *p = w; *p; p++)
		*p = (wchar_t)towlower((wint_t)*p);
	return w;
}

/* Rebuild the shown rows from the filter. */
static void
pick_filter(pick_state *ps)
{
	ps->nvis = 0;
	for (size_t i = 0; i < ps->n; i++) {
		wchar_t *w = lower_wcs(ps->labels[i]);
		if (ps->flen == 0 || wcsstr(w, ps->filter))
			ps->vis[ps->nvis++] = i;
		free(w);
	}
	ps->sel = ps->top = 0;
}

/* A digit typed: the number so far grows (1 then 2 = 12) while it names a choice, else starts again. */
static void
pick_digit(pick_state *ps, int d)
{
	if (ps->flen) {
		ps->flen = 0;
		ps->filter[0] = L'\0';
		pick_filter(ps);
	}
	ps->number = ps->number * 10 + (size_t)d;
	if (ps->number == 0 || ps->number > ps->n)
		ps->number = (size_t)d;
	if (ps->number >= 1 && ps->number <= ps->n)
		ps->sel = ps->number - 1;
}

static void
pick_draw(const char *title, pick_state *ps)
{
	int width, rows, height, y, x;
	char *foot;

	ui_redraw();
	if (!ui_size_ok())
		return;
	width = COLS - 10 < 64 ? COLS - 10 : 64;
	rows = LINES - 10;
	if (rows > (int)ps->nvis)
		rows = ps->nvis ? (int)ps->nvis : 1;
	height = rows + 4;
	y = (LINES - height) / 2;
	x = (COLS - width) / 2;
	if (ps->sel < ps->top)
		ps->top = ps->sel;
	if (ps->sel >= ps->top + (size_t)rows)
		ps->top = ps->sel - (size_t)rows + 1;
	ui_box(y, x, height, width, ROLE_DIALOG);
	ui_put_cols(y, x + 2, title, width - 4, ROLE_DIALOG);
	if (ps->nvis == 0)
		ui_put_cols(y + 1, x + 2, _("No choice matches."), width - 4, ROLE_DIALOG);
	for (int r = 0; r < rows && ps->top + (size_t)r < ps->nvis; r++) {
		size_t row = ps->top + (size_t)r, i = ps->vis[row];
		char *item = xasprintf("%3zu. %s%s", i + 1, ps->marked ? (ps->marked[i] ? "[x] " : "[ ] ") : "", ps->labels[i]);
		ui_fill(y + 1 + r, x + 1, width - 2, row == ps->sel ? ROLE_SELECTED : ROLE_DIALOG);
		ui_put_cols(y + 1 + r, x + 2, item, width - 4, row == ps->sel ? ROLE_SELECTED : ROLE_DIALOG);
		free(item);
	}
	if (ps->flen) {
		char *f = utf8_from_wcs(ps->filter, ps->flen);
		/* TRANSLATORS: the text typed to narrow a pick list. */
		foot = xasprintf(_("Filter: %s"), f);
		free(f);
	} else if (ps->number) {
		/* TRANSLATORS: the number typed to pick from a list. */
		foot = xasprintf(_("Number: %zu"), ps->number);
	} else {
		foot = xstrdup(_("Digits pick by number, typing filters, Enter chooses, Esc closes."));
	}
	ui_put_cols(y + height - 2, x + 2, foot, width - 4, ROLE_DIALOG);
	free(foot);
	curs_set(0);
	refresh();
}

/* Handle a moving or editing key; false when k is not one. */
static bool
pick_move(pick_state *ps, ui_key k)
{
	size_t page = LINES > 12 ? (size_t)LINES - 12 : 1;

	if (!k.is_key && (k.code == 0x7f || k.code == 0x08))
		k = (ui_key){ .is_key = true, .code = KEY_BACKSPACE };
	if (!k.is_key)
		return false;
	switch (k.code) {
	case KEY_UP: if (ps->sel > 0) ps->sel--; break;
	case KEY_DOWN: if (ps->sel + 1 < ps->nvis) ps->sel++; break;
	case KEY_PPAGE: ps->sel = ps->sel > page ? ps->sel - page : 0; break;
	case KEY_NPAGE: ps->sel = ps->sel + page < ps->nvis ? ps->sel + page : (ps->nvis ? ps->nvis - 1 : 0); break;
	case KEY_HOME: ps->sel = 0; break;
	case KEY_END: ps->sel = ps->nvis ? ps->nvis - 1 : 0; break;
	case KEY_BACKSPACE:
		if (ps->number) {
			ps->number /= 10;
			if (ps->number >= 1)
				ps->sel = ps->number - 1;
		} else if (ps->flen) {
			ps->filter[--ps->flen] = L'\0';
			pick_filter(ps);
		}
		break;
	default: return false;
	}
	return true;
}

int
dialog_pick(const char *title, const char *const *labels, size_t n, size_t current, const bool *marked)
{
	pick_state ps = { .labels = labels, .n = n, .marked = marked };
	int result = -1;

	ps.vis = xcalloc(n ? n : 1, sizeof *ps.vis);
	pick_filter(&ps);
	ps.sel = current < n ? current : 0;
	for (;;) {
		ui_key k;
		pick_draw(title, &ps);
		k = ui_get_key();
		if (k.is_key && k.code == KEY_EXIT)
			break;
		if (pick_move(&ps, k))
			continue;
		if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n' || k.code == ' '))) {
			if (ps.nvis) {
				result = (int)ps.vis[ps.sel];
				break;
			}
		} else if (!k.is_key && k.code == 27) {
			/* Esc first clears what was typed, then closes. */
			if (!ps.flen && !ps.number)
				break;
			ps.flen = ps.number = 0;
			ps.filter[0] = L'\0';
			pick_filter(&ps);
		} else if (!k.is_key && k.code >= '0' && k.code <= '9') {
			pick_digit(&ps, (int)(k.code - '0'));
		} else if (!k.is_key && k.code >= 0x20 && ps.flen < PICK_FILTER_MAX) {
			ps.number = 0;
			ps.filter[ps.flen++] = (wchar_t)towlower(k.code);
			ps.filter[ps.flen] = L'\0';
			pick_filter(&ps);
		}
	}
	free(ps.vis);
	return result;
}
