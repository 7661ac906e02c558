/* lineedit.h - the text buffer behind every text field: edits in characters, lays out in screen columns. No curses here. */
#ifndef LC_LINEEDIT_H
#define LC_LINEEDIT_H

#include <stddef.h>
#include <stdbool.h>
#include <wchar.h>

/* One editable text. Positions are character indexes into buf. */
typedef struct lineedit {
	wchar_t *buf;        /* NUL-terminated, len characters */
	size_t len;
	size_t cap;
	size_t cursor;       /* 0..len */
	size_t max_chars;    /* 0 = no limit */
	bool multiline;      /* accepts '\n' */
	size_t first;        /* single line: first visible character (horizontal scroll) */
	size_t top_row;      /* multi-line: first visible visual row */
	bool changed;        /* set by every edit, cleared by the owner */
} lineedit;

/* A visual row of a multi-line layout: characters [start, end) of buf. */
typedef struct lineedit_row {
	size_t start;
	size_t end;
} lineedit_row;

/* Initialise an empty editor; max_chars 0 means unlimited. */
void lineedit_init(lineedit *le, size_t max_chars, bool multiline);
/* Release the buffer. */
void lineedit_free(lineedit *le);
/* Replace the text with the UTF-8 string s (invalid bytes become U+FFFD, newlines dropped unless multiline); cursor to the end. */
void lineedit_set_utf8(lineedit *le, const char *s);
/* The text as a fresh UTF-8 string. */
char *lineedit_get_utf8(const lineedit *le);
/* Insert one character at the cursor; 0 on success, -1 if full or not insertable (control characters, '\n' in single line). */
int lineedit_insert(lineedit *le, wchar_t wc);
/* Insert a UTF-8 string (e.g. an input method's commit) character by character; returns characters inserted. */
size_t lineedit_insert_utf8(lineedit *le, const char *s);
/* Delete the character before the cursor; 0 if done, -1 at the start. */
int lineedit_backspace(lineedit *le);
/* Delete the character under the cursor; 0 if done, -1 at the end. */
int lineedit_delete(lineedit *le);
/* Move the cursor one character left / right; return -1 when already at the edge. */
int lineedit_left(lineedit *le);
int lineedit_right(lineedit *le);
/* Move to the start / end of the (logical) line. */
void lineedit_home(lineedit *le);
void lineedit_end(lineedit *le);
/* Delete from the cursor to the end of the line / from the line start to the cursor. */
void lineedit_kill_to_end(lineedit *le);
void lineedit_kill_to_start(lineedit *le);
/* Remove all text. */
void lineedit_clear(lineedit *le);
/* Columns taken by characters [from, to). */
size_t lineedit_span_cols(const lineedit *le, size_t from, size_t to);

/* Single line: adjust first so the cursor (and one column after it) fits in view_cols; never starts inside a character. */
void lineedit_scroll_cols(lineedit *le, size_t view_cols);
/* Single line: index one past the last character that fits in view_cols starting at first. */
size_t lineedit_visible_end(const lineedit *le, size_t view_cols);
/* Single line: screen column of the cursor relative to the field start (after lineedit_scroll_cols). */
size_t lineedit_cursor_cols(const lineedit *le);

/* Multi-line: wrap into rows of at most width_cols columns (at '\n' and where a character would overflow); returns row count (>=1), *rows is a fresh array. */
size_t lineedit_layout(const lineedit *le, size_t width_cols, lineedit_row **rows);
/* Multi-line: row and column of the cursor in a layout. An index where a row wraps is shown at the start of the next row; at the end of a logical line that exactly fills its row, col equals width_cols (leave one column for it). */
void lineedit_cursor_rowcol(const lineedit *le, const lineedit_row *rows, size_t nrows, size_t *row, size_t *col);
/* Multi-line: move the cursor one visual row up (dir<0) or down (dir>0), keeping its column as near as possible; -1 at the edge. */
int lineedit_vertical(lineedit *le, size_t width_cols, int dir);
/* Multi-line: adjust top_row so the cursor row is within view_rows. */
void lineedit_scroll_rows(lineedit *le, size_t width_cols, size_t view_rows);

#endif
