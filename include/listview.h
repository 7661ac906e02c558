/* listview.h - the one list widget: pages through any page_source (keyset pagination), with a
 * search box, sort by the columns the source can sort by (s), a count on demand (c), deleted rows and
 * their restore (d, u), and Enter to open the selected row. */
#ifndef LC_LISTVIEW_H
#define LC_LISTVIEW_H

#include "pagesource.h"
#include "ui.h"

/* A column as shown: title (translated) and width in columns (0: takes the rest). */
typedef struct listview_col {
	const char *title;
	int width;
	const char *(*format)(const char *cell);  /* shown text for a stored value, or NULL */
} listview_col;

typedef struct listview listview;

/* Restore the deleted row (e.g. record_restore); 0 on success, else -1 with *err a fresh message or NULL. */
typedef int (*listview_restore_fn)(void *ctx, const page_row *row, char **err);

typedef enum list_result {
	LIST_NONE,    /* still browsing */
	LIST_OPEN,    /* Enter on a row: see listview_selected */
	LIST_BACK     /* Esc with no search active */
} list_result;

/* A list over ps (owned by the list from now on) with ncols columns matching the source's. */
listview *listview_new(page_source *ps, const listview_col *cols, size_t ncols);
/* Free the list and its source. */
void listview_free(listview *lv);
/* Handle one key. */
list_result listview_key(listview *lv, ui_key k);
/* Draw in rows [top, top+height), columns [0, width). */
void listview_draw(listview *lv, int top, int height, int width);
/* The selected row, or NULL when the list is empty. */
const page_row *listview_selected(const listview *lv);
/* Key hints (translated). */
const char *listview_hints(const listview *lv);
/* Reload after the data changed, keeping the selected row (by its key) where it was on screen. */
void listview_reload(listview *lv);
/* Reload with the row whose key is id selected (after a save: a new row shows where it sorts), at the selected row's place on screen; true when it is shown, false when it is gone, hidden by the search or filters, or the source cannot find rows by key (then the list is reloaded as listview_reload does). */
bool listview_select(listview *lv, const char *id);
/* Let the list show its deleted rows (key d, when the source keeps tombstones) and restore one (key u) through restore. */
void listview_set_restore(listview *lv, listview_restore_fn restore, void *ctx);
/* The message of the last failed read (shown in the list as an error line), or NULL. */
const char *listview_error(const listview *lv);
/* True while the list shows deleted rows. */
bool listview_showing_deleted(const listview *lv);

#endif
