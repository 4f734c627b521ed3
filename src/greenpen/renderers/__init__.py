"""Renderers: one module per output format, each with `NAME`, `SUFFIX` and `render(report) -> str`.

Formats are registered by plugins (`register_renderers`, see `plugins.py`); greenpen's own
(json, md, html, txt) are registered the same way in `builtin_plugins.py`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..domain import Report
from ..errors import GreenpenError

_RENDERERS: dict[str, Callable[[], tuple[str, Callable[[Report], str]]]] = {}


def _registry() -> dict[str, Callable[[], tuple[str, Callable[[Report], str]]]]:
    """Report formats by name → loader() -> (suffix, render); filled from the plugins on first use."""
    if not _RENDERERS:
        from ..plugins import collect, on_change

        _RENDERERS.update((name, loader) for name, loader in collect("register_renderers"))
        on_change(_RENDERERS.clear)
    return _RENDERERS


def builtin(module: str) -> Callable[[], tuple[str, Callable[[Report], str]]]:
    """The loader of one of greenpen's renderer modules (imported only when used)."""

    def load() -> tuple[str, Callable[[Report], str]]:
        mod = importlib.import_module(f"{__name__}.{module}")
        return str(mod.SUFFIX), mod.render

    return load


def renderer(name: str) -> tuple[str, Callable[[Report], str]]:
    """The file suffix and render function of format `name`."""
    known = _registry()
    if name not in known:
        raise GreenpenError(f'unknown report format "{name}" — use one of: {", ".join(known)}')
    return known[name]()


def available() -> list[str]:
    """The formats whose dependencies are installed."""
    out = []
    for name, load in _registry().items():
        try:
            load()
        except ImportError:
            continue
        out.append(name)
    return out
