"""Rich Text Format (.rtf: WordPad, TextEdit, Word's "Rich Text"), read with striprtf (the `rtf` extra).

striprtf turns the RTF into plain text (paragraphs, `\\'e9` and `\\u233?` as their characters, the font and colour
tables and other destinations left out); then the best text parser reads it and alignment finds the questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..domain import Submission
from ..errors import MissingDependency
from .base import clean_name, escape_hashes, file_submission, opening, parse_extracted, read_text
from .limits import check_text

NAME = "rtf"
EXTENSIONS: tuple[str, ...] = (".rtf",)


def accepts(path: Path, text_head: str) -> float:
    return 1.0 if text_head.lstrip().startswith("{\\rtf") else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError as exc:
        raise MissingDependency("reading .rtf files", "rtf") from exc
    name = clean_name(path.name)
    source = read_text(path)
    with opening(name, "RTF file", "open it and save it again, or export it as .docx, PDF or text"):
        plain = str(rtf_to_text(source, errors="replace"))  # type: ignore[no-untyped-call]
    text = check_text(escape_hashes(plain.replace("\r\n", "\n").replace("\r", "\n")), name)
    return [file_submission(path, NAME, parse_extracted(text, hints), text=text)]
