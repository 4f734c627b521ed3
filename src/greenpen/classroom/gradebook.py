"""Gradebook exports: a plain CSV and the CSV import formats of Canvas, Moodle and Google Classroom.

    text, warnings = export(store.submissions(run_id), "canvas", points=10, title="Week 4 quiz")

Scores are the final ones (the teacher's edits win) scaled to `points`: a student's total
is `points × score`, and in the plain CSV each question is worth `points / questions`.
Rows are sorted by student name. Failed submissions get an empty grade (LMS imports leave
empty cells unchanged) and a warning. A text cell that a spreadsheet would run as a formula
(`=HYPERLINK(…)`, `+…`, `-…`, `@…`) is written with a leading `'` (see `cell`).

- plain: `student,email,total,<question id>…` (one column per question, pack order).
- canvas: Canvas's gradebook import: `Student,ID,SIS User ID,SIS Login ID,Section,<title>`
  then a `Points Possible` row; the student's Canvas user id, when the files came from a Canvas download (its file
  names carry it), goes into ID, and the e-mail into SIS Login ID, which Canvas uses to match students when the ID
  columns are empty.
- moodle: `First name,Last name,Email address,<title>`; on import map "Email address" to
  the user field "Email address" and the grade column to the grade item.
- classroom: `Email Address,First Name,Last Name,<title>`, the columns Google Classroom reads
  when you import grades from a sheet (it matches students by e-mail).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import GreenpenError
from ..store.records import StoredSubmission

Writer = Callable[..., list[list[str]]]
"""write(table, columns, *, points, title) -> the CSV's rows (cells are made formula-safe after)."""

_FORMATS: dict[str, tuple[Writer, bool]] = {}


def formats() -> dict[str, tuple[Writer, bool]]:
    """Gradebook formats by name: (writer, whether the LMS matches students by e-mail).

    Registered by plugins (`register_gradebook_formats`); greenpen's own four come first.
    """
    if not _FORMATS:
        from ..plugins import collect, on_change

        for name, write, *rest in collect("register_gradebook_formats"):
            _FORMATS[name] = (write, bool(rest[0]) if rest else True)
        on_change(_FORMATS.clear)
    return _FORMATS


@dataclass(frozen=True)
class GradebookRow:
    student: str
    email: str
    total: float | None
    """None for a submission that could not be graded."""
    questions: dict[str, float]
    lms_id: str = ""
    """The student's id in the LMS the file came from (Canvas's user id): its gradebook import matches by it."""


def rows(
    submissions: Sequence[StoredSubmission], *, points: float = 100.0, released_only: bool = False
) -> tuple[list[GradebookRow], list[str]]:
    """The gradebook rows and the question ids (columns), scaled to `points`."""
    if points <= 0:
        raise GreenpenError(f"--points must be more than 0 (got {points:g}) — e.g. --points 100")
    subs = sorted(
        (s for s in submissions if s.released or not released_only),
        key=lambda s: (not s.student, s.student.casefold(), s.source),
    )
    columns: list[str] = []
    for s in subs:
        for a in s.answers:
            if a.question_id not in columns:
                columns.append(a.question_id)
    each = points / len(columns) if columns else 0.0
    out = []
    for s in subs:
        graded = s.status == "graded"
        out.append(
            GradebookRow(
                student=s.student or s.source,
                email=s.email,
                total=round(points * s.score, 2) if graded else None,
                questions={a.question_id: round(each * a.score, 2) for a in s.answers} if graded else {},
                lms_id=s.lms_id,
            )
        )
    return out, columns


def export(
    submissions: Sequence[StoredSubmission],
    fmt: str,
    *,
    points: float = 100.0,
    title: str = "greenpen",
    released_only: bool = False,
) -> tuple[str, list[str]]:
    """The CSV text in format `fmt` and a list of warnings for the teacher."""
    known = formats()
    if fmt not in known:
        raise GreenpenError(f'unknown gradebook format "{fmt}" — use one of: {", ".join(known)}')
    write, by_email = known[fmt]
    table, columns = rows(submissions, points=points, released_only=released_only)
    warnings = []
    failed = [r.student for r in table if r.total is None]
    if failed:
        warnings.append(
            f"{len(failed)} submission(s) could not be graded and have no grade: {', '.join(failed)} "
            "— fix them and grade the run again"
        )
    if by_email:
        nameless = [r.student for r in table if not r.email and not (fmt in ("canvas", "moodle") and r.lms_id)]
        if nameless:
            warnings.append(
                f"{len(nameless)} student(s) have no e-mail, so {fmt} cannot match them: "
                f"{', '.join(nameless)} — type their e-mail into the exported file before importing it (greenpen "
                "takes it from a class file's e-mail column, or from an \"Email:\" line in the student's file)"
            )
    if released_only and not table:
        warnings.append(
            "no submission is released yet — release them in the review app, or drop --released-only"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in write(table, columns, points=points, title=title):
        writer.writerow([cell(value) for value in row])  # every cell, whoever wrote the format
    return buffer.getvalue(), warnings


def write_plain(
    table: Sequence[GradebookRow], columns: Sequence[str], *, points: float, title: str
) -> list[list[str]]:
    out = [["student", "email", "total", *columns]]
    out += [[r.student, r.email, _num(r.total), *(_num(r.questions.get(c)) for c in columns)] for r in table]
    return out


def write_canvas(
    table: Sequence[GradebookRow], columns: Sequence[str], *, points: float, title: str
) -> list[list[str]]:
    out = [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", title],
        ["Points Possible", "", "", "", "", _num(points)],
    ]
    for r in table:
        first, last = split_name(r.student)
        out.append([f"{last}, {first}" if last else first, r.lms_id, "", r.email, "", _num(r.total)])
    return out


def write_moodle(
    table: Sequence[GradebookRow], columns: Sequence[str], *, points: float, title: str
) -> list[list[str]]:
    """Moodle's grade import (matched by e-mail); or, when the files came from Moodle's "Download all submissions"
    (its participant ids kept), the assignment's grading worksheet, which Moodle matches by "Identifier"."""
    if table and all(r.lms_id for r in table):
        return [["Identifier", "Full name", "Email address", "Grade", "Maximum grade"]] + [
            [f"Participant {r.lms_id}", r.student, r.email, _num(r.total), _num(points)] for r in table
        ]
    return [["First name", "Last name", "Email address", title]] + [
        [*split_name(r.student), r.email, _num(r.total)] for r in table
    ]


def write_classroom(
    table: Sequence[GradebookRow], columns: Sequence[str], *, points: float, title: str
) -> list[list[str]]:
    return [["Email Address", "First Name", "Last Name", title]] + [
        [r.email, *split_name(r.student), _num(r.total)] for r in table
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(text: str) -> str:
    """A text cell a spreadsheet will not run: one starting like a formula (`=HYPERLINK(…)`, `+`, `-`,
    `@`, a tab) gets a leading `'`, as OWASP advises for CSV injection."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def split_name(name: str) -> tuple[str, str]:
    """("Ana Paula", "Souza") from "Ana Paula Souza"; a one-word name is all first name."""
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), ""
    return " ".join(parts[:-1]), parts[-1]


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def read_plain(text: str) -> list[dict[str, str]]:
    """Parse a plain export back (tests check that export → read gives what is stored)."""
    return list(csv.DictReader(io.StringIO(text)))
