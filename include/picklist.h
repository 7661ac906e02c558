/* picklist.h - the state of a pick list for a long choice field, without curses: digits pick by
 * number (1 then 2 = 12), typed text (letters, Chinese) narrows the list, arrows move. */
#ifndef LC_PICKLIST_H
#define LC_PICKLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define PICKLIST_FILTER_MAX 32

typedef struct picklist {
	const char *const *labels;  /* not owned */
	size_t n;
	wchar_t filter[PICKLIST_FILTER_MAX + 1];  /* typed text, lower case */
	size_t flen;
	size_t number;              /* digits typed so far (0: none) */
	size_t *vis;                /* indexes of the labels shown, in order */
	size_t nvis;
	size_t sel;                 /* highlighted row of vis */
} picklist;

/* Start over n labels (which must outlive it) with label current highlighted. */
void picklist_init(picklist *p, const char *const *labels, size_t n, size_t current);
/* Release what picklist_init allocated. */
void picklist_free(picklist *p);
/* A typed character: a digit extends the number (starting again when it would name no label), anything else narrows the list (case-insensitive substring). */
void picklist_type(picklist *p, wchar_t c);
/* Backspace: drop the last digit of the number, else the last character of the filter. */
void picklist_backspace(picklist *p);
/* Clear the number and filter; false when there was nothing to clear. */
bool picklist_clear(picklist *p);
/* Move the highlight by delta rows, kept within the shown rows. */
void picklist_move(picklist *p, long delta);
/* Index of the highlighted label, or -1 when no label is shown. */
int picklist_selected(const picklist *p);

#endif
