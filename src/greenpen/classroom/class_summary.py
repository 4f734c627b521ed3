"""The class's figures for the class report (`class_report` renders them): scores, per-question
verdicts, the most frequent misconceptions (quotes anonymised), students who need help, and
near-duplicate answers.

    summary = summarise("week4", store.submissions(run_id), pack)

`summarise` is pure (plain data in, plain data out). Quotes of students' words in the
misconception section are anonymised: no name next to them, and any student name or e-mail
inside the quote is replaced by "[student]".
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain import Pack
from ..store.records import REVIEW_BELOW, VERDICTS, StoredAnswer, StoredSubmission

NEEDS_HELP_BELOW = 0.5
DUPLICATE_AT = 0.8
"""Two answers whose word-trigram overlap (Jaccard) is at least this look copied."""
DUPLICATE_MIN_WORDS = 8
DUPLICATE_MIN_SHARED = 2
"""A pair of students is reported when this many of their answers look copied."""
COMMON_ANSWER = 2
"""An answer alike to more than this many classmates' is common (from the book), not copied."""
MISSED = ("missing", "incorrect")


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    number: int
    question: str
    average: float
    confidence: float
    verdicts: dict[str, int]
    unsure: int
    """Answers graded with confidence below the review threshold."""

    @property
    def missed(self) -> int:
        return sum(self.verdicts.get(v, 0) for v in MISSED)

    @property
    def answers(self) -> int:
        return sum(self.verdicts.values())


@dataclass(frozen=True)
class MisconceptionStats:
    question_id: str
    number: int
    item: str
    text: str
    correction: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class StudentFlag:
    student: str
    score: float
    missed: int
    questions: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NearDuplicate:
    students: tuple[str, str]
    questions: tuple[int, ...]
    similarity: float
    excerpt: str


@dataclass(frozen=True)
class ClassSummary:
    run: str
    pack: str
    scores: dict[str, float]
    """Student → final score (graded submissions only)."""
    failed: tuple[tuple[str, str], ...]
    questions: tuple[QuestionStats, ...]
    misconceptions: tuple[MisconceptionStats, ...]
    need_help: tuple[StudentFlag, ...]
    duplicates: tuple[NearDuplicate, ...]
    edited: int = 0
    released: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.scores.values()) if self.scores else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.scores.values()) if self.scores else 0.0

    @property
    def most_missed(self) -> tuple[QuestionStats, ...]:
        ranked = sorted(
            (q for q in self.questions if q.missed), key=lambda q: (-q.missed / q.answers, q.number)
        )
        return tuple(ranked[:5])

    @property
    def least_sure(self) -> tuple[QuestionStats, ...]:
        return tuple(sorted(self.questions, key=lambda q: (q.confidence, q.number))[:5])


def summarise(run: str, submissions: Sequence[StoredSubmission], pack: Pack | None = None) -> ClassSummary:
    """The class's figures from the stored submissions (failed ones are listed, not counted)."""
    graded = [s for s in submissions if s.status == "graded"]
    names = _unique_names(graded)
    by_question: dict[str, list[StoredAnswer]] = defaultdict(list)
    for s in graded:
        for a in s.answers:
            by_question[a.question_id].append(a)
    questions = tuple(
        sorted((_question_stats(answers) for answers in by_question.values()), key=lambda q: q.number)
    )
    return ClassSummary(
        run=run,
        pack=graded[0].pack if graded else (pack.id if pack else ""),
        scores={names[s.id]: s.score for s in graded},
        failed=tuple((s.source, s.error) for s in submissions if s.status != "graded"),
        questions=questions,
        misconceptions=_misconceptions(graded, pack, _scrubber(graded)),
        need_help=_need_help(graded, names),
        duplicates=_near_duplicates(graded, names),
        edited=sum(a.edited for s in graded for a in s.answers)
        + sum(s.manual_score is not None for s in graded),
        released=sum(s.released for s in graded),
    )


def _unique_names(subs: Sequence[StoredSubmission]) -> dict[int, str]:
    counts = Counter(s.name for s in subs)
    return {s.id: s.name if counts[s.name] == 1 else f"{s.name} ({s.source})" for s in subs}


def _question_stats(answers: Sequence[StoredAnswer]) -> QuestionStats:
    first = answers[0]
    verdicts = Counter(a.verdict for a in answers)
    return QuestionStats(
        question_id=first.question_id,
        number=first.number,
        question=first.question,
        average=statistics.fmean(a.score for a in answers),
        confidence=statistics.fmean(a.confidence for a in answers),
        verdicts={v: verdicts[v] for v in VERDICTS if verdicts[v]},
        unsure=sum(a.confidence < REVIEW_BELOW for a in answers),
    )


def _scrubber(subs: Sequence[StoredSubmission]) -> re.Pattern[str] | None:
    words = {s.email for s in subs if s.email}
    for s in subs:
        words |= {part for part in s.student.split() if len(part) > 2}
    if not words:
        return None
    return re.compile(
        r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )


def _quote(text: str, scrub: re.Pattern[str] | None, limit: int = 140) -> str:
    text = " ".join(text.split())
    if scrub is not None:
        text = scrub.sub("[student]", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _misconceptions(
    subs: Sequence[StoredSubmission], pack: Pack | None, scrub: re.Pattern[str] | None
) -> tuple[MisconceptionStats, ...]:
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    quotes: dict[tuple[str, str], list[str]] = defaultdict(list)
    info: dict[tuple[str, str], tuple[int, str]] = {}
    for s in subs:
        for a in s.answers:
            for f in a.findings:
                if f.kind != "misconception":
                    continue
                key = (a.question_id, f.id or f.detail)
                seen[key].add(s.id)
                info.setdefault(key, (a.number, f.detail))
                quote = _quote(f.evidence or a.answer, scrub)
                if quote and quote not in quotes[key]:
                    quotes[key].append(quote)
    out = []
    for key, who in seen.items():
        number, detail = info[key]
        text, correction = _pack_misconception(pack, *key)
        out.append(
            MisconceptionStats(
                question_id=key[0],
                number=number,
                item=key[1],
                text=text or key[1].replace("-", " "),
                correction=correction or detail,
                count=len(who),
                examples=tuple(sorted(quotes[key], key=len)[:3]),
            )
        )
    return tuple(sorted(out, key=lambda m: (-m.count, m.number, m.item)))


def _pack_misconception(pack: Pack | None, question_id: str, item: str) -> tuple[str, str]:
    if pack is None:
        return "", ""
    try:
        question = pack.question(question_id)
    except KeyError:
        return "", ""
    for m in question.misconceptions:
        if m.id == item:
            return m.text, m.correction
    return "", ""


def _need_help(subs: Sequence[StoredSubmission], names: dict[int, str]) -> tuple[StudentFlag, ...]:
    out = []
    for s in subs:
        n = len(s.answers)
        missed = sum(a.verdict in MISSED for a in s.answers)
        reasons = []
        if s.score < NEEDS_HELP_BELOW:
            reasons.append(f"score {s.score:.0%}")
        if n and missed * 2 >= n:
            reasons.append(f"{missed} of {n} answers missing or incorrect")
        if reasons:
            out.append(StudentFlag(names[s.id], s.score, missed, n, tuple(reasons)))
    return tuple(sorted(out, key=lambda f: (f.score, f.student)))


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    if len(words) < DUPLICATE_MIN_WORDS:
        return frozenset()
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _near_duplicates(subs: Sequence[StoredSubmission], names: dict[int, str]) -> tuple[NearDuplicate, ...]:
    """Pairs of students who share near-identical answers to at least `DUPLICATE_MIN_SHARED` questions.

    An answer that several students share (more than `COMMON_ANSWER` alike) most likely comes
    from the course text, not from a neighbour, so it does not count.
    """
    pairs: dict[tuple[int, int], list[tuple[int, float, str]]] = defaultdict(list)
    by_question: dict[str, list[tuple[int, StoredAnswer, frozenset[tuple[str, ...]]]]] = defaultdict(list)
    for s in subs:
        for a in s.answers:
            sh = _shingles(a.answer)
            if sh:
                by_question[a.question_id].append((s.id, a, sh))
    for entries in by_question.values():
        hits: list[tuple[int, int, float]] = []
        alike: Counter[int] = Counter()
        for i, (_, _, sh_a) in enumerate(entries):
            for j in range(i + 1, len(entries)):
                sh_b = entries[j][2]
                small, big = sorted((len(sh_a), len(sh_b)))
                if small < DUPLICATE_AT * big:
                    continue  # Jaccard cannot reach the threshold
                similarity = len(sh_a & sh_b) / len(sh_a | sh_b)
                if similarity >= DUPLICATE_AT:
                    hits.append((i, j, similarity))
                    alike[i] += 1
                    alike[j] += 1
        for i, j, similarity in hits:
            if alike[i] <= COMMON_ANSWER and alike[j] <= COMMON_ANSWER:
                ans = entries[i][1]
                pairs[(entries[i][0], entries[j][0])].append(
                    (ans.number, similarity, _quote(ans.answer, None, 90))
                )
    out = [
        NearDuplicate(
            students=(names[a], names[b]),
            questions=tuple(sorted(q for q, _, _ in found)),
            similarity=max(sim for _, sim, _ in found),
            excerpt=found[0][2],
        )
        for (a, b), found in pairs.items()
        if len(found) >= DUPLICATE_MIN_SHARED
    ]
    return tuple(sorted(out, key=lambda d: (-len(d.questions), -d.similarity, d.students)))
