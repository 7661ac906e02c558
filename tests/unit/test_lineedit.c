/* test_lineedit.c - the line editor: edits, horizontal scroll over wide characters, multi-line layout. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tap.h"
#include "lineedit.h"

/* Twenty CJK characters, two columns each. */
#define CJK20 "社区生活圈建设居民需求调查服务设施规划图"

static void
text_is(const lineedit *le, const char *want, const char *name)
{
	char *got = lineedit_get_utf8(le);

	is_str(got, want, "%s", name);
	free(got);
}

/* Characters [r.start, r.end) as UTF-8, without the undrawn '\n'. */
static char *
row_text(const lineedit *le, lineedit_row r)
{
	size_t end = r.end;

	if (end > r.start && le->buf[end - 1] == L'\n')
		end--;
	return lineedit_get_utf8(&(lineedit){ .buf = le->buf + r.start, .len = end - r.start });
}

static void
test_insert_and_motion(void)
{
	lineedit le;

	lineedit_init(&le, 0, false);
	ok(!le.changed && le.len == 0 && le.buf[0] == 0, "init gives an empty, unchanged buffer");
	is_int(lineedit_insert_utf8(&le, "社区abc生活"), 7, "insert_utf8 inserts 7 characters");
	text_is(&le, "社区abc生活", "mixed text");
	is_int(le.cursor, 7, "cursor after the insert");
	ok(le.changed, "insert sets changed");
	is_int(lineedit_span_cols(&le, 0, le.len), 11, "span of 社区abc生活 is 11 columns");
	is_int(lineedit_span_cols(&le, 5, 99), 4, "span clamps to the length");

	is_int(lineedit_right(&le), -1, "right at the end refused");
	is_int(lineedit_left(&le), 0, "left");
	is_int(le.cursor, 6, "cursor 6 after left");
	lineedit_home(&le);
	is_int(le.cursor, 0, "home goes to 0");
	is_int(lineedit_left(&le), -1, "left at the start refused");
	is_int(le.cursor, 0, "cursor stays at 0");
	lineedit_right(&le);
	lineedit_right(&le);
	is_int(le.cursor, 2, "two rights reach 2");
	le.changed = false;
	is_int(lineedit_insert(&le, L'中'), 0, "insert in the middle");
	text_is(&le, "社区中abc生活", "inserted at the cursor");
	is_int(le.cursor, 3, "cursor after the inserted character");
	ok(le.changed, "middle insert sets changed");
	lineedit_end(&le);
	is_int(le.cursor, 8, "end goes to the length");

	le.changed = false;
	lineedit_left(&le);
	lineedit_home(&le);
	ok(!le.changed, "motions do not set changed");
	lineedit_free(&le);
}

static void
test_delete(void)
{
	lineedit le;

	lineedit_init(&le, 0, false);
	lineedit_set_utf8(&le, "社区abc");
	le.changed = false;
	is_int(lineedit_delete(&le), -1, "delete at the end refused");
	ok(!le.changed, "refused delete leaves changed alone");
	is_int(lineedit_backspace(&le), 0, "backspace at the end");
	text_is(&le, "社区ab", "backspace removed c");
	ok(le.changed, "backspace sets changed");
	lineedit_home(&le);
	is_int(lineedit_backspace(&le), -1, "backspace at the start refused");
	text_is(&le, "社区ab", "text unchanged after refused backspace");
	is_int(lineedit_delete(&le), 0, "delete at the start");
	text_is(&le, "区ab", "delete removed 社");
	is_int(le.cursor, 0, "cursor stays after delete");
	lineedit_right(&le);
	is_int(lineedit_backspace(&le), 0, "backspace in the middle");
	text_is(&le, "ab", "backspace removed 区");
	is_int(le.cursor, 0, "cursor moved back");

	lineedit_set_utf8(&le, "社区生活圈建设");
	le.cursor = 3;
	le.changed = false;
	lineedit_kill_to_end(&le);
	text_is(&le, "社区生", "kill to end");
	is_int(le.cursor, 3, "cursor stays at the kill point");
	ok(le.changed, "kill sets changed");
	lineedit_set_utf8(&le, "社区生活圈建设");
	le.cursor = 3;
	lineedit_kill_to_start(&le);
	text_is(&le, "活圈建设", "kill to start");
	is_int(le.cursor, 0, "cursor at the start after kill to start");
	le.changed = false;
	lineedit_clear(&le);
	ok(le.len == 0 && le.cursor == 0 && le.buf[0] == 0 && le.changed, "clear empties and sets changed");
	lineedit_free(&le);
}

static void
test_limits(void)
{
	lineedit le;
	const wchar_t refused[] = { 0, L'\t', L'\n', L'\r', 0x1b, 0x7f, 0x80, 0x85, 0x9f, 0xd800, 0x110000, -1 };
	size_t i;
	char name[64];

	lineedit_init(&le, 3, false);
	is_int(lineedit_insert_utf8(&le, "社区生活"), 3, "max_chars 3 takes three characters");
	text_is(&le, "社区生", "text cut at max_chars");
	is_int(lineedit_insert(&le, L'a'), -1, "insert into a full field refused");
	lineedit_home(&le);
	is_int(lineedit_insert(&le, L'a'), -1, "insert at the start of a full field refused");
	is_int(le.len, 3, "length stays 3");
	lineedit_backspace(&le);
	lineedit_delete(&le);
	is_int(lineedit_insert(&le, L'a'), 0, "insert allowed again after a delete");
	lineedit_free(&le);

	lineedit_init(&le, 0, false);
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		snprintf(name, sizeof name, "U+%04lX refused in a single line", (unsigned long)refused[i]);
		is_int(lineedit_insert(&le, refused[i]), -1, "%s", name);
	}
	is_int(le.len, 0, "nothing inserted");
	ok(!le.changed, "refusals leave changed alone");
	is_int(lineedit_insert(&le, 0xa0), 0, "U+00A0 just above C1 accepted");
	is_int(lineedit_insert(&le, L' '), 0, "space accepted");
	is_int(lineedit_insert_utf8(&le, "a\tb\nc"), 3, "insert_utf8 skips control characters");
	text_is(&le, "\xc2\xa0 abc", "only printable characters landed");
	lineedit_free(&le);

	lineedit_init(&le, 0, true);
	is_int(lineedit_insert(&le, L'\n'), 0, "newline accepted in multi-line");
	is_int(lineedit_insert(&le, L'\t'), -1, "tab still refused in multi-line");
	lineedit_free(&le);
}

static void
test_set_get(void)
{
	lineedit le;
	size_t i, cap0;

	lineedit_init(&le, 0, false);
	lineedit_set_utf8(&le, "居民需求调查abc");
	text_is(&le, "居民需求调查abc", "set/get round trip");
	ok(le.len == 9 && le.cursor == 9, "set puts the cursor at the end");
	lineedit_set_utf8(&le, "社区a\xff\xe4\xb8" "b");
	text_is(&le, "社区a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b", "invalid bytes become U+FFFD");
	is_int(le.len, 7, "each invalid byte is one character");
	lineedit_set_utf8(&le, "a\nb");
	text_is(&le, "ab", "newline dropped in a single line");
	lineedit_set_utf8(&le, NULL);
	ok(le.len == 0 && le.buf[0] == 0, "NULL sets empty");

	/* Growth must be geometric (amortised O(1) typing), so one character past the initial capacity at least doubles it. */
	cap0 = le.cap;
	for (i = 0; i < cap0; i++)
		lineedit_insert(&le, L'a');
	ok(le.cap >= 2 * cap0, "capacity doubled from %zu to %zu", cap0, le.cap);
	lineedit_clear(&le);
	/* A long text must survive reallocations intact and capacity stays within twice the need. */
	for (i = 0; i < 1000; i++)
		lineedit_insert(&le, L'中' + (wchar_t)(i % 50));
	ok(le.len == 1000 && le.cap > 1000 && le.cap <= 2048, "1000 characters, capacity %zu", le.cap);
	for (i = 0; i < 1000 && le.buf[i] == L'中' + (wchar_t)(i % 50); i++)
		;
	is_int(i, 1000, "all 1000 characters intact");
	lineedit_free(&le);

	lineedit_init(&le, 0, true);
	lineedit_set_utf8(&le, "a\nb\n");
	text_is(&le, "a\nb\n", "newlines kept in multi-line");
	lineedit_free(&le);
}

/* After scrolling: the cursor cell fits, the visible span fits and no wide character is split at the right edge. */
static void
check_view(const lineedit *le, size_t view, const char *name)
{
	size_t end = lineedit_visible_end(le, view);
	size_t need = le->cursor < le->len ? lineedit_span_cols(le, le->cursor, le->cursor + 1) : 1;

	ok(le->first <= le->cursor && lineedit_cursor_cols(le) + need <= view, "%s: cursor visible", name);
	ok(lineedit_span_cols(le, le->first, end) <= view, "%s: visible span fits", name);
	ok(end == le->len || lineedit_span_cols(le, le->first, end + 1) > view,
	    "%s: visible_end stops only where the next character would not fit", name);
	ok(end >= le->cursor, "%s: visible_end reaches the cursor", name);
}

static void
test_hscroll(void)
{
	lineedit le;
	wchar_t *w = L"" CJK20;
	size_t i, bad = 0;

	lineedit_init(&le, 0, false);
	for (i = 0; i < 20; i++) {
		lineedit_insert(&le, w[i]);
		lineedit_scroll_cols(&le, 10);
		/* cursor plus its cell must fit at every keystroke */
		if (lineedit_cursor_cols(&le) + 1 > 10 || lineedit_visible_end(&le, 10) != le.len)
			bad++;
	}
	is_int(bad, 0, "cursor visible while typing 20 CJK characters into 10 columns");
	text_is(&le, CJK20, "20 characters typed");
	ok(le.first > 0, "first > 0 after typing");
	is_int(le.first, 16, "first is 16: four characters plus the cursor cell");
	is_int(lineedit_cursor_cols(&le), 8, "cursor at column 8");
	check_view(&le, 10, "after typing");

	lineedit_home(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 0, "home resets first to 0");
	is_int(lineedit_visible_end(&le, 10), 5, "five wide characters visible from 0");
	check_view(&le, 10, "after home");

	lineedit_end(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 16, "end scrolls back");
	lineedit_left(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 16, "left inside the view does not scroll");
	for (i = 0; i < 4; i++) {
		lineedit_left(&le);
		lineedit_scroll_cols(&le, 10);
	}
	is_int(le.cursor, 15, "cursor at 15");
	is_int(le.first, 15, "moving left of first sets first = cursor");
	check_view(&le, 10, "after moving left");

	lineedit_end(&le);
	lineedit_scroll_cols(&le, 10);
	for (i = 0; i < 3; i++)
		lineedit_backspace(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 13, "shorter text: first pulled back to fill the view");
	check_view(&le, 10, "after backspaces");
	lineedit_kill_to_start(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 0, "empty text: first 0");
	lineedit_free(&le);
}

static void
test_hscroll_odd(void)
{
	lineedit le;

	lineedit_init(&le, 0, false);
	lineedit_set_utf8(&le, "abc社区生活圈建设居民需");
	lineedit_home(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(lineedit_visible_end(&le, 10), 6, "abc社区生 visible: 活 would straddle column 10");
	is_int(lineedit_span_cols(&le, 0, 6), 9, "visible span is 9 columns, none split");
	check_view(&le, 10, "odd boundary at home");
	le.cursor = 6;
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 1, "cursor on 活 scrolls by one ASCII column");
	is_int(lineedit_cursor_cols(&le), 8, "cursor at column 8");
	is_int(lineedit_visible_end(&le, 10), 7, "活 fully visible");
	check_view(&le, 10, "cursor on a wide char at an odd column");
	lineedit_end(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 9, "at the end four wide characters show");
	check_view(&le, 10, "odd text at end");
	le.cursor = 3;
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 3, "back to the first wide char");
	lineedit_kill_to_end(&le);
	lineedit_scroll_cols(&le, 10);
	is_int(le.first, 0, "all fits again after kill to end");
	lineedit_free(&le);

	/* A combining mark is never the first thing shown. */
	lineedit_init(&le, 0, false);
	lineedit_set_utf8(&le, "abe\xcc\x81xyz");
	lineedit_scroll_cols(&le, 4);
	ok(le.first != 3, "first does not land on the combining mark (first=%zu)", le.first);
	check_view(&le, 4, "combining");
	lineedit_free(&le);
}

static void
rows_are(const lineedit *le, size_t width, const char *const *want, size_t nwant, const char *name)
{
	lineedit_row *rows;
	size_t n = lineedit_layout(le, width, &rows), i;
	char *got;

	is_int(n, nwant, "%s: %zu rows", name, nwant);
	for (i = 0; i < n && i < nwant; i++) {
		got = row_text(le, rows[i]);
		is_str(got, want[i], "%s: row %zu", name, i);
		free(got);
	}
	free(rows);
}

/* Cursor row and column in the layout at width. */
static void
rowcol_is(const lineedit *le, size_t width, size_t want_row, size_t want_col, const char *name)
{
	lineedit_row *rows;
	size_t n = lineedit_layout(le, width, &rows), row, col;

	lineedit_cursor_rowcol(le, rows, n, &row, &col);
	ok(row == want_row && col == want_col, "%s: row %zu col %zu (got %zu, %zu)",
	    name, want_row, want_col, row, col);
	free(rows);
}

static void
test_layout(void)
{
	lineedit le;
	static const char *const r1[] = { "社区", "生活", "圈建", "设" };
	static const char *const r2[] = { "社区", "" };
	static const char *const r3[] = { "" };
	static const char *const r4[] = { "社", "区" };
	static const char *const r5[] = { "ab社", "区" };
	lineedit_row *rows;

	lineedit_init(&le, 0, true);
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	rows_are(&le, 4, r1, 4, "社区\\n生活圈建设 at 4");
	lineedit_layout(&le, 4, &rows);
	ok(rows[0].start == 0 && rows[0].end == 3, "the newline belongs to the end of row 0");
	free(rows);
	is_int(lineedit_span_cols(&le, 0, le.len), 14, "the newline takes no column");
	rowcol_is(&le, 4, 3, 2, "cursor at the end");
	le.cursor = 0;
	rowcol_is(&le, 4, 0, 0, "cursor at 0");
	le.cursor = 2;
	rowcol_is(&le, 4, 0, 4, "cursor on the newline after a full row");
	le.cursor = 3;
	rowcol_is(&le, 4, 1, 0, "cursor after the newline");
	le.cursor = 5;
	rowcol_is(&le, 4, 2, 0, "cursor at a wrap point shows at the next row's start");
	le.cursor = 6;
	rowcol_is(&le, 4, 2, 2, "cursor on 建");

	lineedit_set_utf8(&le, "社区\n");
	rows_are(&le, 4, r2, 2, "trailing newline");
	rowcol_is(&le, 4, 1, 0, "cursor on the empty last row");
	lineedit_set_utf8(&le, "");
	rows_are(&le, 4, r3, 1, "empty text");
	lineedit_set_utf8(&le, "社区");
	rows_are(&le, 1, r4, 2, "width narrower than a wide char");
	lineedit_set_utf8(&le, "ab社区");
	rows_are(&le, 5, r5, 2, "wide char wraps when it would exceed the width");
	lineedit_set_utf8(&le, "abcd");
	rowcol_is(&le, 4, 0, 4, "end of text filling its row: col equals width");
	lineedit_set_utf8(&le, "abcdef");
	le.cursor = 4;
	rowcol_is(&le, 4, 1, 0, "wrap point in ASCII shows at the next row");
	lineedit_free(&le);
}

static void
test_vertical(void)
{
	lineedit le;

	lineedit_init(&le, 0, true);
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	is_int(lineedit_vertical(&le, 4, 1), -1, "down from the last row refused");
	is_int(le.cursor, 8, "cursor unchanged");
	is_int(lineedit_vertical(&le, 4, -1), 0, "up from 设");
	is_int(le.cursor, 6, "lands on 建 (column 2)");
	lineedit_vertical(&le, 4, -1);
	is_int(le.cursor, 4, "lands on 活");
	lineedit_vertical(&le, 4, -1);
	is_int(le.cursor, 1, "lands on 区");
	is_int(lineedit_vertical(&le, 4, -1), -1, "up from the first row refused");
	is_int(le.cursor, 1, "cursor unchanged at the top");
	lineedit_end(&le);
	lineedit_vertical(&le, 4, 1);
	is_int(le.cursor, 4, "from the newline (col 4) down to the last char of a wrapped row, not its end");
	rowcol_is(&le, 4, 1, 2, "still on row 1");

	lineedit_set_utf8(&le, "a社区\n生活圈");
	le.cursor = 3;
	lineedit_vertical(&le, 10, 1);
	is_int(le.cursor, 6, "col 5 lands on 圈 which starts at col 4, not inside it");
	lineedit_vertical(&le, 10, -1);
	is_int(le.cursor, 2, "col 4 lands on 区 which starts at col 3");
	lineedit_home(&le);
	lineedit_vertical(&le, 10, 1);
	is_int(le.cursor, 4, "col 0 goes to the next row's start");

	lineedit_set_utf8(&le, "abcdefgh");
	lineedit_vertical(&le, 4, -1);
	is_int(le.cursor, 3, "up from the end of a full row lands on d, not the wrap point");
	lineedit_set_utf8(&le, "ab\n");
	lineedit_home(&le);
	le.cursor = 0;
	lineedit_vertical(&le, 4, 1);
	is_int(le.cursor, 3, "down onto the empty last row");
	lineedit_set_utf8(&le, "ab\ncd");
	lineedit_vertical(&le, 4, -1);
	is_int(le.cursor, 2, "up from col 2 lands at the end of the shorter logical line");
	lineedit_free(&le);
}

static void
test_multiline_edits(void)
{
	lineedit le;

	lineedit_init(&le, 0, true);
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	le.cursor = 6;
	lineedit_home(&le);
	is_int(le.cursor, 3, "home goes to the logical line start");
	lineedit_end(&le);
	is_int(le.cursor, 8, "end goes to the logical line end");
	le.cursor = 1;
	lineedit_end(&le);
	is_int(le.cursor, 2, "end of the first line stops at the newline");
	le.cursor = 4;
	lineedit_kill_to_end(&le);
	text_is(&le, "社区\n生", "kill to end stops at the text end");
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	le.cursor = 1;
	lineedit_kill_to_end(&le);
	text_is(&le, "社\n生活圈建设", "kill to end keeps the newline");
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	le.cursor = 6;
	lineedit_kill_to_start(&le);
	text_is(&le, "社区\n建设", "kill to start stops after the newline");
	is_int(le.cursor, 3, "cursor at the line start");
	lineedit_free(&le);
}

static void
test_scroll_rows(void)
{
	lineedit le;

	lineedit_init(&le, 0, true);
	lineedit_set_utf8(&le, "社区\n生活圈建设");
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 2, "cursor on row 3 with 2 rows: top_row 2");
	le.cursor = 0;
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 0, "cursor on row 0: top_row 0");
	le.cursor = 5;
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 1, "cursor on row 2: scroll by one");
	le.cursor = 3;
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 1, "cursor on row 1 already visible: no scroll");
	lineedit_end(&le);
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 2, "back to the end");
	lineedit_backspace(&le);
	lineedit_backspace(&le);
	lineedit_backspace(&le);
	lineedit_backspace(&le);
	lineedit_scroll_rows(&le, 4, 2);
	is_int(le.top_row, 0, "text shrank to 2 rows: view filled from row 0");
	lineedit_scroll_rows(&le, 4, 10);
	is_int(le.top_row, 0, "a tall view shows from row 0");
	lineedit_free(&le);
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("Bail out! cannot set the C.UTF-8 locale\n");
		return 1;
	}
	test_insert_and_motion();
	test_delete();
	test_limits();
	test_set_get();
	test_hscroll();
	test_hscroll_odd();
	test_layout();
	test_vertical();
	test_multiline_edits();
	test_scroll_rows();
	return tap_done();
}
