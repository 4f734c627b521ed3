"""Finding a pack's questions in free-text files of every layout students write.

One small fixture per layout (tests/fixtures/layouts/), each checked question by question,
and a property test that builds submissions from the pack's questions in random layouts.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenpen.align import align
from greenpen.domain import Alignment, Pack, Question, Submission
from greenpen.errors import AlignmentError
from greenpen.grading.embed import get_embedder
from greenpen.locate import locate
from greenpen.packs import get_pack
from greenpen.readers import read_file
from greenpen.readers.base import document_lines

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
PACK = get_pack("pytorch-l1")
BY_NUMBER = {q.number: q for q in PACK.questions}
SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-world"


def answers_of(name: str, embedder=None) -> dict[int, str]:
    (sub,) = read_file(LAYOUTS / name)
    alignment = align(sub, PACK, embedder)
    return {q.number: a.text for q in PACK.questions if (a := alignment.answer(q.id)) is not None}


def test_every_item_numbered_one_with_indented_bullet_answers() -> None:
    got = answers_of("ones-list.md")
    assert got[1] == "a function with adjustable parameters that maps inputs to predictions"
    assert got[2].startswith("adjusting the parameters")
    assert got[3].startswith("predict, measure the loss")
    assert got[4] == ""  # the question is there with nothing under it: missing, not the next answer
    assert got[5] == "- a number saying how wrong the predictions are\n- training minimises it"
    assert set(got) == {1, 2, 3, 4, 5}


def test_bullet_questions_with_nested_bullet_answers() -> None:
    got = answers_of("nested-bullets.md")
    assert got[1] == "a mathematical function whose weights are learned from data"
    assert "updates the weights using the gradients" in got[6]
    assert "True or false: it computes the loss `F`" in got[6]
    assert got[8].startswith("the size of each step")


def test_bold_question_with_the_answer_on_the_next_line_and_a_preamble() -> None:
    (sub,) = read_file(LAYOUTS / "bold-next-line.md")
    alignment = align(sub, PACK)
    got = {q.number: a.text for q in PACK.questions if (a := alignment.answer(q.id))}
    assert got[1] == "A recipe that turns inputs into outputs, with numbers we can tune."
    assert got[2].startswith("Showing it examples")
    assert got[3].startswith("Guess, check the error")
    assert "I found the second question hard" in alignment.unaligned[0].text
    assert alignment.answer(PACK.questions[1].id).where == "lines 6-7"


def test_numbers_without_question_text_fall_back_to_the_numbers() -> None:
    got = answers_of("numbers-only.txt")
    assert got[1] == "a function with parameters learned from examples"
    assert got[3] == "forward pass, loss, backward pass, optimizer step"
    assert got[5].startswith("it scores how wrong")
    assert set(got) == {1, 2, 3, 4, 5}


def test_heading_questions_crlf_escapes_and_answers_as_heading_quote_code_or_tabbed() -> None:
    got = answers_of("headings-crlf.md")
    assert got[1] == "A function from inputs to outputs with learnable_weights."
    assert got[2] == "Fitting the weights to data by lowering the loss."  # an answer quoted whole: without its marks
    assert got[3].startswith("```python\nfor xb, yb in dl:\n    loss = loss_fn(model(xb), yb)")
    assert got[6] == "It changes the parameters in the direction that lowers the loss."


def test_q_and_a_labels_missing_answer_and_merged_questions() -> None:
    (sub,) = read_file(LAYOUTS / "qa-labels.md")
    alignment = align(sub, PACK)
    got = {q.number: a.text for q in PACK.questions if (a := alignment.answer(q.id))}
    assert got[1] == "A function that maps inputs to predictions."
    assert got[2] == ""
    assert got[5].startswith("The loss measures the error")
    assert got[6] == got[5]  # one line asked both: the answer answers both
    assert got[7] == "Its weights start random, so its first guesses are poor."
    assert "review chapter 1" in alignment.unaligned[0].text


def test_english_questions_answered_in_other_languages() -> None:
    got = answers_of("languages.md")
    assert got[1].startswith("Uma função")
    assert got[2].startswith("Ajustar los parámetros")
    assert got[8].startswith("学习率")


@pytest.mark.models
def test_questions_translated_into_portuguese_are_found_by_meaning() -> None:
    from greenpen.grading.embed import get_embedder

    got = answers_of("translated-pt.md", get_embedder("use"))
    assert got[1].startswith("Uma função com parâmetros")
    assert got[2].startswith("Ajustar os parâmetros")
    assert got[8].startswith("É o tamanho do passo")


def test_notebook_questions_in_markdown_cells_answers_in_markdown_and_code_cells() -> None:
    (sub,) = read_file(LAYOUTS / "notebook.ipynb")
    alignment = align(sub, PACK)
    got = {q.number: a for q in PACK.questions if (a := alignment.answer(q.id))}
    assert got[1].text == "A function whose parameters are fitted to data."
    assert got[9].text.startswith("```python\nclass Net(nn.Module):")
    assert got[9].text.endswith("It needs parameters that require gradients and a forward method.")
    assert "ok" not in got[9].text.split("```")[-1]  # outputs are not the student's writing
    assert got[10].text == "The learning rate first, then the architecture."
    assert got[10].where == "cell 7, lines 1-3"
    assert "Week 1 homework" in alignment.unaligned[0].text


def test_an_unclosed_fence_does_not_swallow_the_later_questions() -> None:
    text = (
        "1. What is a model in machine learning?\n```python\nmodel = f(x)\n\n"
        "2. What does it mean to train a model?\nFitting it.\n"
    )
    found = locate(document_lines(text), PACK)
    assert found.answers[PACK.questions[1].id].text == "Fitting it."


def test_a_file_with_no_question_of_the_pack_is_refused_with_a_clear_message() -> None:
    sub = Submission("notes.md", "markdown", (), document=document_lines("Buy milk.\nCall the bank on Monday.\n"))
    with pytest.raises(AlignmentError, match=r"notes.md: none of the questions of pack pytorch-l1 was found") as err:
        align(sub, PACK)
    # it says what greenpen looks for and what to do, not "run greenpen read" (the command that just failed)
    assert "number each answer by its question" in str(err.value) and "greenpen read" not in str(err.value)


# ─── property: any layout, every answer back whole under its question ──────

WORDS = ["banana", "orbit", "violet", "pebble", "lantern", "marble", "thunder", "cactus", "harbor", "velvet"]
STYLES = ["one", "numbered", "heading", "bold", "bullet", "qa", "plain"]


def render(style: str, number: int, question: str, answer: list[str], crlf_indent: str) -> list[str]:
    head = {
        "one": f"1. {question}", "numbered": f"{number}. {question}", "heading": f"## {number}) {question}",
        "bold": f"**{question}**", "bullet": f"* {question}", "qa": f"**Q:** {question}", "plain": question,
    }[style]
    if style in ("one", "numbered", "bullet"):
        body = [f"{crlf_indent}- {line}" if i == 0 else f"{crlf_indent}  {line}" for i, line in enumerate(answer)]
    elif style == "qa":
        body = [f"**A:** {line}" if i == 0 else line for i, line in enumerate(answer)]
    else:
        body = ["", *answer] if answer else []
    return [head, *body, ""]


@st.composite
def submissions(draw):
    chosen = draw(st.lists(st.sampled_from(PACK.questions), min_size=1, max_size=len(PACK.questions), unique=True))
    chosen.sort(key=lambda q: q.number)
    style = draw(st.sampled_from(STYLES))
    indent = draw(st.sampled_from(["    ", "  ", "\t"]))
    expected: dict[int, str] = {}
    lines = draw(st.sampled_from([[], ["Some notes before I start.", ""]]))
    for q in chosen:
        n_lines = draw(st.integers(0, 3))
        answer = [" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8))) for _ in range(n_lines)]
        expected[q.number] = "\n".join(answer)
        lines += render(style, q.number, q.text, answer, indent)
    return "\n".join(lines), expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(submissions())
def test_property_every_answer_comes_back_whole_under_its_question(case) -> None:
    text, expected = case
    document = document_lines(text)
    found = locate(document, PACK)
    for number, answer in expected.items():
        q = BY_NUMBER[number]
        assert q.id in found.answers, f"question {number} not found in:\n{text}"
        got = found.answers[q.id].text
        assert " ".join(got.replace("- ", "").split()) == " ".join(answer.split()), text
    assert {q.id for q in PACK.questions if q.id in found.answers} == {BY_NUMBER[n].id for n in expected}
    for index, line in enumerate(document):  # nothing lost: every line with words is placed somewhere
        if re.search(r"\w", line.text):
            assert index in found.placement, f"line {index + 1} {line.text!r} went nowhere"


# ─── the real learners' files (when ../shared is present) ─────────────────


@pytest.mark.models
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/real-world is not beside the repository")
@pytest.mark.parametrize("chapter,pack_ref", [("fastai-04", "fastai-04"), ("fastai-02", "fastai-02/fastai-02.yaml")])
def test_real_files_answers_are_read(chapter: str, pack_ref: str) -> None:
    """At least 98% of the answered questions of every real file are read under their number."""
    from greenpen.grading.embed import get_embedder

    pack = get_pack(pack_ref if pack_ref == "fastai-04" else str(SHARED / pack_ref))
    expected = json.loads((SHARED / chapter / "expected.json").read_text(encoding="utf-8"))
    answered = read = 0
    for name, questions in expected.items():
        if name.startswith("_"):
            continue
        (sub,) = read_file(SHARED / chapter / name, hints=[q.text for q in pack.questions])
        alignment = align(sub, pack, get_embedder("use"))
        by_number = {q.number: alignment.answer(q.id) for q in pack.questions}
        for number, verdict in questions.items():
            if verdict["verdict"] == "missing":
                continue
            answered += 1
            answer = by_number.get(int(number))
            read += bool(answer and answer.text.strip())
    assert read / answered >= 0.98, f"{chapter}: read {read} of {answered}"


@pytest.mark.models
@pytest.mark.skipif(not SHARED.exists(), reason="../shared/real-world is not beside the repository")
@pytest.mark.parametrize("chapter,pack_ref", [("fastai-04", "fastai-04"), ("fastai-02", "fastai-02/fastai-02.yaml")])
def test_a_real_file_published_as_a_web_page_reads_as_its_markdown(chapter: str, pack_ref: str,
                                                                   tmp_path: Path) -> None:
    """A learner's Markdown, published as a blog page (rendered by markdown-it, inside a site's menu and footer), is
    read into the same questions with the same words (a list's numbers are the page's: "1." after "14." continues
    its list as 15), its steps on lines of their own, its code stays code
    (fenced, so it is run), a paragraph it indents stays words, and the site's footer is no answer to the last
    question."""
    from markdown_it import MarkdownIt

    pack = get_pack(pack_ref if pack_ref == "fastai-04" else str(SHARED / pack_ref))
    hints = [q.text for q in pack.questions]
    render = MarkdownIt("commonmark").enable("table").render

    def read_words(path: Path) -> dict[int, list[str]]:
        (sub,) = read_file(path, hints=hints)
        alignment = align(sub, pack, get_embedder("use"))
        return {q.number: [w for w in re.findall(r"\w+", a.text.lower()) if not w.isdigit()] for q in pack.questions
                if (a := alignment.answer(q.id)) and a.text.strip()}

    for source in sorted((SHARED / chapter).glob("*.md")):
        page = tmp_path / (source.stem + ".html")
        page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>My answers</title></head><body>"
                        "<nav><a href='/'>Home</a> | <a href='/about'>About</a></nav><article>"
                        + render(source.read_text(encoding="utf-8"))
                        + "</article><footer>© 2020 My blog · Powered by Jekyll</footer></body></html>",
                        encoding="utf-8")
        assert read_words(page) == read_words(source), source.name


def test_markdown_table_rows_of_number_question_and_answer() -> None:
    got = answers_of("table.md")
    assert got == {1: "A function with learned parameters.", 2: "Changing the parameters to lower the loss.", 4: ""}


def test_html_details_blocks_with_the_question_in_the_summary() -> None:
    got = answers_of("html-details.md")
    assert got == {1: "A function that maps inputs to predictions.", 6: "It updates the weights from the gradients."}


def test_a_list_of_the_questions_before_the_answered_copies_is_not_taken_for_the_answers() -> None:
    (sub,) = read_file(LAYOUTS / "questions-then-answers.md")
    alignment = align(sub, PACK)
    got = {q.number: a.text for q in PACK.questions if (a := alignment.answer(q.id))}
    assert got == {1: "A function with parameters we fit to data.",
                   2: "Lowering the loss by changing the parameters.", 3: "Predict, loss, gradients, step."}
    assert "2. What does it mean to train a model?" in alignment.unaligned[0].text  # the list is kept, not lost


def test_questions_listed_then_numbered_answers_below() -> None:
    got = answers_of("answers-listed-separately.txt")
    assert got == {1: "A function with parameters we fit to data.",
                   2: "Lowering the loss by changing the parameters.", 3: "Predict, loss, gradients, step."}


@pytest.mark.models
def test_greenpen_grade_refuses_a_file_with_no_question_and_grades_the_rest(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from greenpen.cli import cli

    notes = tmp_path / "notes.md"
    notes.write_text("# Shopping\n\n- milk\n- bread\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["grade", str(notes), str(LAYOUTS / "bold-next-line.md"), "--pack",
                                      "pytorch-l1", "--no-db", "--no-code", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "notes.md: none of the questions of pack pytorch-l1 was found in this file" in result.output
    assert "Graded 1 of 2 submissions" in result.output
    assert (tmp_path / "out" / "bold-next-line.json").exists()


def _bread_pack() -> Pack:
    texts = [
        "Which of these do you need to bake bread? A stand mixer T/F; An expensive oven T/F; "
        "Years of training T/F; A sourdough starter T/F",
        "Why does dough rise? Explain what the yeast does.",
        "What does kneading do? Say what happens to the gluten.",
        "Which of these speed up cooling? A fan T/F; A fridge T/F; Slicing it early T/F",
    ]
    return Pack(id="bread", title="Bread", questions=tuple(
        Question(id=f"b{n}", number=n, text=t, reference="x") for n, t in enumerate(texts, start=1)))


BREAD = ("What is the name of the yeast used for most bread?", "What are the two stages of proofing?",
         "How do you know the bulk rise is done?", "Why score the loaf?",
         "Which flour has the most protein?", "Why does salt matter?")
"""Questions of the home-baking pack the layout fixtures answer."""


def _bread_answers(fixture: str, questions: int = 4) -> tuple[dict[int, str], Alignment]:
    """The answers read from `fixture` to the first `questions` bread questions, by number."""
    pack = Pack(id=f"bread-{fixture}", title="Bread", questions=tuple(
        Question(id=f"b{n}", number=n, text=t, reference="x") for n, t in enumerate(BREAD[:questions], start=1)))
    return _answers_in(fixture, pack)


def _answers_in(fixture: str, pack: Pack) -> tuple[dict[int, str], Alignment]:
    """The answers read from the layout `fixture` to `pack`'s questions, by number, and the alignment."""
    (sub,) = read_file(LAYOUTS / fixture)
    alignment = align(sub, pack)
    return {q.number: a.text for q in pack.questions if (a := alignment.answer(q.id))}, alignment


def test_the_rest_of_the_question_copied_after_it_is_not_the_answer() -> None:
    got, alignment = _answers_in("question-parts-echoed.md", _bread_pack())
    # the question's own T/F items under its heading
    assert got[1] == "All false: a bowl, a hot home oven and a packet of dry yeast are enough."
    # the question's second sentence on the same line, then the answer
    assert got[2] == ("The yeast eats sugars and gives off carbon dioxide, which gets trapped in the gluten.")
    # a bold line is the question as a whole, its second sentence reworded or not
    assert got[3] == "It lines up the gluten strands into a stretchy network that holds the gas."
    assert got[4] == "T, F, T: a fan helps, the fridge makes it stale."  # and its `A:` label is gone


def test_a_capitalised_answer_is_not_the_students_name() -> None:
    pack = Pack(id="bread2", title="Bread", questions=(
        Question(id="y", number=1, text="What is the name of the yeast used for most bread?", reference="x"),
        Question(id="p", number=2, text="What are the two stages of proofing?", reference="x"),
    ))
    (sub,) = read_file(LAYOUTS / "blockquoted-questions.md")
    alignment = align(sub, pack)
    assert alignment.answer("y").text == "Baker's Yeast Strain"
    assert alignment.submission.student == ""


def test_a_heading_pasted_below_the_questions_of_a_notebook_is_not_the_students_name() -> None:
    pack = Pack(id="bread3", title="Bread", questions=(
        Question(id="y", number=1, text="What is the name of the yeast used for most bread?", reference="x"),
        Question(id="p", number=2, text="What are the two stages of proofing?", reference="x"),
    ))
    (sub,) = read_file(LAYOUTS / "notebook-pasted-notes.ipynb")
    alignment = align(sub, pack)
    assert alignment.answer("p").text.startswith("Bulk rise, then the final proof.")
    assert alignment.submission.student == ""


def test_two_questions_written_together_share_the_answer_under_them() -> None:
    got, alignment = _bread_answers("two-questions-one-answer.md", 6)
    assert got[3].startswith("First the bulk rise, then the final proof")
    assert got[2] == got[3]  # asked together, answered together
    assert got[4] == "So it opens where you want it to."
    assert got[6] == "Bread flour, the strongest; salt tightens its gluten and slows the yeast down."
    assert got[5] == got[6]
    assert alignment.answer("b1").text == "Baker's yeast."


def test_numbered_or_italic_answer_labels_and_a_heading_that_holds_the_whole_question() -> None:
    got, alignment = _answers_in("numbered-labels-headings.md", _bread_pack())
    # a heading is the question, its T/F items reworded too
    assert got[1] == "Neither: a bowl and a normal oven do."
    assert got[2] == "The yeast gives off gas that the gluten traps."  # `A2.` numbers the answer
    assert got[3] == "it lines the gluten up into a stretchy net."  # `*Answer:*` in italics


def test_a_note_under_its_own_heading_after_an_answer_is_not_part_of_the_answer() -> None:
    got, alignment = _bread_answers("note-heading-between-answers.md")
    assert got[1] == "Baker's yeast."
    assert "I skipped the question" in " ".join(u.text for u in alignment.unaligned)
    assert got[3] == "When it has doubled in size"  # an answer written as a heading is still the answer
    assert got[4] == "So it opens where you want it to."


def test_an_arrow_or_pointing_hand_before_an_answer_is_a_marker_and_alone_is_no_answer() -> None:
    got, alignment = _bread_answers("pointer-answers.md")
    assert got == {1: "baker's yeast", 2: "", 3: "it has doubled", 4: "so it opens where you want"}


def test_html_colour_and_emphasis_tags_around_an_answer_are_taken_off() -> None:
    got, alignment = _bread_answers("html-coloured-answers.md")
    assert got[1] == "Baker's yeast, Saccharomyces cerevisiae."
    assert got[2] == "The bulk rise, then the final proof."
    assert got.get(3, "") == ""
    assert "<b>not</b> markup" in got[4]


def test_questions_asked_in_code_cell_comments_take_the_rest_of_the_cell() -> None:
    got, alignment = _bread_answers("notebook-comment-questions.ipynb", 3)
    assert got[1] == "baker's yeast"
    assert got[2].startswith("```python\nstages = ['bulk rise', 'final proof']\n```")
    assert "The bulk rise is the longer one." in got[2]
    assert "poke(dough)" in got[2]  # a comment that is no numbered question stays code
    assert got[3] == "It has doubled."
    assert "```" not in " ".join(u.text for u in alignment.unaligned)


def test_the_questions_items_marked_true_or_false_one_by_one_are_the_answer() -> None:
    got, _ = _answers_in("true-false-items-answered.md", _bread_pack())
    assert got[1].startswith("- A stand mixer: F\n- An expensive oven: F")
    assert got[1].endswith("Only flour, water, salt and yeast really.")
    assert got[4] == "A fan: T, A fridge: F, Slicing it early: T"  # answered on the question's line


THREE_ASKED = ("> 1. Why do you rest a steak after cooking it?\n\nSo the juices settle.\n\n"
               "> 2. What does blanching vegetables do?\n\nA short boil, then ice water.\n\n"
               "> 3. Why add salt to pasta water?\n\n")
"""Three of the kitchen questions quoted, the first two answered: a file's end under the third is what a test adds."""


def _kitchen_pack() -> Pack:
    texts = ["Why do you rest a steak after cooking it?", "What does blanching vegetables do?",
             "Why add salt to pasta water?", "What is an emulsion?", "How can you tell oil is hot enough for frying?"]
    return Pack(id="kitchen", title="Kitchen", questions=tuple(
        Question(id=f"k{n}", number=n, text=t, reference="x") for n, t in enumerate(texts, start=1)))


def test_a_section_of_its_own_after_the_last_answer_is_not_part_of_it() -> None:
    pack = _kitchen_pack()
    (sub,) = read_file(LAYOUTS / "trailing-section.md")  # a title, then prompts that are not bullets
    alignment = align(sub, pack)
    assert alignment.answer("k5").text == "a wooden spoon dipped in it makes small bubbles all around"
    assert alignment.answer("k5").where == "lines 19-22"  # was 19-27
    left = " ".join(u.text for u in alignment.unaligned)
    assert "Going Further" in left and "write down what went wrong" in left  # kept, not dropped
    (sub,) = read_file(LAYOUTS / "trailing-questions.md")  # a title, then questions that are not the pack's
    alignment = align(sub, pack)
    assert alignment.answer("k2").text == "A short boil then ice water. It keeps the colour and stops the cooking."
    assert "How often should a knife be sharpened?" in " ".join(u.text for u in alignment.unaligned)


@pytest.mark.parametrize(("answer", "tail"), [
    ("- answer", "- the main idea\n\nExample\n- a steak rested five minutes\n- stays juicy"),  # its own list
    ("Answer", "The main idea.\n\nExample\nA steak rested five minutes stays juicy.\nCut at once, it bleeds."),
])
def test_a_subheading_inside_the_last_answer_stays_in_it(answer: str, tail: str) -> None:
    pack = _kitchen_pack()
    lines = [f"{q.text}\n\n{answer} {q.number}\n" for q in pack.questions[:4]]
    text = "\n".join([*lines, pack.questions[4].text, "", tail, ""])
    found = locate(document_lines(text), pack)
    assert found.answers["k5"].text.endswith(tail.splitlines()[-1].lstrip("- "))
    assert "Example" in found.answers["k5"].text


def test_a_line_labelled_as_an_answer_is_never_taken_for_a_question() -> None:
    # "A) … you know the bulk rise is done …" reads much like question 3, which this learner skipped.
    got, _ = _bread_answers("q-a-parenthesis-labels.txt")
    assert got[2].startswith("the bulk rise and the final proof")
    assert not got.get(3)
    assert got[4] == "so it opens where you want it to"


@pytest.mark.parametrize("label", ["## 2 & 3", "### Q2/3", "## 2 and 3", "**2, 3.**", "## Questions 2 and 3",
                                   "**Q2 & Q3**", "2 & 3."])
def test_a_label_naming_two_questions_gives_its_answer_to_both(label: str) -> None:
    pack = _kitchen_pack()
    k1, k4, k5 = (f"## {q.number}. {q.text}" for q in (pack.questions[0], pack.questions[3], pack.questions[4]))
    answer = "A short boil then ice water keeps the colour.\n\nSalt seasons the pasta from the inside."
    text = (f"{k1}\n\nSo the juices settle.\n\n{label}\n{answer}\n\n"
            f"{k4}\n\nOil and water held together.\n\n{k5}\n\nBubbles.")
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == found.answers["k3"].text == answer
    assert found.answers["k1"].text == "So the juices settle."
    assert found.answers["k4"].text == "Oil and water held together."
    assert not found.unaligned


@pytest.mark.parametrize(("label", "numbers"), [("## 2-4", [2, 3, 4]), ("**2, 3.**", [2, 3]), ("## 1 & 2", [1, 2])])
def test_numbered_labels_naming_several_questions_in_a_file_of_numbers(label: str, numbers: list[int]) -> None:
    """In a file with numbers and no question text, a range or a pair answers each question it names;
    an answer on the label's own line is the answer, without the label."""
    pack = _kitchen_pack()
    own = {1: "Juices settle.", 2: "Boil, then ice.", 3: "Seasoning.", 4: "Oil in water.", 5: "Small bubbles."}
    blocks = {n: f"## {n}.\n{own[n]}\n" for n in own if n not in numbers}
    inline = label.startswith("**")  # `**2, 3.** the answer` on the label's line
    blocks[numbers[0]] = f"{label} One answer for all.\n" if inline else f"{label}\nOne answer for all.\n"
    found = locate(document_lines("\n".join(blocks[n] for n in sorted(blocks))), pack)
    assert {q: a.text for q, a in found.answers.items()} == {
        f"k{n}": "One answer for all." if n in numbers else own[n] for n in own}


@pytest.mark.parametrize("heading", ["## 2020 results", "## Chapter 4, question 3", "## 2, 3 and 4 were hard"])
def test_a_heading_with_numbers_in_its_words_names_no_questions(heading: str) -> None:
    pack = _kitchen_pack()
    text = "\n\n".join(f"## {q.number}. {q.text}\n\nanswer {q.number}" for q in pack.questions[:4])
    found = locate(document_lines(f"{text}\n\n{heading}\n\nA note of mine."), pack)
    assert set(found.answers) == {"k1", "k2", "k3", "k4"}
    assert "A note of mine." in " ".join(u.text for u in found.unaligned)


def _kitchen_file(tail: str, between: str = "\n\n") -> str:
    """The kitchen questions as `## N. …` headings, each answered in one sentence (the last in
    two paragraphs), `between` them, then `tail`."""
    pack = _kitchen_pack()
    blocks = [f"## {q.number}. {q.text}\n\nAnswer {q.number}, in a sentence." for q in pack.questions]
    return between.join(blocks) + "\n\nIt spits around a wooden spoon.\n" + tail


@pytest.mark.parametrize(("tail", "closing"), [
    ("\n---\n\nThat's all for this week. See you on Monday.\n", "That's all for this week. See you on Monday."),
    ("\n***\n\nThanks for reading!\n", "Thanks for reading!"),
    ("\n---\n\n*Ana Souza*  \n*12 March 2024*\n", "*Ana Souza*\n*12 March 2024*"),
    ("\n#### Closing thoughts\n\nI liked frying most.\n", "#### Closing thoughts\nI liked frying most."),
    ("\n**Resources:**\n\n- https://example.org/frying\n", "**Resources:**\n- https://example.org/frying"),
    ("\nFinal thoughts\n\nA good week.\n", "Final thoughts\nA good week."),
    ("\n-- \nKwame\n", "--\nKwame"),  # an e-mail's signature
    ("\n---\n\nEDIT: fixed Q4, thanks u/tamer\n\nEDIT 2: fixed the formatting\n",
     "EDIT: fixed Q4, thanks u/tamer\nEDIT 2: fixed the formatting"),  # a post's edit notes
    ("\n*Conclusion :* une semaine dense.\n", "*Conclusion :* une semaine dense."),  # a closing label in italics
    ("\n---\n\nStill to do: 3 and 4.\n", "Still to do: 3 and 4."),  # a note to self closing the file
    ("\n*Next week: sauces.*\n", "*Next week: sauces.*"),
    ("\n*Note to self: redo Q2 before Monday.*\n", "*Note to self: redo Q2 before Monday.*"),
    ("\nThat's it for this week.\n\n## Sign up for more\n\nNew posts by e-mail.\n",  # a remark, then the page's
     "That's it for this week.\n## Sign up for more\nNew posts by e-mail."),        # footer under a heading
    ("\nThat's the whole questionnaire! Leave a response below.\n", "That's the whole questionnaire! Leave a response"
                                                                     " below."),
    ("\nDone! On to chapter 6.\n", "Done! On to chapter 6."),
    ("\n---\n\nProchain article : le chapitre 6, les sauces.\n", "Prochain article : le chapitre 6, les sauces."),
    ("\nFurther research 2: frying is also used in tempura.\n", "Further research 2: frying is also used in tempura."),
    ("\nThanks,\nHannah\n", "Thanks,\nHannah"), ("\nKind regards,\nTomás\n", "Kind regards,\nTomás"),  # an e-mail's
    ("\nQualquer erro, me avisem!\n", "Qualquer erro, me avisem!"),  # "any mistake, let me know", as in English
    ("\nCualquier duda, avisadme.\n", "Cualquier duda, avisadme."),
])
def test_a_closing_after_the_last_answer_is_not_part_of_it(tail: str, closing: str) -> None:
    found = locate(document_lines(_kitchen_file(tail)), _kitchen_pack())
    assert found.answers["k5"].text == "Answer 5, in a sentence.\n\nIt spits around a wooden spoon."
    assert [u.text for u in found.unaligned] == [closing]  # shown as not an answer, not dropped


def test_in_a_file_that_rules_off_its_answers_what_follows_the_last_rule_is_not_an_answer() -> None:
    text = _kitchen_file("\n---\n\nI enjoyed this week, the frying part most of all.\n", between="\n\n---\n\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert [found.answers[f"k{n}"].text for n in range(1, 5)] == [f"Answer {n}, in a sentence." for n in range(1, 5)]
    assert found.answers["k5"].text == "Answer 5, in a sentence.\n\nIt spits around a wooden spoon."
    assert [u.text for u in found.unaligned] == ["I enjoyed this week, the frying part most of all."]


@pytest.mark.parametrize("tail", [
    "\nA second paragraph.\n\nA third one, longer, with more detail about the bubbles.\n",  # an answer in paragraphs
    "\n---\n\nAnother way: drop a cube of bread in; it browns in a minute.\n",  # a rule inside the answer
    "\n#### Example\n\nA pan of oil at 180 °C.\n",  # the answer's own subtitle
    "\n---\n\nThanks to the bubbles you can tell it is ready.\n",  # "thanks" that is no closing remark
    "\n---\n\n```python\nheat(oil)\n```\n",  # code under a rule: short lines, but no signature
])
def test_the_last_answer_in_several_parts_is_not_cut(tail: str) -> None:
    found = locate(document_lines(_kitchen_file(tail)), _kitchen_pack())
    assert found.answers["k5"].text.startswith("Answer 5, in a sentence.\n\nIt spits around a wooden spoon.")
    assert found.answers["k5"].text.endswith(tail.strip().splitlines()[-1])
    assert not found.unaligned


@pytest.mark.parametrize("label", ["## {n}", "### Q{n}", "### Question {n}", "**{n}**", "**Question {n}:**", "Q{n}"])
def test_a_label_of_only_a_number_names_its_question(label: str) -> None:
    """A file of answers under labels that hold nothing but the question's number ("## 16",
    "**Q2**") was refused as "no question found"; the label is not part of the answer."""
    pack = _kitchen_pack()
    own = {1: "Juices settle.", 2: "Boil, then ice.", 3: "Seasoning.", 4: "Oil in water.", 5: "Small bubbles."}
    text = "# My answers\n\n" + "\n\n".join(f"{label.format(n=n)}\n\n{a}" for n, a in own.items())
    found = locate(document_lines(text), pack)
    assert {q: a.text for q, a in found.answers.items()} == {f"k{n}": a for n, a in own.items()}


def test_a_bare_number_on_its_own_line_stays_in_the_answer() -> None:
    pack = _kitchen_pack()
    text = "\n\n".join(f"## {q.number}. {q.text}\n\nanswer {q.number}" for q in pack.questions[:4])
    found = locate(document_lines(text.replace("answer 2", "It takes this many minutes:\n\n3")), pack)
    assert found.answers["k2"].text.endswith("3") and found.answers["k3"].text == "answer 3"


@pytest.mark.parametrize("marker", ["{n})", "{n}.", "Q{n}:", "{n} -", "({n})", "[{n}]", "Answer {n}:"])
def test_numbered_answers_that_echo_their_questions_are_answers(marker: str) -> None:
    """A numbered list of answers with no question text, whose answers reuse their questions'
    words: the lines are the answers (they were taken for the questions, each answer then being
    the next question's line)."""
    pack = _kitchen_pack()
    own = {1: "Resting the steak lets the juices settle.", 2: "Blanching keeps the colour of vegetables.",
           3: "The salt seasons the pasta.", 4: "An emulsion is oil held in water.",
           5: "A wooden spoon dipped in it makes bubbles."}
    text = "# Kitchen answers\n\n" + "\n\n".join(f"{marker.format(n=n)} {a}" for n, a in own.items())
    found = locate(document_lines(text), pack)
    assert {q: a.text for q, a in found.answers.items()} == {f"k{n}": a for n, a in own.items()}


def test_a_numbered_heading_out_of_order_still_names_its_question() -> None:
    pack = _kitchen_pack()
    text = "# Answers\n\n## 2\n\nBoil, then ice.\n\n## 4\n\nOil in water.\n\n## 1\n\nJuices settle.\n"
    found = locate(document_lines(text), pack)
    assert {q: a.text for q, a in found.answers.items()} == {
        "k1": "Juices settle.", "k2": "Boil, then ice.", "k4": "Oil in water."}


def _gapped_pack() -> Pack:
    """A teacher's pack that leaves out some of the questionnaire's questions (2, 4 and 5)."""
    texts = {1: "Why do you rest a steak after cooking it?", 3: "Why add salt to pasta water?",
             6: "How can you tell oil is hot enough for frying?"}
    return Pack(id="gapped", title="Kitchen", questions=tuple(
        Question(id=f"k{n}", number=n, text=t, reference="x") for n, t in texts.items()))


@pytest.mark.parametrize("layout", [
    "{n}) {a}",  # answers only
    "{n}. {q}\n{a}",  # question, answer below
    "**{n}. {q}**\n\n{a}",  # bold questions
])
def test_answers_to_questions_the_pack_leaves_out_are_not_glued_to_the_answer_before(layout: str) -> None:
    """Learners answer the whole questionnaire; a teacher's pack may ask only some of it. The
    answer to question 2 was read as the end of answer 1 (and graded with it)."""
    questions = {1: "Why do you rest a steak after cooking it?", 2: "Try the knife drill.",
                 3: "Why add salt to pasta water?", 4: "Read the stock recipe.", 5: "Try making a roux.",
                 6: "How can you tell oil is hot enough for frying?"}
    own = {1: "The juices settle.", 2: "Did the drill twice.", 3: "It seasons the pasta.", 4: "skipped",
           5: "skipped", 6: "A wooden spoon dipped in it makes bubbles."}
    text = "My answers\n\n" + "\n".join(layout.format(n=n, q=questions[n], a=own[n]) for n in questions)
    found = locate(document_lines(text), _gapped_pack())
    assert {q: a.text for q, a in found.answers.items()} == {f"k{n}": own[n] for n in (1, 3, 6)}
    left = " ".join(u.text for u in found.unaligned)
    assert "Did the drill twice." in left and left.count("skipped") == 2  # shown, not dropped


@pytest.mark.parametrize("layout", [
    "Q: {q}\nA: {a}",  # labelled questions and answers, no numbers
    "**{q}**\n\n{a}",  # bold questions, no numbers
])
def test_an_unnumbered_question_the_pack_leaves_out_is_not_glued_to_the_answer_before(layout: str) -> None:
    """A question written the way the others are, and none of the pack's, is one the pack leaves
    out: "Q: Implement progressive resizing in your own project. Did it help?" and its answer were
    graded as the end of the answer before."""
    questions = {1: "Why do you rest a steak after cooking it?", 2: "Did you try the knife drill at home?",
                 3: "Why add salt to pasta water?", 6: "How can you tell oil is hot enough for frying?"}
    own = {1: "The juices settle. Why? Heat pushes them to the centre.", 2: "Yes, twice.",
           3: "It seasons the pasta.", 6: "A wooden spoon dipped in it makes bubbles."}
    text = "My answers\n\n" + "\n\n".join(layout.format(q=questions[n], a=own[n]) for n in questions)
    found = locate(document_lines(text), _gapped_pack())
    assert found.answers["k1"].text.endswith("Heat pushes them to the centre.")  # its own question stays in it
    assert {q: a.text for q, a in found.answers.items() if q != "k1"} == {f"k{n}": own[n] for n in (3, 6)}
    left = " ".join(u.text for u in found.unaligned)
    assert "knife drill" in left and "Yes, twice." in left  # shown, not dropped


def test_a_list_inside_an_answer_stays_in_it_when_the_pack_leaves_numbers_out() -> None:
    text = ("1) Two reasons:\n1. the juices settle\n2. it keeps cooking a little\n"
            "3) It seasons the pasta.\n6) Bubbles round a wooden spoon.\n")
    found = locate(document_lines(text), _gapped_pack())
    assert found.answers["k1"].text.endswith("2. it keeps cooking a little")
    assert not found.unaligned


def test_a_numbered_heading_the_pack_leaves_out_is_a_question_even_after_a_list() -> None:
    """`### 11. …` under `### 10. …`, after a list in answer 10: a heading is never a list's item."""
    text = ("### 1. Why do you rest a steak after cooking it?\nTwo reasons:\n1. the juices settle\n"
            "2. it keeps cooking a little\n\n### 2. Try the knife drill.\nDid it twice.\n\n"
            "### 3. Why add salt to pasta water?\nIt seasons the pasta.\n\n"
            "### 6. How can you tell oil is hot enough for frying?\nBubbles round a wooden spoon.\n")
    found = locate(document_lines(text), _gapped_pack())
    assert found.answers["k1"].text.endswith("2. it keeps cooking a little")
    assert found.answers["k3"].text == "It seasons the pasta."
    assert [u.label for u in found.unaligned if "Did it twice." in u.text] == [
        "(answers to questions this pack does not ask, lines 6-7)"]


def test_an_answer_that_starts_with_a_number_keeps_it() -> None:
    """`22) 50 vs 101 layers`: the list's number names the question; 50 is the answer's."""
    found = locate(document_lines("1) 5 minutes, under foil.\n3) 10 g a litre.\n6) 180 degrees.\n"), _gapped_pack())
    assert [found.answers[f"k{n}"].text for n in (1, 3, 6)] == ["5 minutes, under foil.", "10 g a litre.",
                                                                "180 degrees."]


@pytest.mark.parametrize("placeholder", ["(skipped this one)", "TODO for now", "skip this question", "*pulado*",
                                         "N/A", "TODO – try implementing later", "skipped: no time", "À faire",
                                         "Offen", "TODO: come back to this one, I don't get the 7*7 part yet.",
                                         "(pulei)", "skipped, come back to this after lesson 8", "–", "(to do)",
                                         "*(plot goes here)*", "[answer goes here]", "steak: ??",
                                         "skip, dont understand this one yet :(", "```python\n# TODO\n```",
                                         '```python\na2 = """TODO"""\n```'])
def test_a_placeholder_in_place_of_an_answer_leaves_the_question_unanswered(placeholder: str) -> None:
    text = "\n\n".join(f"## {q.number}. {q.text}\n\n{'answer ' + str(q.number) if q.number != 2 else placeholder}"
                       for q in _kitchen_pack().questions)
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k2"].text == "" and found.answers["k3"].text == "answer 3"


def test_a_details_summary_is_a_title_that_may_name_two_questions() -> None:
    """`<details><summary>Q2 & Q3 – blanching, salt</summary>`: the summary's words are the title (never the answer),
    and two numbers in it share the answer inside the block."""
    text = ("<details><summary>Q1 – resting</summary>\n\nThe juices settle back.\n\n</details>\n\n"
            "<details><summary>Q2 & Q3 – blanching, salt</summary>\n\nKeeps the colour; seasons the pasta.\n\n"
            "</details>\n\n<details><summary>Q4 – emulsions</summary>\n\nTODO\n\n</details>\n\n"
            "<details><summary>Q5 – hot oil</summary>\n\nA wooden spoon bubbles.\n\n</details>\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k1"].text.startswith("The juices settle back.")
    assert found.answers["k2"].text.startswith("Keeps the colour") and found.answers["k3"].text.startswith("Keeps")
    assert found.answers["k4"].text == ""  # "emulsions</summary> TODO" was its answer


def test_an_answer_labelled_with_the_two_questions_it_answers_answers_both() -> None:
    text = ("Question 1:\nWhy do you rest a steak after cooking it?\nAnswer:\nThe juices settle.\n\n"
            "Question 2:\nWhat does blanching vegetables do?\nQuestion 3:\nWhy add salt to pasta water?\n"
            "Answer (Q2 and Q3):\nIt keeps the colour, and salt seasons.\n\n"
            "Question 4:\nWhat is an emulsion?\nAnswer:\nOil and water held together.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k2"].text == found.answers["k3"].text == "It keeps the colour, and salt seasons."
    assert found.answers["k1"].text == "The juices settle."


def test_a_task_lists_boxes_are_list_markers() -> None:
    text = ("- [x] 1. Why do you rest a steak after cooking it? → the juices settle\n"
            "- [x] 2. Name what blanching vegetables does. → keeps the colour\n"
            "- [ ] 3. Why add salt to pasta water? → \n- [x] 4. What is an emulsion? → oil and water together\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert [found.answers[f"k{n}"].text for n in (1, 2, 3, 4)] == [
        "the juices settle", "keeps the colour", "", "oil and water together"]


def test_an_answer_written_as_a_python_string_is_an_answer() -> None:
    text = '## 1. Why do you rest a steak after cooking it?\n\n```python\na1 = """So the juices settle."""\n```\n'
    assert "So the juices settle." in locate(document_lines(text), _kitchen_pack()).answers["k1"].text


def test_an_answer_that_opens_with_a_placeholder_word_is_an_answer() -> None:
    for answer in ("Passed the test: the juices settle.", "None - the juices settle by themselves.",
                   "Skip - resting is optional when the steak is thin, the juices barely move at all"):
        text = f"## 1. Why do you rest a steak after cooking it?\n\n{answer}\n"
        assert locate(document_lines(text), _kitchen_pack()).answers["k1"].text == answer


def test_none_to_a_question_that_asks_what_something_returns_is_an_answer() -> None:
    """"None." to "What does the noop function return?" was read as no answer (missing): it is a value, Python's
    `None`, here a wrong one. To another question "None" still leaves it unanswered."""
    from greenpen.locate import no_answer

    noop = Question(id="noop", number=15, text="What does the noop function return?",
                    reference="It returns its input unchanged (noop(x) = x).")
    assert not no_answer("None.", noop, None) and not no_answer("`None`", noop, None)
    why = Question(id="why", number=3, text="Why do we need a hook for CAM?", reference="The model only returns its "
                   "final output, so a hook must store the activations.")
    assert no_answer("None.", why, None)
    assert not no_answer("None", replace(why, reference="None: the model keeps its activations."), None)


def test_answers_on_the_question_line_after_a_dash_or_a_colon_are_read_whatever_the_question_ends_with() -> None:
    """A list of `N. question - answer` lines: a short question ("What is an emulsion?") followed by a long
    answer on its line is still that question's line, and a question that ends with a full stop ("Name the
    sauce.") gives its answer after " - " or ".:" too."""
    texts = ["Why do you rest a steak after cooking it?", "What is an emulsion?",
             "Name the mother sauce that is thickened with a roux of butter and flour.",
             "Describe what blanching vegetables does.", "Why add salt to pasta water?"]
    pack = Pack(id="kitchen2", title="Kitchen", questions=tuple(
        Question(id=f"k{n}", number=n, text=t, reference="x") for n, t in enumerate(texts, start=1)))
    text = """## my notes

1. Why do you rest a steak after cooking it? - so the juices settle back into the meat instead of running out
2. What is an emulsion? - a mix of two liquids that normally do not mix, like oil and vinegar held together by mustard
3. Name the mother sauce that is thickened with a roux of butter and flour. - bechamel
4. Describe what blanching vegetables does.: a short boil then ice water, which keeps the colour
5. Why add salt to pasta water? - for flavour
"""
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text.startswith("a mix of two liquids")
    assert found.answers["k1"].text.endswith("instead of running out")  # k2's line is not part of k1's answer
    assert found.answers["k3"].text == "bechamel"
    assert found.answers["k4"].text == "a short boil then ice water, which keeps the colour"


def test_a_question_in_the_students_own_shorter_words_gives_its_answer_after_a_dash() -> None:
    from greenpen.answer_text import remainder

    q = Question(id="v", number=3, text="What is another name for the square of the standard deviation?", reference="x")
    assert remainder("3) another name for the square of the sd - variance", q) == "variance"
    assert remainder("3) Spread - part two", q) == ""  # a title with a dash is no question answered


def test_a_long_question_shortened_by_a_few_words_gives_its_answer_after_a_colon() -> None:
    """"1. What was the name of the first device based on the artificial neuron: Perceptron": the question shortened
    by a few words is longer than a head in short words, and its answer had been lost (the question "in the file
    with no answer under it")."""
    from greenpen.answer_text import remainder

    q = Question(id="p", number=1, reference="x", text="What was the name of the first device that was based on the "
                 "principle of the artificial neuron?")
    line = "1. What was the name of the first device based on the artificial neuron{} Perceptron"
    assert remainder(line.format(":"), q) == "Perceptron"
    assert remainder(line.format(" -"), q) == "Perceptron"
    # words of an answer's own before its colon are no question shortened
    assert remainder("1. The device that Rosenblatt built in the fifties to show it works: the Perceptron", q) == ""


def test_arrows_in_an_answer_after_a_dash_are_the_answers_own() -> None:
    """"17. Feedback loop in predictive policing - Biased data -> more police -> more arrests": the dash ends the
    question in short words; the arrows are the answer's chain. The answer had been cut at the first arrow, and
    "Biased data" lost."""
    from greenpen.answer_text import remainder

    q = Question(id="f", number=17, reference="x",
                 text="How could a feedback loop impact the rollout of a predictive policing model?")
    line = "17. Feedback loop in predictive policing - Biased data -> more police -> more arrests"
    assert remainder(line, q) == "Biased data -> more police -> more arrests"
    assert remainder("17. feedback loop in policing -> more police, more arrests", q) == "more police, more arrests"


def test_a_todo_note_under_a_question_in_short_words_is_no_answer() -> None:
    """"Q14 the seven steps" over "TODO: list the 7 steps": the colon after TODO was taken for the one between a
    question in short words and its answer, and "list the 7 steps" was graded."""
    from greenpen.answer_text import remainder

    q = Question(id="s", number=14, text="List the seven steps of the SGD training process.", reference="x")
    assert remainder("Q14 the seven steps TODO: list the 7 steps", q) == ""
    assert remainder("Q14 the seven steps: init, predict, loss, gradient, step, repeat, stop", q).startswith("init")


def test_a_minus_between_two_names_is_no_dash_after_the_question() -> None:
    """"11. the layers learn the residual y - x instead of y" was read as "x instead of y": the words before the minus
    share "residual" with the question, and the minus was taken for the dash after a question in short words."""
    from greenpen.answer_text import remainder

    q = Question(id="r", number=11, text="What do ResNets have to do with residuals?", reference="x")
    assert remainder("11. the layers learn the residual y - x instead of y", q) == ""
    assert remainder("11. residuals in ResNets - the block learns y - x", q) == "the block learns y - x"


def test_a_question_that_ends_in_a_bracket_gives_its_answer_after_the_dash() -> None:
    """"5. Write a hook … (without peeking, if possible). - `stored = []` …": the bracket that closes the question
    comes before the dash. What is left of a copied question's note ("`!)" of "(Note … `GetAttr`!)") is no answer."""
    from greenpen.answer_text import remainder

    q = Question(id="h", number=5, text="Write a hook that stores the activations of a given layer in a model "
                 "(without peeking, if possible).", reference="x")
    line = ("5. Write a hook that stores the activations of a given layer in a model (without peeking, if possible)."
            " - `stored = []` then `h = layer.register_forward_hook(hook)`")
    assert remainder(line, q) == "`stored = []` then `h = layer.register_forward_hook(hook)`"
    task = Question(id="t", number=7, text="Use `torch.einsum` to compute the score of each location.", reference="x")
    assert remainder("**Q7.** Use `torch.einsum` to compute the score of each location.", task) == ""
    assert remainder("**Q7.** einsum('ck,kij->cij', w, act)", task) == "einsum('ck,kij->cij', w, act)"
    g = Question(id="g", number=27, text="What is `getattr`? (Note the case difference to `GetAttr`!)", reference="x")
    assert remainder("Q27: What is `getattr`? (Note the case difference to `GetAttr`!)", g) == ""


def test_a_revision_sheet_of_short_questions_gives_each_answer_after_its_arrow_or_colon() -> None:
    """A numbered sheet that asks each question in the student's own few words and answers it on the same
    line, after "->" or ":": the lines too short to be found by their words are found by their numbers."""
    text = ("kitchen - quick answers\n"
            "1. resting steak? -> the juices settle back into the meat\n"
            "2. blanching -> short boil then ice water, keeps the colour\n"
            "3. salt in pasta water: seasons the pasta from the inside\n"
            "4. emulsion: two liquids that don't mix, one spread in the other as droplets\n"
            "5. how to tell oil is hot enough for frying -> a wooden spoon makes bubbles\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert [found.answers[f"k{n}"].text for n in range(1, 6)] == [
        "the juices settle back into the meat", "short boil then ice water, keeps the colour",
        "seasons the pasta from the inside", "two liquids that don't mix, one spread in the other as droplets",
        "a wooden spoon makes bubbles"]


def test_a_label_over_a_short_quoted_question_anchors_it_and_its_answer_stays_whole() -> None:
    """`## Q3` over `> salt` (the question in two words): the label says which question it is, and a list
    inside the answer before it ("2. …") is not taken for another question."""
    pack = _kitchen_pack()
    blocks = [f"## Q{q.number}\n> {q.text}\n\nMy reply {q.number}.\n" for q in pack.questions]
    blocks[1] = "## Q2\n> blanching\n\n1. boil it briefly\n2. then plunge it in ice water, the salt in it helps\n"
    blocks[2] = "## Q3\n> salt\n\nIt seasons the pasta.\n"
    found = locate(document_lines("\n".join(blocks)), pack)
    assert found.answers["k2"].text.splitlines()[-1].endswith("the salt in it helps")
    assert found.answers["k3"].text == "It seasons the pasta."
    assert [found.answers[f"k{n}"].text for n in (1, 4, 5)] == ["My reply 1.", "My reply 4.", "My reply 5."]


def test_answers_labelled_with_their_number_after_the_questions_listed_together() -> None:
    """The questions in one list, then "**A1** …", "**A2** …": each answer under its number."""
    pack = _kitchen_pack()
    text = "\n".join(f"1. {q.text}" for q in pack.questions) + "\n\n## Answers\n\n" + "\n\n".join(
        f"**A{q.number}** answer to {q.number}" for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in range(1, 6)] == [f"answer to {n}" for n in range(1, 6)]


@pytest.mark.parametrize(("line", "number", "answer"), [
    ("**A12** it is", 12, True), ("A3: it is", 3, True), ("**A4**: it is", 4, True), ("A4 paper is big", None, False),
])
def test_an_answer_labelled_with_its_number(line: str, number: int | None, answer: bool) -> None:
    from greenpen.line_shapes import line_shape

    shape = line_shape(line)
    assert (shape.number, shape.labelled_answer) == (number, answer)


def test_an_answer_that_points_to_a_note_further_down_is_the_note() -> None:
    """A table of short answers that says "see note 2" for the long one, and a Markdown footnote."""
    text = ("| Q | A |\n|---|---|\n| 1. resting steak | the juices settle |\n| 2. blanching | see note 2 |\n"
            "| 3. salt in pasta water | [^3] |\n| 4. emulsion | droplets of one liquid in another |\n"
            "| 5. hot oil | a wooden spoon bubbles |\n\n## Notes\n\n"
            "**Note 2.** A short boil,\nthen straight into ice water.\n\n"
            "[^3]: It seasons the pasta from the inside.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k2"].text == "A short boil,\nthen straight into ice water."
    assert found.answers["k3"].text == "It seasons the pasta from the inside."
    assert not any("ice water" in u.text for u in found.unaligned)


@pytest.mark.parametrize("layout", [
    "## [Q{n}](https://example.com/book#q{n}) {q}\n\nMy reply {n}.\n",  # a heading that links to the book
    "Q.{n}) {q}\n\nAns: My reply {n}.\n",
])
def test_question_labels_real_files_use(layout: str) -> None:
    pack = _kitchen_pack()
    text = "\n".join(layout.format(n=q.number, q=q.text) for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in range(1, 6)] == [f"My reply {n}." for n in range(1, 6)]


def test_a_code_cell_that_holds_only_a_placeholder_comment_leaves_the_question_unanswered() -> None:
    pack = _kitchen_pack()
    said = {q.number: "TODO" if q.number == 2 else f"it is {q.number}" for q in pack.questions}
    text = "\n".join(f"### {q.number}. {q.text}\n\n```python\n# {said[q.number]}\n```\n" for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == "" and found.answers["k3"].text == "it is 3"


def test_a_study_chat_gives_the_students_lines_and_leaves_the_bots_out() -> None:
    """A session with a chatbot handed in as homework: "me: 2. …?" asks, "me: …" answers; what the bot says is
    not the student's (a teacher marks an answer the bot supplied missing), and stays visible as such."""
    pack = _kitchen_pack()
    lines = []
    for q in pack.questions:
        lines += [f"me: {q.number}. {q.text}", f"me: my reply {q.number}" if q.number != 3 else "me: no clue",
                  f"bot: Good. The book says {q.number * 7}.", "  It also says more."]
    found = locate(document_lines("\n".join(lines) + "\n"), pack)
    assert found.answers["k1"].text == "my reply 1" and found.answers["k3"].text == "no clue"
    assert [u.label.split(",")[0] for u in found.unaligned] == ["(the chatbot's words"]
    assert "The book says 7" in found.unaligned[0].text and "It also says more" in found.unaligned[0].text


def test_a_bot_that_drills_the_questionnaire_asks_the_questions_and_the_student_answers() -> None:
    """"Bot: Q2. …" over two lines asks; "You: …" answers; the bot's other turns (praise, a side note, numbered
    feedback that asks no question) are not the student's and stay visible as the bot's."""
    pack = _kitchen_pack()
    lines = ["StudyBuddy session export", "", "Bot: Hi! I'll ask each question, you answer.", ""]
    for q in pack.questions:
        cut = q.text.rfind(" ", 0, 30) if len(q.text) > 30 else len(q.text)  # wrapped as the export wraps
        lines += [f"Bot: Q{q.number}. {q.text[:cut]}", q.text[cut:].strip(), "",
                  f"You: my reply {q.number}", "continued here", "",
                  f"Bot: Nice. Side note {q.number * 7}.", "", "Bot: 1. Right about the basics.",
                  "2. You could say more.", ""]
    found = locate(document_lines("\n".join(lines) + "\n"), pack)
    assert {k: a.text for k, a in found.answers.items()} == {
        f"k{n}": f"my reply {n}\ncontinued here" for n in range(1, 6)}
    bot = [u for u in found.unaligned if u.label.startswith("(the chatbot's words")]
    assert len(bot) == 1 and "Side note 7." in bot[0].text and "Q1." not in bot[0].text
    assert "Right about the basics." in bot[0].text


@pytest.mark.parametrize("closing", ["------\nFurther research: tried it with a wok, the oil got hot faster.",
                                     "Further research: tried it with a wok, the oil got hot faster.",
                                     "---\n\nInvestigación adicional: con un wok el aceite se calienta antes."])
def test_the_books_further_research_after_the_last_answer_is_not_part_of_it(closing: str) -> None:
    """The questionnaire's "Further research" follows its last question; a learner's notes on it, under a rule
    or a blank line and titled on their own line ("Further research: …"), are not the last answer."""
    pack = _kitchen_pack()
    text = "\n\n".join(f"{q.number}. {q.text}\nmy reply {q.number}" for q in pack.questions) + "\n\n" + closing + "\n"
    found = locate(document_lines(text), pack)
    assert found.answers["k5"].text == "my reply 5"
    assert [u.label.split(",")[0] for u in found.unaligned] == ["(after the last question"]


def test_a_hash_line_in_indented_code_is_a_comment_not_a_heading() -> None:
    """In a plain-text answer, `    # the pan is hot now` inside indented code used to end the questionnaire (read
    as a heading of its own), and the rest of the code was lost to "after the questions"."""
    pack = _kitchen_pack()
    text = "\n\n".join(f"{q.number}. {q.text}\n\nmy reply {q.number}" for q in pack.questions[:4])
    text = text.replace("my reply 2", "my reply 2:\n\n    heat(pan)\n    # the pan is hot now\n    add(veg)")
    found = locate(document_lines(text + "\n"), pack)
    assert found.answers["k2"].text.endswith("add(veg)") and found.answers["k3"].text == "my reply 3"
    assert not found.unaligned


def test_a_nested_list_in_an_answer_keeps_its_brackets_and_a_wiki_link_its_words() -> None:
    pack = _kitchen_pack()
    said = {q.number: f"My reply {q.number}." for q in pack.questions}
    said[2] = "It gives `[[1, 2], [3, 4]]`, see [[Blanching|blanching]]."
    text = "\n".join(f"{q.number}. {q.text}\n{said[q.number]}" for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == "It gives `[[1, 2], [3, 4]]`, see blanching."  # the words the link shows


def test_an_answer_that_counts_its_steps_inline_does_not_swallow_the_next_unasked_question() -> None:
    """"(1) … (2) …" inside answer 2 is no list that "3." carries on: 3 is a question the pack leaves out."""
    pack = Pack(id="k", title="K", questions=tuple(q for q in _kitchen_pack().questions if q.number != 3))
    text = ("1. Why do you rest a steak after cooking it?\nSo the juices settle.\n"
            "2. What does blanching vegetables do?\n(1) a short boil (2) then ice water\n"
            "3. Why add salt to pasta water?\nTo season it.\n4. What is an emulsion?\nDroplets.\n"
            "5. How can you tell oil is hot enough for frying?\nBubbles.\n")
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == "(1) a short boil (2) then ice water"
    assert any("To season it" in u.text for u in found.unaligned)


def test_a_question_that_ends_with_code_leaves_none_of_its_brackets_on_the_answer() -> None:
    pack = Pack(id="t", title="T", questions=(
        Question(id="t1", number=1, reference="x",
                 text="What does this return, and why? `tensor([1,2]) + tensor([1])`"),
        Question(id="t2", number=2, text="What is a tensor?", reference="x")))
    text = ("1. What does this return, and why? tensor([1,2]) + tensor([1])\ntensor([2, 3]): it is broadcast.\n"
            "2. What is a tensor?\nAn array.\n")
    assert locate(document_lines(text), pack).answers["t1"].text == "tensor([2, 3]): it is broadcast."


def test_a_question_asked_in_a_few_words_of_its_own_fills_the_gap_it_lies_in() -> None:
    """Headings of one level found as questions 1, 2 and 5: "### What's `@`?" between 2 and 5 asks the question
    left out there that it reads most like (3), when it reads like it at all; a heading that asks nothing, one
    that reads most like a question found elsewhere, or one below the floor asks nothing."""
    import numpy as np

    from greenpen.anchors import GAP_FLOOR, worded_gaps
    from greenpen.line_shapes import line_shape

    texts = ["What is a tensor?", "What is rank?", "What's `@`?", "Notes", "Huh?", "Why do we zero grads?"]
    shapes = [line_shape(t, 3) for t in texts]
    scores = np.zeros((len(texts), 6))
    scores[0, 0] = scores[1, 1] = scores[5, 4] = 0.9
    scores[2, 2], scores[2, 3] = GAP_FLOOR + 0.01, GAP_FLOOR - 0.05
    scores[3, 3] = 0.5  # "Notes" asks nothing
    scores[4, 0] = 0.3  # "Huh?" reads most like question 1, found already
    anchors = {0: 0, 1: 1, 4: 5}
    worded_gaps(anchors, shapes, scores, range(len(texts)))
    assert anchors == {0: 0, 1: 1, 2: 2, 4: 5}
    scores[2, 2] = GAP_FLOOR - 0.01
    anchors = {0: 0, 1: 1, 4: 5}
    worded_gaps(anchors, shapes, scores, range(len(texts)))
    assert anchors == {0: 0, 1: 1, 4: 5}


@pytest.mark.models
def test_one_sentence_that_asks_a_second_question_after_a_comma_answers_both(tmp_path: Path) -> None:
    """"What do `backward()` and zeroing the gradients do, and why do we need the zeroing?" asks questions 30 and 31
    of the chapter-4 pack in one sentence: the answer under it answers both; a single question with a comma
    ("What is a tensor, and is it fast?") is not cut."""
    from greenpen.packs import get_pack

    chapter4 = get_pack("fastai-04")
    got = _answers_by_number(tmp_path / "merged.md", chapter4, (
        "## What are bias parameters in a neural network, and why are they needed?\n\n"
        "An extra number added to x @ w, so the output is not forced through zero.\n\n"
        "## What do `backward()` and zeroing the gradients do, and why do we need the zeroing?\n\n"
        "backward() computes the gradients of the loss; they add up in .grad, so we zero them before the next step.\n\n"
        "## Which pieces of information must we give to Learner?\n\nThe DataLoaders, the model, the optimiser and "
        "the loss.\n"))
    assert got[30] == got[31] and got[30].startswith("backward() computes the gradients")
    assert sorted(got) == [28, 30, 31, 32]
    from greenpen.locate import _ANOTHER_ASK

    assert _ANOTHER_ASK.split("What is a tensor, and is it fast?") == ["What is a tensor, and is it fast?"]
    assert _ANOTHER_ASK.split("O que é um tensor, e como se usa?") == ["O que é um tensor", "como se usa?"]


@pytest.mark.models
def test_a_heading_that_adds_the_next_question_in_a_few_words_answers_it_too(tmp_path: Path) -> None:
    """A web page's heading asks a question and adds the next one in a few words of its own ("What is test time
    augmentation? How do you use it in fastai? And is it slower or faster?" for the pack's "Is using TTA at inference
    slower or faster…?"): the answer under it answers both. A piece as generic as "How do you use it in fastai?" takes
    no question that is not next to the heading's own."""

    pack = Pack(id="p", title="p", questions=(
        Question(id="aug", number=1, text="What is data augmentation?", reference="Random changes to the inputs."),
        Question(id="tta", number=2, text="What is test time augmentation? How do you use it in fastai?",
                 reference="Predict on augmented copies and average them; learn.tta()."),
        Question(id="speed", number=3, text="Is using TTA at inference slower or faster than regular inference? Why?",
                 reference="Slower: the model runs once per augmented copy."),
        Question(id="mixup", number=4, text="What is Mixup? How do you use it in fastai?",
                 reference="It mixes two images and their labels; pass MixUp() as a callback."),
    ))
    got = _answers_by_number(tmp_path / "post.md", pack, (
        "### What is data augmentation?\n\nRandom flips and crops of the training images.\n\n"
        "### What is test time augmentation? How do you use it in fastai? And is it slower or faster?\n\n"
        "It predicts on several augmented copies and averages them, with learn.tta().\n\n"
        "It is slower, the model runs five times per image.\n"))
    assert sorted(got) == [1, 2, 3]
    assert got[2] == got[3] and "slower" in got[3]


def _answers_by_number(path: Path, pack: Pack, text: str) -> dict[int, str]:
    """The answers found in a file of `text`, by question number (those with an answer)."""
    from greenpen.grading.embed import get_embedder

    path.write_text(text, encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack, get_embedder("use"))
    return {q.number: a.text for q in pack.questions if (a := alignment.answer(q.id)) and a.text}


def test_a_bold_item_in_the_students_own_numbering_fills_the_gap_it_lies_in() -> None:
    """Bold numbered items in the student's own numbering ("14. **Broadcasting rules**", "15. **expand_as**") found as
    questions 1, 2 and 5: item 3 between them asks the gap's question it reads most like (4 here, though it reads
    more like question 5, found already); an item out of the numbering's sequence, a plain line or a bold line of
    another indentation asks nothing."""
    import numpy as np

    from greenpen.anchors import GAP_FLOOR, worded_gaps
    from greenpen.line_shapes import line_shape

    texts = ["1. **Tensor**", "2. **Rank**", "3. **expand_as**", "9. **Aside**", "plain words", "   4. **x**",
             "4. **Zeroing grads**"]
    shapes = [line_shape(t) for t in texts]
    scores = np.zeros((len(texts), 6))
    scores[0, 0] = scores[1, 1] = scores[6, 4] = 0.9
    scores[2, 4], scores[2, 3], scores[2, 2] = 0.3, GAP_FLOOR + 0.01, GAP_FLOOR - 0.05
    scores[3, 2] = scores[4, 2] = scores[5, 2] = 0.5
    anchors = {0: 0, 1: 1, 4: 6}
    worded_gaps(anchors, shapes, scores, range(len(texts)))
    assert anchors == {0: 0, 1: 1, 3: 2, 4: 6}
    scores[2, 3] = GAP_FLOOR - 0.01
    anchors = {0: 0, 1: 1, 4: 6}
    worded_gaps(anchors, shapes, scores, range(len(texts)))
    assert anchors == {0: 0, 1: 1, 4: 6}

@pytest.mark.models
def test_a_statement_bullet_under_a_question_heading_answers_it_though_it_reads_a_little_like_another(
        tmp_path: Path) -> None:
    """Under "Question 9: What is broadcasting?" (the student's own number and short words for the pack's question
    10), the bullet "PyTorch expands the smaller tensor to the shape of the larger one" reads a little like question
    27 ("What does the view method of a PyTorch tensor do?"). It says, it does not ask, and it is the first line under
    a question found well: it is that question's answer, not question 27 (which left 10 with no answer)."""
    got = _answers_by_number(tmp_path / "hw.md", get_pack("fastai-04"), (
        "# Chapter 4 questions\n\n### Question 5: What is a rank-3 tensor?\n\n"
        "A tensor with three axes, e.g. a stack of images n x 28 x 28.\n\n"
        "### Question 9: What is broadcasting?\n\n"
        "- PyTorch expands the smaller tensor to the shape of the larger one\n- without copying memory\n"))
    assert sorted(got) == [5, 10]
    assert got[10].startswith("- PyTorch expands the smaller tensor") and "without copying memory" in got[10]


FASTAI_19 = Pack(id="p19", title="p19", questions=(
    Question(id="glob", number=1, text="What is `glob`?", reference="Finds the paths that match a pattern."),
    Question(id="map", number=2, text="What does `L.map` do?", reference="Calls a function on every item."),
    Question(id="iter", number=3, text="What is `__iter__`?", reference="What makes an object iterable."),
    Question(id="cos", number=4, text="Use cosine annealing in `OneCycle`.",
             reference="Replace the linear interpolation by a cosine one."),
))


def _answers_19(path: Path, text: str) -> dict[int, str]:
    path.write_text(text, encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, FASTAI_19)
    return {q.number: a.text for q in FASTAI_19.questions if (a := alignment.answer(q.id)) and a.text}


def test_questions_listed_then_answers_labelled_answer_n(tmp_path: Path) -> None:
    """All the questions in one list, the last a task that does not ask ("4. Use cosine annealing…"), then
    "**Answer 1**" … over each answer: the answers are read by their numbers."""
    got = _answers_19(tmp_path / "nb.md", (
        "# Questionnaire\n\n1. What is `glob`?\n2. What does `L.map` do?\n3. What is `__iter__`?\n"
        "4. Use cosine annealing in `OneCycle`.\n\n**Answer 1**\n\nfinds files by pattern\n\n**Answer 2**\n\n"
        "applies a function to each item\n\n**Answer 3**\n\nmakes the object iterable\n\n**Answer 4**\n\n"
        "replace the linear schedule by a cosine one\n"))
    assert got == {1: "finds files by pattern", 2: "applies a function to each item", 3: "makes the object iterable",
                   4: "replace the linear schedule by a cosine one"}


def test_a_question_copied_under_its_number_is_not_its_answer(tmp_path: Path) -> None:
    """A README whose table of contents lists the questions, then "## Question N" over the question in italics over
    the answer: the italic copy is the question's, so "TODO" under it leaves the question unanswered."""
    got = _answers_19(tmp_path / "README.md", (
        "# ch19\n\n## Table of contents\n\n- [Question 1: What is `glob`?](#question-1)\n"
        "- [Question 2: What does `L.map` do?](#question-2)\n- [Question 3: What is `__iter__`?](#question-3)\n\n"
        "## Question 1\n\n*What is `glob`?*\n\nfinds files by pattern\n\n"
        "## Question 2\n\n*What does `L.map` do?*\n\nTODO\n\n"
        "## Question 3\n\n*What is `__iter__`?*\n\nmakes the object iterable\n"))
    assert got == {1: "finds files by pattern", 3: "makes the object iterable"}



def test_a_signature_under_an_unanswered_last_question_and_edit_notes_under_an_answer_on_its_line() -> None:
    """"22) …" left unanswered, then "-- " over "Kwame": the signature is no answer. "5. question - answer" on one
    line, then a rule and "EDIT: …" notes: they are the post's, not the answer's."""
    pack = _kitchen_pack()
    lines = "\n\n".join(f"{q.number}) {q.text}\n\tanswer {q.number}" for q in pack.questions[:4])
    found = locate(document_lines(f"{lines}\n\n5) {pack.questions[4].text}\n\n-- \nKwame\n"), pack)
    assert found.answers["k5"].text == "" and any("Kwame" in u.text for u in found.unaligned)
    inline = "\n".join(f"{q.number}. {q.text} - answer {q.number}" for q in pack.questions)
    found = locate(document_lines(f"{inline}\n\n---\n\nEDIT: fixed Q4 thanks u/tamer\n"), pack)
    assert found.answers["k5"].text == "answer 5"


def test_a_quarto_callouts_heading_is_its_title_inside_the_answer() -> None:
    """"::: {.callout-tip}" over "## Top-5": the callout's title, inside the answer, not a section that ends it."""
    pack = _kitchen_pack()
    blocks = [f"## Q{q.number}: {q.text}\n\nanswer {q.number}" for q in pack.questions]
    blocks[2] = f"## Q3: {pack.questions[2].text}\n\n::: {{.callout-tip}}\n## Salt\nIt seasons the pasta.\n:::"
    found = locate(document_lines("\n\n".join(blocks)), pack)
    assert found.answers["k3"].text.endswith("It seasons the pasta.") and found.answers["k4"].text == "answer 4"


SHORT_TITLES = {1: ("how a computer stores a greyscale and a colour image",
                    "a grid of numbers from 0 to 255, three of them for colour"),
                2: ("how the MNIST_SAMPLE files and folders are organised",
                    "train and valid folders, each with a folder per digit"),
                3: ("how pixel similarity classifies digits", "average the 3s and the 7s, compare a new image to both"),
                5: ("rank3", "a tensor with three axes, like a stack of matrices"),
                6: ("how rank and shape differ", "rank is the number of axes, the shape the size of each"),
                7: ("the RMSE and the L1 norm", "rmse = sqrt of mean squared diff, l1 = mean abs diff"),
                10: ("what broadcasting means for tensors", "the smaller tensor is expanded to the bigger one's shape"),
                12: ("what SGD is", "stochastic gradient descent, it updates the weights from the gradients"),
                13: ("minibatch", "a whole dataset is too slow, one item too noisy")}


@pytest.mark.models
def test_a_short_title_over_its_answer_is_no_question_wrapped_over_two_lines(tmp_path: Path) -> None:
    """"Q5 rank3" over "a tensor with three axes…": the title is short, the line under it longer and more like the
    question, but a line is not wrapped after a word or two: that line is the answer."""
    text = "my notes\n\n" + "\n\n".join(f"Q{n} {title}\n{answer}" for n, (title, answer) in SHORT_TITLES.items())
    got = _answers_by_number(tmp_path / "notes.txt", get_pack("fastai-04"), text + "\n")
    assert got[5] == SHORT_TITLES[5][1] and got[13] == SHORT_TITLES[13][1]
    assert set(got) == set(SHORT_TITLES)


@pytest.mark.models
def test_a_bold_number_and_title_then_the_answer_on_the_same_line(tmp_path: Path) -> None:
    """"**Q5. rank3** A tensor with three axes": the bold label names the question in a few words, the rest answers
    it, however far the few words are from the question's."""
    text = "## Questionnaire\n\n" + "\n\n".join(f"**Q{n}. {title}** {answer}" for n, (title, answer)
                                                 in SHORT_TITLES.items())
    got = _answers_by_number(tmp_path / "notes.md", get_pack("fastai-04"), text + "\n")
    assert got == {n: answer for n, (_, answer) in SHORT_TITLES.items()}


def test_two_questions_in_one_notebook_cell_share_the_answer_under_them(tmp_path: Path) -> None:
    """A notebook that gives each question its cell ("**N. …?**", a blank line, "Answer: …") and, once, two questions
    in one cell over one answer: the answer is both questions'."""
    pack = get_pack("fastai-04")
    asked = {n: next(q.text for q in pack.questions if q.number == n) for n in (5, 6, 7, 10, 12)}
    own = {5: "A tensor with three axes.", 7: "Both measure a distance: mean absolute and root mean squared.",
           10: "The smaller tensor is expanded to the bigger one's shape.", 12: "Stochastic gradient descent."}

    def cell(source: str) -> dict[str, object]:
        return {"cell_type": "markdown", "metadata": {}, "source": source}

    cells = [cell(f"**{n}. {asked[n]}**\n\nAnswer: {own[n]}") for n in (5,)]
    cells.append(cell(f"**6. {asked[6]}**\n\n**7. {asked[7]}**\n\nAnswer: {own[7]} The rank is len(shape)."))
    cells += [cell(f"**{n}. {asked[n]}**\n\nAnswer: {own[n]}") for n in (10, 12)]
    path = tmp_path / "ch4.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack)
    got = {q.number: a.text for q in pack.questions if (a := alignment.answer(q.id)) and a.text}
    assert got[6] == got[7] and got[7].startswith(own[7])
    assert got[5] == own[5] and got[10] == own[10]


def test_a_note_in_brackets_that_names_two_stacked_questions_gives_both_the_answer(tmp_path: Path) -> None:
    """"25. …?" then "26. …?" with no line between, in a list that sets each answer right under its question, and
    the answer opening with "(answering 25 + 26 together)" or "(answering both)": both questions are answered."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    text = "# Chapter 4\n\n" + "".join(f"{n}. {asked[n]}\n    - answer {n}\n" for n in (22, 23, 24)) + (
        f"25. {asked[25]}\n26. {asked[26]}\n    - (answering 25 + 26 together)\n    - init, predict, loss, "
        "backward, step; list(zip(x, y)) pairs them\n" + f"27. {asked[27]}\n    - it reshapes the tensor\n")
    path = tmp_path / "ch4.md"
    path.write_text(text, encoding="utf-8")
    (sub,) = read_file(path)
    got = {q.number: a.text for q in pack.questions if (a := align(sub, pack).answer(q.id)) and a.text}
    assert got[25] == got[26] and "zip" in got[26]
    assert got[27].endswith("reshapes the tensor")
    path.write_text(text.replace("    - (answering 25 + 26 together)\n    - init", "    - (answering both) init"),
                    encoding="utf-8")
    (sub,) = read_file(path)
    got = {q.number: a.text for q in pack.questions if (a := align(sub, pack).answer(q.id)) and a.text}
    assert got[25] == got[26] and got[26].startswith("(answering both) init")


def _read_numbers(path: Path, pack: Pack, text: str) -> dict[int, str]:
    """The answers found in a file of `text` by words and numbers alone (no sentence embedder)."""
    path.write_text(text, encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack)
    return {q.number: a.text for q in pack.questions if (a := alignment.answer(q.id)) and a.text}


def test_two_questions_over_one_answer_label_in_a_file_that_labels_every_answer(tmp_path: Path) -> None:
    """"Q20. …" / "Q21. …" / "A: …" in a file where every question has its "A:" line right under it: the one label
    under the two questions answers both (a Word export of Q/A pairs)."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    pairs = "".join(f"Q{n}. {asked[n]}\nA: answer to {n}, in the learner's words.\n\n" for n in (10, 11, 12))
    text = pairs + f"Q13. {asked[13]}\nQ14. {asked[14]}\nA: Init, predict, loss, gradient, step: seven of them.\n\n" \
        + f"Q15. {asked[15]}\nA: answer to 15, in the learner's words.\n"
    got = _read_numbers(tmp_path / "ch4.txt", pack, text)
    assert got[13] == got[14] == "Init, predict, loss, gradient, step: seven of them."
    assert got[12] == "answer to 12, in the learner's words." and got[15].startswith("answer to 15")


def test_a_sentence_that_says_two_stacked_questions_are_answered_together_gives_both_the_answer(tmp_path: Path) -> None:
    """"**25. …**", a blank line, "**26. …**", a blank line, then "(answering these two together) …" — or, under two
    questions in blockquotes, "I'll answer these two together. …": both questions are answered."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    own = "Init the weights, predict, compute the loss, the gradients, step; zip pairs the inputs and targets."
    for note, ask in (("(answering these two together) ", "**{n}. {q}**"), ("I'll answer these two together. ",
                                                                          "> {n}. {q}")):
        text = "".join(ask.format(n=n, q=asked[n]) + f"\n\nanswer {n} in my words\n\n" for n in (22, 23, 24)) + \
            ask.format(n=25, q=asked[25]) + "\n" + (">\n" if ask.startswith(">") else "\n") + \
            ask.format(n=26, q=asked[26]) + f"\n\n{note}{own}\n\n" + ask.format(n=27, q=asked[27]) + \
            "\n\nIt reshapes the tensor.\n"
        got = _read_numbers(tmp_path / "ch4.md", pack, text)
        assert got[25] == got[26] == f"{note}{own}", note
        assert got[24] == "answer 24 in my words" and got[27] == "It reshapes the tensor."
    # a question with a note to self under it was not asked together with the next one
    text = "".join(f"{n}. {asked[n]}\n\n   answer {n} in my words\n\n" for n in (22, 23, 24)) + \
        f"25. {asked[25]}\n\n   TODO: try it\n\n26. {asked[26]}\n\n   _(answered together with 27)_\n\n" + \
        f"27. {asked[27]}\n\n   It reshapes the tensor.\n"
    got = _read_numbers(tmp_path / "ch4.md", pack, text)
    assert 25 not in got and "27" in got[26] and got[27] == "It reshapes the tensor."


GERMAN = {1: "Wie speichert ein Computer ein Graustufenbild und wie ein Farbbild?",
          2: "Wie sind die Dateien und Ordner von MNIST_SAMPLE organisiert, und warum?",
          3: "Wie klassifiziert die Methode der Pixelähnlichkeit Bilder von Ziffern?",
          5: "Was ist ein Tensor vom Rang 3?", 6: "Wie unterscheiden sich Rang und Form eines Tensors?",
          7: "Was sind RMSE und die L1-Norm?", 8: "Wie rechnet man mit Tausenden von Zahlen auf einmal?",
          10: "Was bedeutet Broadcasting?"}
JAPANESE = {1: "グレースケール画像とカラー画像はコンピュータでどう保存されるか？",
            2: "MNIST_SAMPLEのファイルとフォルダはどう整理されているか？",
            3: "「ピクセル類似度」はどうやって数字の画像を分類するか？", 4: "リスト内包表記とは？",
            5: "rank-3テンソルとは？", 6: "テンソルのrankとshapeの違いは？", 7: "RMSEとL1ノルムとは？",
            8: "何千もの数を一度に計算するにはどうするか？", 12: "SGDとは？"}


@pytest.mark.models
def test_a_question_in_another_language_wrapped_in_italics_or_asked_as_a_task(tmp_path: Path) -> None:
    """"**Frage 9:** *Erstelle … und" / "… rechts unten aus.*": the italics opened on the question's line close on
    the next, so the next line is the question's too, whatever its words; a question that is a task in German or
    French ("Erstelle …", "Écrire …") asks without a "?"."""
    pack = get_pack("fastai-04")
    asked = [f"**Frage {n}:** *{q}*\n\nAntwort {n} in meinen Worten.\n\n" for n, q in GERMAN.items()]
    asked.insert(3, "**Frage 4:** *Schreibe eine List Comprehension, die die ungeraden Zahlen einer Liste behält "
                    "und\nverdoppelt.*\n\n*(kommt noch)*\n\n")
    asked.insert(8, "**Frage 9:** *Erstelle einen 3×3-Tensor mit den Zahlen 1 bis 9, verdopple ihn und wähle die vier "
                    "Zahlen\nrechts unten aus.*\n\n`t = tensor(range(1, 10)).view(3, 3) * 2; t[1:, 1:]`\n\n")
    got = _answers_by_number(tmp_path / "kapitel4.md", pack, "".join(asked))
    assert 4 not in got  # the note is all there is under question 4
    assert got[9] == "`t = tensor(range(1, 10)).view(3, 3) * 2; t[1:, 1:]`"
    assert all(got[n] == f"Antwort {n} in meinen Worten." for n in GERMAN)


@pytest.mark.models
def test_an_org_heading_star_opens_no_italics() -> None:
    """"* Q3 "cutting" a net, why" (an org-mode heading) then the answer: the heading's star is no emphasis left open,
    so the answer under it is not read as the question running on."""
    from greenpen.anchors import _open_emphasis

    assert not _open_emphasis('* Q3 "cutting" a neural net, why for transfer learning')
    assert not _open_emphasis("- x*2 for each x") and not _open_emphasis("*Erstelle* einen Tensor")
    assert _open_emphasis("**Frage 9:** *Erstelle einen Tensor und")


@pytest.mark.models
def test_questions_labelled_in_japanese_and_answered_together(tmp_path: Path) -> None:
    """"### 問12. SGDとは？" (a question label, a full-width question mark), "### 問10・問11. …" (two questions named
    together)."""
    pack = get_pack("fastai-04")
    parts = [f"### 問{n}. {q}\n\n答え{n}、自分の言葉で。\n\n" for n, q in JAPANESE.items()]
    parts.insert(8, "### 問10・問11. ブロードキャストとは何で、メトリクスはどのセットで計算するか？\n\n"
                    "小さい方のテンソルが大きい方に広げられる。メトリクスは検証セットで。\n\n")
    got = _answers_by_number(tmp_path / "ch4-ja.md", pack, "".join(parts))
    assert all(got[n] == f"答え{n}、自分の言葉で。" for n in JAPANESE)
    assert got[10] == got[11] == "小さい方のテンソルが大きい方に広げられる。メトリクスは検証セットで。"


def test_a_closing_remark_in_a_paragraph_of_its_own_after_the_last_answer_is_no_answer(tmp_path: Path) -> None:
    """A forum post's "Thanks for starting the thread @ana!" under "37. see 36", a GitHub file's "Found a mistake?
    Open an issue.": the closing is shown as not an answer, the last answer stays what it is."""
    pack = get_pack("fastai-04")
    body = "".join(f"{n}. answer {n} in a few words\n" for n in range(30, 37))
    for closing_words in ("Thanks for starting the thread @ana!", "Found a mistake? Open an issue or a PR.",
                          "---\n\nWeiter geht's mit Kapitel 5.", "---\n\nBas itna hi! Agla chapter: Data Ethics."):
        got = _read_numbers(tmp_path / "post.md", pack, f"My answers:\n\n{body}37. It needs fewer parameters.\n\n"
                                                        f"{closing_words}\n")
        assert got[37] == "It needs fewer parameters.", closing_words


def test_a_reason_then_skipping_is_a_placeholder(tmp_path: Path) -> None:
    """"(basic python, skipping this one)", "(da completare, einsum non l'ho ancora capito bene)": a note to self,
    not an answer; "numbers, skipping the zeros" is one."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    for note, answered in (("(basic python, skipping this one)", False),
                           ("(da completare, einsum non l'ho ancora capito bene)", False),
                           ("패스 😅", False), ("(그림은 노트에 그렸음 – 생략)", False),
                           ("Keep the odd numbers, skipping the even ones: [x*2 for x in a if x % 2]", True)):
        text = "".join(f"## {n}. {asked[n]}\n\n{note if n == 4 else f'answer {n} in my words'}\n\n" for n in (3, 4, 5))
        got = _read_numbers(tmp_path / "ch4.md", pack, text)
        assert (4 in got) is answered, note


def test_inline_code_keeps_its_stars_and_a_page_footer_is_no_answer(tmp_path: Path) -> None:
    """"`**` and `recursive=True`": bold marks are taken off the answer's words, never out of its code; "Page 1 of 3"
    in a document saved as text is the page's, not the answer's."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    text = "".join(f"Q{n}. {asked[n]}\nA: answer {n} in **my** words.\n\n" for n in (1, 2, 3)) + \
        f"Q4. {asked[4]}\nA: `[x**2 for x in a if x % 2]` squares the odd ones\n\n" + \
        " " * 60 + "Page 1 of 3\n" + "_" * 60 + "\n\n" + f"Q5. {asked[5]}\nA: three axes\n"
    got = _read_numbers(tmp_path / "answers.txt", pack, text)
    assert got[1] == "answer 1 in my words."
    assert got[4] == "`[x**2 for x in a if x % 2]` squares the odd ones"
    assert got[5] == "three axes"


def test_a_note_in_brackets_before_a_dash_is_kept_with_the_answer() -> None:
    """"26. (function in notebook) - output is a list of (x, y) tuples": the words in brackets before the dash are a
    note of the student's, not the question in a few words, so they stay in the answer (nothing is dropped)."""
    from greenpen.answer_text import after_number_and_head

    q = next(q for q in get_pack("fastai-04").questions if q.number == 26)
    line = "26. (function in notebook) - output is a list of (x, y) tuples, which is what a Dataset is."
    assert after_number_and_head(line, q) == line[4:]


def test_a_note_in_full_width_brackets_answers_two_stacked_questions_and_a_chinese_closing_is_no_answer(
        tmp_path: Path) -> None:
    """"### 问题 6：…" and "### 问题 7：…" over "（这两题一起回答）…", then "---" and "谢谢阅读！": both
    questions get the answer, and the thanks is shown as not an answer."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    text = "".join(f"### 问题 {n}：{asked[n]}\n\n答案 {n}。\n\n" for n in (3, 4, 5)) + \
        f"### 问题 6：{asked[6]}\n\n### 问题 7：{asked[7]}\n\n" + \
        "（这两题一起回答）rank 是 shape 的长度；RMSE 开方。\n\n" + \
        f"### 问题 8：{asked[8]}\n\n用张量，不用循环。\n\n---\n\n谢谢阅读！\n"
    got = _read_numbers(tmp_path / "ch4-zh.md", pack, text)
    assert got[6] == got[7] and got[7].startswith("（这两题一起回答）")
    assert got[8] == "用张量，不用循环。"


@pytest.mark.parametrize("label", ["{n}/", "{n}.", "**{n})**"])
def test_a_list_inside_an_answer_in_a_short_file_of_numbered_answers(tmp_path: Path, label: str) -> None:
    """A short file of answers under their numbers alone, one of which lists seven steps "1." to "7.": the steps
    read like later questions ("1. initialize the weights", "How are a model's weights initialised?"), and they
    are more of the lines found by words than the answers are. They stay in their answer; nothing is read under
    questions 1 to 7."""
    own = {12: "stochastic gradient descent, it updates the weights a little each step to make the loss smaller",
           13: "a single item would give a noisy gradient and the whole dataset is too slow, a mini batch is a "
               "compromise that also suits the GPU",
           14: "the seven steps:\n1. initialize the weights\n2. predict with the model\n3. compute the loss\n"
               "4. calculate the gradients\n5. step the weights\n6. repeat\n7. stop when good enough",
           15: "randomly", 16: "a number that says how bad the predictions are, training makes it go down",
           17: "the loss would jump around and never converge, it can even diverge",
           18: "the slope of the loss for each weight, it tells us how to change the weight"}
    text = "my answers ch4 (questions 12-18)\n\n" + "\n\n".join(f"{label.format(n=n)} {a}" for n, a in own.items())
    got = _read_numbers(tmp_path / "ch4.md", get_pack("fastai-04"), text)
    assert set(got) == set(own)
    assert got[14].startswith("the seven steps:") and got[14].endswith("7. stop when good enough")
    assert got[15] == "randomly"


def test_a_quarto_post_with_titled_headings_and_answer_callouts(tmp_path: Path) -> None:
    """A Quarto post: each question under a heading that gives its number and a short title of its own, its answer
    in a callout titled "## Answer" (or under a "### Answer" heading), code in an executable cell ("```{python}").
    The titles belong to their questions, the "Answer" titles to nothing (they were the first word of every answer,
    quoted back as the student's point, or ended the questionnaire), and the code cell keeps its fences."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    text = (f"---\ntitle: \"Fastbook ch. 4\"\n---\n\n## 1. Pixels\n\n{asked[1]}\n\n"
            "::: {.callout-tip collapse=\"true\"}\n## Answer\n"
            "A grid of 0-255 numbers; colour has three per pixel.\n:::\n\n"
            f"## 4. List comprehensions\n\n{asked[4]}\n\n::: {{.callout-tip collapse=\"true\"}}\n## Answer\n"
            "```{python}\n[x*2 for x in nums if x % 2 == 1]\n```\nKeeps the odd ones, doubled.\n:::\n\n"
            f"## 5. Rank 3\n\n{asked[5]}\n\n### Answer\n\nA stack of matrices.\n")
    got = _read_numbers(tmp_path / "post.qmd", pack, text)
    assert got == {1: "A grid of 0-255 numbers; colour has three per pixel.",
                   4: "```{python}\n[x*2 for x in nums if x % 2 == 1]\n```\nKeeps the odd ones, doubled.",
                   5: "A stack of matrices."}
    found = locate(document_lines(text), pack)
    assert [u.label.split(",")[0] for u in found.unaligned] == ["(before the first question"]


def test_a_question_wrapped_over_two_lines_is_one_question(tmp_path: Path) -> None:
    """"Q: What are the downsides of deploying your app to a server, instead of" over "   to a client (or edge)
    device…?": the question is found by its second line, and its first is no answer to a question the pack does not
    ask."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    words = asked[13].split()
    text = (f"Q: {asked[12]}\nA: stochastic gradient descent.\n\nQ: {' '.join(words[:6])}\n   "
            f"{' '.join(words[6:])}\nA: the whole dataset is too slow, one item too noisy.\n\n"
            f"Q: {asked[15]}\nA: randomly.\n")
    found = locate(document_lines(text), pack)
    assert {q: a.text for q, a in found.answers.items() if a.text} == {
        pack.questions[11].id: "stochastic gradient descent.",
        pack.questions[12].id: "the whole dataset is too slow, one item too noisy.",
        pack.questions[14].id: "randomly."}
    assert found.unaligned == ()


def test_a_bold_question_wrapped_over_two_lines_stays_out_of_its_answer() -> None:
    """"**20. Pourquoi … pour chaque" / "modification ?**": the bold question runs on to the next line, which is
    the question's, not the first line of the answer, even when that line adds none of the pack's words (a French
    question under an English pack; here, the learner's own words)."""
    pack = _kitchen_pack()
    text = ("**1. Why do you rest a steak after cooking it, as the\nrecipe says?**\n\nThe juices settle.\n\n"
            "**2. What does blanching vegetables do, in the\nchef's words?**\n\nIt keeps their colour.\n")
    found = locate(document_lines(text), pack)
    assert (found.answers["k1"].text, found.answers["k2"].text) == ("The juices settle.", "It keeps their colour.")


def test_a_spoiler_titled_answer_holds_the_answer() -> None:
    """HackMD's ":::spoiler Answer" and VuePress's "::: details Answer" fold the answer under a title that only
    labels it."""
    pack = _kitchen_pack()
    text = ("## 1. Why do you rest a steak after cooking it?\n\n:::spoiler Answer\nThe juices settle.\n:::\n\n"
            "## 2. What does blanching vegetables do?\n\n::: details Answer\nIt keeps their colour.\n:::\n")
    found = locate(document_lines(text), pack)
    assert (found.answers["k1"].text, found.answers["k2"].text) == ("The juices settle.", "It keeps their colour.")


def test_a_notebook_cell_that_goes_on_after_the_code_drops_its_label(tmp_path: Path) -> None:
    """"### Q13 …" / a code cell / "**A:** → 0.92 for the target class": the label that opens the answer's next cell
    is not the student's words (it was stripped only from an answer's first line)."""
    pack = get_pack("fastai-04")
    asked = {q.number: q.text for q in pack.questions}
    cells = [("markdown", f"### Q9. {asked[9]}"), ("code", "t = tensor(list(range(1, 10))).view(3, 3) * 2\nt[1:, 1:]"),
             ("markdown", "**A:** → the bottom-right four numbers, doubled."), ("markdown", f"### Q10. {asked[10]}"),
             ("markdown", "**A:** The smaller tensor is expanded to the larger one's shape.")]
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": src, **({"outputs": [], "execution_count": None}
                                                                         if kind == "code" else {})}
                    for kind, src in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "q.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack)
    nine = alignment.answer(pack.questions[8].id).text
    assert nine.endswith("```\n\nthe bottom-right four numbers, doubled.") and "A:" not in nine
    assert alignment.answer(pack.questions[9].id).text == "The smaller tensor is expanded to the larger one's shape."


@pytest.mark.parametrize(("between", "shared"), [("\n", False), ("\n\n", True)])
def test_two_questions_in_one_notebook_cell_share_its_answer_only_when_set_apart(tmp_path: Path, between: str,
                                                                                 shared: bool) -> None:
    """A notebook whose cells hold a question with its answer right under it: a question directly followed by the next
    one is just unanswered (the student skipped it), as in a Markdown file so written; two questions set apart by a
    blank line over one answer ("**25. …?**", "", "**26. …?**", "", "Answer: …") are asked together."""
    pack = _kitchen_pack()
    cells = [f"**{q.number}. {q.text}**\nanswer {q.number}" for q in pack.questions if q.number in (1, 2, 5)]
    cells.insert(2, f"**3. {pack.questions[2].text}**{between}**4. {pack.questions[3].text}**\nBoth: taste, and a "
                    "stable mix of oil and water.")
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": src} for src in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "kitchen.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack)
    assert alignment.answer("k4").text.startswith("Both: taste")
    assert (alignment.answer("k3") is not None and alignment.answer("k3").text.startswith("Both: taste")) == shared


def test_a_question_numbered_after_a_slip_in_the_students_numbering_is_read() -> None:
    """A text file numbered as the pack until the student skips a number: "4) …", then "6) Write out how you season
    pasta water." in the student's own words for the pack's 5, then "7) What is an emulsion?" (the pack's 6, found by
    its words). The line numbered 6 continues the numbering between the questions found around it, and its number
    names a question found elsewhere: it asks the question of the gap, not nothing (its answer glued onto 4's)."""
    texts = ["Why do you rest a steak after cooking it?", "What does blanching vegetables do?",
             "How can you tell oil is hot enough for frying?", "Why do you sear meat in a hot pan?",
             "In your own words, how much salt goes into the water you boil pasta in, and when?",
             "What is an emulsion?"]
    pack = Pack(id="kitchen6", title="Kitchen", questions=tuple(
        Question(id=f"k{n}", number=n, text=t, reference="x") for n, t in enumerate(texts, start=1)))
    text = "\n\n".join([
        f"1) {texts[0]}", "So the juices settle.", f"2) {texts[1]}", "A short boil, then ice water.",
        f"3) {texts[2]}", "A wooden spoon makes bubbles.", f"4) {texts[3]}", "For the crust.",
        "6) Write out how you season pasta water.", "A good handful once it boils, like the sea.",
        f"7) {texts[5]}", "Oil and water held together."]) + "\n"
    found = locate(document_lines(text), pack)
    assert found.answers["k5"].text == "A good handful once it boils, like the sea."
    assert found.answers["k4"].text == "For the crust."


def test_an_answer_put_as_an_instruction_on_the_questions_line_is_the_answer() -> None:
    """"3. Why add salt to pasta water? Give it flavour." on one line: the question has one sentence, which asks, so
    an instruction after it in words not the question's is the answer (it was taken for a task the question sets,
    and the answer was lost); a task the question does set ("… emulsion? Give an example.") is still the question's."""
    pack = _kitchen_pack()
    pack = replace(pack, questions=(*pack.questions[:3], replace(pack.questions[3], text="What is an emulsion? Give an "
                                                                 "example."), pack.questions[4]))
    text = "\n".join(f"{q.number}. {q.text} {said}" for q, said in zip(pack.questions, [
        "So the juices settle.", "A short boil, then ice water.", "Give it flavour.", "Mayonnaise: oil in egg yolk.",
        "Drop in a breadcrumb: it sizzles."], strict=True)) + "\n"
    found = locate(document_lines(text), pack)
    assert found.answers["k3"].text == "Give it flavour."
    assert found.answers["k4"].text == "Mayonnaise: oil in egg yolk."


def test_a_question_with_a_long_answer_on_its_line_is_found() -> None:
    """"3. Why add salt to pasta water? Is it needed? It seasons the pasta from inside…" with a paragraph of answer on
    the same line: too long to read whole as a question, the line is read up to its question marks (the second ends
    this question), and the answer is not lost."""
    pack = _kitchen_pack()
    pack = replace(pack, questions=(*pack.questions[:2], replace(pack.questions[2], text="Why add salt to pasta "
                                                                 "water? Is it needed?"), *pack.questions[3:]))
    answer = "It seasons the pasta from inside, because the pasta absorbs the water as it cooks. " * 8
    text = "\n\n".join([f"1. {pack.questions[0].text} So the juices settle.",
                        f"2. {pack.questions[1].text} A short boil, then ice water.",
                        f"3. {pack.questions[2].text} {answer.strip()}",
                        f"4. {pack.questions[3].text} Oil and water held together.",
                        f"5. {pack.questions[4].text} A breadcrumb sizzles."]) + "\n"
    assert len(text.split("\n\n")[2]) > 600
    found = locate(document_lines(text), pack)
    assert found.answers["k3"].text == answer.strip()


def test_a_heading_that_is_a_sentence_opens_the_answer_under_a_bold_question() -> None:
    """Questions in bold, and an answer that sets its first sentence as a heading ("### Imagine a bookshelf.", "###
    There are several reasons:"): the answer's words set large, not a section that ends the questionnaire (the answer
    was set aside and the question read as unanswered); a heading that titles a part ("## Part 2") still ends one."""
    pack = _kitchen_pack()
    text = ("**1. Why do you rest a steak after cooking it?**\n\n### There are several reasons:\n\n- the juices "
            "settle\n- it keeps cooking\n\n**2. What does blanching vegetables do?**\n\n### Imagine a pot of "
            "boiling water.\n\nA short boil, then ice water.\n\n**3. Why add salt to pasta water?**\n\nFor "
            "taste.\n\n## Part 2\n\nNotes for the next lesson.\n\n**4. What is an emulsion?**\n\nOil and water "
            "held together.\n\n**5. How can you tell oil is hot enough for frying?**\n\nA breadcrumb sizzles.\n")
    found = locate(document_lines(text), pack)
    assert found.answers["k1"].text.startswith("There are several reasons:") and "it keeps cooking" in found.answers[
        "k1"].text
    assert found.answers["k2"].text.startswith("Imagine a pot of boiling water.")
    assert found.answers["k3"].text == "For taste."
    assert any("Part 2" in u.text for u in found.unaligned)


def test_set_aside_text_keeps_a_link_and_leaves_out_lines_of_html_tags_alone() -> None:
    """Before the first question: a Markdown autolink is the student's text; a notebook export's "<div class=…>"
    lines are markup, and shown they buried the rest."""
    pack = _kitchen_pack()
    text = ("# Kitchen notes\n<https://github.com/me/kitchen>\n<div class=\"cell border-box-sizing\">\n</div>\n\n"
            + "\n\n".join(f"## {q.number}. {q.text}\n\nanswer {q.number}" for q in pack.questions))
    found = locate(document_lines(text), pack)
    assert [u.text for u in found.unaligned] == ["# Kitchen notes\n<https://github.com/me/kitchen>"]


def test_an_answer_that_is_a_link_alone_is_the_answer() -> None:
    """"Deploy your app" answered with "<https://…>" alone: a Markdown autolink is the student's link, not an HTML
    tag, so the answer is the link (it was dropped, and the line shown nowhere)."""
    pack = _kitchen_pack()
    text = "\n\n".join(f"## {q.number}. {q.text}\n\n" + ("<https://example.org/my-recipe>" if q.number == 2
                                                           else f"answer {q.number}") for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == "<https://example.org/my-recipe>"
    assert not found.unaligned


def test_every_line_inside_a_code_block_is_kept_in_the_answer() -> None:
    """A line of tags or of marks alone is layout outside code, but the student's own inside a code block or a
    notebook's output ("<Figure size 900x300 with 3 Axes>", "----"): it stays in the answer."""
    pack = _kitchen_pack()
    block = "```python\nshow()\n```\n```output\n<Figure size 900x300 with 3 Axes>\n----\n```\n<div class=\"x\">"
    text = "\n\n".join(f"## {q.number}. {q.text}\n\n" + (block if q.number == 2 else f"answer {q.number}")
                         for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert found.answers["k2"].text == block.rsplit("\n", 1)[0]


def test_an_e_mail_of_answers_with_some_on_their_number_line_a_remark_a_signature_and_the_quoted_mail() -> None:
    """An e-mail: "2) blanching" over its answer, "3) Salt raises the boiling point a little…" with nothing under it
    (not the question in a few words: the answer), then "I didn't finish 4 and 5, …", a
    sign-off, a "-- " signature and the teacher's mail quoted under "> On …, … wrote:": none of those is the answer."""
    pack = _kitchen_pack()
    text = ("Hi,\n\n1) Why do you rest a steak after cooking it?\nThe juices settle.\n\n2) blanching\n"
            "It keeps the colour.\n\n3) Salt raises the boiling point a little and seasons the pasta.\n\n"
            "I didn't finish 4 and 5, I'll do them this weekend if that's ok.\n\nBest,\nRosa\n\n--\nRosa Delgado\n"
            "Sent from my phone\n\n> On Mon, 11 Mar 2024 at 09:00, Alan Whitfield <a.w@example.edu> wrote:\n"
            "> Reminder: due tonight.\n> Submit as usual.\n")
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (1, 2, 3)] == [
        "The juices settle.", "It keeps the colour.", "Salt raises the boiling point a little and seasons the pasta."]
    assert "I didn't finish 4 and 5" in found.unaligned[-1].text and "Submit as usual." in found.unaligned[-1].text
    text = ("1) Why do you rest a steak after cooking it?\nThe juices settle.\n\n"
            "3) Salt in the water seasons the pasta and raises the boiling point.\n"
            "4) Oil and water held together by an emulsifier.\n\n5) How can you tell oil is hot enough for frying?\n"
            "A wooden spoon bubbles.\n")
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (3, 4)] == [
        "Salt in the water seasons the pasta and raises the boiling point.",
        "Oil and water held together by an emulsifier."]


def test_a_closing_remark_names_questions_left_unanswered_not_numbers_of_an_answer() -> None:
    """"Still need to go back and do 2 and 4" after the last answer closes the file; "a tensor of shape 3, 4" in a
    paragraph of the last answer names questions that are answered, or none: it stays."""
    from greenpen.answer_ends import speaks_of_unanswered

    pack = _kitchen_pack()
    asked = "\n\n".join(f"{q.number}. {q.text}\n" + ("" if q.number in (2, 4) else f"answer {q.number}")
                         for q in pack.questions)
    found = locate(document_lines(asked + "\n\nStill need to go back and do 2 and 4, sorry.\n"), pack)
    assert found.answers["k5"].text == "answer 5" and "do 2 and 4" in found.unaligned[-1].text
    found = locate(document_lines(asked + "\n\nIt is like a tensor of shape 3, 1 in a way.\n"), pack)
    assert found.answers["k5"].text.endswith("shape 3, 1 in a way.")
    assert not speaks_of_unanswered("values 0.5, 1 and 2", frozenset({1, 2}))  # a decimal opens no list
    assert not speaks_of_unanswered("x[2, 4] and f(2, 4)", frozenset({2, 4}))
    assert speaks_of_unanswered("# TODO q31-36", frozenset(range(31, 37)))
    assert speaks_of_unanswered("Haven't done 15–27 yet.", frozenset(range(15, 28)))
    assert not speaks_of_unanswered("from 25-30 epochs it converges", frozenset(range(1, 25)))  # answered
    found = locate(document_lines(asked.replace("answer 3", "answer 3\n\n2 and 4 - skipped, no time")), pack)
    assert found.answers["k3"].text == "answer 3"  # a note under an answer, about questions left unanswered
    assert [u.text for u in found.unaligned] == ["2 and 4 - skipped, no time"]
    for aside in ("(didn't do the others yet, will add next week)", "_I'll fill 2 in after the lecture._"):
        found = locate(document_lines(asked + f"\n\n{aside}\n"), pack)
        assert found.answers["k5"].text == "answer 5" and found.unaligned[-1].text == aside


def test_a_question_the_pack_leaves_out_is_set_aside_in_a_file_numbered_its_own_way() -> None:
    """Numbered from 0, with a question the pack does not ask between two it asks ("2. Is a cast-iron pan
    non-stick?" between the student's "1." and "3."): its number is one the pack asks, yet it lies between the
    student's own numbers, and it asks: set aside, not more of the answer above. So is one after the last; and with
    the pack's numbering, a list "1) … 2) …" in the answer above does not make "4. …?" part of it."""
    pack = _kitchen_pack()
    qs = pack.questions
    text = (f"0. {qs[0].text}\nA: juices settle\n\n1. {qs[1].text}\nA: keeps colour\n\n"
            "2. Is a cast-iron pan non-stick?\nA: once seasoned\n\n"
            f"3. {qs[2].text}\nA: flavour\n\n4. {qs[3].text}\nA: oil in water\n\n5. {qs[4].text}\nA: bubbles\n\n"
            "6. Why do onions make you cry?\nA: a gas\n")
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (2, 5)] == ["keeps colour", "bubbles"]
    left = " ".join(u.text for u in found.unaligned)
    assert "cast-iron" in left and "once seasoned" in left and "onions" in left
    text = (f"1. {qs[0].text}\n1) rest 2) cut\n\n4. Why do onions make you cry?\na gas\n\n"
            f"5. {qs[4].text}\nbubbles\n")
    pack3 = Pack(id="k", title="k", questions=(qs[0], replace(qs[4], number=5), replace(qs[3], number=6)))
    found = locate(document_lines(text), pack3)
    assert found.answers["k1"].text == "1) rest 2) cut" and "onions" in " ".join(u.text for u in found.unaligned)


def test_a_learners_translation_under_each_question_is_the_questions_not_a_question_left_out() -> None:
    """"**2. What does blanching vegetables do?**" over "*¿Qué hace el escaldado de las verduras?*" over "**Respuesta:**
    …": the line in Spanish asks the same question (every answer of such a file was set aside as answering questions
    the pack does not ask)."""
    pack = _kitchen_pack()
    spanish = ["¿Por qué se deja reposar un filete después de cocinarlo?", "¿Qué hace el escaldado de las verduras?",
               "¿Por qué se añade sal al agua de la pasta?", "¿Qué es una emulsión?",
               "¿Cómo saber si el aceite está bastante caliente para freír?"]
    text = "\n\n".join(f"**{q.number}. {q.text}**\n*{es}*\n\n**Respuesta:** respuesta {q.number}"
                         for q, es in zip(pack.questions, spanish, strict=True))
    found = locate(document_lines(text), pack, get_embedder("use"))
    assert [found.answers[f"k{n}"].text for n in range(1, 6)] == [f"respuesta {n}" for n in range(1, 6)]
    assert not found.unaligned


@pytest.mark.parametrize("hedged", ["Blanching keeps the colour of the vegetables?",
                                    "it boils the vegetables briefly then stops the cooking?"])
def test_an_answer_that_ends_in_a_question_mark_in_the_questions_words_is_an_answer(hedged: str) -> None:
    """"xxbos is the start of the text and xxmaj means a capital letter?" under "What do xxbos and xxmaj mean?": a
    statement the student is unsure of, in the question's words. It had been taken for the question asked again, and
    the answer was lost from the report; a question asked again in other words ("¿Qué hace…?") stays the question's."""
    pack = _kitchen_pack()
    text = "\n\n".join(f"{q.number}. {q.text}\n" + (hedged if q.number == 2 else f"answer {q.number}")
                         for q in pack.questions)
    found = locate(document_lines(text), pack, get_embedder("use"))
    assert found.answers["k2"].text == hedged


def test_an_obsidian_note_with_answer_callouts_highlights_aliased_links_and_footnotes() -> None:
    """"> [!question] 1. …" over "> [!answer]" over "> …": the callout's label and quote marks are no part of the
    answer; "==highlighted==" words and "[[target|shown words]]" read as the words shown; a footnote marked in an
    earlier answer, set at the end, is not the last answer's; a rule then "— Rosa" closes the file, signed."""
    pack = _kitchen_pack()
    qs = pack.questions
    text = (f"> [!question] 1. {qs[0].text}\n> [!answer]\n> The juices ==settle back== in the meat.[^1]\n\n"
            f"> [!question] 2. {qs[1].text}\n> [!answer]\n> It keeps [[vegetable colour|the colour]].\n> ???\n\n"
            f"> [!question] 5. {qs[4].text}\n> [!answer]\n> ???\n\n"
            "[^1]: My grandmother's rule.\n\n---\n\nThanks!\n\n— Rosa\n\n[Share](https://example.org)\n")
    found = locate(document_lines(text), pack)
    assert found.answers["k1"].text == "The juices settle back in the meat.[^1]"
    assert found.answers["k2"].text == "It keeps the colour.\n???"
    assert found.answers["k5"].text == ""
    assert "My grandmother's rule." in found.unaligned[-1].text and "— Rosa" in found.unaligned[-1].text


def test_an_answer_in_a_callout_of_any_type_is_read_without_its_box_and_a_picture_under_it_stays() -> None:
    """"> [!note]- Answer" over "> - …" and "> [!warning] no idea, I think …": the box's type, its title "Answer" and
    the quote marks are layout (they were kept in the answer and shown as a quote in a quote); an Obsidian picture
    under the box ("![[plot.png]]") stays as written (it read "!plot.png"); a to-do box is still a note to self."""
    pack = _kitchen_pack()
    qs = pack.questions
    text = (f"## 1. Resting\n> [!question] {qs[0].text}\n\n> [!note]- Answer\n> - the juices settle\n"
            f"> - it cuts cleaner\n\n![[steak.png]]\n\n"
            f"## 2. Blanching\n> [!question] {qs[1].text}\n\n> [!warning] no idea, I think it keeps the colour?\n\n"
            f"## 3. Salt\n> [!question] {qs[2].text}\n\n> [!todo] fill in\n>\n\n"
            f"## 4. Emulsion\n> [!question] {qs[3].text}\n\n> [!quote] Oil and water held together.\n")
    found = locate(document_lines(text), pack)
    assert found.answers["k1"].text == "- the juices settle\n- it cuts cleaner\n\n![[steak.png]]"
    assert found.answers["k2"].text == "no idea, I think it keeps the colour?"
    assert found.answers["k3"].text.strip() in ("", "> [!todo] fill in")
    assert found.answers["k4"].text.startswith(">")  # a quotation, as written


def test_a_box_inside_an_answer_shows_its_title_and_an_embed_stays() -> None:
    """"<details><summary>my run (5 epochs)</summary>" and ":::{admonition} Aside" inside an answer read as the title
    they show; a dev.to "{% youtube … %}" embeds the student's video and stays (a "{% raw %}" tag says nothing)."""
    pack = _kitchen_pack()
    body = ("Rest it.\n\n<details><summary>my run (5 epochs)</summary>\n\nit was juicy\n\n</details>\n\n"
            ":::{admonition} Aside\nsee chapter 2\n:::\n\n{% youtube 4w6tkNI0Yk8 %}\n{% raw %}")
    text = "\n\n".join(f"## {q.number}. {q.text}\n\n" + (body if q.number == 1 else f"answer {q.number}")
                         for q in pack.questions)
    answer = locate(document_lines(text), pack).answers["k1"].text
    assert answer == ("Rest it.\n\nmy run (5 epochs)\n\nit was juicy\n\nAside\nsee chapter 2\n\n"
                      "{% youtube 4w6tkNI0Yk8 %}")


def test_a_bold_number_then_the_question_and_its_answer_after_a_label_on_one_line() -> None:
    """"**Q2** What does blanching do? **A:** 0.95 → 0.85 → 0.95": the answer is what follows its label, symbols and
    code included, and a "?" inside it ("(that's 5? …)") does not cut it (it was "no answer", or its second half)."""
    pack = _kitchen_pack()
    said = {1: "juices (that's 5? the book says 4)", 2: "0.95 → 0.85 → 0.95", 3: "`salt` + Tab"}
    text = "\n\n".join(f"**Q{q.number}** {q.text} **A:** {said.get(q.number, f'answer {q.number}')}"
                         for q in pack.questions)
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (1, 2, 3)] == [said[1], said[2], said[3]]


def test_an_answer_label_after_a_dash_and_a_question_that_goes_on_after_its_question_mark() -> None:
    """"Ans - Juices settle." is labelled like "Answer: …" ("A - B" is not a label); and "1. Why …? The steak, the
    juices" over "Answer: …": the question's own words after its "?" are no answer when the label below opens it."""
    pack = _kitchen_pack()
    text = ("1. Why do you rest a steak after cooking it? The steak, after cooking\nAnswer: The juices settle.\n\n"
            "2. What does blanching vegetables do?\nAns - It keeps their colour.\n\n"
            "3. Why add salt to pasta water?\nA - B testing says it tastes better.\n")
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (1, 2, 3)] == [
        "The juices settle.", "It keeps their colour.", "A - B testing says it tastes better."]


def test_a_task_copied_under_its_number_is_the_question_and_a_todo_in_italics_is_a_placeholder() -> None:
    """"## Question 5" over "*How can you tell oil is hot enough for frying?*" over "_TODO: try it tonight._": the copy
    is the question's, and what is left is a placeholder, not an answer (the report shows it as the student's note)."""
    pack = _kitchen_pack()
    text = "\n\n".join(f"## Question {q.number}\n\nanswer {q.number}" for q in pack.questions[:4])
    text += f"\n\n## Question 5\n\n*{pack.questions[4].text}*\n\n_TODO: try it tonight._\n"
    found = locate(document_lines(text), pack)
    assert found.answers["k5"].text == "" and "TODO: try it tonight." in found.answers["k5"].original


def test_a_slides_hidden_notes_and_an_org_headings_planning_line_are_no_answer() -> None:
    """A Marp deck's "<!-- check the year -->" under an answer is the student's note to self, set aside as such; an
    org-mode heading's "CLOSED: [2021-03-02 Tue 21:14]" and its property drawer are the outline's bookkeeping."""
    pack = _kitchen_pack()
    text = ("1. Why do you rest a steak after cooking it?\n\nThe juices settle.\n\n<!-- check this in the book -->\n\n"
            "2. What does blanching vegetables do?\n   CLOSED: [2021-03-02 Tue 21:14]\n   :PROPERTIES:\n"
            "   :ID: 42\n   :END:\nIt keeps their colour.\n\n3. Why add salt to pasta water?\n\nFor taste.\n")
    found = locate(document_lines(text), pack)
    assert [found.answers[f"k{n}"].text for n in (1, 2, 3)] == ["The juices settle.", "It keeps their colour.",
                                                             "For taste."]
    assert [u.text for u in found.unaligned if "comment" in u.label] == ["<!-- check this in the book -->"]


def test_a_globs_stars_in_code_that_is_only_indented_are_kept() -> None:
    """Bold marks come out of an answer's prose; `**` between slashes is a glob (`f'{path}/**/*.JPEG'`)."""
    pack = _kitchen_pack()
    text = ("1. Why do you rest a steak after cooking it?\n\nThe **juices** settle:\n\n"
            "    files = glob(f'{path}/**/*.JPEG', recursive=True)\n\n"
            "2. What does blanching vegetables do?\n\nColour.\n")
    found = locate(document_lines(text), pack)
    assert found.answers["k1"].text == ("The juices settle:\n\n    files = glob(f'{path}/**/*.JPEG', recursive=True)")


def test_a_definition_list_a_dash_in_code_a_power_and_a_numbered_answer_over_two_lines() -> None:
    """Four faults a helper found comparing files with what was read: a definition list's ": " opened every answer;
    a dash inside the student's code was taken for the end of the question in a few words ("`log_softmax(x) = x -
    logsumexp(x)` → stable" lost its definition); "**" of a power was taken for bold ("(a-b)**2" → "(a-b)2"); and
    "Q2. train/ and valid/ … and the" over an indented "valid set is separate already." lost its second line."""
    pack = _kitchen_pack()
    deflist = "\n\n".join(f"{q.text}\n: my reply {q.number}" for q in pack.questions)
    assert locate(document_lines(deflist), pack).answers["k2"].text == "my reply 2"
    numbered = ("Q1. rest it - `juices = settle(steak) - heat` → they settle\n\n"
                "Q2. blanch, then ice: colour = sqrt(mean((a-b)**2)), and the\n    green stays bright.\n\n"
                "Q3. salt it\n\nQ4. oil in water\n\nQ5. a wooden spoon bubbles\n")
    found = locate(document_lines(numbered), pack)
    assert found.answers["k1"].text.endswith("`juices = settle(steak) - heat` → they settle")
    assert found.answers["k2"].text == ("blanch, then ice: colour = sqrt(mean((a-b)**2)), and the\n"
                                        "    green stays bright.")


def test_a_bold_mark_left_open_in_a_list_item_is_dropped() -> None:
    """"- **Stop **" (a space before the closing marks, so no bold to Markdown) reads "- Stop"."""
    pack = _kitchen_pack()
    text = "1. Why do you rest a steak after cooking it?\n\n- **Rest**\n- **Stop **\n\n2. What does blanching?\n\nx\n"
    assert locate(document_lines(text), pack).answers["k1"].text == "- Rest\n- Stop"


def test_a_callouts_answer_title_is_not_the_files_title_and_the_intro_stays_visible(tmp_path: Path) -> None:
    """A post whose answers sit in callouts titled "## Answer": the file's title is not "Answer" (with that title every
    line saying "answers" read as the file's identity, and the post's intro vanished from the report)."""
    pack = _kitchen_pack()
    text = ("---\nauthor: \"Jonas\"\n---\n\nMy answers for the kitchen sheet.\n\n"
            + "\n\n".join(f"## {q.number}. Part {q.number}\n\n{q.text}\n\n::: {{.callout-note}}\n## Answer\n"
                          f"reply {q.number}\n:::" for q in pack.questions) + "\n")
    path = tmp_path / "post.qmd"
    path.write_text(text, encoding="utf-8")
    (sub,) = read_file(path)
    alignment = align(sub, pack)
    assert sub.title != "Answer" and alignment.answer("k3").text == "reply 3"
    assert any("My answers for the kitchen sheet." in u.text for u in alignment.unaligned)


def test_a_table_cell_keeps_its_line_breaks_and_its_pre_block_as_code() -> None:
    # GitHub Markdown has no line break inside a table cell but `<br>`: a list written in a cell keeps its lines, a
    # `<pre>` block is the student's code, and a shortened question with an empty answer cell is an empty answer
    text = (
        "| # | Question | Answer |\n|---|---|---|\n"
        "| 3 | Training steps | 1. predict<br>2. loss<br/>3. gradients<br>4. step |\n"
        "| 6 | Optimizer? | <pre>opt = SGD(params, lr=0.1)<br>for x, y in dl:<br>    opt.step()</pre>"
        "it updates the weights |\n"
        "| 8 | Learning rate: why tune it | |\n"
    )
    found = locate(document_lines(text), PACK)
    got = {q.number: found.answers[q.id].text for q in PACK.questions if q.id in found.answers}
    assert got[3] == "1. predict\n2. loss\n3. gradients\n4. step"
    assert got[6] == "```\nopt = SGD(params, lr=0.1)\nfor x, y in dl:\n    opt.step()\n```\nit updates the weights"
    assert got.get(8, "") == ""



@pytest.mark.models
def test_a_table_row_with_a_short_question_and_an_empty_answer_cell_is_an_empty_answer() -> None:
    rows = [("27", "view method", "reshapes the tensor without copying"),
            ("29", "`@` operator", "matrix multiplication"),
            ("30", "backward()", "computes the gradients"), ("33", "training loop", ""), ("34", "ReLU", "max(0, x)"),
            ("36", "`F.relu` vs `nn.ReLU`", ""), ("37", "Why deeper models", "more accuracy with fewer parameters")]
    text = "| # | Question | Answer |\n|---|---|---|\n" + "".join(f"| {n} | {q} | {a} |\n" for n, q, a in rows)
    pack = get_pack("fastai-04")
    found = locate(document_lines(text), pack, get_embedder("use"))
    by_number = {q.number: found.answers[q.id].text for q in pack.questions if q.id in found.answers}
    assert by_number[33] == by_number[36] == ""  # not the row ("| 36 | `F.relu` vs `nn.ReLU` |") shown as the answer
    assert by_number[34] == "max(0, x)"


def _numbered_answers(text: str) -> tuple[dict[int, str], list[tuple[str, str]]]:
    found = locate(document_lines(text), PACK)
    got = {q.number: found.answers[q.id].text for q in PACK.questions if q.id in found.answers}
    return got, [(u.label, u.text) for u in found.unaligned]


def test_a_questionnaire_copied_as_a_list_numbered_one_throughout() -> None:
    # The book's questionnaire copied into a notebook: every item "1." (the page numbers them), each answer a
    # blockquote nested under its item; two questions left unanswered one under the other, and a question the pack
    # does not ask with its answer
    text = (
        "1. What is a model in machine learning?\n\n   > A function with parameters fitted to data.\n\n"
        "1. What does it mean to train a model?\n\n   > Changing the parameters to lower the loss.\n\n"
        "1. What are the steps of the training process?\n"
        "1. Why do we need to measure how well the model is doing?\n"
        "1. What is a loss function, and why does it matter?\n\n"
        "   > A number that says how wrong the predictions are.\n\n"
        "1. Which GPU did you train on, and how long did it take?\n\n   > A T4 on Colab, ten minutes.\n\n"
        "1. What does the optimizer do?\n\n   > It updates the weights from the gradients.\n"
    )
    got, unaligned = _numbered_answers(text)
    assert got[1] == "A function with parameters fitted to data."  # without its quote mark
    assert got[3] == got[4] == ""  # not the answer nested under question 5
    assert got[5] == "A number that says how wrong the predictions are."
    assert got[6] == "It updates the weights from the gradients."
    assert any("Which GPU did you train on" in t and "A T4 on Colab" in t for _, t in unaligned)


def test_a_fastpages_callout_is_set_aside_in_the_words_its_box_shows() -> None:
    text = ("6. What does the optimizer do?\n\nIt updates the weights from the gradients.\n\n"
            "{% include warning.html content='It does make training slower though!' %}\n\n"
            "8. What is the learning rate, and why is it important to tune it?\n\nThe step size.\n")
    got, unaligned = _numbered_answers(text)
    assert got[6] == "It updates the weights from the gradients."
    assert any("Warning: It does make training slower though!" in t for _, t in unaligned)


def test_a_forum_quote_under_an_answer_is_set_aside_as_someone_elses_words() -> None:
    text = ("6. What does the optimizer do?\n\nIt updates the weights from the gradients.\n\n"
            '[quote="muellerzr, post:5, topic:80127"]\nThe optimizer is basically the step, nice.\n[/quote]\n\n'
            "8. What is the learning rate, and why is it important to tune it?\n\nThe step size.\n")
    got, unaligned = _numbered_answers(text)
    assert got[6] == "It updates the weights from the gradients."
    assert ("quoted from someone else under the answer to question 6",
            '[quote="muellerzr, post:5, topic:80127"]\nThe optimizer is basically the step, nice.\n[/quote]') in [
        (label.strip("()").split(",")[0], t) for label, t in unaligned]


def test_a_question_the_pack_leaves_out_keeps_its_number_in_a_file_numbered_as_the_pack() -> None:
    # "**4. …**" where the pack has no question 4: its answer is no answer to question 5 however close its words
    pack = replace(PACK, questions=tuple(q for q in PACK.questions if q.number != 4))
    text = ("**1. What is a model in machine learning?**\n\nA function with weights.\n\n"
            "**2. What does it mean to train a model?**\n\nFitting the weights.\n\n"
            "**3. What are the steps of the training process?**\n\nPredict, loss, step.\n\n"
            "**4. Why do we measure how the model is doing?**\n\nTo know if it learns.\n\n"
            "**6. What does the optimizer do?**\n\nIt updates the weights.\n\n"
            "**8. What is the learning rate, and why is it important to tune it?**\n\nThe step size.\n")
    found = locate(document_lines(text), pack)
    got = {q.number: found.answers[q.id].text for q in pack.questions if q.id in found.answers}
    assert not got.get(5)
    assert any("To know if it learns." in u.text for u in found.unaligned)


def test_numbered_answers_under_no_question_text_are_placed_surely() -> None:
    found = locate(document_lines("Hi,\n\n1) A function with weights.\n\n2) Fitting them.\n\n3) Predict, loss, step."
                                  "\n\n5) It says how wrong we are.\n"), PACK)
    assert {q.number: round(found.answers[q.id].confidence, 1) for q in PACK.questions[:3]} == {1: 0.8, 2: 0.8, 3: 0.8}


def test_a_ps_and_a_signature_under_the_last_answer_close_the_file() -> None:
    text = ("1) A function with weights.\n\n2) Fitting them.\n\n3) Predict, loss, step.\n\n"
            "P.S. my Colab ran out of memory, I used bs=32.\n\nBest regards,\nSamir Haddad\nMSc Data Science, year 1\n"
            "+44 7700 900123\n")
    found = locate(document_lines(text), PACK)
    assert found.answers[PACK.questions[2].id].text == "Predict, loss, step."
    assert any(u.text.startswith("P.S. my Colab") for u in found.unaligned)


def test_in_a_file_written_without_blank_lines_a_closing_line_closes_it() -> None:
    text = ("1) A function with weights.\n2) Fitting them.\n3) Predict, loss, step.\n"
            "That's all. Sorry for the formatting, I wrote it in Notepad.\n")
    found = locate(document_lines(text), PACK)
    assert found.answers[PACK.questions[2].id].text == "Predict, loss, step."
    assert any(u.text.startswith("That's all. Sorry") for u in found.unaligned)


def test_a_google_docs_hard_line_break_is_no_part_of_the_answer() -> None:
    text = "1. What is a model in machine learning?\n\nA function\\\n`f(x, w)` with weights.\\\nx = a + \\\n    b\n"
    got, _ = _numbered_answers(text)
    assert got[1] == "A function\n`f(x, w)` with weights.\nx = a + \\\n    b"


def test_a_question_wrapped_over_two_lines_keeps_both_in_its_label_and_a_banner_ends_the_file() -> None:
    text = ("Q7. Why can't the model get everything right the first\ntime?\nA7. Its weights start random.\n\n"
            "Q8. What is the learning rate, and why is it important to\ntune it?\nA8. The step size; too big and it"
            " diverges.\n\n-- end of homework, submitted 2023-03-20 --\n")
    found = locate(document_lines(text), PACK)
    q7, q8 = PACK.questions[6], PACK.questions[7]
    assert found.answers[q7.id].labels == ("Why can't the model get everything right the first time?",)
    assert found.answers[q8.id].text == "The step size; too big and it diverges."
    assert any(u.text == "-- end of homework, submitted 2023-03-20 --" for u in found.unaligned)


def test_a_forum_thread_copied_as_text_ends_the_answers_at_the_next_post() -> None:
    text = ("lena.okafor                                        Mar 4, 2023\nHere are mine.\n\n"
            "1. A function with weights.\n2. Fitting them.\n3. Predict, loss, step.\n\nLet me know what you think!\n\n"
            "tomasz_k                                           Mar 4, 2023\nNice, but 3 misses the gradient.\n")
    found = locate(document_lines(text), PACK)
    assert found.answers[PACK.questions[2].id].text == "Predict, loss, step."
    assert any("tomasz_k" in u.text and "misses the gradient" in u.text for u in found.unaligned)


def test_a_note_apps_record_and_a_phones_signature_close_the_file() -> None:
    record = "\n".join(["id: 9c1e4b7f2a6d4e0b8f3c5a1d7e9b2c40", "parent_id: 4d2a8f1c", "created_time: 2024-03-04",
                        "latitude: 52.52000660", "author: Jonas Becker", "type_: 1"])
    text = f"1) A function with weights.\n\n2) Fitting them.\n\n3) Predict, loss, step.\n\n{record}\n"
    found = locate(document_lines(text), PACK)
    assert found.answers[PACK.questions[2].id].text == "Predict, loss, step."
    assert any(u.text.startswith("id: 9c1e") for u in found.unaligned)
    found = locate(document_lines("1) A function with weights.\n\n2) Fitting them.\n\n3) Predict, loss, step.\n\n"
                                  "Sent from my iPhone\n"), PACK)
    assert found.answers[PACK.questions[2].id].text == "Predict, loss, step."


def test_bear_underlines_and_roam_block_references_are_no_words_of_the_answer() -> None:
    got, _ = _numbered_answers("1. What is a model in machine learning?\n\nA function with ::learned weights::, "
                               "see ((64a1f0c2-77e1-4b1e)) and `a[::2]`.\n")
    assert got[1] == "A function with learned weights, see and `a[::2]`."


def test_a_leftover_line_that_names_the_student_among_other_words_stays_visible() -> None:
    # the report's header shows the name, not "Thanks for reading! Corrections welcome, …": that line was hidden
    text = ("Name: Ana Souza\n\n1. What is a model in machine learning?\n\nA function with weights.\n\n"
            "2. What does it mean to train a model?\n\nFitting them.\n\n3. What are the steps of the training process?"
            "\n\nPredict, loss, step.\n\n---\n\nThanks for reading! Corrections welcome, Ana Souza\n")
    sub = Submission("notes.md", "markdown", (), student="Ana Souza", document=document_lines(text))
    alignment = align(sub, PACK)
    assert [u.text for u in alignment.unaligned] == ["Thanks for reading! Corrections welcome, Ana Souza"]


def test_a_chinese_closing_after_the_last_answer_closes_the_file() -> None:
    text = ("1. What is a model in machine learning?\n\n一个带参数的函数。\n\n"
            "2. What does it mean to train a model?\n\n调整参数。\n\n---\n\n"
            "以上就是第一章的全部习题。如果觉得有帮助，请点个赞👍\n")
    got, unaligned = _numbered_answers(text)
    assert got[2] == "调整参数。"
    assert any(t.startswith("以上就是") for _, t in unaligned)


def test_an_answer_line_that_opens_with_a_number_past_the_questionnaire_is_the_answer() -> None:
    # (TiddlyWiki's "!! " headings: the question's line and the answer's are written alike)
    text = ("!! 6. What does the optimizer do?\nIt updates the weights.\n\n"
            "!! 8. What is the learning rate, and why is it important to tune it?\n"
            "100 times smaller steps are safer, it is the step size.\n")
    got, unaligned = _numbered_answers(text)
    assert got[8] == "100 times smaller steps are safer, it is the step size."


def _kitchen_without_4() -> Pack:
    """The kitchen pack without question 4, which learners answer anyway."""
    pack = _kitchen_pack()
    return Pack(id=pack.id, title=pack.title, questions=tuple(q for q in pack.questions if q.number != 4))


def test_a_question_the_pack_leaves_out_answered_out_of_order_is_no_part_of_the_answer_above() -> None:
    text = ("Q3. Why add salt to pasta water?\nFor taste.\n\nQ5. How can you tell oil is hot enough for frying?\n"
            "A wooden spoon makes bubbles.\n\nQ4. What is an emulsion?\n(Should have done this before Q5.) Oil and "
            "water held together.\n")
    found = locate(document_lines(text), _kitchen_without_4())
    assert found.answers["k5"].text == "A wooden spoon makes bubbles."
    assert any(u.text.startswith("Q4. What is an emulsion?") for u in found.unaligned)  # shown, set aside


def test_a_question_the_pack_leaves_out_set_apart_in_bold_among_headings_is_no_part_of_the_answer_above() -> None:
    text = ("## 3. Why add salt to pasta water?\n\nFor taste.\n\n**4. What is an emulsion?**\n\nOil and water held "
            "together.\n\n## 5. How can you tell oil is hot enough for frying?\n\nA wooden spoon makes bubbles.\n")
    found = locate(document_lines(text), _kitchen_without_4())
    assert found.answers["k3"].text == "For taste."
    assert any(u.text.startswith("**4. What is an emulsion?**") for u in found.unaligned)


def test_an_answer_given_later_under_another_one_is_its_questions() -> None:
    text = ("Q1. Why do you rest a steak after cooking it?\nSo the juices settle.\n\n"
            "Q2. What does blanching vegetables do?\nSkipping for now, will come back to this.\n\n"
            "Q3. Why add salt to pasta water?\nFor taste.\n\n"
            "Back to Q2: it cooks them briefly and stops the cooking in ice water, keeping the colour.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste."
    assert found.answers["k2"].text == ("it cooks them briefly and stops the cooking in ice water, keeping the "
                                        "colour.")
    # the note that put it off is shown, set aside, not lost
    assert any(u.text == "Skipping for now, will come back to this." for u in found.unaligned)


def test_an_answer_labelled_in_chinese_is_read_without_its_label() -> None:
    text = ("**1. 为什么牛排煎好后要静置？**\n\n答：让肉汁重新分布。\n\n"
            "**2. 焯水对蔬菜有什么作用？**\n\n答：短时间煮一下再过冰水，保持颜色。\n")
    pack = Pack(id="kitchen-zh", title="Kitchen", questions=(
        Question(id="k1", number=1, text="为什么牛排煎好后要静置？", reference="x"),
        Question(id="k2", number=2, text="焯水对蔬菜有什么作用？", reference="x")))
    found = locate(document_lines(text), pack)
    assert found.answers["k1"].text == "让肉汁重新分布。"
    assert found.answers["k2"].text == "短时间煮一下再过冰水，保持颜色。"


def test_an_answer_labelled_in_indonesian_is_read_without_its_label() -> None:
    """"**Jawaban:** …" under each question: the label had stayed in every answer and been quoted back in the feedback
    (""Jawaban: model.cuda" is one of the points…"), as "**Answer:**" is not."""
    qs = _kitchen_pack().questions
    text = (f"### 1. {qs[0].text}\n\n**Jawaban:** Supaya jusnya meresap lagi.\n\n### 2. {qs[1].text}\n\n"
            "Jawaban: Warna tetap cerah.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k1"].text == "Supaya jusnya meresap lagi."
    assert found.answers["k2"].text == "Warna tetap cerah."


@pytest.mark.parametrize("label", ["## Fragen 2–3", "## Questões 2-3", "## Domande 2-3", "## Soal 2-3"])
def test_a_heading_that_names_a_range_of_questions_in_another_language_is_their_label(label: str) -> None:
    """"## Fragen 5–7" over "übersprungen": a range of questions under the plural label of the student's language names
    them, as "## Questions 5-7" does; the questions had been "not in your file" and the note lost."""
    qs = _kitchen_pack().questions
    text = (f"## 1. {qs[0].text}\n\nThe juices settle.\n\n{label}\n\nSkipped, no time.\n\n"
            f"## 4. {qs[3].text}\n\nOil and water held together.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k1"].text == "The juices settle." and found.answers["k4"].text.startswith("Oil and water")
    assert "k2" in found.answers and "k3" in found.answers, found.answers.keys()
    assert "Skipped" not in found.answers["k1"].text


def test_a_numbered_label_asks_its_question_rather_than_a_section_title_in_its_words() -> None:
    """"## Salt in Pasta Water", a section of the student's notes between "**Q2. …?**" and "**Q4. …?**", then "**Q3.
    Salt in the pasta water: why?**" at the end: the title had been taken for question 3 (found by its words, in
    order), and the answer under the label glued to answer 4."""
    text = ("**Q1. Resting a steak: why?**\nThe juices settle back.\n\n"
            "**Q2. Blanching vegetables does what?**\nKeeps the colour.\n\n## Salt in Pasta Water\n\n"
            "**Q4. An emulsion is what?**\nOil and water held together.\n\n"
            "**Q3. Salt in the pasta water: why?**\nIt seasons the pasta from inside.\n")
    got = {k: a.text for k, a in locate(document_lines(text), _kitchen_pack()).answers.items()}
    assert got == {"k1": "The juices settle back.", "k2": "Keeps the colour.",
                   "k3": "It seasons the pasta from inside.", "k4": "Oil and water held together."}, got


def test_a_section_title_under_a_rule_between_two_answers_is_not_the_answer_above() -> None:
    """"---" then "Now the history part:" before the next numbered answer: the student's title for the answers that
    follow had been glued to the answer above it and graded with it; it is shown as text that matched no question. A
    colon that opens more of the answer under a rule ("---" / "Another way:" / its code) stays."""
    text = ("**2.** Keeps the colour.\n\n---\n\nNow the cooking part:\n\n**1.** The juices settle back.\n\n"
            "**3.** It seasons the pasta.\n\n---\n\nAnother way to say it:\n\nsalt raises the boiling point a bit.\n"
            "\n**4.** Oil and water held together.\n")
    found = locate(document_lines(text), _kitchen_pack())
    got = {k: a.text for k, a in found.answers.items()}
    assert got["k2"] == "Keeps the colour." and got["k1"] == "The juices settle back."
    assert got["k3"].endswith("salt raises the boiling point a bit.")
    assert any("Now the cooking part:" in u.text for u in found.unaligned)


def test_labels_of_other_shapes_name_their_questions() -> None:
    """"#1" alone on its line (no heading without its space), "**Вопрос 3.**" in Russian, and an answer labelled
    "<b>Answer:</b>" in a notebook's HTML: the file of bare "#1" lines had been refused whole, the Russian label's
    question glued to the answer above, and the HTML label kept in the answer (a wrong answer read as correct)."""
    qs = _kitchen_pack().questions
    text = (f"#1\nthe juices settle back\n\n#2\nkeeps the colour\n\n**Вопрос 3.** {qs[2].text}\n\n"
            "<b>Answer:</b> it seasons the pasta\n\n#4\noil and water held together\n")
    got = {k: a.text for k, a in locate(document_lines(text), _kitchen_pack()).answers.items()}
    assert got == {"k1": "the juices settle back", "k2": "keeps the colour", "k3": "it seasons the pasta",
                   "k4": "oil and water held together"}, got


def test_a_code_cell_of_a_page_kept_as_html_is_read_as_its_code() -> None:
    """fastpages writes a notebook's code cell as `<pre>` with a highlighter's `<span>`s, and its output as another
    `<pre>`, with HTML entities: the answer is the code and the output as the page shows them."""
    text = ("> 1. Why do you rest a steak after cooking it?\n\nSo the juices settle.\n\n"
            "> 2. What does blanching vegetables do?\n\n"
            '<div class=" highlight hl-ipython3"><pre><span></span><span class="n">boil</span><span class="p">('
            '</span><span class="s1">&#39;beans&#39;</span><span class="p">)</span>\n</pre></div>\n\n'
            '<div class="output_text output_subarea"><pre>&#39;bright green&#39; -&gt; ice</pre>\n</div>\n\n'
            "<pre><code>for veg in beans:\n    boil(veg)</code></pre>\n\n"
            "> 3. Why add salt to pasta water?\n\nFor taste.\n")
    found = locate(document_lines(text), _kitchen_pack())
    said = found.answers["k2"].text
    assert "boil('beans')" in said and "'bright green' -> ice" in said
    assert "for veg in beans:\n    boil(veg)" in said
    assert "<pre>" not in said and "<code>" not in said and "&#39;" not in said


def test_a_correction_after_the_last_answer_is_more_of_the_answer_it_names() -> None:
    """A forum post's "**Edit:** Q2, …" under a rule at its end: the teacher reads it with answer 2, as corrected; the
    footer after it stays the file's closing, set aside, not lost."""
    text = ("> 1. Why do you rest a steak after cooking it?\n\nSo the juices settle.\n\n"
            "> 2. What does blanching vegetables do?\n\nIt fries them.\n\n"
            "> 3. Why add salt to pasta water?\n\nFor taste.\n\n---\n\n"
            "**Edit:** Q2, not fried: a short boil, then ice water to stop the cooking. Thanks @chef!\n\n"
            "❤️ 4 · 🔗 · Reply\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste."
    assert found.answers["k2"].text.startswith("It fries them.")
    assert "a short boil, then ice water" in found.answers["k2"].text
    assert any("Reply" in u.text for u in found.unaligned)


def test_a_correction_by_a_bare_number_under_the_last_answer_is_more_of_the_answer_it_names() -> None:
    """"edit: actually 2 should be…" under the last answer, in a file of numbered answers: answer 2 as corrected (the
    old answer had been graded, and the correction set aside after the last question)."""
    text = ("1) So the juices settle.\n\n2) It fries them.\n\n3) For taste.\n\n"
            "edit: actually 2 should be a short boil then ice water, I mixed it up with frying\n\n"
            "(skipped the rest, will do later)\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste."
    assert found.answers["k2"].text.startswith("It fries them.") and "a short boil then ice water" in \
        found.answers["k2"].text


@pytest.mark.parametrize("remark", [
    "---\nObs: sorry for my english, any error let me know!\nBruno",
    "Bon, c'est tout ! Merci 🙂 — Hélène",
    "---\nNota final: las preguntas 2 y 3 son del profe, no del libro.",
    "Sorry my English is not good. For 2 I read the book again.",
    "N.B.: I did these on the train, so they are short.",
])
def test_a_closing_note_in_the_students_words_after_the_last_answer_is_not_part_of_it(remark: str) -> None:
    """A note to the teacher under the last answer, in its own paragraph or under a rule ("Obs: …", "Nota final: …",
    an apology for one's English, "Bon, c'est tout !"): the file's closing, shown apart, not graded with answer 3."""
    text = THREE_ASKED + "For taste.\n\n" + remark + "\n"
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste."
    assert any(remark.splitlines()[-1] in u.text for u in found.unaligned)


def test_the_next_post_of_a_thread_copied_under_the_last_answer_is_not_part_of_it() -> None:
    """A Discourse thread copied as text: the last answer, "Hope that helps!", the post's "3 Likes", then the next
    post's poster and date on two lines ("kofi_a" / "Sep 15, 2020") and its words: all set aside (they had been graded
    as the last answer)."""
    text = (THREE_ASKED + "For taste.\n\nHope that helps! Salt is my favourite part.\n\n"
            "3 Likes\n\nkofi_a\nSep 15, 2020\n\nThanks, that's super helpful!\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste."
    assert "super helpful" in " ".join(u.text for u in found.unaligned)


@pytest.mark.parametrize("footer", ["© 2020 My blog · Powered by Jekyll", "Copyright © 2019-2021 Ana Souza. "
                                    "All rights reserved.", "Powered by Hugo", "Tous droits réservés"])
def test_a_sites_footer_printed_under_the_last_question_is_no_answer(footer: str) -> None:
    """A post saved as a PDF or text keeps the site's footer under it: under a last question left unanswered it is
    not that question's answer (which would be graded incorrect), under an answer not part of it; it is set aside."""
    asked = THREE_ASKED
    for text, last in ((asked + footer + "\n", None), (asked + "For taste.\n\n" + footer + "\n", "For taste.")):
        found = locate(document_lines(text), _kitchen_pack())
        assert (found.answers["k3"].text if "k3" in found.answers else None) in (last, "" if last is None else last)
        assert any(footer in u.text for u in found.unaligned)
    said = locate(document_lines(asked + "Copyright law protects the recipe's text, not the dish.\n"), _kitchen_pack())
    assert said.answers["k3"].text.startswith("Copyright law")  # an answer that speaks of copyright is an answer


@pytest.mark.parametrize(("line", "found"), [
    ("Back to Q3: a model that predicts well", (3, "a model that predicts well")),
    ("**Back to question 15:**", (15, "")),
    ("Q3 (revisited): more", (3, "more")),
    ("Voltando à questão 3: isso", (3, "isso")),
    ("**Edit:** Q14, I had x and y the wrong way round", (14, "I had x and y the wrong way round")),
    ("Update: question 3 - salt it more", (3, "salt it more")),
    ("EDIT: forgot the lr, thanks @mrfabulous1", None),  # corrects the answer it is written under
    ("edit: 3 layers", None),
    ("edit: actually 16 should be MSE, ratings are numbers", (16, "should be MSE, ratings are numbers")),
    ("update - oops, 7: sigmoid, not softmax", (7, "sigmoid, not softmax")),
    ("Edit: I fixed the typo in 5", None),
    ("EDIT 2: fixed the formatting", None),  # the post's second edit, no question's
    ("back to 3 layers we go", None),  # a number said, no question's
    ("Back to the drawing board: no", None),
])
def test_a_line_that_comes_back_to_a_question_names_it_by_its_number(line: str, found: tuple[int, str] | None) -> None:
    from greenpen.revisits import revisited

    assert revisited(line) == found


def test_in_a_file_numbered_as_the_pack_a_short_label_keeps_its_own_number() -> None:
    # question 2 skipped; question 3's few words come closer to question 2's, its number says which it is
    text = ("**Q1 – resting steak**\nSo the juices settle.\n\n**Q3 – water for blanching vegetables: salt?**\n"
            "For taste, it seasons the pasta.\n\n**Q4 – emulsion**\nOil and water held together.\n\n"
            "**Q5 – hot oil test**\nA wooden spoon makes bubbles.\n")
    found = locate(document_lines(text), _kitchen_pack())
    assert found.answers["k3"].text == "For taste, it seasons the pasta."
    assert not found.answers.get("k2") or not found.answers["k2"].text


@pytest.mark.models
@pytest.mark.parametrize("heading", ["## 14.", "Question 14 –"])
def test_a_numbered_list_in_an_answer_stays_whole_though_its_items_read_like_other_questions(
        tmp_path: Path, heading: str) -> None:
    """Questions found under their pack numbers, all of one kind ("## 3.", "## 14.", "## 16."): the seven steps under
    question 14, numbered "1." to "7.", are its answer, though "1. Initialise the weights randomly" reads like
    question 15 ("How are a model's weights initialised?") and "4. Compute the gradient" like question 19 and is
    numbered as question 4. Items of a list are another kind of line than the questions."""
    label = heading.replace("14", "{n}")
    got = _answers_by_number(tmp_path / "hw.md", get_pack("fastai-04"), (
        f"Wei Chen\n\n{label.format(n=3)} Describe how the 'pixel similarity' method classifies images of digits.\n\n"
        "Average image for each digit, then pick the one with the smallest distance.\n\n"
        f"{label.format(n=14)} List the seven steps of the SGD training process described in the chapter.\n\n"
        "1. Initialise the weights randomly\n2. Predict with the current weights\n3. Compute the loss\n"
        "4. Compute the gradient\n5. Step the weights\n6. Repeat from step 2\n7. Stop when good enough\n\n"
        f"{label.format(n=16)} What is the 'loss'?\n\nHow wrong the model is.\n"))
    assert sorted(got) == [3, 14, 16]
    assert got[14].startswith("1. Initialise the weights randomly") and got[14].endswith("7. Stop when good enough")


@pytest.mark.models
def test_numbered_answers_without_questions_may_open_by_asking(tmp_path: Path) -> None:
    """Answers numbered as the pack, with no question text: one opens with a question of its own ("11) Why not the
    training set? Because…"), which does not make the lines above it a list of the questions; the seven steps
    numbered "1)" to "7)" under "14) The seven steps:" are that answer's: the numbering starts again under it."""
    got = _answers_by_number(tmp_path / "hw.txt", get_pack("fastai-04"), (
        "Hi, here is the full version.\n\n"
        "1) Each pixel is a number: grey images use one number (0-255) per pixel, colour images use three (RGB).\n\n"
        "3) Average the pixels of all the 3s and all the 7s to get two ideal digits, then predict whichever ideal "
        "digit the new image is closest to.\n\n5) A tensor with 3 axes, e.g. a stack of matrices.\n\n"
        "11) Why not the training set? Because the model has already seen it, so the number would be too "
        "optimistic. So: the validation set.\n\n14) The seven steps:\n1) Initialise the weights randomly\n"
        "2) Predict with the current weights\n3) Compute the loss\n4) Compute the gradient\n5) Step the weights\n"
        "6) Repeat from step 2\n7) Stop when good enough\n\n"
        "16) The loss is what we minimise during training, a measure of how wrong the predictions are.\n"))
    assert sorted(got) == [1, 3, 5, 11, 14, 16]
    assert got[11].startswith("Because the model has already seen it")
    assert got[14].startswith("1) Initialise") and got[14].endswith("7) Stop when good enough")


@pytest.mark.models
def test_a_word_list_nested_in_a_numbered_question_is_its_answer(tmp_path: Path) -> None:
    """Word numbers the questions itself ("List Number": 1., 2., 3.) and the seven steps under one of them are a list of
    their own one level in ("List Number 2"): the steps are that question's answer, not questions 2, 3 and 4."""
    import docx

    document = docx.Document()
    document.add_paragraph("Daniela Ortiz")
    for question, answer in [
            ("How does a computer store a greyscale image, and how does it store a colour image?",
             "One number per pixel from 0 to 255; colour uses three per pixel."),
            ("Describe how the 'pixel similarity' method classifies images of digits.",
             "Average each digit's images, then pick the closest average."),
            ("List the seven steps of the SGD training process described in the chapter.", None),
            ("What is the 'loss'?", "How far the predictions are from the labels.")]:
        document.add_paragraph(question, style="List Number")
        if answer:
            document.add_paragraph(answer)
        else:
            for step in ["Initialize the weights", "Predict", "Calculate the loss", "Calculate the gradients",
                         "Step the weights", "Repeat from predict", "Stop"]:
                document.add_paragraph(step, style="List Number 2")
    document.save(tmp_path / "hw.docx")
    (sub,) = read_file(tmp_path / "hw.docx")
    pack = get_pack("fastai-04")
    alignment = align(sub, pack, get_embedder("use"))
    got = {q.number: a.text for q in pack.questions if (a := alignment.answer(q.id)) and a.text}
    assert sorted(got) == [1, 3, 14, 16]
    assert got[14].startswith("1. Initialize the weights") and got[14].endswith("7. Stop")


@pytest.mark.models
def test_steps_listed_under_a_numbered_question_stay_its_answer_though_they_read_like_other_questions(
        tmp_path: Path) -> None:
    """Questions numbered by the student (Google Docs' numbering, "### 14)" headings) and the steps under one of them
    as bullets or plain paragraphs, with no number: "- Calculate the loss." starts like a task and reads like "What
    is the 'loss'?", "- compute the gradients with loss.backward()" like "Do you have to work out gradients…?", but
    they ask nothing: the steps are the question's answer, and those questions have none."""
    steps = ["Initialize the weights.", "Predict with the current weights.", "Calculate the loss.",
             "Calculate the gradient of the loss with respect to each weight.", "Step: update the weights.",
             "Repeat from the prediction step.", "Stop when the model is good enough."]
    for bullet in ("- ", ""):
        got = _answers_by_number(tmp_path / "hw.md", get_pack("fastai-04"), (
            "Hiro Tanaka\n\n1. How does a computer store a greyscale image, and how does it store a colour image?\n\n"
            "One number from 0 to 255 per pixel; colour has three.\n\n"
            "2. Describe how the 'pixel similarity' method classifies images of digits.\n\n"
            "Average each digit's images and pick the closest average.\n\n"
            "3. List the seven steps of the SGD training process described in the chapter.\n\nThe seven steps are:\n\n"
            + "\n\n".join(bullet + step for step in steps)
            + "\n\n4. How does a loss differ from a metric?\n\nThe loss is for the optimiser, the metric for us.\n"))
        assert sorted(got) == [1, 3, 14, 22], (bullet, got)
        assert got[14].startswith("The seven steps are:") and got[14].endswith("Stop when the model is good enough.")


def test_answers_labelled_by_number_in_the_students_own_order_are_each_their_questions() -> None:
    """"Q3 - …", "Q5 - …", then "Q1 - …" (a student who did the ones they were sure of first): a labelled number
    names its question wherever it stands. The answers before "Q1" had been set aside as "before the first question"
    and "Q1 - …" glued to the answer above it."""
    pack = _kitchen_pack()
    text = ("Ana Costa\nkitchen quiz (did the easy ones first)\n\n"
            "Q3 - it seasons the pasta from inside\n\nQ5 - a wooden spoon makes bubbles\n\n"
            "Q1 - the juices settle back\n\nQ2 - keeps the colour, stops the cooking\n\n"
            "Q4 - oil and water held together\n")
    found = locate(document_lines(text), pack)
    got = {k: a.text for k, a in found.answers.items()}
    assert got == {"k1": "the juices settle back", "k2": "keeps the colour, stops the cooking",
                   "k3": "it seasons the pasta from inside", "k4": "oil and water held together",
                   "k5": "a wooden spoon makes bubbles"}
    assert "Ana Costa" in " ".join(u.text for u in found.unaligned)


@pytest.mark.parametrize("labels", [
    ("**4.**", "**5.**", "**1.**", "**2.**", "**3.**"),  # bold labels, each number once: the student's own order
    ("5.", "1.", "2.", None, "4."),  # plain numbers that start again at 1 and go on below the 5 (3 skipped)
])
def test_numbered_answers_that_start_again_at_one_are_each_their_questions(labels: tuple[str | None, ...]) -> None:
    """"**24.** …" then "---", "Now the history part:", "**1.** …", "**2.** …", "**6.** …" (a student who did the
    hardest questions first): the numbering starts again, and each number names its question. The answers under
    "1.", "2.", "3." had been glued to the answer above as a list inside it, and the student told she left them out.
    A list inside an answer ends, or the numbering goes on past it."""
    pack = _kitchen_pack()
    said = {1: "the juices settle back", 2: "keeps the colour, stops the cooking",
            3: "it seasons the pasta from inside", 4: "oil and water held together", 5: "a wooden spoon makes bubbles"}
    order = [4, 5, 1, 2, 3] if labels[0] == "**4.**" else [5, 1, 2, 3, 4]
    blocks = [f"{label} {said[n]}" for n, label in zip(order, labels, strict=True) if label]
    blocks.insert(2, "---")
    text = "# Kitchen quiz (Ana)\n\n" + "\n\n".join(blocks) + "\n"
    got = {k: a.text for k, a in locate(document_lines(text), pack).answers.items()}
    assert got == {f"k{n}": said[n] for n, label in zip(order, labels, strict=True) if label}, got


def _under_headings(blocks: list[tuple[str, str]], title: str = "") -> dict[str, str]:
    """The kitchen pack's answers found in a file of (heading, answer) blocks."""
    text = title + "\n\n".join(f"{heading}\n\n{answer}" for heading, answer in blocks) + "\n"
    return {k: a.text for k, a in locate(document_lines(text), _kitchen_pack()).answers.items()}


def test_a_numbered_heading_in_other_words_among_questions_answered_out_of_order_is_its_question() -> None:
    """"### 4.", "### 5." answered first, then "### 1.", "### 2. Le blanchiment", "### 3.": the heading in the
    student's own words sits between the questions 1 and 3 found around it, and names question 2. It had been glued
    to the answer above because questions 4 and 5 came earlier in the file."""
    qs = _kitchen_pack().questions
    got = _under_headings([(f"### 4. {qs[3].text}", "Oil and water held together."),
                           (f"### 5. {qs[4].text}", "Bubbles round a spoon."), (f"### 1. {qs[0].text}", "The juices."),
                           ("### 2. Légumes", "On garde la couleur."),
                           (f"### 3. {qs[2].text}", "It seasons the pasta.")])
    assert got == {"k1": "The juices.", "k2": "On garde la couleur.", "k3": "It seasons the pasta.",
                   "k4": "Oil and water held together.", "k5": "Bubbles round a spoon."}, got


@pytest.mark.parametrize("fourth", ["### Q4", "**4.**", "**Q4**"])
def test_a_heading_holding_only_its_number_among_headings_with_the_question_is_that_question(fourth: str) -> None:
    """"### 2." and "### Q4" (or "**4.**") between "### 1. Why do you rest…?" and "### 3. Why add salt…?": each names
    its question (their answers had gone to "Text that matched no question", or been glued to the answer above, and
    the student was told she left them blank)."""
    qs = _kitchen_pack().questions
    got = _under_headings([(f"### 1. {qs[0].text}", "The juices settle."), ("### 2.", "It keeps the colour."),
                           (f"### 3. {qs[2].text}", "It seasons the pasta."), (fourth, "Oil and water held together."),
                           (f"### 5. {qs[4].text}", "Bubbles round a wooden spoon.")], "# Kitchen quiz — Ana\n\n")
    assert got == {"k1": "The juices settle.", "k2": "It keeps the colour.", "k3": "It seasons the pasta.",
                   "k4": "Oil and water held together.", "k5": "Bubbles round a wooden spoon."}


@pytest.mark.parametrize(("header", "name"), [
    ("# Kitchen Quiz — Pasta Water\n\n", ""),  # the course's words beside a title: no name
    ("<h1>Kitchen Quiz — Pasta Water</h1>\n<p><i>Ana Costa · notes, week 2</i></p>\n\n", "Ana Costa"),
    ("# Kitchen quiz (week 2) – Mere answers\n\n", ""),  # "my answers" after a dash is no signature
])
def test_a_title_is_no_name_and_the_line_under_it_may_be(header: str, name: str) -> None:
    """"Fastbook Chapter 3 — Data Ethics" gave the student "Data Ethics", and two students were merged as one; "# …
    (Data Ethics) – Mere answers" was read as signed "Mere answers", a closing's dash under the last answer."""
    pack = _kitchen_pack()
    pack = replace(pack, title="Kitchen quiz: pasta water and other things")
    text = header + "\n\n".join(f"{q.number}. {q.text}\nanswer {q.number}" for q in pack.questions) + "\n"
    sub = Submission(source="notes.md", format="markdown", items=(), document=tuple(document_lines(text)))
    assert align(sub, pack).submission.student == name


def test_a_title_in_the_courses_words_is_no_name_and_the_byline_is() -> None:
    """"Pasta Water" over "Ana Costa – cooking club, week 2": two capitalised words of the course's own questions are
    the title, not the student (two students' files titled alike had been merged as one student's)."""
    pack = _kitchen_pack()
    text = "# Pasta Water\n\nAna Costa – cooking club, week 2\n\n" + "\n\n".join(
        f"{q.number}. {q.text}\nanswer {q.number}" for q in pack.questions)
    sub = Submission(source="ana.html", format="html", items=(), document=tuple(document_lines(text)),
                     student="Pasta Water")
    assert align(sub, pack).submission.student == "Ana Costa"


@pytest.mark.models
def test_shorthand_in_a_question_line_reads_as_its_word() -> None:
    """"Q: problem w/ california gang database? A: …" in quick notes: "w/" is "with", "b/w" "between", so the line
    reads as the question as much as when written out (it had been glued to the answer above)."""
    import numpy as np

    from greenpen.anchors import score_lines
    from greenpen.line_shapes import line_shape
    from greenpen.packs import load_pack

    pack = load_pack(Path(__file__).parent / "chapter1" / "fastai-01.yaml")
    lines = ["Q: do we always have to use 224x224 images w/ the cat recognition model? A: no, any size works",
             "Q: do we always have to use 224x224 images with the cat recognition model? A: no, any size works",
             "Q: difference b/w classification and regression? A: classes vs numbers",
             "Q: difference between classification and regression? A: classes vs numbers"]
    scores = score_lines([line_shape(t) for t in lines], pack, get_embedder())
    assert np.allclose(scores[0], scores[1]) and np.allclose(scores[2], scores[3])


def test_quick_notes_of_question_and_answer_on_one_line_ask_each_question(tmp_path: Path) -> None:
    """"Q: term we use today for samuel's weights? A: parameters": a line that asks up to its question mark and
    answers after an answer label asks, though it opens with no question word; it had been glued to the answer
    above it."""
    from greenpen.packs import load_pack

    pack = load_pack(Path(__file__).parent / "chapter1" / "fastai-01.yaml")
    path = tmp_path / "notes.txt"
    path.write_text("ch1 quick notes\n\n"
                    "Q: what did samuel mean by weight assignment? A: choosing the values of the weights\n"
                    "Q: term we use today for samuel's weights? A: parameters\n"
                    "Q: why hard to understand why a deep model predicts sth? A: too many layers to follow\n",
                    encoding="utf-8")
    (sub,) = read_file(path)
    got = {pack.question(q).number: a.text for q, a in align(sub, pack).answers.items() if a.text.strip()}
    assert got == {11: "choosing the values of the weights", 12: "parameters", 14: "too many layers to follow"}



@pytest.mark.models
def test_a_question_line_that_abbreviates_a_course_term_asks_it(tmp_path: Path) -> None:
    """"What is a CNN?" for "What is a convolutional neural network?" in notes of unnumbered question lines: the
    abbreviation (`lang.ABBREVIATIONS`) reads as its words, so the line asks its question (the line and its answer
    had been glued to the answer above)."""
    texts = ["What is padding in a convolution?", "What is stride?", "What is a channel of an image?",
             "What is a convolutional neural network?", "What does a Flatten layer do, and where does it go?",
             "What is the receptive field of an activation?"]
    pack = Pack(id="conv", title="Convolutions", questions=tuple(
        Question(id=f"c{n}", number=n, text=t, reference="x") for n, t in enumerate(texts, start=1)))
    path = tmp_path / "notes.txt"
    path.write_text("conv notes\n\n"
                    "What is padding?\nextra zero pixels around the border\n\n"
                    "What is stride?\nhow many pixels the kernel moves each step\n\n"
                    "What is a channel?\none sheet of values, e.g. red, green or blue\n\n"
                    "What is a CNN?\na net with conv layers in place of linear ones\n\n"
                    "What does Flatten do, where does it go?\nremoves unit axes at the end\n\n"
                    "What is a receptive field?\nthe input area one activation sees\n", encoding="utf-8")
    (sub,) = read_file(path)
    got = {pack.question(q).number: a.text for q, a in align(sub, pack, get_embedder()).answers.items()
           if a.text.strip()}
    assert got[3] == "one sheet of values, e.g. red, green or blue"
    assert got[4] == "a net with conv layers in place of linear ones"
