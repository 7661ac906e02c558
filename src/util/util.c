/* util.c - allocation wrappers, string helpers, time and randomness. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_SYS_RANDOM_H
# include <sys/random.h>
#endif
#include "util.h"

static void
die_oom(void)
{
	fputs("lifecircle: out of memory\n", stderr);
	exit(1);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (!p)
		die_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		die_oom();
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

static bool
is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool
str_is_blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!is_blank_char(*s))
			return false;
	return true;
}

char *
str_trim_dup(const char *s)
{
	const char *e;

	if (!s)
		return xstrdup("");
	while (*s && is_blank_char(*s))
		s++;
	e = s + strlen(s);
	while (e > s && is_blank_char(e[-1]))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

bool
str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

long long
util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
util_now_iso8601(char out[32])
{
	long long ms = util_now_ms();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	/* The modulos bound every field so the compiler can see the text fits. */
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
	    (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
	    tm.tm_sec % 100, (int)(ms % 1000));
}

void
util_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

void
util_random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;
	size_t got = 0;

#ifdef HAVE_GETRANDOM
	while (got < n) {
		ssize_t r = getrandom(p + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
#endif
	if (got < n) {
		int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
		while (fd >= 0 && got < n) {
			ssize_t r = read(fd, p + got, n - got);
			if (r <= 0) {
				if (r < 0 && errno == EINTR)
					continue;
				break;
			}
			got += (size_t)r;
		}
		if (fd >= 0)
			close(fd);
	}
	if (got < n) {
		fputs("lifecircle: no source of random numbers\n", stderr);
		exit(1);
	}
}

int
util_mkdir_p(const char *dir, unsigned mode)
{
	char *p;
	int rc = 0;

	if (!*dir) {
		errno = ENOENT;
		return -1;
	}
	p = xstrdup(dir);
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			struct stat sb;
			*s = '\0';
			/* EEXIST is fine only for a directory (a regular file there is not). */
			if (mkdir(p, (mode_t)mode) != 0 &&
			    (errno != EEXIST || stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
				if (errno == EEXIST)
					errno = ENOTDIR;
				rc = -1;
				break;
			}
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
	return rc;
}

char *
util_safe_name(const char *s, const char *fallback)
{
	char *out = xstrdup(s && *s ? s : fallback);

	for (char *p = out; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '_'))
			*p = '_';
	return out;
}

char *
util_output_dir(const char *env, const char *leaf)
{
	const char *v = getenv(env), *home = getenv("HOME");

	if (v && *v == '/')
		return xstrdup(v);
	if (home && *home == '/')
		return xasprintf("%s/%s", home, leaf);
	return NULL;
}

const char *
util_ui_language(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);

	return !l || l[0] == 'C' || strcmp(l, "POSIX") == 0 ? "en" : l;
}
