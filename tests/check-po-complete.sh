#!/bin/bash
# check-po-complete.sh — every message of the sources is translated, and
# none is fuzzy, in each language of po/LINGUAS.  The catalogue is merged
# with a template extracted afresh from po/POTFILES.in (in a scratch
# directory; po/ is not touched), so a new _() string that nobody has
# translated yet fails too.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-po-complete.sh SOURCE_ROOT   (exit 1 on any problem)
# To fix a failure: ninja -C BUILDDIR juzhu-pot juzhu-update-po, translate
# the new or fuzzy messages, check with msgfmt --check --statistics.

set -euo pipefail

ROOT=${1:?usage: check-po-complete.sh SOURCE_ROOT}
cd "$ROOT"

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool is not installed (package gettext)"
    exit 77
  fi
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The keywords and flags of meson's i18n 'glib' preset, which makes
# juzhu-pot.
xgettext --package-name=juzhu --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
  --files-from=po/POTFILES.in --directory=. --output="$WORK/juzhu.pot"

status=0
for lang in $(grep -v '^[[:space:]]*\(#\|$\)' po/LINGUAS); do
  po=po/$lang.po
  merged=$WORK/$lang.po

  if [ ! -f "$po" ]; then
    echo "$po: missing (listed in po/LINGUAS)"
    status=1
    continue
  fi
  msgmerge --quiet --no-fuzzy-matching --output-file="$merged" "$po" "$WORK/juzhu.pot"
  if ! stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$merged" 2>&1); then
    echo "$po: msgfmt --check fails:"
    echo "$stats"
    status=1
    continue
  fi
  echo "$po: $stats"

  untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$merged" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry along with any message it selects.
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "$po: $untranslated untranslated and $fuzzy fuzzy messages:"
    msgattrib --untranslated --no-obsolete --no-wrap "$merged" | grep '^msgid "..*"' | sed 's/^/  untranslated: /'
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" | grep '^msgid "..*"' | sed 's/^/  fuzzy: /'
    status=1
  fi
done
exit "$status"
