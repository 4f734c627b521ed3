"""Submission readers: one module per input format, picked by content, not only by extension.

Every reader module has `NAME`, `EXTENSIONS`, `accepts(path, text_head) -> float` (0..1
confidence) and `read(path, hints) -> list[Submission]`. `detect_format` asks them all and
takes the most confident (ties go to the earlier one in `FORMATS`); `read_file(format=…)`
skips detection. `hints` are known question texts that help spot unmarked question lines.

    read_file("dana.md")            → [Submission(format="markdown", items=(RawAnswer…))]
    read_file("class.csv")          → one Submission per row ("class.csv#row2", …)
    read_file("moodle.zip")         → one Submission per file inside (`readers/bulk.py`)

Errors: `UnsupportedFormat` (binary or unrecognised file, unknown `format=`),
`EmptySubmission` (no text), `MissingDependency` (docx/pdf extra not installed),
`TooLarge` (over a per-file limit, see `readers/limits.py`), `InputError` (missing,
unreadable or not a regular file). `read_file` raises nothing else: whatever a reader or a
library under it raises on a damaged or hostile file becomes an `UnsupportedFormat` with a
one-line reason. A malformed CSV row does not raise: it becomes a Submission with no items
whose `extra` explains the problem (see `readers/csv_export.py`); so does one unreadable
file inside an LMS download zip (`readers/bulk.py`).
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..domain import Submission
from ..errors import EmptySubmission, GreenpenError, InputError, UnsupportedFormat
from . import (
    anki,
    bulk,
    chat,
    chat_export,
    csv_export,
    docx,
    email_message,
    forms,
    html,
    latex,
    markdown,
    messages,
    notebook,
    numbered,
    odt,
    pdf,
    plain,
    rtf,
    script,
    xlsx,
)
from .base import EMPTY_FILE, WHAT_TO_DO, clean_name, decode_bytes, describe, sniff_binary
from .limits import check_size, time_limit

__all__ = ["Reader", "describe", "detect_format", "formats", "read_file", "reader", "readers", "register"]


class Reader(Protocol):
    """What a reader module provides."""

    NAME: str
    EXTENSIONS: tuple[str, ...]

    def accepts(self, path: Path, text_head: str) -> float: ...

    def read(self, path: Path, hints: Sequence[str]) -> list[Submission]: ...


BUILTIN: tuple[Reader, ...] = (
    notebook, csv_export, xlsx, docx, odt, pdf, rtf, email_message, html, latex, script, bulk, chat, messages,
    chat_export, anki, forms,
    markdown, numbered, plain,
)
"""greenpen's own readers, in priority order (registered by `builtin_plugins.py`)."""
READERS: list[Reader] = []
FORMATS: list[str] = []
"""Reader names, in priority order (earlier wins a tie); filled from the plugins on first use."""
BINARY_READERS = ("docx", "odt", "pdf", "xlsx", "lms-zip")
ALIASES = {
    "zip": "lms-zip", "moodle": "lms-zip", "canvas": "lms-zip", "md": "markdown", "txt": "plain", "text": "plain",
    "ipynb": "notebook", "google-forms": "forms", "htm": "html", "tex": "latex", "py": "script",
}
HEAD_CHARS = 65536


def register(new: Reader, *, before: str | None = None) -> None:
    """Add a reader (a module or object with the `Reader` attributes); `before` sets its priority.

    A plugin's `register_readers` hook is the lasting way; this adds one for this process.
    """
    readers()
    _insert(new, before)


def _insert(new: Reader, before: str | None) -> None:
    if new.NAME in FORMATS:  # a plugin replacing a reader of the same name
        at = FORMATS.index(new.NAME)
        READERS[at] = new
        return
    at = FORMATS.index(before) if before in FORMATS else len(READERS) - (FORMATS[-1:] == ["plain"])
    READERS.insert(at, new)
    FORMATS.insert(at, new.NAME)


def readers() -> list[Reader]:
    """Every reader, greenpen's and the plugins', in priority order."""
    global _LOADED
    if not _LOADED:
        from ..plugins import collect, on_change

        _LOADED = True
        for new, *before in collect("register_readers"):
            _insert(new, before[0] if before else None)
        on_change(_forget)
    return READERS


_LOADED = False


def formats() -> list[str]:
    """The names of every reader, in priority order."""
    readers()
    return list(FORMATS)


def _forget() -> None:
    global _LOADED
    _LOADED = False
    READERS.clear()
    FORMATS.clear()


def _is_binary(r: Reader) -> bool:
    return bool(getattr(r, "BINARY", r.NAME in BINARY_READERS))


def reader(name: str) -> Reader:
    """The reader called `name` (or an alias such as "md", "ipynb")."""
    name = ALIASES.get(name.lower(), name.lower())
    for candidate in readers():
        if candidate.NAME == name:
            return candidate
    raise UnsupportedFormat(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")


def check_regular(path: Path) -> None:
    """Refuse what is not a regular file (missing, a folder, a named pipe, a device) before opening it.

    Opening a named pipe (FIFO) would wait forever for a writer.
    """
    shown = clean_name(str(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file — check the path") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot be read ({exc.strerror}) — check the path and permissions") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{shown}: is a folder — give the submission files inside it")
    if not stat.S_ISREG(mode):
        raise InputError(
            f"{shown}: is not a regular file (a named pipe, device or socket) — give the submission file itself"
        )


def _head_bytes(path: Path) -> bytes:
    check_regular(path)
    name = clean_name(path.name)
    check_size(path, name)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_CHARS * 2)
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}) — check the permissions") from exc
    if not head.strip():
        raise EmptySubmission(f"{name}: {EMPTY_FILE}")
    return head


DAMAGED_ZIP = "damaged ZIP archive"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except NotImplementedError:
        return 'ZIP archive that needs a newer zip reader ("version needed" or compression) — save it again'
    except Exception:  # noqa: BLE001 - any damage means "damaged"
        return DAMAGED_ZIP
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
            (r.accepts(path, ""), -i, r.NAME) for i, r in enumerate(readers()) if _is_binary(r)
        ]
        best = max(scored)
        if best[0] >= 0.5:
            return best[2]
        if kind == "ZIP archive":
            kind = _zip_kind(path)
        if kind == DAMAGED_ZIP:
            raise UnsupportedFormat(f"{clean_name(path.name)}: this ZIP archive is damaged or incomplete (a download "
                                    "cut short?) — download it again from the course site")
        raise UnsupportedFormat(
            f"{clean_name(path.name)}: this looks like a binary file ({kind}), not a submission — {WHAT_TO_DO}"
        )
    text_head = decode_bytes(head)[:HEAD_CHARS]
    if not text_head.strip():
        raise EmptySubmission(
            f"{clean_name(path.name)}: the file holds only blank space — check you exported the right file"
        )
    scored = [
        (r.accepts(path, text_head), -i, r.NAME)
        for i, r in enumerate(readers())
        if not _is_binary(r)
    ]
    best = max(scored)
    if best[0] < 0.05:
        raise UnsupportedFormat(f"{clean_name(path.name)}: no reader recognises this file — {WHAT_TO_DO}")
    return best[2]


def read_file(path: str | Path, *, format: str | None = None, hints: Sequence[str] = ()) -> list[Submission]:
    """Read one submission file (a class CSV gives one Submission per row).

    `format` names the reader to use (skipping detection); `hints` are known question
    texts (every question and alias of the packs in use).
    """
    path = Path(path)
    name = clean_name(path.name)
    try:
        with time_limit(name):
            if format is None:
                chosen = reader(detect_format(path))
            else:
                chosen = reader(format)
                _head_bytes(path)
        if getattr(chosen, "CONTAINER", False):  # an LMS zip limits the time of each file inside
            submissions = chosen.read(path, hints)
        else:
            with time_limit(name):
                submissions = chosen.read(path, hints)
    except GreenpenError as exc:
        exc.args = (clean_name(str(exc)),)
        raise
    except RecursionError:
        raise UnsupportedFormat(
            f"{name}: the file is nested too deeply to read (a damaged or hostile file) — export it again"
        ) from None
    except MemoryError:
        raise UnsupportedFormat(f"{name}: reading the file ran out of memory — export only the answers") from None
    except Exception as exc:  # noqa: BLE001 - a library under a reader choked on a damaged file
        raise UnsupportedFormat(f"{name}: this file cannot be read ({describe(exc)}) — {WHAT_TO_DO}") from exc
    return [_clean_source(sub) for sub in submissions]


def _clean_source(sub: Submission) -> Submission:
    source, student = clean_name(sub.source), clean_name(sub.student)
    if (source, student) == (sub.source, sub.student):
        return sub
    return replace(sub, source=source, student=student)
