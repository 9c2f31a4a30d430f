#!/usr/bin/env bash
# `ties draft`'s review page in headless Chromium: tick, download, accept, log, check (scripts/browser/review_test.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_apt chromium
bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-review.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 scripts/browser/review_test.py "$PWD/$bin" "$work" artifacts/draft
