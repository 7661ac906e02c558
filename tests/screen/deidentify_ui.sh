#!/bin/bash
# deidentify_ui.sh - the export says which personal information it carries or leaves out by what a
# user knows: for the surveys, the questions the templates mark personal (XLSForm column personal =
# yes) by their labels in the UI language, a few then "等 N 题", never the column that holds the
# answers ("调查问卷: answers"). With the shipped questionnaire alone (its optional phone), then with a
# second template of four personal questions; in the question and in the summary after a
# de-identified export; in Chinese and English, and under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_EXCHANGE="数据交换"; T_WHO="文件发给谁"; T_SCOPE="哪些记录写入文件"; T_PERSONAL="个人信息"
		T_PROTECT="口令"; T_WHERE="文件夹"; T_WRITTEN="已写出"
		ONE="调查问卷：联系电话(自愿填写)（按问卷模板标为个人信息的问题）"
		MANY="调查问卷：受访者姓名、联系电话、身份证号码等 5 题（按问卷模板标为个人信息的问题）"
		LEFT_OUT="已去标识：文件不含"; PROPOSAL="建议提案：联系电话" ;;
	*)
		T_MAIN="Main menu"; T_EXCHANGE="Data exchange"; T_WHO="Who is the file for"; T_SCOPE="Which records go into the file"
		T_PERSONAL="personal information"; T_PROTECT="passphrase"; T_WHERE="A folder"; T_WRITTEN="Written:"
		ONE="survey response: Phone number (optional) (the questions a questionnaire template marks personal)"
		MANY="survey response: Respondent's name, Phone, ID number, etc. (5 questions in all) (the questions a questionnaire template marks personal)"
		LEFT_OUT="De-identified: the file leaves out"; PROPOSAL="proposal: phone" ;;
	esac
}

# to_personal: from the main menu to the export's personal-information question.
to_personal() {
	keys 4
	see_row 0 "$T_EXCHANGE" "$L the exchange menu"
	keys 1
	see "$T_WHO" "$L who the file is for"
	keys 1
	see "$T_SCOPE" "$L which records"
	keys 1
	see "$T_PERSONAL" "$L personal information asked"
}

flow() {
	local lang=$1 out said
	flow_begin "$lang" 滨河社区 HBW-0101
	lc import proposals "$TESTS_SRCDIR/data/proposals_zh.csv" >/dev/null 2>&1
	out=$TEST_HOME/out
	mkdir -p "$out"

	# The shipped questionnaire alone: its optional phone, by its label.
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$out" launch_app "$lang"
	wait_row 0 "$T_MAIN"
	to_personal
	see_flat "$ONE" "$L the question names the shipped questionnaire's personal question by its label"
	see_flat "$PROPOSAL" "$L ... and the proposals' phone as before"
	case "$(flat_text)" in
	*answers*) fail "$L ... not the column that holds the answers"; show_screen ;;
	*) pass "$L ... not the column that holds the answers" ;;
	esac
	stop_app

	# A second template with four personal questions: three named, then how many in all.
	cat >"$TEST_HOME/contact.survey.csv" <<'EOF'
type,name,label::中文 (zh),label::English (en),personal
text,resident,受访者姓名,Respondent's name,yes
text,phone,联系电话,Phone,yes
text,idno,身份证号码,ID number,yes
text,address,家庭住址,Home address,yes
integer,age,年龄,Age,no
EOF
	printf 'form_id,version,form_title\nan_contact,1,联系方式\n' >"$TEST_HOME/contact.settings.csv"
	lc template import "$TEST_HOME/contact.survey.csv" "$TEST_HOME/contact.settings.csv" >/dev/null 2>&1 ||
	    fail "$L the contact template imports"
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$out" launch_app "$lang"
	wait_row 0 "$T_MAIN"
	to_personal
	see_flat "$MANY" "$L with five personal questions: three by their labels, then how many in all"
	keys 2
	see "$T_PROTECT" "$L leave them out: a passphrase"
	keys 1
	see "$T_WHERE" "$L where to"
	keys Enter
	see "$T_WRITTEN" "$L written"
	see_flat "$LEFT_OUT" "$L the summary says the file is de-identified"
	see_flat "$MANY" "$L ... naming the questions left out as the question did"
	is "$(sqlite3 "$(ls "$out"/*.lcdb | head -1)" "SELECT value FROM sync_manifest WHERE key = 'deidentified'")" 1 \
	    "$L the file is marked de-identified"
	stop_app

	# The command line words it the same way.
	said=$(lc_lang "$lang" sync export -o "$TEST_HOME/cli.lcdb" --full --deidentify 2>&1)
	contains "$said" "$MANY" "$L sync export --deidentify names the questions it left out" || diag "$said"
	lacks "$said" "answers" "$L ... not the column that holds the answers"
}

flow zh_CN.UTF-8
flow C.UTF-8
APP_TERM=xterm-256color flow zh_CN.UTF-8
done_testing
