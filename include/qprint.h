/* qprint.h - the blank paper questionnaire of a template, for door-to-door visits where no computer
 * goes: community, estate, date and surveyor lines, the questions numbered in order under their
 * group headings, a box per choice, lines to write on, the skip logic in words, repeat groups with
 * room for several members, page numbers. PDF through pdf.h (the feedback form's page builder) and
 * the same as plain text. The paper's fixed words follow the language of its labels (Chinese or
 * English). No curses. */
#ifndef LC_QPRINT_H
#define LC_QPRINT_H

#include <stddef.h>
#include "template.h"

/* Members printed for a repeat group (a household's members) unless told otherwise. */
#define QPRINT_MEMBERS_DEFAULT 3
/* The most members a repeat group may be printed with. */
#define QPRINT_MEMBERS_MAX 20

typedef struct qprint_opts {
	const char *lang;   /* the template language (a code, name or locale; NULL: the template's default) */
	int copies;         /* < 1 counts as 1; each copy starts on a new page with its own page numbers */
	int members;        /* instances of each repeat group (< 1: QPRINT_MEMBERS_DEFAULT) */
} qprint_opts;

/* Write the questionnaire as an A4 PDF at path: questions never split over pages, page numbers as
 * "第 1 页 共 N 页" (or "Page 1 of N"). *pages (may be NULL) gets the pages of one copy. 0, or -1
 * with *err (heap, translated): no CJK font (names the package) or the file cannot be written. */
int qprint_pdf(const template *t, const qprint_opts *o, const char *path, int *pages, char **err);
/* The questionnaire as plain UTF-8 text width_cols wide (at least 40; CJK counted as two columns),
 * copies separated by a form feed. Fresh string. */
char *qprint_text(const template *t, const qprint_opts *o, int width_cols);
/* The skip logic of question index q of outline (template_outline, n rows, numbers[] the printed
 * number of each row or 0) in words: "仅当第5题选“是”时回答" / "Answer only if Q5 is “Yes”" for
 * ${x} = 'v', selected(${x}, 'v'), comparisons with a value (!=, >, >=, <, <=: "第3题大于1") and
 * these joined by `and`; any other expression gives the neutral "（如适用）" / "(if it applies)";
 * NULL when the row has no relevance. zh: Chinese words. Fresh. */
char *qprint_relevance_words(const template_question *outline, size_t n, const int *numbers, size_t q, bool zh);
/* A required written as an expression (template_question.required_if) of row q in words, as
 * qprint_relevance_words: "当第3题大于1时必答" / "Required when Q3 is more than 1"; "（视情况必答）" /
 * "(required in some cases)" when not simple; NULL when there is none. Fresh. */
char *qprint_required_words(const template_question *outline, size_t n, const int *numbers, size_t q, bool zh);

#endif
