"""Training the answer-correctness model, reproducibly (`greenpen train`, `make train`).

    datasets/*.csv ─► (question, reference, answer) + targets ─► features (features.py)
                   ─► question-disjoint CV (GroupKFold on question) picks C
                   ─► logistic regression heads: P(correct), P(contradictory)
                   ─► models/correctness-v1.json (names, scaling, coefficients, thresholds,
                      data hashes, CV and leave-one-corpus-out metrics)

Only training splits are read: SciEntsBank 3-way train, Beetle 3-way train and SAF
(English) train. `scientsbank-3way-unseen-answers.csv` is a test split and is never read
here. Both heads are fitted on SciEntsBank and Beetle only (`correct` = 1, other labels 0;
the contradiction head: `contradictory` against everything else), each corpus weighted
equally. SAF, a different domain with partial credit, is held out: it gives an
out-of-corpus figure and places the two partial-credit thresholds, nothing else.

Needs scikit-learn (`pip install 'greenpen[train]'`); the shipped model needs only numpy.
Everything is deterministic: fixed folds, fixed solver, no random state involved.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .grading.correctness import Head
from .grading.features import FEATURES, Encoder, compute_features

CORPORA: dict[str, str] = {
    "scientsbank": "scientsbank-3way-train.csv",
    "beetle": "beetle-3way-train.csv",
    "saf": "saf-en-train.csv",
}
FIT_CORPORA = ("scientsbank", "beetle")
"""The corpora the heads are fitted on. SAF is read for evaluation only (and to place the
partial-credit thresholds): fitting on it made every corpus worse in question-disjoint CV,
SAF itself included (AUC 0.52 with it, 0.62 without)."""
FORBIDDEN = ("scientsbank-3way-unseen-answers.csv",)
C_GRID = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
N_FOLDS = 5
MODEL_VERSION = "correctness-v1"


@dataclass(frozen=True)
class Example:
    corpus: str
    question_id: str
    question: str
    reference: str
    answer: str
    score: float  # human score / max score, in [0, 1]
    label: str  # normalised: correct / partial / contradictory / incorrect


def _label(corpus: str, raw: str) -> str:
    raw = raw.strip().lower()
    if raw == "partially correct":
        return "partial"
    return raw


def load_examples(data_dir: Path, corpora: Sequence[str] = tuple(CORPORA)) -> list[Example]:
    out: list[Example] = []
    for corpus in corpora:
        path = data_dir / CORPORA[corpus]
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                max_score = float(row["max_score"]) or 1.0
                out.append(Example(
                    corpus=corpus,
                    question_id=row["question_id"],
                    question=row["question"],
                    reference=row["reference_answer"],
                    answer=row["answer"],
                    score=min(1.0, max(0.0, float(row["score"]) / max_score)),
                    label=_label(corpus, row.get("label", "")),
                ))
    return out


def file_hashes(data_dir: Path, corpora: Sequence[str] = tuple(CORPORA)) -> dict[str, str]:
    return {CORPORA[c]: hashlib.sha256((data_dir / CORPORA[c]).read_bytes()).hexdigest() for c in corpora}


def targets(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """(soft P(correct) target, contradiction target with NaN where the corpus has no such label)."""
    y_ok = np.array([e.score if e.corpus == "saf" else float(e.label == "correct") for e in examples])
    y_contra = np.array([
        math.nan if e.corpus == "saf" else float(e.label == "contradictory") for e in examples
    ])
    return y_ok, y_contra


# ─── model ─────────────────────────────────────────────────────────────────

def fit_head(x: np.ndarray, y: np.ndarray, c: float, weights: np.ndarray | None = None) -> Head:
    """Fit on soft targets y ∈ [0, 1] (each row counted as y positive and 1 − y negative)."""
    from sklearn.linear_model import LogisticRegression

    w = np.ones(len(y)) if weights is None else weights
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = (x - mean) / scale
    xx = np.vstack([xs, xs])
    yy = np.concatenate([np.ones(len(y)), np.zeros(len(y))])
    ww = np.concatenate([w * y, w * (1 - y)])
    keep = ww > 0
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=5000, tol=1e-8)
    model.fit(xx[keep], yy[keep], sample_weight=ww[keep] * (len(y) / ww[keep].sum()))
    return Head(mean, scale, model.coef_[0].copy(), float(model.intercept_[0]))


def corpus_weights(examples: Sequence[Example]) -> np.ndarray:
    """Weights that give every corpus the same total weight (mean 1)."""
    corpora = [e.corpus for e in examples]
    counts = {c: corpora.count(c) for c in set(corpora)}
    w = np.array([len(examples) / (len(counts) * counts[c]) for c in corpora])
    return np.asarray(w)


# ─── metrics ───────────────────────────────────────────────────────────────


def auc(y: np.ndarray, p: np.ndarray) -> float:
    """Area under the ROC curve of binary labels y (ties counted half)."""
    from .bench.metrics import roc_auc

    return roc_auc(y, p)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    from .bench.metrics import macro_f1 as _m

    return _m(gold, pred)


def label_3way(corpus: str, p_ok: float, p_contra: float, thresholds: dict[str, float]) -> str:
    if corpus == "saf":
        if p_ok >= thresholds["saf_correct"]:
            return "correct"
        return "partial" if p_ok >= thresholds["saf_partial"] else "incorrect"
    if p_ok >= thresholds["correct"]:
        return "correct"
    return "contradictory" if p_contra >= thresholds["contradiction"] else "incorrect"


def _macro_f1_codes(gold: np.ndarray, pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Macro-F1 of integer labels; `pred` may be (k, n) for k candidate predictions at once."""
    pred = np.atleast_2d(pred)
    f1 = np.zeros(pred.shape[0])
    for c in range(n_classes):
        g = gold == c
        if not g.any():
            continue
        p = pred == c
        tp = (p & g).sum(axis=1)
        fp = (p & ~g).sum(axis=1)
        fn = (~p & g).sum(axis=1)
        f1 += np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    return np.asarray(f1 / len(set(gold.tolist())))


def choose_thresholds(examples: Sequence[Example], p_ok: np.ndarray, p_contra: np.ndarray) -> dict[str, float]:
    """Thresholds that maximise macro-F1 (SciEntsBank+Beetle 3-way; SAF 3-way) on the given predictions."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    out = {"correct": 0.5, "contradiction": 0.5, "saf_correct": 0.7, "saf_partial": 0.3}
    sb = np.array([e.corpus != "saf" for e in examples])
    if sb.any():
        code = {"correct": 0, "contradictory": 1, "incorrect": 2}
        gold = np.array([code.get(e.label, 2) for e, s in zip(examples, sb, strict=True) if s])
        pk, px = p_ok[sb], p_contra[sb]
        best = (-1.0, 0.5, 0.5)
        for tc in grid:
            preds = np.where(pk[None, :] >= tc, 0, np.where(px[None, :] >= grid[:, None], 1, 2))
            f = _macro_f1_codes(gold, preds, 3)
            j = int(np.argmax(f))
            if f[j] > best[0] + 1e-12:
                best = (float(f[j]), float(tc), float(grid[j]))
        out["correct"], out["contradiction"] = best[1], best[2]
    sf = ~sb
    if sf.any():
        code = {"correct": 0, "partial": 1, "incorrect": 2}
        gold = np.array([code.get(e.label, 2) for e, s in zip(examples, sf, strict=True) if s])
        pk = p_ok[sf]
        best = (-1.0, 0.7, 0.3)
        for tc in grid:
            lows = grid[grid < tc]
            if not len(lows):
                continue
            preds = np.where(pk[None, :] >= tc, 0, np.where(pk[None, :] >= lows[:, None], 1, 2))
            f = _macro_f1_codes(gold, preds, 3)
            j = int(np.argmax(f))
            if f[j] > best[0] + 1e-12:
                best = (float(f[j]), float(tc), float(lows[j]))
        out["saf_correct"], out["saf_partial"] = best[1], best[2]
    return out


def evaluate(
    examples: Sequence[Example], p_ok: np.ndarray, p_contra: np.ndarray, thresholds: dict[str, float]
) -> dict[str, dict[str, float]]:
    """Per corpus: AUC correct-vs-rest, Pearson r with the human score, 3-way macro-F1 and accuracy,
    and (SciEntsBank/Beetle) AUC of contradictory vs rest and vs correct."""
    from .bench.metrics import accuracy, pearson

    y_ok, _ = targets(examples)
    out: dict[str, dict[str, float]] = {}
    for corpus in sorted({e.corpus for e in examples}):
        idx = np.array([i for i, e in enumerate(examples) if e.corpus == corpus])
        gold = [examples[i].label for i in idx]
        pred = [label_3way(corpus, p_ok[i], p_contra[i], thresholds) for i in idx]
        m = {
            "n": float(len(idx)),
            "auc_correct": auc(np.array([g == "correct" for g in gold], dtype=float), p_ok[idx]),
            "pearson": pearson(p_ok[idx], y_ok[idx]),
            "macro_f1": macro_f1(gold, pred),
            "accuracy": accuracy(gold, pred),
        }
        if corpus != "saf":
            is_c = np.array([g == "contradictory" for g in gold], dtype=float)
            m["auc_contra"] = auc(is_c, p_contra[idx])
            sel = np.array([g != "incorrect" for g in gold])
            m["auc_contra_vs_correct"] = auc(is_c[sel], p_contra[idx][sel])
        out[corpus] = {k: round(v, 4) for k, v in m.items()}
    return out


# ─── cross-validation ──────────────────────────────────────────────────────


def group_folds(examples: Sequence[Example], n_folds: int = N_FOLDS) -> list[np.ndarray]:
    """Question-disjoint folds (GroupKFold on corpus:question_id): test indices per fold."""
    from sklearn.model_selection import GroupKFold

    groups = np.array([f"{e.corpus}:{e.question_id}" for e in examples])
    dummy = np.zeros(len(examples))
    return [test for _, test in GroupKFold(n_splits=n_folds).split(dummy, dummy, groups)]


def fit_heads(
    examples: Sequence[Example], x: np.ndarray, c_ok: float, c_contra: float, balance: bool
) -> tuple[Head, Head | None]:
    keep = np.array([e.corpus in FIT_CORPORA for e in examples])
    examples = [e for e, k in zip(examples, keep, strict=True) if k]
    x = x[keep]
    y_ok, y_contra = targets(examples)
    w = corpus_weights(examples) if balance else np.ones(len(examples))
    ok = fit_head(x, y_ok, c_ok, w)
    has = ~np.isnan(y_contra)
    contra = fit_head(x[has], y_contra[has], c_contra, w[has]) if has.any() else None
    return ok, contra


def oof_predictions(
    examples: Sequence[Example], x: np.ndarray, c_ok: float, c_contra: float, balance: bool,
    folds: Sequence[np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    p_ok = np.zeros(len(examples))
    p_contra = np.zeros(len(examples))
    for test in folds:
        train_mask = np.ones(len(examples), dtype=bool)
        train_mask[test] = False
        train_idx = np.flatnonzero(train_mask)
        ok, contra = fit_heads([examples[int(i)] for i in train_idx], x[train_idx], c_ok, c_contra, balance)
        p_ok[test] = ok.predict(x[test])
        p_contra[test] = contra.predict(x[test]) if contra else 0.0
    return p_ok, p_contra


def _mean_auc(examples: Sequence[Example], p: np.ndarray, key: Callable[[Example], bool],
              corpora: Sequence[str]) -> float:
    vals = []
    for corpus in corpora:
        idx = [i for i, e in enumerate(examples) if e.corpus == corpus]
        if idx:
            vals.append(auc(np.array([key(examples[i]) for i in idx], dtype=float), p[idx]))
    return float(np.mean(vals)) if vals else 0.0


def select_c(
    examples: Sequence[Example], x: np.ndarray, balance: bool, folds: Sequence[np.ndarray]
) -> tuple[float, float, dict[str, float]]:
    """The C of each head with the best mean per-corpus CV AUC."""
    scores_ok: dict[str, float] = {}
    scores_contra: dict[str, float] = {}
    for c in C_GRID:
        p_ok, p_contra = oof_predictions(examples, x, c, c, balance, folds)
        scores_ok[str(c)] = _mean_auc(examples, p_ok, lambda e: e.label == "correct", FIT_CORPORA)
        scores_contra[str(c)] = _mean_auc(examples, p_contra, lambda e: e.label == "contradictory",
                                          FIT_CORPORA)
    c_ok = float(max(scores_ok, key=lambda k: (round(scores_ok[k], 4), -float(k))))
    c_contra = float(max(scores_contra, key=lambda k: (round(scores_contra[k], 4), -float(k))))
    return c_ok, c_contra, {f"ok@{k}": round(v, 4) for k, v in scores_ok.items()} | {
        f"contra@{k}": round(v, 4) for k, v in scores_contra.items()}


def leave_one_corpus_out(
    examples: Sequence[Example], x: np.ndarray, c_ok: float, c_contra: float, balance: bool
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    corpora = sorted({e.corpus for e in examples})
    for held in corpora:
        tr = np.array([i for i, e in enumerate(examples) if e.corpus != held])
        te = np.array([i for i, e in enumerate(examples) if e.corpus == held])
        tr_ex = [examples[i] for i in tr]
        ok, contra = fit_heads(tr_ex, x[tr], c_ok, c_contra, balance)
        th = choose_thresholds(tr_ex, ok.predict(x[tr]), contra.predict(x[tr]) if contra else np.zeros(len(tr)))
        te_ex = [examples[i] for i in te]
        p_ok = ok.predict(x[te])
        p_contra = contra.predict(x[te]) if contra else np.zeros(len(te))
        out[held] = evaluate(te_ex, p_ok, p_contra, th)[held]
    return out


# ─── the whole run ─────────────────────────────────────────────────────────


def _r(v: float) -> float:
    return float(f"{v:.6g}")


def _head_json(head: Head) -> dict[str, Any]:
    return {
        "mean": [_r(v) for v in head.mean],
        "scale": [_r(v) for v in head.scale],
        "coef": [_r(v) for v in head.coef],
        "intercept": _r(head.intercept),
    }


def train(
    data_dir: Path,
    *,
    encoder: Encoder,
    embedder_name: str = "use",
    features: Sequence[str] = FEATURES,
    balance: bool = True,
    log: Callable[[str], None] = lambda _msg: None,
) -> dict[str, Any]:
    """Train both heads and return the model as a JSON-ready dict (with its CV metrics)."""
    for name in FORBIDDEN:
        if name in CORPORA.values():  # pragma: no cover - a guard against editing CORPORA
            raise ValueError(f"{name} is a test split and must not be trained on")
    examples = load_examples(data_dir)
    log(f"{len(examples)} training answers from {len(CORPORA)} corpora")
    x = compute_features([(e.question, e.reference, e.answer) for e in examples], encoder, features)
    log(f"{x.shape[1]} features computed")
    folds = group_folds(examples)
    c_ok, c_contra, c_scores = select_c(examples, x, balance, folds)
    log(f"chosen C: P(correct) {c_ok}, P(contradictory) {c_contra}")
    p_ok, p_contra = oof_predictions(examples, x, c_ok, c_contra, balance, folds)
    thresholds = choose_thresholds(examples, p_ok, p_contra)
    cv = evaluate(examples, p_ok, p_contra, thresholds)
    baseline = evaluate(examples, x[:, list(features).index("cos_ra")] if "cos_ra" in features
                        else np.zeros(len(examples)), np.zeros(len(examples)), {
                            "correct": 2.0, "contradiction": 2.0, "saf_correct": 2.0, "saf_partial": 2.0})
    loco = leave_one_corpus_out(examples, x, c_ok, c_contra, balance)
    log("cross-validation done")
    ok, contra = fit_heads(examples, x, c_ok, c_contra, balance)
    assert contra is not None
    return {
        "schema": "greenpen.correctness/1",
        "version": MODEL_VERSION,
        "embedder": embedder_name,
        "features": list(features),
        "p_correct": _head_json(ok),
        "p_contradiction": _head_json(contra),
        "thresholds": thresholds,
        "training": {
            "data": file_hashes(data_dir),
            "examples": {c: sum(e.corpus == c for e in examples) for c in CORPORA},
            "fitted_on": list(FIT_CORPORA),
            "targets": "correct=1 else 0; contradiction head: contradictory vs rest; "
                       "SAF held out (evaluation and the saf_* partial-credit thresholds only)",
            "corpus_balanced": balance,
            "C": {"p_correct": c_ok, "p_contradiction": c_contra},
            "cv_folds": f"GroupKFold({N_FOLDS}) on corpus:question_id",
            "c_search_mean_auc": c_scores,
        },
        "metrics": {
            "cv": cv,
            "leave_one_corpus_out": loco,
            "baseline_cos_ra_auc": {k: v["auc_correct"] for k, v in baseline.items()},
        },
    }


def write_model(model: dict[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, indent=1, sort_keys=False) + "\n", encoding="utf-8")
