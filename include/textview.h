/* textview.h - a read-only view of lines of text (reports), wrapped to the width and scrolled with
 * Up/Down, PgUp/PgDn, Home/End; each line has its role (colour). */
#ifndef LC_TEXTVIEW_H
#define LC_TEXTVIEW_H

#include "ui.h"

typedef struct textview textview;

/* An empty view. */
textview *textview_new(void);
/* Free the view and its lines. */
void textview_free(textview *tv);
/* Drop every line and go back to the top. */
void textview_clear(textview *tv);
/* Append one line (copied; a long one wraps when drawn) shown in role. */
void textview_add(textview *tv, ui_role role, const char *text);
/* textview_add with a printf format. */
void textview_addf(textview *tv, ui_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Handle a scrolling key; false when k is not one. */
bool textview_key(textview *tv, ui_key k);
/* The keys every text screen shares, scrolling and Esc: true when k was one, with *act what the screen returns. */
bool textview_screen_key(textview *tv, ui_key k, ui_action *act);
/* Draw rows [top, top+height), columns [0, width). */
void textview_draw(textview *tv, int top, int height, int width);

#endif
