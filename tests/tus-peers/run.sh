#!/bin/bash
# run.sh — the real-peer tus test (see peers.mjs)
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run.sh JZ_TEST_FILE_SERVER JZ_TEST_TUS_UPLOAD
#
# Installs tus-js-client and @tus/server from package-lock.json into the
# build directory the first time (npm ci); skips (77) only when npm cannot
# reach its registry.
set -u

here=$(cd "$(dirname "$0")" && pwd)
work=${G_TEST_BUILDDIR:-$PWD}/tus-peers
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here/peers.mjs" "$work/"
cd "$work" || exit 1

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "1..0 # SKIP node and npm are not installed"
  exit 77
fi

if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.juzhu-lock; then
  if ! timeout 300 npm ci --no-audit --no-fund >npm.log 2>&1; then
    if ! timeout 30 npm ping >/dev/null 2>&1; then
      echo "1..0 # SKIP npm cannot reach its registry"
      exit 77
    fi
    cat npm.log
    exit 1
  fi
  cp package-lock.json node_modules/.juzhu-lock
fi

exec node peers.mjs "$1" "$2"
