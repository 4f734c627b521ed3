"""Key points drawn from a reference answer, for a question without a rubric: one per sentence
of the reference (its ";"-joined clauses matched on their own too), or, when the question asks
for a number of things the reference lists, one per listed thing (`counted.py`)."""

from __future__ import annotations

import re

from ..domain import KeyPoint, Question
from ..textutil import sentences
from .counted import asked_count, reference_items

ITEM = "reference-item-"
"""The id prefix of a key point that is one of the things a counting question asks for."""


def reference_key_points(question: Question) -> tuple[KeyPoint, ...]:
    """Key points drawn from the reference answer, for a question without a rubric: one per
    sentence, in the teacher's own words. They carry no hint: feedback names a missing one
    by its sentence (a teacher's sentence), never by a list of its words."""
    count = asked_count(question.text)
    items = reference_items(question.reference, count) if count else None
    if items:  # "What are the two pieces…": each thing the reference lists is a point of its own
        return tuple(KeyPoint(id=f"{ITEM}{i + 1}", text=text, weight=1.0,
                              praise="your answer names one of the things the question asks for")
                     for i, text in enumerate(items))
    reference = without_step_numbers(question.reference or "")
    spans = _whole_sentences([s.text for s in sentences(reference)]) or [reference]
    return tuple(
        KeyPoint(id=f"reference-{i + 1}", text=text, weight=1.0, examples=_clauses(text),
                 praise="your answer makes one of the points the expected answer makes")
        for i, text in enumerate(spans) if text.strip()
    )


_STEP_NUMBER = re.compile(r"(?:^|(?<=[.!?]\s))\s*(\d{1,2})[.)]\s+")


def without_step_numbers(reference: str) -> str:
    """A reference that numbers its steps inline ("1. Take a batch. 2. Forward pass: …") without the
    numbers, which would otherwise end each step's sentence ("… with their labels. 2."). Only numbers
    that open sentences and count 1, 2, 3… are steps; "It has 3. So…" is no list."""
    found = list(_STEP_NUMBER.finditer(reference))
    if len(found) < 2 or [int(m.group(1)) for m in found] != list(range(1, len(found) + 1)):
        return reference
    return _STEP_NUMBER.sub("", reference)


CLAUSE_WORDS = 4
"""Fewest words of a clause of a reference sentence that is matched on its own."""


def _clauses(sentence: str) -> tuple[str, ...]:
    """The clauses of a reference sentence joined by semicolons ("A problem where the dependent variable is
    continuous…; use mean squared error…"), each matched on its own besides the whole sentence: a sentence of
    the answer that says what one clause says is far from all of them together, as a sentence embedding sees it
    (a long sentence's vector is the average of its ideas)."""
    parts = [c.strip(" .") for c in re.split(r";\s+", sentence)]
    return tuple(c for c in parts if len(c.split()) >= CLAUSE_WORDS) if len(parts) > 1 else ()


_CUT_SHORT = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx)\.|[;:,(])\s*$", re.IGNORECASE)


def _whole_sentences(spans: list[str]) -> list[str]:
    """Join what the sentence splitter cut after "e.g." or ";", and fragments of a few words,
    back onto the sentence they belong to: each key point must read as a sentence."""
    out: list[str] = []
    for span in spans:
        if out and (_CUT_SHORT.search(out[-1]) or len(span.split()) < 5 or len(out[-1].split()) < 5):
            out[-1] = f"{out[-1]} {span}"
        else:
            out.append(span)
    return out
