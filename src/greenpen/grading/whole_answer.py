"""The answer read as a whole, before its sentences are matched by meaning: the true/false marks it
gives, the side it takes on a yes/no or either/or question, the value or the name it gives, and
whether it is only "I don't know". Each of these decides on its own words what the embeddings
cannot (a wrong name, number or side sits close to the right one by meaning), and each is read
once per answer (`grader._grade` uses them for the findings, for what the answer states and for
whether it is off topic).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Finding, Question
from . import detectors
from .short_answer import SHORT_WORDS, in_reference_terms, names_another_term, other_numbered, other_special_methods
from .true_false import compare_marks, compare_yes_no, premise_denied, yes_no_finding
from .values import compare_literal, compare_value, value_finding


@dataclass(frozen=True)
class WholeAnswer:
    other_name: bool
    """A name asked for, and the answer holds none of the reference's words for it (reference-only packs)."""
    numbered: tuple[str, str] | None
    """("L1", "L2"): the reference's numbered name given with another number."""
    methods: tuple[str, str] | None
    """("__init__ and __del__", "__enter__ and __exit__"): other special methods than the reference's."""
    marks: tuple[list[bool], list[bool]] | None
    """The answer's true/false marks and the reference's."""
    unknown: Finding | None
    """ "I don't know", "No idea": no attempt (and no "no")."""
    yes_no: tuple[bool, bool] | None
    """The side the answer takes and the reference's, on a yes/no or either/or question."""
    opposite: Finding | None
    """The other side than the reference's, as a finding (or the question's "not" denied: "Why can't we…?" answered
    "You can")."""
    value: tuple[str, bool] | None
    """The value (or list) the answer gives, as written, and whether the reference gives it."""
    wrong_value: Finding | None
    says_reference: bool
    """A short answer that says what the reference says (its terms, its marks, its value)."""

    @property
    def wrong_words(self) -> bool:
        """The answer's words name another thing than the reference's, whatever their meaning."""
        return self.other_name or self.wrong_value is not None


def read_whole(text: str, q: Question, reference_only: bool, other_script: bool) -> WholeAnswer:
    named = reference_only and not other_script
    numbered = other_numbered(text, q.text, q.reference) if named else None
    methods = other_special_methods(text, q.text, q.reference) if named else None
    other_name = numbered is not None or methods is not None or (
        named and names_another_term(text, q.text, q.reference))
    marks = compare_marks(text, q.text, q.reference)
    unknown = detectors.no_attempt(text, q)  # "No idea", "No lo sé": no "no"
    yes_no = compare_yes_no(text, q.text, q.reference) if marks is None and unknown is None else None
    # "5×5" where the model answer says "7×7": the number is the answer, however close the words around it
    # A list the model answer writes out ("[0.02, 0.92, 0.02, 0.02, 0.02]") is its value: a list in the answer is
    # compared with it before its first number ("With eps=0.1…") is taken for the value; written out in full and
    # in order, it states the model answer however much the answer says around it.
    weighed = reference_only and marks is None and yes_no is None
    literal = compare_literal(text, q.reference) if weighed and "[" in text else None
    value = literal or ((compare_value(text, q.text, q.reference) or compare_literal(text, q.reference, q.text))
                        if weighed else None)
    says = (marks is not None and marks[0] == marks[1]) or (
        reference_only and not other_name and in_reference_terms(text, q.text, q.reference)) or (
        value is not None and value[1] and (literal is not None or len(text.split()) <= SHORT_WORDS))
    says = says and (value is None or value[1])  # in the reference's words, with another value: not what it says
    return WholeAnswer(
        other_name=other_name, numbered=numbered, methods=methods,
        marks=marks, unknown=unknown, yes_no=yes_no,
        opposite=yes_no_finding(text, q.reference, yes_no) or (
            premise_denied(text, q.text, q.reference) if unknown is None else None),
        value=value, wrong_value=value_finding(text, q.reference, value), says_reference=says)

