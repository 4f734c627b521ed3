"""The SQLite connection of the store: write transactions, a busy database, write-ahead logging.

How long a write waits is the caller's (`store.db.BUSY_SECONDS`), passed in as `busy_seconds`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from ..errors import StoreError


@contextlib.contextmanager
def write_transaction(db: Database, busy_seconds: float) -> Iterator[None]:
    """One write transaction, taken with `BEGIN IMMEDIATE`: another process writing at the same
    time waits (up to `busy_seconds`) instead of failing half-way with "database is locked"."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise busy_error(db, busy_seconds) from exc
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
        if is_busy(exc):
            raise busy_error(db, busy_seconds) from exc
        raise


def is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def busy_error(db: Database, busy_seconds: float) -> StoreError:
    return StoreError(
        f"{database_name(db)} is busy: another greenpen process has been writing to it for over {busy_seconds:g} s — "
        "wait for it to finish and run the command again (a finished run resumes), or use another --db"
    )


def use_wal(db: Database) -> None:
    """Write-ahead logging: readers (the review app) never wait for a grading process, nor it for them."""
    try:
        if next(db.query("PRAGMA journal_mode"))["journal_mode"] != "wal":
            db.execute("PRAGMA journal_mode = wal")
    except sqlite3.OperationalError:
        pass  # busy, or a read-only file: the default journal works too, only with more waiting


def database_name(db: Database) -> str:
    """The database's file name for a message ("the in-memory database" for one in memory)."""
    try:
        rows = db.execute("PRAGMA database_list").fetchall()
        return str(rows[0][2]) or "the in-memory database"
    except sqlite3.Error:
        return "the database"
