"""An answer sentence that says the opposite of a key point in its own frame: "the last layers of the CNN"
where the model answer says "the first few layers of a CNN", "a bigger momentum responds faster" where it says
"more slowly". Sentence embeddings put the two side by side (they differ by one word), so the key point reads
as stated; the swapped word is the evidence that it is not, and the feedback can name it.

Only one swap counts: two ("a smaller rate trains slower" for "a larger rate trains faster") may keep the
meaning, and a negation in the sentence ("not the last layers") may turn it back.
"""

from __future__ import annotations

import re

from ..textutil import STOPWORDS, content_tokens, stem, with_expansions

OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("first early earlier earliest initial beginning", "last late later latest final"),
        ("higher high increase increases increased increasing larger large bigger big greater grow grows growing",
         "lower low decrease decreases decreased decreasing reduce reduces reduced smaller small shrink shrinks"),
        ("faster fast quickly quicker", "slower slow slowly"),
        ("before", "after"),
        ("maximum max most", "minimum min least fewest"),
        ("more", "fewer"),  # not "less": "random forests need less tuning" where neural nets "need more" says the same
        ("positive", "negative"),
        ("overfit overfits overfitting", "underfit underfits underfitting"),
        ("always", "never"),
    )
)
"""Word groups of one sense and the groups of the opposite sense (English: the course's own words)."""

_THAN = re.compile(r"\bthan\s+((?:[\w-]+\s*){1,3})")
"""What a comparison in the sentence sets its subject against ("less memory than one-hot vectors")."""
_GROUP = frozenset(w for pair in OPPOSITES for side in pair for w in side)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|can't|don't|doesn't|isn't|aren't|won't)\b",
                       re.IGNORECASE)
_CONTRAST = re.compile(r"\b(?:instead\s+of|rather\s+than)\s+((?:[\w-]+\s*){1,3})", re.IGNORECASE)
"""What a key point says the other side does ("small steps let it settle instead of bouncing around")."""


def _other_side(sentence: str, key_point: str) -> bool:
    """The sentence says what the key point's contrast gives the other side ("big steps would just bounce over it" for
    "small steps settle instead of bouncing around"): the opposite word is said of that side, and means the same. The
    contrast's first word of four letters or more is what it gives ("bouncing"; "two 3x3 convolutions": the
    convolutions), found in the sentence by its first five letters ("bounce")."""
    said = {w[:5] for w in re.findall(r"[a-z]{4,}", sentence.lower())}
    for m in _CONTRAST.finditer(key_point):
        head = re.search(r"[a-z]{4,}", m.group(1).lower())
        if head and head.group()[:5] in said:
            return True
    return False
SHARED_WORDS = 3
"""Content words, besides the swapped ones, the sentence must share with the key point: the same frame."""


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


_NEXT_ORDINALS = frozenset({"second", "third", "fourth", "next", "then"})
"""Words that go on counting after "first": a sequence, not the early end of one."""
_STAND_INS = frozenset({"one", "ones"})
"""Words that stand for a noun said before ("small images first, then larger ones"): they qualify nothing."""
NEXT_WORDS = 2
"""How many content words after the swapped word say what it qualifies ("last layers", "high lr")."""


def _qualified(text: str, word: str) -> set[str]:
    """The content words that follow `word` in its phrase of `text` ("layers" after "last" in "the last layers
    of"): what it says is first or last, high or low."""
    tokens = re.findall(r"[a-z]+|[.,;:!?()\[\]]", with_expansions(text).lower())
    out: set[str] = set()
    for k, token in enumerate(tokens):
        if token == word:
            phrase, aside = [], 0  # up to the end of its phrase: "review first) instead of…" qualifies nothing after
            for t in tokens[k + 1:]:  # the ")"; an aside in brackets is passed over ("the last (trailing) dimension")
                if t in "([":
                    aside += 1
                elif t in ")]":
                    if not aside and not (k and tokens[k - 1] in "(["):
                        break  # the end of the aside the word ends; "the trailing (last) dimension": the word is it
                    aside = max(aside - 1, 0)
                elif not t[0].isalpha():
                    break
                elif not aside:
                    phrase.append(t)
            after = [stem(t) for t in phrase if t not in STOPWORDS | _GROUP | _STAND_INS]
            out.update(after[:NEXT_WORDS])
    return out


def opposite_words(sentence: str, key_point: str, asked: str = "", whole: bool = False) -> tuple[str, str] | None:
    """(the sentence's word, the key point's word) when the sentence says the key point with one word of the
    opposite sense ("last" for "first") and shares its frame; None otherwise. A word of the sense the question
    `asked` uses itself is the question's frame, not the student's claim: "with a high lr at the start…" to "Why
    avoid a high learning rate at the start?" where the model answer says to start low (a question that asks
    "high or low?" offers both: the student's choice is theirs)."""
    said, meant, frame = _words(sentence), _words(key_point), _words(asked)
    swaps = []
    for one, other in OPPOSITES:
        for mine, theirs in ((one, other), (other, one)):
            if said & mine and meant & theirs and not said & theirs and not meant & mine \
                    and not (frame & mine and not frame & theirs):
                swaps.append((min(said & mine), min(meant & theirs)))
    if len(swaps) != 1 or _NEGATION.search(sentence) or _NEGATION.search(key_point) or _other_side(sentence, key_point):
        return None
    if swaps[0][0] == "first" and said & _NEXT_ORDINALS:
        return None  # "the first word at the first layer, the second word at the second layer": counting, not early
    mine_word, their_word = swaps[0]
    than = _THAN.search(sentence.lower())
    if than and content_tokens(than.group(1)) & content_tokens(key_point):
        return None  # "way less memory than one-hot vectors" for "one-hot vectors need more memory": the same, turned
    shared = (content_tokens(with_expansions(sentence)) & content_tokens(key_point)) - _GROUP
    # the same thing qualified both ways ("the last layers" / "the first few layers"), not two things in one
    # frame ("the layer after it" / "the function called before it")
    same_thing = _qualified(sentence, mine_word) & _qualified(key_point, their_word)
    # a short answer whole (`whole`: "First layer of the model") has fewer words than a frame: all of them its own
    own = len(content_tokens(with_expansions(sentence)) - _GROUP)
    least = min(SHARED_WORDS, max(own, 2)) if whole else SHARED_WORDS
    return swaps[0] if len(shared) >= least and same_thing else None


def turned_word(evidence: str, key_point: str) -> tuple[str, str] | None:
    """The (student's word, key point's word) an OPPOSITE_WORD finding names, in a sentence of an answer or a short
    answer whole ("First layer of the model" for "The last layers of a pretrained model")."""
    return opposite_words(evidence, key_point) or opposite_words(evidence, key_point, whole=True)
