"""Chat transcripts as (prompt, reply) turns, from the formats students bring.

    Markdown: the `_Prompt_:` export of the sample, `**You:**` / `**ChatGPT:**`,
              `## User` / `## Assistant`, … (read by `readers.chat`)
    JSON:     ChatGPT `conversations.json` (a conversation's `mapping` of message nodes, or
              a plain `messages` list) and Claude exports (`chat_messages` with `sender`
              and `text`, or `content` blocks)

A JSON file holding several conversations gives the turns of all of them, in order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..readers import chat
from ..readers.base import read_text

USER_ROLES = frozenset({"user", "human"})
ASSISTANT_ROLES = frozenset({"assistant", "model", "bot", "ai", "chatgpt", "claude"})


@dataclass(frozen=True)
class Turn:
    """One question of the user and the assistant's reply to it."""

    prompt: str
    reply: str
    conversation: str = ""


@dataclass(frozen=True)
class Transcript:
    source: str
    format: str
    turns: tuple[Turn, ...]


def read_transcript(path: Path) -> Transcript:
    """Read a transcript file (Markdown/text or a JSON export)."""
    text = read_text(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        return parse_json(text, str(path))
    return parse_markdown(text, str(path))


def parse_markdown(text: str, source: str = "") -> Transcript:
    parsed = chat.parse(text)
    turns = tuple(Turn(item.label, item.text) for item in parsed.items if item.text.strip())
    if not turns:
        raise InputError(
            f"{source or 'transcript'}: no chat turns found — mark each user turn with `_Prompt_:`, "
            "`**You:**` or `## User` and each reply with `**ChatGPT:**` or `## Assistant`, "
            "or give a JSON export"
        )
    return Transcript(source, "chat-markdown", turns)


def parse_json(text: str, source: str = "") -> Transcript:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source or 'transcript'}: not valid JSON ({exc.msg}, line {exc.lineno}) — "
                         "give the conversations.json of the export, unchanged") from None
    conversations = data if isinstance(data, list) else [data]
    turns: list[Turn] = []
    kinds: set[str] = set()
    for conv in conversations:
        if not isinstance(conv, dict):
            continue
        title = str(conv.get("title") or conv.get("name") or "")
        kind, messages = _messages(conv)
        if kind:
            kinds.add(kind)
        turns += _pair(messages, title)
    if not turns:
        raise InputError(
            f"{source or 'transcript'}: no user/assistant messages found in this JSON — give a ChatGPT "
            "conversations.json or a Claude export (chat_messages), or paste the chat as Markdown"
        )
    fmt = kinds.pop() if len(kinds) == 1 else "chat-json"
    return Transcript(source, fmt, tuple(turns))


def _messages(conv: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """(format, [(role, text)…]) of one conversation."""
    if isinstance(conv.get("mapping"), dict):
        return "chatgpt-json", list(_chatgpt_mapping(conv))
    if isinstance(conv.get("chat_messages"), list):
        out = []
        for message in conv["chat_messages"]:
            if isinstance(message, dict):
                out.append((str(message.get("sender", "")).lower(), _text_of(message)))
        return "claude-json", out
    if isinstance(conv.get("messages"), list):
        out = []
        for message in conv["messages"]:
            if isinstance(message, dict):
                author = message.get("author") or {}
                role = message.get("role") or message.get("sender") or author.get("role")
                out.append((str(role or "").lower(), _text_of(message)))
        return "chat-json", out
    return "", []


def _chatgpt_mapping(conv: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The messages of a ChatGPT conversation, following `current_node` back to the root."""
    mapping: dict[str, Any] = conv["mapping"]
    node_id = conv.get("current_node")
    chain: list[dict[str, Any]] = []
    if node_id in mapping:
        seen: set[str] = set()
        while node_id in mapping and node_id not in seen:
            seen.add(node_id)
            node = mapping[node_id]
            chain.append(node)
            node_id = node.get("parent")
        chain.reverse()
    else:  # no current node: take the nodes in time order
        chain = sorted((n for n in mapping.values() if isinstance(n, dict)),
                       key=lambda n: float((n.get("message") or {}).get("create_time") or 0))
    for node in chain:
        message = node.get("message")
        if isinstance(message, dict):
            role = str((message.get("author") or {}).get("role", "")).lower()
            yield role, _text_of(message)


def _text_of(message: dict[str, Any]) -> str:
    """The text of a message in any of the export shapes (`text`, `content.parts`, content blocks)."""
    if isinstance(message.get("text"), str) and message["text"].strip():
        return str(message["text"]).strip()
    content = message.get("content")
    if isinstance(content, str):
        return content.strip()
    parts: list[Any] = []
    if isinstance(content, dict):
        parts = list(content.get("parts") or [])
        if not parts and isinstance(content.get("text"), str):
            parts = [content["text"]]
    elif isinstance(content, list):
        parts = content
    texts = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict) and part.get("type", "text") == "text":
            texts.append(str(part.get("text") or ""))
    return "\n\n".join(t.strip() for t in texts if t.strip())


def _pair(messages: list[tuple[str, str]], conversation: str) -> list[Turn]:
    """Pair each user message with the assistant messages that follow it."""
    turns: list[Turn] = []
    prompt: str | None = None
    replies: list[str] = []
    for role, text in messages:
        if not text:
            continue
        if role in USER_ROLES:
            if prompt is not None and replies:
                turns.append(Turn(prompt, "\n\n".join(replies), conversation))
            prompt, replies = text, []
        elif role in ASSISTANT_ROLES and prompt is not None:
            replies.append(text)
    if prompt is not None and replies:
        turns.append(Turn(prompt, "\n\n".join(replies), conversation))
    return turns
