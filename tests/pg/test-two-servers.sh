#!/usr/bin/env bash
# test-two-servers.sh — two juzhu-server processes on one PostgreSQL
# database, behind two ports, under concurrent pushes (two-servers.py).
# Run under with-postgresql.sh, which gives the county its database.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

SERVER="${JUZHU_SERVER:?run under with-postgresql.sh}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d)"
SRV="$WORK/server"
PIDS=()
cleanup () {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
die () { echo "not ok - $1"; exit 1; }
real="$JZ_TEST_PG_REAL_SERVER"

# init --database: kept 0600; refused beside county.db, or for another
# database; a database that cannot be reached is said, without its password
"$SERVER" init --data-dir "$SRV" --profile jilin-2016 --county 220102 >/dev/null
[ "$(stat -c %a "$SRV/database")" = 600 ] || die "the connection string is not 0600"
ok "init --database keeps the connection string, 0600"
uri="$(cat "$SRV/database")"
"$real" init --data-dir "$SRV" --database "$uri" >/dev/null || die "init again with the same database"
ok "init again with the same database"
if "$real" init --data-dir "$SRV" --database "${uri}x" >/dev/null 2>"$WORK/err"; then die "another database accepted"; fi
grep -q "another database" "$WORK/err" || die "another database: $(cat "$WORK/err")"
ok "another database for the same data directory is refused"
mkdir -p "$WORK/lite"
"$real" init --data-dir "$WORK/lite" --profile jilin-2016 >/dev/null
if "$real" init --data-dir "$WORK/lite" --database "$uri" >/dev/null 2>"$WORK/err"; then die "PostgreSQL beside county.db"; fi
grep -q "county on SQLite" "$WORK/err" || die "beside county.db: $(cat "$WORK/err")"
ok "a data directory on SQLite is not moved to PostgreSQL"
if "$real" init --data-dir "$WORK/nowhere" --database "postgresql://juzhu:s3cret@/nodb?host=$JZ_TEST_PG_HOST&port=1" \
     >/dev/null 2>"$WORK/err"; then die "an unreachable database accepted"; fi
grep -q "cannot connect to the PostgreSQL database" "$WORK/err" || die "unreachable: $(cat "$WORK/err")"
if grep -q s3cret "$WORK/err"; then die "the password was printed"; fi
ok "a database that cannot be reached is said, without its password"
[ ! -e "$WORK/nowhere/database" ] || die "the string that did not work was kept"
"$real" init --data-dir "$WORK/nowhere" --database "$uri" --profile jilin-2016 >/dev/null \
  || die "init with the right string after a wrong one"
ok "… and not kept: the right one is taken after it"
chmod 0644 "$WORK/nowhere/database"
if "$real" user list --data-dir "$WORK/nowhere" >/dev/null 2>"$WORK/err"; then die "a database file others may read"; fi
grep -q "chmod 600" "$WORK/err" || die "mode 0644: $(cat "$WORK/err")"
ok "a connection string others may read is refused, saying how to mend it"

"$SERVER" user add station --role committee --area 220102 --data-dir "$SRV" >/dev/null
"$SERVER" user add county --role county --area 220102 --data-dir "$SRV" >/dev/null
code () { "$SERVER" enrol-code "$1" --data-dir "$SRV" 2>/dev/null | grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' | head -1; }
: >"$WORK/codes"
for _ in 1 2 3 4 5 6; do echo "writer $(code station)" >>"$WORK/codes"; done
for _ in 1 2 3; do echo "reader $(code county)" >>"$WORK/codes"; done

urls=()
for side in a b; do
  "$SERVER" serve --data-dir "$SRV" --listen 127.0.0.1:0 >"$WORK/$side.out" 2>"$WORK/$side.log" &
  PIDS+=($!)
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/$side.out" 2>/dev/null && break
    sleep 0.1
  done
  url="$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$WORK/$side.out")"
  [ -n "$url" ] || { echo "Bail out! server $side did not start"; cat "$WORK/$side.log"; exit 1; }
  urls+=("$url")
done

JZ_TAP_DONE=$n python3 "$here/two-servers.py" "${urls[0]}" "${urls[1]}" "$WORK/codes" >"$WORK/tap" || {
  cat "$WORK/tap"; echo "--- server a:"; tail -20 "$WORK/a.log"; echo "--- server b:"; tail -20 "$WORK/b.log"; exit 1; }
grep '^ok' "$WORK/tap"
n=$((n + $(grep -c '^ok' "$WORK/tap")))

# The database restarts under both servers: each makes its connections
# again, and answers.
# shellcheck disable=SC2086
$JZ_TEST_PG_AS /usr/lib/postgresql/15/bin/pg_ctl -D "$JZ_TEST_PG_DATA" -m fast -w restart >/dev/null
for url in "${urls[@]}"; do
  status=000
  for _ in 1 2 3 4 5; do
    status="$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/health")"
    [ "$status" = 200 ] && break
    sleep 0.2
  done
  [ "$status" = 200 ] || die "health after the database restarted: $status"
done
grep -q "made again" "$WORK/a.log" "$WORK/b.log" || die "no word of the connection made again"
ok "both servers answer again after the database restarted"
echo "1..$n"
