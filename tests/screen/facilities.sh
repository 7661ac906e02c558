#!/bin/bash
# facilities.sh - the facility screens (issue 13): main menu key 2 opens the facility inventory menu;
# a second community is entered on its form, an estate is added to the office's community, and
# facilities with Chinese names are entered on the facility form (a service station, a kindergarten
# asked for its classes, a barber asked for no capacity; a new estate added on the spot with F5),
# each read back with the sqlite3 tool; a 2-character Chinese search finds one; the status filter
# and the sort; delete asks (no is the default), d shows the deleted ones and u restores; a terminal
# closed mid-typing keeps the draft; the outlet list's chain share against 30% (outlets written with
# the sqlite3 tool); the gap report says what is met, below, missing, the indicator's value, and
# with a the summary across communities. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_FACMENU="设施台账"; T_COMMUNITIES="社区与小区"; T_NEW_COMMUNITY="新建社区"
		T_LIST="设施台账"; T_NEW_FAC="新建设施"; T_COMMUNITY_LINE="社区：HBW-01 海北社区"
		T_ESTATES="海北社区的小区"; T_ADD_ESTATE="添加小区"; T_NEW_ESTATE="新建小区"; T_ACTIONS_EST="小区"
		T_CAP_CLASSES="容量（班）"; T_CAPACITY="容量"; T_ESTATE_CHOSEN="小区已添加并选中"
		T_DELETE_Q="删除设施“阳光幼儿园”吗"; T_DELETED="（已删除）"; T_RESTORED_REC="记录已恢复"
		T_RESTORED="已恢复上次输入的内容"; T_FILTER_BY="筛选条件"; T_FILTER_ON="状态: 规划中"; T_SORT_NAME="排序：名称"
		T_OUTLETS="业态店铺清单"; T_SHARE="连锁化率：4 家店铺中连锁店 2 家（50%）；目标 ≥ 30%：达标"
		T_SHARE_LOW="连锁化率：5 家店铺中连锁店 1 家（20%）；目标 ≥ 30%：未达标"
		T_GAPS="短板分析"; T_GAP_HEAD="短板分析：HBW-01 海北社区（既有社区）"
		T_MET="达标"; T_BELOW="低于标准"; T_MISSING="缺失"; T_UNCHECKABLE="无法核查"
		T_KG_SHORT="幼儿园建筑面积 2000 ㎡，标准 ≥ 2200 ㎡：差 200 ㎡"
		T_AREA="每百户居民拥有社区综合服务设施面积：82 ㎡"; T_SUMMARY="全部社区汇总"
		T_COVERAGE="社区综合服务设施覆盖率：2 个社区中 1 个（50%）"
		T_PARCEL="未记录社区日均投递量"; T_CLASSES_6="容量：6"; T_NOT_NEGATIVE="不能小于 0。"
		T_WHICH="选择社区"; T_NO_RECORDS="暂无记录"
		T_NO_COMMUNITY="还没有社区"; T_COVERAGE_NONE="社区综合服务设施覆盖率：1 个社区中 0 个（0%）"
		T_ONE_HEAD="短板分析：HBW-07 凤凰岭社区"
		T_ITEM1="一个社区综合服务站"; T_BARBER_KIND="理发店"; T_STORE_KIND="便利店"; T_ITEM2="一个幼儿园"
		T_ITEM5="一个社区卫生服务站"; T_ITEM7="多个邮件和快件寄递服务设施"
		;;
	*)
		T_MAIN="Main menu"; T_FACMENU="Facility inventory"; T_COMMUNITIES="Communities and estates"
		T_NEW_COMMUNITY="New community"; T_LIST="Facility inventory"; T_NEW_FAC="New facility"
		T_COMMUNITY_LINE="Community: HBW-01 海北社区"
		T_ESTATES="Estates of HBW-01 海北社区"; T_ADD_ESTATE="Add an estate"; T_NEW_ESTATE="New estate"
		T_ACTIONS_EST="Estates (小区)"
		T_CAP_CLASSES="Capacity (classes)"; T_CAPACITY="Capacity"; T_ESTATE_CHOSEN="Estate added and chosen"
		T_DELETE_Q='Delete the facility "阳光幼儿园"'; T_DELETED="(deleted)"; T_RESTORED_REC="Record restored."
		T_RESTORED="Restored what you typed last time"; T_FILTER_BY="Filter by"; T_FILTER_ON="Status: planned"
		T_SORT_NAME="Sort: Name"
		T_OUTLETS="Outlet list"; T_SHARE="Chain share: 2 of 4 outlets are chain outlets (50%); target ≥ 30%: met"
		T_SHARE_LOW="Chain share: 1 of 5 outlets are chain outlets (20%); target ≥ 30%: not met"
		T_GAPS="Gap report"; T_GAP_HEAD="Gap report: HBW-01 海北社区 (existing community)"
		T_MET="met"; T_BELOW="below the standard"; T_MISSING="missing"; T_UNCHECKABLE="not checkable"
		T_KG_SHORT="floor area 2000 ㎡, standard ≥ 2200 ㎡: 200 ㎡ short"
		T_AREA="Comprehensive service facility area per 100 households: 82 ㎡"; T_SUMMARY="Summary of all communities"
		T_COVERAGE="Coverage of community service facilities: 1 of 2 communities (50%)"
		T_PARCEL="daily parcel volume"; T_CLASSES_6="Capacity: 6"
		T_NOT_NEGATIVE="Must be at least 0."; T_WHICH="Which community?"; T_NO_RECORDS="No records yet."
		T_NO_COMMUNITY="There is no community yet"; T_COVERAGE_NONE="Coverage of community service facilities: 0 of 1 communities (0%)"
		T_ONE_HEAD="Gap report: HBW-07 凤凰岭社区"
		T_ITEM1="one community service station"; T_BARBER_KIND="barber"; T_STORE_KIND="convenience store"
		T_ITEM2="one kindergarten"; T_ITEM5="one community health station"; T_ITEM7="mail and parcel delivery facilities"
		;;
	esac
}

q() {
	sqlite3 -separator '|' "$DB" "$1"
}

wait_q() {
	poll_is "$1" "$2" q "$3"
}

OWN="(SELECT value FROM settings WHERE key = 'community_id')"

# Outlets of the office's community written the way another tool would (sync fields by hand).
add_outlets() {
	sqlite3 "$DB" <<SQL
INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, business_type, name, status, chain)
SELECT printf('00000000-0000-0000-0000-%012d', n), 'test', '2026-01-01', '2026-01-01', '0', $OWN, bt, name, 'operating', chain
FROM (SELECT 1 AS n, 'convenience_store' AS bt, '好邻居便利店' AS name, 1 AS chain
 UNION ALL SELECT 2, 'convenience_store', '街角小卖部', 0
 UNION ALL SELECT 3, 'supermarket', '华联超市', 1
 UNION ALL SELECT 5, 'pharmacy', '大药房', 0
 UNION ALL SELECT 4, 'parcel_locker', '丰巢快递柜', 1);
SQL
}

facilities_flow() {
	local lang=$1 L="[$1${APP_TERM:+ TERM=$APP_TERM}]" r
	texts "$lang"
	new_home
	lc init --community 海北社区 --district 海勃湾区 --office-code HBW-01 --operator 张琦 --households 1000 >/dev/null ||
	    fail "$L init"
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 2
	see_row 0 "$T_FACMENU" "$L main menu key 2 opens the facility inventory menu"

	# A second community on its form.
	keys 2
	see_row 0 "$T_COMMUNITIES" "$L key 2 opens the communities"
	see "HBW-01" "$L the office's own community is listed"
	r=$(row_of "HBW-01")
	contains "$(row "$r")" "* HBW-01" "$L and marked as the one worked on"
	keys n
	see_row 0 "$T_NEW_COMMUNITY" "$L n opens a new community"
	type_text "HBW-02"
	keys Tab
	type_text "新城社区"
	keys Tab
	type_text "滨河街道"
	keys Tab
	type_text "海勃湾区"
	keys Tab
	type_text "800"
	keys Tab Tab Tab Tab 2 F2
	see_row 0 "$T_COMMUNITIES" "$L saved: back to the list"
	wait_q "HBW-02|新城社区|滨河街道|800|new|0" "$L the community is in the database as typed" \
	    "SELECT code, name, subdistrict, households, development, old_estate FROM community WHERE code = 'HBW-02'"
	see "新城社区" "$L and in the list"
	r=$(row_of "HBW-02")
	contains "$(row "$r")" "* HBW-02" "$L the new community becomes the one worked on"

	# An estate of the office's community: Enter on it, Estates, then add one.
	keys Home Enter
	see "$T_ACTIONS_EST" "$L Enter offers what to open"
	keys Down Enter
	see "$T_ESTATES" "$L the estates of HBW-01 (none yet)"
	see "$T_ADD_ESTATE" "$L with a row to add one"
	keys Enter
	see "$T_NEW_ESTATE" "$L which asks for the name"
	type_text "阳光小区"
	keys Enter
	see "阳光小区" "$L the estate is listed"
	wait_q "阳光小区" "$L and in the database under HBW-01" \
	    "SELECT e.name FROM estate e JOIN community c ON c.id = e.community WHERE c.code = 'HBW-01'"
	keys Escape
	see_line_with "HBW-01" "* HBW-01" "$L HBW-01 is the one worked on again"
	keys Escape
	see_row 0 "$T_FACMENU" "$L Esc back to the facility menu"

	# The facilities of HBW-01.
	keys 1
	see "$T_COMMUNITY_LINE" "$L key 1 opens the facilities of HBW-01"
	keys n
	see_row 0 "$T_NEW_FAC" "$L n opens a new facility"
	keys Enter 1 Enter
	see "$T_ITEM1" "$L the kind is picked by number from the list, named in the UI's language"
	keys Tab
	type_text "海北社区综合服务站"
	keys Tab Tab Tab Space Tab
	type_text "海北街1号"
	keys Tab
	type_text "820"
	keys F2
	see "$T_COMMUNITY_LINE" "$L saved: back to the list"
	wait_q "1|海北社区综合服务站|阳光小区|海北街1号|820.0|operating|HBW-01" "$L the service station is in the database" \
	    "SELECT f.std_item, f.name, e.name, f.address, f.floor_area, f.status, c.code FROM facility f
	     JOIN community c ON c.id = f.community LEFT JOIN estate e ON e.id = f.estate WHERE f.name = '海北社区综合服务站'"

	# A kindergarten is asked for its classes; a new estate on the spot with F5.
	keys n
	see_row 0 "$T_NEW_FAC" "$L another new facility"
	keys Enter 2 Enter
	see "$T_CAP_CLASSES" "$L a kindergarten is asked for its capacity in classes"
	keys Tab
	type_text "阳光幼儿园"
	keys Tab Tab Tab F5
	see "$T_NEW_ESTATE" "$L F5 asks for a new estate"
	type_text "新华小区"
	keys Enter
	see "$T_ESTATE_CHOSEN" "$L the estate is added and chosen"
	keys Tab Tab
	type_text "2000"
	keys Tab
	type_text "3600"
	keys Tab
	type_text "6"
	keys F2
	see "$T_COMMUNITY_LINE" "$L saved: back to the list"
	wait_q "2|阳光幼儿园|新华小区|2000.0|3600.0|6|classes" "$L the kindergarten is in the database, its unit filled in" \
	    "SELECT f.std_item, f.name, e.name, f.floor_area, f.land_area, f.capacity, f.capacity_unit FROM facility f
	     LEFT JOIN estate e ON e.id = f.estate WHERE f.name = '阳光幼儿园'"

	# A barber (business type 25) is asked for no capacity; planned.
	keys n
	see_row 0 "$T_NEW_FAC" "$L a third new facility"
	keys Enter 2 5 Enter
	see "$T_BARBER_KIND" "$L business types follow the 20 items in the kind list"
	gone "$T_CAPACITY" "$L a barber is not asked for a capacity"
	keys Tab
	type_text "老街理发"
	keys Tab 3 F2
	see "$T_COMMUNITY_LINE" "$L saved"
	wait_q "barber|老街理发|planned" "$L the barber is in the database, planned" \
	    "SELECT business_type, name, status FROM facility WHERE name = '老街理发'"
	see "阳光幼儿园" "$L the list shows the facilities"
	see "老街理发" "$L all three"

	# A 2-character Chinese search.
	keys /
	type_text "幼儿"
	keys Enter
	see "阳光幼儿园" "$L searching 幼儿 finds the kindergarten"
	gone "海北社区综合服务站" "$L and not the service station"
	keys Escape
	see "海北社区综合服务站" "$L Esc clears the search"
	# The status filter.
	keys f
	see "$T_FILTER_BY" "$L f asks which filter"
	keys 3 Enter
	keys 4 Enter
	see "$T_FILTER_ON" "$L the status filter is on"
	see "老街理发" "$L the planned barber is listed"
	gone "阳光幼儿园" "$L the operating kindergarten is not"
	keys f 4 Enter
	see "阳光幼儿园" "$L filters cleared"
	keys s
	see "$T_SORT_NAME" "$L s sorts by name"

	# Delete asks (no is the default), then d and u.
	keys /
	type_text "阳光幼儿园"
	keys Enter x
	see "$T_DELETE_Q" "$L x asks before deleting"
	keys Enter
	wait_q "0" "$L Enter answers no: still live" "SELECT deleted FROM facility WHERE name = '阳光幼儿园'"
	keys x y
	wait_q "1" "$L y deletes it (a tombstone)" "SELECT deleted FROM facility WHERE name = '阳光幼儿园'"
	keys Escape d
	see "$T_DELETED" "$L d shows the deleted facilities"
	see "阳光幼儿园" "$L the kindergarten among them"
	keys u
	see "$T_RESTORED_REC" "$L u restores it"
	wait_q "0" "$L it is live again" "SELECT deleted FROM facility WHERE name = '阳光幼儿园'"
	keys d
	# It was on screen in the deleted list already: first the deleted list must go.
	gone "$T_DELETED" "$L d leaves the deleted facilities"
	see "阳光幼儿园" "$L back in the live list"

	# A terminal closed mid-typing keeps the draft of a new facility.
	keys n
	see_row 0 "$T_NEW_FAC" "$L a new facility once more"
	keys Tab
	type_text "未完成的健康驿站"
	see "未完成的健康驿站" "$L typed, not saved"
	stop_app
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 2 1 n
	see "$T_RESTORED" "$L reopening the new facility restores the draft"
	see "未完成的健康驿站" "$L with the name being typed"
	keys Escape y
	see "$T_COMMUNITY_LINE" "$L discarded"
	keys Escape
	see_row 0 "$T_FACMENU" "$L back to the facility menu"

	# The outlet list: 2 chain outlets of 4 countable (the parcel locker does not count).
	add_outlets
	keys 3
	see_row 0 "$T_OUTLETS" "$L key 3 opens the outlet list"
	see "$T_SHARE" "$L chain share 2 of 4, 50%, meets 30%"
	r=$(row_of "$T_STORE_KIND")
	contains "$(row "$r")" "2" "$L two convenience stores"
	keys Escape
	sqlite3 "$DB" "UPDATE facility SET chain = 0 WHERE name = '华联超市'; UPDATE facility SET status = 'operating' WHERE name = '老街理发'"
	keys 3
	see "$T_SHARE_LOW" "$L one chain outlet of 5: 20%, below 30%"
	keys Escape

	# The gap report of HBW-01.
	keys 4
	see_row 0 "$T_GAPS" "$L key 4 opens the gap report"
	see "$T_GAP_HEAD" "$L it names the community"
	r=$(row_of "$T_ITEM1")
	contains "$(row "$r")" "✓ $T_MET" "$L item 1, the service station, is met"
	r=$(row_of "$T_ITEM2")
	contains "$(row "$r")" "! $T_BELOW" "$L item 2, the kindergarten, is below the standard"
	see "$T_KG_SHORT" "$L by 200 m² of floor area"
	r=$(row_of "$T_ITEM5")
	contains "$(row "$r")" "✗ $T_MISSING" "$L item 5, the health station, is missing"
	r=$(row_of "$T_ITEM7")
	contains "$(row "$r")" "? $T_UNCHECKABLE" "$L item 7, the parcel locker, cannot be checked"
	see "$T_PARCEL" "$L and the report says what data is missing"
	keys End
	see "$T_AREA" "$L the area per 100 households: 820 m² for 1000 households"
	keys a
	see "$T_SUMMARY" "$L a shows the summary across communities"
	see "$T_COVERAGE" "$L one of the two communities has a service facility"
	keys Escape
	see_row 0 "$T_FACMENU" "$L Esc back to the facility menu"

	# Enter shows a facility in full; e edits it: a negative area is refused at the field.
	keys 1
	see "$T_COMMUNITY_LINE" "$L the facilities again"
	keys /
	type_text "阳光幼儿园"
	keys Enter Enter
	see "新华小区" "$L Enter shows the facility in full, its estate by name"
	see "$T_CLASSES_6" "$L and its capacity with the unit"
	keys Escape e
	see_row 0 "阳光幼儿园" "$L e opens the kindergarten's form"
	keys Tab Tab Tab Tab Tab Tab C-u
	type_text "-5"
	keys F2
	see "$T_NOT_NEGATIVE" "$L a negative floor area is refused at the field"
	wait_q "2000.0" "$L and nothing is written" "SELECT floor_area FROM facility WHERE name = '阳光幼儿园'"
	keys C-u
	type_text "2300"
	keys F2
	see "$T_COMMUNITY_LINE" "$L saved: back to the list"
	wait_q "2300.0" "$L the new floor area is in the database" "SELECT floor_area FROM facility WHERE name = '阳光幼儿园'"
	# o: another community, with no facilities.
	keys Escape o
	see "$T_WHICH" "$L o asks which community"
	keys Down Enter
	see "HBW-02 新城社区" "$L HBW-02 is the community now"
	see "$T_NO_RECORDS" "$L it has none"
	keys Escape 4
	see_row 0 "$T_GAPS" "$L the gap report opens"
	see "HBW-02 新城社区" "$L for HBW-02, the community chosen"
	keys o Up Enter
	see_line_with "$T_ITEM2" "✓ $T_MET" "$L back on HBW-01, the edited kindergarten meets the standard"
	keys Escape
	see_row 0 "$T_FACMENU" "$L Esc back to the facility menu"

	# The office's own community edited on its form: the settings (the status line) follow.
	keys 2
	see_row 0 "$T_COMMUNITIES" "$L the communities again"
	keys Home e
	see_row 0 "HBW-01" "$L e opens the office's own community"
	keys Tab
	keys C-u
	type_text "海北新社区"
	keys F2
	wait_q "海北新社区|海北新社区" "$L the community and the office's settings both take the new name" \
	    "SELECT c.name, s.value FROM community c JOIN settings s ON s.key = 'community' WHERE c.code = 'HBW-01'"
	see "海北新社区 HBW-01" "$L the status line shows it"
	stop_app
}

# A district office: no community at first (the facility screens say so), one entered on its form,
# and the gap report opens on the summary across the file's communities.
district_flow() {
	local lang=$1 L="[$1${APP_TERM:+ TERM=$APP_TERM} district]"
	texts "$lang"
	new_home
	lc init --kind district --district 海勃湾区 --office-code HBW --operator 张琦 >/dev/null || fail "$L init"
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 2 1
	see "$T_NO_COMMUNITY" "$L the facilities say there is no community yet"
	keys Enter
	see_row 0 "$T_FACMENU" "$L and stay on the facility menu"
	keys 2 n
	see_row 0 "$T_NEW_COMMUNITY" "$L a new community"
	type_text "HBW-07"
	keys Tab
	type_text "凤凰岭社区"
	keys F2
	see "凤凰岭社区" "$L is listed"
	wait_q "HBW-07|凤凰岭社区|existing" "$L and in the database" "SELECT code, name, development FROM community"
	keys Escape 4
	see_row 0 "$T_GAPS" "$L the gap report opens"
	see_row 1 "$T_SUMMARY" "$L on the summary across the file's communities"
	see "$T_COVERAGE_NONE" "$L none of its 1 community has a service facility yet"
	keys a
	see "$T_ONE_HEAD" "$L a shows the one community"
	stop_app
}

facilities_flow zh_CN.UTF-8
APP_TERM=xterm-256color facilities_flow C.UTF-8
district_flow zh_CN.UTF-8
APP_TERM=xterm-256color district_flow C.UTF-8

done_testing
