/* template.c - `lifecircle template import FILE... | list | show ID`: questionnaire templates
 * (XLSForm) in, checked whole first; listed and shown as stored. */
#include "config.h"
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_int.h"
#include "template.h"
#include "db.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Print s with its control characters escaped (what a file brings is never trusted). */
static void
put(FILE *f, const char *s)
{
	char *e = utf8_escape_controls(s ? s : "");
	fputs(e, f);
	free(e);
}

/* The language the labels are shown in: the program's (English in the C locale). */
static const char *
ui_language(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	if (!l || !strncmp(l, "C", 1) || !strcmp(l, "POSIX"))
		return "en";
	return l;
}

static void
print_skips(const template *t)
{
	for (size_t i = 0; i < template_skip_count(t); i++) {
		const template_skip *s = template_skip_at(t, i);
		char *n = utf8_escape_controls(s->name), *ty = utf8_escape_controls(s->type);
		/* TRANSLATORS: row, question name, its type, and why a terminal cannot ask it. */
		printf(_("  row %ld: %s (%s) skipped: %s\n"), s->row, n, ty, _(s->reason));
		free(n);
		free(ty);
	}
}

static int
template_import(cli_ctx *ctx, int argc, char **argv)
{
	const char **files = xcalloc((size_t)argc + 1, sizeof *files);
	size_t nfiles = 0, **groups, ngroups, bad = 0;
	template **ts;
	bool dry_run = false;
	sqlite3 *db;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry_run = true;
		else if (argv[i][0] == '-' && argv[i][1]) {
			cli_arg_error(_("lifecircle template: unknown option %s\n"), argv[i]);
			free(files);
			return 2;
		} else
			files[nfiles++] = argv[i];
	}
	if (!nfiles) {
		fprintf(stderr, _("lifecircle template: name the files: template import FILE... [--dry-run]\n"));
		free(files);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING))) {
		free(files);
		return 1;
	}
	template_group_files(files, nfiles, &groups, &ngroups);
	ts = xcalloc(ngroups, sizeof *ts);
	/* every template is checked before any is stored: one bad file stores none */
	for (size_t g = 0; g < ngroups; g++) {
		const char *set[4];
		size_t n = 0, np;
		template_problem *p;
		for (size_t k = 0; groups[g][k] != SIZE_MAX && n < 4; k++)
			set[n++] = files[groups[g][k]];
		ts[g] = template_parse(db, set, n, &p, &np);
		for (size_t i = 0; i < np; i++) {
			char *line = template_problem_text(&p[i]);
			put(stderr, line);
			fputc('\n', stderr);
			free(line);
		}
		template_problems_free(p, np);
		bad += ts[g] == NULL;
	}
	if (bad) {
		fprintf(stderr, _("lifecircle template: nothing was imported: %zu of %zu templates have problems.\n"), bad, ngroups);
		rc = 1;
	} else if (dry_run) {
		for (size_t g = 0; g < ngroups; g++) {
			put(stdout, template_form_id(ts[g]));
			printf(" %s: ", template_version(ts[g]));
			printf(_("%zu rows, fine (nothing written)\n"), template_question_count(ts[g]));
			print_skips(ts[g]);
		}
	} else if (db_begin(db) != 0) {
		cli_print_error("lifecircle template", sqlite3_errmsg(db));
		rc = 1;
	} else {
		int *st = xcalloc(ngroups, sizeof *st);
		char *err = NULL;
		for (size_t g = 0; g < ngroups && rc == 0; g++)
			if ((st[g] = template_store_locked(db, ts[g], &err)) < 0)
				rc = 1;
		if (rc == 0 && db_commit(db) != 0) {
			err = xstrdup(sqlite3_errmsg(db));
			rc = 1;
		}
		if (rc != 0) {
			db_rollback(db);
			char *m = xasprintf(_("nothing was imported: %s"), err ? err : "?");
			cli_print_error("lifecircle template", m);
			free(m);
		} else {
			for (size_t g = 0; g < ngroups; g++) {
				char *title = utf8_escape_controls(template_title(ts[g], NULL));
				put(stdout, template_form_id(ts[g]));
				printf(" %s", template_version(ts[g]));
				if (st[g] == 1)
					printf(_(": already stored, unchanged (%s)\n"), title);
				else
					printf(_(": imported (%s), id %s\n"), title, template_record_id(ts[g]));
				free(title);
				print_skips(ts[g]);
			}
		}
		free(err);
		free(st);
	}
	for (size_t g = 0; g < ngroups; g++)
		template_free(ts[g]);
	free(ts);
	template_groups_free(groups, ngroups);
	free(files);
	db_close(db);
	return rc;
}

static int
template_list(cli_ctx *ctx, int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int rc;

	(void)argv;
	if (argc > 1) {
		cli_arg_error(_("lifecircle template: unexpected argument: %s\n"), argv[1]);
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	/* one row at a time from the statement: nothing is loaded whole */
	st = db_prepare(db, "SELECT form_id, version, title, CASE WHEN json_valid(languages) THEN (SELECT group_concat(value, '; ') FROM json_each(languages)) ELSE languages END, created_at, id FROM survey_template"
	    " WHERE deleted = 0 ORDER BY form_id, created_at, id");
	if (!st) {
		cli_print_error("lifecircle template", sqlite3_errmsg(db));
		db_close(db);
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 6; c++) {
			if (c)
				putchar('\t');
			put(stdout, (const char *)sqlite3_column_text(st, c));
		}
		putchar('\n');
	}
	sqlite3_finalize(st);
	db_close(db);
	return rc == SQLITE_DONE ? 0 : 1;
}

static int
template_show(cli_ctx *ctx, int argc, char **argv)
{
	const char *id = NULL, *version = NULL, *lang = ui_language();
	sqlite3 *db;
	template *t;
	char *err = NULL;
	size_t nq;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--version") && i + 1 < argc)
			version = argv[++i];
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1]) {
			cli_arg_error(_("lifecircle template: unknown option %s\n"), argv[i]);
			return 2;
		} else if (!id)
			id = argv[i];
		else {
			cli_arg_error(_("lifecircle template: unexpected argument: %s\n"), argv[i]);
			return 2;
		}
	}
	if (!id) {
		fprintf(stderr, _("lifecircle template: name the template: template show ID [--version V] [--lang L]\n"));
		return 2;
	}
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	t = template_load(db, id, version, &err);
	db_close(db);
	if (!t) {
		cli_print_error("lifecircle template", err);
		free(err);
		return 1;
	}
	printf(_("Form id: "));
	put(stdout, template_form_id(t));
	printf(_("\nVersion: "));
	put(stdout, template_version(t));
	printf(_("\nTitle: "));
	put(stdout, template_title(t, lang));
	printf(_("\nId: %s\nLanguages:"), template_record_id(t));
	for (size_t i = 0; i < template_language_count(t); i++) {
		putchar(' ');
		put(stdout, template_language_at(t, i));
		if (i + 1 < template_language_count(t))
			putchar(';');
	}
	putchar('\n');
	template_question *q = template_questions(t, lang, &nq);
	printf(_("Questions: %zu\n"), nq);
	for (size_t i = 0; i < nq; i++) {
		printf("%zu\t", i + 1);
		put(stdout, q[i].name);
		printf("\t%s", q[i].type);
		if (*q[i].list) {
			putchar(' ');
			put(stdout, q[i].list);
		}
		putchar('\t');
		put(stdout, q[i].label);
		if (*q[i].circle) {
			printf("\t[");
			put(stdout, q[i].circle);
			putchar(']');
		}
		if (q[i].personal)
			printf(_("\t(personal)"));
		putchar('\n');
		for (size_t c = 0; c < q[i].nchoices; c++) {
			printf("\t\t");
			put(stdout, q[i].choices[c].name);
			putchar('\t');
			put(stdout, q[i].choices[c].label);
			putchar('\n');
		}
	}
	template_questions_free(q, nq);
	if (template_skip_count(t))
		printf(_("Skipped:\n"));
	print_skips(t);
	template_free(t);
	return 0;
}

int
cmd_template(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, _("lifecircle template: say what: import FILE... | list | show ID\n"));
		return 2;
	}
	if (!strcmp(argv[1], "import"))
		return template_import(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return template_list(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return template_show(ctx, argc - 1, argv + 1);
	cli_arg_error(_("lifecircle template: unknown action %s (import, list or show)\n"), argv[1]);
	return 2;
}
