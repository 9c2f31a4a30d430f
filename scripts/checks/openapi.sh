#!/usr/bin/env bash
# /openapi.json against the real server: the document is valid OpenAPI 3.1 (openapi-spec-validator), real
# responses validate against its schemas (jsonschema; scripts/lib/openapi_check.py), and schemathesis'
# generated requests (fixed seed; a pinned version, so a new release cannot change the verdict) find no
# server error and no response the document does not describe.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_python_modules openapi_spec_validator=openapi-spec-validator jsonschema=jsonschema referencing=referencing schemathesis="schemathesis==4.32.5"

bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Port 0: the kernel picks a free port and the startup log says which. The reload route is switched on so
# that it is documented and checked too.
token="openapi-check-reload-token"
cat > "$work/config.json" <<JSON
{"host": "127.0.0.1", "port": 0, "publicDirectory": null, "accessLog": false, "reloadToken": "$token",
 "rateLimit": {"enabled": false}}
JSON
"$bin" --config "$work/config.json" > "$work/log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 300); do
    port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$work/log" | grep -o '"port":[0-9]*' | cut -d: -f2 || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; echo "ties exited before listening"; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/log"; echo "ties did not report its port"; exit 1; }
base="http://127.0.0.1:$port"

python3 scripts/lib/openapi_check.py "$base" "$token"

# One check is excluded on purpose: positive_data_acceptance (a random string is schema-valid for the opaque
# `cursor`, and `2023-02-30` matches the partial-date pattern, yet the server rightly answers 400 to both).
# Unexpected methods are the registered ones: the unregistered QUERY gets 501 (RFC 9110 §15.6.2), not 405.
cat > "$work/schemathesis.toml" <<TOML
[phases.coverage]
unexpected-methods = ["POST", "PUT", "PATCH", "DELETE", "TRACE"]

# oEmbed 1.0 (§2.3.4) answers a format it does not implement with 501 Not Implemented: documented, and not a
# server error there.
[[operations]]
include-path = "/oembed"
checks.not_a_server_error.expected-statuses = ["1XX", "2XX", "3XX", "4XX", "501"]
TOML
# Run from the scratch folder: schemathesis keeps its example database in the working directory.
(cd "$work" && schemathesis --config-file "$work/schemathesis.toml" run "$base/openapi.json" --checks all \
    --exclude-checks positive_data_acceptance \
    --max-examples 25 --seed 20250110 --workers 1 --no-color \
    --header "Authorization: Bearer $token" > "$work/schemathesis.txt" 2>&1) || {
    cat "$work/schemathesis.txt"
    echo "schemathesis found failures (above)"
    exit 1
}
grep -E "generated|passed|failures" "$work/schemathesis.txt" | tail -3
echo "openapi: ok"
