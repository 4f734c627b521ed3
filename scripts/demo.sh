#!/usr/bin/env bash
# make demo: grade the example submissions that ship in examples/, then print a short
# table (student, pack, score, verdicts) and where to look.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
rm -rf demo-output
mkdir -p demo-output
"$BIN/greenpen" grade examples/ --out demo-output --db demo-output/greenpen.db --format json,md,html,txt
echo
"$BIN/python" - <<'PY'
import json
from pathlib import Path

rows = []
for path in sorted(Path("demo-output").glob("*.json")):
    report = json.loads(path.read_text(encoding="utf-8"))
    if report.get("schema") != "greenpen.report/1":
        continue
    counts = {}
    for q in report["questions"]:
        counts[q["verdict"]] = counts.get(q["verdict"], 0) + 1
    mix = " ".join(f"{counts[v]} {v}" for v in ("correct", "partial", "incorrect", "missing", "unassessable")
                   if counts.get(v))
    rows.append((report["student"] or report["source"], report["pack"], f"{report['score']:.0%}", mix,
                 path.with_suffix(".md").name))
head = ("student", "pack", "score", "verdicts", "report")
widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
for row in [head, tuple("-" * w for w in widths), *rows]:
    print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())
PY
echo
echo "Reports are in ./demo-output/: one .md (like the exemplar), .html (open in a browser), .txt (paste"
echo "into an LMS comment box) and .json (the machine-readable report) per student. Start with:"
ls demo-output/*.md | head -2 | sed 's/^/  /'
