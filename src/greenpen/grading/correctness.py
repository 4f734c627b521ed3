"""The learned answer-correctness model: P(correct) and P(contradictory) of an answer.

    (question, reference, answer) triples ─► features.py (one embedding batch)
        ─► standardise ─► logistic heads ─► CorrectnessScore per triple

The model is a small JSON file (`data/models/correctness-v1.json`) built by `greenpen
train` (see `greenpen/train.py`): feature names, means and scales, coefficients, decision
thresholds, the hashes of the data it was trained on and its cross-validated metrics. Only
numpy is needed to run it. It knows nothing of any course: it was trained on public
science and networking answers (SciEntsBank, Beetle, SAF) with question-disjoint
cross-validation, so treat it as one signal among the rubric's, not as the grade.

The features use the sentence embedder the model was trained with (recorded in the file,
`use` for the shipped model); asking for another embedder loads that embedder's model file
if one exists (`correctness-v1-<name>.json`) and otherwise keeps the trained one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ModelError
from .features import Encoder, compute_features

MODEL_NAME = "correctness-v1"


@dataclass(frozen=True)
class CorrectnessScore:
    p_correct: float
    p_contradiction: float | None
    features: dict[str, float]


@dataclass(frozen=True)
class Head:
    """A standardised logistic regression: sigmoid(((x − mean) / scale) · coef + intercept).

    Training (greenpen.train) fits it; grading loads it from the model file.
    """

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -50, 50))))


@dataclass(frozen=True)
class CorrectnessModel:
    """A loaded model file."""

    embedder: str
    features: tuple[str, ...]
    p_correct: Head
    p_contradiction: Head | None
    thresholds: dict[str, float]
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "model") -> CorrectnessModel:
        try:
            names = tuple(str(n) for n in data["features"])

            def head(d: dict[str, Any]) -> Head:
                mean, scale, coef = (np.asarray(d[k], dtype=np.float64) for k in ("mean", "scale", "coef"))
                h = Head(mean, scale, coef, float(d["intercept"]))
                if not (h.mean.shape == h.scale.shape == h.coef.shape == (len(names),)):
                    raise ValueError(f"a head has {h.coef.shape[0]} coefficients for {len(names)} features")
                return h

            contra = data.get("p_contradiction")
            return cls(
                embedder=str(data.get("embedder", "use")),
                features=names,
                p_correct=head(data["p_correct"]),
                p_contradiction=head(contra) if contra else None,
                thresholds={str(k): float(v) for k, v in data.get("thresholds", {}).items()},
                meta={k: data[k] for k in ("version", "training", "metrics") if k in data},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{source}: not a correctness model file ({exc}) — rebuild it with "
                             "`greenpen train --out PATH`") from None

    @classmethod
    def load(cls, path: Path) -> CorrectnessModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ModelError(f"cannot read the correctness model {path}: {exc} — rebuild it with "
                             "`greenpen train --out PATH`") from None
        return cls.from_json(data, str(path))

    def score(self, items: Sequence[tuple[str, str, str]], encoder: Encoder) -> list[CorrectnessScore]:
        if not items:
            return []
        x = compute_features(items, encoder, self.features)
        p_ok = self.p_correct.predict(x)
        p_contra = self.p_contradiction.predict(x) if self.p_contradiction else None
        out = []
        for i, row in enumerate(x):
            out.append(CorrectnessScore(
                p_correct=float(p_ok[i]),
                p_contradiction=None if p_contra is None else float(p_contra[i]),
                features={n: float(v) for n, v in zip(self.features, row, strict=True)},
            ))
        return out


_MODELS: dict[str, CorrectnessModel] = {}
_LOCK = threading.Lock()


def _bundled(name: str) -> Path:
    return Path(str(resources.files("greenpen").joinpath("data", "models", f"{name}.json")))


def load_model(embedder: str = "use") -> CorrectnessModel:
    """The shipped model for `embedder` (or the default one), loaded once per process."""
    with _LOCK:
        if embedder not in _MODELS:
            path = _bundled(f"{MODEL_NAME}-{embedder}")
            if not path.is_file():
                path = _bundled(MODEL_NAME)
            if not path.is_file():
                raise ModelError(f"the correctness model {path.name} is missing from the installation — "
                                 "rebuild it with `greenpen train` or reinstall greenpen")
            _MODELS[embedder] = CorrectnessModel.load(path)
        return _MODELS[embedder]


def score_answers(items: Sequence[tuple[str, str, str]], *, embedder: str = "use") -> list[CorrectnessScore]:
    """P(correct), P(contradictory) and the features of each (question, reference, answer) triple.

    All the texts of the batch are embedded in one call; pass every answer you have at once.
    """
    from .embed import get_embedder

    model = load_model(embedder)
    if not items:
        return []
    return model.score(items, get_embedder(model.embedder))
