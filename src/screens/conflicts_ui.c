/* conflicts_ui.c - the 冲突 review screen: the conflicts an import kept, each shown side by side with
 * the record's current version (differences marked), where a person takes the other version or
 * keeps the current one; and the possible duplicates two offices both made, side by side, where m
 * merges one into the other (dupmerge.h). The
 * work is conflict.h's. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "screens.h"
#include "dialog.h"
#include "listscreen.h"
#include "listview.h"
#include "conflict.h"
#include "dupmerge.h"
#include "db.h"
#include "hlc.h"
#include "sync.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Possible duplicates listed at most (the list is made in memory; pairs are few in practice). */
#define DUPLICATES_MAX 2000

/* ---- two versions side by side ------------------------------------------------------------- */

typedef struct compare_state {
	conflict_pair pair;
	long long cid;		/* the conflict, or -1 for a duplicate pair */
	char *id_b;		/* the right record of a duplicate pair */
	int sel, top;
	listview *list;		/* the list below, reloaded after a decision (may be NULL) */
	struct dup_state *dups;	/* the duplicates list below, reloaded after a merge (may be NULL) */
} compare_state;

/* One line of a value: line breaks shown as spaces, controls escaped. */
static char *
flat(const char *v)
{
	char *safe = utf8_escape_controls(v);
	for (char *p = safe; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return safe;
}

static const char *
review_state(const char *reviewed)
{
	if (strcmp(reviewed, "kept") == 0)
		return _("reviewed: the current version kept");
	if (strcmp(reviewed, "took") == 0)
		return _("reviewed: the other version taken");
	return _("not reviewed yet");
}

static void
compare_draw(screen *s, int top, int height, int width)
{
	compare_state *c = s->state;
	conflict_pair *p = &c->pair;
	int label_w = 4, half, y = top + 1, rows;
	char lc[32], rc[32], *line;

	for (int i = 0; i < p->n_fields; i++) {
		int w = (int)utf8_width_cols(conflict_field_label(p->fields[i].name));
		if (w > label_w)
			label_w = w;
	}
	if (label_w > 16)
		label_w = 16;
	half = (width - 4 - label_w - 4) / 2;
	hlc_local_text(p->left_clock, true, lc);
	hlc_local_text(p->right_clock, true, rc);
	line = c->cid >= 0
	    ? xasprintf(_("%s %s · %d of %d fields differ · %s"), conflict_table_label(p->table), p->id, p->n_differ,
	        p->n_fields, review_state(p->reviewed))
	    : xasprintf(_("%s: two records with the same key · %d of %d fields differ"), conflict_table_label(p->table),
	        p->n_differ, p->n_fields);
	ui_put_cols(y++, 2, line, width - 4, ROLE_NORMAL);
	free(line);
	y++;
	/* Column heads: who wrote each side and when. */
	line = c->cid >= 0 ? xasprintf(_("Current (winning): %s %s"), lc, p->left_office)
	                   : xasprintf(_("Record A: %s %s"), lc, p->left_office);
	ui_put_cols(y, 2 + label_w + 4, line, half - 1, ROLE_TITLE);
	free(line);
	line = c->cid >= 0 ? xasprintf(_("Kept aside: %s %s"), rc, p->right_office)
	                   : xasprintf(_("Record B: %s %s"), rc, p->right_office);
	ui_put_cols(y++, 2 + label_w + 4 + half + 1, line, half - 1, ROLE_TITLE);
	free(line);
	if (p->left_gone)
		ui_put_cols(y++, 2, _("The record is not in its list any more."), width - 4, ROLE_ERROR);
	rows = top + height - y;
	if (c->sel < c->top)
		c->top = c->sel;
	if (rows > 0 && c->sel >= c->top + rows)
		c->top = c->sel - rows + 1;
	for (int i = c->top; i < p->n_fields && y < top + height; i++, y++) {
		conflict_field *f = &p->fields[i];
		ui_role role = i == c->sel ? ROLE_SELECTED : ROLE_NORMAL;
		char *l = flat(f->left), *r = flat(f->right);
		if (i == c->sel)
			ui_fill(y, 2, width - 4, role);
		/* The differences are marked where the eye starts, and in colour. */
		ui_put_cols(y, 2, f->differs ? "*" : " ", 1, f->differs ? ROLE_ERROR : role);
		ui_put_cols(y, 4, conflict_field_label(f->name), label_w, role);
		ui_put_cols(y, 4 + label_w + 2, l, half - 1, f->differs && i != c->sel ? ROLE_FIELD : role);
		ui_put_cols(y, 4 + label_w + 2 + half + 1, r, half - 1, f->differs && i != c->sel ? ROLE_FIELD : role);
		free(l);
		free(r);
	}
}

static int
compare_reload(compare_state *c)
{
	conflict_pair_free(&c->pair);
	return conflict_load(ui_db(), c->cid, &c->pair);
}

static ui_action
compare_decide(compare_state *c, bool take)
{
	char *err = NULL;
	int rc;

	if (take && !dialog_ask(_("Take the other version"),
	    _("The record becomes the version kept aside, as a new edit made here (it travels to the other "
	      "offices like any edit). Take it?"), false))
		return UI_STAY;
	rc = take ? conflict_take_other(ui_db(), c->cid, &err) : conflict_dismiss(ui_db(), c->cid, &err);
	if (rc != 0) {
		dialog_message(_("Conflicts"), err);
		free(err);
		return UI_STAY;
	}
	ui_flash(take ? _("The other version was taken as a new edit.") : _("The current version was kept."));
	ui_refresh_status();
	if (c->list)
		listview_reload(c->list);
	if (compare_reload(c) != 0)
		return UI_BACK;
	return UI_STAY;
}

static void dup_reload(struct dup_state *d);

/* The office a side was made at, for a sentence ("" unknown). */
static const char *
side_office(const char *office)
{
	return office && *office ? office : _("unknown office");
}

/* m on two possible duplicates: which one stays, said twice, then one merge (dupmerge.h). */
static ui_action
compare_merge(compare_state *c)
{
	conflict_pair *p = &c->pair;
	char *opt[2], *q, *err = NULL;
	const char *labels[2];
	int keep;
	bool yes;
	dupmerge_result r;

	if (!dupmerge_supported(p->table)) {
		dialog_message(_("Merge"), _("Records of this kind cannot be merged."));
		return UI_STAY;
	}
	opt[0] = xasprintf(_("Keep record A (%s); record B goes into it"), side_office(p->left_office));
	opt[1] = xasprintf(_("Keep record B (%s); record A goes into it"), side_office(p->right_office));
	labels[0] = opt[0];
	labels[1] = opt[1];
	keep = dialog_choose(_("Merge"), _("Which record stays? The other becomes a deleted record that points at it, and "
	    "what belonged to the other (facilities, estates and responses of a community; feedback forms of a "
	    "proposal) moves to the one that stays."), labels, 2);
	free(opt[0]);
	free(opt[1]);
	if (keep < 0)
		return UI_STAY;
	q = keep == 0 ? xasprintf(_("Record A (%s) stays. Record B (%s) is merged into it and leaves the lists. Merge?"),
	        side_office(p->left_office), side_office(p->right_office))
	    : xasprintf(_("Record B (%s) stays. Record A (%s) is merged into it and leaves the lists. Merge?"),
	        side_office(p->right_office), side_office(p->left_office));
	yes = dialog_ask(_("Merge"), q, false);
	free(q);
	if (!yes)
		return UI_STAY;
	if (dupmerge_merge(ui_db(), p->table, keep == 0 ? p->id : c->id_b, keep == 0 ? c->id_b : p->id, &r, &err) != 0) {
		dialog_message(_("Merge"), err);
		free(err);
		return UI_STAY;
	}
	q = xasprintf(_("Merged: %lld records moved to the one that stays."), r.repointed);
	ui_flash(q);
	free(q);
	ui_refresh_status();
	if (c->dups)
		dup_reload(c->dups);
	return UI_BACK;
}

static ui_action
compare_key(screen *s, ui_key k)
{
	compare_state *c = s->state;
	conflict_pair *p = &c->pair;

	if (k.is_key && k.code == KEY_UP) {
		if (c->sel > 0)
			c->sel--;
	} else if (k.is_key && k.code == KEY_DOWN) {
		if (c->sel + 1 < p->n_fields)
			c->sel++;
	} else if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'))) {
		if (p->n_fields > 0) {
			conflict_field *f = &p->fields[c->sel];
			char *l = utf8_escape_controls(f->left), *r = utf8_escape_controls(f->right);
			char *text = xasprintf("%s\n\n%s\n%s\n\n%s\n%s", conflict_field_label(f->name),
			    c->cid >= 0 ? _("Current (winning):") : _("Record A:"), l,
			    c->cid >= 0 ? _("Kept aside:") : _("Record B:"), r);
			dialog_message(_("Field"), text);
			free(text);
			free(l);
			free(r);
		}
	} else if (!k.is_key && k.code == 't' && c->cid >= 0) {
		return compare_decide(c, true);
	} else if (!k.is_key && k.code == 'k' && c->cid >= 0) {
		return compare_decide(c, false);
	} else if (!k.is_key && k.code == 'm' && c->cid < 0 && c->id_b) {
		return compare_merge(c);
	} else if (!k.is_key && k.code == 27) {
		return UI_BACK;
	}
	return UI_STAY;
}

static const char *
compare_hints(screen *s)
{
	compare_state *c = s->state;
	return c->cid >= 0 ? _("Up/Down Field  Enter Whole  t Take the other  k Keep current  Esc Back  F1 Help")
	                   : _("Up/Down Field  Enter Whole  m Merge  Esc Back  F1 Help");
}

static void
compare_free(screen *s)
{
	compare_state *c = s->state;
	conflict_pair_free(&c->pair);
	free(c->id_b);
	free(c);
}

static const char *
compare_help(screen *s)
{
	compare_state *c = s->state;
	if (c->cid < 0)
		return _("Two records that two offices both made with the same key (a community code; a proposal's "
		         "number, session and handling unit), side by side; fields marked * differ. m merges them: you "
		         "choose which one stays, and the other becomes a deleted record that points at it, with what "
		         "belonged to it moved over; the merge travels to the other offices like any edit. Enter shows "
		         "a field whole; Esc goes back.");
	return _("A conflict: the record was edited at two offices from the same version. The left side is the "
	         "record as it is now (the version that won everywhere: the later clock), the right side the "
	         "version kept aside; fields marked * differ. t takes the kept version: the record becomes it as a "
	         "new edit made here, which travels to the other offices like any edit. k keeps the current "
	         "version. Either marks the conflict reviewed. Enter shows a field whole; Esc goes back.");
}

static const screen_ops compare_ops = {
	.name = "compare", .draw = compare_draw, .key = compare_key, .hints = compare_hints,
	.free = compare_free, .help = compare_help,
};

/* ---- the conflicts list ------------------------------------------------------------------- */

static const page_column conflict_cols[] = {
	{ "cid", true, true }, { "state", false, false }, { "tbl", false, false }, { "what", false, false },
	{ "made", false, false },
};
static const page_query conflict_query = {
	.from = "(SELECT rowid AS cid, printf('%012d', rowid) AS key, reviewed AS state, tbl,"
	        " coalesce(json_extract(data, '$.title'), json_extract(data, '$.name'), json_extract(data, '$.form_id'),"
	        " json_extract(data, '$.field'), id) AS what, clock AS made FROM sync_conflict WHERE kind <> 'identical')",
	.id_expr = "key",
	.search_expr = "what",
	.cols = conflict_cols, .ncols = 5,
};

typedef struct conflicts_state {
	listview *lv;		/* first: listscreen_lv_* take the state as the list view */
} conflicts_state;

static const char *
format_state(const char *v)
{
	if (strcmp(v, "kept") == 0)
		return _("kept current");
	if (strcmp(v, "took") == 0)
		return _("took other");
	return _("to review");
}

static const char *
format_clock(const char *v)
{
	static char out[32];
	hlc_local_text(v, true, out);
	return out;
}

static ui_action
conflicts_key(screen *s, ui_key k)
{
	conflicts_state *cs = s->state;
	list_result r = listview_key(cs->lv, k);

	if (r == LIST_BACK)
		return UI_BACK;
	if (r == LIST_OPEN) {
		compare_state *c = xcalloc(1, sizeof *c);
		c->cid = atoll(listview_selected(cs->lv)->cells[0]);
		c->list = cs->lv;
		if (conflict_load(ui_db(), c->cid, &c->pair) != 0) {
			free(c);
			ui_flash(_("The conflict is gone."));
			listview_reload(cs->lv);
			return UI_STAY;
		}
		ui_push(ui_screen_new(&compare_ops, _("Conflict"), c));
	}
	return UI_STAY;
}

static const screen_ops conflicts_ops = {
	.name = "conflicts", .draw = listscreen_lv_draw, .key = conflicts_key, .hints = listscreen_lv_hints,
	.free = listscreen_lv_free,
	.help_text = N_("Conflicts: records edited at two offices from the same version. The later edit won in every "
	    "office; the other was kept aside here. Enter shows the two side by side, where t takes the "
	    "other one and k keeps the current one. / searches; Esc goes back."),
};

screen *
conflicts_screen_new(void)
{
	conflicts_state *cs = xcalloc(1, sizeof *cs);
	listview_col cols[5] = {
		{ _("No."), 4, NULL }, { _("State"), 12, format_state }, { _("Kind"), 12, conflict_table_label },
		{ _("Record"), 0, NULL }, { _("Kept version made"), 19, format_clock },
	};

	cs->lv = listview_new(pagesource_sql_new(ui_db(), &conflict_query), cols, 5);
	return ui_screen_new(&conflicts_ops, _("Conflicts"), cs);
}

/* ---- possible duplicates ------------------------------------------------------------------- */

typedef struct dup_state {
	char **table, **key, **a, **b;
	int n, sel, top;
	long long stale;	/* records that arrived pointing at a record merged away */
	bool cut;
} dup_state;

static int
dup_add(void *arg, const char *table, const char *key, const char *id_a, const char *id_b)
{
	dup_state *d = arg;

	if (d->n >= DUPLICATES_MAX) {
		d->cut = true;
		return 1;
	}
	d->table = xrealloc(d->table, (size_t)(d->n + 1) * sizeof *d->table);
	d->key = xrealloc(d->key, (size_t)(d->n + 1) * sizeof *d->key);
	d->a = xrealloc(d->a, (size_t)(d->n + 1) * sizeof *d->a);
	d->b = xrealloc(d->b, (size_t)(d->n + 1) * sizeof *d->b);
	d->table[d->n] = xstrdup(table);
	d->key[d->n] = flat(key ? key : "");
	d->a[d->n] = xstrdup(id_a);
	d->b[d->n] = xstrdup(id_b);
	d->n++;
	return 0;
}

static void
dup_draw(screen *s, int top, int height, int width)
{
	dup_state *d = s->state;
	int y = top + 1, rows;

	ui_draw_wrapped(y, 2, d->n ? (d->cut ? _("The first 2000 pairs of records that share a key:")
	                                     : _("Pairs of records that share a key, made at two offices:"))
	                           : _("No possible duplicates."), width - 4, 2, ROLE_NORMAL);
	y += 2;
	if (d->stale > 0) {
		char *line = xasprintf(_("%lld records arrived pointing at records merged away (made before the merge "
		                         "reached their office): r moves them to the records kept."), d->stale);
		ui_draw_wrapped(y, 2, line, width - 4, 2, ROLE_ERROR);
		free(line);
		y += 2;
	}
	rows = top + height - y;
	if (d->sel < d->top)
		d->top = d->sel;
	if (rows > 0 && d->sel >= d->top + rows)
		d->top = d->sel - rows + 1;
	for (int i = d->top; i < d->n && y < top + height; i++, y++) {
		ui_role role = i == d->sel ? ROLE_SELECTED : ROLE_NORMAL;
		char *line;
		if (i == d->sel)
			ui_fill(y, 2, width - 4, role);
		ui_put_cols(y, 2, conflict_table_label(d->table[i]), 12, role);
		line = xasprintf("%s", d->key[i]);
		ui_put_cols(y, 16, line, width - 18, role);
		free(line);
	}
}

/* r: the records that arrived pointing at a record merged away, moved to the record kept. */
static void
dup_move_stale(dup_state *d)
{
	char *q = xasprintf(_("Move the %lld records to the records their targets were merged into (each as a new edit that "
	                      "travels to the other offices)?"), d->stale), *err = NULL;
	long long moved = 0;
	bool yes = dialog_ask(_("Merge"), q, false);

	free(q);
	if (!yes)
		return;
	if (dupmerge_repoint_stale(ui_db(), &moved, &err) != 0) {
		dialog_message(_("Merge"), err);
		free(err);
		return;
	}
	q = xasprintf(_("Moved: %lld records."), moved);
	ui_flash(q);
	free(q);
	dup_reload(d);
}

static ui_action
dup_key(screen *s, ui_key k)
{
	dup_state *d = s->state;

	if ((k.is_key && k.code == KEY_UP) || (!k.is_key && k.code == 'k')) {
		if (d->sel > 0)
			d->sel--;
	} else if ((k.is_key && k.code == KEY_DOWN) || (!k.is_key && k.code == 'j')) {
		if (d->sel + 1 < d->n)
			d->sel++;
	} else if (((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'))) && d->n) {
		compare_state *c = xcalloc(1, sizeof *c);
		c->cid = -1;
		c->dups = d;
		if (conflict_load_records(ui_db(), d->table[d->sel], d->a[d->sel], d->b[d->sel], &c->pair) != 0) {
			free(c);
			ui_flash(_("One of the two records is gone."));
			return UI_STAY;
		}
		c->id_b = xstrdup(d->b[d->sel]);
		ui_push(ui_screen_new(&compare_ops, _("Possible duplicates"), c));
	} else if (!k.is_key && k.code == 'r' && d->stale > 0) {
		dup_move_stale(d);
	} else if (!k.is_key && k.code == 27) {
		return UI_BACK;
	}
	return UI_STAY;
}

static const char *
dup_hints(screen *s)
{
	dup_state *d = s->state;
	return d->stale > 0 ? _("Up/Down Move  Enter Side by side  r Move the stray records  Esc Back  F1 Help")
	                    : _("Up/Down Move  Enter Side by side  Esc Back  F1 Help");
}

/* Drop the pairs listed (the state itself stays). */
static void
dup_clear(dup_state *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->table[i]);
		free(d->key[i]);
		free(d->a[i]);
		free(d->b[i]);
	}
	free(d->table);
	free(d->key);
	free(d->a);
	free(d->b);
	d->table = d->key = d->a = d->b = NULL;
	d->n = 0;
	d->cut = false;
}

/* List the pairs again from the database (after a merge), keeping the place in the list. */
static void
dup_reload(dup_state *d)
{
	dup_clear(d);
	if (sync_duplicates_each(ui_db(), dup_add, d) != 0 && !d->cut)
		ui_flash(db_error_text(ui_db()));
	if (d->sel >= d->n)
		d->sel = d->n > 0 ? d->n - 1 : 0;
	d->stale = dupmerge_stale_count(ui_db());
}

static void
dup_free(screen *s)
{
	dup_state *d = s->state;
	dup_clear(d);
	free(d);
}

static const char *
dup_help(screen *s)
{
	(void)s;
	return _("Possible duplicates: two offices made a record with the same key (a community code; a "
	         "proposal's number, session and handling unit). Enter shows the two side by side, where m merges "
	         "them into one. r moves the records that arrived pointing at a record merged away (made at an "
	         "office before the merge reached it) to the record kept. Esc goes back.");
}

static const screen_ops dup_ops = {
	.name = "duplicates", .draw = dup_draw, .key = dup_key, .hints = dup_hints, .free = dup_free,
	.help = dup_help,
};

screen *
duplicates_screen_new(void)
{
	dup_state *d = xcalloc(1, sizeof *d);

	dup_reload(d);
	return ui_screen_new(&dup_ops, _("Possible duplicates"), d);
}
