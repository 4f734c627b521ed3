"""Rebuild the indentation of code whose indentation an export flattened.

Each statement gets a nesting depth. The line after a block opener (``for …:``) is one
level deeper; any other line may close blocks (depth 0 … the previous depth). Where the
export kept *some* indentation (all indented lines collapsed to one space), it is a hint:
an unindented line is at depth 0, an indented one deeper. Students do not write dead code,
so nothing follows ``return``/``break``/``continue``/``raise`` in the same block.

Every complete assignment is verified with ``ast.parse``. Exactly one survivor: rebuilt.
Several: ambiguous, and the reason names the line that could go either way — greenpen
never guesses silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenpen.code.statements import TERMINAL, classify, quiet_compiler

MAX_CANDIDATES = 4000
MAX_WORK = 200_000
"""Steps of the search (one per statement placed, one per line compiled): past it, a long answer
whose indentation was lost has too many ways to be rebuilt to try them in a reasonable time."""
INDENT = "    "


@dataclass(frozen=True)
class Stmt:
    """One logical line: its text (continuation lines kept) and the indentation it had."""

    text: str
    indent: int | None = None


@dataclass(frozen=True)
class Rebuilt:
    """The outcome: `code` when unique, else the `reason` it could not be rebuilt."""

    code: str | None
    reason: str = ""


def render(stmts: list[Stmt], depths: list[int]) -> str:
    """The code with each statement at its depth (continuation lines left as written)."""
    return "\n".join(INDENT * d + s.text.strip() for s, d in zip(stmts, depths, strict=True))


def _hints(stmts: list[Stmt]) -> list[bool | None]:
    """Per statement: must be at depth 0 (True), deeper (False), or unknown (None)."""
    known = [s.indent for s in stmts if s.indent is not None]
    if not known or min(known) == max(known):
        return [None] * len(stmts)
    low = min(known)
    return [None if s.indent is None else s.indent == low for s in stmts]


class _Search:
    def __init__(self, stmts: list[Stmt], hints: list[bool | None]) -> None:
        self.stmts = stmts
        self.hints = hints
        self.openers = [classify(s.text.strip()) == "opener" for s in stmts]
        self.terminal = [bool(TERMINAL.match(s.text.strip())) for s in stmts]
        self.found: list[list[int]] = []
        self.tried = 0
        self.work = 0

    def options(self, i: int, depths: list[int], closed: set[int]) -> list[int]:
        if i == 0:
            return [0]
        prev = depths[-1]
        if self.openers[i - 1]:
            choices = [prev + 1]
        else:
            choices = list(range(prev, -1, -1))
        hint = self.hints[i]
        if hint is True:
            choices = [d for d in choices if d == 0]
        elif hint is False:
            choices = [d for d in choices if d > 0]
        return [d for d in choices if d not in closed]

    @property
    def gave_up(self) -> bool:
        return self.tried > MAX_CANDIDATES or self.work > MAX_WORK

    def run(self) -> None:
        """Try the assignments depth-first, first choices first, until two parse or too many were
        tried. An explicit stack, not recursion: an answer may hold thousands of statements."""
        todo: list[tuple[list[int], frozenset[int]]] = [([], frozenset())]
        while todo and len(self.found) < 2 and not self.gave_up:
            depths, closed = todo.pop()
            i = len(depths)
            self.work += 1
            if i == len(self.stmts):
                self.tried += 1
                self.work += len(self.stmts)
                if parses(render(self.stmts, depths)):
                    self.found.append(depths)
                continue
            children = []
            for d in self.options(i, depths, set(closed)):
                still = {c for c in closed if c < d}
                if self.terminal[i]:
                    still.add(d)
                children.append((depths + [d], frozenset(still)))
            todo.extend(reversed(children))


def parses(source: str) -> bool:
    """True when `source` is valid Python: it compiles, not only parses (`* x = [1]`, a Markdown
    bullet before an assignment, parses as a starred target and fails only when compiled)."""
    try:
        with quiet_compiler():
            compile(source, "<answer>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def rebuild(stmts: list[Stmt]) -> Rebuilt:
    """Give `stmts` the one indentation under which they parse, if there is exactly one."""
    attempts = [_hints(stmts)]
    if any(h is not None for h in attempts[0]):
        attempts.append([None] * len(stmts))
    for hints in attempts:
        search = _Search(stmts, hints)
        search.run()
        if len(search.found) == 1 and not search.gave_up:
            return Rebuilt(render(stmts, search.found[0]))
        if len(search.found) >= 2 or search.gave_up:
            return Rebuilt(None, _ambiguity(stmts, search))
    return Rebuilt(None, "the indentation of the code was lost and no indentation makes it valid Python")


def _ambiguity(stmts: list[Stmt], search: _Search) -> str:
    if len(search.found) < 2:
        return "the indentation of the code was lost and there are too many ways to rebuild it"
    first, second = search.found
    i = next(k for k, (a, b) in enumerate(zip(first, second, strict=True)) if a != b)
    depth = min(first[i], second[i])
    opener = next(
        (stmts[k].text for k in range(i - 1, -1, -1) if search.openers[k] and first[k] == depth),
        stmts[i - 1].text if i else "",
    )
    return (
        f"the indentation of the code was lost: `{_excerpt(stmts[i].text)}` could be inside "
        f"`{_excerpt(opener)}` or after it, so the code cannot be run without guessing"
    )
