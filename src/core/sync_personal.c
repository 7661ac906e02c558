/* sync_personal.c - the personal information an export carries or leaves out, as people read it:
 * the fields by their labels, and a survey's personal questions by theirs (not "answers", the
 * column that holds them). Shared by the export screen and `lifecircle sync export`. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "sync.h"
#include "conflict.h"
#include "template.h"
#include "util.h"
#include "i18n.h"

/* How many personal questions the export names before "etc.": the dialog stays short. */
#define PERSONAL_NAMED 3

/* The questionnaires' personal questions as people read them, by their labels in the UI language:
 * "受访者姓名、联系电话（按问卷模板标为个人信息的问题）", a few then "等 N 题" when there are more
 * (template_personal_labels); NULL when no stored template marks a question personal. Fresh. */
static char *
personal_questions(sqlite3 *db, const char *lang)
{
	char **v, *err = NULL, *list = NULL, *out;
	size_t n;
	long total = template_personal_labels(db, lang, PERSONAL_NAMED, &v, &n, &err);

	if (total < 0) {
		/* the templates cannot be read: say what the export does all the same */
		free(err);
		return xstrdup(_("the questions a questionnaire marks personal"));
	}
	if (total == 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char *joined = list ? xasprintf("%s%s%s", list, _(", "), v[i]) : xstrdup(v[i]);
		free(list);
		list = joined;
		free(v[i]);
	}
	free(v);
	if ((size_t)total > n) {
		/* TRANSLATORS: the first few personal questions, then how many there are in all. */
		char *more = xasprintf(ngettext("%s, etc. (%ld question in all)", "%s, etc. (%ld questions in all)",
		    (unsigned long)total), list, total);
		free(list);
		list = more;
	}
	out = xasprintf(_("%s (the questions a questionnaire template marks personal)"), list);
	free(list);
	return out;
}

char *
sync_personal_labels(sqlite3 *db, const char *lang)
{
	char *raw = sync_personal_fields(), *out = xstrdup(""), *save = NULL;

	for (char *tok = strtok_r(raw, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *dot = strchr(tok, '.'), *joined, *questions = NULL, *item;
		if (!dot)
			continue;
		*dot = '\0';
		/* a survey's answers: the questions left out, not the column that holds them */
		if (strcmp(tok, "survey_response") == 0 && !(questions = personal_questions(db, lang)))
			continue;
		item = xasprintf(_("%s: %s"), conflict_table_label(tok), questions ? questions : conflict_field_label(dot + 1));
		joined = xasprintf("%s%s%s", out, *out ? _("; ") : "", item);
		free(item);
		free(questions);
		free(out);
		out = joined;
	}
	free(raw);
	return out;
}

