"""Yes/no scorers for the second reader: P(yes) / (P(yes) + P(no)) read from the model's
next-token distribution, never from generated text.

    scorer = LlamaScorer(path)              # the bundled GGUF, in this process (llama-cpp-python)
    scorer = EndpointScorer(settings)       # any OpenAI-compatible endpoint (top log-probabilities)
    ps = scorer.score(system, prefix, [suffix1, suffix2, …])

Every prompt is `system` + a user turn `prefix + suffix`. All suffixes of one call share the
prefix (for the second reader: the instructions, question, reference and key points of one
question), so `LlamaScorer` evaluates the prefix once and, for each answer, only the
answer's own tokens on top of it (llama.cpp's KV cache keeps the prefix). An endpoint gets
the same messages one by one, in order, so a llama.cpp server reuses the prefix as well.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ..errors import ModelError
from .backend import LLMClient, p_yes
from .settings import LLMSettings

YES_WORDS = ("yes", "Yes", "YES", " yes", " Yes")
NO_WORDS = ("no", "No", "NO", " no", " No")
SYSTEM_OPEN = "<|im_start|>system\n"
USER_OPEN = "<|im_end|>\n<|im_start|>user\n"
ASSISTANT = "<|im_end|>\n<|im_start|>assistant\n"
"""Qwen2.5's chat template (ChatML), split where the user's turn begins so a prefix can end inside it.
Only these pieces are tokenized with special tokens: the system text, the prefix and every answer
are tokenized as plain text, so a student who writes `<|im_end|>` writes characters, not a turn."""


class Scorer(Protocol):
    identity: str
    """What answers: a model file's hash or an endpoint and model (part of every cache key)."""

    def score(self, system: str, prefix: str, suffixes: Sequence[str]) -> list[float | None]: ...

    def close(self) -> None: ...


def yes_share(logits: Any, yes_ids: Sequence[int], no_ids: Sequence[int]) -> float:
    """P(yes) / (P(yes) + P(no)) from one position's logits (softmax over the whole vocabulary
    cancels out: only the yes and no tokens' logits matter)."""
    ys = [float(logits[i]) for i in yes_ids]
    ns = [float(logits[i]) for i in no_ids]
    top = max(ys + ns)
    y = sum(math.exp(v - top) for v in ys)
    n = sum(math.exp(v - top) for v in ns)
    return y / (y + n)


def busy_threads(cpus: int | None = None, load: float | None = None) -> int:
    """Threads for llama.cpp: every core on a quiet machine (at most 4), one when the machine is
    already busy. llama.cpp's threads wait for each other at every layer, so on 2 shared cores
    under load 6 two threads read an answer in 13 s and one thread in 7 s (measured here)."""
    cpus = cpus or os.cpu_count() or 1
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:
            load = 0.0
    return 1 if load >= cpus - 0.5 else max(1, min(cpus, 4))


class LlamaScorer:
    """A GGUF model loaded in this process with llama-cpp-python; loaded on first use, freed by close()."""

    def __init__(self, path: Path, *, identity: str, threads: int | None = None, n_ctx: int = 2048) -> None:
        self.path = path
        self.identity = identity
        self.threads = threads or busy_threads()
        self.n_ctx = n_ctx
        self._llm: Any = None
        self._ids: tuple[list[int], list[int]] = ([], [])

    def _load(self) -> Any:
        if self._llm is not None:
            return self._llm
        try:
            from llama_cpp import Llama
        except ImportError:
            raise ModelError("the local judge needs llama-cpp-python — run scripts/install-judge.sh "
                             "(or `make judge-model`; it compiles llama.cpp once, about 7 minutes)") from None
        self._llm = Llama(model_path=str(self.path), n_ctx=self.n_ctx, n_threads=self.threads,
                          n_threads_batch=self.threads, n_batch=512, seed=42, verbose=False)
        single = {w: self._llm.tokenize(w.encode(), add_bos=False, special=False) for w in YES_WORDS + NO_WORDS}
        yes = sorted({t[0] for w, t in single.items() if w in YES_WORDS and len(t) == 1})
        no = sorted({t[0] for w, t in single.items() if w in NO_WORDS and len(t) == 1})
        if not yes or not no:
            raise ModelError(f"{self.path.name}: the model has no single token for yes/no — not a judge model")
        self._ids = (yes, no)
        return self._llm

    def _tokens(self, text: str, *, special: bool = False) -> list[int]:
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=special))

    def head_tokens(self, system: str, prefix: str) -> list[int]:
        self._load()
        return (self._tokens(SYSTEM_OPEN, special=True) + self._tokens(system)
                + self._tokens(USER_OPEN, special=True) + self._tokens(prefix))

    def tail_tokens(self, suffix: str) -> list[int]:
        self._load()
        return self._tokens(suffix) + self._tokens(ASSISTANT, special=True)

    def score(self, system: str, prefix: str, suffixes: Sequence[str]) -> list[float | None]:
        import numpy as np

        llm = self._load()
        head = self.head_tokens(system, prefix)
        if len(head) + 8 >= self.n_ctx:
            raise ModelError(f"the question's rubric is too long for the judge ({len(head)} tokens; "
                             f"the context holds {self.n_ctx})")
        if llm.n_tokens < len(head) or list(llm.input_ids[: len(head)]) != head:
            llm.reset()
            llm.eval(head)
        out: list[float | None] = []
        for suffix in suffixes:
            tail = self.tail_tokens(suffix)
            room = self.n_ctx - len(head) - 1
            if len(tail) > room:  # keep the end: the task and the assistant turn
                tail = tail[: room // 2] + tail[len(tail) - (room - room // 2):]
            llm.n_tokens = len(head)  # drop the previous answer; eval() clears its KV cells
            llm.eval(tail)
            logits = np.ctypeslib.as_array(llm._ctx.get_logits_ith(-1), shape=(llm.n_vocab(),))
            out.append(yes_share(logits, *self._ids))
        return out

    def close(self) -> None:
        if self._llm is not None:
            close = getattr(self._llm, "close", None)
            if close is not None:
                close()
            self._llm = None


class EndpointScorer:
    """Any OpenAI-compatible endpoint: the same messages, one token, the top log-probabilities."""

    def __init__(self, settings: LLMSettings) -> None:
        self.client = LLMClient(settings, use_cache=False)  # the second reader caches P(yes) itself
        self.identity = f"{settings.base_url}|{settings.model}"

    def score(self, system: str, prefix: str, suffixes: Sequence[str]) -> list[float | None]:
        requests = [self.client.chat_request([{"role": "system", "content": system},
                                              {"role": "user", "content": prefix + s}],
                                             max_tokens=1, top_logprobs=20) for s in suffixes]
        return [p_yes(c.top_logprobs) for c in self.client.send_all(requests)]

    def close(self) -> None:
        self.client.close()
