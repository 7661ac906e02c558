/* tap.h - a tiny TAP producer for unit tests (automake's tap-driver reads it). Header-only. */
#ifndef LC_TAP_H
#define LC_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static int tap_n, tap_failed;

/* Report one check; returns cond so callers can chain. */
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
/* Compare two strings (NULL-safe) and report. */
#define is_str(got, want, ...) tap_is_str((got), (want), __FILE__, __LINE__, __VA_ARGS__)
/* is_str for a string got the test owns (heap or NULL), freed after the check. */
#define is_str_free(got, want, ...) tap_is_str_free((got), (want), __FILE__, __LINE__, __VA_ARGS__)
/* Compare two integers and report. */
#define is_int(got, want, ...) tap_is_int((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)

/* Report check number tap_n + 1 (its description fmt, ap); a failure says where; cond. */
static int
tap_vreport(int cond, const char *file, int line, const char *fmt, va_list ap)
{
	tap_n++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
	vprintf(fmt, ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

static int __attribute__((format(printf, 4, 5)))
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cond = tap_vreport(cond, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

static int __attribute__((unused))
tap_vis_str(const char *got, const char *want, const char *file, int line, const char *fmt, va_list ap)
{
	int cond = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);

	if (!tap_vreport(cond, file, line, fmt, ap)) {
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
		fflush(stdout);
	}
	return cond;
}

static int __attribute__((format(printf, 5, 6), unused))
tap_is_str(const char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int cond;

	va_start(ap, fmt);
	cond = tap_vis_str(got, want, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

static int __attribute__((format(printf, 5, 6), unused))
tap_is_str_free(char *got, const char *want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int cond;

	va_start(ap, fmt);
	cond = tap_vis_str(got, want, file, line, fmt, ap);
	va_end(ap);
	free(got);
	return cond;
}

static int __attribute__((format(printf, 5, 6)))
tap_is_int(long long got, long long want, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int cond;

	va_start(ap, fmt);
	if (!(cond = tap_vreport(got == want, file, line, fmt, ap))) {
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
		fflush(stdout);
	}
	va_end(ap);
	return cond;
}

/* Print the plan and return the exit status for main. */
static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
