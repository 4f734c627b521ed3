"""Google Forms / Sheets CSV exports: one row per student, one column per question.

Columns named like a timestamp, a name, an e-mail or a score are metadata (headers in English,
Portuguese, French, Spanish and German: `lang.py`'s tables); `… [Score]` / `… [Feedback]` columns of quiz exports go to
`Submission.extra`; every other column is a question, its header the label. A two-column
`Question,Answer` file is read as one student's answers instead, and a sheet with one row per question and one
column per student (`Question,Ana Lima,Ben Carter`) as one submission per column (`file.csv#Ana Lima`).

Each row becomes one `Submission` with source `file.csv#row<N>`, N the spreadsheet row
(the header is row 1). A malformed row (wrong number of cells) does not stop the file: it
becomes a `Submission` with no items whose `extra` says what is wrong and what to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import lang
from ..domain import Submission
from ..errors import TooLarge, UnsupportedFormat
from . import limits
from .base import Parsed, clean_name, make_answer, read_text
from .limits import MAX_CELL_CHARS, MAX_CSV_CELLS
from .markdown import BARE_NUMBER, split_number

NAME = "csv"
EXTENSIONS: tuple[str, ...] = (".csv", ".tsv")


def _header(table: Mapping[str, Sequence[str]]) -> re.Pattern[str]:
    """A header that is one of `table`'s words, whole."""
    return re.compile(r"^(" + lang.patterns(table) + r")$")


TIMESTAMP = _header(lang.TIMESTAMP_HEADERS)
FULL_NAME = _header(lang.NAME_HEADERS)
FIRST_NAME = _header(lang.FIRST_NAME_HEADERS)
LAST_NAME = _header(lang.LAST_NAME_HEADERS)
EMAIL = _header(lang.EMAIL_HEADERS)
SCORE = _header(lang.SCORE_HEADERS)
RECORD = _header(lang.RECORD_HEADERS)
POINTS_POSSIBLE = re.compile(r"^\d{1,3}(?:[.,]\d+)?$")
"""A header that is only a number: Canvas's points-possible column after each question's."""
ITEM_ID = re.compile(r"^\d{4,}:\s+")
"""An LMS's own id before a question's header ("482913: What is a GPU?"), not its number."""
PER_QUESTION_META = re.compile(r"\[(" + lang.patterns(lang.PER_QUESTION_META) + r")\]\s*$", re.IGNORECASE)
QUESTION_HEADER = _header(lang.QUESTION_HEADERS)
ANSWER_HEADER = _header(lang.ANSWER_HEADERS)
NUMBER_HEADER = _header(lang.NUMBER_HEADERS)
REQUIRED_MARK = re.compile(r"\s\\?\*\s*$")


HEADER_NOTE = re.compile(r"\s*\([^)]*\)\s*|\s*\[[^\]]*\]\s*")
HEADER_OWNER = re.compile(r"^(?:" + lang.patterns(lang.HEADER_OWNER_WORDS) + r")\s+(?=\S)")


def _key(header: str) -> str:
    return " ".join(header.strip().casefold().split())


def _meta_key(header: str) -> str:
    """A header as metadata words are matched against it: without a form's decorations (the
    required mark `*`, a trailing `:` or `?`, notes in brackets, "your"), so "Your full name
    (as on the register) *" is the name column."""
    key = _key(REQUIRED_MARK.sub("", header))
    key = HEADER_NOTE.sub(" ", key).strip().rstrip(":?").strip()
    return HEADER_OWNER.sub("", key)


def _delimiter(text: str) -> str:
    """The delimiter used most in the header line (Sheets in some locales exports `;`)."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


class BadRow(list[str]):
    """A row the CSV parser could not read; `reason` says why (it is reported, the others go on)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def _rows(text: str) -> list[list[str]]:
    """All rows, blank ones included (so row numbers match the spreadsheet); an unreadable row is a `BadRow`."""
    rows: list[list[str]] = []
    cells = 0
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field larger" in str(exc):
                    reason = f"a cell is longer than {MAX_CELL_CHARS:,} characters"
                else:
                    reason = f"it cannot be parsed ({exc})"
                rows.append(BadRow(reason))
                continue
            cells += len(row)
            if sum(map(len, row)) > limits.MAX_TEXT_CHARS:
                rows.append(BadRow(f"it holds more than {limits.MAX_TEXT_CHARS:,} characters"))
                continue
            if cells > MAX_CSV_CELLS:
                raise TooLarge(
                    f"the CSV has more than {MAX_CSV_CELLS:,} cells, over greenpen's limit for one file — "
                    "split the class into several files"
                )
            rows.append(row)
    finally:
        csv.field_size_limit(previous)
    return rows


def _blank(row: list[str]) -> bool:
    return not isinstance(row, BadRow) and not any(cell.strip() for cell in row)


def _question_answer_columns(header: Sequence[str]) -> tuple[int, int, int | None] | None:
    """The question, answer and (optional) number columns of one student's question/answer table: a
    `Question,Answer` file, or `No\tQuestion\tMy answer` as a sheet saved as text numbers its rows."""
    keys = [_meta_key(h) for h in header]
    ask = [i for i, k in enumerate(keys) if QUESTION_HEADER.match(k)]
    answer = [i for i, k in enumerate(keys) if ANSWER_HEADER.match(k)]
    number = [i for i, k in enumerate(keys) if NUMBER_HEADER.match(k)]
    if len(ask) != 1 or len(answer) != 1 or len(number) > 1 or ask[0] > answer[0]:
        return None
    known = {ask[0], answer[0], *number}
    if any(k for i, k in enumerate(keys) if i not in known and i < answer[0]):
        return None  # another column before the answer (a student's name, a score): not one student's table
    return ask[0], answer[0], number[0] if number else None


def _question_answer_table(path: Path, rows: list[list[str]], columns: tuple[int, int, int | None]) -> list[Submission]:
    ask, answer_at, number_at = columns
    parsed = Parsed()
    for row in rows[1:]:
        if _blank(row):
            continue
        cells = row + [""] * (len(rows[0]) + 1 - len(row))
        number, clean = split_number(cells[ask])
        if number_at is not None and (own := re.match(r"\s*[Qq]?(\d{1,3})\W*$", cells[number_at])):
            # The number column numbers the row; a number the question cell opens with may be its first word
            # ("7 steps of SGD")
            if number != int(own.group(1)):
                number, clean = int(own.group(1)), cells[ask].strip()
        parsed.items.append(make_answer(clean, cells[answer_at].split("\n"), number=number))
        rest = [cell for i, cell in enumerate(row) if i > answer_at]
        if any(cell.strip() for cell in rest):
            parsed.extra.append(" | ".join(rest))
    return [parsed.submission(clean_name(path.name), NAME)]


def _asks(cell: str) -> bool:
    from ..line_shapes import line_shape

    shape = line_shape(cell.strip().split("\n")[0])
    return shape.asks or shape.number is not None


_ITEM_NUMBER = re.compile(r"^\s*(?:[Qq]\.?\s*)?\d{1,3}[.)]?\s*$")
"""A cell of a sheet's number column ("3", "Q3", "3.")."""


def _question_column(rows: list[list[str]]) -> int | None:
    """The column of questions of a sheet with one row per question and one column per student, or None: the first
    column holds the questions ("Q1. What is…?") under a "Question" header (or none), or the second does after a
    column of their numbers ("#", "No."); the other headers are no questions (the students' names)."""
    header = rows[0]
    data = [row for row in rows[1:] if not isinstance(row, BadRow) and not _blank(row)]
    if not data:
        return None
    numbered = all(_ITEM_NUMBER.match(row[0]) or not row[0].strip() for row in data) and any(
        row[0].strip() for row in data)
    col = 1 if numbered and len(header) > 1 else 0
    if len(header) < col + 3 or not (QUESTION_HEADER.match(_key(header[col])) or not header[col].strip()):
        return None
    names = [h for h in header[col + 1:] if h.strip()]
    asked = sum(len(row) > col and _asks(row[col]) for row in data) >= 0.6 * len(data)
    return col if asked and not any(_asks(h) for h in names) else None


def _by_column(path: Path, rows: list[list[str]], col: int) -> list[Submission]:
    """One Submission per student column of a transposed sheet (source `file.csv#<the column's header>`); the
    questions are in column `col`, their numbers in the column before it if there is one."""
    name = clean_name(path.name)
    out = []
    for j, student in enumerate(rows[0][col + 1:], start=col + 1):
        parsed = Parsed(student=student.strip())
        for row in rows[1:]:
            if isinstance(row, BadRow) or _blank(row):
                continue
            number, label = split_number(row[col].strip() if col < len(row) else "")
            if col and number is None and (own := re.sub(r"\D", "", row[0])):
                number = int(own)
            parsed.items.append(make_answer(label, (row[j] if j < len(row) else "").split("\n"), number=number))
        out.append(parsed.submission(f"{name}#{student.strip() or f'column{j + 1}'}", NAME))
    return out


TITLE_ROWS = 4
"""Most rows a sheet's title may take above its header row (a title, a blank row, a note)."""


def _title_rows(rows: list[list[str]]) -> int:
    """How many rows above the header hold a title of the sheet ("Chapter 9 – collected answers (week 10)" in its
    first cell, a blank row): the header is the first row that names two columns or more."""
    for k, row in enumerate(rows[:TITLE_ROWS + 1]):
        if isinstance(row, BadRow):
            return 0
        if sum(bool(cell.strip()) for cell in row) >= 2:
            return k
    return 0


def parse_rows(path: Path, rows: list[list[str]]) -> list[Submission]:
    """One Submission per data row of a class export (per column of a sheet with one row per question); a title
    above the header row is kept beside each row's answers."""
    top = _title_rows(rows)
    title = " ".join(cell.strip() for row in rows[:top] for cell in row if cell.strip())
    rows = rows[top:]
    header = [_key(h) for h in rows[0]]
    if columns := _question_answer_columns(rows[0]):
        return _question_answer_table(path, rows, columns)
    if (col := _question_column(rows)) is not None:
        return _by_column(path, rows, col)
    keys = [_meta_key(h) for h in rows[0]]
    meta = {
        i
        for i, h in enumerate(keys)
        if any(p.match(h) for p in (TIMESTAMP, FULL_NAME, FIRST_NAME, LAST_NAME, EMAIL, SCORE, RECORD))
    }
    side = {i for i, h in enumerate(header) if PER_QUESTION_META.search(h) or (i and POINTS_POSSIBLE.match(h))}
    questions = [i for i in range(len(header)) if i not in meta and i not in side and header[i]]
    if not questions:
        raise UnsupportedFormat(
            f"{clean_name(path.name)}: no question columns in this CSV (only {', '.join(rows[0])}) — "
            "export the form responses with one column per question"
        )

    def column(pattern: re.Pattern[str], row: list[str]) -> str:
        """The first filled cell of the columns of this kind (Forms' own "Email Address" may be
        empty beside the teacher's "Your e-mail" question)."""
        return next((row[i].strip() for i, h in enumerate(keys) if pattern.match(h) and i < len(row)
                     and row[i].strip()), "")

    out: list[Submission] = []
    for n, row in enumerate(rows[1:], start=2 + top):
        source = f"{clean_name(path.name)}#row{n}"
        if isinstance(row, BadRow):
            problem = (
                f"{source}: this row was not read because {row.reason} — check it for a stray quote, "
                "shorten the cell, and export again"
            )
            out.append(Submission(source=source, format=NAME, items=(), extra=(problem,)))
            continue
        if _blank(row):
            continue
        if len(row) != len(header):
            problem = (
                f"{source}: this row has {len(row)} cells but the header has {len(header)}, so it was not "
                "read — check it for a stray delimiter or quote and export again"
            )
            out.append(Submission(source=source, format=NAME, items=(), extra=(problem,)))
            continue
        student = _student(column(FULL_NAME, row), column(FIRST_NAME, row), column(LAST_NAME, row))
        parsed = Parsed(student=student, email=column(EMAIL, row), extra=[title] if title else [])
        for i in questions:
            number, label = _numbered_header(rows[0][i])
            parsed.items.append(make_answer(label, row[i].split("\n"), number=number))
        for i in sorted(meta | side):
            if row[i].strip() and not FULL_NAME.match(keys[i]):  # the e-mail too: it tells two students apart
                parsed.extra.append(f"{_side_header(rows[0], i)}: {row[i].strip()}")
        out.append(parsed.submission(source, NAME))
    return out


def _numbered_header(header: str) -> tuple[int | None, str]:
    """A question column's number and label: "3. What is…?" → (3, "What is…?"), and a header that is only the
    question's number ("Q3", "Question 3", "#3", a teacher's own sheet) → (3, "")."""
    text = REQUIRED_MARK.sub("", ITEM_ID.sub("", header.strip()))
    bare = BARE_NUMBER.match(text.strip())
    if bare and not text.strip().isdigit():
        return int(bare.group(1)), ""
    return split_number(text)


def _student(full: str, first: str, last: str) -> str:
    """The student's name from the name columns: the full name, unless the form also asks for a
    first or last name that it does not hold; then a bare "Nom" / "Nombre" / "Name" beside
    "Prénom" / "Vorname" is the last name, and beside "Apellidos" the first name."""
    if not (first or last) or all(part.casefold() in full.casefold() for part in (first, last) if part):
        return full
    return " ".join(part for part in (first or (full if last else ""), last or (full if first else "")) if part)


def _side_header(header: Sequence[str], i: int) -> str:
    """How a metadata cell is shown: its header, or for a points column, the question's."""
    if i and POINTS_POSSIBLE.match(header[i].strip()):
        return f"{ITEM_ID.sub('', header[i - 1].strip())} [points out of {header[i].strip()}]"
    return header[i].strip()


def score_text(text: str) -> float:
    """How much `text` looks like a CSV export (0..1)."""
    lines = [line for line in text.split("\n")[:5] if line.strip()]
    if len(lines) < 2:
        return 0.0
    delimiter = _delimiter(text)
    try:
        header = next(csv.reader(io.StringIO(lines[0]), delimiter=delimiter))
        second = next(csv.reader(io.StringIO(lines[1]), delimiter=delimiter))
    except (csv.Error, StopIteration):
        return 0.0
    return 0.5 if len(header) >= 3 and len(second) == len(header) else 0.0


def accepts(path: Path, text_head: str) -> float:
    if path.suffix.lower() in EXTENSIONS:
        return 0.95
    return score_text(text_head)


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    try:
        rows = _rows(read_text(path, one_submission=False))
    except TooLarge as exc:
        raise TooLarge(f"{clean_name(path.name)}: {exc}") from None
    if rows and isinstance(rows[0], BadRow):
        raise UnsupportedFormat(
            f"{clean_name(path.name)}: the CSV's header row cannot be read because {rows[0].reason} — "
            "export the responses again"
        )
    while rows and _blank(rows[0]):
        rows.pop(0)
    if len([row for row in rows if not _blank(row)]) < 2:
        raise UnsupportedFormat(
            f"{clean_name(path.name)}: the CSV has a header but no answers — export it again with responses"
        )
    return parse_rows(path, rows)
