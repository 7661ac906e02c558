#!/bin/bash
# kind_names.sh - standard items and business types by the UI's language (data/*.tsv name_en, issue 13):
# in C.UTF-8 the facility inventory's kind column, its kind filter, the facility form's kind list, the
# gap report and `report gaps` name them in English; in zh_CN.UTF-8 in Chinese, as before. Sorting by
# kind keeps one order in both languages (the standard item's number, then the business type's code:
# what the index holds). Facilities come in through `lifecircle import facilities` with Chinese kinds.
# In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_FACMENU="设施台账"; T_LIST="社区：HBW-01 海北社区"; T_GAPS="短板分析"
		T_NURSERY="3. 一个托儿所"; T_BARBER="理发店"; T_LOCKER="智能快递箱"; T_OTHER_NURSERY="one nursery"
		T_OTHER_BARBER="barber"; T_FILTER_BY="筛选条件"; T_KIND_FILTER="设施类别"; T_BELOW="! 低于标准"
		T_GAP_NURSERY="一个托儿所"; T_GAP_DETAIL="托儿所建筑面积 160 ㎡"; T_ALL="（全部）"
		;;
	*)
		T_MAIN="Main menu"; T_FACMENU="Facility inventory"; T_LIST="Community: HBW-01 海北社区"; T_GAPS="Gap report"
		T_NURSERY="3. one nursery"; T_BARBER="barber"; T_LOCKER="parcel locker"; T_OTHER_NURSERY="一个托儿所"
		T_OTHER_BARBER="理发店"; T_FILTER_BY="Filter by"; T_KIND_FILTER="Facility kind"; T_BELOW="! below the standard"
		T_GAP_NURSERY="one nursery"; T_GAP_DETAIL="floor area 160 ㎡"; T_ALL="(all)"
		;;
	esac
}

flow() {
	local r1 r2 r3 out
	flow_begin "$1" 海北社区 HBW-01
	printf '%s\n' '社区代码,类别,名称,建筑面积,状态' 'HBW-01,一个托儿所,小太阳托儿所,160,运营中' \
	    'HBW-01,理发店,老街理发,,运营中' 'HBW-01,智能快递箱,丰巢快递柜,,运营中' >"$TEST_HOME/f.csv"
	lc import facilities "$TEST_HOME/f.csv" >/dev/null || fail "$L three facilities imported"

	launch_app "$1"
	wait_row 0 "$T_MAIN"
	keys 2
	see_row 0 "$T_FACMENU" "$L the facility menu"
	keys 1
	see "$T_LIST" "$L the inventory of the office's community"
	see_line_with "小太阳托儿所" "$T_NURSERY" "$L the nursery's kind column: $T_NURSERY"
	see_line_with "老街理发" "$T_BARBER" "$L the barber's kind column: $T_BARBER"
	see_line_with "丰巢快递柜" "$T_LOCKER" "$L the parcel locker's kind column: $T_LOCKER"
	not_seen "$T_OTHER_NURSERY" "$L the nursery is not named in the other language"
	# Sorted by kind (the list's first sort): item 3, then the business types by code (barber, parcel_locker).
	r1=$(row_of "小太阳托儿所"); r2=$(row_of "老街理发"); r3=$(row_of "丰巢快递柜")
	ok "$([ -n "$r1" ] && [ -n "$r2" ] && [ -n "$r3" ] && [ "$r1" -lt "$r2" ] && [ "$r2" -lt "$r3" ] && echo 0 || echo 1)" \
	    "$L sorted by kind: the nursery, the barber, the parcel locker (rows $r1 $r2 $r3)"
	# The kind filter lists the kinds by the same names.
	keys f
	see "$T_FILTER_BY" "$L f asks which filter"
	keys Down Enter
	see "$T_ALL" "$L the kind filter's list opens"
	see "$T_NURSERY" "$L ... naming item 3 as $T_NURSERY"
	keys Escape
	gone "$T_ALL" "$L Esc closes the list"
	see "$T_LIST" "$L back on the inventory"
	keys Escape
	see_row 0 "$T_FACMENU" "$L back to the facility menu"

	# The gap report names the items in the same language.
	keys 4
	see_row 0 "$T_GAPS" "$L key 4 opens the gap report"
	see_line_with "$T_GAP_NURSERY" "$T_BELOW" "$L item 3 is $T_GAP_NURSERY, below the standard"
	see "$T_GAP_DETAIL" "$L ... its floor area named in the same language"
	not_seen "$T_OTHER_NURSERY" "$L no item named in the other language"
	stop_app

	out=$(lc_lang "$1" report gaps)
	contains "$(printf '%s\n' "$out" | grep '^  3 ')" "$T_GAP_NURSERY" "$L report gaps: item 3 is $T_GAP_NURSERY"
	lacks "$out" "$T_OTHER_NURSERY" "$L report gaps: not in the other language"
	out=$(lc_lang "$1" report outlets)
	contains "$out" "$T_BARBER" "$L report outlets names the barber $T_BARBER"
	lacks "$out" "$T_OTHER_BARBER" "$L ... and not in the other language"
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
