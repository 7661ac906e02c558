/* import.c - `import proposals|communities|facilities FILE`: spreadsheets in (CSV or .xlsx),
 * previewed as new / changed / unchanged / bad, the good rows written in one transaction. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_int.h"
#include "db.h"
#include "facimport.h"
#include "propimport.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* One row of a preview: its line, status and what it is, or why it is bad (on stderr when asked). */
static void
print_plan_row(long line, import_status status, const char *reason, const char *shown, bool to_stderr)
{
	const char *label = importplan_status_label(status);

	if (status == IMPORT_BAD) {
		char *why = utf8_escape_controls(reason);
		/* TRANSLATORS: a line number, the word "bad", and why the row was refused. */
		fprintf(to_stderr ? stderr : stdout, _("line %ld: %s: %s\n"), line, label, why);
		free(why);
	} else if (!to_stderr) {
		char *what = utf8_escape_controls(shown);
		/* TRANSLATORS: a line number, the row's status, then what the row is (number and title, code and name). */
		printf(_("line %ld: %s: %s\n"), line, label, what);
		free(what);
	}
}

static void
print_totals(const size_t *count, bool written)
{
	/* TRANSLATORS: counts of rows: new, changed, unchanged, bad. */
	printf(written ? _("Written: %zu new, %zu changed, %zu unchanged, %zu bad.\n")
	               : _("Preview (nothing written): %zu new, %zu changed, %zu unchanged, %zu bad.\n"),
	    count[IMPORT_NEW], count[IMPORT_CHANGED], count[IMPORT_UNCHANGED], count[IMPORT_BAD]);
}

static void
print_failure(const char *fmt, char *err)
{
	char *e = utf8_escape_controls(err);

	fprintf(stderr, fmt, e);
	free(e);
	free(err);
}

/* What every import's plan gives the printer: rows by index. */
typedef struct plan_view {
	size_t n;
	const size_t *count;
	void (*row)(const void *plan, size_t i, long *line, import_status *st, const char **reason, char **shown);
	const void *plan;
} plan_view;

static void
proposal_row(const void *p, size_t i, long *line, import_status *st, const char **reason, char **shown)
{
	const import_row *r = &((const import_plan *)p)->rows[i];

	*line = r->line;
	*st = r->status;
	*reason = r->reason;
	*shown = xasprintf("%s %s", r->p.v[PROPOSAL_NUMBER], r->p.v[PROPOSAL_TITLE]);
}

static void
facility_row(const void *p, size_t i, long *line, import_status *st, const char **reason, char **shown)
{
	const facimport_row *r = &((const facimport_plan *)p)->rows[i];

	*line = r->line;
	*st = r->status;
	*reason = r->reason;
	*shown = xstrdup(r->shown ? r->shown : "");
}

/* The preview (every row on stdout), or after writing the bad rows on stderr; then the totals. */
static void
print_plan(const plan_view *v, bool written)
{
	for (size_t i = 0; i < v->n; i++) {
		long line;
		import_status st;
		const char *reason;
		char *shown;
		v->row(v->plan, i, &line, &st, &reason, &shown);
		print_plan_row(line, st, reason, shown, written);
		free(shown);
	}
	print_totals(v->count, written);
}

typedef struct import_args {
	const char *kind, *file, *sheet;
	bool dry_run;
} import_args;

static int
parse_args(int argc, char **argv, import_args *a)
{
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0) {
			a->dry_run = true;
		} else if (strcmp(argv[i], "--sheet") == 0 && i + 1 < argc) {
			a->sheet = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			cli_arg_error(_("lifecircle import: unknown option %s\n"), argv[i]);
			return 2;
		} else if (!a->kind) {
			a->kind = argv[i];
		} else if (!a->file) {
			a->file = argv[i];
		} else {
			cli_arg_error(_("lifecircle import: unexpected argument: %s\n"), argv[i]);
			return 2;
		}
	}
	if (!a->kind || !a->file) {
		fprintf(stderr, _("lifecircle import: name what and the file: import proposals|communities|facilities FILE [--sheet NAME] [--dry-run]\n"));
		return 2;
	}
	if (strcmp(a->kind, "proposals") && strcmp(a->kind, "communities") && strcmp(a->kind, "facilities")) {
		cli_arg_error(_("lifecircle import: cannot import '%s' (proposals, communities, facilities)\n"), a->kind);
		return 2;
	}
	return 0;
}

/* A planned file: write it unless a dry run (applied: the importer's write, 0 or -1 with *err), then
 * print the plan. 0 when every row is good and written (or previewed), 1 a bad row or a failure. */
static int
write_plan(sqlite3 *db, const import_args *a, const plan_view *v, int (*applied)(sqlite3 *, void *, char **),
    void *plan)
{
	char *err = NULL;

	if (!a->dry_run && applied(db, plan, &err) != 0) {
		print_failure(_("lifecircle import: nothing was written: %s\n"), err);
		return 1;
	}
	print_plan(v, !a->dry_run);
	return v->count[IMPORT_BAD] > 0;
}

static int
apply_proposals(sqlite3 *db, void *plan, char **err)
{
	return propimport_apply(db, plan, err);
}

static int
apply_facilities(sqlite3 *db, void *plan, char **err)
{
	return facimport_apply(db, plan, err);
}

/* Plan, then preview or write: 0 when every row is good, 1 a bad row or a failure. */
static int
run_proposals(sqlite3 *db, const import_args *a)
{
	import_plan plan;
	char *err = NULL;
	plan_view v;
	int rc;

	if (propimport_plan_sheet(db, a->file, a->sheet, &plan, &err) != 0) {
		print_failure("lifecircle import: %s\n", err);
		return 1;
	}
	v = (plan_view){ plan.n, plan.count, proposal_row, &plan };
	rc = write_plan(db, a, &v, apply_proposals, &plan);
	propimport_free(&plan);
	return rc;
}

static int
run_facilities(sqlite3 *db, const import_args *a)
{
	facimport_kind kind = strcmp(a->kind, "communities") == 0 ? FACIMPORT_COMMUNITIES : FACIMPORT_FACILITIES;
	facimport_plan plan;
	char *err = NULL;
	plan_view v;
	int rc;

	if (facimport_plan_file(db, kind, a->file, a->sheet, &plan, &err) != 0) {
		print_failure("lifecircle import: %s\n", err);
		return 1;
	}
	v = (plan_view){ plan.n, plan.count, facility_row, &plan };
	rc = write_plan(db, a, &v, apply_facilities, &plan);
	facimport_free(&plan);
	return rc;
}

int
cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	import_args a;
	sqlite3 *db;
	int rc = parse_args(argc, argv, &a);

	if (rc != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = strcmp(a.kind, "proposals") == 0 ? run_proposals(db, &a) : run_facilities(db, &a);
	db_close(db);
	return rc;
}
