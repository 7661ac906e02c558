/* resultsview.c - the survey results screen's questions, circle specs and table arithmetic (see
 * resultsview.h). Nothing here draws: the screen (src/screens/results.c) only lays these out. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "resultsview.h"
#include "utf8.h"
#include "util.h"

/* The results type of a template question, or false when it takes no answer to count. */
static bool
qtype_of(const char *type, survey_qtype *t)
{
	if (strcmp(type, "select_one") == 0)
		*t = SURVEY_SELECT_ONE;
	else if (strcmp(type, "select_multiple") == 0)
		*t = SURVEY_SELECT_MULTIPLE;
	else if (strcmp(type, "integer") == 0)
		*t = SURVEY_INTEGER;
	else if (strcmp(type, "decimal") == 0)
		*t = SURVEY_DECIMAL;
	else if (strcmp(type, "date") == 0)
		*t = SURVEY_DATE;
	else if (strcmp(type, "text") == 0 || strcmp(type, "time") == 0 || strcmp(type, "dateTime") == 0 ||
	    strcmp(type, "phone") == 0)
		*t = SURVEY_TEXT;
	else
		return false;
	return true;
}

void
rv_questions_make(const template *t, const char *lang, rv_questions *out)
{
	memset(out, 0, sizeof *out);
	out->tq = template_questions(t, lang, &out->ntq);
	out->qs = xcalloc(out->ntq ? out->ntq : 1, sizeof *out->qs);
	out->labels = xcalloc(out->ntq ? out->ntq : 1, sizeof *out->labels);
	for (size_t i = 0; i < out->ntq; i++) {
		const template_question *tq = &out->tq[i];
		survey_question *q = &out->qs[out->n];
		survey_choice *ch;

		if (tq->repeat || !qtype_of(tq->type, &q->type))
			continue;
		q->name = tq->name;
		q->circle = tq->circle && *tq->circle ? tq->circle : NULL;
		ch = xcalloc(tq->nchoices ? tq->nchoices : 1, sizeof *ch);
		for (size_t k = 0; k < tq->nchoices; k++)
			ch[k] = (survey_choice){ tq->choices[k].name, tq->choices[k].label };
		q->choices = ch;
		q->n_choices = (int)tq->nchoices;
		out->labels[out->n] = tq->label && *tq->label ? tq->label : tq->name;
		out->n++;
	}
}

void
rv_questions_free(rv_questions *q)
{
	for (int i = 0; i < q->n; i++)
		free((void *)q->qs[i].choices);
	free(q->qs);
	free(q->labels);
	template_questions_free(q->tq, q->ntq);
	memset(q, 0, sizeof *q);
}

bool
rv_is_select(const survey_question *q)
{
	return q->type == SURVEY_SELECT_ONE || q->type == SURVEY_SELECT_MULTIPLE;
}

bool
rv_circle_spec(const rv_questions *q, const char *code, results_circle_spec *spec, char **satisfied_heap)
{
	char *want = xasprintf("%s_sat", code);
	const survey_question *sat = NULL;
	bool any = false;

	memset(spec, 0, sizeof *spec);
	spec->circle = code;
	*satisfied_heap = NULL;
	for (int i = 0; i < q->n; i++) {
		const survey_question *s = &q->qs[i];

		if (!s->circle || strcmp(s->circle, code) != 0)
			continue;
		any = true;
		if (s->type == SURVEY_SELECT_ONE && (!sat || (strcmp(sat->name, want) != 0 && strcmp(s->name, want) == 0)))
			sat = s;
	}
	free(want);
	if (sat) {
		spec->satisfaction = sat->name;
		*satisfied_heap = sat->n_choices >= 2 ? xasprintf("%s %s", sat->choices[0].name, sat->choices[1].name)
		    : xstrdup(sat->n_choices == 1 ? sat->choices[0].name : "");
		spec->satisfied = *satisfied_heap;
	}
	return any;
}

bool
rv_need_is_none(const results_need *nd)
{
	return nd->name && strcmp(nd->name, "none") == 0;
}

char *
rv_cell_text(long long count, long long row_total)
{
	long long t;

	if (row_total <= 0)
		return xasprintf("%lld", count);
	/* tenths of a percent, rounded half up, in integers so 2 of 3 is 66.7 on every machine */
	t = (count * 2000 + row_total) / (row_total * 2);
	return xasprintf("%lld (%lld.%lld%%)", count, t / 10, t % 10);
}

void
rv_crosstab_widths(const results_crosstab *x, int max_cols, int *w)
{
	for (int c = 0; c < x->n_cols; c++) {
		int cw = (int)utf8_width_cols(x->cols[c].label ? x->cols[c].label : x->cols[c].name);

		for (int r = 0; r < x->n_rows; r++) {
			char *t = rv_cell_text(x->cells[r * x->n_cols + c], x->rows[r].count);
			int tw = (int)utf8_width_cols(t);

			if (tw > cw)
				cw = tw;
			free(t);
		}
		if (cw > max_cols)
			cw = max_cols;
		w[c] = cw < 4 ? 4 : cw;
	}
}

int
rv_cols_fit(const int *w, int n, int first, int room)
{
	int k = 0, used = 0;

	for (int c = first; c < n; c++) {
		if (used + w[c] + 1 > room)
			break;
		used += w[c] + 1;
		k++;
	}
	return k == 0 && first < n ? 1 : k;
}

int
rv_scroll_first(const int *w, int n, int first, int sel, int room)
{
	if (n <= 0)
		return 0;
	if (sel < 0)
		sel = 0;
	if (sel >= n)
		sel = n - 1;
	if (first > sel)
		first = sel;
	/* move right until sel is among the columns that fit */
	while (first < sel && first + rv_cols_fit(w, n, first, room) <= sel)
		first++;
	return first;
}

int
rv_progress_tenths(long long done, long long total)
{
	if (total <= 0 || done <= 0)
		return 0;
	if (done >= total)
		return 1000;
	return (int)(done * 1000 / total);
}

char *
rv_progress_bar(int tenths, int width)
{
	int inner = width > 2 ? width - 2 : 0, fill;
	char *s = xcalloc((size_t)inner + 3, 1);

	if (tenths < 0)
		tenths = 0;
	if (tenths > 1000)
		tenths = 1000;
	fill = (int)((long long)tenths * inner / 1000);
	s[0] = '[';
	for (int i = 0; i < inner; i++)
		s[1 + i] = i < fill ? '#' : '.';
	s[1 + inner] = ']';
	return s;
}

char *
rv_export_path(const char *dir, const char *form_id, const char *stamp, const char *ext)
{
	char *safe = util_safe_name(form_id, "survey"), *out;

	out = xasprintf("%s/%s-%s.%s", dir, safe, stamp, ext);
	free(safe);
	return out;
}
