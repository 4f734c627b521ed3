"""A key point that is a name in code: "`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`" says the answer is
that method. An answer that names it ("Once the DataBlock is built, `dls.show_batch()` shows some images") states the
point, however many words it says around it; a sentence embedding weighs the words around the name, not the name.
"""

from __future__ import annotations

import re

from ..textutil import sentences
from .cues import is_negated

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_CALLED = re.compile(r"([A-Za-z_][\w.]*)(?:\(.*\))?(?:\?\??)?")
CODE_SHARE = 0.5
"""A key point is a name in code when at least this share of its words are inside backticks."""


def code_name(point: str) -> str | None:
    """The name a key point written in code names: the last name of its first code span (`dls.show_batch(…)` →
    "show_batch"), when most of the point's words are code; None otherwise."""
    spans = _CODE_SPAN.findall(point)
    if not spans:
        return None
    in_code = sum(len(s.split()) for s in spans)
    if in_code < CODE_SHARE * len(point.split()):
        return None
    called = _CALLED.fullmatch(spans[0].strip())  # a name, perhaps dotted or called; not a statement (`w -= lr * g`)
    if called is None:
        return None
    name = called.group(1).rsplit(".", 1)[-1]
    return name if len(name) > 2 else None


def names_the_code(point: str, answer: str, question: str) -> str | None:
    """The sentence of `answer` that names the code `point` names, not negated; None when it names none, or when the
    question names it itself ("What does `show_batch` do?")."""
    name = code_name(point)
    if name is None or re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", question):
        return None
    for sentence in sentences(answer):
        m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", sentence.text)
        if m and not is_negated(sentence.text, m.start()):
            return sentence.text
    return None
