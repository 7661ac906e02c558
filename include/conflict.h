/* conflict.h - a person's review of what the exchange kept aside (sync.h): a conflict's two versions
 * field by field, taking the kept one as a new edit (record.h, so it travels like any other edit) or
 * keeping the winner; and the possible duplicates' two records field by field. No curses. */
#ifndef LC_CONFLICT_H
#define LC_CONFLICT_H

#include <sqlite3.h>
#include <stdbool.h>

/* One field of two versions side by side: the column name, each side's value as text ("" for
 * NULL, a number as SQLite prints it) and whether they differ. */
typedef struct conflict_field {
	char *name;
	char *left, *right;
	bool differs;
} conflict_field;

/* Two versions of one record (or two records) side by side, with who wrote each and when. */
typedef struct conflict_pair {
	char *table;			/* the synced table's name */
	char *id;			/* the record id (left's, for duplicates) */
	char *left_clock, *right_clock;	/* clock values (hlc text) */
	char *left_office, *right_office;	/* office code of the node that wrote each ("" unknown) */
	char *kind;			/* 'concurrent' or 'same_clock' ('identical' ones are no conflict: never listed); "" for duplicates */
	char *reviewed;			/* '', 'kept' or 'took' */
	bool left_gone;			/* the left record is not in its table any more */
	conflict_field *fields;
	int n_fields;
	int n_differ;
} conflict_pair;

/* The conflict with rowid cid: left the record's current (winning) version in its table, right the
 * version kept aside; every exchanged column but change_seq. 0, 1 when there is no such conflict,
 * -1 on a database error. */
int conflict_load(sqlite3 *db, long long cid, conflict_pair *out);
/* The live records id_a (left) and id_b (right) of table, side by side (possible duplicates). 0, 1
 * when either is gone or the table is not exchanged, -1 on a database error. */
int conflict_load_records(sqlite3 *db, const char *table, const char *id_a, const char *id_b, conflict_pair *out);
/* Free what conflict_load or conflict_load_records put in p. */
void conflict_pair_free(conflict_pair *p);
/* Take the kept version of conflict cid: the record becomes its data fields (and its deleted flag)
 * as a new version written here (new clock, base the current one), and the conflict is marked
 * 'took', in one transaction. 0, or -1 with *err (heap) and nothing changed. */
int conflict_take_other(sqlite3 *db, long long cid, char **err);
/* Keep the winner of conflict cid: it is marked 'kept'; no record changes. 0, or -1 with *err (heap). */
int conflict_dismiss(sqlite3 *db, long long cid, char **err);
/* Conflicts not reviewed yet (kind identical left out: no conflict), or -1 on error. */
long long conflict_open_count(sqlite3 *db);
/* A translated name for a synced table's records ("proposal" -> 建议提案), or the name itself. */
const char *conflict_table_label(const char *table);
/* A translated label for a column of a synced table ("phone" -> 联系电话), or the name itself. */
const char *conflict_field_label(const char *column);

#endif
