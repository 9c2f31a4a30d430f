#!/usr/bin/env bash
# User-space instructions the release `ties` spends per request, counted by callgrind instead of timed: the
# same binary, config and requests give the same count on a busy machine. Runs the server under valgrind twice,
# sending 100 and then 900 requests on one kept-alive connection, and prints (I(900) - I(100)) / 800, so start-up
# and shutdown cancel out. The kernel's share (the socket calls) is not counted. Hashing is made deterministic
# (SWIFT_DETERMINISTIC_HASHING): with per-process seeds, dictionary probes moved the count by ±600 between runs.
#
#   bash scripts/ops/instructions-per-request.sh [PATH] [CONFIG]
#       PATH    default /api/v1/leaders/anwar-ibrahim
#       CONFIG  default: the shipped config.json (access log on) with the rate limit's rate raised above the load
#               and its burst kept, as in the README's compare.sh runs
#   TIES_BIN=…  the binary to count (default .build/release/ties, built when missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
path=${1:-/api/v1/leaders/anwar-ibrahim}
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
bin=${TIES_BIN:-.build/release/ties}
[ -x "$bin" ] || swift build -c release --product ties >/dev/null
work=$(mktemp -d /tmp/ties-instructions.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -n "${2:-}" ]; then cp "$2" "$work/config.json"; else
    python3 - "$work/config.json" <<'PY'
import json, sys
c = json.load(open("config.json"))
c.update(host="127.0.0.1", port=18093, publicDirectory=None)
c["rateLimit"].update(requestsPerSecond=1000000)
json.dump(c, open(sys.argv[1], "w"))
PY
fi
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$work/config.json")
for n in 100 900; do
    SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg-$n" "$bin" --config "$work/config.json" >"$work/log-$n" 2>&1 &
    pid=$!
    python3 - "$port" "$n" "$path" <<'PY'
import socket, sys, time
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for _ in range(3000):
    try:
        s = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        time.sleep(0.1)
request, buf = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode(), b""
for _ in range(n):
    s.sendall(request)
    while True:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = buf[:end].decode()
            length = int(next(l.split(":")[1] for l in head.split("\r\n") if l.lower().startswith("content-length")))
            if len(buf) >= end + 4 + length:
                assert head.startswith("HTTP/1.1 200"), head[:60]
                buf = buf[end + 4 + length:]
                break
        buf += s.recv(65536)
PY
    sleep 0.5
    kill -INT "$pid"; wait "$pid" 2>/dev/null || true
done
a=$(sed -n 's/^summary: //p' "$work/cg-100"); b=$(sed -n 's/^summary: //p' "$work/cg-900")
echo "$path: $(( (b - a) / 800 )) instructions per request (callgrind; $(( b - a )) over 800 requests)"
