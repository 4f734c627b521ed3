"""Answer text: an answer's words as the student meant them, cleaned of what only frames them
(the question's own text on its line or copied under it, list markers, `Answer:` labels,
arrows, heading marks, emphasis and HTML tags, the comments of a code cell)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher

from .domain import Question, SourceLine
from .lang import ANSWER_LABELS, QUESTION_LABELS, QUESTION_STARTS, TASK_STARTS, TODO_NOTES, patterns, words
from .line_shapes import (
    ANSWER_NUMBER,
    ATX,
    BARE_ANSWER_LABEL,
    CALLOUT,
    CONTAINER,
    DIRECTIVE,
    LABEL_MARK,
    LIST_MARKER,
    SHORTCODE,
    SUMMARY,
    TAG,
    LineShape,
    cell_text,
    line_shape,
    number_after,
    table_row,
)
from .question_kinds import choices
from .textutil import CODE_SPAN, PICTURE_ONLY, content_tokens, fold

_NAMED = r"\(([^()\n]{0,30}\d[^()\n]{0,30})\)"
"""The questions an answer's label names in brackets: "(Q19 and Q20)"."""
ANSWER_FOR = re.compile(rf"^\s*[*_]{{0,2}}(?:{words(ANSWER_LABELS)})\s*{_NAMED}", re.IGNORECASE)
"""An answer's label that names the questions it answers: "Answer (Q19 and Q20):" (`locate` shares the answer)."""
_ANSWER_PREFIX = re.compile(  # "**Answer:**", "*A:*", "A2." / "A2:" (the answer's number), "Answer (Q19 and Q20):"
    rf"^\s*{LABEL_MARK}?\s*(?:{words(ANSWER_LABELS)})\s*(?:{_NAMED}\s*)?(?:{LABEL_MARK}\s*)?"
    rf"(?:[:：]|(?<=\d)[.)]|(?<=[^\W\d_]{{2}})\)|(?<=[^\W\d_]{{2}}\s)[-–—](?=\s)"  # "Ans - …", not "A - …"
    rf"|(?<=[^\W\d_]{{3}})\.(?=\s))"  # "Ans. skip", "Answer. It is…"
    rf"\s*{LABEL_MARK}?\s*"
    rf"|^\s*{LABEL_MARK}?\s*(?:{words(ANSWER_LABELS)})\s*\d{{1,3}}\s*{LABEL_MARK}?\s*[:：.)]\s*{LABEL_MARK}?\s*"
    rf"|^\s*{LABEL_MARK}\s*(?:{words(ANSWER_LABELS)})\s*[.)]\s*{LABEL_MARK}\s*",  # "**A.**": marked, a label
    re.IGNORECASE,
)
_INLINE_ANSWER = re.compile(  # inside a line, a one-letter label counts only as a capital ("… A: it is")
    rf"(?:\*\*|__)?\b(?:(?i:{words({k: [w for w in v if len(w) > 1] for k, v in ANSWER_LABELS.items()})})|A|R)"
    r"\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*"
    # a dictated answer's transcript: "Question one. Why do we…. Answer. So we resize…", the label a sentence of its own
    rf"|(?<=[.?!]\s)(?i:{words({k: [w for w in v if len(w) > 2] for k, v in ANSWER_LABELS.items()})})\.\s+(?=\S)"
)
_POINTER = re.compile(  # an arrow or a pointing hand that leads to the answer: "👉 it is…", "-> it is…"
    "^(?:[\u2190-\u21ff\u2794-\u27bf\u27f0-\u27ff\u2900-\u297f\u261b\u261e\U0001f446-\U0001f449]\ufe0f?"
    "|-+>|=+>)(?:\\s+|$)"
)
_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1(.*)$")
_DEFINITION = re.compile(r"^:[ \t]+(?=\S)")
"""A definition list's marker (Pandoc, PHP Markdown Extra: the question as the term, ": the answer" under it)."""


def remainder(text: str, question: Question | None = None) -> str:
    """What follows the question on its own line (`**Q?** answer`, `Q? A: answer`), or "".

    A heading, or a bold span that holds the question (`**3. What is X? Give an example.**`), is
    the question as a whole, whatever its wording after the "?"; with `question`, a copy of the rest of its
    text after the "?" (`Why? Explain. — answer`) is not part of the answer either."""
    body = re.sub(r"^(>\s*)+", "", text.strip())
    if DIRECTIVE.match(body) or CONTAINER.match(body) or SHORTCODE.match(body) or SUMMARY.match(body):
        return ""  # "::: details Q5. …", {{< details "1. …? …?" >}}: a title, whatever its wording after the "?"
    row = table_row(body)
    if row is not None:
        return cell_text(row[2])
    body = TAG.sub(" ", body).strip()
    heading = bool(ATX.match(body))
    body = ATX.sub("", body)
    body = LIST_MARKER.sub("", body)
    bold = _BOLD_LEAD.match(body)
    if bold and bold.group(3).strip(" :-*_"):
        rest = bold.group(3).strip(" :-*_").strip()
        labelled = _INLINE_ANSWER.search(rest)
        if labelled and labelled.start() > 0 and rest[labelled.end():].strip():
            return rest[labelled.end():].strip()  # "**Q10** What are…? **A:** 0.95 → 0.85 → 0.95": after its label
        if question is not None and _NUMBER_LABEL.fullmatch(bold.group(2)) and _copies(rest, question.text):
            return ""  # "**Q7.** Use `torch.einsum` to…": the number in bold, then the question, not an answer
        return _after_question(rest, question)
    inline = _INLINE_ANSWER.search(body)
    if inline and inline.start() > 0:
        return body[inline.end():].strip()
    if heading or (bold and "?" in bold.group(2)):
        return ""
    arrow = _arrow_end(body, question)
    if "?" in body and not (arrow and arrow < body.index("?")):
        after = _after_question(_ARROW_LEAD.sub("", body[body.index("?") + 1:]).strip(" *_:-–—\t"), question)
        if after or not _closing_doubt(body, question):
            return after
    if arrow:  # "4. share weight matrix -> create the layer once…": an arrow leads from the question to its answer,
        # unless a dash or colon after the question in short words came before it ("feedback loop in policing - biased
        # data -> more police -> …": the arrows are the answer's own)
        head = _paraphrase_end(body[:arrow], question.text) if question is not None else 0
        return body[head or arrow:].strip()
    if question is not None and (end := _copy_end(body, question.text) or _paraphrase_end(body, question.text)):
        # "3. Provide two of the words… of a categorical variable. - mean and median",
        # "3) another name for the square of the sd - variance"; "8. equivalent in LMModel1: `h`" is all answer
        return _after_question(body[end:].strip(), question) or body[end:].strip()
    return ""


def _closing_doubt(body: str, question: Question | None) -> bool:
    """The line's only "?" closes an answer that follows the question in the student's short words ("12. skip
    connection with more filters — for stride 2 we pool… maybe pad with zeros?"), not the question itself."""
    if question is None or body.count("?") != 1 or not body.rstrip(" *_)").endswith("?"):
        return False
    end = _paraphrase_end(body, question.text)
    return bool(end) and len(body[end:].split()) > HEAD_WORDS


HEAD_WORDS = 10
"""The most words a question written in the student's own short words has before its answer."""
_DASH = re.compile(r"\s[-–—]\s+(?=\S)")
_ARROW = re.compile(r"\s(?:-+>|=+>|[→⇒⟶➔]|:{2,3})\s+(?=\S)")
_ARROW_LEAD = re.compile(r"^[\s*_]*(?:-+>|=+>|[→⇒⟶➔]|:{2,3}(?=\s))")
"""An arrow, or the " :: " of a flashcard ("question :: answer", Anki's and Obsidian's spaced-repetition cards)."""


def _arrow_end(body: str, question: Question | None) -> int:
    """Where the answer starts after an arrow that follows the question on its line ("memory problems, fix?
    -> detach…", "RNN -> a net with a loop"), outside code; 0 when there is none (or the question has one)."""
    if question is not None and _ARROW.search(question.text):
        return 0
    for m in _ARROW.finditer(body):
        if body.count("`", 0, m.start()) % 2 == 0 and body[: m.start()].strip(" *_"):
            return m.end()
    return 0


def _paraphrase_end(body: str, question: str, colon: bool = True) -> int:
    """Where the question, in the student's own shorter words, ends before " - " or ": " and the answer on its
    line ("another name for the square of the sd - variance", "equivalent in LMModel1: `h`"): words before the
    separator (three or more before a dash), most of whose content words are the question's; 0 when there is
    none (or the question itself holds such a separator)."""
    code = [c.span() for c in CODE_SPAN.finditer(body)]
    for sep, least in ((_DASH, 3), (_COLON, 1))[: 2 if colon else 1]:
        # not a dash inside the student's code ("`log_softmax(x) = x - logsumexp(x)` → stable…")
        m = next((m for m in sep.finditer(body) if not any(a <= m.start() < b for a, b in code)
                  and not _MINUS.match(body, max(m.start() - 1, 0))), None)
        if m is None or sep.search(question):
            continue
        if _BRACKETED.match(body[: m.start()]):
            continue  # "(function in notebook) - output is…": a note in brackets, not the question in a few words
        if _NOTE_LABEL.search(body[: m.start()]):
            continue  # "Q14 the seven steps / TODO: list the 7 steps": a note to self after the question, no answer
        if _EQUATION.search(body[: m.start()]):
            continue  # "Precision = TP/(TP+FP) - how many…": a formula is said, not asked
        before, after = content_tokens(body[: m.start()]), content_tokens(body[m.end():])
        asked = content_tokens(question)
        share = len(before & asked) / len(before) if before else 0.0
        head = len(body[: m.start()].split())
        # fewer words before a dash are a head when each is the question's ("Skip connection — the identity path")
        # more words are the question shortened when nearly all of them are its own ("What was the name of the
        # first device based on the artificial neuron: Perceptron")
        shortened = head <= len(question.split()) and share >= SHORTENED
        if not (least <= head or (head == len(before) and share == 1.0)) or (head > HEAD_WORDS and not shortened) \
                or not before:
            continue
        if share >= 0.5 or (share >= HEAD_SHARE and share > len(after & asked) / max(len(after), 1)):
            return m.end()
    return 0


_MINUS = re.compile(r"(?:^|(?<=[\s(]))[^\W_]\s[-–−]\s[^\W_](?![^\W_])|(?:^|(?<=[\s(]))\d+\s[-–−]\s\d")
"""A minus between two one-letter names or two numbers ("the residual y - x instead of y"): no dash between the
question in a few words and its answer."""
_NOTE_LABEL = re.compile(rf"\b(?:{patterns(TODO_NOTES)})\W*$", re.IGNORECASE)
_EQUATION = re.compile(r"\S\s*(?<![=!<>])=(?!=)\s*\S")
"""An equals sign between two terms ("F1 = 2PR/(P+R)", "lr=1e-3"): what the student states, not the question
shortened."""
_BRACKETED = re.compile(r"^\s*[(\[][^()\[\]]*[)\]]\s*$")
SHORTENED = 0.8
"""Share of a longer head's content words that must be the question's for it to be the question shortened."""
HEAD_SHARE = 0.3
"""Below half, the share of a head's content words that are the question's still makes it the question's
when the words after the separator share fewer ("downside of 1 output per 3 words: less signal…")."""
_COLON = re.compile(r"(?<=\w)[*_]*:\s+(?=\S)")


_SEPARATOR = re.compile(r"^[)\]]?\s*(?:[.:]\s*)*(?:[-–—:]|\.(?=\s))\s*")
"""What stands between a question that ends without "?" and the answer on its line: " - ", ".:", ": ", and after a
bracket that closes the question ("…(without peeking, if possible). - answer")."""


def _copy_end(body: str, question: str) -> int:
    """Where a copy of the whole `question` that opens `body` ends, followed by a separator and more words
    (an answer on the question's line, the question ending without "?"); 0 when there is none."""
    spans = list(_WORD.finditer(body))
    asked = [fold(w) for w in _WORD.findall(question)]
    said = [fold(m.group()) for m in spans]
    if len(asked) < 3 or len(said) <= len(asked):
        return 0
    blocks = [b for b in SequenceMatcher(None, asked, said, autojunk=False).get_matching_blocks() if b.size]
    if not blocks or blocks[0].b > 1 or sum(b.size for b in blocks) < 0.8 * len(asked):
        return 0
    last = blocks[-1]
    if last.a + last.size < len(asked) - 1 or last.b + last.size > len(said) - 1:
        return 0  # the copy does not reach the question's end, or nothing follows it
    end = spans[last.b + last.size - 1].end()
    sep = _SEPARATOR.match(body[end:])
    if sep and sep.group().strip():
        return end + sep.end()
    # "… `h = torch.cat([h, input], dim=1)` *Joins the hidden state…*": after the question's code, the answer in italics
    set_apart = _SET_APART.match(body[end:])
    return end + set_apart.end() if set_apart else 0


_SET_APART = re.compile(r"^[)\]}`'\"]*\s+(?=(?:\*{1,2}|_{1,2})[^\s*_])")
"""Space before emphasis that opens right after a copy of the question (and the brackets, quotes or code marks that
close it): the answer set in italics or bold."""


def _copies(text: str, question: str) -> bool:
    """`text` is the question's text as written, give or take a word (the question ending without "?")."""
    said, asked = [fold(w) for w in _WORD.findall(text)], [fold(w) for w in _WORD.findall(question)]
    return len(asked) >= 3 and SequenceMatcher(None, said, asked, autojunk=False).ratio() >= COPY_RATIO


COPY_RATIO = 0.9
"""How alike in words a line and its question must be for the line to be a copy of it."""

_NUMBER_LABEL = re.compile(r"\s*(?:Q|A)?\s*\d{1,3}\s*[.):]?\s*", re.IGNORECASE)
"""A bold label that holds only a number ("**17.**", "**Q3**")."""
_NUMBERED_HEAD = re.compile(r"\s*(?:Q\s*)?\d{1,3}\s*[.):]\s+\S", re.IGNORECASE)
"""A bold label that holds a number and the question in a few words ("**Q21. Convolution with a colour input**")."""
_HEAD_END = re.compile(r"\s*:\s+|\s[-–—]\s+|\s(?:-+>|=+>|[→⇒⟶➔])\s+")
def _after_bold_title(text: str) -> str | None:
    """The answer after a bold label that holds the number and the question in a few words ("**Q21. Convolution with
    a colour input** A filter has…"), or None for another line."""
    lead = _BOLD_LEAD.match(LIST_MARKER.sub("", ATX.sub("", re.sub(r"^(>\s*)+", "", text.strip()))))
    if lead and lead.group(3).strip() and _NUMBERED_HEAD.match(lead.group(2)) \
            and len(lead.group(2).split()) <= HEAD_WORDS + 1:
        return lead.group(3).strip(" :-–—").strip()
    return None


def after_head(text: str) -> str:
    """The answer on a numbered line that asks its question in the student's own short words ("15. downside
    of 1 output per 3 words: less signal…", "10. unrolled RNN -> the rnn drawn…", "11. memory problems, fix?
    -> detach…"): what follows the first question mark, colon, dash or arrow after at most `HEAD_WORDS`
    words, outside code; "" when there is none. In a table row the answer is the row's answer cell."""
    if SUMMARY.match(text):
        return ""  # "<details><summary>Q14 – outliers</summary>": a title, the answer is inside the block
    row = table_row(re.sub(r"^(>\s*)+", "", text.strip()))
    if row is not None:
        return cell_text(row[2])
    lead = _BOLD_LEAD.match(LIST_MARKER.sub("", re.sub(r"^(>\s*)+", "", text.strip())))
    if lead and not lead.group(3).strip():  # "**Q8 - stripped notebook**": the question alone, set in bold
        return ""
    if lead and _NUMBER_LABEL.fullmatch(lead.group(2)):  # "**17.** Quando ci sono…": the number set apart,
        rest = lead.group(3).strip(" :-–—")  # then maybe a short question ("**8.** Analogy? A ball rolling…")
        asked = rest.find("?")
        return rest[asked + 1:].strip() if 0 < asked and len(rest[:asked].split()) <= HEAD_WORDS else rest
    if (titled := _after_bold_title(text)) is not None:
        return titled
    body = _unmark_lead(after_number(text))
    for m in _HEAD_END.finditer(body):
        if body.count("`", 0, m.start()) % 2:
            continue
        head = body[: m.start()]
        if "?" in head:
            break
        return body[m.end():].strip() if 0 < len(head.split()) <= HEAD_WORDS else ""
    if "?" in body:
        return _ARROW_LEAD.sub("", body[body.index("?") + 1:]).strip(" *_:-–—\t")
    return ""


def after_number_and_head(text: str, question: Question) -> str:
    """The answer on a line found by its number alone, without a head in the question's words before a dash
    ("3. First device — The Mark I Perceptron."); a colon there opens the answer's own explanation ("The layers
    learn the residual: the difference…")."""
    if SUMMARY.match(text):
        return ""  # "<details><summary>Q14 – outliers</summary>": a title, the answer is inside the block
    if (titled := _after_bold_title(text)) is not None:
        return titled
    shape = line_shape(text)
    if shape.heading is not None and (shape.asks or len(shape.clean.split()) <= HEAD_WORDS):
        # "### 問12. SGDとは？", "### 10 & 11. What is it?": a heading that asks is the question in any words, and so is
        # a short one ("### Q2 — other optimizer"): a heading is one line, its answer is under it
        return ""
    body = after_number(text)
    end = _paraphrase_end(body, question.text, colon=False)
    if end and (offered := choices(question.text)) and set(offered) & set(re.findall(r"\w+", fold(body[:end]))):
        return body  # "Validation set — it tells us how…" to "…the training set or the validation set?": the choice
    return body[end:].strip() if end else body


LABEL_SHARE = 0.7
"""The share of a label's words that are its question's, from which it is the question in a few words."""


def label_answer(text: str, question: Question) -> str:
    """What a comment that names its question by number says ("# Q3 L.map: calls the function…" → "calls the
    function…"): the answer after a short head and a separator, or the whole comment when its words are not
    mostly the question's ("# Q7: convert('RGB') because some images are grayscale"); "" for a label that only
    names the question ("# Q1 glob", "# Q7: change dropout / layer size in vision_learner")."""
    said = after_head(text)
    if said:  # "# Q6: output of create_head - why each layer is there" is the question twice; an arrow leads on
        return said if _ARROW.search(text) or not names_question(said, question) else ""
    rest = after_number(text)
    return rest if len(rest.split()) > 2 and not names_question(rest, question) else ""


def names_question(words: str, question: Question) -> bool:
    """`words` are the question in a few words: most of them are its own (`LABEL_SHARE`), or none says anything."""
    own = content_tokens(words)
    return not own or len(own & content_tokens(question.text)) / len(own) >= LABEL_SHARE


def _unmark_lead(text: str) -> str:
    return re.sub(r"^[*_]+|(?<=\S)[*_]+(?=\s*[:\-–—])", "", text.strip(), count=2)


_EMPHASISED_NUMBER = re.compile(rf"^(\*\*|__|\*|_)\s*((?:(?:{words(QUESTION_LABELS)})\.?\s*)?\(?\d{{1,3}}\s*[.):/]?)"
                                r"\s*\1\s*(?=\S)", re.IGNORECASE)
"""A number set in bold or italics at the start of a line ("**1)** …", "*3.* …", "**Q7** – …")."""


def after_number(text: str) -> str:
    """The answer on a line that holds only the student's number and the answer (`3) It is…`)."""
    body = ATX.sub("", re.sub(r"^(>\s*)+", "", text.strip()))
    marker = LIST_MARKER.match(body)
    body = body[marker.end():] if marker else body
    body = _EMPHASISED_NUMBER.sub(r"\2 ", body)  # "**1)** grayscale…": the number in bold
    if (glued := ANSWER_NUMBER.match(body)) and line_shape(text).labelled_answer:
        return body[glued.end():].strip()  # "**A12** it is…"
    numbered = number_after(body, marker is not None and marker.group(0)[0].isdigit())
    if numbered:
        return body[numbered[1]:].strip()
    shape = line_shape(text)
    return "" if shape.number is not None and not shape.clean else body  # "## 16", "**Q2**": the label alone


_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _after_question(tail: str, question: Question | None = None) -> str:
    """`tail` without a copy of the rest of `question`'s text and without its leading sentences
    that still ask (`Draw a plot of it…`, `Why?`), or "" for the opening words of a second question that wraps onto
    the next line ("…in a DataLoaders? / What⏎method does…")."""
    if NEXT_QUESTION_OPENS.fullmatch(tail.strip()) or _QUESTION_WORD.fullmatch(tail.strip()):
        return ""
    pieces = _SENTENCE.split(tail)
    while pieces and (_still_asks(pieces[0], question) or not re.search(r"[^\W\d_]{2,}", pieces[0])):
        pieces.pop(0)
    tail = _DASH_LEAD.sub("", " ".join(pieces).strip())  # "Why? Explain it. — It is…"
    echo = _echo_end(tail, question) if question is not None else 0
    if not echo:
        return _after_listed_items(tail, question)
    pieces = _SENTENCE.split(tail[echo:].lstrip(" ,;:.!)]}/*_-–—\t"))
    while pieces and line_shape(pieces[0]).asks:  # what is left is the answer, even "F, F, F"
        pieces.pop(0)
    left = " ".join(pieces).strip()
    return left if re.search(r"[^\W_]", left) else ""  # "`!)" left of "(Note … `GetAttr`!)" says nothing


NEXT_QUESTION_OPENS = re.compile(rf"(?:[/|&;+]|and|or)\s*(?:{words(QUESTION_STARTS)})(?:\s+[^\W\d_]+)?",
                                 re.IGNORECASE)
"""A second question's first words after a joiner ("/ What", "and how does"), left at a line's end after the first
question's "?": the second question wraps onto the next line, and the two are asked together."""
_QUESTION_WORD = re.compile(rf"(?:{words(QUESTION_STARTS)})", re.IGNORECASE)


def _after_listed_items(tail: str, question: Question | None) -> str:
    """`tail` without the items the question lists after its "?", written again in the student's own order and
    marks before a dash ("Lots of math, lots of data, … a PhD - Nope, none of them" for "Do you need these? Lots of
    math T / F; Lots of data T / F; …"): every content word before the dash is one of those items'."""
    dash = _DASH.search(tail)
    if question is None or dash is None:
        return tail
    listed = content_tokens(_later_part(question))
    head = content_tokens(tail[:dash.start()])
    return tail[dash.end():].strip() if len(head) >= LISTED_WORDS and head <= listed else tail


LISTED_WORDS = 3
"""Fewest content words of the question's listed items that, written before a dash, are those items again."""
_TASK = re.compile(rf"^(?:{words(TASK_STARTS)})\b", re.IGNORECASE)


def sets_task(text: str) -> bool:
    """`text` opens as an instruction and asks nothing with a "?" ("create the layer once and call it for every
    word"): a task the question sets, or an answer put as one; what it says decides which."""
    said = text.strip().rstrip("*_ ")
    return bool(_TASK.match(said)) and not said.endswith(("?", "？"))


def _still_asks(sentence: str, question: Question | None) -> bool:
    """A sentence after the question's "?" that still asks: another question ("Why?"), a task ("Draw a plot
    of it.") or the question copied without its "?" ("How can a callback change the loop."). One that opens
    with a question word in words of its own is the answer ("When the data doesn't represent some groups…")."""
    shape = line_shape(sentence)
    if not shape.asks or shape.clean.rstrip("*_ ").endswith(("?", "？")):
        return shape.asks
    said = content_tokens(shape.clean)
    copied = question is None or len(said & content_tokens(question.text)) >= COPIED_SHARE * len(said)
    if _TASK.match(shape.clean):
        # a task the question sets ("Draw a plot of it.", a question that is a task: "Erstelle …") asks; after a
        # question of one sentence that asks, a task in words not the question's is the answer, put as an instruction
        # ("13. How do we ensure…? Provide the same seed.")
        return question is None or copied or "?" not in question.text or bool(_later_part(question).strip(" *_"))
    return copied


COPIED_SHARE = 0.5
"""Share of a sentence's content words that are the question's, from which it copies the question."""


def _later_part(question: Question) -> str:
    """The question's text after its first sentence that asks ("Lots of math T/F; …" in "Do you
    need these? Lots of math T/F; …"), "" for a one-sentence question."""
    return question.text.split("?", 1)[1] if "?" in question.text else ""


_WORD = re.compile(r"[^\W_]+")
_DASH_LEAD = re.compile(r"^(?:[—–:]|-(?=\s))\s*")


def _echo_end(tail: str, question: Question) -> int:
    """Where a copy of the question's later sentences that opens `tail` ends, 0 when there is
    none: "Lots of math T/F, Lots of data T/F — F, F" copies the items the question lists.

    The copy is the run of the tail's words that follow the question's words in order, with
    at most two words changed between matches (a word left out or added ends it); it must hold
    three matching words, be mostly matches and copy most of the question's later sentences."""
    spans = list(_WORD.finditer(tail))
    asked = [fold(w) for w in _WORD.findall(_later_part(question))]
    if len(spans) < 3 or not asked:
        return 0
    said = [fold(m.group()) for m in spans]
    end = matched = asked_end = 0
    for a, b, size in SequenceMatcher(None, asked, said, autojunk=False).get_matching_blocks():
        if size == 0 or b > end + 2 or (matched and b - end != a - asked_end):
            break  # words left out or added ("Lots of math: F" answers an item) end the copy
        end, asked_end, matched = b + size, a + size, matched + size
    if matched < 3 or matched < 0.7 * end or matched < 0.6 * len(asked):
        return 0
    return spans[end - 1].end()


def echoed_lines(i: int, body: Sequence[int], document: Sequence[SourceLine], shapes: Sequence[LineShape],
                  question: Question, shown: Sequence[int]) -> list[int]:
    """The first lines under question line `i` that copy the rest of its text (the T/F items or
    second sentence of a question whose first sentence is the heading), not its answer.

    A line is a copy when it is a run of the words of the question's later sentences, and its
    content words are ones the question's own lines (`shown`) do not show; a lone word counts only after another
    copy, and an answer must follow (a line that only echoes the question's words, such as an
    abbreviation spelt out, is the answer)."""
    shown_words = {t for k in (i, *shown) for t in content_tokens(shapes[k].clean)}
    later = " ".join(fold(w) for w in _WORD.findall(_later_part(question)))
    rest = set(content_tokens(_later_part(question))) - shown_words
    if len(rest) < 3:
        return []
    taken: list[int] = []
    for k in body:
        if not document[k].text.strip():
            continue
        toks = set(content_tokens(shapes[k].clean))
        if (not toks or not toks <= rest or (len(toks) < 2 and not taken) or not _copied(shapes[k].clean, later)
                or _ANSWER_PREFIX.match(document[k].text) or shapes[k].heading):
            break
        taken.append(k)
    if not taken or not any(document[k].text.strip() for k in body if k > taken[-1]):
        return []
    return taken


def opens_question(line: str, question: Question) -> bool:
    """`line` is the opening of the question as written, the rest wrapped onto the next line ("Q: What are the
    downsides of deploying your app to a server, instead of" over "to a client (or edge) device…?"): at least
    four words, the question's first words in order."""
    said = [fold(w) for w in _WORD.findall(line)]
    return len(said) >= OPENING_WORDS and [fold(w) for w in _WORD.findall(question.text)][:len(said)] == said


OPENING_WORDS = 4
"""The fewest words a line needs to be taken for the opening of a question wrapped over two lines."""


def _copied(line: str, later: str) -> bool:
    """`line`'s words are a run of the question's words, as written (punctuation aside): "A PhD
    T/F" is copied, "A PhD: F" (an item answered) is not."""
    said = " ".join(fold(w) for w in _WORD.findall(line))
    return bool(said) and f" {said} " in f" {later} "


def unlabelled(line: str) -> str:
    """`line` without the answer's label that opens it ("**A:** → 0.92 for the target class" → "0.92 for …")."""
    return _POINTER.sub("", _ANSWER_PREFIX.sub("", line.lstrip(), count=1), count=1)


_QUOTE_MARK = re.compile(r"^\s*> ?")
"""A quote mark, which in an Obsidian answer callout ("> [!answer]") holds the box and quotes nothing."""
_KEPT_CALLOUT = re.compile(r"^\s*>\s*\[!\s*(?:todo|quote|cite)\s*\]", re.IGNORECASE)
"""A callout that is not the student's answer in a box: a to-do (a note to self, read as one) or a quotation."""


def dedent(texts: Sequence[str], whole: bool = True) -> list[str]:
    """Answer lines without their common indentation, the bullet that holds a one-item answer,
    or an `Answer:` label; the quote marks of an answer quoted `whole` (not of a quote under the answer's bullet)."""
    out = [t.expandtabs(4).rstrip() for t in texts]
    said = [t for t in out if t.strip()]
    # an answer in an answer's callout ("> [!answer]"), or written whole as a quote ("   > Train on small images
    # first…" under each item of a copied questionnaire): no quote marks; another callout ("> [!todo]") is read as one
    said = [t for t in said if not IMAGE_ONLY.match(t)]  # a picture under the box ("![[plot.png]]") is not in it
    if whole and said and all(t.lstrip().startswith(">") for t in said) and not _KEPT_CALLOUT.match(said[0]):
        out = [_QUOTE_MARK.sub("", t, count=1) for t in out]
        # the box's type marker ("[!note]- Answer", "[!warning] no idea, I think…") is layout: its title is read
        opening = next(n for n, t in enumerate(out) if t.strip())
        out[opening] = CALLOUT.sub("", out[opening].lstrip(), count=1)
    widths = [len(t) - len(t.lstrip()) for t in out if t.strip()]
    out = [t[min(widths):] if widths else t for t in out]
    first = next((n for n, t in enumerate(out) if t.strip()), None)
    # the label alone on its line ("## Answer", "**Answer**", ":::spoiler Answer") frames the lines below it
    if first is not None and (BARE_ANSWER_LABEL.match(line_shape(out[first]).clean)
                              or BARE_ANSWER_LABEL.match(out[first])):  # "[!answer]", which has no words shown
        out[first] = ""
        first = next((n for n, t in enumerate(out) if t.strip()), None)
    if first is not None:
        head = out[first]
        depth = len(head) - len(head.lstrip())
        others = [t for t in out[first + 1:] if LIST_MARKER.match(t.lstrip()) and len(t) - len(t.lstrip()) <= depth]
        marker = LIST_MARKER.match(head.lstrip())
        if marker and not others and not re.match(r"\d", marker.group(0)):  # one bullet holding the answer
            out[first] = head.lstrip()[marker.end():]
            if first + 1 < len(out):
                out[first + 1:] = dedent(out[first + 1:], whole=False)
        out[first] = _ANSWER_PREFIX.sub("", _POINTER.sub("", _DEFINITION.sub("", out[first].lstrip(), count=1),
                                                         count=1), count=1)
    return _unheaded(out)


_EMPHASIS = re.compile(r"(?<![\w*/])\*\*(?=[^\s/*])(.+?)(?<=[^\s/*])\*\*(?![\w*/])"
                       r"|(?:^|(?<=^[-*+] ))\*\*(?=\S)|(?<=\S)\s?\*\*$")
"""Bold marks in pairs, or one opening or closing a line (a bold run over two lines); not a glob's "**" between slashes
(`f'{path}/**/*.JPEG'`) nor a power (`sqrt(mean((a-b)**2))`) in code that is only indented or not marked at all."""
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"
                     r"|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])")
"""Words in italics (`*combines both*`, `_combines both_`): the words. Not a product (`a * b`, `x*y*z`), not the
underscores of a name (`item_tfms`, `__init__`), and not a bullet (`* item`)."""
_WIKI_LINK = re.compile(r"(?<!!)\[\[([^\W\d][^\[\]\n|]*)(?:\|([^\[\]\n]*))?\]\]")
"""A wiki link (`[[Gradient descent]]`, Obsidian's notes): the words it shows (`[[frameworks for ethical
thinking|frameworks]]` shows "frameworks"); a nested list (`[[1, 2], [3, 4]]`) stays, and so does an embedded
picture (`![[plot.png]]`), as written."""
IMAGE_ONLY = PICTURE_ONLY
_HIGHLIGHT = re.compile(r"(?<![\w=])==(?=[^\s=])([^=\n]+?)(?<=[^\s=])==(?![\w=])")
"""Highlighted words (`==mean 0 and std 1==`, HackMD and Obsidian): the words; not a comparison (`x==1 or y==2`)."""


_FORMAT_TAG = re.compile(  # HTML that colours or emphasises a notebook answer (<font color=…>…</font>), or marks code
    r"</?(?:font|span|b|i|u|em|strong|mark|small|big|center|sup|sub|p|div|pre|code|kbd|tt)(?:\s[^<>]{0,120})?>",
    re.IGNORECASE,
)
_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)


def _unheaded(lines: list[str]) -> list[str]:
    """Answer lines as plain text: no heading marks (`#### It is…`), bold wrapping, `[[links]]` or
    HTML colour and emphasis tags (`<font color=…>`, `<b>`, `<br>`).

    Code (inside ``` fences) is left as written.
    """
    out, fenced = [], False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        out.append(line if fenced else _HARD_BREAK.sub("", _outside_code(ATX.sub("", line, count=1), _plain_words)))
    return out


_HARD_BREAK = re.compile(r"(?<=[^\s\\])\\$")
"""Markdown's hard line break at a line's end ("…know it.\\", a Google Doc's export), not a line continued in code
("a + \\")."""


_UNDERLINE = re.compile(r"(?<![\w:])::(?=[^\s:])([^:\n]+?)(?<=[^\s:])::(?![\w:])")
"""Underlined words in a Bear note (`::next word::`): the words; not Python's slices nor C++'s `std::`."""
_BLOCK_REF = re.compile(r"\s*\(\([\w-]{6,}\)\)")
"""A block reference of Roam or Logseq (`((64a1f0c2-77e1-…))`): a pointer into the student's notes, no words."""


_IN_WORD_BOLD = re.compile(r"\*\*([A-Za-z]+)\*\*(?=[A-Za-z])|(?<=[A-Za-z])\*\*([A-Za-z]+)\*\*")
"""Letters set in bold inside a word, at its start or after its first letters ("**agg**regat**ing**"), not a power
(`x**2`)."""
_ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos|nbsp);")
"""A character written as an HTML entity ("&#39;", "&gt;"): Markdown shows the character."""


def _plain_words(text: str) -> str:
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = _IN_WORD_BOLD.sub(lambda m: m.group(1) or m.group(2), text)  # "**agg**regat**ing**": bold inside a word
    text = _EMPHASIS.sub(lambda m: m.group(1) or "", _BREAK.sub(" ", _FORMAT_TAG.sub("", text)))
    text = _ITALIC.sub(lambda m: m.group(1) or m.group(2), text)
    text = _UNDERLINE.sub(r"\1", _BLOCK_REF.sub("", text))
    return _HIGHLIGHT.sub(r"\1", _WIKI_LINK.sub(lambda m: m.group(2) or m.group(1), text))


def _outside_code(line: str, change: Callable[[str], str]) -> str:
    """`line` with `change` made to its words and not to its inline code ("`**` and `recursive=True`" keep their
    stars)."""
    out, at = [], 0
    for m in CODE_SPAN.finditer(line):
        out += [change(line[at:m.start()]), m.group()]
        at = m.end()
    return "".join([*out, change(line[at:])])


COMMENT_QUESTION = re.compile(
    r"^\s*(?:#+|(?:print\s*\(\s*|[A-Za-z_]\w*\s*=\s*)?[rRuU]?(?:\"\"\"|'''|\"|'))\s*"
    r"(?=(?:Q(?:uestion)?\s*\d{0,3}\s*[:.)]|Q(?:uestion)?\s*\d{1,3}\s|\d{1,3}[.)]"
    r"|A(?:ns(?:wer)?)?\s*\d{1,3}\s*[:.)\s])\s*\S|Q(?:uestion)?\s*\d{1,3}\s*[:.)]?\s*$)", re.IGNORECASE)
"""A code comment that asks a numbered or `Q:`-labelled question (`# Q: What is…?`, `# 3. Why…?`, `# Q1 glob`, `# Q20`
alone over the code that answers it), or
answers one by its number (`# A14. x = independent variable…`); or a string the cell prints or holds that asks one
(`print("Q3 What are…?")`, `q = "Q4 In situations…?"`: the question is in the cell's output too)."""
_STRING_CLOSE = re.compile(r"""(?:\"\"\"|'''|["'])\s*\)?\s*;?\s*$""")


def shows_question(line: str, asking: str) -> bool:
    """Whether a line of code only shows the question a line above stored in a name (`q = "Q4 …?"`, then `q`)."""
    held = re.match(r"\s*([A-Za-z_]\w*)\s*=", asking)
    return held is not None and re.fullmatch(rf"\s*(?:(?:print|display)\s*\(\s*)?{held[1]}\s*\)?\s*;?\s*",
                                             line) is not None


def asked_in_code(line: str) -> str:
    """What a question-asking line of code says: its comment, or its string without the quotes."""
    said = COMMENT_QUESTION.sub("", line, count=1)
    return said if line.lstrip().startswith("#") else _STRING_CLOSE.sub("", said)
LABELLED_COMMENT = re.compile(r"^\s*#+\s*(?:Q(?:uestion)?|A(?:ns(?:wer)?)?)\s*\d{1,3}\b", re.IGNORECASE)
"""A comment that names its question by a "Q" (or its answer by an "A") and its number (`# Q7: convert('RGB')
because…`, `# A20. Inference = …`)."""


def code_cell_answer(lines: Sequence[str]) -> list[str]:
    """The answer in the code cell under a question asked in its comment: comments as text
    (`# A: it is…`), code as a fenced block."""
    if not any(line.strip() for line in lines):
        return []
    if all(not line.strip() or line.lstrip().startswith("#") for line in lines):
        return [re.sub(r"^\s*#+\s?", "", line) for line in lines]
    return ["```python", *lines, "```"]
