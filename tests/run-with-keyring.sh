#!/usr/bin/env bash
# Runs a test binary (TAP) against a real gnome-keyring-daemon on a private
# session bus, with HOME and the XDG directories in a temporary directory,
# so no user's keyring is touched. When the daemon cannot run here, the test
# binary is still run, with JZ_KEYRING_SKIP saying why: it skips the tests
# that need the daemon (and still runs the one without a Secret Service).
#
#   run-with-keyring.sh TEST-BINARY [ARGS…]
set -euo pipefail

test_bin="$1"
shift

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export JZ_KEYRING_TMP="$tmp"

if ! command -v dbus-run-session >/dev/null; then
  export JZ_KEYRING_SKIP="dbus-run-session is not installed (package dbus-daemon)"
  exec "$test_bin" "$@"
fi
if ! command -v gnome-keyring-daemon >/dev/null; then
  export JZ_KEYRING_SKIP="gnome-keyring-daemon is not installed (package gnome-keyring)"
  exec "$test_bin" "$@"
fi

# Inside the private bus: the daemon in the foreground (so its pid is
# known), unlocking a new login keyring with the password on stdin.
exec dbus-run-session -- bash -c '
  set -u
  printf "jz-test-password" | gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$JZ_KEYRING_TMP/daemon.out" 2>"$JZ_KEYRING_TMP/daemon.err" &
  daemon=$!
  ready=""
  for _ in $(seq 1 100); do
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
      ready=1
      break
    fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$ready" ]; then
    why="$(tr "\n" " " <"$JZ_KEYRING_TMP/daemon.err" | cut -c1-300)"
    export JZ_KEYRING_SKIP="gnome-keyring-daemon did not start on the private bus within 10 s: ${why:-no message}"
  fi
  "$@"
  status=$?
  kill "$daemon" 2>/dev/null
  wait "$daemon" 2>/dev/null
  exit $status
' run-with-keyring "$test_bin" "$@"
