"""What stops a student's code where greenpen runs it and would not stop it where the student ran it.

The course's code runs after the course's imports (`from fastai.vision.all import *`). greenpen's sandbox
has what the pack's `code_setup` gives (the names the course's code assumes) but not the course's library
itself, so a student who copies the course's import line, or calls one of its functions the setup does not
provide (`show_image(t)`), would be told their code fails: a failure of the grading environment, never the
student's. Such code is run without those lines when what is left still gives the result (the import of a
module greenpen lacks; a bare call of an unknown function whose value nothing uses, a display); otherwise
it is reported as not run, and the answer is judged by reading.

A name that is one letter or two away from one the code or the course defines (`tensr` for `tensor`) is
the student's typo, and stays their error.
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Sequence

from greenpen.code.names import called_names, known_names, parse_code

_NO_MODULE = re.compile(r"(?:ModuleNotFoundError|ImportError): No module named '([\w.]+)'")
_UNDEFINED = re.compile(r"NameError: name '(\w+)' is not defined")
LEFT_OUT = "pass  # left out by greenpen: {what}"
"""What stands in for a line left out inside a block (a block needs a statement); at the top a comment does, so that
the code still ends with its own last value."""
LEFT_OUT_AT_TOP = "# left out by greenpen: {what}"
NEAR_MISS = 0.8
"""How close (difflib ratio) an unknown name must be to a known one to be taken for a typo of it."""


def missing_module(error: str) -> str | None:
    """The top-level module an import error names ("fastai" for "No module named 'fastai.vision'")."""
    m = _NO_MODULE.match(error)
    return m.group(1).split(".")[0] if m else None


def without_imports_of(code: str, module: str) -> tuple[str, list[str]]:
    """`code` with its import lines of `module` left out (a `pass` keeps the indentation), and those lines."""
    line = re.compile(rf"^([ \t]*)((?:import[ \t]+{re.escape(module)}\b|from[ \t]+{re.escape(module)}"
                      rf"(?:\.[\w.]+)?[ \t]+import\b)[^\n]*)$", re.MULTILINE)
    left: list[str] = []

    def drop(m: re.Match[str]) -> str:
        left.append(m.group(2).strip())
        return m.group(1) + (LEFT_OUT if m.group(1) else LEFT_OUT_AT_TOP).format(
            what=f"`{module}` is not installed where it runs code")

    return line.sub(drop, code), left


def unknown_call(code: str, error: str, setups: Sequence[str]) -> str | None:
    """The name of a function the code calls, defined neither by it, the course's setup nor Python, and no
    typo of a name that is (the course's library, which greenpen lacks), when that is what stopped it."""
    m = _UNDEFINED.match(error)
    tree = parse_code(code)
    if not m or tree is None:
        return None
    name = m.group(1)
    known = known_names(tree, setups)
    if name not in called_names(tree) or name in known:
        return None
    return None if difflib.get_close_matches(name, known, n=1, cutoff=NEAR_MISS) else name


def without_bare_calls_of(code: str, name: str) -> str | None:
    """`code` without its statements that only call `name` and use nothing it returns (`show_image(t)`,
    a display), or None when the code uses what the call gives (then it cannot run without it)."""
    tree = parse_code(code)
    if tree is None:
        return None
    lines = code.splitlines()
    bare = [n for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)
            and isinstance(n.value.func, ast.Name) and n.value.func.id == name]
    uses = sum(1 for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == name)
    if not bare or len(bare) != uses or any(ast.get_source_segment(code, n) != lines[n.lineno - 1].strip()
                                            for n in bare):
        return None
    for n in bare:
        text = lines[n.lineno - 1]
        indent = text[: len(text) - len(text.lstrip())]
        lines[n.lineno - 1] = indent + (LEFT_OUT if indent else LEFT_OUT_AT_TOP).format(
            what=f"`{name}` is not defined where it runs code")
    return "\n".join(lines)
