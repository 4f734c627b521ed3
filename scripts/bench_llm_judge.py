"""How much the language-model judge helps `greenpen bench accuracy`, and what it costs in time.

    GREENPEN_LLM_URL=http://127.0.0.1:8080/v1 GREENPEN_LLM_MODEL=qwen2.5-coder-0.5b \
        python scripts/bench_llm_judge.py ../shared/datasets/scientsbank-3way-unseen-answers.csv --sample 100

Runs the bench's own accuracy evaluation (`greenpen.bench.accuracy.run_accuracy`, same rows
as `greenpen bench accuracy --sample N`) twice: the greenpen grader alone, and the grader
with the judge's second opinion on its unsure answers. `--no-cache` times every request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from greenpen.bench.accuracy import greenpen_grader, run_accuracy
from greenpen.llm import LLMClient, LLMSettings
from greenpen.llm.judge import with_judge

KEYS = ("pearson", "rmse", "accuracy", "macro_f1", "seconds")


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--calibrate", action=argparse.BooleanOptionalAction, default=None)
    ap.add_argument("--no-cache", action="store_true", help="time every request (default: use the cache)")
    args = ap.parse_args()
    settings = LLMSettings.from_env(os.environ)
    if args.calibrate is not None:
        settings = LLMSettings.from_mapping({**settings.__dict__, "judge_calibrate": args.calibrate})
    client = LLMClient(settings, use_cache=not args.no_cache)
    base = run_accuracy(args.csv, sample=args.sample)
    judged = run_accuracy(args.csv, sample=args.sample,
                          grade=with_judge(greenpen_grader(), client, threshold=args.threshold))
    print(f"{args.csv.name}, {base['n']} answers; judge: {settings.describe()}, threshold "
          f"{args.threshold or settings.judge_threshold}, calibrate {settings.judge_calibrate}")
    print(f"{'':14}" + "".join(f"{k:>10}" for k in KEYS))
    for name, r in (("grader", base), ("grader+judge", judged)):
        print(f"{name:14}" + "".join(f"{r[k]:10.3f}" for k in KEYS))
    print(f"verdicts: grader {base['verdicts']}\n          judged {judged['verdicts']}")
    each = client.stats.seconds / max(client.stats.sent, 1)
    print(f"requests: {client.stats.sent} sent ({each:.2f} s each), "
          f"{client.stats.cache_hits} from the cache")
    return 0


if __name__ == "__main__":
    sys.exit(main())
