#!/bin/bash
# proposals.sh - the proposals screens (issue 12): main menu key 3 opens the list; the seed's own paper
# form (市政协文化委, 032, 关于提高一刻钟社区生活圈建设质量的提案, 8991332, 满意, 无, 張琦, 2024-06-21)
# is entered with Chinese typed as an input method commits it, its keys counted; the database is read
# with the sqlite3 tool after each save; the list masks the phone and the opened proposal shows it whole;
# a duplicate number is refused naming the other record; a 2-character Chinese search finds it; the
# status filter narrows the list; the reply letter is its own screen; delete asks (no, then yes), d shows
# the deleted ones and u restores; a terminal closed mid-typing keeps the draft of a feedback form and
# of a new proposal. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_LIST="建议提案意见表"; T_HELP="f 按承办单位、意见表状态"; T_NEW="新建建议提案"; T_ASK_FB="现在录入这条建议提案收回的征询意见表吗"
		T_FB_TITLE="第 032 号的征询意见表"; T_RETURNED="已收回"; T_UNSENT="未寄出"; T_SATISFIED="满意"
		T_RESTORED="已恢复上次输入的内容"; T_NOT_SAVED="未保存"; T_DUP_WHO="提出人 市政协文化委"; T_DUP="已录入“市政协十届三次会议”第 032 号"
		T_DELETE_Q="删除编号 032"; T_DELETED="（已删除）"; T_RECORD_RESTORED="记录已恢复"
		T_FILTER_BY="筛选条件"; T_SORT_PROPOSER="排序：提出人"; T_SORT_NUM="排序：编号"; T_FILTER_ON="意见表状态: 已收回"; T_NO_FILTER="筛选（f）：无"
		T_LETTER="第 032 号的答复函"; T_HINT="b 意见表"; T_DISCARD="放弃修改"; T_FEEDBACK_ROW="征询意见表：已收回"
		T_PHONE_LABEL="代表、委员联系电话"
		;;
	*)
		T_LIST="Proposals and feedback forms"; T_HELP="f filters by handling unit"; T_NEW="New proposal"
		T_ASK_FB="Enter the returned feedback form"; T_FB_TITLE="Feedback form of No. 032"
		T_RETURNED="returned"; T_UNSENT="not sent"; T_SATISFIED="Satisfied"
		T_RESTORED="Restored what you typed last time"; T_NOT_SAVED="Not saved"
		T_DUP_WHO="from 市政协文化委"
		T_DUP='Number 032 of session "市政协十届三次会议" is already entered for 乌海市商务局'
		T_DELETE_Q="Delete proposal 032"; T_DELETED="(deleted)"; T_RECORD_RESTORED="Record restored."
		T_FILTER_BY="Filter by"; T_SORT_PROPOSER="Sort: Proposer"; T_SORT_NUM="Sort: Num."; T_FILTER_ON="Form status: returned"; T_NO_FILTER="Filters (f): none"
		T_LETTER="Reply letter to No. 032"; T_HINT="b Form"; T_DISCARD="Discard changes?"
		T_FEEDBACK_ROW="Feedback form: returned"; T_PHONE_LABEL="Phone"
		;;
	esac
}

# The keys an operator presses: each key name is one key, each typed character one character
# (through an input method a Chinese character takes a few more keystrokes: see KEYS_ZH).
KEYS=0
KEYS_ZH=0
k() {
	KEYS=$((KEYS + $#))
	keys "$@"
}
tt() {
	local zh
	KEYS=$((KEYS + ${#1}))
	zh=$(printf '%s' "$1" | grep -o '[^ -~]' | wc -l)
	KEYS_ZH=$((KEYS_ZH + zh))
	type_text "$1"
}

q() {
	sqlite3 -separator '|' "$DB" "$1"
}

# wait_q WANT DESC SQL: the database comes to give WANT (a save is written before the screen changes,
# but the test may read between the key and the write).
wait_q() {
	poll_is "$1" "$2" q "$3"
}

PID032="(SELECT id FROM proposal WHERE number = '032')"

proposals_flow() {
	local lang=$1 L="[$1${APP_TERM:+ TERM=$APP_TERM}]"
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	# Two proposals of the handling unit's list, imported; the seed's own is typed below.
	printf '%s\n' '类别,届次,编号,标题,提出人,联系电话,承办单位' \
	    '建议,市人大十届三次会议,011,关于增设社区便民早餐点的建议,王海燕,13812345632,乌海市商务局' \
	    '提案,市政协十届三次会议,047,关于完善社区卫生服务站的提案,周九,(0473)6543210,乌海市商务局' \
	    >"$TEST_HOME/list.csv"
	lc import proposals "$TEST_HOME/list.csv" >/dev/null || fail "$L import two proposals"
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L main menu key 3 opens the proposals"
	see "关于完善社区卫生服务站的提案" "$L the imported proposals are listed"
	see "138******32" "$L a phone is masked in the list (first 3 and last 2 digits)"
	not_seen "13812345632" "$L and never shown whole there"
	see "$T_HINT" "$L the hint line names the keys"
	see "$T_NO_FILTER" "$L no filter at first"
	keys F1
	see "$T_HELP" "$L F1 shows the list's own help"
	keys Escape
	see "$T_HINT" "$L Esc leaves the help"

	# The seed's paper form, straight from the paper: n, then the fields in the form's order.
	KEYS=0
	KEYS_ZH=0
	k n
	see_row 0 "$T_NEW" "$L n opens a new proposal"
	see "市政协十届三次会议" "$L the session of the proposal entered last (047) is filled in"
	k 2 Tab Tab
	tt "市政协文化委"
	k Tab
	tt "032"
	k Tab
	tt "关于提高一刻钟社区生活圈建设质量的提案"
	k Tab
	tt "8991332"
	k Tab Tab 1 F2
	see "$T_ASK_FB" "$L saved; it offers the returned feedback form next"
	wait_q "proposal|市政协十届三次会议|市政协文化委|032|关于提高一刻钟社区生活圈建设质量的提案|8991332|乌海市商务局|A|unsent|0" \
	    "$L the proposal is in the database as typed" \
	    "SELECT kind, session, proposer, number, title, phone, handling_unit, result_class, form_status, deleted FROM proposal WHERE number = '032'"
	k y
	see_row 0 "$T_FB_TITLE" "$L y opens the feedback form of 032"
	see "8991332" "$L the feedback form's header shows the phone whole"
	k 1 Tab
	tt "满意"
	k Tab
	tt "无"
	k Tab Tab
	tt "張琦"
	k Tab
	tt "2024-06-21"
	k F2
	see_row 0 "$T_LIST" "$L saved: back to the list"
	wait_q "satisfied|满意|无||張琦|2024-06-21|张琦|returned" "$L the feedback form and the returned status are in the database" \
	    "SELECT f.satisfaction, f.opinion, f.suggestions, f.recommended_units, f.signature, f.signed_on, f.operator, p.form_status
	     FROM feedback f JOIN proposal p ON p.id = f.proposal_id WHERE p.number = '032' AND f.deleted = 0"
	diag "$L the seed's form took $KEYS keys (n to the last F2), $KEYS_ZH of them Chinese characters"
	[ "$KEYS" -le 110 ] ; ok $? "$L the seed's form takes at most 110 keys ($KEYS)"
	see "899**32" "$L the new proposal's phone is masked in the list"
	see "$T_RETURNED" "$L its status is returned"
	r=$(row_of "899**32")
	contains "$(row "$r")" "$T_SATISFIED" "$L and its satisfaction shows in its row"
	info=$(lc info)
	contains "$info" "Proposals: 3" "$L lifecircle info counts 3 proposals" || diag "$info"

	# A 2-character Chinese search finds it; Enter shows it whole with the phone in full.
	keys /
	type_text "质量"
	keys Enter
	see_row 4 "032" "$L the search 质量 finds 032 first"
	gone "关于完善社区卫生服务站的提案" "$L and not the others"
	keys Enter
	see "$T_FEEDBACK_ROW" "$L Enter shows the proposal with its form's status"
	see "8991332" "$L the opened proposal shows the phone whole"
	see "張琦" "$L and the feedback form's answers"
	keys Enter
	gone "$T_FEEDBACK_ROW" "$L Enter closes it"

	# e: the edit screen shows the phone whole too; nothing changed, Esc leaves without asking.
	keys e
	see "8991332" "$L e opens the proposal for editing with the phone whole"
	keys Escape
	see_row 0 "$T_LIST" "$L Esc without changes goes back"

	# l: the reply letter on its own screen.
	keys l
	see_row 0 "$T_LETTER" "$L l opens the reply letter"
	type_text "贵委提出的提案已收悉。"
	keys Enter
	type_text "现将办理情况答复如下。"
	keys Tab
	type_text "李俊晶"
	keys Tab
	type_text "崔国萍"
	keys Tab
	type_text "13274736850"
	keys Tab
	type_text "市政府督查室"
	keys F2
	see_row 0 "$T_LIST" "$L the letter is saved"
	wait_q "贵委提出的提案已收悉。
现将办理情况答复如下。|李俊晶|崔国萍|13274736850|市政府督查室|8991332" \
	    "$L the reply letter is in the database, and the proposal's fields are kept" \
	    "SELECT reply_letter, reply_leader, reply_contact, reply_contact_phone, reply_copy_to, phone FROM proposal WHERE number = '032'"
	keys Escape
	see "关于完善社区卫生服务站的提案" "$L Esc clears the search"

	# A duplicate number (same session, same handling unit: both filled in) is refused, naming the other.
	keys n
	see_row 0 "$T_NEW" "$L n again"
	keys 2 Tab Tab
	type_text "某委员"
	keys Tab
	type_text "032"
	keys Tab
	type_text "重复的提案"
	keys F2
	see "$T_NOT_SAVED" "$L the duplicate is refused"
	see "$T_DUP_WHO" "$L the message names the existing record"
	keys Enter
	see "$T_DUP" "$L the message stays under the number"
	keys Escape
	see "$T_DISCARD" "$L Esc asks before throwing the typing away"
	keys y
	see_row 0 "$T_LIST" "$L back to the list"
	is "$(q "SELECT count(*) FROM proposal")" 3 "$L nothing was written"

	# The status filter: only the returned one.
	keys f
	see "$T_FILTER_BY" "$L f asks what to filter by"
	keys 2 Enter
	see "$T_UNSENT" "$L the status filter offers the statuses"
	keys 4 Enter
	see "$T_FILTER_ON" "$L the filter is shown"
	wait_gone "关于完善社区卫生服务站的提案"
	not_seen "王海燕" "$L only the returned proposal is listed"
	see "市政协文化委" "$L 032 is"
	keys f 5 Enter
	see "$T_NO_FILTER" "$L clear all filters"
	see "王海燕" "$L every proposal is back"
	# Sort by the indexed columns: number, title, proposer, handling unit.
	keys s s
	see_row 2 "$T_SORT_PROPOSER" "$L s twice sorts by proposer"
	see_row 4 "047" "$L 周九 (047) comes first by proposer"
	keys r
	see_row 4 "011" "$L r reverses: 王海燕 (011) first"
	keys s s
	see_row 2 "$T_SORT_NUM" "$L s goes round to the number"
	see_row 4 "011" "$L 011 first again"

	# Delete: the question's default is no; then yes. A tombstone, the feedback form too.
	keys /
	type_text "质量"
	keys Enter
	see_row 4 "032" "$L 032 selected"
	keys x
	see "$T_DELETE_Q" "$L x asks before deleting"
	keys Enter
	gone "$T_DELETE_Q" "$L Enter answers the default"
	is "$(q "SELECT deleted FROM proposal WHERE number = '032'")" 0 "$L the default is no: nothing deleted"
	keys DC
	see "$T_DELETE_Q" "$L Delete asks too"
	keys y
	wait_q "1|1" "$L yes: the proposal and its feedback form are tombstones" \
	    "SELECT p.deleted, f.deleted FROM proposal p JOIN feedback f ON f.proposal_id = p.id WHERE p.number = '032'"
	keys Escape
	see "王海燕" "$L the search cleared"
	not_seen "市政协文化委" "$L 032 is no longer listed"
	keys d
	see "$T_DELETED" "$L d shows the deleted proposals"
	see "市政协文化委" "$L 032 among them"
	keys u
	see "$T_RECORD_RESTORED" "$L u restores it"
	wait_q "0|0" "$L the proposal and its feedback form are live again" \
	    "SELECT p.deleted, f.deleted FROM proposal p JOIN feedback f ON f.proposal_id = p.id WHERE p.number = '032'"
	keys d
	see "$T_HINT" "$L d goes back to the live list"
	see "市政协文化委" "$L 032 is listed again"

	# The terminal closed mid-typing: the feedback form of 047 keeps its draft, the field typed too.
	keys /
	type_text "卫生"
	keys Enter
	see_row 4 "047" "$L 047 found"
	keys b
	see "关于完善社区卫生服务站的提案" "$L b opens 047's feedback form"
	keys 2 Tab
	type_text "已基本落实"
	keys Tab
	type_text "希望继续推进"
	see "希望继续推进" "$L typed"
	stop_app
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L reopened"
	keys /
	type_text "卫生"
	keys Enter
	see_row 4 "047" "$L 047 again"
	keys b
	see "$T_RESTORED" "$L the draft is restored"
	see "已基本落实" "$L the field left before the close"
	see "希望继续推进" "$L and the field being typed"
	is "$(q "SELECT count(*) FROM feedback WHERE deleted = 0")" 1 "$L nothing was saved by the close"
	keys F2
	see_row 0 "$T_LIST" "$L the restored form saves"
	wait_q "fairly|已基本落实|希望继续推进" "$L 047's feedback form is in the database" \
	    "SELECT satisfaction, opinion, suggestions FROM feedback WHERE deleted = 0 AND proposal_id = (SELECT id FROM proposal WHERE number = '047')"

	# A new proposal's draft survives a closed terminal too.
	keys Escape n
	see_row 0 "$T_NEW" "$L n"
	keys 1 Tab Tab
	type_text "刘洋"
	keys Tab
	type_text "050"
	# The program has read the keys once it shows them: only then does closing the terminal test
	# the draft (under load, tmux may not have delivered them yet).
	see "050" "$L the number is on the screen before the terminal closes"
	stop_app
	launch_app "$lang"
	keys 3 n
	see "$T_RESTORED" "$L the new proposal's draft is restored"
	see "刘洋" "$L with its proposer"
	see "050" "$L and the number being typed"
	keys Escape y
	see_row 0 "$T_LIST" "$L discarded"
	is "$(q "SELECT count(*) FROM draft")" 0 "$L no draft is left behind"
	stop_app
}

proposals_flow zh_CN.UTF-8
APP_TERM=xterm-256color proposals_flow C.UTF-8

done_testing
