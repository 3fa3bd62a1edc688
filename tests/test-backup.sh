#!/bin/bash
# test-backup.sh — data/juzhu-server-backup on a running county server: the
# backup is encrypted to the county's age key, holds a store that passes its
# check and the photos, leaves nothing in plain, and keeps the newest N.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-backup.sh PATH/TO/juzhu-server PATH/TO/juzhu-server-backup

set -euo pipefail

SRV=${1:?usage: test-backup.sh JUZHU-SERVER BACKUP-SCRIPT}
BACKUP=${2:?usage: test-backup.sh JUZHU-SERVER BACKUP-SCRIPT}
WORK=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$WORK/out
ERR=$WORK/err
n=0
failed=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; sed 's/^/# /' "$ERR" | head -10; }

for tool in age age-keygen sqlite3; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is not installed (scripts/deps installs it)"
    exit 77
  fi
done

DATA=$WORK/srv
"$SRV" init --data-dir "$DATA" --profile jilin-2016 --county 220102 >/dev/null
"$SRV" user add zhao --role landlord --area 220102005003 --identity 220104197001010037 \
  --real-name 赵六 --data-dir "$DATA" >/dev/null
# a photo as the server keeps it (content-addressed, plain on the server's encrypted volume)
mkdir -p "$DATA/blobs/ab/cd"
printf 'PHOTO-OF-AN-ID-CARD' >"$DATA/blobs/ab/cd/abcd0000"
"$SRV" serve --data-dir "$DATA" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.log" &
server_pid=$!
for _ in $(seq 50); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done

age-keygen -o "$WORK/county-backup.key" 2>/dev/null
grep -o 'age1[0-9a-z]*' "$WORK/county-backup.key" >"$WORK/recipients"

rc=0
"$BACKUP" --data-dir "$DATA" --out "$WORK/backups" --recipients "$WORK/recipients" >"$OUT" 2>"$ERR" || rc=$?
if [ "$rc" -eq 0 ]; then pass "a backup of a running server"; else fail "backup: exit $rc"; fi
FILE=$(cat "$OUT")
if [ -f "$FILE" ] && [ "$(stat -c %a "$FILE")" = 600 ] && [ "$(stat -c %a "$WORK/backups")" = 700 ]; then
  pass "the backup is 0600 in a 0700 folder"
else
  fail "backup file or folder mode: $(stat -c %a "$FILE" "$WORK/backups" 2>&1 | tr '\n' ' ')"
fi
if grep -a -q -F -e 赵六 -e 220104197001010037 -e "SQLite format 3" -e PHOTO-OF-AN-ID-CARD "$FILE"; then
  fail "the backup is readable without the key"
else
  pass "nothing of it is readable without the key"
fi
if ls -a "$DATA" | grep -q '^\.backup'; then fail "the snapshot was left in the data directory"; else pass "no snapshot left behind"; fi

mkdir "$WORK/restore"
if age -d -i "$WORK/county-backup.key" "$FILE" | tar -x -C "$WORK/restore"; then
  pass "the county's key opens it"
else
  fail "age -d failed"
fi
if [ "$(sqlite3 "$WORK/restore/county.db" 'PRAGMA integrity_check')" = ok ] &&
   sqlite3 "$WORK/restore/county.db" "SELECT real_name FROM county_user" 2>/dev/null | grep -q 赵六; then
  pass "the restored store passes its check and has the users"
else
  fail "restored store: $(sqlite3 "$WORK/restore/county.db" 'PRAGMA integrity_check' 2>&1 | head -1)"
fi
if cmp -s "$WORK/restore/blobs/ab/cd/abcd0000" "$DATA/blobs/ab/cd/abcd0000"; then pass "and the photos"; else fail "photos missing"; fi

age-keygen -o "$WORK/other.key" 2>/dev/null
if age -d -i "$WORK/other.key" "$FILE" >/dev/null 2>&1; then fail "another key opened it"; else pass "another key does not open it"; fi

# bad arguments
rc=0; "$BACKUP" --data-dir "$DATA" --out "$WORK/backups" >"$OUT" 2>"$ERR" || rc=$?
if [ "$rc" -eq 2 ]; then pass "no recipients: usage (exit 2)"; else fail "no recipients: exit $rc"; fi
rc=0; "$BACKUP" --data-dir "$DATA" --out "$WORK/backups" --recipients "$WORK/none" >"$OUT" 2>"$ERR" || rc=$?
if [ "$rc" -eq 3 ] && grep -q "recipients file" "$ERR"; then pass "a missing recipients file is named (exit 3)"; else fail "missing recipients: exit $rc"; fi
rc=0; "$BACKUP" --data-dir "$WORK/nowhere" --out "$WORK/backups" --recipients "$WORK/recipients" >"$OUT" 2>"$ERR" || rc=$?
if [ "$rc" -eq 3 ] && grep -q "county.db does not exist" "$ERR"; then pass "a wrong data directory is named (exit 3)"; else fail "wrong data dir: exit $rc"; fi

# the newest N are kept
sleep 1
"$BACKUP" --data-dir "$DATA" --out "$WORK/backups" --recipients "$WORK/recipients" --keep 1 >"$OUT" 2>"$ERR"
count=$(ls -1 "$WORK/backups"/juzhu-*.tar.age | wc -l)
if [ "$count" -eq 1 ] && [ "$(cat "$OUT")" = "$(ls -1 "$WORK/backups"/juzhu-*.tar.age)" ]; then
  pass "--keep 1 keeps the newest"
else
  fail "--keep 1 left $count backups"
fi

echo "1..$n"
[ "$failed" -eq 0 ] || { echo "# $failed of $n failed"; exit 1; }
