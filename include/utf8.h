/* utf8.h - UTF-8 decoding and display width. Function names say their unit: _bytes, _chars or _cols. */
#ifndef LC_UTF8_H
#define LC_UTF8_H

#include <stddef.h>
#include <stdbool.h>
#include <wchar.h>

/* Replacement character shown for bytes that are not valid UTF-8. */
#define UTF8_REPLACEMENT 0xFFFD

/* Decode one character from s (at most n bytes) into *wc; returns bytes used (>=1). Invalid or truncated input gives U+FFFD and consumes 1 byte. n==0 returns 0. */
size_t utf8_decode_char(const char *s, size_t n, wchar_t *wc);
/* Encode wc as UTF-8 into out (at least 4 bytes); returns bytes written (U+FFFD for invalid code points). */
size_t utf8_encode_char(wchar_t wc, char out[4]);
/* True when s holds exactly n bytes of valid UTF-8 (no overlongs, no surrogates). */
bool utf8_is_valid_bytes(const char *s, size_t n);
/* Length in bytes of the longest valid UTF-8 prefix of the n bytes at s (n when all valid): the offset of the first bad byte. A sequence cut off at the end counts as bad. */
size_t utf8_valid_prefix_bytes(const char *s, size_t n);
/* Columns one character takes on screen, by wcwidth() in the current UTF-8 LC_CTYPE (so it agrees with curses): 2 for CJK wide, 0 for combining, 1 for other printable; control and unprintable characters count 1 (they are shown as U+FFFD). */
int utf8_char_cols(wchar_t wc);
/* Columns the UTF-8 string s takes on screen. */
size_t utf8_width_cols(const char *s);
/* Number of characters in the UTF-8 string s. */
size_t utf8_len_chars(const char *s);
/* Decode the UTF-8 string s into a fresh NUL-terminated wide string; *len_chars (if not NULL) receives its length. */
wchar_t *utf8_to_wcs(const char *s, size_t *len_chars);
/* Encode n wide characters into a fresh UTF-8 string. */
char *utf8_from_wcs(const wchar_t *w, size_t n);
/* Fresh copy of s cut to at most cols columns, never inside a character; if cut and ellipsis, the last column holds "…" (U+2026). */
char *utf8_fit_cols(const char *s, size_t cols, bool ellipsis);
/* Fresh copy of s cut to at most cols columns by dropping characters from its start; if cut, it begins with "…" (a long path keeps its file name). */
char *utf8_fit_cols_start(const char *s, size_t cols);
/* True for characters that must never reach a terminal as they are: C0 and C1 controls, DEL,
 * and the bidirectional marks, embeddings, overrides (U+202E) and isolates. */
bool utf8_is_control(wchar_t wc);
/* Fresh copy of s safe to print on a terminal: each control character (utf8_is_control) becomes
 * \xNN or \uNNNN, each byte that is not valid UTF-8 \xNN; everything else is kept. */
char *utf8_escape_controls(const char *s);
/* Fresh copy of s padded with spaces on the right to exactly cols columns (cut first if wider). */
char *utf8_pad_cols(const char *s, size_t cols);
/* A table row as text: cells[0..n) each padded to cols[i] display columns (the last not padded), two
 * blanks between them. Fresh. */
char *utf8_row_cols(const char *const *cells, const size_t *cols, size_t n);

#endif
