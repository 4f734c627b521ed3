"""How much the language-model judge helps the grader, and what it costs in time.

    python scripts/bench_llm_judge.py ../shared/datasets/scientsbank-3way-unseen-answers.csv \
        --sample 100 [--threshold 0.75] [--weight 0.5]

Needs GREENPEN_LLM_URL (and GREENPEN_LLM_MODEL) pointing at a running server, e.g. the
bundled model: see scripts/install-llm.sh. Each row is graded in reference-only mode (the
dataset has no rubric), then the unsure answers get the judge's second opinion. Reports
correct-vs-rest accuracy / macro-F1 / ROC AUC of the score, 3-way macro-F1 (partial counted as
incorrect) and seconds, with and without the judge. The sample is drawn with a fixed seed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time

from greenpen.bench.metrics import accuracy, macro_f1, roc_auc
from greenpen.domain import Question
from greenpen.errors import ModelError
from greenpen.grading.grader import AnswerInput, grade_many
from greenpen.llm import LLMClient, LLMSettings
from greenpen.llm.judge import JudgeItem, second_opinions


def _metrics(gold: list[str], scores: list[float], verdicts: list[str]) -> dict[str, float]:
    y = [1.0 if g == "correct" else 0.0 for g in gold]
    two = ["correct" if v == "correct" else "other" for v in verdicts]
    gold_two = ["correct" if g == "correct" else "other" for g in gold]
    three = ["correct" if v == "correct" else "incorrect" for v in verdicts]  # no "contradictory" verdict
    return {"acc": accuracy(gold_two, two), "f1": macro_f1(gold_two, two), "auc": roc_auc(y, scores),
            "f1_3way": macro_f1(gold, three, ["correct", "contradictory", "incorrect"])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv")
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--weight", type=float, default=None)
    args = ap.parse_args()
    with open(args.csv, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    rows = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    questions = {r["question_id"]: Question(id=r["question_id"], number=1, text=r["question"],
                                            reference=r["reference_answer"]) for r in rows}
    inputs = [AnswerInput(questions[r["question_id"]], r["answer"]) for r in rows]
    start = time.monotonic()
    try:
        judgements = grade_many(inputs, run_code=False)
        learned = "with"
    except ModelError:
        judgements = grade_many(inputs, run_code=False, learned=False)
        learned = "without (correctness model missing)"
    grade_seconds = time.monotonic() - start
    gold = [r["label"] for r in rows]
    base = _metrics(gold, [j.score for j in judgements], [j.verdict for j in judgements])

    settings = LLMSettings.from_env(os.environ)
    client = LLMClient(settings, use_cache=False)
    items = [JudgeItem(i.question, i.text, j) for i, j in zip(inputs, judgements, strict=True)]
    start = time.monotonic()
    opinions = second_opinions(client, items, threshold=args.threshold, weight=args.weight)
    judge_seconds = time.monotonic() - start
    after = [o.after for o in opinions]
    judged = _metrics(gold, [j.score for j in after], [j.verdict for j in after])
    asked = sum(o.asked > 0 for o in opinions)
    changed = sum(o.changed for o in opinions)
    requests = sum(o.asked for o in opinions)
    print(f"{len(rows)} answers from {args.csv} (seed {args.seed}), grader {learned} the learned estimate")
    print(f"model: {settings.describe()}; threshold {args.threshold or settings.judge_threshold}, "
          f"weight {args.weight or settings.judge_weight}")
    print(f"{'':14}{'acc':>7}{'F1':>7}{'AUC':>7}{'F1-3way':>9}{'seconds':>10}")
    runs = (("grader", base, grade_seconds), ("grader+judge", judged, grade_seconds + judge_seconds))
    for name, m, s in runs:
        print(f"{name:14}{m['acc']:7.3f}{m['f1']:7.3f}{m['auc']:7.3f}{m['f1_3way']:9.3f}{s:10.1f}")
    each = judge_seconds / max(requests, 1)
    print(f"judge: {asked} answers asked ({requests} requests, {each:.2f} s each), "
          f"{changed} results changed, {judge_seconds:.1f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
