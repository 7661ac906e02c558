/* importplan.c - the parts every import plan shares: reading a sheet's header and rows into a
 * judge, repeated keys inside one file (sorted, so a list of any length costs n log n, not n²),
 * and all-or-nothing writing. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "importplan.h"
#include "db.h"
#include "util.h"
#include "i18n.h"

const char *
importplan_status_label(import_status s)
{
	switch (s) {
	case IMPORT_NEW:
		return _("new");
	case IMPORT_CHANGED:
		return _("changed");
	case IMPORT_UNCHANGED:
		return _("unchanged");
	default:
		return _("bad");
	}
}

int
importplan_read(const char *path, const char *sheet, const sheet_column *cols, size_t ncols, size_t max_rows,
    const char *empty_msg, importplan_row_fn judge, void *ud, char **err)
{
	sheet_reader *rd = sheet_open_sheet(path, sheet, NULL, err);
	int *index = xcalloc(ncols ? ncols : 1, sizeof *index);
	size_t rows = 0;
	sheet_row row;
	int rc;

	if (!rd) {
		free(index);
		return -1;
	}
	rc = sheet_next(rd, &row, err);
	if (rc == 0)
		*err = xasprintf(empty_msg, path);
	if (rc == 1 && sheet_header_match(&row, cols, ncols, index, err) != 0) {
		char *e = xasprintf("%s, %s", path, *err);
		free(*err);
		*err = e;
		rc = -1;
	}
	if (rc != 1) {
		sheet_close(rd);
		free(index);
		return -1;
	}
	while ((rc = sheet_next(rd, &row, err)) == 1) {
		if (++rows > max_rows) {
			*err = xasprintf(_("%s: more than %d rows; split the list."), path, (int)max_rows);
			rc = -1;
			break;
		}
		if (judge(ud, &row, index, err) != 0) {
			rc = -1;
			break;
		}
	}
	sheet_close(rd);
	free(index);
	return rc < 0 ? -1 : 0;
}

void *
importplan_grow(void *rows, size_t n, size_t *cap, size_t size)
{
	if (n == *cap)
		rows = xrealloc(rows, (*cap = *cap ? *cap * 2 : 64) * size);
	memset((char *)rows + n * size, 0, size);
	return rows;
}

void
importplan_set_bad(import_status *status, char **reason, char *why)
{
	*status = IMPORT_BAD;
	free(*reason);
	*reason = why;
}

/* qsort has no context argument: the key function and row layout of the sort under way. */
static importplan_key_fn sort_key;
static const importplan_layout *sort_layout;

static long
row_line(const void *row)
{
	long line;

	memcpy(&line, (const char *)row + sort_layout->line_at, sizeof line);
	return line;
}

static import_status
row_status(const void *row, const importplan_layout *layout)
{
	import_status s;

	memcpy(&s, (const char *)row + layout->status_at, sizeof s);
	return s;
}

/* By key, then by line: the first row of a key comes first. */
static int
by_key_then_line(const void *a, const void *b)
{
	const void *x = *(void *const *)a, *y = *(void *const *)b;
	int c = sort_key(x, y);
	long lx, ly;

	if (c)
		return c;
	lx = row_line(x);
	ly = row_line(y);
	return (lx > ly) - (lx < ly);
}

void
importplan_finish(void *rows, size_t n, const importplan_layout *layout, importplan_key_fn key,
    importplan_repeat_fn repeat, size_t count[IMPORT_NSTATUS])
{
	void **by_key = xcalloc(n ? n : 1, sizeof *by_key);
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		void *row = (char *)rows + i * layout->size;
		if (row_status(row, layout) != IMPORT_BAD)
			by_key[m++] = row;
	}
	sort_key = key;
	sort_layout = layout;
	qsort(by_key, m, sizeof *by_key, by_key_then_line);
	for (size_t i = 1, first = 0; i < m; i++) {
		if (key(by_key[first], by_key[i]) == 0)
			repeat(by_key[i], row_line(by_key[first]));
		else
			first = i;
	}
	free(by_key);
	memset(count, 0, IMPORT_NSTATUS * sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[row_status((char *)rows + i * layout->size, layout)]++;
}

/* What apply_all needs: the caller's row writer and its plan. */
typedef struct apply_ctx {
	size_t n;
	importplan_apply_fn apply;
	void *ud;
} apply_ctx;

static int
apply_all(sqlite3 *db, void *ud, char **err)
{
	const apply_ctx *c = ud;

	for (size_t i = 0; i < c->n; i++)
		if (c->apply(db, c->ud, i, err) != 0)
			return -1;
	return 0;
}

int
importplan_apply(sqlite3 *db, size_t n, importplan_apply_fn apply, void *ud, char **err)
{
	apply_ctx c = { n, apply, ud };

	return db_in_transaction(db, apply_all, &c, err);
}

bool
importplan_ui_chinese(void)
{
	/* TRANSLATORS: "zh" when spreadsheet headers and values are written in Chinese (the importers read Chinese and English only). */
	return strcmp(_("spreadsheet-language:en"), "spreadsheet-language:zh") == 0;
}

const char *
importplan_header(const sheet_column *col)
{
	return importplan_ui_chinese() || !col->names[1] ? col->names[0] : col->names[1];
}
