"""An e-mail saved as a file (.eml: "Save as" in Thunderbird, Apple Mail or Outlook, a message forwarded as an
attachment), read with Python's `email` package.

The message's own text is read: its plain-text part, or its HTML part as a web page is read when it has no plain one,
quoted-printable and base64 decoded. Its sender, subject and date are kept as the first lines, so the report shows who
sent it and the sender's name can be the student's ("From: Lucía Fernández <lucia@…>"). The rest is read as any text
file is: the answers under their questions or numbers, a signature and the teacher's message quoted under the reply
set aside (see `answer_ends.quoted_reply`). An attachment of text (a `.md` or `.txt` file: "Questions 9 to 14 are in
the attached file") is read as more of the reply, under its name, before the quoted message; any other attachment is
named at the top, not read: the teacher saves it and grades it as a file of its own.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from ..domain import Submission
from ..line_shapes import CLOSING_REMARK, QUOTED_REPLY
from ..textutil import fold
from .base import clean_name, decode_bytes, escape_hashes, file_submission, opening, parse_extracted
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
        attached, unread = _attachments(message)
        reply, quoted = _split_quoted(_body(message))
        if attached:  # the attached answers go on from the reply's, before its sign-off ("Best regards, Gustavo")
            reply, signed = _signed_off(reply)
            attached = [*attached, *(["", signed] if signed else [])]
        text = "\n".join([*_headers(message), *unread, "", reply, *attached, *(["", quoted] if quoted else [])])
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


def _attachments(message: EmailMessage) -> tuple[list[str], list[str]]:
    """(the text of each attached text file; a note naming each attachment, read or not)."""
    attached: list[str] = []
    unread: list[str] = []
    for part in message.iter_attachments():
        name = str(part.get_filename() or "")
        if not name:
            continue
        text = _text_of(part) if name.casefold().endswith(TEXT_ATTACHMENTS) else None
        if text is None:
            unread.append(f"(attached to the e-mail, not read here: {name} — save it and grade it as a file)")
        else:  # said at the top: a line of its own between two answers would be read as part of the first
            unread.append(f"(attached to the e-mail and read after the reply: {name})")
            attached += ["", text.strip()]
    return attached, unread


TEXT_ATTACHMENTS = (".md", ".markdown", ".txt")
"""Attachments read as more of the reply: text a student attaches instead of pasting it."""


def _text_of(part: EmailMessage) -> str | None:
    try:
        content = part.get_content()
    except (LookupError, ValueError, UnicodeError):
        return None
    if isinstance(content, bytes):
        content = decode_bytes(content)  # as a file of its own is read: UTF-8, UTF-16 with a BOM, else cp1252
    return content.replace("\r\n", "\n") if isinstance(content, str) else None


SIGN_OFF_LINES = 8
"""The most lines (blank ones too) of a reply's sign-off: a closing, a name, a title, "Sent from my iPhone"."""


def _signed_off(reply: str) -> tuple[str, str]:
    """The reply and its sign-off: from a closing remark ("Best regards,", "Thanks!") among its last few lines."""
    lines = reply.rstrip().split("\n")
    for k in range(max(0, len(lines) - SIGN_OFF_LINES), len(lines)):
        if (k == 0 or not lines[k - 1].strip()) and CLOSING_REMARK.match(fold(lines[k].strip(" *_>-—–"))):
            return "\n".join(lines[:k]).rstrip(), "\n".join(lines[k:])
    return reply, ""


def _split_quoted(body: str) -> tuple[str, str]:
    """The reply and the message it quotes below it ("On Mon, … wrote:" over "> …"), so that what is attached reads
    as more of the reply, not as more of the quote."""
    lines = body.replace("\r\n", "\n").split("\n")
    start = next((k for k, line in enumerate(lines) if QUOTED_REPLY.match(line)), None)
    if start is None or start == 0:
        return body, ""
    return "\n".join(lines[:start]).rstrip(), "\n".join(lines[start:])
