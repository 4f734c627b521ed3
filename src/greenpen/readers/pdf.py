"""PDF files, read with pypdf (the `pdf` extra): extract the text, then parse it as text.

Lines repeated at the top or bottom of most pages (a browser's print header with the
date and URL, "Page 2 of 5") are page furniture: they are taken out of the pages and kept
once, before the first page's text (and in `Submission.extra`). A question wrapped over lines
(by a heading's larger font too) is one line again (`unwrap`, `rejoin_questions`). A PDF with no
text layer (a scan) raises `EmptySubmission`; one whose glyphs carry no text (NUL characters:
fonts exported without their text mapping) raises `UnsupportedFormat`, saying what to ask for.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .. import lang
from ..domain import Submission
from ..errors import EmptySubmission, GreenpenError, MissingDependency, UnsupportedFormat
from ..repair import without_ligatures
from .base import clean_name, escape_hashes, file_submission, parse_extracted
from .limits import MAX_PAGES, check_text, too_many

NAME = "pdf"
EXTENSIONS: tuple[str, ...] = (".pdf",)
PAGE_NUMBER = re.compile(
    r"^\s*(" + "|".join(w + r"\s+" for ws in lang.PAGE_WORDS.values() for w in ws) + r")?\d+\s*"
    r"(/|" + lang.patterns(lang.PAGE_OF) + r")\s*\d+\s*$",
    re.IGNORECASE,
)


EDGE_LINES = 6
"""How far from a page's top or bottom a line the same on every page is furniture: a browser prints the date and the
page's title above, its address and the page number below, and they may come out together at the end of the text."""


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def strip_furniture(pages: Sequence[str]) -> tuple[list[str], list[str]]:
    """Remove header/footer lines repeated on most pages; return (pages, removed lines)."""
    if len(pages) < 2:
        return list(pages), []
    edges: Counter[str] = Counter()
    wide: Counter[str] = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line.strip()]
        edges.update({_shape(line) for line in lines[:2] + lines[-2:]})
        wide.update({_shape(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
    repeated = {shape for shape, count in edges.items() if count >= max(2, len(pages) // 2 + 1)}
    on_every_page = {shape for shape, count in wide.items() if count == len(pages)}
    kept_pages: list[str] = []
    removed: list[str] = []
    for page in pages:
        lines = page.split("\n")
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(nonblank[:2] + nonblank[-2:])
        wide_edge = set(nonblank[:EDGE_LINES] + nonblank[-EDGE_LINES:])
        keep = []
        for i, line in enumerate(lines):
            if (i in edge and (_shape(line) in repeated or PAGE_NUMBER.match(line))) or (
                    i in wide_edge and _shape(line) in on_every_page):
                if _shape(line) not in {_shape(r) for r in removed}:
                    removed.append(line.strip())
            else:
                keep.append(line)
        kept_pages.append("\n".join(keep))
    return kept_pages, removed


def unwrap(page: str) -> str:
    """The page with the lines its layout wrapped joined again: a line that ends with no
    punctuation, goes on in lower case on the next line, and would have come near the page's
    longest line with the next line's first word (the text was wrapped there; fonts differ in
    width, hence "near": 4/5). A wrapped question ("12. What term do we normally use in deep learning
    for" / "what Samuel called 'weights'?") is then one line, found as one question; short
    lines (code, lists) are left as they are."""
    lines = page.split("\n")
    width = max((len(line.rstrip()) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        previous = out[-1].rstrip() if out else ""
        word = line.split(" ", 1)[0]
        if (previous and line[:1].islower() and len(previous) + 1 + len(word) >= 0.8 * width
                and not re.search(r"[.?!:;,)\]}>\"'`]$", previous)):
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return "\n".join(out)


_WORD = re.compile(r"\w+")
_ITEM = re.compile(r"^\s*(?:[-*•●▪◦–]|\d{1,3}\s*[.)]|[a-z][.)])\s")
_ENDED = re.compile(r"[.?!:;。？！：]\s*$")
WRAPPED_LINES = 3
"""The most lines a question is wrapped over after its first."""
ASKED_SHARE = 0.6
"""The share of a line's words in one of the pack's questions from which it is (part of) that question."""


def rejoin_questions(page: str, questions: Sequence[str]) -> str:
    """The page with the questions its layout wrapped over several lines joined again, whatever the font (a heading
    set larger wraps earlier than the text, so `unwrap`'s width test misses it, and a question cut in two is found by
    neither half): a line in the words of one of the pack's questions that does not end its sentence ("27) Create a
    function that, if passed two arguments") goes on in the lines under it in that question's words ("[1,2,3,4] and
    'abcd', returns …"), until one ends the sentence. An answer written on the question's last line stays on it."""
    asked = [{w.lower() for w in _WORD.findall(q)} for q in questions]
    out: list[str] = []
    joined: tuple[int, set[str]] | None = None  # lines joined so far, and the question's words
    for line in page.split("\n"):
        if joined and out and line.strip() and joined[0] < WRAPPED_LINES:
            count, words = joined
            if (_share(line, words) >= ASKED_SHARE or _tail_of(line, words)) and not _ITEM.match(line):
                out[-1] = f"{out[-1].rstrip()} {line.strip()}"
                joined = None if _ENDED.search(line) else (count + 1, words)
                continue
        out.append(line)
        joined = None
        if line.strip() and not _ENDED.search(line):
            bare = _NUMBER_LEAD.sub("", line)
            near: set[str] | None = next((q for q in asked if _share(bare, q) >= ASKED_SHARE), None)
            if near is not None:
                joined = (0, near)
    return "\n".join(out)


_NUMBER_LEAD = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,3}\s*[.):]\s*", re.IGNORECASE)


def _share(line: str, words: set[str]) -> float:
    """The share of the line's words (of three letters or more: not a code line's numbers and names) in `words`."""
    said = [w.lower() for w in _WORD.findall(line) if len(w) >= 3 and w.isalpha()]
    return sum(w in words for w in said) / len(said) if len(said) >= 3 else 0.0


def _tail_of(line: str, words: set[str]) -> bool:
    """A line of one or two words, each the question's, that ends its sentence: the last of a question wrapped over
    three lines ("numbers.")."""
    said = [w.lower() for w in _WORD.findall(line) if w.isalpha()]
    return 0 < len(said) <= 2 and all(w in words for w in said) and bool(_ENDED.search(line))


def _short(exc: Exception) -> str:
    text = str(exc).strip().split("\n", 1)[0][:120]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError
    except ImportError as exc:
        raise MissingDependency("reading .pdf files", "pdf") from exc
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on damaged files are not for the teacher
    name = clean_name(path.name)
    protected = f"{name}: the PDF is password-protected or encrypted — save or print an unprotected copy"
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnsupportedFormat(protected)
        if len(reader.pages) > MAX_PAGES:
            raise too_many(name, len(reader.pages), "pages", MAX_PAGES, "export only the answers")
        pages = [page.extract_text() or "" for page in reader.pages]
    except GreenpenError:
        raise
    except (DependencyError, FileNotDecryptedError):
        raise UnsupportedFormat(protected) from None
    except RecursionError:
        raise UnsupportedFormat(f"{name}: this PDF is damaged (nested too deeply) — export it again") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged or unusual PDF
        raise UnsupportedFormat(
            f"{name}: this PDF cannot be read ({_short(exc)}) — "
            "export the answers again as PDF, text or Markdown"
        ) from exc
    _check_glyphs("".join(pages), name)
    # "ﬁ" kept as one character by the PDF's font: the letters, in the name as in the answers ("Koﬁ Mensah" matched
    # no roster)
    pages = [without_ligatures(page.replace("\x00", "\ufffd")) for page in pages]
    pages, furniture = strip_furniture(pages)
    text = check_text(escape_hashes("\n".join(rejoin_questions(unwrap(page), hints) for page in pages)), name)
    if not text.strip():
        raise EmptySubmission(
            f"{name}: the PDF has no text layer (a scan or images only) — "
            "run OCR on it or ask for a text export"
        )
    parsed = parse_extracted(text, hints)
    parsed.extra.extend(furniture)
    parsed.note_identity(furniture)
    # Kept once at the top of the free text, the furniture is shown as "not an answer" (and a
    # running header's "Ana Souza — Homework 1" names the student) instead of vanishing.
    document = "\n".join([*furniture, ""]) + text if furniture else text
    return [file_submission(path, NAME, parsed, text=document)]


UNREADABLE_SHARE = 0.1
"""The share of a PDF's characters without a text mapping from which its text is not read at all: the answers would be
graded on what is left of them."""


def _check_glyphs(text: str, name: str) -> None:
    """A PDF whose fonts carry no text mapping gives its glyphs as NUL characters (often a Korean, Chinese or Japanese
    text exported without its fonts): a few are shown as "\ufffd", many make the file unreadable, and the teacher is
    told what to ask for."""
    unreadable = text.count("\x00") + text.count("\ufffd")
    letters = sum(1 for c in text if c.isalnum())
    if unreadable and unreadable >= UNREADABLE_SHARE * (unreadable + letters):
        raise UnsupportedFormat(
            f"{name}: {unreadable} characters of this PDF have no text behind them (its fonts were exported "
            "without a text mapping, as often for Korean, Chinese or Japanese) — ask for the file it was made "
            "from (Markdown, Word, notebook) or a PDF exported with its fonts embedded")


def accepts(path: Path, text_head: str) -> float:
    try:
        with path.open("rb") as handle:
            if handle.read(5) == b"%PDF-":
                return 1.0
    except OSError:
        return 0.0
    return 0.3 if path.suffix.lower() in EXTENSIONS else 0.0
