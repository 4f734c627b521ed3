"""Per-file limits: what one submission file may cost greenpen to read, and how a file is refused.

A homework file is a few pages; these limits are one or two orders of magnitude above the
largest real submission seen, so only broken or hostile files meet them. Each refusal is an
`InputError` (`TooLarge`) whose message names the file, the limit and what to do.

    check_size(path)                     # bytes on disk
    check_zip(archive, name, ...)        # members, decompressed size, zip bombs, "version needed"
    with time_limit(name): ...           # wall-clock time to read one file (main thread, Unix)

The numbers are module constants so tests (and a teacher with an unusual class) can change
them; `docs`/README list them.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError, TooLarge

MiB = 1024 * 1024

MAX_FILE_BYTES = 32 * MiB
"""Any submission file (a PDF with photos of drawings is the largest kind seen: a few MB)."""
MAX_TEXT_CHARS = 300_000
"""Text of one submission after extraction (a 37-answer homework is about 20,000 characters;
grading 1,000,000 characters took over 100 s of CPU). A class CSV is checked row by row."""
MAX_CELL_CHARS = 100_000
"""One CSV cell: one student's answer to one question."""
MAX_CSV_CELLS = 200_000
"""All cells of one CSV export (a class of 1,000 students × 200 columns)."""
MAX_NOTEBOOK_CELLS = 5_000
"""Cells of one notebook."""
MAX_PARAGRAPHS = 20_000
"""Paragraphs and table rows of one Word document."""
MAX_PAGES = 500
"""Pages of one PDF."""
MAX_ZIP_MEMBERS = 5_000
"""Files inside one .docx or LMS download zip."""
MAX_UNZIPPED_BYTES = 256 * MiB
"""Total decompressed size of one .docx or LMS download zip."""
MAX_XML_BYTES = 16 * MiB
"""One XML part of a .docx once decompressed (the text of a homework is well under 1 MB)."""
MAX_ZIP_RATIO = 200
"""Decompressed/compressed size of one zip member larger than 1 MiB: above this it is a zip bomb."""
MAX_BLANK_RUN = 100
"""Spaces or tabs in a row kept in a submission's text (longer runs are cut: see `base.tame_text`)."""
READ_SECONDS = 60.0
"""Wall-clock time to read one file (one member of an LMS zip)."""


def megabytes(n: int) -> str:
    """A size for a message: "32 MB", "1.5 MB", "0.001 MB"."""
    mb = n / MiB
    return f"{mb:.0f} MB" if mb >= 10 else f"{mb:.3g} MB"


def check_size(path: Path, name: str) -> None:
    """Refuse a file over `MAX_FILE_BYTES` before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader's own open() reports the problem
    if size > MAX_FILE_BYTES:
        raise TooLarge(
            f"{name}: the file is {megabytes(size)}, over greenpen's limit of {megabytes(MAX_FILE_BYTES)} for "
            "one submission — export only the answers (text, Markdown, .docx or a PDF without large images)"
        )


def check_text(text: str, name: str) -> str:
    """Refuse extracted text over `MAX_TEXT_CHARS`; returns `text`."""
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(
            f"{name}: the file holds {len(text):,} characters of text, over greenpen's limit of "
            f"{MAX_TEXT_CHARS:,} for one submission — check it is one student's answers and split it if not"
        )
    return text


def too_many(name: str, count: int, what: str, limit: int, todo: str) -> TooLarge:
    """The error for a file with more `what` than `limit` (the count may be a lower bound)."""
    return TooLarge(f"{name}: more than {limit:,} {what} ({count:,}+), over greenpen's limit — {todo}")


def _unsupported_member(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return f"uses a compression method greenpen cannot read (method {info.compress_type})"
    if info.extract_version > zipfile.MAX_EXTRACT_VERSION:
        return f'needs a newer zip reader ("version needed" {info.extract_version / 10:.1f})'
    return ""


def check_zip(archive: zipfile.ZipFile, name: str, *, xml_limit: bool = False) -> list[zipfile.ZipInfo]:
    """The members of `archive`, after refusing zip bombs, too many members and unreadable ones.

    Decompression is bounded by the sizes declared in the archive (Python's zipfile stops at
    the declared size and checks the CRC), so checking the declared sizes bounds the real ones.
    """
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise too_many(name, len(members), "files inside the archive", MAX_ZIP_MEMBERS,
                       "split the archive, or unpack it and give the files inside")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > MiB and ratio > MAX_ZIP_RATIO:
            raise TooLarge(
                f"{name}: {info.filename!r} inside the archive expands {ratio:,} times (a zip bomb) — "
                "greenpen does not read it; ask for the file again"
            )
        if xml_limit and info.filename.endswith(".xml") and info.file_size > MAX_XML_BYTES:
            raise TooLarge(
                f"{name}: the document's text part is {megabytes(info.file_size)}, over greenpen's limit of "
                f"{megabytes(MAX_XML_BYTES)} — open it in Word or LibreOffice, save it again, or export it as PDF"
            )
        problem = _unsupported_member(info)
        if problem and xml_limit:
            raise InputError(
                f"{name}: a part of the document {problem} — open it in Word or LibreOffice and save it "
                "again as .docx"
            )
    if total > MAX_UNZIPPED_BYTES:
        raise TooLarge(
            f"{name}: the archive expands to {megabytes(total)}, over greenpen's limit of "
            f"{megabytes(MAX_UNZIPPED_BYTES)} — split it, or unpack it and give the files inside"
        )
    return members


def unsupported_member(info: zipfile.ZipInfo) -> str:
    """Why a zip member cannot be read ("is encrypted", …), or "" when it can."""
    return _unsupported_member(info)


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException, so a reader's `except Exception` does not swallow it."""


_armed = threading.local()


@contextlib.contextmanager
def time_limit(
    name: str, seconds: float | None = None, error: Callable[[float], Exception] | None = None
) -> Iterator[None]:
    """Raise `TooLarge` (or `error(seconds)`) when the block runs longer than `seconds`
    (default `READ_SECONDS`).

    Uses SIGALRM, so it applies only in the main thread on Unix (the CLI, a grading worker);
    elsewhere, and inside another `time_limit`, the block simply runs.
    """
    seconds = READ_SECONDS if seconds is None else seconds
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_armed, "on", False)
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        if getattr(_armed, "on", False):
            raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    _armed.on = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        if error is not None:
            raise error(seconds) from None
        raise TooLarge(
            f"{name}: reading the file took more than {seconds:g} s, greenpen's limit for one file — "
            "open it and save or export it again (text, Markdown, .docx or PDF)"
        ) from None
    finally:
        _armed.on = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
