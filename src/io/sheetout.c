/* sheetout.c - the one writer's calls, handed to the format's writer (CSV here, .xlsx in xlsxout.c),
 * and the CSV writer: RFC 4180, a cell holding a comma, a double quote, CR or LF is quoted and its
 * quotes doubled; rows end in CRLF. UTF-8 gets a BOM by default so spreadsheet programs on Chinese
 * Windows do not guess GBK; GB18030 is converted by iconv cell by cell (it covers all of Unicode,
 * so no character is lost). */
#include "config.h"
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "sheetout.h"
#include "util.h"
#include "i18n.h"

struct sheetout {
	const sheetout_ops *ops;
	void *impl;
	int cells;		/* cells in the current row so far */
	char *error;		/* first error, translated */
	char *scratch;		/* sheetout_text_len's NUL-terminated copy for a format without text_len */
	size_t scratch_cap;
};

/* ---- the calls every format shares ------------------------------------------------------------ */

sheetout *
sheetout_new(const sheetout_ops *ops, void *impl)
{
	sheetout *so = xcalloc(1, sizeof *so);

	so->ops = ops;
	so->impl = impl;
	return so;
}

void *
sheetout_impl(const sheetout *so)
{
	return so->impl;
}

int
sheetout_fail(sheetout *so, char *msg)
{
	if (!so->error)
		so->error = msg;
	else
		free(msg);
	return -1;
}

int
sheetout_cells(const sheetout *so)
{
	return so->cells;
}

bool
sheetout_encoding_parse(const char *name, sheetout_encoding *enc)
{
	if (!name)
		return false;
	if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
		*enc = SHEETOUT_UTF8;
	else if (strcasecmp(name, "gb18030") == 0)
		*enc = SHEETOUT_GB18030;
	else
		return false;
	return true;
}

int
sheetout_text(sheetout *so, const char *text)
{
	int rc = so->ops->text(so, text ? text : "");

	so->cells++;
	return rc;
}

int
sheetout_text_len(sheetout *so, const char *text, size_t len)
{
	int rc;

	if (so->ops->text_len) {
		rc = so->ops->text_len(so, text, len);
	} else {
		/* one buffer reused: no allocation per cell */
		if (so->scratch_cap < len + 1) {
			so->scratch_cap = len + 64;
			so->scratch = xrealloc(so->scratch, so->scratch_cap);
		}
		memcpy(so->scratch, text, len);
		so->scratch[len] = '\0';
		rc = so->ops->text(so, so->scratch);
	}
	so->cells++;
	return rc;
}

int
sheetout_number(sheetout *so, double v)
{
	int rc = so->ops->number(so, v);

	so->cells++;
	return rc;
}

int
sheetout_end_row(sheetout *so)
{
	int rc = so->ops->end_row(so);

	so->cells = 0;
	return rc;
}

int
sheetout_header(sheetout *so, const char *const *cells, size_t n)
{
	int rc;

	if (so->cells > 0 && sheetout_end_row(so) != 0)
		return -1;
	rc = so->ops->header(so, cells, n);
	so->cells = 0;
	return rc;
}

int
sheetout_sheet(sheetout *so, const char *name)
{
	int rc;

	if (so->cells > 0 && sheetout_end_row(so) != 0)
		return -1;
	rc = so->ops->sheet(so, name);
	so->cells = 0;
	return rc;
}

const char *
sheetout_error(const sheetout *so)
{
	return so->error;
}

int
sheetout_close(sheetout *so, char **err)
{
	int rc;

	if (!so)
		return -1;
	if (so->cells > 0)
		sheetout_end_row(so);
	so->ops->finish(so);
	rc = so->error ? -1 : 0;
	if (err)
		*err = so->error ? xstrdup(so->error) : NULL;
	so->ops->free_impl(so->impl);
	free(so->error);
	free(so->scratch);
	free(so);
	return rc;
}

char *
sheetout_number_text(double v)
{
	/* By hand rather than printf("%.2f"), whose decimal mark follows LC_NUMERIC. */
	long long cents = (long long)(v * 100 + (v < 0 ? -0.5 : 0.5));
	long long whole = cents / 100, frac = cents % 100;
	const char *sign = cents < 0 ? "-" : "";

	if (whole < 0)
		whole = -whole;
	if (frac < 0)
		frac = -frac;
	if (frac == 0)
		return xasprintf("%s%lld", sign, whole);
	if (frac % 10 == 0)
		return xasprintf("%s%lld.%lld", sign, whole, frac / 10);
	return xasprintf("%s%lld.%02lld", sign, whole, frac);
}

/* ---- CSV ---------------------------------------------------------------------------------- */

/* A row is put together in row (quoting and separators included) and written by ONE fwrite, or
 * converted by one iconv call, at its end: per cell the writer only copies bytes (two fwrite calls
 * and a strpbrk per cell were half of a million-row export's instructions). The buffer is as large
 * as the longest row, so memory stays flat. */
typedef struct csv_out {
	FILE *out;
	sheetout_encoding enc;
	iconv_t cd;
	char *row;		/* the current row's bytes (UTF-8) */
	size_t len, cap;
	char *conv;		/* GB18030: the row converted */
	size_t conv_cap;
} csv_out;

static void
row_reserve(csv_out *c, size_t n)
{
	if (c->len + n <= c->cap)
		return;
	c->cap = (c->len + n) * 2 + 256;
	c->row = xrealloc(c->row, c->cap);
}

/* Write n bytes of UTF-8 in the sheet's encoding. */
static int
put_bytes(sheetout *so, const char *s, size_t n)
{
	csv_out *c = so->impl;

	if (c->enc == SHEETOUT_UTF8) {
		if (fwrite(s, 1, n, c->out) != n)
			return sheetout_fail(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno)));
		return 0;
	}
	/* GB18030 takes at most 4 bytes for a character UTF-8 writes in 1 to 4 */
	if (c->conv_cap < n * 4 + 16) {
		c->conv_cap = n * 4 + 16;
		c->conv = xrealloc(c->conv, c->conv_cap);
	}
	{
		char *in = (char *)s, *o = c->conv;
		size_t left = c->conv_cap;
		if (iconv(c->cd, &in, &n, &o, &left) == (size_t)-1) {
			sheetout_fail(so, xasprintf(_("cannot convert the text to GB18030: %s"), strerror(errno)));
			iconv(c->cd, NULL, NULL, NULL, NULL);
			return -1;
		}
		if (fwrite(c->conv, 1, (size_t)(o - c->conv), c->out) != (size_t)(o - c->conv))
			return sheetout_fail(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno)));
	}
	return 0;
}

/* The bytes that make a cell quoted (RFC 4180): , " CR LF. */
static const unsigned char quote_byte[256] = { ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1 };

static int
csv_text_len(sheetout *so, const char *t, size_t n)
{
	csv_out *c = so->impl;
	char *o;
	unsigned char special = 0;

	row_reserve(c, 2 * n + 3);
	if (so->cells > 0)
		c->row[c->len++] = ',';
	/* copy while looking for a byte that needs quotes: one pass over the usual cell */
	o = c->row + c->len;
	for (size_t i = 0; i < n; i++) {
		o[i] = t[i];
		special |= quote_byte[(unsigned char)t[i]];
	}
	if (!special) {
		c->len += n;
		return 0;
	}
	c->row[c->len++] = '"';
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '"')
			c->row[c->len++] = '"';
		c->row[c->len++] = t[i];
	}
	c->row[c->len++] = '"';
	return 0;
}

static int
csv_text(sheetout *so, const char *t)
{
	return csv_text_len(so, t, strlen(t));
}

static int
csv_number(sheetout *so, double v)
{
	char *s = sheetout_number_text(v);
	int rc = csv_text(so, s);

	free(s);
	return rc;
}

/* The row so far, written out. */
static int
csv_flush_row(sheetout *so)
{
	csv_out *c = so->impl;
	int rc = c->len ? put_bytes(so, c->row, c->len) : 0;

	c->len = 0;
	return rc;
}

static int
csv_end_row(sheetout *so)
{
	csv_out *c = so->impl;

	row_reserve(c, 2);
	c->row[c->len++] = '\r';
	c->row[c->len++] = '\n';
	return csv_flush_row(so);
}

static int
csv_header(sheetout *so, const char *const *cells, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = csv_text(so, cells[i] ? cells[i] : "");
		so->cells++;
	}
	return rc == 0 ? csv_end_row(so) : rc;
}

/* One file is one sheet: an empty row keeps the next table apart when the file is opened. */
static int
csv_sheet(sheetout *so, const char *name)
{
	(void)name;
	return csv_end_row(so);
}

static int
csv_finish(sheetout *so)
{
	csv_out *c = so->impl;

	if (csv_flush_row(so) != 0)
		return -1;
	if (fflush(c->out) != 0 || ferror(c->out))
		return sheetout_fail(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno)));
	return 0;
}

static void
csv_free(void *impl)
{
	csv_out *c = impl;

	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->row);
	free(c->conv);
	free(c);
}

static const sheetout_ops csv_ops = {
	csv_text, csv_number, csv_end_row, csv_header, csv_sheet, csv_finish, csv_free, csv_text_len,
};

sheetout *
sheetout_csv(FILE *out, sheetout_encoding enc, unsigned flags, char **err)
{
	csv_out *c = xcalloc(1, sizeof *c);

	*err = NULL;
	c->out = out;
	c->enc = enc;
	c->cd = (iconv_t)-1;
	if (enc == SHEETOUT_GB18030) {
		c->cd = iconv_open("GB18030", "UTF-8");
		if (c->cd == (iconv_t)-1) {
			*err = xasprintf(_("cannot convert to GB18030 on this system: %s"), strerror(errno));
			free(c);
			return NULL;
		}
	} else if (!(flags & SHEETOUT_NO_BOM)) {
		fputs("\xEF\xBB\xBF", out);
	}
	return sheetout_new(&csv_ops, c);
}
