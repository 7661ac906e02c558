/* textin.c - read text files made elsewhere (spreadsheet CSV exports from Chinese offices,
 * XLSForm CSVs, reference data) and hand back UTF-8.
 *
 * Offices save CSV as whatever their spreadsheet defaults to: UTF-8 with or without a BOM,
 * "Unicode text" (UTF-16 with a BOM), or the system code page, GBK on Chinese Windows, which
 * GB18030 covers. Guessing quietly is how garbled names end up in the database, so anything
 * that is not clean in the detected encoding is refused with a line number the operator can
 * find in the file. See textin.h for the contract. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "textin.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* First read size for files whose size fstat cannot tell (pipes, devices). */
#define READ_CHUNK 65536

/* How the input is cut into code units, so NULs and newlines are found in UTF-16 too. */
struct units {
	size_t size;		/* 1 for byte encodings, 2 for UTF-16 */
	bool big_endian;	/* for size 2 */
};

/* A growing UTF-8 output buffer for iconv. */
struct outbuf {
	char *buf;
	size_t cap;
	size_t used;
};

static const struct units byte_units = { 1, false };

const char *
textin_encoding_name(textin_encoding e)
{
	switch (e) {
	case TEXTIN_UTF8: return "UTF-8";
	case TEXTIN_UTF8_BOM: return "UTF-8 (BOM)";
	case TEXTIN_UTF16LE: return "UTF-16LE";
	case TEXTIN_UTF16BE: return "UTF-16BE";
	case TEXTIN_GB18030: return "GB18030";
	}
	return "?";
}

void
textin_free(textin *t)
{
	if (t == NULL)
		return;
	free(t->text);
	t->text = NULL;
	t->len = 0;
}

/* The code unit starting at byte i (i + u->size <= n). */
static unsigned
unit_at(const unsigned char *b, size_t i, const struct units *u)
{
	if (u->size == 1)
		return b[i];
	return u->big_endian ? (unsigned)b[i] << 8 | b[i + 1] : (unsigned)b[i + 1] << 8 | b[i];
}

/* Byte offset of the first U+0000 code unit, or n when there is none. */
static size_t
find_nul(const unsigned char *b, size_t n, const struct units *u)
{
	size_t i;

	for (i = 0; i + u->size <= n; i += u->size)
		if (unit_at(b, i, u) == 0)
			return i;
	return n;
}

/* 1-based line of byte pos (newline units before it, plus one) and pos's 0-based offset in that line. */
static void
locate(const unsigned char *b, size_t pos, const struct units *u, size_t *line, size_t *col)
{
	size_t i, start = 0;

	*line = 1;
	for (i = 0; i + u->size <= pos; i += u->size) {
		if (unit_at(b, i, u) == '\n') {
			(*line)++;
			start = i + u->size;
		}
	}
	*col = pos - start;
}

static void
set_err(char **err, char *msg)
{
	if (err)
		*err = msg;
	else
		free(msg);
}

static int
refuse_nul(const char *name, const unsigned char *b, size_t pos, const struct units *u, char **err)
{
	size_t line, col;

	locate(b, pos, u, &line, &col);
	set_err(err, xasprintf(_("%s:%zu: contains NUL bytes: not a text file"), name, line));
	return -1;
}

/* Bytes after a BOM that do not decode in the encoding the BOM announces. */
static int
refuse_after_bom(const char *name, const unsigned char *b, size_t pos, const struct units *u,
    textin_encoding enc, char **err)
{
	size_t line, col;
	const char *ename = textin_encoding_name(enc == TEXTIN_UTF8_BOM ? TEXTIN_UTF8 : enc);

	locate(b, pos, u, &line, &col);
	set_err(err, xasprintf(_("%s:%zu: the file starts with a %s byte-order mark but is not valid %s "
	    "(bad bytes at line %zu, byte offset %zu in that line)"), name, line, ename, ename, line, col));
	return -1;
}

static int
refuse_neither(const char *name, const unsigned char *b, size_t pos, char **err)
{
	size_t line, col;

	locate(b, pos, &byte_units, &line, &col);
	set_err(err, xasprintf(_("%s:%zu: the file is neither UTF-8 nor GB18030 "
	    "(bad bytes at line %zu, byte offset %zu in that line)"), name, line, line, col));
	return -1;
}

/* One iconv call, growing the output on E2BIG until it fits; in == NULL flushes the state. Returns iconv's result with errno. */
static size_t
iconv_grow(iconv_t cd, char **in, size_t *inleft, struct outbuf *o)
{
	for (;;) {
		char *outp = o->buf + o->used;
		size_t outleft = o->cap - o->used - 1;	/* one byte kept for the final NUL */
		size_t r = iconv(cd, in, inleft, &outp, &outleft);

		o->used = (size_t)(outp - o->buf);
		if (r != (size_t)-1 || errno != E2BIG)
			return r;
		if (o->cap > SIZE_MAX / 2) {
			fprintf(stderr, "lifecircle: out of memory\n");
			exit(1);
		}
		o->cap *= 2;
		o->buf = xrealloc(o->buf, o->cap);
	}
}

/* Convert n bytes from the iconv encoding from into fresh NUL-terminated UTF-8 in *res.
 * 0 on success; 1 when the input does not decode, with *bad the offset of the first byte that
 * did not (a sequence cut off at the end counts); -1 when iconv cannot convert from at all. */
static int
convert(const char *from, const unsigned char *in, size_t n, char **res, size_t *res_len, size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	/* Start at n + 16: Chinese text grows by half in UTF-8, so real files exercise the growth. */
	struct outbuf o = { xmalloc(n + 16), n + 16, 0 };
	ICONV_CONST char *inp = (ICONV_CONST char *)in;
	size_t inleft = n;
	int rc = 0;

	if (cd == (iconv_t)-1) {
		int saved = errno;	/* for the caller's message; free() need not keep it */

		free(o.buf);
		errno = saved;
		return -1;
	}
	if (iconv_grow(cd, &inp, &inleft, &o) == (size_t)-1
	    || iconv_grow(cd, NULL, NULL, &o) == (size_t)-1) {
		/* EILSEQ (bad bytes) or EINVAL (cut off at the end): either way inp is at the culprit. */
		*bad = n - inleft;
		rc = 1;
	}
	iconv_close(cd);
	if (rc != 0) {
		free(o.buf);
		return rc;
	}
	o.buf[o.used] = '\0';
	*res = o.buf;
	*res_len = o.used;
	return 0;
}

/* Convert a UTF-16 body (after its BOM), refusing NULs and bad units with their line. */
static int
decode_utf16(const unsigned char *b, size_t n, const char *name, textin_encoding enc, textin *out, char **err)
{
	struct units u = { 2, enc == TEXTIN_UTF16BE };
	const char *from = enc == TEXTIN_UTF16BE ? "UTF-16BE" : "UTF-16LE";
	size_t nul = find_nul(b, n, &u), bad = 0;
	int rc;

	if (nul < n)
		return refuse_nul(name, b, nul, &u, err);
	rc = convert(from, b, n, &out->text, &out->len, &bad);
	if (rc > 0)
		return refuse_after_bom(name, b, bad, &u, enc, err);
	if (rc < 0) {
		set_err(err, xasprintf(_("%s: cannot convert from %s: %s"), name, from, strerror(errno)));
		return -1;
	}
	return 0;
}

/* Decode a body with no UTF-16 BOM: UTF-8 if it is valid, else GB18030, else refuse. */
static int
decode_bytes(const unsigned char *b, size_t n, const char *name, bool bom, textin *out, char **err)
{
	size_t nul = find_nul(b, n, &byte_units);
	size_t valid = utf8_valid_prefix_bytes((const char *)b, n), bad = 0;
	int rc;

	if (nul < n)
		return refuse_nul(name, b, nul, &byte_units, err);
	if (valid == n) {
		out->text = xstrndup((const char *)b, n);
		out->len = n;
		out->encoding = bom ? TEXTIN_UTF8_BOM : TEXTIN_UTF8;
		return 0;
	}
	/* A UTF-8 BOM is a promise: falling back to GB18030 would garble the file silently. */
	if (bom)
		return refuse_after_bom(name, b, valid, &byte_units, TEXTIN_UTF8_BOM, err);
	rc = convert("GB18030", b, n, &out->text, &out->len, &bad);
	if (rc > 0)
		/* The encoding that got further is the one meant; its stop is the damage to show. */
		return refuse_neither(name, b, bad > valid ? bad : valid, err);
	if (rc < 0) {
		set_err(err, xasprintf(_("%s: cannot convert from %s: %s"), name, "GB18030", strerror(errno)));
		return -1;
	}
	out->encoding = TEXTIN_GB18030;
	/* GB18030's own BOM (84 31 95 33) decodes to U+FEFF; drop it like the others. */
	if (out->len >= 3 && memcmp(out->text, "\xef\xbb\xbf", 3) == 0) {
		memmove(out->text, out->text + 3, out->len - 3 + 1);
		out->len -= 3;
	}
	return 0;
}

/* Turn each CRLF into LF in place (a lone CR stays); returns the new length. */
static size_t
crlf_to_lf(char *s, size_t n)
{
	size_t r, w = 0;

	for (r = 0; r < n; r++) {
		if (s[r] == '\r' && r + 1 < n && s[r + 1] == '\n')
			continue;
		s[w++] = s[r];
	}
	s[w] = '\0';
	return w;
}

int
textin_decode(const char *bytes, size_t n, const char *name, textin *out, char **err)
{
	const unsigned char *b = (const unsigned char *)bytes;
	int rc;

	out->text = NULL;
	out->len = 0;
	out->encoding = TEXTIN_UTF8;
	if (n >= 2 && b[0] == 0xff && b[1] == 0xfe) {
		out->encoding = TEXTIN_UTF16LE;
		rc = decode_utf16(b + 2, n - 2, name, TEXTIN_UTF16LE, out, err);
	} else if (n >= 2 && b[0] == 0xfe && b[1] == 0xff) {
		out->encoding = TEXTIN_UTF16BE;
		rc = decode_utf16(b + 2, n - 2, name, TEXTIN_UTF16BE, out, err);
	} else if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		rc = decode_bytes(b + 3, n - 3, name, true, out, err);
	} else {
		/* bytes may be NULL when n is 0: point at "" so the empty file is plain empty UTF-8. */
		rc = decode_bytes(n ? b : (const unsigned char *)"", n, name, false, out, err);
	}
	if (rc != 0) {
		textin_free(out);
		return -1;
	}
	out->len = crlf_to_lf(out->text, out->len);
	return 0;
}

static char *
too_large(const char *path, size_t max_bytes)
{
	return xasprintf(_("%s: the file is larger than %zu bytes; refusing to read it"), path, max_bytes);
}

/* Read at most max_bytes of fp into *buf; -1 with *err when there is more or reading fails. */
static int
read_capped(FILE *fp, const char *path, size_t max_bytes, size_t hint, char **buf, size_t *len, char **err)
{
	/* One byte past the limit is what tells a file of exactly max_bytes from a bigger one. */
	size_t limit = max_bytes == SIZE_MAX ? SIZE_MAX : max_bytes + 1;
	size_t cap = hint < limit ? hint : limit, used = 0, got;
	char *p = xmalloc(cap);

	for (;;) {
		if (used == cap) {
			if (cap == limit)
				break;
			cap = cap > limit / 2 ? limit : cap * 2;
			p = xrealloc(p, cap);
		}
		got = fread(p + used, 1, cap - used, fp);
		used += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		set_err(err, xasprintf(_("%s: cannot read: %s"), path, strerror(errno)));
		free(p);
		return -1;
	}
	if (used > max_bytes) {
		set_err(err, too_large(path, max_bytes));
		free(p);
		return -1;
	}
	*buf = p;
	*len = used;
	return 0;
}

/* Read and decode the open file fp (closed here) as path. */
static int
read_stream(FILE *fp, const char *path, size_t max_bytes, textin *out, char **err)
{
	struct stat st;
	size_t hint = READ_CHUNK, len = 0;
	char *buf = NULL;
	int rc;

	/* A regular file's size is known up front: refuse a huge one before reading any of it. */
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max_bytes) {
			set_err(err, too_large(path, max_bytes));
			fclose(fp);
			return -1;
		}
		hint = (size_t)st.st_size + 1;	/* +1 so reaching EOF needs no second allocation */
	}
	rc = read_capped(fp, path, max_bytes, hint, &buf, &len, err);
	fclose(fp);
	if (rc != 0)
		return -1;
	rc = textin_decode(buf, len, path, out, err);
	free(buf);
	return rc;
}

static void
empty_out(textin *out)
{
	out->text = NULL;
	out->len = 0;
	out->encoding = TEXTIN_UTF8;
}

int
textin_read_file(const char *path, size_t max_bytes, textin *out, char **err)
{
	FILE *fp = fopen(path, "rb");

	empty_out(out);
	if (fp == NULL) {
		set_err(err, xasprintf(_("%s: cannot open: %s"), path, strerror(errno)));
		return -1;
	}
	return read_stream(fp, path, max_bytes, out, err);
}

int
textin_read_regular(const char *path, size_t max_bytes, textin *out, char **err)
{
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer for ever
	 * (holding whatever lock the caller has); the fstat below then refuses it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	FILE *fp;

	empty_out(out);
	if (fd < 0) {
		set_err(err, xasprintf(_("%s: cannot open: %s"), path, strerror(errno)));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_err(err, xasprintf(_("%s: not a regular file (a folder, FIFO or device); refusing to read it"), path));
		close(fd);
		return -1;
	}
	/* A regular file never blocks, but reads should see ordinary errors, not EAGAIN. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || (fp = fdopen(fd, "rb")) == NULL) {
		set_err(err, xasprintf(_("%s: cannot open: %s"), path, strerror(errno)));
		close(fd);
		return -1;
	}
	return read_stream(fp, path, max_bytes, out, err);
}
