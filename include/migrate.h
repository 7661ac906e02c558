/* migrate.h - numbered schema migrations, applied in one transaction at open. */
#ifndef LC_MIGRATE_H
#define LC_MIGRATE_H

#include <sqlite3.h>

/* Number of the newest migration (the schema version it leaves). */
int migrate_latest(void);
/* The schema version left by the first migration whose SQL contains fragment, or 0: a test of one migration finds the schema before it (appended migrations move migrate_latest()). */
int migrate_version_containing(const char *fragment);
/* Bring db from its user_version up to migrate_latest() in one transaction; 0 on success, else -1 with *err set (heap). */
int migrate_apply(sqlite3 *db, char **err);
/* Bring db up to schema version target (1..migrate_latest()), as migrate_apply does; a file already past target is left as it is. For tests of old files and of each migration. */
int migrate_apply_to(sqlite3 *db, int target, char **err);
/* The SQL (several statements) that adds the derived survey_answer rows of every live, complete survey_response not yet in them; run it on empty survey_answer tables to rebuild them (see migration_survey). */
const char *migrate_survey_answer_fill_sql(void);

#endif
