"""Line shapes: what one line of a student's file looks like (its words for matching, and the
list marker, number, heading marks and emphasis around them), and the document's structure
that markdown-it-py sees (headings, fenced code) and its YAML front matter."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .domain import SourceLine
from .lang import (
    ANSWER_LABELS,
    CLOSING_REMARKS,
    INTERJECTIONS,
    NUMBER_JOINERS,
    NUMBER_RANGES,
    NUMBERED_ANSWER_LABELS,
    PAGE_OF,
    PAGE_WORDS,
    QUESTION_LABELS,
    QUESTION_STARTS,
    QUOTED_REPLY_HEADS,
    SPOKEN_TENS,
    SPOKEN_UNITS,
    TOGETHER,
    patterns,
    words,
)

LIST_MARKER = re.compile(r"^(?:(?:[-*+•](?:\s+\[[ xX]\])?|\d{1,3}[.)]|[a-zA-Z][.)])\s+|\d{1,3}[、．）]\s*)")
"""A list item's marker, with a task list's box (`- [x] 3. …`); in Chinese and Japanese text a number closed by "、"
or a full-width "．" ("1、举一个例子")."""
NUMBER = re.compile(
    rf"^(?:(?:{words(QUESTION_LABELS)})\.?\s*|#\s*)?[(\[（]?(\d{{1,3}})[)\]）]?\s*(?:(?:[-=—–]>|→|[.):\-–、．：]|/(?=\s))\s*|\s+(?=\S))"
    rf"|^(\d{{1,3}})[.)、．）](?=[^\W\d_])"
    rf"|^(?:{words(NUMBERED_ANSWER_LABELS)})\s*(\d{{1,3}})\s*[.):\-–]\s*",
    re.IGNORECASE,
)
"""A question's number at the start of a line: "3.", "Q3:", "Q.3)", "(3)", "[3]", "3 ->", "Answer 3:"."""
LABEL_ONLY = re.compile(
    rf"^(?:({words(QUESTION_LABELS)}|#)\s*|(?:{words(NUMBERED_ANSWER_LABELS)})\s*)?(\d{{1,3}})\s*[.:)]?$",
    re.IGNORECASE)
"""A line that is only a question's number, maybe labelled ("## 16", "### Question 3", "**Q2**", "#2", "**Answer 2**";
an answer's label names its question only in bold or as a heading: "answer 1" alone may be an answer's words)."""
_UNITS = {w: n for table in SPOKEN_UNITS.values() for w, n in table.items()}
_TENS = {w: n for table in SPOKEN_TENS.values() for w, n in table.items()}
_TENS_WORDS = words({k: list(v) for k, v in SPOKEN_TENS.items()})
_UNIT_WORDS = words({k: list(v) for k, v in SPOKEN_UNITS.items()})
_SPOKEN = re.compile(
    rf"\b({words({k: [w for w in v if len(w) > 2] for k, v in QUESTION_LABELS.items()})})\s+"
    rf"(?:({_TENS_WORDS})(?:[\s-]+({_UNIT_WORDS}))?|({_UNIT_WORDS}))\b(?![-'’])",
    re.IGNORECASE)
"""A question's label, then its number in words ("Question twenty one", "question eight")."""


def spoken_numbers(text: str) -> str:
    """`text` with each question number said in words after its label written in digits ("Question twenty one."
    → "Question 21."): a dictated answer's transcript names its questions so."""
    def digits(m: re.Match[str]) -> str:
        tens, units = _TENS.get((m.group(2) or "").lower(), 0), _UNITS.get((m.group(3) or m.group(4) or "").lower(), 0)
        return f"{m.group(1)} {tens + units}"
    return _SPOKEN.sub(digits, text)


CLOSING_REMARK = re.compile(rf"^(?:(?:{patterns(INTERJECTIONS)})[\s,.!]+)?(?:{patterns(CLOSING_REMARKS)})"
                            r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?!\w))")
"""A closing remark, folded (`textutil.fold`), perhaps after a word of opening ("okay that's it so yeah bye"); in
Chinese, Japanese or Korean, whatever follows it (no spaces between words: "以上就是第六章的全部习题")."""
QUOTED_REPLY = re.compile(rf"^[\s>]*(?:{patterns(QUOTED_REPLY_HEADS)})\s*:\s*$", re.IGNORECASE)
"""The line over the e-mail a student replies to, quoted under the reply ("On Mon, … Alan <…> wrote:")."""
_POST_DATE = (r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?"
              r"|[A-Z][a-z]{2}\s+['’]\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")
POST_HEADER = re.compile(rf"^\s*(?:\*\*)?@?(?P<sender>[\w.-]{{2,30}})(?:\*\*)?\s+{_POST_DATE}\s*$")
"""The head of a forum post copied as text: the poster's name, then the date ("tomasz_k        Mar 4, 2023")."""
_POSTER = re.compile(r"^\s*(?:\*\*)?@?(?P<sender>[\w.-]{2,30})(?:\*\*)?\s*$")
_POST_DATE_LINE = re.compile(rf"^\s*{_POST_DATE}(?:,?\s+\d{{1,2}}:\d{{2}}\s*(?:[ap]m)?)?\s*$", re.IGNORECASE)


def posted(line: str, next_line: str) -> str:
    """The poster's name when `line` is it alone, over the date of their post on `next_line` (the head of a post
    copied from Discourse: "kofi_a" / "Sep 15, 2020"), else ""."""
    poster = _POSTER.match(line)
    return poster.group("sender") if poster and _POST_DATE_LINE.match(next_line) else ""


LABELLED_NUMBER = re.compile(rf"^(?:{words(QUESTION_LABELS)}|#)\.?\s*\d", re.IGNORECASE)
"""A number with a question's label ("Q3", "Question 3", "#3"): it names the question even after a
list's own number."""
_Q_PREFIX = re.compile(rf"^(?:{words(QUESTION_LABELS)})\s*[:.\-]\s*", re.IGNORECASE)
_QUESTION_WORD = re.compile(rf"^({words(QUESTION_STARTS)})\b", re.IGNORECASE)


def starts_asking(text: str) -> bool:
    """`text` opens as a question or a task does ("What…", "¿Qué…", "Explique…"), not as a statement that only ends
    in a question mark ("xxbos is the start of the text?": a hedged answer)."""
    body = text.strip().lstrip("*_>#- ")
    return body.startswith(("¿", "¡")) or bool(_QUESTION_WORD.match(body))
RULE = re.compile(r"^\s*(?:([-*_=])(\s*\1){2,}|<hr\s*/?>)\s*$", re.IGNORECASE)
"""A horizontal rule: `---`, `***`, `___` (`===` under a Setext heading), or HTML's `<hr>`."""
_WORD_LABELS = {k: [w for w in v if len(w) > 1] for k, v in ANSWER_LABELS.items()}
LABEL_MARK = r"(?:[*_]{1,2}|</?(?:b|strong|em|i|u)\s*>)"
"""Emphasis around a label, Markdown's or HTML's ("**Answer:**", "<b>Answer:</b>")."""
ANSWER_LABEL = re.compile(rf"^[>\s]*{LABEL_MARK}?\s*(?:{words(ANSWER_LABELS)})\s*\d{{0,3}}\s*{LABEL_MARK}?\s*[:：.)]"
                           rf"|^[>\s]*{LABEL_MARK}?\s*(?:{words(_WORD_LABELS)})\s[-–—]\s", re.IGNORECASE)
"""A line that starts with an answer's label: "A)", "A:", "**Answer:**", "<b>Answer:</b>", "A2.", "Resposta:", "Ans -
"."""
BARE_ANSWER_LABEL = re.compile(  # "**Answer**", "## Answer", "### My answer" alone on its line, the answer below it
    rf"^\s*[*_]{{0,2}}\s*(?:{words(_WORD_LABELS)})"
    r"\s*[*_]{0,2}\s*[:：.]?\s*[*_]{0,2}\s*$"
    rf"|^[>\s]*\[!\s*(?:{words(_WORD_LABELS)})\s*\][+-]?\s*$",  # an Obsidian callout's "> [!answer]"
    re.IGNORECASE,
)
"""An answer's label with nothing after it on its line, as a heading, in bold or plain, or an Obsidian callout of
the kind: the answer is below."""
FENCED_DIV = re.compile(r"^\s*:{3,}\s*(?:\{[^}\n]*\}|[\w.-]+)?\s*:*\s*$")
"""A Pandoc or Quarto fenced div's opening or closing line ("::: {.callout-note}", ":::"): layout."""
DIV_OPENS = re.compile(r"^\s*:{3,}\s*(?:\{[^}\n]*\}|[\w.-]+)\s*:*\s*$")
"""A fenced div's opening line, with its class ("::: {.callout-tip}"), not its closing ":::"."""
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{([\w-]+)\}\s*(.*?)\s*$")
"""A MyST (Jupyter Book) directive's opening line, "```{admonition} Question 1", "```{code-cell} ipython3": its
name and its title."""
_FLASHCARD = re.compile(r"\s:{2,3}\s+(?=\S)")
"""The " :: " between a flashcard's question and its answer (Anki's and Obsidian's spaced-repetition cards)."""
_ANSWERED_AFTER = re.compile(rf"[?？][*_\s]*{LABEL_MARK}?\s*(?:{words(ANSWER_LABELS)})\s*{LABEL_MARK}?\s*[:：]",
                             re.IGNORECASE)
"""A question mark, then an answer's label on the same line ("Q: term we use for Samuel's weights? A: parameters"):
the line asks up to its question mark, and answers after it."""
SUMMARY = re.compile(r"^\s*(?:<details[^<>]*>\s*)?<summary[^<>]*>(.*?)</summary>\s*$", re.IGNORECASE)
"""A `<details>` block's title line (`<details><summary>Q2 & Q3 – categorical vars</summary>`): its words are the
title, never an answer."""
CONTAINER = re.compile(r"^\s*:{3,}\s*([a-z][\w-]*)\s+(\S.*?)\s*:*\s*$")
"""A VuePress, VitePress or Docusaurus container with a title ("::: details Q5. What is…?", ":::tip Note")."""
SHORTCODE = re.compile(r"^\s*\{\{[<%]\s*([\w-]+)\s+[\"“]([^\"”]+)[\"”][^{}]*?[>%]\}\}\s*$")
"""A Hugo shortcode with a title ("{{< details "1. What is…?" >}}"): its name and its title."""
CLOSING_SHORTCODE = re.compile(r"^\s*\{\{[<%]\s*/[\w-]+\s*[>%]\}\}\s*$")
"""A Hugo shortcode's closing line ("{{< /details >}}"): layout."""
BBCODE = re.compile(r"^\s*(?:\[/\w+\]|\[(?:quote|center|right|left|size|color|b|i|u)(?:[= ][^\]\n]*)?\]"
                    r"|\[(?:details|spoiler)\])\s*$", re.IGNORECASE)
"""A forum's BBCode tag alone on its line (Discourse's `[quote]` … `[/quote]` around the question it answers,
`[quote="ana, post:1, topic:42"]`, `[/details]`): layout."""
BBCODE_TITLED = re.compile(r"^\s*\[(?:details|spoiler)=[\"“']?(.+?)[\"”']?\]\s*$", re.IGNORECASE)
"""A forum's folded block with a title (`[details="3. What is a GPU?"]`): the title is what the line says."""
CODE_DIRECTIVES = frozenset({"code-cell", "code-block", "code", "sourcecode", "literalinclude", "math", "raw",
                             "eval-rst", "glue", "jupyter-execute", "ipython",
                             # Quarto's and R Markdown's executable cells: "```{python}", "```{r}"
                             "python", "python3", "ipython3", "r", "julia", "bash", "sh", "ojs", "sql"})
"""MyST directives whose content is code, and Quarto's code cells; any other's ("admonition", "note", "dropdown")
is Markdown text."""
CALLOUT = re.compile(r"^\[!([A-Za-z][\w-]{0,20})\][+-]?\s*")
"""The type marker that opens a quote as a callout (Obsidian's "> [!question] 13. What…", GitHub's "> [!NOTE]")."""
_LINK = re.compile(r"(?<!!)\[([^\]\n]{1,200})\]\([^)\s]{1,500}\)")
"""A Markdown link (not an image): its text stands for it."""
ATX = re.compile(r"^\s{0,3}(#{1,6})\s+")
HEADING_ATTRIBUTES = re.compile(r"\s*\{\s*[#.][^{}]*\}\s*$")
"""The attributes kramdown, Pandoc and Quarto let a heading end on ("## Domanda 1 {#domanda-1}"): layout."""
CODE_INDENT = 4
"""From this indent on a line is code (CommonMark's indented code block), so a `#` that opens it is not a heading."""
ANSWER_NUMBER = re.compile(
    r"^(?:\*\*|__)?A(\d{1,3})(?:[.):\-–]?(?:\*\*|__)\s*(?:[.):\-–]\s*)?|\s*[.):\-–]\s*|\s+(?=\S))")
"""An answer labelled with its question's number glued to an "A" ("**A12** …", "**A13.** …", "A3: …"); a bare "A4 paper"
names no question unless the label is emphasised or closed by a mark (`line_shape`)."""
_GROUP_LABEL = rf"(?:(?:{words(QUESTION_LABELS)}|{words(ANSWER_LABELS)})s?\.?\s*)?"
_GROUP_NUMBER = rf"{_GROUP_LABEL}(?:\(\d{{1,3}}\)|\d{{1,3}}(?!\d)[.)]?)"
_GROUP_RANGE = rf"\s*[-–—]\s*|\s+(?:{words(NUMBER_RANGES)})\s+"
_GROUP_JOIN = rf"\s*,?\s*[&+/・、]\s*|\s*,\s*|,?\s+(?:{words(NUMBER_JOINERS)})\s+"
_LABELLED_EACH = re.compile(rf"(?:(?:{words(QUESTION_LABELS)})\.?\s*\d{{1,3}}(?:{_GROUP_RANGE}|{_GROUP_JOIN})?)+",
                            re.IGNORECASE)
"""Numbers each written with a question's label ("Q16 + Q22", "Q6 and Q7")."""
GROUP = re.compile(rf"^({_GROUP_NUMBER}(?:(?:{_GROUP_RANGE}|{_GROUP_JOIN}){_GROUP_NUMBER})+)\s*(:|[-=]>|→|\))?",
                   re.IGNORECASE)
"""Two or more question numbers named together ("19 & 20", "Q19/20", "19, 20.", "19-21", "1) & 2)")."""
_OWN_GROUP = re.compile(rf"^\(\s*((?:{_GROUP_NUMBER})(?:(?:{_GROUP_RANGE}|{_GROUP_JOIN})(?:{_GROUP_NUMBER}))+)\s*\)\s*",
                        re.IGNORECASE)
"""The questions a numbered item names in brackets right after its number, its own first: "8. (8 + 9) …"."""
_TOGETHER = re.compile(rf"^\(?(?:{words(TOGETHER)})\)?\s*(?::|[-=]>|→|[-–—](?=\s)|$)", re.IGNORECASE)
"""A word that says the numbers before it are answered together, then the mark that opens the answer."""
_WRAPPED = re.compile(r"^([*_]{1,3})(?=\S)(.+?)(?<=\S)\1(?![*_])(.*)$")


@dataclass(frozen=True)
class LineShape:
    """What a line looks like: its words for matching and the marks around them."""

    clean: str
    """The line without indentation, list marker, heading marks, number, emphasis or links."""
    number: int | None
    heading: int | None
    listed: bool
    indent: int
    asks: bool
    """Ends with a question mark or starts like a question or a task."""
    layout: bool
    """A line with no words: a rule, a lone bullet, front matter fences."""
    labelled_answer: bool = False
    """Starts with an answer's label ("A) nope, PyTorch does it"): an answer, never a question."""
    group: tuple[int, ...] = ()
    """The question numbers a label names together ("## 19 & 20", "**19, 20.**", "## 19-21"):
    `number` is the first of them, `clean` what follows the label."""
    marked: str = ""
    """How the line sets itself apart as a question besides its words: "label" (`Q: …`), "bold"
    (`**…**`), or "" (plain)."""
    named: bool = False
    """Its number carries a question's label ("Q7 - …", "Question 7:", "#7"): it names the question wherever the line
    stands, not only as the next item of a list."""


_KEYCAPS = re.compile(r"^(\s*(?:[#>]+\s*)?)((?:\d\ufe0f?\u20e3)+|\U0001f51f)\s*")
"""A number written in keycap emoji at the start of a line ("3️⃣ **Explain…**", "1️⃣0️⃣", "🔟")."""


def keycap_numbers(text: str) -> str:
    """`text` with a number in keycap emoji that opens it written in digits ("3️⃣ **Explain…**" → "3. **Explain…**")."""
    def digits(m: re.Match[str]) -> str:
        number = "10" if m.group(2) == "\U0001f51f" else re.sub(r"\D", "", m.group(2))
        return f"{m.group(1)}{number}. "
    return _KEYCAPS.sub(digits, text)


def line_shape(text: str, heading: int | None = None) -> LineShape:
    """The shape of one line (`heading` is its level when markdown-it found a heading)."""
    expanded = spoken_numbers(keycap_numbers(text.expandtabs(4)))
    indent = len(expanded) - len(expanded.lstrip())
    body = expanded.strip()
    directive = DIRECTIVE.match(body) or CONTAINER.match(body) or SHORTCODE.match(body)
    if directive:  # "```{admonition} Question 1", "::: details Q5. …", {{< details "Q5. …" >}}: the title is the words
        body = "" if directive.group(1) in CODE_DIRECTIVES else directive.group(2)
    titled = SUMMARY.match(body) or BBCODE_TITLED.match(body)
    if titled:
        body = titled.group(1).strip()
    layout = not re.search(r"[^\W_]", body) or bool(RULE.match(body) or FENCED_DIV.match(body)
                                                    or CLOSING_SHORTCODE.match(body) or BBCODE.match(body))
    body = _LINK.sub(r"\1", CALLOUT.sub("", re.sub(r"^(>\s*)+", "", body)))  # "## [Q3](https://…) What is…"
    number: int | None = None
    row = table_row(body)
    if row is not None:  # a Markdown table row: | 3 | What is…? | my answer |
        number, body, _ = row
    atx = ATX.match(body) if indent < CODE_INDENT else None  # "    # the activations": a comment in indented code
    if atx:
        heading = heading or len(atx.group(1))
        body = body[atx.end():]
    if heading is not None:
        body = HEADING_ATTRIBUTES.sub("", body)
    grouped = number_group(titled.group(0) if titled else body, heading is not None)
    if grouped is not None:
        group, rest = grouped
        clean = _Q_PREFIX.sub("", _unmark(rest)).strip()
        asks = clean.rstrip("*_ ").endswith(("?", "？")) or bool(_QUESTION_WORD.match(clean))
        return LineShape(clean, group[0], heading, bool(re.match(r"[-*+•]\s", body)), indent, asks, layout,
                         group=group)
    listed = False
    marker = LIST_MARKER.match(body)
    if marker:
        listed = True
        digits = re.match(r"\d+", marker.group(0))
        number = int(digits.group(0)) if digits else None
        body = body[marker.end():]
    emphasised = bool(_WRAPPED.match(body))
    glued = ANSWER_NUMBER.match(body) if number is None else None
    if glued and (emphasised or re.match(r"A\d+\s*[.):\-–]", body)):
        body = body[glued.end():]
        return LineShape(_unmark(body), int(glued.group(1)), heading, listed, indent, False, layout, True)
    body = _unmark(body)
    numbered = number_after(body, number is not None)
    named_number = bool(numbered and LABELLED_NUMBER.match(body))
    alone = LABEL_ONLY.match(body)
    if numbered:
        number, body = numbered[0], body[numbered[1]:]
    elif alone and (heading is not None or emphasised or alone.group(1)):
        # A heading, a bold line or a labelled line with nothing but a number names a question
        # ("## 16" over its answer); a bare "3" on its own line may be part of an answer.
        number, body = int(alone.group(2)), ""
        named_number = bool(alone.group(1)) and LABELLED_NUMBER.match(alone.group(0)) is not None  # "### Q25"
    unmarked = _unmark(body)
    labelled = _Q_PREFIX.match(unmarked)
    body = _Q_PREFIX.sub("", unmarked).strip()
    named: tuple[int, ...] = ()
    if labelled and number is None:  # "Q: 3. Explain…", "Q: 30 + 31. What does…": the label, then the number
        grouped = number_group(body)
        numbered = number_after(body, False)
        if grouped is not None:
            named, body = grouped
            number = named[0]
        elif numbered:
            number, body = numbered[0], body[numbered[1]:].strip()
    if number is not None and not named and (own := _OWN_GROUP.match(body)):
        together = _group_numbers(own.group(1))
        if len(together) > 1 and together[0] == number:  # "8. (8 + 9) `~` is…": item 8 answers questions 8 and 9
            named, body = together, body[own.end():]
    body = _FLASHCARD.split(body, maxsplit=1)[0]  # "question :: answer": the card's front is the line's question
    asks = body.rstrip("*_ ").endswith(("?", "？")) or bool(_QUESTION_WORD.match(body) or _ANSWERED_AFTER.search(body))
    labelled_answer = not asks and bool(ANSWER_LABEL.match(expanded) or BARE_ANSWER_LABEL.match(body))
    marked = "label" if labelled else "bold" if emphasised else ""
    return LineShape(body, number, heading, listed, indent, asks, layout, labelled_answer, marked=marked,
                     group=named, named=named_number)


def number_after(body: str, listed: bool) -> tuple[int, int] | None:
    """A question's number at the start of `body`, the text after a list marker, and where the text after it
    starts. After a numbered list's own marker (`listed`), only a labelled number ("1. Q3: …") names one: in
    "22) 50 vs 101 layers" the list's number is the question's and 50 is the answer's."""
    m = NUMBER.match(body) if not listed or LABELLED_NUMBER.match(body) else None
    digits = m and (m.group(1) or m.group(2) or m.group(3))
    return (int(digits), m.end()) if m and digits else None


def number_group(text: str, heading: bool = False) -> tuple[tuple[int, ...], str] | None:
    """The question numbers a label names together and the text after the label, or None.

    The label is the whole line of a heading (`## 19 & 20`, `### Q19/20`, `## 19-21`), a bold or
    italic span (`**19, 20.** answer`), or numbers closed by `.`, `:` or `)` (`19 & 20. answer`);
    numbers in a sentence (`## 2020 results`, `4, 5 and 6 are odd`) are not a label. A range
    names at most five questions, and the numbers must increase."""
    body = re.sub(r"^(>\s*)+", "", text.strip())
    atx = ATX.match(body)
    heading = heading or bool(atx)
    body = re.sub(r"^[-*+•]\s+", "", body[atx.end():] if atx else body)
    wrapped = _WRAPPED.match(body)
    label, after = (wrapped.group(2).strip(), wrapped.group(3)) if wrapped else (body, "")
    if summary := SUMMARY.match(body):  # "<details><summary>Q2 & Q3 – names for values</summary>": a title, as bold is
        wrapped, label, after = summary, summary.group(1).strip(), ""
    found = GROUP.match(label)
    if not found:
        return None
    rest = label[found.end():].strip()
    closed = bool(found.group(2)) or found.group(1).endswith((".", ")"))
    if not closed and (together := _TOGETHER.match(rest)):  # "Q24 and Q25 together -> …"
        rest, closed = rest[together.end():].strip(), True
    if wrapped:
        if rest.strip(" .:-–—"):  # "**Q7+Q8 - why convert? what is ~?**": the questions in a few words after a dash
            dash = re.match(r"[-–—:]\s", rest.strip())
            if not (dash or closed):  # or after the numbers closed by a mark ("**Q25 + Q26. Out-of-domain data…**")
                return None
            rest = f"{rest.strip()[1:].strip() if dash else rest.strip()} {after.strip()}".strip()
        else:
            rest = after.strip().lstrip(":-–—").strip()
    elif rest and not closed and heading and (dash := re.match(r"[-–—:]\s", rest)):
        rest = rest[dash.end():].strip()  # "### Q6 + Q7 – What do Datasets and DataLoaders contain?"
    elif rest and not closed and not _LABELLED_EACH.fullmatch(found.group(1)):
        return None  # "4 and 5 together are fine"; but "# Q16 + Q22  what is loss" labels each number a question's
    elif not (rest or closed or heading or re.match(r"[^\d\s]", label)):
        return None
    numbers = _group_numbers(found.group(1))
    return (numbers, rest) if numbers else None


def _group_numbers(label: str) -> tuple[int, ...]:
    """The numbers of a group label, a range spelt out ("19-21" → 19, 20, 21); () when they do
    not increase or a range is longer than five."""
    parts = re.split(r"(\d{1,3})", label)
    numbers: list[int] = []
    for k in range(1, len(parts), 2):
        n = int(parts[k])
        between = parts[k - 1]
        if numbers and re.fullmatch(rf"\.?(?:{_GROUP_RANGE})(?:{_GROUP_LABEL})", between, re.IGNORECASE):
            if not 0 < n - numbers[-1] <= 4:
                return ()
            numbers.extend(range(numbers[-1] + 1, n + 1))
        elif numbers and n <= numbers[-1]:
            return ()
        else:
            numbers.append(n)
    return tuple(numbers)


def table_row(body: str) -> tuple[int | None, str, str] | None:
    """(number, question cell, the cells after it) of a table row, or None for other lines."""
    if not body.startswith("|") or body.count("|") < 3:
        return None
    cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body.strip().strip("|"))]
    number = None
    for k, cell in enumerate(cells):
        if re.fullmatch(r"[Qq]?\d{1,3}[.)]?", cell) and number is None:
            number = int(re.sub(r"\D", "", cell))
        elif re.search(r"[^\W\d_]{2,}", cell):
            return number, cell, " ".join(c for c in cells[k + 1:] if c)
    return None


TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]{0,400})?/?>")
"""An HTML tag ("<div class=…>", "</div>", "<br/>"), not a Markdown autolink ("<https://github.com/…>"), which is
the student's link."""


_PRE = re.compile(r"<pre[^<>]*>(?:\s*<code[^<>]*>)?(.*?)(?:</code>\s*)?</pre>", re.IGNORECASE | re.DOTALL)
_CELL_BREAK = re.compile(r"[ \t]*<br\s*/?>", re.IGNORECASE)


def cell_text(cell: str) -> str:
    """A Markdown table cell's words as the lines the student wrote: a `<br>` is a line break (a list in a cell,
    "objective = …<br>lever = …", keeps its lines), a `<pre>` block is a fenced code block whose `<br>`s are its
    lines, and other tags are left out."""
    parts, at = [], 0
    for pre in _PRE.finditer(cell):
        parts.append(_cell_words(cell[at:pre.start()]))
        code = html.unescape(TAG.sub("", re.sub(r"<br\s*/?>", "\n", pre.group(1), flags=re.IGNORECASE)))
        parts.append(f"```\n{code.strip(chr(10))}\n```")
        at = pre.end()
    parts.append(_cell_words(cell[at:]))
    return "\n".join(p for p in parts if p).strip()


def _cell_words(text: str) -> str:
    # "a<br> b" is two lines; "class X:<br>    def f…" keeps the indentation of code pasted into a cell
    lines = TAG.sub(" ", _CELL_BREAK.sub("\n", text)).split("\n")
    return "\n".join(re.sub(r"^ (?! )", "", line.rstrip()) for line in lines).strip("\n")


def _unmark(text: str) -> str:
    text = TAG.sub(" ", text)
    text = text.replace("[[", "").replace("]]", "").replace("**", "").replace("__", "").replace("`", "")
    return re.sub(r"\s\*$", "", text.strip(" *_\t")).strip()


# ─── the document's structure ───────────────────────────────────────────────


def structure(lines: Sequence[SourceLine]) -> tuple[dict[int, int], set[int], set[int]]:
    """Heading levels by line index, the indexes of lines inside closed code fences, and the frame lines that are no
    answer's words: the fence lines that open and close a MyST directive holding text ("```{admonition} Question 1" …
    "```"), a page's footer ("Page 2 of 3")."""
    from markdown_it import MarkdownIt

    headings: dict[int, int] = {}
    fenced: set[int] = set()
    frames: set[int] = set()
    # Notebook cells are separate Markdown documents: parse each run of lines from one cell.
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].cell == lines[start].cell:
            end += 1
        chunk = [ln.text for ln in lines[start:end]]
        tokens = MarkdownIt("commonmark").parse("\n".join(chunk))
        in_item = 0
        for tok in tokens:
            in_item += {"list_item_open": 1, "list_item_close": -1}.get(tok.type, 0)
            if tok.map is None:
                continue
            first, last = tok.map
            if tok.type == "heading_open" and in_item:  # "- # of layers" is "number of", not a heading in a list
                continue
            if tok.type == "heading_open" and tok.markup in ("-", "=") and _parts_blocks(chunk, first, last):
                continue  # an answer's last line over "-----", then "Q6. …": the dashes part two blocks
            if tok.type == "heading_open":
                headings[start + first] = int(tok.tag[1])
            elif tok.type == "fence":
                closing = chunk[last - 1].strip() if last - 1 > first else ""
                name = re.match(r"\{([\w-]+)\}", tok.info.strip())
                if name and name.group(1) not in CODE_DIRECTIVES:  # a MyST admonition holds text, not code
                    frames.update({start + first, start + last - 1})
                    continue
                if closing.startswith(tok.markup[:3]):  # an unclosed fence swallows nothing
                    fenced.update(range(start + first + 1, start + last - 1))
        start = end
    frames.update(k for k, ln in enumerate(lines) if k not in fenced and PAGE_FOOTER.match(ln.text))
    return headings, fenced, frames


TITLE_WORDS = 6
"""Fewer words than this after a number make a question's title ("Questão 28", "3. Why GPUs"); "1 for x > 0, 0 for x <
0. Code: …" is an answer that opens with a number."""


def _parts_blocks(chunk: Sequence[str], first: int, last: int) -> bool:
    """Whether the dashes under lines `first`…`last - 1` of `chunk` part two blocks ("-----" between an answer's last
    line and "Q6. …", or closing the last answer) rather than underline a heading: the lines above neither ask nor
    name a question by its number (`TITLE_WORDS`: "Questão 28" over "----" and its question is a heading), and the
    first line with words after the dashes opens a question (numbered or asking), or there is none."""
    if any((shape := line_shape(text)).asks or (shape.number is not None and len(shape.clean.split()) < TITLE_WORDS)
           for text in chunk[first:last - 1]):
        return False
    text = next((t for t in chunk[last:] if t.strip()), "")
    shape = line_shape(text)
    return not text or shape.number is not None or shape.asks


PAGE_FOOTER = re.compile(rf"^\s*(?:{patterns(PAGE_WORDS)})\s+\d+\s*(?:/|{patterns(PAGE_OF)})\s*\d+\s*$", re.IGNORECASE)
"""A page's footer in a document saved as text ("Page 2 of 3", "Página 2 de 5"): furniture, not the answer's."""


_ASIDE_OPEN = re.compile(r"^\s*<aside\b[^>]*>", re.IGNORECASE)
_ASIDE_CLOSE = re.compile(r"</aside>\s*$", re.IGNORECASE)


def aside_lines(lines: Sequence[SourceLine]) -> set[int]:
    """The lines of `<aside>` blocks and of HTML comments: a Notion export's callouts, the tips and warnings a student
    writes to themselves between answers ("💡 rewatch lesson 2 from ~40min"), a slide's hidden notes ("<!-- Rosenblatt,
    1958? check the year -->"), not answers."""
    out: set[int] = set()
    start = closer = None
    for k, ln in enumerate(lines):
        if start is None and (_ASIDE_OPEN.match(ln.text) or _COMMENT_OPEN.match(ln.text)):
            start, closer = k, _ASIDE_CLOSE if _ASIDE_OPEN.match(ln.text) else _COMMENT_CLOSE
        if start is not None and closer is not None and closer.search(ln.text):
            out.update(range(start, k + 1))
            start = None
    return out


_COMMENT_OPEN = re.compile(r"^\s*<!--")
_COMMENT_CLOSE = re.compile(r"-->\s*$")
ORG_METADATA = re.compile(r"^\s*(?:(?:CLOSED|SCHEDULED|DEADLINE):\s*[\[<]\d{4}-\d\d-\d\d[^\]>]*[\]>]\s*)+$"
                          r"|^\s*:[A-Za-z_-]+:(?:\s.*)?$")
"""An org-mode heading's planning line ("CLOSED: [2021-03-02 Tue 21:14]") or property drawer (":PROPERTIES:", ":END:"):
the outline's bookkeeping, not the answer under the heading."""


def front_matter(lines: Sequence[SourceLine]) -> int:
    """How many lines of YAML front matter (`---` … `---`) open the document."""
    if not lines or lines[0].text.strip() != "---":
        return 0
    for i in range(1, min(len(lines), 80)):
        if lines[i].text.strip() in ("---", "..."):
            return i + 1
    return 0
