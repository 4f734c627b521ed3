"""Batch grading, the class report and gradebook exports, on hand-built reports (no models)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from greenpen.classroom import batch, class_report, class_summary, gradebook
from greenpen.domain import RawAnswer, Submission
from greenpen.errors import InputError
from greenpen.pipeline import Options
from greenpen.store.db import Store
from tests.class_fixtures import MATMUL_FINDING, dies_in_worker, fake_grade, make_report, no_warm, qreport

pytest.importorskip("sqlite_utils")


def sub(student: str, *answers: str, source: str = "") -> Submission:
    items = tuple(RawAnswer(f"Q{i}", a, a) for i, a in enumerate(answers, 1))
    return Submission(
        source or f"class.csv#{student}", "csv", items, student, f"{student.lower()}@example.edu"
    )


def fake_read(path: Path, *, format: str | None = None, packs: object = None) -> list[Submission]:
    if path.name == "broken.csv":
        raise InputError("broken.csv: cannot be read — check the permissions")
    return [
        sub("Ana", "a 3D tensor", "stretching shapes", "matrix product"),
        Submission(
            "class.csv#row3", "csv", (), extra=("class.csv#row3: this row has 5 cells — export again",)
        ),
    ]


def test_collect_turns_unreadable_files_and_malformed_rows_into_failed_items() -> None:
    items = batch.collect([Path("class.csv"), Path("broken.csv")], read=fake_read)
    assert [(i.source, i.error) for i in items] == [
        ("class.csv#Ana", ""),
        ("class.csv#row3", "class.csv#row3: this row has 5 cells — export again"),
        ("broken.csv", "broken.csv: cannot be read — check the permissions"),
    ]


def test_one_bad_submission_is_recorded_and_the_rest_go_on() -> None:
    items = [
        batch.WorkItem(s.source, s)
        for s in (
            sub("Ana", "x", "y", "element-wise multiplication"),
            sub("Ben", "BOOM", "y", "z"),
            sub("Cai", "", "y", "z"),
        )
    ]
    seen: list[str] = []
    summary = batch.grade_batch(items, Options(), grade=fake_grade, on_result=lambda o: seen.append(o.source))
    assert [o.status for o in summary.outcomes] == ["graded", "failed", "graded"]
    assert summary.failed[0].error == "class.csv#Ben: the grader choked on this answer — grade it by hand"
    assert (summary.graded, summary.unassessable, seen) == (
        2,
        0,
        ["class.csv#Ana", "class.csv#Ben", "class.csv#Cai"],
    )


def test_internal_errors_become_failures_too() -> None:
    def explode(submission: Submission, options: Options) -> object:
        raise ZeroDivisionError("oops")

    summary = batch.grade_batch([batch.WorkItem("a", sub("A", "x"))], Options(), grade=explode)  # type: ignore[arg-type]
    assert summary.failed[0].error == (
        "class.csv#A: internal error ZeroDivisionError: oops — please report it with this submission"
    )


def test_two_workers_grade_the_same_as_one() -> None:
    items = [
        batch.WorkItem(s.source, s)
        for s in (sub(n, "x", "y", "element-wise multiplication") for n in ("Ana", "Ben", "Cai", "Dee"))
    ]
    one = batch.grade_batch(items, Options(), grade=fake_grade, warm=no_warm, workers=1)
    two = batch.grade_batch(items, Options(), grade=fake_grade, warm=no_warm, workers=2)
    assert [o.report for o in two.outcomes] == [o.report for o in one.outcomes]
    assert two.workers == 2


def test_skip_leaves_items_ungraded() -> None:
    items = [batch.WorkItem(s.source, s) for s in (sub("Ana", "x"), sub("Ben", "y"))]
    summary = batch.grade_batch(items, Options(), grade=fake_grade, skip=lambda i: i.source.endswith("Ana"))
    assert (summary.skipped, [o.source for o in summary.outcomes]) == (1, ["class.csv#Ben"])


def test_already_graded_needs_same_answers_and_same_rubric() -> None:
    store = Store.memory()
    run = store.create_run("r")
    s = sub("Ana", "x", "y", "z")
    store.save_graded(run, s, fake_grade(s, Options()), pack_hash=batch.pack_fingerprint("fake"))
    done = store.fingerprints(run)
    assert batch.already_graded(batch.WorkItem(s.source, s), done.get(s.source), Options())
    edited = sub("Ana", "x", "y", "changed my mind")
    assert not batch.already_graded(batch.WorkItem(s.source, edited), done.get(s.source), Options())
    assert not batch.already_graded(batch.WorkItem("other", s), done.get("other"), Options())


# ─── class report ───────────────────────────────────────────────────────────


def class_store() -> tuple[Store, int]:
    store = Store.memory()
    run = store.create_run("week4")
    copied2 = "A rank three tensor has three axes such as a stack of grey images with rows and columns"
    copied = "Broadcasting stretches the smaller tensor to the shape of the larger one without copying data"
    rows = [
        (
            "Ana Souza",
            [
                ("rank-3", "correct", 1.0, copied2),
                ("broadcasting", "correct", 1.0, copied),
                ("matmul-operator", "incorrect", 0.0, "Ana thinks element-wise multiplication"),
            ],
        ),
        (
            "Ben Lima",
            [
                ("rank-3", "correct", 1.0, copied2),
                ("broadcasting", "correct", 1.0, copied + "."),
                ("matmul-operator", "incorrect", 0.0, "element-wise multiplication of arrays"),
            ],
        ),
        (
            "Cai Dias",
            [
                ("rank-3", "missing", 0.0, ""),
                ("broadcasting", "incorrect", 0.0, "sending to GPUs"),
                ("matmul-operator", "correct", 1.0, "matrix multiplication"),
            ],
        ),
    ]
    for student, answers in rows:
        qs = [
            qreport(
                qid,
                v,
                s,
                text,
                0.4 if qid == "broadcasting" else 0.9,
                (MATMUL_FINDING,) if "element-wise" in text else (),
            )
            for qid, v, s, text in answers
        ]
        store.save_graded(
            run,
            sub(student.split()[0], source=f"c.csv#{student}"),
            make_report(student, f"c.csv#{student}", qs),
        )
    store.save_failed(run, "c.csv#row9", "c.csv#row9: this row has 5 cells — export again")
    return store, run


def test_class_summary_finds_the_patterns() -> None:
    store, run = class_store()
    s = class_report.summarise("week4", store.submissions(run))
    assert s.scores == {
        "Ana Souza": pytest.approx(2 / 3),
        "Ben Lima": pytest.approx(2 / 3),
        "Cai Dias": pytest.approx(1 / 3),
    }
    top = s.misconceptions[0]
    assert (top.number, top.item, top.count, top.correction) == (29, "elementwise", 2, MATMUL_FINDING.detail)
    assert top.examples == ("element-wise multiplication",)
    assert [q.number for q in s.most_missed] == [29, 5, 10]
    assert [(f.student, f.reasons) for f in s.need_help] == [
        ("Cai Dias", ("score 33%", "2 of 3 answers missing or incorrect"))
    ]
    assert [(d.students, d.questions) for d in s.duplicates] == [(("Ana Souza", "Ben Lima"), (5, 10))]
    assert s.least_sure[0].number == 10 and s.least_sure[0].unsure == 3
    assert s.failed == (("c.csv#row9", "c.csv#row9: this row has 5 cells — export again"),)


def test_quotes_are_anonymised() -> None:
    store, run = class_store()
    subs = store.submissions(run)
    scrub = class_summary._scrubber(subs)
    assert class_summary._quote("Ana thinks Ben (ben@example.edu) copied a banana", scrub) == (
        "[student] thinks [student] ([student]) copied a banana"
    )


def test_class_report_html_is_self_contained_and_escapes_student_text(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    store, run = class_store()
    subs = store.submissions(run)
    summary = class_report.summarise("week4 <b>", subs)
    paths = class_report.write_class_report(summary, tmp_path)
    assert [p.name for p in paths] == ["week4-b-class-report.html", "week4-b-class-report.md"]
    page = paths[0].read_text()
    assert page.count("<svg") == 2 and "<script" not in page and "src=" not in page
    assert "week4 &lt;b&gt;" in page
    assert page.index("Most common misconceptions") < page.index("2 students")
    md = paths[1].read_text()
    assert (
        "- **Q29: elementwise** — 2 students. Correction: @ is matrix multiplication; element-wise is *" in md
    )
    assert "- Ana Souza and Ben Lima: questions 5, 10" in md


# ─── gradebook ──────────────────────────────────────────────────────────────


def test_plain_export_round_trips_what_is_stored() -> None:
    store, run = class_store()
    subs = store.submissions(run)
    answer = next(a for a in subs[2].answers if a.question_id == "broadcasting")
    store.edit_answer(answer.id, score=0.5)
    subs = store.submissions(run)
    text, warnings = gradebook.export(subs, "plain", points=30)
    rows = gradebook.read_plain(text)
    assert list(rows[0]) == ["student", "email", "total", "rank-3", "broadcasting", "matmul-operator"]
    for row, s in zip(rows, subs, strict=True):
        assert row["student"] == (s.student or s.source) and row["email"] == s.email
        if s.status == "graded":
            assert float(row["total"]) == pytest.approx(30 * s.score, abs=0.005)
            for a in s.answers:
                assert float(row[a.question_id]) == pytest.approx(10 * a.score, abs=0.005)
        else:
            assert row["total"] == ""
    assert rows[2]["broadcasting"] == "5"
    assert warnings == [
        "1 submission(s) could not be graded and have no grade: c.csv#row9 — fix them and grade the run again"
    ]


def test_lms_formats() -> None:
    store, run = class_store()
    subs = [s for s in store.submissions(run) if s.status == "graded"]
    canvas, warnings = gradebook.export(subs, "canvas", points=10, title="Week 4")
    assert all("type their e-mail into the exported file" in w for w in warnings if "no e-mail" in w)
    assert canvas.splitlines()[:3] == [
        "Student,ID,SIS User ID,SIS Login ID,Section,Week 4",
        "Points Possible,,,,,10",
        '"Souza, Ana",,,ana@example.edu,,6.67',
    ]
    moodle, _ = gradebook.export(subs, "moodle", points=10, title="Week 4")
    assert moodle.splitlines()[:2] == [
        "First name,Last name,Email address,Week 4",
        "Ana,Souza,ana@example.edu,6.67",
    ]
    # files from Moodle's "Download all submissions" keep each participant's id: the assignment's grading worksheet,
    # which Moodle matches by it (a student with no e-mail had no way to be matched)
    from dataclasses import replace

    worksheet, warnings = gradebook.export([replace(s, lms_id=str(1000 + n)) for n, s in enumerate(subs)], "moodle",
                                           points=10, title="Week 4")
    assert worksheet.splitlines()[:2] == ["Identifier,Full name,Email address,Grade,Maximum grade",
                                          "Participant 1000,Ana Souza,ana@example.edu,6.67,10"]
    assert not any("no e-mail" in w for w in warnings)
    classroom, _ = gradebook.export(subs, "classroom", points=10, title="Week 4")
    assert list(csv.reader(io.StringIO(classroom)))[3] == ["cai@example.edu", "Cai", "Dias", "3.33"]


def test_released_only_and_bad_points() -> None:
    store, run = class_store()
    subs = store.submissions(run)
    store.release(subs[0].id)
    text, warnings = gradebook.export(store.submissions(run), "plain", released_only=True)
    assert len(text.splitlines()) == 2 and warnings == []
    _, warnings = gradebook.export([s for s in subs if not s.released], "plain", released_only=True)
    assert warnings == [
        "no submission is released yet — release them in the review app, or drop --released-only"
    ]
    with pytest.raises(Exception, match="--points must be more than 0"):
        gradebook.export(subs, "plain", points=0)


def test_answers_many_students_share_are_not_copying() -> None:
    store = Store.memory()
    run = store.create_run("r")
    book = "Broadcasting stretches the smaller tensor to the shape of the larger one without copying data"
    book2 = "A rank three tensor has three axes such as a stack of grey images with rows and columns"
    for name in ("Ana", "Ben", "Cai", "Dee"):
        qs = [qreport("rank-3", "correct", 1.0, book2), qreport("broadcasting", "correct", 1.0, book)]
        store.save_graded(run, None, make_report(name, f"c#{name}", qs))
    assert class_report.summarise("r", store.submissions(run)).duplicates == ()


def test_a_dead_worker_pool_falls_back_to_grading_here() -> None:
    items = [batch.WorkItem(s.source, s) for s in (sub("Ana", "x"), sub("Ben", "y"))]
    summary = batch.grade_batch(items, Options(), grade=fake_grade, warm=dies_in_worker, workers=2)
    assert [o.status for o in summary.outcomes] == ["graded", "graded"]


def test_files_of_the_same_name_in_a_folder_per_student_are_each_their_own_submission(tmp_path: Path) -> None:
    """A class downloaded as a folder per student, each holding `homework.txt`: both were read under the one source
    "homework.txt", and the second student's results replaced the first's (one report written, "Graded 2 of 2")."""
    for who, answer in (("alice", "A rank-3 tensor has three axes."), ("bob", "It has three dimensions.")):
        (tmp_path / who).mkdir()
        (tmp_path / who / "homework.txt").write_text(f"5. What is meant by a 'rank-3 tensor'?\n{answer}\n",
                                                      encoding="utf-8")
    (tmp_path / "carol.txt").write_text("5. What is meant by a 'rank-3 tensor'?\nThree axes.\n", encoding="utf-8")
    paths = [tmp_path / "alice" / "homework.txt", tmp_path / "bob" / "homework.txt", tmp_path / "carol.txt"]
    items = batch.collect(paths)
    assert [item.source for item in items] == ["alice/homework.txt", "bob/homework.txt", "carol.txt"]
    said = [" ".join(line.text for line in item.submission.document) for item in items if item.submission]
    assert "three axes" in said[0] and "three dimensions" in said[1]
