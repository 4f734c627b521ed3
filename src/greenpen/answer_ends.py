"""Answer ends: where the text under a question stops being its answer and becomes unaligned.

An answer ends at a heading that closes the questionnaire's section, at a number the pack does
not ask, at a heading of the student's own after it, and, under the last question, at a titled
section of its own ("Further Research", "Notes") or at the file's closing (a "Conclusion", a
signature or a "Thanks for reading!" under a rule). Finding the questions is `anchors`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .anchors import ACCEPT
from .domain import Question, SourceLine
from .lang import CLOSING_TITLES, SITE_FOOTERS, patterns
from .line_shapes import (
    ANSWER_LABEL,
    CLOSING_REMARK,
    POST_HEADER,
    QUOTED_REPLY,
    RULE,
    TAG,
    LineShape,
    line_shape,
    posted,
)
from .readers.base import FOOTNOTE
from .readers.identity import BYLINE, NOT_NAME_WORDS, is_person_name
from .textutil import CODE_MARKS, fold


def ends_section(shape: LineShape, anchor_heading: int | None) -> bool:
    """A heading that is not a question and closes the questionnaire's section (an answer's label set as a
    heading, "### Answer", opens the answer instead, and a heading that is a sentence, "### Imagine a bookshelf.", is
    the answer's words set large)."""
    if shape.heading is None or shape.labelled_answer or _SENTENCE_HEADING.search(shape.clean):
        return False
    return shape.heading <= anchor_heading if anchor_heading else shape.heading <= 3


_SENTENCE_HEADING = re.compile(r"[^\W\d_]{2,}[.!。！]\W*$|^\W*(?:\S+\s+){2,}\S*[^\W\d_]:\W*$")
"""A heading that ends as a sentence does ("Imagine a bookshelf."), or leads into what follows in words of its own
("There are several reasons:"): no section's title ("Part 2:")."""
BEYOND_LAST = 5
"""How far past the pack's last question a line's number may go and still be a questionnaire's (the book's last
questions, which a pack may leave out)."""


def unasked_number(shape: LineShape, anchor: LineShape, body: Sequence[int], shapes: Sequence[LineShape],
                   numbers: set[int], current: int, after: int | None, next_own: int | None = None) -> bool:
    """A line numbered like the questions, with a number between this question's and the next
    one's that the pack does not ask ("4) skipped" where the teacher's pack leaves out question 4):
    the student's answer to another question, not more of this answer. A list inside the answer
    ("1. … 2. …") is not: it starts at one, written as this line is ("(1) … (2) …" inside an answer is no
    list of "7." lines), or is not written the way the questions are. A heading
    is never a list's item: `### 11. …` under `### 10. …` is question 11 even after a list in answer 10.

    In a file numbered its own way (from 0, or with the book's questions the pack leaves out), the numbers are the
    student's: a line that asks, numbered between this question's own number and the next one's (`next_own`; any
    after it under the last), is the question left out ("6. How do the 50,000 unlabeled reviews help…?" between
    "5. …" and "7. …"); so is an item that asks in a list numbered "1." throughout."""
    n = shape.number
    if n is None or shape.group or (numbers and n > max(numbers) + BEYOND_LAST and not shape.asks) or \
            _REACTIONS.match(f"{n} {shape.clean}"):  # "42 Followers" under a post: a count, no question's number
        return False  # "101 vs 50 layers." under "22. resnet50 vs resnet101?": a number the answer says
    own_gap = (shape.asks and anchor.number is not None and anchor.number != current
               and anchor.number < n < (next_own if next_own is not None else n + 1))
    # a questionnaire copied as Markdown numbers every item "1." (the page numbers them): an item that asks, under
    # the item of a later question, is the next question of the list, one the pack leaves out
    own_gap = own_gap or (shape.asks and n == 1 and anchor.number == 1 and current != 1)
    # "Q4. What does a crosstab look like?" after the answer to "Q5. …": a question the pack leaves out, answered
    # out of order, numbered and asking as the questions do
    back = shape.asks and 0 < n < current and n not in numbers and shape.marked == anchor.marked and not any(
        (number := shapes[k].number) is not None and number < n and (shapes[k].listed, shapes[k].indent)
        == (shape.listed, shape.indent) for k in body)
    if not (own_gap or back) and (n in numbers or n <= current or (after is not None and n >= after)):
        return False
    if (shape.heading, shape.listed, shape.indent) != (anchor.heading, anchor.listed, anchor.indent) and not (
            # "**13. Create a class…**" in a post of "## 12. …" headings: a numbered question set apart as a title
            shape.asks and not back and (shape.heading is not None or shape.marked == "bold") and not shape.indent):
        return False
    return shape.heading is not None or shape.asks or not any(  # a list's item that asks is rare; a question asks
        shapes[k].number == 1 and (shapes[k].listed, shapes[k].indent) == (shape.listed, shape.indent) for k in body)


def unasked_question(shape: LineShape, anchor: LineShape) -> bool:
    """A question written the way the questions are (`Q: …?` under `Q: …?`, a bold question under
    bold ones) that is none of the pack's: a question the teacher's pack leaves out, which the
    student answers next ("Q: Implement progressive resizing in your own project. Did it help?").
    Its answer is not more of this one."""
    return (shape.asks and shape.number is None and bool(anchor.marked) and shape.marked == anchor.marked
            and not ANSWER_LABEL.match(shape.clean)  # "**Answer:** ??? because it's a number?" answers, unsure
            and (shape.heading, shape.listed, shape.indent) == (anchor.heading, anchor.listed, anchor.indent))


def note_heading(shape: LineShape, anchor_heading: int | None, body: Sequence[int],
                 document: Sequence[SourceLine]) -> bool:
    """A heading of the student's own ("#### Aside") after an answer, in a file whose questions
    are not headings: what follows is a note, not more of the answer. (An answer written as a
    heading, `#### It is…`, comes first under its question and stays the answer.)"""
    return (shape.heading is not None and anchor_heading is None and not shape.labelled_answer
            and any(document[k].text.strip() for k in body))


_TITLE_END = re.compile(r"[.?!:;,…)\]\"'”]$")
_NOT_EXPORTED = re.compile(r"^\*+\s+\S.*\s:(?:[\w@#%]+:)*noexport:(?:[\w@#%]+:)*\s*$")
"""An org-mode heading tagged `:noexport:` ("* Notes   :noexport:"): the writer's own, left out of what they publish."""
_CLOSING_TITLE = re.compile(rf"^(?:{patterns(CLOSING_TITLES)}|next)(?:\s*\d{{1,2}})?$")
"""A closing title on a line of its own; "Next" only so (a post's "## Next" box), not as a label ("Next: call
backward()" is a step of an answer)."""
_CLOSING_LABEL = re.compile(rf"^(?:{patterns(CLOSING_TITLES)})(?:\s*\d{{1,2}})?\s*:\s*\S")
"""A closing title that labels what follows it on its line: "Further research: keepdim → …" (numbered as the
book numbers its research tasks: "Further research 2: …")."""
_ASIDE = re.compile(r"^\s*(?:\((?=[^()\n]*[^\W\d_])[^()\n]{3,200}\)|([*_])(?=[^*_\s])[^*_\n]{3,200}(?<=\S)\1)[.!]?\s*$")
"""A paragraph said aside, in brackets or in italics, whole ("(didn't do the others yet, will add next week)",
"_Q17 - I'll fill it in after re-watching the lecture._")."""
_SIGNED_LINE = re.compile(r"[.!?)]\s+(?:—|–|--?)\s*([^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,2})\s*$")
"""A sentence signed at its end ("Sorry this is late, I was sick on Monday. – Jonas")."""
_REACTIONS = re.compile(r"^\s*\d{1,4}\s+(?:likes?|replies|reply|views?|reactions?|upvotes?|followers?|claps?)\s*$",
                        re.IGNORECASE)
"""A forum post's or a blog page's counts under it ("3 Likes", "42 Followers"): the page's, not the answer's."""
_SITE_FOOTER = re.compile(rf"^(?:(?:mit|apache|bsd|gpl|cc[- ]by\S*)(?:\s+licen[sc]e)?\s+)?"
                          rf"(?:©|(?:copyright\s*(?:©|\(c\))?|\(c\))\s*(?:\d{{4}}\s*[-–]\s*)?\d{{4}}\b|"
                          rf"(?:{patterns(SITE_FOOTERS)})(?:\b|(?<=\W)))(?!.*[?])\W*(?:\w+\W+){{0,11}}\w*\W*$")
"""A site's footer line: a copyright ("MIT © 2023 Kwame Asante"), "Powered by Hugo", "All rights reserved", "Made with
❤️" (what a page prints under a post)."""
_METADATA = re.compile(r"^[a-z][a-z_]*:(?:\s|$)")
_NOTE_RECORD = re.compile(r"^(?:id|parent_id|created_time|updated_time|user_created_time|type_):\s")
"""A key only a note app's record of a note has (Joplin's `parent_id:`, `created_time:`, `type_:`)."""
METADATA_LINES = 5
"""Fewest `key: value` lines that close a file as a note app's record of the note (Joplin ends an export so)."""
_BANNER = re.compile(r"^\s*(-{2,}|={2,}|\*{3,}|#{3,})\s*[^\W\d_].{2,80}?\s*\1\s*$")
"""A line framed as a banner ("-- end of homework, submitted 2023-03-20 --", "=== END ==="): the file's end."""
_SIGNATURE_DELIMITER = re.compile(r"^--\s?$")
"""The line an e-mail's signature starts under ("-- ", RFC 3676)."""
_DASH_SIGNATURE = re.compile(r"^\s*(?:—|–|--)\s*(?=[^\W\d_])(?:[^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}"
                             r"|[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*)?)\s*$")
"""A name signed after a dash on the file's last line ("— Sam", "-- Ana B.", in lower case "-- eli r.")."""
_WRAPPED = re.compile(r"^([*_]{1,3})(?=\S)(.+?)(?<=\S)\1$")
_EMPHASIS_MARKS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")
"""The marks of emphasis inside a line ("*Conclusion :* chapitre très dense…"), not the underscores of a name."""


def bulleted_answers(order: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
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


def trailing_section(body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
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


def draws_rules(order: Sequence[int], document: Sequence[SourceLine], continued: dict[int, list[int]]) -> bool:
    """True when the file draws a rule between its answers: the last line before most of its
    questions after the first (at least one) is a horizontal rule."""
    ends = []
    for i, nxt in zip(order, order[1:], strict=False):
        k = next((k for k in range(nxt - 1, max([i, *continued[i]]), -1) if document[k].text.strip()), None)
        ends.append(k is not None and _is_rule(k, document))
    return bool(ends) and sum(ends) >= max(1, 0.5 * len(ends))


_UP_TO = r"\s*(?:[-–]|(?:to|through|thru|à|a|al|bis)\b)\s*"
"""What joins the first and the last of a range of questions ("Q31-36", "Q23 to Q30", "23 à 30", "23 bis 30")."""
_ITEM = rf"(?:[Qq]?\d{{1,3}}{_UP_TO}[Qq]?\d{{1,3}}|[Qq]?\d{{1,3}})"
_QUESTION_NUMBERS = re.compile(
    rf"(?<![\w.,\[(]){_ITEM}(?:\s*(?:,|&|\+|\band\b|\bor\b)\s*{_ITEM}(?![\w.]\d))*(?![\w\])])")
"""Question numbers listed in a sentence ("9, 10, 14 and 20", "15 and 17", "Q31-36", "15–27"), not a tuple, a list or
a decimal (and "25-30 epochs" names questions only where questions 25 to 30 are all left unanswered)."""
_LABELLED_IN_BRACKETS = re.compile(r"\(([Qq]\d[^()]*)\)")
"""Question labels in brackets ("(Q23 à Q30)"): no tuple."""


def speaks_of_unanswered(text: str, unanswered: frozenset[int]) -> bool:
    """A sentence that speaks of several questions the file leaves unanswered by their numbers ("I didn't finish 15 and
    17", "Still need to go back and do 2, 4, 5", "TODO q31-36"): about the homework, not an answer (no code in it; a
    shape "3, 4" or values "1 and 2" name answered questions, or none)."""
    if not unanswered or CODE_MARKS.search(text):
        return False
    text = _LABELLED_IN_BRACKETS.sub(r" \1 ", text)  # "La suite (Q23 à Q30) la semaine prochaine"
    for m in _QUESTION_NUMBERS.finditer(text):
        if re.search(r"\d\s*[,.]?\s*$", text[:m.start()]):
            continue  # the end of a longer run of numbers ("0.5, 1 and 2"), which is no list of questions
        listed: set[int] = set()
        for low, high in re.findall(rf"(\d{{1,3}})(?:{_UP_TO}[Qq]?(\d{{1,3}}))?", m.group()):
            listed.update(range(int(low), int(high) + 1) if high and int(low) < int(high) else {int(low)})
        if len(listed) >= 2 and listed <= unanswered:
            return True
    return False


def quoted_reply(document: Sequence[SourceLine], fenced: set[int]) -> int | None:
    """Where the e-mail a student replies to starts, quoted whole under the reply ("On Mon, … Mark Evans <…> wrote:"
    over "> 1. How is a grayscale image represented…?"): its questions are the teacher's, not the student's answers'
    headings. None when there is none, or when the student answers between the quoted lines (an inline reply)."""
    start = next((k for k, line in enumerate(document) if k not in fenced and QUOTED_REPLY.match(line.text)), None)
    if start is None or start == 0 or not any(line.text.strip() for line in document[:start]):
        return None
    after = [line.text for line in document[start + 1:] if line.text.strip()]
    return start if after and all(text.lstrip().startswith(">") for text in after) else None


def _posted(k: int, document: Sequence[SourceLine]) -> bool:
    """Line `k` is a poster's name over the date of their post (the next thread post copied as text)."""
    return k + 1 < len(document) and bool(posted(document[k].text, document[k + 1].text))


def closing(body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape], fenced: set[int],
            ruled: bool, question: Question, answered: bool = False, unanswered: frozenset[int] = frozenset()) -> int:
    """Where the file's closing starts in the text under the last question (`len(body)` when it
    has none): a section whose title closes a text ("## Conclusion", "**Resources**", "Final
    thoughts" on a line of its own), or what follows a horizontal rule drawn under the answer
    when the file draws rules between its answers, or when it is a closing remark ("Thanks for
    reading!", "That's all for chapter 4.") or a signature (a few short lines: a name, a date).

    A rule inside an answer followed by more of it ("---" / "Another way: …") stays in the
    answer, as does an answer of several paragraphs or with its own subtitles ("Example"), and
    a title the question asks for ("Resources" under "Which resources …?"). `answered`: the answer starts on the
    question's own line ("13. Why…? - because…"), so a rule right under it already follows an answer. A paragraph of
    its own that speaks of questions left `unanswered` by their numbers (`speaks_of_unanswered`: the numbers of the
    questionnaire up to the pack's last with no answer above) closes it too ("I haven't done 9, 10 and 14 yet - will
    post them later."), and so does a paragraph said aside, in brackets or italics, whole ("(stopped at 16, rest next
    week)")."""
    # the e-mail replied to, quoted under the reply ("> On Mon, … Alan <…> wrote:"), and "-- " over a name (an e-mail's
    # signature) close it, whatever comes before them; a closing remark may come before either
    # and so does the next post of a forum thread copied as text ("tomasz_k      Mar 4, 2023"), another person's words
    # and so does a site's footer, printed under a post saved as a page or a PDF ("© 2020 My blog · Powered by Hugo"):
    # never an answer, also under a last question left unanswered
    stop = next((n for n, k in enumerate(body) if k not in fenced and (
        QUOTED_REPLY.match(document[k].text) or POST_HEADER.match(document[k].text) or _posted(k, document)
        or _NOT_EXPORTED.match(document[k].text)
        or _REACTIONS.match(document[k].text) or _SITE_FOOTER.match(_plain(document[k].text))
        or _author_line(document[k].text))), len(body))
    for n, k in enumerate(body[:stop]):
        signed = [document[b].text for b in body[n + 1:stop] if document[b].text.strip()]
        if k not in fenced and _SIGNATURE_DELIMITER.match(document[k].text) and signed and _signs_off(signed):
            stop = n
            break
    body = body[:stop]
    written = [n for n, k in enumerate(body) if document[k].text.strip()]
    if written and _DASH_SIGNATURE.match(document[body[written[-1]]].text) and \
            not document[body[written[-1]] - 1].text.strip():  # "— Sam" closes the file, whatever comes before
        return written[-1]
    said = [n for n in written if not shapes[body[n]].layout]  # "??" over "Cheers, Tom": a placeholder, no answer
    if said and not answered and body[said[0]] not in fenced and (_only_signs_off(
            [document[body[n]].text for n in said]) or (
            len(said) < REMARK_LINES and any(_is_rule(body[m], document) for m in range(said[0]))
            and (CLOSING_REMARK.match(_plain(document[body[said[0]]].text))
                 or _NAVIGATION.match(_plain(document[body[said[0]]].text))))):
        # the last question left unanswered, then "Done! — Farid" or "Thanks, Elena", or a rule and "Thanks for
        # reading! If you spot a mistake, write to me.": no answer
        return said[0]
    # a file written with no blank lines (a text editor's notes) has no paragraph of its own: a line that ends a
    # sentence ends one there
    dense = sum(1 for line in document if not line.text.strip()) <= 1
    for n, k in enumerate(body):
        if k in fenced or not (answered or any(document[b].text.strip() and not shapes[b].layout for b in body[:n])):
            continue
        after = [b for b in body[n + 1:] if document[b].text.strip() and not shapes[b].layout]
        note = FOOTNOTE.match(document[k].text)  # a footnote's text, which a post sets at its end
        if note and not any(f"[^{note.group(1)}]" in document[b].text for b in body[:n]):
            return n  # "[^1]: Jeremy mentions…", marked in an earlier answer or nowhere: the post's notes
        if _is_rule(k, document):  # a rule, then a sign-off or a name signed after a dash ("— Rosa") below it
            if after and (ruled or _signs_off([document[b].text for b in after], any(b in fenced for b in after))
                          or any(_DASH_SIGNATURE.match(document[b].text) for b in after)):
                return n
            continue
        if shapes[k].layout or shapes[k].listed or (document[k - 1].text.strip() and not shapes[k].heading
                                                     and not _is_rule(k - 1, document) and not shapes[k - 1].layout
                                                     and document[k - 1].cell == document[k].cell
                                                     and TAG.sub("", document[k - 1].text).strip()
                                                     and not (dense and _ENDS_SENTENCE.search(document[k - 1].text))):
            continue
        said_after = [b for b in after if TAG.sub("", document[b].text).strip()]  # not the `</div>` closing a cell
        if len(said_after) + 1 >= METADATA_LINES and all(
                _METADATA.match(document[b].text) for b in [k, *said_after]) and any(
                _NOTE_RECORD.match(document[b].text) for b in [k, *said_after]):
            return n  # "id: 9c1e…" / "created_time: …" / "type_: 1": a note app's record of the note, not the answer
        signed_below = bool(said_after) and _signs_off([document[b].text for b in said_after])
        # a remark over a rule ("Thanks for reading!" / "---" / a page's comments and footer): the post ends there
        ruled_below = next((_is_rule(b, document) for b in body[n + 1:] if document[b].text.strip()), False)
        remark = bool(CLOSING_REMARK.match(_plain(document[k].text))) or (
            bool(_NAVIGATION.match(_plain(document[k].text))) and any(_is_rule(b, document) for b in body[:n]))
        if (len(said_after) < REMARK_LINES or signed_below or ruled_below) and (remark
                                                                 or _BANNER.match(document[k].text)
                                                                 or _SIGNED_LINE.search(document[k].text)
                                               or speaks_of_unanswered(document[k].text, unanswered)
                                               or _aside(k, body[:n], document, shapes, answered)):
            return n  # "Thanks for starting the thread!", "That's it for the book! …" in a paragraph of its own
        title = document[k].text.strip().lstrip("#").strip()
        wrapped = _WRAPPED.match(title)
        title = fold(wrapped.group(2) if wrapped else _EMPHASIS_MARKS.sub("", title)).strip().rstrip(":").strip()
        if (_CLOSING_TITLE.match(title) or _CLOSING_LABEL.match(title)) and title not in fold(question.text):
            return n
    return len(body)


def _author_line(text: str) -> bool:
    """A line that only says who wrote the post ("Written by Tomás Herrera", the author box a page prints under it)."""
    line = text.strip().strip("*_> ")
    byline = BYLINE.match(line) if len(line.split()) <= AUTHOR_LINE_WORDS else None
    return byline is not None and is_person_name(byline.group(1).strip("*_ "))


_NAVIGATION = re.compile(r"^(?:[←⬅«<]\W*)?(?:next|previous|prev|back to|zuruck|weiter|suivant|precedent|"
                         r"proximo|anterior|siguiente|tiep theo|berikutnya|sebelumnya)\b\W*[:→»>|]\s*"
                         r"\S(?:\S*\s*){0,6}$", re.IGNORECASE)
"""A post's link to the next or previous one, under a rule at its end ("*Next: chapter 2* ➡️", "← Previous: Lesson 1"):
never an answer, though "Next: call backward()" in an answer is one of its steps."""
AUTHOR_LINE_WORDS = 6
REMARK_LINES = 4
_ENDS_SENTENCE = re.compile(r"[.!?)]\s*$")
"""The most lines that may follow a closing remark in the paragraphs it closes the file with."""


def _aside(k: int, before: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
           answered: bool) -> bool:
    """Line `k` is a paragraph said aside (`_ASIDE`) after an answer: something other than markup and asides is
    written above it (a task copied in italics over "_TODO: …_" is no answer, and the TODO is the student's note)."""
    return bool(_ASIDE.match(document[k].text)) and not shapes[k].listed and (answered or any(
        TAG.sub("", document[b].text).strip() and not shapes[b].layout and not _ASIDE.match(document[b].text)
        for b in before))


_GREETED_ON_LINE = re.compile(r"^([^\W\d_][^,\n]{2,25}),\s+([^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})$")
"""A closing and its name on one line ("Viele Grüße, Lukas Müller")."""
_SIGNED_UNDER = re.compile(r"^\s*[^\W\d_a-z][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}\s*$")
"""A name alone on the line under a closing's "Cheers," ("Priya", "Ana B.")."""


def signed_name(text: str) -> str:
    """The name a closing is signed with after a dash on a line of its own ("— Rosa", "-- Ana B.", the last such
    line: a post's share links and likes may follow it) or at the end of its sentence ("… sick on Monday. – Jonas"),
    or after its "Cheers," or "Best regards," ("Cheers,\nPriya", "Viele Grüße, Lukas Müller"), or ""."""
    lines = [line for line in text.splitlines() if line.strip()]
    signed: list[str] = []
    for line in lines:
        if _DASH_SIGNATURE.match(line):
            signed.append(line.strip().lstrip("—–- ").strip())
        elif at_end := _SIGNED_LINE.search(line):
            signed.append(at_end.group(1))
    greeted = [(greeting, name) for greeting, name in zip(lines, lines[1:], strict=False)
               if greeting.rstrip().endswith(",")]
    greeted += [(m.group(1) + ",", m.group(2)) for line in lines if (m := _GREETED_ON_LINE.match(line.strip()))]
    signed += [name.strip() for greeting, name in greeted
               if CLOSING_REMARK.match(_plain(greeting)) and len(greeting.split()) <= 3 and _SIGNED_UNDER.match(name)
               and not any(w.casefold() in NOT_NAME_WORDS for w in name.split())]
    signed = [name for name in signed if not any(w.casefold().strip(".,") in NOT_NAME_WORDS for w in name.split())]
    return signed[-1] if signed else ""  # "– Mere answers" ("my answers") closing a title signs nothing


SIGN_OFF_WORDS = 6
"""The most words of a closing that, alone under a last question left unanswered, is no answer to it."""


def _only_signs_off(lines: Sequence[str]) -> bool:
    """Lines that only close the file: a short closing remark ("Thanks, Elena", "Thanks for reading!") or a short
    sentence signed at its end ("Done! — Farid"), perhaps over a signature."""
    first = lines[0]
    short = len(first.split()) <= SIGN_OFF_WORDS
    return short and bool(CLOSING_REMARK.match(_plain(first)) or _SIGNED_LINE.search(first)) and (
        len(lines) == 1 or _signs_off(lines[1:]))


def _plain(line: str) -> str:
    # "¡Gracias por revisar!"; a link by its text ("Powered by [Hugo](https://gohugo.io)"); HTML's tags left out
    # ("<p align="center"><sub>Made with ❤️ · <a href=…>back to index</a></sub></p>")
    return fold(re.sub(r"^[\s>*_~—–¡¿-]+|[\s*_~]+$", "", " ".join(TAG.sub(" ", _LINK.sub(r"\1", line)).split())))


_LINK = re.compile(r"\[([^\]\n]*)\]\([^()\s]*\)")


def _signs_off(lines: Sequence[str], code: bool = False) -> bool:
    """Lines that close a text: a closing remark first, or a signature (at most four short lines,
    a name or a date, none a sentence, a list item or `code`)."""
    texts = [_plain(t) for t in lines]
    if CLOSING_REMARK.match(texts[0]):
        return True
    return not code and len(texts) <= 4 and all(
        re.match(r"[^\W_]", t) and len(t.split()) <= 6 and not re.search(r"[.?!:;]$", t) and not line_shape(line).listed
        for t, line in zip(texts, lines, strict=True))
