/* import.c - `import KIND FILE`: spreadsheets in, previewed as new / changed / unchanged / bad. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli_int.h"
#include "cli.h"
#include "community.h"
#include "gaps.h"
#include "fbstats.h"
#include "proposal_print.h"
#include "pdf.h"
#include "sheetout.h"
#include "db.h"
#include "record.h"
#include "field.h"
#include "refdata.h"
#include "propimport.h"
#include "settings.h"
#include "stats.h"
#include "screens.h"
#include "ui.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

static void
print_plan_row(const import_row *r, bool to_stderr)
{
	const char *label = propimport_status_label(r->status);

	if (r->status == IMPORT_BAD) {
		char *why = utf8_escape_controls(r->reason);
		/* TRANSLATORS: a line number, the word "bad", and why the row was refused. */
		fprintf(to_stderr ? stderr : stdout, _("line %ld: %s: %s\n"), r->line, label, why);
		free(why);
	} else {
		char *num = utf8_escape_controls(r->p.v[PROPOSAL_NUMBER]), *title = utf8_escape_controls(r->p.v[PROPOSAL_TITLE]);
		/* TRANSLATORS: a line number, the row's status, the proposal's number and title. */
		printf(_("line %ld: %s: %s %s\n"), r->line, label, num, title);
		free(num);
		free(title);
	}
}

static void
print_totals(const import_plan *plan, bool written)
{
	/* TRANSLATORS: counts of rows: new, changed, unchanged, bad. */
	printf(written ? _("Written: %zu new, %zu changed, %zu unchanged, %zu bad.\n")
	               : _("Preview (nothing written): %zu new, %zu changed, %zu unchanged, %zu bad.\n"),
	    plan->count[IMPORT_NEW], plan->count[IMPORT_CHANGED], plan->count[IMPORT_UNCHANGED], plan->count[IMPORT_BAD]);
}

/* The office's operators: list, add NAME, use NAME, remove NAME. */

int
cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	const char *kind = NULL, *file = NULL;
	bool dry_run = false;
	import_plan plan;
	sqlite3 *db;
	char *err = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			dry_run = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_arg_error(_("lifecircle import: unknown option %s\n"), argv[i]);
			return 2;
		} else if (!kind) {
			kind = argv[i];
		} else if (!file) {
			file = argv[i];
		} else {
			cli_arg_error(_("lifecircle import: unexpected argument: %s\n"), argv[i]);
			return 2;
		}
	}
	if (!kind || !file) {
		fprintf(stderr, _("lifecircle import: name what and the file: import proposals FILE [--dry-run]\n"));
		return 2;
	}
	if (strcmp(kind, "proposals") != 0) {
		fprintf(stderr, _("lifecircle import: cannot import '%s' (only proposals so far)\n"), kind);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if (propimport_plan(db, file, &plan, &err) != 0) {
		char *e = utf8_escape_controls(err);
		fprintf(stderr, "lifecircle import: %s\n", e);
		free(e);
		free(err);
		db_close(db);
		return 1;
	}
	if (dry_run) {
		for (size_t i = 0; i < plan.n; i++)
			print_plan_row(&plan.rows[i], false);
		print_totals(&plan, false);
		rc = 0;
	} else if (propimport_apply(db, &plan, &err) != 0) {
		char *e = utf8_escape_controls(err);
		fprintf(stderr, _("lifecircle import: nothing was written: %s\n"), e);
		free(e);
		free(err);
		rc = 1;
	} else {
		for (size_t i = 0; i < plan.n; i++)
			if (plan.rows[i].status == IMPORT_BAD)
				print_plan_row(&plan.rows[i], true);
		print_totals(&plan, true);
		rc = 0;
	}
	if (rc == 0 && plan.count[IMPORT_BAD] > 0)
		rc = 1;
	propimport_free(&plan);
	db_close(db);
	return rc;
}


