"""Renderers: one module per output format, each with `NAME`, `SUFFIX` and `render(report) -> str`.

Adding a format is adding a module and its name to `RENDERER_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

from ..domain import Report
from ..errors import GreenpenError

RENDERER_MODULES = {"json": "json_report", "md": "markdown", "html": "html", "txt": "plain"}


def _module(name: str) -> ModuleType:
    if name not in RENDERER_MODULES:
        raise GreenpenError(f'unknown report format "{name}" — use one of: {", ".join(RENDERER_MODULES)}')
    return importlib.import_module(f"{__name__}.{RENDERER_MODULES[name]}")


def renderer(name: str) -> tuple[str, Callable[[Report], str]]:
    """The file suffix and render function of format `name`."""
    mod = _module(name)
    return str(mod.SUFFIX), mod.render


def available() -> list[str]:
    out = []
    for name in RENDERER_MODULES:
        try:
            _module(name)
        except ImportError:
            continue
        out.append(name)
    return out
