"""Google Forms response exports (text/Markdown, as printed to PDF and converted).

A question is one line ending in the required-question marker ` *` / ` \\*`. Real exports
bend that rule, and each bend is handled:

- the marker alone on the next line, or displaced mid-line (`Select \\* the bottom-right`);
- no marker at all (optional questions): a single-line paragraph that asks something,
  after an answer (known question texts, `hints`, make this surer);
- the question wrapped in a `####` heading, or inside a ``` fence with its code answer;
- drawings shown only as an attachment line (`🖊 Relu - BRENO SIL...`) → `attachments`;
- score lines (`Total de pontos 0/0`) and the title → `Submission.extra`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import lang
from ..domain import Submission
from ..line_shapes import RULE
from .base import HintIndex, Parsed, file_submission, looks_like_question, make_answer, read_text
from .markdown import FENCE, split_number

NAME = "forms"
EXTENSIONS: tuple[str, ...] = (".md", ".txt", ".markdown")

TRAILING_MARKER = re.compile(r"\s\\?\*\s*$")
MARKER_ONLY = re.compile(r"^\s*\\?\*\s*$")
DISPLACED_MARKER = re.compile(r"(?<=\s)\\?\*(?=\s|[^\W\d_])")
HEADING_MARKS = re.compile(r"^\s{0,3}#{1,6}\s+")
SCORE_LINE = re.compile(
    r"^\s*(" + lang.patterns(lang.SCORE_LINE_LABELS) + r")?\s*[\d.,]+\s*/\s*[\d.,]+"
    r"(\s*(" + lang.patterns(lang.POINTS) + r"))?\s*$",
    re.IGNORECASE,
)
IDENTITY_FIELD = re.compile(
    r"^(?:(" + lang.patterns(lang.NAME_FIELDS) + r")|(" + lang.patterns(lang.EMAIL_FIELDS) + r"))\s*:?$",
    re.IGNORECASE,
)
_CODE_HINT = re.compile(r"[=\[\]{}]|\bdef\b|\bimport\b")


def _looks_like_code(line: str) -> bool:
    """Code outside `inline code` spans (questions quote code in backticks)."""
    return bool(_CODE_HINT.search(re.sub(r"`[^`]*`", "", line)))


def _question_line(line: str, next_line: str, hints: HintIndex) -> str | None:
    """The question text (markers removed) when `line` is a marked question, else None."""
    content = HEADING_MARKS.sub("", line).strip()
    if not content or MARKER_ONLY.match(content):
        return None
    if TRAILING_MARKER.search(" " + content) and len(content) > 3:
        return TRAILING_MARKER.sub("", " " + content).strip()
    if MARKER_ONLY.match(next_line) and looks_like_question(content):
        return content
    if DISPLACED_MARKER.search(content) and looks_like_question(content) and not _looks_like_code(content):
        cleaned = DISPLACED_MARKER.sub("", content)
        return re.sub(r"\s{2,}", " ", cleaned).strip()
    if hints and hints.score(content) >= 0.75:
        return content
    return None


def _unmarked_question(lines: Sequence[str], i: int, hints: HintIndex) -> bool:
    """A one-line paragraph that asks something (an optional question has no marker)."""
    line = lines[i].strip()
    alone = (i == 0 or not lines[i - 1].strip()) and (i + 1 >= len(lines) or not lines[i + 1].strip())
    if not alone or not looks_like_question(line) or _looks_like_code(line):
        return False
    asks = line.endswith("?") and bool(re.match(r"^[A-Z]", line))
    return asks or hints.score(line) >= 0.5


def _next_nonblank(lines: Sequence[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _line(lines: Sequence[str], i: int) -> str:
    return lines[i] if 0 <= i < len(lines) else ""


def parse(text: str, hints: Sequence[str] = ()) -> Parsed:
    """Split a Forms export into question/answer blocks."""
    index = HintIndex(hints)
    lines = text.split("\n")
    parsed = Parsed()
    outside: list[str] = []
    label: str | None = None
    answer: list[str] = []
    answer_seen = False
    in_fence = False
    identity_lines: list[str] = []

    def flush() -> None:
        if label is None:
            return
        number, clean = split_number(label)
        identity = IDENTITY_FIELD.match(clean)
        if identity:  # "Name *" / "Email *": who answered, not an answer
            value = " ".join(line.strip() for line in answer if line.strip())
            identity_lines.append(f"{clean}: {value}")
            if identity.group(1) and not parsed.student:
                parsed.student = value
            elif identity.group(2) and not parsed.email:
                parsed.email = value
            return
        parsed.items.append(make_answer(clean, answer, number=number))

    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = _line(lines, _next_nonblank(lines, i + 1))
        if FENCE.match(line) and not in_fence:
            first = _next_nonblank(lines, i + 1)
            inner = _line(lines, first)
            after = _line(lines, _next_nonblank(lines, first + 1))
            question = None if FENCE.match(inner) else _question_line(inner, after, index)
            if question is not None:
                flush()
                label, answer, answer_seen = question, [], False
                close = first + 1
                while close < len(lines) and not FENCE.match(lines[close]):
                    close += 1
                if all(not ln.strip() for ln in lines[first + 1 : close]):
                    i = close + 1  # the fence held only the question
                else:
                    answer.append(line)
                    in_fence = True
                    i = _next_nonblank(lines, first + 1)
                continue
        if FENCE.match(line):
            in_fence = not in_fence
        question = None if in_fence else _question_line(line, nxt, index)
        if question is None and not in_fence and answer_seen and _unmarked_question(lines, i, index):
            question = line.strip()
        if question is not None:
            flush()
            label, answer, answer_seen = question, [], False
            if MARKER_ONLY.match(nxt):
                i = _next_nonblank(lines, i + 1)
        elif label is None or (not in_fence and SCORE_LINE.match(line)):
            if parsed.title == "" and HEADING_MARKS.match(line):
                parsed.title = HEADING_MARKS.sub("", line).strip()
            outside.append(line)
            answer_seen = answer_seen or label is None and bool(line.strip())
        else:
            answer.append(line)
            answer_seen = answer_seen or bool(line.strip())
        i += 1
    flush()
    parsed.note_identity(outside)
    parsed.add_extra(outside)
    parsed.extra.extend(identity_lines)
    return parsed


def score_text(text: str) -> float:
    """How much `text` looks like a Forms export (0..1)."""
    lines, inside = [], False
    for line in text.split("\n"):  # a code block's lines are no form's: `from fastai.vision.all import *`
        if FENCE.match(line):
            inside = not inside
        elif not inside:
            lines.append(line)
    marked = sum(bool(TRAILING_MARKER.search(line) or MARKER_ONLY.match(line)) and not RULE.match(line)
                 for line in lines)  # "* * *" between a post's sections is Markdown's rule, not three markers
    if re.search(r"^\s*(total de pontos|total points)\b", text, re.I | re.M):
        marked += 3
    return 0.9 if marked >= 3 else 0.4 if marked else 0.0


def accepts(path: Path, text_head: str) -> float:
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return [file_submission(path, NAME, parse(read_text(path), hints))]
