/* menu.c - menu screens: the main menu and any other list of choices (reports). One generic
 * menu widget; each item opens a screen or quits. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

typedef struct menu_item {
	const char *label;        /* N_() marked */
	const char *description;  /* N_() marked */
	screen *(*open)(void);    /* NULL: quit; it may return NULL after a dialog (nothing to push) */
} menu_item;

typedef struct menu_state {
	const menu_item *items;
	int n;
	int sel;
	bool top_level;
	const char *help;         /* N_() marked */
} menu_state;

static screen *exchange_screen_new(void);

static screen *
open_exchange(void)
{
	return exchange_screen_new();
}

static screen *
open_settings(void)
{
	return setup_screen_new(false);
}

/* The operators' pick list is a dialog over the menu, not a screen. */
static screen *
open_operator(void)
{
	operator_dialog_run();
	return NULL;
}

static const menu_item main_items[] = {
	{ N_("Resident needs surveys"), N_("questionnaires from paper and visits"), responses_screen_new },
	{ N_("Facility inventory"), N_("facilities, communities, outlets, gaps"), facility_menu_new },
	{ N_("Proposals and feedback forms"), N_("proposals and satisfaction forms"), proposals_screen_new },
	{ N_("Data exchange"), N_("export for the district, import"), open_exchange },
	{ N_("Reports"), N_("reference data, standard, indicators"), reports_screen_new },
	{ N_("Settings"), N_("office kind and name, office code"), open_settings },
	{ N_("Operator"), N_("who is typing: switch, add, remove (F3 anywhere)"), open_operator },
	{ N_("Double entry"), N_("feedback forms keyed twice: verify, differences"), double_entry_screen_new },
	{ N_("Quit"), N_("leave lifecircle"), NULL },
};

static void
menu_draw(screen *s, int top, int height, int width)
{
	menu_state *m = s->state;
	int label_w = 0, box_w, x, y;

	for (int i = 0; i < m->n; i++) {
		int w = (int)utf8_width_cols(_(m->items[i].label));
		if (w > label_w)
			label_w = w;
	}
	box_w = width - 8;
	x = (width - box_w) / 2;
	y = top + (height - m->n * 2) / 2;
	if (y < top + 1)
		y = top + 1;
	for (int i = 0; i < m->n && y < top + height; i++, y += 2) {
		ui_role role = i == m->sel ? ROLE_SELECTED : ROLE_NORMAL;
		char *num = xasprintf(" %d  ", i + 1);
		int cx = x;
		if (i == m->sel)
			ui_fill(y, x, box_w, role);
		cx += ui_put_cols(y, cx, num, box_w, role);
		ui_put_cols(y, cx, _(m->items[i].label), label_w, role);
		cx += label_w + 3;
		ui_put_cols(y, cx, _(m->items[i].description), x + box_w - cx - 1, i == m->sel ? role : ROLE_DIM);
		free(num);
	}
}

static ui_action
activate(menu_state *m, int i)
{
	screen *opened;

	m->sel = i;
	if (!m->items[i].open)
		return UI_QUIT;
	if ((opened = m->items[i].open()) != NULL)
		ui_push(opened);
	return UI_STAY;
}

static ui_action
menu_key(screen *s, ui_key k)
{
	menu_state *m = s->state;

	if (k.is_key && k.code == KEY_UP)
		m->sel = (m->sel + m->n - 1) % m->n;
	else if (k.is_key && k.code == KEY_DOWN)
		m->sel = (m->sel + 1) % m->n;
	else if ((k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n')))
		return activate(m, m->sel);
	else if (!k.is_key && k.code >= '1' && k.code < (wint_t)('1' + m->n))
		return activate(m, (int)(k.code - '1'));
	else if (!k.is_key && (k.code == 'k'))
		m->sel = (m->sel + m->n - 1) % m->n;
	else if (!k.is_key && (k.code == 'j'))
		m->sel = (m->sel + 1) % m->n;
	else if (!k.is_key && (k.code == 'q' || k.code == 'Q') && m->top_level)
		return UI_QUIT;
	else if (!k.is_key && k.code == 27 && !m->top_level)
		return UI_BACK;
	return UI_STAY;
}

static const char *
menu_hints(screen *s)
{
	menu_state *m = s->state;
	return m->top_level ? _("Up/Down Choose  Enter Open  1-9 Open directly  F3 Operator  F1 Help  q/F10 Quit")
	                    : _("Up/Down Choose  Enter Open  Esc Back  F1 Help  F10 Quit");
}

static void
menu_free(screen *s)
{
	free(s->state);
}

static const char *
menu_help(screen *s)
{
	menu_state *m = s->state;
	return _(m->help);
}

static const screen_ops menu_ops = {
	.name = "menu", .draw = menu_draw, .key = menu_key, .hints = menu_hints, .free = menu_free,
	.help = menu_help,
};

/* A menu screen over items (static storage) with its help text (N_() marked). */
static screen *
menu_new(const char *title, const menu_item *items, int n, bool top_level, const char *help)
{
	menu_state *m = xcalloc(1, sizeof *m);

	m->items = items;
	m->n = n;
	m->top_level = top_level;
	m->help = help;
	return ui_screen_new(&menu_ops, title, m);
}

screen *
menu_screen_new(void)
{
	return menu_new(_("Main menu"), main_items, (int)(sizeof main_items / sizeof main_items[0]), true,
	    N_("Main menu: Up/Down or j/k choose, Enter opens, the digits 1-9 open an entry directly, "
	       "q quits. F3, here and on every screen, chooses who is typing."));
}

static screen *
open_standard(void)
{
	return reference_screen_new(REF_STANDARD);
}

static screen *
open_indicators(void)
{
	return reference_screen_new(REF_INDICATORS);
}

static screen *
open_circles(void)
{
	return reference_screen_new(REF_CIRCLES);
}

static const menu_item report_items[] = {
	{ N_("Complete-community standard"), N_("6 goals, 20 items and their requirements"), open_standard },
	{ N_("Indicators"), N_("9 indicators with 2025 targets"), open_indicators },
	{ N_("Life circles"), N_("the 8 circles"), open_circles },
	{ N_("Gap report"), N_("facilities against the standard, per community and across them"), gaps_screen_new },
	{ N_("Satisfaction statistics"), N_("feedback forms by handling unit and session"), fbstats_menu_screen_new },
	{ N_("Survey results"), N_("questionnaire answers: per question, cross-tabs, needs ranking, export"), results_menu_screen_new },
};

screen *
reports_screen_new(void)
{
	return menu_new(_("Reports"), report_items, (int)(sizeof report_items / sizeof report_items[0]), false,
	    N_("Reports: Up/Down or j/k choose, Enter opens, the digits open an entry directly, Esc goes "
	       "back to the main menu. The three reference lists hold the complete-community standard, the "
	       "indicators with their 2025 targets and the eight life circles; the gap report compares the facility "
	       "inventory with the standard; the satisfaction statistics count the proposals' feedback forms."));
}

static const menu_item facility_items[] = {
	{ N_("Facilities"), N_("the inventory of the current community"), facilities_screen_new },
	{ N_("Communities and estates"), N_("the communities of this file, their estates"), communities_screen_new },
	{ N_("Outlet list"), N_("business types, counts, chain share"), outlets_screen_new },
	{ N_("Gap report"), N_("the 20 standard items and the indicators"), gaps_screen_new },
};

screen *
facility_menu_new(void)
{
	return menu_new(_("Facility inventory"), facility_items, (int)(sizeof facility_items / sizeof facility_items[0]),
	    false, N_("Facility inventory: Up/Down or j/k choose, Enter opens, the digits 1-4 open an entry directly, "
	              "Esc goes back to the main menu. The facilities, outlets and gap report are those of the current "
	              "community (the office's own unless another was chosen under Communities and estates or with o)."));
}

static const menu_item exchange_items[] = {
	{ N_("Export for the district"), N_("a file of what changed, for the district"), sync_export_screen_run },
	{ N_("Import"), N_("files from other offices, one or many"), sync_import_screen_run },
	{ N_("Receipts"), N_("the files imported before"), sync_receipts_screen_new },
	{ N_("Conflicts"), N_("edits made at two offices: compare, take the other"), conflicts_screen_new },
	{ N_("Possible duplicates"), N_("records two offices both made"), duplicates_screen_new },
};

static screen *
exchange_screen_new(void)
{
	return menu_new(_("Data exchange"), exchange_items, (int)(sizeof exchange_items / sizeof exchange_items[0]), false,
	    N_("Data exchange: offices exchange records by file (.lcdb, on a USB stick or by chat). Export writes "
	       "what changed since the last export to the district (or everything); Import merges the files of "
	       "other offices, any number, in any order; Receipts lists what was imported; Conflicts shows edits "
	       "made at two offices, to compare and decide; Possible duplicates lists records two offices both "
	       "made. Up/Down choose, Enter opens, the digits open an entry directly, Esc goes back."));
}
