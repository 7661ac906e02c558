/* form.h - the form engine: any fieldset (built at run time) becomes an editable form with
 * validation beside each field, drafts saved field by field, save and cancel keys. */
#ifndef LC_FORM_H
#define LC_FORM_H

#include <stdbool.h>
#include "field.h"
#include "formmodel.h"
#include "lineedit.h"
#include "ui.h"

typedef struct form form;

/* What a key did to the form. */
typedef enum form_result {
	FORM_NONE,     /* still editing */
	FORM_SAVE,     /* the user asked to save and every field is valid */
	FORM_CANCEL,   /* the user left; edits (if any) were discarded after asking */
	FORM_VERIFY,    /* verify mode: the focused field was committed and differs from the first keying; decide it (formmodel_verify_decide), then form_verify_resume */
} form_result;

/* A form over fs (which must outlive it). draft_key names its draft (NULL: no drafts). Hidden fields are not drawn and Tab skips them; read-only fields and notes are drawn, not edited; each group is a page (PgDn/PgUp). */
form *form_new(const fieldset *fs, const char *draft_key);
/* A form over the model m, which the caller keeps (and frees after the form): a model built elsewhere (a template's, with its expressions). */
form *form_new_model(formmodel *m);
/* The label of field for instance inst, fresh; NULL hides the field (not drawn; e.g. a calculation). */
typedef char *(*form_label_fn)(void *ud, size_t field, size_t inst);
/* Draw labels through fn (labels with ${name} in them); NULL goes back to the fields' own labels. */
void form_set_label_fn(form *f, form_label_fn fn, void *ud);
/* Free the form (not the fieldset). */
void form_free(form *f);
/* The model behind the form (values, pages, repeats, drafts); owned by the form. */
formmodel *form_model(form *f);
/* Set the value of field name (UTF-8), as loaded from a record; it counts as unchanged. */
void form_set_value(form *f, const char *name, const char *value);
/* Current value of field name as a fresh string ("" when empty, NULL for an unknown name). */
char *form_get_value(const form *f, const char *name);
/* Restore values from the draft; returns how many fields it changed. */
int form_restore_draft(form *f);
/* Drop the draft (after a successful save). */
void form_clear_draft(form *f);
/* Put the focus on field name when it can take it (a form just opened, before any key); false if it cannot. */
bool form_focus(form *f, const char *name);
/* Put the focus on field's instance inst (a draft resumed where it stopped); false if it cannot take it. */
bool form_focus_at(form *f, size_t field, size_t inst);
/* Show msg under field name and move the focus there (errors found when saving). */
void form_set_error(form *f, const char *name, const char *msg);
/* Handle a key. */
form_result form_key(form *f, ui_key k);
/* Draw in rows [top, top+height) and columns [0, width); places the cursor. */
void form_draw(form *f, int top, int height, int width);
/* True when a value differs from what was loaded. */
bool form_dirty(const form *f);
/* Write what is not in the draft yet, the field being edited included (on leaving a field and on hang-up). */
void form_flush(form *f);
/* True while typing is not kept because a draft write failed (it is retried on the next change or leave). */
bool form_draft_failed(const form *f);
/* Apply an editing key (arrows, Home/End, Backspace/Delete, Ctrl-A/E/K/U) to le; false if k is not one. */
bool form_edit_key(lineedit *le, ui_key k);
/* The focused field and its instance. */
void form_focused(const form *f, size_t *field, size_t *inst);
/* After FORM_VERIFY was decided (or the value changed under the form): reload the focused field from the model and carry on with what the key that stopped was doing (next field, page, save); its result as form_key's. */
form_result form_verify_resume(form *f);
/* Key hints for the focused field (translated). */
const char *form_hints(const form *f);

#endif
