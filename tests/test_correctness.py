"""The answer-correctness model: features, the shipped model file, the runtime API."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from greenpen.grading import features as F
from greenpen.grading.correctness import CorrectnessModel, CorrectnessScore, load_model

MODEL_FILE = Path(__file__).resolve().parents[1] / "src/greenpen/data/models/correctness-v1.json"
DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"


class BagOfWords:
    """A small deterministic fake encoder: hashed word counts, L2-normalised; counts calls."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim))
        for i, text in enumerate(texts):
            for w in F.content_stems(text):
                out[i, zlib.crc32(w.encode()) % self.dim] += 1.0
            out[i, 0] += 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


Q = "How did you separate the salt from the water?"
R = "The water was evaporated, leaving the salt."


# ─── text helpers ──────────────────────────────────────────────────────────


def test_stem_folds_inflections() -> None:
    assert F.stem("evaporated") == F.stem("evaporate") == F.stem("evaporating")
    assert F.stem("increases") == F.stem("increase")
    assert F.stem("classes") == "class"
    assert F.stem("running") == "run"
    assert F.stem("bus") == "bus"


def test_sentences_are_the_graders() -> None:
    from greenpen.textutil import sentences

    text = "Slow start: cwnd doubles. Then it grows by one.\n- a bullet point"
    assert F.sentences(text) == [s.text for s in sentences(text)]
    assert len(F.sentences(text)) == 3
    assert F.sentences("") == []
    assert F.sentences("yes") == ["yes"]


def test_question_words_do_not_count_as_content() -> None:
    echo = F.lexical_features(Q, R, "I separated the salt from the water.")
    right = F.lexical_features(Q, R, "We let the water evaporate.")
    assert echo["tok_r"] == 0.0 and echo["q_copy_frac"] > 0.5
    assert right["tok_r"] == 0.5 and right["tok_p"] == 0.5  # "evaporate" of {evaporated, leaving}; "let"


def test_negation_antonym_number_and_dont_know_signals() -> None:
    assert F.lexical_features(Q, R, "The water was not evaporated.")["neg_mismatch"] == 1.0
    assert F.lexical_features(Q, R, "The water was evaporated.")["neg_mismatch"] == 0.0
    assert F.lexical_features("q", "The current increases.", "The current decreases.")["antonym"] == 1.0
    nums = F.lexical_features("q", "The voltage is 1.5 volts.", "It reads 3 volts.")
    assert nums["num_recall"] == 0.0 and nums["num_extra"] == 1.0
    assert F.lexical_features(Q, R, "I don't know")["dont_know"] == 1.0
    assert F.lexical_features(Q, R, "evaporation")["short"] == 1.0


def test_content_text_and_character_trigrams_set_the_question_aside() -> None:
    assert F.content_text(Q, R) == "evaporated leaving"  # water and salt are the question's words
    assert F.content_text(Q, "I separated the salt from the water.") == ""
    # A misspelt or differently inflected word still shares most of its character trigrams.
    misspelt = F.lexical_features(Q, R, "the watter was evaporatted")
    unrelated = F.lexical_features(Q, R, "I filtered the water through paper")
    assert misspelt["char_r"] > 0.5 > unrelated["char_r"]
    assert misspelt["char_f1"] > unrelated["char_f1"]
    assert F.lexical_features(Q, R, "the salt and the water")["char_p"] == 0.0  # only question words


def test_content_cosine_compares_what_is_left_of_reference_and_answer() -> None:
    enc = BagOfWords()
    items = [(Q, R, "We evaporated it, leaving salt."), (Q, R, "I separated the salt from the water."),
             (Q, R, "By filtering it.")]
    x = F.compute_features(items, enc)
    c = x[:, F.FEATURES.index("cos_ra_content")]
    assert c[0] > 0.9 and c[1] == 0.0 and c[2] < 0.5
    assert len(enc.calls) == 1  # the reduced texts join the same batch
    # A model without the feature does not embed the reduced texts.
    lean = BagOfWords()
    F.compute_features(items, lean, ("cos_ra", "tok_r"))
    assert lean.calls[0] < enc.calls[0]


def test_compute_features_embeds_a_batch_once_and_keeps_order() -> None:
    enc = BagOfWords()
    items = [(Q, R, "We let the water evaporate."), (Q, R, "By filtering it."), (Q, R, "")]
    x = F.compute_features(items, enc)
    assert x.shape == (3, len(F.FEATURES))
    assert len(enc.calls) == 1
    assert np.all(np.isfinite(x))
    single = F.compute_features(items[1:2], BagOfWords())
    np.testing.assert_allclose(single[0], x[1])
    assert x[2, F.FEATURES.index("cos_ra")] == 0.0  # an empty answer has no similarity


# ─── the shipped model ─────────────────────────────────────────────────────


def _model_json() -> dict[str, object]:
    return json.loads(MODEL_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_model_file_is_small_and_complete() -> None:
    assert MODEL_FILE.stat().st_size < 50_000
    data = _model_json()
    assert data["features"] == list(F.FEATURES)
    training = data["training"]
    assert isinstance(training, dict)
    assert "scientsbank-3way-unseen-answers.csv" not in training["data"]
    assert set(training["data"]) == {"scientsbank-3way-train.csv", "beetle-3way-train.csv", "saf-en-train.csv"}
    metrics = data["metrics"]
    assert isinstance(metrics, dict) and {"cv", "leave_one_corpus_out"} <= set(metrics)


def test_model_file_hashes_match_the_datasets() -> None:
    if not DATASETS.is_dir():
        pytest.skip("../shared/datasets is not beside the repository")
    training = _model_json()["training"]
    assert isinstance(training, dict)
    for name, digest in training["data"].items():
        assert hashlib.sha256((DATASETS / name).read_bytes()).hexdigest() == digest, f"{name} changed: retrain"


def test_model_scores_are_probabilities_deterministic_and_batch_independent() -> None:
    model = load_model()
    items = [(Q, R, "We let the water evaporate and the salt stayed."), (Q, R, "I don't know"),
             (Q, R, "The water was not evaporated, it was filtered.")]
    scores = model.score(items, BagOfWords())
    again = model.score(items, BagOfWords())
    one = model.score(items[2:], BagOfWords())
    assert scores == again
    assert scores[2] == one[0]
    for s in scores:
        assert isinstance(s, CorrectnessScore)
        assert 0.0 <= s.p_correct <= 1.0
        assert s.p_contradiction is not None and 0.0 <= s.p_contradiction <= 1.0
        assert set(s.features) == set(F.FEATURES)
    assert scores[0].p_correct > scores[1].p_correct
    assert model.score([], BagOfWords()) == []


def test_a_broken_model_file_says_how_to_fix_it(tmp_path: Path) -> None:
    from greenpen.errors import ModelError

    bad = tmp_path / "m.json"
    bad.write_text('{"features": ["cos_ra"], "p_correct": {"mean": [0], "scale": [1]}}', encoding="utf-8")
    with pytest.raises(ModelError, match="greenpen train"):
        CorrectnessModel.load(bad)


def test_fit_head_is_deterministic() -> None:
    pytest.importorskip("sklearn")
    from greenpen.train import fit_head

    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] + 0.3 * rng.normal(size=200) > 0).astype(float)
    a, b = fit_head(x, y, 0.1), fit_head(x, y, 0.1)
    np.testing.assert_array_equal(a.coef, b.coef)
    assert a.coef[0] > abs(a.coef[1])
    assert np.mean((a.predict(x) > 0.5) == (y > 0.5)) > 0.8


@pytest.mark.models
def test_real_embedder_ranks_right_above_wrong() -> None:
    from greenpen.grading.correctness import score_answers

    items = [
        (Q, R, "We let the water evaporate and the salt was left behind."),
        (Q, R, "We used a magnet to pull the salt out."),
        ("Why does the bulb light?", "The bulb is in a closed path with the battery.",
         "Because the bulb and the battery are in a closed path."),
        ("Why does the bulb light?", "The bulb is in a closed path with the battery.", "I don't know"),
    ]
    s = score_answers(items)
    assert s[0].p_correct > s[1].p_correct
    assert s[2].p_correct > s[3].p_correct
