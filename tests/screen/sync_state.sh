#!/bin/bash
# sync_state.sh - what the sync will stand on, seen from the command line: every database has its
# own node id, rows written by the plain sqlite3 tool still get a change sequence, a newer data/
# reaches an existing office on its next open (its records untouched), a damaged clock is
# reported and never reset, and a FIFO in the data folder is refused instead of hanging.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || { fail "the sqlite3 tool is installed (Debian package sqlite3)"; done_testing; exit; }
shipped=$(sed -n '/^[0-9]/p' "$LIFECIRCLE_DATADIR/VERSION")

# ---- node id, clock and reference data version in info ----
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0101 --operator 张琦 >/dev/null
node=$(info_field "Node id")
[[ $node =~ ^[0-9a-f]{32}$ ]]
ok $? "info shows a node id of 32 hex digits" "got: $node"
contains "$(info_field Clock)" "(fine)" "info says the clock is fine"
is "$(info_field "Reference data version")" "$shipped" "info shows the reference data version of data/"
origin=$(sqlite3 "$DB" "SELECT origin FROM community")
is "$origin" "$node" "the office's community record has the node id as its origin"
first_db=$DB
new_home
lc init --community 乌达社区 --district 乌达区 --office-code WD-0001 --operator 李娜 >/dev/null
[ "$(info_field "Node id")" != "$node" ]
ok $? "a second database has another node id"
out=$(lc_lang zh_CN.UTF-8 info)
contains "$out" "节点标识：" "info in Chinese names the node id"
contains "$out" "时钟：" "info in Chinese names the clock"
DB=$first_db

# ---- change sequence from plain SQL ----
sqlite3 "$DB" "INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, name) VALUES
    ('01936f2e-8c4a-7b2d-9e1f-0a1b2c3d4e31', 'x', 't', 't', '001732350000000-00001', 'c', '幼儿园')"
seq=$(sqlite3 "$DB" "SELECT change_seq FROM facility")
counter=$(sqlite3 "$DB" "SELECT seq FROM change_counter")
[ -n "$seq" ] && [ "$seq" -gt 0 ] && [ "$seq" = "$counter" ]
ok $? "a row written by the sqlite3 tool gets the next change sequence" "seq $seq, counter $counter"

# ---- a newer data/ reaches the database on its next open ----
newdata="$TEST_HOME/data2"
mkdir "$newdata"
cp "$LIFECIRCLE_DATADIR"/*.tsv "$newdata/"
sed -i 's/舒适安居圈/舒适安居生活圈/' "$newdata/circles.tsv"
printf '%s\n' $((shipped + 1)) >"$newdata/VERSION"
out=$(LIFECIRCLE_DATADIR=$newdata lc reference circles 2>&1); st=$?
is "$st" 0 "reference with a newer data folder exits 0"
contains "$out" "舒适安居生活圈" "the renamed circle reached the existing database"
is "$(info_field "Reference data version")" $((shipped + 1)) "the database now holds the newer version"
is "$(sqlite3 "$DB" "SELECT name || ' ' || change_seq FROM facility")" "幼儿园 $seq" "the user's record is untouched"
out=$(lc reference circles 2>&1)
contains "$out" "舒适安居生活圈" "the older installed data does not undo the newer"

# ---- a damaged clock is reported, never reset ----
sqlite3 "$DB" "UPDATE settings SET value = 'garbage' WHERE key = 'clock'"
contains "$(info_field Clock)" "DAMAGED" "info reports a damaged clock"
out=$(lc init --operator 李娜 2>&1); st=$?
is "$st" 1 "saving the office with a damaged clock exits 1"
contains "$out" "clock value is damaged" "the message says the clock is damaged"
is "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'clock'")" garbage "the clock is left as found"
is "$(info_field Operator)" "张琦" "nothing was saved"
ahead=$(printf '%015d-00000' $(( ($(date +%s) + 3 * 86400) * 1000 )))
sqlite3 "$DB" "UPDATE settings SET value = '$ahead' WHERE key = 'clock'"
contains "$(info_field Clock)" "ahead" "info reports a clock three days ahead"
lc init --operator 李娜 >/dev/null 2>&1; st=$?
is "$st" 1 "saving with a clock far ahead exits 1"
is "$(sqlite3 "$DB" "SELECT value FROM settings WHERE key = 'clock'")" "$ahead" "the clock is left as found"

# ---- a FIFO in the data folder is refused, not waited on ----
new_home
fifodata="$TEST_HOME/fifodata"
mkdir "$fifodata"
cp "$LIFECIRCLE_DATADIR"/* "$fifodata/"
rm "$fifodata/circles.tsv"
mkfifo "$fifodata/circles.tsv"
out=$(LIFECIRCLE_DATADIR=$fifodata timeout 20 "$LIFECIRCLE_BIN" --db "$DB" init --community 滨河社区 \
    --district 海勃湾区 --office-code HBW-0101 --operator 张琦 2>&1); st=$?
is "$st" 1 "a FIFO among the data files: a new database's init exits 1 at once (124 would be a hang)"
contains "$out" "not a regular file" "the message says the file is not a regular file"
contains "$out" "circles.tsv" "the message names the file"

done_testing
