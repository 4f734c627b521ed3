"""Question-disjoint cross-validation on a graded-answers CSV (`greenpen bench accuracy --cv K`).

The shipped correctness model was trained on the public corpora's training splits, so
grading those files with it would grade answers it has seen. Cross-validation keeps every
question unseen:

    rows ─► K folds by question (no question in two folds)
        ─► per fold: the correctness heads refitted on the other folds (the shipped model's
           features and regularisation), then greenpen grades the held-out fold with them
        ─► per fold: a calibration (calibrate.py) fitted on the other folds' judgements and
           the teacher's grades, applied to the held-out fold
        ─► metrics of greenpen and of the cosine baseline, raw and calibrated alike

Needs scikit-learn (`pip install 'greenpen[train]'`), as training does. Deterministic: the
folds come from a hash of the question ids.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..domain import Judgement
from .accuracy import (
    SEMEVAL_LABELS,
    BenchRow,
    GradeMany,
    cosine_grader,
    grade_rows,
    label_set,
    load_rows,
    score_metrics,
    verdict_label,
)
from .calibrate import fit_calibration


def question_folds(rows: Sequence[BenchRow], k: int) -> list[np.ndarray]:
    """Row indices of each of `k` folds; all answers to a question fall in the same fold."""
    qids = sorted({r.question_id for r in rows}, key=lambda q: hashlib.sha1(q.encode()).hexdigest())
    fold_of = {q: i % k for i, q in enumerate(qids)}
    return [np.array([i for i, r in enumerate(rows) if fold_of[r.question_id] == f], dtype=int) for f in range(k)]


def _fold_model(rows: Sequence[BenchRow], x: np.ndarray, train: np.ndarray, shipped: Any) -> Any:
    from ..grading.correctness import CorrectnessModel
    from ..train import fit_head

    c = shipped.meta.get("training", {}).get("C", {})
    semeval = label_set(rows) == SEMEVAL_LABELS
    y_ok = np.array([float(rows[i].label == "correct") if semeval else rows[i].score for i in train])
    ok = fit_head(x[train], y_ok, float(c.get("p_correct", 0.1)))
    contra = shipped.p_contradiction
    if semeval:
        y_contra = np.array([float(rows[i].label == "contradictory") for i in train])
        if 0 < y_contra.sum() < len(y_contra):
            contra = fit_head(x[train], y_contra, float(c.get("p_contradiction", 0.1)))
    return CorrectnessModel(shipped.embedder, shipped.features, ok, contra, shipped.thresholds, {})


def _calibrated(rows: Sequence[BenchRow], judgements: Sequence[Judgement],
                folds: Sequence[np.ndarray]) -> tuple[list[float], list[str]]:
    labels = label_set(rows)
    scores = [0.0] * len(rows)
    predicted = [""] * len(rows)
    for test in folds:
        train = np.setdiff1d(np.arange(len(rows)), test)
        cal = fit_calibration([rows[i] for i in train], [judgements[i] for i in train])
        s, p = cal.apply([judgements[i] for i in test], labels)
        for n, i in enumerate(test):
            scores[i] = s[n]
            predicted[i] = p[n] if p else verdict_label(judgements[i], labels)
    return scores, predicted


def _raw(rows: Sequence[BenchRow], judgements: Sequence[Judgement]) -> dict[str, Any]:
    labels = label_set(rows)
    return score_metrics(rows, [j.score for j in judgements], [verdict_label(j, labels) for j in judgements])


def run_cv(path: Path, *, k: int = 5, embedder: str = "use", limit: int | None = None,
           sample: int | None = None, batch_size: int = 16, progress: Callable[[int], None] | None = None,
           on_start: Callable[[str, int], None] | None = None) -> dict[str, Any]:
    """greenpen and the cosine baseline on `path`, every question graded by a model that never saw it."""
    from ..grading.correctness import load_model
    from ..grading.embed import get_embedder
    from ..grading.features import compute_features
    from ..grading.grader import AnswerInput, grade_many

    rows = load_rows(path, limit=limit, sample=sample)
    folds = question_folds(rows, k)
    shipped = load_model(embedder)
    enc = get_embedder(shipped.embedder)
    started = time.perf_counter()
    x = compute_features([(r.question, r.reference, r.answer) for r in rows], enc, shipped.features)
    if on_start:
        on_start(path.name, len(rows))
    judgements: list[Judgement | None] = [None] * len(rows)
    for test in folds:
        train = np.setdiff1d(np.arange(len(rows)), test)
        model = _fold_model(rows, x, train, shipped)

        def grade(pairs: Sequence[tuple[Any, str]], model: Any = model) -> list[Judgement]:
            return grade_many([AnswerInput(q, a) for q, a in pairs], embedder=embedder, correctness=model)

        held = [rows[i] for i in test]
        graded = grade_rows(held, grade, batch_size=batch_size, progress=progress)
        for i, j in zip(test, graded.judgements, strict=True):
            judgements[i] = j
    done = [j for j in judgements if j is not None]
    seconds = time.perf_counter() - started
    base_grade: GradeMany = cosine_grader(embedder)
    base = grade_rows(rows, base_grade, batch_size=batch_size).judgements
    gp_scores, gp_pred = _calibrated(rows, done, folds)
    base_scores, base_pred = _calibrated(rows, base, folds)
    return {
        "file": path.name, "folds": k, "n": len(rows), "questions": len({r.question_id for r in rows}),
        "embedder": embedder, "seconds": round(seconds, 1),
        "greenpen": _raw(rows, done), "greenpen_calibrated": score_metrics(rows, gp_scores, gp_pred),
        "cosine": _raw(rows, base), "cosine_calibrated": score_metrics(rows, base_scores, base_pred),
    }
