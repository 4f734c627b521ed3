"""A question that asks for a number of things, answered with fewer (grading/counted.py)."""

from __future__ import annotations

import pytest

from greenpen.domain import Question
from greenpen.grading.counted import answer_items, asked_count, named_items, names_another_thing, reference_items


@pytest.mark.parametrize(("question", "count"), [
    ("What are the two pieces that are combined into cross-entropy loss in PyTorch?", 2),
    ("Give two examples of ways that image transformations can degrade the quality of the data.", 2),
    ("What four things do we need to tell fastai to create `DataLoaders`?", 4),
    ("What are the three steps in the deployment process?", 3),
    ("Quais são as duas formas de fornecer os dados?", 2),
    ("Provide two of the words that are used for the possible values of a categorical variable.", 2),
    # a number that is not a count of things asked for
    ("When might you want your activations to not have these two properties?", None),
    ("Why can't we use torch.where for datasets with more than two categories?", None),
    ("What is meant by a 'rank-3 tensor'?", None),
    ("Calculate the softmax of 0.02, -2.49 and 1.25.", None),
    ("What is the size of the receptive field of an activation after two stride 2 convolutions?", None),
])
def test_how_many_things_a_question_asks_for(question: str, count: int | None) -> None:
    assert asked_count(question) == count


def test_the_things_a_reference_lists() -> None:
    assert reference_items("log_softmax (softmax followed by log) and nll_loss (negative log likelihood).", 2) == [
        "log_softmax (softmax followed by log)", "nll_loss (negative log likelihood)"]
    assert reference_items("First a manual process; then a limited deployment; then gradual expansion.", 3) == [
        "a manual process", "a limited deployment", "gradual expansion"]
    assert len(reference_items("What kinds of data we have (the blocks for input and target), how to get the "
                               "items, how to label them, and how to create the validation set.", 4) or []) == 4
    assert reference_items("A table of actual labels against predicted labels.", 2) is None  # lists nothing
    # no comma before the last: "A, B, C and D"
    assert reference_items("The rights approach, the justice approach, the utilitarian approach, the common good "
                           "approach and the virtue approach.", 5) == [
        "The rights approach", "the justice approach", "the utilitarian approach", "the common good approach",
        "the virtue approach"]
    # "Any four of:" lists more things than the question asks for
    assert len(reference_items("Any four of: fix_html (special HTML characters), replace_rep (xxrep), replace_wrep, "
                               "spec_add_spaces, rm_useless_spaces, replace_all_caps, replace_maj, lowercase.", 4)
               or []) == 8


def test_a_remark_on_the_list_is_not_one_of_its_things() -> None:
    """"…; nn.CrossEntropyLoss does both" speaks of the two things listed before it; a relative clause after a comma
    ("…, which picks the log-probability…") says more of the thing before it."""
    assert reference_items("log_softmax (softmax followed by a log) and nll_loss (negative log likelihood); "
                           "nn.CrossEntropyLoss does both.", 2) == [
        "log_softmax (softmax followed by a log)", "nll_loss (negative log likelihood)"]
    # when the rest does not list as many things as asked, the pieces stay as they were
    assert reference_items("Log of softmax followed by negative log likelihood loss, which picks the log-probability "
                           "of the correct class; nn.CrossEntropyLoss does both.", 2) == [
        "Log of softmax followed by negative log likelihood loss, which picks the log-probability of the correct "
        "class", "nn.CrossEntropyLoss does both"]
    assert reference_items("Both the body and the head; the head is replaced.", 2) == [
        "Both the body and the head", "the head is replaced"]  # "Both" opening a piece lists, it remarks nothing


@pytest.mark.parametrize(("answer", "items"), [
    ("Softmax and the log.", 1),  # "and" alone does not list
    ("the type of data, how to get it, how to label it, and how to create the validation set.", 4),
    ("1) minimum / 10 and 2) the steepest point", 2),
    ("> * nighttime images\n> * slow results\n> * hidden bears", 3),
    ("Rotating leaves empty corners; zooming blurs.", 2),
    ("train head 1 epoch w/ body frozen, then unfreeze and train all layers", 2),
    ("It trains the head with the body frozen and then it trains every layer", 2),  # a sequence, no comma
    ("NLP, vision, medicine, biology, games", 5),
    ("Procesamiento del lenguaje natural, visión por computadora, medicina, biología y recomendación.", 5),
    ("Biais historique, biais de représentation, biais de mesure, biais d'agrégation et biais de déploiement.", 5),
    ("Rechte, Gerechtigkeit, Nutzen, Gemeinwohl und Tugend", 5),
    # Chinese and Japanese list with the enumeration comma "、" (or the full-width "，"): the list had been one thing
    ("自然语言处理、计算机视觉、医学影像诊断、生物学（蛋白质折叠）、推荐系统。", 5),
    ("自然言語処理，画像認識，医療", 3),
    # a sentence's clauses, though, tell one thing
    ("Minsky 和 Papert 证明了单层感知机无法学习异或（XOR）函数，于是大家认为神经网络没有用。", 1),
    ("train the head, then unfreeze and train all layers", 2),  # a list of four or more may close without a comma
    # "etc." closes a list as "and" does, and is not a thing of its own
    ("mostly the data differs - photos vs videos, lighting differences, bears hiding behind trees, etc.", 3),
    # the commas of one long sentence tell one thing
    ("If you rotate an image by 45 degrees, the corners of the new image are empty, there is no data there.", 1),
])
def test_how_many_things_an_answer_lists(answer: str, items: int) -> None:
    assert answer_items(answer) == items


def test_a_short_name_is_stated_by_its_words() -> None:
    items = ["log_softmax (softmax followed by log)", "nll_loss (negative log likelihood)"]
    assert named_items(items, "`log_softmax` and `nll_loss`.") == {0, 1}
    assert named_items(items, "Softmax and the log.") == {0}
    assert named_items(items, "softmax and sigmoid") == set()


def test_a_thing_is_named_by_the_name_in_its_brackets_too() -> None:
    """"Compute the predictions (forward pass)": "forward pass" names it as well as its head does."""
    steps = ["Compute the predictions (forward pass)", "compute the loss", "compute the gradients (loss.backward())",
             "step the optimizer to update the weights (then zero the gradients)"]
    question = "What are the four steps of a training loop?"
    assert 0 in named_items(steps, "forward pass, then the rest", question)
    assert named_items(steps, "we go forward", question) == set()


def test_commas_that_cut_an_answer_into_as_many_things_as_asked_list_them() -> None:
    """Four pieces for the four steps a question asks for are four things, long or short and with no "and" closing
    them; asked for two, or not asked, the same commas are one sentence's."""
    steps = "forward pass, calculate the loss, backward pass to get the gradients, optimizer step"
    assert answer_items(steps, 4) == 4
    assert answer_items(steps) == 1 and answer_items(steps, 2) == 1


def test_a_name_is_told_by_the_words_that_set_it_apart() -> None:
    """"historical, representation, measurement" names three of the six types of bias: "bias" is the
    question's word and every name's, not what tells one from another."""
    biases = ["Historical bias", "representation bias", "measurement bias", "aggregation bias", "evaluation bias",
              "deployment bias (the book discusses the first four in detail)"]
    question = "What are the six types of bias in machine learning, according to Suresh and Guttag?"
    assert named_items(biases, "historical, representation, measurement", question) == {0, 1, 2}
    lenses = ["The rights approach", "the justice approach", "the common good approach", "the virtue approach"]
    assert named_items(lenses, "rights, common good, virtue") == {0, 2, 3}
    assert named_items(lenses, "the good approach") == set()  # "common good" needs both its words


@pytest.mark.models
def test_fewer_things_than_asked_is_partial_and_names_the_missing_one() -> None:
    from greenpen.grading.grader import grade_answer

    q = Question(id="ce", number=10, text="What are the two pieces that are combined into cross-entropy loss in "
                 "PyTorch?", reference="log_softmax (softmax followed by log) and nll_loss (negative log likelihood).")
    half = grade_answer(q, "Softmax and the log.", run_code=False)
    assert half.verdict == "partial"
    assert any(f.kind == "missed_point" and "nll_loss" in f.detail for f in half.findings)
    both = grade_answer(q, "`log_softmax` and `nll_loss`.", run_code=False)
    assert both.verdict == "correct"
    assert [f.kind for f in both.findings if f.id.startswith("reference-item")] == ["key_point", "key_point"]
    from greenpen.domain import Pack
    from greenpen.feedback.question import write_question_feedback

    pack = Pack(id="p", title="p", questions=(q,))
    text = write_question_feedback(q, both, "`log_softmax` and `nll_loss`.", pack=pack)
    assert "one of" not in text and "every point" in text.lower(), text


@pytest.mark.models
def test_things_listed_inside_one_sentence_each_state_what_they_name() -> None:
    """A learner lists three examples in one sentence: the sentence as a whole is about all of them and
    close to none; each listed thing is matched on its own."""
    from greenpen.grading.grader import AnswerInput, grade_many

    q = Question(id="bears", number=24, text="What are three examples of problems that could occur when rolling out "
                 "a bear warning system in practice?",
                 reference="Any three of: it gets video rather than still images; night-time images missing from the "
                 "training data; low-resolution camera images; results not returned fast enough to be useful; bears "
                 "in unusual positions (from behind, half covered by bushes, far away).")
    answer = ("basically it all comes back to the training data not matching the real data - medium differences "
              "(photos vs videos), lighting differences, in situ differences like bears hiding behind trees, etc.")
    others = [Question(id=f"o{i}", number=i, text=text, reference=ref) for i, (text, ref) in enumerate([
        ("What is a confusion matrix?", "A table of actual against predicted labels, one row and column per class. "
         "The diagonal counts the right predictions."),
        ("What is data augmentation?", "Random variations of the training inputs that keep their meaning. It helps "
         "the model generalise."),
        ("What is out-of-domain data?", "Data very different from what the model saw in training."),
        ("What does the export method save?", "The architecture and the trained parameters. It also saves how the "
         "DataLoaders were built."),
        ("What is a DataLoaders?", "A fastai class that holds the training and validation DataLoader objects."),
        ("How do item_tfms and batch_tfms differ?", "item_tfms run on each item on the CPU. batch_tfms run on a "
         "whole batch on the GPU."),
        ("What is the Drivetrain Approach?", "Start from the objective. Then the levers you can pull. Then the data "
         "you can collect. Then the models."),
        ("Do you need a GPU to serve a model in production?", "No. A CPU is usually enough for one prediction at a "
         "time. A GPU pays off for batches."),
        ("What is domain shift?", "The data the model meets in production drifts away from the training data over "
         "time."),
    ])]
    judged = grade_many([AnswerInput(q, answer), *(AnswerInput(o, "") for o in others)], run_code=False)[0]
    stated = {f.id: f.evidence for f in judged.findings if f.kind == "key_point"}
    assert stated, judged.findings
    assert all(len(e) < len(answer) for e in stated.values()), stated  # quoted by the listed thing, not the sentence
    assert judged.verdict == "correct", judged


def test_a_course_abbreviation_names_the_thing_it_stands_for() -> None:
    items = ["The mean of the activations", "their standard deviation", "the percentage of activations near zero"]
    question = "What are the three statistics plotted by `plot_layer_stats`?"
    assert named_items(items, "mean, std and % of activations near zero", question) == {0, 1}
    assert named_items(items, "the mean of the activations and their variance", question) == {0}


def test_a_list_in_the_references_words_with_one_thing_it_does_not_hold() -> None:
    """As many things as asked, all but one named by the reference's words: that one is another thing (the
    embeddings find "sentence based" near "character-based"); in other words than the reference's, nothing."""
    items = ["Word-based (split on spaces)", "subword-based (common sub-strings)", "character-based (each character)"]
    question = "Name three different approaches to tokenization."
    assert names_another_thing(items, "word based, subword based, sentence based", question)
    assert not names_another_thing(items, "word based, subword based, character based", question)
    assert not names_another_thing(items, "por palabras, por subpalabras y por caracteres", question)
    assert not names_another_thing(items, "1. word based\n2. subword\n3. by character", question)
