#!/usr/bin/env bash
# Two ties replicas behind nginx (round-robin) rolled from one dataset version to the next while a client pages
# through every event: every completed walk is one version's whole list; a cursor crossing versions gets the
# documented 409 (docs/api.md, "Cursors across dataset versions"). nginx from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_apt nginx
bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-rolling.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 scripts/ops/rolling_update.py "$bin" "$(command -v nginx || echo /usr/sbin/nginx)" "$work"
