"""`greenpen packs draft`: a teacher's questions (and reference answers) → a pack file to edit.

    text = draft_pack(client, read_questions(q_text), read_questions(ref_text), pack_id="week-3")

Per question the model writes a reference answer (only when the teacher gave none), the
key points a correct answer states, and likely misconceptions with their corrections.
Its lines are parsed leniently; what cannot be parsed is left out, and a question the
model says nothing useful about keeps its reference answer (greenpen then grades it in
reference-only mode). The YAML is validated with `greenpen.packs.parse_pack` before it is
returned, and starts with a comment saying it is a draft to check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..packs import parse_pack
from ..textutil import content_tokens, words
from .backend import LLMClient
from .prompts import key_point_messages, misconception_messages, reference_messages

MAX_POINTS = 4
MAX_MISCONCEPTIONS = 3
SAME = 0.8
"""Word overlap (Jaccard) from which two lines say the same thing."""
_NUMBERED = re.compile(r"^\s*(?:q(?:uestion)?\s*)?(\d{1,3})\s*[.):\-]\s+(.*)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s*")
_WRONG_RIGHT = re.compile(r"wrong\s*:\s*(.+?)\s*\|\s*right\s*:\s*(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class DraftQuestion:
    number: int
    text: str


@dataclass
class Drafted:
    number: int
    text: str
    reference: str
    reference_drafted: bool
    key_points: list[str] = field(default_factory=list)
    misconceptions: list[tuple[str, str]] = field(default_factory=list)


def read_questions(text: str) -> list[DraftQuestion]:
    """Questions from plain text: numbered ("1." "2)" "Q3:"; continuation lines join the item
    above), else one per paragraph, else one per line."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").split("\n")]
    if any(_NUMBERED.match(ln) for ln in lines):
        items: list[list[Any]] = []
        for ln in lines:
            m = _NUMBERED.match(ln)
            if m:
                items.append([int(m.group(1)), m.group(2).strip()])
            elif ln.strip() and items:
                items[-1][1] += " " + ln.strip()
        return _renumber([DraftQuestion(n, " ".join(t.split())) for n, t in items if t.strip()])
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1:
        blocks = [ln for ln in lines if ln.strip()]
    return [DraftQuestion(i + 1, " ".join(b.split())) for i, b in enumerate(blocks)]


def _renumber(items: list[DraftQuestion]) -> list[DraftQuestion]:
    """Keep the teacher's numbers unless two collide."""
    if len({q.number for q in items}) == len(items):
        return items
    return [DraftQuestion(i + 1, q.text) for i, q in enumerate(items)]


def match_references(questions: Sequence[DraftQuestion],
                     references: Sequence[DraftQuestion]) -> dict[int, str]:
    """Reference answer per question number: by number when they agree, else by order."""
    if {r.number for r in references} <= {q.number for q in questions}:
        return {r.number: r.text for r in references}
    return {q.number: r.text for q, r in zip(questions, references, strict=False)}


def parse_points(reply: str) -> list[str]:
    out: list[str] = []
    for ln in reply.splitlines():
        text = _BULLET.sub("", ln).strip().strip("*").strip()
        if len(text) < 8 or text.endswith(":") or text.casefold() in (o.casefold() for o in out):
            continue
        out.append(text[:200])
    return out[:MAX_POINTS]


def parse_misconceptions(reply: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for ln in reply.splitlines():
        m = _WRONG_RIGHT.search(ln)
        if m:
            wrong, right = (s.strip().strip("*").strip()[:200] for s in m.groups())
            if len(wrong) >= 8 and len(right) >= 8:
                out.append((wrong, right))
    return out[:MAX_MISCONCEPTIONS]


def _same(a: str, b: str) -> bool:
    ta, tb = content_tokens(a), content_tokens(b)
    return bool(ta | tb) and len(ta & tb) / len(ta | tb) >= SAME


def sift(points: list[str], wrong: list[tuple[str, str]],
         reference: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Drop repeated key points, and "misconceptions" that restate the reference, a key point or their
    own correction (a small model writes those)."""
    kept: list[str] = []
    for p in points:
        if not any(_same(p, k) for k in kept):
            kept.append(p)
    mis = [(w, r) for w, r in wrong
           if not _same(w, r) and not _same(w, reference) and not any(_same(w, k) for k in kept)]
    return kept, mis


def draft_question(client: LLMClient, q: DraftQuestion, reference: str = "") -> Drafted:
    drafted_ref = not reference.strip()
    if drafted_ref:
        reference = client.send(client.chat_request(reference_messages(q.text), max_tokens=160)).text.strip()
    points = parse_points(client.send(client.chat_request(key_point_messages(q.text, reference),
                                                          max_tokens=200)).text)
    wrong = parse_misconceptions(client.send(client.chat_request(misconception_messages(q.text, reference),
                                                                 max_tokens=220)).text)
    points, wrong = sift(points, wrong, reference)
    return Drafted(q.number, q.text, reference, drafted_ref, points, wrong)


def slug(text: str, limit: int = 4) -> str:
    picked = [w for w in words(text) if w.isascii() and len(w) > 2][:limit] or ["item"]
    return "-".join(picked)


def _unique(base: str, seen: set[str]) -> str:
    ident, n = base, 2
    while ident in seen:
        ident, n = f"{base}-{n}", n + 1
    seen.add(ident)
    return ident


def to_pack_dict(drafted: Sequence[Drafted], *, pack_id: str, title: str) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    q_ids: set[str] = set()
    for d in drafted:
        inner: set[str] = set()
        entry: dict[str, Any] = {"id": _unique(slug(d.text), q_ids), "number": d.number, "text": d.text}
        entry["reference"] = d.reference or "TODO: write the reference answer"
        if d.key_points:
            entry["key_points"] = [
                {"id": _unique(slug(text, 3), inner), "weight": 2 if i == 0 else 1, "text": text}
                for i, text in enumerate(d.key_points)]
        if d.misconceptions:
            entry["misconceptions"] = [
                {"id": _unique(slug(wrong, 3), inner), "text": wrong, "correction": right}
                for wrong, right in d.misconceptions]
        questions.append(entry)
    return {"id": pack_id, "title": title, "language": "en", "reveal": "hint", "questions": questions}


def to_yaml(pack: dict[str, Any], *, model: str, drafted_refs: Sequence[int]) -> str:
    head = [f"# Drafted by greenpen with a language model ({model}). A first draft for the teacher to edit:",
            "# check every reference answer, key point and misconception; add praise:, hint: and cues:.",
            "# Validate with: greenpen packs check THIS_FILE"]
    if drafted_refs:
        numbers = ", ".join(map(str, drafted_refs))
        head.append(f"# The model also wrote the reference answers of questions {numbers}.")
    body = str(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True, width=100))
    return "\n".join(head) + "\n" + body


def draft_pack(client: LLMClient, questions: Sequence[DraftQuestion],
               references: Sequence[DraftQuestion] = (), *, pack_id: str = "draft",
               title: str = "Drafted pack", source: str = "draft.yaml") -> str:
    """The pack YAML for `questions`, validated (raises PackError if it cannot be made valid)."""
    refs = match_references(questions, references) if references else {}
    drafted = [draft_question(client, q, refs.get(q.number, "")) for q in questions]
    pack_id = slug(pack_id, 6) if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]*", pack_id) else pack_id
    text = to_yaml(to_pack_dict(drafted, pack_id=pack_id, title=title), model=client.settings.describe(),
                   drafted_refs=[d.number for d in drafted if d.reference_drafted])
    parse_pack(text, source)
    return text
