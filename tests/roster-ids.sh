# roster-ids.sh — valid, made-up citizen ID numbers for roster files
# (GB 11643 check character). Sourced by test-roster.sh and the
# roster-1k benchmark.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later

# id_number FIRST17 — FIRST17 with its check character
id_number ()
{
  local body=$1 sum=0 i
  local -a w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2)
  local checks=10X98765432
  for i in $(seq 0 16); do sum=$((sum + ${body:$i:1} * ${w[$i]})); done
  printf '%s%s' "$body" "${checks:$((sum % 11)):1}"
}
