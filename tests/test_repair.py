"""Text repair: each repair on its own, and what must be left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenpen.repair import looks_flattened, reindent_code, repair_text


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("data\u00e2\u20ac\u201dthat is", "data—that is"),  # em dash: E2 80 94 read as cp1252
        ("Concepts \u00e2\u20ac\u201c Understanding", "Concepts – Understanding"),
        ("\u00f0\u0178\u00a7\u00a0 PyTorch", "🧠 PyTorch"),  # 4-byte emoji ending in NBSP
        ("caf\u00c3\u00a9 and a\u00c3\u00a7\u00c3\u00a3o", "café and ação"),
        ("it\u00e2\u20ac\u2122s", "it’s"),
    ],
)
def test_mojibake_is_decoded(broken: str, fixed: str) -> None:
    assert repair_text(broken) == (fixed, ("mojibake fixed",))


@pytest.mark.parametrize(
    "clean",
    [
        "“pixel similarity” can’t — fine",
        "Olá, ação, café, Müller, naïve, 3×3, x²",
        "A grayscale image is a matrix.",
        "€5 • bullet — dash",
    ],
)
def test_clean_text_is_left_alone(clean: str) -> None:
    assert repair_text(clean) == (clean, ())


def test_markdown_escapes_are_removed() -> None:
    text, repairs = repair_text(r"new\_weight = old\_weight - learning\_rate \* gradient \{x\}")
    assert text == "new_weight = old_weight - learning_rate * gradient {x}"
    assert repairs == ("markdown escapes removed",)


def test_latex_parentheses_are_not_unescaped() -> None:
    assert repair_text(r"\(x^2\)") == (r"\(x^2\)", ())


def test_stray_dollars_around_a_code_line_are_removed() -> None:
    text, repairs = repair_text(" $print(f'Epoch [\\{epoch + 1\\}/\\{num\\_epochs\\}]')$ ")
    assert text == "print(f'Epoch [{epoch + 1}/{num_epochs}]')"
    assert "stray $…$ around a line removed" in repairs


def test_maths_in_dollars_is_kept() -> None:
    assert repair_text("$x^2 + y^2$") == ("$x^2 + y^2$", ())


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Ir = 0.01", "lr = 0.01"),
        ("theta = theta - Ir \\* gradients", "theta = theta - lr * gradients"),
        ("opt = optim.Adam(model.parameters(), Ir=0.001)", "opt = optim.Adam(model.parameters(), lr=0.001)"),
    ],
)
def test_capital_i_r_in_code_is_lr(broken: str, fixed: str) -> None:
    text, repairs = repair_text(broken)
    assert text == fixed and "'Ir' read as 'lr'" in repairs


@pytest.mark.parametrize("prose", ["Ir para casa, depois voltar.", "Ir e vir é cansativo", "Irish data"])
def test_ir_in_prose_is_kept(prose: str) -> None:
    assert repair_text(prose) == (prose, ())


def test_ir_in_a_code_block_is_lr() -> None:
    text, repairs = repair_text("see:\n```\nstep(Ir)\n```", code_like=False)
    assert text == "see:\n```\nstep(lr)\n```" and "'Ir' read as 'lr'" in repairs


@pytest.mark.parametrize(
    ("broken", "fixed", "note"),
    [
        ("w = w - lrparams.grad", "w = w - lr*params.grad", "'lrparams' read as 'lr*params'"),
        ("p -= lrp.grad", "p -= lr*p.grad", "'lrp' read as 'lr*p'"),
        ("w -= lrgradient", "w -= lr*gradient", "'lrgradient' read as 'lr*gradient'"),
    ],
)
def test_asterisks_eaten_by_italics_are_restored(broken: str, fixed: str, note: str) -> None:
    assert repair_text(broken) == (fixed, (note,))


@pytest.mark.parametrize("kept", ["lrw is a name", "the lrp value", "lr_find()", "p.grad*lr", "lrate = 3"])
def test_eaten_asterisk_repair_is_conservative(kept: str) -> None:
    assert repair_text(kept) == (kept, ())


def test_flattened_indentation_is_noted_not_changed() -> None:
    code = "for epoch in range(n):\n for i in range(m):\n xi = X[i]\n theta = theta - lr * g"
    assert looks_flattened(code)
    text, repairs = repair_text(code)
    assert text == code and repairs == ("code indentation looks flattened",)


def test_reindent_rebuilds_when_only_one_reading_compiles() -> None:
    assert (
        reindent_code("def f(a, b):\nreturn list(zip(a, b))") == "def f(a, b):\n    return list(zip(a, b))\n"
    )
    assert reindent_code("if x:\nfoo()\nelse:\nbar()") == "if x:\n    foo()\nelse:\n    bar()\n"
    assert reindent_code("for x in xs:\nprint(x)") == "for x in xs:\n    print(x)\n"


def test_reindent_keeps_brackets_together() -> None:
    code = "def f():\nreturn g(\n1,\n2)"
    assert reindent_code(code) == "def f():\n    return g(\n        1,\n        2)\n"


def test_reindent_gives_up_when_ambiguous() -> None:
    assert reindent_code("for e in range(n):\n for i in range(m):\n xi = X[i]\n yi = y[i]") is None
    assert reindent_code("for x in xs:\nprint(x)\nprint(y)") is None
    assert reindent_code("this is not python at all:") is None


def test_reindent_returns_valid_code_dedented() -> None:
    assert reindent_code("    x = 1\n    if x:\n        y = 2\n") == "x = 1\nif x:\n    y = 2\n"


@given(st.text(max_size=200))
def test_repair_never_fails_and_reports_every_change(text: str) -> None:
    repaired, repairs = repair_text(text)
    assert repairs or repaired == text


def test_ligatures_a_pdf_keeps_as_one_character_are_written_out() -> None:
    """"eﬃciency", "overﬁt" (a PDF's text): the letters, so the words match and are quoted as the student wrote them;
    a superscript ("w²") is no ligature and stays."""
    fixed = ("efficiency, overfit, flat and w²", ("ligatures written out",))
    assert repair_text("eﬃciency, overﬁt, ﬂat and w²") == fixed
