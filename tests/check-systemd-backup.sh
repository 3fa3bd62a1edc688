#!/bin/bash
# check-systemd-backup.sh — the backup's service and timer, as built, pass
# `systemd-analyze verify`, run the script as the service's user with the
# backup folder writable, and the timer starts the service nightly.
# Skipped without systemd-analyze.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-systemd-backup.sh BUILT_SERVICE TIMER BACKUP_SCRIPT

set -euo pipefail

SERVICE=${1:?usage: check-systemd-backup.sh BUILT_SERVICE TIMER BACKUP_SCRIPT}
TIMER=${2:?usage: check-systemd-backup.sh BUILT_SERVICE TIMER BACKUP_SCRIPT}
SCRIPT=${3:?usage: check-systemd-backup.sh BUILT_SERVICE TIMER BACKUP_SCRIPT}

if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed"
  exit 77
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# verify wants ExecStart's program to exist: the script in the source tree
sed -E "s|^ExecStart=[^ ]*/juzhu-server-backup |ExecStart=$SCRIPT |" "$SERVICE" >"$WORK/juzhu-server-backup.service"
cp "$TIMER" "$WORK/juzhu-server-backup.timer"

for key in Type=oneshot User=juzhu UMask=0077 ProtectSystem=strict PrivateNetwork=yes \
           'ReadWritePaths=/var/lib/juzhu-server /var/backups/juzhu' NoNewPrivileges=yes; do
  grep -qxF "$key" "$WORK/juzhu-server-backup.service" || { echo "$SERVICE: missing $key"; exit 1; }
done
grep -q "^ExecStart=$SCRIPT --data-dir /var/lib/juzhu-server --out /var/backups/juzhu --recipients /etc/juzhu-backup.recipients --keep 14$" \
  "$WORK/juzhu-server-backup.service" || { echo "$SERVICE: ExecStart"; exit 1; }
for key in 'OnCalendar=*-*-* 02:30' Persistent=true WantedBy=timers.target; do
  grep -qxF "$key" "$WORK/juzhu-server-backup.timer" || { echo "$TIMER: missing $key"; exit 1; }
done

out=$(cd "$WORK" && systemd-analyze verify juzhu-server-backup.service juzhu-server-backup.timer 2>&1) || {
  echo "$out"
  exit 1
}
if [ -n "$out" ]; then
  echo "systemd-analyze verify warns:"
  echo "$out"
  exit 1
fi
echo "the backup's service and timer pass systemd-analyze verify"
