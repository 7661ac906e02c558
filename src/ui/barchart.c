/* barchart.c - horizontal bar charts in the terminal. Everything but barchart_draw is arithmetic on
 * columns and strings, so the unit test checks the very lines the screen shows. Widths are display
 * columns (utf8_width_cols, by wcwidth), never bytes: a Chinese label takes two columns a character. */
#include "config.h"
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include "barchart.h"
#include "ui.h"
#include "utf8.h"
#include "util.h"

/* A bar shorter than this is hard to compare: the percentage, then the labels give way first. */
#define BAR_MIN_COLS 8
/* A label column is never squeezed below this (two Chinese characters). */
#define LABEL_MIN_COLS 4
/* "100.0%" */
#define PCT_COLS 6

static long long
nonneg(long long v)
{
	return v > 0 ? v : 0;
}

/* The value of a full-width bar: the chart's scale, or its largest value. */
static long long
chart_scale(const barchart *c)
{
	long long max = 0;

	if (c->scale > 0)
		return c->scale;
	for (size_t i = 0; i < c->n; i++)
		if (nonneg(c->bars[i].value) > max)
			max = nonneg(c->bars[i].value);
	return max;
}

/* The percentage base of bar i: its own, else the chart's, else the sum of the values. */
static long long
bar_base(const barchart *c, size_t i)
{
	long long sum = 0;

	if (c->bars[i].base > 0)
		return c->bars[i].base;
	if (c->base > 0)
		return c->base;
	for (size_t k = 0; k < c->n; k++)
		sum += nonneg(c->bars[k].value);
	return sum;
}

char *
barchart_value_text(const barchart *c, size_t i)
{
	const barchart_bar *b = &c->bars[i];

	return b->note ? xstrdup(b->note) : xasprintf("%lld", nonneg(b->value));
}

void
barchart_layout_compute(const barchart *c, int width, barchart_layout *out)
{
	int label_want = 0, cap, fixed;

	memset(out, 0, sizeof *out);
	out->width = width > 0 ? width : 0;
	out->value_cols = 1;
	for (size_t i = 0; i < c->n; i++) {
		char *v = barchart_value_text(c, i);
		int vw = (int)utf8_width_cols(v), lw = c->bars[i].label ? (int)utf8_width_cols(c->bars[i].label) : 0;

		free(v);
		out->value_cols = vw > out->value_cols ? vw : out->value_cols;
		label_want = lw > label_want ? lw : label_want;
	}
	cap = c->label_max > 0 ? c->label_max : out->width / 3;
	out->label_cols = label_want < cap ? label_want : cap;
	out->pct_cols = c->base < 0 ? 0 : PCT_COLS;
	for (;;) {
		fixed = out->value_cols + (out->label_cols ? out->label_cols + 1 : 0) + (out->pct_cols ? out->pct_cols + 1 : 0);
		out->bar_cols = out->width - fixed - 1;
		if (out->bar_cols >= BAR_MIN_COLS)
			break;
		if (out->pct_cols) {
			out->pct_cols = 0;
		} else if (out->label_cols > LABEL_MIN_COLS) {
			int give = BAR_MIN_COLS - out->bar_cols;
			out->label_cols = out->label_cols - give > LABEL_MIN_COLS ? out->label_cols - give : LABEL_MIN_COLS;
		} else {
			break;
		}
	}
	if (out->bar_cols < 0)
		out->bar_cols = 0;
}

int
barchart_eighths(long long value, long long scale, int bar_cols)
{
	long long room = (long long)bar_cols * 8, e;

	if (value <= 0 || scale <= 0 || bar_cols <= 0)
		return 0;
	if (value >= scale)
		return (int)room;
	/* Rounded half up in integers: (value * room + scale / 2) / scale, without the halving's loss. */
	e = (2 * value * room + scale) / (2 * scale);
	if (e < 1)
		e = 1;
	return (int)(e < room ? e : room);
}

int
barchart_pct_tenths(long long value, long long base)
{
	if (base <= 0)
		return -1;
	return (int)((2000 * nonneg(value) + base) / (2 * base));
}

char *
barchart_bar_text(int eighths, bool ascii)
{
	/* U+2588 full block, then U+258F..U+2589: one to seven eighths. */
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	int full, cols;
	char *out, *p;

	if (eighths <= 0)
		return xstrdup("");
	if (ascii) {
		cols = (eighths + 4) / 8;
		cols = cols < 1 ? 1 : cols;
		out = xmalloc((size_t)cols + 1);
		memset(out, '#', (size_t)cols);
		out[cols] = '\0';
		return out;
	}
	full = eighths / 8;
	out = p = xmalloc((size_t)full * 3 + 4);
	for (int i = 0; i < full; i++, p += 3)
		memcpy(p, "█", 3);
	strcpy(p, part[eighths % 8]);
	return out;
}

/* s right-aligned in cols columns (fresh; cut when wider). */
static char *
right_cols(const char *s, int cols)
{
	char *fit = utf8_fit_cols(s, (size_t)cols, false);
	int pad = cols - (int)utf8_width_cols(fit);
	char *out = xasprintf("%*s%s", pad > 0 ? pad : 0, "", fit);

	free(fit);
	return out;
}

char *
barchart_line(const barchart *c, const barchart_layout *l, size_t i)
{
	const barchart_bar *b = &c->bars[i];
	char *label = NULL, *bar, *bar_pad, *value, *v, *pct = NULL, *line, *fit;

	if (l->label_cols) {
		char *cut = utf8_fit_cols(b->label ? b->label : "", (size_t)l->label_cols, true);
		label = utf8_pad_cols(cut, (size_t)l->label_cols);
		free(cut);
	}
	bar = barchart_bar_text(barchart_eighths(b->value, chart_scale(c), l->bar_cols), c->ascii);
	bar_pad = utf8_pad_cols(bar, (size_t)l->bar_cols);
	v = barchart_value_text(c, i);
	value = right_cols(v, l->value_cols);
	if (l->pct_cols) {
		int t = barchart_pct_tenths(b->value, bar_base(c, i));
		char *p = t < 0 ? xstrdup("—") : xasprintf("%d.%d%%", t / 10, t % 10);
		pct = right_cols(p, l->pct_cols);
		free(p);
	}
	line = xasprintf("%s%s%s %s%s%s", label ? label : "", label ? " " : "", bar_pad, value, pct ? " " : "",
	    pct ? pct : "");
	/* Exactly the layout's width: cut (a tiny window) or padded. */
	fit = utf8_pad_cols(line, (size_t)l->width);
	free(label);
	free(bar);
	free(bar_pad);
	free(v);
	free(value);
	free(pct);
	free(line);
	return fit;
}

bool
barchart_blocks_ok(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
}

int
barchart_draw(const barchart *c, int y, int x, int width, int max_rows)
{
	barchart_layout l;
	int rows = 0;

	barchart_layout_compute(c, width, &l);
	for (size_t i = 0; i < c->n && rows < max_rows; i++, rows++) {
		char *line = barchart_line(c, &l, i);
		ui_put_cols(y + rows, x, line, width, ROLE_NORMAL);
		free(line);
	}
	return rows;
}
