"""Running students' code: check findings, and the sandbox containing hostile code."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from greenpen.code import check_code, sandbox_mode
from greenpen.code import sandbox as sandbox_module
from greenpen.domain import CodeCheck, Finding, Question

TENSOR_Q = Question(
    "tensor-3x3",
    9,
    "Create a 3x3 tensor containing the numbers from 1 to 9. Double it. Select the bottom-right four.",
    asks_code=True,
    checks=(
        CodeCheck(
            "bottom-right",
            "expression",
            expect=[[10, 12], [16, 18]],
            setup="import torch",
            message="the question asks for the numbers 1 to 9, doubled",
        ),
    ),
)
ZIP_Q = Question(
    "zip-function",
    26,
    "Create a function which, if passed [1,2,3,4] and 'abcd', returns [(1, 'a'), (2, 'b'), …].",
    asks_code=True,
    checks=(
        CodeCheck(
            "pairs", "function", args=([1, 2, 3, 4], "abcd"), expect=[(1, "a"), (2, "b"), (3, "c"), (4, "d")]
        ),
    ),
)
ANY_Q = Question(
    "anything",
    1,
    "Write some code.",
    asks_code=True,
    checks=(CodeCheck("value", "value", expr="answer", expect=42),),
)
FAST = 3.0


def one(findings: tuple[Finding, ...]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def needs_bwrap() -> None:
    if sandbox_mode() != "bubblewrap":
        pytest.skip("bubblewrap is not available here (scripts/install-sandbox.sh installs it)")


# ─── no sandbox needed ──────────────────────────────────────────────────────


def test_question_without_checks_gives_nothing() -> None:
    assert check_code("x = 1", Question("q", 1, "?")) == ()


def test_no_code_is_one_finding() -> None:
    f = one(check_code("It selects the bottom right corner of the tensor.", TENSOR_Q))
    assert (f.kind, f.id) == ("no_code", "code")
    assert "asks for code" in f.detail


def test_unrunnable_code_says_why() -> None:
    answer = (
        "for i in range(epochs): for xb,yb in dl: calc_grad(xb, yb, model) "
        "p.data -= p.grad.data*lr p.grad.zero_()"
    )
    f = one(check_code(answer, ANY_Q))
    assert f.kind == "code_unrunnable"
    assert "indentation" in f.detail
    assert f.evidence == answer


def test_sandbox_that_cannot_start_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    f = one(check_code("answer = 42", ANY_Q, mode="bubblewrap"))
    assert f.kind == "code_unrunnable"
    assert "could not run" in f.detail


# ─── checks, judged ─────────────────────────────────────────────────────────


@pytest.mark.sandbox
def test_numbered_q9_off_by_one_is_explained() -> None:
    answer = "a = (torch.tensor(range(9))*2).view(3,3); a[1:3, 1:3]"
    f = one(check_code(answer, TENSOR_Q))
    assert f.kind == "code_wrong"
    assert "[[8, 10], [14, 16]]" in f.detail
    assert "`range(9)` starts at 0" in f.detail
    assert f.evidence == answer


@pytest.mark.sandbox
def test_forms_q9_glued_code_passes() -> None:
    answer = (
        "import torch x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) "
        "y = x \\* 2 bottom\\_right = y[1:, 1:]"
    )
    f = one(check_code(answer, TENSOR_Q))
    assert f.kind == "code_ok", f.detail
    assert f.evidence == answer


@pytest.mark.sandbox
def test_numpy_answer_written_differently_passes() -> None:
    answer = "```python\nimport numpy as np\nb = np.arange(1, 10).reshape(3, 3) * 2\nprint(b[1:, 1:])\n```"
    question = Question(
        "t", 9, "?", asks_code=True, checks=(CodeCheck("br", "expression", expect=[[10, 12], [16, 18]]),)
    )
    assert one(check_code(answer, question)).kind == "code_ok"


@pytest.mark.sandbox
def test_type_error_names_the_line() -> None:
    f = one(check_code("x = 5\nanswer = x[0]", ANY_Q))
    assert f.kind == "code_error"
    assert f.detail.startswith("TypeError: 'int' object is not subscriptable")
    assert "`answer = x[0]`" in f.detail
    assert f.evidence == "answer = x[0]"


@pytest.mark.sandbox
def test_expression_instead_of_function_is_wrong_with_reason() -> None:
    f = one(check_code("[x for x in zip([1,2,3,4], \u2018abcd\u2019)]", ZIP_Q))
    assert f.kind == "code_wrong"
    assert "asks for a function that takes them as arguments" in f.detail


@pytest.mark.sandbox
def test_function_checks_pass_and_explain_iterators() -> None:
    ok = one(check_code("def combine(a, b):\n    return list(zip(a, b))", ZIP_Q))
    assert ok.kind == "code_ok"
    lazy = one(check_code("pairs = lambda a, b: zip(a, b)", ZIP_Q))
    assert lazy.kind == "code_wrong"
    assert "zip object" in lazy.detail and "list(" in lazy.detail


@pytest.mark.sandbox
def test_output_and_value_checks_in_one_run() -> None:
    question = Question(
        "q",
        1,
        "?",
        asks_code=True,
        checks=(
            CodeCheck("printed", "output", expect="[2, 6, 10]"),
            CodeCheck("value", "value", expr="len(doubled)", expect=3.0),
        ),
    )
    findings = check_code("doubled = [2*x for x in [1, 3, 5]]\nprint(doubled)", question)
    assert [(f.id, f.kind) for f in findings] == [("printed", "code_ok"), ("value", "code_ok")]


# ─── containment ────────────────────────────────────────────────────────────


@pytest.mark.sandbox
@pytest.mark.parametrize("mode", ["bubblewrap", "rlimits"])
def test_infinite_loop_is_stopped(mode: str) -> None:
    if mode == "bubblewrap":
        needs_bwrap()
    started = time.monotonic()
    f = one(check_code("while True:\n    pass", ANY_Q, timeout=1.5, mode=mode))  # type: ignore[arg-type]
    assert f.kind == "code_error"
    assert "did not finish within 1.5 s" in f.detail
    assert time.monotonic() - started < 15


@pytest.mark.sandbox
def test_fork_bomb_is_contained() -> None:
    needs_bwrap()  # as root, the rlimits fallback cannot cap the number of processes
    bomb = "import os\nwhile True:\n    os.fork()"
    f = one(check_code(bomb, ANY_Q, timeout=FAST))
    assert f.kind == "code_error"
    assert "BlockingIOError" in f.detail or "did not finish" in f.detail


@pytest.mark.sandbox
@pytest.mark.parametrize("mode", ["bubblewrap", "rlimits"])
def test_memory_hog_is_contained(mode: str) -> None:
    if mode == "bubblewrap":
        needs_bwrap()
    f = one(check_code("hog = bytearray(50 * 1024**3)\nanswer = 42", ANY_Q, timeout=FAST, mode=mode))  # type: ignore[arg-type]
    assert f.kind == "code_error"
    assert "MemoryError" in f.detail


@pytest.mark.sandbox
def test_output_flood_is_capped() -> None:
    printed = one(
        check_code("for _ in range(1000):\n    print('x' * 100_000)\nanswer = 42", ANY_Q, timeout=FAST)
    )
    assert printed.kind == "code_ok"  # print() output is captured and capped, the run goes on
    raw = one(check_code("import os\nos.write(1, b'x' * 100_000_000)\nanswer = 42", ANY_Q, timeout=FAST))
    assert raw.kind == "code_error"
    assert "more than 8 MB of output, the limit" in raw.detail


@pytest.mark.sandbox
def test_killing_the_parent_does_not_hurt_greenpen() -> None:
    code = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nanswer = 42"
    f = one(check_code(code, ANY_Q, timeout=FAST))
    assert f.kind in ("code_error", "code_ok")
    assert os.getpid() > 0  # still here


def _python_ancestors() -> set[str]:
    return {str(p) for root in sandbox_module._python_roots() for p in [Path(root), *Path(root).parents]}


@pytest.mark.sandbox
def test_teacher_files_are_invisible(tmp_path: Path) -> None:
    needs_bwrap()
    secret = tmp_path / "grades.csv"
    secret.write_text("dana,10\n")
    home = Path.home()
    visible_python = _python_ancestors()
    home_entries = [str(p) for p in home.iterdir() if str(p) not in visible_python][:3]
    for target in [str(secret), "/etc/hostname", *home_entries]:
        code = f"import os\np = {target!r}\nanswer = open(p).read() if os.path.isfile(p) else os.listdir(p)"
        f = one(check_code(code, ANY_Q, timeout=FAST))
        assert f.kind == "code_error", (target, f.detail)
        assert "FileNotFoundError" in f.detail or "PermissionError" in f.detail
    listing = one(check_code(f"import os\nanswer = os.listdir({str(home)!r})", ANY_Q, timeout=FAST))
    shown = {str(home / name) for name in os.listdir(home)} - visible_python
    assert not any(Path(p).name in listing.detail for p in shown), listing.detail


@pytest.mark.sandbox
def test_no_writing_outside_the_work_dir_and_no_network() -> None:
    needs_bwrap()
    for code in (
        "answer = open('/usr/evil', 'w')",
        "answer = open(__import__('sys').prefix + '/evil', 'w')",
        "import socket\nanswer = socket.create_connection(('1.1.1.1', 80), timeout=2)",
    ):
        f = one(check_code(code, ANY_Q, timeout=FAST))
        assert f.kind == "code_error", (code, f.detail)
    ok = one(check_code("open('notes.txt', 'w').write('hi')\nanswer = 42", ANY_Q, timeout=FAST))
    assert ok.kind == "code_ok"
