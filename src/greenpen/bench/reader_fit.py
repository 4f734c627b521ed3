"""Set the second reader's calibration and thresholds on training data (never on a test set).

    python -m greenpen.bench.reader_fit ../shared/datasets/beetle-3way-train.csv \\
        ../shared/datasets/saf-en-train.csv --questions 12 --per-question 10 [--judge local]

For a fixed random sample of questions of each file (seed 0) and of answers to each, the fast
grader grades every answer (reference-only, as `greenpen bench accuracy` does); the second reader
reads the ones it is unsure of (`opinion.needs_reader`), question by question, through its disk
cache. Then, on those answers:

- Platt scaling, P(correct | raw P) = sigmoid(a · logit(P) + b), fitted by logistic regression
  of the human "correct" label on logit(P): the raw P of a small model is squeezed near 0.5,
  and the calibrated one is the probability the report shows (`opinion.CALIBRATION`);
- the two thresholds of `opinion.fold` on the calibrated P (`YES_AT`, `NO_AT`), chosen on a grid
  to maximise the accuracy of correct-vs-rest after folding, a move counted only when it
  helps more answers than it hurts by a margin (`--margin`).

The files used must not share questions with any test set (SciEntsBank's unseen-answers file
shares every question with its training file: calibrate on Beetle and SAF to bench on it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .accuracy import BenchRow, greenpen_grader, load_rows

CORRECT_LABELS = frozenset({"correct", "Correct"})


def pick(rows: Sequence[BenchRow], questions: int, per_question: int, seed: int = 0) -> list[BenchRow]:
    """A fixed random sample: `questions` questions, up to `per_question` answers each."""
    rnd = random.Random(seed)
    by_q: dict[str, list[BenchRow]] = {}
    for r in rows:
        by_q.setdefault(r.question_id, []).append(r)
    chosen = sorted(by_q)
    rnd.shuffle(chosen)
    out: list[BenchRow] = []
    for q in sorted(chosen[:questions]):
        answers = list(by_q[q])
        rnd.shuffle(answers)
        out.extend(answers[:per_question])
    return out


def is_correct(row: BenchRow) -> bool:
    return row.label in CORRECT_LABELS if row.label else row.score >= 0.999


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def fit_platt(ps: Sequence[float], ys: Sequence[bool]) -> tuple[float, float]:
    """(a, b) of sigmoid(a · logit(p) + b), by a few hundred steps of Newton's method (no sklearn)."""
    a, b = 1.0, 0.0
    xs = [logit(p) for p in ps]
    for _ in range(200):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in zip(xs, ys, strict=True):
            q = 1 / (1 + math.exp(-(a * x + b)))
            r = q - float(y)
            w = q * (1 - q) + 1e-9
            ga += r * x
            gb += r
            haa += w * x * x
            hab += w * x
            hbb += w
        haa += 1e-3  # a whisper of ridge keeps the step finite
        hbb += 1e-3
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def auc(scores: Sequence[float], ys: Sequence[bool]) -> float:
    pos = [s for s, y in zip(scores, ys, strict=True) if y]
    neg = [s for s, y in zip(scores, ys, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def choose_thresholds(cases: Sequence[dict[str, Any]], margin: int) -> tuple[float, float, dict[str, int]]:
    """YES_AT and NO_AT (calibrated P) that maximise correct-vs-rest accuracy after folding.
    A threshold that gains fewer than `margin` answers over not moving at all is switched off."""
    grid = [round(0.5 + 0.025 * i, 3) for i in range(0, 20)]  # 0.50 … 0.975
    low_grid = [round(0.5 - 0.025 * i, 3) for i in range(0, 20)]  # 0.50 … 0.025
    def gain_up(t: float) -> int:
        return sum((1 if c["y"] else -1) for c in cases
                   if c["verdict"] == "partial" and not c["hard"] and c["q"] >= t)
    def gain_down(t: float) -> int:
        return sum((-1 if c["y"] else 1) for c in cases if c["verdict"] == "correct" and c["q"] <= t)
    # ties go to the more cautious threshold (fewer moves)
    yes_at, up = max(((t, gain_up(t)) for t in grid), key=lambda x: (x[1], x[0]))
    no_at, down = max(((t, gain_down(t)) for t in low_grid), key=lambda x: (x[1], -x[0]))
    if up < margin:
        yes_at, up = 1.01, 0
    if down < margin:
        no_at, down = -0.01, 0
    return yes_at, no_at, {"gain_up": up, "gain_down": down}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("csv", type=Path, nargs="+")
    ap.add_argument("--judge", default="local")
    ap.add_argument("--questions", type=int, default=12)
    ap.add_argument("--per-question", type=int, default=10)
    ap.add_argument("--margin", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="write every case (JSON) here")
    args = ap.parse_args(argv)

    from ..llm.opinion import HARD_EVIDENCE, Case, SecondReader, needs_reader

    reader = SecondReader(args.judge, os.environ)
    grade = greenpen_grader()
    cases: list[dict[str, Any]] = []
    for path in args.csv:
        rows = pick(load_rows(path), args.questions, args.per_question)
        judgements = grade([(r.as_question(), r.answer) for r in rows])
        todo = [(r, j) for r, j in zip(rows, judgements, strict=True)
                if needs_reader(j, reader.settings.judge_threshold)]
        print(f"{path.name}: {len(rows)} answers on {len({r.question_id for r in rows})} questions, "
              f"{len(todo)} unsure", file=sys.stderr, flush=True)
        ps = reader.read([Case(replace(r.as_question(), id=f"{path.name}|{r.question_id}"), r.answer, j)
                          for r, j in todo],
                         on_progress=lambda n: print(".", end="", file=sys.stderr, flush=True))
        print(file=sys.stderr)
        for (r, j), p in zip(todo, ps, strict=True):
            if p is None:
                continue
            cases.append({"file": path.name, "question": r.question_id, "label": r.label, "y": is_correct(r),
                          "verdict": j.verdict, "score": j.score, "confidence": j.confidence,
                          "hard": any(f.kind in HARD_EVIDENCE for f in j.findings), "p": p})
    reader.close()
    ys = [c["y"] for c in cases]
    a, b = fit_platt([c["p"] for c in cases], ys)
    for c in cases:
        c["q"] = 1 / (1 + math.exp(-(a * logit(c["p"]) + b)))
    yes_at, no_at, gains = choose_thresholds(cases, args.margin)
    summary = {
        "answers_read": len(cases), "correct_share": round(sum(ys) / max(len(ys), 1), 3),
        "auc_reader": round(auc([c["p"] for c in cases], ys), 3),
        "auc_grader": round(auc([c["score"] for c in cases], ys), 3),
        "auc_mean_rank": round(auc(_rank_mean([c["p"] for c in cases], [c["score"] for c in cases]), ys), 3),
        "raw_p_range": [round(min(c["p"] for c in cases), 3), round(max(c["p"] for c in cases), 3)],
        "calibration": [round(a, 3), round(b, 3)], "yes_at": yes_at, "no_at": no_at, **gains,
        "seconds_per_answer": round(reader.seconds / max(reader.asked, 1), 2), "asked": reader.asked,
    }
    if args.out is not None:
        args.out.write_text(json.dumps({"summary": summary, "cases": cases}, indent=1), encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


def _rank_mean(xs: Sequence[float], zs: Sequence[float]) -> list[float]:
    def ranks(v: Sequence[float]) -> list[float]:
        order = sorted(range(len(v)), key=lambda i: v[i])
        out = [0.0] * len(v)
        for r, i in enumerate(order):
            out[i] = r / max(len(v) - 1, 1)
        return out
    return [(x + z) / 2 for x, z in zip(ranks(xs), ranks(zs), strict=True)]


if __name__ == "__main__":
    raise SystemExit(main())
