/* utf8.c - strict UTF-8 decoding by hand and display widths by wcwidth(), the same source curses uses. */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "utf8.h"
#include "util.h"

/* UTF-8 bytes of U+2026, the ellipsis put at the end of a cut string. */
#define ELLIPSIS_UTF8 "\xe2\x80\xa6"
#define ELLIPSIS_WC 0x2026

/* Decode one valid sequence into *cp; 0 when the bytes are not valid UTF-8, so callers can tell a real U+FFFD from a replaced one. */
static size_t
decode_strict(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* C0 and C1 could only start overlong forms; F5..FF would exceed U+10FFFF. */
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3, c = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_decode_char(const char *s, size_t n, wchar_t *wc)
{
	uint32_t cp;
	size_t len;

	if (n == 0)
		return 0;
	len = decode_strict((const unsigned char *)s, n, &cp);
	if (len == 0) {
		*wc = UTF8_REPLACEMENT;
		return 1;
	}
	*wc = (wchar_t)cp;
	return len;
}

size_t
utf8_encode_char(wchar_t wc, char out[4])
{
	/* Through uint32_t so a negative wchar_t counts as out of range. */
	uint32_t c = (uint32_t)wc;

	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = UTF8_REPLACEMENT;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

size_t
utf8_valid_prefix_bytes(const char *s, size_t n)
{
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		len = decode_strict((const unsigned char *)s + i, n - i, &cp);
		if (len == 0)
			break;
		i += len;
	}
	return i;
}

bool
utf8_is_valid_bytes(const char *s, size_t n)
{
	return utf8_valid_prefix_bytes(s, n) == n;
}

int
utf8_char_cols(wchar_t wc)
{
	int w = wcwidth(wc);

	/* Unprintable characters are drawn as one U+FFFD cell. */
	return w < 0 ? 1 : w;
}

size_t
utf8_width_cols(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0, cols = 0;
	wchar_t wc;

	while (i < n) {
		i += utf8_decode_char(s + i, n - i, &wc);
		cols += (size_t)utf8_char_cols(wc);
	}
	return cols;
}

size_t
utf8_len_chars(const char *s)
{
	size_t n = s ? strlen(s) : 0, i = 0, chars = 0;
	wchar_t wc;

	while (i < n) {
		i += utf8_decode_char(s + i, n - i, &wc);
		chars++;
	}
	return chars;
}

wchar_t *
utf8_to_wcs(const char *s, size_t *len_chars)
{
	size_t n = s ? strlen(s) : 0, i = 0, k = 0;
	/* Never more characters than bytes. */
	wchar_t *w = xmalloc((n + 1) * sizeof *w);

	while (i < n)
		i += utf8_decode_char(s + i, n - i, &w[k++]);
	w[k] = L'\0';
	if (len_chars)
		*len_chars = k;
	return w;
}

char *
utf8_from_wcs(const wchar_t *w, size_t n)
{
	char *out = xmalloc(4 * n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += utf8_encode_char(w[i], out + k);
	out[k] = '\0';
	return out;
}

/* Bytes of the longest prefix of s (n bytes) that fits in max_cols. Zero-width marks after the last kept character stay with it. */
static size_t
prefix_fitting(const char *s, size_t n, size_t max_cols)
{
	size_t i = 0, cols = 0, len, w;
	wchar_t wc;

	while (i < n) {
		len = utf8_decode_char(s + i, n - i, &wc);
		w = (size_t)utf8_char_cols(wc);
		if (cols + w > max_cols)
			break;
		cols += w;
		i += len;
	}
	return i;
}

char *
utf8_fit_cols(const char *s, size_t cols, bool ellipsis)
{
	size_t n, ell, end;
	char *out;

	if (!s)
		s = "";
	if (utf8_width_cols(s) <= cols)
		return xstrdup(s);
	n = strlen(s);
	ell = ellipsis ? (size_t)utf8_char_cols(ELLIPSIS_WC) : 0;
	if (ell > cols)
		ell = 0;
	end = prefix_fitting(s, n, cols - ell);
	out = xmalloc(end + sizeof ELLIPSIS_UTF8);
	memcpy(out, s, end);
	out[end] = '\0';
	if (ell)
		strcat(out + end, ELLIPSIS_UTF8);
	return out;
}

char *
utf8_fit_cols_start(const char *s, size_t cols)
{
	size_t n, ell, w;
	const char *p;

	if (!s)
		s = "";
	w = utf8_width_cols(s);
	if (w <= cols)
		return xstrdup(s);
	n = strlen(s);
	ell = (size_t)utf8_char_cols(ELLIPSIS_WC);
	if (ell > cols)
		ell = 0;
	/* Drop whole characters from the start until the rest fits beside the ellipsis. */
	for (p = s; *p && w > cols - ell;) {
		wchar_t wc = 0;
		p += utf8_decode_char(p, n - (size_t)(p - s), &wc);
		w -= (size_t)utf8_char_cols(wc);
	}
	return xasprintf("%s%s", ell ? ELLIPSIS_UTF8 : "", p);
}

bool
utf8_is_control(wchar_t wc)
{
	return wc < 0x20 || wc == 0x7f || (wc >= 0x80 && wc < 0xa0) ||
	    wc == 0x061c || wc == 0x200e || wc == 0x200f ||      /* Arabic letter mark, LRM, RLM */
	    (wc >= 0x202a && wc <= 0x202e) ||                     /* embeddings and overrides */
	    (wc >= 0x2066 && wc <= 0x2069);                       /* isolates */
}

char *
utf8_escape_controls(const char *s)
{
	size_t n = s ? strlen(s) : 0, len = 0;
	/* The longest escape, "\u202E" or "\xNN", is 6 bytes for at least 1 input byte. */
	char *out = xmalloc(n * 6 + 1);

	while (n > 0) {
		wchar_t wc;
		size_t used = utf8_decode_char(s, n, &wc);
		if (wc == UTF8_REPLACEMENT && !utf8_is_valid_bytes(s, used)) {
			len += (size_t)sprintf(out + len, "\\x%02X", (unsigned char)*s);
		} else if (utf8_is_control(wc)) {
			len += (size_t)sprintf(out + len, wc < 0x100 ? "\\x%02X" : "\\u%04X", (unsigned)wc);
		} else {
			memcpy(out + len, s, used);
			len += used;
		}
		s += used;
		n -= used;
	}
	out[len] = '\0';
	return out;
}

char *
utf8_pad_cols(const char *s, size_t cols)
{
	char *cut = utf8_fit_cols(s, cols, false);
	size_t w = utf8_width_cols(cut), n = strlen(cut);
	/* A wide character that did not fit leaves a column to pad. */
	size_t pad = w < cols ? cols - w : 0;
	char *out = xrealloc(cut, n + pad + 1);

	memset(out + n, ' ', pad);
	out[n + pad] = '\0';
	return out;
}

char *
utf8_row_cols(const char *const *cells, const size_t *cols, size_t n)
{
	char *line = xstrdup("");

	for (size_t i = 0; i < n; i++) {
		char *p = i + 1 < n ? utf8_pad_cols(cells[i], cols[i]) : xstrdup(cells[i]);
		char *t = xasprintf("%s%s%s", line, i ? "  " : "", p);
		free(p);
		free(line);
		line = t;
	}
	return line;
}
