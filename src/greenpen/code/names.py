"""The names a student's code uses without defining them: the inputs a question gives in words.

"Write a comprehension that keeps the odd numbers of a list" names no list, so a student
writes ``[2*x for x in nums if x % 2]`` and ``nums`` is defined nowhere. Its NameError says
nothing about whether the code is right; `checks.py` runs such code with the check's input
bound to the name (`bind_inputs`), or reports it as not run.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence
from typing import Any

from greenpen.code.statements import parse_quietly

BUILTINS = frozenset(dir(builtins))


def _bound(tree: ast.AST) -> set[str]:
    """Every name `tree` defines anywhere: assignments, loop and comprehension targets,
    parameters, imports, functions, classes, `except … as`, `with … as`, `global`."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            out.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            out.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            out.update(node.names)
    return out


def _module_names(tree: ast.Module) -> set[str]:
    """The names a setup gives the code after it: its module-level ones, not its functions'
    parameters and locals (fastai's `def tensor(x, *rest)` gives `tensor`, not `x`)."""
    out: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(stmt.name)
        else:
            out |= _bound(stmt)
    return out


def parse_code(source: str) -> ast.Module | None:
    """`source` parsed, or None when it is no Python."""
    try:
        return parse_quietly(source)
    except (SyntaxError, ValueError):
        return None


def defines(code: str, name: str) -> bool:
    """True when `code` defines `name` somewhere (a NameError for it is then a real mistake:
    used before it is assigned, or outside the function that defines it)."""
    tree = parse_code(code)
    return tree is None or name in _bound(tree)


def called_names(tree: ast.AST) -> set[str]:
    """The plain names `tree` calls as functions (`show_image` in `show_image(t)`)."""
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def known_names(tree: ast.AST, setups: Sequence[str] = ()) -> set[str]:
    """The names `tree`, the setups run before it or Python define."""
    known = _bound(tree) | BUILTINS
    for setup in setups:
        parsed = parse_code(setup)
        known |= _module_names(parsed) if parsed else set()
    return known


def free_names(code: str, setups: Sequence[str] = ()) -> list[str]:
    """The names `code` reads as values but neither it, the setups nor Python define, in order of
    first use. A name it calls (`tensr([1, 2])`) is a function it misspelt or forgot, not an input."""
    tree = parse_code(code)
    if tree is None:
        return []
    known = known_names(tree, setups) | called_names(tree)
    used = sorted((n.lineno, n.col_offset, n.id) for n in ast.walk(tree)
                  if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in known)
    return list(dict.fromkeys(name for _, _, name in used))


def bind_inputs(names: Sequence[str], args_of_checks: Sequence[Sequence[Any]]) -> dict[str, Any] | None:
    """The check's input for each free name: the `args` of the one check whose number of
    arguments matches the names (bound in order of first use), or None when no check (or more
    than one, with different inputs) gives them."""
    fits = {repr(list(args)): args for args in args_of_checks if args and len(args) == len(names)}
    if not names or len(fits) != 1:
        return None
    (args,) = fits.values()
    return dict(zip(names, args, strict=True))
