/* search.c - the search text and FTS5 queries behind list search at a million rows.
 *
 * How the index is kept (one scheme for every searchable table):
 *  - <table>_fts is an FTS5 table (tokenizer unicode61) whose rowid is the record's rowid and whose one
 *    column holds search_split_text() of the record's text (search_table.text).
 *  - Triggers written in built-in SQL (migration_lists) only mark rows: an insert, or an update of a
 *    text column, puts (table, rowid) into search_dirty and drops the stale FTS row; a delete drops
 *    both. Splitting Chinese needs code SQL does not have, and a custom function in a trigger would
 *    make the file unwritable for the sqlite3 tool and Python; so no trigger computes text.
 *  - The program indexes marked rows with search_reindex(), which the page source calls before every
 *    search it serves from an index. A row written by another tool has no search text until then:
 *    it is indexed before the next search (re-indexed on use, not missed). On a file opened read-only
 *    the re-index cannot write: the search then runs over the index as it is, and rows not yet
 *    indexed are found once the file is opened writable again.
 *  - VACUUM keeps rowids in practice but SQLite does not promise it for tables without an INTEGER
 *    PRIMARY KEY; search_rebuild() remakes an index from scratch after such a change.
 * Query terms become quoted phrases, so nothing the user types is FTS syntax. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "search.h"
#include "utf8.h"
#include "util.h"

/* Rows indexed in one go after which the index is merged (see search_reindex). */
#define OPTIMIZE_AFTER 20000

static const search_table tables[] = {
	{ "survey_response", "survey_response_fts",
	  "community || ' ' || estate || ' ' || coalesce((SELECT group_concat(value, ' ') FROM json_each("
	  "CASE WHEN json_valid(answers) THEN answers ELSE '{}' END)), '')" },
	{ "facility", "facility_fts",
	  "name || ' ' || address || ' ' || business_type || ' ' || run_by || ' ' || community" },
	{ "proposal", "proposal_fts",
	  "number || ' ' || title || ' ' || proposer || ' ' || handling_unit" },
};

bool
search_is_cjk(unsigned int cp)
{
	return (cp >= 0x2E80 && cp <= 0x2FDF)      /* radicals */
	    || (cp >= 0x3040 && cp <= 0x312F)      /* kana, bopomofo */
	    || (cp >= 0x3400 && cp <= 0x4DBF)      /* extension A */
	    || (cp >= 0x4E00 && cp <= 0x9FFF)      /* unified ideographs */
	    || (cp >= 0xAC00 && cp <= 0xD7AF)      /* hangul */
	    || (cp >= 0xF900 && cp <= 0xFAFF)      /* compatibility ideographs */
	    || (cp >= 0x20000 && cp <= 0x3134F);   /* extensions B-G */
}

/* Letters and digits as unicode61 sees them, near enough: ASCII alphanumerics and every non-ASCII
 * character outside the common punctuation and symbol blocks. Used only to decide whether a term has
 * anything to search for and whether it ends in a word (prefix search). */
static bool
is_word_char(unsigned int cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
	return !(cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F)
	    || (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20)
	    || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == UTF8_REPLACEMENT);
}

/* Append the n bytes at s to buf (grown as needed). */
static void
put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*buf = xrealloc(*buf, *cap);
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

char *
search_split_text(const char *text)
{
	size_t n = text ? strlen(text) : 0, len = 0, cap = n + 1;
	char *out = xmalloc(cap);
	bool spaced = true;   /* the output ends in a space (or is empty) */

	out[0] = '\0';
	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t k = utf8_decode_char(text + i, n - i, &wc);
		bool cjk = search_is_cjk((unsigned int)wc);

		if (cjk && !spaced)
			put(&out, &len, &cap, " ", 1);
		put(&out, &len, &cap, text + i, k);
		spaced = text[i] == ' ';
		if (cjk) {
			put(&out, &len, &cap, " ", 1);
			spaced = true;
		}
		i += k;
	}
	if (len && out[len - 1] == ' ')
		out[--len] = '\0';
	return out;
}

/* Append one term (n bytes at s) as a quoted phrase of its split tokens; false if it has no word. */
static bool
add_term(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	char *term = xstrndup(s, n), *split;
	bool any = false, prefix = false;

	for (size_t i = 0; i < n;) {
		wchar_t wc;
		i += utf8_decode_char(s + i, n - i, &wc);
		if (is_word_char((unsigned int)wc)) {
			any = true;
			prefix = !search_is_cjk((unsigned int)wc);
		} else {
			prefix = false;
		}
	}
	if (any) {
		split = search_split_text(term);
		put(buf, len, cap, *len ? " \"" : "\"", *len ? 2 : 1);
		for (const char *p = split; *p; p++)
			put(buf, len, cap, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
		put(buf, len, cap, prefix ? "\"*" : "\"", prefix ? 2 : 1);
		free(split);
	}
	free(term);
	return any;
}

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
search_fts_query(const char *user)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	const char *p = user ? user : "";

	while (*p) {
		const char *start;
		/* U+3000 (ideographic space, E3 80 80) separates terms too. */
		while (is_space((unsigned char)*p) || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += is_space((unsigned char)*p) ? 1 : 3;
		start = p;
		while (*p && !is_space((unsigned char)*p) && strncmp(p, "\xe3\x80\x80", 3) != 0)
			p++;
		if (p > start)
			add_term(&out, &len, &cap, start, (size_t)(p - start));
	}
	return out;
}

const search_table *
search_table_find(const char *table)
{
	for (size_t i = 0; table && i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(tables[i].table, table) == 0)
			return &tables[i];
	return NULL;
}

/* Up to batch marked rows of t: their rowids and split texts (NULL text: the row is gone). */
typedef struct marked {
	sqlite3_int64 rid;
	char *text;
} marked;

static int
read_marked(sqlite3 *db, const search_table *t, int batch, marked **out)
{
	char *sql = xasprintf("SELECT d.rid, (SELECT %s FROM %s WHERE rowid = d.rid) FROM search_dirty d"
	    " WHERE d.tbl = ?1 LIMIT ?2", t->text, t->table);
	sqlite3_stmt *st;
	int n = 0, rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, t->table, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, batch);
	*out = xmalloc((size_t)batch * sizeof **out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		(*out)[n].rid = sqlite3_column_int64(st, 0);
		(*out)[n].text = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL
		    : search_split_text((const char *)sqlite3_column_text(st, 1));
		n++;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return n;
	while (n > 0)
		free((*out)[--n].text);
	return -1;
}

/* Write the FTS rows of the n marked rows and clear their marks; SQLITE_OK on success. */
static int
write_marked(sqlite3 *db, const search_table *t, const marked *m, int n)
{
	char *del = xasprintf("DELETE FROM %s WHERE rowid = ?1", t->fts);
	char *ins = xasprintf("INSERT INTO %s (rowid, text) VALUES (?1, ?2)", t->fts);
	sqlite3_stmt *s_del = NULL, *s_ins = NULL, *s_done = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, del, -1, &s_del, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, ins, -1, &s_ins, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "DELETE FROM search_dirty WHERE tbl = ?1 AND rid = ?2", -1, &s_done, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(s_done, 1, t->table, -1, SQLITE_STATIC);
	for (int i = 0; i < n && rc == SQLITE_OK; i++) {
		sqlite3_bind_int64(s_del, 1, m[i].rid);
		rc = sqlite3_step(s_del) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(s_del);
		if (rc == SQLITE_OK && m[i].text) {
			sqlite3_bind_int64(s_ins, 1, m[i].rid);
			sqlite3_bind_text(s_ins, 2, m[i].text, -1, SQLITE_STATIC);
			rc = sqlite3_step(s_ins) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_reset(s_ins);
		}
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s_done, 2, m[i].rid);
			rc = sqlite3_step(s_done) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
			sqlite3_reset(s_done);
		}
	}
	sqlite3_finalize(s_del);
	sqlite3_finalize(s_ins);
	sqlite3_finalize(s_done);
	free(del);
	free(ins);
	return rc;
}

/* Index up to batch marked rows of t; returns how many, -1 on error. */
static int
reindex_batch(sqlite3 *db, const search_table *t, int batch)
{
	marked *m;
	int n = read_marked(db, t, batch, &m), rc = n;

	if (n > 0 && write_marked(db, t, m, n) != SQLITE_OK)
		rc = -1;
	for (int i = 0; i < n; i++)
		free(m[i].text);
	free(m);
	return rc;
}

/* Merge t's FTS index into one b-tree; 0 on success, -1 on error. */
static int
optimize(sqlite3 *db, const search_table *t)
{
	char *sql = xasprintf("INSERT INTO %s (%s) VALUES ('optimize')", t->fts, t->fts);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	free(sql);
	return rc == SQLITE_OK ? 0 : -1;
}

int
search_reindex(sqlite3 *db, const char *table)
{
	const search_table *t = search_table_find(table);
	sqlite3_stmt *st;
	bool dirty = false;
	int n;
	long total = 0;

	if (!t)
		return -1;
	/* The common case, nothing marked, costs one index probe and no write. */
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM search_dirty WHERE tbl = ?1 LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	dirty = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!dirty)
		return 0;
	/* A savepoint works inside or outside the caller's transaction. */
	if (sqlite3_exec(db, "SAVEPOINT search_reindex", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	while ((n = reindex_batch(db, t, 10000)) > 0)
		total += n;
	/* After a bulk load merge the index into one segment: a search that probes it row by row (the walk
	 * strategy) seeks once per segment, so many small segments make every probe slower. */
	if (n == 0 && total >= OPTIMIZE_AFTER)
		n = optimize(db, t);
	if (n < 0) {
		sqlite3_exec(db, "ROLLBACK TO search_reindex; RELEASE search_reindex", NULL, NULL, NULL);
		return -1;
	}
	return sqlite3_exec(db, "RELEASE search_reindex", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

int
search_rebuild(sqlite3 *db, const char *table)
{
	const search_table *t = search_table_find(table);
	char *sql;
	int rc;

	if (!t)
		return -1;
	sql = xasprintf("SAVEPOINT search_rebuild; DELETE FROM %s;"
	    " INSERT OR IGNORE INTO search_dirty (tbl, rid) SELECT '%s', rowid FROM %s; RELEASE search_rebuild",
	    t->fts, t->table, t->table);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK TO search_rebuild; RELEASE search_rebuild", NULL, NULL, NULL);
		return -1;
	}
	return search_reindex(db, table);
}
