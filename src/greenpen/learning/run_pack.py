"""The run's pack: the pack a run was graded with, plus the key points and misconceptions the
teacher added in plain words (`pack_changes` rows), and the class regraded on one question with it.

    add_pack_change(store, run_id, "q5", "key_point", "The rank is the number of axes",
                    example_answer_id=12)              # stored, then Q5 regraded for the class
    text = export_pack(store, run_id)                  # the run's pack with the changes, as YAML
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from ..domain import Judgement, Pack, Question
from ..errors import GreenpenError, StoreError
from ..store.db import Store, now, signals_json
from ..store.records import StoredAnswer
from ..store.rows import pk
from ..store.saving import insert_findings
from .pack_changes import PackChange, apply_changes, base_pack_text, changed_pack
from .propagate import RANK


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
        packs = {s.pack for s in store.submissions(run_id, graded_only=True) if s.pack}
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
    change_id = pk(store.db.table("pack_changes").insert(row).last_pk)
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
    graded = store.submissions(run_id, graded_only=True)
    members = [(s, a) for s in graded for a in s.answers if a.question_id == question_id]
    if not members:
        return 0
    embedder = store.run_options(run_id).get("embedder") or "use"
    run_code = bool(store.run_options(run_id).get("run_code", True))
    judgements = grade_many([AnswerInput(q, a.answer) for _, a in members], embedder=embedder,
                            run_code=run_code, course=pack.questions)
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
            insert_findings(store.db, a.id, j.findings)
    return changed


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


def pack_or_none(store: Store, run_id: int) -> Pack | None:
    try:
        return run_pack(store, run_id)
    except GreenpenError:
        return None
