"""The class report: the whole class at a glance, as one self-contained HTML page and as Markdown.

    summary = summarise("week4", store.submissions(run_id), pack)
    write_class_report(summary, Path("reports"))   # week4-class-report.html / .md

`summarise` is pure (plain data in, plain data out); the charts are drawn with matplotlib
(imported only when rendering) as inline SVG, so the page has no external files and prints
sharply. Quotes of students' words in the misconception section are anonymised: no name
next to them, and any student name or e-mail inside the quote is replaced by "[student]".
"""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain import Pack
from ..store.records import REVIEW_BELOW, VERDICTS, StoredAnswer, StoredSubmission

NEEDS_HELP_BELOW = 0.5
DUPLICATE_AT = 0.8
"""Two answers whose word-trigram overlap (Jaccard) is at least this look copied."""
DUPLICATE_MIN_WORDS = 8
DUPLICATE_MIN_SHARED = 2
"""A pair of students is reported when this many of their answers look copied."""
COMMON_ANSWER = 2
"""An answer alike to more than this many classmates' is common (from the book), not copied."""
MISSED = ("missing", "incorrect")


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    number: int
    question: str
    average: float
    confidence: float
    verdicts: dict[str, int]
    unsure: int
    """Answers graded with confidence below the review threshold."""

    @property
    def missed(self) -> int:
        return sum(self.verdicts.get(v, 0) for v in MISSED)

    @property
    def answers(self) -> int:
        return sum(self.verdicts.values())


@dataclass(frozen=True)
class MisconceptionStats:
    question_id: str
    number: int
    item: str
    text: str
    correction: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class StudentFlag:
    student: str
    score: float
    missed: int
    questions: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NearDuplicate:
    students: tuple[str, str]
    questions: tuple[int, ...]
    similarity: float
    excerpt: str


@dataclass(frozen=True)
class ClassSummary:
    run: str
    pack: str
    scores: dict[str, float]
    """Student → final score (graded submissions only)."""
    failed: tuple[tuple[str, str], ...]
    questions: tuple[QuestionStats, ...]
    misconceptions: tuple[MisconceptionStats, ...]
    need_help: tuple[StudentFlag, ...]
    duplicates: tuple[NearDuplicate, ...]
    edited: int = 0
    released: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores.values()) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores.values()) if self.scores else 0.0

    @property
    def most_missed(self) -> tuple[QuestionStats, ...]:
        ranked = sorted(
            (q for q in self.questions if q.missed), key=lambda q: (-q.missed / q.answers, q.number)
        )
        return tuple(ranked[:5])

    @property
    def least_sure(self) -> tuple[QuestionStats, ...]:
        return tuple(sorted(self.questions, key=lambda q: (q.confidence, q.number))[:5])


# ─── summarising ────────────────────────────────────────────────────────────


def summarise(run: str, submissions: Sequence[StoredSubmission], pack: Pack | None = None) -> ClassSummary:
    """The class's figures from the stored submissions (failed ones are listed, not counted)."""
    graded = [s for s in submissions if s.status == "graded"]
    names = _unique_names(graded)
    by_question: dict[str, list[StoredAnswer]] = defaultdict(list)
    for s in graded:
        for a in s.answers:
            by_question[a.question_id].append(a)
    questions = tuple(
        sorted((_question_stats(answers) for answers in by_question.values()), key=lambda q: q.number)
    )
    return ClassSummary(
        run=run,
        pack=graded[0].pack if graded else (pack.id if pack else ""),
        scores={names[s.id]: s.score for s in graded},
        failed=tuple((s.source, s.error) for s in submissions if s.status != "graded"),
        questions=questions,
        misconceptions=_misconceptions(graded, pack, _scrubber(graded)),
        need_help=_need_help(graded, names),
        duplicates=_near_duplicates(graded, names),
        edited=sum(a.edited for s in graded for a in s.answers)
        + sum(s.manual_score is not None for s in graded),
        released=sum(s.released for s in graded),
    )


def _unique_names(subs: Sequence[StoredSubmission]) -> dict[int, str]:
    counts = Counter(s.name for s in subs)
    return {s.id: s.name if counts[s.name] == 1 else f"{s.name} ({s.source})" for s in subs}


def _question_stats(answers: Sequence[StoredAnswer]) -> QuestionStats:
    first = answers[0]
    verdicts = Counter(a.verdict for a in answers)
    return QuestionStats(
        question_id=first.question_id,
        number=first.number,
        question=first.question,
        average=statistics.fmean(a.score for a in answers),
        confidence=statistics.fmean(a.confidence for a in answers),
        verdicts={v: verdicts[v] for v in VERDICTS if verdicts[v]},
        unsure=sum(a.confidence < REVIEW_BELOW for a in answers),
    )


def _scrubber(subs: Sequence[StoredSubmission]) -> re.Pattern[str] | None:
    words = {s.email for s in subs if s.email}
    for s in subs:
        words |= {part for part in s.student.split() if len(part) > 2}
    if not words:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )


def _quote(text: str, scrub: re.Pattern[str] | None, limit: int = 140) -> str:
    text = " ".join(text.split())
    if scrub is not None:
        text = scrub.sub("[student]", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _misconceptions(
    subs: Sequence[StoredSubmission], pack: Pack | None, scrub: re.Pattern[str] | None
) -> tuple[MisconceptionStats, ...]:
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    quotes: dict[tuple[str, str], list[str]] = defaultdict(list)
    info: dict[tuple[str, str], tuple[int, str]] = {}
    for s in subs:
        for a in s.answers:
            for f in a.findings:
                if f.kind != "misconception":
                    continue
                key = (a.question_id, f.id or f.detail)
                seen[key].add(s.id)
                info.setdefault(key, (a.number, f.detail))
                quote = _quote(f.evidence or a.answer, scrub)
                if quote and quote not in quotes[key]:
                    quotes[key].append(quote)
    out = []
    for key, who in seen.items():
        number, detail = info[key]
        text, correction = _pack_misconception(pack, *key)
        out.append(
            MisconceptionStats(
                question_id=key[0],
                number=number,
                item=key[1],
                text=text or key[1].replace("-", " "),
                correction=correction or detail,
                count=len(who),
                examples=tuple(sorted(quotes[key], key=len)[:3]),
            )
        )
    return tuple(sorted(out, key=lambda m: (-m.count, m.number, m.item)))


def _pack_misconception(pack: Pack | None, question_id: str, item: str) -> tuple[str, str]:
    if pack is None:
        return "", ""
    try:
        question = pack.question(question_id)
    except KeyError:
        return "", ""
    for m in question.misconceptions:
        if m.id == item:
            return m.text, m.correction
    return "", ""


def _need_help(subs: Sequence[StoredSubmission], names: dict[int, str]) -> tuple[StudentFlag, ...]:
    out = []
    for s in subs:
        n = len(s.answers)
        missed = sum(a.verdict in MISSED for a in s.answers)
        reasons = []
        if s.score < NEEDS_HELP_BELOW:
            reasons.append(f"score {s.score:.0%}")
        if n and missed * 2 >= n:
            reasons.append(f"{missed} of {n} answers missing or incorrect")
        if reasons:
            out.append(StudentFlag(names[s.id], s.score, missed, n, tuple(reasons)))
    return tuple(sorted(out, key=lambda f: (f.score, f.student)))


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < DUPLICATE_MIN_WORDS:
        return frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _near_duplicates(subs: Sequence[StoredSubmission], names: dict[int, str]) -> tuple[NearDuplicate, ...]:
    """Pairs of students who share near-identical answers to at least `DUPLICATE_MIN_SHARED` questions.

    An answer that several students share (more than `COMMON_ANSWER` alike) most likely comes
    from the course text, not from a neighbour, so it does not count.
    """
    pairs: dict[tuple[int, int], list[tuple[int, float, str]]] = defaultdict(list)
    by_question: dict[str, list[tuple[int, StoredAnswer, frozenset[tuple[str, ...]]]]] = defaultdict(list)
    for s in subs:
        for a in s.answers:
            sh = _shingles(a.answer)
            if sh:
                by_question[a.question_id].append((s.id, a, sh))
    for entries in by_question.values():
        hits: list[tuple[int, int, float]] = []
        alike: Counter[int] = Counter()
        for i, (_, _, sh_a) in enumerate(entries):
            for j in range(i + 1, len(entries)):
                sh_b = entries[j][2]
                small, big = sorted((len(sh_a), len(sh_b)))
                if small < DUPLICATE_AT * big:
                    continue  # Jaccard cannot reach the threshold
                similarity = len(sh_a & sh_b) / len(sh_a | sh_b)
                if similarity >= DUPLICATE_AT:
                    hits.append((i, j, similarity))
                    alike[i] += 1
                    alike[j] += 1
        for i, j, similarity in hits:
            if alike[i] <= COMMON_ANSWER and alike[j] <= COMMON_ANSWER:
                ans = entries[i][1]
                pairs[(entries[i][0], entries[j][0])].append(
                    (ans.number, similarity, _quote(ans.answer, None, 90))
                )
    out = [
        NearDuplicate(
            students=(names[a], names[b]),
            questions=tuple(sorted(q for q, _, _ in found)),
            similarity=max(sim for _, sim, _ in found),
            excerpt=found[0][2],
        )
        for (a, b), found in pairs.items()
        if len(found) >= DUPLICATE_MIN_SHARED
    ]
    return tuple(sorted(out, key=lambda d: (-len(d.questions), -d.similarity, d.students)))


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
