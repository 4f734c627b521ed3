"""The SQLite store: exact schema, idempotent migrations, the teacher's edits winning and surviving."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenpen.domain import Submission
from greenpen.errors import StoreError
from greenpen.store.db import StaleEdit, Store, student_key, submission_from_json, submission_to_json
from greenpen.store.migrations import applied, migrate, schema
from tests.class_fixtures import MATMUL_FINDING, make_report, qreport

pytest.importorskip("sqlite_utils")

EXPECTED_SCHEMA = {
    "_sqlite_migrations": {"id": int, "migration_set": str, "name": str, "applied_at": str},
    "students": {"id": int, "key": str, "name": str, "email": str, "created_at": str},
    "runs": {"id": int, "name": str, "pack": str, "options": str, "created_at": str, "updated_at": str},
    "submissions": {
        "id": int,
        "run_id": int,
        "student_id": int,
        "source": str,
        "format": str,
        "status": str,
        "error": str,
        "pack": str,
        "input_hash": str,
        "pack_hash": str,
        "submission_json": str,
        "report_json": str,
        "auto_score": float,
        "manual_score": float,
        "overall_auto": str,
        "overall_manual": str,
        "released": int,
        "released_at": str,
        "graded_at": str,
        "seconds": float,
        "version": int,
        "updated_at": str,
    },
    "answers": {
        "id": int,
        "submission_id": int,
        "question_id": str,
        "number": int,
        "question": str,
        "answer": str,
        "auto_verdict": str,
        "auto_score": float,
        "auto_confidence": float,
        "auto_feedback": str,
        "manual_verdict": str,
        "manual_score": float,
        "manual_feedback": str,
        "needs_review": int,
        "changed": int,
        "previous_verdict": str,
        "previous_score": float,
        "reviewed_at": str,
        "version": int,
        "updated_at": str,
        "auto_signals": str,
        "note": str,
        "in_file": int,
    },
    "findings": {
        "id": int,
        "answer_id": int,
        "position": int,
        "kind": str,
        "item": str,
        "evidence": str,
        "detail": str,
        "weight": float,
        "strength": float,
    },
    "edits": {
        "id": int,
        "submission_id": int,
        "answer_id": int,
        "field": str,
        "old_value": str,
        "new_value": str,
        "created_at": str,
        "undone_at": str,
    },
    "propagations": {
        "id": int, "run_id": int, "batch": int, "answer_id": int, "question_id": str, "rule": str,
        "reason": str, "example_answer_id": int, "old_verdict": str, "old_score": float,
        "old_feedback": str, "new_verdict": str, "new_score": float, "created_at": str,
        "undone_at": str, "undone_by": str,
    },
    "pack_changes": {
        "id": int, "run_id": int, "question_id": str, "kind": str, "item_id": str, "text": str,
        "correction": str, "example_answer_id": int, "example": str, "created_at": str,
        "undone_at": str,
    },
}


def dana(**answers: tuple[str, float]) -> object:
    qs = [qreport(qid, verdict, score, f"answer to {qid}") for qid, (verdict, score) in answers.items()]
    return make_report("Dana K.", "class.csv#row2", qs)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "greenpen.db")


def test_blank_database_gets_the_exact_schema(store: Store) -> None:
    got = schema(store.db)
    assert {name: dict(cols) for name, cols in got.items()} == EXPECTED_SCHEMA
    assert [list(c) for c in got.values()] == [
        list(c) for c in (EXPECTED_SCHEMA[n] for n in got)
    ]  # column order
    assert sorted(store.db.view_names()) == ["answer_results", "asked_questions", "submission_results"]
    assert applied(store.db) == ["m001_initial", "m002_learning", "m003_signals", "m004_note", "m005_set_questions",
                                  "m006_in_file"]


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    first = Store.open(path)
    before = schema(first.db)
    migrate(first.db)
    migrate(first.db)
    first.close()
    again = Store.open(path)
    assert schema(again.db) == before
    assert applied(again.db) == ["m001_initial", "m002_learning", "m003_signals", "m004_note", "m005_set_questions",
                                  "m006_in_file"]


def test_signals_are_stored_with_the_automatic_result(store: Store) -> None:
    run = store.create_run("week4", "fake")
    q = replace(qreport("rank-3", "partial", 0.5, "answer"), signals=(("coverage", 0.42), ("p_correct", -1.0)))
    sid = store.save_graded(run, None, make_report("Dana K.", "dana.md", [q]))
    (answer,) = store.submission(sid).answers
    assert answer.signals == (("coverage", 0.42), ("p_correct", -1.0))
    store.save_graded(run, None, make_report("Dana K.", "dana.md", [replace(q, signals=())]))
    assert store.submission(sid).answers[0].signals == ()


def test_a_note_in_place_of_an_answer_is_stored_and_reported(store: Store) -> None:
    """"(skipped, no time)" is not graded, and the teacher sees it in the review app and in the stored report."""
    run = store.create_run("week4", "fake")
    q = replace(qreport("rank-3", "missing", 0.0, ""), note="(skipped, no time)")
    sid = store.save_graded(run, None, make_report("Dana K.", "dana.md", [q]))
    assert store.submission(sid).answers[0].note == "(skipped, no time)"
    assert store.report(sid).questions[0].note == "(skipped, no time)"


def test_manual_score_wins_and_survives_a_regrade(store: Store) -> None:
    run = store.create_run("week4", "fake")
    sid = store.save_graded(run, None, dana(**{"rank-3": ("correct", 1.0), "broadcasting": ("partial", 0.5)}))
    answer = next(a for a in store.submission(sid).answers if a.question_id == "broadcasting")
    store.edit_answer(answer.id, score=1.0, feedback="Spot on, Dana.")
    assert store.submission(sid).score == 1.0  # mean of the final scores: manual wins

    store.save_graded(run, None, dana(**{"rank-3": ("correct", 1.0), "broadcasting": ("incorrect", 0.0)}))
    after = next(a for a in store.submission(sid).answers if a.question_id == "broadcasting")
    assert (after.score, after.feedback, after.auto_score, after.auto_verdict) == (
        1.0,
        "Spot on, Dana.",
        0.0,
        "incorrect",
    )
    assert after.verdict == "incorrect"  # the teacher changed the score, not the verdict
    assert [q.feedback for q in store.report(sid).questions] == ["fb rank-3", "Spot on, Dana."]


def test_regrade_flags_answers_whose_automatic_result_changed(store: Store) -> None:
    run = store.create_run("week4")
    sid = store.save_graded(run, None, dana(**{"rank-3": ("correct", 1.0), "broadcasting": ("partial", 0.5)}))
    assert not any(a.changed for a in store.submission(sid).answers)
    store.save_graded(run, None, dana(**{"rank-3": ("correct", 1.0), "broadcasting": ("incorrect", 0.0)}))
    by_id = {a.question_id: a for a in store.submission(sid).answers}
    assert (
        by_id["broadcasting"].changed,
        by_id["broadcasting"].previous_verdict,
        by_id["broadcasting"].previous_score,
        by_id["broadcasting"].needs_review,
    ) == (True, "partial", 0.5, True)
    assert (by_id["rank-3"].changed, by_id["rank-3"].needs_review) == (False, False)
    flags = "SELECT question_id, needs_review FROM answer_results WHERE submission_id = ? ORDER BY question_id"
    assert store.db.execute(flags, [sid]).fetchall() == [("broadcasting", 1), ("rank-3", 0)]  # for SQL users
    reviewed = store.mark_reviewed(by_id["broadcasting"].id)
    assert (reviewed.changed, reviewed.needs_review) == (False, False)
    assert store.db.execute(flags, [sid]).fetchall() == [("broadcasting", 0), ("rank-3", 0)]


def test_saved_report_loads_back_unchanged(store: Store) -> None:
    run = store.create_run("r")
    report = make_report(
        "Ana",
        "ana.md",
        [
            qreport("broadcasting", "partial", 0.5, "smaller one is stretched", 0.7),
            qreport(
                "matmul-operator", "incorrect", 0.0, "element-wise multiplication", 0.8, (MATMUL_FINDING,)
            ),
        ],
    )
    assert store.report(store.save_graded(run, None, report)) == report


@settings(max_examples=25, deadline=None)
@given(
    scores=st.lists(
        st.tuples(
            st.sampled_from(["correct", "partial", "incorrect", "missing", "unassessable"]),
            st.floats(0, 1),
            st.floats(0, 1),
            st.text(max_size=40),
        ),
        min_size=3,
        max_size=3,
    )
)
def test_store_then_load_is_lossless(scores: list[tuple[str, float, float, str]]) -> None:
    store = Store.memory()
    qs = [
        qreport(qid, v, s, text, c)
        for qid, (v, s, c, text) in zip(["rank-3", "broadcasting", "matmul-operator"], scores, strict=True)
    ]
    report = make_report("Zé", "z.md", qs)
    loaded = store.report(store.save_graded(store.create_run("r"), None, report))
    assert loaded.questions == report.questions
    assert 0.0 <= store.submission(1).score <= 1.0


def test_same_student_across_runs(store: Store) -> None:
    a = store.ensure_student("Bruno Lima", "Bruno.Lima@example.edu")
    assert store.ensure_student("Bruno", "bruno.lima@example.edu ") == a
    assert store.ensure_student("bruno  lima", "") == a  # only one Bruno Lima known: the same person
    assert store.ensure_student("", "") is None
    assert student_key("X Y", "") == "name:x y"


def test_stale_edit_is_refused(store: Store) -> None:
    sid = store.save_graded(store.create_run("r"), None, dana(**{"rank-3": ("correct", 1.0)}))
    answer = store.submission(sid).answers[0]
    store.edit_answer(answer.id, feedback="first tab", expected_version=answer.version)
    with pytest.raises(StaleEdit, match="changed since you opened it .* reload it and make your edit again"):
        store.edit_answer(answer.id, feedback="second tab", expected_version=answer.version)


def test_undo_the_last_edit(store: Store) -> None:
    sid = store.save_graded(store.create_run("r"), None, dana(**{"rank-3": ("partial", 0.5)}))
    answer = store.submission(sid).answers[0]
    store.edit_answer(answer.id, score=0.75)
    store.edit_submission(sid, overall="Good work overall.")
    assert store.submission(sid).overall == "Good work overall."
    undone = store.undo_last_edit(submission_id=sid)
    assert undone is not None and undone.field == "overall_manual"
    assert store.submission(sid).overall == "Overall for Dana K.."
    store.undo_last_edit(submission_id=sid)
    assert store.submission(sid).answers[0].manual_score is None
    assert store.undo_last_edit(submission_id=sid) is None
    assert store.edits(sid) == []


def test_edits_are_validated(store: Store) -> None:
    sid = store.save_graded(store.create_run("r"), None, dana(**{"rank-3": ("partial", 0.5)}))
    aid = store.submission(sid).answers[0].id
    with pytest.raises(StoreError, match="give a score between 0 and 1"):
        store.edit_answer(aid, score=2)
    with pytest.raises(StoreError, match='unknown verdict "great" — use one of: correct, partial'):
        store.edit_answer(aid, verdict="great")


def test_release_and_failed_submissions(store: Store) -> None:
    run = store.create_run("r")
    sid = store.save_graded(run, None, dana(**{"rank-3": ("correct", 1.0)}))
    store.save_failed(run, "class.csv#row9", "class.csv#row9: this row has 3 cells — export again")
    assert [s.source for s in store.submissions(run, released_only=True)] == []
    store.release(sid)
    assert [s.source for s in store.submissions(run, released_only=True)] == ["class.csv#row2"]
    info = store.run("r")
    assert (info.submissions, info.graded, info.failed, info.released) == (2, 1, 1, 1)


def test_run_errors_say_what_to_do(store: Store) -> None:
    store.create_run("week4")
    with pytest.raises(StoreError, match='no run called "week5" in .* — known runs: week4'):
        store.run("week5")
    with pytest.raises(StoreError, match="already exists — choose another --run name"):
        store.create_run("week4")


def test_open_refuses_what_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("hello, this is not sqlite " * 50)
    with pytest.raises(StoreError, match="is not a greenpen database .* choose another file with --db"):
        Store.open(bad)
    with pytest.raises(StoreError, match="is a folder — give a file name for --db"):
        Store.open(tmp_path)


def test_submission_json_round_trip() -> None:
    from greenpen.domain import RawAnswer

    sub = Submission(
        "a.csv#row2",
        "csv",
        (RawAnswer("Q1", "text", "text", 1, ("draw.png",), ("mojibake",)),),
        "Ana",
        "ana@x",
        extra=("Timestamp: now",),
    )
    assert submission_from_json(submission_to_json(sub)) == sub


def test_a_class_is_scored_on_the_questions_it_was_asked(store: Store) -> None:
    run = store.create_run("r")
    one = store.save_graded(
        run,
        None,
        make_report(
            "Ana",
            "c.csv#row2",
            [
                qreport("rank-3", "correct", 1.0, "3 axes"),
                qreport("broadcasting", "missing", 0.0),
                qreport("matmul-operator", "missing", 0.0),
            ],
        ),
    )
    assert store.submission(one).score == pytest.approx(1 / 3)  # one student: every question counts
    store.save_graded(
        run,
        None,
        make_report(
            "Ben",
            "c.csv#row3",
            [
                qreport("rank-3", "partial", 0.5, "3D"),
                qreport("broadcasting", "correct", 1.0, "stretching"),
                qreport("matmul-operator", "missing", 0.0),
            ],
        ),
    )
    ana = store.submission(one)
    assert [a.question_id for a in ana.answers] == ["rank-3", "broadcasting"]  # nobody was asked Q29
    assert ana.score == pytest.approx(0.5)
    assert [q.id for q in store.report(one).questions] == ["rank-3", "broadcasting"]


def test_one_save_of_a_verdict_and_its_score_is_undone_at_once(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review app saves a verdict and its score together: one undo takes both back (the first undo left "partial
    90%", a verdict and a score that disagree, until a second one). A save made later is undone on its own."""
    from greenpen.store import db as db_module

    sid = store.save_graded(store.create_run("r"), None, dana(**{"rank-3": ("partial", 0.38)}))
    aid = store.submission(sid).answers[0].id
    monkeypatch.setattr(db_module, "now", lambda: "2024-03-15T10:00:00.000001+00:00")
    store.edit_answer(aid, verdict="correct", score=0.9)
    monkeypatch.setattr(db_module, "now", lambda: "2024-03-15T10:05:00.000001+00:00")
    store.edit_answer(aid, feedback="Well argued.")
    store.undo_last_edit(submission_id=sid)
    kept = store.submission(sid).answers[0]
    assert (kept.manual_verdict, kept.manual_score, kept.manual_feedback) == ("correct", 0.9, None)
    store.undo_last_edit(submission_id=sid)
    back = store.submission(sid).answers[0]
    assert (back.manual_verdict, back.manual_score, back.verdict) == (None, None, "partial")


def test_a_rewritten_answer_sent_again_loses_the_teachers_verdict_on_the_old_words(store: Store) -> None:
    """The teacher marked Dana's answer incorrect; she sends the file again with the answer rewritten: the new words
    are graded on their own and flagged for review, and the old verdict stays in the edit log (undo brings it back).
    It had stayed on the new answer, unflagged, and the gradebook kept it. An answer sent again unchanged keeps it."""
    run = store.create_run("r")
    sid = store.save_graded(run, None, dana(**{"rank-3": ("correct", 0.94)}))
    aid = store.submission(sid).answers[0].id
    store.edit_answer(aid, verdict="incorrect", score=0.0, feedback="This describes underfitting.")
    store.save_graded(run, None, dana(**{"rank-3": ("correct", 0.94)}))  # the same words: the edit stays
    assert store.submission(sid).answers[0].verdict == "incorrect"
    rewritten = make_report("Dana K.", "class.csv#row2", [qreport("rank-3", "correct", 0.94, "a tensor with 3 axes")])
    store.save_graded(run, None, rewritten)
    answer = store.submission(sid).answers[0]
    assert (answer.verdict, answer.score, answer.manual_feedback) == ("correct", 0.94, None)
    assert answer.needs_review
    store.undo_last_edit(submission_id=sid)
    assert store.submission(sid).answers[0].verdict == "incorrect"
