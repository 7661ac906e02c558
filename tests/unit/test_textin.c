/* test_textin.c - encoding detection and conversion of imported text files: UTF-8 with and
 * without BOM, UTF-16 with BOM, GB18030; CRLF to LF; refusals that name the line. */
#include "config.h"
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "textin.h"
#include "utf8.h"
#include "util.h"

/* The CSV every conversion test starts from: survey answers as a Chinese office exports them. */
#define SURVEY "社区,满意\r\n居民,比较满意\n"
#define SURVEY_LF "社区,满意\n居民,比较满意\n"

static char tmpdir[] = "/tmp/test_textin.XXXXXX";

/* Convert the UTF-8 string s to enc with iconv (the test's own, independent of textin.c); *n gets the length. */
static char *
encode(const char *s, const char *enc, size_t *n)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	size_t inleft = strlen(s), cap = inleft * 4 + 8, outleft = cap;
	char *out = xmalloc(cap), *inp = (char *)s, *outp = out;

	if (cd == (iconv_t)-1 || iconv(cd, &inp, &inleft, &outp, &outleft) == (size_t)-1) {
		printf("# cannot convert to %s: %s\n", enc, strerror(errno));
		exit(1);
	}
	iconv_close(cd);
	*n = cap - outleft;
	return out;
}

/* prefix (plen bytes) followed by body (blen bytes), in a fresh buffer. */
static char *
concat(const char *prefix, size_t plen, const char *body, size_t blen)
{
	char *r = xmalloc(plen + blen + 1);

	memcpy(r, prefix, plen);
	memcpy(r + plen, body, blen);
	return r;
}

/* Decode n bytes and expect success with encoding want_enc and text want. */
static void
expect_text(const char *bytes, size_t n, textin_encoding want_enc, const char *want, const char *what)
{
	textin t;
	char *err = NULL;
	int rc = textin_decode(bytes, n, "in.csv", &t, &err);

	if (!is_int(rc, 0, "%s: decodes", what))
		printf("#   error: %s\n", err ? err : "(none)");
	is_str(textin_encoding_name(rc == 0 ? t.encoding : (textin_encoding)-1),
	    textin_encoding_name(want_enc), "%s: detected as %s", what, textin_encoding_name(want_enc));
	is_str(t.text, want, "%s: text", what);
	is_int(rc == 0 ? t.len : 0, strlen(want), "%s: length", what);
	textin_free(&t);
	free(err);
}

/* Decode n bytes and expect a refusal whose message contains each of the NULL-terminated needles. */
static void
expect_refusal(const char *bytes, size_t n, const char *what, ...)
{
	textin t;
	char *err = NULL;
	const char *needle;
	int rc = textin_decode(bytes, n, "in.csv", &t, &err);
	va_list ap;

	is_int(rc, -1, "%s: refused", what);
	ok(t.text == NULL && t.len == 0, "%s: nothing handed back", what);
	va_start(ap, what);
	while ((needle = va_arg(ap, const char *)) != NULL)
		if (!ok(err && strstr(err, needle), "%s: message has '%s'", what, needle))
			printf("#   message: %s\n", err ? err : "(null)");
	va_end(ap);
	textin_free(&t);
	free(err);
}

static void
test_utf8(void)
{
	static const char bom[] = "\xef\xbb\xbf";
	char *b = concat(bom, 3, SURVEY, strlen(SURVEY));

	expect_text("name,age\nWang,42\n", 17, TEXTIN_UTF8, "name,age\nWang,42\n", "pure ASCII");
	expect_text(SURVEY, strlen(SURVEY), TEXTIN_UTF8, SURVEY_LF, "UTF-8 without BOM");
	expect_text(b, 3 + strlen(SURVEY), TEXTIN_UTF8_BOM, SURVEY_LF, "UTF-8 with BOM");
	expect_text(bom, 3, TEXTIN_UTF8_BOM, "", "a lone UTF-8 BOM");
	free(b);
	/* U+20000 (a CJK Extension B character found in names) is 4 bytes in UTF-8. */
	expect_text("\xf0\xa0\x80\x80\n", 5, TEXTIN_UTF8, "\xf0\xa0\x80\x80\n", "4-byte UTF-8");
}

static void
test_crlf(void)
{
	expect_text("a\r\nb\r\n", 6, TEXTIN_UTF8, "a\nb\n", "CRLF becomes LF");
	expect_text("a\rb\r", 4, TEXTIN_UTF8, "a\rb\r", "a lone CR is kept");
	expect_text("a\r\r\nb", 5, TEXTIN_UTF8, "a\r\nb", "CR CR LF keeps one CR");
}

/* UTF-16 with a BOM in either byte order, including a surrogate pair. */
static void
test_utf16(void)
{
	const char *src = SURVEY "\xf0\xa0\x80\x80\n";
	const char *want = SURVEY_LF "\xf0\xa0\x80\x80\n";
	size_t n;
	char *le = encode(src, "UTF-16LE", &n), *b = concat("\xff\xfe", 2, le, n), *be;

	expect_text(b, n + 2, TEXTIN_UTF16LE, want, "UTF-16LE with BOM");
	free(le);
	free(b);
	be = encode(src, "UTF-16BE", &n);
	b = concat("\xfe\xff", 2, be, n);
	expect_text(b, n + 2, TEXTIN_UTF16BE, want, "UTF-16BE with BOM");
	/* Cut the last byte: the last line's final unit is incomplete. */
	expect_refusal(b, n + 1, "UTF-16BE cut mid-unit", "in.csv:3:", "UTF-16BE", NULL);
	free(be);
	free(b);
	/* A low surrogate with no high one before it, on line 2 at byte offset 2. */
	expect_refusal("\xff\xfe" "a\0\n\0b\0\x00\xdc\n\0", 12, "UTF-16LE lone surrogate",
	    "in.csv:2:", "line 2, byte offset 2", "UTF-16LE", NULL);
	expect_refusal("\xff\xfe" "a\0\n\0\0\0", 8, "UTF-16LE NUL unit", "in.csv:2:", "NUL", NULL);
	expect_text("\xff\xfe", 2, TEXTIN_UTF16LE, "", "a lone UTF-16LE BOM");
}

static void
test_gb18030(void)
{
	size_t n, big_n = 0;
	char *gb = encode(SURVEY, "GB18030", &n);
	/* 1000 lines of Chinese: UTF-8 is half again as long, so the output buffer has to grow. */
	char *big = xmalloc(1000 * strlen(SURVEY) + 1), *want = xmalloc(1000 * strlen(SURVEY_LF) + 1), *bgb;
	int i;

	ok(!utf8_is_valid_bytes(gb, n), "GB18030 test bytes are not UTF-8 (so the test means something)");
	expect_text(gb, n, TEXTIN_GB18030, SURVEY_LF, "GB18030 round trip");
	free(gb);
	big[0] = want[0] = '\0';
	for (i = 0; i < 1000; i++) {
		strcat(big, SURVEY);
		strcat(want, SURVEY_LF);
	}
	bgb = encode(big, "GB18030", &big_n);
	expect_text(bgb, big_n, TEXTIN_GB18030, want, "large GB18030 (output buffer growth)");
	free(bgb);
	free(big);
	free(want);
	/* A 4-byte GB18030 sequence (U+1F600) and a GBK-only character (镕). */
	gb = encode("笑😀镕\n", "GB18030", &n);
	is_int(n, 9, "test bytes: 2 + 4 + 2 + 1");
	expect_text(gb, n, TEXTIN_GB18030, "笑😀镕\n", "GB18030 4-byte sequence");
	free(gb);
	/* GB18030's own BOM, 84 31 95 33, is dropped like the others. */
	expect_text("\x84\x31\x95\x33\xc9\xe7", 6, TEXTIN_GB18030, "社", "GB18030 BOM removed");
}

static void
test_refusals(void)
{
	size_t n;
	char *gb = encode("社区\r\n居民\r\n满意", "GB18030", &n);

	/* The last character, 意, loses its second byte: line 3, which starts with 满 (2 bytes). */
	expect_refusal(gb, n - 1, "GB18030 cut mid-character", "in.csv:3:",
	    "neither UTF-8 nor GB18030", "line 3, byte offset 2 in that line", NULL);
	free(gb);
	expect_refusal("a,b\nc,d\ne,\x80\xff\n", 12, "invalid bytes on line 3", "in.csv:3:",
	    "line 3, byte offset 2", NULL);
	/* GB18030 chokes on line 1 (E4 B8 AD 0A: AD 0A is no GB pair), UTF-8 only on line 3:
	 * the line reported is where the likelier encoding broke. */
	expect_refusal("中\nb\nc\xff\n", 9, "UTF-8 broken on line 3", "in.csv:3:", "byte offset 1", NULL);
	expect_refusal("a\nb\0c\n", 6, "NUL byte", "in.csv:2:", "contains NUL bytes: not a text file", NULL);
	/* A NUL is reported as such even in bytes that are not text at all (a zip renamed .csv). */
	expect_refusal("PK\x03\x04\0\0\xff", 7, "binary file", "in.csv:1:", "NUL", NULL);
	expect_refusal("\xef\xbb\xbf" "ok\n\xff\n", 8, "bad bytes after a UTF-8 BOM", "in.csv:2:",
	    "byte-order mark", "line 2, byte offset 0", NULL);
	/* Valid GB18030 after a UTF-8 BOM still refused: the BOM promised UTF-8. */
	expect_refusal("\xef\xbb\xbf" "\xc9\xe7\n", 6, "GB18030 after a UTF-8 BOM", "in.csv:1:", "UTF-8", NULL);
}

static void
test_empty(void)
{
	expect_text(NULL, 0, TEXTIN_UTF8, "", "empty buffer (NULL, 0)");
	expect_text("", 0, TEXTIN_UTF8, "", "empty buffer");
}

/* Write n bytes to a fresh file in the test's directory; returns its path. */
static char *
write_file(const char *name, const char *bytes, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(bytes, 1, n, fp) != n || fclose(fp) != 0) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
	return path;
}

static void
test_files(void)
{
	textin t;
	char *err = NULL, *path, hundred[100];
	size_t n;
	char *gb = encode(SURVEY, "GB18030", &n);
	int rc;

	path = write_file("survey.csv", gb, n);
	rc = textin_read_file(path, 1024, &t, &err);
	ok(rc == 0 && t.encoding == TEXTIN_GB18030 && strcmp(t.text, SURVEY_LF) == 0, "GB18030 file read and converted");
	textin_free(&t);
	textin_free(&t);	/* twice is harmless */
	ok(t.text == NULL, "textin_free empties");
	free(path);
	free(gb);

	path = write_file("empty.csv", "", 0);
	rc = textin_read_file(path, 1024, &t, &err);
	ok(rc == 0 && t.text && t.text[0] == '\0' && t.len == 0, "empty file is empty text");
	textin_free(&t);
	free(path);

	memset(hundred, 'x', sizeof hundred);
	path = write_file("hundred.csv", hundred, sizeof hundred);
	rc = textin_read_file(path, 100, &t, &err);
	ok(rc == 0 && t.len == 100, "a file of exactly max_bytes is read");
	textin_free(&t);
	rc = textin_read_file(path, 99, &t, &err);
	is_int(rc, -1, "a file over max_bytes is refused");
	ok(err && strstr(err, path) && strstr(err, "larger than 99 bytes"), "the message names the file and the limit: %s",
	    err ? err : "(null)");
	ok(t.text == NULL, "nothing handed back for a file too large");
	free(err);
	err = NULL;
	free(path);

	/* An endless device: refused after max_bytes + 1 bytes instead of read forever. */
	rc = textin_read_file("/dev/zero", 4096, &t, &err);
	ok(rc == -1 && err && strstr(err, "larger than 4096 bytes"), "an endless stream is cut off at max_bytes: %s",
	    err ? err : "(null)");
	free(err);
	err = NULL;

	path = xasprintf("%s/no-such-file.csv", tmpdir);
	rc = textin_read_file(path, 1024, &t, &err);
	ok(rc == -1 && err && strstr(err, path) && strstr(err, "cannot open"), "a missing file is named: %s",
	    err ? err : "(null)");
	free(err);
	free(path);

	/* Refusals without an err pointer are still refusals (and leak nothing). */
	is_int(textin_decode("\xff", 1, "x", &t, NULL), -1, "err may be NULL");
}

static void
test_names(void)
{
	is_str(textin_encoding_name(TEXTIN_UTF8), "UTF-8", "name of UTF-8");
	is_str(textin_encoding_name(TEXTIN_UTF8_BOM), "UTF-8 (BOM)", "name of UTF-8 with BOM");
	is_str(textin_encoding_name(TEXTIN_UTF16LE), "UTF-16LE", "name of UTF-16LE");
	is_str(textin_encoding_name(TEXTIN_UTF16BE), "UTF-16BE", "name of UTF-16BE");
	is_str(textin_encoding_name(TEXTIN_GB18030), "GB18030", "name of GB18030");
}

int
main(void)
{
	char *cmd;

	setlocale(LC_ALL, "C.UTF-8");
	if (mkdtemp(tmpdir) == NULL) {
		printf("# mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_utf8();
	test_crlf();
	test_utf16();
	test_gb18030();
	test_refusals();
	test_empty();
	test_files();
	test_names();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return tap_done();
}
