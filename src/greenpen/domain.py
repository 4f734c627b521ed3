"""The typed values that flow through greenpen, one direction only.

    file ─► Submission ─► Alignment ─► Judgement per question ─► Report

Course-pack side: `Pack` ▸ `Question` ▸ `KeyPoint`, `Misconception`, `Part`, `CodeCheck`.
Everything here is plain frozen data: no I/O, no models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# ─── course pack ────────────────────────────────────────────────────────────

CueSet = tuple[str, ...]
"""Regexes (case-insensitive) that must *all* match inside one sentence."""


@dataclass(frozen=True)
class KeyPoint:
    """One idea a good answer states, with how to praise it and how to hint at it."""

    id: str
    text: str
    weight: float = 1.0
    praise: str = ""
    hint: str = ""
    cues: tuple[CueSet, ...] = ()
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    """Answers that sound close but must not earn this point (`greenpen packs check` tries them)."""
    implied_by: tuple[str, ...] = ()
    """Other key points of the question that together say this one: an answer that states them all states it
    ("the whole dataset is too slow" and "one item gives a noisy gradient" say that a mini-batch balances the
    two)."""


@dataclass(frozen=True)
class Misconception:
    """A wrong statement students make, with its correction."""

    id: str
    text: str
    correction: str
    cues: tuple[CueSet, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One of the things a multi-part question asks (e.g. "why?")."""

    id: str
    text: str
    points: tuple[str, ...] = ()
    cues: tuple[CueSet, ...] = ()
    attachment: bool = False
    """True when the part asks for something drawn or attached (a plot)."""


@dataclass(frozen=True)
class CodeCheck:
    """What a student's code must produce, checked in the sandbox."""

    id: str
    kind: Literal["value", "expression", "output", "function"]
    expect: Any = None
    expr: str = ""
    name: str = ""
    args: tuple[Any, ...] = ()
    setup: str = ""
    message: str = ""


@dataclass(frozen=True)
class Question:
    """One question of a pack with its rubric."""

    id: str
    number: int
    text: str
    aliases: tuple[str, ...] = ()
    reference: str = ""
    key_points: tuple[KeyPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    parts: tuple[Part, ...] = ()
    checks: tuple[CodeCheck, ...] = ()
    asks_code: bool = False
    going_further: tuple[str, ...] = ()
    taught_in: str = ""


@dataclass(frozen=True)
class Pack:
    """A course questionnaire: questions and their rubrics."""

    id: str
    title: str
    questions: tuple[Question, ...]
    language: str = "en"
    course: str = ""
    reveal: Literal["hint", "full"] = "hint"
    source: str = ""

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


# ─── submission ─────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class RawAnswer:
    """One question-and-answer block as a reader found it, before alignment.

    `label` is the question as the student's file wrote it ("" when the file has only
    numbers); `text` is the repaired answer and `original` the answer exactly as written,
    so evidence can quote the student.
    """

    label: str
    text: str
    original: str = ""
    number: int | None = None
    attachments: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()
    where: str = ""
    """Where in the file the block was found ("lines 1-4"), when the reader knows."""


@dataclass(frozen=True)
class SourceLine:
    """One line of a student's document as written, with where it came from."""

    text: str
    line: int
    """1-based line number in the file (in the cell, for a notebook; 0 for a line greenpen added)."""
    cell: int | None = None
    """1-based notebook cell, None for other files."""


@dataclass(frozen=True)
class Submission:
    """Everything read from one student's file (or one row of a class CSV)."""

    source: str
    format: str
    items: tuple[RawAnswer, ...]
    student: str = ""
    email: str = ""
    title: str = ""
    extra: tuple[str, ...] = ()
    """Text outside any question/answer block (kept, never dropped)."""
    lms_id: str = ""
    """The student's id in the LMS the file was downloaded from (Canvas's user id in a bulk download's file names),
    which its gradebook import matches students by."""
    document: tuple[SourceLine, ...] = ()
    """The file's lines, for formats that are free text (Markdown, text, notebooks, Word, PDF):
    alignment finds the pack's questions among them and takes what lies between as answers."""

    @property
    def readable(self) -> bool:
        """Whether there is anything to align: answer blocks, or a free-text file's lines. A
        submission without either says why in `extra` (a malformed row, an empty file)."""
        return bool(self.items or self.document)


@dataclass(frozen=True)
class AlignedAnswer:
    """The student's answer to one pack question (possibly merged from several blocks)."""

    question_id: str
    text: str
    original: str
    confidence: float
    labels: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()
    where: str = ""
    """Where in the file the answer was found ("lines 12-15", "cell 3, lines 1-4")."""


@dataclass(frozen=True)
class Alignment:
    """A submission lined up with a pack."""

    submission: Submission
    pack: Pack
    pack_confidence: float
    answers: dict[str, AlignedAnswer]
    unaligned: tuple[RawAnswer, ...] = ()
    set_questions: tuple[str, ...] = ()
    """The ids of the questions the teacher set (`grade --questions`), in the pack's order; empty: not said (every
    question the class answered)."""

    def answer(self, question_id: str) -> AlignedAnswer | None:
        return self.answers.get(question_id)


# ─── grading ────────────────────────────────────────────────────────────────

FindingKind = Literal[
    "key_point",  # a key point the answer states (evidence = the student's words)
    "missed_point",  # a key point the answer does not state
    "misconception",  # a wrong statement (evidence = the student's words)
    "part_unanswered",  # a part of a multi-part question left out
    "no_code",  # the question asks for code and none was given
    "code_error",  # the code raised an error in the sandbox
    "code_wrong",  # the code ran and produced the wrong result
    "code_ok",  # the code ran and produced the right result
    "code_unrunnable",  # code could not be run (reason in detail)
    "attachment_missing",  # a drawing/plot that is not in the file
    "self_contradiction",  # the answer contradicts itself ("three phases", lists five)
    "off_topic",  # the answer does not address the question
    "empty",  # no answer
    "similarity",  # reference-only mode: closeness to the reference answer
    "second_opinion",  # a language model's P(correct) for an unsure answer (strength = P)
]

Verdict = Literal["correct", "partial", "incorrect", "missing", "unassessable"]


ELSEWHERE = "elsewhere"
"""The id of the `attachment_missing` finding for an answer that only points to work done elsewhere
("Done in notebook"): it asks the student for the work itself, not for a drawing."""


TRUE_FALSE_MARKS = "true-false-marks"
"""The id of the `misconception` finding for true/false items marked otherwise than the reference."""
YES_NO_OPPOSITE = "yes-no-opposite"
"""The id of the `misconception` finding for a yes/no question answered the other way than the
reference answers it ("Yes, random is always fine." where the reference says "No.")."""
PREMISE_DENIED = "premise-denied"
"""The id of the `misconception` finding for an answer to "Why can't we…?" or "Why is X not…?" that says we can, or
that X is fine ("You can, you just take the argmax."): it denies what the question and its model answer take as
given."""
OTHER_NUMBERED_NAME = "other-numbered-name"
"""The id of the `misconception` finding for a name asked for, given with another number than the
reference's ("L1 regularization" where the reference says "L2 regularization")."""
OTHER_METHODS = "other-methods"
"""The id of the `misconception` finding for special methods asked for, named other than the reference's ("__init__
and __del__" where the reference says "__enter__ and __exit__"); its detail is the correction."""
STEP_ORDER = "step-order"
"""The id of the `misconception` finding for an answer that names every step a question asks for, in another order
than the steps go ("1) limited scope deployment 2) manual process 3) gradual expansion"); its detail is the steps in
their order."""
OPPOSITE_WORD = "opposite-word"
"""The id of the `misconception` finding for a sentence that says a key point with one word of the opposite
sense ("the last layers" where the key point says "the first few layers"); its detail is the key point."""


@dataclass(frozen=True)
class Finding:
    """One observation about an answer, with the student's words as evidence."""

    kind: FindingKind
    id: str = ""
    evidence: str = ""
    detail: str = ""
    weight: float = 0.0
    strength: float = 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "evidence": self.evidence}
        out["detail"] = self.detail
        return out


@dataclass(frozen=True)
class Judgement:
    """The grade of one answer: findings, and the score/verdict/confidence drawn from them."""

    question_id: str
    score: float
    verdict: Verdict
    confidence: float
    findings: tuple[Finding, ...] = ()
    signals: tuple[tuple[str, float], ...] = ()
    """The numbers the verdict was drawn from (coverage, learned P(correct), …), by name:
    for calibration and the benchmark; not part of the report."""
    key_points: tuple[KeyPoint, ...] = ()
    """The rubric points the answer was graded against: the question's own, or for a question
    with only a reference answer, the points drawn from it. Feedback names them from here."""


# ─── report ─────────────────────────────────────────────────────────────────

REPORT_SCHEMA = "greenpen.report/1"


@dataclass(frozen=True)
class QuestionReport:
    id: str
    number: int
    question: str
    answer: str
    verdict: Verdict
    score: float
    confidence: float
    findings: tuple[Finding, ...]
    feedback: str = ""
    signals: tuple[tuple[str, float], ...] = ()
    """The judgement's signals (`Judgement.signals`): what learning from the teacher fits on;
    not part of the JSON report."""
    note: str = ""
    """What the student wrote where the answer would be when the reading took it for no answer (a placeholder, a
    note that skips the question: "(Skipping 18 and 19, they're exercises)"): shown in the report, not graded."""
    in_file: bool = True
    """False when the question is nowhere in what the student sent (never reached, or cut from a mail's quote): the
    feedback says it is not in the file, not that it was left blank."""


def total_score(questions: tuple[QuestionReport, ...] | list[QuestionReport]) -> float:
    """A submission's score: the mean of its questions' scores, rounded to 2 places (0 when none).

    The one rule for a total; the store's SQL view (`store/migrations.py`) applies the same.
    """
    return round(sum(q.score for q in questions) / len(questions), 2) if questions else 0.0


@dataclass(frozen=True)
class Overall:
    strengths: tuple[str, ...] = ()
    improve: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Report:
    """What `greenpen grade` writes for one submission (DESIGN.md's JSON contract)."""

    source: str
    student: str
    format: str
    pack: str
    score: float
    questions: tuple[QuestionReport, ...]
    unaligned: tuple[str, ...] = ()
    overall: Overall = field(default_factory=Overall)
    notes: tuple[str, ...] = ()
    schema: str = REPORT_SCHEMA
