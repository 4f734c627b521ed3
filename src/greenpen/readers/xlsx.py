"""Excel workbooks (.xlsx): a Google Forms or Microsoft Forms export saved as Excel, a teacher's sheet; read with
openpyxl (the `xlsx` extra).

The first worksheet's rows are read as a CSV export's (`csv_export.py`): one submission per student row (or per
student column in a sheet with one row per question), the form's own columns (timestamp, e-mail, name) recognised
and never graded. A date cell is written as ISO text, a number as written, a line break inside a cell kept.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..domain import Submission
from ..errors import MissingDependency, UnsupportedFormat
from .base import clean_name, opening
from .csv_export import parse_rows
from .limits import MAX_CSV_CELLS, check_zip, too_many

NAME = "xlsx"
EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm")
BINARY = True


def accepts(path: Path, text_head: str) -> float:
    try:
        with zipfile.ZipFile(path) as archive:
            return 1.0 if "xl/workbook.xml" in archive.namelist() else 0.0
    except Exception:  # noqa: BLE001 - not a zip: not a workbook
        return 0.0


def read(path: Path, hints: Sequence[str]) -> list[Submission]:
    try:
        import openpyxl
    except ImportError as exc:
        raise MissingDependency("reading .xlsx files", "xlsx") from exc
    name = clean_name(path.name)
    with opening(name, "Excel file", "open it and save it again, or export the sheet as CSV"):
        with zipfile.ZipFile(path) as archive:
            check_zip(archive, name, xml_limit=True)
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows: list[list[str]] = []
        cells = 0
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += len(row)
            if cells > MAX_CSV_CELLS:
                raise too_many(name, cells, "cells", MAX_CSV_CELLS, "split the workbook")
            rows.append([_cell(value) for value in row])
        book.close()
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    while rows and rows[-1] and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if len(rows) < 2:
        raise UnsupportedFormat(f"{name}: the first sheet holds no answers under its header — export the responses "
                                "again, or save the sheet as CSV")
    width = max(len(row) for row in rows)
    return parse_rows(path, [row + [""] * (width - len(row)) for row in rows])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n")
