#!/bin/bash
# cli.sh - the command line: help, version, errors and exit statuses, init/info with Chinese text,
# where the database goes and with which modes, refusing files that are not ours (untouched),
# the reference tables, and the plain message for a missing locale.
. "$(dirname "$0")/lib.sh"
require_tool sqlite3 sqlite3

new_home

# ---- help and version ----
out=$(lc --help 2>&1); st=$?
is "$st" 0 "--help exits 0"
contains "$out" "Usage: lifecircle" "--help prints the usage"
contains "$out" "reference" "--help lists the commands"
out=$(lc -h 2>&1); st=$?
is "$st" 0 "-h exits 0"
out=$(lc --version 2>&1); st=$?
is "$st" 0 "--version exits 0"
[[ $out =~ ^lifecircle\ [0-9]+\.[0-9] ]]
ok $? "--version prints 'lifecircle N.N'" "got: $out"
out=$(lc init --help 2>&1); st=$?
is "$st" 0 "init --help exits 0"
contains "$out" "--office-code" "init --help names its options"

# ---- unknown command and option ----
lc frobnicate >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "an unknown command exits 2"
contains "$(cat "$TEST_HOME/err")" "unknown command 'frobnicate'" "the unknown command is named on stderr"
is "$(cat "$TEST_HOME/out")" "" "nothing on stdout for an unknown command"
lc --frobnicate >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "an unknown option exits 2"
contains "$(cat "$TEST_HOME/err")" "--frobnicate" "the unknown option is named on stderr"
lc reference nosuch >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "reference with an unknown table exits 2"
contains "$(cat "$TEST_HOME/err")" "nosuch" "the unknown table is named"

# ---- init and info ----
lc init --community 滨河社区 >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "init on a new database without the district exits 1"
contains "$(cat "$TEST_HOME/err")" "district" "the missing field is named"
lc init --community 滨河社区 --district 海勃湾区 --office-code 'HBW 1' --operator 张琦 \
    >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "init with a bad office code exits 1"
contains "$(cat "$TEST_HOME/err")" "office code" "the bad office code is named"
out=$(lc init --community 滨河社区 --subdistrict 凤凰岭街道 --district 海勃湾区 \
    --office-code HBW-0123 --operator 张琦 2>&1); st=$?
is "$st" 0 "init with Chinese names succeeds"
contains "$out" "滨河社区" "init confirms the community"
out=$(lc info 2>&1); st=$?
is "$st" 0 "info exits 0"
contains "$out" "Community: 滨河社区" "info shows the community"
contains "$out" "Subdistrict: 凤凰岭街道" "info shows the subdistrict"
contains "$out" "District: 海勃湾区" "info shows the district"
contains "$out" "Office code: HBW-0123" "info shows the office code"
contains "$out" "Operator: 张琦" "info shows the operator"
contains "$out" "Database: $DB" "info shows the database file"
out=$(lc init --operator 李娜 2>&1); st=$?
is "$st" 0 "init with one option on a set-up database succeeds"
is "$(info_field Operator)" "李娜" "the operator changed"
is "$(info_field Community)" "滨河社区" "the other fields kept their values"
out=$(lc init --office-code ＨＢＷ－０１０１ 2>&1); st=$?
is "$st" 0 "init with a full-width office code (an input method's) succeeds"
is "$(info_field 'Office code')" "HBW-0101" "the full-width office code is stored folded to ASCII"
lc info extra >/dev/null 2>&1; st=$?
is "$st" 2 "info with an argument exits 2"

# ---- where the database goes ----
# init makes the office's database where it is configured; info only reads one that exists.
umask 022
new_home
setup=(init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦)
def="$TEST_HOME/xdg/lifecircle/lifecircle.db"
out=$(lc_nodb info 2>&1); st=$?
is "$st" 1 "info with no database yet exits 1"
contains "$out" "does not exist" "info says the database does not exist"
[ ! -e "$TEST_HOME/xdg/lifecircle" ]
ok $? "info made no folder for it"
out=$(lc_nodb "${setup[@]}" 2>&1); st=$?
is "$st" 0 "init with no --db and no LIFECIRCLE_DB exits 0"
out=$(lc_nodb info 2>&1)
contains "$out" "Database: $def" "the default database is under XDG_DATA_HOME"
if [ -f "$def" ]; then
	is "$(stat -c %a "$def")" 600 "the new database file has mode 0600 (umask 022)"
	is "$(stat -c %a "$(dirname "$def")")" 700 "its new folder has mode 0700"
else
	fail "the default database file was created" "missing: $def"
fi
other="$TEST_HOME/elsewhere/named.db"
mkdir -p "$(dirname "$other")"
out=$(LIFECIRCLE_DB=$other lc_nodb "${setup[@]}" 2>&1); st=$?
is "$st" 0 "init with LIFECIRCLE_DB exits 0"
out=$(LIFECIRCLE_DB=$other lc_nodb info 2>&1)
contains "$out" "Database: $other" "LIFECIRCLE_DB is honoured"
[ -f "$other" ]
ok $? "the LIFECIRCLE_DB file was created"
LIFECIRCLE_DB=$other lc_nodb --db "$TEST_HOME/flag.db" "${setup[@]}" >/dev/null 2>&1
out=$(LIFECIRCLE_DB=$other lc_nodb --db "$TEST_HOME/flag.db" info 2>&1)
contains "$out" "Database: $TEST_HOME/flag.db" "--db wins over LIFECIRCLE_DB"
new_home
lcrun -u XDG_DATA_HOME LANG=C.UTF-8 LC_ALL= HOME="$TEST_HOME" -- "${setup[@]}" >/dev/null 2>&1
[ -f "$TEST_HOME/.local/share/lifecircle/lifecircle.db" ]
ok $? "without XDG_DATA_HOME the database goes to ~/.local/share/lifecircle"
new_home
out=$(cd "$TEST_HOME" && lcrun -u XDG_DATA_HOME -u HOME -u LIFECIRCLE_DB LANG=C.UTF-8 LC_ALL= -- info 2>&1); st=$?
is "$st" 1 "without HOME and XDG_DATA_HOME info exits 1"
contains "$out" "--db" "the message says how to name the file"
[ ! -e "$TEST_HOME/.local" ]
ok $? "nothing is created in the current folder without HOME"

# ---- files that are not ours are refused and left as they were ----
new_home
foreign="$TEST_HOME/foreign.db"
sqlite3 "$foreign" "PRAGMA application_id = 1234;
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
INSERT INTO customers (name) VALUES ('王五');"
cp "$foreign" "$foreign.orig"
out=$(lc_nodb --db "$foreign" info 2>&1); st=$?
is "$st" 1 "a foreign SQLite file is refused with exit 1"
contains "$out" "another program" "the message says the file belongs to another program"
contains "$out" "1234" "the message gives its application id"
cmp -s "$foreign" "$foreign.orig"
ok $? "the foreign file is byte-identical afterwards"
[ ! -e "$foreign-wal" ] && [ ! -e "$foreign-journal" ]
ok $? "no journal or WAL file was left beside it"
lc_nodb --db "$foreign" init --operator x >/dev/null 2>&1; st=$?
is "$st" 1 "init on the foreign file exits 1"
cmp -s "$foreign" "$foreign.orig"
ok $? "the foreign file is still byte-identical after init"
DB=$foreign launch_app C.UTF-8
wait_exit
is "$(exit_status)" 1 "the full-screen interface refuses the foreign file too (in a terminal)"
contains "$(cat "$_t_tmp/run$_t_run.stderr")" "another program" "it says why on stderr"
cmp -s "$foreign" "$foreign.orig"
ok $? "the foreign file is still byte-identical after starting the interface"
stop_app

for size in 4096 50; do
	junk="$TEST_HOME/junk$size.db"
	head -c "$size" /dev/urandom >"$junk"
	cp "$junk" "$junk.orig"
	out=$(lc_nodb --db "$junk" info 2>&1); st=$?
	is "$st" 1 "a file of $size random bytes is refused with exit 1"
	contains "$out" "not a lifecircle database" "the message says it is not a lifecircle database ($size bytes)"
	cmp -s "$junk" "$junk.orig"
	ok $? "the random file ($size bytes) is byte-identical afterwards"
done
mkdir "$TEST_HOME/adir.db"
out=$(lc_nodb --db "$TEST_HOME/adir.db" info 2>&1); st=$?
is "$st" 1 "a directory given as the database is refused with exit 1"

# ---- reference tables ----
new_home
lc "${setup[@]}" >/dev/null
for t in circles:8 standard:20 indicators:9; do
	out=$(lc reference "${t%%:*}" 2>&1); st=$?
	is "$st" 0 "reference ${t%%:*} exits 0"
	is "$(printf '%s\n' "$out" | wc -l)" "${t#*:}" "reference ${t%%:*} prints ${t#*:} lines"
done
out=$(lc reference circles)
contains "$out" "舒适安居圈" "the circles include 舒适安居圈"
contains "$(lc reference standard)" "一个幼儿园" "the standard includes item 一个幼儿园"
contains "$(lc reference indicators)" "社区综合服务设施覆盖率" "the indicators include 社区综合服务设施覆盖率"

# ---- text from the file cannot drive the terminal ----
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-0123 --operator 张琦 >/dev/null
sqlite3 "$DB" "UPDATE settings SET value = '滨河' || char(27) || ']0;pwned' || char(7) || char(27) || '[2J'
    || char(13) || char(8) || char(127) || char(155) || '31m' || char(8238) || 'gnp.exe' WHERE key = 'community';
UPDATE settings SET value = '张' || char(27) || '[31m琦' WHERE key = 'operator';
UPDATE circle SET name = name || char(27) || '[5m' || char(8238) WHERE no = 1;"
out=$(lc info 2>&1); st=$?
is "$st" 0 "info on a file with control characters in its names exits 0"
lacks "$out" $'\e' "info writes no ESC"
lacks "$out" $'\a' "info writes no BEL"
lacks "$out" $'\r' "info writes no CR"
lacks "$out" $'\b' "info writes no BS"
lacks "$out" $'\x7f' "info writes no DEL"
lacks "$out" $'\u009b' "info writes no C1 control (CSI)"
lacks "$out" $'\u202e' "info writes no right-to-left override"
contains "$out" 'Community: 滨河\x1B]0;pwned\x07\x1B[2J\x0D\x08\x7F\x9B31m\u202Egnp.exe' "info shows the controls escaped"
contains "$out" 'Operator: 张\x1B[31m琦' "the operator's ESC is escaped too"
out=$(lc reference circles 2>&1); st=$?
is "$st" 0 "reference circles exits 0"
lacks "$out" $'\e' "reference writes no ESC"
lacks "$out" $'\u202e' "reference writes no right-to-left override"
contains "$out" '\x1B[5m\u202E' "reference shows them escaped"
is "$(printf '%s\n' "$out" | wc -l)" 8 "reference still prints 8 lines"
mkdir -p "$TEST_HOME/bad"$'\e'"[2Jdir"
out=$(lc_nodb --db "$TEST_HOME/bad"$'\e'"[2Jdir" info 2>&1)
lacks "$out" $'\e' "an error naming a file with ESC in its name writes no ESC"
contains "$out" '\x1B[2Jdir' "the file name is shown escaped"
out=$(lc $'\e]0;pwned\a\e[2Jcmd' 2>&1); st=$?
is "$st" 2 "an unknown command with control characters is a usage error"
lacks "$out" $'\e' "... and its message writes no ESC"
contains "$out" '\x1B[2Jcmd' "... but shows the command escaped"
out=$(lc info $'\e[2Jarg\u202e' 2>&1)
lacks "$out" $'\e' "an unexpected argument is echoed without ESC"
contains "$out" '\x1B[2Jarg\u202E' "... escaped, the bidi override too"

# ---- a missing locale: a plain message, not a broken screen ----
new_home
lc "${setup[@]}" >/dev/null
lcrun LANG=xx_YY.UTF-8 LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE= HOME="$TEST_HOME" \
    -- --db "$DB" </dev/null >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
[ "$st" -ne 0 ]
ok $? "the interface in a missing locale exits non-zero" "status: $st"
err=$(cat "$TEST_HOME/err")
contains "$err" "localedef" "the message tells how to create the locale (localedef)"
contains "$err" "xx_YY.UTF-8" "the message names the missing locale"
lacks "$err$(cat "$TEST_HOME/out")" $'\033' "the message is plain text (no terminal control codes)"
lcrun LANG=zh_CN.GB18030 LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE= HOME="$TEST_HOME" \
    -- --db "$DB" </dev/null >/dev/null 2>"$TEST_HOME/err"
contains "$(cat "$TEST_HOME/err")" "localedef -i zh_CN -f UTF-8 zh_CN.UTF-8" \
    "a missing or non-UTF-8 zh_CN locale gets the right localedef command"
out=$(lcrun LANG=xx_YY.UTF-8 LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE= HOME="$TEST_HOME" \
    -- --db "$DB" reference circles 2>&1); st=$?
is "$st" 0 "commands still work in a missing locale"
contains "$out" "舒适安居圈" "... and print their output (the first circle), not only exit 0"

done_testing
