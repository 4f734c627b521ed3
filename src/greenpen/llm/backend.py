"""One client for any OpenAI-compatible endpoint: llama.cpp's server, Ollama, vLLM, a hosted API.

    client = LLMClient(LLMSettings.from_env(os.environ))
    reply = client.send(client.chat_request(messages, max_tokens=1, top_logprobs=10))
    p = p_yes(reply.top_logprobs)

Requests are built first (`chat_request`, `completion_request`) so a batch can be
estimated (`estimate`: requests, tokens, time, cost; cache hits are free) before any is
sent. Every request is deterministic (temperature 0 and a seed) and answered from the
on-disk cache when the same request was sent before. Sending retries connection errors,
timeouts, 429 and 5xx with exponential backoff; at most `concurrency` requests are in
flight at once. Standard library only (urllib, sqlite3).

    ModelError (greenpen.errors)
    └── LLMError               the language model could not be used
        ├── LLMNotConfigured   no URL configured: nothing is sent
        ├── LLMUnavailable     the endpoint did not answer (after the retries)
        └── LLMResponseError   the endpoint answered with an error or something unreadable
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ModelError
from .settings import LLMSettings

T = TypeVar("T")
R = TypeVar("R")

RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 30.0
YES = frozenset({"yes", "y", "sim", "true"})
NO = frozenset({"no", "n", "não", "nao", "false"})

Alternatives = tuple[tuple[str, float], ...]
"""The top tokens at one position with their log-probabilities."""


class LLMError(ModelError):
    """The language model could not be used."""


class LLMNotConfigured(LLMError):
    def __init__(self, what: str = "this") -> None:
        super().__init__(f"{what} needs a language model, and none is configured — set GREENPEN_LLM_URL "
                         "(e.g. http://127.0.0.1:8080/v1) and GREENPEN_LLM_MODEL, or add an [llm] table "
                         "to settings.toml in your greenpen folder")


class LLMUnavailable(LLMError):
    """The endpoint did not answer."""


class LLMResponseError(LLMError):
    """The endpoint answered with an error or with something that is not a completion."""


@dataclass(frozen=True)
class Request:
    """One request, ready to send: `path` below /v1 and the JSON body."""

    path: str
    body: Mapping[str, Any]

    def prompt_chars(self) -> int:
        if "messages" in self.body:
            return sum(len(str(m.get("content", ""))) for m in self.body["messages"])
        return len(str(self.body.get("prompt", "")))

    @property
    def max_tokens(self) -> int:
        return int(self.body.get("max_tokens", 16))


@dataclass(frozen=True)
class Completion:
    """What came back: the text and, when asked for, the top log-probabilities per token."""

    text: str
    top_logprobs: tuple[Alternatives, ...] = ()
    model: str = ""
    cached: bool = False


@dataclass(frozen=True)
class Estimate:
    """What a batch of requests will cost before it is sent."""

    requests: int
    cached: int
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    cost: float

    def describe(self) -> str:
        to_send = self.requests - self.cached
        money = f", about ${self.cost:.2f}" if self.cost > 0 else ""
        return (f"{to_send} language-model request{'s' * (to_send != 1)} to send ({self.cached} cached), "
                f"~{self.prompt_tokens + self.completion_tokens:,} tokens, about {_duration(self.seconds)}"
                f"{money}")


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"


@dataclass
class Stats:
    sent: int = 0
    cache_hits: int = 0
    retries: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: float) -> None:
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


class Cache:
    """Responses on disk (one SQLite file), keyed by a hash of the request; safe across threads."""

    def __init__(self, folder: str | Path) -> None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        self.path = Path(folder) / "responses.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS responses "
                             "(key TEXT PRIMARY KEY, body TEXT NOT NULL)")

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, body: Mapping[str, Any]) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?)", (key, json.dumps(body)))

    def close(self) -> None:
        with self._lock:
            self._db.close()


class LLMClient:
    """Talks to one endpoint; see the module docstring. Refuses to exist without a URL."""

    def __init__(self, settings: LLMSettings, *, cache: Cache | None = None, use_cache: bool = True,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if not settings.configured:
            raise LLMNotConfigured()
        self.settings = settings
        self.cache = cache if cache is not None else (
            Cache(settings.cache_dir) if use_cache and settings.cache_dir else None)
        self.stats = Stats()
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max(1, settings.concurrency))

    # ─── building requests ──────────────────────────────────────────────────

    def _common(self, max_tokens: int, stop: Sequence[str]) -> dict[str, Any]:
        body: dict[str, Any] = {"temperature": 0, "seed": self.settings.seed, "max_tokens": max_tokens}
        if self.settings.model:
            body["model"] = self.settings.model
        if stop:
            body["stop"] = list(stop)
        return body

    def chat_request(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int = 256,
                     top_logprobs: int = 0, stop: Sequence[str] = ()) -> Request:
        body = self._common(max_tokens, stop)
        body["messages"] = [dict(m) for m in messages]
        if top_logprobs:
            body["logprobs"] = True
            body["top_logprobs"] = top_logprobs
        return Request("/chat/completions", body)

    def completion_request(self, prompt: str, *, max_tokens: int = 16, top_logprobs: int = 0,
                           stop: Sequence[str] = ()) -> Request:
        body = self._common(max_tokens, stop)
        body["prompt"] = prompt
        if top_logprobs:
            body["logprobs"] = top_logprobs
        return Request("/completions", body)

    # ─── sending ────────────────────────────────────────────────────────────

    def cache_key(self, request: Request) -> str:
        blob = json.dumps({"url": self.settings.base_url, "path": request.path, "body": request.body},
                          sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()

    def send(self, request: Request) -> Completion:
        """The completion for `request`: from the cache, or from the endpoint (with retries)."""
        key = self.cache_key(request)
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            self.stats.add(cache_hits=1)
            return parse_completion(hit, cached=True)
        body = self._post(request)
        completion = parse_completion(body)
        if self.cache is not None:
            self.cache.put(key, body)
        return completion

    def send_all(self, requests: Sequence[Request]) -> list[Completion]:
        return self.map(self.send, requests)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """`fn` over `items` in `concurrency` threads, results in order."""
        items = list(items)
        if len(items) <= 1 or self.settings.concurrency <= 1:
            return [fn(i) for i in items]
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            return list(pool.map(fn, items))

    def _post(self, request: Request) -> dict[str, Any]:
        url = self.settings.base_url + request.path
        data = json.dumps(request.body).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.key:
            headers["Authorization"] = f"Bearer {self.settings.key}"
        last = ""
        for attempt in range(self.settings.retries + 1):
            wait = self.settings.backoff * 2**attempt
            try:
                with self._slots:
                    start = time.monotonic()
                    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
                    try:
                        with urllib.request.urlopen(req, timeout=self.settings.timeout) as resp:
                            raw = resp.read()
                    finally:
                        self.stats.add(sent=1, seconds=time.monotonic() - start)
                return _json(raw, url)
            except urllib.error.HTTPError as exc:
                detail = _error_text(exc)
                if exc.code not in RETRY_STATUS:
                    raise LLMResponseError(f"{url} answered HTTP {exc.code}: {detail} — check the URL, the "
                                           "model name (GREENPEN_LLM_MODEL) and the key") from None
                last = f"HTTP {exc.code}: {detail}"
                wait = max(wait, _retry_after(exc))
            except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                timed_out = isinstance(reason, TimeoutError)
                last = "timed out" if timed_out else str(reason) or type(reason).__name__
            if attempt < self.settings.retries:
                self.stats.add(retries=1)
                self._sleep(wait)
        raise LLMUnavailable(f"{url} did not answer after {self.settings.retries + 1} tries ({last}) — is "
                             "the server running? Check GREENPEN_LLM_URL, or raise the timeout in settings")

    # ─── estimating ─────────────────────────────────────────────────────────

    def estimate(self, requests: Sequence[Request]) -> Estimate:
        """Requests, tokens (about 4 characters each), time and cost; cached requests cost nothing."""
        todo = [r for r in requests if self.cache is None or self.cache.get(self.cache_key(r)) is None]
        prompt = sum(math.ceil(r.prompt_chars() / 4) for r in todo)
        completion = sum(r.max_tokens for r in todo)
        s = self.settings
        seconds = prompt / max(s.prompt_tokens_per_second, 1e-6) + completion / max(s.tokens_per_second, 1e-6)
        cost = (prompt + completion) / 1e6 * s.cost_per_million_tokens
        return Estimate(len(requests), len(requests) - len(todo), prompt, completion, seconds, cost)

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def _json(raw: bytes, url: str) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except ValueError:
        raise LLMResponseError(f"{url} did not answer with JSON ({raw[:80]!r}) — is this an "
                               "OpenAI-compatible endpoint? The URL usually ends in /v1") from None
    if not isinstance(body, dict) or not body.get("choices"):
        raise LLMResponseError(f"{url} answered without choices ({str(body)[:120]}) — is this an "
                               "OpenAI-compatible endpoint?")
    return body


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    return " ".join(text.split())[:200] or str(exc.reason)


def _retry_after(exc: urllib.error.HTTPError) -> float:
    try:
        return min(float(exc.headers.get("Retry-After", 0) or 0), MAX_RETRY_AFTER)
    except ValueError:
        return 0.0


# ─── reading responses (pure) ───────────────────────────────────────────────


def parse_completion(body: Mapping[str, Any], *, cached: bool = False) -> Completion:
    """Text and top log-probabilities from a chat or a text completion (both OpenAI layouts)."""
    try:
        choice = body["choices"][0]
    except (KeyError, IndexError, TypeError):
        raise LLMResponseError(f"the endpoint answered without choices ({str(body)[:120]})") from None
    message = choice.get("message")
    text = (message.get("content") or "") if isinstance(message, dict) else (choice.get("text") or "")
    return Completion(str(text), parse_logprobs(choice.get("logprobs")), str(body.get("model", "")), cached)


def parse_logprobs(logprobs: Any) -> tuple[Alternatives, ...]:
    """Per generated token, its alternatives: chat layout (`content[].top_logprobs[]`) or text
    layout (`top_logprobs[]` as {token: logprob} maps); () when there are none."""
    if not isinstance(logprobs, dict):
        return ()
    out: list[Alternatives] = []
    content = logprobs.get("content")
    if isinstance(content, list):
        for item in content:
            if not isinstance(item, dict):
                continue
            alts = [(str(a.get("token", "")), float(a.get("logprob", -math.inf)))
                    for a in item.get("top_logprobs") or [] if isinstance(a, dict)]
            if not alts and "token" in item:
                alts = [(str(item["token"]), float(item.get("logprob", 0.0)))]
            out.append(tuple(alts))
        return tuple(out)
    top = logprobs.get("top_logprobs")
    if isinstance(top, list):
        for position in top:
            if isinstance(position, dict):
                out.append(tuple((str(t), float(lp)) for t, lp in position.items() if lp is not None))
    return tuple(out)


def _word(token: str) -> str:
    return token.strip().strip(".,:;!*\"'`").casefold()


def p_yes(positions: Sequence[Alternatives], *, look: int = 3) -> float | None:
    """P(yes) / (P(yes) + P(no)) at the first of the first `look` positions where either shows
    among the top tokens; None when neither does (the model did not answer yes or no)."""
    for alts in positions[:look]:
        yes = sum(math.exp(lp) for t, lp in alts if _word(t) in YES and lp > -math.inf)
        no = sum(math.exp(lp) for t, lp in alts if _word(t) in NO and lp > -math.inf)
        if yes + no > 0:
            return yes / (yes + no)
    return None
