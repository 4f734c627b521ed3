"""Submission readers: one module per input format, picked by content, not only by extension.

Every reader module has `NAME`, `EXTENSIONS`, `accepts(path, text_head) -> float` (0..1
confidence) and `read(path, hints) -> list[Submission]`. `detect_format` asks them all and
takes the most confident (ties go to the earlier one in `FORMATS`); `read_file(format=…)`
skips detection. `hints` are known question texts that help spot unmarked question lines.

    read_file("dana.md")            → [Submission(format="markdown", items=(RawAnswer…))]
    read_file("class.csv")          → one Submission per row ("class.csv#row2", …)

Errors: `UnsupportedFormat` (binary or unrecognised file, unknown `format=`),
`EmptySubmission` (no text), `MissingDependency` (docx/pdf extra not installed),
`InputError` (missing or unreadable file). A malformed CSV row does not raise: it becomes a
Submission with no items whose `extra` explains the problem (see `readers/csv_export.py`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from ..domain import Submission
from ..errors import EmptySubmission, InputError, UnsupportedFormat
from . import chat, csv_export, docx, forms, markdown, notebook, numbered, pdf, plain
from .base import WHAT_TO_DO, decode_bytes, sniff_binary

__all__ = ["FORMATS", "Reader", "detect_format", "read_file", "reader", "register"]


class Reader(Protocol):
    """What a reader module provides."""

    NAME: str
    EXTENSIONS: tuple[str, ...]

    def accepts(self, path: Path, text_head: str) -> float: ...

    def read(self, path: Path, hints: Sequence[str]) -> list[Submission]: ...


READERS: list[Reader] = [notebook, csv_export, docx, pdf, chat, forms, markdown, numbered, plain]
FORMATS: list[str] = [r.NAME for r in READERS]
"""Reader names, in priority order (earlier wins a tie)."""
BINARY_READERS = ("docx", "pdf")
ALIASES = {"md": "markdown", "txt": "plain", "text": "plain", "ipynb": "notebook", "google-forms": "forms"}
HEAD_CHARS = 65536


def register(new: Reader, *, before: str | None = None) -> None:
    """Add a reader (a module or object with the `Reader` attributes); `before` sets its priority."""
    at = FORMATS.index(before) if before in FORMATS else len(READERS) - 1  # plain stays last
    READERS.insert(at, new)
    FORMATS.insert(at, new.NAME)


def reader(name: str) -> Reader:
    """The reader called `name` (or an alias such as "md", "ipynb")."""
    name = ALIASES.get(name.lower(), name.lower())
    for candidate in READERS:
        if candidate.NAME == name:
            return candidate
    raise UnsupportedFormat(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")


def _head_bytes(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file — check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a folder — give the submission files inside it")
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_CHARS * 2)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}) — check the permissions") from exc
    if not head.strip():
        raise EmptySubmission(f"{path.name}: the file is empty — check you exported the right file")
    return head


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile):
        return "damaged ZIP archive"
    if "xl/workbook.xml" in names:
        return "Excel workbook — save it as CSV"
    if "content.xml" in names:
        return "OpenDocument file — save it as .docx or PDF"
    if "ppt/presentation.xml" in names:
        return "PowerPoint presentation"
    return "ZIP archive — unpack it and give the files inside"


def detect_format(path: Path) -> str:
    """The NAME of the reader most confident it can read `path`.

    Raises `EmptySubmission` for an empty file, `UnsupportedFormat` for a binary file no
    reader takes or text no reader recognises, `InputError` for a missing file.
    """
    path = Path(path)
    head = _head_bytes(path)
    kind = sniff_binary(head[:4096])
    if kind is not None and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        scored = [
            (r.accepts(path, ""), -i, r.NAME) for i, r in enumerate(READERS) if r.NAME in BINARY_READERS
        ]
        best = max(scored)
        if best[0] >= 0.5:
            return best[2]
        if kind == "ZIP archive":
            kind = _zip_kind(path)
        raise UnsupportedFormat(
            f"{path.name}: this looks like a binary file ({kind}), not a submission — {WHAT_TO_DO}"
        )
    text_head = decode_bytes(head)[:HEAD_CHARS]
    if not text_head.strip():
        raise EmptySubmission(
            f"{path.name}: the file holds only blank space — check you exported the right file"
        )
    scored = [
        (r.accepts(path, text_head), -i, r.NAME)
        for i, r in enumerate(READERS)
        if r.NAME not in BINARY_READERS
    ]
    best = max(scored)
    if best[0] < 0.05:
        raise UnsupportedFormat(f"{path.name}: no reader recognises this file — {WHAT_TO_DO}")
    return best[2]


def read_file(path: str | Path, *, format: str | None = None, hints: Sequence[str] = ()) -> list[Submission]:
    """Read one submission file (a class CSV gives one Submission per row).

    `format` names the reader to use (skipping detection); `hints` are known question
    texts (every question and alias of the packs in use).
    """
    path = Path(path)
    if format is None:
        chosen = reader(detect_format(path))
    else:
        chosen = reader(format)
        _head_bytes(path)
    return chosen.read(path, hints)
