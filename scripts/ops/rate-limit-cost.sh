#!/usr/bin/env bash
# What the per-client rate limit costs in throughput: the release `ties` with the shipped config.json (access
# log on, to a file) twice — the limit on but raised above the load (wrk is one client: 1,000,000 a second,
# bursts of 10,000, so its bucket never empties), and the limit off —
# measured in one run, interleaved round by round, server pinned to CPU 0 and wrk to CPU 1, as compare.sh does.
#
#   bash scripts/ops/rate-limit-cost.sh [ROUNDS] [SECONDS]     (defaults 3 rounds of 8 s per endpoint)
#
# Prints each round's req/s and p99 and the median ratio on/off per endpoint. Loopback only; bounded by rounds.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
seconds=${2:-8}
bin=.build/release/ties
[ -x "$bin" ] || swift build -c release --product ties >/dev/null
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d /tmp/ties-ratelimit-cost.XXXXXX)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, sys
shipped = json.load(open("config.json"))
for name, limit in [("on", {"requestsPerSecond": 1000000, "burst": 10000}), ("off", {"enabled": False})]:
    c = dict(shipped, host="127.0.0.1", port=18090, rateLimit=dict(shipped["rateLimit"], **limit))
    json.dump(c, open(f"{sys.argv[1]}/{name}.json", "w"))
PY

declare -A rps p99
endpoints=(/api/v1/events /api/v1/leaders/anwar-ibrahim)
for round in $(seq 1 "$rounds"); do
    for mode in on off; do
        taskset -c 0 "$bin" --config "$work/$mode.json" >"$work/$mode.log" 2>&1 &
        pid=$!
        for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18090/healthz && break; sleep 0.1; done
        for e in "${endpoints[@]}"; do
            taskset -c 1 wrk -t1 -c64 -d2s "http://127.0.0.1:18090$e" >/dev/null
            out=$(taskset -c 1 wrk -t1 -c64 -d"${seconds}s" --latency "http://127.0.0.1:18090$e")
            r=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
            l=$(awk '$1 == "99%" {print $2}' <<<"$out")
            non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
            [ -z "$non2xx" ] || { echo "rate-limit-cost: $mode $e got $non2xx non-2xx answers: the limit is not above the load" >&2; exit 1; }
            rps[$mode,$e]+="$r "
            p99[$mode,$e]+="$l "
            echo "round $round, limit $mode, $e: $r req/s, p99 $l"
        done
        kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo
echo "| endpoint | limit on, req/s | limit off, req/s | on / off |"
echo "|---|--:|--:|--:|"
for e in "${endpoints[@]}"; do
    on=$(median <<<"${rps[on,$e]}"); off=$(median <<<"${rps[off,$e]}")
    echo "| \`$e\` | $on | $off | $(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}') |"
done
