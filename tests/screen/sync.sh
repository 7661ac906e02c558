#!/bin/bash
# sync.sh - `lifecircle sync` as a user runs it: usage and exit statuses, export to a folder (a name a
# person can tell apart) and to a file, the export opens with the plain sqlite3 tool and is in
# rollback-journal mode, import of several files at once where one is refused (named, with its
# check) and the others go in, the second import of a file is all known, receipts, the digest equal
# in both offices, a backup restored gets a new node id, and the messages in Chinese.
. "$(dirname "$0")/lib.sh"

require_tool sqlite3 sqlite3

new_home
A_DB="$DB"
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "office A is set up"
printf '类别,届次,编号,标题,提出人,联系电话,承办单位\n建议,1,001,修路,张三,13800000000,交通局\n提案,1,002,建桥,李四,13900000000,城建局\n' \
    >"$TEST_HOME/p.csv"
lc import proposals "$TEST_HOME/p.csv" >/dev/null 2>&1
is "$?" 0 "office A has two proposals"
A_HOME="$TEST_HOME"

# ---- usage -------------------------------------------------------------------------------------
out=$(lc sync --help 2>&1); st=$?
is "$st" 0 "sync --help exits 0"
contains "$out" "--accept-future" "sync --help names --accept-future"
contains "$(lc --help 2>&1)" "sync" "the command list names sync"
lc sync >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "sync without arguments exits 2"
lc sync export >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "export without -o exits 2"
contains "$(cat "$TEST_HOME/err")" "-o FILE" "and says how to call it"
lc sync import >/dev/null 2>&1; st=$?
is "$st" 2 "import without files exits 2"

# ---- export ------------------------------------------------------------------------------------
mkdir "$TEST_HOME/stick"
out=$(lc sync export -o "$TEST_HOME/stick" 2>&1); st=$?
is "$st" 0 "export to a folder exits 0"
f1=$(ls "$TEST_HOME/stick"/*.lcdb 2>/dev/null | head -1)
contains "$f1" "HBW-1-$(date +%Y%m%d)-001.lcdb" "the file is named by office code, date and sequence"
contains "$out" "3 records" "it says how many records went in (a community and two proposals)"
contains "$out" "proposal         2" "and how many of each kind"
is "$(sqlite3 "$f1" 'SELECT count(*) FROM proposal')" 2 "the plain sqlite3 tool reads the file"
is "$(sqlite3 "$f1" 'PRAGMA journal_mode')" delete "the file is in rollback-journal mode"
is "$(sqlite3 "$f1" "SELECT value FROM sync_manifest WHERE key = 'office'")" HBW-1 "its manifest names the office"
out=$(lc sync export -o "$TEST_HOME/stick" 2>&1)
f2=$(ls "$TEST_HOME/stick"/*-002.lcdb 2>/dev/null | head -1)
[ -n "$f2" ]
ok $? "a second export the same day gets the next sequence"
contains "$out" "0 records" "and holds nothing, as nothing changed since"
lc sync export -o "$f1" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an export over an existing file exits 1"
contains "$(cat "$TEST_HOME/err")" "already exists" "saying so"
lc sync export --to 街道 -o "$TEST_HOME/no/such/folder/x.lcdb" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an export into a folder that does not exist exits 1"
out=$(lc sync export --to 街道 -o "$TEST_HOME/sub.lcdb" 2>&1)
contains "$out" "3 records" "a failed export remembers nothing: the next one to that office holds everything"
lc sync export -o "$TEST_HOME/full.lcdb" --full >/dev/null 2>&1
is "$(sqlite3 "$TEST_HOME/full.lcdb" 'SELECT count(*) FROM proposal')" 2 "--full holds everything again"

# ---- import into office B: several files, one refused ------------------------------------------
new_home
lc init --community 新华社区 --district 海勃湾区 --office-code HBW-2 --operator 王芳 >/dev/null 2>&1
printf 'not a database\n' >"$TEST_HOME/bad.lcdb"
cp "$f1" "$TEST_HOME/evil.lcdb"
sqlite3 "$TEST_HOME/evil.lcdb" "CREATE TRIGGER t AFTER INSERT ON proposal BEGIN DELETE FROM proposal; END"
lc sync import "$TEST_HOME/bad.lcdb" "$f1" "$TEST_HOME/evil.lcdb" "$f2" >"$TEST_HOME/out" 2>&1; st=$?
out=$(cat "$TEST_HOME/out")
is "$st" 1 "an import with a refused file exits 1"
contains "$out" "bad.lcdb: REFUSED, header check" "the text file is refused, naming the check"
contains "$out" "evil.lcdb: REFUSED, schema check: the file has a trigger (t)" "the file with a trigger is refused"
contains "$out" "001.lcdb: from office HBW-1" "the good file goes in, naming its office"
contains "$out" "3 new, 0 updated, 0 already known, 0 in conflict" "with its counts"
contains "$out" "file hash $(sqlite3 "$DB" "SELECT file_hash FROM sync_receipt ORDER BY seq LIMIT 1")" "its clock range and file hash, as in the receipt"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM proposal')" 2 "the proposals are here"
for lang in C.UTF-8 zh_CN.UTF-8; do
	launch_app "$lang"
	keys 3
	see "修路" "[$lang] the imported proposals are in the list"
	see "建桥" "[$lang] both of them"
	stop_app
done
out=$(lc sync import "$f1" 2>&1); st=$?
is "$st" 0 "importing the same file again exits 0"
contains "$out" "0 new, 0 updated, 3 already known" "and finds everything known"
out=$(lc sync import --recheck "$f1" 2>&1)
contains "$out" "0 new, 0 updated, 3 already known" "also when checked and merged again"
out=$(lc sync receipts 2>&1)
is "$(printf '%s\n' "$out" | grep -c 'HBW-1')" 4 "a receipt for each imported file, none for the refused"
B_DB="$DB"
B_HOME="$TEST_HOME"

# B's own record goes to A: then both hold the same.
lc sync export -o "$TEST_HOME/b.lcdb" >/dev/null 2>&1
DB="$A_DB" TEST_HOME="$A_HOME"
out=$(lc sync import "$B_HOME/b.lcdb" 2>&1)
contains "$out" "from office HBW-2" "A takes B's file"
is "$(lc sync digest)" "$(DB="$B_DB" lc sync digest)" "both offices now hold the same records"

# ---- backup and restore: a new node id ----------------------------------------------------------
node() { sqlite3 "$1" "SELECT value FROM settings WHERE key = 'node_id'"; }
before=$(node "$A_DB")
lc backup -o "$A_HOME/backup.db" >/dev/null 2>&1
mv "$A_DB" "$A_HOME/old.db"
rm -f "$A_DB-wal" "$A_DB-shm"
cp "$A_HOME/backup.db" "$A_DB"
lc info >/dev/null 2>&1
after=$(node "$A_DB")
[ -n "$after" ] && [ "$after" != "$before" ]
ok $? "a restored backup writes under a new node id ($before -> $after)"
lc info >/dev/null 2>&1
is "$(node "$A_DB")" "$after" "and keeps it from then on"

# ---- a passphrase: asked twice on the terminal, never echoed; or from a file for scripts ---------
DB="$A_DB" TEST_HOME="$A_HOME"
launch_app C.UTF-8 sync export --full --encrypt -o "$A_HOME/stick"
see "Passphrase for the export file:" "export --encrypt asks for a passphrase"
type_text "秘密 horse 42"
keys Enter
see "The same passphrase again:" "and asks for it again"
not_seen "horse" "the passphrase is not echoed"
type_text "秘密 horse 42"
keys Enter
wait_exit
is "$(exit_status)" 0 "the encrypted export exits 0"
enc=$(ls "$A_HOME/stick"/*.lcdb.enc 2>/dev/null | head -1)
contains "$enc" "HBW-1-$(date +%Y%m%d)-003.lcdb.enc" "it is named NAME.lcdb.enc, sharing the day's sequence"
stop_app
launch_app C.UTF-8 sync export --full --encrypt -o "$A_HOME/other.lcdb"
see "Passphrase for the export file:" "a second export asks again"
type_text "one"
keys Enter
see "The same passphrase again:" "twice"
type_text "two"
keys Enter
wait_exit
is "$(exit_status)" 1 "two different passphrases: exit 1"
[ ! -e "$A_HOME/other.lcdb.enc" ]
ok $? "and nothing is written"
stop_app
# Stopped at the passphrase prompt (Ctrl-C, or killed): the terminal echoes again. A shell that
# outlives the program reads the terminal's settings after it.
for sig in INT TERM; do
	rm -f "$A_HOME/stty.out"
	tm new-session -d -s sig -x 100 -y 20 "env LANG=C.UTF-8 HOME=$(printf '%q' "$A_HOME") $(printf '%q' "$LIFECIRCLE_BIN") --db $(printf '%q' "$A_DB") sync export --encrypt -o $(printf '%q' "$A_HOME/cc.lcdb"); stty -a >$(printf '%q' "$A_HOME/stty.out")"
	n=$((LC_WAIT * 20))
	until tm capture-pane -p -t sig 2>/dev/null | grep -qF "Passphrase for the export file:" || [ "$n" -le 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	[ "$n" -gt 0 ]
	ok $? "[$sig] the prompt"
	ppid=$(tm display-message -p -t sig '#{pane_pid}')
	pid=$(cat "/proc/$ppid/task/$ppid/children" 2>/dev/null | cut -d' ' -f1)
	kill -s "$sig" "$pid"
	n=$((LC_WAIT * 20))
	until [ -s "$A_HOME/stty.out" ] || [ "$n" -le 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	grep -q -- ' echo ' "$A_HOME/stty.out"
	ok $? "[$sig] the program ends with the terminal echoing again"
	[ ! -e "$A_HOME/cc.lcdb.enc" ]
	ok $? "[$sig] and writes nothing"
	tm kill-session -t sig 2>/dev/null
done

printf '秘密 horse 42\n' >"$B_HOME/pass"
printf 'wrong\n' >"$B_HOME/wrong"
DB="$B_DB" TEST_HOME="$B_HOME"
out=$(lc sync import --passphrase-file "$B_HOME/wrong" "$enc" 2>&1); st=$?
is "$st" 1 "a wrong passphrase exits 1"
contains "$out" "REFUSED, decryption check: wrong passphrase" "saying so"
out=$(lc sync import --passphrase-file "$B_HOME/pass" "$enc" 2>&1); st=$?
is "$st" 0 "the right passphrase file imports it"
contains "$out" "from office HBW-1" "naming the office"

# ---- in Chinese ----------------------------------------------------------------------------------
require_zh_locale
DB="$B_DB" TEST_HOME="$B_HOME"
out=$(lc_lang zh_CN.UTF-8 sync import "$B_HOME/bad.lcdb" 2>&1)
contains "$out" "拒收" "a refused file is reported in Chinese"

done_testing
