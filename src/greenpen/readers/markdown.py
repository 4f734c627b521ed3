"""Markdown answers: questions in headings (`#### 1. **What…?**`, `## 3. Question`) or bold
lines (`**Q3.** What…`), answers after `**Answer:**` / `Answer:` or simply below.

Headings that are not questions (titles, sections) and `**Feedback:**` blocks go to
`Submission.extra`; a heading deeper than the question headings stays in its answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import lang
from ..domain import Submission
from ..line_shapes import BARE_ANSWER_LABEL
from .base import HintIndex, Parsed, file_submission, looks_like_question, make_answer, read_text

NAME = "markdown"
EXTENSIONS: tuple[str, ...] = (".md", ".markdown", ".mdown", ".txt")

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
NUMBERED = re.compile(
    r"^(?:(?:" + lang.patterns(lang.NUMBER_LABELS) + r")\s*)?(\d{1,3})\s*[.):\-]?\s+(.*)$", re.IGNORECASE
)
BOLD_LEAD = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*(.*)$")
ANSWER = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:" + lang.patterns(lang.ANSWER_LINE_LABELS) + r")\s*(?:\*\*|__)?\s*:"
    r"\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
FEEDBACK = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:" + lang.patterns(lang.FEEDBACK_LABELS) + r")\s*(?:\*\*|__)?\s*:", re.I
)
RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def strip_emphasis(text: str) -> str:
    """`**What…?**` → `What…?`."""
    text = text.strip()
    while len(text) > 4 and text[:2] in ("**", "__") and text.endswith(text[:2]):
        text = text[2:-2].strip()
    return text.replace("**", "")


def split_number(text: str) -> tuple[int | None, str]:
    """`3. What…` / `Q3: What…` → (3, "What…")."""
    text = strip_emphasis(text)
    match = NUMBERED.match(text)
    if match and match.group(2).strip():
        return int(match.group(1)), strip_emphasis(match.group(2))
    return None, text


@dataclass
class _Question:
    start: int
    end: int  # exclusive: the lines of the question itself
    label: str
    number: int | None
    level: int | None  # heading level, None when not a heading


BARE_NUMBER = re.compile(
    r"^(?:" + lang.patterns(lang.NUMBER_LABELS) + "|" + lang.patterns(lang.EXERCISE_LABELS) + r")?"
    r"\s*(\d{1,3})\s*[.):]?$",
    re.IGNORECASE,
)


def _question_at(line: str, hints: HintIndex) -> tuple[str, int | None, int | None] | None:
    """(label, number, heading level) when `line` is a question line by its own shape.

    A heading holding only a number (`## Question 3`) gives an empty label: the question
    text, if any, is the paragraph below it.
    """
    heading = HEADING.match(line)
    if heading:
        bare = BARE_NUMBER.match(strip_emphasis(heading.group(2)))
        if bare:
            return "", int(bare.group(1)), len(heading.group(1))
        number, label = split_number(heading.group(2))
        if number is not None or label.endswith("?") or hints.score(label) >= 0.6:
            return label, number, len(heading.group(1))
        return None
    bold = BOLD_LEAD.match(line)
    if bold:
        lead, rest = bold.group(2).strip(), bold.group(3).strip()
        match = NUMBERED.match(lead + " " + rest) if re.match(r"^(Q|Question|\d)", lead, re.I) else None
        if match and re.search(r"\d", lead) and match.group(2).strip():
            return strip_emphasis(match.group(2)), int(match.group(1)), None
        if not rest and lead.endswith("?"):
            return lead, None, None
    return None


def find_questions(lines: Sequence[str], hints: HintIndex) -> list[_Question]:
    """Question lines by shape, plus the paragraph just above each `Answer:` left without one."""
    found: list[_Question] = []
    in_fence = False
    answer_lines: list[int] = []
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if ANSWER.match(line):
            answer_lines.append(i)
            continue
        hit = _question_at(line, hints)
        if hit:
            found.append(_Question(i, i + 1, *hit))
    for question in found:
        if not question.label:
            _take_label_below(lines, question, hints)
    previous = -1
    for i in answer_lines:
        if not any(previous < q.start < i for q in found):
            end = i
            while end > previous + 1 and not lines[end - 1].strip():
                end -= 1
            start = end
            while start > previous + 1 and lines[start - 1].strip() and not RULE.match(lines[start - 1]):
                start -= 1
            if start < end:
                number, label = split_number(" ".join(s.strip() for s in lines[start:end]))
                heading = HEADING.match(lines[start])
                if heading:
                    number, label = split_number(heading.group(2))
                found.append(_Question(start, end, label, number, len(heading.group(1)) if heading else None))
        previous = i
    return sorted(found, key=lambda q: q.start)


def _take_label_below(lines: Sequence[str], question: _Question, hints: HintIndex) -> None:
    """Use the paragraph under a bare `## Question 3` heading as its label if it asks something."""
    start = question.end
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while (
        end < len(lines)
        and lines[end].strip()
        and not HEADING.match(lines[end])
        and not FENCE.match(lines[end])
    ):
        end += 1
    paragraph = " ".join(line.strip() for line in lines[start:end])
    if (
        paragraph
        and not ANSWER.match(lines[start])
        and (looks_like_question(paragraph) or hints.score(paragraph) >= 0.5)
    ):
        question.label, question.end = strip_emphasis(paragraph), end


def parse(text: str, hints: Sequence[str] = ()) -> Parsed:
    """Split Markdown text into question/answer blocks."""
    lines = text.split("\n")
    questions = find_questions(lines, HintIndex(hints))
    starts = {q.start: q for q in questions}
    levels = [q.level for q in questions if q.level is not None]
    question_level = min(levels) if levels else None
    parsed = Parsed()
    outside: list[str] = []
    current: _Question | None = None
    answer: list[str] = []
    in_feedback = in_fence = False
    skip_to = 0

    def flush() -> None:
        if current is not None:
            parsed.items.append(make_answer(current.label, answer, number=current.number))

    for i, line in enumerate(lines):
        if i < skip_to:
            continue
        if i in starts:
            flush()
            current, answer, in_feedback, skip_to = starts[i], [], False, starts[i].end
            continue
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        fresh = not any(a.strip() for a in answer)
        if not in_fence and ANSWER.match(line) and current is not None and not in_feedback and fresh:
            answer.append(ANSWER.match(line).group(1))  # type: ignore[union-attr]
        elif not in_fence and FEEDBACK.match(line):
            in_feedback = True
            outside.append("")
            outside.append(line)
        elif not in_fence and RULE.match(line):
            in_feedback = False
        elif heading and (
            current is None or question_level is None or len(heading.group(1)) <= question_level
        ):
            if not BARE_ANSWER_LABEL.match(heading.group(2)):  # "## Answer" (a callout's title) names no file
                parsed.title = parsed.title or strip_emphasis(heading.group(2))
            in_feedback = False
            outside.extend(["", line, ""])
            if current is not None and question_level is not None:  # a section heading ends the answer
                flush()
                current = None
        elif current is None or in_feedback:
            outside.append(line)
        else:
            answer.append(line)
    flush()
    parsed.note_identity(lines[: questions[0].start] if questions else lines)
    parsed.add_extra(outside)
    return parsed


def score_text(text: str) -> float:
    """How much `text` looks like Markdown questions and answers (0..1)."""
    lines = text.split("\n")
    answers = sum(bool(ANSWER.match(line)) for line in lines)
    questions = len(find_questions(lines, HintIndex(())))
    if answers >= 2 and questions >= 2:
        return 0.85
    if questions >= 2:
        return 0.6
    return 0.3 if answers or questions else 0.0


def accepts(path: Path, text_head: str) -> float:
    score = score_text(text_head)
    if path.suffix.lower() in (".md", ".markdown", ".mdown"):
        score = min(score + 0.05, 1.0) if score else 0.3  # any Markdown: alignment finds the questions
    return score


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    text = read_text(path)
    return [file_submission(path, NAME, parse(text, hints), text=text)]

