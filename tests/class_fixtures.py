"""Reports built by hand and a fake grader, so class-mode tests need no models.

`fake_grade` is module-level so the process pool can send it to its workers.
"""

from __future__ import annotations

from greenpen.domain import Finding, Overall, QuestionReport, Report, Submission
from greenpen.errors import GradingError
from greenpen.pipeline import Options

QUESTIONS = {
    "rank-3": (5, "What is a rank-3 tensor?"),
    "broadcasting": (10, "What is broadcasting?"),
    "matmul-operator": (29, "What does the @ operator do in Python?"),
}
MATMUL_FINDING = Finding(
    "misconception",
    "elementwise",
    "element-wise multiplication",
    "@ is matrix multiplication; element-wise is *",
)
CHANGE_RUBRIC = {"on": False}
"""Tests flip this to make `fake_grade` grade differently, as after a rubric edit."""


def qreport(
    qid: str,
    verdict: str,
    score: float,
    answer: str = "",
    confidence: float = 0.9,
    findings: tuple[Finding, ...] = (),
    feedback: str = "",
) -> QuestionReport:
    number, text = QUESTIONS[qid]
    return QuestionReport(
        id=qid,
        number=number,
        question=text,
        answer=answer,
        verdict=verdict,  # type: ignore[arg-type]
        score=score,
        confidence=confidence,
        findings=findings,
        feedback=feedback or f"fb {qid}",
    )


def make_report(student: str, source: str, questions: list[QuestionReport], pack: str = "fake") -> Report:
    score = round(sum(q.score for q in questions) / len(questions), 2) if questions else 0.0
    return Report(
        source=source,
        student=student,
        format="csv",
        pack=pack,
        score=score,
        questions=tuple(questions),
        overall=Overall(strengths=("clear",), improve=("more detail",), text=f"Overall for {student}."),
    )


def fake_grade(submission: Submission, options: Options) -> Report:
    """Grades by keywords: "element-wise" is the misconception, "BOOM" fails, blank is missing."""
    questions = []
    for item, qid in zip(submission.items, QUESTIONS, strict=False):
        text = item.text.strip()
        if "BOOM" in text:
            raise GradingError("the grader choked on this answer — grade it by hand")
        if not text:
            questions.append(qreport(qid, "missing", 0.0, text, 1.0, (Finding("empty"),)))
        elif "element-wise" in text:
            questions.append(qreport(qid, "incorrect", 0.0, text, 0.8, (MATMUL_FINDING,)))
        elif CHANGE_RUBRIC["on"] and qid == "broadcasting":
            questions.append(qreport(qid, "partial", 0.5, text, 0.5))
        else:
            questions.append(qreport(qid, "correct", 1.0, text, 0.9))
    return make_report(submission.student, submission.source, questions)


def no_warm(options: Options) -> None:
    """Stands in for model loading."""


def dies_in_worker(options: Options) -> None:
    """Model loading that kills a pool worker (but works in the main process)."""
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:
        os._exit(3)
