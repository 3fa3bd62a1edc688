#!/bin/bash
# check-potfiles.sh — every source file with translatable strings is listed
# in po/POTFILES.in, and every file listed there exists; otherwise its
# strings silently never reach the translators.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-potfiles.sh SOURCE_ROOT   (exit 1 on any problem)

set -euo pipefail

ROOT=${1:?usage: check-potfiles.sh SOURCE_ROOT}
cd "$ROOT"

status=0
listed=$(grep -v '^[[:space:]]*\(#\|$\)' po/POTFILES.in | LC_ALL=C sort -u)

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), ngettext (…) and GtkBuilder's
# translatable="yes".
marked=$(grep -rlE --include='*.c' --include='*.h' --include='*.ui' \
           '(^|[^[:alnum:]_])(N|C|NC)?_ ?\(|(^|[^[:alnum:]_])ngettext ?\(|translatable="yes"' \
           src ui 2>/dev/null | LC_ALL=C sort -u || true)

for f in $marked; do
  if ! grep -qxF -- "$f" <<<"$listed"; then
    echo "po/POTFILES.in: $f has translatable strings but is not listed; add it (keep the list sorted)"
    status=1
  fi
done

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in: $f is listed but does not exist"
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "po/POTFILES.in lists all $(wc -w <<<"$marked") files with translatable strings"
fi
exit "$status"
