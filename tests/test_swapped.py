"""Two things a question compares, said the other way round (grading/swapped.py)."""

from __future__ import annotations

import pytest

from greenpen.domain import Question
from greenpen.grading.swapped import SWAPPED, defined_then_compared, named_pair, swapped_roles

TFMS = "What is the difference between `item_tfms` and `batch_tfms`?"
TFMS_REFERENCE = ("`item_tfms` run on each item separately (on the CPU), e.g. `Resize` so all items have the same "
                  "size; `batch_tfms` run on a whole mini-batch at once on the GPU, e.g. `aug_transforms`.")
NORMS = "What are the RMSE and the L1 norm?"
NORMS_REFERENCE = ("Both measure a distance. The L1 norm is the mean absolute difference: subtract, take absolute "
                   "values, average. RMSE squares the differences, averages them and takes the square root.")
LOSS = "How does a loss differ from a metric?"
LOSS_REFERENCE = ("The loss is what the optimiser minimises: SGD uses its gradients to update the weights. "
                  "The metric is for people: it tells us how well the model does, e.g. the error rate.")

RESNETS = "What is the difference between `resnet50` and `resnet101`?"
RESNETS_REFERENCE = ("The number of layers: resnet50 has 50 and resnet101 has 101, so resnet101 is a deeper, bigger "
                     "model that can be more accurate but is slower.")


@pytest.mark.parametrize(("question", "reference", "answer"), [
    (TFMS, TFMS_REFERENCE, "`item_tfms` are run on the GPU and `batch_tfms` are run on the CPU."),
    (TFMS, TFMS_REFERENCE, "item_tfms: applied to a whole mini-batch on the GPU. batch_tfms: applied to each "
                           "item separately."),
    (NORMS, NORMS_REFERENCE, "RMSE is the mean of the absolute differences and the L1 norm is the square root of "
                             "the mean of the squared differences."),
    (LOSS, LOSS_REFERENCE, "The metric is what the optimiser uses to update the weights, while the loss is what we "
                           "print for people to see how well the model does."),
    (RESNETS, RESNETS_REFERENCE, "resnet50 has 101 layers, so it is deeper and slower; resnet101 has 50."),
    # "each tree" is said of both: it tells neither from the other
    ("What is the difference between max_samples and max_features when creating a random forest?",
     "max_samples is how many rows are sampled to train each tree; max_features is how many of the columns are "
     "considered at each split.",
     "max_samples: how many columns each tree may use. max_features: how many rows go into each tree."),
])
def test_each_thing_given_what_the_model_answer_says_of_the_other(question: str, reference: str,
                                                                   answer: str) -> None:
    found = swapped_roles(question, reference, answer)
    assert found is not None and found.id == SWAPPED and found.kind == "misconception"
    assert found.strength == 1.0 and found.evidence and found.detail


@pytest.mark.parametrize(("question", "reference", "answer"), [
    # right
    (TFMS, TFMS_REFERENCE, "`item_tfms` run on each image on the CPU, `batch_tfms` on the whole batch on the GPU."),
    (NORMS, NORMS_REFERENCE, "L1: mean of the absolute differences. RMSE: square, mean, then the square root."),
    # one side swapped, the other right: a word both share, or a slip, not the two the other way round
    (TFMS, TFMS_REFERENCE, "`item_tfms` run on the GPU, `batch_tfms` run on the whole batch on the GPU."),
    # only one thing spoken of
    (TFMS, TFMS_REFERENCE, "`item_tfms` are run on the GPU."),
    # denied, not claimed
    (TFMS, TFMS_REFERENCE, "`item_tfms` do not run on the GPU and `batch_tfms` do not run on the CPU."),
    # another language than the model answer: its words cannot be compared
    (TFMS, TFMS_REFERENCE, "`item_tfms` se ejecutan en la GPU y `batch_tfms` en la CPU."),
    # both things named in one clause: which words are said of which is not plain ("predict" in both roles)
    ("What letters are often used to signify the independent and dependent variables?",
     "x for the independent variable (the input we predict from) and y for the dependent variable (the target).",
     "`x` is independent (what we are given) `y` is dependent (what we want to predict)."),
    # the second clause speaks of resnet101 by its number, not of resnet50 named just before it
    (RESNETS, RESNETS_REFERENCE, "Resnet101 has 101 layers and resnet50 has 50, so 101 is slower but can be more "
                                 "accurate"),
    # no model answer
    (TFMS, "", "`item_tfms` are run on the GPU and `batch_tfms` are run on the CPU."),
    # not a question about two things
    ("What is a tensor's rank?", "The number of axes.", "The rank is the number of axes."),
])
def test_no_swap_without_both_sides_plainly_the_other_way_round(question: str, reference: str,
                                                                answer: str) -> None:
    assert swapped_roles(question, reference, answer) is None


def test_things_named_alike_stay_apart() -> None:
    question = "How does F.relu differ from nn.ReLU?"
    reference = "F.relu is a plain function you call on a tensor. nn.ReLU is a module, a class you put in a model."
    assert swapped_roles(question, reference, "F.relu is a module you put in a model, nn.ReLU a plain function.")
    assert swapped_roles(question, reference, "F.relu is a plain function, nn.ReLU a module for a model.") is None


@pytest.mark.parametrize(("question", "pair"), [
    ("What are the RMSE and the L1 norm?", ["RMSE", "L1"]),
    ("What letters are often used to signify the independent and dependent variables?",
     ["independent", "dependent"]),
    ("What does to_fp16 do?", []),
])
def test_the_two_things_a_question_asks_about_together(question: str, pair: list[str]) -> None:
    assert named_pair(question) == pair


@pytest.mark.parametrize(("question", "pair"), [
    ('What is a metric? How does it differ from "loss"?', ["metric", "loss"]),
    ("What is a `Datasets`? How is it different from a `TfmdLists`?", ["Datasets", "TfmdLists"]),
    ("Write the equation for activation regularization. How is it different from weight decay?", []),
])
def test_the_thing_a_question_defines_and_the_one_it_sets_it_against(question: str, pair: list[str]) -> None:
    assert defined_then_compared(question) == pair


def test_a_defined_thing_and_the_one_it_is_set_against_said_the_other_way_round() -> None:
    question = 'What is a metric? How does it differ from "loss"?'
    assert swapped_roles(question, LOSS_REFERENCE, "The loss is what we print for people to judge the model, e.g. "
                                                   "the error rate. The metric is what SGD uses to update the weights.")
    assert swapped_roles(question, LOSS_REFERENCE, "The metric is what we print for people, e.g. the error rate. "
                                                   "The loss is what SGD uses to update the weights.") is None


@pytest.mark.models
def test_a_swapped_answer_is_incorrect_and_the_feedback_says_which_is_which() -> None:
    """Every word of the swapped answer is close to the model answer's: without the swap, the embeddings call it
    right. The right answer in other words stays right."""
    from greenpen.feedback import write_question_feedback
    from greenpen.grading.grader import grade_answer

    q = Question(id="tfms", number=17, text=TFMS, reference=TFMS_REFERENCE)
    wrong = "`item_tfms` are run on the GPU and `batch_tfms` are run on the CPU, once the batch is built."
    judged = grade_answer(q, wrong, run_code=False)
    assert judged.verdict == "incorrect"
    assert any(f.id == SWAPPED for f in judged.findings)
    feedback = write_question_feedback(q, judged, wrong)
    assert "other way round" in feedback and "on the CPU" in feedback
    right = "`item_tfms` are applied to every image on its own on the CPU; `batch_tfms` to a whole batch on the GPU."
    judged = grade_answer(q, right, run_code=False)
    assert judged.verdict == "correct" and not any(f.id == SWAPPED for f in judged.findings)


@pytest.mark.models
def test_a_sentence_said_the_wrong_way_round_then_corrected_is_not_quoted_as_right() -> None:
    """"y is the independent variable…", then "Edit: Q14, I had x and y the wrong way round, x is the independent
    variable…": the student corrected it, so no misconception; but the praise quotes the correction."""
    from greenpen.grading.grader import grade_answer

    q = Question(id="letters", number=14,
                 text="What letters are often used to signify the independent and dependent variables?",
                 reference="x for the independent variable (the input we predict from) and y for the dependent "
                           "variable (the target).")
    answer = ("y is the independent variable and x is the dependent one.\n\nEdit: Q14, I had them the wrong way "
              "round: x is the independent variable (the input) and y is the dependent variable (the label).")
    judged = grade_answer(q, answer, run_code=False)
    assert not any(f.id == SWAPPED for f in judged.findings)
    quoted = [f.evidence for f in judged.findings if f.kind == "key_point"]
    assert quoted and not any(e.startswith("y is the independent") for e in quoted)
    alone = grade_answer(q, "y is the independent variable and x is the dependent one.", run_code=False)
    assert alone.verdict == "incorrect" and any(f.id == SWAPPED for f in alone.findings)


@pytest.mark.models
def test_a_corrected_swap_is_not_quoted_also_where_the_rubric_names_the_mistake() -> None:
    from greenpen.domain import KeyPoint, Misconception
    from greenpen.grading.grader import grade_answer

    q = Question(id="norms", number=7, text=NORMS, reference=NORMS_REFERENCE,
                 key_points=(KeyPoint("l1", "L1 is the mean of the absolute differences"),),
                 misconceptions=(Misconception("l1-root", "L1 takes the square root", "L1 has no square root",
                                               cues=((r"\bl1\b.{0,20}\bsquare root",),)),))
    answer = ("L1 norm is the square root of the mean of the squared differences, and RMSE is the mean of the "
              "absolute differences.\n\nEdit: Q7, I swapped them: L1 is the mean absolute difference and RMSE the "
              "root of the mean squared difference.")
    judged = grade_answer(q, answer, run_code=False)
    quoted = [f.evidence for f in judged.findings if f.kind == "key_point"]
    assert quoted and not any(e.startswith("L1 norm is the square root") for e in quoted), judged.findings
