"""An answer that points to another one instead of answering ("see above", "same as Q11", "veja acima"):
a teacher reads the answer it points to, and so does greenpen.

The pointer is the answer's first paragraph, a few words (`POINTER_WORDS`): the pointing words (`lang.POINTERS`), then
either a question's number ("see Q11", "answered in 11"), or "above"/"previous" (`lang.POINTED_BEFORE`) for
the answer before it in the file, or "below" (`lang.POINTED_AFTER`) for the one after it. The answer is then
graded with the words of the answer it points to (of each, when it names several: "see Q16 and Q20"), after a
line that says so; the student's own words stay its
`original`, and a repair says what was done, so the teacher sees both. A pointer to a question whose answer the file
leaves blank is blank too (nothing is answered); one to another pointer, or to a question the pack does not ask,
stays as written. An answer that builds on another and says what it changes
("Same as Q25 but inside a loop over epochs", `builds_on`) is read after the words of the answer it builds on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .domain import AlignedAnswer, Alignment
from .lang import (
    BUILT_ON,
    BUILT_ON_CHANGE,
    POINTED_AFTER,
    POINTED_BEFORE,
    POINTED_NUMBER,
    POINTERS,
    POINTERS_AFTER_NUMBER,
    POINTERS_BEFORE_NUMBER,
    QUESTION_LABELS,
    patterns,
    words,
)

POINTER_WORDS = 10
"""The most words an answer that only points to another has."""

PREFACE = re.compile(r"^\([^\n]*: my answers? to questions? \d+(?: and \d+)*\)\n")
"""The line put before the words of the answer pointed to: "(see Q24: my answer to question 24)", "(See Q16 and
Q20: my answers to questions 16 and 20)"."""

_PLACE = re.compile(r"^(?:cell\s+(\d+),\s+)?lines?\s+(\d+)")
_OPEN = r"^[\s(\[*_>-]*(?:" + patterns(POINTERS) + r")\s+(?:(?:the|my|a|la|le)\s+)?(?:(?:answer|one)\s+)?"
_END = r"(?=[\s.!)\]*_]*(?:$|[—–,;:(]|\s-\s))"
"""Where a pointer's words end: the end of the text, or a dash, comma, colon or bracket before more ("see above —
plus…", "See Question 11 (last part)");
"look at the previous layer's output" points nowhere."""
_BEFORE = re.compile(_OPEN + r"(?:" + patterns(POINTED_BEFORE) + r")" + _END, re.IGNORECASE)
_AFTER = re.compile(_OPEN + r"(?:" + patterns(POINTED_AFTER) + r")" + _END, re.IGNORECASE)
_NUMBERS = (r"(\d{1,3}(?:\s*(?:,|&|\+|\band\b|\by\b|\be\b|\bet\b|\bund\b)\s*(?:" + patterns(POINTED_NUMBER)
            + r")?\d{1,3})*)")
"""One number or several ("see Q16 and Q20", "voir 3 et 4")."""
_NUMBER = re.compile(_OPEN + r"(?:" + patterns(POINTED_NUMBER) + r")?" + _NUMBERS + r"(?:\s+(?:above|below|earlier))?"
                     + _END, re.IGNORECASE)
_NAMED_THING = re.compile(
    r"^[\s(\[*_>-]*(?:same(?:\s+[a-z]+){1,2}\s+as(?:\s+(?:in|for))?|(?:" + patterns(POINTERS) + r"))\s+"
    r"(?:(?:the|my)\s+)?(?:[a-z]+\s+){0,3}?(?:in|from|at|for)?\s*(?:question|q|#)\s*(\d{1,3})"
    r"(?:\s+(?:above|below|earlier))?" + _END, re.IGNORECASE)
"""A pointer that names what it points to on the way: "Same loop as in Q25.", "Same as my training loop in Question
33 below." (the number written with its question's label: "the output of layer 2" points nowhere)."""

_CJK_LABEL = rf"(?:{words({k: v for k, v in QUESTION_LABELS.items() if k in ('ja', 'zh', 'ko')})}|第|q)?\s*"
_CJK_NUMBER = re.compile(
    rf"^[\s(（\[]*(?:(?:{patterns(POINTERS_BEFORE_NUMBER)})\s*{_CJK_LABEL}(\d{{1,3}})\s*[题題번]?"
    rf"|{_CJK_LABEL}(\d{{1,3}})\s*[题題번]?\s*(?:{patterns(POINTERS_AFTER_NUMBER)}))[\s。.!！)）\]]*$",
    re.IGNORECASE)
"""A pointer in Japanese, Chinese or Korean, whose words may follow the number: "問26を参照。", "见第3题",
"26번 참조"."""


_BUILDS_ON = re.compile(r"^[\s(\[*_>-]*((?:" + patterns(BUILT_ON) + r")\s+(?:(?:the|my)\s+)?(?:answer\s+)?(?:"
                        + patterns(POINTED_NUMBER) + r")?(\d{1,3})(?:\s+(?:above|below|earlier))?)"
                        + r"\s*(?:[,;:—–]|\s-\s|\s+(?=" + patterns(BUILT_ON_CHANGE) + r"\b))\s*\S", re.IGNORECASE)
"""An answer that builds on another by its number and says what it changes: "Same as Q25 but inside a loop over
epochs", "like Q25, wrapped in `for epoch in range(n)`"."""


def builds_on(text: str) -> tuple[str, int] | None:
    """(the words that point, the number) when `text` opens by building on the answer to another question."""
    m = _BUILDS_ON.match(" ".join(text.split()))
    return (m.group(1), int(m.group(2))) if m else None


def _without_trailing_symbols(text: str) -> str:
    """`text` without the emoji and other symbols it ends on ("see 33 👇", "veja acima ⬆️")."""
    end = len(text)
    while end and (unicodedata.category(text[end - 1])[0] in "SZ" or unicodedata.category(text[end - 1]) in _MARKS):
        end -= 1
    return text[:end]


_MARKS = ("Mn", "Cf")
"""An emoji's variation selector and joiner ("⬆️" is "⬆" and U+FE0F)."""


_IN_PAGE_LINK = re.compile(r"\[([^\]\n]{1,40})\]\(#[^)\s]*\)")
"""A link to another place of the same page ("[Q9](#q9)"): its words."""


def pointed(text: str) -> int | tuple[int, ...] | str | None:
    """The question number `text` points to (the numbers, when it points to several), "before" or "after" for the
    answer above or below it, or None for an answer."""
    # "see 33 👇"; "See [Q9](#q9)." (a README's link to the answer it points to) reads as its words
    plain = _without_trailing_symbols(" ".join(_IN_PAGE_LINK.sub(r"\1", text).split()))
    if not plain or len(plain.split()) > POINTER_WORDS:
        return None
    cjk = _CJK_NUMBER.match(plain)
    if cjk:
        return int(cjk.group(1) or cjk.group(2))
    number = _NUMBER.match(plain) or _NAMED_THING.match(plain)
    if number:
        numbers = tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", number.group(1))))
        return numbers[0] if len(numbers) == 1 else numbers
    return "before" if _BEFORE.match(plain) else "after" if _AFTER.match(plain) else None


def _split(text: str) -> tuple[str, str]:
    """An answer's first paragraph and the rest ("(same as 4)" / "Next up: chapter 3…")."""
    first, _, rest = text.strip().partition("\n\n")
    return first, rest.strip()


def _position(answer: AlignedAnswer, number: int) -> tuple[int, int, int]:
    """Where an answer stands in its file: its cell and first line when the reader says, else its question's
    number."""
    place = _PLACE.match(answer.where)
    if place is None:
        return (0, number, number)
    return (int(place.group(1) or 0), int(place.group(2)), number)


def follow_pointers(alignment: Alignment) -> Alignment:
    """`alignment` with each answer that points to another graded with that answer's words."""
    pack = alignment.pack
    numbered = {q.number: q.id for q in pack.questions}
    answers = alignment.answers
    targets = {qid: pointed(_split(a.text)[0]) for qid, a in answers.items()}
    built = {qid: b for qid, a in answers.items() if targets[qid] is None and (b := builds_on(a.text))}
    if not any(t is not None for t in targets.values()) and not built:
        return alignment
    own = {qid: a for qid, a in answers.items() if targets[qid] is None and a.text.strip()}
    place = {qid: _position(a, pack.question(qid).number) for qid, a in answers.items()}
    order = sorted(own, key=place.__getitem__)
    out = dict(answers)
    for qid, target in targets.items():
        if target is None:
            continue
        if target == "before":
            found = [t for t in reversed(order) if place[t] < place[qid]][:1]
        elif target == "after":
            found = [t for t in order if place[t] > place[qid]][:1]
        elif not isinstance(target, str):
            found = [numbered[n] for n in ((target,) if isinstance(target, int) else target)
                     if numbered.get(n) in own and numbered[n] != qid]
        else:
            continue
        if not found:
            blank = not isinstance(target, str) and all(
                (t := numbered.get(n)) is not None and t != qid and (t not in answers or not answers[t].text.strip())
                for n in ((target,) if isinstance(target, int) else target))
            if blank and not _split(answers[qid].text)[1]:  # "see 25" where 25 is left blank: nothing answered
                out[qid] = replace(answers[qid], text="", repairs=(
                    *answers[qid].repairs, f'"{" ".join(answers[qid].text.split())}" points to an answer this file '
                                           "leaves blank, so this one is blank too"))
            continue
        numbers = " and ".join(str(pack.question(f).number) for f in found)
        plural = "s" if len(found) > 1 else ""
        first, rest = _split(answers[qid].text)
        pointer = " ".join(_IN_PAGE_LINK.sub(r"\1", first).split()).strip("()[]*_ .")
        words = "\n\n".join(own[f].text for f in found)
        text = f"({pointer}: my answer{plural} to question{plural} {numbers})\n{words}"
        text += f"\n\n{rest}" if rest else ""
        out[qid] = replace(
            answers[qid], text=text,
            repairs=(*answers[qid].repairs, f'"{pointer}" points to the answer{plural} to question{plural} {numbers}, '
                                            f"which {'are' if plural else 'is'} read as this answer too"))
    for qid, (words, number) in built.items():
        base = numbered.get(number)
        if base is None or base == qid or base not in own or base in built:
            continue
        # "Same as Q25 but inside a loop": the answer it builds on, then what the student changes
        out[qid] = replace(
            answers[qid], text=f"({words}: my answer to question {number})\n{own[base].text}\n\n{answers[qid].text}",
            repairs=(*answers[qid].repairs, f'"{words}" builds on the answer to question {number}, which is read '
                                            "before this answer"))
    return replace(alignment, answers=out)
