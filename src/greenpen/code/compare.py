"""Compare what a student's code produced with what a check expects, and explain it.

Values arrive as plain JSON (see `runner_main.to_plain`): tensors and arrays as nested
lists, tuples as lists. Equality is lenient where a question does not care: ints and
floats within 1e-6, a 0-d tensor and a number, a tuple and a list.
"""

from __future__ import annotations

import ast
import math
import re
from typing import Any

from greenpen.code.runner_main import to_plain
from greenpen.code.statements import parse_quietly

TOLERANCE = 1e-6
MAX_SHOWN = 160


def expected_plain(expect: Any) -> Any:
    """A check's `expect` in the same plain form as the values the sandbox returns."""
    return to_plain(expect)


def _untuple(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"__tuple__"}:
        return value["__tuple__"]
    return value


def same(produced: Any, expected: Any) -> bool:
    """Lenient equality of two plain values (a tuple equals the list of its items)."""
    produced, expected = _untuple(produced), _untuple(expected)
    if isinstance(produced, bool | int | float) and isinstance(expected, bool | int | float):
        return math.isclose(float(produced), float(expected), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(produced, list) and isinstance(expected, list):
        return len(produced) == len(expected) and all(
            same(a, b) for a, b in zip(produced, expected, strict=True)
        )
    if isinstance(produced, dict) and isinstance(expected, dict):
        if "__float__" in produced or "__float__" in expected:
            return produced == expected
        return produced.keys() == expected.keys() and all(same(produced[k], expected[k]) for k in produced)
    return bool(produced == expected) and type(produced) is type(expected)


def same_output(printed: str, expected: Any) -> bool:
    """Printed output equals `expected` once trailing spaces and blank ends are trimmed."""

    def tidy(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip().splitlines())

    return tidy(printed) == tidy(str(expected))


def show(value: Any) -> str:
    """A plain value written the way a teacher would quote it (shortened when long)."""
    text = _show(value)
    if len(text) <= MAX_SHOWN:
        return text
    items = _untuple(value)
    if isinstance(items, list):  # the first items, and the brackets closed: [2, 6, 10, …]
        opening, closing = ("(", ")") if items is not value else ("[", "]")
        shown: list[str] = []
        for item in items:
            part = _show(item)
            if len(opening) + len(", ".join([*shown, part])) + len(", …" + closing) > MAX_SHOWN:
                break
            shown.append(part)
        if shown:
            return opening + ", ".join(shown) + ", …" + closing
    return text[: MAX_SHOWN - 1] + "…"


def _show(value: Any) -> str:
    if isinstance(value, float):
        return repr(round(value, 6))
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        if set(value) == {"__tuple__"}:
            items = value["__tuple__"]
            return "(" + ", ".join(_show(v) for v in items) + ("," if len(items) == 1 else "") + ")"
        if "__iter__" in value:
            return f"a {value['__iter__']} object"
        if "__repr__" in value:
            return str(value["__repr__"])
        if "__float__" in value:
            return str(value["__float__"])
        return "{" + ", ".join(f"{k!r}: {_show(v)}" for k, v in value.items()) + "}"
    return repr(value)


def shape_of(value: Any) -> tuple[int, ...] | None:
    """The shape of a rectangular nested list (None when ragged or not a list)."""
    value = _untuple(value)
    if not isinstance(value, list):
        return ()
    if not value:
        return (0,)
    inner = [shape_of(v) for v in value]
    if any(s is None or s != inner[0] for s in inner):
        return None
    first = inner[0]
    return None if first is None else (len(value), *first)


def _dims(shape: tuple[int, ...]) -> str:
    """A shape as a teacher says it: "a single number", "4 values in a row", "2×2"."""
    if not shape:
        return "a single number"
    if len(shape) == 1:
        return f"{shape[0]} value{'s' if shape[0] != 1 else ''} in a row"
    return "×".join(str(n) for n in shape)


def _ranges_from_zero(code: str) -> list[str]:
    """`range(9)` / `arange(9)` calls with one argument: they start at 0."""
    found: list[str] = []
    try:
        tree = parse_quietly(code)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("range", "arange"):
                found.append(ast.get_source_segment(code, node) or f"{name}(…)")
    return found


def _flatten(value: Any) -> list[Any]:
    value = _untuple(value)
    if isinstance(value, list):
        return [x for v in value for x in _flatten(v)]
    return [value]


def likely_cause(code: str, produced: Any, expected: Any, *, function: bool = False) -> str:
    """A cheap guess at why the result differs, or "" when there is no good guess."""
    if isinstance(produced, dict) and "__iter__" in produced:
        if same(produced.get("items"), expected):
            what = "your function returns" if function else "your code gives"
            return (
                f"{what} a {produced['__iter__']} object (a lazy iterator), not the list itself — "
                "wrap it in list(…)"
            )
    if produced is None:
        if function:
            return "your function returns None — is a `return` missing?"
        return "the last line gives None (print(…) shows a value but returns None)"
    ranges = _ranges_from_zero(code)
    flat_p, flat_e = _flatten(produced), _flatten(expected)
    numbers = all(isinstance(x, int | float) for x in flat_p + flat_e)
    shifted = (
        numbers
        and len(flat_p) == len(flat_e) > 0
        and len({round(float(a) - float(b), 6) for a, b in zip(flat_p, flat_e, strict=True)} - {0.0}) == 1
        and len({round(float(a) - float(b), 6) for a, b in zip(flat_p, flat_e, strict=True)}) == 1
    )
    if ranges and numbers and 0 not in flat_e and (shifted or 0 in flat_p):
        call = ranges[0]
        stop = re.search(r"\((\d+)\)", call)
        span = f"0 to {int(stop.group(1)) - 1}" if stop else "0 up to one before the stop"
        return f"`{call}` starts at 0, so it gives {span}"
    shape_p, shape_e = shape_of(produced), shape_of(expected)
    if shape_p is not None and shape_e is not None and shape_p != shape_e and isinstance(expected, list):
        return f"your result is {_dims(shape_p)}, where {_dims(shape_e)} is expected"
    return ""
