"""Small text helpers shared by alignment and grading: normalising, tokens, sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import lang

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

STOPWORDS = frozenset(w for words in lang.STOPWORDS.values() for w in words)


CODE_SPAN = re.compile(r"(`+)[^`\n]*?\1")
"""Inline code: `x`, ``a`b``."""


def fold(text: str) -> str:
    """Lower-case and strip accents (for lexical comparison only, never for display)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
"""A character of Chinese, Japanese or Korean."""
CJK_CHARS_PER_WORD = 2
"""Chinese and Japanese write no spaces between words, which are one to three characters long: so many characters
count as one word."""


def word_count(text: str, *, marks: bool = True) -> int:
    """How many words `text` has, as `len(text.split())` counts them but in Chinese and Japanese
    ("训练用的熊图片都是从网上下载的" is about eight); without `marks`, a token of punctuation or operators alone ("-",
    "+=") is no word."""
    count = 0
    for token in text.split():
        cjk = sum(len(run) for run in _CJK.findall(token))
        if not cjk:
            count += 1 if marks or any(c.isalnum() for c in token) else 0
            continue
        rest = _CJK.sub(" ", token)
        count += -(-cjk // CJK_CHARS_PER_WORD) + sum(1 for w in rest.split() if marks or any(c.isalnum() for c in w))
    return count


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A crude, language-agnostic suffix stripper: good enough for overlap features. The course's words borrowed
    into Spanish, Portuguese and Italian keep the English stem ("tokenización", "validação", "normalizzazione":
    accents are folded by `words`)."""
    for suffix in ("aciones", "acoes", "azioni", "ations", "acion", "acao", "azione", "ation",
                   "ings", "ing", "ies", "ied", "es", "ed", "ly", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


_ABBREVIATION = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in lang.ABBREVIATIONS) + r")(?:(?<=\w)s)?(?!\w)",
                           re.IGNORECASE)
"""A course abbreviation, or its plural ("LRs", "CNNs")."""


def with_expansions(text: str, *, keep: bool = True) -> str:
    """`text` with the words each course abbreviation stands for after it ("mean, std" → "mean, std standard
    deviation"), for comparing words; quotes and meaning still read the text as written. `keep=False`: in its place
    ("per-layer LRs" → "per-layer learning rate"), for counting an answer's own words."""
    return _ABBREVIATION.sub(lambda m: f"{m.group(0)} {lang.ABBREVIATIONS[m.group(1).lower()]}" if keep
                             else lang.ABBREVIATIONS[m.group(1).lower()], text)


_SHORTHANDS = {short: word for table in lang.SHORTHAND.values() for short, word in table.items()}
_SHORTHAND = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(short) for short in sorted(_SHORTHANDS, key=len,
                                                                                           reverse=True))
                        + r")(?![\w/])", re.IGNORECASE)


def unshortened(text: str) -> str:
    """`text` with the shorthand a student writes in notes spelt out ("problem w/ california gang database" →
    "problem with …", `lang.SHORTHAND`), for reading a line as a question."""
    return _SHORTHAND.sub(lambda m: _SHORTHANDS[m.group(0).lower()], text)


def content_tokens(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())}


@dataclass(frozen=True)
class Span:
    """A piece of a text with its offsets, so evidence can quote it exactly."""

    text: str
    start: int
    end: int
    answer_word: int = 0
    """Length of a yes or no that opens the span and answers a yes/no question ("No pytorch does
    it"): it belongs to no clause, so it negates nothing after it."""


_SENTENCE_END = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\bcf\.)(?<!\.\.\.)(?<=[.!?;])\s+(?=[^\s])"
    r"|(?<=\.\.\.)\s+(?=(?-i:[^\sa-z]))"
    r"|(?<=[。！？；])\s*(?=[^\s」』）)])"
    r"|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)", re.IGNORECASE)
"""A sentence ends at . ! ? or ; followed by a space, but not after "e.g.", "i.e.", "vs." or "cf."
("parameters that control training, e.g. learning rate" is one sentence; "etc." often ends one), nor at an ellipsis
the sentence goes on after in small letters ("self.xxx = ... would only set an attribute"); at a Chinese or Japanese
full stop (。！？；), which no space follows; at a blank line; and before a list item."""


WRAP_WIDTH = 60
"""A line break after a line this long or longer may be the wrap of a long sentence (Markdown keeps
hard-wrapped paragraphs as one); after a shorter line the writer ended the line themselves."""
_LINE_END = re.compile(r"(?<=[^\s,;:(\[{&+*/=\\-])[ \t]*\n(?=[ \t]*\S)")
"""A single line break after a line that ends on a word (not a comma, an operator or an opening bracket)."""


def sentences(text: str, lines: bool = False) -> list[Span]:
    """Split an answer into sentences (and list items), keeping offsets. `lines`: a line the
    writer ended short of a wrap's width ends a sentence too ("make predictions\nfind the loss\n
    call backward" is three steps, not one sentence)."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_lines(spans, text, start, match.start(), lines)
        start = match.end()
    _add_lines(spans, text, start, len(text), lines)
    return _numbered_steps(spans)


_LONE_NUMBER = re.compile(r"^(\d{1,2})\.$")
_TRAILING_NUMBER = re.compile(r"\s(\d{1,2})\.$")


def _numbered_steps(spans: list[Span]) -> list[Span]:
    """Sentences of a list numbered "1. … 2. … 3. …" inside one line: the sentence end after each number cuts
    it from its step ("1.", "take a batch 2.", "forward pass 3.", "loss"). Each step keeps its words alone, without
    the next step's number, while the numbers count up from 1."""
    out = list(spans)
    expected = 0
    for i, span in enumerate(out):
        lone = _LONE_NUMBER.match(span.text)
        if lone and int(lone.group(1)) == (expected or 1):
            expected = int(lone.group(1)) + 1
            continue
        tail = _TRAILING_NUMBER.search(span.text)
        if expected and tail and int(tail.group(1)) == expected and i + 1 < len(out):
            kept = span.text[:tail.start()].rstrip()
            out[i] = Span(kept, span.start, span.start + len(kept), span.answer_word)
            expected += 1
    return out


def _add_lines(spans: list[Span], text: str, start: int, end: int, lines: bool) -> None:
    if lines:
        for match in _LINE_END.finditer(text, start, end):
            line_start = text.rfind("\n", start, match.start()) + 1
            if len(text[max(line_start, start):match.start()].strip()) < WRAP_WIDTH:
                _add_span(spans, text, start, match.start())
                start = match.end()
    _add_span(spans, text, start, end)


_INLINE_STEP = re.compile(r"(?:(?<=\s)|^)(\d{1,2})[.)]\s+(?=\S)")
"""A step's number inside a line ("1) pass a batch 2) compute the loss 3) …")."""


_BARE_STEP = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\s+(?=[^\W\d_])")
"""A step's number with no stop or bracket after it ("1 init weights 2 predict 3 loss")."""
BARE_STEPS = 3
"""Fewest steps a list numbered with bare numbers has, from 1: "1 layer and 2 outputs" is words."""


def inline_steps(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each step number of a list numbered inside one line, when its numbers count up one
    by one from the first, which opens the line or follows a colon: "1) pass a batch through the model
    2) compute the loss" is two steps; "1 init weights 2 predict 3 loss", numbered with bare numbers from 1, is
    three. A lone number ("lr 3) too high") or numbers out of order are words."""
    for pattern, fewest, first in ((_INLINE_STEP, 2, None), (_BARE_STEP, BARE_STEPS, 1)):
        run: list[re.Match[str]] = []
        for m in pattern.finditer(text):
            if run and int(m.group(1)) == int(run[-1].group(1)) + 1:
                run.append(m)
            elif not run and (first is None or int(m.group(1)) == first) and (
                    not text[:m.start()].strip() or text[:m.start()].rstrip().endswith(":")):
                run = [m]
        if len(run) >= fewest:
            return [(m.start(), m.end()) for m in run]
    return []


_ARROW = re.compile(r"\s*(?:→|⇒|⟶|->|=>)\s*")
"""An arrow between steps: "manual process → limited deployment → gradual expansion"."""


def _add_span(spans: list[Span], text: str, start: int, end: int) -> None:
    """One sentence, or one per step of a list numbered inside it, each step without its number (a sentence
    embedding reads "2) calcular la pérdida" further from the loss than the words alone), or one per step of a
    sequence written with arrows (two or more: a single "x → y" says what becomes what)."""
    arrows = list(_ARROW.finditer(text, start, end))
    pieces = list(zip([start, *(m.end() for m in arrows)], [*(m.start() for m in arrows), end], strict=True))
    if len(arrows) >= 2 and all(re.search(r"[^\W\d_]{2}", text[a:b]) for a, b in pieces):
        for a, b in pieces:  # steps in words; "0.95 → 0.85 → 0.95" is a value going down and up
            _add_one_span(spans, text, a, b)
        return
    steps = inline_steps(text[start:end])
    if not steps:
        _add_one_span(spans, text, start, end)
        return
    _add_one_span(spans, text, start, start + steps[0][0])  # what opens the line before its first step
    for (_, after), (before, _) in zip(steps, [*steps[1:], (end - start, end - start)], strict=True):
        _add_one_span(spans, text, start + after, start + before)


_FENCE_ALONE = re.compile(r"(?:```|~~~)[\w+.-]*")
"""A code fence's marker and its language, alone."""


def _add_one_span(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped or _FENCE_ALONE.fullmatch(stripped):
        return  # "```python" on a line of its own says nothing (as a sentence it read like a Dataset's (x, y) point)
    offset = start + piece.index(stripped)
    spans.append(Span(stripped, offset, offset + len(stripped)))


def shorten(text: str, limit: int = 160) -> str:
    """Collapse whitespace and cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


_FENCED = re.compile(r"^[ \t]*(?:```|~~~)[^\n]*\n(.*?)^[ \t]*(?:```|~~~)", re.MULTILINE | re.DOTALL)
_FENCE_LINE = re.compile(r"^[ \t]*(?:```|~~~)")
OUTPUT_FENCE = "output"
"""The info string of the fence that holds what a notebook's code cell printed or returned, under its code."""
_OUTPUTS = re.compile(rf"^[ \t]*```{OUTPUT_FENCE}[ \t]*\n.*?^[ \t]*```[ \t]*(?:\n|$)", re.MULTILINE | re.DOTALL)


FENCE_LINE = re.compile(r"^\s*(?:`{3,}|~{3,})[\w+-]*\s*$", re.MULTILINE)
"""A line that opens or closes a fenced code block, its language named or not ("```python", "~~~")."""
CODE_MARKS = re.compile(r"[`=\[\]{}]|\w\(")
"""What gives code away in a sentence: a backtick, an assignment, brackets, a call."""
PICTURE_ONLY = re.compile(r"^[\s>]*(?:!\[[^\]\n]*\]\([^)\n]*\)|!\[\[[^\[\]\n]+\]\])\s*$")
"""A line holding only a picture: Markdown's `![plot](img/plot.png)` or Obsidian's embed `![[plot.png]]` (its words,
a caption, are the picture's, not a sentence of the answer)."""


_WITHDRAWN = re.compile(r"(?<![~\\])~~(?=[^\s~])(?:(?!\n[ \t]*\n|\n[ \t]*(?:```|~~~))[^~]|~(?!~))+?(?<=[^\s~])~~(?!~)"
                        r"|<(del|s|strike)>.*?</\1>", re.IGNORECASE | re.DOTALL)
"""Text the student struck through: GitHub's `~~…~~` within a paragraph, HTML's `<del>`, `<s>`, `<strike>`."""


def without_withdrawn(text: str) -> str:
    """`text` without what the student struck through ("~~Training set, …~~ **Edit:** No! It's the validation set"):
    a teacher grades what the student stands by. An answer struck through whole is left as it is: nothing else would
    be left to read, and the teacher sees it."""
    if "~~" not in text and "<" not in text:
        return text
    kept = _WITHDRAWN.sub(" ", text)
    return kept if kept != text and re.search(r"\w", kept) else text


def without_outputs(text: str) -> str:
    """`text` without its notebook outputs (```` ```output ```` fences): what the student wrote, to be graded; the
    code is run, and what it printed in the student's notebook is shown to the teacher, not read as an answer."""
    return _OUTPUTS.sub("", text).rstrip() if f"```{OUTPUT_FENCE}" in text else text


_COMMENT_LINE = re.compile(r"^[ \t]*#+[ \t]*(.*?)[ \t]*$", re.MULTILINE)


def fenced_comments(text: str) -> list[Span]:
    """The comments written inside the fenced code blocks of `text` ("# numbers explode -> nan"), as spans."""
    out = []
    for block in _FENCED.finditer(text):
        for m in _COMMENT_LINE.finditer(block.group(1)):
            if m.group(1):
                at = block.start(1) + m.start(1)
                out.append(Span(m.group(1), at, at + len(m.group(1))))
    return out


def comments_only(text: str) -> str | None:
    """The words of a text that is only code comments inside fences ("```python\n# TODO\n```"), or None."""
    said = fenced_comments(text)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    fences = sum(1 for ln in lines if _FENCE_LINE.match(ln))
    return " ".join(s.text for s in said) if said and fences >= 2 and len(lines) == fences + len(said) else None


_LONE_STRING = re.compile(r"""^\s*(?:[A-Za-z_]\w*\s*=\s*)?[rRuU]?("{3}|'{3}|"|')(?P<said>.*?)\1\s*$""", re.DOTALL)


def string_only(text: str) -> str | None:
    """The words of a text that is one fenced code block holding only a string, perhaps named
    (`a13 = \"\"\"TODO\"\"\"`: a learner who answers in Python strings), or None."""
    blocks = _FENCED.findall(text)
    fences = sum(1 for ln in text.splitlines() if _FENCE_LINE.match(ln))
    lone = _LONE_STRING.match(blocks[0]) if len(blocks) == 1 and fences == 2 else None
    return lone.group("said").strip() if lone and not _FENCED.sub("", text).strip() else None


def writes_reference_marks(answer: str, reference: str) -> bool:
    """An answer that is only marks, no word, that the reference's code writes ("`??`" where the reference says
    "type `learn.fine_tune??`", "@" for "`a @ b`"): Jupyter's or Python's own syntax, not a placeholder. A lone "?",
    "-" or "." says nothing, whatever the reference writes."""
    marks = re.sub(r"\s+|`", "", answer)
    named = _NAMED_MARKS.match(marks) if "`" in answer else None
    if named:  # "`func??`" for "`learn.fine_tune??`": the same marks after a name of the student's own
        marks = named.group("marks")
        return marks not in _BLANK_MARKS and any(
            re.search(rf"\w{re.escape(marks)}$", span) for span in _REFERENCE_CODE.findall(reference))
    if not marks or not _MARKS_ONLY.match(marks) or marks in _BLANK_MARKS:
        return False
    return any(marks in span for span in _REFERENCE_CODE.findall(reference))


_NAMED_MARKS = re.compile(r"^[A-Za-z_][\w.]*(?P<marks>[^\w\s`]{1,4})$")
"""A name in code followed by marks only ("func??", "obj.method??")."""


_MARKS_ONLY = re.compile(r"^[^\w\s]{1,4}$")
_BLANK_MARKS = frozenset({"?", "-", "–", "—", ".", "…", "...", "*", "/"})
"""Marks that stand for no answer in a file, also where the reference's code writes them."""
_REFERENCE_CODE = re.compile(r"`([^`\n]{1,80})`")
