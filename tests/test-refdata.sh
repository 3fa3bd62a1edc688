#!/bin/bash
# test-refdata.sh — reference data from the county server: holiday calendars
# imported once on the server (`juzhu-server refdata import --holidays`,
# checked whole), announced in every pull page, fetched by each device at
# its next sync and kept as the device's own calendars; a calendar imported
# again replaces the year's; a bad file changes nothing. Real juzhu-server
# and juzhu-cli processes on 127.0.0.1.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-refdata.sh JUZHU-CLI JUZHU-SERVER   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-refdata.sh JUZHU-CLI JUZHU-SERVER}
SERVER=${2:?usage: test-refdata.sh JUZHU-CLI JUZHU-SERVER}
export TZ=Asia/Shanghai
export JUZHU_TODAY=2026-03-01

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"

need_tools curl python3 sqlite3

# same_json A B — the same JSON value (the device keeps the calendar as the
# server sent it, not byte for byte as the file was typed)
same_json () {
  [ -f "$2" ] && python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"
}

printf '{"year": 2026, "holidays": ["2026-10-01", "2026-10-02"], "workdays": ["2026-09-27"]}' >"$WORK/cal-v1.json"
printf '{"year": 2026, "holidays": ["2026-03-16", "2026-10-01", "2026-10-02"]}' >"$WORK/cal-v2.json"
printf '{"year": 2027, "holidays": ["2027-01-01"]}' >"$WORK/cal-2027.json"
printf '{"year": 2026, "holidays": ["2026-03-16"], "workdays": ["2026-03-16"]}' >"$WORK/bad.json"

srv 0 "init" init --profile jilin-2016 --county 220104
srv 0 "a committee user" user add wang --role committee --area 220104
srv 2 "refdata import with nothing to import" refdata import
has "$ERR" "--holidays FILE.json" "… names --holidays"
srv 1 "a bad calendar is refused" refdata import --holidays "$WORK/bad.json"
has "$ERR" "workdays[0]: 2026-03-16 is also listed under holidays" "… naming what is wrong"
if [ ! -e "$SRV/holidays/2026.json" ]; then pass "… and nothing is kept"; else fail "a bad calendar was kept"; fi
printf '220104,朝阳区\n' >"$WORK/divisions.csv"
srv 1 "divisions with a bad calendar" refdata import --divisions "$WORK/divisions.csv" --holidays "$WORK/bad.json"
if [ "$("$(dirname "${BASH_SOURCE[0]}")/county-sql.sh" "$SRV" 'SELECT count(*) FROM division')" = 0 ]; then
  pass "… neither is kept"
else
  fail "the divisions were imported beside a bad calendar"
fi
srv 0 "a calendar" refdata import --holidays "$WORK/cal-v1.json"
has "$OUT" "Imported the holiday calendar of 2026" "… said, with its year"
has "$OUT" "version 1" "… and the version devices get"

start_server
on A 0 "enrol" enrol --server "$URL" --code "$(code wang)"
on A 0 "the first sync" --json sync
has "$OUT" '"holidays_updated" : true' "the device fetched the calendars"
if same_json "$WORK/cal-v1.json" "$WORK/A/holidays/2026.json"; then pass "… and keeps the county's 2026"; else fail "A/holidays/2026.json differs"; fi
on A 0 "refdata list" --json refdata list
has "$OUT" '"year" : 2026' "the device's calendars hold 2026"
on A 0 "a second sync" --json sync
has "$OUT" '"holidays_updated" : false' "nothing fetched when nothing changed"
has "$OUT" '"snapshot_pages" : 0' "an empty county: no second snapshot, the feed from its start"

srv 0 "the calendar amended" refdata import --holidays "$WORK/cal-v2.json"
srv 0 "and the next year's" refdata import --holidays "$WORK/cal-2027.json"
has "$OUT" "version 3" "the version went up at each import"
on A 0 "sync after the imports" --json sync
has "$OUT" '"holidays_updated" : true' "the device fetched them again"
if same_json "$WORK/cal-v2.json" "$WORK/A/holidays/2026.json"; then pass "2026 replaced by the amended one"; else fail "2026 not replaced"; fi
if same_json "$WORK/cal-2027.json" "$WORK/A/holidays/2027.json"; then pass "2027 added"; else fail "2027 missing"; fi

# the endpoint: devices only
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' "$URL/api/v1/refdata/holidays")
if [ "$STATUS" = 401 ]; then pass "GET refdata/holidays without a token: 401"; else fail "status $STATUS"; fi
STATUS=$(curl -s -o "$OUT" -w '%{http_code}' -X POST "$URL/api/v1/refdata/holidays")
if [ "$STATUS" = 405 ]; then pass "POST refdata/holidays: 405"; else fail "POST status $STATUS"; fi

# a calendar changed by hand on the server since its import is left out, said
printf '{"year": 20' >"$SRV/holidays/2027.json"
srv 0 "an import bumps the version" refdata import --holidays "$WORK/cal-v2.json"
on A 0 "sync with a damaged calendar on the server" --json sync
if same_json "$WORK/cal-2027.json" "$WORK/A/holidays/2027.json"; then pass "the device keeps its good 2027"; else fail "2027 changed"; fi
has "$WORK/serve.log" "holidays: $SRV/holidays/2027.json is left out" "the server's log names the damaged file"

echo "1..$n"
[ "$failed" -eq 0 ]
