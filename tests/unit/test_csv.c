/* test_csv.c - the CSV side of the spreadsheet reader: RFC 4180 quoting, line numbers, blank and
 * CR-only lines, refusals of broken quotes with their line, the caps, the encodings through textin
 * (UTF-8 with BOM and CRLF, GB18030 and UTF-16 made here with iconv), and header matching. */
#include "config.h"
#include <iconv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tap.h"
#include "testutil.h"
#include "csv.h"
#include "sheet.h"
#include "utf8.h"
#include "util.h"

/* Every row of r as "LINE[cell|cell]...", then "ERR<message>" when reading stopped on an error. */
static char *
dump(sheet_reader *r)
{
	char *out = xstrdup(""), *err = NULL, *t;
	sheet_row row;
	int rc;

	while ((rc = sheet_next(r, &row, &err)) == 1) {
		t = xasprintf("%s%ld[", out, row.line);
		free(out);
		out = t;
		for (size_t i = 0; i < row.n; i++) {
			t = xasprintf("%s%s%s", out, i ? "|" : "", row.cells[i]);
			free(out);
			out = t;
		}
		t = xasprintf("%s]", out);
		free(out);
		out = t;
	}
	if (rc < 0) {
		t = xasprintf("%sERR%s", out, err ? err : "(no message)");
		free(out);
		out = t;
	}
	free(err);
	sheet_close(r);
	return out;
}

static char *
dump_text(const char *text, const sheet_limits *lim)
{
	return dump(csv_open_text(text, strlen(text), "t.csv", lim));
}

static void
parses(const char *text, const char *want, const char *what)
{
	char *got = dump_text(text, NULL);
	is_str(got, want, "%s", what);
	free(got);
}

/* The dump stops with an error containing each of part1 and part2, after the rows in before. */
static void
refuses(const char *text, const sheet_limits *lim, const char *before, const char *part1, const char *part2, const char *what)
{
	char *got = dump_text(text, lim), *err = strstr(got, "ERR");

	ok(err && strncmp(got, before, strlen(before)) == 0 && (size_t)(err - got) == strlen(before) &&
	    strstr(err, part1) && strstr(err, part2), "%s (%s)", what, got);
	free(got);
}

static void
test_rfc4180(void)
{
	parses("a,b\nc,d\n", "1[a|b]2[c|d]", "plain rows with their lines");
	parses("\"a,b\",\"say \"\"hi\"\"\"\n", "1[a,b|say \"hi\"]", "a comma and doubled quotes inside quotes");
	parses("\"x\ny\",z\nw\n", "1[x\ny|z]3[w]", "a line break inside quotes; the next row's line counts it");
	parses("a,,\n", "1[a||]", "empty cells, the last one too");
	parses("a,b", "1[a|b]", "no line break at the end");
	parses("a\n\n\nb\n", "1[a]4[b]", "blank lines are skipped, lines still counted");
	parses("a\rb\r", "1[a]2[b]", "a lone CR ends a line (old Mac exports)");
	parses("\"\",x\n", "1[|x]", "a quoted empty cell");
	parses("序号,名称\n1,\"乌海市商务局\"\n", "1[序号|名称]2[1|乌海市商务局]", "Chinese cells");
	parses(",,\n a ,b\n", "2[ a |b]", "a row of empty cells is skipped; blanks inside cells are kept");
	parses("", "", "an empty text has no rows");
	refuses("ok\na,b\"c\n", NULL, "1[ok]", "t.csv, line 2", "quote inside a cell", "a quote inside an unquoted cell");
	refuses("ok\n\"a\"b\n", NULL, "1[ok]", "line 2", "after the closing quote", "text after a closing quote");
	refuses("x\n\"abc\nde\n", NULL, "1[x]", "line 2", "never closed", "an unclosed quote, at the line where it opened");
}

static void
test_caps(void)
{
	sheet_limits lim = { 1 << 20, 4, 3 };

	{
		char *got = dump_text("abcd,e\n\"wxyz\"\n", &lim);
		is_str(got, "1[abcd|e]2[wxyz]", "cells at the cap are read");
		free(got);
	}
	refuses("abcde\n", &lim, "", "line 1", "longer than 4 bytes", "an unquoted cell over the cap");
	refuses("a\n\"ab\ncde\"\n", &lim, "1[a]", "line 2", "longer than 4 bytes", "a quoted cell over the cap");
	refuses("a,b,c\na,b,c,d\n", &lim, "1[a|b|c]", "line 2", "more than 3 cells", "a row over the cell cap");
}

/* s converted from UTF-8 to code (heap, *n bytes), with bom (may be "") in front. */
static char *
convert(const char *s, const char *code, const char *bom, size_t bom_len, size_t *n)
{
	iconv_t cd = iconv_open(code, "UTF-8");
	size_t in_left = strlen(s), cap = in_left * 4 + 16, out_left = cap;
	char *out = xmalloc(cap + bom_len), *in = (char *)s, *o = out + bom_len;

	memcpy(out, bom, bom_len);
	if (cd == (iconv_t)-1 || iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1) {
		printf("# iconv to %s failed\n", code);
		*n = 0;
	} else {
		*n = bom_len + cap - out_left;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	return out;
}

static void
file_parses(const char *root, const char *name, const char *bytes, size_t n, const char *want, const char *what)
{
	char *path = xasprintf("%s/%s", root, name), *err = NULL;
	sheet_reader *r;

	spew(path, bytes, n);
	r = csv_open_file(path, NULL, &err);
	if (!ok(r != NULL, "%s: opened", what)) {
		printf("# %s\n", err ? err : "?");
		free(err);
		free(path);
		return;
	}
	is_str_free(dump(r), want, "%s", what);
	free(path);
}

static void
test_encodings(const char *root)
{
	const char *text = "类别,编号,标题\n建议,032,\"关于提高一刻钟社区生活圈建设质量的提案，\n第二行\"\n";
	const char *want = "1[类别|编号|标题]2[建议|032|关于提高一刻钟社区生活圈建设质量的提案，\n第二行]";
	const char *crlf = "\xef\xbb\xbf类别,编号,标题\r\n建议,032,\"关于提高一刻钟社区生活圈建设质量的提案，\r\n第二行\"\r\n";
	char *b;
	size_t n;

	file_parses(root, "utf8.csv", text, strlen(text), want, "UTF-8 without BOM");
	file_parses(root, "bom.csv", crlf, strlen(crlf), want, "UTF-8 with BOM and CRLF (the BOM is not part of the first cell)");
	b = convert(text, "GB18030", "", 0, &n);
	ok(n > 0 && !utf8_is_valid_bytes(b, n), "the GB18030 bytes are not UTF-8");
	file_parses(root, "gb.csv", b, n, want, "GB18030");
	free(b);
	b = convert(text, "UTF-16LE", "\xff\xfe", 2, &n);
	file_parses(root, "u16le.csv", b, n, want, "UTF-16LE with BOM");
	free(b);
	b = convert(text, "UTF-16BE", "\xfe\xff", 2, &n);
	file_parses(root, "u16be.csv", b, n, want, "UTF-16BE with BOM");
	free(b);
}

static void
test_files(const char *root)
{
	char *path = xasprintf("%s/big.csv", root), *xlsx = xasprintf("%s/list.xlsx", root), *err = NULL;
	sheet_limits lim = { 10, 100, 100 };
	sheet_reader *r;

	spew(path, "a,b,c,d,e,f,g,h\n", 16);
	r = csv_open_file(path, &lim, &err);
	ok(!r && err, "a file over the size cap is refused (%s)", err ? err : "");
	free(err);
	err = NULL;
	r = sheet_open(path, NULL, &err);
	ok(r != NULL, "sheet_open reads a .csv");
	sheet_close(r);
	spew(xlsx, "PK", 2);
	r = sheet_open(xlsx, NULL, &err);
	ok(!r && err && strstr(err, xlsx) && !strstr(err, "line"), "a broken .xlsx goes to the workbook reader, refused naming the file (%s)", err ? err : "");
	free(err);
	err = NULL;
	{
		char *renamed = xasprintf("%s/list_xlsx.csv", root);
		spew(renamed, "PK\x03\x04rest", 8);
		r = sheet_open(renamed, NULL, &err);
		ok(!r && err && strstr(err, renamed) && !strstr(err, "quote"), "an .xlsx named .csv is recognised by its bytes (%s)", err ? err : "");
		free(err);
		err = NULL;
		free(renamed);
	}
	r = sheet_open("/nonexistent/x.csv", NULL, &err);
	ok(!r && err && strstr(err, "/nonexistent/x.csv"), "a missing file is refused, named");
	free(err);
	free(path);
	free(xlsx);
}

static const char *const kind_names[] = { "类别", "kind", NULL };
static const char *const number_names[] = { "编号", "number", NULL };
static const char *const title_names[] = { "标题", "title", NULL };
static const char *const phone_names[] = { "联系电话", "phone", NULL };

static void
test_header(void)
{
	const sheet_column cols[] = { { kind_names, true }, { number_names, true }, { title_names, true }, { phone_names, false } };
	char *h1[] = { "\xef\xbb\xbf 类别 ", "NUMBER", "标题\xe3\x80\x80", "other" };
	char *h2[] = { "Kind", "title" };
	char *h3[] = { "kind", "编号", "标题", "类别" };
	sheet_row r1 = { h1, 4, 1 }, r2 = { h2, 2, 3 }, r3 = { h3, 4, 1 };
	int index[4];
	char *err = NULL;

	is_int(sheet_header_match(&r1, cols, 4, index, &err), 0, "a header with BOM, blanks, U+3000 and upper case matches");
	ok(index[0] == 0 && index[1] == 1 && index[2] == 2 && index[3] == -1, "to the right columns, the optional one absent");
	is_int(sheet_header_match(&r2, cols, 4, index, &err), -1, "a header without the number is refused");
	ok(err && strstr(err, "编号") && strstr(err, "number") && strstr(err, "line 3"), "naming the column and line (%s)", err ? err : "");
	free(err);
	err = NULL;
	is_int(sheet_header_match(&r3, cols, 4, index, &err), -1, "a column given twice (Chinese and English) is refused");
	ok(err && strstr(err, "columns 1 and 4"), "naming both (%s)", err ? err : "");
	free(err);
	is_str(sheet_cell(&r1, 3), "other", "sheet_cell gives a cell");
	is_str(sheet_cell(&r1, 9), "", "past the end: empty");
	is_str(sheet_cell(&r1, -1), "", "an absent column: empty");
}

int
main(void)
{
	char tmpl[] = "/tmp/test_csv.XXXXXX";
	char *root;
	struct stat sb;

	setlocale(LC_ALL, "C.UTF-8");
	test_rfc4180();
	test_caps();
	test_header();
	root = mkdtemp(tmpl);
	if (ok(root != NULL, "temporary directory")) {
		test_encodings(root);
		test_files(root);
		rm_rf(root);
		ok(stat(root, &sb) != 0, "temporary directory removed");
	}
	return tap_done();
}
