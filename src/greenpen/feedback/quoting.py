"""Quoting the student: short clauses of their own words, their analogies and examples.

A finding's evidence is a whole sentence; feedback quotes the clause of it that carries
the idea (where the rubric's cue matched, else the clause sharing most words with the
key point), so a quote stays short and to the point.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..domain import CueSet
from ..textutil import content_tokens

MAX_WORDS = 14
"""The longest quote, in words; longer evidence is cut to the clause that matters."""

_CLAUSE = re.compile(r"\s*(?:[,;:()\u2014\u2013]|\s-\s|\.(?=\s|$))\s*")
_TRIM = " \t\n\"'“”‘’`*_.,;:!?-–—("


def stable_index(n: int, *keys: str) -> int:
    """A deterministic choice in range(n) from `keys` (the same keys always give the same index)."""
    digest = hashlib.sha256("\x1f".join(keys).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % n if n else 0


def clean(text: str) -> str:
    """One line, no surrounding punctuation or quote marks, inner double quotes made single."""
    text = " ".join(text.split()).strip(_TRIM)
    if text.count(")") > text.count("("):
        text = text.replace(")", "")
    if text.count("(") > text.count(")"):
        text = text.replace("(", "")
    return text.replace('"', "'").replace("“", "'").replace("”", "'")


def _clauses(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _cue_span(text: str, cues: Iterable[CueSet]) -> tuple[int, int] | None:
    for group in cues:
        found = []
        for pattern in group:
            try:
                m = re.search(pattern, text, re.IGNORECASE)
            except re.error:
                m = None
            if not m:
                break
            found.append((m.start(), m.end()))
        else:
            if found:
                return min(s for s, _ in found), max(e for _, e in found)
    return None


def _window(text: str, start: int, end: int, limit: int) -> str:
    """Words of `text` around [start, end), at most `limit` of them."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    inside = [i for i, (s, e) in enumerate(words) if e > start and s < end] or [0]
    lo, hi = inside[0], inside[-1]
    while hi - lo + 1 < limit and (lo > 0 or hi < len(words) - 1):
        if hi < len(words) - 1:
            hi += 1
        if hi - lo + 1 < limit and lo > 0 and hi - lo >= 4:
            lo -= 1
    if hi - lo + 1 > limit:
        hi = lo + limit - 1
    return text[words[lo][0]:words[hi][1]]


def tight_quote(evidence: str, cues: Sequence[CueSet] = (), about: Sequence[str] = (),
                limit: int = MAX_WORDS) -> str:
    """The part of `evidence` worth quoting: the whole of it when short, else the clause that matters."""
    text = " ".join(evidence.split())
    if len(text.split()) <= limit:
        return clean(text)
    clauses = _clauses(text)
    span = _cue_span(text, cues)
    if span is not None:
        covering = [(s, e) for s, e in clauses if e > span[0] and s < span[1]]
        if covering:
            s, e = covering[0][0], covering[-1][1]
            piece = text[s:e]
            if len(piece.split()) <= limit:
                return clean(piece)
        return clean(_window(text, span[0], span[1], limit))
    wanted = set().union(*(content_tokens(a) for a in about)) if about else set()
    best = max(clauses, key=lambda c: (len(content_tokens(text[c[0]:c[1]]) & wanted), -c[0]), default=None)
    if best is None:
        return clean(_window(text, 0, 1, limit))
    piece = text[best[0]:best[1]]
    if len(piece.split()) <= limit:
        return clean(piece)
    return clean(_window(text, best[0], best[0] + 1, limit))


def echoes(quote: str, clause: str) -> bool:
    """True when a quote says little more than the praise clause already says (avoid parroting)."""
    q = content_tokens(quote)
    return bool(q) and len(q) <= 3 and len(q - content_tokens(clause)) == 0


# ─── analogies and examples ──────────────────────────────────────────────────

_ANALOGY = re.compile(
    r"(?:\b(?:is|are|was|it'?s|works?|acts?|behaves?)\s+(?:much\s+|a\s+bit\s+|kind\s+of\s+|just\s+|a\s+lot\s+)?like\b"
    r"|\b(?:much|just|a\s+bit|rather)\s+like\b|(?:^|[.;:!?]\s*)like\b(?!\s+(?:this|that)\b)"
    r"|\bsimilar\s+to\b|\bimagine\b|\bthink\s+of\s+(?:it|\w+)\s+as\b|\banalog(?:y|ous)\b|\bas\s+if\b"
    r"|\bé\s+como\b|\btal\s+como\b|\bcomo\s+se\b|\bparecid[oa]\s+com\b|\bsemelhante\s+a\b|\bfunciona\s+como\b)",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(r"\b(?:for\s+example|for\s+instance|e\.\s?g\.|such\s+as|por\s+exemplo|como\s+por\s+ex)\b",
                      re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;]?")
_DEICTIC = re.compile(r"^(?:this|that|it|these|those|the\s+(?:same|process|above)|isso|isto)\b", re.IGNORECASE)
_NOUN_STOP = re.compile(r"\b(?:that|which|who|where|when|to|the|of|for|in|on|with|by|from|and|but|so|because|"
                        r"que|de|do|da|em|para|com)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Analogy:
    """An analogy in the student's answer: how to name it in feedback and the words it came from."""

    name: str
    quote: str


def find_analogy(answer: str) -> Analogy | None:
    """The first analogy in `answer`, named in the student's terms ("your recipe analogy")."""
    for sm in _SENTENCE.finditer(answer):
        sentence = sm.group(0).strip()
        m = _ANALOGY.search(sentence)
        if not m:
            continue
        after = sentence[m.end():].strip(" ,:")
        before = sentence[:m.start()].strip(" ,:")
        if re.match(r"(?:an?|um|uma)\s+\w", after, re.IGNORECASE) and not _DEICTIC.match(after):
            words = re.sub(r"^(?:an?|um|uma)\s+", "", after, flags=re.IGNORECASE)
            head = _NOUN_STOP.split(words, maxsplit=1)[0].strip(" ,.;:")
            noun = " ".join(head.split()[:3])
            if noun and len(noun.split()) <= 2:
                return Analogy(f"your {clean(noun)} analogy", clean(sentence))
            if noun:
                return Analogy(f'your comparison with "{clean(noun)}"', clean(sentence))
        if after and not _DEICTIC.match(after) and m.group(0).strip().lower().startswith("like"):
            phrase = " ".join(after.split(",")[0].split()[:8])
            return Analogy(f'your comparison with "{clean(phrase)}"', clean(sentence))
        source = before if (not after or _DEICTIC.match(after)) and before else sentence
        source = re.sub(r"\s*,?\s*(?:which|that)\s+(?:is|are)\s*$", "", source, flags=re.IGNORECASE)
        return Analogy(f'your analogy ("{tight_quote(source, limit=9)}")', clean(sentence))
    return None


def find_example(answer: str) -> str | None:
    """The example the student gives ("e.g. ReLU"), as a short quote, or None."""
    m = _EXAMPLE.search(answer)
    if not m:
        return None
    after = answer[m.end():].strip(" ,:")
    piece = re.split(r"[.;\n)]", after, maxsplit=1)[0]
    piece = " ".join(piece.split()[:8])
    return clean(piece) or None
