"""`greenpen read` in-process: exact messages and exit codes, and a bad file never stops a batch."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from greenpen.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["read", "--no-embeddings", *args])


def test_read_json_has_the_report_shape() -> None:
    result = run(str(FIXTURES / "numbered.txt"), "--pack", "fastai-04", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "greenpen.report/1" and data["pack"] == "fastai-04"
    assert {"number", "question", "answer"} <= set(data["questions"][0])
    assert [q["number"] for q in data["questions"]] == list(range(1, 38))
    assert "unaligned" in data


def test_bad_files_fail_with_one_message_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    unknown = tmp_path / "data.xyz"
    unknown.write_bytes(bytes(range(256)) * 8)
    good = FIXTURES / "numbered.txt"
    result = run(str(empty), str(binary), str(good), str(unknown), "--pack", "fastai-04")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3
    assert errors[0].startswith("Error: empty.md: ") and errors[1].startswith("Error: photo.png: ")
    assert errors[2].startswith("Error: data.xyz: ")
    assert "PNG" in errors[1]
    assert "numbered.txt (numbered)" in result.output  # the good file was still read


def test_pack_with_a_typo_gives_one_clear_message(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text("id: mine\ntitle: Mine\nquestions:\n  - id: q\n    number: 1\n    txt: What?\n",
                    encoding="utf-8")
    result = run(str(FIXTURES / "numbered.txt"), "--pack", str(pack))
    assert result.exit_code == 2
    assert result.output == (f'Error: pack mine ({pack}:6): question 1: unknown field "txt" — '
                             'did you mean "text:"?\n')


def test_a_notebook_whose_questions_are_found_in_its_text_is_read_not_refused(tmp_path: Path) -> None:
    # Questions and answers in one Markdown cell: the notebook has no answer blocks of its own, and
    # alignment finds the questions in its lines (as `grade` does), so `read` must not refuse it.
    cell = ("## Homework\n1. What is a model in machine learning?\nA function whose parameters are fitted "
            "to data.\n2. What does it mean to train a model?\nAdjusting the parameters to fit examples.\n")
    notebook = tmp_path / "week1.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": [cell]}],
                                    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    result = run(str(notebook), "--pack", "pytorch-l1", "--json")
    assert result.exit_code == 0, result.output
    answers = {q["number"]: q["answer"] for q in json.loads(result.output)["questions"]}
    assert answers[1] == "A function whose parameters are fitted to data."


def test_an_answer_that_only_says_it_does_not_know_is_not_counted_as_answered(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## 1. What is a model in machine learning?\n\nA function with weights learned from data.\n\n"
                     "## 2. What does it mean to train a model?\n\nI'm not sure.\n", encoding="utf-8")
    result = run(str(notes), "--pack", "pytorch-l1")
    assert result.exit_code == 0, result.output
    assert "1 of 10 questions answered" in result.output  # grading marks it missing too
    assert "says only that it does not know yet: I'm not sure." in result.output  # shown, not hidden
