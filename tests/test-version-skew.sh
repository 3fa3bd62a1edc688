#!/bin/bash
# test-version-skew.sh — juzhu-cli against a county server older than it:
# an answer without the Content-Digest every current juzhu-server sends is
# refused at once with a message that names the server and says to upgrade
# it, not retried as "damaged in transit". The old server is played by a
# few lines of Python that answer every request with JSON and no digest.
#
# Copyright 2026 The Juzhu authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-version-skew.sh JUZHU-CLI   (prints TAP)

set -euo pipefail

CLI=${1:?usage: test-version-skew.sh JUZHU-CLI}
WORK=$(mktemp -d)
OLD_PID=
trap '[ -n "$OLD_PID" ] && kill "$OLD_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
OUT=$WORK/out
ERR=$WORK/err
export JUZHU_SYNC_RETRY_MS=1
unset JUZHU_DATA_DIR

SRCDIR=${G_TEST_SRCDIR:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=tests/cli-tap.sh
source "$SRCDIR/cli-tap.sh"

if ! command -v python3 >/dev/null; then
  echo "1..0 # SKIP python3 is not installed"
  exit 77
fi

python3 - "$WORK/port" >"$WORK/old.log" 2>&1 <<'PY' &
import http.server, json, sys

class Old(http.server.BaseHTTPRequestHandler):
    server_version = 'juzhu-server/0.0.9'
    sys_version = ''
    def answer(self):
        n = int(self.headers.get('Content-Length') or 0)
        self.rfile.read(n)
        body = json.dumps({'status': 'ok', 'protocol': 1, 'server': 'juzhu-server 0.0.9'}).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = answer
    do_POST = answer
    def log_message(self, *args):
        pass

server = http.server.HTTPServer(('127.0.0.1', 0), Old)
open(sys.argv[1], 'w').write(str(server.server_address[1]))
server.serve_forever()
PY
OLD_PID=$!
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$WORK/port")/"

rc=0
"$CLI" --data-dir "$WORK/dev" enrol --server "$URL" --code AAAA-BBBB-CCCC >"$OUT" 2>"$ERR" </dev/null || rc=$?
if [ "$rc" -eq 1 ]; then pass "enrol against an older server fails (exit 1)"; else fail "enrol: exit $rc"; fi
has "$ERR" "juzhu-server/0.0.9" "the message names the server"
has "$ERR" "older than this program" "… says it is older"
has "$ERR" "upgrade" "… and what to do"
lacks "$ERR" "damaged in transit" "… not a damaged answer"

echo "1..$n"
[ "$failed" -eq 0 ]
