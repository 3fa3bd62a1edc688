#!/bin/bash
# roster-1k.sh JUZHU-CLI — 1 000 rows of a roster checked and filed by
# `juzhu-cli registration import`, each run on a new data directory; five
# runs, the whole command timed (start, read, check, file, exit). Prints
# each run and the median.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

CLI=$1
N=${JUZHU_BENCH_ROWS:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# shellcheck source=tests/roster-ids.sh
source "$(dirname "$0")/../tests/roster-ids.sh"

{
  printf '姓名,公民身份号码,民族,户籍地址,联系电话,居住地址,入住日期,暂住事由,住所类型,房东,用人单位\n'
  for i in $(seq 1 "$N"); do
    printf '工人%d,%s,汉族,河南省某县某村%d号,138%08d,工业园宿舍%d栋,2026/2/%d,务工,单位宿舍,,某电子厂\n' \
      "$i" "$(id_number "$(printf '4112021990%02d%02d%03d' $((i % 12 + 1)) $((i % 28 + 1)) $((i % 1000)))")" \
      "$i" "$i" $((i % 40)) $((i % 27 + 1))
  done
} >"$WORK/roster.csv"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
times=()
for run in 1 2 3 4 5; do
  dir="$WORK/d$run"
  "$CLI" --data-dir "$dir" init --profile jilin-2016 >/dev/null
  start=$(date +%s%N)
  "$CLI" --data-dir "$dir" --today 2026-03-01 --json registration import "$WORK/roster.csv" \
    --residence-division 411202 >"$WORK/out" || true
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  filed=$(sed -n 's/^  "filed" : \([0-9]*\),*/\1/p' "$WORK/out")
  echo "run $run: $filed of $N rows filed in $ms ms"
  times+=("$ms")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "roster-1k: median $median ms (range $(printf '%s\n' "${times[@]}" | sort -n | sed -n '1p;$p' | paste -sd-)), goal ≤ 2000 ms"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
