#!/bin/bash
# facility_import.sh - importing communities (i on the communities list) and facilities (i on the
# facility list) from the UI, as a user runs it: a CSV with a changed, a new and a bad row (its line
# and reason) is previewed before anything is written; Esc declines and the database is as it was;
# a then y writes the good rows, which appear in the list, the bad one not written. The facilities
# from an .xlsx workbook made by `lifecircle export`. In zh_CN.UTF-8 (TERM screen) and C.UTF-8
# (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8) T_FACMENU="设施台账"; T_COMMUNITIES="社区与小区"; T_LIST="设施台账"; T_ASK="要导入的文件"
		T_CPREVIEW="导入社区: 预览"; T_FPREVIEW="导入设施: 预览"; T_COUNTS="新增 1   修改 1   未变 0   有误 1"
		T_FCOUNTS="新增 2   修改 0   未变 0   有误 1"; T_XCOUNTS="新增 2   修改 0   未变 0   有误 0"
		T_NEW="新增"; T_CHANGED="更改"; T_BAD="有误"; T_NOTHING="未导入：什么都没有写入"
		T_WRITTEN_C="已写入：新增 1 行，修改 1 行"; T_WRITTEN_F="已写入：新增 2 行，修改 0 行"; T_NOCOMM='没有代码为“HBW-0999”的社区'; T_CREASON="社区代码为 2 到 16 个字母" ;;
	*) T_FACMENU="Facility inventory"; T_COMMUNITIES="Communities and estates"; T_LIST="Facility inventory"; T_ASK="The file to import"
		T_CPREVIEW="Import communities: preview"; T_FPREVIEW="Import facilities: preview"
		T_COUNTS="New 1   Changed 1   Unchanged 0   Bad 1"; T_FCOUNTS="New 2   Changed 0   Unchanged 0   Bad 1"; T_XCOUNTS="New 2   Changed 0   Unchanged 0   Bad 0"
		T_NEW="new"; T_CHANGED="changed"; T_BAD="bad"; T_NOTHING="Not imported: nothing was written."
		T_WRITTEN_C="Written: 1 new, 1 changed"; T_WRITTEN_F="Written: 2 new, 0 changed"; T_NOCOMM='No community has the code "HBW-0999"'; T_CREASON="The community code is 2 to 16 letters" ;;
	esac
}

flow() {
	local lang=$1
	flow_begin "$lang" 海北社区 HBW-01
	# line 2 changes HBW-01 (its households), line 3 is new, line 4 is bad (its code).
	printf '%s\n' '代码,名称,街道,区,户数' 'HBW-01,海北社区,海北街道,海勃湾区,1500' \
	    'HBW-02,新华社区,新华街道,海勃湾区,800' 'bad code!,坏社区,,,' >"$TEST_HOME/c.csv"
	before=$(q "SELECT count(*) || '|' || max(change_seq) FROM community")

	launch_app "$lang"
	keys 2
	see_row 0 "$T_FACMENU" "$L the facility menu"
	keys 2
	see_row 0 "$T_COMMUNITIES" "$L the communities"
	open_import "$T_ASK" "$TEST_HOME/c.csv"
	see_row 0 "$T_CPREVIEW" "$L the communities' preview opens"
	see "$T_COUNTS" "$L the counts: 1 new, 1 changed, 1 bad"
	line_is "2 $T_CHANGED HBW-01 海北社区" "$L line 2 changed"
	line_is "3 $T_NEW HBW-02 新华社区" "$L line 3 new"
	see "$T_CREASON" "$L line 4's reason"
	r=$(row_of "$T_CREASON")
	contains "$(row "$r" | tr -s ' ')" " 4 $T_BAD " "$L line 4 bad"
	keys Escape
	see "$T_NOTHING" "$L Esc declines: nothing written"
	see_row 0 "$T_COMMUNITIES" "$L back to the communities"
	is "$(q "SELECT count(*) || '|' || max(change_seq) FROM community")" "$before" "$L the database is as it was"
	not_seen "新华社区" "$L no new row in the list"
	open_import "$T_ASK" "$TEST_HOME/c.csv"
	see "$T_COUNTS" "$L the preview again"
	keys a y
	see "$T_WRITTEN_C" "$L a, y: written"
	see_row 0 "$T_COMMUNITIES" "$L back to the communities"
	see "新华社区" "$L the new community is in the list"
	is "$(q "SELECT households FROM community WHERE code = 'HBW-01'")" 1500 "$L HBW-01 changed"
	is "$(q "SELECT count(*) FROM community WHERE deleted = 0")" 2 "$L two communities: the bad row not written"

	# Facilities: line 2 and 3 new, line 4 bad (no such community).
	printf '%s\n' '社区代码,类别,名称,地址,建筑面积,容量,容量单位,状态' \
	    'HBW-01,托儿所,滨河托儿所,滨河路1号,160,40,托位,运营中' \
	    'HBW-01,便利店,华联便利店,滨河路2号,80,,,运营中' \
	    'HBW-0999,便利店,远方便利店,,,,,' >"$TEST_HOME/f.csv"
	keys Escape
	see_row 0 "$T_FACMENU" "$L back to the facility menu"
	keys 1
	see_row 0 "$T_LIST" "$L the facility list"
	open_import "$T_ASK" "$TEST_HOME/f.csv"
	see_row 0 "$T_FPREVIEW" "$L the facilities' preview opens"
	see "$T_FCOUNTS" "$L the counts: 2 new, 1 bad"
	see "$T_NOCOMM" "$L the bad row's reason"
	r=$(row_of "$T_NOCOMM")
	contains "$(row "$r" | tr -s ' ')" " 4 $T_BAD " "$L line 4 bad"
	keys Escape
	see "$T_NOTHING" "$L Esc declines"
	is "$(q "SELECT count(*) FROM facility")" 0 "$L no facility written"
	not_seen "华联便利店" "$L none in the list"
	open_import "$T_ASK" "$TEST_HOME/f.csv"
	see "$T_FCOUNTS" "$L the preview again"
	keys a y
	see "$T_WRITTEN_F" "$L a, y: written"
	see_row 0 "$T_LIST" "$L back to the list"
	see "滨河托儿所" "$L the new facilities are in the list"
	see "华联便利店" "$L both"
	is "$(q "SELECT count(*) FROM facility WHERE deleted = 0")" 2 "$L two facilities: the bad row not written"
	stop_app

	# The same inventory from an .xlsx workbook (written by the export) into a fresh database: two new rows.
	lc export facilities -o "$TEST_HOME/f.xlsx" >/dev/null || fail "$L export .xlsx"
	new_home_keep=$TEST_HOME
	flow_begin "$lang" 海北社区 HBW-01
	launch_app "$lang"
	keys 2 1
	see_row 0 "$T_LIST" "$L a fresh facility list"
	open_import "$T_ASK" "$new_home_keep/f.xlsx"
	see "$T_XCOUNTS" "$L the .xlsx: 2 new, none bad"
	keys a y
	see "$T_WRITTEN_F" "$L written"
	see "华联便利店" "$L in the list"
	is "$(q "SELECT count(*) FROM facility WHERE deleted = 0")" 2 "$L two facilities from the workbook"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
