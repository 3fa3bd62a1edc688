#!/bin/bash
# run-pouchdb.sh — the PouchDB baseline of the sync benchmark
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-pouchdb.sh [BUILD_DIR] [N]
#   BUILD_DIR  where to keep the npm packages (BUILD_DIR/pouchdb-bench);
#              default $JUZHU_POUCHDB_CACHE, $MESON_BUILD_ROOT, else the
#              current directory
#   N          documents to replicate; default $JUZHU_BENCH_N, else 10000
# The arguments may come in either order (a number is N).
#
# Installs bench/pouchdb's locked packages once (again when the lock file
# changes), then runs bench/pouchdb/replicate.js, whose last line of output
# is the JSON figures. npm's chatter goes to standard error.
# Exits 77 (skipped) when node or npm is missing or the registry cannot be
# reached.

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/pouchdb"
build="${JUZHU_POUCHDB_CACHE:-${MESON_BUILD_ROOT:-$PWD}}"
n="${JUZHU_BENCH_N:-10000}"

for arg in "$@"; do
  if [[ "$arg" =~ ^[0-9]+$ ]]; then
    n="$arg"
  else
    build="$arg"
  fi
done

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "run-pouchdb.sh: node and npm are needed for the PouchDB baseline; skipped" >&2
  exit 77
fi

mkdir -p "$build"
cache="$(cd "$build" && pwd)/pouchdb-bench"
stamp="$cache/.installed"
want="$(sha256sum "$src/package-lock.json" | cut -d' ' -f1)"

if [[ ! -d "$cache/node_modules" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  rm -rf "$cache"
  mkdir -p "$cache"
  cp "$src/package.json" "$src/package-lock.json" "$cache/"
  echo "run-pouchdb.sh: installing PouchDB and pouchdb-server into $cache" >&2
  # No install scripts: leveldown ships prebuilt binaries, and the sqlite3
  # that pouchdb-server pulls in (unused here) would try to compile.
  if ! (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2; then
    if ! (cd "$cache" && timeout 30 npm ping) >/dev/null 2>&1; then
      echo "run-pouchdb.sh: the npm registry cannot be reached; skipped" >&2
      rm -rf "$cache"
      exit 77
    fi
    echo "run-pouchdb.sh: npm ci failed in $cache" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi

NODE_PATH="$cache/node_modules" exec node "$src/replicate.js" "$n"
