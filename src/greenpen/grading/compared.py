"""A question that compares things it names ("What is the difference between `item_tfms` and
`batch_tfms`?", "How does a loss differ from a metric?", "crop, pad, and squish"): an answer
that speaks of only some of them leaves the others unanswered, however well it describes the
one it speaks of. A teacher marks such an answer partial and says which half is missing.

Only the question's own words are used (no rubric needed), so a pack with a reference answer
alone gets this check too. It stays silent whenever it cannot be sure: the question names
fewer than two things, the answer names none of them (the key points decide then), or the
answer is in another language than the question (a Portuguese answer says "perda" for
"loss")."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .. import lang
from ..domain import Finding
from ..textutil import STOPWORDS, fold, with_expansions, words

COMPARED = "compared-"
"""The prefix of the id of the finding `left_out` makes."""
_CODE = re.compile(r"`([^`\n]{1,40})`")
_IDENTIFIER = re.compile(r"\b[A-Za-z]\w*(?:\.\w+)+\b|\b[A-Za-z]+_\w+\b")
"""A name written as code without backticks: `F.relu`, `nn.ReLU`, `item_tfms`."""
_ITEMS = r"(?:[^?.;:!]|\.(?=\w))+"
"""Words up to the end of the clause; a dot inside a name (`F.relu`) does not end it."""
_BETWEEN = re.compile(rf"\b(?:{lang.patterns(lang.COMPARISON_BETWEEN)})\s+(?P<items>{_ITEMS})", re.IGNORECASE)
_DIFFER_FROM = re.compile(rf"\b(?:{lang.patterns(lang.COMPARISON_ASKED)})\s+(?P<a>{_ITEMS}?)\s+"
                          rf"(?:{lang.patterns(lang.COMPARISON_DIFFER_FROM)})\s+(?P<b>{_ITEMS})", re.IGNORECASE)
_DIFFER = re.compile(rf"\b(?:{lang.patterns(lang.COMPARISON_ASKED)})\s+(?P<items>{_ITEMS}?)\s+"
                     rf"(?:{lang.patterns(lang.COMPARISON_DIFFER)})\b", re.IGNORECASE)
_SPLIT = re.compile(r",|\s+(?:" + lang.patterns(lang.LIST_JOINERS) + r")\s+|&", re.IGNORECASE)
_SETTING = re.compile(rf"\s+(?:{lang.patterns(lang.COMPARISON_SETTING)})\s+", re.IGNORECASE)
_QUESTION_SENTENCE = re.compile(r"[^?]+\?")
_ELLIPTIC = re.compile(rf"\s*(?:{lang.patterns(lang.CONTRAST_OPENERS)})\b", re.IGNORECASE)
SAME_FRAME = 0.45
"""Likeness (difflib ratio of their words) from which two question sentences share a frame."""
ITEM_WORDS = 3
"""Most content words a compared thing has: a longer stretch is a clause, not a name."""
SETTING_ITEM_WORDS = 2
"""Most content words a compared thing has when a setting follows the things ("… when creating a random
forest"): a question that sets a scene is read as comparing names only when they are short."""
SIMILAR = 0.85
"""Likeness (difflib ratio) from which an answer word of five letters or more is the item's word
misspelt ("suish", "asyncronus")."""
PREFIX_MIN, PREFIX_MAX = 5, 7
"""An answer word names an item's word when it starts with the word (words of up to five letters)
or with its first five to seven letters ("cropping" names "crop", "regressão" "regression")."""


def compared_things(question: str) -> list[str]:
    """The things a comparison question names, as the question writes them (empty when it is not
    one, or names fewer than two)."""
    code = list(dict.fromkeys(m.strip() for m in _CODE.findall(question)))
    if len(code) >= 2 and _asks_comparison(question):
        return code
    if m := _DIFFER_FROM.search(question):
        items = [m.group("a"), m.group("b")]
    elif m := _DIFFER.search(question) or _BETWEEN.search(question):
        items = _SPLIT.split(m.group("items"))
    else:
        return contrasted_things(question)
    *first, last = items
    named = _SETTING.split(last, maxsplit=1)[0]  # "max_features when creating a random forest"
    items = [_trim(i.replace("`", " ")) for i in [*first, named]]
    items = [i for i in items if _words(i)]
    longest = ITEM_WORDS if named == last else SETTING_ITEM_WORDS
    if len(items) < 2 or any(len(_words(i)) > longest for i in items):
        return []  # "… and salt crystals when you observe them in a dish": not a list of names
    return _shared_head(items)


def contrasted_things(question: str) -> list[str]:
    """The two things a question of two parallel question sentences sets against each other ("Why
    do we need padding for text classification? Why don't we need it for language modeling?",
    "… during training? How about during validation?"): the one stretch of content words in which
    the two sentences differ, when the second repeats the first's frame or is only that stretch."""
    asked = _QUESTION_SENTENCE.findall(question)
    if len(asked) < 2:
        return []
    first, second = words(asked[0]), words(asked[1])
    frame = SequenceMatcher(None, first, second, autojunk=False)
    if not (_ELLIPTIC.match(asked[1]) or frame.ratio() >= SAME_FRAME):
        return []
    differing = [(a, b) for op, i1, i2, j1, j2 in frame.get_opcodes() if op == "replace"
                 for a, b in [(_content(first[i1:i2]), _content(second[j1:j2]))] if a and b]
    if len(differing) != 1 or any(len(side) > ITEM_WORDS for side in differing[0]):
        return []
    return [" ".join(side) for side in differing[0]]


def _content(tokens: list[str]) -> list[str]:
    return [w for w in tokens if w not in STOPWORDS and len(w) > 1]


def _trim(item: str) -> str:
    """An item without the little words after it ("a loss" stays, as the question says it)."""
    tokens = item.split()
    while tokens and fold(tokens[-1]) in STOPWORDS:
        tokens.pop()
    return " ".join(tokens)


def _shared_head(items: list[str]) -> list[str]:
    """"crop, pad, and squish resize approaches": the words after the last item's first one name
    what all of them are, when every other item is one word."""
    *first, last = items
    if len(first) >= 2 and all(len(_words(i)) == 1 for i in first) and len(last.split()) > 1:
        return [*first, last.split()[0]]
    return items


def _asks_comparison(question: str) -> bool:
    return bool(_DIFFER_FROM.search(question) or _DIFFER.search(question) or _BETWEEN.search(question))


def _words(item: str) -> set[str]:
    """An item's own words; a single letter only in a name written as code (the "F" of `F.relu`)."""
    code = bool(_IDENTIFIER.search(item))
    return {w for w in words(item) if w not in STOPWORDS and (len(w) > 1 or code)}


PLAIN_KIND = frozenset({"plain", "regular", "normal", "standard", "basic", "vanilla", "ordinary", "simple",
                        "usual", "classic", "traditional", "conventional"})
"""Words that say "the usual kind of" a thing: any of them names the others ("a plain block", "a regular one")."""
ALIKE = (PLAIN_KIND, frozenset({"large", "big", "huge", "high", "bigger", "larger", "higher"}),
         frozenset({"small", "little", "tiny", "low", "smaller", "lower"}), frozenset({"fast", "quick", "faster",
                                                                                        "quicker"}))
"""Words any of which names the others when a question sets sides against each other ("too large or too small"
answered "Too big -> diverges, too small -> slow")."""


def _names(word: str, answer_words: set[str]) -> bool:
    """Whether the answer names the word: it starts an answer word ("padding" names "pad"), or
    (five letters or more) its stem does ("regressão" names "regression"), or an answer word
    misspells it ("suish" for "squish"). A word that only begins it is not its name: "token" is not
    "tokenization", nor "class" "classification"."""
    if any(word in alike and answer_words & alike for alike in ALIKE):  # "Regular block: …" for "a plain ResNet
        return True  # block", "Too big -> diverges" for "too large"
    prefix = word if len(word) <= PREFIX_MIN else word[:max(PREFIX_MIN, min(len(word) - 3, PREFIX_MAX))]
    return any(a.startswith(prefix)
               or (min(len(a), len(word)) >= PREFIX_MIN and SequenceMatcher(None, a, word).ratio() >= SIMILAR)
               for a in answer_words)


_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
"""The parts of a CamelCase name: "BCE", "With", "Logits", "Loss" of `BCEWithLogitsLoss`."""
SEGMENT_MIN = 5
"""Fewest letters of the parts that tell a name from the others for them to name it alone."""


def _own_segments(items: list[str]) -> list[str]:
    """For each item, the parts of its CamelCase name that no other item has, joined and folded ("withlogits" for
    `nn.BCEWithLogitsLoss` beside `nn.BCELoss`: "WithLogits = sigmoid built in" names it); "" for none."""
    parts = [[fold(p) for p in _CAMEL.findall(item.strip("` ").rsplit(".", 1)[-1])] for item in items]
    out = []
    for i, own in enumerate(parts):
        others = {p for j, ps in enumerate(parts) if j != i for p in ps}
        mark = "".join(p for p in own if p not in others)
        out.append(mark if len(mark) >= SEGMENT_MIN and len(own) > 1 else "")
    return out


def left_out(question: str, answer: str) -> Finding | None:
    """The things a comparison question names that the answer does not speak of, when it speaks
    of at least one of them."""
    items = compared_things(question)
    if not items or not same_language(question, answer):
        return None
    own = [_words(i) for i in items]
    shared = {w for i, ws in enumerate(own) for w in ws if any(w in o for j, o in enumerate(own) if j != i)}
    distinct = [ws - shared for ws in own]
    if not all(distinct):
        return None
    said = set(words(with_expansions(answer)))
    marks = _own_segments(items)
    named = [any(_names(w, said) for w in ws) or bool(m and any(m in a for a in said))
             for ws, m in zip(distinct, marks, strict=True)]
    if _OPENS_WITH_PRONOUN.match(answer) and any(named[1:]) and items[0] == min(items, key=lambda i: _at(question, i)):
        named[0] = True  # "It does both: momentum… and RMSProp…" to "How does Adam differ from…?": "it" is Adam
    if not any(named) or all(named):
        return None
    topic = _topic(question, items)
    missing = [i for i, n in zip(items, named, strict=True) if not n and i not in topic]
    if not missing:
        return None
    shown = [f"`{i}`" if _IDENTIFIER.fullmatch(i) or i in _CODE.findall(question) else i for i in missing]
    return Finding(kind="part_unanswered", id=COMPARED + "-".join(words(" ".join(missing)))[:60],
                   detail=" and ".join(shown))


_OPENS_WITH_PRONOUN = re.compile(r"^\W*(?:it|its|it['’]s|they|this|ele|ela|él|ella|il|elle|er|es|sie)\b",
                                 re.IGNORECASE)
"""An answer that opens with a pronoun speaks of the first thing the question names, its subject."""


def _at(question: str, item: str) -> int:
    at = question.find(item)
    return at if at >= 0 else len(question)


_DEFINING = re.compile(r"\s*(?:what\s+(?:is|are)|o\s+que\s+(?:é|são)|qu[ée]\s+(?:es|son))\b", re.IGNORECASE)
"""How a question sentence opens that asks what a thing is."""
_PRONOUN = re.compile(r"\b(?:it|they|this|these|ele|ela|eles|elas|él|ella|ellos)\b", re.IGNORECASE)


def _topic(question: str, items: list[str]) -> set[str]:
    """The things a first question sentence asks about when a later one compares "it" with another ("What is a
    `Datasets`? How is it different from a `TfmdLists`?"): the whole answer is about them, named or not."""
    asked = _QUESTION_SENTENCE.findall(question)
    if len(asked) < 2 or not _DEFINING.match(asked[0]) or not any(_PRONOUN.search(later) for later in asked[1:]):
        return set()
    later = " ".join(asked[1:])
    return {i for i in items if i in asked[0] and i not in later}


def same_language(question: str, answer: str) -> bool:
    """Whether the answer is written in the question's language, by the little words each uses most."""
    return language_of(question) == language_of(answer)


def language_of(text: str) -> str | None:
    """The language whose little words the text uses most ("en", "pt"…), or None when it uses none of them."""
    said = words(text)
    counts = {code: sum(w in ws for w in said) for code, ws in _STOPWORDS.items()}
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else None


_STOPWORDS = {code: frozenset(fold(w) for w in ws) for code, ws in lang.STOPWORDS.items()}
