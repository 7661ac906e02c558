#!/bin/bash
# lists.sh - the reference lists under Reports: the standard's 20 items, counted only when c is pressed
# (opening a list never counts); search (Chinese typed into the search box) narrows and Esc clears;
# s sorts only by the columns offered (number and name, skipping the others); r reverses; Enter shows
# the details dialog with the requirement and its checkable numbers; the indicators (9) and circles
# (8); on a short window PgDn/End/Down reach the last row and no row is ever shown twice. The status
# bar counts records written by the sqlite3 tool (kept by triggers), and a list whose table cannot be
# read shows an error line, not an empty list.
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_REPORTS="统计报表"; T_STANDARD="完整居住社区建设标准"; T_INDICATORS="主要指标"
		T_CIRCLES="生活圈"; T_ROWS_FMT="共 %d 行"; T_DETAILS="详细信息"; T_CHECKABLE="可核查的数值"
		T_NOMATCH="没有符合搜索条件的记录"; T_SEARCH_HINT="输入关键词"; T_TARGET="2025年目标值"
		T_BINDING="约束性"; T_KIND="属性"; T_SORT_NO="排序：序号"; T_SORT_ITEM="排序：建设内容"
		T_SORT_CODE="排序：代码"; T_SORT_CIRCLE="排序：圈层"; T_RESPONSES="问卷 2"; T_FACILITIES="设施 1"
		T_CANNOT_READ="无法读取列表："; T_NO_RECORDS="暂无记录"; T_LIST_HELP="按 / 打开搜索框"
		;;
	*)
		T_MAIN="Main menu"; T_REPORTS="Reports"; T_STANDARD="Complete-community standard"; T_INDICATORS="Indicators"
		T_CIRCLES="Life circles"; T_ROWS_FMT="%d rows"; T_DETAILS="Details"; T_CHECKABLE="Checkable numbers:"
		T_NOMATCH="Nothing matches the search."; T_SEARCH_HINT="Type to search"; T_TARGET="2025 target"
		T_BINDING="binding"; T_KIND="Kind"; T_SORT_NO="Sort: No."; T_SORT_ITEM="Sort: Item"
		T_SORT_CODE="Sort: Code"; T_SORT_CIRCLE="Sort: Circle"; T_RESPONSES="responses 2"
		T_FACILITIES="facilities 1"; T_CANNOT_READ="The list cannot be read:"; T_NO_RECORDS="No records yet."; T_LIST_HELP="/ opens the search box"
		;;
	esac
}

rows_text() {
	# shellcheck disable=SC2059
	printf "$T_ROWS_FMT" "$1"
}

# The row numbers (first column) of the data rows on screen, space-separated, top to bottom.
numbers() {
	screen | sed -n '4,$p' | sed -n 's/^ \([0-9][0-9]*\)  .*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}

# no_duplicates DESC: no row number appears twice on screen.
no_duplicates() {
	local dup
	dup=$(numbers | tr ' ' '\n' | sort | uniq -d | tr '\n' ' ')
	if [ -z "$dup" ]; then
		pass "$1"
	else
		fail "$1" "rows shown twice: $dup"
		show_screen
	fi
}

# wait_numbers WANT DESC: the data rows on screen become exactly WANT (e.g. "1 2 3").
wait_numbers() {
	local n=$((LC_WAIT * 10)) got
	while :; do
		got=$(numbers)
		[ "$got" = "$1" ] && break
		[ "$n" -le 0 ] && break
		sleep 0.1
		n=$((n - 1))
	done
	is "$got" "$1" "$2"
}

seqs() {
	seq "$@" | tr '\n' ' ' | sed 's/ $//'
}

lists_flow() {
	local lang=$1 L="[$1]"
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	# Records written by another tool: the plain sqlite3 shell can write the file (the triggers that keep
	# the counts and mark rows for the search index are built-in SQL), and the status bar counts them.
	sqlite3 "$DB" "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, template,
	    template_version, community, estate, surveyed_on, answers, deleted) VALUES
	    ('00000000-0000-7000-8000-000000000001', 'X', 'c', 'u', 'h', 't', '1', '滨河社区', '阳光小区', '2024-01-01', '{\"q1\":\"附近没有超市\"}', 0),
	    ('00000000-0000-7000-8000-000000000002', 'X', 'c', 'u', 'h', 't', '1', '滨河社区', '幸福家园', '2024-01-02', '{}', 0),
	    ('00000000-0000-7000-8000-000000000003', 'X', 'c', 'u', 'h', 't', '1', '滨河社区', '幸福家园', '2024-01-03', '{}', 1);
	    INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, name) VALUES
	    ('00000000-0000-7000-8000-000000000004', 'X', 'c', 'u', 'h', '滨河社区', '阳光超市');" ||
	    fail "$L the sqlite3 tool writes the database"
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L main menu"
	see "$T_RESPONSES" "$L the status bar counts the 2 live responses written by sqlite3 (not the deleted one)"
	see "$T_FACILITIES" "$L and the facility"
	keys 5
	see_row 0 "$T_REPORTS" "$L key 5 opens Reports"
	see "$T_STANDARD" "$L Reports offers the standard"

	# The standard: 20 items.
	keys 1
	see_row 0 "$T_STANDARD" "$L key 1 opens the complete-community standard"
	wait_numbers "$(seqs 1 20)" "$L all 20 items are listed, 1 to 20"
	see_row 1 "$T_SORT_NO" "$L sorted by number"
	lacks "$(row 1)" "$(rows_text 20)" "$L opening a list does not count its rows"
	keys c
	see_row 1 "$(rows_text 20)" "$L c counts: 20 rows"
	see "一个幼儿园" "$L item 2 is 一个幼儿园"
	no_duplicates "$L no duplicate rows"

	# Search: / then Chinese text then Enter.
	keys /
	see_row 29 "$T_SEARCH_HINT" "$L / opens the search box"
	type_text "幼儿"
	see_row 1 "幼儿" "$L the search text is shown in the box"
	keys Enter
	wait_numbers "2 3" "$L the 2 matching items are 2 (幼儿园) and 3 (托儿所)"
	lacks "$(row 1)" "$(rows_text 20)" "$L a new search forgets the old count"
	keys c
	see_row 1 "$(rows_text 2)" "$L c counts the search: 2 rows"
	keys Escape
	wait_numbers "$(seqs 1 20)" "$L Esc clears the search: all 20 items are back"
	keys c
	see_row 1 "$(rows_text 20)" "$L 20 rows again"
	lacks "$(row 1)" "幼儿" "$L the search box is empty"
	keys /
	type_text "没有这种设施"
	keys Enter
	see "$T_NOMATCH" "$L a search matching nothing says so"
	keys c
	see_row 1 "$(rows_text 0)" "$L and counts 0 rows"
	keys Escape
	wait_numbers "$(seqs 1 20)" "$L Esc clears that search too"
	keys c
	see_row 1 "$(rows_text 20)" "$L 20 rows after Esc"
	keys /
	type_text "XYZ"
	keys Escape
	wait_row 29 "Esc" && wait_gone "XYZ"
	see_row 1 "$(rows_text 20)" "$L Esc while typing a search cancels it"
	lacks "$(row 1)" "XYZ" "$L the cancelled search text is gone"

	# s sorts by the next column offered: Item (name), then back to No., skipping Goal and Requirement.
	keys s
	see_row 1 "$T_SORT_ITEM" "$L s sorts by the item name (Goal is skipped: not offered)"
	by_name=$(sqlite3 "$DB" "SELECT no FROM std_item ORDER BY name, printf('%02d', no)" | tr '\n' ' ' | sed 's/ $//')
	wait_numbers "$by_name" "$L the items in name order"
	keys s
	see_row 1 "$T_SORT_NO" "$L s again goes back to No. (Requirement is skipped)"
	wait_numbers "$(seqs 1 20)" "$L in number order again"

	# r reverses.
	keys r
	wait_numbers "$(seqs 20 -1 1)" "$L r reverses: 20 first, 1 last"
	keys r
	wait_numbers "$(seqs 1 20)" "$L r again: back to 1 first"

	# Details of item 2, with its checkable numbers.
	keys Down
	keys Enter
	see "$T_DETAILS" "$L Enter opens the details dialog"
	see "2. 一个幼儿园" "$L the dialog names item 2"
	see "不小于6班" "$L the dialog shows the requirement text"
	see "$T_CHECKABLE" "$L the dialog lists the checkable numbers"
	see "幼儿园班数: >= 6 班" "$L the class count is checkable (>= 6)"
	see "幼儿园建筑面积: >= 2200 ㎡" "$L the floor area is checkable (>= 2200 ㎡)"
	keys Escape
	gone "$T_DETAILS" "$L Esc closes the dialog"
	see_row 0 "$T_STANDARD" "$L the list is still open"

	# The indicators (9) and the circles (8).
	keys Escape
	see_row 0 "$T_REPORTS" "$L Esc goes back to Reports"
	keys 2
	see_row 0 "$T_INDICATORS" "$L key 2 opens the indicators"
	wait_numbers "$(seqs 1 9)" "$L the 9 indicators are listed"
	keys c
	see_row 1 "$(rows_text 9)" "$L c counts 9 rows"
	see "社区综合服务设施覆盖率" "$L indicator 1 is shown"
	keys Enter
	see "$T_DETAILS" "$L Enter opens the indicator's details"
	see "$T_TARGET: 100 %" "$L the details give its 2025 target"
	see "$T_KIND: $T_BINDING" "$L and its kind"
	keys Enter
	gone "$T_DETAILS" "$L Enter closes the dialog"
	keys F1
	see "$T_LIST_HELP" "$L F1 on a reference list explains its keys"
	keys Escape
	see_row 0 "$T_INDICATORS" "$L Esc: back to the indicators"
	keys Escape
	see_row 0 "$T_REPORTS" "$L back to Reports"
	keys 3
	see_row 0 "$T_CIRCLES" "$L key 3 opens the circles"
	wait_numbers "$(seqs 1 8)" "$L the 8 circles are listed"
	keys c
	see_row 1 "$(rows_text 8)" "$L c counts 8 rows"
	see "舒适安居圈" "$L circle 1 is 舒适安居圈"
	keys s
	see_row 1 "$T_SORT_CIRCLE" "$L circles: s sorts by name"
	keys s
	see_row 1 "$T_SORT_CODE" "$L then by code"
	keys s
	see_row 1 "$T_SORT_NO" "$L then by number again (Description is skipped)"
	keys Escape
	see_row 0 "$T_REPORTS" "$L back to Reports"

	# A short window: 18 of the 20 items fit.
	keys 1
	wait_numbers "$(seqs 1 20)" "$L the standard again"
	tm resize-window -t app -x 80 -y 24
	see_row 22 "滨河社区" "$L redrawn at 80x24"
	wait_numbers "$(seqs 1 18)" "$L at 80x24 items 1-18 fit"
	keys NPage
	wait_numbers "$(seqs 3 20)" "$L PgDn reaches the last row: 3-20, none twice"
	no_duplicates "$L no duplicate rows after PgDn"
	keys NPage
	sync_app    # nothing should change: wait until the key has been handled
	wait_numbers "$(seqs 3 20)" "$L PgDn at the end changes nothing"
	keys Home
	wait_numbers "$(seqs 1 18)" "$L Home goes back to the top"
	keys End
	wait_numbers "$(seqs 3 20)" "$L End shows the last rows: 3-20, none twice"
	no_duplicates "$L no duplicate rows after End"
	keys Home
	wait_numbers "$(seqs 1 18)" "$L Home again"
	for ((k = 0; k < 19; k++)); do keys Down; done
	wait_numbers "$(seqs 3 20)" "$L Down 19 times scrolls to the last row, none twice"
	keys Down
	sync_app
	wait_numbers "$(seqs 3 20)" "$L Down at the last row changes nothing"
	keys PPage
	wait_numbers "$(seqs 1 18)" "$L PgUp goes back to the top"
	for ((k = 0; k < 19; k++)); do keys Down; done
	wait_numbers "$(seqs 3 20)" "$L down to the end again"
	for ((k = 0; k < 19; k++)); do keys Up; done
	wait_numbers "$(seqs 1 18)" "$L Up 19 times scrolls back to the first row"
	keys r
	wait_numbers "$(seqs 20 -1 3)" "$L reversed at 80x24: 20-3"
	keys End
	wait_numbers "$(seqs 18 -1 1)" "$L End in reverse order: 18-1, none twice"
	no_duplicates "$L no duplicate rows after End in reverse order"
	keys r
	wait_numbers "$(seqs 1 18)" "$L ascending again"
	# 社区 matches 18 items: exactly a screenful at 80x24.
	keys /
	type_text "社区"
	keys Enter
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L the 18 matches fill the window exactly"
	keys c
	see_row 1 "$(rows_text 18)" "$L searching 社区 counts 18 rows"
	keys End
	sync_app
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L End on an exactly full window changes nothing"
	keys NPage
	sync_app
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L PgDn on an exactly full window changes nothing"
	no_duplicates "$L no duplicate rows in the search result"
	keys Escape
	wait_numbers "$(seqs 1 18)" "$L Esc clears the search: the full list from the top"

	# A table that cannot be read: an error line, never an empty list that looks like no data.
	keys Escape
	see_row 0 "$T_REPORTS" "$L back to Reports"
	sqlite3 "$DB" "DROP TABLE indicator" || fail "$L indicator table dropped"
	keys 2
	see_row 0 "$T_INDICATORS" "$L the indicators list opens"
	see "$T_CANNOT_READ" "$L it shows the error line"
	see "no such table: indicator" "$L with SQLite's reason"
	not_seen "$T_NO_RECORDS" "$L and does not claim there are no records"
	keys c
	see "$T_CANNOT_READ" "$L counting it says the same"
	keys Escape
	see_row 0 "$T_REPORTS" "$L Esc still goes back"
	app_alive
	ok $? "$L the program is still running"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	lists_flow "$lang"
done

done_testing
