/* proposals.c - the list of proposals (建议/提案) and their feedback forms: number, title, proposer,
 * handling unit, masked phone, form status and satisfaction, a page at a time over the one list
 * view (keyset pages, FTS search, bound filter conditions, deleted rows and their restore). The keys
 * open a proposal's screens (proposal_form.c); nothing here loads the table. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "db.h"
#include "dialog.h"
#include "importview.h"
#include "propimport.h"
#include "listscreen.h"
#include "listview.h"
#include "proposal.h"
#include "record.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The list's columns, in the order of the page columns below. */
enum { COL_NUMBER, COL_TITLE, COL_PROPOSER, COL_UNIT, COL_PHONE, COL_STATUS, COL_SATISFACTION, NCOLS };

/* Sortable only where an index on (column, id) exists (proposal_number, proposal_title, and the
 * proposal_proposer and proposal_handling_unit of migration_proposal_sort). */
static const page_column proposal_cols[NCOLS] = {
	{ "number", false, true },
	{ "title", false, true },
	{ "proposer", false, true },
	{ "handling_unit", false, true },
	{ "phone", false, false },
	{ "form_status", false, false },
	{ "(SELECT satisfaction FROM feedback WHERE feedback.proposal_id = proposal.id AND feedback.deleted = 0"
	  " ORDER BY feedback.created_at LIMIT 1)", false, false },
};

/* The filters, each switched on with a bound value chosen from those present (key f). */
enum { COND_UNIT, COND_STATUS, COND_SATISFACTION, COND_SESSION, NCONDS };
static const page_cond proposal_conds[NCONDS] = {
	{ "unit", "handling_unit = :unit" },
	{ "status", "form_status = :status" },
	{ "satisfaction", "EXISTS (SELECT 1 FROM feedback WHERE feedback.proposal_id = proposal.id"
	  " AND feedback.deleted = 0 AND feedback.satisfaction = :satisfaction)" },
	{ "session", "session = :session" },
};

/* The search (number, title, proposer, handling unit) is served by the FTS table search.c keeps. */
static const page_query proposal_query = {
	.from = "proposal", .id_expr = "id", .fts = "proposal_fts", .deleted_col = "deleted",
	.cols = proposal_cols, .ncols = NCOLS, .conds = proposal_conds, .nconds = NCONDS,
};

static const char *const satisfaction_values[] = { "satisfied", "fairly", "dissatisfied" };
static const char *const satisfaction_labels[] = { N_("Satisfied"), N_("Fairly satisfied"), N_("Dissatisfied") };

typedef struct proposals_state {
	listview *lv;
	page_source *ps;          /* owned by lv */
	char *cond[NCONDS];       /* the value each filter is on with, or NULL */
	bool searching;           /* the list's search box has the keyboard */
	bool stale;               /* a screen above saved: reload on the next draw */
	char *saved_id;           /* the proposal saved last: selected on the next draw (a new one shows where it sorts) */
	char *hints;
	char *help;               /* the F1 text, built on asking */
} proposals_state;

static proposal_print_fn print_hook;

void
proposals_set_print_hook(proposal_print_fn fn)
{
	print_hook = fn;
}

/* ---- cells ---------------------------------------------------------------------------- */

static const char *
format_phone(const char *v)
{
	/* The list copies the text at once: one cell's buffer at a time is enough. */
	static char *masked;

	free(masked);
	masked = proposal_phone_mask(v);
	return masked;
}

static const char *
status_label(const char *v)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(v, proposal_status_name((proposal_form_status)i)) == 0)
			return proposal_status_label((proposal_form_status)i);
	return v;
}

static const char *
satisfaction_label(const char *v)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(v, satisfaction_values[i]) == 0)
			return _(satisfaction_labels[i]);
	return v;
}

/* ---- filters -------------------------------------------------------------------------- */

/* Distinct non-empty values of a column among the live proposals (column is this file's constant),
 * at most max of them, in order; returns the count, *out fresh. */
static size_t
values_present(const char *column, size_t max, char ***out)
{
	char *sql = xasprintf("SELECT DISTINCT %s FROM proposal WHERE deleted = 0 AND %s <> '' ORDER BY 1 LIMIT %zu",
	    column, column, max);
	sqlite3_stmt *st = db_prepare(ui_db(), sql);
	size_t n = 0;

	free(sql);
	*out = NULL;
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		*out = xrealloc(*out, (n + 1) * sizeof **out);
		(*out)[n++] = xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return n;
}

static void
set_cond(proposals_state *st, int c, const char *value)
{
	free(st->cond[c]);
	st->cond[c] = value ? xstrdup(value) : NULL;
	st->ps->set_condition(st->ps, proposal_conds[c].name, value);
}

/* Pick a value of a text column (handling unit, session) among those present; the first row is "all". */
static void
pick_text_value(proposals_state *st, int c, const char *column, const char *title)
{
	char **vals;
	size_t n = values_present(column, 1000, &vals), cur = 0;
	const char **labels = xcalloc(n + 1, sizeof *labels);
	int k;

	labels[0] = _("(all)");
	for (size_t i = 0; i < n; i++) {
		labels[i + 1] = vals[i];
		if (st->cond[c] && strcmp(st->cond[c], vals[i]) == 0)
			cur = i + 1;
	}
	k = dialog_pick(title, labels, n + 1, cur, NULL);
	if (k >= 0)
		set_cond(st, c, k == 0 ? NULL : vals[k - 1]);
	for (size_t i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
	free(labels);
}

/* Pick one of three coded values (status, satisfaction) by its label; the first row is "all". */
static void
pick_coded_value(proposals_state *st, int c, const char *const *values, const char *const *labels3,
    const char *title)
{
	const char *labels[4] = { _("(all)"), labels3[0], labels3[1], labels3[2] };
	size_t cur = 0;
	int k;

	for (size_t i = 0; i < 3; i++)
		if (st->cond[c] && strcmp(st->cond[c], values[i]) == 0)
			cur = i + 1;
	k = dialog_pick(title, labels, 4, cur, NULL);
	if (k >= 0)
		set_cond(st, c, k == 0 ? NULL : values[k - 1]);
}

/* The shown text of filter c's value. */
static const char *
cond_text(const proposals_state *st, int c)
{
	if (c == COND_STATUS)
		return status_label(st->cond[c]);
	if (c == COND_SATISFACTION)
		return satisfaction_label(st->cond[c]);
	return st->cond[c];
}

static const char *
cond_title(int c)
{
	switch (c) {
	case COND_UNIT: return _("Handling unit");
	case COND_STATUS: return _("Form status");
	case COND_SATISFACTION: return _("Satisfaction");
	default: return _("Session");
	}
}

/* f: which filter, then its value (or all). */
static void
choose_filter(proposals_state *st)
{
	const char *statuses[3] = { proposal_status_name(PROPOSAL_FORM_UNSENT), proposal_status_name(PROPOSAL_FORM_SENT),
	                            proposal_status_name(PROPOSAL_FORM_RETURNED) };
	const char *status_labels[3] = { proposal_status_label(PROPOSAL_FORM_UNSENT),
	                                 proposal_status_label(PROPOSAL_FORM_SENT),
	                                 proposal_status_label(PROPOSAL_FORM_RETURNED) };
	const char *sat_labels[3] = { _(satisfaction_labels[0]), _(satisfaction_labels[1]), _(satisfaction_labels[2]) };
	char *labels[NCONDS + 1];
	int k;

	for (int c = 0; c < NCONDS; c++)
		labels[c] = xasprintf("%s: %s", cond_title(c), st->cond[c] ? cond_text(st, c) : _("(all)"));
	labels[NCONDS] = xstrdup(_("Clear all filters"));
	k = dialog_pick(_("Filter by"), (const char *const *)labels, NCONDS + 1, 0, NULL);
	for (int c = 0; c <= NCONDS; c++)
		free(labels[c]);
	switch (k) {
	case COND_UNIT: pick_text_value(st, k, "handling_unit", cond_title(k)); break;
	case COND_SESSION: pick_text_value(st, k, "session", cond_title(k)); break;
	case COND_STATUS: pick_coded_value(st, k, statuses, status_labels, cond_title(k)); break;
	case COND_SATISFACTION: pick_coded_value(st, k, satisfaction_values, sat_labels, cond_title(k)); break;
	case NCONDS:
		for (int c = 0; c < NCONDS; c++)
			set_cond(st, c, NULL);
		break;
	default: return;
	}
	listview_reload(st->lv);
}

/* ---- import (key i) ------------------------------------------------------------------------- */

/* The proposals' import plan (propimport.h) as the import preview screen sees any plan. */
static int
plan_proposals(sqlite3 *db, const char *path, void **plan, char **err)
{
	import_plan *p = xcalloc(1, sizeof *p);

	if (propimport_plan(db, path, p, err) != 0) {
		free(p);
		return -1;
	}
	*plan = p;
	return 0;
}

static size_t
plan_count(const void *plan)
{
	return ((const import_plan *)plan)->n;
}

static void
plan_row(const void *plan, size_t i, importview_row *out)
{
	const import_row *r = &((const import_plan *)plan)->rows[i];
	char *const *v = r->p.v;

	out->line = r->line;
	out->status = r->status;
	out->reason = r->status == IMPORT_BAD && r->reason ? xstrdup(r->reason) : NULL;
	/* A bad row's proposal is not filled: its reason says all. */
	out->summary = r->status == IMPORT_BAD ? xstrdup("")
	    : xasprintf("%s  %s  %s  %s", v[PROPOSAL_NUMBER], v[PROPOSAL_TITLE], v[PROPOSAL_PROPOSER], v[PROPOSAL_HANDLING_UNIT]);
}

static void
plan_counts(const void *plan, size_t count[IMPORT_NSTATUS])
{
	const import_plan *p = plan;

	for (int s = 0; s < IMPORT_NSTATUS; s++)
		count[s] += p->count[s];
}

static int
plan_apply(sqlite3 *db, void *plan, char **err)
{
	return propimport_apply(db, plan, err);
}

static void
plan_free(void *plan)
{
	propimport_free(plan);
	free(plan);
}

static const importview_kind proposal_import = {
	.title = N_("Import proposals"),
	.columns = N_("类别/kind, 届次/session, 编号/number, 标题/title, 提出人/proposer, 联系电话/phone, 承办单位/handling_unit"),
	.plan = plan_proposals, .count = plan_count, .row = plan_row, .counts = plan_counts, .apply = plan_apply,
	.free = plan_free,
};

static void
imported(void *ctx)
{
	proposals_state *st = ctx;

	st->stale = true;
}

/* ---- the keys ------------------------------------------------------------------------- */

static void
saved(void *ctx, const char *id)
{
	proposals_state *st = ctx;

	free(st->saved_id);
	st->saved_id = xstrdup(id);
	st->stale = true;
}

static void
open_form(proposals_state *st, proposal_form_kind kind, const char *id)
{
	screen *s = proposal_form_screen_new(kind, id, saved, st);

	if (s)
		ui_push(s);
}

/* Append the line "label: value" to *text. */
static void
append_line(char **text, const char *label, const char *value)
{
	/* TRANSLATORS: a field's label and its value in the proposal's details. */
	char *line = xasprintf(_("%s: %s"), label, value);
	char *t = xasprintf("%s%s%s", *text, **text ? "\n" : "", line);

	free(line);
	free(*text);
	*text = t;
}

/* The lines of the fields [from, to) of fs with their values (choices by label). */
static void
append_fields(char **text, const fieldset *fs, size_t from, size_t to, char *const *v)
{
	for (size_t i = from; i < to && i < fs->n; i++) {
		const char *shown = field_choice_label(&fs->fields[i], v[i]);
		append_line(text, fs->fields[i].label, shown ? shown : v[i]);
	}
}

/* Enter: the proposal in full (the phone whole), its form's status and answers, its letter's start. */
static void
show_proposal(const char *id)
{
	proposal p;
	feedback fb;
	fieldset pf = proposal_fieldset(), ff = feedback_fieldset();
	char *text = xstrdup(""), *t;
	int rc = proposal_load(ui_db(), id, &p);

	if (rc != 0) {
		ui_flash(rc == 1 ? _("No such proposal: it was deleted meanwhile.") : db_error_text(ui_db()));
	} else {
		append_fields(&text, &pf, 0, PROPOSAL_REPLY_BODY, p.v);
		t = xasprintf("%s%s%s", proposal_status_label(p.form_status), *p.form_sent_on ? " " : "", p.form_sent_on);
		append_line(&text, _("Feedback form"), t);
		free(t);
		if (feedback_load_for(ui_db(), id, &fb) == 0) {
			append_fields(&text, &ff, 0, FEEDBACK_NFIELDS, fb.v);
			append_line(&text, _("Entered by"), fb.meta.operator_name);
		}
		feedback_free(&fb);
		t = *p.v[PROPOSAL_REPLY_BODY] ? utf8_fit_cols(p.v[PROPOSAL_REPLY_BODY], 60, true)
		    : xstrdup(_("(not written yet)"));
		append_line(&text, _("Reply letter"), t);
		free(t);
		dialog_message(p.v[PROPOSAL_TITLE], text);
	}
	proposal_free(&p);
	fieldset_free(&pf);
	fieldset_free(&ff);
	free(text);
}

/* x or Delete: a tombstone, after asking (no is the default). */
static void
delete_selected(void *ctx, const page_row *row)
{
	char *q = xasprintf(_("Delete proposal %s \"%s\" and its feedback form? It can be restored from the deleted list (d)."),
	    row->cells[COL_NUMBER], row->cells[COL_TITLE]);

	listscreen_delete(((proposals_state *)ctx)->lv, row, q, proposal_delete,
	    _("No such proposal: it was deleted meanwhile."));
	free(q);
}

/* u in the deleted list: the proposal back as a new edit, with the feedback form deleted with it,
 * in one transaction; refused when a live proposal has taken its number meanwhile. */
static int
restore_tx(const char *id, char **err)
{
	const char *params[1] = { id };
	char *fid;
	proposal p;
	int rc = record_restore(ui_db(), "proposal", id);

	if (rc != 0) {
		*err = xstrdup(rc == 1 ? _("No such proposal.") : record_error_message(rc) ? record_error_message(rc)
		    : db_error_text(ui_db()));
		return -1;
	}
	if (proposal_load(ui_db(), id, &p) == 0 && (*err = proposal_validate(ui_db(), &p)) != NULL) {
		proposal_free(&p);
		return -1;
	}
	proposal_free(&p);
	fid = db_query_text(ui_db(), "SELECT id FROM feedback WHERE proposal_id = ?1 AND deleted = 1 AND NOT EXISTS"
	    " (SELECT 1 FROM feedback WHERE proposal_id = ?1 AND deleted = 0) ORDER BY updated_at DESC LIMIT 1", 1, params);
	rc = fid ? record_restore(ui_db(), "feedback", fid) : 0;
	free(fid);
	if (rc != 0) {
		*err = xstrdup(db_error_text(ui_db()));
		return -1;
	}
	return 0;
}

static int
restore_row(void *ctx, const page_row *row, char **err)
{
	int rc;

	(void)ctx;
	*err = NULL;
	if (db_begin(ui_db()) != 0) {
		*err = xstrdup(db_error_text(ui_db()));
		return -1;
	}
	rc = restore_tx(row->id, err);
	if (rc == 0 && db_commit(ui_db()) != 0) {
		*err = xstrdup(db_error_text(ui_db()));
		rc = -1;
	}
	if (rc != 0)
		db_rollback(ui_db());
	else
		ui_refresh_status();
	return rc;
}

static void
print_selected(proposals_state *st, const page_row *row)
{
	char *msg = NULL, *id = xstrdup(row->id);   /* the hook may redraw the list */
	int rc = print_hook(id, &msg);

	free(id);
	if (rc != 0)
		dialog_message(_("Not printed"), msg ? msg : "");
	else if (msg)
		ui_flash(msg);
	free(msg);
	listview_reload(st->lv);
}

/* The keys of this screen on a live row; false when k is not one of them. */
static bool
row_key(void *ctx, ui_key k, const page_row *row)
{
	proposals_state *st = ctx;

	if (k.is_key)
		return false;
	switch (k.code) {
	case 'n': open_form(st, PFORM_PROPOSAL, NULL); return true;
	case 'f': choose_filter(st); return true;
	case 't': ui_push(fbstats_screen_new(st->cond[COND_UNIT], st->cond[COND_SESSION])); return true;
	case 'i': import_ui_run(&proposal_import, imported, st); return true;
	case 'e': case 'b': case 'l': case 'p': case 'v': break;
	default: return false;
	}
	if (!row)
		return true;
	if (k.code == 'e')
		open_form(st, PFORM_PROPOSAL, row->id);
	else if (k.code == 'v')
		verify_form_push(row->id, saved, st);   /* v: double entry */
	else if (k.code == 'b')
		open_form(st, PFORM_FEEDBACK, row->id);
	else if (k.code == 'l')
		open_form(st, PFORM_LETTER, row->id);
	else if (print_hook)
		print_selected(st, row);
	return true;
}

/* Enter: the proposal in full. */
static void
open_row(void *ctx, const char *id, const page_row *row)
{
	(void)ctx, (void)row;
	show_proposal(id);
}

static ui_action
proposals_key(screen *s, ui_key k)
{
	proposals_state *st = s->state;

	static const listscreen_ops ops = { .row_key = row_key, .open = open_row, .remove = delete_selected };

	return listscreen_key(st->lv, &st->searching, k, &ops, st);
}

/* ---- drawing -------------------------------------------------------------------------- */

static void
proposals_draw(screen *s, int top, int height, int width)
{
	proposals_state *st = s->state;
	char *line = xstrdup("");

	if (st->stale) {
		st->stale = false;
		if (!listscreen_show_saved(st->lv, &st->saved_id))
			ui_flash(_("Saved. The search or the filters hide it from this list."));
	}
	for (int c = 0; c < NCONDS; c++)
		if (st->cond[c])
			listscreen_add_filter(&line, cond_title(c), cond_text(st, c));
	listscreen_draw_filters(top, width, line);
	listview_draw(st->lv, top + 1, height - 1, width);
}

/* The list's keys in the order shown, each with its rank for dropping when the line is narrower than
 * all of them (1 goes first; 0 stays): the keys for deleted rows, importing, sorting, statistics and
 * deleting are the least used and F1 lists them all, so every width keeps the keys of the daily work (open, new, form,
 * search, print, verify). */
static const struct { const char *text; int drop; } hint_keys[] = {
	{ N_("Enter Open"), 0 }, { N_("n New"), 0 }, { N_("e Edit"), 5 }, { N_("b Form"), 0 }, { N_("l Letter"), 4 },
	{ N_("x/Del Delete"), 3 }, { N_("f Filter"), 6 }, { N_("/ Search"), 0 }, { N_("s Sort"), 2 },
	{ N_("d Deleted"), 1 }, { N_("t Statistics"), 2 }, { N_("i Import"), 1 }, { N_("p Print"), 0 }, { N_("v Verify"), 0 }, { N_("F1 Help"), 0 },
};
#define N_HINT_KEYS (sizeof hint_keys / sizeof hint_keys[0])

/* The hint line for width columns: every key that fits, least-used dropped first (heap). */
static char *
fit_hints(int width)
{
	bool on[N_HINT_KEYS];
	char *line = NULL;

	for (size_t i = 0; i < N_HINT_KEYS; i++)
		on[i] = strcmp(hint_keys[i].text, "p Print") != 0 || print_hook;
	for (int rank = 1;; rank++) {
		free(line);
		line = xstrdup("");
		for (size_t i = 0; i < N_HINT_KEYS; i++) {
			char *t;
			if (!on[i])
				continue;
			t = xasprintf("%s%s%s", line, *line ? "  " : "", _(hint_keys[i].text));
			free(line);
			line = t;
		}
		if (width < 0 || utf8_width_cols(line) <= (size_t)width || rank > 6)
			return line;
		for (size_t i = 0; i < N_HINT_KEYS; i++)
			if (hint_keys[i].drop == rank)
				on[i] = false;
	}
}

static const char *
proposals_hints(screen *s)
{
	proposals_state *st = s->state;

	free(st->hints);
	st->hints = fit_hints(COLS);
	return listscreen_hints(st->lv, st->searching, st->hints);
}

static void
proposals_free(screen *s)
{
	proposals_state *st = s->state;

	listview_free(st->lv);
	for (int c = 0; c < NCONDS; c++)
		free(st->cond[c]);
	free(st->hints);
	free(st->help);
	free(st->saved_id);
	free(st);
}

static const char *
proposals_help(screen *s)
{
	proposals_state *st = s->state;

	free(st->help);
	st->help = xasprintf("%s %s", _("Proposals and their feedback forms. Up/Down, PgUp/PgDn, Home/End move. Enter shows the "
	         "proposal in full (the phone whole; in the list it is masked). n enters a new proposal, e edits "
	         "the selected one, b enters or edits its returned feedback form, l its reply letter. x or Delete "
	         "deletes it after asking (it can be restored). / searches number, title, proposer and handling "
	         "unit (Chinese words too); Esc clears the search. f filters by handling unit, form status, "
	         "satisfaction or session (each a value from those present; \"(all)\" switches one off). s sorts "
	         "by the next sortable column (number, title, proposer, handling unit), r reverses. c counts the "
	         "rows. d shows the deleted proposals, where u restores the selected one; d again goes back. "
	         "t shows the satisfaction statistics (of the handling unit and session filtered on, if any). "
	         "i imports a spreadsheet of proposals (CSV), showing every row as new, changed, unchanged or bad before anything is written. "
	         "Esc goes back to the main menu."),
	    _("v keys the selected proposal's returned feedback form a second time, blind (double entry; another operator than the first, F3 switches)."));
	return st->help;
}

static const screen_ops proposals_ops = {
	.name = "proposals", .draw = proposals_draw, .key = proposals_key, .hints = proposals_hints,
	.free = proposals_free, .help = proposals_help,
};

screen *
proposals_screen_new(void)
{
	proposals_state *st = xcalloc(1, sizeof *st);
	const listview_col cols[NCOLS] = {
		{ _("Num."), 5, NULL },
		{ _("Subject"), 0, NULL },
		{ _("Proposer"), 12, NULL },
		{ _("Handling unit"), 12, NULL },
		{ _("Tel."), 13, format_phone },
		{ _("Form"), 10, status_label },
		{ _("Satisfaction"), 10, satisfaction_label },
	};

	st->ps = pagesource_sql_new(ui_db(), &proposal_query);
	st->lv = listview_new(st->ps, cols, NCOLS);
	listview_set_restore(st->lv, restore_row, st);
	return ui_screen_new(&proposals_ops, _("Proposals and feedback forms"), st);
}
