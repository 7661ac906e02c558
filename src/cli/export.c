/* export.c - `export communities|facilities|gaps|outlets|proposals`: records out as .xlsx or CSV through
 * the one writer, headers in the UI's language and exactly the names the importers take back, so an
 * exported file imports again unchanged, written by facexport.h. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_int.h"
#include "db.h"
#include "community.h"
#include "gaps.h"
#include "facexport.h"
#include "sheetout.h"
#include "util.h"
#include "i18n.h"

typedef struct export_opts {
	const char *what;	/* communities, facilities, gaps, proposals */
	const char *community;	/* code, or NULL for every community */
	const char *out;
	bool xlsx;
	sheetout_encoding enc;
} export_opts;

static bool
ends_with_xlsx(const char *s)
{
	size_t n = strlen(s);

	return n >= 5 && strcasecmp(s + n - 5, ".xlsx") == 0;
}

static int
export_parse(int argc, char **argv, export_opts *o)
{
	static const char *const formats[] = { "csv", "xlsx", NULL };
	const cli_opt own[] = { { "community", &o->community } };
	cli_output out;
	int rc;

	memset(o, 0, sizeof *o);
	o->what = argv[0];
	if ((rc = cli_parse_output("lifecircle export", argc, argv, formats, own, 1, &out)) != 0)
		return rc;
	o->out = out.out;
	o->enc = out.enc;
	if (!o->out) {
		fprintf(stderr, _("lifecircle export: say where to write: -o FILE\n"));
		return 2;
	}
	/* No --format: the file's name says (.xlsx), else CSV. */
	o->xlsx = out.format ? strcmp(out.format, "xlsx") == 0 : ends_with_xlsx(o->out);
	if (out.enc_given && o->xlsx) {
		fprintf(stderr, _("lifecircle export: --encoding is for --format csv (.xlsx is always Unicode)\n"));
		return 2;
	}
	if (o->xlsx && strcmp(o->out, "-") == 0) {
		fprintf(stderr, _("lifecircle export: an .xlsx workbook needs a file: -o FILE.xlsx\n"));
		return 2;
	}
	if (o->community && strcmp(o->what, "proposals") == 0) {
		fprintf(stderr, _("lifecircle export: proposals belong to no community: drop --community\n"));
		return 2;
	}
	if (o->community && strcmp(o->what, "outlets") == 0) {
		fprintf(stderr, _("lifecircle export: the outlet summary is across every community: drop --community\n"));
		return 2;
	}
	return 0;
}

/* ---- the gap report ---- */

static gap_report *
gaps_for(sqlite3 *db, const char *community_id, size_t *n)
{
	char *err = NULL;
	gap_report *r = NULL;

	*n = 0;
	if (community_id) {
		r = xcalloc(1, sizeof *r);
		if (gaps_build(db, community_id, util_ui_language(), r, &err) == 0)
			*n = 1;
		else {
			free(r);
			r = NULL;
		}
	} else if (!(r = gaps_build_all(db, util_ui_language(), n, &err)) && !err) {
		fprintf(stderr, _("lifecircle export: no community is recorded yet\n"));
	}
	if (err) {
		cli_print_error("lifecircle export", err);
		free(err);
	}
	return r;
}

/* ---- the file ---- */

static facexport_what
export_what(const char *what)
{
	if (strcmp(what, "communities") == 0)
		return FACEXPORT_COMMUNITIES;
	if (strcmp(what, "facilities") == 0)
		return FACEXPORT_FACILITIES;
	if (strcmp(what, "outlets") == 0)
		return FACEXPORT_OUTLETS;
	return strcmp(what, "proposals") == 0 ? FACEXPORT_PROPOSALS : FACEXPORT_GAPS;
}

/* To standard output (CSV "-"), or to the file whole or not at all through outfile.h (a device or
 * a pipe is written in place). 0, or -1 with the reason printed. */
static int
export_to(sqlite3 *db, const export_opts *o, const char *community_id, const gap_report *r, size_t n)
{
	facexport_opts fo = { .what = export_what(o->what), .community_id = community_id, .gaps = r, .ngaps = n,
	                      .xlsx = o->xlsx, .enc = o->enc };
	char *err = NULL;
	int rc;

	if (strcmp(o->out, "-") == 0)
		rc = facexport_write(db, &fo, stdout, NULL, &err) == 0 && fflush(stdout) == 0 ? 0 : -1;
	else
		rc = facexport_file(db, &fo, o->out, &err);
	if (rc != 0 && err)
		cli_print_error("lifecircle export", err);
	free(err);
	return rc;
}

int
cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	export_opts o;
	char id[UUID_TEXT_LEN];
	gap_report *r = NULL;
	size_t n = 0;
	sqlite3 *db;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "survey") == 0)
		return export_survey(ctx, argc - 1, argv + 1);
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, _("lifecircle export: name what to export: communities, facilities, gaps, outlets, proposals or survey\n"));
		return 2;
	}
	if (strcmp(argv[1], "survey") == 0)
		return export_survey(ctx, argc - 1, argv + 1);	/* src/cli/survey.c */
	if (strcmp(argv[1], "communities") && strcmp(argv[1], "facilities") && strcmp(argv[1], "gaps") &&
	    strcmp(argv[1], "proposals") && strcmp(argv[1], "outlets")) {
		cli_arg_error(_("lifecircle export: cannot export '%s' (communities, facilities, gaps, outlets, proposals, survey)\n"),
		    argv[1]);
		return 2;
	}
	if ((rc = export_parse(argc - 1, argv + 1, &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if (o.community && community_find_code(db, o.community, id) != 0) {
		cli_arg_error(_("lifecircle export: no community with the code %s\n"), o.community);
		db_close(db);
		return 1;
	}
	if (strcmp(o.what, "gaps") == 0 && !(r = gaps_for(db, o.community ? id : NULL, &n))) {
		db_close(db);
		return 1;
	}
	rc = export_to(db, &o, o.community ? id : NULL, r, n) == 0 ? 0 : 1;
	gaps_free_all(r, n);
	db_close(db);
	return rc;
}
