#!/bin/bash
# fbstats.sh - the satisfaction statistics screen (满意度统计), as a user reaches it: four proposals
# imported, three returned feedback forms entered on the screen (满意, 比较满意, 不满意), one form
# printed blank (sent, awaiting reply); t on the proposal list opens the statistics, whose table rows
# are read back (counts, returned, rate, awaiting, not sent, the total); the selected row's bars; t
# switches to sessions; f filters by a handling unit; Enter on a unit shows its sessions; the
# statistics follow a form entered meanwhile; the reports menu opens the same screen. In zh_CN.UTF-8
# (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

S1=市政协十届三次会议
S2=市人大十届三次会议
UA=乌海市商务局
UB=乌海市文化局

texts() {
	case $1 in
	zh_CN.UTF-8) T_LIST="建议提案意见表"; T_STATS="满意度统计"; T_BY_UNIT="按承办单位（t 切换）"; T_BY_SESSION="按届次（t 切换）"
		T_TOTAL="合计"; T_SAT="满意"; T_RATE_HEAD="满意率 66.7%"; T_FILTER_BY="筛选条件"; T_FILTER_ON="承办单位: $UB"
		T_REPORTS="统计报表"; T_RATES_UNIT="各承办单位满意率"; T_FB="的征询意见表"; T_HEAD="：满意率 100.0%（收回 2 份，其中满意和比较满意 2 份）" ;;
	*) T_LIST="Proposals and feedback forms"; T_STATS="Satisfaction statistics"; T_BY_UNIT="By handling unit (t switches)"
		T_BY_SESSION="By session (t switches)"; T_TOTAL="Total"; T_SAT="Satisfied"; T_RATE_HEAD="satisfaction rate 66.7%"
		T_FILTER_BY="Filter by"; T_FILTER_ON="Handling unit: $UB"; T_REPORTS="Reports"; T_RATES_UNIT="Satisfaction rate by handling unit"
		T_FB="Feedback form of"; T_HEAD=": satisfaction rate 100.0% (2 of 2 returned)" ;;
	esac
}

# enter_form NUMBER LEVEL: on the list, search NUMBER, b, the satisfaction digit, a signature, F2.
enter_form() {
	keys /
	type_text "$1"
	keys Enter
	see_row 4 "$1" "$L $1 found"
	keys b
	see "$T_FB" "$L b opens $1's feedback form"
	keys "$2" Tab Tab Tab Tab
	type_text "張琦"
	keys F2
	see_row 0 "$T_LIST" "$L $1's form saved"
	keys Escape
}

flow() {
	local lang=$1
	flow_begin "$lang" 滨河社区 HBW-0123
	printf '%s\n' '类别,届次,编号,标题,提出人,联系电话,承办单位' \
	    "提案,$S1,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,8991332,$UA" \
	    "建议,$S2,011,关于增设社区便民早餐点的建议,王海燕,13812345632,$UA" \
	    "提案,$S1,045,关于规范老旧小区停车管理的提案,周九,,$UA" \
	    "提案,$S1,050,关于完善社区菜市场布局的提案,刘洋,,$UB" >"$TEST_HOME/list.csv"
	lc import proposals "$TEST_HOME/list.csv" >/dev/null || fail "$L import four proposals"
	# 011's blank form printed for the deputy: sent, awaiting reply.
	lc print feedback --number 011 --blank --format text -o "$TEST_HOME/011.txt" >/dev/null || fail "$L print 011 blank"
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L the proposal list"
	enter_form 032 1
	enter_form 045 2
	enter_form 050 3
	is "$(sqlite3 "$DB" "SELECT group_concat(satisfaction, ',') FROM (SELECT satisfaction FROM feedback WHERE deleted = 0 ORDER BY satisfaction)")" \
	    "dissatisfied,fairly,satisfied" "$L three forms are in the database"

	keys t
	see_row 0 "$T_STATS" "$L t on the list opens the satisfaction statistics"
	see "$T_BY_UNIT" "$L by handling unit first"
	# proposals, satisfied, fairly, dissatisfied, returned, rate, awaiting, not sent
	line_is "$UA 3 1 1 0 2 100.0% 1 0" "$L 商务局: 3 proposals, 满意 1, 比较满意 1, returned 2, rate 100.0%, 1 awaiting"
	line_is "$UB 1 0 0 1 1 0.0% 0 0" "$L 文化局: 1 proposal, 不满意 1, rate 0.0%"
	line_is "$T_TOTAL 4 1 1 1 3 66.7% 1 0" "$L the total: rate 66.7% (2 of 3 returned)"
	see "$T_HEAD" "$L the selected row's chart is headed by its unit and rate"
	r=$(row_of "$T_RATES_UNIT")
	[ "$r" -gt 0 ]; ok $? "$L the rate of each unit is charted"
	# The bars in the units' order: 商务局 full (100.0%), 文化局 empty (0.0%).
	line=$(row $((r + 1)) | tr -s " ")
	contains "$line" "$UA █" "$L 商务局's rate is the first bar, drawn"
	contains "$line" "█ 100.0%" "$L ... noted 100.0%"
	line=$(row $((r + 2)) | tr -s " ")
	contains "$line" "$UB 0.0%" "$L 文化局's rate is the second, empty bar, noted 0.0%"
	line=$(screen | grep -E "^  $T_SAT +[^ ]" | head -1)
	contains "$line" "█" "$L the 满意 bar is drawn with block characters"
	contains "$(printf '%s' "$line" | tr -s ' ')" " 1 33.3%" "$L 满意: 1 of 商务局's 3 proposals, 33.3%"
	keys End
	see "$T_RATE_HEAD" "$L End selects the total: its rate heads the chart"

	keys t
	see "$T_BY_SESSION" "$L t switches to sessions"
	line_is "$S1 3 1 1 1 3 66.7% 0 0" "$L the 政协 session: three returned, 66.7%"
	line_is "$S2 1 0 0 0 0 — 1 0" "$L the 人大 session: nothing returned, the rate a dash, 1 awaiting"

	keys f
	see "$T_FILTER_BY" "$L f asks what to filter by"
	keys 1 Enter
	see "$UB" "$L the handling units are offered"
	keys 3 Enter
	see "$T_FILTER_ON" "$L the filter is shown"
	line_is "$S1 1 0 0 1 1 0.0% 0 0" "$L 文化局's one session"
	line_is "$T_TOTAL 1 0 0 1 1 0.0% 0 0" "$L and its total"
	keys f 3 Enter
	keys t
	see "$T_BY_UNIT" "$L back to units"
	line_is "$T_TOTAL 4 1 1 1 3 66.7% 1 0" "$L filters cleared: all four again"
	keys Home Enter
	see "$T_BY_SESSION" "$L Enter on 商务局 shows its sessions"
	line_is "$S2 1 0 0 0 0 — 1 0" "$L 商务局 in the 人大 session"
	line_is "$T_TOTAL 3 1 1 0 2 100.0% 1 0" "$L 商务局's total"

	# A form entered meanwhile (another program: the command line writes to the same file) shows up.
	sqlite3 "$DB" "UPDATE proposal SET deleted = 1 WHERE number = '045'" || fail "$L delete 045 outside"
	keys Down Up
	line_is "$T_TOTAL 2 1 0 0 1 100.0% 1 0" "$L a change by another program is shown (045 gone)"

	keys Escape
	see_row 0 "$T_LIST" "$L Esc goes back to the list"
	keys Escape
	keys 5
	see_row 0 "$T_REPORTS" "$L the reports menu"
	see "$T_STATS" "$L it offers the satisfaction statistics"
	keys 5
	see_row 0 "$T_STATS" "$L and opens them"
	line_is "$T_TOTAL 3 1 0 1 2 50.0% 1 0" "$L every unit: 045 no longer counted"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
