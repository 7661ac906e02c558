#!/bin/bash
# import.sh - `lifecircle import proposals FILE [--dry-run]` as a user runs it: usage and exit
# statuses, the preview that writes nothing, bad rows with their lines and reasons, the good rows
# written, re-import unchanged and with one changed row (a new version, no duplicate), Chinese and
# English headers, UTF-8 with BOM and CRLF, GB18030 made here with iconv, control characters from the
# file escaped on output, a broken CSV refused at its line, and the messages in Chinese.
. "$(dirname "$0")/lib.sh"

DATA="$TESTS_SRCDIR/data"
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"

q() { sqlite3 "$DB" "$1"; }

# ---- usage -------------------------------------------------------------------------------------
out=$(lc import --help 2>&1); st=$?
is "$st" 0 "import --help exits 0"
contains "$out" "--dry-run" "import --help names --dry-run"
contains "$out" "承办单位/handling_unit" "import --help names the columns"
contains "$(lc --help 2>&1)" "import" "the command list names import"
lc import >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "import without arguments exits 2"
contains "$(cat "$TEST_HOME/err")" "import proposals|communities|facilities FILE" "and says how to call it"
lc import widgets "$DATA/proposals_en.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "an unknown kind exits 2"
contains "$(cat "$TEST_HOME/err")" "'widgets'" "naming it"
lc import proposals "$DATA/proposals_en.csv" --frob >/dev/null 2>&1; st=$?
is "$st" 2 "an unknown option exits 2"
lc import proposals "$TEST_HOME/none.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a missing file exits 1"
contains "$(cat "$TEST_HOME/err")" "none.csv" "naming the file"

# ---- the preview writes nothing --------------------------------------------------------------
lc import proposals "$DATA/proposals_zh.csv" --dry-run >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
out=$(cat "$TEST_HOME/out")
is "$st" 1 "a preview with bad rows exits 1"
contains "$out" "line 2: new: 032 关于提高一刻钟社区生活圈建设质量的提案" "the seed's row is new, at line 2"
contains "$out" 'line 3: new: 011 关于增设社区便民早餐点的建议，含"早餐车"' "a quoted title with a comma and doubled quotes"
contains "$out" "line 4: bad: Phone: A phone number may hold only digits" "a bad phone, with its line"
contains "$out" "line 5: bad: Title: This field is required" "a missing title"
contains "$out" "line 6: bad: Kind must be 建议 or 提案" "an unknown kind"
contains "$out" "line 7: bad: Title: Keep this to one line" "a title of two lines, at the line it starts"
contains "$out" "line 9: new: 047" "the row after it is at line 9"
contains "$out" "Preview (nothing written): 3 new, 0 changed, 0 unchanged, 4 bad." "the totals"
is "$(cat "$TEST_HOME/err")" "" "the preview prints nothing on stderr"
is "$(q 'SELECT count(*) FROM proposal')" 0 "the preview wrote nothing"

# ---- writing ---------------------------------------------------------------------------------------
lc import proposals "$DATA/proposals_zh.csv" >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an import with bad rows exits 1"
contains "$(cat "$TEST_HOME/out")" "Written: 3 new, 0 changed, 0 unchanged, 4 bad." "the totals of what was written"
err=$(cat "$TEST_HOME/err")
contains "$err" "line 4: bad: Phone" "the bad rows are reported on stderr"
contains "$err" "line 7: bad:" "every one of them"
is "$(q 'SELECT count(*) FROM proposal WHERE deleted = 0')" 3 "the three good rows are written"
is "$(q "SELECT kind, session, title, proposer, phone, handling_unit, form_status, operator FROM proposal WHERE number = '032'")" \
    "proposal|市政协十届三次会议|关于提高一刻钟社区生活圈建设质量的提案|市政协文化委|8991332|乌海市商务局|unsent|张琦" \
    "the seed's proposal as given, its number's leading zero kept, with the operator"
is "$(q "SELECT kind FROM proposal WHERE number = '011'")" suggestion "建议 is a suggestion"
hlc_032=$(q "SELECT hlc FROM proposal WHERE number = '032'")

# ---- re-import: unchanged, then one changed row -------------------------------------------------
lc import proposals "$DATA/proposals_zh.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "3 unchanged, 4 bad" "re-importing the same list: all unchanged"
lc import proposals "$DATA/proposals_zh.csv" >/dev/null 2>&1
is "$(q 'SELECT count(*) FROM proposal')" 3 "re-importing writes no duplicate"
is "$(q "SELECT hlc FROM proposal WHERE number = '032'")" "$hlc_032" "and no new version of an unchanged row"
lc import proposals "$DATA/proposals_changed.csv" --dry-run >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "a preview of good rows only exits 0"
contains "$(cat "$TEST_HOME/out")" "line 3: changed: 011 关于增设社区便民早餐点的建议" "the changed row is shown as changed"
contains "$(cat "$TEST_HOME/out")" "line 2: unchanged: 032" "the others as unchanged"
contains "$(cat "$TEST_HOME/out")" "0 new, 1 changed, 2 unchanged, 0 bad" "the totals"
hlc_011=$(q "SELECT hlc FROM proposal WHERE number = '011'")
lc import proposals "$DATA/proposals_changed.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "importing it exits 0"
is "$(q "SELECT title FROM proposal WHERE number = '011'")" "关于增设社区便民早餐点的建议" "the title is updated"
is "$(q "SELECT base FROM proposal WHERE number = '011'")" "$hlc_011" "as a new version of the stored one"
is "$(q 'SELECT count(*) FROM proposal')" 3 "still three proposals"

# ---- English headers, other column order, an extra column ---------------------------------------
lc import proposals "$DATA/proposals_en.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "English headers in another order import"
is "$(q "SELECT kind || '/' || session || '/' || proposer FROM proposal WHERE number = '102'")" \
    "proposal/市政协十届三次会议/Li Na" "each column by its header, 'Proposal' in any case"

# ---- GB18030, made here --------------------------------------------------------------------------
iconv -f UTF-8 -t GB18030 >"$TEST_HOME/gb.csv" <<'EOF'
类别,届次,编号,标题,提出人,联系电话,承办单位
建议,市人大十届三次会议,201,关于改造海北街道公厕的建议,吴十,８９９１３３３,乌海市住建局
EOF
is "$(grep -c '公厕' "$TEST_HOME/gb.csv")" 0 "the GB18030 file is not UTF-8"
lc import proposals "$TEST_HOME/gb.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "a GB18030 file imports"
is "$(q "SELECT title || '|' || proposer || '|' || phone FROM proposal WHERE number = '201'")" \
    "关于改造海北街道公厕的建议|吴十|8991333" "its Chinese comes out right, the full-width phone folded"

# ---- hostile text, broken CSV -----------------------------------------------------------------------
printf 'kind,number,title,proposer,handling_unit\nproposal,301,\033[2Jcleared,x,y\n\033[2Jcleared\342\200\256,302,t,x,y\n' >"$TEST_HOME/esc.csv"
lc import proposals "$TEST_HOME/esc.csv" --dry-run >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 1 "a control character in a cell makes the row bad"
contains "$(cat "$TEST_HOME/out")" "line 2: bad: Title: Control characters" "with its reason"
lacks "$(cat "$TEST_HOME/out")" $'\033' "no escape character reaches the terminal"
contains "$(cat "$TEST_HOME/out")" 'not "\x1B[2Jcleared\u202E"' "a cell quoted in a reason is shown escaped, the bidi override too"
printf 'kind,number,title,proposer,handling_unit\nproposal,302,"unclosed,x,y\n' >"$TEST_HOME/broken.csv"
lc import proposals "$TEST_HOME/broken.csv" >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a broken CSV exits 1"
contains "$(cat "$TEST_HOME/err")" "line 2" "naming the line where the quote opens"
is "$(q "SELECT count(*) FROM proposal WHERE number = '302'")" 0 "and writes nothing"
printf 'kind,number,title,proposer\nproposal,303,t,p\n' >"$TEST_HOME/nounit.csv"
lc import proposals "$TEST_HOME/nounit.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a header without the handling unit exits 1"
contains "$(cat "$TEST_HOME/err")" "承办单位" "naming the missing column"
: >"$TEST_HOME/empty.csv"
lc import proposals "$TEST_HOME/empty.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an empty file exits 1"
contains "$(cat "$TEST_HOME/err")" "empty" "saying it is empty"

# ---- in Chinese ------------------------------------------------------------------------------------
require_zh_locale
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
lc_lang zh_CN.UTF-8 import proposals "$DATA/proposals_zh.csv" --dry-run >"$TEST_HOME/out" 2>&1
out=$(cat "$TEST_HOME/out")
contains "$out" "第 2 行：新增：032" "the preview in Chinese"
contains "$out" "第 4 行：有误：代表、委员联系电话：" "a bad row's reason in Chinese, with the field's label"
contains "$out" "预览（未写入）：新增 3 条，更改 0 条，未变 0 条，有误 4 条。" "the totals in Chinese"

done_testing
