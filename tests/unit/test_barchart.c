/* test_barchart.c - the bar chart's layout arithmetic (no curses): bars scaled in eighths of a
 * column and rounded half up, the block characters and the ASCII fallback, percentages, the width
 * shared among label, bar, value and percentage (CJK labels counted in columns, never bytes), and
 * every line exactly as wide as asked, in zh_CN.UTF-8 and C.UTF-8. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "barchart.h"
#include "utf8.h"
#include "util.h"

static void
test_eighths(void)
{
	is_int(barchart_eighths(0, 10, 10), 0, "0 of 10: no bar");
	is_int(barchart_eighths(10, 10, 10), 80, "10 of 10 fills 10 columns: 80 eighths");
	is_int(barchart_eighths(15, 10, 10), 80, "more than the scale: still full, never longer");
	is_int(barchart_eighths(5, 10, 10), 40, "half");
	is_int(barchart_eighths(1, 3, 10), 27, "1 of 3 over 80 eighths: 26.67 rounds to 27");
	is_int(barchart_eighths(1, 160, 10), 1, "1 of 160 over 80 eighths: 0.5 rounds half up to 1");
	is_int(barchart_eighths(1, 1000000, 10), 1, "a tiny value still shows one eighth");
	is_int(barchart_eighths(-3, 10, 10), 0, "a negative value: no bar");
	is_int(barchart_eighths(3, 0, 10), 0, "no scale: no bar");
	is_int(barchart_eighths(3, 10, 0), 0, "no room: no bar");
}

static void
test_bar_text(void)
{
	char *t;

	t = barchart_bar_text(0, false);
	is_str(t, "", "0 eighths: empty");
	free(t);
	t = barchart_bar_text(8, false);
	is_str(t, "█", "8 eighths: one full block");
	free(t);
	t = barchart_bar_text(19, false);
	is_str(t, "██▍", "19 eighths: two blocks and three eighths");
	is_int(utf8_width_cols(t), 3, "... three columns on screen");
	free(t);
	t = barchart_bar_text(1, false);
	is_str(t, "▏", "1 eighth: the thinnest block");
	free(t);
	t = barchart_bar_text(19, true);
	is_str(t, "##", "ASCII: 19 eighths round to 2 columns");
	free(t);
	t = barchart_bar_text(20, true);
	is_str(t, "###", "ASCII: 20 eighths (2.5) round half up to 3");
	free(t);
	t = barchart_bar_text(1, true);
	is_str(t, "#", "ASCII: anything above 0 shows one #");
	free(t);
}

static void
test_pct(void)
{
	is_int(barchart_pct_tenths(2, 3), 667, "2 of 3: 66.7%%");
	is_int(barchart_pct_tenths(1, 8), 125, "1 of 8: 12.5%%");
	is_int(barchart_pct_tenths(1, 16), 63, "1 of 16: 6.25%% rounds half up to 6.3");
	is_int(barchart_pct_tenths(0, 5), 0, "0 of 5: 0");
	is_int(barchart_pct_tenths(3, 0), -1, "no base: -1");
}

/* The display width of every line of the chart at width, and the widest (the test wants all equal). */
static bool
all_lines_width(const barchart *c, int width)
{
	barchart_layout l;
	bool same = true;

	barchart_layout_compute(c, width, &l);
	for (size_t i = 0; i < c->n; i++) {
		char *line = barchart_line(c, &l, i);
		if ((int)utf8_width_cols(line) != width) {
			printf("# width %d, line %zu is %zu columns: '%s'\n", width, i, utf8_width_cols(line), line);
			same = false;
		}
		free(line);
	}
	return same;
}

static void
test_layout(void)
{
	const barchart_bar bars[] = {
		{ "满意", 6, 0, NULL },
		{ "比较满意", 3, 0, NULL },
		{ "不满意", 1, 0, NULL },
		{ "待回复", 0, 0, NULL },
	};
	barchart c = { bars, 4, 0, 0, 0, false };
	barchart_layout l;
	char *line;
	bool ok_all = true;

	barchart_layout_compute(&c, 60, &l);
	is_int(l.label_cols, 8, "the label column is the widest label in columns (比较满意: 8), not bytes (12)");
	is_int(l.value_cols, 1, "the value column fits the widest value");
	is_int(l.pct_cols, 6, "the percentage column fits 100.0%%");
	is_int(l.bar_cols, 60 - 8 - 1 - 1 - 1 - 1 - 6, "the bar takes the rest: %d", l.bar_cols);
	line = barchart_line(&c, &l, 0);
	ok(str_starts_with(line, "满意     █"), "line 0 starts with its label padded to 8 columns, then the bar: '%s'", line);
	ok(strstr(line, " 6  60.0%") != NULL, "line 0 ends with the value and 6 of 10 = 60.0%%: '%s'", line);
	is_int(utf8_width_cols(line), 60, "line 0 is exactly 60 columns");
	free(line);
	line = barchart_line(&c, &l, 0);
	{
		/* The largest value fills the bar: 6 is the scale, so its bar is bar_cols full blocks. */
		char *full = barchart_bar_text(l.bar_cols * 8, false);
		ok(strstr(line, full) != NULL, "the largest value's bar fills its %d columns", l.bar_cols);
		free(full);
	}
	free(line);
	line = barchart_line(&c, &l, 3);
	ok(strstr(line, "█") == NULL && strstr(line, " 0   0.0%") != NULL, "a 0 value: no bar, 0 and 0.0%%: '%s'", line);
	free(line);
	for (int w = 10; w <= 120; w++)
		ok_all &= all_lines_width(&c, w);
	ok(ok_all, "at every width from 10 to 120 every line is exactly that wide");

	/* Narrow: the percentage gives way first, then the labels shrink. */
	barchart_layout_compute(&c, 24, &l);
	is_int(l.pct_cols, 0, "at 24 columns the percentage column gives way");
	ok(l.bar_cols >= 8, "... so the bar keeps 8 columns (%d)", l.bar_cols);
	barchart_layout_compute(&c, 16, &l);
	ok(l.label_cols >= 4 && l.label_cols < 8, "at 16 columns the labels shrink (to %d columns)", l.label_cols);

	/* A chart without percentages, a fixed scale, notes instead of values, ASCII. */
	{
		const barchart_bar rate[] = {
			{ "乌海市商务局", 667, 0, "66.7%" },
			{ "乌海市文化局关于一个很长很长的名字的单位", 1000, 0, "100.0%" },
			{ "Education Bureau", 0, 0, "—" },
		};
		barchart r = { rate, 3, 1000, -1, 12, true };

		barchart_layout_compute(&r, 50, &l);
		is_int(l.pct_cols, 0, "base < 0: no percentage column");
		is_int(l.label_cols, 12, "label_max caps the label column");
		is_int(l.value_cols, 6, "the notes' width sets the value column");
		line = barchart_line(&r, &l, 1);
		ok(strstr(line, "…") != NULL && utf8_width_cols(line) == 50, "a long Chinese label is cut with … and the line stays 50 columns: '%s'", line);
		ok(strstr(line, "100.0%") != NULL, "the note is shown instead of the value");
		free(line);
		line = barchart_line(&r, &l, 0);
		{
			int hashes = 0;
			for (const char *p = line; *p; p++)
				hashes += *p == '#';
			is_int(hashes, (barchart_eighths(667, 1000, l.bar_cols) + 4) / 8, "ASCII: 667 of the scale 1000 in #");
			ok(strstr(line, "█") == NULL, "ASCII: no block characters");
		}
		free(line);
		ok(all_lines_width(&r, 50) && all_lines_width(&r, 30), "every line is exactly as wide");
	}

	/* A bar with its own percentage base. */
	{
		const barchart_bar own[] = { { "A", 2, 3, NULL }, { "B", 1, 0, NULL } };
		barchart o = { own, 2, 0, 0, 0, false };

		barchart_layout_compute(&o, 40, &l);
		line = barchart_line(&o, &l, 0);
		ok(strstr(line, "66.7%") != NULL, "a bar's own base: 2 of 3 = 66.7%%: '%s'", line);
		free(line);
		line = barchart_line(&o, &l, 1);
		ok(strstr(line, "33.3%") != NULL, "the others: of the sum of the values (1 of 3): '%s'", line);
		free(line);
	}
}

int
main(void)
{
	/* The widths come from wcwidth: the test runs in both locales the program runs in. */
	static const char *const locales[] = { "zh_CN.UTF-8", "C.UTF-8" };

	for (size_t i = 0; i < 2; i++) {
		if (!setlocale(LC_ALL, locales[i])) {
			ok(0, "the locale %s exists", locales[i]);
			continue;
		}
		printf("# in %s\n", locales[i]);
		ok(barchart_blocks_ok(), "%s: block characters can be drawn", locales[i]);
		test_eighths();
		test_bar_text();
		test_pct();
		test_layout();
	}
	if (setlocale(LC_ALL, "C"))
		ok(!barchart_blocks_ok(), "in the plain C locale (ASCII) the chart falls back to #");
	return tap_done();
}
