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
	FIELD_YESNO,      /* "yes" or "no" */
	FIELD_NOTE        /* text shown on the form (the label), no value */
} field_kind;

/* One choice of a choice field: stored value and shown label (already translated). */
typedef struct field_choice {
	char *value;
	char *label;
} field_choice;

struct field_def;
struct formmodel;
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
	char *required_message; /* shown for a required field left blank instead of the generic sentence; heap or NULL, freed by fieldset_free */
	bool has_min, has_max;
	double min, max;     /* INTEGER, DECIMAL */
	size_t max_chars;    /* TEXT, MULTILINE, PHONE: 0 = kind default */
	field_choice *choices;
	size_t nchoices;
	field_check_fn check;
	void *check_ud;
	/* What XLSForm needs (see formmodel.h): all optional. */
	bool read_only;      /* shown, never edited by the user */
	bool code;           /* a code (e.g. the office code): full-width letters and digits fold to ASCII too */
	char *default_value; /* value of a new form or repeat instance; heap, freed by fieldset_free */
	size_t group;        /* 0: none; else 1 + index into the fieldset's groups (a group's fields are contiguous) */
	/* False hides the field (not drawn, not validated, no answer) for instance inst; NULL: always shown. */
	bool (*relevant)(const struct formmodel *m, size_t inst, void *ud);
	/* The value of a calculated field (heap) for instance inst; NULL: not calculated. Implies read-only. */
	char *(*calculate)(const struct formmodel *m, size_t inst, void *ud);
	/* A check that may read every answer of the form: NULL if value is fine, else a heap message. */
	char *(*constraint)(const struct formmodel *m, const struct field_def *f, size_t inst, const char *value, void *ud);
	/* False when choice (index into choices) is not offered for instance inst (XLSForm choice_filter); NULL: all are. */
	bool (*choice_shown)(const struct formmodel *m, size_t inst, size_t choice, void *ud);
	/* True when the field must be answered for instance inst (XLSForm required as an expression); NULL: required alone decides. */
	bool (*required_if)(const struct formmodel *m, size_t inst, void *ud);
	/* True when the field is read-only for instance inst (XLSForm readonly as an expression); NULL: read_only alone decides. */
	bool (*read_only_if)(const struct formmodel *m, size_t inst, void *ud);
	void *logic_ud;      /* passed to relevant, calculate, constraint, choice_shown, required_if and read_only_if */
} field_def;

/* A group of contiguous fields shown as one page; a repeating group has instances (a household's members). */
typedef struct field_group {
	char *name;          /* key for drafts: "members[2].age" */
	char *label;         /* the page title, already translated */
	bool repeat;
	/* The number of instances the form gives (XLSForm repeat_count; negative: cannot be worked out, none); NULL: the user adds and removes them. */
	long (*count)(const struct formmodel *m, void *ud);
	void *count_ud;
} field_group;

/* A form's fields, in order. */
typedef struct fieldset {
	field_def *fields;
	size_t n;
	field_group *groups;
	size_t ngroups;
} fieldset;

/* Append a field of kind with name and label (copied); returns it for further setting.
 * The array may move: the pointer returned (and any &fs->fields[i]) is valid only until the next fieldset_add. */
field_def *fieldset_add(fieldset *fs, const char *name, const char *label, field_kind kind);
/* Add a group (name and label copied) and return its id for field_def.group (1-based). */
size_t fieldset_add_group(fieldset *fs, const char *name, const char *label, bool repeat);
/* Add a choice (copied) to f. */
void field_add_choice(field_def *f, const char *value, const char *label);
/* Set a numeric range on f. */
void field_set_range(field_def *f, bool has_min, double min, bool has_max, double max);
/* Index of the field called name, or -1. */
int fieldset_find(const fieldset *fs, const char *name);
/* Free everything in fs. */
void fieldset_free(fieldset *fs);

/* Fresh normalised copy of value for f: blanks trimmed (a value of only spaces, U+3000 included, becomes ""); for INTEGER, DECIMAL, DATE, PHONE and code fields full-width letters, digits and signs (from a Chinese input method) become ASCII by Unicode compatibility mapping. */
char *field_normalize(const field_def *f, const char *value);
/* True when s is NULL, empty, or only blank space (ASCII blanks, U+3000 and other space separators). */
bool field_text_is_blank(const char *s);
/* NULL when s has no control character (C0, DEL, C1, bidi overrides and isolates; '\n' always passes, '\r' only when multiline), else a fresh translated message naming the character. */
char *field_text_controls(const char *s, bool multiline);
/* Fresh copy of s with compatibility forms (full-width letters, digits, signs, U+3000) folded to ASCII by NFKC and blanks trimmed; for codes typed on the command line. */
char *field_fold_ascii(const char *s);
/* Most characters a value of f may hold (0: no limit). */
size_t field_max_chars(const field_def *f);
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
