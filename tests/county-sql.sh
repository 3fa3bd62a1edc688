#!/usr/bin/env bash
# county-sql.sh DATA_DIR SQL: runs SQL on a county server's database, as
# sqlite3 would print it: county.db, or the PostgreSQL database the data
# directory names (tests/pg/with-postgresql.sh).
set -euo pipefail

if [ -e "$1/database" ]; then
  psql=/usr/lib/postgresql/15/bin/psql
  [ -x "$psql" ] || psql=psql
  exec "$psql" -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$(cat "$1/database")" -c "$2"
fi
exec sqlite3 "$1/county.db" "$2"
