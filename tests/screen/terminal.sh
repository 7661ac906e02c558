#!/bin/bash
# terminal.sh - terminals as offices have them: the key sequences of PuTTY, Xshell, the Linux
# console and xterm read whole whatever TERM says (unknown ones ignored, never typed into a field);
# the escape delay and ESCDELAY; Ctrl-C asks like F10; Ctrl-Z suspends and the screen comes back;
# TERM=dumb, an unknown TERM and no terminal at all get a message; LANG unset or C starts in
# English; the status bar keeps the operator, counts and file in view and sees changes made by
# another program; each screen's own help, wrapped without splitting a word.
. "$(dirname "$0")/lib.sh"

require_zh_locale

OLD="滨河社区"

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_SETTINGS="设置"; T_HELP="帮助"; T_QUIT_Q="有修改尚未保存"
		T_OPERATOR="录入员："; T_COUNTS="问卷 0  设施 0  建议提案 0"
		T_HELP_REPORTS="统计报表："; T_HELP_MAIN="主菜单："
		;;
	*)
		T_MAIN="Main menu"; T_SETTINGS="Settings"; T_HELP="Help"; T_QUIT_Q="Some edits are not saved"
		T_OPERATOR="operator: "; T_COUNTS="responses 0 facilities 0 proposals 0"
		T_HELP_REPORTS="Reports: Up/Down"; T_HELP_MAIN="Main menu: Up/Down"
		;;
	esac
}

# office [COMMUNITY [OPERATOR]]: a new home with a set-up office.
office() {
	new_home
	lc init --community "${1:-$OLD}" --district 海勃湾区 --office-code HBW-0123 --operator "${2:-张琦}" \
	    >/dev/null || fail "init"
}

# open_form L: from the main menu into Settings; FORM_ROW and BOX_X locate the community field.
open_form() {
	see_row 0 "$T_MAIN" "$1 on the main menu"
	keys 6
	see_row 0 "$T_SETTINGS" "$1 key 6 opens Settings"
	cursor_after "$OLD" "$1 the cursor is at the end of the community"
	read -r _ FORM_ROW <<<"$(cursor)"
	BOX_X=$(cols "$(row "$FORM_ROW" | sed "s/$OLD.*//")")
}

# field: the community field's text as shown.
field() {
	local line
	line=$(from_col "$BOX_X" "$(row "$FORM_ROW")")
	line=${line%%  *}
	printf '%s' "${line%"${line##*[! ]}"}"
}

# child_of PID: the pid of PID's child process, from /proc (procps is not on a minimal system).
child_of() {
	local f pid comm state ppid rest
	for f in /proc/[0-9]*/stat; do
		read -r pid comm state ppid rest <"$f" 2>/dev/null || continue
		[ "$ppid" = "$1" ] && { echo "$pid"; return; }
	done
}

# proc_state: the program's state letter from /proc (R, S, T ...).
proc_state() {
	awk '{ print $3 }' "/proc/$APP_PID/stat" 2>/dev/null
}

keys_flow() {
	local lang=$1 term=$2 L="[$1 TERM=$2]" seq i
	local homes=('\e[1~' '\e[H' '\eOH' '\e[7~') ends=('\e[4~' '\e[F' '\eOF' '\e[8~')
	texts "$lang"
	office
	APP_TERM=$term launch_app "$lang"
	open_form "$L"
	for i in 0 1 2 3; do
		raw "${homes[i]}"
		cursor_is "$BOX_X" "$FORM_ROW" "$L Home as ${homes[i]} moves to the start"
		raw "${ends[i]}"
		cursor_after "$OLD" "$L End as ${ends[i]} moves to the end"
		is "$(field)" "$OLD" "$L Home ${homes[i]} and End ${ends[i]} type nothing"
	done
	# Sequences no key is bound to: read whole, nothing typed, no quit question.
	for seq in '\e[99~' '\e[1;5C' '\e[1;3D' '\e[200;5~' '\eO5Z' '\e[2~'; do
		raw "$seq"
	done
	sync_app
	is "$(field)" "$OLD" "$L unknown sequences and Insert type nothing into the field"
	not_seen "$T_QUIT_Q" "$L unknown sequences open no question"
	see_row 0 "$T_SETTINGS" "$L still on the form"
	cursor_after "$OLD" "$L the cursor did not move"
	# F1 in three spellings; a lone Esc still leaves the help.
	for seq in '\e[11~' '\eOP' '\e[[A'; do
		raw "$seq"
		see_row 0 "$T_HELP" "$L F1 as $seq opens help"
		raw '\e'
		see_row 0 "$T_SETTINGS" "$L a lone Esc leaves the help ($seq)"
	done
	raw '\e[1~'
	raw '\e[3~'
	poll_is "${OLD#?}" "$L Delete as \\e[3~ removes the first character" field
	# Ctrl-C on a form with changes asks what F10 asks; n stays.
	keys C-c
	see "$T_QUIT_Q" "$L Ctrl-C asks before quitting with unsaved changes"
	keys n
	gone "$T_QUIT_Q" "$L n answers the question"
	is "$(field)" "${OLD#?}" "$L the edit is still there after Ctrl-C, n"
	app_alive
	ok $? "$L the program still runs after Ctrl-C, n"
	# Stopped from outside (kill -STOP) while something scribbles on the terminal: continued, the
	# program paints its screen again.
	kill -STOP "$APP_PID"
	poll_is T "$L kill -STOP stops the program" proc_state
	printf '\033[2J\033[Hscribble' >"$(tm display-message -p -t app '#{pane_tty}')"
	gone "$T_SETTINGS" "$L the screen was wiped while it was stopped"
	kill -CONT "$APP_PID"
	see_row 0 "$T_SETTINGS" "$L continued, the form is drawn again"
	not_seen "scribble" "$L nothing of the scribble is left"
	poll_is "${OLD#?}" "$L the edit survived the stop" field
	type_text "x"
	poll_is "x${OLD#?}" "$L typing works after the resume" field
	# F10 as the Linux console and PuTTY send it.
	raw '\e[21~'
	see "$T_QUIT_Q" "$L F10 as \\e[21~ asks before quitting"
	keys y
	if wait_exit; then pass "$L y quits"; else fail "$L y quits"; show_screen; fi
	stop_app
}

# Ctrl-Z as a user meets it: the program started from an interactive shell, which can stop it and
# bring it back with fg (under the test's usual wrapper there is no job control to stop it).
suspend_flow() {
	local lang=$1 L="[$1 Ctrl-Z]" shpid errf="$_t_tmp/suspend$1.stderr"
	texts "$lang"
	office
	stop_app
	tm new-session -d -s app -x 100 -y 30 "env -i PATH=$(printf %q "$PATH") HOME=$(printf %q "$TEST_HOME") \
	    TERM=screen PS1='lc-test\$ ' bash --norc --noprofile -i"
	wait_for 'lc-test$' || fail "$L an interactive shell started"
	type_text "LANG=$lang LIFECIRCLE_DATADIR=$(printf %q "$LIFECIRCLE_DATADIR") \
LIFECIRCLE_LOCALEDIR=$(printf %q "$LIFECIRCLE_LOCALEDIR") ASAN_OPTIONS=$(printf %q "${ASAN_OPTIONS:-}") \
UBSAN_OPTIONS=$(printf %q "${UBSAN_OPTIONS:-}") LSAN_OPTIONS=$(printf %q "${LSAN_OPTIONS:-}") \
$(printf %q "$LIFECIRCLE_BIN") --db $(printf %q "$DB") 2>$(printf %q "$errf")"
	keys Enter
	see_row 0 "$T_MAIN" "$L the program runs from the shell"
	shpid=$(tm display-message -p -t app '#{pane_pid}')
	APP_PID=$(child_of "$shpid")
	keys 6
	see_row 0 "$T_SETTINGS" "$L on the form"
	type_text "甲"
	see "${OLD}甲" "$L typed into the form"
	keys C-z
	poll_is T "$L Ctrl-Z stops the program" proc_state
	see "lc-test\$" "$L the shell has the terminal back"
	gone "$T_SETTINGS" "$L the form has left the screen"
	type_text "fg"
	keys Enter
	see_row 0 "$T_SETTINGS" "$L fg brings the form back, drawn whole"
	see "${OLD}甲" "$L what was typed is still there"
	poll_is S "$L the program runs (waits for keys) again" proc_state
	type_text "乙"
	see "${OLD}甲乙" "$L typing works after fg"
	keys F10
	see "$T_QUIT_Q" "$L F10 still asks"
	keys y
	poll_is 0 "$L the program ends" eval 'proc_gone "$APP_PID"; echo $?'
	type_text 'echo EXIT=$?'
	keys Enter
	see "EXIT=0" "$L its exit status (after fg) is 0"
	stop_app
}

escdelay_flow() {
	local L="[escape delay]"
	texts C.UTF-8
	office
	# An End split in two packets 40 ms apart is still End. The gap between two tmux clients is
	# not under the test's control on a loaded machine (it exceeded the default 100 ms in CI), so
	# the delay here is 1 s: what is tested is that a split sequence within the delay is read whole.
	APP_ENV="ESCDELAY=1000" launch_app C.UTF-8
	open_form "$L"
	raw '\e[1~'
	cursor_is "$BOX_X" "$FORM_ROW" "$L Home first"
	raw '\e['
	sleep 0.04
	raw '4~'
	cursor_after "$OLD" "$L an End split across packets still moves to the end"
	sync_app
	is "$(field)" "$OLD" "$L and types nothing"
	not_seen "$T_QUIT_Q" "$L and asks nothing"
	stop_app
	APP_ENV="ESCDELAY=2000" launch_app C.UTF-8
	open_form "$L ESCDELAY=2000:"
	raw '\e'
	sleep 0.4
	raw '[1~'
	cursor_is "$BOX_X" "$FORM_ROW" "$L with ESCDELAY=2000 a Home 0.4 s apart is still Home"
	is "$(field)" "$OLD" "$L ESCDELAY=2000: nothing typed"
	stop_app
}

no_terminal_flow() {
	local t out st
	office
	for t in dumb nonexistent-terminal; do
		APP_TERM=$t launch_app C.UTF-8
		if wait_exit; then pass "TERM=$t: the program ends"; else fail "TERM=$t: the program ends"; fi
		is "$(exit_status)" 1 "TERM=$t: exit status 1"
		contains "$(cat "$_t_tmp/run$_t_run.stderr")" "\"$t\" (TERM)" "TERM=$t: the message names the terminal type"
		stop_app
	done
	APP_ENV="TERM=" launch_app C.UTF-8
	if wait_exit; then pass "TERM empty: the program ends"; else fail "TERM empty: the program ends"; fi
	is "$(exit_status)" 1 "TERM empty: exit status 1"
	contains "$(cat "$_t_tmp/run$_t_run.stderr")" "TERM is not set" "TERM empty: the message says so"
	stop_app
	out=$(timeout 10 "$LIFECIRCLE_BIN" --db "$DB" </dev/null 2>&1); st=$?
	is "$st" 1 "stdin at end of file (</dev/null): exit 1, no busy loop"
	contains "$out" "needs a terminal" "stdin at end of file: the message says a terminal is needed"
	out=$(echo q | timeout 10 "$LIFECIRCLE_BIN" --db "$DB" 2>&1); st=$?
	is "$st" 1 "stdin a pipe: exit 1"
}

lang_flow() {
	local lang
	office
	for lang in C ""; do
		launch_app "$lang"
		see_row 0 "Main menu" "LANG='$lang': starts in English"
		see "$OLD" "LANG='$lang': Chinese names show (UTF-8)"
		stop_app
	done
}

status_flow() {
	local lang=$1 L="[$1]" long longop st_row
	texts "$lang"
	long="内蒙古自治区乌海市海勃湾区凤凰岭街道滨河社区居民委员会第一网格服务站便民服务中心"
	longop="阿不都热合曼·买买提艾力·司马义·吐尔逊巴依"
	office "$long" "$longop"
	launch_app "$lang"
	for size in "100 30" "80 24"; do
		read -r w h <<<"$size"
		tm resize-window -t app -x "$w" -y "$h"
		st_row=$((h - 2))
		see_row "$st_row" "$T_COUNTS" "$L ${w}x$h: the counts stay on the status bar"
		see_row "$st_row" "$T_OPERATOR" "$L ${w}x$h: the operator stays on the status bar"
		see_row "$st_row" "circle.db" "$L ${w}x$h: the file name's end stays on the status bar"
		see_row "$st_row" "${T_OPERATOR}阿不" "$L ${w}x$h: the operator's name starts on the status bar"
		see_row "$st_row" "内蒙古" "$L ${w}x$h: the community's start is shown"
		see_row "$st_row" "…" "$L ${w}x$h: what was cut is marked with …"
	done
	# Another program changes the operator: the bar follows without a key.
	lc init --operator 李娜 >/dev/null
	see_row 22 "${T_OPERATOR}李娜" "$L the status bar shows a change made by another program"
	stop_app
}

# help_split_words: the words of the form help that are not whole on the screen.
help_split_words() {
	local word s
	s=$(screen)
	for word in Home/End Backspace Delete Shift-Tab Ctrl-U Ctrl-K; do
		case "$s" in *"$word"*) ;; *) printf '%s ' "$word" ;; esac
	done
}

help_flow() {
	local lang=$1 L="[$1]" w word
	texts "$lang"
	office
	launch_app "$lang"
	keys 5
	keys F1
	see_row 0 "$T_HELP" "$L F1 on Reports opens help"
	see "$T_HELP_REPORTS" "$L it is the Reports menu's help"
	not_seen "$T_HELP_MAIN" "$L not the main menu's"
	keys Escape Escape
	see_row 0 "$T_MAIN" "$L back on the main menu"
	keys F1
	see "$T_HELP_MAIN" "$L F1 on the main menu shows the main menu's help"
	keys Escape 6 F1
	see_row 0 "$T_HELP" "$L F1 on the form opens help"
	for ((w = 80; w <= 100; w++)); do
		tm resize-window -t app -x "$w" -y 30
		# Polled: the screen may be caught before the program has redrawn it at the new width.
		poll_is "" "$L at $w columns the form help keeps every word whole" help_split_words || break
	done
	stop_app
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	keys_flow "$lang" screen
	status_flow "$lang"
	help_flow "$lang"
done
suspend_flow zh_CN.UTF-8
suspend_flow C.UTF-8
keys_flow C.UTF-8 xterm-256color
keys_flow zh_CN.UTF-8 xterm-256color
escdelay_flow
no_terminal_flow
lang_flow

done_testing
