#!/usr/bin/env bash
# Tail latency for clients served beside many idle keep-alive connections (issue 12: p99 ≤ 2 ms beside
# 10,000). Holds N connections open (each has made one request, then sits idle, as browsers and proxies leave
# them), then loads the server with `wrk -t1 -c64` beside them and prints wrk's latency distribution. The
# server runs pinned to CPU 0, wrk and the idle holder to CPU 1, like ../shared/bench/compare.sh.
#
#   bash scripts/ops/idle-connections-tail.sh [N] [PATH] [-- SERVER COMMAND...]
#       N       idle connections, default 10000
#       PATH    default /api/v1/leaders/anwar-ibrahim
#       SERVER  default: the release ties with the shipped config.json, the rate limit raised above the load
#               (run with PORT set; nginx or another peer can be measured the same way). TIES_BIN names
#               another ties binary, e.g. the static one the image ships.
# Measured, never asserted: the machine is shared; compare ratios from one run.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}; path=${2:-/api/v1/leaders/anwar-ibrahim}
shift $(( $# >= 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
ulimit -n "$(ulimit -Hn)"   # the server and the holder each need N descriptors
port=18095
work=$(mktemp -d /tmp/ties-idle.XXXXXX)
holder=""; server=""
cleanup() { [ -n "$holder" ] && kill "$holder" 2>/dev/null; [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ $# -eq 0 ]; then
    bin=${TIES_BIN:-.build/release/ties}
    [ -x "$bin" ] || swift build -c release --product ties >/dev/null
    python3 - "$work/config.json" <<'PY'
import json, sys
c = json.load(open("config.json"))
c.update(host="127.0.0.1", publicDirectory=None)
c["rateLimit"].update(requestsPerSecond=1000000)
c["limits"]["maxConnections"] = 20000
json.dump(c, open(sys.argv[1], "w"))
PY
    set -- "$bin" --config "$work/config.json"
fi
PORT=$port taskset -c 0 "$@" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.1; done
# The holder: N connections, one request each, answers read, then held idle until killed.
taskset -c 1 python3 - "$port" "$n" "$path" "$work/held" <<'PY' &
import socket, sys, time, resource
port, n, path, flag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE); resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
held = []
request = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    held.append(s)
    if len(held) % 500 == 0:   # drain answers as we go so the server's buffers do not fill
        for c in held[-500:]:
            c.settimeout(5); c.recv(1 << 20)
for c in held[len(held) - len(held) % 500:]:
    c.settimeout(5); c.recv(1 << 20)
open(flag, "w").write(str(len(held)))
time.sleep(3600)
PY
holder=$!
for _ in $(seq 1 600); do [ -f "$work/held" ] && break; sleep 0.2; done
[ -f "$work/held" ] || { echo "idle-connections-tail: the holder did not open $n connections" >&2; exit 1; }
echo "holding $(cat "$work/held") idle keep-alive connections; loading $path beside them"
taskset -c 1 wrk -t1 -c64 -d10s --latency "http://127.0.0.1:$port$path" | sed -n '/Latency Distribution/,/Requests\/sec/p'
