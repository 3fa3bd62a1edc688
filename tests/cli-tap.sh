# cli-tap.sh — what the juzhu-cli end-to-end scripts share: running the
# CLI on $DATA, checking its output, and TAP lines. Sourced; the script
# sets CLI, DATA, OUT and ERR.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later

n=0
failed=0

pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail ()
{
  n=$((n + 1)); failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/# stdout: /' "$OUT" | head -20
  sed 's/^/# stderr: /' "$ERR" | head -20
}

# run WANT DESCRIPTION ARGS… — runs juzhu-cli on $DATA (standard input from
# $STDIN if set), keeps stdout and stderr in $OUT and $ERR, checks the exit
# status.
run ()
{
  local want=$1 what=$2 rc=0
  shift 2
  if [ -n "${STDIN:-}" ]; then
    printf '%s' "$STDIN" | "$CLI" --data-dir "$DATA" "$@" >"$OUT" 2>"$ERR" || rc=$?
  else
    "$CLI" --data-dir "$DATA" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
  fi
  if [ "$rc" -eq "$want" ]; then
    pass "$what (exit $rc)"
  else
    fail "$what: exit $rc, expected $want"
  fi
}

# has FILE TEXT DESCRIPTION — FILE contains TEXT (fixed string)
has ()
{
  if grep -qF -- "$2" "$1"; then pass "$3"; else fail "$3: “$2” not in $(basename "$1")"; fi
}

lacks ()
{
  if grep -qF -- "$2" "$1"; then fail "$3: “$2” in $(basename "$1")"; else pass "$3"; fi
}

# json_id KEY — the first "KEY" : "VALUE" of $OUT
json_id ()
{
  sed -n "/\"$1\" : \"/{s/.*\"$1\" : \"\\([^\"]*\\)\".*/\\1/p;q}" "$OUT"
}

no_full_id ()
{
  if grep -qE '[0-9]{17}[0-9X]' "$OUT"; then
    fail "$1 shows a full ID number"
  else
    pass "$1 shows no full ID number"
  fi
}

