# lib.sh - sourced by every screen test: TAP output, a private tmux server per test, and helpers
# that drive the real binary the way a user would (keys in, screen text out).
#
# The harness (make check) exports LIFECIRCLE_BIN, LIFECIRCLE_DATADIR, LIFECIRCLE_LOCALEDIR and
# TESTS_SRCDIR; by hand, run from the top of the build tree:  tests/screen/menu.sh
# LC_TEST_WAIT sets how many seconds wait_for waits (default 5, 15 under the sanitizers).
# shellcheck shell=bash

set -u

: "${LIFECIRCLE_BIN:=$PWD/lifecircle}"
: "${LIFECIRCLE_DATADIR:=$PWD/data}"
: "${LIFECIRCLE_LOCALEDIR:=$PWD/tests/locale}"
: "${TESTS_SRCDIR:=$PWD/tests}"
export LIFECIRCLE_BIN LIFECIRCLE_DATADIR LIFECIRCLE_LOCALEDIR TESTS_SRCDIR
# The scripts' own text handling (character counts, grep) is UTF-8 whatever the caller has.
export LC_ALL=C.UTF-8
unset TMUX TMUX_PANE LIFECIRCLE_DB

if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ]; then
	LC_WAIT=${LC_TEST_WAIT:-15}
else
	LC_WAIT=${LC_TEST_WAIT:-5}
fi

# ---- TAP ------------------------------------------------------------------------------------

_t_n=0
_t_failed=0
_t_done=false

# diag TEXT...: a TAP comment (each line prefixed with "# ").
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

pass() {
	_t_n=$((_t_n + 1))
	printf 'ok %d - %s\n' "$_t_n" "$1"
}

# fail DESC [DIAG...]
fail() {
	_t_n=$((_t_n + 1))
	_t_failed=$((_t_failed + 1))
	printf 'not ok %d - %s\n' "$_t_n" "$1"
	shift
	[ $# -gt 0 ] && diag "$@"
	return 0
}

# ok STATUS DESC [DIAG...]: passes when STATUS (an exit status) is 0. Returns STATUS.
ok() {
	local st=$1
	shift
	if [ "$st" -eq 0 ]; then pass "$1"; else fail "$@"; fi
	return "$st"
}

# is GOT WANT DESC
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "got:  '$1'" "want: '$2'"
		return 1
	fi
}

# contains TEXT NEEDLE DESC: TEXT has NEEDLE as a substring.
contains() {
	case "$1" in
	*"$2"*) pass "$3" ;;
	*) fail "$3" "wanted to find: '$2'" "in:" "$1"; return 1 ;;
	esac
}

# lacks TEXT NEEDLE DESC
lacks() {
	case "$1" in
	*"$2"*) fail "$3" "did not want: '$2'" "in:" "$1"; return 1 ;;
	*) pass "$3" ;;
	esac
}

# done_testing: stop the program, look for sanitizer reports, print the plan, exit.
done_testing() {
	stop_app
	_check_sanitizer_logs
	_t_done=true
	printf '1..%d\n' "$_t_n"
	[ "$_t_failed" -eq 0 ] && exit 0
	diag "$_t_failed of $_t_n failed"
	exit 1
}

# Sanitizer reports (ASAN_OPTIONS/UBSAN_OPTIONS log_path=PREFIX write PREFIX.PID) fail the test,
# and so do reports on the program's stderr (kept by lcrun and the wrapper of launch_app).
_check_sanitizer_logs() {
	local prefix found f bad=
	for f in "$_t_tmp"/*.stderr; do
		[ -e "$f" ] || continue
		grep -qE 'runtime error:|Sanitizer|==[0-9]+==ERROR' "$f" && bad="$bad $f"
	done
	if [ -z "$bad" ]; then
		pass "no sanitizer report on the program's stderr"
	else
		fail "no sanitizer report on the program's stderr"
		for f in $bad; do
			sed -n '1,120p' "$f" | sed 's/^/# /'
		done
	fi
	for prefix in $(printf '%s\n' "${ASAN_OPTIONS:-}" "${UBSAN_OPTIONS:-}" | tr ':, ' '\n\n\n' |
	    sed -n 's/^log_path=//p' | sort -u); do
		found=false
		for f in "$prefix".*; do
			[ -e "$f" ] || continue
			found=true
			fail "no sanitizer report at $f"
			sed -n '1,120p' "$f" | sed 's/^/# /'
		done
		$found || pass "no sanitizer report ($prefix.*)"
	done
}

# ---- the environment --------------------------------------------------------------------------

# require_zh_locale: the Chinese screens need zh_CN.UTF-8 and the compiled catalogue. Missing
# either is a failure (never a skip); without the locale nothing in Chinese can be tested at all.
require_zh_locale() {
	if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8'; then
		pass "the zh_CN.UTF-8 locale exists"
	else
		fail "the zh_CN.UTF-8 locale exists" \
		    "Create it (as root): localedef -i zh_CN -f UTF-8 zh_CN.UTF-8" \
		    "(Debian/Ubuntu: apt-get install locales first)"
		printf 'Bail out! zh_CN.UTF-8 locale missing\n'
		_t_done=true
		exit 1
	fi
	local mo="$LIFECIRCLE_LOCALEDIR/zh_CN/LC_MESSAGES/lifecircle.mo"
	if [ -s "$mo" ]; then
		pass "the compiled Chinese catalogue exists"
	else
		fail "the compiled Chinese catalogue exists" "missing: $mo" \
		    "build it: make tests/locale/zh_CN/LC_MESSAGES/lifecircle.mo"
	fi
}

# require_tool COMMAND PACKAGE: a tool the test needs. Missing is a failure naming the Debian
# package that has it (setup.sh installs them all), never a skip: the script stops there.
require_tool() {
	if command -v "$1" >/dev/null 2>&1; then
		return 0
	fi
	fail "the '$1' command is installed" "install the Debian package $2 (./setup.sh does): apt-get install -y $2"
	printf 'Bail out! %s missing (package %s)\n' "$1" "$2"
	_t_done=true
	exit 1
}

_t_tmp=$(mktemp -d "${TMPDIR:-/tmp}/lc-screen.XXXXXX") || exit 99
_t_sock="lc-test-$$"
APP_PID=
TEST_HOME=
DB=

_cleanup() {
	local st=$?
	stop_app
	stop_server
	if ! $_t_done; then
		fail "the test script ran to the end (it stopped early, status $st)"
		printf '1..%d\n' "$_t_n"
		st=1
	fi
	rm -rf "$_t_tmp"
	exit "$st"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

# tm ARGS...: this test's own tmux server (never the user's). -u: the client speaks UTF-8.
tm() {
	tmux -u -L "$_t_sock" -f "$_t_tmp/tmux.conf" "$@"
}

cat >"$_t_tmp/tmux.conf" <<'EOF'
set -g remain-on-exit on
set -g default-terminal screen
set -g status off
set -g history-limit 0
set -g exit-empty off
EOF

# new_home: a fresh directory with HOME, XDG_DATA_HOME and the database path DB in it.
new_home() {
	TEST_HOME=$(mktemp -d "$_t_tmp/home.XXXXXX")
	mkdir -p "$TEST_HOME/xdg"
	DB="$TEST_HOME/lifecircle.db"
}

# lcrun [VAR=VALUE | -u VAR]... -- ARGS...: the program with that environment (see env(1)). Its
# stderr is kept in a file (and passed on), to be searched for sanitizer reports at the end:
# GCC's UBSan, combined with ASan, ignores log_path and writes its reports to stderr.
lcrun() {
	local envs=() errf st
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	errf=$(mktemp "$_t_tmp/cli.XXXXXX") && mv "$errf" "$errf.stderr" && errf="$errf.stderr"
	env "${envs[@]}" "$LIFECIRCLE_BIN" "$@" 2>"$errf"
	st=$?
	cat "$errf" >&2
	return "$st"
}

# lc ARGS...: the command line with the test's home and database, English messages.
lc() {
	lc_lang C.UTF-8 "$@"
}

# lc_nodb ARGS...: the command line with the test's home but no --db (the default path applies).
lc_nodb() {
	lcrun LANG=C.UTF-8 LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE= HOME="$TEST_HOME" \
	    XDG_DATA_HOME="$TEST_HOME/xdg" -- "$@"
}

# lc_lang LANG ARGS...: the command line in a language, on the test's database.
lc_lang() {
	local lang=$1
	shift
	lcrun LANG="$lang" LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE= HOME="$TEST_HOME" \
	    XDG_DATA_HOME="$TEST_HOME/xdg" -- --db "$DB" "$@"
}

# start_app LANG [ARGS...]: a new home and database, and the program on it at 100x30.
start_app() {
	new_home
	launch_app "$@"
}

# launch_app LANG [ARGS...]: (re)start the program on the current home and database, with
# TERM=$APP_TERM when that is set (tmux's own "screen" otherwise) and $APP_ENV (VAR=VALUE words).
# It runs under a small wrapper that writes its pid and, when it ends, its exit status (tmux's own
# pane_dead_status is not reliable: tmux 3.3 sometimes never reaps the pane's process).
launch_app() {
	local lang=$1 cmd v n
	shift
	require_tool tmux tmux
	stop_app
	[ -n "$TEST_HOME" ] || new_home
	_t_run=$((_t_run + 1))
	APP_PIDFILE="$_t_tmp/run$_t_run.pid"
	APP_STATUSFILE="$_t_tmp/run$_t_run.status"
	cmd="exec /bin/sh $(printf %q "$_t_tmp/wrap.sh") $(printf %q "$APP_PIDFILE") $(printf %q "$APP_STATUSFILE")"
	cmd="$cmd $(printf %q "$_t_tmp/run$_t_run.stderr")"
	cmd="$cmd env LANG=$(printf %q "$lang") LC_ALL= LC_CTYPE= LC_MESSAGES= LANGUAGE="
	[ -n "${APP_TERM:-}" ] && cmd="$cmd TERM=$(printf %q "$APP_TERM")"
	for v in ${APP_ENV:-}; do cmd="$cmd $(printf %q "$v")"; done
	# LIFECIRCLE_DB, not --db: a new database at the configured place is made without asking.
	for v in LIFECIRCLE_DB="$DB" HOME="$TEST_HOME" XDG_DATA_HOME="$TEST_HOME/xdg" LIFECIRCLE_DATADIR="$LIFECIRCLE_DATADIR" \
	    LIFECIRCLE_LOCALEDIR="$LIFECIRCLE_LOCALEDIR" ASAN_OPTIONS="${ASAN_OPTIONS:-}" \
	    LSAN_OPTIONS="${LSAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "$LIFECIRCLE_BIN" "$@"; do
		cmd="$cmd $(printf %q "$v")"
	done
	tm new-session -d -s app -x 100 -y 30 "$cmd" || { fail "tmux could start the program"; return 1; }
	n=$((LC_WAIT * 20))
	while [ ! -s "$APP_PIDFILE" ] && [ "$n" -gt 0 ]; do
		sleep 0.05
		n=$((n - 1))
	done
	APP_PID=$(cat "$APP_PIDFILE" 2>/dev/null)
	[ -n "$APP_PID" ] || fail "the program was started (no pid from the wrapper)"
}
_t_run=0
APP_PIDFILE=
APP_STATUSFILE=

# wrap.sh PIDFILE STATUSFILE ERRFILE CMD...: runs CMD in the foreground (so it owns the terminal),
# with its pid in PIDFILE first and its exit status in STATUSFILE after (128+N for signal N).
# Its stderr goes to ERRFILE: the screen stays the program's, and sanitizer reports are kept.
cat >"$_t_tmp/wrap.sh" <<'EOF'
pidfile=$1 statusfile=$2 errfile=$3
shift 3
/bin/sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" 2>"$errfile"
echo $? >"$statusfile.tmp" && mv "$statusfile.tmp" "$statusfile"
EOF

# proc_gone PID: the process has ended (gone, or a zombie nobody has reaped yet).
proc_gone() {
	[ -n "$1" ] || return 0
	kill -0 "$1" 2>/dev/null || return 0
	[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# stop_app: close the program's terminal (its tmux session: the program gets SIGHUP, as when a
# terminal is closed) and wait until the program has gone, so its draft is written and its
# sanitizer report complete. The test's one tmux server stays for the next launch: a server takes
# a second or two to exit, which every relaunch would pay.
stop_app() {
	local n=$((LC_WAIT * 20))
	tm kill-session -t app >/dev/null 2>&1
	while ! proc_gone "$APP_PID" && [ "$n" -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
	# Under LeakSanitizer a program told to hang up now and then never finishes its exit-time leak
	# check (it spins in sched_yield waiting for its tracer): end it, or such programs pile up, each
	# taking a core away from the tests after it.
	if ! proc_gone "$APP_PID"; then
		diag "process $APP_PID still running after the terminal closed: killed"
		kill -9 "$APP_PID" 2>/dev/null
	fi
	APP_PID=
}

# stop_server: end the test's tmux server (at the end of the script; nobody waits for it).
stop_server() {
	tm kill-server >/dev/null 2>&1
}

# ---- the screen --------------------------------------------------------------------------------

# screen: the visible text of the pane, one line per row.
screen() {
	tm capture-pane -p -t app 2>/dev/null
}

# row N: screen row N (0 = top).
row() {
	screen | sed -n "$(($1 + 1))p"
}

# cursor: "X Y" of the terminal cursor.
cursor() {
	tm display-message -p -t app '#{cursor_x} #{cursor_y}'
}

# wait_for TEXT [SECONDS]: poll every 0.05 s until TEXT is on screen. Status 1 on timeout.
wait_for() {
	local n=$(( ${2:-$LC_WAIT} * 20 ))
	while :; do
		screen | grep -qF -- "$1" && return 0
		[ "$n" -le 0 ] && return 1
		sleep 0.05
		n=$((n - 1))
	done
}

# wait_gone TEXT [SECONDS]: poll until TEXT is no longer on screen.
wait_gone() {
	local n=$(( ${2:-$LC_WAIT} * 20 ))
	while :; do
		screen | grep -qF -- "$1" || return 0
		[ "$n" -le 0 ] && return 1
		sleep 0.05
		n=$((n - 1))
	done
}

# wait_row N TEXT [SECONDS]: poll until row N contains TEXT.
wait_row() {
	local n=$(( ${3:-$LC_WAIT} * 20 ))
	while :; do
		case "$(row "$1")" in *"$2"*) return 0 ;; esac
		[ "$n" -le 0 ] && return 1
		sleep 0.05
		n=$((n - 1))
	done
}

# see TEXT DESC: a test that TEXT appears on screen (prints the screen when it does not).
see() {
	if wait_for "$1"; then
		pass "$2"
	else
		fail "$2" "not on screen: '$1'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
}

# gone TEXT DESC: a test that TEXT leaves the screen.
gone() {
	if wait_gone "$1"; then
		pass "$2"
	else
		fail "$2" "still on screen: '$1'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
}

# see_row N TEXT DESC
see_row() {
	if wait_row "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "row $1 lacks '$2'" "row $1: '$(row "$1")'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
}

# see_line_with A B DESC: some line of the screen holds both A and B, waited for as see waits (a row
# found by row_of right after a key may still be the screen before it).
see_line_with() {
	if poll _line_with "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "no line holds both '$1' and '$2'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
}

_line_with() {
	screen | grep -F -- "$1" | grep -qF -- "$2"
}

# not_seen TEXT DESC: TEXT is not on the screen now (use after syncing on something else).
not_seen() {
	if screen | grep -qF -- "$1"; then
		fail "$2" "unexpectedly on screen: '$1'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
	pass "$2"
}

# row_of TEXT: the first screen row that contains TEXT, or -1.
row_of() {
	screen | awk -v t="$1" 'index($0, t) { print NR - 1; found = 1; exit } END { if (!found) print -1 }'
}

# cols TEXT: display columns of TEXT (double-width characters count 2).
cols() {
	printf '%s' "$1" | wc -L
}

# from_col X TEXT: TEXT without its first X display columns (a double-width character counts 2).
from_col() {
	local x=$1 text=$2 n=0 i=0 c o
	while [ "$n" -lt "$x" ] && [ "$i" -lt "${#text}" ]; do
		c=${text:i:1}
		# ASCII is one column without a subprocess; anything else asks wc -L, as cols does.
		printf -v o "%d" "'$c"
		if [ "$o" -lt 128 ]; then n=$((n + 1)); else n=$((n + $(cols "$c"))); fi
		i=$((i + 1))
	done
	printf '%s' "${text:i}"
}

# poll_is WANT DESC CMD...: a test that CMD's output becomes WANT (polled: a screen may be caught
# half drawn).
poll_is() {
	local want=$1 desc=$2 got n=$((LC_WAIT * 20))
	shift 2
	while :; do
		got=$("$@")
		[ "$got" = "$want" ] && break
		[ "$n" -le 0 ] && break
		sleep 0.05
		n=$((n - 1))
	done
	is "$got" "$want" "$desc" || { diag "screen:"; screen | sed 's/^/#   |/'; return 1; }
}

# cursor_is X Y DESC: a test that the cursor is at column X of row Y.
cursor_is() {
	poll_is "$1 $2" "$3" cursor
}

# _where_after TEXT: "X Y" just after the first TEXT on screen.
_where_after() {
	local r line
	r=$(row_of "$1")
	line=$(row "$r")
	echo "$(cols "${line%%"$1"*}$1") $r"
}

# cursor_after TEXT DESC: a test that the cursor sits just after the first TEXT on screen.
cursor_after() {
	local n=$((LC_WAIT * 20)) want got
	while :; do
		want=$(_where_after "$1")
		got=$(cursor)
		[ "$got" = "$want" ] && [ "${want#* }" != -1 ] && break
		[ "$n" -le 0 ] && break
		sleep 0.05
		n=$((n - 1))
	done
	if [ "$got" = "$want" ] && [ "${want#* }" != -1 ]; then
		pass "$2"
	else
		fail "$2" "cursor at '$got' (x y), wanted '$want', just after '$1'" "screen:"
		screen | sed 's/^/#   |/'
		return 1
	fi
}

# show_screen: the screen as TAP comments (for debugging a test).
show_screen() {
	screen | sed 's/^/#   |/'
}

# keys KEY...: tmux key names (Enter, Escape, F2, BTab, Left, NPage, C-s ...) or characters.
keys() {
	tm send-keys -t app "$@"
}

# raw BYTES: bytes as a terminal sends them (printf escapes: '\e[4~'), whatever tmux thinks TERM is.
raw() {
	# shellcheck disable=SC2046 # one hex word per byte
	tm send-keys -t app -H $(printf '%b' "$1" | od -An -v -tx1)
}

# type_text TEXT: literal text, UTF-8 as an input method commits it. tmux refuses a command longer
# than about 16 KB ("command too long") and types nothing: that is a failure here, never silence
# (paste_text sends long text).
type_text() {
	tm send-keys -t app -l -- "$1" || fail "tmux typed the text" "${#1} characters: tmux refused them (paste_text sends long text)"
}

# paste_text TEXT: TEXT pasted into the terminal at once, as from the clipboard (through a tmux
# buffer loaded from a file, so its length has no limit; bracketed when the program asks for that).
paste_text() {
	printf "%s" "$1" >"$_t_tmp/paste"
	tm load-buffer "$_t_tmp/paste" && tm paste-buffer -d -p -t app || fail "tmux pasted the text"
}

# sync_app: wait until the program has handled every key sent so far, without sleeping: F1 (help)
# must change the title row and Esc bring it back, and keys are read in order. Use it before
# asserting that a key changed nothing, on a screen where F1 opens help and Esc leaves it.
sync_app() {
	local before n=$((LC_WAIT * 20))
	before=$(row 0)
	keys F1
	while [ "$(row 0)" = "$before" ] && [ "$n" -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
	keys Escape
	while [ "$(row 0)" != "$before" ] && [ "$n" -gt 0 ]; do
		sleep 0.02
		n=$((n - 1))
	done
	[ "$n" -gt 0 ] || { fail "the program answered F1 and Esc (sync)"; show_screen; return 1; }
}

# ---- the program's state ------------------------------------------------------------------------

# app_dead: the program has ended (its wrapper wrote the exit status).
app_dead() {
	[ -n "$APP_STATUSFILE" ] && [ -s "$APP_STATUSFILE" ]
}

# wait_exit [SECONDS]: poll until the program has ended. Status 1 on timeout.
wait_exit() {
	local n=$(( ${1:-$LC_WAIT} * 20 ))
	while :; do
		app_dead && return 0
		[ "$n" -le 0 ] && return 1
		sleep 0.05
		n=$((n - 1))
	done
}

# exit_status: the ended program's exit status (128+N when signal N ended it).
exit_status() {
	cat "$APP_STATUSFILE" 2>/dev/null
}

# app_alive: the program is still running (not crashed, not quit).
app_alive() {
	! proc_gone "$APP_PID" && ! app_dead
}

# info_field NAME: a value from `lifecircle info` ("Community", "Operator", ...).
info_field() {
	lc info | sed -n "s/^$1: //p"
}

# q SQL: the test database queried with the sqlite3 tool (columns joined by '|').
q() {
	sqlite3 -separator '|' "$DB" "$1"
}

# screen_squeezed: the screen's lines, each with its runs of blanks made one and no blank at
# either end (a table's column widths do not matter).
screen_squeezed() {
	screen | tr -s ' ' | sed 's/^ //; s/ $//'
}

_squeezed_line() {
	screen_squeezed | grep -qxF -- "$1"
}

# line_is TEXT DESC: a test that some screen line, blanks squeezed, is exactly TEXT (polled).
line_is() {
	poll _squeezed_line "$1" && { pass "$2"; return 0; }
	fail "$2" "no line is: '$1'" "screen:"
	show_screen
	return 1
}

# open_import PROMPT PATH: i on a list, a test that the dialog asking PROMPT opens, PATH typed, Enter.
open_import() {
	keys i
	see "$1" "${L:-} i asks for the file"
	type_text "$2"
	keys Enter
}

# flow_begin LANG COMMUNITY CODE: the start of a flow run once per language: L becomes its label
# for test names ("[LANG TERM=...]"), the script's texts function (if any) sets its strings for LANG,
# and a new home gets an office database of COMMUNITY (district 海勃湾区, office code CODE, operator
# 张琦) made by `lifecircle init`.
flow_begin() {
	L="[$1${APP_TERM:+ TERM=$APP_TERM}]"
	if declare -F texts >/dev/null; then texts "$1"; fi
	new_home
	lc init --community "$2" --district 海勃湾区 --office-code "$3" --operator 张琦 >/dev/null || fail "$L init"
}

# poll CMD...: run CMD every 0.05 s until it succeeds (status 0), for at most LC_WAIT seconds.
poll() {
	local n=$((LC_WAIT * 20))
	until "$@"; do
		[ "$n" -le 0 ] && return 1
		sleep 0.05
		n=$((n - 1))
	done
}

# said: the text inside a dialog's box (its sides │, or x where the terminal draws lines by ACS),
# its wrapped lines joined with nothing between them (CJK text wraps anywhere: search for one
# English word or any Chinese text).
said() {
	screen | sed -n 's/^ *[│x] \(.*\) [│x] *$/\1/p' | sed 's/ *$//' | tr -d '\n'
}

_said_has() {
	case "$(said)" in *"$1"*) return 0 ;; esac
	return 1
}

# see_said TEXT DESC: a test that a dialog says TEXT (polled).
see_said() {
	poll _said_has "$1" && { pass "$2"; return 0; }
	fail "$2" "no dialog says: '$1'" "screen:"
	show_screen
	return 1
}

# box_text: the text inside the dialog box on screen, its lines joined with nothing between them
# (as said), found whatever the screen behind shows left or right of the box (a menu): the sides
# are │, or x where the terminal draws lines by ACS.
box_text() {
	screen | sed -n -e 's/^[^│]*│ \(.*\) │.*$/\1/p' -e t -e 's/^[^x]*x \(.*\) x.*$/\1/p' | sed 's/ *$//' | tr -d '\n'
}

# flat_text: the dialog box's text, or the whole screen when no box is drawn, as one line with the
# blanks left out: wrapped text joined whatever its width (English wraps at blanks, and a button
# wrapped at a blank loses it).
flat_text() {
	local b
	b=$(box_text)
	if [ -n "$b" ]; then printf "%s" "$b"; else screen; fi | tr -d " \n"
}

_flat_has() {
	case "$(flat_text)" in *"$(printf '%s' "$1" | tr -d ' ')"*) return 0 ;; esac
	return 1
}

# see_flat TEXT DESC: a test that TEXT is said, maybe wrapped over lines (blanks ignored; polled).
see_flat() {
	poll _flat_has "$1" && { pass "$2"; return 0; }
	fail "$2" "not said, even wrapped: '$1'" "screen:"
	show_screen
	return 1
}

# quit_app DESC: F10 quits, with exit status 0 (a test).
quit_app() {
	keys F10
	wait_exit
	is "$(exit_status)" 0 "$1"
}

# run_three_ways FUNC: FUNC LANG in zh_CN.UTF-8 and C.UTF-8, and the keys again under
# TERM=xterm-256color in zh_CN.UTF-8; then the test's tmux server ends and the plan is printed.
run_three_ways() {
	"$1" zh_CN.UTF-8
	"$1" C.UTF-8
	APP_TERM=xterm-256color "$1" zh_CN.UTF-8
	stop_server
	done_testing
}

# start_response TITLE ESTATE FIRST [KEYS...]: on the survey response list, n starts a response to
# the imported questionnaire titled TITLE (the shipped one sorts first: Down picks it) in the office's
# community and a new estate ESTATE (KEYS first move to "(a new estate...)" past the estates added
# before), and FIRST (the first question) shows; a test of each step. Uses $L and $T_NEW_ESTATE.
start_response() {
	local title=$1 estate=$2 first=$3
	shift 3
	keys n
	see "$title" "$L the imported questionnaire is offered"
	keys Down Enter
	see "滨河社区" "$L then the community"
	keys Enter "$@"
	see "$T_NEW_ESTATE" "$L then the estate"
	keys Enter
	type_text "$estate"
	keys Enter
	see "$first" "$L the first question"
}

# new_office [OPERATOR...]: a new home with its office set up (滨河社区 of 海勃湾区, HBW-1, operator
# 张琦) and the further operators named added; a test. Uses $L.
new_office() {
	local op
	new_home
	lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
	is "$?" 0 "$L the office is set up"
	for op in "$@"; do
		lc operator add "$op" >/dev/null || fail "$L operator $op is added"
	done
}
