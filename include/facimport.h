/* facimport.h - bringing an office's existing lists (台账) of communities and facilities in from a
 * spreadsheet (CSV or .xlsx, through sheet.h), as a plan first: every row new, changed, unchanged or
 * bad with its line and reason, which the command line prints as its --dry-run preview and the UI
 * shows before the user accepts; then the good rows written in one transaction. A community row is
 * the live community of its code; a facility row is the live facility of its community, kind and
 * name. A matched record takes the row's non-empty cells (an empty cell or a missing column erases
 * nothing), so re-importing the same file changes nothing. Records are checked by community.h and
 * facility.h, never here. The column lists (Chinese or English headers) are facimport_columns. */
#ifndef LC_FACIMPORT_H
#define LC_FACIMPORT_H

#include <sqlite3.h>
#include <stddef.h>
#include "importplan.h"
#include "community.h"
#include "facility.h"

typedef enum facimport_kind {
	FACIMPORT_COMMUNITIES,	/* 代码/code, 名称/name, 街道/subdistrict, 区/district, 户数/households, 人口/residents, 新建/new, 用地面积/land_area, 老旧小区/old_estate */
	FACIMPORT_FACILITIES	/* 社区代码/community, 类别/kind, 名称/name, 地址/address, 建筑面积/floor_area, 用地面积/land_area, 容量/capacity, 容量单位/capacity_unit, 状态/status */
} facimport_kind;

typedef struct facimport_row {
	long line;		/* where the row starts in the file (.xlsx: its row number) */
	import_status status;
	char *reason;		/* IMPORT_BAD: translated, heap; else NULL */
	char *shown;		/* what the row is, for a preview: "CODE NAME" or "CODE KIND NAME" (heap) */
	community c;		/* FACIMPORT_COMMUNITIES: what will be written (CHANGED: the stored one with the row's values) */
	facility f;		/* FACIMPORT_FACILITIES: the same */
} facimport_row;

typedef struct facimport_plan {
	facimport_kind kind;
	facimport_row *rows;
	size_t n, cap;
	size_t count[IMPORT_NSTATUS];	/* rows of each status */
} facimport_plan;

/* Rows of a plan at most: a district's inventory is tens of thousands; this bounds memory for a wrong file. */
#define FACIMPORT_MAX_ROWS 200000

/* The columns of kind (names: Chinese first, English second) into *n; static. */
const sheet_column *facimport_columns(facimport_kind kind, size_t *n);
/* Read the spreadsheet at path (sheet NULL: the first sheet of a workbook) and judge every row against db without writing. 0 with *plan filled (free with facimport_free), or -1 with *err (heap, translated: the file cannot be read, its header lacks a column, or it is broken at a line). */
int facimport_plan_file(sqlite3 *db, facimport_kind kind, const char *path, const char *sheet, facimport_plan *plan, char **err);
/* Write the plan's new and changed rows in one transaction (each checked again inside it). 0, or -1 with *err and nothing written (then make the plan again). */
int facimport_apply(sqlite3 *db, facimport_plan *plan, char **err);
/* Free the plan's rows and empty it. */
void facimport_free(facimport_plan *plan);
/* The kind code ("item:N" or "type:CODE", as facility_set takes it) named by text: a business type's code, Chinese or English name, or a standard item's name (with or without its leading 一个), its number, or "item:N"/"type:CODE". Heap, or NULL when unknown. */
char *facimport_kind_code(sqlite3 *db, const char *text);
/* The status code (operating, building, planned, closed) named by text: the code, its English or Chinese label or a common Chinese word (运营中, 在建, 规划中, 已关闭, ...); "" for blank; NULL when unknown. Static. */
const char *facimport_status_code(const char *text);
/* The capacity unit code named by text the same way (beds/床位, ...); "" for blank; NULL when unknown. Static. */
const char *facimport_unit_code(const char *text);

#endif
