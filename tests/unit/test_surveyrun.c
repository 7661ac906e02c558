/* test_surveyrun.c - the survey runner without a terminal (surveyrun.h) over a small template of its
 * own, started as the program starts one (surveyrun_new: a record from the first answer, none when
 * nothing is answered) with the defaults remembered, defaults and the estate prefilled,
 * constraints with the template's messages (a refused value is not stored), required answers with
 * their message, relevance (a hidden answer stored as not shown, a blank one as shown and blank), a
 * calculation, repeats (members stored by instance, a removed one dropped, a count erased and typed
 * again losing no member), the field draft restored and the draft resumed at the first unanswered
 * field, finishing and reopening; a draft answered before repeat_count applied keeps every member. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "testutil.h"
#include "surveytest.h"
#include "db.h"
#include "draft.h"
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

static void
write_file(const char *name, const char *text)
{
	spew(path(name), text, strlen(text));
}

/* The answer stored for key in response id ("" when shown and blank), or NULL when not stored. */
static char *
stored(sqlite3 *db, const char *id, const char *key)
{
	char *p = xasprintf("$.\"%s\"", key);
	const char *params[2] = { id, p };
	char *v = db_query_text(db, "SELECT CASE WHEN json_type(answers, ?2) IS NULL THEN NULL"
	    " ELSE coalesce(json_extract(answers, ?2), '') END FROM survey_response WHERE id = ?1", 2, params);

	free(p);
	return v;
}

static bool
stored_is(sqlite3 *db, const char *id, const char *key, const char *want)
{
	char *v = stored(db, id, key);
	bool same = want ? v && strcmp(v, want) == 0 : v == NULL;

	if (!same)
		printf("# %s: got %s, want %s\n", key, v ? v : "(not stored)", want ? want : "(not stored)");
	free(v);
	return same;
}

static int
save(surveyrun *r, sqlite3 *db)
{
	char *err = NULL;
	int rc = surveyrun_save(r, db, &err);

	if (rc != 0)
		printf("# save: %s\n", err ? err : "?");
	free(err);
	return rc;
}

static surveyrun *
open_run(sqlite3 *db, const char *id)
{
	char *err = NULL;
	surveyrun *r = surveyrun_open(db, id, "en", &err);

	if (!r)
		printf("# open: %s\n", err ? err : "?");
	free(err);
	return r;
}

/* Import name.survey.csv / name.choices.csv (written by the caller) as a template; true when stored. */
static bool
import_template(sqlite3 *db, const char *name)
{
	char *s = xasprintf("%s.survey.csv", name), *c = xasprintf("%s.choices.csv", name), *err = NULL;
	const char *files[2] = { path(s), path(c) };
	template_problem *probs = NULL;
	size_t nprobs = 0;
	template *t = template_parse(db, files, 2, &probs, &nprobs);
	bool stored_ok = t && template_store(db, t, &err) == 0;

	for (size_t i = 0; i < nprobs; i++) {
		char *line = template_problem_text(&probs[i]);
		printf("# %s\n", line);
		free(line);
	}
	template_problems_free(probs, nprobs);
	template_free(t);
	free(err);
	free(s);
	free(c);
	return stored_ok;
}

/* The names of the choices field offers for instance 0, space-separated (fresh). */
static char *
offered_names(surveyrun *r, const char *name)
{
	const fieldset *fs = template_form_fields(surveyrun_template_form(r));
	size_t f = survey_test_field(r, name);
	char *out = xstrdup("");

	for (size_t c = 0; c < fs->fields[f].nchoices; c++)
		if (formmodel_choice_shown(surveyrun_model(r), f, 0, c)) {
			char *n = xasprintf("%s%s%s", out, *out ? " " : "", fs->fields[f].choices[c].value);
			free(out);
			out = n;
		}
	return out;
}

/* choice_filter: bare names are columns of the choices sheet; an answer the filter no longer offers is
 * cleared and the field stays shown. */
static void
test_choice_filter(sqlite3 *db)
{
	char *err = NULL, *v;
	size_t f = 0, inst = 0;
	surveyrun *r;

	write_file("cf.survey.csv",
	    "type,name,label,required,choice_filter\n"
	    "select_one county,county,County,yes,\n"
	    "select_one village,village,Village,yes,county=${county}\n"
	    "select_multiple shop,shops,Shops,,county = ${county} or county = 'all'\n"
	    "select_one village,any_village,Any village,,\n");
	write_file("cf.choices.csv",
	    "list_name,name,label,county\n"
	    "county,a,County A,\ncounty,b,County B,\n"
	    "village,a1,Village A1,a\nvillage,a2,Village A2,a\nvillage,b1,Village B1,b\n"
	    "shop,s1,Shop 1,a\nshop,s2,Shop 2,b\nshop,s3,Shop 3,all\n");
	ok(import_template(db, "cf"), "a template with choice filters imports");
	write_file("cfbad.survey.csv", "type,name,label,choice_filter\nselect_one county,county,County,\n"
	    "select_one village,village,Village,district=${county}\n");
	write_file("cfbad.choices.csv", "list_name,name,label,county\ncounty,a,A,\nvillage,a1,A1,a\n");
	ok(!import_template(db, "cfbad"), "a filter naming a column the choices lack is refused");
	if (!(r = surveyrun_new(db, "cf", "community-1", "", "en", &err))) {
		ok(false, "the choice filter response opens (%s)", err ? err : "");
		free(err);
		return;
	}
	v = offered_names(r, "village");
	is_str(v, "", "no county yet: no village is offered");
	free(v);
	ok(survey_test_answer(r, "county", 0, "a") == NULL, "county a");
	v = offered_names(r, "village");
	is_str(v, "a1 a2", "county a offers its two villages (county=${county} on the choices' county column)");
	free(v);
	v = offered_names(r, "shops");
	is_str(v, "s1 s3", "a select_multiple filtered with or: county a's shop and the one for all");
	free(v);
	v = offered_names(r, "any_village");
	is_str(v, "a1 a2 b1", "a question without a filter offers every choice of the same list");
	free(v);
	ok(survey_test_answer(r, "village", 0, "a2") == NULL && survey_test_answer(r, "shops", 0, "s1 s3") == NULL, "village a2, shops s1 and s3");
	ok(survey_test_answer(r, "any_village", 0, "a1") == NULL, "the unfiltered question takes a1");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, surveyrun_id(r), "village", "a2"), "the village is stored");
	ok(survey_test_answer(r, "county", 0, "b") == NULL, "the county changes to b");
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "village"), 0), "", "village a2 is no longer offered: cleared");
	ok(formmodel_relevant(surveyrun_model(r), survey_test_field(r, "village"), 0), "and the village question is still shown");
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "shops"), 0), "s3", "the shops keep only the one still offered");
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "any_village"), 0), "a1", "the unfiltered answer is untouched");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, surveyrun_id(r), "village", "") && stored_is(db, surveyrun_id(r), "shops", "[\"s3\"]"), "the cleared answer is stored as shown and blank");
	ok(surveyrun_finish(r, db, &f, &inst, &err) == 1 && f == survey_test_field(r, "village"), "finishing stops at the required village now blank");
	ok(survey_test_answer(r, "village", 0, "b1") == NULL && surveyrun_finish(r, db, &f, &inst, &err) == 0, "b1 is offered and the response finishes");
	ok(stored_is(db, surveyrun_id(r), "village", "b1"), "village b1 is stored");
	surveyrun_free(r);
	free(err);
}

/* repeat_count: a number or an expression gives a repeat exactly that many members, in step with the
 * answer it reads; the operator cannot add or remove them. */
static void
test_repeat_count(sqlite3 *db)
{
	char id[UUID_TEXT_LEN], *err = NULL;
	surveyrun *r;
	size_t name, room, g;

	write_file("rc.survey.csv",
	    "type,name,label,repeat_count\n"
	    "integer,household_size,Household size,\n"
	    "begin_repeat,members,Members,${household_size}\n"
	    "text,member_name,Name,\n"
	    "end_repeat,,,\n"
	    "begin_repeat,rooms,Rooms,2\n"
	    "text,room,Room,\n"
	    "end_repeat,,,\n");
	write_file("rc.choices.csv", "list_name,name,label\n");
	ok(import_template(db, "rc"), "a template with repeat_count (an expression and a number) imports");
	write_file("rcbad.survey.csv", "type,name,label,repeat_count\nbegin_repeat,members,Members,${size}\ntext,n,Name,\nend_repeat,,,\n");
	write_file("rcbad.choices.csv", "list_name,name,label\n");
	ok(!import_template(db, "rcbad"), "a repeat_count naming an unknown field is refused");
	if (!(r = surveyrun_new(db, "rc", "community-1", "", "en", &err))) {
		ok(false, "the repeat_count response opens (%s)", err ? err : "");
		free(err);
		return;
	}
	name = survey_test_field(r, "member_name");
	room = survey_test_field(r, "room");
	g = template_form_fields(surveyrun_template_form(r))->fields[name].group;
	is_int((int)formmodel_instances(surveyrun_model(r), name), 0, "no household size yet: no members");
	is_int((int)formmodel_instances(surveyrun_model(r), room), 2, "repeat_count 2: two rooms");
	ok(survey_test_answer(r, "household_size", 0, "3") == NULL, "household size 3");
	is_int((int)formmodel_instances(surveyrun_model(r), name), 3, "three members");
	ok(formmodel_repeat_fixed(surveyrun_model(r), g), "the members' count is fixed");
	ok(formmodel_repeat_add(surveyrun_model(r), g) == SIZE_MAX && formmodel_repeat_remove(surveyrun_model(r), g, 0) == -1
	    && formmodel_instances(surveyrun_model(r), name) == 3, "a member can be neither added nor removed");
	ok(survey_test_answer(r, "member_name", 0, "张三") == NULL && survey_test_answer(r, "member_name", 1, "李四") == NULL
	    && survey_test_answer(r, "member_name", 2, "王五") == NULL, "three members named");
	is_int(save(r, db), 0, "saved");
	snprintf(id, sizeof id, "%s", surveyrun_id(r));
	ok(stored_is(db, id, "members[3].member_name", "王五"), "the third member is stored");
	surveyrun_free(r);
	r = open_run(db, id);
	ok(r && formmodel_instances(surveyrun_model(r), name) == 3 && strcmp(formmodel_raw(surveyrun_model(r), name, 2), "王五") == 0,
	    "opened again: three members with their names");
	if (!r)
		return;
	/* the operator corrects the household size as typing does, a key at a time: backspace leaves it
	 * blank (no members) for a moment, then 3 again; no member's answer may go with that moment */
	formmodel_set(surveyrun_model(r), survey_test_field(r, "household_size"), 0, "");
	is_int((int)formmodel_instances(surveyrun_model(r), name), 0, "the size erased: no member pages for the moment");
	formmodel_set(surveyrun_model(r), survey_test_field(r, "household_size"), 0, "3");
	ok(formmodel_instances(surveyrun_model(r), name) == 3 && !strcmp(formmodel_raw(surveyrun_model(r), name, 0), "张三")
	    && !strcmp(formmodel_raw(surveyrun_model(r), name, 2), "王五"), "3 typed again: the three members come back with their names");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "members[3].member_name", "王五"), "and nothing was lost");
	ok(survey_test_answer(r, "household_size", 0, "2") == NULL && formmodel_instances(surveyrun_model(r), name) == 2,
	    "household size 2: two members");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "members[2].member_name", "李四") && stored_is(db, id, "members[3].member_name", NULL),
	    "the third member's answer is gone, the others kept");
	ok(survey_test_answer(r, "household_size", 0, "5000") == NULL && formmodel_instances(surveyrun_model(r), name) == FORMMODEL_MAX_INSTANCES,
	    "a huge count is capped at %d", FORMMODEL_MAX_INSTANCES);
	ok(survey_test_answer(r, "household_size", 0, "") == NULL && formmodel_instances(surveyrun_model(r), name) == 0, "a blank count: none");
	surveyrun_free(r);
	free(err);
}

/* What the runner stored before repeat_count applied: n members named as given, as the old runner
 * (F7 adding members freely) stored them into response id, and one room beyond the fixed 2. */
static int
legacy_members(sqlite3 *db, const char *id, const char *const *names, int n)
{
	survey_question qs[8];
	survey_value vals[8];
	char *keys[8], *err = NULL;
	int rc, k;

	for (k = 0; k < n && k < 7; k++) {
		keys[k] = xasprintf("members[%d].member_name", k + 1);
		qs[k] = (survey_question){ keys[k], SURVEY_TEXT, NULL, 0, NULL };
		vals[k] = (survey_value){ keys[k], true, names[k] };
	}
	keys[k] = xstrdup("rooms[3].room");
	qs[k] = (survey_question){ keys[k], SURVEY_TEXT, NULL, 0, NULL };
	vals[k] = (survey_value){ keys[k], true, "阁楼" };
	rc = survey_save_answers(db, id, qs, k + 1, vals, k + 1, &err);
	if (rc != 0)
		printf("# legacy answers: %s\n", err ? err : "?");
	for (int i = 0; i <= k; i++)
		free(keys[i]);
	free(err);
	return rc;
}

/* The raw value of name's instance inst, or "(none)" past the instances. */
static const char *
raw(surveyrun *r, const char *name, size_t inst)
{
	size_t f = survey_test_field(r, name);

	return inst < formmodel_instances(surveyrun_model(r), f) ? formmodel_raw(surveyrun_model(r), f, inst) : "(none)";
}

/* A draft from before repeat_count applied holds more members than the count gives now: resuming it
 * drops none of them. They are shown beyond the count (and a member being typed comes back from the
 * field draft); saving keeps them; F8 (formmodel_repeat_remove) removes them one by one down to the
 * count and no further; once the count covers them they are ordinary members again. */
static void
test_legacy_members(sqlite3 *db)
{
	static const char *const four[4] = { "甲", "乙", "丙", "丁" };
	char id[UUID_TEXT_LEN], *err = NULL, *key, *text, *v;
	surveyrun *r = surveyrun_new(db, "rc", "community-1", "", "en", &err);
	formmodel *m;
	size_t name, g, rg, f = 0, inst = 0;

	ok(r && survey_test_answer(r, "household_size", 0, "2") == NULL && save(r, db) == 0 && surveyrun_stored(r),
	    "a response to the counted template: household size 2 (%s)", err ? err : "");
	if (!r || !surveyrun_stored(r)) {
		surveyrun_free(r);
		free(err);
		return;
	}
	snprintf(id, sizeof id, "%s", surveyrun_id(r));
	surveyrun_free(r);
	is_int(legacy_members(db, id, four, 4), 0, "four members and a third room stored as before repeat_count applied");
	key = xasprintf("survey_response:%s", id);
	ok(draft_put(db, key, "members[]", "5") == 0 && draft_put(db, key, "members[5].member_name", "戊") == 0,
	    "and a fifth member being typed in the field draft");
	free(key);

	r = open_run(db, id);
	if (!r)
		return;
	m = surveyrun_model(r);
	name = survey_test_field(r, "member_name");
	g = template_form_fields(surveyrun_template_form(r))->fields[name].group;
	rg = template_form_fields(surveyrun_template_form(r))->fields[survey_test_field(r, "room")].group;
	is_int((int)formmodel_instances(m, name), 5, "resumed: all five members are there, though the count says 2");
	ok(!strcmp(raw(r, "member_name", 0), "甲") && !strcmp(raw(r, "member_name", 3), "丁"), "with their stored names");
	is_str(raw(r, "member_name", 4), "戊", "and the fifth's typing back from the field draft");
	is_int((int)formmodel_repeat_extra(m, g), 3, "three members beyond the count");
	ok(formmodel_repeat_fixed(m, g) && formmodel_repeat_add(m, g) == SIZE_MAX, "the count still rules adding: none can be added");
	is_int((int)formmodel_instances(m, survey_test_field(r, "room")), 3, "the third room of a fixed count of 2 is there too");
	is_str(raw(r, "room", 2), "阁楼", "with its answer");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "members[4].member_name", "丁") && stored_is(db, id, "rooms[3].room", "阁楼"),
	    "saving drops none of them");
	text = surveyrun_answers_text(db, id, "en", &err);
	ok(text && strstr(text, "Members 4 — Name: 丁") && strstr(text, "Rooms 3 — Room: 阁楼"), "the answers as read show them");
	free(text);
	surveyrun_free(r);

	r = open_run(db, id);
	if (!r)
		return;
	m = surveyrun_model(r);
	is_int((int)formmodel_instances(m, name), 5, "opened again: still five");
	is_int(formmodel_repeat_remove(m, g, 1), 0, "the second member is removed");
	ok(formmodel_instances(m, name) == 4 && formmodel_repeat_extra(m, g) == 2, "four left, two beyond the count");
	ok(!strcmp(raw(r, "member_name", 1), "丙") && !strcmp(raw(r, "member_name", 3), "戊"), "the later ones moved up");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "members[2].member_name", "丙") && stored_is(db, id, "members[4].member_name", "戊")
	    && stored_is(db, id, "members[5].member_name", NULL), "stored as they stand now");
	ok(formmodel_repeat_remove(m, g, 3) == 0 && formmodel_repeat_remove(m, g, 2) == 0, "two more removed");
	ok(formmodel_instances(m, name) == 2 && formmodel_repeat_extra(m, g) == 0, "down to the count of 2");
	is_int(formmodel_repeat_remove(m, g, 0), -1, "and no further: the count rules again");
	ok(formmodel_repeat_remove(m, rg, 2) == 0 && formmodel_repeat_remove(m, rg, 0) == -1
	    && formmodel_instances(m, survey_test_field(r, "room")) == 2, "the third room removed, the fixed two stay");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "members[3].member_name", NULL) && stored_is(db, id, "rooms[3].room", NULL)
	    && stored_is(db, id, "members[2].member_name", "丙"), "the removed ones are gone, the rest kept");
	is_int(surveyrun_finish(r, db, &f, &inst, &err), 0, "the response finishes");
	key = xasprintf("survey_response:%s", id);
	v = db_query_text(db, "SELECT count(*) FROM draft WHERE form = ?1", 1, (const char *[]){ key });
	is_str(v, "0", "and its field draft is dropped");
	free(v);
	free(key);
	surveyrun_free(r);

	/* the count grows to cover them: ordinary members from then on */
	ok(legacy_members(db, id, four, 4) == 0 && (r = open_run(db, id)) != NULL, "another draft with four members, count 2");
	if (!r)
		return;
	m = surveyrun_model(r);
	ok(survey_test_answer(r, "household_size", 0, "5") == NULL && formmodel_instances(m, name) == 5
	    && formmodel_repeat_extra(m, g) == 0, "household size 5: five members, none beyond");
	is_str(raw(r, "member_name", 3), "丁", "the fourth keeps its name");
	ok(survey_test_answer(r, "household_size", 0, "3") == NULL && formmodel_instances(m, name) == 3,
	    "covered once, the count rules as for any response: 3 gives three");
	surveyrun_free(r);

	/* a count not answered yet gives none: the members answered stay all the same */
	r = surveyrun_new(db, "rc", "community-1", "", "en", &err);
	ok(r && survey_test_answer(r, "room", 0, "朝南") == NULL && save(r, db) == 0 && surveyrun_stored(r), "a room answered makes the record");
	if (r && surveyrun_stored(r)) {
		snprintf(id, sizeof id, "%s", surveyrun_id(r));
		ok(legacy_members(db, id, four, 2) == 0, "two members stored as before");
	}
	surveyrun_free(r);
	r = open_run(db, id);
	ok(r && formmodel_instances(surveyrun_model(r), name) == 2 && !strcmp(raw(r, "member_name", 1), "乙"),
	    "resumed: both members, though no household size gives any");
	surveyrun_free(r);
	free(err);
}

/* A new response is a record from its first answer: starting and leaving without answering leaves
 * nothing behind; the first answer makes the draft record and from then the field draft is kept. */
static void
test_first_answer(sqlite3 *db)
{
	long before = db_query_int(db, "SELECT count(*) FROM survey_response", -1);
	char *err = NULL, id[UUID_TEXT_LEN];
	surveyrun *r = surveyrun_new(db, "t_run", "community-1", "西园小区", "en", &err);
	size_t f = 0, inst = 0;
	survey_response_info info;
	char *v;

	ok(r != NULL, "a new response opens (%s)", err ? err : "");
	if (!r)
		return;
	ok(!surveyrun_stored(r) && !*surveyrun_id(r), "it is not a record yet");
	v = settings_get(db, SURVEYRUN_KEY_ESTATE);
	is_str(v, "西园小区", "the estate is remembered as the next default");
	free(v);
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "estate"), 0), "西园小区", "the estate question starts with it");
	formmodel_set(surveyrun_model(r), survey_test_field(r, "size"), 0, "4");
	formmodel_draft_save(surveyrun_model(r), db);
	ok(save(r, db) == 0 && survey_test_answer(r, "comment", 0, "") == NULL && save(r, db) == 0, "saving with typing not left and a blank left");
	is_int(db_query_int(db, "SELECT count(*) FROM survey_response", -1), before, "no record yet");
	is_int(db_query_int(db, "SELECT count(*) FROM draft WHERE form LIKE 'survey_response:%'", -1), 0,
	    "and no field draft");
	surveyrun_free(r);
	is_int(db_query_int(db, "SELECT count(*) FROM survey_response", -1), before, "left without an answer: nothing is left behind");

	r = surveyrun_new(db, "t_run", "community-1", "西园小区", "en", &err);
	if (!r)
		return;
	ok(survey_test_answer(r, "size", 0, "4") == NULL && save(r, db) == 0, "the first answer is saved");
	ok(surveyrun_stored(r) && strlen(surveyrun_id(r)) == 36, "the response is a record now");
	snprintf(id, sizeof id, "%s", surveyrun_id(r));
	ok(survey_get(db, id, &info) == 0 && !info.complete && strcmp(info.estate, "西园小区") == 0 &&
	    strcmp(info.community, "community-1") == 0 && strcmp(info.template_id, "t_run") == 0, "a draft record in its community and estate");
	survey_response_info_free(&info);
	ok(stored_is(db, id, "size", "4"), "with the first answer");
	formmodel_set(surveyrun_model(r), survey_test_field(r, "city"), 0, "石嘴山");
	formmodel_draft_save(surveyrun_model(r), db);
	surveyrun_free(r);   /* the program ends with the city being typed */
	r = open_run(db, id);
	ok(r && strcmp(formmodel_raw(surveyrun_model(r), survey_test_field(r, "city"), 0), "石嘴山") == 0, "from then on the typing is kept in its field draft");
	surveyrun_free(r);

	r = surveyrun_new(db, "rc", "community-1", "", "en", &err);
	ok(r && surveyrun_finish(r, db, &f, &inst, &err) == 0 && surveyrun_stored(r), "finishing a new response with nothing required makes a record");
	ok(r && survey_get(db, surveyrun_id(r), &info) == 0 && info.complete, "a complete one");
	if (r)
		survey_response_info_free(&info);
	surveyrun_free(r);
	ok(!surveyrun_new(db, "no_such_form", "community-1", "", "en", &err) && err, "an unknown template is refused");
	free(err);
}

/* required and readonly written as expressions (XLSForm allows `${age} > 60`), evaluated like relevant. */
static void
test_required_expr(sqlite3 *db)
{
	char *err = NULL;
	surveyrun *r;
	formmodel *m;
	size_t f = 0, inst = 0;

	write_file("rq.survey.csv",
	    "type,name,label,required,required_message,readonly\n"
	    "integer,age,Age,yes,,\n"
	    "text,pension_no,Pension number,${age} > 60,Over 60: the pension number please,\n"
	    "text,school,School,,,${age} >= 18\n"
	    "text,office,Office,,,true()\n");
	write_file("rq.choices.csv", "list_name,name,label\n");
	ok(import_template(db, "rq"), "a template with required and readonly expressions imports");
	write_file("rqbad.survey.csv", "type,name,label,required\ninteger,age,Age,\ntext,p,P,${agee} > 60\n");
	write_file("rqbad.choices.csv", "list_name,name,label\n");
	ok(!import_template(db, "rqbad"), "a required expression naming an unknown field is refused");
	write_file("rqbad2.survey.csv", "type,name,label,personal\ntext,p,P,${p} = 1\n");
	write_file("rqbad2.choices.csv", "list_name,name,label\n");
	ok(!import_template(db, "rqbad2"), "personal still takes yes or no only");
	{
		const char *files[1];
		template_problem *probs = NULL;
		size_t np = 0;
		write_file("rqbad3.survey.csv", "type,name,label,required\ntext,p,P,maybe\n");
		files[0] = path("rqbad3.survey.csv");
		template_free(template_parse(db, files, 1, &probs, &np));
		ok(np == 1 && strstr(probs[0].message, "\"maybe\" is neither yes nor no, nor an expression") && !strcmp(probs[0].column, "required"),
		    "required = maybe: neither yes/no nor an expression, said so (%s)", np ? probs[0].message : "");
		template_problems_free(probs, np);
	}
	if (!(r = surveyrun_new(db, "rq", "community-1", "", "en", &err))) {
		ok(false, "the required expression response opens (%s)", err ? err : "");
		free(err);
		return;
	}
	m = surveyrun_model(r);
	ok(survey_test_answer(r, "age", 0, "30") == NULL, "aged 30");
	ok(!formmodel_required(m, survey_test_field(r, "pension_no"), 0) && survey_test_answer(r, "pension_no", 0, "") == NULL,
	    "under 60 the pension number may be left blank");
	ok(formmodel_editable(m, survey_test_field(r, "school"), 0) == false, "aged 30 the school is read-only (${age} >= 18)");
	ok(!formmodel_editable(m, survey_test_field(r, "office"), 0), "readonly true() is read-only");
	ok(survey_test_answer(r, "age", 0, "70") == NULL && formmodel_required(m, survey_test_field(r, "pension_no"), 0), "aged 70 the pension number is required");
	is_str(survey_test_answer(r, "pension_no", 0, ""), "Over 60: the pension number please", "left blank it is refused with the template's message");
	ok(surveyrun_finish(r, db, &f, &inst, &err) == 1 && f == survey_test_field(r, "pension_no"), "finishing stops at it");
	ok(survey_test_answer(r, "age", 0, "12") == NULL && formmodel_editable(m, survey_test_field(r, "school"), 0), "aged 12 the school can be answered");
	ok(survey_test_answer(r, "school", 0, "第一小学") == NULL && surveyrun_finish(r, db, &f, &inst, &err) == 0, "and the response finishes");
	ok(stored_is(db, surveyrun_id(r), "school", "第一小学") && stored_is(db, surveyrun_id(r), "pension_no", ""), "the answers are stored");
	surveyrun_free(r);
	free(err);
}

/* surveyrun_answers_text: labels in the language asked for (${name} filled), choices by their labels,
 * repeat members numbered, a hidden question left out, a blank one as "(blank)", calculations out. */
static void
test_answers_text(sqlite3 *db)
{
	char *err = NULL, *text, id[UUID_TEXT_LEN];
	size_t f = 0, inst = 0;
	surveyrun *r;

	write_file("at.survey.csv",
	    "type,name,label::中文 (zh),label::English (en),relevant,calculation\n"
	    "text,estate,小区,Estate,,\n"
	    "select_one yn,elderly,家中有老人吗,Elderly at home?,,\n"
	    "integer,elderly_age,老人年龄,Age of the eldest,${elderly} = 'yes',\n"
	    "select_multiple needs,needs,${estate}缺少什么,What does ${estate} lack?,,\n"
	    "calculate,twice,,,,1 + 1\n"
	    "text,comment,意见,Comment,,\n"
	    "begin_repeat,members,家庭成员,Members,,\n"
	    "text,member_name,姓名,Name,,\n"
	    "end_repeat,,,,,\n");
	write_file("at.choices.csv", "list_name,name,label::中文 (zh),label::English (en)\n"
	    "yn,yes,是,Yes\nyn,no,否,No\nneeds,canteen,老年食堂,Canteen\nneeds,park,公园,Park\nneeds,shop,超市,Shop\n");
	ok(import_template(db, "at"), "a template in two languages imports");
	r = surveyrun_new(db, "at", "community-1", "西园", "en", &err);
	ok(r != NULL, "a response to it opens (%s)", err ? err : "");
	if (!r)
		return;
	formmodel_repeat_add(surveyrun_model(r), template_form_fields(surveyrun_template_form(r))->fields[survey_test_field(r, "member_name")].group);
	ok(survey_test_answer(r, "elderly", 0, "no") == NULL && survey_test_answer(r, "needs", 0, "shop canteen") == NULL &&
	    survey_test_answer(r, "member_name", 0, "张三") == NULL && survey_test_answer(r, "member_name", 1, "李四") == NULL &&
	    surveyrun_finish(r, db, &f, &inst, &err) == 0, "answered and finished (%s)", err ? err : "");
	snprintf(id, sizeof id, "%s", surveyrun_id(r));
	surveyrun_free(r);

	text = surveyrun_answers_text(db, id, "en", &err);
	is_str(text, "Estate: 西园\nElderly at home?: No\nWhat does 西园 lack?: Canteen, Shop\nComment: (blank)\n"
	    "Members 1 — Name: 张三\nMembers 2 — Name: 李四", "in English: labels, choice labels in the template's order, "
	    "the hidden age and the calculation left out, the blank comment, members numbered");
	free(text);
	text = surveyrun_answers_text(db, id, "zh_CN.UTF-8", &err);
	ok(text && strstr(text, "家中有老人吗: 否\n") && strstr(text, "西园缺少什么: 老年食堂, 超市\n") &&
	    strstr(text, "家庭成员 2 — 姓名: 李四"), "in Chinese the template's Chinese labels");
	if (text && !strstr(text, "老年食堂"))
		printf("# %s\n", text);
	free(text);
	ok(!surveyrun_answers_text(db, "00000000-0000-4000-8000-00000000dead", "en", &err) && err, "an unknown response: NULL with a message");
	free(err);
	err = NULL;
	r = surveyrun_open_stored(db, id, "en", &err);
	ok(r != NULL, "opened to read (%s)", err ? err : "");
	if (!r)
		return;
	text = surveyrun_key_label(r, "members[2].member_name");
	is_str(text, "Members 2 — Name", "a repeat member's key by its group, number and label");
	free(text);
	text = surveyrun_key_value(r, "needs", "park canteen");
	is_str(text, "Canteen, Park", "a value by its choices' labels");
	free(text);
	text = surveyrun_key_label(r, "gone");
	is_str(text, "gone", "a key the template lacks as it is");
	free(text);
	text = surveyrun_key_value(r, "elderly", "");
	is_str(text, "(blank)", "a blank value");
	free(text);
	surveyrun_free(r);
}

int
main(void)
{
	sqlite3 *db = test_fresh_db(-1, true);
	const char *files[3];
	template_problem *probs = NULL;
	size_t nprobs = 0, f = 0, inst = 0;
	template *t;
	surveyrun *r;
	char id[UUID_TEXT_LEN], *err = NULL, *v;
	survey_response_info info;

	snprintf(dir, sizeof dir, "/tmp/lc-surveyrun-XXXXXX");
	if (!db || !mkdtemp(dir)) {
		printf("Bail out! no database or folder\n");
		return 1;
	}
	write_file("run.survey.csv",
	    "type,name,label,required,required_message,constraint,constraint_message,relevant,default,calculation\n"
	    "text,estate,Estate,,,,,,,\n"
	    "integer,size,Household size of ${estate},yes,Say how many live here,. >= 1 and . <= 20,1 to 20 please,,,\n"
	    "select_one yn,elderly,Elderly at home?,yes,,,,,,\n"
	    "integer,elderly_age,Age of the eldest,,,. >= 60,60 or over,${elderly} = 'yes',,\n"
	    "text,city,City,,,,,,海勃湾,\n"
	    "calculate,double_size,,,,,,,,${size} * 2\n"
	    "text,comment,Comment,,,,,,,\n"
	    "begin_repeat,members,Members,,,,,,,\n"
	    "text,member_name,Name,,,,,,,\n"
	    "end_repeat,,,,,,,,,\n");
	write_file("run.choices.csv", "list_name,name,label\nyn,yes,Yes\nyn,no,No\n");
	write_file("run.settings.csv", "form_id,version,form_title\nt_run,1,Runner test\n");
	files[0] = path("run.survey.csv");
	files[1] = path("run.choices.csv");
	files[2] = path("run.settings.csv");
	t = template_parse(db, files, 3, &probs, &nprobs);
	ok(t != NULL, "the test template parses (%zu problems)", nprobs);
	is_int(t ? template_store(db, t, &err) : -2, 0, "and is stored");
	template_free(t);
	template_problems_free(probs, nprobs);

	/* ---- start as the program does (a record from the first answer), the defaults remembered ---- */
	r = surveyrun_new(db, "t_run", "community-1", "东园小区", "en", &err);
	ok(r != NULL, "a response starts (%s)", err ? err : "");
	if (!r)
		return tap_done();
	ok(!surveyrun_stored(r), "not a record before its first answer");
	v = settings_get(db, SURVEYRUN_KEY_ESTATE);
	is_str(v, "东园小区", "the estate is remembered for the next response");
	free(v);
	v = settings_get(db, SURVEYRUN_KEY_COMMUNITY);
	is_str(v, "community-1", "so is the community");
	free(v);
	ok(!surveyrun_new(db, "no_such_form", "community-1", "", "en", &err) && err, "an unknown template is refused (%s)", err ? err : "");
	free(err);
	err = NULL;

	/* ---- defaults, the estate, where to start --------------------------------------------------- */
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "city"), 0), "海勃湾", "a default is the starting value");
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "estate"), 0), "东园小区", "the estate question starts with the response's estate");
	ok(surveyrun_resume_at(r, &f, &inst) && f == survey_test_field(r, "estate"), "a new response starts at the first question");
	v = template_form_label(surveyrun_template_form(r), survey_test_field(r, "size"), 0);
	is_str(v, "Household size of 东园小区", "${estate} in a label shows the answer");
	free(v);

	/* ---- constraints, relevance, blank and hidden ------------------------------------------------ */
	ok(survey_test_answer(r, "estate", 0, "东园小区") == NULL, "the estate is left as it was");
	is_str(survey_test_answer(r, "size", 0, "25"), "1 to 20 please", "a constraint refuses 25 with the template's message");
	is_int(save(r, db), 0, "saving after leaving it works");
	snprintf(id, sizeof id, "%s", surveyrun_id(r));
	ok(survey_get(db, id, &info) == 0 && !info.complete && strcmp(info.template_id, "t_run") == 0 &&
	    strcmp(info.version, "1") == 0 && strcmp(info.community, "community-1") == 0 && strcmp(info.estate, "东园小区") == 0,
	    "the first answer made it a draft record of the template's version, in its community and estate");
	survey_response_info_free(&info);
	ok(stored_is(db, id, "estate", "东园小区"), "the estate is stored");
	ok(stored_is(db, id, "size", NULL), "the refused value is not stored as an answer");
	ok(survey_test_answer(r, "size", 0, "3") == NULL, "3 is accepted");
	ok(survey_test_answer(r, "elderly", 0, "yes") == NULL && survey_test_answer(r, "elderly_age", 0, "72") == NULL, "elderly at home, aged 72");
	is_str(survey_test_answer(r, "comment", 0, ""), NULL, "a comment left blank");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "size", "3") && stored_is(db, id, "elderly_age", "72"), "the answers are stored");
	ok(stored_is(db, id, "comment", ""), "a field left blank is stored as shown and blank");
	ok(stored_is(db, id, "city", NULL), "a field not reached yet is not stored");
	ok(survey_test_answer(r, "elderly_age", 0, "50") != NULL, "the age constraint refuses 50");
	ok(survey_test_answer(r, "elderly", 0, "no") == NULL && !formmodel_relevant(surveyrun_model(r), survey_test_field(r, "elderly_age"), 0),
	    "no elderly at home: the age question is hidden");
	is_int(save(r, db), 0, "saved");
	ok(stored_is(db, id, "elderly_age", NULL), "the hidden question is stored as not shown");
	ok(stored_is(db, id, "elderly", "no"), "the answer that hid it is stored");
	{
		char *hlc1 = db_query_text(db, "SELECT hlc FROM survey_response", 0, NULL), *hlc2;
		is_int(save(r, db), 0, "saving again with nothing changed");
		hlc2 = db_query_text(db, "SELECT hlc FROM survey_response", 0, NULL);
		is_str(hlc2, hlc1, "writes no new version");
		free(hlc1);
		free(hlc2);
	}

	/* ---- repeats ------------------------------------------------------------------------------------ */
	{
		size_t g = template_form_fields(surveyrun_template_form(r))->fields[survey_test_field(r, "member_name")].group;
		formmodel_repeat_add(surveyrun_model(r), g);
		ok(survey_test_answer(r, "member_name", 0, "张三") == NULL && survey_test_answer(r, "member_name", 1, "李四") == NULL, "two members named");
		is_int(save(r, db), 0, "saved");
		ok(stored_is(db, id, "members[1].member_name", "张三") && stored_is(db, id, "members[2].member_name", "李四"),
		    "each member's answer is stored by instance");
		surveyrun_free(r);
		r = open_run(db, id);
		ok(r && formmodel_instances(surveyrun_model(r), survey_test_field(r, "member_name")) == 2 &&
		    strcmp(formmodel_raw(surveyrun_model(r), survey_test_field(r, "member_name"), 1), "李四") == 0,
		    "opened again, both members are back");
		if (!r)
			return tap_done();
		is_int(formmodel_repeat_remove(surveyrun_model(r), g, 0), 0, "the first member is removed");
		is_int(save(r, db), 0, "saved");
		ok(stored_is(db, id, "members[1].member_name", "李四") && stored_is(db, id, "members[2].member_name", NULL),
		    "the others move up and the last instance's answer is dropped");
	}

	/* ---- the field draft and resuming -------------------------------------------------------------- */
	formmodel_set(surveyrun_model(r), survey_test_field(r, "city"), 0, "乌海");
	formmodel_draft_save(surveyrun_model(r), db);
	surveyrun_free(r);   /* the program ends with the city being typed */
	ok(stored_is(db, id, "city", NULL), "the field being typed is not an answer");
	r = open_run(db, id);
	if (!r)
		return tap_done();
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "city"), 0), "乌海", "opened again, the typing is back from the field draft");
	ok(surveyrun_resume_at(r, &f, &inst) && f == survey_test_field(r, "city"), "and the draft goes on at that field");
	is_str(formmodel_raw(surveyrun_model(r), survey_test_field(r, "size"), 0), "3", "the stored answers are loaded");

	/* ---- required, finishing, reopening ---------------------------------------------------------- */
	{
		long long before = db_query_int(db, "SELECT count(*) FROM survey_response", -1);
		surveyrun *r2 = surveyrun_new(db, "t_run", "community-1", "", "en", &err);
		ok(r2 != NULL, "a second response");
		ok(r2 && surveyrun_finish(r2, db, &f, &inst, &err) == 1 && f == survey_test_field(r2, "size"),
		    "finishing with a required answer missing stops at it");
		is_str(r2 ? formmodel_error(surveyrun_model(r2), f, 0) : NULL, "Say how many live here", "with the template's required message");
		ok(r2 && !surveyrun_stored(r2) && db_query_int(db, "SELECT count(*) FROM survey_response", -1) == before,
		    "and stores nothing: no record is made");
		surveyrun_free(r2);
	}
	is_int(surveyrun_finish(r, db, &f, &inst, &err), 0, "the first response finishes (%s)", err ? err : "");
	ok(surveyrun_is_complete(r), "it is complete");
	ok(survey_get(db, id, &info) == 0 && info.complete, "the record says complete");
	survey_response_info_free(&info);
	ok(stored_is(db, id, "city", "乌海"), "the field that was being typed is stored");
	ok(stored_is(db, id, "double_size", "6"), "the calculation is stored");
	ok(stored_is(db, id, "elderly_age", NULL), "a hidden question stays not shown");
	is_int(db_query_int(db, "SELECT count(*) FROM draft WHERE form LIKE 'survey_response:%'", -1), 0, "no field draft is left");
	is_int(db_query_int(db, "SELECT count(*) FROM survey_answer_key WHERE template = 't_run' AND name = 'city'", -1), 1,
	    "results see the complete response");
	surveyrun_free(r);
	is_int(survey_set_complete(db, id, false, &err), 0, "reopened");
	r = open_run(db, id);
	ok(r && !surveyrun_is_complete(r) && !surveyrun_resume_at(r, &f, &inst), "a reopened response is a draft with every field answered");
	ok(r && survey_test_answer(r, "comment", 0, "改了") == NULL && save(r, db) == 0 && stored_is(db, id, "comment", "改了"), "and can be edited");
	surveyrun_free(r);

	test_choice_filter(db);
	test_repeat_count(db);
	test_legacy_members(db);
	test_first_answer(db);
	test_required_expr(db);
	test_answers_text(db);

	free(err);
	sqlite3_close(db);
	rm_rf(dir);
	return tap_done();
}
