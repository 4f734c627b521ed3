"""Two things a question compares, said the other way round: "`item_tfms` run on the GPU and `batch_tfms`
on the CPU" where the model answer runs `item_tfms` on the CPU and `batch_tfms` on the GPU; "RMSE is the mean
of the absolute differences, the L1 norm the root of the mean squared ones". Every word of such an answer is on
topic and close to the model answer's, so neither the embeddings nor the learned estimate can tell it from a
right one; what tells it is which thing each word is said of.

The model answer says what it says of each thing in the words that follow the thing's name, up to the next
thing named or the end of the sentence (`_said_of`). A word it says of one thing only is that thing's own. An answer
that says of each thing it speaks of more of another thing's own words than of its own has them swapped.
One thing said the other way round while the other is right, or a word that both sides share, decides nothing:
the check stays silent unless the swap is plain on every side it can see, and it needs no rubric, so a pack
with reference answers only gets it too. A sentence with a negation ("`item_tfms` do not run on the GPU") is
left alone.
"""

from __future__ import annotations

import re

from .. import lang
from ..domain import Finding
from ..textutil import STOPWORDS, fold, shorten, stem, words
from .compared import compared_things, language_of, same_language

SWAPPED = "swapped-roles"
"""The id of the finding `swapped_roles` makes."""
_CLAUSE_END = re.compile(r"\.(?!\w)|[;!?\n]")
"""Where a sentence or clause ends: not at the dot inside a name (`F.relu`). "e.g." ends one too: an example
says its own words, which the things share."""
_DANGLING = re.compile(r"[\s,(]*\b(?:e\.g|i\.e)$")
"""What a clause cut at "e.g." ends with: not shown."""
_CLAUSE_JOIN = re.compile(r",|\b(?:and|while|whereas|but)\b", re.IGNORECASE)
"""Where a sentence joins its clauses."""
_CONTRACTED = frozenset({"s", "t", "d", "m", "ll", "re", "ve"})
"""What is left of a contraction ("it's", "don't") when words are split at the apostrophe."""
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|can't|don't|doesn't|isn't|aren't|won't|"
                       r"instead)\b", re.IGNORECASE)


def _root(word: str) -> str:
    """A word with its ending off, so that "difference" and "differences", "square" and "squared" are one."""
    root = stem(word)
    if len(root) > 3 and root.endswith("s") and not root.endswith("ss"):
        root = root[:-1]  # "rows": `stem` leaves a short word's plural
    return root.rstrip("e") or word


def _name_tokens(thing: str) -> list[str]:
    """The words that name a thing ("item_tfms" → item, tfms; "`nn.ReLU`" → nn, relu; "a loss" → loss)."""
    return [_root(w) for w in words(thing) if w not in STOPWORDS]


_NAME_NUMBER = re.compile(r"(?<=[^\W\d])\d+$")
"""The number a name ends with after letters ("resnet101", "fp16")."""


def _short_names(names: list[list[str]]) -> list[set[str]]:
    """Per thing, the part of its name that tells it from the others when a name joins letters and a number
    ("resnet101" → 101 beside "resnet50" → 50): "so 101 is slower" speaks of resnet101."""
    parts = [{m.group() for w in n if (m := _NAME_NUMBER.search(w))} for n in names]
    return [own - set().union(*(o for j, o in enumerate(parts) if j != k)) for k, own in enumerate(parts)]


def _sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in _CLAUSE_END.split(text)) if s]


def _said_of(text: str, names: list[list[str]], asked: set[str],
             stop: frozenset[str] = STOPWORDS) -> tuple[list[set[str]], list[str]]:
    """Per thing, the content words `text` says of it, but the question's own `asked`, and the sentence it first
    names it in. A clause ("x for the independent variable", ", and y for the dependent one") that names one
    thing says all its words of it; one that names none goes on with the thing named last in its sentence. A
    clause that names several ("`x` is independent (our given) `y` is dependent") says nothing: which words are
    said of which is not plain, and nothing after it goes on with either. Nor does a sentence with a negation. A
    clause that names no thing in full but by the number its name ends with ("so 101 is slower") names that one."""
    said: list[set[str]] = [set() for _ in names]
    where: list[str] = ["" for _ in names]
    name_words = {w for n in names for w in n} | asked
    short = _short_names(names)

    def keep(raw: str, token: str) -> bool:
        return raw not in stop and raw not in _CONTRACTED and token not in name_words

    for sentence in _sentences(text):
        if _NEGATION.search(sentence):
            continue
        last = -1
        for part in _CLAUSE_JOIN.split(sentence):
            raw = words(part)
            tokens = [_root(w) for w in raw]
            starts = sorted((i, k) for k, n in enumerate(names) for i in range(len(tokens) - len(n) + 1)
                            if n and tokens[i:i + len(n)] == n) or sorted(
                (i, k) for k, own in enumerate(short) for i, token in enumerate(tokens) if token in own)
            named = {k for _, k in starts}
            if len(named) == 1 or (not named and last >= 0):
                k = named.pop() if named else last
                said[k] |= {t for r, t in zip(raw, tokens, strict=True) if keep(r, t)}
                where[k] = where[k] or sentence
            last = starts[-1][1] if len(named) <= 1 and starts else -1 if named else last
    return said, where


_PAIR = re.compile(r"(?P<a>[\w`.]+(?:\s+[\w`.]+)?)\s+and\s+(?:the\s+|an?\s+)?(?P<b>[\w`.]+(?:\s+[\w`.]+)?)\s*\?",
                   re.IGNORECASE)


_DEFINED_THEN_COMPARED = re.compile(
    r"\bwhat\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<a>[^?]{1,40}?)\s*\?\s*how\s+(?:does|do|is|are)\s+(?:it|they)\s+"
    r"(?:differs?|different)\s+from\s+(?:an?\s+|the\s+)?(?P<b>[^?]{1,40}?)\s*\?", re.IGNORECASE)


def defined_then_compared(question: str) -> list[str]:
    """The thing a question defines and the one it then sets it against ("What is a metric? How does it differ
    from "loss"?")."""
    m = _DEFINED_THEN_COMPARED.search(question)
    return [m.group("a").strip("`\"' "), m.group("b").strip("`\"' ")] if m else []


def named_pair(question: str) -> list[str]:
    """The two things a question asks about together at its end ("What are the RMSE and the L1 norm?", "… the
    independent and dependent variables?"); the second's last word names both when the first is one word."""
    m = _PAIR.search(question)
    if not m:
        return []
    a = [w for w in m.group("a").split() if w.lower() not in STOPWORDS]
    b = [w for w in m.group("b").split() if w.lower() not in STOPWORDS]
    if not a or not b:
        return []
    if len(a) == 1 and len(b) == 2:
        b = b[:1]  # "independent and dependent variables": the variables are what both are
    return [" ".join(a[-1:]) if len(a) == 2 and len(b) == 1 else " ".join(a), " ".join(b)]


def swapped_roles(question: str, reference: str, answer: str) -> Finding | None:
    """A misconception when the answer says of each thing the question compares what the model answer says of
    another, and nothing the model answer says of it (see the module docstring)."""
    things = compared_things(question) or defined_then_compared(question) or named_pair(question)
    if len(things) < 2 or not reference or not same_language(reference, answer):
        return None
    names = [_name_tokens(t) for t in things]
    if any(not n for n in names) or len({tuple(n) for n in names}) < len(names):
        return None
    asked = {_root(w) for w in words(question)}
    # the little words of the model answer's own language: "y" is a letter in English, "and" in Spanish
    stop = frozenset(fold(w) for w in lang.STOPWORDS.get(language_of(reference) or "", ())) or STOPWORDS
    ref_said, ref_where = _said_of(reference, names, asked, stop)
    own = [s - set().union(*(o for j, o in enumerate(ref_said) if j != k)) for k, s in enumerate(ref_said)]
    answer_said, answer_where = _said_of(answer, names, asked, stop)
    # a word the answer says of every thing it speaks of ("each tree") does not tell which is which
    spoken = [said for said in answer_said if said]
    common = set.intersection(*spoken) if len(spoken) > 1 else set()
    answer_said = [said - common for said in answer_said]
    crossed = []
    for k, said in enumerate(answer_said):
        if not said:
            continue
        others = said & set().union(*(o for j, o in enumerate(own) if j != k))
        if len(others) <= len(said & own[k]):
            return None  # as much said of it as the model answer says of it: not the other way round
        crossed.append(k)
    if len(crossed) < 2:
        return None
    evidence = next(answer_where[k] for k in crossed)
    shown = "; ".join(dict.fromkeys(_DANGLING.sub("", ref_where[k]) for k in crossed if ref_where[k]))
    return Finding(kind="misconception", id=SWAPPED, evidence=shorten(evidence, 140),
                   detail=shorten(shown, 180), strength=1.0)
