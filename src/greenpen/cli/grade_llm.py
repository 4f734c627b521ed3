"""`greenpen grade` with a language model: --llm parsed and checked before grading, the estimate of
the model's work, and --judge's second reader going over the whole class first."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from .common import UsageProblem
from .progress import Progress


def llm_uses_checked(text: str) -> tuple[str, ...]:
    """Parse --llm and check a model is configured before any grading starts."""
    if not text.strip():
        return ()
    from ..llm.settings import LLMSettings
    from ..llm.steps import parse_uses

    try:
        uses = parse_uses(text)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    if not LLMSettings.from_env(os.environ).configured:
        raise UsageProblem("--llm needs a language model: set GREENPEN_LLM_URL (and GREENPEN_LLM_MODEL) to an "
                           "OpenAI-compatible endpoint, e.g. a local llama.cpp server — see docs/llm.md")
    return uses


def llm_estimate(submissions: int, pack: object, uses: tuple[str, ...]) -> str:
    """An upper bound of the language-model work, shown before a run starts."""
    from ..domain import Pack
    from ..llm.settings import LLMSettings
    from ..packs import all_packs

    settings = LLMSettings.from_env(os.environ)
    packs = [pack] if isinstance(pack, Pack) else all_packs()
    questions = max(len(p.questions) for p in packs)
    checks = max(sum(len(q.key_points) + len(q.misconceptions) for q in p.questions) for p in packs)
    requests = prompt = completion = 0
    if "judge" in uses:  # at most: every answer unsure, every key point and misconception asked
        requests += submissions * checks
        prompt += submissions * checks * 250
        completion += submissions * checks
    if "wording" in uses:
        requests += submissions * questions
        prompt += submissions * questions * 350
        completion += submissions * questions * 150
    seconds = prompt / settings.prompt_tokens_per_second + completion / settings.tokens_per_second
    cost = (prompt + completion) / 1e6 * settings.cost_per_million_tokens
    money = f", about ${cost:.2f}" if cost else ""
    return (f"Language model ({', '.join(uses)}) at {settings.url}: at most {requests} requests for "
            f"{submissions} submission(s), about {seconds / 60:.0f} min at {settings.tokens_per_second:g} "
            f"tokens/s{money} (only unsure answers are judged, so usually far fewer; answers cached).")


def read_class_first(items: Sequence[Any], options: Any) -> Any:
    """--judge: ask the second reader about the whole class first, question by question (an
    estimate before, a progress bar during); grading then finds every answer in its cache."""
    from ..pipeline import read_class

    progress = Progress(0, "Second reader")

    def on_estimate(estimate: Any) -> None:
        click.echo(estimate.describe(), err=True)
        progress.total = estimate.answers
        progress.live = estimate.answers > 0 and sys.stderr.isatty()

    def on_progress(n: int) -> None:
        before = progress.done
        for _ in range(n):
            progress.advance()
        step = max(1, progress.total // 10)
        if not progress.live and progress.done // step > before // step:  # a log: a line every tenth
            click.echo(f"Second reader: {progress.done}/{progress.total}", err=True)

    submissions = [i.submission for i in items if i.submission is not None and not i.error]
    asked, seconds, graded = read_class(submissions, options, on_estimate=on_estimate, on_progress=on_progress)
    progress.close()
    if asked:
        click.echo(f"Second reader: {asked} answers read in {seconds:.0f} s ({seconds / asked:.2f} s each).",
                   err=True)
    from ..pipeline import GradeAfterReading

    return GradeAfterReading(graded)
