/* shell.c - what the shell (src/ui/app.c) is handed: the main menu as its root, the first-start
 * form over it for a new database, the office's status line, the help screen and F3 (who is typing). */
#include "config.h"
#include <stdlib.h>
#include "screens.h"
#include "db.h"
#include "settings.h"
#include "stats.h"
#include "utf8.h"
#include "util.h"
#include "i18n.h"

/* The office (by its kind: the community, subdistrict, district or unit name), the operator, the record counts and the file: the names may be cut (the operator
 * keeps a few columns of the name longest), the counts never, and the file loses its folders first. */
static int
office_status(sqlite3 *db, ui_status_part *parts)
{
	office_identity id;
	record_counts n;
	char *op_label;
	const char *name;

	settings_identity_load(db, &id);
	stats_record_counts(db, &n);
	name = settings_office_name(&id);
	parts[0] = (ui_status_part){ xasprintf(_(" %s %s"), *name ? name : _("(office not set)"),
	    id.office_code), UI_CUT_END, 10 };
	op_label = xasprintf(_("operator: %s"), "");
	parts[1] = (ui_status_part){ xasprintf(_("operator: %s"), id.operator_name), UI_CUT_END,
	    (int)utf8_width_cols(op_label) + 5 };
	parts[2] = (ui_status_part){ xasprintf(_("responses %lld facilities %lld proposals %lld"),
	    n.responses, n.facilities, n.proposals), UI_CUT_NEVER, 0 };
	parts[3] = (ui_status_part){ xstrdup(db_filename(db)), UI_CUT_START, 12 };
	free(op_label);
	settings_identity_free(&id);
	return 4;
}

/* F3 on every screen: who is typing. */
static bool
shell_key(ui_key k)
{
	if (k.is_key && k.code == KEY_F(3)) {
		operator_dialog_run();
		return true;
	}
	return false;
}

/* A new database opens on the welcome form. */
static screen *
first_screen(sqlite3 *db)
{
	return settings_identity_is_set(db) ? NULL : setup_screen_new(true);
}

int
screens_run(sqlite3 *db)
{
	static const ui_shell shell = { menu_screen_new, first_screen, office_status, help_screen_new, shell_key };

	proposals_set_print_hook(proposal_print_ui);
	return ui_run(db, &shell);
}
