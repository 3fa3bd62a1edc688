#!/bin/bash
# check-systemd-unit.sh — the county server's unit, as built (bindir filled
# in), passes `systemd-analyze verify`: known directives, a valid
# ExecStart, a loadable syscall filter.  Skipped without systemd-analyze.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-systemd-unit.sh BUILT_UNIT JUZHU_SERVER

set -euo pipefail

UNIT=${1:?usage: check-systemd-unit.sh BUILT_UNIT JUZHU_SERVER}
SERVER=${2:?usage: check-systemd-unit.sh BUILT_UNIT JUZHU_SERVER}

if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed"
  exit 77
fi

# verify wants ExecStart's binary to exist: point it at the built server,
# in a copy named like the real unit.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
sed -E "s|^ExecStart=[^ ]*/juzhu-server |ExecStart=$SERVER |" "$UNIT" >"$WORK/juzhu-server.service"
grep -q "^ExecStart=$SERVER serve --data-dir /var/lib/juzhu-server --listen " "$WORK/juzhu-server.service"

for key in User=juzhu StateDirectory=juzhu-server ProtectSystem=strict ProtectHome=yes \
           PrivateTmp=yes NoNewPrivileges=yes KillSignal=SIGTERM Restart=on-failure \
           'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' SystemCallFilter=@system-service \
           LimitNOFILE=65536; do
  if ! grep -qxF "$key" "$WORK/juzhu-server.service"; then
    echo "$UNIT: missing $key"
    exit 1
  fi
done

out=$(systemd-analyze verify "$WORK/juzhu-server.service" 2>&1) || {
  echo "$out"
  exit 1
}
if [ -n "$out" ]; then
  echo "systemd-analyze verify warns:"
  echo "$out"
  exit 1
fi
echo "$UNIT: systemd-analyze verify passes"
