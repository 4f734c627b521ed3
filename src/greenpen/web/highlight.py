"""The evidence of findings marked in a student's answer, safely.

    html = highlight(answer.answer, answer.findings)   # Markup: escaped text with <mark>s

Spans are found in the raw text (case and runs of whitespace ignored), then every piece of
the answer is HTML-escaped on its own and only the matched pieces are wrapped in `<mark>`:
whatever the student wrote (HTML, script) is shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from ..domain import Finding

GOOD = frozenset({"key_point", "code_ok"})
BAD = frozenset({"misconception", "code_error", "code_wrong", "self_contradiction", "off_topic"})


def tone(kind: str) -> str:
    """ "good", "bad" or "note": the colour a finding of this kind gets."""
    return "good" if kind in GOOD else "bad" if kind in BAD else "note"


def find_spans(text: str, evidence: str) -> list[tuple[int, int]]:
    """Where `evidence` occurs in `text` (case-insensitive, any whitespace between words)."""
    words = evidence.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


def highlight(text: str, findings: Sequence[Finding]) -> Markup:
    """`text` escaped, with each finding's evidence wrapped in `<mark class="good|bad|note">`."""
    spans: list[tuple[int, int, Finding]] = []
    for f in findings:
        for start, end in find_spans(text, f.evidence):
            spans.append((start, end, f))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[str] = []
    pos = 0
    for start, end, f in spans:
        if start < pos:  # overlaps a span already marked: the first (longest) one wins
            continue
        out.append(escape(text[pos:start]))
        title = f.detail or f.kind.replace("_", " ")
        out.append(f'<mark class="{tone(f.kind)}" title="{escape(title)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def located(text: str, finding: Finding) -> bool:
    """True when the finding's evidence can be found in `text` (else the page quotes it apart)."""
    return bool(find_spans(text, finding.evidence))
