#!/usr/bin/env bash
# /metrics read by a real Prometheus parser (prometheus_client) after real traffic: the ties executable
# serving a copy of the dataset, with a reload token; requests of several routes, methods and statuses; a
# refused reload over HTTP, a good one over HTTP and one by SIGHUP. scripts/ops/check_metrics.py checks
# families, types, label sets, histogram shape and the counts this traffic must have produced.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_ops_tools

bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-metrics.XXXXXX)
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "metrics: FAIL: $*" >&2; sed 's/^/  server: /' "$work/log" >&2 || true; exit 1; }

cp -R Sources/TiesCore/Dataset "$work/data"
token=metrics-check-token-0123456789
TIES_RELOAD_TOKEN=$token "$bin" --port 0 --data "$work/data" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q '"msg":"listening"' "$work/log" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$work/log")
[ -n "$port" ] || fail "the server did not start"
base="http://127.0.0.1:$port"

for _ in $(seq 1 20); do curl -s -o /dev/null "$base/api/v1/events"; done
etag=$(curl -s -D - -o /dev/null "$base/api/v1/events" | tr -d '\r' | awk 'tolower($1) == "etag:" {print $2}')
curl -s -o /dev/null -H "If-None-Match: $etag" "$base/api/v1/events"
curl -s -o /dev/null -I "$base/api/v1/events"
curl -s -o /dev/null "$base/api/v1/events/2015-05-25-abe-najib-summit"
curl -s -o /dev/null "$base/api/v1/events/no-such-event"
curl -s -o /dev/null "$base/no/such/page"
curl -s -o /dev/null "$base/healthz"
curl -s -o /dev/null -X POST "$base/admin/reload"
# A refused reload (a syntax error), then a good one over HTTP, then one by SIGHUP.
cp "$work/data/events.json" "$work/events.json"
head -c 1000 "$work/events.json" >"$work/data/events.json"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" "$base/admin/reload")" = 422 ] || fail "a broken dataset was not refused"
cp "$work/events.json" "$work/data/events.json"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" "$base/admin/reload")" = 200 ] || fail "the restored dataset did not reload"
kill -HUP "$pid"
for _ in $(seq 1 100); do grep -q '"msg":"dataset reloaded".*' "$work/log" && [ "$(grep -c '"msg":"dataset reloaded"' "$work/log")" -ge 2 ] && break; sleep 0.1; done
[ "$(grep -c '"msg":"dataset reloaded"' "$work/log")" -ge 2 ] || fail "SIGHUP did not reload"
grep -q '"msg":"dataset reload refused' "$work/log" || fail "the refused reload was not logged"

version=$(curl -s "$base/api/v1" | sed -n 's/.*"datasetVersion": *"\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s "$base/metrics" >"$work/metrics.txt"
python3 scripts/ops/check_metrics.py "$work/metrics.txt" "$version" || { sed 's/^/  /' "$work/metrics.txt" | head -80; exit 1; }
