/* proposal_print.c - from the proposal and feedback records to printform's sheets; which proposals
 * a print names; the output file written beside its name and renamed, so it is whole or absent; and
 * the blank form's printing marking it sent. No curses. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "proposal_print.h"
#include "outfile.h"
#include "db.h"
#include "field.h"
#include "util.h"
#include "i18n.h"

static feedback_satisfaction
satisfaction_of(const char *s)
{
	if (strcmp(s, "satisfied") == 0)
		return FEEDBACK_SAT_SATISFIED;
	if (strcmp(s, "fairly") == 0)
		return FEEDBACK_SAT_FAIRLY;
	if (strcmp(s, "dissatisfied") == 0)
		return FEEDBACK_SAT_DISSATISFIED;
	return FEEDBACK_SAT_NONE;
}

static proposal_kind
kind_of(const proposal *p)
{
	return strcmp(p->v[PROPOSAL_KIND], "suggestion") == 0 ? PROPOSAL_KIND_SUGGESTION : PROPOSAL_KIND_PROPOSAL;
}

void
proposal_feedback_sheet(const proposal *p, const feedback *fb, feedback_sheet *out)
{
	memset(out, 0, sizeof *out);
	out->proposer = p->v[PROPOSAL_PROPOSER];
	out->number = p->v[PROPOSAL_NUMBER];
	out->title = p->v[PROPOSAL_TITLE];
	/* The printed form carries the phone whole (lists mask it; the paper goes to the proposer). */
	out->phone = p->v[PROPOSAL_PHONE];
	out->handling_unit = p->v[PROPOSAL_HANDLING_UNIT];
	out->kind = kind_of(p);
	out->satisfaction = FEEDBACK_SAT_NONE;
	if (fb) {
		out->satisfaction = satisfaction_of(fb->v[FEEDBACK_SATISFACTION]);
		out->opinion = fb->v[FEEDBACK_OPINION];
		out->suggestions = fb->v[FEEDBACK_SUGGESTIONS];
		out->recommended_units = fb->v[FEEDBACK_RECOMMENDED_UNITS];
		out->signature = fb->v[FEEDBACK_SIGNATURE];
		out->signed_on = fb->v[FEEDBACK_SIGNED_ON];
	}
}

void
proposal_reply_sheet(const proposal *p, reply_sheet *out)
{
	memset(out, 0, sizeof *out);
	out->result_class = p->v[PROPOSAL_RESULT_CLASS];
	out->unit = p->v[PROPOSAL_HANDLING_UNIT];
	out->session = p->v[PROPOSAL_SESSION];
	out->number = p->v[PROPOSAL_NUMBER];
	out->kind = kind_of(p);
	out->addressee = p->v[PROPOSAL_PROPOSER];
	out->body = p->v[PROPOSAL_REPLY_BODY];
	out->leader = p->v[PROPOSAL_REPLY_LEADER];
	out->contact = p->v[PROPOSAL_REPLY_CONTACT];
	out->contact_phone = p->v[PROPOSAL_REPLY_CONTACT_PHONE];
	out->copy_to = p->v[PROPOSAL_REPLY_COPY_TO];
}

/* ---- which proposals ------------------------------------------------------------------------- */

static int
fail_db(sqlite3 *db, char **err)
{
	*err = xstrdup(db_error_text(db));
	return -1;
}

/* Load each id into items (with its feedback form): the ids were collected first, so no statement
 * is open while the loads run their own. */
static int
load_items(sqlite3 *db, char **ids, size_t n, print_item **items, char **err)
{
	*items = n ? xcalloc(n, sizeof **items) : NULL;
	for (size_t i = 0; i < n; i++) {
		int rc = proposal_load(db, ids[i], &(*items)[i].p);
		if (rc == 0) {
			rc = feedback_load_for(db, ids[i], &(*items)[i].fb);
			(*items)[i].has_fb = rc == 0;
			rc = rc == 1 ? 0 : rc;
		} else {
			feedback_init(&(*items)[i].fb);
		}
		if (rc != 0) {
			/* Gone between the query and the load means someone deleted it meanwhile. */
			if (rc == 1)
				*err = xstrdup(_("No such proposal."));
			else
				fail_db(db, err);
			proposal_print_free(*items, n);
			*items = NULL;
			return -1;
		}
	}
	return 0;
}

int
proposal_print_load(sqlite3 *db, const char *id, print_item **item, char **err)
{
	char *ids[1] = { (char *)id };

	return load_items(db, ids, 1, item, err);
}

/* Run st (its parameters bound), load its first max rows into *items (*n of them), and count them all into *total. */
static int
collect(sqlite3 *db, sqlite3_stmt *st, size_t max, print_item **items, size_t *n, size_t *total, char **err)
{
	char **ids = NULL;
	size_t taken = 0, cap = 0;
	int rc;

	*n = *total = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (taken < max) {
			if (taken == cap) {
				cap = cap ? cap * 2 : 8;
				ids = xrealloc(ids, cap * sizeof *ids);
			}
			ids[taken++] = xstrdup((const char *)sqlite3_column_text(st, 0));
		}
		(*total)++;
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? load_items(db, ids, taken, items, err) : fail_db(db, err);
	for (size_t i = 0; i < taken; i++)
		free(ids[i]);
	free(ids);
	if (rc == 0)
		*n = taken;
	else
		*total = 0;
	return rc;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* A value from the command line compared with the stored one, which validation trimmed and folded. */
static char *
clean_arg(const char *s, bool fold)
{
	char *f, *t;

	if (!s)
		return NULL;
	f = fold ? field_fold_ascii(s) : xstrdup(s);
	t = str_trim_dup(f);
	free(f);
	return t;
}

int
proposal_print_match(sqlite3 *db, const char *number, const char *session, const char *unit, size_t max,
    print_item **items, size_t *n, size_t *total, char **err)
{
	/* "32" finds "032" as entry and import match them (a scan of the numbers: fine for a print). */
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM proposal WHERE deleted = 0"
	    " AND " PROPOSAL_NUMBER_KEY_SQL("number") " = " PROPOSAL_NUMBER_KEY_SQL("?1")
	    " AND (?2 IS NULL OR session = ?2) AND (?3 IS NULL OR handling_unit = ?3)"
	    " ORDER BY session, handling_unit, created_at, id");
	char *a[3] = { clean_arg(number, true), clean_arg(session, false), clean_arg(unit, false) };
	int rc;

	*items = NULL;
	*n = *total = 0;
	*err = NULL;
	if (!st) {
		rc = fail_db(db, err);
	} else {
		for (int i = 0; i < 3; i++)
			bind_opt(st, i + 1, a[i]);
		rc = collect(db, st, max, items, n, total, err);
	}
	for (int i = 0; i < 3; i++)
		free(a[i]);
	return rc;
}

int
proposal_print_awaiting(sqlite3 *db, const char *unit, print_item **items, size_t *n, char **err)
{
	/* Awaiting reply as fbstats counts it: sent (or marked returned) and no live answers. */
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM proposal p WHERE deleted = 0 AND handling_unit = ?1"
	    " AND form_status <> 'unsent'"
	    " AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.proposal_id = p.id AND f.deleted = 0)"
	    " ORDER BY session, number, id");
	char *u = clean_arg(unit, false);
	int rc;

	*items = NULL;
	*n = 0;
	*err = NULL;
	if (!st) {
		rc = fail_db(db, err);
	} else {
		size_t total;
		bind_opt(st, 1, u);
		rc = collect(db, st, (size_t)-1, items, n, &total, err);
	}
	free(u);
	return rc;
}

void
proposal_print_free(print_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		proposal_free(&items[i].p);
		feedback_free(&items[i].fb);
	}
	free(items);
}

/* ---- the file -------------------------------------------------------------------------------- */

int
proposal_print_write_file(const char *path, const char *data, size_t len, char **err)
{
	return outfile_write_whole(path, data, len, err);
}

int
proposal_print_mark_sent(sqlite3 *db, const print_item *items, size_t n, char **err)
{
	char today[11];
	int rc = 0;

	*err = NULL;
	util_today(today);
	if (db_begin(db) != 0)
		return fail_db(db, err);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = proposal_mark_sent_tx(db, items[i].p.meta.id, today, err);
	if (rc == 0 && db_commit(db) != 0)
		rc = -1;
	if (rc != 0) {
		if (!*err)
			fail_db(db, err);
		db_rollback(db);
	}
	return rc;
}

static feedback_sheet *
feedback_sheets(const print_item *items, size_t n, printform_mode mode)
{
	feedback_sheet *s = xcalloc(n ? n : 1, sizeof *s);

	for (size_t i = 0; i < n; i++)
		proposal_feedback_sheet(&items[i].p, mode == PRINTFORM_FILLED && items[i].has_fb ? &items[i].fb : NULL, &s[i]);
	return s;
}

int
proposal_print_feedback_pdf(sqlite3 *db, const print_item *items, size_t n, printform_mode mode, int copies,
    const char *path, char **err)
{
	feedback_sheet *s;
	outfile *o;
	int rc;

	if (!(o = outfile_open(path, err)))
		return -1;
	s = feedback_sheets(items, n, mode);
	rc = printform_feedback_pdf(outfile_path(o), s, n, mode, copies, err);
	free(s);
	if (rc != 0) {
		outfile_abort(o);
		return -1;
	}
	if (outfile_commit(o, err) != 0)
		return -1;
	/* After the file is in place: a form is sent when its blank copy exists to hand over. */
	if (mode == PRINTFORM_BLANK && proposal_print_mark_sent(db, items, n, err) != 0) {
		char *why = *err;
		*err = xasprintf(_("%s was printed, but the forms could not be marked sent: %s"), path, why);
		free(why);
		return -1;
	}
	return 0;
}

/* Append page to the text in *all (*used bytes of *cap), a form feed before it when the text is not
 * empty: each further page starts on a new sheet of a line printer. */
static void
append_page(char **all, size_t *used, size_t *cap, const char *page)
{
	size_t tl = strlen(page), need = *used + tl + 2;

	if (need > *cap) {
		*cap = need * 2;
		*all = xrealloc(*all, *cap);
	}
	if (*used > 0)
		(*all)[(*used)++] = '\f';
	memcpy(*all + *used, page, tl);
	*used += tl;
	(*all)[*used] = '\0';
}

char *
proposal_print_feedback_text(const print_item *items, size_t n, printform_mode mode, int copies, int width_cols,
    const char *encoding, size_t *len, char **err)
{
	feedback_sheet *s = feedback_sheets(items, n, mode);
	size_t cap = 0, used = 0;
	char *all = NULL, *out;

	*err = NULL;
	if (copies < 1)
		copies = 1;
	for (size_t i = 0; i < n; i++) {
		for (int c = 0; c < copies; c++) {
			char *t = printform_feedback_text(&s[i], mode, width_cols, false);
			append_page(&all, &used, &cap, t);
			free(t);
		}
	}
	free(s);
	out = printform_encode(all ? all : "", encoding, len, err);
	free(all);
	return out;
}

char *
proposal_print_reply_text(const print_item *items, size_t n, int width_cols, const char *encoding, size_t *len, char **err)
{
	size_t cap = 0, used = 0;
	char *all = NULL, *out;

	*err = NULL;
	for (size_t i = 0; i < n; i++) {
		reply_sheet r;
		char *t;

		proposal_reply_sheet(&items[i].p, &r);
		t = printform_reply_text(&r, width_cols, false);
		append_page(&all, &used, &cap, t);
		free(t);
	}
	out = printform_encode(all ? all : "", encoding, len, err);
	free(all);
	return out;
}

int
proposal_print_reply_pdf(const print_item *items, size_t n, const char *path, char **err)
{
	reply_sheet *r = xcalloc(n ? n : 1, sizeof *r);
	outfile *o;
	int rc;

	for (size_t i = 0; i < n; i++)
		proposal_reply_sheet(&items[i].p, &r[i]);
	if (!(o = outfile_open(path, err))) {
		free(r);
		return -1;
	}
	rc = printform_reply_pdf(outfile_path(o), r, n, err);
	free(r);
	if (rc != 0) {
		outfile_abort(o);
		return -1;
	}
	return outfile_commit(o, err);
}
