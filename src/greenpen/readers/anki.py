"""Flashcards exported as text (Anki's "Notes in Plain Text", Quizlet's export): one card per line, the question
and the answer separated by a tab (or the separator Anki's `#separator:` header names), in any order.

Each card is an answer block labelled with its front, matched to the pack's questions by its words like a form's
columns. With Anki's `#html:true` the fields are HTML: `<br>` and `<div>` are line breaks, other tags are dropped
and entities (`&rarr;`) read as their characters. Anki's `#…:` header lines and a card's further fields (tags)
are kept as text outside the answers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from ..domain import Submission
from .base import Parsed, clean_name, make_answer, read_text
from .html import html_to_text
from .markdown import split_number

NAME = "anki"
EXTENSIONS: tuple[str, ...] = (".txt", ".tsv")
_HEADER = re.compile(r"^#(separator|html|tags|columns|deck|notetype|guid)\s*:\s*(.*)$", re.IGNORECASE)
_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
CARDS_MIN = 5
"""Fewest cards a file without Anki's header needs to be read as flashcards."""


def _headers(lines: Sequence[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        if not (m := _HEADER.match(line.strip())):
            break
        out[m.group(1).lower()] = m.group(2).strip()
    return out


def accepts(path: Path, text_head: str) -> float:
    lines = text_head.split("\n")[:200]
    if "separator" in _headers(lines):
        return 0.95
    cards = [line for line in lines if line.strip() and not line.startswith("#")]
    asked = [line for line in cards if line.count("\t") == 1 and line.split("\t")[0].rstrip().endswith("?")]
    return 0.6 if len(asked) >= CARDS_MIN and len(asked) >= 0.8 * len(cards) else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    text = read_text(path)
    lines = text.split("\n")
    headers = _headers(lines)
    separator = _SEPARATORS.get(headers.get("separator", "tab").lower(), headers.get("separator", "\t")[:1] or "\t")
    html = headers.get("html", "").lower() == "true" or bool(re.search(r"<br\s*/?>|</?b>|&\w+;", text))
    parsed = Parsed(extra=[line.strip() for line in lines[: len(headers)]])
    body = "\n".join(lines[len(headers):])
    for row in csv.reader(io.StringIO(body), delimiter=separator):
        if not any(cell.strip() for cell in row):
            continue
        front, back = (row + ["", ""])[:2]
        if html:
            front, back = _plain(front), _plain(back)
        number, label = split_number(" ".join(front.split()))
        parsed.items.append(make_answer(label, back.split("\n"), number=number))
        if len(row) > 2 and any(cell.strip() for cell in row[2:]):
            parsed.extra.append(" | ".join(cell.strip() for cell in row[2:]))
    return [parsed.submission(clean_name(path.name), NAME)]


def _plain(field: str) -> str:
    return html_to_text(field.replace("<div>", "<br>").replace("</div>", "")).strip()
