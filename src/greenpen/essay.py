"""Answers written as an essay: paragraphs of prose under a few section titles of the student's own, no question
asked or numbered ("Instead of a dry list, I've tried to write it up as a story"). A teacher reads each paragraph
and sees which question it answers; greenpen does the same by meaning, when reading the file by its questions found
almost none of them.

Each paragraph, or each run of sentences of a paragraph that answers several questions in turn, is compared with every
question and its reference answer (sentence embeddings), and given to the question it is clearly closest to, best
pairs first; a question takes further paragraphs only next to the ones it has. Paragraphs close to no question stay
in the report as text that matched no question. Answers found this way carry the match as their confidence, so a
teacher sees how sure the reading was. Answers the file asks by number or in the question's words stay where they
are; only the rest of the file is read this way. A file of answers only, in the pack's order, shows its order in the
answers found by meaning: the short blocks around them answer the questions around theirs by their place, and such a
file is read even with too little prose for an essay ("Objective, levers, data, models").
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .domain import AlignedAnswer, Pack, SourceLine
from .grading.embed import Embedder
from .line_shapes import RULE, front_matter, structure
from .locate import NUMBER_PLACED, Located, leftover
from .textutil import sentences

PARAGRAPH_WORDS = 12
"""Fewest words of a paragraph read as an answer: a title, a byline or "Thanks for reading!" answers nothing."""
ESSAY_SENTENCES, ESSAY_LEAST = 0.2, 5
"""An essay has at least this many sentences of prose (in paragraphs) per question of the pack, and at least so many
in all: a short post may answer only part of the questionnaire, and notes grouped by topic answer several questions
in one paragraph."""
FOUND_AT_MOST = 0.2
"""Read as an essay only when reading by the questions found at most this share of them."""
MEANING_FLOOR, MEANING_MARGIN = 0.35, 0.05
"""A paragraph answers the question it is closest to when its cosine with it (or its reference answer) is at least
the floor, and above that with any other question by the margin."""
MOST_SENTENCES = 12
"""The longest paragraph, in sentences, cut into the runs that answer different questions."""
BOTH_FLOOR = 0.5
"""A paragraph within the margin of two questions answers both when its cosine with each is at least this."""
IN_ORDER = 0.8
"""The file answers in the pack's order when at least this share of its answers read by meaning (each place once)
follow the pack's order one after another (`_chain`); then the short blocks around them answer the questions around
theirs (`_by_place`), and an answer read by meaning against that order may give way (`_give_way`)."""
ORDER_LEAST = 4
"""The fewest answers read by meaning that show a file's order. A file of short answers only, too little prose for
an essay, is read only when they show it."""
ORDER_PLACED = 0.5
"""The confidence of an answer read by its place between two answers read by meaning."""
AFTER_LAST_FLOOR = 0.2
"""A block after the last answer read by meaning answers the question after it only when at least this close to it:
"Thanks for reading!" closes the post."""


@dataclass(frozen=True)
class _Part:
    text: str
    lines: tuple[int, ...]
    words: tuple[int, ...]
    """How many words each line holds."""


def read_essay(document: Sequence[SourceLine], pack: Pack, embedder: Embedder, located: Located) -> Located | None:
    """The answers of a document written as an essay, each line's place, and the lines that answer no question; None
    when the document is no essay or too few of its paragraphs answer a question by their meaning. `located`: what
    reading the document by its questions found; the answers it found surely (by their number or the question's
    words, `NUMBER_PLACED`) are kept with their lines, and the rest of the file is read by meaning."""
    n_questions = len(pack.questions)
    if not n_questions or located.found > FOUND_AT_MOST * n_questions:
        return None
    kept = {qid: a for qid, a in located.answers.items() if a.confidence >= NUMBER_PLACED and a.text.strip()}
    kept_lines = {k: place for k, place in located.placement.items() if place.split(" ", 1)[-1] in kept}
    # past its first paragraph, an answer found where it is asked may run on into the essay ("Why not just use
    # accuracy as the loss?" asked in passing, then a paragraph on sigmoid): those paragraphs are read by meaning
    # too, and what no other question takes stays with it
    run_on = _past_first_paragraph(document, kept_lines)
    paragraphs = _paragraphs(document, set(kept_lines) - set(run_on))
    prose = sum(len(sentences(p.text)) for p in paragraphs) >= max(ESSAY_LEAST, ESSAY_SENTENCES * n_questions)
    if not prose:  # too little prose for an essay: maybe short answers only, in the pack's order
        paragraphs = _paragraphs(document, set(kept_lines) - set(run_on), least=1)
    asked = (embedder.encode([q.text for q in pack.questions]),
             embedder.encode([q.reference or q.text for q in pack.questions]))
    parts = [piece for paragraph in paragraphs for piece in _pieces(paragraph, asked, embedder)]
    sims = closeness([p.text for p in parts], asked, embedder)
    sims[:, [j for j, q in enumerate(pack.questions) if q.id in kept]] = -1.0  # answered where it is asked
    owner: dict[int, list[int]] = {}
    for i in np.argsort(-sims.max(axis=1), kind="stable"):  # the parts closest to a question first
        row = sims[i]
        first, second = (int(j) for j in np.argsort(-row, kind="stable")[:2]) if n_questions > 1 else (0, 0)
        if row[first] < MEANING_FLOOR:
            continue
        # a paragraph as close to two questions answers both, when close enough to each ("Stacking the 3s gives a
        # rank-3 tensor … The shape is the size of each axis"); else it answers the one it is clearly closest to
        close = [first] if row[first] - row[second] >= MEANING_MARGIN else \
            [first, second] if row[second] >= BOTH_FLOOR else []
        for j in close:
            if owner.get(j) and not any(abs(k - int(i)) == 1 for k in owner[j]):
                continue  # a question takes a second paragraph only next to its first
            owner.setdefault(j, []).append(int(i))
    spans = _spans(parts, owner)
    chain = _chain(spans)
    in_order = len(chain) >= ORDER_LEAST and len(chain) >= IN_ORDER * len({(a, b) for a, b, _ in spans})
    if len(owner) < 2 * max(located.found, 1) or len(owner) < 3 or not (prose or in_order):
        return None
    answers: dict[str, AlignedAnswer] = dict(kept)
    placement: dict[int, str] = dict(kept_lines)
    answered = {j for j, q in enumerate(pack.questions) if q.id in kept}
    between = _by_place(document, _by_order(document, spans, chain if in_order else [], owner, parts,
                                            set(kept_lines), answered, n_questions), asked, embedder)
    _give_way(document, spans, chain if in_order else [], owner, parts, between)
    claimed = {k for idxs in owner.values() for i in idxs for k in parts[i].lines}
    for j, lines in between.items():
        q = pack.questions[j]
        text = "\n".join(document[k].text for k in lines).strip()
        answers[q.id] = AlignedAnswer(question_id=q.id, text=text, original=text, confidence=ORDER_PLACED,
                                      labels=("(read by its place among answers read by their meaning)",))
        placement.update({k: f"answer {q.id}" for k in lines})
    for qid in {run_on[k] for k in claimed if k in run_on}:  # cut where the essay goes on to another question
        own = sorted(k for k, place in kept_lines.items() if place == f"answer {qid}" and k not in claimed)
        while own and (not document[own[-1]].text.strip() or RULE.match(document[own[-1]].text.strip())):
            placement.pop(own.pop(), None)  # a rule between the answer and the essay is neither's
        text = "\n".join(document[k].text for k in own).strip()
        answers[qid] = AlignedAnswer(question_id=qid, text=text, original=text, confidence=kept[qid].confidence,
                                     labels=kept[qid].labels)
        for k in claimed & set(run_on):
            placement.pop(k, None)
    for j, idxs in owner.items():
        q = pack.questions[j]
        chosen = [parts[i] for i in sorted(idxs)]
        text = "\n\n".join(p.text for p in chosen)
        answers[q.id] = AlignedAnswer(question_id=q.id, text=text, original=text,
                                      confidence=round(float(min(sims[i, j] for i in idxs)), 3),
                                      labels=("(read by its meaning)",))
        placement.update({k: f"answer {q.id}" for p in chosen for k in p.lines})
    rest = [k for k in range(len(document)) if k not in placement]
    runs = [[k for _, k in group] for _, group in itertools.groupby(enumerate(rest), lambda pair: pair[1] - pair[0])]
    unaligned = tuple(u for run in runs if (u := leftover("matched no question by its meaning", document, run)))
    placement.update({k: "unaligned" for k in rest})
    fit = float(np.mean([a.confidence for a in answers.values()]))
    return Located(answers, unaligned, len(answers), fit, placement)


def _by_order(document: Sequence[SourceLine], spans: list[tuple[int, int, int]], chain: list[int],
              owner: dict[int, list[int]], parts: Sequence[_Part], taken: set[int], kept: set[int],
              n_questions: int) -> list[tuple[list[int], list[list[int]], str]]:
    """In a file of answers in the pack's order with no question asked ("Random numbers", a short class,
    `print(learn.model)`, too short to read by meaning), the stretches around the answers read by meaning that follow
    the pack's order (`chain`, and those between its answers, see `_fits`): each stretch's questions (those between
    the two answers' questions), its blocks (runs of lines between blank lines) and where it is: "before" the first
    answer read by meaning (past the last title), "between" two, or "after" the last. No stretch when `chain` is
    empty (the file follows no order). `taken`: the lines already an answer's; `kept`: the questions answered
    already."""
    if not chain:
        return []
    ordered = {j: idxs for j, idxs in owner.items() if j not in _against(spans, chain, document)}
    taken = taken | {k for idxs in ordered.values() for i in idxs for k in parts[i].lines}
    spans = [span for span in spans if span[2] in ordered]
    headings, fenced, _ = structure(document)
    top = max([front_matter(document) - 1, *(k for k in {*headings, *taken} if k < spans[0][0])], default=-1)
    out: list[tuple[list[int], list[list[int]], str]] = []
    for (_, end, j), (start, _, after) in zip([(top, top, -1), *spans], [*spans, (len(document), 0, n_questions)],
                                              strict=True):
        between = range(end + 1, start)
        questions = list(range(j + 1, after))
        if not questions or any(q in ordered or q in kept for q in questions) \
                or any(k in taken or k in headings for k in between):
            continue
        blocks: list[list[int]] = [[]]
        for k in between:
            if document[k].text.strip() or k in fenced:
                blocks[-1].append(k)
            elif blocks[-1]:
                blocks.append([])
        if blocks := [b for b in blocks if b]:
            out.append((questions, blocks, "before" if j < 0 else "after" if after == n_questions else "between"))
    return out


def _by_place(document: Sequence[SourceLine], stretches: list[tuple[list[int], list[list[int]], str]],
              asked: tuple[np.ndarray, np.ndarray], embedder: Embedder) -> dict[int, list[int]]:
    """Question index → the lines that answer it by their place (`_by_order`'s stretches). Between two answers read by
    meaning, as many blocks as questions answer them one by one; fewer blocks answer the questions they are closest
    to, in the file's order (a question left out). Before the first, the blocks about some question (past a greeting)
    answer the questions before it one by one, when as many. After the last, the blocks answer the next questions one
    by one while each is about its question: the student stopped there, and "Thanks for reading!" closes the post.
    A block is about a question when at least `AFTER_LAST_FLOOR` close to it."""
    out: dict[int, list[int]] = {}
    for questions, blocks, where in stretches:
        if where == "between" and len(blocks) == len(questions):
            out.update(zip(questions, blocks, strict=True))
            continue
        if where == "between" and len(blocks) > len(questions):
            continue
        said = closeness(["\n".join(document[k].text for k in lines) for lines in blocks], asked, embedder)
        if where == "before":
            about = [k for k, row in enumerate(said) if row.max() >= AFTER_LAST_FLOOR]
            if about and len(blocks) - about[0] == len(questions):
                out.update(zip(questions, blocks[about[0]:], strict=True))
            continue
        said = said[:, questions]
        if where == "after":
            for k, lines in enumerate(blocks[:len(questions)]):
                if said[k, k] < AFTER_LAST_FLOOR:
                    break
                out[questions[k]] = lines
            continue
        out.update({questions[q]: blocks[k] for k, q in _in_turn(said) if said[k, q] >= AFTER_LAST_FLOOR})
    return out


def _in_turn(said: np.ndarray) -> list[tuple[int, int]]:
    """(block, question) pairs, each block with its own question and in the order of both, that are closest in all
    (`said`: blocks × questions, fewer blocks than questions)."""
    n, m = said.shape
    # best[i][j]: the largest sum of closeness with the first i blocks answering among the first j questions
    best = np.full((n + 1, m + 1), -np.inf)
    best[0, :] = 0.0
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            best[i, j] = max(best[i, j - 1], best[i - 1, j - 1] + said[i - 1, j - 1])
    pairs, i, j = [], n, m
    while i:
        if best[i, j] == best[i, j - 1] and j > i:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def _spans(parts: Sequence[_Part], owner: dict[int, list[int]]) -> list[tuple[int, int, int]]:
    """The answers read by meaning in the file's order: (first line, last line, question index)."""
    return sorted((min(k for i in idxs for k in parts[i].lines), max(k for i in idxs for k in parts[i].lines), j)
                  for j, idxs in owner.items())


def _chain(spans: list[tuple[int, int, int]]) -> list[int]:
    """The most answers read by meaning (`_spans`, by their lines) that follow both the file's order and the pack's:
    their indexes. Two runs of one paragraph may share a line; two answers read from the same lines are one place."""
    longest: list[list[int]] = []
    for i, (start, end, j) in enumerate(spans):
        before = [chain for chain in longest if spans[chain[-1]][1] <= start and spans[chain[-1]][2] < j
                  and spans[chain[-1]][:2] != (start, end)]
        longest.append([*max(before, key=len, default=[]), i])
    return max(longest, key=len, default=[])


def _against(spans: list[tuple[int, int, int]], chain: list[int], document: Sequence[SourceLine]) -> set[int]:
    """The questions of the answers read by meaning (`spans`) against the order of the `chain`, each a block of its
    own: a run of sentences in a paragraph about other questions is the paragraph's, whatever the order."""
    return {j for i, (start, end, j) in enumerate(spans) if i not in chain and not _fits(spans, chain, i)
            and (start == 0 or not document[start - 1].text.strip())
            and (end + 1 == len(document) or not document[end + 1].text.strip())}


def _give_way(document: Sequence[SourceLine], spans: list[tuple[int, int, int]], chain: list[int],
              owner: dict[int, list[int]], parts: Sequence[_Part], between: dict[int, list[int]]) -> None:
    """In a file that follows the pack's order (`chain`), an answer read by meaning against that order gives way
    when the order reads its lines as another question's answer: by their place (a short answer closer to another
    question than to its own), or by their meaning too (as close to two questions): it leaves `owner`. Else it stays,
    and the order places nothing for its question (an essay may come back to a question): it leaves `between`."""
    against = _against(spans, chain, document)
    placed = {k for lines in between.values() for k in lines}
    in_order = {(start, end) for start, end, j in spans if j not in against}
    for start, end, j in spans:
        if j not in against:
            continue
        if (start, end) in in_order or placed & {k for i in owner[j] for k in parts[i].lines}:
            del owner[j]
        else:
            between.pop(j, None)
def _fits(spans: list[tuple[int, int, int]], chain: list[int], i: int) -> bool:
    """Whether answer `i` read by meaning follows the pack's order between the answers of the `chain` around it (a
    paragraph that answers two questions in turn, one of them in the chain)."""
    start, end, j = spans[i]
    others = [spans[c] for c in chain if spans[c][:2] != (start, end)]
    return max([q for a, _, q in others if a <= start], default=-1) < j < min(
        [q for a, _, q in others if a > start], default=j + 1)


def _past_first_paragraph(document: Sequence[SourceLine], placed: dict[int, str]) -> dict[int, str]:
    """The lines of each answer placed in `placed` (line → "answer <id>") past its first paragraph, with its id."""
    out: dict[int, str] = {}
    for qid in {place.split(" ", 1)[1] for place in placed.values() if place.startswith("answer ")}:
        lines = sorted(k for k, place in placed.items() if place == f"answer {qid}")
        text = [k for k in lines if document[k].text.strip()]
        gap = next((b for a, b in zip(text, text[1:], strict=False)
                    if any(not document[k].text.strip() for k in range(a + 1, b))), None)
        if gap is not None:
            out.update({k: qid for k in lines if k >= gap})
    return out


def _paragraphs(document: Sequence[SourceLine], taken: set[int], least: int = PARAGRAPH_WORDS) -> list[_Part]:
    """The paragraphs of prose: lines between blank lines, headings, rules, code and the `taken` lines, of `least`
    words or more."""
    headings, fenced, frames = structure(document)
    out: list[_Part] = []
    run: list[int] = []
    for k in [*range(front_matter(document), len(document)), len(document)]:
        text = document[k].text.strip() if k < len(document) else ""
        if text and k not in headings and k not in fenced and k not in frames and k not in taken \
                and not RULE.match(text):
            run.append(k)
            continue
        said = "\n".join(document[i].text.rstrip() for i in run).strip()  # a wrapped paragraph, or code, as written
        if len(said.split()) >= least:
            out.append(_Part(said, tuple(run), tuple(len(document[i].text.split()) for i in run)))
        run = []
    return out


def closeness(texts: list[str], asked: tuple[np.ndarray, np.ndarray], embedder: Embedder) -> np.ndarray:
    """(texts × questions): the cosine of each text with the question (`asked[0]`, its vectors) or its reference
    answer (`asked[1]`), whichever is closer."""
    vectors = embedder.encode(texts)
    closest: np.ndarray = np.maximum(vectors @ asked[0].T, vectors @ asked[1].T)
    return closest


def _pieces(paragraph: _Part, asked: tuple[np.ndarray, np.ndarray], embedder: Embedder) -> list[_Part]:
    """A paragraph, or its runs of sentences that each answer a question of their own ("`DataLoaders` … stores the
    training and validation `DataLoader`. To build one you tell fastai four things: …"): cut as finely as each run
    stays at least as close to its question as the whole paragraph is to any, or is close to it (`BOTH_FLOOR`), or is
    what is left about the question the whole paragraph is about, next runs about other questions."""
    said = sentences(paragraph.text)
    n = len(said)
    if n < 2 or n > MOST_SENTENCES:
        return [paragraph]
    bounds = [0, *(said[k].start for k in range(1, n)), len(paragraph.text)]
    runs = [(a, b) for a in range(n) for b in range(a + 1, n + 1)]
    sims = closeness([paragraph.text[bounds[a]:bounds[b]].strip() for a, b in runs], asked, embedder)
    closest = {run: (int(np.argmax(row)), float(row.max())) for run, row in zip(runs, sims, strict=True)}
    whole_row = sims[runs.index((0, n))]
    whole = float(whole_row.max())
    # best[b][q]: the largest sum of closeness of the runs that cut sentences 0..b, the last run about question q
    best: list[dict[int, tuple[float, list[tuple[int, int]]]]] = [{-1: (0.0, [])}, *({} for _ in range(n))]
    for b in range(1, n + 1):
        for a in range(b):
            q, sim = closest[(a, b)]
            # a run stays at least as close to a question as the whole paragraph is to any, or is close to its own
            # (BOTH_FLOOR), or is the rest of the paragraph about the question the whole is about
            main = q == int(np.argmax(whole_row)) and sim >= MEANING_FLOOR
            if sim < whole and (a, b) != (0, n) and sim < BOTH_FLOOR and not main:
                continue
            for last, (total, cut) in best[a].items():
                if last != q and total + sim > best[b].get(q, (-1.0, []))[0]:
                    best[b][q] = (total + sim, [*cut, (a, b)])
    cut = max(best[n].values(), key=lambda found: (len(found[1]), found[0]))[1]
    if len(cut) < 2:
        return [paragraph]
    return [_lines_of(paragraph, bounds[a], bounds[b]) for a, b in cut]


def _lines_of(paragraph: _Part, start: int, end: int) -> _Part:
    """The part of a paragraph from character `start` to `end`, with the lines it starts on."""
    lines, count = [], 0
    first, last = len(paragraph.text[:start].split()), len(paragraph.text[:end].split())
    for k, words in zip(paragraph.lines, paragraph.words, strict=True):
        if count < last and count + words > first:
            lines.append(k)
        count += words
    return _Part(paragraph.text[start:end].strip(), tuple(lines), ())
