/* outfile.c - an output file written whole or not at all (see outfile.h). */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "outfile.h"
#include "util.h"
#include "i18n.h"

struct outfile {
	char *path, *tmp;	/* tmp == NULL: writing path in place */
	FILE *f;
};

/* A device, pipe or symlink is written in place: renaming over it would replace it by a file. */
static bool
write_in_place(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && !S_ISREG(st.st_mode);
}

/* A new empty file beside path, with the mode a plain fopen would give it; NULL with *err. */
static char *
temp_beside(const char *path, char **err)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	if ((fd = mkstemp(tmp)) < 0) {
		*err = xasprintf(_("Cannot create %s: %s"), path, strerror(errno));
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0) {
		*err = xasprintf(_("Cannot create %s: %s"), path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	return tmp;
}

static void
outfile_free(outfile *o)
{
	free(o->path);
	free(o->tmp);
	free(o);
}

outfile *
outfile_open(const char *path, char **err)
{
	outfile *o = xcalloc(1, sizeof *o);

	*err = NULL;
	o->path = xstrdup(path);
	if (!write_in_place(path) && !(o->tmp = temp_beside(path, err))) {
		outfile_free(o);
		return NULL;
	}
	if (!(o->f = fopen(o->tmp ? o->tmp : path, "wb"))) {
		*err = xasprintf(_("Cannot create %s: %s"), path, strerror(errno));
		if (o->tmp)
			unlink(o->tmp);
		outfile_free(o);
		return NULL;
	}
	return o;
}

FILE *
outfile_stream(outfile *o)
{
	return o->f;
}

const char *
outfile_path(const outfile *o)
{
	return o->tmp ? o->tmp : o->path;
}

int
outfile_commit(outfile *o, char **err)
{
	bool okay = !ferror(o->f);
	int rc = 0;

	*err = NULL;
	okay = fflush(o->f) == 0 && okay;
	/* On disk before the rename, so a power cut leaves the old file or the whole new one. */
	okay = okay && (!o->tmp || fsync(fileno(o->f)) == 0);
	okay = fclose(o->f) == 0 && okay;
	if (okay && o->tmp && rename(o->tmp, o->path) != 0)
		okay = false;
	if (!okay) {
		*err = xasprintf(_("Cannot write %s: %s"), o->path, strerror(errno));
		if (o->tmp)
			unlink(o->tmp);
		rc = -1;
	}
	outfile_free(o);
	return rc;
}

void
outfile_abort(outfile *o)
{
	if (!o)
		return;
	fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	outfile_free(o);
}

int
outfile_write_whole(const char *path, const void *data, size_t len, char **err)
{
	outfile *o = outfile_open(path, err);

	if (!o)
		return -1;
	if (fwrite(data, 1, len, o->f) != len) {
		*err = xasprintf(_("Cannot write %s: %s"), path, strerror(errno));
		outfile_abort(o);
		return -1;
	}
	return outfile_commit(o, err);
}
