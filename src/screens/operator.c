/* operator.c - who is typing: the office's operators in a pick list (F3 on every screen, the main
 * menu's Operator entry), to make one current, add one or remove one. Every record saved is
 * stamped with the current operator, and double entry needs two of them, so this is one key away
 * and never leaves the screen the user is on. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "screens.h"
#include "dialog.h"
#include "settings.h"
#include "util.h"
#include "i18n.h"

#define OPERATOR_MAX_CHARS 100

/* dialog_input's check: add the name; a refusal (blank, control characters, already there) stays
 * in the dialog to be corrected. */
static char *
add_new_name(const char *text, void *ud)
{
	char *err = NULL;

	(void)ud;
	return settings_operator_add(ui_db(), text, &err) == 0 ? NULL : err;
}

/* Say what happened in the status line, or the error in a dialog. */
static void
report(int rc, char *err, const char *done_fmt, const char *name)
{
	char *msg;

	if (rc != 0) {
		dialog_message(_("Not saved"), err);
		free(err);
		return;
	}
	msg = xasprintf(done_fmt, name);
	ui_refresh_status();
	ui_flash(msg);
	free(msg);
}

static void
use_operator(const char *name)
{
	char *err = NULL;
	int rc = settings_operator_use(ui_db(), name, &err);

	/* TRANSLATORS: %s is a person's name; shown after switching. */
	report(rc, err, _("Operator now: %s. Records saved from now on carry this name."), name);
}

/* Ask for a name, add it and make it current: whoever adds a name is usually about to type. */
static void
add_operator(void)
{
	char *name = dialog_input(_("Add an operator"),
	    _("The new operator's name (it becomes the current operator):"), OPERATOR_MAX_CHARS,
	    add_new_name, NULL);
	char *err = NULL, *t;
	int rc;

	if (!name)
		return;   /* Esc: nothing was added */
	rc = settings_operator_use(ui_db(), name, &err);
	t = settings_get(ui_db(), "operator");   /* the name as stored: trimmed */
	/* TRANSLATORS: %s is a person's name. */
	report(rc, err, _("Operator %s added; records saved from now on carry this name."), t ? t : "");
	free(t);
	free(name);
}

/* Offer the operators other than the current one; ask (default no) before removing. */
static void
remove_operator(char **names, size_t n, const char *current)
{
	const char **labels = xcalloc(n ? n : 1, sizeof *labels);
	size_t m = 0;
	char *question, *err = NULL;
	int c, rc;

	for (size_t i = 0; i < n; i++)
		if (!current || strcmp(names[i], current) != 0)
			labels[m++] = names[i];
	if (m == 0) {
		dialog_message(_("Remove an operator"),
		    _("Only the current operator is in the list, and the current operator cannot be removed."));
		free(labels);
		return;
	}
	c = dialog_pick(_("Remove which operator? (the current one cannot be removed)"), labels, m, 0, NULL);
	if (c >= 0) {
		/* TRANSLATORS: %s is a person's name. */
		question = xasprintf(_("Remove %s from the operators? Records already entered keep the name."),
		    labels[c]);
		if (dialog_ask(_("Remove an operator"), question, false)) {
			rc = settings_operator_remove(ui_db(), labels[c], &err);
			/* TRANSLATORS: %s is a person's name. */
			report(rc, err, _("%s removed from the operators."), labels[c]);
		}
		free(question);
	}
	free(labels);
}

void
operator_dialog_run(void)
{
	size_t n, cur = 0;
	char **names = settings_operators(ui_db(), &n);
	char *current = settings_get(ui_db(), "operator");
	char **labels = xcalloc(n + 2, sizeof *labels);
	int c;

	for (size_t i = 0; i < n; i++) {
		bool is_cur = current && strcmp(names[i], current) == 0;
		/* TRANSLATORS: a name in the operators' list, marked as the one typing now. */
		labels[i] = is_cur ? xasprintf(_("%s (current)"), names[i]) : xstrdup(names[i]);
		if (is_cur)
			cur = i;
	}
	labels[n] = xstrdup(_("Add an operator…"));
	labels[n + 1] = xstrdup(_("Remove an operator…"));
	c = dialog_pick(_("Who is typing? Choose the operator"), (const char *const *)labels, n + 2, cur, NULL);
	if (c >= 0 && (size_t)c < n)
		use_operator(names[c]);
	else if ((size_t)c == n)
		add_operator();
	else if ((size_t)c == n + 1)
		remove_operator(names, n, current);
	for (size_t i = 0; i < n + 2; i++)
		free(labels[i]);
	free(labels);
	free(current);
	settings_operators_free(names, n);
}
