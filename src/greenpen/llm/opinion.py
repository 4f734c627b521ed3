"""A second reader for the answers the grader is unsure of (`greenpen grade --judge local|URL`).

The grader's judgement of each answer stands unless a language model, shown the question, the
reference answer and the key points and asked "is this answer correct according to the
reference? yes or no" (`prompts.reader_prefix` / `reader_suffix`), clearly disagrees.
P = P(yes) / (P(yes) + P(no)) is read from the model's next-token distribution (`engine.py`),
never from generated text, and enters the judgement as a `second_opinion` finding:

- only unsure answers are read: verdict correct / partial / incorrect with confidence below
  `judge_threshold`, and nothing that makes the answer void (empty, off topic, addressing the
  grader, a missing drawing) — so a student's plea to the model is never even read by it;
- the raw P is calibrated (`CALIBRATION`, fitted on training answers) into a probability that
  the answer is correct; the thresholds below apply to it (`bench/reader_fit.py` sets all three);
- P ≥ `YES_AT` on an answer the grader did not call correct: a disagreement; the verdict goes
  one step up (incorrect → partial, partial → correct), unless the grader holds evidence the
  model cannot overrule (a misconception, code that fails or gives the wrong result, no code,
  a self-contradiction). Off for the bundled model: on training answers it never helped;
- P ≤ `NO_AT` on an answer the grader called correct: a disagreement; correct → partial.
  A model's "no" is not evidence a student can be shown, so it never makes an answer incorrect;
- the bundled model only advises (`SecondReader.decides`): its disagreement changes no verdict, as
  measured on real answers it made verdicts worse; an endpoint's model decides as above;
- a disagreement sends the answer to the teacher's review queue (confidence at most
  `REVIEW_CONFIDENCE`, below the store's review line); an agreement raises the confidence a little.

Grading goes question by question (`SecondReader.read`), so a local model evaluates each
question's prompt prefix once for the whole class, and every P is cached on disk, keyed by
the model and the exact prompt, so grading the same answers again asks nothing.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain import Finding, Judgement, Question, Verdict
from ..errors import ModelError
from .backend import Cache
from .engine import EndpointScorer, LlamaScorer, Scorer
from .prompts import SYSTEM_READER, reader_prefix, reader_suffix
from .settings import LLMSettings

if TYPE_CHECKING:
    from ..judges import Judge

CALIBRATION = (1.077, -0.34)
"""(a, b): P(correct) = sigmoid(a · logit(P) + b) for the bundled 1.5B model and this prompt, fitted
on training answers by `python -m greenpen.bench.reader_fit` (97 unsure answers of Beetle and SAF,
no question shared with SciEntsBank or the real-world files; see the README): the model says "yes"
too readily, so a raw P of 0.58 is an even chance."""
YES_AT = 1.01
NO_AT = 0.5
"""Thresholds on the calibrated P, set on the same training answers. Lifting a verdict on the
model's "yes" helped no answer there at any threshold (the grader's unsure non-correct answers are
mostly rightly so), so it is off (> 1); lowering "correct" to "partial" at P(correct) ≤ 0.5 helped
more answers than it hurt. Both stay settable for an endpoint with a stronger model."""
REVIEW_CONFIDENCE = 0.5
AGREE_BONUS = 0.1
MAX_ANSWER_CHARS = 2400
VOID_KINDS = frozenset({"empty", "off_topic", "attachment_missing"})
HARD_EVIDENCE = frozenset({"misconception", "code_wrong", "code_error", "no_code", "self_contradiction"})
UP: dict[str, Verdict] = {"incorrect": "partial", "partial": "correct"}
BANDS: dict[str, tuple[float, float]] = {"correct": (0.8, 1.0), "partial": (0.3, 0.79), "incorrect": (0.0, 0.29)}
"""Score range of each verdict (the grader's own, `grading.scoring.BANDS`)."""

LOCAL_SECONDS_PER_ANSWER = 1.5
LOCAL_SECONDS_PER_QUESTION = 4.0
"""For the first estimate on a machine: the goal for the bundled 1.5B model on 2 quiet cores (an
answer on top of a cached prefix; one question's prefix). Once the reader has run, the estimate
uses the speed it measured here (kept in the cache), which on a busy machine is far slower."""


@dataclass(frozen=True)
class Case:
    """One answer the grader has judged."""

    question: Question
    answer: str
    judgement: Judgement


def needs_reader(judgement: Judgement, threshold: float) -> bool:
    """True for an unsure, assessable, non-void answer."""
    if judgement.verdict not in ("correct", "partial", "incorrect") or judgement.confidence >= threshold:
        return False
    return not any(f.kind in VOID_KINDS for f in judgement.findings)


def prefix_for(question: Question) -> str:
    """The rubric part of the prompt: the question and the reference answer. The key points are left
    out on purpose: the calibration and thresholds were set on training answers that have only a
    reference (as MODELS.md measured), and a list of "key points of a complete answer" makes the
    model say no far more often (on the first eight questions of fastai-04 the calibrated P of the
    teacher's correct answers fell to 0.46 on average), so they would not carry over. A question
    without a reference is judged on its key points instead."""
    points = [] if question.reference.strip() else [kp.text for kp in question.key_points]
    return reader_prefix(question.text, question.reference, points)


def suffix_for(answer: str) -> str:
    text = answer.strip()
    if len(text) > MAX_ANSWER_CHARS:
        text = text[: MAX_ANSWER_CHARS - 200] + "\n[…]\n" + text[-200:]
    return reader_suffix(text)


# ─── the pure part ──────────────────────────────────────────────────────────


def calibrated(p: float, calibration: tuple[float, float] = CALIBRATION) -> float:
    """The model's raw P(yes)/(P(yes)+P(no)) as a probability that the answer is correct."""
    a, b = calibration
    p = min(max(p, 1e-4), 1 - 1e-4)
    return 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b)))


def fold(judgement: Judgement, p: float, *, model: str = "", decides: bool = True) -> Judgement:
    """The judgement with the second reader's calibrated P(correct) folded in (see the module
    docstring). `decides=False`: a disagreement only sends the answer to review."""
    fast_correct = judgement.verdict == "correct"
    says_yes, says_no = p >= YES_AT, p <= NO_AT
    verdict: Verdict = judgement.verdict
    hard = any(f.kind in HARD_EVIDENCE for f in judgement.findings)
    if decides and says_yes and not fast_correct and not hard:
        verdict = UP.get(judgement.verdict, judgement.verdict)
    elif decides and says_no and fast_correct:
        verdict = "partial"
    disagree = (says_yes and not fast_correct) or (says_no and fast_correct)
    word = "agrees" if (says_yes and fast_correct) or (says_no and not fast_correct) else (
        "disagrees" if disagree else "is undecided")
    finding = Finding("second_opinion", id=model or "language-model", strength=round(p, 2),
                      detail=f"A second reader ({model or 'a language model'}) gives P(correct) = {p:.2f}: "
                             f"it {word}" + (" — please review" if disagree else "") + ".")
    findings = (*judgement.findings, finding)
    if disagree:
        score = judgement.score
        if verdict != judgement.verdict:
            low, high = BANDS[verdict]
            score = round(min(max(0.5 * judgement.score + 0.5 * p, low), high), 2)
        return replace(judgement, verdict=verdict, score=score, findings=findings,
                       confidence=round(min(judgement.confidence, REVIEW_CONFIDENCE), 2))
    bonus = AGREE_BONUS * abs(2 * p - 1) if word == "agrees" else 0.0
    return replace(judgement, findings=findings, confidence=round(min(0.99, judgement.confidence + bonus), 2))


def opinion_note(judgements: Sequence[Judgement]) -> str:
    """One line for the report's notes: how many answers the second reader read and how many it sent to review."""
    read = [f for j in judgements for f in j.findings if f.kind == "second_opinion"]
    if not read:
        return ""
    flagged = sum("please review" in f.detail for f in read)
    return (f"A second reader ({read[0].id}) read {len(read)} answer{'s' * (len(read) != 1)} the grader was "
            f"unsure of; it disagreed on {flagged}, sent to review.")


# ─── asking the model ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReaderEstimate:
    answers: int
    questions: int
    cached: int
    seconds: float

    def describe(self) -> str:
        todo = self.answers - self.cached
        minutes = f"{self.seconds / 60:.0f} min" if self.seconds >= 90 else f"{self.seconds:.0f} s"
        return (f"Second reader: {self.answers} unsure answer{'s' * (self.answers != 1)} on {self.questions} "
                f"question{'s' * (self.questions != 1)}, {self.cached} already cached — "
                + (f"about {minutes} for the other {todo}." if todo else "nothing to ask."))


class SecondReader:
    """The judge model behind `--judge SPEC` ("local" or a URL), its disk cache and its statistics."""

    def __init__(self, spec: str, environ: Mapping[str, str], *, scorer: Scorer | None = None,
                 cache: Cache | None = None) -> None:
        self.spec = spec
        self.environ = dict(environ)
        self.settings = settings_for(spec, environ)
        self.local = spec == "local"
        self._scorer = scorer
        if scorer is not None:
            self.identity = scorer.identity
        elif self.local:
            from .local import JUDGE

            self.identity = f"local|{JUDGE.name}|{JUDGE.sha256[:16]}"
        else:
            self.identity = f"{self.settings.base_url}|{self.settings.model}"
        self.model = self.settings.model if not self.local else "qwen2.5-coder-1.5b"
        self.decides = not self.local or environ.get("GREENPEN_JUDGE_DECIDES", "") == "1"
        """Whether a disagreement changes the verdict, or only sends the answer to review. The bundled
        1.5B model advises only: with its verdict changes on, agreement with the teacher fell on both
        real-world chapters (87.2 → 84.8 % and 85.2 → 81.5 %; README). GREENPEN_JUDGE_DECIDES=1 lets
        it decide; an endpoint (a teacher's stronger model) decides."""
        self.calibration = CALIBRATION if self.local else (1.0, 0.0)
        """Fitted for the bundled model and this prompt; an endpoint's model is of unknown make, so its
        P is taken as it comes (a larger model's P is far less squeezed than the 1.5B model's)."""
        folder = self.settings.cache_dir
        self.cache = cache if cache is not None else (Cache(Path(folder) / "judge") if folder else None)
        self.cached_only = self.environ.get("GREENPEN_JUDGE_CACHED_ONLY", "") not in ("", "0")
        """Use only the opinions already in the cache, ask the model nothing (a regrade after an
        interrupted run, or a measurement on the answers read so far)."""
        self.asked = 0
        self.seconds = 0.0
        self._lock = threading.Lock()

    def scorer(self) -> Scorer:
        if self._scorer is None:
            if self.local:
                from .local import JUDGE, ensure

                threads = int(self.environ.get("GREENPEN_JUDGE_THREADS") or 0) or None
                self._scorer = LlamaScorer(ensure(self.environ, JUDGE), identity=self.identity, threads=threads)
            else:
                self._scorer = EndpointScorer(self.settings)
        return self._scorer

    def key(self, prefix: str, suffix: str) -> str:
        blob = "\x00".join((self.identity, SYSTEM_READER, prefix, suffix))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _cached(self, key: str) -> tuple[bool, float | None]:
        if self.cache is None:
            return False, None
        hit = self.cache.get(key)
        return (True, hit.get("p")) if hit is not None else (False, None)

    def _speed_key(self) -> str:
        return "speed|" + self.identity

    def _measured(self) -> float | None:
        """Seconds per answer (prefixes included) measured by earlier runs of this model here."""
        hit = self.cache.get(self._speed_key()) if self.cache is not None else None
        return float(hit["seconds"]) / max(int(hit["answers"]), 1) if hit and hit.get("answers") else None

    def _remember_speed(self) -> None:
        if self.cache is not None and self.asked:
            self.cache.put(self._speed_key(), {"answers": self.asked, "seconds": round(self.seconds, 3)})

    def estimate(self, cases: Sequence[Case]) -> ReaderEstimate:
        questions: dict[str, str] = {}
        cached = 0
        todo_q: set[str] = set()
        for c in cases:
            prefix = questions.setdefault(c.question.id, prefix_for(c.question))
            if self._cached(self.key(prefix, suffix_for(c.answer)))[0]:
                cached += 1
            else:
                todo_q.add(c.question.id)
        todo = len(cases) - cached
        measured = self._measured()
        if measured is not None:
            seconds = todo * measured
        elif self.local:
            seconds = todo * LOCAL_SECONDS_PER_ANSWER + len(todo_q) * LOCAL_SECONDS_PER_QUESTION
        else:
            s = self.settings
            chars = sum(len(questions[c.question.id]) + len(c.answer) + 400 for c in cases) * todo / max(len(cases), 1)
            seconds = chars / 4 / max(s.prompt_tokens_per_second, 1e-6) + todo / max(s.tokens_per_second, 1e-6)
        return ReaderEstimate(len(cases), len(questions), cached, seconds)

    def read(self, cases: Sequence[Case], on_progress: Callable[[int], None] | None = None) -> list[float | None]:
        """P(correct) for each case, question by question (a cached one costs nothing)."""
        out: list[float | None] = [None] * len(cases)
        groups: dict[str, list[int]] = {}
        for i, c in enumerate(cases):
            groups.setdefault(c.question.id, []).append(i)
        with self._lock:
            for indexes in groups.values():
                prefix = prefix_for(cases[indexes[0]].question)
                todo: list[tuple[int, str, str]] = []
                for i in indexes:
                    suffix = suffix_for(cases[i].answer)
                    key = self.key(prefix, suffix)
                    hit, p = self._cached(key)
                    if hit:
                        out[i] = p
                        if on_progress is not None:
                            on_progress(1)
                    elif not self.cached_only:
                        todo.append((i, suffix, key))
                for start in range(0, len(todo), 8):  # small batches: progress, and a cache that fills as it goes
                    chunk = todo[start:start + 8]
                    began = time.perf_counter()
                    ps = self.scorer().score(SYSTEM_READER, prefix, [s for _, s, _ in chunk])
                    self.seconds += time.perf_counter() - began
                    self.asked += len(chunk)
                    self._remember_speed()
                    for (i, _, key), p in zip(chunk, ps, strict=True):
                        out[i] = p
                        if self.cache is not None:
                            self.cache.put(key, {"p": p})
                    if on_progress is not None:
                        on_progress(len(chunk))
        return out

    def review(self, cases: Sequence[Case]) -> list[Judgement]:
        """Each case's judgement, with the second reader's opinion when the grader was unsure."""
        threshold = self.settings.judge_threshold
        ask = [i for i, c in enumerate(cases) if needs_reader(c.judgement, threshold)]
        ps = self.read([cases[i] for i in ask])
        out = [c.judgement for c in cases]
        for i, p in zip(ask, ps, strict=True):
            if p is not None and not math.isnan(p):
                out[i] = fold(cases[i].judgement, calibrated(p, self.calibration), model=self.model,
                              decides=self.decides)
        return out

    def close(self) -> None:
        if self._scorer is not None:
            self._scorer.close()
            self._scorer = None
        if self.cache is not None:
            self.cache.close()
            self.cache = None


def settings_for(spec: str, environ: Mapping[str, str]) -> LLMSettings:
    """LLM settings for `--judge SPEC`: "local" (the bundled model, in process) or an endpoint URL."""
    settings = LLMSettings.from_env(environ)
    if spec == "local":
        return settings
    if not spec.startswith(("http://", "https://")):
        raise ModelError(f'--judge takes "local" or an endpoint URL (http://…/v1), not "{spec}"')
    return replace(settings, url=spec)


def with_reader(grade: Callable[[Sequence[tuple[Question, str]]], list[Judgement]],
                reader: Judge) -> Callable[[Sequence[tuple[Question, str]]], list[Judgement]]:
    """A `greenpen.bench` grader (pairs → judgements) with a judge's opinion added (the second
    reader, or any judge a plugin registers)."""

    def graded(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        judgements = grade(pairs)
        return reader.review([Case(q, a, j) for (q, a), j in zip(pairs, judgements, strict=True)])

    return graded
