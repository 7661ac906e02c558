/* cli_int.h - what the command files under src/cli/ share: the context, the database open and
 * the error printers. Each command family lives in its own file and has one entry in cli.c's table. */
#ifndef LC_CLI_INT_H
#define LC_CLI_INT_H

#include <stdbool.h>
#include <sqlite3.h>

typedef struct cli_ctx {
	const char *db_path;    /* NULL: the default */
	bool locale_ok;
} cli_ctx;

/* How a command opens the database. */
typedef enum open_how {
	OPEN_EXISTING,  /* the file must exist */
	OPEN_CREATE,    /* make it when missing (init sets up an office) */
	OPEN_PLAIN      /* only check and read: never migrate, load or write */
} open_how;

/* Open the chosen database (--db, LIFECIRCLE_DB or the default), or print why not and return NULL. */
sqlite3 *cli_open_db(cli_ctx *ctx, open_how how);
/* Print a usage message (fmt has one %s) about an argument on stderr, its control characters escaped. */
void cli_arg_error(const char *fmt, const char *arg);
/* Print "PREFIX: MSG" on stderr with the message's control characters escaped. */
void cli_print_error(const char *prefix, const char *msg);

/* The commands, one function each (argv[0] is the command's name). */
int cmd_init(cli_ctx *ctx, int argc, char **argv);        /* office.c */
int cmd_operator(cli_ctx *ctx, int argc, char **argv);    /* office.c */
int cmd_info(cli_ctx *ctx, int argc, char **argv);        /* office.c */
int cmd_reference(cli_ctx *ctx, int argc, char **argv);   /* office.c */
int cmd_check(cli_ctx *ctx, int argc, char **argv);       /* office.c */
int cmd_backup(cli_ctx *ctx, int argc, char **argv);      /* office.c */
int cmd_import(cli_ctx *ctx, int argc, char **argv);      /* import.c */
int cmd_report(cli_ctx *ctx, int argc, char **argv);      /* report.c */
int cmd_print(cli_ctx *ctx, int argc, char **argv);       /* print.c */
int cmd_export(cli_ctx *ctx, int argc, char **argv);      /* export.c */
int cmd_template(cli_ctx *ctx, int argc, char **argv);     /* template.c */
int cmd_sync(cli_ctx *ctx, int argc, char **argv);         /* sync.c */

#endif
