/* sync.c - `lifecircle sync`: export records for another office, import the files of others,
 * list the receipts of imported files, print the digest that two offices compare, list and merge
 * possible duplicates. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <signal.h>
#include <termios.h>
#include <sodium.h>
#include "cli_int.h"
#include "db.h"
#include "hlc.h"
#include "sync.h"
#include "dupmerge.h"
#include "sync_crypt.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Wipe and free a passphrase. */
static void
forget(char **p)
{
	if (*p) {
		sodium_memzero(*p, strlen(*p));
		free(*p);
		*p = NULL;
	}
}

/* The terminal's settings while a passphrase is asked, so a signal puts the echo back. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_fd = -1;

static void
restore_echo(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A passphrase typed on the terminal without echo (never an argument, where ps would show it);
 * heap, or NULL when there is no terminal or nothing was typed. */
static char *
ask_passphrase(const char *prompt)
{
	FILE *tty = fopen("/dev/tty", "r+e");
	struct termios old, quiet;
	char line[1024], *got = NULL;
	const int sigs[4] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP };
	struct sigaction before[4];

	if (!tty)
		return NULL;
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = restore_echo;
		tty_saved = old;
		tty_fd = fileno(tty);
		for (int i = 0; i < 4; i++)
			sigaction(sigs[i], &sa, &before[i]);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	}
	if (fgets(line, sizeof line, tty)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line)
			got = xstrdup(line);
	}
	if (tty_fd >= 0) {
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
		tty_fd = -1;
		for (int i = 0; i < 4; i++)
			sigaction(sigs[i], &before[i], NULL);
	}
	fputs("\n", tty);
	fclose(tty);
	sodium_memzero(line, sizeof line);
	return got;
}

/* The first line of path, for scripts; heap, or NULL after saying why. */
static char *
passphrase_from_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char line[1024], *got = NULL;

	if (!f) {
		cli_arg_error(_("lifecircle sync: cannot read the passphrase file %s\n"), path);
		return NULL;
	}
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line)
			got = xstrdup(line);
	}
	fclose(f);
	sodium_memzero(line, sizeof line);
	if (!got)
		cli_arg_error(_("lifecircle sync: the passphrase file %s is empty\n"), path);
	return got;
}

/* A new passphrase for an export: typed twice, the same both times. */
static char *
new_passphrase(void)
{
	char *a = ask_passphrase(_("Passphrase for the export file: ")), *b;

	if (!a) {
		fprintf(stderr, _("lifecircle sync: no passphrase (give one on the terminal, or --passphrase-file FILE)\n"));
		return NULL;
	}
	b = ask_passphrase(_("The same passphrase again: "));
	if (!b || strcmp(a, b) != 0) {
		fprintf(stderr, _("lifecircle sync: the two passphrases differ; nothing was written\n"));
		forget(&a);
	}
	forget(&b);
	return a;
}

static int
sync_usage(const char *what)
{
	cli_arg_error(_("lifecircle sync: %s\nUsage: lifecircle sync export -o FILE|DIR [--to NAME] [--full] [--deidentify]\n"
	    "              [--encrypt | --passphrase-file FILE]\n"
	    "       lifecircle sync import [--accept-future] [--recheck] [--passphrase-file FILE] FILE...\n"
	    "       lifecircle sync receipts | digest | duplicates\n"
	    "       lifecircle sync merge TABLE KEEP_ID DROP_ID | repoint\n"), what);
	return 2;
}

/* Where the export goes: a new name in the folder out, or out itself (".enc" added when encrypting). */
static char *
export_path(sqlite3 *db, const char *out, bool encrypted)
{
	struct stat sb;
	size_t n = strlen(out);

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode))
		return sync_export_name(db, out, encrypted);
	if (encrypted && (n < 4 || strcmp(out + n - 4, ".enc") != 0))
		return xasprintf("%s.enc", out);
	return xstrdup(out);
}

static void
print_export(sqlite3 *db, const char *path, const sync_export_result *r)
{
	char *safe = utf8_escape_controls(path), from[32], to[32], *personal;

	printf(_("Wrote %s: %lld records\n"), safe, r->total);
	for (int i = 0; i < r->n_counts; i++)
		if (r->counts[i].rows > 0)
			printf("  %-16s %lld\n", r->counts[i].table, r->counts[i].rows);
	hlc_local_text(r->clock_min, true, from);
	hlc_local_text(r->clock_max, true, to);
	if (*from)
		printf(_("Changes made from %s to %s\n"), from, to);
	free(safe);
	personal = sync_personal_labels(db, util_ui_language());
	if (*personal)
		printf(r->deidentified ? _("De-identified: left out %s\n") : _("Carries personal information: %s\n"), personal);
	free(personal);
}

static int
do_export(cli_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL, *pass_file = NULL;
	sync_export_opts o = { NULL, false, NULL, false };
	sync_export_result r;
	char *path, *err = NULL, *pass = NULL;
	bool encrypt = false;
	sqlite3 *db;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--to") == 0 && i + 1 < argc)
			o.dest = argv[++i];
		else if (strcmp(argv[i], "--full") == 0)
			o.full = true;
		else if (strcmp(argv[i], "--encrypt") == 0)
			encrypt = true;
		else if (strcmp(argv[i], "--deidentify") == 0)
			o.deidentify = true;
		else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc)
			pass_file = argv[++i];
		else
			return sync_usage(argv[i]);
	}
	if (!out || !*out)
		return sync_usage(_("export needs -o FILE or -o DIR"));
	if (o.dest) {
		char *why = sync_dest_problem(o.dest);
		int rc = why ? sync_usage(why) : 0;
		free(why);
		if (rc)
			return rc;
	}
	if (pass_file ? !(pass = passphrase_from_file(pass_file)) : encrypt && !(pass = new_passphrase()))
		return 1;
	o.passphrase = pass;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING))) {
		forget(&pass);
		return 1;
	}
	if (db_is_readonly(db)) {
		fprintf(stderr, _("lifecircle sync: the database is read-only, so what is sent cannot be remembered; nothing was written\n"));
		db_close(db);
		forget(&pass);
		return 1;
	}
	path = export_path(db, out, pass != NULL);
	rc = sync_export(db, path, &o, &r, &err);
	if (rc != 0) {
		cli_print_error("lifecircle sync export", err);
		free(err);
	} else {
		print_export(db, path, &r);
		sync_export_result_free(&r);
	}
	forget(&pass);
	free(path);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

static int
do_import(cli_ctx *ctx, int argc, char **argv)
{
	sync_import_opts o = { false, 0, false, NULL };
	const char *pass_file = NULL;
	char *pass = NULL;
	sqlite3 *db;
	int refused = 0, files = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--accept-future") == 0)
			o.accept_future = true;
		else if (strcmp(argv[i], "--recheck") == 0)
			o.recheck = true;
		else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc)
			pass_file = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return sync_usage(argv[i]);
		else
			files++;
	}
	if (!files)
		return sync_usage(_("import needs one or more files"));
	if (pass_file && !(pass = passphrase_from_file(pass_file)))
		return 1;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING))) {
		forget(&pass);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		sync_receipt r;
		char *err = NULL, *safe, from[32], to[32];
		if (strcmp(argv[i], "--passphrase-file") == 0) {
			i++;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		safe = utf8_escape_controls(argv[i]);
		/* An encrypted file and no passphrase yet: ask once on the terminal, for all the files. */
		if (!pass && sync_crypt_is_encrypted(argv[i]) == 1)
			pass = ask_passphrase(_("Passphrase of the encrypted files: "));
		o.passphrase = pass;
		/* Each file alone: a refused one changes nothing and the others still go in. */
		if (sync_import(db, argv[i], &o, &r, &err) != 0) {
			char *why = utf8_escape_controls(err);
			printf(_("%s: REFUSED, %s; nothing was changed\n"), safe, why);
			free(why);
			free(err);
			refused++;
		} else {
			printf(_("%s: from office %s, made %s: %lld new, %lld updated, %lld already known, %lld in conflict\n"),
			    safe, r.office, r.made_at, r.new_rows, r.updated, r.known, r.conflicts);
			hlc_local_text(r.clock_min, true, from);
			hlc_local_text(r.clock_max, true, to);
			printf(_("  changes made from %s to %s; file hash %s\n"), from, to, r.hash);
		}
		free(safe);
	}
	forget(&pass);
	db_close(db);
	return refused ? 1 : 0;
}

static int
print_receipt(void *arg, const char *file, const char *imported_at, const sync_receipt *r)
{
	char *safe = utf8_escape_controls(file), from[32], to[32];

	(void)arg;
	hlc_local_text(r->clock_min, true, from);
	hlc_local_text(r->clock_max, true, to);
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

static int
print_duplicate(void *arg, const char *table, const char *key, const char *id_a, const char *id_b)
{
	char *safe = utf8_escape_controls(key ? key : "");

	(void)arg;
	printf("%s\t%s\t%s\t%s\n", table, safe, id_a, id_b);
	free(safe);
	return 0;
}

static int
do_duplicates(cli_ctx *ctx)
{
	sqlite3 *db = cli_open_db(ctx, OPEN_EXISTING);
	int rc;

	if (!db)
		return 1;
	rc = sync_duplicates_each(db, print_duplicate, NULL);
	if (rc != 0)
		cli_print_error("lifecircle sync duplicates", db_error_text(db));
	db_close(db);
	return rc ? 1 : 0;
}

/* `sync merge TABLE KEEP_ID DROP_ID`: one possible duplicate merged into the other (dupmerge.h). */
static int
do_merge(cli_ctx *ctx, char **argv)
{
	sqlite3 *db = cli_open_db(ctx, OPEN_EXISTING);
	dupmerge_result r;
	char *err = NULL;

	if (!db)
		return 1;
	if (dupmerge_merge(db, argv[0], argv[1], argv[2], &r, &err) != 0) {
		cli_print_error("lifecircle sync merge", err);
		free(err);
		db_close(db);
		return 1;
	}
	printf(_("Merged %s %s into %s: it is a tombstone now; %lld records that pointed at it point at %s\n"),
	    argv[0], argv[2], argv[1], r.repointed, argv[1]);
	db_close(db);
	return 0;
}

/* `sync repoint`: records that arrived pointing at a record merged away, moved to the record kept. */
static int
do_repoint(cli_ctx *ctx)
{
	sqlite3 *db = cli_open_db(ctx, OPEN_EXISTING);
	long long moved = 0;
	char *err = NULL;

	if (!db)
		return 1;
	if (dupmerge_repoint_stale(db, &moved, &err) != 0) {
		cli_print_error("lifecircle sync repoint", err);
		free(err);
		db_close(db);
		return 1;
	}
	printf(_("Moved %lld records that pointed at records merged away\n"), moved);
	db_close(db);
	return 0;
}

int
cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return sync_usage(_("which: export, import, receipts, digest or duplicates?"));
	if (strcmp(argv[1], "export") == 0)
		return do_export(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "import") == 0)
		return do_import(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "receipts") == 0 && argc == 2)
		return do_receipts(ctx);
	if (strcmp(argv[1], "digest") == 0 && argc == 2)
		return do_digest(ctx);
	if (strcmp(argv[1], "duplicates") == 0 && argc == 2)
		return do_duplicates(ctx);
	if (strcmp(argv[1], "merge") == 0 && argc == 5)
		return do_merge(ctx, argv + 2);
	if (strcmp(argv[1], "repoint") == 0 && argc == 2)
		return do_repoint(ctx);
	return sync_usage(argv[1]);
}
