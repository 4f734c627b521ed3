"""Code extraction from students' answers: no code is run here."""

from __future__ import annotations

import ast
import warnings

import pytest

from greenpen.code import extract_code
from greenpen.code.reindent import Stmt, rebuild
from greenpen.code.statements import split_glued

NUMBERED_Q4 = (
    "List comprehension is a fast way to create a list from an iterator "
    "a = [x for x in range(10)]; [2*x for x in a if x%2 > 0]"
)
NUMBERED_Q9 = "a = (torch.tensor(range(9))*2).view(3,3); a[1:3, 1:3]"
NUMBERED_Q26 = "[x for x in zip([1,2,3,4], \u2018abcd\u2019)]"
NUMBERED_Q33 = (
    "for i in range(epochs): for xb,yb in dl: calc_grad(xb, yb, model) "
    "p.data -= p.grad.data*lr p.grad.zero_()"
)
FORMS_Q9 = (
    "import torch x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) y = x \\* 2 bottom\\_right = y[1:, 1:]"
)
FORMS_Q25 = """using numpy:
import numpy as np

np.random.seed(42)
X = np.random.rand(100, 1)
y = 2 + 3 \\* X + np.random.randn(100, 1)

theta = np.random.randn(2, 1)

Ir = 0.01
n\\_epochs = 1000

for epoch in range(n\\_epochs):
 for i in range(len(X)):
 xi = X[i:i+1]
 yi = y[i:i+1]
 gradients = 2 \\* xi.T.dot(xi.dot(theta) - yi)
 theta = theta - Ir \\* gradients
"""
FENCED = """Here is my loop:

```python
for epoch in range(3):
    for xb, yb in dl:
        loss = loss_func(model(xb), yb)
        loss.backward()
```

It repeats for each epoch."""


def test_prose_then_code_takes_the_code_suffix() -> None:
    ex = extract_code(NUMBERED_Q4)
    assert ex.code == "a = [x for x in range(10)]; [2*x for x in a if x%2 > 0]"
    assert ex.spans == ("a = [x for x in range(10)]; [2*x for x in a if x%2 > 0]",)
    assert ex.dropped == ("List comprehension is a fast way to create a list from an iterator",)
    assert not ex.rebuilt


def test_one_line_with_semicolons_is_kept_as_written() -> None:
    ex = extract_code(NUMBERED_Q9)
    assert ex.code == NUMBERED_Q9
    assert ex.spans == (NUMBERED_Q9,)


def test_glued_statements_are_split_and_escapes_undone() -> None:
    ex = extract_code(FORMS_Q9)
    assert ex.code == (
        "import torch\n"
        "x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])\n"
        "y = x * 2\n"
        "bottom_right = y[1:, 1:]"
    )
    assert ex.rebuilt
    assert ex.spans == (FORMS_Q9,)  # evidence exactly as the student wrote it


def test_a_line_that_ends_on_a_block_opener_is_read_not_raised() -> None:
    """"for epoch in range(n): for xb, yb in dl:" made a whole submission fail to grade (an
    IndentationError from parsing the last piece on its own)."""
    glued = split_glued("for epoch in range(n): for xb, yb in dl:")
    assert glued is not None and len(glued.pieces) == 2
    extract_code("The loop: for epoch in range(n): for xb, yb in dl:")  # no exception


def test_typographic_quotes_become_python_quotes() -> None:
    ex = extract_code(NUMBERED_Q26)
    assert ex.code == "[x for x in zip([1,2,3,4], 'abcd')]"
    assert ex.spans == (NUMBERED_Q26,)


def test_flattened_loop_on_one_line_is_reported_not_guessed() -> None:
    ex = extract_code(NUMBERED_Q33)
    assert ex.code is None
    assert ex.found
    assert "indentation" in ex.reason and "`p.grad.zero_()`" in ex.reason


def test_forms_pseudocode_with_lost_indentation_is_unrunnable_with_reason() -> None:
    ex = extract_code(FORMS_Q25)
    assert ex.code is None
    assert ex.found
    assert "could be inside `for i in range(len(X)):`" in ex.reason
    assert ex.dropped == ("using numpy:",)


def test_fenced_block_wins_and_prose_is_left_out() -> None:
    ex = extract_code(FENCED)
    assert ex.code is not None
    assert ex.code.startswith("for epoch in range(3):\n    for xb, yb in dl:")
    assert not ex.rebuilt
    ast.parse(ex.code)


def test_flattened_function_is_rebuilt_when_unambiguous() -> None:
    ex = extract_code('def pairs(a, b):\nreturn list(zip(a, b))\npairs([1, 2], "ab")')
    assert ex.code == 'def pairs(a, b):\n    return list(zip(a, b))\npairs([1, 2], "ab")'
    assert ex.rebuilt


def test_inline_code_is_used_and_fragments_are_reported() -> None:
    ok = extract_code("I would write `t = torch.arange(1, 10).reshape(3, 3) * 2` then `t[1:, 1:]`.")
    assert ok.code == "t = torch.arange(1, 10).reshape(3, 3) * 2\nt[1:, 1:]"
    fragment = extract_code("Use `torch.arange(1, 10).reshape(3, 3) * 2` and then `[1:, 1:]`.")
    assert fragment.code is None and fragment.found
    assert "`[1:, 1:]`" in fragment.reason


@pytest.mark.parametrize(
    "text",
    [
        "It consists of square brackets enclosing an expression followed by a for loop.",
        "Rank is the length of the shape, e.g. 3 for an image batch",
        "Goes between 0 and 1. Crosses 0.5 at x=0",
        "",
    ],
)
def test_prose_is_not_code(text: str) -> None:
    ex = extract_code(text)
    assert ex.code is None
    assert not ex.found


def test_ambiguous_glue_is_reported() -> None:
    glued = split_glued("x = 1 -2 print(x)")
    assert glued is not None and glued.ambiguous
    ex = extract_code("the answer: x = len(a) -2 print(x)")
    assert ex.code is None and "more than one way" in ex.reason


def test_rebuild_uses_partial_indentation_hints() -> None:
    stmts = [Stmt("for i in range(3):", 0), Stmt("x = i * 2", 1), Stmt("print(x)", 0)]
    assert rebuild(stmts).code == "for i in range(3):\n    x = i * 2\nprint(x)"


def test_rebuild_reports_when_nothing_parses() -> None:
    result = rebuild([Stmt("else:", None), Stmt("x = 1", None)])
    assert result.code is None and "no indentation" in result.reason


def test_a_long_answer_whose_indentation_was_lost_is_read_not_raised() -> None:
    """A notebook's helper functions pasted with their indentation lost, hundreds of lines long,
    made the whole submission fail to grade: the search for an indentation recursed once per
    statement (RecursionError past a thousand)."""
    answer = "".join(f"def f{i}(w):\nreturn w * {i}\n" for i in range(700))
    ex = extract_code(answer)
    assert ex.rebuilt and ex.code is not None
    assert ex.code.startswith("def f0(w):\n    return w * 0\ndef f1(w):\n    return w * 1\n")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Chapter 4 builds it this way: dset = list(zip(xs, ys)).", "dset = list(zip(xs, ys))"),
        ("Answer: a = [2*x for x in range(10) if x % 2]", "a = [2*x for x in range(10) if x % 2]"),
        ("import torch x = torch.ones(3) y = x * 2 y", "import torch\nx = torch.ones(3)\ny = x * 2\ny"),
        ("zip pairs items by position; list() materialises the iterator", None),
    ],
)
def test_code_suffix_after_prose(text: str, code: str | None) -> None:
    assert extract_code(text).code == code


# ─── try/except (issue 16, defect 3) ────────────────────────────────────────


TRY_FENCED = """My function:

```python
def first_even(xs):
    try:
        return [x for x in xs if x % 2 == 1][0]
    except IndexError:
        return None
```
"""


@pytest.mark.parametrize(
    "answer",
    [
        TRY_FENCED,
        "def f(a, b):\n    try:\n        return a / b\n    except ZeroDivisionError:\n        return 0\n"
        "    else:\n        pass\n    finally:\n        print('done')",
        "Here:\n\n    try:\n        x = int('3')\n    except ValueError as exc:\n        x = 0\n",
    ],
)
def test_indented_try_except_is_code_as_written(answer: str) -> None:
    ex = extract_code(answer)
    assert ex.code is not None, ex.reason
    assert "indentation" not in ex.reason
    assert not ex.rebuilt
    assert "    try:" in ex.code or ex.code.startswith("try:")


def test_flattened_try_except_is_rebuilt() -> None:
    ex = extract_code("def f(xs): try: return xs[0] except IndexError: return None")
    assert ex.code == "def f(xs):\n    try:\n        return xs[0]\n    except IndexError:\n        return None"
    assert ex.rebuilt


def test_markdown_list_markers_are_taken_off_code_lines_and_quoted_as_written() -> None:
    # "- a[1:, 1:]" is a bullet, not a unary minus: the list's markers are not code.
    answer = "- t = torch.arange(1, 10).view(3, 3)\n- t[1:, 1:]"
    ex = extract_code(answer)
    assert ex.code == "t = torch.arange(1, 10).view(3, 3)\nt[1:, 1:]"
    assert ex.spans == (answer,)
    numbered = extract_code("My code:\n\n1. xs = [1, 2, 3]\n2. [x * 2 for x in xs]\n")
    assert numbered.code == "xs = [1, 2, 3]\n[x * 2 for x in xs]"
    assert numbered.spans == ("1. xs = [1, 2, 3]\n2. [x * 2 for x in xs]",)


def test_a_star_bullet_before_one_line_of_code_is_a_marker_not_a_starred_target() -> None:
    # "* evens = [...]" parses as a starred assignment and only fails when compiled: still a bullet.
    ex = extract_code("* evens = [n*2 for n in nums if n % 2 == 1]\n* it's a short way to write a loop")
    assert ex.code == "evens = [n*2 for n in nums if n % 2 == 1]"


def test_a_minus_next_to_unmarked_code_is_a_minus() -> None:
    # Not every code line carries a marker: the lines are not a list, so `- t[0]` is negation.
    ex = extract_code("t = torch.arange(1, 10)\n- t[0]")
    assert ex.code == "t = torch.arange(1, 10)\n- t[0]"


def test_free_names_are_the_inputs_the_code_reads_but_never_defines() -> None:
    from greenpen.code.names import bind_inputs, free_names

    code = "import math\ndef f(a):\n    return a\nys = [f(x) * k for x in nums if x % 2]\nprint(tensr(ys), math.pi)"
    assert free_names(code) == ["k", "nums"]  # `tensr` is called: a misspelt function, not an input
    assert free_names("t = tensor(xs)", ["from torch import tensor"]) == ["xs"]
    assert bind_inputs(["x", "y"], [(), ([1, 2], "ab")]) == {"x": [1, 2], "y": "ab"}
    assert bind_inputs(["nums"], [([1, 2], "ab")]) is None  # no check gives one input


def test_a_setups_function_parameters_are_not_names_it_provides() -> None:
    from greenpen.code.names import free_names

    setup = "import torch\ndef tensor(x, *rest):\n    y = torch.tensor(x)\n    return y"
    assert free_names("list(x, y)", [setup]) == ["x", "y"]


def test_a_long_result_is_shown_with_its_first_items_and_closed_brackets() -> None:
    from greenpen.code.compare import MAX_SHOWN, show

    text = show(list(range(2, 400, 4)))
    assert text.startswith("[2, 6, 10,") and text.endswith(", …]") and len(text) <= MAX_SHOWN


def test_a_students_odd_literals_print_no_compiler_warning() -> None:
    """`[0x1for x in y]` and `1if x else 2` made the compiler print "SyntaxWarning: invalid
    hexadecimal literal" on the teacher's console, once per guess at the code."""
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        extract_code("The comprehension: odd = [0x1for x in nums] and y = 1if odd else 2")
        extract_code("```python\nodd = [2*x for x in nums if x%2]\nz = 1if odd else 2\n```")
    assert [str(w.message) for w in shown] == []


def test_a_result_of_another_shape_is_said_as_a_teacher_would() -> None:
    from greenpen.code.compare import likely_cause

    cause = likely_cause("t = x[-4:]", [10, 12, 16, 18], [[10, 12], [16, 18]])
    assert cause == "your result is 4 values in a row, where 2×2 is expected"


def test_a_line_of_code_then_an_arrow_to_the_result_it_gives() -> None:
    """`[n * 2 for n in xs if n % 2 == 1]   ->  [2, 6, 10]`: the student shows the result after an arrow; the
    code is what comes before it (a `def f(x) -> int:` stays whole)."""
    from greenpen.code.extract import extract_code

    shown = "A list comprehension:\n   [n * 2 for n in [1, 2, 3, 4, 5, 6] if n % 2 == 1]   ->  [2, 6, 10]"
    assert extract_code(shown).code == "[n * 2 for n in [1, 2, 3, 4, 5, 6] if n % 2 == 1]"
    assert extract_code("def f(x) -> int:\n    return x").code == "def f(x) -> int:\n    return x"


def test_a_line_of_code_then_a_wide_gap_and_words_about_it() -> None:
    """`[x*2 for x in nums if x % 2 == 1]     e.g. nums=[1,2,3,4,5] -> [2, 6, 10]` in a plain-text answer: after a
    wide gap the student writes about the code, and the code is what comes before it (its own spaces stay)."""
    from greenpen.code.extract import extract_code

    noted = "list comp = a list in one line\n   [x*2 for x in nums if x % 2 == 1]     e.g. nums=[1,2,3] -> [2, 6]"
    got = extract_code(noted)
    assert got.code == "[x*2 for x in nums if x % 2 == 1]"
    assert any("e.g. nums=[1,2,3]" in d for d in got.dropped)  # the words are shown as set aside, not lost
    assert extract_code("a = 1\nb = 2    # two").code == "a = 1\nb = 2    # two"


def test_what_greenpen_lacks_is_told_from_the_students_own_mistakes() -> None:
    from greenpen.code.environment import missing_module, unknown_call, without_bare_calls_of, without_imports_of

    assert missing_module("ModuleNotFoundError: No module named 'fastai.vision'") == "fastai"
    code, dropped = without_imports_of("from fastai.vision.all import *\nimport fastai\nimport torch\nx = 1", "fastai")
    assert dropped == ["from fastai.vision.all import *", "import fastai"]
    assert "import torch" in code and "fastai" not in code.split("#")[0]
    setups = ["def tensor(x):\n    return x"]
    error = "NameError: name '{}' is not defined"
    assert unknown_call("show_image(t)", error.format("show_image"), setups) == "show_image"
    assert unknown_call("t = tensr([1])", error.format("tensr"), setups) is None  # a typo of `tensor`
    assert unknown_call("y = x + 1", error.format("x"), setups) is None  # a value, not a call
    assert without_bare_calls_of("b = t\nshow_image(t)\nb", "show_image") is not None
    assert without_bare_calls_of("b = first(t)", "first") is None  # its value is used
    assert without_bare_calls_of("a = 1; show_image(a)", "show_image") is None  # would drop `a = 1` too


def test_a_short_expression_the_student_fenced_as_code_is_code() -> None:
    """"```python\na + b\n```" (the result asked for, after the setup the question gives): the line the check needs.
    It was dropped as prose, and the check read the line above ("your code produces [10, 20, 30]"), or found no code
    at all; a word alone in a fence ("yes") and an expression in a sentence stay prose."""
    assert extract_code("```python\na + b\n```\n\nShape (2, 3): b is broadcast.").code == "a + b"
    assert extract_code("```python\nb = torch.tensor([10, 20, 30])\nA * B   # matrix product\n```").code == \
        "b = torch.tensor([10, 20, 30])\nA * B   # matrix product"
    assert extract_code("```\nyes\n```").code is None
    assert extract_code("I think a + b works here").code is None
