"""Try a pack's own examples on the grader, as `greenpen packs check` does.

A teacher writes a key point with a few answers that state it (`examples`), perhaps some
that sound close but must not earn it (`counter_examples`), and misconceptions with answers
that make them. Each is graded as if a student had written it, and the check says which the
grader would get wrong:
- an example must earn its key point, judged *without that example* among the point's
  references (otherwise it would only match itself): "would a student who wrote this get
  the credit, from the rest of your rubric?";
- a counter-example must not earn the point;
- a misconception's example must be caught as that misconception (misconceptions are found
  by their cues only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..domain import Judgement, KeyPoint, Pack, Question
from .embed import Embedder
from .grader import AnswerInput, grade_many


@dataclass(frozen=True)
class ExampleCheck:
    """One example tried on the grader."""

    question: int
    item: str  # the key point's or misconception's id
    kind: str  # "example", "counter-example" or "misconception example"
    text: str
    ok: bool
    got: str  # what the grader made of it, in words


def check_examples(pack: Pack, embedder: str | Embedder) -> list[ExampleCheck]:
    """Every example, counter-example and misconception example of `pack`, graded."""
    trials: list[tuple[Question, str, str, str]] = []  # (question as graded, item id, kind, text)
    for q in pack.questions:
        for kp in q.key_points:
            for i, text in enumerate(kp.examples):
                trials.append((_without_example(q, kp, i), kp.id, "example", text))
            trials += [(q, kp.id, "counter-example", text) for text in kp.counter_examples]
        for mc in q.misconceptions:
            trials += [(q, mc.id, "misconception example", text) for text in mc.examples]
    if not trials:
        return []
    # Every trial meets the course-wide comparison a student's answer meets.
    inputs = [AnswerInput(q, text) for q, _, _, text in trials]
    judgements = grade_many(inputs, embedder=embedder, run_code=False, course=pack.questions)
    return [_verdict(trial, j) for trial, j in zip(trials, judgements, strict=True)]


def _without_example(q: Question, kp: KeyPoint, index: int) -> Question:
    kept = tuple(e for i, e in enumerate(kp.examples) if i != index)
    points = tuple(replace(k, examples=kept) if k.id == kp.id else k for k in q.key_points)
    return replace(q, key_points=points)


def _verdict(trial: tuple[Question, str, str, str], j: Judgement) -> ExampleCheck:
    q, item, kind, text = trial
    found = {f.kind: f for f in j.findings if f.id == item}
    if kind == "misconception example":
        ok = "misconception" in found
        got = "caught as this misconception" if ok else "not caught: no cue of this misconception matches it"
    else:
        earned = "key_point" in found
        ok = earned if kind == "example" else not earned
        finding = found.get("key_point" if earned else "missed_point")
        strength = finding.strength if finding is not None else 0.0
        got = f"{'earns' if earned else 'does not earn'} the point (strength {strength:.2f})"
    return ExampleCheck(q.number, item, kind, text, ok, got)


def summary(checks: Sequence[ExampleCheck]) -> dict[str, tuple[int, int]]:
    """Per kind: (passed, tried)."""
    out: dict[str, tuple[int, int]] = {}
    for c in checks:
        passed, tried = out.get(c.kind, (0, 0))
        out[c.kind] = (passed + c.ok, tried + 1)
    return out
