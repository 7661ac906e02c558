/* test_picklist.c - the pick list of a long choice field without a terminal: digits pick by
 * number (several digits make one number), typed letters or Chinese narrow the list, Backspace and
 * Esc undo typing, the highlight stays within the shown rows. */
#include "config.h"
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include "tap.h"
#include "picklist.h"

static const char *const labels[] = {
	"超市", "菜市场", "社区食堂", "养老服务站", "托育点", "卫生服务站", "药店", "快递站",
	"理发店", "洗衣店", "维修点", "Bank", "bakery", "Post office", "书店",
};
#define N (sizeof labels / sizeof labels[0])

static void
type_str(picklist *p, const wchar_t *s)
{
	for (; *s; s++)
		picklist_type(p, *s);
}

int
main(void)
{
	picklist p;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	picklist_init(&p, labels, N, 2);
	is_int(p.nvis, N, "every label is shown at first");
	is_int(picklist_selected(&p), 2, "the current choice is highlighted");

	picklist_type(&p, L'1');
	is_int(picklist_selected(&p), 0, "1 picks the first");
	picklist_type(&p, L'2');
	is_int(picklist_selected(&p), 11, "then 2 makes 12: the twelfth");
	is_int(p.number, 12, "the number typed is 12");
	picklist_type(&p, L'9');
	is_int(p.number, 9, "129 names no label: the number starts again at 9");
	is_int(picklist_selected(&p), 8, "the ninth is highlighted");
	picklist_backspace(&p);
	is_int(p.number, 0, "Backspace drops the digit");
	picklist_type(&p, L'1');
	picklist_type(&p, L'5');
	is_int(picklist_selected(&p), 14, "15 picks the last");
	picklist_type(&p, L'0');
	is_int(p.number, 0, "0 alone names nothing");
	ok(picklist_clear(&p) == false, "nothing left to clear");

	type_str(&p, L"服务");
	is_int(p.nvis, 2, "Chinese typed narrows to the labels containing it");
	is_str(labels[picklist_selected(&p)], "养老服务站", "the first match is highlighted");
	picklist_move(&p, 1);
	is_int(picklist_selected(&p), 5, "Down moves to the next match (卫生服务站)");
	picklist_move(&p, 5);
	is_int(picklist_selected(&p), 5, "the highlight stays on the last shown row");
	picklist_backspace(&p);
	is_int(p.nvis, 2, "Backspace drops one character of the filter (服 matches the same two)");
	ok(picklist_clear(&p), "Esc clears the filter");
	is_int(p.nvis, N, "every label is shown again");

	type_str(&p, L"BA");
	is_int(p.nvis, 2, "letters filter without regard to case (Bank, bakery)");
	is_int(picklist_selected(&p), 11, "the first is Bank");
	type_str(&p, L"x");
	is_int(p.nvis, 0, "no label matches");
	is_int(picklist_selected(&p), -1, "nothing is selected then");
	picklist_type(&p, L'4');
	is_int(p.nvis, N, "a digit clears the filter and picks by number");
	is_int(picklist_selected(&p), 3, "4 picks the fourth");
	picklist_free(&p);

	picklist_init(&p, labels, 0, 0);
	is_int(picklist_selected(&p), -1, "an empty list selects nothing");
	picklist_type(&p, L'1');
	is_int(picklist_selected(&p), -1, "a digit in an empty list selects nothing");
	picklist_free(&p);
	return tap_done();
}
