"""What `greenpen read` shows: an alignment as text for people or JSON for tools."""

from __future__ import annotations

from typing import Any

from .domain import REPORT_SCHEMA, Alignment
from .grading.detectors import no_attempt
from .textutil import shorten


def alignment_json(al: Alignment, pack_confidence: float) -> dict[str, Any]:
    """The JSON report's shape, without grades: questions, answers, unaligned text."""
    sub = al.submission
    questions = []
    for q in al.pack.questions:
        a = al.answer(q.id)
        questions.append({
            "id": q.id, "number": q.number, "question": q.text,
            "answer": a.text if a else "", "original": a.original if a else "",
            "alignment_confidence": a.confidence if a else 0.0,
            "labels": list(a.labels) if a else [], "attachments": list(a.attachments) if a else [],
            "repairs": list(a.repairs) if a else [], "where": a.where if a else "",
        })
    return {
        "schema": REPORT_SCHEMA, "source": sub.source, "student": sub.student, "format": sub.format,
        "pack": al.pack.id, "pack_confidence": pack_confidence, "questions": questions,
        "unaligned": [{"label": u.label, "text": u.text, "where": u.where} for u in al.unaligned],
        "extra": list(sub.extra),
    }


def alignment_text(al: Alignment, pack_confidence: float, chosen_automatically: bool) -> str:
    sub = al.submission
    # "I'm not sure." is no answer to read: grading marks it missing, and so does the count
    answered = sum(1 for q in al.pack.questions
                   if (a := al.answer(q.id)) and a.text.strip() and no_attempt(a.text, q) is None)
    how = f"chosen automatically, {pack_confidence:.0%} sure" if chosen_automatically else "given"
    lines = [f"{sub.source} ({sub.format})" + (f" — {sub.student}" if sub.student else ""),
             f"pack {al.pack.id} ({how}): {answered} of {len(al.pack.questions)} questions answered", ""]
    for q in al.pack.questions:
        a = al.answer(q.id)
        if not a:
            lines.append(f"  {q.number:>2}. {shorten(q.text, 70)}\n      — no answer")
            continue
        where = f", {a.where}" if a.where else ""
        lines.append(f"  {q.number:>2}. {shorten(q.text, 70)}  [alignment {a.confidence:.2f}{where}]")
        if a.text.strip() and no_attempt(a.text, q) is not None:
            lines.append(f"      — says only that it does not know yet: {shorten(a.text, 80)}")
        elif a.text.strip():
            lines.append(f"      {shorten(a.text, 100)}")
        else:
            said = f" (the file has: {shorten(a.original, 40)})" if a.original.strip() else ""
            lines.append(f"      — the question is in the file with no answer under it{said}")
        for att in a.attachments:
            lines.append(f"      attachment not in the file: {att}")
        for rep in a.repairs:
            lines.append(f"      repaired: {rep}")
    for u in al.unaligned:
        lines.append(f"  not an answer: {shorten(u.label, 60)} — {shorten(u.text, 80)}")
    for e in () if sub.document else sub.extra:  # a document's leftovers are listed above
        lines.append(f"  other text: {shorten(e, 90)}")
    return "\n".join(lines) + "\n"
