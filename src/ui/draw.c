/* draw.c - colours and width-correct text drawing. Text goes out as cchar_t cells, one character
 * at a time with its wcwidth, so a wide character is never split at a field's edge (the htop way). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "ui.h"
#include "utf8.h"
#include "util.h"

static bool has_colour;

/* Foreground/background per role; index = role. */
static const short role_colours[ROLE_COUNT][2] = {
	[ROLE_NORMAL] = { -1, -1 },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE },
	[ROLE_STATUS] = { COLOR_BLACK, COLOR_CYAN },
	[ROLE_HINT] = { COLOR_YELLOW, -1 },
	[ROLE_SELECTED] = { COLOR_BLACK, COLOR_YELLOW },
	[ROLE_FIELD] = { COLOR_WHITE, COLOR_BLACK },
	[ROLE_FIELD_FOCUS] = { COLOR_BLACK, COLOR_WHITE },
	[ROLE_ERROR] = { COLOR_RED, -1 },
	[ROLE_DIALOG] = { COLOR_BLACK, COLOR_WHITE },
	[ROLE_DIM] = { COLOR_CYAN, -1 },
};

/* Monochrome fallback: attributes that still tell the roles apart. */
static const attr_t role_mono[ROLE_COUNT] = {
	[ROLE_NORMAL] = A_NORMAL,
	[ROLE_TITLE] = A_REVERSE | A_BOLD,
	[ROLE_STATUS] = A_REVERSE,
	[ROLE_HINT] = A_BOLD,
	[ROLE_SELECTED] = A_REVERSE,
	[ROLE_FIELD] = A_UNDERLINE,
	[ROLE_FIELD_FOCUS] = A_REVERSE,
	[ROLE_ERROR] = A_BOLD,
	[ROLE_DIALOG] = A_NORMAL,
	[ROLE_DIM] = A_DIM,
};

void
ui_colours_init(void)
{
	has_colour = has_colors() && getenv("NO_COLOR") == NULL;
	if (!has_colour)
		return;
	start_color();
	use_default_colors();
	for (int r = 1; r < ROLE_COUNT; r++)
		init_pair((short)r, role_colours[r][0], role_colours[r][1]);
}

short
ui_pair(ui_role r)
{
	return has_colour ? (short)r : 0;
}

attr_t
ui_attr(ui_role r)
{
	if (!has_colour)
		return role_mono[r];
	if (r == ROLE_TITLE || r == ROLE_ERROR)
		return A_BOLD;
	return A_NORMAL;
}

/* Put one character; control characters (bidi overrides included, which would reorder what
 * follows) show as U+FFFD. Returns its width. */
static int
put_char(int y, int x, wchar_t wc, ui_role role)
{
	wchar_t s[2] = { wc, 0 };
	cchar_t cc;
	int w;

	if (utf8_is_control(wc))
		s[0] = UTF8_REPLACEMENT;
	w = utf8_char_cols(s[0]);
	if (w == 0)
		return 0;
	setcchar(&cc, s, ui_attr(role), ui_pair(role), NULL);
	mvadd_wch(y, x, &cc);
	return w;
}

int
ui_put_wcs(int y, int x, const wchar_t *w, size_t n, ui_role role)
{
	int col = 0;

	for (size_t i = 0; i < n; i++)
		col += put_char(y, x + col, w[i], role);
	return col;
}

int
ui_put_cols(int y, int x, const char *s, int cols, ui_role role)
{
	size_t len = s ? strlen(s) : 0;
	int col = 0;

	while (len > 0 && col < cols) {
		wchar_t wc;
		size_t used = utf8_decode_char(s, len, &wc);
		int w;
		if (wc == '\n' || wc == '\t')
			wc = ' ';
		w = utf8_char_cols(wc < 0x20 ? (wchar_t)UTF8_REPLACEMENT : wc);
		if (col + w > cols)
			break;
		col += put_char(y, x + col, wc, role);
		s += used;
		len -= used;
	}
	return col;
}

void
ui_fill(int y, int x, int cols, ui_role role)
{
	attr_t a = ui_attr(role);
	short p = ui_pair(role);
	cchar_t cc;

	setcchar(&cc, L" ", a, p, NULL);
	for (int i = 0; i < cols; i++)
		mvadd_wch(y, x + i, &cc);
}

void
ui_box(int y, int x, int h, int w, ui_role role)
{
	attr_t a = ui_attr(role);
	short p = ui_pair(role);

	for (int r = 0; r < h; r++)
		ui_fill(y + r, x, w, role);
	attr_set(a, p, NULL);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attr_set(A_NORMAL, 0, NULL);
}

/* Characters a Chinese line must not start with (禁则): they stay with the character before. */
static bool
no_line_start(wchar_t wc)
{
	return wc && wcschr(L"，。、；：？！）》」』”’,.;:?!)]}%", wc) != NULL;
}

/* Start of the character before q (q > start), scanning forward from start. */
static const char *
char_before(const char *start, const char *q)
{
	const char *prev = start;

	while (start < q) {
		wchar_t wc;
		prev = start;
		start += utf8_decode_char(start, (size_t)(q - start), &wc);
	}
	return prev;
}

/* A character of a Latin word: lines never break between two of them. */
static bool
in_word(wchar_t wc)
{
	return wc > ' ' && wc < 0x80;
}

/* Where to end a line that overflows at p (prev is the character before p): before the Latin word
 * p is inside, whether a space or a Chinese character precedes it ("、Home/End" breaks before
 * "Home"); else at p, early enough that closing punctuation does not start the next line (a run
 * such as "）。" moves together). */
static const char *
line_break(const char *start, const char *p, wchar_t prev, const char *word_start)
{
	const char *q = p;
	wchar_t next;

	utf8_decode_char(p, strlen(p), &next);
	if (in_word(next) && in_word(prev) && word_start && word_start > start)
		return word_start;
	for (int moved = 0; moved < 4 && q > start; moved++) {
		utf8_decode_char(q, strlen(q), &next);
		if (!no_line_start(next))
			break;
		q = char_before(start, q);
	}
	return q > start ? q : p;
}

int
ui_wrap_lines(const char *text, int width, char ***out)
{
	int n = 0, cap = 4;
	char **lines = xmalloc((size_t)cap * sizeof *lines);
	const char *p = text;

	while (*p || n == 0) {
		const char *start = p, *word_start = NULL;
		wchar_t prev = 0;
		int cols = 0;
		while (*p && *p != '\n') {
			wchar_t wc;
			size_t used = utf8_decode_char(p, strlen(p), &wc);
			int w = utf8_char_cols(wc);
			if (cols + w > width)
				break;
			if (in_word(wc) && !in_word(prev))
				word_start = p; /* Chinese text may break anywhere, a Latin word only before it */
			cols += w;
			p += used;
			prev = wc;
		}
		if (*p && *p != '\n')
			p = line_break(start, p, prev, word_start);
		/* A character wider than the whole width still takes a line of its own: never loop. */
		if (p == start && *p && *p != '\n') {
			wchar_t wide;
			p += utf8_decode_char(p, strlen(p), &wide);
		}
		if (n == cap)
			lines = xrealloc(lines, (size_t)(cap *= 2) * sizeof *lines);
		lines[n++] = xstrndup(start, (size_t)(p - start));
		if (*p == '\n')
			p++;
		else
			while (*p == ' ')
				p++; /* a wrapped line does not start with the space it broke at */
		if (!*p)
			break;
	}
	*out = lines;
	return n;
}

void
ui_free_lines(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int
ui_draw_wrapped(int y, int x, const char *text, int width, int max_rows, ui_role role)
{
	char **lines;
	int n = ui_wrap_lines(text, width, &lines);

	for (int i = 0; i < n && i < max_rows; i++)
		ui_put_cols(y + i, x, lines[i], width, role);
	ui_free_lines(lines, n);
	return n < max_rows ? n : max_rows;
}
