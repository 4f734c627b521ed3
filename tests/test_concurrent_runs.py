"""Two `greenpen grade` processes into the same run and store at once: both finish, nothing is lost
or duplicated (issue 16, defect 5: one died with "database is locked" or "is not a greenpen database")."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("sqlite_utils")

ROOT = Path(__file__).resolve().parents[1]
GRADE_WITH_FAKE_MODELS = """
import sys
from tests import class_fixtures
from greenpen.classroom import batch
batch.grade_default = class_fixtures.fake_grade
batch.warm_models = class_fixtures.no_warm
from greenpen.cli import cli
cli(sys.argv[1:], prog_name="greenpen")
"""


def _class_csv(path: Path, students: int) -> Path:
    rows = ["Name,What is a rank-3 tensor?,What is broadcasting?,What does the @ operator do?"]
    rows += [f"Student {i},a tensor with three axes,stretching,matrix multiplication" for i in range(students)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _start(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    return subprocess.Popen(
        [sys.executable, "-c", GRADE_WITH_FAKE_MODELS, *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.parametrize("fresh", [True, False], ids=["new-store", "existing-store"])
def test_two_grade_processes_into_one_run_both_finish(tmp_path: Path, fresh: bool) -> None:
    db = tmp_path / "g.db"
    if not fresh:
        from greenpen.store.db import Store

        Store.open(db).close()
    a = _class_csv(tmp_path / "a.csv", 40)
    b = _class_csv(tmp_path / "b.csv", 40)
    common = ["--db", str(db), "--run", "week4", "--workers", "1", "--format", "json"]
    first = _start(["grade", str(a), "--out", str(tmp_path / "out-a"), *common])
    second = _start(["grade", str(b), "--out", str(tmp_path / "out-b"), *common])
    results = [p.communicate(timeout=240) for p in (first, second)]
    for process, (_, err) in zip((first, second), results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM submissions ORDER BY source")]
        runs = conn.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert runs == 1
    assert len(sources) == len(set(sources)) == 80


def test_a_store_held_too_long_says_so_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.errors import StoreError
    from greenpen.store import db as store_db

    path = tmp_path / "g.db"
    store_db.Store.open(path).close()
    monkeypatch.setattr(store_db, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store = store_db.Store.open(path)
            store.ensure_run("week4")
    finally:
        holder.rollback()
        holder.close()
    message = str(caught.value)
    assert "is busy: another greenpen process has been writing to it" in message
    assert "wait for it to finish" in message
    assert "not a greenpen database" not in message


def test_the_review_app_reads_while_a_grader_writes(tmp_path: Path) -> None:
    """Write-ahead logging: a reader never waits for a writer (the review app stalled for 31 s in a regrade)."""
    import time

    from greenpen.store.db import Store

    path = tmp_path / "g.db"
    writer = Store.open(path)
    writer.create_run("week4")
    reader = Store.open(path)
    writer.db.conn.execute("BEGIN EXCLUSIVE")
    writer.db.conn.execute("UPDATE runs SET pack = 'x'")
    try:
        started = time.perf_counter()
        assert [r.name for r in reader.runs()] == ["week4"]
        assert time.perf_counter() - started < 1
    finally:
        writer.db.conn.execute("ROLLBACK")
