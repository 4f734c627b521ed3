"""Numbered plain-text lists: `1. Question?` followed by the answer (often indented).

A numbered line starts a new question only when its number follows the previous one, and
not when it is indented as deeply as the answer it sits in (so a list inside an answer
stays in the answer). The question may wrap onto following lines until it ends with
`?`, `.` or `:`, or a blank line; an `Answer:` / `A:` prefix is dropped.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from pathlib import Path

from .. import lang
from ..domain import Submission
from .base import Parsed, file_submission, make_answer, read_text

NAME = "numbered"
EXTENSIONS: tuple[str, ...] = (".txt", ".text", ".md")

ITEM = re.compile(
    r"^(\s*)(?:\*\*)?(?:(?:" + lang.patterns(lang.NUMBER_LABELS) + r")\s*)?(\d{1,3})\s*[.)\]:]\s*(?:\*\*)?\s+(\S.*)$",
    re.I,
)
ANSWER_PREFIX = re.compile(
    r"^\s*(?:\*\*)?(?:" + lang.patterns(lang.ANSWER_PREFIXES) + r")\s*[:.)](?:\*\*)?\s*", re.IGNORECASE
)


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _items(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(line index, number) of each numbered line that starts a question.

    Numbers must increase (students skip questions), the line must sit at the first
    question's indentation (±2), and less indented than the answer above it.
    """
    found: list[tuple[int, int]] = []
    baseline: int | None = None
    answer_indent: int | None = None
    for i, line in enumerate(lines):
        match = ITEM.match(line)
        if match:
            number, indent = int(match.group(2)), _indent(line)
            if baseline is None:
                fits = number <= 1 or _more_follow(lines, i, number)
            else:
                shallower = answer_indent is None or indent < answer_indent
                fits = number > found[-1][1] and indent <= baseline + 2 and shallower
            if fits:
                found.append((i, number))
                baseline = indent if baseline is None else baseline
                answer_indent = None
                continue
        if found and line.strip() and answer_indent is None and i > found[-1][0] + 1:
            if _indent(line) > _indent(lines[found[-1][0]]):
                answer_indent = _indent(line)
    return found


def _more_follow(lines: Sequence[str], i: int, number: int) -> bool:
    """A list may start at any number if a larger number follows somewhere below."""
    return any((m := ITEM.match(line)) and int(m.group(2)) > number for line in lines[i + 1 :])


def _split_question(block: list[str], first_text: str) -> tuple[str, list[str]]:
    """The question (possibly wrapped) and the answer lines that follow it."""
    label = [first_text.strip()]
    rest = block
    while rest and rest[0].strip() and not re.search(r"[?.:!)]\s*$", label[-1]):
        if ANSWER_PREFIX.match(rest[0]):
            break
        label.append(rest[0].strip())
        rest = rest[1:]
    return " ".join(label), rest


def parse(text: str, hints: Sequence[str] = ()) -> Parsed:
    """Split a numbered list into question/answer blocks."""
    lines = text.split("\n")
    starts = _items(lines)
    parsed = Parsed()
    if not starts:
        parsed.add_extra(lines)
        return parsed
    parsed.note_identity(lines[: starts[0][0]])
    parsed.add_extra(lines[: starts[0][0]])
    bounds = [*(i for i, _ in starts[1:]), len(lines)]
    for (start, number), end in zip(starts, bounds, strict=True):
        match = ITEM.match(lines[start])
        assert match is not None
        label, rest = _split_question(lines[start + 1 : end], match.group(3))
        body = textwrap.dedent("\n".join(line.expandtabs(4) for line in rest)).split("\n")
        first = next((k for k, line in enumerate(body) if line.strip()), None)
        if first is not None:
            body[first] = ANSWER_PREFIX.sub("", body[first], count=1)
        parsed.items.append(make_answer(label.replace("**", ""), body, number=number))
    return parsed


def score_text(text: str) -> float:
    """How much `text` looks like a numbered list of answers (0..1)."""
    count = len(_items(text.split("\n")))
    if count < 2:
        return 0.0
    return 0.35 if count == 2 else min(0.5 + count / 40, 0.8)


def accepts(path: Path, text_head: str) -> float:
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    text = read_text(path)
    return [file_submission(path, NAME, parse(text, hints), text=text)]
