"""`grade --questions`: the teacher says which of the pack's questions the class was set, so a student's score does
not depend on who else is in the batch, and an answer to another question is shown, never graded."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.cli import cli
from greenpen.cli.cmd_grade import question_numbers
from greenpen.cli.common import UsageProblem
from greenpen.domain import AlignedAnswer, Alignment, Submission
from greenpen.packs import get_pack
from greenpen.pipeline import Options, asked_questions, set_questions

PACK = get_pack("pytorch-l1")


def _alignment(numbers: list[int]) -> Alignment:
    answers = {q.id: AlignedAnswer(q.id, f"answer {q.number}", f"answer {q.number}", 1.0)
               for q in PACK.questions if q.number in numbers}
    return Alignment(Submission(source="ana.md", student="Ana", format="markdown", items=()), PACK, 1.0, answers)


def test_only_the_set_questions_are_graded_and_the_other_answers_are_shown() -> None:
    first, second, third, fourth = (q.number for q in PACK.questions[:4])
    chosen = set_questions(_alignment([first, second, third]), [first, fourth])
    assert [q.number for q in asked_questions(chosen)] == [first, fourth]  # the fourth, left blank, is missing
    assert [PACK.question(q).number for q in chosen.answers] == [first]
    shown = {u.number: u for u in chosen.unaligned}
    assert sorted(shown) == [second, third]
    assert shown[second].label.startswith(f"(an answer to question {second}, which was not set)")
    assert shown[second].text == f"answer {second}"
    assert [q.number for q in asked_questions(_alignment([first]))] == [q.number for q in PACK.questions]


def test_question_numbers_are_read_as_a_teacher_writes_them() -> None:
    assert question_numbers("1, 3-5,7", None) == (1, 3, 4, 5, 7)
    assert question_numbers("5-3", None) == (3, 4, 5)
    with pytest.raises(UsageProblem, match=r"'three' is not a question number or a range"):
        question_numbers("1,three", None)
    with pytest.raises(UsageProblem, match=r"pack pytorch-l1 has no question 99"):
        question_numbers("1,99", PACK)


def test_the_set_questions_are_kept_with_the_run() -> None:
    options = Options(pack="pytorch-l1", questions=(1, 4))
    assert Options.from_record(options.record() | {"questions": [1, 4]}, {}) == options


@pytest.mark.models
def test_a_set_question_every_student_left_blank_counts_in_the_store(tmp_path: Path) -> None:
    """Two students answer questions 1 and 2; the teacher set 1, 2 and 3. Question 3 is missing for both, and the
    gradebook (from the store) and the reports count it, as with one student alone."""
    q1, q2, q3 = PACK.questions[:3]
    for name in ("ana", "ben"):
        (tmp_path / f"{name}.md").write_text(
            f"Name: {name.title()} Souza\n\n## 1. {q1.text}\n\n{q1.reference}\n\n## 2. {q2.text}\n\n{q2.reference}\n",
            encoding="utf-8")
    db = str(tmp_path / "g.db")
    result = CliRunner().invoke(cli, ["grade", str(tmp_path / "ana.md"), str(tmp_path / "ben.md"), "--pack",
                                      "pytorch-l1", "--no-code", "--db", db, "--run", "week1", "--questions",
                                      f"{q1.number}-{q3.number}", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(cli, ["export", "week1", "--db", db])
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [r["student"] for r in rows] == ["Ana Souza", "Ben Souza"]
    assert all(r[q3.id] == "0" for r in rows) and all(float(r["total"]) < 70 for r in rows)


def test_the_columns_of_a_class_file_that_matched_no_question_are_named_once() -> None:
    """After grading a Forms export whose headers are too short to match ("Loss fn"), the shell names each such column
    once for the class (every student's report holds it), and nothing for a free-text file's unmatched text."""
    from greenpen.cli.cmd_grade import unmatched_columns
    from greenpen.domain import Report

    def report(source: str, form: str, *unaligned: str) -> Report:
        return Report(source=source, student="", format=form, pack="p", score=0.5, questions=(), unaligned=unaligned)

    reports = [report("class.csv#row2", "csv", "Loss fn\nhow wrong it is", "LR + why tune it\nstep size"),
               report("class.csv#row3", "csv", "Loss fn\nthe error"),
               report("ana.md", "markdown", "(before the first question, lines 1-2)\nAna Souza")]
    assert unmatched_columns(reports) == ["Loss fn", "LR + why tune it"]


def test_a_student_who_handed_in_two_files_is_named_after_grading() -> None:
    from greenpen.cli.cmd_grade import handed_in_twice
    from greenpen.domain import Report

    def report(source: str, student: str) -> Report:
        return Report(source=source, student=student, format="pdf", pack="p", score=0.5, questions=())

    reports = [report("m.zip/Farah Khalil_1_assignsubmission_file_/farah.pdf", "Farah Khalil"),
               report("m.zip/Ana Souza_2_assignsubmission_file_/a.md", "Ana Souza"),
               report("m.zip/Farah Khalil_1_assignsubmission_file_/farah.html", "Farah  khalil"),
               report("unnamed.md", "")]
    assert handed_in_twice(reports) == {"Farah Khalil": ["m.zip/Farah Khalil_1_assignsubmission_file_/farah.pdf",
                                                         "m.zip/Farah Khalil_1_assignsubmission_file_/farah.html"]}
