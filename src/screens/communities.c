/* communities.c - the communities of this database (a subdistrict or district office keeps all of
 * its own) and their estates (小区): the list over the one list view, the entry and edit form over
 * community.h's fieldset (a draft field by field), and which community the facility screens work on
 * (chosen this session, else the office's own). */
#include "config.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "community.h"
#include "db.h"
#include "dialog.h"
#include "facimportview.h"
#include "form.h"
#include "listscreen.h"
#include "listview.h"
#include "settings.h"
#include "util.h"
#include "i18n.h"

/* Most communities a pick list offers: far above a district's, and the list stays a dialog. */
#define PICK_MAX 5000

/* The community chosen this session ("" none): the facility screens work on it. */
static char current_id[UUID_TEXT_LEN];

/* ---- the current community ---------------------------------------------------------------- */

static bool
is_live(const char *id)
{
	const char *p[1] = { id };
	char *hit = *id ? db_query_text(ui_db(), "SELECT id FROM community WHERE id = ?1 AND deleted = 0", 1, p) : NULL;
	bool live = hit != NULL;

	free(hit);
	return live;
}

int
communities_current(char out[UUID_TEXT_LEN])
{
	char *first;

	if (is_live(current_id)) {
		memcpy(out, current_id, UUID_TEXT_LEN);
		return 0;
	}
	if (community_default_id(ui_db(), out) == 0)
		return 0;
	first = db_query_text(ui_db(), "SELECT id FROM community WHERE deleted = 0 ORDER BY code, id LIMIT 1", 0, NULL);
	out[0] = '\0';
	if (!first)
		return 1;
	snprintf(out, UUID_TEXT_LEN, "%s", first);
	free(first);
	return 0;
}

void
communities_set_current(const char *id)
{
	snprintf(current_id, sizeof current_id, "%s", id ? id : "");
}

char *
communities_label(const char *id)
{
	const char *p[1] = { id };
	char *s = db_query_text(ui_db(), "SELECT code || ' ' || name FROM community WHERE id = ?1 AND deleted = 0", 1, p);

	return s ? s : xstrdup("");
}

bool
communities_choose(void)
{
	sqlite3_stmt *st = db_prepare(ui_db(), "SELECT id, code || ' ' || name FROM community WHERE deleted = 0"
	    " ORDER BY code, id LIMIT ?1");
	char **ids = NULL, **labels = NULL, cur[UUID_TEXT_LEN];
	size_t n = 0, sel = 0;
	int k = -1;

	communities_current(cur);
	if (st)
		sqlite3_bind_int(st, 1, PICK_MAX);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		ids = xrealloc(ids, (n + 1) * sizeof *ids);
		labels = xrealloc(labels, (n + 1) * sizeof *labels);
		ids[n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		labels[n] = xstrdup((const char *)sqlite3_column_text(st, 1));
		if (strcmp(ids[n], cur) == 0)
			sel = n;
		n++;
	}
	sqlite3_finalize(st);
	if (n == 0)
		communities_current_or_say(cur);   /* says there is none */
	else
		k = dialog_pick(_("Which community?"), (const char *const *)labels, n, sel, NULL);
	if (k >= 0)
		communities_set_current(ids[k]);
	for (size_t i = 0; i < n; i++) {
		free(ids[i]);
		free(labels[i]);
	}
	free(ids);
	free(labels);
	return k >= 0;
}

bool
communities_switch(char id[UUID_TEXT_LEN])
{
	return communities_choose() && communities_current(id) == 0;
}

int
communities_current_or_say(char id[UUID_TEXT_LEN])
{
	if (communities_current(id) == 0)
		return 0;
	dialog_message(_("No community"), _("There is no community yet: add one under Communities and estates."));
	return 1;
}

/* ---- estates -------------------------------------------------------------------------------- */

typedef struct estate_ctx {
	const char *community_id;
	char *id;           /* out */
} estate_ctx;

/* The dialog's check: adds the estate (or finds the one of that name), or says why not. */
static char *
add_estate_check(const char *text, void *ud)
{
	estate_ctx *c = ud;
	char *err = NULL;

	if (community_add_estate(ui_db(), c->community_id, text, c->id, &err) != 0)
		return err ? err : xstrdup(_("The estate was not saved."));
	return NULL;
}

bool
communities_add_estate(const char *community_id, char out[UUID_TEXT_LEN])
{
	estate_ctx c = { community_id, out };
	char *name = dialog_input(_("New estate"), _("Name of the estate (小区):"), 100, add_estate_check, &c);

	if (!name)
		return false;
	free(name);
	ui_refresh_status();
	return true;
}

/* The dialog's check: renames the estate, or says why not. */
typedef struct rename_ctx {
	const char *estate_id;
	long long moved;	/* out: survey responses that follow the new name */
} rename_ctx;

static char *
rename_estate_check(const char *text, void *ud)
{
	rename_ctx *c = ud;
	char *err = NULL;

	if (community_rename_estate(ui_db(), c->estate_id, text, &c->moved, &err) != 0)
		return err ? err : xstrdup(_("The estate was not renamed."));
	return NULL;
}

/* Rename estate e, asking for the new name (the old one to edit). */
static void
rename_estate(const community_estate *e)
{
	rename_ctx c = { e->id, 0 };
	char *name = dialog_input_text(_("Rename the estate"), _("New name of the estate (小区):"), e->name, 100,
	    rename_estate_check, &c);
	char *msg;

	if (!name)
		return;
	free(name);
	msg = c.moved ? xasprintf(_("Estate renamed; %lld survey responses name it so now."), c.moved)
	    : xstrdup(_("Estate renamed."));
	ui_flash(msg);
	free(msg);
}

/* Delete estate e after asking (no is the default), naming what still names it: it is kept by them. */
static void
delete_estate(const community_estate *e)
{
	long long nf = 0, nr = 0;
	char *q, *err = NULL;

	community_estate_refs(ui_db(), e->id, &nf, &nr);
	q = nf || nr ? xasprintf(_("Delete the estate \"%s\"? %lld facilities and %lld survey responses name it; they "
	                           "keep it (shown as deleted). It can be restored (Deleted estates)."), e->name, nf, nr)
	    : xasprintf(_("Delete the estate \"%s\"? Nothing names it. It can be restored (Deleted estates)."), e->name);
	if (dialog_ask(_("Delete?"), q, false)) {
		int rc = community_delete_estate(ui_db(), e->id, &err);
		if (rc == 0)
			ui_flash(_("Estate deleted."));
		else
			dialog_message(_("Not deleted"), err ? err : _("No such estate: it was deleted meanwhile."));
		free(err);
	}
	free(q);
}

/* The deleted estates of a community: Enter on one restores it after asking. */
static void
deleted_estates_dialog(const char *community_id)
{
	size_t n;
	community_estate *e = community_deleted_estates(ui_db(), community_id, &n);
	const char **labels;
	int k;

	if (n == 0) {
		community_estates_free(e, n);
		dialog_message(_("Deleted estates"), _("No estate of this community is deleted."));
		return;
	}
	labels = xcalloc(n, sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = e[i].name;
	k = dialog_pick(_("Deleted estates: Enter restores"), labels, n, 0, NULL);
	free(labels);
	if (k >= 0) {
		char *q = xasprintf(_("Restore the estate \"%s\"?"), e[k].name), *err = NULL;
		if (dialog_ask(_("Restore?"), q, true)) {
			if (community_restore_estate(ui_db(), e[k].id, &err) == 0)
				ui_flash(_("Estate restored."));
			else
				dialog_message(_("Not restored"), err ? err : "?");
		}
		free(err);
		free(q);
	}
	community_estates_free(e, n);
}

/* What to do with estate e: rename or delete it. */
static void
estate_actions(const community_estate *e)
{
	const char *opts[2] = { _("Rename…"), _("Delete…") };
	int k = dialog_pick(e->name, opts, 2, 0, NULL);

	if (k == 0)
		rename_estate(e);
	else if (k == 1)
		delete_estate(e);
}

/* The estates of a community in a pick list: Enter on one renames or deletes it; the last rows add one
 * and list the deleted ones (to restore); Esc leaves. */
static void
estates_dialog(const char *community_id)
{
	char *who = communities_label(community_id);
	char *title = xasprintf(_("Estates of %s"), who);
	size_t at = SIZE_MAX;

	for (;;) {
		size_t n;
		community_estate *e = community_estates(ui_db(), community_id, &n);
		const char **labels = xcalloc(n + 2, sizeof *labels);
		char added[UUID_TEXT_LEN];
		int k;

		for (size_t i = 0; i < n; i++)
			labels[i] = e[i].name;
		labels[n] = _("Add an estate…");
		labels[n + 1] = _("Deleted estates…");
		k = dialog_pick(title, labels, n + 2, at < n + 2 ? at : n, NULL);
		free(labels);
		at = k >= 0 ? (size_t)k : at;
		if (k >= 0 && (size_t)k < n)
			estate_actions(&e[k]);
		else if (k == (int)n + 1)
			deleted_estates_dialog(community_id);
		else if (k == (int)n && communities_add_estate(community_id, added))
			ui_flash(_("Estate added."));
		community_estates_free(e, n);
		if (k < 0)
			break;
	}
	free(title);
	free(who);
}

/* ---- the form ------------------------------------------------------------------------------- */

/* The office's own community is also its identity in the settings (the status line, the first-start
 * form): after saving it here, the settings follow, so the Settings form cannot bring old values back.
 * NULL, or a fresh message when the settings could not follow. */
static char *
sync_identity(const community *c)
{
	char own[UUID_TEXT_LEN];
	office_identity id;
	char *err = NULL;

	if (community_default_id(ui_db(), own) != 0 || strcmp(own, c->id) != 0)
		return NULL;
	settings_identity_load(ui_db(), &id);
	free(id.community);
	id.community = xstrdup(c->name);
	free(id.subdistrict);
	id.subdistrict = xstrdup(c->subdistrict);
	free(id.district);
	id.district = xstrdup(c->district);
	free(id.office_code);
	id.office_code = xstrdup(c->code);
	free(id.households);
	id.households = c->has_households ? xasprintf("%lld", c->households) : xstrdup("");
	free(id.residents);
	id.residents = c->has_residents ? xasprintf("%lld", c->residents) : xstrdup("");
	if (settings_identity_save(ui_db(), &id, &err) != 0) {
		char *msg = xasprintf(_("The community is saved, but the office's settings could not follow: %s"),
		    err ? err : "?");
		free(err);
		err = msg;
	}
	settings_identity_free(&id);
	return err;
}

typedef struct cform_state {
	fieldset fs;
	form *form;
	community c;          /* as loaded (id "" for a new one) */
	bool *stale;          /* the list to reload after a save, or NULL */
} cform_state;

static ui_action
cform_key(screen *s, ui_key k)
{
	cform_state *st = s->state;
	form_result r = form_key(st->form, k);
	community c;
	const char *bad = NULL;
	char *err = NULL;

	if (r == FORM_CANCEL)
		return UI_BACK;
	if (r != FORM_SAVE)
		return UI_STAY;
	community_init(&c);
	memcpy(c.id, st->c.id, sizeof c.id);
	for (size_t i = 0; i < st->fs.n && !err; i++) {
		char *v = form_get_value(st->form, st->fs.fields[i].name);
		if (community_set(&c, st->fs.fields[i].name, v, &err) != 0)
			bad = st->fs.fields[i].name;
		free(v);
	}
	if (!err && (err = community_validate(&c, &bad)) == NULL && community_save(ui_db(), &c, &err) == 0) {
		char *sync = sync_identity(&c);
		if (sync) {
			dialog_message(_("Not saved"), sync);
			free(sync);
		}
		form_clear_draft(st->form);
		if (!*st->c.id)
			communities_set_current(c.id);
		community_free(&c);
		if (st->stale)
			*st->stale = true;
		ui_refresh_status();
		ui_flash(_("Saved."));
		return UI_BACK;
	}
	if (bad)
		form_set_error(st->form, bad, err);
	else
		dialog_message(_("Not saved"), err ? err : _("The database refused the change."));
	free(err);
	community_free(&c);
	return UI_STAY;
}

static void
cform_draw(screen *s, int top, int height, int width)
{
	cform_state *st = s->state;
	form_draw(st->form, top, height, width);
}

static const char *
cform_hints(screen *s)
{
	cform_state *st = s->state;
	return form_hints(st->form);
}

static bool
cform_dirty(screen *s)
{
	cform_state *st = s->state;
	return form_dirty(st->form);
}

static void
cform_flush(screen *s)
{
	cform_state *st = s->state;
	form_flush(st->form);
}

static void
cform_free(screen *s)
{
	cform_state *st = s->state;

	form_free(st->form);
	fieldset_free(&st->fs);
	community_free(&st->c);
	free(st);
}

static const char *
cform_help(screen *s)
{
	(void)s;
	return _("A community: its code (2 to 16 letters, digits, - or _; one code per community), name, "
	         "subdistrict, district, households, residents, land area in m², whether it is an old estate "
	         "built before 2005 (some standard items may then be met the other way the standard allows) and "
	         "whether it is a new or an existing community (the standard asks more of new ones). Tab or Enter "
	         "goes on, F2 or Ctrl-S saves, Esc cancels and asks before throwing typing away. Typing is kept as "
	         "a draft field by field.");
}

static const screen_ops cform_ops = {
	.name = "community_form", .draw = cform_draw, .key = cform_key, .hints = cform_hints,
	.dirty = cform_dirty, .flush = cform_flush, .free = cform_free, .help = cform_help,
};

/* The entry (id NULL) or edit screen of a community; NULL with a message when it is gone. */
static screen *
community_form_new(const char *id, bool *stale)
{
	cform_state *st = xcalloc(1, sizeof *st);
	char *key, *title;
	screen *s;

	st->stale = stale;
	if (id && community_load(ui_db(), id, &st->c) != 0) {
		ui_flash(_("No such community: it was deleted meanwhile."));
		community_free(&st->c);
		free(st);
		return NULL;
	}
	if (!id)
		community_init(&st->c);
	community_fieldset(&st->fs);
	key = id ? xasprintf("community:%s", id) : xstrdup("community:new");
	st->form = form_new(&st->fs, key);
	free(key);
	for (size_t i = 0; id && i < st->fs.n; i++) {
		char *v = community_get(&st->c, st->fs.fields[i].name);
		form_set_value(st->form, st->fs.fields[i].name, v);
		free(v);
	}
	if (form_restore_draft(st->form) > 0 && form_dirty(st->form))
		ui_flash(_("Restored what you typed last time (not saved yet)."));
	title = id ? xasprintf(_("Community %s %s"), st->c.code, st->c.name) : xstrdup(_("New community"));
	s = ui_screen_new(&cform_ops, title, st);
	free(title);
	return s;
}

/* ---- the list ------------------------------------------------------------------------------- */

enum { COL_CURRENT, COL_CODE, COL_NAME, COL_SUBDISTRICT, COL_HOUSEHOLDS, COL_DEVELOPMENT, COL_OLD, COL_ESTATES,
       NCOLS };

/* A district keeps a few hundred communities at most: sorting them by code or name needs no index. */
static const page_column community_cols[NCOLS] = {
	{ "id", false, false },
	{ "code", false, true },
	{ "name", false, true },
	{ "subdistrict", false, false },
	{ "households", true, false },
	{ "development", false, false },
	{ "old_estate", false, false },
	{ "(SELECT count(*) FROM estate e WHERE e.community = community.id AND e.deleted = 0)", true, false },
};

static const page_query community_query = {
	/* Live communities, or the deleted ones (d), to restore. */
	.from = "community", .id_expr = "id", .deleted_col = "deleted",
	.search_expr = "code || ' ' || name || ' ' || subdistrict || ' ' || district",
	.cols = community_cols, .ncols = NCOLS,
};

typedef struct communities_state {
	listview *lv;
	bool searching;
	bool stale;
} communities_state;

static const char *
format_current(const char *id)
{
	char cur[UUID_TEXT_LEN];

	return communities_current(cur) == 0 && strcmp(cur, id) == 0 ? "*" : "";
}

static const char *
format_development(const char *v)
{
	return strcmp(v, "new") == 0 ? _("new community") : _("existing community");
}

static const char *
format_old(const char *v)
{
	return strcmp(v, "1") == 0 ? _("old estate") : "";
}

static void
push(screen *s)
{
	if (s)
		ui_push(s);
}

/* Enter on a community: it becomes the one worked on, and the user says what to open. */
static void
open_actions(communities_state *st, const char *id)
{
	const char *opts[5] = { _("Facilities"), _("Estates (小区)"), _("Outlet list"), _("Gap report"),
	                        _("Edit the community") };
	char *who = communities_label(id);
	int k = dialog_pick(who, opts, 5, 0, NULL);

	free(who);
	if (k < 0)
		return;
	communities_set_current(id);
	switch (k) {
	case 0: push(facilities_screen_new()); break;
	case 1: estates_dialog(id); break;
	case 2: push(outlets_screen_new()); break;
	case 3: push(gaps_screen_new()); break;
	default: push(community_form_new(id, &st->stale)); break;
	}
	listview_reload(st->lv);
}

/* Told by the import preview after it wrote rows: the list reloads when drawn next. */
static void
imported(void *ctx)
{
	((communities_state *)ctx)->stale = true;
}

/* n, i, e and h; false when k is not one of them (or names the selected row and there is none). */
static bool
row_key(void *ctx, ui_key k, const page_row *row)
{
	communities_state *st = ctx;
	char *id;

	if (k.is_key)
		return false;
	if (k.code == 'n') {
		push(community_form_new(NULL, &st->stale));
		return true;
	}
	if (k.code == 'i') {
		import_ui_run(&facimport_view_communities, imported, st);
		return true;
	}
	if ((k.code != 'e' && k.code != 'h') || !row)
		return false;
	id = xstrdup(row->id);   /* a dialog redraws the list */
	if (k.code == 'e')
		push(community_form_new(id, &st->stale));
	else
		estates_dialog(id);
	free(id);
	listview_reload(st->lv);
	return true;
}

static void
open_row(void *ctx, const char *id, const page_row *row)
{
	(void)row;
	open_actions(ctx, id);
}

/* x or Delete: refused with the reason (the office's own; facilities or survey responses still belong
 * to it), else a tombstone after asking (no is the default), naming the estates kept with it. */
static void
delete_selected(void *ctx, const page_row *row)
{
	communities_state *st = ctx;
	char *why = community_delete_problem(ui_db(), row->id), *q;
	community_refs r = { 0, 0, 0 };

	if (why) {
		char *msg = xasprintf(_("The community %s %s cannot be deleted: %s"), row->cells[COL_CODE],
		    row->cells[COL_NAME], why);
		dialog_message(_("Not deleted"), msg);
		free(msg);
		free(why);
		return;
	}
	community_refs_count(ui_db(), row->id, &r);
	q = r.estates > 0
	    ? xasprintf(_("Delete the community %s %s? Its %lld estates are kept with it. It can be restored from the "
	                  "deleted list (d)."), row->cells[COL_CODE], row->cells[COL_NAME], r.estates)
	    : xasprintf(_("Delete the community %s %s? It can be restored from the deleted list (d)."),
	        row->cells[COL_CODE], row->cells[COL_NAME]);
	listscreen_delete(st->lv, row, q, community_delete, _("No such community: it was deleted meanwhile."));
	free(q);
	ui_refresh_status();
}

static int
restore_row(void *ctx, const page_row *row, char **err)
{
	(void)ctx;
	if (community_restore(ui_db(), row->id, err) != 0)
		return -1;
	ui_refresh_status();
	return 0;
}

static ui_action
communities_key(screen *s, ui_key k)
{
	static const listscreen_ops ops = { .row_key = row_key, .open = open_row, .remove = delete_selected };
	communities_state *st = s->state;

	return listscreen_key(st->lv, &st->searching, k, &ops, st);
}

static void
communities_draw(screen *s, int top, int height, int width)
{
	communities_state *st = s->state;

	if (st->stale) {
		st->stale = false;
		listview_reload(st->lv);
	}
	ui_put_cols(top, 1, _("* the community the facility screens work on"), width - 2, ROLE_DIM);
	listview_draw(st->lv, top + 1, height - 1, width);
}

static const char *
communities_hints(screen *s)
{
	communities_state *st = s->state;

	return listscreen_hints(st->lv, st->searching, _("Enter Open  n New  e Edit  h Estates  x Delete  d Deleted  i Import  / Search  Esc Back"));
}

static void
communities_free(screen *s)
{
	communities_state *st = s->state;

	listview_free(st->lv);
	free(st);
}

static const char *
communities_help(screen *s)
{
	(void)s;
	return _("The communities of this database: a community office keeps its own, a subdistrict or district "
	         "office all of theirs. The one marked * is the community the facility screens work on (the "
	         "office's own unless another was chosen). Enter makes the selected community the one worked on "
	         "and opens its facilities, its estates, its outlet list, its gap report or its form. n enters a "
	         "new community, e edits the selected one, h lists its estates (小区): Enter on one renames or deletes it, "
	         "the last rows add one or list the deleted ones to restore. x or Delete deletes the selected community after "
	         "asking (a tombstone; its estates are kept with it); the office's own community, and one that facilities or "
	         "survey responses still belong to, cannot be deleted (the message says how many). d shows the deleted "
	         "communities, where u restores the selected one. i imports communities "
	         "from a spreadsheet (CSV or .xlsx), showing every row as new, changed, unchanged or bad before anything is written. / searches "
	         "code, name, subdistrict and district; s sorts by code or name, r reverses. Esc goes back.");
}

static const screen_ops communities_ops = {
	.name = "communities", .draw = communities_draw, .key = communities_key, .hints = communities_hints,
	.free = communities_free, .help = communities_help,
};

screen *
communities_screen_new(void)
{
	communities_state *st = xcalloc(1, sizeof *st);
	const listview_col cols[NCOLS] = {
		{ "", 1, format_current },
		{ _("Code"), 10, NULL },
		{ _("Community"), 0, NULL },
		{ _("Subdistrict"), 10, NULL },
		{ _("Households"), 8, NULL },
		{ _("New/existing"), 9, format_development },
		{ _("Built"), 8, format_old },
		{ _("Estates"), 6, NULL },
	};

	st->lv = listview_new(pagesource_sql_new(ui_db(), &community_query), cols, NCOLS);
	listview_set_restore(st->lv, restore_row, st);
	return ui_screen_new(&communities_ops, _("Communities and estates"), st);
}
