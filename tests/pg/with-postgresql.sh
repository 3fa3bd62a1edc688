#!/usr/bin/env bash
# Runs a test against a throwaway PostgreSQL 15 cluster of its own:
#   with-postgresql.sh REAL_SERVER COMMAND ARGS…
# The cluster listens on a Unix socket only, in a directory made here, and
# is stopped and removed when the command ends. COMMAND runs with
#   JZ_TEST_PG_HOST, JZ_TEST_PG_PORT   where the cluster is
#   JZ_TEST_PG_REAL_SERVER             REAL_SERVER (juzhu-server)
#   JZ_TEST_PG_DATA, JZ_TEST_PG_AS     the cluster's directory, and the command
#                                      prefix to run pg_ctl on it (restarts)
#   JUZHU_SERVER                       juzhu-server.sh beside this file, which
#                                      gives every new data directory a fresh
#                                      database of its own (new-database.sh)
# so that a suite written for SQLite runs unchanged on PostgreSQL.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pgbin=/usr/lib/postgresql/15/bin
real_server="$1"
shift

if [ ! -x "$pgbin/initdb" ] || [ ! -x "$pgbin/pg_ctl" ]; then
  echo "1..0 # SKIP PostgreSQL 15 is not installed (postgresql-15)"
  exit 77
fi

# initdb refuses to run as root: the cluster is postgres's when we are root
as=()
if [ "$(id -u)" = 0 ]; then
  as=(runuser -u postgres --)
fi

# short: a socket's path has room for 107 bytes
dir="$(mktemp -d /tmp/jzpg.XXXXXX)"
chmod 0755 "$dir"
if [ ${#as[@]} -gt 0 ]; then
  chown postgres "$dir"
fi
port=5432

stop () {
  "${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as[@]}" "$pgbin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; echo "Bail out! initdb failed"; exit 1; }
# fsync off: the tests kill the server's processes, never the cluster's
"${as[@]}" "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
  -o "-c listen_addresses='' -k $dir -p $port -c fsync=off -c max_connections=300" start \
  >/dev/null || { cat "$dir/postgres.log" >&2; echo "Bail out! the cluster did not start"; exit 1; }

export JZ_TEST_PG_HOST="$dir" JZ_TEST_PG_PORT="$port" JZ_TEST_PG_REAL_SERVER="$real_server"
export JZ_TEST_PG_DATA="$dir/data" JZ_TEST_PG_AS="${as[*]}"
export JUZHU_SERVER="$here/juzhu-server.sh"
"$@"
