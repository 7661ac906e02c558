/* test_sheetout.c - the CSV writer: RFC 4180 quoting (comma, quote, CR, LF), formula-looking
 * cells left as they are, the UTF-8 BOM (and without it), GB18030 read back with iconv, numbers
 * with '.' whatever the locale; cells given by length (sheetout_text_len) and rows far longer than
 * the writer's first row buffer, in UTF-8 and GB18030. */
#include "config.h"
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "sheetout.h"
#include "util.h"

/* Write rows (NULL ends a row, two NULLs end the sheet) and return the bytes. */
static char *
write_sheet(sheetout_encoding enc, unsigned flags, const char *const *cells, size_t *len)
{
	char *buf = NULL, *err = NULL;
	FILE *f = open_memstream(&buf, len);
	sheetout *so = sheetout_csv(f, enc, flags, &err);

	if (!so) {
		printf("# %s\n", err);
		free(err);
		fclose(f);
		free(buf);
		return NULL;
	}
	for (; cells[0] || cells[1]; cells++) {
		if (cells[0])
			sheetout_text(so, cells[0]);
		else
			sheetout_end_row(so);
	}
	sheetout_end_row(so);
	if (sheetout_close(so, &err) != 0) {
		printf("# close: %s\n", err);
		free(err);
	}
	fclose(f);
	return buf;
}

/* sheetout_text_len takes a slice of a longer string; a 200,000-byte row of quoted cells grows the
 * row buffer (and GB18030's conversion buffer) and comes out whole. */
static void
test_long_rows(void)
{
	char *buf = NULL, *err = NULL, *big = xcalloc(100001, 1), *want;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	sheetout *so = sheetout_csv(f, SHEETOUT_UTF8, SHEETOUT_NO_BOM, &err);

	for (int i = 0; i < 100000; i++)
		big[i] = i % 1000 == 0 ? '"' : 'a' + i % 26;
	sheetout_text_len(so, "abcdef", 3);
	sheetout_text_len(so, "x,yz", 3);
	sheetout_text(so, big);
	sheetout_end_row(so);
	sheetout_close(so, NULL);
	fclose(f);
	want = xcalloc(200200, 1);
	strcpy(want, "abc,\"x,y\",\"");
	for (int i = 0, o = (int)strlen(want); i < 100000; i++) {
		if (big[i] == '"')
			want[o++] = '"';
		want[o++] = big[i];
		if (i == 99999)
			strcpy(want + o, "\"\r\n");
	}
	is_str(buf, want, "slices by length, and a 100,000-byte quoted cell with its quotes doubled, whole");
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	so = sheetout_csv(f, SHEETOUT_GB18030, 0, &err);
	for (int i = 0; i < 20000; i++)
		sheetout_text(so, "托儿所");
	sheetout_end_row(so);
	sheetout_close(so, NULL);
	fclose(f);
	ok(len == 20000 * 6 + 19999 + 2 && memcmp(buf + len - 8, "\xcd\xd0\xb6\xf9\xcb\xf9\r\n", 8) == 0,
	    "GB18030: a row of 20,000 cells converted whole (%zu bytes)", len);
	free(buf);
	free(big);
	free(want);
}

int
main(void)
{
	const char *cells[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", NULL,
	    "=SUM(A1:A2)", "+86 138", "-5", "@x", "", "托儿所", NULL, NULL };
	const char *want = "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n"
	    "=SUM(A1:A2),+86 138,-5,@x,,托儿所\r\n";
	char *buf, *err = NULL;
	size_t len;
	sheetout_encoding enc;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	buf = write_sheet(SHEETOUT_UTF8, 0, cells, &len);
	ok(buf && len > 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0, "UTF-8 starts with a BOM by default");
	is_str(buf ? buf + 3 : "", want, "RFC 4180 quoting; formula-looking cells are not altered");
	free(buf);

	is_str_free(write_sheet(SHEETOUT_UTF8, SHEETOUT_NO_BOM, cells, &len), want, "without a BOM on request");

	buf = write_sheet(SHEETOUT_GB18030, 0, cells, &len);
	ok(buf && memcmp(buf, "\xEF\xBB\xBF", 3) != 0, "GB18030 has no BOM");
	ok(buf && strstr(buf, "\xcd\xd0\xb6\xf9\xcb\xf9") != NULL, "托儿所 is written in GB18030 bytes");
	{
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		char out[512], *in = buf, *o = out;
		size_t inl = len, outl = sizeof out - 1;
		ok(cd != (iconv_t)-1 && iconv(cd, &in, &inl, &o, &outl) != (size_t)-1, "it reads back with iconv");
		*o = '\0';
		is_str(out, want, "... to the same text");
		if (cd != (iconv_t)-1)
			iconv_close(cd);
	}
	free(buf);
	{
		/* A character outside the BMP and a rare one: GB18030 covers all of Unicode. */
		const char *rare[] = { "𠀀", "😀", NULL, NULL };
		iconv_t cd = iconv_open("UTF-8", "GB18030");
		char out[64], *in, *o = out;
		size_t inl, outl = sizeof out - 1;
		buf = write_sheet(SHEETOUT_GB18030, 0, rare, &len);
		in = buf;
		inl = len;
		ok(buf && cd != (iconv_t)-1 && iconv(cd, &in, &inl, &o, &outl) != (size_t)-1, "four-byte GB18030 reads back");
		*o = '\0';
		is_str(out, "𠀀,😀\r\n", "... exactly");
		if (cd != (iconv_t)-1)
			iconv_close(cd);
		free(buf);
	}

	ok(sheetout_encoding_parse("GB18030", &enc) && enc == SHEETOUT_GB18030, "gb18030 is known");
	ok(sheetout_encoding_parse("utf-8", &enc) && enc == SHEETOUT_UTF8, "utf-8 is known");
	is_int(sheetout_encoding_parse(NULL, &enc), 0, "no name is no encoding");
	ok(!sheetout_encoding_parse("latin1", &enc), "latin1 is not offered");
	is_str_free(sheetout_number_text(2200.5), "2200.5", "2200.5");
	is_str_free(sheetout_number_text(96), "96", "96 without decimals");
	is_str_free(sheetout_number_text(22.2222), "22.22", "two decimals at most");
	is_str_free(sheetout_number_text(0.05), "0.05", "0.05");
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		is_str_free(sheetout_number_text(1.5), "1.5", "a comma locale still gets '.'");
	}
	{
		FILE *full = fopen("/dev/full", "w");
		if (full) {
			sheetout *so = sheetout_csv(full, SHEETOUT_UTF8, 0, &err);
			for (int i = 0; so && i < 10000; i++)
				sheetout_text(so, "fill the buffer past its size so the write fails");
			ok(so && sheetout_close(so, &err) != 0 && err, "a full disk is reported (%s)", err ? err : "");
			free(err);
			fclose(full);
		}
	}
	test_long_rows();
	return tap_done();
}
