/* test_template.c - XLSForm templates: the conformance files written for other tools (pyxform's
 * one-file CSV layout, aliases, bind: and upper-case headers, skipped types), CSV sets sharing a
 * stem, languages, GB18030, hostile files each refused with its row and column, storage as
 * versioned records, and the bridge to the form model (relevance, constraint messages, repeats). */
#include "config.h"
#include <iconv.h>
#include <stdint.h>
#include <locale.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include "tap.h"
#include "testutil.h"
#include "template.h"
#include "db.h"
#include "formmodel.h"
#include "util.h"
#include "i18n.h"

static char tmpdir[64];

/* path of a file in the temporary folder (static buffer ring) */
static const char *
tmp(const char *name)
{
	static char buf[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static const char *
write_tmp(const char *name, const char *text)
{
	const char *p = tmp(name);
	spew(p, text, strlen(text));
	return p;
}

static const char *
conformance(const char *name)
{
	static char buf[4][512];
	static int k;
	const char *src = getenv("TESTS_SRCDIR");
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/data/xlsform/%s", src ? src : "tests", name);
	return buf[k];
}

/* Parse files; the problems go to *probs (freed by the caller with template_problems_free). */
static template *
parse(sqlite3 *db, const char *a, const char *b, const char *c, template_problem **probs, size_t *np)
{
	const char *files[3] = { a, b, c };
	size_t n = c ? 3 : b ? 2 : 1;
	return template_parse(db, files, n, probs, np);
}

/* True when one of the problems is at row, column col (NULL: any) and its message holds what. */
static bool
has_problem(const template_problem *p, size_t n, long row, const char *col, const char *what)
{
	for (size_t i = 0; i < n; i++)
		if (p[i].row == row && (!col || strcmp(p[i].column, col) == 0) && strstr(p[i].message, what))
			return true;
	return false;
}

static void
show_problems(const template_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *s = template_problem_text(&p[i]);
		printf("# %s\n", s);
		free(s);
	}
}

/* The question called name in the list, or NULL. */
static const template_question *
question(const template_question *q, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(q[i].name, name) == 0)
			return &q[i];
	return NULL;
}

static bool
skipped(const template *t, const char *name, const char *type)
{
	for (size_t i = 0; i < template_skip_count(t); i++) {
		const template_skip *s = template_skip_at(t, i);
		if (!strcmp(s->name, name) && !strcmp(s->type, type))
			return true;
	}
	return false;
}

/* Every template file of the conformance folder imports, except widgets.csv, refused for its one true
 * fault: its relevant names /widgets/branch and the form has no question branch (the ODK sample it was cut
 * from had one; XPath would read the missing node as empty, so my_output could never be shown). A file
 * added to the folder is checked too, and must import. */
static void
test_conformance_folder(sqlite3 *db)
{
	const char *src = getenv("TESTS_SRCDIR");
	char *dirname = xasprintf("%s/data/xlsform", src ? src : "tests");
	DIR *d = opendir(dirname);
	struct dirent *e;
	int files = 0;

	ok(d != NULL, "the conformance folder %s opens", dirname);
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name), np = 0;
		template_problem *p = NULL;
		template *t;
		if (len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		files++;
		t = parse(db, conformance(e->d_name), NULL, NULL, &p, &np);
		if (strcmp(e->d_name, "widgets.csv") == 0) {
			ok(!t && np == 1 && has_problem(p, np, 11, "bind:relevant", "/widgets/branch"),
			    "conformance %s: refused for its one fault, the missing branch question", e->d_name);
		} else {
			show_problems(p, np);
			ok(t != NULL, "conformance %s imports", e->d_name);
		}
		template_problems_free(p, np);
		template_free(t);
	}
	if (d)
		closedir(d);
	ok(files >= 4, "every one of the folder's %d template files was tried", files);
	free(dirname);
}

static void
test_conformance(sqlite3 *db)
{
	template_problem *p;
	size_t np, nq;
	template *t;
	template_question *q;

	t = parse(db, conformance("group.csv"), NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "group.csv (one-file layout, \"begin group\", label:English (en)) imports");
	if (t) {
		is_str(template_form_id(t), "group", "... its form id is the file's name (no settings)");
		is_int(strlen(template_version(t)), 16, "... its version a hash of the content (%s)", template_version(t));
		is_int(template_language_count(t), 1, "... one language");
		is_str(template_language_at(t, 0), "English (en)", "... as written");
		q = template_questions(t, "en", &nq);
		is_int(nq, 3, "... three questions");
		ok(nq == 3 && !strcmp(q[1].type, "phone") && !strcmp(q[1].group, "father"), "... \"phone number\" is a phone inside the group father");
		ok(nq == 3 && !strcmp(q[2].label, "How old is your father?"), "... the English label");
		template_questions_free(q, nq);
	}
	template_problems_free(p, np);
	template_free(t);

	t = parse(db, conformance("text_and_integer.csv"), NULL, NULL, &p, &np);
	ok(t != NULL, "text_and_integer.csv (text:english, an empty choices sheet, no final newline) imports");
	if (t) {
		is_int(template_pick_language(t, "en"), 0, "... \"en\" finds the language called english");
		is_int(template_pick_language(t, "English"), 0, "... so does its name in any case");
		q = template_questions(t, "zh_CN.UTF-8", &nq);
		ok(nq == 2 && !strcmp(q[1].type, "integer") && !strcmp(q[1].label, "How many years old are you?"),
		    "... with no Chinese the first language shows");
		template_questions_free(q, nq);
	}
	template_problems_free(p, np);
	template_free(t);

	t = parse(db, conformance("case_insensitivity.csv"), NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "case_insensitivity.csv (SURVEY, TYPE, LABEL::EN, other tools' sheets) imports");
	if (t) {
		is_str(template_form_id(t), "YesNo", "... FORM_ID from SETTINGS");
		is_int(template_pick_language(t, "fr"), 0, "... an unknown language falls to DEFAULT_LANGUAGE EN");
		ok(skipped(t, "q2", "select_one_external c1") && skipped(t, "q3", "osm c1"), "... select_one_external and osm are listed as skipped");
		q = template_questions(t, NULL, &nq);
		ok(nq == 1 && q[0].nchoices == 2 && !strcmp(q[0].choices[1].name, "n2-c") && !strcmp(q[0].choices[1].label, "l2-c"),
		    "... q1 keeps its two choices from CHOICES");
		template_questions_free(q, nq);
	}
	template_problems_free(p, np);
	template_free(t);

	/* widgets.csv's relevance names /widgets/branch, which the form does not have */
	t = parse(db, conformance("widgets.csv"), NULL, NULL, &p, &np);
	ok(t == NULL, "widgets.csv is refused: it refers to a field it does not have");
	is_int(np, 1, "... one problem");
	ok(has_problem(p, np, 11, "bind:relevant", "unknown field /widgets/branch (the form has no question \"branch\")"),
	    "... on row 11, column bind:relevant, naming the path as written and the question missing");
	template_problems_free(p, np);

	/* the same form without that reference: aliases, bind: columns, skipped types */
	{
		size_t len;
		char *text = slurp(conformance("widgets.csv"), &len), *at;
		if (text && (at = strstr(text, "branch, 'n'")))
			memcpy(at, "my_int, 'n'", 11);
		write_tmp("widgets.csv", text ? text : "");
		free(text);
	}
	t = parse(db, tmp("widgets.csv"), NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "widgets.csv with the reference mended imports");
	if (t) {
		q = template_questions(t, NULL, &nq);
		const template_question *x;
		ok((x = question(q, nq, "my_string")) && !strcmp(x->type, "text"), "... string is text");
		ok((x = question(q, nq, "my_int")) && !strcmp(x->type, "integer"), "... int is integer");
		ok((x = question(q, nq, "my_select")) && !strcmp(x->type, "select_multiple") && !strcmp(x->list, "list") && x->nchoices == 4,
		    "... select all that apply from list is select_multiple of list");
		ok((x = question(q, nq, "my_select1")) && !strcmp(x->type, "select_one") && x->nchoices == 8,
		    "... select one from list2 is select_one of list2");
		ok((x = question(q, nq, "my_trigger")) && !strcmp(x->type, "acknowledge"), "... trigger is acknowledge");
		ok((x = question(q, nq, "dateTime")) && !strcmp(x->type, "dateTime"), "... dateTime");
		ok(skipped(t, "my_geopoint", "geopoint") && skipped(t, "my_barcode", "barcode") && skipped(t, "my_image", "image")
		    && skipped(t, "my_audio", "audio") && skipped(t, "my_video", "video") && skipped(t, "locationMap", "geopoint"),
		    "... geopoint, barcode, image, audio and video are listed by name and skipped");
		is_int(template_skip_count(t), 6, "... and nothing else is skipped");
		template_questions_free(q, nq);

		template_form *tf = template_form_new(t, NULL, NULL, NULL, &(char *){ NULL });
		ok(tf != NULL, "... it runs in the form model");
		if (tf) {
			formmodel *m = template_form_model(tf);
			const fieldset *fs = template_form_fields(tf);
			int i = fieldset_find(fs, "my_int");
			formmodel_set(m, (size_t)i, 0, "12");
			is_str(formmodel_commit(m, (size_t)i, 0), "number must be less than 10", "... bind:jr:constraintMsg is the constraint's message");
			i = fieldset_find(fs, "my_decimal");
			char *v = formmodel_get(m, (size_t)i, 0);
			is_str(v, "18.31", "... a default is the new form's value");
			free(v);
			i = fieldset_find(fs, "my_output");
			ok(!formmodel_editable(m, (size_t)i, 0), "... bind:readonly true() makes it read-only");
			i = fieldset_find(fs, "my_time");
			formmodel_set(m, (size_t)i, 0, "25:00");
			ok(formmodel_commit(m, (size_t)i, 0) != NULL, "... a time of 25:00 is refused");
			formmodel_set(m, (size_t)i, 0, "09:30");
			ok(formmodel_commit(m, (size_t)i, 0) == NULL, "... 09:30 is taken");
			template_form_free(tf);
		}
	}
	template_problems_free(p, np);
	template_free(t);
}

static const char set_survey[] =
	"type,name,label::中文 (zh),label::English (en),required,required_message::中文 (zh),constraint,constraint_message::中文 (zh),constraint_message::English (en),relevant,circle,personal\n"
	"text,resident,姓名,Name,yes,请填写姓名,,,,,,yes\n"
	"integer,age,年龄,Age,,,. >= 0 and . < 120,年龄应在0到119之间,Age must be 0 to 119,,,no\n"
	"select_one yn,elderly,家中有老人吗,Elderly at home?,,,,,,,eldercare,\n"
	"select_one sat,eldercare_sat,对养老服务满意吗,Satisfied with elderly care?,,,,,,${elderly} = 'yes',eldercare,\n"
	"begin_repeat,members,家庭成员,Household members,,,,,,,,\n"
	"text,member_name,成员姓名 ${resident},Member's name,,,,,,,,yes\n"
	"integer,member_age,成员年龄,Member's age,,,,,,,,\n"
	"end_repeat,,,,,,,,,,,\n";
static const char set_choices[] =
	"list_name,name,label::中文 (zh),label::English (en)\n"
	"yn,yes,是,Yes\nyn,no,否,No\n"
	"sat,1,满意,Satisfied\nsat,2,一般,Fair\nsat,3,不满意,Dissatisfied\n";
static const char set_settings[] = "form_id,version,form_title,default_language\nneeds_test,2024.1,需求测试,中文 (zh)\n";

static void
test_set_and_bridge(sqlite3 *db)
{
	template_problem *p;
	size_t np, nq;
	template *t;
	template_question *q;
	size_t **groups, ngroups;
	const char *paths[] = { write_tmp("needs.choices.csv", set_choices), write_tmp("other.csv", "type,name\ntext,x\n"),
		write_tmp("needs.survey.csv", set_survey), write_tmp("needs.settings.csv", set_settings) };

	template_group_files(paths, 4, &groups, &ngroups);
	is_int(ngroups, 2, "files sharing a stem are one template, another file one of its own");
	ok(ngroups == 2 && groups[0][0] == 2 && groups[0][1] == 0 && groups[0][2] == 3 && groups[0][3] == SIZE_MAX,
	    "... the survey part first, then its partners");
	template_groups_free(groups, ngroups);

	t = parse(db, paths[2], paths[0], paths[3], &p, &np);
	show_problems(p, np);
	ok(t != NULL, "a NAME.survey/choices/settings.csv set imports");
	if (!t) {
		template_problems_free(p, np);
		return;
	}
	is_str(template_form_id(t), "needs_test", "... form_id from settings");
	is_str(template_version(t), "2024.1", "... version from settings");
	is_int(template_pick_language(t, "zh_CN.UTF-8"), 0, "... the zh_CN locale picks 中文 (zh)");
	is_int(template_pick_language(t, "EN"), 1, "... EN picks English (en)");
	is_int(template_pick_language(t, "fr"), 0, "... French falls to default_language");
	q = template_questions(t, "en", &nq);
	const template_question *x;
	ok((x = question(q, nq, "resident")) && x->personal && !strcmp(x->label, "Name"), "... personal yes, English label");
	ok((x = question(q, nq, "eldercare_sat")) && !strcmp(x->circle, "eldercare") && x->nchoices == 3
	    && !strcmp(x->choices[2].label, "Dissatisfied"), "... circle and choices with labels");
	ok((x = question(q, nq, "member_age")) && x->repeat && !strcmp(x->group, "members"), "... a repeat's question says so");
	template_questions_free(q, nq);

	/* the bridge, in Chinese */
	char *err = NULL;
	template_form *tf = template_form_new(t, "zh", NULL, "test", &err);
	ok(tf != NULL, "the template builds a form model (%s)", err ? err : "");
	free(err);
	if (tf) {
		formmodel *m = template_form_model(tf);
		const fieldset *fs = template_form_fields(tf);
		size_t eld = (size_t)fieldset_find(fs, "elderly"), sat = (size_t)fieldset_find(fs, "eldercare_sat");
		size_t age = (size_t)fieldset_find(fs, "age"), res = (size_t)fieldset_find(fs, "resident");
		size_t mname = (size_t)fieldset_find(fs, "member_name");
		ok(!formmodel_relevant(m, sat, 0), "... the elderly-care question is hidden while nobody says there are elderly");
		formmodel_set(m, eld, 0, "no");
		formmodel_commit(m, eld, 0);
		ok(!formmodel_relevant(m, sat, 0), "... and with no elderly at home");
		formmodel_set(m, eld, 0, "yes");
		formmodel_commit(m, eld, 0);
		ok(formmodel_relevant(m, sat, 0), "... shown when there are");
		formmodel_set(m, age, 0, "130");
		is_str(formmodel_commit(m, age, 0), "年龄应在0到119之间", "... the constraint's message in Chinese");
		is_str(formmodel_commit(m, res, 0), "请填写姓名", "... the required_message for a blank required answer");
		is_str(fs->fields[eld].label, "家中有老人吗", "... labels in Chinese");
		is_str(fs->fields[eld].choices[0].label, "是", "... choices in Chinese");
		is_str(template_form_type(tf, (size_t)fieldset_find(fs, "member_age")), "integer", "... each field knows its template type");
		size_t pages = formmodel_page_count(m);
		formmodel_repeat_add(m, fs->fields[mname].group);
		is_int(formmodel_page_count(m), pages + 1, "... a second household member is a page more");
		formmodel_set(m, res, 0, "王芳");
		char *l = template_form_label(tf, mname, 1);
		is_str(l, "成员姓名 王芳", "... ${resident} in a label shows the answer");
		free(l);
		template_form_free(tf);
	}

	/* storage: versioned */
	is_int(template_store(db, t, &err), 0, "the template is stored (%s)", err ? err : "");
	free(err);
	is_int(template_store(db, t, &err), 1, "storing it again changes nothing");
	free(err);
	template_free(t);
	template_problems_free(p, np);

	char *changed = xstrdup(set_survey);
	memcpy(strstr(changed, ",Name,"), ",Nome,", 6);
	write_tmp("needs.survey.csv", changed);
	t = parse(db, paths[2], paths[0], paths[3], &p, &np);
	ok(t && template_store(db, t, &err) == -1 && err && strstr(err, "2024.1"), "other content under the same version is refused (%s)", err ? err : "");
	free(err);
	err = NULL;
	template_free(t);
	template_problems_free(p, np);
	write_tmp("needs.settings.csv", "form_id,version\nneeds_test,2024.2\n");
	t = parse(db, paths[2], paths[0], paths[3], &p, &np);
	is_int(t ? template_store(db, t, &err) : -2, 0, "a new version is stored beside the old one");
	free(err);
	err = NULL;
	template_free(t);
	template_problems_free(p, np);
	free(changed);
	write_tmp("needs.survey.csv", set_survey);
	write_tmp("needs.settings.csv", set_settings);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_template WHERE form_id = 'needs_test'", -1), 2, "... two versions kept");

	t = template_load(db, "needs_test", NULL, &err);
	ok(t && !strcmp(template_version(t), "2024.2"), "loading by form id gives the newest version");
	template_free(t);
	free(err);
	t = template_load(db, "needs_test", "2024.1", &err);
	ok(t && !strcmp(template_version(t), "2024.1"), "... or the version asked for");
	if (t) {
		q = template_questions(t, "zh", &nq);
		ok((x = question(q, nq, "eldercare_sat")) && !strcmp(x->label, "对养老服务满意吗") && x->nchoices == 3
		    && !strcmp(x->choices[0].label, "满意"), "... read back from its JSON with labels and choices");
		ok((x = question(q, nq, "resident")) && x->personal, "... and personal");
		template_questions_free(q, nq);
		tf = template_form_new(t, "en", NULL, NULL, &err);
		ok(tf && formmodel_page_count(template_form_model(tf)) >= 2, "... and it runs");
		if (tf) {
			formmodel *m = template_form_model(tf);
			size_t age = (size_t)fieldset_find(template_form_fields(tf), "age");
			formmodel_set(m, age, 0, "130");
			is_str(formmodel_commit(m, age, 0), "Age must be 0 to 119", "... with English messages");
		}
		template_form_free(tf);
	}
	template_free(t);
	free(err);
	t = template_load(db, "needs_test", "9", &err);
	ok(!t && err, "an unknown version is an error (%s)", err ? err : "");
	free(err);
}

/* Convert UTF-8 to GB18030 with iconv. */
static char *
to_gb18030(const char *s, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inl = strlen(s), outl = inl * 2 + 16;
	char *out = xcalloc(1, outl + 1), *in = (char *)s, *o = out;

	iconv(cd, &in, &inl, &o, &outl);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	return out;
}

static void
test_gb18030(sqlite3 *db)
{
	size_t len, np, nq;
	char *gb = to_gb18030("type,name,label\nselect_one c,q,您对社区满意吗\n", &len);
	char *gbc = to_gb18030("list_name,name,label\nc,1,满意\nc,2,不满意\n", &(size_t){ 0 });
	template_problem *p;
	template *t;

	spew(tmp("gb.survey.csv"), gb, len);
	len = strlen(gbc);
	spew(tmp("gb.choices.csv"), gbc, len);
	t = parse(db, tmp("gb.survey.csv"), tmp("gb.choices.csv"), NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "a GB18030 set imports");
	if (t) {
		template_question *q = template_questions(t, NULL, &nq);
		ok(nq == 1 && !strcmp(q[0].label, "您对社区满意吗") && q[0].nchoices == 2 && !strcmp(q[0].choices[1].label, "不满意"),
		    "... its Chinese read right");
		template_questions_free(q, nq);
	}
	template_free(t);
	template_problems_free(p, np);
	free(gb);
	free(gbc);
}

static void
test_hostile(sqlite3 *db)
{
	template_problem *p;
	size_t np;
	template *t;
	long before = (long)db_query_int(db, "SELECT count(*) FROM survey_template", -1);

	t = parse(db, write_tmp("bad.csv",
	    "type,name,label,relevant,calculation,constraint,circle,personal\n"
	    "integr,a,A,,,,,\n"                                   /* 2: unknown type */
	    "text,b,B,${nope} = 1,,,,\n"                          /* 3: unknown reference */
	    "text,b,B again,,,,,\n"                               /* 4: duplicate name */
	    "select_one nolist,c,C,,,,,\n"                        /* 5: a list with no choices */
	    "integer,d,D,,,. >< 3,,\n"                            /* 6: bad expression */
	    "calculate,e,,,${f} + 1,,,\n"                         /* 7: circular */
	    "calculate,f,,,${e} * 2,,,\n"                         /* 8 */
	    "text,g,Hello ${missing},,,,,\n"                      /* 9: unknown name in a label */
	    "text,h,H,,,,parks,\n"                                /* 10: not a circle */
	    "text,i,I,,,,,maybe\n"                                /* 11: personal neither yes nor no */
	    "begin_group,grp,G,,,,,\n"),                          /* 12: never ended */
	    NULL, NULL, &p, &np);
	ok(t == NULL, "a template with many problems is refused");
	show_problems(p, np);
	ok(has_problem(p, np, 2, "type", "integr"), "unknown type: row 2, column type");
	ok(has_problem(p, np, 3, "relevant", "nope"), "unknown reference: row 3, column relevant");
	ok(has_problem(p, np, 4, "name", "also on row 3"), "duplicate name: row 4, column name, naming the other row");
	ok(has_problem(p, np, 5, "type", "nolist"), "a list with no choices: row 5, column type");
	ok(has_problem(p, np, 6, "constraint", ""), "a bad expression: row 6, column constraint");
	ok(has_problem(p, np, 7, "calculation", "e → f → e") || has_problem(p, np, 8, "calculation", "f → e → f"),
	    "circular calculations: named in a ring");
	ok(has_problem(p, np, 9, "label", "missing"), "an unknown ${name} in a label: row 9, column label");
	ok(has_problem(p, np, 10, "circle", "parks"), "not a circle code: row 10, column circle");
	ok(has_problem(p, np, 11, "personal", "maybe"), "personal must be yes or no: row 11");
	ok(has_problem(p, np, 12, "type", "never ended"), "a group never ended: row 12");
	is_int(np, 10, "every problem is reported, not only the first");
	template_problems_free(p, np);
	template_free(t);

	t = parse(db, write_tmp("quote.csv", "type,name,label\ntext,a,\"broken\ntext,b,B\n"), NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t == NULL && np >= 1 && strstr(p[0].message, "quote.csv"), "a broken quote is refused with the file and line");
	template_problems_free(p, np);

	{
		/* a row of 2000 cells (over the reader's cap) */
		size_t cap = 2000 * 3 + 64;
		char *big = xmalloc(cap), *w = big;
		w += sprintf(w, "type,name,label\ntext,a");
		for (int i = 0; i < 2000; i++)
			w += sprintf(w, ",x");
		sprintf(w, "\n");
		t = parse(db, write_tmp("huge.csv", big), NULL, NULL, &p, &np);
		show_problems(p, np);
		ok(t == NULL && np >= 1, "a huge row is refused with a message");
		template_problems_free(p, np);
		free(big);
	}
	{
		/* 6000 rows: over the sheet cap */
		size_t cap = 6000 * 24 + 64;
		char *big = xmalloc(cap), *w = big;
		w += sprintf(w, "type,name,label\n");
		for (int i = 0; i < 6000; i++)
			w += sprintf(w, "text,q%d,Q\n", i);
		t = parse(db, write_tmp("many.csv", big), NULL, NULL, &p, &np);
		ok(t == NULL && has_problem(p, np, TEMPLATE_MAX_ROWS + 1, NULL, "rows"), "a sheet over %d rows is refused at the row", TEMPLATE_MAX_ROWS);
		template_problems_free(p, np);
		free(big);
	}
	t = parse(db, write_tmp("nocol.csv", "name,label\na,A\n"), NULL, NULL, &p, &np);
	ok(t == NULL && has_problem(p, np, 1, "", "no type column"), "a survey without a type column is refused");
	template_problems_free(p, np);
	t = parse(db, write_tmp("nested.csv", "type,name\nbegin_repeat,r1\nbegin_repeat,r2\nend_repeat,\nend_group,\n"), NULL, NULL, &p, &np);
	ok(t == NULL && has_problem(p, np, 3, "type", "repeat inside a repeat") && has_problem(p, np, 5, "type", "closes"),
	    "a repeat in a repeat and a mismatched end are refused");
	template_problems_free(p, np);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_template", -1), before, "nothing was stored by any refused template");
}

static void
test_default(sqlite3 *db)
{
	char *err = NULL;
	template *t = template_load(db, "lifecircle_needs", NULL, &err);
	size_t nq;

	ok(t != NULL, "the shipped needs survey is stored at first open (%s)", err ? err : "");
	free(err);
	if (!t)
		return;
	template_question *q = template_questions(t, "en", &nq);
	int circles = 0;
	static const char *const codes[] = { "housing", "commerce", "culture", "education", "eldercare", "health", "cityscape", "response" };
	for (size_t c = 0; c < 8; c++) {
		bool sat = false, miss = false;
		for (size_t i = 0; i < nq; i++)
			if (!strcmp(q[i].circle, codes[c])) {
				sat |= !strcmp(q[i].type, "select_one");
				miss |= !strcmp(q[i].type, "select_multiple") && q[i].nchoices >= 3;
			}
		circles += sat && miss;
	}
	is_int(circles, 8, "... each of the 8 circles has a satisfaction and a missing-services question");
	template_questions_free(q, nq);
	ok(template_pick_language(t, "zh") >= 0 && template_pick_language(t, "en") >= 0, "... in Chinese and English");

	template_form *tf = template_form_new(t, "zh_CN.UTF-8", NULL, NULL, &err);
	ok(tf != NULL, "... it runs (%s)", err ? err : "");
	free(err);
	if (tf) {
		formmodel *m = template_form_model(tf);
		const fieldset *fs = template_form_fields(tf);
		int eld = fieldset_find(fs, "elderly_at_home"), care = fieldset_find(fs, "eldercare_needs");
		int kids = fieldset_find(fs, "small_children"), child = fieldset_find(fs, "childcare_needs");
		ok(eld >= 0 && care >= 0 && kids >= 0 && child >= 0, "... with the elderly and childcare questions");
		if (eld >= 0 && care >= 0 && kids >= 0 && child >= 0) {
			formmodel_set(m, (size_t)eld, 0, "no");
			formmodel_set(m, (size_t)kids, 0, "no");
			ok(!formmodel_relevant(m, (size_t)care, 0) && !formmodel_relevant(m, (size_t)child, 0),
			    "... elderly care and childcare hidden with neither at home");
			formmodel_set(m, (size_t)eld, 0, "yes");
			ok(formmodel_relevant(m, (size_t)care, 0) && !formmodel_relevant(m, (size_t)child, 0), "... elderly care shown with elderly at home");
			formmodel_set(m, (size_t)kids, 0, "yes");
			ok(formmodel_relevant(m, (size_t)child, 0), "... childcare shown with small children");
		}
		template_form_free(tf);
	}
	template_free(t);
}

/* ---- .xlsx: a workbook written here with libzip (inline strings) ---------------------------- */

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static bool
zip_add_text(zip_t *za, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(za, xstrdup(text), strlen(text), 1);
	if (!src || zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return false;
	}
	return true;
}

/* rows: "a|b|c" per row, rows separated by '\n'; each cell an inline string. */
static char *
sheet_xml(const char *rows)
{
	char *x = xstrdup(""), *t;
	long r = 0;

	for (const char *s = rows; *s;) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		char *line = xstrndup(s, len), *cell, *save = NULL, *row = xstrdup("");
		int c = 0;
		r++;
		for (cell = strtok_r(line, "|", &save); cell; cell = strtok_r(NULL, "|", &save), c++) {
			if (*cell == '~')     /* an empty cell */
				continue;
			t = xasprintf("%s<c r=\"%c%ld\" t=\"inlineStr\"><is><t>%s</t></is></c>", row, 'A' + c, r, cell);
			free(row);
			row = t;
		}
		t = xasprintf("%s<row r=\"%ld\">%s</row>", x, r, row);
		free(x);
		free(row);
		free(line);
		x = t;
		s += len + (e ? 1 : 0);
	}
	t = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" NS_MAIN "\"><sheetData>%s</sheetData></worksheet>", x);
	free(x);
	return t;
}

static bool
make_workbook(const char *path, const char *survey, const char *choices, const char *settings)
{
	int e;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
	const char *names[3] = { "survey", "choices", "settings" }, *rows[3] = { survey, choices, settings };
	char *wb = xstrdup(""), *rels = xstrdup(""), *t;
	bool good = za != NULL;

	for (int i = 0; i < 3 && good; i++) {
		char part[64], *xml = sheet_xml(rows[i]);
		t = xasprintf("%s<sheet name=\"%s\" sheetId=\"%d\" r:id=\"rId%d\"/>", wb, names[i], i + 1, i + 1);
		free(wb);
		wb = t;
		t = xasprintf("%s<Relationship Id=\"rId%d\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet%d.xml\"/>", rels, i + 1, i + 1);
		free(rels);
		rels = t;
		snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", i + 1);
		good = zip_add_text(za, part, xml);
		free(xml);
	}
	t = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>%s</sheets></workbook>", wb);
	good = good && zip_add_text(za, "xl/workbook.xml", t);
	free(t);
	t = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">%s</Relationships>", rels);
	good = good && zip_add_text(za, "xl/_rels/workbook.xml.rels", t);
	free(t);
	good = good && zip_add_text(za, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>");
	good = good && zip_add_text(za, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
	free(wb);
	free(rels);
	if (za && zip_close(za) != 0) {
		zip_discard(za);
		good = false;
	}
	return good;
}

static void
test_xlsx(sqlite3 *db)
{
	template_problem *p;
	size_t np, nq;
	template *t;
	const char *path = tmp("form.xlsx");

	ok(make_workbook(path,
	    "type|name|label::中文 (zh)|label::English (en)|relevant\n"
	    "select_one yn|kids|家中有小孩吗|Children at home?\n"
	    "begin_group|care|托育|Childcare|${kids} = 'yes'\n"
	    "integer|places|需要几个托位|Places needed\n"
	    "end_group\n",
	    "list_name|name|label::中文 (zh)|label::English (en)\nyn|yes|是|Yes\nyn|no|否|No\n",
	    "form_id|version\nchildcare|3\n"), "a workbook written");
	t = parse(db, path, NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "an .xlsx template (sheets survey, choices, settings by name) imports");
	if (t) {
		is_str(template_form_id(t), "childcare", "... its settings sheet read");
		template_question *q = template_questions(t, "zh", &nq);
		ok(nq == 2 && !strcmp(q[0].label, "家中有小孩吗") && q[0].nchoices == 2 && !strcmp(q[1].group, "care"),
		    "... its questions, groups and choices");
		template_questions_free(q, nq);
		char *err = NULL;
		template_form *tf = template_form_new(t, "en", NULL, NULL, &err);
		ok(tf != NULL, "... it runs (%s)", err ? err : "");
		free(err);
		if (tf) {
			formmodel *m = template_form_model(tf);
			const fieldset *fs = template_form_fields(tf);
			size_t kids = (size_t)fieldset_find(fs, "kids"), places = (size_t)fieldset_find(fs, "places");
			ok(!formmodel_relevant(m, places, 0), "... a group's relevance hides the questions in it");
			formmodel_set(m, kids, 0, "yes");
			ok(formmodel_relevant(m, places, 0), "... and shows them when it holds");
			is_str(fs->groups[fs->fields[places].group - 1].label, "Childcare", "... the group is a page with its title");
			template_form_free(tf);
		}
	}
	template_free(t);
	template_problems_free(p, np);
	t = parse(db, write_tmp("fake.xlsx", "type,name\ntext,a\n"), NULL, NULL, &p, &np);
	ok(t == NULL && np == 1 && strstr(p[0].message, "fake.xlsx"), "a file named .xlsx that is no workbook is refused, naming it");
	template_problems_free(p, np);
}

static void
test_nested_and_reload(sqlite3 *db)
{
	template_problem *p;
	size_t np;
	char *err = NULL;
	template *t = parse(db, write_tmp("nested_ok.csv",
	    "type,name,label\n"
	    "begin_group,outer,Outer\ntext,q1,Q1\nbegin group,inner,Inner\ntext,q2,Q2\nend group,\ntext,q3,Q3\nend_group,\n"
	    "begin_repeat,members,Members\ninteger,age,Age\nbegin_group,more,More\ntext,job,Job\nend_group,\nend_repeat,\n"
	    "calculate,n,,,\n"), NULL, NULL, &p, &np);
	ok(t == NULL && has_problem(p, np, 15, NULL, "calculation"), "a calculate without a calculation is refused");
	template_problems_free(p, np);
	template_free(t);
	t = parse(db, write_tmp("nested_ok.csv",
	    "type,name,label,calculation\n"
	    "begin_group,outer,Outer,\ntext,q1,Q1,\nbegin group,inner,Inner,\ntext,q2,Q2,\nend group,,,\ntext,q3,Q3,\nend_group,,,\n"
	    "begin_repeat,members,Members,\ninteger,age,Age,\nbegin_group,more,More,\ntext,job,Job,\nend_group,,,\nend_repeat,,,\n"
	    "calculate,n,,count(${members})\n"), NULL, NULL, &p, &np);
	show_problems(p, np);
	ok(t != NULL, "nested groups and a group inside a repeat");
	template_form *tf = t ? template_form_new(t, NULL, NULL, NULL, &err) : NULL;
	free(err);
	if (tf) {
		formmodel *m = template_form_model(tf);
		const fieldset *fs = template_form_fields(tf);
		size_t q1 = (size_t)fieldset_find(fs, "q1"), q2 = (size_t)fieldset_find(fs, "q2"), q3 = (size_t)fieldset_find(fs, "q3");
		size_t age = (size_t)fieldset_find(fs, "age"), job = (size_t)fieldset_find(fs, "job"), n = (size_t)fieldset_find(fs, "n");
		ok(formmodel_page_of(m, q1, 0) != formmodel_page_of(m, q2, 0) && formmodel_page_of(m, q2, 0) != formmodel_page_of(m, q3, 0),
		    "an inner group is a page of its own, and the rest of the outer group another");
		is_str(fs->groups[fs->fields[q3].group - 1].label, "Outer", "... titled as the outer group");
		ok(fs->fields[job].group == fs->fields[age].group, "a group inside a repeat stays on the repeat's page");
		char *v = formmodel_get(m, n, 0);
		is_str(v, "1", "count(${members}) counts the instances");
		free(v);
		formmodel_repeat_add(m, fs->fields[age].group);
		v = formmodel_get(m, n, 0);
		is_str(v, "2", "... and follows an added one");
		free(v);
		is_str(template_form_type(tf, n), "calculate", "... a calculate field says so");
		template_form_free(tf);
	}
	template_problems_free(p, np);
	template_free(t);

	/* the shipped folder loaded again adds nothing */
	long before = (long)db_query_int(db, "SELECT count(*) FROM survey_template", -1);
	char *dir = xasprintf("%s/templates", refdata_dir());
	is_int(template_load_dir(db, dir, &err), 0, "the shipped templates load again (%s)", err ? err : "");
	free(err);
	free(dir);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_template", -1), before, "... adding nothing: the same content is the same record");
}


/* The personal questions' labels, for the export's wording: each label once across templates and
 * versions, in the language asked for, at most max of them, with the count of all. */
static void
test_personal_labels(void)
{
	static const char other[] =
	    "type,name,label::中文 (zh),label::English (en),personal\n"
	    "text,name,姓名,Name,yes\n"            /* the same label as needs_test's resident: once */
	    "text,phone,联系电话,Phone,yes\n"
	    "text,idno,身份证号,ID number,yes\n"
	    "text,addr,,,yes\n"                    /* no label: its name */
	    "integer,age,年龄,Age,no\n";
	sqlite3 *db = test_fresh_db(-1, true);
	template_problem *p;
	size_t np, n;
	template *t;
	char **v, *err = NULL;
	long total;

	if (!db || !save_identity(db, "测试员")) {
		ok(0, "fresh database for the personal labels");
		return;
	}
	total = template_personal_labels(db, "zh", 10, &v, &n, &err);
	is_int(total, 1, "a fresh database: the shipped questionnaire marks one question personal (%s)", err ? err : "");
	ok(n == 1 && !strcmp(v[0], "联系电话(自愿填写)"), "... its phone, by its Chinese label");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	t = parse(db, write_tmp("pl.survey.csv", set_survey), write_tmp("pl.choices.csv", set_choices),
	    write_tmp("pl.settings.csv", set_settings), &p, &np);
	template_problems_free(p, np);
	ok(t && template_store(db, t, &err) == 0, "needs_test stored");
	template_free(t);
	t = parse(db, write_tmp("contact.csv", other), NULL, NULL, &p, &np);
	template_problems_free(p, np);
	ok(t && template_store(db, t, &err) == 0, "a second template stored");
	template_free(t);
	total = template_personal_labels(db, "zh_CN.UTF-8", 10, &v, &n, &err);
	is_int(total, 6, "six distinct personal questions in the three templates (姓名 once)");
	is_int(n, 6, "... all six listed under a cap of 10");
	if (n == 6) {
		is_str(v[0], "姓名", "... in Chinese, the templates by form_id: contact's 姓名 first");
		is_str(v[1], "联系电话", "... 联系电话");
		is_str(v[2], "身份证号", "... 身份证号");
		is_str(v[3], "addr", "... a question without a label by its name");
		is_str(v[4], "联系电话(自愿填写)", "... then the shipped questionnaire's phone");
		is_str(v[5], "成员姓名", "... then needs_test's member name, its ${resident} left out (its resident is 姓名, listed)");
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	total = template_personal_labels(db, "en", 2, &v, &n, &err);
	is_int(total, 6, "in English six as well");
	is_int(n, 2, "... two of them under a cap of 2");
	if (n == 2) {
		is_str(v[0], "Name", "... in English: Name");
		is_str(v[1], "Phone", "... Phone");
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	sqlite3_close(db);
}
int
main(void)
{
	sqlite3 *db;

	setlocale(LC_ALL, "C.UTF-8");
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lc-template-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	db = test_fresh_db(-1, true);
	if (!db || !save_identity(db, "测试员")) {
		ok(0, "fresh database");
		return tap_done();
	}
	test_conformance(db);
	test_conformance_folder(db);
	test_set_and_bridge(db);
	test_gb18030(db);
	test_hostile(db);
	test_default(db);
	test_xlsx(db);
	test_nested_and_reload(db);
	test_personal_labels();
	sqlite3_close(db);
	rm_rf(tmpdir);
	return tap_done();
}
