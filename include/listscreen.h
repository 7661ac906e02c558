/* listscreen.h - what every list screen over the one list view does alike: the search box holding
 * the keyboard, the screen's own row keys before the list's, Enter opening the selected live row, the
 * hint line while searching or showing deleted rows, and the filter line above the list. */
#ifndef LC_LISTSCREEN_H
#define LC_LISTSCREEN_H

#include "listview.h"
#include "ui.h"

/* The screen's own keys on the live list: true when k was one of them (the list then sees it not). */
typedef bool (*listscreen_row_key_fn)(void *ctx, ui_key k);
/* Enter on the live row row, whose id is copied to id for the call (row lasts only until the list
 * redraws, and a dialog redraws it; id lasts the whole call). */
typedef void (*listscreen_open_fn)(void *ctx, const char *id, const page_row *row);

/* One key on a list screen over lv: while *searching every key goes to the search box (Enter or Esc
 * leaves it); / opens it; else row_key may take k (not while deleted rows show); else the list's keys,
 * where Enter on a live row calls open. UI_BACK on Esc with no search, else UI_STAY. */
ui_action listscreen_key(listview *lv, bool *searching, ui_key k, listscreen_row_key_fn row_key,
    listscreen_open_fn open, void *ctx);
/* The hint line: the list's own while searching or showing deleted rows, else own (translated). */
const char *listscreen_hints(const listview *lv, bool searching, const char *own);
/* True for Enter, whether the terminal sends KEY_ENTER, CR or LF. */
bool listscreen_is_enter(ui_key k);
/* True for the delete keys: x and Delete. */
bool listscreen_is_delete(ui_key k);
/* Delete row after asking question (no is the default): del (0, or non-zero with *err fresh or NULL)
 * on row's id; then "Deleted." and the list reloaded, or *err (else gone) flashed. */
void listscreen_delete(listview *lv, const page_row *row, const char *question,
    int (*del)(sqlite3 *db, const char *id, char **err), const char *gone);

/* Append "title: value" to the filter line *line (heap; start with xstrdup("")). */
void listscreen_add_filter(char **line, const char *title, const char *value);
/* Draw "Filters (f): line" (or "none", dimmed) at row, within width; frees line. */
void listscreen_draw_filters(int row, int width, char *line);

#endif
