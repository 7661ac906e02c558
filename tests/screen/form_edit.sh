#!/bin/bash
# form_edit.sh - editing a text field of the Settings form: a long Chinese text scrolls sideways
# without broken characters and keeps the cursor in view; Home/End; Left, Backspace and Delete in
# the middle of Chinese text change the right character (checked by saving and reading `info`);
# the field's limit; Esc with changes asks before discarding (n keeps editing, y discards).
. "$(dirname "$0")/lib.sh"

require_zh_locale

# 43 characters, 86 columns: more than the 60-column box.
FULL="内蒙古自治区乌海市海勃湾区凤凰岭街道滨河社区居民委员会第一网格服务站便民服务中心办公室"
OLD="滨河社区"

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_SETTINGS="设置"; T_DISCARD="放弃修改"; T_YES="是(y)"; T_NO="否(n)"
		T_SAVED="已保存"; T_FULL="此项已达到字数上限"; T_RESTORED="已恢复上次输入的内容"
		;;
	*)
		T_MAIN="Main menu"; T_SETTINGS="Settings"; T_DISCARD="Discard changes?"; T_YES="Yes (y)"; T_NO="No (n)"
		T_SAVED="Saved."; T_FULL="The field is full."; T_RESTORED="Restored what you typed last time"
		;;
	esac
}

HINT_ROW=29
STATUS_ROW=28

# The text shown in the box on row $1: what follows the "<" marker when scrolled, else what
# follows column BOX_X; without the ">" marker and trailing blanks.
box_text() {
	local line
	line=$(row "$1")
	case "$line" in
	*"<"*) line=${line#*<} ;;
	*) line=$(from_col "$BOX_X" "$line") ;;
	esac
	line=${line%">"}
	line="${line%"${line##*[! ]}"}"
	printf '%s' "$line"
}

open_settings() {
	see_row 0 "$T_MAIN" "$L on the main menu"
	keys 6
	see_row 0 "$T_SETTINGS" "$L key 6 opens Settings"
}

edit_flow() {
	local lang=$1 L="[$1]" r vis k want pos
	texts "$lang"
	new_home
	lc init --community "$OLD" --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	launch_app "$lang"
	open_settings
	see "$OLD" "$L the community field shows the saved value"
	read -r _ r <<<"$(cursor)"
	cursor_after "$OLD" "$L the community field has the focus, cursor at its end"
	BOX_X=$(cols "$(row "$r" | sed "s/$OLD.*//")")   # where the box starts

	# A long text scrolls: the end and the cursor stay in view.
	keys C-u
	wait_gone "$OLD" 1   # (the hint under the form may show it too)
	is "$(box_text "$r")" "" "$L Ctrl-U empties the field"
	type_text "$FULL"
	see "办公室" "$L the end of the long text is visible while typing"
	vis=$(box_text "$r")
	case "$vis" in *"<"*|"") vis="(bad: $vis)" ;; esac
	see_row "$r" "<" "$L the '<' marker says text is hidden on the left"
	[[ "$FULL" == *"$vis" ]] && [ "${#vis}" -ge 25 ]
	ok $? "$L the visible part is the end of the text, whole characters only" "visible: '$vis'" "row: '$(row "$r")'"
	lacks "$(row "$r")" "内蒙古" "$L the beginning is scrolled out of view"
	lacks "$(row "$r")" "�" "$L no replacement characters on the row"
	cursor_after "$vis" "$L the cursor is just after the last character"

	# Home shows the beginning.
	keys Home
	see "内蒙古自治区" "$L Home shows the beginning"
	is "$(cols "$(row "$r" | sed 's/内蒙古自治区.*//')")" "$BOX_X" "$L the text starts at the box's first column"
	vis=$(box_text "$r")
	[[ "$FULL" == "$vis"* ]] && [ "${#vis}" -ge 25 ]
	ok $? "$L the visible part is the start of the text, whole characters only" "visible: '$vis'"
	lacks "$(row "$r")" "<" "$L no '<' marker at the beginning"
	see_row "$r" ">" "$L the '>' marker says more text follows"
	cursor_is "$BOX_X" "$r" "$L Home puts the cursor at the start of the box"
	# End again, then back into the middle with Left: the view follows the cursor, which ends up
	# on the first column of the box, on character pos (凤).
	keys End
	see "办公室" "$L End shows the end again"
	pos=$((${#FULL} - 30))
	for ((k = 0; k < 30; k++)); do keys Left; done
	wait_for "<${FULL:pos:5}"
	vis=$(box_text "$r")
	[[ "$vis" == "${FULL:pos}"* ]] && [ "${#vis}" -ge 25 ]
	ok $? "$L Left scrolls the view back: it starts at the cursor's character ${FULL:pos:1}" "visible: '$vis'"
	cursor_is "$BOX_X" "$r" "$L the cursor is on the first column of the box"
	keys BSpace
	wait_for "<${FULL:pos:5}"
	cursor_is "$BOX_X" "$r" "$L Backspace removed the hidden character before the cursor; the view still starts at ${FULL:pos:1}"
	keys DC
	see "<${FULL:pos+1:5}" "$L Delete removes ${FULL:pos:1}, the character under the cursor"
	type_text "甲"
	see "<甲${FULL:pos+1:5}" "$L typing inserts at the cursor"
	cursor_is "$((BOX_X + 2))" "$r" "$L the cursor moved past the inserted character"
	want="${FULL:0:pos-1}甲${FULL:pos+1}"
	keys F2
	see_row 0 "$T_MAIN" "$L F2 saves and returns to the main menu"
	see_row "$HINT_ROW" "$T_SAVED" "$L the bottom line says saved"
	is "$(info_field Community)" "$want" "$L info shows the edited long text"
	see_row "$STATUS_ROW" "内蒙古自治区" "$L the status bar shows the new community"

	# A short text: Left, Backspace, Delete, insert, then Ctrl-S saves.
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings again"
	keys C-u
	type_text "滨河社区居委会"
	see "滨河社区居委会" "$L a shorter text is typed"
	keys Left Left Left
	wait_for "滨河社区居委会"
	cursor_after "滨河社区" "$L three Left keys put the cursor after 滨河社区"
	keys BSpace
	see "滨河社居委会" "$L Backspace removes 区"
	cursor_after "滨河社" "$L the cursor moved left with it"
	keys DC
	see "滨河社委会" "$L Delete removes 居"
	type_text "甲"
	see "滨河社甲委会" "$L 甲 is inserted at the cursor"
	cursor_after "滨河社甲" "$L the cursor is after the inserted 甲"
	keys C-s
	see_row 0 "$T_MAIN" "$L Ctrl-S saves"
	is "$(info_field Community)" "滨河社甲委会" "$L info shows 滨河社甲委会"
	OLD="滨河社甲委会"

	# The field's limit is 100 characters.
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings for the limit"
	keys C-u
	type_text "$FULL$FULL$FULL"   # more than 100 characters
	see_row "$HINT_ROW" "$T_FULL" "$L typing past 100 characters says the field is full"
	keys F2
	see_row 0 "$T_MAIN" "$L the full field saves"
	is "$(info_field Community)" "${FULL}${FULL}${FULL:0:100-2*${#FULL}}" "$L exactly the first 100 characters were kept"
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings to restore the short name"
	keys C-u
	type_text "$OLD"
	see "$OLD" "$L typed"
	keys F2
	see_row 0 "$T_MAIN" "$L saved"
	is "$(info_field Community)" "$OLD" "$L info shows $OLD again"

	# Esc without changes leaves at once.
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings, unchanged"
	keys Escape
	see_row 0 "$T_MAIN" "$L Esc without changes goes straight back"
	not_seen "$T_DISCARD" "$L no question when nothing changed"

	# Esc with changes asks; n keeps editing with the text intact; y discards.
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings, to be changed"
	keys End
	type_text "乙"
	see "${OLD}乙" "$L the field is changed"
	keys Escape
	see "$T_DISCARD" "$L Esc with changes asks whether to discard them"
	see "$T_YES" "$L the question offers yes (y)"
	see "$T_NO" "$L the question offers no (n)"
	keys n
	gone "$T_DISCARD" "$L n closes the question"
	see_row 0 "$T_SETTINGS" "$L n stays in Settings"
	see "${OLD}乙" "$L the text is intact after n"
	type_text "丙"
	see "${OLD}乙丙" "$L typing continues after n"
	cursor_after "${OLD}乙丙" "$L the cursor is still at the end of the field"
	keys Tab
	wait_for "${OLD}乙丙"
	keys Escape
	see "$T_DISCARD" "$L Esc asks again (after Tab wrote a draft)"
	keys y
	gone "$T_DISCARD" "$L y closes the question"
	see_row 0 "$T_MAIN" "$L y discards and goes back to the main menu"
	see_row "$STATUS_ROW" "$OLD" "$L the status bar still shows the old name"
	lacks "$(row "$STATUS_ROW")" "${OLD}乙" "$L the status bar does not show the discarded edit"
	is "$(info_field Community)" "$OLD" "$L info shows the old value after discarding"
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings once more"
	see "$OLD" "$L the form shows the saved value"
	not_seen "${OLD}乙" "$L the discarded edit is gone"
	not_seen "$T_RESTORED" "$L no draft is restored after discarding"
	app_alive
	ok $? "$L the program is still running"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	OLD="滨河社区"
	edit_flow "$lang"
done

done_testing
