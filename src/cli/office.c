/* office.c - the commands about the office's own file: init, operator, info, reference, check, backup. */
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

int
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
		cli_arg_error(_("lifecircle init: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_CREATE)))
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
		cli_print_error("lifecircle init", err);
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

int
cmd_info(cli_ctx *ctx, int argc, char **argv)
{
	office_identity id;
	record_counts n;
	sqlite3 *db;
	char *file;

	(void)argv;
	if (argc > 1) {
		cli_arg_error(_("lifecircle info: unexpected argument: %s\n"), argv[1]);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
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

int
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
		if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
			return 1;
		print_rows(db, q[i].sql);
		db_close(db);
		return 0;
	}
	cli_arg_error(_("lifecircle reference: unknown table '%s' (circles, standard, indicators)\n"), argv[1]);
	return 2;
}

int
cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	sqlite3 *db;
	char *problems;
	int rc;

	if (argc > 1) {
		cli_arg_error(_("lifecircle check: unexpected argument: %s\n"), argv[1]);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_PLAIN)))
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

int
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
			cli_arg_error(_("lifecircle backup: unknown option or missing value: %s\n"), argv[optind - 1]);
			return 2;
		}
		out = optarg;
	}
	if (optind < argc) {
		cli_arg_error(_("lifecircle backup: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	if (!out || !*out) {
		fprintf(stderr, _("lifecircle backup: name the new file with -o FILE\n"));
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_PLAIN)))
		return 1;
	rc = backup_into(db, out);
	db_close(db);
	return rc;
}

int
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
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
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
		cli_print_error("lifecircle operator", err);
		free(err);
	}
	db_close(db);
	return rc == 0 ? 0 : 1;
}

