#!/bin/bash
# import_ui.sh - the import preview from the proposal list (key i), as a user runs it: a file that
# cannot be read is refused in the dialog, which stays open; a CSV with one unchanged, one changed, one
# bad (a phone with letters) and two new rows is previewed with the counts on top, every row with its
# line and status, the bad one with its reason; Esc declines and nothing is written; a second time a
# accepts (asked first) and the new rows appear in the list, the changed one is updated, the bad one is
# not written; importing the same file again finds nothing to write. In zh_CN.UTF-8 (TERM screen) and
# C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

S1=市政协十届三次会议
S2=市人大十届三次会议
UA=乌海市商务局

texts() {
	case $1 in
	zh_CN.UTF-8) T_LIST="建议提案意见表"; T_ASK="要导入的文件"; T_CANNOT="无法读取"; T_PREVIEW="导入建议提案: 预览"
		T_COUNTS="新增 2   修改 1   未变 1   有误 1"; T_NEW="新增"; T_CHANGED="更改"; T_UNCHANGED="未变"; T_BAD="有误"
		T_REASON="电话号码只能包含数字"; T_NOTHING="未导入：什么都没有写入"; T_Q="写入新增的 2 行和修改的 1 行吗"
		T_WRITTEN="已写入：新增 2 行，修改 1 行"; T_NONE_TO_WRITE="文件中没有新增或修改的行"; T_LINE="第 4 行"; T_AGAIN="新增 0   修改 0   未变 4   有误 1" ;;
	*) T_LIST="Proposals and feedback forms"; T_ASK="The file to import"; T_CANNOT="cannot be read"; T_PREVIEW="Import proposals: preview"
		T_COUNTS="New 2   Changed 1   Unchanged 1   Bad 1"; T_NEW="new"; T_CHANGED="changed"; T_UNCHANGED="unchanged"; T_BAD="bad"
		T_REASON="A phone number may hold only digits"; T_NOTHING="Not imported: nothing was written."
		T_Q="Write 2 new and 1 changed rows?"; T_WRITTEN="Written: 2 new, 1 changed"; T_NONE_TO_WRITE="No row of the file is new or changed"
		T_LINE="Line 4"; T_AGAIN="New 0   Changed 0   Unchanged 4   Bad 1" ;;
	esac
}

flow() {
	local lang=$1
	flow_begin "$lang" 滨河社区 HBW-0123
	printf '%s\n' '类别,届次,编号,标题,提出人,联系电话,承办单位' \
	    "提案,$S1,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,8991332,$UA" \
	    "建议,$S2,011,关于增设社区便民早餐点的建议,王海燕,13812345632,$UA" >"$TEST_HOME/before.csv"
	lc import proposals "$TEST_HOME/before.csv" >/dev/null || fail "$L two proposals there before"
	# line 2 unchanged, 3 changed (its title), 4 bad (the phone), 5 and 6 new.
	printf '%s\n' '类别,届次,编号,标题,提出人,联系电话,承办单位' \
	    "提案,$S1,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,8991332,$UA" \
	    "建议,$S2,011,关于增设社区便民早餐点的建议（修改）,王海燕,13812345632,$UA" \
	    "提案,$S1,046,关于坏电话的提案,某委员,12ab34,$UA" \
	    "提案,$S1,045,关于规范老旧小区停车管理的提案,周九,,$UA" \
	    "建议,$S2,050,关于完善社区菜市场布局的建议,刘洋,(0473)6543210,$UA" >"$TEST_HOME/list.csv"
	before=$(q "SELECT count(*) || '|' || max(change_seq) FROM proposal")

	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L the proposal list"

	# A file that is not there: said in the dialog, which stays open for another try.
	open_import "$T_ASK" "$TEST_HOME/none.csv"
	see "$T_CANNOT" "$L a missing file cannot be read: said in the dialog"
	see "$T_ASK" "$L the dialog stays open"
	keys Escape
	see_row 0 "$T_LIST" "$L Esc: back to the list"

	# The preview; then Esc declines: nothing written.
	open_import "$T_ASK" "$TEST_HOME/list.csv"
	see_row 0 "$T_PREVIEW" "$L the preview opens"
	see "$T_COUNTS" "$L the counts on top: 2 new, 1 changed, 1 unchanged, 1 bad"
	line_is "2 $T_UNCHANGED 032 关于提高一刻钟社区生活圈建设质量的提案 市政协文化委 $UA" "$L line 2 unchanged"
	line_is "3 $T_CHANGED 011 关于增设社区便民早餐点的建议（修改） 王海燕 $UA" "$L line 3 changed"
	r=$(row_of "$T_REASON")
	contains "$(row "$r" | tr -s ' ')" " 4 $T_BAD " "$L line 4 bad, with its reason: $T_REASON"
	line_is "5 $T_NEW 045 关于规范老旧小区停车管理的提案 周九 $UA" "$L line 5 new"
	line_is "6 $T_NEW 050 关于完善社区菜市场布局的建议 刘洋 $UA" "$L line 6 new"
	keys Down Down Enter
	see "$T_LINE" "$L Enter shows the selected (bad) row whole"
	see "$T_REASON" "$L with its reason"
	keys Enter
	gone "$T_LINE" "$L closed"
	keys Escape
	see "$T_NOTHING" "$L Esc declines: nothing was written"
	see_row 0 "$T_LIST" "$L back to the list"
	is "$(q "SELECT count(*) || '|' || max(change_seq) FROM proposal")" "$before" "$L the database is as it was"
	not_seen "关于规范老旧小区停车管理的提案" "$L the list has no new row"

	# Accept: asked, then written in one go.
	open_import "$T_ASK" "$TEST_HOME/list.csv"
	see "$T_COUNTS" "$L the preview again"
	keys a
	see "$T_Q" "$L a asks first, with the counts"
	keys y
	see "$T_WRITTEN" "$L written"
	see_row 0 "$T_LIST" "$L back to the list"
	see "关于规范老旧小区停车管理的提案" "$L the list shows the new 045"
	see "关于完善社区菜市场布局的建议" "$L and the new 050"
	is "$(q "SELECT count(*) FROM proposal WHERE deleted = 0")" 4 "$L four proposals: two new, none duplicated"
	is "$(q "SELECT count(*) FROM proposal WHERE number = '046'")" 0 "$L the bad row is not written"
	is "$(q "SELECT title FROM proposal WHERE number = '011'")" "关于增设社区便民早餐点的建议（修改）" "$L 011's new title is stored"
	is "$(q "SELECT phone FROM proposal WHERE number = '050'")" "(0473)6543210" "$L 050 as in the file"

	# The same file again: nothing new or changed.
	open_import "$T_ASK" "$TEST_HOME/list.csv"
	see "$T_AGAIN" "$L again: 0 new, 0 changed, 4 unchanged, 1 bad"
	keys F2
	see "$T_NONE_TO_WRITE" "$L F2: nothing to write, said so"
	keys Enter Escape
	see_row 0 "$T_LIST" "$L back"
	is "$(q "SELECT count(*) FROM proposal")" 4 "$L still four"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
