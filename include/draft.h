/* draft.h - what a user has typed into a form but not saved yet, kept field by field so a crash loses at most one field. */
#ifndef LC_DRAFT_H
#define LC_DRAFT_H

#include <sqlite3.h>
#include <stdbool.h>

/* Store value of field in the draft of form (autocommits); 0 on success. */
int draft_put(sqlite3 *db, const char *form, const char *field, const char *value);
/* Value of field in the draft of form as a heap string, or NULL. */
char *draft_get(sqlite3 *db, const char *form, const char *field);
/* True when form has any draft value. */
bool draft_exists(sqlite3 *db, const char *form);
/* Number of forms with a draft. */
int draft_count(sqlite3 *db);
/* Drop the draft of form (after save or an explicit discard); 0 on success. */
int draft_clear(sqlite3 *db, const char *form);

#endif
