/* results.c - the survey results screen (问卷结果): a template version is chosen, then one question
 * at a time (PgUp/PgDn, or l for the list) with the count and percentage of each choice as bars, or
 * the mean and range of a number; the base of every percentage is n, the respondents SHOWN the
 * question (skip logic hid it from the others), and the screen says so. x makes a cross-tab of two
 * select questions (base: shown both) that scrolls both ways; r shows the needs ranking of the 8
 * circles; f filters by community, estate and dates; e exports the responses (CSV UTF-8 with BOM,
 * GB18030 or .xlsx) with a progress bar, Esc stopping it. The numbers come from results.h (h20's
 * core) over the template's questions (resultsview.h); this file only lays them out. */
#include "config.h"
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "screens.h"
#include "barchart.h"
#include "db.h"
#include "dialog.h"
#include "results.h"
#include "resultsview.h"
#include "sheetout.h"
#include "survey.h"
#include "template.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

enum { V_QUESTION, V_CROSSTAB, V_NEEDS };
#define NEED_BARS 3		/* needs shown per circle */

typedef struct circle_row {
	char *code, *name;
} circle_row;

typedef struct results_state {
	template *t;
	rv_questions q;
	char *form_id, *version, *title;
	/* filters */
	char *community, *community_name, *estate, *from, *to;
	int view, cur;
	results_question r;
	bool have_r;
	char *error;
	long long stamp;
	/* cross-tab */
	int xrow, xcol, sel_r, sel_c, first_r, first_c, page_r;
	results_crosstab x;
	bool have_x;
	/* needs ranking */
	circle_row *circles;
	int ncircles, first_circle;
	results_circle *needs;
	char *last_export;
} results_state;

static results_filter
filter_of(const results_state *st)
{
	return (results_filter){ st->form_id, st->version, st->community, st->estate, st->from, st->to };
}

static void
set_error(results_state *st, char *err)
{
	free(st->error);
	st->error = err ? err : xstrdup(db_error_text(ui_db()));
}

/* Say on the key-hint line that the figures are being counted: over a million responses the needs
 * ranking takes seconds, and a screen that does not move looks hung. The next frame redraws it. */
static void
busy(void)
{
	ui_fill(LINES - 1, 0, COLS, ROLE_STATUS);
	ui_put_cols(LINES - 1, 1, _("Counting..."), COLS - 2, ROLE_STATUS);
	refresh();
}

/* Read what the current view shows again (after a move, a filter, or another program's change). */
static void
load(results_state *st)
{
	results_filter f = filter_of(st);
	char *err = NULL;

	free(st->error);
	st->error = NULL;
	if (st->have_r)
		results_question_free(&st->r);
	st->have_r = false;
	if (st->have_x)
		results_crosstab_free(&st->x);
	st->have_x = false;
	if (st->needs)
		results_needs_free(st->needs, st->ncircles);
	st->needs = NULL;
	if (st->stamp != 0)
		busy();
	if (st->view == V_QUESTION && st->q.n > 0) {
		if (results_question_get(ui_db(), &f, &st->q.qs[st->cur], &st->r, &err) == 0)
			st->have_r = true;
		else
			set_error(st, err);
	} else if (st->view == V_CROSSTAB) {
		if (results_crosstab_get(ui_db(), &f, &st->q.qs[st->xrow], &st->q.qs[st->xcol], &st->x, &err) == 0)
			st->have_x = true;
		else
			set_error(st, err);
	} else if (st->view == V_NEEDS) {
		results_circle_spec *specs = xcalloc((size_t)st->ncircles + 1, sizeof *specs);
		char **sat = xcalloc((size_t)st->ncircles + 1, sizeof *sat);

		for (int i = 0; i < st->ncircles; i++)
			rv_circle_spec(&st->q, st->circles[i].code, &specs[i], &sat[i]);
		if (results_needs_get(ui_db(), &f, st->q.qs, st->q.n, specs, st->ncircles, &st->needs, &err) != 0) {
			st->needs = NULL;
			set_error(st, err);
		}
		for (int i = 0; i < st->ncircles; i++)
			free(sat[i]);
		free(sat);
		free(specs);
	}
	st->stamp = ui_change_stamp();
}

/* ---- drawing ------------------------------------------------------------------------------------ */

static const char *
qlabel(const results_state *st, int i)
{
	return st->q.labels[i];
}

/* "Community: X  Estate: Y  From: ..  To: .." or "none" (fresh). */
static char *
filters_text(const results_state *st)
{
	char *s = xstrdup("");

	if (st->community) {
		char *n = xasprintf("%s%s: %s", s, _("Community"), st->community_name);
		free(s);
		s = n;
	}
	if (st->estate) {
		char *n = xasprintf("%s%s%s: %s", s, *s ? "  " : "", _("Estate"), st->estate);
		free(s);
		s = n;
	}
	if (st->from || st->to) {
		char *n = xasprintf("%s%s%s: %s..%s", s, *s ? "  " : "", _("Dates"), st->from ? st->from : "", st->to ? st->to : "");
		free(s);
		s = n;
	}
	if (!*s) {
		free(s);
		s = xstrdup(_("none"));
	}
	return s;
}

static int
draw_head(const results_state *st, int y, int width)
{
	char *filters = filters_text(st);
	char *line = xasprintf(_("%s (version %s)   Filters (f): %s"), st->title, st->version, filters);

	ui_put_cols(y, 1, line, width - 2, ROLE_HINT);
	free(line);
	free(filters);
	return 1;
}

/* A number as shown: at most 2 decimals, no trailing zeros. */
static char *
num_text(double v)
{
	return sheetout_number_text(v);
}

static void
draw_question(results_state *st, int y, int rows, int width)
{
	const survey_question *q = &st->q.qs[st->cur];
	const results_question *r = &st->r;
	char *line;
	int bottom = y + rows;

	line = xasprintf(_("Question %d of %d: %s"), st->cur + 1, st->q.n, q->name);
	ui_put_cols(y++, 1, line, width - 2, ROLE_TITLE);
	free(line);
	y += ui_draw_wrapped(y, 2, qlabel(st, st->cur), width - 4, 2, ROLE_NORMAL);
	/* TRANSLATORS: n is the base of every percentage below it. */
	line = xasprintf(_("n = %lld (respondents shown this question; %lld left it blank). Percentages are of n."), r->n, r->blank);
	ui_put_cols(y++, 2, line, width - 4, ROLE_HINT);
	free(line);
	y++;
	if (r->n == 0) {
		ui_put_cols(y, 2, _("No complete response was shown this question (with these filters)."), width - 4, ROLE_DIM);
		return;
	}
	if (rv_is_select(q)) {
		barchart_bar *bars = xcalloc((size_t)r->n_choices + 1, sizeof *bars);
		barchart c = { bars, (size_t)r->n_choices, 0, r->n, 0, !barchart_blocks_ok() };

		for (int i = 0; i < r->n_choices; i++)
			bars[i] = (barchart_bar){ r->choices[i].label ? r->choices[i].label : r->choices[i].name, r->choices[i].count, 0, NULL };
		if (q->type == SURVEY_SELECT_MULTIPLE)
			ui_put_cols(y++, 2, _("Several choices may be named: the percentages can add up to more than 100%."), width - 4, ROLE_DIM);
		barchart_draw(&c, y, 2, width - 4, bottom - y);
		free(bars);
	} else if (q->type == SURVEY_INTEGER || q->type == SURVEY_DECIMAL) {
		char *mean = num_text(r->mean), *min = num_text(r->min), *max = num_text(r->max);

		line = xasprintf(_("Mean %s   Range %s to %s   (%lld answers)"), mean, min, max, r->n_numbers);
		ui_put_cols(y, 2, line, width - 4, ROLE_NORMAL);
		free(line);
		free(mean);
		free(min);
		free(max);
	} else {
		line = xasprintf(_("%lld answered. Text answers are not counted here: export the responses (e) to read them."),
		    r->n - r->blank);
		ui_draw_wrapped(y, 2, line, width - 4, bottom - y, ROLE_NORMAL);
		free(line);
	}
}

/* The cross-tab as a table: the row question's choices down, the column question's across, each
 * cell the respondents naming both and their share of the row; scrolls both ways. */
static void
draw_crosstab(results_state *st, int y, int rows, int width)
{
	const results_crosstab *x = &st->x;
	int *w = xcalloc((size_t)x->n_cols + 1, sizeof *w), key_w = 0, room, ncols, nrows;
	char *line;

	line = xasprintf(_("Cross-tab: %s (rows) by %s (columns)"), qlabel(st, st->xrow), qlabel(st, st->xcol));
	ui_put_cols(y++, 1, line, width - 2, ROLE_TITLE);
	free(line);
	line = xasprintf(_("n = %lld (respondents shown both questions). A cell: respondents naming both (%% of its row)."), x->n);
	ui_put_cols(y++, 2, line, width - 4, ROLE_HINT);
	free(line);
	rows -= 2;
	if (x->n_rows == 0 || x->n_cols == 0 || rows < 2) {
		free(w);
		return;
	}
	for (int r = 0; r < x->n_rows; r++) {
		int lw = (int)utf8_width_cols(x->rows[r].label ? x->rows[r].label : x->rows[r].name) + 1 +
		    (int)utf8_width_cols("(100000)");
		if (lw > key_w)
			key_w = lw;
	}
	if (key_w > width / 3)
		key_w = width / 3;
	rv_crosstab_widths(x, 16, w);
	room = width - 2 - key_w;
	st->first_c = rv_scroll_first(w, x->n_cols, st->first_c, st->sel_c, room);
	ncols = rv_cols_fit(w, x->n_cols, st->first_c, room);
	nrows = rows - 1;
	st->page_r = nrows > 0 ? nrows : 1;
	if (st->sel_r < st->first_r)
		st->first_r = st->sel_r;
	if (st->sel_r >= st->first_r + nrows)
		st->first_r = st->sel_r - nrows + 1;
	/* headings */
	ui_fill(y, 0, width, ROLE_TITLE);
	ui_put_cols(y, 1, st->first_c > 0 ? "«" : "", key_w, ROLE_TITLE);
	for (int c = st->first_c, xx = 1 + key_w; c < st->first_c + ncols; c++) {
		char *cut = utf8_fit_cols(x->cols[c].label ? x->cols[c].label : x->cols[c].name, (size_t)w[c], true);
		ui_put_cols(y, xx + 1 + w[c] - (int)utf8_width_cols(cut), cut, w[c], ROLE_TITLE);
		free(cut);
		xx += w[c] + 1;
	}
	if (st->first_c + ncols < x->n_cols)
		ui_put_cols(y, width - 2, "»", 1, ROLE_TITLE);
	y++;
	for (int r = st->first_r; r < x->n_rows && r < st->first_r + nrows; r++, y++) {
		char *key = xasprintf("%s (%lld)", x->rows[r].label ? x->rows[r].label : x->rows[r].name, x->rows[r].count);
		char *cut = utf8_fit_cols(key, (size_t)key_w, true);
		int xx = 1 + key_w;

		ui_fill(y, 0, width, ROLE_NORMAL);
		ui_put_cols(y, 1, cut, key_w, ROLE_NORMAL);
		free(cut);
		free(key);
		for (int c = st->first_c; c < st->first_c + ncols; c++) {
			char *t = rv_cell_text(x->cells[r * x->n_cols + c], x->rows[r].count);
			ui_role role = r == st->sel_r && c == st->sel_c ? ROLE_SELECTED : ROLE_NORMAL;

			ui_fill(y, xx + 1, w[c], role);
			ui_put_cols(y, xx + 1 + w[c] - (int)utf8_width_cols(t), t, w[c], role);
			free(t);
			xx += w[c] + 1;
		}
	}
	free(w);
}

static const char *
circle_name(const results_state *st, const char *code)
{
	for (int i = 0; i < st->ncircles; i++)
		if (strcmp(st->circles[i].code, code) == 0)
			return st->circles[i].name;
	return code;
}

/* Each circle: its satisfaction (satisfied of those who answered, n shown) and its most named needs. */
static void
draw_needs(results_state *st, int y, int rows, int width)
{
	int bottom = y + rows;

	ui_put_cols(y++, 1, _("Needs ranking: what residents miss most in each circle, and how satisfied they are"), width - 2, ROLE_TITLE);
	for (int i = st->first_circle; i < st->ncircles && y < bottom; i++) {
		const results_circle *c = &st->needs[i];
		barchart_bar bars[NEED_BARS];
		size_t nb = 0;
		char *line;

		if (c->sat_n > 0) {
			char pct[32];
			snprintf(pct, sizeof pct, "%.1f%%", c->satisfied_percent);
			line = xasprintf(_("%d %s: satisfied %s (%lld of %lld who answered; n = %lld shown)"), i + 1,
			    circle_name(st, c->circle), pct, c->satisfied, c->sat_answered, c->sat_n);
		} else if (c->satisfaction.n_choices > 0)
			line = xasprintf(_("%d %s: n = 0 (nobody was shown its satisfaction question)"), i + 1, circle_name(st, c->circle));
		else
			line = xasprintf(_("%d %s: no satisfaction question"), i + 1, circle_name(st, c->circle));
		ui_put_cols(y++, 1, line, width - 2, ROLE_HINT);
		free(line);
		for (int k = 0; k < c->n_needs && nb < NEED_BARS; k++) {
			if (rv_need_is_none(&c->needs[k]) || c->needs[k].count == 0)
				continue;
			bars[nb++] = (barchart_bar){ c->needs[k].label ? c->needs[k].label : c->needs[k].name, c->needs[k].count,
			    c->needs[k].n, NULL };
		}
		if (nb == 0) {
			if (y < bottom)
				ui_put_cols(y++, 3, _("No missing facility or service named."), width - 6, ROLE_DIM);
		} else {
			barchart ch = { bars, nb, 0, 0, 0, !barchart_blocks_ok() };
			y += barchart_draw(&ch, y, 3, width - 6, bottom - y);
		}
	}
}

static void
results_draw(screen *s, int top, int height, int width)
{
	results_state *st = s->state;
	int y = top;

	if (ui_change_stamp() != st->stamp)
		load(st);
	y += draw_head(st, y, width);
	if (st->last_export)
		ui_put_cols(top + height - 1, 1, st->last_export, width - 2, ROLE_DIM);
	if (st->error) {
		char *msg = xasprintf(_("The results cannot be read: %s"), st->error);
		ui_draw_wrapped(y + 1, 2, msg, width - 4, height - 2, ROLE_ERROR);
		free(msg);
		return;
	}
	if (st->q.n == 0) {
		ui_put_cols(y + 1, 2, _("This template has no question to count."), width - 4, ROLE_DIM);
		return;
	}
	height -= st->last_export ? 2 : 1;
	if (st->view == V_QUESTION && st->have_r)
		draw_question(st, y, height, width);
	else if (st->view == V_CROSSTAB && st->have_x)
		draw_crosstab(st, y, height, width);
	else if (st->view == V_NEEDS && st->needs)
		draw_needs(st, y, height, width);
}

/* ---- choosing ----------------------------------------------------------------------------------- */

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v && *v ? xstrdup(v) : NULL;
}

/* Pick one question (select ones only when selects); its index, or -1. */
static int
pick_question(const results_state *st, const char *title, bool selects, int current)
{
	const char **labels = xcalloc((size_t)st->q.n + 1, sizeof *labels);
	char **owned = xcalloc((size_t)st->q.n + 1, sizeof *owned);
	int *idx = xcalloc((size_t)st->q.n + 1, sizeof *idx), n = 0, cur = 0, k, out = -1;

	for (int i = 0; i < st->q.n; i++) {
		if (selects && !rv_is_select(&st->q.qs[i]))
			continue;
		if (i == current)
			cur = n;
		owned[n] = xasprintf("%s  (%s)", qlabel(st, i), st->q.qs[i].name);
		labels[n] = owned[n];
		idx[n++] = i;
	}
	k = dialog_pick(title, labels, (size_t)n, (size_t)cur, NULL);
	if (k >= 0)
		out = idx[k];
	for (int i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(labels);
	free(idx);
	return out;
}

static void
open_crosstab(results_state *st)
{
	int r = pick_question(st, _("Cross-tab: the question down the rows"), true, st->cur), c;

	if (r < 0)
		return;
	c = pick_question(st, _("Cross-tab: the question across the columns"), true, r == st->cur ? -1 : st->cur);
	if (c < 0)
		return;
	st->xrow = r;
	st->xcol = c;
	st->sel_r = st->sel_c = st->first_r = st->first_c = 0;
	st->view = V_CROSSTAB;
	load(st);
}

static void
pick_community(results_state *st)
{
	char **ids = xcalloc(1, sizeof *ids), **names = xcalloc(1, sizeof *names);
	size_t n = 0;
	int k;

	names[n] = xstrdup(_("(all)"));
	ids[n++] = NULL;
	if (db_query_pairs(ui_db(), "SELECT id, name FROM community WHERE deleted = 0 ORDER BY name, id", &ids, &names,
	    &n) != 0) {
		ui_flash(db_error_text(ui_db()));
		db_pairs_free(ids, names, n);
		return;
	}
	k = dialog_pick(_("Community"), (const char *const *)names, n, 0, NULL);
	if (k >= 0) {
		set_str(&st->community, ids[k]);
		set_str(&st->community_name, k > 0 ? names[k] : NULL);
	}
	db_pairs_free(ids, names, n);
}

static char *
check_date(const char *text, void *ud)
{
	int y, m, d;
	char extra;

	(void)ud;
	if (!*text || (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3 && strlen(text) == 10 && m >= 1 && m <= 12 &&
	    d >= 1 && d <= 31))
		return NULL;
	return xstrdup(_("Type a date as YYYY-MM-DD (2026-01-31), or leave it empty."));
}

static void
choose_filter(results_state *st)
{
	char *labels[5], *v;
	int k;

	labels[0] = xasprintf("%s: %s", _("Community"), st->community ? st->community_name : _("(all)"));
	labels[1] = xasprintf("%s: %s", _("Estate"), st->estate ? st->estate : _("(all)"));
	labels[2] = xasprintf("%s: %s", _("From date"), st->from ? st->from : _("(any)"));
	labels[3] = xasprintf("%s: %s", _("To date"), st->to ? st->to : _("(any)"));
	labels[4] = xstrdup(_("Clear all filters"));
	k = dialog_pick(_("Filter by"), (const char *const *)labels, 5, 0, NULL);
	for (int i = 0; i < 5; i++)
		free(labels[i]);
	switch (k) {
	case 0: pick_community(st); break;
	case 1:
		if ((v = dialog_input(_("Estate"), _("The estate as entered (empty: all):"), 100, NULL, NULL)) != NULL) {
			set_str(&st->estate, v);
			free(v);
		}
		break;
	case 2: case 3:
		v = dialog_input(k == 2 ? _("From date") : _("To date"), _("Date (YYYY-MM-DD, empty: any):"), 10, check_date, NULL);
		if (v) {
			set_str(k == 2 ? &st->from : &st->to, v);
			free(v);
		}
		break;
	case 4:
		set_str(&st->community, NULL);
		set_str(&st->community_name, NULL);
		set_str(&st->estate, NULL);
		set_str(&st->from, NULL);
		set_str(&st->to, NULL);
		break;
	default: return;
	}
	load(st);
}

/* ---- export ------------------------------------------------------------------------------------- */

typedef struct export_progress {
	long long total;
	bool stopped;
	bool zipping;		/* the .xlsx is being packed at close: nothing stops that */
	const char *path;
} export_progress;

/* Draw the progress box over the screen and look for Esc without waiting. */
static bool
export_progress_cb(long long rows, void *arg)
{
	export_progress *p = arg;
	int w = COLS - 8 > 20 ? COLS - 8 : 20, y = LINES / 2 - 2, tenths = rv_progress_tenths(rows, p->total), old;
	char *bar = rv_progress_bar(tenths, w - 4), *line;
	wint_t ch;

	ui_box(y, 4, 5, w, ROLE_DIALOG);
	for (int i = 1; i < 4; i++)
		ui_fill(y + i, 5, w - 2, ROLE_DIALOG);
	line = p->zipping ? xstrdup(_("Packing the .xlsx workbook...")) :
	    p->total < 0 ? xstrdup(_("Counting the responses to export...")) :
	    xasprintf(_("Exporting: %lld of %lld responses (%d.%d%%). Esc stops."), rows, p->total, tenths / 10, tenths % 10);
	ui_put_cols(y + 1, 6, line, w - 4, ROLE_DIALOG);
	ui_put_cols(y + 2, 6, bar, w - 4, ROLE_DIALOG);
	ui_put_cols(y + 3, 6, p->path, w - 4, ROLE_DIALOG);
	free(line);
	free(bar);
	refresh();
	old = wgetdelay(stdscr);
	wtimeout(stdscr, 0);
	while (wget_wch(stdscr, &ch) != ERR)
		if (ch == 27)
			p->stopped = true;
	wtimeout(stdscr, old);
	return !p->stopped;
}

static long long
count_responses(const results_state *st)
{
	sqlite3_stmt *q = db_prepare(ui_db(), "SELECT count(*) FROM survey_response WHERE template = ?1 AND template_version = ?2"
	    " AND deleted = 0");
	long long n = 0;

	if (!q)
		return 0;
	sqlite3_bind_text(q, 1, st->form_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, st->version, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

/* Write the export into path.part, then rename it over path: a stopped or failed export leaves no half file. */
static int
export_write(results_state *st, const char *path, int format, export_progress *p, long long *rows, char **err)
{
	char *part = xasprintf("%s.part", path);
	FILE *f = NULL;
	sheetout *so;
	int rc;

	if (format == 2)
		so = sheetout_xlsx(part, st->form_id, 0, err);
	else if ((f = fopen(part, "wb")) == NULL) {
		*err = xasprintf("%s: %s", part, strerror(errno));
		free(part);
		return -1;
	} else
		so = sheetout_csv(f, format == 1 ? SHEETOUT_GB18030 : SHEETOUT_UTF8, 0, err);
	if (!so) {
		if (f)
			fclose(f);
		unlink(part);
		free(part);
		return -1;
	}
	rc = survey_export(ui_db(), st->form_id, st->version, st->q.qs, st->q.n, so, export_progress_cb, p, rows, err);
	if (rc == 0 && format == 2) {
		p->zipping = true;	/* the workbook is zipped at close: say so meanwhile */
		export_progress_cb(*rows, p);
	}
	if (sheetout_close(so, rc == 0 ? err : NULL) != 0)
		rc = -1;
	if (f && fclose(f) != 0 && rc == 0) {
		*err = xasprintf("%s: %s", part, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(part, path) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(part);
	free(part);
	return rc;
}

static void
export_responses(results_state *st)
{
	static const char *const exts[] = { "csv", "csv", "xlsx" };
	const char *options[3] = { _("CSV, UTF-8 with BOM (Excel, WPS)"), _("CSV, GB18030 (older Excel)"), _("Excel workbook (.xlsx)") };
	char *dir, *path, stamp[32], *err = NULL, *msg;
	time_t now = time(NULL);
	struct tm tm;
	export_progress p = { 0, false, false, NULL };
	long long rows = 0;
	int format = dialog_choose(_("Export responses"), _("Which kind of file?"), options, 3);

	if (format < 0)
		return;
	if (!(dir = util_output_dir("LIFECIRCLE_EXPORT_DIR", "lifecircle-exports"))) {
		ui_flash(_("No folder to export to: set HOME or LIFECIRCLE_EXPORT_DIR."));
		return;
	}
	if (util_mkdir_p(dir, 0700) != 0) {
		msg = xasprintf("%s: %s", dir, strerror(errno));
		dialog_message(_("Export responses"), msg);
		free(msg);
		free(dir);
		return;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	path = rv_export_path(dir, st->form_id, stamp, exts[format]);
	free(dir);
	ui_redraw();	/* the format dialog goes before the progress box comes */
	/* the box shows at once: counting a million responses takes a moment */
	p.total = -1;
	p.path = path;
	export_progress_cb(0, &p);
	p.total = count_responses(st);
	export_progress_cb(0, &p);
	if (export_write(st, path, format, &p, &rows, &err) == 0)
		msg = xasprintf(_("%lld responses written to %s"), rows, path);
	else if (p.stopped)
		msg = xasprintf(_("The export was stopped; no file was written (%s)."), path);
	else
		msg = xasprintf(_("The export failed: %s"), err ? err : "?");
	free(err);
	dialog_message(_("Export responses"), msg);
	free(st->last_export);
	st->last_export = msg;
	free(path);
	ui_redraw();
}

/* ---- keys --------------------------------------------------------------------------------------- */

static void
move_question(results_state *st, int to)
{
	if (to < 0)
		to = 0;
	if (to >= st->q.n)
		to = st->q.n - 1;
	if (to == st->cur && st->view == V_QUESTION)
		return;
	st->cur = to;
	st->view = V_QUESTION;
	load(st);
}

static void
crosstab_key(results_state *st, ui_key k)
{
	int nr = st->x.n_rows, nc = st->x.n_cols;

	if (!k.is_key)
		return;
	switch (k.code) {
	case KEY_UP: if (st->sel_r > 0) st->sel_r--; break;
	case KEY_DOWN: if (st->sel_r < nr - 1) st->sel_r++; break;
	case KEY_LEFT: if (st->sel_c > 0) st->sel_c--; break;
	case KEY_RIGHT: if (st->sel_c < nc - 1) st->sel_c++; break;
	case KEY_PPAGE: st->sel_r = st->sel_r > st->page_r ? st->sel_r - st->page_r : 0; break;
	case KEY_NPAGE: st->sel_r = st->sel_r + st->page_r < nr ? st->sel_r + st->page_r : nr - 1; break;
	case KEY_HOME: st->sel_c = 0; break;
	case KEY_END: st->sel_c = nc > 0 ? nc - 1 : 0; break;
	default: break;
	}
}

static ui_action
results_key(screen *s, ui_key k)
{
	results_state *st = s->state;

	if (st->view == V_CROSSTAB && st->have_x && k.is_key) {
		crosstab_key(st, k);
		return UI_STAY;
	}
	if (k.is_key) {
		switch (k.code) {
		case KEY_NPAGE: case KEY_DOWN:
			if (st->view == V_NEEDS) {
				if (st->first_circle < st->ncircles - 1)
					st->first_circle++;
			} else
				move_question(st, st->cur + 1);
			break;
		case KEY_PPAGE: case KEY_UP:
			if (st->view == V_NEEDS) {
				if (st->first_circle > 0)
					st->first_circle--;
			} else
				move_question(st, st->cur - 1);
			break;
		case KEY_HOME: move_question(st, 0); break;
		case KEY_END: move_question(st, st->q.n - 1); break;
		default: break;
		}
		return UI_STAY;
	}
	switch (k.code) {
	case 27:
		if (st->view == V_QUESTION)
			return UI_BACK;
		st->view = V_QUESTION;
		load(st);
		break;
	case 'l': case '\r': case '\n': {
		int i = st->q.n > 0 ? pick_question(st, _("Questions"), false, st->cur) : -1;
		if (i >= 0)
			move_question(st, i);
		break;
	}
	case 'x': if (st->q.n > 0) open_crosstab(st); break;
	case 'r':
		st->view = V_NEEDS;
		st->first_circle = 0;
		load(st);
		break;
	case 'f': choose_filter(st); break;
	case 'e': export_responses(st); break;
	default: break;
	}
	return UI_STAY;
}

static const char *
results_hints(screen *s)
{
	results_state *st = s->state;

	if (st->view == V_CROSSTAB)
		return _("Arrows Move  PgUp/PgDn Page  Home/End First/last column  Esc Back to the question  F1 Help");
	if (st->view == V_NEEDS)
		return _("Up/Down Scroll the circles  f Filter  e Export  Esc Back to the question  F1 Help");
	return _("PgUp/PgDn Question  l List  x Cross-tab  r Needs ranking  f Filter  e Export  Esc Back");
}

static const char *
results_help(screen *s)
{
	(void)s;
	return _("Survey results of one questionnaire version, from the complete responses (drafts and deleted ones "
	         "do not count). One question at a time: each choice's count and percentage as bars, or the mean "
	         "and range of a number. n is the respondents who were SHOWN the question: skip logic hid it from "
	         "the others, so they are not in the base; those who were shown it and left it blank are. A "
	         "question with several choices can add up to more than 100%. PgUp/PgDn move between questions, "
	         "l lists them. x makes a cross-tab of two choice questions (e.g. satisfaction with elderly care by "
	         "age group): n is then the respondents shown both, each cell those naming both and their share "
	         "of the row; the arrows scroll it both ways. r shows the needs ranking: for each of the 8 circles "
	         "the share satisfied (the two best answers, of those who answered) and the facilities or services "
	         "named missing most. f filters by community, estate and date. e exports every live response "
	         "(drafts too, with their status) to ~/lifecircle-exports (or $LIFECIRCLE_EXPORT_DIR) as CSV or "
	         ".xlsx, with a progress bar; Esc stops it and leaves no file. The same figures print with: "
	         "lifecircle report survey.");
}

static void
results_free_screen(screen *s)
{
	results_state *st = s->state;

	if (st->have_r)
		results_question_free(&st->r);
	if (st->have_x)
		results_crosstab_free(&st->x);
	if (st->needs)
		results_needs_free(st->needs, st->ncircles);
	for (int i = 0; i < st->ncircles; i++) {
		free(st->circles[i].code);
		free(st->circles[i].name);
	}
	free(st->circles);
	rv_questions_free(&st->q);
	template_free(st->t);
	free(st->form_id);
	free(st->version);
	free(st->title);
	free(st->community);
	free(st->community_name);
	free(st->estate);
	free(st->from);
	free(st->to);
	free(st->error);
	free(st->last_export);
	free(st);
}

static const screen_ops results_ops = {
	.name = "results", .draw = results_draw, .key = results_key, .hints = results_hints,
	.free = results_free_screen, .help = results_help,
};

static void
load_circles(results_state *st)
{
	bool zh = strcmp(util_ui_language(), "en") != 0;
	sqlite3_stmt *q = db_prepare(ui_db(), "SELECT code, name FROM circle ORDER BY no");

	if (!q)
		return;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(q, 0);

		st->circles = xrealloc(st->circles, (size_t)(st->ncircles + 1) * sizeof *st->circles);
		st->circles[st->ncircles].code = xstrdup(code);
		/* the circle table holds the Chinese names; in English the code says which circle */
		st->circles[st->ncircles++].name = xstrdup(zh ? (const char *)sqlite3_column_text(q, 1) : code);
	}
	sqlite3_finalize(q);
}

screen *
results_screen_new(const char *form_id, const char *version)
{
	char *err = NULL;
	template *t = template_load(ui_db(), form_id, version, &err);
	results_state *st;

	if (!t) {
		dialog_message(_("Survey results"), err ? err : "?");
		free(err);
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->t = t;
	st->form_id = xstrdup(template_form_id(t));
	st->version = xstrdup(template_version(t));
	st->title = xstrdup(template_title(t, util_ui_language()));
	rv_questions_make(t, util_ui_language(), &st->q);
	load_circles(st);
	load(st);
	return ui_screen_new(&results_ops, _("Survey results"), st);
}

/* From the reports menu: choose a questionnaire version among those stored, newest first. */
screen *
results_menu_screen_new(void)
{
	sqlite3_stmt *q = db_prepare(ui_db(), "SELECT form_id, version, title FROM survey_template WHERE deleted = 0"
	    " ORDER BY form_id, created_at DESC, version DESC");
	char **ids = NULL, **versions = NULL, **labels = NULL;
	size_t n = 0;
	int k;
	screen *s = NULL;

	if (!q) {
		ui_flash(db_error_text(ui_db()));
		return NULL;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		versions = xrealloc(versions, (n + 1) * sizeof *versions);
		labels = xrealloc(labels, (n + 1) * sizeof *labels);
		ids[n] = xstrdup((const char *)sqlite3_column_text(q, 0));
		versions[n] = xstrdup((const char *)sqlite3_column_text(q, 1));
		labels[n] = xasprintf("%s  %s (%s)", (const char *)sqlite3_column_text(q, 2), ids[n], versions[n]);
		n++;
	}
	sqlite3_finalize(q);
	if (n == 0)
		dialog_message(_("Survey results"), _("No questionnaire template is stored: import one with lifecircle template import."));
	else if ((k = n == 1 ? 0 : dialog_pick(_("Which questionnaire?"), (const char *const *)labels, n, 0, NULL)) >= 0)
		s = results_screen_new(ids[k], versions[k]);
	for (size_t i = 0; i < n; i++) {
		free(ids[i]);
		free(versions[i]);
		free(labels[i]);
	}
	free(ids);
	free(versions);
	free(labels);
	return s;
}
