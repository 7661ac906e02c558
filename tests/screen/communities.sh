#!/bin/bash
# communities.sh - deleting and restoring a community, renaming, deleting and restoring an estate, as
# a user does it on 设施台账 → 社区与小区: x on the office's own community is refused; x on one that a
# facility and a survey response still belong to is refused, saying how many; x on one without asks
# (Enter answers no), then deletes it (a tombstone, its estate kept); d shows it and u restores it.
# h lists a community's estates: Enter on one renames it (its survey response follows the new name,
# its facility keeps it by id) or deletes it (asking, naming the facility and the response that keep
# it; the facility's details show it as deleted); "Deleted estates…" restores it. Each step read back
# with the sqlite3 tool. In zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_FACMENU="设施台账"; T_COMMUNITIES="社区与小区"; T_LIST="设施台账"
		T_OWN="这是本办公室自己的社区，不能删除。"
		T_REFUSED="社区 HBW-02 新华社区 不能删除：还有 1 个设施和 1 份调查问卷属于该社区：请先删除或移走它们。"
		T_ASK="删除社区 HBW-03 凤凰岭社区 吗？它的 1 个小区随社区保留。"
		T_DELETED_REC="已删除。"; T_RESTORED_REC="记录已恢复。"; T_DELETED_MARK="（已删除）"
		T_ESTATES="新华社区的小区"; T_RENAME="改名…"; T_DELETE="删除…"; T_DELETED_ESTATES="已删除的小区…"
		T_RENAME_TITLE="小区改名"; T_RENAMED="小区已改名；1 份调查问卷随之改用新名称。"
		T_ASK_ESTATE="删除小区“新华花园”吗？有 1 个设施和 1 份调查问卷填写了该小区，它们会保留它（显示为已删除）。"
		T_ESTATE_DELETED="小区已删除。"; T_RESTORE_ESTATE="恢复小区“新华花园”吗？"; T_ESTATE_RESTORED="小区已恢复。"
		T_FAC_DELETED_ESTATE="新华花园（已删除）"; T_FACILITIES="设施清单"
		;;
	*)
		T_MAIN="Main menu"; T_FACMENU="Facility inventory"; T_COMMUNITIES="Communities and estates"
		T_LIST="Facility inventory"
		T_OWN="This is the office's own community: it cannot be deleted."
		T_REFUSED="The community HBW-02 新华社区 cannot be deleted: 1 facilities and 1 survey responses belong to it: delete or move them first."
		T_ASK="Delete the community HBW-03 凤凰岭社区? Its 1 estates are kept with it."
		T_DELETED_REC="Deleted."; T_RESTORED_REC="Record restored."; T_DELETED_MARK="(deleted)"
		T_ESTATES="Estates of HBW-02 新华社区"; T_RENAME="Rename…"; T_DELETE="Delete…"
		T_DELETED_ESTATES="Deleted estates…"
		T_RENAME_TITLE="Rename the estate"; T_RENAMED="Estate renamed; 1 survey responses name it so now."
		T_ASK_ESTATE='Delete the estate "新华花园"? 1 facilities and 1 survey responses name it; they keep it (shown as deleted).'
		T_ESTATE_DELETED="Estate deleted."; T_RESTORE_ESTATE='Restore the estate "新华花园"?'
		T_ESTATE_RESTORED="Estate restored."; T_FAC_DELETED_ESTATE="新华花园 (deleted)"; T_FACILITIES="Facilities"
		;;
	esac
}

wait_q() {
	poll_is "$1" "$2" q "$3"
}

# A response of community CODE naming estate NAME, written the way another tool would.
add_response() {
	q "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, template, template_version, community,
	    estate, surveyed_on) SELECT '$3', 'test', '2026-01-01', '2026-01-01', '0', 'needs', '1', id, '$2', '2026-01-01'
	    FROM community WHERE code = '$1'"
}

flow() {
	local r
	flow_begin "$1" 海北社区 HBW-01
	printf '%s\n' 'code,name,subdistrict,district' 'HBW-02,新华社区,新华街道,海勃湾区' 'HBW-03,凤凰岭社区,凤凰岭街道,海勃湾区' \
	    >"$TEST_HOME/c.csv"
	lc import communities "$TEST_HOME/c.csv" >/dev/null || fail "$L two communities"
	printf '%s\n' '社区代码,类别,名称,小区' 'HBW-02,理发店,新华理发店,新华小区' 'HBW-03,理发店,凤凰理发店,凤凰小区' >"$TEST_HOME/f.csv"
	lc import facilities "$TEST_HOME/f.csv" >/dev/null || fail "$L a facility in each, with its estate"
	# HBW-03's facility and response are deleted already: only its estate is left to point at it.
	q "UPDATE facility SET deleted = 1, base = hlc WHERE name = '凤凰理发店'"
	add_response HBW-02 新华小区 00000000-0000-0000-0000-000000000001
	add_response HBW-03 凤凰小区 00000000-0000-0000-0000-000000000002
	q "UPDATE survey_response SET deleted = 1 WHERE community = (SELECT id FROM community WHERE code = 'HBW-03')"

	launch_app "$1"
	wait_row 0 "$T_MAIN"
	keys 2
	see_row 0 "$T_FACMENU" "$L the facility menu"
	keys 2
	see_row 0 "$T_COMMUNITIES" "$L the communities"
	see "凤凰岭社区" "$L all three listed"

	# The office's own community.
	r=$(row_of "HBW-01")
	keys Home x
	see_flat "$T_OWN" "$L x on the office's own community: refused, saying why"
	keys Enter
	is "$(q "SELECT deleted FROM community WHERE code = 'HBW-01'")" 0 "$L it is live"

	# One a facility and a response still belong to.
	keys Down x
	see_flat "$T_REFUSED" "$L x on HBW-02: refused, naming 1 facility and 1 survey response"
	keys Enter
	is "$(q "SELECT deleted FROM community WHERE code = 'HBW-02'")" 0 "$L it is live"

	# One with only its estate: asked, no first, then yes.
	keys Down x
	see_flat "$T_ASK" "$L x on HBW-03 asks, naming the estate kept with it"
	keys Enter
	sync_app
	is "$(q "SELECT deleted FROM community WHERE code = 'HBW-03'")" 0 "$L Enter answers no: still live"
	keys x
	see_flat "$T_ASK" "$L x asks again"
	keys y
	see "$T_DELETED_REC" "$L y deletes it"
	wait_q "1|0" "$L a tombstone as a new version, its estate kept" \
	    "SELECT c.deleted, e.deleted FROM community c JOIN estate e ON e.community = c.id WHERE c.code = 'HBW-03' AND c.base <> ''"
	gone "凤凰岭社区" "$L it leaves the list"
	keys d
	see "凤凰岭社区" "$L d shows the deleted community"
	keys u
	see "$T_RESTORED_REC" "$L u restores it"
	wait_q "0" "$L it is live again" "SELECT deleted FROM community WHERE code = 'HBW-03'"
	keys d
	see "凤凰岭社区" "$L back on the live list"

	# HBW-02's estate: renamed.
	keys Home Down h
	see "$T_ESTATES" "$L h lists HBW-02's estates"
	see "新华小区" "$L with its estate"
	see "$T_DELETED_ESTATES" "$L and a row for the deleted ones"
	keys Home Enter
	see "$T_RENAME" "$L Enter on the estate offers to rename it"
	keys Enter
	see "$T_RENAME_TITLE" "$L Rename asks for the new name"
	keys BSpace BSpace
	type_text "花园"
	keys Enter
	see "$T_RENAMED" "$L renamed: the survey response follows"
	see "新华花园" "$L the list shows the new name"
	wait_q "新华花园|新华花园|新华理发店" "$L in the database: the estate, the response's estate and the facility's (by id)" \
	    "SELECT e.name, r.estate, f.name FROM estate e JOIN facility f ON f.estate = e.id
	     JOIN survey_response r ON r.community = e.community WHERE e.name = '新华花园' AND r.base <> ''"

	# Deleted, asking and naming what keeps it.
	keys Home Enter
	see "$T_DELETE" "$L Enter offers to delete it"
	keys Down Enter
	see_flat "$T_ASK_ESTATE" "$L delete asks, naming the facility and the response that keep it"
	keys y
	see "$T_ESTATE_DELETED" "$L deleted"
	wait_q "1" "$L a tombstone in the database" "SELECT deleted FROM estate WHERE name = '新华花园'"
	is "$(q "SELECT count(*) FROM facility f JOIN estate e ON e.id = f.estate WHERE e.name = '新华花园' AND f.deleted = 0")" 1 \
	    "$L the facility still names it"
	keys Escape
	see_row 0 "$T_COMMUNITIES" "$L Esc closes the estates"

	# The facility's details show it as deleted.
	keys Enter
	see "$T_FACILITIES" "$L Enter on HBW-02 offers what to open"
	keys Home Enter
	see_row 0 "$T_LIST" "$L its facilities"
	see "新华理发店" "$L with the barber"
	keys Enter
	see "$T_FAC_DELETED_ESTATE" "$L the barber's details name its estate, marked deleted"
	keys Enter Escape
	see_row 0 "$T_COMMUNITIES" "$L back to the communities"

	# Restored from the deleted estates.
	keys h
	see "$T_DELETED_ESTATES" "$L the estates again"
	not_seen "新华花园" "$L the deleted estate is not among the live ones"
	keys End Enter
	see "新华花园" "$L the deleted estates list it"
	keys Enter
	see "$T_RESTORE_ESTATE" "$L Enter asks to restore it"
	keys y
	see "$T_ESTATE_RESTORED" "$L restored"
	wait_q "0" "$L live in the database" "SELECT deleted FROM estate WHERE name = '新华花园'"
	keys Escape
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
