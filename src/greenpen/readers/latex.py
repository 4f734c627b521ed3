"""LaTeX homework (.tex), parsed with pylatexenc (the `latex` extra).

The document is turned into Markdown-like text, as a teacher reads the typeset page: sections as
`#` headings, `enumerate` items with the numbers LaTeX gives them (`1.`, `2.`, … or an `\\item[…]`
label), `itemize` items as `-`, `\\textbf` as `**…**`, `verbatim`/`lstlisting`/`minted` blocks as
fenced code, tables as `| … |` rows, math left as the student wrote it (`$\\hat{r} = u \\cdot m$`).
The preamble is left out but for the title and the author, which name the submission; comments
(`% …`) are left out, as the typeset page does. Then the best text parser reads it and alignment
finds the questions in it: an `enumerate` numbers its items itself, so a question is found by its
words as much as by its number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import Submission
from ..errors import MissingDependency
from .base import read_converted

NAME = "latex"
EXTENSIONS: tuple[str, ...] = (".tex", ".latex")
_LATEX = re.compile(r"\\(?:documentclass|begin\{document\})\b")

_STYLES = {"textbf": "**", "bf": "**", "bfseries": "", "emph": "*", "textit": "*", "textsl": "*", "it": "*",
           "texttt": "`", "verb": "`", "underline": "", "textsc": "", "textrm": "", "textsf": "", "mbox": "",
           "text": "", "textnormal": ""}
_HEADINGS = {"part": "#", "chapter": "#", "section": "#", "subsection": "##", "subsubsection": "###"}
_RUN_INS = ("paragraph", "subparagraph")
_ESCAPED = {"%", "_", "&", "#", "$", "{", "}"}
_SPACES = {" ": " ", ",": " ", ";": " ", ":": " ", "quad": " ", "qquad": " ", "enspace": " ", "thinspace": " "}
_LINE_BREAKS = ("\\", "newline", "linebreak")
_PARAGRAPH_BREAKS = ("par", "bigskip", "medskip", "smallskip", "newpage", "clearpage", "pagebreak")
_SILENT = frozenset({"documentclass", "usepackage", "maketitle", "tableofcontents", "label", "vspace", "hspace",
                     "noindent", "centering", "raggedright", "small", "large", "Large", "normalsize", "footnotesize",
                     "setlength", "geometry", "pagestyle", "thispagestyle", "hline", "toprule", "midrule",
                     "bottomrule", "cline", "newcommand", "renewcommand", "def", "title", "author", "date",
                     "bibliographystyle", "bibliography", "addtolength", "setcounter", "today", "item"})
_CODE = frozenset({"verbatim", "verbatim*", "lstlisting", "minted", "Verbatim", "code", "python"})
_MATH = frozenset({"equation", "equation*", "align", "align*", "gather", "gather*", "multline", "multline*",
                   "eqnarray", "eqnarray*", "displaymath", "math"})
_LISTS = {"enumerate": "number", "itemize": "bullet", "description": "label", "compactenum": "number",
          "compactitem": "bullet", "questions": "number", "parts": "letter"}
_QUOTES = frozenset({"quote", "quotation", "verse"})
_SPECIALS = {"~": " ", "``": '"', "''": '"', "`": "'", "'": "'", "--": "–", "---": "—", "&": " | "}


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in EXTENSIONS:
        return 0.9
    return 0.7 if _LATEX.search(text_head) else 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    return read_converted(path, NAME, latex_to_text, hints)


def latex_to_text(source: str) -> str:
    """A LaTeX document as Markdown-like text (see the module docstring)."""
    try:
        from pylatexenc.latexwalker import LatexWalker
    except ImportError as exc:
        raise MissingDependency("reading .tex files", "latex") from exc
    nodes, _, _ = LatexWalker(source, tolerant_parsing=True).get_latex_nodes()
    writer = _Writer()
    body = writer.nodes(nodes)
    head = [f"# {writer.title}"] if writer.title else []
    if writer.author:
        head.append(f"Name: {writer.author}")
    text = "\n\n".join([*head, body]) if head else body
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


class _Writer:
    """Renders pylatexenc's nodes as text, remembering the preamble's title and author."""

    def __init__(self) -> None:
        self.title = ""
        self.author = ""

    def nodes(self, nodes: Sequence[Any] | None) -> str:
        return "".join(self.node(n) for n in nodes or ())

    def node(self, node: Any) -> str:
        kind = type(node).__name__
        if kind == "LatexCharsNode":
            return str(node.chars)
        if kind == "LatexGroupNode":
            return self.nodes(node.nodelist)
        if kind == "LatexCommentNode":
            return ""
        if kind == "LatexMathNode":
            math = str(node.latex_verbatim())
            return f"\n\n{math}\n\n" if node.displaytype == "display" else math
        if kind == "LatexSpecialsNode":
            chars = str(node.specials_chars)
            return _SPECIALS.get(chars, chars)
        if kind == "LatexMacroNode":
            return self.macro(node)
        if kind == "LatexEnvironmentNode":
            return self.environment(node)
        return str(node.latex_verbatim())

    def args(self, node: Any) -> list[Any]:
        argd = getattr(node, "nodeargd", None)
        return [a for a in (argd.argnlist if argd is not None else ()) if a is not None]

    def last_arg(self, node: Any) -> str:
        args = self.args(node)
        return self.node(args[-1]).strip() if args else ""

    def macro(self, node: Any) -> str:
        name = str(node.macroname)
        if name in ("title", "author"):
            value = " ".join(self.last_arg(node).replace("\\\\", " ").split())
            setattr(self, name, value)
            return ""
        if name in _ESCAPED:
            return name
        if name in _SPACES:
            return _SPACES[name]
        if name in _LINE_BREAKS:
            return "\n"
        if name in _PARAGRAPH_BREAKS:
            return "\n\n"
        if name in _SILENT:
            return ""
        if name in _HEADINGS:
            return f"\n\n{_HEADINGS[name]} {self.last_arg(node)}\n\n"
        if name in _RUN_INS:
            return f"\n\n**{self.last_arg(node)}** "
        if name in _STYLES:
            mark, inner = _STYLES[name], self.last_arg(node)
            return f"{mark}{inner}{mark}" if inner else ""
        if name in ("href",):
            args = self.args(node)
            return self.node(args[-1]) if args else ""
        if name in ("url", "footnote"):
            inner = self.last_arg(node)
            return f" ({inner})" if name == "footnote" and inner else inner
        if name == "includegraphics":
            return f"\n\n![figure]({self.last_arg(node)})\n\n"
        return self.nodes(self.args(node))  # an unknown macro: its arguments' words, if it took any

    def environment(self, node: Any) -> str:
        name = str(node.environmentname)
        if name in _CODE:
            return f"\n\n```\n{_verbatim_body(node).strip(chr(10))}\n```\n\n"
        if name in _MATH:
            return f"\n\n{node.latex_verbatim()}\n\n"
        if name in _LISTS:
            return self.list(node, _LISTS[name])
        if name in ("tabular", "tabular*", "tabularx", "longtable", "array"):
            return self.table(node)
        inner = self.nodes(node.nodelist)
        if name in _QUOTES:
            quoted = (f"> {line}" if line.strip() else ">" for line in inner.strip().split("\n"))
            return "\n\n" + "\n".join(quoted) + "\n\n"
        return inner

    def list(self, node: Any, style: str) -> str:
        """The items of a list, each under the marker LaTeX would print, its other lines indented under it."""
        items: list[tuple[str, list[Any]]] = []
        for child in node.nodelist or ():
            if type(child).__name__ == "LatexMacroNode" and child.macroname == "item":
                given = self.args(child)
                items.append((self.node(given[0]).strip("[] ") if given else "", []))
            elif items:
                items[-1][1].append(child)
        out = []
        for number, (label, body) in enumerate(items, start=1):
            marker = label or {"number": f"{number}.", "letter": f"({chr(96 + min(number, 26))})"}.get(style, "-")
            if style == "label" and label:
                marker = f"**{label}**"
            text = re.sub(r"\n{3,}", "\n\n", self.nodes(body).strip())
            pad = " " * (len(marker) + 1)
            lines = text.split("\n")
            rest = "".join(f"\n{pad}{line}" if line.strip() else "\n" for line in lines[1:])
            out.append(f"{marker} {lines[0]}{rest}")
        joint = "\n" if all("\n" not in item for item in out) else "\n\n"  # one-line items: a tight list, as written
        return "\n\n" + joint.join(out) + "\n\n"

    def table(self, node: Any) -> str:
        rows = [[" ".join(cell.split()) for cell in row.split(" | ")] for row in self.nodes(node.nodelist).split("\n")]
        return "\n\n" + "\n".join(f"| {' | '.join(cells)} |" for cells in rows if any(cells)) + "\n\n"


def _verbatim_body(node: Any) -> str:
    """The raw text inside a verbatim-like environment, as the student typed it."""
    raw = str(node.latex_verbatim())
    body = re.sub(r"^\\begin\{[^}]*\}(?:\[[^\]]*\])?(?:\{[^}]*\})?", "", raw)
    return re.sub(r"\\end\{[^}]*\}\s*$", "", body)
