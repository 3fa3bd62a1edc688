#!/usr/bin/env bash
# test-server.sh — a real juzhu-server on 127.0.0.1, driven with curl
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-server.sh PATH/TO/juzhu-server
set -euo pipefail

SERVER="$1"
WORK="$(mktemp -d)"
DATA="$WORK/data"
SERVER_PID=""
n=0

cleanup () {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

ok () { n=$((n + 1)); echo "ok $n - $1"; }
die () { echo "not ok - $1"; echo "--- server log:"; cat "$WORK/server.out" "$WORK/server.err" 2>/dev/null || true; exit 1; }

# request METHOD PATH [TOKEN] [BODY-FILE]: sets STATUS and BODY
request () {
  local method="$1" path="$2" token="${3:-}" body="${4:-}"
  local args=(-s -o "$WORK/body" -w '%{http_code}' -X "$method")
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "@$body")
  [ -n "${EXTRA_HEADER:-}" ] && args+=(-H "$EXTRA_HEADER")
  STATUS="$(curl "${args[@]}" "$URL$path")"
  BODY="$(cat "$WORK/body")"
}

expect () {
  local status="$1" pattern="$2" what="$3"
  [ "$STATUS" = "$status" ] || die "$what: status $STATUS, expected $status; body $BODY"
  case "$BODY" in
    *"$pattern"*) ok "$what" ;;
    *) die "$what: body lacks $pattern: $BODY" ;;
  esac
}

json_string () { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" <<<"$BODY"; }

COUNTY_SQL="$(dirname "${BASH_SOURCE[0]}")/county-sql.sh"
count_change_sets () { "$COUNTY_SQL" "$DATA" 'SELECT count(*) FROM change_set'; }

alive () {
  request GET api/v1/health
  [ "$STATUS" = 200 ] || die "the server stopped answering after $1"
}

# ---- administration -------------------------------------------------------
"$SERVER" --version | grep -q 'juzhu-server' || die "--version"
ok "--version"
"$SERVER" init --data-dir "$DATA" --profile jilin-2016 --county 220102 >/dev/null || die "init"
ok "init"
set +e
"$SERVER" init --data-dir "$DATA" --profile no-such-profile >/dev/null 2>&1; rc=$?
set -e
[ "$rc" = 1 ] || die "init with an unknown profile exits 1 (got $rc)"
ok "init refuses an unknown profile"
set +e
"$SERVER" user add >/dev/null 2>&1; rc=$?
set -e
[ "$rc" = 2 ] || die "user add without --data-dir is a usage error (got $rc)"
ok "usage errors exit 2"
set +e
"$SERVER" serve --data-dir "$WORK/never" --listen 127.0.0.1:0 >/dev/null 2>"$WORK/never.err"; rc=$?
set -e
[ "$rc" = 1 ] || die "serve on a directory never initialised exits 1 (got $rc)"
grep -q "$WORK/never is not a Juzhu county data directory; run juzhu-server init --data-dir $WORK/never --profile P first" \
  "$WORK/never.err" || die "serve on a directory never initialised: $(cat "$WORK/never.err")"
[ ! -e "$WORK/never/county.db" ] || die "serve made a county.db"
ok "serve refuses a directory never initialised, and creates nothing"
"$SERVER" user add wang --role committee --area 220102 --data-dir "$DATA" >/dev/null
"$SERVER" user add li --role committee --area 220102 --data-dir "$DATA" >/dev/null
"$SERVER" user add zhao --role landlord --area 220102 --data-dir "$DATA" >/dev/null 2>&1 \
  && die "a landlord's account without its identity is refused"
"$SERVER" user add zhao --role landlord --area 220102 --identity 220102197001010018 --real-name 赵六 \
  --data-dir "$DATA" >/dev/null
"$SERVER" user list --data-dir "$DATA" | grep -q '^zhao *landlord' || die "user list"
ok "user add and list"
CODE_A="$("$SERVER" enrol-code wang --data-dir "$DATA" 2>/dev/null)"
CODE_B="$("$SERVER" enrol-code li --data-dir "$DATA" 2>/dev/null)"
CODE_C="$("$SERVER" enrol-code zhao --data-dir "$DATA" 2>/dev/null)"
CODE_D="$("$SERVER" enrol-code wang --hours 1 --data-dir "$DATA" 2>/dev/null)"
[[ "$CODE_A" =~ ^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$ ]] || die "enrol-code format: $CODE_A"
ok "enrol-code prints a code"

# ---- serve ------------------------------------------------------------------
JUZHU_SERVER_METRICS_TOKEN=metrics-secret-1 \
  ${JZ_SERVER_WRAP:-} "$SERVER" serve --data-dir "$DATA" --listen 127.0.0.1:0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$WORK/server.out" 2>/dev/null && break
  sleep 0.05
done
URL="$(sed -n 's/^listening on //p' "$WORK/server.out")"
[ -n "$URL" ] || die "the server did not say where it listens"
ok "serve on port 0 prints $URL"

request GET api/v1/health
expect 200 '"protocol":1' "health"
case "$BODY" in *'"profile":"jilin-2016"'*) ok "health names the profile" ;; *) die "health profile: $BODY" ;; esac
case "$BODY" in *'"checks":{"database":"ok","disk":"ok"}'*) ok "health read the database and the disk" ;; *) die "health checks: $BODY" ;; esac
case "$BODY" in *'"epoch":"'*) ok "health names the database's epoch" ;; *) die "health epoch: $BODY" ;; esac
curl -sI "${URL}api/v1/health" | grep -qi '^Date: ' || die "no Date header"
ok "Date header"

request POST api/v1/health
expect 405 '"method_not_allowed"' "405 for a wrong method"

SITE_A="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SITE_B="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
SITE_C="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

printf '{"code":"AAAA-BBBB-CCCC","site":"%s","device_name":"t"}' "$SITE_A" >"$WORK/e0.json"
request POST api/v1/enrol "" "$WORK/e0.json"
expect 403 '"enrol_code_invalid"' "unknown enrolment code"

# lower case and no dashes are the same code
lower="$(tr 'A-Z' 'a-z' <<<"${CODE_A//-/}")"
printf '{"code":"%s","site":"%s","device_name":"村委会平板 1"}' "$lower" "$SITE_A" >"$WORK/e1.json"
request POST api/v1/enrol "" "$WORK/e1.json"
expect 200 '"role":"committee"' "enrol"
TOKEN_A="$(json_string token)"
DEVICE_A="$(json_string device)"
[ "${#TOKEN_A}" = 43 ] || die "token length ${#TOKEN_A}"
ok "the token is 43 characters"

# the answer was lost: the same code and site again get a new token for the
# same device, and the lost token is dead
LOST_A="$TOKEN_A"
request POST api/v1/enrol "" "$WORK/e1.json"
expect 200 "\"device\":\"$DEVICE_A\"" "a repeated enrolment answers again, for the same device"
TOKEN_A="$(json_string token)"
[ "${#TOKEN_A}" = 43 ] && [ "$TOKEN_A" != "$LOST_A" ] || die "a repeated enrolment gives a new token"
ok "… with a new token"
request GET 'api/v1/sync/pull?since=0' "$LOST_A"
expect 401 '"unauthorized"' "the lost token is dead"

printf '{"code":"%s","site":"%s"}' "$CODE_A" "$SITE_B" >"$WORK/e1b.json"
request POST api/v1/enrol "" "$WORK/e1b.json"
expect 403 'already been used' "a used code from another site"

printf '{"code":"%s","site":"%s"}' "$CODE_D" "$SITE_A" >"$WORK/e2.json"
request POST api/v1/enrol "" "$WORK/e2.json"
expect 409 '"site_taken"' "a site already enrolled"

printf '{"code":"%s","site":"%s"}' "$CODE_B" "$SITE_B" >"$WORK/e3.json"
request POST api/v1/enrol "" "$WORK/e3.json"
expect 200 '"token"' "second committee device"
TOKEN_B="$(json_string token)"
printf '{"code":"%s","site":"%s"}' "$CODE_C" "$SITE_C" >"$WORK/e4.json"
request POST api/v1/enrol "" "$WORK/e4.json"
expect 200 '"role":"landlord"' "landlord device"
expect 200 '"identity":"220102197001010018"' "the landlord's device is told who it is"
TOKEN_C="$(json_string token)"

# ---- 401 ------------------------------------------------------------------
request GET 'api/v1/sync/pull?since=0'
expect 401 '"unauthorized"' "no token"
request GET 'api/v1/sync/pull?since=0' "not-a-token"
expect 401 '"unauthorized"' "wrong token"

# ---- bad requests store nothing -----------------------------------------
PERSON=0193f2c4-8a1e-7c3b-9d2f-5e6a7b8c9d0e
REG=0193f2c4-8a1f-7c3b-9d2f-5e6a7b8c9d0e
printf '{"changes": [' >"$WORK/bad1.json"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/bad1.json"
expect 400 '"malformed_json"' "malformed JSON"
alive "malformed JSON"

printf '{"changes":[{"seq":1,"record":"%s","type":"person","hlc":"soon","site":"%s","edits":{}}]}' \
  "$PERSON" "$SITE_A" >"$WORK/bad2.json"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/bad2.json"
expect 400 'changes[0].hlc' "a mistyped member names its path"

printf '{"changes":[{"seq":1,"record":"%s","type":"person","hlc":5,"site":"%s","edits":{},"extra":1}]}' \
  "$PERSON" "$SITE_A" >"$WORK/bad3.json"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/bad3.json"
expect 400 '"unknown_field"' "an unknown member"

printf '{"changes":[{"seq":1,"record":"%s","type":"person","hlc":5,"site":"%s","edits":{"name":42}}]}' \
  "$PERSON" "$SITE_A" >"$WORK/bad4.json"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/bad4.json"
expect 400 'changes[0].edits.name' "a number as a field value"

# A body damaged on the way (its Content-Digest does not match) is refused
# whole, with a code the client retries on.
printf '{"changes":[{"seq":1,"record":"%s","type":"person","hlc":5,"site":"%s","edits":{"name":"张三"}}]}' \
  "$PERSON" "$SITE_A" >"$WORK/digest.json"
EXTRA_HEADER="Content-Digest: sha-256=:$(printf 'other' | openssl dgst -sha256 -binary | base64):" \
  request POST api/v1/sync/push "$TOKEN_A" "$WORK/digest.json"
expect 400 '"digest_mismatch"' "a body that does not match its Content-Digest"
digest_seen="$(curl -s -D - -o /dev/null "${URL}api/v1/health" | tr -d '\r' | sed -n 's/^[Cc]ontent-[Dd]igest: //p')"
case "$digest_seen" in
  sha-256=:*=:) ;;
  *) die "JSON answers carry no Content-Digest (got '$digest_seen')" ;;
esac
ok "JSON answers carry a Content-Digest"

head -c 2200000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/big.json"
expect 413 '"max_push_bytes"' "an oversized body gets 413 with the limits"
alive "an oversized body"
[ "$(count_change_sets)" = 0 ] || die "a failed request stored something"
ok "nothing stored by the bad requests"

# ---- push and pull ----------------------------------------------------------
HLC=112233445566778899
cat >"$WORK/push.json" <<EOF
{"changes":[
 {"seq":1,"record":"$PERSON","type":"person","hlc":$HLC,"site":"$SITE_A","author":"王芳",
  "edits":{"name":"张三","id_number":"11010519491231002X","sex":"2"}},
 {"seq":2,"record":"$REG","type":"registration","hlc":$((HLC + 1)),"site":"$SITE_A","author":"王芳",
  "edits":{"person_id":"$PERSON","residence_division":"220102","residence_address":"幸福路 12 号",
           "arrival_date":"2026-02-01","registered_on":"2026-02-03","reason":"work","status":"active"}},
 {"seq":3,"record":"$REG","type":"registration","hlc":$((HLC + 2)),"site":"$SITE_A","author":"王芳",
  "edits":{"no_such_field":"x"}}
]}
EOF
request POST api/v1/sync/push "$TOKEN_A" "$WORK/push.json"
expect 200 '"acked_seq":3' "push"
case "$BODY" in
  *'"seq":1,"status":"ok"'*'"seq":2,"status":"ok"'*'"seq":3,"status":"rejected","code":"unknown_field"'*) ok "per change set results" ;;
  *) die "push results: $BODY" ;;
esac
case "$BODY" in *'"server_hlc":'*) ok "push carries server_hlc" ;; *) die "server_hlc" ;; esac

request POST api/v1/sync/push "$TOKEN_A" "$WORK/push.json"
case "$BODY" in
  *'"seq":1,"status":"duplicate"'*'"seq":2,"status":"duplicate"'*'"code":"unknown_field"'*) ok "a replay is duplicate, the rejection told again" ;;
  *) die "replay: $BODY" ;;
esac

request GET 'api/v1/sync/pull?since=0' "$TOKEN_B"
expect 200 '"more":false' "pull by the other committee device"
case "$BODY" in
  *'"server_seq":'*'"type":"person"'*'"type":"registration"'*) ok "pull returns both change sets" ;;
  *) die "pull: $BODY" ;;
esac

# gzip: an answer of 1 KiB or more goes gzipped to a client that takes it
# (libsoup's content decoder asks on every request); the Content-Digest is
# of the JSON itself, and a smaller answer goes as it is.
gzip_check () {
  curl -s -D "$WORK/gz.head" -o "$WORK/gz.body" -H "Accept-Encoding: gzip" \
    -H "Authorization: Bearer $1" "$URL$2"
  python3 - "$WORK/gz.head" "$WORK/gz.body" "$3" <<'PY'
import base64, gzip, hashlib, sys
head = open(sys.argv[1], encoding="latin-1").read().lower()
body = open(sys.argv[2], "rb").read()
zipped = "content-encoding: gzip" in head
data = gzip.decompress(body) if zipped else body
digest = base64.b64encode(hashlib.sha256(data).digest()).decode().lower()
assert ("sha-256=:" + digest + ":") in head, "the digest is not of the JSON"
assert "vary: accept-encoding" in head, "no Vary"
assert zipped == (len(data) >= 1024), f"gzipped {zipped} at {len(data)} bytes"
assert zipped == (sys.argv[3] == "zipped"), f"expected {sys.argv[3]}"
assert data.startswith(b'{')
PY
}
gzip_check "$TOKEN_B" 'api/v1/sync/pull?since=0&limit=1' plain || die "a small answer goes as it is"
ok "a small answer is not gzipped, its digest that of the JSON"

request GET 'api/v1/sync/pull?since=0' "$TOKEN_A"
expect 200 '"changes":[]' "pull leaves out the device's own change sets"

request GET 'api/v1/sync/pull?since=0' "$TOKEN_C"
expect 200 '"changes":[]' "a landlord does not see what others filed"

request GET 'api/v1/sync/pull?since=abc' "$TOKEN_B"
expect 400 'since' "a bad cursor"

# ---- snapshots and a compacted feed ---------------------------------------
request GET 'api/v1/sync/snapshot' "$TOKEN_B"
expect 200 '"more":false' "a snapshot of the other committee device's scope"
case "$BODY" in
  *'"changes":[{"record":'*'"type":"person"'*'"type":"registration"'*'"as_of":'*) ok "the snapshot has both change sets and as_of" ;;
  *) die "snapshot: $BODY" ;;
esac
request GET 'api/v1/sync/snapshot' "$TOKEN_A"
expect 200 '"changes":[]' "a snapshot leaves out the device's own change sets"
request GET 'api/v1/sync/snapshot?after=../../etc' "$TOKEN_B"
expect 400 'after: expected a person' "a snapshot after something that is not an id"
request GET 'api/v1/sync/snapshot?as_of=-1' "$TOKEN_B"
expect 400 'as_of' "a negative as_of"
request GET 'api/v1/sync/snapshot?limit=0' "$TOKEN_B"
expect 400 'limit' "a zero limit"
request GET 'api/v1/sync/snapshot?since=0' "$TOKEN_B"
expect 400 '"unknown_field"' "a parameter a snapshot does not take"
request GET 'api/v1/sync/snapshot' "not-a-token"
expect 401 '"unauthorized"' "a snapshot without a valid token"
request POST 'api/v1/sync/snapshot' "$TOKEN_B" "$WORK/push.json"
expect 405 'GET' "a snapshot is read with GET"
"$SERVER" compact --inactive-days 0 --data-dir "$DATA" >"$WORK/compact.out" || die "compact"
grep -q "compacted up to" "$WORK/compact.out" || die "compact says what it did: $(cat "$WORK/compact.out")"
ok "compact while serving"
request GET 'api/v1/sync/pull?since=0' "$TOKEN_B"
expect 410 '"snapshot_required"' "a pull from below the horizon"
request GET 'api/v1/sync/snapshot?as_of=1' "$TOKEN_B"
expect 410 '"snapshot_required"' "a snapshot begun before the compaction"
request GET 'api/v1/sync/snapshot' "$TOKEN_B"
expect 200 '"type":"registration"' "a snapshot after the compaction has everything still"
AS_OF="$(sed -n 's/.*"as_of":\([0-9]*\).*/\1/p' <<<"$BODY")"
request GET "api/v1/sync/pull?since=$AS_OF" "$TOKEN_B"
expect 200 '"more":false' "the feed goes on from the snapshot's as_of"

request GET api/v1/refdata/divisions "$TOKEN_B"
expect 200 '"version":0' "division list"

# ---- revocation ----------------------------------------------------------
"$SERVER" device list --data-dir "$DATA" | grep -q "$DEVICE_A" || die "device list"
ok "device list while serving"
"$SERVER" device revoke "$DEVICE_A" --data-dir "$DATA" >/dev/null || die "device revoke"
request GET 'api/v1/sync/pull?since=0' "$TOKEN_A"
expect 401 'revoked' "a revoked token"
request POST api/v1/sync/push "$TOKEN_A" "$WORK/push.json"
expect 401 '"unauthorized"' "a revoked device cannot push"

# a revoked site enrols again with a fresh code, as a new device; the old
# token stays revoked
request POST api/v1/enrol "" "$WORK/e1.json"
expect 403 'already been used' "the revoked device's code cannot enrol it again"
CODE_E="$("$SERVER" enrol-code wang --data-dir "$DATA" 2>/dev/null)"
printf '{"code":"%s","site":"%s","device_name":"村委会平板 1"}' "$CODE_E" "$SITE_A" >"$WORK/e5.json"
request POST api/v1/enrol "" "$WORK/e5.json"
expect 200 '"role":"committee"' "a revoked site enrols again with a new code"
TOKEN_A2="$(json_string token)"
DEVICE_A2="$(json_string device)"
[ "$DEVICE_A2" != "$DEVICE_A" ] || die "re-enrolment makes a new device"
ok "… as a new device"
request GET "api/v1/sync/pull?since=$AS_OF" "$TOKEN_A2"
expect 200 '"more":false' "the new token works"
request POST api/v1/sync/push "$TOKEN_A2" "$WORK/push.json"
case "$BODY" in
  *'"seq":1,"status":"duplicate"'*'"acked_seq":3'*) ok "the site's seqs carry over to the new device" ;;
  *) die "push after re-enrolment: $BODY" ;;
esac
request GET 'api/v1/sync/pull?since=0' "$TOKEN_A"
expect 401 'revoked' "the old token stays revoked"
CODE_F="$("$SERVER" enrol-code wang --data-dir "$DATA" 2>/dev/null)"
printf '{"code":"%s","site":"%s"}' "$CODE_F" "$SITE_A" >"$WORK/e6.json"
request POST api/v1/enrol "" "$WORK/e6.json"
expect 409 '"site_taken"' "an active site is taken again"
"$SERVER" device list --data-dir "$DATA" | grep -q "$DEVICE_A2" || die "device list after re-enrolment"
ok "device list shows the new device"

# ---- revocation with a purge (a lost tablet) ----------------------------
SITE_P="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CODE_P="$("$SERVER" enrol-code li --data-dir "$DATA" 2>/dev/null)"
printf '{"code":"%s","site":"%s","device_name":"lost"}' "$CODE_P" "$SITE_P" >"$WORK/ep.json"
request POST api/v1/enrol "" "$WORK/ep.json"
expect 200 '"role":"committee"' "a device to lose"
TOKEN_P="$(json_string token)"
DEVICE_P="$(json_string device)"
request GET api/v1/health "$TOKEN_P"
expect 200 '"status":"ok"' "health with a valid token"
request GET api/v1/health "not-a-token"
expect 401 '"unauthorized"' "health with a wrong token says so"
request POST api/v1/sync/purged "$TOKEN_P"
expect 401 '"unauthorized"' "an active device cannot confirm a purge"
request POST api/v1/sync/purged
expect 401 '"unauthorized"' "nor a request without a token"
request POST api/v1/sync/purged "$TOKEN_A"
expect 401 '"unauthorized"' "nor a device revoked without a purge"
request POST api/v1/sync/purged "not-a-token"
expect 401 '"unauthorized"' "nor an unknown token"
"$SERVER" device revoke "$DEVICE_P" --purge --data-dir "$DATA" >"$WORK/revoke.out" || die "device revoke --purge"
grep -q "with a purge" "$WORK/revoke.out" || die "revoke --purge says so: $(cat "$WORK/revoke.out")"
ok "device revoke --purge"
"$SERVER" device list --purge --data-dir "$DATA" >/dev/null 2>&1 && die "device list --purge is a usage error"
request GET api/v1/health "$TOKEN_P"
expect 401 '"code":"purge"' "a purge-ordered device hears it at health"
request GET api/v1/health
expect 200 '"status":"ok"' "health without a token stays open"
request GET 'api/v1/sync/pull?since=0' "$TOKEN_P"
expect 401 '"code":"purge"' "… at pull"
request POST api/v1/sync/push "$TOKEN_P" "$WORK/push.json"
expect 401 '"code":"purge"' "… at push, before its body is read"
request GET "api/v1/blobs/$(printf '%064d' 0)" "$TOKEN_P"
expect 401 '"code":"purge"' "… at the photo endpoints"
curl -sI -H "Authorization: Bearer $TOKEN_P" "${URL}api/v1/blobs/$(printf '%064d' 0)" >"$WORK/head.out"
grep -q '^HTTP/1.1 401' "$WORK/head.out" && grep -qi '^Juzhu-Error: purge' "$WORK/head.out" \
  || die "a HEAD says purge in a header: $(cat "$WORK/head.out")"
ok "… and in a header, for a HEAD without a body"
request GET 'api/v1/sync/pull?since=0' "$TOKEN_A"
expect 401 '"code":"unauthorized"' "a device revoked without a purge is told apart"
"$SERVER" device list --data-dir "$DATA" | grep "$DEVICE_P" >"$WORK/list.out" || die "device list after purge order"
[ "$(awk '{print $(NF-1), $NF}' "$WORK/list.out" | grep -c -- '-$')" = 1 ] || die "not purged yet: $(cat "$WORK/list.out")"
ok "device list: purge ordered, not purged yet"
request GET api/v1/sync/purged "$TOKEN_P"
expect 405 'POST' "a purge is confirmed with POST"
request POST api/v1/sync/purged "$TOKEN_P"
expect 200 '"purged":"' "the purge-ordered device confirms its purge"
FIRST_PURGED="$(json_string purged)"
request POST api/v1/sync/purged "$TOKEN_P"
expect 200 "\"purged\":\"$FIRST_PURGED\"" "confirming again keeps the first time"
"$SERVER" device list --data-dir "$DATA" | grep "$DEVICE_P" | grep -q -- "$FIRST_PURGED\$" \
  || die "device list shows the purge: $("$SERVER" device list --data-dir "$DATA")"
ok "device list shows when the purge happened"
request GET 'api/v1/sync/pull?since=0' "$TOKEN_P"
expect 401 '"code":"purge"' "the token stays refused everywhere else"

# A large answer (the county's division list) goes gzipped
{
  echo "220102,南关区"
  for i in $(seq 1 60); do printf '220102%03d%03d,第%d社区居民委员会\n' 5 "$i" "$i"; done
} >"$WORK/divisions.csv"
"$SERVER" refdata import --divisions "$WORK/divisions.csv" --data-dir "$DATA" >/dev/null || die "refdata import"
gzip_check "$TOKEN_A2" api/v1/refdata/divisions zipped || die "a large answer is gzipped"
ok "a large answer is gzipped for a client that takes it, its digest that of the JSON"

"$SERVER" duplicates --data-dir "$DATA" | grep -q 'No duplicates' || die "duplicates"
ok "duplicates"
"$SERVER" conflicts --data-dir "$DATA" | grep -q 'No conflicts' || die "conflicts"
ok "conflicts"

# ---- metrics for the county's monitoring ----------------------------------------
request GET api/v1/metrics
expect 401 '"unauthorized"' "metrics without the metrics token: 401"
request GET api/v1/metrics "$TOKEN_A2"
expect 401 '"unauthorized"' "… a device's token is not it"
request GET api/v1/metrics metrics-secret-1
expect 200 'juzhu_requests_total{endpoint="health",status="200"}' "metrics with the token: requests by endpoint and status"
for line in 'juzhu_pushed_change_sets_total{result="ok"} ' 'juzhu_rejected_change_sets_total{code=' \
            'juzhu_devices{last_contact="1d"} ' 'juzhu_database_bytes ' 'juzhu_feed_seq ' \
            'juzhu_request_seconds_sum{endpoint="sync/push"} '; do
  case "$BODY" in *"$line"*) ok "metrics: $line" ;; *) die "metrics lack $line: $BODY" ;; esac
done
if grep -q '11010519491231002X\|张三\|blobs/[0-9a-f]' <<<"$BODY"; then die "personal data or a photo hash in the metrics"; fi
ok "no personal data or path in the metrics"

# ---- a disk too full to keep what devices send: health fails -------------------
JUZHU_SERVER_MIN_FREE_MB=4000000000 "$SERVER" serve --data-dir "$DATA" --listen 127.0.0.1:0 \
  >"$WORK/full.out" 2>"$WORK/full.err" &
FULL_PID=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$WORK/full.out" 2>/dev/null && break
  sleep 0.05
done
FULL_URL="$(sed -n 's/^listening on //p' "$WORK/full.out")"
STATUS="$(curl -s -o "$WORK/body" -w '%{http_code}' "${FULL_URL}api/v1/health")"
BODY="$(cat "$WORK/body")"
expect 503 '"disk":"low"' "health is 503 when the disk is short of what JUZHU_SERVER_MIN_FREE_MB asks"
case "$BODY" in *'"status":"failing"'*) ok "… and says failing" ;; *) die "failing health: $BODY" ;; esac
STATUS="$(curl -s -o "$WORK/body" -w '%{http_code}' -H 'Authorization: Bearer x' "${FULL_URL}api/v1/metrics")"
BODY="$(cat "$WORK/body")"
expect 404 'JUZHU_SERVER_METRICS_TOKEN' "metrics are off without JUZHU_SERVER_METRICS_TOKEN"
kill -TERM "$FULL_PID"; wait "$FULL_PID" || true
grep -q '^juzhu-server: warning: health: .* MiB free on the data directory' "$WORK/full.err" ||
  die "the low disk is not logged as the server's warning: $(cat "$WORK/full.err")"
ok "the low disk is logged, as juzhu-server: warning: …"

# ---- shutdown -----------------------------------------------------------
kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"; rc=$?
set -e
SERVER_PID=""
[ "$rc" = 0 ] || die "SIGTERM: exit status $rc"
ok "SIGTERM shuts down with status 0"
grep -q 'POST /api/v1/sync/push 200' "$WORK/server.err" || die "request log"
if grep -q '11010519491231002X\|张三' "$WORK/server.err"; then die "personal data in the log"; fi
ok "one log line per request, without personal data"
if [ -e "$DATA/database" ]; then
  # PostgreSQL checks its own pages; the tables answer
  "$COUNTY_SQL" "$DATA" 'SELECT count(*) FROM change_set' >/dev/null || die "integrity"
else
  sqlite3 "$DATA/county.db" 'PRAGMA integrity_check' | grep -q '^ok$' || die "integrity"
fi
ok "integrity check"

echo "1..$n"
