/* fbstats_ui.c - the satisfaction statistics screen (满意度统计): the feedback forms by handling unit
 * or by session (t switches), as a table of counts (满意 / 比较满意 / 不满意, returned, the rate,
 * awaiting reply, not sent) with a total row, the selected row's levels as a bar chart and the rate
 * of every row as another. f filters by handling unit and session; Enter on a unit shows its sessions
 * (and on a session its units). The numbers come from fbstats.h (one GROUP BY); this file only lays
 * them out, and reads them again when the database has changed. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "barchart.h"
#include "db.h"
#include "dialog.h"
#include "fbstats.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

enum { C_TOTAL, C_SAT, C_FAIRLY, C_DISSAT, C_RETURNED, C_RATE, C_AWAITING, C_UNSENT, NNUM };

typedef struct fbstats_state {
	fbstats_by by;
	char *unit, *session;      /* the filters, or NULL */
	fbstats_row *rows;         /* one per key; the total is row n (tot) */
	size_t n;
	fbstats_row tot;
	char *error;               /* the last query's message, or NULL */
	size_t sel, first;         /* selected row (n: the total) and the first one shown */
	int view;                  /* table rows that fit, from the last draw */
	long long stamp;           /* the database's change stamp the rows were read at */
	char *hints;
} fbstats_state;

/* Changes by this program and by others (PRAGMA data_version): read again when it moves. */
static long long
change_stamp(void)
{
	return db_query_int(ui_db(), "PRAGMA data_version", 0) * 1000003LL + sqlite3_total_changes(ui_db());
}

static void
load(fbstats_state *st)
{
	char *err = NULL;

	fbstats_free(st->rows, st->n);
	st->rows = NULL;
	st->n = 0;
	free(st->error);
	st->error = NULL;
	if (fbstats_query_where(ui_db(), st->by, st->unit, st->session, &st->rows, &st->n, &err) != 0)
		st->error = err ? err : xstrdup(db_error_text(ui_db()));
	fbstats_total(st->rows, st->n, &st->tot);
	if (st->sel > st->n)
		st->sel = st->n;
	st->stamp = change_stamp();
}

static const fbstats_row *
row_at(const fbstats_state *st, size_t i)
{
	return i < st->n ? &st->rows[i] : &st->tot;
}

/* The key as shown: "Total" for the total row, a label for an empty unit or session. */
static const char *
row_label(const fbstats_state *st, size_t i)
{
	return i < st->n ? fbstats_key_label(st->by, st->rows[i].key) : _("Total");
}

/* ---- the table ---------------------------------------------------------------------------- */

static const char *
num_heading(int c)
{
	switch (c) {
	/* TRANSLATORS: short column headings of the satisfaction table on screen. */
	case C_TOTAL: return _("Proposals");
	case C_SAT: return _("Satisfied");
	case C_FAIRLY: return _("Fairly");
	case C_DISSAT: return _("Dissat.");
	case C_RETURNED: return _("Returned");
	case C_RATE: return _("Rate");
	case C_AWAITING: return _("Awaiting");
	default: return _("Unsent");
	}
}

static char *
num_cell(const fbstats_row *r, int c)
{
	const long long v[NNUM] = { r->total, r->satisfied, r->fairly, r->dissatisfied, r->returned, 0, r->awaiting, r->unsent };

	return c == C_RATE ? fbstats_rate_text(r) : xasprintf("%lld", v[c]);
}

/* Widths of the number columns: the heading, "100.0%" for the rate, the total's digits. */
static void
num_widths(const fbstats_state *st, int w[NNUM])
{
	for (int c = 0; c < NNUM; c++) {
		char *t = num_cell(&st->tot, c);
		int hw = (int)utf8_width_cols(num_heading(c)), tw = (int)utf8_width_cols(t);

		w[c] = hw > tw ? hw : tw;
		if (c == C_RATE && w[c] < 6)
			w[c] = 6;
		free(t);
	}
}

/* One table line at y: the key cut to key_w, then the numbers right-aligned (headings when r is NULL). */
static void
table_line(int y, int width, int key_w, const int w[NNUM], const char *key, const fbstats_row *r, ui_role role)
{
	int x = 1;

	ui_fill(y, 0, width, role);
	{
		char *cut = utf8_fit_cols(key, (size_t)key_w, true);
		ui_put_cols(y, x, cut, key_w, role);
		free(cut);
	}
	x += key_w;
	for (int c = 0; c < NNUM; c++) {
		char *t = r ? num_cell(r, c) : xstrdup(num_heading(c));
		int tw = (int)utf8_width_cols(t);

		ui_put_cols(y, x + 1 + w[c] - tw, t, w[c], role);
		x += w[c] + 1;
		free(t);
	}
}

/* The table from y, rows rows (the heading included); returns the rows used. */
static int
draw_table(fbstats_state *st, int y, int rows, int width)
{
	int w[NNUM], key_w = width - 2, used = 1;

	num_widths(st, w);
	for (int c = 0; c < NNUM; c++)
		key_w -= w[c] + 1;
	if (key_w < 6)
		key_w = 6;
	table_line(y, width, key_w, w, st->by == FBSTATS_BY_SESSION ? _("Session") : _("Handling unit"), NULL, ROLE_TITLE);
	st->view = rows - 1 > 1 ? rows - 1 : 1;
	/* Keep the selected row in view. */
	if (st->sel < st->first)
		st->first = st->sel;
	if (st->sel >= st->first + (size_t)st->view)
		st->first = st->sel - (size_t)st->view + 1;
	for (size_t i = st->first; i <= st->n && used < rows; i++, used++)
		table_line(y + used, width, key_w, w, row_label(st, i), row_at(st, i),
		    i == st->sel ? ROLE_SELECTED : i == st->n ? ROLE_HINT : ROLE_NORMAL);
	return used;
}

/* ---- the charts --------------------------------------------------------------------------- */

/* The selected row's forms by level, and those not returned, out of its proposals. */
static int
draw_levels(fbstats_state *st, int y, int rows, int width)
{
	const fbstats_row *r = row_at(st, st->sel);
	barchart_bar bars[5] = {
		{ _("Satisfied"), r->satisfied, 0, NULL },
		{ _("Fairly satisfied"), r->fairly, 0, NULL },
		{ _("Dissatisfied"), r->dissatisfied, 0, NULL },
		{ _("Awaiting reply"), r->awaiting, 0, NULL },
		{ _("Unsent"), r->unsent, 0, NULL },
	};
	barchart c = { bars, 5, r->total, r->total > 0 ? r->total : -1, 0, !barchart_blocks_ok() };
	char *rate = fbstats_rate_text(r);
	/* TRANSLATORS: the selected unit or session, its rate, satisfied + fairly satisfied, of the forms returned. */
	char *head = xasprintf(_("%s: satisfaction rate %s (%lld of %lld returned)"), row_label(st, st->sel), rate,
	    r->satisfied + r->fairly, r->returned);
	int used;

	if (rows < 2) {
		free(rate);
		free(head);
		return 0;
	}
	ui_put_cols(y, 1, head, width - 2, ROLE_HINT);
	used = 1 + barchart_draw(&c, y + 1, 2, width - 4, rows - 1);
	free(rate);
	free(head);
	return used;
}

/* The rate of each row shown in the table, as bars out of 100%. */
static int
draw_rates(fbstats_state *st, int y, int rows, int width)
{
	size_t n = st->n - st->first < (size_t)(rows - 1) ? st->n - st->first : (size_t)(rows - 1);
	barchart_bar *bars;
	char **notes;
	barchart c = { NULL, 0, 1000, -1, 0, !barchart_blocks_ok() };

	if (rows < 2 || st->n == 0)
		return 0;
	bars = xcalloc(n ? n : 1, sizeof *bars);
	notes = xcalloc(n ? n : 1, sizeof *notes);
	for (size_t i = 0; i < n; i++) {
		const fbstats_row *r = &st->rows[st->first + i];
		int t = fbstats_rate_tenths(r);

		notes[i] = fbstats_rate_text(r);
		bars[i] = (barchart_bar){ fbstats_key_label(st->by, r->key), t > 0 ? t : 0, 0, notes[i] };
	}
	c.bars = bars;
	c.n = n;
	ui_put_cols(y, 1, st->by == FBSTATS_BY_SESSION ? _("Satisfaction rate by session") : _("Satisfaction rate by handling unit"),
	    width - 2, ROLE_HINT);
	barchart_draw(&c, y + 1, 2, width - 4, rows - 1);
	for (size_t i = 0; i < n; i++)
		free(notes[i]);
	free(notes);
	free(bars);
	return 1 + (int)n;
}

/* "Handling unit: X   Session: Y", or "none" (fresh). */
static char *
filters_text(const fbstats_state *st)
{
	char *u = st->unit ? xasprintf("%s: %s", _("Handling unit"), fbstats_key_label(FBSTATS_BY_UNIT, st->unit)) : NULL;
	char *s = st->session ? xasprintf("%s: %s", _("Session"), fbstats_key_label(FBSTATS_BY_SESSION, st->session)) : NULL;
	char *out = !u && !s ? xstrdup(_("none")) : xasprintf("%s%s%s", u ? u : "", u && s ? "   " : "", s ? s : "");

	free(u);
	free(s);
	return out;
}

static void
fbstats_draw(screen *s, int top, int height, int width)
{
	fbstats_state *st = s->state;
	char *line, *filters;
	int y = top, table_rows, rest;

	if (change_stamp() != st->stamp)
		load(st);
	filters = filters_text(st);
	line = xasprintf(_("%s (t switches)   Filters (f): %s"), st->by == FBSTATS_BY_SESSION ? _("By session") : _("By handling unit"),
	    filters);
	ui_put_cols(y++, 1, line, width - 2, ROLE_HINT);
	free(line);
	free(filters);
	if (st->error) {
		char *msg = xasprintf(_("The statistics cannot be read: %s"), st->error);
		ui_draw_wrapped(y + 1, 2, msg, width - 4, height - 2, ROLE_ERROR);
		free(msg);
		return;
	}
	if (st->n == 0) {
		ui_put_cols(y + 1, 2, st->unit || st->session ? _("No proposals match the filters.") : _("No proposals yet."),
		    width - 4, ROLE_DIM);
		return;
	}
	rest = height - 1;
	/* The table takes what its rows need, up to half the room; the charts the rest (7 rows for the levels). */
	table_rows = (int)st->n + 2;
	if (table_rows > rest - 8)
		table_rows = rest / 2 > rest - 8 ? rest / 2 : rest - 8;
	if (table_rows < 3)
		table_rows = 3;
	y += draw_table(st, y, table_rows, width);
	rest = top + height - y;
	if (rest > 2) {
		y += 1 + draw_levels(st, y + 1, rest - 1 < 6 ? rest - 1 : 6, width);
		rest = top + height - y;
	}
	if (rest > 3)
		draw_rates(st, y + 1, rest - 1, width);
}

/* ---- the keys ----------------------------------------------------------------------------- */

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* Pick a unit or session among those present (all proposals, whatever the filters); "(all)" first. */
static void
pick_value(fbstats_state *st, fbstats_by by)
{
	fbstats_row *rows;
	size_t n, cur = 0;
	char *err = NULL, **cur_val = by == FBSTATS_BY_UNIT ? &st->unit : &st->session;
	const char **labels;
	int k;

	if (fbstats_query(ui_db(), by, &rows, &n, &err) != 0) {
		ui_flash(err ? err : db_error_text(ui_db()));
		free(err);
		return;
	}
	labels = xcalloc(n + 1, sizeof *labels);
	labels[0] = _("(all)");
	for (size_t i = 0; i < n; i++) {
		labels[i + 1] = fbstats_key_label(by, rows[i].key);
		if (*cur_val && strcmp(*cur_val, rows[i].key) == 0)
			cur = i + 1;
	}
	k = dialog_pick(by == FBSTATS_BY_UNIT ? _("Handling unit") : _("Session"), labels, n + 1, cur, NULL);
	if (k >= 0)
		set_str(cur_val, k == 0 ? NULL : rows[k - 1].key);
	free(labels);
	fbstats_free(rows, n);
}

static void
choose_filter(fbstats_state *st)
{
	char *labels[3];
	int k;

	labels[0] = xasprintf("%s: %s", _("Handling unit"), st->unit ? st->unit : _("(all)"));
	labels[1] = xasprintf("%s: %s", _("Session"), st->session ? st->session : _("(all)"));
	labels[2] = xstrdup(_("Clear all filters"));
	k = dialog_pick(_("Filter by"), (const char *const *)labels, 3, 0, NULL);
	for (int i = 0; i < 3; i++)
		free(labels[i]);
	if (k == 0)
		pick_value(st, FBSTATS_BY_UNIT);
	else if (k == 1)
		pick_value(st, FBSTATS_BY_SESSION);
	else if (k == 2) {
		set_str(&st->unit, NULL);
		set_str(&st->session, NULL);
	} else
		return;
	st->sel = st->first = 0;
	load(st);
}

/* Enter on a row: narrow to it and show it the other way (a unit by session, a session by unit). */
static void
drill_down(fbstats_state *st)
{
	if (st->sel >= st->n)
		return;
	if (st->by == FBSTATS_BY_UNIT) {
		set_str(&st->unit, st->rows[st->sel].key);
		st->by = FBSTATS_BY_SESSION;
	} else {
		set_str(&st->session, st->rows[st->sel].key);
		st->by = FBSTATS_BY_UNIT;
	}
	st->sel = st->first = 0;
	load(st);
}

static ui_action
fbstats_key(screen *s, ui_key k)
{
	fbstats_state *st = s->state;
	size_t page = st->view > 1 ? (size_t)st->view - 1 : 1;

	if (k.is_key) {
		switch (k.code) {
		case KEY_UP: if (st->sel > 0) st->sel--; break;
		case KEY_DOWN: if (st->sel < st->n) st->sel++; break;
		case KEY_PPAGE: st->sel = st->sel > page ? st->sel - page : 0; break;
		case KEY_NPAGE: st->sel = st->sel + page < st->n ? st->sel + page : st->n; break;
		case KEY_HOME: st->sel = 0; break;
		case KEY_END: st->sel = st->n; break;
		case KEY_ENTER: drill_down(st); break;
		default: break;
		}
		return UI_STAY;
	}
	switch (k.code) {
	case 27: return UI_BACK;
	case 't':
		st->by = st->by == FBSTATS_BY_UNIT ? FBSTATS_BY_SESSION : FBSTATS_BY_UNIT;
		st->sel = st->first = 0;
		load(st);
		break;
	case 'f': choose_filter(st); break;
	case 'k': if (st->sel > 0) st->sel--; break;
	case 'j': if (st->sel < st->n) st->sel++; break;
	case '\r': case '\n': drill_down(st); break;
	default: break;
	}
	return UI_STAY;
}

static const char *
fbstats_hints(screen *s)
{
	(void)s;
	return _("Up/Down Choose  t Unit/session  f Filter  Enter The other way  Esc Back  F1 Help");
}

static const char *
fbstats_help(screen *s)
{
	(void)s;
	return _("Satisfaction with the handling of proposals, from the returned feedback forms. Each row is a "
	         "handling unit (or a session: t switches): its proposals, the forms returned as satisfied, fairly "
	         "satisfied and dissatisfied, the forms returned, the satisfaction rate ((satisfied + fairly "
	         "satisfied) / returned; a dash when none came back), the forms awaiting reply (sent, not returned) "
	         "and those not sent yet; the last row is the total. Below, the selected row's forms as bars (of its "
	         "proposals) and every row's rate as bars. Up/Down choose a row. f filters by handling unit and "
	         "session. Enter on a unit shows its sessions, on a session its units. Deleted proposals and forms "
	         "are not counted. The same table prints with: lifecircle report feedback.");
}

static void
fbstats_free_screen(screen *s)
{
	fbstats_state *st = s->state;

	fbstats_free(st->rows, st->n);
	free(st->unit);
	free(st->session);
	free(st->error);
	free(st->hints);
	free(st);
}

static const screen_ops fbstats_ops = {
	.name = "fbstats", .draw = fbstats_draw, .key = fbstats_key, .hints = fbstats_hints,
	.free = fbstats_free_screen, .help = fbstats_help,
};

screen *
fbstats_screen_new(const char *unit, const char *session)
{
	fbstats_state *st = xcalloc(1, sizeof *st);

	st->by = unit && !session ? FBSTATS_BY_SESSION : FBSTATS_BY_UNIT;
	st->unit = unit ? xstrdup(unit) : NULL;
	st->session = session ? xstrdup(session) : NULL;
	load(st);
	return ui_screen_new(&fbstats_ops, _("Satisfaction statistics"), st);
}

screen *
fbstats_menu_screen_new(void)
{
	return fbstats_screen_new(NULL, NULL);
}
