"""Markdown laid out like the course's exemplar: question, the student's answer, feedback;
the overall assessment at the end."""

from __future__ import annotations

from ..domain import Report

NAME = "md"
SUFFIX = ".md"

VERDICT_LABEL = {"correct": "correct", "partial": "partly correct", "incorrect": "incorrect",
                 "missing": "not answered", "unassessable": "could not be assessed"}


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()) or "> —"


def render(report: Report) -> str:
    who = report.student or report.source
    lines = [f"## **{who} — feedback on {report.pack}**", "",
             f"Score: **{report.score:.0%}** · source `{report.source}` ({report.format})", ""]
    for q in report.questions:
        lines += [f"#### {q.number}. **{q.question}**", ""]
        if q.answer.strip():
            lines += ["**Answer:**", "", _quote(q.answer), ""]
        else:
            lines += ["**Answer:** _(no answer)_", ""]
        lines += [f"**Feedback:** {q.feedback}", "",
                  f"<sub>{VERDICT_LABEL[q.verdict]} · score {q.score:.2f} · confidence {q.confidence:.2f}</sub>",
                  "", "---", ""]
    lines += ["## **Overall Assessment:**", report.overall.text, ""]
    if report.overall.improve:
        lines += ["**To work on next:**", ""] + [f"- {item}" for item in report.overall.improve] + [""]
    if report.unaligned:
        lines += ["## Text that matched no question", ""]
        for u in report.unaligned:
            lines += [_quote(u), ""]
    for note in report.notes:
        lines += [f"_{note}_", ""]
    return "\n".join(lines).rstrip() + "\n"
