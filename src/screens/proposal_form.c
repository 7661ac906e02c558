/* proposal_form.c - the entry and edit screens of a proposal (建议/提案), its returned feedback form
 * (办理情况征询意见表) and its reply letter (答复函): one screen over the form engine, in the paper
 * form's order (the fieldsets of proposal.h), writing through proposal.h (one transaction each).
 * Typing is kept as a draft field by field under "proposal:new", "proposal:<id>", "feedback:<id>"
 * or "letter:<id>", so a closed terminal loses at most the field being typed. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "doubleentry.h"
#include "form.h"
#include "proposal.h"
#include "util.h"
#include "i18n.h"

typedef struct pform_state {
	proposal_form_kind kind;
	fieldset fs;
	form *form;
	proposal p;             /* the proposal as loaded (id "" for a new one) */
	feedback fb;            /* the feedback form as loaded (PFORM_FEEDBACK) */
	char *header;           /* the proposal's paper-form header shown above the answers, or NULL */
	proposal_saved_fn saved;
	void *ctx;
} pform_state;

/* A field that never shows: the other screen's part of the proposal. */
static bool
never_relevant(const formmodel *m, size_t inst, void *ud)
{
	(void)m;
	(void)inst;
	(void)ud;
	return false;
}

/* The proposal's fields for one screen: the header and handling (letter false) or the reply letter's
 * (letter true); the others hidden. One page: the fieldset's groups are the two screens here. */
static fieldset
proposal_part(bool letter)
{
	fieldset fs = proposal_fieldset();

	for (size_t i = 0; i < fs.n; i++) {
		fs.fields[i].group = 0;
		if ((i >= PROPOSAL_REPLY_BODY) != letter)
			fs.fields[i].relevant = never_relevant;
	}
	return fs;
}

/* The session and handling unit of the proposal entered last: a handling unit keys its own proposals
 * of one session after another, so a new one starts with them (they count as loaded, not typed). */
static void
prefill_new(pform_state *st)
{
	static const char *const cols[] = { "session", "handling_unit" };
	static const char *const sql[] = {
		"SELECT session FROM proposal WHERE deleted = 0 ORDER BY rowid DESC LIMIT 1",
		"SELECT handling_unit FROM proposal WHERE deleted = 0 ORDER BY rowid DESC LIMIT 1",
	};

	for (size_t i = 0; i < 2; i++) {
		char *v = db_query_text(ui_db(), sql[i], 0, NULL);
		if (v)
			form_set_value(st->form, cols[i], v);
		free(v);
	}
}

static void
load_values(pform_state *st)
{
	for (size_t i = 0; i < st->fs.n; i++) {
		if (st->fs.fields[i].relevant == never_relevant)
			continue;
		form_set_value(st->form, st->fs.fields[i].name,
		    st->kind == PFORM_FEEDBACK ? st->fb.v[i] : st->p.v[i]);
	}
}

static char *
draft_key(proposal_form_kind kind, const char *id)
{
	if (kind == PFORM_FEEDBACK)
		return xasprintf("feedback:%s", id);
	if (kind == PFORM_LETTER)
		return xasprintf("letter:%s", id);
	return *id ? xasprintf("proposal:%s", id) : xstrdup("proposal:new");
}

/* The header of the paper form, as the deputy got it: number, title, proposer and the phone in full. */
static char *
paper_header(const proposal *p)
{
	/* TRANSLATORS: number, title, then proposer and phone, as on the paper form's header. */
	return xasprintf(_("No. %s  %s\nDeputy or member: %s   Phone: %s   Handling unit: %s"),
	    p->v[PROPOSAL_NUMBER], p->v[PROPOSAL_TITLE], p->v[PROPOSAL_PROPOSER],
	    *p->v[PROPOSAL_PHONE] ? p->v[PROPOSAL_PHONE] : "-", p->v[PROPOSAL_HANDLING_UNIT]);
}

static char *
screen_title(const pform_state *st)
{
	if (st->kind == PFORM_FEEDBACK)
		return xasprintf(_("Feedback form of No. %s"), st->p.v[PROPOSAL_NUMBER]);
	if (st->kind == PFORM_LETTER)
		return xasprintf(_("Reply letter to No. %s"), st->p.v[PROPOSAL_NUMBER]);
	if (!*st->p.meta.id)
		return xstrdup(_("New proposal"));
	return xasprintf(_("Proposal No. %s"), st->p.v[PROPOSAL_NUMBER]);
}

/* True when the proposal's feedback form has been verified by double entry and not changed since. */
static bool
verified(const pform_state *st)
{
	int s = *st->p.meta.id ? doubleentry_feedback_state(ui_db(), st->p.meta.id) : -2;

	return s == DE_VERIFIED || s == DE_DECIDED;
}

/* Build the form of st->kind over st->p (loaded) or, for a new proposal, the values prefilled; then its draft restored. */
static void
build(pform_state *st)
{
	char *key;

	if (st->kind == PFORM_FEEDBACK)
		st->fs = feedback_fieldset();
	else
		st->fs = proposal_part(st->kind == PFORM_LETTER);
	key = draft_key(st->kind, st->p.meta.id);
	st->form = form_new(&st->fs, key);
	free(key);
	free(st->header);
	st->header = st->kind == PFORM_PROPOSAL ? NULL : paper_header(&st->p);
	if (st->kind == PFORM_PROPOSAL && !*st->p.meta.id)
		prefill_new(st);
	else
		load_values(st);
	if (form_restore_draft(st->form) > 0 && form_dirty(st->form))
		ui_flash(_("Restored what you typed last time (not saved yet)."));
	else if (st->kind == PFORM_FEEDBACK && verified(st))
		/* Double entry: a verified form is changed only knowingly. */
		ui_flash(_("This form is verified: a change marks it \"Edited after verification\"."));
}

static void
unbuild(pform_state *st)
{
	form_free(st->form);
	st->form = NULL;
	fieldset_free(&st->fs);
}

static void
pform_draw(screen *s, int top, int height, int width)
{
	pform_state *st = s->state;
	int skip = 0;

	if (st->header) {
		skip = ui_draw_wrapped(top + 1, 2, st->header, width - 4, 3, ROLE_HINT) + 1;
	}
	form_draw(st->form, top + skip, height - skip, width);
}

/* Take the shown fields' values from the form into st->p (the hidden ones stay as loaded). */
static void
take_proposal_values(pform_state *st)
{
	for (size_t i = 0; i < st->fs.n; i++) {
		if (st->fs.fields[i].relevant == never_relevant)
			continue;
		char *v = form_get_value(st->form, st->fs.fields[i].name);
		proposal_set(&st->p, (proposal_field)i, v);
		free(v);
	}
}

/* Save the proposal (new or edited); false with the message under its field, or in a dialog. */
static bool
save_proposal(pform_state *st)
{
	proposal before = st->p;
	int where = -1, rc;
	char *err = NULL;

	/* Work on a copy: a refused save leaves st->p as loaded (its version is what an update needs). */
	proposal_init(&st->p);
	st->p.meta = before.meta;
	st->p.form_status = before.form_status;
	memcpy(st->p.form_sent_on, before.form_sent_on, sizeof st->p.form_sent_on);
	for (int i = 0; i < PROPOSAL_NFIELDS; i++)
		proposal_set(&st->p, (proposal_field)i, before.v[i]);
	take_proposal_values(st);
	err = proposal_check(ui_db(), &st->p, &where);
	if (!err)
		rc = *st->p.meta.id ? proposal_update(ui_db(), &st->p, &err) : proposal_create(ui_db(), &st->p, &err);
	else
		rc = -1;
	if (rc == 0) {
		proposal_free(&before);
		return true;
	}
	/* Under its field, and whole in a dialog: a duplicate names the other record, longer than a line. */
	if (err && where >= 0 && st->fs.fields[where].relevant != never_relevant)
		form_set_error(st->form, st->fs.fields[where].name, err);
	dialog_message(_("Not saved"), err ? err : _("The database refused the change."));
	free(err);
	proposal_free(&st->p);
	st->p = before;
	return false;
}

static bool
save_feedback(pform_state *st)
{
	feedback fb;
	char *err = NULL;

	feedback_init(&fb);
	fb.meta = st->fb.meta;
	memcpy(fb.proposal_id, st->p.meta.id, sizeof fb.proposal_id);
	for (size_t i = 0; i < st->fs.n; i++) {
		char *v = form_get_value(st->form, st->fs.fields[i].name);
		feedback_set(&fb, (feedback_field)i, v);
		free(v);
	}
	if (feedback_enter(ui_db(), &fb, &err) != 0) {
		dialog_message(_("Not saved"), err ? err : _("The database refused the change."));
		free(err);
		feedback_free(&fb);
		return false;
	}
	feedback_free(&st->fb);
	st->fb = fb;
	return true;
}

/* After a new proposal is saved, the same screen goes on to its feedback form when the user asks:
 * a returned paper form holds both. */
static bool
continue_to_feedback(pform_state *st)
{
	if (!dialog_ask(_("Feedback form"), _("Saved. Enter the returned feedback form of this proposal now?"), false))
		return false;
	unbuild(st);
	st->kind = PFORM_FEEDBACK;
	feedback_free(&st->fb);
	feedback_init(&st->fb);
	build(st);
	return true;
}

static ui_action
pform_key(screen *s, ui_key k)
{
	pform_state *st = s->state;
	form_result r = form_key(st->form, k);
	bool was_new = !*st->p.meta.id, was_verified, ok;

	if (r == FORM_CANCEL)
		return UI_BACK;
	if (r != FORM_SAVE)
		return UI_STAY;
	was_verified = st->kind == PFORM_FEEDBACK && verified(st);
	ok = st->kind == PFORM_FEEDBACK ? save_feedback(st) : save_proposal(st);
	if (!ok)
		return UI_STAY;
	form_clear_draft(st->form);
	ui_refresh_status();
	if (st->saved)
		st->saved(st->ctx, st->p.meta.id);
	if (st->kind == PFORM_PROPOSAL && was_new && continue_to_feedback(st)) {
		free(s->title);
		s->title = screen_title(st);
		return UI_STAY;
	}
	if (was_verified && doubleentry_feedback_state(ui_db(), st->p.meta.id) == DE_EDITED)
		ui_flash(_("Saved. The form no longer holds its verified answers: marked \"Edited after verification\"."));
	else
		ui_flash(_("Saved."));
	return UI_BACK;
}

static const char *
pform_hints(screen *s)
{
	pform_state *st = s->state;
	return form_hints(st->form);
}

static bool
pform_dirty(screen *s)
{
	pform_state *st = s->state;
	return form_dirty(st->form);
}

static void
pform_flush(screen *s)
{
	pform_state *st = s->state;
	form_flush(st->form);
}

static void
pform_free(screen *s)
{
	pform_state *st = s->state;

	unbuild(st);
	proposal_free(&st->p);
	feedback_free(&st->fb);
	free(st->header);
	free(st);
}

static const char *
pform_help(screen *s)
{
	pform_state *st = s->state;

	if (st->kind == PFORM_FEEDBACK)
		return _("The returned feedback form (办理情况征询意见表), in the paper form's order: the "
		         "satisfaction box the deputy ticked (1 satisfied, 2 fairly satisfied, 3 dissatisfied, or "
		         "Left/Right and Space), the answers to the three questions (Enter starts a new line, Tab goes "
		         "on), the signature and the date signed (t enters today). F2 or Ctrl-S saves it and marks "
		         "the proposal returned; Esc cancels and asks before throwing typing away. Typing is kept as a "
		         "draft field by field: a closed terminal loses at most the field being typed.");
	if (st->kind == PFORM_LETTER)
		return _("The reply letter (答复函): its text (Enter starts a new line, Tab goes on), the leader in "
		         "charge, the contact, the contact phone and who gets a copy. F2 or Ctrl-S saves; Esc cancels "
		         "and asks before throwing typing away. Typing is kept as a draft field by field.");
	return _("A proposal in the paper form's order: the kind (1 deputy suggestion, 2 committee proposal), "
	         "session, the deputy or member (a person or a body), number (kept as typed: 032), title, phone "
	         "(shown whole here, masked in lists), handling unit, result class (1-3: A, B, C) and the dates "
	         "received and replied (t enters today). A new proposal starts with the session and handling unit "
	         "of the one entered last. Tab or Enter goes to the next field, Shift-Tab back; F2 or Ctrl-S "
	         "saves (a number already entered for the same session and handling unit is refused, naming the "
	         "other record); Esc cancels and asks before throwing typing away. Typing is kept as a draft "
	         "field by field.");
}

static const screen_ops pform_ops = {
	.name = "proposal_form", .draw = pform_draw, .key = pform_key, .hints = pform_hints,
	.dirty = pform_dirty, .flush = pform_flush, .free = pform_free, .help = pform_help,
};

screen *
proposal_form_screen_new(proposal_form_kind kind, const char *proposal_id, proposal_saved_fn saved, void *ctx)
{
	pform_state *st = xcalloc(1, sizeof *st);
	screen *s;
	char *title;
	int rc = 0;

	st->kind = kind;
	st->saved = saved;
	st->ctx = ctx;
	feedback_init(&st->fb);
	if (proposal_id && *proposal_id)
		rc = proposal_load(ui_db(), proposal_id, &st->p);
	else if (kind == PFORM_PROPOSAL)
		proposal_init(&st->p);
	else
		rc = 1;
	if (rc == 0 && kind == PFORM_FEEDBACK) {
		feedback_free(&st->fb);
		rc = feedback_load_for(ui_db(), proposal_id, &st->fb) < 0 ? -1 : 0;
	}
	if (rc != 0) {
		ui_flash(rc == 1 ? _("No such proposal: it was deleted meanwhile.") : db_error_text(ui_db()));
		proposal_free(&st->p);
		feedback_free(&st->fb);
		free(st);
		return NULL;
	}
	build(st);
	title = screen_title(st);
	s = ui_screen_new(&pform_ops, title, st);
	free(title);
	return s;
}
