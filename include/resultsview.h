/* resultsview.h - what the survey results screen needs beyond results.h, without curses: a stored
 * template's questions as results.h's survey_question list (with their labels), the needs-ranking
 * spec of each circle read from the template (its `circle` column and the shipped naming), and the
 * arithmetic of the cross-tab table (column widths in display columns, which columns fit, scrolling
 * to keep the selected cell in view) and of the export progress bar. */
#ifndef LC_RESULTSVIEW_H
#define LC_RESULTSVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include "results.h"
#include "survey.h"
#include "template.h"

/* A template's questions that have answers to count. */
typedef struct rv_questions {
	template_question *tq;		/* template_questions' array (owned) */
	size_t ntq;
	survey_question *qs;		/* the answerable ones, in template order (owned; strings belong to the template) */
	const char **labels;		/* qs[i]'s label in the language asked for (never NULL) */
	int n;
} rv_questions;

/* The answerable questions of t with labels in lang: select_one, select_multiple, integer, decimal,
 * and text, date, time, dateTime as text; notes, calculations, acknowledgements and questions inside
 * a repeating group (one answer per member, not per respondent) are left out. t must outlive out. */
void rv_questions_make(const template *t, const char *lang, rv_questions *out);
void rv_questions_free(rv_questions *q);
/* True for the select types (the ones a cross-tab can use). */
bool rv_is_select(const survey_question *q);

/* The needs-ranking spec of circle code among q: its satisfaction question is the select_one of that
 * circle called CODE_sat (the shipped template's naming), else its first select_one; the choices
 * that count as satisfied are the first two of that question's list (the list runs from most to
 * least satisfied: 非常满意, 满意, ...). Strings belong to q. False when the circle has no question
 * at all (then *spec names no satisfaction question). */
bool rv_circle_spec(const rv_questions *q, const char *code, results_circle_spec *spec, char **satisfied_heap);

/* True for a choice that says nothing is missing ("none": 都不缺), which the ranking leaves out. */
bool rv_need_is_none(const results_need *nd);

/* ---- the cross-tab table's layout ------------------------------------------------------------- */

/* Columns of a cell showing count and row percentage ("12 (33.3%)"): fresh text. row_total <= 0 shows the count alone. */
char *rv_cell_text(long long count, long long row_total);
/* Width of each column of the cross-tab: its heading (label) or its widest cell, whichever is wider,
 * at most max_cols and at least 4; in display columns (CJK two each). w gets x->n_cols entries. */
void rv_crosstab_widths(const results_crosstab *x, int max_cols, int *w);
/* How many columns from first fit in room columns, each taking w[i] + 1 (a space before it); at
 * least 1 when first < n, so a too-narrow screen still shows one. */
int rv_cols_fit(const int *w, int n, int first, int room);
/* The first column to show so that column sel is in view, moving first as little as possible. */
int rv_scroll_first(const int *w, int n, int first, int sel, int room);

/* Tenths of a percent of done out of total, 0..1000 (total <= 0: 0). */
int rv_progress_tenths(long long done, long long total);
/* A progress bar of width columns (at least 2, the brackets): "[####....]" filled to tenths/1000; fresh. */
char *rv_progress_bar(int tenths, int width);

/* A file name for an export: DIR/FORM-YYYYMMDD-HHMMSS.EXT, the form id made safe (letters, digits,
 * - and _ kept, anything else _); fresh. stamp is "YYYYMMDD-HHMMSS". */
char *rv_export_path(const char *dir, const char *form_id, const char *stamp, const char *ext);

#endif
