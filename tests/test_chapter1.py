"""Our own chapter-1 submissions in real files' layouts, against verdicts written without
greenpen's code (tests/chapter1/README.md): every answer is read, and the verdicts agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenpen.bench.teacher import ALARM, agreement, entries, grade_files

HERE = Path(__file__).parent / "chapter1"


@pytest.fixture(scope="module")
def graded() -> list:  # type: ignore[type-arg]
    expected = json.loads((HERE / "expected.json").read_text(encoding="utf-8"))
    files = sorted((HERE / "files").iterdir())
    return entries(expected, grade_files(files, str(HERE / "fastai-01.yaml")))


def test_every_answer_of_every_layout_is_read(graded) -> None:  # type: ignore[no-untyped-def]
    answered = [e for e in graded if e.want != "missing"]
    unread = [f"{e.file} q{e.number}" for e in answered if e.answer is None or not e.answer.text.strip()]
    assert not unread, unread


def test_verdicts_agree_with_the_independent_ones(graded) -> None:  # type: ignore[no-untyped-def]
    got = [(e, e.answer.verdict if e.answer else "absent") for e in graded]
    rate = sum(agreement(e.want, v) for e, v in got) / len(got)
    alarms = [f"{e.file} q{e.number}: {v}" for e, v in got if e.want == "correct" and v in ALARM]
    assert rate >= 0.94, f"agreement {rate:.1%}"
    assert not alarms, alarms
