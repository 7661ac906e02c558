/* barchart.h - horizontal bar charts drawn in the terminal: one line per bar with its label (any
 * width: CJK counts two columns), the bar scaled to the room left, the value and a percentage.
 * Bars are characters, never colour, so a monochrome terminal shows them: block elements (█ and the
 * eighths ▏▎▍▌▋▊▉) in a UTF-8 locale, '#' otherwise. The layout and each line's text are plain
 * arithmetic on strings (no curses, unit-tested); barchart_draw puts the lines on the screen. */
#ifndef LC_BARCHART_H
#define LC_BARCHART_H

#include <stdbool.h>
#include <stddef.h>

/* One bar. */
typedef struct barchart_bar {
	const char *label;	/* UTF-8; cut with "…" when wider than the label column */
	long long value;	/* >= 0 (negative counts as 0): the bar's length is value / the chart's scale */
	long long base;		/* the percentage shown is value / base; <= 0: the chart's base */
	const char *note;	/* shown instead of the value, or NULL (e.g. "66.7%" for a rate) */
} barchart_bar;

/* A chart: its bars and how they are measured. */
typedef struct barchart {
	const barchart_bar *bars;
	size_t n;
	long long scale;	/* the value of a full-width bar; <= 0: the largest value */
	long long base;		/* the percentage base of bars without their own; 0: the sum of the values; < 0: no percentage column */
	int label_max;		/* widest label column in columns; <= 0: a third of the width */
	bool ascii;		/* '#' bars instead of block characters */
} barchart;

/* Where each part of a line goes, in columns. A line is: label, space, bar, space, value, space, percentage. */
typedef struct barchart_layout {
	int width;		/* the whole line */
	int label_cols;		/* 0 when there is no room for labels */
	int bar_cols;		/* room for the longest bar (at least 1 when width allows anything) */
	int value_cols;		/* the widest value or note */
	int pct_cols;		/* 0: no percentage column (none asked for, or no room) */
} barchart_layout;

/* Share the width among label, bar, value and percentage: the numbers keep their room, the label
 * column takes its widest label up to label_max, the bar the rest; when the bar would get fewer than
 * 8 columns the percentage goes first, then the label column shrinks (to 4 columns at least). */
void barchart_layout_compute(const barchart *c, int width, barchart_layout *out);
/* Length of a bar of value in eighths of a column, when scale fills bar_cols: rounded half up, at
 * least one eighth for any value above 0, never more than the bar's room. */
int barchart_eighths(long long value, long long scale, int bar_cols);
/* value / base in tenths of a percent, rounded half up (2 of 3: 667); -1 when base <= 0. */
int barchart_pct_tenths(long long value, long long base);
/* The bar of eighths as text (fresh): whole blocks and one partial block; in ascii, '#' per column
 * rounded half up, and one '#' for anything above 0. */
char *barchart_bar_text(int eighths, bool ascii);
/* The value (or note) of bar i as shown (fresh). */
char *barchart_value_text(const barchart *c, size_t i);
/* Line i of the chart laid out as l: exactly l->width columns (fresh UTF-8). */
char *barchart_line(const barchart *c, const barchart_layout *l, size_t i);
/* True when block characters can be drawn: the character set of the locale is UTF-8. */
bool barchart_blocks_ok(void);

/* Draw the chart at row y, column x, width columns, at most max_rows lines (bars after that are
 * left out); returns the rows drawn. Needs the curses screen. */
int barchart_draw(const barchart *c, int y, int x, int width, int max_rows);

#endif
