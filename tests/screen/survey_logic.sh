#!/bin/bash
# survey_logic.sh - the runner's template logic as an operator meets it, over a small template imported
# with `lifecircle template import`: a new response started and left with Esc leaves no record; a
# choice made in a new response and the terminal closed (tmux kill-session) makes the draft record with
# it; choice_filter (`county=${county}` on the choices' county column) offers only that county's
# villages, and changing the county clears the village no longer offered while the question stays;
# repeat_count (${household_size}) gives exactly that many member pages, and F7 cannot add one; the
# remark required by an expression (${household_size} > 1) stops F2 until it is answered. Of the
# village list's 11 choices a county offers 1 or 2, so they are picked inline with digits. In
# zh_CN.UTF-8 and C.UTF-8, and the keys again under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale

q() { sqlite3 "$DB" "$1"; }
answer() { q "SELECT json_extract(answers, '\$.$1') FROM survey_response"; }

write_template() {
	mkdir -p "$TEST_HOME/tpl"
	cat >"$TEST_HOME/tpl/logic.survey.csv" <<'EOF'
type,name,label::English (en),label::中文 (zh),required,choice_filter,repeat_count
select_one county,county,Which county,哪个区县,yes,,
select_one village,village,Which village,哪个村社,yes,county=${county},
integer,household_size,Household size,家庭人口,yes,,
begin_repeat,members,Members,成员,,,${household_size}
text,member_name,Member name,成员姓名,,,
end_repeat,,,,,,
text,remark,Remark,备注,${household_size} > 1,,
EOF
	cat >"$TEST_HOME/tpl/logic.choices.csv" <<'EOF'
list_name,name,label::English (en),label::中文 (zh),county
county,east,East county,东区,
county,west,West county,西区,
village,e1,Eastlake,东湖村,east
village,e2,Eastfield,东田村,east
village,w1,Westhill,西山村,west
village,n1,North 1,北一村,north
village,n2,North 2,北二村,north
village,n3,North 3,北三村,north
village,n4,North 4,北四村,north
village,n5,North 5,北五村,north
village,n6,North 6,北六村,north
village,n7,North 7,北七村,north
village,n8,North 8,北八村,north
EOF
	cat >"$TEST_HOME/tpl/logic.settings.csv" <<'EOF'
form_id,version,form_title
logic,1,Logic test
EOF
}

run_once() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]"
	if [ "$lang" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_NEW_ESTATE="(a new estate...)"; T_NOTHING="Nothing was answered"
		T_COUNTY="Which county"; T_EAST="East county"; T_E1="Eastlake"; T_E2="Eastfield"; T_W1="Westhill"; T_DRAFT="Draft"
		T_M1="Members (1 of 2)"; T_M2="Members (2 of 2)"; T_FIXED="none can be added or removed"
		T_FINISHED="Survey response finished"; T_REQUIRED="This field is required"; T_REMARK="Remark"; T_ADD="F7 Add"
	else
		T_LIST="居民需求调查"; T_NEW_ESTATE="（新增小区…）"; T_NOTHING="未作答"
		T_COUNTY="哪个区县"; T_EAST="东区"; T_E1="东湖村"; T_E2="东田村"; T_W1="西山村"; T_DRAFT="草稿"
		T_M1="成员（第 1 个，共 2 个）"; T_M2="成员（第 2 个，共 2 个）"; T_FIXED="不能在此增加或删除"
		T_FINISHED="问卷已完成"; T_REQUIRED="此项为必填项"; T_REMARK="备注"; T_ADD="F7 "
	fi
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
	is "$?" 0 "$L the office is set up"
	write_template
	lc template import "$TEST_HOME/tpl/logic.survey.csv" "$TEST_HOME/tpl/logic.choices.csv" \
	    "$TEST_HOME/tpl/logic.settings.csv" >/dev/null 2>&1
	is "$?" 0 "$L the template with choice_filter and repeat_count imports"

	# ---- started and left without an answer: nothing ---------------------------------------------
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	keys n
	see "Logic test" "$L the imported questionnaire is offered"
	# the shipped questionnaire sorts first: Down picks the imported one
	keys Down Enter
	see "滨河社区" "$L then the community"
	keys Enter
	see "$T_NEW_ESTATE" "$L then the estate"
	keys Enter
	type_text "滨河花园"
	keys Enter
	see "$T_COUNTY" "$L the first question"
	keys Escape
	see "$T_NOTHING" "$L Esc with nothing answered says no response was kept"
	is "$(q "SELECT count(*) FROM survey_response")" 0 "$L no response record is left"
	is "$(q "SELECT count(*) FROM draft WHERE form LIKE 'survey_response:%'")" 0 "$L and no draft"

	# ---- a choice made, the terminal closed: the record is made with it -------------------------
	keys n
	see "Logic test" "$L n again"
	keys Enter Enter Enter
	see "$T_COUNTY" "$L the defaults lead to the first question"
	keys 1
	see "(*) $T_EAST" "$L the east county is chosen, not left"
	stop_app
	is "$(q "SELECT status || ' ' || estate FROM survey_response")" "draft 滨河花园" "$L the closed terminal left a draft record"
	is "$(answer county)" east "$L with the choice that was being made"

	launch_app "$lang"
	keys 1
	see "$T_DRAFT" "$L the draft is listed"
	keys Enter
	see "$T_E1" "$L it goes on at the village: the east county's villages are offered"
	see "$T_E2" "$L both of them"
	not_seen "$T_W1" "$L the west county's village is not"

	# ---- choice_filter: the village no longer offered is cleared ---------------------------------
	keys 2 Enter
	sync_app
	is "$(answer village)" e2 "$L the second offered village is stored"
	keys Up Up
	keys 2
	see "$T_W1" "$L the west county: its village is offered"
	not_seen "$T_E2" "$L the east villages are gone"
	keys Enter
	sync_app
	is "$(answer county)" west "$L the county is stored"
	is "$(answer village)" "" "$L the village no longer offered is cleared, still shown (blank)"
	keys 1 Enter
	sync_app
	is "$(answer village)" w1 "$L the west village is chosen with 1"

	# ---- repeat_count: exactly household_size members --------------------------------------------
	type_text 2
	keys Enter
	see "$T_M1" "$L household size 2: the first of two member pages"
	lacks "$(screen)" "$T_ADD" "$L the hints offer no F7 Add"
	keys F7
	see "$T_FIXED" "$L F7 says no member can be added"
	type_text "张三"
	keys Enter
	see "$T_M2" "$L the second member"
	type_text "李四"
	keys Enter
	see "$T_REMARK" "$L after two members the remark (no third member)"
	sync_app
	is "$(q "SELECT json_extract(answers, '\$.\"members[2].member_name\"') FROM survey_response")" "李四" "$L the members are stored"
	is "$(q "SELECT json_type(answers, '\$.\"members[3].member_name\"') IS NULL FROM survey_response")" 1 "$L no third"
	see "$T_REMARK *" "$L the remark is marked required (\${household_size} > 1)"
	keys F2
	see "$T_REQUIRED" "$L F2 stops at the remark left blank"
	type_text "路灯坏了"
	keys F2
	see "$T_FINISHED" "$L answered, F2 finishes it"
	is "$(answer remark)" "路灯坏了" "$L the remark is stored"
	is "$(q "SELECT status FROM survey_response")" complete "$L the record is complete"
	is "$(q "SELECT count(*) FROM survey_response")" 1 "$L one response in all"
	quit_app "$L F10 quits"
}

run_three_ways run_once
