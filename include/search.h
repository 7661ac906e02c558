/* search.h - word search over big tables with SQLite's built-in FTS5 (unicode61), Chinese included.
 * unicode61 keeps a run of Chinese characters as one token, so the program stores a search text with
 * each CJK character split off as its own token; a query term becomes a phrase of those tokens
 * ("超市" -> "超 市"), an ASCII term a prefix query. No curses, no custom SQL function or tokenizer:
 * the plain sqlite3 tool and Python's sqlite3 can still write every table. */
#ifndef LC_SEARCH_H
#define LC_SEARCH_H

#include <sqlite3.h>
#include <stdbool.h>

/* A searchable table: its FTS5 side table and the SQL expression (over the table's columns) of the
 * text to index. All program text, never user text. */
typedef struct search_table {
	const char *table;   /* e.g. "survey_response" */
	const char *fts;     /* e.g. "survey_response_fts" */
	const char *text;    /* SQL expression giving the row's searchable text */
} search_table;

/* True for a character the search splits off as a token of its own (Han, kana, hangul, bopomofo). */
bool search_is_cjk(unsigned int cp);
/* Fresh copy of UTF-8 text with a space before and after every CJK character (other text unchanged): what the FTS table stores. NULL gives "". */
char *search_split_text(const char *text);
/* Fresh FTS5 MATCH expression for what the user typed: every whitespace-separated term becomes a quoted phrase of its tokens, with a prefix * when it ends in a letter or digit that is not CJK; terms are ANDed. Quotes, NEAR, AND, *, parentheses are only text. NULL when nothing searchable was typed. */
char *search_fts_query(const char *user);
/* The registered searchable table named table, or NULL. */
const search_table *search_table_find(const char *table);
/* Bring table's FTS index up to date: (re)index the rows that triggers marked in search_dirty (rows
 * written by this program or any other tool). Runs in a savepoint; 0 on success (also when nothing was
 * to do), -1 on error (the index is then as it was). */
int search_reindex(sqlite3 *db, const char *table);
/* Mark every row of table for indexing and index them (rebuilds the whole index); 0 on success. */
int search_rebuild(sqlite3 *db, const char *table);

#endif
