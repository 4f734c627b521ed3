"""A third-party style judge, written only against greenpen's documented `register_judges`
hook: a strict second marker that does not take a one- or two-word answer as fully correct.
Such an answer goes down to partial and to the teacher's review queue, with a finding that
says why; every other answer is left as the grader judged it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from greenpen.domain import Finding, Judgement
from greenpen.plugins import hookimpl

MIN_WORDS = 3


class TerseJudge:
    def __init__(self, spec: str, environ: Mapping[str, str]) -> None:
        self.spec = spec
        self.reviewed: list[str] = []
        self.closed = False

    def review(self, cases: Sequence) -> list[Judgement]:
        out = []
        for case in cases:
            j = case.judgement
            if j.verdict == "correct" and len(case.answer.split()) < MIN_WORDS:
                self.reviewed.append(case.question.id)
                j = replace(j, verdict="partial", score=min(j.score, 0.4), confidence=min(j.confidence, 0.4),
                            findings=(*j.findings, Finding("second_opinion", id="terse", strength=0.0,
                                                           detail="A second reader (terse) finds the answer "
                                                                  "too short to be sure of — please review.")))
            out.append(j)
        return out

    def close(self) -> None:
        self.closed = True


@hookimpl
def register_judges(register):
    register("terse", TerseJudge)
