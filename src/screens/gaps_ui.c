/* gaps_ui.c - the gap report on screen (include/gaps.h builds it): for the current community each of
 * the 20 standard items with a clear mark (met, below the standard and by how much, missing, not
 * checkable and what data is missing), the facilities planned but not counted, and the indicators
 * with value, target and kind; key a shows every community of the file with the summary across them. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "dialog.h"
#include "facexport.h"
#include "gaps.h"
#include "settings.h"
#include "sheetout.h"
#include "textview.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

typedef struct gaps_state {
	char community[UUID_TEXT_LEN];
	bool all;            /* every community and the summary */
	textview *tv;
} gaps_state;

/* A mark that reads without colour: ✓ met, ! below, ✗ missing, ? not checkable. */
static const char *
mark(gap_status s)
{
	switch (s) {
	case GAP_MET: return "✓";
	case GAP_BELOW: return "!";
	case GAP_MISSING: return "✗";
	default: return "?";
	}
}

static ui_role
role_of(gap_status s)
{
	switch (s) {
	case GAP_MET: return ROLE_HINT;
	case GAP_BELOW: case GAP_MISSING: return ROLE_ERROR;
	default: return ROLE_DIM;
	}
}

static void
add_heading(textview *tv, const gap_report *r)
{
	textview_addf(tv, ROLE_TITLE, _("Gap report: %s %s (%s%s)"), r->code, r->name,
	    r->is_new ? _("new community") : _("existing community"), r->old_estate ? _(", old estate") : "");
	textview_addf(tv, ROLE_NORMAL, _("Standard items: %d met, %d below the standard, %d missing, %d not checkable"),
	    r->n_status[GAP_MET], r->n_status[GAP_BELOW], r->n_status[GAP_MISSING], r->n_status[GAP_UNCHECKABLE]);
	textview_add(tv, ROLE_NORMAL, "");
}

static void
add_items(textview *tv, const gap_report *r)
{
	size_t w = 0;

	for (int s = 0; s < 4; s++)
		if (utf8_width_cols(gaps_status_label((gap_status)s)) > w)
			w = utf8_width_cols(gaps_status_label((gap_status)s));
	for (size_t i = 0; i < r->n_items; i++) {
		const gap_item *it = &r->items[i];
		char *label = utf8_pad_cols(gaps_status_label(it->status), w);
		textview_addf(tv, role_of(it->status), "%2d %s %s  %s", it->no, mark(it->status), label, it->name);
		free(label);
		if (*it->detail)
			textview_addf(tv, ROLE_NORMAL, "     %s", it->detail);
		if (*it->pending)
			textview_addf(tv, ROLE_DIM, _("     not counted: %s"), it->pending);
	}
}

static void
add_indicators(textview *tv, const gap_report *r)
{
	textview_add(tv, ROLE_NORMAL, "");
	textview_add(tv, ROLE_TITLE, _("Indicators"));
	for (size_t i = 0; i < r->n_indicators; i++) {
		const gap_indicator *g = &r->indicators[i];
		char *target = sheetout_number_text(g->target);
		char *value = g->known ? sheetout_number_text(g->value) : xstrdup("—");
		const char *kind = strcmp(g->kind, "binding") == 0 ? _("binding") : _("expected");
		const char *verdict = !g->known ? _("not checkable") : g->met ? _("met") : _("not met");
		const char *m = !g->known ? "?" : g->met ? "✓" : "✗";
		/* TRANSLATORS: mark, verdict, indicator, value and unit, target's operator, target, unit, kind. */
		textview_addf(tv, !g->known ? ROLE_DIM : g->met ? ROLE_HINT : ROLE_ERROR, _("%s %s  %s: %s %s (target %s %s %s, %s)"),
		    m, verdict, g->name, value, g->known ? g->unit : "", strcmp(g->op, ">=") == 0 ? "≥" : "=", target, g->unit,
		    kind);
		if (*g->detail)
			textview_addf(tv, ROLE_NORMAL, "     %s", g->detail);
		free(target);
		free(value);
	}
}

/* The summary across communities: one line each, then the shares. */
static void
add_summary(textview *tv, const gap_report *r, size_t n)
{
	gap_summary s;

	textview_add(tv, ROLE_TITLE, _("Summary of all communities"));
	for (size_t i = 0; i < n; i++) {
		const gap_indicator *area = gaps_find_indicator(&r[i], GAPS_IND_AREA_PER_100);
		char *v = area && area->known ? sheetout_number_text(area->value) : xstrdup("—");
		textview_addf(tv, ROLE_NORMAL, _("%s %s: %d met, %d below, %d missing, %d not checkable; %s m² per 100 "
		    "households; service facility: %s; elderly care: %s"), r[i].code, r[i].name, r[i].n_status[GAP_MET],
		    r[i].n_status[GAP_BELOW], r[i].n_status[GAP_MISSING], r[i].n_status[GAP_UNCHECKABLE], v,
		    r[i].has_service ? _("yes") : _("no"), r[i].has_elderly ? _("yes") : _("no"));
		free(v);
	}
	gaps_summarize(r, n, &s);
	{
		char *p1 = sheetout_number_text(n ? 100.0 * (double)s.with_service / (double)n : 0);
		char *p2 = sheetout_number_text(n ? 100.0 * (double)s.with_elderly / (double)n : 0);
		textview_add(tv, ROLE_NORMAL, "");
		textview_addf(tv, ROLE_HINT, _("Coverage of community service facilities: %zu of %zu communities (%s%%)"),
		    s.with_service, n, p1);
		textview_addf(tv, ROLE_HINT, _("Coverage of elderly-care facilities: %zu of %zu communities (%s%%)"),
		    s.with_elderly, n, p2);
		textview_addf(tv, ROLE_HINT, _("Communities meeting the service facility area per 100 households: %zu of %zu (%zu computable)"),
		    s.area_met, n, s.area_known);
		free(p1);
		free(p2);
	}
	textview_add(tv, ROLE_NORMAL, "");
}

static void
build(gaps_state *st)
{
	char *err = NULL;

	textview_clear(st->tv);
	if (st->all) {
		size_t n;
		gap_report *r = gaps_build_all(ui_db(), util_ui_language(), &n, &err);
		if (!r) {
			textview_add(st->tv, ROLE_ERROR, err ? err : _("There is no community yet."));
		} else {
			add_summary(st->tv, r, n);
			for (size_t i = 0; i < n; i++) {
				textview_add(st->tv, ROLE_NORMAL, "");
				add_heading(st->tv, &r[i]);
				add_items(st->tv, &r[i]);
				add_indicators(st->tv, &r[i]);
			}
			gaps_free_all(r, n);
		}
	} else {
		gap_report r;
		if (gaps_build(ui_db(), st->community, util_ui_language(), &r, &err) != 0) {
			textview_add(st->tv, ROLE_ERROR, err ? err : "");
		} else {
			add_heading(st->tv, &r);
			add_items(st->tv, &r);
			add_indicators(st->tv, &r);
			gaps_free(&r);
		}
	}
	free(err);
}

static void
gapsui_draw(screen *s, int top, int height, int width)
{
	gaps_state *st = s->state;
	textview_draw(st->tv, top, height, width);
}

/* e: the report as shown (one community, or all with the summary) written to a file. */
static void
export_gaps(gaps_state *st)
{
	facexport_opts o = { .what = FACEXPORT_GAPS };
	gap_report *r;
	char *err = NULL;
	size_t n = 0;

	if (st->all) {
		r = gaps_build_all(ui_db(), util_ui_language(), &n, &err);
	} else {
		r = xcalloc(1, sizeof *r);
		if (gaps_build(ui_db(), st->community, util_ui_language(), r, &err) == 0) {
			n = 1;
			o.community_id = st->community;
		} else {
			free(r);
			r = NULL;
		}
	}
	if (!r) {
		dialog_message(_("Export the gap report"), err ? err : _("There is no community yet."));
		free(err);
		return;
	}
	o.gaps = r;
	o.ngaps = n;
	export_ui_run(_("Export the gap report"), "gaps", &o);
	gaps_free_all(r, n);
}

static ui_action
gapsui_key(screen *s, ui_key k)
{
	gaps_state *st = s->state;
	ui_action act = UI_STAY;

	if (textview_screen_key(st->tv, k, &act))
		return act;
	if (!k.is_key && k.code == 'o' && communities_switch(st->community)) {
		st->all = false;
		build(st);
	} else if (!k.is_key && k.code == 'e') {
		export_gaps(st);
	} else if (!k.is_key && k.code == 'a') {
		st->all = !st->all;
		build(st);
	} else if (k.is_key && k.code == KEY_F(5)) {
		build(st);   /* the inventory may have changed in another program */
	}
	return UI_STAY;
}

static const char *
gapsui_hints(screen *s)
{
	gaps_state *st = s->state;
	return st->all ? _("PgUp/PgDn Scroll  a One community  o Community  e Export  F5 Again  Esc Back")
	               : _("PgUp/PgDn Scroll  a All communities  o Community  e Export  F5 Again  Esc Back");
}

static void
gapsui_free(screen *s)
{
	gaps_state *st = s->state;

	textview_free(st->tv);
	free(st);
}

static const char *
gapsui_help(screen *s)
{
	(void)s;
	return _("The gap report: the community's operating facilities against the 20 items of the complete-community "
	         "standard. Each item is marked ✓ met, ! below the standard (with by how much), ✗ missing, or ? not "
	         "checkable from the data (with what data is missing); planned facilities and those under "
	         "construction are named but not counted. Below them the indicators the data can compute, with "
	         "value, target and kind (binding or expected). a shows every community of the file with a summary "
	         "across them (a again goes back to one; a subdistrict or district office starts there); o chooses "
	         "another community; F5 builds the report again. "
	         "Up/Down and PgUp/PgDn scroll; Esc goes back. The same report is `lifecircle report gaps`.");
}

static const screen_ops gaps_ops = {
	.name = "gaps", .draw = gapsui_draw, .key = gapsui_key, .hints = gapsui_hints, .free = gapsui_free, .help = gapsui_help,
};

screen *
gaps_screen_new(void)
{
	gaps_state *st;
	char id[UUID_TEXT_LEN];

	if (communities_current_or_say(id) != 0)
		return NULL;
	st = xcalloc(1, sizeof *st);
	memcpy(st->community, id, sizeof id);
	st->tv = textview_new();
	{
		/* A subdistrict or district office keeps all of its communities: it starts on the summary. */
		char *kind = settings_get(ui_db(), "office_kind");
		st->all = kind && (strcmp(kind, "subdistrict") == 0 || strcmp(kind, "district") == 0);
		free(kind);
	}
	build(st);
	return ui_screen_new(&gaps_ops, _("Gap report"), st);
}
