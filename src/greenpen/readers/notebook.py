"""Jupyter notebooks (.ipynb): questions in Markdown cells, answers in the cells below.

A Markdown cell is a question when it is short and asks something (numbered, ends with
`?`, a bold `Q3.`, or matches a known question). The Markdown and code cells that follow,
up to the next question, are its answer; code cells are kept as ``` fences, each followed by
what it printed or returned in a ```` ```output ```` fence (the teacher sees the result an
answer relies on, "see the output above"; the grader reads the student's words and runs the
code, not the outputs: `textutil.without_outputs`). A cell holding both question and
`Answer:` is split with the Markdown parser. Cells before the first question go to extra.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import SourceLine, Submission
from ..errors import UnsupportedFormat
from ..textutil import OUTPUT_FENCE
from . import markdown
from .base import (
    HintIndex,
    Parsed,
    clean_name,
    document_lines,
    file_submission,
    looks_like_question,
    make_answer,
    read_text,
    tame_text,
)
from .html import html_to_text
from .limits import MAX_NOTEBOOK_CELLS, too_many

NAME = "notebook"
EXTENSIONS: tuple[str, ...] = (".ipynb",)


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", cell.get("input", ""))  # nbformat 3 code cells keep it in "input"
    if isinstance(source, list):
        return tame_text("".join(part for part in source if isinstance(part, str)))
    return tame_text(source) if isinstance(source, str) else ""


def _question(text: str, hints: HintIndex) -> tuple[str, int | None] | None:
    """(label, number) when a Markdown cell is a question by itself."""
    lines = [line for line in text.strip().split("\n") if line.strip()]
    if not lines or len(lines) > 4 or len(text) > 600:
        return None
    joined = " ".join(markdown.HEADING.sub(r"\2", line).strip() for line in lines)
    number, label = markdown.split_number(joined)
    numbered = number is not None and looks_like_question(label)
    if numbered or label.rstrip("*_ ").endswith("?") or hints.score(label) >= 0.6:
        return label, number
    return None


def parse_cells(cells: Sequence[dict[str, Any]], hints: Sequence[str] = ()) -> Parsed:
    """Group notebook cells into question/answer blocks."""
    index = HintIndex(hints)
    parsed = Parsed()
    outside: list[str] = []
    label: tuple[str, int | None] | None = None
    answer: list[str] = []

    def flush() -> None:
        if label is not None:
            parsed.items.append(make_answer(label[0], answer, number=label[1]))

    for cell in cells:
        text = _source(cell).rstrip()
        if not text.strip():
            continue
        if cell.get("cell_type") == "code":
            block = ["```python", *text.split("\n"), "```", *output_block(cell), ""]
            (answer if label is not None and not hidden(cell) else outside).extend(block)
            continue
        if cell.get("cell_type") not in ("markdown", "heading"):  # nbformat 3 has heading cells
            (answer if label is not None else outside).extend([*text.split("\n"), ""])
            continue
        if re.search(r"\n\s*\n", text.strip()) or any(
            markdown.ANSWER.match(line) for line in text.split("\n")
        ):
            inner = markdown.parse(text, hints)
            if inner.items:
                flush()
                label = None
                parsed.items.extend(inner.items[:-1])
                last = inner.items[-1]
                label, answer = (last.label, last.number), last.original.split("\n") + [""]
                outside.extend(inner.extra)
                continue
        question = _question(text, index)
        if question is not None:
            flush()
            label, answer = question, []
            continue
        (answer if label is not None else outside).extend([*text.split("\n"), ""])
    flush()
    parsed.note_identity(outside)
    parsed.add_extra(outside)
    return parsed


def load_cells(path: Path, text: str) -> list[dict[str, Any]]:
    name = clean_name(path.name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text[exc.pos:].strip() or exc.msg.startswith("Unterminated string"):
            # the JSON stops short (a download or a copy cut off), which Jupyter cannot open either: the whole cells
            # before the cut are read, and the report says the rest is missing
            whole = _cells_before_the_cut(text)
            if whole:
                note = (f"(greenpen: {name} is cut off after its first {len(whole)} cells: the rest of the notebook is "
                        "missing — ask the student to upload it again)")
                return [{"cell_type": "markdown", "source": note}, *whole]
            raise UnsupportedFormat(
                f"{name}: the notebook is cut off (it stops in the middle of its cells) — "
                "ask the student to upload it again"
            ) from exc
        raise UnsupportedFormat(
            f"{name}: not a valid notebook (JSON error line {exc.lineno}) — "
            "open it in Jupyter and save it again"
        ) from exc
    except RecursionError:
        raise UnsupportedFormat(
            f"{name}: not a notebook (its JSON is nested too deeply) — open it in Jupyter and save it again"
        ) from None
    cells = data.get("cells") if isinstance(data, dict) else None
    if cells is None and isinstance(data, dict):  # nbformat 3
        worksheets = data.get("worksheets")
        if isinstance(worksheets, list):
            cells = [
                c
                for ws in worksheets
                if isinstance(ws, dict) and isinstance(ws.get("cells"), list)
                for c in ws["cells"]
            ]
    if not isinstance(cells, list):
        raise UnsupportedFormat(
            f"{name}: a JSON file with no notebook cells — export the answers as an .ipynb notebook, "
            "Markdown or text"
        )
    if len(cells) > MAX_NOTEBOOK_CELLS:
        raise too_many(name, len(cells), "cells", MAX_NOTEBOOK_CELLS, "check it is one student's notebook")
    return [part for c in cells if isinstance(c, dict) for part in colab_form_parts(c)]


_FORM_LINE = re.compile(r"^\s*#\s*@(title|markdown)\b[ \t]?(.*)$")
"""A Colab form's text in a code cell: `#@title Q3. What is…?` (the cell's title, shown instead of its code) and
`#@markdown …` (text shown in the form)."""
_FORM_OPTIONS = re.compile(r"\s*\{[^{}]*\}\s*$")
"""A form title's display options (`{ display-mode: "form" }`)."""


def colab_form_parts(cell: dict[str, Any]) -> list[dict[str, Any]]:
    """A code cell with Colab form text as the cells a reader sees in Colab: its title as a heading and its
    `#@markdown` lines as Markdown, each where it stands, and the rest of its lines as code (with the cell's outputs
    after the last code). Any other cell as it is."""
    if cell.get("cell_type") != "code":
        return [cell]
    lines = _source(cell).split("\n")
    if not any(_FORM_LINE.match(line) for line in lines):
        return [cell]
    parts: list[tuple[str, list[str]]] = []
    for line in lines:
        form = _FORM_LINE.match(line)
        kind = "markdown" if form else "code"
        if form:
            text = form.group(2).strip()
            line = f"### {_FORM_OPTIONS.sub('', text)}" if form.group(1) == "title" and text else text
        if parts and parts[-1][0] == kind:
            parts[-1][1].append(line)
        else:
            parts.append((kind, [line]))
    out: list[dict[str, Any]] = []
    kept = [(kind, body) for kind, body in parts if "\n".join(body).strip()]
    last_code = max((i for i, (kind, _) in enumerate(kept) if kind == "code"), default=-1)
    for i, (kind, body) in enumerate(kept):
        part: dict[str, Any] = {"cell_type": kind, "source": "\n".join(body).strip("\n")}
        if kind == "code":
            part["outputs"] = cell.get("outputs", []) if i == last_code else []
        out.append(part)
    return out


_CELLS = re.compile(r'"cells"\s*:\s*\[')


def _cells_before_the_cut(text: str) -> list[dict[str, Any]]:
    """The whole cells of a notebook whose JSON stops short, in order, up to the one cut off."""
    found = _CELLS.search(text)
    if found is None:
        return []
    decoder, at = json.JSONDecoder(), found.end()
    cells: list[dict[str, Any]] = []
    while len(cells) < MAX_NOTEBOOK_CELLS:
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        try:
            cell, at = decoder.raw_decode(text, at)
        except (json.JSONDecodeError, RecursionError):
            break
        if isinstance(cell, dict):
            cells.append(cell)
    return cells


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() == ".ipynb":
        return 0.95
    head = text_head.lstrip()
    return 0.9 if head.startswith("{") and ('"cells"' in head or '"cell_type"' in head) else 0.0


_HIDDEN = re.compile(r"^\s*#\s*(?:\|\s*)?(?:hide\b(?!_)|include:\s*false\b)", re.IGNORECASE)
"""A cell its notebook hides from the published page: fastpages' and nbdev's `#hide`, `#| hide`, Quarto's
`#| include: false`."""


def hidden(cell: dict[str, Any]) -> bool:
    """A code cell the notebook's own publishing hides (`_HIDDEN` on its first line): the learner's setup, not an
    answer."""
    return cell.get("cell_type") == "code" and bool(_HIDDEN.match(_source(cell).lstrip("\n").split("\n", 1)[0]))


def cell_lines(cells: Sequence[dict[str, Any]]) -> tuple[SourceLine, ...]:
    """The notebook as one document: each cell's lines (code cells inside ``` fences), in order; the cells it hides
    from its published page first (`hidden`), before any question, where they are no answer and still shown."""
    lines: list[SourceLine] = []
    numbered = list(enumerate(cells, start=1))
    asked = False  # the cell before is Markdown: it may ask the question a numbered code cell answers
    for number, cell in [*((n, c) for n, c in numbered if hidden(c)), *((n, c) for n, c in numbered if not hidden(c))]:
        text = _source(cell).rstrip()
        if not text.strip():
            continue
        printed = _printed_answer(cell)
        said = "" if asked else _numbered_words(cell)
        asked = cell.get("cell_type") != "code"
        if printed:  # print("A5:", "Minsky and Papert showed…"): the answer is what it prints
            lines.extend(document_lines(printed, number))
        elif said:  # "# 7. momentum = moving average…", `q1 = "w = w - lr * grad"`: words under a number
            lines.extend(document_lines(said, number))
        elif cell.get("cell_type") == "code":
            lines.append(SourceLine("```python", 0, number))
            lines.extend(document_lines(text, number))
            lines.append(SourceLine("```", 0, number))
            lines.extend(SourceLine(out, 0, number) for out in output_block(cell))
        else:
            lines.extend(document_lines(text, number))
        lines.append(SourceLine("", 0, number))
    return tuple(lines)


_COMMENT_MARK = re.compile(r"^\s*#+ ?")
_NUMBER_COMMENT = re.compile(r"^\s*#+\s*(?:Q(?:uestion)?\s*)?(\d{1,3})\s*[.):]?(?=\s|$)", re.IGNORECASE)
_NUMBERED_STRING = re.compile(r"^\s*(?:q|a|ans|answer|question)_?(\d{1,3})\s*=\s*[rRuU]?(\"\"\"|'''|\"|')"
                              r"(?P<said>.*)\2\s*$", re.IGNORECASE | re.DOTALL)


def _numbered_words(cell: dict[str, Any]) -> str:
    """A code cell that answers in words under a question's number, as the Markdown a learner would have written: a
    cell of comments only whose first names a number ("# 7. momentum = moving average…", "# 1" over "# w = w - lr *
    grad"), or a string under a numbered name (`q1 = "w = w - lr * grad"`); "" for any other cell. Read as code,
    their numbers were inside a code block, and no question was found in a notebook answered so. (Under a Markdown
    cell, which may ask the question, such a cell is read as code is: its words are still the answer.)"""
    if cell.get("cell_type") != "code" or hidden(cell):
        return ""
    text = _source(cell).strip()
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and all(line.lstrip().startswith("#") for line in lines) and (label := _NUMBER_COMMENT.match(lines[0])):
        said = [_COMMENT_MARK.sub("", line) for line in lines]
        if not said[0][label.end() - label.start():].strip():  # "# 1" alone over its answer: "1."
            said[0] = f"{label.group(1)}."
        return "\n".join(said)
    string = _NUMBERED_STRING.match(text)
    return f"{string.group(1)}. {string.group('said').strip()}" if string and string.group("said").strip() else ""


OUTPUT_HEAD, OUTPUT_TAIL = 10, 5
"""Lines of a long output (a training log, a long print) shown from its start and its end (its final loss), with how
many lie between."""
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
"""A terminal's colour and cursor codes in a printed output (pip's progress bars)."""
_REPR = re.compile(r"^<([^<>\n]+)>$")
"""An object shown by its repr alone ("<Figure size 640x480 with 1 Axes>"): an image or widget the notebook drew."""


def output_block(cell: dict[str, Any]) -> list[str]:
    """What a code cell printed, returned or raised, as a ```` ```output ```` fence ([] when nothing): the text of
    its streams and results, an image's text stand-in ("<Figure size 900x300 with 3 Axes>"), an error's name and
    message."""
    shown: list[str] = []
    for out in cell.get("outputs", []):
        if not isinstance(out, dict):
            continue
        kind = out.get("output_type")
        if kind == "stream":
            shown.append(_joined(out.get("text", "")))
        elif kind in ("execute_result", "display_data", "pyout"):  # nbformat 3 names a result "pyout"
            data = out.get("data", out)
            shown.append(_result(data) if isinstance(data, dict) else "")
        elif kind in ("error", "pyerr"):
            shown.append(f"{out.get('ename', 'Error')}: {out.get('evalue', '')}".strip())
    text = tame_text(_ANSI.sub("", "\n".join(t.rstrip("\n") for t in shown if t.strip()))).strip("\n")
    if not text.strip():
        return []
    lines = [_REPR.sub(r"[\1]", ln.rstrip().replace("```", "'''")) for ln in text.split("\n")]  # no fence inside
    if len(lines) > OUTPUT_HEAD + OUTPUT_TAIL + 1:
        between = len(lines) - OUTPUT_HEAD - OUTPUT_TAIL
        lines = [*lines[:OUTPUT_HEAD], f"… ({between} lines of output not shown)", *lines[-OUTPUT_TAIL:]]
    return [f"```{OUTPUT_FENCE}", *lines, "```"]


def _result(data: dict[str, Any]) -> str:
    """A result as text: its plain text, or the rows of the HTML table it shows when its plain text is only the
    object's name ("<IPython.core.display.HTML object>": fastai's training table, a DataFrame)."""
    plain = _joined(data.get("text/plain", data.get("text", "")))
    html = _joined(data.get("text/html", ""))
    if html and (not plain.strip() or _REPR.match(plain.strip())):
        shown = html_to_text(re.sub(r"\s+", " ", html))  # a notebook's HTML is indented inside its cells
        rows = [row.strip("| ").split(" | ") for row in shown.split("\n") if row.strip().startswith("|")]
        if rows:  # the page reader's table rows ("| epoch | loss |"), their cells apart as a notebook shows them
            return "\n".join("  ".join(cell.strip() for cell in row) for row in rows)
    return plain


def _joined(text: Any) -> str:
    if isinstance(text, list):
        return "".join(part for part in text if isinstance(part, str))
    return text if isinstance(text, str) else ""


_PRINTED_LABEL = re.compile(r"^\s*(?:A|Ans(?:wer)?)\s*\d{1,3}(?:\s*(?:&|and|,|/)\s*A?\s*\d{1,3})*\s*[:.)]",
                            re.IGNORECASE)


def _printed_answer(cell: dict[str, Any]) -> str:
    """The text a code cell prints when it prints an answer ("A5: Minsky and Papert showed…", a notebook whose answers
    are printed so they show on GitHub): the student's words are in the output; "" for any other cell."""
    if cell.get("cell_type") != "code":
        return ""
    streams = [out.get("text", "") for out in cell.get("outputs", [])
               if isinstance(out, dict) and out.get("output_type") == "stream"]
    printed = "".join(_joined(text) for text in streams)
    return printed.rstrip() if _PRINTED_LABEL.match(printed) else ""


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    cells = load_cells(path, read_text(path))
    return [file_submission(path, NAME, parse_cells(cells, hints), document=cell_lines(cells))]
