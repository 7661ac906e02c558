/* setup.c - the office identity form: the welcome screen of a new database, and Settings. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "dialog.h"
#include "form.h"
#include "settings.h"
#include "util.h"
#include "i18n.h"

#define SETUP_DRAFT "settings"

typedef struct setup_state {
	fieldset fs;
	form *form;
	bool first_start;
	char *seen_operator;   /* the current operator when last drawn: F3 may change it meanwhile */
} setup_state;

static char *
check_office_code(const field_def *f, const char *value, void *ud)
{
	(void)f;
	(void)ud;
	if (value && *value && !settings_office_code_ok(value))
		return xstrdup(_("2 to 16 letters, digits, - or _ (e.g. HBW-0123)."));
	return NULL;
}

/* Relevance of an identity field (its name in ud): shown when the kind chosen asks for it. */
static bool
kind_asks(const struct formmodel *m, size_t inst, void *ud)
{
	int k = fieldset_find(formmodel_fields(m), "office_kind");
	int kind = settings_kind_parse(k >= 0 ? formmodel_raw(m, (size_t)k, inst) : "");

	return kind < 0 || settings_kind_asks((office_kind)kind, ud);
}

/* Field f is asked only of the kinds of office that settings_kind_asks names. */
static void
by_kind(field_def *f)
{
	f->relevant = kind_asks;
	f->logic_ud = f->name;
}

static void
build_fields(fieldset *fs, bool first_start)
{
	field_def *f;

	f = fieldset_add(fs, "office_kind", _("Office kind"), FIELD_CHOICE);
	f->required = true;
	for (int k = 0; k < OFFICE_KIND_COUNT; k++)
		field_add_choice(f, settings_kind_name((office_kind)k), settings_kind_label((office_kind)k));
	f->hint = xstrdup(_("A community office, a subdistrict or district office, or a handling unit (承办单位) that enters and prints the proposals' forms."));
	f = fieldset_add(fs, "unit_name", _("Unit name"), FIELD_TEXT);
	f->required = true;
	f->max_chars = 100;
	f->hint = xstrdup(_("The handling unit's name, e.g. 乌海市商务局."));
	by_kind(f);
	f = fieldset_add(fs, "community", _("Community"), FIELD_TEXT);
	f->required = true;
	by_kind(f);
	f->max_chars = 100;
	f->hint = xstrdup(_("The community (社区) this office serves, e.g. 滨河社区."));
	f = fieldset_add(fs, "subdistrict", _("Subdistrict"), FIELD_TEXT);
	by_kind(f);
	f->max_chars = 100;
	f->hint = xstrdup(_("The subdistrict (街道): required for a subdistrict office, may be left empty for a community."));
	f = fieldset_add(fs, "district", _("District"), FIELD_TEXT);
	f->required = true;
	by_kind(f);
	f->max_chars = 100;
	f->hint = xstrdup(_("The district (区), e.g. 海勃湾区."));
	f = fieldset_add(fs, "office_code", _("Office code"), FIELD_TEXT);
	f->required = true;
	f->max_chars = 16;
	f->code = true;   /* full-width letters and digits from an input method fold to ASCII */
	f->check = check_office_code;
	f->hint = xstrdup(_("A short code the district gives each office; it marks every record made here."));
	f = fieldset_add(fs, "operator", _("Operator"), FIELD_TEXT);
	f->required = true;
	f->max_chars = 100;
	if (first_start) {
		f->hint = xstrdup(_("Your name: it is recorded with every record you enter or change."));
	} else {
		/* Who is typing is chosen from the office's operators, not retyped here. */
		f->read_only = true;
		f->hint = xstrdup(_("The current operator: F3 switches to another, adds or removes one."));
	}
	f = fieldset_add(fs, "households", _("Households"), FIELD_INTEGER);
	by_kind(f);
	field_set_range(f, true, 0, true, 10000000);
	f->hint = xstrdup(_("Households in the community (户数), for the indicators; may be left empty."));
	f = fieldset_add(fs, "residents", _("Residents"), FIELD_INTEGER);
	by_kind(f);
	field_set_range(f, true, 0, true, 100000000);
	f->hint = xstrdup(_("Residents in the community (常住人口), for the indicators; may be left empty."));
}

static void
load_current(setup_state *st)
{
	office_identity id;

	settings_identity_load(ui_db(), &id);
	form_set_value(st->form, "office_kind", *id.office_kind ? id.office_kind : settings_kind_name(OFFICE_COMMUNITY));
	form_set_value(st->form, "unit_name", id.unit_name);
	form_set_value(st->form, "community", id.community);
	form_set_value(st->form, "subdistrict", id.subdistrict);
	form_set_value(st->form, "district", id.district);
	form_set_value(st->form, "office_code", id.office_code);
	form_set_value(st->form, "operator", id.operator_name);
	form_set_value(st->form, "households", id.households);
	form_set_value(st->form, "residents", id.residents);
	settings_identity_free(&id);
}

/* F3 may have changed the operator since the form was opened: show the one now current (on the
 * welcome form too, where the name can still be typed instead). */
static void
show_current_operator(setup_state *st)
{
	char *op = settings_get(ui_db(), "operator");

	if (!op)
		op = xstrdup("");
	if (!st->seen_operator || strcmp(op, st->seen_operator) != 0) {
		if (st->seen_operator || !st->first_start)
			form_set_value(st->form, "operator", op);
		free(st->seen_operator);
		st->seen_operator = op;
	} else {
		free(op);
	}
}

static void
setup_draw(screen *s, int top, int height, int width)
{
	setup_state *st = s->state;
	int skip = 0;

	show_current_operator(st);
	if (st->first_start) {
		ui_put_cols(top + 1, 2, _("Welcome. Before records can be entered, tell lifecircle which office this is."),
		    width - 4, ROLE_HINT);
		ui_put_cols(top + 2, 2, _("Fields marked * are required. What you type is kept even if the program is closed."),
		    width - 4, ROLE_DIM);
		skip = 4;
	}
	form_draw(st->form, top + skip, height - skip, width);
}

/* Save the form's values as the office identity; false (with the error on its field) if refused. */
static bool
save_identity(setup_state *st)
{
	office_identity id;
	const char *bad = NULL, *msg;
	char *err = NULL;
	bool ok;

	id.community = form_get_value(st->form, "community");
	id.subdistrict = form_get_value(st->form, "subdistrict");
	id.district = form_get_value(st->form, "district");
	id.office_code = form_get_value(st->form, "office_code");
	id.operator_name = st->first_start ? form_get_value(st->form, "operator") : settings_get(ui_db(), "operator");
	if (!id.operator_name)
		id.operator_name = xstrdup("");
	id.office_kind = form_get_value(st->form, "office_kind");
	id.unit_name = form_get_value(st->form, "unit_name");
	id.households = form_get_value(st->form, "households");
	id.residents = form_get_value(st->form, "residents");
	msg = settings_identity_check(&id, &bad);
	if (msg) {
		form_set_error(st->form, bad, msg);
		ok = false;
	} else if (settings_identity_save(ui_db(), &id, &err) != 0) {
		dialog_message(_("Not saved"), err);
		free(err);
		ok = false;
	} else {
		ok = true;
	}
	settings_identity_free(&id);
	return ok;
}

static ui_action
setup_key(screen *s, ui_key k)
{
	setup_state *st = s->state;
	form_result r;

	if (st->first_start && !k.is_key && k.code == 27) {
		/* There is nothing to go back to: offer to quit, keeping what was typed. */
		if (dialog_confirm(_("Quit?"), _("lifecircle needs these details before it can be used. Quit now? What you typed is kept for next time.")))
			return UI_EXIT;
		return UI_STAY;
	}
	r = form_key(st->form, k);
	if (r == FORM_CANCEL)
		return UI_BACK;
	if (r == FORM_SAVE && save_identity(st)) {
		form_clear_draft(st->form);
		load_current(st);
		ui_refresh_status();
		ui_flash(_("Saved."));
		return UI_BACK;
	}
	return UI_STAY;
}

static const char *
setup_hints(screen *s)
{
	setup_state *st = s->state;
	return form_hints(st->form);
}

static bool
setup_dirty(screen *s)
{
	setup_state *st = s->state;
	return form_dirty(st->form);
}

static void
setup_flush(screen *s)
{
	setup_state *st = s->state;
	form_flush(st->form);
}

static void
setup_free(screen *s)
{
	setup_state *st = s->state;

	form_free(st->form);
	fieldset_free(&st->fs);
	free(st->seen_operator);
	free(st);
}

static const char *
setup_help(screen *s)
{
	(void)s;
	return _("Forms: Tab, Down or Enter goes to the next field, Shift-Tab or Up to the previous one. "
	         "Left/Right, Home/End, Backspace and Delete edit the text; Ctrl-K deletes to the end, "
	         "Ctrl-U to the start. In a date field t enters today. In a choice field Left/Right move, "
	         "Space chooses, 1-9 choose directly. F2 (or Ctrl-S) saves; Esc cancels and asks before "
	         "throwing edits away. A field's text is kept as a draft as soon as you leave it, so a "
	         "closed terminal loses at most the field being typed.");
}

static const screen_ops setup_ops = {
	.name = "setup", .draw = setup_draw, .key = setup_key, .hints = setup_hints,
	.dirty = setup_dirty, .flush = setup_flush, .free = setup_free, .help = setup_help,
};

/* Settings opens on the office's name (the kind is rarely changed, one Shift-Tab up); the
 * welcome form asks the kind first. */
static void
focus_office_name(setup_state *st)
{
	static const char *const name_field[OFFICE_KIND_COUNT] = { "community", "subdistrict", "district", "unit_name" };
	char *v = form_get_value(st->form, "office_kind");
	int kind = settings_kind_parse(v);

	if (kind >= 0)
		form_focus(st->form, name_field[kind]);
	free(v);
}

screen *
setup_screen_new(bool first_start)
{
	setup_state *st = xcalloc(1, sizeof *st);

	st->first_start = first_start;
	build_fields(&st->fs, first_start);
	st->form = form_new(&st->fs, SETUP_DRAFT);
	load_current(st);
	if (form_restore_draft(st->form) > 0 && form_dirty(st->form))
		ui_flash(_("Restored what you typed last time (not saved yet)."));
	if (!first_start)
		focus_office_name(st);
	return ui_screen_new(&setup_ops, first_start ? _("Welcome: set up this office") : _("Settings"), st);
}
