"""Recognise Python statements in students' text, one line at a time.

Three questions, each answered by ``ast.parse`` rather than by guessing:

- is this line a statement on its own, a block opener (``for x in y:``), or a clause
  (``else:``, ``return x``) that only parses inside a block? (`classify`)
- does it look like *code* rather than prose that happens to parse (``Rank is length``)?
  (`is_codelike`)
- a line whose statements were glued together by the export
  (``import torch x = torch.tensor(…) y = x * 2``): where can it be split so that every
  piece is a statement, and is that split the only one? (`split_glued`)
"""

from __future__ import annotations

import ast
import contextlib
import functools
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

StatementKind = Literal["simple", "opener", "clause", "none"]

OPENER = re.compile(r"^(?:async\s+)?(?:for|while|if|elif|else|try|except|finally|with|def|class)\b")
CONTINUATION = re.compile(r"^(?:elif|else|except|finally)\b")
TERMINAL = re.compile(r"^(?:return|break|continue|raise|pass)\b")
MAX_WORDS = 160
TYPE_NAMES = {"int", "float", "str", "bool", "list", "dict", "tuple", "set", "bytes", "Tensor", "Any"}
COMPOUND = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.If,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
)


@contextlib.contextmanager
def quiet_compiler() -> Iterator[None]:
    """No compiler warnings about a student's code on the console (``[0x1for x in y]``, ``1if x else
    2``: "invalid hexadecimal literal"; ``2(x)``: "'int' object is not callable"); errors still raise."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)  # "invalid escape sequence '\\d'" before 3.12
        yield


def parse_quietly(source: str) -> ast.Module:
    """`ast.parse` under `quiet_compiler`."""
    with quiet_compiler():
        return ast.parse(source)


@functools.lru_cache(maxsize=4096)
def _parses(source: str) -> bool:
    try:
        parse_quietly(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


@functools.lru_cache(maxsize=4096)
def classify(text: str) -> StatementKind:
    """What `text` (one logical line, without its indentation) is as a Python statement."""
    text = text.strip()
    if not text:
        return "none"
    if OPENER.match(text) and text.endswith(":"):
        body = "\n        pass"
        if CONTINUATION.match(text):
            lead = "try:\n    pass\n" if re.match(r"^(except|finally)\b", text) else "if 1:\n    pass\n"
            return "opener" if _parses(lead + text + body) else "none"
        if re.match(r"^try\s*:$", text):  # `try:` alone never parses: it needs its `except`
            return "opener" if _parses(text + body + "\nexcept Exception:\n    pass") else "none"
        return "opener" if _parses(text + body) else "none"
    if _parses(text):
        return "simple"
    if _parses("def _f():\n    for _ in _:\n        " + text):
        return "clause"
    return "none"


def _codelike_expr(node: ast.expr) -> bool:
    if isinstance(node, ast.Compare) and any(
        isinstance(op, ast.Is | ast.IsNot | ast.In | ast.NotIn) for op in node.ops
    ):
        return False
    if isinstance(node, ast.Call | ast.Subscript | ast.ListComp | ast.SetComp | ast.DictComp):
        return True
    if isinstance(node, ast.GeneratorExp | ast.Lambda):
        return True
    if isinstance(node, ast.List | ast.Tuple | ast.Set) and node.elts:
        return True
    if isinstance(node, ast.Dict) and node.keys:
        return True
    if isinstance(node, ast.BinOp | ast.UnaryOp | ast.BoolOp | ast.Compare):
        return any(
            isinstance(n, ast.Call | ast.Subscript | ast.Attribute | ast.Constant) for n in ast.walk(node)
        )
    return False


def is_codelike(tree: ast.Module) -> bool:
    """True when at least one statement is unmistakably code (not prose that parses)."""
    for stmt in tree.body:
        if isinstance(stmt, ast.Expr):
            if _codelike_expr(stmt.value):
                return True
        elif isinstance(stmt, ast.AnnAssign):
            # `Answer: x = 5` parses as an annotation; real ones name a type
            note = stmt.annotation
            typed = isinstance(note, ast.Subscript | ast.Attribute) or (
                isinstance(note, ast.Name) and note.id in TYPE_NAMES
            )
            if stmt.value is not None and typed:
                return True
        elif not isinstance(stmt, ast.Pass | ast.Break | ast.Continue | ast.Global | ast.Nonlocal):
            return True
    return False


def is_substantial(source: str) -> bool:
    """Code worth running: has a call, subscript, comprehension, import or block."""
    try:
        tree = parse_quietly(source)
    except SyntaxError:
        return True  # blocks rebuilt later; the caller has already classified them
    for node in ast.walk(tree):
        if isinstance(node, ast.Call | ast.Subscript | ast.ListComp | ast.GeneratorExp | ast.Lambda):
            return True
        if isinstance(node, ast.Import | ast.ImportFrom | ast.FunctionDef | ast.For | ast.While):
            return True
    return False


def _segment_ok(text: str, last: bool) -> bool:
    """A piece of a glued line: a statement, and code-like unless it closes the line."""
    kind = classify(text)
    if kind == "none" or (text in ("return", "raise", "yield") and not last):
        return False
    if kind != "simple":
        return True
    tree = parse_quietly(text)
    if any(isinstance(s, COMPOUND) for s in tree.body):
        return False  # in a glued line, a block opener is its own piece (``for x in y:``)
    if all(is_codelike(ast.Module(body=[stmt], type_ignores=[])) for stmt in tree.body):
        return True
    if not last or len(tree.body) != 1:
        return False
    stmt = tree.body[0]
    # a trailing bare name shows a variable (`... y = x * 2 y`); split_glued checks it is bound
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Name | ast.Attribute)


def _shows_unbound_name(pieces: list[str]) -> bool:
    """True when the last piece is a bare name that no earlier piece assigns (prose)."""
    try:
        last = parse_quietly(pieces[-1]).body
    except SyntaxError:  # a block opener glued last ("… for xb, yb in dl:") is no bare name
        return False
    if len(last) != 1 or not isinstance(last[0], ast.Expr):
        return False
    value = last[0].value
    if not isinstance(value, ast.Name | ast.Attribute):
        return False
    root: ast.expr = value
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name):
        return True
    bound = set()
    for piece in pieces[:-1]:
        try:
            tree = parse_quietly(piece)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                bound.add(node.id)
            elif isinstance(node, ast.alias):
                bound.add((node.asname or node.name).split(".")[0])
    return root.id not in bound


def word_starts(line: str) -> list[int]:
    """Positions where a word starts outside brackets and strings (candidate split points)."""
    starts: list[int] = [0]
    depth = 0
    quote = ""
    prev = " "
    for i, ch in enumerate(line):
        if i and depth == 0 and not quote and not ch.isspace() and prev.isspace():
            if not line[:i].rstrip().endswith(";"):
                starts.append(i)
        if quote:
            if ch == quote and prev != "\\":
                quote = ""
        elif ch in "'\"" and _opens_string(line, i):
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        prev = ch
    return starts


def _opens_string(line: str, i: int) -> bool:
    """A quote opens a string unless it is an apostrophe inside a word (``it's``)."""
    word = re.search(r"[A-Za-z0-9_]*$", line[:i])
    prefix = word.group(0) if word else ""
    return not prefix or prefix.lower() in ("r", "b", "f", "u", "rb", "br", "fr", "rf")


@dataclass(frozen=True)
class Glued:
    """The statements of a glued line: pieces as (start, end) offsets, or ambiguity."""

    start: int
    pieces: tuple[tuple[int, int], ...]
    ambiguous: bool


def split_glued(line: str) -> Glued | None:
    """Split a line of run-together statements (see `_split`); a final full stop is tolerated."""
    found = _split(line)
    if found is None and line.endswith(".") and not line.endswith(".."):
        found = _split(line[:-1])
    return found


def _split(line: str) -> Glued | None:
    """Split a line of run-together statements, taking the longest code suffix.

    Returns the split of the leftmost suffix that can be read as statements (prose before
    it is dropped), or None when no suffix is code. `ambiguous` is set when that suffix
    can be split in more than one way.
    """
    starts = word_starts(line)
    if len(starts) > MAX_WORDS:
        return None
    n = len(line)
    points = starts + [n]
    ways: dict[int, int] = {n: 1}
    choice: dict[int, int] = {}
    for a in reversed(starts):
        total = 0
        for b in points:
            if b <= a or ways.get(b, 0) == 0:
                continue
            if _segment_ok(line[a:b].strip(), last=(b == n)):
                total += ways[b]
                choice.setdefault(a, b)
            if total >= 2:
                break
        ways[a] = min(total, 2)
    for a in starts:
        if ways[a] == 0:
            continue
        pieces: list[tuple[int, int]] = []
        pos = a
        while pos < n:
            nxt = choice[pos]
            pieces.append((pos, nxt))
            pos = nxt
        texts = [line[s:e].strip() for s, e in pieces]
        if not is_substantial("\n".join(texts)) or _shows_unbound_name(texts):
            continue
        return Glued(start=a, pieces=tuple(pieces), ambiguous=ways[a] > 1)
    return None
