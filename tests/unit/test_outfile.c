/* test_outfile.c - output files written whole or not at all: a new file, a replaced one, a
 * failed write that leaves the old content and no temporary file behind, and a FIFO written in
 * place (renaming over it would replace it by a plain file). */
#include "config.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "outfile.h"
#include "util.h"

/* The text of the file at path (NULL when it cannot be read). */
static char *
file_text(const char *path)
{
	size_t len;

	return slurp(path, &len);
}

static void
test_whole(const char *dir)
{
	char *path = xasprintf("%s/report.csv", dir), *err = NULL, *got;
	outfile *o;

	ok(outfile_write_whole(path, "first\n", 6, &err) == 0, "a new file is written");
	is_str(got = file_text(path), "first\n", "with its content");
	free(got);
	o = outfile_open(path, &err);
	ok(o != NULL, "a second write opens");
	fputs("second\n", outfile_stream(o));
	is_str(got = file_text(path), "first\n", "the old content stays until the commit");
	free(got);
	is_int(test_dir_entries(dir), 2, "the temporary file sits beside the target");
	ok(outfile_commit(o, &err) == 0, "the commit succeeds");
	is_str(got = file_text(path), "second\n", "the file is replaced whole");
	free(got);
	is_int(test_dir_entries(dir), 1, "no temporary file is left");

	o = outfile_open(path, &err);
	fputs("half a report", outfile_stream(o));
	outfile_abort(o);
	is_str(got = file_text(path), "second\n", "an aborted write leaves the old content");
	free(got);
	is_int(test_dir_entries(dir), 1, "and removes its temporary file");
	unlink(path);
	free(path);
}

static void
test_refused(const char *dir)
{
	char *path = xasprintf("%s/no-such-dir/report.csv", dir), *err = NULL;

	ok(outfile_open(path, &err) == NULL, "a file in a missing directory is refused");
	ok(err && strstr(err, path), "and the message names it: %s", err ? err : "(none)");
	free(err);
	free(path);
}

static void
test_fifo(const char *dir)
{
	char *path = xasprintf("%s/pipe", dir), *err = NULL, buf[32] = "";
	struct stat st;
	pid_t pid;
	int fds[2];

	ok(mkfifo(path, 0600) == 0, "a FIFO is made");
	if (pipe(fds) != 0 || (pid = fork()) < 0)
		return;
	if (pid == 0) {
		int fd = open(path, O_RDONLY);
		ssize_t n = read(fd, buf, sizeof buf - 1);
		if (n > 0 && write(fds[1], buf, (size_t)n) != n)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	ok(outfile_write_whole(path, "through\n", 8, &err) == 0, "writing the FIFO succeeds");
	waitpid(pid, NULL, 0);
	ok(read(fds[0], buf, sizeof buf - 1) == 8, "the reader got the bytes");
	is_str(buf, "through\n", "the content went through the FIFO");
	close(fds[0]);
	ok(lstat(path, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO is still a FIFO (written in place)");
	is_int(test_dir_entries(dir), 1, "no temporary file beside it");
	unlink(path);
	free(path);
}

int
main(void)
{
	char dir[] = "/tmp/lc-outfile-XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	test_whole(dir);
	test_refused(dir);
	test_fifo(dir);
	rmdir(dir);
	return tap_done();
}
