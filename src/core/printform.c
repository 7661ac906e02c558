/* printform.c - the handling feedback form and the reply letter laid out as the seed's paper
 * (seed 000): PDF pages through pdf.h, and the same form as plain text on a character grid whose
 * box lines join by direction, so ASCII and box-drawing output come from one drawing. */
#include "config.h"
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "printform.h"
#include "pdf.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The printed form is an official Chinese document: its fixed text is Chinese in every locale. */
#define FORM_TITLE "人大代表建议、政协委员提案 办理情况征询意见表"
#define LABEL_PROPOSER "代表、委员姓名"
#define LABEL_NUMBER "建议、提案编号"
#define LABEL_TITLE "建议、提案标题"
#define LABEL_PHONE "代表、委员\n联系电话"  /* broken where the paper breaks it */
#define Q1 "1. 您对办理情况的意见："
#define Q2 "2. 您有何进一步的建议和要求："
#define Q3 "3. 请您推荐先进承办单位："
#define LABEL_SIGNATURE "代表委员签名："
#define BLANK_DATE "　　　　年　　月　　日"
#define CHECK_TEXT "\xE2\x9C\x93"
#define SEED_NOTES "注：1.请代表委员在“满意”“比较满意”“不满意”下方空格内选择画“√”号。\n" \
	"　　2.该表由代表委员本人填写后，一式两份由承办单位送至市政府督查室（A937室）、" \
	"市人大常委会办公室（A806室）或市政协办公室（A741室）。"

static const char *const sat_labels[3] = { "满意", "比较满意", "不满意" };

static const char *
str_or_empty(const char *s)
{
	return s ? s : "";
}

char *
printform_date_cn(const char *iso)
{
	int y, m, d, used = 0;

	if (iso && strlen(iso) == 10 && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10
	    && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		return xasprintf("%d年%d月%d日", y, m, d);
	return xstrdup(str_or_empty(iso));
}

/* Index 0..2 of the box to check, or -1. */
static int
sat_index(feedback_satisfaction s)
{
	switch (s) {
	case FEEDBACK_SAT_SATISFIED: return 0;
	case FEEDBACK_SAT_FAIRLY: return 1;
	case FEEDBACK_SAT_DISSATISFIED: return 2;
	default: return -1;
	}
}

/* ---- PDF: the feedback form ------------------------------------------------------------- */

/* Page geometry in mm, from the paper form: a 170 mm wide table under the title. */
enum { LEFT = 20, RIGHT = 190 };
#define COL_VALUE1 56.0   /* after the first label column */
#define COL_LABEL2 108.0
#define COL_VALUE2 144.0
#define ROW_TOP 38.0
#define ROW1_H 14.0
#define ROW2_H 18.0
#define ROW3_H 10.0
#define ROW4_H 14.0
#define BOX_BOTTOM 238.0
#define PAD 1.5

/* One face for the whole page: every embedded CJK face costs about 60 kB (cairo's CFF subset keeps
 * the font's subroutines), so a second weight would more than double the file. */
static const pdf_style st_title = { PRINTFORM_FONT_SERIF, 18, 12, false, PDF_ALIGN_CENTER, true, 0 };
static const pdf_style st_label = { PRINTFORM_FONT_SERIF, 10.5, 8, false, PDF_ALIGN_CENTER, true, 0 };
static const pdf_style st_value = { PRINTFORM_FONT_SERIF, 11, 7, false, PDF_ALIGN_CENTER, true, 0 };
static const pdf_style st_question = { PRINTFORM_FONT_SERIF, 11.5, 9, false, PDF_ALIGN_LEFT, false, 0 };
static const pdf_style st_answer = { PRINTFORM_FONT_SERIF, 11.5, 7, false, PDF_ALIGN_LEFT, false, 2 };
static const pdf_style st_sign = { PRINTFORM_FONT_SERIF, 11.5, 8, false, PDF_ALIGN_RIGHT, true, 0 };
static const pdf_style st_note = { PRINTFORM_FONT_SERIF, 9.5, 7, false, PDF_ALIGN_LEFT, false, 1 };
static const pdf_style st_unit = { PRINTFORM_FONT_SERIF, 12, 8, false, PDF_ALIGN_RIGHT, true, 0 };

/* A table cell: text inside the rectangle, padded. */
static void
cell(pdf_doc *d, double x0, double y0, double x1, double y1, const char *text, const pdf_style *st)
{
	pdf_text_box(d, x0 + PAD, y0 + PAD / 2, x1 - x0 - 2 * PAD, y1 - y0 - PAD, str_or_empty(text), st, NULL);
}

static void
feedback_table(pdf_doc *d, const feedback_sheet *s, bool blank)
{
	double r1 = ROW_TOP + ROW1_H, r2 = r1 + ROW2_H, r3 = r2 + ROW3_H, r4 = r3 + ROW4_H;
	double satw = (RIGHT - COL_LABEL2) / 3;
	int i, chosen = blank ? -1 : sat_index(s->satisfaction);

	pdf_rect(d, LEFT, ROW_TOP, RIGHT - LEFT, BOX_BOTTOM - ROW_TOP, 0.5);
	pdf_line(d, LEFT, r1, RIGHT, r1, 0.3);
	pdf_line(d, LEFT, r2, RIGHT, r2, 0.3);
	pdf_line(d, LEFT, r4, RIGHT, r4, 0.3);
	pdf_line(d, COL_LABEL2, r3, RIGHT, r3, 0.3);
	pdf_line(d, COL_VALUE1, ROW_TOP, COL_VALUE1, r4, 0.3);
	pdf_line(d, COL_LABEL2, ROW_TOP, COL_LABEL2, r1, 0.3);
	pdf_line(d, COL_VALUE2, ROW_TOP, COL_VALUE2, r1, 0.3);
	for (i = 0; i < 3; i++)
		pdf_line(d, COL_LABEL2 + i * satw, r2, COL_LABEL2 + i * satw, r4, 0.3);

	cell(d, LEFT, ROW_TOP, COL_VALUE1, r1, LABEL_PROPOSER, &st_label);
	cell(d, COL_VALUE1, ROW_TOP, COL_LABEL2, r1, s->proposer, &st_value);
	cell(d, COL_LABEL2, ROW_TOP, COL_VALUE2, r1, LABEL_NUMBER, &st_label);
	cell(d, COL_VALUE2, ROW_TOP, RIGHT, r1, s->number, &st_value);
	cell(d, LEFT, r1, COL_VALUE1, r2, LABEL_TITLE, &st_label);
	cell(d, COL_VALUE1, r1, RIGHT, r2, s->title, &st_value);
	cell(d, LEFT, r2, COL_VALUE1, r4, LABEL_PHONE, &st_label);
	cell(d, COL_VALUE1, r2, COL_LABEL2, r4, s->phone, &st_value);
	for (i = 0; i < 3; i++) {
		double x = COL_LABEL2 + i * satw;

		cell(d, x, r2, x + satw, r3, sat_labels[i], &st_label);
		if (i == chosen)
			pdf_check_mark(d, x, r3, satw, ROW4_H, 16, PRINTFORM_FONT_SERIF);
	}
}

/* One question and its answer below it, in the band y..y+h of the big box. */
static void
question(pdf_doc *d, double y, double h, const char *q, const char *answer)
{
	pdf_text_box(d, LEFT + 3, y, RIGHT - LEFT - 6, 7, q, &st_question, NULL);
	pdf_text_box(d, LEFT + 9, y + 7.5, RIGHT - LEFT - 15, h - 8, str_or_empty(answer), &st_answer, NULL);
}

static void
feedback_page(pdf_doc *d, const feedback_sheet *s, bool blank)
{
	double y = ROW_TOP + ROW1_H + ROW2_H + ROW3_H + ROW4_H + 2;
	char *line, *date;

	pdf_page_new(d);
	pdf_text_box(d, LEFT, 18, RIGHT - LEFT, 14, FORM_TITLE, &st_title, NULL);
	feedback_table(d, s, blank);
	question(d, y, 50, Q1, blank ? NULL : s->opinion);
	question(d, y + 50, 38, Q2, blank ? NULL : s->suggestions);
	question(d, y + 88, 24, Q3, blank ? NULL : s->recommended_units);
	line = xasprintf("%s%s", LABEL_SIGNATURE, blank ? "　　　　　　" : str_or_empty(s->signature));
	date = blank ? xstrdup(BLANK_DATE) : printform_date_cn(s->signed_on);
	pdf_text_box(d, 100, BOX_BOTTOM - 20, RIGHT - 106, 8, line, &st_sign, NULL);
	pdf_text_box(d, 100, BOX_BOTTOM - 11, RIGHT - 106, 8, date, &st_sign, NULL);
	free(line);
	free(date);
	pdf_text_box(d, LEFT, BOX_BOTTOM + 4, RIGHT - LEFT, 22, s->notes ? s->notes : SEED_NOTES, &st_note, NULL);
	pdf_text_box(d, LEFT, BOX_BOTTOM + 28, RIGHT - LEFT, 10, str_or_empty(s->handling_unit), &st_unit, NULL);
}

int
printform_feedback_pdf(const char *path, const feedback_sheet *sheets, size_t n, printform_mode mode, int copies, char **err)
{
	pdf_doc *d = pdf_open(path, PRINTFORM_FONT_SERIF, err);
	size_t i;
	int c;

	if (!d)
		return -1;
	for (i = 0; i < n; i++)
		for (c = 0; c < (copies < 1 ? 1 : copies); c++)
			feedback_page(d, &sheets[i], mode == PRINTFORM_BLANK);
	return pdf_close(d, err);
}

/* ---- PDF: the reply letter -------------------------------------------------------------- */

#define LETTER_TOP 25.0
#define LETTER_BOTTOM 272.0

static const pdf_style st_letter = { PRINTFORM_FONT_SERIF, 12, 0, false, PDF_ALIGN_LEFT, false, 6 };
static const pdf_style st_letter_title = { PRINTFORM_FONT_SERIF, 16, 0, false, PDF_ALIGN_CENTER, false, 4 };

static void
reply_letter(pdf_doc *d, const reply_sheet *r)
{
	double y = LETTER_TOP, w = RIGHT - LEFT, indent = 2 * 12 * 25.4 / 72; /* two characters */
	char *s;

	pdf_page_new(d);
	s = xasprintf("〔办理结果 %s〕", str_or_empty(r->result_class));
	pdf_text_flow(d, LEFT, &y, w, LETTER_TOP, LETTER_BOTTOM, 0, s, &st_letter);
	free(s);
	y += 6;
	s = xasprintf("%s关于 %s第 %s 号%s 办理情况的答复函", str_or_empty(r->unit), str_or_empty(r->session),
	              str_or_empty(r->number), r->kind == PROPOSAL_KIND_SUGGESTION ? "建议" : "提案");
	/* Too long for one line: break where the paper does, before 办理情况的答复函, not wherever it overflows. */
	if (pdf_text_height(d, w, s, &st_letter_title) > 1.5 * st_letter_title.size_pt * 25.4 / 72) {
		free(s);
		s = xasprintf("%s关于%s第 %s 号%s\n办理情况的答复函", str_or_empty(r->unit), str_or_empty(r->session),
		              str_or_empty(r->number), r->kind == PROPOSAL_KIND_SUGGESTION ? "建议" : "提案");
	}
	pdf_text_flow(d, LEFT, &y, w, LETTER_TOP, LETTER_BOTTOM, 0, s, &st_letter_title);
	free(s);
	y += 6;
	s = xasprintf("%s：", str_or_empty(r->addressee));
	pdf_text_flow(d, LEFT, &y, w, LETTER_TOP, LETTER_BOTTOM, 0, s, &st_letter);
	free(s);
	pdf_text_flow(d, LEFT, &y, w, LETTER_TOP, LETTER_BOTTOM, indent, str_or_empty(r->body), &st_letter);
	y += 8;
	s = xasprintf("分管领导：%s\n联系人：%s\n联系方式：%s", str_or_empty(r->leader), str_or_empty(r->contact),
	              str_or_empty(r->contact_phone));
	pdf_text_flow(d, LEFT + indent, &y, w - indent, LETTER_TOP, LETTER_BOTTOM, 0, s, &st_letter);
	free(s);
	if (r->copy_to && *r->copy_to) {
		y += 8;
		if (y + 12 > LETTER_BOTTOM) {
			pdf_page_new(d);
			y = LETTER_TOP;
		}
		pdf_line(d, LEFT, y, RIGHT, y, 0.3);
		y += 1.5;
		s = xasprintf("抄送：%s", r->copy_to);
		pdf_text_flow(d, LEFT, &y, w, LETTER_TOP, LETTER_BOTTOM, 0, s, &st_letter);
		free(s);
		pdf_line(d, LEFT, y, RIGHT, y, 0.3);
	}
}

int
printform_reply_pdf(const char *path, const reply_sheet *letters, size_t n, char **err)
{
	pdf_doc *d = pdf_open(path, PRINTFORM_FONT_SERIF, err);
	size_t i;

	if (!d)
		return -1;
	for (i = 0; i < n; i++)
		reply_letter(d, &letters[i]);
	return pdf_close(d, err);
}

/* ---- Plain text: a character grid ------------------------------------------------------- */

enum { LN_UP = 1, LN_DOWN = 2, LN_LEFT = 4, LN_RIGHT = 8 };

typedef struct {
	wchar_t ch;           /* 0: blank, or continuation of a wide character when cont */
	unsigned char lines;  /* box line directions through this cell */
	bool cont;
} gcell;

typedef struct {
	gcell *cells;
	int width, rows;
} grid;

static gcell *
grid_at(grid *g, int r, int c)
{
	if (r >= g->rows) {
		g->cells = xrealloc(g->cells, (size_t)(r + 1) * g->width * sizeof *g->cells);
		memset(g->cells + (size_t)g->rows * g->width, 0, (size_t)(r + 1 - g->rows) * g->width * sizeof *g->cells);
		g->rows = r + 1;
	}
	return &g->cells[(size_t)r * g->width + c];
}

static void
grid_hline(grid *g, int r, int c1, int c2)
{
	int c;

	for (c = c1; c <= c2; c++)
		grid_at(g, r, c)->lines |= (c > c1 ? LN_LEFT : 0) | (c < c2 ? LN_RIGHT : 0);
}

static void
grid_vline(grid *g, int c, int r1, int r2)
{
	int r;

	for (r = r1; r <= r2; r++)
		grid_at(g, r, c)->lines |= (r > r1 ? LN_UP : 0) | (r < r2 ? LN_DOWN : 0);
}

static void
grid_box(grid *g, int r1, int c1, int r2, int c2)
{
	grid_hline(g, r1, c1, c2);
	grid_hline(g, r2, c1, c2);
	grid_vline(g, c1, r1, r2);
	grid_vline(g, c2, r1, r2);
}

/* Put one line of text at row r in columns [c, c+cols), aligned (-1 left, 0 centre, 1 right); cut with "…" if wider. */
static void
grid_text(grid *g, int r, int c, int cols, const char *text, int align)
{
	char *fit = utf8_fit_cols(text, (size_t)cols, true);
	wchar_t *w = utf8_to_wcs(fit, NULL);
	int used = (int)utf8_width_cols(fit), x, i;

	x = c + (align < 0 ? 0 : align > 0 ? cols - used : (cols - used) / 2);
	for (i = 0; w[i]; i++) {
		int cw = utf8_char_cols(w[i]);

		if (cw <= 0)
			continue;
		grid_at(g, r, x)->ch = w[i];
		if (cw == 2)
			grid_at(g, r, x + 1)->cont = true;
		x += cw;
	}
	free(w);
	free(fit);
}

/* Characters that may not begin a line in Chinese typesetting (行首禁则). */
static bool
no_line_start(wchar_t wc)
{
	return wc && wcschr(L"，。、；：？！）》」』”’】〕…,.;:?!)]%", wc) != NULL;
}

/* Wrap text into lines of at most cols columns: at '\n', before a character that would overflow,
 * never leaving closing punctuation at a line start, and keeping an ASCII word whole when the line
 * has a space to break at. Returns the number of lines (>= 1); *out is a fresh array of fresh strings. */
static int
wrap_cols(const char *text, int cols, char ***out)
{
	wchar_t *w = utf8_to_wcs(str_or_empty(text), NULL);
	char **lines = NULL;
	int n = 0;
	size_t start = 0, i = 0;

	for (;;) {
		size_t end = start;
		int width = 0;

		while (w[end] && w[end] != L'\n' && width + utf8_char_cols(w[end]) <= cols)
			width += utf8_char_cols(w[end++]);
		if (w[end] && w[end] != L'\n' && end > start + 1) {
			if (no_line_start(w[end]))
				end--;
			else if (iswalnum(w[end]) && w[end] < 128 && iswalnum(w[end - 1]) && w[end - 1] < 128) {
				for (i = end; i > start && w[i - 1] != L' '; i--)
					;
				if (i > start)
					end = i;
			}
		}
		if (end == start && w[end] && w[end] != L'\n')
			end++; /* a character wider than the line still goes somewhere */
		lines = xrealloc(lines, (size_t)(n + 1) * sizeof *lines);
		lines[n++] = utf8_from_wcs(w + start, end - start);
		if (!w[end])
			break;
		start = w[end] == L'\n' ? end + 1 : end;
		if (w[end] != L'\n')
			while (w[start] == L' ')
				start++;
	}
	free(w);
	*out = lines;
	return n;
}

static void
free_lines(char **lines, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Wrapped text from row r in columns [c, c+cols); returns rows used. */
static int
grid_wrapped(grid *g, int r, int c, int cols, const char *text, int align)
{
	char **lines;
	int n = wrap_cols(text, cols, &lines), i;

	for (i = 0; i < n; i++)
		grid_text(g, r + i, c, cols, lines[i], align);
	free_lines(lines, n);
	return n;
}

static int
wrapped_rows(const char *text, int cols)
{
	char **lines;
	int n = wrap_cols(text, cols, &lines);

	free_lines(lines, n);
	return n;
}

static int
max_int(int a, int b)
{
	return a > b ? a : b;
}

static wchar_t
line_char(unsigned lines, bool ascii)
{
	static const wchar_t box[16] = {
		L' ', L'│', L'│', L'│', L'─', L'┘', L'┐', L'┤',
		L'─', L'└', L'┌', L'├', L'─', L'┴', L'┬', L'┼',
	};

	if (ascii)
		return lines == 0 ? L' ' : !(lines & (LN_LEFT | LN_RIGHT)) ? L'|' : !(lines & (LN_UP | LN_DOWN)) ? L'-' : L'+';
	return box[lines & 15];
}

/* The grid as text: boxed rows keep their full width; other rows lose trailing blanks. */
static char *
grid_render(grid *g, bool ascii)
{
	size_t cap = (size_t)g->rows * ((size_t)g->width * 4 + 1) + 1, len = 0;
	char *out = xmalloc(cap);
	int r, c;

	for (r = 0; r < g->rows; r++) {
		size_t row_start = len, keep = len;
		bool boxed = false;

		for (c = 0; c < g->width; c++) {
			gcell *gc = &g->cells[(size_t)r * g->width + c];
			wchar_t wc = gc->ch ? gc->ch : line_char(gc->lines, ascii);

			if (gc->cont)
				continue;
			boxed |= gc->lines != 0;
			len += utf8_encode_char(wc, out + len);
			if (wc != L' ')
				keep = len;
		}
		if (!boxed)
			len = keep > row_start ? keep : row_start;
		out[len++] = '\n';
	}
	out[len] = '\0';
	return out;
}

char *
printform_feedback_text(const feedback_sheet *s, printform_mode mode, int width, bool ascii)
{
	grid g = { NULL, width < 60 ? 60 : width, 0 };
	bool blank = mode == PRINTFORM_BLANK;
	int W = g.width, x1 = 18, x3, x2, s1, s2, r = 0, top, h, i, chosen = blank ? -1 : sat_index(s->satisfaction);
	char *sig, *date, *out;

	/* Columns: label | value | label | value; the satisfaction boxes split the last two. */
	x2 = x1 + (W - 1 - x1 - 18) / 2;
	x3 = x2 + 18;
	s1 = x2 + (W - 1 - x2) / 3;
	s2 = x2 + 2 * (W - 1 - x2) / 3;

	r += grid_wrapped(&g, r, 0, W, FORM_TITLE, 0) + 1;
	top = r;
	h = max_int(max_int(wrapped_rows(LABEL_PROPOSER, x1 - 3), wrapped_rows(s->proposer, x2 - x1 - 3)),
	            max_int(wrapped_rows(LABEL_NUMBER, x3 - x2 - 3), wrapped_rows(s->number, W - x3 - 3)));
	grid_wrapped(&g, r + 1, 2, x1 - 3, LABEL_PROPOSER, 0);
	grid_wrapped(&g, r + 1, x1 + 2, x2 - x1 - 3, str_or_empty(s->proposer), 0);
	grid_wrapped(&g, r + 1, x2 + 2, x3 - x2 - 3, LABEL_NUMBER, 0);
	grid_wrapped(&g, r + 1, x3 + 2, W - x3 - 3, str_or_empty(s->number), 0);
	grid_vline(&g, x2, r, r + h + 1);
	grid_vline(&g, x3, r, r + h + 1);
	r += h + 1;
	grid_hline(&g, r, 0, W - 1);
	h = max_int(wrapped_rows(LABEL_TITLE, x1 - 3), wrapped_rows(s->title, W - x1 - 3));
	grid_wrapped(&g, r + 1, 2, x1 - 3, LABEL_TITLE, 0);
	grid_wrapped(&g, r + 1, x1 + 2, W - x1 - 3, str_or_empty(s->title), 0);
	r += h + 1;
	grid_hline(&g, r, 0, W - 1);
	h = max_int(3, max_int(wrapped_rows(LABEL_PHONE, x1 - 3), wrapped_rows(s->phone, x2 - x1 - 3)));
	grid_wrapped(&g, r + 1, 2, x1 - 3, LABEL_PHONE, 0);
	grid_wrapped(&g, r + 1, x1 + 2, x2 - x1 - 3, str_or_empty(s->phone), 0);
	grid_vline(&g, x1, top, r + h + 1);
	for (i = 0; i < 3; i++) {
		int a = i == 0 ? x2 : i == 1 ? s1 : s2, b = i == 0 ? s1 : i == 1 ? s2 : W - 1;

		grid_vline(&g, a, r, r + h + 1);
		grid_text(&g, r + 1, a + 1, b - a - 1, sat_labels[i], 0);
		if (i == chosen)
			grid_text(&g, r + 3, a + 1, b - a - 1, "√", 0);
	}
	grid_hline(&g, r + 2, x2, W - 1);
	r += h + 1;
	grid_hline(&g, r, 0, W - 1);

	r += 1;
	r += grid_wrapped(&g, r, 2, W - 4, Q1, -1);
	r += grid_wrapped(&g, r, 5, W - 7, blank ? "" : str_or_empty(s->opinion), -1) + 1;
	r += grid_wrapped(&g, r, 2, W - 4, Q2, -1);
	r += grid_wrapped(&g, r, 5, W - 7, blank ? "" : str_or_empty(s->suggestions), -1) + 1;
	r += grid_wrapped(&g, r, 2, W - 4, Q3, -1);
	r += grid_wrapped(&g, r, 5, W - 7, blank ? "" : str_or_empty(s->recommended_units), -1) + 1;
	sig = xasprintf("%s%s", LABEL_SIGNATURE, blank ? "　　　　　　" : str_or_empty(s->signature));
	date = blank ? xstrdup(BLANK_DATE) : printform_date_cn(s->signed_on);
	r += grid_wrapped(&g, r, 2, W - 6, sig, 1);
	r += grid_wrapped(&g, r, 2, W - 6, date, 1);
	free(sig);
	free(date);
	grid_box(&g, top, 0, r, W - 1);

	r += 1;
	r += grid_wrapped(&g, r, 0, W, s->notes ? s->notes : SEED_NOTES, -1);
	r += 1;
	grid_wrapped(&g, r, 0, W - 2, str_or_empty(s->handling_unit), 1);
	out = grid_render(&g, ascii);
	free(g.cells);
	return out;
}

char *
printform_encode(const char *utf8, const char *encoding, size_t *len, char **err)
{
	iconv_t cd = iconv_open(encoding, "UTF-8");
	size_t inleft = strlen(utf8), cap = inleft * 2 + 16, outleft = cap;
	char *in = (char *)utf8, *out = xmalloc(cap), *op = out;

	if (cd == (iconv_t)-1) {
		*err = xasprintf(_("The encoding %s is not known on this system."), encoding);
		free(out);
		return NULL;
	}
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &op, &outleft) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(op - out);

			cap *= 2;
			out = xrealloc(out, cap);
			op = out + used;
			outleft = cap - used;
			continue;
		}
		*err = xasprintf(_("This text cannot be written in %s: a character has no equivalent there."), encoding);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	/* end any shift state (none in GB18030; other encodings a caller may name have one) */
	if (outleft < 16) {
		size_t used = (size_t)(op - out);

		out = xrealloc(out, cap += 16);
		op = out + used;
		outleft += 16;
	}
	iconv(cd, NULL, NULL, &op, &outleft);
	iconv_close(cd);
	*len = (size_t)(op - out);
	return out;
}

/* ---- The reply letter as plain text ------------------------------------------------------ */

/* Append text to *out wrapped to width columns, each line after indent spaces or, when centre,
 * centred in width. */
static void
text_append_wrapped(char **out, const char *text, int width, int indent, bool centre)
{
	char **lines;
	int n = wrap_cols(text, width - indent, &lines);

	for (int i = 0; i < n; i++) {
		int used = (int)utf8_width_cols(lines[i]), pad = centre && used < width ? (width - used) / 2 : indent;
		char *t = xasprintf("%s%*s%s\n", *out, pad, "", lines[i]);

		free(*out);
		*out = t;
	}
	free_lines(lines, n);
}

static void
text_append(char **out, const char *s)
{
	char *t = xasprintf("%s%s", *out, s);

	free(*out);
	*out = t;
}

/* A rule across the page: box-drawing, or '-' in ASCII mode. */
static void
text_rule(char **out, int width, bool ascii)
{
	for (int i = 0; i < width; i++)
		text_append(out, ascii ? "-" : "─");
	text_append(out, "\n");
}

char *
printform_reply_text(const reply_sheet *r, int width_cols, bool ascii)
{
	int W = width_cols < 40 ? 40 : width_cols;
	const char *kind = r->kind == PROPOSAL_KIND_SUGGESTION ? "建议" : "提案";
	char *out = xstrdup(""), *s, *body, *save = NULL, *para;

	s = xasprintf("〔办理结果 %s〕", str_or_empty(r->result_class));
	text_append_wrapped(&out, s, W, 0, false);
	free(s);
	text_append(&out, "\n");
	s = xasprintf("%s关于%s第 %s 号%s办理情况的答复函", str_or_empty(r->unit), str_or_empty(r->session),
	              str_or_empty(r->number), kind);
	if ((int)utf8_width_cols(s) > W) {
		/* Too long for one line: break where the paper does, before 办理情况的答复函 (as the PDF). */
		free(s);
		s = xasprintf("%s关于%s第 %s 号%s\n办理情况的答复函", str_or_empty(r->unit), str_or_empty(r->session),
		              str_or_empty(r->number), kind);
	}
	text_append_wrapped(&out, s, W, 0, true);
	free(s);
	text_append(&out, "\n");
	s = xasprintf("%s：", str_or_empty(r->addressee));
	text_append_wrapped(&out, s, W, 0, false);
	free(s);
	/* Each paragraph opens with two full-width spaces, as a Chinese letter's do. */
	body = xstrdup(str_or_empty(r->body));
	for (para = strtok_r(body, "\n", &save); para; para = strtok_r(NULL, "\n", &save)) {
		char *p = xasprintf("　　%s", para);
		text_append_wrapped(&out, p, W, 0, false);
		free(p);
	}
	free(body);
	text_append(&out, "\n");
	s = xasprintf("分管领导：%s\n联系人：%s\n联系方式：%s", str_or_empty(r->leader), str_or_empty(r->contact),
	              str_or_empty(r->contact_phone));
	text_append_wrapped(&out, s, W, 4, false);
	free(s);
	if (r->copy_to && *r->copy_to) {
		text_append(&out, "\n");
		text_rule(&out, W, ascii);
		s = xasprintf("抄送：%s", r->copy_to);
		text_append_wrapped(&out, s, W, 0, false);
		free(s);
		text_rule(&out, W, ascii);
	}
	return out;
}
