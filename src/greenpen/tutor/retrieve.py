"""Retrieval over the course packs: which questions of the course a text is about.

Every question of every pack becomes a handful of passages (its text and other wordings,
its reference answer sentence by sentence, its key points, "going further" notes and the
corrections of its misconceptions). A query is scored against each question two ways:

    query ─► sentence embedding ─► best cosine over the question's passages ─┐
          └► content words ─► share of the query's (IDF-weighted) words    ──┴─► score, covered?
                              that the question's passages contain

The embedding (multilingual USE by default) carries paraphrase and other languages; the
word overlap keeps a query about a topic the packs never mention ("transformers",
"SQL") from riding on a vague semantic likeness. `covered` is the line between answering
from the packs and declining.

Pure numpy over an `Encoder` (anything with `encode(texts) -> (n, dim)` unit vectors), so
tests can pass a small fake. Passage vectors may be cached on disk (`cache_dir`).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from ..domain import Pack, Question
from ..grading.features import Encoder
from ..textutil import content_tokens, sentences, words

PassageKind = Literal["question", "alias", "reference", "key_point", "going_further", "correction"]

SEMANTIC_WEIGHT = 0.75
"""Share of the semantic score in `Match.score`; the rest is word overlap."""
SURE_SEMANTIC = 0.75
"""A cosine this high to some passage is a paraphrase: covered whatever the words."""
MIN_SEMANTIC = 0.55
"""Below this cosine the packs do not cover the query, whatever the words."""
MIN_OVERLAP = 0.6
"""Between the two, the question must also contain this share of the query's words."""

QUERY_WORDS = frozenset(
    """explain describe tell show give mean means meaning meant exactly really actually basically please
    happen happens work works required require need needs needed important importance know want get
    thing things way ways something anything kind sort example good bad better best
    explica explique diz dizer significa significado exatamente realmente funciona serve preciso""".split()
)
"""Words of how a question is asked, not of what it asks about: left out of the word overlap."""


@dataclass(frozen=True)
class Passage:
    """One retrievable piece of a question's entry."""

    pack_id: str
    question: Question
    kind: PassageKind
    text: str


@dataclass(frozen=True)
class Match:
    """How well one question of a pack matches a query."""

    pack: Pack
    question: Question
    score: float
    semantic: float
    overlap: float
    passage: Passage
    """The passage closest to the query."""

    @property
    def covered(self) -> bool:
        return covers(self.semantic, self.overlap)

    @property
    def source(self) -> str:
        """How to cite it: `fastai-04 q17`."""
        return f"{self.pack.id} q{self.question.number}"


def covers(semantic: float, overlap: float) -> bool:
    """True when a question with these scores covers the query (see the module docstring)."""
    return semantic >= SURE_SEMANTIC or (semantic >= MIN_SEMANTIC and overlap >= MIN_OVERLAP)


def query_words(text: str) -> set[str]:
    """The content words of `text` that say what it is about."""
    return content_tokens(" ".join(w for w in words(text) if w not in QUERY_WORDS))


def question_passages(pack: Pack, question: Question) -> list[Passage]:
    """The passages of one question, in a fixed order."""
    out: list[tuple[PassageKind, str]] = [("question", question.text)]
    out += [("alias", a) for a in question.aliases]
    out += [("reference", s.text) for s in sentences(question.reference) if len(s.text) > 12]
    out += [("key_point", k.text) for k in question.key_points]
    out += [("going_further", g) for g in question.going_further]
    out += [("correction", m.correction) for m in question.misconceptions]
    return [Passage(pack.id, question, kind, text) for kind, text in out if text.strip()]


class Index:
    """The questions of some packs, ready to be searched."""

    def __init__(self, packs: Sequence[Pack], encoder: Encoder, *, cache_dir: Path | None = None) -> None:
        self.packs = tuple(packs)
        self.questions: list[tuple[Pack, Question]] = [(p, q) for p in self.packs for q in p.questions]
        self.passages: list[Passage] = []
        owner: list[int] = []
        self.vocab: list[set[str]] = []
        for i, (pack, question) in enumerate(self.questions):
            found = question_passages(pack, question)
            self.passages += found
            owner += [i] * len(found)
            self.vocab.append(set().union(*(content_tokens(p.text) for p in found)))
        self._owner = np.asarray(owner, dtype=np.int64)
        self._encoder = encoder
        self._vectors = _encode_cached(encoder, [p.text for p in self.passages], cache_dir)
        df: dict[str, int] = {}
        for vocab in self.vocab:
            for word in vocab:
                df[word] = df.get(word, 0) + 1
        self._df = df

    def idf(self, word: str) -> float:
        """Rarer words weigh more; a word no question contains weighs most."""
        n = len(self.questions)
        return math.log((n + 1) / (self._df.get(word, 0) + 0.5))

    def overlap(self, text: str, question_index: int) -> float:
        """IDF-weighted share of the content words of `text` that question `question_index` contains."""
        words = query_words(text)
        total = sum(self.idf(w) for w in words)
        if total <= 0:
            return 0.0
        return sum(self.idf(w) for w in words if w in self.vocab[question_index]) / total

    def semantic(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """For each text and question: the best cosine and the index of the passage that gave it."""
        vectors = self._encoder.encode(list(texts))
        sims = vectors @ self._vectors.T  # (n_texts, n_passages)
        n_questions = len(self.questions)
        best = np.full((len(texts), n_questions), -1.0, dtype=np.float32)
        where = np.zeros((len(texts), n_questions), dtype=np.int64)
        for p_index in range(sims.shape[1]):
            q_index = int(self._owner[p_index])
            better = sims[:, p_index] > best[:, q_index]
            best[better, q_index] = sims[better, p_index]
            where[better, q_index] = p_index
        return best, where

    def search(self, query: str, k: int = 5) -> list[Match]:
        """The `k` questions that match `query` best, best first (ties by pack order)."""
        return self.search_many([query], k)[0]

    def search_many(self, queries: Sequence[str], k: int = 5) -> list[list[Match]]:
        if not queries:
            return []
        best, where = self.semantic(queries)
        out: list[list[Match]] = []
        for row, query in enumerate(queries):
            matches = [self.match(query, i, float(best[row, i]), int(where[row, i]))
                       for i in range(len(self.questions))]
            matches.sort(key=lambda m: -m.score)
            out.append(matches[:k])
        return out

    def match(self, text: str, question_index: int, semantic: float, passage_index: int) -> Match:
        pack, question = self.questions[question_index]
        overlap = self.overlap(text, question_index)
        score = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * overlap
        return Match(pack, question, round(score, 4), round(semantic, 4), round(overlap, 4),
                     self.passages[passage_index])

    def position(self, pack_id: str, question_id: str) -> int:
        for i, (pack, question) in enumerate(self.questions):
            if pack.id == pack_id and question.id == question_id:
                return i
        raise KeyError(f"{pack_id}/{question_id}")


def _encode_cached(encoder: Encoder, texts: list[str], cache_dir: Path | None) -> np.ndarray:
    """Encode `texts`, reusing vectors saved in `cache_dir` by an earlier run with the same texts."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", str(getattr(encoder, "name", type(encoder).__name__)))
    digest = hashlib.sha256("\x1f".join([name, *texts]).encode("utf-8")).hexdigest()[:20]
    path = cache_dir / f"tutor-index-{name}-{digest}.npy" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            vectors = np.load(path)
            if vectors.shape[0] == len(texts):
                return np.asarray(vectors, dtype=np.float32)
        except (OSError, ValueError):
            pass
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(path, vectors)
        except OSError:
            pass
    return vectors
