#!/bin/bash
# operators.sh - who is typing: F3 on any screen (and the main menu's Operator entry) opens the
# office's operators; two operators with Chinese names are added (a blank name and a name already
# there are refused in the dialog), F3 switches between them and the status bar shows the new one
# at once; a record saved after switching (the office's community record, from Settings) carries
# the new operator; removing one asks first (default no) and the current one is not offered.
# The command line's `operator list|add|use|remove` agrees. Keys also under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_SETTINGS="设置"; T_PICK="谁在录入？请选择录入员"; T_CURRENT="（当前）"
		T_ADD="添加录入员…"; T_REMOVE="删除录入员…"; T_ADD_TITLE="新录入员的姓名"
		T_ADDED="已添加录入员"; T_NOW="当前录入员：李娜"; T_REQUIRED="请填写录入员姓名"
		T_ALREADY="已在录入员名单中"; T_REMOVE_PICK="删除哪位录入员"; T_REMOVE_Q="从录入员名单中删除 李娜 吗"
		T_REMOVED="已从录入员名单中删除 李娜"; T_SAVED="已保存"; T_MENU_ENTRY="录入员"; T_HINT_F3="F3 录入员"
		;;
	*)
		T_MAIN="Main menu"; T_SETTINGS="Settings"; T_PICK="Who is typing? Choose the operator"; T_CURRENT=" (current)"
		T_ADD="Add an operator…"; T_REMOVE="Remove an operator…"; T_ADD_TITLE="The new operator's name"
		T_ADDED="Operator 李娜 added"; T_NOW="Operator now: 李娜."; T_REQUIRED="The operator's name is required."
		T_ALREADY="is already one of the operators"; T_REMOVE_PICK="Remove which operator?"
		T_REMOVE_Q="Remove 李娜 from the operators?"; T_REMOVED="李娜 removed from the operators."
		T_SAVED="Saved."; T_MENU_ENTRY="Operator"; T_HINT_F3="F3 Operator"
		;;
	esac
}

STATUS_ROW=28   # LINES-2 at 100x30
HINT_ROW=29

# operator_flow LANG [TERM]
operator_flow() {
	local lang=$1 term=${2:-} L="[$1${2:+, TERM=$2}]" r
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	is "$(sqlite3 "$DB" 'SELECT operator FROM community')" "张琦" "$L the community record was made by 张琦"
	APP_TERM=$term launch_app "$lang"
	see_row 0 "$T_MAIN" "$L the main menu"
	see_row "$STATUS_ROW" "张琦" "$L the status bar shows the operator set by init"
	see_row "$HINT_ROW" "$T_HINT_F3" "$L the main menu's key hints name F3"

	# F3: the list of operators, the current one marked; Esc leaves it unchanged.
	keys F3
	see "$T_PICK" "$L F3 opens the operators"
	see "张琦$T_CURRENT" "$L the current operator is marked"
	see "$T_ADD" "$L the list offers to add an operator"
	keys Escape
	gone "$T_PICK" "$L Esc closes the list"
	see_row "$STATUS_ROW" "张琦" "$L nothing changed"

	# Add 李娜 (Down to "add", Enter): she becomes the current operator at once.
	keys F3
	see "$T_PICK" "$L F3 again"
	keys Down Enter
	see "$T_ADD_TITLE" "$L choosing add asks for the name"
	keys Enter
	see "$T_REQUIRED" "$L an empty name is refused in the dialog"
	type_text "　"
	keys Enter
	see "$T_REQUIRED" "$L an ideographic space alone is refused too"
	keys C-u
	type_text "李娜"
	see "李娜" "$L the Chinese name is typed"
	keys Enter
	gone "$T_ADD_TITLE" "$L the dialog closes"
	see_row "$HINT_ROW" "$T_ADDED" "$L the bottom line says she was added"
	see_row "$STATUS_ROW" "李娜" "$L the status bar shows the new operator at once"
	# The refusals above are checked here too: their message was on screen before the second one.
	is "$(lc operator list | wc -l)" 2 "$L two operators: neither the empty name nor the ideographic space was added"

	# Add 王芳; 李娜 again is refused while the dialog stays open.
	keys F3
	see "李娜$T_CURRENT" "$L 李娜 is now marked current"
	keys End Up Enter
	see "$T_ADD_TITLE" "$L add again"
	type_text "李娜"
	keys Enter
	see "$T_ALREADY" "$L a name already there is refused"
	keys C-u
	type_text "王芳"
	keys Enter
	gone "$T_ADD_TITLE" "$L 王芳 is added"
	see_row "$STATUS_ROW" "王芳" "$L the status bar shows 王芳"

	# Switch back to 李娜 with F3: Up from the current one (王芳, third) to 李娜, Enter.
	keys F3
	see "王芳$T_CURRENT" "$L 王芳 is current"
	keys Up Enter
	gone "$T_PICK" "$L choosing closes the list"
	see_row "$STATUS_ROW" "李娜" "$L the status bar shows 李娜 after switching"
	see_row "$HINT_ROW" "$T_NOW" "$L the bottom line says who is typing now"

	# In Settings the operator is the current one; a record saved after F3 carries the new name.
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings opens"
	see "滨河社区" "$L with the community"
	r=$(row_of "张琦")
	[ "$r" -lt 0 ] || [ "$r" -eq "$STATUS_ROW" ]
	ok $? "$L Settings shows the current operator, not the one of init"
	keys F3
	see "$T_PICK" "$L F3 works in Settings too"
	keys Home Enter
	see_row "$STATUS_ROW" "张琦" "$L switched to 张琦 (Home, Enter) from Settings"
	keys F3
	keys Home Down Down Enter
	see_row "$STATUS_ROW" "王芳" "$L and to 王芳"
	r=$(row_of "王芳")
	[ "$r" -ge 0 ] && [ "$r" -lt "$STATUS_ROW" ]
	ok $? "$L the Settings form shows 王芳 as its operator at once"
	keys End
	type_text "一号"
	keys F2
	see_row "$HINT_ROW" "$T_SAVED" "$L Settings saved"
	is "$(sqlite3 "$DB" 'SELECT name || "|" || operator FROM community')" "滨河社区一号|王芳" \
	    "$L the community record saved after switching carries the new operator"

	# The main menu's Operator entry opens the same list.
	see_row 0 "$T_MAIN" "$L back on the main menu"
	see " 7  $T_MENU_ENTRY" "$L the main menu has an Operator entry"
	keys 7
	see "$T_PICK" "$L entry 7 opens the operators"
	keys Escape
	gone "$T_PICK" "$L Esc closes it"

	# Remove 李娜: the current operator (王芳) is not offered; the question's default is no.
	keys F3
	keys End Enter
	see "$T_REMOVE_PICK" "$L remove asks which"
	see "张琦" "$L 张琦 is offered"
	screen | sed -n "1,${STATUS_ROW}p" | grep -qF "王芳"   # above the status bar, which names 王芳
	ok $((! $?)) "$L the current operator is not offered"
	keys Down Enter
	see "$T_REMOVE_Q" "$L removing asks first"
	keys Enter
	gone "$T_REMOVE_Q" "$L Enter answers the default"
	not_seen "$T_REMOVED" "$L the default is no: nothing removed"
	keys F3
	keys End Enter
	see "$T_REMOVE_PICK" "$L remove again"
	keys Down Enter
	see "$T_REMOVE_Q" "$L asked again"
	keys y
	see_row "$HINT_ROW" "$T_REMOVED" "$L y removes 李娜"
	keys F3
	see "$T_PICK" "$L the list again"
	not_seen "李娜" "$L 李娜 is no longer in the list"
	keys Escape
	stop_app
	is "$(lc operator list)" "$(printf '  张琦\n* 王芳')" "$L the command line lists the operators, the current one marked"
}

cli_flow() {
	local out
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null
	lc operator add 李娜
	ok $? "cli: operator add"
	out=$(lc operator add " 李娜 " 2>&1)
	is "$?:$out" "1:lifecircle operator: 李娜 is already one of the operators." "cli: adding a name again fails, saying why"
	out=$(lc operator add "$(printf 'a\033[2Jb')" 2>&1)
	is "$?:$out" '1:lifecircle operator: Control characters are not allowed here (found U+001B).' \
	    "cli: control characters are refused"
	out=$(lc operator use 王五 2>&1)
	is "$?:$out" "1:lifecircle operator: 王五 is not one of the operators: add the name first." \
	    "cli: use needs a name in the list"
	lc operator use 李娜
	ok $? "cli: operator use"
	is "$(info_field Operator)" "李娜" "cli: info shows the operator in use"
	out=$(lc operator remove 李娜 2>&1)
	is "$?:$out" "1:lifecircle operator: 李娜 is the current operator: make another one current first." \
	    "cli: the current operator cannot be removed"
	lc operator remove 张琦
	ok $? "cli: operator remove"
	is "$(lc operator list)" "* 李娜" "cli: one operator left"
	lc operator frobnicate >/dev/null 2>&1
	is "$?" 2 "cli: an unknown verb is a usage error"
	lc init --operator 赵六 >/dev/null
	is "$(lc operator list)" "$(printf '  李娜\n* 赵六')" "cli: init --operator adds the name and makes it current"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	operator_flow "$lang"
done
operator_flow C.UTF-8 xterm-256color
cli_flow

done_testing
