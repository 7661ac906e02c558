#!/bin/bash
# lists.sh - the reference lists under Reports: the standard's 20 items with their count; search
# (Chinese typed into the search box) narrows and Esc clears; r reverses; Enter shows the details
# dialog with the requirement and its checkable numbers; the indicators (9) and circles (8); on a
# short window PgDn/End/Down reach the last row and no row is ever shown twice.
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_REPORTS="统计报表"; T_STANDARD="完整居住社区建设标准"; T_INDICATORS="主要指标"
		T_CIRCLES="生活圈"; T_ROWS_FMT="共 %d 行"; T_DETAILS="详细信息"; T_CHECKABLE="可核查的数值"
		T_NOMATCH="没有符合搜索条件的记录"; T_SEARCH_HINT="输入关键词"; T_TARGET="2025年目标值"
		T_BINDING="约束性"; T_KIND="属性"
		;;
	*)
		T_MAIN="Main menu"; T_REPORTS="Reports"; T_STANDARD="Complete-community standard"; T_INDICATORS="Indicators"
		T_CIRCLES="Life circles"; T_ROWS_FMT="%d rows"; T_DETAILS="Details"; T_CHECKABLE="Checkable numbers:"
		T_NOMATCH="Nothing matches the search."; T_SEARCH_HINT="Type to search"; T_TARGET="2025 target"
		T_BINDING="binding"; T_KIND="Kind"
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
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L main menu"
	keys 5
	see_row 0 "$T_REPORTS" "$L key 5 opens Reports"
	see "$T_STANDARD" "$L Reports offers the standard"

	# The standard: 20 items.
	keys 1
	see_row 0 "$T_STANDARD" "$L key 1 opens the complete-community standard"
	see_row 1 "$(rows_text 20)" "$L the count says 20 rows"
	wait_numbers "$(seqs 1 20)" "$L all 20 items are listed, 1 to 20"
	see "一个幼儿园" "$L item 2 is 一个幼儿园"
	no_duplicates "$L no duplicate rows"

	# Search: / then Chinese text then Enter.
	keys /
	see_row 29 "$T_SEARCH_HINT" "$L / opens the search box"
	type_text "幼儿"
	see_row 1 "幼儿" "$L the search text is shown in the box"
	keys Enter
	see_row 1 "$(rows_text 2)" "$L searching 幼儿 counts 2 rows"
	wait_numbers "2 3" "$L the 2 matching items are 2 (幼儿园) and 3 (托儿所)"
	keys Escape
	see_row 1 "$(rows_text 20)" "$L Esc clears the search: 20 rows again"
	wait_numbers "$(seqs 1 20)" "$L all 20 items are back"
	lacks "$(row 1)" "幼儿" "$L the search box is empty"
	keys /
	type_text "没有这种设施"
	keys Enter
	see "$T_NOMATCH" "$L a search matching nothing says so"
	see_row 1 "$(rows_text 0)" "$L and counts 0 rows"
	keys Escape
	see_row 1 "$(rows_text 20)" "$L Esc clears that search too"
	keys /
	type_text "XYZ"
	keys Escape
	wait_row 29 "Esc" && wait_gone "XYZ"
	see_row 1 "$(rows_text 20)" "$L Esc while typing a search cancels it"
	lacks "$(row 1)" "XYZ" "$L the cancelled search text is gone"

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
	see_row 1 "$(rows_text 9)" "$L the count says 9 rows"
	wait_numbers "$(seqs 1 9)" "$L the 9 indicators are listed"
	see "社区综合服务设施覆盖率" "$L indicator 1 is shown"
	keys Enter
	see "$T_DETAILS" "$L Enter opens the indicator's details"
	see "$T_TARGET: 100 %" "$L the details give its 2025 target"
	see "$T_KIND: $T_BINDING" "$L and its kind"
	keys Enter
	gone "$T_DETAILS" "$L Enter closes the dialog"
	keys Escape
	see_row 0 "$T_REPORTS" "$L back to Reports"
	keys 3
	see_row 0 "$T_CIRCLES" "$L key 3 opens the circles"
	see_row 1 "$(rows_text 8)" "$L the count says 8 rows"
	wait_numbers "$(seqs 1 8)" "$L the 8 circles are listed"
	see "舒适安居圈" "$L circle 1 is 舒适安居圈"
	keys Escape
	see_row 0 "$T_REPORTS" "$L back to Reports"

	# A short window: 18 of the 20 items fit.
	keys 1
	see_row 1 "$(rows_text 20)" "$L the standard again"
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
	see_row 1 "$(rows_text 18)" "$L searching 社区 counts 18 rows"
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L the 18 matches fill the window exactly"
	keys End
	sync_app
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L End on an exactly full window changes nothing"
	keys NPage
	sync_app
	wait_numbers "1 3 4 5 6 7 $(seqs 9 20)" "$L PgDn on an exactly full window changes nothing"
	no_duplicates "$L no duplicate rows in the search result"
	keys Escape
	see_row 1 "$(rows_text 20)" "$L Esc clears the search"
	wait_numbers "$(seqs 1 18)" "$L the full list from the top"
	app_alive
	ok $? "$L the program is still running"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	lists_flow "$lang"
done

done_testing
