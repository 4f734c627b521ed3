"""A question nowhere in what the student sent (the file stops before it, a mail program cut the quote) is told
apart from one left blank under its question: "I didn't find this question in your file", not "left blank"; the
report and the store keep which it was."""

from __future__ import annotations

from pathlib import Path

from greenpen.domain import Submission
from greenpen.pipeline import Options, grade_submission
from greenpen.readers.base import document_lines
from greenpen.renderers.json_report import to_dict
from greenpen.store.db import Store

QUESTIONS = [("Why do you rest a steak after cooking it?", "So the juices settle back.", "So the juices settle."),
             ("What does blanching vegetables do?", "A short boil then ice water.", ""),
             ("Why add salt to pasta water?", "It seasons the pasta.", "To season the pasta itself."),
             ("Why do onions make you cry?", "They release an irritant gas when cut.", "A gas comes out when cut."),
             ("Why rest bread dough?", "The yeast makes gas and the dough rises.", "The yeast makes it rise."),
             ("Why sear meat?", "Browning gives flavour.", "Browning gives it flavour."),
             ("Why use a sharp knife?", "It slips less and cuts cleanly.", "It slips less."),
             ("Why salt eggplant?", "It draws out water.", "It draws water out."),
             ("What is an emulsion?", "Two liquids that do not mix, held together.", "")]
PACK = "id: kitchen\ntitle: Kitchen\nquestions:\n" + "".join(
    f'  - {{id: k{n}, number: {n}, text: "{q}", reference: "{r}"}}\n' for n, (q, r, _) in enumerate(QUESTIONS, 1))


def test_a_question_the_file_never_reaches_is_not_called_left_blank(tmp_path: Path) -> None:
    pack = tmp_path / "kitchen.yaml"
    pack.write_text(PACK)
    text = "".join(f"> {n}. {q}\n\n{a}\n\n" for n, (q, _, a) in enumerate(QUESTIONS[:-1], 1)) + (
        "> 9. What is an emul...\n> [rest of quoted message trimmed]\n")
    cut = "\n".join(text.splitlines()[:-2])  # the same mail, with its quote cut before question 9
    for body, last_in_file in ((text, True), (cut, False)):
        sub = Submission(source="ana.txt", format="markdown", items=(), document=tuple(document_lines(body)),
                         student="Ana")
        report = grade_submission(sub, Options(pack=str(pack), run_code=False))
        by_number = {q.number: q for q in report.questions}
        assert by_number[2].verdict == by_number[9].verdict == "missing"
        assert by_number[2].in_file and by_number[9].in_file is last_in_file
        assert ("not in" in by_number[9].feedback or "didn't find" in by_number[9].feedback) is not last_in_file
        said = report.overall.text
        if last_in_file:  # the mail's "[rest of quoted message trimmed]" is no answer to question 9
            assert "Q2 and Q9 were left blank" in said and by_number[9].note.startswith("[rest of")
        else:
            assert "Q2 was left blank" in said and "Q9 is not in your file" in said
            assert [q.get("in_file", True) for q in to_dict(report)["questions"]] == [True] * 8 + [False]
            store = Store.open(tmp_path / "g.db")
            saved = store.report(store.save_graded(store.create_run("week1", "kitchen"), sub, report))
            assert {q.number: q.in_file for q in saved.questions} == {**{n: True for n in range(1, 9)}, 9: False}


def test_many_questions_not_in_the_file_are_not_called_left_blank(tmp_path: Path) -> None:
    """A file that has only its first three answers (a script whose labels were not read, a mail cut short): the
    assessment says the others are not in the file; it had said "Have a go at the 6 questions left blank"."""
    pack = tmp_path / "kitchen.yaml"
    pack.write_text(PACK)
    text = "".join(f"> {n}. {q}\n\n{a}\n\n" for n, (q, _, a) in enumerate(QUESTIONS[:3], 1))
    sub = Submission(source="ana.txt", format="markdown", items=(), document=tuple(document_lines(text)),
                     student="Ana")
    said = grade_submission(sub, Options(pack=str(pack), run_code=False)).overall.text
    assert "6 of the questions are not in your file" in said and "Q2 was left blank" in said, said
    assert "questions left blank" not in said, said
