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
from tests.plugins import brightspace_and_qa, terse_judge


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


@pytest.fixture
def judge_plugin():
    plugins.register_plugin(terse_judge, name="terse-judge")
    yield terse_judge
    plugins.unregister_plugin(terse_judge)


TERSE = """# Chapter 4

## 29. What does the @ operator do in Python?

Matrix multiplication.
"""


def test_a_plugin_judge_is_a_grading_step_before_the_feedback(judge_plugin, tmp_path: Path) -> None:
    from greenpen.domain import total_score
    from greenpen.judges import judge_for
    from greenpen.pipeline import Options, grade_file

    path = tmp_path / "dana.md"
    path.write_text(TERSE, encoding="utf-8")
    (plain,) = grade_file(path, Options(pack="fastai-04", run_code=False))
    (judged,) = grade_file(path, Options(pack="fastai-04", run_code=False, judge="terse"))
    before, after = (next(q for q in r.questions if q.number == 29) for r in (plain, judged))
    assert before.verdict == "correct"  # the grader takes it …
    assert (after.verdict, after.confidence <= 0.4) == ("partial", True)  # … the judge does not
    assert after.findings[-1].id == "terse" and "please review" in after.findings[-1].detail
    assert after.feedback != before.feedback  # written once, from the judge's verdict
    assert judged.score == total_score(list(judged.questions)) < plain.score  # the total, once, from the last word
    judge = judge_for("terse", {})
    assert isinstance(judge, terse_judge.TerseJudge) and judge.reviewed == ["matmul-operator"]


def test_a_plugin_judge_is_named_on_the_command_line(judge_plugin, tmp_path: Path) -> None:
    path = tmp_path / "dana.md"
    path.write_text(TERSE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["grade", str(path), "--pack", "fastai-04", "--out", str(tmp_path / "out"),
                                      "--format", "json", "--no-db", "--no-code", "--judge", "terse"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "dana.json").read_text(encoding="utf-8"))
    (q,) = [q for q in report["questions"] if q["number"] == 29]
    assert q["verdict"] == "partial" and q["findings"][-1]["id"] == "terse"


def test_an_unknown_judge_names_the_installed_ones(judge_plugin) -> None:
    from greenpen.errors import ModelError
    from greenpen.judges import judge_for

    with pytest.raises(ModelError, match=r'one of "local", "terse", not "qwen" — `greenpen plugins --all`'):
        judge_for("qwen", {})


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
    assert builtin["judges"] == ["local", "endpoint"]
    assert {"json", "md", "txt"} <= set(builtin["renderers"])


def test_greenpen_plugins_lists_a_plugin_judge(judge_plugin) -> None:
    listed = json.loads(CliRunner().invoke(cli, ["plugins"]).output)
    assert listed == [{"name": "terse-judge", "hooks": ["register_judges"]}]
    (builtin,) = [p for p in json.loads(CliRunner().invoke(cli, ["plugins", "--all"]).output)
                  if p["name"] == "greenpen (built in)"]
    assert builtin["judges"] == ["local", "endpoint", "terse"]


def _stored(student: str, email: str, score: float) -> dict:
    return {"id": 1, "run_id": 1, "source": f"{student}.md", "format": "markdown", "student": student,
            "email": email, "student_id": None, "status": "graded", "error": "", "pack": "pytorch-l1",
            "score": score, "auto_score": score, "manual_score": None, "overall": "", "released": False,
            "version": 1, "updated_at": ""}


def test_bench_accuracy_measures_a_judge_against_the_grader_alone(judge_plugin, tmp_path: Path) -> None:
    data = tmp_path / "salt.csv"
    rows = [("We evaporated the water.", "correct"), ("Water evaporated.", "partial"),
            ("Evaporated.", "partial"), ("We let the water evaporate so the salt stayed behind.", "correct")]
    header = "question_id,question,reference_answer,answer,score,max_score,label,feedback\n"
    data.write_text(header + "".join(
        f'EM_45b,How did you separate the salt from the water?,"The water was evaporated, leaving the salt.",'
        f'{answer},{int(label == "correct")},1,{label},\n' for answer, label in rows), encoding="utf-8")
    out = CliRunner().invoke(cli, ["bench", "accuracy", str(data), "--judge", "terse", "--baseline", "none",
                                   "--json"])
    assert out.exit_code == 0, out.output
    (result,) = json.loads(out.output[out.output.index("["):])
    alone = result["without_judge"]
    assert result["grader"] == "greenpen + judge terse" and alone["grader"] == "greenpen"
    assert result["n"] == alone["n"] == 4
    # The terse judge lowers a two-word "correct" answer to partial; the rest stay as graded.
    lowered = alone["verdicts"]["correct"] - result["verdicts"]["correct"]
    assert lowered == result["verdicts"]["partial"] - alone["verdicts"]["partial"] >= 1
    assert result["judge"] == {"spec": "terse", "answers_read": 0, "seconds": 0.0}
