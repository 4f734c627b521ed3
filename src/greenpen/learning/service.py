"""Learning over a stored run: what the review app, `greenpen regrade --learn` and the tests call.

    result = learn_run(store, run_id)                  # every question
    result = learn_run(store, run_id, questions={"q5"})
    undo_propagation(store, propagation_id)            # one answer back, and not proposed again
    undo_question(store, run_id, "q5")                 # everything learned on Q5 back
    add_pack_change(store, run_id, "q5", "key_point", "The rank is the number of axes",
                    example_answer_id=12)              # stored, then Q5 regraded for the class
    text = export_pack(store, run_id)                  # the run's pack with the changes, as YAML

A propagated verdict is greenpen's (automatic) result, informed by the teacher: it is written
to the answer's `auto_*` columns, with a `propagations` row that remembers the result before,
the rule, the reason and the teacher-graded answer it follows. The teacher's own columns
(`manual_*`) are never written here, and an answer the teacher edited in any way is never
moved; an answer the teacher approved is not moved either, and counts as their decision
(with greenpen's verdict). Learning again replaces what the last pass learned (never
compounds it), and an undone propagation is not proposed again.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..domain import Judgement, Pack, Question
from ..errors import GreenpenError, StoreError
from ..store.db import Store, now
from ..store.records import StoredAnswer, StoredSubmission
from ..store.rows import pk
from .propagate import RANK, Answer, Encode, Learned, Move, learn
from .run_pack import (
    add_pack_change,
    base_pack_name,
    export_pack,
    pack_changes,
    pack_or_none,
    regrade_question,
    run_pack,
    undo_pack_change,
    write_run_pack,
)

__all__ = [
    "LearnResult",
    "Propagation",
    "active_propagations",
    "add_pack_change",
    "after_regrade",
    "base_pack_name",
    "export_pack",
    "learn_run",
    "pack_changes",
    "regrade_question",
    "run_pack",
    "summary",
    "undo_pack_change",
    "undo_propagation",
    "undo_question",
    "write_run_pack",
]


@dataclass(frozen=True)
class Propagation:
    """A verdict greenpen propagated from the teacher's decisions (a `propagations` row)."""

    id: int
    batch: int
    answer_id: int
    question_id: str
    rule: str
    reason: str
    example_answer_id: int | None
    old_verdict: str
    old_score: float
    new_verdict: str
    new_score: float
    created_at: str


@dataclass(frozen=True)
class LearnResult:
    """What one learning pass did."""

    batch: int
    moved: tuple[Propagation, ...]
    """Answers whose verdict changed in this pass."""
    reverted: int
    """Answers an earlier pass had moved that no longer follow any decision (back to greenpen's own)."""
    learned: Learned


# ─── reading ────────────────────────────────────────────────────────────────


def _propagation(row: dict[str, Any]) -> Propagation:
    return Propagation(
        id=row["id"], batch=row["batch"], answer_id=row["answer_id"], question_id=row["question_id"],
        rule=row["rule"], reason=row["reason"] or "", example_answer_id=row["example_answer_id"],
        old_verdict=row["old_verdict"] or "", old_score=row["old_score"] or 0.0,
        new_verdict=row["new_verdict"] or "", new_score=row["new_score"] or 0.0, created_at=row["created_at"],
    )


def active_propagations(store: Store, run_id: int, question_id: str | None = None) -> dict[int, Propagation]:
    """answer id → the propagation that currently sets its automatic result."""
    where = "run_id = ? AND undone_at IS NULL"
    params: list[Any] = [run_id]
    if question_id is not None:
        where, params = where + " AND question_id = ?", [*params, question_id]
    rows = store.db.query(f"SELECT * FROM propagations WHERE {where} ORDER BY id", params)
    return {r["answer_id"]: _propagation(r) for r in rows}


def _rejected(store: Store, run_id: int) -> set[tuple[int, str]]:
    """(answer id, verdict) pairs the teacher undid: never proposed again."""
    rows = store.db.query(
        "SELECT answer_id, new_verdict FROM propagations WHERE run_id = ? AND undone_by = 'teacher'", [run_id])
    return {(r["answer_id"], r["new_verdict"]) for r in rows}


def _graded(store: Store, run_id: int) -> list[StoredSubmission]:
    return store.submissions(run_id, graded_only=True)


# ─── learning ───────────────────────────────────────────────────────────────


def _edited(a: StoredAnswer) -> bool:
    return (a.manual_verdict, a.manual_score, a.manual_feedback) != (None, None, None)


def _approved(a: StoredAnswer) -> bool:
    """The teacher approved the answer's result (and no re-grade changed it since)."""
    return bool(a.reviewed_at) and not a.changed


def learn_run(store: Store, run_id: int, *, questions: Collection[str] | None = None,
              embedder: str | None = None, wait_for_model: bool = True) -> LearnResult:
    """Learn from every teacher verdict in the run and regrade the unedited answers of
    `questions` (all when None). Returns what moved.

    With `wait_for_model=False` (the review app, where a click must answer at once) an
    embedder that is not loaded yet starts loading in the background, and this pass compares
    answers by their exact words only."""
    subs = _graded(store, run_id)
    active = active_propagations(store, run_id)
    rejected = _rejected(store, run_id)
    stamp = now()
    batch = _next_batch(store)
    base: dict[int, tuple[str, float, str]] = {}
    stale: list[int] = []
    answers: list[Answer] = []
    names: dict[int, str] = {}
    for s in subs:
        for a in s.answers:
            names[a.id] = s.name
            verdict, score, feedback = a.auto_verdict, a.auto_score, a.auto_feedback
            p = active.get(a.id)
            if p is not None:
                if (a.auto_verdict, round(a.auto_score, 2)) == (p.new_verdict, round(p.new_score, 2)):
                    row = store.db.table("propagations").get(p.id)
                    verdict, score, feedback = p.old_verdict, p.old_score, row["old_feedback"] or feedback
                else:  # re-graded since: greenpen's fresh result is the base
                    stale.append(p.id)
                    active.pop(a.id)
            base[a.id] = (verdict, score, feedback)
            teacher = a.manual_verdict if a.manual_verdict in RANK else None
            if _approved(a) and a.verdict in RANK:
                teacher = a.verdict  # approving is agreeing: a decision, with greenpen's verdict
            answers.append(Answer(
                key=a.id, question_id=a.question_id, text=a.answer, verdict=verdict, score=score,
                confidence=a.confidence, findings=a.findings, signals=a.signals, student=s.name,
                teacher_verdict=teacher, teacher_score=a.manual_score))
    frozen = {a.id for s in subs for a in s.answers if _edited(a) or _approved(a)}
    name = embedder or store.run_options(run_id).get("embedder") or "use"
    learned = learn(answers, _encoder(name, wait_for_model))
    wanted = set(questions) if questions is not None else None
    moves = {m.key: m for m in learned.moves
             if m.key not in frozen and (m.key, m.verdict) not in rejected
             and (wanted is None or m.question_id in wanted)}
    by_id = {a.id: (s, a) for s in subs for a in s.answers}
    pack = pack_or_none(store, run_id)
    moved: list[Propagation] = []
    reverted = 0
    with store.db.atomic():
        if stale:
            store.db.execute(
                f"UPDATE propagations SET undone_at = ?, undone_by = 'regrade' WHERE id IN "
                f"({','.join('?' * len(stale))})", [stamp, *stale])
        for answer_id, p in active.items():
            if wanted is not None and p.question_id not in wanted:
                continue
            m = moves.get(answer_id)
            if m is not None and (m.verdict, round(m.score, 2)) == (p.new_verdict, round(p.new_score, 2)):
                moves.pop(answer_id)  # learned again, unchanged
                continue
            store.db.table("propagations").update(p.id, {"undone_at": stamp, "undone_by": "relearn"})
            if m is None and answer_id not in frozen:
                verdict, score, feedback = base[answer_id]
                _write_auto(store, answer_id, verdict, score, feedback, stamp)
                reverted += 1
        for answer_id, m in moves.items():
            s, a = by_id[answer_id]
            verdict, score, feedback = base[answer_id]
            new_feedback = _feedback(pack, a, s, m) or feedback
            _write_auto(store, answer_id, m.verdict, m.score, new_feedback, stamp)
            pid = pk(store.db.table("propagations").insert({
                "run_id": run_id, "batch": batch, "answer_id": answer_id, "question_id": m.question_id,
                "rule": m.rule, "reason": m.reason,
                "example_answer_id": m.example if isinstance(m.example, int) else None,
                "old_verdict": verdict, "old_score": score, "old_feedback": feedback,
                "new_verdict": m.verdict, "new_score": m.score, "created_at": stamp,
            }).last_pk)
            moved.append(_propagation(store.db.table("propagations").get(pid)))
    return LearnResult(batch, tuple(moved), reverted, learned)


_LOADING: dict[str, threading.Thread] = {}


def _encoder(name: str, wait: bool) -> Encode | None:
    """The embedder's encode function, or None when it cannot be had (now)."""
    from ..grading.embed import get_embedder, loaded_embedders

    if not wait and name not in {e.name for e in loaded_embedders()}:
        if name not in _LOADING:
            def load() -> None:
                try:
                    get_embedder(name)
                except GreenpenError:
                    pass

            _LOADING[name] = threading.Thread(target=load, name=f"load-{name}", daemon=True)
            _LOADING[name].start()
        return None
    try:
        return get_embedder(name).encode
    except GreenpenError:
        return None


def _next_batch(store: Store) -> int:
    row = next(store.db.query("SELECT coalesce(max(batch), 0) + 1 AS b FROM propagations"))
    return int(row["b"])


def _write_auto(store: Store, answer_id: int, verdict: str, score: float, feedback: str, stamp: str) -> None:
    row = store.db.table("answers").get(answer_id)
    store.db.table("answers").update(answer_id, {
        "auto_verdict": verdict, "auto_score": score, "auto_feedback": feedback, "needs_review": 1,
        "reviewed_at": None, "version": row["version"] + 1, "updated_at": stamp})


def _question(pack: Pack | None, question_id: str) -> Question | None:
    if pack is None:
        return None
    try:
        return pack.question(question_id)
    except KeyError:
        return None


def _feedback(pack: Pack | None, a: StoredAnswer, s: StoredSubmission, m: Move) -> str:
    """Feedback written again for the new verdict (the findings stay the evidence)."""
    q = _question(pack, a.question_id)
    if q is None:
        return ""
    from ..feedback import write_question_feedback
    from ..grading.reference_points import reference_key_points

    # the store keeps findings, not the rubric points they were graded against: the same points
    # the grader used (the question's own, or those drawn from its reference answer)
    j = Judgement(a.question_id, m.score, m.verdict, a.confidence, a.findings,  # type: ignore[arg-type]
                  key_points=q.key_points or reference_key_points(q))
    try:
        return write_question_feedback(q, j, a.answer, pack=pack, student=s.student or s.source)
    except Exception:  # noqa: BLE001 - the old feedback is kept when the writer cannot cope
        return ""


# ─── undo ───────────────────────────────────────────────────────────────────


def undo_propagation(store: Store, propagation_id: int) -> Propagation:
    """Put one answer back to greenpen's own result; the same verdict is not proposed again."""
    rows = list(store.db.table("propagations").rows_where("id = ?", [propagation_id]))
    if not rows:
        raise StoreError(f"no propagation {propagation_id} — reload the page")
    row = rows[0]
    p = _propagation(row)
    if row["undone_at"] is not None:
        return p
    with store.db.atomic():
        _write_auto(store, p.answer_id, p.old_verdict, p.old_score, row["old_feedback"] or "", now())
        store.db.table("propagations").update(p.id, {"undone_at": now(), "undone_by": "teacher"})
    return p


def undo_question(store: Store, run_id: int, question_id: str) -> int:
    """Undo every active propagation of one question; returns how many."""
    todo = list(active_propagations(store, run_id, question_id).values())
    for p in todo:
        undo_propagation(store, p.id)
    return len(todo)


def after_regrade(store: Store, run_id: int, *, learn_too: bool = False) -> str:
    """After `greenpen regrade`: find the teacher's plain-words misconceptions again (they have
    no cues for the grader, only their example) and, with `learn_too`, learn from the
    teacher's verdicts. Returns a line for the terminal ("" when there is nothing to say)."""
    questions = sorted({c.question_id for c in pack_changes(store, run_id) if c.kind == "misconception"})
    for q in questions:
        regrade_question(store, run_id, q)
    return summary(learn_run(store, run_id)).capitalize() + "." if learn_too else ""


def summary(result: LearnResult) -> str:
    """One line for the CLI and the review app."""
    n = len(result.moved)
    questions = len({p.question_id for p in result.moved})
    text = (f"greenpen regraded {n} answer{'s' * (n != 1)} on {questions} question{'s' * (questions != 1)} "
            "from your verdicts") if n else "nothing to regrade from your verdicts"
    if result.reverted:
        text += f"; {result.reverted} earlier change{'s' * (result.reverted != 1)} went back"
    return text
