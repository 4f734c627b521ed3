"""Compare greenpen's verdicts with an independent teacher's (tests/acceptance/expected.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ACCEPTANCE = Path(__file__).parent / "acceptance"


@dataclass(frozen=True)
class Comparison:
    file: str
    student: str
    number: int
    expected: str
    got: str
    why: str


def expected_entries() -> list[dict[str, Any]]:
    return yaml.safe_load((ACCEPTANCE / "expected.yaml").read_text(encoding="utf-8"))


def compare_all(run_code: bool = True) -> list[Comparison]:
    from greenpen.pipeline import Options, grade_file

    out: list[Comparison] = []
    for entry in expected_entries():
        path = ACCEPTANCE / "submissions" / entry["file"]
        reports = grade_file(path, Options(pack=entry["pack"], run_code=run_code))
        rows = entry.get("rows") or [{"student": entry.get("student", ""), "answers": entry["answers"]}]
        for row in rows:
            report = _pick(reports, row.get("student", ""))
            by_number = {q.number: q for q in report.questions}
            for number, exp in row["answers"].items():
                got = by_number[int(number)].verdict
                out.append(Comparison(entry["file"], row.get("student", ""), int(number), exp["verdict"], got,
                                      exp.get("why", "")))
    return out


def _pick(reports: list[Any], student: str) -> Any:
    if len(reports) == 1 or not student:
        return reports[0]
    for r in reports:
        if r.student.strip().lower() == student.strip().lower():
            return r
    raise AssertionError(f"no report for student {student!r} among {[r.student for r in reports]}")
