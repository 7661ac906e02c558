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
	bool sortable;         /* the list may sort by it: only columns with an index on (expr, id), or tiny tables */
} page_column;

/* A named filter a list may switch on with a value: sql is the program's condition and takes the value
 * only as the bound parameter :name (e.g. name "status", sql "status = :status"). */
typedef struct page_cond {
	const char *name;
	const char *sql;
} page_cond;

/* How a search served by an FTS table finds its first page. */
typedef enum page_strategy {
	PAGE_SEARCH_AUTO,     /* per search: sort the matches when there are few, else walk the sort index */
	PAGE_SEARCH_MATCHES,  /* read the FTS match set, sort it */
	PAGE_SEARCH_WALK,     /* walk the sort index, keep rows the FTS index matches (EXISTS per row) */
	PAGE_SEARCH_WALK_SET  /* walk the sort index, keep rows in the match set read once (rowid IN (...)) */
} page_strategy;

/* Where rows come from: a table or view, its key, columns, a fixed filter, the searchable text. All SQL text is the program's own. */
typedef struct page_query {
	const char *from;          /* table or view (or subquery in parentheses) */
	const char *id_expr;       /* unique key expression, e.g. "id" */
	const char *where;         /* fixed condition or NULL, e.g. "deleted = 0" */
	const char *search_expr;   /* text the search box matches (LIKE, case-insensitive ASCII), or NULL */
	const char *fts;           /* FTS5 table (see search.h) serving the search instead of LIKE, or NULL; from must then be that table's plain table name */
	const char *deleted_col;   /* tombstone column, e.g. "deleted": live rows only unless deleted ones are asked for; NULL if none */
	const page_column *cols;
	size_t ncols;
	const page_cond *conds;    /* named filters, off until given a value */
	size_t nconds;
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
	/* Sort by column col, ascending or descending; a column that is not sortable is ignored. */
	void (*set_sort)(page_source *ps, size_t col, bool descending);
	/* True when the list may sort by column col. */
	bool (*sortable)(page_source *ps, size_t col);
	/* Switch the named filter on with value (bound, never SQL text), or off with NULL; 0 on success, -1 for an unknown name. */
	int (*set_condition)(page_source *ps, const char *name, const char *value);
	/* Show the deleted rows instead of the live ones (no effect without a tombstone column); false if the source has none. */
	bool (*set_show_deleted)(page_source *ps, bool show);
	/* The message of the last failed call (after, before, count, set_filter), or NULL when the last one succeeded. */
	const char *(*error)(page_source *ps);
	/* Number of rows matching the current filter (may be slow on huge tables; lists show it when asked). */
	long long (*count)(page_source *ps);
	/* The sort value of the row with id under the current sort, whatever the filters (fresh in *sort_value), to show that row: 0, 1 when there is no such row, -1 on error. May be NULL. */
	int (*key_of)(page_source *ps, const char *id, char **sort_value);
	/* Release the source. */
	void (*free)(page_source *ps);
	void *impl;
};

/* A source over SQLite for q (which must outlive it). */
page_source *pagesource_sql_new(sqlite3 *db, const page_query *q);
/* Choose how an FTS search finds its rows (for the bench and tests; lists use PAGE_SEARCH_AUTO). */
void pagesource_sql_set_strategy(page_source *ps, page_strategy strategy);
/* The strategy the current search uses (PAGE_SEARCH_AUTO when not searching through FTS). */
page_strategy pagesource_sql_strategy(page_source *ps);
/* Read the page around the row with key (sort_value, id): up to above rows before it, then it (or, if it is gone, its successor) and the rows after, limit rows in all. Replaces out only on success (the key may point into it); *sel gets the index of the row in out. 0 on success, -1 on error. */
int page_around(page_source *ps, const char *sort_value, const char *id, size_t above, size_t limit, page *out,
    size_t *sel);
/* Free the rows of p and reset it to empty. */
void page_clear(page *p);

#endif
