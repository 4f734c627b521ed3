"""Worked sums (`grading/sums.py`): a key point that works a calculation out is stated by an answer that works out
the same value, however it writes the sum; nothing is run as code."""

from __future__ import annotations

import pytest

from greenpen.grading.sums import works_out

KEY_POINT = "w·x + b = 2·1 + (-1)·1 + (-1) = 0."


@pytest.mark.parametrize("answer", [
    "2-1-1=0 -> 0",
    "sum = 2*1 + (-1)*1 - 1 = 0, so output = 0",
    "Sum = 2(1) + (-1)(1) + (-1) = 0 so output = 0",  # products written without their sign
    "2×1 + (−1)×1 + (−1) = 0. Not > 0, so it outputs 0.",  # the signs a word processor writes
    "0 (2 - 1 - 1 = 0, not > 0)",  # the sum inside brackets after the value
    "w·x = 2*1 + (-1)*1 = 1, then + b = 1 + (-1) = 0.",  # in two steps
])
def test_the_same_value_worked_out_in_other_ways_states_the_sum(answer: str) -> None:
    assert works_out(KEY_POINT, answer)


@pytest.mark.parametrize("answer", [
    "2+1-1 = 2 so output 1",  # another value
    "2 - 1 = 5 so it is 0",  # a sum that does not give what it is set equal to
    "np.dot([2,-1],[1,1]) + (-1) = 0",  # a call is code, never run
    "The output is 0.",  # a value with no sum worked out
    "__import__('os').system('true') = 0",
])
def test_no_sum_or_another_value_states_nothing(answer: str) -> None:
    assert not works_out(KEY_POINT, answer)


def test_a_key_point_that_works_out_no_sum_is_never_stated_by_arithmetic() -> None:
    assert not works_out("The output is 0, because the rule is strictly greater than 0.", "2-1-1=0")
