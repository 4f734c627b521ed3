"""What the store hands back: plain frozen data, no SQLite (class reports and exports use these)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Finding

VERDICTS = ("correct", "partial", "incorrect", "missing", "unassessable")
REVIEW_BELOW = 0.6
"""Answers graded with less confidence than this are unsure: flagged `needs_review` in the store,
and first in the review queue."""


@dataclass(frozen=True)
class RunInfo:
    """One grading run and how many of its submissions are graded, failed and released."""

    id: int
    name: str
    pack: str
    created_at: str
    updated_at: str
    submissions: int = 0
    graded: int = 0
    failed: int = 0
    released: int = 0


@dataclass(frozen=True)
class StoredAnswer:
    """One answer with its automatic and manual results; `verdict`/`score`/`feedback` are final."""

    id: int
    question_id: str
    number: int
    question: str
    answer: str
    verdict: str
    score: float
    confidence: float
    feedback: str
    auto_verdict: str
    auto_score: float
    auto_feedback: str
    manual_verdict: str | None = None
    manual_score: float | None = None
    manual_feedback: str | None = None
    changed: bool = False
    """The automatic result differs from the one before the last re-grade."""
    previous_verdict: str | None = None
    previous_score: float | None = None
    needs_review: bool = False
    """The store's flag for SQL users and exports (the `answer_results` view): set when the
    automatic result is unsure (`unassessable`, or confidence below `REVIEW_BELOW`), changed in a
    re-grade, moved by learning, or its question left the pack; cleared when the teacher approves
    the answer. The review app does not read it: its queue (`web.queries.review_queue`, one rule
    for its list and its counts) also weighs the teacher's edits and released submissions."""
    reviewed_at: str | None = None
    version: int = 1
    updated_at: str = ""
    findings: tuple[Finding, ...] = ()
    signals: tuple[tuple[str, float], ...] = ()
    """The numbers greenpen's automatic verdict was drawn from (`Judgement.signals`)."""
    note: str = ""
    """What the student wrote in place of an answer (`QuestionReport.note`), not graded."""
    in_file: bool = True
    """Whether the question is anywhere in the student's file (`QuestionReport.in_file`)."""

    @property
    def edited(self) -> bool:
        """True when the teacher changed the score, verdict or feedback."""
        return (self.manual_verdict, self.manual_score, self.manual_feedback) != (None, None, None)


@dataclass(frozen=True)
class StoredSubmission:
    """One student's submission in a run; `score` and `overall` are final (the teacher's win)."""

    id: int
    run_id: int
    source: str
    format: str
    student: str
    email: str
    student_id: int | None
    status: str
    """"graded" or "failed"."""
    error: str
    pack: str
    score: float
    auto_score: float | None
    manual_score: float | None
    overall: str
    released: bool
    version: int
    updated_at: str
    answers: tuple[StoredAnswer, ...] = ()
    lms_id: str = ""
    """The student's id in the LMS the file came from (`Submission.lms_id`)."""

    @property
    def name(self) -> str:
        """The student's name, else their e-mail, else the source."""
        return self.student or self.email or self.source


@dataclass(frozen=True)
class Edit:
    """One teacher edit, as kept in the undo log (values are JSON text)."""

    id: int
    submission_id: int
    answer_id: int | None
    field: str
    old_value: str | None
    new_value: str | None
    created_at: str
