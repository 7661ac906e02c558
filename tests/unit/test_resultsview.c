/* test_resultsview.c - the survey results screen's core: the shipped template's questions as the
 * results list (notes and repeats left out, labels in the language asked), each circle's
 * satisfaction question and satisfied choices found from the template, the cross-tab's column
 * widths in display columns (CJK two each, never bytes), which columns fit and how the view scrolls
 * to keep the selected one, the cell text's rounding, the progress bar and the export file name. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "testutil.h"
#include "resultsview.h"
#include "utf8.h"
#include "util.h"

static void
test_questions(sqlite3 *db)
{
	char *err = NULL, *dir = xasprintf("%s/templates", refdata_dir()), *satisfied = NULL;
	template *t;
	rv_questions q;
	results_circle_spec spec;
	const survey_question *age;
	int ages = -1;

	template_load_dir(db, dir, &err);
	free(dir);
	free(err);
	err = NULL;
	t = template_load(db, "lifecircle_needs", NULL, &err);
	ok(t != NULL, "the shipped template loads (%s)", err ? err : "");
	free(err);
	if (!t)
		return;
	rv_questions_make(t, "zh", &q);
	ok(q.n > 20, "the shipped template has its questions (%d)", q.n);
	age = survey_question_find(q.qs, q.n, "age_group");
	ok(age && age->type == SURVEY_SELECT_ONE && age->n_choices > 2, "age_group is a select_one with its choices");
	for (int i = 0; i < q.n; i++)
		if (strcmp(q.qs[i].name, "age_group") == 0)
			ages = i;
	is_str(ages >= 0 ? q.labels[ages] : "", "您的年龄段", "its label in Chinese");
	ok(survey_question_find(q.qs, q.n, "household_size")->type == SURVEY_INTEGER, "household_size is a number");
	ok(survey_question_find(q.qs, q.n, "suggestions")->type == SURVEY_TEXT, "suggestions is text");
	is_str(survey_question_find(q.qs, q.n, "eldercare_missing")->circle, "eldercare", "a question keeps its circle");
	ok(survey_question_find(q.qs, q.n, "age_group")->circle == NULL, "a household question has no circle");
	ok(rv_is_select(age) && !rv_is_select(survey_question_find(q.qs, q.n, "household_size")), "rv_is_select");

	ok(rv_circle_spec(&q, "eldercare", &spec, &satisfied), "the elderly-care circle has questions");
	is_str(spec.satisfaction, "eldercare_sat", "its satisfaction question is eldercare_sat");
	is_str(spec.satisfied, "1 2", "非常满意 and 满意 count as satisfied");
	free(satisfied);
	ok(!rv_circle_spec(&q, "nosuch", &spec, &satisfied) && spec.satisfaction == NULL && satisfied == NULL,
	    "a circle without questions has no spec");
	rv_questions_free(&q);

	rv_questions_make(t, "en", &q);
	for (int i = 0; i < q.n; i++)
		if (strcmp(q.qs[i].name, "age_group") == 0)
			is_str(q.labels[i], "Your age group", "the label in English when asked");
	rv_questions_free(&q);
	template_free(t);
}

static void
test_cells(void)
{
	is_str_free(rv_cell_text(2, 3), "2 (66.7%)", "2 of 3 rounds to 66.7%%");
	is_str_free(rv_cell_text(1, 8), "1 (12.5%)", "1 of 8 is 12.5%%");
	is_str_free(rv_cell_text(1, 16), "1 (6.3%)", "1 of 16 (6.25) rounds half up to 6.3%%");
	is_str_free(rv_cell_text(0, 0), "0", "no base: the count alone");
	is_str_free(rv_cell_text(5, 5), "5 (100.0%)", "all of them");
}

static void
test_widths(void)
{
	results_count rows[2] = { { "a", "甲", 3, 0 }, { "b", "乙", 1, 0 } };
	results_count cols[3] = { { "x", "六十岁及以上", 0, 0 }, { "y", "y", 0, 0 }, { "z", "一个很长很长很长的标签", 0, 0 } };
	long long cells[6] = { 2, 1, 0, 1, 0, 0 };
	results_crosstab x = { 4, 2, 3, rows, cols, cells };
	int w[3];

	rv_crosstab_widths(&x, 12, w);
	is_int(w[0], 12, "六十岁及以上: 6 CJK characters are 12 columns (18 bytes)");
	is_int(w[1], 9, "a short heading takes its widest cell: \"1 (33.3%%)\" is 9");
	is_int(w[2], 12, "a long heading is capped at 12 columns");
}

static void
test_fit_and_scroll(void)
{
	int w[5] = { 10, 10, 10, 10, 10 };

	is_int(rv_cols_fit(w, 5, 0, 33), 3, "3 columns of 10 (+1 space each) fit in 33");
	is_int(rv_cols_fit(w, 5, 0, 32), 2, "but not in 32");
	is_int(rv_cols_fit(w, 5, 3, 100), 2, "from column 3 only 2 are left");
	is_int(rv_cols_fit(w, 5, 0, 5), 1, "a too-narrow room still shows one column");
	is_int(rv_cols_fit(w, 5, 5, 100), 0, "past the end: none");
	is_int(rv_scroll_first(w, 5, 0, 2, 33), 0, "column 2 is in view from 0");
	is_int(rv_scroll_first(w, 5, 0, 3, 33), 1, "column 3 scrolls the view by one");
	is_int(rv_scroll_first(w, 5, 0, 4, 33), 2, "the last column: view from 2");
	is_int(rv_scroll_first(w, 5, 3, 1, 33), 1, "moving left before the view scrolls back to it");
	is_int(rv_scroll_first(w, 5, 2, 3, 33), 2, "a column in view moves nothing");
	is_int(rv_scroll_first(w, 5, 0, 9, 33), 2, "a selection past the end is taken as the last");
	is_int(rv_scroll_first(w, 0, 3, 0, 33), 0, "no columns: 0");
}

static void
test_progress(void)
{
	is_int(rv_progress_tenths(0, 100), 0, "nothing done");
	is_int(rv_progress_tenths(1, 3), 333, "1 of 3");
	is_int(rv_progress_tenths(500000, 1000000), 500, "half of a million");
	is_int(rv_progress_tenths(7, 5), 1000, "more than the estimate: full");
	is_int(rv_progress_tenths(5, 0), 0, "no total: 0");
	is_str_free(rv_progress_bar(500, 12), "[#####.....]", "half of 10 inner columns");
	is_str_free(rv_progress_bar(1000, 6), "[####]", "full");
	is_str_free(rv_progress_bar(-5, 4), "[..]", "below 0 shows empty");
	is_str_free(rv_progress_bar(300, 1), "[]", "no room inside: the brackets only");
}

static void
test_path(void)
{
	is_str_free(rv_export_path("/tmp/x", "lifecircle_needs", "20260105-101112", "csv"),
	    "/tmp/x/lifecircle_needs-20260105-101112.csv", "dir, form id, stamp, extension");
	is_str_free(rv_export_path("/d", "../需求 a/b", "s", "xlsx"), "/d/__________a_b-s.xlsx", "a form id cannot make a path: every other byte becomes _");
}

int
main(void)
{
	sqlite3 *db;

	setlocale(LC_ALL, "C.UTF-8");
	test_cells();
	test_widths();
	test_fit_and_scroll();
	test_progress();
	test_path();
	db = test_fresh_db(-1, true);
	ok(db != NULL, "a fresh database");
	if (db) {
		test_questions(db);
		sqlite3_close(db);
	}
	return tap_done();
}
