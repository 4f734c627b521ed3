"""Web pages (.html): a Google Docs "Download → Web page", a Notion or LMS page saved by the
student, a blog post, Moodle's online text.

The page is turned into Markdown-like text (one line per block, headings as `#`, list items as
`-` or numbered as the page numbers them, table cells as `| … |`; and, for a page read as a file,
code and emphasis as Markdown writes them, so code is read and run as code; scripts, styles and
the site's own menu and footer left out); then the best text parser (markdown, forms, numbered,
chat, plain) reads it and alignment finds the questions in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from ..code.statements import classify, is_codelike, parse_quietly
from ..domain import Submission
from .base import read_converted

NAME = "html"
EXTENSIONS: tuple[str, ...] = (".html", ".htm")
_PAGE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


_WEB_ADDRESS = re.compile(r"^https?://\S+$", re.IGNORECASE)
"""A link to a page (not an anchor inside this one, "#7.-Is-TTA…", which a notebook's headings carry)."""
_PROMPT = re.compile(r"(?:^|\s)(?:prompt|input_prompt|output_prompt|jp-InputPrompt|jp-OutputPrompt)(?:\s|$)")
"""The classes of a notebook page's cell prompts ("In [ ]:", "Out[3]:"), which are not the student's words."""
VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "area", "base", "col", "source", "wbr"})
_LANGUAGE = re.compile(r"(?:^|\s)(?:language-|lang-|highlight-source-)?(python|py|ipython3?|pycon|bash|shell|sh|text)"
                       r"(?:\s|$)", re.IGNORECASE)
"""A code block's language as highlighters class it (`<code class="language-python">`, `<pre class="python">`)."""
_WRAPPED = re.compile(r"[ \t\r\f\v]*\n[ \t]*")
_EMPTY_ITEM = re.compile(r"^\s*(?:-|\d+\.)\s*$")
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
SKIPPED = frozenset({"script", "style", "noscript", "template"})
"""What a page holds that it does not show as text: its scripts and styles."""
CHROME = frozenset({"nav", "footer"})
"""The site's menu and footer: not the student's answers ("© 2021 Priya's ML Journal · Powered by Hashnode" under
the last answer is no answer to the last question), but shown once at the top of the text, where they may name the
student and are set aside with the rest of the page's heading."""


class _Text(HTMLParser):
    """A page as Markdown-like text: one line per block, list items as `-` or their number, each table row one
    `| cell | cell |` line (blocks inside a cell, as Google Docs writes them, stay on it)."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote"})
    CELLS = frozenset({"td", "th"})

    def __init__(self, markdown: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.chrome = 0
        self.aside: list[str] = []  # the text of the site's menus and footer, one line each
        self.cell = 0
        self.hidden: list[int] = []
        self.hidden_tag = ""
        self.links: list[tuple[str, int] | None] = []
        self.lists: list[list[int]] = []  # per open list: [next number, indent] for <ol>, [indent] for <ul>
        self.markdown = markdown
        self.fenced = 0  # <pre> blocks open inside the one written as a fenced block
        self.item_at = -1  # where the text of the list item just opened starts in `out`
        self.verbatim = 0  # <pre> blocks open: their line breaks are the text's
        self.fence_at = 0  # where the open <pre> block's text starts in `out`
        self.image_at = -1  # where the last picture's line is in `out`
        self.caption_at = -1  # where the open <figcaption>'s text starts in `out`

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:  # inside a notebook's prompt: count the same tags to find where it closes
            self.hidden[-1] += tag == self.hidden_tag
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag not in VOID and _PROMPT.search(classes):  # nbconvert's "In [3]:", JupyterLab's jp-InputPrompt
            self.hidden, self.hidden_tag = [1], tag
            return
        self.verbatim += tag == "pre"
        if tag == "a":  # a link to a page stays a link: "[try it here](https://mybinder.org/…)"
            href = next((v for k, v in attrs if k == "href" and v), "")
            self.links.append((href, len(self.out)) if _WEB_ADDRESS.match(href) else None)
        elif tag in SKIPPED:
            self.skip += 1
        elif tag in CHROME or (self.chrome and tag in self.BLOCKS):
            self.chrome += tag in CHROME
            self.aside.append("")  # a line each for the menu's items and the footer's paragraphs
        elif tag == "img" and self.markdown and not (self.cell or self.fenced or self.chrome or self.skip):
            self._picture(dict(attrs))
        elif tag == "figcaption" and self.markdown:
            self.caption_at = len(self.out)
        elif tag in ("ol", "ul"):
            start = next((v for k, v in attrs if k == "start" and v and v.strip().isdigit()), "1")
            self.lists.append([int(start), 0] if tag == "ol" else [0])
        elif tag == "code" and self.markdown and not self.fenced:
            self.out.append("`")
        elif tag in EMPHASIS and self.markdown and not self.fenced:
            self.out.append(EMPHASIS[tag])
        elif tag == "pre" and self.markdown and not self.cell:
            self.fenced += 1
            if self.fenced == 1:
                self.out += ["\n\n```", "\n"]
                self.fence_at = len(self.out)
                self._language(classes)
        elif tag == "code" and self.fenced:
            self._language(classes)
        elif tag in self.CELLS:
            self.cell += 1
            self.out.append("| ")
        elif self.cell and tag in self.BLOCKS:
            self.out.append(" ")
        elif tag in self.BLOCKS and len(self.out) == self.item_at and tag != "br":
            pass  # a list item's first paragraph (`<li><p>…`) starts on the item's line
        elif tag in self.BLOCKS:
            self.out.append("\n\n" if tag != "br" else "\n")
            if tag == "li":
                numbered = self.lists[-1] if self.lists else [0]
                value = next((v for k, v in attrs if k == "value" and v and v.strip().isdigit()), "")
                if value and len(numbered) == 2:  # <li value="7">
                    numbered[0] = int(value)
                marker = "   " * max(len(self.lists) - 1, 0) + (f"{numbered[0]}. " if len(numbered) == 2 else "- ")
                self.out.append(marker)
                numbered[0] += len(numbered) == 2
                numbered[-1] = len(marker)
                self.item_at = len(self.out)
            elif tag[0] == "h" and tag[1:].isdigit():
                self.out.append("#" * int(tag[1:]) + " ")

    def _picture(self, attrs: dict[str, str | None]) -> None:
        """A picture as Markdown writes one, `![alt](where)`, on a line of its own: shown where the page shows it, and
        known for what it is (its caption is not the student's sentence)."""
        where = (attrs.get("src") or "").strip()
        if not where:
            return
        where = "an embedded picture" if where.startswith("data:") else where.replace(" ", "%20")
        alt = " ".join((attrs.get("alt") or "").replace("[", "(").replace("]", ")").split())
        self.out.append(f"\n\n![{alt}]({where})\n\n")
        self.image_at = len(self.out) - 1

    def _caption(self) -> None:
        """A figure's caption ends: it becomes its picture's words (`![Figure 9–1 from the book…](…)`)."""
        caption = " ".join("".join(self.out[self.caption_at:]).replace("[", "(").replace("]", ")").split())
        picture = self.out[self.image_at] if 0 <= self.image_at < self.caption_at else ""
        found = re.match(r"\n\n!\[([^\]]*)\]\(([^)]*)\)\n\n$", picture)
        if caption and found:
            del self.out[self.caption_at:]
            self.out[self.image_at] = f"\n\n![{caption}]({found.group(2)})\n\n"
        self.caption_at = -1

    def _language(self, classes: str) -> None:
        """The fence of the `<pre>` just opened names the language its classes give ("language-python", "python")."""
        found = _LANGUAGE.search(classes)
        if found and self.out[-2:] == ["\n\n```", "\n"]:
            self.out[-2] = "\n\n```" + found.group(1).lower()

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden[-1] -= tag == self.hidden_tag
            if not self.hidden[-1]:
                self.hidden = []
            return
        if tag == "pre":
            self.verbatim = max(0, self.verbatim - 1)
        if tag == "a":
            link = self.links.pop() if self.links else None
            shown = "".join(self.out[link[1]:]).strip() if link else ""
            if link and shown and shown != link[0] and "\n" not in shown and not self.skip:
                self.out[link[1]:] = ["[" + "".join(self.out[link[1]:]) + "]", f"({link[0]})"]
        elif tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag == "figcaption" and self.caption_at >= 0:
            self._caption()
        elif tag in CHROME:
            self.chrome = max(0, self.chrome - 1)
        elif tag in ("ol", "ul"):
            if self.lists:
                self.lists.pop()
        elif tag == "code" and self.markdown and not self.fenced:
            self.out.append("`")
        elif tag in EMPHASIS and self.markdown and not self.fenced:
            self.out.append(EMPHASIS[tag])
        elif tag == "pre" and self.fenced:
            self.fenced -= 1
            if not self.fenced and _prose("".join(self.out[self.fence_at:])):
                self.out[self.fence_at - 2:self.fence_at] = ["\n\n"]  # an indented paragraph, shown as written
                self.out.append("\n\n")
            elif not self.fenced:
                self.out.append("```\n\n" if "".join(self.out[-1:]).endswith("\n") else "\n```\n\n")
        elif tag in self.CELLS:
            self.cell = max(0, self.cell - 1)
            self.out.append(" ")
        elif tag == "tr":
            self.out.append("|\n")
        elif tag in self.BLOCKS and not self.cell:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip or self.hidden:
            return
        if self.chrome:
            self.aside[-1] = " ".join([*self.aside[-1].split(), *data.split()])
            return
        if self.markdown and not self.verbatim and not self.cell:
            # The page's own indentation is layout, not Markdown's (four spaces would make a paragraph code); a line
            # break inside a list item goes on indented under the item, as Markdown writes it (the second line of a
            # question wrapped over two is the question's, not the start of an answer).
            indent = "\n" + " " * (self.lists[-1][-1] if self.lists else 0)
            if not data.strip():  # the page's layout between two tags: a line break stays one ("Name\nFollow")
                data = "" if self._after_space() else indent if "\n" in data else " "
            else:
                data = _WRAPPED.sub(indent, data)
                data = data.lstrip() if self._after_space() else data
        if data:
            self.out.append(" ".join(data.split("\n")) if self.cell else data)

    def _after_space(self) -> bool:
        """The text so far ends in a space or a line break, or a list item's number (or there is none yet)."""
        last = next((piece for piece in reversed(self.out) if piece), "")
        return not last or last[-1].isspace()


def _prose(block: str) -> bool:
    """A `<pre>` block with words and no line of code: a paragraph the student indented, which Markdown shows as
    preformatted ("    The model gets confused…"), not code to run."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    return bool(lines) and any(c.isalpha() for c in block) and not any(_code_line(line) for line in lines)


def _code_line(line: str) -> bool:
    """A line of code, a prompt or a comment (`t.shape`, `>>> x`, `# comment`), not a sentence that parses ("Yes")."""
    if line.startswith(("#", ">>>", "$ ", "%", "!")):
        return True
    kind = classify(line)
    if kind != "simple":
        return kind != "none"
    try:
        return is_codelike(parse_quietly(line)) or any(c in line for c in "()[]=.")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


def html_to_text(html: str, markdown: bool = False) -> str:
    """`markdown`: code and emphasis as Markdown writes them, a `<pre>` block of code fenced, inline `<code>` in
    backticks, `<em>` and `<strong>` in stars (a page read as a whole file, whose code is then read and run as
    code; a line of HTML inside a Markdown file keeps its code as the lines around it show it)."""
    parser = _Text(markdown)
    parser.feed(html)
    parser.close()
    parser.out[:0] = [line + "\n\n" for line in parser.aside if line]
    lines = [" ".join(line.split()) if line.startswith("| ") else line for line in "".join(parser.out).split("\n")]
    if markdown:  # a list item with no text (an icon's) is no line
        lines = [line for line in lines if not _EMPTY_ITEM.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in EXTENSIONS:
        return 0.9
    return 0.6 if _PAGE.match(text_head) else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return read_converted(path, NAME, lambda page: html_to_text(page, markdown=True), hints)
