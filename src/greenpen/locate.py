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

What a line looks like is `line_shapes`; scoring lines and finding the anchors is `anchors`;
where an answer ends and unaligned text begins is `answer_ends`; cleaning an answer's text is
`answer_text`. This module puts them together (`locate`) and shares one answer among the
questions asked together.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import notes, study_chat
from .anchors import (
    ACCEPT,
    continuation,
    find_anchors,
    group_anchors,
    named_labels,
    numbered_gaps,
    score_lines,
    shifted_gaps,
    worded_gaps,
)
from .answer_ends import (
    bulleted_answers,
    closing,
    draws_rules,
    ends_section,
    note_heading,
    quoted_reply,
    speaks_of_unanswered,
    trailing_section,
    unasked_number,
    unasked_question,
)
from .answer_text import (
    ANSWER_FOR,
    COMMENT_QUESTION,
    LABELLED_COMMENT,
    NEXT_QUESTION_OPENS,
    after_head,
    after_number,
    after_number_and_head,
    asked_in_code,
    code_cell_answer,
    dedent,
    echoed_lines,
    label_answer,
    names_question,
    opens_question,
    remainder,
    sets_task,
    shows_question,
    unlabelled,
)
from .deferrals import deferred
from .dialogue import answering_voices, dialogue_turns
from .domain import AlignedAnswer, Pack, Question, RawAnswer, SourceLine
from .grading.embed import Embedder
from .lang import (
    ANSWER_HERE,
    ANSWER_LABELS,
    BLANK_ANSWER_TAILS,
    BLANK_ANSWERS,
    BLANK_NOTES,
    LIST_JOINERS,
    MAIL_CLIPPED,
    QUESTION_STARTS,
    TASK_STARTS,
    TODO_NOTES,
    TOGETHER,
    TOGETHER_CJK,
    patterns,
    words,
)
from .line_shapes import (
    BBCODE,
    BBCODE_TITLED,
    DIRECTIVE,
    DIV_OPENS,
    FENCED_DIV,
    ORG_METADATA,
    RULE,
    SUMMARY,
    TAG,
    LineShape,
    aside_lines,
    front_matter,
    line_shape,
    number_group,
    starts_asking,
    structure,
    table_row,
)
from .readers.base import make_answer, without_page_markup
from .revisits import split_revisits
from .textutil import CJK_CHAR, OUTPUT_FENCE, comments_only, content_tokens, string_only, writes_reference_marks

SHARED = 0.65
"""A question line that asks several questions answers each one it matches this well."""
SHARED_NEXT, SHARED_MARGIN = 0.5, 0.25
"""A piece of such a line that asks in a few words of its own ("And is it slower or faster?") answers the question
next to the line's own, not found elsewhere, when it reads like that one this well, and clearly more than any other."""

_MARKS_ONLY = re.compile(r"^\s*([-*_=#>+•]\s*)+$")
NOTE_WORDS = 12
TODO_CHARS = 120
"""The longest note after "TODO:" that still leaves the answer for later."""
_TAILS = rf"(?:\s+(?:{patterns(BLANK_ANSWER_TAILS)})){{0,2}}"
"""What may follow a placeholder word ("skipped this one for now")."""
_BLANK = rf"(?:{words(BLANK_ANSWERS)}){_TAILS}"
_NOTE = rf"(?:{words(BLANK_NOTES)}){_TAILS}\s*[-–—:,(]\s*(?:[^\W_][\w'’]*[\s,.!]*){{1,{NOTE_WORDS}}}"
"""A placeholder with a note to self: "TODO – try implementing later", "skipped: no time", "skipped, come
back to this after lesson 8"."""
_TODO = rf"(?:{patterns(TODO_NOTES)})\b\s*[-–—:(]\s*[^\n]{{0,{TODO_CHARS}}}"
_LATER = (rf"(?:[^\W_][\w'’]*\s+){{0,2}}[^\W_][\w'’]*\s*(?:[-–—:]\s*(?:{patterns(TODO_NOTES)}|\?{{2,}})"
          rf"|[-–—:,;]\s*(?:{words(BLANK_NOTES)}){_TAILS})")
"""What the answer will be, or why it is left, then that it is for later or unknown: "(code — à faire)", "plot: TODO",
"recsys: ??", "(basic python, skipping this one)"."""
_EMOTICON = r"(?:\s*[:;]-?[()/|DPp]+\s*)"
"""A face at the end of a note: "skip, dont understand this one yet :("."""
_GOES_HERE = (r"(?:[^\W_][\w'’]*\s+){0,3}(?:goes|will\s+go|to\s+go)\s+here"
              rf"|(?:[^\W_][\w'’]*\s+){{0,2}}(?:{words(ANSWER_HERE)})")
"""Where the answer will be: "(plot goes here)", "[answer goes here]", a template's "*Your answer here*"."""
_CLIPPED = rf"(?:{'|'.join(MAIL_CLIPPED)})(?:\W+(?:{'|'.join(MAIL_CLIPPED)}))?"
_PLACEHOLDER = re.compile(
    rf"^[\s*_(\[>（\u2190-\u2bff\U0001f000-\U0001faff\ufe0f]*(?:{_BLANK}|{_NOTE}|{_TODO}|{_LATER}|{_GOES_HERE}|{_CLIPPED}|[-–—]+|\?+(?:\s*\([^)\n]{{0,80}}\))?|\.+)[\s*_)\].!）。\U0001f000-\U0001faff\ufe0f]*{_EMOTICON}?$",
    re.IGNORECASE)

_NONE = re.compile(r"^[\s*_`]*none[\s*_`.!]*$", re.IGNORECASE)
_NONE_WORD = re.compile(r"\bNone\b")
_ASKS_RETURNED = re.compile(r"\b(?:returns?|outputs?|gives?\s+back)\b", re.IGNORECASE)
"""A question that asks what something returns, to which "None" is a value (Python's `None`), not "no answer"."""
_HEAD_END = re.compile(r"(?:\s[-–—]+|[:：])\s*$")
"""A head left without its answer ("8. resnet_depth figure — ", "Q3 notation:")."""
_TODO_CALLOUT = re.compile(r"^\s*>\s*\[!todo\][+-]?[^\n]*(?:\n\s*>[^\n]*)*\s*$", re.IGNORECASE)
"""An answer that is only a to-do callout ("> [!todo]" over "> run this in colab"): a note to self."""


def _prints_question(k: int, asking: int, document: Sequence[SourceLine]) -> bool:
    """Line `k` of a notebook cell's output prints the question the cell asks (`print("Q9 Create an image…")`)."""
    if document[k].text.lstrip().startswith("```"):
        return False
    said = _folded(document[k].text)  # a string shown as a result is in quotes: 'Q9 Create an image…'
    return bool(said) and said in _folded(asked_in_code(document[asking].text))


def _without_empty_outputs(lines: list[str]) -> list[str]:
    """The lines without an output block left with nothing in it (its only line printed the question)."""
    out: list[str] = []
    for line in lines:
        if line.strip() == "```" and out and out[-1].strip() == f"```{OUTPUT_FENCE}":
            out.pop()
            continue
        out.append(line)
    return out


def _titled(text: str) -> str:
    """A box's opening line inside an answer as the title it shows ("<details><summary>my run (5 epochs)</summary>",
    ":::{admonition} Aside" → "my run (5 epochs)", "Aside"); any other line as written."""
    if (summary := SUMMARY.match(text)) is not None:
        return summary.group(1).strip()
    directive = DIRECTIVE.match(text)
    return directive.group(2) if directive is not None and directive.group(1) == "admonition" else text


def _markup_only(text: str) -> bool:
    """A line of layout with nothing said: marks alone ("* * *"), a fenced div's colons, org-mode's planning line
    ("CLOSED: [2021-03-02 Tue]"), HTML tags alone ("<div class=…>", "</div>"), a forum's BBCode tag ("[/quote]")."""
    return bool(_MARKS_ONLY.match(text) or FENCED_DIV.match(text) or ORG_METADATA.match(text) or BBCODE.match(text)
                or (text.strip() and not TAG.sub("", text).strip()))


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


@dataclass
class _Page:
    """What `locate` knows of a document once it has found the questions: each line's shape and kind, the lines that
    ask (`by_line`: line → question index, in `order`) and those they run on to (`continued`)."""

    document: list[SourceLine]
    shapes: list[LineShape]
    fenced: set[int]
    frames: set[int]
    asides: set[int]
    voiced: set[int]
    cell_labels: set[int]
    skip: int
    scores: np.ndarray
    pack: Pack
    by_line: dict[int, int]
    by_numbers: bool
    short_asked: set[int]
    continued: dict[int, list[int]]
    embedder: Embedder | None

    @property
    def order(self) -> list[int]:
        return sorted(self.by_line)

    def question(self, i: int) -> Question:
        return self.pack.questions[self.by_line[i]]


def locate(document: Sequence[SourceLine], pack: Pack, embedder: Embedder | None = None) -> Located:
    """The pack's questions found in `document`, with the answers between them."""
    written = document
    chat, bot_asked = study_chat.split_turns(written)
    lines = dialogue_turns(chat)
    # a speaker's label alone on its line ("**Book:**" above the code that answers) is no chatbot's line
    labels_only = {i for i, (a, b) in enumerate(zip(chat, lines, strict=True)) if a.text.strip() and not b.text}
    page, anchors = _find_questions(lines, pack, embedder)
    claimed = {*page.by_line, *(k for ks in page.continued.values() for k in ks)}
    for k in bot_asked:  # a numbered turn of the bot that asks none of the questions is the bot's words too
        if k not in claimed:
            lines[k], page.shapes[k] = replace(lines[k], text=""), line_shape("")
    bot_lines = [i for i, (a, b) in enumerate(zip(written, lines, strict=True))
                 if a.text.strip() and not b.text and i not in labels_only]
    label_lines = _label_lines(page)
    owned_labels = {k for ks in label_lines.values() for k in ks}
    anchor_heading = _typical_heading([page.shapes[i] for i in page.by_line])
    answers: dict[str, AlignedAnswer] = {}
    leftovers: list[tuple[str, list[int]]] = []
    placement: dict[int, str] = {}
    order = page.order
    inline: dict[int, bool] = {}
    built: dict[int, tuple[str, list[str], int, list[int]]] = {}
    bulleted = bulleted_answers(order, lines, page.shapes, owned_labels, page.continued)
    missing = [j for j in range(len(pack.questions)) if j not in anchors]
    if order:
        leftovers.append(("before the first question", [k for k in range(0, order[0]) if k not in owned_labels]))
    corrections: list[tuple[int, int, str, list[int]]] = []
    for n, i in enumerate(order):
        body, rest, unasked, noted = _span(page, n, owned_labels, anchor_heading)
        if noted:
            leftovers.append(("a note to self in an <aside> or a comment, not an answer", noted))
        if unasked:
            leftovers.append(("answers to questions this pack does not ask", unasked))
        q = page.question(i)
        first, body = _said_on_its_line(page, n, body, answers)
        if n + 1 == len(order):  # a section of its own after the last answer, or the file's closing remark
            # (looked for above such a section or a heading that ends the questionnaire: a page's footer after
            # "That's it for chapter 9." is not more of the remark)
            section = len(body) if rest else trailing_section(body, lines, page.shapes, page.scores[:, missing],
                                                               page.fenced, bulleted)
            ruled = draws_rules(order, lines, page.continued)
            # a table's row is the answer's place, its cell empty or not: what follows the table is not the answer
            answered = bool(first) or table_row(lines[i].text.strip()) is not None
            cut = min(section, closing(body[:section], lines, page.shapes, page.fenced, ruled, q, answered=answered,
                                       unanswered=_unanswered(answers, pack, q)))
            body, rest = body[:cut], body[cut:] + rest
            rest, corrections = _corrections(page, rest, q.number)
        if rest:  # a section of the student's own that ends the answer
            leftovers.append(("after the last question" if n + 1 == len(order)
                              else f"after the answer to question {q.number}", rest))
        first, cell, close, body = _opening(page, n, first, body)
        if quoted := _quoted(body, lines, page.fenced):
            body = [k for k in body if k not in quoted]
            leftovers.append((f"quoted from someone else under the answer to question {q.number}", quoted))
        inline[i] = bool(first)
        built[i] = (first, cell, close, body)
        placement.update({k: f"question {q.id}" for k in (*label_lines.get(i, []), i, *page.continued[i])})
        placement.update({k: f"answer {q.id}" for k in body})
        answers[q.id] = _aligned(page, i, built[i], label_lines)
    _revisits(page, built, answers, label_lines, placement, leftovers, corrections)
    for i in order[:-1]:  # "18 and 19 - skipped (no excel)" under answer 17: a note on the homework, not answer 17
        q = page.question(i)
        note = _trailing_note(page, built[i], _unanswered(answers, pack, q))
        set_aside = [note] if note is not None else _section_title(page, built[i])
        if set_aside:
            first, cell, close, body = built[i]
            built[i] = (first, cell, close, [k for k in body if k not in set_aside])
            leftovers.append((f"after the answer to question {q.number}", set_aside))
            placement.update({k: "unaligned" for k in set_aside})
            answers[q.id] = _aligned(page, i, built[i], label_lines)
    _share_merged(answers, anchors, lines, pack, embedder)
    _share_numbered(answers, pack)
    _share_grouped(answers, order, page.by_line, label_lines, page.shapes, pack)
    _share_stacked(answers, order, page.by_line, page.continued, inline, lines, page.shapes, pack)
    if not order:
        leftovers.append(("no question of the pack found", list(range(len(lines)))))
    notes.resolve(answers, leftovers, lines)
    if bot_lines:
        leftovers = [(label, [k for k in ks if k not in set(bot_lines)]) for label, ks in leftovers]
        unaligned_bot = leftover("the chatbot's words, not the student's", written, bot_lines)
    unaligned = tuple(u for label, ks in leftovers if (u := leftover(label, chat, ks)) is not None)
    if bot_lines and unaligned_bot is not None:
        unaligned = (*unaligned, unaligned_bot)
    placement.update({k: "unaligned" for _, ks in leftovers for k in ks})
    fit = float(np.mean([min(1.0, page.scores[i, j]) for j, i in anchors.items()])) if anchors else 0.0
    return Located(answers, unaligned, len(anchors), fit, placement)


NUMBER_PLACED = 0.8
"""How sure a placement is that rests on the question's own number ("14. Batch, channels, height, width" under no
question text, in a file numbered by the questionnaire): the line's words may say nothing of the question."""


def _placed(page: _Page, i: int, q: Question) -> float:
    """How sure greenpen is that line `i` is where question `q` is answered: how well the line matches the question,
    and no less than `NUMBER_PLACED` when the file's numbers found it."""
    score = float(min(1.0, page.scores[i, page.by_line[i]]))
    # (the number is the question's, or the one the student gave it in their own list of the questions)
    return max(score, NUMBER_PLACED) if page.by_numbers and page.shapes[i].number is not None else score


def _aligned(page: _Page, i: int, built: tuple[str, list[str], int, list[int]],
             label_lines: dict[int, list[int]]) -> AlignedAnswer:
    """The answer to the question asked on line `i`, from its opening, its code cell and its lines (`built`)."""
    first, cell, close, body = built
    q = page.question(i)
    raw = _answer(page, i, first, cell, close, body)
    where_lines = [page.document[k] for k in (*label_lines.get(i, []), i, *page.continued[i], *body)]
    return AlignedAnswer(
        question_id=q.id, text=raw.text, original=raw.original,
        confidence=round(_placed(page, i, q), 3), labels=(raw.label,),
        attachments=raw.attachments, repairs=raw.repairs, where=_where(where_lines),
    )


_QUOTE_OPENS = re.compile(r"^\s*\[quote(?:=[^\]]*)?\]", re.IGNORECASE)
_QUOTE_CLOSES = re.compile(r"\[/quote\]\s*$", re.IGNORECASE)


def _quoted(body: Sequence[int], document: Sequence[SourceLine], fenced: set[int]) -> list[int]:
    """The lines of a forum quote under an answer (Discourse's `[quote="muellerzr, post:5, topic:80127"]` …
    `[/quote]`): another person's words, or the book's, not the student's answer."""
    out: list[int] = []
    start = None
    for k in body:
        if k in fenced:
            continue
        text = document[k].text
        if start is None and _QUOTE_OPENS.match(text):
            start = k
        if start is not None:
            out.append(k)
            if _QUOTE_CLOSES.search(text):
                start = None
    return out if start is None else out[:0]


def _revisits(page: _Page, built: dict[int, tuple[str, list[str], int, list[int]]], answers: dict[str, AlignedAnswer],
              label_lines: dict[int, list[int]], placement: dict[int, str],
              leftovers: list[tuple[str, list[int]]], corrections: list[tuple[int, int, str, list[int]]]) -> None:
    """Answers given later in the file, under another answer ("Back to Q3: …", `revisits.py`): taken out of the
    answer they sit under and given to their question, as its answer when it was put off (the note that put it off
    is shown set aside), after it otherwise; and so are `corrections`, found in the file's closing."""
    by_number = {page.question(i).number: i for i in page.order}
    found = []
    for i in page.order:
        first, cell, close, body = built[i]
        kept, parts = split_revisits(body, page.document, page.fenced, set(by_number) - {page.question(i).number})
        if not parts:
            continue
        built[i] = (first, cell, close, kept)
        answers[page.question(i).id] = _aligned(page, i, built[i], label_lines)
        found += parts
    for number, k, rest, lines in [*found, *corrections]:  # both were looked for among `by_number`'s numbers only
        _give(page, built, answers, label_lines, placement, leftovers, by_number[number], k, rest, lines)


def _give(page: _Page, built: dict[int, tuple[str, list[str], int, list[int]]], answers: dict[str, AlignedAnswer],
          label_lines: dict[int, list[int]], placement: dict[int, str], leftovers: list[tuple[str, list[int]]],
          j: int, k: int, rest: str, lines: list[int]) -> None:
    """Question `j` answered further on, from line `k` (`rest`: what that line says after the question's number)."""
    q = page.question(j)
    if answers[q.id].text.strip():  # more of an answer given in its place: said after it, as written
        old_first, old_cell, old_close, old_body = built[j]
        built[j] = (old_first, old_cell, old_close, [*old_body, k, *lines])
    else:  # the answer the student put off ("Skipping for now, will come back to this.")
        put_off = [line for line in built[j][3] if page.document[line].text.strip()]
        if put_off:
            leftovers.append((f"where question {q.number} was put off, answered further on", put_off))
        built[j] = (rest, [], -1, lines)
    answers[q.id] = _aligned(page, j, built[j], label_lines)
    placement.update({line: f"answer {q.id}" for line in (k, *lines)})


def _corrections(page: _Page, closing: list[int], last: int) -> tuple[list[int], list[tuple[int, int, str, list[int]]]]:
    """In the file's closing, after the last answer, the paragraphs that correct an earlier answer by its number
    ("**Edit:** Q14, I had x and y the wrong way round…", "Back to Q3: …"): the closing's other lines, and each
    correction (number, its line, what it says after the number, the rest of its paragraph)."""
    numbers = {page.question(i).number for i in page.order} - {last}
    kept, parts = split_revisits(closing, page.document, page.fenced, numbers)
    corrections = []
    for number, k, rest, lines in parts:
        paragraph = list(itertools.takewhile(lambda line: bool(page.document[line].text.strip()), lines))
        kept += lines[len(paragraph):]
        corrections.append((number, k, rest, paragraph))
    return sorted(kept), corrections


def _section_title(page: _Page, built: tuple[str, list[str], int, list[int]]) -> list[int]:
    """A rule, then a few words that end with a colon, closing what is under an answer before the next question
    ("---" / "Now the history part:"): the student's title for the answers that follow, not this answer; [] when there
    is none."""
    first, cell, _, body = built
    said = [k for k in body if page.document[k].text.strip()]
    if len(said) < 2 or not (first or cell or len(said) > 2) or said[-1] in page.fenced:
        return []
    title = page.document[said[-1]].text.strip().strip("*_ ")
    if not RULE.match(page.document[said[-2]].text) or not title.endswith(":") or "?" in title or \
            len(title.split()) > SECTION_TITLE_WORDS or page.shapes[said[-1]].listed:
        return []
    return said[-2:]


SECTION_TITLE_WORDS = 8
"""The most words of a section's title set under a rule between two answers ("Now the history part:")."""


def _trailing_note(page: _Page, built: tuple[str, list[str], int, list[int]], unanswered: frozenset[int]) -> int | None:
    """The last paragraph under an answer when it is a line of its own that speaks of questions the file leaves
    unanswered by their numbers ("18 and 19 - skipped (no excel, no twitter)", "TODO q31-36"), after some answer."""
    first, cell, _, body = built
    said = [k for k in body if page.document[k].text.strip()]
    if not said or said[-1] in page.fenced:
        return None
    k = said[-1]
    if not (first or cell or len(said) > 1) or (k - 1 in body and page.document[k - 1].text.strip()
                                                 and page.document[k - 1].cell == page.document[k].cell):
        return None
    return k if speaks_of_unanswered(page.document[k].text, unanswered) else None


def _find_questions(document: list[SourceLine], pack: Pack, embedder: Embedder | None) -> tuple[_Page, dict[int, int]]:
    """Each line's shape and kind, and the lines that ask the pack's questions (`anchors`: question index → line)."""
    headings, fenced, frames = structure(document)
    skip = front_matter(document)
    shapes = [line_shape(ln.text, headings.get(i)) for i, ln in enumerate(document)]
    for i in _callout_titles(document, shapes):  # "::: {.callout-tip}" over "## Top-5": the box's title
        shapes[i] = line_shape(document[i].text.lstrip().lstrip("#"))
    # A question asked in a comment of a code cell (`# Q: What is…?`) is a question too.
    commented = {i for i in fenced if i >= skip and COMMENT_QUESTION.match(document[i].text)}
    for i in commented:
        shapes[i] = line_shape(asked_in_code(document[i].text))
    # A numbered one that opens its cell, or one labelled "Q7" anywhere in it, names its question in a few words
    # (`# Q6: output of create_head`).
    cell_labels = {i for i in commented if shapes[i].number is not None
                   and (i - 1 not in fenced or LABELLED_COMMENT.match(document[i].text))}
    voiced = answering_voices(document)  # "**Sam:** Deployment?" in study-group notes answers, it does not ask
    replied = quoted_reply(document, fenced)  # the teacher's e-mail quoted under the answers asks no question here
    usable = [i for i, s in enumerate(shapes) if i >= skip and not s.layout and i not in voiced
              and (i not in fenced or (i in commented and s.asks) or i in cell_labels)
              and (replied is None or i < replied)]
    scores = score_lines(shapes, pack, embedder)
    anchors, by_numbers = find_anchors(shapes, scores, pack, usable)
    if anchors and not by_numbers:
        group_anchors(anchors, shapes, pack, usable)
        texts = [ln.text for ln in document]
        short_asked = set(numbered_gaps(anchors, shapes, pack, usable, texts))
        short_asked.update(shifted_gaps(anchors, shapes, pack, usable, texts))
        worded_gaps(anchors, shapes, scores, usable, [q.number for q in pack.questions])
        named_labels(anchors, shapes, pack, usable)
    else:
        short_asked = set()
    by_line = {i: j for j, i in anchors.items()}
    continued = {i: continuation(i, document, shapes, pack.questions[j], by_line) for i, j in by_line.items()}
    page = _Page(document, shapes, fenced, frames, aside_lines(document), voiced, cell_labels, skip, scores, pack,
                 by_line, by_numbers, short_asked, continued, embedder)
    return page, anchors


def _label_lines(page: _Page) -> dict[int, list[int]]:
    """The line above a question that belongs to it: one holding only the number ("## Question 3", "**3.**"), a
    heading that gives the question's number and a title of its own ("## 2. Concatenating documents"), the first line
    of a question wrapped over two, the fence that opens the code cell a question is asked in."""
    document, shapes = page.document, page.shapes
    label_lines: dict[int, list[int]] = {}
    for i in page.order:
        k = i - 1
        while k >= 0 and (not document[k].text.strip() or _DIRECTIVE_OPTION.match(document[k].text)):
            k -= 1  # a blank line, or a MyST box's option under its title (":class: note" under "Frage 13")
        if k >= page.skip and k not in page.by_line and shapes[k].number is not None and (not shapes[k].clean or (
                shapes[k].heading is not None and shapes[k].number == page.question(i).number)):
            label_lines[i] = [k]
        elif k == i - 1 >= page.skip and k not in page.by_line and opens_question(shapes[k].clean, page.question(i)):
            label_lines[i] = [k]  # the question wrapped over two lines, found by its second
        if i in page.fenced and i - 1 not in page.fenced and i - 1 not in page.by_line:
            label_lines[i] = [i - 1]
    return label_lines


def _span(page: _Page, n: int, owned_labels: set[int],
          anchor_heading: int | None) -> tuple[list[int], list[int], list[int], list[int]]:
    """The lines between the `n`-th question found and the next, sorted: (the answer's, a section of the student's
    own that ends it, answers to questions the pack does not ask, notes to self in asides)."""
    document, shapes, fenced, order = page.document, page.shapes, page.fenced, page.order
    i = order[n]
    stop = order[n + 1] if n + 1 < len(order) else len(document)
    after = page.question(order[n + 1]).number if n + 1 < len(order) else None
    next_own = shapes[order[n + 1]].number if n + 1 < len(order) else None  # in the student's own numbering
    numbers = {q.number for q in page.pack.questions}
    body: list[int] = []
    rest: list[int] = []
    unasked: list[int] = []
    noted: list[int] = []
    for k in range(i + 1, stop):
        if k in owned_labels:  # the next question's label: only blank lines lie between it and its question
            break
        if k in page.continued[i]:
            continue
        if k in page.asides and not unasked and not rest:
            noted.append(k)
        elif not (unasked or rest) and _restated(page, i, k, body):
            page.continued[i] = [*page.continued[i], k]  # "*¿Qué es la normalización?*" under "**2. What is …?**"
        elif unasked or ((k not in fenced or k in page.cell_labels) and k not in page.voiced and (
                unasked_number(shapes[k], shapes[i], [b for b in body if b not in fenced], shapes, numbers,
                               page.question(i).number, after, next_own)
                or unasked_question(shapes[k], shapes[i]))):
            unasked.append(k)
        elif rest or (k not in fenced and (ends_section(shapes[k], anchor_heading)
                                           or note_heading(shapes[k], anchor_heading, body, document))):
            rest.append(k)
        else:
            body.append(k)
    return body, rest, unasked, noted


def _restated(page: _Page, i: int, k: int, body: list[int]) -> bool:
    """Line `k`, before anything is answered under the question on line `i`, asks it again in other words or another
    language (a learner's translation under the book's question): it is the question's, not a question the pack
    leaves out. A statement that only ends in a question mark, in the question's words ("xxbos is the start of the
    text and xxmaj means a capital letter?"), is a hedged answer: it had been taken for the question and lost."""
    clean = page.shapes[k].clean
    asked = content_tokens(page.question(i).text)
    own = content_tokens(clean)
    return (clean.rstrip("*_ ").endswith(("?", "？")) and page.shapes[k].number is None
            and k not in page.fenced and k not in page.by_line  # "4. How do you get a column…?" asks its own
            and not any(page.document[b].text.strip() for b in body)
            and page.scores[k, page.by_line[i]] >= ACCEPT and int(np.argmax(page.scores[k])) == page.by_line[i]
            # in Chinese, Japanese or Korean a question opens with no word of asking to tell it by
            and (starts_asking(clean) or CJK_CHAR.search(clean) is not None or len(own & asked) * 3 >= len(own) * 2))


_WHOLLY_BOLD = re.compile(r"^\s*(?:[-*+]\s+|#+\s+)?(\*\*|__)(?=\S)(?:(?!\1).)+(?<=\S)\1\s*$")
"""A line set in bold whole (after a list marker or a heading's marks): a label, nothing of it an answer."""


_DIRECTIVE_OPTION = re.compile(r"^\s*:[a-z][\w-]*:(?:\s|$)")
"""An option of a MyST or reStructuredText directive, on the lines under its title (`:class: note`)."""
_CODE_MARK = re.compile(r"[=`()\[\]{}@]")
_SENTENCE_MARK = re.compile(r"[.!?:;]\s*$|[.!?:;]\s")
"""What a sentence has and a title does not: a stop, a colon or a semicolon."""


def _said_on_its_line(page: _Page, n: int, body: list[int],
                      answers: dict[str, AlignedAnswer]) -> tuple[str, list[int]]:
    """What the `n`-th question's own line says as its answer ("13. Why…? - because…"), and the answer's lines."""
    document, shapes, i = page.document, page.shapes, page.order[n]
    q = page.question(i)
    first = after_number_and_head(document[i].text, q) if page.by_numbers else \
        after_head(document[i].text) if i in page.short_asked else remainder(document[i].text, q)
    if _WHOLLY_BOLD.match(document[i].text):
        first = ""  # "**Q24 – two states in LSTM: why, what for**": a label set apart whole, all of it the question's
    elif first and shapes[i].number is not None and not _SENTENCE_MARK.search(first) and content_tokens(first) \
            and not _CODE_MARK.search(first) and names_question(first, q) \
            and any(document[k].text.strip() for k in body):
        first = ""  # "**Q4** Dense layer in plain Python" over the answer: the label, then the question in short words
    if not page.by_numbers and not first and not page.continued[i] and shapes[i].number is not None and \
            shapes[i].heading is None and not shapes[i].asks and table_row(document[i].text.strip()) is None and \
            not names_question(own := after_number(document[i].text), q) and not _HEAD_END.search(own) and \
            not (_WHOLLY_BOLD.match(document[i].text) and _bold_asks(page)) and \
            not _said_below(body, n + 1 == len(page.order), document, shapes, page.fenced, page.order, page.continued,
                            q, _unanswered(answers, page.pack, q)):
        # "9) get_x and get_y", "10) Softmax forces the outputs to sum to 1…" with the next number under it: a
        # numbered line that neither asks nor says the question in its words, with nothing under it, is the answer
        first = own
    if page.by_numbers and first and page.continued[i] and first == after_number(document[i].text):
        # "Q2. train/ and valid/ folders … and the" over "    valid set is seperate already.": a line found by
        # its number holds the answer, not the question, so the line it runs on to is more of the answer
        body, page.continued[i] = sorted([*page.continued[i], *body]), []
    return first, body


def _bold_asks(page: _Page) -> bool:
    """Whether the file sets its questions in bold whole lines: most of its numbered lines set in bold have an
    answer under them ("**7. Drivetrain ke steps?**" over the answer), so one with nothing under it ("**8.
    Drivetrain ko recommendation system pe map karo**", a question in the student's words) asks and is unanswered."""
    document, order = page.document, page.order
    bold = [n for n, i in enumerate(order) if _WHOLLY_BOLD.match(document[i].text)]
    under = [n for n in bold if any(document[k].text.strip() for k in
                                     range(order[n] + 1, order[n + 1] if n + 1 < len(order) else len(document)))]
    return len(bold) >= 3 and 2 * len(under) > len(bold)


def _opening(page: _Page, n: int, first: str, body: list[int]) -> tuple[str, list[str], int, list[int]]:
    """Where the `n`-th answer opens: (what the question's line says of it, the rest of the code cell it is asked in,
    the line that closes that cell (-1: not asked in code), the answer's lines), with a copy of the question, its echo
    and its label's own words left out."""
    document, shapes, i = page.document, page.shapes, page.order[n]
    q = page.question(i)
    j = page.by_line[i]
    stop = page.order[n + 1] if n + 1 < len(page.order) else len(document)
    labelled = number_group(document[i].text, shapes[i].heading is not None)
    if labelled is not None and (page.by_numbers or page.scores[i, j] < ACCEPT):  # `**19, 20.** answer`
        asked = SUMMARY.match(document[i].text) or BBCODE_TITLED.match(document[i].text) or \
            (shapes[i].heading is not None and shapes[i].asks)
        first = "" if asked else labelled[1]  # a <summary> is a title, "### 問10・問11. …とは？" a question
    if page.continued[i] and not page.by_numbers:
        first = remainder(" ".join([document[i].text.strip(), *(document[k].text.strip() for k in page.continued[i])]),
                           q)
    cell: list[str] = []
    close = -1
    if i in page.fenced:  # asked in a code comment: the rest of the cell, then what follows the cell
        # (and, after a few words that name the question, what its own comment says: `# Q3 L.map: calls…`)
        # (a label over an instruction is the answer unless its words are the question's: `# Q4 create the layer
        # once in __init__`)
        named = i in page.cell_labels and (not shapes[i].asks or sets_task(shapes[i].clean))
        first = label_answer(asked_in_code(document[i].text), q) if named else ""
        close = next((k for k in range(i + 1, stop) if k not in page.fenced), stop)
        cell = code_cell_answer([document[k].text for k in range(i + 1, close)
                                 if not shows_question(document[k].text, document[i].text)])
    if (page.by_numbers or not shapes[i].clean) and not first and (  # found by its number, or a label with no words
            copied := _copied_question(body, document, shapes, page.scores[:, j], page.fenced, q)):
        page.continued[i] = [*page.continued[i], copied]  # "## Question 10" over "*What is X?*" over the answer
        body = [k for k in body if k != copied]
    if not first and not page.by_numbers and not cell:
        echoed = echoed_lines(i, body, document, shapes, q, page.continued[i])
        if echoed:
            page.continued[i] = [*page.continued[i], *echoed]
            body = [k for k in body if k > echoed[-1]]
    opening = next((k for k in body if document[k].text.strip()), None)
    if first and opening is not None and shapes[opening].labelled_answer and \
            content_tokens(first) <= content_tokens(q.text):  # "…? Lots of math, a PhD" / "Answer: No for all"
        first = ""  # the question's own words go on after its "?"; the label below says where the answer starts
    return first, cell, close, body


def _answer(page: _Page, i: int, first: str, cell: list[str], close: int, body: list[int]) -> RawAnswer:
    """The answer to the question asked on line `i`, from what its line says, its code cell (up to line `close`) and
    its lines: layout left out (but every line inside a code block kept), a placeholder or a deferral read as no
    answer."""
    document, shapes = page.document, page.shapes
    q = page.question(i)
    kept = [t for t in (first.split("\n") if first else []) + cell if not _markup_only(t)] + [
        # a notebook cell that goes on with the answer after the student's code may open with the label again
        unlabelled(document[k].text) if shapes[k].labelled_answer and k - 1 in body
        and document[k].cell is not None and document[k - 1].cell != document[k].cell
        else document[k].text if k in page.fenced else _titled(document[k].text)
        for k in body if k > close and k not in page.frames
        and (k in page.fenced or not _markup_only(document[k].text))  # inside a code block, every line is said
        and not (i in page.fenced and document[k].cell == document[i].cell and _prints_question(k, i, document))]
    # the question as written, with the lines it runs on to ("…speed up neural" / "networks?" wrapped at 72 columns)
    label = " ".join([shapes[i].clean, *(shapes[k].clean for k in sorted(page.continued[i])
                                          if k > i and shapes[k].clean)])
    raw = make_answer(label, dedent(without_page_markup(_without_empty_outputs(kept))), number=shapes[i].number)
    said = comments_only(raw.text)
    if said is not None:  # a code cell that holds only "# TODO" or "# not sure": its comment is what it says
        raw = replace(raw, text=said)
    elif not q.asks_code and (lone := string_only(raw.text)) and re.search(r"[^\W\d_]{2,}\s+[^\W\d_]{2,}", lone):
        raw = replace(raw, text=lone)  # `answer_2 = "Normalization: x = (x - mean) / std …"`: the words are the answer
    if no_answer(raw.text, q, page.embedder):
        raw = replace(raw, text="")
    if not raw.original.strip() and first.strip():  # a table's answer cell that holds only "-": shown as written
        raw = replace(raw, original=first.strip())
    return raw


def no_answer(text: str, question: Question, embedder: Embedder | None) -> bool:
    """What a student wrote in place of an answer: a placeholder ("N/A", "skipped", "TODO – later", a template's
    "*Your answer here*"), a to-do callout, or a note that defers it, also written as a string in code
    (`a13 = "TODO"`). Marks the reference's code writes ("??") are an answer."""
    if writes_reference_marks(text, question.reference):
        return False  # "??" to "How do you see a function's source in Jupyter?": the answer, not a placeholder
    if _NONE.match(text) and (_ASKS_RETURNED.search(question.text) or _NONE_WORD.search(question.reference)):
        return False  # "None." to "What does noop return?": a value, right or wrong, not a placeholder
    lone = string_only(text)
    return bool(_PLACEHOLDER.match(text) or _TODO_CALLOUT.match(text) or deferred(text, question, embedder) or (
        lone is not None and (_PLACEHOLDER.match(lone) or deferred(lone, question, embedder))))


def _unanswered(answers: dict[str, AlignedAnswer], pack: Pack, last: Question) -> frozenset[int]:
    """The numbers of the questionnaire, up to the pack's last, with no answer above the last question's: the pack's
    questions not answered, and the numbers it does not ask."""
    answered = {q.number for q in pack.questions if q.id in answers and answers[q.id].text.strip()}
    return frozenset(range(1, max(q.number for q in pack.questions) + 1)) - answered - {last.number}


def _said_below(body: Sequence[int], last: bool, document: Sequence[SourceLine], shapes: Sequence[LineShape],
                fenced: set[int], order: Sequence[int], continued: dict[int, list[int]], question: Question,
                unanswered: frozenset[int]) -> bool:
    """Something is written under a question before the next one (under the last, before the file's closing: "I
    didn't finish 15 and 17", "Best, Rosa")."""
    said = [k for k in body if document[k].text.strip()]
    if said and last:
        said = said[:closing(said, document, shapes, fenced, draws_rules(order, document, continued), question,
                             answered=True, unanswered=unanswered)]
    return bool(said)


def _callout_titles(document: Sequence[SourceLine], shapes: Sequence[LineShape]) -> list[int]:
    """The headings that open a fenced div: a Quarto callout takes its title from its first heading, inside the
    answer it holds, so it is no section of the file."""
    out = []
    for i, shape in enumerate(shapes):
        k = i - 1
        while k >= 0 and not document[k].text.strip():
            k -= 1
        if shape.heading is not None and k >= 0 and DIV_OPENS.match(document[k].text):
            out.append(i)
    return out


COPIED = 0.85
"""How closely the line under a question's number must read as that question to be its copy, not its answer."""


def _copied_question(body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
                     scores: np.ndarray, fenced: set[int], question: Question) -> int | None:
    """The first line under a question found by its number that copies the question ("## Question 10" then
    "*What is `ProcessPoolExecutor`?*"): it asks and reads as the question as closely as a copy does (`COPIED`), or
    it reads as the question word for word, or it is a task given as the question words it ("*Use cosine annealing
    in `OneCycle`.*")."""
    k = next((k for k in body if document[k].text.strip()), None)
    if k is None or k in fenced:
        return None
    if opens_question(shapes[k].clean, question) and len(shapes[k].clean.split()) >= len(question.text.split()):
        return k
    return k if scores[k] >= COPIED and (shapes[k].asks or scores[k] >= 1.0) else None


def _typical_heading(shapes: Sequence[LineShape]) -> int | None:
    levels = [s.heading for s in shapes if s.heading]
    if len(levels) * 2 < len(shapes) or not levels:
        return None
    return max(set(levels), key=levels.count)


_OPENING_NOTE = re.compile(r"^[\s>*_-]*[(\[（]([^()\[\]（）\n]{1,80})[)\]）]")
"""A note in brackets that opens an answer: "(answering 25 + 26 together)", "(both)"."""
_OPENING_SENTENCE = re.compile(r"^[\s>*_-]*([^.:!?\n]{1,80})[.:!]")
"""The sentence that opens an answer, which may be such a note ("I'll answer these two together.")."""
_ANSWERING = re.compile(rf"\b(?:{words({k: [w for w in v if len(w) > 2] for k, v in ANSWER_LABELS.items()})})",
                        re.IGNORECASE)
"""A word of answering in a sentence that opens an answer ("I'll answer these two together.")."""
_BOTH = re.compile(r"\b(?:" + words(TOGETHER) + r")\b|" + patterns(TOGETHER_CJK), re.IGNORECASE)
NOTE_WORDS = 6
"""The most words of a note in brackets that names the questions an answer answers ("(answering 25 + 26 together)",
"(answering both)")."""


def _share_stacked(answers: dict[str, AlignedAnswer], order: Sequence[int], by_line: dict[int, int],
                   continued: dict[int, list[int]], inline: dict[int, bool], document: Sequence[SourceLine],
                   shapes: Sequence[LineShape], pack: Pack) -> None:
    """Questions written one under the other with nothing between them (`> 2. …` / `> 3. …`),
    in a file that leaves a blank line after its other questions, were asked together: the
    answer under the last of them answers each.

    In a file that sets every answer right under its question with no blank line, a question
    directly followed by the next one is just unanswered, and keeps its empty answer, unless the
    answer's label names both ("Answer (Q19 and Q20):"), or the file opens its answers with a label ("A: …") and the
    two questions share the one label under them, or, in a notebook that gives each question a cell of its
    own, the two share a cell with only blank lines between them."""
    ends = {i: max([i, *continued[i]]) for i in order}

    def spaced(i: int) -> bool:  # a blank line (or the end of a notebook cell) after the question
        e = ends[i]
        return e + 1 >= len(document) or not document[e + 1].text.strip() or document[e + 1].cell != document[e].cell

    def named_together(a: int, b: int) -> bool:  # "Answer (Q19 and Q20):", "(answering 25 + 26 together)" under them
        if any(document[k].text.strip(" \t>") and not (shapes[k].number is not None and not shapes[k].clean)
               for k in range(ends[a] + 1, b)):
            return False  # something under the first question but the second's label ("Question 20:"): not together
        k = ends[b] + 1
        while k < len(document) and document[k].cell == document[b].cell and not document[k].text.strip():
            k += 1  # the answer's first line, after the blank lines under the questions
        first = document[k].text if k < len(document) and document[k].cell == document[b].cell else ""
        label = ANSWER_FOR.match(first)
        note = _OPENING_NOTE.match(first) or _OPENING_SENTENCE.match(first)
        if label:
            named = label.group(1)
        elif note and len(note.group(1).split()) <= NOTE_WORDS:  # a short note opens the answer
            if _BOTH.search(note.group(1)) and (note.re is _OPENING_NOTE or _ANSWERING.search(note.group(1))):
                return True  # "(answering both) Out-of-domain data is…", "I'll answer these two together." under them
            named = note.group(1)
        else:
            return False
        numbers = {int(n) for n in re.findall(r"(?<![\d.])\d{1,3}(?![\d.])", named)}
        return {pack.questions[by_line[a]].number, pack.questions[by_line[b]].number} <= numbers

    def joined(a: int, b: int) -> bool:  # "7) …DataLoaders? / What" over "method does … DataBlock?": one line runs on
        text = document[ends[a]].text
        return b == ends[a] + 1 and "?" in text and bool(NEXT_QUESTION_OPENS.fullmatch(text.rsplit("?", 1)[1].strip()))

    def labelled(i: int) -> bool:  # the line right under the question opens the answer with a label ("A: …")
        e = ends[i] + 1
        return e < len(document) and document[e].cell == document[i].cell and shapes[e].labelled_answer

    labels_answers = sum(labelled(i) for i in order) >= 0.6 * len(order)

    def share_label(a: int, b: int) -> bool:  # "Q20. …" / "Q21. …" / "A: …" where every other answer has its "A:"
        return labels_answers and b == ends[a] + 1 and labelled(b)

    cells = Counter(document[i].cell for i in order if document[i].cell is not None)
    one_per_cell = bool(cells) and sum(n == 1 for n in cells.values()) >= 0.6 * len(cells)

    def in_one_cell(a: int, b: int) -> bool:  # "**25. …?**", a blank line, "**26. …?**", the answer: one notebook cell
        # (with no blank line between them, as a cell that sets its answer right under its question writes them,
        # the first question is just unanswered: "What is an activation function?" / "What's the difference…?" /
        # the answer to the second)
        return (one_per_cell and document[a].cell is not None and document[a].cell == document[b].cell
                and ends[a] + 1 < b and all(not document[k].text.strip() for k in range(ends[a] + 1, b)))

    for a, b in zip(order, order[1:], strict=False):
        qa, qb = pack.questions[by_line[a]], pack.questions[by_line[b]]
        if not answers[qa.id].text and answers[qb.id].text and (named_together(a, b) or in_one_cell(a, b)
                                                                or share_label(a, b) or joined(a, b)):
            answers[qa.id] = replace(answers[qb.id], question_id=qa.id, confidence=answers[qa.id].confidence)
    if len(order) < 3 or sum(spaced(i) for i in order) < 0.6 * len(order):
        return
    def nested(b: int) -> bool:  # "1. …?" / "1. …?" / "1. …?" over "   > answer": the answer is the last item's own
        k = next((k for k in range(ends[b] + 1, len(document)) if document[k].text.strip()), None)
        if k is None or not shapes[b].listed or document[k].cell != document[b].cell:
            return False
        indent = len(document[k].text) - len(document[k].text.lstrip())
        return indent > len(document[b].text) - len(document[b].text.lstrip())

    stacked: set[int] = set()
    for a, b in reversed(list(zip(order, order[1:], strict=False))):
        qa, qb = pack.questions[by_line[a]], pack.questions[by_line[b]]
        if (answers[qa.id].text or not answers[qb.id].text or inline.get(b) or b != ends[a] + 1
                or document[b].cell != document[a].cell or not (spaced(b) or b in stacked) or nested(b)):
            continue
        answers[qa.id] = replace(answers[qb.id], question_id=qa.id, confidence=answers[qa.id].confidence)
        stacked.add(a)


AUXILIARIES = ("is", "are", "do", "does", "can", "could", "should", "would")
"""Question starts that also start statements (", and is it fast?" is rare; ", and is used for…" is not)."""
_ASKING_WORDS = {k: [w for w in v if w not in TASK_STARTS.get(k, ()) and w not in AUXILIARIES]
                 for k, v in QUESTION_STARTS.items()}
_ANOTHER_ASK = re.compile(rf",\s*(?:{words(LIST_JOINERS)})\s+(?=(?:{words(_ASKING_WORDS)})\b)", re.IGNORECASE)
"""Where a second question starts inside one sentence: ", and why…", ", e como…"."""


_JOINED_TOPICS = re.compile(r"\s+[+&]\s+")
"""A "+" or "&" between two topics of a short label ("splitter + same split every time")."""


def _asked_pieces(line: str) -> list[str]:
    """The questions a line asks, each up to its "?" or a joiner; a stretch without "?" counts only when joined."""
    out = []
    for chunk in re.split(r"(?<=\?)", line):
        pieces = [piece for p in _ANOTHER_ASK.split(chunk) for piece in _JOINED_TOPICS.split(p)]
        if chunk.rstrip().endswith("?") or len(pieces) > 1:
            out += pieces
    return out


def _share_merged(answers: dict[str, AlignedAnswer], anchors: dict[int, int], document: Sequence[SourceLine],
                  pack: Pack, embedder: Embedder | None) -> None:
    """A line that asks several of the pack's questions at once answers each of them (merged items).

    The line is cut into its questions (at each "?", where ", and why…" starts another: "What do `backward()`
    and zeroing the gradients do, and why do we need the zeroing?", and at a "+" or "&" that joins two topics:
    "**Out-of-domain data & domain shift**"); a piece that reads as a question not found elsewhere in the file takes
    the same answer.
    """
    for own, i in anchors.items():
        pieces = [p.strip() for p in _asked_pieces(document[i].text) if re.search(r"[^\W\d_]{3,}", p)]
        if len(pieces) < 2:
            continue
        scores = score_lines([line_shape(p) for p in pieces], pack, embedder)
        src = answers[pack.questions[own].id]
        asked_here = _folded(pack.questions[own].text)
        for piece, row in zip(pieces, scores, strict=True):
            if _folded(piece) in asked_here:
                continue  # "How do you use it in fastai?": a sentence of the line's own question, however others end
            if (k := _named_next(piece, own, pack, answers)) is not None:
                answers[pack.questions[k].id] = replace(src, question_id=pack.questions[k].id)
                continue
            j = int(np.argmax(row))
            q = pack.questions[j]
            if j == own or q.id in answers:
                continue
            runner_up = max((float(v) for k, v in enumerate(row) if k not in (j, own)), default=0.0)
            next_one = abs(j - own) == 1 and row[j] >= SHARED_NEXT and row[j] - runner_up >= SHARED_MARGIN
            if row[j] >= SHARED or next_one:
                answers[q.id] = replace(src, question_id=q.id, confidence=round(float(min(1.0, row[j])), 3))


def _named_next(piece: str, own: int, pack: Pack, answers: dict[str, AlignedAnswer]) -> int | None:
    """The question next to the line's own that a piece of a few words names by its own words alone ("the two
    misunderstandings" beside "PDP requirements", for "What were the two theoretical misunderstandings…?"), when no
    answer was found for it elsewhere."""
    said = content_tokens(piece)
    if len(said) < 2 or said <= content_tokens(pack.questions[own].text):
        return None
    return next((k for k in (own - 1, own + 1) if 0 <= k < len(pack.questions)
                 and pack.questions[k].id not in answers and said <= content_tokens(pack.questions[k].text)), None)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _share_numbered(answers: dict[str, AlignedAnswer], pack: Pack) -> None:
    """An answer with a line that opens by naming its own question's number and others' ("6 and 7: Datasets
    holds…" under question 7, with 6 asked above and left empty) answers each of them."""
    by_number = {q.number: q for q in pack.questions}
    for qid, answer in list(answers.items()):
        own = pack.question(qid).number
        group = next((g for line in answer.text.split("\n") if (g := number_group(line)) and own in g[0]), None)
        if group is None:
            continue
        for n in group[0]:
            q = by_number.get(n)
            if q is not None and q.id != qid and not (q.id in answers and answers[q.id].text.strip()):
                answers[q.id] = replace(answer, question_id=q.id)


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


def leftover(label: str, document: Sequence[SourceLine], indexes: Sequence[int]) -> RawAnswer | None:
    lines = [document[k] for k in indexes  # not a rule, nor a line of HTML tags alone ("<div class=…>", "</div>")
             if TAG.sub("", document[k].text).strip() and not RULE.match(document[k].text)]
    if not lines:
        return None
    raw = make_answer("", [ln.text for ln in lines])
    return RawAnswer(label=f"({label}, {_where(lines)})", text=raw.text, original=raw.original,
                     attachments=raw.attachments, repairs=raw.repairs, where=_where(lines))
