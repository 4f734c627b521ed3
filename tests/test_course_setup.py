"""The course's code setup runs before a student's code: fastai's `tensor` is never a NameError."""

from __future__ import annotations

import pytest

from greenpen.code.checks import check_code
from greenpen.packs import get_pack

pytestmark = pytest.mark.sandbox


def _question(number: int):  # type: ignore[no-untyped-def]
    return next(q for q in get_pack("fastai-04").questions if q.number == number)


def test_course_names_are_not_the_students_fault() -> None:
    findings = check_code("t = tensor([[1,2,3],[4,5,6],[7,8,9]])*2\nt[1:,1:]", _question(9))
    assert [f.kind for f in findings] == ["code_ok"]


def test_code_written_as_the_course_writes_it_is_judged_on_its_result() -> None:
    findings = check_code("tensor([[1,2,3],[4,5,6],[7,8,9]])*2", _question(9))
    assert [f.kind for f in findings] == ["code_wrong"]  # runs; the block is not selected
    assert "NameError" not in findings[0].detail


def test_a_name_the_course_does_not_provide_is_still_an_error() -> None:
    findings = check_code("t = tensr([[1,2,3],[4,5,6],[7,8,9]])*2\nt[1:,1:]", _question(9))
    assert [f.kind for f in findings] == ["code_error"]
    assert "tensr" in findings[0].detail


def test_fastai_tensor_takes_rows_as_separate_arguments_and_a_shown_pair_ends_with_the_block() -> None:
    # fastai's tensor(row, row, row) builds the 3×3 tensor (torch.tensor would raise a TypeError);
    # `t, t[1:, 1:]` shows both, as a notebook does, and the last value is the block asked for.
    code = "t = tensor([1, 2, 3], [4, 5, 6], [7, 8, 9]) * 2\nt, t[1:, 1:]"
    (f,) = check_code(code, _question(9))
    assert f.kind == "code_ok", f.detail
    assert "its last value, [[10, 12], [16, 18]], is the result asked for" in f.detail
    (wrong,) = check_code("t = tensor([1, 2, 3], [4, 5, 6], [7, 8, 9])\nt, t[:2, :2]", _question(9))
    assert wrong.kind == "code_wrong"


def test_the_course_setup_does_not_hide_the_students_free_names() -> None:
    (f,) = check_code("list(x, y)", _question(26))
    assert f.kind == "code_error"
    assert f.detail.startswith("TypeError") and "run with x = [1, 2, 3, 4] and y = 'abcd'" in f.detail
