/* test_survey_verify.c - double entry of paper questionnaires without a terminal: survey_save_answers_tx
 * inside the caller's transaction (rolled back: nothing; committed: the answers), the first keying of a
 * complete response, the same operator refused, the second keying blind over the same pages (skip
 * logic follows what is keyed and decided; repeat members added as on the screen), a difference that
 * must be decided before saving, the save keeping both keyings and the decision and putting the
 * verified answers into the response in one transaction, and the response's row in the double-entry
 * list (survey_entry_state): keyed once, verified, decided, edited after verification. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "surveytest.h"
#include "db.h"
#include "doubleentry.h"
#include "pagesource.h"
#include "record.h"
#include "settings.h"
#include "survey.h"
#include "surveyrun.h"
#include "template.h"
#include "util.h"

static char dir[64];

static const char *
path(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static char *
stored(sqlite3 *db, const char *id, const char *key)
{
	char *p = xasprintf("$.\"%s\"", key);
	const char *params[2] = { id, p };
	char *v = db_query_text(db, "SELECT CASE WHEN json_type(answers, ?2) IS NULL THEN '(not stored)'"
	    " WHEN json_type(answers, ?2) = 'array' THEN (SELECT group_concat(value, ' ') FROM json_each(answers, ?2))"
	    " ELSE coalesce(json_extract(answers, ?2), '') END FROM survey_response WHERE id = ?1", 2, params);

	free(p);
	return v;
}

static char *
list_state(sqlite3 *db, const char *id)
{
	const char *params[1] = { id };

	return db_query_text(db, "SELECT state || '|' || first_op || '|' || second_op FROM survey_entry_state"
	    " WHERE response_id = ?1", 1, params);
}

static size_t
members_group(surveyrun *r)
{
	return template_form_fields(surveyrun_template_form(r))->fields[survey_test_field(r, "member_name")].group;
}

/* Operator op keys a whole response (the first keying) and finishes it; its id into id. */
static bool
key_first(sqlite3 *db, const char *op, const char *elderly, const char *age, char id[UUID_TEXT_LEN])
{
	char *err = NULL;
	size_t f, inst;
	surveyrun *r;
	bool good;

	settings_set(db, "operator", op);
	if (!(r = surveyrun_new(db, "t_ver", "community-1", "东园小区", "en", &err))) {
		printf("# start: %s\n", err ? err : "?");
		free(err);
		return false;
	}
	survey_test_answer(r, "size", 0, "3");
	survey_test_answer(r, "elderly", 0, elderly);
	if (age)
		survey_test_answer(r, "elderly_age", 0, age);
	survey_test_answer(r, "needs", 0, "canteen clinic");
	survey_test_answer(r, "comment", 0, "希望增加老年食堂");
	formmodel_repeat_add(surveyrun_model(r), members_group(r));
	survey_test_answer(r, "member_name", 0, "张三");
	survey_test_answer(r, "member_name", 1, "李四");
	good = surveyrun_finish(r, db, &f, &inst, &err) == 0;
	if (!good)
		printf("# finish: %s\n", err ? err : "?");
	snprintf(id, UUID_TEXT_LEN, "%s", surveyrun_id(r));
	free(err);
	surveyrun_free(r);
	return good;
}

static surveyrun *
open_verify(sqlite3 *db, const char *id, de_keying *first)
{
	char *err = NULL;
	surveyrun *r = surveyrun_open_verify(db, id, "en", &err);

	if (!r || doubleentry_survey_first(db, id, "en", first, &err) != 0) {
		printf("# open_verify: %s\n", err ? err : "?");
		free(err);
		surveyrun_free(r);
		return NULL;
	}
	doubleentry_begin(surveyrun_model(r), first);
	return r;
}

/* The survey responses' double-entry list: a page after a key, each way, filtered by state or not,
 * comes straight off an index (no sort), so it pages through 1,000,000 responses alike. */
static void
test_list_plan(sqlite3 *db)
{
	page_source *ps = pagesource_sql_new(db, doubleentry_survey_list());
	page pg = { 0 };

	test_trace_pages(db, true);
	for (int variant = 0; variant < 4; variant++) {
		bool filtered = variant & 1, desc = variant & 2;
		const char *want = filtered ? "INDEX ses_state_date (" : "INDEX ses_date (";
		char *plan;

		ps->set_sort(ps, DE_SCOL_DATE, desc);
		ps->set_condition(ps, "state", filtered ? "decided" : NULL);
		plan = test_keyed_page_plan(db, ps, &pg);
		ok(test_traced_page && strstr(plan, want) && !strstr(plan, "TEMP B-TREE"), "the list by date%s%s: an index, no sort (%s)",
		    desc ? " descending" : "", filtered ? ", one state" : "", plan);
		free(plan);
	}
	test_trace_pages(db, false);
	free(test_traced_page);
	test_traced_page = NULL;
	page_clear(&pg);
	ps->free(ps);
	/* A response's row is refreshed by its id: the view is not walked by status (see migrate.c). */
	{
		char *plan = test_query_plan(db, "SELECT * FROM survey_entry_row WHERE response_id IN (SELECT 'x')");
		ok(strstr(plan, "SEARCH r USING INDEX sqlite_autoindex_survey_response_1 (id=?)") != NULL,
		    "a response's list row is found by its id (%s)", plan);
		free(plan);
	}
}

static void
test_save_tx(sqlite3 *db, const char *id)
{
	survey_question q = { "comment", SURVEY_TEXT, NULL, 0, NULL };
	survey_value v = { "comment", true, "在事务里" };
	char *err = NULL;

	ok(db_begin(db) == 0, "a caller's transaction begins");
	is_int(survey_save_answers_tx(db, id, &q, 1, &v, 1, &err), 0, "survey_save_answers_tx writes inside it (%s)", err ? err : "");
	is_str_free(stored(db, id, "comment"), "在事务里", "the caller sees the answer before committing");
	db_rollback(db);
	is_str_free(stored(db, id, "comment"), "希望增加老年食堂", "rolled back by the caller: the answer is as it was");
	ok(db_begin(db) == 0 && survey_save_answers_tx(db, id, &q, 1, &v, 1, &err) == 0 && db_commit(db) == 0,
	    "committed by the caller");
	is_str_free(stored(db, id, "comment"), "在事务里", "the answer is kept");
	v.value = "希望增加老年食堂";
	is_int(survey_save_answers(db, id, &q, 1, &v, 1, &err), 0, "survey_save_answers still saves in a transaction of its own");
	q.type = SURVEY_INTEGER;
	v.value = "many";
	ok(db_begin(db) == 0 && survey_save_answers_tx(db, id, &q, 1, &v, 1, &err) == -1 && err,
	    "a refused value fails inside the transaction with a message (%s)", err ? err : "");
	free(err);
	db_rollback(db);
	ok(sqlite3_get_autocommit(db), "and leaves the transaction to the caller, who rolled it back");
	is_str_free(stored(db, id, "comment"), "希望增加老年食堂", "nothing of it was written");
}

int
main(void)
{
	sqlite3 *db = test_fresh_db(-1, true);
	const char *files[3], *example = NULL;
	template_problem *probs = NULL;
	size_t nprobs = 0, f = 0, inst = 0, age_f;
	template *t;
	surveyrun *r;
	formmodel *m;
	de_keying first;
	char id[UUID_TEXT_LEN], id2[UUID_TEXT_LEN], id3[UUID_TEXT_LEN], *err = NULL, *msg;
	int diffs = -1;

	snprintf(dir, sizeof dir, "/tmp/lc-survver-XXXXXX");
	if (!db || !mkdtemp(dir)) {
		printf("Bail out! no database or folder\n");
		return 1;
	}
	spew(path("v.survey.csv"), "", 0);
	{
		const char *survey = "type,name,label,required,constraint,relevant\n"
		    "text,estate,Estate,,,\n"
		    "integer,size,Household size,yes,. >= 1,\n"
		    "select_one yn,elderly,Elderly at home?,yes,,\n"
		    "integer,elderly_age,Age of the eldest,,. >= 60,${elderly} = 'yes'\n"
		    "select_multiple needs,needs,Missing services,,,\n"
		    "text,comment,Comment,,,\n"
		    "begin_repeat,members,Members,,,\n"
		    "text,member_name,Name,,,\n"
		    "end_repeat,,,,,\n";
		const char *choices = "list_name,name,label\nyn,yes,Yes\nyn,no,No\n"
		    "needs,canteen,Canteen\nneeds,clinic,Clinic\nneeds,park,Park\n";
		spew(path("v.survey.csv"), survey, strlen(survey));
		spew(path("v.choices.csv"), choices, strlen(choices));
		spew(path("v.settings.csv"), "form_id,version\nt_ver,1\n", 24);
	}
	files[0] = path("v.survey.csv");
	files[1] = path("v.choices.csv");
	files[2] = path("v.settings.csv");
	t = template_parse(db, files, 3, &probs, &nprobs);
	ok(t && template_store(db, t, &err) == 0, "the test template is stored (%zu problems)", nprobs);
	template_free(t);
	template_problems_free(probs, nprobs);

	ok(key_first(db, "甲", "yes", "72", id), "operator 甲 keys a response with an elderly member and two members");
	is_str_free(list_state(db, id), "once|甲|", "the double-entry list shows it keyed once, by 甲");
	test_save_tx(db, id);

	/* ---- who may verify, and what the first keying is ---------------------------------------------- */
	ok(doubleentry_survey_first(db, id, "en", &first, &err) == 0, "the first keying of the complete response");
	is_str(first.operator_name, "甲", "keyed by 甲");
	is_str(de_keying_get(&first, "elderly_age"), "72", "with the answer shown by skip logic");
	is_str(de_keying_get(&first, "members[2].member_name"), "李四", "each repeat member's answer by instance");
	is_str(de_keying_get(&first, "needs"), "canteen clinic", "a multiple choice as its choice names");
	msg = doubleentry_can_verify(db, DE_KIND_SURVEY, id, &first);
	ok(msg && strstr(msg, "甲"), "甲 may not verify it: the message names the first operator (%s)", msg ? msg : "");
	free(msg);
	de_keying_free(&first);
	settings_set(db, "operator", "乙");
	{
		char draft_id[UUID_TEXT_LEN] = "", *e2 = NULL;
		surveyrun *d = surveyrun_new(db, "t_ver", "community-1", "", "en", &e2);
		if (d && survey_test_answer(d, "size", 0, "2") == NULL && surveyrun_save(d, db, &e2) == 0)
			snprintf(draft_id, sizeof draft_id, "%s", surveyrun_id(d));
		surveyrun_free(d);
		ok(*draft_id && doubleentry_survey_first(db, draft_id, "en", &first, &e2) == 1, "a draft cannot be keyed twice");
		free(e2);
		de_keying_free(&first);
		ok(list_state(db, draft_id) == NULL, "nor is a draft in the double-entry list");
	}

	/* ---- the second keying, blind, with one difference ---------------------------------------------- */
	r = open_verify(db, id, &first);
	ok(r != NULL, "乙 opens the second keying");
	if (!r)
		return tap_done();
	m = surveyrun_model(r);
	msg = doubleentry_can_verify(db, DE_KIND_SURVEY, id, &first);
	ok(msg == NULL, "乙 may verify it (%s)", msg ? msg : "");
	free(msg);
	is_str(formmodel_raw(m, survey_test_field(r, "size"), 0), "", "blind: no answer of the first keying is in the form");
	is_int(formmodel_instances(m, survey_test_field(r, "member_name")), 1, "the repeat starts with one member, as on paper");
	is_str(formmodel_raw(m, survey_test_field(r, "estate"), 0), "东园小区", "the estate question starts with the response's estate");
	age_f = survey_test_field(r, "elderly_age");
	ok(survey_test_answer(r, "size", 0, "３") == NULL && !formmodel_verify_differs(m, survey_test_field(r, "size"), 0),
	    "a full-width 3 is no difference");
	ok(survey_test_answer(r, "elderly", 0, "no") == NULL && formmodel_verify_differs(m, survey_test_field(r, "elderly"), 0),
	    "elderly: no differs from the first keying's yes");
	ok(!formmodel_relevant(m, age_f, 0), "while no stands, skip logic hides the age question");
	ok(formmodel_verify_pending(m, &f, &inst) && f == survey_test_field(r, "elderly"), "the difference is pending");
	ok(doubleentry_survey_save(db, r, &first, &diffs, &err) == -1 && err, "saving with it undecided is refused (%s)", err ? err : "");
	free(err);
	err = NULL;
	is_str_free(db_query_text(db, "SELECT count(*) FROM entry_keying", 0, NULL), "0", "and wrote nothing");
	msg = formmodel_verify_decide(m, survey_test_field(r, "elderly"), 0, FORMMODEL_KEEP_FIRST, NULL);
	ok(msg == NULL, "decided: the first keying (yes) was right");
	free(msg);
	ok(formmodel_relevant(m, age_f, 0), "the age question is shown again, to be keyed in the same walk");
	ok(survey_test_answer(r, "elderly_age", 0, "72") == NULL && !formmodel_verify_differs(m, age_f, 0), "72, as the first keying");
	ok(survey_test_answer(r, "needs", 0, "canteen  clinic") == NULL && !formmodel_verify_differs(m, survey_test_field(r, "needs"), 0),
	    "the same choices are no difference");
	ok(survey_test_answer(r, "comment", 0, "希望增加老年食堂") == NULL, "the comment in Chinese, the same");
	ok(survey_test_answer(r, "member_name", 0, "张三") == NULL, "the first member");
	is_int(doubleentry_unkeyed(&first, m, &example), 1, "the second member is not keyed yet: one first answer has no field");
	is_str(example, "members[2].member_name", "named");
	formmodel_repeat_add(m, members_group(r));
	ok(survey_test_answer(r, "member_name", 1, "李思") == NULL && formmodel_verify_differs(m, survey_test_field(r, "member_name"), 1),
	    "the second member added: 李思 differs from 李四");
	msg = formmodel_verify_decide(m, survey_test_field(r, "member_name"), 1, FORMMODEL_RETYPED, "李四");
	ok(msg == NULL, "typed again from the paper: 李四");
	free(msg);
	is_int(doubleentry_unkeyed(&first, m, &example), 0, "every first answer has its field");
	ok(formmodel_validate(m, &f, &inst), "the second keying is valid");
	is_int(doubleentry_survey_save(db, r, &first, &diffs, &err), 0, "saved (%s)", err ? err : "");
	is_int(diffs, 2, "two differences decided");
	surveyrun_free(r);
	de_keying_free(&first);

	/* ---- what was kept --------------------------------------------------------------------------------- */
	is_str_free(db_query_text(db, "SELECT group_concat(pass || ':' || operator || ':' || differences, ' ') FROM"
	    " (SELECT * FROM entry_keying WHERE record_kind = 'survey_response' ORDER BY pass)", 0, NULL),
	    "1:甲:0 2:乙:2", "both keyings are kept, each by its operator");
	is_str_free(db_query_text(db, "SELECT group_concat(field || '=' || first_value || '/' || second_value || '>' || chosen"
	    " || ':' || final_value, ' ') FROM (SELECT * FROM entry_decision ORDER BY field)", 0, NULL),
	    "elderly=yes/no>first:yes members[2].member_name=李四/李思>third:李四", "and each decision");
	is_str_free(db_query_text(db, "SELECT json_extract(keyed_values, '$.elderly') FROM entry_keying WHERE pass = 2", 0, NULL),
	    "no", "the second keying holds what was typed");
	is_str_free(stored(db, id, "elderly"), "yes", "the response holds the verified answers");
	is_str_free(stored(db, id, "elderly_age"), "72", "the answer shown again is stored");
	is_str_free(stored(db, id, "members[2].member_name"), "李四", "the retyped member");
	is_str_free(stored(db, id, "needs"), "canteen clinic", "the multiple choice");
	is_str_free(db_query_text(db, "SELECT status FROM survey_response WHERE id = ?1", 1, (const char *[]){ id }),
	    "complete", "still complete");
	is_str_free(list_state(db, id), "decided|甲|乙", "the list shows it decided, keyed by 甲 and 乙");
	ok(doubleentry_survey_first(db, id, "en", &first, &err) == 0 && strcmp(first.operator_name, "甲") == 0,
	    "the stored first keying is by 甲");
	settings_set(db, "operator", "丙");
	msg = doubleentry_can_verify(db, DE_KIND_SURVEY, id, &first);
	ok(msg != NULL, "a third keying is refused (%s)", msg ? msg : "");
	free(msg);
	de_keying_free(&first);

	/* ---- edited after verification, and back ----------------------------------------------------------- */
	{
		survey_question q = { "comment", SURVEY_TEXT, NULL, 0, NULL };
		survey_value v = { "comment", true, "改过了" };
		is_int(survey_save_answers(db, id, &q, 1, &v, 1, &err), 0, "the verified response is changed");
		is_str_free(list_state(db, id), "edited|甲|乙", "the list shows it edited after verification");
		v.value = "希望增加老年食堂";
		survey_save_answers(db, id, &q, 1, &v, 1, &err);
		is_str_free(list_state(db, id), "decided|甲|乙", "changed back: decided again");

		/* verified again: 丙 changes the comment, 丁 keys the questionnaire again, blind */
		settings_set(db, "operator", "丙");
		v.value = "改过了";
		is_int(survey_save_answers(db, id, &q, 1, &v, 1, &err), 0, "丙 changes the verified response");
		is_str_free(list_state(db, id), "edited|甲|乙", "edited after verification");
		ok(doubleentry_survey_first(db, id, "en", &first, &err) == 0, "the first keying of a new round");
		is_str(de_keying_get(&first, "comment"), "改过了", "... is the response as it stands, the change in it");
		is_str(first.operator_name, "丙", "... by who changed it");
		msg = doubleentry_can_verify(db, DE_KIND_SURVEY, id, &first);
		ok(msg && strstr(msg, "丙"), "丙 may not verify the change (%s)", msg ? msg : "allowed");
		free(msg);
		de_keying_free(&first);
		settings_set(db, "operator", "丁");
		r = open_verify(db, id, &first);
		ok(r != NULL, "丁 opens a new second keying");
		if (r) {
			m = surveyrun_model(r);
			is_str(formmodel_raw(m, survey_test_field(r, "comment"), 0), "", "blind again");
			survey_test_answer(r, "size", 0, "3");
			survey_test_answer(r, "elderly", 0, "yes");
			survey_test_answer(r, "elderly_age", 0, "72");
			survey_test_answer(r, "needs", 0, "canteen clinic");
			survey_test_answer(r, "comment", 0, "改过了");
			survey_test_answer(r, "member_name", 0, "张三");
			formmodel_repeat_add(m, members_group(r));
			survey_test_answer(r, "member_name", 1, "李四");
			ok(!formmodel_verify_pending(m, &f, &inst), "the same answers: no difference");
			is_int(doubleentry_survey_save(db, r, &first, &diffs, &err), 0, "saved (%s)", err ? err : "");
			is_int(diffs, 0, "none decided");
			surveyrun_free(r);
		}
		de_keying_free(&first);
		is_str_free(list_state(db, id), "verified|丙|丁", "verified again: the new round's operators");
		is_str_free(db_query_text(db, "SELECT group_concat(pass || ':' || operator || ':' || deleted, ' ') FROM"
		    " (SELECT * FROM entry_keying WHERE record_id = ?1 ORDER BY rowid)", 1, (const char *[]){ id }),
		    "1:甲:0 2:乙:0 1:丙:0 2:丁:0", "both rounds of keyings are kept, none deleted");
		is_str_free(db_query_text(db, "SELECT count(*) FROM entry_decision WHERE deleted = 0", 0, NULL), "2",
		    "the first round's decisions are kept");
		is_str_free(stored(db, id, "comment"), "改过了", "the response holds the answers verified again");
	}

	/* ---- no difference: verified; a save that fails writes nothing ------------------------------------- */
	ok(key_first(db, "甲", "no", NULL, id2), "甲 keys a second response, no elderly at home");
	settings_set(db, "operator", "乙");
	r = open_verify(db, id2, &first);
	ok(r != NULL, "乙 opens it");
	if (r) {
		survey_test_answer(r, "size", 0, "3");
		survey_test_answer(r, "elderly", 0, "no");
		survey_test_answer(r, "needs", 0, "clinic canteen");
		ok(formmodel_verify_differs(surveyrun_model(r), survey_test_field(r, "needs"), 0), "the choices in another order differ");
		msg = formmodel_verify_decide(surveyrun_model(r), survey_test_field(r, "needs"), 0, FORMMODEL_KEEP_FIRST, NULL);
		free(msg);
		survey_test_answer(r, "comment", 0, "希望增加老年食堂");
		formmodel_repeat_add(surveyrun_model(r), members_group(r));
		survey_test_answer(r, "member_name", 0, "张三");
		survey_test_answer(r, "member_name", 1, "李四");
		test_exec(db, "CREATE TEMP TRIGGER refuse BEFORE UPDATE OF answers ON survey_response"
		    " BEGIN SELECT raise(ABORT, 'disk full'); END");
		ok(doubleentry_survey_save(db, r, &first, &diffs, &err) == -1 && err, "a refused answer write fails (%s)", err ? err : "");
		free(err);
		err = NULL;
		is_str_free(db_query_text(db, "SELECT count(*) FROM entry_keying WHERE record_id = ?1", 1, (const char *[]){ id2 }),
		    "0", "and no keying of it was kept: one transaction");
		test_exec(db, "DROP TRIGGER refuse");
		is_int(doubleentry_survey_save(db, r, &first, &diffs, &err), 0, "saved once the database takes it");
		is_int(diffs, 1, "one difference decided");
		surveyrun_free(r);
	}
	de_keying_free(&first);
	is_str_free(list_state(db, id2), "decided|甲|乙", "listed as decided");
	test_list_plan(db);
	ok(key_first(db, "甲", "no", NULL, id3), "a third response");
	settings_set(db, "operator", "乙");
	r = open_verify(db, id3, &first);
	if (r) {
		survey_test_answer(r, "size", 0, "3");
		survey_test_answer(r, "elderly", 0, "no");
		survey_test_answer(r, "needs", 0, "canteen clinic");
		survey_test_answer(r, "comment", 0, "希望增加老年食堂");
		formmodel_repeat_add(surveyrun_model(r), members_group(r));
		survey_test_answer(r, "member_name", 0, "张三");
		survey_test_answer(r, "member_name", 1, "李四");
		is_int(doubleentry_survey_save(db, r, &first, &diffs, &err), 0, "keyed again with no difference: saved");
		is_int(diffs, 0, "no difference");
		surveyrun_free(r);
	}
	de_keying_free(&first);
	is_str_free(list_state(db, id3), "verified|甲|乙", "listed as verified");
	is_str_free(db_query_text(db, "SELECT group_concat(state, ' ') FROM (SELECT state FROM survey_entry_state"
	    " WHERE state = 'verified' ORDER BY surveyed_on, response_id)", 0, NULL), "verified verified",
	    "the list filtered by state has it, and the first response, verified again");
	record_delete(db, "survey_response", id3, "delete", &err);
	ok(list_state(db, id3) == NULL, "a deleted response leaves the list");
	free(err);

	unlink(path("v.survey.csv"));
	unlink(path("v.choices.csv"));
	unlink(path("v.settings.csv"));
	rmdir(dir);
	sqlite3_close(db);
	return tap_done();
}
