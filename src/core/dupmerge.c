/* dupmerge.c - merge a pair of possible duplicates: the dropped record becomes a tombstone, a synced
 * record_merge row names the record it was merged into, and whatever pointed at the dropped record
 * points at the kept one. Every write is a record version like an edit on a screen (new clock, base =
 * the version it replaces, this node as origin), so the merge travels to the other offices through
 * the ordinary export and import, and an office that imports it ends with the same rows. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dupmerge.h"
#include "db.h"
#include "record.h"
#include "registry.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* Ids repointed per query: the next query finds the rest (a repointed row no longer matches), so
 * memory stays flat whatever the number of survey responses of a community. */
#define REPOINT_BATCH 256
/* Merges followed at most by dupmerge_target (two offices may merge a pair both ways round). */
#define TARGET_MAX_STEPS 64

/* Tables whose records a person may merge: those with a natural key two offices may both make
 * (sync_duplicates_each), and estates, which a merge of communities can leave doubled. */
static const char *const mergeable[] = { "community", "estate", "facility", "proposal", "survey_template" };

/* The references between synced records, read off the schema (src/db/migrate.c): column of table
 * holds the id of a record of target. A questionnaire is named by form id and version, never by its
 * record id, so merging two copies of one version repoints nothing; a facility is named by nothing. */
static const struct reference {
	const char *target, *table, *column;
} references[] = {
	{ "community", "facility", "community" },
	{ "community", "estate", "community" },
	{ "community", "survey_response", "community" },
	{ "estate", "facility", "estate" },
	/* a survey response names its estate by community and name, not by id: see repoint_responses */
	{ "proposal", "feedback", "proposal_id" },
};

bool
dupmerge_supported(const char *table)
{
	for (size_t i = 0; table && i < sizeof mergeable / sizeof mergeable[0]; i++)
		if (strcmp(mergeable[i], table) == 0)
			return true;
	return false;
}

typedef struct merge_job {
	const char *table, *keep, *drop;	/* table is one of mergeable[] (checked first) */
	dupmerge_result *r;
} merge_job;

static int
bind_one(sqlite3_stmt *st, int first, const void *rec)
{
	return sqlite3_bind_text(st, first, rec, -1, SQLITE_TRANSIENT);
}

static int
bind_merge(sqlite3_stmt *st, int first, const void *rec)
{
	const merge_job *j = rec;
	int rc = sqlite3_bind_text(st, first, j->table, -1, SQLITE_STATIC);

	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, first + 1, j->drop, -1, SQLITE_STATIC);
	return rc == SQLITE_OK ? sqlite3_bind_text(st, first + 2, j->keep, -1, SQLITE_STATIC) : rc;
}

/* Up to REPOINT_BATCH ids of ref's table that point at id (tombstones too, so a restore later points
 * right); *n gets how many. */
static char **
pointing_ids(sqlite3 *db, const struct reference *ref, const char *id, int *n, int *rc)
{
	char *sql = xasprintf("SELECT id FROM \"%s\" WHERE \"%s\" = ?1 ORDER BY id LIMIT %d", ref->table, ref->column,
	    REPOINT_BATCH);
	sqlite3_stmt *st = db_prepare(db, sql);
	char **ids = NULL;
	int s = SQLITE_ERROR;

	free(sql);
	*n = 0;
	if (st && sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) == SQLITE_OK) {
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			ids = xrealloc(ids, (size_t)(*n + 1) * sizeof *ids);
			ids[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
	}
	sqlite3_finalize(st);
	*rc = s == SQLITE_DONE ? 0 : RECORD_ERR_DB;
	return ids;
}

/* Row id of ref's table made to point at to, as a new version of it (new clock, base the old one). */
static int
repoint_row(sqlite3 *db, const struct reference *ref, const char *to, const char *id)
{
	char *sql = xasprintf("UPDATE \"%s\" SET \"%s\" = ?1, updated_at = ?2, base = hlc, hlc = ?3, operator = ?4,"
	    " origin = ?5 WHERE id = ?6", ref->table, ref->column);
	int rc = record_write_update(db, db_prepare(db, sql), bind_one, to, 2, id);

	free(sql);
	return rc;
}

/* Point every record of ref's table that points at drop at keep, each as a new version. */
static int
repoint(sqlite3 *db, const struct reference *ref, const merge_job *j)
{
	int rc = 0, n;

	do {
		char **ids = pointing_ids(db, ref, j->drop, &n, &rc);
		for (int i = 0; i < n; i++) {
			if (rc == 0 && (rc = repoint_row(db, ref, j->keep, ids[i])) == 0)
				j->r->repointed++;
			free(ids[i]);
		}
		free(ids);
	} while (rc == 0 && n == REPOINT_BATCH);
	return rc;
}

/* A survey response's estate to community k and name, as a new version. */
static int
bind_place(sqlite3_stmt *st, int first, const void *rec)
{
	char *const *place = rec;
	int rc = sqlite3_bind_text(st, first, place[0], -1, SQLITE_STATIC);

	return rc == SQLITE_OK ? sqlite3_bind_text(st, first + 1, place[1], -1, SQLITE_STATIC) : rc;
}

/* Up to REPOINT_BATCH survey responses (tombstones too) naming estate name of community; *n how many. */
static char **
responses_naming(sqlite3 *db, char *const *place, int *n, int *rc)
{
	char *sql = xasprintf("SELECT id FROM survey_response WHERE community = ?1 AND estate = ?2 ORDER BY id LIMIT %d",
	    REPOINT_BATCH);
	sqlite3_stmt *st = db_prepare(db, sql);
	char **ids = NULL;
	int s = SQLITE_ERROR;

	free(sql);
	*n = 0;
	if (st && bind_place(st, 1, place) == SQLITE_OK)
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			ids = xrealloc(ids, (size_t)(*n + 1) * sizeof *ids);
			ids[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
	sqlite3_finalize(st);
	*rc = s == SQLITE_DONE ? 0 : RECORD_ERR_DB;
	return ids;
}

/* An estate's community and name (place[0], place[1], heap); 0 or RECORD_ERR_DB. */
static int
estate_place(sqlite3 *db, const char *id, char *place[2])
{
	const char *p[1] = { id };

	place[0] = db_query_text(db, "SELECT community FROM estate WHERE id = ?1", 1, p);
	place[1] = db_query_text(db, "SELECT name FROM estate WHERE id = ?1", 1, p);
	return place[0] && place[1] ? 0 : RECORD_ERR_DB;
}

/* Merging estates: the survey responses that name the dropped estate (by its community and name,
 * tombstones too) name the kept one instead, each as a new version. Nothing to do for the usual
 * pair, one name in one community. */
static int
repoint_responses(sqlite3 *db, const merge_job *j)
{
	char *keep[2], *drop[2];
	int rc = estate_place(db, j->keep, keep), n = 0;

	if (rc == 0)
		rc = estate_place(db, j->drop, drop);
	else
		drop[0] = drop[1] = NULL;
	if (rc == 0 && (strcmp(keep[0], drop[0]) != 0 || strcmp(keep[1], drop[1]) != 0)) {
		do {
			char **ids = responses_naming(db, drop, &n, &rc);
			for (int i = 0; i < n; i++) {
				if (rc == 0 && (rc = record_write_update(db, db_prepare(db, "UPDATE survey_response SET"
				    " community = ?1, estate = ?2, updated_at = ?3, base = hlc, hlc = ?4, operator = ?5,"
				    " origin = ?6 WHERE id = ?7"), bind_place, keep, 3, ids[i])) == 0)
					j->r->repointed++;
				free(ids[i]);
			}
			free(ids);
		} while (rc == 0 && n == REPOINT_BATCH);
	}
	for (int i = 0; i < 2; i++) {
		free(keep[i]);
		free(drop[i]);
	}
	return rc;
}

static int
live_count(sqlite3 *db, const merge_job *j)
{
	char *sql = xasprintf("SELECT count(*) FROM \"%s\" WHERE id IN (?1, ?2) AND deleted = 0", j->table);
	const char *p[2] = { j->keep, j->drop };
	char *n = db_query_text(db, sql, 2, p);
	int v = n ? atoi(n) : -1;

	free(n);
	free(sql);
	return v;
}

/* The merge itself, inside the caller's transaction. */
static int
merge_tx(sqlite3 *db, void *ud, char **err)
{
	const merge_job *j = ud;
	const char *what = _("merging the duplicates");
	const char *p[2] = { j->keep, j->drop };
	int rc = 0, live = live_count(db, j);

	if (live != 2) {
		char *k = utf8_escape_controls(j->keep), *d = utf8_escape_controls(j->drop);
		*err = live < 0 ? xasprintf("%s: %s", what, db_error_text(db))
		    : xasprintf(_("%s and %s are not both live records of %s (merged or deleted already, or no such id)"),
		        k, d, j->table);
		free(k);
		free(d);
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < sizeof references / sizeof references[0]; i++)
		if (strcmp(references[i].target, j->table) == 0)
			rc = repoint(db, &references[i], j);
	if (rc == 0 && strcmp(j->table, "estate") == 0)
		rc = repoint_responses(db, j);
	if (rc == 0)
		rc = record_tombstone(db, j->table, j->drop);
	if (rc == 1)
		rc = RECORD_ERR_DB;	/* checked live above: only a failure gets here */
	if (rc == 0)
		rc = record_write_insert(db, db_prepare(db, "INSERT INTO record_merge (" RECORD_META_NAMES ", tbl, from_id,"
		    " into_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"), bind_merge, j, j->r->merge_id);
	/* This office's own community is a local setting: it follows the record that stays. */
	if (rc == 0 && strcmp(j->table, "community") == 0 &&
	    db_exec_params(db, "UPDATE settings SET value = ?1 WHERE key = 'community_id' AND value = ?2", 2, p) != 0)
		rc = RECORD_ERR_DB;
	/* this merge is its pair's latest: one the other way round, imported before, is void now */
	if (rc == 0)
		rc = dupmerge_settle_opposite(db, NULL);
	if (rc != 0) {
		const char *why = record_error_message(rc);
		*err = xasprintf("%s: %s", what, why ? why : db_error_text(db));
		return -1;
	}
	return 0;
}

int
dupmerge_merge(sqlite3 *db, const char *table, const char *keep_id, const char *drop_id, dupmerge_result *r,
    char **err)
{
	dupmerge_result dummy;
	merge_job j = { table, keep_id, drop_id, r ? r : &dummy };

	*err = NULL;
	memset(j.r, 0, sizeof *j.r);
	if (!dupmerge_supported(table) || !registry_find(table)) {
		char *t = utf8_escape_controls(table ? table : "");
		*err = xasprintf(_("records of %s cannot be merged (only communities, estates, facilities, proposals and "
		    "survey templates)"), t);
		free(t);
		return -1;
	}
	if (!keep_id || !drop_id || strcmp(keep_id, drop_id) == 0) {
		*err = xstrdup(_("a record cannot be merged into itself: give two different ids"));
		return -1;
	}
	return record_in_transaction(db, merge_tx, &j, _("merging the duplicates"), err);
}

/* Is id a live record of table (a name from record_merge, so checked against the mergeable kinds
 * before it goes into SQL)? */
static bool
is_live(sqlite3 *db, const char *table, const char *id)
{
	const char *p[1] = { id };
	char *sql;
	long long n;

	if (!dupmerge_supported(table))
		return false;
	sql = xasprintf("SELECT count(*) FROM \"%s\" WHERE id = ?1 AND deleted = 0", table);
	{
		char *v = db_query_text(db, sql, 1, p);
		n = v ? atoll(v) : 0;
		free(v);
	}
	free(sql);
	return n > 0;
}

char *
dupmerge_target(sqlite3 *db, const char *id)
{
	char *at = NULL;

	for (int step = 0; step < TARGET_MAX_STEPS; step++) {
		const char *p[1] = { at ? at : id };
		/* The latest live merge of the record wins, by clock and node as versions are ordered. */
		char *next = db_query_text(db, "SELECT into_id || ' ' || tbl FROM record_merge WHERE from_id = ?1"
		    " AND deleted = 0 ORDER BY hlc DESC, origin DESC LIMIT 1", 1, p);
		char *sp = next ? strchr(next, ' ') : NULL;
		if (!sp) {
			free(next);
			break;
		}
		*sp = '\0';
		free(at);
		at = next;
		if (strcmp(at, id) == 0) {
			/* the merges lead back to it: it is the record that stays (a pair merged both ways round, settled
			 * by dupmerge_settle_opposite), or, when none is live, nothing it went into */
			free(at);
			return NULL;
		}
		if (is_live(db, sp + 1, at))
			break;	/* the record that stays (or one restored since) */
	}
	return at;
}

char *
dupmerge_follow(sqlite3 *db, char *id)
{
	char *to = id ? dupmerge_target(db, id) : NULL;

	if (!to)
		return id;
	free(id);
	return to;
}

/* ---- records that arrived pointing at a merged record ------------------------------------ */

/* SQL: live rows of ref's table that point at a record merged away (a live record_merge of its kind). */
static char *
stale_sql(const struct reference *ref, const char *select, const char *tail)
{
	/* only while the record merged away is a tombstone: one restored since (merged both ways round at two
	 * offices, then one brought back in its list) is a record again */
	return xasprintf("SELECT %s FROM \"%s\" x WHERE x.deleted = 0 AND x.\"%s\" IN (SELECT m.from_id FROM record_merge m"
	    " JOIN \"%s\" t ON t.id = m.from_id AND t.deleted = 1 WHERE m.deleted = 0 AND m.tbl = '%s')%s", select,
	    ref->table, ref->column, ref->target, ref->target, tail);
}

long long
dupmerge_stale_count(sqlite3 *db)
{
	long long n = 0;

	for (size_t i = 0; i < sizeof references / sizeof references[0]; i++) {
		char *sql = stale_sql(&references[i], "count(*)", "");
		long long c = db_query_int(db, sql, -1);
		free(sql);
		if (c < 0)
			return -1;
		n += c;
	}
	return n;
}

/* One batch of ref's stale rows after id *last (keyset, so a row left as it is is passed, not met
 * again), repointed; *n gets the batch's size. */
static int
repoint_stale_batch(sqlite3 *db, const struct reference *ref, char *last, int *n, long long *moved)
{
	char *sel = xasprintf("x.id, x.\"%s\"", ref->column);
	char *tail = xasprintf(" AND x.id > ?1 ORDER BY x.id LIMIT %d", REPOINT_BATCH);
	char *up = stale_sql(ref, sel, tail);
	char **ids = NULL, **tos = NULL;
	sqlite3_stmt *st;
	int rc = 0, s;

	free(sel);
	free(tail);
	st = db_prepare(db, up);
	free(up);
	*n = 0;
	if (!st || sqlite3_bind_text(st, 1, last, -1, SQLITE_TRANSIENT) != SQLITE_OK) {
		sqlite3_finalize(st);
		return RECORD_ERR_DB;
	}
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xrealloc(ids, (size_t)(*n + 1) * sizeof *ids);
		tos = xrealloc(tos, (size_t)(*n + 1) * sizeof *tos);
		ids[*n] = xstrdup((const char *)sqlite3_column_text(st, 0));
		tos[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		rc = RECORD_ERR_DB;
	for (int i = 0; i < *n; i++) {
		char *to = rc == 0 ? dupmerge_target(db, tos[i]) : NULL, *live = NULL;
		if (to) {
			/* only into a live record (a pair merged both ways round and deleted since: neither is) */
			char *q = xasprintf("SELECT id FROM \"%s\" WHERE id = ?1 AND deleted = 0", ref->target);
			const char *pp[1] = { to };
			live = db_query_text(db, q, 1, pp);
			free(q);
		}
		if (live && (rc = repoint_row(db, ref, live, ids[i])) == 0)
			(*moved)++;
		snprintf(last, UUID_TEXT_LEN, "%s", ids[i]);
		free(live);
		free(to);
		free(ids[i]);
		free(tos[i]);
	}
	free(ids);
	free(tos);
	return rc;
}

typedef struct stale_job {
	long long moved;
} stale_job;

static int
repoint_stale_tx(sqlite3 *db, void *ud, char **err)
{
	stale_job *j = ud;
	int rc = 0, n;

	for (size_t i = 0; rc == 0 && i < sizeof references / sizeof references[0]; i++) {
		char last[UUID_TEXT_LEN] = "";
		do
			rc = repoint_stale_batch(db, &references[i], last, &n, &j->moved);
		while (rc == 0 && n > 0);
	}
	if (rc != 0) {
		const char *why = record_error_message(rc);
		*err = xasprintf("%s: %s", _("moving records to the merged ones"), why ? why : db_error_text(db));
		return -1;
	}
	return 0;
}

int
dupmerge_repoint_stale(sqlite3 *db, long long *moved, char **err)
{
	stale_job j = { 0 };
	int rc;

	*err = NULL;
	rc = record_in_transaction(db, repoint_stale_tx, &j, _("moving records to the merged ones"), err);
	if (moved)
		*moved = rc == 0 ? j.moved : 0;
	return rc;
}

/* ---- a pair merged both ways round --------------------------------------------------------- */

/* The first live merge after id ?1 (by id) of a pair that lost to a later live merge of the same pair
 * the other way round, with the winner: loser id, clock and node; winner clock, node, time, operator,
 * table and kept record. The winner is the pair's latest live merge, by clock and then node as versions
 * are ordered, whatever its direction, so each loser is the same at every office that holds both.
 * Voiding a loser leaves its pair's winner as it was, so the walk goes on after it (each step one
 * probe of the id index, and of the from_id and into_id indexes). */
static const char opposite_sql[] =
	"SELECT l.id, l.hlc, l.origin, t.hlc, t.origin, t.updated_at, t.operator, t.tbl, t.into_id FROM record_merge l"
	" JOIN record_merge t ON t.from_id = l.into_id AND t.into_id = l.from_id AND t.tbl = l.tbl AND t.deleted = 0"
	" WHERE l.deleted = 0 AND l.id > ?1 AND NOT EXISTS (SELECT 1 FROM record_merge y WHERE y.deleted = 0 AND y.tbl = t.tbl"
	" AND ((y.from_id = t.from_id AND y.into_id = t.into_id) OR (y.from_id = t.into_id AND y.into_id = t.from_id))"
	" AND (y.hlc > t.hlc OR (y.hlc = t.hlc AND y.origin > t.origin))) ORDER BY l.id LIMIT 1";

enum { OPP_LOSER, OPP_LOSER_HLC, OPP_LOSER_NODE, OPP_HLC, OPP_NODE, OPP_TIME, OPP_OPERATOR, OPP_TABLE, OPP_KEPT, OPP_N };

/* Settle one pair: v holds opposite_sql's row. The record the winner kept is live again when the
 * loser made it a tombstone (its current version is a tombstone of the loser's node from before the
 * loser's clock: a later deletion by anyone stays), and the loser is void. Both writes are a new
 * version based on the one they replace, stamped with the winner's clock, node, time and operator:
 * every office that settles the pair writes the identical version (so they never meet as a
 * conflict), and it is later than the loser and its tombstone, so it wins over both. No node ever
 * stamps another version of these two records with that clock (the winner's node spent it on the
 * winning merge row). */
static int
settle_one(sqlite3 *db, char *const *v)
{
	const char *restore_p[7] = { v[OPP_TIME], v[OPP_OPERATOR], v[OPP_HLC], v[OPP_NODE], v[OPP_KEPT], v[OPP_LOSER_NODE],
	    v[OPP_LOSER_HLC] };
	const char *void_p[5] = { v[OPP_TIME], v[OPP_OPERATOR], v[OPP_HLC], v[OPP_NODE], v[OPP_LOSER] };
	int rc = 0;

	/* the table is a name from record_merge: only a mergeable kind goes into SQL */
	if (dupmerge_supported(v[OPP_TABLE])) {
		char *sql = xasprintf("UPDATE \"%s\" SET deleted = 0, updated_at = ?1, operator = ?2, base = hlc, base_node = origin,"
		    " hlc = ?3, origin = ?4 WHERE id = ?5 AND deleted = 1 AND origin = ?6 AND hlc < ?7", v[OPP_TABLE]);
		rc = db_exec_params(db, sql, 7, restore_p);
		free(sql);
	}
	if (rc == 0)
		rc = db_exec_params(db, "UPDATE record_merge SET deleted = 1, updated_at = ?1, operator = ?2, base = hlc,"
		    " base_node = origin, hlc = ?3, origin = ?4 WHERE id = ?5 AND deleted = 0", 5, void_p);
	return rc == 0 ? 0 : RECORD_ERR_DB;
}

int
dupmerge_settle_opposite(sqlite3 *db, long long *settled)
{
	sqlite3_stmt *st = db_prepare(db, opposite_sql);
	char last[UUID_TEXT_LEN] = "";
	long long n = 0;
	int rc = st ? 0 : RECORD_ERR_DB;

	while (rc == 0) {
		char *v[OPP_N];
		int s = sqlite3_bind_text(st, 1, last, -1, SQLITE_TRANSIENT) == SQLITE_OK ? sqlite3_step(st) : SQLITE_ERROR;
		if (s == SQLITE_DONE)
			break;
		if (s != SQLITE_ROW) {
			rc = RECORD_ERR_DB;
			break;
		}
		for (int i = 0; i < OPP_N; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			v[i] = xstrdup(t ? (const char *)t : "");
		}
		sqlite3_reset(st);
		snprintf(last, sizeof last, "%s", v[OPP_LOSER]);
		rc = settle_one(db, v);
		for (int i = 0; i < OPP_N; i++)
			free(v[i]);
		n += rc == 0;
	}
	sqlite3_finalize(st);
	if (settled)
		*settled = n;
	return rc;
}
