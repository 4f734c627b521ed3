"""Who wrote a submission: the student's name and e-mail from the text before the questions.

Recognised: `Name: …` / `**Student:** …` / `Aluno: …` lines, a line that is just a name
("Priya Nair"), and `Name — title` ("Li Wei — Chapter 4 questionnaire").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import lang

_WORD = re.compile(r"[^\W_]+")

NOT_NAME_WORDS = frozenset(w for words in lang.NOT_NAME_WORDS.values() for w in words)
_PARTICLES = frozenset(lang.NAME_PARTICLES)
NAME_LINE = re.compile(
    r"^\W*(" + lang.patterns(lang.NAME_LABELS) + r")\W*[:\-–]\s*\**\s*(.+?)\**\s*$",
    re.IGNORECASE,
)
NAME_WORDS = 6
"""Most words a labelled name has ("Name: Maria da Conceição Souza Lima")."""
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def is_person_name(text: str) -> bool:
    """ "Ana Souza", "João da Silva": 2–5 capitalised words (particles allowed), no title words."""
    parts = text.strip().split()
    if not 2 <= len(parts) <= 5 or parts[0] in _PARTICLES:
        return False
    for part in parts:
        if part.casefold().strip(".,") in NOT_NAME_WORDS:
            return False
        if part not in _PARTICLES and not (
            part[0].isupper() and all(c.isalpha() or c in "'’.-" for c in part)
        ):
            return False
    return True


def guess_identity(lines: Sequence[str]) -> tuple[str, str]:
    """(student, email) from the lines before the first question: `Name: …`, a line that is a
    name, or `Name — title` (as in "Li Wei — Chapter 4 questionnaire")."""
    student = email = ""
    for raw in lines:
        line = raw.strip().strip("*_ ")
        if not line:
            continue
        if raw.lstrip().startswith("#"):  # a title names the student only as "Homework — Ana Souza"
            student = student or _name_beside_title(line.lstrip("#").strip().strip("*_ "))
            continue
        found = EMAIL.search(line)
        email = email or (found.group() if found else "")
        labelled = NAME_LINE.match(raw.strip())
        if labelled and (raw[:1].isspace() or re.search(r"\d", labelled.group(2))
                         or len(labelled.group(2).split()) > NAME_WORDS):
            # a nested header key (`kernelspec:` / `  name: python3`), a value with digits, or a sentence
            # ("**Student:** Stochastic gradient descent, it updates the weights…" in a dialogue)
            labelled = None
        if labelled and not student:
            student = labelled.group(2).strip("*_ \"'“”‘’")  # `author: "Priya"` in a Quarto or Jekyll header
        elif not student and is_person_name(line):
            student = line
        elif not student:
            student = _name_beside_title(line)
    return student, email


def _name_beside_title(line: str) -> str:
    """The name in "Li Wei — Chapter 4 questionnaire" or "Lição de casa — Beatriz Costa", else ""."""
    titled = re.match(r"^(.+?)\s+[—–-]\s+(.+)$", line)
    if not titled:
        return ""
    left, right = titled.group(1).strip("*_ "), titled.group(2).strip("*_ ")
    if is_person_name(left) and any(w in NOT_NAME_WORDS for w in words(right)):
        return left
    if is_person_name(right) and any(w in NOT_NAME_WORDS for w in words(left)):
        return right
    return ""


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
