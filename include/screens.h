/* screens.h - constructors of the screens; each screen lives in its own file under src/screens. */
#ifndef LC_SCREENS_H
#define LC_SCREENS_H

#include <stdbool.h>
#include "ui.h"

/* The main menu. */
screen *menu_screen_new(void);
/* The office identity form; first_start makes it the welcome screen of a new database. */
screen *setup_screen_new(bool first_start);
/* A screen for a part not built yet: says so plainly, with what it will do. */
screen *pending_screen_new(const char *title, const char *what);
/* The reports menu: reference data lists now, reports later. */
screen *reports_screen_new(void);
/* Which reference list to show. */
typedef enum ref_kind { REF_STANDARD, REF_INDICATORS, REF_CIRCLES } ref_kind;
/* A list of reference data, Enter shows a row in full. */
screen *reference_screen_new(ref_kind kind);
/* Who is typing: the operators in a pick list, to make one current, add one or remove one (F3). */
void operator_dialog_run(void);
/* The F1 screen: text (a screen's own help, copied) and the keys that work everywhere. */
screen *help_screen_new(const char *text);
/* Run the full-screen interface on db: the main menu, the first-start form when the office is
 * not set up, the office's status line. Returns the exit status. */
int screens_run(sqlite3 *db);

#endif
