"""Pack loading and validation: every error names the file, line and field, and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from greenpen.errors import PackError
from greenpen.packs import all_packs, get_pack, load_pack, parse_pack

GOOD = """\
id: tiny
title: A tiny pack
questions:
  - id: matmul
    number: 1
    text: What does @ do?
    reference: It multiplies matrices.
    key_points:
      - id: matrix-product
        weight: 2
        text: "@ is matrix multiplication"
        cues: ["matri(x|ces) multiplication", ["matmul"]]
    misconceptions:
      - id: elementwise
        text: "@ is element-wise"
        correction: "@ is the matrix product; * is element-wise"
        cues: ['element[- ]?wise']
    parts:
      - id: what
        text: what it does
        points: [matrix-product]
"""


def test_good_pack_loads() -> None:
    pack = parse_pack(GOOD, "tiny.yaml")
    q = pack.questions[0]
    assert (pack.id, q.number, q.key_points[0].weight) == ("tiny", 1, 2.0)
    # a regular expression is kept as written; words become a pattern that matches at word starts
    assert q.key_points[0].cues == (("matri(x|ces) multiplication",), (r"(?<!\w)matmul\w*",))
    assert q.parts[0].points == ("matrix-product",)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('        text: "@ is matrix multiplication"\n', "",
         'pack tiny (tiny.yaml:9): question 1: key point "matrix-product" has no text — add a "text:" line'),
        ("    reference:", "    referense:",
         'pack tiny (tiny.yaml:7): question 1: unknown field "referense" — did you mean "reference:"?'),
        ("['element[- ]?wise']", "['element[- ?wise']",
         'pack tiny (tiny.yaml:17): question 1: misconception "elementwise": cue "element[- ?wise" is not a '
         "valid regex"),
        ("points: [matrix-product]", "points: [matrix-prod]",
         'pack tiny (tiny.yaml:21): question 1: part "what": refers to key point "matrix-prod" that this '
         "question lacks — use one of: matrix-product"),
        ("        weight: 2\n", "        weight: 2\n        implied_by: [matrix-prod]\n",
         'pack tiny (tiny.yaml:9): question 1: key point "matrix-product": implied_by names "matrix-prod", which is '
         "not another key point of this question — use one of: (none)"),
        ("    number: 1\n", "    number: one\n",
         'pack tiny (tiny.yaml:5): question "matmul": "number" must be a whole number'),
        ("  - id: matmul\n", "  - id: mat mul\n",
         'pack tiny (tiny.yaml:4): question 1: id "mat mul" has unusual characters — use letters, digits, - and _'),
    ],
)
def test_pack_errors_point_at_the_line(old: str, new: str, message: str) -> None:
    assert old in GOOD
    with pytest.raises(PackError) as err:
        parse_pack(GOOD.replace(old, new), "tiny.yaml")
    assert str(err.value).startswith(message)


def test_ids_may_hold_capital_letters() -> None:
    """A teacher names a question after the course's own name for it (`fastai-L` for fastai's `L`)."""
    pack = parse_pack(GOOD.replace("  - id: matmul\n", "  - id: fastai-L\n"), "tiny.yaml")
    assert pack.questions[0].id == "fastai-L"


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(PackError, match=r"tiny.yaml:\d+\): not valid YAML"):
        parse_pack("id: x\nquestions: [\n  - a: b: c", "tiny.yaml")


def test_unknown_pack_lists_known_ones() -> None:
    with pytest.raises(PackError, match="no pack called \"nope\" — use one of:"):
        get_pack("nope")


def test_shipped_packs_are_valid() -> None:
    packs = {p.id: p for p in all_packs()}
    assert len(packs["fastai-04"].questions) == 37
    assert len(packs["pytorch-l1"].questions) == 10
    for pack in packs.values():
        for q in pack.questions:
            assert q.reference and q.key_points, f"{pack.id} q{q.number} has no rubric"
            assert [n.number for n in pack.questions] == list(range(1, len(pack.questions) + 1))


def test_packs_check_command(tmp_path: Path) -> None:
    good = tmp_path / "tiny.yaml"
    good.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["packs", "check", str(good)])
    assert result.exit_code == 0
    assert result.output == (f"{good}: pack tiny is valid — 1 questions, 1 key points, 1 misconceptions\n"
                             "examples: none to try (add `examples` to key points and misconceptions)\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("    reference:", "    referense:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["packs", "check", str(bad)])
    assert result.exit_code == 2
    assert 'unknown field "referense" — did you mean "reference:"?' in result.output
    shipped = CliRunner().invoke(cli, ["packs", "check", "pytorch-l1", "--no-examples"])
    assert shipped.exit_code == 0 and "pack pytorch-l1 is valid" in shipped.output


@pytest.mark.models
def test_packs_check_tries_the_examples_on_the_grader(tmp_path: Path) -> None:
    """An example must earn its point from the rest of the rubric, a counter-example must not,
    a misconception's example must be caught; `--strict` fails when one is graded wrong."""
    text = GOOD.replace(
        '        cues: ["matri(x|ces) multiplication", ["matmul"]]\n',
        '        cues: ["matri(x|ces) multiplication", ["matmul"]]\n'
        '        examples: ["It does matrix multiplication.", "It computes the matmul of A and B."]\n'
        '        counter_examples: ["It multiplies the matching elements one by one."]\n',
    ).replace(
        "        cues: ['element[- ]?wise']\n",
        "        cues: ['element[- ]?wise']\n"
        '        examples: ["It is element-wise multiplication.", "It multiplies each pair of entries."]\n',
    )
    pack = tmp_path / "tiny.yaml"
    pack.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["packs", "check", str(pack)])
    assert result.exit_code == 0, result.output
    assert "examples graded as intended: 2/2 examples, 1/1 counter-examples, 1/2 misconception examples" \
        in result.output
    assert 'q1 elementwise: misconception example "It multiplies each pair of entries." not caught' \
        in result.output
    assert CliRunner().invoke(cli, ["packs", "check", "--strict", str(pack)]).exit_code == 1


def test_load_pack_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="does not exist"):
        load_pack(tmp_path / "none.yaml")


def test_code_setup_runs_before_every_check() -> None:
    text = GOOD.replace("questions:", "code_setup: |\n  from torch import tensor\nquestions:", 1)
    text = text.replace("    reference: It multiplies matrices.",
                        "    reference: It multiplies matrices.\n    checks:\n      - id: c\n        kind: expression\n"
                        "        expect: 2\n        setup: import math")
    pack = parse_pack(text, "tiny.yaml")
    check = pack.questions[0].checks[0]
    assert check.setup.splitlines() == ["from torch import tensor", "import math"]


def test_code_setup_must_be_python() -> None:
    text = GOOD.replace("questions:", "code_setup: 'from torch import'\nquestions:", 1)
    with pytest.raises(PackError, match=r"tiny.yaml:\d+\): code_setup is not valid Python"):
        parse_pack(text, "tiny.yaml")


def test_shipped_code_packs_declare_their_course_setup() -> None:
    for pack in all_packs():
        for q in pack.questions:
            for check in q.checks:
                assert "import torch" in check.setup, f"{pack.id} q{q.number}: {check.id}"


@pytest.mark.parametrize("written", ["w -= gradient(w) * lr", "p -= p.grad * lr", "w = w - lr * w.grad"])
def test_fastai04_update_rule_cues_read_the_books_own_notation(written: str) -> None:
    """Chapter 4 writes the step as `w -= gradient(w) * lr` (a call, not `w.grad`): a learner
    who copies the book's line states the update rule, as does one who writes `p.grad`."""
    from greenpen.grading.cues import find_cues
    from greenpen.textutil import Span

    q = next(q for q in get_pack("fastai-04").questions if q.id == "weight-update-rule")
    rule = next(kp for kp in q.key_points if kp.id == "minus-lr-grad")
    assert any(not h.negated for h in find_cues(rule.cues, [Span(written, 0, len(written))]))
