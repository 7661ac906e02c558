/* formmodel.h - a form without a screen: its fields, their values as loaded and as edited, dirty
 * state, normalisation, validation, relevance, calculated fields, pages, repeating groups and
 * drafts. No curses: src/ui/form.c draws one and feeds it keys; printing and the survey runner use
 * it directly. Fields are addressed by index into the fieldset and an instance: 0 for a field
 * outside a repeating group, 0..count-1 inside one. */
#ifndef LC_FORMMODEL_H
#define LC_FORMMODEL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "field.h"

typedef struct formmodel formmodel;

/* A page: the fields [first, end) shown together; a group's fields, or a run of fields outside groups. */
typedef struct formmodel_page {
	size_t first, end;
	size_t group;        /* 0: no group; else the group id (field_def.group) */
	size_t inst;         /* the repeat instance the page shows (0 outside repeats) */
} formmodel_page;

/* A model over fs (which must outlive it); every value starts at its default, counted as loaded. draft_key names its draft (NULL: none). Repeating groups start with one instance. */
formmodel *formmodel_new(const fieldset *fs, const char *draft_key);
/* Free the model (not the fieldset). */
void formmodel_free(formmodel *m);
/* The fieldset the model was made over. */
const fieldset *formmodel_fields(const formmodel *m);

/* Instances of field's group (1 for a field outside a repeating group). */
size_t formmodel_instances(const formmodel *m, size_t field);
/* Add an instance (with defaults) at the end of repeating group; returns its index. */
size_t formmodel_repeat_add(formmodel *m, size_t group);
/* Remove instance inst of repeating group (later ones move up); -1 when it is the only one or out of range. */
int formmodel_repeat_remove(formmodel *m, size_t group, size_t inst);

/* Set a value as loaded from a record (counts as unchanged); 1 when it was cut at the field's limit, 0 if whole, -1 for a bad address. */
int formmodel_load(formmodel *m, size_t field, size_t inst, const char *value);
/* Set what the user typed (not normalised yet); 1 when cut at the field's limit, 0 if whole, -1 if the field is not editable or the address is bad. */
int formmodel_set(formmodel *m, size_t field, size_t inst, const char *value);
/* The answer as a fresh string: "" for a hidden field or a note, the computed value for a calculated field. */
char *formmodel_get(const formmodel *m, size_t field, size_t inst);
/* formmodel_get by field name (NULL for an unknown name). */
char *formmodel_get_by_name(const formmodel *m, const char *name, size_t inst);
/* What is stored for the field, shown or not ("" if none); the editor's text. */
const char *formmodel_raw(const formmodel *m, size_t field, size_t inst);
/* True when the field's text was cut at its limit by the last load, set or draft restore. */
bool formmodel_was_cut(const formmodel *m, size_t field, size_t inst);

/* False when the field's relevance condition hides it for this instance. */
bool formmodel_relevant(const formmodel *m, size_t field, size_t inst);
/* True when the user may change the field: relevant, not read-only, calculated or a note. */
bool formmodel_editable(const formmodel *m, size_t field, size_t inst);
/* True when any shown value, or a repeat's instance count, differs from what was loaded. */
bool formmodel_dirty(const formmodel *m);

/* Normalise the field's stored value and validate it (kind, check, constraint); returns the error kept for it (NULL when fine). */
const char *formmodel_commit(formmodel *m, size_t field, size_t inst);
/* The error kept for the field, or NULL. */
const char *formmodel_error(const formmodel *m, size_t field, size_t inst);
/* Keep msg (copied; NULL clears) as the field's error (e.g. a refusal found when saving). */
void formmodel_set_error(formmodel *m, size_t field, size_t inst, const char *msg);
/* Commit every shown editable field; true when all are fine, else false with the first bad one in *field, *inst. */
bool formmodel_validate(formmodel *m, size_t *field, size_t *inst);

/* Number of pages (at least 1 when there are fields); a repeating group gives one page per instance. */
size_t formmodel_page_count(const formmodel *m);
/* Page p (0-based, < formmodel_page_count). */
formmodel_page formmodel_page_at(const formmodel *m, size_t p);
/* Index of the page showing the field's instance. */
size_t formmodel_page_of(const formmodel *m, size_t field, size_t inst);
/* The page's title as a fresh translated string ("Members (2 of 3)"), or NULL outside groups. */
char *formmodel_page_title(const formmodel *m, size_t p);

/* The next (dir > 0) or previous field after (*field, *inst) that can take the focus, in page order, going round at the ends; false when none can. */
bool formmodel_step(const formmodel *m, size_t *field, size_t *inst, int dir);
/* True when no field after (field, inst), in page order, can take the focus (Enter there offers to save). */
bool formmodel_is_last(const formmodel *m, size_t field, size_t inst);
/* The first field on page p that can take the focus; false when none can. */
bool formmodel_page_focus(const formmodel *m, size_t p, size_t *field, size_t *inst);

/* The field's key in the draft: "age" outside repeats, "members[2].age" in instance 1 (counted from 1). */
char *formmodel_draft_name(const formmodel *m, size_t field, size_t inst);
/* Write every value not yet in the draft to db; returns how many could not be written (0: all kept). Those stay pending and are tried again on the next call. */
int formmodel_draft_save(formmodel *m, sqlite3 *db);
/* True when some typing is not kept in the draft yet (a write failed or none was tried). */
bool formmodel_draft_pending(const formmodel *m);
/* Replace values with those in the draft in db; returns how many values it set. */
int formmodel_draft_restore(formmodel *m, sqlite3 *db);
/* Drop the draft from db (after a save or an explicit discard); 0 on success. */
int formmodel_draft_clear(formmodel *m, sqlite3 *db);

#endif
