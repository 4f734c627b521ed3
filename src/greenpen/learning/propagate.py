"""Learn from the teacher's verdicts on some answers: regrade the answers they did not edit.

Three rules, tried in this order for each unedited answer (an answer the teacher edited is
never moved, and is the only kind of example):

1. **Like a graded example.** An answer that says the same thing as an answer of the same
   question the teacher graded follows the teacher: its whole text is close in meaning to
   the example's (cosine of the sentence embeddings ≥ `LIKE_AT`) and it shares the
   example's decisive findings (code results, misconceptions), or it has the same findings
   (the same key points stated, the same misconceptions, the same code results) and is
   close (≥ `SAME_FINDINGS_AT`). A lower verdict follows only to an answer in mostly the
   same words (`COPY_WORDS`): close in topic is not saying the same thing.
2. **Re-fitted cut points.** greenpen's verdict and, inside it, its score and the key
   points covered place each answer on one scale (`position`: incorrect 0–1, partial 1–2,
   correct 2–3), cut at 1 and 2. The teacher's verdicts say where *this* teacher cuts it:
   the cut points are fitted to their verdicts over the whole run (every question's
   decisions pooled, once there are `RUN_MIN_DECISIONS` that mostly agree with greenpen's order of the answers:
   `DISCORDANT_MAX`), then per question, held to the run's unless the question's own
   decisions say otherwise. An answer on the other side of a moved cut changes verdict.
   A question's own cut points are used only when they hold out: refitted without each of
   the question's decisions in turn, they reproduce it at least as well as the run's do.
   (Two or three least-sure answers are a thin base: a cut fitted to them alone often
   moves the confident answers the wrong way.)
3. **Overruled as a rule.** When, over the run, the teacher keeps almost none of greenpen's
   verdicts of one kind (at least `OVERRULED_MIN` decisions, fewer than `OVERRULED_STAY`
   kept), the other answers with that verdict move one step the way the teacher moved them
   (never from incorrect straight to correct, or back).
4. **Recalibrated.** A small model of the teacher's verdicts over greenpen's signals, fitted
   on every decision of the run (`recalibrate.py`), used only when it reproduces held-out
   questions' decisions better than greenpen does.

An answer with a misconception the teacher wrote (in review) is never raised to correct by
rules 2–4, and rules 2–4 never make an answer incorrect unless its findings show what is
wrong (a misconception, failing code, off topic): `incorrect` needs evidence. Only
following a teacher-graded example (rule 1) does either.

Pure functions over plain data: the store, the review app, the CLI and the teacher
benchmark all call `learn`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..domain import Finding
from ..grading.scoring import ERROR_KINDS

GRADED = ("incorrect", "partial", "correct")
RANK = {v: i for i, v in enumerate(GRADED)}
BANDS = {"correct": (0.8, 1.0), "partial": (0.3, 0.79), "incorrect": (0.0, 0.29)}
DEFAULT_CORRECT_AT = 2.0
DEFAULT_PARTIAL_AT = 1.0
"""Cut points on the position scale (see `position`): greenpen's own verdicts."""
LIKE_AT = 0.85
"""Cosine of two answers' embeddings from which one says the same as the other."""
SAME_FINDINGS_AT = 0.7
"""Cosine from which two answers with identical findings count as saying the same thing."""
RUN_PULL = 0.25
"""How strongly a question's cut points are held to the run's (cost per unit of score moved,
in disagreements): a question needs its own evidence to move them further."""
QUESTION_MIN_DECISIONS = 3
"""Teacher decisions on a question from which it may have cut points of its own. With two, leaving
one out to check the fit leaves one: on both real-world chapters, with two corrections per
question, every question-level cut that moved an answer moved it the wrong way."""
DEFAULT_PULL = 0.5
"""The same for the run's cut points against greenpen's defaults, per teacher decision."""
RUN_MIN_DECISIONS = 3
"""Teacher decisions in a run from which its cut points may move: one "incorrect" on an answer greenpen scored 94%
says that answer is wrong, not that the scale is off (one such decision had moved every answer scored like it, on
every question, to partial)."""
DISCORDANT_MAX = 0.2
"""Most share of the pairs of the teacher's decisions that go against greenpen's scale (the answer scored higher
marked lower) for the scale's cut points to be moved: such decisions say greenpen's scores missed what those answers
say, not where this teacher cuts."""
COPY_WORDS = 0.6
"""Share of content words two answers must share (over the words either uses) for a teacher's lower verdict on one to
follow to the other: answers close in topic and findings may still say opposite things ("memorises the training
data" and "has not trained enough" both cover the point's words), and a lower verdict, "incorrect" above all, needs
evidence."""

SIGNATURE_KINDS = frozenset({"key_point", "misconception", "code_ok", "code_wrong", "code_error",
                             "part_unanswered", "no_code", "off_topic", "self_contradiction"})


@dataclass(frozen=True)
class Answer:
    """One answer as learning sees it: greenpen's result and, when edited, the teacher's."""

    key: Any
    """Whatever identifies the answer for the caller (the store's answer id)."""
    question_id: str
    text: str
    verdict: str
    score: float
    confidence: float = 0.5
    findings: tuple[Finding, ...] = ()
    student: str = ""
    teacher_verdict: str | None = None
    teacher_score: float | None = None
    signals: tuple[tuple[str, float], ...] = ()
    """The numbers greenpen's verdict was drawn from (`Judgement.signals`)."""

    @property
    def taught(self) -> bool:
        return self.teacher_verdict is not None or self.teacher_score is not None

    @property
    def teacher_label(self) -> str | None:
        """The teacher's verdict, or the one their score implies."""
        if self.teacher_verdict is not None:
            return self.teacher_verdict
        if self.teacher_score is None:
            return None
        low = {v: b[0] for v, b in BANDS.items()}
        return "correct" if self.teacher_score >= low["correct"] else (
            "partial" if self.teacher_score >= low["partial"] else "incorrect")


@dataclass(frozen=True)
class Thresholds:
    """Where a question's scores are cut into verdicts."""

    correct_at: float = DEFAULT_CORRECT_AT
    partial_at: float = DEFAULT_PARTIAL_AT

    @property
    def default(self) -> bool:
        return (self.correct_at, self.partial_at) == (DEFAULT_CORRECT_AT, DEFAULT_PARTIAL_AT)


@dataclass(frozen=True)
class Move:
    """A verdict learning changes, and why."""

    key: Any
    question_id: str
    verdict: str
    score: float
    old_verdict: str
    old_score: float
    rule: str
    """"like" (follows a graded example) or "threshold" (a re-fitted cut point)."""
    example: Any = None
    """The key of the teacher-graded answer it follows (rule "like"), or of the nearest one."""
    example_student: str = ""
    example_verdict: str = ""
    similarity: float = 0.0
    reason: str = ""


@dataclass(frozen=True)
class Learned:
    moves: tuple[Move, ...]
    thresholds: dict[str, Thresholds] = field(default_factory=dict)
    run_thresholds: Thresholds = Thresholds()


Encode = Callable[[list[str]], np.ndarray]


def coverage(findings: Sequence[Finding]) -> float:
    """Weighted share of the key points stated, from the findings (0 when there are none)."""
    points = [f for f in findings if f.kind in ("key_point", "missed_point")]
    total = sum(f.weight or 1.0 for f in points)
    if not total:
        return 0.0
    return sum((f.weight or 1.0) * min(max(f.strength, 0.0), 1.0) for f in points) / total


def position(a: Answer) -> float:
    """Where an answer sits on greenpen's scale: its verdict's rank (incorrect 0, partial 1,
    correct 2) plus how far up its verdict it is (the score within the verdict's band and
    the key points covered, half each), so greenpen's cut points are at 1 and 2."""
    low, high = BANDS.get(a.verdict, (0.0, 1.0))
    within = min(max((a.score - low) / (high - low), 0.0), 1.0) if high > low else 0.0
    return RANK.get(a.verdict, 0) + 0.99 * (0.5 * within + 0.5 * coverage(a.findings))


def verdict_for(score: float, t: Thresholds) -> str:
    if score >= t.correct_at:
        return "correct"
    if score >= t.partial_at:
        return "partial"
    return "incorrect"


MAX_CUTS = 300
"""Cut points tried per threshold at most (a large run's positions are thinned to quantiles)."""


def _candidates(scores: Sequence[float], default: float) -> list[float]:
    """Cut points worth trying: the default, and at and just above every score."""
    values = sorted(set(scores))
    if len(values) > MAX_CUTS:
        values = sorted({values[round(i * (len(values) - 1) / (MAX_CUTS - 1))] for i in range(MAX_CUTS)})
    cuts = {default}
    for s in values:
        cuts.add(s)
        cuts.add(s + 1e-6)
    return sorted(c for c in cuts if 0.0 < c <= 3.0)


COST = np.array([[0.0, 0.5, 1.0], [0.5, 0.0, 0.5], [1.0, 0.5, 0.0]])
"""Disagreement between two verdict ranks: equal 0, neighbours half, incorrect↔correct 1."""


def fit_thresholds(pairs: Sequence[tuple[float, str]], prior: Thresholds, pull: float) -> Thresholds:
    """The cut points that best reproduce the teacher's verdicts on (position, verdict) pairs,
    each unit moved away from `prior` costing `pull` disagreements (ties: the smaller move)."""
    pairs = [(s, v) for s, v in pairs if v in RANK]
    if not pairs:
        return prior
    order = sorted(pairs)
    x = np.array([s for s, _ in order])
    cost_of = COST[:, [RANK[v] for _, v in order]]  # (3, n): each verdict rank's cost per answer
    prefix = np.concatenate([np.zeros((3, 1)), np.cumsum(cost_of, axis=1)], axis=1)  # (3, n + 1)
    cs = np.array(_candidates(x.tolist(), prior.correct_at))
    ps = np.array(_candidates(x.tolist(), prior.partial_at))
    below_c = np.searchsorted(x, cs, side="left")  # answers under each cut: they fall below it
    below_p = np.searchsorted(x, ps, side="left")
    b, a = below_c[:, None], below_p[None, :]
    # incorrect under p, partial from p to c, correct from c up (pairs with p > c are dropped below)
    loss = prefix[0][a] + (prefix[1][b] - prefix[1][a]) + (prefix[2][-1] - prefix[2][b])
    moved = np.abs(cs - prior.correct_at)[:, None] + np.abs(ps - prior.partial_at)[None, :]
    total = loss + pull * moved
    total[ps[None, :] > cs[:, None]] = np.inf
    key = np.round(total, 9)
    tied = np.where(key == key.min(), moved, np.inf)  # among the best fits, the smallest move
    ci, pi = np.unravel_index(int(np.argmin(tied)), tied.shape)
    return Thresholds(round(float(cs[ci]), 6), round(float(ps[pi]), 6))


DECISIVE_KINDS = frozenset({"misconception", "code_ok", "code_wrong", "code_error", "off_topic",
                            "self_contradiction"})
"""Findings two answers must share to be alike however close their words: code looks alike to
a sentence embedder whether it is right or wrong, and so does a claim and its negation."""


def _signature(findings: Sequence[Finding]) -> frozenset[tuple[str, str]]:
    return frozenset((f.kind, f.id) for f in findings if f.kind in SIGNATURE_KINDS)


def _decisive(findings: Sequence[Finding]) -> frozenset[tuple[str, str]]:
    return frozenset((f.kind, f.id) for f in findings if f.kind in DECISIVE_KINDS)


def _banded(score: float, verdict: str) -> float:
    low, high = BANDS[verdict]
    return round(min(max(score, low), high), 2)


def learn(answers: Sequence[Answer], encode: Encode | None = None) -> Learned:
    """New verdicts for the answers the teacher did not edit, learned from those they did.

    `answers` is every answer of a run (any questions); `encode` turns texts into unit
    vectors (the grader's sentence embedder) and may be None to learn thresholds only.
    """
    by_q: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_q[a.question_id].append(a)
    taught = [a for a in answers if a.taught and a.teacher_label in RANK and a.verdict in RANK]
    decided = [(position(a), a.teacher_label or "") for a in taught]
    run_t = fit_thresholds(decided, Thresholds(), DEFAULT_PULL * max(len(taught), 1) ** 0.5) \
        if len(taught) >= RUN_MIN_DECISIONS and _discordance(decided) <= DISCORDANT_MAX else Thresholds()
    overruled = _overruled(taught)
    moves: list[Move] = []
    fitted: dict[str, Thresholds] = {}
    texts = sorted({a.text for a in answers if a.text.strip() and a.verdict in RANK})
    vectors = dict(zip(texts, encode(texts), strict=True)) if encode and texts else {}
    for qid, group in by_q.items():
        examples = [a for a in group if a.taught and a.teacher_label in RANK]
        if not examples and run_t.default:
            continue
        own = [(position(a), a.teacher_label or "") for a in examples if a.verdict in RANK]
        t = question_thresholds(own, run_t)
        fitted[qid] = t
        for a in group:
            if a.taught or a.verdict not in RANK:
                continue
            move = (_like(a, examples, vectors) or _threshold(a, t, examples, vectors)
                    or _overrule(a, overruled, examples, vectors))
            if move is not None:
                moves.append(move)
    moves += _recalibrated(answers, taught, {m.key for m in moves}, by_q, vectors)
    return Learned(tuple(moves), fitted, run_t)


def question_thresholds(own: Sequence[tuple[float, str]], run_t: Thresholds) -> Thresholds:
    """A question's cut points fitted to its own decisions (held to the run's), or the run's
    when it has fewer than `QUESTION_MIN_DECISIONS` or the fit does not hold out: refitted without
    each decision in turn, it must reproduce that decision at least as well as the run's do."""
    if len(own) < QUESTION_MIN_DECISIONS:
        return run_t
    t = fit_thresholds(own, run_t, RUN_PULL * 10) if own else run_t
    if t == run_t:
        return t
    gain = 0.0
    for i, (pos, want) in enumerate(own):
        without = fit_thresholds([*own[:i], *own[i + 1:]], run_t, RUN_PULL * 10)
        gain += float(COST[RANK[want], RANK[verdict_for(pos, run_t)]]
                      - COST[RANK[want], RANK[verdict_for(pos, without)]])
    return t if gain >= 0 else run_t


def _recalibrated(answers: Sequence[Answer], taught: Sequence[Answer], moved: set[Any],
                  by_q: dict[str, list[Answer]], vectors: dict[str, np.ndarray]) -> list[Move]:
    """Rule 4 for the answers no other rule moved."""
    from . import recalibrate  # it reads this module's Answer; imported here to avoid a cycle

    graded = [a for a in answers if a.verdict in RANK]
    if not taught or not recalibrate.holds_out(taught, graded):
        return []
    model = recalibrate.fit(taught, graded)
    todo = [a for a in graded if not a.taught and a.key not in moved]
    if model is None or not todo:
        return []
    out = []
    for a, verdict in zip(todo, model.verdicts(todo), strict=True):
        if verdict == a.verdict or (verdict == "correct" and _teacher_misconception(a)):
            continue
        examples = [e for e in by_q[a.question_id] if e.taught and e.teacher_label == verdict]
        near, sim = _nearest(a, examples, vectors)
        reason = f"greenpen said {a.verdict}, and in this run you marked answers it reads like this one {verdict}"
        if near is not None:
            reason += f" (e.g. {near.student or 'another student'}'s)"
        out.append(Move(a.key, a.question_id, verdict, _banded(a.score, verdict), a.verdict, a.score,
                        "recalibrated", near.key if near else None, near.student if near else "", verdict,
                        round(max(sim, 0.0), 2), reason))
    return out


OVERRULED_MIN = 5
"""Teacher decisions on answers greenpen gave one verdict, from which the run can show that the
teacher overrules that verdict as a rule."""
OVERRULED_STAY = 1 / 3
"""Share (smoothed) of greenpen's verdict the teacher keeps, below which it is overruled."""


def _overruled(taught: Sequence[Answer]) -> dict[str, str]:
    """greenpen's verdicts that this teacher, over the whole run, almost never keeps, each with
    the neighbouring verdict they give instead (one step only: never correct ↔ incorrect)."""
    out: dict[str, str] = {}
    for verdict in GRADED:
        said = [a.teacher_label for a in taught if a.verdict == verdict]
        if len(said) < OVERRULED_MIN:
            continue
        stay = (said.count(verdict) + 1) / (len(said) + 3)
        if stay >= OVERRULED_STAY:
            continue
        up = sum(RANK[v] > RANK[verdict] for v in said if v in RANK)
        down = sum(RANK[v] < RANK[verdict] for v in said if v in RANK)
        step = 1 if up > down else -1 if down > up else 0
        if step:
            out[verdict] = GRADED[RANK[verdict] + step]
    return out


def _overrule(a: Answer, overruled: dict[str, str], examples: Sequence[Answer],
              vectors: dict[str, np.ndarray]) -> Move | None:
    verdict = overruled.get(a.verdict)
    if verdict is None or not _may_become(a, verdict):
        return None
    near, sim = _nearest(a, [e for e in examples if e.teacher_label == verdict], vectors)
    reason = (f"greenpen said {a.verdict}, and in this run you changed most of its {a.verdict} "
              f"verdicts to {verdict}")
    return Move(a.key, a.question_id, verdict, _banded(a.score, verdict), a.verdict, a.score, "overruled",
                near.key if near else None, near.student if near else "", verdict, round(max(sim, 0.0), 2),
                reason)


def _similarity(a: Answer, b: Answer, vectors: dict[str, np.ndarray]) -> float:
    """Cosine of the two answers' embeddings (without an encoder: 1 for the same text, else 0)."""
    va, vb = vectors.get(a.text), vectors.get(b.text)
    if va is not None and vb is not None:
        return float(va @ vb)
    return 1.0 if a.text.strip() and a.text.strip() == b.text.strip() else 0.0


def _nearest(a: Answer, examples: Sequence[Answer], vectors: dict[str, np.ndarray]) -> tuple[Answer | None, float]:
    best, best_sim = None, -1.0
    for e in examples:
        sim = _similarity(a, e, vectors)
        if sim > best_sim:
            best, best_sim = e, sim
    return best, best_sim


def _like(a: Answer, examples: Sequence[Answer], vectors: dict[str, np.ndarray]) -> Move | None:
    sig = _signature(a.findings)
    chosen: tuple[Answer, float] | None = None
    for e in examples:
        sim = _similarity(a, e, vectors)
        same = (sim >= LIKE_AT and _decisive(a.findings) == _decisive(e.findings)) or (
            sig and sig == _signature(e.findings) and sim >= SAME_FINDINGS_AT)
        if same and (chosen is None or sim > chosen[1]):
            chosen = (e, sim)
    if chosen is None:
        return None
    e, sim = chosen
    verdict = e.teacher_label or a.verdict
    if RANK.get(verdict, 0) < RANK.get(a.verdict, 0) and not _copies(a.text, e.text):
        return None  # a lower verdict follows only an answer that says it in the same words
    score = e.teacher_score if e.teacher_score is not None else _banded(a.score, verdict)
    if verdict == a.verdict and abs(score - a.score) < 0.005:
        return None
    who = e.student or "another student"
    return Move(a.key, a.question_id, verdict, round(score, 2), a.verdict, a.score, "like", e.key, who,
                verdict, round(sim, 2), f"like {who}'s answer, which you marked {verdict}")


def _discordance(decided: Sequence[tuple[float, str]]) -> float:
    """Share of the pairs of decisions with different verdicts in which the answer greenpen placed higher got the lower
    verdict from the teacher."""
    pairs = [(a, b) for i, a in enumerate(decided) for b in decided[i + 1:] if a[1] != b[1] and a[0] != b[0]]
    if not pairs:
        return 0.0
    against = sum((a[0] - b[0]) * (RANK[a[1]] - RANK[b[1]]) < 0 for a, b in pairs)
    return against / len(pairs)


def _copies(text: str, example: str) -> bool:
    """Two answers in (mostly) the same words: `COPY_WORDS` of the content words either uses are in both."""
    from ..textutil import content_tokens

    mine, theirs = content_tokens(text), content_tokens(example)
    union = mine | theirs
    return bool(union) and len(mine & theirs) >= COPY_WORDS * len(union)


TEACHER_ITEM = "teacher-"
"""Id prefix of the key points and misconceptions the teacher added in review."""


def _teacher_misconception(a: Answer) -> bool:
    return any(f.kind == "misconception" and f.id.startswith(TEACHER_ITEM) for f in a.findings)


EVIDENCE_KINDS = frozenset({"misconception", "code_wrong", "code_error", "off_topic"})
"""Findings that show what is wrong with an answer: learning needs one to make it incorrect."""


def _may_become(a: Answer, verdict: str) -> bool:
    """Whether rules 2 and 3 may give `a` this verdict: not correct over a finding that shows
    a problem (a re-fitted threshold moves the answers whose verdict rests on their score, and
    the grader never calls an answer correct with a part unanswered, code that fails, or a
    misconception — the teacher's own misconceptions included; only a teacher's verdict on an
    answer like it, rule 1, lifts one), not incorrect without evidence."""
    if verdict == "correct":
        return not _teacher_misconception(a) and not any(f.kind in ERROR_KINDS for f in a.findings)
    if verdict == "incorrect" and a.verdict != "incorrect":
        return any(f.kind in EVIDENCE_KINDS for f in a.findings)
    return True


def _threshold(a: Answer, t: Thresholds, examples: Sequence[Answer],
               vectors: dict[str, np.ndarray]) -> Move | None:
    verdict = verdict_for(position(a), t)
    if verdict == a.verdict or not _may_become(a, verdict):
        return None
    near, sim = _nearest(a, [e for e in examples if e.teacher_label == verdict], vectors)
    if near is not None:
        who = near.student or "another student"
        reason = (f"scored {a.score:.0%}, and you marked answers scored like this {verdict} "
                  f"(e.g. {who}'s)")
    else:
        reason = f"scored {a.score:.0%}, and your verdicts in this run put that score at {verdict}"
    return Move(a.key, a.question_id, verdict, _banded(a.score, verdict), a.verdict, a.score, "threshold",
                near.key if near else None, near.student if near else "", verdict, round(max(sim, 0.0), 2), reason)
