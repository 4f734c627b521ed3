"""Answers kept in notes: a table or list that says "see note 4" (or a Markdown footnote, `[^4]`) and
gives the long answer further down, under "**Note 4.**" or "[^4]: …". The note is the answer; its
lines leave the part of the file that no question claims."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .domain import AlignedAnswer, SourceLine
from .readers.base import make_answer

_POINTER = re.compile(r"^\W*(?:(?:see|cf\.?|in)\s+(?:the\s+)?(?:note|footnote|nota)\s*#?\s*(\d{1,3})|\[\^(\w{1,10})\])"
                      r"\W*$", re.IGNORECASE)
"""An answer that only points to a note: "see note 4", "(see footnote 2)", "[^4]"."""
_LABEL = re.compile(r"^\s*(?:(?:\*\*|__)?\s*(?:note|footnote|nota)\s*#?\s*(\d{1,3})\s*[.:)]?\s*(?:\*\*|__)?\s*[.:)]?"
                    r"|\[\^(\w{1,10})\]:)\s*", re.IGNORECASE)
"""The label a note opens with: "**Note 4.**", "Note 4:", "[^4]:"."""
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def resolve(answers: dict[str, AlignedAnswer], leftovers: list[tuple[str, list[int]]],
            document: Sequence[SourceLine]) -> None:
    """Give each answer that points to a note the note's lines, taken out of `leftovers`."""
    free = {k for _, ks in leftovers for k in ks}
    notes = _notes(document, free)
    taken: set[int] = set()
    for qid, answer in list(answers.items()):
        m = _POINTER.match(answer.text)
        lines = notes.get((m.group(1) or m.group(2)).lower()) if m else None
        if not lines:
            continue
        texts = [_LABEL.sub("", document[lines[0]].text, count=1), *(document[k].text for k in lines[1:])]
        raw = make_answer("", texts)
        where = f"{answer.where}; note, lines {document[lines[0]].line}-{document[lines[-1]].line}"
        answers[qid] = replace(answer, text=raw.text, original=raw.original, where=where)
        taken.update(lines)
    if taken:
        leftovers[:] = [(label, kept) for label, ks in leftovers if (kept := [k for k in ks if k not in taken])]


def _notes(document: Sequence[SourceLine], free: set[int]) -> dict[str, list[int]]:
    """Each note's label ("4") and its lines, up to the next note's label or heading, among the free lines."""
    notes: dict[str, list[int]] = {}
    current: list[int] | None = None
    for k, line in enumerate(document):
        if k not in free or _HEADING.match(line.text):
            current = None
            continue
        m = _LABEL.match(line.text)
        if m and (m.group(1) or m.group(2)):
            current = notes.setdefault((m.group(1) or m.group(2)).lower(), [])
        if current is not None:
            current.append(k)
    return {key: lines for key, lines in notes.items() if lines}
