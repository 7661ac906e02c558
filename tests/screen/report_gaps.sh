#!/bin/bash
# report_gaps.sh - `lifecircle report gaps` on a small database: init makes the office's community,
# facilities and a second community go in with the sqlite3 tool (there is no command to add them;
# the screens and the importer come later). The report in text (English and Chinese) and CSV
# (UTF-8 with BOM, GB18030 read back with iconv), one community or all with the summary, to a file,
# and the errors.
. "$(dirname "$0")/lib.sh"

require_zh_locale
new_home
command -v sqlite3 >/dev/null || { fail "the sqlite3 tool is installed"; done_testing; exit 1; }

lc init --community 海北社区 --district 海勃湾区 --office-code HBW-01 --operator 张琦 --households 1000 >/dev/null
ok $? "init makes the database and the office's community"

out=$(lc report 2>&1); st=$?
is "$st" 2 "report without a name exits 2"
contains "$out" "gaps" "... and says what it can report"
out=$(lc report gaps --help 2>&1); st=$?
is "$st" 0 "report gaps --help exits 0"
contains "$out" "--encoding utf-8|gb18030" "... and names the options"
out=$(lc report frob 2>&1); st=$?
is "$st" 2 "an unknown report exits 2"
out=$(lc report gaps --format xml 2>&1); st=$?
is "$st" 2 "an unknown format exits 2"
contains "$out" "xml" "... naming it"
out=$(lc report gaps --encoding gb18030 2>&1); st=$?
is "$st" 2 "--encoding without csv exits 2"

# Facilities of the office's community, written the way another tool would (sync fields by hand).
sqlite3 "$DB" <<'SQL'
UPDATE community SET old_estate = 1 WHERE id = (SELECT value FROM settings WHERE key = 'community_id');
INSERT INTO facility (id, origin, created_at, updated_at, hlc, community, std_item, business_type, name,
  floor_area, land_area, capacity, capacity_unit, status)
SELECT printf('00000000-0000-0000-0000-%012d', n), 'test', '2026-01-01', '2026-01-01', '0', c, item, bt, name,
  floor, land, cap, unit, status
FROM (SELECT value AS c FROM settings WHERE key = 'community_id'),
(SELECT 1 AS n, 1 AS item, '' AS bt, '海北社区综合服务站' AS name, 820.0 AS floor, NULL AS land, NULL AS cap, '' AS unit, 'operating' AS status
 UNION ALL SELECT 2, 3, '', '小太阳托儿所', 160.0, NULL, 40, 'nursery_places', 'operating'
 UNION ALL SELECT 3, 2, '', '阳光幼儿园', 2000.0, 3600.0, 6, 'classes', 'operating'
 UNION ALL SELECT 4, 4, '', '日间照料中心', 400.0, NULL, NULL, '', 'planned'
 UNION ALL SELECT 5, NULL, 'convenience_store', '好邻居便利店', 60.0, NULL, NULL, '', 'operating'
 UNION ALL SELECT 6, NULL, 'convenience_store', '24小时便利店', 90.0, NULL, NULL, '', 'operating'
 UNION ALL SELECT 7, NULL, 'parcel_locker', '丰巢快递柜', NULL, NULL, 200, 'locker_slots', 'operating');
INSERT INTO community (id, origin, created_at, updated_at, hlc, code, name, development)
VALUES ('00000000-0000-0000-0001-000000000001', 'test', '2026-01-01', '2026-01-01', '0', 'HBW-02', '新城社区', 'new');
SQL
ok $? "facilities and a second community inserted with sqlite3"

out=$(lc report gaps --community HBW-01); st=$?
is "$st" 0 "report gaps --community HBW-01 exits 0"
contains "$out" "Gap report: HBW-01 海北社区 (existing community, old estate)" "the heading names the community"
nursery=$(printf '%s\n' "$out" | grep '^  3 ')
contains "$nursery" "one nursery" "English: item 3 by its English name (data/standard_items.tsv name_en)"
contains "$nursery" "floor area 160 ㎡, standard ≥ 200 ㎡: 40 ㎡ short" "the nursery is 40 m² short of 200"
contains "$out" "floor area 2000 ㎡, standard ≥ 2200 ㎡: 200 ㎡ short" "the kindergarten's floor area is short"
contains "$out" "size 6 classes (standard ≥ 6 classes)" "English: the classes in words"
lacks "$(printf '%s\n' "$out" | grep -v '日间照料中心\|海北社区\|^  社区\|^  每百户')" "一个" "English: no standard item by its Chinese name"
contains "$out" "old estate alternative: 2 stores of 50–100 ㎡" "two convenience stores stand in for a supermarket"
row4=$(printf '%s\n' "$out" | grep 'one elderly service station')
contains "$row4" "missing" "the planned day-care centre leaves item 4 missing"
contains "$out" "not counted: planned: 日间照料中心" "... and is named as planned"
contains "$out" "daily parcel volume" "the parcel lockers cannot be judged without the daily volume"
lacks "$out" "每百户居民拥有社区综合服务设施面积" "English: no indicator by its Chinese name"
area=$(printf '%s\n' "$out" | grep 'Comprehensive service facility area per 100 households')
contains "$area" "98 ㎡" "service facility area per 100 households: (820 + 160) / 1000 × 100 = 98 m²"
contains "$area" "met" "... met against ≥ 33 m²"
lacks "$out" "Summary of all communities" "one community: no summary"

out=$(lc report gaps); st=$?
is "$st" 0 "report gaps for every community exits 0"
contains "$out" "Gap report: HBW-02 新城社区 (new community)" "the second community is reported"
contains "$out" "Summary of all communities" "then the summary table"
contains "$out" "Coverage of community service facilities: 1 of 2 communities (50%)" "coverage across the file"
hh=$(printf '%s\n' "$out" | sed -n '/HBW-02 新城社区/,$p' | grep 'Comprehensive service facility area per 100 households' | head -1)
contains "$hh" "households are not recorded" "unknown households: the area indicator says why it cannot be checked"

out=$(lc_lang zh_CN.UTF-8 report gaps --community HBW-01); st=$?
is "$st" 0 "the report in zh_CN.UTF-8 exits 0"
contains "$out" "缺口报告：HBW-01 海北社区" "Chinese heading"
contains "$out" "托儿所建筑面积 160 ㎡，标准 ≥ 200 ㎡：差 40 ㎡" "Chinese nursery line"
contains "$(printf '%s\n' "$out" | grep '^  3 ')" "一个托儿所" "Chinese: item 3 by its Chinese name"
lacks "$out" "one nursery" "Chinese: no English item name"
contains "$out" "序号" "Chinese column headers"
contains "$out" "低于标准" "Chinese verdicts"
# Columns line up by display width: the verdict column starts at the same column on every item row.
cols=$(printf '%s\n' "$out" | grep -E '^  (1|2|9|20) ' | while IFS= read -r l; do
	pre=${l%%缺失*}; [ "$pre" = "$l" ] && pre=${l%%低于标准*}; [ "$pre" = "$l" ] && pre=${l%%无法核查*}; [ "$pre" = "$l" ] && pre=${l%%达标*}
	printf '%s\n' "$pre" | wc -L; done | sort -u | wc -l)
is "$cols" 1 "the verdict column lines up across rows (by display width)"

lc report gaps --community HBW-01 --format csv -o "$TEST_HOME/gaps.csv"; st=$?
is "$st" 0 "CSV to a file exits 0"
head -c 3 "$TEST_HOME/gaps.csv" | od -An -tx1 | grep -q 'ef bb bf'
ok $? "the CSV starts with a UTF-8 BOM"
grep -q $'^HBW-01,海北社区,standard item,3,one nursery,below the standard,,,"floor area 160 ㎡, standard ≥ 200 ㎡: 40 ㎡ short"\r$' "$TEST_HOME/gaps.csv"
ok $? "the nursery row by its English name, quoted for its comma, CRLF-terminated" "$(grep nursery "$TEST_HOME/gaps.csv")"
[ ! -e "$TEST_HOME/gaps.csv.tmp" ]
ok $? "no temporary file is left"

lc_lang zh_CN.UTF-8 report gaps --format csv --encoding gb18030 -o "$TEST_HOME/gaps-gb.csv"; st=$?
is "$st" 0 "GB18030 CSV exits 0"
back=$(iconv -f GB18030 -t UTF-8 "$TEST_HOME/gaps-gb.csv"); st=$?
is "$st" 0 "the GB18030 file converts back with iconv"
contains "$back" "代码,社区,部分,序号" "Chinese headers in the UI language"
contains "$back" "HBW-02,新城社区,标准项目" "both communities are in it"
contains "$back" "汇总" "with the summary rows"
head -c 3 "$TEST_HOME/gaps-gb.csv" | od -An -tx1 | grep -q 'ef bb bf'
[ $? -ne 0 ]
ok $? "no BOM in GB18030"

out=$(lc report gaps --community NOPE 2>&1); st=$?
is "$st" 1 "an unknown community code exits 1"
contains "$out" "NOPE" "... naming the code"
out=$(lc report gaps -o /nonexistent/dir/x.txt 2>&1); st=$?
is "$st" 1 "an unwritable output exits 1"
contains "$out" "Cannot create" "... saying it cannot create the file"
# -o naming a FIFO (a printer device, /dev/stdout) writes through it: renaming a temporary file
# over it would replace the device with a plain file.
mkfifo "$TEST_HOME/gaps.fifo"
cat "$TEST_HOME/gaps.fifo" > "$TEST_HOME/gaps.fromfifo" &
reader=$!
lc report gaps -o "$TEST_HOME/gaps.fifo"; st=$?
wait $reader
is "$st" 0 "report gaps -o FIFO exits 0"
[ -p "$TEST_HOME/gaps.fifo" ]
ok $? "... and the FIFO is still a FIFO"
contains "$(cat "$TEST_HOME/gaps.fromfifo")" "$(lc report gaps | head -1)" "... the report went through it"

done_testing
