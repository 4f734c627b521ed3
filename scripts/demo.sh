#!/usr/bin/env bash
# make demo: grade the example submissions that ship in examples/ and show where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
rm -rf demo-output
"$BIN/greenpen" grade examples/ --out demo-output --format json,md,html,txt
echo
echo "Reports are in ./demo-output/ — open a .md or .html file, e.g.:"
ls demo-output/*.md | head -3 | sed 's/^/  /'
