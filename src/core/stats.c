/* stats.c - record counts. Each is a scan of its table; the status bar refreshes them only at
 * start and after a write, not on every key. */
#include "config.h"
#include "stats.h"
#include "db.h"

void
stats_record_counts(sqlite3 *db, record_counts *out)
{
	out->responses = db_query_int(db, "SELECT count(*) FROM survey_response WHERE deleted = 0", -1);
	out->facilities = db_query_int(db, "SELECT count(*) FROM facility WHERE deleted = 0", -1);
	out->proposals = db_query_int(db, "SELECT count(*) FROM proposal WHERE deleted = 0", -1);
	out->feedback = db_query_int(db, "SELECT count(*) FROM feedback WHERE deleted = 0", -1);
}
