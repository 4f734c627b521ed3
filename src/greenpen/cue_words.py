"""The words a pack's cues are written in, turned into the patterns grading matches.

A teacher writes cues in words; greenpen compiles them when the pack is loaded:

    matrix multiplication          the words in this order, next to each other; each word also
                                   matches longer words that begin with it (multiplica →
                                   multiplication, multiplicação), and "element wise" matches
                                   element-wise and elementwise
    matrix product | matmul        any of the phrases ("|" separates whole phrases)
    gradient ... zero              "..." lets a few words (up to GAP_WORDS) stand in between
    colo*r                         "*" stands for any letters inside or at the end of a word
    =no                            "=" asks for exactly this word (not "not", "node")
    ["learning rate", "step"]      a list in the pack: all of them in one sentence, any order

Words with a `synonyms:` entry in the pack match any of their synonyms too, in any language
(`gradient: [gradiente, derivative]`). A cue that starts with "re:", or holds a character
only a regular expression uses (\\ ( ) [ ] { } ? + ^ $), is a regular expression and is used
as written: the older packs' cues keep working, and a pattern words cannot say still can be.
Negation is not part of the language: grading reads "not", "unlike", "não é" itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

REGEX_PREFIX = "re:"
REGEX_ONLY = re.compile(r"[\\()\[\]{}?+^$]")
"""Characters that only a regular expression uses: a cue holding one is taken as a regex."""
GAP = "..."
GAP_WORDS = 5
"""How many words `...` lets stand between two words of a cue."""
EXACT = "="

Synonyms = Mapping[str, Sequence[str]]


class CueSyntaxError(ValueError):
    """A cue the word language cannot read; the message says what to write instead."""


def is_regex(cue: str) -> bool:
    """Whether `cue` is a regular expression rather than words."""
    return cue.startswith(REGEX_PREFIX) or bool(REGEX_ONLY.search(cue))


def to_pattern(cue: str, synonyms: Synonyms | None = None) -> str:
    """The regular expression for one cue (words, or a regex kept as written)."""
    if cue.startswith(REGEX_PREFIX):
        return cue[len(REGEX_PREFIX):]
    if REGEX_ONLY.search(cue):
        return cue
    lookup = {k.lower(): tuple(v) for k, v in (synonyms or {}).items()}
    phrases = [p for p in cue.split("|") if p.strip()]
    if not phrases:
        raise CueSyntaxError(f'cue "{cue}" has no words')
    return "|".join(_phrase(p, lookup) for p in phrases)


def _phrase(text: str, synonyms: Mapping[str, tuple[str, ...]]) -> str:
    tokens = text.split()
    if tokens[0] == GAP or tokens[-1] == GAP:
        raise CueSyntaxError(f'"{text.strip()}": "..." goes between two words, not at an end')
    out = ""
    gap = False
    for token in tokens:
        if token == GAP:
            gap = True
            continue
        word = _word(token, synonyms, at_start=not out or gap)
        if out:
            out += rf"(?:\W+\w+){{0,{GAP_WORDS}}}?\W+" if gap else r"[\s\-]*"
        out += word
        gap = False
    return out


def _word(token: str, synonyms: Mapping[str, tuple[str, ...]], *, at_start: bool) -> str:
    """One word of a phrase, with its synonyms. Only a phrase's first word (or the first after
    a gap) must start a word: the next may follow without a space ("elementwise")."""
    exact = token.startswith(EXACT) and len(token) > 1
    word = token[1:] if exact else token
    alternatives = [_one_word(word, exact, at_start)]
    for synonym in synonyms.get(word.lower(), ()):
        alternatives.append(_phrase(synonym, {}) if len(synonym.split()) > 1 else
                            _one_word(synonym.strip(), exact, at_start))
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _one_word(word: str, exact: bool, at_start: bool) -> str:
    body = r"\w*".join(re.escape(piece) for piece in word.split("*"))
    start = r"(?<!\w)" if at_start and re.match(r"\w", word) else ""
    if word.endswith("*") or not re.search(r"\w$", word):
        return start + body
    return start + body + (r"(?!\w)" if exact else r"\w*")


def check_synonyms(value: object) -> dict[str, tuple[str, ...]]:
    """The pack's `synonyms:` mapping, checked: each word maps to a list of words or phrases."""
    if not isinstance(value, dict):
        raise CueSyntaxError("synonyms must be a mapping: `word: [other word, …]`")
    out: dict[str, tuple[str, ...]] = {}
    for key, words in value.items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(key, str) or not key.strip() or not isinstance(words, list) or not all(
                isinstance(w, str) and w.strip() and not is_regex(w) for w in words):
            raise CueSyntaxError(f'synonyms of "{key}" must be a list of words or phrases (no regex characters)')
        out[key.strip()] = tuple(w.strip() for w in words)
    return out
