/* sync.c - `lifecircle sync`: export records for another office, import the files of others,
 * list the receipts of imported files, print the digest that two offices compare. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "cli_int.h"
#include "db.h"
#include "hlc.h"
#include "sync.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* A clock value as local date and time for people ("" stays ""). */
static void
clock_text(const char *h, char out[32])
{
	hlc c;
	time_t secs;
	struct tm tm;

	out[0] = '\0';
	if (!h || hlc_parse(h, &c) != 0)
		return;
	secs = (time_t)(c.ms / 1000);
	localtime_r(&secs, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

static int
sync_usage(const char *what)
{
	cli_arg_error(_("lifecircle sync: %s\nUsage: lifecircle sync export -o FILE|DIR [--to NAME] [--full]\n"
	    "       lifecircle sync import [--accept-future] [--recheck] FILE...\n       lifecircle sync receipts | digest\n"), what);
	return 2;
}

static int
do_export(cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL;
	sync_export_opts o = { NULL, false };
	sync_export_result r;
	struct stat sb;
	char *path, *err = NULL, from[32], to[32];
	sqlite3 *db;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			o.dest = argv[++i];
		else if (strcmp(argv[i], "--full") == 0)
			o.full = true;
		else
			return sync_usage(argv[i]);
	}
	if (!out || !*out)
		return sync_usage(_("export needs -o FILE or -o DIR"));
	if (o.dest && (!*o.dest || strlen(o.dest) > 100))
		return sync_usage(_("--to needs a short name"));
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if (db_is_readonly(db)) {
		fprintf(stderr, _("lifecircle sync: the database is read-only, so what is sent cannot be remembered; nothing was written\n"));
		db_close(db);
		return 1;
	}
	path = stat(out, &sb) == 0 && S_ISDIR(sb.st_mode) ? sync_export_name(db, out) : xstrdup(out);
	rc = sync_export(db, path, &o, &r, &err);
	if (rc != 0) {
		cli_print_error("lifecircle sync export", err);
		free(err);
	} else {
		char *safe = utf8_escape_controls(path);
		printf(_("Wrote %s: %lld records\n"), safe, r.total);
		for (int i = 0; i < r.n_counts; i++)
			if (r.counts[i].rows > 0)
				printf("  %-16s %lld\n", r.counts[i].table, r.counts[i].rows);
		clock_text(r.clock_min, from);
		clock_text(r.clock_max, to);
		if (*from)
			printf(_("Changes made from %s to %s\n"), from, to);
		free(safe);
		sync_export_result_free(&r);
	}
	free(path);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static int
do_import(cli_ctx *ctx, int argc, char **argv)
{
	sync_import_opts o = { false, 0, false };
	sqlite3 *db;
	int refused = 0, files = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--accept-future") == 0)
			o.accept_future = true;
		else if (strcmp(argv[i], "--recheck") == 0)
			o.recheck = true;
		else if (argv[i][0] == '-' && argv[i][1])
			return sync_usage(argv[i]);
		else
			files++;
	}
	if (!files)
		return sync_usage(_("import needs one or more files"));
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	for (int i = 1; i < argc; i++) {
		sync_receipt r;
		char *err = NULL, *safe, made[32];
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		safe = utf8_escape_controls(argv[i]);
		/* Each file alone: a refused one changes nothing and the others still go in. */
		if (sync_import(db, argv[i], &o, &r, &err) != 0) {
			char *why = utf8_escape_controls(err);
			printf(_("%s: REFUSED, %s; nothing was changed\n"), safe, why);
			free(why);
			free(err);
			refused++;
		} else {
			clock_text(r.clock_max, made);
			printf(_("%s: from office %s, made %s: %lld new, %lld updated, %lld already known, %lld in conflict\n"),
			    safe, r.office, r.made_at, r.new_rows, r.updated, r.known, r.conflicts);
		}
		free(safe);
	}
	db_close(db);
	return refused ? 1 : 0;
}

static int
print_receipt(void *arg, const char *file, const char *imported_at, const sync_receipt *r)
{
	char *safe = utf8_escape_controls(file), from[32], to[32];

	(void)arg;
	clock_text(r->clock_min, from);
	clock_text(r->clock_max, to);
	printf("%s\t%s\t%s\t%s\t%s – %s\t%s\t%lld\t%lld\t%lld\t%lld\n", imported_at, safe, r->office, r->made_at,
	    from, to, r->hash, r->new_rows, r->updated, r->known, r->conflicts);
	free(safe);
	return 0;
}

static int
do_receipts(cli_ctx *ctx)
{
	sqlite3 *db = cli_open_db(ctx, OPEN_EXISTING);
	int rc;

	if (!db)
		return 1;
	printf(_("imported\tfile\toffice\tmade\tclocks\thash\tnew\tupdated\tknown\tconflicts\n"));
	rc = sync_receipts_each(db, print_receipt, NULL);
	if (rc != 0)
		cli_print_error("lifecircle sync receipts", db_error_text(db));
	db_close(db);
	return rc ? 1 : 0;
}

static int
do_digest(cli_ctx *ctx)
{
	sqlite3 *db = cli_open_db(ctx, OPEN_EXISTING);
	char d[SYNC_HASH_HEX];
	int rc;

	if (!db)
		return 1;
	rc = sync_digest(db, d);
	if (rc == 0)
		printf("%s\n", d);
	else
		cli_print_error("lifecircle sync digest", db_error_text(db));
	db_close(db);
	return rc ? 1 : 0;
}

int
cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return sync_usage(_("which: export, import, receipts or digest?"));
	if (strcmp(argv[1], "export") == 0)
		return do_export(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return do_import(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "receipts") == 0 && argc == 2)
		return do_receipts(ctx);
	if (strcmp(argv[1], "digest") == 0 && argc == 2)
		return do_digest(ctx);
	return sync_usage(argv[1]);
}
