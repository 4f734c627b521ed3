"""How much the second reader (`greenpen grade --judge`) helps `greenpen bench accuracy`, and its cost.

    python scripts/bench_reader.py ../shared/datasets/scientsbank-3way-unseen-answers.csv --judge local
    python scripts/bench_reader.py FILE.csv --judge http://127.0.0.1:8080/v1 --sample 200
    python scripts/bench_reader.py FILE.csv --questions 30     # every answer to 30 random questions

Runs the bench's own evaluation (`greenpen.bench.accuracy.run_accuracy`, the same rows as
`greenpen bench accuracy --sample N`) twice: the grader alone, then the grader with the second
reader on its unsure answers. Answers are graded question by question (the bench batches them
so), and the reader's disk cache makes a second run free: `--no-cache` times every answer.
`--questions N` keeps every answer to N questions drawn at random (seed 0): on a slow machine
it costs far less than `--sample` for as many answers, since each question's prompt prefix is
evaluated once.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
from pathlib import Path

from greenpen.bench.accuracy import greenpen_grader, run_accuracy
from greenpen.llm.opinion import SecondReader, with_reader

KEYS = ("pearson", "rmse", "accuracy", "macro_f1", "seconds")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("--judge", default="local", help="local, or an OpenAI-compatible endpoint URL")
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--questions", type=int, default=None, help="every answer to N random questions (seed 0)")
    ap.add_argument("--no-cache", action="store_true", help="time every answer (default: use the cache)")
    args = ap.parse_args()
    reader = SecondReader(args.judge, os.environ)
    if args.no_cache and reader.cache is not None:
        reader.cache.close()
        reader.cache = None
    if args.questions is not None:
        args.csv = questions_sample(args.csv, args.questions)
    base = run_accuracy(args.csv, sample=args.sample)
    judged = run_accuracy(args.csv, sample=args.sample, grade=with_reader(greenpen_grader(), reader))
    subset = f" ({args.questions} random questions, seed 0)" if args.questions else ""
    print(f"{args.csv.name}, {base['n']} answers{subset}; second reader: {reader.model} ({args.judge}), "
          f"unsure below confidence {reader.settings.judge_threshold}")
    print(f"{'':16}" + "".join(f"{k:>10}" for k in KEYS))
    for name, r in (("grader", base), ("grader+reader", judged)):
        print(f"{name:16}" + "".join(f"{r[k]:10.3f}" for k in KEYS))
    print(f"verdicts: grader {base['verdicts']}\n          +reader {judged['verdicts']}")
    print(f"answers read by the model: {reader.asked} in {reader.seconds:.0f} s "
          f"({reader.seconds / max(reader.asked, 1):.2f} s each; cached ones not counted)")
    reader.close()
    return 0


def questions_sample(path: Path, n: int) -> Path:
    """A copy of the CSV holding every answer to `n` of its questions, drawn at random (seed 0)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        fields = reader.fieldnames or []
    ids = sorted({r["question_id"] for r in rows})
    keep = set(random.Random(0).sample(ids, min(n, len(ids))))
    out = Path(tempfile.mkdtemp(prefix="bench-reader-")) / path.name
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(r for r in rows if r["question_id"] in keep)
    return out


if __name__ == "__main__":
    sys.exit(main())
