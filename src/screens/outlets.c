/* outlets.c - the outlet list (业态店铺清单) of the current community: every business type of
 * data/business_types.tsv with its operating outlets and chain outlets, and the share of chain
 * outlets against the task list's 30% target (gaps_outlets in gaps.c does the counting). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "gaps.h"
#include "outletsum.h"
#include "sheetout.h"
#include "textview.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

typedef struct outlets_state {
	char community[UUID_TEXT_LEN];
	textview *tv;
	bool all;		/* a: the summary across every community of the file */
} outlets_state;

static void
add_types(textview *tv, const gap_outlets *o)
{
	const char *head[5] = { _("Business type"), _("Operating"), _("Chain"), _("Chain share counts"),
	                        _("Planned or building") };
	size_t w[5];
	char *line;

	for (int i = 0; i < 5; i++)
		w[i] = utf8_width_cols(head[i]);
	for (size_t i = 0; i < o->n; i++)
		if (utf8_width_cols(o->types[i].name) > w[0])
			w[0] = utf8_width_cols(o->types[i].name);
	line = utf8_row_cols(head, w, 5);
	textview_add(tv, ROLE_TITLE, line);
	free(line);
	for (size_t i = 0; i < o->n; i++) {
		const gap_outlet *t = &o->types[i];
		char n1[16], n2[16], n3[16];
		const char *cells[5] = { t->name, n1, n2, t->chain_countable ? _("yes") : _("no"), n3 };
		snprintf(n1, sizeof n1, "%d", t->operating);
		snprintf(n2, sizeof n2, "%d", t->chains);
		snprintf(n3, sizeof n3, "%d", t->pending);
		line = utf8_row_cols(cells, w, 5);
		textview_add(tv, t->operating ? ROLE_NORMAL : ROLE_DIM, line);
		free(line);
	}
}

static void
add_share(textview *tv, const gap_outlets *o)
{
	char *target = sheetout_number_text(o->target_percent);

	textview_add(tv, ROLE_NORMAL, "");
	textview_addf(tv, ROLE_NORMAL, _("Outlets: %d operating, %d of them of types the chain share counts."),
	    o->outlets, o->countable);
	if (!o->share_known) {
		textview_addf(tv, ROLE_DIM, _("Chain share: not checkable (no operating outlet of a type it counts); target ≥ %s%%."),
		    target);
	} else {
		char *share = sheetout_number_text((double)(long long)(o->share_percent * 10 + 0.5) / 10);
		textview_addf(tv, o->target_met ? ROLE_HINT : ROLE_ERROR,
		    _("Chain share: %d of %d outlets are chain outlets (%s%%); target ≥ %s%%: %s"),
		    o->chains, o->countable, share, target, o->target_met ? _("met") : _("not met"));
		free(share);
	}
	free(target);
}

/* The summary across communities (a), its lines styled as the core says. */
static void
build_all(outlets_state *st)
{
	static const ui_role roles[] = { [OUTLETSUM_TITLE] = ROLE_TITLE, [OUTLETSUM_PLAIN] = ROLE_NORMAL,
	    [OUTLETSUM_DIM] = ROLE_DIM, [OUTLETSUM_MET] = ROLE_HINT, [OUTLETSUM_NOT_MET] = ROLE_ERROR };
	outletsum s;
	outletsum_line *l;
	size_t n;
	char *err = NULL;

	if (outletsum_build(ui_db(), util_ui_language(), &s, &err) != 0) {
		textview_add(st->tv, ROLE_ERROR, err ? err : "");
		free(err);
		return;
	}
	l = outletsum_lines(&s, &n);
	for (size_t i = 0; i < n; i++)
		textview_add(st->tv, roles[l[i].style], l[i].text);
	outletsum_lines_free(l, n);
	outletsum_free(&s);
}

static void
build(outlets_state *st)
{
	gap_outlets o;
	char *err = NULL, *who;

	textview_clear(st->tv);
	if (st->all) {
		build_all(st);
		return;
	}
	who = communities_label(st->community);
	textview_addf(st->tv, ROLE_TITLE, _("Community: %s   (o: another community)"), who);
	free(who);
	if (gaps_outlets(ui_db(), st->community, util_ui_language(), &o, &err) != 0) {
		textview_add(st->tv, ROLE_ERROR, err ? err : "");
		free(err);
		return;
	}
	textview_add(st->tv, ROLE_NORMAL, "");
	add_types(st->tv, &o);
	add_share(st->tv, &o);
	gaps_outlets_free(&o);
}

static void
outlets_draw(screen *s, int top, int height, int width)
{
	outlets_state *st = s->state;
	textview_draw(st->tv, top, height, width);
}

static ui_action
outlets_key(screen *s, ui_key k)
{
	outlets_state *st = s->state;
	ui_action act = UI_STAY;

	if (textview_screen_key(st->tv, k, &act))
		return act;
	if (!k.is_key && k.code == 'o' && communities_switch(st->community)) {
		st->all = false;
		build(st);
	} else if (!k.is_key && k.code == 'a') {
		st->all = !st->all;
		build(st);
	}
	return UI_STAY;
}

static const char *
outlets_hints(screen *s)
{
	outlets_state *st = s->state;

	return st->all ? _("Up/Down PgUp/PgDn Scroll  a One community  o Community  F1 Help  Esc Back")
	    : _("Up/Down PgUp/PgDn Scroll  a All communities  o Community  F1 Help  Esc Back");
}

static void
outlets_free(screen *s)
{
	outlets_state *st = s->state;

	textview_free(st->tv);
	free(st);
}

static const char *
outlets_help(screen *s)
{
	(void)s;
	return _("The outlet list (业态店铺清单) of the community: each business type with its operating outlets, "
	         "how many of them are chain outlets, and the planned or building ones (not counted). Below it, the "
	         "share of chain outlets among the operating outlets of the types the chain share counts (a column "
	         "of data/business_types.tsv), against the task list's target of 30%. a shows the summary across every "
	         "community of the file (each business type's outlets and how many communities have one, the chain share "
	         "of all, each community's share and how many meet the target) and a again the one community. o chooses "
	         "another community; Up/Down and PgUp/PgDn scroll; Esc goes back.");
}

static const screen_ops outlets_ops = {
	.name = "outlets", .draw = outlets_draw, .key = outlets_key, .hints = outlets_hints,
	.free = outlets_free, .help = outlets_help,
};

screen *
outlets_screen_new(void)
{
	outlets_state *st;
	char id[UUID_TEXT_LEN];

	if (communities_current_or_say(id) != 0)
		return NULL;
	st = xcalloc(1, sizeof *st);
	memcpy(st->community, id, sizeof id);
	st->tv = textview_new();
	build(st);
	return ui_screen_new(&outlets_ops, _("Outlet list"), st);
}
