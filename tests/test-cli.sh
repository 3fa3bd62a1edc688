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

# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"

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
has "$OUT" "$ID" "the holder's own 凭证 shows the full ID number"
has "$OUT" "吉林省长春市朝阳区" "the 凭证 shows the address with the division's name"

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

run 2 "a second application while the first is in progress" application add \
  --id-number "$ID" --kind first --conditions employment --residence-since 2025-08-15
has "$ERR" "already has an application in progress" "the refusal says to continue the first"
has "$ERR" "$APP" "… and names it"

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
has "$OUT" "待发证" "well before its deadline the application waits in the county's queue"
lacks "$OUT" "即将到期" "and is not yet due soon"
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
run 0 "due after the extension" --today 2026-03-15 due
has "$OUT" "extended: 偏远地区制证" "due says the deadline was extended, and why"
has "$OUT" "2026-03-26" "due gives the extended deadline"

run 0 "issue" --today 2026-03-20 --json issue "$APP"
PERMIT=$(json_id id)
has "$OUT" '"issued_on" : "2026-03-20"' "the permit carries the issue date"

run 1 "endorse too early" --today 2026-12-01 endorse "$PERMIT"
has "$ERR" "2027-02-18" "the refusal says when the window opens"
run 0 "due in the endorsement window" --today 2027-02-20 due
has "$OUT" "$PERMIT" "due lists the permit in its window"

# The 签注 on the permit's issue day (issue 12's blocker): the endorsement
# application is recorded, but neither accepted nor issued, nothing invalid is
# stored, and both of the person's applications still open.
run 1 "endorse on the issue day" --today 2026-03-20 endorse "$PERMIT"
has "$ERR" "2027-02-18" "the refusal says when the window opens"
run 0 "an endorsement application on the issue day" --today 2026-03-20 --json application add --id-number "$ID" --kind endorse
ENDORSE_APP=$(json_id id)
run 0 "its identity page" --today 2026-03-20 material add "$ENDORSE_APP" --type id_card "$WORK/id_card.jpg"
run 1 "accepting it on the issue day is refused" --today 2026-03-20 accept "$ENDORSE_APP"
has "$ERR" "2027-02-18" "the refusal says when the window opens"
run 1 "issuing it is refused" --today 2026-03-20 issue "$ENDORSE_APP"
run 0 "the first application still opens" --today 2026-03-20 application show "$APP"
run 0 "the endorsement application opens" --today 2026-03-20 application show "$ENDORSE_APP"
has "$OUT" "submitted" "the endorsement application stays submitted"
run 0 "the person shows one permit, not endorsed" --today 2026-03-20 --json person show "$PERSON"
lacks "$OUT" '"endorsement"' "no endorsement was recorded"

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

# --- CLI audit fixes (rules check profile, all case errors, --json before a
# --- command, id check options, messages that start with the option) -------
SAVED_DATA=$DATA
DATA=$WORK/audit-jilin
run 0 "audit fixes: init a jilin data directory" init --profile jilin-2016
echo '{"kind": "first"}' >"$WORK/case-ok.json"
run 0 "audit fixes: rules check without --profile" rules check "$WORK/case-ok.json"
has "$OUT" '"jilin-2016"' "rules check uses the profile init recorded"
run 0 "audit fixes: rules check --profile overrides" --profile sanmenxia-2017 rules check "$WORK/case-ok.json"
has "$OUT" '"sanmenxia-2017"' "rules check --profile wins over the recorded profile"
DATA=$WORK/audit-none
run 0 "audit fixes: rules check on no data directory" rules check "$WORK/case-ok.json"
has "$OUT" '"national-2016"' "rules check defaults to national-2016"
if [ -e "$DATA" ]; then fail "rules check created a data directory"; else pass "rules check creates no data directory"; fi
DATA=$SAVED_DATA
echo '{"kind":"bogus","applied_on":"2023-02-29","conditions":["x"]}' >"$WORK/case-bad.json"
run 2 "audit fixes: rules check with three bad fields" rules check "$WORK/case-bad.json"
has "$ERR" "kind:" "rules check reports kind"
has "$ERR" "applied_on:" "rules check reports applied_on"
has "$ERR" "conditions" "rules check reports conditions"
run 2 "audit fixes: --json unknown command" --json frobnicate
has "$OUT" '"error"' "--json: an unknown command is a JSON error on stdout"
run 2 "audit fixes: --json bad --today" --json --today 2026-02-30 due
has "$OUT" '"error"' "--json: a bad --today is a JSON error on stdout"
has "$ERR" "--today:" "the --today error names the option"
run 2 "audit fixes: id check --bogus" id check --bogus 411202198506120024
has "$ERR" "--bogus" "id check names the unknown option"
run 1 "audit fixes: id check 17 digits" id check 41120219850612002
if grep -qF "15 or 18 characters expected" "$OUT" "$ERR"; then pass "a 17-digit number: 15 or 18 expected"; else fail "a 17-digit number: 15 or 18 expected"; fi
run 2 "audit fixes: audit --limit abc" audit --limit abc
if grep -q '^juzhu-cli: --limit: ' "$ERR"; then pass "--limit abc: the message starts with --limit"; else fail "--limit abc: the message starts with --limit"; fi
run 2 "audit fixes: audit --limit out of range" audit --limit 99999999999
if grep -q '^juzhu-cli: --limit: ' "$ERR"; then pass "--limit out of range: the message starts with --limit"; else fail "--limit out of range: the message starts with --limit"; fi
echo '{' >"$WORK/truncated.json"
run 2 "audit fixes: person add a truncated JSON" person add --input "$WORK/truncated.json"
has "$ERR" "--input:" "the truncated JSON error names --input"
has "$ERR" "ends too early (line 1)" "the truncated JSON error says where it ended"
echo 'null' >"$WORK/null.json"
run 2 "audit fixes: person add null" person add --input "$WORK/null.json"
has "$ERR" "--input:" "a null --input names --input"
has "$ERR" "expected a JSON object" "a null --input asks for an object"
# --- end of CLI audit fixes ---------------------------------------------------

# ---- data integrity: person edit checks what person add checks -------------

DATA=$WORK/data                # the first section's: $PERSON and $APP are there
ID2=11010519491231002X         # valid, female, born 1949-12-31
ID3=220104201501010032         # valid, male, born 2015-01-01
run 0 "integrity: person add a second person" --json person add --id-number "$ID2" --name 张丽
P2=$(json_id id)
run 0 "integrity: person show before the refused edits" person show "$PERSON"
cp "$OUT" "$WORK/person-before"
run 0 "integrity: search before the refused edits" --json person search 0612
cp "$OUT" "$WORK/search-before"

run 2 "integrity: person edit to another person's ID number" person edit "$P2" --set id_number="$ID"
has "$ERR" "id_number: a person with this ID number is already registered ($PERSON)" \
  "the duplicate edit names the field and the other person"
run 0 "integrity: person show after the refused duplicate" person show "$P2"
has "$OUT" "$ID2" "the refused edit kept the ID number"
lacks "$OUT" "$ID" "the refused edit did not save the duplicate"
run 0 "integrity: search after the refused duplicate" --json person search 0612
if cmp -s "$OUT" "$WORK/search-before"; then pass "search unchanged by the refused duplicate"; else fail "search changed by the refused duplicate"; fi

run 2 "integrity: person edit sex against the ID number" person edit "$PERSON" --set sex=1
has "$ERR" "sex: 1 does not match the ID number, which says 2" "the sex refusal names the field"
run 2 "integrity: person edit birth_date against the ID number" person edit "$PERSON" --set birth_date=1985-06-13
has "$ERR" "birth_date: 1985-06-13 does not match the ID number, which says 1985-06-12" \
  "the birth date refusal names the field"
run 2 "integrity: person edit a new ID number with a contradicting sex" \
  person edit "$P2" --set id_number="$ID3" --set sex=2
has "$ERR" "sex: 2 does not match the ID number, which says 1" "the new ID number is the one checked"
run 0 "integrity: person show after the refused edits" person show "$PERSON"
if cmp -s "$OUT" "$WORK/person-before"; then pass "person show unchanged by the refused edits"; else fail "person show changed by the refused edits"; fi

run 0 "integrity: person edit the own ID number to itself" person edit "$PERSON" --set id_number="$ID"
run 0 "integrity: person edit sex and birth_date that agree" \
  person edit "$PERSON" --set sex=2 --set birth_date=1985-06-12
run 0 "integrity: person edit to a new unique ID number" person edit "$P2" --set id_number="$ID3"
run 0 "integrity: person show after the new ID number" person show "$P2"
has "$OUT" "$ID3" "the new ID number is saved"
has "$OUT" "2015-01-01" "the birth date follows the new ID number"
has "$OUT" "男 (1)" "the sex follows the new ID number"

# ---- data integrity: a bad page of several stores nothing --------------------

convert -size 640x480 plasma:fractal -seed 7 "$WORK/page-new.jpg"
convert -size 1200x900 plasma:fractal -seed 8 "$WORK/big.jpg"
head -c "$(( $(stat -c %s "$WORK/big.jpg") / 2 ))" "$WORK/big.jpg" >"$WORK/truncated.jpg"
photo_files () { (cd "$DATA" && find blobs thumbnails -type f 2>/dev/null | sort); }
run 0 "integrity: application show before the bad pages" --json application show "$APP"
mats_before=$(grep -c '"document" :' "$OUT" || true)
photo_files >"$WORK/photos-before"
run 2 "integrity: material add a good page then a truncated one" \
  material add "$APP" --type lease_contract "$WORK/page-new.jpg" "$WORK/truncated.jpg"
has "$ERR" "truncated.jpg" "the error names the truncated page"
photo_files >"$WORK/photos-after"
if cmp -s "$WORK/photos-before" "$WORK/photos-after"; then
  pass "the good page's blob and thumbnail were removed again"
else
  fail "files left behind: $(comm -13 "$WORK/photos-before" "$WORK/photos-after" | tr '\n' ' ')"
fi
run 2 "integrity: material add a stored page then a truncated one" \
  material add "$APP" --type lease_contract "$WORK/lease.jpg" "$WORK/truncated.jpg"
photo_files >"$WORK/photos-after"
if cmp -s "$WORK/photos-before" "$WORK/photos-after"; then
  pass "a page stored before the failed call is kept"
else
  fail "stored photos changed: $(diff "$WORK/photos-before" "$WORK/photos-after" | tr '\n' ' ')"
fi
run 0 "integrity: application show after the bad pages" --json application show "$APP"
mats_after=$(grep -c '"document" :' "$OUT" || true)
if [ "$mats_after" -eq "$mats_before" ]; then pass "no material recorded for the bad pages"; else fail "materials $mats_before → $mats_after"; fi
run 0 "integrity: material add the new page alone" material add "$APP" --type lease_contract "$WORK/page-new.jpg"
photo_files >"$WORK/photos-after"
if [ "$(comm -13 "$WORK/photos-before" "$WORK/photos-after" | wc -l)" -eq 2 ]; then
  pass "a good page alone stores its blob and thumbnail"
else
  fail "a good page alone: $(comm -13 "$WORK/photos-before" "$WORK/photos-after" | wc -l) new files"
fi

DATA=$WORK/data

# ---- data at rest (docs/security.md, "Data at rest") ----------------------

# after the whole workflow: no name, ID number, address, photo or SQLite
# header in any file of the data directory (the WAL included)
leaks=$(grep -r -a -F -l -e "$ID" -e 王小燕 -e 人民大街100号 -e 黄河路1号 -e "SQLite format 3" -e JFIF "$DATA" || true)
if [ -z "$leaks" ]; then pass "nothing personal is readable in the data directory"; else fail "readable in: $leaks"; fi
KEY=$JUZHU_KEY_FILE
unset JUZHU_KEY_FILE
run 3 "without a key" search 小燕
has "$ERR" "JUZHU_KEY_FILE" "without a key: the message says how to give one"
export JUZHU_KEY_FILE=$WORK/other.key
run 0 "init makes a new key file for another directory" --data-dir "$WORK/other" init
has "$OUT" "A new data key was written to $WORK/other.key" "init says where the new key is"
if [ "$(stat -c %a "$WORK/other.key")" = 600 ]; then pass "the key file is 0600"; else fail "key file mode $(stat -c %a "$WORK/other.key")"; fi
run 3 "with another directory's key" search 小燕
has "$ERR" "not the key of the data directory" "with another key: told so"
export JUZHU_KEY_FILE=$DATA/key
run 3 "a key file inside the data directory" search 小燕
has "$ERR" "inside the data directory" "a key file inside the data directory is refused"
if [ ! -e "$DATA/key" ]; then pass "and none was made there"; else fail "a key file was made in the data directory"; fi
export JUZHU_KEY_FILE=$KEY
run 0 "the right key again" search 小燕
has "$OUT" "王小燕" "the right key reads the data"

echo "1..$n"
if [ "$failed" -gt 0 ]; then
  echo "# $failed of $n failed"
  exit 1
fi
