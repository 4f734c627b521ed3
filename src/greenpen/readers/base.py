"""Shared helpers of the readers: reading text safely, building answers, spotting questions.

Text readers parse a string into a `Parsed` value; `read` wraps it into a `Submission`.
The binary readers (docx, pdf) extract text and hand it to `parse_extracted`, which
picks the best text parser.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import lang
from ..domain import RawAnswer, SourceLine, Submission
from ..errors import EmptySubmission, GreenpenError, InputError, UnsupportedFormat
from ..repair import repair_text
from .identity import guess_identity, words
from .limits import MAX_BLANK_RUN, check_size, check_text

WHAT_TO_DO = "export the answers as Markdown, text, CSV, .ipynb, .docx, .odt, .pdf or .tex"

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"RIFF", "RIFF media file"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document (.doc/.xls)"),
    (b"\x7fELF", "program (ELF executable)"),
    (b"SQLite format 3", "SQLite database"),
)


def sniff_binary(head: bytes) -> str | None:
    """What kind of binary file `head` starts (e.g. "PNG image"), or None for text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if not head:
        return None
    if b"\x00" in head:
        return "binary file"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            controls = sum(b < 9 or 13 < b < 32 for b in head)
            if controls > len(head) // 20:
                return "binary file"
    return None


_LONG_BLANK = re.compile(rf"[^\S\n]{{{MAX_BLANK_RUN + 1},}}")  # any blank but a line break


_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # C1 (0x80-0x9f) stays: mojibake repair needs it
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a character: no file, terminal or model takes it
_BREAKS = re.compile(r"[\x0b\x0c]")  # vertical tab (Word's manual line break), form feed (page break)


FOOTNOTE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$")
"""A footnote's text ("[^5]: A processor…"): its mark and its first line."""
_FOOTNOTE_MARK = re.compile(r"\s*\[\^([^\]\s]+)\](?!:)")
FOOTNOTES_MIN = 3
"""Fewest footnotes from which a file's footnotes are read where they are marked (answers given as footnotes)."""


def inline_footnotes(text: str) -> str:
    """Footnotes placed under the line that marks them, as a reader of the page sees them on hovering: "1. What is
    a GPU? [^5]" … "[^5]: A processor with thousands of cores…" (a questionnaire answered in footnotes). A footnote
    no line marks stays where it was written; a file with fewer than three footnotes is left as it is."""
    lines = text.split("\n")
    notes: dict[str, list[str]] = {}
    body: list[str] = []
    current = ""
    for line in lines:
        if m := FOOTNOTE.match(line):
            current = m.group(1)
            notes[current] = [m.group(2)]
        elif current and (line.startswith(("    ", "\t")) or not line.strip()):
            notes[current].append(line.strip())  # a footnote's further lines are indented
        else:
            current = ""
            body.append(line)
    if len(notes) < FOOTNOTES_MIN or not any(_FOOTNOTE_MARK.search(line) for line in body):
        return text
    out: list[str] = []
    for line in body:
        marked = [m for m in _FOOTNOTE_MARK.findall(line) if m in notes]
        if not marked:
            out.append(line)
            continue
        out += [_FOOTNOTE_MARK.sub(lambda m: "" if m.group(1) in notes else m.group(0), line).rstrip(), ""]
        for mark in marked:
            out += [*notes.pop(mark), ""]
    for mark, said in notes.items():  # marked nowhere: where it was written, at the end
        out += [f"[^{mark}]: {said[0]}", *said[1:]]
    return "\n".join(out)


def tame_text(text: str) -> str:
    """A student's text made safe to process and show: control characters dropped (terminal
    escape codes, bells), vertical tabs and form feeds as line breaks, an emoji's two halves
    split by a notebook's JSON (`\\ud83d`, `\\ude80`) joined and a lone half made U+FFFD, and runs
    of blanks longer than `MAX_BLANK_RUN` cut to that length.

    No answer needs those runs, and the line patterns of the text readers take time growing
    with the cube of one (a 60,000-space line kept detection busy for minutes).
    """
    text = _CONTROLS.sub("", _BREAKS.sub("\n", text))
    if _SURROGATE.search(text):  # a notebook's JSON may hold "\ud83d" ("\ude80" in the next line)
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return _LONG_BLANK.sub(lambda m: m.group()[:MAX_BLANK_RUN], text)


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else UTF-16 with BOM, else cp1252; newlines normalised;
    control characters and overlong runs of blanks taken out (`tame_text`).

    Never raises: bytes that do not decode (a UTF-16 file cut at an odd length) become U+FFFD.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return tame_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_text(path: Path, *, one_submission: bool = True) -> str:
    """The text of `path`; raises `EmptySubmission` for an empty file, `UnsupportedFormat` for binary,
    `TooLarge` over the per-file limits (the text limit only when the file is `one_submission`)."""
    name = clean_name(path.name)
    check_size(path, name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror}) — check the path and permissions") from exc
    kind = sniff_binary(data[:4096])
    if kind is not None and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormat(
            f"{name}: this looks like a binary file ({kind}), not a submission — {WHAT_TO_DO}"
        )
    text = decode_bytes(data)
    if one_submission:
        check_text(text, name)
        text = inline_footnotes(text)
    if not text.strip():
        raise EmptySubmission(f"{name}: {EMPTY_FILE}")
    return text


def describe(exc: BaseException) -> str:
    """A short one-line account of an unexpected exception: its kind and the first line of its text."""
    text = str(exc).strip().split("\n", 1)[0]
    text = text if len(text) <= 120 else text[:117] + "..."
    kind = type(exc).__name__
    return clean_name(f"{kind}: {text}" if text else kind)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(name: str) -> str:
    """A file name fit to show and store: undecodable bytes read as Windows-1252, control characters as `?`.

    A name with bytes that are not UTF-8 (common after unzipping a Windows archive) reaches
    Python with lone surrogates, which SQLite, the terminal and report files refuse.
    """
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        raw = name.encode("utf-8", "surrogateescape")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp1252", errors="replace")
    name = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in name)
    return _CONTROL.sub("?", name)


EMPTY_FILE = "the file is empty — ask the student to send it again, or check you exported the right file"
"""What is said of a file with nothing in it."""


# ─── building answers ───────────────────────────────────────────────────────

_ATTACHMENT_LINE = re.compile(r"^\s*(\S)\ufe0f?\s+(\S.{0,120}?(\.\.\.|…|\.[A-Za-z0-9]{2,4}))\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)|!\[\[()([^\[\]|\n]+)(?:\|[^\[\]\n]*)?\]\]")
"""A picture: Markdown's `![alt](path)`, or Obsidian's embed `![[path]]` / `![[path|width]]`."""


def is_attachment_line(line: str) -> bool:
    """A line naming an attached file by an icon, as Forms exports show drawings (`🖊 Relu - BRENO…`)."""
    match = _ATTACHMENT_LINE.match(line)
    return match is not None and unicodedata.category(match.group(1)) == "So"


_MENTIONED_FILE = re.compile(
    r"\b(?:" + lang.patterns(lang.ATTACHMENT_MENTIONS) + r")\b\W{0,3}([\w.-]+\.(?:png|jpe?g|gif|svg|webp|heic|pdf))\b",
    re.IGNORECASE,
)


def split_attachments(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Take out attachment lines; note Markdown images and mentioned files (their text stays)."""
    kept: list[str] = []
    attachments: list[str] = []
    for line in lines:
        if is_attachment_line(line):
            attachments.append(line.strip()[1:].strip(" \ufe0f"))
            continue
        attachments.extend(match.group(2) or match.group(4) for match in _IMAGE.finditer(line))
        attachments.extend(match.group(1) for match in _MENTIONED_FILE.finditer(line))
        kept.append(line)
    return kept, attachments


_PAGE_MARKUP = re.compile(
    r"^\s*(?:\{:[^{}\n]*\}"  # kramdown's attribute lists: "{: .notice}", "{:toc}", "{: #answer-3 .hint}"
    r"|\[\W*(?:back\s+to\s+(?:the\s+)?(?:top|contents|index)|top|contents|(?:volver|voltar)\s+(?:arriba|ao\s+topo))\W*\]"
    r"\(#[^()\s]*\)"  # a link back up the page: "[⬆ back to top](#contents)"
    r"|\{\{[<%].*?[>%]\}\}"  # a Hugo shortcode: "{{< /details >}}"
    r"|\{%-?(?!\s*(?:embed|youtube|vimeo|github|gist|twitter|tweet|codepen|kaggle|hackmd|link|post_url)\b)"
    r"(?![^%\n]*://).*?%\}"  # a Liquid tag, "{% endraw %}", not one that embeds the student's video, repo or page
    r"|(?:In|Out)\s*\[[\s\d*]*\]:"  # an empty notebook prompt of a notebook printed to PDF: "In [ ]:"
    r"|(?:collapsed|id|heading|background-color|card-[\w-]+)::\s.*"  # a Logseq block's property: "collapsed:: true"
    r"|[-*]\s*)\s*$",  # an empty bullet (an outliner's empty block)
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def without_page_markup(lines: Sequence[str]) -> list[str]:
    """The lines of an answer without those that only mark up the page it was published on: a kramdown attribute
    list under a paragraph (`{: .notice}`), a "back to top" link, a Hugo shortcode or Liquid tag alone on its line.
    They say nothing, and the file view keeps them. A Liquid tag that embeds something of the student's
    (`{% youtube 4w6tkNI0Yk8 %}`, `{% github fastai/fastbook %}`, `{% embed https://… %}`) is kept."""
    kept: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _PAGE_MARKUP.match(line):
            continue
        kept.append(line)
    return kept


def tidy(lines: Sequence[str]) -> str:
    """Join answer lines, drop blank lines at both ends, keep at most one blank line in a row."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


_HASH_LEAD = re.compile(r"^([ \t]*)#", re.MULTILINE)
_ESCAPED_HASH = re.compile(r"^([ \t]*)\\#")


def escape_hashes(text: str) -> str:
    """Text pulled out of a PDF or Word file, with a "#" that opens a line escaped: there it is a code comment
    ("# x: list of inputs"), never a Markdown heading (`make_answer` gives it back as written)."""
    return _HASH_LEAD.sub(r"\1\\#", text)


def make_answer(
    label: str,
    answer_lines: Sequence[str],
    *,
    number: int | None = None,
    notes: Sequence[str] = (),
    code_like: bool = False,
) -> RawAnswer:
    """A `RawAnswer` from the label and the answer's lines as written (repairs applied and recorded)."""
    answer_lines = [_ESCAPED_HASH.sub(r"\1#", line) for line in answer_lines]
    kept, attachments = split_attachments(without_page_markup(answer_lines))
    original = tidy(kept)
    text, repairs = repair_text(original, code_like=code_like)
    label_text, label_repairs = repair_text(label.strip())
    all_repairs = tuple(dict.fromkeys((*notes, *label_repairs, *repairs)))
    return RawAnswer(
        label=label_text.strip(),
        text=text.strip(),
        original=original,
        number=number,
        attachments=tuple(attachments),
        repairs=all_repairs,
    )


@dataclass
class Parsed:
    """What a text parser found: the blocks and everything outside them."""

    items: list[RawAnswer] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    title: str = ""
    student: str = ""
    email: str = ""

    def note_identity(self, lines: Sequence[str]) -> None:
        """Fill `student`/`email` (when still empty) from the text before the first question."""
        student, email = guess_identity(lines)
        self.student = self.student or student
        self.email = self.email or email

    def add_extra(self, lines: Sequence[str]) -> None:
        """Keep text outside any block, one entry per paragraph (repaired)."""
        for paragraph in re.split(r"\n\s*\n", tidy(lines)):
            if paragraph.strip():
                self.extra.append(repair_text(paragraph.strip())[0])

    def submission(self, source: str, format: str) -> Submission:
        return Submission(
            source=source,
            format=format,
            items=tuple(self.items),
            student=self.student,
            email=self.email,
            title=repair_text(self.title)[0],
            extra=tuple(self.extra),
        )


# ─── spotting questions ────────────────────────────────────────────────────

QUESTION_START = re.compile(r"^(" + lang.patterns(lang.QUESTION_LINE_STARTS) + r")\b", re.IGNORECASE)


class HintIndex:
    """Known question texts, for recognising a question line that carries no marker."""

    def __init__(self, hints: Sequence[str]) -> None:
        self._hints = [frozenset(words(h)) for h in hints if words(h)]

    def __bool__(self) -> bool:
        return bool(self._hints)

    def score(self, line: str) -> float:
        """Best word-overlap (Jaccard) of `line` with a known question, 0..1."""
        if not self._hints or len(line) > 400:
            return 0.0
        toks = frozenset(words(line))
        if not toks:
            return 0.0
        return max(len(toks & h) / len(toks | h) for h in self._hints)


def looks_like_question(line: str) -> bool:
    """A sentence that asks something: ends with '?' or starts like a question or a task."""
    text = re.sub(r"^[#>*_\s]+|[*_\s]+$", "", line)
    if not text or len(text) > 400:
        return False
    return text.endswith("?") or (bool(QUESTION_START.match(text)) and text[0].isupper())


def parse_extracted(text: str, hints: Sequence[str]) -> Parsed:
    """Parse text pulled out of a .docx/.pdf with whichever text parser fits it best."""
    from . import chat, forms, markdown, numbered, plain

    text = tame_text(text)
    parsers = (chat, forms, markdown, numbered)
    best = max(parsers, key=lambda module: module.score_text(text))
    parsed: Parsed = best.parse(text, hints) if best.score_text(text) >= 0.3 else plain.parse(text, hints)
    return parsed


@contextmanager
def opening(name: str, kind: str, todo: str) -> Iterator[None]:
    """Whatever a library raises while it opens a damaged `kind` file becomes one line saying what to do
    ("ch8.odt: this OpenDocument file cannot be opened (BadZipFile: …) — open it in LibreOffice and save it again…");
    greenpen's own errors (a limit, a missing extra) pass as they are."""
    try:
        yield
    except GreenpenError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file raises whatever its library raises
        raise UnsupportedFormat(f"{name}: this {kind} cannot be opened ({describe(exc)}) — {todo}") from exc


def read_converted(path: Path, format: str, convert: Callable[[str], str], hints: Sequence[str]) -> list[Submission]:
    """A file whose text is converted to Markdown-like text first (a web page, LaTeX, a script), then read by the text
    parser that fits it best."""
    text = check_text(convert(read_text(path)), clean_name(path.name))
    return [file_submission(path, format, parse_extracted(text, hints), text=text)]


def file_submission(path: Path, format: str, parsed: Parsed, *, text: str | None = None,
                    document: Sequence[SourceLine] = ()) -> Submission:
    """The `Submission` of one file; raises `EmptySubmission` when nothing was found at all.

    `text` (or `document`, lines that know their notebook cell) is the file's free text:
    alignment looks for the pack's questions in it.
    """
    name = clean_name(path.name)
    lines = tuple(document) or document_lines(text or "")
    if not parsed.items and not parsed.extra and not any(ln.text.strip() for ln in lines):
        raise EmptySubmission(f"{name}: no text found — check you exported the right file")
    if not parsed.items and not any(ln.text.strip() for ln in lines):  # a block reader found no blocks
        raise UnsupportedFormat(
            f"{name}: no question and answer blocks of the {format} layout were found — if the file is in "
            "another layout, give its format with --input-format, or leave the option out to detect it"
        )
    return replace(parsed.submission(name, format), document=lines)


_HTML_BLOCK_LINE = re.compile(
    r"^\s{0,3}<(h[1-6]|p|div|blockquote|li)\b[^<>]*>.*</(?:h[1-6]|p|div|blockquote|li)>\s*$", re.IGNORECASE)
"""A line of HTML blocks in a Markdown post: fastpages writes a notebook's cells as `<h3 id="…">7. Is TTA slower…?<a
class="anchor-link" …> </a></h3><p>Slower &#8212; the model…</p>` on one line."""


_CALLOUT = re.compile(
    r"""^\s*\{%-?\s*include\s+(note|tip|important|warning|info|alert)\.html\s+content\s*=\s*(["'])(.*)\2\s*-?%\}\s*$""",
    re.IGNORECASE)
"""A fastpages callout, `{% include tip.html content='The Rossmann paper is worth reading.' %}`: a box the page
shows with its kind as its title."""


def document_lines(text: str, cell: int | None = None) -> tuple[SourceLine, ...]:
    """The lines of a free-text file (or of one notebook cell), numbered from 1; a line of HTML blocks outside code
    is read as the text lines it shows (a heading as `###`), and a fastpages callout as an aside in the words its box
    shows ("<aside>Tip: The Rossmann paper…</aside>": set aside beside the answer), each with the source line's
    number."""
    if not text:
        return ()
    out: list[SourceLine] = []
    fenced = False
    for n, line in enumerate(text.split("\n"), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and (callout := _CALLOUT.match(line)):
            # the box's words, as an aside: the post's tip or warning beside the answer, not the answer
            said = f"{callout.group(1).capitalize()}: {callout.group(3).strip()}"
            out.append(SourceLine(f"<aside>{said}</aside>", n, cell))
            continue
        if fenced or not _HTML_BLOCK_LINE.match(line):
            out.append(SourceLine(line, n, cell))
            continue
        from .html import html_to_text

        shown = html_to_text(line).strip("\n").split("\n")
        out += [SourceLine(part, n, cell) for part in shown]
    return tuple(out)
