"""Chat transcripts: each user turn is a question, the assistant's reply its answer.

Understood turn markers: `_Prompt_:` (browser-extension exports), `**User:**` / `**You:**` /
`**Human:**` / `## User`, and for the reply `**ChatGPT:**` / `**Assistant:**` /
`**Claude:**` / `_Response_:` / `## Assistant`. Without a reply marker the prompt is the
first paragraph after the user marker. Text before the first turn (a timestamp, a title)
goes to `Submission.extra`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .. import lang
from ..domain import Submission
from .base import Parsed, file_submission, make_answer, read_text

NAME = "chat"
EXTENSIONS: tuple[str, ...] = (".md", ".txt", ".markdown")

_ROLE = r"(?:\*\*|__|_|\*)?\s*{names}(?![A-Za-z])\s*(?:\*\*|__|_|\*)?\s*:?\s*(?:\*\*|__|_|\*)?"
USER = re.compile(
    r"^\s*(?:#{1,6}\s*)?" + _ROLE.format(names="(?:" + lang.patterns(lang.CHAT_USER_ROLES) + ")") + r"\s*(.*)$",
    re.IGNORECASE,
)
ASSISTANT = re.compile(
    r"^\s*(?:#{1,6}\s*)?"
    + _ROLE.format(names="(?:" + lang.patterns(lang.CHAT_ASSISTANT_ROLES) + ")")
    + r"\s*(.*)$",
    re.IGNORECASE,
)


def _is_marker(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """A role marker is a line made of the role name with a colon or as a heading."""
    match = pattern.match(line)
    if not match:
        return None
    head = line[: len(line) - len(match.group(1))].strip()
    if head.startswith("#"):
        return match
    if ":" in head and (head.startswith(("*", "_")) or not match.group(1).strip()):
        return match
    return None


def parse(text: str, hints: Sequence[str] = ()) -> Parsed:
    """Split a transcript into (prompt, reply) blocks."""
    lines = text.split("\n")
    parsed = Parsed()
    outside: list[str] = []
    prompt: list[str] | None = None
    reply: list[str] = []
    in_reply = False

    def flush() -> None:
        if prompt is not None:
            label = " ".join(line.strip() for line in prompt if line.strip())
            parsed.items.append(make_answer(label, reply))

    for line in lines:
        user = _is_marker(USER, line)
        assistant = _is_marker(ASSISTANT, line)
        if user:
            flush()
            prompt, reply, in_reply = [user.group(1)], [], False
        elif assistant and prompt is not None:
            in_reply = True
            reply.append(assistant.group(1))
        elif prompt is None:
            outside.append(line)
        elif in_reply:
            reply.append(line)
        elif not line.strip() and any(p.strip() for p in prompt):
            in_reply = True
        else:
            prompt.append(line)
    flush()
    parsed.add_extra(outside)
    return parsed


def score_text(text: str) -> float:
    """How much `text` looks like a chat transcript (0..1)."""
    lines = text.split("\n")
    users = sum(bool(_is_marker(USER, line)) for line in lines)
    if re.search(r"^\s*_Prompt_:", text, re.MULTILINE):
        return 0.95
    assistants = sum(bool(_is_marker(ASSISTANT, line)) for line in lines)
    return 0.9 if users >= 1 and assistants >= 1 else 0.0


def accepts(path: Path, text_head: str) -> float:
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return [file_submission(path, NAME, parse(read_text(path), hints))]
