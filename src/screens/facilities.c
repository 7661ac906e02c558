/* facilities.c - the facility inventory (设施台账) of one community: kind, name, status, floor area,
 * capacity, date checked and chain, a page at a time over the one list view (keyset pages, FTS
 * search of name and address, bound filters by circle, kind and status, deleted rows and their
 * restore) over facility_list_query (facility.c): the community is a bound condition, and every
 * sortable column has an index on (community, key, id), so 100,000 facilities page without a sort. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "facility.h"
#include "facexport.h"
#include "facimportview.h"
#include "listscreen.h"
#include "listview.h"
#include "record.h"
#include "sheetout.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The list's columns and filters (facility.h's facility_list_query). */
enum { COL_KIND = FACILITY_COL_KIND, COL_NAME = FACILITY_COL_NAME, NCOLS = FACILITY_NCOLS };
enum { COND_COMMUNITY = FACILITY_COND_COMMUNITY, COND_CIRCLE = FACILITY_COND_CIRCLE, COND_KIND = FACILITY_COND_KIND,
       COND_STATUS = FACILITY_COND_STATUS, NCONDS = FACILITY_NCONDS };

static const char *const statuses[] = { "operating", "building", "planned", "closed" };
#define N_STATUSES 4

typedef struct facilities_state {
	listview *lv;
	page_source *ps;            /* owned by lv */
	char community[UUID_TEXT_LEN];
	char *community_label;
	char *cond[NCONDS];         /* the filters' values (COND_COMMUNITY always on) */
	bool searching;
	bool stale;
} facilities_state;

/* ---- cells ------------------------------------------------------------------------------------ */

/* Kind codes and names of the reference data (tens of rows), for the kind column and its filter, in the UI's
 * language. Sorting by kind follows the code (the standard items by number, then the business types by code)
 * in either language: that is what the index facility_community_kind holds, and an index cannot follow a name
 * kept in another table, so the English list keeps the Chinese list's order rather than sort by name. */
static char **kind_codes, **kind_names;
static size_t n_kinds;
static int kinds_users;   /* lists open that read them */

static void
load_kinds(void)
{
	if (kinds_users++ > 0)
		return;
	facility_kind_names(ui_db(), util_ui_language(), &kind_codes, &kind_names, &n_kinds);
}

static void
free_kinds(void)
{
	if (--kinds_users > 0)
		return;
	db_pairs_free(kind_codes, kind_names, n_kinds);
	kind_codes = kind_names = NULL;
	n_kinds = 0;
}

static const char *
format_kind(const char *v)
{
	for (size_t i = 0; i < n_kinds; i++)
		if (strcmp(v, kind_codes[i]) == 0)
			return kind_names[i];
	return v;
}

static const char *
format_status(const char *v)
{
	return facility_status_label(v);
}

/* "40 nursery_places" -> "40 托位". The list copies the text at once: one buffer is enough. */
static const char *
format_capacity(const char *v)
{
	static char *shown;
	const char *sp = strchr(v, ' ');

	free(shown);
	shown = sp ? xasprintf("%.*s %s", (int)(sp - v), v, facility_unit_label(sp + 1)) : xstrdup(v);
	return shown;
}

/* 160.0 -> 160: areas as people write them. */
static const char *
format_area(const char *v)
{
	static char *shown;
	double d;

	free(shown);
	shown = *v && facility_parse_amount(v, FACILITY_MAX_AREA, &d) ? sheetout_number_text(d) : xstrdup(v);
	return shown;
}

static const char *
format_chain(const char *v)
{
	return strcmp(v, "1") == 0 ? _("chain") : "";
}

/* ---- filters ---------------------------------------------------------------------------------- */

static void
set_cond(facilities_state *st, int c, const char *value)
{
	free(st->cond[c]);
	st->cond[c] = value ? xstrdup(value) : NULL;
	st->ps->set_condition(st->ps, facility_list_query()->conds[c].name, value);
}

static const char *
cond_title(int c)
{
	switch (c) {
	case COND_CIRCLE: return _("Circle");
	case COND_KIND: return _("Facility kind");
	default: return _("Status");
	}
}

/* Name of the circle with code v (heap), or a copy of v. */
static char *
circle_name(const char *v)
{
	const char *p[1] = { v };
	char *n = db_query_text(ui_db(), "SELECT name FROM circle WHERE code = ?1", 1, p);

	return n ? n : xstrdup(v);
}

static char *
cond_text(const facilities_state *st, int c)
{
	if (c == COND_CIRCLE)
		return circle_name(st->cond[c]);
	if (c == COND_KIND)
		return xstrdup(format_kind(st->cond[c]));
	return xstrdup(facility_status_label(st->cond[c]));
}

/* Pick one of n values by label; the first row is "all". */
static void
pick_value(facilities_state *st, int c, char **values, const char **labels, size_t n)
{
	const char **rows = xcalloc(n + 1, sizeof *rows);
	size_t cur = 0;
	int k;

	rows[0] = _("(all)");
	for (size_t i = 0; i < n; i++) {
		rows[i + 1] = labels[i];
		if (st->cond[c] && strcmp(st->cond[c], values[i]) == 0)
			cur = i + 1;
	}
	k = dialog_pick(cond_title(c), rows, n + 1, cur, NULL);
	if (k >= 0)
		set_cond(st, c, k == 0 ? NULL : values[k - 1]);
	free(rows);
}

static void
pick_circle(facilities_state *st)
{
	char **codes = NULL, **names = NULL;
	size_t n = 0;

	db_query_pairs(ui_db(), "SELECT code, name FROM circle ORDER BY no", &codes, &names, &n);
	pick_value(st, COND_CIRCLE, codes, (const char **)names, n);
	db_pairs_free(codes, names, n);
}

static void
pick_status(facilities_state *st)
{
	const char *labels[N_STATUSES];

	for (size_t i = 0; i < N_STATUSES; i++)
		labels[i] = facility_status_label(statuses[i]);
	pick_value(st, COND_STATUS, (char **)statuses, labels, N_STATUSES);
}

/* f: which filter, then its value (or all). */
static void
choose_filter(facilities_state *st)
{
	char *labels[NCONDS];
	int k;

	for (int c = COND_CIRCLE; c < NCONDS; c++) {
		char *v = st->cond[c] ? cond_text(st, c) : xstrdup(_("(all)"));
		labels[c - 1] = xasprintf("%s: %s", cond_title(c), v);
		free(v);
	}
	labels[NCONDS - 1] = xstrdup(_("Clear all filters"));
	k = dialog_pick(_("Filter by"), (const char *const *)labels, NCONDS, 0, NULL);
	for (int c = 0; c < NCONDS; c++)
		free(labels[c]);
	switch (k + 1) {
	case COND_CIRCLE: pick_circle(st); break;
	case COND_KIND: pick_value(st, COND_KIND, kind_codes, (const char **)kind_names, n_kinds); break;
	case COND_STATUS: pick_status(st); break;
	case NCONDS:
		for (int c = COND_CIRCLE; c < NCONDS; c++)
			set_cond(st, c, NULL);
		break;
	default: return;
	}
	listview_reload(st->lv);
}

/* ---- the community ---------------------------------------------------------------------------- */

/* Work on community id: the bound condition and the header follow it. */
static void
use_community(facilities_state *st, const char *id)
{
	snprintf(st->community, sizeof st->community, "%s", id);
	free(st->community_label);
	st->community_label = communities_label(id);
	set_cond(st, COND_COMMUNITY, id);
}

/* ---- the keys --------------------------------------------------------------------------------- */

static void
saved(void *ctx, const char *id)
{
	facilities_state *st = ctx;
	(void)id;
	st->stale = true;
}

/* Told by the import preview after it wrote rows. */
static void
saved_any(void *ctx)
{
	((facilities_state *)ctx)->stale = true;
}

/* w: this community's inventory written to a file the importer takes back. */
static void
export_inventory(facilities_state *st)
{
	facexport_opts o = { .what = FACEXPORT_FACILITIES, .community_id = st->community };

	export_ui_run(_("Export the facility inventory"), "facilities", &o);
}

static void
open_form(facilities_state *st, const char *id)
{
	screen *s = facility_form_screen_new(st->community, id, saved, st);

	if (s)
		ui_push(s);
}

static void
append_line(char **text, const char *label, const char *value)
{
	char *t;

	if (!value || !*value)
		return;
	/* TRANSLATORS: a field's label and its value in a facility's details. */
	t = xasprintf(_("%s: %s"), label, value);
	{
		char *all = xasprintf("%s%s%s", *text, **text ? "\n" : "", t);
		free(*text);
		*text = all;
	}
	free(t);
}

/* Enter: the facility in full, every field with its label (choices by label). */
static void
show_facility(facilities_state *st, const char *id)
{
	facility f;
	fieldset fs;
	char *text = xstrdup("");
	int rc = facility_load(ui_db(), id, &f);

	if (rc != 0) {
		ui_flash(rc == 1 ? _("No such facility: it was deleted meanwhile.") : db_error_text(ui_db()));
		facility_free(&f);
		free(text);
		return;
	}
	facility_fieldset(ui_db(), st->community, util_ui_language(), &fs);
	facility_fieldset_keep_estate(ui_db(), &fs, f.estate);
	for (size_t i = 0; i < fs.n; i++) {
		char *v = facility_get(&f, fs.fields[i].name);
		const field_def *d = &fs.fields[i];
		if (!v)
			continue;
		if (d->kind == FIELD_MULTI && *v) {
			/* Circles: each code by its name. */
			char *names = xstrdup(""), *save = NULL, *copy = xstrdup(v);
			for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				const char *l = field_choice_label(d, w);
				char *n = xasprintf("%s%s%s", names, *names ? _(", ") : "", l ? l : w);
				free(names);
				names = n;
			}
			append_line(&text, d->label, names);
			free(names);
			free(copy);
		} else if (d->kind == FIELD_YESNO) {
			append_line(&text, d->label, strcmp(v, "yes") == 0 ? _("yes") : _("no"));
		} else {
			const char *l = field_choice_label(d, v);
			append_line(&text, d->label, l ? l : v);
		}
		free(v);
	}
	dialog_message(f.name, text);
	fieldset_free(&fs);
	facility_free(&f);
	free(text);
}

/* x or Delete: a tombstone, after asking (no is the default). */
static void
delete_selected(void *ctx, const page_row *row)
{
	char *q = xasprintf(_("Delete the facility \"%s\"? It can be restored from the deleted list (d)."),
	    row->cells[COL_NAME]);

	listscreen_delete(((facilities_state *)ctx)->lv, row, q, facility_tombstone,
	    _("No such facility: it was deleted meanwhile."));
	free(q);
}

static int
restore_row(void *ctx, const page_row *row, char **err)
{
	int rc = record_restore(ui_db(), "facility", row->id);

	(void)ctx;
	*err = NULL;
	if (rc != 0) {
		*err = xstrdup(rc == 1 ? _("No such facility.") : record_error_message(rc) ? record_error_message(rc)
		    : db_error_text(ui_db()));
		return -1;
	}
	ui_refresh_status();
	return 0;
}

/* The keys of this screen on the live list; false when k is not one of them. */
static bool
row_key(void *ctx, ui_key k, const page_row *row)
{
	facilities_state *st = ctx;

	if (k.is_key)
		return false;
	switch (k.code) {
	case 'n': open_form(st, NULL); return true;
	case 'i': import_ui_run(&facimport_view_facilities, saved_any, st); return true;
	case 'w': export_inventory(st); return true;
	case 'f': choose_filter(st); return true;
	case 'o': {
		char id[UUID_TEXT_LEN];
		if (communities_switch(id)) {
			use_community(st, id);
			listview_reload(st->lv);
		}
		return true;
	}
	case 'e':
		if (row) {
			char *id = xstrdup(row->id);
			open_form(st, id);
			free(id);
		}
		return true;
	default: return false;
	}
}

static void
open_row(void *ctx, const char *id, const page_row *row)
{
	(void)row;
	show_facility(ctx, id);
}

static ui_action
facilities_key(screen *s, ui_key k)
{
	facilities_state *st = s->state;

	static const listscreen_ops ops = { .row_key = row_key, .open = open_row, .remove = delete_selected };

	return listscreen_key(st->lv, &st->searching, k, &ops, st);
}

/* ---- drawing ---------------------------------------------------------------------------------- */

static void
facilities_draw(screen *s, int top, int height, int width)
{
	facilities_state *st = s->state;
	char *line = xstrdup(""), *t;

	if (st->stale) {
		st->stale = false;
		listview_reload(st->lv);
	}
	t = xasprintf(_("Community: %s   (o: another community)"), st->community_label);
	ui_put_cols(top, 1, t, width - 2, ROLE_TITLE);
	free(t);
	for (int c = COND_CIRCLE; c < NCONDS; c++) {
		char *v;
		if (!st->cond[c])
			continue;
		v = cond_text(st, c);
		listscreen_add_filter(&line, cond_title(c), v);
		free(v);
	}
	listscreen_draw_filters(top + 1, width, line);
	listview_draw(st->lv, top + 2, height - 2, width);
}

static const char *
facilities_hints(screen *s)
{
	facilities_state *st = s->state;

	return listscreen_hints(st->lv, st->searching, _("n New  e Edit  x Delete  f Filter  / Search  o Community  i Import  w Export"));
}

static void
facilities_free(screen *s)
{
	facilities_state *st = s->state;

	listview_free(st->lv);
	for (int c = 0; c < NCONDS; c++)
		free(st->cond[c]);
	free(st->community_label);
	free(st);
	free_kinds();
}

static const char *
facilities_help(screen *s)
{
	(void)s;
	return _("The facility inventory (设施台账) of one community: each facility's kind (a standard item or a "
	         "business type), name, status, floor area, capacity, date last checked and whether it is a chain "
	         "outlet. Up/Down, PgUp/PgDn, Home/End move; Enter shows the facility in full. n enters a new one, "
	         "e edits the selected one, x or Delete deletes it after asking (it can be restored). / searches "
	         "name and address (Chinese words too); Esc clears the search. f filters by circle, kind or status. "
	         "s sorts by the next sortable column (kind, name, floor area, date checked), r reverses; c counts "
	         "the rows. d shows the deleted facilities, where u restores the selected one. o chooses another "
	         "community. i imports facilities from a spreadsheet (CSV or .xlsx), any community's by its code, "
	         "showing every row as new, changed, unchanged or bad before anything is written. w exports "
	         "the inventory as .xlsx or CSV into the export folder (~/lifecircle-exports). Esc goes back.");
}

static const screen_ops facilities_ops = {
	.name = "facilities", .draw = facilities_draw, .key = facilities_key, .hints = facilities_hints,
	.free = facilities_free, .help = facilities_help,
};

screen *
facilities_screen_new(void)
{
	facilities_state *st;
	char id[UUID_TEXT_LEN];
	const listview_col cols[NCOLS] = {
		{ _("Facility kind"), 16, format_kind },
		{ _("Name"), 0, NULL },
		{ _("Status"), 8, format_status },
		{ _("Floor m²"), 9, format_area },
		{ _("Capacity"), 14, format_capacity },
		{ _("Checked"), 10, NULL },
		{ _("Chain"), 5, format_chain },
	};

	if (communities_current_or_say(id) != 0)
		return NULL;
	st = xcalloc(1, sizeof *st);
	load_kinds();
	st->ps = pagesource_sql_new(ui_db(), facility_list_query());
	/* A search walks the sort index keeping the rows of the match set read once: the automatic choice
	 * may walk with an FTS lookup per row, which takes a second when a common word's matches all sort
	 * last (超市 among 100,000 by kind: 1.1 s); the set bounds every page at tens of milliseconds
	 * (bench/facilities.sh). */
	pagesource_sql_set_strategy(st->ps, PAGE_SEARCH_WALK_SET);
	use_community(st, id);
	st->lv = listview_new(st->ps, cols, NCOLS);
	listview_set_restore(st->lv, restore_row, st);
	return ui_screen_new(&facilities_ops, _("Facility inventory"), st);
}
