"""Match an answer's sentences against key points and misconceptions.

Three signals per rubric item, combined into a coverage strength in [0, 1]:
- cues: the rubric's own regexes, negation-aware (strongest; decides misconceptions);
- embeddings: the best cosine between a student sentence and the item's text/examples,
  read two ways: as an absolute cosine, and relative to how close the same sentence comes
  to the key points of the course's other questions (a z-score). The relative reading is
  what carries across languages and writing styles: a Korean sentence is far from an
  English key point in absolute terms, yet much closer to it than to any other question's;
- words: how many of the item's content words the best sentence repeats.
Embeddings say "on topic", not "right" (MODELS.md), so alone they never establish a
misconception and they give key points at most partial strength unless very close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from ..domain import KeyPoint, Misconception
from ..textutil import Span, content_tokens, shorten
from .code_gloss import said_in_code
from .cues import find_cues, match_cue_set, negated_in_own_text

if TYPE_CHECKING:
    from ..code.extract import CodeExtraction

# USE cosine anchors, measured on paraphrase/unrelated pairs of the shipped packs.
EMB_LOW, EMB_HIGH = 0.35, 0.65
Z_LOW, Z_HIGH = 1.5, 3.5
"""z-score anchors: how many standard deviations above its cosines to the other questions'
key points a sentence must stand to start counting, and to count as much as embeddings can."""
EMB_CAP = 0.85
"""An embedding match alone never counts as fully certain."""


@dataclass(frozen=True)
class ItemMatch:
    """How strongly an answer states one key point or misconception, and where."""

    strength: float
    evidence: str
    by: str  # "cue", "embedding", "words", "value" (a worked sum), "name" (a name in code) or ""
    negated_evidence: str = ""


def _emb_strength(cos: float) -> float:
    return float(np.clip((cos - EMB_LOW) / (EMB_HIGH - EMB_LOW), 0.0, 1.0)) * EMB_CAP


SIBLING_SLACK = 0.03
Z_MIN_COS = 0.25


def _z_strength(z: float) -> float:
    return float(np.clip((z - Z_LOW) / (Z_HIGH - Z_LOW), 0.0, 1.0)) * EMB_CAP


def _word_strength(item_tokens: set[str], sentence_tokens: set[str]) -> float:
    if len(item_tokens) < 2:
        return 0.0
    recall = len(item_tokens & sentence_tokens) / len(item_tokens)
    return float(np.clip((recall - 0.34) / 0.4, 0.0, 1.0)) * 0.8


def match_key_point(kp: KeyPoint, spans: list[Span], sims: np.ndarray, question_tokens: set[str],
                    null: tuple[np.ndarray, np.ndarray] | None = None,
                    siblings: np.ndarray | None = None, cue_spans: list[Span] | None = None,
                    relative: tuple[np.ndarray, np.ndarray] | None = None, asked: str = "",
                    closest: bool = False) -> ItemMatch:
    """`sims`: (sentences × item texts) cosines for this key point's text and examples;
    `null`: per sentence, the mean and spread of its cosines to other questions' key points;
    `siblings`: per sentence, its best cosine to the question's other key points. The
    relative reading credits a sentence only for the key point it is closest to: a sentence
    on greyscale pixels is "about this course" for the colour point too, but closer to its own.
    `cue_spans`: the sentences cues are matched in (default: `spans`). `relative`: the
    relative reading (z-scores, own point) worked out by the caller (`relative_reading`). `asked`: the question,
    whose own subject a line of code only calls (`code_gloss.said_in_code`). `closest`: in an answer whose items
    each state one step, the evidence among the sentences that reach the best strength is the closest one, an
    item before the answer read whole (`grader._one_step_per_sentence` gives each item to one step)."""
    cue_on = spans if cue_spans is None else cue_spans
    hits = find_cues(kp.cues, cue_on)
    # A point whose own text negates its cue ("it is not differentiable") is stated in
    # negative words: a negation next to that cue is what it says, not a denial. A point
    # that merely contains a negation elsewhere ("matrix multiplication, not element-wise")
    # is not: "@ is not matrix multiplication" still denies it.
    live = [h for h in hits if not h.negated] + [
        h for c in negated_in_own_text(kp) for span in cue_on if (h := match_cue_set(c, span)) and h.negated]
    if live:
        return ItemMatch(1.0, shorten(live[0].clause, 140), "cue")
    if (line := _cue_in_code(kp, cue_on, asked)) is not None:
        return ItemMatch(1.0, shorten(line, 140), "cue")
    best = ItemMatch(0.0, "", "", shorten(hits[0].clause, 140) if hits else "")
    if not spans:
        return best
    # Code is judged by cues and by running it: where the rubric has cues, a stretch of the
    # answer that is only code earns nothing by resemblance (to a sentence embedder one snippet
    # looks like another, right or wrong: `list(x, y)` is "close" to `list(zip(x, y))`).
    by_cues_only = [bool(kp.cues) and is_code(span.text) for span in spans]
    if sims.size:
        row = np.where(by_cues_only, -1.0, sims.max(axis=1))
        strengths = np.array([_emb_strength(float(c)) for c in row])
        if relative is None and null is not None:
            relative = relative_reading(row, null, siblings)
        if relative is not None:
            z, own = relative
            strengths = np.maximum(strengths, np.array([_z_strength(float(v)) if o else 0.0
                                                        for v, o in zip(z, own, strict=True)]))
        # Strengths stop at EMB_CAP: with `closest`, among the sentences that reach the best the closest is the
        # evidence ("Gradual expansion", not "Limited scope development" before it, states the gradual expansion).
        k = int(np.argmax(strengths))
        if closest:
            listed = set(cue_on)
            sentence = np.array([span in listed for span in spans])
            k = int(np.argmax(np.where(strengths >= strengths[k] - 1e-9, row + 4.0 * sentence, -np.inf)))
        s = float(strengths[k])
        if s > best.strength:
            best = ItemMatch(s, shorten(spans[k].text, 140), "embedding", best.negated_evidence)
    if best.strength < CALLED and (line := _calls_what_it_names(kp, spans)):
        best = ItemMatch(CALLED, shorten(line, 140), "words", best.negated_evidence)
    kp_tokens = set().union(*(content_tokens(t) for t in (kp.text, *kp.examples))) - question_tokens
    for span, code in zip(spans, by_cues_only, strict=True):
        if code:
            continue
        said = content_tokens(" ".join([span.text, *(words for _, words in said_in_code(span.text, asked))]))
        s = _word_strength(kp_tokens & content_tokens(kp.text), said)
        if s > best.strength:
            best = ItemMatch(s, shorten(span.text, 140), "words", best.negated_evidence)
    if best.negated_evidence and best.by != "cue":
        # The student mentions the idea only to deny it: no credit from similarity.
        best = ItemMatch(min(best.strength, 0.25), best.evidence, best.by, best.negated_evidence)
    return best


CALLED = 0.7
"""How strongly an answer states a key point that says to call one method (".item()") by calling it in its code."""
_NAMED_CALL = re.compile(r"(?<![\w(.])\.?([A-Za-z_]\w*)\(\)")
"""A method a key point names as a call with no arguments, on its own ("Call .item() on it", "`eval()`"), not one
called inside an expression it writes ("x @ self.weight.t()", "Self.parent.name()")."""


def _calls_what_it_names(kp: KeyPoint, spans: list[Span]) -> str | None:
    """The sentence whose code calls the one method the key point says to call ("`t.item()`." for "Call .item() on it
    to get a plain Python number"): the code says it, and neither the embedders nor the words read code."""
    named = {m.group(1) for m in _NAMED_CALL.finditer(kp.text)}
    if len(named) != 1:
        return None
    call = re.compile(rf"\.{re.escape(named.pop())}\s*\(")
    for span in spans:
        code = " ".join(_INLINE_CODE.findall(span.text)) or (span.text if is_code(span.text) else "")
        if call.search(code):
            return span.text
    return None


def _cue_in_code(kp: KeyPoint, spans: list[Span], asked: str) -> str | None:
    """The line of the student's code that states the key point in the course's code idioms
    (`code_gloss`): `loss = loss_fn(pred, yb)` meets the cue "loss function" as the words would."""
    for span in spans:
        for line, words in said_in_code(span.text, asked):
            said = Span(words, 0, len(words))
            if any((h := match_cue_set(c, said)) and not h.negated for c in kp.cues):
                return line
    return None


def relative_reading(row: np.ndarray, null: tuple[np.ndarray, np.ndarray],
                     siblings: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: its z-score for a key point (how many spreads its cosine `row` stands above
    its cosines to the course's other key points, `null`), and whether the point is its own (no
    sibling key point closer, and close enough to the course at all)."""
    mean, spread = null
    z = (row - mean) / np.maximum(spread, 1e-6)
    own = row >= siblings - SIBLING_SLACK if siblings is not None else np.ones(len(row), dtype=bool)
    own &= row >= Z_MIN_COS  # far from every key point of the course: not about the course at all
    return z, own


def match_misconception(mc: Misconception, spans: list[Span]) -> ItemMatch:
    """A misconception needs an un-negated cue. Embeddings put "@ is element-wise" as close
    to "@ is matrix multiplication" as any paraphrase (MODELS.md), so they never decide one."""
    live = [h for h in find_cues(mc.cues, spans) if not h.negated]
    if live:
        return ItemMatch(1.0, shorten(live[0].clause, 140), "cue")
    return ItemMatch(0.0, "", "")


_CODE_CHARS = re.compile(r"[=\[\](){}:%*+<>_.,'\"]")
_INLINE_CODE = re.compile(r"`[^`]*`")
_CALL = re.compile(r"[\w.]+\([^()]*\)")
_GROUP = re.compile(r"\(([^()]*)\)")
_DOTTED = re.compile(r"\b[A-Za-z_]\w*\.([A-Za-z]\w*)\b")
_ABBREVIATIONS = {"e.g.": "\x00eg\x00", "i.e.": "\x00ie\x00"}
_CODE_TOKEN = re.compile(r"\S*(?:[=\[\]{}%<>*]|\w\.\w)\S*")
_NAME = re.compile(r"[A-Za-z_][\w.]*")
_FILLER = re.compile(r"^(?:\s|,|\bor\b|\band\b|\be\.g\.?|\bi\.e\.?|\bfor example\b|\bsuch as\b)*$", re.IGNORECASE)
_DANGLING = re.compile(r"(?:,?\s*(?:\be\.g\.|\bi\.e\.|\b(?:for example|such as|like|or)\b))+\s*(?=[.;:)]|$)",
                       re.IGNORECASE)
MIN_PROSE_WORDS = 3
"""Words of prose a rubric text must keep once its code is taken out to be compared by meaning."""


def prose_of(text: str) -> str:
    """`text` with its code taken out ("Rank = length of the shape: `len(t.shape)`" → "Rank =
    length of the shape"): a code example inside a sentence pulls its embedding away from
    every plain-words paraphrase, so a student who says the same thing in words scores low."""
    out = _INLINE_CODE.sub(lambda m: m.group(0)[1:-1] if _NAME.fullmatch(m.group(0)[1:-1]) else " ", text)
    for abbreviation, mark in _ABBREVIATIONS.items():
        out = out.replace(abbreviation, mark)
    while (shorter := _CALL.sub(" ", out)) != out:
        out = shorter

    out = _DOTTED.sub(r"\1", out)  # nn.ReLU → ReLU, t.shape → shape

    def group(m: re.Match[str]) -> str:
        inner = re.sub(r"\s*,(\s*,)+", ",", _CODE_TOKEN.sub(" ", m.group(1))).strip(" ,")
        words = re.sub(r"\x00\w+\x00", " ", inner)  # e.g. / i.e. alone say nothing
        return " " if _FILLER.match(words) or not re.search(r"[^\W\d_]{2}", words) else f"({inner})"

    out = _CODE_TOKEN.sub(" ", _GROUP.sub(group, out))
    for abbreviation, mark in _ABBREVIATIONS.items():
        out = out.replace(mark, abbreviation)
    out = _DANGLING.sub("", re.sub(r"\s{2,}", " ", out))
    return re.sub(r"\s+([,.;:)])", r"\1", out).strip(" ,;:")


@lru_cache(maxsize=8192)
def _extracted(text: str) -> CodeExtraction | None:
    """The student's code as `code.extract` finds it, or None where that module cannot be imported."""
    try:
        from ..code.extract import extract_code
    except ImportError:
        return None
    return extract_code(text)


def is_code(text: str) -> bool:
    """The text is code and nothing else (the student's code as `code.extract` finds it, with no
    line of prose beside it)."""
    found = _extracted(text)
    return found is not None and found.code is not None and not any(
        any(c.isalpha() for c in line) for line in found.dropped)


def has_code(text: str) -> bool:
    """The text holds code (the student's code as `code.extract` finds it), with or without prose beside it."""
    found = _extracted(text)
    return found is not None and found.code is not None


def prose_only(texts: list[str], *, code_out: bool = True) -> list[str]:
    """The rubric texts to compare by meaning. Prose as written; code alone is left out: code
    snippets look alike to a sentence embedder whether they are right or wrong, so code is
    judged by cues and by running it. A text that mixes prose and code is left out too, as
    its cues recognise it, unless `code_out`, for a key point with no cues (one drawn from a
    reference answer): then its prose counts (`prose_of`)."""
    out = []
    for t in texts:
        plain = len(_CODE_CHARS.findall(t)) <= 0.08 * max(len(t), 1)
        if not code_out:
            if plain:
                out.append(t)
            continue
        if plain and "`" not in t:
            out.append(t)
            continue
        prose = prose_of(t)
        if sum(any(c.isalpha() for c in w) for w in prose.split()) >= MIN_PROSE_WORDS:
            out.append(prose)
    return out


def meaning_texts(kp: KeyPoint) -> list[str]:
    """What a key point is compared with by meaning: its text and examples (`prose_only`)."""
    return prose_only([kp.text, *kp.examples], code_out=not kp.cues)
