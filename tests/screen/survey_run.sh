	is "$(q "SELECT count(*) FROM survey_response")" 0 "$L no record before the first answer"
#!/bin/bash
# survey_run.sh - the survey runner as an operator uses it: main menu entry 1 opens the response list;
# n starts a response to the shipped needs survey (questionnaire, community, a new estate typed on the
# spot); the answers are keyed with numbers and Enter, a constraint's own message shows, and every
# field left is in the database at once (checked with sqlite3). The terminal is closed in the middle
# (tmux kill-session) with a choice made but not left; the program starts again, the draft is found
# with the status filter and goes on at that question with that choice; skip logic hides the
# childcare question (no small children); Chinese text is typed; the last Enter finishes it, and
# `lifecircle report survey` counts it; Enter shows its answers by their labels. Then e reopens it, and x deletes it after asking (d, u
# restore). In zh_CN.UTF-8 and C.UTF-8, and the keys again under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale

q() { sqlite3 "$DB" "$1"; }
answer() { q "SELECT json_extract(answers, '\$.$1') FROM survey_response"; }
has_answer() { q "SELECT json_type(answers, '\$.$1') IS NOT NULL FROM survey_response"; }

run_once() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]"
	if [ "$lang" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_QUESTIONNAIRE="lifecircle_needs 2024.1"; T_NEW_ESTATE="(a new estate...)"
		T_P1="About your household"; T_P2="Comfortable living"; T_P3="Convenient shopping"; T_P5="Education and childcare"
		T_P6="Elderly care"; T_P10="Finally"; T_CHILDCARE="Which childcare"; T_RANGE="Household size must be 1 to 20"
		T_CHOSEN="(*) Very satisfied"; T_DRAFT="Draft"; T_COMPLETE="Complete"; T_KEPT="Kept as a draft"
		T_REQUIRED="This field is required"; T_DELETE_Q="Delete the survey response"; T_NONE="No records"
		T_REOPEN_Q="Reopen this complete response"; T_ELDER_NEEDS="Which elderly-care services"; T_FINISHED="Survey response finished"; T_ESTATE="Estate"; T_NO_FILTER="Filters (f): none"
		T_AGE_ANSWER="Your age group: 30 to 44"; T_MISSING_ANSWER=": Parking spaces, Barrier-free"; T_BLANK="(blank)"
	else
		T_LIST="居民需求调查"; T_QUESTIONNAIRE="lifecircle_needs 2024.1"; T_NEW_ESTATE="（新增小区…）"
		T_P1="住户基本情况"; T_P2="舒适安居圈"; T_P3="便民消费圈"; T_P5="优教普惠圈"
		T_P6="养老服务圈"; T_P10="最后"; T_CHILDCARE="家中小孩最需要"; T_RANGE="家庭人口应在1到20人之间"
		T_CHOSEN="(*) 非常满意"; T_DRAFT="草稿"; T_COMPLETE="已完成"; T_KEPT="已存为草稿"
		T_REQUIRED="此项为必填项"; T_DELETE_Q="的调查问卷"; T_NONE="暂无记录"
		T_REOPEN_Q="重新打开这份已完成的问卷"; T_ELDER_NEEDS="家中老人最需要"; T_FINISHED="问卷已完成"; T_ESTATE="小区"; T_NO_FILTER="筛选（f）：无"
		T_AGE_ANSWER="您的年龄段：30—44岁"; T_MISSING_ANSWER="：停车位、无障碍"; T_BLANK="(未答)"
	fi
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
	is "$?" 0 "$L the office is set up"

	# ---- a new response --------------------------------------------------------------------
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	see "$T_NONE" "$L the list is empty"
	keys n
	see "$T_QUESTIONNAIRE" "$L n offers the shipped questionnaire"
	keys Enter
	see "滨河社区" "$L then the community"
	keys Enter
	see "$T_NEW_ESTATE" "$L then the estate, where a new one can be added"
	keys Enter
	type_text "滨河花园"
	keys Enter
	see "$T_P1" "$L the first page of questions opens"
	see "滨河花园" "$L the estate question starts with the estate chosen"
	is "$(q "SELECT count(*) FROM survey_response")" 0 "$L no record before the first answer"
	is "$(q "SELECT count(*) FROM estate WHERE name = '滨河花园' AND deleted = 0")" 1 "$L the new estate is kept for the community"

	# estate (Enter keeps it), age group 2, household size 25 (refused with the template's message), then 3.
	keys Enter 2 Enter
	sync_app
	is "$(q "SELECT status || ' ' || estate FROM survey_response")" "draft 滨河花园" "$L the first answer makes the response a draft record"
	type_text 25
	keys Enter
	see "$T_RANGE" "$L a constraint shows the template's own message"
	is "$(has_answer household_size)" 0 "$L a refused value is not stored as an answer"
	# Enter moved on; Up goes back to fix it.
	keys Up BSpace BSpace
	type_text 3
	keys Enter 1 Enter 2 Enter
	see "$T_P2" "$L numbers and Enter reach page 2"
	is "$(answer household_size)" 3 "$L the household size is saved as the field is left"
	is "$(answer elderly_at_home) $(answer small_children)" "yes no" "$L so are the choices"
	is "$(answer age_group)" 30_44 "$L the number picked the second age group"
	# Housing: satisfied (2), missing parking and accessibility (1, 3: several choices).
	keys 2 Enter 1 3 Enter
	see "$T_P3" "$L page 3"
	is "$(q "SELECT json_extract(answers, '\$.housing_missing') FROM survey_response")" '["parking","accessibility"]' \
	    "$L a multiple choice is saved as the list of its names"
	# A choice made and not left yet: only the field draft holds it.
	keys 1
	see "$T_CHOSEN" "$L a choice is made on page 3"
	is "$(has_answer commerce_sat)" 0 "$L the field not left yet is not an answer yet"

	# ---- the terminal is closed --------------------------------------------------------------
	stop_app
	launch_app "$lang"
	keys 1
	see "$T_DRAFT" "$L after the restart the response is listed as a draft"
	keys f 6 Enter 2 Enter
	# The draft was listed before: the filter line (row 1) shows the filter is on.
	see_row 1 "$T_DRAFT" "$L the status filter shows the drafts"
	keys Enter
	see "$T_P3" "$L Enter goes on at the page where it stopped"
	see "$T_CHOSEN" "$L with the choice that was being made"
	keys Enter Tab
	# culture 2, education 1 (no small children: the childcare question is skipped).
	keys 2 Enter Enter
	see "$T_P5" "$L page 5"
	not_seen "$T_CHILDCARE" "$L the childcare question is hidden (no small children at home)"
	keys 1 Enter Enter
	see "$T_P6" "$L the elderly-care page (elderly at home)"
	see "$T_ELDER_NEEDS" "$L with the question for families with elderly"
	# eldercare: satisfaction 1, missing none, needs left blank (required): Esc keeps the draft.
	keys 1 Enter Enter
	keys Escape
	see "$T_KEPT" "$L Esc keeps the response as a draft"
	is "$(answer eldercare_sat)" 1 "$L the answers so far are saved"
	keys Enter
	see "$T_P6" "$L it goes on at the elderly-care page"
	keys 1 Enter
	keys 1 Enter Enter 1 Enter Enter 1 Enter Enter
	see "$T_P10" "$L the last page"
	type_text "希望增加菜市场，方便老人买菜"
	keys Enter Enter
	# Enter on the last field asks to save (yes by default): the response is finished.
	keys Enter
	see "$T_FINISHED" "$L the response is finished"
	# The draft filter is still on: the list is empty until it is cleared (f, 7).
	see "$T_NONE" "$L it has left the list of drafts"
	keys f 7 Enter
	see_row 4 "$T_COMPLETE" "$L without the filter the list shows it complete"
	# Enter shows its answers as the template asks them, in the interface's language, not as stored names.
	keys Enter
	see "$T_AGE_ANSWER" "$L Enter shows a question by its label and the answer by its choice's label"
	see "$T_MISSING_ANSWER" "$L several choices by their labels, joined"
	see "$T_BLANK" "$L a question shown and left blank says so"
	not_seen "age_group" "$L not the stored names"
	not_seen "$T_CHILDCARE" "$L the question skip logic hid is left out"
	keys Escape
	gone "$T_AGE_ANSWER" "$L Esc closes the answers"
	# The estate filter offers the estates the responses name.
	keys f 2 Enter 2 Enter
	see_row 1 "$T_ESTATE: 滨河花园" "$L the estate filter is on with the estate picked"
	see_row 4 "滨河花园" "$L and the response is listed"
	keys f 7 Enter
	see_row 1 "$T_NO_FILTER" "$L the filters are cleared"
	is "$(q "SELECT status FROM survey_response")" complete "$L the record is complete"
	is "$(answer suggestions)" "希望增加菜市场，方便老人买菜" "$L the Chinese text is stored whole"
	is "$(has_answer childcare_needs)" 0 "$L the hidden question is stored as not shown"
	is "$(has_answer contact_phone) [$(answer contact_phone)]" "1 []" "$L the blank one as shown and blank"
	is "$(q "SELECT count(*) FROM draft WHERE form LIKE 'survey_response:%'")" 0 "$L no field draft is left"
	out=$(lc report survey --question elderly_at_home 2>&1)
	contains "$out" "n = 1" "$L report survey counts the finished response"
	contains "$(lc report survey --question eldercare_needs 2>&1)" "n = 1" "$L and the elderly-care answer"

	# ---- reopen, delete, restore --------------------------------------------------------------
	keys e
	see "$T_REOPEN_Q" "$L e asks to reopen a complete response"
	keys Enter
	see "$T_P1" "$L and opens it"
	is "$(q "SELECT status FROM survey_response")" draft "$L reopened it counts as a draft"
	keys F2
	see_row 4 "$T_COMPLETE" "$L F2 finishes it again"
	is "$(q "SELECT status FROM survey_response")" complete "$L complete again"
	keys x
	see "$T_DELETE_Q" "$L x asks before deleting"
	keys y
	see "$T_NONE" "$L the response is gone from the list"
	is "$(q "SELECT deleted FROM survey_response")" 1 "$L as a tombstone"
	keys d
	see "滨河花园" "$L d shows the deleted response"
	keys u
	sync_app
	is "$(q "SELECT deleted FROM survey_response")" 0 "$L u restores it"
	quit_app "$L F10 quits"
}

run_three_ways run_once
