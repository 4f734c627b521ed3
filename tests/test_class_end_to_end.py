"""The generated 30-student Forms CSV, graded for real: malformed row reported, the rest graded,
the planted misconception ("@ is element-wise multiplication") on top of the class report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli

CLASS_CSV = Path(__file__).parent / "fixtures" / "class" / "class-fastai-04.csv"


@pytest.mark.models
@pytest.mark.slow
def test_a_generated_class_grades_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("sqlite_utils")
    pytest.importorskip("matplotlib")
    db = str(tmp_path / "g.db")
    result = CliRunner().invoke(
        cli,
        [
            "grade",
            str(CLASS_CSV),
            "--pack",
            "fastai-04",
            "--db",
            db,
            "--out",
            str(tmp_path / "out"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 2, result.output
    assert re.search(r"Graded 29 of 30 submissions in [\d.]+ s \(1 worker\): 1 failed", result.stdout)
    assert result.stderr == (
        "Failed (1):\n  class-fastai-04.csv#row11: this row has 13 cells but the header has 11, "
        "so it was not "
        "read — check it for a stray delimiter or quote and export again\n"
    )
    assert len(list((tmp_path / "out").glob("*.json"))) == 29
    assert (tmp_path / "out" / "rafael-mendes.json").exists()  # the Portuguese row

    result = CliRunner().invoke(
        cli, ["report", "class-fastai-04", "--db", db, "--out", str(tmp_path / "rep")]
    )
    assert result.exit_code == 0, result.output
    assert "Most common misconception: Q29 " in result.stdout
    md = (tmp_path / "rep" / "class-fastai-04-class-report.md").read_text()
    top = md.split("## Most common misconceptions\n\n", 1)[1].splitlines()[0]
    assert top.startswith("- **Q29: ") and "element-wise" in md
    copied = md.split("## Answers that look copied\n\n", 1)[1].splitlines()[0]
    assert "Maya Cohen and Wen Li" in copied


CHAPTER1 = Path(__file__).parent / "chapter1"


@pytest.mark.models
@pytest.mark.parametrize("store", ["--no-db", "--db"])
def test_a_class_report_speaks_of_the_questions_the_class_was_asked(tmp_path: Path, store: str) -> None:
    """Two files of a 33-question pack answer 23 questions between them: each report lists those 23, and its
    overall assessment counts the same questions and blanks as the report (it had counted all 33). A line
    the reader first took for a name ("Mark I Perceptron", an answer) is not the student's name, with or
    without the store."""
    import json

    files = [str(CHAPTER1 / "files" / name) for name in ("nested-list.md", "blockquote.md")]
    args = ["grade", *files, "--pack", str(CHAPTER1 / "fastai-01.yaml"), "--out", str(tmp_path / "out"),
            "--format", "json"]
    args += ["--db", str(tmp_path / "g.db")] if store == "--db" else ["--no-db"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    reports = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.json")}
    assert set(reports) == {"nested-list.json", "blockquote.json"}
    for report in reports.values():
        asked = len(report["questions"])
        blank = sum(q["verdict"] == "missing" for q in report["questions"])
        assert asked < 33
        text = report["overall"]["text"]
        assert "33" not in text, text
        absent = sum(q["verdict"] == "missing" and q.get("in_file") is False for q in report["questions"])
        if blank > 5:  # the questions nowhere in the file are "not in your file", the others "left blank"
            assert (f"{blank - absent} questions left blank" in text if blank - absent > 1 else True), text
            assert (f"{absent} of the questions are not in your file" in text if absent > 3 else True), text
        assert report["student"] != "Mark I Perceptron"
