"""Saving results: the student of a submission, a graded report's answers and findings (keeping
what the teacher edited on a re-grade)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlite_utils import Database

from ..domain import Finding, QuestionReport
from .editing import apply_edits
from .rows import pk, signals_json, student_key, unsure


def ensure_student(db: Database, name: str, email: str, clock: Callable[[], str]) -> int | None:
    """The id of the student with this e-mail (or, without one, this name); created if new."""
    key = student_key(name, email)
    if key is None:
        return None
    table = db.table("students")
    rows = list(table.rows_where("key = ?", [key]))
    if not rows and not email.strip():
        same_name = [r for r in table.rows_where("lower(name) = ?", [" ".join(name.casefold().split())])]
        if len(same_name) == 1:
            rows = same_name
    if rows:
        row = rows[0]
        fill = {k: v for k, v in (("name", name.strip()), ("email", email.strip())) if v and not row[k]}
        if fill:
            table.update(row["id"], fill)
        return int(row["id"])
    return pk(
        table.insert({"key": key, "name": name.strip(), "email": email.strip(), "created_at": clock()}).last_pk
    )


def save_answers(db: Database, submission_id: int, questions: Sequence[QuestionReport], stamp: str) -> None:
    """Write the automatic results of `questions`: a changed result is flagged for review, a question
    that left the pack is kept only if the teacher edited it, and an answer the student rewrote (a file sent again)
    loses the teacher's verdict on the old words."""
    answers = db.table("answers")
    old = {r["question_id"]: r for r in answers.rows_where("submission_id = ?", [submission_id])}
    for q in questions:
        auto: dict[str, Any] = {
            "number": q.number,
            "question": q.question,
            "answer": q.answer,
            "auto_verdict": q.verdict,
            "auto_score": q.score,
            "auto_confidence": q.confidence,
            "auto_feedback": q.feedback,
            "auto_signals": signals_json(q.signals),
            "note": q.note,
            "in_file": int(q.in_file),
            "updated_at": stamp,
        }
        before = old.pop(q.id, None)
        if before is None:
            answer_id = pk(
                answers.insert(
                    {
                        "submission_id": submission_id,
                        "question_id": q.id,
                        **auto,
                        "needs_review": int(unsure(q.verdict, q.confidence)),
                    }
                ).last_pk
            )
        else:
            answer_id = int(before["id"])
            changed = (before["auto_verdict"], round(before["auto_score"] or 0.0, 2)) != (
                q.verdict,
                round(q.score, 2),
            )
            if changed:
                auto.update(
                    changed=1,
                    previous_verdict=before["auto_verdict"],
                    previous_score=before["auto_score"],
                    reviewed_at=None,
                )
            rewritten = " ".join((before["answer"] or "").split()) != " ".join(q.answer.split())
            auto["needs_review"] = int(changed or rewritten or bool(before["changed"])
                                       or unsure(q.verdict, q.confidence))
            answers.update(answer_id, {**auto, "version": before["version"] + 1})
            teacher = {k: None for k in ("manual_verdict", "manual_score", "manual_feedback") if before[k] is not None}
            if rewritten and teacher:
                # the student sent the answer again, rewritten: the teacher's verdict was on the old words, and stays in
                # the edit log (undo brings it back), not on the new ones
                row = next(iter(answers.rows_where("id = ?", [answer_id])))
                apply_edits(db, "answers", row, submission_id, answer_id, teacher, stamp)
            db.execute("DELETE FROM findings WHERE answer_id = ?", [answer_id])
        insert_findings(db, answer_id, q.findings)
    for gone in old.values():  # the question left the pack: keep it only if the teacher edited it
        if (gone["manual_verdict"], gone["manual_score"], gone["manual_feedback"]) == (None, None, None):
            for table in ("findings", "edits"):
                db.execute(f"DELETE FROM {table} WHERE answer_id = ?", [gone["id"]])
            answers.delete(gone["id"])
        else:
            answers.update(
                gone["id"],
                {"changed": 1, "needs_review": 1, "version": gone["version"] + 1, "updated_at": stamp},
            )


def insert_findings(db: Database, answer_id: int, findings: Sequence[Finding]) -> None:
    """Store an answer's findings in order (its old ones already deleted)."""
    db.table("findings").insert_all(
        (
            {
                "answer_id": answer_id,
                "position": i,
                "kind": f.kind,
                "item": f.id,
                "evidence": f.evidence,
                "detail": f.detail,
                "weight": f.weight,
                "strength": f.strength,
            }
            for i, f in enumerate(findings)
        ),
        batch_size=200,
    )
