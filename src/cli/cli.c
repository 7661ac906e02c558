/* cli.c - command-line dispatch. Global options come first, then one subcommand from the table
 * below; each subcommand parses its own options and answers --help. Errors go to stderr. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
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


typedef struct command {
	const char *name;
	int (*run)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;    /* N_() marked */
	const char *usage;      /* N_() marked, after "lifecircle [--db FILE] NAME" */
} command;


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
	{ "import", cmd_import, N_("bring a spreadsheet in (CSV or .xlsx): proposals, communities or facilities"),
	  N_("proposals|communities|facilities FILE [--sheet NAME] [--dry-run]\n"
	     "FILE is CSV (UTF-8, with or without BOM, or GB18030) or an .xlsx workbook (its first\n"
	     "sheet, or --sheet NAME) with a header row in Chinese or English:\n"
	     "proposals: 类别/kind (建议 or 提案), 届次/session, 编号/number, 标题/title,\n"
	     "  提出人/proposer, 联系电话/phone, 承办单位/handling_unit; a row with the number,\n"
	     "  session and handling unit of a proposal already entered updates it.\n"
	     "communities: 代码/code, 名称/name, 街道/subdistrict, 区/district, 户数/households,\n"
	     "  人口/residents, 新建/new (是/否), 用地面积/land_area, 老旧小区/old_estate (是/否);\n"
	     "  a row with the code of a community updates it.\n"
	     "facilities: 社区代码/community, 类别/kind (a standard item or business type by name),\n"
	     "  名称/name, 地址/address, 建筑面积/floor_area, 用地面积/land_area, 容量/capacity,\n"
	     "  容量单位/capacity_unit, 状态/status, 服务圈层/circles (codes or names), 小区/estate\n"
	     "  (added when new), 营业时间/hours, 运营方或产权方/run_by, 连锁门店/chain (是/否),\n"
	     "  最近核查日期/checked_on (YYYY-MM-DD), 备注/notes; a row with the community, kind\n"
	     "  and name of a facility updates it.\n"
	     "An empty cell changes nothing. --dry-run shows each row as new, changed, unchanged or\n"
	     "bad and writes nothing; without it the good rows are written together and the bad\n"
	     "ones listed. Exit status: 0 all rows good, 1 a bad row or an unreadable file, 2 wrong usage.") },
	{ "export", cmd_export, N_("write records to a spreadsheet (.xlsx or CSV): communities, facilities, gaps, outlets, proposals, survey"),
	  N_("communities|facilities|gaps|proposals [--community CODE] [--format csv|xlsx]\n"
	     "       [--encoding utf-8|gb18030] -o FILE\n"
	     "       outlets [--format csv|xlsx] [--encoding utf-8|gb18030] -o FILE\n"
	     "       survey [--template ID] [--version V] [--format csv|xlsx] [--encoding utf-8|gb18030] -o FILE\n"
	     "Headers are in the interface's language, the names import takes back. --format\n"
	     "defaults to xlsx for a FILE ending in .xlsx, else csv; CSV is UTF-8 with a BOM\n"
	     "unless --encoding gb18030; -o - writes CSV to standard output. gaps: the gap report\n"
	     "(a summary sheet, then a sheet per community in .xlsx). FILE is replaced whole or\n"
	     "left as it was.\n"
	     "outlets: the outlet summary across communities (as report outlets).\n"
	     "survey: one row per live response, a column per question; a select_multiple is its\n"
	     "names separated by spaces plus a 0/1 column NAME/CHOICE per choice; a question not\n"
	     "shown is empty. Until templates are stored, the questions are the distinct answer\n"
	     "keys of the template (and version) in the responses; --template may be left out\n"
	     "when one template has responses.") },
	{ "report", cmd_report, N_("print a report: feedback (satisfaction), gaps (against the standard), outlets (across communities) or survey results"),
	  N_("feedback [--by unit|session] [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "       gaps [--community CODE] [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "       outlets [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "       survey [--template ID] [--version V] [--community CODE] [--estate NAME]\n"
	     "              [--from DATE] [--to DATE] [--question NAME [--by NAME]]\n"
	     "              [--format text|csv] [--encoding utf-8|gb18030] [-o FILE]\n"
	     "feedback: per handling unit (or session) the forms returned at each level, the\n"
	     "satisfaction rate ((satisfied + fairly satisfied) / returned), awaiting reply, not sent.\n"
	     "gaps: without --community every community, then a summary across them.\n"
	     "outlets: every business type's outlets across the communities of the file and how\n"
	     "many communities have one; each community's chain share against the task list's target.\n"
	     "survey: per question the count and percentage of each choice, or mean, min and max;\n"
	     "n is the respondents shown the question (complete responses only). --by makes a\n"
	     "cross-tab of --question by another question (base: shown both). The questions are\n"
	     "the answer keys stored for the template until templates are stored.\n"
	     "CSV is UTF-8 with a BOM unless --encoding gb18030.") },
	{ "print", cmd_print, N_("print a proposal's feedback form or reply letter, or a blank questionnaire (PDF or text)"),
	  N_("feedback --number N [--session S] [--unit U] [--blank] [--copies N]\n"
	     "                [--format pdf|text] [--encoding utf-8|gb18030] -o FILE\n"
	     "       feedback --unit U --awaiting [--blank] [--copies N] -o FILE\n"
	     "       reply --number N [--session S] [--unit U]\n"
	     "       questionnaire [--template ID] [--version V] [--lang L] [--members N] [--copies N]\n"
	     "                [--format pdf|text] [--encoding utf-8|gb18030] -o FILE\n"
	     "--blank prints the form for the deputy (answers empty), in duplicate unless --copies,\n"
	     "and marks it sent today. When several proposals share the number they are listed\n"
	     "(exit status 2): name one with --session or --unit. --awaiting prints every form\n"

	     "awaiting reply for the unit into one file. questionnaire prints a template (the\n"
	     "shipped needs survey unless --template) blank for door-to-door visits, with room\n"
	     "for N members in a repeat group (3 unless --members; a count written as a number\n"
	     "prints that many, one read from a question as many as its constraint allows).\n"
	     "-o - writes the text form or letter to standard output. FILE is replaced whole or\n"
	     "left as it was.") },
	{ "template", cmd_template, N_("questionnaire templates (XLSForm): import, list, show"),
	  N_("import FILE... [--dry-run] | list | show ID [--version V] [--lang L]\n"
	     "import reads XLSForm CSV files: NAME.survey.csv with NAME.choices.csv and\n"
	     "NAME.settings.csv (given together), or one file in pyxform's layout; UTF-8 or GB18030.\n"
	     "Every template is checked whole first and every problem listed with its sheet, row\n"
	     "and column; if any has a problem nothing is imported (exit status 1). Question\n"
	     "types a terminal cannot ask (geopoint, image, audio, barcode ...) are listed and\n"
	     "skipped. A template is form_id + version: a new version is kept beside the old.\n"
	     "list prints form id, version, title, languages, date and id, tab-separated.\n"
	     "show prints a template's questions and choices (ID: its id or form id; the newest\n"
	     "version unless --version) with labels in --lang or the program's language.") },
	{ "sync", cmd_sync, N_("exchange records with other offices by file (.lcdb): export, import, receipts"),
	  N_("export -o FILE|DIR [--to NAME] [--full] [--deidentify] [--encrypt | --passphrase-file FILE]\n"
	     "       import [--accept-future] [--recheck] [--passphrase-file FILE] FILE...\n"
	     "       receipts | digest | duplicates\n"
	     "       merge TABLE KEEP_ID DROP_ID | repoint\n"
	     "export writes the records changed since the last export to NAME (district when not\n"
	     "given; everything with --full) into a new SQLite file and remembers what was sent.\n"
	     "When -o names a folder, the file is named OFFICE-YYYYMMDD-NNN.lcdb.\n"
	     "import checks each file (a private copy: identity, schema version, schema, quick_check,\n"
	     "manifest, checksum, types, clocks) and merges it in its own transaction: the latest\n"
	     "version of each record wins and a concurrent one is kept as a conflict. A refused\n"
	     "file is named with the check and why, changes nothing, and the others still go in.\n"
	     "A file whose clocks are more than a day ahead of this computer's is refused unless\n"
	     "--accept-future. A file imported before (the same bytes) is only receipted, unless\n"
	     "--recheck. receipts lists the imported files; digest prints a hash of all\n"
	     "records and conflicts, equal in two offices that hold the same.\n"
	     "duplicates lists pairs of records two offices both made (a community code; a\n"
	     "proposal's number, session and handling unit), one pair a line, for a person to merge.\n"
	     "merge makes DROP_ID a tombstone merged into KEEP_ID (TABLE: community, estate,\n"
	     "facility, proposal or survey_template), points what pointed at it at KEEP_ID\n"
	     "(facilities, estates and responses of a community; feedback forms of a proposal)\n"
	     "in one transaction, and the merge travels to other offices like any edit.\n"
	     "repoint moves records that arrived pointing at a record merged away (made at an\n"
	     "office before the merge reached it) to the record it was merged into.\n"
	     "--encrypt asks for a passphrase twice on the terminal (never echoed; --passphrase-file\n"
	     "reads it from a file's first line, for scripts) and writes NAME.lcdb.enc (argon2id,\n"
	     "libsodium secretstream); import asks for it, or reads --passphrase-file.\n"
	     "--deidentify leaves out personal information (proposers' names and phones, signatures);\n"
	     "such a file is marked, and a database holding full records refuses it.\n"
	     "Exit status: 0 all good, 1 a file refused or an error, 2 wrong usage.") },
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
void
cli_arg_error(const char *fmt, const char *arg)
{
	char *safe = utf8_escape_controls(arg);
	fprintf(stderr, fmt, safe);
	free(safe);
}

/* Print "lifecircle: MSG" on stderr with its control characters escaped: a message may carry a
 * file name or text from a file, which must not drive the terminal. */
void
cli_print_error(const char *prefix, const char *msg)
{
	char *safe = utf8_escape_controls(msg);
	fprintf(stderr, "%s: %s\n", prefix, safe);
	free(safe);
}

/* The allowed formats as "a, b, c" (fresh). */
static char *
formats_list(const char *const *formats)
{
	char *list = xstrdup("");

	for (size_t i = 0; formats[i]; i++) {
		char *l = xasprintf("%s%s%s", list, i ? ", " : "", formats[i]);
		free(list);
		list = l;
	}
	return list;
}

static bool
format_known(const char *const *formats, const char *f)
{
	for (size_t i = 0; formats[i]; i++)
		if (strcmp(formats[i], f) == 0)
			return true;
	return false;
}

/* cmd: MSG about arg (escaped), where msg has "%s" for the argument. */
static void
cli_usage_error(const char *cmd, const char *msg, const char *arg)
{
	char *fmt = xasprintf("%s: %s\n", cmd, msg);

	cli_arg_error(fmt, arg);
	free(fmt);
}

int
cli_parse_output(const char *cmd, int argc, char **argv, const char *const *formats,
    const cli_opt *own, size_t nown, cli_output *o)
{
	struct option *opts = xcalloc(nown + 4, sizeof *opts);
	int c, rc = 0;

	for (size_t i = 0; i < nown; i++)
		opts[i] = (struct option){ own[i].name, required_argument, NULL, 256 + (int)i };
	opts[nown] = (struct option){ "format", required_argument, NULL, 'f' };
	opts[nown + 1] = (struct option){ "encoding", required_argument, NULL, 'e' };
	opts[nown + 2] = (struct option){ "output", required_argument, NULL, 'o' };
	memset(o, 0, sizeof *o);
	optind = 1;
	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, "f:e:o:", opts, NULL)) != -1) {
		if (c >= 256)
			*own[c - 256].value = optarg;
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'f' && format_known(formats, optarg))
			o->format = optarg;
		else if (c == 'e' && sheetout_encoding_parse(optarg, &o->enc))
			o->enc_given = true;
		else if (c == 'f') {
			char *list = formats_list(formats), *m = xasprintf(_("unknown format '%%s' (%s)"), list);
			cli_usage_error(cmd, m, optarg);
			free(m);
			free(list);
			rc = 2;
		} else {
			cli_usage_error(cmd, c == 'e' ? _("unknown encoding '%s' (utf-8, gb18030)") : _("unknown option or missing value: %s"),
			    c == 'e' ? optarg : argv[optind - 1]);
			rc = 2;
		}
	}
	if (rc == 0 && optind < argc) {
		cli_usage_error(cmd, _("unexpected argument: %s"), argv[optind]);
		rc = 2;
	}
	free(opts);
	return rc;
}

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
sqlite3 *
cli_open_db(cli_ctx *ctx, open_how how)
{
	char *path = chosen_path(ctx);
	db_open_result r;

	if (!path)
		return NULL;
	r = how == OPEN_PLAIN ? db_open_file(path, DB_OPEN_READONLY)
	    : db_open_office(path, refdata_dir(), how == OPEN_CREATE ? DB_OPEN_CREATE : 0);
	if (!r.db) {
		cli_print_error("lifecircle", r.error);
		if (r.missing)
			fprintf(stderr, _("lifecircle: 'lifecircle init' or starting lifecircle with no command creates a database.\n"));
		free(r.error);
	} else if (r.readonly && how != OPEN_PLAIN) {
		fprintf(stderr, _("lifecircle: %s is read-only: opened for reading, nothing can be saved\n"), db_filename(r.db));
	}
	free(path);
	return r.db;
}

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
		return cli_open_db(ctx, OPEN_CREATE);
	}
	return cli_open_db(ctx, ctx->db_path ? OPEN_EXISTING : OPEN_CREATE);
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
			cli_arg_error(_("lifecircle: unknown option %s\n"), argv[i]);
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
		if (wants_help(argc - i, argv + i)) {
			/* A family two files serve (export: export.c, survey.c) has an entry each: show both. */
			for (size_t d = c; d < N_COMMANDS; d++)
				if (strcmp(argv[i], commands[d].name) == 0)
					command_help(&commands[d]);
			return 0;
		}
		return commands[c].run(&ctx, argc - i, argv + i);
	}
	cli_arg_error(_("lifecircle: unknown command '%s'\n"), argv[i]);
	print_usage(stderr);
	return 2;
}

