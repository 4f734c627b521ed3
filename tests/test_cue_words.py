"""The word language of cues: what a teacher writes, and what it matches."""

from __future__ import annotations

import re

import pytest

from greenpen.cue_words import CueSyntaxError, is_regex, to_pattern
from greenpen.errors import PackError
from greenpen.packs import parse_pack


def matches(cue: str, text: str, synonyms: dict[str, list[str]] | None = None) -> bool:
    return bool(re.search(to_pattern(cue, synonyms), text, re.IGNORECASE))


def test_words_match_in_order_and_as_word_beginnings() -> None:
    assert matches("matrix multiplication", "It does Matrix multiplications of two tensors")
    assert matches("multiplica", "faz a multiplicação de matrizes")
    assert not matches("matrix multiplication", "multiplication of a matrix")  # order matters
    assert not matches("rank", "a frank answer")  # a word starts where a word starts


def test_element_wise_matches_its_spellings() -> None:
    for text in ("element-wise", "element wise", "elementwise", "Element - wise"):
        assert matches("element wise", text), text


def test_any_phrase_gap_star_and_exact_word() -> None:
    assert matches("matrix product | matmul", "use torch.matmul here")
    assert matches("gradient ... zero", "the gradient of accuracy is almost always zero")
    assert not matches("gradient ... zero", "the gradient is large because the loss, which we computed over "
                                            "the whole batch of images, is not zero")  # too far apart
    assert matches("colo*r", "colour") and matches("colo*r", "color")
    assert matches("no", "nothing") and not matches("=no", "nothing") and matches("=no", "No, it does not")


def test_synonyms_in_any_language_widen_a_word() -> None:
    synonyms = {"gradient": ["gradiente", "derivative"], "loss": ["função de perda"]}
    assert matches("gradient ... loss", "o gradiente da função de perda", synonyms)
    assert matches("gradient", "the derivative", synonyms)
    assert not matches("gradient", "the slope", synonyms)


def test_regular_expressions_are_kept_as_written() -> None:
    assert is_regex("matri(x|ces) ?product") and is_regex("re:relu") and not is_regex("matrix product")
    assert to_pattern("re:relu") == "relu"
    assert to_pattern(r"element[- ]?wise") == r"element[- ]?wise"


def test_a_gap_at_an_end_is_refused() -> None:
    with pytest.raises(CueSyntaxError, match="between two words"):
        to_pattern("... gradient")


PACK = """
id: words
title: Cues in words
synonyms:
  gradient: [gradiente, derivative]
questions:
  - id: q
    number: 1
    text: What is the gradient of accuracy?
    key_points:
      - id: zero
        text: It is zero almost everywhere
        cues:
          - "gradient ... zero | gradient ... nothing"
          - ["flat", "accuracy"]
"""


def test_a_pack_compiles_its_cues_with_its_synonyms() -> None:
    (q,) = parse_pack(PACK, "words.yaml").questions
    first, second = q.key_points[0].cues
    assert re.search(first[0], "o gradiente é quase sempre zero", re.IGNORECASE)
    assert len(second) == 2 and all(re.search(p, "accuracy is flat", re.IGNORECASE) for p in second)


def test_bad_synonyms_and_cues_name_the_fix() -> None:
    with pytest.raises(PackError, match=r"words\.yaml:4\).*synonyms of \"gradient\""):
        parse_pack(PACK.replace("[gradiente, derivative]", "[gradi(ente]"), "words.yaml")
    with pytest.raises(PackError, match=r"between two words.*gradient \.\.\. zero"):
        parse_pack(PACK.replace('"gradient ... zero | gradient ... nothing"', '"zero ..."'), "words.yaml")


def test_the_example_pack_in_the_docs_reads_as_the_docs_say() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "pack-format.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    (q,) = parse_pack(example, "pack-format.md").questions
    point, wrong = q.key_points[0], q.misconceptions[0]

    def says(cues: tuple[tuple[str, ...], ...], text: str) -> bool:
        return any(all(re.search(p, text, re.IGNORECASE) for p in group) for group in cues)

    assert says(point.cues, "It is the matrix product") and says(point.cues, "faz a multiplicação de matrizes")
    assert says(point.cues, "same as torch.matmul(a, b)") and not says(point.cues, "it multiplies numbers")
    assert says(wrong.cues, "it multiplies element by element") and says(wrong.cues, "an elementwise product")
