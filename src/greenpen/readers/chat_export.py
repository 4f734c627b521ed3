"""A messaging app's own JSON export: Slack (a channel's day file, a list of messages with `user_name` or
`user_profile`), Discord (DiscordChatExporter: `{"messages": [{"author": {"name": …}, "content": …}]}`) and Telegram
Desktop (`{"messages": [{"from": …, "text": …}]}`, the text a string or a list of pieces).

Each message becomes a message of the chat, its sender's name and its lines, and the chat is then read as a copied
messaging log is (`messages.submissions`): the learner who posts the answers is the submission, and a classmate's
"thx, same as mine" is shown as no one's answer. Slack's own markup is turned into the Markdown the rest of greenpen
reads: "```code```" becomes a fenced block, `<https://…|label>` its label, `<@U04…>` the member's name, `&lt;` "<".
The app's own notices (someone joined the channel, a pinned message) are no one's words and are left out.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import SourceLine, Submission
from ..errors import UnsupportedFormat
from .base import clean_name, read_text
from .messages import submissions

NAME = "chat_export"
EXTENSIONS: tuple[str, ...] = (".json",)

_TEXT_KEY = re.compile(r'"(?:text|content)"\s*:')
_SENDER_KEY = re.compile(r'"(?:user_name|user_profile|username|user|author|from)"\s*:')


def accepts(path: Path, text_head: str) -> float:
    """A JSON file whose first records carry a message's text and its sender."""
    head = text_head.lstrip("\ufeff \t\r\n")
    if not head.startswith(("[", "{")) or '"cells"' in head[:2000]:
        return 0.0
    return 0.95 if _TEXT_KEY.search(head) and _SENDER_KEY.search(head) else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    raw = read_text(path)
    name = clean_name(path.name)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise UnsupportedFormat(f"{name}: this JSON file is damaged ({exc.args[0] if exc.args else exc}) — export "
                                "the chat again from the app") from exc
    records = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(records, list) or not any(isinstance(r, dict) for r in records):
        raise UnsupportedFormat(f"{name}: this JSON file holds no chat messages — greenpen reads a Slack, Discord "
                                "or Telegram export, or give the answers as Markdown, text or CSV")
    names = _member_names(records)
    messages: list[tuple[str, list[SourceLine]]] = [("", [])]
    place = (0, 1)
    for record in records:
        if not isinstance(record, dict) or _notice(record):
            continue
        text = _slack_markup(_text(record), names)
        if not text.strip():
            continue
        place = _found(raw, record.get("text", record.get("content")), place)
        line = place[1]
        messages.append((_sender(record), [SourceLine(piece, line) for piece in text.split("\n")]))
    if len(messages) == 1:
        raise UnsupportedFormat(f"{name}: no message with text was found in this export — check you exported the "
                                "channel or chat that holds the answers")
    return submissions(path, messages, hints, fmt=NAME)


def _found(raw: str, value: Any, after: tuple[int, int]) -> tuple[int, int]:
    """Where in the file (offset, line) a message's text is written, searching on from the last message's: each
    line of the chat shows the line of the export it came from. Where it is not found as written (escaped otherwise,
    or a list of pieces), the last message's place."""
    start, line = after
    for ascii_only in (False, True):
        written = json.dumps(value, ensure_ascii=ascii_only) if isinstance(value, str) else ""
        at = raw.find(written, start) if written else -1
        if at >= 0:
            return at + len(written), line + raw.count("\n", start, at)
    return after


_NOTICES = {"channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "pinned_item",
            "bot_add", "bot_remove", "group_join", "group_leave", "service"}
"""Slack's subtypes and Telegram's type for the app's own lines: someone joined, a topic was set."""


def _notice(record: dict[str, Any]) -> bool:
    return bool({record.get("subtype"), record.get("type")} & _NOTICES)


def _sender(record: dict[str, Any]) -> str:
    profile: dict[str, Any] = record["user_profile"] if isinstance(record.get("user_profile"), dict) else {}
    author: dict[str, Any] = record["author"] if isinstance(record.get("author"), dict) else {}
    for value in (profile.get("real_name"), profile.get("display_name"), record.get("user_name"),
                  record.get("username"), author.get("nickname"), author.get("name"), record.get("author"),
                  record.get("from"), profile.get("name"), record.get("user")):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "someone"


def _text(record: dict[str, Any]) -> str:
    value = record.get("text", record.get("content", ""))
    if isinstance(value, list):  # Telegram: plain strings and {"type": "bold", "text": …} pieces
        return "".join(piece if isinstance(piece, str) else str(piece.get("text", ""))
                       for piece in value if isinstance(piece, (str, dict)))
    return value if isinstance(value, str) else ""


def _member_names(records: Sequence[Any]) -> dict[str, str]:
    """Slack's member ids with the name each one goes by in this export, for the mentions ("<@U04M8RAO2>")."""
    return {r["user"]: _sender(r) for r in records if isinstance(r, dict) and isinstance(r.get("user"), str)}


_FENCE = re.compile(r"```(.*?)```", re.DOTALL)
_LINK = re.compile(r"<((?:https?|mailto):[^<>|]+)(?:\|([^<>]+))?>")
_MENTION = re.compile(r"<@(\w+)(?:\|([^<>]+))?>")
_CHANNEL = re.compile(r"<#\w+\|([^<>]+)>|<!(here|channel|everyone)>")


def _slack_markup(text: str, names: dict[str, str]) -> str:
    """Slack's message markup as Markdown: a code block on lines of its own, links and mentions by what they show.
    Other exports' text, already Markdown, passes through unchanged (it has none of Slack's angle brackets)."""
    text = _FENCE.sub(lambda m: f"\n```\n{m.group(1).strip(chr(10))}\n```\n", text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _MENTION.sub(lambda m: "@" + (m.group(2) or names.get(m.group(1), m.group(1))), text)
    text = _CHANNEL.sub(lambda m: "#" + m.group(1) if m.group(1) else "@" + m.group(2), text)
    return html.unescape(text).strip("\n")
