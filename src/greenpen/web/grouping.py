"""Answers to one question that say the same thing, grouped so a teacher can treat them at once.

    groups = group_answers(members)     # biggest group first

Two answers are in one group when they got the same verdict and the same findings (the same
key points stated or missed, the same misconceptions: kind and id, not the evidence), and
their words overlap: within a verdict-and-findings bucket, each answer joins the first group
whose leader shares at least `WORD_OVERLAP` of their content words (Jaccard), else starts a
new group. No model is needed and the result is deterministic (input order breaks ties).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..store.records import VERDICTS, StoredAnswer

WORD_OVERLAP = 0.3
"""Least Jaccard overlap of content words for an answer to join a group's leader."""
STOPWORDS = frozenset(
    "the a an and or of to in on is are was be it its that this for with as by at from we you "
    "they not can which will would there their then than so if but".split()
)


@dataclass(frozen=True)
class Member:
    """One student's answer in a group."""

    student: str
    submission_id: int
    answer: StoredAnswer


@dataclass(frozen=True)
class Group:
    """Answers that say the same thing: same verdict, same findings, overlapping words."""

    verdict: str
    signature: tuple[tuple[str, str], ...]
    """The shared findings as sorted (kind, id) pairs."""
    members: tuple[Member, ...]

    @property
    def leader(self) -> Member:
        return self.members[0]

    @property
    def feedback(self) -> str:
        """The most common feedback among the members (the first one's on a tie)."""
        texts = [m.answer.feedback for m in self.members]
        return max(texts, key=lambda t: (texts.count(t), -texts.index(t)))

    @property
    def reviewed(self) -> int:
        """How many members the teacher approved or edited."""
        return sum(bool(m.answer.reviewed_at) or m.answer.edited for m in self.members)


def signature(answer: StoredAnswer) -> tuple[tuple[str, str], ...]:
    """What the grader found, as sorted (kind, id) pairs without the student's words."""
    return tuple(sorted({(f.kind, f.id) for f in answer.findings}))


def content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", text.casefold()) if w not in STOPWORDS and len(w) > 1)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap; two empty answers are alike."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def group_answers(members: Sequence[Member], *, threshold: float = WORD_OVERLAP) -> list[Group]:
    """Group the answers; groups sorted biggest first, then by verdict (correct first)."""
    buckets: dict[tuple[str, tuple[tuple[str, str], ...]], list[list[tuple[Member, frozenset[str]]]]] = {}
    for m in members:
        key = (m.answer.verdict, signature(m.answer))
        words = content_words(m.answer.answer)
        clusters = buckets.setdefault(key, [])
        for cluster in clusters:
            if overlap(cluster[0][1], words) >= threshold:
                cluster.append((m, words))
                break
        else:
            clusters.append([(m, words)])
    groups = [
        Group(verdict=verdict, signature=sig, members=tuple(m for m, _ in cluster))
        for (verdict, sig), clusters in buckets.items()
        for cluster in clusters
    ]
    order = {v: i for i, v in enumerate(VERDICTS)}
    return sorted(groups, key=lambda g: (-len(g.members), order.get(g.verdict, len(order))))
