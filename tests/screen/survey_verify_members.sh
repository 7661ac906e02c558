#!/bin/bash
# survey_verify_members.sh - double entry of a paper questionnaire where the first keying had more
# household members than the second (its unit test is test_survey_verify): 张琦 keys three members
# (F7 adds them) and finishes; 李敏 keys it again blind with two, and F2 asks first, naming the third
# member's answer the second keying has no place for. No (the default) saves nothing and goes back to
# the form, where F7 adds the third member and the save keeps it; on a second response yes saves the
# second keying without the third member, and the response loses it with the keyings kept. In
# zh_CN.UTF-8 and C.UTF-8, and the keys again under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

q() { sqlite3 -separator '|' "$DB" "$1"; }
# answer ESTATE KEY: the stored answer of the response in ESTATE ("(none)" when not stored).
answer() { q "SELECT coalesce(json_extract(answers, '\$.\"$2\"'), '(none)') FROM survey_response WHERE estate = '$1'"; }
keyings() { q "SELECT count(*) FROM entry_keying k JOIN survey_response r ON r.id = k.record_id WHERE r.estate = '$1'"; }

texts() {
	if [ "$1" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_SIZE="Household size"; T_FINISHED="Survey response finished"; T_NEW_ESTATE="(a new estate...)"
		T_VERIFY="Verify the survey response of"; T_FEWER="Fewer members?"; T_NO_PLACE="no place for"
	else
		T_LIST="居民需求调查"; T_SIZE="家庭人口"; T_FINISHED="问卷已完成"; T_NEW_ESTATE="（新增小区…）"
		T_VERIFY="核对录入问卷"; T_FEWER="成员较少？"; T_NO_PLACE="没有对应的栏"
	fi
}

# page N OF: the title of household member page N of OF.
page() {
	if [ "$lang" = C.UTF-8 ]; then echo "Household members ($1 of $2)"; else echo "家庭成员（第 $1 个，共 $2 个）"; fi
}

write_template() {
	printf '%s\n' 'type,name,label::中文 (zh),label::English (en),required' \
	    'integer,size,家庭人口,Household size,yes' \
	    'begin_repeat,members,家庭成员,Household members,' \
	    'text,member_name,成员姓名,Member name,' \
	    'end_repeat,,,,' \
	    'text,comment,意见建议,Suggestions,' >"$TEST_HOME/dm.survey.csv"
	printf '%s\n' 'list_name,name,label::中文 (zh),label::English (en)' >"$TEST_HOME/dm.choices.csv"
	printf '%s\n' 'form_id,version,form_title' 'verify_members,1,成员双录入' >"$TEST_HOME/dm.settings.csv"
}

# key_members ESTATE [KEYS]: a new response in ESTATE (KEYS move past the estates added before) keyed
# with three members 张三 李四 王五 and finished.
key_members() {
	# shellcheck disable=SC2086 # the keys are words
	start_response verify_members "$1" "$T_SIZE" ${2:-}
	type_text 3
	keys Enter
	see "$(page 1 1)" "$L the members' page"
	type_text "张三"
	keys F7
	type_text "李四"
	keys F7
	type_text "王五"
	keys Enter
	type_text "三口之家"
	keys F2
	see "$T_FINISHED" "$L the response in $1 is finished with three members"
	is "$(answer "$1" 'members[3].member_name')" 王五 "$L the third member is stored"
}

# verify_two ESTATE: find the response in ESTATE, v, and key it again with two members up to F2.
verify_two() {
	keys /
	type_text "$1"
	keys Enter
	see_row 4 "$1" "$L the response in $1 is found"
	keys v
	see_row 0 "$T_VERIFY" "$L v opens the second keying"
	type_text 3
	keys Enter
	see "$(page 1 1)" "$L blind: one member page to start with"
	type_text "张三"
	keys F7
	type_text "李四"
	keys Enter
	type_text "三口之家"
	keys F2
	see "$T_FEWER" "$L two members keyed: F2 asks first"
	see "$T_NO_PLACE" "$L saying the first keying has an answer with no place here"
	see "members[3].member_name" "$L naming it"
}

run_once() {
	lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]"
	texts "$lang"
	new_office 李敏
	write_template
	lc template import "$TEST_HOME/dm.survey.csv" "$TEST_HOME/dm.choices.csv" "$TEST_HOME/dm.settings.csv" >/dev/null
	is "$?" 0 "$L the questionnaire is imported"

	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	key_members 滨河花园
	key_members 东园小区 Down

	# ---- no: nothing saved, back to the form; F7 adds the third member ------------------------------
	keys F3 Down Enter
	see_row "$STATUS_ROW" "李敏" "$L F3 switched to 李敏"
	verify_two 滨河花园
	keys n
	gone "$T_FEWER" "$L no (the default) closes the question"
	see_row 0 "$T_VERIFY" "$L and stays in the second keying"
	is "$(keyings 滨河花园)" 0 "$L nothing was saved: no keying is kept yet (both are kept at the save)"
	keys PPage
	see "$(page 2 2)" "$L PgUp goes back to the second member"
	keys F7
	see "$(page 3 3)" "$L F7 adds the third"
	type_text "王五"
	keys F2
	see_row 0 "$T_LIST" "$L saved without a question: back to the list"
	is "$(keyings 滨河花园)" 2 "$L both keyings are kept"
	is "$(q "SELECT k.differences FROM entry_keying k JOIN survey_response r ON r.id = k.record_id WHERE r.estate = '滨河花园' AND k.pass = 2")" 0 \
	    "$L with no difference"
	is "$(answer 滨河花园 'members[3].member_name')" 王五 "$L the third member stays in the response"

	# ---- yes: saved without the third member -------------------------------------------------------
	keys Escape
	see "东园小区" "$L Esc clears the search"
	verify_two 东园小区
	keys y
	see_row 0 "$T_LIST" "$L yes saves the second keying"
	is "$(keyings 东园小区)" 2 "$L both keyings are kept"
	is "$(answer 东园小区 'members[3].member_name')" "(none)" "$L the response has no third member now"
	is "$(answer 东园小区 'members[2].member_name')" 李四 "$L the two keyed are there"
	is "$(q "SELECT json_extract(k.keyed_values, '\$.\"members[3].member_name\"') FROM entry_keying k JOIN survey_response r ON r.id = k.record_id WHERE r.estate = '东园小区' AND k.pass = 1")" \
	    王五 "$L the first keying still holds it"
	quit_app "$L F10 quits"
}

STATUS_ROW=28   # the status line of the 100x30 terminal launch_app starts
run_three_ways run_once
