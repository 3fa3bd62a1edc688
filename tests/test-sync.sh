#!/bin/bash
# test-sync.sh — devices and a county server, as people use them: enrolment,
# sync, edits on two devices while apart (different fields, the same ordinary
# field, the same legal field), clocks a day fast and stuck in 2000, photos,
# a landlord's scope, a refused change, revocation, and a second sync that
# sends nothing. Real juzhu-server and juzhu-cli processes on 127.0.0.1.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-sync.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-sync.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server}
SERVER=${2:?usage: test-sync.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server}
WORK=$(mktemp -d)
SRV=$WORK/server
OUT=$WORK/out
ERR=$WORK/err
SERVER_PID=

TLS_PID=

cleanup ()
{
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -n "$TLS_PID" ]; then kill "$TLS_PID" 2>/dev/null || true; wait "$TLS_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}

export TZ=America/Los_Angeles
export JUZHU_TODAY=2026-03-01
export JUZHU_SYNC_RETRY_MS=1
unset JUZHU_DATA_DIR JUZHU_CLOCK_OFFSET_MS

DAY_MS=86400000
Y2000_MS=-825000000000          # 2026 back to the middle of 2000

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"
trap cleanup EXIT   # this script's own: the TLS server too

# same WHAT ARGS… — the command prints the same JSON on every device given in $DEVICES
same ()
{
  local what=$1 first= dev
  shift
  for dev in $DEVICES; do
    JUZHU_CLOCK_OFFSET_MS=${OFFSET[$dev]:-} "$CLI" --data-dir "$WORK/$dev" --json "$@" \
      >"$WORK/same.$dev" 2>/dev/null </dev/null || true
    first=${first:-$dev}
  done
  for dev in $DEVICES; do
    if ! cmp -s "$WORK/same.$first" "$WORK/same.$dev"; then
      cp "$WORK/same.$dev" "$OUT"; diff "$WORK/same.$first" "$WORK/same.$dev" >"$ERR" || true
      fail "$what: $dev differs from $first"
      return
    fi
  done
  pass "$what: the same on $DEVICES"
}

if ! command -v convert >/dev/null; then
  echo "1..0 # SKIP ImageMagick convert is not installed (scripts/deps installs it)"
  exit 77
fi
colours=(white ivory linen snow)
for i in 0 1 2 3; do
  convert -size 800x$((600 + i)) "xc:${colours[$i]}" "$WORK/page$i.jpg"
done

# ---- the server -------------------------------------------------------------

srv 0 "init" init --profile jilin-2016
srv 0 "user add wang (committee)" user add wang --role committee --area 220104
srv 0 "user add li (committee)" user add li --role committee --area 220104
srv 0 "user add zhou (committee)" user add zhou --role committee --area 220104
srv 1 "user add a landlord without who it is" user add sun --role landlord --area 220104
has "$ERR" "--identity" "… says the landlord's account names the landlord"
srv 1 "user add a landlord with a mistyped ID number" user add sun --role landlord --area 220104 \
  --identity 220104197001010038 --real-name 孙
has "$ERR" "check character" "… names what is wrong with the number"
srv 0 "user add zhao (landlord)" user add zhao --role landlord --area 220104 \
  --identity 220104197001010037 --real-name 赵六
srv 0 "user list" user list
has "$OUT" "赵六 220***********0037" "user list names the landlord…"
lacks "$OUT" "220104197001010037" "… with the ID number masked"

"$SERVER" serve --data-dir "$SRV" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 50); do
  grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
  sleep 0.1
done
URL=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$WORK/serve.out")
if [ -n "$URL" ]; then pass "server listening at $URL"; else fail "server did not start"; exit 1; fi


# ---- enrolment --------------------------------------------------------------

on A 1 "sync before enrolment" sync
has "$ERR" "not enrolled" "sync says the device is not enrolled"
on A 2 "enrol with a bad URL" enrol --server ftp://x --code X
on A 2 "enrol without a code" enrol --server "$URL"

CODE_A=$(code wang)
on A 0 "enrol" enrol --server "$URL" --code "$CODE_A" --name "tablet A"
has "$OUT" "wang" "enrol names the user"
has "$OUT" "jilin-2016" "enrol names the server's profile"
if [ "$(stat -c %a "$WORK/A/token")" = 600 ]; then pass "the token file is 0600"; else fail "token mode $(stat -c %a "$WORK/A/token")"; fi
on B 1 "enrol with a used code" enrol --server "$URL" --code "$CODE_A"
has "$ERR" "enrol" "a used code is refused with the server's reason"
on A 0 "status" status
has "$OUT" "$URL" "status names the server"
has "$OUT" "committee" "status names the role"

OFFSET[B]=$DAY_MS
OFFSET[C]=$Y2000_MS
on B 0 "enrol (clock a day fast)" enrol --server "$URL" --code "$(code li)"
on C 0 "enrol (clock in 2000)" enrol --server "$URL" --code "$(code zhou)"
on L 0 "enrol (landlord)" --json enrol --server "$URL" --code "$(code zhao)"
L_DEVICE=$(json_val device)
has "$OUT" '"real_name" : "赵六"' "the landlord's device learns who it is"


# ---- a declaration, an application with photos --------------------------------

ID=411202198506120024
on A 0 "registration add" --json registration add --id-number $ID --name 王小燕 --ethnicity 01 \
  --hukou-division 411202 --hukou-address 河南省三门峡市湖滨区黄河路1号 \
  --residence-division 220104 --committee 红旗社区居委会 \
  --residence-address 人民大街100号3单元502 --arrival-date 2025-08-15 \
  --reason work --housing-type rented --landlord-name 李四
PERSON=$(json_val person_id)
on A 0 "application add" --json application add --id-number $ID --kind first \
  --conditions employment --residence-since 2025-08-15
APP=$(json_val id)
on A 0 "material id_card" material add "$APP" --type id_card "$WORK/page0.jpg"
on A 0 "material photo" material add "$APP" --type photo "$WORK/page1.jpg"
on A 0 "material lease" material add "$APP" --type lease_contract --date 2025-08-15 "$WORK/page2.jpg"
on A 0 "material labour" --json material add "$APP" --type labour_contract "$WORK/page3.jpg"
PAGE=$(grep -oE '[0-9a-f]{64}' "$OUT" | head -1)
on A 0 "accept" accept "$APP"

on A 0 "sync" sync
has "$OUT" "photos 4/4" "progress of the photos"
has "$OUT" "push " "progress of the push"
on A 0 "sync --json (nothing new)" --json sync
has "$OUT" '"pushed" : 0' "a second sync pushes nothing"
has "$OUT" '"photos_uploaded" : 0' "a second sync uploads no photo"
has "$OUT" '"applied" : 0' "a second sync applies nothing"

on B 0 "sync" --json sync
has "$OUT" '"applied" : 8' "B receives the person, registration, application, 4 materials and the acceptance"
on B 0 "person show" --json person show "$PERSON"
has "$OUT" "王小燕" "B has the person"

# photos are fetched on demand
if [ -e "$(find "$WORK/B" -name "$PAGE" -print -quit)" ]; then fail "B has the photo before asking"; else pass "sync does not download photos"; fi
on B 0 "photo fetch --all" photo fetch --all
has "$OUT" "$PAGE" "photo fetch names the page it fetched"
BLOB=$(find "$WORK/B" -name "$PAGE" -print -quit)
# kept sealed (docs/security.md, "Data at rest"); the fetch checked its hash before keeping it
if [ -n "$BLOB" ] && [ "$(head -c 4 "$BLOB")" = "JZS1" ] && ! grep -q "$(printf 'JFIF')" "$BLOB"; then
  pass "B has the page, sealed"
else
  fail "B has no sealed copy of $PAGE"
fi

# ---- two devices apart: different fields, then the same ordinary field --------

on A 0 "edit phone" person edit "$PERSON" --set phone=13800000001
on B 0 "edit notes" person edit "$PERSON" --set notes=夜班
DEVICES="A B"
for d in A B A; do on $d 0 "sync" sync; done
same "different fields both survive" person show "$PERSON"
has "$WORK/same.A" "13800000001" "A's phone survived"
has "$WORK/same.A" "夜班" "B's notes survived"

# B is a day fast: its edit carries the later stamp even though A edits after it
on B 0 "edit phone (a day fast)" person edit "$PERSON" --set phone=13900000002
on A 0 "edit phone (later in real time)" person edit "$PERSON" --set phone=13700000003
for d in A B A; do on $d 0 "sync" sync; done
same "the same ordinary field" person show "$PERSON"
has "$WORK/same.A" "13900000002" "the later stamp wins everywhere"
on A 0 "history" history "$PERSON"
has "$OUT" "13700000003" "the losing value stays in the history"
on A 0 "conflicts" conflicts
has "$OUT" "No conflicts" "ordinary fields never conflict"

# a device stuck in 2000 catches up and converges, but stamps nothing until
# its date is set (exit 3, docs/cli.md); set 30 hours slow, it may edit, and
# its edit, made after seeing B's (stamped a day ahead), wins
on C 0 "sync (clock in 2000)" sync
on C 3 "a legal edit with the clock in 2000" person edit "$PERSON" --set name=王小花
has "$ERR" "set the date and time" "the refusal says to set the date"
on C 3 "edit phone (clock in 2000)" person edit "$PERSON" --set phone=13600000004
OFFSET[C]=$((-30 * 3600 * 1000))
on C 0 "edit phone (clock 30 hours slow)" person edit "$PERSON" --set phone=13600000004
for d in C A B; do on $d 0 "sync" sync; done
DEVICES="A B C"
same "after the device in 2000" person show "$PERSON"
has "$WORK/same.A" "13600000004" "the edit made after seeing the others wins, whatever the wall clock"

# ---- the same legal field -----------------------------------------------------

on A 0 "extend (reason 1)" extend "$APP" --reason 偏远地区 --notified-via phone
on B 0 "extend (reason 2)" extend "$APP" --reason 制证需送市局 --notified-via phone
for d in A B A; do on $d 0 "sync" sync; done
DEVICES="A B"
same "the conflict" conflicts
has "$WORK/same.A" "偏远地区" "the conflict shows A's value"
has "$WORK/same.A" "制证需送市局" "the conflict shows B's value"
has "$WORK/same.A" '"author" : "B"' "the conflict says who"
srv 0 "conflicts" conflicts
has "$OUT" "$APP" "the server lists the conflict"
on A 2 "issue waits for the conflict" issue "$APP"
has "$ERR" "conflict" "issue says why"
VALUE_ID=$(grep -B1 '"value" : "偏远地区"' "$WORK/same.A" | sed -n 's/.*"value_id" : "\([^"]*\)".*/\1/p')
on B 0 "resolve" resolve "$APP" extension_reason --take "$VALUE_ID"
for d in B A; do on $d 0 "sync" sync; done
on A 0 "conflicts after the resolution" conflicts
has "$OUT" "No conflicts" "the resolution on B ends the conflict on A"
srv 0 "conflicts after the resolution" conflicts
lacks "$OUT" "$APP" "… and on the server"

# ---- a change the server refuses ----------------------------------------------

# A committee's device refuses at once what only the county office may do
# (the permission table); the server would refuse it too (test-security).
on B 1 "issue (a committee may not)" issue "$APP"
has "$ERR" "county public security office" "the refusal says whose step it is"
# What only the server can judge, the scope, is refused there; the change
# waits on the needs-attention list and is not sent again.
on B 0 "a registration outside B's area" --json registration add --id-number 11010519491231002X \
  --name 孙丽 --residence-division 220105 --residence-address 解放大路2号 --arrival-date 2026-01-10 \
  --reason work
FAR_REG=$(json_val registration_id)
on B 1 "sync with a refused change" sync
has "$OUT" "refused" "sync says some changes were refused"
on B 0 "rejected" rejected
has "$OUT" "$FAR_REG" "the needs-attention list names the record"
on B 0 "rejected --json" --json rejected
has "$OUT" '"code" : "out_of_scope"' "… with the server's code"
on B 0 "sync again" --json sync
has "$OUT" '"rejected" : 0' "a refused change is not sent again"
# B's clock, a day fast, jumps to three days fast: measured against the
# server's time of the last sync, it stamps nothing until the date is set
OFFSET[B]=$((3 * DAY_MS))
on B 3 "a clock three days fast refuses to stamp" person edit "$PERSON" --set notes=晚班
has "$ERR" "set the date and time" "… and says to set the date"
OFFSET[B]=$DAY_MS

# ---- the landlord's scope -------------------------------------------------------

on L 2 "a landlord files another landlord's tenant" registration add --id-number 220104201501010032 \
  --name 李小明 --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-10 \
  --reason work --housing-type rented --landlord-name 钱 --landlord-identity 220104196606060059
has "$ERR" "files the tenants it houses" "… is refused on the device, naming the device's landlord"
on L 0 "landlord's tenant" --json registration add --id-number 220104201501010032 --name 李小明 \
  --residence-division 220104 --residence-address 人民大街7号 --arrival-date 2026-01-10 \
  --reason work --housing-type rented
TENANT=$(json_val person_id)
TENANT_REG=$(json_val registration_id)
on L 0 "sync" sync
on L 0 "person list" --json person list
has "$OUT" "$TENANT" "the landlord has the tenant"
lacks "$OUT" "$PERSON" "the landlord never receives others' records"
on A 0 "sync" sync
on A 0 "person show tenant" person show "$TENANT"
on A 0 "registration show tenant" registration show "$TENANT_REG"
has "$OUT" "赵六" "the landlord's report names the landlord by the enrolled name…"
has "$OUT" "220104197001010037" "… and identity"
# the station files a tenant who names the landlord: the landlord sees them
on A 0 "the station files zhao's tenant" --json registration add --id-number 220104199203030043 \
  --name 周小红 --residence-division 220104 --residence-address 人民大街7号2室 --arrival-date 2026-01-20 \
  --reason work --housing-type rented --landlord-name 赵六 --landlord-identity 220104197001010037
NAMED=$(json_val person_id)
on A 0 "sync" sync
on L 0 "sync" sync
on L 0 "person list" --json person list
has "$OUT" "$NAMED" "the landlord sees a tenant the station filed naming it"

# ---- revocation -----------------------------------------------------------------

srv 0 "device revoke" device revoke "$L_DEVICE"
on L 0 "edit while revoked" person edit "$TENANT" --set phone=13500000005
on L 1 "sync after revocation" sync
has "$ERR" "revoked" "the 401 is explained"
on L 0 "status" --json status
has "$OUT" '"pending" : 1' "nothing local was lost"
on L 0 "the edit is still here" person show "$TENANT"
has "$OUT" "13500000005" "the unsent value is kept"

# county IT gives the revoked tablet a new code: the same data directory
# enrols again as a new device and sends what it kept
on L 0 "enrol again after revocation" --json enrol --server "$URL" --code "$(code zhao)"
L_DEVICE2=$(json_val device)
if [ -n "$L_DEVICE2" ] && [ "$L_DEVICE2" != "$L_DEVICE" ]; then pass "re-enrolment is a new device"; else fail "re-enrolment device $L_DEVICE2 (was $L_DEVICE)"; fi
on L 0 "sync after re-enrolment" --json sync
has "$OUT" '"pushed" : 1' "the edit kept while revoked is sent"
on A 0 "sync" sync
on A 0 "person show tenant (after re-enrolment)" person show "$TENANT"
has "$OUT" "13500000005" "… and reaches the other devices"
on L 1 "enrol with a new code while enrolled" enrol --server "$URL" --code "$(code zhao)"
has "$ERR" "site_taken" "an active device cannot enrol its site again"
# the tablet changes hands: revoked again, enrolled for a committee member, it
# pulls from the start what the committee sees
srv 0 "device revoke (again)" device revoke "$L_DEVICE2"
on L 0 "enrol as another user" enrol --server "$URL" --code "$(code zhou)"
on L 0 "sync as the committee member" sync
on L 0 "person show (in the committee's scope)" person show "$PERSON"
has "$OUT" "王小燕" "the new user's scope is pulled from the start"

# ---- an enrolment whose answer was lost ---------------------------------------------
# The server used the code but the tablet never saw the answer (here curl
# throws it away): enrolling again with the same code works, and the token of
# the lost answer is dead.

on R 0 "status (a new data directory)" --json status
R_SITE=$(json_val site)
CODE_R=$(code li)
curl -s -o "$WORK/lost.json" -X POST -H 'Content-Type: application/json' \
  --data "{\"code\":\"$CODE_R\",\"site\":\"$R_SITE\",\"device_name\":\"tablet R\"}" "$URL/api/v1/enrol"
LOST_TOKEN=$(sed -n 's/.*"token":"\([^"]*\)".*/\1/p' "$WORK/lost.json")
if [ -n "$LOST_TOKEN" ]; then pass "the server used the code"; else fail "enrolment by curl: $(cat "$WORK/lost.json")"; fi
on R 0 "enrol again with the same code" enrol --server "$URL" --code "$CODE_R" --name "tablet R"
on R 0 "sync after the repeated enrolment" sync
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $LOST_TOKEN" "$URL/api/v1/sync/pull?since=0")
if [ "$STATUS" = 401 ]; then pass "the lost token is dead"; else fail "the lost token got $STATUS"; fi
on B 1 "the same code on another device" enrol --server "$URL" --code "$CODE_R"
has "$ERR" "already been used" "… is a used code"

# ---- committees enrolled with their 12-digit division code ---------------------------
# Two committees of the same district each see only the persons of their own
# committee; the county office sees both. A committee's registration defaults
# to its own division, and one filed with the district's code only is refused.

srv 0 "user add kong (committee 220104003001)" user add kong --role committee --area 220104003001
srv 0 "user add qian (committee 220104003002)" user add qian --role committee --area 220104003002
srv 0 "user add xu (county)" user add xu --role county --area 2201
on K1 0 "enrol (committee 220104003001)" enrol --server "$URL" --code "$(code kong)"
on K2 0 "enrol (committee 220104003002)" enrol --server "$URL" --code "$(code qian)"
on X 0 "enrol (county office)" enrol --server "$URL" --code "$(code xu)"
on K1 0 "registration add without --residence-division" --json registration add \
  --id-number 220104199203030027 --name 孙一 --residence-address 红旗街1号 \
  --arrival-date 2026-01-10 --reason work
K1_PERSON=$(json_val person_id)
has "$OUT" '"residence_division" : "220104003001"' "the division defaults to the committee's area"
on K2 0 "registration add" --json registration add --id-number 22010419930404003X --name 钱二 \
  --residence-division 220104003002 --residence-address 红旗街2号 --arrival-date 2026-01-11 --reason work
K2_PERSON=$(json_val person_id)
on K1 0 "sync" sync
on K2 0 "sync" sync
on K1 0 "sync (receives)" sync
on K1 0 "person list" --json person list
has "$OUT" "$K1_PERSON" "committee 220104003001 has its person"
lacks "$OUT" "$K2_PERSON" "… not the other committee's"
lacks "$OUT" "$PERSON" "… nor a record that only names the district"
on K2 0 "person list" --json person list
has "$OUT" "$K2_PERSON" "committee 220104003002 has its person"
lacks "$OUT" "$K1_PERSON" "… not the other committee's"
on X 0 "sync" sync
on X 0 "person list" --json person list
has "$OUT" "$K1_PERSON" "the county office has the first committee's person"
has "$OUT" "$K2_PERSON" "… and the second's"
on K1 0 "registration add with the district's code" registration add \
  --id-number 220104199405050042 --name 李三 --residence-division 220104 \
  --residence-address 红旗街3号 --arrival-date 2026-01-12 --reason work
on K1 1 "sync with a registration outside the committee" sync
on K1 0 "rejected --json" --json rejected
has "$OUT" '"code" : "out_of_scope"' "the registration is refused as out of scope"
has "$OUT" "full division code 220104003001" "… saying which code to use"

# ---- one sync at a time -----------------------------------------------------------

exec 9>"$WORK/A/sync.lock"
flock -n 9
on A 1 "sync while another runs" sync
has "$ERR" "another sync" "a second sync is refused"
exec 9>&-

# ---- https ----------------------------------------------------------------------
# A county server with its own self-signed certificate: devices that are given
# it at enrolment (--ca-file or JUZHU_CA_FILE) keep it and enrol, sync and
# fetch photos; others stop at once with a certificate error, without
# retrying and without spending the code.

TLS=$WORK/tls
SRV_TLS=$WORK/server-tls
mkdir -p "$TLS"
if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
     -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
     -keyout "$TLS/key.pem" -out "$TLS/cert.pem" >/dev/null 2>&1; then
  pass "openssl makes a certificate for 127.0.0.1"
else
  fail "openssl req -x509 failed (scripts/deps installs openssl)"
fi
for args in "init --profile jilin-2016" "user add wu --role committee --area 220104"; do
  # shellcheck disable=SC2086
  "$SERVER" $args --data-dir "$SRV_TLS" >/dev/null
done
"$SERVER" serve --data-dir "$SRV_TLS" --listen 127.0.0.1:0 \
  --tls-cert "$TLS/cert.pem" --tls-key "$TLS/key.pem" >"$WORK/tls.out" 2>"$WORK/tls.log" &
TLS_PID=$!
for _ in $(seq 50); do
  grep -q "listening on" "$WORK/tls.out" 2>/dev/null && break
  sleep 0.1
done
URL_TLS=$(sed -n 's|.*listening on \(https://[0-9.:]*\)/.*|\1|p' "$WORK/tls.out")
if [ -n "$URL_TLS" ]; then pass "https server listening at $URL_TLS"; else fail "https server did not start: $(cat "$WORK/tls.log")"; fi

CODE_T=$(code wu "$SRV_TLS")
unset JUZHU_CA_FILE
on T 1 "enrol over https without the certificate" enrol --server "$URL_TLS" --code "$CODE_T"
has "$ERR" "certificate is not trusted" "the refusal is a certificate error"
has "$ERR" "JUZHU_CA_FILE" "… saying how to give the certificate"
if [ "$(grep -c 'POST /api/v1/enrol' "$WORK/tls.log")" = 0 ]; then pass "nothing reached the server"; else fail "an enrolment reached the server"; fi
export JUZHU_CA_FILE=$TLS/cert.pem
on T 0 "enrol over https with JUZHU_CA_FILE (the same code)" enrol --server "$URL_TLS" --code "$CODE_T"
has "$OUT" "$URL_TLS" "enrolled with the https server"
if cmp -s "$TLS/cert.pem" "$WORK/T/county-ca.pem"; then pass "the CA is kept with the enrolment"; else fail "no county-ca.pem"; fi
on T 0 "registration add" --json registration add --id-number $ID --name 王小燕 --ethnicity 01 \
  --hukou-division 411202 --hukou-address 河南省三门峡市湖滨区黄河路1号 \
  --residence-division 220104 --committee 红旗社区居委会 \
  --residence-address 人民大街100号3单元502 --arrival-date 2025-08-15 \
  --reason work --housing-type rented --landlord-name 李四
T_PERSON=$(json_val person_id)
on T 0 "application add" --json application add --id-number $ID --kind first \
  --conditions employment --residence-since 2025-08-15
on T 0 "material with a photo" --json material add "$(json_val id)" --type id_card "$WORK/page0.jpg"
TPAGE=$(grep -oE '[0-9a-f]{64}' "$OUT" | head -1)
unset JUZHU_CA_FILE
# a CA that did not sign the server's certificate: refused, nothing lost
cp "$WORK/T/county-ca.pem" "$WORK/kept.pem"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other -keyout "$TLS/other.key" \
  -out "$WORK/T/county-ca.pem" >/dev/null 2>&1
on T 1 "sync over https, another CA kept" sync
has "$ERR" "certificate is not trusted" "sync stops with a certificate error"
on T 0 "status" --json status
has "$OUT" '"pending" : 4' "nothing was lost"
cp "$WORK/kept.pem" "$WORK/T/county-ca.pem"
# JUZHU_CA_FILE wins over the kept CA; a relative path works as well
rc=0
(cd "$WORK" && JUZHU_CA_FILE=tls/other.key "$CLI" --data-dir "$WORK/T" sync) >"$OUT" 2>"$ERR" </dev/null || rc=$?
if [ "$rc" = 1 ]; then pass "T: JUZHU_CA_FILE (a key, not a CA) is used, and refused"; else fail "T: exit $rc"; fi
rc=0
(cd "$WORK" && JUZHU_CA_FILE=tls/cert.pem "$CLI" --data-dir "$WORK/T" --json sync) >"$OUT" 2>"$ERR" </dev/null || rc=$?
if [ "$rc" = 0 ]; then pass "T: sync over https with JUZHU_CA_FILE (relative)"; else fail "T: sync over https: exit $rc"; fi
has "$OUT" '"pushed" : 4' "the change sets went over https"
has "$OUT" '"photos_uploaded" : 1' "the photo went over https (tus)"
on T 0 "sync over https with the kept CA alone" sync
# enrolment with --ca-file: checked first, then kept
on U 2 "--ca-file that is not a certificate" enrol --server "$URL_TLS" --code XXXX-XXXX-XXXX --ca-file "$TLS/key.pem"
has "$ERR" "--ca-file" "… names --ca-file"
if [ ! -e "$WORK/U" ]; then pass "… and makes no data directory"; else fail "a data directory was made"; fi
on U 0 "a second device enrols over https with --ca-file" enrol --server "$URL_TLS" --code "$(code wu "$SRV_TLS")" \
  --ca-file "$TLS/cert.pem"
on U 0 "sync with the CA kept at enrolment" sync
on U 0 "photo fetch over https" photo fetch --all
if [ -n "$TPAGE" ] && [ -n "$(find "$WORK/U" -name "$TPAGE" -print -quit)" ]; then pass "the photo came over https"; else fail "U has no copy of the photo $TPAGE"; fi
# back to the system's certificates: not both at once; refused by the
# county's own certificate (the kept CA stays); kept no more once enrolled
on U 2 "--ca-file and --system-ca together" enrol --server "$URL_TLS" --code XXXX-XXXX-XXXX \
  --ca-file "$TLS/cert.pem" --system-ca
on U 1 "--system-ca against the county's own certificate" enrol --server "$URL_TLS" \
  --code "$(code wu "$SRV_TLS")" --system-ca
if [ -e "$WORK/U/county-ca.pem" ]; then pass "… and the kept CA stays"; else fail "the kept CA went with a failed enrolment"; fi
on U 0 "--system-ca to a server the system trusts (plain http here)" enrol --server "$URL" --code "$(code zhou)" \
  --system-ca
if [ ! -e "$WORK/U/county-ca.pem" ]; then pass "… and the kept CA is forgotten"; else fail "the kept CA is still there"; fi

# ---- a compacted feed -----------------------------------------------------------
# B is away with an edit unsent while A works on; county IT compacts the feed
# past B's cursor (no device counted active). B's next sync sends its edit
# first, then starts again from a snapshot: nothing lost, nothing missing.
on B 0 "edit notes (away)" person edit "$PERSON" --set notes=离线时修改
on A 0 "edit phone" person edit "$PERSON" --set phone=13300000007
on A 0 "sync" sync
srv 0 "compact (no device counted active)" compact --inactive-days 0
has "$OUT" "compacted up to" "compact says where the feed now starts"
on B 0 "sync from behind the horizon" --json sync
has "$OUT" '"pushed" : 1' "B's unsent edit went up first"
has "$OUT" '"snapshot_pages" : 1' "B started again from a snapshot"
on B 0 "sync again" --json sync
has "$OUT" '"snapshot_pages" : 0' "… once"
on A 0 "sync" sync
DEVICES="A B"
same "after a compaction" person show "$PERSON"
has "$WORK/same.B" "13300000007" "B has A's edit made while it was away"
has "$WORK/same.A" "离线时修改" "A has B's edit made while it was away"
srv 0 "compact again (A and B active)" compact
has "$OUT" "device(s) seen in the last 30 days" "compact counts the active devices"

# ---- moving to another county server ------------------------------------------
# T's county moves it to the other server: enrolled there, it sends everything
# it made again (the new server has none of it), photos included.
on T 0 "enrol with another county server" enrol --server "$URL" --code "$(code zhou)"
on T 0 "sync with the new server" --json sync
has "$OUT" '"pushed" : 4' "everything made on T goes to the new server"
# (the new server has that page already, from another device: content-addressed)
has "$OUT" '"photos_missing" : 0' "… and its photo is there"
on T 0 "status after the move" --json status
has "$OUT" '"pending" : 0' "nothing waits after the move"
on A 0 "sync A after T's move" sync
on A 0 "T's person reached the new server" --json person show "$T_PERSON"
has "$OUT" "王小燕" "another device of the new server has it"

if [ -s "$WORK/serve.log" ] && grep -q "$ID" "$WORK/serve.log"; then
  fail "the server log contains an ID number"
else
  pass "the server log has no ID number"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
