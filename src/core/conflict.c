/* conflict.c - review of the exchange's conflicts and possible duplicates. A conflict (sync_conflict)
 * keeps the losing version of a record whole as a JSON object; the winner is whatever the record's
 * table holds now. Taking the loser is an ordinary edit (record_write_update), so it gets a new
 * clock whose base is the current version and travels to the other offices like any edit. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conflict.h"
#include "db.h"
#include "record.h"
#include "registry.h"
#include "settings.h"
#include "util.h"
#include "i18n.h"

/* Columns every record carries for the exchange: shown in the header, not as fields. */
static bool
is_meta(const registry_column *c)
{
	static const char *const meta[] = { "id", "origin", "created_at", "updated_at", "hlc", "operator", "base", "base_node" };

	if (c->local)
		return true;
	for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++)
		if (strcmp(c->name, meta[i]) == 0)
			return true;
	return false;
}

/* "a", "b", ... of t's fields, each through tmpl where '@' stands for the column name. */
static char *
field_list(const registry_table *t, const char *tmpl)
{
	char *out = xstrdup("");

	for (int i = 0; i < t->n_columns; i++) {
		const char *c = t->columns[i].name;
		char *piece, *joined;
		size_t n = 0;
		if (is_meta(&t->columns[i]))
			continue;
		piece = xstrdup("");
		for (const char *p = tmpl; *p; p++) {
			char *next = *p == '@' ? xasprintf("%s%s", piece, c) : xasprintf("%s%c", piece, *p);
			free(piece);
			piece = next;
			n++;
		}
		joined = xasprintf("%s%s%s", out, *out ? ", " : "", piece);
		free(out);
		free(piece);
		out = joined;
	}
	return out;
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return xstrdup(v ? (const char *)v : "");
}

/* The office code of the node that wrote a version: this office's own, else the last receipt's. */
static char *
node_office(sqlite3 *db, const char *node)
{
	char *own = record_node_id(db), *office;
	const char *p[1] = { node };

	if (own && strcmp(own, node) == 0) {
		free(own);
		office = settings_get(db, "office_code");
		return office ? office : xstrdup("");
	}
	free(own);
	office = db_query_text(db, "SELECT office FROM sync_receipt WHERE node = ?1 ORDER BY seq DESC LIMIT 1", 1, p);
	return office ? office : xstrdup("");
}

/* Fill p's fields from the row st is on: left values in columns [0, n), right in [n, 2n). */
static void
fill_fields(conflict_pair *p, const registry_table *t, sqlite3_stmt *st)
{
	int n = 0;

	for (int i = 0; i < t->n_columns; i++)
		if (!is_meta(&t->columns[i]))
			n++;
	p->fields = xcalloc((size_t)n, sizeof *p->fields);
	p->n_fields = n;
	for (int i = 0, k = 0; i < t->n_columns; i++) {
		conflict_field *f;
		if (is_meta(&t->columns[i]))
			continue;
		f = &p->fields[k];
		f->name = xstrdup(t->columns[i].name);
		f->left = col_text(st, k);
		f->right = col_text(st, n + k);
		f->differs = strcmp(f->left, f->right) != 0
		    || (sqlite3_column_type(st, k) == SQLITE_NULL) != (sqlite3_column_type(st, n + k) == SQLITE_NULL);
		p->n_differ += f->differs;
		k++;
	}
}

int
conflict_load(sqlite3 *db, long long cid, conflict_pair *out)
{
	sqlite3_stmt *st;
	const registry_table *t;
	char *tbl, *sql, *left, *right, *node;
	int rc;

	memset(out, 0, sizeof out[0]);
	st = db_prepare(db, "SELECT tbl, id, clock, node, kind, reviewed FROM sync_conflict WHERE rowid = ?1");
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, cid);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	tbl = col_text(st, 0);
	out->table = xstrdup(tbl);
	out->id = col_text(st, 1);
	out->right_clock = col_text(st, 2);
	node = col_text(st, 3);
	out->kind = col_text(st, 4);
	out->reviewed = col_text(st, 5);
	sqlite3_finalize(st);
	out->right_office = node_office(db, node);
	free(node);
	if (!(t = registry_find(tbl))) {
		free(tbl);
		conflict_pair_free(out);
		return 1;
	}
	free(tbl);
	/* The table name is the registry's, never the file's text. */
	left = field_list(t, "L.\"@\"");
	right = field_list(t, "json_extract(c.data, '$.@')");
	sql = xasprintf("SELECT %s, %s, L.hlc, L.origin, L.id IS NULL FROM sync_conflict c"
	    " LEFT JOIN \"%s\" L ON L.id = c.id WHERE c.rowid = ?1", left, right, t->name);
	free(left);
	free(right);
	st = db_prepare(db, sql);
	free(sql);
	if (!st) {
		conflict_pair_free(out);
		return -1;
	}
	sqlite3_bind_int64(st, 1, cid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		conflict_pair_free(out);
		return -1;
	}
	fill_fields(out, t, st);
	{
		int n = out->n_fields;
		char *lnode = col_text(st, 2 * n + 1);
		out->left_clock = col_text(st, 2 * n);
		out->left_gone = sqlite3_column_int(st, 2 * n + 2) != 0;
		out->left_office = node_office(db, lnode);
		free(lnode);
	}
	sqlite3_finalize(st);
	return 0;
}

int
conflict_load_records(sqlite3 *db, const char *table, const char *id_a, const char *id_b, conflict_pair *out)
{
	const registry_table *t = registry_find(table);
	char *left, *right, *sql, *node;
	sqlite3_stmt *st;
	int rc, n;

	memset(out, 0, sizeof out[0]);
	if (!t)
		return 1;
	left = field_list(t, "A.\"@\"");
	right = field_list(t, "B.\"@\"");
	sql = xasprintf("SELECT %s, %s, A.hlc, A.origin, B.hlc, B.origin FROM \"%s\" A, \"%s\" B"
	    " WHERE A.id = ?1 AND B.id = ?2 AND A.deleted = 0 AND B.deleted = 0", left, right, t->name, t->name);
	free(left);
	free(right);
	st = db_prepare(db, sql);
	free(sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id_a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id_b, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	out->table = xstrdup(t->name);
	out->id = xstrdup(id_a);
	out->kind = xstrdup("");
	out->reviewed = xstrdup("");
	fill_fields(out, t, st);
	n = out->n_fields;
	out->left_clock = col_text(st, 2 * n);
	node = col_text(st, 2 * n + 1);
	out->left_office = node_office(db, node);
	free(node);
	out->right_clock = col_text(st, 2 * n + 2);
	node = col_text(st, 2 * n + 3);
	out->right_office = node_office(db, node);
	free(node);
	sqlite3_finalize(st);
	return 0;
}

void
conflict_pair_free(conflict_pair *p)
{
	for (int i = 0; i < p->n_fields; i++) {
		free(p->fields[i].name);
		free(p->fields[i].left);
		free(p->fields[i].right);
	}
	free(p->fields);
	free(p->table);
	free(p->id);
	free(p->left_clock);
	free(p->right_clock);
	free(p->left_office);
	free(p->right_office);
	free(p->kind);
	free(p->reviewed);
	memset(p, 0, sizeof *p);
}

static int
bind_data(sqlite3_stmt *st, int first, const void *rec)
{
	return sqlite3_bind_text(st, first, rec, -1, SQLITE_TRANSIENT);
}

static int
mark(sqlite3 *db, long long cid, const char *how)
{
	char now[32], idtext[32];
	const char *p[3] = { how, now, idtext };

	util_now_iso8601(now);
	snprintf(idtext, sizeof idtext, "%lld", cid);
	if (db_exec_params(db, "UPDATE sync_conflict SET reviewed = ?1, reviewed_at = ?2 WHERE rowid = CAST(?3 AS INTEGER)",
	    3, p) != 0)
		return -1;
	return sqlite3_changes(db) == 1 ? 0 : 1;
}

/* The UPDATE that makes t's row the JSON version bound at ?1: a field the JSON does not hold (a
 * de-identified file's copy) keeps its current value; base is the clock it replaces (SQLite reads
 * the old row on the right of SET); record_write_update binds the rest. */
static char *
take_sql(const registry_table *t)
{
	char *set = field_list(t, "\"@\" = CASE WHEN json_type(?1, '$.@') IS NULL THEN \"@\" ELSE json_extract(?1, '$.@') END");
	char *sql = xasprintf("UPDATE \"%s\" SET %s, base = hlc, updated_at = ?2, hlc = ?3, operator = ?4, origin = ?5 WHERE id = ?6",
	    t->name, set);

	free(set);
	return sql;
}

int
conflict_take_other(sqlite3 *db, long long cid, char **err)
{
	const char *what = _("Taking the other version");
	char idtext[32], *tbl, *id, *data, *sql;
	const char *p[1] = { idtext };
	const registry_table *t;
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, what, err);
	snprintf(idtext, sizeof idtext, "%lld", cid);
	tbl = db_query_text(db, "SELECT tbl FROM sync_conflict WHERE rowid = CAST(?1 AS INTEGER)", 1, p);
	id = db_query_text(db, "SELECT id FROM sync_conflict WHERE rowid = CAST(?1 AS INTEGER)", 1, p);
	data = db_query_text(db, "SELECT data FROM sync_conflict WHERE rowid = CAST(?1 AS INTEGER)", 1, p);
	t = tbl ? registry_find(tbl) : NULL;
	if (!t || !id || !data) {
		free(tbl);
		free(id);
		free(data);
		db_rollback(db);
		*err = xasprintf("%s: %s", what, _("the conflict is gone (reviewed elsewhere, or the list is old)"));
		return -1;
	}
	/* The new version must come after the one it replaces wherever the two meet, even when that one
	 * was written by a computer whose clock runs ahead: the clock moves past it first (as an import
	 * does; a clock over a day ahead is then refused by the tick, and said). */
	sql = xasprintf("INSERT INTO settings (key, value) SELECT 'clock', hlc FROM \"%s\" WHERE id = ?1 AND true"
	    " ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)", t->name);
	{
		const char *q[1] = { id };
		rc = db_exec_params(db, sql, 1, q) == 0 ? 0 : RECORD_ERR_DB;
	}
	free(sql);
	sql = take_sql(t);
	if (rc == 0)
		rc = record_write_update(db, db_prepare(db, sql), bind_data, data, 2, id);
	free(sql);
	if (rc == 0)
		rc = mark(db, cid, "took");
	free(tbl);
	free(id);
	free(data);
	if (rc != 0 || db_commit(db) != 0)
		return record_write_failed(db, rc > 0 ? -1 : rc, what, err);
	return 0;
}

int
conflict_dismiss(sqlite3 *db, long long cid, char **err)
{
	const char *what = _("Keeping the current version");
	int rc;

	*err = NULL;
	if (db_begin(db) != 0)
		return record_write_failed(db, -1, what, err);
	rc = mark(db, cid, "kept");
	if (rc != 0 || db_commit(db) != 0)
		return record_write_failed(db, -1, what, err);
	return 0;
}

long long
conflict_open_count(sqlite3 *db)
{
	return db_query_int(db, "SELECT count(*) FROM sync_conflict WHERE reviewed = '' AND kind <> 'identical'", -1);
}

const char *
conflict_table_label(const char *table)
{
	static const struct { const char *table, *label; } labels[] = {
		{ "community", N_("community") }, { "estate", N_("housing estate") }, { "facility", N_("facility") },
		{ "proposal", N_("proposal") }, { "feedback", N_("feedback form") },
		{ "survey_template", N_("survey template") }, { "survey_response", N_("survey response") },
		{ "entry_keying", N_("double-entry keying") }, { "entry_decision", N_("double-entry decision") },
		{ "record_merge", N_("merge of duplicates") },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].table, table) == 0)
			return _(labels[i].label);
	return table;
}

const char *
conflict_field_label(const char *column)
{
	static const struct { const char *column, *label; } labels[] = {
		{ "deleted", N_("deleted") }, { "code", N_("code") }, { "name", N_("name") },
		{ "subdistrict", N_("subdistrict") }, { "district", N_("district") },
		{ "households", N_("households") }, { "residents", N_("residents") },
		{ "number", N_("number") }, { "session", N_("session") }, { "kind", N_("kind") },
		{ "title", N_("title") }, { "proposer", N_("proposer") }, { "phone", N_("phone") },
		{ "handling_unit", N_("handling unit") }, { "reply_letter", N_("reply letter") },
		{ "signature", N_("signature") }, { "address", N_("address") }, { "status", N_("status") },
		{ "notes", N_("notes") }, { "community", N_("community") },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].column, column) == 0)
			return _(labels[i].label);
	return column;
}
