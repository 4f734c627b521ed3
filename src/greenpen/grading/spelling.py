"""Misspelt words read as the course's words, for matching only: quotes keep the student's spelling.

Real learners misspell ("it the differnce between prediciton and targets", "a very smoth curve"), and a
misspelt word is lost to the rubric's cues (`predict\\w*` does not match "prediciton") and pulls a
sentence's embedding away from the key point it states. So, before an answer is matched, each word
that is neither an English word (pyspellchecker's dictionary) nor one of the course's own words is
read as the course word it is one slip away from (one edit for a short word, two for a word of eight
letters or more; Damerau-Levenshtein distance, rapidfuzz), and shorthand as its word ("b/w" as "between",
`lang.SHORTHAND`). Only the course's words are candidates,
never the whole dictionary: a general speller turns the jargon a student writes and the course does
not ("backprop", "numpy") into common words ("backdrop", "bumpy"). Nothing else changes: code
(fenced, inline, or a word joined to code by ".", "_" or "(") is left as written, and so is an answer
not written in English (its words are not misspelt English), but for the course's "-tion" words it borrows
with its own ending ("validación", "normalização": read as "validation", "normalization", `_cognates`).
The reading keeps where each word came from, so evidence found in it is quoted in the student's own words
(`Reading.original`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .. import lang
from ..domain import Question

log = logging.getLogger(__name__)

MIN_LETTERS = 5
"""Shortest word read as a misspelling: shorter words are too close to too many others."""
LONG_WORD = 8
"""Length from which a word may be two edits from the course word it means."""
_WORD = re.compile(rf"(?<![\w`'’./\\-])[A-Za-z][a-z]{{{MIN_LETTERS - 1},}}(?![\w`'’(/\\-]|\.\w)")
"""A plain word: letters only, no capital inside, not joined to code (`x.grad`, `init_params`, `f(x)`)."""
_SHORTHAND = {k: v for table in lang.SHORTHAND.values() for k, v in table.items()}
_SHORT = lang.words({k: list(v) for k, v in lang.SHORTHAND.items()})
_READ = re.compile(rf"(?<![\w/.])(?P<short>(?i:{_SHORT}))(?![\w/])|(?P<word>{_WORD.pattern})")
"""A word to read: shorthand ("b/w"), or a plain word that may be misspelt."""
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.DOTALL)
_COURSE_WORD = re.compile(r"(?<![\w'’])[A-Za-z]{3,}(?![\w'’])")
"""A word of the course's texts, not a piece of one ("doesn" of "doesn't")."""


@dataclass(frozen=True)
class Reading:
    """An answer as matched: `text` with misspelt words put right, and where each came from."""

    source: str
    text: str
    edits: tuple[tuple[int, int, str], ...] = ()
    """(start, end) of each word put right in `text`, with the student's word."""

    def original(self, evidence: str) -> str:
        """`evidence` (a piece of `text`, perhaps cut with "…") in the student's own spelling."""
        if not self.edits or not evidence:
            return evidence
        core = evidence.strip("…")
        # evidence is often the sentence with its spaces and line breaks collapsed (`textutil.shorten`)
        found = re.search(r"\s+".join(map(re.escape, core.split())), self.text) if core.strip() else None
        if found is None:
            return evidence
        at, end = found.span()
        out, pos = [], at
        for start, stop, word in self.edits:
            if stop <= at or start >= end:
                continue
            if start < at or stop > end:  # cut inside a word that was put right: keep it as matched
                continue
            out.append(self.text[pos:start])
            out.append(word)
            pos = stop
        out.append(self.text[pos:end])
        rebuilt = "".join(out)
        if found.group(0) != core:
            rebuilt = " ".join(rebuilt.split())
        return evidence.replace(core, rebuilt, 1)


def course_vocabulary(questions: Iterable[Question]) -> frozenset[str]:
    """The words a course writes (its questions, references, key points, misconceptions), lower-cased."""
    words: set[str] = set()
    for q in questions:
        texts = [q.text, q.reference or ""]
        for kp in q.key_points:
            texts += [kp.text, *kp.examples]
        for mc in q.misconceptions:
            texts += [mc.text, mc.correction, *mc.examples]
        for t in texts:
            words.update(w.lower() for w in _COURSE_WORD.findall(t))
    return frozenset(words)


_COGNATE = re.compile(r"(?<![\w`])([^\W\d_]{4,}?)(ciones|ções|çoes|coes|zioni|ción|cion|ção|çao|cao|zione)(?![\w`])",
                      re.IGNORECASE)
"""A word of Spanish, Portuguese or Italian with the ending English writes "-tion(s)": "validación", "normalização"."""
_COGNATE_ENDING = {"ciones": "tions", "ções": "tions", "çoes": "tions", "coes": "tions", "zioni": "tions",
                   "ción": "tion", "cion": "tion", "ção": "tion", "çao": "tion", "cao": "tion", "zione": "tion"}


_TERMS = {term: english for table in lang.COURSE_TERMS.values() for term, english in table.items()}
_TERM = re.compile(r"(?<![\w`])(?:" + "|".join(re.escape(t) for t in sorted(_TERMS, key=len, reverse=True))
                   + r")(?![\w`])", re.IGNORECASE)


def _english_for(m: re.Match[str]) -> tuple[str, ...]:
    """The English a matched term or "-tion" word may be written as, in each spelling a course may use."""
    if m.re is _TERM:
        return tuple(_TERMS[m.group(0).lower()].split("/"))
    return (m.group(1) + _COGNATE_ENDING[m.group(2).lower()],)


def _written(english: str, vocabulary: frozenset[str]) -> bool:
    """Every word of `english` is one the course writes ("non-linear": "non" and "linear")."""
    found = _COURSE_WORD.findall(english)
    return bool(found) and all(w.lower() in vocabulary for w in found)


@dataclass(frozen=True)
class CourseCues:
    """The words a course's cues write in the student's language ("eixos" in `(três|3) eixos`, "pesos"): an answer
    keeps them as written, or the course's own cue would no longer meet them."""

    text: str = ""
    """The course's cues, lower-cased, one per line."""

    def read(self, word: str) -> bool:
        return re.search(r"(?<![^\W\d_])" + re.escape(word.lower()) + r"(?![^\W\d_])", self.text) is not None


def course_cues(questions: Iterable[Question]) -> CourseCues:
    """The cues of a course's key points and misconceptions, for `CourseCues.read`."""
    sources = [c for q in questions for cues in (*(kp.cues for kp in q.key_points),
                                                *(mc.cues for mc in q.misconceptions)) for cue in cues for c in cue]
    return CourseCues("\n".join(dict.fromkeys(sources)).lower())


NO_CUES = CourseCues()


def _cognates(text: str, vocabulary: frozenset[str], cues: CourseCues = NO_CUES) -> Reading:
    """`text` with the course's words a Spanish, Portuguese, French or Italian answer writes in its language read
    as the course writes them: its "-tion" words with their own ending ("En el conjunto de validación" meets the
    cue `validation`) and the course's terms (`lang.COURSE_TERMS`: "Actualiza los pesos" meets `weights`). Only
    where every English word is one the course itself writes, and not a word its `cues` read as written."""
    out: list[str] = []
    edits: list[tuple[int, int, str]] = []
    pos = length = 0
    found = sorted([*_COGNATE.finditer(text), *_TERM.finditer(text)], key=lambda m: (m.start(), -m.end()))
    for m in found:
        english = next((e for e in _english_for(m) if _written(e, vocabulary)), None)
        if m.start() < pos or english is None or cues.read(m.group(0)):
            continue
        out.append(text[pos:m.start()])
        length += m.start() - pos
        out.append(english)
        edits.append((length, length + len(english), m.group(0)))
        length += len(english)
        pos = m.end()
    out.append(text[pos:])
    return Reading(text, "".join(out), tuple(edits)) if edits else Reading(text, text)


def read(text: str, vocabulary: frozenset[str], cues: CourseCues = NO_CUES) -> Reading:
    """`text` with each misspelt word read as the course word it is one slip from (see the module docstring); in an
    answer not written in English, the course's words it borrows with their own ending and its terms, where the
    course's `cues` do not read them already (`_cognates`)."""
    if vocabulary and not _english(text):
        return _cognates(text, vocabulary, cues)
    if not vocabulary or not _available():
        return Reading(text, text)
    out: list[str] = []
    edits: list[tuple[int, int, str]] = []
    length = 0  # of the text built so far
    pos = 0
    for segment, is_code in _segments(text):
        if is_code:
            out.append(segment)
            length += len(segment)
            continue
        for m in _READ.finditer(segment):
            word = m.group(0)
            right = _SHORTHAND.get(word.lower()) if m.lastgroup == "short" else _course_word(word.lower(), vocabulary)
            if right is None:
                continue
            if word[0].isupper():
                right = right[0].upper() + right[1:]
            out.append(segment[pos:m.start()])
            length += m.start() - pos
            out.append(right)
            edits.append((length, length + len(right), word))
            length += len(right)
            pos = m.end()
        out.append(segment[pos:])
        length += len(segment) - pos
        pos = 0
    new = "".join(out)
    return Reading(text, new, tuple(edits)) if edits else Reading(text, text)


def _segments(text: str) -> list[tuple[str, bool]]:
    """The text cut into prose and code, in order."""
    out, pos = [], 0
    for m in _CODE.finditer(text):
        out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    out.append((text[pos:], False))
    return out


_CONTRACTION = re.compile(r"(?:do|does|did|is|are|was|were|has|have|had|would|should|could|must|need)nt$")
"""A "not" written without its apostrophe ("doesnt"): a negation, never a slip for a course word."""


def _course_word(word: str, vocabulary: frozenset[str]) -> str | None:
    if word in vocabulary or _known(word) or _CONTRACTION.match(word):
        return None
    return _nearest(word, _sorted(vocabulary))


@lru_cache(maxsize=16384)
def _nearest(word: str, vocabulary: tuple[str, ...]) -> str | None:
    from rapidfuzz.distance import DamerauLevenshtein
    from rapidfuzz.process import extract

    limit = 2 if len(word) >= LONG_WORD else 1
    found = extract(word, vocabulary, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None)
    if not found:
        return None
    best = min(score for _, score, _ in found)
    tied = sorted(w for w, score, _ in found if score == best)
    # "wheights": "weights" and "heights" are both one slip away, but only one is the course's word; two course
    # words equally near ("constans": "constant", "constants") are told apart by how common each is
    return max(tied, key=_frequency)


@lru_cache(maxsize=64)
def _sorted(vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(w for w in vocabulary if len(w) >= MIN_LETTERS - 1))


@lru_cache(maxsize=1)
def _available() -> bool:
    """Whether the speller's libraries are installed (the `nlp` extra); without them answers are matched as written."""
    try:
        import rapidfuzz  # noqa: F401
        import spellchecker  # noqa: F401
    except ImportError as exc:
        log.warning("matching answers as written, misspellings and all: %s (pip install 'greenpen[nlp]')", exc)
        return False
    return True


@lru_cache(maxsize=1)
def _dictionary():  # type: ignore[no-untyped-def]
    from spellchecker import SpellChecker

    return SpellChecker(language="en")


def _known(word: str) -> bool:
    return word in _dictionary()


def _frequency(word: str) -> int:
    return int(_dictionary().word_frequency[word])


def _english(text: str) -> bool:
    from .compared import language_of

    return language_of(text) in ("en", None)

