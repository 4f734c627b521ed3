"""Markdown laid out like the course's exemplar: question, the student's answer, feedback;
the overall assessment at the end. Score and verdict go in small print.

The report is the student's: the grader's confidence (for the teacher's review queue) and the
reader that parsed the file stay in the JSON report and the review app, not here."""

from __future__ import annotations

import re

from ..domain import QuestionReport, Report

NAME = "md"
SUFFIX = ".md"

VERDICT_LABEL = {"correct": "correct", "partial": "partly correct", "incorrect": "incorrect",
                 "missing": "not answered", "unassessable": "could not be assessed"}

_TAG = re.compile(r"<(?=[/A-Za-z!?])")
"""Every `<` that could open an HTML tag, comment or declaration, closed or not: a tag with a
`<` inside an attribute (`<img src=x onerror=… title="<">`) must not slip through."""


_CODE = re.compile(r"^ {0,3}(`{3,})[^`\n]*\n.*?^ {0,3}\1`*[ \t]*$|^ {0,3}(~{3,})[^\n]*\n.*?^ {0,3}\2~*[ \t]*$"
                   r"|(?<![\\`])`(?!`)[^`\n]+(?<!`)`(?!`)", re.MULTILINE | re.DOTALL)
"""A fenced code block, closed, or an inline code span of single backticks (not after a backslash, which makes the
backtick a character): CommonMark shows what is inside as written. Anything it might not take for code is escaped."""


def escape(text: str) -> str:
    """Student text made inert: HTML tags shown, not run, by Markdown viewers that allow raw HTML;
    images shown as text, not fetched (a remote image would tell its server the report was opened). Code, fenced or
    in backticks, is shown as written already: a `<` there stays a `<` (it had shown as "&lt;function …>")."""
    out, at = [], 0
    for m in _CODE.finditer(text):
        out += [_inert(text[at:m.start()]), m.group(0)]
        at = m.end()
    return "".join([*out, _inert(text[at:])])


def _inert(text: str) -> str:
    return _TAG.sub("&lt;", text).replace("![", "!\\[")


def escape_inline(text: str) -> str:
    """A name or file name for one line of Markdown: no HTML, no line breaks, no code-span or table breaks.

    Markdown punctuation is backslash-escaped, so a name like `**x**`, `[x](javascript:…)` or
    `` `x` `` shows as written.
    """
    text = " ".join(text.split())
    return escape(re.sub(r"([\\`*_\[\]|#!])", r"\\\1", text))


def code_span(text: str) -> str:
    """`text` as an inline code span (shown literally: no HTML, no Markdown), backticks inside replaced."""
    return "`" + " ".join(text.split()).replace("`", "'") + "`"


def _answer(q: QuestionReport) -> list[str]:
    text = escape(q.answer.strip())
    if not text:
        note = escape(" ".join(q.note.split()))
        return ["**Answer:** _(no answer)_" + (f" · in its place: {note}" if note else ""), ""]
    lines = text.splitlines()
    if len(lines) == 1 and not text.startswith(("#", ">", "-", "*", "```", "|")):
        return [f"**Answer:** {text}", ""]
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return ["**Answer:**", "", quoted, ""]


def _verdict_line(q: QuestionReport) -> str:
    return f"<sub>{VERDICT_LABEL.get(q.verdict, q.verdict)} · score {q.score:.2f}</sub>"


def render(report: Report) -> str:
    who = escape_inline(report.student or report.source)
    lines = [f"## **{who} — feedback on {escape_inline(report.pack)}**", "",
             f"<sub>Score {report.score:.0%} · from {code_span(report.source)}</sub>", ""]
    for q in report.questions:
        lines += [f"#### {q.number}. **{q.question}**", *_answer(q),
                  f"**Feedback:** {escape(q.feedback)}", "", _verdict_line(q), "", "---", ""]
    lines += ["## **Overall Assessment:**", escape(report.overall.text), ""]
    if report.unaligned:
        lines += ["## Text that matched no question", "",
                  "_Kept here so nothing is lost, and not graded: each part says where in the file it was._", ""]
        for u in report.unaligned:
            lines += ["\n".join(f"> {line}" if line.strip() else ">" for line in escape(u).splitlines()), ""]
    for note in report.notes:
        lines += [f"<sub>{escape(note)}</sub>", ""]
    return "\n".join(lines).rstrip() + "\n"
