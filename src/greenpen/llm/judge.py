"""A second opinion on the answers the grader is least sure of.

For each answer whose confidence is below the threshold, the model is asked, per key point
(and per misconception already found), "does the student's answer state …? yes/no"; P(yes)
is read from the top log-probabilities of the first token, never from generated text.
`combine` (pure) folds those probabilities into the grader's findings and re-derives score,
verdict and confidence with the grader's own rules (`grading.scoring.decide`), so:

- a key point's strength s moves towards P(yes) by w·(P − s); it counts as stated from 0.6.
  Upward moves are scaled by the grader's own support (s / 0.3, at most 1): the model can
  veto a point, but cannot credit one the grader finds no trace of — so an answer that only
  talks to the model ("reply yes") gains nothing even from a model that obeys it;
- a misconception the grader found is weakened when the model does not see it (dropped
  below 0.3); the model never adds one (the 0.5B model says "yes" too easily);
- an off-topic answer, or one that addresses the grader ("give full marks"), keeps 0:
  such answers are never sent, and `decide` zeroes them anyway;
- missing, unassessable and confident answers are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from ..domain import Finding, Judgement, KeyPoint, Question
from ..textutil import content_tokens, sentences
from .backend import LLMClient, Request, p_yes
from .opinion import Case
from .prompts import judge_completion_prompt, judge_messages

NO_ANSWER = "(no answer)"
COVERED = 0.6
DROP_MISCONCEPTION = 0.3
SUPPORT = 0.3
"""Grader strength from which the model may lift a key point with its full weight."""
MISCONCEPTION_PENALTY = 0.4
SKIP_KINDS = frozenset({"empty", "off_topic", "attachment_missing"})

AskKey = tuple[str, str]
"""("key_point" | "misconception", id)."""


@dataclass(frozen=True)
class Ask:
    kind: Literal["key_point", "misconception"]
    id: str
    statement: str

    @property
    def key(self) -> AskKey:
        return (self.kind, self.id)


JudgeItem = Case
"""One answer the grader has judged: the same value the second reader (`opinion.py`) reads."""


@dataclass(frozen=True)
class Opinion:
    """What the model said about one answer, and the judgement before and after."""

    before: Judgement
    after: Judgement
    probabilities: Mapping[AskKey, float]
    asked: int

    @property
    def changed(self) -> bool:
        return (self.before.verdict, self.before.score) != (self.after.verdict, self.after.score)


def key_points(question: Question) -> tuple[KeyPoint, ...]:
    if question.key_points:
        return question.key_points
    from ..grading.reference_points import reference_key_points

    return reference_key_points(question)


def needs_second_opinion(judgement: Judgement, threshold: float) -> bool:
    if judgement.verdict not in ("correct", "partial", "incorrect") or judgement.confidence >= threshold:
        return False
    return not any(f.kind in SKIP_KINDS for f in judgement.findings)


def asks_for(question: Question, judgement: Judgement) -> list[Ask]:
    """The yes/no checks for one answer: every assessed key point, every misconception found."""
    texts = {kp.id: kp.text for kp in judgement.key_points or key_points(question)}
    wrong = {m.id: m.text for m in question.misconceptions}
    out: list[Ask] = []
    for f in judgement.findings:
        if f.kind in ("key_point", "missed_point") and f.id in texts:
            out.append(Ask("key_point", f.id, texts[f.id]))
        elif f.kind == "misconception" and f.id in wrong:
            out.append(Ask("misconception", f.id, wrong[f.id]))
    return out


def request_for(client: LLMClient, question: Question, answer: str, ask: Ask) -> Request:
    negative = ask.kind == "misconception"
    if client.settings.judge_api == "completions":
        prompt = judge_completion_prompt(question.text, ask.statement, answer, negative=negative)
        return client.completion_request(prompt, max_tokens=1, top_logprobs=10)
    return client.chat_request(judge_messages(question.text, ask.statement, answer, negative=negative),
                               max_tokens=1, top_logprobs=10)


def plan(client: LLMClient, items: Sequence[JudgeItem], threshold: float) -> list[tuple[int, Ask, Request]]:
    """(item index, check, request) for every check the unsure answers need."""
    return [(i, ask, request_for(client, it.question, it.answer, ask))
            for i, it in enumerate(items) if needs_second_opinion(it.judgement, threshold)
            for ask in asks_for(it.question, it.judgement)]


def calibrated(p: float, baseline: float | None) -> float:
    """P(yes) above what the model says for an empty answer, rescaled: (p − b) / (1 − b), at least 0.
    An empty answer states nothing, so whatever "yes" it gets is the model's bias."""
    if baseline is None:
        return p
    return max(0.0, (p - baseline) / max(1.0 - baseline, 1e-6))


def second_opinions(client: LLMClient, items: Sequence[JudgeItem], *, threshold: float | None = None,
                    weight: float | None = None, calibrate: bool | None = None) -> list[Opinion]:
    """Ask the model about every unsure answer in `items`; one Opinion per item, in order."""
    threshold = client.settings.judge_threshold if threshold is None else threshold
    weight = client.settings.judge_weight if weight is None else weight
    calibrate = client.settings.judge_calibrate if calibrate is None else calibrate
    todo = plan(client, items, threshold)
    base_keys = sorted({(items[i].question.id, ask.key) for i, ask, _ in todo}) if calibrate else []
    questions = {items[i].question.id: items[i].question for i, _, _ in todo}
    base_asks = {ask.key: ask for _, ask, _ in todo}
    base_requests = [request_for(client, questions[qid], NO_ANSWER, base_asks[key]) for qid, key in base_keys]
    replies = client.send_all([r for _, _, r in todo] + base_requests)
    baseline = {k: p_yes(r.top_logprobs) for k, r in zip(base_keys, replies[len(todo):], strict=True)}
    probs: list[dict[AskKey, float]] = [{} for _ in items]
    asked = [0] * len(items)
    for (i, ask, _), reply in zip(todo, replies[: len(todo)], strict=True):
        asked[i] += 1
        p = p_yes(reply.top_logprobs)
        if p is not None:
            probs[i][ask.key] = calibrated(p, baseline.get((items[i].question.id, ask.key)))
    out = []
    for it, p_i, n in zip(items, probs, asked, strict=True):
        after = (combine(it.judgement, it.question, p_i, answer=it.answer, weight=weight)
                 if p_i else it.judgement)
        out.append(Opinion(it.judgement, after, p_i, n))
    return out


# ─── the pure part ──────────────────────────────────────────────────────────


def _coverage(findings: Sequence[Finding]) -> float:
    points = [f for f in findings if f.kind in ("key_point", "missed_point")]
    total = sum(f.weight for f in points)
    return sum(f.weight * min(f.strength, 1.0) for f in points) / total if total else 0.0


def _moved(s: float, p: float, weight: float) -> float:
    step = weight * (p - s)
    return s + (step * min(1.0, s / SUPPORT) if step > 0 else step)


def _best_sentence(answer: str, statement: str) -> str:
    target = content_tokens(statement)
    spans = [s.text for s in sentences(answer)]
    if not spans:
        return ""
    return max(spans, key=lambda s: (len(content_tokens(s) & target), -len(s)))


def combine(judgement: Judgement, question: Question, probabilities: Mapping[AskKey, float], *,
            answer: str = "", weight: float = 0.5) -> Judgement:
    """The judgement with the model's P(yes) per check folded in (see the module docstring)."""
    from ..grading.scoring import Evidence, decide

    if not probabilities or any(f.kind in SKIP_KINDS for f in judgement.findings):
        return judgement
    findings: list[Finding] = []
    for f in judgement.findings:
        if f.kind in ("key_point", "missed_point") and ("key_point", f.id) in probabilities:
            p = probabilities[("key_point", f.id)]
            strength = round(_moved(min(f.strength, 1.0), p, weight), 2)
            if strength >= COVERED:
                evidence = f.evidence if f.kind == "key_point" else _best_sentence(answer, f.detail)
                findings.append(replace(f, kind="key_point", strength=strength, evidence=evidence))
            else:
                findings.append(replace(f, kind="missed_point", strength=strength,
                                        evidence="" if f.kind == "key_point" else f.evidence))
        elif f.kind == "misconception" and ("misconception", f.id) in probabilities:
            p = probabilities[("misconception", f.id)]
            strength = round(f.strength * ((1 - weight) + weight * p), 2)
            if strength >= DROP_MISCONCEPTION:
                findings.append(replace(f, strength=strength))
        else:
            findings.append(f)
    old_misc = sum(f.strength for f in judgement.findings if f.kind == "misconception")
    delta = _coverage(findings) - _coverage(judgement.findings)
    reference_only = not question.key_points
    base = judgement.score + MISCONCEPTION_PENALTY * old_misc + (0.5 if reference_only else 0.8) * delta
    points = [f for f in findings if f.kind in ("key_point", "missed_point")]
    central = max((f.weight for f in points), default=0.0)
    stated = [f for f in points if f.kind == "key_point"]
    ev = Evidence(coverage=max(0.0, min(1.0, base)), central_covered=any(f.weight == central for f in stated),
                  any_covered=bool(stated), cue_share=0.0, p_correct=None, reference_only=reference_only)
    score, verdict, confidence = decide(findings, ev)
    certainty = sum(abs(2 * p - 1) for p in probabilities.values()) / len(probabilities)
    confidence = round(min(0.99, confidence + 0.15 * certainty), 2)
    return replace(judgement, score=score, verdict=verdict, confidence=confidence, findings=tuple(findings))


def with_judge(grade: Callable[[Sequence[tuple[Question, str]]], list[Judgement]], client: LLMClient, *,
               threshold: float | None = None) -> Callable[[Sequence[tuple[Question, str]]], list[Judgement]]:
    """A `greenpen.bench` grader (pairs → judgements) with the judge's second opinion added."""

    def graded(pairs: Sequence[tuple[Question, str]]) -> list[Judgement]:
        items = [JudgeItem(q, a, j) for (q, a), j in zip(pairs, grade(pairs), strict=True)]
        return [op.after for op in second_opinions(client, items, threshold=threshold)]

    return graded
