/* test_formmodel.c - the form model without a terminal: values as loaded and edited, dirty state,
 * normalising, validating (kind, check, constraints reading other answers), relevance hiding and
 * showing fields, read-only, calculated and note fields, defaults, pages, repeating groups, and
 * the focus order (hidden, read-only and calculated fields skipped, across pages and instances),
 * and drafts, including a draft write that fails and is retried. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "formmodel.h"
#include "draft.h"
#include "util.h"

/* The draft table as the schema has it; an in-memory database keeps the test to the model. */
static sqlite3 *
draft_db(void)
{
	sqlite3 *db = NULL;

	sqlite3_open(":memory:", &db);
	sqlite3_exec(db, "CREATE TABLE draft (form TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,"
	    " updated_at TEXT NOT NULL, PRIMARY KEY (form, field)) STRICT;", NULL, NULL, NULL);
	return db;
}

static size_t
idx(const fieldset *fs, const char *name)
{
	return (size_t)fieldset_find(fs, name);
}

/* Value of field name (instance inst) compared with want; frees the copy. */
static void
is_value(const formmodel *m, const char *name, size_t inst, const char *want, const char *what)
{
	char *v = formmodel_get_by_name(m, name, inst);
	is_str(v, want, "%s", what);
	free(v);
}

/* ---- a household survey shaped like an XLSForm ---------------------------------------- */

/* "Why not" is asked only when "works" is no. */
static bool
relevant_when_not_working(const formmodel *m, size_t inst, void *ud)
{
	char *v = formmodel_get_by_name(m, "works", inst);
	bool r = v && strcmp(v, "no") == 0;
	(void)ud;
	free(v);
	return r;
}

/* The number of members is the repeat's instance count. */
static char *
calc_member_count(const formmodel *m, size_t inst, void *ud)
{
	(void)inst;
	(void)ud;
	return xasprintf("%zu", formmodel_instances(m, fieldset_find(formmodel_fields(m), "age")));
}

/* A member cannot be older than the head of household plus 60 (reads another answer). */
static char *
age_constraint(const formmodel *m, const field_def *f, size_t inst, const char *value, void *ud)
{
	char *head = formmodel_get_by_name(m, "head_age", 0);
	char *err = NULL;
	(void)f;
	(void)inst;
	(void)ud;
	if (*value && *head && atoi(value) > atoi(head) + 60)
		err = xstrdup("older than the head of household allows");
	free(head);
	return err;
}

static void
build(fieldset *fs)
{
	field_def *f;
	size_t g_house, g_members;

	f = fieldset_add(fs, "intro", "Answer for the whole household.", FIELD_NOTE);
	f = fieldset_add(fs, "name", "Name", FIELD_TEXT);
	f->required = true;
	f->max_chars = 10;
	f = fieldset_add(fs, "code", "Code", FIELD_TEXT);
	f->code = true;
	f = fieldset_add(fs, "head_age", "Head's age", FIELD_INTEGER);
	field_set_range(f, true, 0, true, 120);
	f = fieldset_add(fs, "created", "Created", FIELD_DATE);
	f->read_only = true;
	g_house = fieldset_add_group(fs, "house", "Housing", false);
	f = fieldset_add(fs, "works", "Works", FIELD_YESNO);
	f->group = g_house;
	f->default_value = xstrdup("yes");
	f = fieldset_add(fs, "why_not", "Why not", FIELD_TEXT);
	f->group = g_house;
	f->required = true;
	f->relevant = relevant_when_not_working;
	f = fieldset_add(fs, "members_n", "Members", FIELD_INTEGER);
	f->group = g_house;
	f->calculate = calc_member_count;
	g_members = fieldset_add_group(fs, "members", "Members", true);
	f = fieldset_add(fs, "age", "Age", FIELD_INTEGER);
	f->group = g_members;
	f->constraint = age_constraint;
	f = fieldset_add(fs, "phone", "Phone", FIELD_PHONE);
	f->group = g_members;
}

static void
test_values_dirty(const fieldset *fs)
{
	formmodel *m = formmodel_new(fs, NULL);

	ok(!formmodel_dirty(m), "a new model is not dirty");
	is_value(m, "works", 0, "yes", "a default is the starting value");
	is_int(formmodel_load(m, idx(fs, "name"), 0, "滨河"), 0, "load returns 0 for a whole value");
	ok(!formmodel_dirty(m), "a loaded value is not an edit");
	is_int(formmodel_set(m, idx(fs, "name"), 0, "滨河社区"), 0, "set returns 0");
	ok(formmodel_dirty(m), "a changed value makes the model dirty");
	formmodel_set(m, idx(fs, "name"), 0, "滨河");
	ok(!formmodel_dirty(m), "changing it back is not dirty");
	is_int(formmodel_set(m, idx(fs, "name"), 0, "一二三四五六七八九十十一"), 1, "a value over the limit is cut and says so");
	is_str(formmodel_raw(m, idx(fs, "name"), 0), "一二三四五六七八九十", "cut at 10 characters, on a character boundary");
	ok(formmodel_was_cut(m, idx(fs, "name"), 0), "the slot remembers it was cut");
	is_int(formmodel_load(m, idx(fs, "name"), 0, "一二三四五六七八九十十一"), 1, "a loaded value over the limit says it was cut");
	is_int(formmodel_set(m, idx(fs, "created"), 0, "2024-01-01"), -1, "a read-only field cannot be set");
	is_int(formmodel_set(m, idx(fs, "intro"), 0, "x"), -1, "a note cannot be set");
	is_int(formmodel_set(m, idx(fs, "members_n"), 0, "9"), -1, "a calculated field cannot be set");
	ok(!formmodel_editable(m, idx(fs, "created"), 0), "read-only is not editable");
	is_value(m, "intro", 0, "", "a note has no value");
	is_value(m, "members_n", 0, "1", "a calculated field computes its value");
	formmodel_repeat_add(m, fs->fields[idx(fs, "age")].group);
	is_value(m, "members_n", 0, "2", "the calculation follows the other answers");
	ok(formmodel_dirty(m), "adding an instance is an edit");
	formmodel_free(m);
}

static void
test_normalise_validate(const fieldset *fs)
{
	formmodel *m = formmodel_new(fs, NULL);
	size_t f = 0, k = 0;

	formmodel_set(m, idx(fs, "code"), 0, "ＨＢＷ－０１０１");
	ok(formmodel_commit(m, idx(fs, "code"), 0) == NULL, "a full-width code is fine after folding");
	is_str(formmodel_raw(m, idx(fs, "code"), 0), "HBW-0101", "a code field folds full-width letters and digits");
	formmodel_set(m, idx(fs, "head_age"), 0, "　４５　");
	formmodel_commit(m, idx(fs, "head_age"), 0);
	is_str(formmodel_raw(m, idx(fs, "head_age"), 0), "45", "a number folds full-width digits and U+3000");
	formmodel_set(m, idx(fs, "name"), 0, "　　 ");
	ok(formmodel_commit(m, idx(fs, "name"), 0) != NULL, "a name of only ideographic spaces is empty: required fails");
	formmodel_set(m, idx(fs, "name"), 0, "张\xe2\x80\xae三");
	ok(formmodel_commit(m, idx(fs, "name"), 0) && strstr(formmodel_error(m, idx(fs, "name"), 0), "202E"),
	    "a bidi override in a name is refused, naming the character");
	formmodel_set(m, idx(fs, "head_age"), 0, "99999999999999999999999");
	ok(formmodel_commit(m, idx(fs, "head_age"), 0) && strstr(formmodel_error(m, idx(fs, "head_age"), 0), "120")
	    && !strstr(formmodel_error(m, idx(fs, "head_age"), 0), "9223372036854775807"),
	    "a number beyond 64 bits names the field's limit (120)");
	formmodel_set(m, idx(fs, "head_age"), 0, "30");
	formmodel_set(m, idx(fs, "name"), 0, "张三");
	formmodel_set(m, idx(fs, "age"), 0, "95");
	ok(!formmodel_validate(m, &f, &k), "a constraint over another answer fails validation");
	is_int(f, idx(fs, "age"), "the first bad field is the member's age");
	is_int(k, 0, "in the first instance");
	formmodel_set(m, idx(fs, "head_age"), 0, "40");
	ok(formmodel_validate(m, &f, &k), "changing the other answer satisfies the constraint");
	formmodel_set_error(m, idx(fs, "name"), 0, "taken");
	is_str(formmodel_error(m, idx(fs, "name"), 0), "taken", "an error from saving is kept on its field");
	formmodel_free(m);
}

static void
test_relevance(const fieldset *fs)
{
	formmodel *m = formmodel_new(fs, NULL);
	size_t why = idx(fs, "why_not"), f = 0;

	formmodel_set(m, idx(fs, "name"), 0, "张三");
	ok(!formmodel_relevant(m, why, 0), "'why not' is hidden while works = yes");
	ok(formmodel_validate(m, NULL, NULL), "a hidden required field is not validated");
	formmodel_set(m, idx(fs, "works"), 0, "no");
	ok(formmodel_relevant(m, why, 0), "works = no shows 'why not'");
	ok(!formmodel_validate(m, &f, NULL), "the shown required field is now validated");
	is_int(f, why, "and it is the one that fails");
	formmodel_set(m, why, 0, "退休");
	is_value(m, "why_not", 0, "退休", "the shown field has its answer");
	formmodel_set(m, idx(fs, "works"), 0, "yes");
	is_value(m, "why_not", 0, "", "hidden again, it has no answer");
	is_str(formmodel_raw(m, why, 0), "退休", "but what was typed is kept should it be shown again");
	is_int(formmodel_set(m, why, 0, "x"), -1, "a hidden field cannot be set");
	formmodel_free(m);
}

static void
test_pages_repeats(const fieldset *fs)
{
	formmodel *m = formmodel_new(fs, NULL);
	size_t g = fs->fields[idx(fs, "age")].group, age = idx(fs, "age");
	formmodel_page pg;
	char *t;

	is_int(formmodel_page_count(m), 3, "ungrouped fields, a group and one member: 3 pages");
	pg = formmodel_page_at(m, 1);
	is_int(pg.first, idx(fs, "works"), "page 2 starts at the group's first field");
	is_int(pg.end, idx(fs, "age"), "and ends after its last");
	t = formmodel_page_title(m, 0);
	ok(t == NULL, "a page outside groups has no title");
	t = formmodel_page_title(m, 1);
	is_str(t, "Housing", "a group's page has its label as title");
	free(t);
	is_int(formmodel_repeat_add(m, g), 1, "a second member is instance 1");
	is_int(formmodel_page_count(m), 4, "each member is a page");
	t = formmodel_page_title(m, 3);
	is_str(t, "Members (2 of 2)", "a repeat page's title counts instances");
	free(t);
	is_int(formmodel_page_of(m, age, 1), 3, "the second member's age is on page 4");
	pg = formmodel_page_at(m, 3);
	is_int(pg.inst, 1, "page 4 shows instance 1");
	formmodel_set(m, age, 0, "30");
	formmodel_set(m, age, 1, "8");
	is_value(m, "age", 1, "8", "each instance has its own value");
	is_int(formmodel_repeat_remove(m, g, 0), 0, "removing the first member");
	is_value(m, "age", 0, "8", "the second member moved up");
	is_int(formmodel_instances(m, age), 1, "one member left");
	is_int(formmodel_repeat_remove(m, g, 0), -1, "the last instance cannot be removed");
	formmodel_repeat_add(m, g);
	is_value(m, "age", 1, "", "a new instance starts empty (its default)");
	formmodel_free(m);
}

static void
test_focus_order(const fieldset *fs)
{
	formmodel *m = formmodel_new(fs, NULL);
	size_t f = idx(fs, "name"), k = 0, g = fs->fields[idx(fs, "age")].group;

	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "code"), "Tab from the name goes to the code");
	f = idx(fs, "head_age");
	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "works"), "the read-only date is skipped: next is the next page's first field");
	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "age"), "'why not' (hidden) and the calculated count are skipped");
	formmodel_set(m, idx(fs, "works"), 0, "no");
	f = idx(fs, "works");
	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "why_not"), "once shown, 'why not' takes the focus");
	f = idx(fs, "phone");
	k = 0;
	ok(formmodel_is_last(m, f, k), "the only member's phone is the last field");
	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "name"), "Tab from the last field goes round to the first");
	formmodel_repeat_add(m, g);
	f = idx(fs, "phone");
	k = 0;
	ok(!formmodel_is_last(m, f, k), "with a second member it is not the last");
	ok(formmodel_step(m, &f, &k, 1) && f == idx(fs, "age") && k == 1, "Tab goes on to the second member's age");
	ok(formmodel_step(m, &f, &k, -1) && f == idx(fs, "phone") && k == 0, "Shift-Tab goes back to the first member's phone");
	f = idx(fs, "name");
	k = 0;
	ok(formmodel_step(m, &f, &k, -1) && f == idx(fs, "phone") && k == 1, "Shift-Tab from the first field goes round to the last");
	ok(formmodel_page_focus(m, 1, &f, &k) && f == idx(fs, "works"), "PgDn to page 2 focuses its first field");
	ok(formmodel_page_focus(m, 3, &f, &k) && f == idx(fs, "age") && k == 1, "page 4 is the second member");
	ok(!formmodel_page_focus(m, 4, &f, &k), "there is no page 5");
	formmodel_free(m);
}

static void
test_drafts(const fieldset *fs)
{
	sqlite3 *db = draft_db();
	formmodel *m = formmodel_new(fs, "survey"), *m2;
	size_t g = fs->fields[idx(fs, "age")].group, age = idx(fs, "age");
	char *name;

	name = formmodel_draft_name(m, age, 1);
	is_str(name, "members[2].age", "a repeat field's draft key names group and instance");
	free(name);
	ok(!formmodel_draft_pending(m), "nothing typed, nothing pending");
	formmodel_set(m, idx(fs, "name"), 0, "王五");
	formmodel_repeat_add(m, g);
	formmodel_set(m, age, 1, "12");
	ok(formmodel_draft_pending(m), "typing is pending until written");
	is_int(formmodel_draft_save(m, db), 0, "the draft is written");
	ok(!formmodel_draft_pending(m), "nothing pending after a good write");
	{
		char *v = draft_get(db, "survey", "members[2].age");
		is_str(v, "12", "the second member's age is in the draft under its own key");
		free(v);
	}
	m2 = formmodel_new(fs, "survey");
	ok(formmodel_draft_restore(m2, db) >= 2, "a new model restores the draft");
	is_int(formmodel_instances(m2, age), 2, "with the repeat's instance count");
	is_value(m2, "age", 1, "12", "and each instance's values");
	is_value(m2, "name", 0, "王五", "and the plain fields");
	ok(formmodel_dirty(m2), "restored values are edits (not saved yet)");
	formmodel_free(m2);

	/* A write that fails (as a locked database or a full disk would) is not counted as kept. */
	sqlite3_exec(db, "CREATE TRIGGER no_ins BEFORE INSERT ON draft BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
	    "CREATE TRIGGER no_upd BEFORE UPDATE ON draft BEGIN SELECT RAISE(ABORT, 'disk full'); END;", NULL, NULL, NULL);
	formmodel_set(m, idx(fs, "name"), 0, "王五一");
	ok(formmodel_draft_save(m, db) > 0, "a failed write is reported");
	ok(formmodel_draft_pending(m), "and the typing stays pending");
	ok(formmodel_draft_save(m, db) > 0, "still failing: retried and reported again");
	sqlite3_exec(db, "DROP TRIGGER no_ins; DROP TRIGGER no_upd;", NULL, NULL, NULL);
	is_int(formmodel_draft_save(m, db), 0, "the retry succeeds once the database takes writes");
	ok(!formmodel_draft_pending(m), "nothing pending after the retry");
	{
		char *v = draft_get(db, "survey", "name");
		is_str(v, "王五一", "the retried value is in the draft");
		free(v);
	}

	/* Removing an instance rewrites the rows of those that moved up. */
	formmodel_set(m, age, 0, "40");
	formmodel_draft_save(m, db);
	formmodel_repeat_remove(m, g, 0);
	ok(formmodel_draft_pending(m), "removing an instance leaves rows to rewrite");
	formmodel_draft_save(m, db);
	m2 = formmodel_new(fs, "survey");
	formmodel_draft_restore(m2, db);
	is_int(formmodel_instances(m2, age), 1, "the draft holds one member after the removal");
	is_value(m2, "age", 0, "12", "the remaining member's age is the moved one");
	formmodel_free(m2);

	/* A draft value longer than its field (written by an older version or by hand) is cut and says so. */
	draft_put(db, "survey", "name", "一二三四五六七八九十十一十二");
	m2 = formmodel_new(fs, "survey");
	formmodel_draft_restore(m2, db);
	is_str(formmodel_raw(m2, idx(fs, "name"), 0), "一二三四五六七八九十", "a restored value is cut at the field's limit");
	ok(formmodel_was_cut(m2, idx(fs, "name"), 0), "and the model says it was cut");
	ok(!formmodel_was_cut(m2, idx(fs, "code"), 0), "a whole value is not marked cut");
	formmodel_free(m2);

	is_int(formmodel_draft_clear(m, db), 0, "clearing the draft");
	ok(!draft_exists(db, "survey"), "no draft rows are left");
	formmodel_free(m);
	sqlite3_close(db);
}

int
main(void)
{
	fieldset fs = { 0 };

	setlocale(LC_ALL, "C.UTF-8");
	build(&fs);
	test_values_dirty(&fs);
	test_normalise_validate(&fs);
	test_relevance(&fs);
	test_pages_repeats(&fs);
	test_focus_order(&fs);
	test_drafts(&fs);
	fieldset_free(&fs);
	return tap_done();
}
