/* facexport.c - communities, facilities, the gap report and proposals out as .xlsx or CSV through
 * the one writer, headers in the UI's language and exactly the names the importers take back, so an
 * exported file imports again unchanged. Rows are read from the database as they are written. Used by
 * `lifecircle export` (src/cli/export.c) and the facility screens' export. No curses. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facexport.h"
#include "outletsum.h"
#include "db.h"
#include "community.h"
#include "facility.h"
#include "facimport.h"
#include "propimport.h"
#include "gapbook.h"
#include "outfile.h"
#include "util.h"
#include "i18n.h"

/* ---- rows from the database ---- */

static void
write_headers(sheetout *so, const sheet_column *cols, size_t n)
{
	const char **head = xcalloc(n, sizeof *head);

	for (size_t i = 0; i < n; i++)
		head[i] = importplan_header(&cols[i]);
	sheetout_header(so, head, n);
	free(head);
}

static const char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* A number column: a number cell, or an empty cell for NULL. */
static void
col_number(sheetout *so, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		sheetout_text(so, "");
	else
		sheetout_number(so, sqlite3_column_double(st, i));
}

/* Step through st (its community bound as ?1 when one is asked for), a row written per result by row. 0, or -1 with *err. */
static int
write_query(sqlite3 *db, sheetout *so, sqlite3_stmt *st, const char *community_id,
    void (*row)(sheetout *, sqlite3_stmt *), char **err)
{
	int rc;

	if (!st) {
		*err = xstrdup(sqlite3_errmsg(db));
		return -1;
	}
	if (community_id)
		sqlite3_bind_text(st, 1, community_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !sheetout_error(so))
		row(so, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*err = xstrdup(sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static void
community_row(sheetout *so, sqlite3_stmt *st)
{
	bool zh = importplan_ui_chinese();

	for (int i = 0; i < 4; i++)
		sheetout_text(so, col_text(st, i));
	col_number(so, st, 4);
	col_number(so, st, 5);
	sheetout_text(so, strcmp(col_text(st, 6), "new") == 0 ? (zh ? "是" : "yes") : (zh ? "否" : "no"));
	col_number(so, st, 7);
	sheetout_text(so, sqlite3_column_int(st, 8) ? (zh ? "是" : "yes") : (zh ? "否" : "no"));
	sheetout_end_row(so);
}

static int
export_communities(sqlite3 *db, sheetout *so, const char *community_id, char **err)
{
	size_t n;
	const sheet_column *cols = facimport_columns(FACIMPORT_COMMUNITIES, &n);

	write_headers(so, cols, n);
	return write_query(db, so, db_prepare(db, community_id
	    ? "SELECT code, name, subdistrict, district, households, residents, development, land_area, old_estate"
	      " FROM community WHERE deleted = 0 AND id = ?1"
	    : "SELECT code, name, subdistrict, district, households, residents, development, land_area, old_estate"
	      " FROM community WHERE deleted = 0 ORDER BY code"), community_id, community_row, err);
}

static void
facility_row(sheetout *so, sqlite3_stmt *st)
{
	bool zh = importplan_ui_chinese();

	sheetout_text(so, col_text(st, 0));
	/* The kind by its name in the UI's language: the standard item's (col 1 Chinese, 19 English) or the
	 * business type's (2, 3); an item without an English name in the data keeps its Chinese one. */
	if (sqlite3_column_type(st, 1) != SQLITE_NULL)
		sheetout_text(so, zh || !*col_text(st, 19) ? col_text(st, 1) : col_text(st, 19));
	else
		sheetout_text(so, zh ? col_text(st, 2) : col_text(st, 3));
	sheetout_text(so, col_text(st, 4));
	sheetout_text(so, col_text(st, 5));
	col_number(so, st, 6);
	col_number(so, st, 7);
	col_number(so, st, 8);
	sheetout_text(so, *col_text(st, 9) ? facility_unit_label(col_text(st, 9)) : "");
	sheetout_text(so, facility_status_label(col_text(st, 10)));
	/* The circles by name in Chinese (the data names them in Chinese only), by code in English. */
	sheetout_text(so, zh ? col_text(st, 11) : col_text(st, 12));
	for (int i = 13; i <= 15; i++)      /* estate (by name), hours, operator or owner */
		sheetout_text(so, col_text(st, i));
	sheetout_text(so, sqlite3_column_int(st, 16) ? (zh ? "是" : "yes") : (zh ? "否" : "no"));
	sheetout_text(so, col_text(st, 17));
	sheetout_text(so, col_text(st, 18));
	sheetout_end_row(so);
}

static int
export_facilities(sqlite3 *db, sheetout *so, const char *community_id, char **err)
{
	size_t n;
	const sheet_column *cols = facimport_columns(FACIMPORT_FACILITIES, &n);
	char *sql = xasprintf("SELECT c.code, si.name, bt.name, bt.name_en, f.name, f.address, f.floor_area, f.land_area,"
	    " f.capacity, f.capacity_unit, f.status,"
	    " (SELECT group_concat(name, '、') FROM (SELECT ci.name FROM circle ci"
	    "   WHERE instr(' ' || f.circles || ' ', ' ' || ci.code || ' ') ORDER BY ci.no)), f.circles,"
	    " coalesce(e.name, ''), f.hours, f.run_by, f.chain, coalesce(f.checked_on, ''), f.notes, si.name_en"
	    " FROM facility f JOIN community c ON c.id = f.community"
	    " LEFT JOIN std_item si ON si.no = f.std_item LEFT JOIN business_type bt ON bt.code = f.business_type"
	    " LEFT JOIN estate e ON e.id = f.estate"   /* a deleted estate still names it */
	    " WHERE f.deleted = 0 AND c.deleted = 0%s ORDER BY c.code, f.std_item, f.business_type, f.name, f.id",
	    community_id ? " AND c.id = ?1" : "");
	int rc;

	write_headers(so, cols, n);
	rc = write_query(db, so, db_prepare(db, sql), community_id, facility_row, err);
	free(sql);
	return rc;
}

static void
proposal_row(sheetout *so, sqlite3_stmt *st)
{
	const char *kind = col_text(st, 0);

	if (importplan_ui_chinese())
		kind = strcmp(kind, "suggestion") == 0 ? "建议" : strcmp(kind, "proposal") == 0 ? "提案" : kind;
	sheetout_text(so, kind);
	for (int i = 1; i < 7; i++)
		sheetout_text(so, col_text(st, i));
	sheetout_end_row(so);
}

static int
export_proposals(sqlite3 *db, sheetout *so, char **err)
{
	size_t n;
	const sheet_column *cols = propimport_columns(&n);

	/* propimport's column order: kind, session, number, title, proposer, phone, handling unit. */
	write_headers(so, cols, n);
	return write_query(db, so, db_prepare(db, "SELECT kind, session, number, title, proposer, phone, handling_unit"
	    " FROM proposal WHERE deleted = 0 ORDER BY handling_unit, session, number, id"), NULL, proposal_row, err);
}

/* The outlet summary across every community: a row per business type, per community and the total. */
static int
export_outlets(sqlite3 *db, sheetout *so, char **err)
{
	outletsum s;
	int rc;

	/* In the language of the sheet's headers, as the inventory's kinds are. */
	if (outletsum_build(db, importplan_ui_chinese() ? "zh" : "en", &s, err) != 0)
		return -1;
	rc = outletsum_write_sheet(so, &s);
	outletsum_free(&s);
	return rc;
}

/* ---- the file ---- */

/* The first sheet's name in a workbook of o->what. */
static char *
first_sheet(const facexport_opts *o)
{
	switch (o->what) {
	case FACEXPORT_GAPS: return gapbook_first_sheet(o->gaps, o->ngaps);
	case FACEXPORT_COMMUNITIES: return xstrdup(_("Communities"));
	case FACEXPORT_FACILITIES: return xstrdup(_("Facilities"));
	case FACEXPORT_OUTLETS: return xstrdup(_("Outlets"));
	default: return xstrdup(_("Proposals"));
	}
}

static int
write_all(sqlite3 *db, const facexport_opts *o, sheetout *so, char **err)
{
	switch (o->what) {
	case FACEXPORT_COMMUNITIES: return export_communities(db, so, o->community_id, err);
	case FACEXPORT_FACILITIES: return export_facilities(db, so, o->community_id, err);
	case FACEXPORT_PROPOSALS: return export_proposals(db, so, err);
	case FACEXPORT_OUTLETS: return export_outlets(db, so, err);
	default: return o->xlsx ? gapbook_write(so, o->gaps, o->ngaps) : gaps_write_sheet(so, o->gaps, o->ngaps);
	}
}

int
facexport_write(sqlite3 *db, const facexport_opts *o, FILE *f, const char *path, char **err)
{
	sheetout *so;
	char *sheet, *close_err = NULL;
	int rc;

	*err = NULL;
	if (o->xlsx) {
		sheet = first_sheet(o);
		so = sheetout_xlsx(path, sheet, 0, err);
		free(sheet);
	} else {
		so = sheetout_csv(f, o->enc, 0, err);
	}
	if (!so)
		return -1;
	rc = write_all(db, o, so, err);
	/* The writer's own error (a full disk, ...) is said when the rows' is not. */
	if (sheetout_close(so, &close_err) != 0) {
		rc = -1;
		if (!*err)
			*err = close_err ? close_err : xstrdup("?");
		else
			free(close_err);
	} else if (rc != 0 && !*err) {
		*err = xstrdup("?");
	}
	return rc;
}

int
facexport_file(sqlite3 *db, const facexport_opts *o, const char *path, char **err)
{
	outfile *of;

	if (!(of = outfile_open(path, err)))
		return -1;
	if (facexport_write(db, o, outfile_stream(of), outfile_path(of), err) != 0) {
		outfile_abort(of);
		return -1;
	}
	return outfile_commit(of, err);
}
