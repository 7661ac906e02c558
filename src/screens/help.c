/* help.c - F1: the help text the screen the user came from carries, and the keys that work
 * everywhere. */
#include "config.h"
#include <stdlib.h>
#include "screens.h"
#include "util.h"
#include "i18n.h"

typedef struct help_state {
	char *text;
	int scroll;
} help_state;

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
help_screen_new(const char *text)
{
	help_state *h = xcalloc(1, sizeof *h);

	h->text = xasprintf("%s\n\n%s\n\n%s", text,
	    _("Everywhere: F1 help, Esc back one level, F3 who is typing (the office's operators), F10 quits "
	      "(asking first when something is not saved). "
	      "The bottom line shows the keys of the current screen; the line above it shows the office, "
	      "the operator, record counts and the database file."),
	    _("The window can be resized at any time; it needs at least 80 columns and 24 rows."));
	return ui_screen_new(&help_ops, _("Help"), h);
}
