/* app.c - the shell: screen stack, title/status/hint lines, the key loop, resize, quit, hang-up,
 * suspend and the terminal's quirks. Screens only draw their body and answer keys; the shell is
 * handed its root screen, its status line and its help screen, and knows no screen by name. */
#include "config.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ui.h"
#include "dialog.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

#define STACK_MAX 16

/* How often an idle shell looks for changes made by another program. */
#define IDLE_CHECK_MS 1000

static struct {
	sqlite3 *db;
	const ui_shell *shell;
	screen *stack[STACK_MAX];
	int depth;
	char *flash;
	ui_status_part status[UI_STATUS_MAX];
	int n_status;
	long long data_version;
	int cursor_y, cursor_x;
	bool running;
} app;

/* Set from signal handlers: the terminal went away or we were asked to stop; we were continued
 * after a stop we did not ask for (kill -STOP), so the screen must be painted again. */
static volatile sig_atomic_t got_hangup, got_cont;

static void
on_hangup(int sig)
{
	(void)sig;
	got_hangup = 1;
}

static void
on_cont(int sig)
{
	(void)sig;
	got_cont = 1;
}

sqlite3 *
ui_db(void)
{
	return app.db;
}

long long
ui_change_stamp(void)
{
	sqlite3_stmt *st;
	long long v = 0;

	if (sqlite3_prepare_v2(app.db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v * 1000003LL + sqlite3_total_changes(app.db);
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

static void
status_free(void)
{
	for (int i = 0; i < app.n_status; i++)
		free(app.status[i].text);
	app.n_status = 0;
}

static long long
data_version(void)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;

	if (sqlite3_prepare_v2(app.db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void
ui_refresh_status(void)
{
	status_free();
	app.data_version = data_version();
	if (app.shell->status)
		app.n_status = app.shell->status(app.db, app.status);
	if (app.n_status > UI_STATUS_MAX - 1)
		app.n_status = UI_STATUS_MAX - 1;
	if (sqlite3_db_readonly(app.db, "main") == 1)
		app.status[app.n_status++] = (ui_status_part){ xstrdup(_("read-only")), UI_CUT_NEVER, 0 };
}

/* Another program (lifecircle init, a second copy) committed since we last looked: reload the
 * status line. Returns true when it changed. */
static bool
status_check_outside(void)
{
	if (data_version() == app.data_version)
		return false;
	ui_refresh_status();
	return true;
}

/* The status line in cols columns: the pieces that may be cut lose columns, widest first, until
 * the line fits, so a long name never pushes the operator, the counts or the file out of view. */
static char *
status_layout(int cols)
{
	const char *sep = " | ";
	size_t w[UI_STATUS_MAX], total = 0;
	char *line = xstrdup(""), *piece, *next;

	for (int i = 0; i < app.n_status; i++)
		total += (w[i] = utf8_width_cols(app.status[i].text)) + (i ? 3 : 0);
	if (total > (size_t)cols && app.n_status > 1) {
		sep = "|"; /* a narrow line gives up the spaces around the bars before any name */
		total -= 2 * (size_t)(app.n_status - 1);
	}
	/* First down to what each piece keeps, then, on a very narrow line, below that. */
	for (int floor_pass = 0; floor_pass < 2 && total > (size_t)cols; floor_pass++) {
		while (total > (size_t)cols) {
			int widest = -1;
			for (int i = 0; i < app.n_status; i++) {
				size_t floor = floor_pass ? 2 : (size_t)app.status[i].keep;
				if (app.status[i].cut != UI_CUT_NEVER && w[i] > floor && (widest < 0 || w[i] > w[widest]))
					widest = i;
			}
			if (widest < 0)
				break;
			w[widest]--;
			total--;
		}
	}
	for (int i = 0; i < app.n_status; i++) {
		const ui_status_part *p = &app.status[i];
		piece = p->cut == UI_CUT_START ? utf8_fit_cols_start(p->text, w[i]) :
		        p->cut == UI_CUT_END ? utf8_fit_cols(p->text, w[i], true) : xstrdup(p->text);
		next = xasprintf("%s%s%s", line, i ? sep : "", piece);
		free(piece);
		free(line);
		line = next;
	}
	return line;
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
	char *title, *status;

	status_check_outside();
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
	status = status_layout(COLS);
	ui_put_cols(LINES - 2, 0, status, COLS, ROLE_STATUS);
	free(status);
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

/* Suspend on Ctrl-Z: in raw mode the terminal sends no SIGTSTP, so give the terminal back and
 * stop ourselves; when the shell continues us, take the terminal again and paint it anew. */
static void
suspend(void)
{
	struct sigaction dfl, old;

	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	raise(SIGTSTP);
	sigaction(SIGTSTP, &old, NULL);
	got_cont = 0;
	clearok(curscr, TRUE);
	refresh();
}

/* After curses read nothing: the input is gone when stdin reports a hang-up, or says it is
 * readable time after time while curses reads nothing (an end of file). The program must end
 * then, not spin on ERR. */
static bool
input_gone(void)
{
	static int readable_yet_empty;
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

	if (poll(&p, 1, 0) < 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	readable_yet_empty = (p.revents & POLLIN) ? readable_yet_empty + 1 : 0;
	return readable_yet_empty >= 3;
}

ui_key
ui_get_key(void)
{
	ui_key k = { true, KEY_EXIT };

	for (;;) {
		wint_t c;
		int rc;
		if (got_hangup)
			return k;
		if (got_cont) {
			got_cont = 0;
			clearok(curscr, TRUE);
			return (ui_key){ true, KEY_RESIZE };
		}
		errno = 0;
		rc = wget_wch(stdscr, &c);
		if (rc == ERR) {
			/* A timeout (look for outside changes), a signal (look at the flags), or no input. */
			if (errno != EINTR && input_gone())
				return k;
			if (app.depth > 0 && status_check_outside())
				return (ui_key){ true, KEY_RESIZE };
			continue;
		}
		if (rc == OK && c == 27 && ui_skip_unknown_sequence(IDLE_CHECK_MS))
			continue;
		if (rc == OK && c == 26) { /* Ctrl-Z */
			suspend();
			return (ui_key){ true, KEY_RESIZE };
		}
		if (rc == OK && c == 3) /* Ctrl-C: what F10 does, asking first when something is unsaved */
			return (ui_key){ true, KEY_F(10) };
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
	sa.sa_handler = on_cont;
	sigaction(SIGCONT, &sa, NULL);
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
	ui_keys_init();
	wtimeout(stdscr, IDLE_CHECK_MS);
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
	if (k.is_key && k.code == KEY_F(1) && (s->ops->help || s->ops->help_text) && app.shell->help) {
		ui_push(app.shell->help(s->ops->help ? s->ops->help(s) : _(s->ops->help_text)));
		return true;
	}
	if (app.shell->key && app.shell->key(k))
		return true;
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
ui_run(sqlite3 *db, const ui_shell *shell)
{
	app.db = db;
	app.shell = shell;
	install_signals();
	curses_start();
	ui_refresh_status();
	ui_push(shell->root());
	if (shell->first) {
		screen *first = shell->first(db);
		if (first)
			ui_push(first);
	}
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
	status_free();
	memset(&app, 0, sizeof app);
	return 0;
}
