"""Who wrote a submission: the student's name and e-mail from the text before the questions.

Recognised, surest first: `Name: …` / `**Student:** …` / `Aluno: …` lines, an e-mail's `From: Name <address>`,
a post's byline ("Posted on March 3, 2024 by Kenji Watanabe"), a line that is just a name ("Priya Nair"), and
`Name — title` ("Li Wei — Chapter 4 questionnaire").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import lang

_WORD = re.compile(r"[^\W_]+")

NOT_NAME_WORDS = frozenset(w for words in lang.NOT_NAME_WORDS.values() for w in words)
_PARTICLES = frozenset(lang.NAME_PARTICLES)
NAME_LINE = re.compile(
    r"^\W*(" + lang.patterns(lang.NAME_LABELS) + r")\W*?[:：=\-–]{1,2}\s*\**\s*(.+?)\**\s*$",
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


_FIELD_GAP = re.compile(r"\s{2,}|\t|\s*[|｜]\s*|\s+[—–·•]\s+|\s+-{1,2}\s+|\\$|,\s+(?=[^,]*\d)")
"""Where a labelled name ends when another field follows on its line ("Student: Hannah Lindqvist    ID: 20231187",
"Student: Jonas Weber — Group B"), or a Google Doc's hard line break ends it ("Name: Aiko Tanaka\\")."""
_MAIL_FROM = re.compile(r"^from:\s*\"?(.+?)\"?\s*<[^<>@\s]+@[^<>\s]+>\s*$", re.IGNORECASE)
"""An e-mail's sender line ("From: Rosa Delgado <rdelgado22@student.example.edu>")."""
BYLINE = re.compile(
    r"^(?:(?:posted|written|published)\b[^\n]{0,60}?\s)?by\s+(.+?)\.?(?:\s+on\s+[^\n]{3,40}|\s*[·|•,(\[].*"
    r"|\.\s+[A-Z].*)?$", re.IGNORECASE)
"""A post's byline ("Posted on March 3, 2024 by Kenji Watanabe", "by Kenji Watanabe · 5 min read", "by Lena
Hoffmann (@lhoffmann)")."""
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(.+?)"
                        r"(?:\s*[·|•,.(\[].*)?$", re.IGNORECASE)
"""A blog's copyright line, set aside at the top of a page read from its footer ("© 2024 Lena Vogt · Built with
Hugo"): it names the writer when what it names is a person's name."""
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:\([^()\s]*\))?[^()\s]*\)")
"""A Markdown link or image, read as its text: a name written as a link to its page ("by [Sofia Marquez](…)")."""
BYLINE_WORDS = 12
_BY_NAME = re.compile(
    r"\b(?:" + lang.patterns(lang.WRITTEN_BY) + r")\s+[*_]*"
    r"([^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4}?)[*_]*(?=\s*(?:[(\[·|•,.;:!—–]|--?\s|$))", re.IGNORECASE)
"""Who a title or a README line says wrote the answers ("Chapter 9 questionnaire — answers by Oluwaseun Adeyemi",
"Maintained by **Sofia Nguyen** ([@sofia-ng](…))")."""
_INTRODUCED_NAME = r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}"
_INTRODUCED = re.compile(
    r"^(?:(?:hi|hello|hey)\b[^,.!]{0,20}[,.!]\s*)?(?:(?:i['’]m|i\s+am|my\s+name\s+is|this\s+is)\s+"
    rf"({_INTRODUCED_NAME})(?=\s*(?:[,.!(]|$|\s+and\b))|({_INTRODUCED_NAME})\s+here\b)", re.IGNORECASE)
"""A post that opens by introducing its writer ("Hi all, Priya Raman here (Bangalore study group).", "I'm Priyanka
Rao, if you find this useful please upvote!")."""
_TABLE_FIELD = re.compile(r"^\|\s*([^|]{1,30}?)\s*\|\s*([^|]+?)\s*\|\s*$")
"""A property table's row ("| Name | Jonas Becker |", a Notion page's properties)."""


def guess_identity(lines: Sequence[str]) -> tuple[str, str]:
    """(student, email) from the lines before the first question. The name, surest first: a labelled one
    (`Name: …`, `**Student:** …`, `| Name | … |`, another field after it on the line cut off), an e-mail's sender
    (`From: Name <address>`), a post's byline ("Posted on … by Name", "answers by Name", "Maintained by Name") or a
    post's "Name here", a line that is a name, a name beside a title ("Li Wei — Chapter 4 questionnaire")."""
    email = ""
    found: dict[int, str] = {}
    for raw in lines:
        raw = re.sub(r"^(?:\s*>)+\s?", "", raw)  # "> … Answers by Lukas Brenner." in a quoted intro
        raw = _LINK.sub(r"\1", raw)
        if field := _TABLE_FIELD.match(raw.strip()):
            raw = f"{field.group(1)}: {field.group(2)}"
        line = raw.strip().strip("*_ ")
        if not line:
            continue
        if raw.lstrip().startswith("#") and not NAME_LINE.match(line.lstrip("#").strip()):
            # a title names the student only as "Homework — Ana Souza" ("# Author: …" in a script is a label)
            if beside := _name_beside_title(line.lstrip("#").strip().strip("*_ ")):
                found.setdefault(4, beside)
            continue
        if raw.lstrip().startswith("#"):
            raw = line = line.lstrip("#").strip()
        address = EMAIL.search(line)
        email = email or (address.group() if address else "")
        labelled = NAME_LINE.match(raw.strip())
        value = _FIELD_GAP.split(labelled.group(2).strip())[0].strip("*_ ") if labelled else ""
        if labelled and (raw[:1].isspace() or re.search(r"\d", value) or len(value.split()) > NAME_WORDS):
            # a nested header key (`kernelspec:` / `  name: python3`), a value with digits, or a sentence
            # ("**Student:** Stochastic gradient descent, it updates the weights…" in a dialogue)
            labelled = None
        sender = _MAIL_FROM.match(line) or _NAME_AND_ADDRESS.match(line)
        byline = BYLINE.match(line) if len(line.split()) <= BYLINE_WORDS else None
        if labelled:  # `author: "Priya"` in a Quarto or Jekyll header, `Author:: [[Tomás Herrera]]` in Roam
            value = _ASIDE_AFTER.sub("", value)  # "Dana Kowalski ([@dkowalski](https://github.com/…))", "(she/her)"
            found.setdefault(0, value.strip("\"'“”‘’[] ").strip("*_ "))
        elif sender and is_person_name(sender.group(1)):
            found.setdefault(1, sender.group(1))
        elif byline and is_person_name(byline.group(1).strip("*_ ")):
            found.setdefault(2, byline.group(1).strip("*_ "))
        elif (owner := _COPYRIGHT.match(line)) and is_person_name(owner.group(1)):
            found.setdefault(2, owner.group(1))
        elif (by := _BY_NAME.search(line)) and is_person_name(by.group(1).rstrip(".")):
            found.setdefault(2, by.group(1).rstrip("."))
        elif (introduced := _INTRODUCED.match(line)) and is_person_name(introduced.group(1) or introduced.group(2)):
            found.setdefault(2, (introduced.group(1) or introduced.group(2)).rstrip("."))
        elif is_person_name(line):
            found.setdefault(3, line)
        elif beside := _name_beside_title(line):
            found.setdefault(4, beside)
    return (found[min(found)] if found else ""), email


_ASIDE_AFTER = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*$")
"""A bracketed aside after a name (a handle with its link, pronouns), brackets inside it included."""


def _name_beside_title(line: str) -> str:
    """The name beside a title: "Li Wei — Chapter 4 questionnaire", "Lição de casa — Beatriz Costa", "Bulldozers —
    chapter 9 homework (Dev Patel)", "Tom Becker, submission for week 9"; else "". The other side must read as a title
    (a word no name has, or a number)."""
    def titled(text: str) -> bool:
        return bool(re.search(r"\d", text)) or any(w in NOT_NAME_WORDS for w in words(text))

    def name(text: str) -> str:
        text = text.strip("*_ .'\"“”‘’")  # "desc: 'Homework for lesson 5 — Leo Okafor'" in a note's front matter
        return text if is_person_name(text) else ""

    # "My answers (Tomasz Nowak). Corrections welcome!": a sentence may follow
    if (bracketed := re.match(r"^(.+?)\s*\(([^()]+)\)\s*(?:[.!]\s+\S.*|\.)?$", line)) and name(bracketed.group(2)) \
            and titled(bracketed.group(1)):
        return name(bracketed.group(2))
    # "INF-2310 Quiz 3 / Lucas Ferreira (48227)", "Lesson 7 - questionario cap 8 - Bruno Tavares": the name is one
    # end of the line, the rest (split anywhere) the title; a bracketed number or aside after the name is no part of it
    sides = _TITLE_SEPARATOR.split(line)
    if len(sides) > 1:
        first, last = sides[0].strip("*_ "), _ASIDE_AFTER.sub("", sides[-1]).strip("*_ ")
        if name(first) and titled(" ".join(sides[1:])):
            return name(first)
        if name(last) and titled(" ".join(sides[:-1])):
            return name(last)
        for side in sides[1:]:  # "Chapter 9 Questionnaire | by Aisha Bello | Medium": a page's title names its writer
            if (byline := BYLINE.match(side.strip("*_ "))) and name(byline.group(1)):
                return name(byline.group(1))
            if (by := _BY_NAME.search(side)) and name(by.group(1)):  # "Questionnaire – answers by Camille Laurent"
                return name(by.group(1))
    parts = re.match(r"^([^,]+),\s+(.+)$", line)
    if parts and name(parts.group(1).strip("*_ ")) and titled(parts.group(2)):
        return name(parts.group(1).strip("*_ "))
    said = line.strip("*_ ").split()
    for n in (3, 2):  # "Jake Miller ch13 hw": the name, then a title in a few words with no mark between
        if len(said) - n in range(1, TITLE_AFTER + 1) and name(" ".join(said[:n])) and titled(" ".join(said[n:])) \
                and not name(" ".join(said[:n + 1])):
            return name(" ".join(said[:n]))
    sentences = re.split(r"(?<=[.!?])\s+", line.strip("*_ "))
    if len(sentences) > 1 and titled(" ".join(sentences[:-1])) and name(sentences[-1]):
        return name(sentences[-1])  # "Respuestas del capítulo 11. Carlos Méndez."
    return ""


TITLE_AFTER = 4
"""The most words of a title written right after a name with no mark between ("Jake Miller ch13 hw")."""
_NAME_AND_ADDRESS = re.compile(r"^\s*([^<>@\n]{3,60}?)\s*<[\w.+-]+@[\w-]+\.[\w.-]+>\s*$")
"""A name and its e-mail address in angle brackets, as an author line writes them (AsciiDoc's header)."""


_TITLE_SEPARATOR = re.compile(r"\s+(?:[—–/|·•]|--?)\s+")
"""What sets a name apart from a title on its line: a dash, a slash, a bar, a dot between spaces."""



def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())
