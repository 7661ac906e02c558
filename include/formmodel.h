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

/* Most instances a repeat_count can make (a hostile or mistyped count must not exhaust memory). */
#define FORMMODEL_MAX_INSTANCES 200

/* Verify mode (double entry): which value a difference was decided for. */
typedef enum formmodel_verdict {
	FORMMODEL_KEEP_FIRST,	/* the first keying was right */
	FORMMODEL_TAKE_SECOND,	/* the second keying (what was just typed) was right */
	FORMMODEL_RETYPED	/* neither: a third value was typed from the paper */
} formmodel_verdict;

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
/* Add an instance (with defaults) at the end of repeating group; returns its index. SIZE_MAX when its count is fixed. */
size_t formmodel_repeat_add(formmodel *m, size_t group);
/* Remove instance inst of repeating group (later ones move up); -1 when it is the only one, out of range, or its count is fixed and no instance is kept beyond it (formmodel_repeat_extra). */
int formmodel_repeat_remove(formmodel *m, size_t group, size_t inst);
/* True when repeating group's instance count is given by the form (field_group.count: XLSForm repeat_count), not by the user. */
bool formmodel_repeat_fixed(const formmodel *m, size_t group);
/* Bring every repeat with a count to that many instances (at most FORMMODEL_MAX_INSTANCES; none when it cannot be worked out; never fewer than formmodel_repeat_keep keeps); true when one changed. Instances a lower count hides keep their answers: the count rising again brings them back (a count is typed a key at a time). formmodel_new, formmodel_set and formmodel_draft_restore call it. */
bool formmodel_repeat_counts(formmodel *m);
/* Keep at least count instances of counted repeating group even where its count gives fewer: answers
 * from before the count applied (a draft answered then) stay, shown, until the count covers them or
 * formmodel_repeat_remove removes them. Returns the instances now (0 for a group without a count). */
size_t formmodel_repeat_keep(formmodel *m, size_t group, size_t count);
/* Instances counted repeating group holds beyond what its count gives now (kept by formmodel_repeat_keep); 0 otherwise. */
size_t formmodel_repeat_extra(const formmodel *m, size_t group);

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
/* True when the field offers choice (index into its choices) for instance inst: its choice filter says so, or it has none. */
bool formmodel_choice_shown(const formmodel *m, size_t field, size_t inst, size_t choice);
/* Clear from every shown choice field the chosen values its choice filter no longer offers (as ODK does when an
 * earlier answer changes; the field stays shown, blank or with what is left); how many answers changed. formmodel_set
 * and formmodel_validate call it. */
size_t formmodel_prune_choices(formmodel *m);
/* True when the user may change the field: relevant, not read-only, calculated or a note. */
bool formmodel_editable(const formmodel *m, size_t field, size_t inst);
/* True when any shown value, or a repeat's instance count, differs from what was loaded. */
bool formmodel_dirty(const formmodel *m);

/* True when the field must be answered for this instance (required, or its required expression says so now). */
bool formmodel_required(const formmodel *m, size_t field, size_t inst);
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
/* Name the model's draft draft_key from now on (NULL: none), e.g. once the record it belongs to exists; nothing is written yet. */
void formmodel_draft_set_key(formmodel *m, const char *draft_key);
/* Write every value not yet in the draft to db; returns how many could not be written (0: all kept). Those stay pending and are tried again on the next call. In verify mode a decided difference is drafted too (its verdict and what was typed), and formmodel_draft_restore brings it back. */
int formmodel_draft_save(formmodel *m, sqlite3 *db);
/* True when some typing is not kept in the draft yet (a write failed or none was tried). */
bool formmodel_draft_pending(const formmodel *m);
/* Replace values with those in the draft in db; returns how many values it set. */
int formmodel_draft_restore(formmodel *m, sqlite3 *db);
/* Drop the draft from db (after a save or an explicit discard); 0 on success. */
int formmodel_draft_clear(formmodel *m, sqlite3 *db);


/* ---- verify mode: the second keying of a paper form, blind (CSPro's verify, EpiData's double entry) ----
 * The model is keyed as usual, its values never set from the first keying; formmodel_commit of a shown,
 * valid field compares it with the first keying (formmodel_verify_same) and marks a difference, which
 * the caller must stop on at once and have decided (formmodel_verify_decide). */

/* Switch verify mode on with the first keying: n values by draft name (formmodel_draft_name; a name not given counts as ""), copied. Values in the model are untouched. */
void formmodel_verify_begin(formmodel *m, size_t n, const char *const *names, const char *const *values);
/* True when verify mode is on. */
bool formmodel_verifying(const formmodel *m);
/* True when a and b are the same answer to f: compared after normalising for the kind, folding full-width forms (NFKC) and making every run of blanks and line breaks one space. */
bool formmodel_verify_same(const field_def *f, const char *a, const char *b);
/* The first keying's value of the field (static to the model; "" when it had none). */
const char *formmodel_verify_first(const formmodel *m, size_t field, size_t inst);
/* What the second keying typed when it differed (the value now when there was no difference). */
const char *formmodel_verify_second(const formmodel *m, size_t field, size_t inst);
/* True when the field, shown, was committed with a value that differs from the first keying and no decision covers it. */
bool formmodel_verify_differs(const formmodel *m, size_t field, size_t inst);
/* The first field in page order with a difference not decided; false when none. */
bool formmodel_verify_pending(const formmodel *m, size_t *field, size_t *inst);
/* Decide a difference: the field takes the first value, the second, or third (normalised, validated as typing is). NULL when decided, else a fresh message and nothing changed. */
char *formmodel_verify_decide(formmodel *m, size_t field, size_t inst, formmodel_verdict verdict, const char *third);
/* True when the field's difference was decided and its value still is the decided one: *verdict and *second (what the second keying typed; may be NULL) set. */
bool formmodel_verify_decision(const formmodel *m, size_t field, size_t inst, formmodel_verdict *verdict, const char **second);

#endif
