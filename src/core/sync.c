/* sync.c - exchange files between offices. An export is a standalone SQLite file with exactly the
 * schema of a database (made by the same migrations, without triggers), in rollback-journal mode so
 * it opens from a read-only stick, holding the records that changed since the last export to a
 * destination and a manifest (office, node, counts, clock range, checksum). An import treats the
 * file as hostile: it copies it to a private folder (hashing what it reads), checks the copy on a
 * connection of its own that runs no trigger or view, and only then merges it set-wise (INSERT ...
 * SELECT with the merge rule in SQL) over an ATTACHed copy, in one transaction.
 *
 * The merge rule, per record id: the version with the higher (hlc, origin) wins. Two versions are
 * concurrent when neither descends from the other (a version's base names the version it was
 * edited from by clock and node, base and base_node, since two offices can stamp one clock value;
 * sync_lineage keeps the bases of replaced versions, so chains can be walked); the loser of
 * a concurrent pair is kept in sync_conflict. Entries that turn out to be ancestors of the current
 * version or of another entry are dropped, so the table ends the same whatever the import order.
 * The same id and clock with different content is flagged (kind same_clock); the greater content
 * wins so that this too is order-free. Tombstones are versions like any other. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include "sync.h"
#include "sync_crypt.h"
#include "db.h"
#include "dupmerge.h"
#include "migrate.h"
#include "proposal.h"
#include "record.h"
#include "registry.h"
#include "settings.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

#define DEFAULT_DEST "district"
/* Steps walked along a record's lineage before giving up (a hostile file could hold a cycle). */
#define LINEAGE_MAX_STEPS 100000
/* The private copy's connection refuses any single value longer than this, whatever the checks. */
#define FILE_LENGTH_LIMIT (16 * 1024 * 1024)

/* ---- small helpers ------------------------------------------------------------------------- */

static void sweep_beside(sqlite3 *db);

/* The folder of the database file (heap; "." for one in memory). */
static char *
db_folder(sqlite3 *db)
{
	const char *f = db_filename(db);
	char *dir = xstrdup(f && *f ? f : "./x"), *slash = strrchr(dir, '/');

	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return dir;
}

/* *s + formatted text, *s freed (NULL is empty). */
static void __attribute__((format(printf, 2, 3)))
append(char **s, const char *fmt, ...)
{
	va_list ap;
	char *more, *joined;

	va_start(ap, fmt);
	more = xvasprintf(fmt, ap);
	va_end(ap);
	joined = xasprintf("%s%s", *s ? *s : "", more);
	free(more);
	free(*s);
	*s = joined;
}

/* The columns that name a version rather than hold the record's content: its id, node, clock, base,
 * times and operator. Two versions equal in every other exchanged column say the same thing. */
static const char *const version_columns[] = { "id", "origin", "created_at", "updated_at", "hlc", "operator", "base",
    "base_node" };
/* SQL: the JSON of a version's exchanged columns (an expression, as json_object makes it) without
 * the version_columns: what two versions are compared by. */
#define CONTENT_OF(json) "json_remove(" json ", '$.id', '$.origin', '$.created_at', '$.updated_at', '$.hlc'," \
	" '$.operator', '$.base', '$.base_node')"

static bool
is_version_column(const char *name)
{
	for (size_t i = 0; i < sizeof version_columns / sizeof version_columns[0]; i++)
		if (strcmp(version_columns[i], name) == 0)
			return true;
	return false;
}

/* The exchanged (not local) columns of t joined by sep, each written as tmpl with every '@'
 * replaced by the column's name; only the content columns (not version_columns) when content_only.
 * Names come from the registry, never from a file. */
static char *
some_cols(const registry_table *t, const char *tmpl, const char *sep, bool content_only)
{
	char *out = NULL;
	bool first = true;

	for (int i = 0; i < t->n_columns; i++) {
		if (t->columns[i].local || (content_only && is_version_column(t->columns[i].name)))
			continue;
		if (!first)
			append(&out, "%s", sep);
		first = false;
		for (const char *p = tmpl; *p; p++) {
			if (*p == '@')
				append(&out, "%s", t->columns[i].name);
			else
				append(&out, "%c", *p);
		}
	}
	return out ? out : xstrdup("");
}

/* All exchanged columns of t, as some_cols. */
static char *
cols(const registry_table *t, const char *tmpl, const char *sep)
{
	return some_cols(t, tmpl, sep, false);
}

static int
exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* Run sql (no parameters but an optional int64 at ?1); changes() on success, -1 on error. */
static long long
exec_changes(sqlite3 *db, const char *sql, bool bind1, long long v1)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	if (bind1)
		sqlite3_bind_int64(st, 1, v1);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? sqlite3_changes64(db) : -1;
}

static void
hex_of(const unsigned char *h, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[2 * n] = '\0';
}

static void
hash_final_hex(crypto_generichash_state *st, char out[SYNC_HASH_HEX])
{
	unsigned char h[32];

	crypto_generichash_final(st, h, sizeof h);
	hex_of(h, sizeof h, out);
}

/* A BLAKE2b state fed through a buffer: the many small pieces of a file's content (a type tag, eight
 * bytes of a number, for every value of every row) reach the hash in large ones, which costs less
 * per value. The digest is the same whatever the pieces, so files made before hash as they did
 * (test_sync_oldfile checks an older file's checksum). */
typedef struct hasher {
	crypto_generichash_state st;
	size_t n;
	unsigned char buf[16384];
} hasher;

static void
hasher_init(hasher *h)
{
	crypto_generichash_init(&h->st, NULL, 0, 32);
	h->n = 0;
}

static void
hasher_put(hasher *h, const void *p, size_t n)
{
	if (h->n + n > sizeof h->buf) {
		if (h->n)
			crypto_generichash_update(&h->st, h->buf, h->n);
		h->n = 0;
		if (n > sizeof h->buf) {
			crypto_generichash_update(&h->st, p, n);
			return;
		}
	}
	if (n) {
		memcpy(h->buf + h->n, p, n);
		h->n += n;
	}
}

static void
hasher_final_hex(hasher *h, char out[SYNC_HASH_HEX])
{
	if (h->n)
		crypto_generichash_update(&h->st, h->buf, h->n);
	h->n = 0;
	hash_final_hex(&h->st, out);
}

/* Feed one column value of the current row into the hash: its type, length and bytes. */
static void
hash_value(hasher *hs, sqlite3_stmt *st, int i)
{
	unsigned char tag = (unsigned char)sqlite3_column_type(st, i);
	uint64_t n;

	hasher_put(hs, &tag, 1);
	switch (tag) {
	case SQLITE_INTEGER: {
		int64_t v = sqlite3_column_int64(st, i);
		hasher_put(hs, &v, sizeof v);
		break;
	}
	case SQLITE_FLOAT: {
		double v = sqlite3_column_double(st, i);
		hasher_put(hs, &v, sizeof v);
		break;
	}
	case SQLITE_NULL:
		break;
	default: {
		const unsigned char *p = sqlite3_column_blob(st, i);
		n = (uint64_t)sqlite3_column_bytes(st, i);
		hasher_put(hs, &n, sizeof n);
		if (p && n)
			hasher_put(hs, p, (size_t)n);
	}
	}
}

/* Is table name in schema (main, or an attached one) a table? */
static bool
has_table(sqlite3 *db, const char *schema, const char *name)
{
	char *sql = xasprintf("SELECT 1 FROM %s.sqlite_schema WHERE type = 'table' AND name = ?1", schema);
	const char *p[1] = { name };
	char *v = db_query_text(db, sql, 1, p);
	bool has = v != NULL;

	free(sql);
	free(v);
	return has;
}

/* The column names of table name in schema as ",a,b,c," (heap; ",," when none): a file of an older
 * lifecircle lacks the columns added since (its schema was checked against its version's). */
static char *
column_names(sqlite3 *db, const char *schema, const char *name)
{
	const char *p[2] = { name, schema };
	char *v = db_query_text(db, "SELECT ',' || group_concat(name, ',') || ',' FROM pragma_table_info(?1, ?2)", 2, p);

	return v ? v : xstrdup(",,");
}

/* Is col one of names (as column_names gives them)? */
static bool
has_column(const char *names, const char *col)
{
	size_t n = strlen(col);

	for (const char *p = strstr(names, col); p; p = strstr(p + 1, col))
		if (p[-1] == ',' && p[n] == ',')
			return true;
	return false;
}

/* ---- the content of a file: checked and hashed in one pass --------------------------------- */

typedef struct scan_info {
	hasher hash;
	long long *rows;		/* per registry table */
	char clock_min[HLC_TEXT_LEN], clock_max[HLC_TEXT_LEN];
	char *err;
} scan_info;

static void
clock_seen(scan_info *si, const char *h)
{
	if (!*si->clock_min || strcmp(h, si->clock_min) < 0)
		snprintf(si->clock_min, sizeof si->clock_min, "%s", h);
	if (strcmp(h, si->clock_max) > 0)
		snprintf(si->clock_max, sizeof si->clock_max, "%s", h);
}

/* Does the value in column i fit a column of type want (not_null: NULL refused)? */
static const char *
value_problem(sqlite3_stmt *st, int i, registry_type want, bool not_null)
{
	int type = sqlite3_column_type(st, i);

	if (type == SQLITE_NULL)
		return not_null ? _("an empty (NULL) value where one is required") : NULL;
	if ((want == REGISTRY_TEXT && type != SQLITE_TEXT) || (want == REGISTRY_INTEGER && type != SQLITE_INTEGER)
	    || (want == REGISTRY_REAL && type != SQLITE_FLOAT && type != SQLITE_INTEGER))
		return _("a value of the wrong type");
	if (type == SQLITE_TEXT && sqlite3_column_bytes(st, i) > SYNC_MAX_VALUE)
		return _("a value longer than 1 MiB");
	return NULL;
}

/* Read every row of schema.t in rowid order: check types, lengths, ids and clocks, hash it. The
 * exchanged columns the table has are read (all of them, but in a file of an older lifecircle,
 * which hashed the columns it had). */
static int
scan_table(sqlite3 *db, const char *schema, const registry_table *t, scan_info *si, long long *rows)
{
	char *list = NULL, *sql, *names = column_names(db, schema, t->name);
	sqlite3_stmt *st;
	int id_col = -1, hlc_col = -1, base_col = -1, node_col = -1, n = 0, rc;
	int map[256];

	for (int i = 0; i < t->n_columns && n < 256; i++) {
		const char *c = t->columns[i].name;
		if (t->columns[i].local || !has_column(names, c))
			continue;
		if (strcmp(c, "id") == 0)
			id_col = n;
		else if (strcmp(c, "hlc") == 0)
			hlc_col = n;
		else if (strcmp(c, "base") == 0)
			base_col = n;
		else if (strcmp(c, "base_node") == 0)
			node_col = n;
		append(&list, "%s\"%s\"", n ? ", " : "", c);
		map[n++] = i;
	}
	sql = xasprintf("SELECT %s FROM %s.\"%s\" ORDER BY rowid", list ? list : "NULL", schema, t->name);
	st = db_prepare(db, sql);
	free(names);
	free(list);
	free(sql);
	if (!st) {
		si->err = xasprintf(_("table %s cannot be read: %s"), t->name, sqlite3_errmsg(db));
		return -1;
	}
	hasher_put(&si->hash, t->name, strlen(t->name) + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hlc h;
		for (int c = 0; c < n; c++) {
			const registry_column *col = &t->columns[map[c]];
			const char *why = value_problem(st, c, col->type, col->not_null);
			if (why) {
				si->err = xasprintf(_("table %s, column %s, row %lld: %s"), t->name, col->name, *rows + 1, why);
				goto fail;
			}
			hash_value(&si->hash, st, c);
		}
		if (id_col >= 0 && sqlite3_column_bytes(st, id_col) != 36) {
			si->err = xasprintf(_("table %s, row %lld: the id is not a record id"), t->name, *rows + 1);
			goto fail;
		}
		if (hlc_col >= 0) {
			const char *hs = (const char *)sqlite3_column_text(st, hlc_col);
			const char *bs = base_col >= 0 ? (const char *)sqlite3_column_text(st, base_col) : "";
			if (!hs || hlc_parse(hs, &h) != 0 || (bs && *bs && hlc_parse(bs, &h) != 0)) {
				si->err = xasprintf(_("table %s, row %lld: a clock value does not parse"), t->name, *rows + 1);
				goto fail;
			}
			clock_seen(si, hs);
			/* A base's node names the version base names: there is none without a base. */
			if (node_col >= 0 && (!bs || !*bs) && sqlite3_column_bytes(st, node_col) > 0) {
				si->err = xasprintf(_("table %s, row %lld: a base node without a base"), t->name, *rows + 1);
				goto fail;
			}
		}
		(*rows)++;
	}
	if (rc != SQLITE_DONE) {
		si->err = xasprintf(_("table %s cannot be read: %s"), t->name, sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	return 0;
fail:
	sqlite3_finalize(st);
	return -1;
}

/* The two bookkeeping tables that travel with the records: all columns TEXT NOT NULL, each of a
 * kind that says what else it must be. */
typedef enum aux_kind {
	AUX_TEXT,
	AUX_ID,			/* a record id */
	AUX_TABLE,		/* a synced table's name */
	AUX_CLOCK,		/* a clock value */
	AUX_CLOCK_OR_EMPTY	/* a clock value, or '' (a base) */
} aux_kind;

typedef struct aux_column {
	const char *name;
	aux_kind kind;
} aux_column;

typedef struct aux_table {
	const char *name;
	const aux_column *columns;	/* in hash order; a file of an older lifecircle may lack the later ones */
	int n;
	bool by_rowid;			/* read in rowid order, else ordered by all its columns */
} aux_table;

static const aux_column lineage_columns[] = {
	{ "id", AUX_ID }, { "hlc", AUX_CLOCK }, { "node", AUX_TEXT }, { "base", AUX_CLOCK }, { "base_node", AUX_TEXT },
};
static const aux_column conflict_columns[] = {
	{ "tbl", AUX_TABLE }, { "id", AUX_ID }, { "clock", AUX_CLOCK }, { "node", AUX_TEXT },
	{ "base", AUX_CLOCK_OR_EMPTY }, { "kind", AUX_TEXT }, { "data", AUX_TEXT }, { "base_node", AUX_TEXT },
};
static const aux_table aux_tables[] = {
	{ "sync_lineage", lineage_columns, (int)(sizeof lineage_columns / sizeof lineage_columns[0]), false },
	{ "sync_conflict", conflict_columns, (int)(sizeof conflict_columns / sizeof conflict_columns[0]), true },
};
#define N_AUX 2

static const char *
aux_problem(sqlite3_stmt *st, aux_kind kind, int c)
{
	const char *why = value_problem(st, c, REGISTRY_TEXT, true);
	const char *v = (const char *)sqlite3_column_text(st, c);
	hlc h;

	if (why)
		return why;
	if ((kind == AUX_CLOCK || (kind == AUX_CLOCK_OR_EMPTY && *v)) && hlc_parse(v, &h) != 0)
		return _("a clock value does not parse");
	if (kind == AUX_ID && sqlite3_column_bytes(st, c) != 36)
		return _("the id is not a record id");
	if (kind == AUX_TABLE && !registry_find(v))
		return _("it names a table that is not exchanged");
	return NULL;
}

static int
scan_aux(sqlite3 *db, const char *schema, const aux_table *a, scan_info *si, long long *rows)
{
	char *list = NULL, *sql, *names = column_names(db, schema, a->name);
	aux_kind kinds[16];
	sqlite3_stmt *st;
	int n = 0, rc;

	for (int c = 0; c < a->n && n < 16; c++)
		if (has_column(names, a->columns[c].name)) {
			append(&list, "%s%s", n ? ", " : "", a->columns[c].name);
			kinds[n++] = a->columns[c].kind;
		}
	sql = xasprintf("SELECT %s FROM %s.%s ORDER BY %s", list ? list : "NULL", schema, a->name,
	    a->by_rowid ? "rowid" : list ? list : "1");
	st = db_prepare(db, sql);
	free(names);
	free(list);
	free(sql);
	if (!st) {
		si->err = xasprintf(_("table %s cannot be read: %s"), a->name, sqlite3_errmsg(db));
		return -1;
	}
	hasher_put(&si->hash, a->name, strlen(a->name) + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < n; c++) {
			const char *why = aux_problem(st, kinds[c], c);
			if (why) {
				si->err = xasprintf(_("table %s, row %lld: %s"), a->name, *rows + 1, why);
				sqlite3_finalize(st);
				return -1;
			}
			hash_value(&si->hash, st, c);
		}
		(*rows)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		si->err = xasprintf(_("table %s cannot be read: %s"), a->name, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* Name of the i-th count of a manifest: the synced tables, then the bookkeeping tables. */
static const char *
count_name(int i)
{
	int n = registry_table_count();

	return i < n ? registry_table_at(i)->name : aux_tables[i - n].name;
}

/* Scan every synced table and the bookkeeping of schema; si->rows (registry tables, then the
 * bookkeeping tables) is allocated here. */
static int
scan_content(sqlite3 *db, const char *schema, scan_info *si, char checksum[SYNC_HASH_HEX])
{
	int n = registry_table_count();

	memset(si, 0, sizeof *si);
	si->rows = xcalloc((size_t)n + N_AUX, sizeof *si->rows);
	hasher_init(&si->hash);
	for (int i = 0; i < n; i++) {
		const registry_table *t = registry_table_at(i);
		if (has_table(db, schema, t->name) && scan_table(db, schema, t, si, &si->rows[i]) != 0)
			return -1;
	}
	for (int i = 0; i < N_AUX; i++)
		if (scan_aux(db, schema, &aux_tables[i], si, &si->rows[n + i]) != 0)
			return -1;
	hasher_final_hex(&si->hash, checksum);
	return 0;
}

/* ---- export -------------------------------------------------------------------------------- */

/* SQL that drops the triggers, the views and the indexes made by CREATE INDEX in x's schema (heap, NULL when
 * none): an exchange file holds tables only, so nothing runs when it is opened or written, it is
 * smaller, and it is written and checked faster. The merge reads it in rowid order or by primary key. */
static char *
drop_list(sqlite3 *x)
{
	sqlite3_stmt *st = db_prepare(x, "SELECT upper(type), name FROM sqlite_schema WHERE type IN ('trigger', 'view')"
	    " OR (type = 'index' AND sql IS NOT NULL) ORDER BY type DESC, name");
	char *drops = NULL;

	while (st && sqlite3_step(st) == SQLITE_ROW)
		append(&drops, "DROP %s \"%s\";", (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return drops;
}

/* Make the empty export file at path: the database schema at the latest version, no triggers
 * (nothing runs when a file is opened), no settings, our application id, rollback journal. */
static char *
make_export_file(const char *path)
{
	sqlite3 *x = NULL;
	char *err = NULL, *drops = NULL, sql[64];

	if (sqlite3_open_v2(path, &x, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		err = xasprintf(_("cannot open %s: %s"), path, x ? sqlite3_errmsg(x) : "?");
		sqlite3_close(x);
		return err;
	}
	sqlite3_db_config(x, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	if (migrate_apply(x, &err) != 0)
		goto out;
	drops = drop_list(x);
	snprintf(sql, sizeof sql, "PRAGMA application_id = %d;", DB_APPLICATION_ID);
	append(&drops, "%s DELETE FROM settings;", sql);
	if (exec(x, "BEGIN") != 0 || exec(x, drops) != 0 || exec(x, "COMMIT") != 0)
		err = xasprintf(_("cannot set up %s: %s"), path, sqlite3_errmsg(x));
out:
	free(drops);
	sqlite3_close(x);
	return err;
}

static int
manifest_put(sqlite3 *db, const char *key, const char *value)
{
	const char *p[2] = { key, value };

	return db_exec_params(db, "INSERT INTO lcx_out.sync_manifest (key, value) VALUES (?1, ?2)", 2, p);
}

/* Personal information in the synced tables: residents' and deputies' names and phone numbers.
 * A de-identified export leaves these empty (PIPL: data that travels carries no more than it
 * needs). Survey answers to the questions their template marks personal are left out too
 * (deidentified_answers). */
static const struct personal_field {
	const char *table, *column;
} personal_fields[] = {
	{ "proposal", "proposer" },
	{ "proposal", "phone" },
	{ "feedback", "signature" },
};
#define N_PERSONAL ((int)(sizeof personal_fields / sizeof personal_fields[0]))

static bool
is_personal(const registry_table *t, const char *column)
{
	for (int i = 0; i < N_PERSONAL; i++)
		if (strcmp(personal_fields[i].table, t->name) == 0 && strcmp(personal_fields[i].column, column) == 0)
			return true;
	return false;
}

char *
sync_personal_fields(void)
{
	char *out = NULL;

	for (int i = 0; i < N_PERSONAL; i++) {
		const registry_table *t = registry_find(personal_fields[i].table);
		if (t && registry_column_index(t, personal_fields[i].column) >= 0)
			append(&out, "%s%s.%s", out ? ", " : "", t->name, personal_fields[i].column);
	}
	if (registry_find("survey_response"))
		append(&out, "%ssurvey_response.answers (%s)", out ? ", " : "", _("the questions a questionnaire marks personal"));
	return out ? out : xstrdup("");
}

/* SQL: the names of the questions template version tmpl/ver (expressions) marks personal
 * (its definition's questions with "personal":1). */
static char *
template_personal_names(const char *tmpl, const char *ver)
{
	return xasprintf("SELECT json_extract(q.value, '$.name') FROM main.survey_template t,"
	    " json_each(t.definition, '$.questions') q WHERE t.form_id = %s AND t.version = %s"
	    " AND json_extract(q.value, '$.personal') = 1 AND json_extract(q.value, '$.name') IS NOT NULL", tmpl, ver);
}

/* SQL: the personal field names of the record kind/rid (expressions; kind a table name): its
 * personal columns (a keying's draft names are the columns' names), or for a survey response the
 * questions its template marks personal. */
static char *
record_personal_names(const char *kind, const char *rid)
{
	char *tmpl = xasprintf("(SELECT r.template FROM main.survey_response r WHERE r.id = %s)", rid);
	char *ver = xasprintf("(SELECT r.template_version FROM main.survey_response r WHERE r.id = %s)", rid);
	char *values = NULL, *tq = template_personal_names(tmpl, ver), *sql;

	for (int i = 0; i < N_PERSONAL; i++)
		append(&values, "%s('%s', '%s')", values ? ", " : "", personal_fields[i].table, personal_fields[i].column);
	sql = xasprintf("SELECT column2 FROM (VALUES %s) WHERE column1 = %s UNION ALL"
	    " SELECT * FROM (%s AND %s = 'survey_response')", values, kind, tq, kind);
	free(tmpl);
	free(ver);
	free(values);
	free(tq);
	return sql;
}

/* SQL: the question an answer key (an expression) names: the key itself, or for a repeat member's
 * answer, stored as "group[N].name" (src/core/surveyrun.c), the name after the member's number, so a
 * question marked personal is left out for every member. */
static char *
answer_question(const char *key)
{
	return xasprintf("CASE WHEN instr(%s, '].') > 0 THEN substr(%s, instr(%s, '].') + 2) ELSE %s END", key, key, key, key);
}

/* SQL: the JSON object obj (an expression) without the answers to the questions the query names
 * gives (see answer_question); every other member keeps its JSON type. What is not a JSON object
 * cannot be told apart, so it becomes {}. */
static char *
object_without(const char *obj, const char *names)
{
	char *q = answer_question("j.key");
	char *sql = xasprintf("CASE WHEN json_valid(%s) AND json_type(%s) = 'object' THEN (SELECT coalesce(json_group_object(j.key,"
	    " CASE WHEN j.type IN ('array', 'object') THEN json(j.value) WHEN j.type = 'true' THEN json('true')"
	    " WHEN j.type = 'false' THEN json('false') ELSE j.value END), '{}') FROM json_each(%s) j"
	    " WHERE %s NOT IN (%s)) ELSE '{}' END", obj, obj, obj, q, names);

	free(q);
	return sql;
}

/* SQL: column of t as a de-identified export carries it, the row's columns read through ref (a
 * format with one %s for a column name); NULL when it travels as it is. Personal columns travel
 * empty; so do the answers to personal questions, in a survey response (the questions its template
 * version marks personal), in a double-entry keying (its record's personal fields) and in a
 * double-entry decision about such a field. */
static char *
deidentified_value(const registry_table *t, const char *column, const char *ref)
{
	char *r[3], *names, *out;

	if (is_personal(t, column))
		return xstrdup("''");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strcmp(t->name, "survey_response") == 0 && strcmp(column, "answers") == 0) {
		r[0] = xasprintf(ref, "answers"), r[1] = xasprintf(ref, "template"), r[2] = xasprintf(ref, "template_version");
		names = template_personal_names(r[1], r[2]);
		out = object_without(r[0], names);
	} else if (strcmp(t->name, "entry_keying") == 0 && strcmp(column, "keyed_values") == 0) {
		r[0] = xasprintf(ref, "keyed_values"), r[1] = xasprintf(ref, "record_kind"), r[2] = xasprintf(ref, "record_id");
		names = record_personal_names(r[1], r[2]);
		out = object_without(r[0], names);
	} else if (strcmp(t->name, "entry_decision") == 0 && (strcmp(column, "first_value") == 0
	    || strcmp(column, "second_value") == 0 || strcmp(column, "final_value") == 0)) {
		r[0] = xasprintf(ref, column), r[1] = xasprintf(ref, "field"), r[2] = xasprintf(ref, "keying_id");
		names = record_personal_names("k.record_kind", "k.record_id");
		char *q = answer_question(r[1]);
		out = xasprintf("CASE WHEN EXISTS (SELECT 1 FROM main.entry_keying k WHERE k.id = %s AND %s IN (%s))"
		    " THEN '' ELSE %s END", r[2], q, names, r[0]);
		free(q);
	} else {
		return NULL;
	}
#pragma GCC diagnostic pop
	for (int i = 0; i < 3; i++)
		free(r[i]);
	free(names);
	return out;
}

/* The exchanged columns of t as an export reads them (de-identified: see deidentified_value). */
static char *
export_cols(const registry_table *t, bool deidentify)
{
	char *out = NULL, *ref = xasprintf("main.\"%s\".\"%%s\"", t->name);

	for (int i = 0; i < t->n_columns; i++) {
		const char *c = t->columns[i].name;
		char *v;
		if (t->columns[i].local)
			continue;
		v = deidentify ? deidentified_value(t, c, ref) : NULL;
		if (v)
			append(&out, "%s%s", out ? ", " : "", v);
		else
			append(&out, "%s\"%s\"", out ? ", " : "", c);
		free(v);
	}
	free(ref);
	return out ? out : xstrdup("");
}

/* The conflicts' copies of t's rows as an export reads them: de-identified the same way. */
static char *
export_conflict_data(const registry_table *t, bool deidentify)
{
	char *out = xstrdup("c.data");

	for (int i = 0; deidentify && i < t->n_columns; i++) {
		char *v = deidentified_value(t, t->columns[i].name, "json_extract(c.data, '$.%s')");
		if (v) {
			/* '' || drops a JSON subtype: the copy keeps the column as the string json_object made. */
			char *wrapped = xasprintf("json_set(%s, '$.%s', '' || (%s))", out, t->columns[i].name, v);
			free(out);
			out = wrapped;
		}
		free(v);
	}
	return out;
}

/* Copy the changed rows of every synced table into lcx_out; counts into r. */
static int
export_rows(sqlite3 *db, long long mark, bool deidentify, sync_export_result *r)
{
	int n = registry_table_count();

	r->counts = xcalloc((size_t)n, sizeof *r->counts);
	r->n_counts = n;
	for (int i = 0; i < n; i++) {
		const registry_table *t = registry_table_at(i);
		char *list = cols(t, "\"@\"", ", "), *from = export_cols(t, deidentify), *data;
		char *sql = xasprintf("INSERT INTO lcx_out.\"%s\" (%s) SELECT %s FROM main.\"%s\" WHERE change_seq > ?1 AND origin <> '" RECORD_ORIGIN_SHIPPED "'",
		    t->name, list, from, t->name);
		long long got = exec_changes(db, sql, true, mark);
		free(list);
		free(from);
		free(sql);
		if (got < 0)
			return -1;
		r->counts[i].table = t->name;
		r->counts[i].rows = got;
		r->total += got;
		/* The bases of the versions these replaced travel with them. */
		sql = xasprintf("INSERT OR IGNORE INTO lcx_out.sync_lineage (id, hlc, node, base, base_node)"
		    " SELECT l.id, l.hlc, l.node, l.base, l.base_node"
		    " FROM main.sync_lineage l WHERE l.id IN (SELECT id FROM lcx_out.\"%s\")", t->name);
		got = got > 0 ? exec_changes(db, sql, false, 0) : 0;
		free(sql);
		if (got < 0)
			return -1;
		/* So do the conflicts kept of them: a database that never met the loser still shows it. */
		sql = xasprintf("INSERT OR IGNORE INTO lcx_out.sync_conflict (tbl, id, clock, node, base, kind, data, base_node)"
		    " SELECT c.tbl, c.id, c.clock, c.node, c.base, c.kind, %s, c.base_node FROM main.sync_conflict c"
		    " WHERE c.tbl = '%s' AND c.id IN (SELECT id FROM lcx_out.\"%s\")", (data = export_conflict_data(t, deidentify)),
		    t->name, t->name);
		free(data);
		got = r->counts[i].rows > 0 ? exec_changes(db, sql, false, 0) : 0;
		free(sql);
		if (got < 0)
			return -1;
	}
	return 0;
}

static int
export_manifest(sqlite3 *db, const sync_export_opts *o, sync_export_result *r)
{
	char *office = settings_get(db, "office_code"), *node = record_node_id(db), now[32], num[32];
	scan_info si;
	int rc = -1;

	util_now_iso8601(now);
	if (scan_content(db, "lcx_out", &si, r->checksum) != 0)
		goto out;
	snprintf(r->clock_min, sizeof r->clock_min, "%s", si.clock_min);
	snprintf(r->clock_max, sizeof r->clock_max, "%s", si.clock_max);
	snprintf(num, sizeof num, "%d", SYNC_FORMAT);
	rc = manifest_put(db, "format", num) | manifest_put(db, "office", office ? office : "")
	    | manifest_put(db, "node", node ? node : "") | manifest_put(db, "made_at", now)
	    | manifest_put(db, "dest", o->dest ? o->dest : DEFAULT_DEST) | manifest_put(db, "full", o->full ? "1" : "0")
	    | manifest_put(db, "deidentified", r->deidentified ? "1" : "0") | manifest_put(db, "clock_min", si.clock_min)
	    | manifest_put(db, "clock_max", si.clock_max) | manifest_put(db, "checksum", r->checksum);
	for (int i = 0; i < registry_table_count() + N_AUX; i++) {
		char *key = xasprintf("count.%s", count_name(i));
		snprintf(num, sizeof num, "%lld", si.rows[i]);
		rc |= manifest_put(db, key, num);
		free(key);
	}
out:
	free(si.err);
	free(si.rows);
	free(office);
	free(node);
	return rc ? -1 : 0;
}

/* Write the file's rows and manifest in one transaction on db (lcx_out attached); *seq_now gets
 * the change sequence the export covers. */
static char *
export_fill(sqlite3 *db, const sync_export_opts *o, sync_export_result *r, long long *seq_now)
{
	const char *p[1] = { o->dest ? o->dest : DEFAULT_DEST };
	char *mark_s, *err = NULL;
	char *deid;
	long long mark;

	if (exec(db, "BEGIN") != 0)
		return xasprintf(_("cannot start the export: %s"), db_error_text(db));
	mark_s = o->full ? NULL : db_query_text(db, "SELECT last_seq FROM sync_peer WHERE dest = ?1", 1, p);
	mark = mark_s ? strtoll(mark_s, NULL, 10) : 0;
	free(mark_s);
	*seq_now = record_change_seq(db);
	/* A database that took de-identified files holds no personal information to send. */
	deid = settings_get(db, "deidentified");
	r->deidentified = o->deidentify || (deid && strcmp(deid, "1") == 0);
	free(deid);
	if (*seq_now < 0 || export_rows(db, mark, r->deidentified, r) != 0 || export_manifest(db, o, r) != 0)
		err = xasprintf(_("cannot write the export: %s"), db_error_text(db));
	if (!err && exec(db, "COMMIT") != 0)
		err = xasprintf(_("cannot write the export: %s"), db_error_text(db));
	if (err)
		db_rollback(db);
	return err;
}

char *
sync_dest_problem(const char *name)
{
	size_t n = strlen(name), chars = 0;
	wchar_t wc;

	if (!utf8_is_valid_bytes(name, n))
		return xstrdup(_("The destination's name is not valid UTF-8 text."));
	for (size_t i = 0, k; i < n; i += k, chars++) {
		k = utf8_decode_char(name + i, n - i, &wc);
		if (k == 0 || utf8_is_control(wc))
			return xstrdup(_("The destination's name may not hold control characters."));
	}
	if (str_is_blank(name) || chars > 100 || name[0] == ' ' || name[n - 1] == ' ')
		return xstrdup(_("Give a name of 1 to 100 characters."));
	return NULL;
}

static int
remember_mark(sqlite3 *db, const char *dest, long long seq)
{
	char seq_s[32], now[32];
	const char *p[3] = { dest, seq_s, now };

	snprintf(seq_s, sizeof seq_s, "%lld", seq);
	util_now_iso8601(now);
	/* max(): an export made from an older snapshot never moves the mark back. */
	return db_exec_params(db, "INSERT INTO sync_peer (dest, last_seq, exported_at) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (dest) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq), exported_at = excluded.exported_at",
	    3, p);
}

static char *
sync_fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd >= 0 ? fsync(fd) : -1;

	if (fd >= 0)
		close(fd);
	return rc == 0 ? NULL : xasprintf(_("cannot write %s: %s"), path, strerror(errno));
}

/* A new empty file "DIR/.PREFIX-XXXXXX" in the folder of path (the folder of the database for a
 * plain copy that is to be encrypted: it never touches the stick); heap, or NULL with *err. */
static char *
temp_beside(const char *path, const char *prefix, char **err)
{
	char *dir = xstrdup(path && *path ? path : "./x"), *slash = strrchr(dir, '/'), *tmp;
	int fd;

	if (slash)
		slash[slash == dir ? 1 : 0] = '\0';
	tmp = xasprintf("%s%s.%s-XXXXXX", slash ? dir : ".", slash == dir ? "" : "/", prefix);
	free(dir);
	if ((fd = mkstemp(tmp)) < 0) {
		*err = xasprintf(_("cannot create a file beside %s: %s"), path, strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* Encrypt the finished export plain into tmp (beside the output) with pass. */
static char *
encrypt_into(const char *plain, const char *tmp, const char *pass)
{
	int in = open(plain, O_RDONLY | O_CLOEXEC), out = open(tmp, O_WRONLY | O_TRUNC | O_CLOEXEC);
	char *e;

	if (in < 0 || out < 0)
		e = xasprintf(_("cannot write the encrypted file: %s"), strerror(errno));
	else
		e = sync_crypt_encrypt_fd(in, out, pass);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) != 0 && !e)
		e = xasprintf(_("cannot write the encrypted file: %s"), strerror(errno));
	return e;
}

/* Put the finished file tmp at out, never over a file that appeared there meanwhile: a hard link
 * where the file system has them, else an exclusive rename (FAT and exFAT sticks have no links). */
static char *
place_file(const char *tmp, const char *out)
{
	struct stat sb;

	if (link(tmp, out) == 0)
		return NULL;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
		return xasprintf(_("cannot create %s: %s"), out, strerror(errno));
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_NOREPLACE) == 0)
		return NULL;
	if (errno != EINVAL && errno != ENOSYS)
		return xasprintf(_("cannot create %s: %s"), out, strerror(errno));
	if (lstat(out, &sb) == 0)
		return xasprintf(_("%s already exists; it was left untouched (name a new file)"), out);
	return rename(tmp, out) == 0 ? NULL : xasprintf(_("cannot create %s: %s"), out, strerror(errno));
}

int
sync_export(sqlite3 *db, const char *out, const sync_export_opts *o, sync_export_result *r, char **err)
{
	const char *dest = o->dest ? o->dest : DEFAULT_DEST;
	char *tmp = NULL, *plain = NULL, *e = NULL;
	long long seq_now = 0;
	struct stat sb;

	memset(r, 0, sizeof *r);
	*err = NULL;
	if (sodium_init() < 0) {
		*err = xstrdup(_("libsodium cannot start"));
		return -1;
	}
	if (lstat(out, &sb) == 0) {
		*err = xasprintf(_("%s already exists; it was left untouched (name a new file)"), out);
		return -1;
	}
	if (!(tmp = temp_beside(out, "lcdb-export", err)))
		return -1;
	/* Encrypted: the plain file is made beside the database, and only ciphertext reaches out's folder. */
	if (o->passphrase) {
		char *prefix = xasprintf("lifecircle-export-%ld", (long)getpid());
		sweep_beside(db);
		plain = temp_beside(db_filename(db), prefix, &e);
		free(prefix);
	} else {
		plain = xstrdup(tmp);
	}
	if (!e)
		e = make_export_file(plain);
	if (!e) {
		const char *p[1] = { plain };
		if (db_exec_params(db, "ATTACH ?1 AS lcx_out", 1, p) != 0)
			e = xasprintf(_("cannot open %s: %s"), plain, db_error_text(db));
		else {
			e = export_fill(db, o, r, &seq_now);
			exec(db, "DETACH lcx_out");
		}
	}
	if (!e && o->passphrase)
		e = encrypt_into(plain, tmp, o->passphrase);
	if (!e)
		e = sync_fsync_path(tmp);
	if (!e)
		e = place_file(tmp, out);
	if (plain)
		unlink(plain);
	unlink(tmp);
	free(plain);
	free(tmp);
	if (!e && remember_mark(db, dest, seq_now) != 0)
		e = xasprintf(_("%s was written, but what was sent could not be remembered: %s"), out, db_error_text(db));
	if (e) {
		sync_export_result_free(r);
		*err = e;
		return -1;
	}
	return 0;
}

void
sync_export_result_free(sync_export_result *r)
{
	free(r->counts);
	r->counts = NULL;
}

char *
sync_export_name(sqlite3 *db, const char *dir, bool encrypted)
{
	char *code = settings_get(db, "office_code"), today[11], *name = NULL;
	struct stat sb;

	/* Office codes are checked on entry; anything else in a file name becomes '_'. */
	for (char *p = code; p && *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-'))
			*p = '_';
	util_today(today);
	for (int seq = 1; seq < 100000; seq++) {
		free(name);
		char *other;
		name = xasprintf("%s/%s-%.4s%.2s%.2s-%03d.lcdb%s", dir, code && *code ? code : "office",
		    today, today + 5, today + 8, seq, encrypted ? ".enc" : "");
		/* Plain and encrypted files of one day share the sequence. */
		other = encrypted ? xstrndup(name, strlen(name) - 4) : xasprintf("%s.enc", name);
		if (lstat(name, &sb) != 0 && lstat(other, &sb) != 0) {
			free(other);
			break;
		}
		free(other);
	}
	free(code);
	return name;
}

/* ---- import: the private copy ------------------------------------------------------------- */

typedef struct private_copy {
	char *dir;
	char *path;
} private_copy;

static void
private_copy_remove(private_copy *pc)
{
	if (pc->path) {
		char *j = xasprintf("%s-journal", pc->path);
		unlink(j);
		free(j);
		unlink(pc->path);
	}
	if (pc->dir)
		rmdir(pc->dir);
	free(pc->path);
	free(pc->dir);
	pc->path = pc->dir = NULL;
}

/* Was the process that named a leftover PREFIX-PID-... gone? Then the leftover is its own. */
static bool
left_by_dead(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long pid;

	if (strncmp(name, prefix, n) != 0)
		return false;
	pid = strtol(name + n, &end, 10);
	return pid > 0 && *end == '-' && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove what imports and encrypted exports killed in the middle left beside the database: the
 * private copies of imports, and the plain files of encrypted exports (they hold personal
 * information). Each is named after its process, so one still in use is left alone. */
static void
private_copy_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		private_copy old;
		if (left_by_dead(e->d_name, ".lifecircle-export-")) {
			char *path = xasprintf("%s/%s", dir, e->d_name);
			unlink(path);
			free(path);
		}
		if (!left_by_dead(e->d_name, ".lifecircle-import-"))
			continue;
		old.dir = xasprintf("%s/%s", dir, e->d_name);
		old.path = xasprintf("%s/file.lcdb", old.dir);
		private_copy_remove(&old);
	}
	if (d)
		closedir(d);
}

/* Sweep what killed imports and exports left beside db's file. */
static void
sweep_beside(sqlite3 *db)
{
	char *home = db_folder(db);

	private_copy_sweep(home);
	free(home);
}

/* Open the file to import: a regular file (a device or a FIFO would never end); NULL or why not. */
static char *
open_source(const char *path, int *fd)
{
	struct stat sb;

	if ((*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return xasprintf(_("cannot read it: %s"), strerror(errno));
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return xstrdup(_("it is not a regular file"));
	}
	return NULL;
}

/* Copy in to out (-1: only hash), hashing what is read; NULL or why not (heap). */
static char *
copy_plain(int in, int out, crypto_generichash_state *hs)
{
	unsigned char buf[65536];
	ssize_t n;

	while ((n = read(in, buf, sizeof buf)) > 0) {
		crypto_generichash_update(hs, buf, (size_t)n);
		if (out >= 0 && write(out, buf, (size_t)n) != n)
			return xasprintf(_("cannot make the private copy: %s"), strerror(errno));
	}
	return n < 0 ? xasprintf(_("cannot read it: %s"), strerror(errno)) : NULL;
}

/* Copy path into a new private folder beside the database, hashing the bytes as they are read. */
static char *
private_copy_make(sqlite3 *db, const char *path, const char *pass, private_copy *pc, char hash[SYNC_HASH_HEX])
{
	char *base = db_folder(db), *err = NULL;
	crypto_generichash_state hs;
	int in, out = -1;

	pc->dir = xasprintf("%s/.lifecircle-import-%ld-XXXXXX", base, (long)getpid());
	free(base);
	if (!mkdtemp(pc->dir)) {
		err = xasprintf(_("cannot make a private folder for the copy: %s"), strerror(errno));
		free(pc->dir);
		pc->dir = NULL;
		return err;
	}
	pc->path = xasprintf("%s/file.lcdb", pc->dir);
	if ((err = open_source(path, &in)) != NULL)
		return err;
	out = open(pc->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return xasprintf(_("cannot make the private copy: %s"), strerror(errno));
	}
	crypto_generichash_init(&hs, NULL, 0, 32);
	if (sync_crypt_is_encrypted(path) == 1) {
		/* What is read is hashed; only the plain content lands in the private folder. */
		err = pass ? sync_crypt_decrypt_fd(in, out, pass, &hs)
		    : xstrdup(_("decryption check: the file is encrypted; give its passphrase (--passphrase-file FILE, or on the terminal)"));
	} else {
		err = copy_plain(in, out, &hs);
	}
	close(in);
	if (close(out) != 0 && !err)
		err = xasprintf(_("cannot make the private copy: %s"), strerror(errno));
	hash_final_hex(&hs, hash);
	return err;
}

/* ---- import: the checks -------------------------------------------------------------------- */

/* The header: an SQLite file in rollback-journal mode (exports never use WAL). */
static char *
check_header(const char *path)
{
	unsigned char h[100];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, h, sizeof h) : -1;

	if (fd >= 0)
		close(fd);
	if (n < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return xstrdup(_("header check: it is not an SQLite database (not a lifecircle exchange file, or cut short)"));
	if (h[18] != 1 || h[19] != 1)
		return xstrdup(_("header check: it is in WAL mode; lifecircle exchange files never are"));
	return NULL;
}

/* Open the private copy read-only on a connection of its own that runs nothing from the file. */
static char *
open_checked(const char *path, bool writable, sqlite3 **out)
{
	sqlite3 *x = NULL;
	int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;

	*out = NULL;
	if (sqlite3_open_v2(path, &x, flags | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		char *e = xasprintf(_("open check: %s"), x ? sqlite3_errmsg(x) : "?");
		sqlite3_close(x);
		return e;
	}
	sqlite3_extended_result_codes(x, 1);
	sqlite3_db_config(x, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(x, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(x, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(x, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_limit(x, SQLITE_LIMIT_LENGTH, FILE_LENGTH_LIMIT);
	exec(x, "PRAGMA cell_size_check = ON");
	exec(x, "PRAGMA mmap_size = 0");
	*out = x;
	return NULL;
}

/* The schema the migrations make at version, in memory: made once per version and kept for the
 * life of the process (a district imports many files at once). NULL with *err on failure. */
static sqlite3 *
reference_schema(int version, char **err)
{
	static sqlite3 *ref;
	static int ref_version;

	if (ref && ref_version == version)
		return ref;
	sqlite3_close(ref);
	ref = NULL;
	if (sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK
	    || migrate_apply_to(ref, version, err) != 0) {
		sqlite3_close(ref);
		ref = NULL;
		return NULL;
	}
	ref_version = version;
	return ref;
}

/* Every object of the file must be one the migrations make at its version, with the same SQL,
 * and never a trigger or view; every table they make must be there. */
static char *
check_schema(sqlite3 *x, int version)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *st = NULL, *find = NULL;
	char *err = NULL, *merr = NULL;
	int rc;

	if (!(ref = reference_schema(version, &merr))) {
		err = xasprintf(_("schema check: %s"), merr ? merr : "?");
		goto out;
	}
	find = db_prepare(ref, "SELECT sql IS ?2 FROM sqlite_schema WHERE name = ?1 AND type NOT IN ('trigger', 'view')");
	st = db_prepare(x, "SELECT type, name, sql FROM sqlite_schema");
	if (!find || !st) {
		err = xasprintf(_("schema check: %s"), sqlite3_errmsg(st ? ref : x));
		goto out;
	}
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		char *safe = utf8_escape_controls(name ? name : "");
		type = type ? type : "";
		sqlite3_reset(find);
		sqlite3_bind_text(find, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_value(find, 2, sqlite3_column_value(st, 2));
		if (strcmp(type, "trigger") == 0 || strcmp(type, "view") == 0)
			err = xasprintf(_("schema check: the file has a %s (%s), which lifecircle never puts in an exchange file"),
			    type, safe);
		else if (sqlite3_step(find) != SQLITE_ROW)
			err = xasprintf(_("schema check: the file has a %s %s that lifecircle does not make"), type, safe);
		else if (sqlite3_column_int(find, 0) != 1)
			err = xasprintf(_("schema check: %s %s differs from lifecircle's"), type, safe);
		free(safe);
	}
	if (!err && rc != SQLITE_DONE)
		err = xasprintf(_("schema check: %s"), sqlite3_errmsg(x));
	if (!err && db_query_int(ref, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", 0)
	    != db_query_int(x, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", -1))
		err = xstrdup(_("schema check: tables of lifecircle's schema are missing"));
out:
	sqlite3_finalize(find);
	sqlite3_finalize(st);
	free(merr);
	return err;
}

/* The manifest as read from the file. */
typedef struct manifest {
	char *office, *node, *made_at, *clock_min, *clock_max, *checksum, *deidentified, *format;
	long long *counts;	/* per registry table, then lineage; -1 when missing */
} manifest;

static void
manifest_free(manifest *m)
{
	free(m->office);
	free(m->node);
	free(m->made_at);
	free(m->clock_min);
	free(m->clock_max);
	free(m->checksum);
	free(m->deidentified);
	free(m->format);
	free(m->counts);
}

static char *
manifest_get(sqlite3 *x, const char *key)
{
	const char *p[1] = { key };

	return db_query_text(x, "SELECT value FROM sync_manifest WHERE key = ?1 AND typeof(value) = 'text'"
	    " AND length(value) < 200", 1, p);
}

/* Printable ASCII only (the office code and times are shown to the user and kept in receipts). */
static bool
printable(const char *s)
{
	for (; s && *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return s != NULL;
}

static char *
read_manifest(sqlite3 *x, manifest *m)
{
	int n = registry_table_count();
	char *fields[] = { "format", "office", "node", "made_at", "clock_min", "clock_max", "checksum", "deidentified" };
	char **slots[] = { &m->format, &m->office, &m->node, &m->made_at, &m->clock_min, &m->clock_max, &m->checksum,
		&m->deidentified };

	memset(m, 0, sizeof *m);
	m->counts = xcalloc((size_t)n + N_AUX, sizeof *m->counts);
	for (int i = 0; i < 8; i++) {
		*slots[i] = manifest_get(x, fields[i]);
		if (!*slots[i] || !printable(*slots[i]))
			return xasprintf(_("manifest check: '%s' is missing or not plain text"), fields[i]);
	}
	if (atoi(m->format) != SYNC_FORMAT)
		return xasprintf(_("manifest check: format %s is not one this lifecircle reads"), m->format);
	for (int i = 0; i < n + N_AUX; i++) {
		char *key = xasprintf("count.%s", count_name(i));
		char *v = manifest_get(x, key), *end = NULL;
		/* A file of an older lifecircle has no table (nor count) of kinds that came later: none of them. */
		if (!v && i < n && !has_table(x, "main", count_name(i))) {
			free(key);
			continue;
		}
		m->counts[i] = v ? strtoll(v, &end, 10) : -1;
		if (!v || *end || m->counts[i] < 0) {
			char *e = xasprintf(_("manifest check: '%s' is missing or not a number"), key);
			free(key);
			free(v);
			return e;
		}
		free(key);
		free(v);
	}
	return NULL;
}

/* The content must be what the manifest says: counts, clock range and checksum. */
static char *
check_content(sqlite3 *x, const manifest *m)
{
	scan_info si;
	char sum[SYNC_HASH_HEX], *err = NULL;
	int n = registry_table_count();

	if (scan_content(x, "main", &si, sum) != 0) {
		err = xasprintf(_("content check: %s"), si.err ? si.err : sqlite3_errmsg(x));
		goto out;
	}
	for (int i = 0; i < n + N_AUX && !err; i++)
		if (si.rows[i] != m->counts[i])
			err = xasprintf(_("manifest check: the file holds %lld rows of %s, the manifest says %lld"),
			    si.rows[i], count_name(i), m->counts[i]);
	if (!err && (strcmp(si.clock_min, m->clock_min) != 0 || strcmp(si.clock_max, m->clock_max) != 0))
		err = xstrdup(_("manifest check: the clock range differs from the records'"));
	if (!err && strcmp(sum, m->checksum) != 0)
		err = xstrdup(_("checksum check: the content does not match the manifest's checksum (changed or damaged after it was made)"));
out:
	free(si.err);
	free(si.rows);
	return err;
}

/* Bring an older file's private copy up to this schema (our migrations on a schema just checked
 * to be our own, and content checked against its manifest), then take the triggers they made out
 * again. The schema is trusted here because it is ours, SQL for SQL: ALTER TABLE re-reads it, and
 * its CHECK constraints call functions (json_valid) that an untrusted schema may not. */
static char *
migrate_copy(const char *path)
{
	sqlite3 *x;
	char *err = open_checked(path, true, &x), *drops = NULL;

	if (err)
		return err;
	sqlite3_db_config(x, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, NULL);
	/* a migration may fill a derived table through a view it makes (migration_survey_entry_state) */
	sqlite3_db_config(x, SQLITE_DBCONFIG_ENABLE_VIEW, 1, NULL);
	sqlite3_db_config(x, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, NULL);
	if (migrate_apply(x, &err) == 0) {
		drops = drop_list(x);
		if (drops && exec(x, drops) != 0)
			err = xasprintf("%s", sqlite3_errmsg(x));
	}
	if (err) {
		char *e = xasprintf(_("schema update of the older file failed: %s"), err);
		free(err);
		err = e;
	}
	free(drops);
	sqlite3_close(x);
	return err;
}

/* Everything but the merge: identity, version, schema, quick_check, manifest, content. */
static char *
check_file(const char *path, manifest *m)
{
	sqlite3 *x = NULL;
	char *err = check_header(path), *qc = NULL;
	long long appid = 0, version = 0;

	if (!err)
		err = open_checked(path, false, &x);
	if (!err) {
		appid = db_query_int(x, "PRAGMA application_id", -1);
		version = db_query_int(x, "PRAGMA user_version", -1);
		if (appid == -1 || version == -1)
			err = xasprintf(_("open check: the file cannot be read as a database (%s)"), sqlite3_errmsg(x));
		else if (appid != DB_APPLICATION_ID)
			err = xasprintf(_("identity check: it belongs to another program (application id %lld), not lifecircle"), appid);
		else if (version > migrate_latest())
			err = xasprintf(_("version check: it was made by a newer lifecircle (schema %lld; this one knows %d); update lifecircle to import it"),
			    version, migrate_latest());
		else if (version < 1)
			err = xstrdup(_("version check: it has no lifecircle schema"));
	}
	if (!err)
		err = check_schema(x, (int)version);
	if (!err) {
		qc = db_query_text(x, "PRAGMA quick_check", 0, NULL);
		if (!qc || strcmp(qc, "ok") != 0)
			err = xasprintf(_("quick_check: the file is damaged (%s)"), qc ? qc : sqlite3_errmsg(x));
	}
	if (!err && !has_table(x, "main", "sync_manifest"))
		err = xstrdup(_("manifest check: it is a lifecircle database, not an exchange file"));
	if (!err)
		err = read_manifest(x, m);
	/* An older file's content is checked as it was made (its version hashed the columns it had),
	 * and only then brought up to this schema. */
	if (!err)
		err = check_content(x, m);
	sqlite3_close(x);
	if (!err && version < migrate_latest())
		err = migrate_copy(path);
	free(qc);
	return err;
}

/* ---- import: the merge --------------------------------------------------------------------- */

/* Is the version (h, n) the version (target_h, target_n)? A node '' (a base or lineage line written
 * before versions were named by clock and node) stands for any node. */
static bool
same_version(const char *h, const char *n, const char *target_h, const char *target_n)
{
	return strcmp(h, target_h) == 0 && (!*n || !*target_n || strcmp(n, target_n) == 0);
}

/* lc_descends(id, start, start_node, target, target_node): does walking the bases of record id from
 * the version (start, start_node) reach the version (target, target_node), start itself included?
 * Uses the lineage of the main database; a line of the version's own node is taken before one
 * written without a node. */
static void
fn_descends(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_stmt *st = sqlite3_user_data(ctx);
	const char *target = (const char *)sqlite3_value_text(argv[3]);
	const char *target_n = (const char *)sqlite3_value_text(argv[4]);
	const char *h0 = (const char *)sqlite3_value_text(argv[1]), *n0 = (const char *)sqlite3_value_text(argv[2]);
	char *h = xstrdup(h0 ? h0 : ""), *n = xstrdup(n0 ? n0 : "");
	int found = 0;

	(void)argc;
	for (int step = 0; target && target_n && *h && step < LINEAGE_MAX_STEPS; step++) {
		bool row;
		if (same_version(h, n, target, target_n)) {
			found = 1;
			break;
		}
		sqlite3_reset(st);
		sqlite3_bind_value(st, 1, argv[0]);
		sqlite3_bind_text(st, 2, h, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, n, -1, SQLITE_TRANSIENT);
		row = sqlite3_step(st) == SQLITE_ROW;
		free(h);
		free(n);
		h = xstrdup(row ? (const char *)sqlite3_column_text(st, 0) : "");
		n = xstrdup(row ? (const char *)sqlite3_column_text(st, 1) : "");
	}
	sqlite3_reset(st);
	free(h);
	free(n);
	sqlite3_result_int(ctx, found);
}

/* Counts of one file's merge. */
typedef struct merge_counts {
	long long total, new_rows, updated, conflicts;
} merge_counts;

/* An id of this file's table t that is already a record of another kind, here or in the file. */
static char *
check_kinds(sqlite3 *db, const registry_table *t)
{
	char *cond = NULL, *sql, *hit;

	for (int j = 0; j < registry_table_count(); j++) {
		const registry_table *u = registry_table_at(j);
		if (u == t)
			continue;
		if (db_query_int(db, (sql = xasprintf("SELECT 1 FROM main.\"%s\" LIMIT 1", u->name)), 0))
			append(&cond, "%sEXISTS (SELECT 1 FROM main.\"%s\" WHERE id = R.id)", cond ? " OR " : "", u->name);
		free(sql);
		if (db_query_int(db, (sql = xasprintf("SELECT 1 FROM lcx.\"%s\" LIMIT 1", u->name)), 0))
			append(&cond, "%sEXISTS (SELECT 1 FROM lcx.\"%s\" WHERE id = R.id)", cond ? " OR " : "", u->name);
		free(sql);
	}
	if (!cond)
		return NULL;
	sql = xasprintf("SELECT R.id FROM lcx.\"%s\" R WHERE NOT EXISTS (SELECT 1 FROM main.\"%s\" L WHERE L.id = R.id)"
	    " AND (%s) LIMIT 1", t->name, t->name, cond);
	hit = db_query_text(db, sql, 0, NULL);
	free(sql);
	free(cond);
	if (hit) {
		char *e = xasprintf(_("id check: record %s of %s is already a record of another kind"), hit, t->name);
		free(hit);
		return e;
	}
	return NULL;
}

/* Concurrent versions of this file's table t and this database's that hold the same content (see
 * CONTENT_OF) are no conflict: the later one is counted as an update (the file's) or as known (this
 * database's), and normalize_conflicts keeps the earlier one as kind 'identical'. Run before the
 * winners are applied. */
static int
equal_content(sqlite3 *db, const registry_table *t, merge_counts *mc)
{
	char *same = some_cols(t, "L.\"@\" IS R.\"@\"", " AND ", true);
	char *sql = xasprintf("SELECT count(*) FILTER (WHERE m.action = 3) || ' ' || count(*) FROM temp.sync_m m"
	    " JOIN lcx.\"%s\" R ON R.rowid = m.rid JOIN main.\"%s\" L ON L.rowid = m.lrow WHERE m.action IN (3, 4) AND %s",
	    t->name, t->name, same);
	char *v = db_query_text(db, sql, 0, NULL);
	long long updated = 0, all = 0;
	int rc = v && sscanf(v, "%lld %lld", &updated, &all) == 2 ? 0 : -1;

	mc->updated += updated;
	mc->conflicts -= all;
	free(v);
	free(sql);
	free(same);
	return rc;
}

/* Classify, keep the losers, apply the winners and insert the new rows of table t. */
static int
merge_table(sqlite3 *db, const registry_table *t, merge_counts *mc)
{
	char *same = cols(t, "L.\"@\" IS R.\"@\"", " AND ");
	char *rj = cols(t, "R.\"@\"", ", "), *lj = cols(t, "L.\"@\"", ", ");
	char *ro = cols(t, "'@', R.\"@\"", ", "), *lo = cols(t, "'@', L.\"@\"", ", ");
	char *plain = cols(t, "\"@\"", ", ");
	char *sql[8];
	long long got[8];
	int rc = 0;

	sql[0] = xasprintf("DELETE FROM temp.sync_m;"
	    "INSERT INTO temp.sync_m (rid, lrow, action) SELECT rid, lrow, action FROM (SELECT R.rowid AS rid, L.rowid AS lrow,"
	    " CASE WHEN R.hlc = L.hlc AND R.origin = L.origin THEN"
	    "  CASE WHEN %s THEN 0 WHEN json_array(%s) > json_array(%s) THEN 5 ELSE 6 END"
	    " WHEN R.hlc > L.hlc OR (R.hlc = L.hlc AND R.origin > L.origin) THEN"
	    "  CASE WHEN (R.base = L.hlc AND R.base_node IN (L.origin, '')) OR lc_descends(R.id, R.base, R.base_node,"
	    "  L.hlc, L.origin) THEN 2 ELSE 3 END"
	    " ELSE CASE WHEN (L.base = R.hlc AND L.base_node IN (R.origin, '')) OR lc_descends(L.id, L.base, L.base_node,"
	    "  R.hlc, R.origin) THEN 0 ELSE 4 END END AS action"
	    " FROM lcx.\"%s\" R JOIN main.\"%s\" L ON L.id = R.id) WHERE action <> 0",
	    same, rj, lj, t->name, t->name);
	/* The losers, whole. */
	sql[1] = xasprintf("INSERT OR IGNORE INTO main.sync_conflict (tbl, id, clock, node, base, kind, data, base_node)"
	    " SELECT '%s', L.id, L.hlc, L.origin, L.base, CASE m.action WHEN 3 THEN 'concurrent' ELSE 'same_clock' END,"
	    " json_object(%s), L.base_node FROM temp.sync_m m JOIN main.\"%s\" L ON L.rowid = m.lrow WHERE m.action IN (3, 5)",
	    t->name, lo, t->name);
	sql[2] = xasprintf("INSERT OR IGNORE INTO main.sync_conflict (tbl, id, clock, node, base, kind, data, base_node)"
	    " SELECT '%s', R.id, R.hlc, R.origin, R.base, CASE m.action WHEN 4 THEN 'concurrent' ELSE 'same_clock' END,"
	    " json_object(%s), R.base_node FROM temp.sync_m m JOIN lcx.\"%s\" R ON R.rowid = m.rid WHERE m.action IN (4, 6)",
	    t->name, ro, t->name);
	/* The bases of versions replaced or set aside, for later walks. */
	sql[3] = xasprintf("INSERT OR IGNORE INTO main.sync_lineage (id, hlc, node, base, base_node)"
	    " SELECT L.id, L.hlc, L.origin, L.base, L.base_node"
	    " FROM temp.sync_m m JOIN main.\"%s\" L ON L.rowid = m.lrow WHERE m.action IN (2, 3) AND L.base <> ''"
	    " UNION ALL SELECT R.id, R.hlc, R.origin, R.base, R.base_node FROM temp.sync_m m JOIN lcx.\"%s\" R ON R.rowid = m.rid"
	    " WHERE m.action = 4 AND R.base <> ''", t->name, t->name);
	sql[4] = xasprintf("UPDATE main.\"%s\" AS L SET (%s) = (%s) FROM temp.sync_m m JOIN lcx.\"%s\" R ON R.rowid = m.rid"
	    " WHERE L.rowid = m.lrow AND m.action IN (2, 3, 5)", t->name, plain, rj, t->name);
	/* New records get their change_seq here, in one statement (the insert trigger then skips them). */
	sql[5] = xasprintf("INSERT INTO main.\"%s\" (%s, change_seq) SELECT %s,"
	    " ?1 + row_number() OVER (ORDER BY R.rowid) FROM lcx.\"%s\" R"
	    " WHERE NOT EXISTS (SELECT 1 FROM main.\"%s\" L WHERE L.id = R.id)", t->name, plain, rj, t->name, t->name);
	sql[6] = xstrdup("UPDATE change_counter SET seq = seq + ?1 WHERE id = 1");
	/* The lineage trigger takes an update whose base is the replaced clock for a local edit and sets
	 * base_node to the replaced version's node; a version from the file keeps its own. */
	sql[7] = xasprintf("UPDATE main.\"%s\" AS L SET base_node = R.base_node FROM temp.sync_m m JOIN lcx.\"%s\" R"
	    " ON R.rowid = m.rid WHERE L.rowid = m.lrow AND m.action IN (2, 3, 5) AND L.base_node IS NOT R.base_node",
	    t->name, t->name);

	if (exec(db, sql[0]) != 0)
		rc = -1;
	mc->updated += db_query_int(db, "SELECT count(*) FROM temp.sync_m WHERE action = 2", 0);
	mc->conflicts += db_query_int(db, "SELECT count(*) FROM temp.sync_m WHERE action IN (3, 4, 5, 6)", 0);
	if (rc == 0 && equal_content(db, t, mc) != 0)
		rc = -1;
	for (int i = 1; i <= 4 && rc == 0; i++)
		if ((got[i] = exec_changes(db, sql[i], false, 0)) < 0)
			rc = -1;
	if (rc == 0 && exec_changes(db, sql[7], false, 0) < 0)
		rc = -1;
	if (rc == 0) {
		long long seq = record_change_seq(db);
		got[5] = seq < 0 ? -1 : exec_changes(db, sql[5], true, seq);
		if (got[5] < 0 || exec_changes(db, sql[6], true, got[5]) < 0)
			rc = -1;
		else
			mc->new_rows += got[5];
	}
	for (int i = 0; i < 8; i++)
		free(sql[i]);
	free(same);
	free(rj);
	free(lj);
	free(ro);
	free(lo);
	free(plain);
	return rc;
}

/* Label the kept concurrent versions of t: 'identical' when the current version, or a later kept
 * one (by clock and node), holds the same content (CONTENT_OF), else 'concurrent'. Such a version
 * is no conflict for a person, but it is kept rather than deleted: whether it equals the current
 * version can change (that version edited further, at an office that never saw the version it was
 * edited from, leaves a real conflict there), and a deleted one could not come back, so the table
 * would depend on the order files came in. The label is worked out afresh from what the table and
 * the current versions hold, so it is order-free as they are. */
static int
label_identical(sqlite3 *db, const registry_table *t)
{
	char *cur = cols(t, "'@', L.\"@\"", ", ");
	char *cond = xasprintf("(" CONTENT_OF("c.data") " = (SELECT " CONTENT_OF("json_object(%s)") " FROM main.\"%s\" L"
	    " WHERE L.id = c.id) OR EXISTS (SELECT 1 FROM main.sync_conflict c2 WHERE c2.id = c.id AND c2.tbl = c.tbl"
	    " AND c2.kind IN ('concurrent', 'identical') AND (c2.clock > c.clock OR (c2.clock = c.clock AND c2.node > c.node))"
	    " AND " CONTENT_OF("c2.data") " = " CONTENT_OF("c.data") "))", cur, t->name);
	char *sql = xasprintf("UPDATE main.sync_conflict AS c SET kind = CASE WHEN %s THEN 'identical' ELSE 'concurrent' END"
	    " WHERE c.tbl = '%s' AND c.kind IN ('concurrent', 'identical') AND c.kind IS NOT"
	    " CASE WHEN %s THEN 'identical' ELSE 'concurrent' END", cond, t->name, cond);
	int rc = exec(db, sql);

	free(sql);
	free(cond);
	free(cur);
	return rc;
}

/* Drop conflict entries that are ancestors of the current version or of another entry: a person
 * has nothing to decide there, and a database that met the versions in another order never kept
 * them. Entries of the same clock stay (they are flagged for a person). */
static int
normalize_conflicts(sqlite3 *db)
{
	char *cur[4] = { NULL, NULL, NULL, NULL }, *sql;
	const char *what[4] = { "hlc", "origin", "base", "base_node" };
	int rc;

	/* The current version's clock, node and base, from whichever table holds the id. */
	for (int i = 0; i < registry_table_count(); i++)
		for (int k = 0; k < 4; k++)
			append(&cur[k], "%s(SELECT %s FROM main.\"%s\" WHERE id = c.id AND c.tbl = '%s')", i ? ", " : "",
			    what[k], registry_table_at(i)->name, registry_table_at(i)->name);
	sql = xasprintf("DELETE FROM main.sync_conflict AS c WHERE c.kind IN ('concurrent', 'identical') AND ("
	    " (c.clock = coalesce(%s) AND c.node = coalesce(%s)) OR lc_descends(c.id, coalesce(%s), coalesce(%s), c.clock, c.node)"
	    " OR EXISTS (SELECT 1 FROM main.sync_conflict c2 WHERE c2.id = c.id AND c2.rowid <> c.rowid"
	    " AND c2.kind IN ('concurrent', 'identical') AND lc_descends(c2.id, c2.base, c2.base_node, c.clock, c.node)))",
	    cur[0], cur[1], cur[2], cur[3]);
	rc = exec(db, sql);
	free(sql);
	for (int k = 0; k < 4; k++)
		free(cur[k]);
	for (int i = 0; i < registry_table_count() && rc == 0; i++)
		rc = label_identical(db, registry_table_at(i));
	return rc;
}

/* Advance this database's clock past the file's, so edits made here next are later than what came in. */
static int
clock_receive(sqlite3 *db, const char *remote_max, int64_t now_ms)
{
	char *last_s = settings_get(db, "clock"), next_s[HLC_TEXT_LEN];
	hlc last = { 0, 0 }, remote, next;
	const char *p[1] = { next_s };
	int rc = 0;

	if (hlc_parse(remote_max, &remote) == 0 && remote.ms <= now_ms + RECORD_CLOCK_MAX_AHEAD_MS
	    && (!last_s || hlc_parse(last_s, &last) == 0)) {
		next = hlc_recv(last, remote, now_ms);
		hlc_format(next, next_s);
		rc = db_exec_params(db, "INSERT INTO settings (key, value) VALUES ('clock', ?1)"
		    " ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)", 1, p);
	}
	free(last_s);
	return rc;
}

static int
keep_receipt(sqlite3 *db, const char *path, const manifest *m, const sync_receipt *r)
{
	char now[32], nums[4][32];
	const char *p[13];

	util_now_iso8601(now);
	snprintf(nums[0], 32, "%lld", r->new_rows);
	snprintf(nums[1], 32, "%lld", r->updated);
	snprintf(nums[2], 32, "%lld", r->known);
	snprintf(nums[3], 32, "%lld", r->conflicts);
	p[0] = now; p[1] = path; p[2] = r->hash; p[3] = m->office; p[4] = m->node; p[5] = m->made_at;
	p[6] = m->clock_min; p[7] = m->clock_max; p[8] = nums[0]; p[9] = nums[1]; p[10] = nums[2]; p[11] = nums[3];
	return db_exec_params(db, "INSERT INTO sync_receipt (imported_at, file_name, file_hash, office, node, made_at,"
	    " clock_min, clock_max, new_rows, updated, known, conflicts)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", 12, p);
}

/* The merge of the checked copy, in one transaction on db. */
static char *
merge_file(sqlite3 *db, const char *copy, const char *path, const manifest *m, const sync_import_opts *o,
    sync_receipt *r)
{
	const char *p[1] = { copy };
	sqlite3_stmt *walk = NULL;
	merge_counts mc = { 0, 0, 0, 0 };
	char *err = NULL;
	int n = registry_table_count();

	if (db_exec_params(db, "ATTACH ?1 AS lcx", 1, p) != 0)
		return xasprintf(_("cannot open the private copy: %s"), db_error_text(db));
	walk = db_prepare(db, "SELECT base, base_node FROM main.sync_lineage WHERE id = ?1 AND hlc = ?2"
	    " AND (node = ?3 OR node = '' OR ?3 = '') ORDER BY node = ?3 DESC LIMIT 1");
	if (!walk || sqlite3_create_function_v2(db, "lc_descends", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, walk,
	    fn_descends, NULL, NULL, NULL) != SQLITE_OK) {
		err = xasprintf(_("cannot merge: %s"), db_error_text(db));
		goto detach;
	}
	if (db_begin(db) != 0) {
		err = xasprintf(_("cannot start the merge: %s"), db_error_text(db));
		goto detach;
	}
	for (int i = 0; i < n && !err; i++)
		err = has_table(db, "lcx", registry_table_at(i)->name) ? check_kinds(db, registry_table_at(i)) : NULL;
	if (!err && (exec(db, "CREATE TEMP TABLE IF NOT EXISTS sync_m (rid INTEGER PRIMARY KEY, lrow INTEGER NOT NULL,"
	    " action INTEGER NOT NULL)") != 0
	    || exec(db, "INSERT OR IGNORE INTO main.sync_lineage (id, hlc, node, base, base_node)"
	    " SELECT id, hlc, node, base, base_node FROM lcx.sync_lineage") != 0))
		err = xasprintf(_("cannot merge: %s"), db_error_text(db));
	for (int i = 0; i < n && !err; i++) {
		const registry_table *t = registry_table_at(i);
		if (has_table(db, "lcx", t->name) && merge_table(db, t, &mc) != 0)
			err = xasprintf(_("cannot merge %s: %s"), t->name, db_error_text(db));
		mc.total += m->counts[i];
	}
	if (!err && exec(db, "INSERT OR IGNORE INTO main.sync_conflict (tbl, id, clock, node, base, kind, data, base_node)"
	    " SELECT tbl, id, clock, node, base, kind, data, base_node FROM lcx.sync_conflict") != 0)
		err = xasprintf(_("cannot merge: %s"), db_error_text(db));
	/* a pair merged both ways round at two offices: one record stays (see dupmerge_settle_opposite) */
	if (!err && dupmerge_settle_opposite(db, NULL) != 0)
		err = xasprintf(_("cannot merge: %s"), db_error_text(db));
	if (!err && normalize_conflicts(db) != 0)
		err = xasprintf(_("cannot merge: %s"), db_error_text(db));
	if (!err) {
		r->new_rows = mc.new_rows;
		r->updated = mc.updated;
		r->conflicts = mc.conflicts;
		r->known = mc.total - mc.new_rows - mc.updated - mc.conflicts;
		/* A database that takes a de-identified file is one from then on (see check_deidentified). */
		if (strcmp(m->deidentified, "0") != 0 && db_exec_params(db, "INSERT INTO settings (key, value)"
		    " VALUES ('deidentified', '1') ON CONFLICT (key) DO UPDATE SET value = '1'", 0, NULL) != 0)
			err = xasprintf(_("cannot merge: %s"), db_error_text(db));
		else if (clock_receive(db, m->clock_max, o->now_ms) != 0 || keep_receipt(db, path, m, r) != 0
		    || exec(db, "DROP TABLE temp.sync_m") != 0)
			err = xasprintf(_("cannot merge: %s"), db_error_text(db));
	}
	if (!err && db_commit(db) != 0)
		err = xasprintf(_("cannot commit the merge: %s"), db_error_text(db));
	if (err)
		db_rollback(db);
detach:
	sqlite3_create_function_v2(db, "lc_descends", 5, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
	sqlite3_finalize(walk);
	exec(db, "DETACH lcx");
	return err;
}

/* A de-identified file never goes over full records: only into a database holding none (what
 * data/ ships, the same in every office, holds no one's details). */
static char *
check_deidentified(sqlite3 *db, const manifest *m)
{
	char *mark;
	bool marked;

	if (strcmp(m->deidentified, "0") == 0)
		return NULL;
	mark = settings_get(db, "deidentified");
	marked = mark && strcmp(mark, "1") == 0;
	free(mark);
	if (marked)
		return NULL;
	for (int i = 0; i < registry_table_count(); i++) {
		char *sql = xasprintf("SELECT 1 FROM main.\"%s\" WHERE origin <> '" RECORD_ORIGIN_SHIPPED "' LIMIT 1", registry_table_at(i)->name);
		long long any = db_query_int(db, sql, 0);
		free(sql);
		if (any)
			return xstrdup(_("de-identification check: the file is de-identified and this database holds full records; it would overwrite them"));
	}
	return NULL;
}

static char *
check_future(const manifest *m, int64_t now_ms, bool accept)
{
	hlc h;
	time_t secs;
	struct tm tm;
	char when[32], now_s[32];

	if (accept || hlc_parse(m->clock_max, &h) != 0 || h.ms <= now_ms + RECORD_CLOCK_MAX_AHEAD_MS)
		return NULL;
	secs = (time_t)(h.ms / 1000);
	localtime_r(&secs, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	secs = (time_t)(now_ms / 1000);
	localtime_r(&secs, &tm);
	strftime(now_s, sizeof now_s, "%Y-%m-%d %H:%M", &tm);
	return xasprintf(_("clock check: office %s stamped records up to %s, more than a day ahead of this computer's clock (%s); check both clocks, then import with --accept-future"),
	    m->office, when, now_s);
}

/* BLAKE2b-256 of the file at path, read as it is now; NULL, or why not (heap). */
static char *
hash_file(const char *path, char hash[SYNC_HASH_HEX])
{
	crypto_generichash_state hs;
	int fd;
	char *err = open_source(path, &fd);

	if (err)
		return err;
	crypto_generichash_init(&hs, NULL, 0, 32);
	err = copy_plain(fd, -1, &hs);
	close(fd);
	hash_final_hex(&hs, hash);
	return err;
}

/* A file with exactly the bytes of one imported before: merging it again changes nothing (the
 * merge is idempotent), so only a receipt is written, with every record known. 1 when so. */
static int
already_imported(sqlite3 *db, const char *path, sync_receipt *r, char **err)
{
	sqlite3_stmt *st;
	manifest m;
	int found = 0;

	if ((*err = hash_file(path, r->hash)) != NULL)
		return 0;
	st = db_prepare(db, "SELECT new_rows + updated + known + conflicts, office, node, made_at, clock_min, clock_max"
	    " FROM sync_receipt WHERE file_hash = ?1 ORDER BY seq DESC LIMIT 1");
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, r->hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(&m, 0, sizeof m);
		r->known = sqlite3_column_int64(st, 0);
		m.office = xstrdup((const char *)sqlite3_column_text(st, 1));
		m.node = xstrdup((const char *)sqlite3_column_text(st, 2));
		m.made_at = xstrdup((const char *)sqlite3_column_text(st, 3));
		m.clock_min = xstrdup((const char *)sqlite3_column_text(st, 4));
		m.clock_max = xstrdup((const char *)sqlite3_column_text(st, 5));
		snprintf(r->office, sizeof r->office, "%s", m.office);
		snprintf(r->node, sizeof r->node, "%s", m.node);
		snprintf(r->made_at, sizeof r->made_at, "%s", m.made_at);
		snprintf(r->clock_min, sizeof r->clock_min, "%s", m.clock_min);
		snprintf(r->clock_max, sizeof r->clock_max, "%s", m.clock_max);
		found = 1;
		sqlite3_finalize(st);
		st = NULL;
		if (keep_receipt(db, path, &m, r) != 0)
			*err = xasprintf(_("cannot keep the receipt: %s"), db_error_text(db));
		manifest_free(&m);
	}
	sqlite3_finalize(st);
	return found;
}

int
sync_import(sqlite3 *db, const char *path, const sync_import_opts *o, sync_receipt *r, char **err)
{
	private_copy pc = { NULL, NULL };
	manifest m;
	int64_t now_ms = o->now_ms ? o->now_ms : util_now_ms();
	sync_import_opts opts = *o;
	char *e;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	if (sodium_init() < 0) {
		*err = xstrdup(_("libsodium cannot start"));
		return -1;
	}
	opts.now_ms = now_ms;
	/* First, before anything can return early: an import killed after its commit but before it
	 * removed its copy leaves the copy, and the next import of that file is recognised as done. */
	sweep_beside(db);
	if (!o->recheck && (already_imported(db, path, r, err) || *err))
		return *err ? -1 : 0;
	memset(r, 0, sizeof *r);
	e = private_copy_make(db, path, o->passphrase, &pc, r->hash);
	if (!e)
		e = check_file(pc.path, &m);
	if (!e)
		e = check_future(&m, now_ms, o->accept_future);
	if (!e)
		e = check_deidentified(db, &m);
	if (!e) {
		snprintf(r->office, sizeof r->office, "%s", m.office);
		snprintf(r->node, sizeof r->node, "%s", m.node);
		snprintf(r->made_at, sizeof r->made_at, "%s", m.made_at);
		snprintf(r->clock_min, sizeof r->clock_min, "%s", m.clock_min);
		snprintf(r->clock_max, sizeof r->clock_max, "%s", m.clock_max);
		e = merge_file(db, pc.path, path, &m, &opts, r);
	}
	private_copy_remove(&pc);
	manifest_free(&m);
	*err = e;
	return e ? -1 : 0;
}

/* ---- receipts and the digest --------------------------------------------------------------- */

int
sync_receipts_each(sqlite3 *db, int (*fn)(void *arg, const char *file, const char *imported_at,
    const sync_receipt *r), void *arg)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT file_name, imported_at, office, node, made_at, clock_min, clock_max,"
	    " file_hash, new_rows, updated, known, conflicts FROM sync_receipt ORDER BY seq");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sync_receipt r;
#define COL(i) (sqlite3_column_text(st, i) ? (const char *)sqlite3_column_text(st, i) : "")
		memset(&r, 0, sizeof r);
		snprintf(r.office, sizeof r.office, "%s", COL(2));
		snprintf(r.node, sizeof r.node, "%s", COL(3));
		snprintf(r.made_at, sizeof r.made_at, "%s", COL(4));
		snprintf(r.clock_min, sizeof r.clock_min, "%s", COL(5));
		snprintf(r.clock_max, sizeof r.clock_max, "%s", COL(6));
		snprintf(r.hash, sizeof r.hash, "%s", COL(7));
		r.new_rows = sqlite3_column_int64(st, 8);
		r.updated = sqlite3_column_int64(st, 9);
		r.known = sqlite3_column_int64(st, 10);
		r.conflicts = sqlite3_column_int64(st, 11);
		if (fn(arg, COL(0), COL(1), &r) != 0)
			break;
#undef COL
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static int
digest_query(sqlite3 *db, const char *sql, hasher *hs)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < sqlite3_column_count(st); i++)
			hash_value(hs, st, i);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
sync_digest(sqlite3 *db, char out[SYNC_HASH_HEX])
{
	hasher hs;
	int rc = 0;

	hasher_init(&hs);
	for (int i = 0; i < registry_table_count() && rc == 0; i++) {
		const registry_table *t = registry_table_at(i);
		char *list = cols(t, "\"@\"", ", ");
		char *sql = xasprintf("SELECT %s FROM main.\"%s\" ORDER BY id", list, t->name);
		hasher_put(&hs, t->name, strlen(t->name) + 1);
		rc = digest_query(db, sql, &hs);
		free(list);
		free(sql);
	}
	if (rc == 0)
		rc = digest_query(db, "SELECT tbl, id, clock, node, base, kind, data, base_node FROM main.sync_conflict"
		    " ORDER BY tbl, id, clock, node, data", &hs);
	hasher_final_hex(&hs, out);
	return rc;
}

/* ---- possible duplicates ------------------------------------------------------------------- */

/* Natural keys that two offices may both create (proposal 032 of a session, a community code):
 * they are checked on entry, never by a UNIQUE index, so a merge never fails on them; pairs that
 * share one are listed for a person to decide. */
/* A facility's kind as the inventory shows it: its standard item (two digits) or business type. */
#define FACILITY_KIND(r) "(CASE WHEN " r ".std_item > 0 THEN substr('0' || " r ".std_item, -2) ELSE " r ".business_type END)"
static const struct natural_key {
	const char *table;
	const char *key;	/* SQL over a row aliased a (and b): the text shown */
	const char *same;	/* SQL: a and b share the key */
} natural_keys[] = {
	{ "community", "a.code", "b.code = a.code" },
	{ "proposal", "a.number || ' ' || a.session || ' ' || a.handling_unit",
	  /* numbers as entry and import match them: 32 is 032 without the zeros a spreadsheet dropped */
	  "b.session = a.session AND b.handling_unit = a.handling_unit AND "
	  PROPOSAL_NUMBER_KEY_SQL("b.number") " = " PROPOSAL_NUMBER_KEY_SQL("a.number") },
	/* one questionnaire version imported in two offices from different files (so different ids) */
	{ "survey_template", "a.form_id || ' ' || a.version", "b.form_id = a.form_id AND b.version = a.version" },
	{ "facility", "coalesce((SELECT c.code FROM community c WHERE c.id = a.community), a.community) || ' ' || " FACILITY_KIND("a") " || ' ' || a.name",
	  "b.community = a.community AND b.name = a.name AND " FACILITY_KIND("b") " = " FACILITY_KIND("a") },
	/* one estate entered at two offices, or two left in one community by merging two communities */
	{ "estate", "coalesce((SELECT c.code FROM community c WHERE c.id = a.community), a.community) || ' ' || a.name",
	  "b.community = a.community AND b.name = a.name" },
};

int
sync_duplicates_each(sqlite3 *db, int (*fn)(void *arg, const char *table, const char *key, const char *id_a,
    const char *id_b), void *arg)
{
	for (size_t k = 0; k < sizeof natural_keys / sizeof natural_keys[0]; k++) {
		const struct natural_key *nk = &natural_keys[k];
		char *sql;
		sqlite3_stmt *st;
		int rc;
		if (!registry_find(nk->table))
			continue;
		sql = xasprintf("SELECT %s, a.id, b.id FROM \"%s\" a JOIN \"%s\" b ON %s AND b.id > a.id"
		    " WHERE a.deleted = 0 AND b.deleted = 0 ORDER BY 1, 2, 3", nk->key, nk->table, nk->table, nk->same);
		st = db_prepare(db, sql);
		free(sql);
		if (!st)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (fn(arg, nk->table, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			    (const char *)sqlite3_column_text(st, 2)) != 0)
				break;
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return -1;
	}
	return 0;
}
