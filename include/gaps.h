/* gaps.h - the gap report: a community's facilities against the 20 items of the complete-community
 * standard (data/standard_checks.tsv) and the indicators the data can compute. The report is a
 * structure; gaps_write_text and gaps_write_sheet render it. No curses. */
#ifndef LC_GAPS_H
#define LC_GAPS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include "uuid.h"
#include "sheetout.h"

typedef enum gap_status {
	GAP_MET,		/* every applicable check is met */
	GAP_BELOW,		/* present, but a check is not met: detail says by how much */
	GAP_MISSING,		/* no operating facility of the item */
	GAP_UNCHECKABLE		/* the data cannot tell: detail says what is missing */
} gap_status;

/* One standard item's verdict. */
typedef struct gap_item {
	int no;			/* 1..20 */
	char *name;		/* the item's name from the reference data, in the report's language */
	gap_status status;
	int operating;		/* operating facilities counted for it */
	char *detail;		/* translated: what was found against the standard, or what data is missing */
	char *pending;		/* translated: facilities planned or under construction ("" when none); they never count */
} gap_item;

/* One indicator of 专栏1 the data can compute for the community. */
typedef struct gap_indicator {
	int no;			/* its number in data/indicators.tsv */
	char *name, *unit, *op, *kind;	/* from the reference data; kind is binding or expected */
	double target;
	bool known;		/* false: not checkable, detail says why */
	double value;
	bool met;
	char *detail;		/* translated note (what is missing, or what the value is made of) */
} gap_indicator;

typedef struct gap_report {
	char community_id[UUID_TEXT_LEN];
	char *code, *name;
	bool is_new, old_estate;
	bool has_households;
	long long households;
	gap_item *items;	/* in item order */
	size_t n_items;
	gap_indicator *indicators;
	size_t n_indicators;
	int n_status[4];	/* items per gap_status */
	double service_area;	/* m² of operating community service facilities */
	int service_unmeasured;	/* operating community service facilities without a floor area */
	bool has_service, has_elderly;	/* an operating service / elderly-care facility exists */
} gap_report;

/* The indicator of data/indicators.tsv (专栏1) that is the community service facility area per 100 households. */
#define GAPS_IND_AREA_PER_100 4

/* Across several communities: the share of communities covered. */
typedef struct gap_summary {
	size_t communities;
	size_t with_service, with_elderly;
	size_t area_met, area_known;	/* communities meeting the per-100-households area / with it computable */
} gap_summary;

/* Label of a status, translated ("met", "below the standard", "missing", "not checkable"). */
const char *gaps_status_label(gap_status s);
/* Build the report for the live community community_id into r, in its own read transaction (so not inside a caller's), naming standard items and business types in lang (util_ui_language: English names for "en", Chinese ones otherwise or where the data has no English). 0, or -1 with *err (heap). */
int gaps_build(sqlite3 *db, const char *community_id, const char *lang, gap_report *r, char **err);
/* Reports (names in lang, as gaps_build) for every live community, in code order (heap array, *n); NULL with *n 0 and *err on error (no communities is not an error: NULL, *n 0, *err NULL). */
gap_report *gaps_build_all(sqlite3 *db, const char *lang, size_t *n, char **err);
/* Free what r holds. */
void gaps_free(gap_report *r);
/* Free an array from gaps_build_all. */
void gaps_free_all(gap_report *r, size_t n);
/* The summary of n reports. */
void gaps_summarize(const gap_report *r, size_t n, gap_summary *s);
/* Write reports (and, for more than one, the summary table) as text in columns by display width; 0 or -1 on a write error. */
int gaps_write_text(FILE *out, const gap_report *r, size_t n);
/* An indicator's target as text ("≥ 33 ㎡"), heap. */
char *gaps_target_text(const gap_indicator *g);
/* An indicator's verdict, translated: met, not met or not checkable. */
const char *gaps_indicator_verdict(const gap_indicator *g);
/* Indicator number no of r (1..5), or NULL when r has none such. */
const gap_indicator *gaps_find_indicator(const gap_report *r, int no);
/* Write the reports as rows of a sheet: one row per item and per indicator, then (for more than one community) the summary rows. 0, or -1 (see sheetout_error). */
int gaps_write_sheet(sheetout *so, const gap_report *r, size_t n);

/* The task list's target for chain outlets: at least 30% of a life circle's commercial outlets
 * (2023年乌海市一刻钟社区生活圈建设工作任务清单, 便民消费圈 6.2: 连锁店占商业网点数量比例达30%以上). */
#define GAPS_CHAIN_TARGET_PERCENT 30.0

/* One business type in a community's outlet list. */
typedef struct gap_outlet {
	char *code, *name;	/* from data/business_types.tsv, the name in the language asked for */
	bool chain_countable;	/* counts in the chain share (the chain_countable column) */
	int operating;		/* operating outlets of the type */
	int chains;		/* of them chain outlets */
	int pending;		/* planned or under construction (not counted) */
} gap_outlet;

/* The outlet list (业态店铺清单) of a community: every business type with its counts, and the share of
 * chain outlets among the operating outlets of chain-countable types against the 30% target. */
typedef struct gap_outlets {
	gap_outlet *types;	/* in the data file's order, every type (0 outlets too) */
	size_t n;
	int outlets;		/* operating outlets of every business type */
	int countable;		/* operating outlets of chain-countable types */
	int chains;		/* chain outlets among those */
	bool share_known;	/* false when there is no countable outlet */
	double share_percent;	/* chains / countable * 100 */
	double target_percent;	/* GAPS_CHAIN_TARGET_PERCENT */
	bool target_met;
} gap_outlets;

/* The outlet list of community_id (live, operating facilities only) into o, the business types named in lang (as gaps_build). 0, or -1 with *err (heap). */
int gaps_outlets(sqlite3 *db, const char *community_id, const char *lang, gap_outlets *o, char **err);
/* Free what o holds. */
void gaps_outlets_free(gap_outlets *o);

#endif
