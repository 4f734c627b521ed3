"""A student's numbering that slipped from the questionnaire's: a question left out, and every numbered title after
it one off ("16. Padding" for the pack's 17, "17. Embedding matrix" for 18, …, under a note "I left out the batch
question, so my numbering is shifted by one after 15"). Read by their numbers, those answers sit under the question
before their own, each graded against a question it does not answer. A teacher reads the titles and the answers and
sees the slip; greenpen does the same by meaning: a run of answers found under their numbers, one after another, each
clearly about the question one on (or one back) from its number, the same way for all, moves there together. One
answer about a neighbouring question stays where its number puts it: a student may answer the wrong question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .domain import Pack, SourceLine
from .essay import closeness
from .grading.embed import Embedder
from .line_shapes import line_shape
from .locate import Located

SLIP_LEAST = 3
"""The fewest answers in a row, one off the same way, that show the numbering slipped."""
SLIP_MARGIN = 0.1
"""How much closer (cosine) each of them must be to the question one off than to its number's."""
SLIPPED = "(numbered one off from the questionnaire: read by its title and answer)"


def follow_slip(found: Located, document: Sequence[SourceLine], pack: Pack, embedder: Embedder) -> Located:
    """`found`, with each run of answers whose numbering slipped moved to the questions they answer."""
    index = {q.id: j for j, q in enumerate(pack.questions)}
    lines: dict[str, tuple[list[int], list[int]]] = {}
    for k, place in sorted(found.placement.items()):
        kind, _, qid = place.partition(" ")
        if kind in ("question", "answer") and qid in index:
            lines.setdefault(qid, ([], []))[kind == "answer"].append(k)
    # the answers found under a title with their question's number, in the file's order
    rows = sorted((asked[0], index[qid]) for qid, (asked, _) in lines.items()
                  if asked and line_shape(document[asked[0]].text).number == pack.questions[index[qid]].number
                  and qid in found.answers)
    if len(rows) < SLIP_LEAST:
        return found
    asked_vectors = (embedder.encode([q.text for q in pack.questions]),
                     embedder.encode([q.reference or q.text for q in pack.questions]))
    texts = ["\n".join(document[k].text for k in (*lines[pack.questions[j].id][0], *lines[pack.questions[j].id][1]))
             for _, j in rows]
    sims = closeness(texts, asked_vectors, embedder)
    shifts = [_shift(row, j) for (_, j), row in zip(rows, sims, strict=True)]
    moved: dict[str, str] = {}
    sure: dict[str, float] = {}
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and shifts[end] == shifts[start] and rows[end][1] == rows[end - 1][1] + 1:
            end += 1
        run = [j for _, j in rows[start:end]]
        targets = [j + shifts[start] for j in run]
        free = all(t in run or pack.questions[t].id not in found.answers for t in targets)
        if shifts[start] and len(run) >= SLIP_LEAST and free:
            moved.update({pack.questions[j].id: pack.questions[t].id for j, t in zip(run, targets, strict=True)})
            sure.update({pack.questions[j].id: round(float(sims[n, t]), 3)
                         for n, j, t in zip(range(start, end), run, targets, strict=True)})
        start = end
    if not moved:
        return found
    answers = {qid: a for qid, a in found.answers.items() if qid not in moved}
    for old, new in moved.items():
        answer = found.answers[old]
        answers[new] = replace(answer, question_id=new, confidence=sure[old], labels=(*answer.labels, SLIPPED))
    placement = {}
    for k, place in found.placement.items():
        kind, _, qid = place.partition(" ")
        placement[k] = f"{kind} {moved[qid]}" if qid in moved else place
    return replace(found, answers=answers, placement=placement)


def _shift(row: np.ndarray, j: int) -> int:
    """+1 or -1 when an answer found under question `j`'s number is clearly about the question one on or one back
    (`row`: its closeness to each question), else 0."""
    best = int(np.argmax(row))
    return best - j if abs(best - j) == 1 and row[best] - row[j] >= SLIP_MARGIN else 0
