"""A note in place of an answer that puts the question off: "(didn't get to this one yet)", "ran out of time,
come back to this", "vou fazer depois", "Je ne sais pas, à revoir", "わからない…後で調べる".

A placeholder (`locate`) is a fixed shape ("TODO", "(skipped)"); a deferral is said in the student's own words,
so it is told by what it is about rather than by its wording: a short text with words of putting off
(`lang.DEFERRALS`), that shares no word with the question's subject and, where the sentence embedder is at hand,
means more "I will answer this later" than anything the reference answer says. The question is then `missing`
(left for later), not `incorrect`: there is no attempt to mark wrong. A short attempt that also says it is
unsure or unfinished ("not sure yet, but I think the loss goes up") shares the subject's words, or its meaning,
and stays an answer."""

from __future__ import annotations

import re

from .domain import Question
from .grading.embed import Embedder
from .lang import DEFERRALS, DEFERRALS_CJK, patterns
from .textutil import content_tokens

DEFERRAL_WORDS = 30
"""The longest note that can only put the question off (a few words, and perhaps where the work will be)."""

_DEFERRAL = re.compile(rf"\b(?:{patterns(DEFERRALS)})\b|{patterns(DEFERRALS_CJK)}", re.IGNORECASE)

PUTTING_OFF = (
    "I have not answered this question yet; I will come back to it later.",
    "Skipped for now, no time: to do later.",
    "I haven't read this part yet, I'll fill it in soon.",
)
"""What a deferral means, in plain words: the multilingual embedder compares a note to these and to the
reference answer."""


FRAME_WORDS = frozenset({"one", "question", "answer", "post", "code", "sketch", "plot", "drawing", "diagram",
                         "figure", "graph", "picture", "image", "notebook", "implementation", "example", "link"})
"""Words of a note about the homework itself ("this one", "will update the post", "will add the code later", "sketch
coming soon", "link coming soon"): the work still to come, whatever the question's subject."""
NAMED_WORDS = 2
"""How many words of the subject a note that opens by putting the question off may name ("Lo dejo para después:
todavía no entiendo bien la notación de einsum"): what the student will study, not an answer."""
OPENING_WORDS = 4
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
_PLACE = re.compile(r"https?://\S+|`?[\w.-]*/[\w./-]+`?|`?[\w-]+\.(?:py|ipynb|md|txt|pdf|html)\b`?")
"""A link, a path or a file name in a note: where the student will look, not what the answer says."""
_MARKUP = re.compile(r"[*_`()\[\]]+")


def without_deferrals(text: str) -> str:
    """`text` without its words of putting off ("will ask in class", "later"): what is left names the subject, if
    anything does."""
    return _DEFERRAL.sub(" ", text)


def _opens(text: str, question: Question) -> bool:
    """Whether the words of putting off come first ("Lo dejo para después: …", "나중에 다시… Grad-CAM …"), after
    nothing of the question's subject ("Lots of errors; need to rewatch the rest" starts an answer)."""
    m = _DEFERRAL.search(text)
    return m is not None and len(text[:m.start()].split()) < OPENING_WORDS and not (
        (content_tokens(text[:m.start()]) & content_tokens(_subject(question))) - FRAME_WORDS)


def _subject(question: Question) -> str:
    return " ".join([question.text, question.reference, *(kp.text for kp in question.key_points)])


def deferred(text: str, question: Question, embedder: Embedder | None = None) -> bool:
    """Whether `text` is only a note that leaves `question` for later (see the module's docstring)."""
    plain = " ".join(text.split())
    if not plain or len(plain.split()) > DEFERRAL_WORDS or not _DEFERRAL.search(plain):
        return False
    said = _PLACE.sub(" ", _LINK.sub(r"\1", plain))  # "after reading fastai/text/data.py": where, not what
    said = _MARKUP.sub(" ", said).strip()  # "*(will add the code later)*": the words, not the italics around them
    named = (content_tokens(without_deferrals(said)) & content_tokens(_subject(question))) - FRAME_WORDS
    if named and (embedder is None or len(named) > NAMED_WORDS or not _opens(plain, question)):
        return False
    if embedder is None:
        return True
    vectors = embedder.encode([said, *PUTTING_OFF, question.reference or question.text, question.text])
    putting_off = float((vectors[1:1 + len(PUTTING_OFF)] @ vectors[0]).max())
    subject = float((vectors[1 + len(PUTTING_OFF):] @ vectors[0]).max())
    return putting_off > subject
