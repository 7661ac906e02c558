/* test_utf8.c - decoding, encoding and column widths of UTF-8 text. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tap.h"
#include "utf8.h"

/* Decode s, check the code point and length, then encode it back to the same bytes. */
static void
round_trip(const char *s, wchar_t want, size_t want_len, const char *name)
{
	wchar_t wc = 0;
	char out[4];
	size_t n = utf8_decode_char(s, strlen(s), &wc), m;

	is_int(n, want_len, "%s: decode uses %zu bytes", name, want_len);
	is_int(wc, want, "%s: decodes to U+%04lX", name, (unsigned long)want);
	m = utf8_encode_char(wc, out);
	ok(m == want_len && memcmp(out, s, m) == 0, "%s: encodes back to the same bytes", name);
	ok(utf8_is_valid_bytes(s, strlen(s)), "%s: is valid", name);
}

static void
test_round_trips(void)
{
	round_trip("A", L'A', 1, "ASCII");
	round_trip("\xc3\xa9", 0xe9, 2, "2-byte é");
	round_trip("\xe4\xb8\xad", 0x4e2d, 3, "3-byte 中");
	round_trip("\xf0\x9f\x98\x80", 0x1f600, 4, "4-byte U+1F600");
	round_trip("\xf4\x8f\xbf\xbf", 0x10ffff, 4, "4-byte U+10FFFF");
	round_trip("\xef\xbf\xbf", 0xffff, 3, "3-byte U+FFFF");
}

/* s (n bytes) must decode to U+FFFD consuming exactly one byte, and be rejected as a whole. */
static void
invalid(const char *s, size_t n, const char *name)
{
	wchar_t wc = 0;
	size_t used = utf8_decode_char(s, n, &wc);

	ok(wc == UTF8_REPLACEMENT && used == 1, "%s: U+FFFD consuming 1 byte (got U+%04lX, %zu)",
	    name, (unsigned long)wc, used);
	ok(!utf8_is_valid_bytes(s, n), "%s: not valid", name);
}

static void
test_invalid(void)
{
	wchar_t wc = 0;
	char name[32];
	char out[4];
	unsigned b;

	invalid("\x80", 1, "lone continuation 80");
	invalid("\xc0\xaf", 2, "overlong C0 AF");
	invalid("\xc1\xbf", 2, "overlong C1 BF");
	invalid("\xe0\x80\xaf", 3, "overlong E0 80 AF");
	invalid("\xf0\x80\x80\xaf", 4, "overlong F0 80 80 AF");
	invalid("\xed\xa0\x80", 3, "surrogate ED A0 80");
	invalid("\xed\xbf\xbf", 3, "surrogate ED BF BF");
	invalid("\xf4\x90\x80\x80", 4, "above U+10FFFF F4 90 80 80");
	invalid("\xe4\xb8", 2, "truncated E4 B8");
	invalid("\xe4\xb8\x41", 3, "E4 B8 then ASCII");
	for (b = 0xf5; b <= 0xff; b++) {
		char s[4] = { (char)b, '\x80', '\x80', '\x80' };

		snprintf(name, sizeof name, "lead byte %02X", b);
		invalid(s, 4, name);
	}
	invalid("\xe4\xb8\xad", 2, "E4 B8 AD cut to 2 bytes");
	is_int(utf8_decode_char("abc", 0, &wc), 0, "n == 0 decodes nothing");
	ok(utf8_is_valid_bytes("\xed\x9f\xbf", 3), "U+D7FF just below the surrogates is valid");
	ok(utf8_is_valid_bytes("", 0), "empty is valid");
	ok(!utf8_is_valid_bytes("ab\xe4\xb8", 4), "truncated at the end is not valid");
	is_int(utf8_len_chars("\xe4\xb8"), 2, "truncated E4 B8 counts as two replacement characters");
	ok(utf8_encode_char(0xd800, out) == 3 && memcmp(out, "\xef\xbf\xbd", 3) == 0,
	    "encoding a surrogate gives U+FFFD");
	ok(utf8_encode_char(0x110000, out) == 3 && memcmp(out, "\xef\xbf\xbd", 3) == 0,
	    "encoding above U+10FFFF gives U+FFFD");
}

/* The valid prefix is where the first bad byte sits; a cut-off sequence at the end is bad too. */
static void
test_valid_prefix(void)
{
	is_int(utf8_valid_prefix_bytes("", 0), 0, "prefix of empty is 0");
	is_int(utf8_valid_prefix_bytes("abc", 3), 3, "all-ASCII prefix is the whole");
	is_int(utf8_valid_prefix_bytes("\xe4\xb8\xad\xe6\x96\x87", 6), 6, "all-valid 中文 prefix is the whole");
	is_int(utf8_valid_prefix_bytes("ab\xff" "cd", 5), 2, "stops at FF");
	is_int(utf8_valid_prefix_bytes("\xe4\xb8\xad\xc0\xaf", 5), 3, "stops at an overlong after 中");
	is_int(utf8_valid_prefix_bytes("a\xed\xa0\x80", 4), 1, "stops at a surrogate");
	is_int(utf8_valid_prefix_bytes("ab\xe4\xb8", 4), 2, "stops at a sequence cut off at the end");
	is_int(utf8_valid_prefix_bytes("\x80", 1), 0, "a lone continuation byte at the start gives 0");
	is_int(utf8_valid_prefix_bytes("a\0b", 3), 3, "NUL is valid UTF-8 (callers refuse it themselves)");
}

static void
test_widths(void)
{
	is_int(utf8_width_cols("中文abc"), 7, "中文abc is 7 columns");
	is_int(utf8_width_cols("居民需求调查"), 12, "居民需求调查 is 12 columns");
	is_int(utf8_width_cols("e\xcc\x81"), 1, "e + U+0301 is 1 column");
	is_int(utf8_len_chars("e\xcc\x81"), 2, "e + U+0301 is 2 characters");
	is_int(utf8_char_cols(0x301), 0, "a combining mark takes no column");
	is_int(utf8_char_cols(L'\t'), 1, "a control character counts 1 (shown as U+FFFD)");
	is_int(utf8_char_cols(L'中'), 2, "中 is wide");
	is_int(utf8_width_cols("a\x80z"), 3, "an invalid byte counts one column");
	is_int(utf8_width_cols(""), 0, "empty is 0 columns");
	is_int(utf8_len_chars("中文abc"), 5, "中文abc is 5 characters");
}

static void
test_wcs(void)
{
	size_t n = 99;
	wchar_t *w = utf8_to_wcs("社区a\xff", &n);
	char *s;

	is_int(n, 4, "utf8_to_wcs length");
	ok(w[0] == L'社' && w[1] == L'区' && w[2] == L'a' && w[3] == UTF8_REPLACEMENT && w[4] == 0,
	    "utf8_to_wcs decodes and replaces the bad byte");
	s = utf8_from_wcs(w, n);
	is_str(s, "社区a\xef\xbf\xbd", "utf8_from_wcs encodes back with U+FFFD");
	free(s);
	free(w);
	s = utf8_from_wcs(L"生活圈", 2);
	is_str(s, "生活", "utf8_from_wcs takes only n characters");
	free(s);
}

static void
fit(const char *s, size_t cols, bool ell, const char *want, const char *name)
{
	char *got = utf8_fit_cols(s, cols, ell);

	is_str(got, want, "%s", name);
	ok(utf8_width_cols(got) <= cols, "%s: fits in %zu columns", name, cols);
	free(got);
}

static void
test_fit(void)
{
	fit("社区生活圈abc", 5, false, "社区", "5 columns never half a character");
	fit("社区生活圈abc", 5, true, "社区…", "5 columns with ellipsis");
	fit("社区生活圈abc", 4, true, "社…", "4 columns with ellipsis drops the wide char before it");
	fit("社区生活圈abc", 13, true, "社区生活圈abc", "exact width is not cut");
	fit("社区生活圈abc", 12, true, "社区生活圈a…", "one column short");
	fit("abc", 0, true, "", "0 columns");
	fit("社区", 1, false, "", "a wide char does not fit in 1 column");
	fit("社区", 1, true, "…", "only the ellipsis in 1 column");
	fit("e\xcc\x81xyz", 1, false, "e\xcc\x81", "a combining mark stays with its base");
	fit("ab\xe4\xb8\xad", 3, false, "ab", "stops before a wide char at the edge");
}

static void
fit_start(const char *s, size_t cols, const char *want, const char *name)
{
	char *got = utf8_fit_cols_start(s, cols);

	is_str(got, want, "%s", name);
	ok(utf8_width_cols(got) <= cols, "%s: fits in %zu columns", name, cols);
	free(got);
}

static void
test_fit_start(void)
{
	fit_start("/home/zq/lifecircle.db", 30, "/home/zq/lifecircle.db", "a path that fits is not cut");
	fit_start("/home/zq/lifecircle.db", 14, "…lifecircle.db", "a long path keeps its end");
	fit_start("/数据/社区.db", 6, "…区.db", "never half a wide character at the start");
	fit_start("社区", 1, "…", "only the ellipsis in 1 column");
	fit_start("abc", 0, "", "0 columns");
}

static void
escaped(const char *s, const char *want, const char *name)
{
	char *got = utf8_escape_controls(s);

	is_str(got, want, "%s", name);
	free(got);
}

static void
test_escape(void)
{
	escaped("滨河社区 HBW-01", "滨河社区 HBW-01", "plain text is kept");
	escaped("\033]0;pwned\007\033[2J", "\\x1B]0;pwned\\x07\\x1B[2J", "ESC and BEL are escaped");
	escaped("a\rb\bc\x7f\t\n", "a\\x0Db\\x08c\\x7F\\x09\\x0A", "CR, BS, DEL, TAB and LF are escaped");
	escaped("x\xc2\x9b" "31m", "x\\x9B31m", "a C1 control (CSI) is escaped");
	escaped("abc\xe2\x80\xae" "exe.txt", "abc\\u202Eexe.txt", "the right-to-left override is escaped");
	escaped("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8f", "\\u2066x\\u2069\\u200F", "isolates and marks are escaped");
	escaped("ok\xff\xc3", "ok\\xFF\\xC3", "bytes that are not UTF-8 are escaped");
	escaped("", "", "the empty string");
	ok(utf8_is_control(0x1b) && utf8_is_control(0x9b) && utf8_is_control(0x202e) && !utf8_is_control(0x4e2d)
	    && !utf8_is_control(' '), "utf8_is_control: ESC, CSI and RLO yes; 中 and space no");
}

static void
pad(const char *s, size_t cols, const char *want, const char *name)
{
	char *got = utf8_pad_cols(s, cols);

	is_str(got, want, "%s", name);
	is_int(utf8_width_cols(got), cols, "%s: exactly %zu columns", name, cols);
	free(got);
}

static void
test_pad(void)
{
	pad("社区", 6, "社区  ", "pads CJK to 6");
	pad("abc", 5, "abc  ", "pads ASCII to 5");
	pad("社区生活", 5, "社区 ", "cuts then pads the half column");
	pad("abc", 3, "abc", "exact width unchanged");
	pad("", 2, "  ", "empty becomes spaces");
}

/* A table row: every cell but the last padded to its display columns, two blanks between. */
static void
test_row(void)
{
	const char *cells[3] = { "便利店", "3", "是" };
	const size_t cols[3] = { 8, 4, 6 };
	char *row = utf8_row_cols(cells, cols, 3);

	is_str(row, "便利店    3     是", "utf8_row_cols pads by columns, not bytes, and leaves the last cell as it is");
	free(row);
	row = utf8_row_cols(cells, cols, 0);
	is_str(row, "", "no cells: an empty row");
	free(row);
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		printf("Bail out! cannot set the C.UTF-8 locale\n");
		return 1;
	}
	test_round_trips();
	test_invalid();
	test_valid_prefix();
	test_widths();
	test_wcs();
	test_fit();
	test_fit_start();
	test_escape();
	test_pad();
	test_row();
	return tap_done();
}
