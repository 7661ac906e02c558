#!/bin/bash
# dupmerge.sh - merging possible duplicates as a user does it: two offices each make community
# HBW-02 (and a facility in it), exchange files and see the pair in 数据交换 → 可能重复; side by side,
# m asks which one stays and confirms it in words (n declines: nothing changes); then y merges: the
# pair leaves the list, the other office's community is a tombstone that names the kept one, its
# facility points at the kept one; after the next file the other office sees the same and both
# databases hold the same records (the file sent from the export screen to the community offices, a
# destination remembered apart from the district; B then sends one to office HBW-01 by name, an empty
# name refused). A facility B added before the merge reached it arrives at A pointing at the tombstone:
# the duplicates screen counts it and r moves it. `sync merge` on the command line: refused with a reason for bad
# input, and it merges a proposal pair. The same pair merged at both offices leaves nothing in the conflicts list;
# a pair merged the opposite ways round leaves exactly one record, the later merge's. In zh_CN.UTF-8 and C.UTF-8, and keys under xterm-256color.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool sqlite3 sqlite3

texts() {
	case $1 in
	zh_CN.UTF-8)
		T_MAIN="主菜单"; T_DUPS="可能重复"; T_SAME_KEY="键相同"; T_HINT="m 合并"; T_WHICH="保留哪一条"
		T_KEEP_A="保留记录 A（HBW-01）"; T_STAYS="（HBW-01）。记录"; T_MERGED="已合并：1 条记录"
		T_NONE="没有可能重复的记录"; T_HELP="按 m 把它们合并"; T_CONFLICTS="冲突"
		T_WHO="文件发给谁"; T_SINCE="上次导出给各社区以来"; T_PERSONAL="个人信息"; T_PROTECT="口令"; T_FOR="发给各社区"
		T_STRAY="有 1 条记录指向已并入"; T_STRAY_KEY="r 转移"; T_STRAY_Q="把这 1 条记录转到"; T_MOVED="已转移：1 条记录"
		T_EXCHANGE="数据交换"; T_NAME_Q="去处的名称"; T_NAME_BAD="1 到 100 个字符"; T_SINCE_NAMED="上次导出给HBW-01以来"; T_FOR_NAMED="发给HBW-01" ;;
	*)
		T_MAIN="Main menu"; T_DUPS="Possible duplicates"; T_SAME_KEY="same key"; T_HINT="m Merge"; T_WHICH="Which record stays"
		T_KEEP_A="Keep record A (HBW-01)"; T_STAYS="(HBW-01) stays"; T_MERGED="Merged: 1 records moved"
		T_NONE="No possible duplicates"; T_HELP="m merges them"; T_CONFLICTS="Conflicts"
		T_WHO="Who is the file for"; T_SINCE="since the last export to the communities"; T_PERSONAL="personal information"
		T_PROTECT="passphrase"; T_FOR="For the communities"
		T_STRAY="1 records arrived pointing at records merged away"; T_STRAY_KEY="r Move"; T_STRAY_Q="Move the 1 records"
		T_MOVED="Moved: 1 records"; T_EXCHANGE="Data exchange"; T_NAME_Q="The destination's name"; T_NAME_BAD="1 to 100 characters"
		T_SINCE_NAMED="since the last export to HBW-01"; T_FOR_NAMED="For HBW-01" ;;
	esac
}

# office DB CODE NAME HOUSEHOLDS FACILITY KIND CAPACITY,UNIT: an office with its own community CODE, and community
# HBW-02 imported with one facility.
office() {
	DB=$1
	lc init --community "$3" --district 海勃湾区 --office-code "$2" --operator 张琦 >/dev/null || fail "$L init $2"
	printf '%s\n' '代码,名称,街道,区,户数' "HBW-02,新华社区,新华街道,海勃湾区,$4" >"$TEST_HOME/c.csv"
	lc import communities "$TEST_HOME/c.csv" >/dev/null || fail "$L $2: community HBW-02"
	printf '%s\n' '社区代码,类别,名称,地址,建筑面积,容量,容量单位,状态' \
	    "HBW-02,$6,$5,新华路1号,160,$7,运营中" >"$TEST_HOME/f.csv"
	lc import facilities "$TEST_HOME/f.csv" >/dev/null || fail "$L $2: a facility in HBW-02"
}

# send FROM TO NAME: everything FROM holds, exported and imported into TO.
send() {
	DB=$1 lc sync export --full -o "$TEST_HOME/$3.lcdb" >/dev/null || fail "$L export $3"
	DB=$2 lc sync import "$TEST_HOME/$3.lcdb" >/dev/null || fail "$L import $3"
}

# two_offices: a new home with offices A (HBW-01) and B (HBW-03) that each entered community HBW-02
# with a facility and then exchanged everything; ka is A's own HBW-02, kb B's (the caller declares A B ka kb local).
two_offices() {
	new_home
	A=$TEST_HOME/a.db B=$TEST_HOME/b.db
	office "$A" HBW-01 海北社区 800 新华托儿所 托儿所 40,托位
	office "$B" HBW-03 滨河社区 900 新华幼儿园 幼儿园 6,班
	send "$A" "$B" a1
	send "$B" "$A" b1
	ka=$(sqlite3 "$A" "SELECT id FROM community WHERE code = 'HBW-02' AND origin = (SELECT value FROM settings WHERE key = 'node_id')")
	kb=$(sqlite3 "$A" "SELECT id FROM community WHERE code = 'HBW-02' AND id <> '$ka'")
}

flow() {
	local lang=$1 A B ka kb st out
	L="[$1${APP_TERM:+ TERM=$APP_TERM}]"
	texts "$lang"
	two_offices
	DB=$A
	is "$(lc sync duplicates | cut -f1,2)" "community	HBW-02" "$L A lists the pair on the command line"

	DB=$A
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 5
	see_row 0 "$T_DUPS" "$L A: the possible duplicates"
	see "HBW-02" "$L A: the pair named by its code"
	keys F1
	see "$T_HELP" "$L A: the help says m merges"
	keys Escape
	keys Enter
	see "$T_SAME_KEY" "$L A: Enter shows the two side by side"
	see "HBW-03" "$L A: with the office that made each"
	see "$T_HINT" "$L A: the hint offers m"

	# m, then n at the confirmation: nothing changes.
	keys m
	see "$T_WHICH" "$L A: m asks which record stays"
	if screen | grep -qF -- "$T_KEEP_A"; then keys 1; else keys 2; fi
	see "$T_STAYS" "$L A: the confirmation says A's own record stays"
	keys n
	wait_gone "$T_STAYS"
	is "$(sqlite3 "$A" "SELECT count(*) FROM community WHERE deleted = 1")" 0 "$L A: n merges nothing"
	see "$T_SAME_KEY" "$L A: still side by side"

	keys m
	see "$T_WHICH" "$L A: m again"
	if screen | grep -qF -- "$T_KEEP_A"; then keys 1; else keys 2; fi
	see "$T_STAYS" "$L A: the confirmation again"
	keys y
	see "$T_MERGED" "$L A: merged, one facility moved"
	see "$T_NONE" "$L A: the pair is gone from the list"
	see_row 0 "$T_DUPS" "$L A: back on the list"
	is "$(sqlite3 "$A" "SELECT deleted FROM community WHERE id = '$kb'")" 1 "$L A: B's community is a tombstone"
	is "$(sqlite3 "$A" "SELECT deleted FROM community WHERE id = '$ka'")" 0 "$L A: A's stays"
	is "$(sqlite3 "$A" "SELECT tbl || ' ' || into_id FROM record_merge WHERE from_id = '$kb'")" "community $ka" \
	    "$L A: the tombstone names the record it was merged into"
	is "$(sqlite3 "$A" "SELECT community FROM facility WHERE name = '新华幼儿园'")" "$ka" "$L A: B's facility points at the kept community"
	is "$(DB=$A lc sync duplicates)" "" "$L A: no pair on the command line either"
	keys Escape Escape
	see_row 0 "$T_MAIN" "$L A: the main menu"
	keys q
	if wait_exit; then pass "$L A: q quits"; else fail "$L A: q quits"; fi

	# B, not knowing yet, adds a facility to its HBW-02; at A it arrives pointing at the tombstone.
	# (written with sqlite3: at B both HBW-02 are live, and the import would pick either.)
	sqlite3 "$B" "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, business_type, name)
	    VALUES ('44444444-4444-4444-8444-444444444444', (SELECT value FROM settings WHERE key = 'node_id'),
	    '2026-11-01', '2026-11-01', (SELECT value FROM settings WHERE key = 'clock'), '$kb', 'canteen', '新华二托')" ||
	    fail "$L B: a facility added after the merge"
	send "$B" "$A" b1x
	is "$(sqlite3 "$A" "SELECT community FROM facility WHERE name = '新华二托'")" "$kb" "$L A: it points at the merged record"
	DB=$A
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 5
	see "$T_STRAY" "$L A: the duplicates screen counts the stray record"
	see "$T_STRAY_KEY" "$L A: the hint offers r"
	keys r
	see "$T_STRAY_Q" "$L A: r asks first"
	keys y
	see "$T_MOVED" "$L A: moved"
	gone "$T_STRAY" "$L A: the line is gone"
	is "$(sqlite3 "$A" "SELECT community FROM facility WHERE name = '新华二托'")" "$ka" "$L A: it points at the kept community"
	keys Escape Escape q
	if wait_exit; then pass "$L A: q quits"; else fail "$L A: q quits"; fi
	contains "$(DB=$A lc sync repoint)" "Moved 0 records" "$L sync repoint: nothing left to move"

	# The merge travels: A sends it to the community offices from the export screen (a destination
	# of its own, remembered apart from the district), B imports it; both hold the same records.
	mkdir -p "$TEST_HOME/out"
	DB=$A
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$TEST_HOME/out" launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 1
	see "$T_WHO" "$L A: the export asks who the file is for"
	keys 2
	see "$T_SINCE" "$L A: what changed since the last export to the community offices"
	keys 1
	see "$T_PERSONAL" "$L A: personal information"
	keys 1
	see "$T_PROTECT" "$L A: a passphrase"
	keys 1
	see "$TEST_HOME/out" "$L A: the export folder offered"
	keys Enter
	see "$T_FOR" "$L A: written for the community offices"
	keys Escape Escape q
	if wait_exit; then pass "$L A: q quits"; else fail "$L A: q quits"; fi
	is "$(sqlite3 "$A" "SELECT group_concat(dest, ' ') FROM (SELECT dest FROM sync_peer ORDER BY dest)")" "communities district" \
	    "$L A: what was sent is remembered for the community offices apart from the district"
	DB=$B lc sync import "$TEST_HOME"/out/*.lcdb >/dev/null || fail "$L B imports the file for the community offices"
	send "$B" "$A" b2
	is "$(sqlite3 "$B" "SELECT community FROM facility WHERE name = '新华幼儿园'")" "$ka" "$L B: its facility points at the kept community"
	is "$(DB=$B lc sync digest)" "$(DB=$A lc sync digest)" "$L A and B hold the same records"
	DB=$B
	APP_ENV="LIFECIRCLE_EXPORT_DIR=$TEST_HOME/out" launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 5
	see "$T_NONE" "$L B: no possible duplicates either"
	# B sends a file to office HBW-01 by name: a destination of its own.
	keys Escape
	see_row 0 "$T_EXCHANGE" "$L B: the exchange menu"
	keys 1
	see "$T_WHO" "$L B: who the file is for"
	keys 3
	see "$T_NAME_Q" "$L B: another destination asks its name"
	keys Enter
	see "$T_NAME_BAD" "$L B: an empty name is refused"
	type_text "HBW-01"
	keys Enter
	see "$T_SINCE_NAMED" "$L B: what changed since the last export to HBW-01"
	keys 2 1 1
	see "$TEST_HOME/out" "$L B: the export folder offered"
	keys Enter
	see "$T_FOR_NAMED" "$L B: written for HBW-01"
	is "$(sqlite3 "$B" "SELECT count(*) FROM sync_peer WHERE dest = 'HBW-01'")" 1 "$L B: what was sent to HBW-01 is remembered"
	keys Escape Escape q
	if wait_exit; then pass "$L B: q quits"; else fail "$L B: q quits"; fi

	# The command line: refused with a reason, nothing changed; then a merge.
	DB=$A
	long=$(printf '滨%.0s' $(seq 1 101))
	out=$(lc sync export -o "$TEST_HOME/out" --to "$long" 2>&1); st=$?
	is "$st" 2 "$L sync export --to a name of 101 characters: refused"
	contains "$out" "1 to 100" "$L ... saying how long a name may be"
	is "$(sqlite3 "$A" "SELECT count(*) FROM sync_peer WHERE dest LIKE '滨%'")" 0 "$L ... and nothing remembered for it"
	out=$(lc sync merge community "$ka" "$kb" 2>&1); st=$?
	is "$st" 1 "$L sync merge of a tombstone: exit 1"
	contains "$out" "not both live records" "$L ... saying why"
	out=$(lc sync merge feedback "$ka" "$kb" 2>&1); st=$?
	is "$st" 1 "$L sync merge of a kind that cannot be merged: exit 1"
	out=$(lc sync merge community "$ka" 2>&1); st=$?
	is "$st" 2 "$L sync merge with an id missing: usage, exit 2"
	sqlite3 "$A" "INSERT INTO proposal (id, origin, created_at, updated_at, hlc, number, session, kind, title, proposer, handling_unit)
	    VALUES ('11111111-1111-4111-8111-111111111111', 'x', '2026-01-01', '2026-01-01', '000000000000001-00000', '032', '十届三次', 'proposal', '加装电梯', '王', '区民政局'),
	           ('22222222-2222-4222-8222-222222222222', 'y', '2026-01-01', '2026-01-01', '000000000000001-00000', '032', '十届三次', 'proposal', '老楼加装电梯', '王', '区民政局');
	    INSERT INTO feedback (id, origin, created_at, updated_at, hlc, proposal_id)
	    VALUES ('33333333-3333-4333-8333-333333333333', 'y', '2026-01-01', '2026-01-01', '000000000000001-00000', '22222222-2222-4222-8222-222222222222');"
	out=$(lc sync merge proposal 11111111-1111-4111-8111-111111111111 22222222-2222-4222-8222-222222222222 2>&1); st=$?
	is "$st" 0 "$L sync merge of a proposal pair: exit 0"
	contains "$out" "1 records that pointed at it" "$L ... one feedback form moved"
	is "$(sqlite3 "$A" "SELECT proposal_id FROM feedback WHERE id = '33333333-3333-4333-8333-333333333333'")" \
	    11111111-1111-4111-8111-111111111111 "$L the feedback form belongs to the kept proposal"
}

# both LANG: two offices merge the same pair the same way; after the files cross, the conflicts list
# (数据交换 → 冲突) is empty and the receipt counts no conflict: the versions both offices made say the
# same. Then, with two new offices, a pair merged the opposite ways round: after the files cross,
# each office has exactly one HBW-02 left, the one the later merge kept, and the two export the same
# communities.
both() {
	local lang=$1 A B ka kb t_open
	L="[$1${APP_TERM:+ TERM=$APP_TERM} both]"
	texts "$lang"
	case $lang in zh_CN.UTF-8) t_open="待处理" ;; *) t_open="to review" ;; esac
	two_offices
	DB=$A lc sync merge community "$ka" "$kb" >/dev/null || fail "$L A merges the pair"
	DB=$B lc sync merge community "$ka" "$kb" >/dev/null || fail "$L B merges the same pair the same way"
	send "$A" "$B" a2
	send "$B" "$A" b2
	is "$(sqlite3 "$A" "SELECT conflicts FROM sync_receipt WHERE file_name LIKE '%b2.lcdb'")" 0 \
	    "$L A: the receipt of B's file counts no conflict"
	DB=$A
	launch_app "$lang"
	wait_row 0 "$T_MAIN"
	keys 4 4
	see_row 0 "$T_CONFLICTS" "$L A: the conflicts list"
	sync_app
	not_seen "新华社区" "$L A: the merged community is no conflict (both offices' versions say the same)"
	not_seen "新华幼儿园" "$L A: nor the facility both offices moved to the kept community"
	not_seen "$t_open" "$L A: nothing to review"
	keys Escape Escape q
	if wait_exit; then pass "$L A: q quits"; else fail "$L A: q quits"; fi

	two_offices
	DB=$A lc sync merge community "$ka" "$kb" >/dev/null || fail "$L A keeps its own HBW-02"
	sleep 0.01
	DB=$B lc sync merge community "$kb" "$ka" >/dev/null || fail "$L B, later, keeps its own"
	DB=$A lc sync export --full -o "$TEST_HOME/a2.lcdb" >/dev/null || fail "$L A's file"
	DB=$B lc sync export --full -o "$TEST_HOME/b2.lcdb" >/dev/null || fail "$L B's file"
	DB=$A lc sync import "$TEST_HOME/b2.lcdb" >/dev/null || fail "$L A takes B's file"
	DB=$B lc sync import "$TEST_HOME/a2.lcdb" >/dev/null || fail "$L B takes A's file"
	for o in A B; do
		DB=$TEST_HOME/$(echo "$o" | tr AB ab).db lc export communities --format csv -o "$TEST_HOME/$o.csv" ||
		    fail "$L $o: export communities"
		is "$(grep -c '^HBW-02,' "$TEST_HOME/$o.csv")" 1 "$L $o: exactly one HBW-02 is left"
		is "$(sqlite3 "$TEST_HOME/$(echo "$o" | tr AB ab).db" "SELECT id FROM community WHERE code = 'HBW-02' AND deleted = 0")" \
		    "$kb" "$L $o: the one B's later merge kept"
	done
	cmp -s "$TEST_HOME/A.csv" "$TEST_HOME/B.csv"; is "$?" 0 "$L A and B export the same communities"
}

for lang in zh_CN.UTF-8 C.UTF-8; do
	flow "$lang"
	both "$lang"
done
APP_TERM=xterm-256color flow zh_CN.UTF-8
APP_TERM=xterm-256color both zh_CN.UTF-8

done_testing
