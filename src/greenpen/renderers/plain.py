"""Plain text for pasting into an LMS comment box: feedback per question and the overall
assessment, no markup, no student answers (the student has them)."""

from __future__ import annotations

from ..domain import Report
from .markdown import VERDICT_LABEL

NAME = "txt"
SUFFIX = ".txt"


def render(report: Report) -> str:
    who = report.student or report.source
    lines = [f"Feedback for {who} ({report.pack}) — score {report.score:.0%}", ""]
    for q in report.questions:
        lines += [f"{q.number}. {q.question}",
                  f"[{VERDICT_LABEL.get(q.verdict, q.verdict)}, {q.score:.2f}] {q.feedback}", ""]
    lines += ["Overall assessment", "", report.overall.text.strip(), ""]
    if report.unaligned:
        lines += [f"Note: {len(report.unaligned)} piece(s) of your text matched no question; "
                  "your teacher will look at them.", ""]
    return "\n".join(lines).rstrip() + "\n"
