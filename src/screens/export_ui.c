/* export_ui.c - the facility screens' export (the inventory from the facility list, the gap report
 * from its screen): the kind of file asked in a dialog (.xlsx, CSV in UTF-8 with BOM or GB18030),
 * written whole by facexport.h into the export folder (~/lifecircle-exports or
 * $LIFECIRCLE_EXPORT_DIR) under a name with the community's code and the time, the path shown. */
#include "config.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "screens.h"
#include "community.h"
#include "dialog.h"
#include "facexport.h"
#include "util.h"
#include "i18n.h"

/* The file's name part for a community: its code made safe for a path, or "all". Fresh. */
static char *
name_part(const char *community_id)
{
	community c;
	char *code, *safe;

	if (!community_id)
		return xstrdup("all");
	/* community_load starts c afresh itself */
	if (community_load(ui_db(), community_id, &c) != 0) {
		community_free(&c);
		return xstrdup("community");
	}
	code = community_get(&c, "code");
	safe = util_safe_name(code ? code : "", "community");
	free(code);
	community_free(&c);
	return safe;
}

/* dir/what-part-stamp.ext. Fresh. */
static char *
export_path(const char *dir, const char *what, const char *community_id, const char *ext)
{
	char stamp[32], *part = name_part(community_id), *path;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	path = xasprintf("%s/%s-%s-%s.%s", dir, what, part, stamp, ext);
	free(part);
	return path;
}

void
export_ui_run(const char *title, const char *file_what, facexport_opts *o)
{
	const char *options[3] = { _("Excel workbook (.xlsx)"), _("CSV, UTF-8 with BOM (Excel, WPS)"), _("CSV, GB18030 (older Excel)") };
	int format = dialog_choose(title, _("Which kind of file?"), options, 3);
	char *dir, *path, *err = NULL, *msg;

	if (format < 0)
		return;
	if (!(dir = util_output_dir("LIFECIRCLE_EXPORT_DIR", "lifecircle-exports"))) {
		dialog_message(title, _("No folder to export to: set HOME or LIFECIRCLE_EXPORT_DIR."));
		return;
	}
	if (util_mkdir_p(dir, 0700) != 0) {
		msg = xasprintf("%s: %s", dir, strerror(errno));
		dialog_message(title, msg);
		free(msg);
		free(dir);
		return;
	}
	o->xlsx = format == 0;
	o->enc = format == 2 ? SHEETOUT_GB18030 : SHEETOUT_UTF8;
	path = export_path(dir, file_what, o->community_id, o->xlsx ? "xlsx" : "csv");
	free(dir);
	if (facexport_file(ui_db(), o, path, &err) == 0)
		msg = xasprintf(_("Written to %s"), path);
	else
		msg = xasprintf(_("The export failed: %s"), err ? err : "?");
	dialog_message(title, msg);
	free(msg);
	free(err);
	free(path);
}
