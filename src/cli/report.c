/* report.c - `report feedback|gaps`: the reports, as text or CSV. */
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
#include "outletsum.h"
#include "fbstats.h"
#include "proposal_print.h"
#include "pdf.h"
#include "sheetout.h"
#include "outfile.h"
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

/* ---- options and output, shared by every report ------------------------------------------ */

typedef struct report_opts {
	const char *own;	/* the value of the report's own option (--community, --by), or NULL */
	bool csv;
	sheetout_encoding enc;
	const char *out;	/* NULL or "-": standard output */
} report_opts;

/* Parse --format, --encoding, -o and the report's own option own_name (which takes a value). */
static int
report_parse(int argc, char **argv, const char *own_name, report_opts *o)
{
	static const char *const formats[] = { "text", "csv", NULL };
	const cli_opt own[] = { { own_name, &o->own } };
	cli_output out;
	int rc;

	memset(o, 0, sizeof *o);
	if ((rc = cli_parse_output("lifecircle report", argc, argv, formats, own, own_name ? 1 : 0, &out)) != 0)
		return rc;
	o->csv = out.format && strcmp(out.format, "csv") == 0;
	o->enc = out.enc;
	o->out = out.out;
	if (out.enc_given && !o->csv) {
		fprintf(stderr, _("lifecircle report: --encoding is for --format csv (text is UTF-8)\n"));
		return 2;
	}
	return 0;
}

/* A report's body: text into f, or rows into the CSV writer. */
typedef struct report_body {
	int (*text)(FILE *f, const void *data);
	void (*sheet)(sheetout *so, const void *data);
	const void *data;
} report_body;

static int
report_write(FILE *f, const report_opts *o, const report_body *b)
{
	char *err = NULL;
	sheetout *so;

	if (!o->csv)
		return b->text(f, b->data);
	if (!(so = sheetout_csv(f, o->enc, 0, &err))) {
		cli_print_error("lifecircle report", err);
		free(err);
		return -1;
	}
	b->sheet(so, b->data);
	if (sheetout_close(so, &err) != 0) {
		cli_print_error("lifecircle report", err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

/* To standard output, or to -o FILE written whole or not at all (a device is written in place). */
static int
report_output(const report_opts *o, const report_body *b)
{
	char *err = NULL;
	outfile *of;
	int rc;

	if (!o->out || strcmp(o->out, "-") == 0)
		return report_write(stdout, o, b) == 0 && fflush(stdout) == 0 ? 0 : 1;
	if (!(of = outfile_open(o->out, &err))) {
		cli_print_error("lifecircle report", err);
		free(err);
		return 1;
	}
	if (report_write(outfile_stream(of), o, b) != 0) {
		outfile_abort(of);
		return 1;
	}
	if ((rc = outfile_commit(of, &err)) != 0) {
		cli_print_error("lifecircle report", err);
		free(err);
	}
	return rc == 0 ? 0 : 1;
}

/* ---- report gaps ------------------------------------------------------------------------- */

typedef struct gaps_data {
	const gap_report *r;
	size_t n;
} gaps_data;

static int
gaps_text(FILE *f, const void *data)
{
	const gaps_data *g = data;

	return gaps_write_text(f, g->r, g->n);
}

static void
gaps_sheet(sheetout *so, const void *data)
{
	const gaps_data *g = data;

	gaps_write_sheet(so, g->r, g->n);
}

/* The reports asked for: one community by code, or every community. */
static gap_report *
report_build(sqlite3 *db, const report_opts *o, size_t *n)
{
	char *err = NULL, id[UUID_TEXT_LEN];
	gap_report *r = NULL;

	*n = 0;
	if (o->own) {
		if (community_find_code(db, o->own, id) != 0) {
			fprintf(stderr, _("lifecircle report: no community with the code %s\n"), o->own);
			return NULL;
		}
		r = xcalloc(1, sizeof *r);
		if (gaps_build(db, id, util_ui_language(), r, &err) == 0)
			*n = 1;
		else {
			free(r);
			r = NULL;
		}
	} else if (!(r = gaps_build_all(db, util_ui_language(), n, &err)) && !err) {
		fprintf(stderr, _("lifecircle report: no community is recorded yet ('lifecircle init' records this office's)\n"));
	}
	if (err) {
		fprintf(stderr, "lifecircle report: %s\n", err);
		free(err);
	}
	return r;
}

static int
report_gaps(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o;
	gap_report *r;
	sqlite3 *db;
	size_t n;
	int rc;

	if ((rc = report_parse(argc, argv, "community", &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	r = report_build(db, &o, &n);
	db_close(db);
	if (!r)
		return 1;
	rc = report_output(&o, &(report_body){ gaps_text, gaps_sheet, &(gaps_data){ r, n } });
	gaps_free_all(r, n);
	return rc;
}

/* ---- report outlets ---------------------------------------------------------------------- */

static int
outlets_text(FILE *f, const void *data)
{
	return outletsum_write_text(f, data);
}

static void
outlets_sheet(sheetout *so, const void *data)
{
	outletsum_write_sheet(so, data);
}

/* The outlet summary across every community of the file. */
static int
report_outlets(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o;
	outletsum s;
	sqlite3 *db;
	char *err = NULL;
	int rc;

	if ((rc = report_parse(argc, argv, NULL, &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = outletsum_build(db, util_ui_language(), &s, &err);
	db_close(db);
	if (rc != 0) {
		cli_print_error("lifecircle report", err);
		free(err);
		return 1;
	}
	rc = report_output(&o, &(report_body){ outlets_text, outlets_sheet, &s });
	outletsum_free(&s);
	return rc;
}

/* ---- report feedback --------------------------------------------------------------------- */

typedef struct feedback_data {
	fbstats_by by;
	const fbstats_row *rows;
	size_t n;
} feedback_data;

static int
fbreport_text(FILE *f, const void *data)
{
	const feedback_data *d = data;

	return fbstats_write_text(f, d->by, d->rows, d->n);
}

static void
fbreport_sheet(sheetout *so, const void *data)
{
	const feedback_data *d = data;

	fbstats_write_sheet(so, d->by, d->rows, d->n);
}

static int
report_feedback(cli_ctx *ctx, int argc, char **argv)
{
	fbstats_by by = FBSTATS_BY_UNIT;
	report_opts o;
	fbstats_row *rows;
	char *err = NULL;
	sqlite3 *db;
	size_t n;
	int rc;

	if ((rc = report_parse(argc, argv, "by", &o)) != 0)
		return rc;
	if (o.own && strcmp(o.own, "session") == 0)
		by = FBSTATS_BY_SESSION;
	else if (o.own && strcmp(o.own, "unit") != 0) {
		cli_arg_error(_("lifecircle report: --by takes unit or session, not '%s'\n"), o.own);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = fbstats_query(db, by, &rows, &n, &err);
	db_close(db);
	if (rc != 0) {
		cli_print_error("lifecircle report", err);
		free(err);
		return 1;
	}
	rc = report_output(&o, &(report_body){ fbreport_text, fbreport_sheet, &(feedback_data){ by, rows, n } });
	fbstats_free(rows, n);
	return rc;
}

int
cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("lifecircle report: name what to report: feedback, gaps, outlets or survey\n"));
		return 2;
	}
	if (strcmp(argv[1], "gaps") == 0)
		return report_gaps(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "feedback") == 0)
		return report_feedback(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "outlets") == 0)
		return report_outlets(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "survey") == 0)
		return report_survey(ctx, argc - 1, argv + 1);
	cli_arg_error(_("lifecircle report: unknown report '%s' (feedback, gaps, outlets, survey)\n"), argv[1]);
	return 2;
}
