/* double_entry.c - the paper forms keyed twice, with their double-entry state: keyed once, verified (the
 * second keying agreed), differences decided, edited after verification; returned feedback forms or
 * complete survey responses (t switches), a page at a time over the one list view, filtered by state
 * (f), searched (/). v keys the selected form a second time (verify_form.c); Enter shows both
 * operators and every decision. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "doubleentry.h"
#include "listscreen.h"
#include "listview.h"
#include "surveyrun.h"
#include "util.h"
#include "i18n.h"

enum { COL_NUMBER = DE_COL_NUMBER, COL_TITLE = DE_COL_TITLE, COL_FIRST = DE_COL_FIRST, COL_SECOND = DE_COL_SECOND,
       COL_STATE = DE_COL_STATE, NCOLS = DE_NCOLS };

typedef struct de_list_state {
	listview *lv;
	page_source *ps;        /* owned by lv */
	int state;              /* the state filtered on, or -1 for all */
	bool surveys;           /* the survey responses' list (t), not the feedback forms' */
	bool searching;
	bool stale;             /* a verification was saved: reload on the next draw */
} de_list_state;

static const char *
state_label(const char *v)
{
	int s = doubleentry_state_parse(v);

	return s < 0 ? v : doubleentry_state_label((de_state)s);
}

/* f: all, or one state. */
static void
choose_state(de_list_state *st)
{
	const char *labels[DE_NSTATES + 1] = { _("(all)") };
	int k;

	for (int i = 0; i < DE_NSTATES; i++)
		labels[i + 1] = doubleentry_state_label((de_state)i);
	k = dialog_pick(_("Double-entry state"), labels, DE_NSTATES + 1, (size_t)(st->state + 1), NULL);

	if (k < 0)
		return;
	st->state = k - 1;
	st->ps->set_condition(st->ps, "state", k == 0 ? NULL : doubleentry_state_name((de_state)(k - 1)));
	listview_reload(st->lv);
}

static void
saved(void *ctx, const char *id)
{
	de_list_state *st = ctx;
	(void)id;
	st->stale = true;
}

/* One decision as a line: the field, both keyings, and what was taken. */
static char *
decision_line(const char *label, const char *first, const char *second, const char *chosen, const char *final)
{
	const char *how;

	if (strcmp(chosen, "first") == 0)
		how = _("first keying taken");
	else if (strcmp(chosen, "second") == 0)
		how = _("second keying taken");
	else
		how = _("typed again");
	/* TRANSLATORS: field: first keying / second keying -> how it was decided: the value kept. */
	return xasprintf(_("%s: %s / %s -> %s: %s"), label, *first ? first : _("(empty)"), *second ? second : _("(empty)"),
	    how, *final ? final : _("(empty)"));
}

/* An answer as the operator reads it: a choice by its label, nothing as "(empty)". */
static const char *
answer(const field_def *d, const char *v)
{
	const char *label = field_choice_label(d, v);

	return label ? label : *v ? v : _("(empty)");
}

/* For a form edited after verification: who changed it and when, and each answer that is no longer the
 * verified one, appended to *text. */
static void
append_edits(char **text, const char *proposal_id)
{
	feedback fb;
	de_keying ver;
	fieldset fs = feedback_fieldset();
	char *t;

	if (feedback_load_for(ui_db(), proposal_id, &fb) != 0) {
		feedback_free(&fb);
		fieldset_free(&fs);
		return;
	}
	if (doubleentry_verified(ui_db(), DE_KIND_FEEDBACK, fb.meta.id, &ver) == 0) {
		/* TRANSLATORS: who last changed the form, and when. */
		t = xasprintf(_("%s\nChanged after verification by %s, %.10s:"), *text,
		    *fb.meta.operator_name ? fb.meta.operator_name : _("(unknown)"), fb.meta.updated_at);
		free(*text);
		*text = t;
		for (size_t i = 0; i < fs.n && i < FEEDBACK_NFIELDS; i++) {
			const char *was = de_keying_get(&ver, fs.fields[i].name);
			if (!was || strcmp(was, fb.v[i]) == 0)
				continue;
			/* TRANSLATORS: the field, then the verified answer and the answer now, each on its own line. */
			t = xasprintf(_("%s\n%s:\n  verified: %s\n  now: %s"), *text, fs.fields[i].label, answer(&fs.fields[i], was),
			    answer(&fs.fields[i], fb.v[i]));
			free(*text);
			*text = t;
		}
		de_keying_free(&ver);
	}
	feedback_free(&fb);
	fieldset_free(&fs);
}

#define COLTEXT(q, i) ((const char *)sqlite3_column_text((q), (i)))

/* A feedback form's decision (q's row: field, first, second, chosen, final), the field by its label in fs. */
static char *
form_decision_line(const fieldset *fs, sqlite3_stmt *q)
{
	int i = fieldset_find(fs, COLTEXT(q, 0));

	return decision_line(i >= 0 ? fs->fields[i].label : COLTEXT(q, 0), COLTEXT(q, 1), COLTEXT(q, 2), COLTEXT(q, 3),
	    COLTEXT(q, 4));
}

/* A survey response's decision, the question and the answers as the template words them (run). */
static char *
survey_decision_line(surveyrun *run, sqlite3_stmt *q)
{
	const char *key = COLTEXT(q, 0);
	char *label = surveyrun_key_label(run, key), *first = surveyrun_key_value(run, key, COLTEXT(q, 1));
	char *second = surveyrun_key_value(run, key, COLTEXT(q, 2)), *final = surveyrun_key_value(run, key, COLTEXT(q, 4));
	char *line = decision_line(label, first, second, COLTEXT(q, 3), final);

	free(label);
	free(first);
	free(second);
	free(final);
	return line;
}

/* Who keyed the record each time, its state, and each decision (sql's rows for ?1 = the row's id:
 * field, first value, second value, chosen, final value; a survey response's worded by run, a form's fields
 * labelled from fs when given). Fresh. */
static char *
keyings_text(const page_row *row, sqlite3_stmt *q, const fieldset *fs, surveyrun *run)
{
	fieldset none = { 0 };
	char *text, *t;

	/* TRANSLATORS: the double-entry details: state, first operator, second operator. */
	text = xasprintf(_("%s\nFirst keying: %s\nSecond keying: %s"), state_label(row->cells[COL_STATE]),
	    row->cells[COL_FIRST], *row->cells[COL_SECOND] ? row->cells[COL_SECOND] : _("(not yet)"));
	if (q)
		sqlite3_bind_text(q, 1, row->id, -1, SQLITE_TRANSIENT);
	while (q && sqlite3_step(q) == SQLITE_ROW) {
		char *line = run ? survey_decision_line(run, q) : form_decision_line(fs ? fs : &none, q);
		t = xasprintf("%s\n%s", text, line);
		free(line);
		free(text);
		text = t;
	}
	sqlite3_finalize(q);
	return text;
}

/* The decisions of the keying that counts: the newest live second keying of its record (a form
 * verified again after a change has earlier ones, kept). SQL to AND into a query over entry_keying k. */
#define CURRENT_ROUND " AND k.id = (SELECT k2.id FROM entry_keying k2 WHERE k2.record_kind = k.record_kind" \
	" AND k2.record_id = k.record_id AND k2.pass = 2 AND k2.deleted = 0 ORDER BY k2.created_at DESC, k2.id DESC LIMIT 1)"

/* For a record verified more than once (edited after verification, then verified again): how many
 * times, and that the earlier keyings are kept, appended to *text. sql counts its live second
 * keyings for ?1 (the list row's id). */
static void
append_rounds(char **text, const char *sql, const char *id)
{
	const char *params[1] = { id };
	char *n = db_query_text(ui_db(), sql, 1, params), *t;
	long rounds = n ? strtol(n, NULL, 10) : 0;

	free(n);
	if (rounds < 2)
		return;
	/* TRANSLATORS: %ld is how many times the record was keyed a second time (verified again after changes). */
	t = xasprintf(ngettext("%s\nVerified again after a change: %ld second keying in all; the decisions shown are "
	    "the newest one's, the earlier keyings are kept.", "%s\nVerified again after a change: %ld second keyings in all; "
	    "the decisions shown are the newest one's, the earlier keyings are kept.", (unsigned long)rounds), *text, rounds);
	free(*text);
	*text = t;
}

/* Enter: who keyed the form each time, its state, every decision, and what changed since. */
static void
show_form(const page_row *row)
{
	sqlite3_stmt *q = db_prepare(ui_db(), "SELECT d.field, d.first_value, d.second_value, d.chosen, d.final_value"
	    " FROM entry_decision d JOIN entry_keying k ON k.id = d.keying_id AND k.pass = 2 AND k.deleted = 0"
	    " JOIN feedback f ON f.id = k.record_id AND k.record_kind = 'feedback' AND f.deleted = 0"
	    " WHERE f.proposal_id = ?1 AND d.deleted = 0" CURRENT_ROUND " ORDER BY d.rowid");
	fieldset fs = feedback_fieldset();
	char *text, *t;

	text = keyings_text(row, q, &fs, NULL);
	append_rounds(&text, "SELECT count(*) FROM entry_keying k JOIN feedback f ON f.id = k.record_id AND k.record_kind = 'feedback'"
	    " AND f.deleted = 0 WHERE f.proposal_id = ?1 AND k.pass = 2 AND k.deleted = 0", row->id);
	if (doubleentry_state_parse(row->cells[COL_STATE]) == DE_EDITED)
		append_edits(&text, row->id);
	t = xasprintf(_("No. %s  %s"), row->cells[COL_NUMBER], row->cells[COL_TITLE]);
	dialog_message(t, text);
	free(t);
	free(text);
	fieldset_free(&fs);
}

/* The list of the records shown (feedback forms or survey responses), the state filter kept. */
static listview *
make_list(de_list_state *st)
{
	const listview_col feedback_cols[NCOLS] = {
		{ _("Num."), 5, NULL },
		{ _("Subject"), 0, NULL },
		{ _("Proposer"), 12, NULL },
		{ _("First keying"), 10, NULL },
		{ _("Second keying"), 10, NULL },
		{ _("State"), 25, state_label },
	};
	const listview_col survey_cols[NCOLS] = {
		{ _("Date"), 10, NULL },
		{ _("Community"), 14, NULL },
		{ _("Estate"), 0, NULL },
		{ _("First keying"), 10, NULL },
		{ _("Second keying"), 10, NULL },
		{ _("State"), 25, state_label },
	};

	st->ps = pagesource_sql_new(ui_db(), st->surveys ? doubleentry_survey_list() : doubleentry_feedback_list());
	if (st->state >= 0)
		st->ps->set_condition(st->ps, "state", doubleentry_state_name((de_state)st->state));
	return listview_new(st->ps, st->surveys ? survey_cols : feedback_cols, NCOLS);
}

/* t: the other records' list. */
static void
switch_records(de_list_state *st)
{
	st->surveys = !st->surveys;
	listview_free(st->lv);
	st->lv = make_list(st);
	st->searching = false;
}

/* An answer of a survey response changed after verification, appended to *text: the question, the verified
 * answer and the answer now, worded by run (as stored when the template cannot be read: run NULL). */
static void
append_survey_change(char **text, surveyrun *run, const char *key, const char *was, const char *now)
{
	char *label = run ? surveyrun_key_label(run, key) : xstrdup(key);
	char *a = run ? surveyrun_key_value(run, key, was) : xstrdup(*was ? was : _("(empty)"));
	char *b = run ? surveyrun_key_value(run, key, now) : xstrdup(*now ? now : _("(empty)"));
	char *t = xasprintf(_("%s\n%s:\n  verified: %s\n  now: %s"), *text, label, a, b);

	free(*text);
	*text = t;
	free(label);
	free(a);
	free(b);
}

/* Enter on a survey response: who keyed it each time, its state, every decision (by the template's
 * labels), and for one edited after verification each answer as verified and now. */
static void
show_survey(const page_row *row)
{
	sqlite3_stmt *q = db_prepare(ui_db(), "SELECT d.field, d.first_value, d.second_value, d.chosen, d.final_value"
	    " FROM entry_decision d JOIN entry_keying k ON k.id = d.keying_id AND k.pass = 2 AND k.deleted = 0"
	    " AND k.record_kind = 'survey_response' WHERE k.record_id = ?1 AND d.deleted = 0" CURRENT_ROUND " ORDER BY d.rowid");
	de_keying ver;
	char *text, *t, *err = NULL;
	surveyrun *run;

	run = surveyrun_open_stored(ui_db(), row->id, util_ui_language(), &err);
	free(err);
	text = keyings_text(row, q, NULL, run);
	append_rounds(&text, "SELECT count(*) FROM entry_keying k WHERE k.record_kind = 'survey_response' AND k.record_id = ?1"
	    " AND k.pass = 2 AND k.deleted = 0", row->id);
	if (doubleentry_state_parse(row->cells[COL_STATE]) == DE_EDITED &&
	    doubleentry_verified(ui_db(), DE_KIND_SURVEY, row->id, &ver) == 0) {
		t = xasprintf("%s\n%s", text, _("Changed after verification:"));
		free(text);
		text = t;
		for (size_t i = 0; i < ver.n; i++) {
			char *path = xasprintf("$.\"%s\"", ver.names[i]);
			const char *params[2] = { row->id, path };
			char *now = db_query_text(ui_db(), "SELECT CASE json_type(answers, ?2) WHEN 'array' THEN (SELECT"
			    " group_concat(value, ' ') FROM json_each(answers, ?2)) ELSE coalesce(json_extract(answers, ?2), '') END"
			    " FROM survey_response WHERE id = ?1", 2, params);
			if (now && strcmp(now, ver.values[i]) != 0)
				append_survey_change(&text, run, ver.names[i], ver.values[i], now);
			free(now);
			free(path);
		}
		de_keying_free(&ver);
	}
	surveyrun_free(run);
	t = xasprintf("%s  %s  %s", row->cells[DE_SCOL_DATE], row->cells[DE_SCOL_COMMUNITY], row->cells[DE_SCOL_ESTATE]);
	dialog_message(t, text);
	free(t);
	free(text);
}

/* f, t and v; false when k is not one of them. */
static bool
row_key(void *ctx, ui_key k, const page_row *row)
{
	de_list_state *st = ctx;

	if (k.is_key || (k.code != 'f' && k.code != 'v' && k.code != 't'))
		return false;
	if (k.code == 't')
		switch_records(st);
	else if (k.code == 'f')
		choose_state(st);
	else if (row && st->surveys)
		verify_survey_push(row->id, saved, st);
	else if (row)
		verify_form_push(row->id, saved, st);
	return true;
}

static void
open_row(void *ctx, const char *id, const page_row *row)
{
	(void)ctx, (void)id;
	if (((de_list_state *)ctx)->surveys)
		show_survey(row);
	else
		show_form(row);
}

static ui_action
de_key(screen *s, ui_key k)
{
	de_list_state *st = s->state;

	static const listscreen_ops ops = { .row_key = row_key, .open = open_row };

	return listscreen_key(st->lv, &st->searching, k, &ops, st);
}

static void
de_draw(screen *s, int top, int height, int width)
{
	de_list_state *st = s->state;
	char *t;

	if (st->stale) {
		st->stale = false;
		listview_reload(st->lv);
	}
	t = xasprintf(_("Records (t): %s   State (f): %s"), st->surveys ? _("Survey responses") : _("Feedback forms"),
	    st->state < 0 ? _("(all)") : doubleentry_state_label((de_state)st->state));
	ui_put_cols(top, 1, t, width - 2, st->state < 0 ? ROLE_DIM : ROLE_HINT);
	free(t);
	listview_draw(st->lv, top + 1, height - 1, width);
}

static const char *
de_hints(screen *s)
{
	de_list_state *st = s->state;

	return listscreen_hints(st->lv, st->searching, _("Enter Details  v Verify  t Records  f State  / Search  s Sort  Esc Back  F1 Help"));
}

static void
de_free(screen *s)
{
	de_list_state *st = s->state;

	listview_free(st->lv);
	free(st);
}

static const char *
de_help(screen *s)
{
	(void)s;
	return _("Double entry of paper forms: the returned feedback forms, or (t) the complete survey responses "
	         "keyed from paper questionnaires. Each one is keyed once, verified (keyed a second "
	         "time by another operator with no difference), with its differences decided, or edited after "
	         "verification (changed since, so it no longer holds the verified answers). v keys the selected "
	         "one a second time, blind (F3 switches the operator first); on one edited after verification, v "
	         "verifies it again: the form as changed is the first keying, keyed again by another operator than "
	         "the one who changed it, and the earlier keyings are kept. Enter shows who keyed it each time, "
	         "every decision and, for an edited form, who changed it and each answer as verified and now. f "
	         "shows one state only; / searches number, title and proposer (survey responses: date, estate, operators); s sorts, r reverses. Esc goes "
	         "back.");
}

static const screen_ops de_ops = {
	.name = "double_entry", .draw = de_draw, .key = de_key, .hints = de_hints, .free = de_free, .help = de_help,
};

screen *
double_entry_screen_new(void)
{
	de_list_state *st = xcalloc(1, sizeof *st);

	st->state = -1;
	st->lv = make_list(st);
	return ui_screen_new(&de_ops, _("Double entry of paper forms"), st);
}
