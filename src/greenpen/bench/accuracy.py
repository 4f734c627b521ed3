"""Grading accuracy against human graders (`greenpen bench accuracy`).

    graded-answers CSV ─► BenchRow ─► Question(reference only) + answer
        ─► grader (batched) ─► Judgement ─► score vs human score/max, verdict ↦ corpus label
        ─► [optional: calibrate.py, fitted on another file's rows] ─► metrics

Graders: `greenpen` (the real grader, reference-only mode), `correctness` (the learned model
alone, a debugging aid) and `cosine` (reference–answer embedding cosine, the baseline).
Any callable taking a list of (Question, answer) pairs and returning Judgements will do.
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..domain import Finding, Judgement, Question
from ..errors import InputError
from . import metrics as M

GradeMany = Callable[[Sequence[tuple[Question, str]]], list[Judgement]]
GRADERS = ("greenpen", "correctness", "cosine")
SEMEVAL_LABELS = ("correct", "contradictory", "incorrect")
SAF_LABELS = ("Correct", "Partially correct", "Incorrect")
CONTRADICTION_KINDS = frozenset({"misconception", "self_contradiction"})
REQUIRED = ("question_id", "question", "reference_answer", "answer", "score", "max_score")


@dataclass(frozen=True)
class BenchRow:
    question_id: str
    question: str
    reference: str
    answer: str
    score: float  # human score / max score
    label: str = ""

    def as_question(self) -> Question:
        return Question(id=self.question_id, number=1, text=self.question, reference=self.reference)


def load_rows(path: Path, *, limit: int | None = None, sample: int | None = None, seed: int = 0) -> list[BenchRow]:
    """Read a graded-answers CSV (datasets/README.md layout)."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"{path}: no column {', '.join(missing)} — the bench reads the layout of "
                                 "datasets/README.md (question_id, question, reference_answer, answer, score, "
                                 "max_score, label)")
            rows = []
            for n, r in enumerate(reader, start=2):
                try:
                    top = float(r["max_score"]) or 1.0
                    score = min(1.0, max(0.0, float(r["score"]) / top))
                except ValueError:
                    raise InputError(f"{path}, line {n}: score {r['score']!r} / max_score {r['max_score']!r} "
                                     "is not a number — fix the row or remove it") from None
                rows.append(BenchRow(r["question_id"], r["question"], r["reference_answer"], r["answer"],
                                     score, (r.get("label") or "").strip()))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror} — check the path") from None
    if sample is not None and sample < len(rows):
        rows = random.Random(seed).sample(rows, sample)
    if limit is not None:
        rows = rows[:limit]
    return rows


def label_set(rows: Sequence[BenchRow]) -> tuple[str, ...]:
    """The corpus's label vocabulary, or () when the file has no labels we know."""
    found = {r.label for r in rows if r.label}
    if found and found <= set(SEMEVAL_LABELS):
        return SEMEVAL_LABELS
    if found and found <= set(SAF_LABELS):
        return SAF_LABELS
    return ()


def verdict_label(judgement: Judgement, labels: Sequence[str]) -> str:
    """Map greenpen's verdict and findings to the corpus's labels."""
    v = judgement.verdict
    if tuple(labels) == SEMEVAL_LABELS:
        if v == "correct":
            return "correct"
        if v == "incorrect" and any(f.kind in CONTRADICTION_KINDS for f in judgement.findings):
            return "contradictory"
        return "incorrect"
    if tuple(labels) == SAF_LABELS:
        return {"correct": "Correct", "partial": "Partially correct"}.get(v, "Incorrect")
    return ""


# ─── graders ───────────────────────────────────────────────────────────────


def greenpen_grader(embedder: str = "use") -> GradeMany:
    from ..grading.grader import AnswerInput, grade_many

    def grade(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        return grade_many([AnswerInput(q, a) for q, a in pairs], embedder=embedder)

    return grade


def correctness_grader(embedder: str = "use") -> GradeMany:
    """The learned model alone: score = P(correct); verdict by the model's thresholds."""
    from ..grading.correctness import load_model, score_answers

    th = load_model(embedder).thresholds

    def grade(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        scores = score_answers([(q.text, q.reference, a) for q, a in pairs], embedder=embedder)
        out = []
        for (q, _), s in zip(pairs, scores, strict=True):
            p, px = s.p_correct, s.p_contradiction or 0.0
            if p >= th.get("correct", 0.5):
                verdict = "correct"
            elif p >= th.get("saf_partial", 0.3):
                verdict = "partial"
            else:
                verdict = "incorrect"
            findings: tuple[Finding, ...] = ()
            if verdict != "correct" and px >= th.get("contradiction", 0.5):
                verdict = "incorrect"
                findings = (Finding(kind="misconception", id="model", strength=round(px, 3)),)
            out.append(Judgement(q.id, round(p, 4), verdict, round(abs(p - 0.5) * 2, 3), findings))  # type: ignore[arg-type]
        return out

    return grade


def cosine_grader(embedder: str = "use", *, correct_at: float = 0.52, partial_at: float = 0.32) -> GradeMany:
    """The baseline: score = cosine(reference, answer), clipped to [0, 1].

    The verdict thresholds are the macro-F1-best ones on the training splits (SciEntsBank and
    Beetle train for `correct`, SAF train for `partial`) with USE, chosen by the same rule as
    the learned model's: never on the files the bench grades.
    """
    from ..grading.embed import get_embedder

    enc = get_embedder(embedder)

    def grade(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        texts = [t for q, a in pairs for t in (q.reference, a)]
        v = enc.encode(texts)
        out = []
        for i, (q, a) in enumerate(pairs):
            cos = float(v[2 * i] @ v[2 * i + 1]) if a.strip() else 0.0
            s = min(1.0, max(0.0, cos))
            verdict = "correct" if s >= correct_at else "partial" if s >= partial_at else "incorrect"
            out.append(Judgement(q.id, round(s, 4), verdict, 0.5,  # type: ignore[arg-type]
                                 (Finding(kind="similarity", strength=round(s, 3)),)))
        return out

    return grade


def make_grader(name: str, embedder: str = "use") -> GradeMany:
    if name == "greenpen":
        return greenpen_grader(embedder)
    if name == "correctness":
        return correctness_grader(embedder)
    if name == "cosine":
        return cosine_grader(embedder)
    raise InputError(f'unknown grader "{name}" — choose one of {", ".join(GRADERS)}')


# ─── running ───────────────────────────────────────────────────────────────


@dataclass
class Graded:
    rows: list[BenchRow]
    judgements: list[Judgement]
    seconds: list[float]  # per answer (a batch's time shared among its answers)
    batches: list[tuple[float, list[int]]] = field(default_factory=list)
    total_seconds: float = 0.0


def grade_rows(rows: Sequence[BenchRow], grade: GradeMany, *, batch_size: int = 16,
               progress: Callable[[int], None] | None = None) -> Graded:
    """Grade every row, answers to the same question batched together (file order kept)."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].question_id, i))
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < batch_size and rows[batches[-1][0]].question_id == rows[i].question_id:
            batches[-1].append(i)
        else:
            batches.append([i])
    judgements: list[Judgement | None] = [None] * len(rows)
    seconds = [0.0] * len(rows)
    timed: list[tuple[float, list[int]]] = []
    start = time.perf_counter()
    for batch in batches:
        t0 = time.perf_counter()
        out = grade([(rows[i].as_question(), rows[i].answer) for i in batch])
        dt = time.perf_counter() - t0
        timed.append((dt, batch))
        for i, j in zip(batch, out, strict=True):
            judgements[i] = j
            seconds[i] = dt / len(batch)
        if progress:
            progress(len(batch))
    total = time.perf_counter() - start
    return Graded(list(rows), [j for j in judgements if j is not None], seconds, timed, total)


def score_metrics(rows: Sequence[BenchRow], scores: Sequence[float], predicted: Sequence[str]) -> dict[str, Any]:
    human = [r.score for r in rows]
    out: dict[str, Any] = {
        "n": len(rows),
        "pearson": round(M.pearson(scores, human), 4),
        "spearman": round(M.spearman(scores, human), 4),
        "rmse": round(M.rmse(scores, human), 4),
    }
    labels = label_set(rows)
    if labels:
        gold = [r.label for r in rows]
        out["labels"] = list(labels)
        out["accuracy"] = round(M.accuracy(gold, predicted), 4)
        out["macro_f1"] = round(M.macro_f1(gold, predicted, labels), 4)
        out["confusion"] = M.confusion(gold, predicted, labels)
        majority = max(labels, key=gold.count)
        out["majority_macro_f1"] = round(M.macro_f1(gold, [majority] * len(gold), labels), 4)
    return out


def evaluate(graded: Graded, *, slowest: int = 5) -> dict[str, Any]:
    labels = label_set(graded.rows)
    predicted = [verdict_label(j, labels) for j in graded.judgements]
    out = score_metrics(graded.rows, [j.score for j in graded.judgements], predicted)
    out["seconds"] = round(graded.total_seconds, 3)
    out["answers_per_second"] = round(len(graded.rows) / graded.total_seconds, 1) if graded.total_seconds else 0.0
    worst = sorted(range(len(graded.rows)), key=lambda i: -graded.seconds[i])[:slowest]
    out["slowest"] = [
        {"question_id": graded.rows[i].question_id, "seconds": round(graded.seconds[i], 4),
         "answer": graded.rows[i].answer[:80]}
        for i in worst
    ]
    out["verdicts"] = {v: sum(j.verdict == v for j in graded.judgements)
                       for v in ("correct", "partial", "incorrect", "missing", "unassessable")}
    return out


def run_accuracy(
    path: Path, *, grader: str = "greenpen", grade: GradeMany | None = None, embedder: str = "use",
    limit: int | None = None, sample: int | None = None, calibrate_on: Path | None = None,
    batch_size: int = 16, progress: Callable[[int], None] | None = None,
    on_start: Callable[[str, int], None] | None = None,
) -> dict[str, Any]:
    """Grade one file and return its metrics (and, with `calibrate_on`, calibrated metrics too)."""
    rows = load_rows(path, limit=limit, sample=sample)
    fn = grade or make_grader(grader, embedder)
    if on_start:
        on_start(path.name, len(rows))
    graded = grade_rows(rows, fn, batch_size=batch_size, progress=progress)
    result: dict[str, Any] = {"file": path.name, "grader": grader if grade is None else "custom",
                              "embedder": embedder, **evaluate(graded)}
    if calibrate_on is not None:
        from .calibrate import fit_calibration

        train_rows = load_rows(calibrate_on, limit=limit, sample=sample)
        if on_start:
            on_start(f"{calibrate_on.name} (calibration)", len(train_rows))
        train = grade_rows(train_rows, fn, batch_size=batch_size, progress=progress)
        shared = {r.question_id for r in train_rows} & {r.question_id for r in rows}
        cal = fit_calibration(train.rows, train.judgements)
        scores, predicted = cal.apply(graded.judgements, label_set(rows))
        if not predicted:
            labels = label_set(rows)
            predicted = [verdict_label(j, labels) for j in graded.judgements]
        result["calibrated"] = {"on": calibrate_on.name, "shared_questions": len(shared),
                                "labels_calibrated": cal.labels == label_set(rows) and bool(cal.labels),
                                **score_metrics(rows, scores, predicted)}
    return result


def as_array(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
