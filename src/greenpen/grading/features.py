"""Cheap, domain-general features of a (question, reference answer, student answer) triple.

The answer-correctness model (`correctness.py`) is a logistic regression over these. They
say how close the answer is to the reference (sentence embeddings, whole texts and best
sentence matches), how much of the reference's own content it states once the question's
words are set aside (an answer that repeats the question says nothing), and a few signs of
a wrong answer that embeddings miss: negation that the reference lacks (or the reverse), an
antonym of a reference word, numbers that differ, "I don't know".

    items ─► texts to embed (one batch) ─► cosines ┐
          └► tokens (lower-cased, stemmed) ────────┴─► features (n, len(FEATURES))

Sentences are split as the grader splits them, so that the grader and this model embed
the same strings and the embedder's cache serves both. Pure numpy over an `Encoder`
(anything with `encode(texts) -> (n, dim)` unit vectors), so tests can pass a small fake.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


Triple = tuple[str, str, str]
"""(question, reference answer, student answer)."""

# ─── text ──────────────────────────────────────────────────────────────────

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:[.,]\d+)?(?![\w])")

STOPWORDS = frozenset(
    """a an the and or of to in on at by for with from as is are was were be been being am it its
    this that these those there here then than so such which who whom whose what when where why how
    i you he she we they me him her us them my your his our their mine yours do does did doing done
    have has had having will would shall should can could may might must also just very really
    into onto over under about above below up down out off again further once both each few more
    most other some any all only own same too s t if because while until between through during
    before after since if but however thus therefore hence get gets got make makes made use used
    using one two""".split()
)
NEGATIONS = frozenset(
    "not no never none nothing nobody neither nor without cannot cant dont doesnt didnt isnt arent "
    "wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt nowhere".split()
)
_ANTONYM_PAIRS = (
    ("increase", "decrease"), ("increase", "reduce"), ("more", "less"), ("more", "fewer"),
    ("higher", "lower"), ("high", "low"), ("larger", "smaller"), ("large", "small"),
    ("big", "small"), ("bigger", "smaller"), ("greater", "less"), ("faster", "slower"),
    ("fast", "slow"), ("positive", "negative"), ("open", "closed"), ("open", "close"),
    ("series", "parallel"), ("true", "false"), ("correct", "incorrect"), ("same", "different"),
    ("before", "after"), ("first", "last"), ("add", "subtract"), ("add", "remove"),
    ("gain", "lose"), ("gain", "loss"), ("absorb", "reflect"), ("absorb", "release"),
    ("hot", "cold"), ("warm", "cool"), ("heat", "cool"), ("long", "short"), ("longer", "shorter"),
    ("up", "down"), ("in", "out"), ("on", "off"), ("inside", "outside"), ("always", "never"),
    ("all", "none"), ("maximum", "minimum"), ("max", "min"), ("strong", "weak"),
    ("stronger", "weaker"), ("heavy", "light"), ("heavier", "lighter"), ("dense", "sparse"),
    ("linear", "nonlinear"), ("reliable", "unreliable"), ("connected", "disconnected"),
    ("attract", "repel"), ("conductor", "insulator"), ("solid", "liquid"), ("liquid", "gas"),
    ("dissolve", "precipitate"), ("early", "late"), ("expand", "contract"), ("rise", "fall"),
    ("sink", "float"), ("push", "pull"), ("accept", "reject"), ("allow", "prevent"),
    ("overfit", "underfit"), ("train", "test"), ("input", "output"), ("sender", "receiver"),
)


def stem(word: str) -> str:
    """A deliberately small suffix stripper: plurals, -ing, -ed, -ly."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) <= 3:
        return w
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""),
                         ("ly", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and not (suffix == "s" and w.endswith(("ss", "us", "is"))):
            base = w[: len(w) - len(suffix)] + repl
            if len(base) >= 3:
                w = base
                break
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes dropped ("don't" → "dont")."""
    return [w.lower().replace("’", "").replace("'", "") for w in _WORD.findall(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content (no stopwords, no negations)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and w not in NEGATIONS]


def sentences(text: str) -> list[str]:
    """The grader's own sentence split (`textutil.sentences`), so both embed the same strings once."""
    from ..textutil import sentences as spans

    return [s.text for s in spans(text)] or ([text.strip()] if text.strip() else [])


def numbers(text: str) -> set[str]:
    return {n.replace(",", ".").lstrip("+") for n in _NUMBER.findall(text)}


def content_text(question: str, text: str) -> str:
    """The words of `text` that carry content of their own: no stopwords and none of the
    question's content stems (negations stay). "The water was evaporated" for "How did you
    separate the salt from the water?" → "evaporated". What is left is what tells one
    answer to the question from another, which a whole-text cosine mostly misses."""
    q_stems = set(content_stems(question))
    return " ".join(w for w in words(text) if w not in STOPWORDS and stem(w) not in q_stems)


def char_trigrams(text: str) -> set[str]:
    """Character trigrams of each word, padded (" evaporated " → " ev", "eva", …): they match
    a misspelt or differently inflected word that a stem does not."""
    out: set[str] = set()
    for w in text.split():
        padded = f" {w} "
        out.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return out


_ANTONYMS: dict[str, set[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    _ANTONYMS.setdefault(stem(_a), set()).add(stem(_b))
    _ANTONYMS.setdefault(stem(_b), set()).add(stem(_a))

_DONT_KNOW = re.compile(
    r"\b(i\s+(do\s*n['’]?o?t|dont|didn['’]?t)\s+(know|remember|understand)|idk|no\s+idea|not\s+sure|"
    r"i\s+forgot|dunno)\b",
    re.IGNORECASE,
)

# ─── features ──────────────────────────────────────────────────────────────

EMBEDDING_FEATURES = (
    "cos_ra",  # reference ↔ answer
    "cos_qa",  # question ↔ answer
    "cos_qr",  # question ↔ reference
    "cos_margin",  # cos_ra − cos_qa: closer to the reference than to the question
    "sent_recall_mean",  # each reference sentence's best match in the answer, averaged
    "sent_recall_min",  # … the worst-covered reference sentence
    "sent_prec_mean",  # each answer sentence's best match in the reference, averaged
    "sent_prec_min",  # … the answer sentence furthest from the reference
    "sent_max",  # the best single sentence pair
    "cos_ra_content",  # reference ↔ answer, each reduced to its content words minus the question's
)
LEXICAL_FEATURES = (
    "tok_p",  # share of the answer's content stems (question words removed) found in the reference
    "tok_r",  # share of the reference's content stems (question words removed) found in the answer
    "tok_f1",
    "tok_r_all",  # reference content recall with the question's words kept
    "bigram_r",  # reference content-bigram recall
    "novel_frac",  # answer content stems in neither reference nor question
    "q_copy_frac",  # answer content stems that are question words
    "len_a",  # log(1 + answer words)
    "len_r",  # log(1 + reference words)
    "len_ratio",  # log((1 + answer words) / (1 + reference words))
    "neg_a",  # negations in the answer (capped at 3)
    "neg_r",
    "neg_mismatch",  # one of answer/reference negates, the other does not
    "num_r",  # the reference states a number
    "num_recall",  # share of the reference's numbers the answer states
    "num_extra",  # the answer states numbers the reference does not
    "antonym",  # the answer uses the antonym of a reference word that it does not itself use
    "dont_know",  # "I don't know", "no idea"
    "short",  # the answer has at most two words
    "char_r",  # share of the reference's content character trigrams (question words removed) in the answer
    "char_p",  # share of the answer's content character trigrams found in the reference
    "char_f1",
)
FEATURES: tuple[str, ...] = EMBEDDING_FEATURES + LEXICAL_FEATURES


def lexical_features(question: str, reference: str, answer: str) -> dict[str, float]:
    """The features that need no embedder."""
    q_stems = set(content_stems(question))
    r_list = content_stems(reference)
    a_list = content_stems(answer)
    r_all, a_all = set(r_list), set(a_list)
    r_set, a_set = r_all - q_stems, a_all - q_stems
    common = r_set & a_set
    tok_p = len(common) / len(a_set) if a_set else 0.0
    tok_r = len(common) / len(r_set) if r_set else (1.0 if not a_set else 0.0)
    tok_f1 = 2 * tok_p * tok_r / (tok_p + tok_r) if tok_p + tok_r else 0.0
    tok_r_all = len(r_all & a_all) / len(r_all) if r_all else 0.0
    r_bi = set(zip(r_list, r_list[1:], strict=False))
    a_bi = set(zip(a_list, a_list[1:], strict=False))
    bigram_r = len(r_bi & a_bi) / len(r_bi) if r_bi else 0.0
    novel = a_all - r_all - q_stems
    novel_frac = len(novel) / len(a_all) if a_all else 0.0
    q_copy = len(a_all & q_stems) / len(a_all) if a_all else 0.0

    a_words, r_words = words(answer), words(reference)
    n_a, n_r = len(a_words), len(r_words)
    neg_a = min(3, sum(w in NEGATIONS or w.endswith("nt") and w[:-2] in _AUX for w in a_words))
    neg_r = min(3, sum(w in NEGATIONS or w.endswith("nt") and w[:-2] in _AUX for w in r_words))

    r_tri, a_tri = char_trigrams(content_text(question, reference)), char_trigrams(content_text(question, answer))
    char_r = len(r_tri & a_tri) / len(r_tri) if r_tri else 0.0
    char_p = len(r_tri & a_tri) / len(a_tri) if a_tri else 0.0

    r_nums, a_nums = numbers(reference), numbers(answer)
    num_recall = len(r_nums & a_nums) / len(r_nums) if r_nums else 0.0
    num_extra = 1.0 if a_nums - r_nums - numbers(question) else 0.0

    a_stems = {stem(w) for w in a_words}
    r_stems = {stem(w) for w in r_words}
    antonym = sum(1 for s in r_stems for o in _ANTONYMS.get(s, ()) if o in a_stems and o not in r_stems)

    return {
        "tok_p": tok_p,
        "tok_r": tok_r,
        "tok_f1": tok_f1,
        "tok_r_all": tok_r_all,
        "bigram_r": bigram_r,
        "novel_frac": novel_frac,
        "q_copy_frac": q_copy,
        "len_a": math.log1p(n_a),
        "len_r": math.log1p(n_r),
        "len_ratio": math.log((1 + n_a) / (1 + n_r)),
        "neg_a": float(neg_a),
        "neg_r": float(neg_r),
        "neg_mismatch": float((neg_a > 0) != (neg_r > 0)),
        "num_r": float(bool(r_nums)),
        "num_recall": num_recall,
        "num_extra": num_extra,
        "antonym": float(min(antonym, 2)),
        "dont_know": float(bool(_DONT_KNOW.search(answer))),
        "short": float(n_a <= 2),
        "char_r": char_r,
        "char_p": char_p,
        "char_f1": 2 * char_r * char_p / (char_r + char_p) if char_r + char_p else 0.0,
    }


_AUX = frozenset("do does did is are was were can could would should wo has have had must need".split())


def _best_match(sim: np.ndarray) -> tuple[float, float, float, float, float]:
    """(recall mean, recall min, precision mean, precision min, max) of a ref×answer matrix."""
    if sim.size == 0:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    rec = sim.max(axis=1)
    prec = sim.max(axis=0)
    return float(rec.mean()), float(rec.min()), float(prec.mean()), float(prec.min()), float(sim.max())


def embedding_features(items: Sequence[Triple], encoder: Encoder, *, content: bool = True) -> list[dict[str, float]]:
    """The embedding features of every triple, with one `encode` call for the whole batch
    (`content=False` leaves out `cos_ra_content`, and the texts it needs, for a model without it)."""
    splits = [(sentences(r), sentences(a)) for _, r, a in items]
    reduced = [(content_text(q, r), content_text(q, a)) if content else ("", "") for q, r, a in items]
    texts: dict[str, int] = {}
    for (q, r, a), (rs, as_), (rc, ac) in zip(items, splits, reduced, strict=True):
        for t in (q, r, a, *rs, *as_, *(x for x in (rc, ac) if x)):
            texts.setdefault(t, len(texts))
    order = list(texts)
    vecs = encoder.encode(order) if order else np.zeros((0, 1), dtype=np.float32)
    vecs = np.asarray(vecs, dtype=np.float64)

    out: list[dict[str, float]] = []
    for (q, r, a), (rs, as_), (rc, ac) in zip(items, splits, reduced, strict=True):
        vq, vr, va = vecs[texts[q]], vecs[texts[r]], vecs[texts[a]]
        cos_ra, cos_qa, cos_qr = float(vr @ va), float(vq @ va), float(vq @ vr)
        if rs and as_:
            sim = vecs[[texts[s] for s in rs]] @ vecs[[texts[s] for s in as_]].T
        else:
            sim = np.zeros((0, 0))
        rec_mean, rec_min, prec_mean, prec_min, smax = _best_match(sim)
        empty = not a.strip()
        feats = {
            "cos_ra": cos_ra,
            "cos_qa": cos_qa,
            "cos_qr": cos_qr,
            "cos_margin": cos_ra - cos_qa,
            "sent_recall_mean": rec_mean,
            "sent_recall_min": rec_min,
            "sent_prec_mean": prec_mean,
            "sent_prec_min": prec_min,
            "sent_max": smax,
            "cos_ra_content": float(vecs[texts[rc]] @ vecs[texts[ac]]) if rc and ac else 0.0,
        }
        if empty:
            feats = dict.fromkeys(feats, 0.0)
        out.append(feats)
    return out


def compute_features(
    items: Sequence[Triple], encoder: Encoder, names: Sequence[str] = FEATURES
) -> np.ndarray:
    """An (n, len(names)) float64 matrix of the named features, rows in the order of `items`."""
    emb = embedding_features(items, encoder, content="cos_ra_content" in names) \
        if any(n in EMBEDDING_FEATURES for n in names) else None
    rows = []
    for i, (q, r, a) in enumerate(items):
        feats = lexical_features(q, r, a)
        if emb is not None:
            feats.update(emb[i])
        rows.append([feats[n] for n in names])
    return np.asarray(rows, dtype=np.float64).reshape(len(items), len(names))
