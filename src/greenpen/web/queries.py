"""Reads the review app needs beyond `Store`'s methods: SQL over the store's tables, and
plain functions over the `StoredSubmission`s it returns.

    queue = review_queue(store.submissions(run.id, graded_only=True))
    edit = last_edit(store, submission_id=12)    # what "undo" would undo, for its label
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..store.db import Store, pending_edits_filter
from ..store.records import REVIEW_BELOW, StoredAnswer, StoredSubmission

FIELD_LABEL = {
    "manual_score": "score",
    "manual_verdict": "verdict",
    "manual_feedback": "feedback",
    "overall_manual": "overall assessment",
}


@dataclass(frozen=True)
class AnswerPlace:
    """Where an answer lives: its submission and run."""

    answer_id: int
    submission_id: int
    run_id: int


@dataclass(frozen=True)
class LastEdit:
    """The newest edit that has not been undone, described for the undo button."""

    id: int
    submission_id: int
    answer_id: int | None
    field: str
    number: int | None
    student: str
    created_at: str

    @property
    def label(self) -> str:
        what = FIELD_LABEL.get(self.field, self.field)
        where = f"Q{self.number} " if self.number is not None else ""
        return f"{where}{what}" + (f" of {self.student}" if self.student else "")


@dataclass(frozen=True)
class QueueItem:
    """One answer to review, with why it is in the queue."""

    student: str
    submission_id: int
    answer: StoredAnswer
    reason: str
    tier: int
    """0: greenpen is unsure; 1: the automatic result changed after a rubric edit or was learned from
    the teacher's verdicts; 2: not yet reviewed."""
    propagation: int | None = None
    """The propagation that moved the answer (undoable), when it was learned."""


@dataclass(frozen=True)
class QuestionInfo:
    question_id: str
    number: int
    question: str
    answers: int
    to_review: int


def answer_place(store: Store, answer_id: int) -> AnswerPlace | None:
    rows = list(
        store.db.query(
            "SELECT a.id, a.submission_id, s.run_id FROM answers a "
            "JOIN submissions s ON s.id = a.submission_id WHERE a.id = ?",
            [answer_id],
        )
    )
    if not rows:
        return None
    return AnswerPlace(rows[0]["id"], rows[0]["submission_id"], rows[0]["run_id"])


def last_edit(
    store: Store, *, submission_id: int | None = None, run_id: int | None = None
) -> LastEdit | None:
    """The edit `Store.undo_last_edit` with the same arguments would undo (None when there is none)."""
    where, params = pending_edits_filter(submission_id=submission_id, run_id=run_id)
    rows = list(
        store.db.query(
            "SELECT e.id, e.submission_id, e.answer_id, e.field, e.created_at, a.number, "
            "coalesce(st.name, s.source) AS student FROM edits e "
            "JOIN submissions s ON s.id = e.submission_id "
            "LEFT JOIN answers a ON a.id = e.answer_id "
            "LEFT JOIN students st ON st.id = s.student_id "
            f"WHERE {where} ORDER BY e.id DESC LIMIT 1",
            params,
        )
    )
    if not rows:
        return None
    r = rows[0]
    return LastEdit(
        id=r["id"],
        submission_id=r["submission_id"],
        answer_id=r["answer_id"],
        field=r["field"],
        number=r["number"],
        student=r["student"] or "",
        created_at=r["created_at"],
    )


def needs_attention(answer: StoredAnswer) -> bool:
    """Not yet approved or edited by the teacher, or changed by a re-grade since."""
    return answer.changed or not (answer.reviewed_at or answer.edited)


def unsure(answer: StoredAnswer) -> bool:
    return answer.verdict == "unassessable" or answer.confidence < REVIEW_BELOW


def review_queue(submissions: Sequence[StoredSubmission], *, everything: bool = False,
                 learned: Mapping[int, tuple[int, str]] | None = None) -> list[QueueItem]:
    """Answers to review, riskiest first: the one rule for "to review" (the run page's counts
    per student and per question count this list's items, so they always add up to its size).

    First the answers greenpen is unsure of (lowest confidence first), then those whose
    automatic result changed after a rubric edit, then (with `everything`) the rest not yet
    reviewed. Approved or edited answers and released submissions are left out. `learned`
    maps an answer id to the propagation that moved it and why ("like Ana's answer, which you
    marked correct"): those come with the changed ones, with that reason.
    """
    learned = learned or {}
    items = []
    for s in submissions:
        if s.status != "graded" or s.released:
            continue
        for a in s.answers:
            if not needs_attention(a):
                continue
            moved = learned.get(a.id)
            if moved is not None:
                items.append(QueueItem(s.name, s.id, a, f"learned: {moved[1]}", 1, moved[0]))
                continue
            if unsure(a):
                tier, reason = 0, f"unsure: confidence {a.confidence:.2f}"
            elif a.changed:
                before = f"{a.previous_verdict or '?'} {a.previous_score or 0:.0%}"
                tier, reason = 1, f"changed after a rubric edit (was {before})"
            elif everything:
                tier, reason = 2, "not yet reviewed"
            else:
                continue
            items.append(QueueItem(s.name, s.id, a, reason, tier))
    return sorted(items, key=lambda i: (i.tier, i.answer.confidence, i.answer.number, i.submission_id))


def review_counts(queue: Sequence[QueueItem]) -> tuple[Counter[int], Counter[str]]:
    """How many of the queue's answers each submission and each question has (0 when none)."""
    return Counter(i.submission_id for i in queue), Counter(i.answer.question_id for i in queue)


def run_questions(submissions: Sequence[StoredSubmission],
                  queue: Sequence[QueueItem] = ()) -> list[QuestionInfo]:
    """The run's questions in pack order, with how many answers each has and how many of them
    are in the review `queue`."""
    _, to_review = review_counts(queue)
    seen: dict[str, list[StoredAnswer]] = {}
    for s in submissions:
        if s.status == "graded":
            for a in s.answers:
                seen.setdefault(a.question_id, []).append(a)
    out = [
        QuestionInfo(
            question_id=qid,
            number=answers[0].number,
            question=answers[0].question,
            answers=len(answers),
            to_review=to_review[qid],
        )
        for qid, answers in seen.items()
    ]
    return sorted(out, key=lambda q: (q.number, q.question_id))
