/* propimport.c - the import plan for a list of proposals and its writing: rows judged one by one
 * against the database (no write until propimport_apply), duplicates inside the file caught by
 * sorting on the key, so a list of any length costs n log n, not n². */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "propimport.h"
#include "importplan.h"
#include "sheet.h"
#include "db.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The spreadsheet's columns, in the order of cols below: the proposal field each fills. */
static const proposal_field import_fields[] = {
	PROPOSAL_KIND, PROPOSAL_SESSION, PROPOSAL_NUMBER, PROPOSAL_TITLE, PROPOSAL_PROPOSER,
	PROPOSAL_PHONE, PROPOSAL_HANDLING_UNIT,
};
#define N_COLS (sizeof import_fields / sizeof import_fields[0])

static const char *const kind_names[] = { "类别", "kind", NULL };
static const char *const session_names[] = { "届次", "session", NULL };
static const char *const number_names[] = { "编号", "number", NULL };
static const char *const title_names[] = { "标题", "title", NULL };
static const char *const proposer_names[] = { "提出人", "proposer", NULL };
static const char *const phone_names[] = { "联系电话", "phone", NULL };
static const char *const unit_names[] = { "承办单位", "handling_unit", "handling unit", NULL };

static const sheet_column cols[N_COLS] = {
	{ kind_names, true }, { session_names, false }, { number_names, true }, { title_names, true },
	{ proposer_names, true }, { phone_names, false }, { unit_names, true },
};

const char *
propimport_status_label(import_status s)
{
	return importplan_status_label(s);
}

static bool
same_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
		if (x != *b)
			return false;
	}
	return *a == *b;
}

/* The stored kind for a cell: 建议 / suggestion, 提案 / proposal (and the long names); NULL when unknown, "" when blank. */
static const char *
kind_value(const char *cell)
{
	char *t = str_trim_dup(cell);
	const char *v = NULL;

	if (!*t)
		v = "";
	else if (strcmp(t, "建议") == 0 || strcmp(t, "人大代表建议") == 0 || same_ci(t, "suggestion"))
		v = "suggestion";
	else if (strcmp(t, "提案") == 0 || strcmp(t, "政协委员提案") == 0 || same_ci(t, "proposal"))
		v = "proposal";
	free(t);
	return v;
}

static import_row *
add_row(import_plan *plan, long line)
{
	import_row *r;

	plan->rows = importplan_grow(plan->rows, plan->n, &plan->cap, sizeof *plan->rows);
	r = &plan->rows[plan->n++];
	r->line = line;
	proposal_init(&r->p);
	return r;
}

static void
set_bad(import_row *r, char *reason)
{
	importplan_set_bad(&r->status, &r->reason, reason);
}

/* The row's values onto the stored proposal found: CHANGED when one differs, else UNCHANGED. */
static void
judge_existing(sqlite3 *db, import_row *r, proposal *stored)
{
	bool differs = false;
	char *msg;

	for (size_t i = 0; i < N_COLS; i++) {
		proposal_field f = import_fields[i];
		/* An empty cell (or a column the sheet lacks) never erases what someone typed here:
		 * a list sent without phones must not wipe the phones the office entered. */
		if (!*r->p.v[f])
			continue;
		/* The number matched by its key: "32" from a sheet that lost its zeros keeps "032". */
		if (f == PROPOSAL_NUMBER)
			continue;
		if (strcmp(stored->v[f], r->p.v[f]) != 0) {
			differs = true;
			proposal_set(stored, f, r->p.v[f]);
		}
	}
	proposal_free(&r->p);
	r->p = *stored;
	r->status = differs ? IMPORT_CHANGED : IMPORT_UNCHANGED;
	/* Checked again as a whole: the record's own other fields and any second copy of it. */
	if (differs && (msg = proposal_validate(db, &r->p)) != NULL)
		set_bad(r, msg);
}

static void
judge_row(sqlite3 *db, const sheet_row *row, const int *index, import_row *r)
{
	const char *kind = kind_value(sheet_cell(row, index[0]));
	proposal stored;
	char *msg;
	int rc;

	if (!kind) {
		char *shown = utf8_fit_cols(sheet_cell(row, index[0]), 20, true);
		/* TRANSLATORS: the value found in the kind column. */
		set_bad(r, xasprintf(_("Kind must be 建议 or 提案 (suggestion or proposal), not \"%s\"."), shown));
		free(shown);
		return;
	}
	proposal_set(&r->p, PROPOSAL_KIND, kind);
	for (size_t i = 1; i < N_COLS; i++)
		proposal_set(&r->p, import_fields[i], sheet_cell(row, index[i]));
	/* Field checks first (they also normalise the key), then the database. */
	if ((msg = proposal_validate(NULL, &r->p)) != NULL) {
		set_bad(r, msg);
		return;
	}
	rc = proposal_find(db, r->p.v[PROPOSAL_HANDLING_UNIT], r->p.v[PROPOSAL_NUMBER], r->p.v[PROPOSAL_SESSION], &stored);
	if (rc == 0) {
		judge_existing(db, r, &stored);
		return;
	}
	proposal_free(&stored);
	if (rc < 0)
		set_bad(r, xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db)));
	else
		r->status = IMPORT_NEW;
}

static const proposal_field key_fields[] = { PROPOSAL_HANDLING_UNIT, PROPOSAL_NUMBER, PROPOSAL_SESSION };

static int
key_only_cmp(const void *a, const void *b)
{
	const import_row *x = a, *y = b;
	int c;

	for (size_t i = 0; i < 3; i++) {
		const char *a = x->p.v[key_fields[i]], *b = y->p.v[key_fields[i]];
		if (key_fields[i] == PROPOSAL_NUMBER) {
			a = proposal_number_key(a);
			b = proposal_number_key(b);
		}
		if ((c = strcmp(a, b)) != 0)
			return c;
	}
	return 0;
}

static void
repeat_bad(void *later, long first_line)
{
	/* TRANSLATORS: the line of the earlier row. */
	set_bad(later, xasprintf(_("Same number, session and handling unit as line %ld."), first_line));
}

static const importplan_layout row_layout = {
	sizeof(import_row), offsetof(import_row, line), offsetof(import_row, status)
};

/* What judge_next needs: the database and the plan being filled. */
typedef struct plan_ctx {
	sqlite3 *db;
	import_plan *plan;
} plan_ctx;

static int
judge_next(void *ud, const sheet_row *row, const int *index, char **err)
{
	plan_ctx *c = ud;

	(void)err;
	judge_row(c->db, row, index, add_row(c->plan, row->line));
	return 0;
}

int
propimport_plan(sqlite3 *db, const char *path, import_plan *plan, char **err)
{
	return propimport_plan_sheet(db, path, NULL, plan, err);
}

int
propimport_plan_sheet(sqlite3 *db, const char *path, const char *sheet, import_plan *plan, char **err)
{
	plan_ctx c = { db, plan };

	memset(plan, 0, sizeof *plan);
	if (importplan_read(path, sheet, cols, N_COLS, PROPIMPORT_MAX_ROWS,
	    _("%s: the file is empty; it needs a header row and one row per proposal."), judge_next, &c, err) != 0) {
		propimport_free(plan);
		return -1;
	}
	/* A row repeating an earlier row's number, session and handling unit is bad: the file would
	 * otherwise write the same proposal twice in one go. */
	importplan_finish(plan->rows, plan->n, &row_layout, key_only_cmp, repeat_bad, plan->count);
	return 0;
}

static int
apply_row(sqlite3 *db, void *ud, size_t i, char **err)
{
	import_row *r = &((import_plan *)ud)->rows[i];
	char *msg;

	if (r->status != IMPORT_NEW && r->status != IMPORT_CHANGED)
		return 0;
	/* Again inside the transaction: another window may have entered the same proposal since. */
	if ((msg = proposal_validate(db, &r->p)) != NULL) {
		/* TRANSLATORS: a line of the file, then why its row cannot be written. */
		*err = xasprintf(_("line %ld: %s"), r->line, msg);
		free(msg);
		return -1;
	}
	return r->status == IMPORT_NEW ? proposal_insert_tx(db, &r->p, err) : proposal_write_tx(db, &r->p, err);
}

int
propimport_apply(sqlite3 *db, import_plan *plan, char **err)
{
	return importplan_apply(db, plan->n, apply_row, plan, err);
}

void
propimport_free(import_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->rows[i].reason);
		proposal_free(&plan->rows[i].p);
	}
	free(plan->rows);
	memset(plan, 0, sizeof *plan);
}

const sheet_column *
propimport_columns(size_t *n)
{
	*n = N_COLS;
	return cols;
}
