/* test_qprint.c - the paper questionnaire's skip logic and an expression required in words:
 * ${x} = 'v', selected(${x}, 'v') and comparisons (>, >=, <, <=, !=) with a value name
 * the question by its printed number and the choice by its label (in the paper's language);
 * conditions joined by `and` stay words; anything else, or a reference to a question that is not
 * printed, reads "if it applies". On the text paper of a real template: the required expression
 * and a counted repeat (from a question, a number, anything else) in words, and the blocks it gets
 * (the question's constraint's upper bound, a number, members asked for). The layout itself is
 * tested on the real program (tests/screen/questionnaire.sh). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "qprint.h"
#include "testutil.h"

static const template_choice_info yes_no[] = { { "yes", "是" }, { "no", "否" } };
static const template_choice_info yes_no_en[] = { { "yes", "Yes" }, { "no", "No" } };
static const template_choice_info services[] = { { "meals", "助餐" }, { "visits", "上门照护" } };

/* required_if of the last row in words. */
static void
req_words(template_question *rows, size_t n, const int *numbers, const char *expr, bool zh, const char *want, const char *what)
{
	rows[n - 1].required_if = expr;
	char *got = qprint_required_words(rows, n, numbers, n - 1, zh);
	is_str(got, want, "required: %s: %s", what, expr ? expr : "(null)");
	free(got);
	rows[n - 1].required_if = "";
}

/* The plain-text questionnaire of a template read from survey/choices CSV text, in lang. */
static char *
paper_text(sqlite3 *db, const char *survey, const char *choices, const char *lang, int members)
{
	char dir[] = "/tmp/lc-qprint-XXXXXX", *s, *c, *out = NULL;
	template_problem *probs = NULL;
	size_t np = 0;

	if (!mkdtemp(dir))
		return NULL;
	s = xasprintf("%s/p.survey.csv", dir);
	c = xasprintf("%s/p.choices.csv", dir);
	spew(s, survey, strlen(survey));
	spew(c, choices, strlen(choices));
	const char *files[2] = { s, c };
	template *t = template_parse(db, files, 2, &probs, &np);
	for (size_t i = 0; i < np; i++) {
		char *line = template_problem_text(&probs[i]);
		printf("# %s\n", line);
		free(line);
	}
	template_problems_free(probs, np);
	if (t)
		out = qprint_text(t, &(qprint_opts){ lang, 1, members }, 72);
	template_free(t);
	free(s);
	free(c);
	rm_rf(dir);
	return out;
}

/* required as an expression and a counted repeat, on the text paper of a real template. */
static void
test_paper(void)
{
	sqlite3 *db = test_fresh_db(-1, true);
	const char *survey =
	    "type,name,label::中文 (zh),label::English (en),required,repeat_count\n"
	    "text,estate,小区,Estate,yes,\n"
	    "integer,size,家庭人口,Household size,,\n"
	    "integer,rooms,房间数,Rooms,${size} > 1,\n"
	    "text,why,原因,Why,${size} > 1 or ${rooms} = 0,\n"
	    "begin_repeat,members,家庭成员,Members,,${size}\n"
	    "text,member_name,成员姓名,Name,,\n"
	    "end_repeat,,,,,\n"
	    "begin_repeat,cars,车辆,Cars,,2\n"
	    "text,plate,车牌,Plate,,\n"
	    "end_repeat,,,,,\n"
	    "begin_repeat,pets,宠物,Pets,,${size} - 1\n"
	    "text,pet,宠物名,Pet,,\n"
	    "end_repeat,,,,,\n";
	const char *choices = "list_name,name,label::中文 (zh),label::English (en)\n";
	char *zh, *en, *flat;

	ok(db != NULL, "a database");
	zh = paper_text(db, survey, choices, "zh", 3);
	en = paper_text(db, survey, choices, "en", 3);
	ok(zh && en, "the template prints as text");
	if (!zh || !en)
		goto out;
	flat = xstrdup(zh);
	/* the text is wrapped at 72 columns: compare with the line breaks and indents taken out */
	{
		char *w = flat;
		for (char *r = flat; *r; r++)
			if (*r != '\n' && *r != ' ')
				*w++ = *r;
		*w = '\0';
	}
	ok(strstr(flat, "3.房间数") && strstr(flat, "当第2题大于1时必答"), "an expression required reads 当第2题大于1时必答");
	ok(strstr(flat, "（视情况必答）") != NULL, "an expression too involved: （视情况必答）");
	ok(strstr(flat, "家庭成员（按第2题的人数填写）") != NULL, "a counted repeat: 按第2题的人数填写");
	ok(strstr(flat, "成员姓名") != NULL, "with the member's question");
	ok(strstr(flat, "车辆（每位成员填写一栏，共2栏）") && strstr(flat, "车辆（第2位）") && !strstr(flat, "车辆（第3位）"),
	    "a fixed count of 2: two blocks");
	ok(strstr(flat, "宠物（按实际人数填写）") != NULL, "a count too involved: as it applies");
	ok(strstr(en, "Required when Q2 is more than 1") != NULL, "English: Required when Q2 is more than 1");
	ok(strstr(en, "(one per person counted in question 2)") != NULL, "English: one per person counted in question 2");
	free(flat);
out:
	free(zh);
	free(en);
	sqlite3_close(db);
}

/* Blocks of each member title "GROUP（第N位）" in text: the highest N printed (0 when none). */
static int
blocks(const char *text, const char *group)
{
	int n = 0;

	for (int k = 1; k <= QPRINT_MEMBERS_MAX + 1; k++) {
		char *title = xasprintf("%s（第%d位）", group, k);
		if (strstr(text, title))
			n = k;
		free(title);
	}
	return n;
}

/* A repeat counted by a question gets as many blocks as that question's constraint allows (its
 * smallest upper bound among terms joined by `and`, at most QPRINT_MEMBERS_MAX), else the default;
 * members asked for win over a constraint, never over a number. */
static void
test_counted(void)
{
	sqlite3 *db = test_fresh_db(-1, true);
	const char *survey =
	    "type,name,label::中文 (zh),constraint,repeat_count\n"
	    "integer,a,甲,. >= 1 and . <= 6,\n"
	    "integer,b,乙,. > 0 and ${b} < 3,\n"
	    "integer,c,丙,. <= 50,\n"
	    "integer,d,丁,. <= 2 or . = 9,\n"
	    "integer,e,戊,. >= 1,\n"
	    "integer,f,己,,\n"
	    "begin_repeat,ra,甲组,,${a}\ntext,xa,甲名,,\nend_repeat,,,,\n"
	    "begin_repeat,rb,乙组,,${b}\ntext,xb,乙名,,\nend_repeat,,,,\n"
	    "begin_repeat,rc,丙组,,${c}\ntext,xc,丙名,,\nend_repeat,,,,\n"
	    "begin_repeat,rd,丁组,,${d}\ntext,xd,丁名,,\nend_repeat,,,,\n"
	    "begin_repeat,re,戊组,,${e}\ntext,xe,戊名,,\nend_repeat,,,,\n"
	    "begin_repeat,rf,己组,,${f}\ntext,xf,己名,,\nend_repeat,,,,\n"
	    "begin_repeat,rg,庚组,,4\ntext,xg,庚名,,\nend_repeat,,,,\n";
	char *p = paper_text(db, survey, "list_name,name,label::中文 (zh)\n", "zh", 0);
	char *two = paper_text(db, survey, "list_name,name,label::中文 (zh)\n", "zh", 2);

	ok(p && two, "a template of counted repeats prints");
	if (p && two) {
		is_int(blocks(p, "甲组"), 6, ". >= 1 and . <= 6: six blocks");
		ok(strstr(p, "甲组（按第1题的人数填写）") != NULL, "still saying to fill one per person counted");
		is_int(blocks(p, "乙组"), 2, ". > 0 and ${b} < 3 (the question itself by name): two blocks");
		is_int(blocks(p, "丙组"), QPRINT_MEMBERS_MAX, ". <= 50: at most %d blocks", QPRINT_MEMBERS_MAX);
		is_int(blocks(p, "丁组"), QPRINT_MEMBERS_DEFAULT, "an `or` is too involved to tell: the default");
		is_int(blocks(p, "戊组"), QPRINT_MEMBERS_DEFAULT, "a lower bound only: the default");
		is_int(blocks(p, "己组"), QPRINT_MEMBERS_DEFAULT, "no constraint: the default");
		is_int(blocks(p, "庚组"), 4, "a repeat_count of 4: four blocks");
		is_int(blocks(two, "甲组"), 2, "members 2 asked for win over the constraint");
		is_int(blocks(two, "己组"), 2, "and over the default");
		is_int(blocks(two, "庚组"), 4, "but not over a number");
	}
	free(p);
	free(two);
	sqlite3_close(db);
}

static void
words(template_question *rows, size_t n, const int *numbers, const char *relevant, bool zh, const char *want, const char *what)
{
	rows[n - 1].relevant = relevant;
	char *got = qprint_relevance_words(rows, n, numbers, n - 1, zh);
	is_str(got, want, "%s: %s", what, relevant);
	free(got);
}

int
main(void)
{
	template_question rows[5] = {
		{ .name = "elderly", .type = "select_one", .relevant = "", .choices = yes_no, .nchoices = 2 },
		{ .name = "total", .type = "calculate", .relevant = "" },
		{ .name = "needs", .type = "select_multiple", .relevant = "", .choices = services, .nchoices = 2 },
		{ .name = "size", .type = "integer", .relevant = "" },
		{ .name = "q", .type = "text", .relevant = "" },
	};
	const int numbers[5] = { 4, 0, 6, 7, 8 };
	char *none;

	rows[4].relevant = "";
	none = qprint_relevance_words(rows, 5, numbers, 4, true);
	ok(none == NULL, "no relevance: no words");
	rows[4].relevant = "  ";
	none = qprint_relevance_words(rows, 5, numbers, 4, true);
	ok(none == NULL, "a blank relevance: no words");
	is_int(numbers[0], 4, "the elderly question is printed as number 4");

	words(rows, 5, numbers, "${elderly} = 'yes'", true, "仅当第4题选“是”时回答", "equals a choice: its label");
	words(rows, 5, numbers, "${elderly}='no'", true, "仅当第4题选“否”时回答", "no spaces");
	words(rows, 5, numbers, " ( ${elderly} = \"yes\" ) ", true, "（如适用）", "parentheses are not simple: neutral");
	words(rows, 5, numbers, "selected(${elderly}, 'yes')", true, "仅当第4题选“是”时回答", "selected() on a select_one reads as equals");
	words(rows, 5, numbers, "selected( ${needs} , 'meals')", true, "仅当第6题选了“助餐”时回答", "selected() on a select_multiple: includes");
	words(rows, 5, numbers, "${size} = 3", true, "仅当第7题为“3”时回答", "a number: the value itself");
	words(rows, 5, numbers, "${elderly} = 'yes' and selected(${needs}, 'visits')", true,
	    "仅当第4题选“是”且第6题选了“上门照护”时回答", "two conditions joined by and");
	words(rows, 5, numbers, "${elderly} = 'yes' or ${size} = 2", true, "（如适用）", "or: neutral");
	words(rows, 5, numbers, "${size} > 1", true, "仅当第7题大于1时回答", "more than");
	words(rows, 5, numbers, "${size}>=2 and ${size} <= 5", true, "仅当第7题不小于2且第7题不大于5时回答", "at least and at most");
	words(rows, 5, numbers, "${size} < 10", true, "仅当第7题小于10时回答", "less than");
	words(rows, 5, numbers, "${elderly} != 'no'", true, "仅当第4题不为“否”时回答", "not equal: the choice's label");
	words(rows, 5, numbers, "${size} == 1", true, "（如适用）", "== is no XLSForm: neutral");
	words(rows, 5, numbers, "${size} > ${elderly}", true, "（如适用）", "a comparison with a question: neutral");
	words(rows, 5, numbers, "${total} = 'x'", true, "（如适用）", "a calculation is not printed: neutral");
	words(rows, 5, numbers, "${nobody} = 'x'", true, "（如适用）", "an unknown name: neutral");
	words(rows, 5, numbers, "${elderly} = 'yes", true, "（如适用）", "a broken quote: neutral");
	words(rows, 5, numbers, "${elderly = 'yes'", true, "（如适用）", "a broken reference: neutral");
	words(rows, 5, numbers, "${elderly} = 'yes' and", true, "（如适用）", "a dangling and: neutral");
	rows[0].choices = yes_no_en;
	words(rows, 5, numbers, "${elderly} = 'yes'", false, "Answer only if Q4 is “Yes”", "English");
	words(rows, 5, numbers, "selected(${needs}, 'meals')", false, "Answer only if Q6 includes “助餐”", "English: includes");
	words(rows, 5, numbers, "${size} > 1", false, "Answer only if Q7 is more than 1", "English: more than");
	words(rows, 5, numbers, "${size} > 1 or ${size} < 0", false, "(if it applies)", "English: neutral");
	words(rows, 5, numbers, "${elderly} = 'maybe'", false, "Answer only if Q4 is “maybe”", "a value that is no choice: as written");
	rows[4].required_if = "";
	none = qprint_required_words(rows, 5, numbers, 4, true);
	ok(none == NULL, "no required expression: no words");
	rows[4].required_if = NULL;
	none = qprint_required_words(rows, 5, numbers, 4, true);
	ok(none == NULL, "a question list without required_if: no words");
	rows[0].choices = yes_no;
	req_words(rows, 5, numbers, "${size} > 1", true, "当第7题大于1时必答", "more than");
	req_words(rows, 5, numbers, "${elderly} = 'yes'", true, "当第4题选“是”时必答", "a choice");
	req_words(rows, 5, numbers, "${size} > 1 or ${size} = 0", true, "（视情况必答）", "or: neutral");
	req_words(rows, 5, numbers, "${size} > 1", false, "Required when Q7 is more than 1", "English");
	req_words(rows, 5, numbers, "count(${size})", false, "(required in some cases)", "English: neutral");
	test_paper();
	test_counted();
	return tap_done();
}
