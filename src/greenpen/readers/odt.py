"""OpenDocument text (.odt: LibreOffice, OpenOffice, Google Docs' "OpenDocument" download).

The document's `content.xml` is read with the standard library's XML parser (an .odt is a zip of XML files, and
its text needs nothing more): headings as `#` (by their outline level), paragraphs one per line, list items as `-`,
table rows as `| … |`, a paragraph whose text is all bold as `**…**`; spaces, tabs and line breaks as written.
Then the best text parser reads it and alignment finds the questions in it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from xml.etree import ElementTree

from ..domain import Submission
from .base import clean_name, escape_hashes, file_submission, opening, parse_extracted
from .limits import check_text, check_zip

NAME = "odt"
EXTENSIONS: tuple[str, ...] = (".odt",)
BINARY = True
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_TITLES = {"Title": "#", "Subtitle": "##"}


def accepts(path: Path, text_head: str) -> float:
    try:
        with zipfile.ZipFile(path) as archive:
            return 1.0 if archive.read("mimetype").strip() == _MIMETYPE else 0.0
    except Exception:  # noqa: BLE001 - not a zip, or no mimetype: not an .odt
        return 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    name = clean_name(path.name)
    with opening(name, "OpenDocument file",
                 "open it in LibreOffice and save it again, or export it as .docx, PDF or text"):
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, name, xml_limit=True)
            xml = archive.read("content.xml")
        root = ElementTree.fromstring(xml)
    text = check_text("\n".join(_lines(root)), name)
    return [file_submission(path, NAME, parse_extracted(text, hints), text=text)]


def _bold_styles(root: ElementTree.Element) -> set[str]:
    """The names of the automatic styles that make text bold."""
    out = set()
    for style in root.iter(f"{_STYLE}style"):
        props = style.find(f"{_STYLE}text-properties")
        if props is not None and props.get(f"{_FO}font-weight") in ("bold", "700", "800", "900"):
            out.add(style.get(f"{_STYLE}name", ""))
    return out


def _lines(root: ElementTree.Element) -> Iterator[str]:
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        return
    bold = _bold_styles(root)
    yield from _blocks(body, bold, 0)


def _blocks(parent: ElementTree.Element, bold: set[str], depth: int) -> Iterator[str]:
    for node in parent:
        tag = node.tag
        if tag == f"{_TEXT}h":
            level = int(node.get(f"{_TEXT}outline-level", "1") or 1)
            yield f"{'#' * max(1, min(level, 6))} {_inline(node).strip()}"
            yield ""
        elif tag == f"{_TEXT}p" and node.get(f"{_TEXT}style-name", "") in _TITLES:
            yield f"{_TITLES[node.get(f'{_TEXT}style-name', '')]} {_inline(node).strip()}"
            yield ""
        elif tag == f"{_TEXT}p":
            text = escape_hashes(_inline(node))  # "# x: inputs" opening a paragraph is a code comment, no heading
            all_bold = node.get(f"{_TEXT}style-name", "") in bold or _all_bold(node, bold)
            yield f"**{text.strip()}**" if text.strip() and all_bold else text
            yield ""
        elif tag == f"{_TEXT}list":
            for item in node.findall(f"{_TEXT}list-item"):
                lines = [line for line in _blocks(item, bold, depth + 1) if line.strip()]
                for k, line in enumerate(lines):
                    yield ("    " * depth) + ("- " if k == 0 and not line.lstrip().startswith("- ") else "  ") + line
            yield ""
        elif tag == f"{_TABLE}table":
            for row in node.iter(f"{_TABLE}table-row"):
                cells = [" ".join(" ".join(_blocks(cell, bold, 0)).split())
                         for cell in row.findall(f"{_TABLE}table-cell")]
                yield "| " + " | ".join(cells) + " |"
            yield ""
        elif tag in (f"{_TEXT}section", f"{_TEXT}list-header"):
            yield from _blocks(node, bold, depth)


def _all_bold(node: ElementTree.Element, bold: set[str]) -> bool:
    spans = [s for s in node.iter(f"{_TEXT}span") if (s.text or "").strip()]
    loose = (node.text or "").strip() or any((s.tail or "").strip() for s in node)
    return bool(spans) and not loose and all(s.get(f"{_TEXT}style-name", "") in bold for s in spans)


def _inline(node: ElementTree.Element) -> str:
    """A paragraph's text: its spans, `text:s` (spaces), `text:tab`, `text:line-break`; notes left out."""
    parts = [node.text or ""]
    for child in node:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag != f"{_TEXT}note":
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
