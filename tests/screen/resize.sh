#!/bin/bash
# resize.sh - resizing the terminal: below 80x24 the program says so with both sizes (and keeps
# what was typed); back at a usable size the same screen returns intact and typing continues;
# exactly 80x24 is usable; the same with a list and with a dialog open; no crash.
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_SETTINGS="设置"; T_SMALL="终端窗口太小"; T_F10="按 F10 退出"
		T_STANDARD="完整居住社区建设标准"; T_ROWS="共 20 行"; T_DETAILS="详细信息"; T_OK="确定"
		T_DISCARD="放弃修改"; T_QUIT_Q="有修改尚未保存"; T_NO="否(n)"
		;;
	*)
		T_MAIN="Main menu"; T_SETTINGS="Settings"; T_SMALL="The terminal is too small"; T_F10="press F10 to quit"
		T_STANDARD="Complete-community standard"; T_ROWS="20 rows"; T_DETAILS="Details"; T_OK="[ OK ]"
		T_DISCARD="Discard changes?"; T_QUIT_Q="Some edits are not saved"; T_NO="No (n)"
		;;
	esac
}

# resize W H: resize the window and wait until the program has drawn for the new size.
resize() {
	tm resize-window -t app -x "$1" -y "$2"
}

# Data rows of a list on screen: the numbers in the first column, one per line.
list_numbers() {
	screen | sed -n '4,$p' | sed -n 's/^ \([0-9][0-9]*\)  .*/\1/p'
}

# numbers: the row numbers on screen, space-separated; seqs: the same shape from seq(1).
numbers() {
	list_numbers | tr '\n' ' ' | sed 's/ $//'
}
seqs() {
	seq "$@" | tr '\n' ' ' | sed 's/ $//'
}

# no_duplicates DESC: every row number on screen appears once.
no_duplicates() {
	local dup
	dup=$(list_numbers | sort | uniq -d | tr '\n' ' ')
	if [ -z "$dup" ]; then
		pass "$1"
	else
		fail "$1" "rows shown twice: $dup"
		show_screen
	fi
}

# shows_sizes W H: the screen (its rows joined, as the message may wrap) gives the size W and H,
# then the size needed, 80 and 24, in that order, whatever words are around them.
shows_sizes() {
	local text
	text=$(screen | tr '\n' ' ')
	[[ "$text" =~ (^|[^0-9])$1[^0-9]+$2[^0-9].*[^0-9]80[^0-9]+24([^0-9]|$) ]]
}

# see_sizes W H DESC: a test that the too-small message gives W, H, 80 and 24 (polled).
see_sizes() {
	local n=$((LC_WAIT * 10))
	until shows_sizes "$1" "$2"; do
		if [ "$n" -le 0 ]; then
			fail "$3" "the screen does not give $1 $2 then 80 24:"
			show_screen
			return 1
		fi
		sleep 0.1
		n=$((n - 1))
	done
	pass "$3"
}

too_small() {
	local L=$1 w=$2 h=$3
	resize "$w" "$h"
	see_sizes "$w" "$h" "$L at ${w}x${h} the message gives the current size and the size needed"
	see "$T_SMALL" "$L at ${w}x${h} the terminal-too-small message appears"
	see "$T_F10" "$L at ${w}x${h} the message says F10 quits"
	app_alive
	ok $? "$L the program survives ${w}x${h}"
}

resize_flow() {
	local lang=$1 L="[$1]"
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L main menu"
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings"
	keys End
	type_text "幸福里"
	see "滨河社区幸福里" "$L typing in the community field"

	too_small "$L" 60 20
	not_seen "滨河社区幸福里" "$L the form is not drawn while too small"
	type_text "丢"        # keys other than F10 are ignored until the window is large enough
	keys Escape
	wait_for "$T_SMALL"
	# A lone Esc is read only when the 100 ms escape delay has passed: wait it out, or the Esc may
	# be read after the resize below and rightly open the question on the full-size form.
	sleep 0.3
	resize 100 30
	see_row 0 "$T_SETTINGS" "$L back at 100x30 the form returns"
	gone "$T_SMALL" "$L the too-small message goes"
	not_seen "$T_DISCARD" "$L Esc pressed while too small did nothing"
	see "滨河社区幸福里" "$L the typed text is intact"
	cursor_after "滨河社区幸福里" "$L the cursor is back at the end of the field"
	not_seen "丢" "$L text typed while too small was not taken"
	type_text "二号"
	see "滨河社区幸福里二号" "$L typing continues after the resize"

	# Exactly 80x24 is enough; one less column or row is not.
	resize 80 24
	see_row 22 "滨河社区" "$L at exactly 80x24 the status bar is on row 22 (LINES-2)"
	see_row 0 "$T_SETTINGS" "$L at exactly 80x24 the form is shown"
	not_seen "$T_SMALL" "$L no too-small message at 80x24"
	see "滨河社区幸福里二号" "$L the text is intact at 80x24"
	cursor_after "滨河社区幸福里二号" "$L the cursor is at the end at 80x24"
	type_text "楼"
	see "滨河社区幸福里二号楼" "$L typing works at 80x24"
	too_small "$L" 79 24
	too_small "$L" 80 23
	resize 80 24
	see_row 0 "$T_SETTINGS" "$L 80x24 again"
	gone "$T_SMALL" "$L the message goes at 80x24"
	resize 100 30
	see_row 28 "滨河社区" "$L the status bar is back on row 28 at 100x30"
	see "滨河社区幸福里二号楼" "$L the text is intact after all the resizes"

	# Tiny windows must not hang or crash the program either.
	resize 20 5
	see_sizes 20 5 "$L at 20x5 the message still shows the sizes (wrapped)"
	resize 2 2
	sleep 0.5
	app_alive
	ok $? "$L the program survives a 2x2 window"
	resize 100 30
	see "滨河社区幸福里二号楼" "$L and comes back from it"

	# F10 works while too small; with unsaved changes its question is shown, not answered blind.
	resize 60 20
	wait_for "$T_SMALL"
	keys F10
	see "$T_QUIT_Q" "$L F10 in a too-small window shows the unsaved-changes question"
	see "$T_NO" "$L with its answers"
	see "$T_SMALL" "$L under the too-small message"
	keys n
	see "$T_SMALL" "$L n: back to the too-small message"
	app_alive
	ok $? "$L n: the program keeps running"
	resize 100 30
	see_row 0 "$T_SETTINGS" "$L back to the form"
	see "滨河社区幸福里二号楼" "$L the text is still intact"
	keys Escape
	see "$T_DISCARD" "$L Esc asks to discard"
	resize 70 20
	see_sizes 70 20 "$L shrunk with the dialog open: the too-small message"
	see "$T_NO" "$L shrunk with the dialog open: the question is still shown"
	not_seen "$T_SETTINGS" "$L the form is not drawn while too small"
	resize 100 30
	see_row 0 "$T_SETTINGS" "$L the form is back after the resize"
	see "$T_DISCARD" "$L the dialog is back after the resize"
	keys y
	see_row 0 "$T_MAIN" "$L the form is discarded"

	# A list: the standard's 20 items.
	keys 5
	see "$T_STANDARD" "$L Reports"
	keys 1
	keys c   # lists count their rows only when asked
	see "$T_ROWS" "$L the standard list is open"
	poll_is "$(seqs 1 20)" "$L 20 rows at 100x30" numbers
	too_small "$L" 60 20
	resize 100 30
	see "$T_ROWS" "$L the list is back at 100x30"
	poll_is "$(seqs 1 20)" "$L all 20 rows, in order, after the resize" numbers
	no_duplicates "$L no duplicate rows after the resize"
	resize 80 24
	see_row 22 "滨河社区" "$L the list redrawn at 80x24 (status bar on row 22)"
	see "$T_ROWS" "$L the list at 80x24"
	not_seen "$T_SMALL" "$L no too-small message for the list at 80x24"
	wait_gone " 19  "
	poll_is "$(seqs 1 18)" "$L rows 1-18 fit at 80x24" numbers
	no_duplicates "$L no duplicate rows at 80x24"
	keys End
	see " 20  " "$L End shows the last row at 80x24"
	no_duplicates "$L no duplicate rows after End at 80x24"
	resize 100 30
	wait_for " 1  "
	poll_is "$(seqs 1 20)" "$L growing the window shows all 20 rows again" numbers
	no_duplicates "$L no duplicate rows after growing the window"

	# A dialog over the list survives a resize.
	keys Enter
	see "$T_DETAILS" "$L Enter opens the details dialog"
	too_small "$L" 60 20
	see "$T_OK" "$L the dialog's text and button stay visible in the small window"
	resize 100 30
	see "$T_DETAILS" "$L the dialog is back after the resize"
	see "$T_OK" "$L with its button"
	keys Enter
	gone "$T_DETAILS" "$L the dialog closes"
	see "$T_ROWS" "$L the list is still there"
	app_alive
	ok $? "$L the program is still running at the end"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	resize_flow "$lang"
done

done_testing
