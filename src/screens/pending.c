/* pending.c - the honest screen for a part that is not built yet: it says so and what it will do. */
#include "config.h"
#include <stdlib.h>
#include "screens.h"
#include "util.h"
#include "i18n.h"

typedef struct pending_state {
	char *what;
} pending_state;

static void
pending_draw(screen *s, int top, int height, int width)
{
	pending_state *st = s->state;
	int y = top + 2;

	ui_put_cols(y, 4, _("Not built yet"), width - 8, ROLE_ERROR);
	y += 2;
	ui_draw_wrapped(y, 4, st->what, width - 8, height - 5, ROLE_NORMAL);
}

static ui_action
pending_key(screen *s, ui_key k)
{
	(void)s;
	if (!k.is_key && (k.code == 27 || k.code == '\r' || k.code == '\n'))
		return UI_BACK;
	if (k.is_key && k.code == KEY_ENTER)
		return UI_BACK;
	return UI_STAY;
}

static void
pending_free(screen *s)
{
	pending_state *st = s->state;
	free(st->what);
	free(st);
}

static const char *
pending_help(screen *s)
{
	(void)s;
	return _("This part of lifecircle is not built yet. Esc goes back.");
}

static const screen_ops pending_ops = {
	.name = "pending", .draw = pending_draw, .key = pending_key, .free = pending_free, .help = pending_help,
};

screen *
pending_screen_new(const char *title, const char *what)
{
	pending_state *st = xcalloc(1, sizeof *st);

	st->what = xstrdup(what);
	return ui_screen_new(&pending_ops, title, st);
}
