/* export.c - `export communities|facilities|gaps|proposals`: records out as .xlsx or CSV through
 * the one writer, headers in the UI's language and exactly the names the importers take back, so an
 * exported file imports again unchanged. Rows are read from the database as they are written. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli_int.h"
#include "db.h"
#include "community.h"
#include "facility.h"
#include "facimport.h"
#include "propimport.h"
#include "gaps.h"
#include "gapbook.h"
#include "sheetout.h"
#include "outfile.h"
#include "util.h"
#include "i18n.h"

typedef struct export_opts {
	const char *what;	/* communities, facilities, gaps, proposals */
	const char *community;	/* code, or NULL for every community */
	const char *out;
	bool xlsx;
	sheetout_encoding enc;
} export_opts;

static bool
ends_with_xlsx(const char *s)
{
	size_t n = strlen(s);

	return n >= 5 && strcasecmp(s + n - 5, ".xlsx") == 0;
}

static int
export_parse(int argc, char **argv, export_opts *o)
{
	static const char *const formats[] = { "csv", "xlsx", NULL };
	const cli_opt own[] = { { "community", &o->community } };
	cli_output out;
	int rc;

	memset(o, 0, sizeof *o);
	o->what = argv[0];
	if ((rc = cli_parse_output("lifecircle export", argc, argv, formats, own, 1, &out)) != 0)
		return rc;
	o->out = out.out;
	o->enc = out.enc;
	if (!o->out) {
		fprintf(stderr, _("lifecircle export: say where to write: -o FILE\n"));
		return 2;
	}
	/* No --format: the file's name says (.xlsx), else CSV. */
	o->xlsx = out.format ? strcmp(out.format, "xlsx") == 0 : ends_with_xlsx(o->out);
	if (out.enc_given && o->xlsx) {
		fprintf(stderr, _("lifecircle export: --encoding is for --format csv (.xlsx is always Unicode)\n"));
		return 2;
	}
	if (o->xlsx && strcmp(o->out, "-") == 0) {
		fprintf(stderr, _("lifecircle export: an .xlsx workbook needs a file: -o FILE.xlsx\n"));
		return 2;
	}
	if (o->community && strcmp(o->what, "proposals") == 0) {
		fprintf(stderr, _("lifecircle export: proposals belong to no community: drop --community\n"));
		return 2;
	}
	return 0;
}

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

/* Step through st (its community bound as ?1 when one is asked for), a row written per result by row. */
static int
write_query(sqlite3 *db, sheetout *so, sqlite3_stmt *st, const char *community_id,
    void (*row)(sheetout *, sqlite3_stmt *))
{
	int rc;

	if (!st)
		return -1;
	if (community_id)
		sqlite3_bind_text(st, 1, community_id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !sheetout_error(so))
		row(so, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		fprintf(stderr, "lifecircle export: %s\n", sqlite3_errmsg(db));
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
export_communities(sqlite3 *db, sheetout *so, const char *community_id)
{
	size_t n;
	const sheet_column *cols = facimport_columns(FACIMPORT_COMMUNITIES, &n);

	write_headers(so, cols, n);
	return write_query(db, so, db_prepare(db, community_id
	    ? "SELECT code, name, subdistrict, district, households, residents, development, land_area, old_estate"
	      " FROM community WHERE deleted = 0 AND id = ?1"
	    : "SELECT code, name, subdistrict, district, households, residents, development, land_area, old_estate"
	      " FROM community WHERE deleted = 0 ORDER BY code"), community_id, community_row);
}

static void
facility_row(sheetout *so, sqlite3_stmt *st)
{
	bool zh = importplan_ui_chinese();

	sheetout_text(so, col_text(st, 0));
	/* The kind by its name: the business type's in the UI's language, the standard item's (Chinese only in the data). */
	sheetout_text(so, sqlite3_column_type(st, 1) != SQLITE_NULL ? col_text(st, 1) : zh ? col_text(st, 2) : col_text(st, 3));
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
export_facilities(sqlite3 *db, sheetout *so, const char *community_id)
{
	size_t n;
	const sheet_column *cols = facimport_columns(FACIMPORT_FACILITIES, &n);
	char *sql = xasprintf("SELECT c.code, si.name, bt.name, bt.name_en, f.name, f.address, f.floor_area, f.land_area,"
	    " f.capacity, f.capacity_unit, f.status,"
	    " (SELECT group_concat(name, '、') FROM (SELECT ci.name FROM circle ci"
	    "   WHERE instr(' ' || f.circles || ' ', ' ' || ci.code || ' ') ORDER BY ci.no)), f.circles,"
	    " coalesce(e.name, ''), f.hours, f.run_by, f.chain, coalesce(f.checked_on, ''), f.notes"
	    " FROM facility f JOIN community c ON c.id = f.community"
	    " LEFT JOIN std_item si ON si.no = f.std_item LEFT JOIN business_type bt ON bt.code = f.business_type"
	    " LEFT JOIN estate e ON e.id = f.estate AND e.deleted = 0"
	    " WHERE f.deleted = 0 AND c.deleted = 0%s ORDER BY c.code, f.std_item, f.business_type, f.name, f.id",
	    community_id ? " AND c.id = ?1" : "");
	int rc;

	write_headers(so, cols, n);
	rc = write_query(db, so, db_prepare(db, sql), community_id, facility_row);
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
export_proposals(sqlite3 *db, sheetout *so)
{
	size_t n;
	const sheet_column *cols = propimport_columns(&n);

	/* propimport's column order: kind, session, number, title, proposer, phone, handling unit. */
	write_headers(so, cols, n);
	return write_query(db, so, db_prepare(db, "SELECT kind, session, number, title, proposer, phone, handling_unit"
	    " FROM proposal WHERE deleted = 0 ORDER BY handling_unit, session, number, id"), NULL, proposal_row);
}

/* ---- the gap report ---- */

static gap_report *
gaps_for(sqlite3 *db, const char *community_id, size_t *n)
{
	char *err = NULL;
	gap_report *r = NULL;

	*n = 0;
	if (community_id) {
		r = xcalloc(1, sizeof *r);
		if (gaps_build(db, community_id, r, &err) == 0)
			*n = 1;
		else {
			free(r);
			r = NULL;
		}
	} else if (!(r = gaps_build_all(db, n, &err)) && !err) {
		fprintf(stderr, _("lifecircle export: no community is recorded yet\n"));
	}
	if (err) {
		cli_print_error("lifecircle export", err);
		free(err);
	}
	return r;
}

/* ---- the file ---- */

/* The first sheet's name in a workbook of o->what. */
static char *
first_sheet(const export_opts *o, const gap_report *r, size_t n)
{
	if (strcmp(o->what, "gaps") == 0)
		return gapbook_first_sheet(r, n);
	if (strcmp(o->what, "communities") == 0)
		return xstrdup(_("Communities"));
	return xstrdup(strcmp(o->what, "facilities") == 0 ? _("Facilities") : _("Proposals"));
}

static int
write_all(sqlite3 *db, const export_opts *o, sheetout *so, const char *community_id, const gap_report *r, size_t n)
{
	if (strcmp(o->what, "communities") == 0)
		return export_communities(db, so, community_id);
	if (strcmp(o->what, "facilities") == 0)
		return export_facilities(db, so, community_id);
	if (strcmp(o->what, "proposals") == 0)
		return export_proposals(db, so);
	return o->xlsx ? gapbook_write(so, r, n) : gaps_write_sheet(so, r, n);
}

/* Write the export into f (CSV) or the file at path (.xlsx). 0, or -1 with the reason printed. */
static int
write_out(sqlite3 *db, const export_opts *o, FILE *f, const char *path, const char *community_id,
    const gap_report *r, size_t n)
{
	sheetout *so;
	char *err = NULL, *sheet;
	int rc;

	if (o->xlsx) {
		sheet = first_sheet(o, r, n);
		so = sheetout_xlsx(path, sheet, 0, &err);
		free(sheet);
	} else {
		so = sheetout_csv(f, o->enc, 0, &err);
	}
	if (!so) {
		cli_print_error("lifecircle export", err);
		free(err);
		return -1;
	}
	rc = write_all(db, o, so, community_id, r, n);
	if (sheetout_close(so, &err) != 0) {
		cli_print_error("lifecircle export", err ? err : "?");
		rc = -1;
	}
	free(err);
	return rc;
}

/* To standard output (CSV "-"), or to the file whole or not at all through outfile.h (a device or
 * a pipe is written in place). */
static int
export_to(sqlite3 *db, const export_opts *o, const char *community_id, const gap_report *r, size_t n)
{
	char *err = NULL;
	outfile *of;

	if (strcmp(o->out, "-") == 0)
		return write_out(db, o, stdout, NULL, community_id, r, n) == 0 && fflush(stdout) == 0 ? 0 : -1;
	if (!(of = outfile_open(o->out, &err))) {
		cli_print_error("lifecircle export", err);
		free(err);
		return -1;
	}
	if (write_out(db, o, outfile_stream(of), outfile_path(of), community_id, r, n) != 0) {
		outfile_abort(of);
		return -1;
	}
	if (outfile_commit(of, &err) != 0) {
		cli_print_error("lifecircle export", err);
		free(err);
		return -1;
	}
	return 0;
}

int
cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	export_opts o;
	char id[UUID_TEXT_LEN];
	gap_report *r = NULL;
	size_t n = 0;
	sqlite3 *db;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "survey") == 0)
		return export_survey(ctx, argc - 1, argv + 1);
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, _("lifecircle export: name what to export: communities, facilities, gaps or proposals\n"));
		return 2;
	}
	if (strcmp(argv[1], "survey") == 0)
		return export_survey(ctx, argc - 1, argv + 1);	/* src/cli/survey.c */
	if (strcmp(argv[1], "communities") && strcmp(argv[1], "facilities") && strcmp(argv[1], "gaps") &&
	    strcmp(argv[1], "proposals")) {
		cli_arg_error(_("lifecircle export: cannot export '%s' (communities, facilities, gaps, proposals)\n"), argv[1]);
		return 2;
	}
	if ((rc = export_parse(argc - 1, argv + 1, &o)) != 0)
		return rc;
	if (!(db = cli_open_db(ctx, OPEN_EXISTING)))
		return 1;
	if (o.community && community_find_code(db, o.community, id) != 0) {
		cli_arg_error(_("lifecircle export: no community with the code %s\n"), o.community);
		db_close(db);
		return 1;
	}
	if (strcmp(o.what, "gaps") == 0 && !(r = gaps_for(db, o.community ? id : NULL, &n))) {
		db_close(db);
		return 1;
	}
	rc = export_to(db, &o, o.community ? id : NULL, r, n) == 0 ? 0 : 1;
	gaps_free_all(r, n);
	db_close(db);
	return rc;
}
