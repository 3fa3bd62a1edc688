#!/bin/bash
# test-restore.sh — the county server restored from a backup under live
# devices: what they sent or pulled after the backup was taken is not
# lost, and nothing is doubled. The backup is taken by the shipped script
# while the server runs; then both devices file and sync more; county IT
# stops the server and puts the backup back, as docs/deploy.md says. The
# first open of the restored database starts a new epoch; at their next
# sync the devices see it, send again what the server lacks and pull
# again; a registration made after the restore reaches the other device.
# Then `juzhu-server new-epoch` (a restore by other means) once more.
# Real juzhu-server and juzhu-cli processes on 127.0.0.1. On PostgreSQL
# (tests/pg/with-postgresql.sh) the backup is pg_dump's and the restore
# pg_restore's, followed by new-epoch, as docs/deploy.md says.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-restore.sh JUZHU-CLI JUZHU-SERVER JUZHU-SERVER-BACKUP   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-restore.sh JUZHU-CLI JUZHU-SERVER JUZHU-SERVER-BACKUP}
SERVER=${2:?usage: test-restore.sh JUZHU-CLI JUZHU-SERVER JUZHU-SERVER-BACKUP}
BACKUP=${3:?usage: test-restore.sh JUZHU-CLI JUZHU-SERVER JUZHU-SERVER-BACKUP}
export TZ=Asia/Shanghai
export JUZHU_TODAY=2026-03-01

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"
# shellcheck source=tests/sync-tap.sh
source "$SRCDIR/sync-tap.sh"

need_tools sqlite3 age age-keygen tar
SQL="$SRCDIR/county-sql.sh"
PGBIN=/usr/lib/postgresql/15/bin

# declare DEVICE ID NAME N — a 暂住登记 on DEVICE
declare_on ()
{
  on "$1" 0 "registration add $3" registration add --id-number "$2" --name "$3" \
    --residence-division 220104 --residence-address "人民大街$4号" --arrival-date 2026-02-01 --reason work
}
# persons DEVICE — how many persons DEVICE has
persons ()
{
  "$CLI" --data-dir "$WORK/$1" --json person list 2>/dev/null | grep -c '"id_number"' || true
}
count_is ()
{
  local got=$1 want=$2 what=$3
  if [ "$got" = "$want" ]; then pass "$what: $got"; else fail "$what: $got, expected $want"; fi
}

srv 0 "init" init --profile jilin-2016
srv 0 "user add wang" user add wang --role committee --area 220104
srv 0 "user add li" user add li --role committee --area 220104
PG=0
if [ -e "$SRV/database" ]; then PG=1; fi
start_server
PORT=${URL##*:}
on A 0 "A enrols" enrol --server "$URL" --code "$(code wang)"
on B 0 "B enrols" enrol --server "$URL" --code "$(code li)"

declare_on A 11010519491231002X 张一 1
on A 0 "A syncs" sync
on B 0 "B syncs" sync
count_is "$(persons B)" 1 "B has the first person"

# the backup, taken while the server runs, encrypted to the county's key
# (PostgreSQL: pg_dump's, while the server runs)
age-keygen -o "$WORK/county-backup.key" 2>/dev/null
grep -o 'age1[0-9a-z]*' "$WORK/county-backup.key" >"$WORK/recipients"
rc=0
if [ $PG = 1 ]; then
  "$PGBIN/pg_dump" -Fc -f "$WORK/county.dump" -d "$(cat "$SRV/database")" >"$OUT" 2>"$ERR" || rc=$?
else
  "$BACKUP" --data-dir "$SRV" --out "$WORK/backups" --recipients "$WORK/recipients" >"$OUT" 2>"$ERR" || rc=$?
fi
if [ "$rc" -eq 0 ]; then pass "backup taken"; else fail "backup: exit $rc"; fi
FILE=$(cat "$OUT")

declare_on A 220102199003074516 王二 2
on A 0 "A syncs after the backup" sync
declare_on B 410102198512250021 李三 3
on B 0 "B syncs after the backup" sync
on A 0 "A pulls B's" sync
count_is "$(persons A)" 3 "A has three persons before the restore"

# ---- the restore -----------------------------------------------------------------
stop_server
if [ $PG = 1 ]; then
  "$PGBIN/pg_restore" --clean --if-exists -d "$(cat "$SRV/database")" "$WORK/county.dump"
  count_is "$("$SQL" "$SRV" 'SELECT count(*) FROM person')" 1 "the restored database has one person"
  srv 0 "new-epoch after pg_restore" new-epoch
  start_server "$PORT"
  has "$OUT" "New epoch" "the restored database is a new epoch"
else
  mkdir "$WORK/restored"
  age -d -i "$WORK/county-backup.key" "$FILE" | tar -x -C "$WORK/restored"
  rm -f "$SRV/county.db-wal" "$SRV/county.db-shm"
  cp "$WORK/restored/county.db" "$SRV/county.db"
  count_is "$("$SQL" "$SRV" 'SELECT count(*) FROM person')" 1 "the restored database has one person"
  start_server "$PORT"
  if grep -q "is a backup taken" "$WORK/serve.log"; then pass "the server says it opened a backup"; else fail "no word of the backup in the log"; fi
fi

declare_on A 411203196001010011 赵四 4
on A 0 "A syncs after the restore" --json sync
has "$OUT" '"server_restored" : true' "A is told the server was restored"
has "$OUT" '"pushed" : 4' "A sends again the declaration the server lost, and the new one"
on A 0 "A's status" --json status
has "$OUT" '"pending" : 0' "nothing of A's waits"

on B 0 "B syncs after the restore" sync
has "$OUT" "restored from a backup" "B is told, in words"
count_is "$(persons B)" 4 "B has the persons of both, before and after the restore"
on B 0 "B's status" --json status
has "$OUT" '"pending" : 0' "nothing of B's waits"

on A 0 "A syncs again" --json sync
has "$OUT" '"server_restored" : false' "the next sync is an ordinary one"
count_is "$(persons A)" 4 "A has the persons of both"

# ---- a restore by other means: new-epoch by hand ------------------------------------
stop_server
srv 0 "new-epoch" new-epoch
has "$OUT" "New epoch" "new-epoch names the new epoch"
start_server "$PORT"
on A 0 "A syncs after new-epoch" --json sync
has "$OUT" '"server_restored" : true' "A is told again"
has "$OUT" '"pushed" : 0' "… and the server had all of A's"
on B 0 "B syncs after new-epoch" --json sync
has "$OUT" '"applied" : 0' "B takes its records again, and none twice"
count_is "$(persons B)" 4 "B still has four persons"

count_is "$("$SQL" "$SRV" 'SELECT count(*) FROM person')" 4 "the server has four persons, none twice"
count_is "$("$SQL" "$SRV" 'SELECT count(*) FROM registration')" 4 "… and four registrations"
count_is "$("$SQL" "$SRV" 'SELECT count(*) - count(DISTINCT record || hlc || site) FROM change_set')" 0 \
  "no change set twice on the server"
srv 0 "duplicates" duplicates
has "$OUT" "No duplicates" "no person recorded twice"

echo "1..$n"
[ "$failed" -eq 0 ]
