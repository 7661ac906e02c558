/* test_proposal.c - proposals and feedback forms in core: the fieldsets, validation (required
 * fields, phones, dates, control characters, the duplicate number), the writes and their sync
 * fields, status transitions, tombstones, phone masking, and the import plan. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "formmodel.h"
#include "propimport.h"
#include "proposal.h"
#include "record.h"
#include "settings.h"
#include "util.h"

static long long
count(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql, -1);
}

/* The seed's proposal (000_3302e95995475105). */
static void
seed_proposal(proposal *p)
{
	proposal_init(p);
	proposal_set(p, PROPOSAL_KIND, "proposal");
	proposal_set(p, PROPOSAL_SESSION, "市政协十届三次会议");
	proposal_set(p, PROPOSAL_PROPOSER, "市政协文化委");
	proposal_set(p, PROPOSAL_NUMBER, "032");
	proposal_set(p, PROPOSAL_TITLE, "关于提高一刻钟社区生活圈建设质量的提案");
	proposal_set(p, PROPOSAL_PHONE, "8991332");
	proposal_set(p, PROPOSAL_HANDLING_UNIT, "乌海市商务局");
	proposal_set(p, PROPOSAL_RESULT_CLASS, "A");
}

/* proposal_validate's message for p with field f set to value (NULL when accepted). */
static char *
message_with(proposal_field f, const char *value)
{
	proposal p;
	char *msg;

	seed_proposal(&p);
	proposal_set(&p, f, value);
	msg = proposal_validate(NULL, &p);
	proposal_free(&p);
	return msg;
}

static void
expect_refused(proposal_field f, const char *value, const char *part, const char *what)
{
	char *msg = message_with(f, value);

	ok(msg && strstr(msg, part), "%s is refused (%s)", what, msg ? msg : "accepted");
	free(msg);
}

static void
expect_accepted(proposal_field f, const char *value, const char *what)
{
	char *msg = message_with(f, value);

	ok(!msg, "%s is accepted%s%s", what, msg ? ": " : "", msg ? msg : "");
	free(msg);
}

static void
test_fieldsets(void)
{
	fieldset fs = proposal_fieldset(), ff = feedback_fieldset();

	is_int(fs.n, PROPOSAL_NFIELDS, "the proposal fieldset has one field per value");
	for (int i = 0; i < PROPOSAL_NFIELDS; i++)
		is_str(fs.fields[i].name, proposal_column(i), "field %d is stored in column %s", i, proposal_column(i));
	ok(fs.fields[PROPOSAL_NUMBER].required && fs.fields[PROPOSAL_TITLE].required && fs.fields[PROPOSAL_PROPOSER].required &&
	    fs.fields[PROPOSAL_KIND].required && fs.fields[PROPOSAL_HANDLING_UNIT].required && !fs.fields[PROPOSAL_PHONE].required,
	    "number, title, proposer, kind and handling unit are required, the phone is not");
	is_int(fs.fields[PROPOSAL_KIND].nchoices, 2, "kind has two choices");
	is_int(fs.fields[PROPOSAL_RESULT_CLASS].nchoices, 3, "result class has three choices");
	ok(fs.fields[PROPOSAL_TITLE].group != fs.fields[PROPOSAL_REPLY_BODY].group, "the reply letter is its own group");
	is_int(ff.n, FEEDBACK_NFIELDS, "the feedback fieldset has one field per value");
	for (int i = 0; i < FEEDBACK_NFIELDS; i++)
		is_str(ff.fields[i].name, feedback_column(i), "feedback field %d is stored in column %s", i, feedback_column(i));
	is_int(ff.fields[FEEDBACK_SATISFACTION].nchoices, 3, "satisfaction has exactly three levels");
	ok(ff.fields[FEEDBACK_SATISFACTION].required, "satisfaction is required");
	fieldset_free(&fs);
	fieldset_free(&ff);
}

static void
test_validation(void)
{
	proposal p;
	char *msg;

	seed_proposal(&p);
	msg = proposal_validate(NULL, &p);
	ok(!msg, "the seed's proposal is valid%s%s", msg ? ": " : "", msg ? msg : "");
	free(msg);
	proposal_free(&p);

	expect_refused(PROPOSAL_NUMBER, "", "Number: This field is required", "an empty number");
	expect_refused(PROPOSAL_TITLE, " \u3000 ", "Title: This field is required", "a title of blanks only (U+3000 too)");
	expect_refused(PROPOSAL_PROPOSER, "", "required", "an empty proposer");
	expect_refused(PROPOSAL_HANDLING_UNIT, "", "Handling unit: This field is required", "an empty handling unit");
	expect_refused(PROPOSAL_KIND, "", "Kind of proposal: This field is required", "an empty kind");
	expect_refused(PROPOSAL_KIND, "motion", "Kind of proposal:", "an unknown kind");
	expect_refused(PROPOSAL_PHONE, "899-13a2", "Phone: A phone number may hold only", "a phone with a letter");
	expect_refused(PROPOSAL_PHONE, "12", "Phone: Enter a phone number: 3 to 20 digits", "a phone of two digits");
	expect_refused(PROPOSAL_PHONE, "123456789012345678901", "3 to 20 digits", "a phone of 21 digits");
	expect_accepted(PROPOSAL_PHONE, "(0473) 899-1332", "a phone with parentheses, space and dash");
	expect_accepted(PROPOSAL_PHONE, "+86 138 1234 5632", "a phone with +");
	expect_accepted(PROPOSAL_PHONE, "", "an empty phone");
	expect_refused(PROPOSAL_RECEIVED_ON, "2024-02-30", "Date received: No such date", "30 February");
	expect_refused(PROPOSAL_RECEIVED_ON, "2024/06/01", "YYYY-MM-DD", "a date with slashes");
	expect_accepted(PROPOSAL_RECEIVED_ON, "2024-02-29", "29 February of a leap year");
	expect_refused(PROPOSAL_RESULT_CLASS, "D", "Result class:", "result class D");
	expect_refused(PROPOSAL_TITLE, "abc\x1b[2J", "Control characters", "an escape sequence in the title");
	expect_refused(PROPOSAL_PROPOSER, "\xe2\x80\xae" "abc", "U+202E", "a bidi override in the proposer");
	expect_refused(PROPOSAL_TITLE, "two\nlines", "one line", "a title of two lines");

	/* Full-width digits from a Chinese input method are folded before they are checked and kept. */
	seed_proposal(&p);
	proposal_set(&p, PROPOSAL_PHONE, "８９９１３３２");
	proposal_set(&p, PROPOSAL_NUMBER, " ０３２ ");
	proposal_set(&p, PROPOSAL_RECEIVED_ON, "２０２４－０６－０１");
	msg = proposal_validate(NULL, &p);
	ok(!msg, "full-width phone, number and date are accepted%s%s", msg ? ": " : "", msg ? msg : "");
	free(msg);
	is_str(p.v[PROPOSAL_PHONE], "8991332", "the phone is folded to ASCII");
	is_str(p.v[PROPOSAL_NUMBER], "032", "the number is folded and trimmed, its leading zero kept");
	is_str(p.v[PROPOSAL_RECEIVED_ON], "2024-06-01", "the date is folded");
	/* Cross-field: the reply cannot come before the proposal. */
	proposal_set(&p, PROPOSAL_REPLIED_ON, "2024-05-31");
	msg = proposal_validate(NULL, &p);
	ok(msg && strstr(msg, "Date replied:") && strstr(msg, "before"), "replied before received is refused (%s)", msg ? msg : "accepted");
	free(msg);
	proposal_set(&p, PROPOSAL_REPLIED_ON, "2024-06-01");
	msg = proposal_validate(NULL, &p);
	ok(!msg, "replied on the day received is accepted");
	free(msg);
	proposal_free(&p);
}

/* The fieldset drives a form model as the entry screens will: two pages, the reply date's rule. */
static void
test_formmodel(void)
{
	fieldset fs = proposal_fieldset();
	formmodel *m = formmodel_new(&fs, NULL);
	proposal p;
	size_t field = 99, inst = 99;
	int where = 99;
	char *msg;

	seed_proposal(&p);
	for (int i = 0; i < PROPOSAL_NFIELDS; i++)
		formmodel_load(m, (size_t)i, 0, p.v[i]);
	is_int(formmodel_page_count(m), 2, "a form over the fieldset has two pages: the proposal and the reply letter");
	ok(formmodel_validate(m, &field, &inst), "the seed's values pass the form model");
	formmodel_set(m, PROPOSAL_RECEIVED_ON, 0, "2024-06-01");
	formmodel_set(m, PROPOSAL_REPLIED_ON, 0, "2024-05-01");
	ok(!formmodel_validate(m, &field, &inst), "a reply before receipt fails in the form model");
	is_int(field, PROPOSAL_REPLIED_ON, "on the reply date");
	formmodel_set(m, PROPOSAL_PHONE, 0, "89x");
	ok(!formmodel_validate(m, &field, &inst) && field == PROPOSAL_PHONE, "a bad phone stops the form at the phone");
	formmodel_free(m);
	fieldset_free(&fs);

	proposal_set(&p, PROPOSAL_RECEIVED_ON, "2024-06-01");
	proposal_set(&p, PROPOSAL_REPLIED_ON, "2024-05-01");
	msg = proposal_check(NULL, &p, &where);
	is_int(where, PROPOSAL_REPLIED_ON, "proposal_check names the reply date");
	free(msg);
	proposal_set(&p, PROPOSAL_TITLE, "");
	msg = proposal_check(NULL, &p, &where);
	is_int(where, PROPOSAL_TITLE, "an empty title comes first, in the form's order");
	free(msg);
	proposal_free(&p);
	seed_proposal(&p);
	msg = proposal_check(NULL, &p, &where);
	ok(!msg && where == -1, "fine: -1");
	free(msg);
	proposal_free(&p);
}

static void
test_mask(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{ "13812345632", "138******32" },
		{ "8991332", "899**32" },
		{ "123456", "123*56" },
		{ "12345", "***45" },
		{ "1234", "**34" },
		{ "110", "*10" },
		{ "0473-8991332", "047*-*****32" },
		{ "(0473) 899 1332", "(047*) *** **32" },
		{ "１３８１２３４５６３２", "138******32" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = proposal_phone_mask(cases[i].in);
		is_str(got, cases[i].want, "mask of \"%s\"", cases[i].in);
		free(got);
	}
}

static void
test_records(sqlite3 *db)
{
	proposal p, q, dup, other;
	feedback fb, fl;
	char *err = NULL, id[UUID_TEXT_LEN], hlc1[HLC_TEXT_LEN];

	seed_proposal(&p);
	proposal_set(&p, PROPOSAL_RECEIVED_ON, "2024-04-01");
	proposal_set(&p, PROPOSAL_REPLY_BODY, "贵委提出的《关于提高一刻钟社区生活圈建设质量的提案》已收悉。\n一、均衡布局");
	proposal_set(&p, PROPOSAL_REPLY_LEADER, "李俊晶");
	proposal_set(&p, PROPOSAL_REPLY_CONTACT, "崔国萍");
	proposal_set(&p, PROPOSAL_REPLY_CONTACT_PHONE, "13274736850");
	proposal_set(&p, PROPOSAL_REPLY_COPY_TO, "市人大选任联或市政协提案委、市政府督查室");
	is_int(proposal_create(db, &p, &err), 0, "the seed's proposal is created%s%s", err ? ": " : "", err ? err : "");
	free(err);
	err = NULL;
	ok(strlen(p.meta.id) == 36 && *p.meta.hlc && strcmp(p.meta.operator_name, "张琦") == 0 && !*p.meta.base,
	    "it has an id, a clock, the operator and no base");
	snprintf(id, sizeof id, "%s", p.meta.id);
	snprintf(hlc1, sizeof hlc1, "%s", p.meta.hlc);

	is_int(proposal_load(db, id, &q), 0, "it loads by id");
	for (int i = 0; i < PROPOSAL_NFIELDS; i++)
		is_str(q.v[i], p.v[i], "loaded %s", proposal_column(i));
	is_int(q.form_status, PROPOSAL_FORM_UNSENT, "a new proposal's form is not sent");
	is_str(q.meta.hlc, hlc1, "the loaded clock is the stored one");
	is_int(count(db, "SELECT count(*) FROM proposal WHERE replied_on IS NULL AND result_class = 'A'"), 1,
	    "an empty date is stored as NULL, the result class as given");

	/* A duplicate number in the same session and handling unit is refused, naming the existing record. */
	seed_proposal(&dup);
	proposal_set(&dup, PROPOSAL_TITLE, "另一个标题");
	proposal_set(&dup, PROPOSAL_NUMBER, "０３２");
	is_int(proposal_create(db, &dup, &err), -1, "a duplicate number is refused");
	ok(err && strstr(err, "032") && strstr(err, "关于提高一刻钟社区生活圈建设质量的提案") && strstr(err, "市政协文化委"),
	    "the message names the existing record: %s", err ? err : "(none)");
	free(err);
	err = NULL;
	ok(!*dup.meta.id, "the refused proposal got no id");
	{
		int where = -1;
		char *m = proposal_check(db, &dup, &where);
		is_int(where, PROPOSAL_NUMBER, "proposal_check puts a duplicate on the number");
		free(m);
	}
	is_int(count(db, "SELECT count(*) FROM proposal"), 1, "nothing was written");
	/* "32" is 032 with the zeros a spreadsheet program dropped: the same number. */
	proposal_set(&dup, PROPOSAL_NUMBER, "32");
	is_int(proposal_create(db, &dup, &err), -1, "32 is refused as a duplicate of 032");
	ok(err && strstr(err, "关于提高一刻钟社区生活圈建设质量的提案"), "naming 032: %s", err ? err : "(none)");
	free(err);
	err = NULL;
	proposal_set(&dup, PROPOSAL_NUMBER, "0032");
	is_int(proposal_create(db, &dup, &err), -1, "and so is 0032");
	free(err);
	err = NULL;
	proposal_set(&dup, PROPOSAL_NUMBER, "320");
	ok(!(err = proposal_check(db, &dup, NULL)), "320 is another number");
	free(err);
	err = NULL;
	proposal_set(&dup, PROPOSAL_NUMBER, "A032");
	ok(!(err = proposal_check(db, &dup, NULL)), "A032 is another number (not all digits: compared as written)");
	free(err);
	err = NULL;
	proposal_set(&dup, PROPOSAL_NUMBER, "032");
	{
		/* The key is looked up by the index of migration_proposal_number_key, whose expression is
		 * written out in src/db/migrate.c: an edit to one of the two must go to the other. */
		char *plan = test_query_plan(db, "SELECT id FROM proposal WHERE handling_unit = ?1 AND session = ?3 AND "
		    PROPOSAL_NUMBER_KEY_SQL("number") " = " PROPOSAL_NUMBER_KEY_SQL("?2"));
		ok(strstr(plan, "proposal_number_key (handling_unit=? AND session=? AND <expr>=?)") != NULL,
		    "a number's key is found by its index (%s)", plan);
		free(plan);
	}
	/* The same number for another handling unit, or in another session, is a different proposal. */
	proposal_set(&dup, PROPOSAL_HANDLING_UNIT, "乌海市民政局");
	is_int(proposal_create(db, &dup, &err), 0, "the same number for another handling unit is accepted");
	free(err);
	err = NULL;
	seed_proposal(&other);
	proposal_set(&other, PROPOSAL_SESSION, "市政协十届四次会议");
	is_int(proposal_create(db, &other, &err), 0, "the same number in another session is accepted");
	free(err);
	err = NULL;
	/* Editing the other one into the first one's key is refused too. */
	proposal_set(&other, PROPOSAL_SESSION, "市政协十届三次会议");
	is_int(proposal_update(db, &other, &err), -1, "an edit that makes a duplicate is refused");
	ok(err && strstr(err, "already entered"), "with the duplicate message");
	free(err);
	err = NULL;

	/* An update is a new version of the one loaded; a stale copy is refused. */
	proposal_set(&q, PROPOSAL_TITLE, "关于提高一刻钟社区生活圈建设质量的提案（修改）");
	is_int(proposal_update(db, &q, &err), 0, "the loaded proposal is updated%s%s", err ? ": " : "", err ? err : "");
	free(err);
	err = NULL;
	is_str(q.meta.base, hlc1, "the new version's base is the old clock");
	ok(strcmp(q.meta.hlc, hlc1) > 0, "and its clock is later");
	proposal_set(&p, PROPOSAL_TITLE, "stale");
	is_int(proposal_update(db, &p, &err), -1, "updating a stale copy is refused");
	ok(err && strstr(err, "changed or deleted meanwhile"), "saying it changed meanwhile");
	free(err);
	err = NULL;
	is_str(p.meta.hlc, hlc1, "the refused copy keeps the version it held");
	proposal_free(&p);
	is_int(proposal_load(db, id, &p), 0, "reloaded");
	is_str(p.v[PROPOSAL_TITLE], "关于提高一刻钟社区生活圈建设质量的提案（修改）", "the stored title is the update, not the stale one");

	/* Status: not sent -> sent (date kept) -> returned. */
	is_int(proposal_mark_sent(db, id, "2024-06-01", &err), 0, "the form is marked sent");
	free(err);
	err = NULL;
	proposal_free(&p);
	proposal_load(db, id, &p);
	is_int(p.form_status, PROPOSAL_FORM_SENT, "its status is sent");
	is_str(p.form_sent_on, "2024-06-01", "the sending date is kept");
	is_int(proposal_mark_sent(db, id, "2024-06-09", &err), 0, "marking it sent again is fine");
	free(err);
	err = NULL;
	proposal_free(&p);
	proposal_load(db, id, &p);
	is_str(p.form_sent_on, "2024-06-01", "and keeps the first sending date");
	is_int(proposal_mark_sent(db, id, "2024-13-01", &err), -1, "a bad sending date is refused");
	free(err);
	err = NULL;

	feedback_init(&fb);
	snprintf(fb.proposal_id, sizeof fb.proposal_id, "%s", id);
	feedback_set(&fb, FEEDBACK_OPINION, "满意");
	is_int(feedback_enter(db, &fb, &err), -1, "a feedback form without satisfaction is refused");
	ok(err && strstr(err, "Satisfaction: This field is required"), "naming the satisfaction (%s)", err ? err : "");
	free(err);
	err = NULL;
	feedback_set(&fb, FEEDBACK_SATISFACTION, "very");
	is_int(feedback_enter(db, &fb, &err), -1, "an unknown satisfaction level is refused");
	free(err);
	err = NULL;
	feedback_set(&fb, FEEDBACK_SATISFACTION, "satisfied");
	feedback_set(&fb, FEEDBACK_SUGGESTIONS, "无");
	feedback_set(&fb, FEEDBACK_SIGNATURE, "張琦");
	feedback_set(&fb, FEEDBACK_SIGNED_ON, "2024-06-31");
	is_int(feedback_enter(db, &fb, &err), -1, "a feedback form signed on 31 June is refused");
	free(err);
	err = NULL;
	feedback_set(&fb, FEEDBACK_SIGNED_ON, "2024-06-21");
	is_int(feedback_enter(db, &fb, &err), 0, "the seed's feedback form is entered%s%s", err ? ": " : "", err ? err : "");
	free(err);
	err = NULL;
	is_str(fb.meta.operator_name, "张琦", "it records who entered it");
	proposal_free(&p);
	proposal_load(db, id, &p);
	is_int(p.form_status, PROPOSAL_FORM_RETURNED, "the proposal's form is now returned");
	is_int(proposal_mark_sent(db, id, "2024-07-01", &err), 0, "printing it again later");
	free(err);
	err = NULL;
	proposal_free(&p);
	proposal_load(db, id, &p);
	is_int(p.form_status, PROPOSAL_FORM_RETURNED, "leaves it returned");
	is_int(feedback_load_for(db, id, &fl), 0, "the feedback form loads by proposal");
	for (int i = 0; i < FEEDBACK_NFIELDS; i++)
		is_str(fl.v[i], fb.v[i], "loaded feedback %s", feedback_column(i));
	/* Entering it again (a correction) edits the one form: still zero or one per proposal. */
	feedback_set(&fl, FEEDBACK_SATISFACTION, "fairly");
	is_int(feedback_enter(db, &fl, &err), 0, "the feedback form is corrected");
	free(err);
	err = NULL;
	feedback_free(&fb);
	feedback_init(&fb);
	snprintf(fb.proposal_id, sizeof fb.proposal_id, "%s", id);
	feedback_set(&fb, FEEDBACK_SATISFACTION, "dissatisfied");
	is_int(feedback_enter(db, &fb, &err), 0, "a fresh copy for the same proposal");
	free(err);
	err = NULL;
	is_int(count(db, "SELECT count(*) FROM feedback WHERE deleted = 0"), 1, "still only one feedback form");
	is_int(count(db, "SELECT count(*) FROM feedback WHERE satisfaction = 'dissatisfied' AND base <> ''"), 1,
	    "holding the last answer, as an edit of the first");
	feedback_free(&fl);

	/* Delete: tombstones, the feedback form with it. */
	is_int(proposal_delete(db, id, &err), 0, "the proposal is deleted");
	free(err);
	err = NULL;
	is_int(count(db, "SELECT count(*) FROM proposal WHERE deleted = 1"), 1, "it is kept as a tombstone");
	is_int(count(db, "SELECT count(*) FROM feedback WHERE deleted = 1"), 1, "its feedback form too");
	proposal_free(&q);
	is_int(proposal_load(db, id, &q), 1, "a deleted proposal does not load");
	is_int(proposal_delete(db, id, &err), 1, "deleting it again: no such proposal");
	free(err);
	err = NULL;
	/* Its number is free again. */
	proposal_free(&dup);
	seed_proposal(&dup);
	is_int(proposal_create(db, &dup, &err), 0, "the number of a deleted proposal can be entered again");
	free(err);
	feedback_free(&fb);
	proposal_free(&p);
	proposal_free(&q);
	proposal_free(&dup);
	proposal_free(&other);
}

static void
test_import_plan(sqlite3 *db, const char *root)
{
	char *path = xasprintf("%s/list.csv", root), *err = NULL;
	const char *csv =
	    "kind,Session , NUMBER,title,proposer,phone,handling_unit\n"
	    "proposal,市政协十届三次会议,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,8991332,乌海市商务局\n"
	    "suggestion,市人大十届三次会议,101,加装电梯,王五,13812345632,乌海市商务局\n"
	    "建议,市人大十届三次会议,102,,王五,,乌海市商务局\n"
	    "proposal,市人大十届三次会议,101,again,x,,乌海市商务局\n";
	import_plan plan;

	/* The database already holds the seed's proposal 032 (recreated in test_records). */
	spew(path, csv, strlen(csv));
	is_int(propimport_plan(db, path, &plan, &err), 0, "the plan is made%s%s", err ? ": " : "", err ? err : "");
	is_int(plan.n, 4, "four rows");
	is_int(plan.rows[0].status, IMPORT_UNCHANGED, "the stored proposal is unchanged");
	is_int(plan.rows[1].status, IMPORT_NEW, "101 is new");
	is_int(plan.rows[2].status, IMPORT_BAD, "a row without a title is bad");
	ok(plan.rows[2].reason && strstr(plan.rows[2].reason, "Title"), "naming the title");
	is_int(plan.rows[3].status, IMPORT_BAD, "a repeated key is bad");
	ok(plan.rows[3].reason && strstr(plan.rows[3].reason, "line 3"), "naming the first line: %s", plan.rows[3].reason);
	is_int(plan.rows[3].line, 5, "its line is 5");
	is_int(plan.count[IMPORT_BAD], 2, "two bad in the totals");
	is_int(count(db, "SELECT count(*) FROM proposal WHERE number = '101'"), 0, "the plan wrote nothing");
	is_int(propimport_apply(db, &plan, &err), 0, "the good rows are written");
	is_int(count(db, "SELECT count(*) FROM proposal WHERE number = '101' AND kind = 'suggestion'"), 1, "101 is there");
	propimport_free(&plan);
	/* A list without phones (or with an empty cell) leaves the stored phone alone. */
	csv = "类别,届次,编号,标题,提出人,承办单位\n"
	    "提案,市政协十届三次会议,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,乌海市商务局\n"
	    "建议,市人大十届三次会议,101,加装电梯（修改）,王五,乌海市商务局\n";
	spew(path, csv, strlen(csv));
	is_int(propimport_plan(db, path, &plan, &err), 0, "a list without the phone column is planned");
	is_int(plan.rows[0].status, IMPORT_UNCHANGED, "a missing phone column changes nothing");
	is_int(plan.rows[1].status, IMPORT_CHANGED, "a changed title is a change");
	is_str(plan.rows[1].p.v[PROPOSAL_PHONE], "13812345632", "and keeps the stored phone");
	is_int(propimport_apply(db, &plan, &err), 0, "written");
	is_int(count(db, "SELECT count(*) FROM proposal WHERE number = '101' AND phone = '13812345632' AND title = '加装电梯（修改）'"),
	    1, "the title changed, the phone kept");
	propimport_free(&plan);
	/* The list once more after a spreadsheet program dropped the leading zeros of 032. */
	csv = "类别,届次,编号,标题,提出人,承办单位\n"
	    "提案,市政协十届三次会议,32,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,乌海市商务局\n"
	    "提案,市政协十届三次会议,0032,关于提高一刻钟社区生活圈建设质量的提案（修改）,市政协文化委,乌海市商务局\n"
	    "建议,市人大十届三次会议,0101,加装电梯（修改）,王五,乌海市商务局\n";
	spew(path, csv, strlen(csv));
	is_int(propimport_plan(db, path, &plan, &err), 0, "a list whose numbers lost their zeros is planned");
	is_int(plan.rows[0].status, IMPORT_UNCHANGED, "32 is the stored 032, unchanged");
	is_str(plan.rows[0].p.v[PROPOSAL_NUMBER], "032", "which keeps its number as stored");
	is_int(plan.rows[1].status, IMPORT_BAD, "0032 repeats line 2's number");
	ok(plan.rows[1].reason && strstr(plan.rows[1].reason, "line 2"), "naming line 2: %s",
	    plan.rows[1].reason ? plan.rows[1].reason : "(none)");
	is_int(plan.rows[2].status, IMPORT_UNCHANGED, "0101 is the stored 101");
	is_int(plan.count[IMPORT_NEW], 0, "nothing is new");
	propimport_free(&plan);
	free(err);
	free(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_proposal.XXXXXX";
	const char *dir = getenv("LIFECIRCLE_DATADIR");
	char *root, *path;
	struct stat sb;
	db_open_result r;

	setlocale(LC_ALL, "C.UTF-8");
	test_fieldsets();
	test_validation();
	test_formmodel();
	test_mask();
	root = mkdtemp(tmpl);
	if (!ok(root != NULL, "temporary directory"))
		return tap_done();
	path = xasprintf("%s/p.db", root);
	r = db_open(path, dir && *dir ? dir : "data");
	if (ok(r.db != NULL, "database opened") && save_identity(r.db, "张琦")) {
		test_records(r.db);
		test_import_plan(r.db, root);
	}
	db_close(r.db);
	free(r.error);
	free(path);
	rm_rf(root);
	ok(stat(root, &sb) != 0, "temporary directory removed");
	return tap_done();
}
