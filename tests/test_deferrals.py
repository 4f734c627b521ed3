"""A note that puts a question off ("ran out of time, come back to this", "vou fazer depois") leaves it
unanswered (`missing`), not wrong; the note stays in the report. A short attempt that says it is unsure or
unfinished is still an answer."""

from __future__ import annotations

import numpy as np
import pytest

from greenpen.deferrals import deferred
from greenpen.domain import Pack, Question, Submission
from greenpen.grading.embed import Embedder, register_embedder
from greenpen.locate import locate
from greenpen.pipeline import Options, align_submission, build_report, judge
from greenpen.readers.base import document_lines

PACK = Pack(id="kitchen", title="Kitchen", questions=(
    Question(id="k1", number=1, text="Why do you rest a steak after cooking it?",
             reference="So the juices settle back into the meat instead of running out when it is cut."),
    Question(id="k2", number=2, text="What does blanching vegetables do?",
             reference="A short boil then iced water: it keeps the colour and stops the cooking."),
    Question(id="k3", number=3, text="Why add salt to pasta water?", reference="It seasons the pasta."),
))
STEAK = PACK.questions[0]


def _answers(second: str, embedder=None) -> dict[str, str]:
    text = (f"## 1. {PACK.questions[0].text}\n\nThe juices settle.\n\n## 2. {PACK.questions[1].text}\n\n{second}\n\n"
            f"## 3. {PACK.questions[2].text}\n\nFor flavour.\n")
    return {k: a.text for k, a in locate(document_lines(text), PACK, embedder).answers.items()}


@pytest.mark.parametrize("note", [
    "(didn't get to this one yet)", "ran out of time, come back to this",
    "I haven't had time to try this yet. Will update this post.", "(vou fazer depois)",
    "Ainda não li essa parte com calma.", "Je ne sais pas, à revoir.", "Non l'ho capita, la salto per ora.",
    "わからない…後で調べる", "（这题还没看，之后补）", "实践题，略。", "Mache ich später.", "kommt noch",
    "Wird noch ergänzt.", "Das sind Übungen zum Ausprobieren im Notebook – übersprungen.",
    "Going to finish this after the weekend, sorry!", "haven't read that part yet, will come back to it",
    "Not sure, need to rewatch the lecture", "Tengo que repasar esta parte.", "Il faut que je relise ça.",
    "I did not finish this one.", "Didn't manage this one yet, will send it separately.",
    "Still not 100% sure about this one, will update the post later.",
    "(I'll write it once I re-read that section, I always mix them up)",
    "Will do 2-3 at the weekend, I haven't watched that part of the lesson yet.", "Not covered yet",
    "We haven't reached this in class yet.", "haven't learnt this one yet",
    "Not sure about this one, need to think more.", "not sure how to write this one yet",
    # "not done … yet" with the "yet" last, as Spanish, Portuguese and Italian say it
    "No lo hice todavía.", "Não fiz ainda.", "Non l'ho ancora fatto."])
def test_a_note_that_puts_the_question_off_leaves_it_unanswered(note: str) -> None:
    # "实践题，略。": "a practical task, skipped" ("略" alone, not inside a word: "策略" is "strategy")
    found = _answers(note)
    assert found["k2"] == "" and found["k1"] == "The juices settle." and found["k3"] == "For flavour."


def test_a_sentence_that_says_something_was_not_so_yet_is_an_answer() -> None:
    """"No, the networks were not deep enough yet" says what was not so yet; it puts nothing off."""
    assert _answers("No, las redes no eran aún suficientemente profundas.")["k2"].startswith("No, las redes")
    assert _answers("Non è ancora pronto: serve il ghiaccio.")["k2"].startswith("Non è ancora")


@pytest.mark.models
@pytest.mark.parametrize("note", [
    "Skipped this one for now, I'll come back to it after reading the source of blanch in kitchen/veg/boil.py.",
    "I'll come back to this one. For now: the blanching notes are in [kitchen/veg.md](https://example.org/veg.md).",
    "*(will add the code later)*", "(sketch coming soon 🙃)",  # the work to come is no subject word; italics aside
])
def test_where_the_student_will_look_is_no_answer(note: str) -> None:
    """A path, a link or a file name in a note that puts the question off says where the student will look, not what
    the answer is: its words are not the question's subject (with the sentence embedder, as in a run)."""
    from greenpen.grading.embed import get_embedder

    assert _answers(note, get_embedder())["k2"] == ""


@pytest.mark.parametrize("answer", [
    "Not sure yet, but I think it keeps the colour of the vegetables.",  # the subject's words: an attempt
    "It stops the cooking; I'll come back to the colour part later.",
    "Later the vegetables go into iced water.",
    "Boiling them for a short time, then cold water.",  # no word of putting off
    "Keeps the colour; need to rewatch the part on the ice though.",  # the subject's word before the note
])
def test_an_attempt_with_words_of_putting_off_is_an_answer(answer: str) -> None:
    assert _answers(answer)["k2"] == answer


def test_a_long_text_is_never_only_a_note() -> None:
    long = "I will come back to this later, " + " ".join(["because"] * 40)
    assert not deferred(long, STEAK)


def test_the_report_keeps_the_note_and_says_the_question_was_left_for_later() -> None:
    text = f"1. {PACK.questions[0].text}\nran out of time, come back to this\n"
    register_embedder(Embedder("bow-test", lambda texts: np.array(
        [[float(hash(w) % 16 == i) for i in range(16)] for t in texts for w in [t[:3]]]) + 0.01, 16))
    sub = Submission(source="notes.md", format="markdown", items=(), document=tuple(document_lines(text)))
    options = Options(pack=None, run_code=False, embedder="bow-test")
    alignment, _ = align_submission(sub, PACK, None)
    report = build_report(alignment, judge(alignment, options), options)
    (steak,) = [q for q in report.questions if q.id == "k1"]
    assert steak.verdict == "missing"
    assert [(f.kind, f.evidence) for f in steak.findings] == [("empty", "ran out of time, come back to this")]
    assert "for later" in steak.findings[0].detail


@pytest.mark.models
def test_with_the_multilingual_embedder_a_note_is_told_from_an_answer_in_another_language() -> None:
    """No word in common with an English reference, either way: the meaning tells them apart."""
    from greenpen.grading.embed import get_embedder

    use = get_embedder("use")
    assert deferred("vou fazer depois, sem tempo agora", STEAK, use)
    assert deferred("わからない…後で調べる", STEAK, use)
    # a note that opens by putting the question off may name what the student will study (when its meaning stays
    # nearer putting off than the subject: naming the subject itself, "the steak section", keeps it an answer)
    assert deferred("Later: I still don't get the juices part, I need to re-read it.", STEAK, use)
    assert not deferred("Later the juices settle back into the meat instead of running out.", STEAK, use)
    assert not deferred("Depois de cozinhar, o suco volta para dentro da carne em vez de escorrer.", STEAK, use)
    assert not deferred("Después de cocinarla, los jugos se reparten por la carne y no se pierden al cortar.",
                        STEAK, use)
