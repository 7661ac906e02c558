#!/bin/bash
# new_row.sh - after saving a NEW proposal the list selects it, wherever it sorts: 40 proposals are
# imported, the first is selected, n enters 035 (off the first screen), and after the save the list
# shows 035 selected (Enter opens it, e edits it); sorted by title descending the same; a new proposal
# the filter hides is said to be hidden. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8) T_LIST="建议提案意见表"; T_NEW="新建建议提案"; T_ASK_FB="现在录入这条建议提案收回的征询意见表吗"
		T_HIDDEN="搜索或筛选条件使它不在此列表中"; T_FILTER_BY="筛选条件"
		T_DETAIL_NO="建议、提案编号：035"; T_FORM_NO="建议、提案编号 *" ;;
	*) T_LIST="Proposals and feedback forms"; T_NEW="New proposal"; T_ASK_FB="Enter the returned feedback form"
		T_HIDDEN="The search or the filters hide it"; T_FILTER_BY="Filter by"
		T_DETAIL_NO="Number: 035"; T_FORM_NO="Number *" ;;
	esac
}

q() {
	sqlite3 -separator '|' "$DB" "$1"
}

# new_proposal NUMBER TITLE UNIT: n, the fields in the paper form's order, F2, and no to the feedback form.
new_proposal() {
	keys n
	see_row 0 "$T_NEW" "$L n opens a new proposal ($1)"
	keys 2 Tab Tab
	type_text "某委员"
	keys Tab
	type_text "$1"
	keys Tab
	type_text "$2"
	keys Tab Tab
	if [ -n "$3" ]; then
		keys C-u
		type_text "$3"
	fi
	keys F2
	see "$T_ASK_FB" "$L $1 saved; the feedback form is offered"
	keys n
	see_row 0 "$T_LIST" "$L no: back to the list"
}

flow() {
	local lang=$1 i
	flow_begin "$lang" 滨河社区 HBW-0123
	{
		echo '类别,届次,编号,标题,提出人,联系电话,承办单位'
		for i in $(seq 1 40); do
			[ "$i" -eq 35 ] && continue
			printf '提案,市政协十届三次会议,%03d,关于第%03d号事项的提案,提出人%d,,乌海市商务局\n' "$i" "$i" "$i"
		done
	} >"$TEST_HOME/list.csv"
	lc import proposals "$TEST_HOME/list.csv" >/dev/null || fail "$L import 39 proposals"
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L the list"
	see_row 4 "001" "$L 001 is first and selected"
	not_seen "035" "$L no 035 yet"

	new_proposal 035 "关于新增的第035号提案" ""
	wait_q 1 "$L 035 is in the database" "SELECT count(*) FROM proposal WHERE number = '035'"
	see "关于新增的第035号提案" "$L the list shows the new proposal (off the first screen before)"
	keys Enter
	# The title and proposer are in the list already: the number's label is only in the details.
	see "$T_DETAIL_NO" "$L Enter opens the selected row: the new proposal, not 001"
	see "关于新增的第035号提案" "$L its title heads the details"
	keys Enter
	keys e
	line_is "$T_FORM_NO 035" "$L e edits the new proposal (its number in the form's field)"
	see "关于新增的第035号提案" "$L with its title"
	not_seen "关于第001号事项的提案" "$L not the one selected before"
	keys Escape
	see_row 0 "$T_LIST" "$L back"

	# Sorted by title, descending: the new one is selected where it sorts there too.
	keys s r Home
	see_row 2 "v" "$L sorted descending"
	see_row 4 "040" "$L by title descending, 040 comes first"
	new_proposal 041 "关于第020号事项的提案（补充）" ""
	see "关于第020号事项的提案（补充）" "$L the new proposal is on screen in the middle of the title order"
	keys Enter
	see "关于第020号事项的提案（补充）" "$L after a save in the title order, Enter opens the new one"
	keys Enter
	keys Down
	keys Enter
	see "提出人20" "$L the row below it is 020, as the order says"
	keys Enter

	# A new proposal the filter hides: said so, the list stays usable.
	keys f
	see "$T_FILTER_BY" "$L f"
	keys 1 Enter
	see "乌海市商务局" "$L the handling units present"
	keys 2 Enter
	new_proposal 042 "关于另一单位的提案" "乌海市文化局"
	see "$T_HIDDEN" "$L a new proposal the filter hides is said to be hidden"
	is "$(q "SELECT handling_unit FROM proposal WHERE number = '042'")" "乌海市文化局" "$L it was saved"
	stop_app
}

wait_q() {
	poll_is "$1" "$2" q "$3"
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
