"""A small class stored through `Store` from hand-made reports, for the review app's tests."""

from __future__ import annotations

from pathlib import Path

from greenpen.domain import Finding
from greenpen.store.db import Store

from .class_fixtures import MATMUL_FINDING, make_report, qreport

RANK3_POINT = Finding("key_point", "three-axes", "three dimensions", "names the three axes", 1.0)
EVIL = '<script>alert("pwned")</script><b>bold</b> & element-wise multiplication'


def build_class_db(path: Path) -> dict[str, int]:
    """Four students and one failed file in run "week4"; returns the ids the tests need."""
    store = Store.open(path)
    run = store.create_run("week4", "fake")
    ids: dict[str, int] = {"run": run}
    students = {
        "dana": (
            "Dana K.",
            [
                qreport(
                    "rank-3",
                    "correct",
                    1.0,
                    "A tensor with three dimensions, like a cube.",
                    0.95,
                    (RANK3_POINT,),
                    "Good: you name the three dimensions.",
                ),
                qreport("broadcasting", "partial", 0.5, "It stretches the smaller tensor somehow.", 0.45),
                qreport(
                    "matmul-operator",
                    "incorrect",
                    0.0,
                    "It is element-wise multiplication of arrays.",
                    0.8,
                    (MATMUL_FINDING,),
                    "@ is matrix multiplication; element-wise is *.",
                ),
            ],
        ),
        "ana": (
            "Ana Souza",
            [
                qreport("rank-3", "correct", 1.0, "Three dimensions of numbers.", 0.9, (RANK3_POINT,)),
                qreport(
                    "broadcasting",
                    "correct",
                    1.0,
                    "Expanding the smaller tensor to match the bigger one.",
                    0.9,
                ),
                qreport(
                    "matmul-operator",
                    "incorrect",
                    0.0,
                    "element-wise multiplication of two arrays",
                    0.8,
                    (MATMUL_FINDING,),
                    "@ is matrix multiplication; element-wise is *.",
                ),
            ],
        ),
        "bo": (
            "Bo <i>Evil</i>",
            [
                qreport("rank-3", "partial", 0.5, "A list of lists.", 0.55),
                qreport("broadcasting", "missing", 0.0, "", 1.0, (Finding("empty"),)),
                qreport(
                    "matmul-operator",
                    "incorrect",
                    0.0,
                    EVIL,
                    0.8,
                    (MATMUL_FINDING,),
                    "@ is matrix multiplication; element-wise is *.",
                ),
            ],
        ),
        "cy": (
            "Cy Lee",
            [
                qreport(
                    "rank-3", "correct", 1.0, "A cube of numbers: three dimensions.", 0.9, (RANK3_POINT,)
                ),
                qreport(
                    "broadcasting", "correct", 1.0, "Expanding the smaller tensor without copying.", 0.92
                ),
                qreport("matmul-operator", "correct", 1.0, "Matrix multiplication, like torch.matmul.", 0.9),
            ],
        ),
    }
    for key, (name, questions) in students.items():
        ids[key] = store.save_graded(run, None, make_report(name, f"{key}.md", questions))
    ids["broken"] = store.save_failed(run, "broken.md", "the file is empty — add the answers and grade again")
    store.close()
    return ids


def answer_id(path: Path, submission_id: int, question_id: str) -> int:
    store = Store.open(path)
    try:
        return next(a.id for a in store.submission(submission_id).answers if a.question_id == question_id)
    finally:
        store.close()
