/* print.c - `print feedback|reply`: the forms and letters of proposals, as PDF or text. */
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
#include "qprint.h"
#include "template.h"
#include "outfile.h"
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

/* ---- print ------------------------------------------------------------------------------- */

/* Width of the text form: fits an 80-column terminal and a line printer's 80 columns. */
#define PRINT_TEXT_COLS 72
/* How many proposals of one number are listed when the choice is the user's. */
#define PRINT_MATCH_MAX 50

typedef struct print_opts {
	const char *number, *session, *unit, *out, *encoding;
	bool blank, awaiting, text;
	int copies;		/* 0: the default (2 for --blank, 1 otherwise) */
} print_opts;

static int
print_usage_error(const char *what, const char *msg)
{
	fprintf(stderr, "lifecircle print %s: %s\n", what, msg);
	return 2;
}

static int
print_parse(const char *what, int argc, char **argv, print_opts *o)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, 'n' }, { "session", required_argument, NULL, 's' },
		{ "unit", required_argument, NULL, 'u' }, { "blank", no_argument, NULL, 'B' },
		{ "awaiting", no_argument, NULL, 'A' }, { "copies", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' }, { "encoding", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' }, { NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "n:s:u:c:f:e:o:", opts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'n': o->number = optarg; break;
		case 's': o->session = optarg; break;
		case 'u': o->unit = optarg; break;
		case 'B': o->blank = true; break;
		case 'A': o->awaiting = true; break;
		case 'o': o->out = optarg; break;
		case 'c':
			v = strtol(optarg, &end, 10);
			if (*end || end == optarg || v < 1 || v > 99)
				return print_usage_error(what, _("--copies takes a number from 1 to 99"));
			o->copies = (int)v;
			break;
		case 'f':
			if (strcmp(optarg, "pdf") != 0 && strcmp(optarg, "text") != 0)
				return print_usage_error(what, _("--format takes pdf or text"));
			o->text = strcmp(optarg, "text") == 0;
			break;
		case 'e':
			if (strcasecmp(optarg, "utf-8") != 0 && strcasecmp(optarg, "utf8") != 0 && strcasecmp(optarg, "gb18030") != 0)
				return print_usage_error(what, _("--encoding takes utf-8 or gb18030"));
			o->encoding = strcasecmp(optarg, "gb18030") == 0 ? "GB18030" : "UTF-8";
			break;
		default: {
			char *m = xasprintf(_("unknown option or missing value: %s"), argv[optind - 1]);
			print_usage_error(what, m);
			free(m);
			return 2;
		}
		}
	}
	if (optind < argc) {
		char *m = xasprintf(_("unexpected argument: %s"), argv[optind]);
		print_usage_error(what, m);
		free(m);
		return 2;
	}
	if (!o->out)
		return print_usage_error(what, _("name the output file with -o FILE (-o - writes text to standard output)"));
	if (o->encoding && !o->text)
		return print_usage_error(what, _("--encoding is for --format text (a PDF carries its own fonts)"));
	if (strcmp(o->out, "-") == 0 && !o->text)
		return print_usage_error(what, _("-o - is for --format text; a PDF needs a file name"));
	if (o->awaiting && (!o->unit || o->number))
		return print_usage_error(what, _("--awaiting prints every form awaiting reply for one handling unit: give --unit and no --number"));
	if (!o->awaiting && !o->number)
		return print_usage_error(what, _("name the proposal with --number (and --session or --unit when several share it)"));
	if (!o->encoding)
		o->encoding = "UTF-8";
	if (!o->copies)
		o->copies = o->blank ? 2 : 1;
	return 0;
}

/* When a number names several proposals the user chooses: list them and ask for --session or --unit. */
static void
print_list_matches(const print_item *items, size_t shown, size_t n, const char *number)
{
	char *num = utf8_escape_controls(number);

	fprintf(stderr, _("lifecircle print: %zu proposals are numbered %s; name one with --session or --unit:\n"), n, num);
	free(num);
	for (size_t i = 0; i < shown; i++) {
		char *c[4];
		const int f[4] = { PROPOSAL_NUMBER, PROPOSAL_SESSION, PROPOSAL_HANDLING_UNIT, PROPOSAL_TITLE };
		for (int k = 0; k < 4; k++)
			c[k] = utf8_escape_controls(items[i].p.v[f[k]]);
		fprintf(stderr, "  %s  %s  %s  %s\n", c[0], c[1], c[2], c[3]);
		for (int k = 0; k < 4; k++)
			free(c[k]);
	}
	if (shown < n)
		fprintf(stderr, _("  ... and %zu more\n"), n - shown);
}

/* The proposals the options name into *items (*loaded of them, to free), of which the first *n are
 * printed: one by number (exit 2 with the list when several match and the user has not named both
 * session and unit), or every form awaiting reply for --unit. */
static int
print_select(sqlite3 *db, const print_opts *o, print_item **items, size_t *loaded, size_t *n)
{
	char *err = NULL;
	size_t total = 0;
	int rc = o->awaiting ? proposal_print_awaiting(db, o->unit, items, loaded, &err)
	                     : proposal_print_match(db, o->number, o->session, o->unit, PRINT_MATCH_MAX, items, loaded, &total, &err);

	*n = *loaded;
	if (rc != 0) {
		cli_print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	if (*n == 0) {
		char *m = o->awaiting ? xasprintf(_("no form is awaiting reply for %s"), o->unit)
		                      : xasprintf(_("no proposal numbered %s%s%s%s%s"), o->number,
		                            o->session ? _(" in ") : "", o->session ? o->session : "",
		                            o->unit ? _(" for ") : "", o->unit ? o->unit : "");
		cli_print_error("lifecircle print", m);
		free(m);
		return 1;
	}
	if (!o->awaiting && total > 1) {
		/* Session and unit both named: the same proposal created by two offices; print the oldest, as proposal_find does. */
		if (o->session && o->unit) {
			*n = 1;
			return 0;
		}
		print_list_matches(*items, *loaded, total, o->number);
		return 2;
	}
	return 0;
}

/* Text to standard output ("-") or a file written whole; 0, or 1 with the reason printed. */
static int
print_write_text(const char *out, const char *buf, size_t len)
{
	char *err = NULL;

	if (strcmp(out, "-") == 0) {
		if (fwrite(buf, 1, len, stdout) == len && fflush(stdout) == 0)
			return 0;
		cli_print_error("lifecircle print", strerror(errno));
		return 1;
	}
	if (outfile_write_whole(out, buf, len, &err) == 0)
		return 0;
	cli_print_error("lifecircle print", err);
	free(err);
	return 1;
}

/* The text form to standard output or a file, then (blank) the forms marked sent. */
static int
print_feedback_text(sqlite3 *db, const print_opts *o, const print_item *items, size_t n, printform_mode mode)
{
	char *err = NULL, *buf;
	size_t len;
	int rc;

	if (!(buf = proposal_print_feedback_text(items, n, mode, o->copies, PRINT_TEXT_COLS, o->encoding, &len, &err))) {
		cli_print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	rc = print_write_text(o->out, buf, len);
	free(buf);
	if (rc == 0 && mode == PRINTFORM_BLANK && proposal_print_mark_sent(db, items, n, &err) != 0) {
		char *m = xasprintf(_("%s was printed, but the forms could not be marked sent: %s"), o->out, err);
		free(err);
		err = m;
		rc = 1;
	}
	if (err) {
		cli_print_error("lifecircle print", err);
		free(err);
	}
	return rc;
}

static int
print_questionnaire_text(const template *t, const qprint_opts *qo, const cli_output *o)
{
	char *utf8 = qprint_text(t, qo, PRINT_TEXT_COLS), *buf, *err = NULL;
	size_t len;
	int rc;

	if (!(buf = printform_encode(utf8, o->enc == SHEETOUT_GB18030 ? "GB18030" : "UTF-8", &len, &err))) {
		cli_print_error("lifecircle print", err);
		free(err);
		free(utf8);
		return 1;
	}
	rc = print_write_text(o->out, buf, len);
	free(buf);
	free(utf8);
	return rc;
}

static int
print_feedback(cli_ctx *ctx, int argc, char **argv)
{
	print_opts o;
	print_item *items = NULL;
	size_t loaded = 0, n = 0;
	printform_mode mode;
	char *err = NULL;
	sqlite3 *db;
	int rc;

	if ((rc = print_parse("feedback", argc, argv, &o)) != 0)
		return rc;
	mode = o.blank ? PRINTFORM_BLANK : PRINTFORM_FILLED;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if ((rc = print_select(db, &o, &items, &loaded, &n)) == 0) {
		if (o.text) {
			rc = print_feedback_text(db, &o, items, n, mode);
		} else {
			if (proposal_print_feedback_pdf(db, items, n, mode, o.copies, o.out, &err) != 0) {
				cli_print_error("lifecircle print", err);
				free(err);
				rc = 1;
			}
			/* Pango's and fontconfig's caches live for the process: give them back (leak checkers). */
			pdf_shutdown();
		}
	}
	if (rc == 0 && strcmp(o.out, "-") != 0) {
		char *out = utf8_escape_controls(o.out);
		if (o.copies == 1)
			printf(ngettext("Printed %zu form to %s.\n", "Printed %zu forms to %s.\n", n), n, out);
		else /* TRANSLATORS: forms, copies of each, the file. */
			printf(ngettext("Printed %zu form, %d copies, to %s.\n", "Printed %zu forms, %d copies of each, to %s.\n", n),
			    n, o.copies, out);
		if (mode == PRINTFORM_BLANK)
			printf(_("The forms count as sent, awaiting reply.\n"));
		free(out);
	}
	proposal_print_free(items, loaded);
	db_close(db);
	return rc;
}

/* The reply letters as text to standard output or a file; 0, or 1 with the message printed. */
static int
print_reply_text(const print_opts *o, const print_item *items, size_t n)
{
	char *err = NULL, *buf;
	size_t len;
	int rc;

	if (!(buf = proposal_print_reply_text(items, n, PRINT_TEXT_COLS, o->encoding, &len, &err))) {
		cli_print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	rc = print_write_text(o->out, buf, len);
	free(buf);
	if (err) {
		cli_print_error("lifecircle print", err);
		free(err);
	}
	if (rc == 0 && strcmp(o->out, "-") != 0) {
		char *out = utf8_escape_controls(o->out);
		printf(_("Printed the reply letter to %s.\n"), out);
		free(out);
	}
	return rc;
}

static int
print_reply(cli_ctx *ctx, int argc, char **argv)
{
	print_opts o;
	print_item *items = NULL;
	size_t loaded = 0, n = 0;
	char *err = NULL;
	sqlite3 *db;
	int rc;

	if ((rc = print_parse("reply", argc, argv, &o)) != 0)
		return rc;
	if (o.blank || o.awaiting || o.copies != 1)
		return print_usage_error("reply", _("the reply letter prints one copy: --number [--session] [--unit] [--format text [--encoding E]] -o FILE"));
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if ((rc = print_select(db, &o, &items, &loaded, &n)) == 0) {
		if (str_is_blank(items[0].p.v[PROPOSAL_REPLY_BODY])) {
			char *num = utf8_escape_controls(items[0].p.v[PROPOSAL_NUMBER]);
			fprintf(stderr, _("lifecircle print: proposal %s has no reply letter yet; enter its text first\n"), num);
			free(num);
			rc = 1;
		} else if (o.text) {
			rc = print_reply_text(&o, items, n);
		} else if (proposal_print_reply_pdf(items, n, o.out, &err) != 0) {
			cli_print_error("lifecircle print", err);
			free(err);
			rc = 1;
			pdf_shutdown();
		} else {
			char *out = utf8_escape_controls(o.out);
			printf(_("Printed the reply letter to %s.\n"), out);
			free(out);
			pdf_shutdown();
		}
	}
	proposal_print_free(items, loaded);
	db_close(db);
	return rc;
}

/* ---- print questionnaire ------------------------------------------------------------------ */

/* The blank paper questionnaire of a template, as PDF or text, for door-to-door visits. */
static int
print_questionnaire(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const formats[] = { "pdf", "text", NULL };
	const char *id = TEMPLATE_DEFAULT_ID, *version = NULL, *lang = NULL, *copies = NULL, *members = NULL;
	const cli_opt own[] = { { "template", &id }, { "version", &version }, { "lang", &lang },
		{ "copies", &copies }, { "members", &members } };
	qprint_opts qo = { NULL, 1, 0 };   /* members 0: the template's counts decide, else the default */
	cli_output o;
	char *err = NULL, *end;
	template *t;
	sqlite3 *db;
	bool text;
	int rc, pages = 0;

	if ((rc = cli_parse_output("lifecircle print questionnaire", argc, argv, formats, own, 5, &o)) != 0)
		return rc;
	text = o.format && strcmp(o.format, "text") == 0;
	if (copies && ((qo.copies = (int)strtol(copies, &end, 10)) < 1 || qo.copies > 99 || *end || end == copies))
		return print_usage_error("questionnaire", _("--copies takes a number from 1 to 99"));
	if (members && ((qo.members = (int)strtol(members, &end, 10)) < 1 || qo.members > QPRINT_MEMBERS_MAX || *end || end == members))
		return print_usage_error("questionnaire", _("--members takes a number from 1 to 20"));
	if (!o.out)
		return print_usage_error("questionnaire", _("name the output file with -o FILE (-o - writes text to standard output)"));
	if (o.enc_given && !text)
		return print_usage_error("questionnaire", _("--encoding is for --format text (a PDF carries its own fonts)"));
	if (strcmp(o.out, "-") == 0 && !text)
		return print_usage_error("questionnaire", _("-o - is for --format text; a PDF needs a file name"));
	qo.lang = lang ? lang : util_ui_language();
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	t = template_load(db, id, version, &err);
	db_close(db);
	if (!t) {
		cli_print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	if (text)
		rc = print_questionnaire_text(t, &qo, &o);
	else {
		outfile *of = outfile_open(o.out, &err);
		if (!of || qprint_pdf(t, &qo, outfile_path(of), &pages, &err) != 0) {
			outfile_abort(of);
			rc = 1;
		} else if (outfile_commit(of, &err) != 0)
			rc = 1;
		/* Pango's and fontconfig's caches live for the process: give them back (leak checkers). */
		pdf_shutdown();
		if (rc) {
			cli_print_error("lifecircle print", err);
			free(err);
		}
	}
	if (rc == 0 && strcmp(o.out, "-") != 0) {
		char *out = utf8_escape_controls(o.out), *title = utf8_escape_controls(template_title(t, NULL));
		if (text) /* TRANSLATORS: the questionnaire's title, copies, the file. */
			printf(ngettext("Printed the questionnaire %s, %d copy, to %s.\n", "Printed the questionnaire %s, %d copies, to %s.\n",
			    (unsigned long)qo.copies), title, qo.copies, out);
		else /* TRANSLATORS: the questionnaire's title, pages of one copy, copies, the file. */
			printf(ngettext("Printed the questionnaire %s (%d page a copy, %d copies) to %s.\n",
			    "Printed the questionnaire %s (%d pages a copy, %d copies) to %s.\n", (unsigned long)pages),
			    title, pages, qo.copies, out);
		free(out);
		free(title);
	}
	template_free(t);
	return rc;
}

int
cmd_print(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("lifecircle print: name what to print: feedback, reply or questionnaire\n"));
		return 2;
	}
	if (strcmp(argv[1], "feedback") == 0)
		return print_feedback(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "reply") == 0)
		return print_reply(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "questionnaire") == 0)
		return print_questionnaire(ctx, argc - 1, argv + 1);
	cli_arg_error(_("lifecircle print: unknown thing to print '%s' (feedback, reply, questionnaire)\n"), argv[1]);
	return 2;
}

/* The requested locale's name, for the message when it is missing. */
