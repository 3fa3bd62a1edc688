#!/usr/bin/env bash
# juzhu-server for the suites under with-postgresql.sh: `init` of a new
# data directory, without --database, puts it on a fresh database of the
# test cluster; everything else goes to the real juzhu-server unchanged.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
real="${JZ_TEST_PG_REAL_SERVER:?run under with-postgresql.sh}"

if [ "${1:-}" = init ]; then
  dir=""
  has_database=0
  prev=""
  for a in "$@"; do
    case "$a" in
      --data-dir=*) dir="${a#--data-dir=}" ;;
      --database|--database=*) has_database=1 ;;
    esac
    if [ "$prev" = --data-dir ]; then dir="$a"; fi
    prev="$a"
  done
  if [ -n "$dir" ] && [ $has_database = 0 ] && [ ! -e "$dir/county.db" ] && [ ! -e "$dir/database" ]; then
    uri="$("$here/new-database.sh" "$(realpath -m "$dir")")"
    exec "$real" "$@" --database "$uri"
  fi
fi
exec "$real" "$@"
