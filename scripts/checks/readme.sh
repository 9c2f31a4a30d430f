#!/usr/bin/env bash
# The README's examples are real output: re-run each against the built server and compare.
set -euo pipefail
cd "$(dirname "$0")/../.."
python3 scripts/docs/readme_examples.py --check
