"""An e-mail saved as a file (.eml: "Save as" in Thunderbird, Apple Mail or Outlook, a message forwarded as an
attachment), read with Python's `email` package.

The message's own text is read: its plain-text part, or its HTML part as a web page is read when it has no plain one,
quoted-printable and base64 decoded. Its sender, subject and date are kept as the first lines, so the report shows who
sent it and the sender's name can be the student's ("From: Lucía Fernández <lucia@…>"). The rest is read as any text
file is: the answers under their questions or numbers, a signature and the teacher's message quoted under the reply
set aside (see `answer_ends.quoted_reply`). Attachments are named, not read: the teacher saves them and grades them
as files of their own.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from ..domain import Submission
from .base import clean_name, escape_hashes, file_submission, opening, parse_extracted
from .html import html_to_text
from .limits import check_text

NAME = "email"
EXTENSIONS: tuple[str, ...] = (".eml",)
HEADERS = ("From", "Subject", "Date")
"""The headers kept as the first lines of the text."""


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.casefold() == ".eml":
        return 1.0
    head = text_head.lstrip()[:2000].casefold()
    return 0.9 if "mime-version:" in head and "content-type:" in head and "\nfrom:" in "\n" + head else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    name = clean_name(path.name)
    with opening(name, "e-mail file", "open it in your mail program and save the message again, or copy its text "
                                      "into a .txt file"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        text = "\n".join([*_headers(message), "", _body(message), *_attachments(message)])
    text = check_text(escape_hashes(text.replace("\r\n", "\n").replace("\r", "\n")), name)
    return [file_submission(path, NAME, parse_extracted(text, hints), text=text)]


def _headers(message: EmailMessage) -> list[str]:
    return [f"{key}: {value}" for key in HEADERS if (value := str(message.get(key, "") or "").strip())]


def _body(message: EmailMessage) -> str:
    """The message's text: its plain part, else its HTML part as text (as Markdown writes it)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = str(part.get_content())
    return html_to_text(content, markdown=True) if part.get_content_type() == "text/html" else content


def _attachments(message: EmailMessage) -> list[str]:
    names = [str(part.get_filename()) for part in message.iter_attachments() if part.get_filename()]
    return ["", *(f"(attached to the e-mail, not read here: {n} — save it and grade it as a file)" for n in names)] \
        if names else []
