#!/bin/bash
# test-roster.sh — a roster at once (juzhu-cli registration import), as a
# landlord or an employer files one: the template; a UTF-8 file with bad
# rows beside good ones (every problem told at once, the good rows filed
# in one go, the bad ones written back with what is wrong); a GB18030 file
# as Excel in China saves it; --check saving nothing; files that are not
# rosters.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-roster.sh PATH/TO/juzhu-cli   (prints TAP)
set -euo pipefail

CLI=${1:?usage: test-roster.sh PATH/TO/juzhu-cli}
export TZ=Asia/Shanghai JUZHU_TODAY=2026-03-01
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data OUT=$WORK/out ERR=$WORK/err
SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/roster-ids.sh
source "$SRCDIR/roster-ids.sh"

count_registrations () { "$CLI" --data-dir "$DATA" --json registration list 2>/dev/null | grep -c '"certificate_no"' || true; }

run 0 "init" init --profile jilin-2016

run 0 "the template" registration import --template
if head -c 3 "$OUT" | od -An -tx1 | grep -q 'ef bb bf'; then pass "… with a byte-order mark, for Excel"; else fail "no BOM"; fi
has "$OUT" "姓名,公民身份号码,民族,户籍地址,联系电话,居住地址,入住日期,暂住事由,住所类型,房东,用人单位" "… naming the columns"

A=$(id_number 11010519800101001) B=$(id_number 22010219900202002) C=$(id_number 44010619950303003)
BAD=11010519491231002${A: -1}   # a check character that cannot be right
[ "$BAD" != "$(id_number 11010519491231002)" ] || BAD=110105194912310021
{
  printf '姓名,公民身份号码,民族,户籍地址,联系电话,居住地址,入住日期,暂住事由,住所类型,房东,用人单位,工号\n'
  printf '张一,%s,汉族,北京市东城区某街1号,13800000001,幸福路1号,2026/2/1,务工,租赁房屋,李房东,,A-1\n' "$A"
  printf '王二,%s,汉,吉林省长春市,13800000002,幸福路2号,2026年2月3日,务工,,,,A-2\n' "$BAD"
  printf '"钱,三",%s,回族,"广州, 天河",,幸福路3号,20260205,经商,,,某公司,A-3\n' "$B"
  printf '张一,%s,汉族,北京,,幸福路4号,2026-02-04,务工,,,,A-4\n' "$A"
  printf '赵四,%s,汉族,广州,,,2026-02-06,务工,,,,A-5\n' "$C"
} >"$WORK/roster.csv"

run 1 "import with bad rows (exit 1: some refused)" registration import "$WORK/roster.csv" \
  --residence-division 220102 --rejected "$WORK/rejected.csv"
has "$OUT" "rows read: 5." "every row read"
has "$OUT" "Column “工号” is not one Juzhu reads" "an unknown column is said, and left out"
has "$OUT" "Row 3: id_number: check character" "a wrong ID number, by its spreadsheet row"
has "$OUT" "Row 5: id_number: the same person as row 2" "the same person twice"
has "$OUT" "Row 6: residence_address" "a missing address"
has "$OUT" "filed at once: 2." "the good rows filed"
[ "$(count_registrations)" = 2 ] && pass "two registrations kept" || fail "registrations: $(count_registrations)"
[ "$(stat -c %a "$WORK/rejected.csv")" = 600 ] && pass "the rejected rows' file is the user's alone" || fail "mode"
has "$WORK/rejected.csv" "王二," "the bad rows written back as they were"
has "$WORK/rejected.csv" "$BAD" "… their ID numbers kept as text for Excel"
has "$WORK/rejected.csv" "check character" "… with what is wrong"
lacks "$WORK/rejected.csv" "钱,三" "… and not the good ones"

run 0 "the persons" --json person list
has "$OUT" "钱,三" "a quoted name with a comma"

# the rejected rows, put through again as they are: still refused, for
# the same reasons (the ID numbers' text marks are read as nothing)
run 1 "the rejected file imports again" registration import "$WORK/rejected.csv" --residence-division 220102 --check
has "$OUT" "check character" "… and tells the same problem"
has "$OUT" "Row 4: residence_address" "… a row refused for its address"
lacks "$OUT" "Row 4: id_number" "… whose ID number came back whole through the text mark"

# a 15-digit ID number and its 18-digit form are one person; a blank
# line does not shift the rows' numbers; two columns of one field
E18=$(id_number 11010519800808001)
E15=${E18:0:6}${E18:8:9}
{
  printf '姓名,公民身份号码,居住地址,入住日期,暂住事由\n'
  printf '周六,%s,幸福路6号,2026-02-08,务工\n' "$E18"
  printf '\n'
  printf '周六,%s,幸福路7号,2026-02-09,务工\n' "$E15"
} >"$WORK/same.csv"
run 1 "one person in 18 and 15 digits" registration import "$WORK/same.csv" --residence-division 220102 --check
has "$OUT" "Row 4: id_number: the same person as row 2" "… refused the second time, by its real row"
printf '姓名,手机,电话,身份证号\n' >"$WORK/two.csv"
run 2 "two columns of one field" registration import "$WORK/two.csv"
has "$ERR" "both hold phone" "… said"
run 2 "--rejected into a folder that does not exist" registration import "$WORK/roster.csv" \
  --rejected "$WORK/no/such/dir.csv"
run 2 "--rejected onto the roster itself" registration import "$WORK/roster.csv" --rejected "$WORK/roster.csv"
[ "$(count_registrations)" = 2 ] && pass "… refused before anything was filed" || fail "registrations: $(count_registrations)"

# the same people again, as Excel in China saves CSV: GB18030
D=$(id_number 32010219850505005)
{
  printf '姓名,身份证号,民族,现住址,到达日期,事由\n'
  printf '孙五,%s,满族,幸福路5号,2026.2.7,务工\n' "$D"
} | iconv -f UTF-8 -t GB18030 >"$WORK/gbk.csv"
run 0 "--check on a GB18030 file" registration import "$WORK/gbk.csv" --residence-division 220102 --check
has "$OUT" "(GB18030)" "read as GB18030"
has "$OUT" "Ready to file: 1." "… would file it"
[ "$(count_registrations)" = 2 ] && pass "… and saved nothing" || fail "--check saved: $(count_registrations)"
run 0 "import it" --json registration import "$WORK/gbk.csv" --residence-division 220102
has "$OUT" '"filed" : 1' "filed"
ID=$(json_id registration_id)
run 0 "shown" --json registration show "$ID"
has "$OUT" '"arrival_date" : "2026-02-07"' "2026.2.7 is 2026-02-07"
has "$OUT" '"ethnicity" : "11"' "满族 is its code"

# files that are not rosters
printf 'a,b\n1,2\n' >"$WORK/nocolumn.csv"
run 2 "a file without an ID number column" registration import "$WORK/nocolumn.csv"
has "$ERR" "no column of ID numbers" "… says what the header needs"
head -c 200 /dev/urandom >"$WORK/random.bin"
printf '\xff\xfe\x00\x00' >>"$WORK/random.bin"
run 2 "a file that is not text" registration import "$WORK/random.bin"
has "$ERR" "neither UTF-8 nor GB18030" "… said so"
printf '姓名,身份证号\n"open,%s\n' "$A" >"$WORK/open.csv"
run 2 "a quote left open" registration import "$WORK/open.csv"
has "$ERR" "not closed" "… said so"
run 2 "no file" registration import
run 2 "a device, not a file" registration import /dev/zero
has "$ERR" "is not a file" "… said"
[ "$(count_registrations)" = 3 ] && pass "nothing else was saved" || fail "registrations: $(count_registrations)"

# an Excel workbook (.xlsx) as Excel saves one: shared strings, a date
# cell (a serial number with a date format), a phone as a number, a blank
# row, and a bad ID number on the row after it
G=$(id_number 32010619850505005)
python3 - "$WORK/roster.xlsx" "$G" <<'PY'
import sys, zipfile
path, good = sys.argv[1], sys.argv[2]
bad = good[:17] + ('0' if good[17] != '0' else '1')
strings = ['姓名', '公民身份号码', '居住地址', '入住日期', '暂住事由', '联系电话', '孙七', good, '幸福路8号', '务工', '孙八', bad]
def s(i): return '<c r="%s" t="s"><v>%d</v></c>'
def row(r, cells): return '<row r="%d">%s</row>' % (r, ''.join(cells))
cells = lambda r, vals: [ ('<c r="%s%d" t="s"><v>%d</v></c>' % (chr(65+i), r, v)) if isinstance(v, int) else v % (chr(65+i), r) for i, v in enumerate(vals)]
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
  + row(1, cells(1, [0, 1, 2, 3, 4, 5]))
  + row(2, cells(2, [6, 7, 8, '<c r="%s%d" s="1"><v>46059</v></c>', 9, '<c r="%s%d"><v>13800000008</v></c>']))
  + row(4, cells(4, [10, 11, 8, '<c r="%s%d" s="1"><v>46060</v></c>', 9, '<c r="%s%d" t="inlineStr"><is><t></t></is></c>']))
  + '</sheetData></worksheet>')
shared = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  + ''.join('<si><t>%s</t></si>' % x for x in strings) + '</sst>')
styles = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
  '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy/m/d"/></numFmts>'
  '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>')
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook/>')
    z.writestr('xl/sharedStrings.xml', shared)
    z.writestr('xl/styles.xml', styles)
    z.writestr('xl/worksheets/sheet1.xml', sheet)
PY
run 1 "an Excel workbook" registration import "$WORK/roster.xlsx" --residence-division 220102
has "$OUT" "rows read: 2." "… its rows read, the blank one skipped"
has "$OUT" "xlsx" "… said to be a workbook"
has "$OUT" "Row 4: id_number: check character" "… a bad row by the sheet's own row number"
has "$OUT" "filed at once: 1." "… the good row filed"
run 0 "the workbook's person" --json person list
has "$OUT" "孙七" "… with the name from the shared strings"
run 0 "… and the registration" --json registration list
has "$OUT" '"arrival_date" : "2026-02-05"' "… the date cell read as a date"
# a zip that is no workbook, and a workbook cut short
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("a.txt", "x")' "$WORK/notbook.xlsx"
run 2 "a zip with no sheet" registration import "$WORK/notbook.xlsx"
has "$ERR" "no first sheet" "… said"
# a crafted sheet: a cell at the last column (XFD) on row after row, and
# rows inside rows; refused by its cell count, quickly, not read
python3 - "$WORK/wide.xlsx" <<'PY'
import sys, zipfile
rows = ''.join('<row r="%d"><row><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row></row>' % (r, r) for r in range(1, 200))
sheet = '<worksheet><sheetData>%s</sheetData></worksheet>' % rows
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/worksheets/sheet1.xml', sheet)
PY
run 2 "a sheet of cells at its last column" registration import "$WORK/wide.xlsx"
has "$ERR" "more than 2000000 cells" "… refused by its cell count"
head -c 300 "$WORK/roster.xlsx" >"$WORK/cut.xlsx"
run 2 "a workbook cut short" registration import "$WORK/cut.xlsx"
has "$ERR" "cut.xlsx" "… said, naming the file"

echo "1..$n"
[ "$failed" -eq 0 ]
