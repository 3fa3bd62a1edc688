#!/bin/bash
# test-purge.sh — revoke with purge (a lost or stolen tablet) and without,
# as county IT and the devices live it: the purged device deletes its
# records, photos, drafts and token, says so (exit 4) and the county sees
# when; one revoked without a purge keeps its unsent work and sends it after
# enrolling again; a purge killed halfway (JUZHU_CRASH_AT) is finished by
# the next command, whatever it is. Real juzhu-server and juzhu-cli
# processes on 127.0.0.1.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-purge.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-purge.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server}
SERVER=${2:?usage: test-purge.sh PATH/TO/juzhu-cli PATH/TO/juzhu-server}
export TZ=America/Los_Angeles
export JUZHU_TODAY=2026-03-01

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"
gone () { if compgen -G "$WORK/$1/$2" >/dev/null; then fail "$3: $(cd "$WORK/$1" && echo $2)"; else pass "$3"; fi; }
there () { if compgen -G "$WORK/$1/$2" >/dev/null; then pass "$3"; else fail "$3: no $2 in $1"; fi; }
# the device's row of `device list`: its last two columns, purge ordered and purged
listed () { "$SERVER" device list --data-dir "$SRV" | grep -F "$1" | awk '{print $(NF-1), $NF}'; }

if ! command -v convert >/dev/null; then
  echo "1..0 # SKIP ImageMagick convert is not installed (scripts/deps installs it)"
  exit 77
fi
convert -size 800x600 xc:white "$WORK/page.jpg"

srv 0 "init" init --profile jilin-2016
for u in wang li zhou sun; do srv 0 "user add $u" user add $u --role committee --area 220104; done
start_server

ID=411202198506120024
# DEVICE USER N — enrols DEVICE, files a declaration and an application with
# a photo, syncs, and makes one more edit it does not send; sets DEVICE_ID
prepare ()
{
  local dev=$1 user=$2 nth=$3
  on "$dev" 0 "enrol" --json enrol --server "$URL" --code "$(code "$user")"
  DEVICE_ID=$(json_val device)
  on "$dev" 0 "registration add" --json registration add --id-number "$ID" --name 王小燕 \
    --residence-division 220104 --residence-address "人民大街${nth}号" --arrival-date 2025-08-15 \
    --reason work
  PERSON=$(json_val person_id)
  on "$dev" 0 "application add" --json application add --id-number "$ID" --kind first \
    --conditions employment --residence-since 2025-08-15
  on "$dev" 0 "material with a photo" material add "$(json_val id)" --type id_card "$WORK/page.jpg"
  on "$dev" 0 "sync" sync
  on "$dev" 0 "an edit not sent yet" person edit "$PERSON" --set phone=1350000000"$nth"
  there "$dev" "blobs/*" "$dev has photos"
  there "$dev" "thumbnails/*" "$dev has thumbnails"
}

# ---- without a purge: the device keeps its work, and sends it after -----------
prepare K wang 1
srv 0 "device revoke (no purge)" device revoke "$DEVICE_ID"
on K 1 "sync after revocation" sync
has "$ERR" "revoked" "the device is told it was revoked"
lacks "$ERR" "wiped" "… not wiped"
there K "juzhu.db" "its records are kept"
there K "blobs/*" "its photos are kept"
gone K "purging" "no purge marker"
on K 0 "status" --json status
has "$OUT" '"pending" : 1' "the unsent edit waits"
on K 0 "enrol again with a new code" --json enrol --server "$URL" --code "$(code wang)"
on K 0 "sync after re-enrolment" --json sync
has "$OUT" '"pushed" : 1' "the edit kept while revoked is sent"
on K 0 "status" --json status
has "$OUT" '"pending" : 0' "nothing waits any more"

# ---- with a purge -----------------------------------------------------------------
prepare P li 2
P_DEVICE=$DEVICE_ID
if [ "$(listed "$P_DEVICE")" = "- -" ]; then pass "device list: no purge yet"; else fail "device list: $(listed "$P_DEVICE")"; fi
srv 0 "device revoke --purge" device revoke "$P_DEVICE" --purge
has "$OUT" "with a purge" "revoke says a purge was ordered"
on P 4 "sync after a purge order" sync
has "$ERR" "wiped at the county's request" "the CLI says the device was wiped"
has "$ERR" "county server was told" "… and that the county knows"
for f in 'juzhu.db*' 'blobs' 'thumbnails' 'captures' 'uploads' 'token' 'key-id' 'purging'; do
  gone P "$f" "purged: no $f left"
done
if [ -s "$JUZHU_KEY_FILE" ]; then pass "the shared key file stays (other data directories use it)"; else fail "the key file went"; fi
PURGED=$(listed "$P_DEVICE")
case "$PURGED" in
  20*Z\ 20*Z) pass "device list shows when the purge was ordered and done ($PURGED)" ;;
  *) fail "device list after the purge: $PURGED" ;;
esac
on P 0 "status of the wiped device" status
has "$OUT" "not enrolled" "the wiped device starts afresh"
on P 1 "no records left" person show "$PERSON"
on P 0 "enrol the wiped device again" --json enrol --server "$URL" --code "$(code li)"
on P 0 "sync it" --json sync
has "$OUT" '"pushed" : 0' "nothing of the old device is sent"
on P 0 "what the county has comes back" --json person show "$PERSON"
has "$OUT" "王小燕" "the records come back from the county"
lacks "$OUT" "13500000002" "the edit not sent before the purge is gone"

# ---- a purge killed halfway --------------------------------------------------------
prepare Q zhou 3
srv 0 "device revoke --purge (Q)" device revoke "$DEVICE_ID" --purge
# (killed by SIGKILL: the shell reports 128 + 9)
rc=0
JUZHU_CRASH_AT=mid-purge "$CLI" --data-dir "$WORK/Q" sync >"$OUT" 2>"$ERR" </dev/null || rc=$?
if [ "$rc" -eq 137 ]; then pass "Q: sync killed in the purge (exit $rc)"; else fail "Q: sync in the purge: exit $rc"; fi
there Q "purging" "the marker stays"
gone Q "juzhu.db" "the database went first"
there Q "blobs/*" "the photos were not reached"
there Q "token" "the token stays until the server is told"
if [ "$(listed "$DEVICE_ID" | awk '{print $2}')" = "-" ]; then pass "the county is not told yet"; else fail "purged too early: $(listed "$DEVICE_ID")"; fi
on Q 4 "any command finishes the purge" person list
has "$ERR" "wiped at the county's request" "… and says so"
for f in 'juzhu.db*' 'blobs' 'thumbnails' 'token' 'purging'; do
  gone Q "$f" "finished: no $f left"
done
case "$(listed "$DEVICE_ID" | awk '{print $2}')" in 20*Z) pass "the county sees the purge" ;; *) fail "not purged: $(listed "$DEVICE_ID")" ;; esac
on Q 0 "the next command runs" status

# killed once the server was told, before the token went: the next command
# tells it again (the first time stays) and forgets the token
prepare R sun 4
srv 0 "device revoke --purge (R)" device revoke "$DEVICE_ID" --purge
rc=0
JUZHU_CRASH_AT=purge-told "$CLI" --data-dir "$WORK/R" sync >"$OUT" 2>"$ERR" </dev/null || rc=$?
if [ "$rc" -eq 137 ]; then pass "R: sync killed after telling the server (exit $rc)"; else fail "R: exit $rc"; fi
FIRST=$(listed "$DEVICE_ID" | awk '{print $2}')
case "$FIRST" in 20*Z) pass "the county saw the purge" ;; *) fail "not purged: $FIRST" ;; esac
there R "token" "the token is still there"
gone R "blobs" "the photos are gone"
sleep 1
on R 4 "the next command finishes" --json status
has "$OUT" '"code" : ' "--json says it as an error object"
gone R "token" "the token is gone"
gone R "purging" "the marker is gone"
if [ "$(listed "$DEVICE_ID" | awk '{print $2}')" = "$FIRST" ]; then pass "the first time stays"; else fail "purged time moved: $(listed "$DEVICE_ID")"; fi

# a marker whose token the server does not know (the county's database was
# restored from before the order): the server says no, and nothing more can
# be done; the purge ends
printf '{"server":"%s","token":"not-a-token","keyring":false}' "$URL" >"$WORK/R/purging"
on R 4 "a purge the server will not note" status
has "$ERR" "did not take the confirmation" "the CLI says the server did not note it"
gone R "purging" "the marker is gone"
on R 0 "and the next command runs" status

# ---- the server unreachable when the purge is confirmed ----------------------------
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
on Q 0 "a fresh device works offline" registration add --id-number "$ID" --name 王小燕 \
  --residence-division 220104 --residence-address "人民大街9号" --arrival-date 2025-08-15 --reason work
printf '{"server":"%s","token":"x","keyring":false}' "$URL" >"$WORK/Q/purging"
on Q 4 "a marker with the server away" status
has "$ERR" "could not be told yet" "the CLI says the county was not told"
gone Q "juzhu.db*" "the data is deleted all the same"
there Q "purging" "the marker stays for the next try"

if grep -q "$ID" "$WORK/serve.log"; then fail "the server log contains an ID number"; else pass "the server log has no ID number"; fi

echo "1..$n"
[ "$failed" -eq 0 ]
