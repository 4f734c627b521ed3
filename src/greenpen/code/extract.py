"""Find the code in a student's answer, however it was pasted.

Where code hides, in the order tried:

1. fenced blocks (```` ``` ````), prose lines inside them dropped;
2. inline code (`` `a = x[1:]` ``) when it holds statements;
3. the answer's lines: code lines kept, prose lines dropped, a line that starts in prose
   and ends in code (``List comprehension is … a = [x for x in range(10)]; [2*x …]``)
   cut to its code suffix, statements glued by a flattened export
   (``import torch x = torch.tensor(…) y = x * 2``) split where the split is unique.

Markdown escapes (``\\_``, ``\\*``) and typographic quotes are undone first, and
Markdown list markers (``- ``, ``* ``, ``1. ``) are taken off code lines that form a list
(``- a[1:, 1:]`` is a bullet, not a unary minus). Lost
indentation is rebuilt by `reindent.rebuild` when exactly one indentation parses; else
the extraction says why the code cannot be run. Evidence (`spans`) is always the
student's text exactly as written.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field

from greenpen.code.reindent import Stmt, parses, rebuild
from greenpen.code.statements import classify, is_codelike, is_substantial, parse_quietly, split_glued

ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2032": "'"}
FENCE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.M | re.S)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
MAX_CHARS = 20_000
LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,2}[.)])[ \t]+(?=\S)", re.M)
MARKER = re.compile(r"[ \t]*([-*+]|\d{1,2}[.)])[ \t]+")


@dataclass(frozen=True)
class CodeExtraction:
    """The code found in an answer.

    `code` is runnable Python or None; `reason` says why there is none or why what was
    found cannot be run; `spans` are the student's code as written (evidence); `rebuilt`
    is True when statements were split apart or indentation was reconstructed.
    """

    code: str | None
    reason: str = ""
    spans: tuple[str, ...] = ()
    rebuilt: bool = False
    dropped: tuple[str, ...] = field(default=(), compare=False)
    """Prose lines found between or around the code and left out."""

    @property
    def found(self) -> bool:
        """True when the answer contains code (runnable or not)."""
        return bool(self.spans)


@dataclass
class _Text:
    """Normalised text with a map back to the student's original characters."""

    norm: str
    where: list[int]
    original: str

    def span(self, start: int, end: int) -> str:
        """The original text of norm[start:end], lines' leading indentation included."""
        if end <= start:
            return ""
        begin = self.where[start]
        line_start = self.original.rfind("\n", 0, begin) + 1
        if not self.original[line_start:begin].strip() or MARKER.fullmatch(self.original[line_start:begin]):
            begin = line_start  # the line's indentation, or its list marker (quoted as written)
        return self.original[begin : self.where[end - 1] + 1].rstrip().strip("\n")


def normalise(text: str) -> _Text:
    """Undo Markdown escapes and typographic quotes, keeping positions in the original."""
    out: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        m = ESCAPE.match(text, i)
        if m:
            out.append(m.group(1))
            where.append(i)
            i = m.end()
            continue
        out.append(QUOTES.get(text[i], text[i]))
        where.append(i)
        i += 1
    where.append(len(text))
    return _Text("".join(out), where, text)


@dataclass
class _Found:
    stmts: list[Stmt] = field(default_factory=list)
    spans: list[str] = field(default_factory=list)
    glued: bool = False
    ambiguous: str = ""
    dropped: list[str] = field(default_factory=list)


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each logical line: physical lines joined while brackets are open."""
    lines: list[tuple[int, int]] = []
    depth = 0
    quote = ""
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if text.startswith(quote, i) and text[i - 1] != "\\":
                i += len(quote) - 1
                quote = ""
        elif ch == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
            continue
        elif ch in "'\"":
            triple = text[i : i + 3]
            quote = triple if triple in ("'''", '"""') else ch
            i += len(quote) - 1
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "\n":
            if depth == 0 and not text[:i].endswith("\\"):
                lines.append((start, i))
                start = i + 1
        if quote and len(quote) == 1 and ch == "\n":
            quote = ""  # an unclosed quote is an apostrophe in prose
        i += 1
    lines.append((start, len(text)))
    return lines


def _is_code_line(text: str) -> bool:
    kind = classify(text)
    return kind in ("opener", "clause") or (kind == "simple" and is_codelike(parse_quietly(text.strip())))


def unlist(chunk: str) -> str:
    """`chunk` with its Markdown list markers (``- ``, ``* ``, ``+ ``, ``1. ``) blanked out
    when its code lines form a list: every code line carries a marker, and either two or more
    do or a marker stops the line from parsing (``- a = 1``). A lone ``-x`` or ``- x`` next to
    unmarked code is a unary minus and stays. Blanking keeps every offset in place."""
    marked = 0
    broken = False
    for line in chunk.splitlines():
        m = LIST_ITEM.match(line)
        body = line[m.end():] if m else line
        if not body.strip() or body.lstrip().startswith("#") or not _is_code_line(body):
            continue
        if not m:
            return chunk
        marked += 1
        broken = broken or classify(line) == "none" or not parses(line.strip())
    if not (marked >= 2 or (marked and broken)):
        return chunk
    return LIST_ITEM.sub(lambda m: m.group(1) + " " * (m.end() - m.end(1)), chunk)


def _scan(t: _Text, lo: int, hi: int, found: _Found, fenced: bool = False) -> None:
    """Collect the statements of t.norm[lo:hi] line by line, dropping prose. In a fenced block (`fenced`), which the
    student marked as code, a line that parses is code however few its names (`a + b`, `A * B`)."""
    chunk = unlist(t.norm[lo:hi])
    first, last = -1, -1
    for a, b in _logical_lines(chunk):
        line = chunk[a:b]
        body = line.strip()
        if not body or body.startswith("#"):
            continue
        offset = lo + a + (len(line) - len(line.lstrip()))
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        kind = classify(body)
        if kind in ("opener", "clause") or (kind == "simple" and (_line_is_code(body, found)
                                                                  or (fenced and _operates(body)))):
            found.stmts.append(Stmt(body, indent))
            first = offset if first < 0 else first
            last = offset + len(body)
            continue
        cuts = sorted(m.start() for m in (_SHOWN_RESULT.search(body), _WIDE_GAP.search(body)) if m)
        code = next((c for c in (body[:cut].rstrip() for cut in cuts)
                     if classify(c) == "simple" and _line_is_code(c, found)), "")
        if code:
            # "[n * 2 for n in xs if n % 2]   ->  [2, 6, 10]": the code, then the result the student saw
            found.stmts.append(Stmt(code, indent))
            found.dropped.append(t.span(offset + len(code), offset + len(body)))
            first = offset if first < 0 else first
            last = offset + len(code)
            continue
        glued = split_glued(body) if "\n" not in body else None
        if glued is None:
            found.dropped.append(t.span(offset, offset + len(body)))
            continue
        if glued.start:
            found.dropped.append(t.span(offset, offset + glued.start))
        if glued.ambiguous and not found.ambiguous:
            found.ambiguous = body[glued.start :]
        pieces = [body[s:e].strip() for s, e in glued.pieces]
        found.glued = found.glued or len(pieces) > 1
        for k, piece in enumerate(pieces):
            found.stmts.append(Stmt(piece, indent if k == 0 and glued.start == 0 else None))
        first = offset + glued.start if first < 0 else first
        last = offset + len(body)
    if first >= 0:
        found.spans.append(t.span(first, last))


_SHOWN_RESULT = re.compile(r"\s+(?:->|→|=>|⇒)\s+\S")
"""An arrow after a line of code that leads to the result it gives ("xs[1:]  ->  [2, 3]")."""
_WIDE_GAP = re.compile(r"(?<=\S)(?: {3,}|\t+)(?=\S)")
"""A wide gap after a line of code, then words about it ("[x*2 for x in nums if x % 2]     e.g. nums=[1, 2, 3]")."""


def _operates(body: str) -> bool:
    """A line that parses as one expression doing something to names (`a + b`, `A * B`, `-x`, `x[1]`): code when the
    student fenced it; not a lone word ("yes") or value."""
    try:
        tree = ast.parse(body)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr) and isinstance(
        tree.body[0].value, ast.BinOp | ast.UnaryOp | ast.Compare | ast.BoolOp | ast.Subscript | ast.Attribute) and any(
        isinstance(n, ast.Name) for n in ast.walk(tree.body[0].value))


def _line_is_code(body: str, found: _Found) -> bool:
    tree = parse_quietly(body)
    if is_codelike(tree):
        return True
    # a bare name or `pass` next to code is code (`y` to show y); alone it is prose
    if not found.stmts or len(tree.body) != 1:
        return False
    stmt = tree.body[0]
    return isinstance(stmt, ast.Pass | ast.Break | ast.Continue) or (
        isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Name | ast.Attribute)
    )


def _finish(found: _Found) -> CodeExtraction:
    spans = tuple(s for s in found.spans if s)
    dropped = tuple(d for d in found.dropped if d)
    if not found.stmts:
        return CodeExtraction(None, "the answer contains no code", dropped=dropped)
    joined = "\n".join(s.text for s in found.stmts)
    prose = bool(dropped)  # next to prose, a lone `x = 0` is more likely prose than code
    if prose and not is_substantial(joined) and not any(classify(s.text) == "opener" for s in found.stmts):
        return CodeExtraction(None, "the answer contains no code", dropped=dropped)
    if found.ambiguous:
        reason = (
            f"the statements in `{_short(found.ambiguous)}` run together on one line and can be "
            "split in more than one way, so the code cannot be run without guessing"
        )
        return CodeExtraction(None, reason, spans, dropped=dropped)
    plain = textwrap.dedent(
        "\n".join(" " * (s.indent or 0) + s.text if s.indent is not None else s.text for s in found.stmts)
    )
    if not found.glued and parses(plain):
        return CodeExtraction(plain, "", spans, False, dropped)
    result = rebuild(found.stmts)
    if result.code is None:
        return CodeExtraction(None, result.reason, spans, dropped=dropped)
    return CodeExtraction(result.code, "", spans, True, dropped)


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def extract_code(answer_text: str) -> CodeExtraction:
    """Find the student's code in `answer_text` (see the module docstring for how)."""
    if not answer_text.strip():
        return CodeExtraction(None, "the answer is empty")
    t = normalise(answer_text[:MAX_CHARS])
    fences = list(FENCE.finditer(t.norm))
    if fences:
        found = _Found()
        for m in fences:
            _scan(t, m.start(2), m.end(2), found, fenced=True)
        if found.stmts:
            return _finish(found)
    inline = [m for m in INLINE.finditer(t.norm) if classify(m.group(1).strip()) != "none"]
    codelike = [m for m in inline if _inline_is_code(m.group(1))]
    if codelike:
        found = _Found()
        for m in codelike:
            _scan(t, m.start(1), m.end(1), found)
        fragments = [m.group(1) for m in INLINE.finditer(t.norm) if _looks_like_fragment(m.group(1))]
        if fragments:
            reason = f"part of the code is a fragment that is not a statement: `{_short(fragments[0])}`"
            return CodeExtraction(None, reason, tuple(found.spans))
        return _finish(found)
    found = _Found()
    _scan(t, 0, len(t.norm), found)
    return _finish(found)


def _inline_is_code(text: str) -> bool:
    try:
        return is_codelike(parse_quietly(text.strip())) and is_substantial(text)
    except SyntaxError:
        return False


def _looks_like_fragment(text: str) -> bool:
    """Inline code that continues an earlier expression (``[1:, 1:]``, ``.view(3, 3)``)."""
    text = text.strip()
    if not text.startswith(("[", ".")):
        return False
    prose = re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", text)
    return classify(text) == "none" and bool(re.search(r"[\[\]().=:]", text)) and not prose
