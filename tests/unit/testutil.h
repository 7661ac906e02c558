/* testutil.h - helpers shared by the unit tests (temporary directories). Header-only. */
#ifndef LC_TESTUTIL_H
#define LC_TESTUTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdbool.h>
#include <sys/stat.h>
#include "util.h"

static int
testutil_rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove dir and everything below it. */
static __attribute__((unused)) void
rm_rf(const char *dir)
{
	nftw(dir, testutil_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whole contents of path, NUL-terminated (NULL when it cannot be read); *len gets the size. */
static __attribute__((unused)) char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 1 >= cap)
			buf = xrealloc(buf, cap = cap ? cap * 2 : 4096);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Write len bytes of buf to path (replacing it); true on success. */
static __attribute__((unused)) bool
spew(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool good;

	if (!f)
		return false;
	good = fwrite(buf, 1, len, f) == len;
	return fclose(f) == 0 && good;
}

#endif
