"""A sentence that says a key point with one word of the opposite sense ("the last layers" for "the first few
layers"): the embeddings read it as the key point; the swapped word is a finding, named in the feedback."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenpen.domain import OPPOSITE_WORD
from greenpen.grading.opposites import opposite_words


@pytest.mark.parametrize(("sentence", "key_point", "swapped"), [
    ("the last layers of the CNN, where the body ends", "The first few layers of a CNN, with a structure "
     "different from the body", ("last", "first")),
    ("Because the early layers hold most of the parameters", "The last layers hold most of the parameters.",
     ("early", "last")),
    ("with a high lr at the start the model overfits", "Starting with a low learning rate lets the model settle",
     ("high", "low")),  # "lr" stands for the learning rate
    # the word as an aside of its own still qualifies what follows it
    ("compare shapes starting from the first dimension; each pair must be equal or one of them 1",
     "Compare shapes from the trailing (last) dimension backwards; two dimensions are compatible if equal",
     ("first", "last")),
    # "more channels" where the model answer says "fewer channels": was correct, "you make the point…"
    ("Because the 3x3 convolution in the middle has more channels than the input",
     "1x1 convolutions are much cheaper than 3x3 ones, and the expensive 3x3 convolution runs on fewer channels",
     ("more", "fewer")),
    # "instead of" about something else than what the sentence says: still the opposite ("increase" for "reduces")
    ("a bottleneck first uses a 1x1 conv to increase the number of channels, then the 3x3 conv",
     "Instead of two 3x3 convolutions it has three: a 1x1 conv that reduces the number of channels, then a 3x3 conv",
     ("increase", "reduces")),
])
def test_one_word_of_the_opposite_sense_in_the_same_frame(sentence: str, key_point: str,
                                                          swapped: tuple[str, str]) -> None:
    assert opposite_words(sentence, key_point) == swapped


@pytest.mark.parametrize(("sentence", "key_point"), [
    # two swaps may keep the meaning
    ("a smaller learning rate makes training slower", "a larger learning rate makes training faster"),
    # a negation may turn it back
    ("the stem is not the last layers of the CNN", "The first few layers of a CNN, unlike the body"),
    # a key point that says what the other side does ("instead of overshooting"), and a sentence that says it of that
    # side: the opposite word is said of the other side, and means the same
    ("large steps near the end would overshoot the lowest point",
     "near the end, small steps settle into the lowest point instead of overshooting it"),
    # another thing qualified in the same frame: the layer after it, the function called before it
    ("each layer needs the grad of the layer after it", "each function needs the gradient of its output, which "
     "is computed by the function called before it"),
    # few words in common: two steps of one process, each right about its own
    ("The first resize makes every image the same size on the CPU", "Then the final resize is done on the GPU"),
    # comparatives depend on what is compared ("less memory" than one-hot vectors, which need "more")
    ("way less memory and time than one-hot vectors", "one-hot vectors would need much more memory and time"),
    # "ones" stands for a noun said before: the same order in other words
    ("the same model works on small images and later on bigger ones",
     "we can train the same model on small images first and then on larger ones"),
    # a word at the end of its phrase qualifies nothing after the bracket or comma: "review first)" and "the final
    # decision" are about different things
    ("the model's output helps a person who makes the final decision, instead of letting the model act on its own",
     "use the model to support people (flag cases for a human to review first) instead of letting it act on its own"),
    # "first" counting a sequence ("the first word at the first layer, the second word at the second…") is no early
    ("each word is added at a different layer (the first word at the first layer, the second word at the second "
     "layer, etc.)", "each new word is fed in at a later layer, its embedding added to the previous activations"),
])
def test_no_opposite_without_one_swap_on_the_same_thing(sentence: str, key_point: str) -> None:
    assert opposite_words(sentence, key_point) is None


CHAPTER14 = Path(__file__).parent / "chapter14" / "fastai-14.yaml"


def _graded(answer: str):  # type: ignore[no-untyped-def]
    """Question 18 of the chapter 14 pack graded among the pack's other questions (left blank), as a class's
    file is: the other questions' key points are what a sentence's closeness is read against."""
    from greenpen.grading.grader import AnswerInput, grade_many
    from greenpen.packs import load_pack

    pack = load_pack(CHAPTER14)
    inputs = [AnswerInput(q, answer if q.number == 18 else "") for q in pack.questions]
    stem = next(q for q in pack.questions if q.number == 18)
    return stem, grade_many(inputs, run_code=False)[[q.number for q in pack.questions].index(18)]


@pytest.mark.models
def test_the_opposite_is_not_praised_and_the_word_is_named() -> None:
    from greenpen.feedback import write_question_feedback

    wrong = "the last layers of the CNN, where the body ends and the output branches off to the classifier."
    stem, judged = _graded(wrong)
    assert judged.verdict != "correct"
    assert any(f.id == OPPOSITE_WORD for f in judged.findings)
    feedback = write_question_feedback(stem, judged, wrong)
    assert '"last"' in feedback and '"first"' in feedback
    right = "the first layers of the CNN, plain convolutions with a different structure from the body"
    _, judged = _graded(right)
    assert judged.verdict == "correct" and not any(f.id == OPPOSITE_WORD for f in judged.findings)


@pytest.mark.models
def test_the_overall_assessment_names_the_swapped_word(tmp_path: Path) -> None:
    """The next steps say what to fix ('Q18: you wrote "last" where the model answer says "first"'), not the
    key point's bare text."""
    from greenpen.pipeline import Options, grade_file

    answers = tmp_path / "ch14.md"
    answers.write_text(
        "## 18. What is the \"stem\" of a CNN?\n\n"
        "the last layers of the CNN, where the body ends and the output branches off to the classifier.\n\n"
        "## 20. How does a bottleneck block differ from a plain ResNet block?\n\n"
        "A 1x1 convolution reduces the channels, a 3x3 works on fewer channels, a 1x1 restores them.\n",
        encoding="utf-8")
    (report,) = grade_file(answers, Options(pack=str(CHAPTER14)))
    assert 'Q18: you wrote "last" where the model answer says "first"' in report.overall.text


def test_a_word_the_question_uses_in_its_own_frame_is_not_the_students_claim() -> None:
    point = "Starting with a low learning rate lets the model settle first before training fast."
    sentence = "because with a high learning rate at the start the model trains on the first batches too fast"
    assert opposite_words(sentence, point) == ("high", "low")
    # "Why avoid a high learning rate…?": the student repeats the question's "high", it is no claim of theirs
    assert opposite_words(sentence, point, "Why should we avoid a high learning rate at the start of training?") \
        is None
    # a question that offers both sides leaves the choice to the student
    assert opposite_words(sentence, point, "Should the learning rate be high or low at the start of training?") \
        == ("high", "low")


def test_a_sentence_in_the_questions_frame_neither_states_the_point_nor_is_called_wrong() -> None:
    from greenpen.domain import KeyPoint
    from greenpen.grading.grader import _opposed
    from greenpen.grading.match import ItemMatch

    point = KeyPoint(id="low", text="Starting with a low learning rate lets the model settle first before training.")
    said = "because with a high learning rate at the start the model overfits the first training batches"
    matches = {"low": ItemMatch(0.8, said, "embedding")}
    found = _opposed([point], matches, "Why should we avoid a high learning rate at the start of training?")
    assert found == []  # "high" is the question's word: nothing to correct in it
    assert matches["low"].strength <= 0.2  # and the sentence speaks of the question's case, not of the point
