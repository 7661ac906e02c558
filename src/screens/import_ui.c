/* import_ui.c - bringing a spreadsheet in from the screens: ask for the file, make the import plan
 * (nothing written), show every row as new / changed / unchanged / bad with its line (and the reason a
 * bad row is refused) under the counts, and write the good rows in one transaction only when the user
 * accepts. Generic over importview.h: any kind of import gets this screen by filling an importview_kind. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "screens.h"
#include "dialog.h"
#include "importview.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The longest path the dialog takes. */
#define PATH_MAX_CHARS 1024

static const char *const status_labels[IMPORT_NSTATUS] = { N_("new"), N_("changed"), N_("unchanged"), N_("bad") };

typedef struct import_state {
	const importview_kind *kind;
	char *path;
	void *plan;
	size_t n;
	size_t count[IMPORT_NSTATUS];
	size_t sel, first;
	int view;
	importview_written_fn written;
	void *ctx;
} import_state;

void
importview_row_free(importview_row *r)
{
	free(r->summary);
	free(r->reason);
	r->summary = r->reason = NULL;
}

/* ---- the file ----------------------------------------------------------------------------- */

/* The path as typed, with a leading "~/" meaning the home directory (fresh). */
static char *
expand_path(const char *typed)
{
	const char *home = getenv("HOME");
	char *t = str_trim_dup(typed), *out;

	if (str_starts_with(t, "~/") && home && *home) {
		out = xasprintf("%s/%s", home, t + 2);
		free(t);
		return out;
	}
	return t;
}

/* The dialog's check: a readable regular file, or a message saying what is wrong with it. */
static char *
check_path(const char *typed, void *ud)
{
	char *path = expand_path(typed), *msg = NULL;
	struct stat sb;

	(void)ud;
	if (!*path)
		msg = xstrdup(_("Type the path of the file."));
	else if (stat(path, &sb) != 0 || access(path, R_OK) != 0)
		msg = xasprintf(_("%s cannot be read: %s"), path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		msg = xasprintf(_("%s is not a file."), path);
	free(path);
	return msg;
}

/* Make the plan of st->path (again, after a failed write); false with the message shown. */
static bool
make_plan(import_state *st)
{
	char *err = NULL;

	if (st->plan)
		st->kind->free(st->plan);
	st->plan = NULL;
	st->n = 0;
	memset(st->count, 0, sizeof st->count);
	if (st->kind->plan(ui_db(), st->path, &st->plan, &err) != 0) {
		dialog_message(_("Not imported"), err ? err : _("The file cannot be read."));
		free(err);
		return false;
	}
	st->n = st->kind->count(st->plan);
	st->kind->counts(st->plan, st->count);
	if (st->sel >= st->n)
		st->sel = st->n ? st->n - 1 : 0;
	return true;
}

/* ---- drawing ------------------------------------------------------------------------------ */

static ui_role
status_role(import_status s)
{
	return s == IMPORT_BAD ? ROLE_ERROR : s == IMPORT_UNCHANGED ? ROLE_DIM : ROLE_NORMAL;
}

static void
draw_row(import_state *st, size_t i, int y, int width, int status_w)
{
	importview_row r = { 0 };
	bool selected = i == st->sel;
	ui_role role;
	char *line;
	int x;

	st->kind->row(st->plan, i, &r);
	role = selected ? ROLE_SELECTED : status_role(r.status);
	if (selected)
		ui_fill(y, 0, width, role);
	line = xasprintf("%6ld", r.line);
	x = 1 + ui_put_cols(y, 1, line, 6, role) + 2;
	free(line);
	ui_put_cols(y, x, _(status_labels[r.status]), status_w, role);
	x += status_w + 2;
	if (r.status == IMPORT_BAD)
		line = *r.summary ? xasprintf("%s: %s", r.reason ? r.reason : "", r.summary) : xstrdup(r.reason ? r.reason : "");
	else
		line = xstrdup(r.summary);
	{
		char *cut = utf8_fit_cols(line, (size_t)(width - x - 1 > 0 ? width - x - 1 : 0), true);
		ui_put_cols(y, x, cut, width - x - 1, role);
		free(cut);
	}
	free(line);
	importview_row_free(&r);
}

static void
import_draw(screen *s, int top, int height, int width)
{
	import_state *st = s->state;
	int status_w = 0, y = top;
	char *t, *file;

	for (int k = 0; k < IMPORT_NSTATUS; k++) {
		int w = (int)utf8_width_cols(_(status_labels[k]));
		status_w = w > status_w ? w : status_w;
	}
	/* TRANSLATORS: counts of the rows of the file: new, changed, unchanged, bad. */
	t = xasprintf(_("New %zu   Changed %zu   Unchanged %zu   Bad %zu"), st->count[IMPORT_NEW],
	    st->count[IMPORT_CHANGED], st->count[IMPORT_UNCHANGED], st->count[IMPORT_BAD]);
	ui_put_cols(y++, 1, t, width - 2, ROLE_TITLE);
	free(t);
	file = utf8_fit_cols_start(st->path, (size_t)(width / 2));
	t = xasprintf(_("File: %s   Nothing is written until you accept (a)."), file);
	ui_put_cols(y++, 1, t, width - 2, ROLE_HINT);
	free(t);
	free(file);
	{
		/* The headings over their columns: the line numbers right-aligned in 6, the status after 2 blanks. */
		int lw = (int)utf8_width_cols(_("Line"));

		ui_put_cols(y, 1 + (lw < 6 ? 6 - lw : 0), _("Line"), 6, ROLE_TITLE);
		ui_put_cols(y, 9, _("Status"), width - 10, ROLE_TITLE);
	}
	y++;
	st->view = top + height - y > 1 ? top + height - y : 1;
	if (st->n == 0) {
		ui_put_cols(y, 2, _("The file has no rows."), width - 4, ROLE_DIM);
		return;
	}
	if (st->sel < st->first)
		st->first = st->sel;
	if (st->sel >= st->first + (size_t)st->view)
		st->first = st->sel - (size_t)st->view + 1;
	for (size_t i = st->first; i < st->n && y < top + height; i++, y++)
		draw_row(st, i, y, width, status_w);
}

/* ---- the keys ----------------------------------------------------------------------------- */

/* Enter: the selected row whole (a long reason or title is cut in the list). */
static void
show_row(import_state *st)
{
	importview_row r = { 0 };
	char *text, *title;

	if (st->n == 0)
		return;
	st->kind->row(st->plan, st->sel, &r);
	/* TRANSLATORS: the line of the file and the row's status. */
	title = xasprintf(_("Line %ld: %s"), r.line, _(status_labels[r.status]));
	text = r.reason ? xasprintf("%s\n\n%s", r.reason, r.summary) : xstrdup(r.summary);
	dialog_message(title, text);
	free(title);
	free(text);
	importview_row_free(&r);
}

/* a: ask, then write the good rows in one transaction; true when the screen is done. */
static bool
accept_plan(import_state *st)
{
	size_t good = st->count[IMPORT_NEW] + st->count[IMPORT_CHANGED];
	char *q, *err = NULL;
	bool yes;

	if (good == 0) {
		dialog_message(_("Nothing to write"), _("No row of the file is new or changed: nothing needs writing."));
		return false;
	}
	/* TRANSLATORS: new rows, changed rows, bad rows. */
	q = xasprintf(_("Write %zu new and %zu changed rows? The %zu bad rows are left out."), st->count[IMPORT_NEW],
	    st->count[IMPORT_CHANGED], st->count[IMPORT_BAD]);
	yes = dialog_ask(_("Import?"), q, true);
	free(q);
	if (!yes)
		return false;
	if (st->kind->apply(ui_db(), st->plan, &err) != 0) {
		char *msg = xasprintf(_("Nothing was written: %s"), err ? err : "?");
		dialog_message(_("Not imported"), msg);
		free(msg);
		free(err);
		/* The plan's rows now hold versions that were rolled back: judge the file again. */
		make_plan(st);
		return false;
	}
	q = xasprintf(_("Written: %zu new, %zu changed; %zu unchanged and %zu bad rows left as they were."),
	    st->count[IMPORT_NEW], st->count[IMPORT_CHANGED], st->count[IMPORT_UNCHANGED], st->count[IMPORT_BAD]);
	ui_flash(q);
	free(q);
	ui_refresh_status();
	if (st->written)
		st->written(st->ctx);
	return true;
}

static ui_action
import_key(screen *s, ui_key k)
{
	import_state *st = s->state;
	size_t page = st->view > 1 ? (size_t)st->view - 1 : 1, last = st->n ? st->n - 1 : 0;

	if (k.is_key) {
		switch (k.code) {
		case KEY_UP: if (st->sel > 0) st->sel--; break;
		case KEY_DOWN: if (st->sel < last) st->sel++; break;
		case KEY_PPAGE: st->sel = st->sel > page ? st->sel - page : 0; break;
		case KEY_NPAGE: st->sel = st->sel + page < last ? st->sel + page : last; break;
		case KEY_HOME: st->sel = 0; break;
		case KEY_END: st->sel = last; break;
		case KEY_ENTER: show_row(st); break;
		case KEY_F(2): return accept_plan(st) ? UI_BACK : UI_STAY;
		default: break;
		}
		return UI_STAY;
	}
	switch (k.code) {
	case 'a': return accept_plan(st) ? UI_BACK : UI_STAY;
	case 27:
		ui_flash(_("Not imported: nothing was written."));
		return UI_BACK;
	case 'k': if (st->sel > 0) st->sel--; break;
	case 'j': if (st->sel < last) st->sel++; break;
	case '\r': case '\n': show_row(st); break;
	default: break;
	}
	return UI_STAY;
}

static const char *
import_hints(screen *s)
{
	(void)s;
	return _("Up/Down Move  Enter Whole row  a/F2 Accept: write the good rows  Esc Cancel: write nothing  F1 Help");
}

static const char *
import_help(screen *s)
{
	(void)s;
	return _("The preview of an import: every row of the file with its line number and what would happen to it. "
	         "new: no such record yet, it will be created; changed: the record exists and the row differs, it "
	         "will be updated (empty cells erase nothing); unchanged: nothing to write; bad: refused, with the "
	         "reason, never written. Nothing has been written yet. a or F2 asks, then writes the new and changed "
	         "rows in one transaction (all or none); Esc goes back writing nothing. Enter shows the selected row "
	         "whole. Fix the bad rows in the file and import it again: rows already in are then unchanged.");
}

static void
state_free(import_state *st)
{
	if (st->plan)
		st->kind->free(st->plan);
	free(st->path);
	free(st);
}

static void
import_free(screen *s)
{
	state_free(s->state);
}

static const screen_ops import_ops = {
	.name = "import", .draw = import_draw, .key = import_key, .hints = import_hints, .free = import_free,
	.help = import_help,
};

void
import_ui_run(const importview_kind *kind, importview_written_fn written, void *ctx)
{
	char *prompt = xasprintf(_("The file to import (CSV in UTF-8 or GB18030, header row: %s):"), _(kind->columns));
	char *typed = dialog_input(_(kind->title), prompt, PATH_MAX_CHARS, check_path, NULL);
	import_state *st;
	char *title;

	free(prompt);
	if (!typed)
		return;
	st = xcalloc(1, sizeof *st);
	st->kind = kind;
	st->path = expand_path(typed);
	st->written = written;
	st->ctx = ctx;
	free(typed);
	if (!make_plan(st)) {
		state_free(st);
		return;
	}
	title = xasprintf("%s: %s", _(kind->title), _("preview"));
	ui_push(ui_screen_new(&import_ops, title, st));
	free(title);
}
