/* importview.h - what the import preview screen (src/screens/import_ui.c) needs of an import, whatever
 * it brings in: a plan made from a file without writing, its rows (line, status, a summary, the reason
 * a bad row is refused), and the good rows written in one transaction on the user's acceptance. A kind
 * of import (proposals, communities, facilities) fills one importview_kind with callbacks over its own
 * plan type; the screen knows no record. */
#ifndef LC_IMPORTVIEW_H
#define LC_IMPORTVIEW_H

#include <sqlite3.h>
#include <stddef.h>
#include "importplan.h"

/* One row of a plan as the screen shows it. */
typedef struct importview_row {
	long line;			/* where the row starts in the file */
	import_status status;		/* new, changed, unchanged or bad (importplan.h) */
	char *summary;			/* fresh: what the row is (e.g. "032 关于…的提案  乌海市商务局"), "" if nothing can be said */
	char *reason;			/* fresh: IMPORT_BAD, why (translated); else NULL */
} importview_row;

/* A kind of import. Every callback gets the plan its plan callback made. */
typedef struct importview_kind {
	const char *title;		/* N_() marked: the screen's title, e.g. N_("Import proposals") */
	const char *columns;		/* N_() marked: the columns the file needs, shown when asking for it */
	/* Read path and judge every row against db, writing nothing: 0 with *plan, or -1 with *err (fresh, translated). */
	int (*plan)(sqlite3 *db, const char *path, void **plan, char **err);
	/* Rows in the plan. */
	size_t (*count)(const void *plan);
	/* Row i into *out (its strings fresh: free with importview_row_free). */
	void (*row)(const void *plan, size_t i, importview_row *out);
	/* How many rows have each status. */
	void (*counts)(const void *plan, size_t count[IMPORT_NSTATUS]);
	/* Write the new and changed rows in one transaction: 0, or -1 with *err and nothing written (the plan is then made again). */
	int (*apply)(sqlite3 *db, void *plan, char **err);
	/* Free the plan. */
	void (*free)(void *plan);
} importview_kind;

/* Free the strings of a row filled by a kind's row callback. */
void importview_row_free(importview_row *r);

#endif
