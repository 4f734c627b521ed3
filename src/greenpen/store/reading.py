"""The store's read queries: submissions with their answers and findings, runs, reports.

Each takes the `Database` and returns records (`store.records`); `Store` (`store.db`) wraps them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, cast

from sqlite_utils import Database

from ..domain import Finding, Overall, QuestionReport, Report, Verdict
from ..errors import StoreError
from .records import RunInfo, StoredAnswer, StoredSubmission
from .rows import answer_from_row, finding_from_row


def load_submissions(db: Database, where: str, params: list[Any]) -> Iterator[StoredSubmission]:
    """The submissions (`s`) matching `where`, by id, with final values filled in."""
    rows = list(
        db.query(
            "SELECT s.*, r.score AS final_score, coalesce(st.name, '') AS student_name, "
            "coalesce(st.email, '') AS student_email FROM submissions s "
            "JOIN submission_results r ON r.id = s.id LEFT JOIN students st ON st.id = s.student_id "
            f"WHERE {where} ORDER BY s.id",
            params,
        )
    )
    if not rows:
        return
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    by_answer: dict[int, list[Finding]] = {}
    for f in db.query(
        "SELECT f.* FROM findings f JOIN answers a ON a.id = f.answer_id "
        f"WHERE a.submission_id IN ({marks}) ORDER BY f.answer_id, f.position",
        ids,
    ):
        by_answer.setdefault(f["answer_id"], []).append(finding_from_row(f, missing_strength=1.0))
    run_ids = sorted({r["run_id"] for r in rows})
    asked = {
        (q["run_id"], q["question_id"])
        for q in db.query(
            f"SELECT * FROM asked_questions WHERE run_id IN ({','.join('?' * len(run_ids))})", run_ids
        )
    }
    run_of = {r["id"]: r["run_id"] for r in rows}
    by_submission: dict[int, list[StoredAnswer]] = {}
    for a in db.query(f"SELECT * FROM answers WHERE submission_id IN ({marks}) ORDER BY number, id", ids):
        if (run_of[a["submission_id"]], a["question_id"]) in asked:
            by_submission.setdefault(a["submission_id"], []).append(
                answer_from_row(a, by_answer.get(a["id"], []))
            )
    for r in rows:
        overall = r["overall_manual"]
        if overall is None:
            overall = json.loads(r["overall_auto"])["text"] if r["overall_auto"] else ""
        yield StoredSubmission(
            id=r["id"],
            run_id=r["run_id"],
            source=r["source"],
            format=r["format"] or "",
            student=r["student_name"],
            email=r["student_email"],
            student_id=r["student_id"],
            status=r["status"],
            error=r["error"] or "",
            pack=r["pack"] or "",
            score=r["final_score"] if r["final_score"] is not None else 0.0,
            auto_score=r["auto_score"],
            manual_score=r["manual_score"],
            overall=overall,
            released=bool(r["released"]),
            version=r["version"],
            updated_at=r["updated_at"],
            answers=tuple(by_submission.get(r["id"], [])),
            lms_id=str(json.loads(r["submission_json"]).get("lms_id", "")) if r["submission_json"] else "",
        )


def load_answer(db: Database, answer_id: int) -> StoredAnswer:
    row = db.table("answers").get(answer_id)
    findings = [
        finding_from_row(f, missing_strength=0.0)
        for f in db.query("SELECT * FROM findings WHERE answer_id = ? ORDER BY position", [answer_id])
    ]
    return answer_from_row(row, findings)


def report_of(db: Database, s: StoredSubmission) -> Report:
    """The submission's report with the teacher's edits applied (what the student should get)."""
    row = db.table("submissions").get(s.id)
    if s.status != "graded" or not row["report_json"]:
        raise StoreError(f"{s.source} was not graded ({s.error}) — fix it and grade the run again")
    data = json.loads(row["report_json"])
    auto_overall = json.loads(row["overall_auto"] or "{}")
    overall = Overall(
        strengths=tuple(auto_overall.get("strengths", ())),
        improve=tuple(auto_overall.get("improve", ())),
        text=s.overall,
    )
    questions = tuple(
        QuestionReport(
            id=a.question_id,
            number=a.number,
            question=a.question,
            answer=a.answer,
            verdict=cast(Verdict, a.verdict),
            score=a.score,
            confidence=a.confidence,
            findings=a.findings,
            feedback=a.feedback,
            note=a.note,
            in_file=a.in_file,
        )
        for a in s.answers
    )
    return Report(
        source=s.source,
        student=data.get("student") or s.student,
        format=s.format,
        pack=s.pack,
        score=round(s.score, 2),
        questions=questions,
        unaligned=tuple(data.get("unaligned", ())),
        overall=overall,
        notes=tuple(data.get("notes", ())),
    )


def run_row(db: Database, name_or_id: str | int) -> dict[str, Any] | None:
    """The `runs` row with this name, else with this id; None when there is none."""
    table = db.table("runs")
    rows = list(table.rows_where("name = ?", [str(name_or_id)]))
    if not rows and re.fullmatch(r"[0-9]{1,18}", str(name_or_id)):
        rows = list(table.rows_where("id = ?", [int(name_or_id)]))
    return rows[0] if rows else None


def run_info(db: Database, row: dict[str, Any]) -> RunInfo:
    """A `runs` row with its submissions counted."""
    counts = next(
        db.query(
            "SELECT count(*) AS n, sum(status = 'graded') AS graded, sum(status = 'failed') AS failed, "
            "sum(released) AS released FROM submissions WHERE run_id = ?",
            [row["id"]],
        )
    )
    return RunInfo(
        id=row["id"],
        name=row["name"],
        pack=row["pack"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        submissions=counts["n"] or 0,
        graded=counts["graded"] or 0,
        failed=counts["failed"] or 0,
        released=counts["released"] or 0,
    )


def submission_row(db: Database, run_id: int, source: str) -> dict[str, Any] | None:
    rows = list(db.table("submissions").rows_where("run_id = ? AND source = ?", [run_id, source]))
    return rows[0] if rows else None

