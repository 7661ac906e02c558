/* field.c - form fields as data: building field sets, normalising what was typed, validating it.
 * No curses and no dependency on utf8.c: the little UTF-8 handling needed here is done locally. */
#include "config.h"
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "field.h"
#include "util.h"
#include "i18n.h"

/* Kind defaults for max_chars == 0. A phone number holds at most 20 digits plus separators. */
#define TEXT_MAX_CHARS 200
#define MULTILINE_MAX_CHARS 2000
#define PHONE_MAX_CHARS 32
#define PHONE_MIN_DIGITS 3
#define PHONE_MAX_DIGITS 20
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199

/* ---- building ---------------------------------------------------------------------- */

field_def *
fieldset_add(fieldset *fs, const char *name, const char *label, field_kind kind)
{
	field_def *f;

	/* Grow one at a time: forms have tens of fields, and callers must not keep pointers across adds anyway. */
	fs->fields = xrealloc(fs->fields, (fs->n + 1) * sizeof *fs->fields);
	f = &fs->fields[fs->n++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->label = xstrdup(label);
	f->kind = kind;
	return f;
}

size_t
fieldset_add_group(fieldset *fs, const char *name, const char *label, bool repeat)
{
	fs->groups = xrealloc(fs->groups, (fs->ngroups + 1) * sizeof *fs->groups);
	memset(&fs->groups[fs->ngroups], 0, sizeof *fs->groups);
	fs->groups[fs->ngroups].name = xstrdup(name);
	fs->groups[fs->ngroups].label = xstrdup(label);
	fs->groups[fs->ngroups].repeat = repeat;
	return ++fs->ngroups;
}

void
field_add_choice(field_def *f, const char *value, const char *label)
{
	f->choices = xrealloc(f->choices, (f->nchoices + 1) * sizeof *f->choices);
	f->choices[f->nchoices].value = xstrdup(value);
	f->choices[f->nchoices].label = xstrdup(label);
	f->nchoices++;
}

void
field_set_range(field_def *f, bool has_min, double min, bool has_max, double max)
{
	f->has_min = has_min;
	f->min = min;
	f->has_max = has_max;
	f->max = max;
}

int
fieldset_find(const fieldset *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

static void
field_free(field_def *f)
{
	free(f->name);
	free(f->label);
	free(f->hint);
	free(f->default_value);
	free(f->required_message);
	for (size_t i = 0; i < f->nchoices; i++) {
		free(f->choices[i].value);
		free(f->choices[i].label);
	}
	free(f->choices);
}

void
fieldset_free(fieldset *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		field_free(&fs->fields[i]);
	for (size_t i = 0; i < fs->ngroups; i++) {
		free(fs->groups[i].name);
		free(fs->groups[i].label);
	}
	free(fs->groups);
	fs->groups = NULL;
	fs->ngroups = 0;
	free(fs->fields);
	fs->fields = NULL;
	fs->n = 0;
}

/* ---- normalising ------------------------------------------------------------------- */

/* Unicode's compatibility mapping (NFKC) folds what an input method's full-width mode gives
 * (ＨＢＷ－０１０１, U+3000) to ASCII. A few characters people type for '-' and '.' have no such
 * mapping, so they are named here, each for the kinds where it can only mean that. */
#define K_NUM   (1u << FIELD_INTEGER)
#define K_DEC   (1u << FIELD_DECIMAL)
#define K_DATE  (1u << FIELD_DATE)
#define K_PHONE (1u << FIELD_PHONE)
#define K_CODE  (1u << 31)
#define K_ALL   (K_NUM | K_DEC | K_DATE | K_PHONE | K_CODE)

static const struct {
	utf8proc_int32_t cp;
	char ascii;
	unsigned kinds;
} not_compat[] = {
	{ 0x2212, '-', K_ALL },                      /* minus sign */
	{ 0x2014, '-', K_DATE | K_PHONE | K_CODE },  /* em dash: a separator, never a sign */
	{ 0x3002, '.', K_DEC },                      /* ideographic full stop: '.' in Chinese mode */
};

/* Decode the code point at s (NUL-terminated) into *cp; returns bytes used (1 for a bad byte, *cp = -1). */
static size_t
next_cp(const char *s, utf8proc_int32_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, cp);

	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	return (size_t)n;
}

/* s with not_compat characters (for kind mask k) replaced; never longer than s. */
static char *
replace_not_compat(const char *s, unsigned k)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		utf8proc_int32_t cp;
		size_t n = next_cp(s, &cp);
		size_t i;
		for (i = 0; i < sizeof not_compat / sizeof not_compat[0]; i++)
			if (not_compat[i].cp == cp && (not_compat[i].kinds & k))
				break;
		if (i < sizeof not_compat / sizeof not_compat[0]) {
			*o++ = not_compat[i].ascii;
		} else {
			memcpy(o, s, n);
			o += n;
		}
		s += n;
	}
	*o = '\0';
	return out;
}

/* NFKC of s (a fresh copy of s when it is not valid UTF-8). */
static char *
nfkc(const char *s)
{
	utf8proc_uint8_t *m = utf8proc_NFKC((const utf8proc_uint8_t *)s);
	char *out;

	if (!m)
		return xstrdup(s);
	out = xstrdup((const char *)m);
	free(m);
	return out;
}

/* True for a character that shows as blank space: ASCII blanks and Unicode space separators (U+3000). */
static bool
is_space_cp(utf8proc_int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f'
	    || (cp > 0x7f && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

/* True when s holds nothing but blank space (or nothing). */
static bool
all_space(const char *s)
{
	while (s && *s) {
		utf8proc_int32_t cp;
		s += next_cp(s, &cp);
		if (!is_space_cp(cp))
			return false;
	}
	return true;
}

/* Copy of s without blank space (Unicode spaces too) at its start and end. */
static char *
trim_spaces(const char *s)
{
	const char *start, *end = s;
	utf8proc_int32_t cp;

	while (*s && (next_cp(s, &cp), is_space_cp(cp)))
		s += next_cp(s, &cp);
	start = end = s;
	while (*s) {
		s += next_cp(s, &cp);
		if (!is_space_cp(cp))
			end = s;
	}
	return xstrndup(start, (size_t)(end - start));
}

/* Fold compatibility forms for kind mask k, then trim. */
static char *
fold(const char *value, unsigned k)
{
	char *r = replace_not_compat(value, k), *n = nfkc(r), *t = trim_spaces(n);

	free(r);
	free(n);
	return t;
}

char *
field_fold_ascii(const char *s)
{
	return fold(s ? s : "", K_CODE);
}

char *
field_normalize(const field_def *f, const char *value)
{
	if (!value || all_space(value))
		return xstrdup("");
	switch (f->kind) {
	case FIELD_INTEGER:
	case FIELD_DECIMAL:
	case FIELD_DATE:
	case FIELD_PHONE:
		return fold(value, 1u << f->kind);
	case FIELD_TEXT:
		return f->code ? fold(value, K_CODE) : trim_spaces(value);
	default:
		/* Multi-line text keeps U+3000 at the start: Chinese paragraphs are indented with it. */
		return str_trim_dup(value);
	}
}

/* ---- small parsers ----------------------------------------------------------------- */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Characters in UTF-8 s: every byte that does not continue a sequence starts one. */
static size_t
count_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Length of the run of ASCII digits at s. */
static size_t
digit_run(const char *s)
{
	size_t n = 0;

	while (is_digit(s[n]))
		n++;
	return n;
}

/* True for [+-]digits. */
static bool
is_integer_text(const char *s)
{
	size_t n;

	if (*s == '+' || *s == '-')
		s++;
	n = digit_run(s);
	return n > 0 && s[n] == '\0';
}

/* True for [+-]digits[.digits]: no exponent, inf or nan, which strtod alone would let through. */
static bool
is_decimal_text(const char *s)
{
	size_t n;

	if (*s == '+' || *s == '-')
		s++;
	n = digit_run(s);
	if (n == 0)
		return false;
	s += n;
	if (*s == '.') {
		s++;
		n = digit_run(s);
		if (n == 0)
			return false;
		s += n;
	}
	return *s == '\0';
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Number from the n ASCII digits at s (the caller has checked they are digits). */
static int
digits_value(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* True when s has the shape dddd-dd-dd; fills y, m, d. */
static bool
date_shape(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (digit_run(s) != 4 || digit_run(s + 5) != 2 || digit_run(s + 8) != 2)
		return false;
	*y = digits_value(s, 4);
	*m = digits_value(s + 5, 2);
	*d = digits_value(s + 8, 2);
	return true;
}

static bool
date_exists(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

bool
field_is_date(const char *s)
{
	int y, m, d;

	return s && date_shape(s, &y, &m, &d) && y >= DATE_MIN_YEAR && y <= DATE_MAX_YEAR
	    && date_exists(y, m, d);
}

/* ---- choices ----------------------------------------------------------------------- */

static const field_choice *
find_choice(const field_def *f, const char *v, size_t len)
{
	for (size_t i = 0; i < f->nchoices; i++)
		if (strlen(f->choices[i].value) == len && strncmp(f->choices[i].value, v, len) == 0)
			return &f->choices[i];
	return NULL;
}

const char *
field_choice_label(const field_def *f, const char *v)
{
	const field_choice *c = v ? find_choice(f, v, strlen(v)) : NULL;

	return c ? c->label : NULL;
}

/* Calls fn for each space-separated word of v; stops and returns false when fn does. */
static bool
each_word(const char *v, bool (*fn)(const char *w, size_t len, void *ud), void *ud)
{
	while (v && *v) {
		size_t len;
		while (*v == ' ')
			v++;
		len = strcspn(v, " ");
		if (len > 0 && !fn(v, len, ud))
			return false;
		v += len;
	}
	return true;
}

struct word_match {
	const char *c;
	size_t len;
};

/* each_word callback: stop (return false) at the word equal to the wanted one. */
static bool
word_differs(const char *w, size_t len, void *ud)
{
	const struct word_match *m = ud;

	return !(len == m->len && strncmp(w, m->c, len) == 0);
}

bool
field_multi_has(const char *v, const char *c)
{
	struct word_match m = { c, c ? strlen(c) : 0 };

	if (!v || m.len == 0)
		return false;
	return !each_word(v, word_differs, &m);
}

char *
field_multi_toggle(const field_def *f, const char *v, const char *c)
{
	size_t cap = 1;
	char *out, *o;

	for (size_t i = 0; i < f->nchoices; i++)
		cap += strlen(f->choices[i].value) + 1;
	out = o = xmalloc(cap);
	*o = '\0';
	/* Rebuild from the choice list so the result is always in choice order. */
	for (size_t i = 0; i < f->nchoices; i++) {
		const char *cv = f->choices[i].value;
		bool toggled = c && strcmp(cv, c) == 0;
		if (field_multi_has(v, cv) != toggled) {
			if (o > out)
				*o++ = ' ';
			o = stpcpy(o, cv);
		}
	}
	return out;
}

/* ---- validating -------------------------------------------------------------------- */

/* The locale's decimal point when it is one other byte than '.', else 0. Input is always written
 * with '.', but strtod and printf follow LC_NUMERIC, which the program may have set to anything. */
static char
foreign_point(void)
{
	const char *dp = localeconv()->decimal_point;

	return dp && dp[0] && dp[0] != '.' && !dp[1] ? dp[0] : 0;
}

/* strtod for text already checked by is_decimal_text, whatever LC_NUMERIC says. */
static double
decimal_value(const char *s)
{
	char fp = foreign_point(), *copy, *dot;
	double v;

	if (!fp)
		return strtod(s, NULL);
	copy = xstrdup(s);
	if ((dot = strchr(copy, '.')))
		*dot = fp;
	v = strtod(copy, NULL);
	free(copy);
	return v;
}

/* Bound as people write it: no trailing zeros, no exponent for everyday sizes, '.' as the point. */
static void
format_bound(double v, char buf[64])
{
	char fp = foreign_point(), *p;

	snprintf(buf, 64, "%.15g", v);
	if (strchr(buf, 'e') && (v >= 1 || v <= -1) && v < 1e30 && v > -1e30)
		snprintf(buf, 64, "%.0f", v);
	if (fp && (p = strchr(buf, fp)))
		*p = '.';
}

static char *
too_small(const char *bound)
{
	/* TRANSLATORS: %s is the smallest number the field takes, e.g. 0 or 0.5. */
	return xasprintf(_("Must be at least %s."), bound);
}

static char *
too_big(const char *bound)
{
	/* TRANSLATORS: %s is the largest number the field takes, e.g. 100 or 2.5. */
	return xasprintf(_("Must be at most %s."), bound);
}

static char *
range_error(const field_def *f, double v)
{
	char b[64];

	if (f->has_min && v < f->min) {
		format_bound(f->min, b);
		return too_small(b);
	}
	if (f->has_max && v > f->max) {
		format_bound(f->max, b);
		return too_big(b);
	}
	return NULL;
}

static char *
check_integer(const field_def *f, const char *v)
{
	long long n;
	char b[64];

	if (!is_integer_text(v))
		return xstrdup(_("Enter a whole number."));
	errno = 0;
	n = strtoll(v, NULL, 10);
	/* Beyond 64 bits it cannot be stored: name the field's own bound, never the machine's. */
	if (errno == ERANGE) {
		if (n < 0 && f->has_min)
			return format_bound(f->min, b), too_small(b);
		if (n > 0 && f->has_max)
			return format_bound(f->max, b), too_big(b);
		return xstrdup(n < 0 ? _("The number is too small.") : _("The number is too large."));
	}
	return range_error(f, (double)n);
}

static char *
check_decimal(const field_def *f, const char *v)
{
	if (!is_decimal_text(v))
		return xstrdup(_("Enter a number, e.g. 12 or 12.5."));
	return range_error(f, decimal_value(v));
}

static char *
check_date(const char *v)
{
	int y, m, d;

	if (!date_shape(v, &y, &m, &d))
		return xstrdup(_("Enter a date as YYYY-MM-DD, e.g. 2024-06-21."));
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR)
		/* TRANSLATORS: the first and last year a date may have. */
		return xasprintf(_("The year must be between %d and %d."), DATE_MIN_YEAR, DATE_MAX_YEAR);
	if (!date_exists(y, m, d))
		return xstrdup(_("No such date."));
	return NULL;
}

static char *
check_phone(const char *v)
{
	size_t digits = 0;

	for (const char *p = v; *p; p++) {
		if (is_digit(*p))
			digits++;
		else if (!strchr("+- ()", *p))
			return xstrdup(_("A phone number may hold only digits, spaces and + - ( )."));
	}
	if (digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS)
		/* TRANSLATORS: the fewest and most digits a phone number may have. */
		return xasprintf(_("Enter a phone number: %d to %d digits."), PHONE_MIN_DIGITS, PHONE_MAX_DIGITS);
	return NULL;
}

static char *
check_choice(const field_def *f, const char *v)
{
	if (!find_choice(f, v, strlen(v)))
		return xstrdup(_("Choose one of the listed options."));
	return NULL;
}

struct multi_check {
	const field_def *f;
	const char *start;   /* the whole value, to look for earlier copies of a word */
	char *err;
};

/* each_word callback: the word must be a choice and not appear earlier in the value. */
static bool
multi_word_ok(const char *w, size_t len, void *ud)
{
	struct multi_check *mc = ud;
	struct word_match m = { w, len };
	char *before;
	bool dup;

	if (!find_choice(mc->f, w, len)) {
		mc->err = xstrdup(_("Choose only from the listed options."));
		return false;
	}
	before = xstrndup(mc->start, (size_t)(w - mc->start));
	dup = !each_word(before, word_differs, &m);
	free(before);
	if (dup) {
		mc->err = xstrdup(_("Each option may be chosen only once."));
		return false;
	}
	return true;
}

static char *
check_multi(const field_def *f, const char *v)
{
	struct multi_check mc = { f, v, NULL };

	each_word(v, multi_word_ok, &mc);
	return mc.err;
}

static char *
check_yesno(const char *v)
{
	if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
		return xstrdup(_("Answer yes or no."));
	return NULL;
}

static size_t
max_chars(const field_def *f)
{
	if (f->max_chars)
		return f->max_chars;
	switch (f->kind) {
	case FIELD_TEXT:
		return TEXT_MAX_CHARS;
	case FIELD_MULTILINE:
		return MULTILINE_MAX_CHARS;
	case FIELD_PHONE:
		return PHONE_MAX_CHARS;
	default:
		return 0;
	}
}

/* True for characters that must never be stored as text: C0 and C1 controls, DEL, and the bidi
 * embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) that reorder what is shown. */
static bool
is_control_cp(utf8proc_int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e)
	    || (cp >= 0x2066 && cp <= 0x2069);
}

char *
field_text_controls(const char *v, bool multiline)
{
	while (v && *v) {
		utf8proc_int32_t cp;
		v += next_cp(v, &cp);
		if (cp == '\n' || (cp == '\r' && !multiline))
			continue;
		if (is_control_cp(cp))
			/* TRANSLATORS: %04X is the character's code, e.g. 202E. */
			return xasprintf(_("Control characters are not allowed here (found U+%04X)."), (unsigned)cp);
	}
	return NULL;
}

/* Refuse control characters; line breaks are left to the kind's own check (multi-line allows \n). */
static char *
check_controls(const field_def *f, const char *v)
{
	return field_text_controls(v, f->kind == FIELD_MULTILINE);
}

bool
field_text_is_blank(const char *s)
{
	return all_space(s);
}

size_t
field_max_chars(const field_def *f)
{
	switch (f->kind) {
	case FIELD_DATE:
		return f->max_chars ? f->max_chars : 10;
	case FIELD_INTEGER:
	case FIELD_DECIMAL:
		return f->max_chars ? f->max_chars : 20;
	default:
		return max_chars(f);
	}
}

/* The kind's own rules for a non-empty value. */
static char *
check_kind(const field_def *f, const char *v)
{
	size_t max = max_chars(f);

	if (max && count_chars(v) > max)
		/* TRANSLATORS: %zu is the most characters (not bytes) the field takes. */
		return xasprintf(ngettext("Too long: at most %zu character.", "Too long: at most %zu characters.", max), max);
	switch (f->kind) {
	case FIELD_TEXT:
		return strpbrk(v, "\r\n") ? xstrdup(_("Keep this to one line.")) : NULL;
	case FIELD_MULTILINE:
		return NULL;
	case FIELD_INTEGER:
		return check_integer(f, v);
	case FIELD_DECIMAL:
		return check_decimal(f, v);
	case FIELD_DATE:
		return check_date(v);
	case FIELD_PHONE:
		return check_phone(v);
	case FIELD_CHOICE:
		return check_choice(f, v);
	case FIELD_MULTI:
		return check_multi(f, v);
	case FIELD_YESNO:
		return check_yesno(v);
	case FIELD_NOTE:
		return NULL;
	}
	return NULL;
}

char *
field_validate(const field_def *f, const char *value)
{
	char *err = NULL;

	if (!value)
		value = "";
	if (all_space(value)) {
		if (f->required)
			return xstrdup(f->required_message ? f->required_message : _("This field is required."));
	} else if (!(err = check_controls(f, value))) {
		err = check_kind(f, value);
	}
	/* The extra check also sees empty values: it may make a field required only in some cases. */
	if (!err && f->check)
		err = f->check(f, value, f->check_ud);
	return err;
}
