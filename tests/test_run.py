"""`grade_run`: the one batch call the CLI, the review app and the benchmarks share."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen.classroom.batch import WorkItem
from greenpen.classroom.run import Event, grade_run, report_names, write_reports
from greenpen.cli import cli
from greenpen.domain import QuestionReport, Report, Submission
from greenpen.pipeline import Options
from greenpen.store.db import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def fake_grade(submission: Submission, options: Options) -> Report:
    if "boom" in submission.source:
        raise ValueError("cannot grade this one")
    q = QuestionReport("q1", 1, "Q?", "A.", "correct", 1.0, 0.9, ())
    return Report(submission.source, submission.student, "markdown", "pytorch-l1", 1.0, (q,))


def items(*names: str) -> list[WorkItem]:
    return [WorkItem(n, Submission(n, "markdown", (), student=n.split(".")[0].title())) for n in names]


def test_grade_run_reports_progress_saves_each_result_and_keeps_failures(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "g.db")
    run_id = store.ensure_run("week1", "pytorch-l1", {})
    events: list[Event] = []
    result = grade_run(items("ana.md", "boom.md", "bo.md"), Options(pack="pytorch-l1"), store=store, run_id=run_id,
                       workers=1, on_event=events.append, grade=fake_grade)
    assert [(e.kind, e.done, e.total) for e in events] == [
        ("start", 0, 3), ("result", 1, 3), ("result", 2, 3), ("result", 3, 3), ("done", 3, 3)]
    assert [o.status for o in result.summary.outcomes] == ["graded", "failed", "graded"]
    assert sorted(result.reports) == ["ana.md", "bo.md"]
    assert {s.source: s.status for s in store.submissions(run_id)} == {
        "ana.md": "graded", "boom.md": "failed", "bo.md": "graded"}
    again = grade_run(items("ana.md", "bo.md"), Options(pack="pytorch-l1"), store=store, run_id=run_id, workers=1,
                      grade=fake_grade)
    assert again.summary.skipped == 2  # resumed: nothing graded twice


def test_write_reports_names_files_after_the_students(tmp_path: Path) -> None:
    result = grade_run(items("ana.md", "bo.md"), Options(pack="pytorch-l1"), workers=1, grade=fake_grade)
    written = write_reports(result.reports, [(".txt", lambda r: r.student)], tmp_path)
    assert sorted(p.name for p in written) == ["ana.txt", "bo.txt"]
    assert report_names([("a.csv#row2", ""), ("b.md", "Ana"), ("c.md", "Ana")]) == {
        "a.csv#row2": "a-row2", "b.md": "ana-b", "c.md": "ana-c"}  # not "ana-b.md", written "ana-b.md.md"
    assert report_names([("x/answers.md", "Ana"), ("y/answers.ipynb", "Ana")]) == {
        "x/answers.md": "ana-answers-md", "y/answers.ipynb": "ana-answers-ipynb"}
    # a name with no letter in ASCII ("王伟") names the report after its file, not "submission.json"
    assert report_names([("wei-ch1.md", "王伟")]) == {"wei-ch1.md": "wei-ch1"}


def test_two_files_of_one_name_in_two_folders_get_two_reports(tmp_path: Path) -> None:
    """Two students' `README.md`, neither naming its writer: "Reports: 4 files", and two were written, each over the
    other student's. The folders tell them apart; where nothing does, a number."""
    names = report_names([("kwame/README.md", ""), ("minh/README.md", ""), ("notes.md", "")])
    assert len(set(names.values())) == 3 and names["notes.md"] == "notes"
    assert all(folder in names[f"{folder}/README.md"] for folder in ("kwame", "minh"))
    assert len(set(report_names([("a.md", "Ana"), ("a.md#", "Ana"), ("a.md##", "Ana")]).values())) == 3
    unnamed = [WorkItem(n, Submission(n, "markdown", ())) for n in ("kwame/README.md", "minh/README.md")]
    result = grade_run(unnamed, Options(pack="pytorch-l1"), workers=1, grade=fake_grade)
    written = write_reports(result.reports, [(".txt", lambda r: r.source)], tmp_path)
    assert len({p.name for p in written}) == 2
    assert sorted(p.read_text() for p in tmp_path.iterdir()) == ["kwame/README.md", "minh/README.md"]


@pytest.mark.models
def test_files_answering_two_packs_become_one_run_per_pack(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    result = CliRunner().invoke(cli, ["grade", str(EXAMPLES / "amara-okafor-pytorch-l1.md"),
                                      str(EXAMPLES / "ben-carter-fastai-04.txt"), "--out", str(tmp_path / "out"),
                                      "--db", str(db), "--no-code", "--run", "week"])
    assert result.exit_code == 0, result.output
    assert "one run each" in result.output
    store = Store.open(db)
    runs = {r.name: [s.source for s in store.submissions(r.id)] for r in store.runs()}
    assert runs == {"week (pytorch-l1)": ["amara-okafor-pytorch-l1.md"],
                    "week (fastai-04)": ["ben-carter-fastai-04.txt"]}


def test_the_assessment_of_a_report_counts_the_teachers_verdicts(tmp_path: Path) -> None:
    """The teacher marks Ana's one answer incorrect; the run's reports are written again: the assessment counts it
    incorrect (it said "9 of 9 correct" beside answers the teacher had marked incorrect)."""
    store = Store.open(tmp_path / "g.db")
    run_id = store.ensure_run("week1", "pytorch-l1", {})
    grade_run(items("ana.md"), Options(pack="pytorch-l1"), store=store, run_id=run_id, workers=1, grade=fake_grade)
    (ana,) = store.submissions(run_id)
    store.edit_answer(ana.answers[0].id, verdict="incorrect", score=0.0)
    again = grade_run(items("ana.md"), Options(pack="pytorch-l1"), store=store, run_id=run_id, workers=1,
                      grade=fake_grade)
    said = again.reports["ana.md"].overall.text
    assert "0 of the 1 questions answered correctly" in said or "1 incorrect" in said, said
    assert "1 of 1" not in said and "1 of your 1" not in said, said
