#!/bin/bash
# print_ui.sh - printing from the proposal list (key p), as an office does it: the blank form for the
# deputy goes to a PDF in the print folder, in duplicate, with the proposal's header, marks the form
# sent, and goes to the default printer when the system has lp (a stand-in lp records its arguments);
# the filled form for the archive prints too, without the printer when declined; Esc prints nothing. In zh_CN.UTF-8 and C.UTF-8,
# keys also under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3
require_tool pdftotext poppler-utils
require_tool pdfinfo poppler-utils

texts() {
	case $1 in
	zh_CN.UTF-8) T_LIST="建议提案意见表"; T_WHAT="要打印什么？"; T_LP="同时发送到默认打印机"
		T_SENT="已打印到"; T_TO_PRINTER="已发送到打印机" ;;
	*) T_LIST="Proposals and feedback forms"; T_WHAT="What should be printed?"; T_LP="Send it to the default printer"
		T_SENT="Printed to"; T_TO_PRINTER="Sent to the printer" ;;
	esac
}

# pdf_text FILE: the PDF's text with its spaces taken out (pdftotext spaces out Chinese).
pdf_text() {
	pdftotext "$1" - 2>/dev/null | tr -d ' \n'
}

flow() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]" f
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0101 --operator 张琦 >/dev/null ||
	    fail "$L init"
	lc import proposals "$TESTS_SRCDIR/data/print_proposals.csv" >/dev/null
	# A short print folder, as a real home is: the status line shows the whole path then.
	PRINTS=$(mktemp -d /tmp/lcpXXXXXX)
	mkdir -p "$TEST_HOME/bin"
	printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/lp.args"\necho "request id is fake-1"\n' "$TEST_HOME" >"$TEST_HOME/bin/lp"
	chmod 755 "$TEST_HOME/bin/lp"
	APP_ENV="PATH=$TEST_HOME/bin:/usr/local/bin:/usr/bin:/bin LIFECIRCLE_PRINT_DIR=$PRINTS" launch_app "$lang"
	keys 3
	see_row 0 "$T_LIST" "$L the proposal list"
	keys /
	type_text "停车"
	keys Enter
	see_row 4 "045" "$L the search selects proposal 045"

	keys p
	see "$T_WHAT" "$L p asks what to print"
	keys Escape
	sync_app
	is "$(ls "$PRINTS" | wc -l)" 0 "$L Esc prints nothing"

	keys p
	see "$T_WHAT" "$L p asks again"
	keys 1
	see "$T_LP" "$L with lp on the system it offers the printer"
	keys y
	see "$T_TO_PRINTER" "$L the screen says where it went and that it went to the printer"
	f=$(ls "$PRINTS"/045-blank-*.pdf 2>/dev/null | head -1)
	[ -s "$f" ]
	ok $? "$L the blank form is a PDF in the print folder, named by number" "files: $(ls "$PRINTS")"
	see "$(basename "$f")" "$L the screen names the file"
	contains "$(pdf_text "$f")" "办理情况征询意见表" "$L the PDF is the feedback form"
	contains "$(pdf_text "$f")" "关于规范老旧小区停车管理的提案" "$L with the proposal's title"
	contains "$(pdf_text "$f")" "赵丽" "$L and the deputy's name"
	is "$(pdfinfo "$f" | sed -n 's/^Pages: *//p')" 2 "$L the blank form is printed in duplicate"
	contains "$(cat "$TEST_HOME/lp.args" 2>/dev/null)" "$f" "$L lp was given the file"
	is "$(sqlite3 "$DB" "SELECT form_status FROM proposal WHERE number = '045'")" sent \
	    "$L printing the blank form marked it sent"
	[ -n "$(sqlite3 "$DB" "SELECT form_sent_on FROM proposal WHERE number = '045'")" ]
	ok $? "$L and kept the date it was sent"

	keys p
	see "$T_WHAT" "$L p once more"
	keys 2
	see "$T_LP" "$L the printer question again"
	keys n
	see "$T_SENT" "$L no printer this time: only the file"
	f=$(ls "$PRINTS"/045-filled-*.pdf 2>/dev/null | head -1)
	[ -s "$f" ]
	ok $? "$L the filled form for the archive is a PDF too"
	is "$(pdfinfo "$f" | sed -n 's/^Pages: *//p')" 1 "$L one copy for the archive"
	is "$(grep -c '\.pdf$' "$TEST_HOME/lp.args")" 1 "$L lp was not run the second time"
	app_alive
	ok $? "$L the program runs on"
	rm -rf "$PRINTS"
}

flow zh_CN.UTF-8
flow C.UTF-8
APP_TERM=xterm-256color flow C.UTF-8
done_testing
