"""Messaging-app logs: each line a message stamped with its time and sender.

Understood: `[10:02] Ana Ruiz: …` (Discord, Slack and IRC copies), `12/09/2024, 10:02 - Ana
Ruiz: …` (WhatsApp on Android) and `[12/09/2024, 10:02:11] Ana Ruiz: …` (WhatsApp on iOS).
A line without a stamp continues the message above it.

The student is the sender who wrote the most; their messages, without the stamps, are the
file's free text, in which alignment finds the questions ("Q3 -> the Mark I Perceptron").
Everyone else's messages ("Teacher: thanks!") are kept as text before the first answer, so
the report shows them as "not an answer" and none lands inside a student's answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..domain import SourceLine, Submission
from .base import Parsed, file_submission, read_text

NAME = "messages"
EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".log", "")

MESSAGE = re.compile(
    r"^\s*\[?(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+)?"  # an optional date
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?\]?"  # the time
    r"\s*(?:[-–—]\s*)?(?P<sender>[^\s:\[\]][^:\[\]]{0,39}?):\s(?P<text>.*)$"
)
"""A message's first line: its stamp, its sender and the start of its text."""


def _messages(lines: Sequence[str]) -> list[tuple[str, list[SourceLine]]]:
    """(sender, lines) of each message, its text without the stamp; lines before the first
    message belong to no sender ("")."""
    out: list[tuple[str, list[SourceLine]]] = [("", [])]
    for n, line in enumerate(lines, start=1):
        match = MESSAGE.match(line)
        if match:
            out.append((match.group("sender").strip(), [SourceLine(match.group("text"), n)]))
        else:
            out[-1][1].append(SourceLine(line, n))
    return out


def score_text(text: str) -> float:
    """How much `text` looks like a messaging log (0..1): most lines are stamped messages."""
    lines = [line for line in text.split("\n")[:200] if line.strip()]
    stamped = sum(bool(MESSAGE.match(line)) for line in lines)
    return 0.92 if stamped >= 3 and stamped >= 0.6 * len(lines) else 0.0


def accepts(path: Path, text_head: str) -> float:
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    messages = _messages(read_text(path).split("\n"))
    written: dict[str, int] = {}
    for sender, lines in messages:
        if sender:
            written[sender] = written.get(sender, 0) + sum(len(ln.text) for ln in lines)
    student = max(written, key=lambda s: written[s], default="")
    others = [SourceLine(f"{sender}: {ln.text}" if k == 0 and sender else ln.text, ln.line)
              for sender, lines in messages if sender != student for k, ln in enumerate(lines)]
    own = [ln for sender, lines in messages if sender == student and sender for ln in lines]
    document = [ln for ln in others if ln.text.strip()] + [SourceLine("", 0)] * bool(others) + own
    return [file_submission(path, NAME, Parsed(student=student), document=document)]
