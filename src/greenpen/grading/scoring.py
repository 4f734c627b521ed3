"""From findings to a score, a verdict and a confidence: the rules the README explains.

1. No answer → `missing`, score 0. Only a drawing that is not in the file → `unassessable`.
2. Coverage = weighted share of the key points stated (a key point counts fully when the
   rubric's cues match, partly when only the embeddings or the words suggest it). Parts
   that ask for a drawing are left out: they cannot be assessed.
3. With a learned correctness estimate p, score = 0.8·coverage + 0.2·p. A question with
   only a reference answer (no rubric) is decided by p itself: `correct` from p ≥ 0.42 (or
   coverage ≥ 0.6), `partial` from p ≥ 0.2 (or any key point stated), else `incorrect`.
4. A misconception takes 0.4 off per item; code that gives the wrong result caps the
   score at 0.5, and code that raises an error makes the answer `incorrect` (it produces
   nothing); a part of the question left unanswered or code asked for and not
   given caps it at 0.6; an off-topic answer or one that addresses the grader gets 0.
5. Verdict: `correct` when the central (highest-weight) key point is stated, with no
   misconception, nothing unanswered, no failing code and score ≥ 0.45 (a short answer
   that states the central idea is correct); `incorrect` when the answer is off topic, or
   the central point is not stated and either a misconception stands or nothing right is
   stated and the score is below 0.3; otherwise `partial` (something right is there).
   The score is then kept inside its verdict's band (correct ≥ 0.8, partial 0.3–0.79,
   incorrect < 0.3), so points and verdict never disagree.
6. Confidence rises when the signals agree (cues rather than embeddings; the learned
   estimate on the same side as the coverage) and when the score is far from a boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Finding, FindingKind, Verdict

CORRECT_AT = 0.45
P_CORRECT = 0.42
"""Reference-only mode: learned P(correct) from which an answer is `correct` (chosen on the
training corpora, question-disjoint; see greenpen/data/models/correctness-v1.json)."""
P_PARTIAL = 0.2
INCORRECT_BELOW = 0.3
BANDS: dict[str, tuple[float, float]] = {
    "correct": (0.8, 1.0), "partial": (0.3, 0.79), "incorrect": (0.0, 0.29),
    "missing": (0.0, 0.0), "unassessable": (0.0, 0.0),
}


@dataclass(frozen=True)
class Evidence:
    """What scoring needs besides the findings themselves."""

    coverage: float
    central_covered: bool
    any_covered: bool
    cue_share: float  # share of the decided key points decided by cues
    p_correct: float | None
    reference_only: bool


def decide(findings: Sequence[Finding], ev: Evidence) -> tuple[float, Verdict, float]:
    """Score, verdict and confidence for one answer (see the module docstring)."""
    kinds = {f.kind for f in findings}
    if "empty" in kinds:
        return 0.0, "missing", 1.0
    if "attachment_missing" in kinds and ev.coverage == 0 and not (kinds - {"attachment_missing", "missed_point"}):
        return 0.0, "unassessable", 0.9
    if ev.reference_only and ev.p_correct is not None:
        return _decide_reference_only(kinds, ev, ev.p_correct)
    score = ev.coverage if ev.p_correct is None else 0.8 * ev.coverage + 0.2 * ev.p_correct
    misconceptions = [f for f in findings if f.kind == "misconception"]
    score -= 0.4 * sum(f.strength for f in misconceptions)
    if "code_wrong" in kinds:
        score = min(score, 0.5)
    if "code_error" in kinds:
        score = min(score, 0.25)  # code that does not run produces no answer
    if kinds & {"part_unanswered", "no_code"}:
        score = min(score, 0.6)
    if "off_topic" in kinds:
        score = 0.0
    score = max(0.0, min(1.0, score))
    blocked = kinds & {"code_wrong", "code_error", "part_unanswered", "no_code", "off_topic"}
    strong_misc = any(f.strength >= 0.8 for f in misconceptions)
    if ev.central_covered and not misconceptions and not blocked and score >= CORRECT_AT:
        verdict: Verdict = "correct"
    elif kinds & {"off_topic", "code_error"} or (not ev.central_covered and (
            strong_misc or (score < INCORRECT_BELOW and not ev.any_covered))):
        verdict = "incorrect"
    else:
        verdict = "partial"
    low, high = BANDS[verdict]
    banded = min(max(score, low), high)
    return round(banded, 2), verdict, _confidence(score, verdict, ev, bool(misconceptions))


def _decide_reference_only(kinds: set[FindingKind], ev: Evidence, p: float) -> tuple[float, Verdict, float]:
    """No rubric: the key points drawn from the reference are only a rough guide, so the
    learned estimate leads, with thresholds chosen on the training corpora."""
    if kinds & {"off_topic", "code_error"}:
        verdict: Verdict = "incorrect"
    elif (p >= P_CORRECT or ev.coverage >= 0.6) and not kinds & {"misconception", "code_wrong", "part_unanswered"}:
        verdict = "correct"
    elif p >= P_PARTIAL or ev.any_covered:
        verdict = "partial"
    else:
        verdict = "incorrect"
    low, high = BANDS[verdict]
    # Inside the band the score follows p, so points keep the order of the evidence.
    p_low, p_high = {"correct": (P_CORRECT, 1.0), "partial": (P_PARTIAL, P_CORRECT)}.get(verdict, (0.0, P_PARTIAL))
    banded = low + (high - low) * min(max((p - p_low) / (p_high - p_low), 0.0), 1.0)
    margin = min(abs(p - P_CORRECT), abs(p - P_PARTIAL))
    return round(banded, 2), verdict, round(max(0.05, min(0.95, 0.5 + margin)), 2)


def _confidence(score: float, verdict: Verdict, ev: Evidence, misconception: bool) -> float:
    edges = {"correct": [CORRECT_AT], "partial": [INCORRECT_BELOW, CORRECT_AT], "incorrect": [INCORRECT_BELOW]}
    margin = min((abs(score - e) for e in edges.get(verdict, [])), default=0.5)
    conf = 0.5 + min(margin, 0.3) + 0.15 * ev.cue_share
    if ev.p_correct is not None:
        agrees = (ev.p_correct >= 0.5) == (verdict == "correct")
        conf += 0.08 if agrees else -0.12
    if misconception:
        conf += 0.05
    return round(max(0.05, min(0.99, conf)), 2)
