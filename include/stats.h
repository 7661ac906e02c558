/* stats.h - small counts for the status bar and the command line. */
#ifndef LC_STATS_H
#define LC_STATS_H

#include <sqlite3.h>

/* Live (not deleted) record counts of the user tables. */
typedef struct record_counts {
	long long responses;
	long long facilities;
	long long proposals;
	long long feedback;
} record_counts;

/* Count live records; counts are -1 where a table cannot be read. */
void stats_record_counts(sqlite3 *db, record_counts *out);

#endif
