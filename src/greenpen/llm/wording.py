"""Smoother prose for the deterministic feedback, behind a guard that keeps the findings true.

`rephrase` asks the model to rewrite one feedback text; `guard` checks the rewrite against
the original and the judgement, and any objection falls back to the original. It rejects:

- `verdict`: the verdict words ("correct", "wrong", "not complete", "excellent", …) differ from
  the original's — one added or one dropped — or a mark or number the original does not hold;
- `praise`: a praising sentence about something the original does not praise (its content
  words must come from the original's praising sentences, the quotes of the student's
  words, or the key points the findings hold);
- `correction`: a misconception's correction, a code term in backticks, or a hint whose key
  terms do not survive (70 % of a correction's content words must);
- `quote`: a quotation of the student is dropped or altered, or a new one is made up (a quote
  must be the student's exact words);
- `length`: longer than 1.3× the original (+ 40 characters), or shorter than 60 % of it;
- `leak`: the prompt's markers, a nonce, or talk about being a model / instructions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import lang
from ..domain import Judgement, Question
from ..textutil import content_tokens, fold, sentences
from .backend import LLMClient, Request
from .prompts import wording_messages

MAX_RATIO = 1.3
MIN_RATIO = 0.6
KEEP_SHARE = 0.7
PRAISE_SHARE = 0.6

VERDICT_WORDS: dict[str, re.Pattern[str]] = {
    verdict: re.compile("|".join(patterns)) for verdict, patterns in lang.VERDICT_WORDS_EN.items()
}
PRAISE = re.compile(r"\b(?:" + "|".join(lang.PRAISE_WORDS_EN) + r")\b", re.IGNORECASE)
LEAK = re.compile(r"<<<|>>>|\b[0-9a-f]{16}\b|" + "|".join(lang.MODEL_TALK_EN), re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*%?")
CODE = re.compile(r"`([^`]+)`")
QUOTE = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
PRAISE_NEUTRAL = frozenset(content_tokens(" ".join(lang.PRAISE_NEUTRAL_EN)))
REPLY_LABEL = re.compile(r"^(?:" + "|".join(lang.REPLY_LABELS_EN) + r")\s*:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Rewrite:
    """The text to use and why: `accepted` False means `text` is the original."""

    text: str
    accepted: bool
    reasons: tuple[str, ...] = ()
    candidate: str = ""


def _norm(text: str) -> str:
    return " ".join(fold(text).replace("’", "'").split())


def _verdict_classes(text: str) -> set[str]:
    folded = fold(text)
    return {name for name, rx in VERDICT_WORDS.items() if rx.search(folded)}


def _praise_tokens(text: str) -> set[str]:
    return {t for s in sentences(text) if PRAISE.search(s.text) for t in content_tokens(s.text)}


def must_keep(original: str, judgement: Judgement, question: Question | None = None) -> list[str]:
    """What a rewrite must carry over: corrections, code terms, the hints the original gives."""
    keep = [f.detail for f in judgement.findings if f.kind == "misconception" and f.detail]
    keep += CODE.findall(original)
    if question is not None:
        hints = {kp.id: kp.hint for kp in question.key_points if kp.hint}
        keep += [hints[f.id] for f in judgement.findings if f.kind == "missed_point" and f.id in hints
                 and fold(hints[f.id])[:40] in fold(original)]
    return keep


def _survives(term: str, rewrite: str, rewrite_tokens: set[str]) -> bool:
    if CODE.fullmatch(f"`{term}`") and term in rewrite:
        return True
    wanted = content_tokens(term)
    if not wanted:
        return fold(term) in fold(rewrite)
    return len(wanted & rewrite_tokens) / len(wanted) >= KEEP_SHARE


def guard(original: str, rewrite: str, judgement: Judgement, question: Question | None = None) -> list[str]:
    """Why `rewrite` may not replace `original` (empty: it may). See the module docstring."""
    reasons: list[str] = []
    text = rewrite.strip()
    if not text:
        return ["length: the rewrite is empty"]
    if len(text) > MAX_RATIO * len(original) + 40:
        reasons.append(f"length: {len(text)} characters for {len(original)}")
    elif len(text) < MIN_RATIO * len(original):
        reasons.append(f"length: only {len(text)} characters for {len(original)}")
    was, now = _verdict_classes(original), _verdict_classes(text)
    if now - was:
        reasons.append(f"verdict: says {', '.join(sorted(now - was))} where the original does not "
                       f"(verdict {judgement.verdict})")
    if was - now:
        reasons.append(f"verdict: drops the original's {', '.join(sorted(was - now))} "
                       f"(verdict {judgement.verdict})")
    quotes = [_norm(q) for q in QUOTE.findall(original)]
    kept = _norm(text)
    lost = [q for q in quotes if q not in kept]
    if lost:
        reasons.append(f'quote: the student\'s words "{lost[0][:60]}" are dropped or altered')
    made_up = [q for q in QUOTE.findall(text) if not any(_norm(q) in o for o in quotes)]
    if made_up:
        reasons.append(f'quote: "{made_up[0][:60]}" is not a quotation of the student')
    new_numbers = {n.strip() for n in NUMBER.findall(text)} - {n.strip() for n in NUMBER.findall(original)}
    if new_numbers:
        reasons.append(f"verdict: adds marks or numbers ({', '.join(sorted(new_numbers))})")
    allowed = _praise_tokens(original) | PRAISE_NEUTRAL
    allowed |= {t for q in QUOTE.findall(original) for t in content_tokens(q)}
    allowed |= {t for f in judgement.findings if f.kind == "key_point" for t in content_tokens(f.detail)}
    for s in sentences(text):
        if not PRAISE.search(s.text) or not _verdict_allows_praise(s.text, original):
            continue
        words = content_tokens(s.text)
        if words and len(words & allowed) / len(words) < PRAISE_SHARE:
            reasons.append(f'praise: "{s.text[:80]}" praises what the findings do not hold')
            break
    rewrite_tokens = content_tokens(text)
    for term in must_keep(original, judgement, question):
        if not _survives(term, text, rewrite_tokens):
            reasons.append(f'correction: "{term[:80]}" does not survive')
    if LEAK.search(text) and not LEAK.search(original):
        reasons.append("leak: the rewrite talks about the prompt, the model or its instructions")
    return reasons


def _verdict_allows_praise(sentence: str, original: str) -> bool:
    """A praising sentence is checked unless the original has the very same sentence."""
    return fold(sentence.strip()) not in fold(original)


def max_words(original: str) -> int:
    return int(len(original.split()) * 1.2) + 5


def request_for(client: LLMClient, original: str, keep: Sequence[str]) -> Request:
    budget = int(len(original) * MAX_RATIO / 3) + 40
    return client.chat_request(wording_messages(original, max_words=max_words(original), keep=keep),
                               max_tokens=budget)


def clean(reply: str) -> str:
    """The model's reply without wrapping quotes, code fences or a label line."""
    text = reply.strip().strip("`").strip()
    text = REPLY_LABEL.sub("", text)
    if len(text) > 1 and text[0] in "\"“" and text[-1] in "\"”":
        text = text[1:-1].strip()
    return text


def rephrase(client: LLMClient, original: str, judgement: Judgement,
             question: Question | None = None) -> Rewrite:
    """One rewrite, guarded; the original when the guard objects or the model fails."""
    return rephrase_many(client, [(original, judgement, question)])[0]


def rephrase_many(client: LLMClient,
                  items: Sequence[tuple[str, Judgement, Question | None]]) -> list[Rewrite]:
    todo = [i for i, (orig, _, _) in enumerate(items) if orig.strip()]
    requests = [request_for(client, items[i][0], must_keep(*items[i])) for i in todo]
    replies = client.send_all(requests)
    out = [Rewrite(orig, False, ("empty: nothing to rephrase",)) for orig, _, _ in items]
    for i, reply in zip(todo, replies, strict=True):
        original, judgement, question = items[i]
        candidate = clean(reply.text)
        reasons = guard(original, candidate, judgement, question)
        out[i] = Rewrite(original, False, tuple(reasons), candidate) if reasons else \
            Rewrite(candidate, True, (), candidate)
    return out
