#!/usr/bin/env bash
# REDbot, the HTTP linter, over the API, its formats, its errors (404, 429) and the dashboard's files,
# served by the ties executable with the shipped config.json (and, for the 429, a one-request rate limit):
# 0 BAD and 0 WARN is the bar (docs/api.md, Caching, says why there is no `public`).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_python_modules redbot=redbot

bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-redbot.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Not called as $(start ...): in that subshell the pid would be recorded where cleanup never sees it, and the
# servers outlived the check.
start() {  # start LOGFILE ARGS...: runs ties and sets $port to the port it reports
    local log=$1; shift
    : >"$log"  # the background job opens it when it gets to run; sed must find it before that
    "$bin" "$@" >"$log" 2>&1 &
    pids+=($!)
    port=""
    for _ in $(seq 1 300); do
        port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$log")
        [ -n "$port" ] && return
        sleep 0.1
    done
    echo "redbot: FAIL: ties did not start" >&2; cat "$log" >&2; exit 1
}

start "$work/log" --host 127.0.0.1 --port 0
base="http://127.0.0.1:$port"
event=2024-05-23-kishida-anwar-summit
source=mofa-2024-05-23-japan-malaysia-summit-meeting
dashboard=(/ $(cd Public && find . -type f \( -name '*.js' -o -name '*.css' \) | sort | sed 's|^\.||'))
python3 scripts/lib/redbot_check.py "$base" --status 200 \
    /api/v1 /api/v1/events "/api/v1/events?limit=5&sort=-date" "/api/v1/events/$event" /api/v1/leaders \
    /api/v1/leaders/anwar-ibrahim /api/v1/partnership-levels/current /api/v1/sources "/api/v1/sources/$source/text" \
    /api/v1/topics /api/v1/countries /api/v1/timeline "/api/v1/search?q=coast+guard" \
    "/api/v1/events?format=csv" "/api/v1/events?format=ndjson" /api/v1/events.ics /api/v1/events.atom \
    "/api/v1/events?format=jsonld" "/api/v1/sources?format=csl" "/api/v1/sources?format=bibtex" "/api/v1/sources?format=ris" \
    "/api/v1/events/$event/citation?style=apa" "/embed/events/$event" "/oembed?url=$base/embed/events/$event" \
    "/?event=$event" /openapi.json /healthz /readyz "${dashboard[@]}"
python3 scripts/lib/redbot_check.py "$base" --status 404 /api/v1/events/no-such-event /no/such/page
# No 400 here: REDbot notes every 400 itself as a warning (STATUS_BAD_REQUEST, "the server didn't understand
# the request"), which is what a 400 says; its headers are those of the 404s above.

# A 429: a server allowing one request, used up before REDbot asks.
printf '{"host": "127.0.0.1", "port": 0, "publicDirectory": null, "rateLimit": {"requestsPerSecond": 0.01, "burst": 1}}' > "$work/tight.json"
start "$work/tight.log" --config "$work/tight.json"
tight=$port
curl -s -o /dev/null "http://127.0.0.1:$tight/api/v1/events"
python3 scripts/lib/redbot_check.py "http://127.0.0.1:$tight" --status 429 /api/v1/events
