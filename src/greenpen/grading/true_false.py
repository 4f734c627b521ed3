"""True/false items answered with marks: "F, F, F, F", "F / T / F", "Falso para todos".

A question that asks for true or false on a few items ("Lots of math T/F; Lots of data T/F;
…") is answered in marks, and marks carry no meaning a sentence embedding could compare
with the reference's sentence. They are read as marks instead: the answer's marks in
order, or one mark given to all items ("all false", "no to all four"), against the marks
of the reference's first sentence. Only a short answer is read this way; a longer one is
matched by meaning like any other.
"""

from __future__ import annotations

import re

from .. import lang
from ..domain import PREMISE_DENIED, TRUE_FALSE_MARKS, YES_NO_OPPOSITE, Finding
from ..question_kinds import WORD_TOKEN, YES_NO_QUESTION, choices
from ..textutil import fold, sentences, shorten
from .cues import NEGATORS

MAX_WORDS = 15
"""The longest answer read as marks."""

_ITEMS = re.compile(r"\b(?:T\s*/\s*F|true\s*/\s*false|V\s*/\s*F)\b", re.IGNORECASE)
_ONE = re.compile(r"\btrue\s+or\s+false\b|\bverdadeiro\s+ou\s+falso\b|\bverdadero\s+o\s+falso\b", re.IGNORECASE)
_TRUE = frozenset(w for ws in lang.TRUE_MARKS.values() for w in ws)
_FALSE = frozenset(w for ws in lang.FALSE_MARKS.values() for w in ws)
_ALL = frozenset(w for ws in lang.ALL_ITEMS.values() for w in ws)
_LINKS = frozenset(w for ws in lang.ALL_ITEMS_LINKS.values() for w in ws)


def items_asked(question: str) -> int:
    """How many true/false items the question asks about (0: it is not a true/false question)."""
    n = len(_ITEMS.findall(question))
    return n or (1 if _ONE.search(question) else 0)


def marks(text: str, n: int) -> list[bool] | None:
    """The true/false marks of `text` for `n` items, or None when it gives no clear set of them."""
    tokens = WORD_TOKEN.findall(fold(text))
    found = [t in _TRUE for t in tokens if t in _TRUE or t in _FALSE]
    if not found:
        return None
    if len(found) == n:
        return found
    if len(set(found)) == 1 and _to_all(tokens):
        return found[:1] * n
    return None


def _to_all(tokens: list[str]) -> bool:
    """A mark and an "all" word in one phrase: only linking words between them ("false to all four",
    "all false", "falso para todos"), not "no, you need all of them"."""
    is_mark = [t in _TRUE or t in _FALSE for t in tokens]
    for i, t in enumerate(tokens):
        if t not in _ALL:
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(tokens) and tokens[j] in _LINKS and not is_mark[j]:
                j += step
            if 0 <= j < len(tokens) and is_mark[j]:
                return True
    return False


def compare_marks(answer: str, question: str, reference: str) -> tuple[list[bool], list[bool]] | None:
    """(the answer's marks, the reference's) for a short answer to a true/false question, when both
    give a clear set of them; else None."""
    n = items_asked(question)
    if not n or not reference.strip() or len(answer.split()) > MAX_WORDS:
        return None
    first = sentences(reference)
    want = marks(first[0].text if first else reference, n)
    given = marks(answer, n)
    return (given, want) if given is not None and want is not None else None


def marks_agree(answer: str, question: str, reference: str) -> bool:
    """True when a short answer gives the reference's marks to the question's true/false items."""
    pair = compare_marks(answer, question, reference)
    return pair is not None and pair[0] == pair[1]


def marks_finding(answer: str, reference: str, pair: tuple[list[bool], list[bool]] | None) -> Finding | None:
    """A finding for marks (`compare_marks`) that differ from the reference's: the share of items
    marked wrongly is its strength, so all of them wrong makes the answer incorrect, some partial."""
    if pair is None or pair[0] == pair[1]:
        return None
    given, want = pair
    wrong = sum(g != w for g, w in zip(given, want, strict=True)) / len(want)
    first = sentences(reference)
    return Finding(kind="misconception", id=TRUE_FALSE_MARKS, evidence=shorten(answer.strip(), 100),
                   detail=(first[0].text if first else reference).strip(), strength=round(wrong, 2))


_YES = frozenset(w for ws in lang.YES_WORDS.values() for w in ws)
_NO = frozenset(w for ws in lang.NO_WORDS.values() for w in ws)


_ANY_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
"""A word in any alphabet ("да", "evet"): the first word of an answer is compared with yes and no words whole."""
_HEDGE = re.compile(r"^[\W_]*(?:(?:" + lang.patterns(lang.HEDGES) + r")\b[\W_]*)+", re.IGNORECASE)


def _opening(text: str) -> bool | None:
    """True for a text that opens with yes, False with no, None otherwise; a hedge before the side is passed over
    ("not sure, I think yes": yes; "Não tenho certeza, mas acho que sim": sim, not "não")."""
    tokens = _ANY_WORD.findall(_HEDGE.sub("", fold(text))[:40])
    first = tokens[0] if tokens else ""
    return True if first in _YES else False if first in _NO else None


def compare_yes_no(answer: str, question: str, reference: str) -> tuple[bool, bool] | None:
    """(the answer's side, the reference's) for a question answered by taking a side, when the reference
    and the answer both take one: yes or no for a yes/no question ("Do we always have to…?"), or one of
    the two things a choice question offers ("Is TTA slower or faster than…?": True for the first).
    Else None."""
    if not YES_NO_QUESTION.search(question):
        return compare_choice(answer, question, reference)
    given, want = _opening(answer), _opening(reference)
    return (given, want) if given is not None and want is not None else None


CHOICE_WORDS = 12
"""The opening of an answer where it takes a side: its first sentence, up to this many words."""


def _side(text: str, offered: tuple[str, str]) -> bool | None:
    """True when the opening of `text` names the first thing offered and not the second, False for the
    other way, None when it names both, neither, or negates before it names one ("not faster, slower";
    a negation after it, "Mean, since one outlier doesn't matter much", is about something else)."""
    opening = sentences(text)
    head = fold(" ".join((opening[0].text if opening else text).split()[:CHOICE_WORDS]))
    named = re.search(r"\b(?:" + "|".join(re.escape(w) for w in offered) + r")\b", head)
    if named is None or NEGATORS.search(head[:named.start()]):
        return None
    tokens = WORD_TOKEN.findall(head)
    first, second = (word in tokens for word in offered)
    return first if first != second else None


def compare_choice(answer: str, question: str, reference: str) -> tuple[bool, bool] | None:
    """(the answer's choice, the reference's), True for the first thing offered, when the question
    offers two things and both the answer and the reference open by naming one of them."""
    offered = choices(question)
    if offered is None:
        return None
    given, want = _side(answer, offered), _side(reference, offered)
    return (given, want) if given is not None and want is not None else None


def yes_no_finding(answer: str, reference: str, pair: tuple[bool, bool] | None) -> Finding | None:
    """A misconception for an answer that says yes where the reference says no, or the other way."""
    if pair is None or pair[0] == pair[1]:
        return None
    first = sentences(answer)
    return Finding(kind="misconception", id=YES_NO_OPPOSITE,
                   evidence=shorten((first[0].text if first else answer).strip(), 100),
                   detail=reference_side(reference), strength=1.0)


def reference_side(reference: str) -> str:
    """The side the reference takes, as it opens: "No" of "No. 224 is a historical size…", "Slower"
    of "Slower: the model has to…"."""
    opening = sentences(reference)
    side = _SIDE_END.split((opening[0].text if opening else reference).strip(), maxsplit=1)[0]
    return shorten(side.strip(), 100)


_SIDE_END = re.compile(r"\s*[.:;,!—–]\s+|\s*[.:;,!]$")
"""Where the side the reference takes ends: "No" of "No. 224 is a historical size…", "Slower" of
"Slower: the model has to…" (the feedback shows the model answer after it)."""



_LEAD_WORD = re.compile(r"^\W*([^\W\d_]+)[\s,.;:!—–-]*")


def yes_no_lead(text: str, question: str) -> int:
    """Where what follows the yes or no that opens an answer to a yes/no question starts (0: no such
    word). "No pytorch already knows how to calculate them": the "No" answers the question, it does
    not deny what follows."""
    if not YES_NO_QUESTION.search(question):
        return 0
    m = _LEAD_WORD.match(text)
    if not m or fold(m.group(1)) not in _YES | _NO:
        return 0
    return m.end()


_NT = r"(?:n['’]t|not)"
_WHY_NOT = re.compile(
    r"^\W*why\s+(?:(?:ca|could|should|do|does|did|is|are|was|were|would|wo)" + r"n['’]t\b|cannot\b"
    r"|(?:can|could|should|do|does|is|are|would)\s+(?:[\w`'\"().-]+\s+){1,8}?not\b)", re.IGNORECASE)
"""A question that takes a "not" as given and asks why: "Why can't we use accuracy as a loss?", "Why is softmax
not an appropriate output activation…?"."""
_GRANTS = re.compile(
    r"^\W*(?:(?:yes|yeah|actually|well)\b[\s,]*)?(?:(?:you|we|it|they|one)\s+(?:can|could|do|does|is|are|should)"
    r"(?!\s*" + _NT + r")\s*(?:[,.;!]|$|\s+(?:just|still|simply|totally|definitely)\b)"
    r"|(?:[\w`'\"().-]+\s+){1,4}?(?:is|are)\s+(?:fine|ok|okay|appropriate|suitable|good enough|perfectly fine)\b)",
    re.IGNORECASE)
"""An answer that opens by granting what the question says is not so: "You can, you just…", "We can.",
"Softmax is fine, …", "Yes, it is."."""
_CONCEDES = re.compile(r"\b(?:but|however|though|although|except|unless|only if)\b", re.IGNORECASE)


def premise_denied(answer: str, question: str, reference: str) -> Finding | None:
    """A misconception for an answer that says the question's "not" is wrong ("Why can't we use regular accuracy…?"
    answered "You can, you just take the argmax…"), unless it goes on to concede it ("You can, but…")."""
    if not _WHY_NOT.search(question):
        return None
    first = sentences(answer)
    opening = (first[0].text if first else answer).strip()
    if not _GRANTS.search(opening) or _CONCEDES.search(opening):
        return None
    said = sentences(reference)
    return Finding(kind="misconception", id=PREMISE_DENIED, evidence=shorten(opening, 100),
                   detail=shorten((said[0].text if said else reference).strip(), 160), strength=1.0)
