"""A questionnaire written as a dialogue between two bold speaker labels ("**Me:** Rank vs shape?" /
"**Book:** The shape is…", "**Interviewer:** …" / "**Candidate:** …"): the speaker who opens asks, the
other answers. Their labels are the file's own, not words greenpen knows, so they are learned from the
file: two labels that open lines many times, taking turns. The asking turns become the file's question
lines, whatever their form ("**Me:** Show a training loop." asks without a question mark), and the
answering label is taken off its turns, so it is not quoted back as the student's words. Labels greenpen
already reads elsewhere (Q:/A:, a chat with a bot) are left to those readers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from . import lang
from .domain import SourceLine
from .line_shapes import line_shape

_LABEL = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:(\*\*|__)\s*(?P<a>[^\W\d_][\w .'’-]{0,24}?)\s*[:：]\s*\1"
    r"|(\*\*|__)\s*(?P<b>[^\W\d_][\w .'’-]{0,24}?)\s*\3\s*[:：]"
    r"|(?P<c>[^\W\d_][\w'’-]{0,15})[:：](?=\s+\S))\s*")
"""A speaker label opening a line: bold ("**Me:** …", "**Book**: …", "- __Tutor:__ …") or a plain name of one word
("Buddy: …", a chat pasted from a messenger)."""
TURNS = 4
"""Fewest turns of each speaker that make a file a dialogue."""
OUT_OF_TURN = 0.1
"""Share of turns that may follow a turn of the same speaker (a second paragraph labelled again)."""
ASKING = 0.5
"""Share of the opening speaker's turns that must ask (a question mark, or a question's first word)."""
CHAT_ASKING = 0.3
"""The same share in a chat whose turns are all its text, where the other speaker asks at most half as often."""
_KNOWN = re.compile(
    rf"^(?:{lang.words(lang.QUESTION_LABELS)}|{lang.words(lang.ANSWER_LABELS)}|{lang.words(lang.NUMBERED_ANSWER_LABELS)}"
    rf"|{lang.patterns(lang.CHAT_ASSISTANT_ROLES)})\s*\d*$", re.IGNORECASE)
"""Labels read elsewhere: a question's or an answer's, and a chatbot's (its study chat is `study_chat.py`'s;
"Me" with a book or a tutor is a dialogue)."""


def _label(text: str) -> tuple[str, int] | None:
    """The speaker label opening `text` and where what they say starts."""
    m = _LABEL.match(text)
    if m is None:
        return None
    return (m.group("a") or m.group("b") or m.group("c") or "").strip().lower(), m.end()


def _spoken(document: Sequence[SourceLine]) -> list[tuple[int, str, bool]]:
    """(line, speaker, whether the turn asks) of each line that opens with a bold speaker label."""
    out = []
    for i, ln in enumerate(document):
        label = _label(ln.text)
        if label is not None:
            out.append((i, label[0], line_shape(ln.text[label[1]:]).asks))
    return out


def speakers(document: Sequence[SourceLine]) -> tuple[str, str] | None:
    """The asking and the answering label of a dialogue; None when the file is not one."""
    spoken = _spoken(document)
    return _pair(spoken, _between(document, spoken))


def _between(document: Sequence[SourceLine], spoken: Sequence[tuple[int, str, bool]]) -> int:
    """How many lines with text lie between the first turn and the last that are no turn's first line."""
    if not spoken:
        return 0
    turns = {i for i, _, _ in spoken}
    return sum(1 for i in range(spoken[0][0], spoken[-1][0]) if i not in turns and document[i].text.strip())


def _pair(spoken: Sequence[tuple[int, str, bool]], between: int = 0) -> tuple[str, str] | None:
    """The asking and the answering speaker of `spoken`; `between`: how many lines of text lie between the turns
    (headings that ask under each of which two people answer, in study-group notes)."""
    counts = Counter(name for _, name, _ in spoken)
    pair = [name for name, n in counts.most_common(2) if n >= TURNS and not _KNOWN.match(name)]
    if len(pair) < 2:
        return None
    turns = [(name, asks) for _, name, asks in spoken if name in pair]
    repeats = sum(a[0] == b[0] for a, b in zip(turns, turns[1:], strict=False))
    if repeats > OUT_OF_TURN * len(turns):
        return None
    asking = turns[0][0]
    answering = next(name for name, _ in turns if name != asking)
    # two people answering in turn under each question ("**Sam:** …" / "**Me:** …") ask nothing
    share = {name: _share_asking(spoken, name) for name in pair}
    # a chat asks in a few words ("drivetrain steps", "crop vs pad vs squish"): the opening speaker asks more
    # seldom in form, but the turns are the whole text and the other speaker asks half as often at most
    chatted = share[asking] >= CHAT_ASKING and share[answering] <= share[asking] / 2 \
        and between <= OUT_OF_TURN * len(turns)
    if (share[asking] < ASKING and not chatted) or share[asking] <= share[answering]:
        return None
    return asking, answering


def _share_asking(spoken: Sequence[tuple[int, str, bool]], name: str) -> float:
    said = [asks for _, n, asks in spoken if n == name]
    return sum(said) / len(said) if said else 0.0


def dialogue_turns(document: Sequence[SourceLine]) -> list[SourceLine]:
    """The document with each asking turn made a question heading and the answering label taken off; the
    document as it is when it is no dialogue."""
    pair = speakers(document)
    if pair is None:
        return list(document)
    asking, answering = pair
    out = list(document)
    for i, ln in enumerate(document):
        label = _label(ln.text)
        if label is None or label[0] not in pair:
            continue
        rest = ln.text[label[1]:].strip()
        out[i] = replace(ln, text=f"### {rest}" if label[0] == asking and rest else rest)
    return out


def answering_voices(document: Sequence[SourceLine]) -> set[int]:
    """The lines spoken by a voice that answers and does not ask, in a file that is no dialogue: "**Sam:** …" /
    "**Me:** …" under each question of study-group notes. Such a line is part of an answer, even when it ends in
    a question mark ("**Sam:** Deployment?"), so it is never taken for a question."""
    spoken = _spoken(document)
    if _pair(spoken, _between(document, spoken)) is not None:
        return set()
    counts = Counter(name for _, name, _ in spoken)
    voices = {name for name, n in counts.items()
              if n >= TURNS and not _KNOWN.match(name) and _share_asking(spoken, name) < ASKING}
    return {i for i, name, _ in spoken if name in voices}
