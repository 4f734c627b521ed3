"""The second readers `greenpen grade --judge SPEC` can name, registered through plugins.

A judge is a grading step: it gets each answer the grader judged (`Case`: question, answer,
judgement) and returns the judgements, with its opinion folded into the ones it reads. It runs
before any feedback is written. Plugins add judges with the `register_judges` hook:

    @hookimpl
    def register_judges(register):
        register("keywords", make)   # make(spec, environ) -> an object with review(cases) -> [Judgement]

greenpen's own are registered the same way (`builtin_plugins.py`): "local" (the bundled model,
in process) and "endpoint" (an OpenAI-compatible URL). SPEC is a judge's name, or a URL, which
names "endpoint". A judge may have `close()` (called at the end of a run) and, like the
built-ins, `estimate` and `read` for reading a whole class before grading (`pipeline.read_class`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from .domain import Judgement
from .errors import ModelError

if TYPE_CHECKING:
    from .llm.opinion import Case

ENDPOINT = "endpoint"
"""The judge a URL spec names."""


class Judge(Protocol):
    def review(self, cases: Sequence[Case]) -> list[Judgement]:
        """Each case's judgement, with the judge's opinion where it gave one."""
        ...


JudgeMaker = Callable[[str, Mapping[str, str]], Judge]
"""make(spec, environ) → a judge; `environ` holds the settings (GREENPEN_HOME, GREENPEN_LLM_*)."""

_MAKERS: dict[str, JudgeMaker] = {}
_JUDGES: dict[str, Judge] = {}
_LOCK = threading.Lock()


def judge_makers() -> dict[str, JudgeMaker]:
    """Every registered judge, by name: the built-ins first, then the plugins' (a plugin's judge
    with a built-in's name replaces it)."""
    if not _MAKERS:
        from .plugins import collect, on_change

        _MAKERS.update((name, make) for name, make in collect("register_judges"))
        on_change(_forget)
    return dict(_MAKERS)


def _forget() -> None:
    _MAKERS.clear()
    close_judges()


def name_of(spec: str) -> str:
    return ENDPOINT if spec.startswith(("http://", "https://")) else spec


def judge_for(spec: str, environ: Mapping[str, str]) -> Judge:
    """The process's one judge for `spec` (a model is loaded once per process, on first use)."""
    makers = judge_makers()
    name = name_of(spec)
    if name not in makers or name == ENDPOINT and spec == ENDPOINT:
        others = ", ".join(f'"{n}"' for n in makers if n != ENDPOINT)
        raise ModelError(f'--judge takes an endpoint URL (http://…/v1) or one of {others}, not "{spec}" — '
                         "`greenpen plugins --all` lists the judges installed")
    with _LOCK:
        if spec not in _JUDGES:
            _JUDGES[spec] = makers[name](spec, environ)
        return _JUDGES[spec]


def close_judges() -> None:
    """Free every judge this process made (the end of a `greenpen grade` run)."""
    with _LOCK:
        for judge in _JUDGES.values():
            close = getattr(judge, "close", None)
            if close is not None:
                close()
        _JUDGES.clear()
