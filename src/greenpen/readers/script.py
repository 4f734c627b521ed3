"""Python scripts (.py): a notebook saved as a script, or answers written in a script's comments.

Understood: jupytext's percent format (`# %%` starts a code cell, `# %% [markdown]` a text cell), nbconvert's
script export (`# In[3]:` before each code cell; the text cells as blocks of `# ` comment lines between them), and
a plain script. The script becomes Markdown-like text, as the notebook would show it: a text cell's lines without
their `# ` (so `# ### 5. What is…?` is a heading again, `# **Q1.** …` a bold question), each code cell as a fenced
block with its comments in it (`# -> 0.231` stays with the code it shows the result of); the shebang, the coding
line and jupytext's header are left out. Then the best text parser reads it and alignment finds the questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..domain import Submission
from .base import read_converted

NAME = "script"
EXTENSIONS: tuple[str, ...] = (".py",)
_PERCENT = re.compile(r"^#\s?%%(?P<rest>.*)$")
_TEXT_CELL = re.compile(r"\[\s*(?:markdown|md|raw)\s*\]", re.IGNORECASE)
_IN = re.compile(r"^#\s*In\s*\[[\s\d]*\]\s*:?\s*$")
_COMMENT = re.compile(r"^\s*#(?: |$)?")
_PREAMBLE = re.compile(r"^#!|^#.*\bcoding[:=]", re.IGNORECASE)
_QUESTION_LABEL = re.compile(
    r"^#+\s*(?:(?:q(?:uestion)?|ex(?:ercise)?|task|problem)\s*\.?\s*\d{1,3}\b|\d{1,3}[.)]\s+\S)", re.IGNORECASE)
"""A comment that names the question the code under it answers ("# Q1", "## Question 3 - the loss", "# 4. Why…?"):
the label of a text cell, even with the code right under it."""


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in EXTENSIONS:
        return 0.9
    lines = text_head.split("\n")[:400]
    cells = sum(bool(_PERCENT.match(line) or _IN.match(line)) for line in lines)
    # nbconvert's export opens "#!/usr/bin/env python" / "# coding: utf-8", whatever the file was saved as (".txt")
    # and however few code cells it has (a questionnaire notebook of text cells only has none)
    opening = [line for line in lines[:3] if line.strip()]
    exported = bool(opening) and (bool(_PYTHON_SHEBANG.match(opening[0])) or any(_CODING.match(o) for o in opening))
    return 0.7 if cells >= 3 or exported else 0.0


_PYTHON_SHEBANG = re.compile(r"^#!\S*\bpython")
_CODING = re.compile(r"^#.*\bcoding[:=]\s*[-\w.]+", re.IGNORECASE)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return read_converted(path, NAME, script_to_text, hints)


def script_to_text(source: str) -> str:
    """A script as Markdown-like text (see the module docstring)."""
    lines = _without_header(source.split("\n"))
    if any(_PERCENT.match(line) for line in lines):
        cells = _percent_cells(lines)
    else:
        cells = _exported_cells(lines)
    out = []
    for is_text, body in cells:
        while body and not body[0].strip():
            body = body[1:]
        while body and not body[-1].strip():
            body = body[:-1]
        if not body:
            continue
        if is_text:
            out.append("\n".join(_COMMENT.sub("", line, count=1) if _COMMENT.match(line) else line for line in body))
        else:
            out.append("```python\n" + "\n".join(body) + "\n```")
    return "\n\n".join(out).strip() + "\n"


def _without_header(lines: list[str]) -> list[str]:
    """The script without its shebang, its coding line and jupytext's `# ---` … `# ---` header."""
    start = 0
    while start < len(lines) and (_PREAMBLE.match(lines[start]) or not lines[start].strip()):
        start += 1
    if start < len(lines) and lines[start].strip() == "# ---":
        end = next((k for k in range(start + 1, len(lines)) if lines[k].strip() == "# ---"), None)
        if end is not None and all(line.startswith("#") for line in lines[start:end]):
            start = end + 1
    return lines[start:]


def _percent_cells(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """jupytext's percent format: (is a text cell, its lines) per cell."""
    cells: list[tuple[bool, list[str]]] = [(False, [])]
    for line in lines:
        if m := _PERCENT.match(line):
            title = m.group("rest").strip()
            if not _TEXT_CELL.search(title) and _QUESTION_LABEL.match(f"# {title}"):
                cells.append((True, [f"# {title}"]))  # "# %% Q1": the cell's title names its question
            cells.append((bool(_TEXT_CELL.search(title)), []))
        else:
            cells[-1][1].append(line)
    if cells[0][1] and all(not ln.strip() or _COMMENT.match(ln) for ln in cells[0][1]):
        cells[0] = (True, cells[0][1])  # comments before the first cell marker: text
    return cells


def _exported_cells(lines: list[str]) -> list[tuple[bool, list[str]]]:
    """nbconvert's script export, or a plain script: (is a text cell, its lines) per cell. `# In[…]:` starts code;
    a block of comment lines after code and a gap (the two blank lines nbconvert writes between cells; one in a plain
    script) is text; a line of code after text starts code."""
    gap = 2 if any(_IN.match(line) for line in lines) else 1
    cells: list[tuple[bool, list[str]]] = [(True, [])]
    blanks = 0
    for k, line in enumerate(lines):
        if _IN.match(line):
            cells.append((False, []))
            blanks = 0
            continue
        text_cell = cells[-1][0]
        if line.strip() and _COMMENT.match(line):
            after_gap = blanks >= 1 or not any(x.strip() for x in cells[-1][1])
            if not text_cell and ((blanks >= gap and _comment_block(lines, k))
                                  or (after_gap and _QUESTION_LABEL.match(line.lstrip()))):
                cells.append((True, []))
        elif line.strip() and text_cell:
            cells.append((False, []))
        cells[-1][1].append(line)
        blanks = 0 if line.strip() else blanks + 1
    return cells


def _comment_block(lines: list[str], k: int) -> bool:
    """The lines from `k` to the next blank line are all comments."""
    for line in lines[k:]:
        if not line.strip():
            return True
        if not _COMMENT.match(line):
            return False
    return True
