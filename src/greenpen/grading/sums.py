"""Worked sums: a key point that works a calculation out ("w·x + b = 2·1 + (-1)·1 + (-1) = 0") is stated by an
answer that works out the same value from the question's numbers, however it writes the sum ("2-1-1=0",
"sum = 2*1 + (-1)*1 - 1 = 0", "2(1) + (−1)(1) + (−1) = 0").

A sentence embedding reads a formula as a few symbols: "2-1-1=0" is far from the model answer's sum. The
arithmetic is what the point says, so it is read as arithmetic: each side of an "=" that holds only numbers,
brackets and + − × ÷ is worked out (never run as code), and a chain whose written sum gives the value it is set
equal to, the same value as the key point's, states the key point.
"""

from __future__ import annotations

import ast
import operator
import re

_SIGNS = str.maketrans({"·": "*", "×": "*", "⋅": "*", "−": "-", "–": "-", "÷": "/"})
_ARITHMETIC = re.compile(r"[\d.\s+\-*/()]+")
"""A side of an "=" that is a sum of numbers only."""
_IMPLIED = re.compile(r"(?<=[\d)])\s*(?=\()")
"""A product written without its sign: "2(1)", "(-1)(1)"."""
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_LONGEST = 80
"""The longest side of an "=" worked out: a sum in an answer is short."""


def _worked(side: str) -> float | None:
    """The value of a sum of numbers ("2*1 + (-1)*1 - 1"), None for anything else (names, calls, a bare number)."""
    side = _IMPLIED.sub("*", side.strip().translate(_SIGNS))
    if not side or len(side) > _LONGEST or not _ARITHMETIC.fullmatch(side) or not re.search(r"\d\s*[-+*/(]", side):
        return None
    try:
        return _evaluate(ast.parse(side, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, RecursionError, MemoryError):
        return None


def _evaluate(node: ast.expr) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return float(_OPS[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    raise ValueError("not a sum of numbers")


_SIDE = re.compile(r"[\d.\s+\-*/()·×⋅−–÷]+")


def _sums(text: str) -> list[float]:
    """The values of the sums `text` works out: a sum set equal to the number it gives ("2-1-1=0" → 0)."""
    out = []
    for line in re.split(r"[\n;]|(?<=[.!?])\s", text):
        sides = line.split("=")
        for left, right in zip(sides, sides[1:], strict=False):
            tail = _SIDE.findall(left)
            head = _SIDE.match(right.lstrip())
            if not tail or head is None:
                continue
            value, said = _worked_tail(tail[-1]), _number(head.group())
            if value is not None and said is not None and abs(value - said) < 1e-9:
                out.append(said)
    return out


def _worked_tail(text: str) -> float | None:
    """The value of the longest sum that ends `text` ("0 (2 - 1 - 1 " → 2 - 1 - 1 → 0)."""
    for start in range(len(text)):
        if text[start] in "0123456789(-−" and (start == 0 or not text[start - 1].isdigit()):
            value = _worked(text[start:])
            if value is not None:
                return value
    return None


def _number(text: str) -> float | None:
    found = re.match(r"\s*([-−]?\d+(?:\.\d+)?)", text.translate(_SIGNS))
    return float(found.group(1)) if found else None


def works_out(key_point: str, answer: str) -> bool:
    """Whether `answer` works out the sum `key_point` works out: the key point is a worked sum, and the answer sets a
    sum of its own equal to the same value."""
    wanted = set(_sums(key_point))
    return bool(wanted) and any(value in wanted for value in _sums(answer))
