#!/bin/bash
# survey_verify.sh - double entry of a paper questionnaire (issue 14), as two operators do it: a small
# questionnaire with skip logic (the canteen question only where elderly live at home) and a repeat
# group (household members, F7 adds one) is answered from paper by 张琦 with Chinese text and
# finished; v on the response list refuses her a second keying by name; F3 switches to 李敏, who keys
# it again blind over the same pages (the canteen question shown by the answer keyed, the second
# member added with F7): leaving the canteen question with another answer stops at once with both
# values side by side; 2 takes the second keying, and the save puts it in the response. The database
# keeps both keyings and the decision; Enter on the response shows the verified answer; the
# double-entry list (main menu 8, t for the survey responses) shows it "differences decided" and a
# second response "keyed once". The terminal closed in the middle of the second keying keeps what was
# typed (its draft), and v resumes it; a verified response reopened (e) and changed is "edited after
# verification" and is verified again from the double-entry list by another operator than the one who
# changed it, both rounds of keyings kept. In zh_CN.UTF-8 and C.UTF-8, and the keys again under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

q() { sqlite3 -separator '|' "$DB" "$1"; }
answer() { q "SELECT json_extract(answers, '\$.\"$1\"') FROM survey_response WHERE estate = '滨河花园'"; }

texts() {
	if [ "$1" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_SIZE="Household size"; T_CANTEEN="Need an elderly canteen"
		T_MEMBER="Member name"; T_FINISHED="Survey response finished"; T_COMPLETE="Complete"
		T_SAME_OP="The second keying must be by another operator"; T_VERIFY="Verify the survey response of"
		T_FIRST_BY="the first was by 张琦"; T_DIFFER="The keyings differ: Need an elderly canteen"
		T_FIRST="First keying (张琦)"; T_SECOND="Second keying (李敏)"; T_WHICH="Which is right?"
		T_DECIDED_MSG="Verified: 1 difference decided."; T_MAIN="Main menu"; T_DE_LIST="Double entry of paper forms"
		T_SURVEYS="Records (t): Survey responses"; T_DECIDED="Differences decided"; T_ONCE="Keyed once"
		T_TAKEN="second keying taken"; T_YES="Yes"; T_NO="No"; T_ONLY_COMPLETE="Only a complete response"; T_FEEDBACK="Records (t): Feedback forms"
		T_RESTORED="Restored what you typed last time"
		T_REOPEN="Reopen this complete response"; T_EDITED="Edited after verification"; T_VERIFIED="Verified"
		T_SAME_OP_LI="This form was keyed by 李敏"; T_FIRST_BY_LI="the first was by 李敏"; T_AGREE="Verified: both keyings agree."
		T_CANTEEN_NO="Need an elderly canteen: No"; T_MEMBER2="Household members 2 — Member name: 李四"; T_DECISION="Need an elderly canteen: Yes / No"
	else
		T_LIST="居民需求调查"; T_SIZE="家庭人口"; T_CANTEEN="需要老年食堂吗"
		T_MEMBER="成员姓名"; T_FINISHED="问卷已完成"; T_COMPLETE="已完成"
		T_SAME_OP="此表由当前录入员 张琦 录入"; T_VERIFY="核对录入问卷"
		T_FIRST_BY="第一次由 张琦 录入"; T_DIFFER="两次录入不一致：需要老年食堂吗"
		T_FIRST="第一次录入（张琦）"; T_SECOND="第二次录入（李敏）"; T_WHICH="哪个正确？"
		T_DECIDED_MSG="已核对：已裁定 1 处差异。"; T_MAIN="主菜单"; T_DE_LIST="纸质表双录入核对"
		T_SURVEYS="类别（t）：调查问卷"; T_DECIDED="差异已裁定"; T_ONCE="已录入一次"
		T_TAKEN="采用第二次录入"; T_YES="是"; T_NO="否"; T_ONLY_COMPLETE="只有已完成的问卷才能第二次录入"; T_FEEDBACK="类别（t）：意见表"
		T_RESTORED="已恢复上次输入的内容"
		T_REOPEN="重新打开"; T_EDITED="核对后被修改"; T_VERIFIED="已核对"
		T_SAME_OP_LI="此表由当前录入员 李敏 录入"; T_FIRST_BY_LI="第一次由 李敏 录入"; T_AGREE="已核对：两次录入一致。"
		T_CANTEEN_NO="需要老年食堂吗：否"; T_MEMBER2="家庭成员 2 — 成员姓名：李四"; T_DECISION="需要老年食堂吗：是 / 否"
	fi
}

# The questionnaire, as a district would write it (labels in Chinese and English).
write_template() {
	printf '%s\n' 'type,name,label::中文 (zh),label::English (en),required,relevant' \
	    'integer,size,家庭人口,Household size,yes,' \
	    'select_one yn,elderly,家中有老人吗,Elderly at home,yes,' \
	    "select_one yn,canteen,需要老年食堂吗,Need an elderly canteen,,\${elderly} = 'yes'" \
	    'begin_repeat,members,家庭成员,Household members,,' \
	    'text,member_name,成员姓名,Member name,,' \
	    'end_repeat,,,,,' \
	    'text,comment,意见建议,Suggestions,,' >"$TEST_HOME/dv.survey.csv"
	printf '%s\n' 'list_name,name,label::中文 (zh),label::English (en)' 'yn,yes,是,Yes' 'yn,no,否,No' \
	    >"$TEST_HOME/dv.choices.csv"
	printf '%s\n' 'form_id,version,form_title' 'verify_test,1,双录入测试' >"$TEST_HOME/dv.settings.csv"
}

# new_response ESTATE [KEYS]: n, the test questionnaire (second after the shipped one), the community, a
# new estate (KEYS move to "(a new estate...)" past the estates added before).
new_response() {
	keys n
	see "verify_test" "$L n offers the test questionnaire"
	keys Down Enter
	see "滨河社区" "$L then the community"
	keys Enter ${2:-}
	keys Enter
	type_text "$1"
	keys Enter
	see "$T_SIZE" "$L the first page of questions opens"
}

run_once() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]" r
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
	is "$?" 0 "$L the office is set up"
	lc operator add 李敏 >/dev/null || fail "$L a second operator"
	write_template
	lc template import "$TEST_HOME/dv.survey.csv" "$TEST_HOME/dv.choices.csv" "$TEST_HOME/dv.settings.csv" >/dev/null
	is "$?" 0 "$L the questionnaire is imported"

	# ---- the first keying, by 张琦 ----------------------------------------------------------------
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	new_response 滨河花园
	# size 3, elderly yes (1), canteen yes (1), member 张三, F7, member 李四, the comment in Chinese.
	type_text 3
	keys Enter 1 Enter
	see "$T_CANTEEN" "$L elderly at home: the canteen question is shown"
	keys 1 Enter
	see "$T_MEMBER" "$L the household members' page"
	type_text "张三"
	keys F7
	type_text "李四"
	keys Enter
	type_text "希望增加老年食堂"
	keys F2
	see "$T_FINISHED" "$L 张琦 finishes the response"
	is "$(answer canteen)|$(answer members[2].member_name)|$(answer comment)" "yes|李四|希望增加老年食堂" \
	    "$L the first keying is in the response"
	# A draft cannot be keyed twice.
	# (a response is a record from its first answer: one answer, then Esc, leaves a draft)
	new_response 东园小区 Down
	type_text 2
	keys Enter Escape
	see_row 0 "$T_LIST" "$L a second response is left a draft"
	r=$(row_of "东园小区")
	[ "$r" -ge 0 ] || fail "$L the draft is listed" "$(screen)"
	keys v
	see "$T_ONLY_COMPLETE" "$L v on a draft says only a complete response can be keyed twice"
	keys Enter
	gone "$T_ONLY_COMPLETE" "$L the message closes"

	# ---- the same operator is refused ---------------------------------------------------------------
	keys /
	type_text "滨河花园"
	keys Enter
	see_row 4 "滨河花园" "$L the finished response is found"
	keys v
	see "$T_SAME_OP" "$L v as the first operator is refused by name"
	keys Enter
	gone "$T_SAME_OP" "$L the message closes"

	# ---- the second keying, by 李敏, blind --------------------------------------------------------
	keys F3 Down Enter
	see_row "$STATUS_ROW" "李敏" "$L F3 switched to 李敏"
	keys v
	see_row 0 "$T_VERIFY" "$L v opens the second keying"
	see "$T_FIRST_BY" "$L its header names who keyed it first"
	not_seen "希望增加老年食堂" "$L the first keying's answers are not shown"
	type_text 3
	keys Enter 1 Enter
	see "$T_CANTEEN" "$L the second keying walks the same skip logic: the canteen question is shown"
	# The terminal is closed in the middle of the second keying (tmux kill-session): the answers left
	# before the question being answered are in the second keying's draft; the first keying and the
	# response are untouched; v again restores the keying, still blind, and it goes on where it was.
	poll_is "size=3 elderly=yes" "$L the answers left are in the second keying's draft at once" q \
	    "SELECT group_concat(field || '=' || value, ' ') FROM (SELECT field, value FROM draft WHERE form LIKE 'verify:%'
	     AND field IN ('size', 'elderly') ORDER BY field DESC)"
	stop_app
	is "$(q "SELECT count(*) FROM entry_keying")" 0 "$L closed mid-keying: no keying is saved half done"
	is "$(answer size)|$(answer canteen)|$(answer members[2].member_name)" "3|yes|李四" "$L the response still holds the first keying"
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L reopened: the survey responses"
	keys /
	type_text "滨河花园"
	keys Enter
	see_row 4 "滨河花园" "$L the response found again"
	see_row "$STATUS_ROW" "李敏" "$L 李敏 is still the operator"
	keys v
	see "$T_RESTORED" "$L v says it restored what was typed"
	see_row 0 "$T_VERIFY" "$L the second keying is open again"
	see "$T_CANTEEN" "$L on the page where it stopped, the canteen question shown by the elderly answer restored"
	not_seen "希望增加老年食堂" "$L still blind: the first keying's answers are not shown"
	keys 2 Enter
	see "$T_DIFFER" "$L leaving the differing canteen answer stops at once"
	r=$(row_of "$T_FIRST")
	if [ "$r" -ge 0 ]; then
		contains "$(row "$r")" "$T_SECOND" "$L both keyings are titled side by side, with their operators"
		contains "$(row $((r + 1)))" "$T_YES" "$L the first keying's answer on the left"
		contains "$(row $((r + 1)))" "$T_NO" "$L the second keying's answer beside it"
	else
		fail "$L the first keying's column is shown" "$(screen)"
	fi
	keys 2
	gone "$T_WHICH" "$L 2 decides for the second keying"
	see "$T_MEMBER" "$L and the keying goes on at the members' page"
	# Closed again, just after the decision: the decision is kept with the typing, not asked again.
	poll_is "1:no" "$L the decision is in the draft with what was typed" q \
	    "SELECT value FROM draft WHERE form LIKE 'verify:%' AND field = 'canteen#decision'"
	stop_app
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L reopened once more"
	keys /
	type_text "滨河花园"
	keys Enter
	see_row 4 "滨河花园" "$L the response found"
	keys v
	see "$T_RESTORED" "$L v restores the keying again"
	see "$T_MEMBER" "$L and goes on at the members' page, the first blank question"
	type_text "张三"
	keys F7
	type_text "李四"
	keys Enter
	type_text "希望增加老年食堂"
	keys F2
	see_row 0 "$T_LIST" "$L saved: back to the response list"
	see "$T_DECIDED_MSG" "$L the status line says one difference was decided"

	# ---- what was kept -----------------------------------------------------------------------------
	is "$(q "SELECT pass || ':' || operator || ':' || differences FROM entry_keying WHERE record_kind = 'survey_response' ORDER BY pass")" \
	    "1:张琦:0
2:李敏:1" "$L both keyings are kept, each with its operator"
	is "$(q "SELECT field || '|' || first_value || '|' || second_value || '|' || chosen || '|' || final_value FROM entry_decision")" \
	    "canteen|yes|no|second|no" "$L the decision is kept with both values"
	is "$(answer canteen)|$(answer members[2].member_name)|$(answer comment)|$(q "SELECT status FROM survey_response WHERE estate = '滨河花园'")" \
	    "no|李四|希望增加老年食堂|complete" "$L the verified answer is in the response, still complete"
	is "$(q "SELECT count(*) FROM draft WHERE form LIKE 'verify:%'")" 0 "$L the second keying's draft is dropped with the save"
	keys Enter
	see "$T_CANTEEN_NO" "$L Enter on the response shows the verified answer, by its label and its choice's label"
	see "$T_MEMBER2" "$L a repeat member's answer numbered under its group's label"
	keys Enter

	# ---- the double-entry list --------------------------------------------------------------------
	keys Escape
	see "东园小区" "$L Esc clears the search"
	keys Escape
	see_row 0 "$T_MAIN" "$L back to the main menu"
	keys 8
	see_row 0 "$T_DE_LIST" "$L main menu key 8 opens the double-entry list"
	keys t
	see "$T_SURVEYS" "$L t shows the survey responses"
	# waited for: the list may still be drawing its rows when its title shows
	see_line_with "滨河花园" "$T_DECIDED" "$L the verified response is listed as differences decided"
	see_line_with "滨河花园" "李敏" "$L with its second operator"
	not_seen "东园小区" "$L the draft is not in the list"
	keys Enter
	see "$T_TAKEN" "$L Enter shows the decision"
	see "$T_DECISION" "$L the question and both keyings by their labels"
	keys Enter

	# ---- edited after verification, then verified again from this list ---------------------------
	# 李敏 reopens the response (e) and changes the household size; it is then "edited after
	# verification". 张琦 keys it again, blind, from the double-entry list: verified again.
	keys Escape
	see_row 0 "$T_MAIN" "$L the main menu"
	keys 1
	see_row 0 "$T_LIST" "$L the survey responses"
	keys /
	type_text "滨河花园"
	keys Enter
	see_row 4 "滨河花园" "$L the verified response found"
	keys e
	see "$T_REOPEN" "$L e asks to reopen it"
	keys y
	see "$T_SIZE" "$L its first page opens"
	keys BSpace
	type_text 4
	keys Enter F2
	see "$T_FINISHED" "$L finished again with 4 people"
	is "$(answer size)" 4 "$L the response holds the change"
	keys Escape Escape
	see_row 0 "$T_MAIN" "$L the main menu"
	keys 8 t
	see "$T_SURVEYS" "$L the double-entry list of survey responses"
	see_line_with "滨河花园" "$T_EDITED" "$L the response is listed as edited after verification"
	keys v
	see "$T_SAME_OP_LI" "$L 李敏, who changed it, may not verify the change"
	keys Enter
	keys F3 Up Enter
	see_row "$STATUS_ROW" "张琦" "$L F3: 张琦"
	keys v
	see_row 0 "$T_VERIFY" "$L v opens a new second keying of the edited response"
	see "$T_FIRST_BY_LI" "$L the first keying is the response as 李敏 changed it"
	not_seen "希望增加老年食堂" "$L keyed blind"
	type_text 4
	keys Enter 1 Enter 2 Enter
	see "$T_MEMBER" "$L the members' page"
	type_text "张三"
	keys F7
	type_text "李四"
	keys Enter
	type_text "希望增加老年食堂"
	keys F2
	see "$T_AGREE" "$L the same answers: verified again"
	see_line_with "滨河花园" "$T_VERIFIED" "$L the list shows it verified again"
	is "$(q "SELECT group_concat(pass || ':' || operator || ':' || deleted, ' ') FROM (SELECT * FROM entry_keying
	     WHERE record_kind = 'survey_response' ORDER BY rowid)")" "1:张琦:0 2:李敏:0 1:李敏:0 2:张琦:0" \
	    "$L both rounds of keyings are kept, none deleted"
	keys t
	see "$T_FEEDBACK" "$L t goes back to the feedback forms"
	quit_app "$L F10 quits"
}

STATUS_ROW=28   # the status line of the 100x30 terminal launch_app starts
run_three_ways run_once
