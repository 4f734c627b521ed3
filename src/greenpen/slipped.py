"""A student's numbering that slipped from the questionnaire's: a question left out, and every numbered title after
it one off ("16. Padding" for the pack's 17, "17. Embedding matrix" for 18, …, under a note "I left out the batch
question, so my numbering is shifted by one after 15"). Read by their numbers, those answers sit under the question
before their own, each graded against a question it does not answer. A teacher reads the titles and the answers and
sees the slip; greenpen does the same by meaning: a run of answers found under their numbers, one after another, each
clearly about the question one on (or one back) from its number, the same way for all, moves there together. One
answer about a neighbouring question stays where its number puts it: a student may answer the wrong question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    runs: list[tuple[int, int, int]] = []
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and shifts[end] == shifts[start] and rows[end][1] == rows[end - 1][1] + 1:
            end += 1
        if shifts[start] and end - start >= SLIP_LEAST:
            runs.append((start, end, shifts[start]))
        start = end
    for n, shift in _slipped_stretch(runs, rows, sims, len(pack.questions)):
        j, t = rows[n][1], rows[n][1] + shift
        moved[pack.questions[j].id] = pack.questions[t].id
        sure[pack.questions[j].id] = round(float(sims[n, t]), 3)
    moved = _free(moved, found.answers)
    if not moved:
        return found
    merged = _merged_first(moved, rows, sims, pack)
    answers = {qid: a for qid, a in found.answers.items() if qid not in moved or qid == merged}
    for old, new in moved.items():
        answer = found.answers[old]
        answers[new] = replace(answer, question_id=new, confidence=sure[old], labels=(*answer.labels, SLIPPED))
    placement = {}
    for k, place in found.placement.items():
        kind, _, qid = place.partition(" ")
        placement[k] = f"{kind} {moved[qid]}" if qid in moved else place
    return replace(found, answers=answers, placement=placement)


def _slipped_stretch(runs: Sequence[tuple[int, int, int]], rows: Sequence[tuple[int, int]], sims: np.ndarray,
                     questions: int) -> list[tuple[int, int]]:
    """(row, shift) of the rows that move: each run of `SLIP_LEAST` or more, and, when the runs all slip the same way,
    every row between the first and the last that is not clearly about its own number's question ("14. **init** —
    random" between runs one off, too short to be closest to question 15, is 15's as its neighbours are)."""
    inside = [(n, shift) for start, end, shift in runs for n in range(start, end)]
    if len({shift for _, _, shift in runs}) != 1:
        return inside
    shift, first, last = runs[0][2], runs[0][0], runs[-1][1]
    if not all(rows[n + 1][1] == rows[n][1] + 1 for n in range(first, last - 1)):
        return inside
    return [(n, shift) for n in range(first, last) if any(start <= n < end for start, end, _ in runs) or (
        int(np.argmax(sims[n])) != rows[n][1] and 0 <= rows[n][1] + shift < questions)]


def _merged_first(moved: dict[str, str], rows: Sequence[tuple[int, int]], sims: np.ndarray, pack: Pack) -> str:
    """The question whose answer, first of a stretch one on, answers it as well as the next ("5. **rank / shape**"
    for questions 5 and 6, the cause of the slip: "5 and 6 were basically the same question so I merged them"): its
    own question is the one it is closest to after the next. "" when there is none."""
    for n, (_, j) in enumerate(rows):
        qid = pack.questions[j].id
        if qid not in moved:
            continue
        if moved[qid] != pack.questions[min(j + 1, len(pack.questions) - 1)].id:
            return ""
        order = np.argsort(-sims[n])
        return qid if len(order) > 1 and int(order[1]) == j else ""
    return ""


def _free(moved: dict[str, str], answers: Mapping[str, object]) -> dict[str, str]:
    """`moved` without the moves onto a question answered by an answer that stays, and the moves that then land on
    those: an answer never replaces another."""
    moved = dict(moved)
    while (taken := [old for old, new in moved.items() if new in answers and new not in moved]):
        for old in taken:
            del moved[old]
    return moved


def _shift(row: np.ndarray, j: int) -> int:
    """+1 or -1 when an answer found under question `j`'s number is clearly about the question one on or one back
    (`row`: its closeness to each question), else 0."""
    best = int(np.argmax(row))
    return best - j if abs(best - j) == 1 and row[best] - row[j] >= SLIP_MARGIN else 0
