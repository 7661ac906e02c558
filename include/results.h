/* results.h - survey results from the local derived answer table (see migration_survey): per
 * question counts and percentages of each choice or mean/min/max of numbers, cross-tabs of two
 * questions, and the needs ranking per circle. Only live, complete responses count. The base of
 * every percentage is n, the respondents who were SHOWN the question (shown and left blank count in
 * n, hidden ones do not). Filters by template (and version), community, estate and date range. */
#ifndef LC_RESULTS_H
#define LC_RESULTS_H

#include <sqlite3.h>
#include "survey.h"

typedef struct results_filter {
	const char *template_id;	/* required */
	const char *version;		/* NULL: every version of the template */
	const char *community;		/* community id, or NULL */
	const char *estate;		/* estate as stored, or NULL */
	const char *date_from;		/* surveyed_on >= (YYYY-MM-DD), or NULL */
	const char *date_to;		/* surveyed_on <= (YYYY-MM-DD), or NULL */
} results_filter;

typedef struct results_count {
	char *name;		/* choice name */
	char *label;		/* its label, or the name when the question does not list it */
	long long count;
	double percent;		/* count / n * 100 (0 when n is 0) */
} results_count;

typedef struct results_question {
	long long n;		/* respondents shown the question */
	long long blank;	/* ... who left it blank */
	results_count *choices;	/* select types: the question's choices in order, then values not listed */
	int n_choices;
	long long n_numbers;	/* integer/decimal: the answers that are numbers */
	double mean, min, max;	/* of those (0 when none) */
} results_question;

typedef struct results_crosstab {
	long long n;		/* respondents shown both questions */
	int n_rows, n_cols;
	results_count *rows;	/* the row question's choices (count: respondents naming it, of n) */
	results_count *cols;
	long long *cells;	/* n_rows * n_cols: respondents naming row r and column c, at [r * n_cols + c] */
} results_crosstab;

/* What the caller says about one circle for the needs ranking. */
typedef struct results_circle_spec {
	const char *circle;		/* circle code */
	const char *satisfaction;	/* name of its satisfaction select_one, or NULL */
	const char *satisfied;		/* its choices that count as satisfied, separated by spaces */
} results_circle_spec;

typedef struct results_need {
	char *question;		/* the select_multiple it was named in */
	char *name, *label;
	long long count;	/* respondents naming it */
	long long n;		/* respondents shown that question */
	double percent;		/* count / n * 100 */
} results_need;

typedef struct results_circle {
	char *circle;
	results_need *needs;	/* most named first (ties: question order, then choice order) */
	int n_needs;
	long long sat_n;	/* respondents shown the satisfaction question */
	long long sat_answered;	/* ... who answered it */
	long long satisfied;	/* ... with a satisfied choice */
	double satisfied_percent;	/* satisfied / sat_answered * 100 (0 when none answered) */
	results_question satisfaction;	/* the satisfaction question's whole distribution */
} results_circle;

/* Results of question q under filter f into *out (free with results_question_free). 0, else -1 with *err (heap). */
int results_question_get(sqlite3 *db, const results_filter *f, const survey_question *q, results_question *out,
    char **err);
void results_question_free(results_question *r);
/* Cross-tab of two select questions (rows by cols) under f: base n = shown both. 0, else -1 with *err. */
int results_crosstab_get(sqlite3 *db, const results_filter *f, const survey_question *row,
    const survey_question *col, results_crosstab *out, char **err);
void results_crosstab_free(results_crosstab *x);
/* The needs ranking: for each of specs[0..nspecs), the choices of every select_multiple in qs whose circle is that circle, most named first, and the circle's satisfaction. *out gets nspecs entries (free with results_needs_free). 0, else -1 with *err. */
int results_needs_get(sqlite3 *db, const results_filter *f, const survey_question *qs, int nq,
    const results_circle_spec *specs, int nspecs, results_circle **out, char **err);
void results_needs_free(results_circle *c, int n);

#endif
