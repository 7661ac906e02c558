#!/bin/bash
# results.sh - the survey results screen (问卷结果) as a user reaches it from the reports menu, over
# responses to the shipped needs questionnaire written with the sqlite3 tool in survey.h's shape (a
# JSON object of the questions SHOWN; a question shown and left blank holds ""): the counts,
# percentages and n of a question whose skip logic hid it from one respondent (n = those shown, not
# all), a number's mean and range, the community filter, a cross-tab cell and its n, the needs
# ranking's top item and satisfaction for the elderly-care circle, and an export read back (CSV with
# a BOM, then GB18030). In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3
require_tool iconv libc-bin

texts() {
	case $1 in
	zh_CN.UTF-8) T_REPORTS="统计报表"; T_RESULTS="问卷结果"; T_Q15="第 15/25 题：eldercare_sat"
		T_N3="n = 3（看到此题的受访者；其中 1 人未答）。百分比以 n 为基数。"; T_N4="n = 4（看到此题的受访者；其中 0 人未答）。百分比以 n 为基数。"
		T_VSAT="非常满意"; T_FAIR="一般"; T_MEAN="平均 3.5 范围 2 至 5 （4 个回答）"; T_LIST="题目"
		T_XTAB="交叉表：您对身边的养老服务满意吗（行）× 您的年龄段（列）"; T_XN="n = 3（两题都看到的受访者）。"
		T_AGE70="70岁及以上"; T_FILTER_BY="筛选条件"; T_FILTER_ON="社区: 河西社区"
		T_NEEDS="需求排序"; T_ELDER="5 养老服务圈：满意 50.0%（回答的 2 人中 1 人；看到此题 n = 3）"
		T_CANTEEN="老年餐厅(助餐点)"; T_PARKING="停车位"; T_BADDATE="请按 年-月-日 输入日期"; T_DATES="日期: 2026-01-07.."; T_HOUSING0="1 舒适安居圈：n = 0（没有人看到其满意度题目）"; T_NONE="都不缺"; T_KIND="导出哪种文件？"; T_WRITTEN="份答卷已写入"; T_OK="确定" ;;
	*) T_REPORTS="Reports"; T_RESULTS="Survey results"; T_Q15="Question 15 of 25: eldercare_sat"
		T_N3="n = 3 (respondents shown this question; 1 left it blank). Percentages are of n."
		T_N4="n = 4 (respondents shown this question; 0 left it blank). Percentages are of n."
		T_VSAT="Very satisfied"; T_FAIR="Fair"; T_MEAN="Mean 3.5 Range 2 to 5 (4 answers)"; T_LIST="Questions"
		T_XTAB="Cross-tab: How satisfied are you with elderly care nearby? (rows) by Your age group (columns)"
		T_XN="n = 3 (respondents shown both questions)."; T_AGE70="70 or over"; T_FILTER_BY="Filter by"
		T_FILTER_ON="Community: 河西社区"; T_NEEDS="Needs ranking"
		T_ELDER="5 eldercare: satisfied 50.0% (1 of 2 who answered; n = 3 shown)"
		T_CANTEEN="Elderly canteen or meal point"; T_PARKING="Parking spaces"; T_BADDATE="Type a date as YYYY-MM-DD"; T_DATES="Dates: 2026-01-07.."; T_HOUSING0="1 housing: n = 0 (nobody was shown its satisfaction question)"; T_NONE="Nothing missing"; T_KIND="Which kind of file?"; T_WRITTEN="responses written to"; T_OK="OK" ;;
	esac
}

# squeezed screen lines: runs of blanks made one.
screen_squeezed() {
	screen | tr -s ' ' | sed 's/^ //; s/ $//'
}

# line_starts TEXT DESC: some screen line, blanks squeezed, starts with TEXT (polled).
line_starts() {
	local n=$((LC_WAIT * 20))
	while :; do
		screen_squeezed | grep -qF -- "$1" && screen_squeezed | grep -F -- "$1" | grep -q "^$(printf '%s' "$1" | sed 's/[][\.*^$/]/\\&/g')" && { pass "$2"; return 0; }
		[ "$n" -le 0 ] && break
		sleep 0.05
		n=$((n - 1))
	done
	fail "$2" "no line starts with: '$1'" "screen:"
	show_screen
	return 1
}

q() { sqlite3 "$DB" "$1"; }

# wait_export EXT DESC: a file *.EXT has appeared in the export folder (renamed there whole at the end),
# then the message naming it (the line at the bottom still names the previous export).
wait_export() {
	local n=$((LC_WAIT * 20))
	while ! ls "$TEST_HOME/out"/*."$1" >/dev/null 2>&1 && [ "$n" -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	see "$T_WRITTEN" "$2"
}

# ins ID STATUS COMMUNITY DATE ANSWERS: a response as survey.h documents it.
ins() {
	q "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, operator, deleted, template,
	    template_version, community, estate, surveyed_on, answers, status) VALUES ('$1', 'x', '$4', '$4', '0',
	    '张琦', 0, 'lifecircle_needs', '2024.1', '$3', '阳光小区', '$4', '$5', '$2')" || fail "insert $1"
}

setup_data() {
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1 || fail "$L init"
	is "$(q "SELECT count(*) FROM survey_template WHERE form_id = 'lifecircle_needs'")" 1 "$L the shipped questionnaire is stored"
	c1=$(q "SELECT id FROM community LIMIT 1")
	c2=00000000-0000-4000-8000-0000000000c2
	q "INSERT INTO community (id, origin, created_at, updated_at, hlc, code, name) VALUES ('$c2', 'x', '2026-01-01', '2026-01-01', '0', 'HX', '河西社区')" \
	    || fail "$L a second community"
	# 1: 70+, elderly at home, 非常满意, misses the canteen and day care.
	ins 00000000-0000-4000-8000-000000000001 complete "$c1" 2026-01-05 \
	    '{"estate":"阳光小区","age_group":"70_plus","household_size":3,"elderly_at_home":"yes","eldercare_sat":"1","eldercare_missing":["elderly_canteen","day_care"]}'
	# 2: under 30, no elderly: the elderly-care questions were not shown (absent).
	ins 00000000-0000-4000-8000-000000000002 complete "$c1" 2026-01-06 \
	    '{"estate":"阳光小区","age_group":"under_30","household_size":2,"elderly_at_home":"no"}'
	# 3: 60-69, 一般, misses the canteen.
	ins 00000000-0000-4000-8000-000000000003 complete "$c2" 2026-01-07 \
	    '{"estate":"阳光小区","age_group":"60_69","household_size":5,"elderly_at_home":"yes","eldercare_sat":"3","eldercare_missing":["elderly_canteen"]}'
	# 4: 70+, shown the satisfaction question and left it blank, nothing missing.
	ins 00000000-0000-4000-8000-000000000004 complete "$c1" 2026-01-08 \
	    '{"estate":"阳光小区","age_group":"70_plus","household_size":4,"elderly_at_home":"yes","eldercare_sat":"","eldercare_missing":["none"]}'
	# 5: a draft does not count.
	ins 00000000-0000-4000-8000-000000000005 draft "$c1" 2026-01-09 \
	    '{"age_group":"70_plus","elderly_at_home":"yes","eldercare_sat":"5"}'
}

flow() {
	local lang=$1 f
	L="[$1${APP_TERM:+ TERM=$APP_TERM}]"
	texts "$lang"
	new_home
	setup_data
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$TEST_HOME/out" launch_app "$lang"
	keys 5
	see_row 0 "$T_REPORTS" "$L the reports menu"
	see "$T_RESULTS" "$L offers the survey results"
	keys 6
	see_row 0 "$T_RESULTS" "$L and opens them (one questionnaire stored: no question which)"

	# The question list; 15 is eldercare_sat.
	keys l
	see "$T_LIST" "$L l lists the questions"
	keys 1 5 Enter
	see "$T_Q15" "$L the 15th question is shown"
	see "$T_N3" "$L n = 3: the respondent never shown it is not in the base; the blank one is"
	line_starts "$T_VSAT " "$L the 非常满意 bar is there"
	contains "$(screen_squeezed | grep -F "$T_VSAT " | head -1)" " 1 33.3%" "$L 非常满意: 1 of 3, 33.3%"
	contains "$(screen_squeezed | grep -F "$T_FAIR " | head -1)" " 1 33.3%" "$L 一般: 1 of 3, 33.3%"
	# Another program adds a response, then deletes it: the screen follows without a key.
	ins 00000000-0000-4000-8000-000000000006 complete "$c1" 2026-01-09 '{"age_group":"60_69","elderly_at_home":"yes","eldercare_sat":"1"}'
	see "n = 4" "$L a response added by another program is counted at once"
	contains "$(screen_squeezed | grep -F "$T_VSAT " | head -1)" " 2 50.0%" "$L 非常满意: now 2 of 4"
	q "UPDATE survey_response SET deleted = 1 WHERE id = '00000000-0000-4000-8000-000000000006'"
	see "$T_N3" "$L deleted, it no longer counts"

	# PgUp twice... to household_size (3): mean and range.
	keys Home PgDn PgDn
	see "$T_N4" "$L household_size: all 4 complete responses were shown it"
	line_starts "$T_MEAN" "$L its mean 3.5 and range 2 to 5"

	# The community filter: 河西社区 has one response.
	keys f
	see "$T_FILTER_BY" "$L f asks what to filter by"
	keys 1 Enter
	see "河西社区" "$L the communities are offered"
	keys 2 Enter
	see "$T_FILTER_ON" "$L the filter is shown"
	see "n = 1" "$L household_size: 1 response in 河西社区"
	keys f 5 Enter
	see "$T_N4" "$L filters cleared: 4 again"
	# A date range: from 2026-01-07 leaves responses 3 and 4; a date typed wrongly is refused in the dialog.
	keys f 3 Enter
	type_text 2026-1-7
	keys Enter
	see "$T_BADDATE" "$L a wrongly written date is refused with a message"
	keys Escape
	keys f 3 Enter
	type_text 2026-01-07
	keys Enter
	see "$T_DATES" "$L the date filter is shown"
	see "n = 2" "$L household_size: 2 responses from 2026-01-07 on"
	keys f 5 Enter
	see "$T_N4" "$L cleared again"

	# Cross-tab: eldercare_sat by age_group.
	keys x
	keys 1 3 Enter
	keys 1 Enter
	see "$T_XTAB" "$L x makes the cross-tab of the two questions picked"
	see "$T_XN" "$L its n: the 3 shown both"
	line=$(screen_squeezed | grep -F "$T_VSAT (1)" | head -1)
	contains "$line" "1 (100.0%)" "$L the 非常满意 × 70+ cell: 1, all of its row"
	keys End
	see "$T_AGE70" "$L End scrolls to the last column, 70岁及以上"
	keys Escape
	# A cross-tab wider than the screen: age group by the housing needs (7 choices) scrolls sideways.
	keys x 1 Enter 5 Enter
	see "»" "$L a cross-tab wider than the screen says more columns are to the right"
	see "$T_PARKING" "$L its first column is shown"
	keys End
	see "«" "$L End scrolls right: columns are to the left now"
	see "$T_NONE" "$L the last column is shown"
	not_seen "$T_PARKING" "$L and the first has scrolled away"
	keys Home
	see "$T_PARKING" "$L Home scrolls back"
	keys Escape

	# The needs ranking: the elderly-care circle's top need is the canteen (2 of 3 shown).
	keys r
	see "$T_NEEDS" "$L r shows the needs ranking"
	see "$T_HOUSING0" "$L a circle whose satisfaction question nobody was shown says n = 0, not 0%"
	keys Down Down Down Down
	see "$T_ELDER" "$L elderly care: 1 satisfied of 2 who answered, n = 3"
	r=$(row_of "$T_ELDER")
	line=$(row $((r + 1)) | tr -s ' ')
	contains "$line" "$T_CANTEEN" "$L its top need is the canteen"
	contains "$line" " 2 66.7%" "$L named by 2 of the 3 shown the question"
	lacks "$(screen)" "都不缺" "$L nothing-missing is not ranked as a need"
	keys Escape

	# Export as CSV (UTF-8 with BOM), then GB18030.
	keys e
	see "$T_KIND" "$L e asks which kind of file"
	keys 1 Enter
	wait_export csv "$L the export says where it wrote"
	keys Enter
	f=$(ls "$TEST_HOME/out"/lifecircle_needs-*.csv 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L a CSV file is in the export folder"
	is "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" "efbbbf" "$L it starts with a BOM"
	is "$(($(wc -l <"$f") - 1))" 5 "$L 5 responses (the draft too, with its status)"
	contains "$(grep 00000000-0000-4000-8000-000000000001 "$f")" "elderly_canteen day_care" "$L a response's choices read back"
	ls "$TEST_HOME/out"/*.part >/dev/null 2>&1; ok $((! $?)) "$L no half-written file is left"
	rm -f "$f"
	keys e 2 Enter
	wait_export csv "$L GB18030 written"
	keys Enter
	f=$(ls "$TEST_HOME/out"/lifecircle_needs-*.csv 2>/dev/null | head -1)
	contains "$(iconv -f GB18030 -t UTF-8 "$f" | grep 000000000003)" "阳光小区" "$L the GB18030 file reads back through iconv"
	keys e 3 Enter
	wait_export xlsx "$L .xlsx written"
	keys Enter
	f=$(ls "$TEST_HOME/out"/lifecircle_needs-*.xlsx 2>/dev/null | head -1)
	is "$(head -c 2 "$f")" "PK" "$L the .xlsx is a zip"
	stop_app
}

# stopping: Esc during an export of 200,000 responses leaves no file (and no .part).
stop_flow() {
	L="[zh_CN.UTF-8 stop]"
	new_home
	setup_data
	c1=$(q "SELECT id FROM community LIMIT 1")
	q "WITH RECURSIVE s(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM s WHERE i < 200099)
	    INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, operator, deleted, template, template_version,
	    community, estate, surveyed_on, answers, status) SELECT printf('00000000-0000-4000-8000-%012d', i), 'x', '2026-01-05',
	    '2026-01-05', '0', '张琦', 0, 'lifecircle_needs', '2024.1', '$c1', '阳光小区', '2026-01-05',
	    '{\"age_group\":\"70_plus\"}', 'draft' FROM s" || fail "$L 200,000 drafts"
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$TEST_HOME/out" launch_app zh_CN.UTF-8
	keys 5
	see_row 0 "统计报表" "$L the reports menu"
	keys 6
	see_row 0 "问卷结果" "$L the results"
	keys e
	see "导出哪种文件？" "$L e asks which kind of file"
	keys 1 Enter Escape
	see "导出已停止，未写入文件" "$L Esc stops the export at once"
	is "$(ls "$TEST_HOME/out" 2>/dev/null | wc -l)" 0 "$L and no file is left, not even a .part"
	keys Enter
	# A second version of the questionnaire: the menu asks which, newest first.
	mkdir -p "$TEST_HOME/t2"
	cp "$LIFECIRCLE_DATADIR"/templates/lifecircle_needs.survey.csv "$LIFECIRCLE_DATADIR"/templates/lifecircle_needs.choices.csv "$TEST_HOME/t2/"
	sed 's/,2024\.1,/,2025.1,/' "$LIFECIRCLE_DATADIR"/templates/lifecircle_needs.settings.csv >"$TEST_HOME/t2/lifecircle_needs.settings.csv"
	lc template import "$TEST_HOME"/t2/*.csv >/dev/null 2>&1 || fail "$L import version 2025.1"
	keys Escape
	see_row 0 "统计报表" "$L back in the reports menu"
	keys 6
	see "哪份问卷？" "$L with two versions stored, the results ask which"
	see "lifecircle_needs (2025.1)" "$L the new version is offered"
	keys 2 Enter
	see "（版本 2024.1）" "$L the older version chosen"
	see "n = 4" "$L its responses counted"
	keys Escape 6 1 Enter
	see "（版本 2025.1）" "$L the newer one"
	see "n = 0" "$L has none yet"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8
stop_flow
done_testing
