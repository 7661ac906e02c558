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

static int report_feedback(cli_ctx *ctx, int argc, char **argv);

/* ---- report ------------------------------------------------------------------------------ */

typedef struct report_opts {
	const char *community;	/* code, or NULL for every community */
	bool csv;
	sheetout_encoding enc;
	const char *out;	/* NULL: standard output */
} report_opts;

static int
report_parse(int argc, char **argv, report_opts *o)
{
	static const struct option opts[] = {
		{ "community", required_argument, NULL, 'c' }, { "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' }, { "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	bool enc_given = false;
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "c:f:e:o:", opts, NULL)) != -1) {
		if (c == 'c')
			o->community = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'f' && (strcmp(optarg, "text") == 0 || strcmp(optarg, "csv") == 0))
			o->csv = strcmp(optarg, "csv") == 0;
		else if (c == 'e' && sheetout_encoding_parse(optarg, &o->enc))
			enc_given = true;
		else if (c == 'f' || c == 'e') {
			fprintf(stderr, c == 'f' ? _("lifecircle report: unknown format '%s' (text, csv)\n")
			    : _("lifecircle report: unknown encoding '%s' (utf-8, gb18030)\n"), optarg);
			return 2;
		} else {
			cli_arg_error(_("lifecircle report: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		cli_arg_error(_("lifecircle report: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (enc_given && !o->csv) {
		fprintf(stderr, _("lifecircle report: --encoding is for --format csv (text is UTF-8)\n"));
		return 2;
	}
	return 0;
}

/* The reports asked for: one community by code, or every community. */
static gap_report *
report_build(sqlite3 *db, const report_opts *o, size_t *n)
{
	char *err = NULL, id[UUID_TEXT_LEN];
	gap_report *r = NULL;

	*n = 0;
	if (o->community) {
		if (community_find_code(db, o->community, id) != 0) {
			fprintf(stderr, _("lifecircle report: no community with the code %s\n"), o->community);
			return NULL;
		}
		r = xcalloc(1, sizeof *r);
		if (gaps_build(db, id, r, &err) == 0)
			*n = 1;
		else {
			free(r);
			r = NULL;
		}
	} else if (!(r = gaps_build_all(db, n, &err)) && !err) {
		fprintf(stderr, _("lifecircle report: no community is recorded yet ('lifecircle init' records this office's)\n"));
	}
	if (err) {
		fprintf(stderr, "lifecircle report: %s\n", err);
		free(err);
	}
	return r;
}

static int
report_write(FILE *f, const report_opts *o, const gap_report *r, size_t n)
{
	char *err = NULL;
	sheetout *so;
	int rc;

	if (!o->csv)
		return gaps_write_text(f, r, n);
	if (!(so = sheetout_csv(f, o->enc, 0, &err))) {
		fprintf(stderr, "lifecircle report: %s\n", err);
		free(err);
		return -1;
	}
	gaps_write_sheet(so, r, n);
	rc = sheetout_close(so, &err);
	if (rc != 0) {
		fprintf(stderr, "lifecircle report: %s\n", err ? err : "?");
		free(err);
	}
	return rc;
}

/* Write to FILE.tmp and rename it over FILE, so a failed run never leaves half a report. */
static int
report_to_file(const report_opts *o, const gap_report *r, size_t n)
{
	char *tmp = xasprintf("%s.tmp", o->out);
	FILE *f = fopen(tmp, "wb");
	int rc;

	if (!f) {
		fprintf(stderr, _("lifecircle report: cannot create %s: %s\n"), tmp, strerror(errno));
		free(tmp);
		return 1;
	}
	rc = report_write(f, o, r, n);
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, _("lifecircle report: cannot write %s: %s\n"), o->out, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, o->out) != 0) {
		fprintf(stderr, _("lifecircle report: cannot write %s: %s\n"), o->out, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc == 0 ? 0 : 1;
}

static int
report_gaps(cli_ctx *ctx, int argc, char **argv)
{
	report_opts o;
	gap_report *r;
	sqlite3 *db;
	size_t n;
	int rc;

	if ((rc = report_parse(argc, argv, &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	r = report_build(db, &o, &n);
	db_close(db);
	if (!r)
		return 1;
	if (o.out)
		rc = report_to_file(&o, r, n);
	else
		rc = report_write(stdout, &o, r, n) == 0 ? 0 : 1;
	gaps_free_all(r, n);
	return rc;
}

int
cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("lifecircle report: name what to report: feedback or gaps\n"));
		return 2;
	}
	if (strcmp(argv[1], "gaps") == 0)
		return report_gaps(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "feedback") == 0)
		return report_feedback(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "survey") == 0)
		return report_survey(ctx, argc - 1, argv + 1);
	cli_arg_error(_("lifecircle report: unknown report '%s' (feedback, gaps)\n"), argv[1]);
	return 2;
}

/* ---- report feedback --------------------------------------------------------------------- */

typedef struct fbreport_opts {
	fbstats_by by;
	bool csv;
	sheetout_encoding enc;
	const char *out;	/* NULL: standard output */
} fbreport_opts;

static int
report_feedback_parse(int argc, char **argv, fbreport_opts *o)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' }, { "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' }, { "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	bool enc_given = false;
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "b:f:e:o:", opts, NULL)) != -1) {
		if (c == 'o')
			o->out = optarg;
		else if (c == 'b' && (strcmp(optarg, "unit") == 0 || strcmp(optarg, "session") == 0))
			o->by = strcmp(optarg, "session") == 0 ? FBSTATS_BY_SESSION : FBSTATS_BY_UNIT;
		else if (c == 'f' && (strcmp(optarg, "text") == 0 || strcmp(optarg, "csv") == 0))
			o->csv = strcmp(optarg, "csv") == 0;
		else if (c == 'e' && sheetout_encoding_parse(optarg, &o->enc))
			enc_given = true;
		else if (c == 'b') {
			fprintf(stderr, _("lifecircle report: --by takes unit or session, not '%s'\n"), optarg);
			return 2;
		} else if (c == 'f' || c == 'e') {
			fprintf(stderr, c == 'f' ? _("lifecircle report: unknown format '%s' (text, csv)\n")
			    : _("lifecircle report: unknown encoding '%s' (utf-8, gb18030)\n"), optarg);
			return 2;
		} else {
			fprintf(stderr, _("lifecircle report: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("lifecircle report: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (enc_given && !o->csv) {
		fprintf(stderr, _("lifecircle report: --encoding is for --format csv (text is UTF-8)\n"));
		return 2;
	}
	return 0;
}

/* The table as text or CSV into f. */
static int
report_feedback_write(FILE *f, const fbreport_opts *o, const fbstats_row *rows, size_t n)
{
	char *err = NULL;
	sheetout *so;

	if (!o->csv)
		return fbstats_write_text(f, o->by, rows, n);
	if (!(so = sheetout_csv(f, o->enc, 0, &err))) {
		cli_print_error("lifecircle report", err);
		free(err);
		return -1;
	}
	fbstats_write_sheet(so, o->by, rows, n);
	if (sheetout_close(so, &err) != 0) {
		cli_print_error("lifecircle report", err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

/* To a file: built in memory (a row per unit or session, so small) and written whole or not at all. */
static int
report_feedback_to_file(const fbreport_opts *o, const fbstats_row *rows, size_t n)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f) {
		cli_print_error("lifecircle report", strerror(errno));
		return 1;
	}
	rc = report_feedback_write(f, o, rows, n);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && proposal_print_write_file(o->out, buf, len, &err) != 0) {
		cli_print_error("lifecircle report", err);
		free(err);
		rc = -1;
	}
	free(buf);
	return rc == 0 ? 0 : 1;
}

static int
report_feedback(cli_ctx *ctx, int argc, char **argv)
{
	fbreport_opts o;
	fbstats_row *rows;
	char *err = NULL;
	sqlite3 *db;
	size_t n;
	int rc;

	if ((rc = report_feedback_parse(argc, argv, &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = fbstats_query(db, o.by, &rows, &n, &err);
	db_close(db);
	if (rc != 0) {
		cli_print_error("lifecircle report", err);
		free(err);
		return 1;
	}
	if (o.out)
		rc = report_feedback_to_file(&o, rows, n);
	else
		rc = report_feedback_write(stdout, &o, rows, n) == 0 ? 0 : 1;
	fbstats_free(rows, n);
	return rc;
}

