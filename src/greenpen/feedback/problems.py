"""Feedback on what is off in an answer: a count that does not match, a misconception (or a
seeming contradiction of the model answer), code results, and drawings that did not come."""

from __future__ import annotations

import re

from .. import lang
from ..code.checks import NOT_CHECKED
from ..domain import (
    OPPOSITE_WORD,
    OTHER_METHODS,
    OTHER_NUMBERED_NAME,
    PREMISE_DENIED,
    STEP_ORDER,
    TRUE_FALSE_MARKS,
    YES_NO_OPPOSITE,
    Finding,
    Question,
)
from ..grading.detectors import UNCALLED
from ..grading.opposites import turned_word
from ..grading.swapped import SWAPPED
from ..grading.values import OTHER_VALUE
from .phrases import number_word
from .quoting import lc, student_quote, tight_quote
from .writer import Writer, clause, reference_clause, sentence, tokens_overlap

_COUNT = re.compile(r"\blist (\d+)\b")
_SAID = re.compile(r"^\s*(\w+)\s+(?:" + "|".join(w + r"\s+" for ws in lang.COUNT_QUALIFIERS.values() for w in ws)
                   + r")?(\w+)", re.IGNORECASE)
"""The count an answer announced, as `grading.detectors.self_contradiction` quotes it ("three main phases")."""
_NUMBERS = {word: n for table in lang.NUMBER_WORDS.values() for word, n in table.items()}
_COUNTED = lang.COUNTED_THINGS["en"]
"""What the feedback (in English) names by the student's word; anything else is "items"."""


def contradiction(w: Writer, f: Finding, language: str) -> None:
    listed = _COUNT.search(f.detail)
    said = _SAID.match(f.evidence or "")
    if listed and said:
        n_said = _NUMBERS.get(said.group(1).lower()) or (int(said.group(1)) if said.group(1).isdigit() else 0)
        n_listed = int(listed.group(1))
        what = said.group(2) if said.group(2).lower() in _COUNTED else "items"
        values = {"said": f.evidence.strip(), "n": number_word(n_listed, language), "what": what}
        w.say("count_more" if n_listed > n_said else "count_fewer", **values)
        return
    w.say("count_other", detail=clause(f.detail))


CONTRADICTS_REFERENCE = "contradicts-reference"
"""The learned model's finding that an answer seems to contradict the reference (no rubric)."""


def misconception(w: Writer, f: Finding, q: Question) -> None:
    if f.id == TRUE_FALSE_MARKS:  # marks set against the model answer's: certain, not a guess
        w.say("marks_wrong", f.id, quote=student_quote(clause(f.evidence), w.answer, required=True))
        return
    if f.id == YES_NO_OPPOSITE:  # yes where the model answer says no: certain, not a guess
        w.say("yes_no_wrong", f.id, quote=student_quote(clause(f.evidence), w.answer, required=True),
              reference=f.detail.rstrip(". "))
        return
    if f.id == PREMISE_DENIED:  # "You can, you just…" to "Why can't we…?"
        w.say("premise_denied", f.id, quote=student_quote(clause(f.evidence), w.answer, required=True))
        return
    if f.id == SWAPPED:  # each thing given what the model answer says of the other
        w.say("swapped_roles", f.id, quote=student_quote(clause(f.evidence), w.answer, required=True),
              reference=f.detail.rstrip(". "))
        return
    if f.id == UNCALLED:  # "<built-in method mean of …>" in the output of `print(scores.mean)`
        w.say("uncalled", f.id, shown=f.evidence, name=f.detail)
        return
    if f.id == OTHER_VALUE:  # "5×5" where the model answer says "7×7": certain, not a guess
        w.say("other_value", f.id, value=f.evidence)
        return
    if f.id == OTHER_NUMBERED_NAME:  # "L1" where the model answer names "L2": certain, not a guess
        w.say("other_numbered_name", f.id, word=f.evidence, term=f.detail)
        return
    if f.id == OTHER_METHODS:  # "__init__ and __del__" where the model answer names "__enter__ and __exit__"
        w.say("other_methods", f.id, word=f.evidence, term=f.detail.removeprefix("The methods are "))
        return
    if f.id == OPPOSITE_WORD:  # "the last layers" where the key point says "the first few layers"
        swapped = turned_word(f.evidence, f.detail)
        if swapped is not None:
            w.say("opposite_word", f.id, quote=student_quote(clause(f.evidence), w.answer, required=True),
                  said=swapped[0], meant=swapped[1])
            return
    if f.id == STEP_ORDER:  # every step named, in another order
        w.say("step_order", f.id, order=f.detail)
        return
    if f.id == CONTRADICTS_REFERENCE:
        # A model's estimate, not a rubric's named mistake: asked as a question to check, never
        # told as "a common mix-up".
        shown = student_quote(clause(f.evidence), w.answer, required=True)
        reference = reference_clause(q.reference or "")
        w.say("contradiction" if reference else "contradiction_plain", f.id, quote=shown, reference=reference)
        return
    mc = next((m for m in q.misconceptions if m.id == f.id), None)
    quote = tight_quote(f.evidence, mc.cues if mc else (), (mc.text, *mc.examples) if mc else (), limit=12,
                        tight=True)
    correction = sentence(f.detail)
    shown = student_quote(quote or clause(f.evidence), w.answer, required=True)
    w.say("misconception", f.id, quote=shown, Correction=correction,
          correction=lc(correction))


_FOR_TEACHER = re.compile(lang.patterns(lang.REVIEWER_NOTES), re.IGNORECASE)
"""A part of a finding's detail addressed to the teacher, not the student."""


def _aside(detail: str) -> str:
    """`detail` as an aside to a sentence: in parentheses, or after a colon when it has its own."""
    if not detail:
        return ""
    return f": {detail}" if "(" in detail or ")" in detail else f" ({detail})"


_RUNS = re.compile(r"^your code (?:runs and )?(?=\w)", re.IGNORECASE)
"""How a check's detail opens ("your code runs and gives …", "your code shows …")."""


def code(w: Writer, f: Finding) -> None:
    segments = [s for s in re.split(r";\s+|\s+—\s+|(?<=[.!?])\s+(?=[A-Z`])", " ".join(f.detail.split()))
                if s and not _FOR_TEACHER.search(s)]
    # "… — in `line`" and "… — run with x = …" say where and how: they stay with the detail, never
    # a sentence of their own ("In `assert f(1) == 2`.")
    where = [clause(s) for s in segments[1:] if s.startswith(("in `", "run with "))]
    segments = segments[:1] + [s for s in segments[1:] if not s.startswith(("in `", "run with "))]
    detail = lc(clause(segments[0])) if segments else ""
    if detail and where:
        detail += f" ({', '.join(where)})"
    written = w.text()
    extra = [sentence(s) for s in segments[1:] if tokens_overlap(s, written) < 0.5]
    if f.kind == "code_ok":
        # the sentence already says the code runs: "it works (your code runs and gives …)" says it twice
        w.say("code_ok", detail=_aside(_RUNS.sub("it ", detail)))
    elif f.kind == "no_code":
        w.say("no_code", detail=_aside(detail) if "code" not in detail.lower() else "")
    elif f.kind == "code_unrunnable" and f.detail.startswith("not run: "):
        w.say("code_not_run", detail=clause(" ".join(f.detail.split())[len("not run: "):]))
    elif f.kind == "code_unrunnable" and f.detail.startswith(NOT_CHECKED):
        w.say("code_not_checked", detail=clause(" ".join(f.detail.split())[len(NOT_CHECKED):]))
    else:
        if f.kind == "code_unrunnable":  # the phrasing says it could not be run: "…as written: your code could not…"
            detail = _NOT_RUN.sub("", detail)
        w.say(f.kind, detail=detail or "no detail was recorded")
        w.out.extend(extra)


_NOT_RUN = re.compile(r"^your code could not be run:\s*", re.IGNORECASE)


def attachment(w: Writer, f: Finding, q: Question) -> None:
    part = next((p for p in q.parts if p.id == f.id), None)
    if part is None:
        w.out.append(sentence(f.detail))
    elif f.evidence:
        w.say("attachment_named", part=clause(part.text), name=f.evidence)
    else:
        w.say("attachment_none", part=clause(part.text))
