"""A question that asks for a value ("What is the value of log(-2)?", "What is the size of the receptive
field after two stride 2 convolutions?", "…what is the target associated with the index 1?"): the number
an answer gives is the answer, and it is right or wrong whatever the words around it.

A sentence embedding reads "5×5: the first conv sees 3×3…" as close to "7×7 (with 3×3 kernels)…", and
"0.9" as close to "0.92": numbers are not what it measures. So the value the answer gives (its first
number that the question does not hold, "0,92" read as 0.92, "zero" as 0) is compared with the values
the model answer gives (the one it opens with, "2. The mean is 5…", else its first number the question
does not hold and every number it gives after an "="): one of them, it states the model answer; none of
them, it is a wrong value, which is evidence.
Numbers inside code are arguments, not the value given (`torch.zeros(3,3)`, then "Always zero.").
An answer that gives no number is left to the other rules ("NaN", "It depends on the kernel").
"""

from __future__ import annotations

import re

from .. import lang
from ..domain import Finding
from ..textutil import sentences

OTHER_VALUE = "other-value"
"""The id of the `misconception` finding for a value other than the model answer's."""
VALUE_ANSWER_WORDS = 40
"""The longest answer whose first number is taken as the value it gives."""
_ASKED = re.compile(lang.patterns(lang.VALUE_ASKED), re.IGNORECASE)
_WORDS = {w: n for table in lang.VALUE_WORDS.values() for w, n in table.items()}
_NUMBER = re.compile(r"(?<![\w.,])(?<![^\W\d_][-−])[-−]?\d+(?:\.\d+|,\d{1,2}(?!\d))?(?P<by>\s?[×x*]\s?\d+)?"
                     r"|\b(?:" + "|".join(_WORDS) + r")\b", re.IGNORECASE)
"""A number ("0.92", "0,92", "-2"), a size ("7×7", "5x5": its first number is its value) or a number word; not the
number of a name ("layer-2", "conv2", "rank-3")."""
_AFTER_EQUALS = re.compile(r"=\s*(?=[-−]?\d)")
_CONCLUDES = re.compile(r"→|->|=>")
"""What leads to the value an answer's working concludes with ("… → 7×7 in total"; an "=" may set a parameter,
"with ε = 0.1")."""
_CODE = re.compile(r"```.*?(?:```|$)|`[^`\n]*`", re.DOTALL)
"""Code in an answer: its numbers are arguments (`torch.zeros(3,3)`), not the value the answer gives."""


def _value(token: str) -> float:
    word = token.lower()
    if word in _WORDS:
        return float(_WORDS[word])
    token = re.split(r"\s?[×x*]\s?", token, flags=re.IGNORECASE)[0]  # "7×7": its first number
    return float(token.replace("−", "-").replace(",", "."))


_LISTED = re.compile(r"(?<![\d.])[-−]?\d+(?:\.\d*)?")
"""A number in a list or matrix, where a comma separates numbers ("[0,0,0]") and "1." is a float."""


def numbers(text: str, *, listed: bool = False) -> list[tuple[float, str, int]]:
    """Every number in `text`: (value, as written, where); `listed`: in a list, commas separate numbers."""
    if listed:
        return [(float(m.group().replace("−", "-").rstrip(".") or 0), m.group(), m.start())
                for m in _LISTED.finditer(text)]
    return [(_value(m.group()), m.group(), m.start()) for m in _NUMBER.finditer(text)]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(1.0, abs(b))


def _first_new(text: str, asked: list[float]) -> tuple[float, str] | None:
    return next(((v, w) for v, w, _ in numbers(text) if not any(_same(v, q) for q in asked)), None)


def value_asked(question: str) -> bool:
    return bool(_ASKED.search(question))


_LEADING = re.compile(r"^\W*(?P<n>" + _NUMBER.pattern + r")(?![\d.,]\d)\s*(?:[.:;,(]|$)", re.IGNORECASE)
"""A model answer that opens with its value, standing alone ("2. The mean is 5…", "Zero. Every product…",
"7×7 (with…)"; not "Two learnable vectors, gamma and beta", a count of what follows, nor the "0." of "0.5 means…")."""


def _leading(reference: str) -> float | None:
    m = _LEADING.match(reference.strip())
    if m is None or (re.match(r"^\W*1\s*[.)]", reference) and re.search(r"\b2\s*[.)]\s", reference)):
        return None  # "1. Initialise… 2. Predict…": a list's numbering, not a value
    if reference.lstrip().startswith("["):
        return None  # "[[-1, -1, -1], [0, 0, 0], …]": a list or matrix, compared as one (`compare_literal`)
    if m.group().endswith("(") and _COUNTS.match(reference.strip()[m.end():]):
        return None  # "Two (or more) RNNs on top of each other": an aside, then what it counts
    return _value(m.group("n"))


_COUNTS = re.compile(r"[^()]*\)\s*[^\W\d_]")
"""After a number and an aside in brackets, a word: the number counts it ("Two (or more) RNNs"); "7×7 (with 3×3
kernels)." stands alone."""


def reference_values(question: str, reference: str) -> list[float]:
    """The values the model answer gives: the one it opens with ("2. The mean is 5, … = 2"), else its first
    number the question does not hold and every number after an "=" ("1 - eps + eps/N = 0.92")."""
    lead = _leading(reference)
    if lead is not None:
        return [lead]  # the working after it ("32/8 = 4") holds other numbers than the answer
    asked = [v for v, _, _ in numbers(question)]
    first = _first_new(reference, asked)
    out = [first[0]] if first else []
    for m in _AFTER_EQUALS.finditer(reference):
        found = _NUMBER.match(reference, m.end())
        if found:
            out.append(_value(found.group()))
    return out


def compare_value(answer: str, question: str, reference: str) -> tuple[str, bool] | None:
    """(the value the answer gives, as written; whether the model answer gives it too), or None when the
    question asks for no value, the model answer gives none, or the answer gives none."""
    if not (value_asked(question) or _leading(reference) is not None) or len(answer.split()) > VALUE_ANSWER_WORDS:
        return None
    expected = reference_values(question, reference)
    prose = _CODE.sub(" ", _LINK.sub(" ", answer))
    given = _first_new(prose, [v for v, _, _ in numbers(question)])
    if given is None and (said := numbers(prose)):
        given = said[-1][0], said[-1][1]  # "sd = sqrt(4) = 2" where the question lists 2 and 4: its last number
    if not expected or given is None:
        return None
    if not any(_same(given[0], e) for e in expected) and (ends := list(_CONCLUDES.finditer(prose))):
        # "The layer-2 activation looks at 3×3 … → 7×7 in total": working first, the value it concludes with last
        concluded = _first_new(prose[ends[-1].end():], [v for v, _, _ in numbers(question)])
        if concluded and any(_same(concluded[0], e) for e in expected):
            given = concluded
    return given[1], any(_same(given[0], e) for e in expected)


LITERAL_MIN = 4
"""Fewest numbers of a list or matrix the model answer writes out ("[[-1,-1,-1],[0,0,0],[1,1,1]]") for an
answer's numbers to be compared with it."""
_LITERAL = re.compile(r"\[[\[\]\d\s,.\-−]*\]")


_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|https?://\S+|\{\{[^{}]*\}\}")
"""A Markdown image or link, an address or a template tag: their numbers are no values."""
_EXAMPLE = re.compile(r"\b(?:e\.g\.|eg\b|for example|for instance|such as)", re.IGNORECASE)


_TUPLE = re.compile(r"\(\s*-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?){2,}\s*\)")
"""A tuple of three numbers or more, as a model answer writes the values it gives ("moms=(0.95, 0.85, 0.95)")."""
_VALUES_ASKED = re.compile(r"\bvalues\b", re.IGNORECASE)


def _literal(reference: str, question: str = "") -> tuple[list[float], int] | None:
    """The numbers of the first list or matrix the model answer writes out, if it has enough of them, and the
    length of its rows (all of them for a flat list); or, for a question that asks for values ("What are the default
    values of momentum for 1cycle training?"), of the tuple it gives them in ("(0.95, 0.85, 0.95)")."""
    if _VALUES_ASKED.search(question) and (tup := _TUPLE.search(reference)):
        values = [v for v, _, _ in numbers(tup.group(), listed=True)]
        return values, len(values)
    for m in _LITERAL.finditer(reference):
        if _EXAMPLE.search(re.split(r"(?<=[.!?])\s+(?=[A-Z])", reference[: m.start()])[-1]):
            return None  # "e.g. … gives torch.Size([1, 16, 129, 129])": one example's output, not the answer
        values = [v for v, _, _ in numbers(m.group(), listed=True)]
        if len(values) >= LITERAL_MIN:
            rows = re.findall(r"\[([^\[\]]*)\]", m.group())
            return values, len(numbers(rows[0], listed=True)) if rows else len(values)
    return None


def _shown(written: list[str], row: int) -> str:
    """The student's numbers as a list, in the model answer's rows: "[[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]"."""
    rows = [written[i:i + row] for i in range(0, len(written), row)] if 0 < row < len(written) else [written]
    inner = ", ".join("[" + ", ".join(r) + "]" for r in rows)
    return f"[{inner}]" if len(rows) > 1 else inner


def compare_literal(answer: str, reference: str, question: str = "") -> tuple[str, bool] | None:
    """(the answer's numbers as written, whether they are the model answer's list, matrix or values asked for, in its
    order) when the model answer writes them out and the answer gives as many numbers (in a list, a tuple, a tensor
    or plain rows), read from its first "[" (or "(", for a tuple) on: "moms=(0.85, 0.95, 0.85)" gives the values the
    other way round, every word around them on topic. None otherwise, and None too for the same numbers with every
    sign turned (the same pattern the other way round: not the model answer's, not plainly wrong)."""
    literal = _literal(reference, question)
    if literal is None:
        return None
    want, row = literal
    answer = _LINK.sub(" ", answer)  # "![top edge kernel](images/ch13/top_edge.png)": no list, no values
    opens = [at for at in (answer.find("["), answer.find("(") if _TUPLE.search(reference) else -1) if at >= 0]
    start = min(opens, default=-1)
    whole = _whole_literal(answer, len(want), "[(" if _TUPLE.search(reference) else "[")
    found = [(v, w) for v, w, _ in numbers(whole if whole is not None else answer[start:] if start >= 0 else answer,
                                           listed=True)]
    if len(found) < len(want):
        return None
    given = [v for v, _ in found[: len(want)]]
    if all(_same(a, b) for a, b in zip(given, want, strict=True)):
        return ", ".join(w for _, w in found[: len(want)]), True
    if all(_same(-a, b) for a, b in zip(given, want, strict=True)):
        return None
    return _shown([w for _, w in found[: len(want)]], row), False


_CLOSES = {"[": "]", "(": ")"}


def _whole_literal(answer: str, least: int, opening: str) -> str | None:
    """The first bracketed list, tuple or tensor of the answer that holds `least` numbers or more ("tensor([0.02,
    0.92, …])"), not an index before it ("target[1] = 1 - eps + eps/N"); None when there is none."""
    for at, char in enumerate(answer):
        if char not in opening:
            continue
        depth = 0
        for end in range(at, len(answer)):
            if answer[end] == char:
                depth += 1
            elif answer[end] == _CLOSES[char]:
                depth -= 1
                if not depth:
                    break
        inside = answer[at:end + 1]
        if len(numbers(inside, listed=True)) >= least:
            return inside
    return None


def value_finding(answer: str, reference: str, compared: tuple[str, bool] | None) -> Finding | None:
    """The wrong value as a finding: certain, like a wrong mark."""
    if compared is None or compared[1]:
        return None
    spans = sentences(" ".join(reference.split()))
    first = spans[0].text if spans else reference.strip()
    return Finding(kind="misconception", id=OTHER_VALUE, evidence=compared[0], detail=first, strength=1.0)
