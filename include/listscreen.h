/* listscreen.h - what every list screen over the one list view does alike: the search box holding
 * the keyboard, the screen's own row keys before the list's, Enter opening the selected live row, the
 * hint line while searching or showing deleted rows, and the filter line above the list. */
#ifndef LC_LISTSCREEN_H
#define LC_LISTSCREEN_H

#include "listview.h"
#include "ui.h"

/* What a list screen adds to the list's own keys; each may be NULL. */
typedef struct listscreen_ops {
	/* The screen's keys on the live list, row the selected one or NULL: true when k was one of them. */
	bool (*row_key)(void *ctx, ui_key k, const page_row *row);
	/* Enter on a live row, its id copied for the call (row lasts only until a dialog redraws the list). */
	void (*open)(void *ctx, const char *id, const page_row *row);
	/* x or Delete on a live row (listscreen_delete does the asking and the rest). */
	void (*remove)(void *ctx, const page_row *row);
} listscreen_ops;

/* One key on a list screen over lv: while *searching every key goes to the search box (Enter or Esc
 * leaves it); / opens it; else, on the live list, x/Delete go to remove and row_key may take k; else
 * the list's keys, where Enter on a live row calls open. UI_BACK on Esc with no search, else UI_STAY. */
ui_action listscreen_key(listview *lv, bool *searching, ui_key k, const listscreen_ops *ops, void *ctx);
/* The hint line: the list's own while searching or showing deleted rows, else own (translated). */
const char *listscreen_hints(const listview *lv, bool searching, const char *own);
/* Delete row after asking question (no is the default): del (0, or non-zero with *err fresh or NULL)
 * on row's id; then "Deleted." and the list reloaded, or *err (else gone) flashed. */
void listscreen_delete(listview *lv, const page_row *row, const char *question,
    int (*del)(sqlite3 *db, const char *id, char **err), const char *gone);

/* After a record was saved from a screen over the list: select *saved_id (then freed and NULL) wherever it sorts; the list reloaded when there is none. False when the search or the filters hide the saved one. */
bool listscreen_show_saved(listview *lv, char **saved_id);
/* For a screen whose state is a heap struct beginning with its listview * (nothing else to free):
 * screen_ops' draw (the list), hints (the list's) and free (the list and the state). */
void listscreen_lv_draw(screen *s, int top, int height, int width);
const char *listscreen_lv_hints(screen *s);
void listscreen_lv_free(screen *s);

/* Append "title: value" to the filter line *line (heap; start with xstrdup("")). */
void listscreen_add_filter(char **line, const char *title, const char *value);
/* Draw "Filters (f): line" (or "none", dimmed) at row, within width; frees line. */
void listscreen_draw_filters(int row, int width, char *line);

#endif
