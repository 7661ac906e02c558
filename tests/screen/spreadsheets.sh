#!/bin/bash
# spreadsheets.sh - `lifecircle import communities|facilities FILE` and `lifecircle export
# communities|facilities|gaps|proposals` as a user runs them: previews that write nothing, bad rows
# with their lines and reasons, re-imports that change nothing, Chinese and English headers, CSV in
# UTF-8 with BOM and in GB18030 (made and read back with iconv), .xlsx written by the export and
# read by the import (the same headers back), a round trip into a fresh database giving the same
# rows, the gap report as a workbook, and the usage errors.
. "$(dirname "$0")/lib.sh"

require_tool iconv libc-bin
new_home
lc init --community 滨河社区 --district 海勃湾区 --office-code HBW-1 --operator 张琦 >/dev/null 2>&1
is "$?" 0 "the office is set up"
HOME1=$TEST_HOME DB1=$DB

q() { sqlite3 "$DB" "$1"; }

# ---- communities --------------------------------------------------------------------------------
printf '\357\273\277代码,名称,街道,区,户数,人口,新建\r\nHBW-0101,滨河社区,滨河街道,海勃湾区,1200,3500,否\r\nHBW-0102,新华社区,新华街道,海勃湾区,800,,是\r\nbad code!,坏社区,,,,,\r\nHBW-0103,某社区,,,x,,\r\n' >"$TEST_HOME/c.csv"
lc import communities "$TEST_HOME/c.csv" --dry-run >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
out=$(cat "$TEST_HOME/out")
is "$st" 1 "a communities preview with bad rows exits 1"
contains "$out" "line 2: new: HBW-0101 滨河社区" "a new community, at its line"
contains "$out" "line 4: bad: The community code is 2 to 16 letters" "a bad code with its reason"
contains "$out" 'line 5: bad: Households: "x" is not a whole number' "a bad number, the cell quoted"
contains "$out" "Preview (nothing written): 2 new, 0 changed, 0 unchanged, 2 bad." "the totals"
is "$(q "SELECT count(*) FROM community WHERE code LIKE 'HBW-01%'")" 0 "the preview wrote nothing"
lc import communities "$TEST_HOME/c.csv" >"$TEST_HOME/out" 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "writing with bad rows exits 1"
contains "$(cat "$TEST_HOME/out")" "Written: 2 new, 0 changed, 0 unchanged, 2 bad." "the good rows are written"
contains "$(cat "$TEST_HOME/err")" "line 5: bad:" "the bad ones listed on stderr"
is "$(q "SELECT name || '|' || households || '|' || development FROM community WHERE code = 'HBW-0102'")" "新华社区|800|new" \
    "是 in 新建 makes a new community"
lc import communities "$TEST_HOME/c.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 2 unchanged, 2 bad" "re-importing the same file changes nothing"

# ---- facilities, English headers, GB18030 ---------------------------------------------------------
iconv -f UTF-8 -t GB18030 >"$TEST_HOME/f.csv" <<'EOF2'
community,kind,name,address,floor_area,land_area,capacity,capacity_unit,status
HBW-0101,托儿所,滨河托儿所,滨河路1号,160,,40,托位,运营中
HBW-0101,supermarket,华联超市,"滨河路2号,东门",320.5,,,,operating
HBW-0102,幼儿园,新华幼儿园,,2200,3500,6,classes,在建
HBW-0101,火箭发射场,x,,,,,,
HBW-0999,便利店,y,,,,,,
HBW-0101,便利店,z,,-5,,,,
HBW-0101,托儿所,滨河托儿所,,,,,,
EOF2
is "$(grep -c '托儿所' "$TEST_HOME/f.csv")" 0 "the facilities file is GB18030, not UTF-8"
lc import facilities "$TEST_HOME/f.csv" --dry-run >"$TEST_HOME/out" 2>&1; st=$?
out=$(cat "$TEST_HOME/out")
is "$st" 1 "a facilities preview with bad rows exits 1"
contains "$out" "line 2: new: HBW-0101 托儿所 滨河托儿所" "a standard item by its Chinese name"
contains "$out" "line 3: new: HBW-0101 supermarket 华联超市" "a business type by its English name"
contains "$out" 'line 5: bad: Kind: "火箭发射场" is neither a standard item nor a business type.' "an unknown kind"
contains "$out" 'line 6: bad: No community has the code "HBW-0999"' "an unknown community"
contains "$out" "line 7: bad: An area cannot be negative." "a negative area"
contains "$out" "line 8: bad: Same community, kind and name as line 2." "a repeated facility"
is "$(q 'SELECT count(*) FROM facility')" 0 "the preview wrote nothing"
lc import facilities "$TEST_HOME/f.csv" >"$TEST_HOME/out" 2>/dev/null
contains "$(cat "$TEST_HOME/out")" "Written: 3 new, 0 changed, 0 unchanged, 4 bad." "three facilities written"
is "$(q "SELECT address || '|' || floor_area || '|' || capacity_unit || '|' || status FROM facility WHERE name = '华联超市'")" \
    "滨河路2号,东门|320.5||operating" "a quoted address with a comma, a decimal area"
is "$(q "SELECT status || '|' || capacity || '|' || capacity_unit FROM facility WHERE name = '新华幼儿园'")" \
    "building|6|classes" "在建 is under construction; classes"
hlc=$(q "SELECT hlc FROM facility WHERE name = '滨河托儿所'")
lc import facilities "$TEST_HOME/f.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 3 unchanged, 4 bad" "re-importing the same file: unchanged"
lc import facilities "$TEST_HOME/f.csv" >/dev/null 2>&1
is "$(q "SELECT hlc FROM facility WHERE name = '滨河托儿所'")" "$hlc" "and writes no new version"
printf '社区代码,类别,名称,建筑面积\nHBW-0101,一个托儿所,滨河托儿所,210\n' >"$TEST_HOME/f2.csv"
lc import facilities "$TEST_HOME/f2.csv" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "a changed row imports"
contains "$(cat "$TEST_HOME/out")" "0 new, 1 changed, 0 unchanged, 0 bad" "matched by community, kind and name: changed"
is "$(q "SELECT floor_area || '|' || capacity || '|' || base FROM facility WHERE name = '滨河托儿所'")" "210.0|40|$hlc" \
    "the area updated as a new version; the capacity the file lacks kept"

# ---- the rest of the facility record: circles, estate, hours, operator, chain, date checked, notes --
printf 'community,kind,name,circles,estate,hours,run_by,chain,checked_on,notes\nHBW-0101,supermarket,华联超市,"commerce, 服务响应圈",滨河小区,8:00-22:00,华联集团,Yes,2024-05-01,"二楼,有电梯\n周一闭店"\nHBW-0101,便利店,快客,commerce,滨河小区,24小时,,否,,\n' >"$TEST_HOME/f3.csv"
lc import facilities "$TEST_HOME/f3.csv" --dry-run >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "a file with the whole record previews"
contains "$(cat "$TEST_HOME/out")" "1 new, 1 changed, 0 unchanged, 0 bad" "one new, one changed"
is "$(q "SELECT count(*) FROM estate WHERE name = '滨河小区'")" 0 "the preview adds no estate"
lc import facilities "$TEST_HOME/f3.csv" >/dev/null 2>&1; st=$?
is "$st" 0 "and imports"
is "$(q "SELECT f.circles || '|' || e.name || '|' || f.hours || '|' || f.run_by || '|' || f.chain || '|' || f.checked_on || '|' || f.notes
    FROM facility f JOIN estate e ON e.id = f.estate WHERE f.name = '华联超市'")" "commerce response|滨河小区|8:00-22:00|华联集团|1|2024-05-01|二楼,有电梯
周一闭店" "circles by code and by name, the estate by name, hours, operator, chain, date and a two-line note"
is "$(q "SELECT count(*) FROM estate WHERE name = '滨河小区'")" 1 "the estate the file names is added once, for both rows"
is "$(q "SELECT f.chain || '|' || f.hours || '|' || (f.estate = e.id) FROM facility f, estate e WHERE f.name = '快客' AND e.name = '滨河小区'")" \
    "0|24小时|1" "否 is not a chain; the second row in the same estate"
lc import facilities "$TEST_HOME/f3.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 2 unchanged, 0 bad" "importing it again changes nothing"
printf 'community,kind,name,circles,chain,checked_on\nHBW-0101,supermarket,华联超市,火星圈,,\nHBW-0101,supermarket,华联超市2,,maybe,\nHBW-0101,supermarket,华联超市3,,,2024-13-01\n' >"$TEST_HOME/f4.csv"
lc import facilities "$TEST_HOME/f4.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" 'line 2: bad: Circles: "火星圈" is not one of the 8 circles.' "an unknown circle"
contains "$(cat "$TEST_HOME/out")" 'line 3: bad: Chain: "maybe" is not yes or no.' "a chain that is neither yes nor no"
contains "$(cat "$TEST_HOME/out")" 'line 4: bad: Date checked: "2024-13-01"' "a date that is no date"

# ---- export, and the round trip into a fresh database -----------------------------------------------
lc export facilities --format csv -o "$TEST_HOME/fac.csv"; st=$?
is "$st" 0 "export facilities as CSV"
is "$(head -c 3 "$TEST_HOME/fac.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "UTF-8 with a BOM"
contains "$(head -1 "$TEST_HOME/fac.csv")" "community,kind,name,address,floor_area,land_area,capacity,capacity_unit,status,circles,estate,hours,run_by,chain,checked_on,notes" "English headers in English, the whole record"
contains "$(cat "$TEST_HOME/fac.csv")" ',operating,commerce response,滨河小区,8:00-22:00,华联集团,yes,2024-05-01,"二楼,有电梯' "circles by code, the estate by name, chain as yes"
contains "$(cat "$TEST_HOME/fac.csv")" 'HBW-0101,supermarket,华联超市,"滨河路2号,东门",320.5' "RFC 4180 quoting, numbers as written"
lc export facilities -o "$TEST_HOME/fac.xlsx"; st=$?
is "$st" 0 "export facilities as .xlsx (by the file's name)"
is "$(head -c 4 "$TEST_HOME/fac.xlsx" | od -An -c | tr -d ' ')" 'PK003004' "it is a zip package"
lc export communities --format xlsx -o "$TEST_HOME/com.xlsx"; st=$?
is "$st" 0 "export communities as .xlsx"
is "$(ls "$TEST_HOME" | grep -cE '\.(csv|xlsx)\.')" 0 "no temporary file is left"
cp "$TEST_HOME/fac.csv" "$TEST_HOME/fac.before"
lc export facilities --community NOPE -o "$TEST_HOME/fac.csv" >/dev/null 2>&1
cmp -s "$TEST_HOME/fac.csv" "$TEST_HOME/fac.before"; is "$?" 0 "a failed export leaves the file as it was"
mkfifo "$TEST_HOME/pipe"
cat "$TEST_HOME/pipe" >"$TEST_HOME/piped" &
lc export facilities --format csv -o "$TEST_HOME/pipe" >/dev/null 2>&1; st=$?
wait
is "$st" 0 "export into a named pipe"
cmp -s "$TEST_HOME/piped" "$TEST_HOME/fac.csv"; is "$?" 0 "is written in place: the reader gets the whole CSV"
[ -p "$TEST_HOME/pipe" ]; ok $? "and the pipe is still a pipe"
if [ -w /dev/full ]; then
	lc export facilities --format csv -o /dev/full >/dev/null 2>"$TEST_HOME/err"; is "$?" 1 "a full device: exit 1"
	contains "$(cat "$TEST_HOME/err")" "No space left" "saying why"
fi

new_home
lc init --community 某社区 --district 某区 --office-code X-1 --operator 李四 >/dev/null 2>&1
lc import communities "$HOME1/com.xlsx" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "the exported communities import into a fresh database"
contains "$(cat "$TEST_HOME/out")" "Written: 3 new, 0 changed, 0 unchanged, 0 bad." "all three (the first office's own too)"
lc import facilities "$HOME1/fac.xlsx" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "the exported .xlsx imports: the headers are the ones import takes"
contains "$(cat "$TEST_HOME/out")" "Written: 4 new, 0 changed, 0 unchanged, 0 bad." "every facility"
lc export facilities --format csv -o "$TEST_HOME/fac.csv"
cmp -s "$HOME1/fac.csv" "$TEST_HOME/fac.csv"; is "$?" 0 "exported again from the fresh database: the same rows, byte for byte"
lc import facilities "$HOME1/fac.xlsx" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 4 unchanged, 0 bad" "and importing it once more changes nothing"

# ---- in Chinese, and GB18030 out --------------------------------------------------------------------
require_zh_locale
TEST_HOME=$HOME1 DB=$DB1
lc_lang zh_CN.UTF-8 export facilities --format csv --encoding gb18030 -o "$TEST_HOME/fac_gb.csv"; st=$?
is "$st" 0 "export as GB18030"
is "$(grep -c '托儿所' "$TEST_HOME/fac_gb.csv")" 0 "the file is not UTF-8"
gb=$(iconv -f GB18030 -t UTF-8 "$TEST_HOME/fac_gb.csv")
contains "$gb" "社区代码,类别,名称,地址,建筑面积,用地面积,容量,容量单位,状态,服务圈层,小区,营业时间,运营方或产权方,连锁门店,最近核查日期,备注" "the headers in Chinese"
contains "$gb" ",运营中,便民消费圈、服务响应圈,滨河小区,8:00-22:00,华联集团,是,2024-05-01," "circles by name, chain as 是"
contains "$gb" "HBW-0101,一个托儿所,滨河托儿所,滨河路1号,210,,40,托位,运营中" "kind, unit and status in Chinese (read back with iconv)"
lc_lang zh_CN.UTF-8 import facilities "$TEST_HOME/fac_gb.csv" --dry-run >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "the Chinese GB18030 export imports back"
contains "$(cat "$TEST_HOME/out")" "新增 0 条，更改 0 条，未变 4 条，有误 0 条" "unchanged, in Chinese"
lc import facilities "$TEST_HOME/fac_gb.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 4 unchanged, 0 bad" "and in an English interface too"
lc_lang zh_CN.UTF-8 import facilities "$TEST_HOME/f.csv" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "第 5 行：有误：" "a bad row in Chinese"

# ---- the gap report and proposals -------------------------------------------------------------------
lc export gaps --format csv -o "$TEST_HOME/gaps.csv"; st=$?
is "$st" 0 "export gaps as CSV"
contains "$(cat "$TEST_HOME/gaps.csv")" "HBW-0101,滨河社区,standard item,3,one nursery,met" "the nursery of 210 m² meets the standard (named in English)"
lc_lang zh_CN.UTF-8 export gaps --format csv -o "$TEST_HOME/gaps-zh.csv" || fail "export gaps as CSV in zh_CN.UTF-8"
contains "$(cat "$TEST_HOME/gaps-zh.csv")" "HBW-0101,滨河社区,标准项目,3,一个托儿所,达标" "in Chinese the nursery by its Chinese name"
lc export gaps --community HBW-0101 -o "$TEST_HOME/gaps.xlsx"; st=$?
is "$st" 0 "export one community's gaps as .xlsx"
lc import communities "$TEST_HOME/gaps.xlsx" --sheet "HBW-0101 滨河社区" --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" 'no column "代码"' "its sheet is named after the community (read by name; not a list of communities)"
lc export gaps -o "$TEST_HOME/all.xlsx"; st=$?
is "$st" 0 "export every community's gaps as .xlsx"
lc import communities "$TEST_HOME/all.xlsx" --sheet nosuch --dry-run >"$TEST_HOME/out" 2>&1
contains "$(cat "$TEST_HOME/out")" "Summary, HBW-0101 滨河社区, HBW-0102 新华社区" "a summary sheet, then one sheet per community"
lc import proposals "$TESTS_SRCDIR/data/proposals_zh.csv" >/dev/null 2>&1
lc export proposals -o "$TEST_HOME/p.xlsx"; st=$?
is "$st" 0 "export proposals as .xlsx"
new_home
lc init --kind handling_unit --unit 乌海市商务局 --office-code SWJ-1 --operator 王五 >/dev/null 2>&1
lc import proposals "$HOME1/p.xlsx" >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "import proposals reads the .xlsx"
contains "$(cat "$TEST_HOME/out")" "Written: 3 new, 0 changed, 0 unchanged, 0 bad." "every proposal"
is "$(q "SELECT title FROM proposal WHERE number = '032'")" "关于提高一刻钟社区生活圈建设质量的提案" "its number's leading zero kept"
lc import proposals "$HOME1/p.xlsx" --sheet proposals --dry-run >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "--sheet chooses the sheet by name, in any case"
contains "$(cat "$TEST_HOME/out")" "0 new, 0 changed, 3 unchanged, 0 bad" "and re-reading it changes nothing"
lc import proposals "$HOME1/p.xlsx" --sheet 提案 >/dev/null 2>"$TEST_HOME/err"; st=$?
is "$st" 1 "a sheet the workbook lacks exits 1"
contains "$(cat "$TEST_HOME/err")" "(its sheets: Proposals)" "naming the sheets there are"

# ---- usage -----------------------------------------------------------------------------------------
TEST_HOME=$HOME1 DB=$DB1
contains "$(lc export --help 2>&1)" "-o FILE" "export --help"
contains "$(lc --help 2>&1)" "export" "the command list names export"
lc export >/dev/null 2>&1; is "$?" 2 "export without what exits 2"
lc export widgets -o x.csv >/dev/null 2>"$TEST_HOME/err"; is "$?" 2 "an unknown export exits 2"
contains "$(cat "$TEST_HOME/err")" "'widgets'" "naming it"
lc export facilities >/dev/null 2>"$TEST_HOME/err"; is "$?" 2 "no -o exits 2"
lc export facilities --format pdf -o x >/dev/null 2>&1; is "$?" 2 "an unknown format exits 2"
lc export facilities --format xlsx --encoding gb18030 -o "$TEST_HOME/x.xlsx" >/dev/null 2>&1; is "$?" 2 "--encoding with xlsx exits 2"
lc export proposals --community HBW-0101 -o "$TEST_HOME/x.csv" >/dev/null 2>&1; is "$?" 2 "--community with proposals exits 2"
lc export facilities --community NOPE -o "$TEST_HOME/x.csv" >/dev/null 2>"$TEST_HOME/err"; is "$?" 1 "an unknown community exits 1"
contains "$(cat "$TEST_HOME/err")" "NOPE" "naming it"
lc export facilities --community HBW-0102 --format csv -o - >"$TEST_HOME/out" 2>&1; st=$?
is "$st" 0 "-o - writes CSV to standard output"
contains "$(cat "$TEST_HOME/out")" "新华幼儿园" "one community's facilities"
lacks "$(cat "$TEST_HOME/out")" "滨河托儿所" "and no other's"
mkdir "$TEST_HOME/adir"
lc export facilities -o "$TEST_HOME/adir" >/dev/null 2>&1; is "$?" 1 "a folder as the output is refused"
lc import facilities "$TEST_HOME/none.xlsx" >/dev/null 2>"$TEST_HOME/err"; is "$?" 1 "a missing .xlsx exits 1"
contains "$(cat "$TEST_HOME/err")" "none.xlsx" "naming the file"

done_testing
