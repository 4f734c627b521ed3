"""Plugins: greenpen's extension points, with pluggy (as llm and datasette do).

A plugin is a module with functions marked `@greenpen.plugins.hookimpl`, registered with
`register_plugin(module)` or installed as a package naming it under the `greenpen` entry
point group (`[project.entry-points.greenpen] my_plugin = "my_plugin"`). Each hook gets a
`register` function:

    register_readers(register)           register(reader, before="plain")
        a module or object with NAME, EXTENSIONS, accepts(path, head) -> 0..1 and
        read(path, hints) -> [Submission] (see `readers/__init__.py`; BINARY = True for
        a format that is not text)
    register_renderers(register)         register(name, loader)
        loader() -> (suffix, render(report) -> str); may raise ImportError when an optional
        dependency is missing
    register_gradebook_formats(register) register(name, write)
        write(table: [GradebookRow], columns, *, points, title) -> [[cell, …], …] (rows)
    register_embedders(register)         register(name, loader)
        loader() -> Embedder (see `grading/embed.py`)
    register_judges(register)            register(name, make)
        make(spec, environ) -> a judge with review(cases) -> [Judgement]: a second reader
        for `greenpen grade --judge NAME`, a grading step (see `judges.py`)

greenpen's own readers, renderers, gradebook formats, embedders and judges are registered by the
same hooks (`builtin_plugins.py`), so adding one is adding a plugin. `greenpen plugins`
lists what is installed. Registries are filled on first use, never at import.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("greenpen")
hookimpl = pluggy.HookimplMarker("greenpen")

HOOKS = ("register_readers", "register_renderers", "register_gradebook_formats", "register_embedders",
         "register_judges")


class HookSpecs:
    @hookspec
    def register_readers(self, register: Callable[..., None]) -> None:
        """Register readers of submission files."""

    @hookspec
    def register_renderers(self, register: Callable[..., None]) -> None:
        """Register report formats."""

    @hookspec
    def register_gradebook_formats(self, register: Callable[..., None]) -> None:
        """Register gradebook export formats."""

    @hookspec
    def register_embedders(self, register: Callable[..., None]) -> None:
        """Register sentence embedders."""

    @hookspec
    def register_judges(self, register: Callable[..., None]) -> None:
        """Register second readers (judges) for the answers the grader is unsure of."""


_MANAGER: pluggy.PluginManager | None = None
_LISTENERS: list[Callable[[], None]] = []


def manager() -> pluggy.PluginManager:
    """The plugin manager, with greenpen's built-ins and the installed plugins loaded."""
    global _MANAGER
    if _MANAGER is None:
        from . import builtin_plugins

        pm = pluggy.PluginManager("greenpen")
        pm.add_hookspecs(HookSpecs)
        pm.register(builtin_plugins, name="greenpen.builtin")
        pm.load_setuptools_entrypoints("greenpen")
        _MANAGER = pm
    return _MANAGER


def register_plugin(plugin: ModuleType | object, name: str | None = None) -> None:
    """Add a plugin at run time (tests, notebooks); the registries are rebuilt on next use."""
    manager().register(plugin, name=name)
    _changed()


def unregister_plugin(plugin: ModuleType | object) -> None:
    manager().unregister(plugin)
    _changed()


def on_change(listener: Callable[[], None]) -> None:
    """Call `listener` when plugins are added or removed (registries drop what they built)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _changed() -> None:
    for listener in _LISTENERS:
        listener()


def collect(hook: str) -> list[tuple[Any, ...]]:
    """What the plugins register with `hook`, as the argument tuples given to `register`.

    Built-ins come first; later plugins may add to them (or replace one of the same name).
    """
    found: list[tuple[Any, ...]] = []

    def register(*args: Any, **kwargs: Any) -> None:
        found.append((*args, *kwargs.values()))

    for impl in getattr(manager().hook, hook).get_hookimpls():  # registration order (pluggy calls LIFO)
        impl.function(register=register)
    return found


def installed() -> list[dict[str, Any]]:
    """The plugins besides greenpen's built-ins, with the hooks each implements."""
    pm = manager()
    out = []
    for name, plugin in pm.list_name_plugin():
        if name == "greenpen.builtin" or plugin is None:
            continue
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        dist = dict(pm.list_plugin_distinfo()).get(plugin)
        out.append({"name": name, "hooks": hooks, **({"version": dist.version} if dist is not None else {})})
    return out
