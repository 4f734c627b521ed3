"""Grade answers against their question's rubric: findings first, then score and verdict.

`grade_many` grades a batch in one pass so every sentence is embedded once; `grade_answer`
grades one. A question with only a reference answer (no key points) is graded in
reference-only mode: each sentence of the reference becomes a key point.
"""

from __future__ import annotations

import ast
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from .. import lang
from ..domain import (
    OPPOSITE_WORD,
    OTHER_METHODS,
    OTHER_NUMBERED_NAME,
    STEP_ORDER,
    Finding,
    Judgement,
    KeyPoint,
    Question,
)
from ..errors import ModelError
from ..textutil import (
    FENCE_LINE,
    Span,
    content_tokens,
    fenced_comments,
    sentences,
    shorten,
    without_outputs,
    without_withdrawn,
)
from . import compared, detectors
from .correctness import CorrectnessModel, CorrectnessScore
from .counted import (
    answer_items,
    answer_pieces,
    asked_count,
    named_items,
    names_another_thing,
    names_listed,
    says_one_not_known,
)
from .cues import find_cues
from .embed import DEFAULT_EMBEDDER, Embedder, get_embedder
from .match import (
    SIBLING_SLACK,
    Z_MIN_COS,
    ItemMatch,
    has_code,
    is_code,
    match_key_point,
    match_misconception,
    meaning_texts,
    prose_only,
)
from .named_code import names_the_code
from .opposites import opposite_words
from .reference_points import ITEM, reference_key_points
from .scoring import P_CORRECT, P_DOUBT, Evidence, decide
from .short_answer import opposite_of_reference
from .spelling import NO_CUES, CourseCues, Reading, course_cues, course_vocabulary, read
from .sums import works_out
from .swapped import swapped_roles
from .true_false import marks_finding, yes_no_lead
from .whole_answer import read_whole

log = logging.getLogger(__name__)

COVERED = 0.6
"""Strength from which a key point counts as stated (a "key_point" finding)."""
STEP_SHARED = 0.3
"""What a step gets from a sentence that states another step (`_one_step_per_sentence`): short of stated."""
CENTRAL_STATED = 0.45
"""Strength from which the central key point counts as stated for the verdict: a short
answer that says the essential thing in its own words is correct, even when the evidence
for it is not strong enough to quote it as a stated point."""
PART_ADDRESSED = 0.35
"""Strength from which one of a part's key points shows the part was addressed."""
OFF_TOPIC_COS = 0.12


@dataclass(frozen=True)
class AnswerInput:
    """One answer to grade."""

    question: Question
    text: str
    attachments: tuple[str, ...] = ()
    note: str = ""
    """What the student wrote in place of an answer ("(skipped)", "ran out of time, come back to this"), kept so
    that the report shows it."""


def grade_answer(question: Question, answer: str, *, embedder: str = DEFAULT_EMBEDDER,
                 attachments: tuple[str, ...] = (), run_code: bool = True,
                 course: Sequence[Question] = ()) -> Judgement:
    """Grade one answer (see `grade_many`)."""
    return grade_many([AnswerInput(question, answer, attachments)], embedder=embedder, run_code=run_code,
                      course=course)[0]


def grade_many(inputs: Sequence[AnswerInput], *, embedder: str | Embedder = DEFAULT_EMBEDDER,
               run_code: bool = True, learned: bool = True,
               correctness: CorrectnessModel | None = None,
               course: Sequence[Question] = ()) -> list[Judgement]:
    """Grade a batch of answers; deterministic for the same input and models.

    `correctness`: a learned answer-correctness model to use instead of the shipped one (the
    benchmark's cross-validation trains one per fold).
    `course`: the pack's questions. An answer's sentences are read against the key points of all of
    them (`_distractor_pools`), so an answer gets the same verdict whether its batch holds every
    question of the pack, the few columns of a class sheet, or one question regraded after the
    teacher changed it. Without it, the batch's own questions are the course."""
    enc = embedder if isinstance(embedder, Embedder) else get_embedder(embedder)
    questions = list({q.id: q for q in [*course, *(item.question for item in inputs)]}.values())
    vocabulary, cues = course_vocabulary(questions), course_cues(questions)
    prepared = [_prepare(item, vocabulary, cues) for item in inputs]
    texts: set[str] = set()
    for prep in prepared:
        texts.update(s.text for s in [*prep.spans, *prep.whole])
        texts.update(prep.rubric_texts())
    pools = _distractor_pools(prepared, course)
    for pool in pools.values():
        texts.update(pool)
    vectors = dict(zip(sorted(texts), enc.encode(sorted(texts)), strict=True)) if texts else {}
    second = _second_reading(prepared, pools, enc.name)
    estimates = _learned_estimates(prepared, enc.name, correctness) if learned else [None] * len(prepared)
    return [_in_own_words(_grade(prep, vectors, est, run_code, pools.get(prep.item.question.id, ()), second),
                          prep.reading)
            for prep, est in zip(prepared, estimates, strict=True)]


def _in_own_words(judgement: Judgement, reading: Reading) -> Judgement:
    """The judgement with its evidence quoted as the student spelt it (matching read misspelt words put right)."""
    if not reading.edits:
        return judgement
    findings = tuple(replace(f, evidence=reading.original(f.evidence)) if f.evidence else f
                     for f in judgement.findings)
    return replace(judgement, findings=findings)


SECOND_READER = "e5"
"""The embedder that also reads a sentence written in another script than its rubric (Korean,
Chinese, Russian... against English key points): one multilingual embedder places such a
sentence near its key point less reliably than in the rubric's own language, and the two
embedders' relative readings, averaged, find the key point a Korean sentence states more often
(on the chapter-4 pack, the question a Korean answer belongs to comes first 69 % of the time
against 53 % for the default embedder alone). Sentences in the rubric's script are read as before."""


def _other_script(text: str) -> bool:
    """Most of the text's letters are outside the Latin and Greek alphabets."""
    letters = [c for c in text if c.isalpha()]
    foreign = sum(1 for c in letters if ord(c) > 0x24F and not 0x370 <= ord(c) <= 0x3FF
                  and not 0x1E00 <= ord(c) <= 0x1EFF)
    return bool(letters) and foreign * 2 > len(letters)


_VIETNAMESE = re.compile(r"[ơưđăƠƯĐĂ\u1ea0-\u1ef9]")
UNREAD_SHARE = 0.08
"""Share of a text's letters that are Vietnamese letters (ơ, ư, đ, ă, the letters with two marks, ạ ả ấ ầ…) from
which it is Vietnamese."""


def _unread_language(text: str) -> bool:
    """The text is in a language written in the Latin alphabet that the default embedder was not trained on
    (Universal Sentence Encoder multilingual reads 16 languages; Vietnamese is not one): the second reader reads it
    too, as it reads the other scripts."""
    letters = sum(c.isalpha() for c in text)
    return bool(letters) and len(_VIETNAMESE.findall(text)) >= UNREAD_SHARE * letters


def _second_reading(prepared: list[_Prepared], pools: dict[str, tuple[str, ...]],
                    first: str) -> dict[str, np.ndarray]:
    """`SECOND_READER`'s vectors of the sentences written in another script than their rubric,
    with the rubric texts and distractor pools they are compared with ({} when there are none,
    or when the default embedder is the second reader already)."""
    texts: set[str] = set()
    for prep in prepared:
        pool = pools.get(prep.item.question.id, ())
        rubric = [t for kp in prep.key_points for t in meaning_texts(kp)]
        if not pool or not rubric:
            continue
        rubric_script = _other_script(" ".join(rubric))
        others = [s.text for s in [*prep.spans, *prep.whole]
                  if _other_script(s.text) != rubric_script or _unread_language(s.text)]
        if others:
            texts.update(others, rubric, pool)
    if not texts or first == SECOND_READER:
        return {}
    try:
        enc = get_embedder(SECOND_READER)
    except ModelError as exc:  # the default embedder still reads them; say why the second is absent
        log.warning("reading sentences in other scripts with one embedder only: %s", exc)
        return {}
    return dict(zip(sorted(texts), enc.encode(sorted(texts)), strict=True))


MIN_POOL = 12
"""Fewest distractor texts from which a sentence's relative closeness to a key point is read."""


def _distractor_pools(prepared: list[_Prepared], course: Sequence[Question] = ()) -> dict[str, tuple[str, ...]]:
    """For each question of the batch, the key-point texts of the course's *other* questions:
    what a sentence is compared with to tell "about this key point" from "about this course".
    The course is the pack (`course`) with the batch's questions, so every student's answer to a
    question meets the same pool, however many questions were graded with it."""
    points: dict[str, tuple[KeyPoint, ...]] = {}
    for prep in prepared:
        points.setdefault(prep.item.question.id, prep.key_points)
    for q in course:
        if q.id not in points:
            points[q.id] = q.key_points or reference_key_points(q)
    by_question = {qid: tuple(dict.fromkeys(t for kp in kps for t in prose_only([kp.text], code_out=not kp.cues)))
                   for qid, kps in points.items()}
    pools = {}
    for qid in dict.fromkeys(prep.item.question.id for prep in prepared):
        pool = tuple(sorted({t for other, texts in by_question.items() if other != qid for t in texts}))
        if len(pool) >= MIN_POOL:
            pools[qid] = pool
    return pools


@dataclass(frozen=True)
class _Prepared:
    item: AnswerInput
    """The answer as matched: its text is the `reading`'s, misspelt words put right."""
    key_points: tuple[KeyPoint, ...]
    reference_only: bool
    spans: list[Span]
    whole: list[Span]
    """Stretches matched for meaning besides the sentences: the whole answer, when short enough to be matched as
    one statement, and the things a counting question's answer lists inside a sentence."""
    reading: Reading
    """The student's text and the text matched (`spelling.py`): evidence is quoted in the student's spelling."""
    uncalled: Finding | None = None
    """A function the student's own run printed instead of calling (read with the outputs, which `item` leaves out)."""

    def rubric_texts(self) -> list[str]:
        q = self.item.question
        out = [q.text] + ([q.reference] if q.reference else [])
        for kp in self.key_points:
            out += meaning_texts(kp)
        return out + _clauses(q.reference)


def _clauses(text: str | None) -> list[str]:
    return [c.strip() for c in re.split(r"[;:]", text or "") if len(c.split()) >= 2]


IMPORT_LINE = re.compile(r"^\s*(?:from\s+[\w.]+\s+)?import\s+[\w.*]+(?:\s+as\s+\w+)?"
                         r"(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*\s*;?\s*$")
"""A line of code that only imports ("from pathlib import Path")."""
def _sets_values(line: str) -> bool:
    """A line of code that only sets names to values ("tp = 40", "tp, fp, fn = 40, 10, 20", "xs = [1, 2, 3]")."""
    if "=" not in line or len(line) > GIVEN_CHARS:
        return False
    try:
        tree = ast.parse(line.strip().rstrip(";"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return False
    return all(isinstance(n, ast.Constant | ast.Tuple | ast.List | ast.UnaryOp | ast.USub | ast.UAdd | ast.Load)
               for n in ast.walk(tree.body[0].value))


GIVEN_CHARS = 200
"""The longest line read as values set: the question's data written again is short."""


def _given(line: str, question: str) -> bool:
    """A line that sets names to the values the question gives ("tp = 40" for "A classifier has TP = 40…"): the
    question's data written again says nothing of what the student knows (a value of the student's own, "lr = 1e-3",
    may be the answer)."""
    numbers = re.findall(r"\d+(?:\.\d+)?", line.split("=", 1)[-1])
    return bool(numbers) and _sets_values(line) and all(
        re.search(rf"(?<![\d.]){re.escape(n)}(?![\d])", question) for n in numbers)
WHOLE_ANSWER_WORDS = 60
"""Answers up to this many words are also matched as a whole: a key point may be stated
across two bullets ("greyscale" / "2-D array: 0 to 255")."""


def _prepare(item: AnswerInput, vocabulary: frozenset[str] = frozenset(), cues: CourseCues = NO_CUES) -> _Prepared:
    reading = read(without_withdrawn(without_outputs(item.text)), vocabulary, cues)
    original, item = item.text, replace(item, text=reading.text)
    q = item.question
    kps = q.key_points or reference_key_points(q)
    # "import math" says nothing the student knows: its names alone would match a model answer that names them
    spans = [s for s in sentences(item.text, lines=True) if not IMPORT_LINE.match(s.text)]
    given = [s for s in spans if _given(s.text, q.text)]
    if given and len(given) < len(spans):  # the question's data set up, then the code that answers
        spans = [s for s in spans if s not in given]
    if spans and (cut := yes_no_lead(spans[0].text, q.text)):
        # "No pytorch already knows how…": the "No" answers the question, it denies nothing that follows
        spans[0] = replace(spans[0], answer_word=cut)
    whole = item.text.strip()
    whole_span = []
    if len(spans) > 1 and len(whole.split()) <= WHOLE_ANSWER_WORDS:
        whole_span = [Span(whole, item.text.find(whole), item.text.find(whole) + len(whole),
                           yes_no_lead(whole, q.text))]
    if any(kp.id.startswith(ITEM) for kp in kps) or (asked_count(q.text) or 0) >= 2:
        # "photos vs videos, lighting, bears hiding behind trees, etc.": each listed thing may state one of the things
        # asked for, which the sentence as a whole, about all of them, is too far from
        pieces = answer_pieces(item.text, asked_count(q.text) or 0)
        if len(pieces) > len(spans):
            whole_span += [Span(p, at, at + len(p)) for p in pieces for at in [max(item.text.find(p), 0)]]
    # "# numbers explode -> nan" inside the student's code says in words what the code shows
    whole_span += code_comments(item.text)
    already = {w.text for w in whole_span}
    whole_span += [c for s in spans for c in (*clause_spans(s), *labelled_spans(s)) if c.text not in already]
    return _Prepared(item, kps, not q.key_points, spans, whole_span, reading, detectors.uncalled(original))


CLAUSE_WORDS = 3
"""Fewest words each clause of a sentence has before the sentence's clauses are also matched on their own."""
_CLAUSE_BREAK = re.compile(r",?\s+(?:" + lang.patterns(lang.SECOND_STATEMENTS) + r")\b", re.IGNORECASE)
"""Where a sentence joins a second statement to the first (`lang.SECOND_STATEMENTS`). A consequence ("…, so we only
use a few items") or a contrast is part of the statement it follows."""
_JOINER = re.compile(r",?\s+\w+\s+")


def clause_spans(sentence: Span) -> list[Span]:
    """The clauses of a sentence that joins two statements ("It is a very smooth curve and it returns at most 1"),
    as spans of the answer, when each has CLAUSE_WORDS words or more; [] for a sentence of one statement. A
    sentence embedding of two statements sits between them, near neither."""
    bounds, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence.text):  # the subject opens the second clause: "it returns at most 1"
        bounds.append((start, m.start()))
        joiner = _JOINER.match(m.group())
        start = m.start() + (joiner.end() if joiner else 0)
    bounds.append((start, len(sentence.text)))
    pieces = [(a, b) for a, b in bounds if sentence.text[a:b].strip()]
    if len(pieces) < 2 or any(len(sentence.text[a:b].split()) < CLAUSE_WORDS for a, b in pieces):
        return []
    return [Span(sentence.text[a:b].strip(" .,"), sentence.start + a, sentence.start + b) for a, b in pieces]


_LABEL = re.compile(r"(?:^|(?<=[,;])\s+)([^\W\d_][\w/'-]*(?:\s+[\w/'-]+){0,2}):\s+(?=\S)")
"""A label of one to three words and its colon, opening a sentence or after a comma ("data: what users bought")."""
LABELS = 2
"""Fewest labels a sentence lists before each labelled piece is matched on its own."""


def labelled_spans(sentence: Span) -> list[Span]:
    """The labelled pieces of a sentence that lists them ("objective: drive sales, data: what users have bought,
    levers: what products we show"), each from its label to the next, as spans of the answer; [] for a sentence that
    opens with no label or lists fewer than LABELS. The sentence as a whole, about all of them, is near none."""
    text = sentence.text
    found = [m for m in _LABEL.finditer(text) if "://" not in text[m.start():m.end() + 2]]
    if len(found) < LABELS or text[:found[0].start()].strip():
        return []
    bounds = [m.start(1) for m in found] + [len(text)]
    pieces = [(a, text[a:b].rstrip(" .,;")) for a, b in pairwise(bounds)]
    return [Span(piece, sentence.start + a, sentence.start + a + len(piece)) for a, piece in pieces
            if len(piece.split()) >= 2]


COMMENT_WORDS = 3
"""Fewest words a comment in the student's code has to be read for its meaning."""


def code_comments(text: str) -> list[Span]:
    """The comments of the code blocks of an answer that say something in words, as spans of it."""
    return [s for s in fenced_comments(text) if len(s.text.split()) >= COMMENT_WORDS]


UNTOUCHED = 0.2
"""Strength below which nothing in the answer comes near a point of the reference: not said in other words,
not half said, not touched."""
_QUESTION_SENTENCE = re.compile(r"[^?]+\?")


_ASKING = r"(?:why|how|what|when|which|where)\b"
_SECOND_ASK = re.compile(rf"(?:,\s*|\s)and\s+{_ASKING}|[.]\s+{_ASKING}[^.?]*\?", re.IGNORECASE)
"""A second question joined to the first in one sentence ("What is tanh, and how is it related to sigmoid?", "What is
weight decay and why does it help?"), or asked after a task ("Describe the 1cycle schedule. Why warm up?")."""


def _asks_several(question: str) -> bool:
    """The question asks in more than one question sentence ("What is X? Why do we need it?"), or joins a second
    question to the first (", and why…")."""
    return _asks_count(question) >= 2


def _asks_count(question: str) -> int:
    """How many questions the question asks: its question sentences, or two when it joins a second to the first."""
    return max(len(_QUESTION_SENTENCE.findall(question)), 2 if _SECOND_ASK.search(question) else 1)


_STATEMENT_BREAK = re.compile(r"[.!?;]\s+|\n+|,\s+(?![^()\[\]]*[)\]])|\s[-–—]+>?\s|\s*(?:->|→|=>)\s*")
"""Where an answer goes on to another statement: a sentence's end, a new line, a comma outside brackets, a dash or an
arrow ("too big - diverge, too small - slow")."""


def _statements(text: str) -> int:
    """How many statements a short answer makes ("Predicting a number. Use MSE." two; "Mixing images." one)."""
    return sum(1 for piece in _STATEMENT_BREAK.split(text.strip())
               if re.search(r"\w", piece) and not FENCE_LINE.fullmatch(piece.strip()))  # "```python" says nothing


CONTRADICTION_AT = 0.23
"""Reference-only mode: learned P(contradicts the reference) from which it is reported."""


def _learned_estimates(prepared: list[_Prepared], embedder: str,
                       model: CorrectnessModel | None = None) -> list[CorrectnessScore | None]:
    from .correctness import score_answers

    todo = [(i, p) for i, p in enumerate(prepared) if p.item.text.strip() and p.item.question.reference]
    out: list[CorrectnessScore | None] = [None] * len(prepared)
    if not todo:
        return out
    try:
        triples = [(p.item.question.text, p.item.question.reference, p.item.text) for _, p in todo]
        if model is not None:
            scores = model.score(triples, get_embedder(model.embedder))
        else:
            scores = score_answers(triples, embedder=embedder)
    except ModelError as exc:  # the rubric signals still grade; say why the learned one is absent
        log.warning("grading without the learned correctness model: %s", exc)
        return out
    for (i, _), s in zip(todo, scores, strict=True):
        out[i] = s
    return out


def _sims(vectors: dict[str, np.ndarray], spans: list[str], refs: Sequence[str]) -> np.ndarray:
    if not spans or not refs:
        return np.zeros((len(spans), len(refs)), dtype=np.float32)
    a = np.stack([vectors[s] for s in spans])
    b = np.stack([vectors[r] for r in refs])
    return np.asarray(a @ b.T)


def _grade(prep: _Prepared, vectors: dict[str, np.ndarray], estimate: CorrectnessScore | None,
           run_code: bool, pool: Sequence[str] = (), second: dict[str, np.ndarray] | None = None) -> Judgement:
    q, text = prep.item.question, prep.item.text
    findings: list[Finding] = []
    attachments = prep.item.attachments
    if not text.strip():
        if attachments or any(p.attachment for p in q.parts) and attachments:
            findings += detectors.missing_attachments(q, attachments)
            return Judgement(q.id, 0.0, "unassessable", 0.9, tuple(findings), key_points=prep.key_points)
        note = shorten(" ".join(prep.item.note.split()), 100)
        blank = Finding(kind="empty", evidence=note, detail=f'you left this one for later ("{note}")') if note \
            else Finding(kind="empty", detail="no answer was given")
        return Judgement(q.id, 0.0, "missing", 1.0, (blank,), key_points=prep.key_points)
    pointer = detectors.points_elsewhere(text) or detectors.only_an_image(text, attachments)
    if pointer is not None:  # "Done in notebook", "[image: plot.png]": nothing here to assess, not a wrong answer
        return Judgement(q.id, 0.0, "unassessable", 0.8, (pointer,), key_points=prep.key_points)
    sentence_spans = prep.spans
    spans = [*prep.spans, *prep.whole]  # for meaning; cues and misconceptions read sentences
    span_texts = [s.text for s in spans]
    q_tokens = content_tokens(q.text)
    matches: dict[str, ItemMatch] = {}
    null = None
    if pool:
        pool_sims = _sims(vectors, span_texts, pool)
        null = (pool_sims.mean(axis=1), pool_sims.std(axis=1))
    kp_sims = {kp.id: _sims(vectors, span_texts, meaning_texts(kp)) for kp in prep.key_points}
    best_rows = {k: (s.max(axis=1) if s.size else np.full(len(spans), -1.0)) for k, s in kp_sims.items()}
    relative = {}
    if null is not None and second and any(t in second for t in span_texts):
        relative = _two_readings(prep, vectors, second, span_texts, pool)
    steps = bool(_ASKS_STEPS.search(q.text)) and len(sentence_spans) > 1 and len(prep.key_points) > 1
    for kp in prep.key_points:
        matches[kp.id] = match_key_point(kp, spans, kp_sims[kp.id], q_tokens, null, _siblings(best_rows, kp.id),
                                         cue_spans=sentence_spans, relative=relative.get(kp.id), asked=q.text,
                                         closest=steps)
    if steps:
        _one_step_per_sentence(prep.key_points, matches, spans, len(sentence_spans))
    misconception_hits = [(mc, m) for mc in q.misconceptions
                          if (m := match_misconception(mc, sentence_spans)).strength]
    # "`item_tfms` run on the GPU and `batch_tfms` on the CPU": every word on topic, said of the wrong thing. A
    # sentence so swapped in an answer that also says it the right way round ("Edit: Q14, I had x and y the wrong
    # way round…") is no misconception, but no evidence either.
    swap = None if misconception_hits else swapped_roles(q.text, q.reference or "", text)
    wrong_way = [] if swap else [
        span for span in sentence_spans if swapped_roles(q.text, q.reference or "", span.text)]
    if wrong_way:  # the key points are read again in the rest of the answer
        keep = [i for i, span in enumerate(spans) if not any(bad.text in span.text for bad in wrong_way)]
        for kp in prep.key_points:
            evidence = matches[kp.id].evidence.rstrip("…")
            if evidence and any(evidence in bad.text or bad.text in evidence for bad in wrong_way):
                rel, sib = relative.get(kp.id), _siblings(best_rows, kp.id)
                matches[kp.id] = match_key_point(
                    kp, [spans[i] for i in keep], kp_sims[kp.id][keep], q_tokens,
                    None if null is None else (null[0][keep], null[1][keep]), None if sib is None else sib[keep],
                    cue_spans=[s for s in sentence_spans if s not in wrong_way],
                    relative=None if rel is None else (rel[0][keep], rel[1][keep]), asked=q.text, closest=steps)
    _discount_misconceived(matches, [m.evidence for _, m in misconception_hits] + ([swap.evidence] if swap else []))
    opposed = _opposed(prep.key_points, matches, q.text)
    if (order := _steps_out_of_order(q.text, prep.key_points, matches, text, sentence_spans)) is not None:
        opposed.append(order)
    if prep.reference_only and not opposed and (said := opposite_of_reference(text, q.text, q.reference or "")):
        # "First layer of the model" where the model answer says "The last layers…": a few words, one of them turned
        opposed.append(Finding(kind="misconception", id=OPPOSITE_WORD, evidence=text.strip(), detail=said,
                               strength=1.0))
    # Marks, a side, a value or a name asked for: read once, on the answer's own words (`whole_answer.py`).
    whole = read_whole(text, q, prep.reference_only, _other_script(text))
    # "Yes, garbage in garbage out…" where the reference opens "No": what follows argues the other
    # side, and is on topic only; the embeddings cannot tell, so it states none of the reference's points.
    other_side = not misconception_hits and whole.opposite is not None
    if whole.wrong_words or other_side:
        for kp_id, m in list(matches.items()):
            matches[kp_id] = ItemMatch(min(m.strength, NAME_CAP), m.evidence, m.by, m.negated_evidence)
    code_findings = _code_findings(prep.reading.source, q) if run_code and (q.asks_code or q.checks) else []
    _credit_working_code(prep.key_points, matches, code_findings)
    _credit_named_items(prep, matches)
    _credit_worked_sums(prep, matches)
    _credit_named_code(prep, matches)
    _credit_implied(prep.key_points, matches)
    # A drawing that came as a file name cannot be assessed: leave its points out of the score.
    drawing_points = {pid for part in q.parts if part.attachment for pid in part.points} if attachments else set()
    assessable = [kp for kp in prep.key_points if kp.id not in drawing_points]
    for kp in assessable:
        m = matches[kp.id]
        if m.strength >= COVERED:
            findings.append(Finding(kind="key_point", id=kp.id, evidence=m.evidence, detail=kp.text,
                                    weight=kp.weight, strength=round(m.strength, 2)))
        else:
            findings.append(Finding(kind="missed_point", id=kp.id, evidence=m.negated_evidence,
                                    detail=kp.text, weight=kp.weight, strength=round(m.strength, 2)))
    if whole.wrong_value is not None:
        findings.append(whole.wrong_value)
    if whole.numbered is not None:  # "L1 regularization" for "L2 regularization": the number is the name
        findings.append(Finding(kind="misconception", id=OTHER_NUMBERED_NAME, evidence=whole.numbered[0],
                                detail=whole.numbered[1], strength=1.0))
    if whole.methods is not None:  # "__init__ and __del__" where the model answer says "__enter__ and __exit__"
        findings.append(Finding(kind="misconception", id=OTHER_METHODS, evidence=whole.methods[0],
                                detail=f"The methods are {whole.methods[1]}", strength=1.0))
    for mc, m in misconception_hits:
        findings.append(Finding(kind="misconception", id=mc.id, evidence=m.evidence,
                                detail=mc.correction, strength=m.strength))
    if swap is not None:
        findings.append(swap)
    findings += opposed
    findings += _parts(q, matches, bool(attachments), any(f.kind in CODE_RAN for f in code_findings))
    if not q.parts and (left := compared.left_out(q.text, text)):
        findings.append(left)  # "the difference between A and B" answered about B alone
    right_side = whole.yes_no is not None and whole.yes_no[0] == whole.yes_no[1]
    if not q.parts and whole.marks is None and (whole.yes_no is None or right_side) and \
            (bare := detectors.reason_left_out(q.text, text)):
        # "MSELossFlat" to "What is a good loss…? Why?", "The median" to "Is the mean or the median…? Why?": the
        # why is not there; strength 1 when what is there is right, for the feedback to say so
        right = right_side or whole.says_reference or any(f.kind == "key_point" for f in findings)
        findings.append(replace(bare, strength=1.0 if right else 0.0))
    if attachments:
        findings += detectors.missing_attachments(q, attachments)
    findings += code_findings
    if prep.reference_only and (bare := detectors.bare_expansion(q.text, text)):
        findings.append(bare)  # a rubric says itself what the answer needs beyond the letters
    if prep.reference_only and not q.parts and (no_example := detectors.example_left_out(q.text, text)):
        findings.append(no_example)  # a rubric's parts say it themselves
    for check in (detectors.self_contradiction(text), detectors.injection(text), whole.unknown, prep.uncalled):
        if check:
            findings.append(check)
    # A short answer that says what the reference says is neither off topic nor contradicting it.
    says_reference = whole.says_reference
    wrong_marks = marks_finding(text, q.reference, whole.marks)
    if wrong_marks is not None:  # "Yes to all" where the reference says false to all: wrong, not off topic
        findings.append(wrong_marks)
    # "No." to "Do we always have to use 224-pixel images?" is on topic, right as far as it goes.
    if whole.opposite is not None and not misconception_hits:  # the rubric's own misconception says it already
        findings.append(whole.opposite)
    if not misconception_hits and not says_reference and wrong_marks is None and whole.yes_no is None:
        findings += _off_topic(prep, vectors, matches, null, estimate.p_correct if estimate else None)
    if attachments and not any(m.strength >= COVERED for m in matches.values()) and \
            detectors.points_to_attachment(text):
        names = ", ".join(f'"{a}"' for a in attachments)
        findings.append(Finding(kind="attachment_missing", id="answer", evidence=attachments[0],
                                detail=f"your answer points to {names}, which did not come with the file, so "
                                       "it could not be assessed — send it again, or write the answer out"))
        return Judgement(q.id, 0.0, "unassessable", 0.8, tuple(findings), key_points=prep.key_points)
    total = sum(kp.weight for kp in assessable) or 1.0
    coverage = sum(kp.weight * min(matches[kp.id].strength, 1.0) for kp in assessable) / total
    central = max((kp.weight for kp in assessable), default=0.0)
    central_covered = bool(assessable) and all(
        matches[kp.id].strength >= CENTRAL_STATED for kp in assessable if kp.weight == central)
    decided = [m for kp in assessable if (m := matches[kp.id]).strength >= COVERED]
    cue_share = sum(m.by == "cue" for m in decided) / len(decided) if decided else 0.0
    p_correct = estimate.p_correct if estimate else None
    if whole.other_name and p_correct is not None:
        p_correct = min(p_correct, P_CORRECT - 0.01)
    # the learned estimate reads English: an answer in another language "contradicts" any reference; nor does it
    # read code: the code a question asks for is judged by running it
    if prep.reference_only and not says_reference and not decided and not other_side and estimate \
            and whole.wrong_value is None and compared.same_language(q.reference, text) \
            and not (q.asks_code and has_code(text)) \
            and estimate.p_contradiction is not None \
            and estimate.p_contradiction >= CONTRADICTION_AT and estimate.p_correct < P_DOUBT:
        findings.append(Finding(
            kind="misconception", id="contradicts-reference", evidence=shorten(text, 140), strength=0.5,
            detail=f"this seems to contradict the expected answer: {shorten(q.reference, 200)}"))
    items = [kp for kp in assessable if kp.id.startswith(ITEM)]
    asked = (asked_count(q.text) or 0) if items else 0
    if asked and answer_items(text, asked) >= asked and not says_one_not_known(text) and \
            not names_another_thing([kp.text for kp in items], text, q.text):
        asked = 0  # it lists as many things as asked: the embeddings may miss a short one ("how to get it")
    stated = sum(1 for kp in items if matches[kp.id].strength >= COVERED)
    if asked and (named := names_listed(text)):
        # "vision, nlp, medicine, games" for five areas: a list of four names states four things at most, however
        # many of the reference's listed things their words come close to
        stated = min(stated, named)
    ev = Evidence(coverage, central_covered, bool(decided), cue_share, p_correct, prep.reference_only, says_reference,
                  asked=asked, stated=stated,
                  untouched=prep.reference_only and not items and _asks_several(q.text)
                  and (_statements(text) < _asks_count(q.text) if says_reference else bool(decided))
                  and any(matches[kp.id].strength < UNTOUCHED for kp in assessable))
    score, verdict, confidence = decide(findings, ev)
    central_strength = min((min(matches[kp.id].strength, 1.0) for kp in assessable if kp.weight == central),
                           default=0.0)
    best = max((min(matches[kp.id].strength, 1.0) for kp in assessable), default=0.0)
    signals = (("coverage", round(coverage, 4)), ("central", round(central_strength, 4)), ("best", round(best, 4)),
               ("p_correct", round(p_correct, 4) if p_correct is not None else -1.0),
               ("p_contradiction", round(estimate.p_contradiction, 4)
                if estimate and estimate.p_contradiction is not None else -1.0),
               *((name, round(estimate.features[name], 4) if estimate and name in estimate.features else -1.0)
                 for name in PAIR_SIGNALS))
    return Judgement(q.id, score, verdict, confidence, tuple(findings), signals, prep.key_points)


def _two_readings(prep: _Prepared, vectors: dict[str, np.ndarray], second: dict[str, np.ndarray],
                  span_texts: list[str], pool: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each key point's relative reading of the sentences (`match.relative_reading`), with the
    z-scores of the sentences `second` has read averaged over the two embedders; the others
    keep the default embedder's reading alone."""
    kps = [kp for kp in prep.key_points if meaning_texts(kp)]
    read_twice = np.array([t in second for t in span_texts])
    rows: dict[str, np.ndarray] = {}
    zs: dict[str, list[np.ndarray]] = {}
    slacks: list[np.ndarray] = []
    for vecs in (vectors, second):
        texts = [t if t in vecs else "" for t in span_texts]
        known = [t for t in texts if t]
        sims = np.zeros((len(texts), len(pool)))
        if known:
            sims[[i for i, t in enumerate(texts) if t]] = _sims(vecs, known, pool)
        mean, spread = sims.mean(axis=1), np.maximum(sims.std(axis=1), 1e-6)
        slacks.append(SIBLING_SLACK / spread)
        for kp in kps:
            row = np.full(len(texts), -1.0)
            if known:
                row[[i for i, t in enumerate(texts) if t]] = _sims(vecs, known, meaning_texts(kp)).max(axis=1)
            rows.setdefault(kp.id, row)  # the default embedder's cosines
            zs.setdefault(kp.id, []).append((row - mean) / spread)
    z = {k: np.where(read_twice, (pair[0] + pair[1]) / 2, pair[0]) for k, pair in zs.items()}
    slack = np.where(read_twice, (slacks[0] + slacks[1]) / 2, slacks[0])
    out = {}
    for k, zk in z.items():
        others = [v for o, v in z.items() if o != k]
        own = zk >= np.max(np.stack(others), axis=0) - slack if others else np.ones(len(zk), dtype=bool)
        out[k] = (zk, own & (rows[k] >= Z_MIN_COS))
    return out


def _opposed(key_points: Sequence[KeyPoint], matches: dict[str, ItemMatch], asked: str) -> list[Finding]:
    """Key points read as stated by a sentence that says their opposite in their own frame ("the last layers"
    for "the first few layers"): the point is not stated, and the swapped word is a finding. Cues are the
    rubric's own reading and stand."""
    found = []
    for kp in key_points:
        m = matches[kp.id]
        if m.strength < CENTRAL_STATED or m.by not in ("embedding", "words"):
            continue
        swapped = opposite_words(m.evidence, kp.text, asked)
        if swapped is not None or opposite_words(m.evidence, kp.text) is not None:
            # the opposite word the question itself uses ("with a high lr at the start…" to "Why avoid a high
            # learning rate at the start?" where the point says to start low) is no claim of the student's, and no
            # finding; but the sentence speaks of the question's case, not of the point: it does not state it
            matches[kp.id] = ItemMatch(min(m.strength, 0.2), m.evidence, m.by, m.negated_evidence)
        if swapped is not None:
            found.append(Finding(kind="misconception", id=OPPOSITE_WORD, evidence=m.evidence, detail=kp.text,
                                 strength=1.0))
    return found


_ASKS_STEPS = re.compile(r"\b(?:what|which|list|name|give|describe|outline|show)\b[^?.]{0,40}"
                         r"\b(?:steps|stages|phases)\b|\b(?:steps|stages|phases) (?:of|in|to|for)\b"
                         r"|\bin (?:what|which|the right) order\b", re.IGNORECASE)
"""A question that asks for steps ("What are the three steps in…", "List the seven steps of…"), not one that only
names a step ("Why does SGD compute each step on a mini-batch?")."""
ORDERED_STEPS = 3
"""Fewest steps a question must ask for before their order is read: two things may come in either order."""


def _siblings(best_rows: dict[str, np.ndarray], kp_id: str) -> np.ndarray | None:
    """Per sentence, its best cosine to the key points other than `kp_id`."""
    others = [r for k, r in best_rows.items() if k != kp_id]
    return np.max(np.stack(others), axis=0) if others else None


def _one_step_per_sentence(key_points: Sequence[KeyPoint], matches: dict[str, ItemMatch], spans: Sequence[Span],
                           sentences_count: int) -> None:
    """In an answer to a question that asks for steps, one sentence or list item credited by similarity states
    one step: "Step parameters based on loss" is the update, not also the gradients before it. A sentence whose
    cues state a step gives no other step similarity credit; between steps credited by resemblance alone it
    goes to the one it resembles most, and the others are not stated by it. Two steps a sentence's cues both
    state stay stated. Nor does a stretch that runs over several of the answer's sentences (the spans after
    the first `sentences_count` are read for meaning only) state a step by resemblance: a list resembles
    each of its steps."""
    def place(evidence: str) -> int | None:  # the span quoted, or for a cue's clause the first that holds it
        stem = evidence.rstrip("…").strip()
        return next((i for i, s in enumerate(spans) if shorten(s.text, 140) == evidence),
                    next((i for i, s in enumerate(spans) if stem and stem in s.text), None))

    def several(i: int) -> bool:
        return i >= sentences_count and sum(len(s.text) > 3 and s.text in spans[i].text
                                            for s in spans[:sentences_count]) > 1

    taken: dict[int, str] = {}  # sentence -> the step it states
    claims = sorted(((int(m.by == "cue"), m.strength, kp.id, i) for kp in key_points
                     if (m := matches[kp.id]).strength >= COVERED and (i := place(m.evidence)) is not None),
                    reverse=True)
    for cue, _strength, kp_id, i in claims:
        if cue or not several(i):
            if taken.setdefault(i, kp_id) == kp_id or cue:
                continue
        m = matches[kp_id]
        matches[kp_id] = ItemMatch(min(m.strength, STEP_SHARED), m.evidence, m.by, m.negated_evidence)


def _steps_out_of_order(asked: str, key_points: Sequence[KeyPoint], matches: dict[str, ItemMatch],
                        text: str, spans: Sequence[Span]) -> Finding | None:
    """A question that asks for steps, answered with every one of them in another order than the key points give
    them ("1) limited scope deployment 2) manual process 3) gradual expansion"): the order is part of the answer.
    Only where each step's places are sure: every sentence its cues state it in, or the one its own words say it in
    (a sentence embedding may credit a step with the words of another); the steps are in order when some place of
    each comes no earlier than the one before ("SGD = stochastic gradient descent" before the list names no step
    out of order), and two steps may share a sentence."""
    if not _ASKS_STEPS.search(asked) or len(key_points) < ORDERED_STEPS:
        return None
    places: list[list[int]] = []
    for kp in key_points:
        m = matches[kp.id]
        if m.strength < COVERED or m.by not in ("cue", "words") or not m.evidence:
            return None
        if m.by == "cue":
            found = sorted({h.sentence.start for h in find_cues(kp.cues, list(spans)) if not h.negated})
        else:
            found = [text.find(m.evidence)] if text.count(m.evidence) == 1 else []
        if not found:
            return None
        places.append(found)
    last = -1
    for found in places:
        nxt = next((p for p in found if p >= last), None)
        if nxt is None:
            break
        last = nxt
    else:
        return None  # in order, as far as its places tell
    firsts = sorted((found[0], matches[kp.id].evidence) for found, kp in zip(places, key_points, strict=True))
    return Finding(kind="misconception", id=STEP_ORDER, evidence=shorten(" → ".join(e for _, e in firsts), 140),
                   detail=", then ".join(lc_first(kp.text) for kp in key_points), strength=1.0)


def lc_first(text: str) -> str:
    """`text` with its first letter in lower case (a step named inside a sentence; "ReLU" stays), no final stop."""
    text = text.strip().rstrip(".")
    return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]


def _discount_misconceived(matches: dict[str, ItemMatch], evidence: list[str]) -> None:
    """A key point credited only by similarity, in the very words that state a misconception
    ("A 3x3x3 tensor" is close to "three axes"), earns no credit."""
    for kp_id, m in list(matches.items()):
        if m.by in ("embedding", "words") and any(m.evidence and (m.evidence in e or e in m.evidence)
                                                   for e in evidence):
            matches[kp_id] = ItemMatch(min(m.strength, 0.2), m.evidence, m.by, m.negated_evidence)


CODE_RAN = frozenset({"code_ok", "code_wrong", "code_error"})
"""Code findings that say the student's code was run and judged."""


def _parts(q: Question, matches: dict[str, ItemMatch], has_attachments: bool,
           code_ran: bool = False) -> list[Finding]:
    """Parts of a multi-part question that none of the answer's statements address. A part
    that asks for a drawing is never "unanswered": a text file cannot carry the drawing, a
    description in words is credited by its key points, and a drawing that was attached but
    did not come along is reported by `missing_attachments`. Nor is a part that asks for code
    (all its points are stated in code) when the student's code ran: right or wrong, the part
    was answered, and the code findings say how well."""
    text_parts = [p for p in q.parts if p.points and not p.attachment]
    by_id = {kp.id: kp for kp in q.key_points}
    answered = {p.id for p in text_parts
                if any(matches[k].strength >= PART_ADDRESSED for k in p.points if k in matches)
                or (code_ran and all(k in by_id and _stated_in_code(by_id[k]) for k in p.points))}
    if not answered:
        return []  # nothing answered at all: the missed key points say it already
    return [Finding(kind="part_unanswered", id=p.id, detail=p.text) for p in text_parts if p.id not in answered]


NAME_CAP = 0.3
"""Most a key point of a name-or-term reference earns from an answer that names something else
(`short_answer.names_another_term`): on topic, but not stated."""
CODE_CREDIT = 0.85
"""Strength of a key point stated in code when the student's code runs and gives what is asked."""


def _credit_working_code(key_points: Sequence[KeyPoint], matches: dict[str, ItemMatch],
                         code_findings: Sequence[Finding]) -> None:
    """Key points stated in code (building the tensor, the filter of a comprehension) are
    shown by code that runs and gives the asked result, however the student wrote it: code is
    judged by cues and by running it, never by how much it resembles the rubric's example."""
    kinds = {f.kind for f in code_findings}
    if "code_ok" not in kinds or kinds & {"code_wrong", "code_error"}:
        return
    evidence = next(f.evidence for f in code_findings if f.kind == "code_ok")
    for kp in key_points:
        if _stated_in_code(kp) and matches[kp.id].strength < CODE_CREDIT:
            matches[kp.id] = ItemMatch(CODE_CREDIT, shorten(evidence, 140), "code")


def _credit_implied(key_points: Sequence[KeyPoint], matches: dict[str, ItemMatch]) -> None:
    """A key point that others imply (`KeyPoint.implied_by`) is stated when they all are, as strongly as the
    weakest of them, with the first one's words as evidence."""
    for kp in key_points:
        implying = [matches[k] for k in kp.implied_by if k in matches]
        if not implying or len(implying) < len(kp.implied_by) or matches[kp.id].strength >= COVERED:
            continue
        weakest = min(m.strength for m in implying)
        if weakest >= COVERED:
            matches[kp.id] = ItemMatch(weakest, implying[0].evidence, "implied")


def _credit_named_items(prep: _Prepared, matches: dict[str, ItemMatch]) -> None:
    """A thing a counting question asks for, with a short name, is stated by an answer sentence
    that holds the name's words ("`log_softmax` and `nll_loss`": weak for the embedders)."""
    items = [kp for kp in prep.key_points if kp.id.startswith(ITEM)]
    names = [kp.text for kp in items]
    asked = prep.item.question.text
    for i in named_items(names, prep.item.text, asked):
        kp = items[i]
        if matches[kp.id].strength < COVERED:
            where = next((s.text for s in prep.spans if i in named_items(names, s.text, asked)), prep.item.text)
            matches[kp.id] = ItemMatch(COVERED, shorten(where.strip(), 140), "words")


def _credit_worked_sums(prep: _Prepared, matches: dict[str, ItemMatch]) -> None:
    """A key point that works a sum out is stated by an answer that works out the same value ("2-1-1=0" for
    "w·x + b = 2·1 + (-1)·1 + (-1) = 0"): a formula is arithmetic, not words an embedding can weigh (`sums.py`)."""
    for kp in prep.key_points:
        if matches[kp.id].strength < COVERED and works_out(kp.text, prep.item.text):
            where = next((s.text for s in prep.spans if works_out(kp.text, s.text)), prep.item.text)
            matches[kp.id] = ItemMatch(1.0, shorten(where.strip(), 140), "value")


def _credit_named_code(prep: _Prepared, matches: dict[str, ItemMatch]) -> None:
    """A key point that is a name in code ("`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`") is stated by an
    answer that names it (`named_code.py`)."""
    for kp in prep.key_points:
        if matches[kp.id].strength < COVERED and \
                (where := names_the_code(kp.text, prep.item.text, prep.item.question.text)):
            matches[kp.id] = ItemMatch(1.0, shorten(where.strip(), 140), "name")


def _stated_in_code(kp: KeyPoint) -> bool:
    """A key point every example of which is code ("[2*x for x in a if x % 2]")."""
    return bool(kp.examples) and all(is_code(e) for e in kp.examples)


def _code_findings(text: str, q: Question) -> list[Finding]:
    try:
        from ..code import check_code
    except ImportError:
        return []
    return list(check_code(text, q))


OFF_TOPIC_Z = 0.5
_LINK = re.compile(r"\bhttps?://\S")
OFF_TOPIC_MIN_WORDS = 8
"""An answer with fewer content words is called off topic only when it is unrelated to the question."""
UNRELATED_COS, UNRELATED_P = 0.25, 0.1
"""An answer none of whose sentences stands this many standard deviations closer to the
question, its reference or its key points than to the course's other key points is off topic."""
PAIR_SIGNALS = ("cos_ra", "cos_ra_content", "char_r", "len_a", "tok_p", "tok_r")
"""Features of the (question, reference, answer) triple kept among a judgement's signals, so
that a calibration to a teacher's grades can weigh them directly (-1 when the learned model
did not run or lacks the feature)."""


def _off_topic(prep: _Prepared, vectors: dict[str, np.ndarray], matches: dict[str, ItemMatch],
               null: tuple[np.ndarray, np.ndarray] | None, p_correct: float | None) -> list[Finding]:
    """Off topic: nothing in the answer is credited, and its sentences are no closer to this
    question than to the course's other questions, or far from everything the question is
    about while the learned model, too, sees nothing right in it."""
    if any(m.strength >= 0.3 for m in matches.values()) or not prep.spans or _unread_language(prep.item.text):
        return []  # credited, empty, or in a language the default embedder cannot read: no evidence it is off topic
    if _LINK.search(prep.item.text):
        # "did it! flower classifier → https://…": what it links to may be the answer, which words cannot show
        return []
    short = len(content_tokens(" ".join(s.text for s in prep.spans))) < OFF_TOPIC_MIN_WORDS
    q = prep.item.question
    refs = [q.text] + ([q.reference] if q.reference else [])
    sims = _sims(vectors, [s.text for s in prep.spans], refs)
    off = False
    if null is not None:
        own = [t for kp in prep.key_points for t in meaning_texts(kp)]
        own += _clauses(q.reference)
        rows = _sims(vectors, [s.text for s in [*prep.spans, *prep.whole]], refs + own).max(axis=1)
        z = (rows - null[0]) / np.maximum(null[1], 1e-6)
        unrelated = float(rows.max()) < UNRELATED_COS and (p_correct is None or p_correct < UNRELATED_P)
        # A short answer gives too little for its closeness to other questions to mean much:
        # it is off topic only when it is unrelated to everything this question is about.
        off = unrelated or (not short and float(z.max()) < OFF_TOPIC_Z and float(rows.max()) < 0.45)
    else:
        shared = content_tokens(prep.item.text) & set().union(*(content_tokens(r) for r in refs))
        off = bool(sims.size) and float(sims.max()) < OFF_TOPIC_COS and not shared
    if off:
        return [Finding(kind="off_topic", id="off-topic", evidence=shorten(prep.spans[0].text, 100),
                        detail="the answer does not address the question")]
    return []

