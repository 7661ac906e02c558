#!/bin/bash
# sync_ui.sh - the data exchange screens as a user drives them: export from one office's database
# (changes since the last export, a passphrase typed twice and never shown), import the folder into
# another database (the passphrase asked, the per-file result with its counts), the records in the
# proposal list, the receipt; then the same proposals edited in both databases, the second export
# imported, the conflicts reviewed side by side: t takes the other version (checked in the database
# as a new edit), k keeps the current one; the possible duplicates side by side.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

T1="关于提高一刻钟社区生活圈建设质量的提案"
T2="关于完善社区卫生服务站的提案"
PASS="河边的柳树7"

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_EXCHANGE="数据交换"; T_EXPORT="导出给区里"; T_SCOPE="哪些记录"; T_WHO="文件发给谁"; T_SINCE="上次导出给区里以来"
		T_PERSONAL="个人信息"; T_PROTECT="口令"; T_WHERE="文件夹"; T_WRITTEN="已写出"
		T_PROPOSAL="建议提案"; T_CARRIES="含个人信息"; T_RESULTS="导入结果"; T_IMPORTED="已导入 1 个"
		T_RECEIPTS="收据"; T_HASH="文件哈希"; T_CONFLICTS="冲突"; T_TO_REVIEW="待处理"
		T_CURRENT="当前（胜出）"; T_KEPT="另存的版本"; T_TAKE_Q="采用另一版本"; T_TAKEN="已采用另一版本"
		T_KEPT_DONE="已保留当前版本"; T_DUPS="可能重复"; T_SAME_KEY="键相同"; T_PROPOSALS="建议提案意见表"
		T_DIFFER="两次输入的口令不同"
		T_DUPS_HELP="m 合并这两条"
		T_RECEIPTS_HELP="收据：导入过的每个文件"; T_CONFLICTS_HELP="冲突：两个单位从同一版本出发修改的记录"
		T_REFUSED="拒收"; T_AHEAD_Q="接受时钟比本机超前"; T_ONE_IN="已导入 1 个，拒收 0 个"; T_ONE_REFUSED="已导入 1 个，拒收 1 个"; T_NOTHING="此文件未改动任何内容"
		;;
	*)
		T_MAIN="Main menu"; T_EXCHANGE="Data exchange"; T_EXPORT="Export for the district"; T_SCOPE="Which records"; T_WHO="Who is the file for"; T_SINCE="since the last export to the district"
		T_PERSONAL="personal information"; T_PROTECT="passphrase"; T_WHERE="A folder"; T_WRITTEN="Written:"
		T_PROPOSAL="proposal"; T_CARRIES="carries personal information"; T_RESULTS="Import results"
		T_IMPORTED="imported: 1"; T_RECEIPTS="Receipts"; T_HASH="File hash"; T_CONFLICTS="Conflicts"
		T_TO_REVIEW="to review"; T_CURRENT="Current (winning)"; T_KEPT="Kept aside"; T_TAKE_Q="Take the other"
		T_TAKEN="The other version was taken"; T_KEPT_DONE="The current version was kept"; T_DUPS="Possible duplicates"
		T_SAME_KEY="same key"; T_PROPOSALS="Proposals and feedback forms"; T_DIFFER="The two passphrases differ"
		T_DUPS_HELP="m merges them"
		T_RECEIPTS_HELP="Receipts: every file imported"; T_CONFLICTS_HELP="Conflicts: records edited at two offices"
		T_REFUSED="REFUSED"; T_AHEAD_Q="more than a day ahead of this computer"; T_ONE_IN="imported: 1, refused: 0"; T_ONE_REFUSED="imported: 1, refused: 1"; T_NOTHING="Nothing was changed by this file"
		;;
	esac
}

# edit_title DB NUMBER TITLE MINUTES: a new version of proposal NUMBER's title, as an edit made at
# that database MINUTES after its current clock (base the old clock, origin its node).
edit_title() {
	sqlite3 "$1" "UPDATE proposal SET title = '$3', base = hlc,
	    hlc = printf('%015d-00000', CAST(substr(hlc, 1, 15) AS INTEGER) + $4 * 60000),
	    origin = (SELECT value FROM settings WHERE key = 'node_id') WHERE number = '$2' AND deleted = 0;"
}

flow() {
	local lang=$1 L="[$1${APP_TERM:+ $APP_TERM}]" A B EXP file n
	texts "$lang"
	new_home
	A=$TEST_HOME/a.db B=$TEST_HOME/b.db EXP=$TEST_HOME/exports
	mkdir -p "$EXP"
	DB=$A
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0101 --operator 张琦 >/dev/null || fail "$L init A"
	lc import proposals "$TESTS_SRCDIR/data/proposals_zh.csv" >/dev/null 2>&1
	DB=$B
	lc init --community 海勃湾区民政局 --district 海勃湾区 --office-code HBW-0000 --operator 李华 >/dev/null || fail "$L init B"
	# The district keyed the same list itself: the same numbers under other ids, possible duplicates.
	lc import proposals "$TESTS_SRCDIR/data/proposals_zh.csv" >/dev/null 2>&1

	# ---- export from A through the screens
	DB=$A
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$EXP" launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4
	see_row 0 "$T_EXCHANGE" "$L entry 4 opens the data exchange menu"
	see "$T_EXPORT" "$L the menu offers the export for the district"
	keys 1
	see "$T_WHO" "$L the export asks who the file is for"
	keys 1
	see "$T_SCOPE" "$L the export asks which records"
	see "$T_SINCE" "$L ... what changed since the last export to the district"
	keys 1
	see "$T_PERSONAL" "$L then about personal information"
	see "$T_PROPOSAL" "$L naming the proposals' personal fields"
	keys 1
	see "$T_PROTECT" "$L then about a passphrase"
	keys 2
	type_text "$PASS"
	not_seen "$PASS" "$L the passphrase is not shown as it is typed"
	keys Enter
	type_text "x$PASS"
	keys Enter
	see "$T_DIFFER" "$L two different passphrases are refused"
	keys Enter
	type_text "$PASS"
	keys Enter
	type_text "$PASS"
	keys Enter
	see "$T_WHERE" "$L then where to"
	see "$EXP" "$L the export folder is offered"
	keys Enter
	see "$T_WRITTEN" "$L the export says what it wrote"
	file=$(ls "$EXP")
	contains "$file" "HBW-0101-" "$L the file is named after the office"
	contains "$file" ".lcdb.enc" "$L an encrypted file is .lcdb.enc"
	see "$file" "$L the screen names the file"
	see_row "$(row_of "$T_PROPOSAL  ")" "3" "$L the proposals counted: 3"
	see "$T_CARRIES" "$L it says the file carries personal information"
	keys Escape
	see_row 0 "$T_EXCHANGE" "$L Esc returns to the exchange menu"
	stop_app

	# ---- import into B: the folder, the passphrase, the result table
	DB=$B
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4
	see_row 0 "$T_EXCHANGE" "$L B: the exchange menu"
	keys 2
	type_text "$EXP"
	keys Enter
	see "$T_PROTECT" "$L B: the encrypted file asks for its passphrase"
	type_text "$PASS"
	not_seen "$PASS" "$L B: the passphrase is not shown"
	keys Enter
	see_row 0 "$T_RESULTS" "$L B: the result table"
	see "$T_IMPORTED" "$L B: one file imported"
	n=$(row_of "HBW-0101 ")
	see_row "$n" "$file" "$L B: the row names the file"
	# new: the community and the three proposals (the seeded template is the same record in both).
	contains "$(row "$n")" "  4  " "$L B: 4 new records on screen"
	is "$(sqlite3 "$B" "SELECT count(*) FROM proposal WHERE title = '$T1'")" 2 "$L B: A's proposal is in B (beside B's own)"
	keys Enter
	see "$T_HASH" "$L B: Enter shows the file's whole result"
	keys Enter Escape
	see_row 0 "$T_EXCHANGE" "$L B: back in the exchange menu"
	keys 3
	see_row 0 "$T_RECEIPTS" "$L B: the receipts"
	see "HBW-0101-2026" "$L B: the receipt names the file"
	keys Enter
	see "$T_HASH" "$L B: Enter shows the whole receipt"
	keys Enter
	keys F1
	see "$T_RECEIPTS_HELP" "$L B: F1 on the receipts explains them"
	keys Escape
	see_row 0 "$T_RECEIPTS" "$L B: Esc: back to the receipts"
	keys Escape
	keys Escape
	see_row 0 "$T_MAIN" "$L B: back in the main menu"
	keys 3
	see_row 0 "$T_PROPOSALS" "$L B: the proposal list"
	see "$T2" "$L B: the imported proposals are in the list"
	keys Escape
	stop_app

	# ---- the same two proposals edited in both; A's edits are older, B's win
	edit_title "$A" 032 "甲办改的标题一" 1
	edit_title "$A" 047 "甲办改的标题二" 1
	sqlite3 "$B" "UPDATE proposal SET title = '乙办改的标题一', base = hlc,
	    hlc = printf('%015d-00000', CAST(substr(hlc, 1, 15) AS INTEGER) + 120000),
	    origin = (SELECT value FROM settings WHERE key = 'node_id')
	    WHERE id = (SELECT id FROM proposal WHERE number = '032' AND origin <> (SELECT value FROM settings WHERE key = 'node_id'));
	    UPDATE proposal SET title = '乙办改的标题二', base = hlc,
	    hlc = printf('%015d-00000', CAST(substr(hlc, 1, 15) AS INTEGER) + 120000),
	    origin = (SELECT value FROM settings WHERE key = 'node_id')
	    WHERE id = (SELECT id FROM proposal WHERE number = '047' AND origin <> (SELECT value FROM settings WHERE key = 'node_id'));"
	rm -f "$EXP"/*
	DB=$A
	lc sync export -o "$EXP" >/dev/null || fail "$L the second export"
	# A file that is not ours, among them: refused with why, and the other still goes in.
	printf 'not a database\n' >"$EXP/0-notes.lcdb"
	DB=$B
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 2
	type_text "$EXP"
	keys Enter
	see_row 0 "$T_RESULTS" "$L B: the second import's result"
	n=$(row_of "0-notes.lcdb")
	contains "$(row "$n")" "$T_REFUSED" "$L B: the text file is refused on its row"
	see "$T_ONE_REFUSED" "$L B: one imported, one refused"
	keys Enter
	see "$T_NOTHING" "$L B: Enter says why, and that it changed nothing"
	keys Enter
	keys Down
	see_line_with "HBW-0101 " "  2" "$L B: 2 in conflict on screen"
	# At 80 columns the file name gives way (cut with …) and the counts stay.
	tm resize-window -t app -x 80 -y 24
	wait_for "…" || true
	n=$(row_of "HBW-0101 ")
	contains "$(row "$n")" "…" "$L B: at 80 columns the file name is cut"
	contains "$(row "$n")" "  2" "$L B: at 80 columns the conflicts still show"
	tm resize-window -t app -x 100 -y 30
	wait_gone "…" || true
	keys Escape
	keys 4
	see_row 0 "$T_CONFLICTS" "$L B: the conflicts list"
	see "$T_TO_REVIEW" "$L B: conflicts to review"
	see "甲办改的标题一" "$L B: the kept version's title names the conflict"
	select_row "标题一" "标题二"
	keys Enter
	see "$T_CURRENT" "$L B: the left side is the current version"
	see "$T_KEPT" "$L B: the right side the version kept aside"
	n=$(row_of "乙办改的标题一")
	see_row "$n" "甲办改的标题一" "$L B: both titles side by side on one row"
	contains "$(row "$n" | cut -c1-4)" "*" "$L B: the differing field is marked"
	# CJK widths: the right title starts where the right column does, after the left's 2-column characters.
	is "$(col_of "$n" "甲办改的标题一")" "$(col_of "$(row_of "$T_KEPT")" "$T_KEPT")" "$L B: the columns line up in screen columns"
	local hb
	hb=$(sqlite3 "$B" "SELECT hlc FROM proposal WHERE title = '乙办改的标题一'")
	keys t
	see "$T_TAKE_Q" "$L B: t asks first"
	keys y
	see "$T_TAKEN" "$L B: the other version was taken"
	is "$(sqlite3 "$B" "SELECT count(*) FROM proposal WHERE title = '甲办改的标题一'")" 1 "$L B: the record holds the other title"
	is "$(sqlite3 "$B" "SELECT base = '$hb' AND hlc > '$hb' FROM proposal WHERE title = '甲办改的标题一'")" 1 "$L B: a new version whose base is the winner's clock"
	is "$(sqlite3 "$B" "SELECT origin = (SELECT value FROM settings WHERE key = 'node_id') FROM proposal WHERE title = '甲办改的标题一'")" 1 "$L B: written here (origin B's node)"
	is "$(sqlite3 "$B" "SELECT reviewed FROM sync_conflict WHERE json_extract(data, '\$.title') = '甲办改的标题一'")" took "$L B: the conflict is marked taken"
	keys Escape
	see_row 0 "$T_CONFLICTS" "$L B: back in the list"
	keys Escape
	see "甲办改的标题二" "$L B: Esc clears the search"
	select_row "标题二" "标题一"
	keys Enter
	see "乙办改的标题二" "$L B: the second conflict side by side"
	keys k
	see "$T_KEPT_DONE" "$L B: k keeps the current version"
	is "$(sqlite3 "$B" "SELECT count(*) FROM proposal WHERE title = '乙办改的标题二'")" 1 "$L B: the current title stays"
	is "$(sqlite3 "$B" "SELECT reviewed FROM sync_conflict WHERE json_extract(data, '\$.title') = '甲办改的标题二'")" kept "$L B: the conflict is marked kept"
	keys Escape
	see_row 0 "$T_CONFLICTS" "$L B: Esc leaves the second conflict"
	keys F1
	see "$T_CONFLICTS_HELP" "$L B: F1 on the conflicts explains them"
	keys Escape
	see_row 0 "$T_CONFLICTS" "$L B: Esc: back to the conflicts"
	keys Escape Escape
	see_row 0 "$T_EXCHANGE" "$L B: the exchange menu again"
	# The taken version is an edit like any other: it goes out in the next export.
	stop_app
	rm -f "$EXP"/*
	lc sync export -o "$EXP" >"$TEST_HOME/out.txt" || fail "$L B exports"
	DB=$A
	lc sync import "$EXP"/* >/dev/null || fail "$L A imports B's file"
	is "$(sqlite3 "$A" "SELECT count(*) FROM proposal WHERE title = '甲办改的标题一'")" 1 "$L A holds the taken version"
	DB=$B

	# ---- a file whose clocks lie two days ahead: refused, then taken with a once the clock is checked
	sqlite3 "$A" "UPDATE proposal SET title = '未来的标题', base = hlc,
	    hlc = printf('%015d-00000', (CAST(strftime('%s', 'now') AS INTEGER) + 2 * 86400) * 1000),
	    origin = (SELECT value FROM settings WHERE key = 'node_id')
	    WHERE number = '011' AND origin = (SELECT value FROM settings WHERE key = 'node_id');"
	rm -f "$EXP"/*
	DB=$A
	lc sync export -o "$EXP" >/dev/null || fail "$L A exports the record from the future"
	DB=$B
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 2
	type_text "$EXP"
	keys Enter
	see "$T_REFUSED" "$L B: the file from the future is refused"
	see "HBW-0101" "$L B: naming the office"
	keys a
	see "$T_AHEAD_Q" "$L B: a asks first"
	keys y
	see "$T_ONE_IN" "$L B: a takes it"
	is "$(sqlite3 "$B" "SELECT count(*) FROM proposal WHERE title = '未来的标题'")" 1 "$L B: the record is here"
	stop_app

	# ---- possible duplicates: B's own list and A's, the same numbers
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 5
	see_row 0 "$T_DUPS" "$L B: the possible duplicates"
	see "市政协十届三次会议" "$L B: pairs named by their key"
	keys Enter
	see "$T_SAME_KEY" "$L B: Enter shows a pair side by side"
	keys F1
	see "$T_DUPS_HELP" "$L B: the help says m merges them"
	keys Escape Escape Escape
	see_row 0 "$T_EXCHANGE" "$L B: back"
	keys Escape
	see_row 0 "$T_MAIN" "$L B: the main menu"
	keys q
	if wait_exit; then pass "$L q quits"; else fail "$L q quits"; fi
}

# select_row TEXT: the list searched for TEXT (/ TEXT Enter), so the one row showing it is selected.
select_row() {
	keys /
	type_text "$1"
	keys Enter
	wait_gone "$2"
	see "$1" "the search finds $1"
}

# col_of N TEXT: the screen column where TEXT starts on row N.
col_of() {
	local r
	r=$(row "$1")
	cols "${r%%"$2"*}"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	flow "$lang"
done
APP_TERM=xterm-256color flow zh_CN.UTF-8

done_testing
