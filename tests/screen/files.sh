#!/bin/bash
# files.sh - files left exactly as they were: a stray or foreign -wal and a hot -journal are never
# applied or deleted, a 1-byte file is not a new database, read-only files and folders open
# read-only, disk full and odd paths get a reason, --db never silently makes an office, two first
# starts at once both succeed, `check` finds damage, `info` names a missing table, `backup` copies.
# Every refusal compares the file and the files beside it byte for byte (cmp) before and after.
. "$(dirname "$0")/lib.sh"

SETUP=(init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦)

# need TOOL PACKAGE: a tool these tests use; missing, it is a failure naming the package.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	fail "the tool $1 is installed" "install the Debian package $2"
	return 1
}
need sqlite3 sqlite3
need setpriv util-linux
need unshare util-linux

# snap FILE...: remember the files (and whether they exist) to compare with same_as_snap later.
snap() {
	local f
	for f in "$@"; do
		rm -f "$f.snap" "$f.absent"
		if [ -e "$f" ]; then cp -p "$f" "$f.snap"; else : >"$f.absent"; fi
	done
}

# same_as_snap DESC FILE...: every file byte-identical to its snapshot (or still absent).
same_as_snap() {
	local desc=$1 f bad=
	shift
	for f in "$@"; do
		if [ -e "$f.absent" ]; then
			[ -e "$f" ] && bad="$bad $f(appeared)"
		elif ! cmp -s "$f" "$f.snap"; then
			bad="$bad $f"
		fi
	done
	if [ -z "$bad" ]; then pass "$desc"; else fail "$desc" "changed or deleted:$bad"; fi
}

# run_lc OUTVAR ARGS...: the command line on the test's home; output (both streams) in OUTVAR, status in ST.
run_lc() {
	local var=$1 text
	shift
	text=$(lc_nodb "$@" 2>&1)
	ST=$?
	printf -v "$var" '%s' "$text"
}
ST=0

# a good database of ours at $1
make_db() {
	lc_nodb --db "$1" "${SETUP[@]}" >/dev/null 2>&1
}

# ---- a -wal that does not belong to the file ----
new_home
good="$TEST_HOME/good.db"
make_db "$good"
sqlite3 "$TEST_HOME/other.db" '.dbconfig no_ckpt_on_close on' 'PRAGMA journal_mode=WAL' \
    'PRAGMA application_id=1234' 'CREATE TABLE t (a)' "INSERT INTO t VALUES ('x')" >/dev/null
if [ -s "$TEST_HOME/other.db-wal" ]; then pass "another database's -wal made"; else fail "another database's -wal made"; fi
cp "$TEST_HOME/other.db-wal" "$good-wal"
snap "$good" "$good-wal" "$good-shm" "$good-journal"
run_lc out --db "$good" info
is "$ST" 1 "a stray -wal from another database: info exits 1"
contains "$out" "good.db-wal" "the message names the -wal"
contains "$out" "another program" "the message says whose it is"
same_as_snap "the file and its stray -wal are byte-identical afterwards" "$good" "$good-wal" "$good-shm" "$good-journal"
run_lc out --db "$good" "${SETUP[@]}"
is "$ST" 1 "init refuses it too"
same_as_snap "... and leaves them byte-identical" "$good" "$good-wal" "$good-shm" "$good-journal"
rm -f "$good-wal" "$good-shm"
run_lc out --db "$good" check
is "$ST" 0 "without the stray -wal the file is whole (check exits 0)"
contains "$out" "ok" "check says ok"

sqlite3 "$TEST_HOME/small.db" 'PRAGMA page_size=1024' 'PRAGMA application_id=1279478098' \
    '.dbconfig no_ckpt_on_close on' 'PRAGMA journal_mode=WAL' 'CREATE TABLE t (a)' >/dev/null
cp "$TEST_HOME/small.db-wal" "$good-wal"
snap "$good" "$good-wal"
run_lc out --db "$good" info
is "$ST" 1 "a -wal with another page size is refused"
contains "$out" "page size" "the message says the page size does not fit"
same_as_snap "the file and the -wal are byte-identical afterwards" "$good" "$good-wal"
head -c 5000 /dev/urandom >"$good-wal"
snap "$good" "$good-wal"
run_lc out --db "$good" info
is "$ST" 1 "a -wal of random bytes is refused"
contains "$out" "not an SQLite write-ahead log" "the message says it is no write-ahead log"
same_as_snap "the file and the random -wal are byte-identical afterwards" "$good" "$good-wal"
rm -f "$good-wal" "$good-shm"

# a foreign file with its own live -wal: refused, the -wal neither applied nor deleted
sqlite3 "$TEST_HOME/fw.db" '.dbconfig no_ckpt_on_close on' 'PRAGMA journal_mode=WAL' \
    'PRAGMA application_id=1234' 'CREATE TABLE t (a)' "INSERT INTO t VALUES ('y')" >/dev/null
fw="$TEST_HOME/fw.db"
snap "$fw" "$fw-wal" "$fw-shm"
run_lc out --db "$fw" info
is "$ST" 1 "a foreign file with a -wal is refused"
same_as_snap "the foreign file, its -wal and -shm are byte-identical afterwards" "$fw" "$fw-wal" "$fw-shm"

# ---- a hot journal of a refused file is not rolled back ----
hot="$TEST_HOME/hot.db"
sqlite3 "$TEST_HOME/src.db" 'PRAGMA application_id=1234' 'CREATE TABLE t (a)' \
    'INSERT INTO t SELECT randomblob(500) FROM generate_series(1, 200)' 'PRAGMA cache_size=2' 'BEGIN' \
    'UPDATE t SET a = randomblob(500)' ".shell cp '$TEST_HOME/src.db' '$hot'; cp '$TEST_HOME/src.db-journal' '$hot-journal'" \
    'ROLLBACK' >/dev/null 2>&1
if [ -s "$hot-journal" ]; then pass "a foreign file with a hot journal made"; else fail "a foreign file with a hot journal made"; fi
snap "$hot" "$hot-journal" "$hot-wal"
run_lc out --db "$hot" info
is "$ST" 1 "a foreign file with a hot journal is refused"
contains "$out" "another program" "the message says it is another program's"
same_as_snap "the file and its hot journal are byte-identical afterwards (not rolled back)" "$hot" "$hot-journal" "$hot-wal"
lc_nodb --db "$hot" </dev/null >/dev/null 2>&1
same_as_snap "... also after the full-screen program refused it" "$hot" "$hot-journal" "$hot-wal"
cp "$hot" "$TEST_HOME/hot2.db"
cp "$hot-journal" "$TEST_HOME/hot2.db-journal"
sqlite3 "$TEST_HOME/hot2.db" 'SELECT count(*) FROM t' >/dev/null 2>&1
[ ! -e "$TEST_HOME/hot2.db-journal" ]
ok $? "(a copy shows the journal is really hot: sqlite3 rolls it back and deletes it)"
rm -f "$TEST_HOME/hot2.db"*

# ---- only a 0-byte file is a new database ----
one="$TEST_HOME/one.db"
printf 'x' >"$one"
snap "$one" "$one-wal" "$one-shm" "$one-journal"
run_lc out --db "$one" info
is "$ST" 1 "a 1-byte file is refused"
contains "$out" "not a lifecircle database" "the message says it is not a lifecircle database"
same_as_snap "the 1-byte file is byte-identical and nothing appeared beside it" "$one" "$one-wal" "$one-shm" "$one-journal"
head -c 1 /dev/zero >"$one"
snap "$one" "$one-wal" "$one-shm" "$one-journal"
run_lc out --db "$one" "${SETUP[@]}"
is "$ST" 1 "a file of one zero byte is refused too"
same_as_snap "... and left as it was" "$one" "$one-wal" "$one-shm" "$one-journal"
zero="$TEST_HOME/zero.db"
: >"$zero"
run_lc out --db "$zero" "${SETUP[@]}"
is "$ST" 0 "an empty (0-byte) file becomes a new database"

# ---- read-only files and folders ----
# Root ignores permissions, so the program runs as nobody when the tests run as root. That user
# cannot reach a build tree in a private folder (CI's sanitizer build is in one), so the program,
# its data and catalogue are copied where anybody can read them; sanitizer reports go to a
# folder anybody can write, and are checked below.
pub="$_t_tmp/pub"
mkdir -p "$pub/reports"
cp "$LIFECIRCLE_BIN" "$pub/lifecircle"
cp -r "$LIFECIRCLE_DATADIR" "$pub/data"
cp -r "$LIFECIRCLE_LOCALEDIR" "$pub/locale"
supp=$(printf '%s\n' "${LSAN_OPTIONS:-}" | tr ':' '\n' | sed -n 's/^suppressions=//p')
[ -n "$supp" ] && cp "$supp" "$pub/lsan.supp"
chmod -R a+rX "$pub"
chmod 1777 "$pub/reports"
user_env=(LANG=C.UTF-8 LC_ALL= LC_MESSAGES= LANGUAGE= LIFECIRCLE_DATADIR="$pub/data"
    LIFECIRCLE_LOCALEDIR="$pub/locale"
    ASAN_OPTIONS="$(printf '%s' "${ASAN_OPTIONS:-}" | sed "s|log_path=[^:]*|log_path=$pub/reports/asan|")"
    UBSAN_OPTIONS="$(printf '%s' "${UBSAN_OPTIONS:-}" | sed "s|log_path=[^:]*|log_path=$pub/reports/ubsan|")"
    LSAN_OPTIONS="$(printf '%s' "${LSAN_OPTIONS:-}" | sed "s|suppressions=[^:]*|suppressions=$pub/lsan.supp|")")
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
lc_user() {
	as_user env "${user_env[@]}" HOME="$TEST_HOME" XDG_DATA_HOME="$TEST_HOME/xdg" "$pub/lifecircle" "$@"
}
chmod 755 "$_t_tmp" "$TEST_HOME"
rod="$TEST_HOME/readonly"
mkdir "$rod"
ro="$rod/office.db"
make_db "$ro"
chmod 444 "$ro"
chmod 555 "$rod"
snap "$ro" "$ro-wal" "$ro-shm" "$ro-journal"
out=$(lc_user --db "$ro" info 2>&1); ST=$?
is "$ST" 0 "info on a read-only file in a read-only folder exits 0"
contains "$out" "Community: 滨河社区" "info shows the office"
contains "$out" "read-only" "info says the file is read-only"
lacks "$out" "damaged" "a read-only file is not called damaged"
out=$(lc_user --db "$ro" reference circles 2>&1); ST=$?
is "$ST" 0 "reference on the read-only file exits 0"
contains "$out" "舒适安居圈" "reference prints the circles"
out=$(lc_user --db "$ro" init --operator 李娜 2>&1); ST=$?
is "$ST" 1 "saving into the read-only file exits 1"
contains "$out" "read-only" "saving says the file is read-only"
out=$(lc_user --db "$ro" check 2>&1); ST=$?
is "$ST" 0 "check reads the read-only file"
same_as_snap "the read-only file is byte-identical and nothing appeared beside it" "$ro" "$ro-wal" "$ro-shm" "$ro-journal"

# the full-screen program on it, as that user
cat >"$_t_tmp/as_user.sh" <<EOF
#!/bin/bash
user_env=($(printf '%q ' "${user_env[@]}"))
if [ "\$(id -u)" -eq 0 ]; then
	exec setpriv --reuid=65534 --regid=65534 --clear-groups env "\${user_env[@]}" "$pub/lifecircle" "\$@"
fi
exec env "\${user_env[@]}" "$pub/lifecircle" "\$@"
EOF
chmod 755 "$_t_tmp/as_user.sh"
DB=$ro
LIFECIRCLE_BIN="$_t_tmp/as_user.sh" launch_app C.UTF-8
see "Main menu" "the full-screen program opens the read-only file"
stop_app
same_as_snap "... and leaves it byte-identical" "$ro" "$ro-wal" "$ro-shm" "$ro-journal"

# a WAL file in a read-only folder with a -wal beside it and no -shm cannot be read safely
chmod 755 "$rod"
chmod 644 "$ro"
sqlite3 "$ro" '.dbconfig no_ckpt_on_close on' "UPDATE settings SET value = '李娜' WHERE key = 'operator'" >/dev/null
rm -f "$ro-shm"
chmod 444 "$ro" "$ro-wal"
chmod 555 "$rod"
snap "$ro" "$ro-wal" "$ro-shm"
out=$(lc_user --db "$ro" info 2>&1); ST=$?
is "$ST" 1 "a read-only folder with an unmerged -wal and no -shm: refused"
contains "$out" "-wal" "the message names the -wal"
same_as_snap "the file and its -wal are byte-identical" "$ro" "$ro-wal" "$ro-shm"
chmod 755 "$rod"

reports=$(cat "$pub"/reports/* 2>/dev/null)
is "$reports" "" "no sanitizer report from the runs as another user"

# ---- a full disk says so ----
if unshare -rm true 2>/dev/null; then
	full="$TEST_HOME/full"
	mkdir "$full"
	out=$(unshare -rm env LIFECIRCLE_BIN="$LIFECIRCLE_BIN" bash -c '
		mount -t tmpfs -o size=2m none "$1" || exit 99
		"$LIFECIRCLE_BIN" --db "$1/x.db" "${@:2}" >/dev/null 2>&1 || exit 98
		head -c 4000000 /dev/zero >"$1/fill" 2>/dev/null
		"$LIFECIRCLE_BIN" --db "$1/x.db" init --operator 李娜 2>&1
		echo "status $?"' _ "$full" "${SETUP[@]}" 2>&1)
	contains "$out" "disk is full" "saving on a full disk: the message says the disk is full"
	contains "$out" "status 1" "... and exits 1"
else
	fail "unshare -rm works (user and mount namespaces, util-linux) for the disk-full test"
fi

# ---- symbolic links and long paths ----
new_home
make_db "$TEST_HOME/real.db"
ln -s real.db "$TEST_HOME/link.db"
run_lc out --db "$TEST_HOME/link.db" info
is "$ST" 0 "a symbolic link to a database is followed"
contains "$out" "Database: $TEST_HOME/real.db" "info names the real file"
ln -s nowhere.db "$TEST_HOME/dangling.db"
run_lc out --db "$TEST_HOME/dangling.db" "${SETUP[@]}"
is "$ST" 1 "a symbolic link to nothing is refused"
contains "$out" "symbolic link" "the message says why (a symbolic link to a missing file)"
[ ! -e "$TEST_HOME/nowhere.db" ]
ok $? "nothing was created through the link"
ln -s loop1 "$TEST_HOME/loop2"
ln -s loop2 "$TEST_HOME/loop1"
run_lc out --db "$TEST_HOME/loop1" info
is "$ST" 1 "a loop of links is refused"
contains "$out" "loop" "the message says it is a loop"
long=$(printf 'a%.0s' $(seq 300))
ls -A "$TEST_HOME" >"$TEST_HOME/../before.ls"
run_lc out --db "$TEST_HOME/sub/$long/x.db" "${SETUP[@]}"
is "$ST" 1 "a name longer than the system allows is refused"
contains "$out" "too long" "the message says the path is too long"
deep=$(printf 'abcdefghij/%.0s' $(seq 420))
run_lc out --db "$TEST_HOME/$deep/x.db" "${SETUP[@]}"
is "$ST" 1 "a path longer than the system allows is refused"
contains "$out" "too long" "the message says so"
ls -A "$TEST_HOME" >"$TEST_HOME/../after.ls"
cmp -s "$TEST_HOME/../before.ls" "$TEST_HOME/../after.ls"
ok $? "nothing was created for the long paths"

# ---- --db on a file that does not exist ----
new_home
missing="$TEST_HOME/typo/office.db"
for cmd in info "reference circles" check; do
	# shellcheck disable=SC2086
	run_lc out --db "$missing" $cmd
	is "$ST" 1 "$cmd on a file that does not exist exits 1"
	contains "$out" "does not exist" "$cmd says the file does not exist"
done
run_lc out info
is "$ST" 1 "info at the default place with no database exits 1"
[ ! -e "$TEST_HOME/typo" ] && [ ! -e "$TEST_HOME/xdg/lifecircle" ]
ok $? "no folder or file was made"
lc_nodb --db "$missing" </dev/null >/dev/null 2>"$TEST_HOME/err"; ST=$?
is "$ST" 1 "the full-screen program with no terminal to ask exits 1"
contains "$(cat "$TEST_HOME/err")" "needs a terminal" "... saying it needs a terminal (checked before the file)"
[ ! -e "$TEST_HOME/typo" ]
ok $? "... and makes nothing"
run_lc out --db
is "$ST" 2 "--db without a file name exits 2"
contains "$out" "needs a file name" "... saying a file name is needed"
run_lc out --db ""
is "$ST" 2 "--db with an empty name exits 2"

for lang in C.UTF-8 zh_CN.UTF-8; do
	new_home
	missing="$TEST_HOME/typo/office.db"
	[ "$lang" = C.UTF-8 ] && q="Make a new database there?" || q="在那里新建数据库吗"
	launch_app "$lang" --db "$missing"
	see "$q" "$lang: the full-screen program asks before making $missing"
	tm send-keys -t app n Enter
	n=$((LC_WAIT * 20))
	while [ ! -s "$APP_STATUSFILE" ] && [ "$n" -gt 0 ]; do sleep 0.05; n=$((n - 1)); done
	is "$(cat "$APP_STATUSFILE" 2>/dev/null)" 1 "$lang: answering no exits 1"
	[ ! -e "$TEST_HOME/typo" ]
	ok $? "$lang: answering no makes nothing"
	launch_app "$lang" --db "$missing"
	see "$q" "$lang: asked again"
	[ "$lang" = C.UTF-8 ] && tm send-keys -t app y Enter || tm send-keys -t app 是 Enter
	[ "$lang" = C.UTF-8 ] && w="Welcome" || w="欢迎使用"
	see "$w" "$lang: answering yes starts the first-start screen"
	[ -s "$missing" ]
	ok $? "$lang: the new database was made"
	stop_app
done

# ---- two first starts at the same moment ----
new_home
bad=0
for i in $(seq 20); do
	race="$TEST_HOME/race$i.db"
	if [ $((i % 2)) -eq 0 ]; then
		: >"$race"
		lc_nodb --db "$race" info >"$TEST_HOME/o1" 2>&1 & p1=$!
		lc_nodb --db "$race" info >"$TEST_HOME/o2" 2>&1 & p2=$!
	else
		lc_nodb --db "$race" "${SETUP[@]}" >"$TEST_HOME/o1" 2>&1 & p1=$!
		lc_nodb --db "$race" "${SETUP[@]}" >"$TEST_HOME/o2" 2>&1 & p2=$!
	fi
	wait "$p1"; s1=$?
	wait "$p2"; s2=$?
	if [ "$s1$s2" != 00 ]; then
		bad=$((bad + 1))
		diag "try $i: $(cat "$TEST_HOME/o1" "$TEST_HOME/o2")"
	fi
done
is "$bad" 0 "20 pairs of first starts at the same moment (info on an empty file, init on a missing one) all succeed"

# ---- check, and a missing table ----
new_home
dmg="$TEST_HOME/damaged.db"
make_db "$dmg"
run_lc out --db "$dmg" check
is "$ST" 0 "check on a good database exits 0"
contains "$out" "ok" "check says ok"
sqlite3 "$dmg" 'DROP TABLE facility' >/dev/null
snap "$dmg" "$dmg-wal" "$dmg-shm"
run_lc out --db "$dmg" info
is "$ST" 1 "info on a database with a missing table exits 1"
contains "$out" "damaged" "info says the file is damaged"
contains "$out" "facility" "info names the missing table"
lacks "$out" "Community:" "info shows no blank fields"
run_lc out --db "$dmg" check
is "$ST" 1 "check on it exits 1"
contains "$out" "facility" "check names the missing table"
same_as_snap "info and check left the damaged file as it was" "$dmg" "$dmg-wal" "$dmg-shm"
bent="$TEST_HOME/bent.db"
make_db "$bent"
sqlite3 "$bent" "INSERT INTO facility (id, origin, created_at, updated_at, hlc, operator, community, name) SELECT printf('id%d', value), 'x', 't', 't', 'h', 'o', 'c', printf('设施%d', value) FROM generate_series(1, 300)" >/dev/null
psz=$(sqlite3 "$bent" 'PRAGMA page_size')
dd if=/dev/urandom of="$bent" bs="$psz" seek=30 count=1 conv=notrunc 2>/dev/null
run_lc out --db "$bent" check
is "$ST" 1 "check on a file with a page of noise exits 1"
[ -n "$out" ] && lacks "$out" ": ok (" "check reports problems, not ok"

# ---- backup ----
new_home
src="$TEST_HOME/office.db"
make_db "$src"
run_lc out --db "$src" backup -o "$TEST_HOME/copy.db"
is "$ST" 0 "backup exits 0"
[ -s "$TEST_HOME/copy.db" ] && [ ! -e "$TEST_HOME/copy.db-wal" ] && [ ! -e "$TEST_HOME/copy.db-shm" ]
ok $? "the copy is there, with no -wal or -shm beside it"
is "$(stat -c %a "$TEST_HOME/copy.db")" 600 "the copy has mode 0600"
run_lc out --db "$TEST_HOME/copy.db" info
contains "$out" "Community: 滨河社区" "the copy opens and holds the office"
snap "$TEST_HOME/copy.db"
run_lc out --db "$src" backup -o "$TEST_HOME/copy.db"
is "$ST" 1 "backup over an existing file exits 1"
contains "$out" "already exists" "... saying the file already exists"
same_as_snap "the existing file is byte-identical" "$TEST_HOME/copy.db"
run_lc out --db "$src" backup
is "$ST" 2 "backup without -o exits 2"
out=$(lc --help 2>&1)
contains "$out" "backup" "--help lists backup"
contains "$out" "check" "--help lists check"

done_testing
