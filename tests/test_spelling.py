"""Misspelt words are matched as the course's words, and quoted as the student spelt them."""

from __future__ import annotations

import pytest

from greenpen.domain import CueSet, KeyPoint, Misconception, Question
from greenpen.grading.grader import grade_answer
from greenpen.grading.spelling import course_vocabulary, read

LOSS = Question(
    id="loss", number=16, text="What is the 'loss'?",
    reference="A number measuring how far the predictions are from the targets; training minimises it.",
    key_points=(
        KeyPoint(id="measures-error", text="A number measuring how far each prediction is from its target",
                 weight=2.0, cues=(CueSet((r"\bpredict\w*", r"\btargets?\b")),)),
        KeyPoint(id="drives-training", text="Training minimises the loss with the weights' gradients",
                 cues=(CueSet((r"\bminimi[sz]\w*",)),)),
    ),
    misconceptions=(Misconception(id="is-accuracy", text="The loss is the accuracy",
                                  correction="accuracy is a metric, for people"),),
)
VOCABULARY = course_vocabulary([LOSS])


def test_a_misspelt_course_word_is_read_as_the_course_word() -> None:
    reading = read("it the differnce between prediciton and targets, mesuring smoothly", VOCABULARY | {"difference"})
    assert reading.text == "it the difference between prediction and targets, measuring smoothly"
    assert reading.original(reading.text) == "it the differnce between prediciton and targets, mesuring smoothly"
    # a word of eight letters or more may be two slips away; a shorter one, one
    assert read("the predicitons", VOCABULARY).text == "the predictions"
    assert read("the tarjits", VOCABULARY).text == "the tarjits"


def test_only_the_course_words_are_candidates_never_the_whole_dictionary() -> None:
    # "backprop" and "numpy" are the student's jargon, not misspelt English: a general speller makes them
    # "backdrop" and "bumpy"; the course writes neither, so they stay
    assert read("we backprop through numpy arrays", VOCABULARY).text == "we backprop through numpy arrays"
    # nor is a word before an apostrophe, nor a course word's piece: "doesn't" and "doesnt" keep their "not"
    vocabulary = course_vocabulary([Question(id="q", number=1, text="Why doesn't it overfit?")])
    assert "doesn" not in vocabulary
    assert read("it doesn't overfit and doesnt underfit", vocabulary | {"does"}).text == \
        "it doesn't overfit and doesnt underfit"
    # English words are never changed, even one slip from a course word ("target" / "targets")
    assert read("the target and the accuracy", VOCABULARY).text == "the target and the accuracy"


def test_of_two_course_words_one_slip_away_the_more_common_is_read() -> None:
    vocabulary = frozenset({"weights", "constant", "constants"})
    assert read("the wheights", vocabulary).text == "the weights"
    assert read("a constans value", vocabulary).text == "a constant value"


def test_code_and_other_languages_are_left_as_written() -> None:
    text = "```\nprediciton = model(x)\n```\nThe `prediciton` and wieghts.grad and init_prediciton: the prediciton"
    vocabulary = VOCABULARY | {"weights"}
    reading = read(text, vocabulary)
    assert reading.text.endswith("The `prediciton` and wieghts.grad and init_prediciton: the prediction")
    assert reading.text.startswith("```\nprediciton = model(x)\n```")
    # no English spelling is put right in another language; its course terms are read as the course's words
    portuguese = "A métrica mede a diferença entre a prediciton e o alvo, para o modelo."
    assert read(portuguese, VOCABULARY).text == portuguese.replace("métrica", "metric")


def test_a_capital_stays_and_evidence_cut_short_keeps_the_students_spelling() -> None:
    reading = read("Prediciton minus target, squared. Then we minimise it.", VOCABULARY)
    assert reading.text == "Prediction minus target, squared. Then we minimises it."
    assert reading.original("Prediction minus…") == "Prediciton minus…"
    assert reading.original("Then we minimise it.") == "Then we minimise it."
    assert reading.original("not in the answer") == "not in the answer"
    wrapped = read("the prediciton\n  minus the target", VOCABULARY)
    assert wrapped.original("the prediction minus the target") == "the prediciton minus the target"


@pytest.mark.models
def test_a_misspelt_answer_states_the_key_point_and_is_quoted_as_written() -> None:
    j = grade_answer(LOSS, "it the differnce between prediciton and targets.", run_code=False)
    stated = {f.id: f for f in j.findings if f.kind == "key_point"}
    assert "measures-error" in stated
    assert "differnce between prediciton and targets" in stated["measures-error"].evidence


def test_shorthand_is_read_as_its_word_and_quoted_as_written() -> None:
    reading = read("S-curved and squashes any value b/w 0 and 1, w/o jumps. B/c smooth", VOCABULARY)
    assert reading.text == "S-curved and squashes any value between 0 and 1, without jumps. Because smooth"
    assert reading.original("squashes any value between 0 and 1") == "squashes any value b/w 0 and 1"
    assert read("a/b/w and sw/o", VOCABULARY).text == "a/b/w and sw/o"


def test_an_answer_in_spanish_portuguese_or_italian_reads_the_course_words_it_borrows_in_english() -> None:
    course = frozenset({"validation", "tokenization", "numericalization", "normalization"})
    reading = read("En el conjunto de validación, con tokenización y numericalización.", course)
    assert reading.text == "En el conjunto de validation, con tokenization y numericalization."
    assert reading.original("En el conjunto de validation") == "En el conjunto de validación"
    assert read("No conjunto de validação, com normalização.", course).text == (
        "No conjunto de validation, com normalization.")
    # a word of the language's own, not one the course writes, stays as it is
    spanish = "La canción y la educación del modelo son importantes para la evaluación final."
    assert read(spanish, course).text == spanish


def test_an_answer_in_another_language_reads_the_course_terms_it_writes_in_english() -> None:
    course = frozenset({"weights", "learning", "rate", "loss", "slow"})
    reading = read("Actualiza los pesos. Con una tasa de aprendizaje pequeña es lento.", course)
    assert reading.text == "Actualiza los weights. Con una learning rate pequeña es slow."
    assert reading.original("Actualiza los weights") == "Actualiza los pesos"
    # a term whose English the course does not write stays as it is
    assert read("Las capas y los datos.", course).text == "Las capas y los datos."
    # the verbs of a training step too, in each language's own forms
    course |= {"update", "subtract"}
    assert read("Actualiza los pesos y resta el gradiente.", course).text == (
        "update los weights y subtract el gradiente.")
    assert read("Il met à jour les poids.", course).text == "Il update les weights."
    # a word the course's own cues read in the answer's language stays as written: `três eixos` still meets it
    from greenpen.domain import KeyPoint, Question
    from greenpen.grading.spelling import course_cues

    rank3 = Question("rank3", 5, "What is a rank-3 tensor?", key_points=(
        KeyPoint("axes", "A tensor with three axes", cues=((r"\b(three|três) (axes|eixos)\b",),)),))
    kept = read("Um tensor com três eixos.", course | {"axes"}, course_cues([rank3]))
    assert kept.text == "Um tensor com três eixos."
    assert read("Um tensor com três eixos.", course | {"axes"}).text == "Um tensor com três axes."
    # nouns of the course too, in the spelling the course writes ("non-linear", "optimiser")
    course |= {"non", "linear", "optimiser"}
    assert read("Una función no lineal; el optimizador.", course).text == "Una función non-linear; el optimiser."
