"""Running students' code: check findings, and the sandbox containing hostile code."""

from __future__ import annotations

import importlib.util
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from greenpen.code import check_code, sandbox_mode
from greenpen.code import sandbox as sandbox_module
from greenpen.code.bwrap import python_roots
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
    sandbox_module.close_workers()  # a worker an earlier test started would otherwise run the code
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None)
    f = one(check_code("answer = 42", ANY_Q, mode="bubblewrap"))
    assert f.kind == "code_unrunnable"
    assert "could not run" in f.detail


# ─── checks, judged ─────────────────────────────────────────────────────────


FIB_Q = Question("fib", 16, "Write a recursive function that returns the first 20 Fibonacci numbers.",
                 asks_code=True)
"""A question that asks for code and has no checks (a teacher's pack of reference answers only)."""


@pytest.mark.sandbox
def test_code_asked_without_checks_is_run_to_see_that_it_stops() -> None:
    """No check says what result is wanted, so only a recursion that never stops is an error: a NameError for the
    course's objects, or code that stops, says nothing against the answer."""
    needs_bwrap()
    runaway = "```python\ndef fib(n):\n    if n == 0:\n        return 0\n    return fib(n - 1) + fib(n - 2)\n\n" \
              "first20 = [fib(i) for i in range(20)]\n```"
    f = one(check_code(runaway, FIB_Q))
    assert (f.kind, f.id) == ("code_error", "code") and f.detail.startswith("RecursionError")
    assert check_code(runaway.replace("if n == 0:\n        return 0", "if n < 2:\n        return n"), FIB_Q) == ()
    assert check_code("```python\nlearn.fit(1)\nfirst20 = dls.vocab[:20]\n```", FIB_Q) == ()
    assert check_code("It calls itself on n - 1 and n - 2.", FIB_Q) == ()


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
def test_the_students_own_failing_assert_is_a_wrong_result_not_code_that_does_not_run() -> None:
    """`assert pairs([1, 2], 'ab') == [(1, 'a'), (2, 'b')]` under a function that returns `zip(…)`: the code ran, and
    the student's own check shows it gives another result than they expected (a wrong result caps the score; code
    that does not run makes an answer with little else right incorrect)."""
    f = one(check_code("def pairs(a, b):\n    return zip(a, b)\n\nassert pairs([1, 2], 'ab') == [(1, 'a'), (2, 'b')]",
                       ANY_Q))
    assert f.kind == "code_wrong"
    assert f.detail == "your own check `assert pairs([1, 2], 'ab') == [(1, 'a'), (2, 'b')]` fails, so the code gives " \
                       "another result than you expected"
    assert f.evidence == "assert pairs([1, 2], 'ab') == [(1, 'a'), (2, 'b')]"
    raised = one(check_code("x = 1\nif x:\n    raise AssertionError('no')", ANY_Q))
    assert raised.kind == "code_error"  # an AssertionError raised by other code is an error


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


ODD_Q = Question(
    "odd-doubled",
    4,
    "What is a list comprehension? Write one that keeps the odd numbers of a list and doubles them.",
    asks_code=True,
    checks=(CodeCheck("odd", "value", expr="all(int(v) % 4 == 2 for v in _)", expect=True),),
)


@pytest.mark.sandbox
def test_input_the_question_gives_in_words_is_not_a_code_error() -> None:
    # The question names no list; the student calls it `nums` and never defines it.
    answer = "It builds a list in one expression.\nodd2 = [x * 2 for x in list(nums) if x % 2 != 0]"
    f = one(check_code(answer, ODD_Q))
    assert f.kind == "code_unrunnable"  # neutral: no score cap, not "run your code"
    assert f.detail == "not run: your code uses `nums`, which it does not define, so its result could not be checked"


@pytest.mark.sandbox
def test_pure_code_with_a_free_name_is_not_called_prose() -> None:
    f = one(check_code("[2*x if x%2!=0 else x for x in values]", ODD_Q))
    assert f.kind == "code_unrunnable"
    assert "prose" not in f.detail and "teacher" not in f.detail
    assert "`values`" in f.detail


@pytest.mark.sandbox
def test_free_names_are_bound_to_the_checks_input() -> None:
    # The function check gives two inputs; a snippet over two names it never defines runs with them.
    f = one(check_code("list(a, b)", ZIP_Q))
    assert f.kind == "code_error"
    assert f.detail.startswith("TypeError: list expected at most 1 argument")
    assert "run with a = [1, 2, 3, 4] and b = 'abcd'" in f.detail


SPLIT_Q = Question(
    "split", 4, "Split the 10 numbers in xs into a part of 8 and a part of 2, and name the parts {}.",
    asks_code=True,
    checks=(CodeCheck("sizes", "value", setup="xs = list(range(10))", expr="(len(first), len(second))",
                      expect=[8, 2]),),
)


@pytest.mark.sandbox
def test_code_that_names_its_results_its_own_way_is_not_checked_nor_called_failing() -> None:
    """The check reads `first`; the student's code ran and called the parts `a` and `b`. Where the question gives
    no names this is no error of the code ("When I ran your code it failed: NameError" was said of working code);
    where it names them, a result left without its name is what the question asks for and is not there."""
    free = replace(SPLIT_Q, text=SPLIT_Q.text.format("as you like"))
    f = one(check_code("a, b = xs[:8], xs[8:]", free))
    assert f.kind == "code_unrunnable" and f.detail.startswith("not checked: your code runs, but it leaves no `first`")
    named = replace(SPLIT_Q, text=SPLIT_Q.text.format("first and second"))
    f = one(check_code("first = xs[:8]", named))
    assert (f.kind, f.detail) == ("code_wrong", "it leaves no `second`, which the question asks for")
    assert one(check_code("first, second = xs[:8], xs[8:]", named)).kind == "code_ok"


MIDDLE_Q = Question(
    "middle", 3, "Take the middle 2x2 block of the 4x4 tensor t.", asks_code=True,
    checks=(CodeCheck("block", "value", setup="import torch\nt = torch.arange(16).reshape(4, 4)",
                      expr="_.tolist()", expect=[[5, 6], [9, 10]]),),
)


@pytest.mark.sandbox
def test_an_answer_written_as_a_function_is_called_on_the_questions_input() -> None:
    """A script of exercises answers with functions it never calls: one that needs nothing is called as it is; one
    whose arguments the question's input gives (`t`) is called on it; one whose input nothing gives is told it is never
    called, not "your code stops with an error" for what the check raised on no result."""
    assert one(check_code("def middle():\n    return t[1:3, 1:3]", MIDDLE_Q)).kind == "code_ok"
    assert one(check_code("def middle(t):\n    return t[1:3, 1:3]", MIDDLE_Q)).kind == "code_ok"
    uncalled = one(check_code("def middle(x):\n    return x[1:3, 1:3]", MIDDLE_Q))
    assert uncalled.kind == "code_wrong" and "defines `middle(x)` but never calls it" in uncalled.detail


@pytest.mark.sandbox
def test_code_that_ends_by_looking_at_its_result_is_checked_on_the_result() -> None:
    """`b = t[1:3, 1:3]` then `b.shape`: the last line looks at the result, and the check that reads `_` reads `b`
    (it read the `torch.Size` and the student was told the code stops with an error)."""
    f = one(check_code("b = t[1:3, 1:3]\nb.shape", MIDDLE_Q))
    assert f.kind == "code_ok", f
    assert one(check_code("```python\nt[1:3, 1:3].shape\n```", MIDDLE_Q)).kind == "code_ok"
    assert one(check_code("```python\nt[0:2, 0:2].shape\n```", MIDDLE_Q)).kind == "code_wrong"


@pytest.mark.sandbox
def test_a_name_the_code_defines_too_late_is_still_an_error() -> None:
    f = one(check_code("doubled = [2*x for x in xs if x % 2]\nxs = [1, 2, 3]", ODD_Q))
    assert f.kind == "code_error"
    assert "NameError" in f.detail


@pytest.mark.sandbox
def test_an_if_you_got_sentence_is_said_only_to_who_got_that() -> None:
    check = CodeCheck("br", "expression", expect=[[10, 12], [16, 18]], message=(
        "The doubled block is [[10, 12], [16, 18]]. If you got [[8, 10], [14, 16]], your numbers start at 0."))
    question = Question("t", 9, "?", asks_code=True, checks=(check,))
    undoubled = one(check_code("t = torch.arange(1, 10).view(3, 3)\nt[1:, 1:]", question))
    assert undoubled.kind == "code_wrong"
    assert "The doubled block is" in undoubled.detail and "If you got" not in undoubled.detail
    from_zero = one(check_code("t = torch.arange(9).view(3, 3) * 2\nt[1:, 1:]", question))
    assert "If you got [[8, 10], [14, 16]], your numbers start at 0." in from_zero.detail


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
    return {str(p) for root in python_roots() for p in [Path(root), *Path(root).parents]}


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


# ─── no sandbox: refused unless the teacher says so (issue 16, defect 1) ────


@pytest.fixture
def no_bwrap(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """This machine as one without bubblewrap (macOS, Windows, a locked-down container)."""
    real_which = sandbox_module.shutil.which
    monkeypatch.setattr(sandbox_module.shutil, "which", lambda name: None if name == "bwrap" else real_which(name))
    sandbox_module._bwrap_works.cache_clear()
    yield
    sandbox_module._bwrap_works.cache_clear()
    sandbox_module.allow_unsafe(False)


def test_without_bubblewrap_code_is_not_run(no_bwrap: None) -> None:
    assert sandbox_mode() == "rlimits"
    f = one(check_code("answer = open('/etc/passwd').read()", ANY_Q))
    assert f.kind == "code_unrunnable"  # not run, and not counted wrong
    assert f.detail == sandbox_module.NO_SANDBOX
    assert f.detail.startswith("not run")


@pytest.mark.sandbox
def test_without_bubblewrap_unsafe_code_runs_when_asked(no_bwrap: None) -> None:
    sandbox_module.allow_unsafe(True)
    assert one(check_code("answer = 42", ANY_Q)).kind == "code_ok"


def test_report_note_says_code_was_not_run(no_bwrap: None) -> None:
    from greenpen.domain import Judgement
    from greenpen.pipeline import _notes

    finding = one(check_code("answer = 42", ANY_Q))
    (note,) = _notes([Judgement("anything", 0.5, "partial", 0.5, (finding,))])
    assert "not run" in note and "bubblewrap" in note and "--unsafe-code" in note


def test_a_batch_whose_code_was_not_run_says_so_at_its_end(no_bwrap: None) -> None:
    """The sandbox did not start (not installed, or failing on a loaded machine): the console says, after the batch,
    how many submissions had their code judged by its text only (it said "0 failed, 0 unassessable answers", and only
    each report's notes told)."""
    from greenpen.cli.cmd_grade import code_not_run
    from greenpen.domain import Judgement, Report
    from greenpen.pipeline import _notes

    notes = _notes([Judgement("anything", 0.5, "partial", 0.5, (one(check_code("answer = 42", ANY_Q)),))])
    reports = [Report(source="a.md", student="A", format="markdown", pack="p", score=0.5, questions=(), notes=notes),
               Report(source="b.md", student="B", format="markdown", pack="p", score=0.5, questions=())]
    said = code_not_run(reports)
    assert said.startswith("1 submission: Student code was not run") and "judged by their text only" in said
    assert code_not_run(reports[1:]) == ""


# ─── forged results (issue 17) ──────────────────────────────────────────────

FORGED_LINE = (
    "import json, os\n"
    "fake = {'seq': 9, 'stage': 'value', 'payload': {'value': 42, 'type': 'int'}}\n"
    "line = ('0' * 64 + ' ' + json.dumps(fake) + '\\n').encode()\n"
)


@pytest.mark.sandbox
@pytest.mark.parametrize("write", ["print(line.decode())", "os.write(1, line)", "os.write(2, line)"])
def test_forged_result_on_stdout_is_detected(write: str) -> None:
    needs_bwrap()
    f = one(check_code(FORGED_LINE + write + "\nanswer = 42", ANY_Q, timeout=FAST))
    assert f.kind == "code_error", f.detail
    assert "tampered with greenpen's runner" in f.detail and "forged" in f.detail


@pytest.mark.sandbox
def test_forged_result_on_any_descriptor_is_detected() -> None:
    needs_bwrap()
    code = FORGED_LINE + (
        "for fd in range(3, 256):\n"
        "    try:\n"
        "        os.write(fd, line)\n"
        "    except OSError:\n"
        "        pass\n"
        "answer = 42"
    )
    f = one(check_code(code, ANY_Q, timeout=FAST))
    assert f.kind == "code_error", f.detail
    assert "tampered with greenpen's runner" in f.detail


@pytest.mark.sandbox
@pytest.mark.parametrize(
    "attack",
    [
        # walk up from the answer's frame to the runner's functions and patch them
        "import sys\nf = sys._getframe()\nwhile f is not None and 'describe' not in f.f_globals:\n"
        "    f = f.f_back\nf.f_globals['describe'] = lambda v: {'value': 42, 'type': 'int'}\nanswer = 41",
        # find the runner's objects through the garbage collector
        "import gc\nfor o in gc.get_objects():\n    pass\nanswer = 42",
        # read or write the interpreter's memory
        "import ctypes\nctypes.string_at(id(1), 8)\nanswer = 42",
        "open('/proc/self/mem', 'rb')\nanswer = 42",
        # patch a builtin the runner uses to convert results
        "import builtins\nbuiltins.isinstance = lambda *a: True\nanswer = 41",
    ],
    ids=["frames", "gc", "ctypes", "proc-mem", "builtins"],
)
def test_monkeypatching_the_runner_is_detected(attack: str) -> None:
    needs_bwrap()
    f = one(check_code(attack, ANY_Q, timeout=FAST))
    assert f.kind == "code_error", f.detail
    assert "tampered" in f.detail or "not allowed in graded code" in f.detail


@pytest.mark.sandbox
def test_patching_its_own_main_module_changes_nothing() -> None:
    needs_bwrap()
    code = "import __main__\n__main__.describe = lambda v: {'value': 42, 'type': 'int'}\nanswer = 41"
    assert one(check_code(code, ANY_Q, timeout=FAST)).kind == "code_wrong"


# ─── one answer cannot see another ──────────────────────────────────────────

LEAVE_TRACES = """
import builtins, os, subprocess, sys
open('notes.txt', 'w').write('secret')
open('/tmp/left.txt', 'w').write('secret')
os.makedirs('locked/inner')
os.chmod('locked', 0)
builtins.leaked = 'secret'
os.environ['LEAKED'] = 'secret'
sys.modules['leaked_module'] = sys
subprocess.Popen(['sleep', '300'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    import time
    time.sleep(300)
answer = 1
"""
LOOK_FOR_TRACES = """
import builtins, os, sys
others = [p for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid(), os.getppid())]
# greenpen's own install (a checkout under /tmp) is mounted read-only at its path: not a trace
installs = {p.split('/')[2] for p in (sys.prefix, *sys.path) if p.startswith('/tmp/')}
answer = [os.listdir('.'), [n for n in os.listdir('/tmp') if n not in installs], hasattr(builtins, 'leaked'),
          os.environ.get('LEAKED'),
          'leaked_module' in sys.modules, others]
"""


@pytest.mark.sandbox
def test_one_answer_cannot_see_another_answers_files_variables_or_processes() -> None:
    needs_bwrap()
    question = Question("q", 1, "?", asks_code=True, checks=(CodeCheck("v", "value", expr="answer", expect=1),))
    assert one(check_code(LEAVE_TRACES, question, timeout=FAST)).kind == "code_ok"
    look = Question("q", 1, "?", asks_code=True,
                    checks=(CodeCheck("v", "value", expr="answer", expect=[[], [], False, None, False, []]),))
    f = one(check_code(LOOK_FOR_TRACES, look, timeout=FAST))
    assert f.kind == "code_ok", f.detail


# ─── per-run limits (issue 16, defect 6) ────────────────────────────────────


@pytest.mark.sandbox
def test_memory_is_capped_across_the_answers_processes() -> None:
    needs_bwrap()
    code = (
        "import os, time\n"
        "for _ in range(5):\n"
        "    if os.fork() == 0:\n"
        "        hog = b'x' * (120 * 1024**2)\n"
        "        time.sleep(30)\n"
        "        os._exit(0)\n"
        "time.sleep(30)\nanswer = 42"
    )
    limits = sandbox_module.Limits(timeout=20, total_memory=300 * 1024**2)
    started = time.monotonic()
    f = one(check_code(code, ANY_Q, limits=limits))
    assert f.kind == "code_error", f.detail
    assert "more than 300 MB of memory across its processes" in f.detail
    assert time.monotonic() - started < 15


@pytest.mark.sandbox
def test_disk_written_is_capped_and_nothing_reaches_the_host_tmp() -> None:
    needs_bwrap()
    before = {p.name for p in Path("/tmp").iterdir() if p.name.startswith("greenpen-run-")}
    code = (
        "chunk = b'x' * 1024**2\n"
        "for i in range(200):\n"
        "    with open(f'/tmp/f{i}', 'wb') as fh:\n"
        "        fh.write(chunk)\n"
        "answer = 42"
    )
    f = one(check_code(code, ANY_Q, timeout=FAST))
    assert f.kind == "code_error", f.detail
    assert "No space left on device" in f.detail
    after = {p.name for p in Path("/tmp").iterdir() if p.name.startswith("greenpen-run-")}
    assert after <= before
    assert one(check_code("open('/tmp/x', 'wb').write(b'x' * 1024**2)\nanswer = 42", ANY_Q)).kind == "code_ok"


def test_scratch_left_by_a_killed_grader_is_swept(tmp_path: Path) -> None:
    dead = tmp_path / "greenpen-run-999999999-abc123"
    (dead / "home").mkdir(parents=True)
    (dead / "home" / "locked").mkdir()
    (dead / "home" / "locked").chmod(0)
    alive = tmp_path / f"greenpen-run-{os.getpid()}-def456"
    alive.mkdir()
    assert sandbox_module.sweep_scratch(str(tmp_path)) == [str(dead)]
    assert not dead.exists() and alive.exists()


# ─── no process left behind ─────────────────────────────────────────────────

DRIVER = """
import sys, time
from greenpen.code import sandbox
from greenpen.code.sandbox import Limits, run_job
mode, timeout = sys.argv[2], float(sys.argv[3])
worker = sandbox._worker(mode, Limits())
print(worker.tag, worker.scratch, flush=True)
job = {"code": sys.argv[1], "setups": [], "checks": []}
print(run_job(job, Limits(timeout=timeout), mode).status, flush=True)
"""
STUBBORN = (
    "import os, subprocess, time\n"
    "subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
    "time.sleep(300)\nanswer = 1"
)


def _tagged(tag: str) -> list[int]:
    """Processes of the worker tagged `tag` (the worker, its children, what they started)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                blob = Path(f"/proc/{entry}/environ").read_bytes() + Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if tag.encode() in blob:
                found.append(int(entry))
    return found


def _gone(tag: str, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _tagged(tag):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.sandbox
@pytest.mark.parametrize(
    ("how", "mode"),
    [("finish", "bubblewrap"), ("SIGINT", "bubblewrap"), ("SIGKILL", "bubblewrap"), ("SIGKILL", "rlimits")],
)
def test_no_process_left_after_a_run_a_crash_or_ctrl_c(how: str, mode: str) -> None:
    import signal
    import subprocess
    import sys

    if mode == "bubblewrap":
        needs_bwrap()
    code = "answer = 1" if how == "finish" else STUBBORN
    # without bubblewrap nothing dies with greenpen: the worker stops the answer at its time limit
    timeout = "60" if mode == "bubblewrap" else "3"
    env = dict(os.environ, PYTHONPATH=str(Path(sandbox_module.__file__).parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, code, mode, timeout], stdout=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None
    tag, scratch = proc.stdout.readline().split()
    assert tag.startswith("greenpen-")
    if how == "finish":
        assert proc.stdout.readline().strip() == "ok"
    else:
        deadline = time.monotonic() + 20
        started = 4 if mode == "bubblewrap" else 3  # (bwrap,) worker, answer, sleep
        while len(_tagged(tag)) < started and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(_tagged(tag)) >= started
        proc.send_signal(getattr(signal, how))
    proc.wait(timeout=60)  # a loaded machine (two cores, other tests running) can take more than 20 s
    assert _gone(tag), [Path(f"/proc/{p}/cmdline").read_bytes() for p in _tagged(tag)]
    assert scratch == "None" or not Path(scratch).exists()  # no /tmp/greenpen-run-* left behind


@pytest.mark.sandbox
def test_ordinary_libraries_do_not_trip_the_tamper_checks() -> None:
    needs_bwrap()
    code = (
        "import warnings, inspect, copy, logging\nfrom collections import namedtuple\n"
        "warnings.warn('deprecated')\nP = namedtuple('P', 'a b')\ninspect.stack()\nlogging.warning('x')\n"
        "import sys\nsys.argv = ['script']\n"
    )
    for module in ("sklearn.linear_model", "matplotlib", "scipy.stats"):
        if importlib.util.find_spec(module.split(".")[0]) is not None:
            code += f"import {module}\n"
    f = one(check_code(code + "answer = copy.deepcopy(42)", ANY_Q, timeout=20))
    assert f.kind == "code_ok", f.detail


@pytest.mark.sandbox
def test_one_worker_serves_the_answers_and_is_replaced_when_an_answer_kills_it() -> None:
    needs_bwrap()
    assert one(check_code("answer = 42", ANY_Q, timeout=FAST)).kind == "code_ok"
    (worker,) = [w for w in sandbox_module._workers.values() if w.mode == "bubblewrap"]
    assert one(check_code("answer = 42", ANY_Q, timeout=FAST)).kind == "code_ok"
    assert [w for w in sandbox_module._workers.values() if w.mode == "bubblewrap"] == [worker]  # no new start
    killer = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nanswer = 42"
    assert one(check_code(killer, ANY_Q, timeout=FAST)).kind == "code_error"
    assert not worker.alive
    assert one(check_code("answer = 42", ANY_Q, timeout=FAST)).kind == "code_ok"
    (fresh,) = [w for w in sandbox_module._workers.values() if w.mode == "bubblewrap"]
    assert fresh is not worker and fresh.alive


@pytest.mark.sandbox
def test_wrong_function_with_try_except_is_run_and_found_wrong() -> None:
    answer = (
        "```python\ndef pairs(a, b):\n    try:\n        return list(zip(a, b[::-1]))\n"
        "    except TypeError:\n        return []\n```"
    )
    f = one(check_code(answer, ZIP_Q, timeout=FAST))
    assert f.kind == "code_wrong", f.detail  # it used to be "indentation lost", so never run
    assert "(1, 'd')" in f.detail or "[1, 'd']" in f.detail


@pytest.mark.sandbox
def test_random_numbers_are_the_same_on_every_run_so_is_the_feedback() -> None:
    # An answer that draws random numbers: its (wrong) result, quoted in the feedback, must
    # not change from one grading to the next, nor between two answers of one worker.
    answer = "import torch, numpy as np, random\nx = (torch.randn(3, 3) * 2)[1:, 1:]\nx"
    first, second = (one(check_code(answer, TENSOR_Q)) for _ in range(2))
    assert first.kind == second.kind == "code_wrong"
    assert first.detail == second.detail


FASTAI_SETUP = "import torch\ndef tensor(x, *rest):\n    return torch.tensor(x)"
COURSE_Q = Question(
    "tensor-3x3", 9, "Make a 3x3 tensor of 1 to 9, double it, and select its bottom-right four.", asks_code=True,
    checks=(CodeCheck("bottom-right", "expression", expect=[[10, 12], [16, 18]], setup=FASTAI_SETUP),),
)


@pytest.mark.sandbox
def test_the_courses_import_greenpen_lacks_is_left_out_and_the_code_checked() -> None:
    # the course's code runs after `from fastai.vision.all import *`; greenpen has the names its setup gives
    answer = "```python\nfrom fastai.vision.all import *\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nt[1:, 1:]\n```"
    f = one(check_code(answer, COURSE_Q))
    assert f.kind == "code_ok", f.detail


@pytest.mark.sandbox
def test_a_call_of_a_library_function_greenpen_lacks_is_never_the_students_error() -> None:
    # a display at the end, with a function of the course's library the setup does not give
    shown = "```python\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nb = t[1:, 1:]\nshow_image(t)\nb\n```"
    assert one(check_code(shown, COURSE_Q)).kind == "code_ok"
    # the display last: the code still ends with its own value
    last = "```python\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nt[1:, 1:]\nshow_image(t)\n```"
    assert one(check_code(last, COURSE_Q)).kind == "code_ok"
    # its value used: the code cannot run without it, and is not run rather than failed
    used = "```python\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nb = first(t[1:, 1:])\n```"
    f = one(check_code(used, COURSE_Q))
    assert f.kind == "code_unrunnable" and "`first`" in f.detail
    # a typo of a name the course gives stays the student's error
    typo = "```python\nt = tensr([[1,2,3],[4,5,6],[7,8,9]]) * 2\nt[1:, 1:]\n```"
    assert one(check_code(typo, COURSE_Q)).kind == "code_error"


@pytest.mark.sandbox
def test_a_last_line_that_only_looks_at_the_result_is_not_the_result() -> None:
    answer = "```python\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nblock = t[1:, 1:]\nprint(block.shape)\n```"
    f = one(check_code(answer, COURSE_Q))
    assert f.kind == "code_ok", f.detail
    assert "`block`" in f.detail
    # the shape of a wrong block is still looked past to the block, which is wrong
    wrong = "```python\nt = tensor([[1,2,3],[4,5,6],[7,8,9]]) * 2\nblock = t[:2, :2]\nprint(block.shape)\n```"
    assert one(check_code(wrong, COURSE_Q)).kind == "code_wrong"
