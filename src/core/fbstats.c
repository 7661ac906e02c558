/* fbstats.c - satisfaction statistics of the feedback forms by handling unit or session: one
 * GROUP BY over the live proposals, each joined to its live feedback form. No curses. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "fbstats.h"
#include "db.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* A key wider than this is cut with "…" in the text table, so one long unit name cannot push the
 * numbers off an 80-column terminal. */
#define KEY_MAX_COLS 30

/* One row per key. The inner query takes each proposal's satisfaction from its oldest live form
 * (the one feedback_load_for shows), so a form entered twice by two offices is counted once;
 * feedback_proposal indexes the lookup. "returned" is the presence of that form, whatever the
 * satisfaction holds, so the rate's denominator is every form that came back. */
static const char stats_sql[] =
	"SELECT k, count(*), sum(sat = 'satisfied'), sum(sat = 'fairly'), sum(sat = 'dissatisfied'),"
	" sum(fid IS NOT NULL), sum(fid IS NULL AND st <> 'unsent'), sum(fid IS NULL AND st = 'unsent')"
	" FROM (SELECT %s AS k, p.form_status AS st,"
	"  (SELECT f.id FROM feedback f WHERE f.proposal_id = p.id AND f.deleted = 0 ORDER BY f.created_at, f.id LIMIT 1) AS fid,"
	"  (SELECT f.satisfaction FROM feedback f WHERE f.proposal_id = p.id AND f.deleted = 0 ORDER BY f.created_at, f.id LIMIT 1) AS sat"
	"  FROM proposal p WHERE p.deleted = 0"
	"   AND (?1 IS NULL OR trim(p.handling_unit) = trim(?1)) AND (?2 IS NULL OR trim(p.session) = trim(?2)))"
	" GROUP BY k ORDER BY k";

/* One result row into *row (a zeroed fbstats_row). */
static void
fill_row(sqlite3_stmt *st, void *row, void *ud)
{
	fbstats_row *r = row;

	(void)ud;
	r->key = db_column_dup(st, 0);
	r->total = sqlite3_column_int64(st, 1);
	r->satisfied = sqlite3_column_int64(st, 2);
	r->fairly = sqlite3_column_int64(st, 3);
	r->dissatisfied = sqlite3_column_int64(st, 4);
	r->returned = sqlite3_column_int64(st, 5);
	r->awaiting = sqlite3_column_int64(st, 6);
	r->unsent = sqlite3_column_int64(st, 7);
}

int
fbstats_query_where(sqlite3 *db, fbstats_by by, const char *unit, const char *session, fbstats_row **rows, size_t *n,
    char **err)
{
	char *sql = xasprintf(stats_sql, by == FBSTATS_BY_SESSION ? "trim(p.session)" : "trim(p.handling_unit)");
	sqlite3_stmt *st = db_prepare(db, sql);
	void *got = NULL;
	int rc;

	free(sql);
	*rows = NULL;
	*n = 0;
	*err = NULL;
	if (!st) {
		*err = xstrdup(db_error_text(db));
		return -1;
	}
	if (unit)
		sqlite3_bind_text(st, 1, unit, -1, SQLITE_TRANSIENT);
	if (session)
		sqlite3_bind_text(st, 2, session, -1, SQLITE_TRANSIENT);
	rc = db_read_rows(st, &got, n, sizeof **rows, fill_row, NULL);
	*rows = got;
	if (rc != 0) {
		*err = xstrdup(db_error_text(db));
		fbstats_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
fbstats_query(sqlite3 *db, fbstats_by by, fbstats_row **rows, size_t *n, char **err)
{
	return fbstats_query_where(db, by, NULL, NULL, rows, n, err);
}

void
fbstats_free(fbstats_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].key);
	free(rows);
}

void
fbstats_total(const fbstats_row *rows, size_t n, fbstats_row *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		out->total += rows[i].total;
		out->satisfied += rows[i].satisfied;
		out->fairly += rows[i].fairly;
		out->dissatisfied += rows[i].dissatisfied;
		out->returned += rows[i].returned;
		out->awaiting += rows[i].awaiting;
		out->unsent += rows[i].unsent;
	}
}

int
fbstats_rate_tenths(const fbstats_row *r)
{
	long long good = r->satisfied + r->fairly;

	if (r->returned <= 0)
		return -1;
	/* Integer arithmetic, so 62.5% stays 62.5 and 6.25% rounds up to 6.3 on every machine. */
	return (int)((2000 * good + r->returned) / (2 * r->returned));
}

char *
fbstats_rate_text(const fbstats_row *r)
{
	int t = fbstats_rate_tenths(r);

	return t < 0 ? xstrdup("—") : xasprintf("%d.%d%%", t / 10, t % 10);
}

/* ---- the table ------------------------------------------------------------------------------- */

enum { COL_KEY, COL_TOTAL, COL_SAT, COL_FAIRLY, COL_DISSAT, COL_RETURNED, COL_RATE, COL_AWAITING, COL_UNSENT, NCOLS };

static void
headings(fbstats_by by, const char *h[NCOLS])
{
	h[COL_KEY] = by == FBSTATS_BY_SESSION ? _("Session") : _("Handling unit");
	h[COL_TOTAL] = _("Proposals");
	h[COL_SAT] = _("Satisfied");
	h[COL_FAIRLY] = _("Fairly satisfied");
	h[COL_DISSAT] = _("Dissatisfied");
	h[COL_RETURNED] = _("Returned");
	/* TRANSLATORS: (satisfied + fairly satisfied) / returned forms. */
	h[COL_RATE] = _("Satisfaction rate");
	h[COL_AWAITING] = _("Awaiting reply");
	h[COL_UNSENT] = _("Not sent");
}

/* The key as shown: an empty session or unit gets a label rather than a blank cell. */
const char *
fbstats_key_label(fbstats_by by, const char *key)
{
	if (key && *key)
		return key;
	return by == FBSTATS_BY_SESSION ? _("(no session)") : _("(no handling unit)");
}

/* The cells of one row as fresh strings (the key escaped and cut for a terminal when for_text). */
static void
row_cells(fbstats_by by, const fbstats_row *r, bool total, bool for_text, char *c[NCOLS])
{
	const char *key = total ? _("Total") : fbstats_key_label(by, r->key);
	long long v[NCOLS] = { 0, r->total, r->satisfied, r->fairly, r->dissatisfied, r->returned, 0, r->awaiting, r->unsent };

	if (for_text) {
		char *safe = utf8_escape_controls(key);
		c[COL_KEY] = utf8_fit_cols(safe, KEY_MAX_COLS, true);
		free(safe);
	} else {
		c[COL_KEY] = xstrdup(key);
	}
	for (int i = COL_TOTAL; i < NCOLS; i++)
		c[i] = i == COL_RATE ? fbstats_rate_text(r) : xasprintf("%lld", v[i]);
}

static void
cells_free(char *c[NCOLS])
{
	for (int i = 0; i < NCOLS; i++)
		free(c[i]);
}

static void
widen(size_t w[NCOLS], char *const c[NCOLS])
{
	for (int i = 0; i < NCOLS; i++) {
		size_t cw = utf8_width_cols(c[i]);
		if (cw > w[i])
			w[i] = cw;
	}
}

/* One line: the key padded on the right, every number right-aligned, two spaces between columns. */
static void
write_line(FILE *out, const size_t w[NCOLS], const char *const c[NCOLS])
{
	for (int i = 0; i < NCOLS; i++) {
		size_t cw = utf8_width_cols(c[i]);
		if (i > 0)
			fputs("  ", out);
		if (i == COL_KEY) {
			char *p = utf8_pad_cols(c[i], w[i]);
			fputs(p, out);
			free(p);
		} else {
			fprintf(out, "%*s%s", (int)(w[i] - cw), "", c[i]);
		}
	}
	fputc('\n', out);
}

int
fbstats_write_text(FILE *out, fbstats_by by, const fbstats_row *rows, size_t n)
{
	const char *h[NCOLS];
	char *c[NCOLS];
	size_t w[NCOLS] = { 0 };
	fbstats_row tot;

	headings(by, h);
	fbstats_total(rows, n, &tot);
	widen(w, (char *const *)h);
	/* Widths first (one pass over the rows, which are few: one per unit or session), then print. */
	for (size_t i = 0; i <= n; i++) {
		row_cells(by, i < n ? &rows[i] : &tot, i == n, true, c);
		widen(w, c);
		cells_free(c);
	}
	write_line(out, w, h);
	for (size_t i = 0; i <= n; i++) {
		row_cells(by, i < n ? &rows[i] : &tot, i == n, true, c);
		write_line(out, w, (const char *const *)c);
		cells_free(c);
	}
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

static void
sheet_row(sheetout *so, fbstats_by by, const fbstats_row *r, bool total)
{
	int t = fbstats_rate_tenths(r);
	double v[NCOLS] = { 0, r->total, r->satisfied, r->fairly, r->dissatisfied, r->returned, t / 10.0, r->awaiting, r->unsent };

	sheetout_text(so, total ? _("Total") : fbstats_key_label(by, r->key));
	for (int i = COL_TOTAL; i < NCOLS; i++) {
		if (i == COL_RATE && t < 0)
			sheetout_text(so, "");
		else
			sheetout_number(so, v[i]);
	}
	sheetout_end_row(so);
}

int
fbstats_write_sheet(sheetout *so, fbstats_by by, const fbstats_row *rows, size_t n)
{
	const char *h[NCOLS];
	fbstats_row tot;
	char *rate;

	headings(by, h);
	/* TRANSLATORS: the satisfaction rate's column heading in a spreadsheet, where it is a number of percent. */
	rate = xasprintf(_("%s (%%)"), h[COL_RATE]);
	h[COL_RATE] = rate;
	for (int i = 0; i < NCOLS; i++)
		sheetout_text(so, h[i]);
	sheetout_end_row(so);
	free(rate);
	for (size_t i = 0; i < n; i++)
		sheet_row(so, by, &rows[i], false);
	fbstats_total(rows, n, &tot);
	sheet_row(so, by, &tot, true);
	return sheetout_error(so) ? -1 : 0;
}
