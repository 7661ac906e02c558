#!/bin/bash
# outlets.sh - the outlet summary across communities, as a user reads it: on 设施台账 → 业态店铺清单, a
# shows every business type's outlets in all the communities of the file with how many communities
# have one, the chain share of all against 30%, each community's share (met, not met, not checkable)
# and how many meet it; a again shows the one community. `lifecircle report outlets` prints the same
# lines, and as CSV the same numbers (GB18030 too). Communities and outlets come in through the import
# commands; `export outlets` writes the same rows as .xlsx. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool iconv libc-bin
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_FACMENU="设施台账"; T_OUTLETS="业态店铺清单"; T_ONE="社区：HBW-01 海北社区"
		T_ALL="本数据库全部 3 个社区的业态店铺汇总"; T_HINT_ALL="a 全部社区"; T_HINT_ONE="a 单个社区"
		T_SHARE_ALL="全部社区的连锁化率：5 家店铺中连锁店 3 家（60%）；目标 ≥ 30%：达标"
		T_ROW_02="HBW-02 新华社区 3 3 1 33.3% 达标"; T_ROW_03="HBW-03 凤凰岭社区 0 0 0 无法核查"
		T_ROW_01="HBW-01 海北社区 2 2 2 100% 达标"
		T_STORES="便利店 3 2 是 0 2"; T_BARBER="理发店 0 0 是 1 0"
		T_MEETING="连锁化率达到 30% 目标的社区：有计入连锁化率店铺的 2 个社区中 2 个（共 3 个社区）。"
		T_CSV_ROW="社区,HBW-02,新华社区,3,3,1,33.3,30,达标,,"; T_SHEET="业态店铺汇总"
		;;
	*)
		T_MAIN="Main menu"; T_FACMENU="Facility inventory"; T_OUTLETS="Outlet list"; T_ONE="Community: HBW-01 海北社区"
		T_ALL="Outlets of all 3 communities of the file"; T_HINT_ALL="a All communities"; T_HINT_ONE="a One community"
		T_SHARE_ALL="Chain share of all communities: 3 of 5 outlets are chain outlets (60%); target ≥ 30%: met"
		T_ROW_02="HBW-02 新华社区 3 3 1 33.3% met"; T_ROW_03="HBW-03 凤凰岭社区 0 0 0 not checkable"
		T_ROW_01="HBW-01 海北社区 2 2 2 100% met"
		T_STORES="convenience store 3 2 yes 0 2"; T_BARBER="barber 0 0 yes 1 0"
		T_MEETING="Communities meeting the 30% target: 2 of 2 with outlets the share counts (3 communities in all)."
		T_CSV_ROW="community,HBW-02,新华社区,3,3,1,33.3,30,met,,"; T_SHEET="Outlets"
		;;
	esac
}

flow() {
	local out
	flow_begin "$1" 海北社区 HBW-01
	printf '%s\n' 'code,name' 'HBW-02,新华社区' 'HBW-03,凤凰岭社区' >"$TEST_HOME/c.csv"
	lc import communities "$TEST_HOME/c.csv" >/dev/null || fail "$L two more communities"
	printf '%s\n' '社区代码,类别,名称,连锁,状态' 'HBW-01,便利店,好邻居便利店,是,运营中' 'HBW-01,综合超市,华联超市,是,运营中' \
	    'HBW-02,便利店,新华便利店,是,运营中' 'HBW-02,便利店,街角小卖部,否,运营中' 'HBW-02,药店,大药房,否,运营中' \
	    'HBW-02,理发店,新开理发店,是,规划中' >"$TEST_HOME/f.csv"
	lc import facilities "$TEST_HOME/f.csv" >/dev/null || fail "$L outlets in two communities"

	launch_app "$1"
	wait_row 0 "$T_MAIN"
	keys 2
	see_row 0 "$T_FACMENU" "$L the facility menu"
	keys 3
	see_row 0 "$T_OUTLETS" "$L key 3: the outlet list"
	see "$T_ONE" "$L of the office's community"
	see "$T_HINT_ALL" "$L the hints offer a for all communities"
	keys a
	see "$T_ALL" "$L a: the summary across the 3 communities"
	line_is "$T_STORES" "$L convenience stores: 3 operating, 2 chains, counted, none planned, in 2 communities"
	line_is "$T_BARBER" "$L barbers: the planned one only"
	line_is "$T_SHARE_ALL" "$L the chain share of all against 30%"
	keys NPage
	line_is "$T_ROW_01" "$L HBW-01: 2 of 2, met"
	line_is "$T_ROW_02" "$L HBW-02: 1 of 3, met"
	line_is "$T_ROW_03" "$L HBW-03: no outlet, not checkable"
	line_is "$T_MEETING" "$L how many communities meet the target"
	see "$T_HINT_ONE" "$L the hints offer a for one community"
	keys a
	see "$T_ONE" "$L a again: the one community"
	not_seen "$T_ALL" "$L the summary is gone"
	stop_app

	# The same from the command line, in the interface's language.
	out=$(lc_lang "$1" report outlets | tr -s ' ')
	contains "$out" "$T_SHARE_ALL" "$L report outlets: the share of all"
	contains "$out" "$T_ROW_02" "$L report outlets: HBW-02's line"
	contains "$out" "$T_MEETING" "$L report outlets: the communities meeting the target"
	lc_lang "$1" report outlets --format csv -o "$TEST_HOME/o.csv" || fail "$L report outlets --format csv"
	is "$(head -c 3 "$TEST_HOME/o.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "$L the CSV starts with a BOM"
	grep -q "^$T_CSV_ROW"$'\r$' "$TEST_HOME/o.csv"
	ok $? "$L HBW-02's CSV row, numbers as numbers" "$(grep HBW-02 "$TEST_HOME/o.csv")"
	lc_lang "$1" report outlets --format csv --encoding gb18030 -o "$TEST_HOME/g.csv" || fail "$L GB18030"
	contains "$(iconv -f GB18030 -t UTF-8 "$TEST_HOME/g.csv")" "$T_CSV_ROW" "$L the GB18030 CSV reads back through iconv"
	lc_lang "$1" export outlets -o "$TEST_HOME/o.xlsx" || fail "$L export outlets as .xlsx"
	sheet=$(sqlite3 :memory: "SELECT group_concat(CAST(data AS TEXT), '') FROM zipfile('$TEST_HOME/o.xlsx') WHERE name LIKE 'xl/worksheets/sheet%.xml' OR name IN ('xl/sharedStrings.xml', 'xl/workbook.xml')")
	contains "$sheet" "<sheet name=\"$T_SHEET\"" "$L export outlets: a workbook with its sheet named $T_SHEET"
	contains "$sheet" "凤凰岭社区" "$L with the communities"
	lc_lang "$1" export outlets --community HBW-01 -o "$TEST_HOME/x.csv" 2>/dev/null
	is $? 2 "$L export outlets --community is a usage error (the summary is across communities)"
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
