#!/usr/bin/env bash
# CPU time the server spends per request, split into user space and kernel: the server pinned to CPU 0 and
# `wrk -t1 -c64` pinned to CPU 1 (as ../shared/bench/compare.sh runs them), its utime and stime read from
# /proc/PID/stat before and after a 6 s run and divided by wrk's request count. Unlike req/s this separates
# the work Ties does from the kernel's, and unlike callgrind it counts the kernel. Interleave binaries and
# compare within one run: the machine is shared. Measured, never asserted.
#
#   bash scripts/ops/cpu-per-request.sh [PATH] [ROUNDS] [BIN...]
#       PATH    default /healthz
#       ROUNDS  default 3 (each round runs every BIN once)
#       BIN     default .build/release/ties; each runs with the shipped config.json, the rate limit raised
#               above the load (wrk is one client)
set -euo pipefail
cd "$(dirname "$0")/../.."
path=${1:-/healthz}; rounds=${2:-3}; shift $(( $# > 2 ? 2 : $# ))
bins=("$@"); [ ${#bins[@]} -gt 0 ] || bins=(.build/release/ties)
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d /tmp/ties-cpu.XXXXXX)
trap 'rm -rf "$work"' EXIT
port=18556
python3 - "$work/config.json" "$port" "$PWD/Public" <<'PY'
import json, sys
c = json.load(open("config.json"))
c.update(host="127.0.0.1", port=int(sys.argv[2]), publicDirectory=sys.argv[3])
c["rateLimit"].update(requestsPerSecond=1000000)
json.dump(c, open(sys.argv[1], "w"))
PY
tick=$(getconf CLK_TCK)
for _ in $(seq "$rounds"); do
    for bin in "${bins[@]}"; do
        taskset -c 0 "$bin" --config "$work/config.json" >/dev/null 2>&1 & pid=$!
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
        taskset -c 1 wrk -t1 -c64 -d1s "http://127.0.0.1:$port$path" >/dev/null
        read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        requests=$(taskset -c 1 wrk -t1 -c64 -d6s "http://127.0.0.1:$port$path" | awk '/requests in/{print $1}')
        read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
        python3 -c "import sys; u, s, n = ($u1 - $u0) / $tick, ($s1 - $s0) / $tick, $requests
print(f'$bin $path: {n} requests, per request user {u / n * 1e6:.2f} us, kernel {s / n * 1e6:.2f} us, total {(u + s) / n * 1e6:.2f} us')"
        kill "$pid"; wait "$pid" 2>/dev/null || true
    done
done
