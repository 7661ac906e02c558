/* fbstats.h - satisfaction statistics of the feedback forms (办理情况征询意见表), by handling unit or by
 * session: how many proposals, how many forms came back at each level (满意 / 比较满意 / 不满意), the
 * satisfaction rate, and how many are still awaiting reply or not sent yet. One SQL pass with GROUP BY
 * over the live (not deleted) proposals and their live feedback forms; no curses.
 *
 * Every live proposal falls in exactly one of: returned (a live feedback form is entered), awaiting
 * reply (no live form, and the form was sent), not sent. So total = returned + awaiting + unsent. */
#ifndef LC_FBSTATS_H
#define LC_FBSTATS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include "sheetout.h"

typedef enum fbstats_by {
	FBSTATS_BY_UNIT,	/* one row per handling unit (承办单位) */
	FBSTATS_BY_SESSION	/* one row per session (届次) */
} fbstats_by;

typedef struct fbstats_row {
	char *key;		/* the handling unit or the session as stored ("" when empty) */
	long long total;	/* live proposals */
	long long satisfied;	/* 满意 */
	long long fairly;	/* 比较满意 */
	long long dissatisfied;	/* 不满意 */
	long long returned;	/* forms returned (answers entered) */
	long long awaiting;	/* sent, not returned */
	long long unsent;	/* not sent yet */
} fbstats_row;

/* The rows for by, ordered by key, into *rows (heap, *n of them; NULL and 0 when there are no proposals). 0, or -1 with *err (heap). */
int fbstats_query(sqlite3 *db, fbstats_by by, fbstats_row **rows, size_t *n, char **err);
/* fbstats_query over the proposals of handling unit and of session only (each NULL: any; compared trimmed, as the keys are). */
int fbstats_query_where(sqlite3 *db, fbstats_by by, const char *unit, const char *session, fbstats_row **rows, size_t *n, char **err);
/* Free rows from fbstats_query. */
void fbstats_free(fbstats_row *rows, size_t n);
/* The sums of rows[0..n) into *out (out->key is NULL). */
void fbstats_total(const fbstats_row *rows, size_t n, fbstats_row *out);
/* The satisfaction rate (满意 + 比较满意) / returned in tenths of a percent, rounded half up (2 of 3 -> 667); -1 when nothing was returned. */
int fbstats_rate_tenths(const fbstats_row *r);
/* The rate as text for people: "66.7%", or "—" when nothing was returned (fresh). */
char *fbstats_rate_text(const fbstats_row *r);

/* The key as shown: key itself, or "(no session)" / "(no handling unit)" (translated) when it is empty. Static or key. */
const char *fbstats_key_label(fbstats_by by, const char *key);
/* The table as text, columns aligned by display width, with a total row; 0, or -1 when writing failed. */
int fbstats_write_text(FILE *out, fbstats_by by, const fbstats_row *rows, size_t n);
/* The table as spreadsheet rows (header, one row per key, the total); the rate as a number of percent with one decimal, an empty cell when nothing was returned. 0, or -1. */
int fbstats_write_sheet(sheetout *so, fbstats_by by, const fbstats_row *rows, size_t n);

#endif
