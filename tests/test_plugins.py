"""Plugins: a third-party style reader and gradebook format, added without touching greenpen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from greenpen import plugins
from greenpen.align import align
from greenpen.classroom.gradebook import export
from greenpen.cli import cli
from greenpen.packs import get_pack
from greenpen.readers import detect_format, read_file
from greenpen.store.records import StoredSubmission
from tests.plugins import brightspace_and_qa


@pytest.fixture
def plugin():
    plugins.register_plugin(brightspace_and_qa, name="brightspace-and-qa")
    yield brightspace_and_qa
    plugins.unregister_plugin(brightspace_and_qa)


def test_a_plugin_reader_reads_its_format_and_its_answers_are_graded(plugin, tmp_path: Path) -> None:
    path = tmp_path / "quiz.qa"
    path.write_text("Q1> What is a model in machine learning?\nA> A function with learned weights.\n", encoding="utf-8")
    assert detect_format(path) == "qa-export"
    (sub,) = read_file(path)
    alignment = align(sub, get_pack("pytorch-l1"))
    assert alignment.answer("what-is-a-model").text == "A function with learned weights."


def test_without_the_plugin_the_format_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "quiz.qa"
    path.write_text("Q1> What is a model?\nA> A function.\n", encoding="utf-8")
    assert detect_format(path) != "qa-export"


def test_a_plugin_gradebook_format_exports_and_its_cells_are_made_formula_safe(plugin) -> None:
    subs = [StoredSubmission(**_stored("Ana Souza", "=cmd@x.org", 0.8)),
            StoredSubmission(**_stored("Ben", "ben@x.org", 0.5))]
    text, warnings = export(subs, "brightspace", points=10, title="Week 1")
    assert text.splitlines() == ["Username,Week 1 Points Grade,End-of-Line Indicator", "'=cmd,8,#", "ben,5,#"]
    assert warnings == []


def test_greenpen_plugins_lists_the_plugin_and_its_hooks(plugin) -> None:
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry == {"name": "brightspace-and-qa", "hooks": ["register_gradebook_formats", "register_readers"]}


def test_greenpen_plugins_all_lists_the_built_ins() -> None:
    result = CliRunner().invoke(cli, ["plugins", "--all"])
    (builtin,) = json.loads(result.output)
    assert builtin["readers"][:2] == ["notebook", "csv"] and builtin["readers"][-1] == "plain"
    assert builtin["gradebook_formats"] == ["plain", "canvas", "moodle", "classroom"]
    assert builtin["embedders"] == ["use", "e5"]
    assert {"json", "md", "txt"} <= set(builtin["renderers"])


def _stored(student: str, email: str, score: float) -> dict:
    return {"id": 1, "run_id": 1, "source": f"{student}.md", "format": "markdown", "student": student,
            "email": email, "student_id": None, "status": "graded", "error": "", "pack": "pytorch-l1",
            "score": score, "auto_score": score, "manual_score": None, "overall": "", "released": False,
            "version": 1, "updated_at": ""}
