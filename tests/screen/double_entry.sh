#!/bin/bash
# double_entry.sh - double entry of the returned feedback form (issue 12): the seed's form (市政协文化委,
# 032, 满意, 无, 張琦, 2024-06-21) keyed once by 张琦; v refuses her a second keying; F3 switches to
# 李敏, who keys it again blind with the signature typed 张琦: leaving the field stops the form at
# once with both values side by side; 2 takes the second keying and the form goes on and saves. The
# database keeps both keyings and the decision, and the verified value is in the feedback record.
# The double-entry list (main menu) shows the form as "differences decided", filters by state, and
# Enter shows the decision. A second form keyed the same twice is "verified"; a third one's
# difference is typed again (3), its multi-line opinion over two lines. At 100 columns the proposal
# list's hint line keeps v Verify and F1 Help whole. The verified 047 changed with b is marked edited
# after verification, listed and filtered so, with the change shown; 李敏, who changed it, may not verify
# it again, 张琦 does from the double-entry list (blind), and it is verified again with both rounds of
# keyings kept. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_LIST="建议提案意见表"; T_FB_TITLE="第 032 号的征询意见表"; T_SAME_OP="此表由当前录入员 张琦 录入"
		T_VERIFY="核对录入第 032 号意见表"; T_DIFFER="两次录入不一致：代表委员签名"; T_FIRST="第一次录入（张琦）"
		T_SECOND="第二次录入（李敏）"; T_WHICH="哪个正确？"; T_DECIDED_MSG="已核对：已裁定 1 处差异。"
		T_MAIN="主菜单"; T_DE_LIST="纸质表双录入核对"; T_DECIDED="差异已裁定"; T_VERIFIED="已核对"
		T_ONCE="已录入一次"; T_STATE_PICK="双录入状态"; T_AGREE="已核对：两次录入一致。"
		T_TAKEN="采用第二次录入"; T_RETYPE="重新录入"; T_VERIFY047="核对录入第 047 号意见表"; T_RESTORED="已恢复上次输入的内容"
		T_HINTS_END="b 意见表"; T_HINT_V="p 打印  v 核对  F1 帮助"; T_RETYPE_ML="重新录入：1. 您对办理情况的意见"
		T_DECIDED2_MSG="已核对：已裁定 2 处差异。"; T_IS_VERIFIED='此表已核对：修改后将标为“核对后被修改”'
		T_NOW_EDITED="此表已不是核对时的内容"; T_EDITED="核对后被修改"; T_CHANGED_BY="核对后由李敏修改"
		T_WAS="核对时：已基本落实"; T_NOW="现在：已基本落实另"
		T_SAME_OP_LI="此表由当前录入员 李敏 录入"; T_FIRST_BY_LI="第一次由 李敏 录入"
		T_ROUNDS="修改后重新核对过：共第二次录入 2 次"
		;;
	*)
		T_LIST="Proposals and feedback forms"; T_FB_TITLE="Feedback form of No. 032"
		T_SAME_OP="The second keying must be by another operator"
		T_VERIFY="Verify the feedback form of No. 032"; T_DIFFER="The keyings differ: Signature"
		T_FIRST="First keying (张琦)"; T_SECOND="Second keying (李敏)"; T_WHICH="Which is right?"
		T_DECIDED_MSG="Verified: 1 difference decided."
		T_MAIN="Main menu"; T_DE_LIST="Double entry of paper forms"; T_DECIDED="Differences decided"
		T_VERIFIED="Verified"; T_ONCE="Keyed once"; T_STATE_PICK="Double-entry state"
		T_AGREE="Verified: both keyings agree."; T_TAKEN="second keying taken"; T_RETYPE="Type it again"
		T_VERIFY047="Verify the feedback form of No. 047"; T_RESTORED="Restored what you typed last time"
		T_HINTS_END="b Form"; T_HINT_V="p Print  v Verify  F1 Help"; T_RETYPE_ML="Type it again: 1. Your opinion on the handling"
		T_DECIDED2_MSG="Verified: 2 differences decided."; T_IS_VERIFIED='This form is verified: a change marks it "Edited after verification"'
		T_NOW_EDITED="The form no longer holds its verified answers"; T_EDITED="Edited after verification"
		T_CHANGED_BY="Changed after verification by 李敏"
		T_WAS="verified: 已基本落实"; T_NOW="now: 已基本落实另"
		T_SAME_OP_LI="This form was keyed by 李敏"; T_FIRST_BY_LI="the first was by 李敏"
		T_ROUNDS="Verified again after a change: 2 second keyings in all"
		;;
	esac
}

q() {
	sqlite3 -separator '|' "$DB" "$1"
}

wait_q() {
	poll_is "$1" "$2" q "$3"
}

# find_number N: the list's search narrowed to proposal number N (selected first).
find_number() {
	keys /
	type_text "$1"
	keys Enter
	see_row 4 "$1" "$L $1 found"
}

double_entry_flow() {
	local lang=$1 L="[$1${APP_TERM:+ TERM=$APP_TERM}]" r
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	lc operator add 李敏 >/dev/null || fail "$L a second operator"
	lc operator use 张琦 >/dev/null || fail "$L 张琦 keys first"
	printf '%s\n' '类别,届次,编号,标题,提出人,联系电话,承办单位' \
	    '提案,市政协十届三次会议,032,关于提高一刻钟社区生活圈建设质量的提案,市政协文化委,8991332,乌海市商务局' \
	    '提案,市政协十届三次会议,047,关于完善社区卫生服务站的提案,周九,(0473)6543210,乌海市商务局' \
	    '建议,市人大十届三次会议,011,关于增设社区便民早餐点的建议,王海燕,13812345632,乌海市商务局' \
	    >"$TEST_HOME/list.csv"
	lc import proposals "$TEST_HOME/list.csv" >/dev/null || fail "$L import the proposals"
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L the proposals"
	# At 100 columns the hint line drops the least-used keys, never v Verify or F1 Help.
	contains "$(row 29)" "$T_HINTS_END" "$L the hint line keeps the form key"
	contains "$(row 29)" "$T_HINT_V" "$L and ends with print, verify and help, whole, at 100 columns"
	tm resize-window -t app -x 80 -y 24
	see_row 23 "$T_HINT_V" "$L at 80 columns fewer keys, still ending with print, verify and help"
	lacks "$(row 23)" "x/Del" "$L the delete key is among those dropped (F1 lists it)"
	tm resize-window -t app -x 100 -y 30
	see_row 29 "$T_HINTS_END" "$L back at 100 columns"

	# The first keying of the seed's form, by 张琦.
	find_number 032
	keys b
	see_row 0 "$T_FB_TITLE" "$L b opens 032's feedback form"
	keys 1 Tab
	type_text "满意"
	keys Tab
	type_text "无"
	keys Tab Tab
	type_text "張琦"
	keys Tab
	type_text "2024-06-21"
	keys F2
	see_row 0 "$T_LIST" "$L the first keying is saved"
	wait_q "张琦|張琦" "$L it is in the database, by 张琦" \
	    "SELECT f.operator, f.signature FROM feedback f JOIN proposal p ON p.id = f.proposal_id WHERE p.number = '032'"

	# The same operator may not key it again.
	keys v
	see "$T_SAME_OP" "$L v as the first operator is refused with a message"
	keys Enter
	gone "$T_SAME_OP" "$L the message closes"
	see_row 0 "$T_LIST" "$L still on the list"

	# F3: 李敏 (the second in the list) becomes current; v opens the second keying, blind.
	keys F3 Down Enter
	see_row "$STATUS_ROW" "李敏" "$L F3 switched to 李敏"
	keys v
	see_row 0 "$T_VERIFY" "$L v opens the second keying"
	see "市政协文化委" "$L the paper form's header names the proposer"
	not_seen "張琦" "$L the first keying's answers are not shown"
	not_seen "无" "$L not even the short ones"
	keys 1 Tab
	type_text "满意"
	keys Tab
	type_text " 无 "
	keys Tab
	not_seen "$T_WHICH" "$L blanks around 无 are no difference"
	keys Tab
	type_text "张琦"
	keys Tab
	see "$T_DIFFER" "$L leaving the differing signature stops at once"
	r=$(row_of "$T_FIRST")
	if [ "$r" -ge 0 ]; then
		contains "$(row "$r")" "$T_SECOND" "$L both keyings are titled side by side, with their operators"
		contains "$(row $((r + 1)))" "張琦" "$L the first keying's value on the left"
		contains "$(row $((r + 1)))" "张琦" "$L the second keying's value beside it"
	else
		fail "$L the first keying's column is shown" "$(screen)"
	fi
	see "$T_WHICH" "$L it asks which is right"
	keys 2
	gone "$T_WHICH" "$L 2 decides for the second keying"
	type_text "2024-06-21"
	keys F2
	see_row 0 "$T_LIST" "$L saved: back to the list"
	see "$T_DECIDED_MSG" "$L the status line says one difference was decided"
	wait_q "张琦|满意|无" "$L the verified signature is in the feedback record" \
	    "SELECT f.signature, f.opinion, f.suggestions FROM feedback f JOIN proposal p ON p.id = f.proposal_id
	     WHERE p.number = '032' AND f.deleted = 0"
	is "$(q "SELECT pass || ':' || operator || ':' || differences FROM entry_keying ORDER BY pass")" "1:张琦:0
2:李敏:1" "$L both keyings are kept, each with its operator"
	is "$(q "SELECT json_extract(keyed_values, '$.signature') FROM entry_keying ORDER BY pass")" "張琦
张琦" "$L with the values each operator typed"
	is "$(q "SELECT field || '|' || first_value || '|' || second_value || '|' || chosen || '|' || final_value FROM entry_decision")" \
	    "signature|張琦|张琦|second|张琦" "$L the decision is kept with both values"

	# 047: keyed by 李敏 first, then by 张琦 the same: verified. 011: keyed once only.
	keys Escape
	find_number 047
	keys b 2 Tab
	type_text "已基本落实"
	keys F2
	see_row 0 "$T_LIST" "$L 047 keyed by 李敏"
	keys F3 Up Enter
	see_row "$STATUS_ROW" "张琦" "$L back to 张琦"
	keys v
	see_row 0 "$T_VERIFY047" "$L 张琦 verifies 047"
	keys 2 Tab
	type_text "已基本落实"
	see "已基本落实" "$L typed into the second keying"
	# The terminal closed mid-keying: the second keying keeps its draft, the field being typed too.
	stop_app
	launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L reopened"
	find_number 047
	keys v
	see "$T_RESTORED" "$L v restores the second keying's draft"
	see "已基本落实" "$L with the field being typed"
	is "$(q "SELECT count(*) FROM entry_keying")" 2 "$L nothing of 047 was saved by the close"
	keys F2
	see "$T_AGREE" "$L the same answers verify with no difference"
	keys Escape
	find_number 011
	keys b 3 F2
	see_row 0 "$T_LIST" "$L 011 keyed once"

	# The double-entry list from the main menu, with each form's state.
	keys Escape Escape
	see_row 0 "$T_MAIN" "$L back to the main menu"
	keys 8
	see_row 0 "$T_DE_LIST" "$L main menu key 8 opens the double-entry list"
	r=$(row_of "市政协文化委")
	[ "$r" -ge 0 ] && contains "$(row "$r")" "$T_DECIDED" "$L 032 is listed as differences decided"
	r=$(row_of "周九")
	[ "$r" -ge 0 ] && contains "$(row "$r")" "$T_VERIFIED" "$L 047 is listed as verified"
	r=$(row_of "王海燕")
	[ "$r" -ge 0 ] && contains "$(row "$r")" "$T_ONCE" "$L 011 is listed as keyed once"
	keys f
	see "$T_STATE_PICK" "$L f offers the states"
	keys 4 Enter
	see "$T_DECIDED" "$L filtered to differences decided"
	see "市政协文化委" "$L 032 is listed"
	sync_app    # the rows are redrawn after the filter line: wait before looking for what is gone
	not_seen "周九" "$L the verified one is not"
	not_seen "王海燕" "$L nor the one keyed once"
	keys f 3 Enter
	see "周九" "$L filtered to verified: 047"
	sync_app
	not_seen "市政协文化委" "$L without 032"
	keys f 1 Enter
	see "王海燕" "$L (all) shows every form again"
	keys f 4 Enter Enter
	see "$T_TAKEN" "$L Enter shows the decision"
	see "張琦 / 张琦" "$L with both values"
	keys Enter

	# v from this list: 011 keyed again by 李敏 (keyed first by 张琦) with satisfaction retyped (3).
	keys f 2 Enter
	see "王海燕" "$L filtered to keyed once: 011"
	keys F3 Down Enter
	see_row "$STATUS_ROW" "李敏" "$L 李敏 again"
	keys v 2 Tab
	see "$T_WHICH" "$L satisfaction 2 against 3 stops"
	keys 3
	see "$T_RETYPE" "$L 3 asks for the value again"
	type_text "1"
	keys Enter
	gone "$T_WHICH" "$L the retyped choice is taken"
	# The opinion (a multi-line field) keyed where the first keying had none: typed again over two lines.
	type_text "第一行"
	keys Tab
	see "$T_WHICH" "$L an opinion the first keying lacks stops"
	keys 3
	see "$T_RETYPE_ML" "$L 3 on a multi-line field opens the multi-line editor"
	type_text "第一行"
	keys Enter
	type_text "第二行"
	wait_for "第二行"
	r=$(row_of "第二行")
	if [ "$r" -ge 1 ]; then
		contains "$(row $((r - 1)))" "第一行" "$L Enter breaks the line: the first line above the second"
	else
		fail "$L the second line is shown" "$(screen)"
	fi
	keys F2
	gone "$T_RETYPE_ML" "$L F2 takes the retyped answer"
	gone "$T_WHICH" "$L and the difference is decided"
	keys F2
	see "$T_DECIDED2_MSG" "$L 011 verified with its two differences decided"
	wait_q "satisfied|third" "$L the retyped value is in the form and the decision says so" \
	    "SELECT f.satisfaction, d.chosen FROM feedback f JOIN proposal p ON p.id = f.proposal_id
	     JOIN entry_keying k ON k.record_id = f.id AND k.pass = 2 JOIN entry_decision d ON d.keying_id = k.id
	     WHERE p.number = '011' AND f.deleted = 0 AND d.field = 'satisfaction'"
	is "$(q "SELECT replace(f.opinion, char(10), '/') || '|' || replace(d.final_value, char(10), '/') || '|' || d.chosen
	     FROM feedback f JOIN proposal p ON p.id = f.proposal_id JOIN entry_keying k ON k.record_id = f.id AND k.pass = 2
	     JOIN entry_decision d ON d.keying_id = k.id WHERE p.number = '011' AND f.deleted = 0 AND d.field = 'opinion'")" \
	    "第一行/第二行|第一行/第二行|third" "$L the opinion typed again keeps its line break, in the form and the decision"

	# 047 is verified; b on the proposal list says so, and a change marks it edited after verification.
	keys Escape
	see_row 0 "$T_MAIN" "$L the main menu"
	keys 3
	see_row 0 "$T_LIST" "$L the proposals again"
	find_number 047
	keys b
	see "$T_IS_VERIFIED" "$L b on a verified form says a change will be marked"
	keys Tab
	type_text "另"
	keys F2
	see "$T_NOW_EDITED" "$L saving the change says the form is now marked edited"
	wait_q "edited" "$L the database keeps 047 as edited after verification" \
	    "SELECT s.state FROM feedback_entry_state s JOIN proposal p ON p.id = s.proposal_id WHERE p.number = '047'"
	keys Escape Escape
	see_row 0 "$T_MAIN" "$L the main menu (Esc clears the search, then leaves)"
	keys 8
	see_row 0 "$T_DE_LIST" "$L the double-entry list"
	r=$(row_of "周九")
	[ "$r" -ge 0 ] && contains "$(row "$r")" "$T_EDITED" "$L 047 is listed as edited after verification"
	keys f 5 Enter
	see "周九" "$L filtered to edited after verification: 047"
	sync_app
	not_seen "市政协文化委" "$L without 032"
	not_seen "王海燕" "$L nor 011"
	keys Enter
	see "$T_CHANGED_BY" "$L Enter says who changed it after verification"
	see "$T_WAS" "$L the answer as verified"
	see "$T_NOW" "$L and the answer now"
	keys Enter

	# Verified again from this list: 李敏, who changed it, may not; 张琦 keys it again blind, and the
	# same answers make it verified again. Both rounds' keyings are kept.
	keys v
	see "$T_SAME_OP_LI" "$L v on the edited form: 李敏, who changed it, may not verify the change"
	keys Enter
	gone "$T_SAME_OP_LI" "$L the message closes"
	keys F3 Up Enter
	see_row "$STATUS_ROW" "张琦" "$L F3: 张琦"
	keys v
	see_row 0 "$T_VERIFY047" "$L v opens a new second keying of the edited form"
	see "$T_FIRST_BY_LI" "$L its header: the first keying is the form as 李敏 changed it"
	not_seen "已基本落实另" "$L keyed blind: the answers are not shown"
	keys 2 Tab
	type_text "已基本落实另"
	keys F2
	see "$T_AGREE" "$L the same answers: verified again, both keyings agree"
	wait_q "verified" "$L the database keeps 047 as verified again" \
	    "SELECT s.state FROM feedback_entry_state s JOIN proposal p ON p.id = s.proposal_id WHERE p.number = '047'"
	is "$(q "SELECT group_concat(pass || ':' || operator || ':' || deleted, ' ') FROM (SELECT k.* FROM entry_keying k
	     JOIN feedback f ON f.id = k.record_id JOIN proposal p ON p.id = f.proposal_id WHERE p.number = '047' ORDER BY k.rowid)")" \
	    "1:李敏:0 2:张琦:0 1:李敏:0 2:张琦:0" "$L both rounds of keyings are kept, none deleted: the new first keying by 李敏 (who changed it)"
	is "$(q "SELECT json_extract(keyed_values, '$.opinion') FROM entry_keying k JOIN feedback f ON f.id = k.record_id
	     JOIN proposal p ON p.id = f.proposal_id WHERE p.number = '047' ORDER BY k.rowid")" "已基本落实
已基本落实
已基本落实另
已基本落实另" \
	    "$L the first round keeps its answers, the second holds the changed one"
	see_row 0 "$T_DE_LIST" "$L back on the double-entry list"
	keys f 3 Enter
	see "周九" "$L filtered to verified: 047 is there again"
	keys Enter
	see "$T_ROUNDS" "$L Enter says it was keyed a second time twice, the earlier keyings kept"
	keys Enter
	stop_app
}

STATUS_ROW=28
double_entry_flow zh_CN.UTF-8
APP_TERM=xterm-256color double_entry_flow C.UTF-8

done_testing
