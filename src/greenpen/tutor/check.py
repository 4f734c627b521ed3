"""Check an AI chat transcript against the course packs: flag what the course says is wrong.

    transcript ─► turns ─► the assistant's statements (sentences and list items)
               ─► per statement: each misconception of each pack question
                  (cue match, not negated, and the statement names the question's subject)
                  and each key point it denies (with a sentence embedder only)
               ─► flags: the statement, what is wrong, the correction, where to read

Why "names the question's subject": a rubric's cues are written to be read inside an answer
to their question, so some name only the wrong idea — under "why can't we always pick a
large learning rate?" the cue for "a high learning rate causes overfitting" is just
`overfit`. Out of that context a statement is flagged only when it also contains the words
the misconception shares with its question ("learning rate"); a misconception that shares
none names its subject in its own cues. That keeps correct statements about overfitting
("regularisation helps prevent overfitting") from being flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .. import lang
from ..domain import Pack, Question
from ..grading.cues import find_cues
from ..grading.features import Encoder
from ..textutil import Span, content_tokens, sentences, shorten
from .transcript import Transcript

CHECK_SCHEMA = "greenpen.check/1"

DIRECT_NEGATION = re.compile(r"\b(?:" + lang.patterns(lang.DIRECT_NEGATIONS) + r")\b", re.I)
CONTRADICTION_SIMILARITY = 0.6
"""How close (cosine) a negated statement must be to a key point to count as denying it."""
_FENCE = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Statement:
    turn: int
    """1-based number of the turn in the transcript."""
    prompt: str
    text: str


@dataclass(frozen=True)
class Flag:
    """A statement the course packs say is wrong."""

    statement: Statement
    kind: Literal["misconception", "contradiction"]
    pack: str
    question: Question
    id: str
    """The misconception's id, or the id of the key point the statement denies."""
    claim: str
    """What the course says is wrong (the misconception's text) or right (the key point's text)."""
    correction: str
    evidence: str
    also: tuple[str, ...] = ()
    """Other pack entries that flag the same statement (`fastai-04 q17 causes-overfitting`)."""

    @property
    def where(self) -> str:
        return self.question.taught_in or f"{self.pack}, question {self.question.number}"


@dataclass(frozen=True)
class CheckReport:
    source: str
    format: str
    packs: tuple[str, ...]
    turns: int
    statements: int
    flags: tuple[Flag, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    schema: str = CHECK_SCHEMA


# ─── statements ─────────────────────────────────────────────────────────────


def statements(transcript: Transcript) -> list[Statement]:
    """Every statement of the assistant's replies (code blocks left out)."""
    out: list[Statement] = []
    for number, turn in enumerate(transcript.turns, start=1):
        reply = _FENCE.sub("\n\n", turn.reply)
        for span in sentences(reply):
            text = span.text.strip()
            if len(content_tokens(text)) >= 3:
                out.append(Statement(number, turn.prompt, text))
    return out


# ─── the subject of a rubric entry ──────────────────────────────────────────


def _related(a: str, b: str) -> bool:
    """The same word up to a short ending: `higher`/`high`, `overfitt`/`overfit`; not `dataloader`/`data`."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3


def subject_words(entry_text: str, question: Question) -> set[str]:
    """The words an entry shares with its question's text: what a statement must name."""
    question_words = content_tokens(question.text)
    return {w for w in content_tokens(entry_text)
            if any(_related(w, q) for q in question_words)}


def names_subject(text: str, subject: set[str]) -> bool:
    words = content_tokens(text)
    return all(any(_related(w, a) for w in words) for a in subject)


# ─── checking ───────────────────────────────────────────────────────────────


def check_transcript(
    transcript: Transcript, packs: Sequence[Pack], encoder: Encoder | None = None
) -> CheckReport:
    """Flag the assistant's statements that the packs' misconceptions match or key points deny.

    Without an `encoder` only misconceptions are checked (denied key points need a sentence
    embedder to tell a denial from a sentence that merely contains "not").
    """
    found = statements(transcript)
    flags: list[Flag] = []
    for statement in found:
        span = [Span(statement.text, 0, len(statement.text))]
        matched = _misconceptions(statement, span, packs)
        if not matched and encoder is not None:
            matched = _contradictions(statement, span, packs, encoder)
        if matched:
            first, rest = matched[0], matched[1:]
            also = tuple(dict.fromkeys(f"{f.pack} q{f.question.number} {f.id}" for f in rest))
            flags.append(Flag(first.statement, first.kind, first.pack, first.question, first.id, first.claim,
                              first.correction, first.evidence, also))
    notes = () if encoder is not None else ("checked misconceptions only: no sentence embedder was loaded, "
                                            "so statements that deny a key point were not looked for",)
    return CheckReport(transcript.source, transcript.format, tuple(p.id for p in packs),
                       len(transcript.turns), len(found), tuple(flags), notes)


def _misconceptions(statement: Statement, span: list[Span], packs: Sequence[Pack]) -> list[Flag]:
    out: list[Flag] = []
    for pack in packs:
        for question in pack.questions:
            for mis in question.misconceptions:
                hits = [h for h in find_cues(mis.cues, span) if not h.negated]
                if hits and names_subject(statement.text, subject_words(mis.text, question)):
                    out.append(Flag(statement, "misconception", pack.id, question, mis.id, mis.text,
                                    mis.correction, hits[0].clause))
    return out


def _contradictions(
    statement: Statement, span: list[Span], packs: Sequence[Pack], encoder: Encoder
) -> list[Flag]:
    candidates: list[Flag] = []
    for pack in packs:
        for question in pack.questions:
            for point in question.key_points:
                hits = find_cues(point.cues, span)
                if not hits or any(not h.negated for h in hits):
                    continue
                subject = subject_words(point.text, question)
                if not subject or not names_subject(statement.text, subject):
                    continue
                for hit in hits:
                    before = " ".join(statement.text[: hit.start].split()[-4:])
                    if DIRECT_NEGATION.search(before):
                        correction = point.text[0].upper() + point.text[1:]
                        candidates.append(Flag(statement, "contradiction", pack.id, question, point.id,
                                               point.text, correction, hit.clause))
                        break
    if not candidates:
        return []
    vectors = encoder.encode([statement.text, *(f.claim for f in candidates)])
    sims = vectors[1:] @ vectors[0]
    return [f for f, s in zip(candidates, sims, strict=True) if float(s) >= CONTRADICTION_SIMILARITY]


# ─── rendering ──────────────────────────────────────────────────────────────


def to_json(report: CheckReport) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "source": report.source,
        "format": report.format,
        "packs": list(report.packs),
        "turns": report.turns,
        "statements": report.statements,
        "flags": [
            {
                "turn": f.statement.turn,
                "prompt": f.statement.prompt,
                "statement": f.statement.text,
                "kind": f.kind,
                "pack": f.pack,
                "question": {"id": f.question.id, "number": f.question.number, "text": f.question.text},
                "id": f.id,
                "evidence": f.evidence,
                "claim": f.claim,
                "correction": f.correction,
                "taught_in": f.question.taught_in,
                "also": list(f.also),
            }
            for f in report.flags
        ],
        "notes": list(report.notes),
    }


def to_markdown(report: CheckReport) -> str:
    n = len(report.flags)
    lines = [f"# Transcript check: {report.source}", ""]
    lines.append(
        f"Checked {report.statements} statements in {report.turns} replies against the course packs "
        f"({', '.join(report.packs)}). "
        + (f"{n} statement{'s' * (n != 1)} disagree{'s' * (n == 1)} with the course." if n else
           "None of them disagrees with what the course packs say.")
    )
    lines.append("")
    if n:
        lines.append("The packs cover only some topics: a statement that is not flagged is not thereby "
                     "confirmed.")
        lines.append("")
    for i, f in enumerate(report.flags, start=1):
        lines.append(f"## {i}. Reply {f.statement.turn} (to “{shorten(f.statement.prompt, 80)}”)")
        lines.append("")
        lines.append(f"> {f.statement.text}")
        lines.append("")
        if f.kind == "misconception":
            lines.append(f"**What is wrong:** this states a known misconception: “{_bare(f.claim)}”.")
        else:
            lines.append(f"**What is wrong:** this denies what the course teaches: “{_bare(f.claim)}”.")
        lines.append("")
        lines.append(f"**Correction:** {_sentence(f.correction)}")
        lines.append("")
        lines.append(f"**Where to read:** {_bare(f.where)}. The course question: {f.pack} "
                     f"q{f.question.number}, “{f.question.text}”")
        if f.also:
            lines.append("")
            lines.append(f"Also matched: {', '.join(f.also)}.")
        lines.append("")
    for note in report.notes:
        lines.append(f"_Note: {note}._")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _bare(text: str) -> str:
    return text.strip().rstrip(".")


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."
