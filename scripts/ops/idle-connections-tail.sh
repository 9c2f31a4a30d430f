#!/usr/bin/env bash
# Tail latency for clients served beside many idle keep-alive connections (issue 12: p99 ≤ 2 ms beside
# 10,000). Holds N connections open (each has made one request, then sits idle, as browsers and proxies leave
# them), then loads the server with `wrk -t1 -c64` beside them and prints wrk's latency distribution. The
# server runs pinned to CPU 0, wrk and the idle holder to CPU 1, like ../shared/bench/compare.sh.
#
#   bash scripts/ops/idle-connections-tail.sh [N] [PATH] [--nginx [ROUNDS]] [-- SERVER COMMAND...]
#       N        idle connections, default 10000
#       PATH     default /api/v1/leaders/anwar-ibrahim
#       --nginx  also measures nginx the same way, serving the bytes ties sent (the settings of
#                ../shared/bench/peers/nginx/nginx.conf, as compare.sh runs it), alternating ties and nginx
#                for ROUNDS rounds (default 1), then prints each run's p99 and req/s side by side: the machine
#                is shared, and only runs made together compare. PATH must be one compare.sh serves.
#       SERVER   default: the release ties with the shipped config.json, the rate limit raised above the load
#                (run with PORT set; another peer can be measured the same way). TIES_BIN names another ties
#                binary, e.g. the static one the image ships.
# Measured, never asserted.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}; path=${2:-/api/v1/leaders/anwar-ibrahim}
shift $(( $# >= 2 ? 2 : $# )) || true
rounds=0
if [ "${1:-}" = "--nginx" ]; then
    shift
    rounds=1
    if [[ "${1:-}" =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
fi
[ "${1:-}" = "--" ] && shift
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ "$rounds" -gt 0 ]; then
    command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
    case "$path" in
        /api/v1/events|/api/v1/leaders/anwar-ibrahim|/healthz) ;;
        *) echo "idle-connections-tail: --nginx serves only compare.sh's paths, not $path" >&2; exit 2 ;;
    esac
fi
ulimit -n "$(ulimit -Hn)"   # the server and the holder each need N descriptors
port=18095
work=$(mktemp -d /tmp/ties-idle.XXXXXX)
holder=""; server=""
stop() {
    [ -n "$holder" ] && { kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null || true; }
    [ -n "$server" ] && { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
    holder=""; server=""
}
cleanup() { stop; rm -rf "$work"; }
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

# Starts `$@` on the port, holds N idle connections beside it, loads it, and leaves wrk's output in $1's file.
measure() {
    local out=$1; shift
    rm -f "$work/held"
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
    taskset -c 1 wrk -t1 -c64 -d10s --latency "http://127.0.0.1:$port$path" >"$out"
    stop
}

if [ "$rounds" -eq 0 ]; then
    measure "$work/wrk.txt" "$@"
    echo "holding $n idle keep-alive connections; loading $path beside them"
    sed -n '/Latency Distribution/,/Requests\/sec/p' "$work/wrk.txt"
    exit 0
fi

# nginx serves ties' own bytes: fetched from the server once, before the rounds.
PORT=$port "$@" >"$work/server.log" 2>&1 &
server=$!
mkdir -p "$work/fixtures" "$work/nginx"
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$port/api/v1/events" -o "$work/fixtures/events.json"
curl -sf "http://127.0.0.1:$port/api/v1/leaders/anwar-ibrahim" -o "$work/fixtures/leader.json"
stop
sed -e "s|@PORT@|$port|g" -e "s|@FIXTURES@|$work/fixtures|g" -e "s|@RUNDIR@|$work/nginx|g" \
    -e "s|worker_connections 1024;|worker_connections $((n + 1024));|" \
    -e "s|^worker_processes 1;|worker_processes 1;\nworker_rlimit_nofile $((n + 2048));|" \
    ../shared/bench/peers/nginx/nginx.conf >"$work/nginx/nginx.conf"
ngx=(nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log")

p99() { awk '$1 == "99%" {print $2}' "$1"; }
rps() { awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$1"; }
echo "holding $n idle keep-alive connections; loading $path beside them (wrk -t1 -c64 -d10s), ties and nginx in turn"
printf '%-6s %12s %12s %14s %14s\n' round "ties p99" "nginx p99" "ties req/s" "nginx req/s"
for r in $(seq 1 "$rounds"); do
    measure "$work/ties-$r.txt" "$@"
    measure "$work/nginx-$r.txt" "${ngx[@]}"
    printf '%-6s %12s %12s %14s %14s\n' "$r" "$(p99 "$work/ties-$r.txt")" "$(p99 "$work/nginx-$r.txt")" \
        "$(rps "$work/ties-$r.txt")" "$(rps "$work/nginx-$r.txt")"
done
