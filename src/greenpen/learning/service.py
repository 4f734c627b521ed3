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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..domain import Judgement, Pack, Question
from ..errors import GreenpenError, StoreError
from ..store.db import Store, now, signals_json
from ..store.records import StoredAnswer, StoredSubmission
from .pack_changes import PackChange, apply_changes, base_pack_text, changed_pack
from .propagate import RANK, Answer, Encode, Learned, Move, learn


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


# ─── the run's pack ─────────────────────────────────────────────────────────


def pack_changes(store: Store, run_id: int) -> list[PackChange]:
    rows = store.db.query("SELECT * FROM pack_changes WHERE run_id = ? AND undone_at IS NULL ORDER BY id", [run_id])
    return [PackChange(id=r["id"], question_id=r["question_id"], kind=r["kind"], item_id=r["item_id"],
                       text=r["text"], correction=r["correction"] or "", example=r["example"] or "",
                       example_answer_id=r["example_answer_id"]) for r in rows]


def base_pack_name(store: Store, run_id: int) -> str:
    """The pack the run was graded with (its id or path)."""
    info = store.run(run_id)
    name = info.pack or store.run_options(run_id).get("pack") or ""
    if not name:
        packs = {s.pack for s in _graded(store, run_id) if s.pack}
        name = sorted(packs)[0] if packs else ""
    if not name:
        raise StoreError(f'run "{info.name}" has no pack yet — grade it first')
    return str(name)


def run_pack(store: Store, run_id: int) -> Pack:
    """The run's pack with the teacher's changes applied."""
    return changed_pack(base_pack_name(store, run_id), pack_changes(store, run_id))


def export_pack(store: Store, run_id: int) -> str:
    """The run's pack as YAML, with the key points and misconceptions the teacher added."""
    return apply_changes(base_pack_text(base_pack_name(store, run_id)), pack_changes(store, run_id))


def write_run_pack(store: Store, run_id: int, folder: Path) -> str | None:
    """Write the changed pack into `folder` and return its path, or None when the run has no
    changes (grade with the pack as it is)."""
    if not pack_changes(store, run_id):
        return None
    path = Path(folder) / f"run-{run_id}-pack.yaml"
    path.write_text(export_pack(store, run_id), encoding="utf-8")
    return str(path)


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
    pack = _pack_or_none(store, run_id)
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
            pid = _pk(store.db.table("propagations").insert({
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


def _pk(value: Any) -> int:
    return int(value)


def _next_batch(store: Store) -> int:
    row = next(store.db.query("SELECT coalesce(max(batch), 0) + 1 AS b FROM propagations"))
    return int(row["b"])


def _write_auto(store: Store, answer_id: int, verdict: str, score: float, feedback: str, stamp: str) -> None:
    row = store.db.table("answers").get(answer_id)
    store.db.table("answers").update(answer_id, {
        "auto_verdict": verdict, "auto_score": score, "auto_feedback": feedback, "needs_review": 1,
        "reviewed_at": None, "version": row["version"] + 1, "updated_at": stamp})


def _pack_or_none(store: Store, run_id: int) -> Pack | None:
    try:
        return run_pack(store, run_id)
    except GreenpenError:
        return None


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
    from ..grading.grader import reference_key_points

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


# ─── pack changes ───────────────────────────────────────────────────────────


def add_pack_change(store: Store, run_id: int, question_id: str, kind: str, text: str, *,
                    correction: str = "", example_answer_id: int | None = None) -> PackChange:
    """Add a key point or misconception (in plain words) to the run's pack and regrade the
    question for the whole class with it."""
    if kind not in ("key_point", "misconception"):
        raise StoreError(f'unknown change "{kind}" — add a key_point or a misconception')
    text = " ".join(text.split())
    if not text:
        raise StoreError("write the key point or misconception in a few words")
    if kind == "misconception" and not correction.strip():
        raise StoreError("say what is right instead (the correction the student will read)")
    example = ""
    if example_answer_id is not None:
        rows = list(store.db.table("answers").rows_where("id = ?", [example_answer_id]))
        if not rows:
            raise StoreError(f"no answer {example_answer_id} — reload the page")
        example = rows[0]["answer"] or ""
    pack = run_pack(store, run_id)
    try:
        pack.question(question_id)
    except KeyError:
        raise StoreError(f'the run\'s pack has no question "{question_id}"') from None
    taken = {c.item_id for c in pack_changes(store, run_id)}
    prefix = "teacher-point" if kind == "key_point" else "teacher-misconception"
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    row = {"run_id": run_id, "question_id": question_id, "kind": kind, "item_id": f"{prefix}-{n}",
           "text": text, "correction": " ".join(correction.split()), "example_answer_id": example_answer_id,
           "example": example, "created_at": now()}
    change_id = _pk(store.db.table("pack_changes").insert(row).last_pk)
    regrade_question(store, run_id, question_id)
    return next(c for c in pack_changes(store, run_id) if c.id == change_id)


def undo_pack_change(store: Store, run_id: int, change_id: int) -> None:
    rows = list(store.db.table("pack_changes").rows_where("id = ? AND run_id = ?", [change_id, run_id]))
    if not rows:
        raise StoreError(f"no pack change {change_id} in this run — reload the page")
    store.db.table("pack_changes").update(change_id, {"undone_at": now()})
    regrade_question(store, run_id, rows[0]["question_id"])


def regrade_question(store: Store, run_id: int, question_id: str) -> int:
    """Grade one question of every submission again with the run's (changed) pack; the
    teacher's columns are kept, changed automatic results are flagged. Returns how many changed."""
    from ..feedback import write_question_feedback
    from ..grading.grader import AnswerInput, grade_many

    pack = run_pack(store, run_id)
    q = pack.question(question_id)
    members = [(s, a) for s in _graded(store, run_id) for a in s.answers if a.question_id == question_id]
    if not members:
        return 0
    embedder = store.run_options(run_id).get("embedder") or "use"
    run_code = bool(store.run_options(run_id).get("run_code", True))
    judgements = grade_many([AnswerInput(q, a.answer) for _, a in members], embedder=embedder,
                            run_code=run_code)
    stamp = now()
    changed = 0
    with store.db.atomic():
        # What earlier learning did on this question no longer applies to the new results.
        store.db.execute("UPDATE propagations SET undone_at = ?, undone_by = 'regrade' WHERE run_id = ? "
                         "AND question_id = ? AND undone_at IS NULL", [stamp, run_id, question_id])
        for (s, a), j in zip(members, judgements, strict=True):
            j = _with_example_misconceptions(store, run_id, q, a, j)
            j = _no_fall_without_evidence(a, j)
            feedback = write_question_feedback(q, j, a.answer, pack=pack, student=s.student or s.source)
            row = store.db.table("answers").get(a.id)
            differs = (row["auto_verdict"], round(row["auto_score"] or 0.0, 2)) != (j.verdict, round(j.score, 2))
            update: dict[str, Any] = {
                "auto_verdict": j.verdict, "auto_score": j.score, "auto_confidence": j.confidence,
                "auto_feedback": feedback, "auto_signals": signals_json(j.signals), "version": row["version"] + 1,
                "updated_at": stamp}
            if differs:
                changed += 1
                update.update(changed=1, needs_review=1, previous_verdict=row["auto_verdict"],
                              previous_score=row["auto_score"], reviewed_at=None)
            store.db.table("answers").update(a.id, update)
            store.db.execute("DELETE FROM findings WHERE answer_id = ?", [a.id])
            store.db.table("findings").insert_all(
                ({"answer_id": a.id, "position": i, "kind": f.kind, "item": f.id, "evidence": f.evidence,
                  "detail": f.detail, "weight": f.weight, "strength": f.strength}
                 for i, f in enumerate(j.findings)), batch_size=200)
    return changed


def after_regrade(store: Store, run_id: int, *, learn_too: bool = False) -> str:
    """After `greenpen regrade`: find the teacher's plain-words misconceptions again (they have
    no cues for the grader, only their example) and, with `learn_too`, learn from the
    teacher's verdicts. Returns a line for the terminal ("" when there is nothing to say)."""
    questions = sorted({c.question_id for c in pack_changes(store, run_id) if c.kind == "misconception"})
    for q in questions:
        regrade_question(store, run_id, q)
    return summary(learn_run(store, run_id)).capitalize() + "." if learn_too else ""


EVIDENCE = frozenset({"misconception", "code_wrong", "code_error", "off_topic", "self_contradiction"})


def _no_fall_without_evidence(a: StoredAnswer, j: Judgement) -> Judgement:
    """`incorrect` needs evidence: a key point the teacher added can make an answer that does
    not state it partial, but not incorrect unless something wrong was found."""
    before = RANK.get(a.auto_verdict)
    if j.verdict != "incorrect" or before is None or before <= RANK["incorrect"]:
        return j
    if any(f.kind in EVIDENCE for f in j.findings):
        return j
    return replace(j, verdict="partial", score=max(j.score, 0.3))


MISCONCEPTION_LIKE_AT = 0.8
"""Cosine from which an answer says the same as the example a teacher's misconception came from."""


def _with_example_misconceptions(store: Store, run_id: int, q: Question, a: StoredAnswer,
                                 j: Judgement) -> Judgement:
    """A misconception the teacher wrote in plain words has no cues to find it by, so it is
    found by its example: the answer it came from, and answers close in meaning to it."""
    from ..domain import Finding
    from ..grading.embed import get_embedder

    mine = [c for c in pack_changes(store, run_id) if c.question_id == q.id and c.kind == "misconception"
            and c.example.strip()]
    if not mine or not a.answer.strip() or any(f.kind == "misconception" and f.id == c.item_id
                                                 for f in j.findings for c in mine):
        return j
    name = store.run_options(run_id).get("embedder") or "use"
    try:
        enc = get_embedder(name)
        vectors = enc.encode([a.answer, *[c.example for c in mine]])
        sims = [float(vectors[0] @ v) for v in vectors[1:]]
    except GreenpenError:
        sims = [1.0 if a.answer.strip() == c.example.strip() else 0.0 for c in mine]
    hits = [c for c, sim in zip(mine, sims, strict=True)
            if sim >= MISCONCEPTION_LIKE_AT or a.answer.strip() == c.example.strip()]
    if not hits:
        return j
    findings = j.findings + tuple(
        Finding(kind="misconception", id=c.item_id, evidence=a.answer.strip()[:140], detail=c.correction,
                strength=1.0) for c in hits)
    verdict = "partial" if j.verdict == "correct" else j.verdict
    score = min(j.score, 0.6) if verdict == "partial" else j.score
    return replace(j, findings=findings, verdict=verdict, score=round(score, 2))


def summary(result: LearnResult) -> str:
    """One line for the CLI and the review app."""
    n = len(result.moved)
    questions = len({p.question_id for p in result.moved})
    text = (f"greenpen regraded {n} answer{'s' * (n != 1)} on {questions} question{'s' * (questions != 1)} "
            "from your verdicts") if n else "nothing to regrade from your verdicts"
    if result.reverted:
        text += f"; {result.reverted} earlier change{'s' * (result.reverted != 1)} went back"
    return text
