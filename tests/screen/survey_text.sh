#!/bin/bash
# survey_text.sh - a text answer in the survey runner as an operator types and pastes it, over a small
# template imported with `lifecircle template import`: characters outside the BMP (𬌗) and from the
# CJK extension A (䶮) typed into a text answer are stored as typed (sqlite3 reads them back, and
# their UTF-8 bytes); a text of 260 characters pasted at once (through a tmux buffer) into a text
# answer that holds 200 keeps the first 200, and the form says the field is full instead of
# dropping the rest silently. In zh_CN.UTF-8 and C.UTF-8, and the keys again under
# TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

q() { sqlite3 "$DB" "$1"; }
answer() { q "SELECT json_extract(answers, '\$.$1') FROM survey_response"; }
story_len() { q "SELECT length(json_extract(answers, '\$.story')) FROM survey_response"; }

write_template() {
	mkdir -p "$TEST_HOME/tpl"
	cat >"$TEST_HOME/tpl/txt.survey.csv" <<'EOF'
type,name,label::English (en),label::中文 (zh)
text,rare,Rare name,生僻字姓名
text,story,Long story,长叙述
integer,after,A number,一个数
EOF
	printf 'list_name,name,label::English (en),label::中文 (zh)\n' >"$TEST_HOME/tpl/txt.choices.csv"
	printf 'form_id,version,form_title\ntxt,1,Text test\n' >"$TEST_HOME/tpl/txt.settings.csv"
}

run_once() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]" long i
	if [ "$lang" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_NEW_ESTATE="(a new estate...)"; T_RARE="Rare name"; T_FULL="The field is full."
		T_AFTER="A number"
	else
		T_LIST="居民需求调查"; T_NEW_ESTATE="（新增小区…）"; T_RARE="生僻字姓名"; T_FULL="此项已达到字数上限。"
		T_AFTER="一个数"
	fi
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
	is "$?" 0 "$L the office is set up"
	write_template
	lc template import "$TEST_HOME/tpl/txt.survey.csv" "$TEST_HOME/tpl/txt.choices.csv" \
	    "$TEST_HOME/tpl/txt.settings.csv" >/dev/null 2>&1
	is "$?" 0 "$L the template with two text questions imports"

	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	keys n
	see "Text test" "$L the imported questionnaire is offered"
	# the shipped questionnaire sorts first: Down picks the imported one
	keys Down Enter
	see "滨河社区" "$L then the community"
	keys Enter
	see "$T_NEW_ESTATE" "$L then the estate"
	keys Enter
	type_text "滨河花园"
	keys Enter
	see "$T_RARE" "$L the first question"

	# ---- rare characters typed ------------------------------------------------------------------
	type_text "王𬌗䶮"
	see "王𬌗䶮" "$L the rare characters are shown as typed"
	keys Enter
	poll_is "王𬌗䶮" "$L Enter leaves the field: sqlite3 reads back 王𬌗䶮" answer rare
	is "$(q "SELECT hex(json_extract(answers, '\$.rare')) FROM survey_response")" "E78E8BF0AC8C97E4B6AE" \
	    "$L stored as UTF-8: 𬌗 is four bytes (F0 AC 8C 97), 䶮 three"

	# ---- an over-long text pasted ---------------------------------------------------------------
	long=""
	for i in $(seq 1 26); do long="$long甲乙丙丁戊己庚辛壬癸"; done
	is "${#long}" 260 "$L a text of 260 characters to paste"
	paste_text "$long"
	see "$T_FULL" "$L the form says the field is full"
	keys Enter
	poll_is 200 "$L the first 200 characters are stored" story_len
	is "$(answer story)" "${long:0:200}" "$L exactly the first 200, in order"
	keys Escape
	quit_app "$L F10 quits"
}

run_three_ways run_once
