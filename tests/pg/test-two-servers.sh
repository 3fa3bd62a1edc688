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

"$SERVER" init --data-dir "$SRV" --profile jilin-2016 --county 220102 >/dev/null
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

python3 "$here/two-servers.py" "${urls[0]}" "${urls[1]}" "$WORK/codes" || {
  echo "--- server a:"; tail -20 "$WORK/a.log"; echo "--- server b:"; tail -20 "$WORK/b.log"; exit 1; }
