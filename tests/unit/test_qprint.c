/* test_qprint.c - the paper questionnaire's skip logic in words: ${x} = 'v' and selected(${x}, 'v')
 * name the question by its printed number and the choice by its label (in the paper's language);
 * conditions joined by `and` stay words; anything else, or a reference to a question that is not
 * printed, reads "if it applies". The layout itself is tested on the real program
 * (tests/screen/questionnaire.sh). */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "qprint.h"

static const template_choice_info yes_no[] = { { "yes", "是" }, { "no", "否" } };
static const template_choice_info yes_no_en[] = { { "yes", "Yes" }, { "no", "No" } };
static const template_choice_info services[] = { { "meals", "助餐" }, { "visits", "上门照护" } };

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
	words(rows, 5, numbers, "${size} > 1", true, "（如适用）", "a comparison: neutral");
	words(rows, 5, numbers, "${size} != 1", true, "（如适用）", "not equal: neutral");
	words(rows, 5, numbers, "${total} = 'x'", true, "（如适用）", "a calculation is not printed: neutral");
	words(rows, 5, numbers, "${nobody} = 'x'", true, "（如适用）", "an unknown name: neutral");
	words(rows, 5, numbers, "${elderly} = 'yes", true, "（如适用）", "a broken quote: neutral");
	words(rows, 5, numbers, "${elderly = 'yes'", true, "（如适用）", "a broken reference: neutral");
	words(rows, 5, numbers, "${elderly} = 'yes' and", true, "（如适用）", "a dangling and: neutral");
	rows[0].choices = yes_no_en;
	words(rows, 5, numbers, "${elderly} = 'yes'", false, "Answer only if Q4 is “Yes”", "English");
	words(rows, 5, numbers, "selected(${needs}, 'meals')", false, "Answer only if Q6 includes “助餐”", "English: includes");
	words(rows, 5, numbers, "${size} > 1", false, "(if it applies)", "English: neutral");
	words(rows, 5, numbers, "${elderly} = 'maybe'", false, "Answer only if Q4 is “maybe”", "a value that is no choice: as written");
	return tap_done();
}
