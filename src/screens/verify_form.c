/* verify_form.c - the second keying of a paper form, blind, as CSPro's verify mode does it: a returned
 * feedback form (办理情况征询意见表) over the feedback fieldset, or a paper questionnaire (a complete
 * survey response) over its template's form, page by page with its skip logic and repeat groups. The
 * form engine runs in verify mode: a field that differs from the first keying stops the operator when
 * it is left; both values are shown side by side and the operator says which is right (1 the first, 2
 * the second) or types it again (3) from the paper. Saving keeps both keyings and the decisions
 * (doubleentry.h) and puts the verified answers in the record, in one transaction. Typing is kept as a
 * draft ("verify:<record id>"). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "doubleentry.h"
#include "form.h"
#include "settings.h"
#include "surveyrun.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

typedef struct vform_state {
	fieldset fs;            /* a feedback form's fields (a survey's are its runner's) */
	form *form;
	feedback fb;            /* a feedback form as entered (first keying), then as verified */
	surveyrun *run;         /* a survey response's second keying (NULL for a feedback form) */
	de_keying first;
	char *header;           /* the paper form's number and title, shown above */
	bool deciding;          /* a difference is shown and waits for 1, 2, 3 or Esc */
	form *retype;           /* while a multi-line answer is typed again (3): its one-field form */
	size_t dfield, dinst;   /* the field whose difference is shown */
	void (*saved)(void *ctx, const char *id);
	void *ctx;
	char record_id[UUID_TEXT_LEN];   /* what saved is called with: the proposal's id, or the response's */
} vform_state;

/* The field whose difference is shown. */
static const field_def *
stopped_field(const vform_state *st)
{
	return &formmodel_fields(form_model(st->form))->fields[st->dfield];
}

/* The value as the operator reads it: a choice by its label, nothing as "(empty)". */
static const char *
shown_value(const field_def *d, const char *v)
{
	const char *label = field_choice_label(d, v);

	if (label)
		return label;
	return *v ? v : _("(empty)");
}

/* ---- the difference ----------------------------------------------------------------- */

/* The retyped value is checked as typing into the field is, before it is taken. */
static char *
check_third(const char *text, void *ud)
{
	const field_def *d = ud;
	char *n = field_normalize(d, text), *err = field_validate(d, n);

	free(n);
	return err;
}

/* 3 on a multi-line field: the answer typed again in the form engine's own multi-line editor (Enter
 * breaks the line, Up/Down move between lines, F2 takes it, Esc goes back), a one-field form of the
 * field's kind and limits drawn over the difference (vform_draw); NULL when the operator went back. */
static char *
retype_multiline(vform_state *st, const field_def *d)
{
	fieldset one = { 0 };
	field_def *f = fieldset_add(&one, d->name, d->label, FIELD_MULTILINE);
	char *value = NULL, *err;

	f->max_chars = d->max_chars;
	st->retype = form_new(&one, NULL);
	for (;;) {
		form_result r;

		ui_redraw();
		r = form_key(st->retype, ui_get_key());
		if (r == FORM_CANCEL)
			break;
		if (r != FORM_SAVE)
			continue;
		value = form_get_value(st->retype, d->name);
		if (!(err = check_third(value, (void *)d)))
			break;
		form_set_error(st->retype, d->name, err);
		free(err);
		free(value);
		value = NULL;
	}
	form_free(st->retype);
	st->retype = NULL;
	fieldset_free(&one);
	return value;
}

/* 3: the value from the paper, typed again (a choice picked from its list); false when the operator left the question. */
static bool
retype(vform_state *st, char **value)
{
	const field_def *d = stopped_field(st);
	char *prompt;

	if (d->kind == FIELD_CHOICE && d->nchoices) {
		const char **labels = xcalloc(d->nchoices, sizeof *labels);
		int k;

		for (size_t i = 0; i < d->nchoices; i++)
			labels[i] = d->choices[i].label;
		k = dialog_pick(_("Type it again"), labels, d->nchoices, 0, NULL);
		free(labels);
		*value = k < 0 ? NULL : xstrdup(d->choices[k].value);
		return *value != NULL;
	}

	if (d->kind == FIELD_MULTILINE) {
		*value = retype_multiline(st, d);
		return *value != NULL;
	}
	/* TRANSLATORS: %s is the field's label. */
	prompt = xasprintf(_("%s as the paper has it:"), d->label);
	*value = dialog_input(_("Type it again"), prompt, field_max_chars(d) ? field_max_chars(d) : 2000, check_third,
	    (void *)d);
	free(prompt);
	return *value != NULL;
}

static ui_action after_form(screen *s, vform_state *st, form_result r);

/* 1, 2, 3 decide the difference shown and the stopped key carries on; Esc goes back to the field. */
static ui_action
decide_key(screen *s, vform_state *st, ui_key k)
{
	formmodel_verdict v;
	char *third = NULL, *err;

	if (k.is_key)
		return UI_STAY;
	if (k.code == 27) {
		st->deciding = false;
		ui_flash(_("The difference stays: correct the field, or leave it again to decide."));
		return UI_STAY;
	}
	if (k.code == '1')
		v = FORMMODEL_KEEP_FIRST;
	else if (k.code == '2')
		v = FORMMODEL_TAKE_SECOND;
	else if (k.code == '3' && retype(st, &third))
		v = FORMMODEL_RETYPED;
	else
		return UI_STAY;
	err = formmodel_verify_decide(form_model(st->form), st->dfield, st->dinst, v, third);
	free(third);
	if (err) {
		dialog_message(_("Not taken"), err);
		free(err);
		return UI_STAY;
	}
	st->deciding = false;
	return after_form(s, st, form_verify_resume(st->form));
}

/* ---- saving ------------------------------------------------------------------------- */

/* A survey's second keying with fewer repeat members than the first: the first's answers in the
 * missing ones would be dropped, so the operator says so (or goes back and adds them with F7). */
static bool
unkeyed_ok(vform_state *st)
{
	const char *example;
	size_t n = doubleentry_unkeyed(&st->first, form_model(st->form), &example);
	char *q;
	bool yes;

	if (n == 0)
		return true;
	/* TRANSLATORS: %zu answers, %s the first of them (e.g. members[3].age). */
	q = xasprintf(ngettext("The first keying has %zu answer this keying has no place for (%s): a repeat member it "
	    "had is not added here (F7 adds one). Save without it?", "The first keying has %zu answers this keying has "
	    "no place for (%s, ...): repeat members it had are not added here (F7 adds one). Save without them?", n),
	    n, example);
	yes = dialog_ask(_("Fewer members?"), q, false);
	free(q);
	return yes;
}

static ui_action
save(vform_state *st)
{
	char *err = NULL, *msg;
	int diffs = 0, rc;

	if (st->run && !unkeyed_ok(st))
		return UI_STAY;
	if (st->run)
		rc = doubleentry_survey_save(ui_db(), st->run, &st->first, &diffs, &err);
	else
		rc = doubleentry_feedback_save(ui_db(), &st->fb, &st->first, form_model(st->form), &diffs, &err);
	if (rc != 0) {
		dialog_message(_("Not saved"), err ? err : _("The database refused the change."));
		free(err);
		return UI_STAY;
	}
	form_clear_draft(st->form);
	ui_refresh_status();
	if (st->saved)
		st->saved(st->ctx, st->record_id);
	if (diffs == 0)
		msg = xstrdup(_("Verified: both keyings agree."));
	else
		/* TRANSLATORS: %d is how many fields differed between the two keyings. */
		msg = xasprintf(ngettext("Verified: %d difference decided.", "Verified: %d differences decided.", diffs), diffs);
	ui_flash(msg);
	free(msg);
	return UI_BACK;
}

static ui_action
after_form(screen *s, vform_state *st, form_result r)
{
	(void)s;
	if (r == FORM_VERIFY) {
		form_focused(st->form, &st->dfield, &st->dinst);
		st->deciding = true;
		return UI_STAY;
	}
	if (r == FORM_CANCEL)
		return UI_BACK;
	if (r == FORM_SAVE)
		return save(st);
	return UI_STAY;
}

static ui_action
vform_key(screen *s, ui_key k)
{
	vform_state *st = s->state;

	if (st->deciding)
		return decide_key(s, st, k);
	return after_form(s, st, form_key(st->form, k));
}

/* ---- drawing ------------------------------------------------------------------------ */

/* One side of the difference: a title and the value wrapped in its column. */
static void
draw_side(int y, int x, int w, int rows, const char *title, const char *value)
{
	ui_put_cols(y, x, title, w, ROLE_TITLE);
	ui_draw_wrapped(y + 1, x, value, w, rows, ROLE_HINT);
}

/* The two keyings of the stopped field side by side, and what the keys do. */
static void
draw_difference(vform_state *st, int top, int height, int width)
{
	const formmodel *m = form_model(st->form);
	const field_def *d = stopped_field(st);
	int h = height < 12 ? height : 12, y = top + height - h, col = (width - 9) / 2;
	char *title, *left, *right, *op = settings_get(ui_db(), "operator");

	for (int r = 0; r < h; r++)
		ui_fill(y + r, 1, width - 2, ROLE_DIALOG);
	ui_box(y, 1, h, width - 2, ROLE_DIALOG);
	/* TRANSLATORS: %s is the field's label. */
	title = xasprintf(_(" The keyings differ: %s "), d->label);
	ui_put_cols(y, 3, title, width - 6, ROLE_TITLE);
	/* TRANSLATORS: %s is the operator who keyed it. */
	left = xasprintf(_("First keying (%s)"), st->first.operator_name);
	right = xasprintf(_("Second keying (%s)"), op ? op : "");
	draw_side(y + 2, 3, col, h - 6, left, shown_value(d, formmodel_verify_first(m, st->dfield, st->dinst)));
	draw_side(y + 2, 6 + col, col, h - 6, right, shown_value(d, formmodel_verify_second(m, st->dfield, st->dinst)));
	ui_put_cols(y + h - 2, 3, _("Which is right?  1 First keying   2 Second keying   3 Neither: type it again   Esc Back to the field"),
	    width - 6, ROLE_DIALOG);
	free(title);
	free(left);
	free(right);
	free(op);
}

/* The multi-line answer being typed again, over the difference. */
static void
draw_retype(vform_state *st, int top, int height, int width)
{
	const field_def *d = stopped_field(st);
	int h = height < 12 ? height : 12, y = top + height - h;
	char *title;

	for (int r = 0; r < h; r++)
		ui_fill(y + r, 1, width - 2, ROLE_DIALOG);
	ui_box(y, 1, h, width - 2, ROLE_DIALOG);
	/* TRANSLATORS: %s is the field's label. */
	title = xasprintf(_(" Type it again: %s "), d->label);
	ui_put_cols(y, 3, title, width - 6, ROLE_TITLE);
	free(title);
	ui_put_cols(y + 1, 3, _("As the paper has it. Enter starts a new line; F2 takes it; Esc goes back."), width - 6,
	    ROLE_DIALOG);
	form_draw(st->retype, y + 2, h - 3, width - 2);
}

static void
vform_draw(screen *s, int top, int height, int width)
{
	vform_state *st = s->state;
	int skip = ui_draw_wrapped(top + 1, 2, st->header, width - 4, 3, ROLE_HINT) + 1;

	form_draw(st->form, top + skip, height - skip, width);
	if (st->retype)
		draw_retype(st, top + skip, height - skip, width);
	else if (st->deciding)
		draw_difference(st, top + skip, height - skip, width);
}

static const char *
vform_hints(screen *s)
{
	vform_state *st = s->state;

	if (st->retype)
		return form_hints(st->retype);
	if (st->deciding)
		return _("1 First  2 Second  3 Type again  Esc Back to the field  F1 Help");
	return form_hints(st->form);
}

static bool
vform_dirty(screen *s)
{
	vform_state *st = s->state;
	return form_dirty(st->form);
}

static void
vform_flush(screen *s)
{
	vform_state *st = s->state;
	form_flush(st->form);
}

static void
vform_free(screen *s)
{
	vform_state *st = s->state;

	form_free(st->form);
	surveyrun_free(st->run);
	fieldset_free(&st->fs);
	feedback_free(&st->fb);
	de_keying_free(&st->first);
	free(st->header);
	free(st);
}

static const char *
vform_help(screen *s)
{
	vform_state *st = s->state;

	if (st->run)
		return _("Verify (double entry): key the paper questionnaire a second time, without seeing the first "
		         "keying, page by page as on the paper: questions that do not apply are skipped as they are when "
		         "answering; F7 adds a household member, F8 removes the one shown. When you leave a question whose "
		         "answer differs from the first keying, the form stops and shows both values side by side: 1 if the "
		         "first keying is right, 2 if yours is, 3 to type the answer again from the paper; Esc goes back to "
		         "the question. F2 saves: both keyings and every decision are kept, and the verified answers go "
		         "into the response. The second keying must be by another operator than the first (F3 switches).");
	return _("Verify (double entry): key the returned feedback form a second time from the paper, without "
	         "seeing the first keying. When you leave a field whose answer differs from the first keying, "
	         "the form stops and shows both values side by side: 1 if the first keying is right, 2 if yours "
	         "is, 3 to type the answer again from the paper; Esc goes back to the field. Blanks and full-width "
	         "digits are not differences. F2 or Ctrl-S saves: both keyings and every decision are kept, and "
	         "the verified answers go into the form. The second keying must be by another operator than the "
	         "first (F3 switches). Typing is kept as a draft field by field.");
}

static const screen_ops vform_ops = {
	.name = "verify_form", .draw = vform_draw, .key = vform_key, .hints = vform_hints,
	.dirty = vform_dirty, .flush = vform_flush, .free = vform_free, .help = vform_help,
};

/* The paper form's number, title and proposer, so the operator knows which paper is keyed; *title gets the screen's title. */
static char *
header_of(const char *proposal_id, const de_keying *first, char **title)
{
	proposal p;
	char *h;

	if (proposal_load(ui_db(), proposal_id, &p) != 0) {
		proposal_free(&p);
		*title = xstrdup(_("Verify"));
		return xstrdup("");
	}
	*title = xasprintf(_("Verify the feedback form of No. %s"), p.v[PROPOSAL_NUMBER]);
	/* TRANSLATORS: number, title, proposer, then who keyed the form the first time. */
	h = xasprintf(_("No. %s  %s\nDeputy or member: %s   Second keying, blind: the first was by %s"),
	    p.v[PROPOSAL_NUMBER], p.v[PROPOSAL_TITLE], p.v[PROPOSAL_PROPOSER], first->operator_name);
	proposal_free(&p);
	return h;
}

/* Say why the form cannot be verified; always NULL. */
static screen *
refuse(vform_state *st, const char *msg)
{
	dialog_message(_("Not verified"), msg);
	surveyrun_free(st->run);
	feedback_free(&st->fb);
	de_keying_free(&st->first);
	free(st);
	return NULL;
}

/* A second keying resumed from its draft goes on at the first field, in page order, that can be
 * keyed and holds nothing yet: where the operator stopped, not back at the first question. */
static void
resume_keying(form *f)
{
	const formmodel *m = form_model(f);

	for (size_t p = 0; p < formmodel_page_count(m); p++) {
		formmodel_page pg = formmodel_page_at(m, p);
		for (size_t i = pg.first; i < pg.end; i++)
			if (formmodel_editable(m, i, pg.inst) && !*formmodel_raw(m, i, pg.inst) && form_focus_at(f, i, pg.inst))
				return;
	}
}

/* The screen over st, whose form is made and in verify mode, for the record id (what saved gets);
 * restored: the form may hold typing restored from its draft. Takes title. */
static screen *
open_screen(vform_state *st, const char *id, proposal_saved_fn saved, void *ctx, bool restored, char *title)
{
	screen *s;

	snprintf(st->record_id, sizeof st->record_id, "%s", id);
	st->saved = saved;
	st->ctx = ctx;
	if (restored && form_dirty(st->form)) {
		resume_keying(st->form);
		ui_flash(_("Restored what you typed last time (not saved yet)."));
	}
	s = ui_screen_new(&vform_ops, title, st);
	free(title);
	return s;
}

screen *
verify_form_screen_new(const char *proposal_id, proposal_saved_fn saved, void *ctx)
{
	vform_state *st = xcalloc(1, sizeof *st);
	char *msg, *key, *title;
	bool restored;
	int rc = doubleentry_feedback_first(ui_db(), proposal_id, &st->fb, &st->first);
	screen *s;

	if (rc != 0)
		return refuse(st, rc == 1 ? _("No feedback form is entered for this proposal: enter it first (b).")
		                          : db_error_text(ui_db()));
	if ((msg = doubleentry_can_verify(ui_db(), DE_KIND_FEEDBACK, st->fb.meta.id, &st->first)) != NULL) {
		s = refuse(st, msg);
		free(msg);
		return s;
	}
	st->fs = feedback_fieldset();
	key = xasprintf("verify:%s", st->fb.meta.id);
	st->form = form_new(&st->fs, key);
	free(key);
	doubleentry_begin(form_model(st->form), &st->first);
	restored = form_restore_draft(st->form) > 0;
	st->header = header_of(proposal_id, &st->first, &title);
	return open_screen(st, proposal_id, saved, ctx, restored, title);
}

/* Push make(id)'s screen, or its refusal; id copied first (a refusal's dialog redraws the list it may live in). */
static void
push_copy(screen *(*make)(const char *, proposal_saved_fn, void *), const char *id, proposal_saved_fn saved, void *ctx)
{
	char *copy = xstrdup(id);
	screen *s = make(copy, saved, ctx);

	free(copy);
	if (s)
		ui_push(s);
}

void
verify_form_push(const char *proposal_id, proposal_saved_fn saved, void *ctx)
{
	push_copy(verify_form_screen_new, proposal_id, saved, ctx);
}

/* ---- a paper questionnaire (a complete survey response) ---- */

/* The response's date, community and estate, so the operator knows which paper is keyed; *title gets the screen's title. */
static char *
survey_header(const char *response_id, const de_keying *first, char **title)
{
	const char *params[1] = { response_id };
	char *where = db_query_text(ui_db(), "SELECT surveyed_on || '  ' || coalesce((SELECT name FROM community c"
	    " WHERE c.id = r.community), r.community) || '  ' || r.estate FROM survey_response r WHERE r.id = ?1", 1, params);
	char *h;

	*title = xasprintf(_("Verify the survey response of %s"), where ? where : "");
	/* TRANSLATORS: the response's date, community and estate, then who keyed it the first time. */
	h = xasprintf(_("%s\nSecond keying, blind: the first was by %s"), where ? where : "", first->operator_name);
	free(where);
	return h;
}

screen *
verify_survey_screen_new(const char *response_id, survey_saved_fn saved, void *ctx)
{
	vform_state *st = xcalloc(1, sizeof *st);
	char *err = NULL, *msg, *title;
	screen *s;
	int rc = doubleentry_survey_first(ui_db(), response_id, util_ui_language(), &st->first, &err);

	if (rc != 0) {
		s = refuse(st, rc == 1 ? _("Only a complete response can be keyed a second time: finish it first (Enter, then F2).")
		                      : err ? err : db_error_text(ui_db()));
		free(err);
		return s;
	}
	if ((msg = doubleentry_can_verify(ui_db(), DE_KIND_SURVEY, response_id, &st->first)) != NULL ||
	    !(st->run = surveyrun_open_verify(ui_db(), response_id, util_ui_language(), &msg))) {
		s = refuse(st, msg ? msg : "");
		free(msg);
		return s;
	}
	st->form = form_new_model(surveyrun_model(st->run));
	form_set_label_fn(st->form, survey_run_label, st->run);
	doubleentry_begin(surveyrun_model(st->run), &st->first);
	st->header = survey_header(response_id, &st->first, &title);
	return open_screen(st, response_id, saved, ctx, true, title);   /* the runner restored its draft */
}

void
verify_survey_push(const char *response_id, survey_saved_fn saved, void *ctx)
{
	push_copy(verify_survey_screen_new, response_id, saved, ctx);
}
