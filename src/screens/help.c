/* help.c - F1: the keys of the screen the user came from, and the keys that work everywhere. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "util.h"
#include "i18n.h"

typedef struct help_state {
	char *text;
	int scroll;
} help_state;

static const char *
screen_help(const char *name)
{
	if (strcmp(name, "menu") == 0)
		return _("Main menu: Up/Down or j/k choose, Enter opens, the digits 1-7 open an entry directly, "
		         "q quits.");
	if (strcmp(name, "setup") == 0)
		return _("Forms: Tab, Down or Enter goes to the next field, Shift-Tab or Up to the previous one. "
		         "Left/Right, Home/End, Backspace and Delete edit the text; Ctrl-K deletes to the end, "
		         "Ctrl-U to the start. In a date field t enters today. In a choice field Left/Right move, "
		         "Space chooses, 1-9 choose directly. F2 (or Ctrl-S) saves; Esc cancels and asks before "
		         "throwing edits away. A field's text is kept as a draft as soon as you leave it, so a "
		         "closed terminal loses at most the field being typed.");
	if (strcmp(name, "reference") == 0)
		return _("Lists: Up/Down, PgUp/PgDn, Home/End move; / opens the search box (Enter applies, Esc "
		         "clears); s sorts by the next column, r reverses the order; Enter shows the row in full; "
		         "Esc goes back.");
	return _("This part of lifecircle is not built yet. Esc goes back.");
}

static void
help_draw(screen *s, int top, int height, int width)
{
	help_state *h = s->state;
	char **lines;
	int n = ui_wrap_lines(h->text, width - 4, &lines);

	if (h->scroll > n - 1)
		h->scroll = n > 0 ? n - 1 : 0;
	for (int i = h->scroll, y = top + 1; i < n && y < top + height; i++, y++)
		ui_put_cols(y, 2, lines[i], width - 4, ROLE_NORMAL);
	ui_free_lines(lines, n);
}

static ui_action
help_key(screen *s, ui_key k)
{
	help_state *h = s->state;

	if (k.is_key && k.code == KEY_DOWN)
		h->scroll++;
	else if (k.is_key && k.code == KEY_UP && h->scroll > 0)
		h->scroll--;
	else if ((!k.is_key && (k.code == 27 || k.code == 'q' || k.code == '\r')) ||
	    (k.is_key && (k.code == KEY_F(1) || k.code == KEY_ENTER)))
		return UI_BACK;
	return UI_STAY;
}

static const char *
help_hints(screen *s)
{
	(void)s;
	return _("Up/Down Scroll  Esc Back");
}

static void
help_free(screen *s)
{
	help_state *h = s->state;
	free(h->text);
	free(h);
}

static const screen_ops help_ops = {
	.name = "help", .draw = help_draw, .key = help_key, .hints = help_hints, .free = help_free,
};

screen *
help_screen_new(const char *name)
{
	help_state *h = xcalloc(1, sizeof *h);

	h->text = xasprintf("%s\n\n%s\n\n%s", screen_help(name),
	    _("Everywhere: F1 help, Esc back one level, F10 quits (asking first when something is not saved). "
	      "The bottom line shows the keys of the current screen; the line above it shows the office, "
	      "the operator, record counts and the database file."),
	    _("The window can be resized at any time; it needs at least 80 columns and 24 rows."));
	return ui_screen_new(&help_ops, _("Help"), h);
}
