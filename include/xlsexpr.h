/* xlsexpr.h - XLSForm expressions (relevant, constraint, calculation, choice_filter) evaluated by
 * SQLite. No curses.
 *
 * Translation. A tokenizer and a recursive-descent parser read the XPath subset XLSForm uses and
 * write one SQL expression. Nothing from the template is pasted into the SQL: every literal
 * (string or number) and every answer reference becomes a numbered bound parameter (?1, ?2, ...),
 * described in xlsexpr.params in parameter order. The SQL text holds only operators, the names of
 * SQL functions and parameter numbers, so a template cannot inject SQL. The parser types each
 * node statically (number, string, boolean) and inserts the XPath conversions, so SQL sees:
 *   - strings: never NULL; answers are bound as text ("" when empty);
 *   - numbers: REAL, NULL standing for NaN (an empty or non-numeric answer, 0 div 0);
 *   - booleans: 0 or 1, never NULL.
 *
 * Semantics kept from XPath 1.0 (as ODK/JavaRosa apply it):
 *   - answers are strings; `=` and `!=` compare as strings unless one side is a number (then both
 *     as numbers) or a boolean (then both as booleans); < <= > >= compare as numbers;
 *   - number(): '' and non-numeric text are NaN; NaN compares false with everything except `!=`
 *     (true), so `${age} > 18` with age empty is false and `not(${age} > 18)` is true;
 *     a date answer YYYY-MM-DD (and today()) counts as days since 1970-01-01, a dateTime as
 *     fractional days, as JavaRosa does, so `. >= today()` and `today() - ${birth}` work; a time
 *     HH:MM[:SS] counts as the fraction of a day, so `${start} < ${end}` compares times;
 *   - boolean(): '' false, 0 and NaN false, anything else true (a reference is its answer text);
 *   - string() of a number: 3 not 3.0, 0.5 not .5, no exponent, at most 15 significant digits
 *     (0.1 + 0.2 gives 0.3, as SQLite prints); NaN gives '' (ODK shows a failed
 *     calculation as empty, not "NaN"); of a boolean: true / false;
 *   - div is real division (1 div 2 = 0.5); division by zero gives NaN (empty), not Infinity;
 *     mod is fmod(); int() truncates toward zero; round(x, n) is SQLite's round;
 *   - selected(a, v): v is one of a's space-separated values (select_multiple answers are values
 *     joined by single spaces, see field.h); count-selected(a) counts them;
 *   - string-length() counts characters (UTF-8 code points), not bytes;
 *   - regex(a, p): POSIX extended regex (regcomp in the C.UTF-8 locale, whatever the program's),
 *     matched anywhere in a (like JavaRosa's find()); Java-isms XLSForm authors write are accepted:
 *     `\d` and `\D` as [0-9] and [^0-9], `\uXXXX` as the character; a bracket range with a
 *     non-ASCII end ([一-龥], [\u4e00-\u9fa5]) is expanded to its characters, because glibc's
 *     ranges follow collation and refuse such ranges; compiled patterns are cached per connection;
 *   - today() is the local date YYYY-MM-DD, now() the local YYYY-MM-DDTHH:MM:SS.
 * Functions: selected, count-selected, string-length, today, now, regex, not, if, concat, coalesce,
 * int, number, string, round, contains, starts-with, ends-with, substr, true, false, count,
 * position, sum. References: ${name}, /form_id/name and /form_id/group/name (the last step
 * names the field), `.` (the field being checked), `..` (only inside position()).
 * Repeats: count(${repeat}) is the number of instances of a repeating group (or of the group of a
 * field inside one), position(..) the 1-based instance being evaluated, sum(${field}) the sum of a
 * repeated field's numeric answers. Inside a repeat ${name} of a field of the same repeat means
 * the same instance; from elsewhere, the first instance (XPath's string() of a node-set).
 * choice_filter: with XLSEXPR_COLUMNS a bare name (`YES_NO`, `name`) is a column of the choice row.
 * Not supported (refused with a message): jr:choice-name() and other jr:/pulldata()/instance()
 * functions, predicates [..], the | union, relative paths other than `..`, exponent numbers,
 * date arithmetic functions (date(), format-date(), decimal-date-time()).
 * Limits against hostile templates: XLSEXPR_MAX_LEN bytes of text, XLSEXPR_MAX_DEPTH nesting of
 * parentheses, calls and unary minus, XLSEXPR_MAX_PARAMS parameters; over them the expression is
 * refused with a message, never a stack overflow. Each translation is also prepared once on a
 * scratch connection, so SQL that SQLite's parser cannot take (its stack holds roughly 30
 * nested not()) is refused when compiled, not when answered. Chains of and, or, +, -, * and div, and of
 * if() in the else branch are written flat, so hundreds of terms and long if() ladders are fine.
 * Cost, measured here: compiling about 50 us, a relevance evaluation through the model about 1 us. */
#ifndef LC_XLSEXPR_H
#define LC_XLSEXPR_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include "field.h"
#include "formmodel.h"

#define XLSEXPR_MAX_LEN 8192
#define XLSEXPR_MAX_DEPTH 64
#define XLSEXPR_MAX_PARAMS 400

/* What a bound parameter carries. */
typedef enum xlsexpr_param_kind {
	XLSEXPR_TEXT,      /* a string literal from the template: text */
	XLSEXPR_NUMBER,    /* a number literal from the template: text is its digits, bound as REAL */
	XLSEXPR_REF,       /* ${name} or /form/name: text is the field name; bound as its answer */
	XLSEXPR_CURRENT,   /* `.`: the value of the field the expression belongs to (text NULL) */
	XLSEXPR_COUNT,     /* count(${name}): instances of the repeat (text: the group or field name) */
	XLSEXPR_POSITION,  /* position(..): the 1-based instance (text NULL) */
	XLSEXPR_SUM,       /* sum(${name}): the sum of a repeated field's answers (text: field name) */
	XLSEXPR_COLUMN     /* a bare name in a choice_filter: that column of the choice row */
} xlsexpr_param_kind;

typedef struct xlsexpr_param {
	xlsexpr_param_kind kind;
	char *text;
} xlsexpr_param;

/* A compiled expression; the prepared statements are cached in it. */
typedef struct xlsexpr xlsexpr;

/* Compile options. */
enum {
	XLSEXPR_COLUMNS = 1   /* bare names are choice columns (choice_filter) */
};

/* True when name is a field (or repeat group) of the form; ud as given to xlsexpr_compile. */
typedef bool (*xlsexpr_known_fn)(const char *name, void *ud);

/* Compile text; NULL on error with a fresh translated message in *err ("unexpected ')' at column 14")
 * and the 1-based character column in *col (either may be NULL). known (may be NULL) refuses unknown ${names}. */
xlsexpr *xlsexpr_compile(const char *text, int flags, xlsexpr_known_fn known, void *known_ud, char **err, size_t *col);
/* Free e and its statements (NULL is fine); before closing the connection it was evaluated on. */
void xlsexpr_free(xlsexpr *e);
/* The SQL expression (no SELECT) giving e's value as a boolean (0/1) or as a string. */
const char *xlsexpr_sql(const xlsexpr *e, bool as_bool);
/* Number of bound parameters; ?1 is param 0. */
size_t xlsexpr_param_count(const xlsexpr *e);
/* Parameter i (0-based), or NULL past the end. */
const xlsexpr_param *xlsexpr_param_at(const xlsexpr *e, size_t i);

/* Register the functions the SQL uses (xls_num, xls_str, xls_selected, xls_count_selected, xls_regex,
 * xls_mod, xls_int) on db: deterministic where true, SQLITE_DIRECTONLY; 0 or an SQLite error code. */
int xlsexpr_register(sqlite3 *db);

/* Value of a non-literal parameter: a fresh string, or NULL for "" (an empty answer). */
typedef char *(*xlsexpr_lookup_fn)(const xlsexpr_param *p, void *ud);

/* Evaluate e as a boolean on db (xlsexpr_register'ed), answers from lookup; 0, or -1 with a fresh message in *err. */
int xlsexpr_eval_bool(xlsexpr *e, sqlite3 *db, xlsexpr_lookup_fn lookup, void *ud, bool *out, char **err);
/* Evaluate e as a string into *out (fresh); 0, or -1 with a fresh message in *err. */
int xlsexpr_eval_string(xlsexpr *e, sqlite3 *db, xlsexpr_lookup_fn lookup, void *ud, char **out, char **err);

/* Fresh copy of label with each ${name} replaced by lookup's value for it (asked as an XLSEXPR_REF
 * param; NULL gives ""); a "${" without its "}" stays as written. */
char *xlsexpr_interpolate(const char *label, xlsexpr_lookup_fn lookup, void *ud);

/* ---- wiring to the form model ---------------------------------------------------------- */

/* The expressions of one fieldset, with the SQLite connection they run on. */
typedef struct xlsexpr_form xlsexpr_form;

/* Expressions for fs (must outlive it) evaluated on db, or on a private in-memory connection when db is NULL; NULL if SQLite fails. */
xlsexpr_form *xlsexpr_form_new(fieldset *fs, sqlite3 *db);
/* Free the compiled expressions and the private connection; clears the fields' callbacks (call it before fieldset_free, and before closing a db given to xlsexpr_form_new). */
void xlsexpr_form_free(xlsexpr_form *xf);
/* Compile and attach field's relevant expression; 0, or -1 with a fresh message (with column) in *err. */
int xlsexpr_form_relevant(xlsexpr_form *xf, size_t field, const char *expr, char **err);
/* Attach a constraint; message (may be NULL: a generic one) is shown when it is false. A blank answer is not checked. 0 or -1 with *err. */
int xlsexpr_form_constraint(xlsexpr_form *xf, size_t field, const char *expr, const char *message, char **err);
/* Make field required when expr is true (XLSForm required = ${age} > 60); the field's required_message applies. 0 or -1 with *err. */
int xlsexpr_form_required(xlsexpr_form *xf, size_t field, const char *expr, char **err);
/* Make field read-only when expr is true (XLSForm readonly as an expression). 0 or -1 with *err. */
int xlsexpr_form_readonly(xlsexpr_form *xf, size_t field, const char *expr, char **err);
/* Make field calculated from expr; 0 or -1 with *err. */
int xlsexpr_form_calculate(xlsexpr_form *xf, size_t field, const char *expr, char **err);
/* A choice's column other than name and label (the template's extra choices columns), or NULL. */
typedef const char *(*xlsexpr_column_fn)(size_t field, size_t choice, const char *column, void *ud);
/* Give repeating group (its id, field_def.group) the count expr (XLSForm repeat_count: a number or an expression such as ${household_size}); the form model keeps it at that many instances. 0 or -1 with *err. */
int xlsexpr_form_repeat_count(xlsexpr_form *xf, size_t group, const char *expr, char **err);
/* Give the columns of the choices that choice_filter expressions read (name and label need none). */
void xlsexpr_form_columns(xlsexpr_form *xf, xlsexpr_column_fn fn, void *ud);
/* Compile field's choice_filter: bare names are the tested choice's columns; 0 or -1 with *err. */
int xlsexpr_form_choice_filter(xlsexpr_form *xf, size_t field, const char *expr, char **err);
/* True when choice (index into the field's choices) passes the field's choice_filter for instance inst (true without one or when it cannot be evaluated). */
bool xlsexpr_form_choice_shown(const xlsexpr_form *xf, const formmodel *m, size_t field, size_t inst, size_t choice);
/* Fresh label of field for instance inst with ${name} replaced by the answers in m. */
char *xlsexpr_form_label(const xlsexpr_form *xf, const formmodel *m, size_t field, size_t inst);

#endif
