"""A self-contained HTML page: inline CSS, no scripts, readable on a phone, prints well.

Every piece of text (the student's answers above all, which may hold HTML or script) is
escaped; the page loads nothing from the network. Like the Markdown report it is the student's:
no grader confidence, no reader name.
"""

from __future__ import annotations

from html import escape

from ..domain import QuestionReport, Report
from .markdown import VERDICT_LABEL

NAME = "html"
SUFFIX = ".html"

CSS = """
:root { --ink: #1d2327; --muted: #5f6b73; --line: #dde3e7; --paper: #ffffff; --soft: #f5f7f8;
  --correct: #1e7b3a; --partial: #9a6400; --incorrect: #b3261e; --missing: #5f6b73; --unassessable: #4a5bb0; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--soft); color: var(--ink);
  font: 17px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; background: var(--paper); }
header h1 { font-size: 1.35rem; margin: .5rem 0 .25rem; }
.meta, .small { color: var(--muted); font-size: .85rem; }
section.q { border-top: 1px solid var(--line); padding: .9rem 0 .6rem; break-inside: avoid; }
section.q h2 { font-size: 1.05rem; margin: 0 0 .5rem; }
.answer { margin: .4rem 0 .7rem; padding: .5rem .8rem; background: var(--soft);
  border-left: 3px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; font-size: .95rem; }
.answer.empty { color: var(--muted); font-style: italic; }
.feedback { margin: .3rem 0; }
.feedback strong { color: var(--muted); font-weight: 600; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; color: #fff; }
.correct { background: var(--correct); } .partial { background: var(--partial); }
.incorrect { background: var(--incorrect); } .missing { background: var(--missing); }
.unassessable { background: var(--unassessable); }
section.overall { border-top: 2px solid var(--ink); margin-top: 1rem; padding-top: .6rem; }
section.overall p { margin: .5rem 0; }
.unaligned blockquote { white-space: pre-wrap; color: var(--muted); }
@media (max-width: 30rem) { body { font-size: 16px; } main { padding: .75rem; } }
@media print {
  body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; }
  .badge { color: var(--ink); border: 1px solid var(--ink); background: none; }
  .answer { background: none; }
}
"""


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n\n") if p.strip())


def _question(q: QuestionReport) -> str:
    label = VERDICT_LABEL.get(q.verdict, q.verdict)
    note = f" · in its place: {escape(' '.join(q.note.split()))}" if q.note.strip() else ""
    answer = (f'<div class="answer">{escape(q.answer.strip())}</div>' if q.answer.strip()
              else f'<div class="answer empty">(no answer){note}</div>')
    return (
        f'<section class="q" id="q{q.number}">'
        f"<h2>{q.number}. {escape(q.question)}</h2>"
        f"{answer}"
        f'<p class="feedback"><strong>Feedback:</strong> {escape(q.feedback)}</p>'
        f'<p class="small"><span class="badge {escape(q.verdict)}">{escape(label)}</span> '
        f"score {q.score:.2f}</p>"
        "</section>"
    )


def render(report: Report) -> str:
    who = escape(report.student or report.source)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{who} — {escape(report.pack)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f"<header><h1>{who} — feedback on {escape(report.pack)}</h1>",
        f'<p class="meta">Score {report.score:.0%} · from {escape(report.source)}</p></header>',
        *(_question(q) for q in report.questions),
        f'<section class="overall"><h2>Overall assessment</h2>{_paragraphs(report.overall.text)}</section>',
    ]
    if report.unaligned:
        quotes = "".join(f"<blockquote>{escape(u)}</blockquote>" for u in report.unaligned)
        parts.append(f'<section class="unaligned"><h2>Text that matched no question</h2>{quotes}</section>')
    parts += [f'<p class="small">{escape(note)}</p>' for note in report.notes]
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
