/* sync_ui.c - the data exchange screens (数据交换): export for the district, import other offices'
 * files with a result per file, and the receipts of past imports. The work is sync.h's; this file
 * asks, and shows what happened. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "screens.h"
#include "dialog.h"
#include "listscreen.h"
#include "listview.h"
#include "conflict.h"
#include "db.h"
#include "hlc.h"
#include "sync.h"
#include "sync_crypt.h"
#include "template.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Paths typed into the import box: at most this many files at once. */
#define IMPORT_MAX_FILES 500

/* ---- a table of text rows (results) ------------------------------------------------------- */

typedef struct table_state {
	char *intro;		/* wrapped above the table */
	char *header;		/* the column titles, cells separated by tabs */
	char **rows;		/* cells separated by tabs (escaped text holds none), laid out when drawn */
	const int *widths;	/* columns' widths; the flex one takes what the others leave */
	int ncols, flex;
	char **details;		/* Enter shows it, or NULL */
	int n, sel, top;
	const char *help;	/* translated */
	bool (*extra_key)(struct table_state *t, ui_key k);	/* a key of this table's own (true: taken), or NULL */
	const char *extra_hints;	/* hints with that key (translated), or NULL */
	void *ctx;
	void (*free_ctx)(void *ctx);
} table_state;

/* Cells laid out in columns of the given widths (CJK counted as two), joined by two spaces; the
 * last cell takes what is left. */
static char *
layout(const char *const *cells, const int *widths, int n)
{
	char *out = xstrdup("");

	for (int i = 0; i < n; i++) {
		char *cell = xstrdup(cells[i]);
		char *cut = i + 1 < n ? utf8_fit_cols(cell, (size_t)widths[i], true) : xstrdup(cell);
		char *padded = i + 1 < n ? utf8_pad_cols(cut, (size_t)widths[i]) : xstrdup(cut);
		char *joined = xasprintf("%s%s%s", out, i ? "  " : "", padded);
		free(cell);
		free(cut);
		free(padded);
		free(out);
		out = joined;
	}
	return out;
}

/* Cells joined by tabs, for table_add and the header. */
static char *
joined(const char *const *cells, int n)
{
	char *out = xstrdup("");

	for (int i = 0; i < n; i++) {
		char *next = xasprintf("%s%s%s", out, i ? "\t" : "", cells[i]);
		free(out);
		out = next;
	}
	return out;
}

/* A row of t (cells separated by tabs) laid out in cols columns: the flex column gets what the
 * others leave, at least 8. */
static char *
table_line(const table_state *t, const char *row, int cols)
{
	char *copy = xstrdup(row), *cells[16], *save = NULL, *out;
	int w[16], n = 0, rest = cols;

	for (char *c = strtok_r(copy, "\t", &save); c && n < 16; c = strtok_r(NULL, "\t", &save))
		cells[n++] = c;
	for (int i = 0; i < t->ncols && i < 16; i++) {
		w[i] = t->widths[i];
		if (i != t->flex)
			rest -= w[i] + 2;
	}
	if (t->flex >= 0 && t->flex < 16)
		w[t->flex] = rest > 8 ? rest : 8;
	out = layout((const char *const *)cells, w, n < t->ncols ? n : t->ncols);
	free(copy);
	return out;
}

static void
table_draw(screen *s, int top, int height, int width)
{
	table_state *t = s->state;
	int y = top + 1, rows;

	y += ui_draw_wrapped(y, 2, t->intro, width - 4, height / 2, ROLE_NORMAL) + 1;
	if (t->header) {
		char *line = table_line(t, t->header, width - 4);
		ui_put_cols(y++, 2, line, width - 4, ROLE_TITLE);
		free(line);
	}
	rows = top + height - y;
	if (rows < 1)
		return;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + rows)
		t->top = t->sel - rows + 1;
	for (int i = t->top; i < t->n && y < top + height; i++, y++) {
		ui_role role = i == t->sel ? ROLE_SELECTED : ROLE_NORMAL;
		if (i == t->sel)
			ui_fill(y, 2, width - 4, role);
		char *line = table_line(t, t->rows[i], width - 4);
		ui_put_cols(y, 2, line, width - 4, role);
		free(line);
	}
}

static ui_action
table_key(screen *s, ui_key k)
{
	table_state *t = s->state;

	if ((k.is_key && k.code == KEY_UP) || (!k.is_key && k.code == 'k')) {
		if (t->sel > 0)
			t->sel--;
	} else if ((k.is_key && k.code == KEY_DOWN) || (!k.is_key && k.code == 'j')) {
		if (t->sel + 1 < t->n)
			t->sel++;
	} else if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'))) {
		if (t->n > 0 && t->details && t->details[t->sel])
			dialog_message(_("Details"), t->details[t->sel]);
	} else if (!k.is_key && k.code == 27) {
		return UI_BACK;
	} else if (t->extra_key) {
		t->extra_key(t, k);
	}
	return UI_STAY;
}

static const char *
table_hints(screen *s)
{
	table_state *t = s->state;
	if (t->extra_hints)
		return t->extra_hints;
	return t->n > 0 && t->details ? _("Up/Down Move  Enter Show whole  Esc Back  F1 Help")
	                                          : _("Esc Back  F1 Help");
}

static void
table_free(screen *s)
{
	table_state *t = s->state;

	for (int i = 0; i < t->n; i++) {
		free(t->rows[i]);
		if (t->details)
			free(t->details[i]);
	}
	free(t->rows);
	free(t->details);
	free(t->intro);
	free(t->header);
	if (t->free_ctx)
		t->free_ctx(t->ctx);
	free(t);
}

static const char *
table_help(screen *s)
{
	table_state *t = s->state;
	return t->help;
}

static const screen_ops table_ops = {
	.name = "sync-table", .draw = table_draw, .key = table_key, .hints = table_hints, .free = table_free,
	.help = table_help,
};

static void
table_add(table_state *t, char *row, char *detail)
{
	t->rows = xrealloc(t->rows, (size_t)(t->n + 1) * sizeof *t->rows);
	t->details = xrealloc(t->details, (size_t)(t->n + 1) * sizeof *t->details);
	t->rows[t->n] = row;
	t->details[t->n] = detail;
	t->n++;
}

/* ---- export ------------------------------------------------------------------------------- */

/* Where exports go by default: $LIFECIRCLE_EXPORT_DIR, else ~/lifecircle-exports (made 0700). */
static char *
export_dir(void)
{
	const char *env = getenv("LIFECIRCLE_EXPORT_DIR"), *home = getenv("HOME");
	char *dir;

	if (env && *env)
		return xstrdup(env);
	if (!home || !*home)
		return xstrdup("");
	dir = xasprintf("%s/lifecircle-exports", home);
	util_mkdir_p(dir, 0700);
	return dir;
}

static void
forget(char **p)
{
	if (*p) {
		for (volatile char *c = *p; *c; c++)
			*c = 0;
		free(*p);
		*p = NULL;
	}
}

/* A passphrase typed twice the same, or NULL for Esc (a mismatch asks again). */
static char *
ask_new_passphrase(void)
{
	for (;;) {
		char *a = dialog_secret(_("Passphrase"), _("A passphrase for the file (it is not shown as you type):"), 200), *b;
		if (!a)
			return NULL;
		if (!*a) {
			forget(&a);
			dialog_message(_("Passphrase"), _("The passphrase is empty. Type one, or Esc to go back."));
			continue;
		}
		b = dialog_secret(_("Passphrase"), _("The same passphrase again:"), 200);
		if (!b) {
			forget(&a);
			return NULL;
		}
		if (strcmp(a, b) == 0) {
			forget(&b);
			return a;
		}
		forget(&a);
		forget(&b);
		dialog_message(_("Passphrase"), _("The two passphrases differ. Type them again."));
	}
}

/* The path sync_export writes: a new name in a folder, or the file named (".enc" added). */
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

static screen *
export_result(const char *path, const char *label, const sync_export_result *r, bool encrypted)
{
	table_state *t = xcalloc(1, sizeof *t);
	char from[32], to[32], *personal = sync_personal_labels(ui_db(), util_ui_language()), *pers_line;
	const char *heads[2] = { _("Kind of record"), _("Records") };
	static const int widths[2] = { 24, 10 };

	hlc_local_text(r->clock_min, false, from);
	hlc_local_text(r->clock_max, false, to);
	if (!*personal)
		pers_line = xstrdup("");
	else if (r->deidentified)
		pers_line = xasprintf(_("De-identified: the file leaves out %s."), personal);
	else
		pers_line = xasprintf(_("The file carries personal information: %s."), personal);
	{
		char *w = xasprintf(_("Written: %s\n%lld records."), path, r->total);
		t->intro = xasprintf(_("%s\nFor %s: what was sent is remembered for the next export there."), w, label);
		free(w);
	}
	if (*from) {
		char *range = xasprintf(_("Changes made from %s to %s."), from, to), *joined = xasprintf("%s\n%s", t->intro, range);
		free(range);
		free(t->intro);
		t->intro = joined;
	}
	{
		char *joined = xasprintf("%s%s\n%s", t->intro, encrypted ? _("\nProtected with a passphrase.") : "", pers_line);
		free(t->intro);
		t->intro = joined;
	}
	t->header = joined(heads, 2);
	t->widths = widths;
	t->ncols = 2;
	t->flex = -1;
	for (int i = 0; i < r->n_counts; i++) {
		char num[32];
		const char *cells[2];
		if (r->counts[i].rows == 0)
			continue;
		snprintf(num, sizeof num, "%lld", r->counts[i].rows);
		cells[0] = conflict_table_label(r->counts[i].table);
		cells[1] = num;
		table_add(t, joined(cells, 2), NULL);
	}
	t->help = _("What went into the export file: the file's path (give it to the district on a USB stick or "
	            "by chat), the records per kind, the time range of their changes, and whether it carries "
	            "personal information. Esc goes back.");
	free(personal);
	free(pers_line);
	return ui_screen_new(&table_ops, _("Export written"), t);
}

/* A destination name as typed, blanks around it left out (sync_dest_problem says what a name may be). */
static char *
check_dest(const char *text, void *ud)
{
	char *name = str_trim_dup(text), *why = sync_dest_problem(name);

	(void)ud;
	free(name);
	return why;
}

/* Who the file is for: each destination remembers what was sent to it, so "what changed since the
 * last export" is counted per destination (sync_export_opts.dest; `sync export --to NAME`). The
 * district sends back questionnaires and the merged records to its community offices under
 * "communities". *dest and *label get heap strings; false for Esc. */
static bool
ask_destination(char **dest, char **label)
{
	const char *opts[3] = { _("The district"), _("The communities (what the district sends back)"),
	                        _("Another destination, by name") };
	int c = dialog_choose(_("Export"), _("Who is the file for? What was sent is remembered for each."), opts, 3);

	if (c < 0)
		return false;
	if (c == 2) {
		char *typed = dialog_input(_("Export"), _("The destination's name (an office code, say):"), 100, check_dest, NULL);

		if (!typed)
			return false;
		*dest = str_trim_dup(typed);
		free(typed);
		*label = utf8_escape_controls(*dest);
		return true;
	}
	*dest = xstrdup(c == 0 ? "district" : "communities");
	*label = xstrdup(c == 0 ? _("the district") : _("the communities"));
	return true;
}

/* The export to dest (shown as label) once the destination is known: what goes in, personal
 * information, passphrase, where; the result screen, or NULL when nothing was written. */
static screen *
export_to(const char *dest, const char *label)
{
	sqlite3 *db = ui_db();
	const char *scope[2] = { NULL, _("Everything (a full export)") };
	const char *pers[2] = { _("Carry them (a full copy)"), _("Leave them out (de-identified)") };
	const char *protect[2] = { _("No passphrase"), _("Protect with a passphrase") };
	char *personal, *question, *dir, *out, *path, *err = NULL, *pass = NULL;
	char *since;
	sync_export_opts o = { NULL, false, NULL, false };
	sync_export_result r;
	screen *result = NULL;
	int c;

	o.dest = dest;
	scope[0] = since = xasprintf(_("Changes since the last export to %s"), label);
	c = dialog_choose(_("Export"), _("Which records go into the file?"), scope, 2);
	free(since);
	if (c < 0)
		return NULL;
	o.full = c == 1;
	personal = sync_personal_labels(ui_db(), util_ui_language());
	if (*personal) {
		question = xasprintf(_("The file can carry residents' personal information: %s. The district rarely "
		                       "needs it. Carry it, or leave it out?"), personal);
		c = dialog_choose(_("Personal information"), question, pers, 2);
		free(question);
		if (c < 0) {
			free(personal);
			return NULL;
		}
		o.deidentify = c == 1;
	}
	free(personal);
	if ((c = dialog_choose(_("Passphrase"), _("Protect the file with a passphrase? The district needs it to "
	                                         "import the file."), protect, 2)) < 0)
		return NULL;
	if (c == 1 && !(pass = ask_new_passphrase()))
		return NULL;
	o.passphrase = pass;
	dir = export_dir();
	out = dialog_input_text(_("Export"),
	    _("A folder (the file gets a name like OFFICE-YYYYMMDD-NNN.lcdb there) or a file name:"), dir, 4000, NULL, NULL);
	free(dir);
	if (!out || !*out) {
		free(out);
		forget(&pass);
		return NULL;
	}
	path = export_path(db, out, pass != NULL);
	if (sync_export(db, path, &o, &r, &err) != 0) {
		char *msg = xasprintf(_("Nothing was written: %s"), err ? err : db_error_text(db));
		dialog_message(_("Export"), msg);
		free(msg);
		free(err);
	} else {
		result = export_result(path, label, &r, pass != NULL);
		sync_export_result_free(&r);
		ui_refresh_status();
	}
	forget(&pass);
	free(path);
	free(out);
	return result;
}

screen *
sync_export_screen_run(void)
{
	char *dest = NULL, *label = NULL;
	screen *result;

	if (db_is_readonly(ui_db())) {
		dialog_message(_("Export for the district"),
		    _("The database is open read-only, so what was sent cannot be remembered. Nothing was written."));
		return NULL;
	}
	if (!ask_destination(&dest, &label))
		return NULL;
	result = export_to(dest, label);
	free(dest);
	free(label);
	return result;
}

/* ---- import ------------------------------------------------------------------------------- */

typedef struct path_list {
	char **v;
	int n;
} path_list;

static void
paths_add(path_list *pl, char *p)
{
	if (pl->n >= IMPORT_MAX_FILES) {
		free(p);
		return;
	}
	pl->v = xrealloc(pl->v, (size_t)(pl->n + 1) * sizeof *pl->v);
	pl->v[pl->n++] = p;
}

static bool
is_exchange_name(const char *name)
{
	size_t n = strlen(name);
	return (n > 5 && strcmp(name + n - 5, ".lcdb") == 0) || (n > 9 && strcmp(name + n - 9, ".lcdb.enc") == 0);
}

static int
name_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* One typed path: "~/" is the home folder; a folder gives its .lcdb and .lcdb.enc files by name. */
static void
paths_expand(path_list *pl, const char *typed)
{
	const char *home = getenv("HOME");
	char *p = strncmp(typed, "~/", 2) == 0 && home ? xasprintf("%s/%s", home, typed + 2) : xstrdup(typed);
	struct dirent **names;
	struct stat sb;
	int n;

	if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		paths_add(pl, p);
		return;
	}
	n = scandir(p, &names, NULL, name_order);
	for (int i = 0; i < n; i++) {
		if (is_exchange_name(names[i]->d_name))
			paths_add(pl, xasprintf("%s/%s", p, names[i]->d_name));
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	free(p);
}

/* The typed text as files: the whole text when it names something that exists (a path with
 * spaces), else each word. */
static void
paths_parse(path_list *pl, const char *text)
{
	char *copy = str_trim_dup(text), *save = NULL;
	struct stat sb;

	if (stat(copy, &sb) == 0 || (strncmp(copy, "~/", 2) == 0 && !strchr(copy, ' '))) {
		paths_expand(pl, copy);
	} else {
		for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
			paths_expand(pl, tok);
	}
	free(copy);
}

static void
paths_free(path_list *pl)
{
	for (int i = 0; i < pl->n; i++)
		free(pl->v[i]);
	free(pl->v);
}

static const int import_widths[7] = { 30, 10, 16, 5, 5, 5, 5 };

static void
import_progress(int i, int n, const char *path)
{
	char *msg = xasprintf(_("Importing %d of %d: %s"), i + 1, n, path);

	ui_redraw();
	ui_fill(LINES - 3, 0, COLS, ROLE_STATUS);
	ui_put_cols(LINES - 3, 1, msg, COLS - 2, ROLE_STATUS);
	refresh();
	free(msg);
}

/* Put row and detail into t: as row i, or added (i < 0). */
static void
table_put(table_state *t, int i, char *row, char *detail)
{
	if (i < 0) {
		table_add(t, row, detail);
		return;
	}
	free(t->rows[i]);
	free(t->details[i]);
	t->rows[i] = row;
	t->details[i] = detail;
}

/* Import one file; its row and details go into t (as row i, or added when i < 0). Returns 1 when refused. */
static int
import_one(sqlite3 *db, table_state *t, int i, const char *path, char **pass, long long *conflicts, bool accept_future)
{
	sync_import_opts o = { accept_future, 0, false, NULL };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *safe = utf8_escape_controls(base), *err = NULL, from[32], to[32];
	sync_receipt r;

	if (!*pass && sync_crypt_is_encrypted(path) == 1) {
		char *prompt = xasprintf(_("%s is protected with a passphrase. Type it (not shown); it is used for the "
		                           "other protected files too:"), safe);
		*pass = dialog_secret(_("Passphrase"), prompt, 200);
		free(prompt);
	}
	o.passphrase = *pass;
	if (sync_import(db, path, &o, &r, &err) != 0) {
		char *why = utf8_escape_controls(err ? err : db_error_text(db)), *cell = xasprintf(_("REFUSED: %s"), why);
		const char *cells[2] = { safe, cell };
		table_put(t, i, joined(cells, 2),
		    xasprintf(_("%s\n\nRefused: %s\n\nNothing was changed by this file."), path, why));
		free(cell);
		free(why);
		free(err);
		free(safe);
		return 1;
	}
	{
		char n[4][32];
		const char *cells[7] = { safe, r.office, r.made_at, n[0], n[1], n[2], n[3] };
		snprintf(n[0], 32, "%lld", r.new_rows);
		snprintf(n[1], 32, "%lld", r.updated);
		snprintf(n[2], 32, "%lld", r.known);
		snprintf(n[3], 32, "%lld", r.conflicts);
		hlc_local_text(r.clock_min, false, from);
		hlc_local_text(r.clock_max, false, to);
		table_put(t, i, joined(cells, 7),
		    xasprintf(_("%s\n\nFrom office %s, made %s.\nChanges made from %s to %s.\nFile hash %s\n\n"
		                "%lld new, %lld updated, %lld already known, %lld in conflict."),
		        path, r.office, r.made_at, from, to, r.hash, r.new_rows, r.updated, r.known, r.conflicts));
		*conflicts += r.conflicts;
	}
	free(safe);
	return 0;
}

/* What the import table keeps to import the refused files again. */
typedef struct import_ctx {
	path_list pl;
	bool *refused;		/* per file (row) */
	long long conflicts;
} import_ctx;

static void
import_ctx_free(void *p)
{
	import_ctx *ic = p;
	paths_free(&ic->pl);
	free(ic->refused);
	free(ic);
}

/* The line above the table: files, imported, refused, conflicts kept. */
static void
import_intro(table_state *t, const import_ctx *ic)
{
	int refused = 0;

	for (int i = 0; i < ic->pl.n; i++)
		refused += ic->refused[i];
	free(t->intro);
	t->intro = xasprintf(_("Files: %d, imported: %d, refused: %d."), ic->pl.n, ic->pl.n - refused, refused);
	if (ic->conflicts > 0) {
		char *joined = xasprintf(_("%s Conflicts kept for review: %lld (Data exchange, Conflicts)."), t->intro,
		    ic->conflicts);
		free(t->intro);
		t->intro = joined;
	}
}

/* a: the refused files again, taking clocks more than a day ahead, once a person has checked this
 * computer's clock (the same files refused for any other reason are refused again, as before). */
static bool
import_accept_future(table_state *t, ui_key k)
{
	import_ctx *ic = t->ctx;
	char *pass = NULL;
	int any = 0;

	if (k.is_key || k.code != 'a')
		return false;
	for (int i = 0; i < ic->pl.n; i++)
		any += ic->refused[i];
	if (!any) {
		ui_flash(_("No file was refused."));
		return true;
	}
	if (!dialog_ask(_("Clocks ahead"), _("Import the refused files again, taking records whose clocks lie more than "
	                                     "a day ahead of this computer's? Check this computer's date and time, and "
	                                     "the other office's, first."), false))
		return true;
	for (int i = 0; i < ic->pl.n; i++) {
		if (!ic->refused[i])
			continue;
		import_progress(i, ic->pl.n, ic->pl.v[i]);
		ic->refused[i] = import_one(ui_db(), t, i, ic->pl.v[i], &pass, &ic->conflicts, true) != 0;
	}
	forget(&pass);
	import_intro(t, ic);
	ui_refresh_status();
	return true;
}

screen *
sync_import_screen_run(void)
{
	sqlite3 *db = ui_db();
	const char *heads[7] = { _("File"), _("Office"), _("Made at"), _("New"), _("Upd."), _("Known"), _("Confl.") };
	import_ctx *ic;
	table_state *t;
	char *text, *pass = NULL;

	if (db_is_readonly(db)) {
		dialog_message(_("Import"), _("The database is open read-only: nothing can be imported."));
		return NULL;
	}
	text = dialog_input(_("Import"), _("The files to import (several separated by spaces), or a folder: its "
	                                   ".lcdb and .lcdb.enc files are imported in name order."), 4000, NULL, NULL);
	if (!text)
		return NULL;
	ic = xcalloc(1, sizeof *ic);
	paths_parse(&ic->pl, text);
	free(text);
	if (ic->pl.n == 0) {
		dialog_message(_("Import"), _("No .lcdb or .lcdb.enc file was found there."));
		import_ctx_free(ic);
		return NULL;
	}
	ic->refused = xcalloc((size_t)ic->pl.n, sizeof *ic->refused);
	t = xcalloc(1, sizeof *t);
	t->header = joined(heads, 7);
	t->widths = import_widths;
	t->ncols = 7;
	t->flex = 0;
	t->ctx = ic;
	t->free_ctx = import_ctx_free;
	t->extra_key = import_accept_future;
	t->extra_hints = _("Up/Down Move  Enter Show whole  a Accept clocks ahead  Esc Back  F1 Help");
	/* Each file alone, in its own transaction (sync_import): a refused one changes nothing and the
	 * others still go in. */
	for (int i = 0; i < ic->pl.n; i++) {
		import_progress(i, ic->pl.n, ic->pl.v[i]);
		ic->refused[i] = import_one(db, t, -1, ic->pl.v[i], &pass, &ic->conflicts, false) != 0;
	}
	forget(&pass);
	import_intro(t, ic);
	t->help = _("The result of each file: which office made it and when, and how many records were new, "
	            "updated, already known or in conflict; or why it was refused (a refused file changed "
	            "nothing, and the others still went in). Enter shows one file's whole result; the receipts "
	            "keep them. A file whose clocks lie more than a day ahead of this computer's is refused: once "
	            "both computers' date and time are checked, a imports the refused files again taking such "
	            "clocks. Esc goes back.");
	ui_refresh_status();
	return ui_screen_new(&table_ops, _("Import results"), t);
}

/* ---- receipts ----------------------------------------------------------------------------- */

static const page_column receipt_cols[] = {
	{ "seq", true, true }, { "imported_at", false, false }, { "file", false, false }, { "office", false, false },
	{ "made_at", false, false }, { "new_rows", true, false }, { "updated", true, false }, { "known", true, false },
	{ "conflicts", true, false },
};
static const page_query receipt_query = {
	.from = "(SELECT seq, printf('%012d', seq) AS key, substr(imported_at, 1, 16) AS imported_at,"
	        " replace(file_name, rtrim(file_name, replace(file_name, '/', '')), '') AS file, office,"
	        " substr(made_at, 1, 16) AS made_at, new_rows, updated, known, conflicts FROM sync_receipt)",
	.id_expr = "key",
	.search_expr = "file || ' ' || office",
	.cols = receipt_cols, .ncols = 9,
};

typedef struct receipts_state {
	listview *lv;		/* first: listscreen_lv_* take the state as the list view */
} receipts_state;

static char *
receipt_text(sqlite3 *db, const char *seq)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT imported_at, file_name, file_hash, office, node, made_at, clock_min,"
	    " clock_max, new_rows, updated, known, conflicts FROM sync_receipt WHERE seq = CAST(?1 AS INTEGER)");
	char *text = NULL;

	if (!st)
		return xstrdup(db_error_text(db));
	sqlite3_bind_text(st, 1, seq, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		char from[32], to[32], *file = utf8_escape_controls((const char *)sqlite3_column_text(st, 1));
		hlc_local_text((const char *)sqlite3_column_text(st, 6), false, from);
		hlc_local_text((const char *)sqlite3_column_text(st, 7), false, to);
		text = xasprintf(_("%s\n\nImported %s.\nFrom office %s (node %s), made %s.\nChanges made from %s to %s.\n"
		                   "File hash %s\n\n%lld new, %lld updated, %lld already known, %lld in conflict."),
		    file, sqlite3_column_text(st, 0), sqlite3_column_text(st, 3), sqlite3_column_text(st, 4),
		    sqlite3_column_text(st, 5), from, to, sqlite3_column_text(st, 2), sqlite3_column_int64(st, 8),
		    sqlite3_column_int64(st, 9), sqlite3_column_int64(st, 10), sqlite3_column_int64(st, 11));
		free(file);
	}
	sqlite3_finalize(st);
	return text ? text : xstrdup(_("The receipt is gone."));
}

static ui_action
receipts_key(screen *s, ui_key k)
{
	receipts_state *rs = s->state;
	list_result r = listview_key(rs->lv, k);

	if (r == LIST_BACK)
		return UI_BACK;
	if (r == LIST_OPEN) {
		char *text = receipt_text(ui_db(), listview_selected(rs->lv)->cells[0]);
		dialog_message(_("Receipt"), text);
		free(text);
	}
	return UI_STAY;
}

static const screen_ops receipts_ops = {
	.name = "receipts", .draw = listscreen_lv_draw, .key = receipts_key, .hints = listscreen_lv_hints,
	.free = listscreen_lv_free,
	.help_text = N_("Receipts: every file imported, newest last: when, which file, which office made it and when, "
	    "and how many records were new, updated, already known or in conflict. Enter shows one whole, "
	    "with its clock range and file hash. / searches file names and offices; Esc goes back."),
};

screen *
sync_receipts_screen_new(void)
{
	receipts_state *rs = xcalloc(1, sizeof *rs);
	listview_col cols[9] = {
		{ _("No."), 4, NULL }, { _("Imported"), 16, NULL }, { _("File"), 0, NULL }, { _("Office"), 10, NULL },
		{ _("Made at"), 16, NULL }, { _("New"), 5, NULL }, { _("Upd."), 5, NULL }, { _("Known"), 5, NULL },
		{ _("Confl."), 6, NULL },
	};

	rs->lv = listview_new(pagesource_sql_new(ui_db(), &receipt_query), cols, 9);
	return ui_screen_new(&receipts_ops, _("Receipts"), rs);
}
