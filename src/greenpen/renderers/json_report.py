"""The JSON report: DESIGN.md's contract `greenpen.report/1`. Keys in a fixed order."""

from __future__ import annotations

import json
from typing import Any

from ..domain import Report

NAME = "json"
SUFFIX = ".json"


def to_dict(report: Report) -> dict[str, Any]:
    return {
        "schema": report.schema,
        "source": report.source,
        "student": report.student,
        "format": report.format,
        "pack": report.pack,
        "score": report.score,
        "questions": [
            {
                "id": q.id, "number": q.number, "question": q.question, "answer": q.answer,
                "verdict": q.verdict, "score": q.score, "confidence": q.confidence,
                "findings": [f.to_json() for f in q.findings], "feedback": q.feedback,
                **({"note": q.note} if q.note else {}),
                **({} if q.in_file else {"in_file": False}),
            }
            for q in report.questions
        ],
        "unaligned": list(report.unaligned),
        "overall": {"strengths": list(report.overall.strengths), "improve": list(report.overall.improve),
                    "text": report.overall.text},
        "notes": list(report.notes),
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
