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
import json
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from ..domain import Overall, Report, Submission
from ..errors import StoreError
from .connection import busy_error, database_name, is_busy, use_wal, write_transaction
from .editing import (
    StaleEdit,
    apply_edits,
    newest_pending_edit,
    pending_edits_filter,
    undo_edit,
    versioned_row,
)
from .migrations import migrate, pending
from .reading import load_answer, load_submissions, report_of, run_info, run_row, submission_row
from .records import VERDICTS, Edit, RunInfo, StoredAnswer, StoredSubmission
from .rows import (
    edit_from_row,
    now,
    pk,
    signals_from_json,
    signals_json,
    student_key,
    submission_from_json,
    submission_hash,
    submission_to_json,
)
from .saving import ensure_student, save_answers

__all__ = [
    "BUSY_SECONDS",
    "DEFAULT_DB",
    "UNSET",
    "StaleEdit",
    "Store",
    "now",
    "pending_edits_filter",
    "signals_from_json",
    "signals_json",
    "student_key",
    "submission_from_json",
    "submission_hash",
    "submission_to_json",
]

DEFAULT_DB = "greenpen.db"

BUSY_SECONDS = 60.0
"""How long a write waits for another process (a second `greenpen grade`, the review app) to finish its own."""


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Marks an edit argument as "leave unchanged" (None means "clear the teacher's value")."""


class Store:
    """A greenpen database. Open with `Store.open(path)`; all methods are one transaction each."""

    def __init__(self, db: Database) -> None:
        self.db = db
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            if not db.memory:
                use_wal(db)
            if pending(db):
                with self._write():  # two processes opening a new file: one migrates, the other waits
                    migrate(db)
        except StoreError:
            raise
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise busy_error(db, BUSY_SECONDS) from exc
            raise StoreError(
                f"{database_name(db)} cannot be used ({exc}) — check the file and its permissions"
            ) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{database_name(db)} is not a greenpen database ({exc}) — choose another file with --db"
            ) from exc

    def _write(self) -> contextlib.AbstractContextManager[None]:
        """One write transaction (`BEGIN IMMEDIATE`, waiting up to `BUSY_SECONDS` for another process)."""
        return write_transaction(self.db, BUSY_SECONDS)

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
        return ensure_student(self.db, name, email, now)

    # ─── runs ───────────────────────────────────────────────────────────────

    def create_run(self, name: str, pack: str = "", options: dict[str, Any] | None = None) -> int:
        """A new run called `name` (names are unique)."""
        if run_row(self.db, name) is not None:
            raise StoreError(
                f'a run called "{name}" already exists — choose another --run name or '
                f"re-grade it with `greenpen regrade {name}`"
            )
        stamp = now()
        return pk(
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
            row = run_row(self.db, name)
            return int(row["id"]) if row is not None else self.create_run(name, pack, options)

    def run(self, name_or_id: str | int) -> RunInfo:
        """The run with this name (or id); `StoreError` lists the known runs when there is none."""
        row = run_row(self.db, name_or_id)
        if row is None:
            known = [r.name for r in self.runs()]
            hint = (
                f"known runs: {', '.join(known)}" if known else "grade something first with `greenpen grade`"
            )
            raise StoreError(f'no run called "{name_or_id}" in {database_name(self.db)} — {hint}')
        return run_info(self.db, row)

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
        return [run_info(self.db, r) for r in rows]

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
            existing = submission_row(self.db, run_id, source)
            if existing is None:
                return pk(self.db.table("submissions").insert(row).last_pk)
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
            student = report.student  # as aligned: a name the reader took from an answer line is gone
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
            existing = submission_row(self.db, run_id, report.source)
            table = self.db.table("submissions")
            if existing is None:
                submission_id = pk(table.insert(row).last_pk)
            else:
                submission_id = int(existing["id"])
                table.update(submission_id, {**row, "version": existing["version"] + 1})
            save_answers(self.db, submission_id, report.questions, stamp)
            self._touch_run(run_id)
        return submission_id

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
        return list(load_submissions(self.db, where, [run_id]))

    def submission(self, submission_id: int) -> StoredSubmission:
        found = list(load_submissions(self.db, "s.id = ?", [submission_id]))
        if not found:
            raise StoreError(
                f"no submission {submission_id} in {database_name(self.db)} — list a run's submissions "
                "with `greenpen runs`"
            )
        return found[0]

    def report(self, submission_id: int) -> Report:
        """The submission's report with the teacher's edits applied (what the student should get)."""
        return report_of(self.db, self.submission(submission_id))

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
        _check_score(score)
        if verdict is not UNSET and verdict is not None and verdict not in VERDICTS:
            raise StoreError(f'unknown verdict "{verdict}" — use one of: {", ".join(VERDICTS)}')
        changes = {
            f"manual_{k}": v
            for k, v in (("score", score), ("verdict", verdict), ("feedback", feedback))
            if v is not UNSET
        }
        with self._write():
            row = versioned_row(self.db, "answers", answer_id, expected_version)
            apply_edits(self.db, "answers", row, row["submission_id"], answer_id, changes, now())
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
        _check_score(score)
        changes = {
            f"{k}": v for k, v in (("manual_score", score), ("overall_manual", overall)) if v is not UNSET
        }
        with self._write():
            row = versioned_row(self.db, "submissions", submission_id, expected_version)
            apply_edits(self.db, "submissions", row, submission_id, None, changes, now())
        return self.submission(submission_id)

    def set_auto_overall(self, submission_id: int, overall: Overall) -> None:
        """Replace greenpen's overall assessment (written again once the class's questions are known);
        the teacher's own, if any, still wins."""
        with self._write():
            self.db.table("submissions").update(
                submission_id, {"overall_auto": json.dumps(asdict(overall), ensure_ascii=False)})

    def mark_reviewed(self, answer_id: int, *, expected_version: int | None = None) -> StoredAnswer:
        """The teacher approved the answer's result: clear its review and changed flags."""
        with self._write():
            row = versioned_row(self.db, "answers", answer_id, expected_version)
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
            row = versioned_row(self.db, "submissions", submission_id, expected_version)
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
        """Undo the newest edit (of one submission, of one run, or anywhere), with the other fields saved with it (a
        verdict and its score are one save: undoing one of them left the two disagreeing); None when there is none."""
        edit = newest_pending_edit(self.db, *pending_edits_filter(submission_id=submission_id, run_id=run_id))
        if edit is not None:
            with self._write():
                undo_edit(self.db, edit, now)
                same_save = "e.undone_at IS NULL AND e.submission_id = ? AND e.created_at = ? AND e.answer_id IS ?"
                saved: list[Any] = [edit.submission_id, edit.created_at, edit.answer_id]
                while (same := newest_pending_edit(self.db, same_save, saved)) is not None:
                    undo_edit(self.db, same, now)
        return edit

    def edits(self, submission_id: int) -> list[Edit]:
        """The submission's edit log, oldest first (undone edits left out)."""
        return [
            edit_from_row(r)
            for r in self.db.query(
                "SELECT * FROM edits WHERE submission_id = ? AND undone_at IS NULL ORDER BY id",
                [submission_id],
            )
        ]

    def _answer(self, answer_id: int) -> StoredAnswer:
        return load_answer(self.db, answer_id)


def _check_score(score: Any) -> None:
    if score is not UNSET and score is not None and not 0.0 <= float(score) <= 1.0:
        raise StoreError(f"score {score} is out of range — give a score between 0 and 1")
