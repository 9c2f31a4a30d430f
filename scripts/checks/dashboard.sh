#!/usr/bin/env bash
# Browser test of the dashboard (issue 5, docs/dashboard.md): serves Public/ and the API, loads the page in headless
# Chromium over the DevTools protocol and asserts on the rendered DOM against the same server's API answers.
# Screenshots (1280 and 375 px wide) land in artifacts/dashboard/.
#
# DASHBOARD_SERVER=auto (default): the real `ties` executable when it serves /api/v1, else the mock, said loudly.
# DASHBOARD_SERVER=real: the real server or fail.   DASHBOARD_SERVER=mock: always the mock.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_apt chromium

# Data from the API is news text: it must only ever reach the page as text nodes and attribute values.
if grep -rnE 'innerHTML|outerHTML *=|insertAdjacentHTML|document\.write|eval\(|new Function' Public/js; then
    echo "dashboard: FAIL Public/js builds HTML from strings (see above); use dom.js h()/text nodes" >&2
    exit 1
fi

mode=${DASHBOARD_SERVER:-auto}
out=artifacts/dashboard
mkdir -p "$out"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; return 0; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# GET $1; prints the body and succeeds on a 2xx answer (Python, so the check needs no curl binary).
get() {
    python3 - "$1" <<'PY' 2>/dev/null
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
    sys.stdout.write(r.read().decode("utf-8", "replace"))
PY
}

# Waits until the server answers $1 with 2xx, or its process has gone; prints the body.
wait_for() {
    local url=$1 i body
    for i in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || return 1
        if body=$(get "$url"); then printf '%s' "$body"; return 0; fi
        sleep 0.1
    done
    return 1
}

server=""
if [ "$mode" != mock ] && [ -x .build/debug/ties ]; then
    port=$(free_port)
    # The shipped config, with the per-client limit raised: the test is one client loading the page some
    # forty times in a minute, which a reader never does.
    python3 - "$out/config.json" <<'PY'
import json, sys
config = json.load(open("config.json"))
config["rateLimit"].update({"requestsPerSecond": 1000, "burst": 10000})
json.dump(config, open(sys.argv[1], "w"), indent=2)
PY
    .build/debug/ties --config "$out/config.json" --host 127.0.0.1 --port "$port" --public Public >"$out/server.log" 2>&1 &
    pid=$!
    if index=$(wait_for "http://127.0.0.1:$port/api/v1") && printf '%s' "$index" | grep -q '"counts"' \
        && get "http://127.0.0.1:$port/" | grep -q 'js/main.js'; then
        server=real
    else
        cleanup; pid=""
    fi
fi
if [ -z "$server" ]; then
    if [ "$mode" = real ]; then
        echo "dashboard: DASHBOARD_SERVER=real but .build/debug/ties does not serve /api/v1 and Public/ (log: $out/server.log)" >&2
        exit 1
    fi
    [ "$mode" = mock ] || echo "dashboard: NOTE the ties executable does not serve /api/v1 and the dashboard yet; testing against the mock API (scripts/browser/mock_api.py)"
    port=$(free_port)
    python3 scripts/browser/mock_api.py --port "$port" --public Public >"$out/server.log" 2>&1 &
    pid=$!
    wait_for "http://127.0.0.1:$port/api/v1" >/dev/null || { echo "dashboard: mock server did not start" >&2; cat "$out/server.log" >&2; exit 1; }
    server=mock
fi

echo "dashboard: testing against the $server server on port $port"
python3 scripts/browser/dashboard_test.py --base "http://127.0.0.1:$port" --artifacts "$out" --server "$server"
