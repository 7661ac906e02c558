/* reference.c - read-only lists of the reference data (standard items, indicators, circles),
 * each a page query plus a column layout over the one list view. Enter shows a row in full. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "dialog.h"
#include "listscreen.h"
#include "listview.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

typedef struct reference_state {
	listview *lv;		/* first: listscreen_lv_* take the state as the list view */
	ref_kind kind;
} reference_state;

/* Reference tables hold tens of rows, so any column could sort in memory; the lists still offer only
 * the columns one looks rows up by (number, name, code), the same rule as the big lists. */
static const page_column standard_cols[] = {
	{ "no", true, true }, { "goal", false, false }, { "name", false, true }, { "requirement", false, false },
};
static const page_query standard_query = {
	.from = "(SELECT i.no AS no, printf('%02d', i.no) AS id, g.name AS goal, i.name AS name,"
	        " i.requirement AS requirement FROM std_item i JOIN std_goal g ON g.no = i.goal_no)",
	.id_expr = "id",
	.search_expr = "goal || ' ' || name || ' ' || requirement",
	.cols = standard_cols, .ncols = 4,
};

static const page_column indicator_cols[] = {
	{ "no", true, true }, { "name", false, true }, { "target", false, false }, { "kind", false, false },
};
static const page_query indicator_query = {
	.from = "(SELECT no, printf('%02d', no) AS id, name,"
	        " (CASE op WHEN '>=' THEN '>= ' ELSE '' END) || printf('%g', target) || ' ' || unit AS target, kind"
	        " FROM indicator)",
	.id_expr = "id",
	.search_expr = "name",
	.cols = indicator_cols, .ncols = 4,
};

static const page_column circle_cols[] = {
	{ "no", true, true }, { "name", false, true }, { "code", false, true }, { "description", false, false },
};
static const page_query circle_query = {
	.from = "(SELECT no, printf('%02d', no) AS id, name, code, description FROM circle)",
	.id_expr = "id",
	.search_expr = "name || ' ' || code || ' ' || description",
	.cols = circle_cols, .ncols = 4,
};

static const char *
format_kind(const char *v)
{
	if (strcmp(v, "binding") == 0)
		return _("binding");
	if (strcmp(v, "expected") == 0)
		return _("expected");
	return v;
}

/* Full text of standard item no, with its checkable numbers. */
static char *
standard_detail(int no)
{
	sqlite3 *db = ui_db();
	sqlite3_stmt *st = db_prepare(db, "SELECT g.name, i.name, i.requirement FROM std_item i"
	    " JOIN std_goal g ON g.no = i.goal_no WHERE i.no = ?1");
	char *text = NULL;

	if (!st)
		return xstrdup(sqlite3_errmsg(db));
	sqlite3_bind_int(st, 1, no);
	if (sqlite3_step(st) == SQLITE_ROW)
		text = xasprintf("%s\n%d. %s\n\n%s", sqlite3_column_text(st, 0), no, sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	if (!text)
		return xstrdup("");
	st = db_prepare(db, "SELECT note, op, value, value_max, unit FROM std_check WHERE item_no = ?1 ORDER BY seq");
	sqlite3_bind_int(st, 1, no);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(st, 1);
		char *line = strcmp(op, "range") == 0
		    ? xasprintf("\n- %s: %g-%g %s", sqlite3_column_text(st, 0), sqlite3_column_double(st, 2),
		        sqlite3_column_double(st, 3), sqlite3_column_text(st, 4))
		    : xasprintf("\n- %s: %s %g %s", sqlite3_column_text(st, 0), op, sqlite3_column_double(st, 2),
		        sqlite3_column_text(st, 4));
		char *joined = xasprintf("%s%s%s", text, strstr(text, "\n- ") ? "" : _("\n\nCheckable numbers:"), line);
		free(text);
		free(line);
		text = joined;
	}
	sqlite3_finalize(st);
	return text;
}

static void
show_row(reference_state *rs, const page_row *row)
{
	char *text;

	if (rs->kind == REF_STANDARD)
		text = standard_detail(atoi(row->id));
	else if (rs->kind == REF_INDICATORS)
		text = xasprintf("%s. %s\n\n%s: %s\n%s: %s", row->cells[0], row->cells[1], _("2025 target"),
		    row->cells[2], _("Kind"), format_kind(row->cells[3]));
	else
		text = xasprintf("%s. %s (%s)\n\n%s", row->cells[0], row->cells[1], row->cells[2], row->cells[3]);
	dialog_message(_("Details"), text);
	free(text);
}

static ui_action
reference_key(screen *s, ui_key k)
{
	reference_state *rs = s->state;
	list_result r = listview_key(rs->lv, k);

	if (r == LIST_BACK)
		return UI_BACK;
	if (r == LIST_OPEN)
		show_row(rs, listview_selected(rs->lv));
	return UI_STAY;
}

static const screen_ops reference_ops = {
	.name = "reference", .draw = listscreen_lv_draw, .key = reference_key, .hints = listscreen_lv_hints,
	.free = listscreen_lv_free,
	.help_text = N_("Lists: Up/Down, PgUp/PgDn, Home/End move; / opens the search box (Enter applies, Esc "
	    "clears); s sorts by the next column, r reverses the order; Enter shows the row in full; "
	    "Esc goes back."),
};

/* Column titles (N_() marked, translated when the list is made) and widths of each list. */
static const listview_col standard_view[] = {
	{ N_("No."), 4, NULL }, { N_("Goal"), 20, NULL }, { N_("Item"), 22, NULL }, { N_("Requirement"), 0, NULL },
};
static const listview_col indicator_view[] = {
	{ N_("No."), 4, NULL }, { N_("Indicator"), 0, NULL }, { N_("2025 target"), 12, NULL },
	{ N_("Kind"), 10, format_kind },
};
static const listview_col circle_view[] = {
	{ N_("No."), 4, NULL }, { N_("Circle"), 12, NULL }, { N_("Code"), 10, NULL }, { N_("Description"), 0, NULL },
};

static const struct {
	const page_query *query;
	const listview_col *cols;
	const char *title;
} lists[] = {
	[REF_STANDARD] = { &standard_query, standard_view, N_("Complete-community standard") },
	[REF_INDICATORS] = { &indicator_query, indicator_view, N_("Indicators") },
	[REF_CIRCLES] = { &circle_query, circle_view, N_("Life circles") },
};

screen *
reference_screen_new(ref_kind kind)
{
	reference_state *rs = xcalloc(1, sizeof *rs);
	listview_col cols[4];

	for (size_t i = 0; i < 4; i++) {
		cols[i] = lists[kind].cols[i];
		cols[i].title = _(cols[i].title);
	}
	rs->kind = kind;
	rs->lv = listview_new(pagesource_sql_new(ui_db(), lists[kind].query), cols, 4);
	return ui_screen_new(&reference_ops, _(lists[kind].title), rs);
}
