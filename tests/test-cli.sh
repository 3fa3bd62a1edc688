#!/bin/bash
# test-cli.sh — juzhu-cli end to end on a fresh data directory: a 暂住登记,
# search, a 居住证 application with photographed materials, acceptance, the
# extension, issuance, endorsement, bad input, masking and the audit log.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli.sh PATH/TO/juzhu-cli   (prints TAP; exit 1 on any failure)

set -euo pipefail

CLI=${1:?usage: test-cli.sh PATH/TO/juzhu-cli}
SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/data
OUT=$WORK/out
ERR=$WORK/err

export TZ=America/Los_Angeles
export JUZHU_TODAY=2026-03-01

n=0
failed=0

pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail ()
{
  n=$((n + 1)); failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/# stdout: /' "$OUT" | head -20
  sed 's/^/# stderr: /' "$ERR" | head -20
}

# run WANT DESCRIPTION ARGS… — runs juzhu-cli on $DATA (standard input from
# $STDIN if set), keeps stdout and stderr in $OUT and $ERR, checks the exit
# status.
run ()
{
  local want=$1 what=$2 rc=0
  shift 2
  if [ -n "${STDIN:-}" ]; then
    printf '%s' "$STDIN" | "$CLI" --data-dir "$DATA" "$@" >"$OUT" 2>"$ERR" || rc=$?
  else
    "$CLI" --data-dir "$DATA" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
  fi
  if [ "$rc" -eq "$want" ]; then
    pass "$what (exit $rc)"
  else
    fail "$what: exit $rc, expected $want"
  fi
}

# has FILE TEXT DESCRIPTION — FILE contains TEXT (fixed string)
has ()
{
  if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3: “$2” not in $(basename "$1")"; fi
}

lacks ()
{
  if grep -qF -- "$2" "$1"; then fail "$3: “$2” in $(basename "$1")"; else pass "$3"; fi
}

# json_id KEY — the first "KEY" : "VALUE" of $OUT
json_id ()
{
  sed -n "/\"$1\" : \"/{s/.*\"$1\" : \"\\([^\"]*\\)\".*/\\1/p;q}" "$OUT"
}

no_full_id ()
{
  if grep -qE '[0-9]{17}[0-9X]' "$OUT"; then
    fail "$1 shows a full ID number"
  else
    pass "$1 shows no full ID number"
  fi
}

ID=411202198506120024          # valid GB 11643 number, hukou 三门峡市湖滨区
MASKED='411***********0024'

if ! command -v convert >/dev/null; then
  echo "1..0 # SKIP ImageMagick convert is not installed (scripts/deps installs it)"
  exit 77
fi
for f in id_card photo lease labour; do
  convert -size 800x600 xc:white "$WORK/$f.jpg"
done
echo "this is not a photo" >"$WORK/notes.jpg"

# ---- set-up ---------------------------------------------------------------

run 0 "init --profile jilin-2016" init --profile jilin-2016
has "$OUT" "jilin-2016" "init names the profile"
run 0 "refdata import --divisions" refdata import --divisions "$SRCDIR/fixtures/divisions-small.csv"

# ---- 暂住登记 ---------------------------------------------------------------

run 0 "registration add" registration add \
  --id-number "$ID" --name 王小燕 --ethnicity 01 \
  --hukou-division 411202 --hukou-address 河南省三门峡市湖滨区黄河路1号 \
  --residence-division 220104 --committee 红旗社区居委会 \
  --residence-address 人民大街100号3单元502 --arrival-date 2025-08-15 \
  --reason work --housing-type rented --landlord-name 李四
has "$OUT" "暂住登记凭证" "registration add prints the 暂住登记凭证"
has "$OUT" "$MASKED" "the 凭证 shows the masked ID number"
has "$OUT" "吉林省长春市朝阳区" "the 凭证 shows the address with the division's name"
no_full_id "the 暂住登记凭证"

run 0 "search by two Chinese characters" search 小燕
has "$OUT" "王小燕" "found by 小燕"
no_full_id "search"
run 0 "person search by an ID fragment" person search 0612 --json
has "$OUT" "王小燕" "found by ID fragment"
no_full_id "search --json"
PERSON=$(json_id id)
run 0 "search by an address fragment" search 人民大街
has "$OUT" "王小燕" "found by address fragment"
run 1 "search with no match" search 张三丰

# ---- application -----------------------------------------------------------

run 0 "application add (first, employment)" --json application add \
  --id-number "$ID" --kind first --conditions employment --residence-since 2025-08-15
APP=$(json_id id)
has "$OUT" '"employment_proof"' "a new application lacks the employment proof"

run 0 "notice" notice "$APP"
has "$OUT" "就业证明" "the notice lists the employment proof"
has "$OUT" "居民身份证" "the notice names the ID card"
run 1 "accept refused while materials are missing" accept "$APP"
has "$ERR" "missing" "the refusal says materials are missing"

run 2 "a text file as a photo" material add "$APP" --type photo "$WORK/notes.jpg"
has "$ERR" "notes.jpg" "the photo error names the file"
run 0 "application show after the bad photo" --json application show "$APP"
if grep -qE '"materials" : \[ *\]' "$OUT"; then
  pass "nothing was recorded for the bad photo"
else
  fail "a material was recorded for the bad photo"
fi
if [ -z "$(find "$DATA" -path '*blobs*' -type f 2>/dev/null)" ]; then
  pass "no photo was stored for the bad photo"
else
  fail "a blob was stored for the bad photo"
fi

run 0 "material add id_card" material add "$APP" --type id_card "$WORK/id_card.jpg"
run 0 "material add photo" --json material add "$APP" --type photo "$WORK/photo.jpg"
if grep -qE '"[0-9a-f]{64}"' "$OUT"; then pass "material JSON has the page hash"; else fail "no page hash"; fi
run 0 "material add lease_contract" material add "$APP" --type lease_contract --date 2025-08-15 "$WORK/lease.jpg"
run 0 "material add labour_contract" material add "$APP" --type labour_contract "$WORK/labour.jpg"
has "$OUT" "complete" "materials complete after the labour contract"

# ---- photo gc: an unused old photo, its thumbnail and an old capture go ----

GC_SHA=$(printf 'f0%.0s' $(seq 32))
mkdir -p "$DATA/blobs/f0/f0" "$DATA/thumbnails/f0/f0" "$DATA/captures"
printf 'x%.0s' $(seq 2048) >"$DATA/blobs/f0/f0/$GC_SHA"
printf 'y' >"$DATA/thumbnails/f0/f0/$GC_SHA.jpg"
printf 'z' >"$DATA/captures/capture-old.png"
touch -d '30 days ago' "$DATA/blobs/f0/f0/$GC_SHA" "$DATA/thumbnails/f0/f0/$GC_SHA.jpg" \
  "$DATA/captures/capture-old.png"
USED_BLOBS=$(find "$DATA/blobs" -type f ! -name "$GC_SHA" | wc -l)
run 0 "photo gc --dry-run" photo gc --dry-run
has "$OUT" "Would remove 1 photos" "the dry run counts the unused photo"
has "$OUT" "1 camera captures" "the dry run counts the old capture"
if [ -f "$DATA/blobs/f0/f0/$GC_SHA" ] && [ -f "$DATA/captures/capture-old.png" ]; then
  pass "the dry run removes nothing"
else
  fail "the dry run removed files"
fi
run 0 "photo gc --json" --json photo gc --older-than 7
has "$OUT" '"blobs" : 1' "photo gc --json counts the removed photo"
has "$OUT" '"thumbnails" : 1' "photo gc --json counts the removed thumbnail"
has "$OUT" "\"kept_referenced\" : $USED_BLOBS" "photo gc keeps every photo a material names"
if [ ! -e "$DATA/blobs/f0/f0/$GC_SHA" ] && [ ! -e "$DATA/thumbnails/f0/f0/$GC_SHA.jpg" ] &&
   [ ! -e "$DATA/captures/capture-old.png" ] &&
   [ "$(find "$DATA/blobs" -type f | wc -l)" -eq "$USED_BLOBS" ]; then
  pass "photo gc removed the unused photo, its thumbnail and the capture, nothing else"
else
  fail "photo gc removed the wrong files"
fi
run 0 "photo gc again" photo gc --older-than 0
has "$OUT" "Removed 0 photos" "photo gc --older-than 0 keeps every referenced photo"
run 2 "photo gc --older-than -1" photo gc --older-than -1

run 0 "notice when complete" notice "$APP"
has "$OUT" "Nothing is missing" "the notice says nothing is missing"

run 0 "accept" accept "$APP"
has "$OUT" "2026-03-16" "accept gives the 15-day deadline"

run 0 "due well before the deadline" --today 2026-03-05 due
has "$OUT" "Nothing is due" "nothing due on 2026-03-05"
run 0 "due near the deadline" --today 2026-03-14 due
has "$OUT" "$APP" "due lists the application"
has "$OUT" "2026-03-16" "due gives the deadline"
no_full_id "due"
run 0 "due --json" --today 2026-03-14 --json due
has "$OUT" '"extension_decision"' "due says an extension must be decided"
no_full_id "due --json"

run 0 "extend" --today 2026-03-14 extend "$APP" --reason 偏远地区制证 --notified-via phone
has "$OUT" "2026-03-26" "the extension moves the deadline by 10 days"
run 1 "a second extension is refused" --today 2026-03-14 extend "$APP" --reason again --notified-via sms

run 0 "issue" --today 2026-03-20 --json issue "$APP"
PERMIT=$(json_id id)
has "$OUT" '"issued_on" : "2026-03-20"' "the permit carries the issue date"

run 1 "endorse too early" --today 2026-12-01 endorse "$PERMIT"
has "$ERR" "2027-02-18" "the refusal says when the window opens"
run 0 "due in the endorsement window" --today 2027-02-20 due
has "$OUT" "$PERMIT" "due lists the permit in its window"
run 0 "endorse in the window" --today 2027-02-20 endorse "$PERMIT"

# ---- bad input ---------------------------------------------------------------

run 2 "wrong check character" registration add --id-number 411202198506120025 --name 张三 \
  --residence-division 220104 --residence-address x --arrival-date 2026-01-01 --reason work
has "$ERR" "id_number" "the checksum error names id_number"
run 2 "impossible date" registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address x --arrival-date 2026-02-30 --reason work
has "$ERR" "arrival_date" "the date error names arrival_date"
STDIN='{"name": "王小燕",' run 2 "malformed JSON on --input -" registration add --input -
has "$ERR" "JSON" "the parse error says JSON"
run 2 "unknown field" registration add --id-number "$ID" --name 王小燕 --shoe-size 42
has "$ERR" "shoe_size" "the unknown field is named"
run 2 "impossible --date" accept "$APP" --date 2026-02-30
run 2 "unknown document code" material add "$APP" --type passport "$WORK/photo.jpg"
run 1 "unknown application" application show 01a1fbe0-0000-7000-8000-000000000000
run 2 "unknown command" frobnicate

# ---- masking -----------------------------------------------------------------

for cmd in "person list" "registration list" "application list"; do
  # shellcheck disable=SC2086
  run 0 "$cmd" $cmd
  no_full_id "$cmd"
  # shellcheck disable=SC2086
  run 0 "$cmd --json" --json $cmd
  no_full_id "$cmd --json"
done
has "$OUT" "$MASKED" "lists show the masked ID number"

# ---- audit -------------------------------------------------------------------

run 0 "audit before show" --json audit --record "$PERSON"
before=$(grep -c '"action" : "view"' "$OUT" || true)
run 0 "person show" person show "$PERSON"
has "$OUT" "$ID" "show prints the full ID number"
has "$OUT" "$PERMIT" "show lists the permit"
run 0 "audit after show" --json audit --record "$PERSON"
after=$(grep -c '"action" : "view"' "$OUT" || true)
if [ "$after" -eq $((before + 1)) ]; then pass "show added one audit row"; else fail "audit rows $before → $after"; fi

run 0 "history" history "$PERSON"
has "$OUT" "王小燕" "history shows the name as recorded"
run 0 "audit lists the history view" audit --record "$PERSON"
has "$OUT" "history" "the history view is audited"
run 0 "conflicts" conflicts
has "$OUT" "No conflicts" "no conflicts on one device"

for cmd in person registration application material accept extend issue endorse notice due \
           audit history conflicts resolve refdata init search; do
  run 0 "$cmd --help" "$cmd" --help
done

# ---- holiday calendars (民法典 第203条) -----------------------------------------
# In a data directory of its own: accepted on 2026-03-01, the 15-day issue
# deadline of jilin 第十二条 ends on Monday 2026-03-16, a holiday in the
# imported calendar, so it moves to 2026-03-17.

DATA=$WORK/cal-data
run 0 "holidays: init" init --profile jilin-2016
run 0 "refdata list with nothing imported" refdata list
has "$OUT" "none" "refdata list says no holiday calendar is loaded"

printf '{"year": 2026, "holidays": ["2026-03-16"], "workdays": ["2026-03-16"]}' >"$WORK/bad-cal.json"
run 2 "a malformed holiday calendar is refused" refdata import --holidays "$WORK/bad-cal.json"
has "$ERR" "workdays[0]: 2026-03-16 is also listed under holidays" "the refusal names what is wrong"
has "$ERR" "nothing was imported" "the refusal says nothing was imported"
if [ -z "$(find "$DATA" -path '*holidays*' -type f 2>/dev/null)" ]; then
  pass "nothing was stored for the malformed calendar"
else
  fail "a calendar was stored for the malformed file"
fi

printf '{"year": 2026, "holidays": ["2026-10-01"]}' >"$WORK/cal-v1.json"
printf '{"year": 2026, "holidays": ["2026-03-16", "2026-10-01"]}' >"$WORK/cal-v2.json"
run 0 "refdata import --holidays" refdata import --holidays "$WORK/cal-v1.json"
has "$OUT" "2026" "the import names the year"
run 0 "refdata import --holidays again replaces" --json refdata import --holidays "$WORK/cal-v2.json"
has "$OUT" '"replaced" : true' "the second import of 2026 replaces the first"
run 0 "refdata list --json" --json refdata list
has "$OUT" '"year" : 2026' "refdata list shows the 2026 calendar"
if [ "$(grep -c '"year"' "$OUT")" -eq 1 ]; then pass "one calendar for 2026"; else fail "2026 listed more than once"; fi

run 0 "holidays: registration add" registration add \
  --id-number "$ID" --name 王小燕 --ethnicity 01 \
  --hukou-division 411202 --hukou-address 河南省三门峡市湖滨区黄河路1号 \
  --residence-division 220104 --committee 红旗社区居委会 \
  --residence-address 人民大街100号3单元502 --arrival-date 2025-08-15 \
  --reason work --housing-type rented --landlord-name 李四
run 0 "holidays: application add" --json application add \
  --id-number "$ID" --kind first --conditions employment --residence-since 2025-08-15
HAPP=$(json_id id)
run 0 "holidays: material add id_card" material add "$HAPP" --type id_card "$WORK/id_card.jpg"
run 0 "holidays: material add photo" material add "$HAPP" --type photo "$WORK/photo.jpg"
run 0 "holidays: material add lease_contract" material add "$HAPP" --type lease_contract --date 2025-08-15 "$WORK/lease.jpg"
run 0 "holidays: material add labour_contract" material add "$HAPP" --type labour_contract "$WORK/labour.jpg"
run 0 "holidays: accept" accept "$HAPP"
has "$OUT" "2026-03-17 (吉林 第十二条)" "accept moves the deadline past the holiday"
run 0 "holidays: application show" application show "$HAPP"
has "$OUT" "the last day, 2026-03-16, is a day off, so the deadline is 2026-03-17. (吉林 第十二条)" \
  "application show gives the shifted deadline with the article"
run 0 "holidays: due" --today 2026-03-14 --json due
has "$OUT" '"2026-03-17"' "due gives the shifted deadline"
lacks "$OUT" '"2026-03-16"' "due does not give the unshifted deadline"

printf '{"year": 20' >"$DATA/holidays/2026.json"
run 0 "a corrupt stored calendar: application show warns and goes on" application show "$HAPP"
has "$ERR" "2026.json" "the warning names the stored calendar"
has "$OUT" "Issue by         2026-03-16" "without the calendar the deadline is not moved"
run 1 "refdata list with a corrupt stored calendar" refdata list
has "$ERR" "2026.json" "refdata list names the corrupt calendar"
run 0 "re-import over the corrupt calendar" refdata import --holidays "$WORK/cal-v2.json"
has "$OUT" "replacing the earlier one" "the re-import replaces the corrupt calendar"
run 0 "refdata list after the re-import" refdata list
lacks "$ERR" "2026.json" "no warning after the re-import"

echo "1..$n"
if [ "$failed" -gt 0 ]; then
  echo "# $failed of $n failed"
  exit 1
fi
