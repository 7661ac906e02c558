#!/bin/bash
# print.sh - `lifecircle print feedback|reply` and `lifecircle report feedback` as a user runs them on
# a handling unit's list brought in with `lifecircle import proposals`: the seed's form (市政协文化委,
# 032) printed blank for the deputy (two pages, marked sent with today's date) and filled for the
# archive, read back with poppler's pdftotext, pdfinfo and pdffonts; the text form (every line of its
# box the same display width) in UTF-8 and GB18030; a number shared by several proposals listed
# with exit status 2; every form awaiting reply for a unit in one PDF; no CJK font; the reply letter;
# the satisfaction report in text and CSV on a known set, in C.UTF-8 and zh_CN.UTF-8.
#
# There is no command to enter a returned form (only the full-screen interface will, and its
# proposal screens are not built yet), so the returned forms are written with the sqlite3 tool, the
# way another program or a sync would: a feedback row and the proposal's status 'returned'.
. "$(dirname "$0")/lib.sh"

require_zh_locale
require_tool pdftotext poppler-utils
require_tool sqlite3 sqlite3

DATA="$TESTS_SRCDIR/data"
S1=市政协十届三次会议
S2=市人大十届三次会议
UA=乌海市商务局
UB=乌海市文化局
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"
lc import proposals "$DATA/print_proposals.csv" >/dev/null 2>&1
is "$?" 0 "the handling unit's list is imported"
O="$TEST_HOME/out"
mkdir -p "$O"

q() { sqlite3 "$DB" "$1"; }
# enter_form NUMBER SESSION UNIT SATISFACTION OPINION SUGGESTIONS SIGNATURE DATE: a returned form.
enter_form() {
	q "INSERT INTO feedback (id, origin, created_at, updated_at, hlc, operator, proposal_id, satisfaction,
	    opinion, suggestions, signature, signed_on)
	  SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' ||
	    hex(randomblob(2)) || '-' || hex(randomblob(6))), (SELECT value FROM settings WHERE key = 'node_id'),
	    strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ'), '009999999999999-00000', '张琦', id,
	    '$4', '$5', '$6', '$7', '$8'
	  FROM proposal WHERE deleted = 0 AND number = '$1' AND session = '$2' AND handling_unit = '$3';
	  UPDATE proposal SET form_status = 'returned'
	  WHERE deleted = 0 AND number = '$1' AND session = '$2' AND handling_unit = '$3';"
}
status_of() { q "SELECT form_status || '|' || ifnull(form_sent_on, '') FROM proposal WHERE number = '$1' AND session = '$2' AND handling_unit = '$3'"; }
# same_width FILE: every line of the form's box (those starting with a box-drawing character) has one display width.
box_widths() { grep '^[┌│├└]' "$1" | while IFS= read -r l; do printf '%s' "$l" | wc -L; done | sort -u; }

# ---- usage ---------------------------------------------------------------------------------------
out=$(lc print --help 2>&1); st=$?
is "$st" 0 "print --help exits 0"
contains "$out" "--awaiting" "print --help names --awaiting"
contains "$(lc --help 2>&1)" "print" "the command list names print"
lc print >/dev/null 2>"$O/err"; st=$?
is "$st" 2 "print without a name exits 2"
contains "$(cat "$O/err")" "feedback or reply" "... and says what it can print"
lc print feedback --number 032 >/dev/null 2>"$O/err"; st=$?
is "$st" 2 "print feedback without -o exits 2"
contains "$(cat "$O/err")" "-o FILE" "... and asks for -o FILE"
lc print feedback --number 032 -o - 2>"$O/err" >/dev/null; st=$?
is "$st" 2 "a PDF to standard output is refused"
lc print feedback --number 032 --copies 0 -o "$O/x.pdf" 2>/dev/null; st=$?
is "$st" 2 "--copies 0 is refused"
lc print feedback --awaiting -o "$O/x.pdf" 2>"$O/err"; st=$?
is "$st" 2 "--awaiting without --unit is refused"
lc print feedback --number 999 -o "$O/x.pdf" 2>"$O/err"; st=$?
is "$st" 1 "an unknown number exits 1"
contains "$(cat "$O/err")" "no proposal numbered 999" "... naming the number"
[ ! -e "$O/x.pdf" ]; ok $? "no file is left by a refused print"

# ---- several proposals share 032 -----------------------------------------------------------------
lc print feedback --number 032 -o "$O/x.pdf" >"$O/stdout" 2>"$O/err"; st=$?
err=$(cat "$O/err")
is "$st" 2 "three proposals numbered 032: exit 2"
contains "$err" "3 proposals are numbered 032; name one with --session or --unit" "... asking for --session or --unit"
contains "$err" "032  $S1  $UA  关于提高一刻钟社区生活圈建设质量的提案" "... listing the seed's"
contains "$err" "032  $S2  $UA  关于完善社区菜市场布局的建议" "... the 人大 one"
contains "$err" "032  $S1  $UB  关于加强社区文化活动中心建设的提案" "... and 文化局's"
[ ! -e "$O/x.pdf" ]; ok $? "... and prints nothing"
lc print feedback --number 032 --unit $UA -o "$O/x.pdf" >/dev/null 2>"$O/err"; st=$?
is "$st" 2 "still two for 商务局: exit 2"
lacks "$(cat "$O/err")" "$UB" "... listing only 商务局's"
out=$(lc_lang zh_CN.UTF-8 print feedback --number 032 -o "$O/x.pdf" 2>&1)
contains "$out" "有 3 件建议提案编号为 032，请用 --session 或 --unit 指明：" "the question in Chinese"

# ---- the seed's form, blank for the deputy -------------------------------------------------------
is "$(status_of 032 $S1 $UA)" "unsent|" "the seed's form is not sent yet"
lc print feedback --number 032 --session $S1 --unit $UA --blank -o "$O/blank.pdf" >"$O/stdout" 2>"$O/err"; st=$?
is "$st" 0 "print feedback --blank exits 0"
contains "$(cat "$O/stdout")" "Printed 1 form, 2 copies, to $O/blank.pdf." "... saying where, in duplicate"
is "$(pdfinfo "$O/blank.pdf" | sed -n 's/^Pages: *//p')" 2 "the blank form is printed in duplicate: 2 pages"
fonts=$(pdffonts "$O/blank.pdf" | tail -n +3)
[ -n "$fonts" ] && ! printf '%s\n' "$fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad = 1 } END { exit !bad }'
ok $? "every font is embedded and subset (pdffonts: emb yes, sub yes)" "$fonts"
text=$(pdftotext -layout "$O/blank.pdf" -)
for want in 办理情况征询意见表 市政协文化委 032 关于提高一刻钟社区生活圈建设质量的提案 8991332 满意 比较满意 不满意 \
    "1. 您对办理情况的意见" "2. 您有何进一步的建议和要求" "3. 请您推荐先进承办单位" 代表委员签名 $UA; do
	contains "$text" "$want" "blank form: $want"
done
lacks "$text" "✓" "blank form: no box is checked"
lacks "$text" "張琦" "blank form: no signature"
is "$(status_of 032 $S1 $UA)" "sent|$(date +%F)" "after the blank print the form counts as sent, with today's date"
ls "$O" | grep -q 'blank.pdf.' && fail "no temporary file is left" || pass "no temporary file is left"
q "UPDATE proposal SET form_sent_on = '2024-06-01' WHERE number = '032' AND session = '$S1' AND handling_unit = '$UA'"
lc print feedback --number 032 --session $S1 --unit $UA --blank -o "$O/blank.pdf" >/dev/null 2>&1
is "$(status_of 032 $S1 $UA)" "sent|2024-06-01" "printing the blank form again keeps the first date"

# ---- returned and printed filled -----------------------------------------------------------------
enter_form 032 $S1 $UA satisfied 满意 无 張琦 2024-06-21
lc print feedback --number 032 --session $S1 --unit $UA -o "$O/filled.pdf" >"$O/stdout" 2>&1; st=$?
is "$st" 0 "print feedback (filled) exits 0"
contains "$(cat "$O/stdout")" "Printed 1 form to $O/filled.pdf." "... one copy"
is "$(pdfinfo "$O/filled.pdf" | sed -n 's/^Pages: *//p')" 1 "the filled form is one page"
text=$(pdftotext -layout "$O/filled.pdf" -)
for want in 市政协文化委 032 关于提高一刻钟社区生活圈建设质量的提案 8991332 "✓" 無 張琦 2024年6月21日 $UA; do
	[ "$want" = 無 ] && want=无
	contains "$text" "$want" "filled form: $want"
done
# The check mark sits under 满意: its column starts within a few characters of the label's.
label=$(printf '%s\n' "$text" | grep '比较满意' | head -1)
mark=$(printf '%s\n' "$text" | grep '✓' | head -1)
lcol=$(printf '%s' "${label%%满意*}" | wc -L); mcol=$(printf '%s' "${mark%%✓*}" | wc -L)
[ $((mcol - lcol)) -ge -2 ] && [ $((mcol - lcol)) -le 4 ]; ok $? "the ✓ is under 满意 (label at column $lcol, mark at $mcol)"
is "$(status_of 032 $S1 $UA)" "returned|2024-06-01" "a filled print leaves the returned form as it is"

# ---- the text form -------------------------------------------------------------------------------
lc print feedback --number 032 --session $S1 --unit $UA --format text -o - >"$O/form.txt" 2>"$O/err"; st=$?
is "$st" 0 "the text form to standard output exits 0"
for want in 市政协文化委 关于提高一刻钟社区生活圈建设质量的提案 8991332 張琦 2024年6月21日; do
	contains "$(cat "$O/form.txt")" "$want" "text form: $want"
done
is "$(box_widths "$O/form.txt")" 72 "every line of the text form's box is 72 columns wide"
is "$(wc -L <"$O/form.txt")" 72 "no line is wider"
lc print feedback --number 032 --session $S1 --unit $UA --format text --encoding gb18030 -o "$O/form-gb.txt" >/dev/null 2>&1; st=$?
is "$st" 0 "the GB18030 text form exits 0"
if iconv -f UTF-8 -t UTF-8 "$O/form-gb.txt" >/dev/null 2>&1; then fail "the GB18030 file is not UTF-8"; else pass "the GB18030 file is not UTF-8"; fi
cmp -s <(iconv -f GB18030 -t UTF-8 "$O/form-gb.txt") "$O/form.txt"; ok $? "it converts back with iconv to the UTF-8 form"
# A line printer's device or a pipe is written in place, never replaced by a file.
mkfifo "$O/lp"
cat "$O/lp" >"$O/from-lp" &
reader=$!
lc print feedback --number 032 --session $S1 --unit $UA --format text -o "$O/lp" >/dev/null 2>&1; st=$?
wait "$reader"
is "$st" 0 "the text form to a named pipe (a printer's device) exits 0"
[ -p "$O/lp" ]; ok $? "the pipe is still a pipe"
cmp -s "$O/from-lp" "$O/form.txt"; ok $? "the form went through it"
out=$(lc_lang zh_CN.UTF-8 print feedback --number 032 --session $S1 --unit $UA -o "$O/zh.pdf" 2>&1)
contains "$out" "已打印 1 份表到 $O/zh.pdf。" "the message in Chinese"
lc print feedback --number 011 --blank --format text -o "$O/blank.txt" >/dev/null 2>&1
is "$(tr -cd '\f' <"$O/blank.txt" | wc -c)" 1 "the blank text form in duplicate: two copies, a form feed between"
is "$(status_of 011 $S2 $UA)" "sent|$(date +%F)" "a blank text print marks the form sent too"
lc print feedback --number 032 --session $S1 --unit $UA --encoding gb18030 -o "$O/x.pdf" >/dev/null 2>&1; st=$?
is "$st" 2 "--encoding with a PDF is refused"

# ---- every form awaiting reply for 商务局 --------------------------------------------------------
lc print feedback --number 045 --blank -o "$O/045.pdf" >/dev/null 2>&1
lc print feedback --unit $UA --awaiting -o "$O/batch.pdf" >"$O/stdout" 2>&1; st=$?
is "$st" 0 "--awaiting exits 0"
contains "$(cat "$O/stdout")" "Printed 2 forms to" "... two forms: 011 and 045 (the seed's is returned, the 人大 032 not sent)"
is "$(pdfinfo "$O/batch.pdf" | sed -n 's/^Pages: *//p')" 2 "one page each"
text=$(pdftotext -layout "$O/batch.pdf" -)
contains "$text" "关于增设社区便民早餐点的建议" "011 is in the batch"
contains "$text" "关于规范老旧小区停车管理的提案" "045 is in the batch"
lacks "$text" "关于提高一刻钟社区生活圈建设质量的提案" "the returned form is not"
lacks "$text" "关于完善社区菜市场布局的建议" "the unsent form is not"
lc print feedback --unit $UB --awaiting -o "$O/none.pdf" >/dev/null 2>"$O/err"; st=$?
is "$st" 1 "nothing awaiting reply for 文化局: exit 1"
contains "$(cat "$O/err")" "no form is awaiting reply for $UB" "... saying so"
[ ! -e "$O/none.pdf" ]; ok $? "... and writing no file"

# ---- no CJK font ---------------------------------------------------------------------------------
printf '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n' >"$O/empty-fonts.conf"
echo old >"$O/keep.pdf"
lcrun LANG=C.UTF-8 LC_ALL= LANGUAGE= HOME="$TEST_HOME" FONTCONFIG_FILE="$O/empty-fonts.conf" -- --db "$DB" \
    print feedback --number 045 -o "$O/keep.pdf" >/dev/null 2>"$O/err"; st=$?
is "$st" 1 "without a CJK font printing exits 1"
contains "$(cat "$O/err")" "fonts-noto-cjk" "... naming the package to install"
is "$(cat "$O/keep.pdf")" old "... and the file named by -o is left as it was"
ls "$O" | grep -q 'keep.pdf.' && fail "... no temporary file is left" || pass "... no temporary file is left"

# ---- the reply letter ----------------------------------------------------------------------------
lc print reply --number 045 -o "$O/reply.pdf" >/dev/null 2>"$O/err"; st=$?
is "$st" 1 "a proposal without a reply letter: exit 1"
contains "$(cat "$O/err")" "no reply letter yet" "... saying so"
q "UPDATE proposal SET result_class = 'A', reply_letter = '市政协文化委：
您们提出的《关于提高一刻钟社区生活圈建设质量的提案》收悉，现答复如下。', reply_leader = '王强', reply_contact = '刘芳',
  reply_contact_phone = '0473-3999999', reply_copy_to = '市政府督查室' WHERE number = '032' AND session = '$S1' AND handling_unit = '$UA'"
lc print reply --number 032 --session $S1 --unit $UA -o "$O/reply.pdf" >"$O/stdout" 2>&1; st=$?
is "$st" 0 "print reply exits 0"
text=$(pdftotext -layout "$O/reply.pdf" -)
for want in $UA $S1 032 市政协文化委 收悉 王强 刘芳 0473-3999999 市政府督查室; do
	contains "$text" "$want" "reply letter: $want"
done
lc print reply --number 032 --session $S1 --unit $UA --format text -o - >"$O/reply.txt" 2>"$O/err"; st=$?
is "$st" 0 "the reply letter as text to standard output exits 0"
for want in "〔办理结果 A〕" "${UA}关于${S1}第 032 号提案" "市政协文化委：" "　　您们提出的《关于提高一刻钟社区生活圈建设质量的提案》收悉" \
    "分管领导：王强" "联系人：刘芳" "联系方式：0473-3999999" "抄送：市政府督查室"; do
	contains "$(cat "$O/reply.txt")" "$want" "reply letter text: $want"
done
[ "$(wc -L <"$O/reply.txt")" -le 72 ]; ok $? "no line of the text letter is wider than 72 columns"
lc print reply --number 032 --session $S1 --unit $UA --format text --encoding gb18030 -o "$O/reply-gb.txt" >"$O/stdout" 2>&1; st=$?
is "$st" 0 "the GB18030 text letter exits 0"
contains "$(cat "$O/stdout")" "Printed the reply letter to $O/reply-gb.txt" "... saying where it went"
cmp -s <(iconv -f GB18030 -t UTF-8 "$O/reply-gb.txt") "$O/reply.txt"; ok $? "it converts back with iconv to the UTF-8 letter"
lc print reply --number 032 --session $S1 --unit $UA --format text --copies 2 -o - >/dev/null 2>&1; st=$?
is "$st" 2 "the reply letter prints one copy: --copies 2 is refused"
lc print reply --number 045 --format text -o - >/dev/null 2>"$O/err"; st=$?
is "$st" 1 "a proposal without a reply letter as text: exit 1"
contains "$(cat "$O/err")" "no reply letter yet" "... saying so"

# ---- the satisfaction report ---------------------------------------------------------------------
# 商务局: 032 政协 returned 满意, 032 人大 not sent, 045 and 011 awaiting.
# 文化局: 032 比较满意, 050 不满意; a deleted proposal with a 满意 form is not counted.
enter_form 032 $S1 $UB fairly 较好 无 李明 2024-06-22
enter_form 050 $S1 $UB dissatisfied 不够及时 加快 周九 2024-06-23
enter_form 051 $S1 $UB satisfied 好 无 吴十 2024-06-24
q "UPDATE proposal SET deleted = 1 WHERE number = '051'; UPDATE feedback SET deleted = 1 WHERE proposal_id IN (SELECT id FROM proposal WHERE number = '051')"
out=$(lc report feedback); st=$?
is "$st" 0 "report feedback exits 0"
expect="Handling unit  Proposals  Satisfied  Fairly satisfied  Dissatisfied  Returned  Satisfaction rate  Awaiting reply  Not sent
乌海市商务局           4          1                 0             0         1             100.0%               2         1
乌海市文化局           2          0                 1             1         2              50.0%               0         0
Total                  6          1                 1             1         3              66.7%               2         1"
is "$out" "$expect" "the table by unit, exact"
out=$(lc report feedback --by session)
expect="Session             Proposals  Satisfied  Fairly satisfied  Dissatisfied  Returned  Satisfaction rate  Awaiting reply  Not sent
市人大十届三次会议          2          0                 0             0         0                  —               1         1
市政协十届三次会议          4          1                 1             1         3              66.7%               1         0
Total                       6          1                 1             1         3              66.7%               2         1"
is "$out" "$expect" "the table by session, exact; nothing returned is a dash"
lc report feedback --format csv -o "$O/fb.csv"; st=$?
is "$st" 0 "report feedback --format csv -o exits 0"
is "$(head -c 3 "$O/fb.csv" | od -An -tx1 | tr -d ' ')" efbbbf "the CSV starts with a UTF-8 BOM"
is "$(tail -n +2 "$O/fb.csv" | tr -d '\r')" "乌海市商务局,4,1,0,0,1,100,2,1
乌海市文化局,2,0,1,1,2,50,0,0
Total,6,1,1,1,3,66.7,2,1" "the CSV rows, exact, CRLF-terminated"
is "$(tr -cd '\r' <"$O/fb.csv" | wc -c)" 4 "four CRLF line ends"
lc_lang zh_CN.UTF-8 report feedback --by session --format csv --encoding gb18030 -o "$O/fb-gb.csv"; st=$?
is "$st" 0 "GB18030 CSV exits 0"
is "$(iconv -f GB18030 -t UTF-8 "$O/fb-gb.csv" | tr -d '\r')" "届次,建议提案数,满意,比较满意,不满意,已回收,满意率（%）,待回复,未送达
市人大十届三次会议,2,0,0,0,0,,1,1
市政协十届三次会议,4,1,1,1,3,66.7,1,0
合计,6,1,1,1,3,66.7,2,1" "it converts back with iconv: Chinese headings, the rate empty where nothing came back"
out=$(lc_lang zh_CN.UTF-8 report feedback)
contains "$out" "承办单位" "the Chinese table's heading"
contains "$out" "满意率" "... the rate's heading"
contains "$out" "合计" "... the total"
widths=$(printf '%s\n' "$out" | while IFS= read -r l; do printf '%s' "$l" | wc -L; done | sort -u | wc -l)
is "$widths" 1 "every line of the Chinese table has the same display width"
lc report feedback --by frob >/dev/null 2>&1; st=$?
is "$st" 2 "--by frob is refused"
lc report feedback --encoding gb18030 >/dev/null 2>&1; st=$?
is "$st" 2 "--encoding without csv is refused"
contains "$(lc report 2>&1)" "feedback" "report without a name names feedback"

done_testing
