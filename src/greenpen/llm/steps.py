"""The configured language model's two steps in a grading (`greenpen grade --llm judge,wording`).

    steps = ModelSteps(settings, uses=("judge", "wording"))
    judgements = steps.judge(cases)                       # a grading step: Judgement → Judgement
    feedback = write_feedback(...)                        # greenpen's own, from the judgements
    feedback = steps.reword(questions, judgements, feedback)  # a feedback step: text → text
    report = build_report(..., feedback=feedback, notes=steps.notes)
    steps.close()

`judge` runs before any feedback is written, like the second reader (`opinion.py`); `reword`
runs before the Report is built, so nothing is graded twice and the total is computed once.
With no model configured both steps return their input and nothing is sent. When the model
fails, its step returns its input, later steps are skipped and a note says so. `notes` always
say which model was used, for what, and on which questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..domain import Judgement, Question
from .backend import Estimate, LLMClient, LLMError, Request
from .judge import JudgeItem
from .settings import LLMSettings

USES = ("judge", "wording")


def parse_uses(text: str) -> tuple[str, ...]:
    """"judge,wording" → ("judge", "wording"); raises ValueError naming an unknown use."""
    uses = tuple(u.strip() for u in text.split(",") if u.strip())
    unknown = [u for u in uses if u not in USES]
    if unknown:
        raise ValueError(f"unknown language-model use {', '.join(unknown)} — use one of: {', '.join(USES)}")
    return uses


class ModelSteps:
    """The language model's judge and wording steps for one grading, and the notes they leave."""

    def __init__(self, settings: LLMSettings, uses: Iterable[str] = USES, *,
                 client: LLMClient | None = None) -> None:
        self.uses = tuple(uses)
        self.active = bool(self.uses) and (client is not None or settings.configured)
        self._own = client is None
        self.client = client if client is not None else (LLMClient(settings) if self.active else None)
        self.notes: list[str] = []
        self.failed = False

    def _usable(self, use: str) -> LLMClient | None:
        return self.client if use in self.uses and self.active and not self.failed else None

    def _fail(self, client: LLMClient, exc: LLMError) -> None:
        self.failed = True
        self.notes.append(f"The language model ({client.settings.describe()}) could not be used, so the "
                          f"grader's results stand unchanged: {exc}")

    def estimate(self, items: Sequence[JudgeItem], feedback: Sequence[str] = ()) -> Estimate | None:
        """What the steps would send: the judge's checks on `items`, one rewrite per `feedback` text."""
        if self.client is None or not self.active:
            return None
        from . import judge, wording

        requests: list[Request] = []
        if "judge" in self.uses:
            requests += [r for _, _, r in judge.plan(self.client, items, self.client.settings.judge_threshold)]
        if "wording" in self.uses:
            requests += [wording.request_for(self.client, text, ()) for text in feedback if text]
        return self.client.estimate(requests)

    def judge(self, items: Sequence[JudgeItem]) -> list[Judgement]:
        """A grading step: each item's judgement, with the model's second opinion on the unsure ones."""
        before = [it.judgement for it in items]
        client = self._usable("judge")
        if client is None:
            return before
        from .judge import second_opinions

        try:
            opinions = second_opinions(client, items)
        except LLMError as exc:
            self._fail(client, exc)
            return before
        asked = [it.question.number for it, op in zip(items, opinions, strict=True) if op.asked]
        changed = [f"{it.question.number} ({op.before.verdict} {op.before.score:.2f} → "
                   f"{op.after.verdict} {op.after.score:.2f})"
                   for it, op in zip(items, opinions, strict=True) if op.changed]
        self.notes.append(
            f"Language model judge ({client.settings.describe()}): a second opinion on {len(asked)} unsure "
            f"answer{'s' * (len(asked) != 1)}"
            + (f" (questions {', '.join(map(str, asked))})" if asked else "")
            + (f"; changed {', '.join(changed)}" if changed else "; no result changed") + ".")
        return [op.after for op in opinions]

    def reword(self, questions: Sequence[Question], judgements: Sequence[Judgement],
               feedback: Sequence[str]) -> list[str]:
        """A feedback step: each feedback text, rephrased where the rewrite passes the guard."""
        client = self._usable("wording")
        if client is None:
            return list(feedback)
        from .wording import rephrase_many

        items = [(text, j, q) for q, j, text in zip(questions, judgements, feedback, strict=True)]
        try:
            rewrites = rephrase_many(client, items)
        except LLMError as exc:
            self._fail(client, exc)
            return list(feedback)
        kept = [q.number for q, text, rw in zip(questions, feedback, rewrites, strict=True)
                if text and not rw.accepted]
        done = sum(rw.accepted for rw in rewrites)
        self.notes.append(
            f"Language model wording ({client.settings.describe()}): {done} feedback text"
            f"{'s' * (done != 1)} rephrased" + (f"; questions {', '.join(map(str, kept))} kept as written "
                                                 "(the rewrite failed the guard)" if kept else "") + ".")
        return [rw.text for rw in rewrites]

    def close(self) -> None:
        if self._own and self.client is not None:
            self.client.close()
            self.client = None
