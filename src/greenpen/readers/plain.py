"""The last resort for text with no recognisable structure.

A paragraph that is a single line asking something (ends with `?`, or matches a known
question from `hints`) starts a block; the paragraphs below are its answer. With no such
line at all, the whole text becomes one block with an empty label, for alignment to
place by content. Text before the first question goes to extra.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..domain import Submission
from .base import HintIndex, Parsed, file_submission, looks_like_question, make_answer, read_text
from .markdown import split_number

NAME = "plain"
EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md", "")
NOT_TEXT = (".json", ".xml", ".html", ".htm", ".yaml", ".yml", ".py", ".js", ".css", ".svg", ".rtf", ".tex")


def _is_question(paragraph: str, hints: HintIndex) -> bool:
    line = paragraph.strip()
    if "\n" in line or not looks_like_question(line):
        return False
    return line.endswith("?") or hints.score(line) >= 0.5


def parse(text: str, hints: Sequence[str] = ()) -> Parsed:
    """Blocks led by one-line questions, or the whole text as one block."""
    index = HintIndex(hints)
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    parsed = Parsed()
    label: str | None = None
    answer: list[str] = []
    leading: list[str] = []
    for paragraph in paragraphs:
        if _is_question(paragraph, index):
            if label is not None:
                number, clean = split_number(label)
                parsed.items.append(make_answer(clean, answer, number=number))
            label, answer = paragraph.strip(), []
        elif label is None:
            leading.extend([*paragraph.split("\n"), ""])
        else:
            answer.extend([*paragraph.split("\n"), ""])
    if label is not None:
        number, clean = split_number(label)
        parsed.items.append(make_answer(clean, answer, number=number))
        parsed.note_identity(leading)
        parsed.add_extra(leading)
    elif leading:
        parsed.items.append(make_answer("", leading))
    return parsed


def score_text(text: str) -> float:
    return 0.1 if text.strip() else 0.0


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in NOT_TEXT or text_head.lstrip().startswith(("{", "<")):
        return 0.0
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    text = read_text(path)
    return [file_submission(path, NAME, parse(text, hints), text=text)]
