"""Web pages (.html): a Google Docs "Download → Web page", a Notion or LMS page saved by the
student, Moodle's online text.

The page is turned into Markdown-like text (one line per block, headings as `#`, list items
as `-`, table cells as `| … |`, scripts and styles left out); then the best text parser
(markdown, forms, numbered, chat, plain) reads it and alignment finds the questions in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

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


class _Text(HTMLParser):
    """A page as Markdown-like text: one line per block, lists as `-` items, each table row one
    `| cell | cell |` line (blocks inside a cell, as Google Docs writes them, stay on it)."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote"})
    CELLS = frozenset({"td", "th"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.cell = 0
        self.hidden: list[int] = []
        self.hidden_tag = ""
        self.links: list[tuple[str, int] | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden:  # inside a notebook's prompt: count the same tags to find where it closes
            self.hidden[-1] += tag == self.hidden_tag
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        if tag not in VOID and _PROMPT.search(classes):  # nbconvert's "In [3]:", JupyterLab's jp-InputPrompt
            self.hidden, self.hidden_tag = [1], tag
            return
        if tag == "a":  # a link to a page stays a link: "[try it here](https://mybinder.org/…)"
            href = next((v for k, v in attrs if k == "href" and v), "")
            self.links.append((href, len(self.out)) if _WEB_ADDRESS.match(href) else None)
        elif tag in ("script", "style"):
            self.skip += 1
        elif tag in self.CELLS:
            self.cell += 1
            self.out.append("| ")
        elif self.cell and tag in self.BLOCKS:
            self.out.append(" ")
        elif tag in self.BLOCKS:
            self.out.append("\n\n" if tag != "br" else "\n")
            if tag == "li":
                self.out.append("- ")
            elif tag[0] == "h" and tag[1:].isdigit():
                self.out.append("#" * int(tag[1:]) + " ")

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden[-1] -= tag == self.hidden_tag
            if not self.hidden[-1]:
                self.hidden = []
            return
        if tag == "a":
            link = self.links.pop() if self.links else None
            shown = "".join(self.out[link[1]:]).strip() if link else ""
            if link and shown and shown != link[0] and "\n" not in shown and not self.skip:
                self.out[link[1]:] = ["[" + "".join(self.out[link[1]:]) + "]", f"({link[0]})"]
        elif tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.CELLS:
            self.cell = max(0, self.cell - 1)
            self.out.append(" ")
        elif tag == "tr":
            self.out.append("|\n")
        elif tag in self.BLOCKS and not self.cell:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.hidden:
            self.out.append(" ".join(data.split("\n")) if self.cell else data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) if line.startswith("| ") else line for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in EXTENSIONS:
        return 0.9
    return 0.6 if _PAGE.match(text_head) else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return read_converted(path, NAME, html_to_text, hints)
