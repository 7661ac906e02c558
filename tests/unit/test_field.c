/* test_field.c - field definitions, normalisation and validation. */
#include "config.h"
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "field.h"
#include "util.h"
#include "tap.h"

/* True when f accepts v (no message). */
static bool
accepts(const field_def *f, const char *v)
{
	char *e = field_validate(f, v);
	bool okay = e == NULL;

	free(e);
	return okay;
}

/* Check that f rejects v with exactly the message want. */
static void
rejects_with(const field_def *f, const char *v, const char *want)
{
	char *e = field_validate(f, v);

	is_str(e, want, "%s rejects '%s'", f->name, v ? v : "(null)");
	free(e);
}

/* A string of n copies of the UTF-8 character ch. */
static char *
repeat(const char *ch, size_t n)
{
	size_t len = strlen(ch);
	char *s = xmalloc(len * n + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, ch, len);
	s[len * n] = '\0';
	return s;
}

static void
test_fieldset(void)
{
	fieldset fs = { 0 };
	field_def *f;

	fieldset_add(&fs, "name", "Name", FIELD_TEXT);
	f = fieldset_add(&fs, "kind", "Kind", FIELD_CHOICE);
	field_add_choice(f, "a", "Alpha");
	field_add_choice(f, "b", "Beta");
	f->hint = xstrdup("pick one");
	is_int(fs.n, 2, "two fields");
	is_int(fieldset_find(&fs, "kind"), 1, "find second field");
	is_int(fieldset_find(&fs, "name"), 0, "find first field");
	is_int(fieldset_find(&fs, "nope"), -1, "unknown field");
	is_str(fs.fields[0].label, "Name", "label copied");
	ok(fs.fields[1].kind == FIELD_CHOICE, "kind kept");
	is_str(field_choice_label(&fs.fields[1], "b"), "Beta", "choice label");
	ok(field_choice_label(&fs.fields[1], "c") == NULL, "no label for unknown choice");
	ok(!fs.fields[0].required && fs.fields[0].check == NULL, "new field zeroed");
	fieldset_free(&fs);
	ok(fs.n == 0 && fs.fields == NULL, "freed set is empty");
}

static void
test_required(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "opt", "Optional", FIELD_INTEGER);

	ok(accepts(f, ""), "empty optional ok");
	ok(accepts(f, NULL), "NULL optional ok");
	f->required = true;
	rejects_with(f, "", "This field is required.");
	rejects_with(f, NULL, "This field is required.");
	rejects_with(f, "   ", "This field is required.");
	rejects_with(f, "\xe3\x80\x80\xe3\x80\x80 ", "This field is required.");
	ok(accepts(f, "0"), "required with value ok");
	fieldset_free(&fs);
}

static void
test_text(void)
{
	fieldset fs = { 0 };
	field_def *t = fieldset_add(&fs, "t", "T", FIELD_TEXT);
	field_def *m;
	char *s;

	s = repeat("中", 200);
	ok(accepts(t, s), "200 Chinese characters fit TEXT");
	free(s);
	s = repeat("中", 201);
	rejects_with(t, s, "Too long: at most 200 characters.");
	free(s);
	s = repeat("a", 201);
	rejects_with(t, s, "Too long: at most 200 characters.");
	free(s);
	rejects_with(t, "tab\tinside", "Control characters are not allowed here (found U+0009).");
	rejects_with(t, "esc\x1b[31m", "Control characters are not allowed here (found U+001B).");
	rejects_with(t, "del\x7f", "Control characters are not allowed here (found U+007F).");
	rejects_with(t, "c1\xc2\x9b", "Control characters are not allowed here (found U+009B).");
	rejects_with(t, "rlo\xe2\x80\xae", "Control characters are not allowed here (found U+202E).");
	{
		/* Not through rejects_with: its test name would carry the newline into the TAP stream. */
		char *e = field_validate(t, "two\nlines");
		is_str(e, "Keep this to one line.", "TEXT rejects a newline");
		free(e);
	}
	t->max_chars = 3;
	ok(accepts(t, "社区站"), "3 characters within max_chars 3");
	rejects_with(t, "社区站点", "Too long: at most 3 characters.");

	m = fieldset_add(&fs, "m", "M", FIELD_MULTILINE);
	ok(accepts(m, "line one\nline two"), "MULTILINE takes newlines");
	s = repeat("字", 2000);
	ok(accepts(m, s), "2000 characters fit MULTILINE");
	free(s);
	s = repeat("字", 2001);
	rejects_with(m, s, "Too long: at most 2000 characters.");
	free(s);
	fieldset_free(&fs);
}

static void
test_integer(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "int", "I", FIELD_INTEGER);

	ok(accepts(f, "0"), "0");
	ok(accepts(f, "-12"), "-12");
	ok(accepts(f, "+7"), "+7");
	ok(accepts(f, "9223372036854775807"), "int64 max");
	rejects_with(f, "1.5", "Enter a whole number.");
	rejects_with(f, "12a", "Enter a whole number.");
	rejects_with(f, "-", "Enter a whole number.");
	rejects_with(f, "1e3", "Enter a whole number.");
	rejects_with(f, " 12", "Enter a whole number.");
	rejects_with(f, "9223372036854775808", "The number is too large.");
	rejects_with(f, "-9223372036854775809", "The number is too small.");
	field_set_range(f, true, 1, true, 100);
	ok(accepts(f, "1"), "min inclusive");
	ok(accepts(f, "100"), "max inclusive");
	rejects_with(f, "0", "Must be at least 1.");
	rejects_with(f, "101", "Must be at most 100.");
	rejects_with(f, "99999999999999999999", "Must be at most 100.");
	rejects_with(f, "-99999999999999999999", "Must be at least 1.");
	field_set_range(f, false, 0, true, 2.5);
	rejects_with(f, "3", "Must be at most 2.5.");
	ok(accepts(f, "-1000"), "no min");
	fieldset_free(&fs);
}

static void
test_decimal(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "dec", "D", FIELD_DECIMAL);
	const char *bad[] = { "1e5", "inf", "nan", "1.", ".5", "1.2.3", "0x10", "1,5", "--1", "" };

	ok(accepts(f, "12"), "12");
	ok(accepts(f, "-12.25"), "-12.25");
	ok(accepts(f, "+0.5"), "+0.5");
	for (size_t i = 0; bad[i][0]; i++)
		rejects_with(f, bad[i], "Enter a number, e.g. 12 or 12.5.");
	field_set_range(f, true, 0, true, 1);
	ok(accepts(f, "0.5"), "0.5 in [0,1]");
	ok(accepts(f, "0"), "0 in [0,1]");
	ok(accepts(f, "1.000"), "1.000 in [0,1]");
	rejects_with(f, "1.0001", "Must be at most 1.");
	rejects_with(f, "-0.1", "Must be at least 0.");
	field_set_range(f, true, 0.25, true, 1000000);
	rejects_with(f, "0.2", "Must be at least 0.25.");
	rejects_with(f, "1000000.5", "Must be at most 1000000.");
	field_set_range(f, false, 0, true, 1e16);
	rejects_with(f, "20000000000000000", "Must be at most 10000000000000000.");
	fieldset_free(&fs);
}

static void
test_date(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "d", "D", FIELD_DATE);
	const char *shape = "Enter a date as YYYY-MM-DD, e.g. 2024-06-21.";

	ok(accepts(f, "2024-06-21"), "plain date");
	ok(accepts(f, "2024-02-29"), "leap day 2024");
	ok(accepts(f, "2000-02-29"), "leap day 2000 (400 rule)");
	ok(accepts(f, "1900-01-01"), "first year");
	ok(accepts(f, "2199-12-31"), "last year");
	rejects_with(f, "2023-02-29", "No such date.");
	rejects_with(f, "1900-02-29", "No such date.");
	rejects_with(f, "2024-04-31", "No such date.");
	rejects_with(f, "2024-13-01", "No such date.");
	rejects_with(f, "2024-00-10", "No such date.");
	rejects_with(f, "2024-01-00", "No such date.");
	rejects_with(f, "2024-6-21", shape);
	rejects_with(f, "2024/06/21", shape);
	rejects_with(f, "2024-06-21x", shape);
	rejects_with(f, "21.06.2024", shape);
	rejects_with(f, "1899-12-31", "The year must be between 1900 and 2199.");
	rejects_with(f, "2200-01-01", "The year must be between 1900 and 2199.");
	ok(field_is_date("2024-02-29"), "field_is_date leap");
	ok(!field_is_date("2023-02-29"), "field_is_date non-leap");
	ok(!field_is_date("2300-01-01"), "field_is_date year range");
	ok(!field_is_date(NULL), "field_is_date NULL");
	fieldset_free(&fs);
}

static void
test_phone(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "p", "P", FIELD_PHONE);
	const char *digits = "Enter a phone number: 3 to 20 digits.";

	ok(accepts(f, "8991332"), "local number");
	ok(accepts(f, "0473-8991332"), "area code");
	ok(accepts(f, "+86 138 0000 0000"), "international mobile");
	ok(accepts(f, "(0473) 899-1332"), "parentheses");
	ok(accepts(f, "110"), "3 digits");
	ok(accepts(f, "12345678901234567890"), "20 digits");
	rejects_with(f, "12", digits);
	rejects_with(f, "+-()", digits);
	rejects_with(f, "123456789012345678901", digits);
	rejects_with(f, "0473-899133x", "A phone number may hold only digits, spaces and + - ( ).");
	fieldset_free(&fs);
}

static void
test_choices(void)
{
	fieldset fs = { 0 };
	field_def *c = fieldset_add(&fs, "c", "C", FIELD_CHOICE);
	field_def *m, *y;
	char *v;

	field_add_choice(c, "red", "Red");
	field_add_choice(c, "green", "Green");
	ok(accepts(c, "green"), "choice value");
	rejects_with(c, "Green", "Choose one of the listed options.");
	rejects_with(c, "gree", "Choose one of the listed options.");
	rejects_with(c, "red green", "Choose one of the listed options.");

	m = fieldset_add(&fs, "m", "M", FIELD_MULTI);
	field_add_choice(m, "a", "A");
	field_add_choice(m, "b", "B");
	field_add_choice(m, "c", "C");
	ok(accepts(m, "a c"), "multi two values");
	ok(accepts(m, "b"), "multi one value");
	rejects_with(m, "a x", "Choose only from the listed options.");
	rejects_with(m, "a b a", "Each option may be chosen only once.");
	ok(field_multi_has("a bc", "bc"), "has whole word");
	ok(!field_multi_has("a bc", "b"), "not part of a word");
	ok(!field_multi_has("", "a"), "empty has nothing");
	v = field_multi_toggle(m, "c", "a");
	is_str(v, "a c", "toggle on keeps choice order");
	free(v);
	v = field_multi_toggle(m, "a b c", "b");
	is_str(v, "a c", "toggle off");
	free(v);
	v = field_multi_toggle(m, "", "b");
	is_str(v, "b", "toggle on from empty");
	free(v);
	v = field_multi_toggle(m, "c b", "a");
	is_str(v, "a b c", "toggle reorders to choice order");
	free(v);
	v = field_multi_toggle(m, "a", "a");
	is_str(v, "", "toggle last off");
	free(v);

	y = fieldset_add(&fs, "y", "Y", FIELD_YESNO);
	ok(accepts(y, "yes") && accepts(y, "no"), "yes and no");
	rejects_with(y, "Yes", "Answer yes or no.");
	rejects_with(y, "maybe", "Answer yes or no.");
	fieldset_free(&fs);
}

static void
check_norm(field_kind kind, const char *in, const char *want, const char *name)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "n", "N", kind);
	char *got = field_normalize(f, in);

	/* Named by the caller: input and result may hold newlines, which would break TAP. */
	is_str(got, want, "normalise: %s", name);
	free(got);
	fieldset_free(&fs);
}

static void
test_normalize(void)
{
	check_norm(FIELD_INTEGER, "１２３", "123", "full-width digits");
	check_norm(FIELD_INTEGER, "　－４５ ", "-45", "ideographic space and full-width minus");
	check_norm(FIELD_INTEGER, "−7", "-7", "U+2212 minus sign");
	check_norm(FIELD_DECIMAL, "＋３．５", "+3.5", "full-width plus and full stop");
	check_norm(FIELD_DECIMAL, "０。２５", "0.25", "ideographic full stop as decimal point");
	check_norm(FIELD_DATE, "２０２４－０６－２１", "2024-06-21", "full-width date");
	check_norm(FIELD_DATE, "2024—06—21", "2024-06-21", "em dashes in a date");
	check_norm(FIELD_PHONE, "（０４７３）８９９１３３２", "(0473)8991332", "full-width parentheses in a phone");
	check_norm(FIELD_PHONE, "＋８６　１３８", "+86 138", "full-width plus and space in a phone");
	check_norm(FIELD_TEXT, "  ＡＢ１２  ", "ＡＢ１２", "TEXT keeps full-width forms, trims blanks");
	check_norm(FIELD_TEXT, "　张三　", "张三", "TEXT trims ideographic spaces at the ends");
	check_norm(FIELD_TEXT, "　 　", "", "TEXT of only spaces (U+3000 too) is empty");
	check_norm(FIELD_DATE, "２０２４－０６－２１", "2024-06-21", "full-width date");
	check_norm(FIELD_PHONE, "（０４７３）１２３４５６７", "(0473)1234567", "full-width phone with parentheses");
	{
		fieldset fs = { 0 };
		field_def *f = fieldset_add(&fs, "c", "C", FIELD_TEXT);
		char *got;
		f->code = true;
		got = field_normalize(f, "　ＨＢＷ－０１０１ ");
		is_str(got, "HBW-0101", "normalise: a code field folds full-width letters, digits and '-'");
		free(got);
		fieldset_free(&fs);
		got = field_fold_ascii("ｈｂｗ＿０１");
		is_str(got, "hbw_01", "field_fold_ascii folds what the command line is given");
		free(got);
	}
	check_norm(FIELD_MULTILINE, "\n　　段落\n", "　　段落", "MULTILINE keeps ideographic indent");
	check_norm(FIELD_MULTILINE, " a\nb\n", "a\nb", "MULTILINE trims ends only");
	check_norm(FIELD_INTEGER, "—5", "—5", "em dash is no minus in INTEGER");
	check_norm(FIELD_TEXT, NULL, "", "NULL gives empty");
}

static char *
no_sevens(const field_def *f, const char *value, void *ud)
{
	int *calls = ud;

	(void)f;
	(*calls)++;
	return strchr(value, '7') ? xstrdup("no sevens") : NULL;
}

static void
test_check_callback(void)
{
	fieldset fs = { 0 };
	field_def *f = fieldset_add(&fs, "cb", "CB", FIELD_INTEGER);
	int calls = 0;
	char *e;

	f->check = no_sevens;
	f->check_ud = &calls;
	ok(accepts(f, "12"), "callback passes");
	rejects_with(f, "17", "no sevens");
	e = field_validate(f, "x7");
	is_str(e, "Enter a whole number.", "kind check comes first");
	free(e);
	is_int(calls, 2, "callback not called after the kind's own error");
	ok(accepts(f, ""), "empty optional passes callback");
	is_int(calls, 3, "callback called for an empty value");
	fieldset_free(&fs);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_fieldset();
	test_required();
	test_text();
	test_integer();
	test_decimal();
	test_date();
	test_phone();
	test_choices();
	test_normalize();
	test_check_callback();
	return tap_done();
}
