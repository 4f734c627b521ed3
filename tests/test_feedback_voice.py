"""What a teacher reviewing greenpen's reports asked for: feedback addressed to the student only,
whole quotes, varied phrasing, and an overall assessment true to the verdicts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greenpen.domain import Finding

from .test_feedback import ANSWER, CORRECT, LR, PACK, write_question_feedback


def test_words_for_the_teacher_stay_out_of_the_students_feedback() -> None:
    detail = ("the code is mixed with prose (`[2*x for x in xs]`), so it could not be run as written; "
              "a teacher should read it")
    finding = Finding("code_unrunnable", "c", detail=detail)
    j = replace(CORRECT, verdict="partial", findings=(*CORRECT.findings, finding))
    text = write_question_feedback(LR, j, ANSWER, pack=PACK, student="Ann")
    assert "teacher" not in text.lower()
    assert "mixed with prose (`[2*x for x in xs]`)" in text


@pytest.mark.parametrize("kind", ["code_ok", "code_unrunnable", "code_wrong"])
@pytest.mark.parametrize("student", ["Ann", "Bo", "Cy", "Di", "Ed"])
def test_a_code_detail_with_parentheses_is_not_put_in_parentheses(kind: str, student: str) -> None:
    detail = "your code gives [2, 6] (for nums = [1, 3])"
    j = replace(CORRECT, verdict="correct" if kind == "code_ok" else "partial",
                findings=(*CORRECT.findings, Finding(kind, "c", detail=detail)))  # type: ignore[arg-type]
    text = write_question_feedback(LR, j, ANSWER, pack=PACK, student=student)
    assert "[1, 3]))" not in text and "[1, 3]) )" not in text and "(your code" not in text
    assert "your code gives [2, 6] (for nums = [1, 3])" in text
