"""Write feedback from findings, in the voice of the course's exemplar teacher.

Findings are the only source of truth: every sentence here comes from one finding (the
student's own words as evidence, the rubric's praise, hint and correction). Nothing the
student did not write is praised. Wording varies with a stable hash of the student and
the question, so a class does not read as one template, yet a re-run is byte-identical.
Phrases live in `PHRASES[language]`; add a language by adding a table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from .domain import Finding, Judgement, Overall, Pack, Question, Report
from .textutil import shorten

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "open_correct": ("Well done.", "This is a good answer.", "Nicely put.", "Correct.", "Good work here."),
        "open_partial": ("You are on the right track.", "A good start.", "Part of this is right.",
                         "There is something solid here."),
        "open_incorrect": ("This one needs another look.", "Not quite.", "Let's revisit this one."),
        "praise_quote": ('When you write "{quote}", {praise}.', 'Your words "{quote}" show that {praise}.',
                         '"{quote}": {praise}, exactly the point.'),
        "praise_plain": ("Good: {praise}.", "{Praise}, which is right."),
        "misconception": ('One thing to correct: you wrote "{quote}". {correction}',
                          'Careful with "{quote}": {correction_lc}'),
        "hint": ("To make it complete, {hint}.", "What is missing: {hint}.", "Next step: {hint}."),
        "reveal": ("A complete answer also says that {point_lc}.",),
        "part": ("The question also asks {part}, and your answer leaves that out.",
                 "You did not address {part}: it is part of the question."),
        "further": ("To make it excellent: {note}", "Going further: {note}"),
        "read": ("Re-read {where}.", "See {where}."),
        "missing": ("You did not answer this question.",),
        "unassessable": ("I could not assess this answer.",),
        "analogy": ('I like your analogy ("{quote}"): it shows you understand the idea, not just the words.',),
    },
}


def _pick(options: Sequence[str], *keys: str) -> str:
    digest = hashlib.sha256("\x1f".join(keys).encode()).digest()
    return options[digest[0] % len(options)]


def _lc(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


_ANALOGY = re.compile(r"[^.;]*\b(?:is like|are like|like a|much like|similar to|imagine|think of it as|"
                      r"analog|é como|como uma?)\b[^.;]*", re.IGNORECASE)


def write_question_feedback(q: Question, j: Judgement, answer: str, *, pack: Pack | None = None,
                            language: str = "en", student: str = "") -> str:
    """Feedback for one answer: praise in the student's words, corrections, hints, next steps."""
    ph = PHRASES.get(language, PHRASES["en"])
    key = (student, q.id, answer[:80])
    by_kind: dict[str, list[Finding]] = {}
    for f in j.findings:
        by_kind.setdefault(f.kind, []).append(f)
    kp_by_id = {kp.id: kp for kp in q.key_points}
    out: list[str] = []
    if j.verdict == "missing":
        out.append(ph["missing"][0])
        central = max(q.key_points, key=lambda k: k.weight, default=None)
        if central and central.hint:
            out.append(_sentence(f"A good answer would {_lc(central.hint)}"))
        if q.taught_in:
            out.append(_pick(ph["read"], *key).format(where=q.taught_in))
        return " ".join(out)
    if j.verdict == "unassessable":
        out.append(ph["unassessable"][0])
    else:
        out.append(_pick(ph[f"open_{j.verdict}"], *key))
    analogy = _ANALOGY.search(answer)
    if analogy and j.verdict != "incorrect":
        out.append(ph["analogy"][0].format(quote=shorten(analogy.group(0).strip(), 80)))
    for f in by_kind.get("key_point", [])[:2]:
        kp = kp_by_id.get(f.id)
        praise = (kp.praise if kp and kp.praise else f"you state that {_lc(f.detail)}").rstrip(".")
        if f.evidence and len(f.evidence) <= 120:
            out.append(_pick(ph["praise_quote"], *key, f.id).format(quote=f.evidence, praise=_lc(praise)))
        else:
            out.append(_pick(ph["praise_plain"], *key, f.id).format(praise=praise, Praise=praise[:1].upper()
                                                                       + praise[1:]))
    for f in by_kind.get("misconception", []):
        out.append(_pick(ph["misconception"], *key, f.id).format(
            quote=f.evidence, correction=_sentence(f.detail), correction_lc=_sentence(_lc(f.detail))))
    for f in by_kind.get("self_contradiction", []):
        out.append(_sentence(f.detail[:1].upper() + f.detail[1:]) + " Make the count match the list.")
    for kind in ("code_wrong", "code_error", "code_unrunnable", "no_code", "attachment_missing", "off_topic"):
        for f in by_kind.get(kind, []):
            out.append(_sentence(f.detail[:1].upper() + f.detail[1:]))
    for f in by_kind.get("part_unanswered", []):
        out.append(_pick(ph["part"], *key, f.id).format(part=_lc(f.detail)))
    missed = sorted(by_kind.get("missed_point", []), key=lambda f: -f.weight)
    reveal = pack is not None and pack.reveal == "full"
    for f in missed[:2] if j.verdict != "correct" else missed[:1]:
        kp = kp_by_id.get(f.id)
        if reveal or not (kp and kp.hint):
            out.append(_pick(ph["reveal"], *key, f.id).format(point_lc=_lc(f.detail).rstrip(".")))
        else:
            out.append(_pick(ph["hint"], *key, f.id).format(hint=_lc(kp.hint).rstrip(".")))
    if j.verdict == "correct" and q.going_further:
        note = q.going_further[int(hashlib.sha256(key[0].encode()).digest()[0]) % len(q.going_further)]
        out.append(_pick(ph["further"], *key).format(note=_sentence(note)))
    elif j.verdict in ("partial", "incorrect") and q.taught_in:
        out.append(_pick(ph["read"], *key).format(where=q.taught_in))
    return " ".join(out)


def write_overall(report: Report, pack: Pack, *, language: str = "en") -> Overall:
    """Patterns across the answers, the two or three things to work on next, a score summary."""
    counts = {v: 0 for v in ("correct", "partial", "incorrect", "missing", "unassessable")}
    for qr in report.questions:
        counts[qr.verdict] += 1
    strengths: list[str] = []
    improve: list[str] = []
    good = [qr for qr in report.questions if qr.verdict == "correct"]
    if good:
        topics = ", ".join(f"Q{qr.number}" for qr in good[:6]) + ("…" if len(good) > 6 else "")
        strengths.append(f"{len(good)} answers are correct ({topics}).")
    analogies = [qr for qr in report.questions if qr.verdict != "incorrect" and _ANALOGY.search(qr.answer)]
    if len(analogies) >= 2:
        strengths.append("You use analogies well to explain ideas in your own words.")
    if any(f.kind == "code_ok" for qr in report.questions for f in qr.findings):
        strengths.append("Your code runs and produces the right result.")
    misconceptions = [(qr, f) for qr in report.questions for f in qr.findings if f.kind == "misconception"]
    for qr, f in misconceptions[:2]:
        where = pack.question(qr.id).taught_in
        improve.append(f"Q{qr.number}: {_sentence(f.detail)}" + (f" ({where})" if where else ""))
    parts = [qr for qr in report.questions if any(f.kind == "part_unanswered" for f in qr.findings)]
    if len(parts) >= 2:
        nums = ", ".join(f"Q{qr.number}" for qr in parts)
        improve.append(f"Read each question to the end: several ask two things and you answered one ({nums}).")
    elif parts:
        improve.append(f"Q{parts[0].number} asks two things; answer both parts.")
    if any(f.kind in ("code_wrong", "code_error") for qr in report.questions for f in qr.findings):
        improve.append("Run your code before you hand it in: some of it does not give the result asked for.")
    if counts["missing"]:
        improve.append(f"{counts['missing']} question(s) have no answer.")
    weak = [qr for qr in report.questions if qr.verdict in ("partial", "incorrect")
            and not any(f.kind == "misconception" for f in qr.findings)]
    for qr in weak[: max(0, 3 - len(improve))]:
        where = pack.question(qr.id).taught_in
        improve.append(f"Q{qr.number} is incomplete" + (f": re-read {where}." if where else "."))
    total = len(report.questions)
    summary = (f"Score {report.score:.0%}: {counts['correct']} of {total} correct, {counts['partial']} partly "
               f"correct, {counts['incorrect']} incorrect" + (f", {counts['missing']} unanswered" if counts["missing"]
                                                              else "") + ".")
    text = " ".join([*strengths, "To work on next: " + " ".join(improve) if improve else "", summary]).strip()
    return Overall(strengths=tuple(strengths), improve=tuple(improve[:4]), text=" ".join(text.split()))
