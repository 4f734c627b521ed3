"""Anchors: the lines of a student's file that ask the pack's questions.

Every line is scored against every question (word overlap, character trigrams, multilingual
embeddings, the student's number, the line's shape); a monotone alignment that allows skips
picks the anchors, then confident matches out of order; a file with numbers and no question
text falls back to its numbers, and a label that names several questions (`## 19 & 20`) is the
anchor of each. Where each answer then ends is `answer_ends`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .domain import Pack, Question, SourceLine
from .grading.embed import Embedder
from .lang import VALUE_WORDS
from .line_shapes import LineShape
from .textutil import CODE_SPAN, content_tokens, fold, unshortened, with_expansions

ACCEPT = 0.42
"""Lowest score at which a line is taken as one of the pack's questions."""
OUT_OF_ORDER = 0.78
"""A line matching a question this well is taken even out of the document's order."""
ASKED_OUT_OF_ORDER, ASKED_MARGIN = 0.6, 0.4
"""A line that asks, matching one question this well and every other question this much less, is taken out of order
too: "what is the stem?" asked before "when is top five better than top one?", the questions in the learner's own
short words and order."""


def _trigrams(text: str) -> frozenset[str]:
    t = " ".join(fold(text).split())
    return frozenset(t[i : i + 3] for i in range(max(len(t) - 2, 0)))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _lexical(clean: str, targets: Sequence[tuple[frozenset[str], frozenset[str]]]) -> float:
    toks, grams = frozenset(content_tokens(clean)), _trigrams(clean)
    if not toks:
        return 0.0
    return max(0.5 * _dice(toks, t) + 0.5 * _dice(grams, g) for t, g in targets)


ASKED_PARTS = 3
"""The most question marks of a line up to which it is also read as a question."""


def _asked_part(clean: str) -> tuple[str, ...]:
    """The line, and the line up to each of its first question marks that more words follow ("18. What is data
    augmentation? Why is it needed? It can make your model more robust…" asks up to its second)."""
    marks = [at for at, c in enumerate(clean) if c == "?"][:ASKED_PARTS]
    return (clean, *(clean[: at + 1] for at in marks if clean[at + 1:].strip(" *_:-–—.\t")))


LONGEST_QUESTION = 600
"""The most characters of a question (a longer line is read as a question only up to one of its question marks)."""


def _spelt_out(shape: LineShape) -> str:
    """A line as read for a question: shorthand spelt out ("w/" → "with"), and, in a line that asks or a heading, the
    course's abbreviations followed by their words ("What is a CNN?", "## 11. CNN"). A statement keeps its
    abbreviations, numbered or not ("# Q16 loss: MSE, …" answers): spelt out, it would come nearer to its question
    than it is, and read as asking it."""
    text = unshortened(shape.clean)
    return with_expansions(text) if shape.asks or shape.heading is not None else text


_NUMBER_WORDS = {word: n for table in VALUE_WORDS.values() for word, n in table.items()} | {"one": 1}
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)


def _numerals(text: str) -> str:
    """`text` with its small numbers in figures, for matching words: "when is top five better than top one?" is
    "When is top-5 accuracy a better metric than top-1 accuracy?" retyped."""
    return _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m.group().lower()]), text)


def score_lines(shapes: Sequence[LineShape], pack: Pack, embedder: Embedder | None) -> np.ndarray:
    """(lines × questions) scores: how much each line reads as each question, about 0..1.2."""
    scores = np.zeros((len(shapes), len(pack.questions)))
    texts = [[q.text, *q.aliases] for q in pack.questions]
    targets = [[(frozenset(content_tokens(_numerals(t))), _trigrams(_numerals(t))) for t in ts] for ts in texts]
    # "16. What is bagging? - train many models…": the question and its answer on one line; the words
    # after the question dilute it, so the line is also read up to its question marks (a line too long to be a
    # question, only so: "18. What is data augmentation? Why is it needed? It can make…" and a paragraph of answer)
    heads = {i: tuple(t for t in _asked_part(_spelt_out(s)) if len(t) <= LONGEST_QUESTION)
             for i, s in enumerate(shapes) if s.clean and not s.layout and not s.labelled_answer}
    rows = [i for i, read in heads.items() if read]
    if not rows:
        return scores
    for i in rows:
        for j, target in enumerate(targets):
            scores[i, j] = max(_lexical(_numerals(t), target) for t in heads[i])
    if embedder is not None:
        flat = [t for ts in texts for t in ts]
        read = sorted({t for i in rows for t in heads[i]})
        line_sims = dict(zip(read, embedder.encode(read) @ embedder.encode(flat).T, strict=True))
        sims = np.stack([np.max([line_sims[t] for t in heads[i]], axis=0) for i in rows])
        col = 0
        for j, ts in enumerate(texts):
            best = sims[:, col : col + len(ts)].max(axis=1)
            col += len(ts)
            lex = scores[rows, j]
            # USE cosines of a question with its paraphrase sit around 0.6-0.9.
            scores[rows, j] = np.maximum(lex, 0.35 * lex + 0.65 * np.clip((best - 0.25) / 0.6, 0.0, None))
    for i in rows:
        s = shapes[i]
        marked = bool(s.heading or s.listed or s.number is not None)
        bonus = (0.1 if s.asks else 0.0) + (0.05 if marked else 0.0) - (0.25 if not (s.asks or marked) else 0.0)
        scores[i] += np.where(scores[i] > 0.25, bonus, 0.0)
        if s.number is not None:
            scores[i] += np.where(
                np.array([q.number for q in pack.questions]) == s.number, np.where(scores[i] > 0.25, 0.1, 0.0), 0.0
            )
    return scores


def _monotone(scores: np.ndarray, rows: Sequence[int]) -> list[tuple[int, int]]:
    """The (line, question) pairs, both in increasing order, that maximise the summed margin."""
    n, m = len(rows), scores.shape[1]
    # A line is far more likely the question it matches best than another it matches less well.
    picked = scores[list(rows)] if n else np.zeros((0, m))
    gain = picked - ACCEPT - (picked.max(axis=1, keepdims=True) - picked)
    best = np.zeros((n + 1, m + 1))
    move = np.zeros((n + 1, m + 1), dtype=np.int8)  # 0 skip line, 1 skip question, 2 match
    for a in range(1, n + 1):
        for b in range(1, m + 1):
            options = (best[a - 1, b], best[a, b - 1],
                       best[a - 1, b - 1] + gain[a - 1, b - 1] if gain[a - 1, b - 1] > 0 else -1.0)
            k = int(np.argmax(options))
            best[a, b], move[a, b] = options[k], k
    pairs: list[tuple[int, int]] = []
    a, b = n, m
    while a > 0 and b > 0:
        if move[a, b] == 2:
            pairs.append((rows[a - 1], b - 1))
            a, b = a - 1, b - 1
        elif move[a, b] == 1:
            b -= 1
        else:
            a -= 1
    return pairs[::-1]


def find_anchors(shapes: Sequence[LineShape], scores: np.ndarray, pack: Pack,
                 usable: Sequence[int]) -> tuple[dict[int, int], bool]:
    """Question index → the line index that asks it; True when found by the numbers alone."""
    rows = [i for i in usable if scores.shape[1] and scores[i].max() >= ACCEPT]
    # Of two copies of a question (a list of the questions, then the answered ones), prefer the
    # copy with text under it before the next question.
    answered = scores.copy()
    following = dict(zip(usable, [*usable[1:], None], strict=True))
    row_set = set(rows)
    for i in rows:
        nxt = following[i]
        if nxt is not None and nxt not in row_set:
            answered[i] += 0.04
    pairs = _monotone(answered, rows)
    for _ in range(3):
        taken_for_answers = _answer_lines(pairs, shapes, scores, usable)
        if not taken_for_answers:
            break
        rows = [i for i in rows if i not in taken_for_answers]
        pairs = _monotone(answered, rows)
    anchors = {j: i for i, j in pairs}
    taken = set(anchors.values())
    for j in range(len(pack.questions)):  # moved questions: confident matches out of order
        if j in anchors:
            continue
        free = [i for i in rows if i not in taken and int(np.argmax(scores[i])) == j]
        if free:
            i = max(free, key=lambda r: scores[r, j])
            if scores[i, j] >= OUT_OF_ORDER or (shapes[i].asks and scores[i, j] >= ASKED_OUT_OF_ORDER
                                                 and scores[i, j] - np.partition(scores[i], -2)[-2] >= ASKED_MARGIN):
                anchors[j] = i
                taken.add(i)
    _drop_list_items(anchors, shapes, scores, [q.number for q in pack.questions])
    _drop_other_numbers(anchors, shapes, scores, pack)
    _labels_over_titles(anchors, shapes, scores, pack, usable)
    numbered = _numbers_only(shapes, pack, usable, scores)
    if len(numbered) > 2 * max(len(anchors), 1) or (not anchors and _labels_only(numbered, shapes)) or \
            _answers_taken_for_questions(
            anchors, numbered, shapes, scores, [q.number for q in pack.questions]):
        return numbered, True
    lines = sorted(anchors.values())
    bare = sum(1 for i in lines if following[i] in taken)
    if len(lines) >= 3 and bare >= 0.6 * len(lines):  # the questions listed, then numbered answers below
        listed = max((i for i in lines if shapes[i].asks), default=lines[-1])  # not an answer found by its words
        while (nxt := following.get(listed)) is not None and nxt in taken:  # the list goes on: "34. Use…"
            listed = nxt
        after = [i for i in usable if i > listed]
        given = [(n, j) for j, i in anchors.items() if i <= listed and (n := shapes[i].number) is not None]
        own = dict(given)
        renumbered = len(own) == len(given) >= 2 and \
            sum(n != pack.questions[j].number for n, j in given) * 2 > len(given)
        # the student listed the questions under numbers of their own ("1. What is a recurrent neural network?" for
        # the pack's 6): the answers below go by those numbers
        below = _own_numbers(shapes, own, after) if renumbered else _numbers_only(shapes, pack, after, scores)
        # a list of the questions asks, mostly; numbered answers, one of which opens by asking ("11) Why not the
        # training set? Because…"), do not
        asking = [shapes[i].asks for i in lines if i <= listed]
        if len(below) >= 0.5 * len(lines) and sum(asking) >= LISTED_ASK * len(asking):
            return below, True
    return anchors, False


LISTED_ASK = 0.5
"""Share of the lines of a list of the questions (above the numbered answers) that ask."""
SAME_NUMBERS = 0.8
"""Share of the numbered questions found whose number is the pack's from which the file numbers as the pack does."""
COPIED = 0.95
"""A line's score from which it is taken for a copy of the question, whatever its number."""


def _labels_over_titles(anchors: dict[int, int], shapes: Sequence[LineShape], scores: np.ndarray, pack: Pack,
                        usable: Sequence[int]) -> None:
    """A line that labels its question by number ("**Q10. The two pieces of cross-entropy loss?**") asks it, not a
    line with no number found by its words less surely ("## Cross-Entropy Loss", a section of the chapter's own
    title): the answer under the label had been glued to the answer above, and the question told "not in your
    file"."""
    by_number = {q.number: j for j, q in enumerate(pack.questions)}
    taken = set(anchors.values())
    for i in usable:
        shape = shapes[i]
        j = by_number.get(shape.number) if shape.number is not None else None
        if j is None or not shape.named or shape.group or i in taken or (k := anchors.get(j)) is None:
            continue
        if shapes[k].number is None and scores[i, j] > scores[k, j]:
            anchors[j] = i
            taken = (taken - {k}) | {i}


def numbered_as_pack(anchors: dict[int, int], shapes: Sequence[LineShape], numbers: Sequence[int]) -> bool:
    """The questions found carry their numbers in the pack (most of them, three at least): the file numbers its
    questions as the questionnaire does, not in its own way."""
    numbered = [(i, j) for j, i in anchors.items() if shapes[i].number is not None]
    same = sum(shapes[i].number == numbers[j] for i, j in numbered)
    return len(numbered) >= 3 and same >= SAME_NUMBERS * len(numbered)


def _drop_other_numbers(anchors: dict[int, int], shapes: Sequence[LineShape], scores: np.ndarray,
                        pack: Pack) -> None:
    """In a file numbered as the pack is, a line numbered as a question the pack leaves out ("**4. What is a dense
    embedding?**" where the pack has no question 4) asks that question, even when its words come close to another
    question's ("6. What kinds of datasets are entity embeddings…"): it is not that question's line; nor is a line
    numbered as another of the pack's questions, which asks that one."""
    numbers = [q.number for q in pack.questions]
    numbered = [(i, j) for j, i in anchors.items() if shapes[i].number is not None]
    # a line numbered as another of the pack's questions asks that one ("**Q33 – dropout scaling: why, when**" is
    # question 33 in a file numbered as the pack, though its few words come closer to question 32's): the file's
    # other numbered questions say whether it numbers as the pack does
    for i, j in numbered:
        number = shapes[i].number
        own = numbers.index(number) if number is not None and number in numbers else None
        # a label that names its number over an answer that asks nothing ("Q25: cell state and hidden state") names its
        # question, in any file; one over a question in the student's words ("Question 9: What is broadcasting?") may
        # number it the student's own way
        labelled = shapes[i].named and not shapes[i].asks
        if own is None or own == j or scores[i, j] >= COPIED or shapes[i].group or not (labelled or
                numbered_as_pack({b: a for b, a in anchors.items() if a != i}, shapes, numbers)):
            continue
        del anchors[j]
        if own not in anchors:
            anchors[own] = i
    if not numbered_as_pack(anchors, shapes, numbers):
        return
    numbered = [(i, j) for j, i in anchors.items() if shapes[i].number is not None]
    for i, j in numbered:
        if shapes[i].number not in numbers and 0 < (shapes[i].number or 0) <= max(numbers) and scores[i, j] < COPIED:
            del anchors[j]


def _drop_list_items(anchors: dict[int, int], shapes: Sequence[LineShape], scores: np.ndarray,
                     numbers: Sequence[int]) -> None:
    """Numbered lines found by their words that are items of a list inside an answer ("1. Initialise the weights
    randomly" read like "How are a model's weights initialised?"), not questions: in a file whose questions found
    under their pack numbers (three at least) are lines of one kind ("## 14. List the seven steps…"), a numbered line
    of another kind under another number, or one under another number lower than that of the question found above
    it (the numbering starts again: "14) The seven steps:" over "1) Initialise…"); where most numbered lines found
    (three at least) are of one kind and indentation, a numbered line indented deeper (Word's "List Number 2" under
    the question "9. List the seven steps…"). And where most questions found are numbered (two at least), a line
    with no number and no question mark that does not stand apart as a heading or in bold, and reads less like its
    question than a copy would ("- Calculate the loss." under "9. List the seven steps…", though it starts like a
    task)."""
    kind = _list_kind
    same = [i for j, i in anchors.items() if shapes[i].number == numbers[j]]
    kinds = {kind(shapes[i]) for i in same}
    asked = kinds.pop() if len(same) >= 3 and len(kinds) == 1 else None
    numbered = [shapes[i] for i in anchors.values() if shapes[i].number is not None]
    counts = Counter(kind(shape) for shape in numbered)
    usual, most = counts.most_common(1)[0] if counts else (None, 0)
    indent = next((shape.indent for shape in numbered if kind(shape) == usual), None) if (
        most >= 3 and 2 * most > len(numbered)) else None
    above = sorted((i, numbers[j]) for j, i in anchors.items() if i in same)
    numbered_file = len(numbered) >= 2 and 2 * len(numbered) > len(anchors)
    for j, i in list(anchors.items()):
        number = shapes[i].number
        if scores[i, j] >= COPIED:
            continue
        if number is None:
            shape = shapes[i]
            if numbered_file and scores[i, j] < ANSWER_LIKE and not (
                    "?" in shape.clean or shape.heading is not None or shape.marked or shape.group):
                del anchors[j]  # "- Calculate the loss." under "9. List the seven steps…": a step, not a task set
            continue
        last = max((n for line, n in above if line < i), default=None) if len(same) >= 3 else None
        if (asked is not None and number != numbers[j] and kind(shapes[i]) != asked) or (
                indent is not None and shapes[i].indent > indent) or (
                last is not None and number != numbers[j] and number < last):  # "14) The seven steps:" / "1) …"
            del anchors[j]


def _list_kind(shape: LineShape) -> tuple[object, ...]:
    """How a line is set out: heading level, list marker, emphasis, indentation."""
    return shape.heading, shape.listed, shape.marked, shape.indent


ANSWER_LIKE = 0.75
"""Below this closeness to its question, a numbered line that does not ask is more likely the
answer to that question than a copy of it."""


def _answer_lines(pairs: Sequence[tuple[int, int]], shapes: Sequence[LineShape], scores: np.ndarray,
                  usable: Sequence[int]) -> set[int]:
    """The lines taken for a question that are the first words under the question found just above them, and
    say rather than ask: no question mark or question word, no heading, number or emphasis, and read like their
    question less than a copy would (ANSWER_LIKE) and less than the line above reads like its own. A bullet
    under "Question 9: What is broadcasting?" that says "PyTorch expands the smaller tensor…" answers it, even
    though it reads a little like "What does view do?"."""
    found = dict(pairs)
    content = [i for i in usable if shapes[i].clean]
    above = dict(zip(content[1:], content, strict=False))
    lines = set()
    for i, j in pairs:
        s, k = shapes[i], above.get(i)
        if (k in found and not s.asks and s.heading is None and s.number is None and not s.marked
                and scores[i, j] < min(ANSWER_LIKE, scores[k, found[k]])):
            lines.add(i)
    return lines


def _answers_taken_for_questions(anchors: dict[int, int], numbered: dict[int, int], shapes: Sequence[LineShape],
                                 scores: np.ndarray, numbers: Sequence[int]) -> bool:
    """A numbered list of answers with no question text ("3) Average the pixels of…"): answers
    resemble their own questions, so most lines found by their words are the student's numbered
    lines, under the same numbers, none of these asks, and most are less close than a copy of the
    question would be. Then the numbers, not the words, say where each answer starts.
    A line found by its words that is an item of a list inside an answer ("14/ the seven steps:"
    then "1. initialize the weights", read like "How are a model's weights initialised?") says
    nothing either way: its number is another question's, and it breaks the run of the student's
    numbers (`numbered` passed it by)."""
    inside = {i for i in numbered.values()}
    anchors = {j: i for j, i in anchors.items()
               if shapes[i].number is None or i in inside or shapes[i].number == numbers[j]}
    if not anchors or len(numbered) < len(anchors):
        return False
    agree = [(j, i) for j, i in anchors.items() if numbered.get(j) == i]
    if len(agree) < NUMBERS_AGREE * len(anchors) or any(shapes[i].asks for _, i in agree):
        return False
    # an answer may say its question's words back ("7/ RMSE is root mean squared error…"), and a list inside an
    # answer may read like a later question ("1. initialize the weights"): most lines do neither
    return bool(sum(scores[i, j] < ANSWER_LIKE for j, i in agree) >= NUMBERS_AGREE * len(agree))


NUMBERS_AGREE = 0.8
"""Share of the lines found by their words that must be the student's numbered lines under the same numbers, and of
those that must read less like their questions than a copy would, for a numbered list to be answers with no
question text."""


def _labels_only(numbered: dict[int, int], shapes: Sequence[LineShape]) -> bool:
    """A file in which no question is found by its words, whose numbered lines name their questions: two or more
    ("### Question 35", "### Question 37" over two answers), or one label that names its question ("Q25: cell state
    and hidden state"). Refusing the file would lose answers its student labelled."""
    return len(numbered) >= 2 or any(shapes[i].named or shapes[i].heading is not None for i in numbered.values())


def _own_numbers(shapes: Sequence[LineShape], own: dict[int, int], usable: Sequence[int]) -> dict[int, int]:
    """Anchors from the student's own numbers (`own`: the number they gave each question they listed → its index): the
    least-indented lines numbered so, the first of each number, in order."""
    numbered = [i for i in usable if shapes[i].number in own]
    if not numbered:
        return {}
    base = min(shapes[i].indent for i in numbered)
    anchors: dict[int, int] = {}
    for i in numbered:
        number = shapes[i].number
        if number is not None and shapes[i].indent == base and own[number] not in anchors:
            anchors[own[number]] = i
    return anchors


def _numbers_only(shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int],
                  scores: np.ndarray | None = None) -> dict[int, int]:
    """Anchors from the student's numbers alone: the least-indented numbered lines, in order."""
    by_number = {q.number: j for j, q in enumerate(pack.questions)}
    numbered = [i for i in usable if shapes[i].number is not None and shapes[i].number in by_number]
    if numbered and _title_number(numbered, shapes):
        numbered = numbered[1:]
    shapes = _parts_counted_on(_counted_on_after_merges(shapes, numbered), numbered, by_number, scores)
    numbered = [i for i in numbered if shapes[i].number in by_number]
    if not numbered:
        return {}
    base = min(shapes[i].indent for i in numbered)
    named = Counter(shapes[i].number for i in numbered if shapes[i].named and shapes[i].indent == base)
    anchors: dict[int, int] = {}
    last = 0
    at_base = [i for i in numbered if shapes[i].indent == base]
    if _own_order_labels(at_base, shapes):
        return {by_number[n]: i for i in at_base if (n := shapes[i].number) is not None}
    for i, nxt in zip(numbered, [*numbered[1:], None], strict=True):
        number = shapes[i].number
        if number is not None and number <= last and by_number[number] not in anchors and \
                _starts_again(i, at_base, shapes, last):
            last = number - 1  # "**24.** …" then "**1.** … **2.** … **6.** …": the numbering starts again
        if shapes[i].indent == base and number is not None and number > last:
            anchors[by_number[number]] = i
            after = None if nxt is None else shapes[nxt]
            last = number if _counts_on_inside(shapes[i], after) else max((number, *shapes[i].group))
        elif number is not None and by_number[number] not in anchors and (shapes[i].heading is not None or (
                shapes[i].indent == base and (_swapped(number, last, anchors, by_number)
                                              or (shapes[i].named and named[number] == 1)
                                              or _added_last(i, at_base, shapes) or _alone(i, at_base, shapes)))):
            # a question answered out of order under its own heading or number, or by its label ("Q1 - …" after
            # "Q7 - …": the student answered in an order of their own), added at the end ("3) …" after "17) …"), or
            # a number no item of a list counts on from or to ("5. …" between "15. …" and "9. …")
            anchors[by_number[number]] = i
    return anchors


RESTART = 3
"""The highest number a part's numbering may start again at ("## Part 2" over "1. …", or "2. …" when its first
question was skipped)."""


SKIPPED_AT_END = 2
"""How many questions at the end of a part may have been skipped, unnumbered, before the next part starts again at 1."""


def _parts_counted_on(shapes: Sequence[LineShape], numbered: Sequence[int], by_number: dict[int, int],
                      scores: np.ndarray | None) -> list[LineShape]:
    """`shapes` with a part's numbers read as the pack's: under a heading ("## Part 2"), a numbering that starts again
    at 1 after the part above ran up to N goes on from N, when the pack has questions past N for all of it ("1." under
    "## Part 2" answers question 12 after a part 1 that ended at 11). Where a question at the end of the part above was
    skipped, the shift that puts the part's answers nearest the questions they are about (`scores`) is taken."""
    out, shift, kind, top = list(shapes), 0, None, 0

    def numbers(j: int) -> tuple[int, ...]:
        return tuple(n for n in (shapes[j].number, *shapes[j].group) if n is not None)

    for k, (prev, i) in enumerate(zip(numbered, numbered[1:], strict=False)):
        top = max(top, *(n + shift for n in numbers(prev)))
        start = shapes[i].number
        if start is not None and start <= RESTART and start < top and \
                _list_kind(shapes[i]) == _list_kind(shapes[prev]) and \
                any(shapes[h].heading is not None and shapes[h].number is None for h in range(prev + 1, i)):
            part = [j for j in numbered[k + 1:] if _list_kind(shapes[j]) == _list_kind(shapes[i])]
            shifts = [s for s in range(top, top + SKIPPED_AT_END + 1)
                      if all(n + s in by_number for j in part for n in numbers(j))]
            if shifts:
                shift, kind = max(shifts, key=lambda s: (sum(float(scores[j, by_number[numbers(j)[0] + s]])
                                                             for j in part) if scores is not None else 0.0, -s)), \
                    _list_kind(shapes[i])
        if shift and _list_kind(shapes[i]) == kind and start is not None:
            out[i] = replace(shapes[i], number=start + shift, group=tuple(n + shift for n in shapes[i].group))
    return out


def _counts_on_inside(shape: LineShape, after: LineShape | None) -> bool:
    """An item that names a question far ahead as well as its own ("14) + 22) the code ones, later") is followed by the
    numbers between the two ("15) …"): the numbering goes on from its own number, not from the last it names."""
    return bool(shape.group) and after is not None and after.number is not None and shape.number is not None \
        and shape.number < after.number < max(shape.group) and after.number not in shape.group


def _counted_on_after_merges(shapes: Sequence[LineShape], numbered: Sequence[int]) -> list[LineShape]:
    """`shapes` with the numbers after an item that answers several questions ("8. (8 + 9) `~` is…") read as the pack's,
    when the student's numbering counts on from the item's own number ("9. lets you run stuff…" answers question 10):
    the items of its kind after it are behind the pack's by the questions it merged."""
    out, shift, kind = list(shapes), 0, None
    for i, nxt in zip(numbered, [*numbered[1:], None], strict=False):
        shape = shapes[i]
        if shift and _list_kind(shape) == kind and shape.number is not None:
            out[i] = replace(shape, number=shape.number + shift,
                             group=tuple(n + shift for n in shape.group))
        if shape.group and shape.number == shape.group[0] and nxt is not None \
                and _list_kind(shapes[nxt]) == _list_kind(shape) and shapes[nxt].number == shape.number + 1:
            shift, kind = shift + shape.group[-1] - shape.number, _list_kind(shape)
    return out


def _title_number(numbered: Sequence[int], shapes: Sequence[LineShape]) -> bool:
    """The first numbered line is a title with the chapter's number ("## 19 - learner from scratch, questionnaire"):
    a heading over numbered lines of another kind that start below its number and count on through it again."""
    first, rest = shapes[numbered[0]], [shapes[i] for i in numbered[1:]]
    return first.heading is not None and len(rest) >= 3 and all(_list_kind(r) != _list_kind(first) for r in rest) \
        and rest[0].number is not None and first.number is not None and rest[0].number < first.number \
        and any(r.number == first.number for r in rest)


def _own_order_labels(at_base: Sequence[int], shapes: Sequence[LineShape]) -> bool:
    """The numbered lines are labels set apart alike, no item of a Markdown list, each number once (three at least):
    "**11 & 12:** …", "**29, 32:** …", "**19.** …", "**24.** …", "**1.** …": the student answered in an order of their
    own, and every label names its question wherever it stands."""
    kinds = {_list_kind(shapes[i]) for i in at_base if not shapes[i].group}
    numbers = [n for i in at_base for n in (shapes[i].group or (shapes[i].number,))]
    return len(at_base) >= 3 and len(kinds) == 1 and not any(shapes[i].listed for i in at_base) \
        and len(set(numbers)) == len(numbers)


def _starts_again(i: int, at_base: Sequence[int], shapes: Sequence[LineShape], last: int) -> bool:
    """Line `i`'s number, below the numbering's `last`, starts the student's numbering again ("**24.** …" then "**1.**
    …", "**2.** …", "**3.** …", "**6.** …": they answered some questions first): it is set out as the numbered line
    before it is, its lines count on from it, and the numbered line after them goes on below `last` and above them.
    A list inside the answer above ("7. List the steps" over "1. … 2. … 3.") ends, or numbering goes on past `last`
    ("8. …")."""
    at = at_base.index(i) if i in at_base else -1
    if at < 1 or _list_kind(shapes[at_base[at - 1]]) != _list_kind(shapes[i]):
        return False
    top, k = max((shapes[i].number or 0, *shapes[i].group)), at + 1
    while k < len(at_base) and shapes[at_base[k]].number == top + 1:
        top, k = max((top + 1, *shapes[at_base[k]].group)), k + 1
    nxt = shapes[at_base[k]].number if k < len(at_base) else None
    return nxt is not None and top < nxt <= last


def _added_last(i: int, at_base: Sequence[int], shapes: Sequence[LineShape]) -> bool:
    """Line `i` is the last numbered line of the file's numbering, going back to a question skipped on the way ("3)
    multiply each weight…" after "17) …"): not an item of a list inside the last answer, which counts on from the
    item before it ("1) … 2) … 3) …")."""
    if not at_base or i != at_base[-1] or len(at_base) < 3:
        return False
    before = shapes[at_base[-2]].number
    return before is not None and shapes[i].number is not None and shapes[i].number not in (before + 1, 1)


def _alone(i: int, at_base: Sequence[int], shapes: Sequence[LineShape]) -> bool:
    """Line `i`'s number neither counts on from the numbered line before it nor leads to the one after it, and is no
    list's first ("5. Flatten removes…" between "15. …" and "9. …"): the answers numbered in an order of the student's
    own, not an item of a list inside an answer ("1. … 2. … 3. …")."""
    number, at = shapes[i].number, at_base.index(i) if i in at_base else -1
    if number is None or number == 1 or at < 0:
        return False
    beside = {shapes[k].number for k in at_base[max(at - 1, 0):at + 2] if k != i}
    return number - 1 not in beside and number + 1 not in beside


def _swapped(number: int, last: int, anchors: dict[int, int], by_number: dict[int, int]) -> bool:
    """`number` comes after `last` as answers swapped ("Q18 …" then "Q17 …"): the pack's questions after it up
    to `last`, one or two, all have their answers, so it is the hole just below, not a list inside an answer."""
    between = [n for n in by_number if number < n <= last]
    return 0 < len(between) <= SWAP and all(by_number[n] in anchors for n in between)


SWAP = 2
"""The most questions an answer may come after and still be taken for its own, out of order."""


def group_anchors(anchors: dict[int, int], shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int]) -> None:
    """Add the labels that name several questions answered together (`## 19 & 20`, `**19, 20.**`)
    and hold no question text: each is the anchor of its first question when none of its
    questions was found elsewhere and its numbers fall between those of the questions found
    before and after it (so a `3, 4.` inside an answer is not taken for a label)."""
    by_number = {q.number: j for j, q in enumerate(pack.questions)}
    for i in usable:
        group = shapes[i].group
        if not group or i in anchors.values() or any(n not in by_number or by_number[n] in anchors for n in group):
            continue
        before = [pack.questions[j].number for j, k in anchors.items() if k < i]
        after = [pack.questions[j].number for j, k in anchors.items() if k > i]
        if (not before or max(before) < group[0]) and (not after or min(after) > group[-1]):
            anchors[by_number[group[0]]] = i


_MORE_NUMBERS = re.compile(r"^(?:(?:to|through|thru|à|a|al|bis|and|or|e|y|et|und|&|[-–,/+])\s*[Qq#]?\d|[Qq#]\d)",
                           re.IGNORECASE)
"""What follows a label that names more questions than its own ("Q23 to Q30", "Q23-Q30")."""


def named_labels(anchors: dict[int, int], shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int]) -> None:
    """Add the lines that name a question by a label ("### Q25", "Q25: cell state and hidden state") among questions
    found by their words, in any file: a label that asks nothing in its own words, or asks in words that found no
    question ("Câu 15: Hàm noop trả về gì?", the question in the student's language), whose question is not found
    elsewhere, and whose number lies between those of the questions found before and after it."""
    by_number = {q.number: j for j, q in enumerate(pack.questions)}
    for i in usable:
        number = shapes[i].number
        if not shapes[i].named or shapes[i].group or number not in by_number \
                or by_number[number] in anchors or i in anchors.values() or _MORE_NUMBERS.match(shapes[i].clean):
            continue  # "Q23 to Q30 next week": a range of questions put off names none
        before = [pack.questions[j].number for j, k in anchors.items() if k < i]
        after = [pack.questions[j].number for j, k in anchors.items() if k > i]
        if (not before or max(before) < number) and (not after or min(after) > number):
            anchors[by_number[number]] = i


def numbered_gaps(anchors: dict[int, int], shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int],
                  texts: Sequence[str]) -> list[int]:
    """Add the numbered questions asked in the student's own short words ("3. 2 tweaks to the FC net -> …",
    "## Q3" over "> two tweaks for the fully connected net"), in a file whose questions were found on lines
    numbered as the pack numbers them (by their own number or a label line just above): a line of the same
    kind (list item, heading, quote, indentation) whose number lies between those of the questions found
    before and after it asks that question; a label line whose next line is of no such kind is the anchor
    itself, so that no answer line is taken for a question. Returns the lines added."""
    numbers = [q.number for q in pack.questions]
    order = list(usable)
    label = {b: a for a, b in zip(order, order[1:], strict=False)
             if shapes[a].number is not None and not shapes[a].clean and shapes[b].number is None}

    def number(i: int) -> int | None:
        return shapes[i].number if shapes[i].number is not None else shapes[label[i]].number if i in label else None

    def kind(i: int) -> tuple[object, ...]:
        return _line_kind(shapes[i], texts[i], i in label)

    found = [i for j, i in anchors.items() if number(i) == numbers[j] or numbers[j] in shapes[i].group]
    if len(found) < 3 or len(found) < 0.8 * len(anchors):
        return []
    kinds = {kind(i) for i in found}
    plain = (False, None, 0, False, "", True)  # a paragraph under a label: maybe the answer itself
    by_number = {n: j for j, n in enumerate(numbers)}
    numbered_here = {number(i) for i in usable if kind(i) in kinds}
    for j, i in list(anchors.items()):  # found by its words on a line unlike the others, while its number is here,
        # or on an answer line that carries another number ("**7.** Momentum: …" is not question 9; a
        # question copied under the student's own number, "## 27) Create a function…" for 26, stays)
        if number(i) != numbers[j] and numbers[j] not in shapes[i].group and numbers[j] in numbered_here and (
                kind(i) not in kinds or (number(i) is not None and not shapes[i].asks)):
            del anchors[j]
    added = []
    for i in usable:
        n = number(i)
        q = by_number.get(n) if n is not None else None
        # a label holding only its number, as a heading or in bold ("**2.**"), names its question whatever the kind
        # of the lines that ask the others
        label_only = shapes[i].number is not None and not shapes[i].clean and not shapes[i].listed and (
            shapes[i].heading is not None or shapes[i].marked == "bold") and not any(
            a == i and kind(b) in kinds for b, a in label.items())  # "## Q3" over "> salt": the line below asks
        if q is None or q in anchors or i in anchors.values() or (kind(i) not in kinds and not label_only):
            continue
        before = [numbers[k] for k, line in sorted(anchors.items(), key=lambda a: a[1]) if line < i]
        after = [numbers[k] for k, line in sorted(anchors.items(), key=lambda a: a[1]) if line > i]
        # a heading stands apart from any list inside an answer: the questions found on either side of it say where
        # it belongs ("### 6." between "### 5." and "### 11.", in a file that began with 8 and 10)
        if shapes[i].heading is not None:
            before, after = before[-1:], after[:1]
        if (not before or max(before) < numbers[q]) and (not after or min(after) > numbers[q]):
            at = label[i] if i in label and (kind(i) == plain and not shapes[i].asks) else i
            anchors[q] = at
            added.append(at)
    return added


def _line_kind(shape: LineShape, text: str, labelled: bool) -> tuple[object, ...]:
    """What sets a line apart as a kind: list item, heading level, indentation, quote, emphasis, label over a line."""
    # a heading's number is no list item: "### 3." is the kind of "### 1. Explain…", both headings of a level
    return shape.listed and shape.heading is None, shape.heading, shape.indent, text.lstrip().startswith(">"), \
        shape.marked, labelled


def shifted_gaps(anchors: dict[int, int], shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int],
                 texts: Sequence[str]) -> list[int]:
    """Add the questions asked in the student's own short words under the student's own numbering, shifted from the
    pack's by a merge or a skip ("12. **splitter + same split every time**" answering 12 and 13, then "13. **x and
    y?**" for question 14): a numbered line between two questions found on numbered lines of its kind, whose
    numbers are the pack's shifted alike, asks the pack's question of its own number shifted the same way. Returns
    the lines added."""
    numbers = [q.number for q in pack.questions]
    by_number = {n: j for j, n in enumerate(numbers)}
    found = sorted((i, own, numbers[j] - own) for j, i in anchors.items() if (own := shapes[i].number) is not None)
    added = []

    def take(i: int, n: int, shift: int) -> bool:
        q = by_number.get(n + shift)
        if q is None or q in anchors or i in anchors.values():
            return False
        anchors[q] = i
        added.append(i)
        return True

    def same_kind(i: int, a: int) -> bool:
        return _line_kind(shapes[i], texts[i], False) == _line_kind(shapes[a], texts[a], False)

    for (a, n_a, shift), (b, n_b, shift_after) in zip(found, found[1:], strict=False):
        if shift != shift_after or not same_kind(b, a):
            continue
        for i in usable:
            n = shapes[i].number
            if a < i < b and n is not None and n_a < n < n_b and same_kind(i, a):
                take(i, n, shift)
    if len(found) >= 2 and found[-1][2] == found[-2][2] and same_kind(found[-1][0], found[-2][0]):
        # after the last question found, the numbering carries on one by one ("11. **Today's word for it**")
        last, expect, shift = found[-1]
        expect += 1
        for i in usable:
            if i > last and shapes[i].number == expect and same_kind(i, last) and take(i, expect, shift):
                expect += 1
    return added


GAP_FLOOR = 0.2
"""The least score that lets a question heading in a gap of the questions found ask the gap's question."""


def worded_gaps(anchors: dict[int, int], shapes: Sequence[LineShape], scores: np.ndarray,
                usable: Sequence[int], numbers: Sequence[int] = ()) -> None:
    """Add the questions asked in a few words of the student's own ("What's `@`?" for "In Python, what does the @
    operator compute?"), in a file whose questions were found by their words on lines of one kind: a line of that
    kind between the questions found before and after it asks the question left out between them that it reads most
    like of all the pack's, when it reads like it at all. The kind is a heading of one level (the line must ask), or
    a numbered item at one indentation, set apart in bold or by a label or plain (`15. **expand_as**`, "26) Write
    pseudocode showing the basic steps taken in each epoch for SGD." for "In pseudo-code, what are the basic steps…?"),
    in the student's own numbering, which the line's number must continue: it lies between the numbers of the
    questions found around it; its number in sequence says it asks one of the gap's questions, so the one of those it
    reads most like (a list inside an answer, "2) calculate the loss", numbers its own way). In a
    file that numbers its questions as the pack does (`numbers`, the pack's), a line's number is its question's: a
    line numbered as a question the pack leaves out asks that one; one numbered as a question found on another line
    by its words asks the gap's (the student's numbering slipped: "24)", "26) Write pseudocode…", "27) Create a
    function…" for the pack's 24, 25 and 26)."""
    if len(anchors) < 3 or not scores.shape[1]:
        return
    as_pack = bool(numbers) and numbered_as_pack(anchors, shapes, numbers)
    kinds = {_kind(shapes[i]) for i in anchors.values()}
    if len(kinds) != 1:
        return
    kind = kinds.pop()
    heading, numbered, marked, _ = kind
    if heading is None and not numbered:
        return
    for i in usable:
        if i in anchors.values() or _kind(shapes[i]) != kind or (heading is not None and not shapes[i].asks):
            continue
        before = max((j for j, line in anchors.items() if line < i), default=-1)
        after = min((j for j, line in anchors.items() if line > i), default=scores.shape[1])
        if heading is None:  # numbered in sequence: one of the gap's questions, the one it reads most like
            if not _continues_numbering(i, anchors, shapes) or after - before < 2:
                continue
            best = before + 1 + int(np.argmax(scores[i, before + 1:after]))
            number = shapes[i].number
            if as_pack and numbers[best] != number and not _number_slipped(number, numbers, anchors):
                continue  # its number names a question of its own (not one found on another line by its words)
        else:
            best = int(np.argmax(scores[i]))
        if before < best < after and scores[i, best] >= GAP_FLOOR:
            anchors[best] = i


def _number_slipped(number: int | None, numbers: Sequence[int], anchors: dict[int, int]) -> bool:
    """The pack's question that `number` names was found on another line by its words: the student's numbering
    slipped, and the number says nothing of which question the line asks."""
    named = next((j for j, n in enumerate(numbers) if n == number), None)
    return named is not None and named in anchors


def _kind(shape: LineShape) -> tuple[int | None, bool, str, int]:
    return shape.heading, shape.number is not None, shape.marked, shape.indent


def _continues_numbering(i: int, anchors: dict[int, int], shapes: Sequence[LineShape]) -> bool:
    """Line `i`'s number lies strictly between those of the nearest questions found above and below it."""
    above = max((line for line in anchors.values() if line < i), default=None)
    below = min((line for line in anchors.values() if line > i), default=None)
    number = shapes[i].number
    return number is not None and (above is None or (shapes[above].number or 0) < number) and (
        below is None or number < (shapes[below].number or 0))


WRAPPED_SHARE = 0.6
"""A line carries on over the next only when it is at least this share of the next one's length: a line wraps where it
runs out of room, so it is rarely much shorter than the line that carries it on."""


def continuation(i: int, document: Sequence[SourceLine], shapes: Sequence[LineShape], question: Question,
                 anchors: dict[int, int]) -> list[int]:
    """The lines that carry on the question of line `i` (a question wrapped over two lines)."""
    if shapes[i].group and not shapes[i].clean:  # `## 19 & 20` names its questions, it does not ask them
        return []
    if shapes[i].heading is not None:  # a heading is one line: the line under "### Q2 — other optimizer" answers
        return []
    if not shapes[i].clean:  # a number alone ("Q23 ->") has no question to carry on: the line below answers it
        return []
    if _BOLD_WHOLE.match(document[i].text):  # "**11. plural**": bold closed on its own line, the line below answers it
        return []
    targets = [(frozenset(content_tokens(t)), _trigrams(t)) for t in (question.text, *question.aliases)]
    text, last = shapes[i].clean, document[i].text.strip()
    taken: list[int] = []
    for k in range(i + 1, min(i + 4, len(document))):
        s = shapes[k]
        if (k in anchors or not document[k].text.strip() or s.heading or s.listed or s.number is not None
                or text.rstrip("*_ ").endswith(("?", ".", ":", "->", "=>", "→", "—", "–"))):
            break
        if len(last) < WRAPPED_SHARE * len(document[k].text.strip()):
            break  # "Q11 cnn" over a longer line: a short title, not a line that ran out of room, and its answer below
        wrapped = _open_emphasis(" ".join(document[j].text for j in (i, *taken)))  # "*Schreibe … und" / "… kann.*"
        last = document[k].text.strip()
        longer = f"{text} {s.clean}"
        if not wrapped and _lexical(longer, targets) <= _lexical(text, targets) + 0.02:
            break
        text = longer
        taken.append(k)
    return taken


_BOLD_WHOLE = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)?(\*\*|__)(?:(?!\1).)+\1\s*$")
"""A line set in bold from its start to its end (after a list marker)."""
_OPENS = re.compile(r"(?<![\w*])\*(?=[^\s*])")
_CLOSES = re.compile(r"(?<=[^\s*])\*(?![\w*])")


def _open_emphasis(text: str) -> bool:
    """Whether `text` opens an emphasis it does not close (a single `*` before a word, none after one): the question
    in italics runs on to the next line, whatever words it is written in. A bullet or an org-mode heading ("* Q3 …")
    and a product ("x*2") open nothing."""
    code_out = CODE_SPAN.sub("", text)
    if len(_OPENS_BOLD.findall(code_out)) > len(_CLOSES_BOLD.findall(code_out)):  # "**20. Pourquoi … pour chaque"
        return True
    plain = code_out.replace("**", "")
    return len(_OPENS.findall(plain)) > len(_CLOSES.findall(plain))


_OPENS_BOLD = re.compile(r"(?<![\w*])\*\*(?=[^\s*])")
_CLOSES_BOLD = re.compile(r"(?<=[^\s*])\*\*(?![\w*])")
