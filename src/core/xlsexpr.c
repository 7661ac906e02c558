/* xlsexpr.c - XLSForm expressions translated to SQL with bound parameters and evaluated by SQLite
 * (see xlsexpr.h for the semantics). The parser builds the SQL text bottom-up: each parsed node
 * is its SQL text and its static type, and operators insert the XPath conversions their operands
 * need, so the SQL needs only a handful of registered functions. */
#include "config.h"
#define _GNU_SOURCE 1
#include <locale.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <langinfo.h>
#include "xlsexpr.h"
#include "util.h"
#include "utf8.h"
#include "i18n.h"

#define SQL_MAX (256 * 1024)   /* generated SQL beyond this is refused ("too complex") */

struct xlsexpr {
	char *sql[2];              /* [0] as string, [1] as boolean */
	xlsexpr_param *params;
	size_t nparams;
	sqlite3 *db;               /* the connection the statements were prepared on */
	sqlite3_stmt *st[2];
	bool busy;                 /* its answers are being looked up: coming back here is a cycle */
};

/* ---- locale-independent numbers -------------------------------------------------------------- */

/* A C.UTF-8 locale (C when missing): numbers always use '.', regex ranges work on characters. */
static locale_t
utf8_locale(void)
{
	static locale_t loc;

	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	if (!loc)
		loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return loc;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static bool
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num2(const char *s)
{
	return (s[0] - '0') * 10 + s[1] - '0';
}

/* A date (YYYY-MM-DD) or dateTime (YYYY-MM-DDTHH:MM[:SS[.fff]][zone]) as days since 1970; a time (HH:MM[:SS]) as a fraction of a day. */
static bool
parse_date(const char *s, size_t n, double *out)
{
	int mo, d;
	double t = 0;

	if ((n == 5 || n == 8 || (n > 8 && s[8] == '.')) && digits(s, 2) && s[2] == ':' && digits(s + 3, 2)
	    && num2(s) < 24 && num2(s + 3) < 60) {
		/* a time HH:MM[:SS[.fff]] is the fraction of a day, so times compare in order */
		*out = num2(s) / 24.0 + num2(s + 3) / 1440.0;
		if (n >= 8 && s[5] == ':' && digits(s + 6, 2))
			*out += num2(s + 6) / 86400.0;
		else if (n >= 8)
			return false;
		return true;
	}
	if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	mo = num2(s + 5);
	d = num2(s + 8);
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return false;
	if (n > 10) {
		const char *p = s + 11;
		if (s[10] != 'T' || n < 16 || !digits(p, 2) || p[2] != ':' || !digits(p + 3, 2))
			return false;
		t = num2(p) / 24.0 + num2(p + 3) / 1440.0;
		if (n >= 19 && p[5] == ':' && digits(p + 6, 2))
			t += num2(p + 6) / 86400.0;
	}
	*out = (double)days_from_civil(strtol(s, NULL, 10), (unsigned)mo, (unsigned)d) + t;
	return true;
}

/* XPath number(): optional blanks, optional '-', digits with an optional '.'; or a date. */
static bool
parse_number(const char *s, double *out)
{
	size_t b = 0, e = strlen(s), i, nd = 0;
	locale_t old;
	char *end;

	while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r'))
		b++;
	while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r'))
		e--;
	if (parse_date(s + b, e - b, out))
		return true;
	i = b + (b < e && s[b] == '-');
	for (; i < e && s[i] >= '0' && s[i] <= '9'; i++)
		nd++;
	if (i < e && s[i] == '.')
		for (i++; i < e && s[i] >= '0' && s[i] <= '9'; i++)
			nd++;
	if (nd == 0 || i != e)
		return false;
	old = uselocale(utf8_locale());
	*out = strtod(s + b, &end);
	uselocale(old);
	return true;
}

/* XPath string() of a number into buf[NUM_BUF]: integers without a point, no exponent, NaN as "". */
enum { NUM_BUF = 400 };   /* DBL_MAX written out in full is 309 digits */

/* x in fixed notation with 15 significant digits (XPath writes no exponent): 1e23 is
 * 100000000000000000000000, 1.5e-7 is 0.00000015. */
static void
fixed_notation(double x, char *buf)
{
	char m[64], digits[32], *o = buf;
	size_t nd = 0;
	int e;

	snprintf(m, sizeof m, "%.14e", fabs(x));          /* d.dddddddddddddde[+-]XX */
	e = atoi(strchr(m, 'e') + 1);
	for (const char *c = m; *c && *c != 'e'; c++)
		if (*c >= '0' && *c <= '9')
			digits[nd++] = *c;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (x < 0)
		*o++ = '-';
	if (e >= 0) {
		for (int i = 0; i <= e || (size_t)i < nd; i++) {
			if (i == e + 1)
				*o++ = '.';
			*o++ = (size_t)i < nd ? digits[i] : '0';
		}
	} else {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -e - 1; i++)
			*o++ = '0';
		memcpy(o, digits, nd);
		o += nd;
	}
	*o = '\0';
}

static void
format_number(double x, char *buf)
{
	locale_t old;

	if (isnan(x)) {
		buf[0] = '\0';
		return;
	}
	if (isinf(x)) {
		strcpy(buf, x > 0 ? "Infinity" : "-Infinity");
		return;
	}
	if (x == 0)
		x = 0;   /* -0 prints as 0 */
	old = uselocale(utf8_locale());
	if (x == trunc(x) && fabs(x) < 1e18) {
		snprintf(buf, NUM_BUF, "%.0f", x);
	} else {
		/* 15 significant digits, as SQLite prints: 0.1 + 0.2 shows 0.3 */
		snprintf(buf, NUM_BUF, "%.15g", x);
		if (strchr(buf, 'e'))
			fixed_notation(x, buf);
	}
	uselocale(old);
}

/* ---- regular expressions ----------------------------------------------------------------------- */

enum { RE_CACHE = 16 };

typedef struct re_cache {
	char *pat[RE_CACHE];
	regex_t re[RE_CACHE];
	size_t next;            /* the slot to replace next (round robin) */
} re_cache;

enum { RE_MAX_EXPAND = 0x10000 };  /* code points a pattern's ranges may expand to */

typedef struct rbuf {
	char *s;
	size_t n, cap;
} rbuf;

static void
rb_put(rbuf *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap)
		b->s = xrealloc(b->s, b->cap = (b->n + n + 1) * 2);
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
rb_cp(rbuf *b, wchar_t c)
{
	char u[4];
	rb_put(b, u, utf8_encode_char(c, u));
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* One pattern character at p[*i]: a \uXXXX escape (as Java writes them) or a UTF-8 character. */
static wchar_t
re_char(const char *p, size_t n, size_t *i)
{
	wchar_t c;

	if (p[*i] == '\\' && p[*i + 1] == 'u' && *i + 5 < n && hexval(p[*i + 2]) >= 0 && hexval(p[*i + 3]) >= 0
	    && hexval(p[*i + 4]) >= 0 && hexval(p[*i + 5]) >= 0) {
		c = (wchar_t)(hexval(p[*i + 2]) << 12 | hexval(p[*i + 3]) << 8 | hexval(p[*i + 4]) << 4 | hexval(p[*i + 5]));
		*i += 6;
		return c;
	}
	*i += utf8_decode_char(p + *i, n - *i, &c);
	return c;
}

/* The pattern as glibc's regcomp takes it: \d and \D become [0-9] and [^0-9], \uXXXX the character,
 * and a bracket range with a non-ASCII end ([一-龥], [\u4e00-\u9fa5], common in Chinese forms) the
 * list of its characters, since glibc's ranges follow collation, not code points. NULL when the
 * ranges are too large. */
static char *
re_rewrite(const char *p)
{
	size_t n = strlen(p), i = 0, expanded = 0;
	rbuf b = { NULL, 0, 0 };
	bool in = false;

	rb_put(&b, "", 0);
	while (i < n) {
		if (!in) {
			if (p[i] == '\\' && (p[i + 1] == 'd' || p[i + 1] == 'D')) {
				rb_put(&b, p[i + 1] == 'd' ? "[0-9]" : "[^0-9]", p[i + 1] == 'd' ? 5 : 6);
				i += 2;
			} else if (p[i] == '\\' && p[i + 1] == 'u') {
				rb_cp(&b, re_char(p, n, &i));
			} else if (p[i] == '\\' && p[i + 1]) {
				rb_put(&b, p + i, 2);
				i += 2;
			} else if (p[i] == '[') {
				in = true;
				rb_put(&b, p + i++, 1);
				if (p[i] == '^')
					rb_put(&b, p + i++, 1);
				if (p[i] == ']')
					rb_put(&b, p + i++, 1);
			} else {
				rb_put(&b, p + i++, 1);
			}
			continue;
		}
		if (p[i] == ']') {
			in = false;
			rb_put(&b, p + i++, 1);
		} else if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
			const char *e = strstr(p + i + 2, p[i + 1] == ':' ? ":]" : p[i + 1] == '.' ? ".]" : "=]");
			size_t l = e ? (size_t)(e - p) + 2 - i : n - i;
			rb_put(&b, p + i, l);
			i += l;
		} else if (p[i] == '\\' && p[i + 1] == 'd') {
			rb_put(&b, "0-9", 3);
			i += 2;
		} else {
			wchar_t c1 = re_char(p, n, &i), c2;
			size_t j = i + 1;
			if (p[i] != '-' || p[j] == ']' || j >= n) {
				rb_cp(&b, c1);
				continue;
			}
			c2 = re_char(p, n, &j);
			i = j;
			if (c1 < 0x80 && c2 < 0x80) {
				rb_cp(&b, c1);
				rb_put(&b, "-", 1);
				rb_cp(&b, c2);
				continue;
			}
			if (c2 < c1 || (expanded += (size_t)(c2 - c1) + 1) > RE_MAX_EXPAND) {
				free(b.s);
				return NULL;
			}
			for (wchar_t c = c1; c <= c2; c++)
				if (c < 0xd800 || c > 0xdfff)
					rb_cp(&b, c);
		}
	}
	return b.s;
}

/* regcomp in the UTF-8 locale; 0 on success. */
static int
re_compile(regex_t *re, const char *pattern)
{
	char *p = re_rewrite(pattern);
	locale_t old;
	int rc;

	if (!p)
		return REG_ERANGE;
	old = uselocale(utf8_locale());
	rc = regcomp(re, p, REG_EXTENDED | REG_NOSUB);
	uselocale(old);
	free(p);
	return rc;
}

/* The compiled pattern from the cache (compiled and kept when new); NULL when it does not compile. */
static regex_t *
re_get(re_cache *c, const char *pattern)
{
	size_t k;

	for (k = 0; k < RE_CACHE; k++)
		if (c->pat[k] && strcmp(c->pat[k], pattern) == 0)
			return &c->re[k];
	k = c->next;
	if (c->pat[k]) {
		regfree(&c->re[k]);
		free(c->pat[k]);
		c->pat[k] = NULL;
	}
	if (re_compile(&c->re[k], pattern) != 0)
		return NULL;
	c->pat[k] = xstrdup(pattern);
	c->next = (k + 1) % RE_CACHE;
	return &c->re[k];
}

static void
re_cache_free(void *p)
{
	re_cache *c = p;

	for (size_t k = 0; k < RE_CACHE; k++)
		if (c->pat[k]) {
			regfree(&c->re[k]);
			free(c->pat[k]);
		}
	free(c);
}

/* ---- the SQL functions ------------------------------------------------------------------------- */

static const char *
arg_text(sqlite3_value *v)
{
	const unsigned char *t = sqlite3_value_text(v);
	return t ? (const char *)t : "";
}

/* xls_num(x): XPath number(); NULL for NaN. */
static void
fn_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double d;

	(void)argc;
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_NULL:
		sqlite3_result_null(ctx);
		return;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		sqlite3_result_double(ctx, sqlite3_value_double(argv[0]));
		return;
	default:
		if (parse_number(arg_text(argv[0]), &d))
			sqlite3_result_double(ctx, d);
		else
			sqlite3_result_null(ctx);
	}
}

/* xls_str(x): XPath string() of a number (NULL, i.e. NaN, gives ''). */
static void
fn_str(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char buf[NUM_BUF];

	(void)argc;
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_NULL:
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	case SQLITE_INTEGER:
	case SQLITE_FLOAT:
		format_number(sqlite3_value_double(argv[0]), buf);
		sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
		return;
	default:
		sqlite3_result_value(ctx, argv[0]);
	}
}

/* xls_selected(list, value): value is one of list's space-separated words. */
static void
fn_selected(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char *v = str_trim_dup(arg_text(argv[1]));

	(void)argc;
	sqlite3_result_int(ctx, field_multi_has(arg_text(argv[0]), v));
	free(v);
}

/* xls_count_selected(list): how many space-separated words list has. */
static void
fn_count_selected(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = arg_text(argv[0]);
	int n = 0;

	(void)argc;
	for (size_t i = 0; s[i]; i++)
		if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
			n++;
	sqlite3_result_double(ctx, n);
}

/* xls_regex(text, pattern): 1 when pattern matches anywhere in text; an error for a bad pattern. */
static void
fn_regex(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	re_cache *c = sqlite3_user_data(ctx);
	regex_t *re = re_get(c, arg_text(argv[1]));
	locale_t old;
	int rc;

	(void)argc;
	if (!re) {
		sqlite3_result_error(ctx, _("bad regular expression"), -1);
		return;
	}
	old = uselocale(utf8_locale());
	rc = regexec(re, arg_text(argv[0]), 0, NULL, 0);
	uselocale(old);
	sqlite3_result_int(ctx, rc == 0);
}

/* xls_mod(a, b): fmod, NULL (NaN) for NaN operands or b = 0. */
static void
fn_mod(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	double b = sqlite3_value_double(argv[1]);

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL || b == 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_double(ctx, fmod(sqlite3_value_double(argv[0]), b));
}

/* xls_int(x): truncated toward zero, NULL stays NULL. */
static void
fn_int(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_double(ctx, trunc(sqlite3_value_double(argv[0])));
}

int
xlsexpr_register(sqlite3 *db)
{
	static const struct {
		const char *name;
		int nargs;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "xls_num", 1, fn_num }, { "xls_str", 1, fn_str }, { "xls_selected", 2, fn_selected },
		{ "xls_count_selected", 1, fn_count_selected }, { "xls_mod", 2, fn_mod }, { "xls_int", 1, fn_int },
	};
	/* DIRECTONLY: a hostile database's triggers and views cannot call them. */
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
	int rc;

	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		rc = sqlite3_create_function_v2(db, fns[i].name, fns[i].nargs, flags, NULL, fns[i].fn, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return sqlite3_create_function_v2(db, "xls_regex", 2, flags, xcalloc(1, sizeof(re_cache)), fn_regex,
	    NULL, NULL, re_cache_free);
}

/* ---- tokenizer -------------------------------------------------------------------------------- */

typedef enum tok_kind {
	T_END, T_NUM, T_STR, T_REF, T_PATH, T_DOT, T_DOTDOT, T_NAME, T_LP, T_RP, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS, T_STAR, T_OTHER
} tok_kind;

typedef struct tok {
	tok_kind kind;
	size_t pos, len;     /* bytes in the text */
	size_t vpos, vlen;   /* the value: a string's inside, a reference's name */
} tok;

typedef struct parser {
	const char *s;
	size_t n;
	tok t;               /* the current token */
	int flags;
	int depth;
	xlsexpr_known_fn known;
	void *known_ud;
	xlsexpr *e;
	char *err;
	size_t errpos;
} parser;

/* 1-based column of byte offset pos, counted in characters. */
static size_t
column_of(const char *s, size_t pos)
{
	size_t col = 1;

	for (size_t i = 0; i < pos; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static bool
fail(parser *p, size_t pos, char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->errpos = pos;
	} else {
		free(msg);
	}
	return false;
}

static bool
name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool
name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* True when s[i] starts a full-width ASCII sign (U+FF01..U+FF5E) or the ideographic space. */
static bool
fullwidth(const char *s, size_t n, size_t i)
{
	wchar_t wc;

	if ((unsigned char)s[i] < 0x80)
		return false;
	utf8_decode_char(s + i, n - i, &wc);
	return (wc >= 0xff01 && wc <= 0xff5e) || wc == 0x3000;
}

/* Read the token at pos into p->t; false (with p->err) for a malformed one. */
static bool
lex_at(parser *p, size_t pos)
{
	const char *s = p->s;
	size_t i;
	tok *t = &p->t;

	while (pos < p->n && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
		pos++;
	memset(t, 0, sizeof *t);
	t->pos = pos;
	if (pos >= p->n) {
		t->kind = T_END;
		return true;
	}
	i = pos;
	switch (s[i]) {
	case '\'': case '"': {
		const char *q = memchr(s + i + 1, s[i], p->n - i - 1);
		if (!q)
			return fail(p, pos, xstrdup(_("unterminated string")));
		t->kind = T_STR;
		t->vpos = i + 1;
		t->vlen = (size_t)(q - s) - i - 1;
		t->len = t->vlen + 2;
		return true;
	}
	case '$': {
		size_t b = i + 2, e = b;
		if (s[i + 1] != '{')
			return fail(p, pos, xstrdup(_("'$' must start a ${name} reference")));
		while (e < p->n && name_char((unsigned char)s[e]))
			e++;
		if (e >= p->n || s[e] != '}' || e == b || !name_start((unsigned char)s[b]))
			return fail(p, pos, xstrdup(_("malformed ${name} reference")));
		t->kind = T_REF;
		t->vpos = b;
		t->vlen = e - b;
		t->len = e + 1 - i;
		return true;
	}
	case '/': {
		size_t e = i, last = i;
		while (e < p->n && s[e] == '/') {
			size_t b = ++e;
			while (e < p->n && name_char((unsigned char)s[e]))
				e++;
			if (e == b || !name_start((unsigned char)s[b]))
				return fail(p, b, xstrdup(_("malformed /form/name path")));
			last = b;
		}
		t->kind = T_PATH;
		t->vpos = last;
		t->vlen = e - last;
		t->len = e - i;
		return true;
	}
	case '.':
		if (is_digit(s[i + 1]))
			break;
		t->kind = s[i + 1] == '.' ? T_DOTDOT : T_DOT;
		t->len = t->kind == T_DOTDOT ? 2 : 1;
		return true;
	case '(': t->kind = T_LP; t->len = 1; return true;
	case ')': t->kind = T_RP; t->len = 1; return true;
	case ',': t->kind = T_COMMA; t->len = 1; return true;
	case '=': t->kind = T_EQ; t->len = 1; return true;
	case '+': t->kind = T_PLUS; t->len = 1; return true;
	case '-': t->kind = T_MINUS; t->len = 1; return true;
	case '*': t->kind = T_STAR; t->len = 1; return true;
	case '!':
		if (s[i + 1] != '=')
			break;
		t->kind = T_NE; t->len = 2; return true;
	case '<':
		t->kind = s[i + 1] == '=' ? T_LE : T_LT; t->len = s[i + 1] == '=' ? 2 : 1; return true;
	case '>':
		t->kind = s[i + 1] == '=' ? T_GE : T_GT; t->len = s[i + 1] == '=' ? 2 : 1; return true;
	default:
		break;
	}
	if (is_digit(s[i]) || s[i] == '.') {
		while (i < p->n && is_digit(s[i]))
			i++;
		if (i < p->n && s[i] == '.')
			for (i++; i < p->n && is_digit(s[i]); i++)
				;
		t->kind = T_NUM;
		t->vpos = pos;
		t->vlen = t->len = i - pos;
		return true;
	}
	if (fullwidth(s, p->n, i)) {
		/* full-width operators and brackets from a Chinese input method: say which to write */
		wchar_t wc;
		size_t l = utf8_decode_char(s + i, p->n - i, &wc);
		return fail(p, pos, xasprintf(_("full-width '%.*s': write '%c'"), (int)l, s + i,
		    wc == 0x3000 ? ' ' : (char)(wc - 0xff01 + '!')));
	}
	if (name_start((unsigned char)s[i])) {
		while (i < p->n && name_char((unsigned char)s[i]) && !fullwidth(s, p->n, i))
			i++;
		/* a name ending in '.' or '-' is not XPath's, but "a-b" is one name there too */
		t->kind = T_NAME;
		t->vpos = pos;
		t->vlen = t->len = i - pos;
		return true;
	}
	{
		/* one whole character, for the message */
		size_t l = 1;
		while (pos + l < p->n && ((unsigned char)s[pos + l] & 0xc0) == 0x80)
			l++;
		t->kind = T_OTHER;
		t->len = l;
	}
	return true;
}

static bool
advance(parser *p)
{
	return lex_at(p, p->t.pos + p->t.len);
}

/* Bytes of s (len long) to quote in a message: at most 40, not splitting a character. */
static size_t
cut_len(const char *s, size_t len)
{
	if (len <= 40)
		return len;
	len = 40;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/* The error for the current token being where it is. */
static bool
unexpected(parser *p)
{
	if (p->t.kind == T_END)
		return fail(p, p->t.pos, xstrdup(_("the expression ends too early")));
	return fail(p, p->t.pos, xasprintf(_("unexpected '%.*s'"), (int)cut_len(p->s + p->t.pos, p->t.len), p->s + p->t.pos));
}

static bool
tok_is_name(const parser *p, const char *word)
{
	size_t l = strlen(word);
	return p->t.kind == T_NAME && p->t.vlen == l && memcmp(p->s + p->t.vpos, word, l) == 0;
}

/* ---- nodes: SQL text with a static type ---------------------------------------------------------- */

typedef enum ntype { N_STR, N_NUM, N_BOOL } ntype;

/* SQL precedence of a node's top operator: chains of the same operator are written flat, since
 * SQLite's parser has a small stack and ((((a + b) + c) + d) ...) would overflow it. */
enum { P_OR = 0, P_AND = 1, P_ADD = 4, P_MUL = 5, P_ATOM = 9 };

typedef struct node {
	char *sql;
	ntype type;
	long lit;     /* index of the param when the node is a single literal, else -1 */
	int prec;     /* P_* */
	bool is_case; /* "(CASE WHEN ... END)" from if(): an if() in its else branch joins it */
} node;

static node
mk(ntype type, char *sql)
{
	return (node){ sql, type, -1, P_ATOM, false };
}

/* sql (consumed) in parentheses when its operator binds looser than min. */
static char *
paren(char *sql, int prec, int min)
{
	char *r;

	if (prec >= min)
		return sql;
	r = xasprintf("(%s)", sql);
	free(sql);
	return r;
}

static void
node_free(node *n)
{
	free(n->sql);
	n->sql = NULL;
}

/* n converted (consumed) to type want, as XPath's string(), number() and boolean() do. */
static char *
conv(node *n, ntype want)
{
	char *s = n->sql, *r;

	n->sql = NULL;
	if (n->type == want)
		return s;
	s = paren(s, n->prec, P_ATOM);
	switch (want) {
	case N_NUM:
		r = n->type == N_BOOL ? xasprintf("CAST(%s AS REAL)", s) : xasprintf("xls_num(%s)", s);
		break;
	case N_STR:
		r = n->type == N_BOOL ? xasprintf("iif(%s, 'true', 'false')", s) : xasprintf("xls_str(%s)", s);
		break;
	default:
		r = n->type == N_NUM ? xasprintf("coalesce(%s <> 0, 0)", s) : xasprintf("(%s <> '')", s);
		break;
	}
	free(s);
	return r;
}

/* Check the size of a node just built; false with an error when too large. */
static bool
size_ok(parser *p, const node *n, size_t pos)
{
	if (strlen(n->sql) <= SQL_MAX)
		return true;
	return fail(p, pos, xstrdup(_("the expression is too complex")));
}

/* Add a parameter; its SQL is "?N". */
static bool
add_param(parser *p, xlsexpr_param_kind kind, const char *text, size_t len, size_t pos, node *out, ntype type)
{
	xlsexpr *e = p->e;

	if (e->nparams >= XLSEXPR_MAX_PARAMS)
		return fail(p, pos, xasprintf(_("the expression has more than %d values"), XLSEXPR_MAX_PARAMS));
	e->params = xrealloc(e->params, (e->nparams + 1) * sizeof *e->params);
	e->params[e->nparams].kind = kind;
	e->params[e->nparams].text = text ? xstrndup(text, len) : NULL;
	e->nparams++;
	*out = mk(type, xasprintf("?%zu", e->nparams));
	if (kind == XLSEXPR_TEXT || kind == XLSEXPR_NUMBER)
		out->lit = (long)e->nparams - 1;
	return true;
}

/* Move past the token that made *out; frees *out when the next token is malformed. */
static bool
take(parser *p, node *out)
{
	if (advance(p))
		return true;
	node_free(out);
	return false;
}

/* A ${name} or /form/name at the current token, checked against the known names. */
static bool
reference(parser *p, xlsexpr_param_kind kind, node *out)
{
	tok t = p->t;

	if (t.kind != T_REF && t.kind != T_PATH)
		return fail(p, t.pos, xstrdup(_("a ${name} reference is expected here")));
	if (p->known) {
		char *name = xstrndup(p->s + t.vpos, t.vlen);
		bool ok = p->known(name, p->known_ud);
		if (!ok && t.kind == T_PATH) {
			/* name the path as written: the form has no question its last step names */
			char *path = xstrndup(p->s + t.pos, t.len);
			fail(p, t.pos, xasprintf(_("unknown field %s (the form has no question \"%s\")"), path, name));
			free(path);
		} else if (!ok) {
			fail(p, t.pos, xasprintf(_("unknown field ${%s}"), name));
		}
		free(name);
		if (!ok)
			return false;
	}
	if (!add_param(p, kind, p->s + t.vpos, t.vlen, t.pos,
	    out, kind == XLSEXPR_REF ? N_STR : N_NUM))
		return false;
	if (kind != XLSEXPR_REF) {
		char *s = out->sql;
		out->sql = xasprintf("xls_num(%s)", s);
		free(s);
	}
	return take(p, out);
}

static bool parse_or(parser *p, node *out);

static bool
expect(parser *p, tok_kind k)
{
	if (p->t.kind != k)
		return unexpected(p);
	return advance(p);
}

/* ---- functions ------------------------------------------------------------------------------- */

typedef struct fdef {
	const char *name;
	int min, max;        /* arguments; max -1: any number */
	ntype arg;           /* every argument converted to this... */
	ntype type;          /* ...and the result's type */
	const char *fmt;     /* SQL with %s for the arguments (fixed count) */
} fdef;

static const fdef functions[] = {
	{ "selected", 2, 2, N_STR, N_BOOL, "xls_selected(%1, %2)" },
	{ "count-selected", 1, 1, N_STR, N_NUM, "xls_count_selected(%1)" },
	{ "string-length", 1, 1, N_STR, N_NUM, "CAST(length(%1) AS REAL)" },
	{ "regex", 2, 2, N_STR, N_BOOL, "xls_regex(%1, %2)" },
	{ "not", 1, 1, N_BOOL, N_BOOL, "(NOT %1)" },
	{ "boolean", 1, 1, N_BOOL, N_BOOL, "%1" },
	{ "number", 1, 1, N_NUM, N_NUM, "%1" },
	{ "string", 1, 1, N_STR, N_STR, "%1" },
	{ "int", 1, 1, N_NUM, N_NUM, "xls_int(%1)" },
	{ "contains", 2, 2, N_STR, N_BOOL, "(instr(%1, %2) > 0)" },
	{ "starts-with", 2, 2, N_STR, N_BOOL, "(instr(%1, %2) = 1)" },
	{ "ends-with", 2, 2, N_STR, N_BOOL, "(%2 = '' OR substr(%1, -length(%2)) = %2)" },
	{ "coalesce", 2, 2, N_STR, N_STR, "coalesce(nullif(%1, ''), %2)" },
	{ "today", 0, 0, N_STR, N_STR, "date('now', 'localtime')" },
	{ "now", 0, 0, N_STR, N_STR, "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime')" },
	{ "true", 0, 0, N_BOOL, N_BOOL, "1" },
	{ "false", 0, 0, N_BOOL, N_BOOL, "0" },
	{ "concat", 1, -1, N_STR, N_STR, NULL },
	{ "if", 3, 3, N_STR, N_STR, NULL },
	{ "round", 1, 2, N_NUM, N_NUM, NULL },
	{ "substr", 2, 3, N_STR, N_STR, NULL },
	{ "count", 1, 1, N_NUM, N_NUM, NULL },
	{ "sum", 1, 1, N_NUM, N_NUM, NULL },
	{ "position", 0, 1, N_NUM, N_NUM, NULL },
};

/* count(${repeat}), sum(${field}), position(..): their argument is a reference, not a value. */
static bool
repeat_function(parser *p, const char *name, node *out)
{
	if (strcmp(name, "position") == 0) {
		if (p->t.kind == T_DOTDOT && !advance(p))
			return false;
		if (p->t.kind != T_RP)
			return fail(p, p->t.pos, xstrdup(_("position() takes only '..'")));
		if (!add_param(p, XLSEXPR_POSITION, NULL, 0, p->t.pos, out, N_NUM))
			return false;
		char *s = out->sql;
		out->sql = xasprintf("xls_num(%s)", s);
		free(s);
		return true;
	}
	return reference(p, strcmp(name, "count") == 0 ? XLSEXPR_COUNT : XLSEXPR_SUM, out);
}

/* fmt with its %1, %2, %3 replaced by arg[0..2] (a '%' followed by anything else stays). */
static char *
fill(const char *fmt, char *const arg[3])
{
	size_t len = strlen(fmt) + 1;
	char *out, *o;

	for (int i = 0; i < 3; i++)
		if (arg[i])
			len += strlen(arg[i]) * 2;   /* an argument may be used twice */
	out = o = xmalloc(len);
	for (const char *f = fmt; *f; f++) {
		if (f[0] == '%' && f[1] >= '1' && f[1] <= '3' && arg[f[1] - '1']) {
			o = stpcpy(o, arg[f[1] - '1']);
			f++;
		} else {
			*o++ = *f;
		}
	}
	*o = '\0';
	return out;
}

/* The SQL of function f over its n parsed arguments (consumed); false for a bad literal regex. */
static bool
build_call(parser *p, const fdef *f, node *a, size_t n, size_t pos, node *out)
{
	char *s[3] = { NULL, NULL, NULL };

	if (strcmp(f->name, "regex") == 0 && a[1].lit >= 0) {
		regex_t re;
		if (re_compile(&re, p->e->params[a[1].lit].text) != 0)
			return fail(p, pos, xstrdup(_("bad regular expression in regex()")));
		regfree(&re);
	}
	if (strcmp(f->name, "concat") == 0) {
		char *acc = conv(&a[0], N_STR);
		for (size_t i = 1; i < n; i++) {
			char *x = conv(&a[i], N_STR), *t = xasprintf("%s || %s", acc, x);
			free(acc);
			free(x);
			acc = t;
		}
		*out = mk(N_STR, xasprintf("(%s)", acc));
		free(acc);
		return true;
	}
	if (strcmp(f->name, "if") == 0) {
		/* both branches of the same type keep it; else both become strings */
		ntype t = a[1].type == a[2].type ? a[1].type : N_STR;
		bool chain = a[2].is_case && a[2].type == t;
		char *c = conv(&a[0], N_BOOL), *x = conv(&a[1], t), *y = conv(&a[2], t);
		/* if(c1, x1, if(c2, x2, y)) is one flat CASE: SQLite's parser stack stays small */
		if (chain) {
			size_t l = strlen(y);
			*out = mk(t, xasprintf("(CASE WHEN %s THEN %s %.*s END)", c, x, (int)(l - 11), y + 6));
		} else {
			*out = mk(t, xasprintf("(CASE WHEN %s THEN %s ELSE %s END)", c, x, y));
		}
		out->is_case = true;
		free(c);
		free(x);
		free(y);
		return true;
	}
	if (strcmp(f->name, "round") == 0) {
		char *x = conv(&a[0], N_NUM), *d = n > 1 ? conv(&a[1], N_NUM) : xstrdup("0");
		*out = mk(N_NUM, xasprintf("round(%s, %s)", x, d));
		free(x);
		free(d);
		return true;
	}
	if (strcmp(f->name, "substr") == 0) {
		/* XPath positions are rounded numbers; NaN gives '' */
		char *x = conv(&a[0], N_STR), *b = conv(&a[1], N_NUM), *l = n > 2 ? conv(&a[2], N_NUM) : NULL;
		if (l)
			*out = mk(N_STR, xasprintf("coalesce(substr(%s, CAST(round(%s) AS INTEGER), CAST(round(%s) AS INTEGER)), '')", x, b, l));
		else
			*out = mk(N_STR, xasprintf("coalesce(substr(%s, CAST(round(%s) AS INTEGER)), '')", x, b));
		free(x);
		free(b);
		free(l);
		return true;
	}
	for (size_t i = 0; i < n && i < 3; i++) {
		int prec = a[i].prec;
		bool same = a[i].type == f->arg;
		s[i] = conv(&a[i], f->arg);
		s[i] = paren(s[i], same ? prec : P_ATOM, P_ATOM);
	}
	*out = mk(f->type, fill(f->fmt, s));
	for (int i = 0; i < 3; i++)
		free(s[i]);
	return true;
}

/* A function call: the current token is its name, followed by '('. */
static bool
parse_call(parser *p, node *out)
{
	tok name = p->t;
	char *fname = xstrndup(p->s + name.vpos, name.vlen);
	const fdef *f = NULL;
	node *a = NULL;
	size_t n = 0;
	bool ok = false;

	for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
		if (strcmp(functions[i].name, fname) == 0)
			f = &functions[i];
	if (!f) {
		if (strchr(fname, ':') || strcmp(fname, "pulldata") == 0 || strcmp(fname, "instance") == 0)
			fail(p, name.pos, xasprintf(_("%s() is not supported"), fname));
		else
			fail(p, name.pos, xasprintf(_("unknown function %s()"), fname));
		free(fname);
		return false;
	}
	if (!advance(p) || !expect(p, T_LP))
		goto out;
	if (!f->fmt && (strcmp(fname, "count") == 0 || strcmp(fname, "sum") == 0 || strcmp(fname, "position") == 0)) {
		ok = repeat_function(p, fname, out);
		if (ok && !expect(p, T_RP)) {
			node_free(out);
			ok = false;
		}
		goto out;
	}
	while (p->t.kind != T_RP) {
		if (f->max >= 0 && n == (size_t)f->max) {
			fail(p, p->t.pos, xasprintf(ngettext("%s() takes at most %d argument", "%s() takes at most %d arguments", (unsigned long)f->max), fname, f->max));
			goto out;
		}
		a = xrealloc(a, (n + 1) * sizeof *a);
		if (!parse_or(p, &a[n]))
			goto out;
		n++;
		if (p->t.kind != T_COMMA)
			break;
		if (!advance(p))
			goto out;
	}
	if (n < (size_t)f->min) {
		fail(p, name.pos, xasprintf(ngettext("%s() needs %d argument", "%s() needs %d arguments", (unsigned long)f->min), fname, f->min));
		goto out;
	}
	if (!expect(p, T_RP))
		goto out;
	ok = build_call(p, f, a, n, name.pos, out);
	if (ok && !size_ok(p, out, name.pos)) {
		node_free(out);
		ok = false;
	}
out:
	for (size_t i = 0; i < n; i++)
		node_free(&a[i]);
	free(a);
	free(fname);
	return ok;
}

/* ---- expressions ------------------------------------------------------------------------------ */

static bool
parse_primary(parser *p, node *out)
{
	tok t = p->t;

	switch (t.kind) {
	case T_STR:
		return add_param(p, XLSEXPR_TEXT, p->s + t.vpos, t.vlen, t.pos, out, N_STR) && take(p, out);
	case T_NUM:
		return add_param(p, XLSEXPR_NUMBER, p->s + t.vpos, t.vlen, t.pos, out, N_NUM) && take(p, out);
	case T_REF:
	case T_PATH:
		return reference(p, XLSEXPR_REF, out);
	case T_DOT:
		return add_param(p, XLSEXPR_CURRENT, NULL, 0, t.pos, out, N_STR) && take(p, out);
	case T_LP:
		if (!advance(p) || !parse_or(p, out))
			return false;
		if (!expect(p, T_RP)) {
			node_free(out);
			return false;
		}
		return true;
	case T_NAME: {
		size_t save = p->t.pos;
		if (!advance(p))
			return false;
		bool call = p->t.kind == T_LP;
		if (!lex_at(p, save))
			return false;
		if (call)
			return parse_call(p, out);
		if (p->flags & XLSEXPR_COLUMNS)
			return add_param(p, XLSEXPR_COLUMN, p->s + t.vpos, t.vlen, t.pos, out, N_STR) && take(p, out);
		return fail(p, t.pos, xasprintf(_("unknown name '%.*s' (an answer is written ${name})"),
		    (int)cut_len(p->s + t.vpos, t.vlen), p->s + t.vpos));
	}
	case T_DOTDOT:
		return fail(p, t.pos, xstrdup(_("'..' is only supported in position(..)")));
	default:
		return unexpected(p);
	}
}

static bool
parse_unary(parser *p, node *out)
{
	bool ok;

	if (p->t.kind != T_MINUS)
		return parse_primary(p, out);
	if (++p->depth > XLSEXPR_MAX_DEPTH)
		return fail(p, p->t.pos, xasprintf(_("the expression is nested more than %d deep"), XLSEXPR_MAX_DEPTH));
	ok = advance(p) && parse_unary(p, out);
	p->depth--;
	if (ok) {
		int prec = out->type == N_NUM ? out->prec : P_ATOM;
		char *x = paren(conv(out, N_NUM), prec, P_ATOM);
		*out = mk(N_NUM, xasprintf("(- %s)", x));
		free(x);
	}
	return ok;
}

/* Which binary operator the current token is, at level (0 or, 1 and, 2 equality, 3 relational, 4 additive, 5 multiplicative); -1 if none. */
static int
binop(const parser *p, int level)
{
	switch (level) {
	case 0: return tok_is_name(p, "or") ? 0 : -1;
	case 1: return tok_is_name(p, "and") ? 0 : -1;
	case 2: return p->t.kind == T_EQ ? 0 : p->t.kind == T_NE ? 1 : -1;
	case 3: return p->t.kind == T_LT ? 0 : p->t.kind == T_LE ? 1 : p->t.kind == T_GT ? 2 : p->t.kind == T_GE ? 3 : -1;
	case 4: return p->t.kind == T_PLUS ? 0 : p->t.kind == T_MINUS ? 1 : -1;
	default: return p->t.kind == T_STAR ? 0 : tok_is_name(p, "div") ? 1 : tok_is_name(p, "mod") ? 2 : -1;
	}
}

/* n (consumed) converted to want, in parentheses unless its precedence is at least min. */
static char *
operand(node *n, ntype want, int min)
{
	int prec = n->type == want ? n->prec : P_ATOM;
	return paren(conv(n, want), prec, min);
}

/* a op b as SQL (a and b consumed), with XPath's conversions. Left-associative chains of or, and,
 * + - and * div stay flat; everything else is parenthesized. */
static node
combine(int level, int op, node *a, node *b)
{
	static const char *rel[] = { "<", "<=", ">", ">=" };
	char *x, *y, *r;
	node out;

	if (level <= 1) {
		int pr = level == 0 ? P_OR : P_AND;
		x = operand(a, N_BOOL, pr);
		y = operand(b, N_BOOL, pr + 1);
		out = mk(N_BOOL, xasprintf("%s %s %s", x, level == 0 ? "OR" : "AND", y));
		out.prec = pr;
	} else if (level == 2) {
		/* XPath: a boolean side compares booleans, else a number side numbers, else strings;
		 * NaN = x is false and NaN != x true, whatever x is */
		ntype ct = a->type == N_BOOL || b->type == N_BOOL ? N_BOOL : a->type == N_NUM || b->type == N_NUM ? N_NUM : N_STR;
		x = operand(a, ct, P_ATOM);
		y = operand(b, ct, P_ATOM);
		if (ct == N_NUM)
			r = xasprintf("coalesce(%s %s %s, %d)", x, op ? "<>" : "=", y, op);
		else
			r = xasprintf("(%s %s %s)", x, op ? "<>" : "=", y);
		out = mk(N_BOOL, r);
	} else if (level == 3) {
		x = operand(a, N_NUM, P_ATOM);
		y = operand(b, N_NUM, P_ATOM);
		out = mk(N_BOOL, xasprintf("coalesce(%s %s %s, 0)", x, rel[op], y));
	} else if (level == 5 && op == 2) {
		x = operand(a, N_NUM, P_ATOM);
		y = operand(b, N_NUM, P_ATOM);
		out = mk(N_NUM, xasprintf("xls_mod(%s, %s)", x, y));
	} else {
		int pr = level == 4 ? P_ADD : P_MUL;
		x = operand(a, N_NUM, pr);
		y = operand(b, N_NUM, pr + 1);
		out = mk(N_NUM, xasprintf("%s %s %s", x, level == 4 ? (op ? "-" : "+") : (op ? "/" : "*"), y));
		out.prec = pr;
	}
	free(x);
	free(y);
	return out;
}

/* One level of binary operators, left-associative; level 6 is a unary expression. */
static bool
parse_level(parser *p, int level, node *out)
{
	bool ok;

	if (level == 6)
		return parse_unary(p, out);
	ok = parse_level(p, level + 1, out);
	while (ok) {
		int op = binop(p, level);
		size_t pos = p->t.pos;
		node b;
		if (op < 0)
			break;
		if (!advance(p) || !parse_level(p, level + 1, &b)) {
			node_free(out);
			ok = false;
			break;
		}
		*out = combine(level, op, out, &b);
		ok = size_ok(p, out, pos);
		if (!ok)
			node_free(out);
	}
	return ok;
}

/* The nesting cap counts parentheses, call arguments and unary minus: each parse_or recurses through the seven levels. */
static bool
parse_or(parser *p, node *out)
{
	bool ok;

	if (p->depth > XLSEXPR_MAX_DEPTH)
		return fail(p, p->t.pos, xasprintf(_("the expression is nested more than %d deep"), XLSEXPR_MAX_DEPTH));
	p->depth += 1;
	ok = parse_level(p, 0, out);
	p->depth -= 1;
	return ok;
}

/* True when SQLite can prepare e's SQL: its parser's stack is the last limit on nesting. */
static bool
sql_check(const xlsexpr *e)
{
	sqlite3 *db = NULL;
	bool ok = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) == SQLITE_OK
	    && xlsexpr_register(db) == SQLITE_OK;

	for (int i = 0; ok && i < 2; i++) {
		char *sql = xasprintf("SELECT %s", e->sql[i]);
		sqlite3_stmt *st = NULL;
		ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
		sqlite3_finalize(st);
		free(sql);
	}
	sqlite3_close(db);
	return ok;
}

xlsexpr *
xlsexpr_compile(const char *text, int flags, xlsexpr_known_fn known, void *known_ud, char **err, size_t *col)
{
	parser p = { 0 };
	node root = { NULL, N_STR, -1, P_ATOM, false };
	bool ok;

	if (err)
		*err = NULL;
	if (col)
		*col = 0;
	p.s = text ? text : "";
	p.n = strlen(p.s);
	p.flags = flags;
	p.known = known;
	p.known_ud = known_ud;
	p.e = xcalloc(1, sizeof *p.e);
	if (p.n > XLSEXPR_MAX_LEN)
		ok = fail(&p, 0, xasprintf(_("the expression is longer than %d bytes"), XLSEXPR_MAX_LEN));
	else if (str_is_blank(p.s))
		ok = fail(&p, 0, xstrdup(_("the expression is empty")));
	else
		ok = lex_at(&p, 0) && parse_or(&p, &root) && (p.t.kind == T_END || (node_free(&root), unexpected(&p)));
	if (!ok) {
		size_t c = column_of(p.s, p.errpos);
		if (err)
			*err = xasprintf(_("%s at column %zu"), p.err ? p.err : _("bad expression"), c);
		if (col)
			*col = c;
		free(p.err);
		xlsexpr_free(p.e);
		return NULL;
	}
	{
		node copy = root;
		copy.sql = xstrdup(root.sql);
		p.e->sql[1] = conv(&copy, N_BOOL);
		p.e->sql[0] = conv(&root, N_STR);
	}
	if (!sql_check(p.e)) {
		if (err)
			*err = xstrdup(_("the expression is nested too deeply"));
		xlsexpr_free(p.e);
		return NULL;
	}
	return p.e;
}

void
xlsexpr_free(xlsexpr *e)
{
	if (!e)
		return;
	for (int i = 0; i < 2; i++) {
		sqlite3_finalize(e->st[i]);
		free(e->sql[i]);
	}
	for (size_t i = 0; i < e->nparams; i++)
		free(e->params[i].text);
	free(e->params);
	free(e);
}

const char *
xlsexpr_sql(const xlsexpr *e, bool as_bool)
{
	return e->sql[as_bool];
}

size_t
xlsexpr_param_count(const xlsexpr *e)
{
	return e->nparams;
}

const xlsexpr_param *
xlsexpr_param_at(const xlsexpr *e, size_t i)
{
	return i < e->nparams ? &e->params[i] : NULL;
}

/* ---- evaluation ------------------------------------------------------------------------------- */

/* Run e's statement (as_bool picks which) with the answers bound; the caller reads the row, then resets. */
static int
eval_step(xlsexpr *e, sqlite3 *db, bool as_bool, xlsexpr_lookup_fn lookup, void *ud, sqlite3_stmt **out, char **err)
{
	char **vals = xcalloc(e->nparams ? e->nparams : 1, sizeof *vals);
	sqlite3_stmt *st;
	int rc;

	*err = NULL;
	if (e->busy) {
		free(vals);
		*err = xstrdup(_("the expression refers to itself (a circular reference)"));
		return -1;
	}
	/* Every answer is looked up before the statement is touched: a lookup may evaluate other
	 * expressions (a calculated or hidden field), which could reach this one again. */
	e->busy = true;
	for (size_t i = 0; i < e->nparams; i++)
		if (e->params[i].kind != XLSEXPR_TEXT && e->params[i].kind != XLSEXPR_NUMBER && lookup)
			vals[i] = lookup(&e->params[i], ud);
	e->busy = false;
	if (e->db != db) {
		for (int i = 0; i < 2; i++) {
			sqlite3_finalize(e->st[i]);
			e->st[i] = NULL;
		}
		e->db = db;
	}
	if (!e->st[as_bool]) {
		char *sql = xasprintf("SELECT %s", e->sql[as_bool]);
		rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &e->st[as_bool], NULL);
		free(sql);
		if (rc != SQLITE_OK) {
			*err = xasprintf(_("cannot evaluate the expression: %s"), sqlite3_errmsg(db));
			goto out;
		}
	}
	st = e->st[as_bool];
	sqlite3_reset(st);
	for (size_t i = 0; i < e->nparams; i++) {
		const xlsexpr_param *pm = &e->params[i];
		int k = (int)i + 1;
		if (pm->kind == XLSEXPR_NUMBER) {
			double d = NAN;
			parse_number(pm->text, &d);
			sqlite3_bind_double(st, k, d);
		} else if (pm->kind == XLSEXPR_TEXT) {
			sqlite3_bind_text(st, k, pm->text, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, k, vals[i] ? vals[i] : "", -1, SQLITE_TRANSIENT);
		}
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		*err = xasprintf(_("cannot evaluate the expression: %s"), sqlite3_errmsg(db));
		sqlite3_reset(st);
		goto out;
	}
	*out = st;
out:
	for (size_t i = 0; i < e->nparams; i++)
		free(vals[i]);
	free(vals);
	return *err ? -1 : 0;
}

int
xlsexpr_eval_bool(xlsexpr *e, sqlite3 *db, xlsexpr_lookup_fn lookup, void *ud, bool *out, char **err)
{
	sqlite3_stmt *st;
	char *msg;

	*out = false;
	if (eval_step(e, db, true, lookup, ud, &st, &msg) != 0) {
		if (err)
			*err = msg;
		else
			free(msg);
		return -1;
	}
	*out = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

int
xlsexpr_eval_string(xlsexpr *e, sqlite3 *db, xlsexpr_lookup_fn lookup, void *ud, char **out, char **err)
{
	sqlite3_stmt *st;
	char *msg;
	const unsigned char *t;

	*out = NULL;
	if (eval_step(e, db, false, lookup, ud, &st, &msg) != 0) {
		if (err)
			*err = msg;
		else
			free(msg);
		return -1;
	}
	t = sqlite3_column_text(st, 0);
	*out = xstrdup(t ? (const char *)t : "");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

char *
xlsexpr_interpolate(const char *label, xlsexpr_lookup_fn lookup, void *ud)
{
	size_t cap = 64, n = 0;
	char *out = xmalloc(cap);

	if (!label)
		label = "";
	for (const char *s = label; *s;) {
		const char *v = NULL, *close = NULL;
		char *val = NULL;
		size_t l;
		if (s[0] == '$' && s[1] == '{' && (close = strchr(s + 2, '}')) && close > s + 2) {
			xlsexpr_param pm = { XLSEXPR_REF, xstrndup(s + 2, (size_t)(close - s - 2)) };
			val = lookup ? lookup(&pm, ud) : NULL;
			free(pm.text);
			v = val ? val : "";
			s = close + 1;
		} else {
			/* copy up to the next '$' at once */
			const char *d = strchr(s + 1, '$');
			l = d ? (size_t)(d - s) : strlen(s);
			if (n + l + 1 > cap)
				out = xrealloc(out, cap = (n + l + 1) * 2);
			memcpy(out + n, s, l);
			n += l;
			s += l;
			continue;
		}
		l = strlen(v);
		if (n + l + 1 > cap)
			out = xrealloc(out, cap = (n + l + 1) * 2);
		memcpy(out + n, v, l);
		n += l;
		free(val);
	}
	out[n] = '\0';
	return out;
}

/* ---- the form model's callbacks ---------------------------------------------------------------- */

enum { FORM_MAX_DEPTH = 32 };   /* references followed through calculations and relevance */

typedef struct flogic {
	struct xlsexpr_form *xf;
	size_t field;
	xlsexpr *relevant, *constraint, *calculate, *choice_filter, *required, *readonly;
	char *message;       /* constraint_message */
} flogic;

struct xlsexpr_form {
	fieldset *fs;
	sqlite3 *db;
	bool own_db;
	flogic **logic;      /* per field, made when the field gets its first expression */
	size_t nlogic;
	int depth;
	xlsexpr_column_fn column;   /* a choice's columns other than name and label */
	void *column_ud;
	flogic **counts;     /* per group: its repeat_count (the expression in calculate), made when given */
};

typedef struct lookup_ctx {
	const xlsexpr_form *xf;
	const formmodel *m;
	size_t field, inst;
	const char *current;  /* `.` (NULL: the field's stored value) */
	size_t choice;        /* the choice a choice_filter is tested on (SIZE_MAX: none) */
} lookup_ctx;

xlsexpr_form *
xlsexpr_form_new(fieldset *fs, sqlite3 *db)
{
	xlsexpr_form *xf = xcalloc(1, sizeof *xf);

	xf->fs = fs;
	xf->db = db;
	if (!db) {
		/* a private connection: expressions never touch (or lock) the office's database */
		if (sqlite3_open_v2(":memory:", &xf->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
			sqlite3_close(xf->db);
			free(xf);
			return NULL;
		}
		xf->own_db = true;
	}
	if (xlsexpr_register(xf->db) != SQLITE_OK) {
		if (xf->own_db)
			sqlite3_close(xf->db);
		free(xf);
		return NULL;
	}
	xf->nlogic = fs->n;
	xf->logic = xcalloc(fs->n ? fs->n : 1, sizeof *xf->logic);
	return xf;
}

void
xlsexpr_form_free(xlsexpr_form *xf)
{
	if (!xf)
		return;
	for (size_t i = 0; i < xf->nlogic; i++) {
		flogic *fl = xf->logic[i];
		if (!fl)
			continue;
		if (i < xf->fs->n && xf->fs->fields[i].logic_ud == fl) {
			field_def *d = &xf->fs->fields[i];
			d->relevant = NULL;
			d->calculate = NULL;
			d->constraint = NULL;
			d->choice_shown = NULL;
			d->required_if = NULL;
			d->read_only_if = NULL;
			d->logic_ud = NULL;
		}
		xlsexpr_free(fl->relevant);
		xlsexpr_free(fl->constraint);
		xlsexpr_free(fl->calculate);
		xlsexpr_free(fl->choice_filter);
		xlsexpr_free(fl->required);
		xlsexpr_free(fl->readonly);
		free(fl->message);
		free(fl);
	}
	for (size_t g = 0; xf->counts && g < xf->fs->ngroups; g++) {
		if (!xf->counts[g])
			continue;
		if (xf->fs->groups[g].count_ud == xf->counts[g]) {
			xf->fs->groups[g].count = NULL;
			xf->fs->groups[g].count_ud = NULL;
		}
		xlsexpr_free(xf->counts[g]->calculate);
		free(xf->counts[g]);
	}
	free(xf->counts);
	free(xf->logic);
	if (xf->own_db)
		sqlite3_close(xf->db);
	free(xf);
}

/* A field's repeating group id, 0 when it is not in one. */
static size_t
repeat_of(const fieldset *fs, size_t field)
{
	size_t g = fs->fields[field].group;
	return g && fs->groups[g - 1].repeat ? g : 0;
}

/* The first field of group g, or SIZE_MAX. */
static size_t
first_of_group(const fieldset *fs, size_t g)
{
	for (size_t i = 0; i < fs->n; i++)
		if (fs->fields[i].group == g)
			return i;
	return SIZE_MAX;
}

static bool
form_known(const char *name, void *ud)
{
	const fieldset *fs = ud;

	if (fieldset_find(fs, name) >= 0)
		return true;
	for (size_t g = 0; g < fs->ngroups; g++)
		if (fs->groups[g].name && strcmp(fs->groups[g].name, name) == 0)
			return true;
	return false;
}

static char *
number_text(double x)
{
	char buf[NUM_BUF];
	format_number(x, buf);
	return xstrdup(buf);
}

/* count(${name}): instances of the repeat name is, or holds name. */
static char *
lookup_count(const lookup_ctx *c, const char *name)
{
	const fieldset *fs = c->xf->fs;
	int i = fieldset_find(fs, name);
	size_t f = i >= 0 ? (size_t)i : SIZE_MAX;

	for (size_t g = 0; f == SIZE_MAX && g < fs->ngroups; g++)
		if (fs->groups[g].name && strcmp(fs->groups[g].name, name) == 0)
			f = first_of_group(fs, g + 1);
	return number_text(f == SIZE_MAX ? 0 : (double)formmodel_instances(c->m, f));
}

/* sum(${name}): the numeric answers of name over its instances (empty and non-numeric left out). */
static char *
lookup_sum(const lookup_ctx *c, const char *name)
{
	int i = fieldset_find(c->xf->fs, name);
	double sum = 0, d;

	if (i < 0)
		return NULL;
	for (size_t k = 0; k < formmodel_instances(c->m, (size_t)i); k++) {
		char *v = formmodel_get(c->m, (size_t)i, k);
		if (v && parse_number(v, &d))
			sum += d;
		free(v);
	}
	return number_text(sum);
}

/* The repeat of the field an expression belongs to; 0 outside one, and for a group's own expression (no field). */
static size_t
ctx_repeat(const lookup_ctx *c)
{
	return c->field < c->xf->fs->n ? repeat_of(c->xf->fs, c->field) : 0;
}

/* A column of the choice a choice_filter is tested on: name is its value, label its label, others from the column callback. */
static char *
lookup_column(const lookup_ctx *c, const char *column)
{
	const field_def *d = &c->xf->fs->fields[c->field];
	const char *v = NULL;

	if (c->field >= c->xf->fs->n || c->choice >= d->nchoices)
		return NULL;
	if (strcmp(column, "name") == 0)
		v = d->choices[c->choice].value;
	else if (strcmp(column, "label") == 0)
		v = d->choices[c->choice].label;
	else if (c->xf->column)
		v = c->xf->column(c->field, c->choice, column, c->xf->column_ud);
	return xstrdup(v);
}

static char *
form_lookup(const xlsexpr_param *p, void *ud)
{
	const lookup_ctx *c = ud;
	const fieldset *fs = c->xf->fs;
	int i;

	switch (p->kind) {
	case XLSEXPR_CURRENT:
		return xstrdup(c->current ? c->current : formmodel_raw(c->m, c->field, c->inst));
	case XLSEXPR_POSITION:
		return number_text(ctx_repeat(c) ? (double)c->inst + 1 : 1);
	case XLSEXPR_COUNT:
		return lookup_count(c, p->text);
	case XLSEXPR_SUM:
		return lookup_sum(c, p->text);
	case XLSEXPR_REF:
		i = fieldset_find(fs, p->text);
		if (i < 0)
			return NULL;
		/* the same instance inside the same repeat; else the first (XPath's string() of a node-set) */
		{
			size_t g = repeat_of(fs, (size_t)i);
			size_t k = g && g == ctx_repeat(c) ? c->inst : 0;
			return formmodel_get(c->m, (size_t)i, k);
		}
	case XLSEXPR_COLUMN:
		return lookup_column(c, p->text);
	default:
		return NULL;
	}
}

static int form_eval_choice(flogic *fl, xlsexpr *e, const formmodel *m, size_t inst, const char *current, size_t choice, bool *b, char **s);

/* Evaluate one of fl's expressions; -1 on error or a circular reference (the caller's default applies). */
static int
form_eval(flogic *fl, xlsexpr *e, const formmodel *m, size_t inst, const char *current, bool *b, char **s)
{
	return form_eval_choice(fl, e, m, inst, current, SIZE_MAX, b, s);
}

/* One of fl's expressions: as a boolean into *b (b non-NULL) or a string into *s; -1 on error or a cycle. */
static int
form_eval_choice(flogic *fl, xlsexpr *e, const formmodel *m, size_t inst, const char *current, size_t choice, bool *b, char **s)
{
	lookup_ctx c = { fl->xf, m, fl->field, inst, current, choice };
	int rc;

	if (fl->xf->depth >= FORM_MAX_DEPTH)
		return -1;
	fl->xf->depth++;
	rc = b ? xlsexpr_eval_bool(e, fl->xf->db, form_lookup, &c, b, NULL)
	       : xlsexpr_eval_string(e, fl->xf->db, form_lookup, &c, s, NULL);
	fl->xf->depth--;
	return rc;
}

/* A field whose relevance cannot be worked out is shown: hiding it would lose the question. */
static bool
cb_relevant(const formmodel *m, size_t inst, void *ud)
{
	flogic *fl = ud;
	bool r = true;

	if (form_eval(fl, fl->relevant, m, inst, NULL, &r, NULL) != 0)
		return true;
	return r;
}

static char *
cb_calculate(const formmodel *m, size_t inst, void *ud)
{
	flogic *fl = ud;
	char *v = NULL;

	if (form_eval(fl, fl->calculate, m, inst, NULL, NULL, &v) != 0)
		return NULL;
	return v;
}

/* XLSForm checks a constraint only on an answer that is there (required is a separate rule). */
static char *
cb_constraint(const formmodel *m, const field_def *f, size_t inst, const char *value, void *ud)
{
	flogic *fl = ud;
	bool r = false;

	(void)f;
	if (field_text_is_blank(value))
		return NULL;
	if (form_eval(fl, fl->constraint, m, inst, value, &r, NULL) != 0)
		return xstrdup(_("This answer could not be checked."));
	if (r)
		return NULL;
	return xstrdup(fl->message && *fl->message ? fl->message : _("This answer is not allowed here."));
}

/* Compile expr for field, keeping the field's logic record; NULL with *err when it does not compile. */
static flogic *
form_compile(xlsexpr_form *xf, size_t field, const char *expr, int flags, xlsexpr **out, char **err)
{
	flogic *fl;

	if (field >= xf->fs->n) {
		if (err)
			*err = xstrdup(_("no such field"));
		return NULL;
	}
	if (field >= xf->nlogic) {
		/* fields added after xlsexpr_form_new */
		xf->logic = xrealloc(xf->logic, xf->fs->n * sizeof *xf->logic);
		memset(xf->logic + xf->nlogic, 0, (xf->fs->n - xf->nlogic) * sizeof *xf->logic);
		xf->nlogic = xf->fs->n;
	}
	*out = xlsexpr_compile(expr, flags, form_known, xf->fs, err, NULL);
	if (!*out)
		return NULL;
	fl = xf->logic[field];
	if (!fl) {
		fl = xf->logic[field] = xcalloc(1, sizeof *fl);
		fl->xf = xf;
		fl->field = field;
	}
	xf->fs->fields[field].logic_ud = fl;
	return fl;
}

int
xlsexpr_form_relevant(xlsexpr_form *xf, size_t field, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, 0, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->relevant);
	fl->relevant = e;
	xf->fs->fields[field].relevant = cb_relevant;
	return 0;
}

int
xlsexpr_form_constraint(xlsexpr_form *xf, size_t field, const char *expr, const char *message, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, 0, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->constraint);
	fl->constraint = e;
	free(fl->message);
	fl->message = xstrdup(message);
	xf->fs->fields[field].constraint = cb_constraint;
	return 0;
}

int
xlsexpr_form_calculate(xlsexpr_form *xf, size_t field, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, 0, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->calculate);
	fl->calculate = e;
	xf->fs->fields[field].calculate = cb_calculate;
	return 0;
}

/* required and readonly as expressions: one that cannot be worked out neither demands an answer nor
 * locks the field (the operator can still answer, and finish). */
static bool
cb_required(const formmodel *m, size_t inst, void *ud)
{
	flogic *fl = ud;
	bool r = false;

	return form_eval(fl, fl->required, m, inst, NULL, &r, NULL) == 0 && r;
}

static bool
cb_readonly(const formmodel *m, size_t inst, void *ud)
{
	flogic *fl = ud;
	bool r = false;

	return form_eval(fl, fl->readonly, m, inst, NULL, &r, NULL) == 0 && r;
}

int
xlsexpr_form_required(xlsexpr_form *xf, size_t field, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, 0, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->required);
	fl->required = e;
	xf->fs->fields[field].required_if = cb_required;
	return 0;
}

int
xlsexpr_form_readonly(xlsexpr_form *xf, size_t field, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, 0, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->readonly);
	fl->readonly = e;
	xf->fs->fields[field].read_only_if = cb_readonly;
	return 0;
}

char *
xlsexpr_form_label(const xlsexpr_form *xf, const formmodel *m, size_t field, size_t inst)
{
	lookup_ctx c = { xf, m, field, inst, NULL, SIZE_MAX };

	if (field >= xf->fs->n)
		return xstrdup("");
	return xlsexpr_interpolate(xf->fs->fields[field].label, form_lookup, &c);
}

/* The form model asks through the field: the choice is offered when its filter says so. */
static bool
cb_choice_shown(const formmodel *m, size_t inst, size_t choice, void *ud)
{
	flogic *fl = ud;

	return xlsexpr_form_choice_shown(fl->xf, m, fl->field, inst, choice);
}

int
xlsexpr_form_choice_filter(xlsexpr_form *xf, size_t field, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl = form_compile(xf, field, expr, XLSEXPR_COLUMNS, &e, err);

	if (!fl)
		return -1;
	xlsexpr_free(fl->choice_filter);
	fl->choice_filter = e;
	xf->fs->fields[field].choice_shown = cb_choice_shown;
	return 0;
}

/* A repeat's count: its expression's value as a whole number, -1 when it is not one (an answer not given yet). */
static long
cb_count(const formmodel *m, void *ud)
{
	flogic *fl = ud;
	char *v = NULL;
	double d;
	long n = -1;

	if (form_eval(fl, fl->calculate, m, 0, NULL, NULL, &v) == 0 && v && parse_number(v, &d) && d >= 0 && d < 1e9)
		n = (long)d;
	free(v);
	return n;
}

int
xlsexpr_form_repeat_count(xlsexpr_form *xf, size_t group, const char *expr, char **err)
{
	xlsexpr *e;
	flogic *fl;

	if (group < 1 || group > xf->fs->ngroups || !xf->fs->groups[group - 1].repeat) {
		if (err)
			*err = xstrdup(_("no such repeat"));
		return -1;
	}
	if (!(e = xlsexpr_compile(expr, 0, form_known, xf->fs, err, NULL)))
		return -1;
	if (!xf->counts)
		xf->counts = xcalloc(xf->fs->ngroups, sizeof *xf->counts);
	if (!(fl = xf->counts[group - 1])) {
		fl = xf->counts[group - 1] = xcalloc(1, sizeof *fl);
		fl->xf = xf;
		fl->field = SIZE_MAX;
	}
	xlsexpr_free(fl->calculate);
	fl->calculate = e;
	xf->fs->groups[group - 1].count = cb_count;
	xf->fs->groups[group - 1].count_ud = fl;
	return 0;
}

void
xlsexpr_form_columns(xlsexpr_form *xf, xlsexpr_column_fn fn, void *ud)
{
	xf->column = fn;
	xf->column_ud = ud;
}

bool
xlsexpr_form_choice_shown(const xlsexpr_form *xf, const formmodel *m, size_t field, size_t inst, size_t choice)
{
	flogic *fl = field < xf->nlogic ? xf->logic[field] : NULL;
	bool r = true;

	/* a filter that cannot be evaluated hides nothing: the operator can still answer */
	if (!fl || !fl->choice_filter || form_eval_choice(fl, fl->choice_filter, m, inst, NULL, choice, &r, NULL) != 0)
		return true;
	return r;
}
