"""Key points and misconceptions a teacher adds to a run's pack, in plain words.

A change names the question, what it adds and the student answer it came from (kept as the
item's example). `apply_changes` writes them into the pack's YAML, so the run is graded with
them and the teacher can take the updated pack to next year's class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..domain import Pack
from ..errors import PackError
from ..textutil import sentences

REFERENCE_WEIGHT = 0.5
"""Weight of the points drawn from the reference answer when a teacher's key point turns a
reference-only question into one with a rubric (the teacher's point weighs 1: it is central)."""


@dataclass(frozen=True)
class PackChange:
    id: int
    question_id: str
    kind: str
    """"key_point" or "misconception"."""
    item_id: str
    text: str
    correction: str = ""
    example: str = ""
    example_answer_id: int | None = None


def base_pack_text(name_or_path: str) -> str:
    """The YAML text of a shipped pack (by id) or of a pack file."""
    from ..packs import get_pack

    pack = get_pack(name_or_path)
    return Path(pack.source).read_text(encoding="utf-8")


def apply_changes(text: str, changes: Sequence[PackChange]) -> str:
    """The pack's YAML with `changes` added to their questions."""
    if not changes:
        return text
    data: dict[str, Any] = yaml.safe_load(text)
    by_id = {q.get("id"): q for q in data.get("questions", [])}
    for c in changes:
        q = by_id.get(c.question_id)
        if q is None:
            raise PackError(f'the pack has no question "{c.question_id}" for the change "{c.text}"')
        examples = [c.example.strip()] if c.example.strip() else []
        if c.kind == "key_point":
            if not q.get("key_points"):
                # The question was graded from its reference answer alone: keep those points, as
                # supporting ones, so the teacher's point is the one a correct answer must make.
                spans = [s.text for s in sentences(q.get("reference", ""))] or [q.get("reference", "")]
                q["key_points"] = [{"id": f"reference-{i + 1}", "text": t, "weight": REFERENCE_WEIGHT}
                                   for i, t in enumerate(spans) if t.strip()]
            item: dict[str, Any] = {"id": c.item_id, "text": c.text}
            if examples:
                item["examples"] = examples
            q["key_points"].append(item)
        else:
            item = {"id": c.item_id, "text": c.text, "correction": c.correction}
            if examples:
                item["examples"] = examples
            q.setdefault("misconceptions", []).append(item)
    header = "# Updated by greenpen from the teacher's review: " + ", ".join(
        sorted({f"{c.kind.replace('_', ' ')} {c.item_id} on {c.question_id}" for c in changes})) + "\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def changed_pack(name_or_path: str, changes: Sequence[PackChange]) -> Pack:
    """The pack with `changes` applied (the pack itself when there are none)."""
    from ..packs import get_pack, parse_pack

    pack = get_pack(name_or_path)
    if not changes:
        return pack
    return parse_pack(apply_changes(base_pack_text(name_or_path), changes), pack.source)
