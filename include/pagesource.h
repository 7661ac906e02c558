/* pagesource.h - rows of any query, a page at a time, by keyset pagination (no OFFSET): the data side of every list view. No curses here. */
#ifndef LC_PAGESOURCE_H
#define LC_PAGESOURCE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdbool.h>

/* One row of a page: its key (to fetch the neighbours) and its cells as UTF-8. */
typedef struct page_row {
	char *sort_value;   /* value of the current sort column (keyset part 1) */
	char *id;           /* unique row key (keyset part 2, tie-breaker) */
	char **cells;       /* ncols cells */
} page_row;

/* A page of rows, in display order. */
typedef struct page {
	page_row *rows;
	size_t n;
	size_t ncols;
} page;

/* A column a list can show and sort by. expr is SQL text written by the program (never by the user). */
typedef struct page_column {
	const char *expr;      /* SQL expression, e.g. "name" or "printf('%02d', no)" */
	bool numeric;          /* sort numerically */
} page_column;

/* Where rows come from: a table or view, its key, columns, a fixed filter, the searchable text. All SQL text is the program's own. */
typedef struct page_query {
	const char *from;          /* table or view (or subquery in parentheses) */
	const char *id_expr;       /* unique key expression, e.g. "id" */
	const char *where;         /* fixed condition or NULL, e.g. "deleted = 0" */
	const char *search_expr;   /* text the search box matches (LIKE, case-insensitive ASCII), or NULL */
	const page_column *cols;
	size_t ncols;
} page_query;

/* The data side of a list view: a struct of callbacks so any source (SQL or not) can serve a list. */
typedef struct page_source page_source;
struct page_source {
	/* For after and before: out must be zeroed or hold an earlier page, whose rows are freed only once the
	 * new ones are read (so the key may point into it); on error (-1) out is left as it was. */
	/* Rows after the key (sort_value, id) in the current order; key NULL means from the first. Fills out; 0 on success. */
	int (*after)(page_source *ps, const char *sort_value, const char *id, size_t limit, page *out);
	/* Rows before the key, returned in display order (the last row is just before the key); key NULL means the last rows. */
	int (*before)(page_source *ps, const char *sort_value, const char *id, size_t limit, page *out);
	/* Set the search text (NULL or "" for none). */
	void (*set_filter)(page_source *ps, const char *filter);
	/* Sort by column col, ascending or descending. */
	void (*set_sort)(page_source *ps, size_t col, bool descending);
	/* Number of rows matching the current filter (may be slow on huge tables; lists show it when asked). */
	long long (*count)(page_source *ps);
	/* Release the source. */
	void (*free)(page_source *ps);
	void *impl;
};

/* A source over SQLite for q (which must outlive it). */
page_source *pagesource_sql_new(sqlite3 *db, const page_query *q);
/* Free the rows of p and reset it to empty. */
void page_clear(page *p);

#endif
