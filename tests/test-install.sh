#!/bin/bash
# test-install.sh — `meson install` into a temporary DESTDIR puts every piece
# where a desktop expects it, and the installed programs run from there.
# The build directory is only read (--no-rebuild; meson writes its install
# log, nothing else).
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-install.sh BUILD_DIR   (prints TAP; exit 1 on any failure)

set -uo pipefail

BUILD=${1:?usage: test-install.sh BUILD_DIR}
DEST=$(mktemp -d)
trap 'rm -rf "$DEST"' EXIT

n=0
failed=0
ok ()
{
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok ()
{
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}
check ()
{
  local what=$1
  shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

if ! meson install -C "$BUILD" --no-rebuild --quiet --destdir "$DEST" >"$DEST.log" 2>&1; then
  echo "not ok 1 - meson install --destdir failed:"
  sed 's/^/# /' "$DEST.log"
  rm -f "$DEST.log"
  echo "1..1"
  exit 1
fi
rm -f "$DEST.log"
ok "meson install --destdir"

prefix=$(meson introspect --buildoptions "$BUILD" |
         python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$DEST$prefix
bin=$root/bin
share=$root/share
has_app=$(meson introspect --buildoptions "$BUILD" |
          python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "app"))')

check "installed bin/juzhu-server-backup, executable" test -x "$bin/juzhu-server-backup"
for f in "$bin/juzhu-cli" "$bin/juzhu-server" \
         "$share/glib-2.0/schemas/io.github.juzhu.Juzhu.gschema.xml" \
         "$share/locale/zh_CN/LC_MESSAGES/juzhu.mo" \
         "$root/lib/systemd/system/juzhu-server.service" \
         "$root/lib/systemd/system/juzhu-server-backup.service" \
         "$root/lib/systemd/system/juzhu-server-backup.timer" \
         "$root/lib/sysusers.d/juzhu-server.conf"; do
  check "installed ${f#"$DEST"}" test -s "$f"
done
if [ "$has_app" = "True" ]; then
  for f in "$bin/juzhu" \
           "$share/applications/io.github.juzhu.Juzhu.desktop" \
           "$share/metainfo/io.github.juzhu.Juzhu.metainfo.xml" \
           "$share/icons/hicolor/scalable/apps/io.github.juzhu.Juzhu.svg" \
           "$share/icons/hicolor/symbolic/apps/io.github.juzhu.Juzhu-symbolic.svg"; do
    check "installed ${f#"$DEST"}" test -s "$f"
  done
fi

# The unit starts the installed server, wherever the prefix is.
check "the unit's ExecStart is $prefix/bin/juzhu-server" \
  grep -q "^ExecStart=$prefix/bin/juzhu-server serve " "$root/lib/systemd/system/juzhu-server.service"
check "the backup's ExecStart is $prefix/bin/juzhu-server-backup" \
  grep -q "^ExecStart=$prefix/bin/juzhu-server-backup " "$root/lib/systemd/system/juzhu-server-backup.service"

# The rules profiles and code tables are compiled into the programs
# (GResource); a command that loads a profile proves it.
version=$(meson introspect --projectinfo "$BUILD" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["version"])')
out=$(env -u LD_LIBRARY_PATH "$bin/juzhu-cli" --version 2>&1)
check "installed juzhu-cli --version prints $version (got: ${out%%$'\n'*})" grep -qF "$version" <<<"$out"
out=$(env -u LD_LIBRARY_PATH "$bin/juzhu-server" --version 2>&1)
check "installed juzhu-server --version prints $version (got: ${out%%$'\n'*})" grep -qF "$version" <<<"$out"
out=$(env -u LD_LIBRARY_PATH JUZHU_DATA_DIR="$DEST/data" "$bin/juzhu-cli" init --profile jilin-2016 2>&1)
status=$?
sed 's/^/# /' <<<"$out"
check "installed juzhu-cli init --profile jilin-2016 finds the built-in profile" test "$status" -eq 0

if [ "$has_app" = "True" ]; then
  # --help is answered before any window or display is opened.
  out=$(env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY "$bin/juzhu" --help 2>&1)
  check "installed juzhu --help runs without a display" grep -q -- "--data-dir" <<<"$out"
  out=$(env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY "$bin/juzhu" --version 2>&1)
  check "installed juzhu --version prints $version (got: ${out%%$'\n'*})" grep -qF "$version" <<<"$out"
fi

# The catalogue is the compiled zh_CN.po (the desktop file's name and the
# app's strings alike).
check "installed juzhu.mo translates \"Residence Registration\"" \
  bash -c 'msgunfmt "$1" | grep -q "居住登记"' _ "$share/locale/zh_CN/LC_MESSAGES/juzhu.mo"

echo "1..$n"
exit "$failed"
