#!/bin/bash
# test-report.sh — a month's figures per committee: `juzhu-server report`
# (text, CSV, JSON), GET /api/v1/reports/monthly for the county role only,
# and `juzhu-cli report` on the device from its own records, all giving the
# same figures. Real juzhu-server and juzhu-cli processes on 127.0.0.1.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-report.sh JUZHU-CLI JUZHU-SERVER   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-report.sh JUZHU-CLI JUZHU-SERVER}
SERVER=${2:?usage: test-report.sh JUZHU-CLI JUZHU-SERVER}
export TZ=Asia/Shanghai
unset JUZHU_TODAY

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"

need_tools python3 curl convert
convert -size 800x600 xc:white "$WORK/page.jpg"

# day D ARGS… — the county's device A on day D
day () { local d=$1; shift; JUZHU_TODAY=$d on A 0 "$d: $1 $2" "$@"; }

# apply_and_accept PERSON DAY — an application with its materials, accepted
# that day; sets APP
apply_and_accept () {
  day "$2" --json application add --person "$1" --conditions employment --applied-on "$2"
  APP=$(json_val id)
  for t in id_card photo labour_contract temp_registration_certificate; do
    day "$2" material add "$APP" --type "$t" "$WORK/page.jpg"
  done
  day "$2" accept "$APP" --date "$2"
}

printf '411202,湖滨区\n411202001001,前进社区居委会\n' >"$WORK/divisions.csv"
srv 0 "init" init --profile sanmenxia-2017 --county 411202
srv 0 "divisions" refdata import --divisions "$WORK/divisions.csv"
srv 0 "a county user" user add office --role county --area 411202
srv 0 "a committee user" user add wang --role committee --area 411202 --real-name 前进社区居委会
start_server
on A 0 "enrol (county)" enrol --server "$URL" --code "$(code office)"

# In April 2026: two registrations (one in each committee), one departure,
# an application received, accepted and issued; one accepted in March
# and still waiting at the end of April, its deadline passed.
day 2026-03-01 --json registration add --id-number 220102199003070021 --name 王小燕 \
  --hukou-division 220102 --residence-division 411202001001 --residence-address 崖底街道1号 \
  --arrival-date 2025-08-20 --registered-on 2025-09-01 --reason work
P1=$(json_val person_id)
apply_and_accept "$P1" 2026-03-01

day 2026-04-01 --json registration add --id-number 11010519491231002X --name 张一 \
  --hukou-division 110105 --residence-division 411202001002 --residence-address 湖滨路2号 \
  --arrival-date 2025-09-10 --registered-on 2025-09-15 --reason work
P2=$(json_val person_id)
apply_and_accept "$P2" 2026-04-01
day 2026-04-10 issue "$APP"

day 2026-04-05 registration add --id-number 110105198001010016 --name 李三 \
  --residence-division 411202001002 --residence-address 湖滨路3号 --arrival-date 2026-04-01 \
  --registered-on 2026-04-05 --reason work
day 2026-04-08 --json registration add --id-number 110105198202020018 --name 赵四 \
  --residence-division 411202001001 --residence-address 崖底街道4号 --arrival-date 2026-04-06 \
  --registered-on 2026-04-08 --reason work
R4=$(json_val registration_id)
day 2026-04-20 registration depart "$R4" --reason moved_away --date 2026-04-20
on A 0 "sync" sync

# the figures expected for April 2026, by committee
cat >"$WORK/expect.py" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding='utf-8'))
want = {
  '411202001001': dict(registrations=1, departures=1, applications_received=0, applications_accepted=0,
                       permits_issued=0, issuance_overdue=1),
  '411202001002': dict(registrations=1, departures=0, applications_received=1, applications_accepted=1,
                       permits_issued=1, issuance_overdue=0),
}
assert (r['month'], r['from'], r['to'], r['as_of']) == ('2026-04', '2026-04-01', '2026-04-30', '2026-04-30'), r
by = {c['division']: c for c in r['committees']}
assert set(by) == set(want), sorted(by)
for code, figures in want.items():
    for k, v in figures.items():
        assert by[code][k] == v, (code, k, by[code][k], v)
for k in r['total']:
    assert r['total'][k] == sum(c[k] for c in r['committees']), k
assert by['411202001001']['name'] == '前进社区居委会' or by['411202001001']['name'].endswith('前进社区居委会'), by['411202001001']['name']
assert by['411202001002']['name'] is None
print('figures ok')
PY

srv 0 "report --json" report --month 2026-04 --today 2026-05-15 --json
cp "$OUT" "$WORK/server.json"
python3 "$WORK/expect.py" "$WORK/server.json" >"$WORK/check" 2>&1 || true
has "$WORK/check" "figures ok" "the server's figures per committee and in all"
srv 0 "report as text" report --month 2026-04 --today 2026-05-15
has "$OUT" "前进社区居委会" "the committee by its name"
has "$OUT" "逾期未发证：1" "the overdue issuance"
has "$OUT" "合计" "the county's total"
srv 0 "report as CSV" report --month 2026-04 --today 2026-05-15 --format csv
has "$OUT" "居住地代码,居住地,新增登记" "CSV headings in Chinese"
has "$OUT" ",合计,2,1,1,1,0,1,0,1," "the total row"
srv 0 "the month under way: judged on --today" report --month 2026-05 --today 2026-05-15 --json
has "$OUT" '"as_of" : "2026-05-15"' "… as of --today"
srv 2 "a month that is not one" report --month 2026-13
has "$ERR" "is not a month" "… said"
srv 2 "a month not begun" report --month 2026-06 --today 2026-05-15
has "$ERR" "has not begun" "… said"
srv 2 "no month" report
has "$ERR" "--month" "… names --month"
srv 2 "a wrong format" report --month 2026-04 --format xml
rm -f "$WORK/empty/county.db"; mkdir -p "$WORK/empty"
if "$SERVER" report --month 2026-04 --data-dir "$WORK/empty" >"$OUT" 2>"$ERR"; then
  fail "a data directory never initialised gave a report"
else
  pass "a data directory never initialised: refused"
fi

# the device's own report, offline, from the same records
JUZHU_TODAY=2026-05-15 on A 0 "juzhu-cli report" --json report --month 2026-04
python3 "$WORK/expect.py" "$OUT" >"$WORK/check" 2>&1 || true
has "$WORK/check" "figures ok" "the device's figures are the server's"
JUZHU_TODAY=2026-05-15 on A 0 "juzhu-cli report as text" report --month 2026-04
has "$OUT" "411202001001" "the committee's code"

# the API: the county role only
enrol_token () {
  printf '{"code":"%s","site":"%s","device_name":"报表"}' "$1" "$2" >"$WORK/enrol.json"
  curl -s -H 'Content-Type: application/json' --data-binary "@$WORK/enrol.json" "$URL/api/v1/enrol" |
    sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}
COUNTY_TOKEN=$(enrol_token "$(code office)" "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")
COMMITTEE_TOKEN=$(enrol_token "$(code wang)" "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')")
api () { STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$@"); }
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2026-04"
if [ "$STATUS" = 200 ]; then pass "API: the county's report (200)"; else fail "API: status $STATUS"; fi
python3 "$WORK/expect.py" "$OUT" >"$WORK/check" 2>&1 || true
has "$WORK/check" "figures ok" "API: the same figures"
api -H "Authorization: Bearer $COMMITTEE_TOKEN" "$URL/api/v1/reports/monthly?month=2026-04"
if [ "$STATUS" = 403 ]; then pass "API: a committee's device is refused (403)"; else fail "API: committee status $STATUS"; fi
has "$OUT" '"forbidden"' "… forbidden"
api "$URL/api/v1/reports/monthly?month=2026-04"
if [ "$STATUS" = 401 ]; then pass "API: no token (401)"; else fail "API: no token status $STATUS"; fi
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2026-4x"
if [ "$STATUS" = 400 ]; then pass "API: a bad month (400)"; else fail "API: bad month status $STATUS"; fi
has "$OUT" "is not a month" "… said"
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly"
if [ "$STATUS" = 400 ]; then pass "API: no month (400)"; else fail "API: no month status $STATUS"; fi
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2999-01"
if [ "$STATUS" = 400 ]; then pass "API: a month not begun (400)"; else fail "API: future month status $STATUS"; fi
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=0001-01"
if [ "$STATUS" = 400 ]; then pass "API: a month before any permit (400)"; else fail "API: month 0001-01 status $STATUS"; fi
has "$OUT" "before any residence permit" "… said"
# asked again within the minute: the same answer, not the county read again
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2026-04"
cp "$OUT" "$WORK/again.json"
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2026-04"
if [ "$STATUS" = 200 ] && cmp -s "$OUT" "$WORK/again.json"; then pass "API: asked twice, the same report"; else fail "API: twice differ"; fi
api -X POST -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/reports/monthly?month=2026-04"
if [ "$STATUS" = 405 ]; then pass "API: POST (405)"; else fail "API: POST status $STATUS"; fi
api -H "Authorization: Bearer $COUNTY_TOKEN" "$URL/api/v1/health"
if [ "$STATUS" = 200 ]; then pass "the server still answers"; else fail "health $STATUS"; fi

echo "1..$n"
[ "$failed" -eq 0 ]
