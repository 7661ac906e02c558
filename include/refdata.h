/* refdata.h - reference data (circles, complete-community standard, indicators) read from data/ files into the database. */
#ifndef LC_REFDATA_H
#define LC_REFDATA_H

#include <sqlite3.h>

/* Directory of the data files: $LIFECIRCLE_DATADIR if set, else the installed pkgdatadir. */
const char *refdata_dir(void);
/* Load every reference file from dir into db when its table is empty (first open), in the caller's transaction. 0 on success, else -1 with *err (heap) naming file and line. */
int refdata_load(sqlite3 *db, const char *dir, char **err);

#endif
