"""Class-level recalibration: what the teacher's verdicts over the whole run say about the
numbers greenpen's verdicts are drawn from.

    Answer.signals (coverage, central, best, p_correct, p_contradiction) + confidence, score,
    evidence findings, length ─► standardised over the run's graded answers
        ─► two logistic regressions, "at least partial" and "correct", each offset by
           greenpen's own verdict (±`ANCHOR`) and L2-regularised toward it: with no
           evidence against greenpen they reproduce its verdicts
        ─► fitted on every teacher decision of the run (K per question × questions)

A grader's mistakes can be systematic across questions (it calls a teacher's partials correct
wherever a key point is stated but thin, say), and a few decisions on each question then
teach something about every other question. Or they are not, and then a model fitted on a
few dozen decisions only adds noise. So the model is *held out* before it is used
(`holds_out`): fitted without one question's decisions at a time, it must reproduce those
decisions better than greenpen did (by `MARGIN` in agreement, with no new false alarm).
Otherwise learning does not use it.

It learns from the signals each judgement carries, never from greenpen's thresholds, so a
change to the grader's cut points changes what it learns, not whether it works. Numpy only,
deterministic (fixed-step gradient descent from zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .propagate import RANK, Answer, coverage

SIGNALS = ("coverage", "central", "best", "p_correct", "p_contradiction")
"""`Judgement.signals` the model reads (-1 or absent: not measured, read as 0)."""
EVIDENCE = frozenset({"misconception", "code_wrong", "code_error", "off_topic"})
"""Findings that show something is wrong: without one, learning never makes an answer incorrect."""
UNANSWERED = frozenset({"part_unanswered", "no_code"})
ANCHOR = 1.0
"""Logit offset given by greenpen's own verdict (how much evidence it takes to overrule it)."""
L2 = 10.0
"""Ridge penalty on the weights (in decisions: the model needs many to move far)."""
MARGIN = 1.0
"""Agreement (an equal verdict counts 1, a neighbour ½) the model must gain on held-out
questions' decisions before learning uses it."""
STEPS = 400


def features(a: Answer) -> list[float]:
    s = dict(a.signals)
    kinds = {f.kind for f in a.findings}
    return [
        *(max(s.get(name, coverage(a.findings) if name == "coverage" else 0.0), 0.0) for name in SIGNALS),
        a.confidence, a.score, float(bool(kinds & EVIDENCE)), float(bool(kinds & UNANSWERED)),
        float(np.log1p(len(a.text.split()))),
    ]


@dataclass(frozen=True)
class Recalibration:
    """Two fitted logistic regressions over standardised features."""

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, np.ndarray]
    """("at least partial", "correct"): feature weights with the intercept last."""

    def verdicts(self, answers: Sequence[Answer]) -> list[str]:
        """The verdict the model gives each answer (never incorrect without evidence)."""
        if not answers:
            return []
        x = self._x(answers)
        rank = np.array([RANK[a.verdict] for a in answers])
        p_partial, p_correct = (_sigmoid(x @ w + _offset(rank, cut)) for w, cut in zip(self.weights, (1, 2),
                                                                                         strict=True))
        out = []
        for a, pp, pc in zip(answers, p_partial, p_correct, strict=True):
            verdict = "correct" if min(pp, pc) >= 0.5 else "partial" if pp >= 0.5 else "incorrect"
            if verdict == "incorrect" and a.verdict != "incorrect" and not _evidence(a):
                verdict = "partial"
            out.append(verdict)
        return out

    def _x(self, answers: Sequence[Answer]) -> np.ndarray:
        x = (np.array([features(a) for a in answers], dtype=np.float64) - self.mean) / self.scale
        return np.hstack([x, np.ones((len(answers), 1))])


def _evidence(a: Answer) -> bool:
    return any(f.kind in EVIDENCE for f in a.findings)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))))


def _offset(rank: np.ndarray, cut: int) -> np.ndarray:
    return np.asarray(ANCHOR * np.where(rank >= cut, 1.0, -1.0))


def _logistic(x: np.ndarray, y: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """Logistic regression with a fixed offset, ridge on the weights (not the intercept)."""
    w = np.zeros(x.shape[1])
    reg = np.full(x.shape[1], L2)
    reg[-1] = 1.0
    step = 1.0 / (len(y) + L2)
    for _ in range(STEPS):
        w -= step * (x.T @ (_sigmoid(x @ w + offset) - y) + reg * w)
    return w


def fit(decisions: Sequence[Answer], population: Sequence[Answer]) -> Recalibration | None:
    """Fit on the teacher's decisions (answers with a teacher label and a graded verdict);
    features are standardised over `population` (the run's graded answers)."""
    decisions = [a for a in decisions if a.teacher_label in RANK and a.verdict in RANK]
    if not decisions:
        return None
    raw = np.array([features(a) for a in [*population, *decisions]], dtype=np.float64)
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = Recalibration(mean, scale, (np.zeros(raw.shape[1] + 1), np.zeros(raw.shape[1] + 1)))
    x = model._x(decisions)
    rank = np.array([RANK[a.verdict] for a in decisions])
    taught = np.array([RANK[a.teacher_label or ""] for a in decisions])
    weights = tuple(_logistic(x, (taught >= cut).astype(np.float64), _offset(rank, cut)) for cut in (1, 2))
    return Recalibration(mean, scale, (weights[0], weights[1]))


def _agreement(want: str, got: str) -> float:
    return 1.0 if want == got else 0.5 if abs(RANK[want] - RANK[got]) == 1 else 0.0


def holds_out(decisions: Sequence[Answer], population: Sequence[Answer]) -> bool:
    """Whether a model fitted without each question's decisions reproduces them better than
    greenpen did (by `MARGIN`) and makes no new false alarm (an answer the teacher marked
    correct called incorrect)."""
    decisions = [a for a in decisions if a.teacher_label in RANK and a.verdict in RANK]
    questions = sorted({a.question_id for a in decisions})
    if len(questions) < 2:
        return False
    gain = 0.0
    alarms = 0
    for q in questions:
        model = fit([a for a in decisions if a.question_id != q], population)
        held = [a for a in decisions if a.question_id == q]
        if model is None:
            continue
        for a, verdict in zip(held, model.verdicts(held), strict=True):
            want = a.teacher_label or ""
            gain += _agreement(want, verdict) - _agreement(want, a.verdict)
            alarms += int(want == "correct" and verdict == "incorrect" and a.verdict != "incorrect")
    return gain >= MARGIN and alarms == 0
