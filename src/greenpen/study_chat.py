"""A study session with a chatbot handed in as homework ("me: 35. What is the gradient of ReLU?" / "me: 0 for
x < 0…" / "bot: Right, and…"): the student's lines are the answers, without their "me:"; the bot's turns are
not the student's words, and go to the part of the file no question claims, where the teacher sees them. A
bot that drills the questionnaire asks the questions itself ("Bot: Q1. What is a hook?" / "You: a function
PyTorch calls…"): a bot's turn that opens with a question's number is that question, kept (without "Bot:")
to be found like any question line, and the rest of its turns stay out of the answers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from . import lang
from .domain import SourceLine
from .line_shapes import line_shape

_STUDENT = re.compile(rf"^\s*(?:{lang.patterns(lang.CHAT_USER_ROLES)})\s*:\s*", re.IGNORECASE)
_BOT = re.compile(rf"^\s*(?:{lang.patterns(lang.CHAT_ASSISTANT_ROLES)})\s*:\s*", re.IGNORECASE)
TURNS = 2
"""Fewest turns of each speaker, each opened by its name and a colon, that make a file a study chat."""


def split_turns(document: Sequence[SourceLine]) -> tuple[list[SourceLine], list[int]]:
    """The document with the student's labels taken off and the bot's turns blanked, and the bot's lines kept: a
    turn that opens with a number, which may ask a question ("Bot: Q3. Why does CAM require a hook?", wrapped over
    more lines); where no question is found in them they are the bot's words too ("Bot: 1. Right about the
    basics."). The document as it is when it is no such chat."""
    student = [i for i, ln in enumerate(document) if _STUDENT.match(ln.text)]
    bot = [i for i, ln in enumerate(document) if _BOT.match(ln.text)]
    if len(student) < TURNS or len(bot) < TURNS:
        return list(document), []
    out, asking, speaking = list(document), [], ""
    for i, ln in enumerate(document):
        if _STUDENT.match(ln.text):
            speaking = "student"
            out[i] = replace(ln, text=_STUDENT.sub("", ln.text, count=1))
        elif _BOT.match(ln.text) and line_shape(asked := _BOT.sub("", ln.text, count=1)).number is not None:
            speaking = "asking"
            out[i] = replace(ln, text=asked)
            asking.append(i)
        elif speaking == "asking" and ln.text.strip() and not _BOT.match(ln.text):
            asking.append(i)
        elif _BOT.match(ln.text) or (speaking in ("bot", "asking") and ln.text.strip()):
            speaking = "bot"
            out[i] = replace(ln, text="")
    return out, asking
