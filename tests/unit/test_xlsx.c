/* test_xlsx.c - the .xlsx reader against workbooks written here with libzip (no binary fixtures):
 * strings of every kind, Chinese, dates in both systems, XLSForm-like sheets chosen by name, and
 * hostile files (zip bombs, a lying size header, DTD entities, too many columns, huge cells). */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "tap.h"
#include "testutil.h"
#include "util.h"
#include "xlsx.h"
#include "sheet.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static char dir[] = "/tmp/test_xlsx.XXXXXX";

/* A part of the package to write: its entry name and text. */
typedef struct zpart {
	const char *name;
	const char *text;
} zpart;

/* Write the parts as a zip at path. */
static bool
zip_write(const char *path, const zpart *parts, size_t n)
{
	int e;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	if (!za)
		return false;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, parts[i].text, strlen(parts[i].text), 0);
		if (!src || zip_file_add(za, parts[i].name, src, ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			zip_discard(za);
			return false;
		}
	}
	return zip_close(za) == 0;
}

/* What a workbook holds: sheets by name and their <sheetData> rows, optional tables. */
typedef struct spec {
	size_t n;
	const char *names[6];
	const char *rows[6];
	const char *sst;		/* <si> items, NULL: no shared strings part */
	bool sst_rel_only;		/* the rels name a sharedStrings part that is not there */
	const char *styles;		/* the inside of <styleSheet>, NULL: none */
	bool d1904;
} spec;

/* Write the workbook of sp at dir/file and return its path (heap). The sheets' parts are not
 * named sheetN.xml and their relationship ids run backwards, so the reader must follow the rels. */
static char *
make_book(const char *file, const spec *sp)
{
	char *path = xasprintf("%s/%s", dir, file);
	char *wb = NULL, *rels = NULL, *tmp, *ct, *sst = NULL, *sty = NULL;
	char *sheets[6];
	zpart parts[16];
	size_t np = 0;

	wb = xstrdup("");
	rels = xstrdup("");
	for (size_t i = 0; i < sp->n; i++) {
		tmp = xasprintf("%s<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", wb, sp->names[i], i + 1, 20 - i);
		free(wb);
		wb = tmp;
		tmp = xasprintf("%s<Relationship Id=\"rId%zu\" Type=\"" REL "worksheet\" Target=\"%sworksheets/part_%c.xml\"/>",
		    rels, 20 - i, i == 1 ? "/xl/" : "", (char)('q' - i));
		free(rels);
		rels = tmp;
	}
	tmp = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
	    "%s<sheets>%s</sheets></workbook>", sp->d1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>", wb);
	free(wb);
	wb = tmp;
	tmp = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "%s%s%s</Relationships>", rels,
	    sp->sst || sp->sst_rel_only ? "<Relationship Id=\"rId1\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>" : "",
	    sp->styles ? "<Relationship Id=\"rId2\" Type=\"" REL "styles\" Target=\"./styles.xml\"/>" : "");
	free(rels);
	rels = tmp;
	ct = xstrdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
	parts[np++] = (zpart){ "[Content_Types].xml", ct };
	parts[np++] = (zpart){ "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" };
	parts[np++] = (zpart){ "xl/workbook.xml", wb };
	parts[np++] = (zpart){ "xl/_rels/workbook.xml.rels", rels };
	for (size_t i = 0; i < sp->n; i++) {
		char *name = xasprintf("xl/worksheets/part_%c.xml", (char)('q' - i));
		sheets[i] = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">"
		    "<sheetData>%s</sheetData></worksheet>", sp->rows[i]);
		parts[np++] = (zpart){ name, sheets[i] };
	}
	if (sp->sst) {
		sst = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"" NS_MAIN "\">%s</sst>", sp->sst);
		parts[np++] = (zpart){ "xl/sharedStrings.xml", sst };
	}
	if (sp->styles) {
		sty = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<styleSheet xmlns=\"" NS_MAIN "\">%s</styleSheet>", sp->styles);
		parts[np++] = (zpart){ "xl/styles.xml", sty };
	}
	if (!zip_write(path, parts, np))
		printf("# could not write %s\n", path);
	for (size_t i = 0; i < sp->n; i++) {
		free((char *)parts[4 + i].name);
		free(sheets[i]);
	}
	free(wb);
	free(rels);
	free(ct);
	free(sst);
	free(sty);
	return path;
}

/* Every row of the sheet as "row:cell|cell\n", or "ERR: message" (heap). */
static char *
read_sheet(const char *path, const char *sheet, const xlsx_limits *lim)
{
	char *err = NULL, *out = xstrdup(""), *tmp;
	xlsx_book *b = xlsx_open(path, lim, &err);
	xlsx_sheet *s;
	xlsx_row row;
	int r;

	if (!b) {
		free(out);
		out = xasprintf("ERR: %s", err);
		free(err);
		return out;
	}
	s = xlsx_sheet_open(b, sheet, &err);
	if (!s) {
		free(out);
		out = xasprintf("ERR: %s", err);
		free(err);
		xlsx_close(b);
		return out;
	}
	while ((r = xlsx_sheet_next(s, &row, &err)) == 1) {
		tmp = xasprintf("%s%ld:", out, row.row);
		free(out);
		out = tmp;
		for (size_t i = 0; i < row.n; i++) {
			tmp = xasprintf("%s%s%s", out, i ? "|" : "", row.cells[i]);
			free(out);
			out = tmp;
		}
		tmp = xasprintf("%s\n", out);
		free(out);
		out = tmp;
	}
	if (r < 0) {
		free(out);
		out = xasprintf("ERR: %s", err);
		free(err);
	}
	xlsx_sheet_close(s);
	xlsx_close(b);
	return out;
}

/* True when the result is a refusal mentioning want. */
static bool
refused_with(const char *got, const char *want)
{
	bool ok = strncmp(got, "ERR: ", 5) == 0 && strstr(got, want) != NULL;
	if (!ok)
		printf("#   got: %.300s\n#   wanted a refusal with: %s\n", got, want);
	return ok;
}

static void
test_strings(void)
{
	spec sp = { 1, { "Sheet1" }, {
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>社区卫生服务站</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"D2\" t=\"inlineStr\"><is><r><t>富</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> 文本</t></r></is></c></row>"
	    "<row r=\"3\" spans=\"1:3\"><c r=\"A3\" s=\"0\"/><c r=\"B3\" t=\"s\"/></row>"
	    "<row r=\"5\"><c r=\"B5\"><v>0.1</v></c><c r=\"C5\"><v>1E-3</v></c><c r=\"D5\"><v>3</v></c><c r=\"E5\"><v>2.5</v></c><c r=\"F5\"><v>-7.25E+20</v></c></row>"
	    "<row r=\"6\"><c r=\"A6\" t=\"b\"><v>1</v></c><c r=\"B6\" t=\"b\"><v>0</v></c><c r=\"C6\" t=\"e\"><v>#N/A</v></c></row>"
	    "<row r=\"7\"><c r=\"A7\"><f>SUM(D5,4)</f><v>7</v></c><c r=\"B7\" t=\"str\"><f>A1&amp;\"站\"</f><v>菜市场站</v></c><c r=\"C7\"><f>NOW()</f></c><c r=\"D7\" t=\"s\"><v>3</v></c></row>"
	    "<row><c><v>8</v></c><c t=\"inlineStr\"><is><t>no refs</t></is></c></row>"
	    "<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>last</t></is></c></row>" },
	    "<si><t>菜市场</t></si>"
	    "<si><r><t>幼儿</t></r><r><rPr><i/></rPr><t>园</t></r><rPh sb=\"0\" eb=\"1\"><t>ようじ</t></rPh><phoneticPr fontId=\"1\"/></si>"
	    "<si><t xml:space=\"preserve\">  line one\nline two  </t></si>"
	    "<si><t>&lt;a &amp; b&gt;</t></si>", false, NULL, false };
	char *path = make_book("strings.xlsx", &sp);
	char *got = read_sheet(path, "Sheet1", NULL);
	char *want, *p;

	/* column XFD is 16,384: 16,383 empty cells before it */
	want = xstrdup("1:菜市场|幼儿园|社区卫生服务站\n"
	    "2:  line one\nline two  |||富 文本\n"
	    "5:|0.1|1E-3|3|2.5|-7.25E+20\n"
	    "6:TRUE|FALSE|#N/A\n"
	    "7:7|菜市场站||<a & b>\n"
	    "8:8|no refs\n"
	    "1048576:");
	p = xmalloc(16383 + 6);
	memset(p, '|', 16383);
	strcpy(p + 16383, "last\n");
	{
		char *w2 = xasprintf("%s%s", want, p);
		free(want);
		want = w2;
	}
	ok(strcmp(got, want) == 0, "shared (Chinese, rich text without phonetic runs, spaces and line break kept, entities), inline, numbers as stored, booleans, errors, formulas' cached values, gaps in rows and cells, the last cell XFD1048576");
	if (strcmp(got, want) != 0)
		printf("#   got: %.400s\n", got);
	free(p);
	free(want);
	free(got);
	free(path);
}

static void
test_sheet_choice(void)
{
	spec sp = { 3, { "Survey", "choices", "settings" }, {
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>type</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>name</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>label::中文</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>required</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>select_one yn</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>has_shop</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>有菜市场吗？</t></is></c><c r=\"D2\" t=\"b\"><v>1</v></c></row>",
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\"><v>4</v></c><c r=\"C2\" t=\"s\"><v>5</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c><c r=\"B4\" t=\"s\"><v>6</v></c><c r=\"C4\" t=\"s\"><v>7</v></c></row>",
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>form_title</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>form_id</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>version</t></is></c></row>"
	    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>社区生活圈调查</t></is></c><c r=\"B2\" t=\"inlineStr\"><is><t>life_circle</t></is></c><c r=\"C2\"><v>2026112301</v></c></row>" },
	    "<si><t>list_name</t></si><si><t>name</t></si><si><t>label::中文</t></si><si><t>yn</t></si><si><t>yes</t></si><si><t>是</t></si><si><t>no</t></si><si><t>否</t></si>",
	    false, NULL, false };
	char *path = make_book("xlsform.xlsx", &sp);
	char *err = NULL;
	xlsx_book *b = xlsx_open(path, NULL, &err);
	xlsx_sheet *s;

	if (!ok(b != NULL, "an XLSForm-like workbook opens") ) {
		printf("#   %s\n", err);
		free(err);
		free(path);
		return;
	}
	is_int(xlsx_sheet_count(b), 3, "three sheets listed");
	is_str(xlsx_sheet_name(b, 0), "Survey", "in workbook order: Survey first (its part is part_q.xml, rId20)");
	is_str(xlsx_sheet_name(b, 1), "choices", "choices second (an absolute rels target)");
	is_str(xlsx_sheet_name(b, 2), "settings", "settings third");
	is_int(xlsx_sheet_find(b, "survey"), 0, "'survey' finds 'Survey' (ASCII case ignored)");
	is_int(xlsx_sheet_find(b, "  SETTINGS "), 2, "blanks around the name and case are ignored");
	is_int(xlsx_sheet_find(b, "external_choices"), -1, "a sheet that is not there is -1");
	s = xlsx_sheet_open(b, "external_choices", &err);
	ok(s == NULL && err && strstr(err, "external_choices") && strstr(err, "Survey, choices, settings"),
	    "a missing sheet is refused naming it and the sheets there are: %s", err ? err : "");
	free(err);
	xlsx_close(b);

	is_str_free(read_sheet(path, "survey", NULL), "1:type|name|label::中文|required\n2:select_one yn|has_shop|有菜市场吗？|TRUE\n", "the survey sheet chosen by name");
	is_str_free(read_sheet(path, "choices", NULL), "1:list_name|name|label::中文\n2:yn|yes|是\n4:yn|no|否\n", "the choices sheet, rows numbered as in the workbook");
	is_str_free(read_sheet(path, "Settings", NULL), "1:form_title|form_id|version\n2:社区生活圈调查|life_circle|2026112301\n", "the settings sheet: a long number kept as stored");
	free(path);
}

#define DATE_STYLES \
	"<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>" \
	"<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/><numFmt numFmtId=\"166\" formatCode=\"[$-409]h:mm\\ AM/PM;@\"/></numFmts>" \
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>" \
	"<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"164\"/><xf numFmtId=\"21\"/>" \
	"<xf numFmtId=\"22\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"31\"/></cellXfs>"


/* The workbook through the one reader (sheet.h), as every importer reads it: shared strings, a
 * date, a sheet chosen by name (the first otherwise), spreadsheet row numbers as lines. */
static void
test_sheet_reader(void)
{
	spec sp = { 2, { "说明", " 名单 " }, {
	    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>read me</t></is></c></row>",
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"C3\" s=\"1\"><v>45000</v></c></row>" },
	    "<si><t>名称</t></si><si><t>地址</t></si><si><t>核查日期</t></si><si><r><t>滨河</t></r><r><t>托儿所</t></r></si>",
	    false, DATE_STYLES, false };
	char *path = make_book("reader.xlsx", &sp), *err = NULL;
	sheet_reader *r = sheet_open_sheet(path, "名单", NULL, &err);
	sheet_row row;

	ok(r != NULL, "sheet_open_sheet opens a workbook's sheet by name, blanks around the stored name ignored (%s)", err ? err : "");
	if (r) {
		ok(sheet_next(r, &row, &err) == 1 && row.n == 3 && strcmp(row.cells[0], "名称") == 0 &&
		    strcmp(row.cells[2], "核查日期") == 0 && row.line == 1, "the header from shared strings");
		ok(sheet_next(r, &row, &err) == 1 && row.line == 3 && strcmp(row.cells[0], "滨河托儿所") == 0 &&
		    strcmp(sheet_cell(&row, 1), "") == 0 && strcmp(sheet_cell(&row, 2), "2023-03-15") == 0,
		    "a rich-text shared string joined, a gap as \"\", a date as YYYY-MM-DD, the row number as the line");
		is_int(sheet_next(r, &row, &err), 0, "then the end");
		sheet_close(r);
	}
	r = sheet_open(path, NULL, &err);
	ok(r && sheet_next(r, &row, &err) == 1 && strcmp(row.cells[0], "read me") == 0, "sheet_open reads the first sheet");
	sheet_close(r);
	r = sheet_open_sheet(path, "设施", NULL, &err);
	ok(!r && err && strstr(err, "名单"), "a missing sheet is refused, naming the sheets there are (%s)", err ? err : "");
	free(err);
	free(path);
}
static void
test_dates(void)
{
	spec sp = { 1, { "日期" }, {
	    "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" s=\"1\"><v>59</v></c><c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>61</v></c></row>"
	    "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>45000</v></c><c r=\"B2\" s=\"7\"><v>46349</v></c><c r=\"C2\" s=\"0\"><v>45000</v></c><c r=\"D2\" s=\"5\"><v>45000</v></c><c r=\"E2\"><v>45000</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\" s=\"3\"><v>0.5</v></c><c r=\"B3\" s=\"6\"><v>0.75</v></c><c r=\"C3\" s=\"4\"><v>45000.75</v></c><c r=\"D3\" s=\"1\"><v>45000.25</v></c><c r=\"E3\" s=\"3\"><v>0.99999999</v></c></row>"
	    "<row r=\"4\"><c r=\"A4\" s=\"1\"><v>2958465</v></c><c r=\"B4\" s=\"1\"><v>-1</v></c><c r=\"C4\" s=\"1\" t=\"s\"><v>0</v></c><c r=\"D4\" s=\"99\"><v>45000</v></c></row>" },
	    "<si><t>45000</t></si>", false, DATE_STYLES, false };
	char *path = make_book("dates1900.xlsx", &sp);
	char *got = read_sheet(path, "日期", NULL);
	is_str(got,
	    "1:1900-01-01|1900-02-28|1900-02-29|1900-03-01\n"
	    "2:2023-03-15|2026-11-23|45000|45000|45000\n"
	    "3:12:00:00|18:00:00|2023-03-15 18:00:00|2023-03-15 06:00:00|1900-01-01 00:00:00\n"
	    "4:9999-12-31|-1|45000|45000\n",
	    "1900 system: serials 1, 59, 60 (Excel's 29 February 1900), 61; a custom 年月日 format and the Chinese built-in 31 are dates, "
	    "General, a number format with a quoted d and no style are numbers; times, date-times, a time part kept, a time rounding up to the next day; "
	    "past 9999 or negative or a string with a date style stay as stored; an unknown style is a number");
	free(got);
	free(path);

	sp.d1904 = true;
	sp.rows[0] = "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>59</v></c><c r=\"C1\" s=\"1\"><v>60</v></c><c r=\"D1\" s=\"1\"><v>61</v></c>"
	    "<c r=\"E1\" s=\"2\"><v>43538</v></c><c r=\"F1\" s=\"4\"><v>0.5</v></c></row>";
	path = make_book("dates1904.xlsx", &sp);
	is_str_free(read_sheet(path, "日期", NULL), "1:1904-01-01|1904-02-29|1904-03-01|1904-03-02|2023-03-15|1904-01-01 12:00:00\n",
	    "1904 system: serial 0 is 1 January 1904, 1904 is a real leap year, 43538 is the 1900 system's 45000");
	{
		char *err = NULL;
		xlsx_book *b = xlsx_open(path, NULL, &err);
		ok(b && xlsx_is_date1904(b), "the 1904 flag is read from workbookPr");
		xlsx_close(b);
		free(err);
	}
	free(path);
}

static void
test_numfmt_kinds(void)
{
	char out[32];

	is_int(xlsx_numfmt_kind(164, "yyyy\"年\"m\"月\"d\"日\""), XLSX_DATE, "yyyy\"年\"m\"月\"d\"日\" is a date");
	is_int(xlsx_numfmt_kind(164, "h:mm AM/PM"), XLSX_TIME, "h:mm AM/PM is a time (the M of AM/PM is no month)");
	is_int(xlsx_numfmt_kind(164, "mm:ss"), XLSX_TIME, "mm:ss is minutes and seconds");
	is_int(xlsx_numfmt_kind(164, "m/d/yy h:mm"), XLSX_DATETIME, "m/d/yy h:mm is a date and a time");
	is_int(xlsx_numfmt_kind(164, "[h]:mm:ss"), XLSX_TIME, "[h]:mm:ss (elapsed) is a time");
	is_int(xlsx_numfmt_kind(164, "#,##0.00_);[Red](#,##0.00)"), XLSX_NUMBER, "a currency format is a number ([Red] is no letter)");
	is_int(xlsx_numfmt_kind(164, "0.0\"days\""), XLSX_NUMBER, "letters in quotes do not count");
	is_int(xlsx_numfmt_kind(164, "0\\d"), XLSX_NUMBER, "an escaped letter does not count");
	is_int(xlsx_numfmt_kind(164, "General"), XLSX_NUMBER, "General is a number");
	is_int(xlsx_numfmt_kind(164, "[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"), XLSX_DATE, "a long date with a locale tag is a date");
	is_int(xlsx_numfmt_kind(14, NULL), XLSX_DATE, "built-in 14 is a date");
	is_int(xlsx_numfmt_kind(22, NULL), XLSX_DATETIME, "built-in 22 is a date and time");
	is_int(xlsx_numfmt_kind(46, NULL), XLSX_TIME, "built-in 46 is a time");
	is_int(xlsx_numfmt_kind(2, NULL), XLSX_NUMBER, "built-in 2 (0.00) is a number");
	ok(!xlsx_serial_format("abc", false, XLSX_DATE, out), "text is not a serial");
	ok(!xlsx_serial_format("0", false, XLSX_DATE, out), "day 0 of 1900 is no date (Excel shows 1900-01-00)");
	ok(xlsx_serial_format("1E+4", false, XLSX_DATE, out) && strcmp(out, "1927-05-18") == 0, "a serial in exponent form: %s", out);
}

/* The 1-based column n as letters (20,000 is ACOF). */
static void
col_letters(unsigned long n, char *out)
{
	char tmp[8];
	int k = 0;
	for (; n; n = (n - 1) / 26)
		tmp[k++] = (char)('A' + (n - 1) % 26);
	for (int i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	out[k] = '\0';
}

static void
test_caps(void)
{
	spec sp = { 1, { "s" }, { NULL }, NULL, false, NULL, false };
	char *rows, *path, *got, *big;
	size_t len = 0, cap = 0;
	char ref[8];

	/* 20,000 cells in a row, without references. */
	rows = xstrdup("<row r=\"1\">");
	cap = strlen(rows);
	len = cap;
	for (int i = 0; i < 20000; i++) {
		const char *c = "<c><v>1</v></c>";
		rows = xrealloc(rows, len + strlen(c) + 16);
		memcpy(rows + len, c, strlen(c) + 1);
		len += strlen(c);
	}
	strcpy(rows + len, "</row>");
	sp.rows[0] = rows;
	path = make_book("wide.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "more than 16384 columns") && strstr(got, "XFD1"), "20,000 columns are refused at the column after XFD");
	free(got);
	free(path);
	free(rows);

	col_letters(20000, ref);
	rows = xasprintf("<row r=\"1\"><c r=\"%s1\"><v>1</v></c></row>", ref);
	sp.rows[0] = rows;
	path = make_book("wide2.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "more than 16384 columns"), "a cell referenced as %s1 (column 20,000) is refused", ref);
	free(got);
	free(path);
	free(rows);

	/* 40,000 characters in one cell (Chinese: 120,000 bytes), inline and shared; 32,767 pass. */
	big = xmalloc(40000 * 3 + 1);
	for (int i = 0; i < 40000; i++)
		memcpy(big + i * 3, "中", 3);
	big[40000 * 3] = '\0';
	rows = xasprintf("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>%s</t></is></c></row>", big);
	sp.rows[0] = rows;
	path = make_book("bigcell.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "more than 32767 characters") && strstr(got, "cell B3"), "a 40,000-character inline cell is refused naming B3");
	free(got);
	free(path);
	free(rows);

	big[32767 * 3] = '\0';
	rows = xasprintf("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>%s</t></is></c></row>", big);
	sp.rows[0] = rows;
	path = make_book("cell32767.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(strncmp(got, "3:|中中", 9) == 0 && strlen(got) == 4 + 32767 * 3, "32,767 Chinese characters (Excel's limit, counted in characters, not bytes) pass");
	free(got);
	free(path);
	free(rows);

	big[32767 * 3] = 0xE4;	/* back to 40,000 */
	{
		char *si = xasprintf("<si><t>ok</t></si><si><t>%s</t></si>", big);
		spec s2 = { 1, { "s" }, { "<row><c t=\"s\"><v>0</v></c></row>" }, si, false, NULL, false };
		path = make_book("bigsst.xlsx", &s2);
		got = read_sheet(path, "s", NULL);
		ok(refused_with(got, "shared string 2 is longer than 32767 characters"), "a 40,000-character shared string is refused");
		free(got);
		free(path);
		free(si);
	}
	free(big);

	{
		spec s3 = { 1, { "s" }, { "<row r=\"1048577\"><c><v>1</v></c></row>" }, NULL, false, NULL, false };
		path = make_book("tall.xlsx", &s3);
		got = read_sheet(path, "s", NULL);
		ok(refused_with(got, "1048577"), "row 1,048,577 is refused");
		free(got);
		free(path);
		s3.rows[0] = "<row r=\"5\"><c><v>1</v></c></row><row r=\"3\"><c><v>2</v></c></row>";
		path = make_book("order.xlsx", &s3);
		got = read_sheet(path, "s", NULL);
		ok(refused_with(got, "row 3 comes after row 5"), "rows out of order are refused");
		free(got);
		free(path);
		s3.rows[0] = "<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>";
		path = make_book("cellorder.xlsx", &s3);
		got = read_sheet(path, "s", NULL);
		ok(refused_with(got, "cell B1"), "cells out of order are refused naming the cell");
		free(got);
		free(path);
	}

	{
		/* 100 elements deep inside a cell. */
		char *deep = xstrdup(""), *t;
		for (int i = 0; i < 100; i++) {
			t = xasprintf("<x>%s</x>", deep);
			free(deep);
			deep = t;
		}
		rows = xasprintf("<row><c t=\"inlineStr\"><is>%s</is></c></row>", deep);
		free(deep);
		spec s4 = { 1, { "s" }, { rows }, NULL, false, NULL, false };
		path = make_book("deep.xlsx", &s4);
		got = read_sheet(path, "s", NULL);
		ok(refused_with(got, "nested more than 64 deep"), "nesting 100 deep is refused");
		free(got);
		free(path);
		free(rows);
	}

	{
		/* Many shared strings against a small cap. */
		xlsx_limits lim = XLSX_LIMITS_DEFAULT;
		spec s5 = { 1, { "s" }, { "<row><c t=\"s\"><v>0</v></c></row>" }, "<si><t>a</t></si><si><t>b</t></si><si><t>c</t></si>", false, NULL, false };
		lim.max_shared_strings = 2;
		path = make_book("sstcap.xlsx", &s5);
		got = read_sheet(path, "s", &lim);
		ok(refused_with(got, "more than 2 shared strings"), "the shared-string count is capped");
		free(got);
		lim = (xlsx_limits)XLSX_LIMITS_DEFAULT;
		lim.max_total_bytes = 600;
		got = read_sheet(path, "s", &lim);
		ok(refused_with(got, "unpacks to more than 600 bytes"), "the total of bytes inflated is capped");
		free(got);
		free(path);
	}
}

static void
test_bad_strings(void)
{
	spec sp = { 1, { "s" }, { "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>" }, NULL, true, NULL, false };
	char *path = make_book("nosst.xlsx", &sp);
	char *got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "no shared strings") && strstr(got, "cell A2"), "a shared string cell with no sharedStrings part is refused naming A2");
	free(got);
	free(path);

	sp.sst = "<si><t>one</t></si>";
	sp.sst_rel_only = false;
	sp.rows[0] = "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c></row>";
	path = make_book("sstrange.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "shared string \"1\" does not exist") && strstr(got, "cell B2"), "an out-of-range shared string index is refused naming B2");
	free(got);
	free(path);

	sp.rows[0] = "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>-1</v></c></row>";
	path = make_book("sstneg.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "shared string \"-1\" does not exist"), "a negative shared string index is refused");
	free(got);
	free(path);
}

static void
test_xml_attacks(void)
{
	spec sp = { 1, { "s" }, { "<row><c><v>1</v></c></row>" }, NULL, false, NULL, false };
	char *path, *got, *err = NULL;
	const char *laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n"
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>";
	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<sst xmlns=\"" NS_MAIN "\"><si><t>&x;</t></si></sst>";
	zpart parts[6];
	xlsx_book *b;

	/* Build a valid book, then rewrite parts of it. */
	path = make_book("laughs.xlsx", &sp);
	{
		int e;
		zip_t *za = zip_open(path, 0, &e);
		zip_source_t *src = zip_source_buffer(za, laughs, strlen(laughs), 0);
		zip_file_add(za, "xl/worksheets/part_q.xml", src, ZIP_FL_OVERWRITE);
		zip_close(za);
	}
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "DTD") && strstr(got, "xl/worksheets/part_q.xml") && strstr(got, "line 2"),
	    "billion laughs: a DOCTYPE in a sheet is refused naming the part and line");
	free(got);
	free(path);

	sp.sst = "<si><t>x</t></si>";
	path = make_book("xxe.xlsx", &sp);
	{
		int e;
		zip_t *za = zip_open(path, 0, &e);
		zip_source_t *src = zip_source_buffer(za, xxe, strlen(xxe), 0);
		zip_file_add(za, "xl/sharedStrings.xml", src, ZIP_FL_OVERWRITE);
		zip_close(za);
	}
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "DTD") && strstr(got, "sharedStrings.xml"), "an external entity in the shared strings is refused");
	free(got);
	free(path);

	sp.sst = NULL;
	sp.rows[0] = "<row><c><v>1</v></c></row>\n<row><c><v>2</c></row>";
	path = make_book("badxml.xlsx", &sp);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "not valid XML") && strstr(got, "xl/worksheets/part_q.xml") && strstr(got, "line 3"),
	    "invalid XML in a sheet is refused naming the part and line: %s", got);
	/* the good row before the bad one still came out */
	free(got);
	free(path);

	/* Not a workbook: a zip without one. */
	parts[0] = (zpart){ "hello.txt", "hello" };
	path = xasprintf("%s/plain.zip", dir);
	zip_write(path, parts, 1);
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, "is not an Excel workbook") && strstr(err, "xl/workbook.xml"), "a zip with no workbook is refused: %s", err ? err : "");
	free(err);
	free(path);

	/* A workbook whose sheet part is missing. */
	parts[0] = (zpart){ "xl/workbook.xml", "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" };
	parts[1] = (zpart){ "xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/gone.xml\"/></Relationships>" };
	path = xasprintf("%s/nosheet.xlsx", dir);
	zip_write(path, parts, 2);
	got = read_sheet(path, "a", NULL);
	ok(refused_with(got, "xl/worksheets/gone.xml"), "a sheet whose part is missing is refused naming the part (no _rels/.rels: xl/workbook.xml is assumed)");
	free(got);
	free(path);
}

static void
test_not_zip(void)
{
	char *path = xasprintf("%s/notzip.xlsx", dir), *err = NULL, *full;
	unsigned char ole[1024] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	const char *ep = "EncryptedPackage";
	spec sp = { 1, { "s" }, { "<row><c><v>1</v></c></row>" }, NULL, false, NULL, false };
	xlsx_book *b;
	size_t len;

	spew(path, "名称,地址\n菜市场,东路1号\n", strlen("名称,地址\n菜市场,东路1号\n"));
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, "not a zip file"), "a CSV named .xlsx is refused: %s", err ? err : "");
	free(err);

	spew(path, (const char *)ole, sizeof ole);
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, ".xls"), "an old .xls is told apart: %s", err ? err : "");
	free(err);

	for (size_t i = 0; ep[i]; i++)
		ole[600 + 2 * i] = (unsigned char)ep[i];
	spew(path, (const char *)ole, sizeof ole);
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, "password"), "a password-protected workbook is told apart: %s", err ? err : "");
	free(err);
	free(path);

	path = make_book("whole.xlsx", &sp);
	full = slurp(path, &len);
	spew(path, full, len / 2);
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, "damaged or incomplete"), "a truncated workbook is refused: %s", err ? err : "");
	free(err);
	b = xlsx_open_buffer(full, len, "内存.xlsx", NULL, &err);
	ok(b && xlsx_sheet_count(b) == 1, "the same workbook read from memory opens");
	xlsx_close(b);
	free(err);
	free(full);
	free(path);

	path = xasprintf("%s/nonexistent.xlsx", dir);
	b = xlsx_open(path, NULL, &err);
	ok(!b && err && strstr(err, "nonexistent.xlsx"), "a missing file is refused naming it");
	free(err);
	free(path);
}

/* A source of size spaces, made as they are read: the test never holds the bomb. */
typedef struct spaces {
	zip_uint64_t size, pos;
} spaces;

static zip_int64_t
spaces_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	spaces *z = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = z->size - z->pos < len ? z->size - z->pos : len;
		memset(data, ' ', n);
		z->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = z->size;
		st->mtime = 0;
		st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		memset(data, 0, 2 * sizeof(int));
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
		    ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* Replace the sheet part of a fresh book at path with size spaces, streamed. */
static void
put_spaces(const char *path, zip_uint64_t size)
{
	int e;
	spaces z = { size, 0 };
	zip_error_t ze;
	zip_t *za = zip_open(path, 0, &e);
	zip_source_t *src;
	zip_int64_t idx;

	zip_error_init(&ze);
	src = zip_source_function_create(spaces_cb, &z, &ze);
	idx = zip_file_add(za, "xl/worksheets/part_q.xml", src, ZIP_FL_OVERWRITE);
	zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9);
	if (zip_close(za) != 0)
		printf("# zip_close: %s\n", zip_strerror(za));
	zip_error_fini(&ze);
}

/* Set the uncompressed size of entry name to size in both its headers (a lying zip). */
static bool
patch_size(const char *path, const char *name, uint32_t size)
{
	size_t len, nl = strlen(name), hits = 0;
	char *buf = slurp(path, &len);
	unsigned char le[4] = { size & 0xFF, (size >> 8) & 0xFF, (size >> 16) & 0xFF, size >> 24 };

	for (size_t i = 46; buf && i + nl <= len; i++) {
		if (memcmp(buf + i, name, nl) != 0)
			continue;
		if (memcmp(buf + i - 30, "PK\3\4", 4) == 0) {
			memcpy(buf + i - 30 + 22, le, 4);
			hits++;
		} else if (memcmp(buf + i - 46, "PK\1\2", 4) == 0) {
			memcpy(buf + i - 46 + 24, le, 4);
			hits++;
		}
	}
	if (buf)
		spew(path, buf, len);
	free(buf);
	return hits == 2;
}

static void
test_bombs(void)
{
	spec sp = { 1, { "s" }, { "<row><c><v>1</v></c></row>" }, NULL, false, NULL, false };
	char *path = make_book("bomb.xlsx", &sp), *got;
	struct stat st;

	/* 300 MB of spaces, deflated to a few hundred KB. */
	put_spaces(path, (zip_uint64_t)300 << 20);
	stat(path, &st);
	ok(st.st_size < 2 << 20, "the 300 MB bomb is %lld bytes on disk", (long long)st.st_size);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "would unpack to 314572800 bytes") && strstr(got, "part_q.xml"), "a 300 MB part is refused before it is inflated");
	free(got);

	/* 8 MB of spaces: under the size cap, but compressed about 1000 to 1. */
	free(path);
	path = make_book("ratio.xlsx", &sp);
	put_spaces(path, (zip_uint64_t)8 << 20);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "compressed more than 200 to 1"), "an 8 MB part compressed 1000:1 is refused");
	free(got);

	/* The same, its headers claiming 4,000 bytes: caught while inflating. */
	ok(patch_size(path, "xl/worksheets/part_q.xml", 4000), "both headers of the part now say 4,000 bytes");
	got = read_sheet(path, "s", NULL);
	ok(strncmp(got, "ERR: ", 5) == 0 && strstr(got, "part_q.xml") && (strstr(got, "more than the 4000 bytes its header says") || strstr(got, "damaged")),
	    "a part that inflates past its declared size is refused: %s", got);
	free(got);
	free(path);
}

static void
test_streaming_and_prefixes(void)
{
	spec sp = { 1, { "s" }, {
	    "<x:row xmlns:x=\"" NS_MAIN "\" r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>前缀</x:t></x:is></x:c><x:c r=\"B1\"><x:v>2</x:v></x:c></x:row>"
	    "<row r=\"2\"><c r=\"A2\"><v>1</v></c></row>\n<row r=\"3\"><c r=\"A3\"><v>2</c></row>" },
	    NULL, false, NULL, false };
	char *path = make_book("stream.xlsx", &sp), *err = NULL;
	xlsx_book *b = xlsx_open(path, NULL, &err);
	xlsx_sheet *s = b ? xlsx_sheet_open(b, "s", &err) : NULL;
	xlsx_row row;
	int r;

	if (!ok(s != NULL, "a sheet with prefixed elements opens")) {
		printf("#   %s\n", err ? err : "");
		free(err);
		xlsx_close(b);
		free(path);
		return;
	}
	r = xlsx_sheet_next(s, &row, &err);
	ok(r == 1 && row.row == 1 && row.n == 2 && strcmp(row.cells[0], "前缀") == 0 && strcmp(row.cells[1], "2") == 0,
	    "elements with a namespace prefix (x:row, x:c, x:is, x:t) read as the default namespace");
	r = xlsx_sheet_next(s, &row, &err);
	ok(r == 1 && row.row == 2 && row.n == 1, "row 2 comes out before the parser reaches the broken row 3: the sheet is streamed");
	r = xlsx_sheet_next(s, &row, &err);
	ok(r == -1 && err && strstr(err, "line 3"), "then the broken row is refused with its line: %s", err ? err : "");
	free(err);
	err = NULL;
	is_int(xlsx_sheet_next(s, &row, &err), 0, "after a refusal the sheet is at its end");
	xlsx_sheet_close(s);
	xlsx_close(b);
	free(path);
}

static void
test_encrypted_entry(void)
{
	spec sp = { 1, { "s" }, { "<row><c><v>1</v></c></row>" }, NULL, false, NULL, false };
	char *path = make_book("aes.xlsx", &sp), *got;
	int e;
	zip_t *za;
	zip_int64_t idx;

	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		printf("ok %d # SKIP libzip here cannot write AES entries\n", ++tap_n);
		free(path);
		return;
	}
	za = zip_open(path, 0, &e);
	idx = zip_name_locate(za, "xl/worksheets/part_q.xml", 0);
	zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "密码password");
	zip_close(za);
	got = read_sheet(path, "s", NULL);
	ok(refused_with(got, "protected with a password"), "a zip whose sheet part is encrypted is refused as password-protected");
	free(got);
	free(path);
}

static void
test_escapes(void)
{
	spec sp = { 1, { "s" }, {
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>x_x000D_\ny</t></is></c><c r=\"C1\" t=\"s\"><v>1</v></c><c r=\"D1\"><v>1</v></c></row>" },
	    "<si><t>a_x000D_\nb_x005F_x0041_ c_x4E2D_ _xZZZZ_ _x0000_</t></si><si><t></t></si>", false, NULL, false };
	char *path = make_book("escapes.xlsx", &sp);
	char *got = read_sheet(path, "s", NULL);
	is_str(got, "1:a\r\nb_x0041_ c中 _xZZZZ_ _x0000_|x\r\ny||1\n",
	    "_xHHHH_ escapes decoded in shared and inline strings (_x005F_ is a literal underscore; bad ones kept); an empty shared string");
	free(got);
	free(path);
}

int
main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_strings();
	test_sheet_choice();
	test_dates();
	test_sheet_reader();
	test_numfmt_kinds();
	test_caps();
	test_bad_strings();
	test_xml_attacks();
	test_not_zip();
	test_bombs();
	test_streaming_and_prefixes();
	test_encrypted_entry();
	test_escapes();
	rm_rf(dir);
	return tap_done();
}
