"""Fuzz every reader with mutated files (issue 16): only greenpen's one-line errors, no hang.

Valid seed files of every format (and an LMS zip) are mutated byte-wise: flips, cuts,
insertions, duplicated slices, truncation. Each mutant is read with detection and with one
reader forced. Bounded: a fixed number of examples per seed and a per-file time limit.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenpen.errors import GreenpenError
from greenpen.readers import formats, limits, read_file
from tests.hostile_files import GOOD, GOOD_MD, zip_of

pytest.importorskip("docx")
pytest.importorskip("pypdf")

pytestmark = pytest.mark.slow

SEEDS = {name: make() for name, make in GOOD.items()}
SEEDS["moodle.zip"] = zip_of({
    "Ana Souza_1_assignsubmission_file_/a.md": GOOD_MD.encode(),
    "Ben Lima_2_assignsubmission_file_/b.ipynb": GOOD["cai.ipynb"](),
    "Cai Dias_3_assignsubmission_file_/c.docx": GOOD["eve.docx"](),
})

_op = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=32)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 200)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
)


def mutate(data: bytes, ops: list[tuple[str, float, object]]) -> bytes:
    out = bytearray(data)
    for kind, where, arg in ops:
        at = int(where * max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= int(arg) or 1  # type: ignore[call-overload]
        elif kind == "cut":
            del out[at: at + int(arg)]  # type: ignore[call-overload]
        elif kind == "insert":
            out[at:at] = arg  # type: ignore[index]
        elif kind == "repeat":
            out[at:at] = out[at: at + int(arg)] * 3  # type: ignore[call-overload]
        elif kind == "truncate":
            del out[at:]
    return bytes(out)


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "READ_SECONDS", 10.0)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_mutated_files_give_only_greenpen_errors(seed: str) -> None:
    @settings(max_examples=120, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(ops=st.lists(_op, min_size=1, max_size=6), forced=st.sampled_from([None, *formats()]))
    def check(ops: list[tuple[str, float, object]], forced: str | None) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / seed
            path.write_bytes(mutate(SEEDS[seed], ops))
            try:
                submissions = read_file(path, format=forced)
            except GreenpenError as exc:
                message = str(exc)
                assert "\n" not in message.strip(), message
                assert "Traceback" not in message
                return
            for sub in submissions:
                assert sub.source.startswith(seed)

    check()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["cells", "cell_type", "source", "input", "worksheets", "outputs", "markdown", "code"]),
        inner, max_size=4),
    max_leaves=20,
)
_cell = st.fixed_dictionaries(
    {"cell_type": st.sampled_from(["markdown", "code", "raw", "heading", 3, None]), "source": _json})


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_json | st.builds(lambda cells: {"cells": cells}, st.lists(_cell, max_size=6))
       | st.builds(lambda ws: {"nbformat": 3, "worksheets": ws}, st.lists(_json, max_size=3)))
def test_the_notebook_reader_itself_takes_any_json(document: object) -> None:
    """Called directly (not through `read_file`'s safety net): the reader raises only greenpen errors."""
    import json

    from greenpen.readers import notebook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.ipynb"
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            notebook.read(path, ["What is a rank-3 tensor?"])
        except GreenpenError:
            pass


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet='ab,;\t"\n\r x?*\x00', max_size=300))
def test_the_csv_reader_itself_takes_any_text(text: str) -> None:
    from greenpen.readers import csv_export

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(text, encoding="utf-8")
        try:
            csv_export.read(path, [])
        except GreenpenError:
            pass


def test_grade_a_folder_of_mutated_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`greenpen grade` on 80 mutants: every file is graded or fails with one line; exit 2; no traceback."""
    import random
    import re

    from click.testing import CliRunner

    from greenpen.classroom import batch
    from greenpen.cli import cli
    from tests import class_fixtures

    monkeypatch.setattr(batch, "grade_default", class_fixtures.fake_grade)
    monkeypatch.setattr(batch, "warm_models", class_fixtures.no_warm)
    rng = random.Random(16)
    folder = tmp_path / "class"
    folder.mkdir()
    for i in range(80):
        seed = rng.choice(sorted(SEEDS))
        ops: list[tuple[str, float, object]] = []
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(["flip", "cut", "insert", "repeat", "truncate"])
            arg = bytes(rng.randrange(256) for _ in range(8)) if kind == "insert" else rng.randrange(1, 256)
            ops.append((kind, rng.random(), arg))
        (folder / f"{i:02d}-{seed}").write_bytes(mutate(SEEDS[seed], ops))
    for name, data in list(SEEDS.items())[:3]:
        (folder / f"good-{name}").write_bytes(data)
    result = CliRunner().invoke(cli, ["grade", str(folder), "--db", str(tmp_path / "g.db"),
                                      "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    total = int(re.search(r"Graded (\d+) of (\d+) submissions", result.stdout).group(2))
    graded = int(re.search(r"Graded (\d+) of", result.stdout).group(1))
    failed = result.stderr.split("Failed (", 1)[1].splitlines()[1:] if "Failed (" in result.stderr else []
    assert graded + len(failed) == total
    assert all(line.startswith("  ") and " — " in line for line in failed), failed
    for name in list(SEEDS)[:3]:
        assert f"good-{name}" in result.stdout
