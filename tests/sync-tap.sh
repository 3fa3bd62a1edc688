# sync-tap.sh — what the scripts that drive a county server and devices
# share, on top of cli-tap.sh: juzhu-cli on a device's data directory,
# juzhu-server on the server's, starting and stopping it, a value of a JSON
# answer, the tools a script needs, and the cleanup when the script ends
# (the server stopped, WORK removed). Sourced after cli-tap.sh; the script
# sets CLI and SERVER (and TZ and JUZHU_TODAY as it needs them); WORK, SRV,
# OUT and ERR are made here unless it set them.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later

WORK=${WORK:-$(mktemp -d)}
SRV=${SRV:-$WORK/server}
OUT=${OUT:-$WORK/out}
ERR=${ERR:-$WORK/err}
SERVER_PID=${SERVER_PID:-}
# retries without waiting; nothing of the developer's environment
export JUZHU_SYNC_RETRY_MS=1
unset JUZHU_DATA_DIR JUZHU_CLOCK_OFFSET_MS JUZHU_CRASH_AT

# code USER [DATA_DIR] — a one-time enrolment code for USER from the
# server's data directory (SRV unless given)
code ()
{
  "$SERVER" enrol-code "$1" --data-dir "${2:-$SRV}" 2>/dev/null | grep -oE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' | head -1
}

# need_tools TOOL… — skips the whole script (77) when one is missing
need_tools ()
{
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "1..0 # SKIP $tool is not installed (scripts/deps installs it)"
      exit 77
    fi
  done
}

# When the script ends: the server stopped, the work folder removed.
sync_tap_cleanup ()
{
  if [ -n "${SERVER_PID:-}" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap sync_tap_cleanup EXIT

# on DEVICE WANT DESCRIPTION ARGS… — juzhu-cli on device DEVICE's data
# directory (with its clock offset, OFFSET[DEVICE], if any), checks the
# exit status
declare -A OFFSET=()
on ()
{
  local dev=$1 want=$2 what=$3 rc=0
  shift 3
  JUZHU_CLOCK_OFFSET_MS=${OFFSET[$dev]:-} \
    "$CLI" --data-dir "$WORK/$dev" --author "$dev" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
  if [ "$rc" -eq "$want" ]; then pass "$dev: $what (exit $rc)"; else fail "$dev: $what: exit $rc, expected $want"; fi
}

# srv WANT DESCRIPTION ARGS… — juzhu-server on the server's data directory
srv ()
{
  local want=$1 what=$2 rc=0
  shift 2
  "$SERVER" "$@" --data-dir "$SRV" >"$OUT" 2>"$ERR" </dev/null || rc=$?
  if [ "$rc" -eq "$want" ]; then pass "server: $what (exit $rc)"; else fail "server: $what: exit $rc, expected $want"; fi
}

# start_server [PORT] — juzhu-server serve on the server's data directory,
# on PORT or one the system picks; its output in $WORK/serve.out, its log
# appended to $WORK/serve.log; sets SERVER_PID and URL (ends the script
# if it does not start)
start_server ()
{
  "$SERVER" serve --data-dir "$SRV" --listen "127.0.0.1:${1:-0}" >"$WORK/serve.out" 2>>"$WORK/serve.log" &
  SERVER_PID=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/serve.out" 2>/dev/null && break
    sleep 0.1
  done
  URL=$(sed -n 's|.*listening on \(http://[0-9.:]*\)/.*|\1|p' "$WORK/serve.out")
  if [ -n "$URL" ]; then pass "server listening at $URL"; else fail "server did not start"; exit 1; fi
}

# stop_server — SIGTERM, and waits for it
stop_server ()
{
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# json_val KEY — the first "KEY" : VALUE (string or number) of $OUT
json_val ()
{
  sed -n "/\"$1\" : /{s/.*\"$1\" : \"\\{0,1\\}\\([^\",]*\\)\"\\{0,1\\},\\{0,1\\}\$/\\1/p;q}" "$OUT"
}
