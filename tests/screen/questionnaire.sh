#!/bin/bash
# questionnaire.sh - `lifecircle print questionnaire` as a user runs it: the shipped needs survey
# printed blank for door-to-door visits and read back with poppler (pdftotext finds every question
# label and every choice of the template, in Chinese and with --lang en in English; pdffonts shows
# the fonts embedded and subset; pdftoppm renders A4 pages with ink); the skip logic in words; a
# long template of our own (a household's members as a repeat group, an expression too involved to
# put in words) running over pages with no question split and every page numbered; the text form in
# UTF-8 and GB18030; copies; a required written as an expression and a repeat counted by a question
# in words; a counted repeat printed with as many member blocks as its question's constraint allows
# (PDF and the text byte for byte) and a fixed count with that many; bad options refused.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool pdftotext poppler-utils
require_tool pdftoppm poppler-utils
require_tool sqlite3 sqlite3
require_tool iconv libc-bin

new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"
O="$TEST_HOME/out"
mkdir -p "$O"
q() { sqlite3 "$DB" "$1"; }
# The labels (column 1: zh, 2: en) of every question and choice of the stored needs survey, one a line.
labels() {
	q "SELECT json_extract(value, '\$.label[$1]') FROM survey_template t, json_each(t.definition, '\$.questions')
	   WHERE t.form_id = 'lifecircle_needs' AND json_extract(value, '\$.type') NOT IN ('end_group')
	   UNION ALL SELECT json_extract(value, '\$.label[$1]') FROM survey_template t, json_each(t.definition, '\$.choices')
	   WHERE t.form_id = 'lifecircle_needs'"
}
# Every line of file $2 (labels) found in text $1 with spaces and line breaks taken out; prints the missing ones.
missing() {
	local flat
	flat=$(printf '%s' "$1" | tr -d ' \n')
	while IFS= read -r l; do
		[ -z "$l" ] && continue
		case "$flat" in *"$(printf '%s' "$l" | tr -d ' ')"*) ;; *) printf '%s\n' "$l" ;; esac
	done <"$2"
}

# ---- the shipped questionnaire, in Chinese -------------------------------------------------------
out=$(lc_lang zh_CN.UTF-8 print questionnaire -o "$O/q.pdf" 2>&1)
is "$?" 0 "print questionnaire writes the shipped needs survey"
contains "$out" "问卷" "it says so in Chinese"
pages=$(pdfinfo "$O/q.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ]; ok $? "it takes several pages ($pages)"
contains "$(pdfinfo "$O/q.pdf")" "(A4)" "A4 pages"
labels 1 >"$O/zh.txt"
[ "$(wc -l <"$O/zh.txt")" -gt 100 ]; ok $? "the template has $(wc -l <"$O/zh.txt") Chinese labels to find"
text=$(pdftotext "$O/q.pdf" -)
miss=$(missing "$text" "$O/zh.txt")
is "$miss" "" "pdftotext reads back every question label and choice in Chinese"
flat=$(printf '%s' "$text" | tr -d ' \n')
for w in 一刻钟便民生活圈居民需求调查 社区： 小区： 调查日期： 调查员： 住户基本情况 养老服务圈 "1.您居住的小区" \
    "2.您的年龄段（单选）" "第1页共$pages页" "第${pages}页共$pages页"; do
	contains "$flat" "$w" "the paper has $w"
done
contains "$flat" "步行15分钟内您觉得缺少哪些设施或服务(可多选)" "a multiple choice keeps its own (可多选)"
lacks "$flat" "(可多选)（可多选" "and is not told twice"
contains "$flat" "仅当第5题选“是”时回答" "the childcare question says when to answer it: Q5 (small children) is 是"
contains "$flat" "仅当第4题选“是”时回答" "the elderly-care questions: Q4 is 是"
fonts=$(pdffonts "$O/q.pdf" | tail -n +3)
[ -n "$fonts" ]; ok $? "pdffonts lists fonts"
is "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes"' | wc -l)" 0 "every font is embedded and subset"
contains "$fonts" "+Noto" "a subset of Noto CJK"
pdftoppm -r 30 -png "$O/q.pdf" "$O/page" 2>/dev/null
is "$?" 0 "pdftoppm renders the pages"
is "$(ls "$O"/page-*.png | wc -l)" "$pages" "one image per page"
for p in "$O"/page-*.png; do
	# an A4 page at 30 dpi is 249x351; an empty white page compresses to a few hundred bytes
	size=$(od -An -tu1 -j16 -N8 "$p" | awk '{ printf "%dx%d", $3*256+$4, $7*256+$8 }')
	is "$size" "249x351" "$(basename "$p") is A4"
	[ "$(stat -c %s "$p")" -gt 3000 ]; ok $? "$(basename "$p") has ink ($(stat -c %s "$p") bytes)"
done

# ---- in English -------------------------------------------------------------------------------
lc print questionnaire --lang en -o "$O/en.pdf" >/dev/null 2>&1
is "$?" 0 "--lang en prints"
labels 2 >"$O/en.txt"
text=$(pdftotext "$O/en.pdf" -)
is "$(missing "$text" "$O/en.txt")" "" "every question label and choice in English"
flat=$(printf '%s' "$text" | tr -d ' \n')
for w in Community: Estate: Surveyor: "2.Yourage" "(chooseone)" "AnsweronlyifQ5is“Yes”" "Page1of"; do
	contains "$flat" "$w" "the English paper has $w"
done
lacks "$flat" "住户基本情况" "and no Chinese group heading"
lc print questionnaire -o "$O/c.pdf" >/dev/null 2>&1
contains "$(pdftotext "$O/c.pdf" - | tr -d ' \n')" "Community:" "in C.UTF-8 the paper follows the program's English"

# ---- text ---------------------------------------------------------------------------------------
out=$(lc_lang zh_CN.UTF-8 print questionnaire --format text -o - 2>&1)
is "$?" 0 "--format text -o - writes to standard output"
is "$(missing "$out" "$O/zh.txt")" "" "the text form has every label and choice"
contains "$out" "☐ 30岁以下" "a box before each choice"
contains "$out" "仅当第5题选“是”时回答" "the skip logic in words"
wide=$(printf '%s\n' "$out" | while IFS= read -r l; do n=$(printf '%s' "$l" | LC_ALL=zh_CN.UTF-8 wc -L); [ "$n" -gt 72 ] && echo "$n: $l"; done)
is "$wide" "" "no line is wider than 72 columns"
lc_lang zh_CN.UTF-8 print questionnaire --format text --encoding gb18030 --copies 2 -o "$O/q.txt" >/dev/null 2>&1
is "$?" 0 "GB18030, two copies, to a file"
u=$(iconv -f GB18030 -t UTF-8 "$O/q.txt")
is "$?" 0 "the file is GB18030"
contains "$u" "您的年龄段" "with the labels"
is "$(printf '%s' "$u" | grep -c $'\f')" 1 "two copies, a form feed between them"
is "$(printf '%s' "$u" | grep -c '您的年龄段')" 2 "the questions on both"

# ---- a long template of our own -----------------------------------------------------------------
T="$TEST_HOME/t"
mkdir -p "$T"
{
	echo 'type,name,label::中文 (zh),label::English (en),relevant'
	echo 'integer,size,家庭人口,Household size,'
	echo 'begin_repeat,members,家庭成员,Household members,'
	echo 'text,member_name,成员姓名,Name,'
	echo 'select_one sex,member_sex,成员性别,Sex,'
	echo 'end_repeat,,,,'
	echo 'begin_group,many,许多问题,Many questions,${size} > 1'
	for i in $(seq 1 60); do
		echo "select_one opts,q$i,长问题第${i}个的题目,Long question $i,"
	done
	echo 'text,why,为什么,Why,${q1} = '"'"'o6'"'"' or ${q2} = '"'"'o1'"'"
	echo 'end_group,,,,'
} >"$T/long.survey.csv"
{
	echo 'list_name,name,label::中文 (zh),label::English (en)'
	echo 'sex,f,女,Female'
	echo 'sex,m,男,Male'
	for i in 1 2 3 4 5 6; do
		echo "opts,o$i,选项$(echo 甲乙丙丁戊己 | cut -c$((3 * i - 2))-$((3 * i)))一个相当长的说明文字,Option $i"
	done
} >"$T/long.choices.csv"
printf 'form_id,version,form_title\nlong,1,很长的问卷\n' >"$T/long.settings.csv"
lc template import "$T/long.survey.csv" "$T/long.choices.csv" "$T/long.settings.csv" >/dev/null 2>&1
is "$?" 0 "a long template of 63 questions is imported"
lc_lang zh_CN.UTF-8 print questionnaire --template long -o "$O/long.pdf" >/dev/null 2>&1
is "$?" 0 "--template long prints"
lp=$(pdfinfo "$O/long.pdf" | sed -n 's/^Pages: *//p')
[ "$lp" -ge 4 ]; ok $? "it runs over $lp pages"
split=""
for p in $(seq 1 "$lp"); do
	t=$(pdftotext -f "$p" -l "$p" "$O/long.pdf" - | tr -d ' \n')
	contains "$t" "第${p}页共${lp}页" "page $p is numbered"
	# every long question on the page has its last choice on the same page
	qs=$(printf '%s' "$t" | grep -o '长问题第[0-9]*个' | wc -l)
	ls_=$(printf '%s' "$t" | grep -o '选项己' | wc -l)
	[ "$qs" = "$ls_" ] || split="$split page $p: $qs questions, $ls_ last choices;"
done
is "$split" "" "no question is split over two pages"
flat=$(pdftotext "$O/long.pdf" - | tr -d ' \n')
for m in 1 2 3; do
	contains "$flat" "家庭成员（第${m}位）" "room for member $m"
done
lacks "$flat" "家庭成员（第4位）" "three members by default"
is "$(printf '%s' "$flat" | grep -o '成员性别' | wc -l)" 3 "the member's questions once per member"
contains "$flat" "家庭成员（每位成员填写一栏，共3栏）" "the repeat says how to fill it"
contains "$flat" "（如适用）" "a relevance too involved for words reads 'if it applies'"
contains "$flat" "长问题第60个的题目" "the last long question is there"
lc_lang zh_CN.UTF-8 print questionnaire --template long --members 5 --copies 2 -o "$O/long5.pdf" >/dev/null 2>&1
is "$?" 0 "--members 5 --copies 2"
flat=$(pdftotext "$O/long5.pdf" - | tr -d ' \n')
is "$(printf '%s' "$flat" | grep -o '成员性别' | wc -l)" 10 "five members on each of two copies"
lp5=$(pdfinfo "$O/long5.pdf" | sed -n 's/^Pages: *//p')
is "$(( lp5 % 2 ))" 0 "two copies of the same length ($lp5 pages)"
contains "$(pdftotext -f $((lp5 / 2 + 1)) -l $((lp5 / 2 + 1)) "$O/long5.pdf" - | tr -d ' \n')" "第1页共$((lp5 / 2))页" "the second copy starts at page 1"
contains "$flat" "本部分仅当第1题大于1时回答" "a group's comparison in words: Q1 more than 1"

# ---- a required written as an expression, a counted repeat ------------------------------------
{
	echo 'type,name,label::中文 (zh),label::English (en),required,repeat_count'
	echo 'integer,hh_size,家庭人口,Household size,yes,'
	echo 'integer,rooms,住房间数,Rooms,${hh_size} > 1,'
	echo 'begin_repeat,person,家人,Household member,,${hh_size}'
	echo 'text,person_name,家人姓名,Name,,'
	echo 'end_repeat,,,,,'
} >"$T/cnt.survey.csv"
# import_and_print NAME TITLE WHAT: $T/NAME.survey.csv (with no choices) imported as form NAME titled
# TITLE and printed in Chinese to $O/NAME.pdf; $flat gets its text without spaces and line breaks.
import_and_print() {
	echo 'list_name,name,label::中文 (zh),label::English (en)' >"$T/$1.choices.csv"
	printf 'form_id,version,form_title\n%s,1,%s\n' "$1" "$2" >"$T/$1.settings.csv"
	lc template import "$T/$1.survey.csv" "$T/$1.choices.csv" "$T/$1.settings.csv" >/dev/null 2>&1
	is "$?" 0 "$3 is imported"
	lc_lang zh_CN.UTF-8 print questionnaire --template "$1" -o "$O/$1.pdf" >/dev/null 2>&1
	is "$?" 0 "it prints"
	flat=$(pdftotext "$O/$1.pdf" - | tr -d ' \n')
}
import_and_print cnt 人数问卷 "a template with an expression required and a counted repeat"
contains "$flat" "当第1题大于1时必答" "pdftotext reads: required when Q1 is more than 1"
contains "$flat" "家人（按第1题的人数填写）" "the repeat: one per person counted in Q1"
is "$(printf '%s' "$flat" | grep -o '家人姓名' | wc -l)" 3 "room for three members"
lc print questionnaire --template cnt --lang en -o "$O/cnt_en.pdf" >/dev/null 2>&1
flat=$(pdftotext "$O/cnt_en.pdf" - | tr -d ' \n')
contains "$flat" "RequiredwhenQ1ismorethan1" "in English: Required when Q1 is more than 1"
contains "$flat" "Householdmember(oneperpersoncountedinquestion1)" "in English: one per person counted in question 1"

# ---- how many member blocks a counted repeat gets ------------------------------------------------
# counted by a question: as many as its constraint allows (. <= 4), unless --members; a number: that many
{
	echo 'type,name,label::中文 (zh),label::English (en),constraint,repeat_count'
	echo 'integer,hh_n,家庭人口,Household size,. >= 1 and . <= 4,'
	echo 'begin_repeat,person,家人,Household member,,${hh_n}'
	echo 'text,person_name,家人姓名,Name,,'
	echo 'end_repeat,,,,,'
	echo 'begin_repeat,car,车辆,Car,,2'
	echo 'integer,car_year,购车年份,Year bought,,'
	echo 'end_repeat,,,,,'
} >"$T/hh.survey.csv"
import_and_print hh 住户问卷 "a template with a repeat counted by a question with a constraint, and one of 2,"
contains "$flat" "家人（按第1题的人数填写）" "the counted repeat says so"
is "$(printf '%s' "$flat" | grep -o '家人姓名' | wc -l)" 4 "room for the four members the constraint allows (. <= 4)"
contains "$flat" "家人（第4位）" "the fourth member's block"
lacks "$flat" "家人（第5位）" "and no fifth"
is "$(printf '%s' "$flat" | grep -o '购车年份' | wc -l)" 2 "a repeat_count of 2: two blocks"
contains "$flat" "车辆（每位成员填写一栏，共2栏）" "saying so"
lc_lang zh_CN.UTF-8 print questionnaire --template hh --members 2 -o "$O/hh2.pdf" >/dev/null 2>&1
flat=$(pdftotext "$O/hh2.pdf" - | tr -d ' \n')
is "$(printf '%s' "$flat" | grep -o '家人姓名' | wc -l)" 2 "--members 2 wins over the constraint"
is "$(printf '%s' "$flat" | grep -o '购车年份' | wc -l)" 2 "the fixed count stays 2"
# the text form, byte for byte
rep() { printf "%${2}s" '' | tr ' ' "$1"; }
{
	printf '%32s住户问卷\n\n' ''
	echo "社区：$(rep _ 29)  小区：$(rep _ 29)"
	echo "调查日期：$(rep _ 25)  调查员：$(rep _ 27)"
	echo "问卷编号：$(rep _ 25)"
	printf '\n1. 家庭人口\n   %s\n\n家人（按第1题的人数填写）\n%s\n' "$(rep _ 20)" "$(rep = 72)"
	for m in 1 2 3 4; do
		printf '\n 家人（第%d位）\n %s\n\n2. 家人姓名\n   %s\n   %s\n' $m "$(rep - 30)" "$(rep _ 69)" "$(rep _ 69)"
	done
	printf '\n车辆（每位成员填写一栏，共2栏）\n%s\n' "$(rep = 72)"
	for m in 1 2; do
		printf '\n 车辆（第%d位）\n %s\n\n3. 购车年份\n   %s\n' $m "$(rep - 30)" "$(rep _ 20)"
	done
} >"$O/hh.want"
lc_lang zh_CN.UTF-8 print questionnaire --template hh --format text -o "$O/hh.txt" >/dev/null 2>&1
is "$?" 0 "the text form prints"
cmp -s "$O/hh.want" "$O/hh.txt"
ok $? "the text form byte for byte: four member blocks, two car blocks"
cmp -s "$O/hh.want" "$O/hh.txt" || diff "$O/hh.want" "$O/hh.txt" | sed 's/^/# /' | head -20

# ---- mistakes -----------------------------------------------------------------------------------
lc print questionnaire >/dev/null 2>"$O/err"
is "$?" 2 "no -o: exit 2"
contains "$(cat "$O/err")" "-o FILE" "naming -o"
lc print questionnaire --format doc -o x >/dev/null 2>"$O/err"
is "$?" 2 "an unknown format: exit 2"
contains "$(cat "$O/err")" "pdf, text" "naming the formats"
lc print questionnaire --copies 0 -o "$O/x.pdf" >/dev/null 2>&1
is "$?" 2 "--copies 0: exit 2"
lc print questionnaire --encoding gb18030 -o "$O/x.pdf" >/dev/null 2>&1
is "$?" 2 "--encoding with a PDF: exit 2"
lc print questionnaire --template nosuch -o "$O/x.pdf" >/dev/null 2>"$O/err"
is "$?" 1 "an unknown template: exit 1"
contains "$(cat "$O/err")" "nosuch" "naming it"
[ ! -e "$O/x.pdf" ]; ok $? "and no file is left"
lc print questionnaire --version 9.9 -o "$O/x.pdf" >/dev/null 2>&1
is "$?" 1 "an unknown version: exit 1"
lc_lang zh_CN.UTF-8 print questionnaire --frob -o x 2>"$O/err" >/dev/null
is "$?" 2 "an unknown option: exit 2"
contains "$(cat "$O/err")" "未知选项" "said in Chinese"

done_testing
