/* outletsum.c - the outlet summary across communities (outletsum.h): two grouped queries, one by
 * business type and one by community, each a single pass over the live facilities of live communities;
 * the screen and the command line print the same lines, and the CSV writes the same numbers. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "outletsum.h"
#include "db.h"
#include "refdata.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* ---- building ---------------------------------------------------------------------------------- */

typedef struct type_row {
	gap_outlet t;
	int communities;
} type_row;

static void
fill_type(sqlite3_stmt *st, void *row, void *ud)
{
	type_row *r = row;

	(void)ud;
	r->t.code = db_column_dup(st, 0);
	r->t.name = db_column_dup(st, 1);
	r->t.chain_countable = sqlite3_column_int(st, 2) != 0;
	r->t.operating = sqlite3_column_int(st, 3);
	r->t.chains = sqlite3_column_int(st, 4);
	r->t.pending = sqlite3_column_int(st, 5);
	r->communities = sqlite3_column_int(st, 6);
}

static void
fill_community(sqlite3_stmt *st, void *row, void *ud)
{
	outletsum_community *c = row;

	(void)ud;
	c->code = db_column_dup(st, 0);
	c->name = db_column_dup(st, 1);
	c->outlets = sqlite3_column_int(st, 2);
	c->countable = sqlite3_column_int(st, 3);
	c->chains = sqlite3_column_int(st, 4);
	c->share_known = c->countable > 0;
	c->share_percent = c->share_known ? 100.0 * c->chains / c->countable : 0;
	c->target_met = c->share_known && c->share_percent >= GAPS_CHAIN_TARGET_PERCENT;
}

/* Every business type in the data file's order, with what the facilities of live communities hold. */
static const char types_sql[] =
	"WITH t AS (SELECT f.business_type AS code, sum(f.status = 'operating') AS op,"
	" sum(f.status = 'operating' AND f.chain = 1) AS ch, sum(f.status IN ('planned', 'building')) AS pend,"
	" count(DISTINCT CASE WHEN f.status = 'operating' THEN f.community END) AS comms"
	" FROM facility f JOIN community c ON c.id = f.community AND c.deleted = 0"
	" WHERE f.deleted = 0 AND f.business_type <> '' GROUP BY f.business_type)"
	" SELECT b.code, " REFDATA_NAME_SQL("b", "?1") ", b.chain_countable = 'yes', coalesce(t.op, 0), coalesce(t.ch, 0), coalesce(t.pend, 0),"
	" coalesce(t.comms, 0) FROM business_type b LEFT JOIN t ON t.code = b.code ORDER BY b.rowid";

/* Every live community by code, with its operating outlets (of known business types). */
static const char communities_sql[] =
	"WITH o AS (SELECT f.community AS id, count(*) AS n, sum(b.chain_countable = 'yes') AS countable,"
	" sum(b.chain_countable = 'yes' AND f.chain = 1) AS chains"
	" FROM facility f JOIN business_type b ON b.code = f.business_type"
	" WHERE f.deleted = 0 AND f.status = 'operating' GROUP BY f.community)"
	" SELECT c.code, c.name, coalesce(o.n, 0), coalesce(o.countable, 0), coalesce(o.chains, 0)"
	" FROM community c LEFT JOIN o ON o.id = c.id WHERE c.deleted = 0 ORDER BY c.code, c.id";

static int
build(sqlite3 *db, const char *lang, outletsum *s, char **err)
{
	sqlite3_stmt *types = db_prepare(db, types_sql);
	void *rows = NULL, *comms = NULL;
	size_t n = 0;
	int rc;

	memset(s, 0, sizeof *s);
	*err = NULL;
	s->total.target_percent = GAPS_CHAIN_TARGET_PERCENT;
	if (types)
		sqlite3_bind_int(types, 1, refdata_lang_en(lang));
	rc = db_read_rows(types, &rows, &n, sizeof(type_row), fill_type, NULL);
	s->total.types = xcalloc(n ? n : 1, sizeof *s->total.types);
	s->type_communities = xcalloc(n ? n : 1, sizeof *s->type_communities);
	for (size_t i = 0; i < n; i++) {
		const type_row *r = &((type_row *)rows)[i];
		s->total.types[i] = r->t;
		s->type_communities[i] = r->communities;
		s->total.outlets += r->t.operating;
		if (r->t.chain_countable) {
			s->total.countable += r->t.operating;
			s->total.chains += r->t.chains;
		}
	}
	s->total.n = n;
	free(rows);
	if (rc == 0)
		rc = db_read_rows(db_prepare(db, communities_sql), &comms, &s->ncomms, sizeof *s->comms, fill_community, NULL);
	s->comms = comms;
	if (rc != 0) {
		*err = xstrdup(db_error_text(db));
		outletsum_free(s);
		return -1;
	}
	s->total.share_known = s->total.countable > 0;
	s->total.share_percent = s->total.share_known ? 100.0 * s->total.chains / s->total.countable : 0;
	s->total.target_met = s->total.share_known && s->total.share_percent >= s->total.target_percent;
	for (size_t i = 0; i < s->ncomms; i++) {
		s->comms_known += s->comms[i].share_known;
		s->comms_met += s->comms[i].target_met;
	}
	return 0;
}

/* In one read transaction, so the type table and the communities' shares are of one state of the
 * file even while another copy of the program writes. */
int
outletsum_build(sqlite3 *db, const char *lang, outletsum *s, char **err)
{
	bool began = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	int rc = build(db, lang, s, err);

	if (began)
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

void
outletsum_free(outletsum *s)
{
	for (size_t i = 0; i < s->ncomms; i++) {
		free(s->comms[i].code);
		free(s->comms[i].name);
	}
	free(s->comms);
	free(s->type_communities);
	gaps_outlets_free(&s->total);
	memset(s, 0, sizeof *s);
}

/* ---- lines ------------------------------------------------------------------------------------- */

typedef struct lines {
	outletsum_line *l;
	size_t n;
} lines;

static void
add(lines *ls, outletsum_style style, char *text)
{
	ls->l = xrealloc(ls->l, (ls->n + 1) * sizeof *ls->l);
	ls->l[ls->n].style = style;
	ls->l[ls->n++].text = text;
}

/* cells padded to w (display columns), two blanks between; the last not padded. */
static char *
row_text(const char *const *cells, const size_t *w, size_t n)
{
	char *line = utf8_row_cols(cells, w, n);

	/* the blanks of padding left at the end of a line are nobody's business */
	for (size_t k = strlen(line); k > 0 && line[k - 1] == ' '; k--)
		line[k - 1] = '\0';
	return line;
}

/* Rows of cells (rows[r][c], n columns, nrows rows after the header head) as lines, columns as wide as
 * their widest cell. */
static void
add_table(lines *ls, const char *const *head, char ***rows, const outletsum_style *styles, size_t nrows, size_t n)
{
	size_t *w = xcalloc(n, sizeof *w);

	for (size_t c = 0; c < n; c++) {
		w[c] = utf8_width_cols(head[c]);
		for (size_t r = 0; r < nrows; r++)
			if (utf8_width_cols(rows[r][c]) > w[c])
				w[c] = utf8_width_cols(rows[r][c]);
	}
	add(ls, OUTLETSUM_TITLE, row_text(head, w, n));
	for (size_t r = 0; r < nrows; r++)
		add(ls, styles[r], row_text((const char *const *)rows[r], w, n));
	free(w);
}

static void
free_rows(char ***rows, size_t nrows, size_t n)
{
	for (size_t r = 0; r < nrows; r++) {
		for (size_t c = 0; c < n; c++)
			free(rows[r][c]);
		free(rows[r]);
	}
	free(rows);
}

/* A share to one decimal ("33.3"), heap. */
static char *
percent_text(double p)
{
	return sheetout_number_text((double)(long long)(p * 10 + 0.5) / 10);
}

static void
add_types(lines *ls, const outletsum *s)
{
	/* Short headers: with the English names (the widest 28 columns) the table fits 100 columns. */
	const char *head[6] = { _("Business type"), _("Operating"), _("Chain"), _("Chain share counts"),
	                        _("Not open yet"), _("In communities") };
	char ***rows = xcalloc(s->total.n ? s->total.n : 1, sizeof *rows);
	outletsum_style *st = xcalloc(s->total.n ? s->total.n : 1, sizeof *st);

	for (size_t i = 0; i < s->total.n; i++) {
		const gap_outlet *t = &s->total.types[i];
		rows[i] = xcalloc(6, sizeof **rows);
		rows[i][0] = xstrdup(t->name);
		rows[i][1] = xasprintf("%d", t->operating);
		rows[i][2] = xasprintf("%d", t->chains);
		rows[i][3] = xstrdup(t->chain_countable ? _("yes") : _("no"));
		rows[i][4] = xasprintf("%d", t->pending);
		rows[i][5] = xasprintf("%d", s->type_communities[i]);
		st[i] = t->operating ? OUTLETSUM_PLAIN : OUTLETSUM_DIM;
	}
	add_table(ls, head, rows, st, s->total.n, 6);
	free_rows(rows, s->total.n, 6);
	free(st);
}

static const char *
verdict(bool known, bool met)
{
	return !known ? _("not checkable") : met ? _("met") : _("not met");
}

static void
add_communities(lines *ls, const outletsum *s)
{
	const char *head[6] = { _("Code"), _("Community"), _("Operating"), _("Chain share counts"), _("Chain"),
	                        _("Chain share") };
	char ***rows = xcalloc(s->ncomms ? s->ncomms : 1, sizeof *rows);
	outletsum_style *st = xcalloc(s->ncomms ? s->ncomms : 1, sizeof *st);

	for (size_t i = 0; i < s->ncomms; i++) {
		const outletsum_community *c = &s->comms[i];
		rows[i] = xcalloc(6, sizeof **rows);
		rows[i][0] = xstrdup(c->code);
		rows[i][1] = xstrdup(c->name);
		rows[i][2] = xasprintf("%d", c->outlets);
		rows[i][3] = xasprintf("%d", c->countable);
		rows[i][4] = xasprintf("%d", c->chains);
		if (c->share_known) {
			char *p = percent_text(c->share_percent);
			rows[i][5] = xasprintf("%s%% %s", p, verdict(true, c->target_met));
			free(p);
		} else {
			rows[i][5] = xstrdup(verdict(false, false));
		}
		st[i] = !c->share_known ? OUTLETSUM_DIM : c->target_met ? OUTLETSUM_MET : OUTLETSUM_NOT_MET;
	}
	add_table(ls, head, rows, st, s->ncomms, 6);
	free_rows(rows, s->ncomms, 6);
	free(st);
}

outletsum_line *
outletsum_lines(const outletsum *s, size_t *n)
{
	lines ls = { NULL, 0 };
	char *target = sheetout_number_text(s->total.target_percent);

	add(&ls, OUTLETSUM_TITLE, xasprintf(_("Outlets of all %zu communities of the file"), s->ncomms));
	add(&ls, OUTLETSUM_PLAIN, xstrdup(""));
	add_types(&ls, s);
	add(&ls, OUTLETSUM_PLAIN, xstrdup(""));
	add(&ls, OUTLETSUM_PLAIN, xasprintf(_("Outlets: %d operating, %d of them of types the chain share counts."),
	    s->total.outlets, s->total.countable));
	if (!s->total.share_known) {
		add(&ls, OUTLETSUM_DIM, xasprintf(_("Chain share of all communities: not checkable (no operating outlet of a "
		    "type it counts); target ≥ %s%%."), target));
	} else {
		char *p = percent_text(s->total.share_percent);
		add(&ls, s->total.target_met ? OUTLETSUM_MET : OUTLETSUM_NOT_MET,
		    xasprintf(_("Chain share of all communities: %d of %d outlets are chain outlets (%s%%); target ≥ %s%%: %s"),
		    s->total.chains, s->total.countable, p, target, verdict(true, s->total.target_met)));
		free(p);
	}
	add(&ls, OUTLETSUM_PLAIN, xstrdup(""));
	add(&ls, OUTLETSUM_TITLE, xstrdup(_("By community")));
	add_communities(&ls, s);
	add(&ls, OUTLETSUM_PLAIN, xstrdup(""));
	add(&ls, OUTLETSUM_PLAIN, xasprintf(_("Communities meeting the %s%% target: %d of %d with outlets the share counts "
	    "(%zu communities in all)."), target, s->comms_met, s->comms_known, s->ncomms));
	free(target);
	*n = ls.n;
	return ls.l;
}

void
outletsum_lines_free(outletsum_line *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
	free(l);
}

int
outletsum_write_text(FILE *f, const outletsum *s)
{
	size_t n;
	outletsum_line *l = outletsum_lines(s, &n);
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		if (fprintf(f, "%s\n", l[i].text) < 0)
			rc = -1;
	outletsum_lines_free(l, n);
	return rc;
}

/* ---- the sheet --------------------------------------------------------------------------------- */

static void
share_cells(sheetout *so, bool known, double percent, bool met)
{
	if (known)
		sheetout_number(so, (double)(long long)(percent * 10 + 0.5) / 10);
	else
		sheetout_text(so, "");
	sheetout_number(so, GAPS_CHAIN_TARGET_PERCENT);
	sheetout_text(so, verdict(known, met));
}

int
outletsum_write_sheet(sheetout *so, const outletsum *s)
{
	/* Headers and row kinds in the interface's language, like the gap report's sheet. */
	const char *head[11] = { _("Row"), _("Code"), _("Name"), _("Operating"), _("Chain share counts"), _("Chain"),
	                         _("Chain share (%)"), _("Target (%)"), _("Verdict"), _("Planned or building"),
	                         _("Communities with one") };

	sheetout_header(so, head, 11);
	for (size_t i = 0; i < s->total.n; i++) {
		const gap_outlet *t = &s->total.types[i];
		sheetout_text(so, _("business type"));
		sheetout_text(so, t->code);
		sheetout_text(so, t->name);
		sheetout_number(so, t->operating);
		sheetout_number(so, t->chain_countable ? t->operating : 0);
		sheetout_number(so, t->chains);
		sheetout_text(so, "");
		sheetout_text(so, "");
		sheetout_text(so, "");
		sheetout_number(so, t->pending);
		sheetout_number(so, s->type_communities[i]);
		sheetout_end_row(so);
	}
	for (size_t i = 0; i < s->ncomms; i++) {
		const outletsum_community *c = &s->comms[i];
		sheetout_text(so, _("community"));
		sheetout_text(so, c->code);
		sheetout_text(so, c->name);
		sheetout_number(so, c->outlets);
		sheetout_number(so, c->countable);
		sheetout_number(so, c->chains);
		share_cells(so, c->share_known, c->share_percent, c->target_met);
		sheetout_text(so, "");
		sheetout_text(so, "");
		sheetout_end_row(so);
	}
	sheetout_text(so, _("total"));
	sheetout_text(so, "");
	sheetout_text(so, _("all communities"));
	sheetout_number(so, s->total.outlets);
	sheetout_number(so, s->total.countable);
	sheetout_number(so, s->total.chains);
	share_cells(so, s->total.share_known, s->total.share_percent, s->total.target_met);
	sheetout_text(so, "");
	sheetout_number(so, (double)s->ncomms);
	return sheetout_end_row(so) == 0 && !sheetout_error(so) ? 0 : -1;
}
