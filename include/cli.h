/* cli.h - the command line: global options, then one subcommand from a single table. */
#ifndef LC_CLI_H
#define LC_CLI_H

#include <stdbool.h>

/* Run the program for argv; locale_ok tells whether the user's locale could be set. Returns the exit status. */
int cli_main(int argc, char **argv, bool locale_ok);

#endif
