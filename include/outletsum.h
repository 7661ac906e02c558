/* outletsum.h - the outlet summary across communities (业态汇总): every business type with its
 * operating, chain and planned outlets in all live communities of the file and how many communities
 * have one; each community's chain share against the task list's 30% target; and the share of all.
 * Read in two grouped queries (one pass over the facilities each), whatever the number of facilities.
 * No curses: the screen and `lifecircle report outlets` print the same lines (outletsum_lines). */
#ifndef LC_OUTLETSUM_H
#define LC_OUTLETSUM_H

#include <stdbool.h>
#include <stdio.h>
#include <sqlite3.h>
#include "gaps.h"
#include "sheetout.h"

/* One community's outlets and chain share. */
typedef struct outletsum_community {
	char *code, *name;
	int outlets;		/* operating outlets of every business type */
	int countable;		/* of them, of types the chain share counts */
	int chains;		/* chain outlets among the countable ones */
	bool share_known;	/* false without a countable outlet */
	double share_percent;
	bool target_met;
} outletsum_community;

typedef struct outletsum {
	gap_outlets total;		/* every business type across the communities, and the share of all */
	int *type_communities;		/* per total.types[i]: communities with an operating outlet of it */
	outletsum_community *comms;	/* the live communities by code */
	size_t ncomms;
	int comms_known, comms_met;	/* communities whose share is known; of them, meeting the target */
} outletsum;

/* Build the summary of every live community of db into s, business types named in lang (as gaps_build). 0, or -1 with *err (heap). */
int outletsum_build(sqlite3 *db, const char *lang, outletsum *s, char **err);
/* Free what s holds. */
void outletsum_free(outletsum *s);

/* How a line of the summary reads: a title, plain, dimmed (nothing of it), a target met or not met. */
typedef enum outletsum_style { OUTLETSUM_TITLE, OUTLETSUM_PLAIN, OUTLETSUM_DIM, OUTLETSUM_MET, OUTLETSUM_NOT_MET } outletsum_style;
typedef struct outletsum_line {
	outletsum_style style;
	char *text;		/* translated, columns padded in display widths */
} outletsum_line;

/* The summary as lines of text (heap array of *n; free with outletsum_lines_free): the business types
 * table, the share of all, the communities table and how many meet the target. */
outletsum_line *outletsum_lines(const outletsum *s, size_t *n);
/* Free lines from outletsum_lines. */
void outletsum_lines_free(outletsum_line *l, size_t n);
/* Write the lines to f; 0, or -1 when writing failed. */
int outletsum_write_text(FILE *f, const outletsum *s);
/* Write the summary as rows of a sheet (one header row; a row per business type, per community and
 * the total, the first column saying which). 0, or -1 (see sheetout_error). */
int outletsum_write_sheet(sheetout *so, const outletsum *s);

#endif
