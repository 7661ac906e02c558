/* test_util.c - allocation and string helpers, time stamps, randomness and util_mkdir_p. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tap.h"
#include "util.h"

/* True when s matches pattern, where 'D' stands for one ASCII digit and every other byte for itself. */
static bool
matches_shape(const char *s, const char *pattern)
{
	if (strlen(s) != strlen(pattern))
		return false;
	for (; *pattern; pattern++, s++) {
		if (*pattern == 'D' ? !isdigit((unsigned char)*s) : *s != *pattern)
			return false;
	}
	return true;
}

/* Integer value of the n digits at s. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static void
test_xasprintf(void)
{
	char *s = xasprintf("%s-%d-%05.1f", "社区", 42, 3.14159);
	char *big;
	char *longer = xmalloc(5001);

	is_str(s, "社区-42-003.1", "xasprintf formats strings, ints and floats");
	free(s);
	s = xasprintf("%s", "");
	is_str(s, "", "xasprintf of an empty string");
	free(s);
	memset(longer, 'x', 5000);
	longer[5000] = '\0';
	big = xasprintf("<%s>", longer);
	ok(big && strlen(big) == 5002 && big[0] == '<' && big[5001] == '>' && big[2500] == 'x',
	    "xasprintf handles output longer than any fixed buffer");
	free(big);
	free(longer);
}

static void
test_xstrndup(void)
{
	char *s = xstrndup("abcdef", 3);

	is_str(s, "abc", "xstrndup cuts at n");
	free(s);
	s = xstrndup("ab", 10);
	is_str(s, "ab", "xstrndup stops at the NUL when n is larger");
	free(s);
	s = xstrndup("abc", 0);
	is_str(s, "", "xstrndup with n = 0 gives an empty string");
	free(s);
	s = xstrdup("社区");
	is_str(s, "社区", "xstrdup copies UTF-8");
	free(s);
	ok(xstrdup(NULL) == NULL, "xstrdup(NULL) is NULL");
}

/* Compare str_trim_dup(in) with want. */
static void
is_trimmed(const char *in, const char *want, const char *what)
{
	char *got = str_trim_dup(in);

	is_str(got, want, "str_trim_dup: %s", what);
	free(got);
}

static void
test_trim(void)
{
	is_trimmed("  abc  ", "abc", "spaces both sides");
	is_trimmed("\t\r\n\v\f abc \t\r\n\v\f", "abc", "every ASCII blank");
	is_trimmed("a b  c", "a b  c", "inner blanks kept");
	is_trimmed("   ", "", "only blanks");
	is_trimmed("", "", "empty");
	is_trimmed(NULL, "", "NULL gives an empty string");
	is_trimmed(" 滨河社区 ", "滨河社区", "Chinese text kept");
	/* U+3000 IDEOGRAPHIC SPACE is not an ASCII blank: it stays. */
	is_trimmed("\xE3\x80\x80社区\xE3\x80\x80", "\xE3\x80\x80社区\xE3\x80\x80", "ideographic space is not ASCII");
	is_trimmed("社", "社", "a single multibyte character");
}

static void
test_blank(void)
{
	ok(str_is_blank(NULL), "str_is_blank(NULL)");
	ok(str_is_blank(""), "str_is_blank(\"\")");
	ok(str_is_blank(" \t\r\n\v\f"), "str_is_blank of all ASCII blanks");
	ok(!str_is_blank(" x "), "str_is_blank: a letter is not blank");
	ok(!str_is_blank("社"), "str_is_blank: Chinese is not blank");
	ok(!str_is_blank("\xE3\x80\x80"), "str_is_blank: ideographic space is not an ASCII blank");
}

static void
test_starts_with(void)
{
	ok(str_starts_with("lifecircle", "life"), "str_starts_with: prefix");
	ok(str_starts_with("life", "life"), "str_starts_with: whole string");
	ok(str_starts_with("life", ""), "str_starts_with: empty prefix");
	ok(!str_starts_with("lif", "life"), "str_starts_with: prefix longer than s");
	ok(!str_starts_with("wife", "life"), "str_starts_with: different first byte");
	ok(str_starts_with("社区服务", "社区"), "str_starts_with: UTF-8 prefix");
}

static void
test_time(void)
{
	char iso[32], day[11];
	long long before = util_now_ms(), after;

	memset(iso, '@', sizeof iso);
	util_now_iso8601(iso);
	after = util_now_ms();
	is_int(strlen(iso), 24, "util_now_iso8601 is 24 characters (%s)", iso);
	ok(matches_shape(iso, "DDDD-DD-DDTDD:DD:DD.DDDZ"), "util_now_iso8601 has the shape YYYY-MM-DDTHH:MM:SS.mmmZ");
	ok(digits(iso, 4) >= 2024 && digits(iso + 5, 2) >= 1 && digits(iso + 5, 2) <= 12 &&
	    digits(iso + 8, 2) >= 1 && digits(iso + 8, 2) <= 31 && digits(iso + 11, 2) <= 23 &&
	    digits(iso + 14, 2) <= 59 && digits(iso + 17, 2) <= 60, "util_now_iso8601 fields in range");
	ok(before > 1700000000000LL && after >= before, "util_now_ms is Unix milliseconds and does not go back");

	memset(day, '@', sizeof day);
	util_today(day);
	is_int(strlen(day), 10, "util_today is 10 characters (%s)", day);
	ok(matches_shape(day, "DDDD-DD-DD"), "util_today has the shape YYYY-MM-DD");
	ok(digits(day + 5, 2) >= 1 && digits(day + 5, 2) <= 12 && digits(day + 8, 2) >= 1 &&
	    digits(day + 8, 2) <= 31, "util_today month and day in range");
}

static void
test_random(void)
{
	unsigned char a[32], b[32], zero[32] = { 0 };
	unsigned char big[4096];
	int seen[256] = { 0 }, distinct = 0;

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	util_random_bytes(a, sizeof a);
	util_random_bytes(b, sizeof b);
	ok(memcmp(a, b, sizeof a) != 0, "two calls of util_random_bytes differ");
	ok(memcmp(a, zero, sizeof a) != 0, "util_random_bytes fills the buffer");
	util_random_bytes(big, sizeof big);
	for (size_t i = 0; i < sizeof big; i++)
		if (!seen[big[i]]++)
			distinct++;
	ok(distinct > 200, "4096 random bytes take many values (%d of 256)", distinct);
	memcpy(b, a, sizeof a);
	util_random_bytes(a, 0);
	ok(memcmp(a, b, sizeof a) == 0, "util_random_bytes with n = 0 returns and writes nothing");
}

/* Permission bits of path, or -1 when it cannot be read. */
static int
mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static void
test_mkdir_p(void)
{
	char tmpl[] = "/tmp/test_util.XXXXXX";
	char *root = mkdtemp(tmpl);
	char *a, *ab, *abc, *file, *under_file, *trailing;
	mode_t old_mask;
	FILE *f;

	if (!ok(root != NULL, "temporary directory"))
		return;
	a = xasprintf("%s/a", root);
	ab = xasprintf("%s/a/b", root);
	abc = xasprintf("%s/a/b/c", root);
	file = xasprintf("%s/file", root);
	under_file = xasprintf("%s/file/sub", root);
	trailing = xasprintf("%s/t/u/", root);

	old_mask = umask(0);
	is_int(util_mkdir_p(abc, 0750), 0, "util_mkdir_p creates nested directories");
	ok(is_dir(a) && is_dir(ab) && is_dir(abc), "every level exists");
	is_int(mode_of(abc), 0750, "the last level has the mode");
	is_int(mode_of(a), 0750, "the parents have the mode");
	is_int(util_mkdir_p(abc, 0750), 0, "util_mkdir_p succeeds when everything exists");
	is_int(util_mkdir_p(ab, 0700), 0, "util_mkdir_p succeeds on an existing parent");
	is_int(mode_of(ab), 0750, "an existing directory keeps its mode");
	is_int(util_mkdir_p(trailing, 0700), 0, "a trailing slash is fine");
	umask(old_mask);

	f = fopen(file, "w");
	if (f)
		fclose(f);
	errno = 0;
	is_int(util_mkdir_p(under_file, 0700), -1, "a regular file in the path fails");
	is_int(errno, ENOTDIR, "... with ENOTDIR");
	errno = 0;
	is_int(util_mkdir_p(file, 0700), -1, "an existing regular file is not a directory");
	is_int(errno, ENOTDIR, "... with ENOTDIR");
	is_int(util_mkdir_p("", 0700), -1, "an empty path fails");

	unlink(file);
	rmdir(abc);
	rmdir(ab);
	rmdir(a);
	free(trailing);
	trailing = xasprintf("%s/t/u", root);
	rmdir(trailing);
	free(trailing);
	trailing = xasprintf("%s/t", root);
	rmdir(trailing);
	ok(rmdir(root) == 0, "temporary directory removed");
	free(trailing);
	free(under_file);
	free(file);
	free(abc);
	free(ab);
	free(a);
}

static void
test_safe_name_and_dir(void)
{
	char *s = util_safe_name("../需求 a/b", "x");

	is_str(s, "__________a_b", "util_safe_name: every byte but letters, digits, - and _ becomes _");
	free(s);
	s = util_safe_name("", "survey");
	is_str(s, "survey", "util_safe_name: the fallback for empty text");
	free(s);
	setenv("LC_TEST_OUT_DIR", "/srv/out", 1);
	s = util_output_dir("LC_TEST_OUT_DIR", "leaf");
	is_str(s, "/srv/out", "util_output_dir: an absolute $env wins");
	free(s);
	setenv("LC_TEST_OUT_DIR", "relative", 1);
	setenv("HOME", "/home/u", 1);
	s = util_output_dir("LC_TEST_OUT_DIR", "leaf");
	is_str(s, "/home/u/leaf", "util_output_dir: a relative $env is ignored for $HOME/leaf");
	free(s);
	unsetenv("HOME");
	ok(util_output_dir("LC_TEST_OUT_DIR", "leaf") == NULL, "util_output_dir: NULL without HOME");
	unsetenv("LC_TEST_OUT_DIR");
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_xasprintf();
	test_xstrndup();
	test_trim();
	test_blank();
	test_starts_with();
	test_time();
	test_random();
	test_safe_name_and_dir();
	test_mkdir_p();
	return tap_done();
}
