/* testutil.h - helpers shared by the unit tests (temporary directories). Header-only. */
#ifndef LC_TESTUTIL_H
#define LC_TESTUTIL_H

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>

static int
testutil_rm_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove dir and everything below it. */
static void __attribute__((unused))
rm_rf(const char *dir)
{
	nftw(dir, testutil_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
