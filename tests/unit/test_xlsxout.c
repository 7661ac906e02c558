/* test_xlsxout.c - the .xlsx writer read back with the one reader (sheet.h): the header row, text
 * with Chinese, commas and quotes, numbers as number cells, the row cap continuing on a second sheet
 * with the header repeated, sheets chosen by name, column widths in display columns, sheet names
 * Excel refuses made safe; and the CSV writer's GB18030 read back through the same reader. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "tap.h"
#include "testutil.h"
#include "sheet.h"
#include "sheetout.h"
#include "xlsx.h"
#include "util.h"

static char dir[] = "/tmp/test_xlsxout.XXXXXX";

/* Every row of the sheet (NULL: the first) as "line:cell|cell" lines joined by '\n' (heap), or NULL with the error printed. */
static char *
read_back(const char *path, const char *sheet)
{
	char *err = NULL, *all = xstrdup("");
	sheet_reader *r = sheet_open_sheet(path, sheet, NULL, &err);
	sheet_row row;
	int rc;

	if (!r) {
		printf("# open: %s\n", err);
		free(err);
		free(all);
		return NULL;
	}
	while ((rc = sheet_next(r, &row, &err)) == 1) {
		char *line = xasprintf("%ld:", row.line), *t;
		for (size_t i = 0; i < row.n; i++) {
			t = xasprintf("%s%s%s", line, i ? "|" : "", row.cells[i]);
			free(line);
			line = t;
		}
		t = xasprintf("%s%s%s", all, *all ? "\n" : "", line);
		free(all);
		free(line);
		all = t;
	}
	if (rc < 0) {
		printf("# next: %s\n", err);
		free(err);
	}
	sheet_close(r);
	return all;
}

/* The text of one part of the package at path (heap), or NULL. */
static char *
part_text(const char *path, const char *name)
{
	int e;
	zip_t *za = zip_open(path, ZIP_RDONLY, &e);
	zip_stat_t st;
	zip_file_t *zf;
	char *buf = NULL;

	if (!za)
		return NULL;
	if (zip_stat(za, name, 0, &st) == 0 && (zf = zip_fopen(za, name, 0)) != NULL) {
		buf = xcalloc(1, st.size + 1);
		if (zip_fread(zf, buf, st.size) != (zip_int64_t)st.size) {
			free(buf);
			buf = NULL;
		}
		zip_fclose(zf);
	}
	zip_close(za);
	return buf;
}

static void
test_round_trip(void)
{
	const char *head[] = { "名称", "建筑面积", "note" };
	char *path = xasprintf("%s/out.xlsx", dir), *err = NULL, *got, *xml;
	sheetout *so = sheetout_xlsx(path, "设施", 0, &err);

	ok(so != NULL, "an .xlsx workbook is started (%s)", err ? err : "");
	if (!so)
		return;
	sheetout_header(so, head, 3);
	sheetout_text(so, "滨河社区托儿所");
	sheetout_number(so, 160.5);
	sheetout_text(so, "a,b \"q\"");
	sheetout_end_row(so);
	sheetout_text(so, "=SUM(A1)");
	sheetout_text(so, "");
	sheetout_number(so, 12);
	sheetout_end_row(so);
	is_int(sheetout_close(so, &err), 0, "the workbook is written (%s)", err ? err : "");
	free(err);
	is_str_free(read_back(path, NULL), "1:名称|建筑面积|note\n2:滨河社区托儿所|160.5|a,b \"q\"\n3:=SUM(A1)||12",
	    "read back through sheet_open: header, Chinese, quotes, a formula-looking text, an empty cell");
	got = read_back(path, "设施");
	ok(got && strncmp(got, "1:名称", 8) == 0, "the sheet is found by its Chinese name");
	free(got);
	xml = part_text(path, "xl/worksheets/sheet1.xml");
	ok(xml && strstr(xml, "<c r=\"B2\" s=\"0\"><v>160.5</v></c>") == NULL && xml && strstr(xml, "<v>160.5</v>")
	    && !strstr(xml, "t=\"n\"><is>"), "a number is a number cell");
	ok(xml && strstr(xml, "t=\"inlineStr\""), "strings are inline (constant-memory mode)");
	/* 滨河社区托儿所 is 7 characters, 14 display columns: the column is 16 wide. */
	ok(xml && strstr(xml, "<col min=\"1\" max=\"1\" width=\"16") != NULL, "column A fits its Chinese text in display columns");
	ok(xml && strstr(xml, "<col min=\"3\" max=\"3\" width=\"9.") != NULL, "column C fits its widest cell (7 columns + 2)");
	ok(xml && strstr(xml, "<pane ySplit=\"1\"") != NULL, "the header row is frozen");
	free(xml);
	free(path);
}

static void
test_rollover(void)
{
	const char *head[] = { "code", "n" };
	char *path = xasprintf("%s/cap.xlsx", dir), *err = NULL, *got, *wb;
	sheetout *so = sheetout_xlsx(path, "list", 4, &err);

	if (!ok(so != NULL, "a workbook with a row cap of 4"))
		return;
	sheetout_header(so, head, 2);
	for (int i = 1; i <= 7; i++) {
		char code[16];
		snprintf(code, sizeof code, "C%d", i);
		sheetout_text(so, code);
		sheetout_number(so, i);
		sheetout_end_row(so);
	}
	sheetout_sheet(so, "summary");
	sheetout_text(so, "total");
	sheetout_number(so, 28);
	sheetout_end_row(so);
	is_int(sheetout_close(so, &err), 0, "written");
	free(err);
	is_str_free(read_back(path, "list"), "1:code|n\n2:C1|1\n3:C2|2\n4:C3|3", "the first sheet stops at the cap: header and 3 rows");
	is_str_free(read_back(path, "list (2)"), "1:code|n\n2:C4|4\n3:C5|5\n4:C6|6", "the second sheet repeats the header and goes on");
	is_str_free(read_back(path, "list (3)"), "1:code|n\n2:C7|7", "and a third");
	is_str_free(read_back(path, "summary"), "1:total|28", "a sheet started by name holds its own rows");
	wb = part_text(path, "xl/workbook.xml");
	ok(wb && strstr(wb, "name=\"list\"") && strstr(wb, "name=\"list (2)\"") && strstr(wb, "name=\"summary\""),
	    "the workbook lists the sheets in order");
	free(wb);
	got = read_back(path, "nosuch");
	ok(got == NULL, "a missing sheet is refused");
	free(path);
}

static void
test_names(void)
{
	char *path = xasprintf("%s/names.xlsx", dir), *err = NULL;
	sheetout *so = sheetout_xlsx(path, "a/b:c*d?[e] and a name far longer than thirty-one characters", 0, &err);

	if (!ok(so != NULL, "a sheet name Excel refuses is made safe, not refused"))
		return;
	sheetout_text(so, "x");
	sheetout_sheet(so, "a/b:c*d?[e] and a name far longer than thirty-one characters");
	sheetout_text(so, "y");
	is_int(sheetout_close(so, &err), 0, "written");
	free(err);
	is_str_free(read_back(path, "a_b_c_d__e_ and a name far long"), "1:x", "forbidden characters replaced and cut to 31 characters");
	is_str_free(read_back(path, "a_b_c_d__e_ and a name far (2)"), "1:y", "a second sheet of the same name is numbered");
	free(path);
	so = sheetout_xlsx("/nonexistent/dir/x.xlsx", "s", 0, &err);
	if (so) {
		sheetout_text(so, "x");
		ok(sheetout_close(so, &err) != 0 && err && strstr(err, "/nonexistent/dir/x.xlsx"),
		    "an unwritable path fails at close, naming the file (%s)", err ? err : "");
	} else {
		ok(err && strstr(err, "/nonexistent/dir/x.xlsx"), "an unwritable path is refused, named");
	}
	free(err);
}

/* CSV in GB18030 written by sheetout and read back by the reader (textin decodes it). */
static void
test_csv_gb18030(void)
{
	char *path = xasprintf("%s/gb.csv", dir), *err = NULL;
	FILE *f = fopen(path, "wb");
	sheetout *so = sheetout_csv(f, SHEETOUT_GB18030, 0, &err);
	const char *head[] = { "社区代码", "名称" };

	sheetout_header(so, head, 2);
	sheetout_text(so, "HBW-1");
	sheetout_text(so, "托儿所，\"小\"");
	sheetout_end_row(so);
	is_int(sheetout_close(so, &err), 0, "a GB18030 CSV is written");
	fclose(f);
	is_str_free(read_back(path, NULL), "1:社区代码|名称\n2:HBW-1|托儿所，\"小\"", "and reads back the same through sheet_open");
	free(path);
}

int
main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	if (!mkdtemp(dir))
		return 1;
	test_round_trip();
	test_rollover();
	test_names();
	test_csv_gb18030();
	rm_rf(dir);
	return tap_done();
}
