#!/bin/bash
# check-dist.sh — `meson dist` makes the source tarball of a release from
# what git holds: the sources, data, translations, tests, docs and scripts
# are in it, nothing built or untracked is. Skipped outside a git checkout.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-dist.sh SOURCE_ROOT BUILD_ROOT VERSION

set -euo pipefail

SRC=${1:?usage: check-dist.sh SOURCE_ROOT BUILD_ROOT VERSION}
BUILD=${2:?usage: check-dist.sh SOURCE_ROOT BUILD_ROOT VERSION}
VERSION=${3:?usage: check-dist.sh SOURCE_ROOT BUILD_ROOT VERSION}

if ! git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  echo "not a git checkout"
  exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# a tree with uncommitted changes is what a developer has: allowed here,
# refused by scripts/release
meson dist -C "$BUILD" --no-tests --allow-dirty --formats xztar >"$WORK/dist.log" 2>&1 || { cat "$WORK/dist.log"; exit 1; }
tarball="$BUILD/meson-dist/juzhu-$VERSION.tar.xz"
[ -s "$tarball" ] || { echo "no $tarball"; exit 1; }
(cd "$(dirname "$tarball")" && sha256sum -c "$(basename "$tarball").sha256sum" >/dev/null) || { echo "checksum"; exit 1; }
tar -tf "$tarball" >"$WORK/list"
for f in meson.build README.md src/server/juzhu-server.c po/zh_CN.po data/juzhu-server.service.in \
         data/juzhu-server-backup.timer tests/meson.build docs/deploy.md scripts/release; do
  grep -qx "juzhu-$VERSION/$f" "$WORK/list" || { echo "the tarball lacks $f"; exit 1; }
done
if grep -qE "^juzhu-$VERSION/_build|\\.o$|^juzhu-$VERSION/\\.git/" "$WORK/list"; then
  echo "the tarball holds built or git files:"
  grep -E "^juzhu-$VERSION/_build|\\.o$|^juzhu-$VERSION/\\.git/" "$WORK/list" | head
  exit 1
fi
echo "juzhu-$VERSION.tar.xz: $(wc -l <"$WORK/list") entries, checksum good"
