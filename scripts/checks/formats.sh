#!/usr/bin/env bash
# External validators for the newsroom formats (issue 6, docs/formats.md): starts the built server on a free
# port and checks ICS (Python icalendar, CRLF, 75-octet folding), Atom (xml.etree, minidom), CSV (csv module),
# JSON-LD (pyld expansion to schema.org types), NDJSON (line by line against the JSON list) and gzip/deflate
# (bytes round-trip, curl --compressed). Needs .build/debug/ties (scripts/test builds it first).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_python_modules icalendar=icalendar pyld=PyLD

[ -x .build/debug/ties ] || { echo "formats: .build/debug/ties is missing; run swift build first" >&2; exit 1; }

out=artifacts/formats
mkdir -p "$out"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; return 0; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.build/debug/ties --host 127.0.0.1 --port "$port" >"$out/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || { echo "formats: the server exited" >&2; cat "$out/server.log" >&2; exit 1; }
    python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "http://127.0.0.1:$port/api/v1" 2>/dev/null && break
    sleep 0.1
done

python3 scripts/formats/validate.py --base "http://127.0.0.1:$port"
