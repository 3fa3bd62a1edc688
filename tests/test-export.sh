#!/bin/bash
# test-export.sh — `juzhu-server export` for the provincial system: one row
# per 暂住登记 with its person, as CSV (Chinese headers; UTF-8 with a BOM or
# GB18030) or JSON lines; incremental by --since; the file 0600 and whole
# or not at all; a cell a spreadsheet would run as a formula defused; each
# export audited. Real juzhu-server and juzhu-cli processes on 127.0.0.1.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-export.sh JUZHU-CLI JUZHU-SERVER   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-export.sh JUZHU-CLI JUZHU-SERVER}
SERVER=${2:?usage: test-export.sh JUZHU-CLI JUZHU-SERVER}
export TZ=Asia/Shanghai
export JUZHU_TODAY=2026-03-01

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"

need_tools python3 iconv sqlite3

srv 0 "init" init --profile jilin-2016 --county 220104
srv 0 "user add" user add wang --role committee --area 220104 --real-name 红旗社区居委会
start_server
on A 0 "enrol" enrol --server "$URL" --code "$(code wang)"
on A 0 "a declaration" registration add --id-number 11010519491231002X --name 张一 --ethnicity 01 \
  --residence-division 220104 --residence-address '=HYPERLINK("http://x","点我")' \
  --arrival-date 2026-02-01 --reason work
on A 0 "a declaration with a comma and quotes" registration add --id-number 220102199003074516 \
  --name '王二,"小"' --residence-division 220104 --residence-address 人民大街2号 \
  --arrival-date 2026-02-02 --reason study
on A 0 "sync" sync

srv 0 "export CSV" export --out "$WORK/all.csv"
if [ "$(stat -c %a "$WORK/all.csv")" = 600 ]; then pass "the file is 0600"; else fail "mode $(stat -c %a "$WORK/all.csv")"; fi
if [ "$(head -c 3 "$WORK/all.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]; then pass "UTF-8 with a BOM"; else fail "no BOM"; fi
has "$WORK/all.csv" "姓名,公民身份号码" "Chinese headers"
has "$WORK/all.csv" "11010519491231002X" "the full ID number, for the provincial system"
has "$WORK/all.csv" ",01,汉族," "ethnicity as code and name"
has "$WORK/all.csv" ",work,务工," "reason as code and name"
has "$WORK/all.csv" "红旗社区居委会" "the station"
has "$WORK/all.csv" '"王二,""小"""' "a comma and quotes quoted"
has "$WORK/all.csv" "\"'=HYPERLINK(" "a formula defused"
python3 - "$WORK/all.csv" >"$OUT" 2>"$ERR" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert len(rows) == 3, rows
assert all(len(r) == len(rows[0]) for r in rows), [len(r) for r in rows]
print('rows', len(rows) - 1)
PY
has "$OUT" "rows 2" "a CSV reader reads two rows of the header's width"

srv 0 "export GB18030" export --out "$WORK/gb.csv" --encoding gb18030
if iconv -f GB18030 -t UTF-8 "$WORK/gb.csv" | cmp -s - <(tail -c +4 "$WORK/all.csv"); then
  pass "GB18030: the same rows"
else
  fail "GB18030 differs"
fi

srv 0 "export JSON lines" export --format jsonl --out "$WORK/all.jsonl"
python3 - "$WORK/all.jsonl" >"$OUT" 2>"$ERR" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
assert len(rows) == 2
assert rows[0]['id_number'] == '11010519491231002X' and rows[0]['ethnicity_name'] == '汉族'
assert rows[1]['name'] == '王二,"小"' and rows[1]['status'] == '有效'
print('ok')
PY
has "$OUT" "ok" "JSON lines: two objects, values as they are"

srv 0 "export since a later day" export --format jsonl --since 2099-01-01 --out "$WORK/none.jsonl"
if [ ! -s "$WORK/none.jsonl" ]; then pass "--since: nothing changed since"; else fail "--since gave rows"; fi
srv 2 "a wrong format" export --format xml
has "$ERR" "not csv or jsonl" "… said"
srv 2 "a wrong date" export --since 2026-13-01
has "$ERR" "is not a date" "… said"
srv 2 "GB18030 JSON lines" export --format jsonl --encoding gb18030
srv 1 "a folder that does not exist" export --out "$WORK/no/such/dir/x.csv"
if compgen -G "$WORK/no/*" >/dev/null; then fail "something was written"; else pass "nothing half-written"; fi

count_is () { if [ "$1" = "$2" ]; then pass "$3: $1"; else fail "$3: $1, expected $2"; fi; }
count_is "$("$(dirname "${BASH_SOURCE[0]}")/county-sql.sh" "$SRV" "SELECT count(*) FROM audit WHERE action = 'export'")" 4 "every export audited"
if "$(dirname "${BASH_SOURCE[0]}")/county-sql.sh" "$SRV" "SELECT detail FROM audit WHERE action = 'export'" | grep -q 11010519491231002X; then
  fail "the audit holds an ID number"
else
  pass "the audit holds counts, no personal data"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
