/* stats.c - record counts for the status bar, read from record_count, which triggers keep (see
 * migration_lists): one indexed row per table instead of a scan of a million rows after every save. */
#include "config.h"
#include <stddef.h>
#include "stats.h"

/* The live count kept for table, or -1 when it cannot be read. */
static long long
kept_count(sqlite3_stmt *st, const char *table)
{
	long long n = -1;

	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

void
stats_record_counts(sqlite3 *db, record_counts *out)
{
	sqlite3_stmt *st = NULL;

	out->responses = out->facilities = out->proposals = out->feedback = -1;
	if (sqlite3_prepare_v2(db, "SELECT live FROM record_count WHERE tbl = ?1", -1, &st, NULL) != SQLITE_OK)
		return;
	out->responses = kept_count(st, "survey_response");
	out->facilities = kept_count(st, "facility");
	out->proposals = kept_count(st, "proposal");
	out->feedback = kept_count(st, "feedback");
	sqlite3_finalize(st);
}
