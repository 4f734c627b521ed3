"""How much the second reader (`greenpen grade --judge`) helps `greenpen bench accuracy`, and its cost.

    python scripts/bench_reader.py ../shared/datasets/scientsbank-3way-unseen-answers.csv --judge local
    python scripts/bench_reader.py FILE.csv --judge http://127.0.0.1:8080/v1 --sample 200

Runs the bench's own evaluation (`greenpen.bench.accuracy.run_accuracy`, the same rows as
`greenpen bench accuracy --sample N`) twice: the grader alone, then the grader with the second
reader on its unsure answers. Answers are graded question by question (the bench batches them
so), and the reader's disk cache makes a second run free: `--no-cache` times every answer.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from greenpen.bench.accuracy import greenpen_grader, run_accuracy
from greenpen.llm.opinion import SecondReader, with_reader

KEYS = ("pearson", "rmse", "accuracy", "macro_f1", "seconds")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("--judge", default="local", help="local, or an OpenAI-compatible endpoint URL")
    ap.add_argument("--sample", type=int, default=None)
    ap.add_argument("--no-cache", action="store_true", help="time every answer (default: use the cache)")
    args = ap.parse_args()
    reader = SecondReader(args.judge, os.environ)
    if args.no_cache and reader.cache is not None:
        reader.cache.close()
        reader.cache = None
    base = run_accuracy(args.csv, sample=args.sample)
    judged = run_accuracy(args.csv, sample=args.sample, grade=with_reader(greenpen_grader(), reader))
    print(f"{args.csv.name}, {base['n']} answers; second reader: {reader.model} ({args.judge}), "
          f"unsure below confidence {reader.settings.judge_threshold}")
    print(f"{'':16}" + "".join(f"{k:>10}" for k in KEYS))
    for name, r in (("grader", base), ("grader+reader", judged)):
        print(f"{name:16}" + "".join(f"{r[k]:10.3f}" for k in KEYS))
    print(f"verdicts: grader {base['verdicts']}\n          +reader {judged['verdicts']}")
    print(f"answers read by the model: {reader.asked} in {reader.seconds:.0f} s "
          f"({reader.seconds / max(reader.asked, 1):.2f} s each; cached ones not counted)")
    reader.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
