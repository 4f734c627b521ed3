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
