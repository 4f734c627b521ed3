"""An answer that only points to another ("see above", "same as Q1", "veja acima") is read as the answer it
points to, and says so; a longer answer that opens with "See answer 2: …" is an answer of its own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from greenpen.align import align
from greenpen.domain import Pack, Question, Submission
from greenpen.pointers import follow_pointers, pointed
from greenpen.readers.base import document_lines

PACK = Pack(id="kitchen", title="Kitchen", questions=(
    Question(id="k1", number=1, text="Why do you rest a steak after cooking it?",
             reference="So the juices settle back into the meat instead of running out when it is cut."),
    Question(id="k2", number=2, text="What happens to the juices if you cut the steak at once?",
             reference="They run out onto the board and the meat is drier."),
    Question(id="k3", number=3, text="Why add salt to pasta water?", reference="It seasons the pasta."),
))


def _answers(first: str, second: str, third: str = "For flavour.") -> dict[str, tuple[str, tuple[str, ...]]]:
    text = (f"## 1. {PACK.questions[0].text}\n\n{first}\n\n## 2. {PACK.questions[1].text}\n\n{second}\n\n"
            f"## 3. {PACK.questions[2].text}\n\n{third}\n")
    sub = Submission(source="notes.md", format="markdown", items=(), document=tuple(document_lines(text)))
    return {k: (a.text, a.repairs) for k, a in align(sub, PACK).answers.items()}


@pytest.mark.parametrize("pointer", ["see above", "(see above)", "Same as Q1.", "answered in 1", "veja acima",
                                     "ver la respuesta anterior", "voir ci-dessus", "siehe oben"])
def test_an_answer_that_points_to_another_is_read_as_that_answer(pointer: str) -> None:
    got = _answers("The juices settle back in; cut at once and they run out onto the board.", pointer)
    text, repairs = got["k2"]
    assert text.endswith("cut at once and they run out onto the board.")
    assert text.startswith(f"({pointer.strip('().')}") and "question 1" in text
    assert any("points to the answer to question 1" in r for r in repairs)
    assert got["k1"][0].startswith("The juices settle back in")  # the answer pointed to is unchanged


def test_a_pointer_to_an_answer_left_blank_is_blank_too() -> None:
    """"see 1" where 1 has no answer: nothing is answered (the question is missing, not wrong); the repair says why."""
    text, repairs = _answers("", "see 1")["k2"]
    assert text == "" and any("points to an answer this file leaves blank" in r for r in repairs)
    assert _answers("", "(vedi 1, da completare)")["k2"][0] == ""
    assert _answers("", "see 1\n\nand the meat is drier")["k2"][0].startswith("see 1")  # more than a pointer


def test_a_pointer_to_an_unanswered_question_or_to_another_pointer_stays_as_written() -> None:
    assert _answers("", "see above")["k2"][0] == "see above"
    assert _answers("see below", "see above")["k2"][0] == "see above"
    assert _answers("see below", "Run out, and the meat is drier.")["k1"][0].endswith("the meat is drier.")
    assert _answers("Juices settle.", "Run out.", "see Q7")["k3"][0] == "see Q7"


@pytest.mark.parametrize(("pointer", "target"), [
    ("see my answer to question 3", 3), ("As above.", "before"), ("See the answer above", "before"),
    ("Same as Q4 above.", 4), ("See above — plus it needs salt.", "before"),
    ("See Question 11 (last part).", 11),  # a note in brackets after the pointer
    ("See my answer to 4 above 👆", 4),
    ("See Q16 and Q20.", (16, 20)), ("voir 3 et 4", (3, 4)),  # several answers pointed to
    ("Explained together with 25 above.", 25),
    ("問26を参照。", 26), ("26と同じ", 26), ("见第3题", 3), ("参见问题 4", 4), ("26번 참조", 26),  # the words after it
    ("vedi 23", 23), ("(vedi 23, da completare)", 23), ("vedi domanda 4", 4),
    ("Same loop as in Q25.", 25), ("Same as my training loop in Question 33 below.", 33),  # naming what it points to
    ("see the plot in Q5", 5),
    ("See [Q9](#q9).", 9), ("See [the answer above](#q3)", "before"),  # a README's link within the page
])
def test_the_ways_a_pointer_is_written(pointer: str, target: int | tuple[int, ...] | str) -> None:
    assert pointed(pointer) == target


@pytest.mark.parametrize("answer", [
    "See answer 1: the juices run out and the steak is drier on the plate.",  # an answer of its own
    "Check 2 things: the colour and the smell", "As 2 minutes are enough", "look at the previous slice's colour",
    "The same juices run out.", "Check it with a thermometer.", "",
    "look at the previous slice (its colour)", "Check the output of layer 2",  # a number without its label
])
def test_an_answer_of_its_own_points_nowhere(answer: str) -> None:
    assert pointed(answer) is None


def test_a_pointer_may_end_on_an_emoji() -> None:
    from greenpen.pointers import pointed

    assert pointed("see 33 👇") == 33 and pointed("veja acima ⬆️") == "before"


def test_a_pointer_to_several_answers_is_read_as_all_of_them() -> None:
    text, repairs = _answers("The juices settle back in.", "They run out onto the board.", "See Q1 and Q2.")["k3"]
    assert text.startswith("(See Q1 and Q2: my answers to questions 1 and 2)\n")
    assert "The juices settle back in." in text and text.endswith("They run out onto the board.")
    assert any("points to the answers to questions 1 and 2" in r for r in repairs)


def test_an_answer_that_builds_on_another_is_read_after_it() -> None:
    """"Same as Q1 but …": the teacher reads the answer it builds on, then what the student changes."""
    text, repairs = _answers("The juices settle back in; cut at once and they run out.", "Salt helps.",
                             "Same as Q1 but the salt also draws water out")["k3"]
    assert text.startswith("(Same as Q1: my answer to question 1)\nThe juices settle back in")
    assert text.endswith("Same as Q1 but the salt also draws water out")
    assert any("builds on the answer to question 1" in r for r in repairs)


def test_a_bare_number_after_like_builds_on_its_answer_when_a_change_follows() -> None:
    from greenpen.pointers import builds_on

    assert builds_on("like 25 but over time") == ("like 25", 25)


@pytest.mark.parametrize("answer", ["Like 2 minutes is enough", "like 3, 4 and 5 are prime", "Same as Q1",
                                    "See answer 1: the juices run out and the steak is drier on the plate."])
def test_what_builds_on_no_other_answer(answer: str) -> None:
    from greenpen.pointers import builds_on

    assert builds_on(answer) is None


def test_a_pointer_to_a_question_not_found_in_the_file_is_blank_and_nothing_fails() -> None:
    """"same as Q3" where question 3 is nowhere in what was read: the answer is blank, said so; it raised KeyError and
    the student's whole file was lost ("internal error")."""
    sub = Submission(source="notes.md", format="markdown", items=(), document=tuple(document_lines(
        f"## 1. {PACK.questions[0].text}\n\nThe juices settle back in.\n\n## 2. {PACK.questions[1].text}\n\n"
        "same as Q3\n")))
    alignment = align(sub, PACK)
    alignment = replace(alignment, answers={k: a for k, a in alignment.answers.items() if k != "k3"})
    got = follow_pointers(alignment).answers
    assert got["k2"].text == "" and any("leaves blank" in r for r in got["k2"].repairs)
    assert got["k1"].text == "The juices settle back in."
