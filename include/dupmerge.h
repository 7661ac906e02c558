/* dupmerge.h - merging a pair of possible duplicates (two offices made the same community, proposal,
 * facility or questionnaire; sync_duplicates_each lists them): one record stays, the other becomes a
 * tombstone, and a synced record_merge row says which record it was merged into, so every office that
 * imports it knows the same. Records that pointed at the dropped one are repointed to the one that
 * stays, each as a new edit that travels like any other. No curses. */
#ifndef LC_DUPMERGE_H
#define LC_DUPMERGE_H

#include <sqlite3.h>
#include <stdbool.h>
#include "uuid.h"

/* What one merge did. */
typedef struct dupmerge_result {
	char merge_id[UUID_TEXT_LEN];	/* the record_merge row written */
	long long repointed;		/* records that pointed at the dropped one and now point at the kept one */
} dupmerge_result;

/* Whether records of table can be merged (community, estate, facility, proposal, survey_template). */
bool dupmerge_supported(const char *table);
/* Merge record drop_id of table into keep_id, in one transaction: every record that points at drop_id
 * (a facility's community or estate, an estate's community, a response's community or estate, a
 * feedback form's proposal) is repointed to keep_id as a new edit, drop_id becomes a tombstone, a
 * record_merge row (table, drop_id -> keep_id) is written, and this office's own community setting
 * follows. Both must be live records of table and differ. 0 (r filled when not NULL), or -1 with *err
 * (heap, translated) and nothing changed. */
int dupmerge_merge(sqlite3 *db, const char *table, const char *keep_id, const char *drop_id, dupmerge_result *r,
    char **err);
/* The id that id was merged into, followed through later merges to the record that stays (heap), or
 * NULL when id was never merged, or the merges lead back to it (a pair merged both ways round at two
 * offices: dupmerge_settle_opposite keeps id live when the later merge kept it). */
char *dupmerge_target(sqlite3 *db, const char *id);
/* Live records that still point at a record merged away: made or edited at an office before the merge
 * reached it, they arrived after. 0 or more, or -1 on a database error. */
long long dupmerge_stale_count(sqlite3 *db);
/* Point each of them at the record its target was merged into (dupmerge_target, when that one is live),
 * each as a new edit, in one transaction. 0 (*moved: how many; may be NULL), or -1 with *err (heap)
 * and nothing changed. */
int dupmerge_repoint_stale(sqlite3 *db, long long *moved, char **err);
/* A pair merged both ways round (A kept at one office, B at another) is settled, inside the caller's
 * transaction: the latest live merge of the pair (by clock, then node) wins, the record it kept is live
 * again when the other merge made it a tombstone, and the other merge is void (deleted). Each write is
 * a new version stamped with the winning merge's clock, node, time and operator, so every office that
 * settles the pair writes identical rows, whatever the order files came in. Run by every import and
 * every merge. 0 (*settled: merges voided; may be NULL), or a record_error. */
int dupmerge_settle_opposite(sqlite3 *db, long long *settled);
/* id itself (heap, taken over; NULL stays NULL) or, when it was merged, the record it was merged into
 * (dupmerge_target): for ids kept outside the synced records, such as this office's own community. */
char *dupmerge_follow(sqlite3 *db, char *id);

#endif
