/* cli.c - command-line dispatch. Global options come first, then one subcommand from the table
 * below; each subcommand parses its own options and answers --help. Errors go to stderr. */
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

typedef struct cli_ctx {
	const char *db_path;    /* NULL: the default */
	bool locale_ok;
} cli_ctx;

typedef struct command {
	const char *name;
	int (*run)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;    /* N_() marked */
	const char *usage;      /* N_() marked, after "lifecircle [--db FILE] NAME" */
} command;

static int cmd_init(cli_ctx *ctx, int argc, char **argv);
static int cmd_info(cli_ctx *ctx, int argc, char **argv);
static int cmd_reference(cli_ctx *ctx, int argc, char **argv);
static int cmd_check(cli_ctx *ctx, int argc, char **argv);
static int cmd_backup(cli_ctx *ctx, int argc, char **argv);
static int cmd_import(cli_ctx *ctx, int argc, char **argv);
static int cmd_operator(cli_ctx *ctx, int argc, char **argv);
static int cmd_report(cli_ctx *ctx, int argc, char **argv);
static int cmd_print(cli_ctx *ctx, int argc, char **argv);
static int report_feedback(cli_ctx *ctx, int argc, char **argv);

static const command commands[] = {
	{ "init", cmd_init, N_("set this office's identity (kind, names, office code, operator)"),
	  N_("[--kind community|subdistrict|district|handling_unit] --office-code CODE\n"
	     "       --operator NAME [--community NAME] [--subdistrict NAME] [--district NAME]\n"
	     "       [--unit NAME] [--households N] [--residents N]\n"
	     "Options not given keep their current value. The kind (community when not given)\n"
	     "says which names are needed: a community office --community and --district, a\n"
	     "subdistrict office --subdistrict and --district, a district office --district, a\n"
	     "handling unit --unit (e.g. 乌海市商务局). The operator joins the office's operators\n"
	     "and becomes the current one.") },
	{ "operator", cmd_operator, N_("the office's operators: list them, add, use or remove one"),
	  N_("list | add NAME | use NAME | remove NAME\n"
	     "list prints one name a line, the current one marked with *; use makes NAME the\n"
	     "current operator (stamped on the records saved from then on); the current operator\n"
	     "cannot be removed.") },
	{ "info", cmd_info, N_("show the database file, its schema version, the office and record counts"),
	  N_("(no options)") },
	{ "reference", cmd_reference, N_("print reference data: circles, standard or indicators"),
	  N_("circles|standard|indicators\nPrints tab-separated rows from the database.") },
	{ "check", cmd_check, N_("check the database file for damage (integrity and links between records)"),
	  N_("(no options)\nReads the file without changing it; exit status 1 when it finds problems.") },
	{ "backup", cmd_backup, N_("copy the database into a new file, without its -wal and -shm"),
	  N_("-o FILE\nWrites a compact copy (VACUUM INTO) to FILE, which must not exist yet.") },
	{ "import", cmd_import, N_("bring a spreadsheet in: proposals (CSV, UTF-8 or GB18030)"),
	  N_("proposals FILE [--dry-run]\n"
	     "FILE is CSV with a header row: 类别/kind (建议 or 提案), 届次/session, 编号/number,\n"
	     "标题/title, 提出人/proposer, 联系电话/phone, 承办单位/handling_unit.\n"
	     "A row with the number, session and handling unit of a proposal already entered\n"
	     "updates it. --dry-run shows each row as new, changed, unchanged or bad and writes\n"
	     "nothing; without it the good rows are written together and the bad ones listed.\n"
	     "Exit status: 0 all rows good, 1 a bad row or an unreadable file, 2 wrong usage.") },
	{ "report", cmd_report, N_("print a report: feedback (satisfaction) or gaps (against the standard)"),
	  N_("feedback [--by unit|session] [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "       gaps [--community CODE] [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "feedback: per handling unit (or session) the forms returned at each level, the\n"
	     "satisfaction rate ((satisfied + fairly satisfied) / returned), awaiting reply, not sent.\n"
	     "gaps: without --community every community, then a summary across them.\n"
	     "CSV is UTF-8 with a BOM unless --encoding gb18030.") },
	{ "print", cmd_print, N_("print the feedback form or the reply letter of a proposal (PDF or text)"),
	  N_("feedback --number N [--session S] [--unit U] [--blank] [--copies N]\n"
	     "                [--format pdf|text] [--encoding utf-8|gb18030] -o FILE\n"
	     "       feedback --unit U --awaiting [--blank] [--copies N] -o FILE\n"
	     "       reply --number N [--session S] [--unit U] -o FILE\n"
	     "--blank prints the form for the deputy (answers empty), in duplicate unless --copies,\n"
	     "and marks it sent today. When several proposals share the number they are listed\n"
	     "(exit status 2): name one with --session or --unit. --awaiting prints every form\n"
	     "awaiting reply for the unit into one file. -o - writes the text form to standard\n"
	     "output. FILE is replaced whole or left as it was.") },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void
print_usage(FILE *f)
{
	fprintf(f, _("Usage: lifecircle [--db FILE] [COMMAND [OPTIONS]]\n"
	             "With no command, start the full-screen interface.\n\n"
	             "Options:\n"
	             "  --db FILE    use this database (default: $LIFECIRCLE_DB or\n"
	             "               $XDG_DATA_HOME/lifecircle/lifecircle.db)\n"
	             "  -h, --help   show this help\n"
	             "  -V, --version  show the version\n\nCommands:\n"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f, _("\n'lifecircle COMMAND --help' describes a command.\n"));
}

static bool
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

static int
command_help(const command *c)
{
	printf(_("Usage: lifecircle [--db FILE] %s %s\n"), c->name, _(c->usage));
	printf("%s\n", _(c->summary));
	return 0;
}

/* Print a usage message about one command-line argument on stderr, the argument with its control
 * characters escaped: an argument pasted from elsewhere must not drive the terminal. */
static void
arg_error(const char *fmt, const char *arg)
{
	char *safe = utf8_escape_controls(arg);
	fprintf(stderr, fmt, safe);
	free(safe);
}

/* Print "lifecircle: MSG" on stderr with its control characters escaped: a message may carry a
 * file name or text from a file, which must not drive the terminal. */
static void
print_error(const char *prefix, const char *msg)
{
	char *safe = utf8_escape_controls(msg);
	fprintf(stderr, "%s: %s\n", prefix, safe);
	free(safe);
}

/* Replace a string by its escaped copy (text from the database, before it is printed). */
static void
escape_in_place(char **s)
{
	char *safe = utf8_escape_controls(*s);
	free(*s);
	*s = safe;
}

static void
escape_identity(office_identity *id)
{
	char **f[] = { &id->community, &id->subdistrict, &id->district, &id->office_code,
	               &id->operator_name, &id->households, &id->residents, &id->office_kind, &id->unit_name };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		escape_in_place(f[i]);
}

/* How a command opens the database. */
typedef enum open_how {
	OPEN_EXISTING,  /* the file must exist */
	OPEN_CREATE,    /* make it when missing (init sets up an office) */
	OPEN_PLAIN      /* only check and read: never migrate, load or write */
} open_how;

/* The database file the user chose (--db, LIFECIRCLE_DB or the default), or NULL after saying
 * why there is none (no HOME and no XDG_DATA_HOME: no default place). */
static char *
chosen_path(const cli_ctx *ctx)
{
	char *path = ctx->db_path ? xstrdup(ctx->db_path) : db_default_path();

	if (!path)
		fprintf(stderr, _("lifecircle: neither HOME nor XDG_DATA_HOME is set, so there is no default "
		                  "place for the database. Name the file with --db FILE or LIFECIRCLE_DB.\n"));
	return path;
}

/* Open the chosen database, or print why not. A read-only file is opened for reading, and said so. */
static sqlite3 *
open_db(cli_ctx *ctx, open_how how)
{
	char *path = chosen_path(ctx);
	db_open_result r;

	if (!path)
		return NULL;
	r = how == OPEN_PLAIN ? db_open_file(path, DB_OPEN_READONLY)
	    : db_open_office(path, refdata_dir(), how == OPEN_CREATE ? DB_OPEN_CREATE : 0);
	if (!r.db) {
		print_error("lifecircle", r.error);
		if (r.missing)
			fprintf(stderr, _("lifecircle: 'lifecircle init' or starting lifecircle with no command creates a database.\n"));
		free(r.error);
	} else if (r.readonly && how != OPEN_PLAIN) {
		fprintf(stderr, _("lifecircle: %s is read-only: opened for reading, nothing can be saved\n"), db_filename(r.db));
	}
	free(path);
	return r.db;
}

static void
set_if_given(char **slot, const char *given)
{
	if (given) {
		free(*slot);
		*slot = xstrdup(given);
	}
}

/* Like set_if_given, with full-width letters and digits from an input method folded to ASCII, as on the form. */
static void
fold_if_given(char **slot, const char *given)
{
	if (given) {
		free(*slot);
		*slot = field_fold_ascii(given);
	}
}

/* A name given for a kind of office that has no such name would be dropped when saving: say so
 * instead (NULL when every name given applies; else a fresh message). */
static char *
init_option_unasked(const office_identity *id, const char *const *given, const struct option *opts)
{
	static const char *const keys[9] = {
		"community", "subdistrict", "district", NULL, NULL, "households", "residents", NULL, "unit_name"
	};
	int kind = settings_kind_parse(id->office_kind);

	for (int i = 0; kind >= 0 && i < 9; i++)
		if (given[i] && keys[i] && !settings_kind_asks((office_kind)kind, keys[i]))
			/* TRANSLATORS: --%s is an option's name, the second %s a kind of office. */
			return xasprintf(_("--%s does not apply to this kind of office (%s): leave it out, or give --kind."),
			    opts[i].name, settings_kind_label((office_kind)kind));
	return NULL;
}

static int
cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "community", required_argument, NULL, 'c' },
		{ "subdistrict", required_argument, NULL, 's' },
		{ "district", required_argument, NULL, 'd' },
		{ "office-code", required_argument, NULL, 'o' },
		{ "operator", required_argument, NULL, 'p' },
		{ "households", required_argument, NULL, 'h' },
		{ "residents", required_argument, NULL, 'r' },
		{ "kind", required_argument, NULL, 'k' },
		{ "unit", required_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 }
	};
	const char *given[9] = { NULL };
	office_identity id;
	sqlite3 *db;
	char *err = NULL;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		const char *letters = "csdophrku";
		const char *at = c ? strchr(letters, c) : NULL;
		if (!at) {
			fprintf(stderr, _("lifecircle init: unknown option or missing value: %s\n"),
			    argv[optind - 1]);
			return 2;
		}
		given[at - letters] = optarg;
	}
	if (optind < argc) {
		arg_error(_("lifecircle init: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (!(db = open_db(ctx, OPEN_CREATE)))
		return 1;
	settings_identity_load(db, &id);
	set_if_given(&id.community, given[0]);
	set_if_given(&id.subdistrict, given[1]);
	set_if_given(&id.district, given[2]);
	fold_if_given(&id.office_code, given[3]);
	set_if_given(&id.operator_name, given[4]);
	fold_if_given(&id.households, given[5]);
	fold_if_given(&id.residents, given[6]);
	set_if_given(&id.office_kind, given[7]);
	set_if_given(&id.unit_name, given[8]);
	if ((err = init_option_unasked(&id, given, opts)) != NULL)
		rc = -1;
	else
		rc = settings_identity_save(db, &id, &err);
	if (rc != 0) {
		print_error("lifecircle init", err);
		free(err);
	} else {
		settings_identity_free(&id);
		settings_identity_load(db, &id);   /* as stored: trimmed, names the kind does not ask for emptied */
		escape_identity(&id);
		printf(_("Office saved: %s, %s (%s), operator %s\n"),
		    settings_kind_label((office_kind)settings_kind_parse(id.office_kind)), settings_office_name(&id),
		    id.office_code, id.operator_name);
	}
	settings_identity_free(&id);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

/* Node id, clock and reference data version: what sync and support need to see. */
static void
print_sync_state(sqlite3 *db)
{
	char *node = record_node_id(db), *clock = record_clock_describe(db);

	printf(_("Node id: %s\n"), node ? node : "-");
	printf(_("Clock: %s\n"), clock);
	printf(_("Reference data version: %d\n"), refdata_db_version(db));
	free(clock);
	free(node);
}

static int
cmd_info(cli_ctx *ctx, int argc, char **argv)
{
	office_identity id;
	record_counts n;
	sqlite3 *db;
	char *file;

	(void)argv;
	if (argc > 1) {
		arg_error(_("lifecircle info: unexpected argument: %s\n"), argv[1]);
		return 2;
	}
	if (!(db = open_db(ctx, OPEN_EXISTING)))
		return 1;
	settings_identity_load(db, &id);
	escape_identity(&id);
	stats_record_counts(db, &n);
	file = utf8_escape_controls(db_filename(db));
	printf(_("Database: %s\n"), file);
	free(file);
	printf(_("Schema version: %lld\n"), db_query_int(db, "PRAGMA user_version", -1));
	print_sync_state(db);
	printf(_("Community: %s\nSubdistrict: %s\nDistrict: %s\nOffice code: %s\nOperator: %s\n"),
	    id.community, id.subdistrict, id.district, id.office_code, id.operator_name);
	printf(_("Households: %s\nResidents: %s\n"), id.households, id.residents);
	printf(_("Office kind: %s\nUnit: %s\n"), *id.office_kind ? id.office_kind : settings_kind_name(OFFICE_COMMUNITY),
	    id.unit_name);
	printf(_("Survey responses: %lld\nFacilities: %lld\nProposals: %lld\nFeedback forms: %lld\n"),
	    n.responses, n.facilities, n.proposals, n.feedback);
	settings_identity_free(&id);
	db_close(db);
	return 0;
}

/* Print every row of a query, cells separated by tabs. */
static void
print_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		int n = sqlite3_column_count(st);
		for (int i = 0; i < n; i++) {
			char *v = utf8_escape_controls((const char *)sqlite3_column_text(st, i));
			printf("%s%s", i ? "\t" : "", v);
			free(v);
		}
		putchar('\n');
	}
	sqlite3_finalize(st);
}

static int
cmd_reference(cli_ctx *ctx, int argc, char **argv)
{
	static const struct { const char *what; const char *sql; } q[] = {
		{ "circles", "SELECT no, code, name, description FROM circle ORDER BY no" },
		{ "standard", "SELECT i.goal_no, g.name, i.no, i.name, i.requirement FROM std_item i"
		              " JOIN std_goal g ON g.no = i.goal_no ORDER BY i.no" },
		{ "indicators", "SELECT no, name, unit, op, printf('%g', target), kind FROM indicator ORDER BY no" },
	};
	sqlite3 *db;

	if (argc != 2) {
		fprintf(stderr, _("lifecircle reference: name one of circles, standard, indicators\n"));
		return 2;
	}
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		if (strcmp(argv[1], q[i].what) != 0)
			continue;
		if (!(db = open_db(ctx, OPEN_EXISTING)))
			return 1;
		print_rows(db, q[i].sql);
		db_close(db);
		return 0;
	}
	arg_error(_("lifecircle reference: unknown table '%s' (circles, standard, indicators)\n"), argv[1]);
	return 2;
}

static int
cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	sqlite3 *db;
	char *problems;
	int rc;

	if (argc > 1) {
		arg_error(_("lifecircle check: unexpected argument: %s\n"), argv[1]);
		return 2;
	}
	if (!(db = open_db(ctx, OPEN_PLAIN)))
		return 1;
	problems = db_check_integrity(db);
	rc = problems ? 1 : 0;
	if (problems) {
		fprintf(stderr, _("lifecircle check: %s is damaged:\n%s"), db_filename(db), problems);
		free(problems);
	} else {
		printf(_("%s: ok (schema version %lld)\n"), db_filename(db), db_query_int(db, "PRAGMA user_version", -1));
	}
	db_close(db);
	return rc;
}

/* Make the backup file ourselves (0600, never over an existing file); VACUUM INTO fills an empty one. */
static int
backup_into(sqlite3 *db, const char *out)
{
	char *err;
	int fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			fprintf(stderr, _("lifecircle backup: %s already exists; it was left untouched (name a new file)\n"), out);
		else
			fprintf(stderr, _("lifecircle backup: cannot create %s: %s\n"), out, strerror(errno));
		return 1;
	}
	close(fd);
	if ((err = db_vacuum_into(db, out)) != NULL) {
		fprintf(stderr, _("lifecircle backup: cannot write %s: %s\n"), out, err);
		free(err);
		unlink(out);
		return 1;
	}
	printf(_("Copied %s to %s\n"), db_filename(db), out);
	return 0;
}

static int
cmd_backup(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = { { "output", required_argument, NULL, 'o' }, { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	sqlite3 *db;
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c != 'o') {
			arg_error(_("lifecircle backup: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
		out = optarg;
	}
	if (optind < argc) {
		arg_error(_("lifecircle backup: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (!out || !*out) {
		fprintf(stderr, _("lifecircle backup: name the new file with -o FILE\n"));
		return 2;
	}
	if (!(db = open_db(ctx, OPEN_PLAIN)))
		return 1;
	rc = backup_into(db, out);
	db_close(db);
	return rc;
}

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
static int
cmd_operator(cli_ctx *ctx, int argc, char **argv)
{
	static const char *const verbs[] = { "list", "add", "use", "remove" };
	int (*const act[])(sqlite3 *, const char *, char **) = {
		NULL, settings_operator_add, settings_operator_use, settings_operator_remove
	};
	int v = -1, rc = 0;
	sqlite3 *db;
	char *err = NULL;

	for (int i = 0; argc > 1 && i < 4; i++)
		if (strcmp(argv[1], verbs[i]) == 0)
			v = i;
	if (v < 0 || argc != (v == 0 ? 2 : 3)) {
		fprintf(stderr, _("Usage: lifecircle [--db FILE] operator list | add NAME | use NAME | remove NAME\n"));
		return 2;
	}
	if (!(db = open_db(ctx, OPEN_EXISTING)))
		return 1;
	if (v == 0) {
		size_t n;
		char **names = settings_operators(db, &n), *cur = settings_get(db, "operator");
		for (size_t i = 0; i < n; i++) {
			char *safe = utf8_escape_controls(names[i]);
			printf("%s %s\n", cur && strcmp(cur, names[i]) == 0 ? "*" : " ", safe);
			free(safe);
		}
		free(cur);
		settings_operators_free(names, n);
	} else if ((rc = act[v](db, argv[2], &err)) != 0) {
		print_error("lifecircle operator", err);
		free(err);
	}
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static int
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
			arg_error(_("lifecircle import: unknown option %s\n"), argv[i]);
			return 2;
		} else if (!kind) {
			kind = argv[i];
		} else if (!file) {
			file = argv[i];
		} else {
			arg_error(_("lifecircle import: unexpected argument: %s\n"), argv[i]);
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
	if (!(db = open_db(ctx, OPEN_EXISTING)))
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
			arg_error(_("lifecircle report: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
	}
	if (optind < argc) {
		arg_error(_("lifecircle report: unexpected argument: %s\n"), argv[optind]);
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
	if (!(db = open_db(ctx, OPEN_EXISTING)))
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

static int
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
	arg_error(_("lifecircle report: unknown report '%s' (feedback, gaps)\n"), argv[1]);
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
		print_error("lifecircle report", err);
		free(err);
		return -1;
	}
	fbstats_write_sheet(so, o->by, rows, n);
	if (sheetout_close(so, &err) != 0) {
		print_error("lifecircle report", err ? err : "?");
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
		print_error("lifecircle report", strerror(errno));
		return 1;
	}
	rc = report_feedback_write(f, o, rows, n);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0 && proposal_print_write_file(o->out, buf, len, &err) != 0) {
		print_error("lifecircle report", err);
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
	if (!(db = open_db(ctx, OPEN_EXISTING)))
		return 1;
	rc = fbstats_query(db, o.by, &rows, &n, &err);
	db_close(db);
	if (rc != 0) {
		print_error("lifecircle report", err);
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
		print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	if (*n == 0) {
		char *m = o->awaiting ? xasprintf(_("no form is awaiting reply for %s"), o->unit)
		                      : xasprintf(_("no proposal numbered %s%s%s%s%s"), o->number,
		                            o->session ? _(" in ") : "", o->session ? o->session : "",
		                            o->unit ? _(" for ") : "", o->unit ? o->unit : "");
		print_error("lifecircle print", m);
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

/* The text form to standard output or a file, then (blank) the forms marked sent. */
static int
print_feedback_text(sqlite3 *db, const print_opts *o, const print_item *items, size_t n, printform_mode mode)
{
	char *err = NULL, *buf;
	size_t len;
	int rc = 0;

	if (!(buf = proposal_print_feedback_text(items, n, mode, o->copies, PRINT_TEXT_COLS, o->encoding, &len, &err))) {
		print_error("lifecircle print", err);
		free(err);
		return 1;
	}
	if (strcmp(o->out, "-") == 0) {
		if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
			print_error("lifecircle print", strerror(errno));
			rc = 1;
		}
	} else if (proposal_print_write_file(o->out, buf, len, &err) != 0) {
		rc = 1;
	}
	free(buf);
	if (rc == 0 && mode == PRINTFORM_BLANK && proposal_print_mark_sent(db, items, n, &err) != 0) {
		char *m = xasprintf(_("%s was printed, but the forms could not be marked sent: %s"), o->out, err);
		free(err);
		err = m;
		rc = 1;
	}
	if (err) {
		print_error("lifecircle print", err);
		free(err);
	}
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
	if (!(db = open_db(ctx, OPEN_EXISTING)))
		return 1;
	if ((rc = print_select(db, &o, &items, &loaded, &n)) == 0) {
		if (o.text) {
			rc = print_feedback_text(db, &o, items, n, mode);
		} else {
			if (proposal_print_feedback_pdf(db, items, n, mode, o.copies, o.out, &err) != 0) {
				print_error("lifecircle print", err);
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
	if (o.text || o.blank || o.awaiting || o.copies != 1)
		return print_usage_error("reply", _("the reply letter prints as PDF, one copy: --number [--session] [--unit] -o FILE"));
	if (!(db = open_db(ctx, OPEN_EXISTING)))
		return 1;
	if ((rc = print_select(db, &o, &items, &loaded, &n)) == 0) {
		if (str_is_blank(items[0].p.v[PROPOSAL_REPLY_BODY])) {
			char *num = utf8_escape_controls(items[0].p.v[PROPOSAL_NUMBER]);
			fprintf(stderr, _("lifecircle print: proposal %s has no reply letter yet; enter its text first\n"), num);
			free(num);
			rc = 1;
		} else if (proposal_print_reply_pdf(items, n, o.out, &err) != 0) {
			print_error("lifecircle print", err);
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

static int
cmd_print(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("lifecircle print: name what to print: feedback or reply\n"));
		return 2;
	}
	if (strcmp(argv[1], "feedback") == 0)
		return print_feedback(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "reply") == 0)
		return print_reply(ctx, argc - 1, argv + 1);
	arg_error(_("lifecircle print: unknown thing to print '%s' (feedback, reply)\n"), argv[1]);
	return 2;
}

/* The requested locale's name, for the message when it is missing. */
static const char *
requested_locale(void)
{
	const char *vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };

	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "C";
}

/* --db names a file that does not exist: ask on the terminal before making a new database there
 * (a mistyped name must not silently start an empty office). No terminal, or end of input, is no. */
static bool
ask_create(const char *path)
{
	char line[64];

	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, _("lifecircle: %s does not exist; no new database was made (start lifecircle on a terminal to be asked, or run 'lifecircle init')\n"), path);
		return false;
	}
	/* On the terminal itself (stdout): stderr may be kept in a log. */
	printf(_("%s does not exist. Make a new database there? [y/N] "), path);
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin) || rpmatch(line) != 1) {
		fprintf(stderr, _("No new database was made.\n"));
		return false;
	}
	return true;
}

/* The full-screen program's database: the default location is made without asking, a --db file after asking. */
static sqlite3 *
open_ui_db(cli_ctx *ctx)
{
	struct stat sb;

	if (ctx->db_path && lstat(ctx->db_path, &sb) != 0 && errno == ENOENT) {
		if (!ask_create(ctx->db_path))
			return NULL;
		return open_db(ctx, OPEN_CREATE);
	}
	return open_db(ctx, ctx->db_path ? OPEN_EXISTING : OPEN_CREATE);
}

static int
run_ui(cli_ctx *ctx)
{
	sqlite3 *db;
	int rc;

	if (!ctx->locale_ok) {
		/* Without the locale, wide characters cannot be drawn: say so instead of showing garbage. */
		const char *want = requested_locale();
		size_t base = strcspn(want, ".@");
		fprintf(stderr,
		    "lifecircle: the locale \"%s\" is not available on this system (or is not UTF-8),\n"
		    "so its text cannot be shown correctly. Create it (as root):\n"
		    "    apt-get install -y locales && localedef -i %.*s -f UTF-8 %.*s.UTF-8\n"
		    "or start in English with: LANG=C.UTF-8 lifecircle\n",
		    want, (int)base, want, (int)base, want);
		return 1;
	}
	if (ui_terminal_check() != 0)
		return 1;
	if (!(db = open_ui_db(ctx)))
		return 1;
	rc = screens_run(db);
	db_close(db);
	return rc;
}

int
cli_main(int argc, char **argv, bool locale_ok)
{
	cli_ctx ctx = { NULL, locale_ok };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
			printf("lifecircle %s\n", PACKAGE_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0) {
			ctx.db_path = i + 1 < argc ? argv[++i] : "";
		} else if (str_starts_with(argv[i], "--db=")) {
			ctx.db_path = argv[i] + 5;
		} else {
			arg_error(_("lifecircle: unknown option %s\n"), argv[i]);
			print_usage(stderr);
			return 2;
		}
	}
	if (ctx.db_path && !*ctx.db_path) {
		fprintf(stderr, _("lifecircle: --db needs a file name\n"));
		return 2;
	}
	if (i == argc)
		return run_ui(&ctx);
	for (size_t c = 0; c < N_COMMANDS; c++) {
		if (strcmp(argv[i], commands[c].name) != 0)
			continue;
		if (wants_help(argc - i, argv + i))
			return command_help(&commands[c]);
		return commands[c].run(&ctx, argc - i, argv + i);
	}
	arg_error(_("lifecircle: unknown command '%s'\n"), argv[i]);
	print_usage(stderr);
	return 2;
}
