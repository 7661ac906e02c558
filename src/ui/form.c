/* form.c - a form on screen: layout, keys and drawing over a form model (formmodel.h), which
 * holds the values, validation, relevance, pages and drafts. The focused text field is edited by
 * our own line editor (characters and display columns, not bytes), so double-width text and
 * input-method commits work; every edit goes straight into the model. Choice fields with up to 9
 * choices are radio/check groups, longer ones open a pick list. Drafts are written when the user
 * leaves a field; a write that fails is said on screen and tried again. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "form.h"
#include "formmodel.h"
#include "dialog.h"
#include "lineedit.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

#define MULTILINE_ROWS 4
#define INLINE_CHOICES 9   /* more than this open a pick list: digits 1-9 pick inline */
#define KEY_CTRL(c) ((c) & 0x1f)

/* What a key stopped by a difference in verify mode was doing. */
enum { RESUME_NONE, RESUME_NEXT, RESUME_PREV, RESUME_PAGE_NEXT, RESUME_PAGE_PREV, RESUME_SAVE, RESUME_LAST };

struct form {
	formmodel *m;
	const fieldset *fs;
	size_t focus, inst;   /* the focused field and its instance */
	lineedit le;          /* editor of the focused text field */
	size_t choice;        /* choice kinds: highlighted choice of the focused field */
	int scroll;           /* first content row shown */
	int multi_w;          /* width of multi-line boxes at the last draw */
	bool draft_failed;    /* the last draft write failed: say so until one succeeds */
	bool stopped;         /* verify mode: the last key stopped on a difference (form_key says FORM_VERIFY) */
	int resume;           /* what that key was doing, for form_verify_resume */
	char *hints;
	bool own_model;       /* form_new made the model (form_free frees it) */
	form_label_fn label_fn;  /* labels drawn through this (form_set_label_fn), or NULL */
	void *label_ud;
};

static bool
is_text(field_kind k)
{
	return k != FIELD_CHOICE && k != FIELD_MULTI && k != FIELD_YESNO && k != FIELD_NOTE;
}

static const field_def *
def(const form *f, size_t i)
{
	return &f->fs->fields[i];
}

/* A choice field with more choices offered than digits can pick opens a pick list (a choice_filter
 * may leave few of a long list: then they are picked inline with digits). */
static bool
has_picklist(const form *f, size_t i, size_t inst)
{
	const field_def *d = def(f, i);
	size_t n = 0;

	if ((d->kind != FIELD_CHOICE && d->kind != FIELD_MULTI) || d->nchoices <= INLINE_CHOICES)
		return false;
	if (!d->choice_shown)
		return true;
	for (size_t c = 0; c < d->nchoices && n <= INLINE_CHOICES; c++)
		if (formmodel_choice_shown(f->m, i, inst, c))
			n++;
	return n > INLINE_CHOICES;
}

/* The field can take the focus: shown and editable. */
static bool
focusable(const form *f, size_t i, size_t inst)
{
	return formmodel_editable(f->m, i, inst);
}

static size_t *offered(const form *f, size_t i, size_t inst, size_t *n);

/* Load the editor (or choice highlight) for the newly focused field. */
static void
enter_field(form *f)
{
	const field_def *d;

	if (f->focus >= f->fs->n)
		return;
	d = def(f, f->focus);
	lineedit_free(&f->le);
	lineedit_init(&f->le, field_max_chars(d), d->kind == FIELD_MULTILINE);
	lineedit_set_utf8(&f->le, formmodel_raw(f->m, f->focus, f->inst));
	/* Choices: the highlight starts on the chosen one (the first when none is); f->choice counts the offered ones. */
	f->choice = 0;
	if (d->kind == FIELD_CHOICE) {
		size_t n, *ix = offered(f, f->focus, f->inst, &n);
		for (size_t p = 0; p < n; p++)
			if (strcmp(d->choices[ix[p]].value, formmodel_raw(f->m, f->focus, f->inst)) == 0)
				f->choice = p;
		free(ix);
	}
	if (d->kind == FIELD_YESNO && strcmp(formmodel_raw(f->m, f->focus, f->inst), "no") == 0)
		f->choice = 1;
}

/* The editor's text into the model. */
static void
store_edit(form *f)
{
	char *v = lineedit_get_utf8(&f->le);

	formmodel_set(f->m, f->focus, f->inst, v);
	free(v);
}

/* Write what is not in the draft yet; a failure is said now and on screen until a write succeeds. */
static void
write_draft(form *f)
{
	if (formmodel_draft_save(f->m, ui_db()) == 0) {
		f->draft_failed = false;
		return;
	}
	f->draft_failed = true;
	ui_flash(_("Not kept yet: what you typed could not be written to the database (locked or disk full). It will be tried again."));
}

/* Say when a loaded or restored value was cut at its field's limit. */
static void
note_cut(form *f, size_t i, size_t inst)
{
	char *msg;

	if (!formmodel_was_cut(f->m, i, inst))
		return;
	/* TRANSLATORS: %zu is the most characters the field takes. */
	msg = xasprintf(ngettext("Cut to %zu character: the text was longer than this field takes.",
	    "Cut to %zu characters: the text was longer than this field takes.", field_max_chars(def(f, i))),
	    field_max_chars(def(f, i)));
	formmodel_set_error(f->m, i, inst, msg);
	free(msg);
}

static form *
form_over(formmodel *m, bool own)
{
	form *f = xcalloc(1, sizeof *f);
	const fieldset *fs = formmodel_fields(m);

	f->fs = fs;
	f->m = m;
	f->own_model = own;
	lineedit_init(&f->le, 0, false);
	/* The first field that can take the focus (the first may be a note or hidden). */
	if (fs->n && !focusable(f, 0, 0) && !formmodel_step(f->m, &f->focus, &f->inst, 1))
		f->focus = 0;
	enter_field(f);
	return f;
}

form *
form_new(const fieldset *fs, const char *draft_key)
{
	return form_over(formmodel_new(fs, draft_key), true);
}

form *
form_new_model(formmodel *m)
{
	return form_over(m, false);
}

void
form_set_label_fn(form *f, form_label_fn fn, void *ud)
{
	f->label_fn = fn;
	f->label_ud = ud;
}

/* The label field i shows for instance inst (fresh), or NULL when the label hook hides the field. */
static char *
field_label(const form *f, size_t i, size_t inst)
{
	return f->label_fn ? f->label_fn(f->label_ud, i, inst) : xstrdup(def(f, i)->label);
}

void
form_free(form *f)
{
	if (!f)
		return;
	if (f->own_model)
		formmodel_free(f->m);
	lineedit_free(&f->le);
	free(f->hints);
	free(f);
}

formmodel *
form_model(form *f)
{
	return f->m;
}

void
form_set_value(form *f, const char *name, const char *value)
{
	int i = fieldset_find(f->fs, name);

	if (i < 0)
		return;
	formmodel_load(f->m, (size_t)i, 0, value);
	note_cut(f, (size_t)i, 0);
	if ((size_t)i == f->focus)
		enter_field(f);
}

char *
form_get_value(const form *f, const char *name)
{
	return formmodel_get_by_name(f->m, name, 0);
}

int
form_restore_draft(form *f)
{
	int n = formmodel_draft_restore(f->m, ui_db());

	for (size_t i = 0; i < f->fs->n; i++)
		for (size_t k = 0; k < formmodel_instances(f->m, i); k++)
			note_cut(f, i, k);
	enter_field(f);
	return n;
}

void
form_clear_draft(form *f)
{
	formmodel_draft_clear(f->m, ui_db());
	f->draft_failed = false;
}

void
form_set_error(form *f, const char *name, const char *msg)
{
	int i = fieldset_find(f->fs, name);

	if (i < 0)
		return;
	formmodel_set_error(f->m, (size_t)i, 0, msg);
	f->focus = (size_t)i;
	f->inst = 0;
	enter_field(f);
}

bool
form_focus(form *f, const char *name)
{
	int i = fieldset_find(f->fs, name);

	if (i < 0 || !focusable(f, (size_t)i, 0))
		return false;
	f->focus = (size_t)i;
	f->inst = 0;
	enter_field(f);
	return true;
}

/* Leaving the focused field: normalise and validate it, show the normalised text, keep a draft. */
static void
commit(form *f)
{
	if (f->focus >= f->fs->n)
		return;
	formmodel_commit(f->m, f->focus, f->inst);
	if (is_text(def(f, f->focus)->kind))
		lineedit_set_utf8(&f->le, formmodel_raw(f->m, f->focus, f->inst));
	write_draft(f);
}

void
form_flush(form *f)
{
	if (f->fs->n)
		write_draft(f);
}

bool
form_dirty(const form *f)
{
	return formmodel_dirty(f->m);
}

bool
form_draft_failed(const form *f)
{
	return f->draft_failed && formmodel_draft_pending(f->m);
}

/* Verify mode: the field just committed differs from the first keying, so the key stops here (as
 * CSPro does) and form_key tells the caller; false when it may go on. */
static bool
stop_here(form *f, int resume)
{
	if (!formmodel_verify_differs(f->m, f->focus, f->inst))
		return false;
	f->stopped = true;
	f->resume = resume;
	return true;
}

static void
focus_on(form *f, size_t i, size_t inst)
{
	f->focus = i;
	f->inst = inst;
	enter_field(f);
	lineedit_end(&f->le);
}

bool
form_focus_at(form *f, size_t field, size_t inst)
{
	if (field >= f->fs->n || inst >= formmodel_instances(f->m, field) || !focusable(f, field, inst))
		return false;
	focus_on(f, field, inst);
	f->scroll = 0;
	return true;
}

static void
move_focus(form *f, int dir)
{
	size_t i = f->focus, inst = f->inst;

	if (f->fs->n == 0)
		return;
	commit(f);
	if (stop_here(f, dir > 0 ? RESUME_NEXT : RESUME_PREV))
		return;
	/* Relevance may have changed with this field: the model finds the next field shown. */
	if (formmodel_step(f->m, &i, &inst, dir))
		focus_on(f, i, inst);
}

/* PgDn/PgUp: the first field of the next/previous page that has one. */
static void
move_page(form *f, int dir)
{
	size_t pages = formmodel_page_count(f->m), p = formmodel_page_of(f->m, f->focus, f->inst);

	if (pages < 2)
		return;
	commit(f);
	if (stop_here(f, dir > 0 ? RESUME_PAGE_NEXT : RESUME_PAGE_PREV))
		return;
	for (size_t step = 1; step < pages; step++) {
		size_t i, inst;
		if (formmodel_page_focus(f->m, (p + pages + (size_t)dir * step) % pages, &i, &inst)) {
			focus_on(f, i, inst);
			f->scroll = 0;
			return;
		}
	}
}

static form_result
cancel(form *f)
{
	/* Throwing edits away is the answer that cannot be undone: "no" is the default. */
	if (form_dirty(f) &&
	    !dialog_ask(_("Discard changes?"), _("This form has changes that are not saved. Throw them away?"), false))
		return FORM_NONE;
	form_clear_draft(f);
	return FORM_CANCEL;
}

static form_result
save(form *f)
{
	size_t i = 0, inst = 0;

	commit(f);
	if (stop_here(f, RESUME_SAVE))
		return FORM_NONE;
	if (formmodel_validate(f->m, &i, &inst)) {
		/* Fields never visited were committed just now: their differences stop the save too. */
		if (!formmodel_verify_pending(f->m, &i, &inst))
			return FORM_SAVE;
		focus_on(f, i, inst);
		stop_here(f, RESUME_SAVE);
		return FORM_NONE;
	}
	focus_on(f, i, inst);
	ui_flash(_("Some fields need attention: see the messages under them."));
	return FORM_NONE;
}

static bool
is_enter(ui_key k)
{
	return (k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'));
}

/* Enter: the next field, or on the last one the offer to save. */
static form_result
enter_key(form *f)
{
	if (formmodel_is_last(f->m, f->focus, f->inst)) {
		commit(f);
		if (stop_here(f, RESUME_LAST))
			return FORM_NONE;
		if (dialog_ask(_("Save?"), _("This is the last field. Save the form now?"), true))
			return save(f);
		return FORM_NONE;
	}
	move_focus(f, 1);
	return FORM_NONE;
}

/* The repeating group the focused field belongs to, or 0. */
static size_t
repeat_group(const form *f)
{
	size_t g = f->fs->n ? def(f, f->focus)->group : 0;

	return g && f->fs->groups[g - 1].repeat ? g : 0;
}

/* Focus the first field of group g's instance inst that can take it. */
static void
focus_instance(form *f, size_t g, size_t inst)
{
	for (size_t c = 0; c < f->fs->n; c++) {
		if (def(f, c)->group == g && focusable(f, c, inst)) {
			focus_on(f, c, inst);
			f->scroll = 0;
			return;
		}
	}
}

/* F7 on a repeating group's page: another instance (a household's next member). */
static void
add_instance(form *f)
{
	size_t g = repeat_group(f);

	if (formmodel_repeat_fixed(f->m, g)) {
		ui_flash(_("The form says how many entries this part has: none can be added or removed here."));
		return;
	}
	commit(f);
	focus_instance(f, g, formmodel_repeat_add(f->m, g));
	write_draft(f);
}

/* F8: remove the instance shown, after asking (no is the default: it throws answers away). A repeat
 * the form counts loses only the entries kept beyond its count (answered before the count applied). */
static void
remove_instance(form *f)
{
	size_t g = repeat_group(f), inst = f->inst, pf = f->focus, pi = f->inst;

	if (formmodel_repeat_fixed(f->m, g) && !formmodel_repeat_extra(f->m, g)) {
		ui_flash(_("The form says how many entries this part has: none can be added or removed here."));
		return;
	}
	if (!dialog_ask(_("Remove?"), _("Remove this entry and everything typed in it?"), false))
		return;
	/* a counted repeat may lose its last entry: then the focus goes back to a field before the part */
	for (size_t k = 0; k < f->fs->n * (FORMMODEL_MAX_INSTANCES + 1) && def(f, pf)->group == g; k++)
		if (!formmodel_step(f->m, &pf, &pi, -1))
			break;
	if (formmodel_repeat_remove(f->m, g, inst) != 0) {
		ui_flash(_("The only entry cannot be removed; clear its fields instead."));
		return;
	}
	if (formmodel_instances(f->m, f->focus) > 0)
		focus_instance(f, g, inst < formmodel_instances(f->m, f->focus) ? inst : inst - 1);
	else if (def(f, pf)->group != g)
		form_focus_at(f, pf, pi);
	write_draft(f);
}

/* Keys every field kind shares; returns true when handled (result in *r). */
static bool
common_key(form *f, ui_key k, form_result *r)
{
	*r = FORM_NONE;
	if ((k.is_key && k.code == KEY_F(2)) || (!k.is_key && k.code == KEY_CTRL('s')))
		*r = save(f);
	else if (!k.is_key && k.code == 27)
		*r = cancel(f);
	else if ((!k.is_key && k.code == '\t') || (k.is_key && k.code == KEY_DOWN))
		move_focus(f, 1);
	else if (k.is_key && (k.code == KEY_BTAB || k.code == KEY_UP))
		move_focus(f, -1);
	else if (k.is_key && k.code == KEY_NPAGE)
		move_page(f, 1);
	else if (k.is_key && k.code == KEY_PPAGE)
		move_page(f, -1);
	else if (k.is_key && k.code == KEY_F(7) && repeat_group(f))
		add_instance(f);
	else if (k.is_key && k.code == KEY_F(8) && repeat_group(f))
		remove_instance(f);
	else
		return false;
	return true;
}

static void
insert_today(lineedit *le)
{
	char today[11];

	util_today(today);
	lineedit_set_utf8(le, today);
}

bool
form_edit_key(lineedit *le, ui_key k)
{
	if (k.is_key) {
		switch (k.code) {
		case KEY_LEFT: lineedit_left(le); return true;
		case KEY_RIGHT: lineedit_right(le); return true;
		case KEY_HOME: lineedit_home(le); return true;
		case KEY_END: lineedit_end(le); return true;
		case KEY_BACKSPACE: lineedit_backspace(le); return true;
		case KEY_DC: lineedit_delete(le); return true;
		default: return false;
		}
	}
	switch (k.code) {
	case 0x7f: case 0x08: lineedit_backspace(le); return true;
	case KEY_CTRL('a'): lineedit_home(le); return true;
	case KEY_CTRL('e'): lineedit_end(le); return true;
	case KEY_CTRL('k'): lineedit_kill_to_end(le); return true;
	case KEY_CTRL('u'): lineedit_kill_to_start(le); return true;
	default: return false;
	}
}

/* After an edit: into the model; a draft write that failed earlier is tried again now. */
static void
edited(form *f)
{
	store_edit(f);
	if (f->draft_failed)
		write_draft(f);
}

static form_result
text_key(form *f, ui_key k)
{
	const field_def *d = def(f, f->focus);
	lineedit *le = &f->le;
	form_result r;

	if (d->kind == FIELD_MULTILINE && k.is_key && (k.code == KEY_UP || k.code == KEY_DOWN)) {
		if (lineedit_vertical(le, (size_t)(f->multi_w > 0 ? f->multi_w : 40), k.code == KEY_UP ? -1 : 1) == 0)
			return FORM_NONE;
	}
	if (d->kind == FIELD_MULTILINE && is_enter(k)) {
		if (lineedit_insert(le, L'\n') != 0)
			ui_flash(_("The field is full."));
		edited(f);
		return FORM_NONE;
	}
	if (is_enter(k))
		return enter_key(f);
	if (common_key(f, k, &r))
		return r;
	if (form_edit_key(le, k)) {
		edited(f);
		return FORM_NONE;
	}
	if (k.is_key)
		return FORM_NONE;
	if (d->kind == FIELD_DATE && (k.code == 't' || k.code == 'T'))
		insert_today(le);
	else if (lineedit_insert(le, (wchar_t)k.code) != 0 && k.code >= 0x20)
		ui_flash(_("The field is full."));
	edited(f);
	return FORM_NONE;
}

static size_t
choice_count(const field_def *d)
{
	return d->kind == FIELD_YESNO ? 2 : d->nchoices;
}

static const char *
choice_value(const field_def *d, size_t c)
{
	if (d->kind == FIELD_YESNO)
		return c == 0 ? "yes" : "no";
	return d->choices[c].value;
}

static const char *
choice_label(const field_def *d, size_t c)
{
	if (d->kind == FIELD_YESNO)
		return c == 0 ? _("Yes") : _("No");
	return d->choices[c].label;
}

static bool
choice_on(const form *f, size_t i, size_t inst, size_t c)
{
	const field_def *d = def(f, i);
	const char *v = formmodel_raw(f->m, i, inst);

	if (d->kind == FIELD_MULTI)
		return field_multi_has(v, choice_value(d, c));
	return strcmp(v, choice_value(d, c)) == 0;
}

/* The choices field i offers for instance inst, as indexes into its choices (a choice_filter may leave some
 * out): a fresh array, *n of them. */
static size_t *
offered(const form *f, size_t i, size_t inst, size_t *n)
{
	const field_def *d = def(f, i);
	size_t total = choice_count(d), *ix = xcalloc(total ? total : 1, sizeof *ix);

	*n = 0;
	for (size_t c = 0; c < total; c++)
		if (d->kind == FIELD_YESNO || formmodel_choice_shown(f->m, i, inst, c))
			ix[(*n)++] = c;
	return ix;
}

/* Choose (or toggle) choice c, an index into the field's choices. */
static void
pick(form *f, size_t c)
{
	const field_def *d = def(f, f->focus);
	const char *v = formmodel_raw(f->m, f->focus, f->inst);
	char *nv;

	if (d->kind == FIELD_MULTI)
		nv = field_multi_toggle(d, v, choice_value(d, c));
	else
		nv = xstrdup(choice_on(f, f->focus, f->inst, c) && d->kind != FIELD_YESNO && !d->required ? "" : choice_value(d, c));
	formmodel_set(f->m, f->focus, f->inst, nv);
	formmodel_set_error(f->m, f->focus, f->inst, NULL);
	free(nv);
	if (f->draft_failed)
		write_draft(f);
}

/* The pick list of a long choice field: one pick for a choice, toggles until Esc for a multi. */
static void
open_picklist(form *f)
{
	const field_def *d = def(f, f->focus);
	size_t n, *ix = offered(f, f->focus, f->inst, &n);
	const char **labels = xcalloc(n ? n : 1, sizeof *labels);
	bool *marked = xcalloc(n ? n : 1, sizeof *marked);
	int c;

	for (size_t i = 0; i < n; i++)
		labels[i] = d->choices[ix[i]].label;
	if (f->choice >= n)
		f->choice = 0;
	while (n > 0) {
		for (size_t i = 0; i < n; i++)
			marked[i] = choice_on(f, f->focus, f->inst, ix[i]);
		c = dialog_pick(d->label, labels, n, f->choice, marked);
		if (c < 0)
			break;
		f->choice = (size_t)c;
		if (d->kind == FIELD_CHOICE && choice_on(f, f->focus, f->inst, ix[c]))
			break;   /* picking the chosen one again keeps it */
		pick(f, ix[c]);
		if (d->kind == FIELD_CHOICE)
			break;
	}
	free(ix);
	free(labels);
	free(marked);
}

static form_result
choice_key(form *f, ui_key k)
{
	const field_def *d = def(f, f->focus);
	size_t n, *ix;
	form_result r;

	if (has_picklist(f, f->focus, f->inst) && ((!k.is_key && k.code == ' ') || is_enter(k))) {
		open_picklist(f);
		return FORM_NONE;
	}
	if (is_enter(k))
		return enter_key(f);
	if (common_key(f, k, &r))
		return r;
	ix = offered(f, f->focus, f->inst, &n);
	if (n == 0 || has_picklist(f, f->focus, f->inst)) {
		free(ix);
		return FORM_NONE;
	}
	if (f->choice >= n)
		f->choice = 0;
	if (k.is_key && k.code == KEY_LEFT)
		f->choice = (f->choice + n - 1) % n;
	else if (k.is_key && k.code == KEY_RIGHT)
		f->choice = (f->choice + 1) % n;
	else if (!k.is_key && k.code == ' ')
		pick(f, ix[f->choice]);
	else if (!k.is_key && k.code >= '1' && k.code <= '9' && (size_t)(k.code - '1') < n)
		pick(f, ix[f->choice = (size_t)(k.code - '1')]);
	else if (d->kind == FIELD_YESNO && !k.is_key && (k.code == 'y' || k.code == 'Y'))
		pick(f, f->choice = 0);
	else if (d->kind == FIELD_YESNO && !k.is_key && (k.code == 'n' || k.code == 'N'))
		pick(f, f->choice = 1);
	free(ix);
	return FORM_NONE;
}

static form_result
form_key_in(form *f, ui_key k)
{
	form_result r;

	if (f->fs->n == 0 || !focusable(f, f->focus, f->inst)) {
		/* Nothing can take the focus (all hidden): only the shared keys work. */
		if (f->fs->n && common_key(f, k, &r))
			return r;
		return (!k.is_key && k.code == 27) ? FORM_CANCEL : FORM_NONE;
	}
	if (is_text(def(f, f->focus)->kind))
		return text_key(f, k);
	return choice_key(f, k);
}

form_result
form_key(form *f, ui_key k)
{
	form_result r = form_key_in(f, k);

	if (!f->stopped)
		return r;
	f->stopped = false;
	return FORM_VERIFY;
}

void
form_focused(const form *f, size_t *field, size_t *inst)
{
	*field = f->focus;
	*inst = f->inst;
}

form_result
form_verify_resume(form *f)
{
	int what = f->resume;
	form_result r = FORM_NONE;

	f->resume = RESUME_NONE;
	enter_field(f);
	lineedit_end(&f->le);
	switch (what) {
	case RESUME_NEXT: move_focus(f, 1); break;
	case RESUME_PREV: move_focus(f, -1); break;
	case RESUME_PAGE_NEXT: move_page(f, 1); break;
	case RESUME_PAGE_PREV: move_page(f, -1); break;
	case RESUME_SAVE: r = save(f); break;
	case RESUME_LAST: r = enter_key(f); break;
	default: break;
	}
	if (!f->stopped)
		return r;
	f->stopped = false;
	return FORM_VERIFY;
}

/* ---- layout and drawing ---- */

typedef struct geom {
	int label_w;   /* columns for labels */
	int box_x;     /* first column of field boxes */
	int box_w;     /* widest box */
	int width;     /* of the form */
} geom;

static geom
layout(const form *f, int width)
{
	geom g = { 8, 0, 0, width };

	for (size_t i = 0; i < f->fs->n; i++) {
		int w = def(f, i)->kind == FIELD_NOTE ? 0 : (int)utf8_width_cols(def(f, i)->label) + 2;
		if (w > g.label_w)
			g.label_w = w;
	}
	if (g.label_w > width / 3)
		g.label_w = width / 3;
	g.box_x = 2 + g.label_w + 1;
	g.box_w = width - g.box_x - 3;
	if (g.box_w > 60)
		g.box_w = 60;
	return g;
}

static int
box_width(const field_def *d, const geom *g)
{
	int w = g->box_w;

	switch (d->kind) {
	case FIELD_DATE: w = 12; break;
	case FIELD_INTEGER: case FIELD_DECIMAL: w = 14; break;
	case FIELD_PHONE: w = 22; break;
	default: break;
	}
	return w < g->box_w ? w : g->box_w;
}

/* Width of a choice item "(•) label" in columns. */
static int
item_cols(const field_def *d, size_t c)
{
	return 4 + (int)utf8_width_cols(choice_label(d, c));
}

/* Rows of the inline choices of d, wrapped to the box width. */
static int
choice_rows(const form *f, size_t i, size_t inst, const geom *g)
{
	const field_def *d = def(f, i);
	int rows = 1, col = 0;
	size_t n, *ix = offered(f, i, inst, &n);

	for (size_t p = 0; p < n; p++) {
		int w = item_cols(d, ix[p]) + 2;
		if (col > 0 && col + w > g->box_w) {
			rows++;
			col = 0;
		}
		col += w;
	}
	free(ix);
	return rows;
}

/* Rows field i (instance inst) needs with its error line; 0 when hidden. */
static int
field_rows(const form *f, size_t i, size_t inst, const geom *g)
{
	const field_def *d = def(f, i);
	int rows = 1;
	char **lines, *label;

	if (!formmodel_relevant(f->m, i, inst) || !(label = field_label(f, i, inst)))
		return 0;
	if (d->kind == FIELD_NOTE) {
		rows = ui_wrap_lines(label, g->width - 4, &lines);
		ui_free_lines(lines, rows);
	} else if (d->kind == FIELD_MULTILINE) {
		rows = MULTILINE_ROWS;
	} else if (!is_text(d->kind) && !has_picklist(f, i, inst)) {
		rows = choice_rows(f, i, inst, g);
	}
	free(label);
	return rows + (formmodel_error(f->m, i, inst) ? 1 : 0);
}

static void
draw_single(form *f, size_t i, size_t inst, int y, const geom *g, bool focus)
{
	const field_def *d = def(f, i);
	int w = box_width(d, g);
	ui_role role = focus ? ROLE_FIELD_FOCUS : (formmodel_editable(f->m, i, inst) ? ROLE_FIELD : ROLE_DIM);
	lineedit *le = &f->le;
	size_t end;

	ui_fill(y, g->box_x, w, role);
	if (!focus) {
		char *v = d->calculate ? formmodel_get(f->m, i, inst) : xstrdup(formmodel_raw(f->m, i, inst));
		char *fit = utf8_fit_cols(v, (size_t)w, false);
		ui_put_cols(y, g->box_x, fit, w, role);
		if (strcmp(fit, v) != 0)
			ui_put_cols(y, g->box_x + w, ">", 1, ROLE_DIM);
		free(fit);
		free(v);
		return;
	}
	lineedit_scroll_cols(le, (size_t)w);
	end = lineedit_visible_end(le, (size_t)w);
	ui_put_wcs(y, g->box_x, le->buf + le->first, end - le->first, role);
	/* Arrows say there is more text than the box shows. */
	if (le->first > 0)
		ui_put_cols(y, g->box_x - 1, "<", 1, ROLE_DIM);
	if (end < le->len)
		ui_put_cols(y, g->box_x + w, ">", 1, ROLE_DIM);
	ui_set_cursor(y, g->box_x + (int)lineedit_cursor_cols(le));
}

static void
draw_multi(form *f, size_t i, size_t inst, int y, const geom *g, bool focus, int max_rows)
{
	lineedit tmp, *le = &f->le;
	lineedit_row *rows;
	size_t n, cr, cc;
	int w = g->box_w;
	ui_role role = focus ? ROLE_FIELD_FOCUS : ROLE_FIELD;

	if (!focus) {
		/* Not being edited: lay the stored text out in a scratch editor, from its top. */
		lineedit_init(&tmp, 0, true);
		lineedit_set_utf8(&tmp, formmodel_raw(f->m, i, inst));
		le = &tmp;
	} else {
		f->multi_w = w;
		lineedit_scroll_rows(le, (size_t)w, MULTILINE_ROWS);
	}
	n = lineedit_layout(le, (size_t)w, &rows);
	for (int r = 0; r < MULTILINE_ROWS && r < max_rows; r++) {
		size_t row = (focus ? le->top_row : 0) + (size_t)r;
		ui_fill(y + r, g->box_x, w, role);
		if (row < n) {
			size_t e = rows[row].end;
			if (e > rows[row].start && le->buf[e - 1] == L'\n')
				e--;
			ui_put_wcs(y + r, g->box_x, le->buf + rows[row].start, e - rows[row].start, role);
		}
	}
	if (focus) {
		lineedit_cursor_rowcol(le, rows, n, &cr, &cc);
		if (cr >= le->top_row && cr < le->top_row + MULTILINE_ROWS && (int)(cr - le->top_row) < max_rows)
			ui_set_cursor(y + (int)(cr - le->top_row), g->box_x + (int)cc);
	} else {
		lineedit_free(&tmp);
	}
	free(rows);
}

/* A long choice field on one row: what is chosen, and a mark that Enter opens the list. */
static void
draw_picked(form *f, size_t i, size_t inst, int y, const geom *g, bool focus)
{
	const field_def *d = def(f, i);
	char *text = xstrdup(""), *shown;

	for (size_t c = 0; c < d->nchoices; c++) {
		if (choice_on(f, i, inst, c)) {
			char *t = xasprintf("%s%s%s", text, *text ? ", " : "", d->choices[c].label);
			free(text);
			text = t;
		}
	}
	shown = xasprintf("%s", *text ? text : _("(none chosen)"));
	ui_fill(y, g->box_x, g->box_w, focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	ui_put_cols(y, g->box_x, shown, g->box_w - 2, focus ? ROLE_FIELD_FOCUS : ROLE_FIELD);
	ui_put_cols(y, g->box_x + g->box_w - 1, "v", 1, focus ? ROLE_FIELD_FOCUS : ROLE_DIM);
	if (focus)
		ui_set_cursor(y, g->box_x);
	free(shown);
	free(text);
}

static void
draw_choices(form *f, size_t i, size_t inst, int y, const geom *g, bool focus, int max_rows)
{
	const field_def *d = def(f, i);
	int col = 0, row = 0;
	size_t n, *ix = offered(f, i, inst, &n);

	for (size_t p = 0; p < n; p++) {
		size_t c = ix[p];
		int w = item_cols(d, c) + 2;
		bool on = choice_on(f, i, inst, c), hl = focus && f->choice == p;
		char *item;
		if (col > 0 && col + w > g->box_w) {
			row++;
			col = 0;
		}
		if (row >= max_rows)
			break;
		if (d->kind == FIELD_MULTI)
			item = xasprintf("[%s] %s", on ? "x" : " ", choice_label(d, c));
		else
			item = xasprintf("(%s) %s", on ? "*" : " ", choice_label(d, c));
		ui_put_cols(y + row, g->box_x + col, item, g->box_w - col,
		    hl ? ROLE_FIELD_FOCUS : (on ? ROLE_HINT : ROLE_NORMAL));
		if (hl)
			ui_set_cursor(y + row, g->box_x + col + 1);
		free(item);
		col += w;
	}
	free(ix);
}

static void
draw_field(form *f, size_t i, size_t inst, int y, const geom *g, int max_rows)
{
	const field_def *d = def(f, i);
	bool focus = i == f->focus && inst == f->inst;
	const char *err = formmodel_error(f->m, i, inst);
	int rows = field_rows(f, i, inst, g) - (err ? 1 : 0);
	char *shown = field_label(f, i, inst), *label;

	if (!shown)
		return;
	if (d->kind == FIELD_NOTE) {
		ui_draw_wrapped(y, 2, shown, g->width - 4, max_rows, ROLE_HINT);
		free(shown);
		return;
	}
	label = xasprintf("%s%s", shown, formmodel_required(f->m, i, inst) ? " *" : "");
	ui_put_cols(y, 2, label, g->label_w, focus ? ROLE_HINT : ROLE_NORMAL);
	free(label);
	free(shown);
	if (d->kind == FIELD_MULTILINE)
		draw_multi(f, i, inst, y, g, focus, max_rows);
	else if (is_text(d->kind))
		draw_single(f, i, inst, y, g, focus);
	else if (has_picklist(f, i, inst))
		draw_picked(f, i, inst, y, g, focus);
	else
		draw_choices(f, i, inst, y, g, focus, max_rows);
	if (err && rows < max_rows)
		ui_put_cols(y + rows, g->box_x, err, g->width - g->box_x - 1, ROLE_ERROR);
}

/* The page's title line ("Members (2 of 3)   Page 3/4"); returns rows used. */
static int
draw_page_title(form *f, size_t p, int top, int width)
{
	size_t pages = formmodel_page_count(f->m);
	char *title = formmodel_page_title(f->m, p), *line;

	if (pages < 2 && !title)
		return 0;
	/* TRANSLATORS: which page of a form is shown, e.g. "Page 2/4"; PgDn/PgUp move. */
	line = xasprintf(_("%s  Page %zu/%zu (PgDn/PgUp)"), title ? title : "", p + 1, pages);
	ui_put_cols(top, 2, line, width - 4, ROLE_TITLE);
	free(line);
	free(title);
	return 2;
}

void
form_draw(form *f, int top, int height, int width)
{
	geom g = layout(f, width);
	size_t p = f->fs->n ? formmodel_page_of(f->m, f->focus, f->inst) : 0;
	formmodel_page pg = f->fs->n ? formmodel_page_at(f->m, p) : (formmodel_page){ 0, 0, 0, 0 };
	int head = f->fs->n ? draw_page_title(f, p, top, width) : 0;
	int view = height - 1 - head;   /* the last row shows the focused field's hint */
	int y = 0, focus_y = 0, focus_h = 1;

	if (view < 1)
		return;
	for (size_t i = pg.first; i < pg.end; i++) {
		int h = field_rows(f, i, pg.inst, &g);
		if (i == f->focus) {
			focus_y = y;
			focus_h = h;
		}
		y += h;
	}
	/* Scroll so the focused field is in view: whole when it fits, else its top (drawn in part). */
	if (focus_y < f->scroll || focus_h > view)
		f->scroll = focus_y;
	else if (focus_y + focus_h > f->scroll + view)
		f->scroll = focus_y + focus_h - view;
	y = 0;
	for (size_t i = pg.first; i < pg.end; i++) {
		int h = field_rows(f, i, pg.inst, &g);
		if (h > 0 && y >= f->scroll && y < f->scroll + view)
			draw_field(f, i, pg.inst, top + head + y - f->scroll, &g, f->scroll + view - y);
		y += h;
	}
	if (f->scroll > 0)
		ui_put_cols(top + head, width - 3, "^", 1, ROLE_DIM);
	if (y > f->scroll + view)
		ui_put_cols(top + head + view - 1, width - 3, "v", 1, ROLE_DIM);
	if (form_draft_failed(f))
		ui_put_cols(top + height - 1, 2, _("Not kept yet: the draft could not be written; it is tried again when you leave the field."),
		    width - 4, ROLE_ERROR);
	else if (f->fs->n && def(f, f->focus)->hint)
		ui_put_cols(top + height - 1, 2, def(f, f->focus)->hint, width - 4, ROLE_DIM);
}

const char *
form_hints(const form *f)
{
	const field_def *d = f->fs->n ? def(f, f->focus) : NULL;
	const char *extra = "", *rep;
	size_t g;

	if (d && d->kind == FIELD_DATE)
		extra = _("t Today  ");
	else if (d && d->kind == FIELD_MULTILINE)
		extra = _("Enter New line  ");
	else if (d && has_picklist(f, f->focus, f->inst))
		extra = _("Enter/Space List  ");
	else if (d && !is_text(d->kind))
		extra = _("<-/-> Move  Space/1-9 Choose  ");
	free(((form *)f)->hints);
	((form *)f)->hints = xasprintf(_("%sTab Next  Shift-Tab Previous  F2 Save  Esc Cancel  F1 Help"), extra);
	/* a counted repeat: F8 only while it keeps entries beyond its count */
	g = repeat_group(f);
	rep = !g ? NULL : formmodel_repeat_extra(f->m, g) ? _("%s  F8 Remove")
	    : !formmodel_repeat_fixed(f->m, g) ? _("%s  F7 Add  F8 Remove") : NULL;
	if (rep) {
		char *h = xasprintf(rep, f->hints);
		free(f->hints);
		((form *)f)->hints = h;
	}
	return f->hints;
}
