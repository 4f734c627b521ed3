"""The SQLite store: runs, students, submissions, answers, findings and the teacher's edits.

    store = Store.open("greenpen.db")          # creates or migrates the file
    run = store.create_run("week4", pack="fastai-04")
    store.save_graded(run, submission, report)  # a re-grade keeps the teacher's edits
    store.edit_answer(answer_id, score=0.5, expected_version=3)
    store.undo_last_edit(submission_id=…)

Every write is one transaction, so a batch killed half-way keeps what it had saved.
Automatic results go to `auto_*` columns, the teacher's to `manual_*`; reads return the
final value (manual wins). Rows carry a `version` that every write bumps: pass the version
you read as `expected_version` and a stale edit (another tab saved first) raises `StaleEdit`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from ..domain import Finding, Overall, QuestionReport, RawAnswer, Report, SourceLine, Submission, Verdict
from ..errors import StoreError
from .migrations import migrate, pending
from .records import REVIEW_BELOW, VERDICTS, Edit, RunInfo, StoredAnswer, StoredSubmission

DEFAULT_DB = "greenpen.db"


class StaleEdit(StoreError):
    """The row changed since it was read (another tab or a re-grade saved first)."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks an edit argument as "leave unchanged" (None means "clear the teacher's value")."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def submission_hash(submission: Submission) -> str:
    """A fingerprint of what the student wrote (resume skips a submission whose hash is unchanged)."""
    payload = json.dumps(
        [submission.student, submission.email, [asdict(i) for i in submission.items]],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def submission_to_json(submission: Submission) -> str:
    return json.dumps(asdict(submission), ensure_ascii=False)


def submission_from_json(text: str) -> Submission:
    data = json.loads(text)
    items = tuple(
        RawAnswer(
            **{
                **item,
                "attachments": tuple(item.get("attachments", ())),
                "repairs": tuple(item.get("repairs", ())),
            }
        )
        for item in data.pop("items")
    )
    document = tuple(SourceLine(**line) for line in data.get("document", ()))
    return Submission(**{**data, "items": items, "extra": tuple(data.get("extra", ())), "document": document})


def student_key(name: str, email: str) -> str | None:
    """How a student is recognised across runs: the e-mail, else the name (case and spaces ignored)."""
    if email.strip():
        return "email:" + email.strip().casefold()
    if name.strip():
        return "name:" + " ".join(name.casefold().split())
    return None


class Store:
    """A greenpen database. Open with `Store.open(path)`; all methods are one transaction each."""

    def __init__(self, db: Database) -> None:
        self.db = db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            if not db.memory:
                _wal(db)
            if pending(db):
                with self._write():  # two processes opening a new file: one migrates, the other waits
                    migrate(db)
        except StoreError:
            raise
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise _busy_error(db) from exc
            raise StoreError(f"{_where(db)} cannot be used ({exc}) — check the file and its permissions") from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{_where(db)} is not a greenpen database ({exc}) — choose another file with --db"
            ) from exc

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction, taken with `BEGIN IMMEDIATE`: another process writing at the same
        time waits (up to `BUSY_SECONDS`) instead of failing half-way with "database is locked"."""
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _busy(exc):
                raise _busy_error(self.db) from exc
            raise
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _busy(exc):
                raise _busy_error(self.db) from exc
            raise

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (creating and migrating if needed) the database file at `path`."""
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"{path} is a folder — give a file name for --db, e.g. {path / DEFAULT_DB}")
        if not path.parent.exists():
            raise StoreError(
                f"cannot create {path}: the folder {path.parent} does not exist — create it "
                "or choose another --db"
            )
        try:
            return cls(Database(path))
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot open {path} ({exc}) — check the file's permissions") from exc

    @classmethod
    def memory(cls) -> Store:
        return cls(Database(memory=True))

    def close(self) -> None:
        self.db.close()

    # ─── students ───────────────────────────────────────────────────────────

    def ensure_student(self, name: str, email: str) -> int | None:
        """The id of the student with this e-mail (or, without one, this name); created if new."""
        key = student_key(name, email)
        if key is None:
            return None
        table = self.db.table("students")
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
        return _pk(
            table.insert(
                {"key": key, "name": name.strip(), "email": email.strip(), "created_at": now()}
            ).last_pk
        )

    # ─── runs ───────────────────────────────────────────────────────────────

    def create_run(self, name: str, pack: str = "", options: dict[str, Any] | None = None) -> int:
        """A new run called `name` (names are unique)."""
        if self._run_row(name) is not None:
            raise StoreError(
                f'a run called "{name}" already exists — choose another --run name or '
                f"re-grade it with `greenpen regrade {name}`"
            )
        stamp = now()
        return _pk(
            self.db.table("runs")
            .insert(
                {
                    "name": name,
                    "pack": pack,
                    "options": json.dumps(options or {}, sort_keys=True),
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            .last_pk
        )

    def ensure_run(self, name: str, pack: str = "", options: dict[str, Any] | None = None) -> int:
        """The id of the run called `name`, created if new (two processes at once get the same run)."""
        with self._write():
            row = self._run_row(name)
            return int(row["id"]) if row is not None else self.create_run(name, pack, options)

    def _run_row(self, name_or_id: str | int) -> dict[str, Any] | None:
        table = self.db.table("runs")
        rows = list(table.rows_where("name = ?", [str(name_or_id)]))
        if not rows and re.fullmatch(r"[0-9]{1,18}", str(name_or_id)):
            rows = list(table.rows_where("id = ?", [int(name_or_id)]))
        return rows[0] if rows else None

    def run(self, name_or_id: str | int) -> RunInfo:
        """The run with this name (or id); `StoreError` lists the known runs when there is none."""
        row = self._run_row(name_or_id)
        if row is None:
            known = [r.name for r in self.runs()]
            hint = (
                f"known runs: {', '.join(known)}" if known else "grade something first with `greenpen grade`"
            )
            raise StoreError(f'no run called "{name_or_id}" in {_where(self.db)} — {hint}')
        return self._run_info(row)

    def run_options(self, run_id: int) -> dict[str, Any]:
        row = self.db.table("runs").get(run_id)
        return dict(json.loads(row["options"] or "{}"))

    def set_run(self, run_id: int, *, pack: str | None = None, options: dict[str, Any] | None = None) -> None:
        changes: dict[str, Any] = {"updated_at": now()}
        if pack is not None:
            changes["pack"] = pack
        if options is not None:
            changes["options"] = json.dumps(options, sort_keys=True)
        self.db.table("runs").update(run_id, changes)

    def runs(self) -> list[RunInfo]:
        """Every run, newest first."""
        rows = self.db.query("SELECT * FROM runs ORDER BY created_at DESC, id DESC")
        return [self._run_info(r) for r in rows]

    def _run_info(self, row: dict[str, Any]) -> RunInfo:
        counts = next(
            self.db.query(
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

    # ─── saving results ─────────────────────────────────────────────────────

    def fingerprints(self, run_id: int) -> dict[str, tuple[str, str, str, str]]:
        """source → (status, input_hash, pack, pack_hash) of every submission in the run."""
        return {
            r["source"]: (r["status"], r["input_hash"], r["pack"], r["pack_hash"])
            for r in self.db.query(
                "SELECT source, status, input_hash, pack, pack_hash FROM submissions WHERE run_id = ?",
                [run_id],
            )
        }

    def stored_inputs(self, run_id: int) -> list[Submission]:
        """The submissions of a run as they were read (a re-grade needs no original files)."""
        rows = self.db.query(
            "SELECT submission_json FROM submissions WHERE run_id = ? AND submission_json "
            "IS NOT NULL ORDER BY id",
            [run_id],
        )
        return [submission_from_json(r["submission_json"]) for r in rows]

    def save_failed(self, run_id: int, source: str, error: str, submission: Submission | None = None) -> int:
        """Record that `source` could not be graded, and why. Earlier results and edits are kept."""
        with self._write():
            student_id = self.ensure_student(submission.student, submission.email) if submission else None
            row: dict[str, Any] = {
                "run_id": run_id,
                "source": source,
                "status": "failed",
                "error": error,
                "updated_at": now(),
            }
            if submission is not None:
                row.update(
                    format=submission.format,
                    submission_json=submission_to_json(submission),
                    input_hash=submission_hash(submission),
                    student_id=student_id,
                )
            existing = self._submission_row(run_id, source)
            if existing is None:
                return _pk(self.db.table("submissions").insert(row).last_pk)
            row["version"] = existing["version"] + 1
            self.db.table("submissions").update(existing["id"], row)
            self._touch_run(run_id)
            return int(existing["id"])

    def save_graded(
        self,
        run_id: int,
        submission: Submission | None,
        report: Report,
        *,
        pack_hash: str = "",
        seconds: float | None = None,
    ) -> int:
        """Store a graded report; on a re-grade keep the teacher's columns and flag changed answers."""
        from ..renderers.json_report import to_dict

        stamp = now()
        with self._write():
            student = report.student or (submission.student if submission else "")
            email = submission.email if submission else ""
            row: dict[str, Any] = {
                "run_id": run_id,
                "student_id": self.ensure_student(student, email),
                "source": report.source,
                "format": report.format,
                "status": "graded",
                "error": "",
                "pack": report.pack,
                "pack_hash": pack_hash,
                "report_json": json.dumps(to_dict(report), ensure_ascii=False),
                "auto_score": report.score,
                "overall_auto": json.dumps(asdict(report.overall), ensure_ascii=False),
                "graded_at": stamp,
                "seconds": seconds,
                "updated_at": stamp,
            }
            if submission is not None:
                row.update(
                    submission_json=submission_to_json(submission), input_hash=submission_hash(submission)
                )
            existing = self._submission_row(run_id, report.source)
            table = self.db.table("submissions")
            if existing is None:
                submission_id = _pk(table.insert(row).last_pk)
            else:
                submission_id = int(existing["id"])
                table.update(submission_id, {**row, "version": existing["version"] + 1})
            self._save_answers(submission_id, report.questions, stamp)
            self._touch_run(run_id)
        return submission_id

    def _save_answers(self, submission_id: int, questions: Sequence[QuestionReport], stamp: str) -> None:
        answers, findings = self.db.table("answers"), self.db.table("findings")
        old = {r["question_id"]: r for r in answers.rows_where("submission_id = ?", [submission_id])}
        for q in questions:
            auto = {
                "number": q.number,
                "question": q.question,
                "answer": q.answer,
                "auto_verdict": q.verdict,
                "auto_score": q.score,
                "auto_confidence": q.confidence,
                "auto_feedback": q.feedback,
                "auto_signals": signals_json(q.signals),
                "updated_at": stamp,
            }
            before = old.pop(q.id, None)
            if before is None:
                answer_id = _pk(
                    answers.insert(
                        {
                            "submission_id": submission_id,
                            "question_id": q.id,
                            **auto,
                            "needs_review": int(_unsure(q.verdict, q.confidence)),
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
                auto["needs_review"] = int(
                    changed or bool(before["changed"]) or _unsure(q.verdict, q.confidence)
                )
                answers.update(answer_id, {**auto, "version": before["version"] + 1})
                self.db.execute("DELETE FROM findings WHERE answer_id = ?", [answer_id])
            findings.insert_all(
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
                    for i, f in enumerate(q.findings)
                ),
                batch_size=200,
            )
        for gone in old.values():  # the question left the pack: keep it only if the teacher edited it
            if (gone["manual_verdict"], gone["manual_score"], gone["manual_feedback"]) == (None, None, None):
                for table in ("findings", "edits"):
                    self.db.execute(f"DELETE FROM {table} WHERE answer_id = ?", [gone["id"]])
                answers.delete(gone["id"])
            else:
                answers.update(
                    gone["id"],
                    {"changed": 1, "needs_review": 1, "version": gone["version"] + 1, "updated_at": stamp},
                )

    def _submission_row(self, run_id: int, source: str) -> dict[str, Any] | None:
        rows = list(self.db.table("submissions").rows_where("run_id = ? AND source = ?", [run_id, source]))
        return rows[0] if rows else None

    def _touch_run(self, run_id: int) -> None:
        self.db.table("runs").update(run_id, {"updated_at": now()})

    # ─── reading ────────────────────────────────────────────────────────────

    def submissions(
        self, run_id: int, *, released_only: bool = False, graded_only: bool = False
    ) -> list[StoredSubmission]:
        """The run's submissions with their answers and findings, final values filled in, by id."""
        where = (
            "s.run_id = ?"
            + (" AND s.released = 1" if released_only else "")
            + (" AND s.status = 'graded'" if graded_only else "")
        )
        return list(self._load(where, [run_id]))

    def submission(self, submission_id: int) -> StoredSubmission:
        found = list(self._load("s.id = ?", [submission_id]))
        if not found:
            raise StoreError(
                f"no submission {submission_id} in {_where(self.db)} — list a run's submissions "
                "with `greenpen runs`"
            )
        return found[0]

    def _load(self, where: str, params: list[Any]) -> Iterator[StoredSubmission]:
        rows = list(
            self.db.query(
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
        for f in self.db.query(
            "SELECT f.* FROM findings f JOIN answers a ON a.id = f.answer_id "
            f"WHERE a.submission_id IN ({marks}) ORDER BY f.answer_id, f.position",
            ids,
        ):
            by_answer.setdefault(f["answer_id"], []).append(
                Finding(
                    kind=f["kind"],
                    id=f["item"] or "",
                    evidence=f["evidence"] or "",
                    detail=f["detail"] or "",
                    weight=f["weight"] or 0.0,
                    strength=f["strength"] if f["strength"] is not None else 1.0,
                )
            )
        run_ids = sorted({r["run_id"] for r in rows})
        asked = {
            (q["run_id"], q["question_id"])
            for q in self.db.query(
                f"SELECT * FROM asked_questions WHERE run_id IN ({','.join('?' * len(run_ids))})", run_ids
            )
        }
        run_of = {r["id"]: r["run_id"] for r in rows}
        by_submission: dict[int, list[StoredAnswer]] = {}
        for a in self.db.query(
            f"SELECT * FROM answers WHERE submission_id IN ({marks}) ORDER BY number, id", ids
        ):
            if (run_of[a["submission_id"]], a["question_id"]) in asked:
                by_submission.setdefault(a["submission_id"], []).append(
                    _answer(a, by_answer.get(a["id"], []))
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
            )

    def report(self, submission_id: int) -> Report:
        """The submission's report with the teacher's edits applied (what the student should get)."""
        s = self.submission(submission_id)
        row = self.db.table("submissions").get(submission_id)
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

    # ─── the teacher's edits ────────────────────────────────────────────────

    def edit_answer(
        self,
        answer_id: int,
        *,
        score: Any = UNSET,
        verdict: Any = UNSET,
        feedback: Any = UNSET,
        expected_version: int | None = None,
    ) -> StoredAnswer:
        """Set the teacher's score, verdict and/or feedback (None clears it back to automatic)."""
        if score is not UNSET and score is not None and not 0.0 <= float(score) <= 1.0:
            raise StoreError(f"score {score} is out of range — give a score between 0 and 1")
        if verdict is not UNSET and verdict is not None and verdict not in VERDICTS:
            raise StoreError(f'unknown verdict "{verdict}" — use one of: {", ".join(VERDICTS)}')
        changes = {
            f"manual_{k}": v
            for k, v in (("score", score), ("verdict", verdict), ("feedback", feedback))
            if v is not UNSET
        }
        with self._write():
            row = self._row("answers", answer_id, expected_version)
            self._apply_edits("answers", row, row["submission_id"], answer_id, changes)
        return self._answer(answer_id)

    def edit_submission(
        self,
        submission_id: int,
        *,
        score: Any = UNSET,
        overall: Any = UNSET,
        expected_version: int | None = None,
    ) -> StoredSubmission:
        """Set the teacher's total score and/or overall assessment (None clears it)."""
        if score is not UNSET and score is not None and not 0.0 <= float(score) <= 1.0:
            raise StoreError(f"score {score} is out of range — give a score between 0 and 1")
        changes = {
            f"{k}": v for k, v in (("manual_score", score), ("overall_manual", overall)) if v is not UNSET
        }
        with self._write():
            row = self._row("submissions", submission_id, expected_version)
            self._apply_edits("submissions", row, submission_id, None, changes)
        return self.submission(submission_id)

    def mark_reviewed(self, answer_id: int, *, expected_version: int | None = None) -> StoredAnswer:
        """The teacher approved the answer's result: clear its review and changed flags."""
        with self._write():
            row = self._row("answers", answer_id, expected_version)
            self.db.table("answers").update(
                answer_id,
                {
                    "reviewed_at": now(),
                    "needs_review": 0,
                    "changed": 0,
                    "version": row["version"] + 1,
                    "updated_at": now(),
                },
            )
        return self._answer(answer_id)

    def release(
        self, submission_id: int, released: bool = True, *, expected_version: int | None = None
    ) -> StoredSubmission:
        """Mark a submission reviewed and final (exports can be limited to released ones)."""
        with self._write():
            row = self._row("submissions", submission_id, expected_version)
            self.db.table("submissions").update(
                submission_id,
                {
                    "released": int(released),
                    "released_at": now() if released else None,
                    "version": row["version"] + 1,
                    "updated_at": now(),
                },
            )
        return self.submission(submission_id)

    def undo_last_edit(self, *, submission_id: int | None = None, run_id: int | None = None) -> Edit | None:
        """Undo the newest edit (of one submission, of one run, or anywhere); None when there is none."""
        where, params = pending_edits_filter(submission_id=submission_id, run_id=run_id)
        rows = list(
            self.db.query(
                f"SELECT e.* FROM edits e JOIN submissions s ON s.id = e.submission_id "
                f"WHERE {where} ORDER BY e.id DESC LIMIT 1",
                params,
            )
        )
        if not rows:
            return None
        edit = Edit(
            **{
                k: rows[0][k]
                for k in ("id", "submission_id", "answer_id", "field", "old_value", "new_value", "created_at")
            }
        )
        table, row_id = (
            ("answers", edit.answer_id) if edit.answer_id is not None else ("submissions", edit.submission_id)
        )
        with self._write():
            row = self._row(table, row_id, None)
            old = json.loads(edit.old_value) if edit.old_value is not None else None
            self.db.table(table).update(
                row_id, {edit.field: old, "version": row["version"] + 1, "updated_at": now()}
            )
            self.db.table("edits").update(edit.id, {"undone_at": now()})
        return edit

    def edits(self, submission_id: int) -> list[Edit]:
        """The submission's edit log, oldest first (undone edits left out)."""
        return [
            Edit(
                **{
                    k: r[k]
                    for k in (
                        "id",
                        "submission_id",
                        "answer_id",
                        "field",
                        "old_value",
                        "new_value",
                        "created_at",
                    )
                }
            )
            for r in self.db.query(
                "SELECT * FROM edits WHERE submission_id = ? AND undone_at IS NULL ORDER BY id",
                [submission_id],
            )
        ]

    def _row(self, table: str, row_id: int, expected_version: int | None) -> dict[str, Any]:
        rows = list(self.db.table(table).rows_where("id = ?", [row_id]))
        if not rows:
            raise StoreError(f"no {table[:-1]} with id {row_id} in {_where(self.db)} — reload the page")
        row = rows[0]
        if expected_version is not None and row["version"] != expected_version:
            raise StaleEdit(
                f"this {table[:-1]} changed since you opened it (version {row['version']}, you had "
                f"{expected_version}) — reload it and make your edit again"
            )
        return row

    def _apply_edits(
        self,
        table: str,
        row: dict[str, Any],
        submission_id: int,
        answer_id: int | None,
        changes: dict[str, Any],
    ) -> None:
        changes = {k: v for k, v in changes.items() if row[k] != v}
        if not changes:
            return
        stamp = now()
        self.db.table("edits").insert_all(
            [
                {
                    "submission_id": submission_id,
                    "answer_id": answer_id,
                    "field": field,
                    "old_value": None if row[field] is None else json.dumps(row[field]),
                    "new_value": None if value is None else json.dumps(value),
                    "created_at": stamp,
                }
                for field, value in changes.items()
            ]
        )
        self.db.table(table).update(
            row["id"], {**changes, "version": row["version"] + 1, "updated_at": stamp}
        )

    def _answer(self, answer_id: int) -> StoredAnswer:
        row = self.db.table("answers").get(answer_id)
        findings = [
            Finding(
                kind=f["kind"],
                id=f["item"] or "",
                evidence=f["evidence"] or "",
                detail=f["detail"] or "",
                weight=f["weight"] or 0.0,
                strength=f["strength"] or 0.0,
            )
            for f in self.db.query(
                "SELECT * FROM findings WHERE answer_id = ? ORDER BY position", [answer_id]
            )
        ]
        return _answer(row, findings)


def _pk(value: Any) -> int:
    """A primary key as int (sqlite-utils types `last_pk` loosely)."""
    return int(value)


def _unsure(verdict: str, confidence: float) -> bool:
    return verdict == "unassessable" or confidence < REVIEW_BELOW


def _answer(row: dict[str, Any], findings: Sequence[Finding]) -> StoredAnswer:
    def pick(manual: Any, auto: Any) -> Any:
        return auto if manual is None else manual

    return StoredAnswer(
        id=row["id"],
        question_id=row["question_id"],
        number=row["number"] or 0,
        question=row["question"] or "",
        answer=row["answer"] or "",
        verdict=pick(row["manual_verdict"], row["auto_verdict"]) or "",
        score=float(pick(row["manual_score"], row["auto_score"]) or 0.0),
        confidence=row["auto_confidence"] or 0.0,
        feedback=pick(row["manual_feedback"], row["auto_feedback"]) or "",
        auto_verdict=row["auto_verdict"] or "",
        auto_score=row["auto_score"] or 0.0,
        auto_feedback=row["auto_feedback"] or "",
        manual_verdict=row["manual_verdict"],
        manual_score=row["manual_score"],
        manual_feedback=row["manual_feedback"],
        changed=bool(row["changed"]),
        previous_verdict=row["previous_verdict"],
        previous_score=row["previous_score"],
        needs_review=bool(row["needs_review"]),
        reviewed_at=row["reviewed_at"],
        version=row["version"],
        updated_at=row["updated_at"],
        findings=tuple(findings),
        signals=signals_from_json(row.get("auto_signals") or ""),
    )


def signals_json(signals: Sequence[tuple[str, float]]) -> str:
    """A judgement's signals as stored in `answers.auto_signals` ("" when there are none)."""
    return json.dumps(dict(signals), sort_keys=True) if signals else ""


def signals_from_json(text: str) -> tuple[tuple[str, float], ...]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return ()
    if not isinstance(data, dict):
        return ()
    return tuple((str(k), float(v)) for k, v in data.items() if isinstance(v, int | float))


BUSY_SECONDS = 60.0
"""How long a write waits for another process (a second `greenpen grade`, the review app) to finish its own."""


def _busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _busy_error(db: Database) -> StoreError:
    return StoreError(
        f"{_where(db)} is busy: another greenpen process has been writing to it for over {BUSY_SECONDS:g} s — "
        "wait for it to finish and run the command again (a finished run resumes), or use another --db"
    )


def _wal(db: Database) -> None:
    """Write-ahead logging: readers (the review app) never wait for a grading process, nor it for them."""
    try:
        if next(db.query("PRAGMA journal_mode"))["journal_mode"] != "wal":
            db.execute("PRAGMA journal_mode = wal")
    except sqlite3.OperationalError:
        pass  # busy, or a read-only file: the default journal works too, only with more waiting


def _where(db: Database) -> str:
    try:
        rows = db.execute("PRAGMA database_list").fetchall()
        return str(rows[0][2]) or "the in-memory database"
    except sqlite3.Error:
        return "the database"


def pending_edits_filter(*, submission_id: int | None = None, run_id: int | None = None) -> tuple[str, list[int]]:
    """SQL condition (on `edits e JOIN submissions s`) and parameters for the edits that undo may
    still take back: one rule shared by `Store.undo_last_edit` and the review app's undo button."""
    where, params = "e.undone_at IS NULL", []
    if submission_id is not None:
        where, params = where + " AND e.submission_id = ?", [submission_id]
    if run_id is not None:
        where, params = where + " AND s.run_id = ?", [*params, run_id]
    return where, params
