#!/bin/bash
# chinese_input.sh - Chinese typed as an input method commits it (tmux send-keys -l, one UTF-8
# character at a time), including the rare characters of people's and places' names that lie outside
# the Basic Multilingual Plane (𬌗, 𠀀: four bytes in UTF-8) or in extension A (䶮), and full-width
# punctuation: typed into the proposal form, the community form and the facility form, saved with
# F2, stored byte for byte (read back with the sqlite3 tool) and shown in the list. In zh_CN.UTF-8
# (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8) T_PROPS="建议提案意见表"; T_NEW_PROP="新建建议提案"; T_ASK_FB="现在录入这条建议提案收回的征询意见表吗"
		T_FACMENU="设施台账"; T_COMMUNITIES="社区与小区"; T_NEW_COMM="新建社区"; T_FACLIST="设施台账"; T_NEW_FAC="新建设施" ;;
	*) T_PROPS="Proposals and feedback forms"; T_NEW_PROP="New proposal"; T_ASK_FB="Enter the returned feedback form"
		T_FACMENU="Facility inventory"; T_COMMUNITIES="Communities and estates"; T_NEW_COMM="New community"
		T_FACLIST="Facility inventory"; T_NEW_FAC="New facility" ;;
	esac
}

PROPOSER="王𬌗䶮"
TITLE="关于“𠀀”字（生僻字）录入的提案，请予办理。"
COMMUNITY="𬌗泉社区"
FACILITY="䶮𠀀托儿所（试点）"

flow() {
	local lang=$1
	flow_begin "$lang" 滨河社区 HBW-1
	launch_app "$lang"
	keys 3
	see_row 0 "$T_PROPS" "$L the proposal list"

	keys n
	see_row 0 "$T_NEW_PROP" "$L n: a new proposal"
	keys 2 Tab Tab
	type_text "$PROPOSER"
	keys Tab
	type_text 902
	keys Tab
	type_text "$TITLE"
	keys Tab Tab
	type_text 乌海市商务局
	see "$TITLE" "$L the title is shown as typed"
	keys F2
	see "$T_ASK_FB" "$L the proposal saves"
	is "$(q "SELECT proposer || '|' || title FROM proposal WHERE number = '902'")" "$PROPOSER|$TITLE" \
	    "$L proposer and title stored as typed, four-byte characters whole"
	is "$(q "SELECT hex(proposer) FROM proposal WHERE number = '902'")" "E78E8BF0AC8C97E4B6AE" "$L ... byte for byte"
	keys n
	see_row 0 "$T_PROPS" "$L back to the list"
	see "$PROPOSER" "$L the list shows the proposer"
	keys Escape

	keys 2 2
	see_row 0 "$T_COMMUNITIES" "$L the communities"
	keys n
	see_row 0 "$T_NEW_COMM" "$L n: a new community"
	type_text HBW-08
	keys Tab
	type_text "$COMMUNITY"
	keys F2
	see_row 0 "$T_COMMUNITIES" "$L the community saves"
	is "$(q "SELECT name FROM community WHERE code = 'HBW-08'")" "$COMMUNITY" "$L its name stored as typed"
	see "$COMMUNITY" "$L and listed"
	keys Escape
	see_row 0 "$T_FACMENU" "$L the facility menu"

	# HBW-08 is now the community worked on: the facility goes there.
	keys 1
	see_row 0 "$T_FACLIST" "$L the facility list"
	keys n
	see_row 0 "$T_NEW_FAC" "$L n: a new facility"
	keys Enter 3 Enter Tab
	type_text "$FACILITY"
	keys F2
	see_row 0 "$T_FACLIST" "$L the facility saves"
	is "$(q "SELECT f.name || '|' || c.code FROM facility f JOIN community c ON c.id = f.community")" "$FACILITY|HBW-08" \
	    "$L its name stored as typed, under the new community"
	see "$FACILITY" "$L and listed"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
