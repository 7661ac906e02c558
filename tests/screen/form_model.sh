#!/bin/bash
# form_model.sh - the form over its model, on the real forms (first start and Settings):
# full-width input folded to ASCII in the office code and numbers; a number beyond 64 bits names
# the field's own limit; a bidi override typed into a name is refused with a message; Enter on the
# last field offers to save (Enter = yes); the discard question's default is no; a loaded value
# longer than its field is cut and says so; a draft write that fails is said on screen, retried,
# and kept once the database takes writes again. Keys also under TERM=xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_TITLE="欢迎使用：设置本单位信息"; T_MENU="居民需求调查"; T_MAIN="主菜单"; T_SETTINGS="设置"
		T_MAX="不能大于 10000000。"; T_CONTROL="此处不能含控制字符（发现 U+202E）"
		T_SAVE_Q="这是最后一项"; T_DISCARD="放弃修改"; T_CUT="已截断为 100 个字"
		T_NOT_KEPT="尚未保存"; T_RESTORED="已恢复上次输入的内容"; T_CODE_ERR="由 2 至 16 个字母"
		;;
	*)
		T_TITLE="Welcome: set up this office"; T_MENU="Resident needs surveys"; T_MAIN="Main menu"; T_SETTINGS="Settings"
		T_MAX="Must be at most 10000000."; T_CONTROL="Control characters are not allowed here (found U+202E)."
		T_SAVE_Q="This is the last field"; T_DISCARD="Discard changes?"; T_CUT="Cut to 100 characters"
		T_NOT_KEPT="Not kept yet"; T_RESTORED="Restored what you typed last time"; T_CODE_ERR="2 to 16 letters"
		;;
	esac
}

HINT_ROW=29

# The first start, typed with an input method in full-width mode where ASCII is meant.
first_start_flow() {
	local lang=$1 L="[$1${2:+, $2}]"
	texts "$lang"
	start_app "$lang"
	see_row 0 "$T_TITLE" "$L the welcome form"
	keys Tab   # from the office kind (a community office) to the community
	type_text "滨河社区"
	keys Tab Tab
	type_text "海勃湾区"
	keys Tab
	type_text "ＨＢＷ－０１０１"
	see "ＨＢＷ－０１０１" "$L the full-width office code is typed"
	keys Tab
	see "HBW-0101" "$L leaving the office code folds it to ASCII"
	not_seen "$T_CODE_ERR" "$L the folded code is valid: no error under it"
	type_text "张琦"
	keys Tab
	type_text "99999999999999999999"
	keys Tab
	see "$T_MAX" "$L a number beyond 64 bits names the field's own limit"
	not_seen "9223372036854775807" "$L never the machine's limit"
	keys BTab C-u
	type_text "１２００"
	keys Tab
	see "1200" "$L full-width digits in a number fold to ASCII"
	gone "$T_MAX" "$L the error goes once the number is fine"
	keys Enter
	see "$T_SAVE_Q" "$L Enter on the last field offers to save"
	keys Enter
	see "$T_MENU" "$L Enter (the default, yes) saves: the main menu appears"
	stop_app
	is "$(info_field 'Office code')" "HBW-0101" "$L the office code is stored folded"
	is "$(info_field Community)" "滨河社区" "$L the community is stored"
}

settings_flow() {
	local lang=$1 L="[$1]" long
	texts "$lang"
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null ||
	    fail "$L init"

	# A bidi override typed (or pasted) into a name is refused on leaving the field.
	launch_app "$lang"
	see_row 0 "$T_MAIN" "$L the main menu"
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings"
	keys End
	type_text $'\u202e'"乙"
	keys Tab
	see "$T_CONTROL" "$L a bidi override in the community is refused, naming it"
	keys BTab BSpace BSpace
	keys Tab
	gone "$T_CONTROL" "$L the message goes once the character is deleted"

	# The discard question: Enter answers its default, no.
	keys BTab End
	type_text "甲"
	see "滨河社区甲" "$L the community is changed"
	keys Escape
	see "$T_DISCARD" "$L Esc with changes asks whether to discard them"
	keys Enter
	gone "$T_DISCARD" "$L Enter closes the question"
	see_row 0 "$T_SETTINGS" "$L Enter (the default, no) stays in Settings"
	see "滨河社区甲" "$L the edit is kept"

	# A draft write that fails is said, retried, and kept once writes work again.
	sqlite3 "$DB" "CREATE TRIGGER lc_test_no_ins BEFORE INSERT ON draft BEGIN SELECT RAISE(ABORT, 'disk full'); END;
	    CREATE TRIGGER lc_test_no_upd BEFORE UPDATE ON draft BEGIN SELECT RAISE(ABORT, 'disk full'); END;" ||
	    fail "$L sqlite3 made the draft table refuse writes"
	keys Tab
	see "$T_NOT_KEPT" "$L leaving the field with the draft unwritable says the typing is not kept"
	type_text "凤凰岭街道"
	see "凤凰岭街道" "$L typing goes on"
	see "$T_NOT_KEPT" "$L still not kept while writes fail"
	sqlite3 "$DB" "DROP TRIGGER lc_test_no_ins; DROP TRIGGER lc_test_no_upd;" ||
	    fail "$L sqlite3 dropped the triggers"
	type_text "一"
	gone "$T_NOT_KEPT" "$L the next change retries the write and the warning goes"
	is "$(sqlite3 "$DB" "SELECT value FROM draft WHERE form = 'settings' AND field = 'community'")" "滨河社区甲" \
	    "$L the retried draft holds the field that could not be written"
	stop_app
	launch_app "$lang"
	keys 6
	see "$T_RESTORED" "$L the next start restores the draft"
	see "滨河社区甲" "$L the field whose write failed at first is restored"
	see "凤凰岭街道一" "$L the field being typed is restored"
	stop_app

	# A value longer than its field (written by another program) is cut and the form says so.
	long=$(printf '长%.0s' $(seq 1 120))
	sqlite3 "$DB" "DELETE FROM draft; UPDATE settings SET value = '$long' WHERE key = 'community';" ||
	    fail "$L sqlite3 stored a long community name"
	launch_app "$lang"
	keys 6
	see_row 0 "$T_SETTINGS" "$L Settings with the long name"
	see "$T_CUT" "$L the form says the loaded text was cut at the field's limit"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	first_start_flow "$lang"
	settings_flow "$lang"
done

# The keys as an xterm sends them (Tab, Shift-Tab, Enter, Escape sequences from terminfo).
sed -i 's/^set -g default-terminal .*/set -g default-terminal xterm-256color/' "$_t_tmp/tmux.conf"
first_start_flow C.UTF-8 TERM=xterm-256color

done_testing
