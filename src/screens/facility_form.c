/* facility_form.c - the entry and edit screen of a facility (设施) over facility.h's fieldset: it asks
 * what fits the kind chosen (capacity only for a kind that counts one, labelled with its unit: a
 * kindergarten's classes, a parcel locker's slots; the unit only when the kind has several), checks
 * it through facility_validate, and writes through facility_save (one transaction). F5 adds an
 * estate (小区) to the community on the spot. Typing is kept as a draft field by field under
 * "facility:<id>" or "facility:new:<community>", so a closed terminal loses at most the field being typed. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "facility.h"
#include "form.h"
#include "util.h"
#include "i18n.h"

typedef struct fform_state {
	fieldset fs;
	form *form;
	facility f;             /* as loaded (id "" for a new one); its community is the one entered in */
	char *kind;             /* the kind the capacity label was made for */
	facility_saved_fn saved;
	void *ctx;
} fform_state;

/* Label the capacity with the units the chosen kind counts ("Capacity (classes)"), when the kind changed. */
static void
fit_kind(fform_state *st)
{
	char *kind = form_get_value(st->form, "kind");
	int cap = fieldset_find(&st->fs, "capacity");

	if (cap >= 0 && (!st->kind || strcmp(kind, st->kind) != 0)) {
		free(st->fs.fields[cap].label);
		st->fs.fields[cap].label = facility_capacity_label(ui_db(), kind);
	}
	free(st->kind);
	st->kind = kind;
}

/* The facility as the form has it, on a copy of the loaded one; its unit filled in when the kind counts only one. */
static void
take_values(fform_state *st, facility *f, char **err, const char **bad)
{
	facility_init(f);
	memcpy(f->id, st->f.id, sizeof f->id);
	free(f->community);
	f->community = xstrdup(st->f.community);
	for (size_t i = 0; i < st->fs.n && !*err; i++) {
		char *v = form_get_value(st->form, st->fs.fields[i].name);
		if (facility_set(f, st->fs.fields[i].name, v, err) != 0)
			*bad = st->fs.fields[i].name;
		free(v);
	}
	if (!*err)
		facility_default_unit(ui_db(), f);
}

static bool
save(fform_state *st)
{
	facility f;
	char *err = NULL;
	const char *bad = NULL;
	int i;

	take_values(st, &f, &err, &bad);
	if (!err && (err = facility_validate(ui_db(), &f, util_ui_language(), &bad)) == NULL && facility_save(ui_db(), &f, &err) == 0) {
		facility_free(&st->f);
		st->f = f;
		return true;
	}
	i = bad ? fieldset_find(&st->fs, bad) : -1;
	if (i >= 0 && formmodel_relevant(form_model(st->form), (size_t)i, 0))
		form_set_error(st->form, bad, err);
	else
		dialog_message(_("Not saved"), err ? err : _("The database refused the change."));
	free(err);
	facility_free(&f);
	return false;
}

/* F5: a new estate of the community, added at once and chosen for this facility. */
static void
add_estate(fform_state *st)
{
	char id[UUID_TEXT_LEN];
	int i = fieldset_find(&st->fs, "estate");
	char *name;
	const char *p[1] = { id };

	if (i < 0 || !communities_add_estate(st->f.community, id))
		return;
	name = db_query_text(ui_db(), "SELECT name FROM estate WHERE id = ?1", 1, p);
	if (name && !field_choice_label(&st->fs.fields[i], id))
		field_add_choice(&st->fs.fields[i], id, name);
	formmodel_set(form_model(st->form), (size_t)i, 0, id);
	form_flush(st->form);
	form_focus(st->form, "estate");
	free(name);
	ui_flash(_("Estate added and chosen."));
}

static ui_action
fform_key(screen *s, ui_key k)
{
	fform_state *st = s->state;
	form_result r;

	if (k.is_key && k.code == KEY_F(5)) {
		add_estate(st);
		return UI_STAY;
	}
	r = form_key(st->form, k);
	fit_kind(st);
	if (r == FORM_CANCEL)
		return UI_BACK;
	if (r != FORM_SAVE || !save(st))
		return UI_STAY;
	form_clear_draft(st->form);
	ui_refresh_status();
	if (st->saved)
		st->saved(st->ctx, st->f.id);
	ui_flash(_("Saved."));
	return UI_BACK;
}

static void
fform_draw(screen *s, int top, int height, int width)
{
	fform_state *st = s->state;
	char *who = communities_label(st->f.community);
	/* TRANSLATORS: above the facility form: the community it belongs to. */
	char *t = xasprintf(_("Community: %s"), who);

	ui_put_cols(top, 2, t, width - 4, ROLE_HINT);
	free(t);
	free(who);
	form_draw(st->form, top + 1, height - 1, width);
}

static const char *
fform_hints(screen *s)
{
	fform_state *st = s->state;
	return form_hints(st->form);
}

static bool
fform_dirty(screen *s)
{
	fform_state *st = s->state;
	return form_dirty(st->form);
}

static void
fform_flush(screen *s)
{
	fform_state *st = s->state;
	form_flush(st->form);
}

static void
fform_free(screen *s)
{
	fform_state *st = s->state;

	form_free(st->form);
	fieldset_free(&st->fs);
	facility_free(&st->f);
	free(st->kind);
	free(st);
}

static const char *
fform_help(screen *s)
{
	(void)s;
	return _("A facility of the community: its kind (one of the 20 standard items or a business type; Enter "
	         "opens the list, typing filters it), name, status, the circles it serves, its estate (F5 adds a "
	         "new estate on the spot), address, floor and land area in m², the capacity when the kind counts "
	         "one (a kindergarten its classes, a parcel locker its slots, an elderly station its beds), opening "
	         "hours, operator or owner, whether it is a chain outlet, the date last checked (t enters today) "
	         "and notes. Areas cannot be negative. Tab or Enter goes on, F2 or Ctrl-S saves, Esc cancels and "
	         "asks before throwing typing away. Typing is kept as a draft field by field.");
}

static const screen_ops fform_ops = {
	.name = "facility_form", .draw = fform_draw, .key = fform_key, .hints = fform_hints,
	.dirty = fform_dirty, .flush = fform_flush, .free = fform_free, .help = fform_help,
};

screen *
facility_form_screen_new(const char *community_id, const char *facility_id, facility_saved_fn saved, void *ctx)
{
	fform_state *st = xcalloc(1, sizeof *st);
	bool is_new = !facility_id || !*facility_id;
	char *key, *title;
	screen *s;
	int rc = 0;

	st->saved = saved;
	st->ctx = ctx;
	if (is_new) {
		facility_init(&st->f);
		free(st->f.community);
		st->f.community = xstrdup(community_id);
	} else if ((rc = facility_load(ui_db(), facility_id, &st->f)) != 0) {
		ui_flash(rc == 1 ? _("No such facility: it was deleted meanwhile.") : db_error_text(ui_db()));
		facility_free(&st->f);
		free(st);
		return NULL;
	}
	facility_fieldset(ui_db(), st->f.community, util_ui_language(), &st->fs);
	facility_fieldset_fit_kind(ui_db(), &st->fs);
	facility_fieldset_keep_estate(ui_db(), &st->fs, st->f.estate);
	{
		int e = fieldset_find(&st->fs, "estate");
		if (e >= 0) {
			free(st->fs.fields[e].hint);
			st->fs.fields[e].hint = xstrdup(_("F5 adds a new estate of this community and chooses it."));
		}
	}
	key = is_new ? xasprintf("facility:new:%s", st->f.community) : xasprintf("facility:%s", st->f.id);
	st->form = form_new(&st->fs, key);
	free(key);
	for (size_t i = 0; !is_new && i < st->fs.n; i++) {
		char *v = facility_get(&st->f, st->fs.fields[i].name);
		if (v)
			form_set_value(st->form, st->fs.fields[i].name, v);
		free(v);
	}
	if (form_restore_draft(st->form) > 0 && form_dirty(st->form))
		ui_flash(_("Restored what you typed last time (not saved yet)."));
	fit_kind(st);
	title = is_new ? xstrdup(_("New facility")) : xasprintf(_("Facility: %s"), st->f.name);
	s = ui_screen_new(&fform_ops, title, st);
	free(title);
	return s;
}
