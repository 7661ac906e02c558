#!/bin/bash
# menu.sh - the main menu in Chinese and English; digits and Enter open each part, and the parts
# not built yet say so plainly; Esc comes back; F1 help; q and F10 quit; F10 with unsaved
# Settings asks first (n stays, y quits and keeps a draft).
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_LABELS=(居民需求调查 设施台账 建议提案意见表 数据交换 统计报表 设置 录入员 双录入核对 退出)
		T_ENGLISH_FIRST="Resident needs surveys"
		T_MAIN="主菜单"
		T_PENDING="此功能尚在开发中"
		T_REPORT_ITEMS=(完整居住社区建设标准 主要指标 生活圈 短板分析)
		T_GAP_ITEMS="标准项目：达标"
		T_HELP_TITLE="帮助"
		T_HELP_MENU="数字键 1-9 直接打开对应项"
		T_SETTINGS_TITLE="设置"
		T_QUIT_Q="有修改尚未保存"
		T_YES="是(y)"
		T_RESTORED="已恢复上次输入的内容"
		;;
	*)
		T_LABELS=("Resident needs surveys" "Facility inventory" "Proposals and feedback forms" "Data exchange"
		    "Reports" "Settings" "Operator" "Double entry" "Quit")
		T_ENGLISH_FIRST="Resident needs surveys"
		T_MAIN="Main menu"
		T_PENDING="Not built yet"
		T_REPORT_ITEMS=("Complete-community standard" "Indicators" "Life circles" "Gap report")
		T_GAP_ITEMS="Standard items: 0 met"
		T_HELP_TITLE="Help"
		T_HELP_MENU="the digits 1-9 open an entry directly"
		T_SETTINGS_TITLE="Settings"
		T_QUIT_Q="Some edits are not saved"
		T_YES="Yes (y)"
		T_RESTORED="Restored what you typed last time"
		;;
	esac
}

# A set-up office, so the program starts on the main menu.
start_menu() {
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "init for the menu test"
	launch_app "$1"
	wait_row 0 "$T_MAIN"
}

# back_to_menu L WHAT: Esc leaves a pending screen for the main menu.
back_to_menu() {
	keys Escape
	gone "$T_PENDING" "$1 Esc leaves $2"
	see_row 0 "$T_MAIN" "$1 Esc returns to the main menu from $2"
}

menu_flow() {
	local lang=$1 L="[$1]" i label r prev
	texts "$lang"
	start_menu "$lang"
	see_row 0 "$T_MAIN" "$L the program starts on the main menu"
	for i in 0 1 2 3 4 5 6 7; do
		label=${T_LABELS[$i]}
		see " $((i + 1))  $label" "$L menu entry $((i + 1)) reads '$label'"
	done
	# The entries come in order, one per row, top to bottom.
	prev=-1
	for label in "${T_LABELS[@]}"; do
		r=$(row_of "$label")
		[ "$r" -gt "$prev" ] || { prev=999; break; }
		prev=$r
	done
	[ "$prev" -ne 999 ]
	ok $? "$L the entries are in order"
	if [ "$lang" != C.UTF-8 ]; then
		not_seen "$T_ENGLISH_FIRST" "$L no English label is left untranslated"
	fi

	# Every entry of the main menu is built (surveys: survey_run.sh; facilities: facilities.sh;
	# proposals: proposals.sh; data exchange: sync_ui.sh): none says it is not built yet.
	for i in 1 2 3 4; do
		label=${T_LABELS[$((i - 1))]}
		keys "$i"
		not_seen "$T_PENDING" "$L key $i opens '$label', which is built"
		see_row 0 "$label" "$L the title bar names '$label'"
		back_to_menu "$L" "'$label'"
	done
	# Enter opens the selected entry; Down moves the selection. A digit also selects its entry,
	# so after key 4 the selection is on entry 4: Up three times reaches entry 1.
	keys Up Up Up
	for i in 1 2 3 4; do
		label=${T_LABELS[$((i - 1))]}
		keys Enter
		not_seen "$T_PENDING" "$L Enter on entry $i opens '$label', which is built"
		see_row 0 "$label" "$L the title bar names '$label' (Enter)"
		back_to_menu "$L" "'$label' (Enter)"
		keys Down
	done
	# Reports (5) is built, and so is its gap report (facilities.sh tests what it says).
	keys 5
	see "${T_REPORT_ITEMS[0]}" "$L key 5 opens Reports with the standard"
	see "${T_REPORT_ITEMS[3]}" "$L Reports lists the gap report"
	keys 4
	see "$T_GAP_ITEMS" "$L the gap report of the office's community opens"
	keys Escape
	see "${T_REPORT_ITEMS[0]}" "$L Esc returns to Reports"
	keys Escape
	see_row 0 "$T_MAIN" "$L Esc returns from Reports to the main menu"
	# Settings (6) and back, unchanged: no question.
	keys 6
	see_row 0 "$T_SETTINGS_TITLE" "$L key 6 opens Settings"
	see "滨河社区" "$L Settings shows the saved community"
	keys Escape
	see_row 0 "$T_MAIN" "$L Esc leaves unchanged Settings at once"

	# F1 help on the menu, Esc back.
	keys F1
	see_row 0 "$T_HELP_TITLE" "$L F1 opens help"
	see "$T_HELP_MENU" "$L the help describes the main menu's keys"
	keys Escape
	see_row 0 "$T_MAIN" "$L Esc returns from help"
	gone "$T_HELP_MENU" "$L the help text is gone"

	# q quits from the main menu.
	keys q
	if wait_exit; then pass "$L q quits from the main menu"; else fail "$L q quits from the main menu"; show_screen; fi
	is "$(exit_status)" 0 "$L q exits with status 0"
	proc_gone "$APP_PID"
	ok $? "$L the process is gone after q"

	# Entry 9 (Quit) quits too.
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L restarted"
	keys 9
	if wait_exit; then pass "$L entry 9 quits"; else fail "$L entry 9 quits"; fi

	# F10 quits at once when nothing is unsaved; also from a screen deeper down.
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L restarted for F10"
	keys 5
	see "${T_REPORT_ITEMS[0]}" "$L a screen below the main menu is open (the reports)"
	keys F10
	if wait_exit; then pass "$L F10 quits with nothing unsaved"; else fail "$L F10 quits with nothing unsaved"; show_screen; fi
	is "$(exit_status)" 0 "$L F10 exits with status 0"

	# F10 with an edited Settings form asks first.
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L restarted for F10 with unsaved edits"
	keys 6
	see "滨河社区" "$L Settings is open"
	keys End
	type_text "东区"
	see "滨河社区东区" "$L the community is edited"
	keys F10
	see "$T_QUIT_Q" "$L F10 with an unsaved form asks for confirmation"
	see "$T_YES" "$L the question offers yes (y)"
	keys n
	gone "$T_QUIT_Q" "$L n closes the question"
	app_alive
	ok $? "$L n: the program keeps running"
	see "滨河社区东区" "$L n: the edit is still there"
	type_text "甲"
	see "滨河社区东区甲" "$L n: typing goes on"
	keys F10
	see "$T_QUIT_Q" "$L F10 asks again"
	keys y
	if wait_exit; then pass "$L y quits"; else fail "$L y quits"; show_screen; fi
	is "$(exit_status)" 0 "$L quitting with y exits with status 0"
	is "$(info_field Community)" "滨河社区" "$L the unsaved edit was not saved"
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L restarted after quitting with unsaved edits"
	keys 6
	see_row "29" "$T_RESTORED" "$L Settings restores the unsaved edit as a draft"
	see "滨河社区东区甲" "$L the draft holds the edited community"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	menu_flow "$lang"
done

done_testing
