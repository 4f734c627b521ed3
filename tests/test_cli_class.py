"""`greenpen grade` on a class, `regrade`, `runs`, `report` and `export`: in-process, exact output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from tests import class_fixtures

pytest.importorskip("sqlite_utils")

CSV = """Timestamp,Email Address,Name,What is a rank-3 tensor?,What is broadcasting?,\
What does the @ operator do?
2024/03/12 9:14:03,ana@example.edu,Ana Souza,a tensor with three axes,stretching the smaller tensor,\
element-wise multiplication
2024/03/12 9:20:00,ben@example.edu,Ben Lima,a 3D tensor,,element-wise multiplication of arrays
2024/03/12 9:25:00,cai@example.edu,Cai Dias,three axes,stretching the smaller tensor,matrix multiplication
2024/03/12 9:26:00,dee@example.edu,Dee Ito,a tensor, with three axes,stretching,matrix multiplication
2024/03/12 9:30:00,eve@example.edu,Eve Berg,BOOM,stretching,matrix multiplication
"""
MALFORMED = (
    "class.csv#row5: this row has 7 cells but the header has 6, so it was not read — check it for a stray "
    "delimiter or quote and export again"
)


@pytest.fixture(autouse=True)
def fake_models(monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.classroom import batch
    from greenpen.store import db

    monkeypatch.setattr(batch, "grade_default", class_fixtures.fake_grade)
    monkeypatch.setattr(batch, "warm_models", class_fixtures.no_warm)
    monkeypatch.setattr(db, "now", lambda: "2024-03-15T10:00:00.000000+00:00")
    monkeypatch.setitem(class_fixtures.CHANGE_RUBRIC, "on", False)


@pytest.fixture
def class_csv(tmp_path: Path) -> Path:
    path = tmp_path / "class.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    stdout = re.sub(r"in \d+\.\d s", "in T s", result.stdout)
    return result.exit_code, stdout, result.stderr


def grade(class_csv: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    return run(
        "grade",
        str(class_csv),
        "--db",
        str(tmp_path / "g.db"),
        "--out",
        str(tmp_path / "out"),
        "--workers",
        "1",
        *extra,
    )


def test_grade_a_class_csv(class_csv: Path, tmp_path: Path) -> None:
    code, out, err = grade(class_csv, tmp_path)
    db = tmp_path / "g.db"
    assert (code, out, err) == (
        2,
        (
            "class.csv#row2: fake, score 67% (2 correct, 1 incorrect)\n"
            "class.csv#row3: fake, score 33% (1 correct, 1 incorrect, 1 missing)\n"
            "class.csv#row4: fake, score 100% (3 correct)\n"
            "Graded 3 of 5 submissions in T s (1 worker): 2 failed, 0 unassessable answers.\n"
            f"Reports: 6 files in {tmp_path / 'out'}/\n"
            f'Saved in {db}, run "class" — class report: greenpen report class --db {db}\n'
        ),
        (
            "Failed (2):\n"
            f"  {MALFORMED}\n"
            "  class.csv#row6: the grader choked on this answer — grade it by hand\n"
        ),
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "ana-souza.json",
        "ana-souza.md",
        "ben-lima.json",
        "ben-lima.md",
        "cai-dias.json",
        "cai-dias.md",
    ]


def test_grading_again_resumes_and_a_killed_batch_loses_nothing(
    class_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from greenpen.classroom import batch

    calls: list[str] = []

    def dies_on_the_third(submission, options):  # type: ignore[no-untyped-def]
        calls.append(submission.source)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return class_fixtures.fake_grade(submission, options)

    monkeypatch.setattr(batch, "grade_default", dies_on_the_third)
    code, out, err = grade(class_csv, tmp_path)
    assert (code, out, err) == (1, "", "\nAborted!\n")
    monkeypatch.setattr(batch, "grade_default", class_fixtures.fake_grade)
    calls.clear()
    code, out, _ = grade(class_csv, tmp_path)
    assert code == 2
    assert (
        "Graded 1 of 5 submissions in T s (1 worker): 2 failed, 0 unassessable answers, 2 already graded "
        "(skipped).\n" in out
    )
    code, out, _ = run("runs", "--db", str(tmp_path / "g.db"))
    assert out == (
        "RUN    PACK         GRADED FAILED RELEASED  UPDATED\n"
        "class  (auto)            3      2        0  2024-03-15 10:00\n"
    )


def test_regrade_keeps_the_teachers_edits_and_flags_changes(class_csv: Path, tmp_path: Path) -> None:
    from greenpen.store.db import Store

    grade(class_csv, tmp_path)
    store = Store.open(tmp_path / "g.db")
    cai = next(s for s in store.submissions(1) if s.student == "Cai Dias")
    store.edit_answer(
        next(a.id for a in cai.answers if a.question_id == "broadcasting"),
        score=0.75,
        feedback="Nice image of stretching.",
    )
    class_fixtures.CHANGE_RUBRIC["on"] = True
    code, out, err = run("regrade", "class", "--db", str(tmp_path / "g.db"), "--workers", "1")
    assert code == 2
    assert out.endswith(
        "Graded 3 of 5 submissions in T s (1 worker): 2 failed, 0 unassessable answers.\n"
        "2 answer(s) changed their automatic result and are flagged for review; 1 teacher edit(s) kept.\n"
        f'Saved in {tmp_path / "g.db"}, run "class" — class report: '
        f"greenpen report class --db {tmp_path / 'g.db'}\n"
    )
    cai = next(s for s in store.submissions(1) if s.student == "Cai Dias")
    answer = next(a for a in cai.answers if a.question_id == "broadcasting")
    assert (answer.score, answer.feedback, answer.auto_verdict, answer.changed) == (
        0.75,
        "Nice image of stretching.",
        "partial",
        True,
    )


def test_report_and_exports(class_csv: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    grade(class_csv, tmp_path)
    db = str(tmp_path / "g.db")
    code, out, err = run("report", "class", "--db", db, "--out", str(tmp_path / "rep"))
    assert (code, err) == (0, "")
    assert out == (
        f"Wrote {tmp_path / 'rep' / 'class-class-report.html'}\n"
        f"Wrote {tmp_path / 'rep' / 'class-class-report.md'}\n"
        "3 students, mean score 67%, 2 failed\n"
        "Most common misconception: Q29 elementwise (2 students)\n"
        "May need help: Ben Lima\n"
    )
    code, out, err = run("export", "class", "--db", db, "--to", "plain", "--points", "30")
    assert (code, out) == (
        0,
        (
            "student,email,total,rank-3,broadcasting,matmul-operator\n"
            "Ana Souza,ana@example.edu,20,10,10,0\n"
            "Ben Lima,ben@example.edu,10,10,0,0\n"
            "Cai Dias,cai@example.edu,30,10,10,10\n"
            "Eve Berg,eve@example.edu,,,,\n"
            "class.csv#row5,,,,,\n"
        ),
    )
    assert err == (
        "Warning: 2 submission(s) could not be graded and have no grade: Eve Berg, class.csv#row5 "
        "— fix them and grade the run again\n"
    )
    code, out, err = run(
        "export", "class", "--db", db, "--to", "canvas", "--released-only", "--title", "Quiz 4"
    )
    assert (code, out) == (0, "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 4\nPoints Possible,,,,,100\n")
    assert err == (
        "Warning: no submission is released yet — release them in the review app, or drop --released-only\n"
    )


def test_errors_and_usage(tmp_path: Path, class_csv: Path) -> None:
    missing = tmp_path / "none.db"
    assert run("runs", "--db", str(missing)) == (
        2,
        "",
        (
            f"Error: no greenpen database at {missing} — grade a class first with `greenpen grade FILES`, "
            "or give "
            "the file with --db\n"
        ),
    )
    grade(class_csv, tmp_path)
    assert run("report", "week9", "--db", str(tmp_path / "g.db")) == (
        2,
        "",
        (f'Error: no run called "week9" in {tmp_path / "g.db"} — known runs: class\n'),
    )
    code, out, err = run("grade", str(class_csv), "--no-db", "--run", "x")
    assert (code, out) == (1, "")
    assert err.endswith("Error: --run needs the store: drop --no-db, or drop --run\n")


def test_no_db_grades_without_a_store(class_csv: Path, tmp_path: Path) -> None:
    code, out, _ = run(
        "grade", str(class_csv), "--no-db", "--out", str(tmp_path / "o"), "--workers", "1", "--format", "json"
    )
    assert code == 2 and not (tmp_path / "greenpen.db").exists()
    assert out.splitlines()[-1] == f"Reports: 3 files in {tmp_path / 'o'}/"


def test_a_file_that_failed_then_graded_once_fixed_takes_the_place_of_its_failure(tmp_path: Path) -> None:
    """An empty file in a folder fails; the student sends it again, and the teacher grades the fixed file into the same
    run: one row, graded. The failure had been kept under the file's path ("batch/leo.md") beside the graded report
    ("leo.md"), and the export still warned that it could not be graded."""
    from greenpen.store.db import Store

    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "leo.md").write_text("", encoding="utf-8")
    code, _, _ = grade(folder / "leo.md", tmp_path)
    assert code != 0
    (folder / "leo.md").write_text("# Leo\n\n1. What is a rank-3 tensor?\n\nA tensor with three axes.\n\n"
                                   "2. What is broadcasting?\n\nExpanding the smaller tensor.\n", encoding="utf-8")
    grade(folder / "leo.md", tmp_path)
    store = Store.open(tmp_path / "g.db")
    rows = [(s.source, s.status) for s in store.submissions(store.runs()[0].id)]
    assert rows == [("leo.md", "graded")], rows
