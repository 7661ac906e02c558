/* sheetout.c - rows of cells written as CSV (RFC 4180): a cell holding a comma, a double quote,
 * CR or LF is quoted and its quotes doubled; rows end in CRLF. UTF-8 gets a BOM by default so
 * spreadsheet programs on Chinese Windows do not guess GBK; GB18030 is converted by iconv cell by
 * cell (it covers all of Unicode, so no character is lost). */
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
	FILE *out;
	sheetout_encoding enc;
	iconv_t cd;
	int cells;		/* cells in the current row so far */
	char *error;		/* first error, translated */
};

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

sheetout *
sheetout_csv(FILE *out, sheetout_encoding enc, unsigned flags, char **err)
{
	sheetout *so = xcalloc(1, sizeof *so);

	*err = NULL;
	so->out = out;
	so->enc = enc;
	so->cd = (iconv_t)-1;
	if (enc == SHEETOUT_GB18030) {
		so->cd = iconv_open("GB18030", "UTF-8");
		if (so->cd == (iconv_t)-1) {
			*err = xasprintf(_("cannot convert to GB18030 on this system: %s"), strerror(errno));
			free(so);
			return NULL;
		}
	} else if (!(flags & SHEETOUT_NO_BOM)) {
		fputs("\xEF\xBB\xBF", out);
	}
	return so;
}

static void
set_error(sheetout *so, char *msg)
{
	if (!so->error)
		so->error = msg;
	else
		free(msg);
}

/* Write n bytes of UTF-8 in the sheet's encoding. */
static int
put_bytes(sheetout *so, const char *s, size_t n)
{
	char buf[1024];

	if (so->enc == SHEETOUT_UTF8) {
		if (fwrite(s, 1, n, so->out) != n)
			return set_error(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno))), -1;
		return 0;
	}
	while (n > 0) {
		char *in = (char *)s, *o = buf;
		size_t left = sizeof buf;
		size_t r = iconv(so->cd, &in, &n, &o, &left);
		if (r == (size_t)-1 && errno != E2BIG) {
			set_error(so, xasprintf(_("cannot convert the text to GB18030: %s"), strerror(errno)));
			iconv(so->cd, NULL, NULL, NULL, NULL);
			return -1;
		}
		s = in;
		if (fwrite(buf, 1, (size_t)(o - buf), so->out) != (size_t)(o - buf))
			return set_error(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno))), -1;
	}
	return 0;
}

int
sheetout_text(sheetout *so, const char *text)
{
	const char *t = text ? text : "";
	int rc = 0;

	if (so->cells++ > 0)
		rc = put_bytes(so, ",", 1);
	if (rc == 0 && strpbrk(t, ",\"\r\n") == NULL)
		return put_bytes(so, t, strlen(t));
	rc = rc == 0 ? put_bytes(so, "\"", 1) : rc;
	while (rc == 0 && *t) {
		const char *q = strchr(t, '"');
		size_t n = q ? (size_t)(q - t + 1) : strlen(t);
		rc = put_bytes(so, t, n);
		if (rc == 0 && q)
			rc = put_bytes(so, "\"", 1);
		t += n;
	}
	return rc == 0 ? put_bytes(so, "\"", 1) : rc;
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

int
sheetout_number(sheetout *so, double v)
{
	char *s = sheetout_number_text(v);
	int rc = sheetout_text(so, s);

	free(s);
	return rc;
}

int
sheetout_end_row(sheetout *so)
{
	so->cells = 0;
	return put_bytes(so, "\r\n", 2);
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
	if (fflush(so->out) != 0 || ferror(so->out))
		set_error(so, xasprintf(_("cannot write the sheet: %s"), strerror(errno)));
	rc = so->error ? -1 : 0;
	if (err)
		*err = so->error ? xstrdup(so->error) : NULL;
	if (so->cd != (iconv_t)-1)
		iconv_close(so->cd);
	free(so->error);
	free(so);
	return rc;
}
