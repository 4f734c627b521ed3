"""The submission readers: format detection, each format's blocks, and the errors users see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenpen.domain import Submission
from greenpen.errors import EmptySubmission, InputError, MissingDependency, UnsupportedFormat
from greenpen.readers import detect_format, formats, read_file

FIXTURES = Path(__file__).parent / "fixtures" / "submissions"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"

needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="../shared/samples is not beside the repository"
)


def read_one(path: Path, **kwargs: object) -> Submission:
    subs = read_file(path, **kwargs)  # type: ignore[arg-type]
    assert len(subs) == 1
    return subs[0]


# ─── the real samples ───────────────────────────────────────────────────────


@needs_samples
def test_markdown_sample_gives_ten_numbered_answers_with_mojibake_fixed() -> None:
    sub = read_one(SAMPLES / "markdown-answers-pytorch-l1.md")
    assert sub.format == "markdown"
    assert [a.number for a in sub.items] == list(range(1, 11))
    assert sub.items[0].label == "What is a model in machine learning?"
    assert (
        sub.items[9].label
        == "If your model isn't getting better, what are some things you might try to change?"
    )
    assert sub.items[0].text.startswith("In machine learning, a model is like a recipe")
    third = sub.items[2]
    assert "Feed the model data—that is" in third.text
    assert "â€" in third.original and "mojibake fixed" in third.repairs
    assert "many times—many epochs" in sub.items[6].text
    assert not any("**Answer:**" in a.text or "Answer:" in a.text[:10] for a in sub.items)
    assert "### 🧠 PyTorch Concepts – Understanding the Machine Learning Process" in sub.extra
    assert sub.title == "L1 Machine Learning Crimson - Homework Answers"


@needs_samples
def test_numbered_sample_gives_37_answers_and_restores_eaten_asterisks() -> None:
    sub = read_one(SAMPLES / "numbered-list-fastai-ch4.txt")
    assert sub.format == "numbered"
    assert [a.number for a in sub.items] == list(range(1, 38))
    assert (
        sub.items[0].label == "How is a greyscale image represented on a computer? How about a color image?"
    )
    assert sub.items[0].text.startswith("For greyscale, 1 number")
    update = sub.items[22]
    assert update.label == "What is the function to calculate new weights using a learning rate?"
    assert update.text == "w = w - lr*params.grad, or params.data -= lr*params.grad"
    assert update.original == "w = w - lrparams.grad, or params.data -= lrparams.grad"
    assert "'lrparams' read as 'lr*params'" in update.repairs
    assert sub.items[36].label.startswith("The universal approximation theorem")
    assert all(a.text and not a.text.startswith(" ") for a in sub.items)
    assert sub.items[24].text.endswith("p -= p.grad*lr p.grad.zero_()")  # real asterisks untouched


FORMS_LABELS = {
    4: "What is a list comprehension? Create one now that selects odd numbers from a list and doubles them.",
    6: "What is the difference between tensor rank and shape? How do you get the rank from the shape?",
    8: "How can you apply a calculation on thousands of numbers at once, many thousands of times faster "
    "than a Python loop?",
    9: "Create a 3×3 tensor or array containing the numbers from 1 to 9. Double it. Select the bottom-right "
    "four numbers.",
    12: "What is SGD?",
    13: "Why does SGD use mini-batches?",
    14: "What are the seven steps in SGD for machine learning?",
    21: "Draw the sigmoid function.",
    22: "What is special about the shape of the sigmoid function?",
    26: "Write pseudocode showing the basic steps taken in each epoch for SGD.",
    27: "Create a function that, if passed two arguments `[1,2,3,4]` and `'abcd'`, returns "
    "`[(1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')]`. What is special about that output data structure?",
    34: "Show Python or pseudocode for the basic steps of a training loop.",
    35: 'What is "ReLU"?',
    36: "Draw a plot of a ReLU for values from `-2` to `+2`.",
    39: "The universal approximation theorem shows that any function can be approximated as closely as "
    "needed using just one nonlinearity. So why do we normally use more?",
}


@needs_samples
@pytest.mark.parametrize("hints", [(), ("What is SGD?", "What does the optimizer do?")])
def test_forms_sample_gives_39_blocks(hints: tuple[str, ...]) -> None:
    sub = read_one(SAMPLES / "forms-export-fastai-ch4.md", hints=hints)
    assert sub.format == "forms"
    assert len(sub.items) == 39
    for position, label in FORMS_LABELS.items():
        assert sub.items[position - 1].label == label
    assert (
        sub.items[0].label == "How is a grayscale image represented on a computer? How about a color image?"
    )
    assert all(a.number is None for a in sub.items)
    assert sub.extra[:2] == ("# Questionnaire (4th chapter)", "Total de pontos 0/0")
    assert not any("\\*" in a.label or a.label.endswith("*") for a in sub.items)


@needs_samples
def test_forms_sample_attachments_code_and_repairs() -> None:
    items = read_one(SAMPLES / "forms-export-fastai-ch4.md").items
    sigmoid, relu_plot = items[20], items[35]
    assert sigmoid.text == "" and sigmoid.attachments == ("Sigmoid - BRENO...",)
    assert relu_plot.text == "" and relu_plot.attachments == ("Relu - BRENO SIL...",)
    assert items[1].text.startswith("The MNIST_SAMPLE dataset") and "MNIST\\_SAMPLE" in items[1].original
    assert items[8].text == (
        "import torch x = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]) y = x * 2 bottom_right = y[1:, 1:]"
    )
    epoch = items[25]
    assert epoch.text.startswith("using numpy:\nimport numpy as np")
    assert "lr = 0.01" in epoch.text and "theta = theta - lr * gradients" in epoch.text
    assert "Ir = 0.01" in epoch.original
    assert "code indentation looks flattened" in epoch.repairs
    assert "'Ir' read as 'lr'" in epoch.repairs
    zip_answer = items[26]
    assert (
        "def combinar_as_listas_using_zip(list1, list2):\n    return list(zip(list1, list2))"
        in zip_answer.text
    )
    assert zip_answer.text.startswith("```") and '"zip" é uma função' in zip_answer.text
    loop = items[33]
    assert "opt = optim.Adam(model.parameters(), lr=0.001)" in loop.text
    assert "# Imprime as perdas do treinamento e da validação" in loop.text
    assert loop.text.endswith(
        "print(f'Epoch [{epoch + 1}/{num_epochs}], Train Loss: {train_loss:.4f}, "
        "Valid Loss: {valid_loss:.4f}')"
    )
    assert "stray $…$ around a line removed" in loop.repairs
    assert items[37].text.count("\n\n") == 2  # F.relu answer keeps its three paragraphs


@needs_samples
def test_chat_sample_gives_prompt_and_reply_pairs() -> None:
    sub = read_one(SAMPLES / "chat-transcript-fastai-ch1.md")
    assert sub.format == "chat"
    assert [a.label for a in sub.items] == [
        "From the Fast AI course, Practical Deep Learning, summarize Chapter 1",
        "Tell me more",
        "How do you find a sweet spot between under and overfitting ?",
        "What is a validation set",
        "What are hyperparamters, exaclty?",
        "Explain the steps required to train a model",
        "What is stochastic gradient descent?",
        "What is an iterative algorithm, really?",
        "How does SGD escape the local minima?",
    ]
    assert sub.items[0].text.startswith("Chapter 1 of the Fast AI Practical Deep Learning course")
    assert sub.items[1].text.count("\n\n") == 3
    assert sub.extra == ("`2022-12-28 23:58:08`",)


@needs_samples
def test_every_sample_is_detected_by_content() -> None:
    expected = {
        "markdown-answers-pytorch-l1.md": "markdown",
        "numbered-list-fastai-ch4.txt": "numbered",
        "forms-export-fastai-ch4.md": "forms",
        "chat-transcript-fastai-ch1.md": "chat",
        "pytorch-l1-feedback-exemplar.md": "markdown",
    }
    for name, format in expected.items():
        assert detect_format(SAMPLES / name) == format


@needs_samples
def test_feedback_exemplar_keeps_feedback_out_of_answers() -> None:
    sub = read_one(SAMPLES / "pytorch-l1-feedback-exemplar.md")
    assert len(sub.items) == 10
    assert not any("Feedback" in a.text for a in sub.items)
    assert any(e.startswith("**Feedback:** I appreciate your use of the recipe analogy") for e in sub.extra)


# ─── small fixtures, one per format ─────────────────────────────────────────


def test_markdown_heading_bold_and_bare_number_questions() -> None:
    sub = read_one(FIXTURES / "headings.md")
    assert (sub.format, sub.student, sub.title) == ("markdown", "Dana Kim", "Chapter 4 homework")
    assert [(a.number, a.label) for a in sub.items] == [
        (3, 'What is a "rank-3 tensor"?'),
        (4, "What does view do?"),
        (5, "What is the learning rate?"),
        (6, "O que é broadcasting?"),
    ]
    assert sub.items[1].text.startswith("It reshapes a tensor") and sub.items[1].attachments == (
        "relu-plot.png",
    )
    assert sub.items[2].text == "The step size: w = w - lr*params.grad."
    assert sub.items[3].text == "Expandir o tensor menor para a forma do maior."
    assert "**Feedback:** Good, but say why tuning it matters." in sub.extra


def test_forms_variants() -> None:
    sub = read_one(FIXTURES / "forms.txt")
    assert sub.format == "forms" and sub.student == "Sam Rivera"
    assert [a.label for a in sub.items] == [
        "What is SGD?",
        "What is a list comprehension? Build one from a list of numbers.",
        "How can you apply a calculation on thousands of numbers at once?",
        "What is the difference between tensor rank and shape?",
        "Why can't we always use a high learning rate?",
        "Draw the sigmoid function.",
        "Write a training step in code.",
    ]
    assert sub.items[1].text == "[2*x for x in xs if x % 2]"
    assert sub.items[5].attachments == ("Sigmoid - SAM RIV...",)
    assert sub.items[6].text == "```\nlr = 0.1\np.data -= lr * p.grad\n```\n\n# Imprime a perda\nprint(loss)"
    assert sub.extra == ("Homework (chapter 4)", "Total de pontos 0/0", "Name: Sam Rivera")


def test_numbered_keeps_lists_inside_answers_and_skipped_numbers() -> None:
    sub = read_one(FIXTURES / "numbered.txt")
    assert [a.number for a in sub.items] == [1, 3, 4]
    assert sub.items[1].text == "It goes:\n1. predict\n2. loss\n4. step (yes, four)"


def test_chat_with_role_markers() -> None:
    sub = read_one(FIXTURES / "chatgpt.md")
    assert sub.format == "chat"
    assert [a.label for a in sub.items] == ["What is overfitting?", "How do I detect it?"]
    assert sub.items[0].text == (
        "Overfitting is when a model memorises the training data.\n\nIt then does badly on new data."
    )


def test_csv_gives_one_submission_per_row_and_reports_a_malformed_row() -> None:
    subs = read_file(FIXTURES / "class.csv")
    assert [s.source for s in subs] == [
        "class.csv#row2",
        "class.csv#row3",
        "class.csv#row4",
        "class.csv#row6",
    ]
    ana, bo, broken, di = subs
    assert (ana.student, ana.email, ana.format) == ("Ana Souza", "ana@example.edu", "csv")
    assert [a.label for a in ana.items] == ["What is SGD?", 'What is a "rank-3 tensor"?']
    assert ana.items[1].text == "A tensor with\nthree axes."
    assert "Score: 8/10" in ana.extra
    assert any("ana@example.edu" in line for line in ana.extra)  # shown, not only kept for the gradebook
    assert bo.items[0].text == "" and bo.items[1].text == "A cube."
    assert broken.items == () and "8 cells but the header has 6" in broken.extra[0]
    assert di.student == "Di Ng"


def test_plain_text_falls_back_to_one_block() -> None:
    sub = read_one(FIXTURES / "plain.txt")
    assert sub.format == "plain" and len(sub.items) == 1
    assert sub.items[0].label == "" and sub.items[0].text.startswith("I think a neural network")


def test_plain_text_uses_hints_to_find_questions(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text(
        "Explain SGD in your own words\n\nWe step downhill.\n\nWhy zero the gradients\n\nThey add up.\n"
    )
    sub = read_one(path, hints=("Explain SGD in your own words.", "Why do we zero the gradients?"))
    assert [(a.label, a.text) for a in sub.items] == [
        ("Explain SGD in your own words", "We step downhill."),
        ("Why zero the gradients", "They add up."),
    ]


def test_notebook_questions_in_markdown_cells_answers_below(tmp_path: Path) -> None:
    def cell(kind: str, source: str) -> dict[str, object]:
        return {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}

    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            cell("markdown", "# Chapter 4\nStudent: Lee Park"),
            cell("markdown", "**1. What is SGD?**"),
            cell("markdown", "Stochastic gradient descent."),
            cell("markdown", "## 2. Create a 3x3 tensor and double it."),
            cell("code", "t = torch.arange(1, 10).view(3, 3)\nt * 2"),
            cell("markdown", "### 3. What does view do?\n\n**Answer:** It reshapes."),
        ],
    }
    path = tmp_path / "lee.ipynb"
    path.write_text(json.dumps(notebook))
    sub = read_one(path)
    assert sub.format == "notebook" and sub.student == "Lee Park"
    assert [(a.number, a.label) for a in sub.items] == [
        (1, "What is SGD?"),
        (2, "Create a 3x3 tensor and double it."),
        (3, "What does view do?"),
    ]
    assert sub.items[1].text == "```python\nt = torch.arange(1, 10).view(3, 3)\nt * 2\n```"
    assert sub.items[2].text == "It reshapes."
    assert "# Chapter 4" in sub.extra[0]


def test_docx_headings_and_numbered_lists(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading("Homework 4", level=1)
    document.add_paragraph("Name: Ana Souza")
    for question, answer in [
        ("What is SGD?", "Gradient descent on mini-batches."),
        ("What is a tensor?", "An array."),
    ]:
        document.add_paragraph(question, style="List Number")
        document.add_paragraph(answer)
    path = tmp_path / "ana.docx"
    document.save(str(path))
    assert detect_format(path) == "docx"
    sub = read_one(path)
    assert (sub.format, sub.student, sub.source) == ("docx", "Ana Souza", "ana.docx")
    assert [(a.number, a.label, a.text) for a in sub.items] == [
        (1, "What is SGD?", "Gradient descent on mini-batches."),
        (2, "What is a tensor?", "An array."),
    ]


def test_a_word_files_header_and_footer_are_shown_once_before_the_answers(tmp_path: Path) -> None:
    """"Hannah Lindqvist – COMP 4471" in the page header and a footer: page furniture, each once, not an answer (they
    were nowhere)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Hannah Lindqvist – COMP 4471 Deep Learning"
    document.sections[0].footer.paragraphs[0].text = "Chapter 6 questionnaire | Page"
    document.add_paragraph("1. What is SGD?")
    document.add_paragraph("Gradient descent on mini-batches.")
    path = tmp_path / "hannah.docx"
    document.save(str(path))
    sub = read_one(path)
    text = [line.text for line in sub.document]
    assert text[:3] == ["Hannah Lindqvist – COMP 4471 Deep Learning", "", "Chapter 6 questionnaire | Page"]
    assert text.count("Chapter 6 questionnaire | Page") == 1


def test_code_pasted_in_a_word_file_in_a_monospace_font_is_one_code_block(tmp_path: Path) -> None:
    """Code pasted as Courier paragraphs (one per line) reads as one ``` block, its indentation and "#" kept (it was
    prose with a blank line between every line of code)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("1. Write the kernel.")
    document.add_paragraph("Like this:")
    for line in ["def f(x):", "    # the loss", "    return x * 2"]:
        document.add_paragraph().add_run(line).font.name = "Courier New"
    document.add_paragraph("It doubles x.")
    path = tmp_path / "code.docx"
    document.save(str(path))
    text = "\n".join(line.text for line in read_one(path).document)
    assert "Like this:\n\n```\ndef f(x):\n    # the loss\n    return x * 2\n```\n\nIt doubles x." in text


def test_a_whatsapp_export_whose_answers_run_over_several_lines_is_a_chat(tmp_path: Path) -> None:
    """An export that opens with the app's own stamped lines ("… - Dr. Morgan added you") and whose students post
    answers over several lines (fewer than 60 % of its lines stamped) is a chat, one submission per student (it was
    read as one numbered list, every student's answers in one report)."""
    lines = ["14/03/2024, 18:55 - Messages and calls are end-to-end encrypted. Tap to learn more.",
             "14/03/2024, 18:56 - Dr. Morgan added you",
             "14/03/2024, 19:01 - Dr. Morgan: Post your answers here, numbered please"]
    for who, hour in (("Kemi Adeyemi", 20), ("Rohan Gupta", 21)):
        lines += [f"14/03/2024, {hour}:0{n} - {who}: Q{n}: answer {n} of {who.split()[0]}\nwhich goes on here\nand here"
                  for n in range(1, 4)]
    path = _write(tmp_path / "WhatsApp Chat with DL group.txt", "\n".join(lines) + "\n")
    assert detect_format(path) == "messages"
    assert [s.student for s in read_file(path) if s.student != "Dr. Morgan"][:2] == ["Kemi Adeyemi", "Rohan Gupta"]


def _one_page_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with each line drawn as written (reportlab)."""
    pytest.importorskip("pypdf")
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    canvas = canvas_module.Canvas(str(path))
    for n, line in enumerate(lines):
        canvas.drawString(72, 800 - 20 * n, line)
    canvas.showPage()
    canvas.save()
    return path


def test_pdf_text_is_parsed_like_text(tmp_path: Path) -> None:
    path = _one_page_pdf(tmp_path / "bo.pdf", ["Bo Chen - homework", "1. What is SGD?", "Stochastic gradient descent.",
                                               "2. What is a tensor?", "An array with any number of axes."])
    assert detect_format(path) == "pdf"
    sub = read_one(path)
    assert sub.format == "pdf" and sub.student == "Bo Chen"
    assert [(a.number, a.label, a.text) for a in sub.items] == [
        (1, "What is SGD?", "Stochastic gradient descent."),
        (2, "What is a tensor?", "An array with any number of axes."),
    ]


def test_a_pdfs_ligatures_are_letters_in_the_name_and_the_answers(tmp_path: Path) -> None:
    """A font that draws "fi" as one glyph gives "Koﬁ" (U+FB01): the name matched no roster and the gradebook held the
    ligature; the letters are read instead."""
    import os

    pytest.importorskip("pypdf")
    reportlab = pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    path = tmp_path / "kofi.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Vera", 12)
    for n, line in enumerate(["Koﬁ Mensah - homework", "1. What is overfitting?", "The model ﬁts the noise.",
                              "2. What is a tensor?", "An array with any number of axes."]):
        canvas.drawString(72, 800 - 20 * n, line)
    canvas.showPage()
    canvas.save()
    sub = read_one(path)
    assert sub.student == "Kofi Mensah"
    assert [a.text for a in sub.items] == ["The model fits the noise.", "An array with any number of axes."]


def test_a_pdf_whose_glyphs_have_no_text_says_so(tmp_path: Path) -> None:
    """A Korean answer printed to PDF without its fonts' text mapping comes out as NUL characters: graded, they would
    be an answer of nothing; the teacher is told what to ask for. A stray one is shown as "\ufffd", not read as text."""
    from tests.hostile_files import _one_page_pdf as raw_pdf
    from tests.hostile_files import _stream

    pytest.importorskip("pypdf")

    path = tmp_path / "ko.pdf"
    path.write_bytes(raw_pdf(_stream(b"BT /F1 12 Tf 72 700 Td (1. What is a rank-3 tensor? \x00\x00\x00 \x00\x00 "
                                     b"\x00\x00\x00\x00 tensor) Tj ET")))
    with pytest.raises(UnsupportedFormat, match=r"ko.pdf: 9 characters of this PDF have no text behind them .*ask"):
        read_file(path)
    path.write_bytes(raw_pdf(_stream(b"BT /F1 12 Tf 72 700 Td (1. What is a rank-3 tensor? A tensor with three axes, "
                                     b"one per dimension \x00.) Tj ET")))
    text = "".join(line.text for line in read_one(path).document)
    assert "\x00" not in text and "dimension \ufffd." in text


def test_a_question_a_pdf_wrapped_over_lines_is_one_line_again() -> None:
    """A heading printed larger than the text wraps early: "27) Create a function that, if passed two arguments" over
    the rest of the question. Its lines, in the words of the pack's question (the pack words it its own way), are one
    line again, an answer written on its last line stays there, and code or a list under it is not taken in."""
    from greenpen.readers.pdf import rejoin_questions

    asked = ["Write a function that, given the two arguments [1,2,3,4] and 'abcd', returns [(1,'a'), (2,'b'), (3,'c'), "
             "(4,'d')]. What is notable about this output data structure?"]
    page = ("27) Create a function that, if passed two arguments\n[1,2,3,4] and 'abcd', returns [(1, 'a'), (2, 'b'),\n"
            "(3, 'c'), (4, 'd')]. What is special about that output data structure? A list of tuples.\n"
            "nums = [1,2,3,4]\nlabels = ['a', 'b', 'c', 'd']\n"
            "Create a function that, if passed two arguments\n- [1,2,3,4] and 'abcd' make tuples")
    assert rejoin_questions(page, asked).split("\n") == [
        "27) Create a function that, if passed two arguments [1,2,3,4] and 'abcd', returns [(1, 'a'), (2, 'b'), "
        "(3, 'c'), (4, 'd')]. What is special about that output data structure? A list of tuples.",
        "nums = [1,2,3,4]", "labels = ['a', 'b', 'c', 'd']",
        "Create a function that, if passed two arguments", "- [1,2,3,4] and 'abcd' make tuples"]
    assert rejoin_questions(page, []) == page
    # a heading wrapped over three lines, its last a word of the question alone ("numbers.")
    asked = ["Make a 3×3 tensor (or array) holding the numbers 1 to 9, double it, and select its bottom-right block of "
             "four numbers."]
    page = ("9. Make a 3×3 tensor (or array) holding the\nnumbers 1 to 9, double it, and select its bottom-right block "
            "of four\nnumbers.\nt = torch.arange(1, 10).view(3, 3) * 2")
    assert rejoin_questions(page, asked).split("\n") == [
        "9. Make a 3×3 tensor (or array) holding the numbers 1 to 9, double it, and select its bottom-right block of "
        "four numbers.", "t = torch.arange(1, 10).view(3, 3) * 2"]


def test_pdf_without_text_is_empty(tmp_path: Path) -> None:
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "scan.pdf"
    canvas = canvas_module.Canvas(str(path))
    canvas.rect(10, 10, 100, 100)
    canvas.showPage()
    canvas.save()
    with pytest.raises(EmptySubmission, match="scan.pdf: the PDF has no text layer"):
        read_file(path)


# ─── format choice and errors ───────────────────────────────────────────────


def test_formats_are_listed_in_priority_order() -> None:
    assert formats()[-1] == "plain"
    assert {"markdown", "forms", "numbered", "chat", "csv", "notebook", "docx", "pdf"} <= set(formats())


def test_format_argument_overrides_detection() -> None:
    sub = read_one(FIXTURES / "numbered.txt", format="plain")
    assert sub.format == "plain"


def test_unknown_format_name_lists_the_choices() -> None:
    with pytest.raises(UnsupportedFormat, match="unknown format 'excel': choose one of notebook, csv"):
        read_file(FIXTURES / "plain.txt", format="excel")


def test_png_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "drawing.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(UnsupportedFormat) as info:
        read_file(path)
    assert str(info.value) == (
        "drawing.png: this looks like a binary file (PNG image), not a submission — "
        "export the answers as Markdown, text, CSV, .ipynb, .docx, .odt, .pdf or .tex"
    )


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.md"
    path.write_bytes(bytes((i * 37) % 256 for i in range(2048)))
    with pytest.raises(UnsupportedFormat, match=r"answers.md: this looks like a binary file \(binary file\)"):
        read_file(path)


def test_a_damaged_excel_workbook_says_what_to_do(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "class.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormat, match="class.xlsx: this Excel file cannot be opened .* as CSV"):
        read_file(path)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_file_is_an_empty_submission(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    with pytest.raises(EmptySubmission, match="empty.md: the file"):
        read_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.md")


def test_a_notebook_with_half_an_emoji_is_read_as_text_any_model_takes(tmp_path: Path) -> None:
    """A notebook whose JSON held an emoji's halves apart ("so fast \\ud83d" / "\\ude80 …") or a
    lone half made the whole submission fail to grade (UnicodeEncodeError in the embedder's
    tokenizer): the halves are joined, a lone one becomes U+FFFD."""
    path = tmp_path / "emoji.ipynb"
    path.write_text(
        '{"cells": [{"cell_type": "markdown", "source": ["**12. What is SGD?**"]},'
        ' {"cell_type": "markdown",'
        ' "source": ["Stochastic gradient descent, so fast \\ud83d", "\\ude80 on mini-batches"]},'
        ' {"cell_type": "markdown", "source": ["**13. Why mini-batches?**"]},'
        ' {"cell_type": "markdown", "source": ["Faster than the whole set \\ud83d and less noisy"]}]}'
    )
    sub = read_one(path)
    assert [a.text for a in sub.items] == [
        "Stochastic gradient descent, so fast \U0001f680 on mini-batches",
        "Faster than the whole set \ufffd and less noisy",
    ]


def test_json_that_is_not_a_notebook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"answers": [1, 2]}')
    with pytest.raises(UnsupportedFormat, match="no reader recognises this file"):
        read_file(path)


def test_missing_docx_dependency_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    path = tmp_path / "a.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(
        MissingDependency, match=r"reading .docx files needs an optional dependency.*greenpen\[docx\]"
    ):
        read_file(path, format="docx")


def test_cp1252_and_utf16_files_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(
        "1. What is “loss”?\n\n    Café.\n\n2. Why?\n\n    Because.\n\n3. How?\n\n    So.\n".encode("cp1252")
    )
    assert read_one(path).items[0].label == "What is “loss”?"
    path.write_text(
        "1. What is loss?\n\n    Error.\n\n2. Why?\n\n    B.\n\n3. How?\n\n    S.\n", encoding="utf-16"
    )
    assert read_one(path).items[0].text == "Error."


def test_a_notebook_page_leaves_its_cell_prompts_out() -> None:
    """nbconvert writes "In [3]:" beside each cell: not the student's words (an empty cell read "In [ ]:")."""
    from greenpen.readers.html import html_to_text

    page = ('<div class="cell"><div class="prompt input_prompt">In&nbsp;[&nbsp;]:</div><div class="inner_cell">'
            '<div class="input_area"><pre>x = 1</pre></div></div></div><div class="jp-OutputPrompt">Out[1]:</div>'
            '<p>the answer</p>')
    assert html_to_text(page) == "x = 1\n\nthe answer\n"


def test_a_web_page_is_read_as_the_markdown_it_was_written_in() -> None:
    """A blog post saved as a page: its numbered steps keep their numbers (the order is graded), a question wrapped
    over two lines stays the question's, its code is fenced (so it is run as code, in its language), a paragraph
    the student indented is words, and the site's menu and footer are not the student's answers: they are shown once
    at the top, with the page's heading, where they may name the student."""
    from greenpen.readers.html import html_to_text

    page = ("<nav><a href='/'>Home</a></nav><h2>Chapter 4</h2><ol start='3'>\n<li>\n<p>What are the steps,\n"
            "in order?</p>\n<ol><li>Init</li><li value='4'>Predict</li></ol></li><li>Why <em>zero</em> the grads?"
            "</li></ol><pre><code class='language-python'>x = t.grad\nx.zero_()\n</code></pre>"
            "<pre><code>Gradients add up,\nso old ones stay.\n</code></pre><p>Use <code>t.shape</code>, "
            "<strong>not</strong> len.</p><footer>© 2020 My blog · Powered by Jekyll</footer>")
    assert html_to_text(page, markdown=True) == (
        "Home\n\n© 2020 My blog · Powered by Jekyll\n\n"
        "## Chapter 4\n\n3. What are the steps,\n   in order?\n\n   1. Init\n\n   4. Predict\n\n"
        "4. Why *zero* the grads?\n\n```python\nx = t.grad\nx.zero_()\n```\n\n"
        "Gradients add up,\nso old ones stay.\n\nUse `t.shape`, **not** len.\n")
    assert "```" not in html_to_text(page)  # a line of HTML inside a Markdown file


def test_a_code_comment_in_a_pdf_is_no_heading(tmp_path: Path) -> None:
    """A printed notebook's "# x: inputs" is a comment of the code around it: it stays in the answer, as written."""
    from greenpen.align import align
    from greenpen.domain import Pack, Question

    path = _one_page_pdf(tmp_path / "code.pdf", [
        "1. Write a dense layer in plain Python.", "def dense(x, w, b):", "# x: inputs, w: weights",
        "    return [sum(a * b for a, b in zip(x, col)) for col in w]", "2. What is a tensor?",
        "An array with any number of axes."])
    pack = Pack(id="p", title="P", questions=(
        Question(id="dense", number=1, text="Write a dense layer in plain Python.", reference="x"),
        Question(id="tensor", number=2, text="What is a tensor?", reference="x")))
    answer = align(read_one(path), pack).answer("dense").text
    assert "# x: inputs, w: weights" in answer and "return" in answer


LATEX_HOMEWORK = r"""\documentclass{article}
\usepackage{amsmath}
% my notes: finish Q3 before Friday
\title{Homework 8: Collaborative Filtering}
\author{Amara Okafor}
\begin{document}
\maketitle

\section{Answers}
\begin{enumerate}
\item \textbf{What is a dot product?}

It multiplies two vectors element-wise and sums the results: $u \cdot m = \sum_i u_i m_i$.
\begin{verbatim}
dot = sum(a * b for a, b in zip(u, m))  # 100% pure Python
\end{verbatim}

\item \textbf{What is another name for weight decay?}
L2 regularization, e.g.\ adding $\lambda \sum w^2$ to the loss.
\begin{itemize}
  \item it keeps the weights small;
  \item[--] so the model ``overfits'' less.
\end{itemize}

\item[Q5.] \emph{Why use \texttt{Embedding}?} Indexing is cheaper than a one-hot product~(same result).
\end{enumerate}

\begin{tabular}{ll}
user & bias \\
ana & 0.3 \\
\end{tabular}
\end{document}
"""


def test_latex_homework_reads_as_the_typeset_page(tmp_path: Path) -> None:
    """A LaTeX homework reads as its typeset page: the preamble gives the title and the author, `enumerate` items
    carry the numbers LaTeX prints (or their own label), bold stays bold, verbatim stays code untouched, math stays
    as the student wrote it, comments are left out, a table gives one `| … |` line per row."""
    from greenpen.readers.latex import latex_to_text

    text = latex_to_text(LATEX_HOMEWORK)
    lines = text.split("\n")
    assert lines[0] == "# Homework 8: Collaborative Filtering" and "Name: Amara Okafor" in lines
    assert "1. **What is a dot product?**" in lines
    assert "   It multiplies two vectors element-wise and sums the results: $u \\cdot m = \\sum_i u_i m_i$." in lines
    assert "   dot = sum(a * b for a, b in zip(u, m))  # 100% pure Python" in lines  # verbatim: "%" is no comment
    assert "2. **What is another name for weight decay?**" in lines
    assert any(line.strip() == "- it keeps the weights small;" for line in lines)
    assert any(line.strip() == '– so the model "overfits" less.' for line in lines)
    at = next(k for k, line in enumerate(lines) if line.strip() == "- it keeps the weights small;")
    assert lines[at + 1].strip() == '– so the model "overfits" less.'  # one-line items: a tight list, as written
    assert "Q5. *Why use `Embedding`?* Indexing is cheaper than a one-hot product (same result)." in lines
    assert "| user | bias |" in lines and "| ana | 0.3 |" in lines
    assert "finish Q3" not in text and "usepackage" not in text and "\\item" not in text
    sub = read_one(_write(tmp_path / "hw8.tex", LATEX_HOMEWORK))
    assert sub.format == "latex" and sub.student == "Amara Okafor"
    assert "What is a dot product?" in "\n".join(line.text for line in sub.document)


def test_latex_is_recognised_without_its_extension_and_broken_latex_still_reads(tmp_path: Path) -> None:
    """A .txt that holds a LaTeX document is read as one; unbalanced braces or an environment never closed (a
    homework saved half-written) lose nothing that was typed."""
    path = _write(tmp_path / "answers.txt", "\\documentclass{article}\n\\begin{document}\n\\begin{enumerate}\n"
                  "\\item \\textbf{What is a latent factor?\n\nA learned number describing a user {or an item.\n")
    assert detect_format(path) == "latex"
    sub = read_one(path)
    text = "\n".join(line.text for line in sub.document)
    assert "What is a latent factor?" in text and "A learned number describing a user or an item." in text


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_page_markup_under_an_answer_is_not_part_of_it() -> None:
    """A blog's kramdown attribute list under a paragraph (`{: .notice}`) and a "back to top" link say nothing: the
    answer is the student's words without them (a code block keeps whatever it holds)."""
    from greenpen.readers.base import make_answer, without_page_markup

    answer = make_answer("1", ["The formula is 1 - ε + ε/N.", "{: .notice}", "", "[⬆ back to top](#contents)",
                               "```", "{: .notice}", "```", "[see question 3](#q3)"])
    assert answer.text == "The formula is 1 - ε + ε/N.\n\n```\n{: .notice}\n```\n[see question 3](#q3)"
    assert without_page_markup(["{:toc}", "[Back to Top](#top)", "{ x }"]) == ["{ x }"]


def test_a_notebook_saved_as_a_script_reads_as_the_notebook(tmp_path: Path) -> None:
    """jupytext's percent format and nbconvert's script export: text cells without their "# ", code cells as fenced
    code with their comments in them; the shebang, the coding line and jupytext's header are left out."""
    from greenpen.readers.script import script_to_text

    percent = ("# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n# ---\n\n# %% [markdown]\n"
               "# **Q1.** What is a continuous variable?\n\n# %% [markdown]\n# A number whose size means something.\n\n"
               "# %%\nm.oob_score_\n# -> 0.231\n\n# %% [markdown]\n# **Q2.** What is OOB error?\n")
    text = script_to_text(percent)
    assert text.startswith("**Q1.** What is a continuous variable?\n\nA number whose size means something.")
    assert "```python\nm.oob_score_\n# -> 0.231\n```" in text and "jupytext" not in text
    exported = ("#!/usr/bin/env python\n# coding: utf-8\n\n# # Chapter 9\n# \n# My answers.\n\n# In[1]:\n\n\n"
                "from fastai.tabular.all import *\n# load the data\ndf = load()\n\n\n# ### 1. What is a continuous "
                "variable?\n# \n# Numbers whose order means something.\n\n# In[ ]:\n\n\n\n\n")
    text = script_to_text(exported)
    assert text.startswith("# Chapter 9\n\nMy answers.\n\n```python\nfrom fastai.tabular.all import *\n# load the data")
    assert "### 1. What is a continuous variable?\n\nNumbers whose order means something." in text
    assert "coding" not in text and "In[" not in text
    sub = read_one(_write(tmp_path / "ch9.py", percent))
    assert sub.format == "script"


def test_a_notebook_exported_as_a_script_and_saved_as_text_is_read_as_the_script(tmp_path: Path) -> None:
    """nbconvert's export of a questionnaire notebook of text cells (no `# In[n]:` at all, or one or two), saved as
    ".txt": it was read as Markdown, every "# answer" line taken for a heading, and the homework came back 0 %. Its
    header says what it is; the student named in brackets before a sentence is found too."""
    exported = ("#!/usr/bin/env python\n# coding: utf-8\n\n# # Chapter 8 - questionnaire\n# \n"
                "# My answers (Tomasz Nowak). Corrections welcome!\n\n# ### 19. What is another name for weight decay?"
                "\n# \n# L2 regularization.\n")
    sub = read_one(_write(tmp_path / "tnowak.txt", exported))
    assert sub.format == "script" and sub.student == "Tomasz Nowak"
    text = "\n".join(line.text for line in sub.document)
    assert "### 19. What is another name for weight decay?" in text and "\nL2 regularization." in text
    assert read_one(_write(tmp_path / "notes.txt", "# My notes\n\nSome text.\n")).format != "script"


def test_a_script_of_exercises_labelled_by_comments_right_over_their_code(tmp_path: Path) -> None:
    """"# Q1" (or "## Q3", "# %% Q4") right over the function that answers: each label is a text line of its own, so
    each answer is found; the whole script had been one block of code, and 11 of 15 answers were lost."""
    from greenpen.align import align
    from greenpen.domain import Pack, Question
    from greenpen.readers.script import script_to_text

    script = ("import torch\n\n\n# Q1\ndef make():\n    return torch.ones(2)\n\n\n## Q2\ndef middle(x):\n"
              "    return x[1:3, 1:3]\n\n# 3. sum\ntotal = 1 + 2\n\n# Question 4\nz = torch.zeros(3)\n")
    text = script_to_text(script)
    assert "Q1\n\n```python\ndef make():" in text and "# Q2\n\n```python\ndef middle(x):" in text
    assert "3. sum\n\n```python\ntotal = 1 + 2" in text and "Question 4\n\n```python\nz = torch.zeros(3)" in text
    percent = "import torch\n\n# %% Q1\nx = torch.ones(2)\n\n# %% Q2 middle block\ny = x[1:]\n"
    assert "Q1\n\n```python\nx = torch.ones(2)\n```\n\nQ2 middle block\n\n```python\ny = x[1:]" in \
        script_to_text(percent)
    pack = Pack(id="t", title="t", questions=tuple(
        Question(id=f"q{n}", number=n, text=t, reference="x", asks_code=True) for n, t in
        enumerate(["Make a tensor of ones.", "Take the middle block.", "Add one and two.", "Make zeros."], 1)))
    got = {k: a.text for k, a in align(read_one(_write(tmp_path / "week3.py", script)), pack).answers.items()}
    assert "def make()" in got["q1"] and "def middle(x)" in got["q2"] and "total = 1 + 2" in got["q3"]
    assert "torch.zeros(3)" in got["q4"] and "def middle" not in got["q1"]


def _odt(path: Path, body: str) -> Path:
    import zipfile

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:automatic-styles>'
               '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/>'
               f'</style:style></office:automatic-styles><office:body><office:text>{body}</office:text></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def test_an_opendocument_text_reads_with_its_headings_lists_bold_and_tables(tmp_path: Path) -> None:
    path = _odt(tmp_path / "hw.odt", (
        '<text:p text:style-name="Title">Tabular homework</text:p><text:p>Name: Ana Lima</text:p>'
        '<text:h text:outline-level="2">Question 1: What is bagging?</text:h>'
        '<text:p>Training<text:s text:c="2"/>models on random subsets<text:line-break/>and averaging them.</text:p>'
        '<text:p><text:span text:style-name="B">2. What is OOB error?</text:span></text:p>'
        '<text:list><text:list-item><text:p>the error on rows a tree did not see</text:p></text:list-item>'
        '<text:list-item><text:p># no validation set needed</text:p></text:list-item></text:list>'
        '<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>'
        '<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>'))
    assert detect_format(path) == "odt"
    sub = read_one(path)
    lines = [line.text for line in sub.document]
    assert "# Tabular homework" in lines and sub.student == "Ana Lima"
    assert "## Question 1: What is bagging?" in lines
    assert "Training  models on random subsets" in lines and "and averaging them." in lines
    assert "**2. What is OOB error?**" in lines
    assert "- the error on rows a tree did not see" in lines and "- \\# no validation set needed" in lines
    assert "| a | b |" in lines


def test_a_damaged_opendocument_file_says_what_to_do(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "broken.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content")
    with pytest.raises(UnsupportedFormat, match="save it again"):
        read_file(path)


def test_rich_text_reads_as_its_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "hw.rtf", "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Calibri;}}\n"
                  "\\pard\\b Chapter 9\\b0\\par\nTom\\'e1s Herrera\\par\n"
                  "\\b 1. What is a categorical variable?\\b0\\par\n"
                  "One of a few values, like Caf\\'e9 or Restaurant; you can\\rquote t add them.\\par\n"
                  "\\b 2. What is a continuous variable?\\b0\\par\nA number whose size means something.\\par\n"
                  "\\b 3. What is bagging?\\b0\\par\nAveraging models trained on random subsets.\\par\n}")
    assert detect_format(path) == "rtf"
    sub = read_one(path)
    lines = [line.text for line in sub.document]
    assert "1. What is a categorical variable?" in lines
    assert "One of a few values, like Café or Restaurant; you can’t add them." in lines
    assert sub.student == "Tomás Herrera"


def test_a_sheet_with_one_column_per_student_gives_one_submission_per_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "sheet.csv", 'Question,Ana Lima,Ben Carter\n"Q1. What is a language model?",'
                  '"A model that predicts\nthe next word.",guesses the next word\n'
                  'Q2. What is xxbos?,start of a text,\n')
    subs = read_file(path)
    assert [(s.source, s.student) for s in subs] == [("sheet.csv#Ana Lima", "Ana Lima"),
                                                     ("sheet.csv#Ben Carter", "Ben Carter")]
    assert [(a.number, a.label, a.text) for a in subs[0].items] == [
        (1, "What is a language model?", "A model that predicts\nthe next word."),
        (2, "What is xxbos?", "start of a text")]
    assert [a.text for a in subs[1].items] == ["guesses the next word", ""]
    rows = read_file(_write(tmp_path / "form.csv", "Timestamp,Name,What is a language model?\n1,Ana,predicts words\n"))
    assert [s.source for s in rows] == ["form.csv#row2"]  # one row per student: as before
    numbered = read_file(_write(tmp_path / "numbered.csv", '#,Question,Ana Lima,Ben Carter\n'
                                '1,What is a language model?,predicts the next word,\n'
                                '4,What is xxbos?,start of a text,a token\n,Teacher notes,late,\n'))
    assert [s.student for s in numbered] == ["Ana Lima", "Ben Carter"]  # a column of numbers before the questions
    assert [(a.number, a.label, a.text) for a in numbered[1].items] == [
        (1, "What is a language model?", ""), (4, "What is xxbos?", "a token"), (None, "Teacher notes", "")]


def test_a_sheet_saved_as_tab_separated_text_with_a_number_column_is_one_students_answers(tmp_path: Path) -> None:
    path = _write(tmp_path / "ch11_sheet.tsv", 'No\tQuestion\tMy answer\r\n1\t"Why is the API ""layered""?"\t'
                  'Each level is built on the one below.\r\n2\tWhat does decode do?\t"It reverses the transform,\r\n'
                  'e.g. indices back to words."\r\n7\tWrite a Transform that numericalizes.\t\r\n')
    subs = read_file(path)
    assert [s.source for s in subs] == ["ch11_sheet.tsv"]  # one learner, not one submission per row
    assert [(a.number, a.label, a.text) for a in subs[0].items] == [
        (1, 'Why is the API "layered"?', "Each level is built on the one below."),
        (2, "What does decode do?", "It reverses the transform,\ne.g. indices back to words."),
        (7, "Write a Transform that numericalizes.", "")]
    rows = read_file(_write(tmp_path / "class.csv", "Name,Question,Answer\nAna,What is a GPU?,a processor\n"))
    assert [s.source for s in rows] == ["class.csv#row2"]  # a name column first: one row per student, as before


def test_a_sheets_number_column_numbers_its_rows_over_a_label_that_opens_with_a_number(tmp_path: Path) -> None:
    path = _write(tmp_path / "ch4 - Sheet1.csv", '#,Question,Answer,Confidence (1-5)\n7,RMSE vs L1,"sqrt of mean sq; '
                  'mean abs",4\n14,7 steps of SGD,"1 init\n2 predict\n3 loss",5\n'
                  '3,3. Pixel similarity,ideal digits,4\n')
    assert [(a.number, a.label) for a in read_file(path)[0].items] == [
        (7, "RMSE vs L1"), (14, "7 steps of SGD"), (3, "Pixel similarity")]


def test_a_forum_thread_where_several_learners_post_answers_is_one_submission_per_learner(tmp_path: Path) -> None:
    """Numbered answers that open with a question's first word ("10. When doctors…") do not make their writer the
    one who asks: they end without a question mark."""
    path = _write(tmp_path / "thread.md", (
        "# Chapter 3 questionnaire – post your answers\n\n---\n\n**sofia_m** — Sep 14, 2020, 6:05pm\n\n"
        "Hi all! Post your answers below, we'll go through them on Saturday.\n\n5 Likes\n\n---\n\n"
        "**kenji_t** — Sep 15, 2020, 9:42am\n\nHere's mine.\n\n> Does ethics provide a list of right answers?\n\n"
        "No, it is a way of thinking.\n\n> What is representation bias?\n\nThe model amplifies an imbalance.\n\n"
        "> Where are most images in ImageNet from?\n\nThe US and Western Europe.\n\n3 Likes\n\n---\n\n"
        "**marisol_v** — Sep 15, 2020, 11:18pm\n\n1. No.\n2. Diverse teams see more risks.\n"
        "10. When doctors were given identical files, they treated Black patients differently.\n11. Mostly the US.\n"
        "13. When the thing you measure isn't the thing you care about.\n"
        "18. When what a company wants is not the public good.\n\n"
        "**dev_anand** — Sep 16, 2020, 7:51am\n\n3. IBM sold the tabulating machines.\n4. An engineer.\n\n"
        "**dev_anand** — Sep 16, 2020, 8:30am\n\nForgot one:\n9. Historical, measurement and aggregation bias.\n"))
    assert detect_format(path) == "messages"
    subs = read_file(path)
    assert [(s.source, s.student) for s in subs] == [
        ("thread.md#kenji_t", "kenji_t"), ("thread.md#marisol_v", "marisol_v"), ("thread.md#dev_anand", "dev_anand")]
    texts = [[line.text for line in s.document] for s in subs]
    assert "No, it is a way of thinking." in texts[0] and "2. Diverse teams see more risks." not in texts[0]
    assert "9. Historical, measurement and aggregation bias." in texts[2]  # both of dev_anand's posts
    opener = "Hi all! Post your answers below, we'll go through them on Saturday."
    assert all(opener in t for t in texts)  # the opening post is no one's answer, shown before the first question
    assert all(t.index(opener) < t.index(next(x for x in t if x[:1].isdigit() or x.startswith(">"))) for t in texts)
    assert not any("5 Likes" in t for t in texts)


def test_a_post_whose_code_imports_with_a_star_is_no_forms_export(tmp_path: Path) -> None:
    """`from fastai.collab import *` ends like a form's required question (" *"), but inside a code block."""
    path = _write(tmp_path / "post.md", "---\nlayout: post\n---\n\n## Setup\n\n```python\nfrom fastai.collab import *\n"
                  "from fastai.tabular.all import *\n```\n\n### 1. What problem does it solve?\n\nRecommendations.\n")
    assert detect_format(path) == "markdown"



def test_a_post_whose_sections_are_set_apart_by_star_rules_is_no_forms_export(tmp_path: Path) -> None:
    """A Medium post's "* * *" between sections is Markdown's thematic break, not three required-question marks."""
    body = "".join(f"> *{n}. What is question {n}?*\n\nMy answer {n}.\n\n* * *\n\n" for n in range(1, 5))
    path = _write(tmp_path / "medium.md", "# My answers\n\n" + body)
    assert detect_format(path) == "markdown"


def test_telegram_messages_copied_from_the_desktop_app_are_one_learners_answers(tmp_path: Path) -> None:
    path = _write(tmp_path / "chat.txt", (
        "Leo Brandt, [12.10.22 18:01]\ndid you finish the ch2 questionnaire?\n\n"
        "Marta Kowalska, [12.10.22 18:03]\nyes! posting mine here\n\n"
        "Marta Kowalska, [12.10.22 18:04]\n1. night photos and blurry bears\n\n"
        "Leo Brandt, [12.10.22 18:05]\nnice\n\n"
        "Marta Kowalska, [12.10.22 18:05]\n2. they sound convincing but are not factual\n"))
    assert detect_format(path) == "messages"
    sub = read_one(path)
    assert sub.student == "Marta Kowalska"
    lines = [line.text for line in sub.document if line.text.strip()]
    assert lines.index("1. night photos and blurry bears") + 1 == lines.index(
        "2. they sound convincing but are not factual")  # Leo's "nice" is not inside her answer
    assert "Leo Brandt: nice" in lines


def test_a_teams_chat_where_a_tutor_asks_one_student_reads_each_answer_after_its_question(tmp_path: Path) -> None:
    path = _write(tmp_path / "teams.txt", (
        "[10:02 AM] Maria Gonzalez\nHi Tom! I'll post the questions one by one.\n\n[10:02 AM] Tom Becker\nok 👍\n\n"
        "[10:03 AM] Maria Gonzalez\nQ1 What is self-supervised learning?\n\n[10:05 AM] Tom Becker\nLabels come from "
        "the data itself\n\n[10:07 AM] Maria Gonzalez\nQ2 What is a language model?\n\n[10:09 AM] Tom Becker\n"
        "a model that predicts\nthe next word\n\n[10:11 AM] Maria Gonzalez\nGood.\n\n[10:12 AM] Maria Gonzalez\n"
        "Q3 What is xxbos?\n\n[10:13 AM] Tom Becker\nthe start of a text\n"))
    assert detect_format(path) == "messages"
    sub = read_one(path)
    assert sub.student == "Tom Becker" and sub.source == "teams.txt"
    lines = [line.text for line in sub.document if line.text.strip()]
    at = lines.index("Q1 What is self-supervised learning?")
    assert lines[at + 1:at + 5] == ["Labels come from the data itself", "Q2 What is a language model?",
                                    "a model that predicts", "the next word"]
    assert lines.index("Good.") < at and lines.index("ok 👍") < at  # no one's answer: before the first question


def test_hugo_shortcodes_titled_with_the_question_ask_it(tmp_path: Path) -> None:
    """A Hugo post answering inside `{{< details "1. question" >}}` … `{{< /details >}}`: the title asks, whatever it
    says after its first "?", and the closing shortcode is no part of the answer."""
    from greenpen.answer_text import remainder
    from greenpen.line_shapes import line_shape

    shape = line_shape('{{< details "1. Do you need these? Lots of math, a PhD?" >}}')
    assert shape.number == 1 and shape.asks and "Lots of math" in shape.clean
    assert line_shape("{{< /details >}}").layout
    assert remainder('{{< details "1. Do you need these? Lots of math, a PhD?" >}}') == ""
    from greenpen.readers.base import make_answer

    assert make_answer("1", ["False to all four.", "{{< /details >}}", '{{< figure src="a.png" >}}']).text == (
        "False to all four.")


def test_answers_given_as_footnotes_are_read_under_their_questions(tmp_path: Path) -> None:
    """"1. What is a GPU? [^5]" with "[^5]: A processor…" at the end of the file: each footnote is read under the line
    that marks it, its indented lines with it; a footnote no line marks stays at the end; two footnotes are left
    where they are (a post's references, not its answers)."""
    from greenpen.readers.base import inline_footnotes

    text = ("# Answers\n\n1. What is a GPU? [^1]\n2. What is a metric? [^b]\n3. What is a loss? [^3]\n\n"
            "[^1]: A processor with thousands of small cores.\n[^b]: What we care about,\n    e.g. accuracy.\n"
            "[^3]: What SGD minimises.\n[^9]: An unused note.\n")
    assert inline_footnotes(text).split("\n") == [
        "# Answers", "", "1. What is a GPU?", "", "A processor with thousands of small cores.", "",
        "2. What is a metric?", "", "What we care about,", "e.g. accuracy.", "", "3. What is a loss?", "",
        "What SGD minimises.", "", "", "[^9]: An unused note.", ""]
    two = "Text [^1] and [^2].\n\n[^1]: A source.\n[^2]: Another.\n"
    assert inline_footnotes(two) == two
    sub = read_one(_write(tmp_path / "notes.md", text))
    assert "A processor with thousands of small cores." in [line.text for line in sub.document]


def test_flashcards_exported_from_anki_are_cards_labelled_by_their_fronts(tmp_path: Path) -> None:
    path = _write(tmp_path / "deck.txt", (
        "#separator:tab\n#html:true\n"
        '"What is a metric? How does it differ from ""loss""?"\t<b>Metric</b>: for people<br>Loss: for SGD\tch1\n'
        "First device based on the artificial neuron?\tMark I Perceptron &ndash; Rosenblatt\n"))
    assert detect_format(path) == "anki"
    sub = read_one(path)
    assert [(a.label, a.text) for a in sub.items] == [
        ('What is a metric? How does it differ from "loss"?', "Metric: for people\nLoss: for SGD"),
        ("First device based on the artificial neuron?", "Mark I Perceptron – Rosenblatt")]
    assert sub.extra == ("#separator:tab", "#html:true", "ch1")


def test_an_excel_export_of_a_form_reads_like_its_csv(tmp_path: Path) -> None:
    import datetime

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Timestamp", "Email address", "Name", "What is a GPU?", "What is a metric?"])
    sheet.append([datetime.datetime(2026, 11, 2, 9, 30), "ana@example.org", "Ana Lima", "Thousands of cores",
                  "What we care about,\nlike accuracy"])
    sheet.append([datetime.datetime(2026, 11, 2, 9, 41), "ben@example.org", "Ben Carter", None, 0.5])
    path = tmp_path / "quiz.xlsx"
    book.save(path)
    assert detect_format(path) == "xlsx"
    subs = read_file(path)
    assert [(s.source, s.student) for s in subs] == [("quiz.xlsx#row2", "Ana Lima"), ("quiz.xlsx#row3", "Ben Carter")]
    assert [a.text for a in subs[0].items] == ["Thousands of cores", "What we care about,\nlike accuracy"]
    assert [a.text for a in subs[1].items] == ["", "0.5"]
    assert "Timestamp: 2026-11-02 09:30:00" in subs[0].extra


def test_a_teachers_sheet_with_a_title_row_and_headers_that_are_only_question_numbers(tmp_path: Path) -> None:
    """A sheet a teacher made: a title in its first cell, a blank row, then "Student", "Q1", "Q2"… and a comments
    column. The header is the row that names the columns; "Q2" is question 2; the title stays beside each row."""
    from greenpen.align import align
    from greenpen.packs import get_pack

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Lesson 1 – collected answers (week 3)"])
    sheet.append([])
    sheet.append(["Student", "Q1", "Q2", "Question 3", "Comments"])
    sheet.append(["Marek Nowak", "a function with weights", "fitting the weights", None, "Good."])
    sheet.append(["Fatima Zahra", "f(x, w)", None, "predict, loss, step", ""])
    path = tmp_path / "class.xlsx"
    book.save(path)
    subs = read_file(path)
    assert [(s.source, s.student) for s in subs] == [("class.xlsx#row4", "Marek Nowak"),
                                                     ("class.xlsx#row5", "Fatima Zahra")]
    assert [(a.number, a.label) for a in subs[0].items][:3] == [(1, ""), (2, ""), (3, "")]
    assert "Lesson 1 – collected answers (week 3)" in subs[0].extra
    pack = get_pack("pytorch-l1")
    answers = {q.number: a.text for q in pack.questions if (a := align(subs[1], pack).answer(q.id))}
    assert answers[1] == "f(x, w)" and answers[3] == "predict, loss, step" and not answers.get(2)


def test_a_notebook_that_prints_its_answers_is_read_from_what_it_prints(tmp_path: Path) -> None:
    """Answers printed so that they show on GitHub (`print("A5:", "Minsky and Papert…")`): the cell's output is the
    student's words; "A25 & A26:" answers both; a cell printing anything else stays code."""
    from greenpen.line_shapes import number_group

    def code(source: str, printed: str) -> dict[str, object]:
        return {"cell_type": "code", "source": source, "metadata": {}, "execution_count": 1,
                "outputs": [{"output_type": "stream", "name": "stdout", "text": printed}]}

    cells = [{"cell_type": "markdown", "source": "1. What is a GPU?\n2. What is a metric?", "metadata": {}},
             code('print("A1:", "a processor with thousands of cores")', "A1: a processor with thousands of cores\n"),
             code('print("A2:", "what people care about")\nprint(1 + 1)', "A2: what people care about\n2\n"),
             code("x = 1 + 1\nprint(x)", "2\n")]
    path = tmp_path / "printed.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    text = [line.text for line in read_one(path).document]
    assert "A1: a processor with thousands of cores" in text and "A2: what people care about" in text
    assert 'print("A1:", "a processor with thousands of cores")' not in text
    assert "x = 1 + 1" in text  # no answer printed: the code, as written
    assert number_group("A25 & A26: pretrained models") == ((25, 26), "pretrained models")


def test_a_notebook_shows_what_each_code_cell_printed_under_its_code(tmp_path: Path) -> None:
    """"see the output above": what a cell printed, returned, showed or raised is in an ```output fence under its code
    (a figure by its text stand-in, an error by its name and message, a training log cut with how many lines more),
    and the grader reads the answer without it."""
    from greenpen.readers.notebook import OUTPUT_HEAD, OUTPUT_TAIL
    from greenpen.textutil import without_outputs

    def code(source: str, *outputs: dict[str, object]) -> dict[str, object]:
        return {"cell_type": "code", "source": source, "metadata": {}, "execution_count": 1, "outputs": list(outputs)}

    log = "".join(f"epoch {n}\n" for n in range(OUTPUT_HEAD + OUTPUT_TAIL + 20))
    cells = [{"cell_type": "markdown", "source": "1. What is log(-2)?", "metadata": {}},
             code("torch.log(tensor(-2.))", {"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                              "data": {"text/plain": ["tensor(nan)"]}}),
             code("dls.show_batch()", {"output_type": "display_data", "metadata": {}, "data": {
                 "image/png": "iVBOR", "text/plain": "<Figure size 900x300 with 3 Axes>"}}),
             code("learn.fit(1)", {"output_type": "display_data", "metadata": {}, "data": {
                 "text/plain": "<IPython.core.display.HTML object>",
                 "text/html": "<table><tr><th>epoch</th><th>loss</th></tr><tr><td>0</td><td>0.21</td></tr></table>"}},
                  {"output_type": "stream", "name": "stderr", "text": "\x1b[32m100%\x1b[0m done\n"}),
             code("1/0", {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
                          "traceback": []}),
             code("learn.fit(20)", {"output_type": "stream", "name": "stdout", "text": log}),
             {"cell_type": "markdown", "source": "nan: see the output above", "metadata": {}}]
    path = tmp_path / "outputs.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    text = "\n".join(line.text for line in read_one(path).document)
    assert "```python\ntorch.log(tensor(-2.))\n```\n```output\ntensor(nan)\n```" in text
    assert "```output\n[Figure size 900x300 with 3 Axes]\n```" in text  # an image, by its stand-in
    assert "```output\nZeroDivisionError: division by zero\n```" in text
    assert "```output\nepoch  loss\n0  0.21\n100% done\n```" in text  # a training table shown as HTML, no colours
    assert f"epoch {OUTPUT_HEAD - 1}\n… (20 lines of output not shown)\nepoch {OUTPUT_HEAD + 20}\n" in text
    assert f"epoch {OUTPUT_HEAD + OUTPUT_TAIL + 19}\n```" in text and f"epoch {OUTPUT_HEAD}\n" not in text
    assert without_outputs(text).count("```output") == 0 and "torch.log(tensor(-2.))" in without_outputs(text)
    assert "nan: see the output above" in without_outputs(text)


def test_numbers_answered_together_may_say_so_before_the_answer() -> None:
    """"Q24 and Q25 together -> …", "19 & 20 (both): …", "## 6 and 7 together" name their questions; numbers in a
    sentence ("4 and 5 together are fine") do not."""
    from greenpen.line_shapes import number_group

    assert number_group("Q24 and Q25 together -> a repeated letter") == ((24, 25), "a repeated letter")
    assert number_group("19 & 20 (both): x") == ((19, 20), "x")
    assert number_group("## 6 and 7 together", True) == ((6, 7), "")
    assert number_group("4 and 5 together are fine") is None
    assert number_group("4, 5 and 6 are odd") is None
    assert number_group("**(19)+(20):** export saves the model") == ((19, 20), "export saves the model")
    assert number_group("(1, 2) is a tuple") is None  # a tuple in an answer names no question
    # a bold question line that names two questions, closed by a mark, then the questions in a few words
    assert number_group("**Q25 + Q26. Out-of-domain data / domain shift?**") == (
        (25, 26), "Out-of-domain data / domain shift?")
    assert number_group("**4 and 5 are both odd**") is None
    # a heading naming two questions, then a dash and the questions in a few words
    assert number_group("Q6 + Q7 – What do `Datasets` and `DataLoaders` contain?", True) == (
        (6, 7), "What do `Datasets` and `DataLoaders` contain?")
    # every number written with a question's label: a label even when nothing closes it ("# Q16 + Q22  what is loss")
    assert number_group("Q16 + Q22  what is loss / loss vs metric") == ((16, 22), "what is loss / loss vs metric")


def test_a_headings_attributes_and_a_heading_written_in_html_are_layout() -> None:
    """"## Domanda 1 {#domanda-1}" (kramdown, Pandoc, Quarto) numbers question 1; '<h3 id="q22">22 &amp; 23. …</h3>'
    in a Markdown post is a heading naming questions 22 and 23."""
    from greenpen.line_shapes import line_shape
    from greenpen.readers.base import document_lines

    shape = line_shape("## Domanda 1 {#domanda-1}")
    assert (shape.number, shape.clean, shape.heading) == (1, "", 2)
    assert line_shape("### 3. What is X? {#q3 .unnumbered}").clean == "What is X?"
    assert line_shape("## Set {1,2}").clean == "Set {1,2}"  # braces that are no attributes stay
    (heading,) = document_lines('<h3 id="q22-q23">22 &amp; 23. CPU vs GPU for deployment</h3>')
    shape = line_shape(heading.text)
    assert (shape.group, shape.clean, shape.heading) == ((22, 23), "CPU vs GPU for deployment", 3)
    (heading,) = document_lines('<h3 id="q5">5. What is <code>item_tfms</code>?</h3>')
    assert line_shape(heading.text).clean == "What is item_tfms?"


def test_a_number_closed_by_a_slash_numbers_an_answer() -> None:
    """"1/ Both are stored as numbers." numbers its answer, as a thread's "1/" does; "1/2 of the data" does not."""
    from greenpen.line_shapes import line_shape

    assert (line_shape("1/ Both are stored as numbers.").number, line_shape("1/ Both are stored as numbers.").clean) \
        == (1, "Both are stored as numbers.")
    assert line_shape("1/2 of the data is used").number is None


def test_a_number_alone_before_an_arrow_is_answered_on_the_next_line(tmp_path: Path) -> None:
    """A chat message "Q23 -> " with the code on the line below: the code answers question 23, it does not carry on
    a question the line never asked."""
    from greenpen.align import align
    from greenpen.packs import parse_pack

    pack = parse_pack("""
id: p
title: p
questions:
  - {id: a, number: 22, text: "Do broadcasting and expand_as use more memory?", reference: "No, views."}
  - {id: b, number: 23, text: "Implement matmul using Einstein summation.", reference: "einsum('ik,kj->ij', a, b)"}
  - {id: c, number: 24, text: "What does a repeated index letter mean in einsum?", reference: "It is summed over."}
""", "p.yaml")
    path = tmp_path / "chat.txt"
    path.write_text("12/03/2024, 21:43 - Priya: Q22 -> no, it's just a view\n"
                    "12/03/2024, 21:45 - Priya: Q23 -> \ndef matmul(a,b): return torch.einsum('ik,kj->ij', a, b)\n"
                    "12/03/2024, 21:49 - Priya: Q24 -> that dim gets multiplied and summed\n", encoding="utf-8")
    alignment = align(read_one(path), pack)
    assert alignment.answer("b").text == "def matmul(a,b): return torch.einsum('ik,kj->ij', a, b)"


def test_an_empty_notebook_prompt_of_a_printed_notebook_is_no_answer() -> None:
    from greenpen.readers.base import make_answer

    assert make_answer("22", ["In [ ]:"]).text == ""
    assert make_answer("5", ["In [3]: t.shape", "Out[3]: torch.Size([3, 28, 28])"]).text.startswith("In [3]: t.shape")


def test_a_fastpages_post_whose_cells_are_html_lines_is_read_as_the_text_they_show(tmp_path: Path) -> None:
    """fastpages writes a notebook's markdown cells into the post as HTML, a heading and its paragraph on one line:
    `<h3 id="…">2. What is X?<a class="anchor-link" …> </a></h3><p>It is &#8212; …</p>`. Each line is read as the
    heading and the paragraphs it shows; code blocks stay as written."""
    path = _write(tmp_path / "2020-10-05-post.md", (
        "---\ntitle: Chapter 7\n---\n\n<div class=\"cell border-box-sizing text_cell rendered\">\n"
        '<h3 id="1.-What-is-X?">1. What is X?<a class="anchor-link" href="#1.-What-is-X?"> </a></h3>'
        "<p>X is a thing &#8212; a <code>small</code> one.</p>\n<p>It&#39;s used often.</p>\n\n"
        "```html\n<p>kept as code</p>\n```\n"))
    text = [line.text for line in read_one(path).document]
    assert "### 1. What is X?" in [t.strip() for t in text]
    assert "X is a thing — a small one." in [t.strip() for t in text] and "It's used often." in text
    assert "<p>kept as code</p>" in text


def test_a_link_in_a_page_stays_a_link() -> None:
    """A learner's deployed app is the answer to "build and deploy a model": the link to it must reach the report.
    An anchor inside the page (a notebook heading's "¶") and a link that shows its own address add nothing."""
    from greenpen.readers.html import html_to_text

    page = ('<h3 id="q9">9. Deploy a model<a class="anchor-link" href="#q9">¶</a></h3>'
            '<p>Deployed with Voil&#224; on Binder: <a href="https://mybinder.org/v2/gh/me/guitars">try it here</a>. '
            'Code at <a href="https://github.com/me/guitars">https://github.com/me/guitars</a>.</p>')
    assert html_to_text(page) == ("### 9. Deploy a model¶\n\nDeployed with Voilà on Binder: "
                                  "[try it here](https://mybinder.org/v2/gh/me/guitars). "
                                  "Code at https://github.com/me/guitars.\n")


@pytest.mark.models
def test_a_forms_column_for_a_question_the_pack_leaves_out_is_not_taken_for_the_rest_of_its_neighbour(
        tmp_path: Path) -> None:
    """"Implement progressive resizing in your own project. Did it help?" beside "What is progressive resizing?": the
    book's next question, which the pack leaves out, not a part of the question split off by the form; a part of it
    ("Why does it help?" beside "What is data augmentation?") is."""
    from greenpen.align import align
    from greenpen.domain import Pack, Question
    from greenpen.grading.embed import get_embedder

    pack = Pack("p", "P", (
        Question("resizing", 4, "What is progressive resizing?", reference="Training on small images, then larger."),
        Question("augment", 6, "What is data augmentation, and why does it help?", reference="Random changes."),
    ))
    path = tmp_path / "form.csv"
    path.write_text("Name,What is progressive resizing?,"
                    "Implement progressive resizing in your own project. Did it help?,"
                    "What is data augmentation?,Why does it help?\n"
                    "Ana Lima,Small images first,No time for the project,Random flips,More varied data\n",
                    encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack, get_embedder("use"))
    assert alignment.answer("resizing").text == "Small images first"
    assert alignment.answer("augment").text == "Random flips\n\nMore varied data"
    assert [u.text for u in alignment.unaligned] == ["No time for the project"]


def test_an_email_saved_as_a_file_is_read_as_its_text_with_the_teachers_message_set_aside(tmp_path: Path) -> None:
    """A reply saved as .eml: plain and HTML alternatives, quoted-printable, the answers numbered with no question
    text, a signature, and the teacher's e-mail with the questions quoted under it ("On … wrote:" / "> 1. How…?").
    The plain part is read, decoded; the sender names the student; the answers are read by their numbers, not taken
    from the quoted questions, which are shown after the last answer."""
    from email.message import EmailMessage

    from greenpen.align import align
    from greenpen.packs import get_pack

    body = ("Hi Dr. Evans,\n\nHere are my answers.\n\n"
            "1. In greyscale every pixel is one number from 0 to 255; in colour there are three: red, green, blue.\n\n"
            "5. A tensor with three axes, like a stack of images.\n\n"
            "10. El broadcasting expande el tensor más pequeño a la forma del más grande, sin copiar datos.\n\n"
            "Best,\nLucía\n\n-- \nLucía Fernández\nMSc Data Science, year 1\n\n"
            "On Mon, 30 Sep 2024 at 09:12, Mark Evans <m.evans@uni.example> wrote:\n> Dear all,\n>\n"
            "> 1. How is a grayscale image represented on a computer? How about a color image?\n"
            "> 5. What is a \"rank-3 tensor\"?\n> 10. What is broadcasting?\n")
    message = EmailMessage()
    message["From"] = "Lucía Fernández <lucia.fernandez@uni.example>"
    message["To"] = "Mark Evans <m.evans@uni.example>"
    message["Subject"] = "Re: Homework 4"
    message["Date"] = "Tue, 01 Oct 2024 22:15:00 +0200"
    message.set_content(body, cte="quoted-printable")
    message.add_alternative("<p>" + body.replace("\n", "<br>") + "</p>", subtype="html")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    assert detect_format(path) == "email"
    (sub,) = read_file(path)
    pack = get_pack("fastai-04")
    alignment = align(sub, pack)
    assert alignment.submission.student == "Lucía Fernández"
    got = {pack.question(q).number: a.text for q, a in alignment.answers.items() if a.text}
    assert sorted(got) == [1, 5, 10]
    assert got[10].startswith("El broadcasting expande")
    assert got[5] == "A tensor with three axes, like a stack of images."
    assert any("> 5. What is a \"rank-3 tensor\"?" in u.text for u in alignment.unaligned)


def test_an_emails_attached_text_file_is_read_as_more_of_the_reply(tmp_path: Path) -> None:
    """"Questions 10 and 11 are in the attached file": an attached .md is read as more of the reply, before the
    sign-off and the quoted message (the teacher had been told the questions were left blank, and the quoted
    message, followed by the attachment's name, was read as answers: "Best, M. Evans" graded as answer 11). An
    attachment of another kind is named at the top, not read."""
    from email.message import EmailMessage

    from greenpen.align import align
    from greenpen.packs import get_pack

    body = ("Hi,\n\nQuestions 10 and 11 are in the attached file.\n\n"
            "1. One number from 0 to 255 per pixel; in colour three: red, green, blue.\n\n"
            "5. A tensor with three axes, like a stack of images.\n\nBest regards,\nLucía\n\n"
            "On Mon, 30 Sep 2024 at 09:12, Mark Evans <m.evans@uni.example> wrote:\n> Dear all,\n>\n"
            "> 1. How is a grayscale image represented on a computer? How about a color image?\n"
            "> 11. What is the difference between tensor rank and shape?\n>\n> Best,\n> M. Evans\n")
    message = EmailMessage()
    message["From"] = "Lucía Fernández <lucia.fernandez@uni.example>"
    message["Subject"] = "Re: Homework 4"
    message.set_content(body)
    message.add_attachment("10. Broadcasting expands the smaller tensor to the shape of the larger one.\n\n"
                           "11. The rank is the number of axes; the shape is the size of each axis.\n",
                           subtype="markdown", filename="rest.md")
    message.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="plot.png")
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    (sub,) = read_file(path)
    pack = get_pack("fastai-04")
    alignment = align(sub, pack)
    got = {pack.question(q).number: a.text for q, a in alignment.answers.items() if a.text}
    assert sorted(got) == [1, 5, 10, 11]
    assert got[11] == "The rank is the number of axes; the shape is the size of each axis."
    assert got[5] == "A tensor with three axes, like a stack of images."
    left = " ".join(u.text for u in alignment.unaligned)
    assert "not read here: plot.png" in left and "Best regards" in left and "M. Evans" in left


@pytest.mark.parametrize("column", ["Student number", "Student ID number", "Matrikelnummer", "Número de matrícula",
                                    "Group"])
def test_a_university_forms_student_number_or_group_column_is_no_question(tmp_path: Path, column: str) -> None:
    """A form that asks for the student's number or group: a record of who, kept beside the answers, not a question
    the pack failed to match (the teacher was told to rename it, and each report showed it as unmatched text)."""
    rows = read_file(_write(tmp_path / "form.csv", f"Timestamp,Full name,{column},What is a language model?\n"
                                                    "1,Ana Lima,48240,predicts words\n"))
    assert [(a.label, a.text) for a in rows[0].items] == [("What is a language model?", "predicts words")]
    assert rows[0].student == "Ana Lima" and any("48240" in e for e in rows[0].extra)


def test_struck_through_text_is_left_out_of_what_is_graded() -> None:
    """`~~…~~` (GitHub) and `<del>`/`<s>` (HTML) are what the student took back; an answer struck through whole is
    kept (nothing else would be left), and code fences written with tildes are not strikethrough."""
    from greenpen.textutil import without_withdrawn

    took_back = "~~Training set, the model learns there.~~\n**Edit:** No! The validation set."
    assert "Training set" not in without_withdrawn(took_back) and "The validation set." in without_withdrawn(took_back)
    assert without_withdrawn("It is <del>element-wise</del> matrix multiplication").split() == \
        ["It", "is", "matrix", "multiplication"]
    assert without_withdrawn("~~all of it~~") == "~~all of it~~"
    fenced = "~~~python\nx = ~~5\n~~~\nIt prints -6? no, 5."
    assert without_withdrawn(fenced) == fenced
    assert without_withdrawn("a ~~first\n\nsecond~~ b") == "a ~~first\n\nsecond~~ b"  # not across paragraphs
