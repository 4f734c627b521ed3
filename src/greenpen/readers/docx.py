"""Word documents (.docx), read with python-docx (the `docx` extra).

The document is turned into Markdown-like text, keeping what the text parsers need:
headings as `#`, numbered list items with their numbers (Word stores them as list
formatting, not text), bold paragraphs as `**…**`, table rows as `| … |`. Then the best
text parser (markdown, forms, numbered, chat, plain) reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..domain import Submission
from ..errors import MissingDependency
from .base import clean_name, escape_hashes, file_submission, opening, parse_extracted
from .limits import MAX_PARAGRAPHS, check_text, check_zip, too_many

NAME = "docx"
EXTENSIONS: tuple[str, ...] = (".docx",)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _is_docx(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except Exception:  # noqa: BLE001 - a damaged zip is simply not a .docx
        return False


def _number_format(document: Any, num_id: str, level: str) -> str:
    """The number format ("decimal", "bullet", …) of a list level, "" when unknown."""
    try:
        numbering = document.part.numbering_part.element
    except (AttributeError, KeyError, NotImplementedError):
        return ""
    for num in numbering.findall(f"{_W}num"):
        if num.get(f"{_W}numId") != num_id:
            continue
        abstract = num.find(f"{_W}abstractNumId")
        abstract_id = abstract.get(f"{_W}val") if abstract is not None else None
        for definition in numbering.findall(f"{_W}abstractNum"):
            if definition.get(f"{_W}abstractNumId") != abstract_id:
                continue
            for lvl in definition.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                if lvl.get(f"{_W}ilvl") == level and fmt is not None:
                    return str(fmt.get(f"{_W}val"))
    return ""


def _page_furniture(document: Any) -> list[str]:
    """The text of the pages' headers and footers, each once ("Hannah Lindqvist – COMP 4471", "Page"): shown before
    the answers as not an answer (a name in them names the student), never lost."""
    seen: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            if part.is_linked_to_previous and seen:
                continue
            for paragraph in part.paragraphs:
                text = paragraph.text.strip()
                if text and text not in seen:
                    seen.append(text)
    return seen


MONOSPACE = re.compile(r"courier|consolas|menlo|monaco|mono|lucida console|source code|fira code|inconsolata",
                       re.IGNORECASE)
"""Fonts that code is pasted in: a paragraph set in one of them is code."""


def _is_code(block: Any, style: str, style_font: str | None) -> bool:
    """A paragraph of pasted code or output: set in a monospace font (its runs' own, or its style's `style_font`),
    or in a code style ("HTML Preformatted")."""
    if re.search(r"code|preformatted|source", style, re.IGNORECASE):
        return True
    fonts = [run.font.name or style_font for run in block.runs if run.text.strip()]
    return bool(fonts) and all(font and MONOSPACE.search(font) for font in fonts)


def _lines(document: Any, name: str = "") -> Iterator[str]:
    for text in _page_furniture(document):
        yield text
        yield ""
    code = False  # inside a run of code paragraphs, shown as one ``` block
    for line in _paragraphs(document, name):
        if isinstance(line, tuple):  # a code paragraph
            if not code:
                yield "```"
                code = True
            yield line[0]
            continue
        if code and line.strip():
            yield "```"
            yield ""
            code = False
        if not code:
            yield line
    if code:
        yield "```"


def _paragraphs(document: Any, name: str = "") -> Iterator[str | tuple[str]]:
    """The document's lines as Markdown, each code paragraph as a 1-tuple of its text as written."""
    counters: dict[tuple[str, str], int] = {}
    styles: dict[str | None, tuple[str, str | None]] = {}  # python-docx looks a style up by scanning them all: once
    # per style id, its name and font
    formats: dict[tuple[str, str], str] = {}
    blocks = 0
    for block in document.iter_inner_content():
        blocks += len(block.rows) if hasattr(block, "rows") else 1
        if blocks > MAX_PARAGRAPHS:
            raise too_many(name, blocks, "paragraphs and table rows", MAX_PARAGRAPHS,
                           "check it is one student's homework, or export it as PDF or text")
        if hasattr(block, "rows"):  # a table
            for row in block.rows:
                # a cell's paragraphs as the line breaks a Markdown table cell writes ("• noisy data<br>• overfitting")
                yield "| " + " | ".join(cell.text.strip().replace("|", "\\|").replace("\n", "<br>")
                                        for cell in row.cells) + " |"
            yield ""
            continue
        style_id = block._p.style
        if style_id not in styles:
            found = block.style
            styles[style_id] = ((found.name or "", found.font.name) if found is not None else ("", None))
        style, style_font = styles[style_id]
        if block.text.strip() and _is_code(block, style, style_font):
            yield (block.text.rstrip(),)
            continue
        text = escape_hashes(block.text.rstrip())  # "# the loss" pasted from code is no heading
        heading = re.match(r"Heading (\d)", style)
        num_pr = block._p.pPr.numPr if block._p.pPr is not None else None
        if heading:
            text = "#" * int(heading.group(1)) + " " + text
        elif style == "Title":
            text = "# " + text
        elif num_pr is not None and num_pr.numId is not None or style.startswith("List Number"):
            num_id = str(num_pr.numId.val) if num_pr is not None and num_pr.numId is not None else style
            level = str(num_pr.ilvl.val) if num_pr is not None and num_pr.ilvl is not None else _style_level(style)
            if num_pr is None:
                fmt = "decimal"
            elif (num_id, level) in formats:
                fmt = formats[(num_id, level)]
            else:  # scans every numbering definition: once per list and level
                fmt = formats[(num_id, level)] = _number_format(document, num_id, level)
            if fmt == "bullet":
                text = "    " * int(level) + "- " + text
            else:
                counters[(num_id, level)] = counters.get((num_id, level), 0) + 1
                text = "    " * int(level) + f"{counters[(num_id, level)]}. " + text
        elif style.startswith("List"):
            text = "    " * int(_style_level(style)) + "- " + text
        elif text.strip() and all(run.bold for run in block.runs if run.text.strip()):
            text = f"**{text.strip()}**"
        yield text
        yield ""


_STYLE_LEVEL = re.compile(r"List(?: \w+)? (\d)$")


def _style_level(style: str) -> str:
    """The list level a paragraph style names: Word's "List Number 2" and "List Bullet 2" are a list nested in
    another ("1. Initialize the weights" under the question "9. List the seven steps…"), one level in ("1")."""
    found = _STYLE_LEVEL.match(style)
    return str(max(int(found.group(1)) - 1, 0)) if found else "0"


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    try:
        import docx
    except ImportError as exc:
        raise MissingDependency("reading .docx files", "docx") from exc
    import zipfile

    name = clean_name(path.name)
    with opening(name, "Word file",
                 "open it in Word or LibreOffice and save it again as .docx, or export it as PDF or text"):
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, name, xml_limit=True)
        document = docx.Document(str(path))
    text = check_text("\n".join(_lines(document, name)), name)
    return [file_submission(path, NAME, parse_extracted(text, hints), text=text)]


def accepts(path: Path, text_head: str) -> float:
    if _is_docx(path):
        return 1.0
    return 0.5 if path.suffix.lower() in EXTENSIONS else 0.0  # named .docx: `read` says what is wrong
