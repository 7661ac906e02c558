#!/bin/bash
# first_start.sh - a new database opens on the welcome form; Chinese typed as an input method
# commits it; a bad office code is shown under its field; F2 saves and the main menu shows the
# office in the status bar; what was typed survives a closed terminal (the field being typed
# included); Esc asks before quitting. The kind of office is asked first: choosing it hides and
# shows the fields (a community office: community, subdistrict, district, households, residents;
# subdistrict: subdistrict and district; district: the district; handling unit: its name), a
# handling unit is saved without community or district, and the status bar names each by its kind.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

# Texts the screens show, per language (the Chinese from po/zh_CN.po).
texts() {
	case $1 in
	zh_CN.UTF-8)
		T_TITLE="欢迎使用：设置本单位信息"
		T_WELCOME="开始录入之前，请先填写本单位的信息"
		T_MENU="居民需求调查"
		T_CODE_ERR="由 2 至 16 个字母、数字、- 或 _ 组成"
		T_ATTENTION="有几项需要修改"
		T_REQUIRED="此项为必填项"
		T_SAVED="已保存"
		T_RESTORED="已恢复上次输入的内容"
		T_QUIT_Q="要退出吗"
		T_YES="是(y)"
		T_KIND="单位类型"; L_COMMUNITY="社区"; L_SUBDISTRICT="街道"; L_DISTRICT="区"; L_UNIT="单位名称"
		L_HOUSEHOLDS="户数"; L_RESIDENTS="常住人口"; L_CODE="单位编码"; L_OPERATOR="录入员"
		K_UNIT="承办单位"; K_DISTRICT="区级单位"; K_SUBDISTRICT="街道办事处"
		T_SUB_REQ="请填写街道"
		T_ADD_OP="添加录入员…"
		T_NEW_NAME="新录入员的姓名"
		;;
	*)
		T_TITLE="Welcome: set up this office"
		T_WELCOME="Before records can be entered, tell lifecircle which office this is."
		T_MENU="Resident needs surveys"
		T_CODE_ERR="2 to 16 letters, digits, - or _"
		T_ATTENTION="Some fields need attention"
		T_REQUIRED="This field is required."
		T_SAVED="Saved."
		T_RESTORED="Restored what you typed last time"
		T_QUIT_Q="Quit?"
		T_YES="Yes (y)"
		T_KIND="Office kind"; L_COMMUNITY="Community"; L_SUBDISTRICT="Subdistrict"; L_DISTRICT="District"
		L_UNIT="Unit name"; L_HOUSEHOLDS="Households"; L_RESIDENTS="Residents"; L_CODE="Office code"; L_OPERATOR="Operator"
		K_UNIT="Handling unit"; K_DISTRICT="District office"; K_SUBDISTRICT="Subdistrict office"
		T_SUB_REQ="The subdistrict is required."
		T_ADD_OP="Add an operator…"
		T_NEW_NAME="The new operator's name"
		;;
	esac
}

STATUS_ROW=28   # LINES-2 at 100x30
HINT_ROW=29

setup_flow() {
	local lang=$1 L="[$1]" r
	texts "$lang"
	start_app "$lang"
	see_row 0 "$T_TITLE" "$L a new database opens on the welcome form (title)"
	see "$T_WELCOME" "$L the welcome text is shown"
	not_seen "$T_MENU" "$L the main menu is not shown before the office is set"

	keys F2
	see_row "$HINT_ROW" "$T_ATTENTION" "$L F2 on the empty form says fields need attention"
	see "$T_REQUIRED" "$L the required-field message is shown"
	not_seen "$T_MENU" "$L nothing was saved: still on the welcome form"
	# The error moved the focus to the community field; the message goes when a key is pressed.

	type_text "滨河社区"
	see "滨河社区" "$L Chinese typed as UTF-8 (an input method's commit) appears in the field"
	cursor_after "滨河社区" "$L the cursor is just after the typed Chinese (2 columns each)"
	keys Tab
	type_text "凤凰岭街道"
	see "凤凰岭街道" "$L the subdistrict is typed"
	keys Tab
	type_text "海勃湾区"
	see "海勃湾区" "$L the district is typed"
	keys Tab
	type_text "HBW 01"
	see "HBW 01" "$L an office code with a space is typed"
	keys Tab
	see "$T_CODE_ERR" "$L leaving the bad office code shows its error"
	r=$(row_of "HBW 01")
	see_row $((r + 1)) "$T_CODE_ERR" "$L the error is on the row under the office code field"
	keys BTab
	cursor_after "HBW 01" "$L Shift-Tab goes back to the office code, cursor at its end"
	keys BSpace BSpace BSpace
	type_text "-01"
	see "HBW-01" "$L the office code is corrected"
	keys Tab
	gone "$T_CODE_ERR" "$L the error goes once the code is valid"
	type_text "张琦"
	see "张琦" "$L the operator is typed"
	keys F2
	see "$T_MENU" "$L F2 saves and the main menu appears"
	gone "$T_TITLE" "$L the welcome form is gone"
	see_row "$STATUS_ROW" "滨河社区" "$L the status bar shows the community"
	see_row "$STATUS_ROW" "张琦" "$L the status bar shows the operator"
	see_row "$STATUS_ROW" "HBW-01" "$L the status bar shows the office code"
	see_row "$HINT_ROW" "$T_SAVED" "$L the bottom line says it was saved"
	stop_app
	is "$(info_field Community)" "滨河社区" "$L info: community saved"
	is "$(info_field Subdistrict)" "凤凰岭街道" "$L info: subdistrict saved"
	is "$(info_field District)" "海勃湾区" "$L info: district saved"
	is "$(info_field 'Office code')" "HBW-01" "$L info: office code saved"
	is "$(info_field Operator)" "张琦" "$L info: operator saved"

	# A second start goes straight to the main menu, without the restored-draft flash.
	launch_app "$lang"
	see "$T_MENU" "$L the next start opens the main menu"
	not_seen "$T_TITLE" "$L no welcome form once the office is set"
	not_seen "$T_RESTORED" "$L no restored-draft message after a save (the draft was cleared)"
}

# Type two fields and part of a third; $1 ends the program (a closed terminal or a kill).
draft_flow() {
	local lang=$1 how=$2 L="[$1, $2]"
	texts "$lang"
	start_app "$lang"
	see_row 0 "$T_TITLE" "$L the welcome form is shown"
	keys Tab   # from the office kind (a community office) to the community
	type_text "幸福里社区"
	keys Tab
	type_text "新华街道"
	keys Tab
	type_text "乌达"
	see "乌达" "$L two fields typed and a third begun"
	if [ "$how" = hangup ]; then
		stop_app   # tmux kill-server: the program gets SIGHUP
	else
		kill -KILL "$APP_PID"
		wait_exit
		stop_app
	fi
	launch_app "$lang"
	see_row 0 "$T_TITLE" "$L the restart opens the welcome form again"
	see_row "$HINT_ROW" "$T_RESTORED" "$L the restart says what was typed was restored"
	see "幸福里社区" "$L the first field is restored"
	see "新华街道" "$L the second field is restored"
	if [ "$how" = hangup ]; then
		# A closed terminal sends SIGHUP: the field being typed is saved too, not only those left.
		see "乌达" "$L the field being typed when the terminal closed is restored"
	fi
	is "$(info_field Community)" "" "$L nothing was saved as the office yet"
}

quit_flow() {
	local lang=$1 L="[$1]"
	texts "$lang"
	# Continues on the database left by draft_flow: the form holds the restored draft.
	launch_app "$lang"
	see "幸福里社区" "$L the draft is on the form"
	keys Escape
	see "$T_QUIT_Q" "$L Esc on the welcome form asks whether to quit"
	see "$T_YES" "$L the question offers yes (y)"
	keys n
	gone "$T_QUIT_Q" "$L n answers no: the question goes"
	see_row 0 "$T_TITLE" "$L n keeps the welcome form"
	keys Tab   # the focus is on the first field, the kind
	keys End
	type_text "一号"
	see "幸福里社区一号" "$L typing goes on in the same field after n"
	app_alive
	ok $? "$L the program is still running after n"
	keys Escape
	see "$T_QUIT_Q" "$L Esc asks again"
	keys y
	if wait_exit; then pass "$L y quits the program"; else fail "$L y quits the program"; show_screen; fi
	is "$(exit_status)" 0 "$L quitting from the welcome form exits with status 0"
	launch_app "$lang"
	see_row "$HINT_ROW" "$T_RESTORED" "$L what was typed is kept for next time after quitting"
	see "幸福里社区一号" "$L the field typed before quitting is restored"
}

# shown LABEL: the form has a field row labelled LABEL (the label at column 2, then the required
# mark or a space before the value, or nothing).
shown() {
	screen | grep -qE "^  $1( \*)?( .*)?\$"
}

# fields DESC LABEL...: exactly these of the kind-dependent fields are on the form (polled).
fields() {
	local desc=$1 want got l n=$((LC_WAIT * 20))
	shift
	want="$*"
	while :; do
		got=
		for l in "$L_UNIT" "$L_COMMUNITY" "$L_SUBDISTRICT" "$L_DISTRICT" "$L_HOUSEHOLDS" "$L_RESIDENTS"; do
			shown "$l" && got="${got:+$got }$l"
		done
		[ "$got" = "$want" ] && break
		[ "$n" -le 0 ] && break
		sleep 0.05
		n=$((n - 1))
	done
	is "$got" "$want" "$desc" || show_screen
}

# Choosing the kind hides and shows the fields; office code and operator stay for every kind.
kind_flow() {
	local lang=$1 L="[$1]"
	texts "$lang"
	start_app "$lang"
	see_row 0 "$T_TITLE" "$L the welcome form"
	r=$(row_of "$T_KIND")
	is "$r" 5 "$L the kind is asked first (the first field, under the welcome text)"
	see "(*) $( [ "$lang" = C.UTF-8 ] && echo 'Community office' || echo '社区')" "$L a new office is a community office until chosen"
	fields "$L a community office: community, subdistrict, district, households, residents" \
	    "$L_COMMUNITY" "$L_SUBDISTRICT" "$L_DISTRICT" "$L_HOUSEHOLDS" "$L_RESIDENTS"
	keys 4
	see "(*) $K_UNIT" "$L 4 chooses a handling unit"
	fields "$L a handling unit: its name only" "$L_UNIT"
	shown "$L_CODE" && shown "$L_OPERATOR"
	ok $? "$L the office code and operator stay"
	keys 3
	see "(*) $K_DISTRICT" "$L 3 chooses a district office"
	fields "$L a district office: the district only" "$L_DISTRICT"
	keys Left Space
	see "(*) $K_SUBDISTRICT" "$L Left and Space choose a subdistrict office"
	fields "$L a subdistrict office: subdistrict and district" "$L_SUBDISTRICT" "$L_DISTRICT"
	# Saved as a subdistrict office without its subdistrict: refused on that field.
	keys Tab Tab
	type_text "海勃湾区"
	keys Tab
	type_text "HBW-JD"
	keys Tab
	type_text "李娜"
	keys F2
	see "$T_SUB_REQ" "$L a subdistrict office without its subdistrict is refused"
	not_seen "$T_MENU" "$L nothing saved"
	type_text "凤凰岭街道"
	keys F2
	see "$T_MENU" "$L a subdistrict office with subdistrict and district is saved"
	see_row "$STATUS_ROW" " 凤凰岭街道 HBW-JD" "$L the status bar names the office by its subdistrict"
	stop_app
	is "$(info_field 'Office kind')" subdistrict "$L info: the kind is subdistrict"
	is "$(info_field Community)" "" "$L info: no community"
	is "$(info_field District)" "海勃湾区" "$L info: the district"
	is "$(sqlite3 "$DB" 'SELECT count(*) FROM community')" 0 "$L a subdistrict office keeps no community record"
}

# A handling unit is saved without community or district; the status bar shows the unit.
unit_flow() {
	local lang=$1 L="[$1]"
	texts "$lang"
	start_app "$lang"
	see_row 0 "$T_TITLE" "$L the welcome form"
	keys 4 Tab
	keys F2
	wait_for "$T_REQUIRED"	# the form laid out for a unit and the message under its field
	r=$(row_of "$L_UNIT *")
	see_row $((r + 1)) "$T_REQUIRED" "$L a handling unit without its name is refused under that field"
	type_text "乌海市商务局"
	keys Tab
	type_text "WH-SWJ"
	keys Tab
	# F3 on the welcome form: the office has no operators yet; the first entry adds one, who is
	# then the form's operator.
	keys F3
	see "$T_ADD_OP" "$L F3 on the welcome form offers to add an operator"
	keys Enter
	see "$T_NEW_NAME" "$L Enter on it asks for the name"
	type_text "王芳"
	keys Enter
	gone "$T_NEW_NAME" "$L the name is entered"
	see_row "$(row_of "$L_OPERATOR *")" "王芳" "$L the operator added with F3 is the form's operator"
	keys F2
	see "$T_MENU" "$L a handling unit is saved without community or district"
	see_row "$STATUS_ROW" " 乌海市商务局 WH-SWJ" "$L the status bar names the office by its unit"
	see_row "$STATUS_ROW" "王芳" "$L and the operator"
	# Settings shows the unit's fields, not a community's; the focus is on the unit's name.
	keys 6
	see_row 0 "$( [ "$lang" = C.UTF-8 ] && echo Settings || echo 设置)" "$L Settings opens"
	fields "$L Settings for a handling unit: its name only" "$L_UNIT"
	cursor_after "乌海市商务局" "$L Settings opens on the unit's name"
	keys Escape
	stop_app
	is "$(info_field 'Office kind')" handling_unit "$L info: the kind is handling_unit"
	is "$(info_field Unit)" "乌海市商务局" "$L info: the unit's name"
	is "$(info_field Community)" "" "$L info: no community"
	is "$(info_field District)" "" "$L info: no district"
	is "$(sqlite3 "$DB" 'SELECT count(*) FROM community')" 0 "$L a handling unit keeps no community record"
	is "$(lc init --district 海勃湾区 2>&1 >/dev/null)" \
	    "lifecircle init: --district does not apply to this kind of office (Handling unit): leave it out, or give --kind." \
	    "$L init refuses a district for a handling unit, saying why"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	kind_flow "$lang"
	unit_flow "$lang"
	setup_flow "$lang"
	draft_flow "$lang" hangup
	quit_flow "$lang"
	draft_flow "$lang" kill
done

done_testing
