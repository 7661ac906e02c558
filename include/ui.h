/* ui.h - the full-screen interface: entry point, the screen stack, and shared drawing state. */
#ifndef LC_UI_H
#define LC_UI_H

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <wchar.h>

/* Smallest terminal the screens are laid out for. */
#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* Colour roles; each maps to a colour pair, or to attributes on a monochrome terminal. */
typedef enum ui_role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_STATUS, ROLE_HINT, ROLE_SELECTED, ROLE_FIELD,
	ROLE_FIELD_FOCUS, ROLE_ERROR, ROLE_DIALOG, ROLE_DIM, ROLE_COUNT
} ui_role;

/* A key as read by wget_wch: either a character (is_key false) or a KEY_* code. */
typedef struct ui_key {
	bool is_key;
	wint_t code;
} ui_key;

/* What a screen's key handler asks the shell to do next. */
typedef enum ui_action {
	UI_STAY,      /* keep this screen */
	UI_BACK,      /* pop this screen */
	UI_QUIT,      /* leave the program (the shell confirms when something is unsaved) */
	UI_EXIT       /* leave the program now: the screen has asked already and kept its draft */
} ui_action;

struct screen;
/* A screen is a struct of callbacks over its own state (the tmux way). */
typedef struct screen_ops {
	const char *name;
	/* Draw into the body area: rows [top, top+height) of stdscr, full width. */
	void (*draw)(struct screen *s, int top, int height, int width);
	/* Handle one key. */
	ui_action (*key)(struct screen *s, ui_key k);
	/* Key hints for the bottom line (translated), or NULL for the default. */
	const char *(*hints)(struct screen *s);
	/* True when the screen holds edits not yet saved (asked before quitting). */
	bool (*dirty)(struct screen *s);
	/* Save what is being edited to its draft before the program ends (terminal closed). */
	void (*flush)(struct screen *s);
	/* Free the screen and its state. */
	void (*free)(struct screen *s);
	/* The text F1 shows for this screen (translated), or NULL: F1 then goes to the key handler. */
	const char *(*help)(struct screen *s);
	/* When help is NULL: the untranslated text (marked N_()) F1 shows, or NULL. */
	const char *help_text;
} screen_ops;

typedef struct screen {
	const screen_ops *ops;
	char *title;       /* shown in the title bar, translated */
	void *state;
} screen;

/* One piece of the status line. A piece that may be cut loses its end (or its start, for a
 * file name) behind "…" when the line is too narrow, so the other pieces always stay in view. */
typedef enum ui_cut { UI_CUT_NEVER, UI_CUT_END, UI_CUT_START } ui_cut;
typedef struct ui_status_part {
	char *text;     /* fresh; the shell frees it */
	ui_cut cut;
	int keep;       /* columns kept while other pieces can still give some up */
} ui_status_part;
#define UI_STATUS_MAX 8
/* Fill parts with the status line's pieces for db; returns how many (at most UI_STATUS_MAX - 1:
 * the shell adds "read-only" when the file is opened read-only). */
typedef int (*ui_status_fn)(sqlite3 *db, ui_status_part *parts);

/* What the shell is handed: it knows no screen by name. */
typedef struct ui_shell {
	/* The bottom of the stack (leaving it ends the program), made once the shell has started. */
	struct screen *(*root)(void);
	/* The screen to show over root at the start, or NULL for none (may be NULL itself). */
	struct screen *(*first)(sqlite3 *db);
	ui_status_fn status;                  /* the status line above the key hints */
	struct screen *(*help)(const char *text); /* the F1 screen showing a screen's help text */
	/* Keys that work on every screen (F3: who is typing), asked before the screen's own: true when
	 * it took the key. May be NULL. */
	bool (*key)(ui_key k);
} ui_shell;

/* Check that the terminal can run the interface (stdin and stdout a terminal, TERM known and
 * able to address the cursor); 0 if so, else prints why on stderr and returns 1. */
int ui_terminal_check(void);
/* After initscr and keypad: bind the Home/End/PgUp/PgDn/Insert/Delete/F1-F12 sequences of common
 * terminals that terminfo does not know, and set the escape delay (ESCDELAY, else 100 ms). */
void ui_keys_init(void);
/* Call when curses returned a lone Esc: a CSI or SS3 sequence no key is bound to is read to its
 * end and dropped (true); else false, a real Esc. Leaves stdscr's timeout at timeout_ms. */
bool ui_skip_unknown_sequence(int timeout_ms);
/* Run the interface on db (opened and migrated) until the user quits; returns the exit status. */
int ui_run(sqlite3 *db, const ui_shell *shell);

/* The open database, for screens. */
sqlite3 *ui_db(void);
/* A number that moves whenever the open database changes, by this program or another (PRAGMA
 * data_version and this connection's changes): a screen showing figures reads them again when it moves. */
long long ui_change_stamp(void);
/* Push a new screen on top of the stack (it becomes the current one). */
void ui_push(screen *s);
/* Make a screen with ops, a title (copied) and state. */
screen *ui_screen_new(const screen_ops *ops, const char *title, void *state);
/* Show a short message in the status line until the next key. */
void ui_flash(const char *msg);
/* Reload the status bar (identity and counts) after a write. Changes made by another program
 * are seen by the shell itself (PRAGMA data_version before each redraw and every second). */
void ui_refresh_status(void);

/* Set up colour pairs, or the monochrome fallback (NO_COLOR or no colours). */
void ui_colours_init(void);
/* Where the terminal cursor should be after this frame (a focused text field); call from draw. */
void ui_set_cursor(int y, int x);
/* True when the terminal is at least UI_MIN_COLS x UI_MIN_ROWS. */
bool ui_size_ok(void);
/* Attributes for a role (colour pair or monochrome fallback). */
attr_t ui_attr(ui_role r);
/* Colour pair number for a role (0 when monochrome). */
short ui_pair(ui_role r);
/* Draw UTF-8 text at (y, x) in at most cols columns, never cutting a character; returns columns drawn. Broken bytes show as U+FFFD. */
int ui_put_cols(int y, int x, const char *s, int cols, ui_role role);
/* Fill columns [x, x+cols) of row y with spaces in role. */
void ui_fill(int y, int x, int cols, ui_role role);
/* Draw a wide string segment w[0..n) at (y, x) in role; returns columns drawn. */
int ui_put_wcs(int y, int x, const wchar_t *w, size_t n, ui_role role);
/* Split text into lines of at most width columns (at '\n' and where a character would overflow); returns the count, *lines fresh. */
int ui_wrap_lines(const char *text, int width, char ***lines);
/* Free what ui_wrap_lines returned. */
void ui_free_lines(char **lines, int n);
/* Draw text wrapped to width columns from (y, x), at most max_rows rows; returns rows drawn. */
int ui_draw_wrapped(int y, int x, const char *text, int width, int max_rows, ui_role role);
/* Draw a box (single line) at the given rectangle in role. */
void ui_box(int y, int x, int h, int w, ui_role role);
/* Read one key (blocks). KEY_RESIZE asks the caller to redraw (a resize, a resume after Ctrl-Z,
 * a change by another program); Ctrl-C reads as F10; escape sequences no key is bound to are
 * read whole and skipped; KEY_EXIT when the terminal has gone. */
ui_key ui_get_key(void);
/* Redraw everything (after a dialog or resize). */
void ui_redraw(void);

#endif
