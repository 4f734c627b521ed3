"""The feedback writer's tools: small text helpers, quoting a model answer's clause, and
`Writer`, which picks each sentence's phrasing deterministically and keeps the text."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from .. import lang
from ..domain import Question
from .phrases import Table
from .quoting import stable_index, tokens

# ─── small text helpers ──────────────────────────────────────────────────────


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def clause(text: str) -> str:
    """A rubric phrase as a clause: one line, no final full stop."""
    return " ".join(text.split()).rstrip(" .")


def sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = cap(text)
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def tokens_overlap(a: str, b: str) -> float:
    """Share of `a`'s content words that `b` also has."""
    ta = tokens(a)
    return len(ta & tokens(b)) / len(ta) if ta else 0.0


_SHARED_OPENERS = frozenset({"you", "i"})
"""First words that may open several sentences of one text ("You explain … You also …")."""


def _opener(template: str) -> str:
    """A phrasing's own first word ("one" of "One small addition: {hint}."), an adverb as its adjective ("Rightly,
    {praise}." opens like "Right."); "" when it opens with a placeholder or a word any sentence may open with."""
    m = re.match(r"[A-Za-z]+", template)
    word = m.group(0).lower() if m else ""
    return "" if word in _SHARED_OPENERS else word.removesuffix("ly") if len(word) > 5 else word


_AFFIRMING = re.compile(r"\b(right|correct|good|nice|well)(?:ly)?\b", re.IGNORECASE)
"""Words that say the answer is right: a phrasing that says one ("Yes, that's right.") keeps the next from opening
with it ("Rightly, you explain…")."""


def _affirmations(template: str) -> set[str]:
    return {m.group(1).lower() for m in _AFFIRMING.finditer(re.sub(r"\{[^}]*\}", " ", template))}


_DOUBLED = re.compile(r"\)\s*\(|\)\)")
_CODE_SPAN = re.compile(r"`[^`]*`")


@dataclass
class Writer:
    """Builds one feedback text: picks phrasings deterministically and keeps the sentences."""

    table: Table
    student: str
    question: Question
    answer: str
    out: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    openers: set[str] = field(default_factory=set)

    def pick(self, slot: str, *salt: str) -> str:
        options = self.table[slot]
        if self.student:
            # rotate by question number so one student's report does not repeat an opening
            base = stable_index(len(options), self.student, slot, *salt)
            return options[(base + self.question.number) % len(options)]
        return options[stable_index(len(options), self.answer, self.question.id, slot, *salt)]

    def say(self, slot: str, *salt: str, **values: str) -> None:
        """The picked phrasing, or the next one when it was used already in this text, would put
        two parentheses in a row ("… (see x) ("your words")") or would open with the same word as a
        phrasing already used ("One small addition: … One step further: …")."""
        options = self.table[slot]
        first = options.index(self.pick(slot, *salt))
        for k in range(len(options)):
            template = options[(first + k) % len(options)]
            text = template.format(**values)
            if k == len(options) - 1 or not (template in self.used or _DOUBLED.search(_CODE_SPAN.sub("", text))
                                             or _opener(template) in self.openers):
                break
        self.used.add(template)
        if _opener(template):
            self.openers.add(_opener(template))
        self.openers |= _affirmations(template)
        self.out.append(text)

    def text(self) -> str:
        return " ".join(s.strip() for s in self.out if s.strip())


REF_WORDS = 14
"""The longest sentence or clause of a model answer quoted to the student, in words."""


def reference_clause(text: str, near: str = "", ignore: str = "") -> str:
    """A whole sentence or clause of a model answer short enough to quote, or "" (never a cut one).

    `near`: the student's words it is quoted beside. Then the clause quoted is the one that shares
    the most of their content words (leaving out `ignore`'s, the question's own), and none when no
    clause shares one: pairing "there are many malicious uses" with "Detectors of generated text
    lag behind the generators" would tell the student they said something they did not; nor is a clause
    about another of the things the question names ("Crop cuts …" beside "Pad resizes …"). Without
    `near`, the model answer's opening sentence or clause, if it is short enough."""
    candidates = _reference_clauses(text)
    if not near:
        return candidates[0][1] if candidates and candidates[0][0] == 0 else ""
    asked = tokens(ignore)
    own = [t for t in tokens(near) if not _matches_any(t, asked)]
    # the things the question lists that the student's words are about ("pad" of "crop, pad, and squish")
    items = _listed(ignore)
    about = [t for t in tokens(near) if _matches_any(t, items)]
    best, best_shared = "", 0
    for _, candidate in candidates:
        named = [t for t in tokens(candidate) if _matches_any(t, items)]
        if about and named and not any(_matches_any(t, named) for t in about):
            continue  # a clause on another of the things asked about: "Pad resizes …" is not "Crop cuts …"
        theirs = [t for t in tokens(candidate) if not _matches_any(t, asked)]
        shared = sum(_matches_any(t, theirs) for t in own)
        if shared > best_shared:
            best, best_shared = candidate, shared
    return best


_LISTED = re.compile(r"((?:[\w`'-]+\s*,\s*)*[\w`'-]+),?\s+(?:and|or|versus|vs\.?)\s+([\w`'-]+)", re.IGNORECASE)


def _listed(question: str) -> frozenset[str]:
    """The things a question lists side by side ("crop, pad, and squish", "`item_tfms` and `batch_tfms`")."""
    out: set[str] = set()
    for m in _LISTED.finditer(question):
        for piece in (*m.group(1).split(","), m.group(2)):
            out |= tokens(piece.split()[-1]) if piece.split() else set()
    return frozenset(out)


def _same_word(a: str, b: str) -> bool:
    """Two content words that are one word in two forms ("categories", "category")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 4 and long_.startswith(short)) or (len(short) >= 5 and short[:5] == long_[:5])


def _matches_any(word: str, words: Collection[str]) -> bool:
    return any(_same_word(word, w) for w in words)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bE\.g\.)(?<!\bI\.e\.)(?<!\betc\.)(?<!\bvs\.)"
                             r"(?<!\bcf\.)\s+(?=[A-Z])")
"""Where a model answer's sentence ends: not after "e.g." or "i.e." ("the pretraining corpus (e.g. Wikipedia)
differs…" is one sentence)."""
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s[\u2014\u2013-])\s+")
_SUBORDINATE = re.compile(r"^(?:" + lang.patterns(lang.SUBORDINATORS) + r")\b", re.IGNORECASE)
"""A first clause that cannot stand alone: cut at its comma, it is no clause of the model answer to quote."""


def _reference_clauses(text: str) -> list[tuple[int, str]]:
    """(sentence number, text) of the model answer's sentences short enough to quote, and of the
    parts of longer ones between semicolons (or their first clause)."""
    text = clause(text)
    if not text or '"' in text:
        return []
    out = []
    for i, whole in enumerate(_SENTENCE_BREAK.split(text)):
        pieces = [whole] if _quotable(whole) else re.split(r"\s*;\s+", whole.rstrip(" ."))
        for piece in pieces:
            piece = piece.rstrip(" .")
            if len(pieces) > 1:  # "…; or a model that memorized …": the item, not the joint
                piece = re.sub(r"^(?:or|and|but)\s+(?=\w)", "", piece, flags=re.IGNORECASE)
            if len(pieces) > 1 and 3 <= len(piece.split()) < 5:  # a whole item of a list ("a state of activation")
                out.append((i, piece))
                continue
            if not _quotable(piece):
                piece = _JOINER_END.sub("", _CLAUSE_BREAK.split(piece, maxsplit=1)[0].rstrip(" ."))
                if _SUBORDINATE.match(piece):
                    continue  # "If it is too large": a condition, not a statement of the model answer
            if _quotable(piece) and piece.count("(") == piece.count(")") and not _DANGLING.search(piece):
                out.append((i, piece))
    return out


_JOINER_END = re.compile(r",?\s+(?:and|or|but|nor|so)$", re.IGNORECASE)
"""A joining word left at the end of a first clause cut at a comma: "Softmax makes the activations sum to 1 and,
through the exponential, …" quotes "Softmax makes the activations sum to 1"."""
_DANGLING = re.compile(r"\b(?:and|or|but|nor|so|the|a|an|of|to|in|on|with|by|for|from|that|which|as)$", re.IGNORECASE)
"""A word that cannot end a clause ("… from the web and put it into the"): such a cut one is not quoted."""


def _quotable(text: str) -> bool:
    return 5 <= len(text.rstrip(" .").split()) <= REF_WORDS
