/* migrate.h - numbered schema migrations, applied in one transaction at open. */
#ifndef LC_MIGRATE_H
#define LC_MIGRATE_H

#include <sqlite3.h>

/* Number of the newest migration (the schema version it leaves). */
int migrate_latest(void);
/* Bring db from its user_version up to migrate_latest() in one transaction; 0 on success, else -1 with *err set (heap). */
int migrate_apply(sqlite3 *db, char **err);

#endif
