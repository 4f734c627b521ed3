"""Answers the rubrics were not written for: correct ones in everyday words, wrong ones in other
words, Portuguese. Regression tests for the shipped packs (the independent check is
tests/test_acceptance.py)."""

from __future__ import annotations

import pytest

from greenpen.domain import Judgement
from greenpen.grading.grader import AnswerInput, grade_many
from greenpen.packs import get_pack

pytestmark = pytest.mark.models

CORRECT = [
    ("pytorch-l1", 1, "Think of it as a big adjustable formula: numbers go in, a guess comes out, and the knobs "
                      "were set by looking at past examples."),
    ("pytorch-l1", 3, "Guess, score the guess with the loss, backprop to get gradients, step the weights, and loop "
                      "over the data for several epochs."),
    ("pytorch-l1", 3, "```python\nfor epoch in range(10):\n    for xb, yb in train_dl:\n        pred = model(xb)\n"
                      "        loss = loss_fn(pred, yb)\n        loss.backward()\n        opt.step()\n"
                      "        opt.zero_grad()\n```"),  # the loop itself, in the course's code
    ("pytorch-l1", 8, "The step size of each update. Too big and you bounce past the minimum, too small and it "
                      "crawls."),
    ("pytorch-l1", 8, "É o tamanho do passo na atualização dos pesos. Se for alta demais o modelo diverge; se for "
                      "baixa demais o treino fica muito lento."),
    ("pytorch-l1", 9, "A forward method that computes outputs from inputs, and parameters that autograd can "
                      "compute gradients for."),
    ("fastai-04", 3, "Average all the 3s into an 'ideal 3' and all the 7s into an 'ideal 7', then label a new image "
                     "by whichever ideal it's closer to in pixel distance."),
    ("fastai-04", 10, "When shapes differ PyTorch pretends the smaller tensor is repeated along the missing axes so "
                      "the elementwise op works, without actually copying memory."),
    ("fastai-04", 17, "Porque com uma taxa de aprendizado muito alta o modelo pula o mínimo e a perda diverge."),
    ("fastai-04", 20, "Accuracy is flat almost everywhere — tiny weight changes don't flip predictions — so its "
                      "gradient is zero and SGD gets no signal."),
    ("fastai-04", 29, "Multiplica duas matrizes (produto matricial)."),
    ("fastai-04", 31, "PyTorch adds new gradients onto the old ones in .grad, so without zeroing you'd mix "
                      "gradients from previous batches."),
]

MISCONCEIVED = [
    ("fastai-04", 13, "Mini-batches stop the model from overfitting.", "to-avoid-overfitting"),
    ("fastai-04", 17, "Because a high learning rate makes the model overfit the training data.",
     "causes-overfitting"),
    ("fastai-04", 29, "It multiplies the arrays elementwise, same as *.", "elementwise"),
    ("fastai-04", 31, "Otherwise the gradients would take up too much memory.", "save-memory"),
    ("fastai-04", 32, "Learner is PyTorch's training class; you pass it the data and model.", "pytorch-class"),
    ("fastai-04", 35, "An activation function is what keeps the model from overfitting.", "prevents-overfitting"),
    ("fastai-04", 5, "A 3x3x3 tensor.", "three-by-three"),
    ("pytorch-l1", 6, "The optimizer computes the gradients of the loss.", "optimizer-computes-gradients"),
    ("pytorch-l1", 10, "Mudaria a função de ativação, que evita o overfitting.", "activation-prevents-overfitting"),
]


def _grade(cases: list[tuple[str, int, str]]) -> list[Judgement]:
    inputs = []
    for pack_id, number, text in cases:
        q = next(q for q in get_pack(pack_id).questions if q.number == number)
        inputs.append(AnswerInput(q, text))
    return grade_many(inputs, run_code=False)


def test_correct_answers_in_other_words_are_correct() -> None:
    judgements = _grade(CORRECT)
    wrong = [(c[0], c[1], j.verdict) for c, j in zip(CORRECT, judgements, strict=True) if j.verdict != "correct"]
    assert not wrong


def test_misconceptions_in_other_words_are_named() -> None:
    judgements = _grade([(p, n, t) for p, n, t, _ in MISCONCEIVED])
    for (pack_id, number, _, misconception), j in zip(MISCONCEIVED, judgements, strict=True):
        ids = {f.id for f in j.findings if f.kind == "misconception"}
        assert misconception in ids, f"{pack_id} q{number}: {ids}"
        assert j.verdict in ("incorrect", "partial")


# Short, plain right answers of the kinds real learners write (made up for these tests):
# none may be failed; a teacher marks them correct.
SHORT_RIGHT = [
    ("fastai-04", 6, "The rank of a tensor is the length of its shape."),
    ("fastai-04", 19, "Nope, PyTorch works them out for us."),
    ("fastai-04", 1, "0-255, 0 white and 255 black; colour has 0-255 for each of r, g, b."),
    ("fastai-04", 29, "행렬 곱셈 연산자"),
]


def test_short_right_answers_are_never_failed() -> None:
    # Graded as a submission is: one batch with every question of the pack.
    pack = get_pack("fastai-04")
    given = {number: text for _, number, text in SHORT_RIGHT}
    judgements = grade_many([AnswerInput(q, given.get(q.number, "")) for q in pack.questions], run_code=False)
    by_number = {q.number: j for q, j in zip(pack.questions, judgements, strict=True)}
    for number, text in given.items():
        j = by_number[number]
        assert j.verdict in ("correct", "partial"), (number, text, j.verdict)
        assert not any(f.kind == "off_topic" for f in j.findings), (number, text)
    assert sum(by_number[n].verdict == "correct" for n in given) >= 2


def test_reference_only_right_answer_in_other_words_is_not_failed() -> None:
    from greenpen.domain import Question

    q = Question(id="misuse", number=3, text="How could text generation models be misused?",
                 reference="They can produce convincing content at massive scale: disinformation and fake news, "
                           "spam, fake comments on social media. Detectors of generated text tend to lag behind "
                           "the generators.")
    other = Question(id="deploy", number=4, text="What is a good way to deploy a model?",
                     reference="Keep a human in the loop and roll it out gradually.")
    j = grade_many([AnswerInput(q, "Spam, scams, PR stunts, misinformation."), AnswerInput(other, "")],
                   run_code=False)[0]
    assert j.verdict in ("correct", "partial")
    assert not any(f.kind == "off_topic" for f in j.findings)


def test_doubling_in_place_counts_as_doubling() -> None:
    (j,) = _grade([("fastai-04", 9, "z = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]])\nz *= 2\nz[1:, 1:]")])
    assert any(f.kind == "key_point" and f.id == "doubled" for f in j.findings), j.findings


def test_an_answer_is_read_against_the_whole_course_however_few_questions_its_batch_holds() -> None:
    # A class sheet with three columns, or one question regraded after the teacher changed it, is a batch of
    # few questions: its answers must get what they get in a submission graded with every question of the pack.
    pack = get_pack("fastai-04")
    given = {17: "Because training becomes slow.", 6: "The number of dimensions.",
             20: "Tiny weight changes don't change the accuracy, so its gradient is zero almost everywhere."}
    whole = grade_many([AnswerInput(q, given.get(q.number, "")) for q in pack.questions], run_code=False)
    by_number = {q.number: j for q, j in zip(pack.questions, whole, strict=True)}
    asked = [q for q in pack.questions if q.number in given]
    for batch in ([AnswerInput(q, given[q.number]) for q in asked], [AnswerInput(asked[0], given[asked[0].number])]):
        few = grade_many(batch, run_code=False, course=pack.questions)
        for item, j in zip(batch, few, strict=True):
            expected = by_number[item.question.number]
            assert (j.verdict, j.score) == (expected.verdict, expected.score), item.question.number


def test_an_answer_that_links_to_the_work_is_never_called_off_topic() -> None:
    # The words around a link can say little ("did it! → <link>"); what it links to may be the answer.
    from greenpen.domain import Question

    q = Question(id="deploy-app", number=9, text="Create an image recognition model using data you curate, and "
                 "deploy it on the web.", reference="Gather and clean your own images, train a classifier, export "
                 "it and put it online. A good answer says what was built and links to it.")
    j = grade_many([AnswerInput(q, "did it! flower classifier → https://example.org/spaces/mk/flower-id")],
                   run_code=False, course=get_pack("fastai-04").questions)[0]
    assert j.verdict != "incorrect" and not any(f.kind == "off_topic" for f in j.findings)
    assert j.confidence < 0.6  # unsure: the teacher looks


def test_an_answer_struck_through_and_corrected_is_graded_on_the_correction() -> None:
    """"~~Training set…~~ **Edit:** No! It's the validation set…": the student took the first answer back."""
    q = next(q for q in get_pack("fastai-04").questions if q.number == 11)
    answer = ("~~Training set, that's the data the model learns from, so the metric tells us how well it learned.~~\n"
              "**Edit:** No! It's the validation set, since the model may just have memorised the training data.")
    j = grade_many([AnswerInput(q, answer)], run_code=False, course=get_pack("fastai-04").questions)[0]
    assert j.verdict == "correct" and not any(f.kind == "misconception" for f in j.findings), j.findings


def test_an_answer_that_takes_the_other_side_is_not_praised_for_its_words_on_topic() -> None:
    """With a rubric too: "The training set…" for "training or validation set?" states none of the points made for
    the validation set, however many of their words it uses ("scores on it can hide overfitting")."""
    pack = get_pack("fastai-04")
    q = next(q for q in pack.questions if q.number == 11)
    answer = "The training set, so we see what the model learned; scores on it can hide overfitting though."
    j = grade_many([AnswerInput(q, answer)], run_code=False, course=pack.questions)[0]
    assert j.verdict == "incorrect"
    assert any(f.kind == "misconception" for f in j.findings)
    assert not any(f.kind == "key_point" for f in j.findings), j.findings


def test_a_worked_sum_written_another_way_states_the_model_answers_sum() -> None:
    """"2-1-1=0 -> 0" works out what "w·x + b = 2·1 + (-1)·1 + (-1) = 0" works out: the sum is shown."""
    from greenpen.domain import Question

    q = Question(id="perceptron-sum", number=2, text="A perceptron has weights w = (2, -1), bias b = -1 and outputs 1 "
                 "if w·x + b > 0, otherwise 0. What does it output for x = (1, 1)? Show the sum.",
                 reference="w·x + b = 2·1 + (-1)·1 + (-1) = 0. The rule is strictly greater than 0, and 0 is not, so "
                 "the perceptron outputs 0.")
    j = grade_many([AnswerInput(q, "2-1-1=0 -> 0")], run_code=False)[0]
    assert any(f.kind == "key_point" and f.id == "reference-1" and f.evidence == "2-1-1=0 -> 0"
               for f in j.findings), j.findings
    assert j.verdict != "incorrect"


def test_an_answer_that_names_the_method_a_code_reference_names_states_it() -> None:
    """A reference that is a name in code ("`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`") is stated by an
    answer that names it in a sentence of its own words, and not by one that says it does not use it."""
    from greenpen.domain import Question

    q = Question(id="view-batch", number=7, text="What method does fastai provide to view the data in a DataLoaders?",
                 reference="`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`.")
    named, denied = grade_many([
        AnswerInput(q, "Once the DataBlock is built, `dls.show_batch()` shows some images with their labels."),
        AnswerInput(q, "I don't use show_batch, I open the image files one by one.")], run_code=False)
    assert named.verdict == "correct", named.findings
    assert any(f.kind == "key_point" and "show_batch" in f.evidence for f in named.findings)
    assert not any(f.kind == "key_point" for f in denied.findings), denied.findings
