#!/usr/bin/env python3
"""Grade every set of our own (tests/chapterN/) and score it as the real-world files are scored.

    python scripts/score_own_sets.py OUT_DIR [--jobs 2] [--sets chapter4b,chapter17c] [--no-grade]

Each set is graded with the greenpen CLI (`greenpen grade tests/SET/files/* --pack P --format json
--no-db`) into OUT_DIR/SET and scored with ../shared/tools/score_reports.py against the set's
expected.json (the verdicts a helper session wrote without reading greenpen's code). Prints one line
per set, then the answers of each kind of pack pooled: the shipped chapter-4 rubric, the real-world
teacher's chapter-2 pack (references only; those sets need ../shared beside the repository), and the
packs of references only our helpers wrote as teachers for the other chapters. A whole run takes about
fifteen minutes on two cores.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score_reports.py"
GREENPEN = [sys.executable, "-m", "greenpen"]


def _module(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def all_sets() -> dict[str, tuple[str, str]]:
    """Set name → (pack, kind), from the lists tests/test_own_sets.py grades."""
    sys.path.insert(0, str(ROOT))
    own = _module(ROOT / "tests" / "test_own_sets.py", "own_sets")
    sets = {name: (str(ROOT / "tests" / name / pack), "references only") for name, (pack, _) in own.SETS.items()}
    for name, (pack, _) in own.OTHER_LEARNERS.items():
        sets[name] = (pack, "shipped chapter-4 rubric" if pack == "fastai-04" else "real-world chapter-2 pack")
    return sets


def grade(name: str, pack: str, out: Path) -> Path:
    folder = out / name
    files = sorted(str(p) for p in (ROOT / "tests" / name / "files").iterdir())
    subprocess.run([*GREENPEN, "grade", *files, "--pack", pack, "--out", str(folder), "--format", "json", "--no-db"],
                   cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder


def score(scorer, name: str, folder: Path) -> tuple[dict, list]:  # type: ignore[no-untyped-def, type-arg]
    """score_reports' totals for one set, and its (teacher, greenpen) verdict pairs."""
    expected_path = ROOT / "tests" / name / "expected.json"
    with contextlib.redirect_stdout(io.StringIO()):
        total = scorer.main(str(expected_path), str(folder))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    reports = scorer.load_reports(folder)
    pairs = []
    for fname, questions in expected.items():
        if fname.startswith("_"):
            continue
        by_number = {str(q.get("number")): q for q in (reports.get(fname) or {}).get("questions", [])}
        for number, g in questions.items():
            if g["verdict"] in scorer.LABELS:
                pairs.append((g["verdict"], (by_number.get(number) or {}).get("verdict", "absent")))
    return total, pairs


def line(scorer, label: str, t: dict, pairs: list) -> str:  # type: ignore[no-untyped-def, type-arg]
    def pct(a: float, b: float) -> str:
        return f"{100.0 * a / b:5.1f}" if b else "  n/a"
    return (f"| {label} | {t['n']} | {pct(t['read'], t['answered'])} | {pct(t['agree'], t['n'])} | "
            f"{pct(t['alarm'], t['correct'])} | {pct(t['named'], t['errors'])} | {scorer.macro_f1(pairs):.3f} | "
            f"{scorer.kappa(pairs):.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--no-grade", action="store_true", help="score the reports already in OUT_DIR/SET")
    args = parser.parse_args()
    if not SCORER.exists():
        print(f"{SCORER} is missing: run this with ../shared beside the repository", file=sys.stderr)
        return 2
    scorer = _module(SCORER, "score_reports")
    sets = all_sets()
    chosen = [s for s in args.sets.split(",") if s] or sorted(sets)
    unknown = [s for s in chosen if s not in sets]
    if unknown:
        print(f"unknown sets: {', '.join(unknown)} (the sets are listed in tests/test_own_sets.py)", file=sys.stderr)
        return 2
    runnable = [s for s in chosen if not sets[s][0].endswith(".yaml") or Path(sets[s][0]).exists()]
    if args.no_grade:
        folders = {s: args.out / s for s in runnable}
    else:
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            folders = dict(zip(runnable, pool.map(lambda s: grade(s, sets[s][0], args.out), runnable), strict=True))
    header = ("| set | answers | read % | agreement % | false alarms % | errors named % | macro-F1 | kappa |\n"
              "|---|---|---|---|---|---|---|---|")
    print(header)
    pooled: dict[str, tuple[dict, list]] = {}  # type: ignore[type-arg]
    for name in runnable:
        total, pairs = score(scorer, name, folders[name])
        print(line(scorer, name, total, pairs))
        kind = sets[name][1]
        t, p = pooled.setdefault(kind, ({k: 0 for k in total}, []))
        for k, v in total.items():
            t[k] += v
        p.extend(pairs)
    print("\n" + header.replace("| set |", "| pack (sets pooled) |"))
    for kind, (t, p) in sorted(pooled.items()):
        count = sum(1 for s in runnable if sets[s][1] == kind)
        print(line(scorer, f"{kind} ({count} sets)", t, p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
