"""The SQLite store (extra: `greenpen[store]`): `store.db.Store`, schema in `store.migrations`.

`Store` keeps to its transactions; its queries live beside it: `reading` (submissions, runs,
reports), `saving` (students, answers, findings), `editing` (the teacher's edits and undo),
`rows` (row ↔ record converters) and `connection` (write transactions, a busy database).

This package's `__init__` imports no SQLite code, so `from greenpen.store.records import …`
stays light; `greenpen.store.db` needs sqlite-utils.
"""

from __future__ import annotations

from .records import Edit, RunInfo, StoredAnswer, StoredSubmission

__all__ = ["Edit", "RunInfo", "StoredAnswer", "StoredSubmission"]
