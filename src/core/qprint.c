/* qprint.c - the blank paper questionnaire (see qprint.h). The template's outline becomes a list of
 * blocks (headings, members of a repeat, questions, notes) once; the PDF and the text rendering both
 * walk that list, so they print the same questionnaire. The PDF is laid out twice: a first pass
 * only measures, so every page can say how many pages there are. */
#include "config.h"
#include <ctype.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "qprint.h"
#include "pdf.h"
#include "printform.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* ---- the paper's fixed words --------------------------------------------------------------- */

/* The fixed words are printed in the language of the labels, not the program's: a surveyor in a
 * Chinese office printing the English version for a foreign resident wants English throughout. */
typedef struct qwords {
	const char *community, *estate, *date, *surveyor, *respondent_no;
	const char *one, *many, *if_applies, *only_if, *only_if_part, *is, *includes, *is_value, *and_word;
	const char *page, *member, *members_note, *q_ref;
	const char *date_blank, *time_blank, *ack, *required;
	double label_mm, no_mm;        /* where the header's lines start after their labels */
	const char *says_one, *says_many; /* a label holding this already tells how to choose */
	const char *gt, *lt, *ge, *le, *ne;   /* comparisons: question number, value */
	const char *required_when, *required_maybe, *per_count, *per_maybe, *sep;
} qwords;

static const qwords words_zh = {
	"社区：", "小区：", "调查日期：", "调查员：", "问卷编号：",
	"（单选）", "（可多选，选所有适用的）", "（如适用）", "仅当%s时回答", "本部分仅当%s时回答",
	"第%d题选“%s”", "第%d题选了“%s”", "第%d题为“%s”", "且",
	"第 %d 页 共 %d 页", "%s（第%d位）", "每位成员填写一栏，共%d栏", "第%d题",
	"＿＿＿＿年＿＿月＿＿日", "＿＿时＿＿分", "确认", "*", 21, 21, "单选", "多选",
	"第%d题大于%s", "第%d题小于%s", "第%d题不小于%s", "第%d题不大于%s", "第%d题不为“%s”",
	"当%s时必答", "（视情况必答）", "按第%d题的人数填写", "按实际人数填写", "；",
};

static const qwords words_en = {
	"Community: ", "Estate: ", "Date: ", "Surveyor: ", "Questionnaire no.: ",
	"(choose one)", "(choose all that apply)", "(if it applies)", "Answer only if %s", "Answer this part only if %s",
	"Q%d is “%s”", "Q%d includes “%s”", "Q%d is “%s”", " and ",
	"Page %d of %d", "%s (member %d)", "One block per member, %d blocks", "Q%d",
	"____-__-__ (year-month-day)", "__:__ (hour:minute)", "Confirmed", "*", 24, 37, "(choose", "(choose",
	"Q%d is more than %s", "Q%d is less than %s", "Q%d is at least %s", "Q%d is at most %s", "Q%d is not “%s”",
	"Required when %s", "(required in some cases)", "one per person counted in question %d", "one per person as it applies", "; ",
};

/* Chinese words when the labels are Chinese: the language picked is Chinese, or (plain labels
 * only) the program runs in Chinese. */
static bool
lang_is_zh(const template *t, const char *lang)
{
	int i = template_pick_language(t, lang);
	const char *l = i >= 0 ? template_language_at(t, (size_t)i)
	              : template_language_count(t) > 0 ? template_language_at(t, 0) : NULL;
	const char *ui = setlocale(LC_MESSAGES, NULL);

	if (l)
		return strstr(l, "中文") || strcasestr(l, "(zh") || strcasestr(l, "chinese") || !strncasecmp(l, "zh", 2);
	return ui && !strncasecmp(ui, "zh", 2);
}

/* ---- the blocks -------------------------------------------------------------------------- */

typedef enum { B_HEADING, B_MEMBER, B_QUESTION, B_NOTE } bkind;

typedef struct qblock {
	bkind kind;
	const template_question *q;    /* the outline row */
	char *title;                   /* heading, member title, or "N. label" */
	char *cond;                    /* the skip logic in words, or NULL */
} qblock;

typedef struct qpaper {
	const template *t;
	const qwords *w;
	bool zh;
	int members;
	bool members_given;            /* the caller asked for that many (--members) */
	template_question *rows;
	size_t nrows;
	int *numbers;                  /* printed number per outline row, 0 for none */
	qblock *b;
	size_t nb;
} qpaper;

static bool
is_type(const template_question *q, const char *type)
{
	return strcmp(q->type, type) == 0;
}

/* Rows that take an answer on paper: not groups, not notes, not calculations. */
static bool
is_asked(const template_question *q)
{
	return strncmp(q->type, "begin_", 6) && strncmp(q->type, "end_", 4) && !is_type(q, "note") && !is_type(q, "calculate");
}

/* ${name} in a label: on paper there is no answer to show, so point at its question. */
static char *
label_refs(const qpaper *p, const char *label)
{
	size_t cap = strlen(label) + 1, len = 0;
	char *out = xmalloc(cap);

	for (const char *s = label; *s;) {
		const char *e = strncmp(s, "${", 2) == 0 ? strchr(s + 2, '}') : NULL;
		char *piece = NULL;
		if (e) {
			for (size_t i = 0; i < p->nrows && !piece; i++)
				if (p->numbers[i] && strlen(p->rows[i].name) == (size_t)(e - s - 2) && !strncmp(p->rows[i].name, s + 2, (size_t)(e - s - 2)))
					piece = xasprintf(p->w->q_ref, p->numbers[i]);
		}
		if (!piece)
			piece = xstrndup(s, e ? (size_t)(e - s + 1) : 1);
		size_t n = strlen(piece);
		if (len + n + 1 > cap)
			out = xrealloc(out, cap = (len + n + 1) * 2);
		memcpy(out + len, piece, n);
		len += n;
		s += e ? (size_t)(e - s + 1) : 1;
		free(piece);
	}
	out[len] = '\0';
	return out;
}

static void
block_add(qpaper *p, bkind kind, const template_question *q, char *title, char *cond)
{
	p->b = xrealloc(p->b, (p->nb + 1) * sizeof *p->b);
	p->b[p->nb++] = (qblock){ kind, q, title, cond };
}

/* The end row matching the begin row at i (or nrows). */
static size_t
group_end(const qpaper *p, size_t i)
{
	int depth = 0;

	for (size_t k = i; k < p->nrows; k++) {
		if (!strncmp(p->rows[k].type, "begin_", 6))
			depth++;
		else if (!strncmp(p->rows[k].type, "end_", 4) && --depth == 0)
			return k;
	}
	return p->nrows;
}

static void build_range(qpaper *p, size_t from, size_t to);
static char *relevance(const template_question *rows, size_t n, const int *numbers, size_t q, const qwords *w, const char *wrap);
static char *required_words(const template_question *rows, size_t n, const int *numbers, size_t q, const qwords *w);
static char *repeat_words(const qpaper *p, const template_question *g, int *members);

/* a and b (either may be NULL, both are taken) joined by sep. */
static char *
join_cond(char *a, char *b, const char *sep)
{
	char *j;

	if (!a || !b)
		return a ? a : b;
	j = xasprintf("%s%s%s", a, sep, b);
	free(a);
	free(b);
	return j;
}

static void
build_group(qpaper *p, size_t i, size_t end)
{
	const template_question *g = &p->rows[i];
	char *cond = relevance(p->rows, p->nrows, p->numbers, i, p->w, p->w->only_if_part);

	if (is_type(g, "begin_repeat")) {
		int members = p->members;
		char *note = repeat_words(p, g, &members);
		char *title = xasprintf("%s（%s）", *g->label ? g->label : g->name, note);
		if (!p->zh) {
			free(title);
			title = xasprintf("%s (%s)", *g->label ? g->label : g->name, note);
		}
		free(note);
		block_add(p, B_HEADING, g, title, cond);
		for (int m = 1; m <= members; m++) {
			block_add(p, B_MEMBER, g, xasprintf(p->w->member, *g->label ? g->label : g->name, m), NULL);
			build_range(p, i + 1, end);
		}
		return;
	}
	if (*g->label || cond)
		block_add(p, B_HEADING, g, xstrdup(*g->label ? g->label : g->name), cond);
	build_range(p, i + 1, end);
}

static void
build_range(qpaper *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const template_question *q = &p->rows[i];
		if (!strncmp(q->type, "begin_", 6)) {
			size_t end = group_end(p, i);
			build_group(p, i, end);
			i = end;
		} else if (is_type(q, "note")) {
			block_add(p, B_NOTE, q, label_refs(p, q->label), relevance(p->rows, p->nrows, p->numbers, i, p->w, p->w->only_if));
		} else if (p->numbers[i]) {
			char *label = label_refs(p, *q->label ? q->label : q->name);
			const char *how = is_type(q, "select_one") ? p->w->one : is_type(q, "select_multiple") ? p->w->many : "";
			if (strstr(label, is_type(q, "select_one") ? p->w->says_one : p->w->says_many))
				how = "";
			char *title = xasprintf("%d. %s%s%s", p->numbers[i], label, *how && !p->zh ? " " : "", how);
			free(label);
			char *cond = join_cond(relevance(p->rows, p->nrows, p->numbers, i, p->w, p->w->only_if),
			    required_words(p->rows, p->nrows, p->numbers, i, p->w), p->w->sep);
			block_add(p, B_QUESTION, q, title, cond);
		}
	}
}

static void
paper_open(qpaper *p, const template *t, const qprint_opts *o)
{
	int k = 0;

	memset(p, 0, sizeof *p);
	p->t = t;
	p->zh = lang_is_zh(t, o->lang);
	p->w = p->zh ? &words_zh : &words_en;
	p->members = o->members < 1 ? QPRINT_MEMBERS_DEFAULT : o->members > QPRINT_MEMBERS_MAX ? QPRINT_MEMBERS_MAX : o->members;
	p->members_given = o->members >= 1;
	p->rows = template_outline(t, o->lang, &p->nrows);
	p->numbers = xcalloc(p->nrows ? p->nrows : 1, sizeof *p->numbers);
	for (size_t i = 0; i < p->nrows; i++)
		if (is_asked(&p->rows[i]))
			p->numbers[i] = ++k;
	build_range(p, 0, p->nrows);
}

static void
paper_close(qpaper *p)
{
	for (size_t i = 0; i < p->nb; i++) {
		free(p->b[i].title);
		free(p->b[i].cond);
	}
	free(p->b);
	free(p->numbers);
	template_questions_free(p->rows, p->nrows);
}

/* ---- the skip logic in words ------------------------------------------------------------- */

static void
skip_ws(const char **s)
{
	while (isspace((unsigned char)**s))
		(*s)++;
}

static bool
eat(const char **s, const char *tok)
{
	size_t n = strlen(tok);

	skip_ws(s);
	if (strncmp(*s, tok, n))
		return false;
	*s += n;
	return true;
}

/* ${name} into a fresh name. */
static char *
parse_ref(const char **s)
{
	const char *e;

	if (!eat(s, "${") || !(e = strchr(*s, '}')))
		return NULL;
	char *name = xstrndup(*s, (size_t)(e - *s));
	*s = e + 1;
	return name;
}

/* 'v', "v" or a number into a fresh string. */
static char *
parse_value(const char **s)
{
	const char *b;

	skip_ws(s);
	if (**s == '\'' || **s == '"') {
		char q = **s;
		const char *e = strchr(*s + 1, q);
		if (!e)
			return NULL;
		char *v = xstrndup(*s + 1, (size_t)(e - *s - 1));
		*s = e + 1;
		return v;
	}
	for (b = *s; isdigit((unsigned char)**s) || **s == '.' || **s == '-'; (*s)++)
		;
	return *s > b ? xstrndup(b, (size_t)(*s - b)) : NULL;
}

/* The row of the printed question called name, or n. */
static size_t
find_printed(const template_question *rows, size_t n, const int *numbers, const char *name)
{
	size_t i;

	for (i = 0; i < n && !(numbers[i] && !strcmp(rows[i].name, name)); i++)
		;
	return i;
}

/* One condition: ${x} = v, ${x} != v, ${x} > v (>=, <, <=) or selected(${x}, v), as words appended to *out. */
static bool
parse_term(const char **s, const template_question *rows, size_t n, const int *numbers, const qwords *w, char **out)
{
	static const char *const ops[6] = { "!=", ">=", "<=", ">", "<", "=" };
	bool sel = false;
	int op = 0;
	char *name, *value = NULL;

	skip_ws(s);
	if (eat(s, "selected(")) {
		sel = true;
		if (!(name = parse_ref(s)))
			return false;
		if (!eat(s, ",") || !(value = parse_value(s)) || !eat(s, ")")) {
			free(name);
			free(value);
			return false;
		}
	} else {
		if (!(name = parse_ref(s)))
			return false;
		/* the two-character operators first, so ">=" is not read as ">" */
		while (op < 6 && !eat(s, ops[op]))
			op++;
		if (op == 6 || **s == '=' || !(value = parse_value(s))) {
			free(name);
			return false;
		}
	}
	size_t i = find_printed(rows, n, numbers, name);
	free(name);
	if (i == n) {
		free(value);
		return false;
	}
	const char *shown = value;
	for (size_t c = 0; c < rows[i].nchoices; c++)
		if (!strcmp(rows[i].choices[c].name, value) && *rows[i].choices[c].label)
			shown = rows[i].choices[c].label;
	const char *cmp[5] = { w->ne, w->ge, w->le, w->gt, w->lt };
	const char *how = !sel && op < 5 ? cmp[op]
	                : sel && is_type(&rows[i], "select_multiple") ? w->includes
	                : rows[i].nchoices || sel ? w->is : w->is_value;
	char *piece = xasprintf(how, numbers[i], shown);
	char *joined = *out ? xasprintf("%s%s%s", *out, w->and_word, piece) : xstrdup(piece);
	free(piece);
	free(*out);
	*out = joined;
	free(value);
	return true;
}

/* The expression s (skip logic, or a required written as an expression) in words wrapped in wrap,
 * the neutral words when it is not a simple one, NULL when there is none. */
static char *
expr_words(const template_question *rows, size_t n, const int *numbers, const char *s, const qwords *w,
    const char *wrap, const char *neutral)
{
	char *out = NULL, *res;
	bool ok;

	if (str_is_blank(s))
		return NULL;
	ok = parse_term(&s, rows, n, numbers, w, &out);
	while (ok && (skip_ws(&s), *s))
		ok = eat(&s, "and") && parse_term(&s, rows, n, numbers, w, &out);
	if (!ok) {
		free(out);
		return xstrdup(neutral);
	}
	res = xasprintf(wrap, out);
	free(out);
	return res;
}

/* The skip logic of row q in words wrapped in wrap (only_if or only_if_part), the neutral words
 * when it is not a simple one, NULL when there is none. */
static char *
relevance(const template_question *rows, size_t n, const int *numbers, size_t q, const qwords *w, const char *wrap)
{
	return expr_words(rows, n, numbers, rows[q].relevant, w, wrap, w->if_applies);
}

/* A required written as an expression in words ("当第3题大于1时必答"), NULL when there is none. */
static char *
required_words(const template_question *rows, size_t n, const int *numbers, size_t q, const qwords *w)
{
	return expr_words(rows, n, numbers, rows[q].required_if ? rows[q].required_if : "", w, w->required_when, w->required_maybe);
}

char *
qprint_required_words(const template_question *rows, size_t n, const int *numbers, size_t q, bool zh)
{
	return required_words(rows, n, numbers, q, zh ? &words_zh : &words_en);
}

/* The most a number answer may be by its constraint: the smallest upper bound (". <= 8", ". < 9",
 * "${x} <= 8" naming the question itself) among the terms joined by `and`; 0 when it has none or
 * is too involved to tell (an `or`). */
static long
constraint_max(const template_question *q)
{
	const char *s = q->constraint;
	long best = 0;

	if (str_is_blank(s) || strstr(s, " or ") || strstr(s, "or("))
		return 0;
	while (s) {
		char *name = NULL, *end;
		bool self, lt = false;
		skip_ws(&s);
		self = eat(&s, ".") || ((name = parse_ref(&s)) && !strcmp(name, q->name));
		free(name);
		if (self && (eat(&s, "<=") || (lt = eat(&s, "<")))) {
			long v = strtol(s, &end, 10) - lt;
			if (end > s && *end != '.' && v >= 1 && (!best || v < best))
				best = v;
		}
		/* on to the next term (one that is no upper bound is passed over) */
		if ((s = strstr(s, "and")))
			s += 3;
	}
	return best;
}

/* The blocks a repeat counted by question q gets: what the caller asked for, else as many as q's
 * constraint allows (at most QPRINT_MEMBERS_MAX), else *members as it is. */
static void
counted_members(const qpaper *p, const template_question *q, int *members)
{
	long max = p->members_given ? 0 : constraint_max(q);

	if (max >= 1)
		*members = max > QPRINT_MEMBERS_MAX ? QPRINT_MEMBERS_MAX : (int)max;
}

/* How many blocks the repeat g gets, in words for its heading: a count read from a question
 * (${x}) names that question and prints as many blocks as that question's constraint allows (at
 * most QPRINT_MEMBERS_MAX), else *members; a number prints that many (at most QPRINT_MEMBERS_MAX);
 * anything else says "as it applies". Members the caller asked for win over the constraint. Fresh. */
static char *
repeat_words(const qpaper *p, const template_question *g, int *members)
{
	const char *s = g->repeat_count;
	char *name, *end;
	long k;

	if (str_is_blank(s))
		return xasprintf(p->w->members_note, *members);
	if ((name = parse_ref(&s))) {
		size_t i = find_printed(p->rows, p->nrows, p->numbers, name);
		free(name);
		skip_ws(&s);
		if (!*s && i < p->nrows) {
			counted_members(p, &p->rows[i], members);
			return xasprintf(p->w->per_count, p->numbers[i]);
		}
		return xstrdup(p->w->per_maybe);
	}
	k = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end || k < 1)
		return xstrdup(p->w->per_maybe);
	*members = k > QPRINT_MEMBERS_MAX ? QPRINT_MEMBERS_MAX : (int)k;
	return xasprintf(p->w->members_note, *members);
}

char *
qprint_relevance_words(const template_question *rows, size_t n, const int *numbers, size_t q, bool zh)
{
	const qwords *w = zh ? &words_zh : &words_en;

	return relevance(rows, n, numbers, q, w, w->only_if);
}

/* ---- PDF ------------------------------------------------------------------------------------ */

#define FONT PRINTFORM_FONT_SERIF
enum { LEFT = 18, RIGHT = 192 };
#define TOP 18.0
#define BOTTOM 278.0
#define FOOT_Y 283.0
#define INDENT 7.0
#define BOX 3.4
#define GAP_AFTER 3.5

/* One face, as the feedback form: every embedded CJK face costs about 60 kB. */
static const pdf_style st_title = { FONT, 16, 11, false, PDF_ALIGN_CENTER, true, 0 };
static const pdf_style st_small = { FONT, 9, 0, false, PDF_ALIGN_LEFT, false, 0 };
static const pdf_style st_small_c = { FONT, 9, 0, false, PDF_ALIGN_CENTER, false, 0 };
static const pdf_style st_field = { FONT, 11, 0, false, PDF_ALIGN_LEFT, false, 0 };
static const pdf_style st_heading = { FONT, 13, 0, false, PDF_ALIGN_LEFT, false, 0 };
static const pdf_style st_member = { FONT, 11.5, 0, false, PDF_ALIGN_LEFT, false, 0 };
static const pdf_style st_question = { FONT, 11, 0, false, PDF_ALIGN_LEFT, false, 1 };
static const pdf_style st_choice = { FONT, 10.5, 0, false, PDF_ALIGN_LEFT, false, 0 };

/* Where the pen is; draw false: only measure. */
typedef struct pen {
	pdf_doc *d;
	bool draw;
	double y;
	int page, pages;
	const qpaper *p;
} pen;

/* Text at x,y wrapped to w: its height, drawn when the pen draws. */
static double
pen_text(pen *pn, double x, double y, double w, const char *text, const pdf_style *st)
{
	double h = pdf_text_height(pn->d, w, text, st);

	if (pn->draw)
		pdf_text_box(pn->d, x, y, w, h + 0.5, text, st, NULL);
	return h;
}

static void
pen_line(pen *pn, double x1, double y1, double x2, double y2, double wmm)
{
	if (pn->draw)
		pdf_line(pn->d, x1, y1, x2, y2, wmm);
}

static void
pen_page(pen *pn)
{
	pn->page++;
	pn->y = TOP;
	if (!pn->draw)
		return;
	pdf_page_new(pn->d);
	char *foot = xasprintf(pn->p->w->page, pn->page, pn->pages);
	pdf_text_box(pn->d, LEFT, FOOT_Y, RIGHT - LEFT, 6, foot, &st_small_c, NULL);
	free(foot);
	foot = xasprintf("%s %s", template_form_id(pn->p->t), template_version(pn->p->t));
	pdf_text_box(pn->d, LEFT, FOOT_Y, RIGHT - LEFT, 6, foot, &(pdf_style){ FONT, 8, 0, false, PDF_ALIGN_RIGHT, false, 0 }, NULL);
	free(foot);
}

/* The header of the first page: title, then the lines the surveyor fills. */
static void
pen_header(pen *pn)
{
	const qwords *w = pn->p->w;
	const char *lab[4] = { w->community, w->estate, w->date, w->surveyor };
	double half = (RIGHT - LEFT) / 2;

	pn->y += pen_text(pn, LEFT, pn->y, RIGHT - LEFT, template_title(pn->p->t, NULL), &st_title) + 2;
	pn->y += 4;
	for (int i = 0; i < 4; i++) {
		double x = LEFT + (i % 2) * half;

		pen_text(pn, x, pn->y, half - 4, lab[i], &st_field);
		/* the line to write on, from after the label to the column's end */
		pen_line(pn, x + w->label_mm, pn->y + 5.5, x + half - 4, pn->y + 5.5, 0.25);
		if (i % 2)
			pn->y += 10;
	}
	pen_text(pn, LEFT, pn->y, half - 4, w->respondent_no, &st_field);
	pen_line(pn, LEFT + w->no_mm, pn->y + 5.5, LEFT + half - 4, pn->y + 5.5, 0.25);
	pn->y += 10;
	pen_line(pn, LEFT, pn->y, RIGHT, pn->y, 0.5);
	pn->y += 4;
}

/* Columns for a question's choices: as many as the widest label allows, at most 4. */
static int
choice_columns(pen *pn, const template_question *q)
{
	double widest = 0;
	int cols;

	for (size_t c = 0; c < q->nchoices; c++) {
		/* a label's one-line width: its height at a huge width is one line, so measure by halving */
		double lo = 10, hi = RIGHT - LEFT - INDENT - BOX - 2, one = pdf_text_height(pn->d, 1000, q->choices[c].label, &st_choice);
		if (pdf_text_height(pn->d, hi, q->choices[c].label, &st_choice) > one * 1.5) {
			widest = hi;
			break;
		}
		while (hi - lo > 2) {
			double mid = (lo + hi) / 2;
			if (pdf_text_height(pn->d, mid, q->choices[c].label, &st_choice) > one * 1.5)
				lo = mid;
			else
				hi = mid;
		}
		if (hi > widest)
			widest = hi;
	}
	cols = (int)((RIGHT - LEFT - INDENT) / (widest + BOX + 6));
	return cols < 1 ? 1 : cols > 4 ? 4 : cols;
}

/* The boxes of a select, in columns, from y; returns the height. */
static double
pen_choices(pen *pn, const template_question *q, double y)
{
	int cols = choice_columns(pn, q);
	double cw = (RIGHT - LEFT - INDENT) / cols, y0 = y;

	for (size_t c = 0; c < q->nchoices; c += (size_t)cols) {
		double rowh = 0;
		for (int k = 0; k < cols && c + (size_t)k < q->nchoices; k++) {
			double x = LEFT + INDENT + k * cw;
			double h = pen_text(pn, x + BOX + 1.8, y, cw - BOX - 3, q->choices[c + (size_t)k].label, &st_choice);
			if (pn->draw)
				pdf_rect(pn->d, x, y + 0.9, BOX, BOX, 0.25);
			if (h > rowh)
				rowh = h;
		}
		y += rowh + 1.6;
	}
	return y - y0;
}

/* Where the answer goes: boxes, lines or a date to fill; returns the height. */
static double
pen_answer(pen *pn, const template_question *q, double y)
{
	const qwords *w = pn->p->w;
	double x = LEFT + INDENT;

	if (is_type(q, "select_one") || is_type(q, "select_multiple"))
		return pen_choices(pn, q, y);
	if (is_type(q, "acknowledge")) {
		if (pn->draw)
			pdf_rect(pn->d, x, y + 0.9, BOX, BOX, 0.25);
		return pen_text(pn, x + BOX + 1.8, y, 60, w->ack, &st_choice) + 1.6;
	}
	if (is_type(q, "date") || is_type(q, "time"))
		return pen_text(pn, x, y + 1, 120, is_type(q, "date") ? w->date_blank : w->time_blank, &st_choice) + 2;
	if (is_type(q, "dateTime")) {
		char *s = xasprintf("%s  %s", w->date_blank, w->time_blank);
		double h = pen_text(pn, x, y + 1, RIGHT - x, s, &st_choice) + 2;
		free(s);
		return h;
	}
	if (is_type(q, "text")) {
		pen_line(pn, x, y + 7, RIGHT, y + 7, 0.25);
		pen_line(pn, x, y + 15, RIGHT, y + 15, 0.25);
		return 17;
	}
	/* numbers and phone numbers: one short line */
	pen_line(pn, x, y + 7, x + 60, y + 7, 0.25);
	return 9;
}

/* One block from pn->y (not moving the pen); returns its height. */
static double
pen_block(pen *pn, const qblock *b)
{
	double y = pn->y;

	switch (b->kind) {
	case B_HEADING:
		y += 1.5;
		y += pen_text(pn, LEFT, y, RIGHT - LEFT, b->title, &st_heading) + 0.8;
		pen_line(pn, LEFT, y, RIGHT, y, 0.4);
		y += 1.2;
		if (b->cond)
			y += pen_text(pn, LEFT, y, RIGHT - LEFT, b->cond, &st_small) + 0.5;
		return y - pn->y + 1.5;
	case B_MEMBER:
		y += 1;
		y += pen_text(pn, LEFT + 2, y, RIGHT - LEFT - 2, b->title, &st_member) + 0.5;
		pen_line(pn, LEFT + 2, y, LEFT + 70, y, 0.25);
		return y - pn->y + 2;
	case B_NOTE:
		y += pen_text(pn, LEFT, y, RIGHT - LEFT, b->title, &st_choice);
		if (b->cond)
			y += pen_text(pn, LEFT + INDENT, y, RIGHT - LEFT - INDENT, b->cond, &st_small);
		return y - pn->y + GAP_AFTER;
	case B_QUESTION:
		y += pen_text(pn, LEFT, y, RIGHT - LEFT, b->title, &st_question) + 0.4;
		if (*b->q->hint)
			y += pen_text(pn, LEFT + INDENT, y, RIGHT - LEFT - INDENT, b->q->hint, &st_small) + 0.4;
		if (b->cond)
			y += pen_text(pn, LEFT + INDENT, y, RIGHT - LEFT - INDENT, b->cond, &st_small) + 0.6;
		y += 0.6;
		y += pen_answer(pn, b->q, y);
		return y - pn->y + GAP_AFTER;
	}
	return 0;
}

/* One copy: blocks never split; a heading keeps the block after it on its page. */
static void
pen_copy(pen *pn)
{
	const qpaper *p = pn->p;
	bool draw = pn->draw;

	pn->page = 0;
	pen_page(pn);
	pen_header(pn);
	for (size_t i = 0; i < p->nb; i++) {
		double h, next = 0;

		pn->draw = false;
		h = pen_block(pn, &p->b[i]);
		if (p->b[i].kind != B_QUESTION && p->b[i].kind != B_NOTE && i + 1 < p->nb)
			next = pen_block(pn, &p->b[i + 1]);
		pn->draw = draw;
		if (pn->y + h + next > BOTTOM && pn->y > TOP)
			pen_page(pn);
		pen_block(pn, &p->b[i]);
		pn->y += h;
	}
}

int
qprint_pdf(const template *t, const qprint_opts *o, const char *path, int *pages, char **err)
{
	qpaper p;
	pen pn = { 0 };
	pdf_doc *d = pdf_open(path, FONT, err);

	if (!d)
		return -1;
	paper_open(&p, t, o);
	pn.d = d;
	pn.p = &p;
	pen_copy(&pn);          /* measure: how many pages */
	pn.pages = pn.page;
	pn.draw = true;
	for (int c = 0; c < (o->copies < 1 ? 1 : o->copies); c++)
		pen_copy(&pn);
	if (pages)
		*pages = pn.pages;
	paper_close(&p);
	return pdf_close(d, err);
}

/* ---- plain text ----------------------------------------------------------------------------- */

/* text wrapped to cols, each line after indent spaces. */
static void
put_wrapped(FILE *f, int indent, int cols, const char *text, int align_centre)
{
	char **lines;
	int n = printform_wrap_cols(text, cols - indent, &lines);

	for (int i = 0; i < n; i++) {
		int pad = indent;
		if (align_centre)
			pad += (cols - indent - (int)utf8_width_cols(lines[i])) / 2;
		fprintf(f, "%*s%s\n", pad > 0 ? pad : 0, "", lines[i]);
	}
	printform_lines_free(lines, n);
}

static void
put_rule(FILE *f, int cols, const char *ch)
{
	for (int i = 0; i < cols; i++)
		fputs(ch, f);
	fputc('\n', f);
}

/* A label and a blank line to fill, width cols. */
static void
put_field(FILE *f, const char *label, int cols)
{
	int lw = (int)utf8_width_cols(label);

	fputs(label, f);
	for (int i = lw; i < cols; i++)
		fputc('_', f);
}

static void
text_choices(FILE *f, const template_question *q, int width)
{
	size_t widest = 0;
	int cols, colw;

	for (size_t c = 0; c < q->nchoices; c++)
		if (utf8_width_cols(q->choices[c].label) > widest)
			widest = utf8_width_cols(q->choices[c].label);
	colw = (int)widest + 4;
	cols = (width - 3) / colw;
	cols = cols < 1 ? 1 : cols > 4 ? 4 : cols;
	for (size_t c = 0; c < q->nchoices; c++) {
		bool last = (c + 1) % (size_t)cols == 0 || c + 1 == q->nchoices;
		if (c % (size_t)cols == 0)
			fputs("   ", f);
		if (cols == 1 || last) {
			/* a label too wide for the line wraps under itself */
			char **lines;
			int n = printform_wrap_cols(q->choices[c].label, width - 3 - 2 - (int)(c % (size_t)cols) * colw, &lines);
			fprintf(f, "☐ %s\n", lines[0]);
			for (int i = 1; i < n; i++)
				fprintf(f, "%*s%s\n", 3 + 2 + (int)(c % (size_t)cols) * colw, "", lines[i]);
			printform_lines_free(lines, n);
		} else {
			char *cell = utf8_pad_cols(q->choices[c].label, (size_t)colw - 2);
			fprintf(f, "☐ %s", cell);
			free(cell);
		}
	}
}

static void
text_answer(FILE *f, const qpaper *p, const template_question *q, int width)
{
	if (is_type(q, "select_one") || is_type(q, "select_multiple"))
		text_choices(f, q, width);
	else if (is_type(q, "acknowledge"))
		fprintf(f, "   ☐ %s\n", p->w->ack);
	else if (is_type(q, "date") || is_type(q, "time"))
		fprintf(f, "   %s\n", is_type(q, "date") ? p->w->date_blank : p->w->time_blank);
	else if (is_type(q, "dateTime"))
		fprintf(f, "   %s  %s\n", p->w->date_blank, p->w->time_blank);
	else if (is_type(q, "text")) {
		fputs("   ", f);
		put_rule(f, width - 3, "_");
		fputs("   ", f);
		put_rule(f, width - 3, "_");
	} else {
		fputs("   ", f);
		put_rule(f, 20, "_");
	}
}

static void
text_copy(FILE *f, const qpaper *p, int width)
{
	const qwords *w = p->w;
	int half = width / 2 - 1;

	put_wrapped(f, 0, width, template_title(p->t, NULL), 1);
	fputc('\n', f);
	put_field(f, w->community, half);
	fputs("  ", f);
	put_field(f, w->estate, half);
	fputc('\n', f);
	put_field(f, w->date, half);
	fputs("  ", f);
	put_field(f, w->surveyor, half);
	fputc('\n', f);
	put_field(f, w->respondent_no, half);
	fputc('\n', f);
	for (size_t i = 0; i < p->nb; i++) {
		const qblock *b = &p->b[i];
		fputc('\n', f);
		switch (b->kind) {
		case B_HEADING:
			put_wrapped(f, 0, width, b->title, 0);
			put_rule(f, width, "=");
			if (b->cond)
				put_wrapped(f, 0, width, b->cond, 0);
			break;
		case B_MEMBER:
			put_wrapped(f, 1, width, b->title, 0);
			fputs(" ", f);
			put_rule(f, 30, "-");
			break;
		case B_NOTE:
			put_wrapped(f, 0, width, b->title, 0);
			if (b->cond)
				put_wrapped(f, 3, width, b->cond, 0);
			break;
		case B_QUESTION:
			put_wrapped(f, 0, width, b->title, 0);
			if (*b->q->hint)
				put_wrapped(f, 3, width, b->q->hint, 0);
			if (b->cond)
				put_wrapped(f, 3, width, b->cond, 0);
			text_answer(f, p, b->q, width);
			break;
		}
	}
}

char *
qprint_text(const template *t, const qprint_opts *o, int width)
{
	qpaper p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (width < 40)
		width = 40;
	paper_open(&p, t, o);
	for (int c = 0; c < (o->copies < 1 ? 1 : o->copies); c++) {
		if (c)
			fputc('\f', f);
		text_copy(f, &p, width);
	}
	paper_close(&p);
	fclose(f);
	return buf;
}
