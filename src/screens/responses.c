/* responses.c - the survey responses (居民需求调查): date, community, estate, operator, status and
 * template, a page at a time over the one list view (keyset pages by survey date, FTS search of the
 * answers, bound filters each served by an index of migration_response_list, deleted rows and their
 * restore). n starts a new response (template, community, estate; the last ones preselected), Enter
 * goes on with a draft where it stopped or shows a complete one, e reopens a complete one. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "community.h"
#include "db.h"
#include "dialog.h"
#include "listscreen.h"
#include "listview.h"
#include "record.h"
#include "settings.h"
#include "survey.h"
#include "surveyrun.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

enum { COL_DATE, COL_COMMUNITY, COL_ESTATE, COL_OPERATOR, COL_STATUS, COL_TEMPLATE, NCOLS };

/* Sortable by date only: survey_response_date is on (surveyed_on, id). */
static const page_column response_cols[NCOLS] = {
	{ "surveyed_on", false, true },
	{ "coalesce((SELECT name FROM community WHERE community.id = survey_response.community), community)", false, false },
	{ "estate", false, false },
	{ "operator", false, false },
	{ "status", false, false },
	{ "template || ' ' || template_version", false, false },
};

enum { COND_COMMUNITY, COND_ESTATE, COND_FROM, COND_TO, COND_OPERATOR, COND_STATUS, NCONDS };
static const page_cond response_conds[NCONDS] = {
	{ "community", "community = :community" },
	{ "estate", "estate = :estate" },
	{ "from", "surveyed_on >= :from" },
	{ "to", "surveyed_on <= :to" },
	{ "operator", "operator = :operator" },
	{ "status", "status = :status" },
};

static const page_query response_query = {
	.from = "survey_response", .id_expr = "id", .fts = "survey_response_fts", .deleted_col = "deleted",
	.cols = response_cols, .ncols = NCOLS, .conds = response_conds, .nconds = NCONDS,
};

typedef struct responses_state {
	listview *lv;
	page_source *ps;          /* owned by lv */
	char *cond[NCONDS];       /* the value each filter is on with, or NULL */
	char *cond_shown[NCONDS]; /* what the filter line shows for it (a community's name, not its id) */
	bool searching;
	bool stale;
	char *saved_id;
} responses_state;

static const char *
status_label(const char *v)
{
	if (strcmp(v, "draft") == 0)
		return _("Draft");
	if (strcmp(v, "complete") == 0)
		return _("Complete");
	return v;
}

static const char *
cond_title(int c)
{
	switch (c) {
	case COND_COMMUNITY: return _("Community");
	case COND_ESTATE: return _("Estate");
	case COND_FROM: return _("From date");
	case COND_TO: return _("To date");
	case COND_OPERATOR: return _("Operator");
	default: return _("Status");
	}
}

static void
set_cond(responses_state *st, int c, const char *value, const char *shown)
{
	free(st->cond[c]);
	free(st->cond_shown[c]);
	st->cond[c] = value ? xstrdup(value) : NULL;
	st->cond_shown[c] = value ? xstrdup(shown ? shown : value) : NULL;
	st->ps->set_condition(st->ps, response_conds[c].name, value);
}

/* Pick one of n (value, label) pairs with "(all)" first; -2 for Esc, -1 for all, else the index. */
static int
pick_pair(const char *title, char **labels, size_t n, const char *current, char **vals)
{
	const char **shown = xcalloc(n + 1, sizeof *shown);
	size_t cur = 0;
	int k;

	shown[0] = _("(all)");
	for (size_t i = 0; i < n; i++) {
		shown[i + 1] = labels[i];
		if (current && strcmp(current, vals[i]) == 0)
			cur = i + 1;
	}
	k = dialog_pick(title, shown, n + 1, cur, NULL);
	free(shown);
	return k < 0 ? -2 : k - 1;
}

/* Pick c's value from the (value, label) rows of sql (this file's constant, at most 1000 rows). */
static void
filter_by_query(responses_state *st, int c, const char *sql)
{
	char **vals = NULL, **labels = NULL;
	size_t n = 0;

	db_query_pairs(ui_db(), sql, &vals, &labels, &n);
	int k = pick_pair(cond_title(c), labels, n, st->cond[c], vals);

	if (k == -1)
		set_cond(st, c, NULL, NULL);
	else if (k >= 0)
		set_cond(st, c, vals[k], labels[k]);
	db_pairs_free(vals, labels, n);
}

static char *
check_date(const char *text, void *ud)
{
	(void)ud;
	if (!*text || (strlen(text) == 10 && text[4] == '-' && text[7] == '-' &&
	    strspn(text, "0123456789-") == 10))
		return NULL;
	return xstrdup(_("Type the date as YYYY-MM-DD, or leave it empty for no limit."));
}

static void
filter_by_date(responses_state *st, int c)
{
	char *d = dialog_input(cond_title(c), _("Date (YYYY-MM-DD; empty: no limit):"), 10, check_date, NULL);

	if (!d)
		return;
	set_cond(st, c, *d ? d : NULL, NULL);
	free(d);
}

static void
filter_by_status(responses_state *st)
{
	char *vals[2] = { "draft", "complete" };
	char *labels[2] = { (char *)_("Draft"), (char *)_("Complete") };
	int k = pick_pair(cond_title(COND_STATUS), labels, 2, st->cond[COND_STATUS], vals);

	if (k == -1)
		set_cond(st, COND_STATUS, NULL, NULL);
	else if (k >= 0)
		set_cond(st, COND_STATUS, vals[k], labels[k]);
}

/* The distinct non-empty values of an indexed column of survey_response (this file's constant), in
 * order, as (value, label) rows: a skip scan, one index step per value, so a million responses cost
 * as many steps as there are values. */
#define DISTINCT_OF(col) \
	"WITH RECURSIVE v(x) AS (SELECT min(" col ") FROM survey_response WHERE " col " > ''" \
	" UNION ALL SELECT (SELECT min(" col ") FROM survey_response WHERE " col " > v.x) FROM v WHERE v.x IS NOT NULL)" \
	" SELECT x, x FROM v WHERE x IS NOT NULL LIMIT 1000"

/* f: which filter, then its value (or all). */
static void
choose_filter(responses_state *st)
{
	char *labels[NCONDS + 1];
	int k;

	for (int c = 0; c < NCONDS; c++)
		labels[c] = xasprintf("%s: %s", cond_title(c), st->cond[c] ? st->cond_shown[c] : _("(all)"));
	labels[NCONDS] = xstrdup(_("Clear all filters"));
	k = dialog_pick(_("Filter by"), (const char *const *)labels, NCONDS + 1, 0, NULL);
	for (int c = 0; c <= NCONDS; c++)
		free(labels[c]);
	switch (k) {
	case COND_COMMUNITY:
		filter_by_query(st, k, "SELECT id, name FROM community WHERE deleted = 0 ORDER BY name, id");
		break;
	case COND_ESTATE:
		/* The estates the responses name (synced ones too), each found by one index step. */
		filter_by_query(st, k, DISTINCT_OF("estate"));
		break;
	case COND_OPERATOR:
		filter_by_query(st, k, DISTINCT_OF("operator"));
		break;
	case COND_FROM: case COND_TO: filter_by_date(st, k); break;
	case COND_STATUS: filter_by_status(st); break;
	case NCONDS:
		for (int c = 0; c < NCONDS; c++)
			set_cond(st, c, NULL, NULL);
		break;
	default: return;
	}
	listview_reload(st->lv);
}

/* ---- a new response (n) ------------------------------------------------------------------ */

/* Index of the value in vals equal to the settings key's value (else to fallback), else 0. */
static size_t
default_index(const char *key, const char *fallback, char **vals, size_t n)
{
	char *want = settings_get(ui_db(), key);
	size_t at = 0;

	for (size_t i = 0; i < n; i++)
		if ((want && strcmp(vals[i], want) == 0) || (!want && fallback && strcmp(vals[i], fallback) == 0))
			at = i;
	free(want);
	return at;
}

static int
pick_default(const char *title, char **labels, char **vals, size_t n, const char *key, const char *fallback)
{
	return dialog_pick(title, (const char *const *)labels, n, default_index(key, fallback, vals, n), NULL);
}

/* The estate: one of the community's, a new one typed on the spot, or none. Fresh, NULL for Esc. */
static char *
choose_estate(const char *community)
{
	size_t n = 0, at = 0;
	community_estate *es = community_estates(ui_db(), community, &n);
	const char **labels = xcalloc(n + 2, sizeof *labels);
	char *want = settings_get(ui_db(), SURVEYRUN_KEY_ESTATE), *out = NULL;
	int k;

	for (size_t i = 0; i < n; i++) {
		labels[i] = es[i].name;
		if (want && strcmp(want, es[i].name) == 0)
			at = i;
	}
	labels[n] = _("(a new estate...)");
	labels[n + 1] = _("(no estate)");
	k = dialog_pick(_("Estate"), labels, n + 2, n ? at : 0, NULL);
	if (k >= 0 && (size_t)k < n) {
		out = xstrdup(es[k].name);
	} else if ((size_t)k == n) {
		char *name = dialog_input(_("New estate"), _("Name of the estate:"), 60, NULL, NULL);
		char id[UUID_TEXT_LEN], *err = NULL;
		/* the name as the estate holds it (trimmed of every blank, full-width too): a response names
		 * its estate by name, and renaming the estate finds its responses by it */
		if (name && community_add_estate(ui_db(), community, name, id, &err) == 0)
			out = community_estate_name(ui_db(), id, NULL);
		else if (name)
			dialog_message(_("Not added"), err ? err : "");
		free(err);
		free(name);
	} else if ((size_t)k == n + 1) {
		out = xstrdup("");
	}
	free(want);
	free(labels);
	community_estates_free(es, n);
	return out;
}

static void saved(void *ctx, const char *id);

static void
new_response(responses_state *st)
{
	char **tvals = NULL, **tlabels = NULL, **cvals = NULL, **clabels = NULL, *estate = NULL, own[UUID_TEXT_LEN] = "";
	size_t nt = 0, nc = 0;
	char *shipped = db_query_text(ui_db(), "SELECT id FROM survey_template WHERE deleted = 0 AND"
	    " form_id = 'lifecircle_needs' ORDER BY created_at DESC LIMIT 1", 0, NULL);
	int t = -1, c = -1;

	db_query_pairs(ui_db(), "SELECT id, title || ' (' || form_id || ' ' || version || ')' FROM survey_template"
	    " WHERE deleted = 0 ORDER BY form_id, version LIMIT 1000", &tvals, &tlabels, &nt);
	db_query_pairs(ui_db(), "SELECT id, name FROM community WHERE deleted = 0 ORDER BY name, id LIMIT 1000", &cvals,
	    &clabels, &nc);
	community_default_id(ui_db(), own);
	if (nt == 0)
		dialog_message(_("No questionnaire"), _("No questionnaire template is stored: import one with 'lifecircle template import'."));
	else if (nc == 0)
		dialog_message(_("No community"), _("Enter the community first (Settings or Facility inventory)."));
	else if ((t = pick_default(_("Questionnaire"), tlabels, tvals, nt, SURVEYRUN_KEY_TEMPLATE, shipped)) >= 0 &&
	    (c = pick_default(_("Community"), clabels, cvals, nc, SURVEYRUN_KEY_COMMUNITY, *own ? own : NULL)) >= 0 &&
	    (estate = choose_estate(cvals[c])) != NULL) {
		/* the response becomes a record at its first answer (the runner makes it) */
		screen *s = survey_run_screen_start(tvals[t], cvals[c], estate, saved, st);
		if (s)
			ui_push(s);
	}
	free(estate);
	free(shipped);
	db_pairs_free(tvals, tlabels, nt);
	db_pairs_free(cvals, clabels, nc);
}

/* ---- the keys ------------------------------------------------------------------------- */

static void
saved(void *ctx, const char *id)
{
	responses_state *st = ctx;

	free(st->saved_id);
	st->saved_id = xstrdup(id);
	st->stale = true;
}

static void
open_run(responses_state *st, const char *id)
{
	screen *s = survey_run_screen_new(id, saved, st);

	if (s)
		ui_push(s);
}

/* Enter on a complete response: its answers, one per line, by the template's labels (the raw names when
 * the template cannot be read, so the answers still show). */
static void
show_response(const char *id)
{
	const char *p[1] = { id };
	char *err = NULL;
	char *text = surveyrun_answers_text(ui_db(), id, util_ui_language(), &err);

	free(err);
	if (!text)
		text = db_query_text(ui_db(), "SELECT group_concat(j.key || ': ' || CASE j.type WHEN 'array' THEN"
		    " (SELECT group_concat(c.value, ' ') FROM json_each(j.value) c) ELSE coalesce(j.value, '') END, char(10))"
		    " FROM survey_response r, json_each(r.answers) j WHERE r.id = ?1", 1, p);
	dialog_message(_("Survey response (e reopens it to edit)"), text ? text : "");
	free(text);
}

static void
reopen(responses_state *st, const char *id)
{
	char *err = NULL;

	if (!dialog_ask(_("Reopen?"), _("Reopen this complete response to edit it? It counts as a draft until it is "
	    "finished again (F2)."), true))
		return;
	if (survey_set_complete(ui_db(), id, false, &err) != 0) {
		ui_flash(err ? err : db_error_text(ui_db()));
		free(err);
		return;
	}
	open_run(st, id);
}

static int
delete_response(sqlite3 *db, const char *id, char **err)
{
	return record_delete(db, "survey_response", id, _("cannot delete the survey response"), err);
}

static void
delete_selected(void *ctx, const page_row *row)
{
	responses_state *st = ctx;
	char *q = xasprintf(_("Delete the survey response of %s (%s %s)? It can be restored from the deleted list (d)."),
	    row->cells[COL_DATE], row->cells[COL_COMMUNITY], row->cells[COL_ESTATE]);

	listscreen_delete(st->lv, row, q, delete_response, _("No such survey response: it was deleted meanwhile."));
	free(q);
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
	rc = record_restore(ui_db(), "survey_response", row->id);
	if (rc == 0 && db_commit(ui_db()) == 0) {
		ui_refresh_status();
		return 0;
	}
	*err = xstrdup(rc == 1 ? _("No such survey response.") : db_error_text(ui_db()));
	db_rollback(ui_db());
	return -1;
}

/* n, f, e and v (the second keying of a paper questionnaire); false when k is none of them. */
static bool
row_key(void *ctx, ui_key k, const page_row *row)
{
	responses_state *st = ctx;
	char *id;

	if (k.is_key)
		return false;
	switch (k.code) {
	case 'n': new_response(st); return true;
	case 'f': choose_filter(st); return true;
	case 'e': case 'v': break;
	default: return false;
	}
	if (!row)
		return true;
	id = xstrdup(row->id);   /* a dialog redraws the list */
	if (k.code == 'v')
		verify_survey_push(id, saved, st);
	else if (strcmp(row->cells[COL_STATUS], "complete") == 0)
		reopen(st, id);
	else
		open_run(st, id);
	free(id);
	return true;
}

/* Enter: a complete response's answers, or a draft answered on where it stopped. */
static void
open_row(void *ctx, const char *id, const page_row *row)
{
	if (strcmp(row->cells[COL_STATUS], "complete") == 0)
		show_response(id);
	else
		open_run(ctx, id);
}

static ui_action
responses_key(screen *s, ui_key k)
{
	responses_state *st = s->state;
	static const listscreen_ops ops = { .row_key = row_key, .open = open_row, .remove = delete_selected };

	return listscreen_key(st->lv, &st->searching, k, &ops, st);
}

static void
responses_draw(screen *s, int top, int height, int width)
{
	responses_state *st = s->state;
	char *line = xstrdup("");

	if (st->stale) {
		st->stale = false;
		listscreen_show_saved(st->lv, &st->saved_id);
	}
	for (int c = 0; c < NCONDS; c++)
		if (st->cond[c])
			listscreen_add_filter(&line, cond_title(c), c == COND_STATUS ? status_label(st->cond[c]) : st->cond_shown[c]);
	listscreen_draw_filters(top, width, line);
	listview_draw(st->lv, top + 1, height - 1, width);
}

static const char *
responses_hints(screen *s)
{
	responses_state *st = s->state;

	return listscreen_hints(st->lv, st->searching, _("Enter Open/Go on  n New  e Reopen  v Verify  x/Del Delete  f Filter  "
	    "/ Search  d Deleted  c Count"));
}

static void
responses_free(screen *s)
{
	responses_state *st = s->state;

	listview_free(st->lv);
	for (int c = 0; c < NCONDS; c++) {
		free(st->cond[c]);
		free(st->cond_shown[c]);
	}
	free(st->saved_id);
	free(st);
}

static const char *
responses_help(screen *s)
{
	(void)s;
	return _("The resident needs survey responses, by survey date. n starts a new response: choose the "
	         "questionnaire, the community and the estate (the last ones used are preselected; an estate "
	         "can be added on the spot), then answer the questions. Enter goes on with a draft where it "
	         "stopped, or shows the answers of a complete one; e reopens a complete one to edit it; v keys a complete "
	         "one a second time from its paper questionnaire, blind, as another operator (double entry: each difference "
	         "stops and shows both answers to decide; F3 switches the operator first). x or "
	         "Delete deletes one after asking (d shows the deleted ones, where u restores). / searches the "
	         "answers, community and estate; f filters by community, estate, date, operator or status "
	         "(draft or complete); c counts the rows. Esc goes back to the main menu.");
}

static const screen_ops responses_ops = {
	.name = "responses", .draw = responses_draw, .key = responses_key, .hints = responses_hints,
	.free = responses_free, .help = responses_help,
};

screen *
responses_screen_new(void)
{
	responses_state *st = xcalloc(1, sizeof *st);
	const listview_col cols[NCOLS] = {
		{ _("Date"), 10, NULL },
		{ _("Community"), 14, NULL },
		{ _("Estate"), 0, NULL },
		{ _("Operator"), 10, NULL },
		{ _("Status"), 8, status_label },
		{ _("Questionnaire"), 18, NULL },
	};

	st->ps = pagesource_sql_new(ui_db(), &response_query);
	st->lv = listview_new(st->ps, cols, NCOLS);
	listview_set_restore(st->lv, restore_row, st);
	return ui_screen_new(&responses_ops, _("Resident needs surveys"), st);
}
