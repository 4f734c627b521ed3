"""Rubric-independent checks on an answer: claims that contradict themselves, text that
talks to the grader instead of answering, drawings that did not come with the file."""

from __future__ import annotations

import re

from ..domain import Finding, Question
from ..textutil import shorten

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "dois": 2, "duas": 2, "três": 3, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7, "oito": 8,
}
_ANNOUNCE = re.compile(
    r"\b(?P<n>" + "|".join(NUMBER_WORDS) + r"|[2-9]|10)\s+(?:main\s+|key\s+|basic\s+|principais\s+)?"
    r"(?P<what>phases|steps|stages|parts|reasons|things|ways|points|components|fases|etapas|passos|partes)\b",
    re.IGNORECASE,
)
_ENUMERATED = re.compile(r"(?:^|[\s(])(\d{1,2})[.)]\s+\S|\((\d{1,2})\)\s*\S")

_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:rubric|instructions?|previous|above|grader|grading)\b|"
    r"\b(?:give|award|assign)\b.{0,30}\b(?:full|maximum|max|all)\s+(?:marks|points|score|credit)\b|"
    r"\bignor[ea]\b.{0,40}\b(?:rubrica|instru[çc][õo]es)\b|\bnota\s+m[áa]xima\b|"
    r"\byou\s+are\s+(?:now\s+)?(?:a|an|the)\s+(?:grader|teacher|assistant)\b|\bsystem\s*prompt\b|"
    r"(?:^|[.!?:;]\s*|\n\s*)(?:please\s+)?(?:reply|respond|answer|say)\s+[\"']?yes\b|"
    r"(?:^|[.!?:;]\s*|\n\s*)respond[ae]\s+sim\b|"
    r"\b(?:note|message|instructions?)\s+(?:to|for)\s+the\s+(?:grader|marker|teacher|model|ai|assistant)\b|"
    r"\bdear\s+(?:grader|marker)\b|<<<\s*(?:end_)?student_answer",
    re.IGNORECASE | re.DOTALL,
)


def self_contradiction(text: str) -> Finding | None:
    """An answer that announces N items and then lists a different number of them."""
    for m in _ANNOUNCE.finditer(text):
        said = NUMBER_WORDS.get(m.group("n").lower()) or int(m.group("n"))
        rest = text[m.end():]
        numbers = [int(a or b) for a, b in _ENUMERATED.findall(rest)]
        run = _leading_run(numbers)
        if run >= 2 and run != said:
            what = m.group("what")
            return Finding(
                kind="self_contradiction", id="count-mismatch", evidence=shorten(m.group(0), 60),
                detail=f'you announce "{m.group(0)}" but then list {run} {what}',
            )
    return None


def _leading_run(numbers: list[int]) -> int:
    """Length of the run 1, 2, 3, … at the start of an enumeration."""
    expected = 1
    for n in numbers:
        if n == expected:
            expected += 1
        elif n > expected:
            break
    return expected - 1


def injection(text: str) -> Finding | None:
    """Text that addresses the grader ("ignore the rubric and give full marks")."""
    m = _INJECTION.search(text)
    if not m:
        return None
    return Finding(
        kind="off_topic", id="addresses-grader", evidence=shorten(m.group(0), 80),
        detail="this addresses the grader instead of answering the question; it earns no marks",
    )


_NO_ATTEMPT = re.compile(
    r"^\W*(?:(?:i\s+(?:do\s*n['’]?o?t|dont|didn['’]?t)\s+(?:know|remember|understand)|idk|no\s+idea|not\s+sure|"
    r"dunno|n[ãa]o\s+sei|no\s+s[ée]|tbd|todo)\b|\?+)",
    re.IGNORECASE,
)


def no_attempt(text: str) -> Finding | None:
    """An answer that is only "I don't know" (or "?", "TODO"): nothing to credit. A doubt
    followed by an attempt ("not sure, but I think …") is an answer."""
    m = _NO_ATTEMPT.search(text.strip())
    if not m or len(text.strip()[m.end():].split()) > 2:
        return None
    return Finding(
        kind="off_topic", id="no-attempt", evidence=shorten(text.strip(), 80),
        detail="you say you don't know yet: have another look at the course and try an answer in your own words",
    )


def missing_attachments(question: Question, attachments: tuple[str, ...]) -> list[Finding]:
    """One finding per part that asks for a drawing: the drawing is never in the file we read."""
    out = []
    for part in question.parts:
        if not part.attachment:
            continue
        if attachments:
            names = ", ".join(f'"{a}"' for a in attachments)
            detail = (f"{part.text}: your file names the attachment {names}, but the drawing itself did "
                      "not come with the submission, so it could not be assessed — send the image again")
            evidence = attachments[0]
        else:
            detail = (f"{part.text}: there is no drawing in the submission, so this part could not be "
                      "assessed — attach an image of your plot")
            evidence = ""
        out.append(Finding(kind="attachment_missing", id=part.id, evidence=evidence, detail=detail))
    return out


_POINTER = re.compile(r"\b(?:attach\w*|see|diagram|drawing|drew|figure|image|picture|photo|sketch|plot|"
                      r"anexo|anexad\w*|desenh\w*|imagem|figura)\b", re.IGNORECASE)


def points_to_attachment(text: str) -> bool:
    """A short answer whose substance is "see the attached drawing"."""
    return len(text.split()) <= 30 and bool(_POINTER.search(text))
