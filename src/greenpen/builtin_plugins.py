"""greenpen's own readers, renderers, gradebook formats, embedders and judges, registered through the
same plugin hooks a third-party plugin uses (see `plugins.py`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .plugins import hookimpl


@hookimpl
def register_readers(register: Callable[..., None]) -> None:
    from .readers import BUILTIN

    for reader in BUILTIN:
        register(reader)


@hookimpl
def register_renderers(register: Callable[..., None]) -> None:
    from .renderers import builtin

    for name, module in (("json", "json_report"), ("md", "markdown"), ("html", "html"), ("txt", "plain")):
        register(name, builtin(module))


@hookimpl
def register_gradebook_formats(register: Callable[..., None]) -> None:
    from .classroom import gradebook

    register("plain", gradebook.write_plain, False)
    register("canvas", gradebook.write_canvas, True)
    register("moodle", gradebook.write_moodle, True)
    register("classroom", gradebook.write_classroom, True)


@hookimpl
def register_embedders(register: Callable[..., None]) -> None:
    from .grading import embed

    register("use", embed.load_use)
    register("e5", embed.load_e5)


def _second_reader(spec: str, environ: Mapping[str, str]) -> Any:
    from .llm.opinion import SecondReader

    return SecondReader(spec, environ)


@hookimpl
def register_judges(register: Callable[..., None]) -> None:
    from .judges import ENDPOINT

    register("local", _second_reader)  # the bundled model, in process (scripts/install-judge.sh)
    register(ENDPOINT, _second_reader)  # any OpenAI-compatible endpoint: `--judge http://…/v1`
