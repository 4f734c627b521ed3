"""Quoting the student: short clauses of their own words, their analogies and examples.

A finding's evidence is a whole sentence; feedback quotes the clause of it that carries
the idea (where the rubric's cue matched, else the clause sharing most words with the
key point), so a quote stays short and to the point.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import lang
from ..domain import CueSet
from ..textutil import STOPWORDS
from ..textutil import content_tokens as _content_tokens


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    """Content words of `text` (cached: rubric texts and answers come back for every question)."""
    return frozenset(_content_tokens(text))

MAX_WORDS = 12
"""The longest quote, in words; longer evidence is cut to the clause that matters."""

_CLAUSE = re.compile(r"\s*(?:(?!(?<=\d),(?=\d)|(?<=\b[a-zA-Z]),(?=[a-zA-Z]\b)|(?<=[\[:]),|,(?=[:\]])),|:(?!\S)"
                     r"|[;()\u2014]|(?<!\d)\u2013|\s-\s|\.(?=\s|$))\s*")
"""Where a clause ends (an en dash between numbers, "0.5–5.5", is a range, not a break; nor is a comma
inside a number or a pair, "1,000", "x,y", `a[:,0]`, or a colon before a non-space, `a[:,0]`)."""
_TRIM = " \t\n\"'“”‘’*_.,;:!?=>–—→⇒•·▪◦"
_LEADING = re.compile(r"^(?:(?:" + lang.patterns(lang.LEADING_CONNECTIVES) + r")\s+)+", re.IGNORECASE)


def stable_index(n: int, *keys: str) -> int:
    """A deterministic choice in range(n) from `keys` (the same keys always give the same index)."""
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % n if n else 0


def clean(text: str) -> str:
    """One line, no surrounding punctuation or quote marks, inner double quotes made single."""
    text = " ".join(text.split()).strip(_TRIM)
    text = _LEADING.sub("", re.sub(r"^-+(?!\d)", "", text)).strip(_TRIM)  # a list's dash, not a minus ("-1")
    # the next item's number an inline list left at the end ("1) minimum / 10 and 2) the steepest…"),
    # not a number of the sentence ("they sum to 1", "between 0 and 1")
    text = re.sub(r"(?:,|;|\s(?:and|or|e|y|ou|o))\s+[2-9]$", "", text)
    if text.count(")") > text.count("(") and text.endswith(")"):
        text = text[:-1]
    if text.count("(") > text.count(")") and text.startswith("("):
        text = text[1:]
    if text.count("(") > text.count(")"):
        text = text.rstrip("(").rstrip()
    return text.replace('"', "'").replace("“", "'").replace("”", "'")


QUOTE_MIN_WORDS = 4
"""The fewest words a quoted clause has on its own: "of the image" or "output is" says nothing; it is quoted
with the clause beside it ("a color (R/G/B) of the image")."""


def _joined_short(clauses: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """`clauses` with each one of fewer than QUOTE_MIN_WORDS words joined to the next (the last to the one
    before): a quote is chosen among stretches that say something."""
    out: list[tuple[int, int]] = []

    def joinable(a: tuple[int, int], b: tuple[int, int]) -> bool:
        # not over the next step's number ("… pérdida 3) calcular"), nor out of a bracket the stretch did not open
        # ("(so they are probabilities) and sum up"); into one and out of it again is whole ("a color (R/G/B) of…")
        between, so_far = text[a[1]:b[0]], text[a[0]:a[1]]
        return not re.search(r"\d\)", text[max(a[1] - 3, 0):b[0]]) and (
            ")" not in between or so_far.count("(") > so_far.count(")"))

    for s, e in clauses:
        if out and len(text[out[-1][0]:out[-1][1]].split()) < QUOTE_MIN_WORDS and joinable(out[-1], (s, e)):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    if len(out) > 1 and len(text[out[-1][0]:out[-1][1]].split()) < QUOTE_MIN_WORDS and joinable(out[-2], out[-1]):
        out[-2:] = [(out[-2][0], out[-1][1])]
    return out


_NEXT_STEP = re.compile(r"\s+\d{1,2}$")
"""The next step's number a clause ends on, in a list numbered inside one line ("calcular la pérdida 3) …")."""


_MATH = re.compile(r"\$[^$\n]+\$")
"""A formula in dollars ("$F(x) = y - x$"): one piece of a clause, never cut inside."""
_ASIDE = re.compile(r"\((?:[^()\s]+\s?){1,3}\)")
"""A short aside in brackets, inside its clause ("because the labels (next words) come from the text"): the clause
goes on through it."""


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)
              if text[:m.start()].strip() and (re.match(r"\s*\w", text[m.end():])
                                               or text[:m.start()].split()[-1].lower() in _DANGLING)]
    maths = [(m.start(), m.end()) for m in _MATH.finditer(text)]
    for m in _CLAUSE.finditer(text):
        mark = m.group().strip()
        if mark in ("(", ")") and any(a <= m.start() + m.group().index(mark) < b for a, b in asides) \
                or any(a < m.start() < b for a, b in maths):
            continue
        if m.start() > start:
            end = m.start()
            if text[end:end + 1] == ")" and (step := _NEXT_STEP.search(text, start, end)):
                end = step.start()
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    """A pack's cue, compiled once (packs hold more cues than the `re` module's own cache)."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:
        return None


def _cue_span(text: str, cues: Iterable[CueSet]) -> tuple[int, int] | None:
    for group in cues:
        found = []
        for pattern in group:
            rx = _compiled(pattern)
            m = rx.search(text) if rx is not None else None
            if not m:
                break
            found.append((m.start(), m.end()))
        else:
            if found:
                return min(s for s, _ in found), max(e for _, e in found)
    return None


_DANGLING = frozenset("""a an the of to in on at for from by with and or but so as that which who how when
    while if than then its their it they is are was were be this these those our your e o de do da em para com
    que um uma""".split())


def _word_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _trimmed(text: str, words: list[tuple[int, int]], lo: int, hi: int, cut_end: bool) -> str:
    """Words lo..hi of `text` without dangling function words at the end; "…" when cut short."""
    while hi > lo and (clean(text[words[hi][0]:words[hi][1]]).lower() in _DANGLING
                       or not re.search(r"\w", text[words[hi][0]:words[hi][1]])):  # "->", "-", "/": no words
        hi -= 1
        cut_end = True
    piece = clean(text[words[lo][0]:words[hi][1]])
    return piece + "…" if cut_end and piece else piece


def _window(text: str, start: int, end: int, limit: int, lead: int = 2, tight: bool = False) -> str:
    """A quote around [start, end): from `lead` words before it, at most `limit` words, tidy ends."""
    words = _word_spans(text)
    if not words:
        return ""
    inside = [i for i, (s, e) in enumerate(words) if e > start and s < end] or [0]
    if not tight:
        lo = max(0, inside[-1] - limit + 1)
        hi = min(inside[-1] + 2, len(words) - 1)
        piece = _trimmed(text, words, lo, hi, cut_end=hi < len(words) - 1)  # "…which say…": cut, and shown cut
        return ("…" + piece) if lo > 0 else piece
    lo = max(0, inside[0] - lead)
    hi = max(inside[-1], min(len(words) - 1, lo + 3))
    hi = min(hi, lo + limit - 1, len(words) - 1)
    return _trimmed(text, words, lo, hi, cut_end=hi < len(words) - 1 and hi < inside[-1])


def evidence_line(evidence: str, answer: str, cues: tuple[CueSet, ...] = (), about: tuple[str, ...] = ()) -> str:
    """The one line of `answer` that holds the point, when `evidence` spans several of its lines (a list,
    code and prose, an answer matched as a whole): where the rubric's cue matches, else the line sharing
    most words with the point; `evidence` itself when it is one line or no line stands out."""
    found = _locate(" ".join(evidence.split()), answer) if evidence.strip() else None
    if found is None:
        return evidence
    lines = [line.strip() for line in answer[found[0]:found[1]].splitlines() if line.strip()]
    if len(lines) < 2:
        return evidence
    for line in lines:
        if _cue_span(line, cues) is not None:
            return line
    wanted = set().union(*(tokens(a) for a in about)) if about else set()
    shared = [len(tokens(line) & wanted) for line in lines]
    best = max(shared, default=0)
    return lines[shared.index(best)] if best and shared.count(best) == 1 else evidence


@functools.lru_cache(maxsize=4096)
def tight_quote(evidence: str, cues: tuple[CueSet, ...] = (), about: tuple[str, ...] = (),
                limit: int = MAX_WORDS, tight: bool = False) -> str:
    """The part of `evidence` worth quoting: the whole of it when short, else the clause that matters.

    With `tight`, quote only the words around the rubric's cue (for a misconception: the
    wrong statement itself, not the whole sentence around it).
    """
    text = " ".join(evidence.split())
    n_words = len(text.split())
    if n_words <= (6 if tight else 10):
        return clean(text)
    clauses = _clauses(text)
    span = _cue_span(text, cues)
    if span is not None:
        covering = [(s, e) for s, e in clauses if e > span[0] and s < span[1]]
        if covering and not tight:
            s, e = covering[0][0], covering[-1][1]
            if len(text[s:e].split()) <= limit + 1:
                return clean(text[s:e])
        lo = covering[0][0] if covering else 0
        sub = text[lo:covering[-1][1]] if covering else text
        words = _word_spans(sub)
        last = max((i for i, (s, _) in enumerate(words) if s < span[1] - lo), default=0)
        if not tight and last < limit:
            return _trimmed(sub, words, 0, min(limit, len(words)) - 1, cut_end=len(words) > limit)
        return _window(sub, span[0] - lo, span[1] - lo, limit, tight=tight)
    wanted = set().union(*(tokens(a) for a in about)) if about else set()
    best = max(_joined_short(clauses, text), key=lambda c: (len(tokens(text[c[0]:c[1]]) & wanted), -c[0]),
               default=None)
    if best is None:
        return clean(text)
    piece = text[best[0]:best[1]]
    if len(piece.split()) <= limit + 1:
        return clean(piece)
    words = _word_spans(piece)
    return _trimmed(piece, words, 0, limit - 1, cut_end=True)


def only_the_question(quote: str, question: str) -> bool:
    """True when a quote holds no word of its own beyond the question's ("Test set", "Some possible
    negative implications of text generation models are…"): it shows the student asked nothing. Code
    (`a[1:, 1:]`) always says something of its own."""
    if quote.startswith("`"):
        return False
    words = re.findall(r"\w+", quote.casefold())
    asked = {w.rstrip("s") for w in re.findall(r"\w+", question.casefold())}
    own = [w.rstrip("s") for w in words if w not in STOPWORDS]
    # nor does one of nothing but little words ("Then", "Done ✅")
    return bool(words) and all(w in asked for w in own)


def echoes(quote: str, clause: str) -> bool:
    """True when a quote says little more than the praise clause already says (avoid parroting)."""
    q = tokens(quote)
    return bool(q) and len(q) <= 3 and len(q - tokens(clause)) == 0


# ─── analogies and examples ──────────────────────────────────────────────────

_ANALOGY = re.compile(r"(?:" + lang.patterns(lang.ANALOGY_MARKERS) + ")", re.IGNORECASE)
_EXAMPLE = re.compile(r"\b(?:" + lang.patterns(lang.EXAMPLE_MARKERS) + r")(?!\w)", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]?")
_DEICTIC = re.compile(r"^(?:" + lang.patterns(lang.DEICTICS) + r")\b", re.IGNORECASE)
_CLAUSE_OPENER = re.compile(r"^(?:" + lang.patterns(lang.CLAUSE_OPENERS) + r")\b", re.IGNORECASE)
_NOUN_STOP = re.compile(r"\b(?:" + lang.patterns(lang.NOUN_STOPS) + r")\b", re.IGNORECASE)
_ARTICLE = re.compile(r"(?:" + lang.patterns(lang.ARTICLES) + r")\s+\w", re.IGNORECASE)


ENGLISH_MARKERS = lang.ANALOGY_WORDS_EN


@dataclass(frozen=True)
class Analogy:
    """An analogy in the student's answer: how to name it in feedback and the words it came from."""

    name: str
    label: str
    quote: str


def _short_phrase(text: str, limit: int = 7) -> str:
    """The first words of `text`, cut before a subordinate clause ("… when they make mistakes")."""
    words = text.split()
    out: list[str] = []
    for w in words[:limit]:
        if len(out) >= 3 and re.fullmatch(r"(?:when|because|which|that|so|while|if|to|helps?|is|are|"
                                          r"quando|porque|que)[,.]?", w, re.IGNORECASE):
            break
        out.append(w)
    return clean(" ".join(out))


@functools.lru_cache(maxsize=1024)
def find_analogy(answer: str) -> Analogy | None:
    """The first analogy in `answer`, named in the student's terms ("your recipe analogy")."""
    for sm in _SENTENCE.finditer(answer):
        sentence = sm.group(0).strip()
        m = _ANALOGY.search(sentence)
        if not m:
            continue
        after = sentence[m.end():].strip(" ,:")
        if _EXAMPLE.match(after) or _CLAUSE_OPENER.match(after):
            continue  # "like for example, the teddy bear": an example follows, not an analogy
        before = sentence[:m.start()].strip(" ,:")
        english = m.group(0).strip().lower().split()[-1] in ENGLISH_MARKERS
        if _ARTICLE.match(after) and not _DEICTIC.match(after):
            words = re.sub(r"^(?:an?|um|uma)\s+", "", after, flags=re.IGNORECASE)
            words = re.split(r"[,.;:!?()]", words, maxsplit=1)[0]
            noun = clean(" ".join(_NOUN_STOP.split(words, maxsplit=1)[0].split()[:3]))
            if noun and len(noun.split()) <= 2:
                article = "an" if noun[:1].lower() in "aeiou" else "a"
                name = f"your {noun} analogy" if english else f'your "{noun}" analogy'
                return Analogy(name, f"{article} {noun}" if english else f'"{noun}"', clean(sentence))
        if after and not _DEICTIC.match(after):
            phrase = lc(_short_phrase(after.split(",")[0]))
            if phrase and re.fullmatch(r"[^\W\d_][\w' -]*", phrase):
                return Analogy(f'your comparison with "{phrase}"', phrase, clean(sentence))
        if after and (not _DEICTIC.match(after) or len(after.split()) > 2):
            continue  # "computes the gradient as if it was the matmul": a clause follows, no likeness named before
        source = before if before else sentence
        source = re.sub(r"\s*,?\s*(?:which|that)\s+(?:is|are)\s*$", "", source, flags=re.IGNORECASE)
        phrase = lc(_short_phrase(source))
        if phrase:
            return Analogy(f'your analogy of "{phrase}"', phrase, clean(sentence))
    return None


def lc(text: str) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym (PyTorch, SGD, Python)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:] != first[1:].lower():
        return text
    if first in ("I",) or not first[:1].isalpha() or first.strip(".,:;!?") in lang.PROPER_NAMES:
        return text
    return text[:1].lower() + text[1:]


_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*(?=[^\s\-*+•\d])")
"""A line break inside a paragraph (a hard-wrapped text file): not the end of the example."""


@functools.lru_cache(maxsize=1024)
def find_example(answer: str) -> str | None:
    """The example the student gives ("e.g. ReLU"), as a short quote, or None."""
    m = _EXAMPLE.search(answer)
    if not m:
        return None
    after = answer[m.end():].strip(" ,:")
    if after.startswith("("):
        return _example_piece(after[1:].split(")", 1)[0])
    if _CALL_START.match(after):  # "e.g. tensor([1,2,3]) + 1 -> [2,3,4]": the code, not the name it calls
        return _example_piece(re.split(r"[;\n]|\.(?=\s|$)", after, maxsplit=1)[0])
    # a hard-wrapped paragraph goes on after its line break; a line that ends the example may be all of it
    flowing = _SOFT_BREAK.sub(" ", after)
    listed = _LIST_OF_EXAMPLES.match(flowing)
    if listed:  # "a book title, review, zipcode, and product id": the list whole, or nothing
        return _example_piece(listed.group(0))
    whole = _example_piece(_EXAMPLE_END.split(flowing, maxsplit=1)[0])
    line = _EXAMPLE_END.split(after, maxsplit=1)[0]
    return whole or (_example_piece(line) if len(line.split()) >= 2 else None)


_CALL_START = re.compile(r"[A-Za-z_][\w.]*\(")
"""An example that opens with a call ("tensor([1,2,3]) + 1"): its brackets do not end it."""
_EXAMPLE_END = re.compile(r"[,:](?=\s|$)|[;\n()]|\.(?=\s|$)")
"""Where an example ends: a comma or colon before a space ("the x,y coordinates" and `df.iloc[:,0]` go on)."""
_LIST_OF_EXAMPLES = re.compile(r"[^,;:\n().]+(?:,[^,;:\n().]+)+,?\s+(?:and|or)\s+[^,;:\n().]+(?=[.;:\n(]|$)"
                               r"|[^,;:\n().]+(?:,[^,;:\n().]+)+,?\s+etc\b")
"""Examples given as a list that closes with "and …", "or …" or "etc" before the sentence ends."""


def _example_piece(piece: str) -> str | None:
    if len(piece.split()) > 8:
        return None  # an example too long to quote whole is not quoted cut
    piece = clean(piece)
    words = re.findall(r"[\w'’]+", piece.lower())
    if not words or words[-1] in STOPWORDS or words[-1] in _AUXILIARIES:
        return None  # cut inside a clause ("an insurance company predicting risk may")
    return piece if len(re.findall(r"\w", piece)) >= 3 else None


_AUXILIARIES = frozenset("may might can could will would shall should must is are was were be".split())


# ─── a quote as the student wrote it ─────────────────────────────────────────

_FENCE = re.compile(r"(?:```+|~~~+)[\w+-]*")
_CODE_LINE = re.compile(
    r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:(?:def|class)\s+\w+\s*[(:]"
    r"|for\s+[\w, ]+\s+in\s+.+:\s*(?:#.*)?$|while\s+.+:\s*(?:#.*)?$|[\w.]+\[.*\]\s*$"
    r"|(?:from\s+[\w.]+\s+)?import\s+[\w.]+(?:\s+as\s+\w+)?\s*$|return\s|print\(|assert\s|lambda\s"
    r"|[\w.\[\]'\"]+(?:\s*,\s*[\w.\[\]'\"]+)*\s*(?:[-+*/@%]?=|==)\s*\S"
    r"|[\w.]+\(.*\)[\w.()]*:?\s*(?:#.*)?$|\[.*\bfor\b.*\bin\b.*\]\s*$|>>>)"
)
"""A line of code outside a fence: a statement, an assignment (`p.data -= p.grad*lr`), a call."""
_COMMENT = re.compile(r"(?<=\S)\s+#\s.*$")
"""A comment after code on its line, left out of the quote."""
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MAX_CODE = 70
"""The longest line of code quoted (as `inline code`); a longer one is not quoted."""
_OPENING = re.compile(r"(?<![\w'])'(?=\S)")
_CLOSING = re.compile(r"(?<=\S)'(?![\w'])")
_LAST_NUMBER = re.compile(r"[ \t]+\d{1,3}(?:,\d{3})*(?:\.\d+)?(?=[ \t]*(?:$|\n|[,;:!?)](?!\d)|\.[ \t]*(?:$|\n)))")
"""A number that ends the student's clause ("between 0 and 1"), which a quote must not lose."""


def _code_lines(answer: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_code) of every line of `answer`; lines inside a fence and lines that read as code."""
    out: list[tuple[int, int, bool]] = []
    fenced = False
    start = 0
    for line in answer.split("\n"):
        end = start + len(line)
        if _FENCE.match(line.strip()):
            fenced = not fenced
            out.append((start, end, bool(_FENCE.sub("", line, count=1).strip())))
        else:
            out.append((start, end, fenced or bool(_CODE_LINE.match(line))))
        start = end + 1
    return out


def _locate(text: str, answer: str) -> tuple[int, int] | None:
    """Where the words of `text` stand in `answer` (whitespace and quote marks may differ)."""
    words = text.split()
    if not words:
        return None
    quote_marks = "['\"\u201c\u201d\u2018\u2019]"
    parts = [re.sub(r"\\?'", quote_marks, re.escape(w)) for w in words]
    m = re.search(r"\s+".join(parts), answer)
    if m is None:
        m = re.search(r"\s+".join(parts), answer, re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _next_step(answer: str, start: int, number: re.Match[str]) -> bool:
    """The number after a quote opens the next step of a list numbered inside its line ("…jumps around 2) too
    small…" after "1) too big"): the step before it is numbered one less, earlier on the line."""
    value = number.group().strip()
    if not value.isdigit() or not re.match(r"[.)]\s+\S", answer[number.end():]):
        return False
    line = answer[answer.rfind("\n", 0, start) + 1:start]
    return bool(re.search(rf"(?:^|\s){int(value) - 1}[.)]\s", line))


def _whole_words(answer: str, s: int, e: int) -> tuple[int, int]:
    while s > 0 and (answer[s - 1].isalnum() or answer[s - 1] == "_"):
        s -= 1
    while e < len(answer) and (answer[e].isalnum() or answer[e] == "_"):
        e += 1
    return s, e


def _balanced(text: str, answer: str, start: int, end: int) -> str:
    """`text` with its asides and quote marks closed: an open '(' closed from the answer when it closes
    soon after, else the aside dropped; a lone quote mark matched."""
    for open_, close in (("(", ")"), ("[", "]")):
        while text.count(open_) > text.count(close):
            after = answer[end:end + 40].split("\n", 1)[0]
            if close in after and text.count(open_) - text.count(close) == 1:
                cut = after.index(close) + 1
                text, end = text + after[:cut], end + cut
            else:
                text = text[:text.rindex(open_)].rstrip(" ,;:")
    opening, closing = len(_OPENING.findall(text)), len(_CLOSING.findall(text))
    if closing > opening and start > 0 and answer[start - 1] in "'\"\u2018\u201c":
        text = "'" + text
    elif opening > closing:
        mark = re.match(r"[^\s']{0,2}'", answer[end:end + 3].replace('"', "'"))
        if mark:
            text += mark.group(0)
        else:
            last = list(_OPENING.finditer(text))[-1]
            text = text[:last.start()] + text[last.end():]
    return text


_ARROW_EDGES = re.compile(r"^(?:→|⇒|->|=>)\s*|\s*(?:→|⇒|->|=>)$")


def _plain(text: str) -> str:
    """Prose for a quote: no Markdown emphasis, headers, list markers or stray backticks."""
    text = _FENCE.sub(" ", text)
    # not `_`: it is in `__init__`, `zero_`; nor a `*` between a bracket and a word: `randn(n)*std`, `w*(x)`; nor a
    # power's `**` between a word and a number: `(w**2).sum()`
    text = re.sub(r"(?<![\w)\]])\*\*|\*\*(?![\w(\[])|(?<![\w)\]*])\*(?=\w)|(?<=\w)\*(?![\w(\[*])", "", text)
    text = re.sub(r"^\s*(?:#+|>|[-*+]|\d+[.)])\s+", "", text)
    if text.count("`") % 2:
        text = text.replace("`", "")
    return " ".join(text.split())


def _closed(code: str) -> bool:
    """True when every bracket of a line of code closes on it (strings aside)."""
    bare = re.sub(r"'[^']*'|\"[^\"]*\"", "", code)
    return all(bare.count(a) == bare.count(b) for a, b in ("()", "[]", "{}"))


def student_quote(quote: str, answer: str, *, required: bool = False) -> str:
    """`quote` (cut from the student's answer) as the feedback shows it: `"words"` for prose, whole
    words and clauses only, `` `code` `` for code, whole lines; "" when it cannot be shown whole
    (with `required`, a sentence that cannot do without the quote: the best it can be).

    The quote is found again in `answer` so a cut word is made whole, a line of code is quoted as
    the line it is, and words from two lines are not joined into one.
    """
    lead, trail = quote.startswith("…"), quote.endswith("…")
    core = _FENCE.sub(" ", quote.strip("…")).strip()
    if not core:
        return ""
    found = _locate(core, answer) if answer else None
    if found is None:
        text = _plain(core) or (core if required else "")
        return f'"{text.replace(chr(34), chr(39))}"' if text else ""
    s, e = _whole_words(answer, *found)
    lines = [(ls, le, code) for ls, le, code in _code_lines(answer) if le > s and ls < e]
    if any(code for *_, code in lines):
        code_lines = [" ".join(_COMMENT.sub("", _BULLET.sub("", _FENCE.sub(" ", answer[ls:le]))).split())
                      for ls, le, code in lines if code]
        code_lines = [c for c in code_lines if c]
        best = sorted(code_lines, key=lambda c: -len(tokens(c) & tokens(core)))[:2]
        # a line that opens a bracket another line closes is half an expression ("Learner(dls, model,")
        shown = [c for c in code_lines if c in best and (required or (len(c) <= _MAX_CODE and _closed(c)))]
        if not shown:
            return ""
        return " and ".join("`" + c.replace("`", "'") + "`" for c in shown)
    if len(lines) > 1:
        # words of two lines (list items, a heading and its text): keep the line holding most of them
        ls, le, _ = max(lines, key=lambda line: min(line[1], e) - max(line[0], s))
        lead, trail = lead or s < ls, trail or e > le
        s, e = max(s, ls), min(e, le)
    number = _LAST_NUMBER.match(answer, e)
    e = number.end() if number and not _next_step(answer, s, number) else e
    plain = _plain(answer[s:e]).replace('"', "'").replace("\u201c", "'").replace("\u201d", "'")
    plain = _ARROW_EDGES.sub("", plain)  # "→ how to split them →": the arrows join the steps, they are not quoted
    text = _balanced(plain, answer, s, e)
    if not required and (len(re.findall(r"\w", text)) < 2 or ((lead or trail) and len(text.split()) < 4)):
        return ""  # "build models…" says too little to be worth quoting cut
    return '"' + ("…" if lead else "") + text + ("…" if trail else "") + '"'
