/* survey_run.c - answering one survey response: the template's questions in the form engine (a group
 * per page, relevance, constraints, required, ${name} in labels, repeats with F7/F8), over the
 * runner core (surveyrun.h). Each field the operator leaves is stored at once through survey.h; the
 * field being typed is in the form model's draft; Esc keeps the response as a draft; F2 (or Enter on
 * the last field) finishes it. */
#include "config.h"
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "dialog.h"
#include "form.h"
#include "surveyrun.h"
#include "util.h"
#include "i18n.h"

typedef struct run_state {
	surveyrun *r;
	form *f;
	survey_saved_fn saved;
	void *ctx;
	char *hints;
	bool save_failed;     /* the last save was refused: say so until one succeeds */
} run_state;

/* The questions' language: the interface's (Chinese when the messages are), else English. */
static const char *
ui_language(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);

	return loc && strncmp(loc, "zh", 2) == 0 ? "zh" : "en";
}

char *
survey_run_label(void *ud, size_t field, size_t inst)
{
	template_form *tf = surveyrun_template_form(ud);
	const char *type = template_form_type(tf, field);

	if (type && strcmp(type, "calculate") == 0)
		return NULL;
	return template_form_label(tf, field, inst);
}

static void
save_now(run_state *st)
{
	char *err = NULL;
	bool was_stored = surveyrun_stored(st->r);

	if (surveyrun_save(st->r, ui_db(), &err) == 0) {
		st->save_failed = false;
		if (!was_stored && surveyrun_stored(st->r))
			ui_refresh_status();   /* the first answer made the record: the drafts count one more */
		if (st->saved && surveyrun_stored(st->r))
			st->saved(st->ctx, surveyrun_id(st->r));
		return;
	}
	st->save_failed = true;
	ui_flash(err ? err : _("The answer could not be saved."));
	free(err);
}

/* Store what is on the screen: the focused field counts as left when it holds something. */
static void
keep(run_state *st)
{
	size_t field, inst;
	formmodel *m = surveyrun_model(st->r);

	form_flush(st->f);
	form_focused(st->f, &field, &inst);
	/* (in a new response only once something was typed: a prefilled estate left alone is no answer) */
	if (field < formmodel_fields(m)->n && *formmodel_raw(m, field, inst) && (surveyrun_stored(st->r) || formmodel_dirty(m)))
		surveyrun_visit(st->r, field, inst);
	save_now(st);
}

static ui_action
finish(run_state *st)
{
	size_t field = 0, inst = 0;
	char *err = NULL;
	int rc = surveyrun_finish(st->r, ui_db(), &field, &inst, &err);

	if (rc == 1) {
		form_focus_at(st->f, field, inst);
		ui_flash(_("Some fields need attention: see the messages under them."));
		return UI_STAY;
	}
	if (rc != 0) {
		ui_flash(err ? err : _("The answer could not be saved."));
		free(err);
		return UI_STAY;
	}
	if (st->saved)
		st->saved(st->ctx, surveyrun_id(st->r));
	ui_flash(_("Survey response finished."));
	ui_refresh_status();
	return UI_BACK;
}

static ui_action
run_key(screen *s, ui_key k)
{
	run_state *st = s->state;
	size_t bf, bi, af, ai;
	form_result r;

	if (!k.is_key && k.code == 27) {
		/* Nothing is thrown away: the response stays a draft, resumed from the list. */
		keep(st);
		if (!st->save_failed && !surveyrun_stored(st->r))
			ui_flash(_("Nothing was answered: no response was kept."));
		else if (!st->save_failed)
			ui_flash(_("Kept as a draft: Enter on it in the list goes on where you stopped."));
		return st->save_failed ? UI_STAY : UI_BACK;
	}
	form_focused(st->f, &bf, &bi);
	r = form_key(st->f, k);
	form_focused(st->f, &af, &ai);
	if (af != bf || ai != bi || r == FORM_SAVE || (k.is_key && (k.code == KEY_F(7) || k.code == KEY_F(8)))) {
		surveyrun_visit(st->r, bf, bi);
		save_now(st);
	}
	if (r == FORM_SAVE)
		return finish(st);
	if (r == FORM_CANCEL)
		return UI_BACK;
	return UI_STAY;
}

/* The first line shows the focused question whole (the label column cuts long ones), or why the
 * last save failed. */
static void
run_draw(screen *s, int top, int height, int width)
{
	run_state *st = s->state;
	formmodel *m = surveyrun_model(st->r);
	size_t field, inst;
	char *label = NULL, *line;

	form_focused(st->f, &field, &inst);
	if (field < formmodel_fields(m)->n)
		label = template_form_label(surveyrun_template_form(st->r), field, inst);
	if (st->save_failed)
		line = xstrdup(_("The answer could not be saved."));
	else
		line = xstrdup(label ? label : "");
	ui_put_cols(top, 1, line, width - 2, st->save_failed ? ROLE_ERROR : ROLE_HINT);
	free(line);
	free(label);
	form_draw(st->f, top + 1, height - 1, width);
}

static const char *
run_hints(screen *s)
{
	run_state *st = s->state;
	formmodel *m = surveyrun_model(st->r);
	const fieldset *fs = formmodel_fields(m);
	size_t field, inst, g;

	form_focused(st->f, &field, &inst);
	g = fs->n ? formmodel_page_at(m, formmodel_page_of(m, field, inst)).group : 0;
	free(st->hints);
	st->hints = xasprintf("%s%s", _("Enter Next  1-9 Choose  PgDn/PgUp Page  F2 Finish  Esc Keep as draft  F1 Help"),
	    !g || !fs->groups[g - 1].repeat ? "" : formmodel_repeat_extra(m, g) ? _("  F8 Remove")
	    : !formmodel_repeat_fixed(m, g) ? _("  F7 Add  F8 Remove") : "");
	return st->hints;
}

/* Answers are stored as they are left: nothing waits to be saved but the field being typed, which
 * flush keeps. */
static bool
run_dirty(screen *s)
{
	(void)s;
	return false;
}

/* The terminal closed: the field being typed goes to the form model's draft only (it is not left,
 * so the draft resumes on it, with what was typed); in a response not yet a record it is its first answer. */
static void
run_flush(screen *s)
{
	run_state *st = s->state;

	if (!surveyrun_stored(st->r)) {
		/* a new response has no draft yet: what is being typed becomes its first answer */
		keep(st);
		return;
	}
	form_flush(st->f);
	save_now(st);
}

static void
run_free(screen *s)
{
	run_state *st = s->state;

	form_free(st->f);
	surveyrun_free(st->r);
	free(st->hints);
	free(st);
}

static const char *
run_help(screen *s)
{
	(void)s;
	return _("A survey response, one page per group of questions. Type the answer; for a choice press its "
	         "number (1-9) or move with the arrows and press Space; Enter goes to the next question and "
	         "PgDn/PgUp to the next or previous page. Questions that do not apply are skipped. Every answer "
	         "is saved the moment you leave its field, so nothing is lost if the program is closed; the "
	         "response stays a draft until it is finished. F2 (or Enter on the last question) finishes it "
	         "after checking the required answers and the limits. F7 adds a member to a repeating group "
	         "(a household's members), F8 removes the one shown. Esc keeps the response as a draft.");
}

static const screen_ops run_ops = {
	.name = "survey_run", .draw = run_draw, .key = run_key, .hints = run_hints, .dirty = run_dirty,
	.flush = run_flush, .free = run_free, .help = run_help,
};

/* A draft answered before its repeat was counted may hold more members than the count gives now:
 * they are kept and shown (never dropped unseen); say so, and that F8 removes one. */
static void
say_kept_members(formmodel *m)
{
	const fieldset *fs = formmodel_fields(m);

	for (size_t g = 1; g <= fs->ngroups; g++) {
		size_t extra = formmodel_repeat_extra(m, g);
		if (!extra)
			continue;
		char *msg = xasprintf(_("%s: %zu more than the count gives now, answered before the form counted "
		    "them: kept. F8 on one removes it."), fs->groups[g - 1].label, extra);
		ui_flash(msg);
		free(msg);
		return;
	}
}

/* The screen over runner r (taken over). */
static screen *
run_screen_new(surveyrun *r, survey_saved_fn saved, void *ctx)
{
	run_state *st;
	size_t field, inst;

	st = xcalloc(1, sizeof *st);
	st->r = r;
	st->saved = saved;
	st->ctx = ctx;
	st->f = form_new_model(surveyrun_model(r));
	form_set_label_fn(st->f, survey_run_label, r);
	if (surveyrun_resume_at(r, &field, &inst))
		form_focus_at(st->f, field, inst);
	say_kept_members(surveyrun_model(r));
	return ui_screen_new(&run_ops, _("Survey response (draft: each answer is saved as you leave it)"), st);
}

screen *
survey_run_screen_new(const char *response_id, survey_saved_fn saved, void *ctx)
{
	char *err = NULL;
	surveyrun *r = surveyrun_open(ui_db(), response_id, ui_language(), &err);

	if (!r) {
		dialog_message(_("Cannot open the survey response"), err ? err : "");
		free(err);
		return NULL;
	}
	return run_screen_new(r, saved, ctx);
}

screen *
survey_run_screen_start(const char *template_id, const char *community, const char *estate, survey_saved_fn saved, void *ctx)
{
	char *err = NULL;
	surveyrun *r = surveyrun_new(ui_db(), template_id, community, estate, ui_language(), &err);

	if (!r) {
		dialog_message(_("Not started"), err ? err : "");
		free(err);
		return NULL;
	}
	return run_screen_new(r, saved, ctx);
}
