/* terminal.c - terminals as they are. Before curses starts: is there a terminal, and can it show a
 * full screen (initscr() itself would print a terse message and exit, or draw a blank screen on a
 * dumb one)? Once started: the key sequences terminals send whatever TERM says, and the ones no
 * key is bound to, read whole. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "ui.h"
#include "i18n.h"
#include <term.h> /* last: its macros (lines, columns ...) would clash with names above */

int
ui_terminal_check(void)
{
	const char *term = getenv("TERM");
	int err = 0, rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("lifecircle: the full-screen interface needs a terminal (standard input and "
		                  "output are not one). The commands work without one: lifecircle --help\n"));
		return 1;
	}
	if (!term || !*term) {
		fprintf(stderr, _("lifecircle: TERM is not set, so the terminal's type is unknown. Set it, "
		                  "for example: TERM=xterm-256color lifecircle\n"));
		return 1;
	}
	rc = setupterm(NULL, STDOUT_FILENO, &err);
	/* err 0: the type is known but is a hardcopy or generic one; -1: no such type here. */
	if (rc != OK || !cursor_address) {
		fprintf(stderr, rc != OK && err < 0
		    ? _("lifecircle: the terminal type \"%s\" (TERM) is not known on this system. Set TERM "
		        "to what your terminal is, for example: TERM=xterm-256color lifecircle\n")
		    : _("lifecircle: the terminal type \"%s\" (TERM) cannot show a full screen (it cannot move "
		        "the cursor). Use a terminal such as xterm, PuTTY or the Linux console, or set TERM to "
		        "what your terminal is, for example: TERM=xterm-256color lifecircle\n"), term);
		if (rc == OK)
			del_curterm(cur_term);
		return 1;
	}
	del_curterm(cur_term);
	return 0;
}

/* How long a key sequence may take to arrive whole (vim's default); ESCDELAY overrides it. */
#define ESC_DELAY_MS 100

/* Key sequences terminals send whatever TERM says (PuTTY, Xshell, SecureCRT, the Linux console,
 * xterm and its kin): bound unless terminfo already gives the sequence a meaning. */
static const struct { const char *seq; int key; } extra_keys[] = {
	{ "\033[1~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME }, { "\033[7~", KEY_HOME },
	{ "\033[4~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END }, { "\033[8~", KEY_END },
	{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC }, { "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	{ "\033[A", KEY_UP }, { "\033[B", KEY_DOWN }, { "\033[C", KEY_RIGHT }, { "\033[D", KEY_LEFT },
	{ "\033OA", KEY_UP }, { "\033OB", KEY_DOWN }, { "\033OC", KEY_RIGHT }, { "\033OD", KEY_LEFT },
	{ "\033[Z", KEY_BTAB },
	{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) }, { "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
	{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) }, { "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
	{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) }, { "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
	{ "\033[[E", KEY_F(5) }, { "\033[15~", KEY_F(5) }, { "\033[17~", KEY_F(6) }, { "\033[18~", KEY_F(7) },
	{ "\033[19~", KEY_F(8) }, { "\033[20~", KEY_F(9) }, { "\033[21~", KEY_F(10) },
	{ "\033[23~", KEY_F(11) }, { "\033[24~", KEY_F(12) },
};

static int esc_delay = ESC_DELAY_MS;

/* ESCDELAY in milliseconds when it is a sane number, else vim's 100 ms. */
static int
esc_delay_ms(void)
{
	const char *e = getenv("ESCDELAY");
	char *end;
	long v;

	if (!e || !*e)
		return ESC_DELAY_MS;
	v = strtol(e, &end, 10);
	return *end || v < 0 || v > 10000 ? ESC_DELAY_MS : (int)v;
}

void
ui_keys_init(void)
{
	/* curses read ESCDELAY when it started; ours (100 ms unless the user set one) replaces its 1 s. */
	esc_delay = esc_delay_ms();
	set_escdelay(esc_delay);
	for (size_t i = 0; i < sizeof extra_keys / sizeof extra_keys[0]; i++)
		if (key_defined(extra_keys[i].seq) == 0)
			define_key(extra_keys[i].seq, extra_keys[i].key);
}

/* One byte of a sequence's tail, waiting at most wait_ms; ERR when none came. */
static int
tail_byte(int wait_ms)
{
	wtimeout(stdscr, wait_ms);
	return wgetch(stdscr);
}

/* The work of ui_skip_unknown_sequence, without restoring the timeout. */
static bool
skip_sequence(void)
{
	/* curses has waited the escape delay already: a sequence's next byte is there now or never. */
	int c = tail_byte(0);

	if (c == '[' || c == 'O') {
		bool csi = c == '[';
		/* Parameters and intermediates (0x20-0x3f, as in ESC O 5 C too) until the final byte
		 * (0x40-0x7e). The Linux console's F1-F5 (ESC [ [ A) carry one more '['. */
		for (int n = 0; n < 32; n++) {
			c = tail_byte(esc_delay);
			if (c < 0x20 || c > 0x7e)
				return true;
			if (c >= 0x40 && !(csi && n == 0 && c == '['))
				return true;
		}
		return true;
	}
	if (c != ERR)
		ungetch(c);
	return false;
}

bool
ui_skip_unknown_sequence(int timeout_ms)
{
	bool dropped = skip_sequence();

	wtimeout(stdscr, timeout_ms);
	return dropped;
}
