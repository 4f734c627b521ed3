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
