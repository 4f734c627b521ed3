"""The class report: the whole class at a glance, as one self-contained HTML page and as Markdown.

    summary = summarise("week4", store.submissions(run_id), pack)
    write_class_report(summary, Path("reports"))   # week4-class-report.html / .md

`summarise` (`class_summary.py`) is pure (plain data in, plain data out); the charts are drawn with matplotlib
(imported only when rendering) as inline SVG, so the page has no external files and prints
sharply. Quotes of students' words in the misconception section are anonymised: no name
next to them, and any student name or e-mail inside the quote is replaced by "[student]".
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..store.records import VERDICTS
from .class_summary import ClassSummary, summarise

__all__ = ["CSS", "VERDICT_STYLE", "ClassSummary", "score_chart", "summarise", "to_html", "to_markdown",
           "verdict_chart", "write_class_report"]


# ─── rendering ──────────────────────────────────────────────────────────────

VERDICT_STYLE = {  # colour (distinct in greyscale too) and hatch, so the charts survive printing
    "correct": ("#1b7837", ""),
    "partial": ("#a6dba0", "//"),
    "incorrect": ("#762a83", "xx"),
    "missing": ("#e7e7e7", ".."),
    "unassessable": ("#f1a340", "\\\\"),
}


def score_chart(summary: ClassSummary) -> str:
    """The score distribution as an inline SVG histogram."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 2.6))
    bins = [i / 10 for i in range(11)]
    ax.hist(list(summary.scores.values()), bins=bins, color="#1b7837", edgecolor="black", linewidth=0.6)
    ax.set_xlabel("score")
    ax.set_ylabel("students")
    ax.set_xticks(bins, [f"{b:.0%}" for b in bins])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.axvline(summary.mean, color="black", linestyle="--", linewidth=1)
    ax.text(summary.mean, ax.get_ylim()[1] * 0.95, f" mean {summary.mean:.0%}", va="top", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def verdict_chart(summary: ClassSummary) -> str:
    """Each question's verdict mix as stacked horizontal bars, its average score on the right."""
    plt = _pyplot()
    qs = list(summary.questions)
    fig, ax = plt.subplots(figsize=(6.4, 0.32 * len(qs) + 1.0))
    labels = [f"Q{q.number}" for q in qs]
    left = [0] * len(qs)
    for verdict in VERDICTS:
        counts = [q.verdicts.get(verdict, 0) for q in qs]
        if not any(counts):
            continue
        colour, hatch = VERDICT_STYLE[verdict]
        ax.barh(
            labels,
            counts,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="black",
            linewidth=0.5,
            label=verdict,
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    for y, q in enumerate(qs):
        ax.text(left[y] + 0.2, y, f"avg {q.average:.0%}", va="center", fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("answers")
    ax.set_xlim(0, max(left, default=1) * 1.18 + 1)
    ax.legend(ncols=5, fontsize=7, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 8, "svg.hashsalt": "greenpen"})
    return plt


def _svg(fig: object) -> str:
    import io

    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def to_markdown(summary: ClassSummary) -> str:
    """The class report as Markdown (tables; the charts are in the HTML page)."""
    lines = [f"# Class report: {_md(summary.run)}", "", *_headline(summary), ""]
    lines += ["## Score distribution", "", "| score | students |", "|---|---|"]
    for low in range(0, 100, 10):
        n = sum(
            low / 100 <= v < (low + 10) / 100 or (low == 90 and v == 1.0) for v in summary.scores.values()
        )
        lines.append(f"| {low}–{low + 10}% | {'█' * n} {n} |")
    lines += [
        "",
        "## Questions",
        "",
        "| # | question | average | " + " | ".join(VERDICTS) + " | confidence |",
        "|---|---|---|" + "---|" * len(VERDICTS) + "---|",
    ]
    for q in summary.questions:
        mix = " | ".join(str(q.verdicts.get(v, 0)) for v in VERDICTS)
        lines.append(f"| {q.number} | {_md(q.question)} | {q.average:.0%} | {mix} | {q.confidence:.2f} |")
    lines += ["", "## Most common misconceptions", ""]
    for m in summary.misconceptions[:10] or ():
        lines += [
            f"- **Q{m.number}: {_md(m.text)}** — {m.count} student{'s' * (m.count != 1)}. "
            f"Correction: {_md(m.correction)}"
        ]
        lines += [f"  - “{_md(e)}”" for e in m.examples]
    if not summary.misconceptions:
        lines.append("No misconception was found.")
    lines += ["", "## Questions most students missed", ""]
    lines += [
        f"- Q{q.number} {_md(q.question)} — {q.missed} of {q.answers} missing or incorrect"
        for q in summary.most_missed
    ] or ["None."]
    lines += ["", "## Students who may need help", ""]
    lines += [f"- {_md(f.student)}: {_md(', '.join(f.reasons))}" for f in summary.need_help] or ["None."]
    lines += ["", "## Answers that look copied", ""]
    lines += [
        f"- {_md(d.students[0])} and {_md(d.students[1])}: question{'s' * (len(d.questions) > 1)} "
        f"{', '.join(map(str, d.questions))} ({d.similarity:.0%} alike), e.g. “{_md(d.excerpt)}”"
        for d in summary.duplicates
    ] or ["None."]
    lines += ["", "## Where greenpen is least sure (review these first)", ""]
    lines += [
        f"- Q{q.number} {_md(q.question)} — confidence {q.confidence:.2f}, {q.unsure} answer(s) to check"
        for q in summary.least_sure
    ] or ["None."]
    if summary.failed:
        lines += ["", "## Submissions that could not be graded", ""]
        lines += [f"- {_md(source)}: {_md(error)}" for source, error in summary.failed]
    return "\n".join(lines).rstrip() + "\n"


def _headline(summary: ClassSummary) -> list[str]:
    n = len(summary.scores)
    out = [
        f"Pack **{_md(summary.pack)}** · {n} student{'s' * (n != 1)} graded"
        + (f", {len(summary.failed)} failed" if summary.failed else "")
        + (f" · mean **{summary.mean:.0%}**, median {summary.median:.0%}" if n else "")
        + (
            f" · {summary.edited} teacher edit(s), {summary.released} released"
            if summary.edited or summary.released
            else ""
        )
    ]
    return out


def _md(text: str) -> str:
    """Text (a name, a file name, a student's words) for one line or table cell of Markdown:
    no raw HTML (every tag-opening `<` becomes `&lt;`), no line breaks, no table breaks."""
    from ..renderers.markdown import escape

    return escape(" ".join(text.split())).replace("|", "\\|")


def to_html(summary: ClassSummary) -> str:
    """The class report as one self-contained HTML page (inline CSS and SVG charts)."""
    e = html.escape
    parts = [
        f"<h1>Class report: {e(summary.run)}</h1>",
        f"<p class=lead>{_inline(_headline(summary)[0])}</p>",
    ]
    if summary.scores:
        parts += ["<h2>Score distribution</h2>", f"<figure>{score_chart(summary)}</figure>"]
    if summary.questions:
        parts += [
            "<h2>Questions: average and verdict mix</h2>",
            f"<figure>{verdict_chart(summary)}</figure>",
            "<table><tr><th>#</th><th>question</th><th>average</th>"
            + "".join(f"<th>{v}</th>" for v in VERDICTS)
            + "<th>confidence</th></tr>",
        ]
        parts += [
            f"<tr><td>{q.number}</td><td>{e(q.question)}</td><td>{q.average:.0%}</td>"
            + "".join(f"<td>{q.verdicts.get(v, 0)}</td>" for v in VERDICTS)
            + f"<td>{q.confidence:.2f}</td></tr>"
            for q in summary.questions
        ]
        parts.append("</table>")
    parts.append("<h2>Most common misconceptions</h2>")
    if summary.misconceptions:
        parts.append("<ol class=misconceptions>")
        for m in summary.misconceptions[:10]:
            quotes = "".join(f"<blockquote>{e(x)}</blockquote>" for x in m.examples)
            parts.append(
                f"<li><b>Q{m.number}: {e(m.text)}</b> — <span class=count>{m.count} student"
                f"{'s' * (m.count != 1)}</span><br>Correction: {e(m.correction)}{quotes}</li>"
            )
        parts.append("</ol>")
    else:
        parts.append("<p>No misconception was found.</p>")
    parts += [
        "<h2>Questions most students missed</h2>",
        _list(
            [
                f"Q{q.number} {e(q.question)} — {q.missed} of {q.answers} missing or incorrect"
                for q in summary.most_missed
            ]
        ),
        "<h2>Students who may need help</h2>",
        _list([f"{e(f.student)}: {e(', '.join(f.reasons))}" for f in summary.need_help]),
        "<h2>Answers that look copied</h2>",
        _list(
            [
                f"{e(d.students[0])} and {e(d.students[1])}: question{'s' * (len(d.questions) > 1)} "
                f"{', '.join(map(str, d.questions))} ({d.similarity:.0%} alike), e.g. “{e(d.excerpt)}”"
                for d in summary.duplicates
            ]
        ),
        "<h2>Where greenpen is least sure (review these first)</h2>",
        _list(
            [
                f"Q{q.number} {e(q.question)} — confidence {q.confidence:.2f}, {q.unsure} answer(s) to check"
                for q in summary.least_sure
            ]
        ),
    ]
    if summary.failed:
        parts += [
            "<h2>Submissions that could not be graded</h2>",
            _list([f"{e(source)}: {e(error)}" for source, error in summary.failed]),
        ]
    body = "\n".join(parts)
    return (
        f"<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>Class report: {e(summary.run)}</title><style>{CSS}</style></head>\n<body>\n{body}\n"
        f"</body></html>\n"
    )


def _inline(markdown: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(markdown))


def _list(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else "<p>None.</p>"


CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.85rem;width:100%}td,th{border:1px solid #ccc;padding:.2rem .4rem}
th{background:#f3f3f3;text-align:left}figure{margin:0}figure svg{max-width:100%;height:auto}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #999;color:#333}
.count{font-weight:600}.lead{color:#333}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}
 figure,li,tr{break-inside:avoid}}
"""


def write_class_report(summary: ClassSummary, out_dir: Path) -> list[Path]:
    """Write `<run>-class-report.html` and `.md` into `out_dir`; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", summary.run).strip("-") or "run"
    paths = [out_dir / f"{stem}-class-report.html", out_dir / f"{stem}-class-report.md"]
    paths[0].write_text(to_html(summary), encoding="utf-8")
    paths[1].write_text(to_markdown(summary), encoding="utf-8")
    return paths
