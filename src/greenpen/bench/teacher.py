"""`greenpen bench teacher`: how much a few corrections teach greenpen about the rest.

A simulated teacher corrects, for each question, the K answers greenpen is least sure of
(lowest confidence), giving them the expected verdicts; greenpen learns from those
(`greenpen.learning.learn`) and regrades the others. Agreement and false alarms are measured
on the remaining answers, before and after, with the definitions of the shared
`score_reports.py`: an equal verdict counts 1, a neighbouring one (correct↔partial,
partial↔incorrect) counts half; a false alarm is an answer the teacher judged correct that
greenpen marked incorrect or missing (or did not report).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain import Report
from ..learning import Answer, learn

ADJACENT = {("correct", "partial"), ("partial", "correct"), ("partial", "incorrect"), ("incorrect", "partial")}
ALARM = ("incorrect", "missing", "absent")


@dataclass(frozen=True)
class Entry:
    """One expected verdict with greenpen's answer to it (None: no report or no such question)."""

    file: str
    number: str
    want: str
    answer: Answer | None


def agreement(want: str, got: str) -> float:
    return 1.0 if want == got else 0.5 if (want, got) in ADJACENT else 0.0


def report_key(report: Report) -> list[str]:
    """The expected.json names a report answers to (`X`, and `X#student` for a class file)."""
    name = Path(report.source).name
    keys = [name]
    if report.student:
        keys.append(f"{name.split('#')[0]}#{report.student}")
    return keys


def entries(expected: dict[str, Any], reports: Sequence[Report]) -> list[Entry]:
    by_name: dict[str, Report] = {}
    for r in reports:
        for k in report_key(r):
            by_name[k] = r
    out = []
    for fname, questions in expected.items():
        if fname.startswith("_"):
            continue
        rep = by_name.get(fname)
        by_number = {str(q.number): q for q in rep.questions} if rep else {}
        for number, g in questions.items():
            q = by_number.get(str(number))
            answer = None if q is None else Answer(
                key=(fname, str(number)), question_id=q.id, text=q.answer, verdict=q.verdict, score=q.score,
                confidence=q.confidence, findings=q.findings, signals=q.signals,
                student=(rep.student if rep else "") or fname)
            out.append(Entry(fname, str(number), g["verdict"], answer))
    return out


def choose_corrections(items: Sequence[Entry], k: int) -> set[tuple[str, str]]:
    """The K answers per question greenpen is least sure of (ties: file name)."""
    by_q: dict[str, list[Entry]] = {}
    for e in items:
        if e.answer is not None:
            by_q.setdefault(e.number, []).append(e)
    chosen: set[tuple[str, str]] = set()
    for group in by_q.values():
        group.sort(key=lambda e: (e.answer.confidence if e.answer else 1.0, e.file))
        chosen.update((e.file, e.number) for e in group[:k])
    return chosen


def simulate(expected: dict[str, Any], reports: Sequence[Report], k: int,
             encode: Callable[[list[str]], Any] | None = None) -> dict[str, Any]:
    """Correct K answers per question, learn, and score the rest before and after."""
    items = entries(expected, reports)
    corrected = choose_corrections(items, k)
    answers = []
    for e in items:
        if e.answer is None:
            continue
        if (e.file, e.number) in corrected:
            answers.append(_taught(e.answer, e.want))
        else:
            answers.append(e.answer)
    learned = learn(answers, encode)
    moved = {m.key: m for m in learned.moves}
    n = correct = 0
    before = after = alarms_before = alarms_after = 0.0
    rules: dict[str, int] = {}
    for e in items:
        if (e.file, e.number) in corrected:
            continue
        got_before = e.answer.verdict if e.answer else "absent"
        move = moved.get((e.file, e.number))
        got_after = move.verdict if move else got_before
        if move:
            rules[move.rule] = rules.get(move.rule, 0) + 1
        n += 1
        before += agreement(e.want, got_before)
        after += agreement(e.want, got_after)
        if e.want == "correct":
            correct += 1
            alarms_before += got_before in ALARM
            alarms_after += got_after in ALARM

    def pct(a: float, b: int) -> float:
        return round(100.0 * a / b, 1) if b else 0.0

    return {
        "corrections": k, "corrected": len(corrected), "remaining": n, "teacher_correct": correct,
        "agreement_before": pct(before, n), "agreement_after": pct(after, n),
        "false_alarms_before": pct(alarms_before, correct), "false_alarms_after": pct(alarms_after, correct),
        "moved": len(moved), "moved_by_rule": rules,
    }


def _taught(answer: Answer, verdict: str) -> Answer:
    from dataclasses import replace

    return replace(answer, teacher_verdict=verdict)


def grade_files(files: Sequence[Path], pack: str, *, embedder: str = "use",
                progress: Callable[[int], None] | None = None) -> list[Report]:
    from ..pipeline import Options, grade_file

    reports: list[Report] = []
    for path in files:
        reports += grade_file(path, Options(pack=pack, embedder=embedder))
        if progress:
            progress(1)
    return reports


def run_teacher(expected_path: Path, files: Sequence[Path], pack: str, corrections: Sequence[int], *,
                embedder: str = "use", progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """Grade FILES once, then simulate each number of corrections."""
    from ..grading.embed import get_embedder

    expected = json.loads(Path(expected_path).read_text(encoding="utf-8"))
    reports = grade_files(files, pack, embedder=embedder, progress=progress)
    encode = get_embedder(embedder).encode
    return [{"expected": str(expected_path), "pack": pack, "files": len(files),
             **simulate(expected, reports, k, encode)} for k in corrections]
