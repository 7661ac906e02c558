/* print_ui.c - printing from the proposal list (key p): the blank feedback form for the deputy, the
 * filled form for the archive, or the reply letter, as a PDF in ~/lifecircle-prints, and when the
 * system has `lp`, to the default printer too. The records and the page come from core
 * (proposal_print.c); this file only asks, names the file and hands it to lp. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "screens.h"
#include "dialog.h"
#include "pdf.h"
#include "proposal_print.h"
#include "util.h"
#include "i18n.h"

enum { PRINT_BLANK, PRINT_FILLED, PRINT_REPLY };

/* The full path of a new print file for number and what, in dir. */
static char *
print_path(const char *dir, const char *number, int what)
{
	static const char *const names[] = { "blank", "filled", "reply" };
	char stamp[32], *num = util_safe_name(number, "proposal"), *path;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	path = xasprintf("%s/%s-%s-%s.pdf", dir, num, names[what], stamp);
	free(num);
	return path;
}

/* The path of the lp command when it is on PATH, else NULL (heap). */
static char *
find_lp(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (!path)
		return NULL;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *cand = xasprintf("%s/lp", *dir ? dir : ".");
		if (access(cand, X_OK) == 0)
			found = cand;
		else
			free(cand);
	}
	free(copy);
	return found;
}

/* Run lp on path with its output discarded (it must not write over the screen); true when it succeeded. */
static bool
send_to_lp(const char *lp, const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return false;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(lp, "lp", "--", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Write the chosen print of item to path; 0, or -1 with *err. */
static int
write_print(const print_item *item, int what, const char *path, char **err)
{
	int rc;

	if (what == PRINT_REPLY)
		rc = proposal_print_reply_pdf(item, 1, path, err);
	else if (what == PRINT_BLANK)
		rc = proposal_print_feedback_pdf(ui_db(), item, 1, PRINTFORM_BLANK, 2, path, err);
	else
		rc = proposal_print_feedback_pdf(ui_db(), item, 1, PRINTFORM_FILLED, 1, path, err);
	/* Pango's and fontconfig's caches would otherwise live until exit. */
	pdf_shutdown();
	return rc;
}

int
proposal_print_ui(const char *proposal_id, char **msg)
{
	const char *const options[] = {
		_("Blank form for the deputy (in duplicate; marks it sent)"),
		_("Filled form for the archive"),
		_("Reply letter"),
	};
	print_item *item = NULL;
	char *dir, *path, *lp, *err = NULL;
	int what = dialog_choose(_("Print"), _("What should be printed?"), options, 3);

	*msg = NULL;
	if (what < 0)
		return 0;
	if (!(dir = util_output_dir("LIFECIRCLE_PRINT_DIR", "lifecircle-prints"))) {
		*msg = xstrdup(_("There is no home folder to print into (HOME is not set)."));
		return -1;
	}
	if (util_mkdir_p(dir, 0700) != 0) {
		*msg = xasprintf(_("Cannot make the folder %s: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	if (proposal_print_load(ui_db(), proposal_id, &item, &err) != 0) {
		*msg = err;
		free(dir);
		return -1;
	}
	path = print_path(dir, item->p.v[PROPOSAL_NUMBER], what);
	free(dir);
	if (write_print(item, what, path, &err) != 0) {
		*msg = err;
		proposal_print_free(item, 1);
		free(path);
		return -1;
	}
	proposal_print_free(item, 1);
	lp = find_lp();
	if (lp && dialog_ask(_("Print"), _("Send it to the default printer (lp) as well?"), true))
		/* The outcome first: a long path is what the status line cuts. */
		*msg = send_to_lp(lp, path) ? xasprintf(_("Sent to the printer; the file is %s"), path)
		    : xasprintf(_("The printer (lp) refused it; the file is %s"), path);
	else
		*msg = xasprintf(_("Printed to %s"), path);
	free(lp);
	free(path);
	return 0;
}
