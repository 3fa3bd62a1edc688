#!/usr/bin/env bash
# new-database.sh DATA_DIR: makes a fresh database on the test cluster
# (with-postgresql.sh) for the county data directory DATA_DIR, and prints
# its connection string.
set -euo pipefail

pgbin=/usr/lib/postgresql/15/bin
: "${JZ_TEST_PG_HOST:?run under with-postgresql.sh}"
name="jz_$(printf '%s' "$1" | sha256sum | cut -c1-24)"
args=(-h "$JZ_TEST_PG_HOST" -p "$JZ_TEST_PG_PORT" -U postgres)
PGOPTIONS="-c client_min_messages=warning" "$pgbin/dropdb" "${args[@]}" --if-exists "$name" >/dev/null
"$pgbin/createdb" "${args[@]}" -T template0 -E UTF8 --locale=C "$name"
printf 'postgresql://postgres@/%s?host=%s&port=%s\n' "$name" "$JZ_TEST_PG_HOST" "$JZ_TEST_PG_PORT"
