/* listscreen.c - the key routing, hints and filter line that every list screen shares (listscreen.h),
 * so that the proposals, facilities, communities and double-entry lists behave alike by construction. */
#include "config.h"
#include <stdlib.h>
#include "listscreen.h"
#include "dialog.h"
#include "util.h"
#include "i18n.h"

/* Enter, whether the terminal sends KEY_ENTER, CR or LF. */
static bool
is_enter(ui_key k)
{
	return (k.is_key && k.code == KEY_ENTER) || (!k.is_key && (k.code == '\r' || k.code == '\n'));
}

static bool
is_delete(ui_key k)
{
	return (k.is_key && k.code == KEY_DC) || (!k.is_key && k.code == 'x');
}

/* The screen's own keys on the live list: true when k was one of them. */
static bool
screen_key(listview *lv, ui_key k, const listscreen_ops *ops, void *ctx)
{
	const page_row *row = listview_selected(lv);

	if (listview_showing_deleted(lv))
		return false;
	if (ops->remove && is_delete(k)) {
		if (row)
			ops->remove(ctx, row);
		return true;
	}
	return ops->row_key && ops->row_key(ctx, k, row);
}

void
listscreen_delete(listview *lv, const page_row *row, const char *question,
    int (*del)(sqlite3 *db, const char *id, char **err), const char *gone)
{
	char *id = xstrdup(row->id);   /* the dialog redraws the list, which may read its rows again */
	char *err = NULL;

	if (dialog_ask(_("Delete?"), question, false)) {
		if (del(ui_db(), id, &err) == 0) {
			ui_flash(_("Deleted."));
			ui_refresh_status();
			listview_reload(lv);
		} else {
			ui_flash(err ? err : gone);
		}
		free(err);
	}
	free(id);
}

ui_action
listscreen_key(listview *lv, bool *searching, ui_key k, const listscreen_ops *ops, void *ctx)
{
	const page_row *row;

	if (*searching) {
		/* The search box has the keyboard until Enter applies it or Esc leaves it (as listview does). */
		if (is_enter(k) || (!k.is_key && k.code == 27))
			*searching = false;
		listview_key(lv, k);
		return UI_STAY;
	}
	if (!k.is_key && k.code == '/')
		*searching = true;
	else if (screen_key(lv, k, ops, ctx))
		return UI_STAY;
	switch (listview_key(lv, k)) {
	case LIST_BACK:
		return UI_BACK;
	case LIST_OPEN:
		if (!listview_showing_deleted(lv) && (row = listview_selected(lv)) != NULL && ops->open) {
			char *id = xstrdup(row->id);
			ops->open(ctx, id, row);
			free(id);
		}
		return UI_STAY;
	default:
		return UI_STAY;
	}
}

const char *
listscreen_hints(const listview *lv, bool searching, const char *own)
{
	return searching || listview_showing_deleted(lv) ? listview_hints(lv) : own;
}

void
listscreen_add_filter(char **line, const char *title, const char *value)
{
	char *t = xasprintf("%s%s%s: %s", *line, **line ? "   " : "", title, value);

	free(*line);
	*line = t;
}

void
listscreen_draw_filters(int row, int width, char *line)
{
	char *t = xasprintf(_("Filters (f): %s"), *line ? line : _("none"));

	ui_put_cols(row, 1, t, width - 2, *line ? ROLE_HINT : ROLE_DIM);
	free(t);
	free(line);
}

bool
listscreen_show_saved(listview *lv, char **saved_id)
{
	bool shown = true;

	if (!*saved_id)
		listview_reload(lv);
	else
		shown = listview_select(lv, *saved_id);
	free(*saved_id);
	*saved_id = NULL;
	return shown;
}

/* ---- a screen that is one list view ------------------------------------------------------------ */

/* The state's first member is the list view (C lets a struct's address stand for its first member's). */
static listview *
lv_of(screen *s)
{
	return *(listview **)s->state;
}

void
listscreen_lv_draw(screen *s, int top, int height, int width)
{
	listview_draw(lv_of(s), top, height, width);
}

const char *
listscreen_lv_hints(screen *s)
{
	return listview_hints(lv_of(s));
}

void
listscreen_lv_free(screen *s)
{
	listview_free(lv_of(s));
	free(s->state);
}
