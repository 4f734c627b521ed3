"""The course's real samples: every answer read and aligned, and the findings a teacher expects.

Needs ../shared/samples and the bundled models (marked `models`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpen.domain import Report
from greenpen.grading.embed import get_embedder
from greenpen.packs import get_pack
from greenpen.pipeline import Options, align_submission, grade_file, read_submissions
from greenpen.renderers.json_report import render

pytestmark = pytest.mark.models


def _aligned(samples: Path, name: str, pack: str | None = None):  # type: ignore[no-untyped-def]
    (sub,) = read_submissions(samples / name)
    return align_submission(sub, get_pack(pack) if pack else None, get_embedder())


def test_numbered_sample_aligns_37_of_37(samples: Path) -> None:
    al, sure = _aligned(samples, "numbered-list-fastai-ch4.txt")
    assert al.pack.id == "fastai-04" and sure >= 0.5
    by_text = {item.text: item.number for item in al.submission.items}
    for q in al.pack.questions:
        ans = al.answer(q.id)
        assert ans is not None, f"q{q.number} has no answer"
        assert by_text[ans.text] == q.number, f"q{q.number} got the answer to q{by_text[ans.text]}"
    assert al.unaligned == ()


def test_markdown_sample_aligns_10_of_10(samples: Path) -> None:
    al, _ = _aligned(samples, "markdown-answers-pytorch-l1.md")
    assert al.pack.id == "pytorch-l1"
    numbers = {item.text: item.number for item in al.submission.items}
    assert [numbers[al.answers[q.id].text] for q in al.pack.questions] == list(range(1, 11))


def test_forms_sample_merges_the_split_questions(samples: Path) -> None:
    al, _ = _aligned(samples, "forms-export-fastai-ch4.md")
    assert al.pack.id == "fastai-04"
    assert len(al.answers) == 37 and al.unaligned == ()
    sigmoid, relu = al.answers["sigmoid-shape"], al.answers["relu"]
    assert len(sigmoid.labels) == 2 and sigmoid.attachments == ("Sigmoid - BRENO...",)
    assert "S-shaped" in sigmoid.text
    assert len(relu.labels) == 2 and relu.attachments == ("Relu - BRENO SIL...",)
    assert "Rectified Linear Unit" in relu.text
    assert al.answers["zip-tuples"].text.count("def combinar_as_listas_using_zip") == 1
    assert "Imprime as perdas" in al.answers["training-loop"].text


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    from .conftest import SAMPLES

    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples is not beside the repository")
    out = {}
    names = ("numbered-list-fastai-ch4.txt", "forms-export-fastai-ch4.md", "markdown-answers-pytorch-l1.md")
    for name in names:
        (out[name],) = grade_file(SAMPLES / name)
    return out


def _findings(report: Report, number: int) -> set[tuple[str, str]]:
    q = next(q for q in report.questions if q.number == number)
    return {(f.kind, f.id) for f in q.findings}


def _verdict(report: Report, number: int) -> str:
    return next(q.verdict for q in report.questions if q.number == number)


def test_numbered_sample_findings(reports: dict[str, Report]) -> None:
    r = reports["numbered-list-fastai-ch4.txt"]
    assert ("misconception", "elementwise") in _findings(r, 29)
    q26 = _findings(r, 26)
    assert ("part_unanswered", "structure") in q26
    q26_code = next(f for q in r.questions if q.number == 26 for f in q.findings if f.kind == "code_wrong")
    assert "function" in q26_code.detail
    q9 = next(f for q in r.questions if q.number == 9 for f in q.findings if f.kind == "code_wrong")
    assert "[[8, 10], [14, 16]]" in q9.detail and "range(9)" in q9.detail
    assert _verdict(r, 9) == "partial"


def test_forms_sample_findings(reports: dict[str, Report]) -> None:
    r = reports["forms-export-fastai-ch4.md"]
    assert ("misconception", "all-ten-digits") in _findings(r, 2)
    assert {k for k, _ in _findings(r, 4)} & {"no_code", "part_unanswered"}
    assert ("part_unanswered", "code") in _findings(r, 4)
    assert ("misconception", "weight-decay-init") in _findings(r, 15)
    assert ("misconception", "bias-nonlinearity") in _findings(r, 28)
    assert ("part_unanswered", "structure") in _findings(r, 26)
    assert ("misconception", "training-metrics-cause-overfitting") in _findings(r, 11)
    assert ("attachment_missing", "draw") in _findings(r, 21)
    assert ("attachment_missing", "plot") in _findings(r, 34)
    assert _verdict(r, 21) == "correct"  # the missing drawing is unassessable, not wrong


@pytest.mark.sandbox
def test_numbered_sample_code_is_run_and_its_off_by_one_caught(reports: dict[str, Report]) -> None:
    """`torch.tensor(range(9))` holds 0-8, not 1-9: only running the code shows the wrong tensor."""
    r = reports["numbered-list-fastai-ch4.txt"]
    assert ("code_wrong", "bottom-right") in _findings(r, 9)
    assert _verdict(r, 9) == "partial"


def test_exemplar_answers_findings(reports: dict[str, Report]) -> None:
    r = reports["markdown-answers-pytorch-l1.md"]
    assert ("self_contradiction", "count-mismatch") in _findings(r, 3)
    assert ("misconception", "activation-prevents-overfitting") in _findings(r, 10)
    assert [_verdict(r, n) for n in range(1, 10)] == ["correct"] * 9
    assert _verdict(r, 10) == "partial"


def test_grading_is_deterministic(samples: Path) -> None:
    first = [render(rep) for rep in grade_file(samples / "markdown-answers-pytorch-l1.md", Options())]
    second = [render(rep) for rep in grade_file(samples / "markdown-answers-pytorch-l1.md", Options())]
    assert first == second
