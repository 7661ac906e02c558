/* gapbook.h - the gap report as a workbook (export gaps --format xlsx): the summary across
 * communities on the first sheet (when there are several), then one sheet per community with its
 * 20 standard items and its indicators, numbers as numbers. Through the one writer (sheetout.h). */
#ifndef LC_GAPBOOK_H
#define LC_GAPBOOK_H

#include <stddef.h>
#include "gaps.h"
#include "sheetout.h"

/* Name of the workbook's first sheet for n reports (heap): the summary's, or the one community's. */
char *gapbook_first_sheet(const gap_report *r, size_t n);
/* Write the n reports: the current sheet gets the summary (n > 1) or the one community; every other community starts its own sheet. 0, or -1 (see sheetout_error). */
int gapbook_write(sheetout *so, const gap_report *r, size_t n);

#endif
