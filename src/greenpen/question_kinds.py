"""What a question asks for, read from its text: a side to take ("Do we always have to…?", answered
yes or no) or one of two things it offers ("Is TTA slower or faster…?", answered by naming one).

Reading (`answer_text`) and grading (`grading.true_false`) both need it: the reading keeps a side
chosen before a dash ("Validation set — it tells us…") as the answer, and grading compares the side
taken with the reference's.
"""

from __future__ import annotations

import re

from . import lang
from .textutil import STOPWORDS, fold

WORD_TOKEN = re.compile(r"[a-z]+(?:['’][a-z]+)?")
"""Words of a folded text, with their apostrophes: the "t" of "don't" is no word of its own."""

_CONDITION = r"(?:(?:" + lang.words(lang.CONDITION_OPENERS) + r")\b[^,?]{1,100},\s*)?"
YES_NO_QUESTION = re.compile(r"^\W*" + _CONDITION + r"(?:" + lang.words(lang.YES_NO_QUESTIONS)
                              + r")\b(?![^?]*\bor\b)[^?]*\?", re.IGNORECASE)
"""A question answered by yes or no: it opens with an auxiliary, maybe after a condition ("If you increase
`n_estimators` to a very high value, can that lead to overfitting?"), and offers no alternative ("… the
training set or the validation set?" is answered by naming one)."""
_CHOICE_QUESTION = re.compile(r"^\W*" + _CONDITION + r"(?:" + lang.words(lang.YES_NO_QUESTIONS)
                              + r")\b(?P<body>[^?]*\bor\b[^?]*)\?", re.IGNORECASE)
"""A question that opens with an auxiliary and offers two things to choose from: "Is using TTA at
inference slower or faster than regular inference?", "Should metrics be computed on the training set
or on the validation set?"."""
CHOICE_WINDOW = 4
"""Words on each side of the "or" where the two things offered are looked for."""


def choices(question: str) -> tuple[str, str] | None:
    """The two things a choice question offers, each by the word that tells it from the other
    ("slower" / "faster"; "training" / "validation" for "on the training set or on the validation
    set"), or None for a question that offers no choice."""
    m = _CHOICE_QUESTION.search(question)
    if not m:
        return None
    before, _, after = m.group("body").partition(" or ")
    left = [w for w in WORD_TOKEN.findall(fold(before))[-CHOICE_WINDOW:] if w not in STOPWORDS]
    right = [w for w in WORD_TOKEN.findall(fold(after))[:CHOICE_WINDOW] if w not in STOPWORDS]
    first = next((w for w in reversed(left) if w not in right), None)
    second = next((w for w in right if w not in left), None)
    return (first, second) if first and second and first != second else None
