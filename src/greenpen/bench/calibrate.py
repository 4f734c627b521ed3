"""Calibration: learn from a teacher's grades how greenpen's judgements map to points.

    Judgement ─► features (score, confidence, verdict, counts of finding kinds, strengths)
        ─► ridge regression to the teacher's score/max           (points)
        ─► multinomial logistic regression to the teacher's labels (when the label sets match),
           with per-label offsets chosen for macro-F1 on the teacher's own grades (a rare label,
           such as SemEval's "contradictory", is otherwise never predicted)

Small and strongly regularised on purpose: a teacher grades a few dozen answers, not
thousands. Numpy only; deterministic (closed form and fixed-step gradient descent).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..domain import Judgement
from .accuracy import BenchRow, label_set

VERDICTS = ("correct", "partial", "incorrect", "missing", "unassessable")
KINDS = ("key_point", "missed_point", "misconception", "part_unanswered", "self_contradiction", "off_topic",
         "empty", "similarity")
SIGNALS = ("coverage", "central", "p_correct", "p_contradiction", "cos_ra", "cos_ra_content", "char_r", "len_a",
           "tok_p", "tok_r")
"""The numbers a greenpen verdict is drawn from (`Judgement.signals`; 0 when absent)."""
FEATURE_NAMES = ("score", "confidence", *(f"verdict_{v}" for v in VERDICTS), *(f"n_{k}" for k in KINDS),
                 "share_key_point", "mean_strength", "max_strength", *SIGNALS,
                 "logit_p_correct", "logit_p_contradiction")
"""The learned probabilities enter twice: as they are, and as log-odds (0 when absent), which
keep apart the answers that a probability squeezes against 0 or 1 (bench --cv, calibrated
macro-F1: Beetle 0.506 -> 0.519, SAF 0.446 -> 0.449, SciEntsBank 0.482 either way)."""


def _log_odds(p: float) -> float:
    if p < 0:
        return 0.0
    p = min(max(p, 1e-4), 1 - 1e-4)
    return float(np.log(p / (1 - p)))


def judgement_features(j: Judgement) -> list[float]:
    kinds: list[str] = [f.kind for f in j.findings]
    points = [f for f in j.findings if f.kind in ("key_point", "missed_point")]
    strengths = [f.strength for f in points] or [f.strength for f in j.findings if f.kind == "similarity"] or [0.0]
    covered = sum(f.kind == "key_point" for f in points)
    return [
        j.score, j.confidence,
        *(float(j.verdict == v) for v in VERDICTS),
        *(float(min(kinds.count(k), 5)) for k in KINDS),
        covered / len(points) if points else 0.0,
        float(np.mean(strengths)), float(np.max(strengths)),
        *(max(0.0, dict(j.signals).get(name, 0.0)) for name in SIGNALS),
        *(_log_odds(dict(j.signals).get(name, -1.0)) for name in ("p_correct", "p_contradiction")),
    ]


def _matrix(judgements: Sequence[Judgement]) -> np.ndarray:
    return np.asarray([judgement_features(j) for j in judgements], dtype=np.float64).reshape(
        len(judgements), len(FEATURE_NAMES))


@dataclass(frozen=True)
class Calibration:
    mean: np.ndarray
    scale: np.ndarray
    ridge_coef: np.ndarray
    ridge_intercept: float
    labels: tuple[str, ...]
    label_coef: np.ndarray | None  # (n_features + 1, n_labels)
    label_offsets: np.ndarray | None = None  # added to the logits before the argmax

    def _x(self, judgements: Sequence[Judgement]) -> np.ndarray:
        return np.asarray((_matrix(judgements) - self.mean) / self.scale)

    def apply(self, judgements: Sequence[Judgement], labels: Sequence[str]) -> tuple[list[float], list[str]]:
        """Calibrated scores in [0, 1], and labels when this calibration learned the same label set."""
        x = self._x(judgements)
        scores = np.clip(x @ self.ridge_coef + self.ridge_intercept, 0.0, 1.0)
        predicted: list[str] = []
        if self.label_coef is not None and tuple(labels) == self.labels:
            logits = np.hstack([x, np.ones((len(x), 1))]) @ self.label_coef
            if self.label_offsets is not None:
                logits = logits + self.label_offsets
            predicted = [self.labels[k] for k in np.argmax(logits, axis=1)]
        return [float(s) for s in scores], predicted


def _softmax_regression(x: np.ndarray, y: np.ndarray, n_classes: int, l2: float, steps: int = 500) -> np.ndarray:
    """Multinomial logistic regression by full-batch gradient descent, L2.

    Not class-balanced: the teacher's own label frequencies are the prior (balancing on
    Beetle, 27% contradictory, cost 0.05 macro-F1 on SciEntsBank, 11%).
    """
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros((xb.shape[1], n_classes))
    onehot = np.eye(n_classes)[y]
    reg = np.full((xb.shape[1], 1), l2)
    reg[-1] = 0.0
    for _ in range(steps):
        z = xb @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = xb.T @ (p - onehot) / len(y) + reg * w
        w -= 0.5 * grad
    return np.asarray(w)


def fit_calibration(rows: Sequence[BenchRow], judgements: Sequence[Judgement], *, alpha: float = 10.0,
                    l2: float = 0.01) -> Calibration:
    x = _matrix(judgements)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = (x - mean) / scale
    y = np.asarray([r.score for r in rows])
    intercept = float(y.mean())
    coef = np.linalg.solve(xs.T @ xs + alpha * np.eye(xs.shape[1]), xs.T @ (y - intercept))
    labels = label_set(rows)
    label_coef = None
    offsets = None
    if labels:
        keep = [i for i, r in enumerate(rows) if r.label in labels]
        codes = np.asarray([labels.index(rows[i].label) for i in keep])
        label_coef = _softmax_regression(xs[keep], codes, len(labels), l2)
        logits = np.hstack([xs[keep], np.ones((len(keep), 1))]) @ label_coef
        offsets = _macro_f1_offsets(logits, codes, len(labels))
    return Calibration(mean, scale, coef, intercept, labels, label_coef, offsets)


OFFSET_GRID = np.arange(-1.5, 3.01, 0.25)


def _macro_f1(gold: np.ndarray, pred: np.ndarray, n: int) -> float:
    f1 = []
    for k in range(n):
        tp = float(np.sum((gold == k) & (pred == k)))
        fp = float(np.sum((gold != k) & (pred == k)))
        fn = float(np.sum((gold == k) & (pred != k)))
        f1.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1))


def _macro_f1_offsets(logits: np.ndarray, gold: np.ndarray, n: int) -> np.ndarray:
    """Per-label logit offsets (the first label's fixed at 0) that maximise macro-F1 on the
    calibration data, coordinate by coordinate; ties keep the smaller change."""
    offsets = np.zeros(n)
    for _ in range(2):
        for k in range(1, n):
            best = (_macro_f1(gold, np.argmax(logits + offsets, axis=1), n), -abs(offsets[k]), offsets[k])
            for v in OFFSET_GRID:
                trial = offsets.copy()
                trial[k] = v
                cand = (_macro_f1(gold, np.argmax(logits + trial, axis=1), n), -abs(v), v)
                if cand[:2] > best[:2]:
                    best = cand
            offsets[k] = best[2]
    return offsets
