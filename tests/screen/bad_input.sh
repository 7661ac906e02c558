#!/bin/bash
# bad_input.sh - bad input on the screens gets a clear message and changes nothing. The imports from
# the proposal, community and facility lists (key i) each refuse, in a message box, a CSV in GB18030
# behind a UTF-8 byte-order mark, UTF-8 behind a GB18030 one, a NUL byte, a 1 MB cell and a quote
# never closed; every file starts with a good row, so a half-done import would show in the table,
# which must be as it was. The proposal, community and facility forms refuse F2 with their required
# fields empty (the message under each, nothing written), and 10,000 Chinese characters pasted into a
# name stop at the field's limit with a message, the rest of the form still saved whole. In
# zh_CN.UTF-8 (TERM screen) and C.UTF-8 (TERM=xterm-256color).
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3
require_tool iconv libc-bin

texts() {
	case $1 in
	zh_CN.UTF-8) T_PROPS="建议提案意见表"; T_FACMENU="设施台账"; T_COMMUNITIES="社区与小区"; T_FACLIST="设施台账"
		T_ASK="要导入的文件"; T_NOT_IMPORTED="未导入"; M_BOMGB="字节顺序标记"; M_NEITHER="既不是"; M_NUL="NUL"
		M_BIG="有单元格超过"; M_QUOTE="没有结束"; T_REQUIRED="此项为必填项。"; T_FULL="此项已达到字数上限。"
		T_NEW_PROP="新建建议提案"; T_ASK_FB="现在录入这条建议提案收回的征询意见表吗"; T_NEW_COMM="新建社区"
		T_NEW_FAC="新建设施"; T_KIND1="一个社区综合服务站" ;;
	*) T_PROPS="Proposals and feedback forms"; T_FACMENU="Facility inventory"; T_COMMUNITIES="Communities and estates"
		T_FACLIST="Facility inventory"; T_ASK="The file to import"; T_NOT_IMPORTED="Not imported"; M_BOMGB="byte-order"
		M_NEITHER="neither"; M_NUL="NUL"; M_BIG="longer"; M_QUOTE="closed"; T_REQUIRED="This field is required."
		T_FULL="The field is full."; T_NEW_PROP="New proposal"; T_ASK_FB="Enter the returned feedback form"
		T_NEW_COMM="New community"; T_NEW_FAC="New facility"; T_KIND1="one community service station" ;;
	esac
}

# hostile NAME HEADER GOOD: the five hostile files NAME-*.csv, each HEADER, then the good row GOOD.
hostile() {
	local f="$TEST_HOME/$1"
	{ printf '\357\273\277'; printf '%s\n%s\n' "$2" "$3" | iconv -f UTF-8 -t GB18030; } >"$f-bomgb.csv"
	{ printf '\204\061\225\063'; printf '%s\n%s\n' "$2" "$3"; } >"$f-gbbom.csv"
	{ printf '%s\n%s\n' "$2" "$3"; printf '%s\000\n' "$3"; } >"$f-nul.csv"
	{ printf '%s\n%s\n"' "$2" "$3"; head -c 1048576 /dev/zero | tr '\0' x; printf '"\n'; } >"$f-big.csv"
	{ printf '%s\n%s\n"%s\n' "$2" "$3" "$3"; } >"$f-quote.csv"
}

# state TABLE: its rows and last change, which any write would move.
state() {
	q "SELECT count(*) || '|' || ifnull(max(change_seq), 0) FROM $1"
}

# refuses NAME TABLE TITLE: on the list titled TITLE, each of NAME's hostile files is refused in a
# message box saying why, and TABLE is as it was.
refuses() {
	local before f msg
	before=$(state "$2")
	for f in bomgb:"$M_BOMGB" gbbom:"$M_NEITHER" nul:"$M_NUL" big:"$M_BIG" quote:"$M_QUOTE"; do
		msg=${f#*:}
		f=${f%%:*}
		open_import "$T_ASK" "$TEST_HOME/$1-$f.csv"
		see "$T_NOT_IMPORTED" "$L $1-$f.csv: not imported"
		see_said "$msg" "$L ... saying why ($msg)"
		keys Enter
		gone "$T_NOT_IMPORTED" "$L ... Enter closes the message"
		see_row 0 "$3" "$L ... back on the list"
		is "$(state "$2")" "$before" "$L ... and the $2 table is as it was"
	done
}

flow() {
	local lang=$1 long
	flow_begin "$lang" 滨河社区 HBW-1
	hostile p '类别,届次,编号,标题,提出人,联系电话,承办单位' '建议,市人大十届三次会议,201,关于改造海北街道公厕的建议,吴十,8991333,乌海市住建局'
	hostile c '代码,名称,街道,区,户数' 'HBW-02,新华社区,新华街道,海勃湾区,800'
	hostile f '社区代码,类别,名称,地址,建筑面积,容量,容量单位,状态' 'HBW-1,便利店,华联便利店,滨河路2号,80,,,运营中'
	long=$(printf '长%.0s' $(seq 10000))

	launch_app "$lang"
	keys 3
	see_row 0 "$T_PROPS" "$L the proposal list"
	refuses p proposal "$T_PROPS"

	# The proposal form: F2 with nothing filled in; then 10,000 characters pasted as the proposer.
	keys n
	see_row 0 "$T_NEW_PROP" "$L n: a new proposal"
	keys F2
	see "$T_REQUIRED" "$L F2 on an empty proposal: the required fields say so"
	is "$(state proposal)" "0|0" "$L ... and nothing is written"
	keys 2 Tab Tab
	paste_text "$long"
	see "$T_FULL" "$L 10,000 characters pasted as the proposer: the field says it is full"
	keys Tab
	type_text 901
	keys Tab
	type_text 关于超长文字的提案
	keys Tab Tab
	type_text 乌海市商务局
	keys F2
	see "$T_ASK_FB" "$L the proposal saves"
	is "$(q "SELECT length(proposer) || '|' || (replace(proposer, '长', '') = '') || '|' || title FROM proposal WHERE number = '901'")" \
	    "200|1|关于超长文字的提案" "$L ... the proposer cut at the field's 200 characters, the other fields whole"
	keys n
	see_row 0 "$T_PROPS" "$L back to the list"
	keys Escape

	keys 2
	see_row 0 "$T_FACMENU" "$L the facility menu"
	keys 2
	see_row 0 "$T_COMMUNITIES" "$L the communities"
	refuses c community "$T_COMMUNITIES"

	# The community form: F2 empty; then a code and 10,000 characters pasted as the name.
	before=$(state community)
	keys n
	see_row 0 "$T_NEW_COMM" "$L n: a new community"
	keys F2
	see "$T_REQUIRED" "$L F2 on an empty community: the required fields say so"
	is "$(state community)" "$before" "$L ... and nothing is written"
	type_text HBW-09
	keys Tab
	paste_text "$long"
	see "$T_FULL" "$L 10,000 characters pasted as the name: the field says it is full"
	keys F2
	see_row 0 "$T_COMMUNITIES" "$L the community saves"
	is "$(q "SELECT length(name) || '|' || (replace(name, '长', '') = '') FROM community WHERE code = 'HBW-09'")" \
	    "200|1" "$L ... its name cut at the field's 200 characters"
	keys Escape
	see_row 0 "$T_FACMENU" "$L back to the facility menu"

	keys 1
	see_row 0 "$T_FACLIST" "$L the facility list"
	refuses f facility "$T_FACLIST"

	# The facility form: F2 empty; then a kind and 10,000 characters pasted as the name.
	keys n
	see_row 0 "$T_NEW_FAC" "$L n: a new facility"
	keys F2
	see "$T_REQUIRED" "$L F2 on an empty facility: the required fields say so"
	is "$(state facility)" "0|0" "$L ... and nothing is written"
	keys Enter 1 Enter
	see "$T_KIND1" "$L a kind picked"
	keys Tab
	paste_text "$long"
	see "$T_FULL" "$L 10,000 characters pasted as the name: the field says it is full"
	keys F2
	see_row 0 "$T_FACLIST" "$L the facility saves"
	is "$(q "SELECT length(name) || '|' || (replace(name, '长', '') = '') || '|' || std_item FROM facility WHERE deleted = 0")" \
	    "200|1|1" "$L ... its name cut at the field's 200 characters"
	stop_app
}

flow zh_CN.UTF-8
APP_TERM=xterm-256color flow C.UTF-8

done_testing
