/* terminal.c - before curses starts: is there a terminal, and can it show a full screen? initscr()
 * itself would print a terse message and exit, or draw a blank screen on a dumb one. */
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
