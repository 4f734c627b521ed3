"""Find a pack's questions in a free-text document and take what lies between them as answers.

Students write questionnaires in every layout (headings, `1.` lists where every item is
`1.`, bold lines, bullets nested under bullets, notebooks, numbers with no question text).
Rather than parse each layout by its own rules, this module asks one question of every
line: *is this line one of the pack's questions?*

    document lines ─► line shapes (markdown-it-py: headings and fenced code; list markers,
                       numbers, emphasis)
                   ─► score of every line against every question (word overlap, character
                       trigrams, multilingual embeddings, the student's number, the line's
                       shape: a question mark, a heading, a list item)
                   ─► anchors: a monotone alignment that allows skips (dynamic programming),
                       then confident matches out of order (a student who moved a question)
                   ─► answers: the lines between one anchor and the next

A file with numbers and no question text falls back to its numbers. A label that names
several questions and asks none (`## 19 & 20`, `**19, 20.**`, `## 19-21`) is the place of
each, in either kind of file, and its answer answers each of them. Every non-blank line
ends in exactly one place: a question's text (the anchor), an answer, or unaligned text
(what comes before the first question, after a heading that ends the questionnaire, in a
titled section of its own after the last answer, or in the file's closing: a "Conclusion",
a signature or a "Thanks for reading!" under a rule).

What a line looks like is `line_shapes`; cleaning an answer's text is `answer_text`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .answer_text import COMMENT_QUESTION, after_number, code_cell_answer, dedent, echoed_lines, remainder
from .domain import AlignedAnswer, Pack, Question, RawAnswer, SourceLine
from .grading.embed import Embedder
from .lang import BLANK_ANSWER_TAILS, BLANK_ANSWERS, BLANK_NOTES, CLOSING_REMARKS, CLOSING_TITLES, patterns, words
from .line_shapes import RULE, TAG, LineShape, front_matter, line_shape, number_group, structure
from .readers.base import make_answer
from .textutil import content_tokens, fold

ACCEPT = 0.42
"""Lowest score at which a line is taken as one of the pack's questions."""
OUT_OF_ORDER = 0.78
"""A line matching a question this well is taken even out of the document's order."""
SHARED = 0.65
"""A question line that asks several questions answers each one it matches this well."""

_MARKS_ONLY = re.compile(r"^\s*([-*_=#>+•]\s*)+$")
NOTE_WORDS = 6
_BLANK = rf"(?:{words(BLANK_ANSWERS)})(?:\s+(?:{patterns(BLANK_ANSWER_TAILS)}))?"
_NOTE = rf"(?:{words(BLANK_NOTES)})\s*[-–—:]\s*(?:[^\W_][\w'’]*[\s,.!]*){{1,{NOTE_WORDS}}}"
"""A placeholder with a note to self: "TODO – try implementing later", "skipped: no time"."""
_PLACEHOLDER = re.compile(rf"^[\s*_(\[]*(?:{_BLANK}|{_NOTE}|-+|\?+|\.+)[\s*_)\].!]*$", re.IGNORECASE)


# ─── scoring lines against questions ───────────────────────────────────────


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


def score_lines(shapes: Sequence[LineShape], pack: Pack, embedder: Embedder | None) -> np.ndarray:
    """(lines × questions) scores: how much each line reads as each question, about 0..1.2."""
    scores = np.zeros((len(shapes), len(pack.questions)))
    texts = [[q.text, *q.aliases] for q in pack.questions]
    targets = [[(frozenset(content_tokens(t)), _trigrams(t)) for t in ts] for ts in texts]
    rows = [i for i, s in enumerate(shapes)
            if s.clean and not s.layout and not s.labelled_answer and len(s.clean) <= 600]
    if not rows:
        return scores
    for i in rows:
        for j, target in enumerate(targets):
            scores[i, j] = _lexical(shapes[i].clean, target)
    if embedder is not None:
        flat = [t for ts in texts for t in ts]
        sims = embedder.encode([shapes[i].clean for i in rows]) @ embedder.encode(flat).T
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
    anchors = {j: i for i, j in pairs}
    taken = set(anchors.values())
    for j in range(len(pack.questions)):  # moved questions: confident matches out of order
        if j in anchors:
            continue
        free = [i for i in rows if i not in taken and int(np.argmax(scores[i])) == j]
        if free:
            i = max(free, key=lambda r: scores[r, j])
            if scores[i, j] >= OUT_OF_ORDER:
                anchors[j] = i
                taken.add(i)
    numbered = _numbers_only(shapes, pack, usable)
    if len(numbered) > 2 * max(len(anchors), 1) or _answers_taken_for_questions(anchors, numbered, shapes, scores):
        return numbered, True
    lines = sorted(anchors.values())
    bare = sum(1 for i in lines if following[i] in taken)
    if len(lines) >= 3 and bare >= 0.6 * len(lines):  # the questions listed, then numbered answers below
        below = _numbers_only(shapes, pack, [i for i in usable if i > lines[-1]])
        if len(below) >= 0.5 * len(lines):
            return below, True
    return anchors, False


ANSWER_LIKE = 0.75
"""Below this closeness to its question, a numbered line that does not ask is more likely the
answer to that question than a copy of it."""


def _answers_taken_for_questions(anchors: dict[int, int], numbered: dict[int, int], shapes: Sequence[LineShape],
                                 scores: np.ndarray) -> bool:
    """A numbered list of answers with no question text ("3) Average the pixels of…"): answers
    resemble their own questions, so the lines found by their words are the student's numbered
    lines, under the same numbers, none of them asks, and none is as close as a copy of the
    question would be. Then the numbers, not the words, say where each answer starts."""
    if not anchors or len(numbered) < len(anchors):
        return False
    return all(numbered.get(j) == i and not shapes[i].asks and scores[i, j] < ANSWER_LIKE
               for j, i in anchors.items())


def _numbers_only(shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int]) -> dict[int, int]:
    """Anchors from the student's numbers alone: the least-indented numbered lines, in order."""
    by_number = {q.number: j for j, q in enumerate(pack.questions)}
    numbered = [i for i in usable if shapes[i].number is not None and shapes[i].number in by_number]
    if not numbered:
        return {}
    base = min(shapes[i].indent for i in numbered)
    anchors: dict[int, int] = {}
    last = 0
    for i in numbered:
        number = shapes[i].number
        if shapes[i].indent == base and number is not None and number > last:
            anchors[by_number[number]] = i
            last = max((number, *shapes[i].group))
        elif shapes[i].heading is not None and number is not None and by_number[number] not in anchors:
            anchors[by_number[number]] = i  # a question answered out of order under its own heading
    return anchors


def _group_anchors(anchors: dict[int, int], shapes: Sequence[LineShape], pack: Pack, usable: Sequence[int]) -> None:
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


# ─── answers between anchors ───────────────────────────────────────────────


def _where(lines: Sequence[SourceLine]) -> str:
    real = [ln for ln in lines if ln.line > 0]
    if not real:
        return ""
    first, last = real[0], real[-1]
    if first.cell == last.cell:  # a reader may gather lines out of order (a chat's other senders first)
        low, high = min(ln.line for ln in real), max(ln.line for ln in real)
        span = f"line {low}" if low == high else f"lines {low}-{high}"
    else:
        span = f"line {first.line} to cell {last.cell}, line {last.line}"
    return f"cell {first.cell}, {span}" if first.cell is not None else span


def _ends_section(shape: LineShape, anchor_heading: int | None) -> bool:
    """A heading that is not a question and closes the questionnaire's section."""
    if shape.heading is None:
        return False
    return shape.heading <= anchor_heading if anchor_heading else shape.heading <= 3


def _unasked(shape: LineShape, anchor: LineShape, body: Sequence[int], shapes: Sequence[LineShape],
             numbers: set[int], current: int, after: int | None) -> bool:
    """A line numbered like the questions, with a number between this question's and the next
    one's that the pack does not ask ("4) skipped" where the teacher's pack leaves out question 4):
    the student's answer to another question, not more of this answer. A list inside the answer
    ("1. … 2. …") is not: it starts at one, or is not written the way the questions are."""
    n = shape.number
    if n is None or n in numbers or n <= current or (after is not None and n >= after) or shape.group:
        return False
    if (shape.heading, shape.listed, shape.indent) != (anchor.heading, anchor.listed, anchor.indent):
        return False
    return not any(shapes[k].number == 1 for k in body)


def _note_heading(shape: LineShape, anchor_heading: int | None, body: Sequence[int],
                  document: Sequence[SourceLine]) -> bool:
    """A heading of the student's own ("#### Aside") after an answer, in a file whose questions
    are not headings: what follows is a note, not more of the answer. (An answer written as a
    heading, `#### It is…`, comes first under its question and stays the answer.)"""
    return (shape.heading is not None and anchor_heading is None
            and any(document[k].text.strip() for k in body))


_TITLE_END = re.compile(r"[.?!:;,…)\]\"'”]$")
_CLOSING_TITLE = re.compile(rf"^(?:{patterns(CLOSING_TITLES)})$")
_CLOSING_REMARK = re.compile(rf"^(?:{patterns(CLOSING_REMARKS)})(?!\w)")
_WRAPPED = re.compile(r"^([*_]{1,3})(?=\S)(.+?)(?<=\S)\1$")


def _bulleted_answers(order: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
                      owned: set[int], continued: dict[int, list[int]]) -> bool:
    """True when the file writes its answers as list items: the first line under most of its
    questions (all but the last, at least three) is a bullet or a numbered item."""
    firsts: list[bool] = []
    for i, nxt in zip(order, order[1:], strict=False):
        k = next((k for k in range(i + 1, nxt) if k not in owned and k not in continued[i]
                  and document[k].text.strip() and not shapes[k].layout), None)
        if k is not None:
            firsts.append(shapes[k].listed)
    return len(firsts) >= 3 and sum(firsts) >= 0.8 * len(firsts)


def _trailing_section(body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
                      scores: np.ndarray, fenced: set[int], bulleted: bool) -> int:
    """Where a section of its own starts in the text under the last question (`len(body)` when
    there is none): the book's "Further Research" prompts copied after the questionnaire, the
    student's closing "Notes".

    The section opens with a short title line (a few words, no final punctuation) after the
    answer and a blank line, and at least two lines follow it that read unlike the file's
    answers: mostly questions or tasks, or, in a file whose answers are list items, lines none
    of which is a list item. None of these lines may read as a question of the pack the file
    has not asked yet (`scores` holds only those questions)."""
    for n, k in enumerate(body):
        s = shapes[k]
        if (k in fenced or not s.clean or s.layout or s.listed or s.number is not None or s.asks
                or s.indent or not any(document[b].text.strip() for b in body[:n])
                or (k > 0 and document[k - 1].text.strip() and document[k - 1].cell == document[k].cell)
                or not 1 <= len(s.clean.split()) <= 5 or _TITLE_END.search(s.clean)
                or not re.match(r"[^\W\d_]", s.clean) or (scores.shape[1] and scores[k].max() >= ACCEPT)):
            continue
        after = [b for b in body[n + 1:] if document[b].text.strip() and not shapes[b].layout]
        if len(after) < 2:
            return len(body)
        asking = sum(shapes[b].asks for b in after) >= 0.5 * len(after)
        pack_question = scores.shape[1] > 0 and any(scores[b].max() >= ACCEPT for b in after)
        unlike = bulleted and not any(shapes[b].listed for b in after)
        if not pack_question and (asking or unlike):
            return n
    return len(body)


def _is_rule(k: int, document: Sequence[SourceLine]) -> bool:
    """A horizontal rule on its own (`---`, `***`), not the underline of a Setext heading."""
    return bool(RULE.match(document[k].text)) and (
        k == 0 or not document[k - 1].text.strip() or document[k - 1].cell != document[k].cell
        or document[k].text.strip()[0] in "*_")


def _ruled(order: Sequence[int], document: Sequence[SourceLine], continued: dict[int, list[int]]) -> bool:
    """True when the file draws a rule between its answers: the last line before most of its
    questions after the first (at least one) is a horizontal rule."""
    ends = []
    for i, nxt in zip(order, order[1:], strict=False):
        k = next((k for k in range(nxt - 1, max([i, *continued[i]]), -1) if document[k].text.strip()), None)
        ends.append(k is not None and _is_rule(k, document))
    return bool(ends) and sum(ends) >= max(1, 0.5 * len(ends))


def _closing(body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape], fenced: set[int],
             ruled: bool, question: Question) -> int:
    """Where the file's closing starts in the text under the last question (`len(body)` when it
    has none): a section whose title closes a text ("## Conclusion", "**Resources**", "Final
    thoughts" on a line of its own), or what follows a horizontal rule drawn under the answer
    when the file draws rules between its answers, or when it is a closing remark ("Thanks for
    reading!", "That's all for chapter 4.") or a signature (a few short lines: a name, a date).

    A rule inside an answer followed by more of it ("---" / "Another way: …") stays in the
    answer, as does an answer of several paragraphs or with its own subtitles ("Example"), and
    a title the question asks for ("Resources" under "Which resources …?")."""
    for n, k in enumerate(body):
        if k in fenced or not any(document[b].text.strip() and not shapes[b].layout for b in body[:n]):
            continue
        after = [b for b in body[n + 1:] if document[b].text.strip() and not shapes[b].layout]
        if _is_rule(k, document):
            if after and (ruled or _signs_off([document[b].text for b in after], any(b in fenced for b in after))):
                return n
            continue
        if shapes[k].layout or shapes[k].listed or (document[k - 1].text.strip() and not shapes[k].heading):
            continue
        title = document[k].text.strip().lstrip("#").strip()
        wrapped = _WRAPPED.match(title)
        title = fold(wrapped.group(2) if wrapped else title).strip().rstrip(":").strip()
        if _CLOSING_TITLE.match(title) and title not in fold(question.text):
            return n
    return len(body)


def _signs_off(lines: Sequence[str], code: bool = False) -> bool:
    """Lines that close a text: a closing remark first, or a signature (at most four short lines,
    a name or a date, none a sentence, a list item or `code`)."""
    texts = [fold(re.sub(r"^[\s>*_~—–-]+|[\s*_~]+$", "", t)) for t in lines]
    if _CLOSING_REMARK.match(texts[0]):
        return True
    return not code and len(texts) <= 4 and all(
        re.match(r"[^\W_]", t) and len(t.split()) <= 6 and not re.search(r"[.?!:;]$", t) and not line_shape(line).listed
        for t, line in zip(texts, lines, strict=True))


@dataclass(frozen=True)
class Located:
    """The answers found in a document, and what was left over."""

    answers: dict[str, AlignedAnswer]
    unaligned: tuple[RawAnswer, ...]
    found: int
    """How many of the pack's questions were found in the document."""
    fit: float
    """Mean match score of the anchors (0 when none): how well the pack fits the file."""
    placement: dict[int, str]
    """Where each line of the document went: "question ID", "answer ID" or "unaligned"."""


def locate(document: Sequence[SourceLine], pack: Pack, embedder: Embedder | None = None) -> Located:
    """The pack's questions found in `document`, with the answers between them."""
    headings, fenced = structure(document)
    skip = front_matter(document)
    shapes = [line_shape(ln.text, headings.get(i)) for i, ln in enumerate(document)]
    # A question asked in a comment of a code cell (`# Q: What is…?`) is a question too.
    commented = {i for i in fenced if i >= skip and COMMENT_QUESTION.match(document[i].text)}
    for i in commented:
        shapes[i] = line_shape(COMMENT_QUESTION.sub("", document[i].text))
    usable = [i for i, s in enumerate(shapes) if i >= skip and not s.layout
              and (i not in fenced or (i in commented and s.asks))]
    scores = score_lines(shapes, pack, embedder)
    anchors, by_numbers = find_anchors(shapes, scores, pack, usable)
    if anchors and not by_numbers:
        _group_anchors(anchors, shapes, pack, usable)
    by_line = {i: j for j, i in anchors.items()}
    continued = {i: _continuation(i, document, shapes, pack.questions[j], by_line) for i, j in by_line.items()}
    # A line holding only the number ("## Question 3", "**3.**") just above its question belongs to it.
    label_lines: dict[int, list[int]] = {}
    for i in sorted(by_line):
        k = i - 1
        while k >= 0 and not document[k].text.strip():
            k -= 1
        if k >= skip and k not in by_line and shapes[k].number is not None and not shapes[k].clean:
            label_lines[i] = [k]
        if i in fenced and i - 1 not in fenced and i - 1 not in by_line:  # the fence that opens its code cell
            label_lines[i] = [i - 1]
    owned_labels = {k for ks in label_lines.values() for k in ks}
    anchor_heading = _typical_heading([shapes[i] for i in by_line])
    answers: dict[str, AlignedAnswer] = {}
    leftovers: list[tuple[str, list[int]]] = []
    placement: dict[int, str] = {}
    order = sorted(by_line)
    inline: dict[int, bool] = {}
    bulleted = _bulleted_answers(order, document, shapes, owned_labels, continued)
    missing = [j for j in range(len(pack.questions)) if j not in anchors]
    if order:
        leftovers.append(("before the first question", [k for k in range(0, order[0]) if k not in owned_labels]))
    numbers = {q.number for q in pack.questions}
    for n, i in enumerate(order):
        stop = order[n + 1] if n + 1 < len(order) else len(document)
        body: list[int] = []
        rest: list[int] = []
        unasked: list[int] = []
        after = pack.questions[by_line[order[n + 1]]].number if n + 1 < len(order) else None
        for k in range(i + 1, stop):
            if k in owned_labels:  # the next question's label: only blank lines lie between it and its question
                break
            if k in continued[i]:
                continue
            if unasked or (k not in fenced and _unasked(shapes[k], shapes[i], body, shapes, numbers,
                                                        pack.questions[by_line[i]].number, after)):
                unasked.append(k)
            elif rest or (k not in fenced and (_ends_section(shapes[k], anchor_heading)
                                               or _note_heading(shapes[k], anchor_heading, body, document))):
                rest.append(k)
            else:
                body.append(k)
        if unasked:
            leftovers.append(("answers to questions this pack does not ask", unasked))
        if n + 1 == len(order) and not rest:  # a section of its own after the last answer
            cut = min(_trailing_section(body, document, shapes, scores[:, missing], fenced, bulleted),
                      _closing(body, document, shapes, fenced, _ruled(order, document, continued),
                               pack.questions[by_line[i]]))
            body, rest = body[:cut], body[cut:]
        if rest:
            leftovers.append(("after the questions", rest))
        j = by_line[i]
        q = pack.questions[j]
        first = after_number(document[i].text) if by_numbers else remainder(document[i].text, q)
        labelled = number_group(document[i].text, shapes[i].heading is not None)
        if labelled is not None and (by_numbers or scores[i, j] < ACCEPT):  # `**19, 20.** answer`
            first = labelled[1]
        if continued[i] and not by_numbers:
            first = remainder(" ".join([document[i].text.strip(), *(document[k].text.strip() for k in continued[i])]),
                               q)
        cell: list[str] = []
        if i in fenced:  # asked in a code comment: the rest of the cell, then what follows the cell
            first = ""
            close = next((k for k in range(i + 1, stop) if k not in fenced), stop)
            cell = code_cell_answer([document[k].text for k in range(i + 1, close)])
        if not first and not by_numbers and not cell:
            echoed = echoed_lines(i, body, document, shapes, q, continued[i])
            if echoed:
                continued[i] = [*continued[i], *echoed]
                body = [k for k in body if k > echoed[-1]]
        inline[i] = bool(first)
        texts = ([first] if first else []) + cell + [document[k].text for k in body
                                                     if not (cell and k <= close)]
        kept = [t for t in texts if not _MARKS_ONLY.match(t) and not (t.strip() and not TAG.sub("", t).strip())]
        raw = make_answer(shapes[i].clean, dedent(kept), number=shapes[i].number)
        if _PLACEHOLDER.match(raw.text):
            raw = replace(raw, text="")
        where_lines = [document[k] for k in (*label_lines.get(i, []), i, *continued[i], *body)]
        placement.update({k: f"question {q.id}" for k in (*label_lines.get(i, []), i, *continued[i])})
        placement.update({k: f"answer {q.id}" for k in body})
        answers[q.id] = AlignedAnswer(
            question_id=q.id, text=raw.text, original=raw.original,
            confidence=round(float(min(1.0, scores[i, j])), 3), labels=(raw.label,),
            attachments=raw.attachments, repairs=raw.repairs, where=_where(where_lines),
        )
    _share_merged(answers, anchors, document, pack, embedder)
    _share_grouped(answers, order, by_line, label_lines, shapes, pack)
    _share_stacked(answers, order, by_line, continued, inline, document, pack)
    if not order:
        leftovers.append(("no question of the pack found", list(range(len(document)))))
    unaligned = tuple(u for label, ks in leftovers if (u := _leftover(label, document, ks)) is not None)
    placement.update({k: "unaligned" for _, ks in leftovers for k in ks})
    fit = float(np.mean([min(1.0, scores[i, j]) for j, i in anchors.items()])) if anchors else 0.0
    return Located(answers, unaligned, len(anchors), fit, placement)


def _continuation(i: int, document: Sequence[SourceLine], shapes: Sequence[LineShape], question: Question,
                  anchors: dict[int, int]) -> list[int]:
    """The lines that carry on the question of line `i` (a question wrapped over two lines)."""
    if shapes[i].group and not shapes[i].clean:  # `## 19 & 20` names its questions, it does not ask them
        return []
    targets = [(frozenset(content_tokens(t)), _trigrams(t)) for t in (question.text, *question.aliases)]
    text, taken = shapes[i].clean, []
    for k in range(i + 1, min(i + 4, len(document))):
        s = shapes[k]
        if (k in anchors or not document[k].text.strip() or s.heading or s.listed or s.number is not None
                or text.rstrip("*_ ").endswith(("?", ".", ":"))):
            break
        longer = f"{text} {s.clean}"
        if _lexical(longer, targets) <= _lexical(text, targets) + 0.02:
            break
        text = longer
        taken.append(k)
    return taken


def _typical_heading(shapes: Sequence[LineShape]) -> int | None:
    levels = [s.heading for s in shapes if s.heading]
    if len(levels) * 2 < len(shapes) or not levels:
        return None
    return max(set(levels), key=levels.count)


def _share_stacked(answers: dict[str, AlignedAnswer], order: Sequence[int], by_line: dict[int, int],
                   continued: dict[int, list[int]], inline: dict[int, bool], document: Sequence[SourceLine],
                   pack: Pack) -> None:
    """Questions written one under the other with nothing between them (`> 2. …` / `> 3. …`),
    in a file that leaves a blank line after its other questions, were asked together: the
    answer under the last of them answers each.

    In a file that sets every answer right under its question with no blank line, a question
    directly followed by the next one is just unanswered, and keeps its empty answer."""
    ends = {i: max([i, *continued[i]]) for i in order}

    def spaced(i: int) -> bool:  # a blank line (or the end of a notebook cell) after the question
        e = ends[i]
        return e + 1 >= len(document) or not document[e + 1].text.strip() or document[e + 1].cell != document[e].cell

    if len(order) < 3 or sum(spaced(i) for i in order) < 0.6 * len(order):
        return
    stacked: set[int] = set()
    for a, b in reversed(list(zip(order, order[1:], strict=False))):
        qa, qb = pack.questions[by_line[a]], pack.questions[by_line[b]]
        if (answers[qa.id].text or not answers[qb.id].text or inline.get(b) or b != ends[a] + 1
                or document[b].cell != document[a].cell or not (spaced(b) or b in stacked)):
            continue
        answers[qa.id] = replace(answers[qb.id], question_id=qa.id, confidence=answers[qa.id].confidence)
        stacked.add(a)


def _share_merged(answers: dict[str, AlignedAnswer], anchors: dict[int, int], document: Sequence[SourceLine],
                  pack: Pack, embedder: Embedder | None) -> None:
    """A line that asks several of the pack's questions at once answers each of them (merged items).

    The line is cut into its questions (at each "?"); a piece that reads as a question not
    found elsewhere in the file takes the same answer.
    """
    for own, i in anchors.items():
        pieces = [p.strip() for p in re.findall(r"[^?]+\?", document[i].text) if re.search(r"[^\W\d_]{3,}", p)]
        if len(pieces) < 2:
            continue
        scores = score_lines([line_shape(p) for p in pieces], pack, embedder)
        src = answers[pack.questions[own].id]
        for row in scores:
            j = int(np.argmax(row))
            q = pack.questions[j]
            if j != own and q.id not in answers and row[j] >= SHARED:
                answers[q.id] = replace(src, question_id=q.id, confidence=round(float(min(1.0, row[j])), 3))


def _share_grouped(answers: dict[str, AlignedAnswer], order: Sequence[int], by_line: dict[int, int],
                   label_lines: dict[int, list[int]], shapes: Sequence[LineShape], pack: Pack) -> None:
    """A label that names several questions (`## 19 & 20`, `## 19-21`) gives the one answer under
    it to each of them, as a teacher reads it: each question is graded on the same text, and
    none of them is reported missing. A question found elsewhere in the file keeps its own."""
    by_number = {q.number: q for q in pack.questions}
    for i in order:
        own = pack.questions[by_line[i]]
        above = [shapes[k].group for k in label_lines.get(i, ())]  # `## 19 & 20` above `Do you …?`
        group = shapes[i].group or (above[0] if above else ())
        if own.number not in group:
            continue
        for n in group:
            q = by_number.get(n)
            if q is not None and q.id not in answers:
                answers[q.id] = replace(answers[own.id], question_id=q.id)


def _leftover(label: str, document: Sequence[SourceLine], indexes: Sequence[int]) -> RawAnswer | None:
    lines = [document[k] for k in indexes if document[k].text.strip() and not RULE.match(document[k].text)]
    if not lines:
        return None
    raw = make_answer("", [ln.text for ln in lines])
    return RawAnswer(label=f"({label}, {_where(lines)})", text=raw.text, original=raw.original,
                     attachments=raw.attachments, repairs=raw.repairs, where=_where(lines))
