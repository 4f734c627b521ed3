"""Row ↔ record converters of the store: what a stored row means, with no SQL of their own.

`Store` (`store.db`) reads rows and hands them here; a submission as read is kept as JSON
(`submission_to_json` / `submission_from_json`), a judgement's signals likewise.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from ..domain import Finding, RawAnswer, SourceLine, Submission
from .records import REVIEW_BELOW, Edit, StoredAnswer

EDIT_COLUMNS = ("id", "submission_id", "answer_id", "field", "old_value", "new_value", "created_at")
"""The columns of `edits` that make an `Edit`."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def pk(value: Any) -> int:
    """A primary key as int (sqlite-utils types `last_pk` loosely)."""
    return int(value)


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


def unsure(verdict: str, confidence: float) -> bool:
    """Whether an automatic result needs the teacher's review."""
    return verdict == "unassessable" or confidence < REVIEW_BELOW


def finding_from_row(row: dict[str, Any], *, missing_strength: float) -> Finding:
    """A `findings` row as a `Finding`; `missing_strength` stands for a strength the row lacks."""
    return Finding(
        kind=row["kind"],
        id=row["item"] or "",
        evidence=row["evidence"] or "",
        detail=row["detail"] or "",
        weight=row["weight"] or 0.0,
        strength=row["strength"] if row["strength"] is not None else missing_strength,
    )


def edit_from_row(row: dict[str, Any]) -> Edit:
    return Edit(**{k: row[k] for k in EDIT_COLUMNS})


def answer_from_row(row: dict[str, Any], findings: Sequence[Finding]) -> StoredAnswer:
    """An `answers` row with its findings; the final values are the teacher's where set."""

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
        note=row.get("note") or "",
        in_file=bool(row.get("in_file", 1)),
    )
