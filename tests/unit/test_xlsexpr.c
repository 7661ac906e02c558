/* test_xlsexpr.c - XLSForm expressions: translation to SQL with bound parameters (no template text
 * in the SQL), evaluation tables (empty answers, numbers against numeric text, selected and
 * count-selected, regex with Chinese text, string-length in characters, today(), nested if,
 * precedence), the expressions of the conformance files, hostile input, and relevance,
 * constraints and calculations wired through the form model with a repeating group. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "xlsexpr.h"
#include "formmodel.h"
#include "util.h"
#include "i18n.h"
#include "utf8.h"

/* ---- answers for the tables: "name=value|name=value", `.` as name "." ---------------------- */

static const char *answers;

static char *
table_lookup(const xlsexpr_param *p, void *ud)
{
	const char *want = p->kind == XLSEXPR_CURRENT ? "." : p->text;
	size_t wl;

	(void)ud;
	if (p->kind == XLSEXPR_POSITION)
		return xstrdup("2");
	if (p->kind == XLSEXPR_COUNT)
		return xstrdup("3");
	if (!want || !answers)
		return NULL;
	wl = strlen(want);
	for (const char *s = answers; *s;) {
		const char *eq = strchr(s, '='), *end = strchr(s, '|');
		if (!end)
			end = s + strlen(s);
		if (eq && eq < end && (size_t)(eq - s) == wl && memcmp(s, want, wl) == 0)
			return xstrndup(eq + 1, (size_t)(end - eq - 1));
		s = *end ? end + 1 : end;
	}
	return NULL;
}

static sqlite3 *db;

/* *s replaced by fmt applied to it; returns the new *s. */
static char *
xasprintf_keep(char **s, const char *fmt)
{
	char *t = xasprintf(fmt, *s);
	free(*s);
	return *s = t;
}

/* Evaluate expr as a boolean with the answers; -1 when it does not compile or run. */
static int
eval_b(const char *expr, const char *ans)
{
	char *err = NULL;
	xlsexpr *e = xlsexpr_compile(expr, XLSEXPR_COLUMNS, NULL, NULL, &err, NULL);
	bool b = false;
	int rc;

	if (!e) {
		printf("# compile %s: %s\n", expr, err);
		free(err);
		return -1;
	}
	answers = ans;
	rc = xlsexpr_eval_bool(e, db, table_lookup, NULL, &b, &err);
	if (rc != 0) {
		printf("# eval %s: %s\n", expr, err);
		free(err);
	}
	xlsexpr_free(e);
	return rc != 0 ? -1 : b;
}

/* Evaluate expr as a string (fresh; "<error>" when it fails). */
static char *
eval_s(const char *expr, const char *ans)
{
	char *err = NULL, *out = NULL;
	xlsexpr *e = xlsexpr_compile(expr, 0, NULL, NULL, &err, NULL);

	if (!e) {
		printf("# compile %s: %s\n", expr, err);
		free(err);
		return xstrdup("<error>");
	}
	answers = ans;
	if (xlsexpr_eval_string(e, db, table_lookup, NULL, &out, &err) != 0) {
		printf("# eval %s: %s\n", expr, err);
		free(err);
		out = xstrdup("<error>");
	}
	xlsexpr_free(e);
	return out;
}

static const struct btest {
	const char *expr, *answers;
	int want;
} btests[] = {
	/* empty answers and numbers */
	{ "${age} > 18", "age=30", 1 },
	{ "${age} > 18", "age=18", 0 },
	{ "${age} > 18", "age=", 0 },
	{ "${age} > 18", "", 0 },
	{ "not(${age} > 18)", "age=", 1 },
	{ "${age} < 18", "age=", 0 },
	{ "${age} = 18", "age=", 0 },
	{ "${age} != 18", "age=", 1 },
	{ "${age} != 18", "age=18", 0 },
	{ "${age} = 18", "age=18.0", 1 },
	{ "${age} = 18", "age= 18 ", 1 },
	{ "${age} >= 9.5", "age=10", 1 },
	{ "${age} > 9", "age=10", 1 },          /* numerically, not '10' < '9' as text */
	{ "${age} > 9", "age=abc", 0 },
	{ "${age} = '18'", "age=18.0", 0 },      /* string = string is string equality */
	{ "${age} = '18'", "age=18", 1 },
	{ "${a} = ${b}", "a=是|b=是", 1 },
	{ "${a} = ${b}", "a=10|b=10.0", 0 },
	{ "${a} = ${b}", "a=|b=", 1 },
	{ "${a} < ${b}", "a=9|b=10", 1 },
	{ "${a} = 'yes'", "a=yes", 1 },
	{ "${a} = 'yes'", "a=no", 0 },
	{ "${a} != 'yes'", "a=", 1 },
	{ "${a}", "a=", 0 },
	{ "${a}", "a=0", 1 },                   /* a non-empty string is true */
	{ "number(${a})", "a=0", 0 },
	{ "number(${a})", "a=", 0 },            /* NaN is false */
	{ "number(${a})", "a=2", 1 },
	/* and, or, not, precedence */
	{ "1 + 2 * 3 = 7", NULL, 1 },
	{ "(1 + 2) * 3 = 9", NULL, 1 },
	{ "10 - 2 - 3 = 5", NULL, 1 },
	{ "7 div 2 = 3.5", NULL, 1 },
	{ "7 mod 3 = 1", NULL, 1 },
	{ "-7 mod 3 = -1", NULL, 1 },
	{ "- - 2 = 2", NULL, 1 },
	{ "1 div 0 = 1 div 0", NULL, 0 },       /* NaN (lifecircle's choice for x div 0) */
	{ "true() or false() and false()", NULL, 1 },  /* and binds tighter than or */
	{ "(true() or false()) and false()", NULL, 0 },
	{ "${a} = 'x' or ${b} = 'y' and ${c} = 'z'", "a=x|b=n|c=n", 1 },
	{ "${a} = 'x' or ${b} = 'y' and ${c} = 'z'", "a=n|b=y|c=n", 0 },
	{ "not(${a} = 'x') and not(${b} = 'y')", "a=n|b=n", 1 },
	{ "selected(${a}, 'x') = true()", "a=x y", 1 },
	{ "1 < 2 = true()", NULL, 1 },
	{ "${a}>1and${a}<5", "a=3", 1 },
	/* select_multiple */
	{ "selected(${m}, 'b')", "m=a b c", 1 },
	{ "selected(${m}, 'd')", "m=a b c", 0 },
	{ "selected(${m}, 'a b')", "m=a b c", 0 },
	{ "selected(${m}, 'a')", "m=", 0 },
	{ "selected(${m}, '')", "m=a", 0 },
	{ "selected(${m}, 'ab')", "m=a b", 0 },
	{ "selected(${m}, 2)", "m=1 2 3", 1 },
	{ "count-selected(${m}) = 3", "m=a b c", 1 },
	{ "count-selected(${m}) = 0", "m=", 1 },
	{ "count-selected(${m}) >= 2", "m=养老 托育", 1 },
	{ "not(selected(., 'c') and selected(., 'd'))", ".=a c d", 0 },
	{ "not(selected(., 'c') and selected(., 'd'))", ".=a c", 1 },
	/* strings */
	{ "string-length(${n}) = 3", "n=王小明", 1 },
	{ "string-length(${n}) = 0", "n=", 1 },
	{ "string-length('abc') = 3", NULL, 1 },
	{ "contains(${n}, '小')", "n=王小明", 1 },
	{ "starts-with(${n}, '王')", "n=王小明", 1 },
	{ "starts-with(${n}, '小')", "n=王小明", 0 },
	{ "ends-with(${n}, '明')", "n=王小明", 1 },
	{ "ends-with(${n}, '')", "n=王小明", 1 },
	/* regex */
	{ "regex(${p}, '^1[3-9][0-9]{9}$')", "p=13912345678", 1 },
	{ "regex(${p}, '^1[3-9][0-9]{9}$')", "p=12912345678", 0 },
	{ "regex(${p}, '^1[3-9][0-9]{9}$')", "p=1391234567", 0 },
	{ "regex(${p}, '^1[3-9]\\d{9}$')", "p=13912345678", 1 },
	{ "regex(${p}, '^1[3-9]\\d{9}$')", "p=139123456a8", 0 },
	{ "regex(${n}, '^[一-龥]{2,4}$')", "n=王小明", 1 },
	{ "regex(${n}, '^[一-龥]{2,4}$')", "n=王小明明明", 0 },
	{ "regex(${n}, '^[一-龥]{2,4}$')", "n=Wang", 0 },
	{ "regex(${n}, '^.{3}$')", "n=王小明", 1 },     /* '.' is one character, not a byte */
	{ "regex(${n}, '小')", "n=王小明", 1 },           /* found anywhere, as JavaRosa does */
	{ "regex(., '^[0-9]{6}$')", ".=100010", 1 },
	/* dates */
	{ "${d} >= today()", "d=2999-01-01", 1 },
	{ "${d} >= today()", "d=2010-06-15", 0 },
	{ ". >= today()", ".=", 0 },
	{ "${d} < '2020-01-02'", "d=2020-01-01", 1 },
	{ "${d} - '2020-01-01' = 31", "d=2020-02-01", 1 },
	{ "${t} > ${d}", "d=2020-02-01|t=2020-02-01T12:00", 1 },
	{ "${t} > '08:00'", "t=09:30", 1 },
	{ "${t} > '08:00'", "t=07:59:59", 0 },
	{ "${s} < ${e}", "s=08:30|e=17:00", 1 },
	{ "${t} > '08:00'", "t=25:00", 0 },
	{ "${t} > 0", "t=8:00", 0 },
	/* if, coalesce, paths, choice columns */
	{ "if(${a} > 1, 'big', 'small') = 'big'", "a=5", 1 },
	{ "if(${a} > 1, if(${a} > 10, 'huge', 'big'), 'small') = 'big'", "a=5", 1 },
	{ "coalesce(${a}, ${b}) = 'x'", "a=|b=x", 1 },
	{ "selected(/widgets/branch, 'n')", "branch=y n", 1 },
	{ "/form/group/age > 60", "age=61", 1 },
	{ "YES_NO=${q1}", "YES_NO=yes|q1=yes", 1 },
	{ "YES_NO=${q1}", "YES_NO=no|q1=yes", 0 },
	{ "position(..) = 2", NULL, 1 },
	{ "count(${members}) > 2", NULL, 1 },
	/* the conformance files' expressions (widgets.csv) */
	{ ". < 10", ".=9", 1 },
	{ ". < 10", ".=10", 0 },
	{ ". > 10.51 and . < 18.39", ".=18.31", 1 },
	{ ". > 10.51 and . < 18.39", ".=10.51", 0 },
	{ "true()", NULL, 1 },
	{ "  ${a}  =  'x'  ", "a=x", 1 },
	/* quotes inside literals stay text */
	{ "${a} = \"it's\"", "a=it's", 1 },
	{ "${a} = '\"q\"'", "a=\"q\"", 1 },
	{ "${a} = ') or 1=1 --'", "a=x", 0 },
	{ "${a} = ') or 1=1 --'", "a=) or 1=1 --", 1 },
	{ "regex(${n}, '^[\\u4e00-\\u9fa5]{2,4}$')", "n=王小明", 1 },
	{ "regex(${n}, '^[\\u4e00-\\u9fa5]{2,4}$')", "n=王2", 0 },
	{ "regex(${n}, '^[^一-龥]+$')", "n=abc", 1 },
	{ "regex(${n}, '^[[:digit:]]+$')", "n=123", 1 },
};

static const struct stest {
	const char *expr, *answers, *want;
} stests[] = {
	{ "1 + 2", NULL, "3" },
	{ "1 div 2", NULL, "0.5" },
	{ "0.1 + 0.2", NULL, "0.3" },
	{ "10 div 4 * 2", NULL, "5" },
	{ "-3.5", NULL, "-3.5" },
	{ "${a} + ${b}", "a=2|b=3", "5" },
	{ "${a} + ${b}", "a=2|b=", "" },     /* NaN shows as empty */
	{ "${a} * 1.5", "a=4", "6" },
	{ "1000000 * 1000000", NULL, "1000000000000" },
	{ "1 div 3", NULL, "0.333333333333333" },
	{ "100000000000000000000 * 1000", NULL, "100000000000000000000000" },
	{ "0 - 2.5 * 2", NULL, "-5" },
	{ "0.00000015 * 1", NULL, "0.00000015" },
	{ "-123456789012345678901", NULL, "-123456789012346000000" },
	{ "0.000001 * 1", NULL, "0.000001" },
	{ "int(7.9)", NULL, "7" },
	{ "int(-7.9)", NULL, "-7" },
	{ "round(2.345, 2)", NULL, "2.35" },
	{ "round(${a})", "a=2.5", "3" },
	{ "concat(${a}, '-', ${b}, '/', 1 + 1)", "a=甲|b=乙", "甲-乙/2" },
	{ "concat(${a})", "a=x", "x" },
	{ "if(${n} >= 60, '老人', if(${n} >= 18, '成人', '儿童'))", "n=70", "老人" },
	{ "if(${n} >= 60, '老人', if(${n} >= 18, '成人', '儿童'))", "n=30", "成人" },
	{ "if(${n} >= 60, '老人', if(${n} >= 18, '成人', '儿童'))", "n=3", "儿童" },
	{ "if(${n} >= 60, '老人', if(${n} >= 18, '成人', '儿童'))", "n=", "儿童" },
	{ "if(true(), 1, 'x')", NULL, "1" },
	{ "string-length(${n})", "n=王小明", "3" },
	{ "count-selected(${m})", "m=a b c", "3" },
	{ "substr('王小明', 2, 1)", NULL, "小" },
	{ "substr('abcdef', 3)", NULL, "cdef" },
	{ "${a} > 1", "a=5", "true" },
	{ "${a} = 'x'", "a=y", "false" },
	{ "coalesce(${a}, 'none')", "a=", "none" },
	{ "number('12')", NULL, "12" },
	{ "string(3)", NULL, "3" },
	{ "'it''s'", NULL, "<error>" },      /* XPath has no doubled-quote escape: refused, not misread */
};

static void
test_tables(void)
{
	for (size_t i = 0; i < sizeof btests / sizeof btests[0]; i++)
		is_int(eval_b(btests[i].expr, btests[i].answers), btests[i].want, "%s  with [%s]",
		    btests[i].expr, btests[i].answers ? btests[i].answers : "");
	for (size_t i = 0; i < sizeof stests / sizeof stests[0]; i++) {
		char *v = eval_s(stests[i].expr, stests[i].answers);
		is_str(v, stests[i].want, "%s  with [%s] as text", stests[i].expr, stests[i].answers ? stests[i].answers : "");
		free(v);
	}
}

static void
test_today(void)
{
	char today[11], *v, *w;

	util_today(today);
	v = eval_s("today()", NULL);
	is_str(v, today, "today() is the local date");
	free(v);
	v = eval_s("now()", NULL);
	ok(strncmp(v, today, 10) == 0 && v[10] == 'T' && strlen(v) == 19, "now() is the local date and time (%s)", v);
	free(v);
	w = xasprintf("${d} = today()");
	{
		char *a = xasprintf("d=%s", today);
		is_int(eval_b(w, a), 1, "an answer of today's date equals today()");
		free(a);
	}
	free(w);
}

/* The SQL never holds the template's text: literals and names travel as parameters. */
static void
test_parameters(void)
{
	const char *expr = "${年龄} >= 18 and ${名字} != 'DROP TABLE x' and regex(${phone}, '^1[0-9]{10}$') and . != '王'";
	char *err = NULL;
	xlsexpr *e = xlsexpr_compile(expr, 0, NULL, NULL, &err, NULL);
	const char *sql;

	if (!ok(e != NULL, "a mixed expression compiles")) {
		printf("# %s\n", err);
		free(err);
		return;
	}
	sql = xlsexpr_sql(e, true);
	printf("# %s\n", sql);
	ok(!strstr(sql, "18") && !strstr(sql, "DROP") && !strstr(sql, "[0-9]") && !strstr(sql, "年龄")
	    && !strstr(sql, "phone") && !strstr(sql, "王"), "the SQL holds no literal and no field name");
	is_int(xlsexpr_param_count(e), 8, "eight parameters");
	is_int(xlsexpr_param_at(e, 0)->kind, XLSEXPR_REF, "?1 is a reference");
	is_str(xlsexpr_param_at(e, 0)->text, "年龄", "?1 names the field");
	is_int(xlsexpr_param_at(e, 1)->kind, XLSEXPR_NUMBER, "?2 is a number");
	is_str(xlsexpr_param_at(e, 1)->text, "18", "?2 carries 18");
	is_str(xlsexpr_param_at(e, 3)->text, "DROP TABLE x", "?4 carries the string literal");
	is_str(xlsexpr_param_at(e, 5)->text, "^1[0-9]{10}$", "?6 carries the pattern");
	is_int(xlsexpr_param_at(e, 6)->kind, XLSEXPR_CURRENT, "?7 is `.`");
	is_str(xlsexpr_param_at(e, 7)->text, "王", "?8 carries the last literal");
	ok(xlsexpr_param_at(e, 8) == NULL, "no ninth parameter");
	ok(strstr(sql, "?1") && strstr(sql, "?8"), "parameters are numbered ?1..?8");
	xlsexpr_free(e);

	/* the injection attempt is just a string compared with the answer */
	{
		sqlite3_exec(db, "CREATE TABLE x (a)", NULL, NULL, NULL);
		is_int(eval_b("${a} = \"'); DROP TABLE x; --\"", "a='); DROP TABLE x; --"), 1, "an injection text is a value");
		is_int(sqlite3_exec(db, "SELECT * FROM x", NULL, NULL, NULL), SQLITE_OK, "table x is still there");
	}
}

static bool
known_ab(const char *name, void *ud)
{
	(void)ud;
	return strcmp(name, "a") == 0 || strcmp(name, "b") == 0;
}

/* Compile must fail; its message must contain want (and *col be wantcol when non-zero). */
static void
refused(const char *expr, const char *want, size_t wantcol)
{
	char *err = NULL;
	size_t col = 0;
	xlsexpr *e = xlsexpr_compile(expr, 0, known_ab, NULL, &err, &col);

	ok(!e && err && strstr(err, want) && (!wantcol || col == wantcol), "refused: %.60s -> %s (column %zu)",
	    expr, err ? err : "(none)", col);
	xlsexpr_free(e);
	free(err);
}

static void
test_errors(void)
{
	char *big;
	size_t n;

	refused("${a} = 1)", "unexpected ')' at column 9", 9);
	refused("(${a} = 1", "ends too early", 0);
	refused("foo(${a})", "unknown function foo()", 1);
	refused("jr:choice-name(${a}, '${a}')", "jr:choice-name() is not supported", 1);
	refused("${x} = 1", "unknown field ${x}", 1);
	refused("${a} = 'abc", "unterminated string at column 8", 8);
	refused("${a} = \"abc", "unterminated string", 8);
	refused("${a = 1", "malformed ${name}", 1);
	refused("$a = 1", "'$' must start", 1);
	refused("", "empty", 0);
	refused("   ", "empty", 0);
	refused("${a} = = 1", "unexpected '='", 8);
	refused("${a} + ", "ends too early", 0);
	refused("age > 1", "unknown name 'age'", 1);
	refused("selected(${a})", "selected() needs 2 arguments", 1);
	refused("not(${a}, ${b})", "not() takes at most 1 argument at column 11", 11);
	refused("regex(${a}, '[a-')", "bad regular expression", 1);
	refused("${a}[1] = 2", "unexpected '['", 5);
	refused("${a} | ${b}", "unexpected '|'", 6);
	refused("王 = 1", "unknown name '王'", 1);
	refused("'王小明' ＝ 1", "full-width '＝': write '=' at column 7", 7);
	refused("not（${a} = 1)", "full-width '（': write '('", 4);
	refused("${a}\u3000= 1", "full-width", 5);
	refused("'x'＝1", "full-width", 4);
	refused("1＝1", "full-width", 2);
	refused(".＝1", "full-width", 2);
	refused("count(${a})＝1", "full-width", 12);
	is_int(eval_b("${a} = '（全角）＝'", "a=（全角）＝"), 1, "full-width characters inside a string are text");
	refused("position(${a})", "position() takes only", 10);
	refused("count('a')", "reference is expected", 7);
	refused("..", "position(..)", 1);
	refused("1e5 > 2", "unexpected 'e5'", 2);

	/* hostile sizes: refused, not a stack overflow */
	n = 100000;
	big = xmalloc(n + 1);
	memset(big, '(', n);
	big[n] = '\0';
	refused(big, "longer than", 1);
	n = 10000;
	memset(big, '(', n);
	big[n] = '\0';
	refused(big, "longer than", 1);
	n = 3000;
	memset(big, '(', n);
	memcpy(big + n, "1", 2);
	refused(big, "nested more than", 0);
	for (size_t i = 0; i < 3000; i++)
		big[i] = '-';
	refused(big, "nested more than", 0);
	{
		/* deep nesting that SQLite can take evaluates; beyond the cap it is refused */
		char *s = xstrdup("1");
		for (int i = 0; i < 70; i++) {
			char *t = xasprintf("not(%s)", s);
			free(s);
			s = t;
			if (i == 30)
				is_int(eval_b(s, NULL), 0, "31 nested not() evaluate");
		}
		refused(s, "nested", 0);
		free(s);
		s = xstrdup("'x'");
		for (int i = 0; i < 20; i++) {
			char *t = xasprintf("if(${a} > %d, %d, %s)", i, i, s);
			free(s);
			s = t;
		}
		{
			char *v = eval_s(s, "a=12.5");
			is_str(v, "12", "20 nested if() evaluate");
			free(v);
		}
		free(s);
	}
	{
		/* too many parameters */
		char *s = xstrdup("1");
		for (int i = 0; i < 500; i++) {
			char *t = xasprintf("%s+1", s);
			free(s);
			s = t;
		}
		refused(s, "more than 400 values", 0);
		free(s);
		s = xstrdup("1");
		for (int i = 0; i < 300; i++) {
			char *t = xasprintf("%s + 1", s);
			free(s);
			s = t;
		}
		is_int(eval_b(xasprintf_keep(&s, "%s = 301"), NULL), 1, "a chain of 300 additions stays flat for SQLite");
		free(s);
	}
	free(big);

	/* a bad pattern from an answer is an evaluation error, not a crash */
	is_int(eval_b("regex('abc', ${p})", "p=[z-a"), -1, "a bad pattern in an answer fails the evaluation");
	is_int(eval_b("regex('abc', ${p})", "p=b"), 1, "and the next good one works");
}

/* Random sequences of XLSForm tokens (fixed seed): each compiles, or is refused with a message
 * and a column inside the text; what compiles evaluates without an SQL error other than a bad
 * pattern. Under the sanitizers this is the crash and leak hunt. */
static void
test_random(void)
{
	static const char *toks[] = { "${a}", "${b}", "/f/a", ".", "..", "1", "2.5", "'x'", "\"王\"", "'a b'",
		"(", ")", ",", "=", "!=", "<", ">=", "+", "-", "*", " div ", " mod ", " and ", " or ",
		"not(", "selected(", "count-selected(", "string-length(", "regex(", "'^[一-龥]+$'", "if(",
		"concat(", "coalesce(", "today()", "int(", "round(", "substr(", "count(", "position(", "sum(",
		"'", "${", "}", "＝", "（", "foo(", "[", "|", "\u3000" };
	unsigned seed = 12345;
	int compiled = 0, bad = 0;

	for (int k = 0; k < 3000; k++) {
		char buf[512] = "";
		size_t len = 0, col = 0;
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
		char *err = NULL;
		xlsexpr *e;

		for (int i = 0; i < n; i++) {
			const char *t = toks[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof toks / sizeof toks[0])];
			if (len + strlen(t) + 1 < sizeof buf) {
				strcat(buf, t);
				len += strlen(t);
			}
		}
		e = xlsexpr_compile(buf, 0, known_ab, NULL, &err, &col);
		if (e) {
			bool b;
			char *msg = NULL;
			compiled++;
			answers = "a=1 2|b=王";
			if (xlsexpr_eval_bool(e, db, table_lookup, NULL, &b, &msg) != 0 && !strstr(msg, "regular")) {
				bad++;
				printf("# %s: %s\n", buf, msg);
			}
			free(msg);
		} else if (!err || col < 1 || col > utf8_len_chars(buf) + 1) {
			bad++;
			printf("# %s: no message or column %zu\n", buf, col);
		}
		free(err);
		xlsexpr_free(e);
	}
	is_int(bad, 0, "3000 random token sequences: %d compiled and evaluated, the rest refused with a column", compiled);
}

static unsigned gen_seed = 777;

static unsigned
gen_rand(unsigned n)
{
	gen_seed = gen_seed * 1103515245u + 12345u;
	return (gen_seed >> 16) % n;
}

/* A random well-formed expression of at most depth levels, appended to buf. */
static void
gen_expr(char *buf, size_t cap, int depth)
{
	static const char *atoms[] = { "${a}", "${b}", ".", "3", "0.5", "'x'", "'王'", "today()", "true()", "position(..)", "count(${a})" };
	static const char *ops[] = { " = ", " != ", " < ", " >= ", " + ", " - ", " * ", " div ", " mod ", " and ", " or " };
	static const char *f1[] = { "not(", "string-length(", "count-selected(", "int(", "number(", "round(", "string(", "-(" };
	static const char *f2[] = { "selected(", "contains(", "coalesce(", "regex(", "starts-with(", "substr(" };
	unsigned r = depth <= 0 ? 0 : gen_rand(5);

	if (strlen(buf) + 600 > cap)   /* each of at most 8 open calls still adds ~40 bytes */
		r = 0;
	switch (r) {
	case 0:
		strcat(buf, atoms[gen_rand(sizeof atoms / sizeof atoms[0])]);
		break;
	case 1:
		gen_expr(buf, cap, depth - 1);
		strcat(buf, ops[gen_rand(sizeof ops / sizeof ops[0])]);
		gen_expr(buf, cap, depth - 1);
		break;
	case 2:
		strcat(buf, f1[gen_rand(sizeof f1 / sizeof f1[0])]);
		gen_expr(buf, cap, depth - 1);
		strcat(buf, ")");
		break;
	case 3: {
		unsigned k = gen_rand(sizeof f2 / sizeof f2[0]);
		strcat(buf, f2[k]);
		gen_expr(buf, cap, depth - 1);
		strcat(buf, ", ");
		if (k == 3)
			strcat(buf, "'^[一-龥]+$'");   /* a literal pattern is checked when compiled */
		else
			gen_expr(buf, cap, depth - 1);
		strcat(buf, ")");
		break;
	}
	default:
		if (gen_rand(2)) {
			strcat(buf, "(");
			gen_expr(buf, cap, depth - 1);
		} else {
			strcat(buf, "if(");
			gen_expr(buf, cap, depth - 1);
			strcat(buf, ", ");
			gen_expr(buf, cap, depth - 1);
			strcat(buf, ", ");
			gen_expr(buf, cap, depth - 1);
		}
		strcat(buf, ")");
		break;
	}
}

/* Random well-formed expressions all compile and evaluate, as a boolean and as text. */
static void
test_generated(void)
{
	int bad = 0, done = 0;

	for (int k = 0; k < 1500; k++) {
		char buf[4096] = "", *err = NULL, *sv = NULL;
		xlsexpr *e;
		bool b;

		gen_expr(buf, sizeof buf, 1 + (int)gen_rand(7));
		e = xlsexpr_compile(buf, 0, known_ab, NULL, &err, NULL);
		if (!e) {
			if (!strstr(err, "nested") && !strstr(err, "complex")) {
				bad++;
				printf("# refused %s: %s\n", buf, err);
			}
			free(err);
			continue;
		}
		answers = "a=1 2|b=王|.=3";
		if (xlsexpr_eval_bool(e, db, table_lookup, NULL, &b, &err) != 0
		    || xlsexpr_eval_string(e, db, table_lookup, NULL, &sv, &err) != 0) {
			bad++;
			printf("# %s: %s\n", buf, err);
			free(err);
		}
		free(sv);
		xlsexpr_free(e);
		done++;
	}
	is_int(bad, 0, "1500 generated well-formed expressions compile and evaluate (%d; the rest too deep for SQLite)", done);
	ok(done > 1200, "most of them are within the limits");
}

/* The functions are there for the SQL, and not for a database's own triggers and views. */
static void
test_directonly(void)
{
	char *err = NULL;
	int rc;

	is_int(sqlite3_exec(db, "SELECT xls_selected('a b', 'b')", NULL, NULL, NULL), SQLITE_OK, "a direct call works");
	sqlite3_exec(db, "CREATE TABLE t (v); CREATE VIEW vv AS SELECT xls_selected(v, 'a') FROM t;", NULL, NULL, NULL);
	rc = sqlite3_exec(db, "SELECT * FROM vv", NULL, NULL, &err);
	ok(rc != SQLITE_OK, "a view cannot call xls_selected (%s)", err ? err : "allowed");
	sqlite3_free(err);
}

/* ---- wired through the form model -------------------------------------------------------------- */

/* The district a street choice belongs to: the choices sheet's extra column. */
static const char *
street_column(size_t field, size_t choice, const char *column, void *ud)
{
	static const char *district[] = { "east", "east", "west" };

	(void)field;
	(void)ud;
	return strcmp(column, "district") == 0 && choice < 3 ? district[choice] : NULL;
}

static void
test_form(void)
{
	fieldset fs = { 0 };
	field_def *f;
	xlsexpr_form *xf;
	formmodel *m;
	char *err = NULL, *v;
	size_t g;
	int age, elder, care, phone, total, nm, mage, label, loop_a, loop_b;

	f = fieldset_add(&fs, "age", "年龄", FIELD_INTEGER);
	f = fieldset_add(&fs, "elderly", "家中有老人吗", FIELD_YESNO);
	f = fieldset_add(&fs, "care", "需要的养老服务", FIELD_MULTI);
	field_add_choice(f, "meal", "助餐");
	field_add_choice(f, "bath", "助浴");
	f = fieldset_add(&fs, "phone", "电话", FIELD_TEXT);
	f = fieldset_add(&fs, "total", "成员年龄合计", FIELD_TEXT);
	g = fieldset_add_group(&fs, "members", "家庭成员", true);
	f = fieldset_add(&fs, "mname", "姓名", FIELD_TEXT);
	f->group = g;
	f = fieldset_add(&fs, "mage", "年龄", FIELD_INTEGER);
	f->group = g;
	f = fieldset_add(&fs, "greeting", "${mname}（第${pos}位），您好", FIELD_NOTE);
	f->group = g;
	f = fieldset_add(&fs, "district", "街道", FIELD_CHOICE);
	field_add_choice(f, "east", "东街道");
	field_add_choice(f, "west", "西街道");
	f = fieldset_add(&fs, "street", "社区", FIELD_CHOICE);
	field_add_choice(f, "s1", "一社区");
	field_add_choice(f, "s2", "二社区");
	field_add_choice(f, "s3", "三社区");
	f = fieldset_add(&fs, "care_more", "还需要", FIELD_MULTI);
	field_add_choice(f, "meal", "助餐");
	field_add_choice(f, "bath", "助浴");
	f = fieldset_add(&fs, "loop_a", "A", FIELD_TEXT);
	f = fieldset_add(&fs, "loop_b", "B", FIELD_TEXT);
	age = fieldset_find(&fs, "age");
	elder = fieldset_find(&fs, "elderly");
	care = fieldset_find(&fs, "care");
	phone = fieldset_find(&fs, "phone");
	total = fieldset_find(&fs, "total");
	nm = fieldset_find(&fs, "mname");
	mage = fieldset_find(&fs, "mage");
	label = fieldset_find(&fs, "greeting");
	loop_a = fieldset_find(&fs, "loop_a");
	loop_b = fieldset_find(&fs, "loop_b");

	xf = xlsexpr_form_new(&fs, NULL);
	ok(xf != NULL, "expressions for a fieldset on a private connection");
	is_int(xlsexpr_form_relevant(xf, (size_t)elder, "${age} >= 18", &err), 0, "relevant compiles");
	is_int(xlsexpr_form_relevant(xf, (size_t)care, "${elderly} = 'yes'", &err), 0, "relevant compiles");
	is_int(xlsexpr_form_constraint(xf, (size_t)phone, "regex(., '^1[3-9][0-9]{9}$')", "请输入11位手机号", &err), 0,
	    "constraint compiles");
	is_int(xlsexpr_form_calculate(xf, (size_t)total, "sum(${mage})", &err), 0, "calculate compiles");
	is_int(xlsexpr_form_constraint(xf, (size_t)mage, ". <= ${age} + 100 and position(..) <= count(${members})", NULL, &err), 0,
	    "constraint with position and count compiles");
	is_int(xlsexpr_form_calculate(xf, (size_t)loop_a, "concat(${loop_b}, 'a')", &err), 0, "a circular pair compiles");
	is_int(xlsexpr_form_calculate(xf, (size_t)loop_b, "concat(${loop_a}, 'b')", &err), 0, "(cycles are the importer's to refuse)");
	is_int(xlsexpr_form_relevant(xf, (size_t)age, "${nosuch} = 1", &err), -1, "an unknown field is refused");
	ok(err && strstr(err, "${nosuch}") && strstr(err, "column 1"), "with its name and column: %s", err ? err : "");
	free(err);
	err = NULL;

	m = formmodel_new(&fs, NULL);
	ok(!formmodel_relevant(m, (size_t)elder, 0), "no age: the elderly question is hidden");
	ok(!formmodel_relevant(m, (size_t)care, 0), "and so is care");
	formmodel_set(m, (size_t)age, 0, "45");
	formmodel_commit(m, (size_t)age, 0);
	ok(formmodel_relevant(m, (size_t)elder, 0), "age 45: the elderly question shows");
	ok(!formmodel_relevant(m, (size_t)care, 0), "care still hidden");
	formmodel_set(m, (size_t)elder, 0, "yes");
	ok(formmodel_relevant(m, (size_t)care, 0), "elderly yes: care shows");
	formmodel_set(m, (size_t)care, 0, "meal bath");
	formmodel_set(m, (size_t)age, 0, "12");
	ok(!formmodel_relevant(m, (size_t)elder, 0), "age 12: the elderly question hides again");
	ok(!formmodel_relevant(m, (size_t)care, 0), "and care, which depends on the hidden answer, too");
	v = formmodel_get(m, (size_t)care, 0);
	is_str(v, "", "a hidden field has no answer");
	free(v);
	is_str(formmodel_raw(m, (size_t)care, 0), "meal bath", "but what was typed is kept");
	formmodel_set(m, (size_t)age, 0, "70");
	ok(formmodel_relevant(m, (size_t)care, 0), "age 70: care shows again with its answer");

	formmodel_set(m, (size_t)phone, 0, "12345");
	is_str(formmodel_commit(m, (size_t)phone, 0), "请输入11位手机号", "a bad phone gets the template's message");
	formmodel_set(m, (size_t)phone, 0, "13912345678");
	ok(formmodel_commit(m, (size_t)phone, 0) == NULL, "a good phone passes");
	formmodel_set(m, (size_t)phone, 0, "");
	ok(formmodel_commit(m, (size_t)phone, 0) == NULL, "a blank answer is not checked by the constraint");

	formmodel_repeat_add(m, g);
	formmodel_repeat_add(m, g);
	formmodel_set(m, (size_t)mage, 0, "40");
	formmodel_set(m, (size_t)mage, 1, "38");
	formmodel_set(m, (size_t)mage, 2, "9");
	formmodel_set(m, (size_t)nm, 1, "李华");
	v = formmodel_get(m, (size_t)total, 0);
	is_str(v, "87", "sum() over the members' ages");
	free(v);
	ok(formmodel_commit(m, (size_t)mage, 2) == NULL, "position(..) <= count() holds in the third member");
	formmodel_set(m, (size_t)mage, 2, "171");
	ok(formmodel_commit(m, (size_t)mage, 2) != NULL, "171 > 70 + 100 is refused (generic message)");
	formmodel_repeat_remove(m, g, 0);
	v = formmodel_get(m, (size_t)total, 0);
	is_str(v, "209", "the sum follows a removed member");
	free(v);

	/* labels */
	{
		char *l = xlsexpr_form_label(xf, m, (size_t)label, 0);
		is_str(l, "李华（第位），您好", "${mname} in a label shows that member's answer; unknown names show empty");
		free(l);
	}

	/* choice_filter: the street's district column, and a choice's own name */
	{
		int dist = fieldset_find(&fs, "district"), street = fieldset_find(&fs, "street"), more = fieldset_find(&fs, "care_more");
		xlsexpr_form_columns(xf, street_column, NULL);
		is_int(xlsexpr_form_choice_filter(xf, (size_t)street, "district = ${district}", &err), 0, "a choice filter compiles");
		is_int(xlsexpr_form_choice_filter(xf, (size_t)more, "not(selected(${care}, name))", &err), 0, "a filter on the choice's name");
		formmodel_set(m, (size_t)dist, 0, "west");
		ok(!xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 0) && !xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 1)
		    && xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 2), "west: only the west street is offered");
		formmodel_set(m, (size_t)dist, 0, "east");
		ok(xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 0) && xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 1)
		    && !xlsexpr_form_choice_shown(xf, m, (size_t)street, 0, 2), "east: the two east streets");
		formmodel_set(m, (size_t)care, 0, "meal");
		ok(!xlsexpr_form_choice_shown(xf, m, (size_t)more, 0, 0) && xlsexpr_form_choice_shown(xf, m, (size_t)more, 0, 1),
		    "what was chosen before is not offered again");
		ok(xlsexpr_form_choice_shown(xf, m, (size_t)dist, 0, 0), "a field without a filter offers everything");
		is_int(xlsexpr_form_choice_filter(xf, (size_t)street, "district = ", &err), -1, "a broken filter is refused");
		free(err);
		err = NULL;
	}

	/* circular calculations end with an empty value, not a crash */
	v = formmodel_get(m, (size_t)loop_a, 0);
	ok(v != NULL, "a circular calculation ends (got '%s')", v ? v : "");
	free(v);

	/* a constraint on loop_a reading a field whose relevance reads loop_a is no cycle */
	{
		size_t late;
		formmodel_free(m);   /* a model is made over a finished fieldset */
		f = fieldset_add(&fs, "late", "后加的", FIELD_TEXT);   /* added after the expressions were made */
		late = fs.n - 1;
		is_int(xlsexpr_form_relevant(xf, late, "${phone} != ''", &err), 0, "a field added later gets an expression");
		is_int(xlsexpr_form_constraint(xf, (size_t)phone, "${late} = '' or . = ${late}", "与后加的不符", &err), 0,
		    "a constraint reading a field whose relevance reads this one");
		m = formmodel_new(&fs, NULL);
		formmodel_set(m, (size_t)phone, 0, "13912345678");
		is_int(formmodel_set(m, late, 0, "13800000000"), 0, "the late field shows once there is a phone");
		is_str(formmodel_commit(m, (size_t)phone, 0), "与后加的不符", "the constraint sees the other answer (no false cycle)");
		formmodel_set(m, (size_t)phone, 0, "13800000000");
		ok(formmodel_commit(m, (size_t)phone, 0) == NULL, "and passes when they agree");
		/* a true cycle in relevance: each hides on the other; evaluation ends and shows the field */
		is_int(xlsexpr_form_relevant(xf, (size_t)loop_a, "${loop_b} = ''", &err), 0, "relevance cycle a");
		is_int(xlsexpr_form_relevant(xf, (size_t)loop_b, "${loop_a} = ''", &err), 0, "relevance cycle b");
		/* each relevance reads the other: the evaluation comes back to loop_a's, which then counts
		 * as failed (shown), loop_b's answer is not '' and hides loop_b, so loop_a shows */
		ok(formmodel_relevant(m, (size_t)loop_a, 0), "a relevance cycle ends (the field is shown)");
		ok(formmodel_relevant(m, (size_t)elder, 0) == false, "and later evaluations are not disturbed");
	}

	formmodel_free(m);
	xlsexpr_form_free(xf);
	ok(fs.fields[elder].relevant == NULL && fs.fields[elder].logic_ud == NULL, "freeing clears the callbacks");
	fieldset_free(&fs);
}

static void
test_interpolate(void)
{
	char *s;

	answers = "name=王小明|n=3";
	s = xlsexpr_interpolate("${name}，您家有${n}口人吗？${", table_lookup, NULL);
	is_str(s, "王小明，您家有3口人吗？${", "interpolation, an unclosed ${ stays");
	free(s);
	s = xlsexpr_interpolate("no references $ here", table_lookup, NULL);
	is_str(s, "no references $ here", "plain text is kept");
	free(s);
}

/* The messages in Chinese, with the column, when the tests' translations are there. */
static void
test_translated(void)
{
	const char *dir = getenv("LIFECIRCLE_LOCALEDIR");
	char *err = NULL;

	if (!dir || !setlocale(LC_ALL, "zh_CN.UTF-8")) {
		/* A missing locale is a failure, never a skip (RULES): the Chinese messages would go untested. */
		ok(0, "the zh_CN.UTF-8 locale and the tests' translations (LIFECIRCLE_LOCALEDIR) exist");
		return;
	}
	bindtextdomain(PACKAGE, dir);
	textdomain(PACKAGE);
	xlsexpr_free(xlsexpr_compile("${a} = 1)", 0, known_ab, NULL, &err, NULL));
	is_str(err, "此处不应出现“)”（第 9 列）", "the error in Chinese");
	free(err);
	is_int(eval_b("regex(${n}, '^[一-龥]{2,4}$') and ${x} > 1.5", "n=王小明|x=2"), 1,
	    "regex and numbers work the same in the zh_CN locale");
	setlocale(LC_ALL, "C");
}

int
main(void)
{
	setlocale(LC_ALL, "C");   /* regex and numbers must not depend on the caller's locale */
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || xlsexpr_register(db) != SQLITE_OK) {
		printf("Bail out! no SQLite\n");
		return 1;
	}
	test_tables();
	test_today();
	test_parameters();
	test_errors();
	test_random();
	test_generated();
	test_directonly();
	test_interpolate();
	test_form();
	test_translated();
	sqlite3_close(db);
	return tap_done();
}
