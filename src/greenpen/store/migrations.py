"""The store's schema, as migrations: one function per change, applied in order, never edited.

A new column or table is a new `@migrations() def m00N_…(db)` at the end of this file.
`migrate(db)` applies the pending ones and is safe to call on every open (idempotent).

Score columns come in pairs: `auto_*` is what greenpen computed, `manual_*` is the teacher's
(NULL until they edit). The final value is the manual one when set (see the `answer_results`
view); a re-grade only ever writes `auto_*`. `answers.needs_review` is kept for SQL users and
exports (`StoredAnswer.needs_review` says when it is set); the review app computes its queue.

A class file often asks only some of a pack's questions (a Forms CSV with 8 of 37), so a
run's questions are the ones some student answered (`asked_questions`; every question when
fewer than two submissions are graded), and totals average over those only.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("greenpen")


_ASKED_QUESTIONS = """
        SELECT s.run_id, a.question_id
        FROM answers a JOIN submissions s ON s.id = a.submission_id
        WHERE s.status = 'graded'
        GROUP BY s.run_id, a.question_id
        HAVING max(coalesce(a.manual_verdict, a.auto_verdict) != 'missing' OR a.manual_score IS NOT NULL)
            OR (SELECT count(*) FROM submissions s2
                WHERE s2.run_id = s.run_id AND s2.status = 'graded') < 2"""
"""The questions some student of the run answered (every question when the run has one graded submission)."""


@migrations()
def m001_initial(db: Database) -> None:
    """Students, runs, submissions, answers, findings, the edit log, and two result views."""
    db.table("students").create(
        {"id": int, "key": str, "name": str, "email": str, "created_at": str},
        pk="id",
        not_null={"key", "created_at"},
        defaults={"name": "", "email": ""},
    )
    db.table("students").create_index(["key"], unique=True)

    db.table("runs").create(
        {"id": int, "name": str, "pack": str, "options": str, "created_at": str, "updated_at": str},
        pk="id",
        not_null={"name", "created_at", "updated_at"},
        defaults={"pack": "", "options": "{}"},
    )
    db.table("runs").create_index(["name"], unique=True)

    db.table("submissions").create(
        {
            "id": int,
            "run_id": int,
            "student_id": int,
            "source": str,
            "format": str,
            "status": str,
            "error": str,
            "pack": str,
            "input_hash": str,
            "pack_hash": str,
            "submission_json": str,
            "report_json": str,
            "auto_score": float,
            "manual_score": float,
            "overall_auto": str,
            "overall_manual": str,
            "released": int,
            "released_at": str,
            "graded_at": str,
            "seconds": float,
            "version": int,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id"), ("student_id", "students", "id")],
        not_null={"run_id", "source", "status", "released", "version", "updated_at"},
        defaults={
            "format": "",
            "error": "",
            "pack": "",
            "input_hash": "",
            "pack_hash": "",
            "released": 0,
            "version": 1,
        },
    )
    db.table("submissions").create_index(["run_id", "source"], unique=True)
    db.table("submissions").create_index(["student_id"])

    db.table("answers").create(
        {
            "id": int,
            "submission_id": int,
            "question_id": str,
            "number": int,
            "question": str,
            "answer": str,
            "auto_verdict": str,
            "auto_score": float,
            "auto_confidence": float,
            "auto_feedback": str,
            "manual_verdict": str,
            "manual_score": float,
            "manual_feedback": str,
            "needs_review": int,
            "changed": int,
            "previous_verdict": str,
            "previous_score": float,
            "reviewed_at": str,
            "version": int,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id")],
        not_null={"submission_id", "question_id", "needs_review", "changed", "version", "updated_at"},
        defaults={"needs_review": 0, "changed": 0, "version": 1},
    )
    db.table("answers").create_index(["submission_id", "question_id"], unique=True)

    db.table("findings").create(
        {
            "id": int,
            "answer_id": int,
            "position": int,
            "kind": str,
            "item": str,
            "evidence": str,
            "detail": str,
            "weight": float,
            "strength": float,
        },
        pk="id",
        foreign_keys=[("answer_id", "answers", "id")],
        not_null={"answer_id", "kind"},
    )
    db.table("findings").create_index(["answer_id"])
    db.table("findings").create_index(["kind", "item"])

    db.table("edits").create(
        {
            "id": int,
            "submission_id": int,
            "answer_id": int,
            "field": str,
            "old_value": str,
            "new_value": str,
            "created_at": str,
            "undone_at": str,
        },
        pk="id",
        foreign_keys=[("submission_id", "submissions", "id"), ("answer_id", "answers", "id")],
        not_null={"submission_id", "field", "created_at"},
    )
    db.table("edits").create_index(["submission_id"])

    db.create_view(
        "answer_results",
        """
        SELECT a.id, a.submission_id, a.question_id, a.number,
               coalesce(a.manual_verdict, a.auto_verdict) AS verdict,
               coalesce(a.manual_score, a.auto_score) AS score,
               coalesce(a.manual_feedback, a.auto_feedback) AS feedback,
               a.auto_confidence AS confidence,
               (a.manual_verdict IS NOT NULL OR a.manual_score IS NOT NULL
                OR a.manual_feedback IS NOT NULL) AS edited,
               a.changed, a.needs_review
        FROM answers a""",
    )
    db.create_view("asked_questions", _ASKED_QUESTIONS)
    db.create_view(
        "submission_results",
        """
        SELECT s.id, s.run_id, s.student_id, s.source, s.status, s.released,
               coalesce(s.manual_score,
                        (SELECT avg(coalesce(a.manual_score, a.auto_score)) FROM answers a
                         JOIN asked_questions q ON q.run_id = s.run_id AND q.question_id = a.question_id
                         WHERE a.submission_id = s.id),
                        s.auto_score) AS score
        FROM submissions s""",
    )


@migrations()
def m002_learning(db: Database) -> None:
    """What greenpen learned from the teacher: verdicts it propagated (undoable, with the reason
    and the teacher-graded answer they follow) and the key points and misconceptions the
    teacher added to a run's pack."""
    db.table("propagations").create(
        {
            "id": int,
            "run_id": int,
            "batch": int,
            "answer_id": int,
            "question_id": str,
            "rule": str,
            "reason": str,
            "example_answer_id": int,
            "old_verdict": str,
            "old_score": float,
            "old_feedback": str,
            "new_verdict": str,
            "new_score": float,
            "created_at": str,
            "undone_at": str,
            "undone_by": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id"), ("answer_id", "answers", "id")],
        not_null={"run_id", "batch", "answer_id", "question_id", "rule", "created_at"},
        defaults={"reason": ""},
    )
    db.table("propagations").create_index(["run_id", "undone_at"])
    db.table("propagations").create_index(["answer_id"])
    db.table("pack_changes").create(
        {
            "id": int,
            "run_id": int,
            "question_id": str,
            "kind": str,
            "item_id": str,
            "text": str,
            "correction": str,
            "example_answer_id": int,
            "example": str,
            "created_at": str,
            "undone_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "runs", "id")],
        not_null={"run_id", "question_id", "kind", "item_id", "text", "created_at"},
        defaults={"correction": "", "example": ""},
    )
    db.table("pack_changes").create_index(["run_id"])


def migrate(db: Database) -> None:
    """Apply every pending migration (a no-op on an up-to-date database)."""
    migrations.apply(db)


def pending(db: Database) -> bool:
    """True when some migration is still to apply (a new or older database)."""
    return "_sqlite_migrations" not in db.table_names() or bool(migrations.pending(db))


def applied(db: Database) -> list[str]:
    """Names of the migrations already applied, oldest first."""
    return [m.name for m in migrations.applied(db)]


def schema(db: Database) -> dict[str, dict[str, Any]]:
    """Every table's `columns_dict` (tests compare it with the expected schema)."""
    return {name: db.table(name).columns_dict for name in db.table_names()}


@migrations()
def m003_signals(db: Database) -> None:
    """The numbers each automatic verdict was drawn from (`Judgement.signals`, as JSON): what
    learning from the teacher's verdicts recalibrates."""
    db.table("answers").add_column("auto_signals", str, not_null_default="")


@migrations()
def m004_note(db: Database) -> None:
    """What the student wrote in place of an answer (`QuestionReport.note`: "(skipped, no time)"), shown beside
    "no answer" and never graded."""
    db.table("answers").add_column("note", str, not_null_default="")


@migrations()
def m005_set_questions(db: Database) -> None:
    """A run graded on the questions the teacher set (`grade --questions`, kept in the run's options) asks each of
    them, even one every student left blank: only the set questions have answers in it."""
    db.create_view("asked_questions", _ASKED_QUESTIONS + """
            OR (SELECT json_array_length(coalesce(json_extract(r.options, '$.questions'), '[]'))
                FROM runs r WHERE r.id = s.run_id) > 0""", replace=True)


@migrations()
def m006_in_file(db: Database) -> None:
    """Whether the question is anywhere in what the student sent (`QuestionReport.in_file`): an answer missing from
    the file is "not in your file", not "left blank"."""
    db.table("answers").add_column("in_file", int, not_null_default=1)
