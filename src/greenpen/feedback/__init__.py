"""Write feedback from findings, in the voice of the course's exemplar teacher.

Findings are the only source of truth: every sentence comes from one finding (the
student's own words as evidence, the rubric's praise, hint and correction), so nothing
the student did not write is praised. Wording varies with a stable hash of the student
and the question, so a class does not read as one template, yet a re-run is
byte-identical.

    question.py   feedback on one answer         write_question_feedback(q, j, answer, ...)
    overall.py    the overall assessment         write_overall(report, pack, ...)
    phrases.py    the wording, one table per language (add a language: add a table)
    quoting.py    short quotes of the student's words, their analogies and examples
"""

from __future__ import annotations

from .overall import write_overall
from .phrases import TABLES, phrases_for
from .question import write_question_feedback

__all__ = ["TABLES", "phrases_for", "write_overall", "write_question_feedback"]
