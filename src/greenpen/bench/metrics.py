"""Agreement metrics, numpy only: Pearson, Spearman, RMSE, ROC AUC, accuracy, macro-F1, confusion."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def _floats(values: Sequence[float] | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float64).ravel()


def pearson(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    """Pearson's r; 0.0 when either side is constant or there are fewer than two values."""
    a, b = _floats(x), _floats(y)
    if len(a) < 2:
        return 0.0
    a, b = a - a.mean(), b - b.mean()
    den = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else 0.0


def rank(values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Ranks 1..n, ties given their average rank."""
    v = _floats(values)
    order = np.argsort(v, kind="mergesort")
    ranks = np.empty(len(v))
    sorted_v = v[order]
    i = 0
    while i < len(v):
        j = i
        while j + 1 < len(v) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    return pearson(rank(x), rank(y))


def rmse(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> float:
    a, b = _floats(x), _floats(y)
    return float(np.sqrt(np.mean((a - b) ** 2))) if len(a) else 0.0


def roc_auc(y: Sequence[float] | np.ndarray, score: Sequence[float] | np.ndarray) -> float:
    """Area under the ROC curve of binary labels (1 = positive); 0.5 when one class is absent."""
    labels, s = _floats(y) > 0.5, _floats(score)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.5
    r = rank(s)
    return float((r[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> float:
    """Mean F1 over the gold labels (or `labels`); a label never predicted scores 0."""
    classes = list(labels) if labels is not None else sorted(set(gold))
    if not classes:
        return 0.0
    f1s = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Counts[i][j]: answers with gold label labels[i] predicted as labels[j]."""
    index = {c: i for i, c in enumerate(labels)}
    out = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        if g in index and p in index:
            out[index[g]][index[p]] += 1
    return out
