/* test_doubleentry.c - double entry (verify mode): the form model stops on a committed difference
 * and takes a decision three ways; trivial differences (full-width digits, blanks) are none; the
 * second keying must be by another operator; both keyings and each decision are kept as synced
 * records and the verified values end up in the feedback record. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "tap.h"
#include "testutil.h"
#include "db.h"
#include "doubleentry.h"
#include "formmodel.h"
#include "migrate.h"
#include "pagesource.h"
#include "proposal.h"
#include "settings.h"
#include "util.h"

enum { F_NAME, F_COUNT, F_SIGNED, F_SAT, F_OPINION, F_AGE };

/* Any fieldset: a survey-like one with a repeating group. */
static fieldset
sample_fields(void)
{
	fieldset fs = { 0 };
	field_def *f;
	size_t g;

	fieldset_add(&fs, "name", "Name", FIELD_TEXT);
	fieldset_add(&fs, "count", "Count", FIELD_INTEGER);
	fieldset_add(&fs, "signed", "Signed on", FIELD_DATE);
	f = fieldset_add(&fs, "sat", "Satisfaction", FIELD_CHOICE);
	field_add_choice(f, "satisfied", "Satisfied");
	field_add_choice(f, "fairly", "Fairly");
	fieldset_add(&fs, "opinion", "Opinion", FIELD_MULTILINE);
	g = fieldset_add_group(&fs, "members", "Members", true);
	f = fieldset_add(&fs, "age", "Age", FIELD_INTEGER);
	f->group = g;
	return fs;
}

static void
first_keying(de_keying *k)
{
	de_keying_init(k);
	snprintf(k->operator_name, sizeof k->operator_name, "%s", "甲");
	de_keying_put(k, "name", "张琦");
	de_keying_put(k, "count", "12");
	de_keying_put(k, "signed", "2024-06-21");
	de_keying_put(k, "sat", "satisfied");
	de_keying_put(k, "opinion", "无 意见");
	de_keying_put(k, "members[1].age", "70");
}

/* Key value into field (instance inst) and commit it, as leaving the field does. */
static void
key(formmodel *m, size_t field, size_t inst, const char *value)
{
	formmodel_set(m, field, inst, value);
	formmodel_commit(m, field, inst);
}

static void
test_same_values(void)
{
	fieldset fs = sample_fields();
	formmodel *m = formmodel_new(&fs, NULL);
	de_keying first;
	size_t f, i;

	first_keying(&first);
	doubleentry_begin(m, &first);
	ok(formmodel_verifying(m), "verify mode is on");
	is_str(formmodel_raw(m, F_NAME, 0), "", "the form is keyed blind: the first keying's value is not shown");
	key(m, F_NAME, 0, "  张琦\u3000");
	ok(!formmodel_verify_differs(m, F_NAME, 0), "blanks around a name are no difference");
	key(m, F_COUNT, 0, "１２");
	ok(!formmodel_verify_differs(m, F_COUNT, 0), "full-width digits are no difference");
	key(m, F_SIGNED, 0, "２０２４-０６-２１");
	ok(!formmodel_verify_differs(m, F_SIGNED, 0), "a full-width date is no difference");
	key(m, F_SAT, 0, "satisfied");
	key(m, F_OPINION, 0, "无\n  意见 ");
	ok(!formmodel_verify_differs(m, F_OPINION, 0), "a line break for a blank is no difference");
	key(m, F_AGE, 0, "70");
	ok(formmodel_validate(m, &f, &i), "the whole form is valid");
	ok(!formmodel_verify_pending(m, &f, &i), "no difference anywhere");
	ok(formmodel_verify_same(&fs.fields[F_NAME], "ＡＢ  c", "AB c"), "verify_same folds full-width letters and blanks");
	ok(!formmodel_verify_same(&fs.fields[F_NAME], "張琦", "张琦"), "a traditional character is a real difference");
	formmodel_free(m);
	de_keying_free(&first);
	fieldset_free(&fs);
}

static void
test_decisions(void)
{
	fieldset fs = sample_fields();
	formmodel *m = formmodel_new(&fs, NULL);
	de_keying first;
	formmodel_verdict v;
	const char *second;
	size_t f = 99, i = 99;
	char *err;

	first_keying(&first);
	doubleentry_begin(m, &first);
	key(m, F_NAME, 0, "張琦");
	ok(formmodel_verify_differs(m, F_NAME, 0), "a different name stops at once when committed");
	is_str(formmodel_verify_first(m, F_NAME, 0), "张琦", "the first keying's value is reported");
	is_str(formmodel_verify_second(m, F_NAME, 0), "張琦", "and the second's");
	ok(formmodel_verify_pending(m, &f, &i) && f == F_NAME && i == 0, "the pending difference is the name");
	err = formmodel_verify_decide(m, F_NAME, 0, FORMMODEL_KEEP_FIRST, NULL);
	ok(!err, "deciding for the first keying");
	free(err);
	is_str(formmodel_raw(m, F_NAME, 0), "张琦", "the field takes the first value");
	ok(formmodel_verify_decision(m, F_NAME, 0, &v, &second) && v == FORMMODEL_KEEP_FIRST && strcmp(second, "張琦") == 0,
	    "the decision keeps both values and the verdict");
	formmodel_commit(m, F_NAME, 0);
	ok(!formmodel_verify_differs(m, F_NAME, 0), "committing the decided value again does not stop");

	key(m, F_COUNT, 0, "13");
	ok(formmodel_verify_differs(m, F_COUNT, 0), "13 against 12 stops");
	err = formmodel_verify_decide(m, F_COUNT, 0, FORMMODEL_TAKE_SECOND, NULL);
	ok(!err, "deciding for the second keying");
	free(err);
	is_str(formmodel_raw(m, F_COUNT, 0), "13", "the field keeps the second value");

	key(m, F_SIGNED, 0, "2024-06-12");
	err = formmodel_verify_decide(m, F_SIGNED, 0, FORMMODEL_RETYPED, "2024-02-30");
	ok(err != NULL, "a retyped value is validated: 30 February is refused (%s)", err ? err : "accepted");
	free(err);
	ok(formmodel_verify_differs(m, F_SIGNED, 0), "and the difference is still to decide");
	err = formmodel_verify_decide(m, F_SIGNED, 0, FORMMODEL_RETYPED, "２０２４-０６-２２");
	ok(!err, "a third value retyped from the paper");
	free(err);
	is_str(formmodel_raw(m, F_SIGNED, 0), "2024-06-22", "the field takes the third value, normalised");
	ok(formmodel_verify_decision(m, F_SIGNED, 0, &v, NULL) && v == FORMMODEL_RETYPED, "recorded as retyped");

	key(m, F_AGE, 0, "71");
	ok(formmodel_verify_differs(m, F_AGE, 0), "a repeat instance compares with its own first value");
	key(m, F_AGE, 0, "70");
	ok(!formmodel_verify_differs(m, F_AGE, 0), "retyping it to match clears the difference");
	key(m, F_SAT, 0, "satisfied");
	key(m, F_OPINION, 0, "无意见");
	ok(formmodel_verify_differs(m, F_OPINION, 0), "a blank removed between words is a difference");
	err = formmodel_verify_decide(m, F_NAME, 0, FORMMODEL_TAKE_SECOND, NULL);
	ok(err != NULL, "a field without a pending difference cannot be decided");
	free(err);
	formmodel_free(m);
	de_keying_free(&first);
	fieldset_free(&fs);
}

static void
test_operators(void)
{
	char *msg = doubleentry_operator_check("张琦", " 张琦 ");

	ok(msg && strstr(msg, "张琦"), "the same operator is refused, named (%s)", msg ? msg : "accepted");
	free(msg);
	msg = doubleentry_operator_check("张琦", "");
	ok(msg != NULL, "no current operator is refused");
	free(msg);
	msg = doubleentry_operator_check("张琦", "李敏");
	ok(msg == NULL, "another operator may verify");
	free(msg);
}

/* A proposal with its feedback form keyed by operator 甲; its id into id. */
static bool
keyed_form(sqlite3 *db, const char *number, const char *signature, char *id)
{
	proposal p;
	feedback fb;
	char *err = NULL;
	bool good;

	proposal_init(&p);
	proposal_set(&p, PROPOSAL_KIND, "proposal");
	proposal_set(&p, PROPOSAL_SESSION, "市政协十届三次会议");
	proposal_set(&p, PROPOSAL_PROPOSER, "市政协文化委");
	proposal_set(&p, PROPOSAL_NUMBER, number);
	proposal_set(&p, PROPOSAL_TITLE, "关于提高一刻钟社区生活圈建设质量的提案");
	proposal_set(&p, PROPOSAL_HANDLING_UNIT, "乌海市商务局");
	good = proposal_create(db, &p, &err) == 0;
	feedback_init(&fb);
	memcpy(fb.proposal_id, p.meta.id, sizeof fb.proposal_id);
	feedback_set(&fb, FEEDBACK_SATISFACTION, "satisfied");
	feedback_set(&fb, FEEDBACK_OPINION, "无");
	feedback_set(&fb, FEEDBACK_SIGNATURE, signature);
	feedback_set(&fb, FEEDBACK_SIGNED_ON, "2024-06-21");
	good = good && feedback_enter(db, &fb, &err) == 0;
	if (!good)
		printf("# %s\n", err ? err : "?");
	memcpy(id, p.meta.id, UUID_TEXT_LEN);
	free(err);
	proposal_free(&p);
	feedback_free(&fb);
	return good;
}

static long long
count(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql, -1);
}

static void
use_operator(sqlite3 *db, const char *name)
{
	char *err = NULL;

	settings_operator_add(db, name, &err);
	free(err);
	err = NULL;
	if (settings_operator_use(db, name, &err) != 0)
		printf("# operator %s: %s\n", name, err ? err : "?");
	free(err);
}

/* Key the feedback form a second time: every field, signature as given. */
static void
key_feedback(formmodel *m, const char *signature)
{
	key(m, FEEDBACK_SATISFACTION, 0, "satisfied");
	key(m, FEEDBACK_OPINION, 0, " 无 ");
	key(m, FEEDBACK_SIGNATURE, 0, signature);
	key(m, FEEDBACK_SIGNED_ON, 0, "2024-06-21");
}

static void
test_storage(sqlite3 *db)
{
	char id[UUID_TEXT_LEN], id2[UUID_TEXT_LEN], *err = NULL, *v;
	fieldset fs = feedback_fieldset();
	formmodel *m;
	feedback fb;
	de_keying first, kept;
	int diffs = -1;
	const char *params[1];

	if (!ok(keyed_form(db, "032", "张琦", id) && keyed_form(db, "033", "李明", id2), "two forms keyed by 甲"))
		return;
	is_int(doubleentry_feedback_first(db, id, &fb, &first), 0, "the first keying of form 032");
	is_str(first.operator_name, "甲", "keyed by the operator who entered it");
	is_str(de_keying_get(&first, "signature"), "张琦", "with the values as entered");
	is_int(doubleentry_state(db, DE_KIND_FEEDBACK, fb.meta.id), DE_KEYED_ONCE, "state: keyed once");
	err = doubleentry_can_verify(db, DE_KIND_FEEDBACK, fb.meta.id, &first);
	ok(err && strstr(err, "甲"), "the same operator may not verify (%s)", err ? err : "allowed");
	free(err);

	m = formmodel_new(&fs, NULL);
	doubleentry_begin(m, &first);
	key_feedback(m, "张琦");
	is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), -1, "saving as the same operator is refused");
	ok(err && strstr(err, "甲"), "with the message naming the first operator");
	free(err);
	is_int(count(db, "SELECT count(*) FROM entry_keying"), 0, "and nothing is written");

	use_operator(db, "乙");
	key(m, FEEDBACK_SIGNATURE, 0, "張琦");
	ok(formmodel_verify_differs(m, FEEDBACK_SIGNATURE, 0), "a different signature stops");
	is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), -1, "an undecided difference is not saved");
	ok(err && strstr(err, fs.fields[FEEDBACK_SIGNATURE].label), "the message names the field (%s)", err ? err : "");
	free(err);
	is_int(count(db, "SELECT count(*) FROM entry_keying"), 0, "nothing is written");
	free(formmodel_verify_decide(m, FEEDBACK_SIGNATURE, 0, FORMMODEL_TAKE_SECOND, NULL));
	is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), 0, "verified by 乙 with one difference decided");
	free(err);
	err = NULL;
	is_int(diffs, 1, "one difference");
	is_int(doubleentry_state(db, DE_KIND_FEEDBACK, fb.meta.id), DE_DECIDED, "state: differences decided");
	params[0] = fb.meta.id;
	is_int(count(db, "SELECT count(*) FROM entry_keying WHERE pass = 1 AND operator = '甲' AND record_kind = 'feedback'"),
	    1, "the first keying is kept, stamped with its operator");
	is_int(count(db, "SELECT count(*) FROM entry_keying WHERE pass = 2 AND operator = '乙' AND differences = 1"), 1,
	    "the second keying is kept, by 乙, with its count of differences");
	v = db_query_text(db, "SELECT json_extract(keyed_values, '$.signature') FROM entry_keying WHERE pass = 2"
	    " AND record_id = ?1", 1, params);
	is_str(v ? v : "", "張琦", "the second keying holds what was typed");
	free(v);
	v = db_query_text(db, "SELECT first_value || '|' || second_value || '|' || chosen || '|' || final_value || '|' || field"
	    " FROM entry_decision", 0, NULL);
	is_str(v ? v : "", "张琦|張琦|second|張琦|signature", "the decision keeps both values, the choice and the result");
	free(v);
	is_int(count(db, "SELECT count(*) FROM entry_decision WHERE change_seq > 0 AND length(hlc) > 0"), 1,
	    "the decision is a synced record (clock and change sequence)");
	v = db_query_text(db, "SELECT signature FROM feedback WHERE deleted = 0 AND proposal_id = ?1", 1,
	    (const char *[]){ id });
	is_str(v ? v : "", "張琦", "the verified value is in the feedback record");
	free(v);
	is_int(doubleentry_load(db, DE_KIND_FEEDBACK, fb.meta.id, 1, &kept), 0, "the stored first keying loads");
	is_str(de_keying_get(&kept, "signature") ? de_keying_get(&kept, "signature") : "", "张琦", "with its values");
	de_keying_free(&kept);
	err = doubleentry_can_verify(db, DE_KIND_FEEDBACK, fb.meta.id, &first);
	ok(err != NULL, "a form keyed twice is not verified again (%s)", err ? err : "allowed");
	free(err);
	formmodel_free(m);
	feedback_free(&fb);
	de_keying_free(&first);

	/* The second form: the same values, so verified with no difference and the record unchanged. */
	is_int(doubleentry_feedback_first(db, id2, &fb, &first), 0, "the first keying of form 033");
	m = formmodel_new(&fs, NULL);
	doubleentry_begin(m, &first);
	key_feedback(m, "李明");
	{
		char hlc[HLC_TEXT_LEN];
		snprintf(hlc, sizeof hlc, "%s", fb.meta.hlc);
		is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), 0, "form 033 verified");
		free(err);
		is_int(diffs, 0, "with no difference");
		is_str(fb.meta.hlc, hlc, "the feedback record is not rewritten");
	}
	is_int(doubleentry_state(db, DE_KIND_FEEDBACK, fb.meta.id), DE_VERIFIED, "state: verified");
	is_int(count(db, "SELECT count(*) FROM entry_decision"), 1, "no decision for it");
	formmodel_free(m);
	feedback_free(&fb);
	de_keying_free(&first);
	/* The third form: one difference kept as first keyed, one typed again from the paper. */
	use_operator(db, "甲");
	if (ok(keyed_form(db, "034", "王刚", id), "form 034 keyed by 甲")) {
		use_operator(db, "乙");
		is_int(doubleentry_feedback_first(db, id, &fb, &first), 0, "the first keying of form 034");
		m = formmodel_new(&fs, NULL);
		doubleentry_begin(m, &first);
		key_feedback(m, "王钢");
		free(formmodel_verify_decide(m, FEEDBACK_SIGNATURE, 0, FORMMODEL_KEEP_FIRST, NULL));
		key(m, FEEDBACK_SIGNED_ON, 0, "2024-06-12");
		free(formmodel_verify_decide(m, FEEDBACK_SIGNED_ON, 0, FORMMODEL_RETYPED, "2024-06-20"));
		is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), 0, "form 034 verified");
		free(err);
		err = NULL;
		is_int(diffs, 2, "two differences decided");
		params[0] = fb.meta.id;
		v = db_query_text(db, "SELECT group_concat(field || ':' || chosen || ':' || final_value, ' ') FROM"
		    " (SELECT d.field, d.chosen, d.final_value FROM entry_decision d JOIN entry_keying k ON k.id = d.keying_id"
		    " WHERE k.record_id = ?1 ORDER BY d.field)", 1, params);
		is_str(v ? v : "", "signature:first:王刚 signed_on:third:2024-06-20", "both decisions are kept with their choice");
		free(v);
		v = db_query_text(db, "SELECT signature || ' ' || signed_on FROM feedback WHERE id = ?1 AND deleted = 0", 1, params);
		is_str(v ? v : "", "王刚 2024-06-20", "the record holds the first keying's signature and the retyped date");
		free(v);
		formmodel_free(m);
		feedback_free(&fb);
		de_keying_free(&first);
	}
	is_int(doubleentry_feedback_first(db, "no-such-proposal", &fb, &first), 1, "no form entered: 1");
	feedback_free(&fb);
	de_keying_free(&first);
	fieldset_free(&fs);
}

/* The proposal id of form number (live proposal) into id; false when there is none. */
static bool
proposal_of(sqlite3 *db, const char *number, char *id)
{
	char *v = db_query_text(db, "SELECT id FROM proposal WHERE number = ?1 AND deleted = 0", 1, (const char *[]){ number });
	bool found = v != NULL;

	snprintf(id, UUID_TEXT_LEN, "%s", v ? v : "");
	free(v);
	return found;
}

/* Change one answer of the form of proposal id and save it, as b on the proposal list does. */
static int
edit_form(sqlite3 *db, const char *id, feedback_field f, const char *value)
{
	feedback fb;
	char *err = NULL;
	int rc = feedback_load_for(db, id, &fb);

	if (rc == 0) {
		feedback_set(&fb, f, value);
		rc = feedback_enter(db, &fb, &err);
	}
	if (rc != 0)
		printf("# edit: %s\n", err ? err : "?");
	free(err);
	feedback_free(&fb);
	return rc;
}

/* The numbers of the first page of the double-entry list filtered by state (NULL: all), space-separated. */
static char *
list_page(sqlite3 *db, const char *state)
{
	page_source *ps = pagesource_sql_new(db, doubleentry_feedback_list());
	page pg = { 0 };
	char *out = xstrdup("");

	ps->set_condition(ps, "state", state);
	if (ps->after(ps, NULL, NULL, 25, &pg) == 0)
		for (size_t i = 0; i < pg.n; i++) {
			char *t = xasprintf("%s%s%s", out, i ? " " : "", pg.rows[i].cells[DE_COL_NUMBER]);
			free(out);
			out = t;
		}
	page_clear(&pg);
	ps->free(ps);
	return out;
}

/* The state kept for the list: after verification, after edits (through the program and the sqlite3
 * tool), after edits undone, and the rows of deleted proposals; filtered pages come off an index. */
static void
test_list_state(sqlite3 *db)
{
	char p32[UUID_TEXT_LEN], p33[UUID_TEXT_LEN], p34[UUID_TEXT_LEN], *v;
	de_keying ver;
	feedback fb;

	if (!ok(proposal_of(db, "032", p32) && proposal_of(db, "033", p33) && proposal_of(db, "034", p34),
	    "the three verified forms"))
		return;
	is_int(doubleentry_feedback_state(db, p32), DE_DECIDED, "032: differences decided");
	is_int(doubleentry_feedback_state(db, p33), DE_VERIFIED, "033: verified");
	is_int(doubleentry_feedback_state(db, p34), DE_DECIDED, "034: differences decided (the retyped date is no edit)");
	is_int(doubleentry_feedback_state(db, "no-such-proposal"), -2, "no form: -2");
	feedback_load_for(db, p34, &fb);
	is_int(doubleentry_verified(db, DE_KIND_FEEDBACK, fb.meta.id, &ver), 0, "034's verified answers");
	is_str(de_keying_get(&ver, "signed_on") ? de_keying_get(&ver, "signed_on") : "", "2024-06-20",
	    "with the decision's value in place of what was typed");
	is_str(de_keying_get(&ver, "signature") ? de_keying_get(&ver, "signature") : "", "王刚", "and the first keying's taken");
	de_keying_free(&ver);
	feedback_free(&fb);

	is_int(edit_form(db, p33, FEEDBACK_OPINION, "无"), 0, "033 saved again with the same answers");
	is_int(doubleentry_feedback_state(db, p33), DE_VERIFIED, "it stays verified");
	is_int(edit_form(db, p33, FEEDBACK_OPINION, "办理及时"), 0, "033's opinion changed after verification");
	is_int(doubleentry_feedback_state(db, p33), DE_EDITED, "it is marked edited after verification");
	feedback_load_for(db, p33, &fb);
	de_keying_init(&ver);
	snprintf(ver.operator_name, sizeof ver.operator_name, "%s", "戊");
	v = doubleentry_can_verify(db, DE_KIND_FEEDBACK, fb.meta.id, &ver);
	ok(v == NULL, "v on it is allowed: it can be verified again (%s)", v ? v : "allowed");
	free(v);
	feedback_free(&fb);
	v = list_page(db, "edited");
	is_str(v, "033", "the list filtered on edited shows it");
	free(v);
	v = list_page(db, "verified");
	is_str(v, "", "and no longer among the verified");
	free(v);
	is_int(edit_form(db, p33, FEEDBACK_OPINION, "无"), 0, "the change undone");
	is_int(doubleentry_feedback_state(db, p33), DE_VERIFIED, "the form holds its verified answers again: verified");

	is_int(edit_form(db, p34, FEEDBACK_SIGNED_ON, "2024-06-12"), 0, "034's decided date changed back to the mistyped one");
	is_int(doubleentry_feedback_state(db, p34), DE_EDITED, "a decided form changed is edited too");
	test_exec(db, "UPDATE feedback SET satisfaction = 'dissatisfied' WHERE proposal_id = (SELECT id FROM proposal"
	    " WHERE number = '032') AND deleted = 0");
	is_int(doubleentry_feedback_state(db, p32), DE_EDITED, "a change by the sqlite3 tool is caught by the triggers");
	v = list_page(db, "edited");
	is_str(v, "032 034", "the edited ones, in number order");
	free(v);
	v = list_page(db, NULL);
	is_str(v, "032 033 034", "all forms");
	free(v);
	test_exec(db, "UPDATE proposal SET number = '031' WHERE number = '034'");
	v = list_page(db, "edited");
	is_str(v, "031 032", "a proposal's new number reaches the list");
	free(v);
	test_exec(db, "UPDATE proposal SET deleted = 1 WHERE number = '031'");
	v = list_page(db, NULL);
	is_str(v, "032 033", "a deleted proposal leaves the list");
	free(v);
	test_exec(db, "UPDATE proposal SET deleted = 0 WHERE number = '031'");
	v = list_page(db, "edited");
	is_str(v, "031 032", "and comes back restored, still edited");
	free(v);
}

/* A form edited after verification verified again: its form as it stands is the new round's first
 * keying, by who changed it (who may not verify the change), another operator keys it blind, a
 * difference is decided; the form is verified again, and the earlier round's keyings and decision stay. */
static void
test_reverify(sqlite3 *db)
{
	char p[UUID_TEXT_LEN], *err = NULL, *v, *params_id;
	fieldset fs = feedback_fieldset();
	formmodel *m;
	de_keying first, ver;
	feedback fb;
	int diffs = -1;
	long long old_decisions;

	if (!ok(proposal_of(db, "031", p), "the decided form 031 (034 renumbered), edited since"))
		goto out;
	is_int(doubleentry_feedback_state(db, p), DE_EDITED, "it is edited after verification");
	use_operator(db, "乙");
	is_int(edit_form(db, p, FEEDBACK_OPINION, "无。"), 0, "乙 changes its opinion too");
	is_int(doubleentry_feedback_first(db, p, &fb, &first), 0, "the first keying of a new round");
	is_str(de_keying_get(&first, "signed_on") ? de_keying_get(&first, "signed_on") : "", "2024-06-12",
	    "... is the form as it stands now, the changed date in it");
	is_str(first.operator_name, "乙", "... by who changed it last");
	params_id = fb.meta.id;
	v = doubleentry_can_verify(db, DE_KIND_FEEDBACK, params_id, &first);
	ok(v && strstr(v, "乙"), "乙 may not verify the change made by 乙 (%s)", v ? v : "allowed");
	free(v);
	old_decisions = count(db, "SELECT count(*) FROM entry_decision WHERE deleted = 0");
	use_operator(db, "丙");
	v = doubleentry_can_verify(db, DE_KIND_FEEDBACK, params_id, &first);
	ok(v == NULL, "丙 may (%s)", v ? v : "allowed");
	free(v);
	m = formmodel_new(&fs, NULL);
	doubleentry_begin(m, &first);
	for (size_t i = 0; i < fs.n && i < FEEDBACK_NFIELDS; i++) {
		const char *was = de_keying_get(&first, fs.fields[i].name);
		key(m, i, 0, i == FEEDBACK_SIGNED_ON ? "2024-06-20" : was ? was : "");
	}
	ok(formmodel_verify_differs(m, FEEDBACK_SIGNED_ON, 0), "丙's date from the paper differs from the changed one");
	free(formmodel_verify_decide(m, FEEDBACK_SIGNED_ON, 0, FORMMODEL_TAKE_SECOND, NULL));
	is_int(doubleentry_feedback_save(db, &fb, &first, m, &diffs, &err), 0, "the new round is saved (%s)", err ? err : "");
	free(err);
	is_int(diffs, 1, "... one difference decided");
	is_int(doubleentry_feedback_state(db, p), DE_DECIDED, "the form is verified again: differences decided");
	is_int(count(db, "SELECT count(*) FROM entry_keying k JOIN feedback f ON f.id = k.record_id JOIN proposal p"
	    " ON p.id = f.proposal_id AND p.number = '031' WHERE k.deleted = 0"), 4, "both rounds' keyings are kept, none deleted");
	is_int(count(db, "SELECT count(*) FROM entry_decision WHERE deleted = 0"), old_decisions + 1,
	    "the earlier decisions are kept beside the new one");
	is_int(doubleentry_verified(db, DE_KIND_FEEDBACK, params_id, &ver), 0, "the verified answers are the new round's");
	is_str(de_keying_get(&ver, "signed_on") ? de_keying_get(&ver, "signed_on") : "", "2024-06-20", "... the date decided");
	is_str(de_keying_get(&ver, "opinion") ? de_keying_get(&ver, "opinion") : "", "无。", "... and 乙's opinion, keyed the same");
	de_keying_free(&ver);
	v = doubleentry_can_verify(db, DE_KIND_FEEDBACK, params_id, &first);
	ok(v && strstr(v, "Differences decided"), "verified again, it is not keyed a third time (%s)", v ? v : "allowed");
	free(v);
	v = list_page(db, "decided");
	ok(strstr(v, "031") != NULL, "the list shows it among the decided (%s)", v);
	free(v);
	formmodel_free(m);
	de_keying_free(&first);
	feedback_free(&fb);
out:
	fieldset_free(&fs);
}

/* A second keying's decisions survive the terminal closing: they are drafted beside the values, and a
 * model reopened from the draft (before or after verify mode begins) has them, with what was typed. */
static void
test_decision_draft(sqlite3 *db)
{
	fieldset fs = sample_fields();
	formmodel *m = formmodel_new(&fs, "verify:decisions");
	de_keying first;
	formmodel_verdict v = FORMMODEL_RETYPED;
	const char *second = NULL;

	first_keying(&first);
	doubleentry_begin(m, &first);
	key(m, F_NAME, 0, "張琦");
	free(formmodel_verify_decide(m, F_NAME, 0, FORMMODEL_KEEP_FIRST, NULL));
	key(m, F_COUNT, 0, "13");
	free(formmodel_verify_decide(m, F_COUNT, 0, FORMMODEL_TAKE_SECOND, NULL));
	key(m, F_SIGNED, 0, "2024-06-12");
	free(formmodel_verify_decide(m, F_SIGNED, 0, FORMMODEL_RETYPED, "2024-06-22"));
	key(m, F_SAT, 0, "satisfied");
	is_int(formmodel_draft_save(m, db), 0, "the second keying with three decisions is drafted");
	formmodel_free(m);

	m = formmodel_new(&fs, "verify:decisions");
	ok(formmodel_draft_restore(m, db) > 0, "reopened from the draft (verify mode begins after, as a survey's does)");
	doubleentry_begin(m, &first);
	ok(formmodel_verify_decision(m, F_NAME, 0, &v, &second) && v == FORMMODEL_KEEP_FIRST && !strcmp(second, "張琦"),
	    "the first keying taken is still a decision, with what the second operator typed (%s)", second ? second : "none");
	is_str(formmodel_raw(m, F_NAME, 0), "张琦", "... the field holds the value decided on");
	ok(formmodel_verify_decision(m, F_COUNT, 0, &v, &second) && v == FORMMODEL_TAKE_SECOND && !strcmp(second, "13"),
	    "the second keying taken too");
	ok(formmodel_verify_decision(m, F_SIGNED, 0, &v, &second) && v == FORMMODEL_RETYPED && !strcmp(second, "2024-06-12"),
	    "a value typed again too, with the one typed before it");
	is_str(formmodel_raw(m, F_SIGNED, 0), "2024-06-22", "... the field holds the value typed again");
	ok(!formmodel_verify_decision(m, F_SAT, 0, NULL, NULL), "a field keyed the same has no decision");
	key(m, F_COUNT, 0, "12");
	ok(!formmodel_verify_decision(m, F_COUNT, 0, NULL, NULL), "the count typed again as the first keying: no decision now");
	is_int(formmodel_draft_save(m, db), 0, "drafted again");
	formmodel_free(m);

	m = formmodel_new(&fs, "verify:decisions");
	doubleentry_begin(m, &first);
	formmodel_draft_restore(m, db);
	ok(!formmodel_verify_decision(m, F_COUNT, 0, NULL, NULL), "reopened once more: the undone decision is not restored");
	ok(formmodel_verify_decision(m, F_NAME, 0, &v, NULL) && v == FORMMODEL_KEEP_FIRST, "the others are");
	is_int(formmodel_draft_clear(m, db), 0, "the draft dropped");
	is_int(count(db, "SELECT count(*) FROM draft WHERE form = 'verify:decisions'"), 0, "... decisions and all");
	formmodel_free(m);
	de_keying_free(&first);
	fieldset_free(&fs);
}

/* The keyed pages the list runs, each way, filtered by state or not, come straight off an index: no sort. */
static void
test_list_plan(sqlite3 *db)
{
	static const char *const sorts[] = { "number", "title", "proposer" };
	page_source *ps = pagesource_sql_new(db, doubleentry_feedback_list());
	page pg = { 0 };

	test_trace_pages(db, true);
	for (size_t c = 0; c < 3; c++)
		for (int variant = 0; variant < 4; variant++) {
			bool filtered = variant & 1, desc = variant & 2;
			char *plan, *want = xasprintf("INDEX fes_%s%s (", filtered ? "state_" : "", sorts[c]);

			ps->set_sort(ps, c, desc);
			ps->set_condition(ps, "state", filtered ? "edited" : NULL);
			plan = test_keyed_page_plan(db, ps, &pg);
			ok(test_traced_page && strstr(plan, want) && !strstr(plan, "TEMP B-TREE"), "sorted by %s%s%s: an index, no sort (%s)",
			    sorts[c], desc ? " descending" : "", filtered ? ", one state" : "", plan);
			free(plan);
			free(want);
		}
	test_trace_pages(db, false);
	free(test_traced_page);
	test_traced_page = NULL;
	page_clear(&pg);
	ps->free(ps);
}

/* Forms entered before the migration get their rows when it runs. */
static void
test_migration(void)
{
	/* The schema before migration_reverify (the one migration that counts a pass's keyings). */
	int reverify = migrate_version_containing("GROUP BY record_id, pass HAVING count(*) > 1");
	sqlite3 *db = reverify > 1 ? test_fresh_db(reverify - 1, false) : NULL;
	char id[UUID_TEXT_LEN], *err = NULL;

	if (!ok(db != NULL && save_identity(db, "甲") && keyed_form(db, "077", "张琦", id), "a form in the schema before"))
		goto out;
	/* Two second keyings of it (two offices verified it): the older one's opinion differs from the
	 * form, the newer one's is the form's. Before the migration the oldest counts: edited. */
	test_exec(db, "INSERT INTO entry_keying (id, origin, created_at, updated_at, hlc, operator, record_kind, record_id,"
	    " pass, keyed_values, differences) SELECT '00000000-0000-4000-8000-00000000000' || n, 'node', c, c,"
	    " printf('%015d-00000', n), '乙', 'feedback', f.id, 2, v, 0 FROM feedback f, (SELECT 1 AS n,"
	    " '2024-01-01T00:00:00.000Z' AS c, '{\"opinion\":\"旧\"}' AS v UNION ALL SELECT 2, '2024-02-01T00:00:00.000Z',"
	    " '{\"opinion\":\"无\"}')");
	is_int(doubleentry_feedback_state(db, id), DE_EDITED, "before: the oldest second keying counts, edited");
	is_int(migrate_apply(db, &err), 0, "migrated");
	free(err);
	is_int(doubleentry_feedback_state(db, id), DE_VERIFIED, "after: the newest counts, verified (its row rebuilt)");
	test_exec(db, "DELETE FROM entry_keying");
	is_int(doubleentry_feedback_state(db, id), DE_KEYED_ONCE, "the form is in the list, keyed once");
out:
	sqlite3_close(db);
}

int
main(void)
{
	sqlite3 *db;

	setlocale(LC_ALL, "C.UTF-8");
	test_same_values();
	test_decisions();
	test_operators();
	db = test_fresh_db(-1, false);
	if (ok(db != NULL, "a fresh database") && save_identity(db, "甲"))
		test_storage(db);
	test_list_state(db);
	test_reverify(db);
	test_decision_draft(db);
	test_list_plan(db);
	sqlite3_close(db);
	test_migration();
	return tap_done();
}
