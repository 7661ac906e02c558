#!/bin/bash
# survey.sh - `lifecircle export survey` and `lifecircle report survey` as a user runs them: usage and
# exit statuses; responses written with the sqlite3 tool (as sync or another tool would) counted by
# the database's own triggers; the CSV (BOM, a column per question, a 0/1 column per choice, empty
# for a question not shown, drafts with their status, deleted ones left out), GB18030 through iconv,
# the file replaced whole or left untouched; the results with n = those shown, a cross-tab, the
# community filter, CSV results; and the messages in Chinese.
. "$(dirname "$0")/lib.sh"

new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"
q() { sqlite3 "$DB" "$1"; }
comm=$(q "SELECT id FROM community LIMIT 1")
code=$(q "SELECT code FROM community LIMIT 1")

# ---- usage -------------------------------------------------------------------------------------
out=$(lc export --help 2>&1); st=$?
is "$st" 0 "export --help exits 0"
contains "$out" "       survey [--template ID] [--version V] [--format csv|xlsx]" "export --help shows the survey export"
contains "$out" "the questions are the distinct answer" "and says where the questions come from until templates are stored"
contains "$(lc report --help 2>&1)" "survey [--template ID]" "report --help shows the survey report"
lc export survey >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "export survey without -o exits 2"
contains "$(cat "$TEST_HOME/err")" "-o FILE" "and asks for the file"
lc export survey --format xlsx -o - >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "an .xlsx workbook to standard output exits 2"
contains "$(cat "$TEST_HOME/err")" "needs -o FILE" "saying why"
lc export survey --encoding latin1 -o "$TEST_HOME/x.csv" >/dev/null 2>&1; st=$?
is "$st" 2 "an unknown encoding exits 2"
lc export frobs >/dev/null 2>&1; st=$?
is "$st" 2 "an unknown export exits 2"
lc export survey -o "$TEST_HOME/none.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "nothing to export exits 1"
contains "$(cat "$TEST_HOME/err")" "no survey responses are stored yet" "saying why"
[ ! -e "$TEST_HOME/none.csv" ]; ok "$?" "and writes no file"

# ---- responses written by another tool ------------------------------------------------------------
ins() {	# ID STATUS DELETED DATE ANSWERS
	q "INSERT INTO survey_response (id, origin, created_at, updated_at, hlc, operator, deleted, template,
	    template_version, community, estate, surveyed_on, answers, status) VALUES ('$1', 'x', '$4', '$4', '0',
	    '张琦', $3, 'needs', '1', '$comm', '阳光小区', '$4', '$5', '$2')"
}
ins 00000000-0000-4000-8000-000000000001 complete 0 2026-01-05 \
    '{"age":"old","elderly":"yes","care_sat":"bad","care_miss":["canteen","daycare"],"size":4,"note":"楼道灯坏了, 请修"}'
ins 00000000-0000-4000-8000-000000000002 complete 0 2026-01-06 \
    '{"age":"young","elderly":"no","size":2,"note":""}'
ins 00000000-0000-4000-8000-000000000003 complete 0 2026-01-07 \
    '{"age":"old","elderly":"yes","care_sat":"good","care_miss":[],"size":3,"note":"好"}'
ins 00000000-0000-4000-8000-000000000004 draft 0 2026-01-08 '{"age":"old"}'
ins 00000000-0000-4000-8000-000000000005 complete 1 2026-01-09 '{"age":"young","elderly":"no"}'
is "$(q 'SELECT count(*) FROM survey_answer WHERE part = 0')" 16 "the triggers filled the answer table (live, complete ones only)"

# ---- export ------------------------------------------------------------------------------------------
lc export survey -o "$TEST_HOME/s.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 0 "export survey exits 0 (the one template is taken)"
contains "$(cat "$TEST_HOME/err")" "4 responses written" "and counts the rows"
is "$(head -c 3 "$TEST_HOME/s.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "the CSV starts with a BOM"
is "$(sed -n 1p "$TEST_HOME/s.csv" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')" \
    "id,template,version,community,estate,surveyed_on,status,operator,age,elderly,care_sat,care_miss,care_miss/canteen,care_miss/daycare,size,note" \
    "the header: fixed columns, a column per question, a 0/1 column per choice named"
is "$(sed -n 2p "$TEST_HOME/s.csv" | tr -d '\r')" \
    '00000000-0000-4000-8000-000000000001,needs,1,滨河社区,阳光小区,2026-01-05,complete,张琦,old,yes,bad,canteen daycare,1,1,4,"楼道灯坏了, 请修"' \
    "a response: the community's name, names space-separated with their 0/1 columns, a quoted comma"
is "$(sed -n 3p "$TEST_HOME/s.csv" | tr -d '\r')" \
    '00000000-0000-4000-8000-000000000002,needs,1,滨河社区,阳光小区,2026-01-06,complete,张琦,young,no,,,,,2,' \
    "questions not shown are empty, their 0/1 columns too"
contains "$(sed -n 4p "$TEST_HOME/s.csv")" ",good,,0,0,3,好" "shown with nothing chosen: 0 in every choice column"
contains "$(sed -n 5p "$TEST_HOME/s.csv")" ",draft,张琦,old," "the draft is exported with its status"
lacks "$(cat "$TEST_HOME/s.csv")" "000000000005" "the deleted response is not"
lc export survey --template needs --encoding gb18030 -o "$TEST_HOME/g.csv" >/dev/null 2>&1; st=$?
is "$st" 0 "export in GB18030 exits 0"
is "$(iconv -f GB18030 -t UTF-8 "$TEST_HOME/g.csv")" "$(sed '1s/^\xef\xbb\xbf//' "$TEST_HOME/s.csv")" \
    "GB18030, read back through iconv, is the UTF-8 export without its BOM"
cp "$TEST_HOME/s.csv" "$TEST_HOME/keep.csv"
ins 00000000-0000-4000-8000-000000000006 draft 0 2026-01-10 'not JSON'
lc export survey -o "$TEST_HOME/keep.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a response whose answers are damaged stops the export with exit 1"
contains "$(cat "$TEST_HOME/err")" "000000000006" "naming the response"
is "$(cmp "$TEST_HOME/s.csv" "$TEST_HOME/keep.csv" && echo same)" same "and the old file is left as it was"
[ ! -e "$TEST_HOME/keep.csv.tmp" ]; ok "$?" "with no temporary file left behind"
q "DELETE FROM survey_response WHERE id = '00000000-0000-4000-8000-000000000006'"
lc export survey -o - >"$TEST_HOME/out" 2>/dev/null
is "$(wc -l <"$TEST_HOME/out" | tr -d ' ')" 5 "-o - writes to standard output"

# .xlsx through h17's writer: a FILE ending in .xlsx is a workbook
lc export survey -o "$TEST_HOME/s.xlsx" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 0 "export survey to .xlsx exits 0"
contains "$(cat "$TEST_HOME/err")" "4 responses written" "the same 4 responses"
is "$(head -c 2 "$TEST_HOME/s.xlsx")" "PK" "the file is a workbook (a zip)"
# read the package with the sqlite3 tool's zipfile table (setup.sh installs sqlite3, and nothing else here reads zip)
sheet=$(sqlite3 :memory: "SELECT CAST(data AS TEXT) FROM zipfile('$TEST_HOME/s.xlsx')
	WHERE name IN ('xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml')" 2>/dev/null)
contains "$sheet" "care_miss/canteen" "its header names the 0/1 columns"
contains "$sheet" "楼道灯坏了, 请修" "and the cells hold the answers"
ok "$([ ! -e "$TEST_HOME/s.xlsx.tmp" ]; echo $?)" "no temporary file is left"

# ---- with the template stored: its questions, in its order, with the keys it lacks after them ------
ins 00000000-0000-4000-8000-000000000007 complete 0 2026-01-11 '{"age_group":"30_44","household_size":3,"old_key":"x"}'
q "UPDATE survey_response SET template = 'lifecircle_needs', template_version = '2024.1' WHERE id = '00000000-0000-4000-8000-000000000007'"
lc export survey --template lifecircle_needs -o "$TEST_HOME/t.csv" >/dev/null 2>&1; st=$?
is "$st" 0 "export of the stored default template's responses exits 0"
head1=$(sed -n 1p "$TEST_HOME/t.csv" | tr -d '\r')
contains "$head1" ",operator,estate,age_group,household_size,elderly_at_home,small_children,housing_sat,housing_missing," \
    "the columns are the template's questions in its order, unanswered ones too"
contains "$head1" "housing_missing/" "a select_multiple of the template has its 0/1 columns from the template's choices"
is "${head1##*,}" "old_key" "a stored key the template lacks comes last, not lost"
contains "$(sed -n 2p "$TEST_HOME/t.csv")" ",,30_44,3," "the response's answers under their questions"
q "DELETE FROM survey_response WHERE id = '00000000-0000-4000-8000-000000000007'"

# ---- report ------------------------------------------------------------------------------------------
out=$(lc report survey 2>&1); st=$?
is "$st" 0 "report survey exits 0"
contains "$out" "complete responses only" "it says which responses count"
contains "$out" "age (select_one): n = 3, blank 0" "age: n = 3 (the draft and the deleted one do not count)"
contains "$out" "care_sat (select_one): n = 2, blank 0" "care_sat: n = 2, those shown it"
contains "$out" "care_miss (select_multiple): n = 2, blank 1" "care_miss: n = 2, one chose nothing"
contains "$out" "$(printf '  %-24s %10d %6.1f%%' canteen 1 50.0)" "canteen: 1, 50.0% of n"
contains "$out" "mean 3, min 2, max 4 (3 numbers)" "size: mean and range"
out=$(lc report survey --question age --by care_sat 2>&1); st=$?
is "$st" 0 "a cross-tab exits 0"
contains "$out" "age by care_sat: n = 2 (shown both)" "its base is those shown both"
out=$(lc report survey --question age --community "$code" 2>&1)
contains "$out" "age (select_one): n = 3" "the community filter by code"
lc report survey --community NOPE >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an unknown community exits 1"
contains "$(cat "$TEST_HOME/err")" "NOPE" "naming it"
out=$(lc report survey --question age --to 2026-01-05 2>&1)
contains "$out" "age (select_one): n = 1" "a date range"
lc report survey --question nosuch >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an unknown question exits 1"
contains "$(cat "$TEST_HOME/err")" "nosuch" "naming it"
lc report survey --question care_miss --format csv -o "$TEST_HOME/r.csv" >/dev/null 2>&1; st=$?
is "$st" 0 "results as CSV"
contains "$(tr -d '\r' <"$TEST_HOME/r.csv")" "care_miss,canteen,1,50,2" "question, choice, count, percent, n"

# ---- in Chinese ------------------------------------------------------------------------------------
require_zh_locale
out=$(lc_lang zh_CN.UTF-8 report survey --question care_sat 2>&1)
contains "$out" "只计已完成的答卷" "the report in Chinese"
contains "$out" "care_sat（select_one）：n = 2，空白 0" "n in Chinese"
lc_lang zh_CN.UTF-8 export survey -o "$TEST_HOME/z.csv" >/dev/null 2>"$TEST_HOME/err"
contains "$(cat "$TEST_HOME/err")" "已写入 4 份答卷到" "the export's count in Chinese"

done_testing
