/* survey.c - `export survey` and `report survey`: survey responses as CSV (streamed) and their
 * results as text or CSV. The questions are the stored template's (template.c) when there is one, and
 * else (or besides, for keys it lacks) the answer keys present (survey_questions_from_answers).
 * export.c's dispatch calls export_survey() for "survey"; .xlsx goes through sheetout_xlsx. */
#include "config.h"
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio_ext.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cli_int.h"
#include "community.h"
#include "db.h"
#include "results.h"
#include "sheetout.h"
#include "survey.h"
#include "util.h"
#include "i18n.h"

typedef struct survey_opts {
	const char *template_id, *version, *community, *estate, *from, *to, *question, *by, *out;
	bool csv, xlsx;
	sheetout_encoding enc;
} survey_opts;

static int
survey_parse(const char *who, bool report, int argc, char **argv, survey_opts *o)
{
	static const struct option opts[] = {
		{ "template", required_argument, NULL, 't' }, { "version", required_argument, NULL, 'v' },
		{ "format", required_argument, NULL, 'f' }, { "encoding", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' }, { "community", required_argument, NULL, 'c' },
		{ "estate", required_argument, NULL, 's' }, { "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' }, { "question", required_argument, NULL, 'q' },
		{ "by", required_argument, NULL, 'b' }, { NULL, 0, NULL, 0 }
	};
	bool format_given = false;
	int c;

	memset(o, 0, sizeof *o);
	o->csv = !report;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:v:f:e:o:", opts, NULL)) != -1) {
		switch (c) {
		case 't': o->template_id = optarg; break;
		case 'v': o->version = optarg; break;
		case 'o': o->out = optarg; break;
		case 'c': if (report) { o->community = optarg; break; } goto bad;
		case 's': if (report) { o->estate = optarg; break; } goto bad;
		case 'F': if (report) { o->from = optarg; break; } goto bad;
		case 'T': if (report) { o->to = optarg; break; } goto bad;
		case 'q': if (report) { o->question = optarg; break; } goto bad;
		case 'b': if (report) { o->by = optarg; break; } goto bad;
		case 'f':
			if (strcmp(optarg, "csv") == 0 || (!report && strcmp(optarg, "xlsx") == 0) ||
			    (report && strcmp(optarg, "text") == 0)) {
				o->csv = strcmp(optarg, "csv") == 0;
				o->xlsx = strcmp(optarg, "xlsx") == 0;
				format_given = true;
				break;
			}
			fprintf(stderr, _("%s: unknown format '%s'\n"), who, optarg);
			return 2;
		case 'e':
			if (sheetout_encoding_parse(optarg, &o->enc))
				break;
			fprintf(stderr, _("%s: unknown encoding '%s' (utf-8, gb18030)\n"), who, optarg);
			return 2;
		default:
		bad:
			cli_arg_error(_("lifecircle: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		cli_arg_error(_("lifecircle: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	/* as the other exports: a FILE ending in .xlsx is a workbook unless --format says otherwise */
	if (!report && !format_given && o->out && strlen(o->out) > 5 && strcasecmp(o->out + strlen(o->out) - 5, ".xlsx") == 0) {
		o->xlsx = true;
		o->csv = false;
	}
	if (o->xlsx && o->out && strcmp(o->out, "-") == 0) {
		fprintf(stderr, _("%s: an .xlsx workbook needs -o FILE (not standard output)\n"), who);
		return 2;
	}
	if (!report && !o->out) {
		fprintf(stderr, _("%s: name the file to write with -o FILE\n"), who);
		return 2;
	}
	return 0;
}

/* The template to use: the one given, else the only one with responses. NULL after a message. */
static char *
pick_template(sqlite3 *db, const char *who, const char *given)
{
	sqlite3_stmt *st;
	char *found = NULL;
	int n = 0;

	if (given)
		return xstrdup(given);
	st = db_prepare(db, "SELECT DISTINCT template FROM survey_response WHERE deleted = 0 ORDER BY 1 LIMIT 2");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == 0)
			found = xstrdup((const char *)sqlite3_column_text(st, 0));
		else
			fprintf(stderr, _("%s: responses of several templates are stored: name one with --template\n"), who);
	}
	sqlite3_finalize(st);
	if (n == 0)
		fprintf(stderr, _("%s: no survey responses are stored yet\n"), who);
	if (n != 1) {
		free(found);
		return NULL;
	}
	return found;
}

/* f for a million rows of cells: one thread writes it, so stdio's lock per fwrite (most of the
 * export's time when measured) is dropped, and the buffer is larger. */
static FILE *
fast_stream(FILE *f)
{
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

/* The questions: the stored template's (h19's template.c), in its order with its labels and circles,
 * then any answer key it does not have (a question of an older version, so nothing stored is left
 * out); with no template stored, the answer keys alone (survey_questions_from_answers). */
static int
questions_for(sqlite3 *db, const char *tmpl, const char *version, survey_question **qs, int *nq, char **err)
{
	survey_question *extra = NULL;
	int nextra = 0, rc = survey_questions_from_template(db, tmpl, version, setlocale(LC_MESSAGES, NULL), qs, nq, err);

	if (rc < 0)
		return -1;
	if (rc == 1)
		return survey_questions_from_answers(db, tmpl, version, qs, nq, err);
	if (survey_questions_from_answers(db, tmpl, version, &extra, &nextra, err) != 0) {
		survey_questions_free(*qs, *nq);
		*qs = NULL;
		*nq = 0;
		return -1;
	}
	for (int i = 0; i < nextra; i++) {
		if (survey_question_find(*qs, *nq, extra[i].name))
			continue;
		*qs = xrealloc(*qs, (size_t)(*nq + 1) * sizeof **qs);
		(*qs)[(*nq)++] = extra[i];
		memset(&extra[i], 0, sizeof extra[i]);
		extra[i].name = xstrdup("");	/* moved: keep the slot freeable */
	}
	survey_questions_free(extra, nextra);
	return 0;
}

/* Open out for writing: standard output for "-", else OUT.tmp (renamed by finish_out). */
static FILE *
open_out(const char *who, const char *out)
{
	char *tmp;
	FILE *f;

	if (!out || strcmp(out, "-") == 0)
		return fast_stream(stdout);
	tmp = xasprintf("%s.tmp", out);
	if (!(f = fopen(tmp, "wb")))
		fprintf(stderr, _("%s: cannot create %s: %s\n"), who, tmp, strerror(errno));
	else
		fast_stream(f);
	free(tmp);
	return f;
}

/* Close f and move OUT.tmp over OUT when ok, else remove it: the file is whole or untouched. */
static int
finish_out(const char *who, const char *out, FILE *f, int ok)
{
	char *tmp;
	int rc = ok ? 0 : 1;

	if (f == stdout)
		return fflush(stdout) == 0 ? rc : 1;
	tmp = xasprintf("%s.tmp", out);
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, _("%s: cannot write %s: %s\n"), who, out, strerror(errno));
		rc = 1;
	}
	if (rc == 0 && rename(tmp, out) != 0) {
		fprintf(stderr, _("%s: cannot write %s: %s\n"), who, out, strerror(errno));
		rc = 1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* The responses as an .xlsx workbook at OUT.tmp (libxlsxwriter's constant-memory mode; past a sheet's
 * million rows it goes on in a second sheet), renamed over OUT when whole. 0, else 1 with *err. */
static int
export_xlsx(sqlite3 *db, const char *tmpl, const survey_opts *o, const survey_question *qs, int nq, long long *rows,
    char **err)
{
	char *tmp = xasprintf("%s.tmp", o->out);
	sheetout *so = sheetout_xlsx(tmp, "survey", 0, err);
	int rc = 1;

	if (so) {
		rc = survey_export(db, tmpl, o->version, qs, nq, so, NULL, NULL, rows, err) == 0 ? 0 : 1;
		if (sheetout_close(so, rc == 0 && !*err ? err : NULL) != 0)
			rc = 1;
	}
	if (rc == 0 && rename(tmp, o->out) != 0) {
		*err = xasprintf(_("cannot write %s: %s"), o->out, strerror(errno));
		rc = 1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int
export_survey(cli_ctx *ctx, int argc, char **argv)
{
	const char *who = "lifecircle export survey";
	survey_opts o;
	survey_question *qs = NULL;
	sheetout *so = NULL;
	char *tmpl = NULL, *err = NULL;
	long long rows = 0;
	sqlite3 *db;
	FILE *f = NULL;
	int rc = survey_parse(who, false, argc, argv, &o), nq = 0;

	if (rc != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = 1;
	if (o.xlsx) {
		rc = (tmpl = pick_template(db, who, o.template_id)) &&
		    questions_for(db, tmpl, o.version, &qs, &nq, &err) == 0 ? export_xlsx(db, tmpl, &o, qs, nq, &rows, &err) : 1;
	} else if ((tmpl = pick_template(db, who, o.template_id)) &&
	    questions_for(db, tmpl, o.version, &qs, &nq, &err) == 0 && (f = open_out(who, o.out)) &&
	    (so = sheetout_csv(f, o.enc, 0, &err))) {
		rc = survey_export(db, tmpl, o.version, qs, nq, so, NULL, NULL, &rows, &err) == 0 ? 0 : 1;
		if (sheetout_close(so, rc == 0 && !err ? &err : NULL) != 0)
			rc = 1;
	}
	if (err)
		cli_print_error(who, err);
	if (f)
		rc = finish_out(who, o.out, f, rc == 0);
	if (rc == 0 && (o.xlsx || f != stdout))
		fprintf(stderr, _("%s: %lld responses written to %s\n"), who, rows, o.out);
	free(err);
	free(tmpl);
	survey_questions_free(qs, nq);
	db_close(db);
	return rc;
}

/* ---- report survey -------------------------------------------------------------------------- */

static const char *const type_words[] = { "select_one", "select_multiple", "integer", "decimal", "text", "date" };

static void
text_question(FILE *f, const survey_question *q, const results_question *r)
{
	fprintf(f, _("%s (%s): n = %lld, blank %lld\n"), q->name, type_words[q->type], r->n, r->blank);
	if (q->type == SURVEY_INTEGER || q->type == SURVEY_DECIMAL) {
		char *mean = sheetout_number_text(r->mean), *min = sheetout_number_text(r->min);
		char *max = sheetout_number_text(r->max);
		fprintf(f, _("  mean %s, min %s, max %s (%lld numbers)\n"), mean, min, max, r->n_numbers);
		free(mean);
		free(min);
		free(max);
	}
	for (int i = 0; i < r->n_choices; i++)
		fprintf(f, "  %-24s %10lld %6.1f%%\n", r->choices[i].label, r->choices[i].count, r->choices[i].percent);
}

static int
csv_question(sheetout *so, const survey_question *q, const results_question *r)
{
	int rc = 0;

	if (q->type == SURVEY_INTEGER || q->type == SURVEY_DECIMAL) {
		static const char *const what[] = { "mean", "min", "max" };
		double v[3] = { r->mean, r->min, r->max };
		for (int i = 0; i < 3; i++) {
			rc |= sheetout_text(so, q->name) | sheetout_text(so, what[i]) | sheetout_number(so, v[i]);
			rc |= sheetout_number(so, (double)r->n_numbers) | sheetout_number(so, (double)r->n) | sheetout_end_row(so);
		}
	}
	for (int i = 0; i < r->n_choices; i++) {
		rc |= sheetout_text(so, q->name) | sheetout_text(so, r->choices[i].name);
		rc |= sheetout_number(so, (double)r->choices[i].count) | sheetout_number(so, r->choices[i].percent);
		rc |= sheetout_number(so, (double)r->n) | sheetout_end_row(so);
	}
	return rc;
}

static void
text_crosstab(FILE *f, const survey_question *a, const survey_question *b, const results_crosstab *x)
{
	fprintf(f, _("%s by %s: n = %lld (shown both)\n"), a->name, b->name, x->n);
	fprintf(f, "  %-20s", "");
	for (int c = 0; c < x->n_cols; c++)
		fprintf(f, " %12.12s", x->cols[c].name);
	fprintf(f, " %10s\n", "n");
	for (int r = 0; r < x->n_rows; r++) {
		fprintf(f, "  %-20.20s", x->rows[r].name);
		for (int c = 0; c < x->n_cols; c++)
			fprintf(f, " %12lld", x->cells[r * x->n_cols + c]);
		fprintf(f, " %10lld\n", x->rows[r].count);
	}
}

static int
csv_crosstab(sheetout *so, const results_crosstab *x)
{
	int rc = 0;

	for (int r = 0; r < x->n_rows; r++)
		for (int c = 0; c < x->n_cols; c++) {
			rc |= sheetout_text(so, x->rows[r].name) | sheetout_text(so, x->cols[c].name);
			rc |= sheetout_number(so, (double)x->cells[r * x->n_cols + c]) | sheetout_number(so, (double)x->n);
			rc |= sheetout_end_row(so);
		}
	return rc;
}

/* The whole report into f: every question (or the one asked), or the cross-tab. */
static int
report_body(sqlite3 *db, const survey_opts *o, const results_filter *flt, const survey_question *qs, int nq,
    FILE *f, sheetout *so, char **err)
{
	const survey_question *q = o->question ? survey_question_find(qs, nq, o->question) : NULL;

	if (o->question && !q) {
		*err = xasprintf(_("no question called %s in the answers of this template"), o->question);
		return -1;
	}
	if (o->by) {
		const survey_question *b = survey_question_find(qs, nq, o->by);
		results_crosstab x;
		int rc;
		if (!q || !b) {
			*err = xasprintf(_("--by needs --question and a question called %s"), o->by);
			return -1;
		}
		if (results_crosstab_get(db, flt, q, b, &x, err) != 0)
			return -1;
		if (so)
			rc = csv_crosstab(so, &x);
		else {
			text_crosstab(f, q, b, &x);
			rc = 0;
		}
		results_crosstab_free(&x);
		return rc;
	}
	for (int i = 0; i < nq; i++) {
		results_question r;
		if (q && q != &qs[i])
			continue;
		if (results_question_get(db, flt, &qs[i], &r, err) != 0)
			return -1;
		if (so)
			csv_question(so, &qs[i], &r);
		else
			text_question(f, &qs[i], &r);
		results_question_free(&r);
	}
	return 0;
}

int
report_survey(cli_ctx *ctx, int argc, char **argv)
{
	const char *who = "lifecircle report survey";
	survey_opts o;
	survey_question *qs = NULL;
	results_filter flt = { 0 };
	char comm[UUID_TEXT_LEN], *tmpl = NULL, *err = NULL;
	sheetout *so = NULL;
	sqlite3 *db;
	FILE *f = NULL;
	int rc = survey_parse(who, true, argc, argv, &o), nq = 0;

	if (rc != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = 1;
	if (o.community && community_find_code(db, o.community, comm) != 0)
		fprintf(stderr, _("%s: no community with the code %s\n"), who, o.community);
	else if ((tmpl = pick_template(db, who, o.template_id)) &&
	    questions_for(db, tmpl, o.version, &qs, &nq, &err) == 0 && (f = open_out(who, o.out))) {
		flt = (results_filter){ tmpl, o.version, o.community ? comm : NULL, o.estate, o.from, o.to };
		if (!o.csv)
			fprintf(f, _("Survey %s%s%s: complete responses only; n = the respondents shown the question\n"),
			    tmpl, o.version ? _(", version ") : "", o.version ? o.version : "");
		if (!o.csv || (so = sheetout_csv(f, o.enc, 0, &err))) {
			rc = report_body(db, &o, &flt, qs, nq, f, so, &err) == 0 ? 0 : 1;
			if (so && sheetout_close(so, rc == 0 && !err ? &err : NULL) != 0)
				rc = 1;
		}
	}
	if (err)
		cli_print_error(who, err);
	if (f)
		rc = finish_out(who, o.out, f, rc == 0);
	free(err);
	free(tmpl);
	survey_questions_free(qs, nq);
	db_close(db);
	return rc;
}
