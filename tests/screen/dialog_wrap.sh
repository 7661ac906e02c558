#!/bin/bash
# dialog_wrap.sh - a dialog never cuts a button: the export named for a long Chinese destination asks
# "which records" with a first button wider than the dialog (and, at 80 columns, than the screen's
# box): each button's whole text is on screen inside the box, the buttons wrap onto rows of their
# own, and the second one is still chosen by the keys (Right then Enter, or its digit): the file
# written is a full export for that destination. At 80x24 and 100x30, in Chinese and English, and
# under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

NAME="海勃湾区滨河街道办事处第一社区居民委员会东区网格服务站临时点"

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_EXCHANGE="数据交换"; T_WHO="文件发给谁"; T_NAME_Q="去处的名称"; T_SCOPE="哪些记录写入文件"
		B1="[ 上次导出给${NAME}以来的改动 ]"; B2="[ 全部记录（完整导出） ]"
		T_PERSONAL="个人信息"; T_PROTECT="口令"; T_WHERE="文件夹"; T_WRITTEN="已写出" ;;
	*)
		T_MAIN="Main menu"; T_EXCHANGE="Data exchange"; T_WHO="Who is the file for"; T_NAME_Q="The destination's name"
		T_SCOPE="Which records go into the file"
		B1="[ Changes since the last export to ${NAME} ]"; B2="[ Everything (a full export) ]"
		T_PERSONAL="personal information"; T_PROTECT="passphrase"; T_WHERE="A folder"; T_WRITTEN="Written:" ;;
	esac
}

# inside_box TEXT: the row holding TEXT ends with the box's right side (nothing drawn over it).
inside_box() {
	local r
	r=$(row_of "$1")
	[ "$r" -ge 0 ] && row "$r" | sed 's/ *$//' | grep -q '[│x]$'
}

# flow LANG W H KEY: export to NAME at W x H, choosing the second scope button with KEY ("Right"
# then Enter, or "2").
flow() {
	local lang=$1 w=$2 h=$3 how=$4 out file
	flow_begin "$lang" 滨河社区 HBW-0101
	L="$L ${w}x$h"
	lc import proposals "$TESTS_SRCDIR/data/proposals_zh.csv" >/dev/null 2>&1
	out=$TEST_HOME/out
	mkdir -p "$out"
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$out" launch_app "$lang"
	tm resize-window -t app -x "$w" -y "$h"
	wait_row 0 "$T_MAIN"
	keys 4
	see_row 0 "$T_EXCHANGE" "$L the exchange menu"
	keys 1
	see "$T_WHO" "$L who the file is for"
	keys 3
	see "$T_NAME_Q" "$L another destination asks its name"
	type_text "$NAME"
	keys Enter
	see "$T_SCOPE" "$L which records"
	see_flat "$B1" "$L the first button's whole text is in the dialog, the long name in it"
	see "$B2" "$L the second button's whole text is on one row"
	if inside_box "$B2"; then pass "$L ... inside the box"; else fail "$L ... inside the box"; show_screen; fi
	case "$(box_text)" in
	*…*) fail "$L no button is cut short"; show_screen ;;
	*) pass "$L no button is cut short" ;;
	esac
	if [ "$(row_of "$B2")" -gt "$(row_of "${B1%%"$NAME"*}")" ]; then
		pass "$L the second button is on a row below the first"
	else
		fail "$L the second button is on a row below the first"
		show_screen
	fi
	if [ "$how" = Right ]; then keys Right Enter; else keys "$how"; fi
	see "$T_PERSONAL" "$L the second button ($how) chosen: on to personal information"
	keys 1
	see "$T_PROTECT" "$L a passphrase"
	keys 1
	see "$T_WHERE" "$L where to"
	keys Enter
	see "$T_WRITTEN" "$L written"
	file=$(ls "$out"/*.lcdb 2>/dev/null | head -1)
	is "$(sqlite3 "$file" "SELECT value FROM sync_manifest WHERE key = 'full'")" 1 "$L the file is a full export (the second button)"
	is "$(sqlite3 "$file" "SELECT value FROM sync_manifest WHERE key = 'dest'")" "$NAME" "$L ... for the destination named"
	stop_app
}

flow zh_CN.UTF-8 80 24 Right
flow zh_CN.UTF-8 100 30 2
flow C.UTF-8 80 24 2
flow C.UTF-8 100 30 Right
APP_TERM=xterm-256color flow zh_CN.UTF-8 80 24 Right
done_testing
