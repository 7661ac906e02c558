/* app.c - the shell: screen stack, title/status/hint lines, the key loop, resize, quit and
 * hang-up. Screens only draw their body and answer keys; everything global lives here. */
#include "config.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui.h"
#include "dialog.h"
#include "screens.h"
#include "settings.h"
#include "stats.h"
#include "draft.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

#define STACK_MAX 16

static struct {
	sqlite3 *db;
	screen *stack[STACK_MAX];
	int depth;
	char *flash;
	char *status;
	int cursor_y, cursor_x;
	bool running;
} app;

/* Set from a signal handler: the terminal went away or we were asked to stop. */
static volatile sig_atomic_t got_hangup;

static void
on_hangup(int sig)
{
	(void)sig;
	got_hangup = 1;
}

sqlite3 *
ui_db(void)
{
	return app.db;
}

screen *
ui_screen_new(const screen_ops *ops, const char *title, void *state)
{
	screen *s = xcalloc(1, sizeof *s);

	s->ops = ops;
	s->title = xstrdup(title);
	s->state = state;
	return s;
}

static void
screen_free(screen *s)
{
	if (s->ops->free)
		s->ops->free(s);
	free(s->title);
	free(s);
}

void
ui_push(screen *s)
{
	if (app.depth == STACK_MAX) {
		screen_free(s);
		return;
	}
	app.stack[app.depth++] = s;
}

static void
pop(void)
{
	if (app.depth > 0)
		screen_free(app.stack[--app.depth]);
}

void
ui_flash(const char *msg)
{
	free(app.flash);
	app.flash = xstrdup(msg);
}

void
ui_set_cursor(int y, int x)
{
	app.cursor_y = y;
	app.cursor_x = x;
}

bool
ui_size_ok(void)
{
	return COLS >= UI_MIN_COLS && LINES >= UI_MIN_ROWS;
}

void
ui_refresh_status(void)
{
	office_identity id;
	record_counts n;

	settings_identity_load(app.db, &id);
	stats_record_counts(app.db, &n);
	free(app.status);
	app.status = xasprintf(_(" %s %s | operator: %s | responses %lld  facilities %lld  proposals %lld | %s"),
	    *id.community ? id.community : _("(office not set)"), id.office_code, id.operator_name,
	    n.responses, n.facilities, n.proposals, db_filename(app.db));
	settings_identity_free(&id);
}

static void
draw_too_small(void)
{
	char *msg = xasprintf(_("The terminal is too small: %dx%d (columns x rows). lifecircle needs at least %dx%d."),
	    COLS, LINES, UI_MIN_COLS, UI_MIN_ROWS);
	char *msg2 = xstrdup(_("Enlarge the window, or press F10 to quit."));
	int rows;

	erase();
	/* Wrap over the rows we have: the message (with both sizes) must be readable in any size. */
	rows = ui_draw_wrapped(0, 0, msg, COLS, LINES, ROLE_ERROR);
	if (rows < LINES)
		ui_draw_wrapped(rows, 0, msg2, COLS, LINES - rows, ROLE_NORMAL);
	free(msg);
	free(msg2);
	curs_set(0);
	refresh();
}

static const char *
default_hints(void)
{
	return _("F1 Help  Esc Back  F10 Quit");
}

void
ui_redraw(void)
{
	screen *s = app.stack[app.depth - 1];
	const char *hints;
	char *title;

	if (!ui_size_ok()) {
		draw_too_small();
		return;
	}
	erase();
	app.cursor_y = -1;
	ui_fill(0, 0, COLS, ROLE_TITLE);
	title = xasprintf(_("lifecircle - 15-minute community life circle  >  %s"), s->title);
	ui_put_cols(0, 1, title, COLS - 2, ROLE_TITLE);
	free(title);
	s->ops->draw(s, 1, LINES - 3, COLS);
	ui_fill(LINES - 2, 0, COLS, ROLE_STATUS);
	ui_put_cols(LINES - 2, 0, app.status, COLS, ROLE_STATUS);
	ui_fill(LINES - 1, 0, COLS, ROLE_NORMAL);
	hints = app.flash ? app.flash : (s->ops->hints ? s->ops->hints(s) : NULL);
	ui_put_cols(LINES - 1, 0, hints ? hints : default_hints(), COLS, app.flash ? ROLE_ERROR : ROLE_HINT);
	if (app.cursor_y >= 0) {
		curs_set(1);
		move(app.cursor_y, app.cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

ui_key
ui_get_key(void)
{
	ui_key k = { false, 0 };
	int rc;

	for (;;) {
		wint_t c;
		if (got_hangup) {
			k.is_key = true;
			k.code = KEY_EXIT;
			return k;
		}
		rc = wget_wch(stdscr, &c);
		if (rc == ERR)
			continue; /* interrupted by a signal: look at the flag again */
		k.is_key = rc == KEY_CODE_YES;
		k.code = c;
		return k;
	}
}

/* Save every screen's current field so a closed terminal costs nothing typed. */
static void
flush_all(void)
{
	for (int i = app.depth - 1; i >= 0; i--)
		if (app.stack[i]->ops->flush)
			app.stack[i]->ops->flush(app.stack[i]);
}

static bool
any_dirty(void)
{
	for (int i = 0; i < app.depth; i++)
		if (app.stack[i]->ops->dirty && app.stack[i]->ops->dirty(app.stack[i]))
			return true;
	return false;
}

static bool
confirm_quit(void)
{
	if (!any_dirty())
		return true;
	return dialog_confirm(_("Quit"), _("Some edits are not saved. Quit anyway? Unsaved fields are kept as a draft."));
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: wget_wch must return so the loop sees the flag. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static void
curses_start(void)
{
	initscr();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	ui_colours_init();
}

/* One key for the current screen, after the global keys. Returns false to leave the loop. */
static bool
dispatch(ui_key k)
{
	screen *s = app.stack[app.depth - 1];
	ui_action a;

	if (k.is_key && k.code == KEY_RESIZE)
		return true;
	if (k.is_key && k.code == KEY_EXIT) {
		flush_all();
		return false;
	}
	if (k.is_key && k.code == KEY_F(10)) {
		if (!confirm_quit())
			return true;
		flush_all();
		return false;
	}
	if (!ui_size_ok())
		return true; /* only F10 works until the window is large enough */
	if (k.is_key && k.code == KEY_F(1)) {
		ui_push(help_screen_new(s->ops->name));
		return true;
	}
	a = s->ops->key(s, k);
	if (a == UI_EXIT) {
		flush_all();
		return false;
	}
	if (a == UI_QUIT) {
		if (!confirm_quit())
			return true;
		flush_all();
		return false;
	}
	if (a == UI_BACK) {
		pop();
		if (app.depth == 0)
			return false;
	}
	return true;
}

int
ui_run(sqlite3 *db)
{
	app.db = db;
	install_signals();
	curses_start();
	ui_refresh_status();
	ui_push(menu_screen_new());
	if (!settings_identity_is_set(db))
		ui_push(setup_screen_new(true));
	app.running = true;
	while (app.running && app.depth > 0) {
		ui_key k;
		ui_redraw();
		k = ui_get_key();
		free(app.flash);
		app.flash = NULL;
		app.running = dispatch(k);
	}
	while (app.depth > 0)
		pop();
	endwin();
	free(app.flash);
	free(app.status);
	memset(&app, 0, sizeof app);
	return 0;
}
