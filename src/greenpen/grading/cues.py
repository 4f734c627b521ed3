"""Rubric cues: regexes that signal a key point or misconception, with negation handled.

A cue set matches a sentence when all its regexes match inside it. A match does not count
when a negation or contrast word stands shortly before it in the same clause ("not
element-wise", "unlike *", "rather than …", "não é …"). A contrast word only negates the
phrase it introduces: in "unlike accuracy it's differentiable" the main clause, after its
subject or verb, is asserted. In a Portuguese sentence "no" is a preposition ("no conjunto
de validação": in the validation set), not a negation. The words are in `lang.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import lang
from ..domain import CueSet, KeyPoint
from ..textutil import Span

NEGATORS = re.compile(r"\b(?:" + lang.patterns(lang.NEGATIONS) + r")\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2190-\u21ff\u27f6-\u27f9]|\s-\s|-+>|=+>"
                          r"|\b(?:" + lang.patterns(lang.CLAUSE_WORDS) + r")\b", re.I)
"""Where a clause ends: punctuation, a dash between spaces, an arrow ("don't flip any prediction -> gradient is 0": the
"don't" negates nothing after the arrow), or a word that opens another clause."""
RELATIVE = re.compile(r"\s*(?:" + lang.patterns(lang.RELATIVES) + r")\b", re.IGNORECASE)
CONTRAST = re.compile(r"\b(?:" + lang.patterns(lang.CONTRASTS) + r")\b", re.IGNORECASE)
CONTRAST_PHRASE_END = re.compile(r"\b(?:" + lang.patterns(lang.MAIN_CLAUSE_STARTS) + r")\b", re.IGNORECASE)
"""Words that start the main clause after a contrasted phrase ("unlike accuracy | it's ...")."""
PORTUGUESE = re.compile(r"[ãõç]|\b(?:" + "|".join(lang.FUNCTION_WORDS["pt"]) + r")\b", re.IGNORECASE)
RELATIVE_WORD = re.compile(r"\b(?:" + lang.patterns(lang.RELATIVES) + r")\b", re.IGNORECASE)
"""A relative clause after a contrasted phrase still describes it ("unlike * which is element-wise")."""
CONTRAST_ONLY = re.compile(lang.patterns(lang.CONTRAST_PREPOSITIONS), re.IGNORECASE)
"""Negators that introduce a contrasted phrase rather than negate a verb."""
PURPOSE = re.compile(r"\b(?:" + lang.patterns(lang.PURPOSE_OPENERS) + r")\s+(?:[\w'’]+\s+){0,3}$", re.IGNORECASE)
"""A purpose clause's opener a few words before a negator ("so that they | don't")."""
NEGATION_WINDOW = 6
"""How many words before a match a negator may stand and still negate it."""


@dataclass(frozen=True)
class CueHit:
    """Where a cue set matched: the sentence and the matched stretch inside it."""

    sentence: Span
    start: int
    end: int
    negated: bool

    @property
    def clause(self) -> str:
        """The clause of the sentence around the match: the evidence to quote."""
        text = self.sentence.text
        left = max((m.end() for m in CLAUSE_BREAK.finditer(text, 0, self.start)), default=0)
        right_m = CLAUSE_BREAK.search(text, self.end)
        right = right_m.start() if right_m else len(text)
        clause = text[left:right].strip(" ,;:.")
        return clause if len(clause) >= 12 else text


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def is_negated(text: str, start: int, answer_word: int = 0) -> bool:
    """True when a negator stands within a few words before `start`, in the same clause (which
    begins after the yes or no that answers a yes/no question, `answer_word` characters)."""
    breaks = [m for m in CLAUSE_BREAK.finditer(text, 0, start)]
    left = max(breaks[-1].end() if breaks else 0, min(answer_word, start))
    before = text[left:start]
    if RELATIVE.match(before) and breaks:
        # "unlike *, which is element-wise": the relative clause describes the contrasted thing.
        prev_left = breaks[-2].end() if len(breaks) > 1 else 0
        if CONTRAST.search(text[prev_left:breaks[-1].start()]):
            return True
    tail = " ".join(before.split()[-NEGATION_WINDOW:])
    portuguese = bool(PORTUGUESE.search(text))
    negators = [m for m in NEGATORS.finditer(tail) if not (portuguese and m.group().lower() == "no")]
    if not negators:
        return False
    last = negators[-1]
    if PURPOSE.search(tail[: last.start()]):
        return False  # "so that they don't accumulate": what is avoided would happen otherwise
    end = CONTRAST_PHRASE_END.search(tail, last.end()) if CONTRAST_ONLY.fullmatch(last.group()) else None
    if end and not RELATIVE_WORD.search(tail, last.end(), end.start()):
        return False  # the contrasted phrase ended; the match is in the asserted main clause
    return True


def match_cue_set(cue_set: CueSet, sentence: Span) -> CueHit | None:
    """Match one cue set against one sentence (all regexes must match). Each cue's first match
    outside a negation counts, else its first match: "no bugs, e.g. that zero_grad is called" states
    zero_grad although "bugs" is denied."""
    starts: list[tuple[int, int]] = []
    for pattern in cue_set:
        found = [(m.start(), m.end()) for m in _compile(pattern).finditer(sentence.text)]
        if not found:
            return None
        starts.append(next((f for f in found if not is_negated(sentence.text, f[0], sentence.answer_word)),
                           found[0]))
    negated = any(is_negated(sentence.text, s, sentence.answer_word) for s, _ in starts)
    return CueHit(sentence, min(s for s, _ in starts), max(e for _, e in starts), negated)


def find_cues(cues: tuple[CueSet, ...], spans: list[Span]) -> list[CueHit]:
    """Every match of any cue set in any sentence, un-negated ones first."""
    hits = [h for s in spans for c in cues if (h := match_cue_set(c, s))]
    return sorted(hits, key=lambda h: (h.negated, h.sentence.start))


def negated_in_own_text(kp: KeyPoint) -> list[CueSet]:
    """The cue sets a key point's own text states negated ("it is not differentiable" for a
    cue on "differentiable"): for them, a student's negated match says the point."""
    own = Span(kp.text, 0, len(kp.text))
    return [c for c in kp.cues if (h := match_cue_set(c, own)) and h.negated]
