"""Where the language model lives and how to talk to it: `LLMSettings`.

Read from `$GREENPEN_HOME/settings.toml` (table `[llm]`) and then the environment, which
wins: `GREENPEN_LLM_URL`, `GREENPEN_LLM_MODEL`, `GREENPEN_LLM_KEY`. With no URL nothing is
configured and nothing is ever sent. This module only *reads* a mapping it is given; the
CLI passes `os.environ`, so the library never touches the environment on its own.

    [llm]
    url = "http://127.0.0.1:8080/v1"     # llama.cpp server, Ollama (http://localhost:11434/v1), a hosted API
    model = "qwen2.5-coder-0.5b"
    key = ""                             # sent as "Authorization: Bearer …" when set
    timeout = 60                         # seconds per request
    retries = 3
    concurrency = 2
    judge_threshold = 0.75               # second opinion for answers below this confidence
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ModelError

ENV = {"url": "GREENPEN_LLM_URL", "model": "GREENPEN_LLM_MODEL", "key": "GREENPEN_LLM_KEY"}


def greenpen_home(environ: Mapping[str, str]) -> Path:
    """The user folder: `$GREENPEN_HOME`, else `~/.greenpen`."""
    home = environ.get("GREENPEN_HOME")
    return Path(home).expanduser() if home else Path.home() / ".greenpen"


@dataclass(frozen=True)
class LLMSettings:
    """How to reach an OpenAI-compatible endpoint (`url` ends in /v1 or not: both work)."""

    url: str = ""
    model: str = ""
    key: str = ""
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 0.5
    """Seconds before the first retry; doubled each time."""
    concurrency: int = 2
    seed: int = 42
    cache_dir: str = ""
    """Folder of the on-disk cache ("" = no cache); `from_env` puts it under the user folder."""
    judge_threshold: float = 0.75
    judge_weight: float = 0.5
    """How much the model's P(yes) counts against the grader's own strength for a key point."""
    judge_calibrate: bool = True
    """Take out the model's own bias towards "yes": ask each check once more about an empty answer
    and count only P(yes) above that baseline (one extra request per key point, shared by the class)."""
    judge_api: str = "chat"
    """"chat" (/v1/chat/completions with logprobs) or "completions" (/v1/completions)."""
    tokens_per_second: float = 40.0
    """For the time estimate: generation speed (the bundled 0.5B model on 2 cores: ~40)."""
    prompt_tokens_per_second: float = 400.0
    cost_per_million_tokens: float = 0.0
    """For the cost estimate of a hosted API (0 for a local server)."""

    @property
    def configured(self) -> bool:
        return bool(self.url.strip())

    @property
    def base_url(self) -> str:
        """The URL up to and including /v1."""
        url = self.url.strip().rstrip("/")
        for tail in ("/chat/completions", "/completions"):
            if url.endswith(tail):
                url = url[: -len(tail)]
        return url if url.endswith("/v1") else url + "/v1"

    def describe(self) -> str:
        """Which model, where (never the key)."""
        return f"{self.model or 'the default model'} at {self.base_url}" if self.configured else "none"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], settings_file: Path | None = None) -> LLMSettings:
        """Settings from the settings file (if any) overridden by the environment."""
        home = greenpen_home(environ)
        path = settings_file or home / "settings.toml"
        values: dict[str, Any] = {"cache_dir": str(home / "llm-cache")}
        if path.is_file():
            values.update(_read_table(path))
        for name, var in ENV.items():
            if environ.get(var):
                values[name] = environ[var]
        return cls.from_mapping(values, str(path))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], source: str = "settings") -> LLMSettings:
        known = {f.name: f for f in fields(cls)}
        out = cls()
        for name, value in values.items():
            if name not in known:
                raise ModelError(f'{source}: [llm] has an unknown setting "{name}" — '
                                 f"allowed: {', '.join(sorted(known))}")
            default = getattr(out, name)
            try:
                out = replace(out, **{name: type(default)(value)})
            except (TypeError, ValueError):
                raise ModelError(f'{source}: [llm] {name} = {value!r} is not a {type(default).__name__} — '
                                 "fix the value") from None
        return out


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: cannot read the settings ({exc}) — fix or remove the file") from None
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise ModelError(f"{path}: [llm] must be a table — write `[llm]` then `url = \"…\"` lines")
    return table
