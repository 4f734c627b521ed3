"""A comparison question answered about one of the things it compares (grading/compared.py)."""

from __future__ import annotations

import pytest

from greenpen.domain import Question
from greenpen.grading.compared import compared_things, left_out


@pytest.mark.parametrize(("question", "things"), [
    ("What is the difference between `item_tfms` and `batch_tfms`?", ["item_tfms", "batch_tfms"]),
    ("How does a loss differ from a metric?", ["a loss", "a metric"]),
    ("How does F.relu differ from nn.ReLU?", ["F.relu", "nn.ReLU"]),
    ("What's the difference between the crop, pad, and squish resize approaches? When might you choose one?",
     ["the crop", "pad", "squish"]),
    ("Qual a diferença entre classificação e regressão?", ["classificação", "regressão"]),
    # the setting after the things is not part of the last one's name
    ("What is the difference between max_samples and max_features when creating a random forest?",
     ["max_samples", "max_features"]),
    # two question sentences in one frame, set against each other by the stretch where they differ
    ("Why do we need padding for text classification? Why don't we need it for language modeling?",
     ["text classification", "language modeling"]),
    ("What statistics are used in batch normalization during training? How about during validation?",
     ["training", "validation"]),
    ("How do you set your model in training mode in PyTorch? In evaluation mode?", ["training", "evaluation"]),
    ("What is a regression problem? What loss function should you use for such a problem?", []),
    ("What is a latent factor? Why is it \"latent\"?", []),
    # not comparisons, or not lists of names: nothing to check
    ("What is a metric? How does it differ from \"loss\"?", []),
    ("Explain what the graph of speed of light versus time tells you.", []),
    ("Anna wants to compare the fat in walnuts and peanuts. Write a procedure.", []),
    ("Describe how you can tell the difference between the crystals from the calcite test and salt crystals "
     "when you observe them in an evaporation dish.", []),
])
def test_the_things_a_question_compares(question: str, things: list[str]) -> None:
    assert compared_things(question) == things


def test_an_answer_to_one_of_two_parallel_questions_leaves_the_other_out() -> None:
    q = "Why do we need padding for text classification? Why don't we need it for language modeling?"
    found = left_out(q, "In language modeling the documents are concatenated and cut into equal pieces.")
    assert found is not None and found.detail == "text classification"
    # the course's abbreviations name their words: "LM" the language model, "valid" the validation set
    assert left_out(q, "Classification: texts differ in length, so we pad. LM: one stream cut in pieces.") is None
    assert left_out("What statistics are used during training? How about during validation?",
                    "train: the batch's mean and std; valid: the running averages") is None


def test_an_answer_about_one_of_two_leaves_the_other_out() -> None:
    q = "What is the difference between `item_tfms` and `batch_tfms`?"
    found = left_out(q, "`batch_tfms` applies the transformations to the whole batch on the GPU.")
    assert found is not None and found.kind == "part_unanswered" and found.detail == "`item_tfms`"


@pytest.mark.parametrize("answer", [
    "item_tfms run on each item; batch_tfms on a whole batch on the GPU.",
    "Item transforms run on every image, batch transforms on the batch.",  # the names' own words
    "crop cuts, padding fills with zeros, suish distorts",  # inflected, misspelt
    "Async: each character has a start bit; sync sends frames.",  # names neither in full: nothing said
])
def test_an_answer_that_names_each_thing_is_left_alone(answer: str) -> None:
    questions = {"item": "What is the difference between `item_tfms` and `batch_tfms`?",
                 "crop": "What's the difference between crop, pad, and squish?",
                 "async": "What is the difference between asynchronous and synchronous transmission?"}
    key = "crop" if "crop" in answer else "async" if "sync" in answer.lower() else "item"
    assert left_out(questions[key], answer) is None


def test_the_thing_a_question_asks_about_first_needs_no_naming() -> None:
    """"What is a `Datasets`? How is it different from a `TfmdLists`?": the answer is about the `Datasets`."""
    q = "What is a `Datasets`? How is it different from a `TfmdLists`?"
    assert left_out(q, "Like a TfmdLists but with several pipelines in parallel; a TfmdLists has only one.") is None
    assert left_out("How does a loss differ from a metric?", "The loss is what SGD minimises.") is not None


@pytest.mark.parametrize("answer", [
    "Não sei.",  # names neither: the key points say what is missing
    "A métrica é para as pessoas e a perda para o treino, mas a métrica é o que importa.",  # another language
])
def test_it_stays_silent_when_it_cannot_be_sure(answer: str) -> None:
    assert left_out("How does a loss differ from a metric?", answer) is None


@pytest.mark.models
def test_a_reference_only_question_answered_about_one_half_is_partial_and_says_which_half() -> None:
    from greenpen.domain import Pack
    from greenpen.feedback.question import write_question_feedback
    from greenpen.grading.grader import grade_answer

    q = Question(id="tfms", number=17, text="What is the difference between `item_tfms` and `batch_tfms`?",
                 reference="`item_tfms` run on each item separately, on the CPU, for example Resize; "
                           "`batch_tfms` run on a whole mini-batch at once on the GPU, for example augmentation.")
    answer = "`batch_tfms` applies the transformations in parallel to the whole batch using the GPU."
    j = grade_answer(q, answer, run_code=False)
    assert j.verdict == "partial"
    feedback = write_question_feedback(q, j, answer, pack=Pack(id="p", title="p", questions=(q,)))
    assert "`item_tfms`" in feedback, feedback
    both = grade_answer(q, "item_tfms run on each item on the CPU, batch_tfms on a whole batch on the GPU.",
                        run_code=False)
    assert not any(f.kind == "part_unanswered" for f in both.findings)


def test_a_word_that_only_begins_a_name_does_not_name_it() -> None:
    """"Numericalization turns every token into its id": "token" is not "tokenization"."""
    q = "What is the difference between tokenization and numericalization?"
    found = left_out(q, "Numericalization turns every token into its id in the vocab.")
    assert found is not None and found.detail == "tokenization"


def test_the_part_of_a_camelcase_name_that_tells_it_from_the_other_names_it() -> None:
    """"WithLogits has the sigmoid built in…" speaks of `nn.BCEWithLogitsLoss` (what tells it from `nn.BCELoss`); an
    answer about `BCELoss` alone still leaves it out."""
    question = "What is the difference between `nn.BCELoss` and `nn.BCEWithLogitsLoss`?"
    both = "WithLogits has the sigmoid built in and it is more stable, while the plain BCELoss wants probabilities."
    one = "BCELoss wants probabilities, so you have to apply a sigmoid to the activations first and then it is used."
    assert left_out(question, both) is None
    finding = left_out(question, one)
    assert finding is not None and finding.detail == "`nn.BCEWithLogitsLoss`"


def test_the_usual_kind_of_a_thing_is_named_by_any_word_for_it() -> None:
    """"Regular block: two 3x3 convs" speaks of "a plain ResNet block": plain, regular, normal, standard, vanilla…
    all say the usual kind. An answer about the bottleneck alone still leaves the plain block out."""
    question = "How does a bottleneck block differ from a plain ResNet block?"
    assert left_out(question, "Regular block: two 3x3 convs. Bottleneck: 1x1, 3x3, then 1x1 convs.") is None
    assert left_out(question, "A normal one has two 3x3 convs; a bottleneck block uses 1x1, 3x3, 1x1.") is None
    found = left_out(question, "Bottleneck: 1x1 conv to reduce channels, 3x3 conv, then 1x1 conv.")
    assert found is not None and found.detail == "a plain ResNet block"


def test_a_word_of_the_same_size_names_the_side_the_question_sets() -> None:
    """"Too big -> diverges" answers "too large": the student was told the question also asks about "large"; an
    answer that speaks only of the small side still leaves the large one out."""
    q = "What happens in gradient descent if the learning rate is too large? And if it is too small?"
    assert left_out(q, "Too big -> diverges / oscillates. Too small -> slow convergence.") is None
    missing = left_out(q, "Too small -> slow convergence.")
    assert missing is not None and missing.detail == "large"


def test_an_answer_that_opens_with_it_speaks_of_the_questions_subject() -> None:
    """"It does both: momentum on the gradients and the RMSProp division…" to "How does Adam differ from momentum and
    RMSProp?" was told "The question also asks about Adam, and your answer leaves that out": "it" is Adam."""
    q = "How does Adam differ from momentum and RMSProp?"
    assert left_out(q, "It does both: momentum on the gradients and the RMSProp division by the squared grads.") is None
    found = left_out(q, "Momentum averages the gradients; RMSProp divides by the squared ones.")
    assert found is not None and found.detail == "Adam"
    # naming none of them, "it" makes no finding of its own
    assert left_out("How does a bottleneck block differ from a plain ResNet block?",
                    "It has three convs instead of two: a 1x1 that reduces the channels, a 3x3, and a 1x1.") is None
