#!/usr/bin/env bash
# sync-engines.sh BENCH_SYNC — sync-50-devices on SQLite and on PostgreSQL,
# alternately, three runs of each, in one run (under
# tests/pg/with-postgresql.sh, which gives the PostgreSQL runs their
# database). Prints each run's figures.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

bench="$1"
runs="${JUZHU_BENCH_RUNS:-3}"
pg_server="$JUZHU_SERVER"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  echo "== SQLite, run $i"
  JUZHU_SERVER="$JZ_TEST_PG_REAL_SERVER" "$bench" devices
  echo "== PostgreSQL, run $i"
  JUZHU_SERVER="$pg_server" "$bench" devices
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
