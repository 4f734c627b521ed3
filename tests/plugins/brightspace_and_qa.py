"""A third-party style plugin, written only against greenpen's documented hooks: a reader for
`.qa` files (`Q3> question` / `A> answer` lines, as some quiz tools export) and a Brightspace
(D2L) gradebook format."""

from __future__ import annotations

import re
from pathlib import Path

from greenpen.domain import RawAnswer, Submission
from greenpen.plugins import hookimpl


class QAReader:
    NAME = "qa-export"
    EXTENSIONS = (".qa",)

    def accepts(self, path: Path, text_head: str) -> float:
        return 0.9 if path.suffix == ".qa" or text_head.startswith("Q1>") else 0.0

    def read(self, path: Path, hints) -> list[Submission]:
        items, label, number = [], "", None
        for line in path.read_text(encoding="utf-8").splitlines():
            question = re.match(r"Q(\d+)>\s*(.*)", line)
            if question:
                number, label = int(question.group(1)), question.group(2)
            elif line.startswith("A>"):
                items.append(RawAnswer(label, line[2:].strip(), line[2:].strip(), number))
        return [Submission(path.name, self.NAME, tuple(items))]


def write_brightspace(table, columns, *, points, title):
    rows = [["Username", f"{title} Points Grade", "End-of-Line Indicator"]]
    return rows + [[r.email.split("@")[0], "" if r.total is None else f"{r.total:g}", "#"] for r in table]


@hookimpl
def register_readers(register):
    register(QAReader(), before="chat")


@hookimpl
def register_gradebook_formats(register):
    register("brightspace", write_brightspace, True)
