#!/bin/bash
# facility_export.sh - exporting from the facility screens, as a user runs it: w on the facility list
# asks the kind of file and writes the community's inventory into the export folder
# ($LIFECIRCLE_EXPORT_DIR) as .xlsx, CSV in UTF-8 with BOM and CSV in GB18030, the path shown; each
# file reads back through `lifecircle import facilities --dry-run` as the same rows, unchanged. e on
# the gap report writes it as .xlsx and CSV. A standard item is named in the interface's language
# (data/standard_items.tsv name or name_en) and read back either way. In zh_CN.UTF-8 (TERM screen) and C.UTF-8
# (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3
require_tool iconv libc-bin

texts() {
	case $1 in
	zh_CN.UTF-8) T_FACMENU="设施台账"; T_LIST="设施台账"; T_GAPS="短板分析"; T_KIND="哪种文件"; T_WRITTEN="已写入"; T_NURSERY="一个托儿所"; T_OTHER="one nursery"; T_KG="一个幼儿园" ;;
	*) T_FACMENU="Facility inventory"; T_LIST="Facility inventory"; T_GAPS="Gap report"; T_KIND="Which kind of file?"; T_WRITTEN="Written to"; T_NURSERY="one nursery"; T_OTHER="一个托儿所"; T_KG="one kindergarten" ;;
	esac
}

# export_as KEY N DESC: KEY, the kind N chosen, the path shown, the dialog closed.
export_as() {
	keys "$1"
	see "$T_KIND" "$L $1 asks which kind of file"
	keys "$2"
	see "$T_WRITTEN" "$L $3: the path is shown"
	see "$TEST_HOME/out/" "$L $3: in the export folder"
	keys Enter
	gone "$T_WRITTEN" "$L $3: the dialog closes"
}

# reads_back FILE DESC: the import's preview of FILE finds the two facilities unchanged.
reads_back() {
	local out
	out=$(lc import facilities --dry-run "$1" 2>&1)
	contains "$out" "0 new, 0 changed, 2 unchanged, 0 bad" "$2 reads back as the same two facilities, unchanged"
}

flow() {
	local lang=$1 f
	L="[$1${APP_TERM:+ TERM=$APP_TERM}]"
	texts "$lang"
	new_home
	lc init --community 海北社区 --district 海勃湾区 --office-code HBW-01 --operator 张琦 --households 1000 >/dev/null || fail "$L init"
	printf '%s\n' '社区代码,类别,名称,地址,建筑面积,容量,容量单位,状态' \
	    'HBW-01,托儿所,滨河托儿所,滨河路1号,160,40,托位,运营中' \
	    'HBW-01,幼儿园,阳光幼儿园,"滨河路2号,东门",2000,6,班,运营中' >"$TEST_HOME/f.csv"
	lc import facilities "$TEST_HOME/f.csv" >/dev/null || fail "$L two facilities"

	APP_ENV="LIFECIRCLE_EXPORT_DIR=$TEST_HOME/out" launch_app "$lang"
	keys 2 1
	see_row 0 "$T_LIST" "$L the facility list"
	see "阳光幼儿园" "$L with the facilities"

	export_as w 1 ".xlsx"
	f=$(ls "$TEST_HOME"/out/facilities-HBW-01-*.xlsx 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L an .xlsx named by the community's code is in the export folder"
	is "$(head -c 2 "$f")" "PK" "$L it is a zip (a workbook)"
	reads_back "$f" "$L the .xlsx"
	rm -f "$f"

	export_as w 2 "CSV UTF-8"
	f=$(ls "$TEST_HOME"/out/facilities-HBW-01-*.csv 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L a CSV is in the export folder"
	is "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" "efbbbf" "$L it starts with a BOM"
	contains "$(cat "$f")" "HBW-01,$T_NURSERY,滨河托儿所," "$L the standard item is named in the interface's language ($T_NURSERY)"
	is "$(grep -c "$T_OTHER" "$f")" 0 "$L and not in the other one"
	reads_back "$f" "$L the UTF-8 CSV"
	rm -f "$f"

	export_as w 3 "CSV GB18030"
	f=$(ls "$TEST_HOME"/out/facilities-HBW-01-*.csv 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L a GB18030 CSV is in the export folder"
	is "$(grep -c '阳光幼儿园' "$f")" 0 "$L it is not UTF-8"
	contains "$(iconv -f GB18030 -t UTF-8 "$f")" "阳光幼儿园" "$L it reads back through iconv"
	reads_back "$f" "$L the GB18030 CSV"
	is "$(ls "$TEST_HOME"/out | grep -cv '\.\(xlsx\|csv\)$')" 0 "$L no half-written file is left"

	# The gap report, shown for the community, written as shown.
	keys Escape
	see_row 0 "$T_FACMENU" "$L back to the facility menu"
	keys 4
	see_row 0 "$T_GAPS" "$L the gap report"
	export_as e 1 "the gap report as .xlsx"
	f=$(ls "$TEST_HOME"/out/gaps-HBW-01-*.xlsx 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L the gap report's .xlsx is in the export folder"
	is "$(head -c 2 "$f")" "PK" "$L it is a workbook"
	sheet=$(sqlite3 :memory: "SELECT group_concat(CAST(data AS TEXT), '') FROM zipfile('$f') WHERE name LIKE 'xl/worksheets/sheet%.xml' OR name IN ('xl/sharedStrings.xml', 'xl/workbook.xml')")
	contains "$sheet" "$T_KG" "$L the workbook has the kindergarten item, in the UI's language (read with sqlite3's zipfile)"
	contains "$sheet" '<sheet name="HBW-01 海北社区"' "$L its sheet named by the community"
	export_as e 2 "the gap report as CSV"
	f=$(ls "$TEST_HOME"/out/gaps-HBW-01-*.csv 2>/dev/null | head -1)
	[ -n "$f" ]; ok $? "$L the gap report's CSV is in the export folder"
	contains "$(cat "$f")" "$T_KG" "$L it has the kindergarten item, in the UI's language"
	contains "$(cat "$f")" "HBW-01" "$L and the community"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
