/* refdata.h - reference data (circles, complete-community standard, indicators) read from data/ files into the database. */
#ifndef LC_REFDATA_H
#define LC_REFDATA_H

#include <sqlite3.h>
#include <stdbool.h>

/* Directory of the data files: $LIFECIRCLE_DATADIR if set, else the installed pkgdatadir. */
const char *refdata_dir(void);
/* Load every reference file from dir into db when its table is empty (first open), in the caller's transaction. 0 on success, else -1 with *err (heap) naming file and line. */
int refdata_load(sqlite3 *db, const char *dir, char **err);
/* Version of the data set in dir (its VERSION file: comment lines, then one whole number from 1); 0 when dir has no VERSION file. 0 on success, -1 with *err (heap) naming file and line. */
int refdata_dir_version(const char *dir, int *version, char **err);
/* Version of the reference data db holds (0 when loaded before versioning, or never). */
int refdata_db_version(sqlite3 *db);
/* The program's open: load the reference tables when empty, replace them (in one transaction; users' records untouched) when dir's data is newer than db's, and do nothing, taking no write lock, when db is current. 0 on success, else -1 with *err (heap) naming file and line. */
int refdata_sync(sqlite3 *db, const char *dir, char **err);

/* true when lang (util_ui_language's "en", or a locale name such as "zh_CN.UTF-8") asks for the English names of standard items and business types. */
bool refdata_lang_en(const char *lang);
/* SQL text of a standard item's or business type's name as shown: table alias t's name_en when the SQL
 * expression en (a bound parameter holding refdata_lang_en) is true and name_en is not empty, else its
 * Chinese name. One spelling of the fallback for every query that shows a kind. */
#define REFDATA_NAME_SQL(t, en) "(CASE WHEN " en " AND " t ".name_en <> '' THEN " t ".name_en ELSE " t ".name END)"

#endif
