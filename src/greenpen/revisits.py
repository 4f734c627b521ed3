"""An answer given later in the file than its question: "Back to Q3: a model that predicts ratings well can still…".

A student who puts a question off ("Skipping for now, will come back to this.") and answers it at the end writes
where the answer belongs: a line that says it comes back to a question by its number ("Back to Q3:", "Q15 (revisited):",
"Voltando à questão 3:"), and so does a post's later correction ("**Edit:** Q14, I had x and y the wrong way
round…"). Everything from that line to the next such line, or to the end of the answer it sits
under, is the answer to that question, not more of the one above it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .domain import SourceLine
from .lang import NUMBER_LABELS, REVISIT_ASIDES, REVISIT_EDITS, REVISIT_FILLERS, REVISITS, patterns

_LABEL = rf"(?:{patterns(NUMBER_LABELS)}|quest(?:ion|ão|ao|ión)|frage|n[°º]|#)\.?\s*"
_NUMBER = rf"(?:{_LABEL}(\d{{1,3}})\b|(\d{{1,3}})(?=[*_]*\s*[:.)\-–—]))"
"""A question's number after a label ("Q3", "question 3"), or bare before a colon or a dash ("Back to 3: …"); "back
to 3 layers" is no question's."""
_FILLER = rf"(?:(?:{patterns(REVISIT_FILLERS)}),?\s+)?"
_REVISIT = re.compile(
    rf"^[\s>*_#-]*(?:(?:{patterns(REVISITS)})\s+(?:the\s+|a\s+|à\s+|la\s+)?{_NUMBER}"
    rf"|(?:{_LABEL})?(\d{{1,3}})\s*\((?:{patterns(REVISIT_ASIDES)})\)"
    rf"|(?:{patterns(REVISIT_EDITS)})(?:\s*[:\-–—]?[*_]*\s*{_FILLER}{_LABEL}(\d{{1,3}})\b"
    rf"|\s*[:\-–—][*_]*\s*{_FILLER}(\d{{1,3}})(?=\s+should\b|[*_]*\s*[:.)\-–—])))"
    rf"[*_]*\s*[:.,)\-–—]*\s*[*_]*\s*(.*)$",
    re.IGNORECASE)
"""A line that comes back to a question: after a revisit's words, a number in brackets with an aside, or a
correction's opening ("Edit: Q14, …", "edit: actually 16 should be MSE": a bare number then "should", a colon or a
dash)."""


def revisited(text: str) -> tuple[int, str] | None:
    """(the question's number, what the line says after it) when the line comes back to a question; else None."""
    m = _REVISIT.match(text)
    if not m:
        return None
    number = next(g for g in m.groups()[:-1] if g)
    return int(number), m.group(m.re.groups).strip()


def split_revisits(body: Sequence[int], document: Sequence[SourceLine], fenced: set[int],
                   numbers: set[int]) -> tuple[list[int], list[tuple[int, int, str, list[int]]]]:
    """`body` (an answer's lines) cut where it comes back to another question of `numbers`: the lines that stay,
    and (number, the line that comes back, what it says after the number, the lines below it) for each question
    come back to."""
    starts = [(n, k, found) for n, k in enumerate(body) if k not in fenced
              and (found := revisited(document[k].text)) is not None and found[0] in numbers]
    if not starts:
        return list(body), []
    parts = []
    for m, (n, k, (number, rest)) in enumerate(starts):
        end = starts[m + 1][0] if m + 1 < len(starts) else len(body)
        parts.append((number, k, rest, list(body[n + 1:end])))
    return list(body[:starts[0][0]]), parts
