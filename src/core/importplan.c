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

/* qsort has no context argument: the key and line functions of the sort under way. */
static importplan_key_fn sort_key;
static importplan_line_fn sort_line;

/* By key, then by line: the first row of a key comes first. */
static int
by_key_then_line(const void *a, const void *b)
{
	const void *x = *(void *const *)a, *y = *(void *const *)b;
	int c = sort_key(x, y);
	long lx, ly;

	if (c)
		return c;
	lx = sort_line(x);
	ly = sort_line(y);
	return (lx > ly) - (lx < ly);
}

void
importplan_mark_repeats(void **rows, size_t m, importplan_key_fn key, importplan_line_fn line,
    importplan_repeat_fn repeat)
{
	sort_key = key;
	sort_line = line;
	qsort(rows, m, sizeof *rows, by_key_then_line);
	for (size_t i = 1, first = 0; i < m; i++) {
		if (key(rows[first], rows[i]) == 0)
			repeat(rows[i], line(rows[first]));
		else
			first = i;
	}
}

int
importplan_apply(sqlite3 *db, size_t n, importplan_apply_fn apply, void *ud, char **err)
{
	*err = NULL;
	if (db_begin(db) != 0) {
		*err = xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db));
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (apply(db, ud, i, err) != 0) {
			db_rollback(db);
			return -1;
		}
	}
	if (db_commit(db) != 0) {
		*err = xasprintf(_("The database refused the change: %s"), sqlite3_errmsg(db));
		db_rollback(db);
		return -1;
	}
	return 0;
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
