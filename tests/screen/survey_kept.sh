#!/bin/bash
# survey_kept.sh - a draft answered before repeat_count applied (its members stored beyond the count
# the answers give now, written here with sqlite3 as the old runner stored them) resumed as an
# operator meets it: the runner says the extra members are kept, shows every one of them with its
# answer, F8 (no F7) removes them one by one down to the count and is refused after; the count erased
# and typed again key by key loses no member (for a moment it gives none); a draft whose
# count is not answered yet (none) loses its only kept member to F8 and the focus goes back before
# the members, where a count answered then gives member pages again. In zh_CN.UTF-8 and C.UTF-8, and
# the keys again under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

q() { sqlite3 "$DB" "$1"; }
member() { q "SELECT coalesce(json_extract(answers, '\$.\"members[$1].member_name\"'), '(none)') FROM survey_response"; }

# A new home with the counted template imported.
setup_home() {
	new_office
	mkdir -p "$TEST_HOME/tpl"
	cat >"$TEST_HOME/tpl/kept.survey.csv" <<'EOF'
type,name,label::English (en),label::中文 (zh),repeat_count
integer,household_size,Household size,家庭人口,
begin_repeat,members,Members,成员,${household_size}
text,member_name,Member name,成员姓名,
end_repeat,,,,
text,remark,Remark,备注,
EOF
	echo 'list_name,name,label::English (en),label::中文 (zh)' >"$TEST_HOME/tpl/kept.choices.csv"
	printf 'form_id,version,form_title\nlogic_kept,1,Kept test\n' >"$TEST_HOME/tpl/kept.settings.csv"
	lc template import "$TEST_HOME/tpl/kept.survey.csv" "$TEST_HOME/tpl/kept.choices.csv" \
	    "$TEST_HOME/tpl/kept.settings.csv" >/dev/null 2>&1
	is "$?" 0 "$L the template with repeat_count imports"
}

# new_draft SIZE: a response answered in the program up to the remark (household size SIZE, the
# member 张三 when SIZE is 1, the remark 路灯), kept as a draft with Esc; the program quits.
new_draft() {
	launch_app "$lang"
	keys 1
	see_row 0 "$T_LIST" "$L menu entry 1 opens the survey responses"
	# the new estate typed with a full-width blank at its end, as a Chinese input method leaves one
	start_response "Kept test" "滨河花园　" "$T_SIZE"
	type_text "$1"
	keys Enter
	if [ "$1" = 1 ]; then
		see "$(page 1 1)" "$L one member page"
		type_text "张三"
		keys Enter
	fi
	see "$T_REMARK" "$L the remark"
	type_text "路灯"
	keys Escape
	see_row 0 "$T_LIST" "$L Esc keeps it: back in the list"
	is "$(q "SELECT status FROM survey_response")" draft "$L a draft"
	is "$(q "SELECT r.estate || '|' || e.name FROM survey_response r JOIN estate e ON e.community = r.community")" \
	    "滨河花园|滨河花园" "$L the response names its new estate as the estate is stored (the blank trimmed alike)"
	quit_app "$L F10 quits"
}

# pages P N: the page indicator, page P of N.
pages() {
	if [ "$lang" = C.UTF-8 ]; then echo "Page $1/$2 "; else echo "第 $1/$2 页"; fi
}

# page N OF: the title of member page N of OF.
page() {
	if [ "$lang" = C.UTF-8 ]; then echo "Members ($1 of $2)"; else echo "成员（第 $1 个，共 $2 个）"; fi
}

run_once() {
	lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]"
	if [ "$lang" = C.UTF-8 ]; then
		T_LIST="Resident needs surveys"; T_NEW_ESTATE="(a new estate...)"; T_DRAFT="Draft"; T_SIZE="Household size"
		T_REMARK="Remark"; T_KEPT2="Members: 2 more than the count gives now"; T_KEPT1="Members: 1 more than the count gives now"
		T_REMOVE="Remove this entry"; T_FIXED="none can be added or removed"; T_F8="F8 Remove"; T_F7="F7 Add"
	else
		T_LIST="居民需求调查"; T_NEW_ESTATE="（新增小区…）"; T_DRAFT="草稿"; T_SIZE="家庭人口"
		T_REMARK="备注"; T_KEPT2="成员：比现在的人数多2项"; T_KEPT1="成员：比现在的人数多1项"
		T_REMOVE="删除这一条"; T_FIXED="不能在此增加或删除"; T_F8="F8 删除"; T_F7="F7 添加"
	fi

	# ---- household size 1, three members stored as before the count applied -------------------------
	setup_home
	new_draft 1
	q "UPDATE survey_response SET answers = json_set(answers, '\$.\"members[2].member_name\"', '李四',
	   '\$.\"members[3].member_name\"', '王五')"
	is "$(member 3)" 王五 "$L the draft holds three members, the count one"
	launch_app "$lang"
	keys 1
	see "$T_DRAFT" "$L the draft is listed"
	keys Enter
	see "$T_KEPT2" "$L resumed: the two members beyond the count are kept, and it says so"
	# every answer is stored: it starts on the first page, the household size
	keys NPage NPage NPage
	see "$(page 3 3)" "$L all three member pages are there"
	see "王五" "$L the third member with the name stored"
	see "$T_F8" "$L the hints offer F8"
	not_seen "$T_F7" "$L but no F7"
	keys F8
	see "$T_REMOVE" "$L F8 asks first"
	keys y
	see "$(page 2 2)" "$L removed: two members left"
	see "李四" "$L the second one shown"
	sync_app
	is "$(member 3)" "(none)" "$L the third member's answer is gone"
	is "$(member 2)" 李四 "$L the second is kept"
	keys F8
	see "$T_REMOVE" "$L F8 again"
	keys y
	see "$(page 1 1)" "$L down to the count: one member"
	sync_app
	is "$(member 2)" "(none)" "$L the second member's answer is gone"
	is "$(member 1)" 张三 "$L the first is kept"
	lacks "$(screen)" "$T_F8" "$L no F8 in the hints any more"
	keys F8
	see "$T_FIXED" "$L F8 is refused at the count"
	is "$(member 1)" 张三 "$L and removed nothing"
	# the household size erased and typed again, a key at a time: the member it hid for a moment is back
	keys PPage
	see "$(pages 1 3)" "$L PgUp: the household size, page 1 of 3"
	keys BSpace
	see "$(pages 1 2)" "$L the size erased: for the moment no member page, 2 pages"
	type_text 1
	keys Enter
	see "$(page 1 1)" "$L typed again: the member page"
	see "张三" "$L with the member's name"
	sync_app
	is "$(member 1)" 张三 "$L and the name stays stored"
	keys Escape
	see_row 0 "$T_LIST" "$L Esc keeps the draft: back in the list"
	quit_app "$L F10 quits"

	# ---- no household size yet (none), one member stored: F8 takes the focus back --------------------
	setup_home
	new_draft ""
	q "UPDATE survey_response SET answers = json_set(answers, '\$.\"members[1].member_name\"', '赵六')"
	launch_app "$lang"
	keys 1
	see "$T_DRAFT" "$L the second draft is listed"
	keys Enter
	see "$T_KEPT1" "$L resumed: the member beyond no count is kept"
	keys NPage
	see "$(page 1 1)" "$L its page"
	see "赵六" "$L with its name"
	keys F8
	see "$T_REMOVE" "$L F8 asks"
	keys y
	gone "$(page 1 1)" "$L removed: no member page"
	sync_app
	is "$(member 1)" "(none)" "$L its answer is gone"
	type_text 2
	keys Enter
	see "$(page 1 2)" "$L the focus went back to the household size: 2 gives two member pages"
	keys Escape
	see_row 0 "$T_LIST" "$L Esc keeps the draft: back in the list"
	quit_app "$L F10 quits"
}

run_three_ways run_once
