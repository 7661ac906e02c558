/* textview.c - read-only lines of text, wrapped to the width when drawn and scrolled by rows. */
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "textview.h"
#include "util.h"

struct textview {
	char **text;
	ui_role *role;
	size_t n, cap;
	int scroll;       /* first row shown */
	int rows;         /* rows of the last draw (wrapped), to clamp the scroll */
	int page;         /* rows of the last draw's area */
};

textview *
textview_new(void)
{
	return xcalloc(1, sizeof(textview));
}

void
textview_clear(textview *tv)
{
	for (size_t i = 0; i < tv->n; i++)
		free(tv->text[i]);
	tv->n = 0;
	tv->scroll = 0;
}

void
textview_free(textview *tv)
{
	if (!tv)
		return;
	textview_clear(tv);
	free(tv->text);
	free(tv->role);
	free(tv);
}

void
textview_add(textview *tv, ui_role role, const char *text)
{
	if (tv->n == tv->cap) {
		tv->cap = tv->cap ? tv->cap * 2 : 32;
		tv->text = xrealloc(tv->text, tv->cap * sizeof *tv->text);
		tv->role = xrealloc(tv->role, tv->cap * sizeof *tv->role);
	}
	tv->text[tv->n] = xstrdup(text);
	tv->role[tv->n++] = role;
}

void
textview_addf(textview *tv, ui_role role, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	textview_add(tv, role, s ? s : "");
	free(s);
}

static void
clamp(textview *tv)
{
	int max = tv->rows - tv->page;

	if (tv->scroll > max)
		tv->scroll = max;
	if (tv->scroll < 0)
		tv->scroll = 0;
}

bool
textview_key(textview *tv, ui_key k)
{
	int page = tv->page > 1 ? tv->page - 1 : 1;

	if (k.is_key) {
		switch (k.code) {
		case KEY_UP: tv->scroll--; break;
		case KEY_DOWN: tv->scroll++; break;
		case KEY_PPAGE: tv->scroll -= page; break;
		case KEY_NPAGE: tv->scroll += page; break;
		case KEY_HOME: tv->scroll = 0; break;
		case KEY_END: tv->scroll = tv->rows; break;
		default: return false;
		}
	} else if (k.code == 'k') {
		tv->scroll--;
	} else if (k.code == 'j') {
		tv->scroll++;
	} else if (k.code == ' ') {
		tv->scroll += page;
	} else {
		return false;
	}
	clamp(tv);
	return true;
}

void
textview_draw(textview *tv, int top, int height, int width)
{
	int row = 0;

	tv->page = height;
	for (size_t i = 0; i < tv->n; i++) {
		char **lines;
		/* A line's leading spaces indent every row it wraps to (details under their item). */
		int indent = (int)strspn(tv->text[i], " "), n;
		if (indent > width / 2)
			indent = 0;
		n = ui_wrap_lines(tv->text[i] + indent, width - 2 - indent, &lines);
		if (n == 0)
			row++;
		for (int j = 0; j < n; j++, row++)
			if (row >= tv->scroll && row < tv->scroll + height)
				ui_put_cols(top + row - tv->scroll, 1 + indent, lines[j], width - 2 - indent, tv->role[i]);
		ui_free_lines(lines, n);
	}
	tv->rows = row;
	if (tv->scroll > 0 && tv->scroll > tv->rows - height) {
		/* The text got shorter (a reload, a wider window): show its end. */
		clamp(tv);
	}
}

bool
textview_screen_key(textview *tv, ui_key k, ui_action *act)
{
	if (textview_key(tv, k))
		*act = UI_STAY;
	else if (!k.is_key && k.code == 27)
		*act = UI_BACK;
	else
		return false;
	return true;
}
