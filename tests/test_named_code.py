"""A key point that is a name in code is stated by an answer that names it (`grading/named_code.py`)."""

from __future__ import annotations

import pytest

from greenpen.grading.named_code import code_name, names_the_code


@pytest.mark.parametrize(("point", "name"), [
    ("`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`.", "show_batch"),
    ("`learn.lr_find()`", "lr_find"),
    ("`w -= lr * w.grad`", None),  # a statement, not a name: "grad" in an answer says nothing of it
    ("Use `summary` on the DataBlock to see each step", None),  # mostly words: the embedding weighs it
    ("`L`", None),  # too short a name to find by its letters
])
def test_a_point_in_code_names_the_last_name_of_its_first_span(point: str, name: str | None) -> None:
    assert code_name(point) == name


def test_the_name_in_the_question_is_no_evidence() -> None:
    point = "`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`."
    assert names_the_code(point, "It shows a batch: dls.show_batch().", "What does `show_batch` do?") is None
    assert names_the_code(point, "Call dls.show_batch(). It plots a few.", "Which method views a batch?") == \
        "Call dls.show_batch()."
