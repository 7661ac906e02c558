#!/bin/bash
# template.sh - `lifecircle template import|list|show` as a user runs it: the shipped needs survey
# there from the first open, the conformance files written for other XLSForm tools imported (skipped
# types listed by name), a NAME.survey/choices/settings.csv set given together, a new version kept
# beside the old, a bad template refused with every problem's row and column and nothing changed
# (the file compared before and after), GB18030 made here with iconv, and the messages in Chinese.
. "$(dirname "$0")/lib.sh"

require_tool iconv libc-bin
DATA="$TESTS_SRCDIR/data/xlsform"
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"

q() { sqlite3 "$DB" "$1"; }

# ---- usage -------------------------------------------------------------------------------------
out=$(lc template --help 2>&1); st=$?
is "$st" 0 "template --help exits 0"
contains "$out" "import FILE... [--dry-run] | list | show ID" "template --help says how to call it"
contains "$(lc --help 2>&1)" "template" "the command list names template"
lc template >/dev/null 2>&1; st=$?
is "$st" 2 "template without an action exits 2"
lc template frob >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 2 "an unknown action exits 2"
contains "$(cat "$TEST_HOME/err")" "frob" "naming it"
lc template import >/dev/null 2>&1; st=$?
is "$st" 2 "import without files exits 2"

# ---- the shipped template ----------------------------------------------------------------------
out=$(lc template list 2>&1); st=$?
is "$st" 0 "template list exits 0"
contains "$out" "lifecircle_needs	2024.1	一刻钟便民生活圈居民需求调查	中文 (zh); English (en)" "the needs survey is there from the first open, in two languages"
out=$(lc template show lifecircle_needs 2>&1)
contains "$out" "elderly_at_home	select_one yes_no	Anyone aged 60 or over at home?" "show lists its questions in English in C.UTF-8"
contains "$out" "eldercare_needs	select_multiple eldercare_services" "with the elderly-care needs"
contains "$out" "[eldercare]" "and the circle of a question"
contains "$out" "contact_phone	text	Phone number (optional)	(personal)" "a personal question is marked"

# ---- conformance files --------------------------------------------------------------------------
lc template import "$DATA/group.csv" "$DATA/case_insensitivity.csv" "$DATA/text_and_integer.csv" >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
out=$(cat "$TEST_HOME/out")
is "$st" 0 "three files written for other XLSForm tools import"
contains "$out" "YesNo " "the form_id from SETTINGS"
contains "$out" "row 4: q2 (select_one_external c1) skipped: takes its choices from an external file" "a type a terminal cannot ask is listed by row and name"
contains "$out" "row 5: q3 (osm c1) skipped: needs a map" "each of them"
is "$(q "SELECT count(*) FROM survey_template")" 4 "four templates stored"
lc template import "$DATA/group.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "importing the same file again exits 0"
contains "$(cat "$TEST_HOME/out")" "already stored, unchanged" "and says it is unchanged"
is "$(q "SELECT count(*) FROM survey_template")" 4 "no duplicate"
# every file of the conformance folder imports, or is refused for its one stated fault
for f in "$DATA"/*.csv; do
	lc template import "$f" >"$TEST_HOME/out" 2>&1; st=$?
	case $(basename "$f") in
	widgets.csv)
		is "$st" 1 "widgets.csv is refused"
		contains "$(cat "$TEST_HOME/out")" "widgets.csv: sheet survey, row 11, column bind:relevant: unknown field /widgets/branch (the form has no question \"branch\")" \
		    "saying exactly why: its relevant names a question the form does not have"
		contains "$(cat "$TEST_HOME/out")" "1 of 1 templates have problems" "and that nothing was imported" ;;
	*)
		is "$st" 0 "conformance file $(basename "$f") imports (or is already stored)" ;;
	esac
done
is "$(q "SELECT count(*) FROM survey_template WHERE form_id = 'widgets'")" 0 "no widgets template was stored"

out=$(lc template show group)
contains "$out" "phone_number	phone	What's your father's phone number?" "\"phone number\" in a group is a phone question"

# ---- a set sharing a stem, and versions ---------------------------------------------------------------
mkdir -p "$TEST_HOME/t"
cat >"$TEST_HOME/t/needs.survey.csv" <<'CSV'
type,name,label::中文 (zh),label::English (en),relevant,circle
select_one yn,elderly,家中有老人吗,Elderly at home?,,eldercare
integer,age,老人年龄,Age of the eldest,${elderly} = 'yes',eldercare
CSV
printf 'list_name,name,label::中文 (zh),label::English (en)\nyn,yes,是,Yes\nyn,no,否,No\n' >"$TEST_HOME/t/needs.choices.csv"
printf 'form_id,version,form_title\nvisit,1,入户调查\n' >"$TEST_HOME/t/needs.settings.csv"
lc template import "$TEST_HOME/t/needs.choices.csv" "$TEST_HOME/t/needs.survey.csv" "$TEST_HOME/t/needs.settings.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "a NAME.survey/choices/settings.csv set imports as one template"
contains "$(cat "$TEST_HOME/out")" "visit 1: imported (入户调查)" "named by its settings"
printf 'form_id,version,form_title\nvisit,2,入户调查\n' >"$TEST_HOME/t/needs.settings.csv"
lc template import "$TEST_HOME/t/needs.survey.csv" "$TEST_HOME/t/needs.choices.csv" "$TEST_HOME/t/needs.settings.csv" >/dev/null 2>&1
is "$(q "SELECT group_concat(version, ' ') FROM (SELECT version FROM survey_template WHERE form_id = 'visit' ORDER BY version)")" "1 2" "a new version is kept beside the old one"
contains "$(lc template show visit 2>&1)" "Version: 2" "show gives the newest version"
contains "$(lc template show visit --version 1 2>&1)" "Version: 1" "or the one asked for"
contains "$(lc template show visit --lang zh 2>&1)" "age	integer	老人年龄	[eldercare]" "--lang zh shows the Chinese labels"
lc template show nosuch >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "an unknown template exits 1"
contains "$(cat "$TEST_HOME/err")" "no template nosuch" "saying so"

# ---- a bad template changes nothing --------------------------------------------------------------------
cat >"$TEST_HOME/t/bad.csv" <<'CSV'
type,name,label,relevant,calculation
integr,a,A,,
text,b,B,${nope} = 1,
select_one nolist,c,C,,
calculate,e,,,${f} + 1
calculate,f,,,${e} * 2
text,b,again,,
CSV
cp "$DB" "$TEST_HOME/before.db"
lc template import "$DATA/group.csv" "$TEST_HOME/t/bad.csv" "$DATA/widgets.csv" >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
err=$(cat "$TEST_HOME/err")
is "$st" 1 "a bad template exits 1"
contains "$err" "bad.csv: sheet survey, row 2, column type: unknown question type \"integr\"" "an unknown type with its row and column"
contains "$err" "row 3, column relevant: unknown field \${nope}" "an unknown reference"
contains "$err" "row 4, column type: the list \"nolist\" has no choices" "a list with no choices"
contains "$err" "row 5, column calculation: circular reference: e → f → e" "circular calculations"
contains "$err" "row 7, column name: the name \"b\" is used twice (also on row 3)" "a duplicate name"
contains "$err" "widgets.csv: sheet survey, row 11, column bind:relevant: unknown field /widgets/branch" "every template's problems, not only the first's"
contains "$err" "nothing was imported: 2 of 3 templates have problems." "and nothing is imported"
is "$(cat "$TEST_HOME/out")" "" "nothing on standard output"
sqlite3 "$DB" .dump >"$TEST_HOME/after.sql"
sqlite3 "$TEST_HOME/before.db" .dump >"$TEST_HOME/before.sql"
cmp -s "$TEST_HOME/before.sql" "$TEST_HOME/after.sql"
is "$?" 0 "the database holds exactly what it held before"
printf 'type,name,label\ntext,a,"broken\ntext,b,B\n' >"$TEST_HOME/t/quote.csv"
lc template import "$TEST_HOME/t/quote.csv" >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a broken quote exits 1"
contains "$(cat "$TEST_HOME/err")" "quote.csv, line 2: a quoted cell that starts here is never closed" "at its line"

# ---- GB18030 -------------------------------------------------------------------------------------------
printf 'type,name,label\nselect_one c,q,您对社区满意吗\n' | iconv -f UTF-8 -t GB18030 >"$TEST_HOME/t/gb.survey.csv"
printf 'list_name,name,label\nc,1,满意\nc,2,不满意\n' | iconv -f UTF-8 -t GB18030 >"$TEST_HOME/t/gb.choices.csv"
lc template import "$TEST_HOME/t/gb.survey.csv" "$TEST_HOME/t/gb.choices.csv" >/dev/null 2>&1; st=$?
is "$st" 0 "a GB18030 set imports"
out=$(lc template show gb)
contains "$out" "q	select_one c	您对社区满意吗" "its Chinese read right"
contains "$out" "2	不满意" "choices too"

# ---- in Chinese ----------------------------------------------------------------------------------------
require_zh_locale
lc_lang zh_CN.UTF-8 template import "$TEST_HOME/t/bad.csv" >/dev/null 2>"$TEST_HOME/err"
err=$(cat "$TEST_HOME/err")
contains "$err" "工作表 survey，第 2 行，type 列：未知的题型“integr”" "the problems in Chinese"
contains "$err" "未导入任何内容" "nothing imported, in Chinese"
out=$(lc_lang zh_CN.UTF-8 template show lifecircle_needs)
contains "$out" "elderly_at_home	select_one yes_no	家中是否有60岁及以上老人" "labels in Chinese in zh_CN"
contains "$out" "版本：2024.1" "headings in Chinese"

done_testing
