/* field.h - form fields described as data at run time (kinds, labels, choices, ranges) and their validation. No curses here. */
#ifndef LC_FIELD_H
#define LC_FIELD_H

#include <stddef.h>
#include <stdbool.h>

typedef enum field_kind {
	FIELD_TEXT,       /* single line */
	FIELD_MULTILINE,  /* several lines */
	FIELD_INTEGER,    /* optional range */
	FIELD_DECIMAL,    /* optional range */
	FIELD_DATE,       /* YYYY-MM-DD, a real calendar date */
	FIELD_PHONE,      /* digits with + - space and parentheses, 3..20 digits */
	FIELD_CHOICE,     /* one of choices: value is the choice's value */
	FIELD_MULTI,      /* several of choices: values joined by single spaces, in choice order */
	FIELD_YESNO       /* "yes" or "no" */
} field_kind;

/* One choice of a choice field: stored value and shown label (already translated). */
typedef struct field_choice {
	char *value;
	char *label;
} field_choice;

struct field_def;
/* Extra check after the kind's own: return NULL if value is fine, else a heap message.
 * Also called for an empty value (as ""), so a field can be required only in some cases. */
typedef char *(*field_check_fn)(const struct field_def *f, const char *value, void *ud);

/* A field as data: forms are built from arrays of these at run time. */
typedef struct field_def {
	char *name;          /* key for the stored value and drafts */
	char *label;         /* shown text, already translated */
	char *hint;          /* one-line help shown when the field has focus, may be NULL; heap (xstrdup), freed by fieldset_free */
	field_kind kind;
	bool required;
	bool has_min, has_max;
	double min, max;     /* INTEGER, DECIMAL */
	size_t max_chars;    /* TEXT, MULTILINE, PHONE: 0 = kind default */
	field_choice *choices;
	size_t nchoices;
	field_check_fn check;
	void *check_ud;
} field_def;

/* A form's fields, in order. */
typedef struct fieldset {
	field_def *fields;
	size_t n;
} fieldset;

/* Append a field of kind with name and label (copied); returns it for further setting.
 * The array may move: the pointer returned (and any &fs->fields[i]) is valid only until the next fieldset_add. */
field_def *fieldset_add(fieldset *fs, const char *name, const char *label, field_kind kind);
/* Add a choice (copied) to f. */
void field_add_choice(field_def *f, const char *value, const char *label);
/* Set a numeric range on f. */
void field_set_range(field_def *f, bool has_min, double min, bool has_max, double max);
/* Index of the field called name, or -1. */
int fieldset_find(const fieldset *fs, const char *name);
/* Free everything in fs. */
void fieldset_free(fieldset *fs);

/* Fresh normalised copy of value for f: blanks trimmed; for INTEGER, DECIMAL, DATE, PHONE full-width digits and signs (from a Chinese input method) become ASCII. */
char *field_normalize(const field_def *f, const char *value);
/* Check value (UTF-8, may be NULL/empty; pass it through field_normalize first) against f; NULL if fine, else a fresh translated message for the user. */
char *field_validate(const field_def *f, const char *value);
/* True when s is a valid calendar date written YYYY-MM-DD (years 1900-2199). */
bool field_is_date(const char *s);
/* True when the multiple-choice value v contains choice value c as a whole word. */
bool field_multi_has(const char *v, const char *c);
/* Fresh multiple-choice value: v with c added or removed, kept in f's choice order. */
char *field_multi_toggle(const field_def *f, const char *v, const char *c);
/* Label of the choice whose value is v, or NULL. */
const char *field_choice_label(const field_def *f, const char *v);

#endif
