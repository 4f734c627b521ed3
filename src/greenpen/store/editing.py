"""The teacher's edits: a row read at the version the teacher saw, edits logged for undo.

Each takes the `Database` and the time stamp of the write (`Store` in `store.db` gives both).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlite_utils import Database

from ..errors import StoreError
from .connection import database_name
from .records import Edit
from .rows import edit_from_row


class StaleEdit(StoreError):
    """The row changed since it was read (another tab or a re-grade saved first)."""


def versioned_row(db: Database, table: str, row_id: int, expected_version: int | None) -> dict[str, Any]:
    """The row `row_id` of `table`; `StaleEdit` when it is no longer at `expected_version`."""
    rows = list(db.table(table).rows_where("id = ?", [row_id]))
    if not rows:
        raise StoreError(f"no {table[:-1]} with id {row_id} in {database_name(db)} — reload the page")
    row = rows[0]
    if expected_version is not None and row["version"] != expected_version:
        raise StaleEdit(
            f"this {table[:-1]} changed since you opened it (version {row['version']}, you had "
            f"{expected_version}) — reload it and make your edit again"
        )
    return row


def apply_edits(
    db: Database,
    table: str,
    row: dict[str, Any],
    submission_id: int,
    answer_id: int | None,
    changes: dict[str, Any],
    stamp: str,
) -> None:
    """Write the `changes` that differ from `row`, each logged in `edits` (old and new value)."""
    changes = {k: v for k, v in changes.items() if row[k] != v}
    if not changes:
        return
    db.table("edits").insert_all(
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
    db.table(table).update(row["id"], {**changes, "version": row["version"] + 1, "updated_at": stamp})


def pending_edits_filter(*, submission_id: int | None = None, run_id: int | None = None) -> tuple[str, list[int]]:
    """SQL condition (on `edits e JOIN submissions s`) and parameters for the edits that undo may
    still take back: one rule shared by `Store.undo_last_edit` and the review app's undo button."""
    where, params = "e.undone_at IS NULL", []
    if submission_id is not None:
        where, params = where + " AND e.submission_id = ?", [submission_id]
    if run_id is not None:
        where, params = where + " AND s.run_id = ?", [*params, run_id]
    return where, params



def newest_pending_edit(db: Database, where: str, params: list[Any]) -> Edit | None:
    """The newest edit that `where` (from `pending_edits_filter`) selects; None when there is none."""
    rows = list(
        db.query(
            f"SELECT e.* FROM edits e JOIN submissions s ON s.id = e.submission_id "
            f"WHERE {where} ORDER BY e.id DESC LIMIT 1",
            params,
        )
    )
    return edit_from_row(rows[0]) if rows else None


def undo_edit(db: Database, edit: Edit, clock: Callable[[], str]) -> None:
    """Put the edited field back to its old value and mark the edit undone (inside a write)."""
    table, row_id = (
        ("answers", edit.answer_id) if edit.answer_id is not None else ("submissions", edit.submission_id)
    )
    row = versioned_row(db, table, row_id, None)
    old = json.loads(edit.old_value) if edit.old_value is not None else None
    db.table(table).update(row_id, {edit.field: old, "version": row["version"] + 1, "updated_at": clock()})
    db.table("edits").update(edit.id, {"undone_at": clock()})
