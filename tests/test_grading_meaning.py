"""Key points by meaning, evidence before "incorrect", reference-only key points and feedback,
cross-validation folds and calibration offsets: logic tested without a real model."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenpen.bench.accuracy import BenchRow
from greenpen.bench.calibrate import fit_calibration
from greenpen.bench.crossval import question_folds
from greenpen.domain import Finding, Judgement, KeyPoint, Part, Question
from greenpen.feedback import write_question_feedback
from greenpen.grading import detectors
from greenpen.grading.grader import AnswerInput, grade_answer
from greenpen.grading.match import ItemMatch, match_key_point
from greenpen.grading.reference_points import reference_key_points
from greenpen.grading.scoring import ERROR_KINDS, Evidence, decide
from greenpen.textutil import Span

KP = KeyPoint(id="kp", text="ReLU replaces every negative number with zero")


def spans(*texts: str) -> list[Span]:
    return [Span(t, 0, len(t)) for t in texts]


def test_a_sentence_well_above_the_course_counts_even_at_a_low_cosine() -> None:
    # A Korean sentence: 0.43 from the English key point, but the other questions' key points
    # sit around 0.1 ± 0.05 from it.
    sims = np.array([[0.43]])
    null = (np.array([0.1]), np.array([0.05]))
    assert match_key_point(KP, spans("음수를 0으로"), sims, set()).strength < 0.45
    assert match_key_point(KP, spans("음수를 0으로"), sims, set(), null).strength >= 0.6


def test_relative_credit_goes_to_the_closest_key_point_only() -> None:
    sims = np.array([[0.43]])
    null = (np.array([0.1]), np.array([0.05]))
    sibling_closer = np.array([0.55])
    assert match_key_point(KP, spans("x"), sims, set(), null, sibling_closer).strength < 0.45


def test_no_relative_credit_for_text_far_from_everything() -> None:
    # "Choo choo!": tiny cosines everywhere, so its z-score means nothing.
    sims = np.array([[0.2]])
    null = (np.array([0.0]), np.array([0.03]))
    assert match_key_point(KP, spans("Choo choo"), sims, set(), null).strength < 0.3


def ev(coverage: float, central: bool, anything: bool, p: float | None = None,
       reference_only: bool = False) -> Evidence:
    return Evidence(coverage, central, anything, 0.5, p, reference_only)


KINDS = sorted({"key_point", "missed_point", "self_contradiction", "attachment_missing", "similarity"})


@given(st.floats(0, 1), st.booleans(), st.booleans(), st.one_of(st.none(), st.floats(0, 1)), st.booleans(),
       st.lists(st.sampled_from(KINDS), max_size=4))
def test_no_incorrect_without_evidence(coverage: float, central: bool, anything: bool, p: float | None,
                                       reference_only: bool, kinds: list[str]) -> None:
    findings = [Finding(k) for k in kinds]  # type: ignore[arg-type]
    assert not set(kinds) & ERROR_KINDS
    score, verdict, confidence = decide(findings, ev(coverage, central, anything, p, reference_only))
    assert verdict != "incorrect"
    if verdict == "partial":
        assert confidence <= 0.55  # unsure: to the teacher's review queue


def test_evidence_makes_incorrect() -> None:
    assert decide([Finding("off_topic")], ev(0.0, False, False))[1] == "incorrect"
    assert decide([Finding("misconception", strength=1.0)], ev(0.1, False, False))[1] == "incorrect"
    assert decide([Finding("off_topic")], ev(0.0, False, False, 0.05, True))[1] == "incorrect"


def test_short_answer_with_the_central_point_is_correct() -> None:
    assert decide([Finding("missed_point"), Finding("missed_point")], ev(0.3, True, True))[1] == "correct"


def test_reference_only_states_one_reference_point() -> None:
    assert decide([], ev(0.2, False, True, 0.1, True))[1] == "correct"
    assert decide([], ev(0.2, False, False, 0.1, True))[1] == "partial"
    assert decide([Finding("misconception", strength=0.5)], ev(0.9, True, True, 0.9, True))[1] == "partial"


def test_no_attempt_is_evidence() -> None:
    # "not sure" in the learners' languages too
    for text in ("I don't know", "idk", "não sei", "?", "No estoy segura.", "Não tenho certeza", "pas sûr",
                 "Ich bin mir nicht sicher.", "non sono sicuro", "잘 모르겠다 ㅠㅠ", "No lo tengo claro todavía.",
                 "Non ne sono sicuro, ci torno.", "It's still not clear to me", "Das ist mir noch unklar.",
                 "not sure :sweat_smile:", "I'm not sure.", "Skipped for now."):
        f = detectors.no_attempt(text)
        assert f is not None and f.kind == "off_topic", text
    assert detectors.no_attempt("I don't know the formula, but it is the mean of the squared errors, "
                                "square-rooted") is None
    assert detectors.no_attempt("Not sure, but I think it is the step size") is None
    assert detectors.no_attempt("No estoy segura, pero creo que es el tamaño del paso") is None
    # "skip" as the verb of an answer says what the code does
    q = Question("dropout", 34, "What is the purpose of this line from Dropout: `if not self.training: return x`?")
    assert detectors.no_attempt("Skip dropout when not training.", q) is None
    assert detectors.no_attempt("Skip kiya, baad mein likhunga.", q) is not None  # "skipped, will write it later"


def test_a_few_words_after_i_dont_know_that_name_only_the_questions_subject_are_no_attempt() -> None:
    theorem = Question(id="uat", number=1, text="What is the name of the theorem that shows a neural network can "
                       "approximate any function?", reference="The universal approximation theorem.")
    assert detectors.no_attempt("I dont remember the name of theorem, sorry", theorem) is not None
    assert detectors.no_attempt("idk, didn't really get this part", theorem) is not None
    assert detectors.no_attempt("I dont remember the name of theorem, sorry") is None  # without the question
    assert detectors.no_attempt("I don't remember, the universal one?", theorem) is None  # the reference's word
    assert detectors.no_attempt("not sure, maybe the one about any function", theorem) is None  # an attempt
    # notes drop the "I": "don't remember the name, will check" says the same
    assert detectors.no_attempt("don't remember the name, will check", theorem) is not None
    assert detectors.no_attempt("Dont know") is not None
    assert detectors.no_attempt("I did not understand this figure.") is not None
    assert detectors.no_attempt("Don't know why, but the loss goes up because the learning rate is high") is None
    # words are counted, not the punctuation or a forum's emoji codes between them
    assert detectors.no_attempt("no idea, my PDF version doesn't render the figure :confused:", theorem) is not None
    assert detectors.no_attempt("Not sure what this is, I didn't see it in the chapter 🤔", theorem) is not None
    assert detectors.no_attempt("`??` e.g. `learn.fine_tune??`", theorem) is None  # the question marks are code
    for text in ("Hmm, not sure about this one yet, skip.", "Не понял разницу, вернусь позже.",
                 "Pata nahi 😅 abhi tak samajh nahi aaya."):  # after a sound of hesitation; Russian; Hinglish
        assert detectors.no_attempt(text, theorem) is not None, text
    assert detectors.no_attempt("Well, the universal approximation theorem", theorem) is None


def test_a_pointer_to_an_answer_that_is_only_not_sure_is_no_attempt() -> None:
    """"see Q24, not sure" where Q24 says "not sure": the answer pointed to is what the student says."""
    assert detectors.no_attempt("(see Q24, not sure: my answer to question 24)\nnot sure") is not None
    assert detectors.no_attempt("(see Q24: my answer to question 24)\nthe dimension we sum over") is None


QUESTION = Question(
    id="misuse", number=3, text="How could text generation be misused?",
    reference="They can produce convincing content at massive scale (e.g. spam, fake news). "
              "Detectors of generated text tend to lag behind the generators.",
)


def test_reference_key_points_are_whole_sentences_without_word_lists() -> None:
    kps = reference_key_points(QUESTION)
    assert [kp.text for kp in kps] == [
        "They can produce convincing content at massive scale (e.g. spam, fake news).",
        "Detectors of generated text tend to lag behind the generators.",
    ]
    assert all(not kp.hint for kp in kps)


def test_a_sentence_that_goes_on_after_an_ellipsis_is_one_sentence() -> None:
    """"…you must write self.learn.xxx = ..., because self.xxx = ... would only set an attribute of the callback." was
    cut at its second "...": the feedback's missing point ended "because self.xxx =." An ellipsis followed by a
    capital still ends one."""
    from greenpen.textutil import sentences

    text = ("To assign a value you must write self.learn.xxx = ..., because self.xxx = ... would only set an attribute "
            "of the callback. I am not sure... Maybe more.")
    assert [s.text for s in sentences(text)] == [
        "To assign a value you must write self.learn.xxx = ..., because self.xxx = ... would only set an attribute of "
        "the callback.", "I am not sure...", "Maybe more."]


def test_a_judgement_carries_the_key_points_it_was_graded_against() -> None:
    from greenpen.packs import get_pack

    drawn = reference_key_points(QUESTION)
    assert grade_answer(QUESTION, "Spam at scale.", run_code=False).key_points == drawn
    assert grade_answer(QUESTION, "", run_code=False).key_points == drawn  # a missing answer too
    q = get_pack("fastai-04").question("matmul-operator")
    assert grade_answer(q, "Matrix multiplication.", run_code=False).key_points == q.key_points != ()


def _judgement(verdict: str, covered: str, missed: str) -> Judgement:
    return Judgement("misuse", 0.5 if verdict == "partial" else 0.9, verdict, 0.5, (  # type: ignore[arg-type]
        Finding("key_point", covered, "spam and scams everywhere", "x", 1.0, 0.9),
        Finding("missed_point", missed, "", "y", 1.0, 0.1),
    ), key_points=reference_key_points(QUESTION))  # as the grader sets them


def test_reference_only_feedback_names_the_missing_idea_in_the_teachers_sentence() -> None:
    text = write_question_feedback(QUESTION, _judgement("partial", "reference-1", "reference-2"),
                                   "Spam and scams everywhere.")
    assert "Detectors of generated text tend to lag behind the generators" in text
    assert "say more about" not in text


def test_reference_only_feedback_tells_a_right_answer_nothing_missing() -> None:
    text = write_question_feedback(QUESTION, _judgement("correct", "reference-1", "reference-2"),
                                   "Spam and scams everywhere.")
    assert "Detectors" not in text and "missing" not in text.lower()
    # nor does its praise take the verdict back by calling what it says "one of" the model answer's points
    for student in ("Ana", "Bo", "Cy", "Di"):  # every phrasing the writer may pick
        praised = write_question_feedback(QUESTION, _judgement("correct", "reference-1", "reference-2"),
                                          "Spam and scams everywhere.", student=student)
        assert "one of" not in praised and "makes too" not in praised


def _rows(n_questions: int, per: int) -> list[BenchRow]:
    return [BenchRow(f"q{q}", "Q?", "R.", f"answer {q}-{i}", float(i % 2), ("correct", "incorrect")[i % 2])
            for q in range(n_questions) for i in range(per)]


def test_cross_validation_folds_are_question_disjoint_and_deterministic() -> None:
    rows = _rows(12, 4)
    folds = question_folds(rows, 5)
    assert sorted(np.concatenate(folds).tolist()) == list(range(len(rows)))
    seen = [{rows[i].question_id for i in f} for f in folds]
    assert all(not (a & b) for n, a in enumerate(seen) for b in seen[n + 1:])
    assert [f.tolist() for f in question_folds(rows, 5)] == [f.tolist() for f in folds]


def test_calibration_predicts_a_rare_label_when_it_helps_macro_f1() -> None:
    labels = ("correct", "contradictory", "incorrect")
    rows, judgements = [], []
    for i in range(120):
        label = labels[0] if i % 10 < 6 else labels[1] if i % 10 == 6 else labels[2]
        p_contra = 0.8 if label == "contradictory" else 0.2
        p_ok = 0.8 if label == "correct" else 0.3
        rows.append(BenchRow(f"q{i % 7}", "Q?", "R.", "a", 1.0 if label == "correct" else 0.0, label))
        judgements.append(Judgement("q", p_ok, "correct" if p_ok > 0.5 else "partial", 0.5, (),
                                    (("p_correct", p_ok), ("p_contradiction", p_contra))))
    _, predicted = fit_calibration(rows, judgements).apply(judgements, labels)
    assert predicted.count("contradictory") > 0


def test_the_prose_of_a_rubric_text_leaves_its_code_out_and_keeps_names() -> None:
    from greenpen.grading.match import prose_of

    assert prose_of("It says how to split the items into a training set and a validation set, "
                    "for example `RandomSplitter(valid_pct=0.2, seed=42)`.") == \
        "It says how to split the items into a training set and a validation set."
    assert prose_of("Fix the random seed (e.g. `seed=42`), so the same split is made every time.") == \
        "Fix the random seed, so the same split is made every time."
    assert prose_of("`item_tfms` run on each item (on the CPU)") == "item_tfms run on each item (on the CPU)"
    assert prose_of("nn.ReLU is a module: you instantiate it (nn.ReLU())") == "ReLU is a module: you instantiate it"


def test_only_a_key_point_without_cues_is_compared_by_the_prose_of_a_mixed_text() -> None:
    from greenpen.grading.match import meaning_texts

    mixed = "Rank = length of the shape: `len(t.shape)` (or `t.ndim`)"
    assert meaning_texts(KeyPoint(id="r", text=mixed)) == ["Rank length of the shape: (or ndim)"]
    # a rubric point with cues keeps recognising its code part by them, not by generic prose
    assert meaning_texts(KeyPoint(id="r", text=mixed, cues=(("len",),))) == []
    assert meaning_texts(KeyPoint(id="p", text="Plain words stay as written.")) == ["Plain words stay as written."]


@pytest.mark.models
def test_a_paraphrase_states_a_reference_sentence_that_carries_a_code_example() -> None:
    q = Question("splitter", 12, "What does the `splitter` parameter to `DataBlock` do?",
                 reference="It says how to split the items into a training set and a validation set, "
                           "for example `RandomSplitter(valid_pct=0.2, seed=42)`.")
    j = grade_answer(q, "It split the data into training set and validation set.", run_code=False)
    assert [f.kind for f in j.findings if f.kind in ("key_point", "missed_point")] == ["key_point"]


def test_a_pointer_to_a_notebook_cannot_be_assessed_and_is_not_called_wrong() -> None:
    q = Question(id="steps", number=25, text="What are the seven steps of training a model with SGD?",
                 reference="Initialise, predict, loss, gradients, step, repeat, stop.")
    j = grade_answer(q, "Done in notebook.", run_code=False)
    assert j.verdict == "unassessable" and j.score == 0.0
    assert [(f.kind, f.id) for f in j.findings] == [("attachment_missing", "elsewhere")]
    text = write_question_feedback(q, j, "Done in notebook.")
    assert "paste the answer" in text and "something other than" not in text


INFERENCE = Question(
    id="inference", number=6, text="What is it called when a trained model makes predictions on new data?",
    reference="Inference: using a trained model to make predictions on data it has not seen, as opposed to "
              "training it. In deployment this is what the model spends its life doing.")


@pytest.mark.parametrize(("answer", "terse"), [
    ("Inference.", True),
    ("it's called inference", True),
    ("Inferencia.", True),  # the same word in Spanish: accents folded, spelling slips allowed
    ("Inferenza.", True),  # and in Italian: the same stem, another ending
    ("Interference", False),  # another word, not a slip
    ("Predictions on new data.", False),  # only the question's own words
    ("Training.", False),
    ("It is inference, which is when the model is used after training to predict things for users in production",
     False),
])
def test_a_short_answer_in_the_references_own_terms(answer: str, terse: bool) -> None:
    from greenpen.grading.short_answer import in_reference_terms

    assert in_reference_terms(answer, INFERENCE.text, INFERENCE.reference) is terse


HEAD = Question(id="head", number=26, text='What is the "head" of a model?',
                reference="The last layers of a pretrained model, specific to the original task, which are removed and "
                          "replaced by new, randomly initialized layers fitted to the new dataset when fine-tuning.")
HYPER = Question(id="hyper", number=32, text='What are "hyperparameters"?',
                 reference="Parameters about the parameters: the choices that govern how the model is trained, such as "
                           "the learning rate or the number of epochs, which we set rather than the training learning.")


def test_a_short_answer_with_one_word_turned_or_the_questions_own_term_is_not_in_the_references_terms() -> None:
    """"First layer of the model" in the words of "The last layers of a pretrained model", and "Parameters." to "What
    are hyperparameters?" (the question's own term, cut short): both had been "correct", as short answers whose words
    the reference holds. The turned word is named; the answer that says both ends is no opposite."""
    from greenpen.grading.short_answer import in_reference_terms, opposite_of_reference

    assert not in_reference_terms("First layer of the model", HEAD.text, HEAD.reference)
    assert opposite_of_reference("First layer of the model", HEAD.text, HEAD.reference) is not None
    assert opposite_of_reference("The first layers are kept, the last ones replaced", HEAD.text, HEAD.reference) \
        is None
    assert in_reference_terms("the final layers", HEAD.text, HEAD.reference)
    assert not in_reference_terms("Parameters.", HYPER.text, HYPER.reference)
    assert in_reference_terms("learning rate, epochs", HYPER.text, HYPER.reference)


def test_an_abbreviation_in_a_short_answer_counts_as_its_words() -> None:
    """"per-layer LRs" to "What are discriminative learning rates?": "LRs" is the question's "learning rates", so
    the answer's own word is "layer", which the reference holds (it had been "too short", off topic, incorrect)."""
    from greenpen.grading.short_answer import in_reference_terms

    rates = ("What are discriminative learning rates?",
             "Different learning rates for different layers: low for the early pretrained layers, higher for the "
             "last ones.")
    assert in_reference_terms("per-layer LRs", *rates)
    assert in_reference_terms("an lr per layer", *rates)
    assert not in_reference_terms("bigger LRs", *rates)  # "bigger" is not the reference's
    # and where the reference writes the abbreviation too, it is still its word
    assert in_reference_terms("w -= lr * w.grad", "What is the equation for a step of SGD?",
                              "new_weight = weight - lr * weight.grad, in code p.data -= lr * p.grad.data")


@pytest.mark.models
def test_a_short_answer_with_one_word_turned_is_incorrect_and_told_which() -> None:
    judgement = grade_answer(HEAD, "First layer of the model", run_code=False)
    assert judgement.verdict == "incorrect"
    assert any(f.id == "opposite-word" for f in judgement.findings)


def test_letters_named_together_are_the_references_when_it_writes_them() -> None:
    from greenpen.grading.short_answer import in_reference_terms, near_miss

    q = "What letters are often used to signify the independent and dependent variables?"
    ref = "x for the independent variable (the input we predict from) and y for the dependent variable (the target)."
    assert in_reference_terms("x and y", q, ref) and in_reference_terms("x / y", q, ref)
    assert not in_reference_terms("a and b", q, ref)
    assert near_miss("Inferenza.", INFERENCE.text, "Inference.") is None  # a cognate is no near miss


def test_a_short_answer_naming_what_the_reference_names_is_correct() -> None:
    assert grade_answer(INFERENCE, "Inference.", run_code=False).verdict == "correct"


NEEDS = Question(
    id="needs", number=1, text="Do you need these for deep learning? Lots of math T/F; Lots of data T/F; "
                               "Lots of expensive computers T/F; A PhD T/F",
    reference="False to all four. High-school math is enough, small data sets can do, GPUs can be rented "
              "cheaply, and no PhD is needed.")


@pytest.mark.parametrize(("answer", "agree"), [
    ("F, F, F, F", True), ("F / F / F / F", True), ("All false.", True), ("No to all four.", True),
    ("Falso para todos.", True), ("Lots of math: F, data: F, computers: F, PhD: F", True),
    ("F, T, F, F", False), ("True", False), ("I don't think you need them", False), ("No", False),
    ("No, you need all of them", False), ("False for all of them.", True),
])
def test_true_false_items_are_read_as_marks(answer: str, agree: bool) -> None:
    from greenpen.grading.true_false import items_asked, marks_agree

    assert items_asked(NEEDS.text) == 4
    assert marks_agree(answer, NEEDS.text, NEEDS.reference) is agree


def test_the_references_marks_make_a_true_false_answer_correct_in_any_language() -> None:
    for answer in ("F, F, F, F", "Falso para todos."):
        j = grade_answer(NEEDS, answer, run_code=False)
        assert j.verdict == "correct", (answer, j.findings)
        assert not {f.kind for f in j.findings} & {"off_topic", "misconception"}
    assert grade_answer(NEEDS, "T, T, F, T", run_code=False).verdict != "correct"


@pytest.mark.parametrize(("answer", "verdict", "strength"), [
    ("Yes to all of them, it's hard.", "incorrect", 1.0), ("T, F, F, F", "partial", 0.25)])
def test_marks_against_the_references_are_wrong_not_off_topic(answer: str, verdict: str, strength: float) -> None:
    j = grade_answer(NEEDS, answer, run_code=False)
    assert j.verdict == verdict
    (marks,) = [f for f in j.findings if f.id == "true-false-marks"]
    assert marks.kind == "misconception" and marks.strength == strength
    assert "off_topic" not in {f.kind for f in j.findings}
    text = write_question_feedback(NEEDS, j, answer)
    assert "does not answer" not in text
    assert "match the model answer" in text or "otherwise than you do" in text


def test_a_blank_answer_is_shown_the_model_answer_not_told_what_it_also_needs() -> None:
    j = grade_answer(INFERENCE, "", run_code=False)
    text = write_question_feedback(INFERENCE, j, "")
    assert "also includes" not in text and "What's missing" not in text
    assert "A good answer says: Inference" in text or "The model answer: Inference" in text



def test_a_reference_only_judgement_keeps_the_pair_features_among_its_signals() -> None:
    from greenpen.grading.grader import PAIR_SIGNALS

    q = Question(id="salt", number=1, text="How did you separate the salt from the water?",
                 reference="The water was evaporated, leaving the salt.")
    right = dict(grade_answer(q, "We evaporated the water and the salt stayed.", run_code=False).signals)
    echo = dict(grade_answer(q, "I separated the salt from the water.", run_code=False).signals)
    assert set(PAIR_SIGNALS) <= set(right)
    assert right["cos_ra_content"] > echo["cos_ra_content"] == 0.0  # the echo says nothing of its own
    assert right["char_r"] > echo["char_r"]


def test_calibration_weighs_a_pair_signal_the_verdicts_do_not_show() -> None:
    # Every judgement looks the same but for the reference-answer cosine, which the teacher follows.
    rows, judgements = [], []
    for i in range(40):
        ok = i % 2 == 0
        rows.append(BenchRow(f"q{i % 4}", "q", "r", "a", float(ok), "correct" if ok else "incorrect"))
        judgements.append(Judgement(f"q{i % 4}", 0.5, "partial", 0.5,
                                    signals=(("cos_ra", 0.9 if ok else 0.3 + 0.01 * (i % 5)),)))
    labels = ("correct", "contradictory", "incorrect")
    _, predicted = fit_calibration(rows, judgements).apply(judgements, labels)
    assert predicted == [r.label for r in rows]


def test_a_short_answer_that_negates_the_references_words_is_not_in_its_terms() -> None:
    from greenpen.grading.short_answer import in_reference_terms

    q, ref = "What happens to the bulb when the switch is closed?", "The bulb lights up: the circuit is complete."
    assert in_reference_terms("It lights up.", q, ref)
    assert not in_reference_terms("It does not light up.", q, ref)


def _doubtful_model():
    """The shipped model's features with constant heads: P(correct) 0.1, P(contradiction) 0.6."""
    from greenpen.grading.correctness import CorrectnessModel, Head, load_model

    shipped = load_model()
    n = len(shipped.features)

    def constant(p: float) -> Head:
        return Head(np.zeros(n), np.ones(n), np.zeros(n), float(np.log(p / (1 - p))))

    return CorrectnessModel(shipped.embedder, shipped.features, constant(0.1), constant(0.6), {}, {})


@pytest.mark.models
def test_a_learned_contradiction_estimate_is_no_evidence_against_an_answer_that_states_the_reference() -> None:
    """The learned estimate reads the answer as a whole; when a sentence of it states the reference, "it
    seems to contradict the expected answer" would contradict the praise beside it (and is no finding a
    student can be shown as proof)."""
    from greenpen.grading.grader import grade_many

    doubtful = _doubtful_model()
    q = Question("deficiency", 2, "Where do text models currently have a major deficiency?",
                 reference="In generating correct responses: they write fluent text that can be factually wrong.")
    states, unrelated = grade_many([
        AnswerInput(q, "They are bad at being correct. They write text that reads well but can be factually wrong "
                       "and made up."),
        AnswerInput(q, "Text models need a lot of data and large computers to train."),
    ], run_code=False, correctness=doubtful)
    assert "contradicts-reference" not in {f.id for f in states.findings}
    assert states.verdict == "correct"
    assert "contradicts-reference" in {f.id for f in unrelated.findings}



@pytest.mark.models
def test_the_code_a_question_asks_for_is_not_said_to_contradict_the_reference() -> None:
    """The learned estimate reads sentences, not code: a nested comprehension the question asks for, which runs,
    is judged by running it, never "this seems to contradict the expected answer"."""
    from greenpen.grading.grader import grade_many

    doubtful = _doubtful_model()
    q = Question("nested", 7, "Create a nested list comprehension to complete any task that you choose.",
                 reference="Any working nested comprehension, e.g. [[i*j for j in range(3)] for i in range(3)].",
                 asks_code=True)
    (code,) = grade_many([AnswerInput(q, "keep the even numbers of every row:\n\n```python\n"
                                         "evens = [[x for x in row if x % 2 == 0] for row in [[1, 2], [3, 4]]]\n```")],
                         run_code=False, correctness=doubtful)
    assert "contradicts-reference" not in {f.id for f in code.findings}

# ─── a sentence in another script than its rubric is read by two embedders ──

KOREAN = "음수를 모두 0으로 바꾸는 함수"
ENGLISH = "It swaps the sign of every number"
TOPICS = [f"key point number {i} of the course" for i in range(14)]


def _two_embedders(first: str, second: str) -> None:
    """Fake embedders over a 14-question course whose key points are the first axes. The first
    places the Korean sentence only a little nearer key point 0 than the others (z = 2: not
    enough); the second places it on key point 0. English text is far from every point."""
    from greenpen.grading.embed import Embedder, register_embedder

    rng = np.random.default_rng(0)
    others = 0.8 + 0.1 * rng.standard_normal(13)

    def table(korean: np.ndarray, noise: float) -> dict[str, np.ndarray]:
        vecs = {t: np.eye(32)[i] + noise * np.eye(32)[16 + i % 16] for i, t in enumerate(TOPICS)}
        vecs[KOREAN] = korean
        return vecs

    first_korean = np.zeros(32)
    first_korean[0], first_korean[1:14] = others.mean() + 2 * others.std(), others
    tables = {first: table(first_korean, 0.0), second: table(np.eye(32)[0], 0.1)}

    def encoder(name: str):  # noqa: ANN202 - the encode function of an Embedder
        def encode(texts: list[str]) -> np.ndarray:
            out = []
            for t in texts:
                v = tables[name].get(t)
                if v is None:  # anything else: its own direction, away from every key point
                    v = np.eye(32)[14 + sum(map(ord, t)) % 2] + 0.01 * np.ones(32)
                out.append(v)
            return np.array(out, dtype=np.float32)
        return encode

    for name in (first, second):
        register_embedder(Embedder(name, encoder(name), 32))


def _course() -> list[Question]:
    return [Question(id=f"q{i}", number=i + 1, text=f"question {i}", reference=t,
                     key_points=(KeyPoint(id=f"p{i}", text=t, weight=2.0),)) for i, t in enumerate(TOPICS)]


def _graded(answer: str, second: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from greenpen.grading import grader

    monkeypatch.setattr(grader, "SECOND_READER", second)
    course = _course()
    inputs = [AnswerInput(course[0], answer), *(AnswerInput(q, "") for q in course[1:])]
    judged = grader.grade_many(inputs, embedder="fake-first", run_code=False, learned=False)[0]
    return [f.kind for f in judged.findings if f.kind in ("key_point", "missed_point")]


def test_a_sentence_in_another_script_is_read_by_a_second_embedder_too(monkeypatch: pytest.MonkeyPatch) -> None:
    _two_embedders("fake-first", "fake-second")
    assert _graded(KOREAN, "fake-first", monkeypatch) == ["missed_point"]  # one reader only: not enough
    assert _graded(KOREAN, "fake-second", monkeypatch) == ["key_point"]
    # A sentence in the rubric's own script is read by the default embedder alone, as before.
    assert _graded(ENGLISH, "fake-second", monkeypatch) == _graded(ENGLISH, "fake-first", monkeypatch)


@pytest.mark.parametrize(("text", "other"), [
    ("음수를 0으로", True), ("отрицательные числа в ноль", True), ("把负数变成零", True),
    ("negative numbers become zero", False), ("números negativos viram zero", False),
    ("α and η are the learning rate", False), ("`relu(x)`: 음수는 모두 0이 된다", True), ("x = max(0, x)", False),
])
def test_other_script_is_told_by_its_letters(text: str, other: bool) -> None:
    from greenpen.grading.grader import _other_script

    assert _other_script(text) is other


# ─── code is judged by cues and by running it, never by resemblance ─────────

ZIP_POINT = KeyPoint(id="zip-pairs", text="Pair the items by position with zip and turn the result into a list",
                     cues=(("\\bzip\\b",),), examples=("return list(zip(a, b))",))
CODE_POINT = KeyPoint(id="odd-doubled", text="A comprehension that keeps the odd numbers and doubles them",
                      weight=2.0, cues=(("%\\s*2\\s*==\\s*1", "2\\s*\\*"),),
                      examples=("[2*x for x in nums if x % 2 == 1]", "doubled = [n * 2 for n in a if n % 2 != 0]"))


@pytest.mark.parametrize(("text", "code"), [
    ("list(x, y)", True), ("w -= gradient(w) * lr", True), ("[2*x for x in a if x % 2 == 0]", True),
    ("It is a stack of matrices", False), ("calc_grad", False),
    ("- valid / train : folder\n- label.csv : file", False),
    ("```\nL3 = list(zip(L1, L2))\n\nL3 shows the inputs and the labels\n```", False),  # prose beside it
])
def test_is_code_means_code_and_nothing_else(text: str, code: bool) -> None:
    from greenpen.grading.match import is_code

    assert is_code(text) is code


def test_a_code_only_answer_earns_nothing_by_resembling_a_key_point_with_cues() -> None:
    # `list(x, y)` looks like `list(zip(x, y))` to an embedder (cosine 0.7), but it is not zip.
    close = np.array([[0.7]])
    assert match_key_point(ZIP_POINT, spans("list(x, y)"), close, set()).strength == 0.0
    # The same closeness in words still counts, and a cue still decides code.
    assert match_key_point(ZIP_POINT, spans("You pair them up in order"), close, set()).strength > 0.6
    assert match_key_point(ZIP_POINT, spans("list(zip(x, y))"), close, set()).strength == 1.0


def _judged(answer: str, code_findings: list[Finding]) -> list[tuple[str, str]]:
    from greenpen.grading import grader

    q = Question(id="comp", number=1, text="Write a comprehension that doubles the odd numbers of a list.",
                 reference="[2*x for x in a if x % 2 == 1]", asks_code=True, key_points=(CODE_POINT,),
                 parts=(Part(id="code", text="a comprehension that doubles the odd numbers",
                             points=("odd-doubled",)),))
    original = grader._code_findings
    grader._code_findings = lambda text, question: code_findings  # type: ignore[assignment]
    try:
        judged = grader.grade_many([AnswerInput(q, answer)], embedder="bow-meaning", learned=False)[0]
    finally:
        grader._code_findings = original  # type: ignore[assignment]
    return [(f.kind, f.id) for f in judged.findings]


def test_code_that_runs_and_gives_the_asked_result_states_its_code_points() -> None:
    from greenpen.grading.embed import Embedder, register_embedder

    axes: dict[str, int] = {}  # every text its own direction: nothing resembles anything

    def apart(texts: list[str]) -> np.ndarray:
        return np.eye(64)[[axes.setdefault(t, len(axes) % 64) for t in texts]]

    register_embedder(Embedder("bow-meaning", apart, 64))
    written = "[x + x for x in a if x & 1]"  # right, in words no cue expects
    ok = [Finding(kind="code_ok", id="doubled-odds", evidence=written, detail="gives [2, 6, 10]")]
    wrong = [Finding(kind="code_wrong", id="doubled-odds", evidence=written, detail="gives [4, 8]")]
    assert ("key_point", "odd-doubled") in _judged(written, ok)
    assert ("missed_point", "odd-doubled") in _judged(written, wrong)
    # Wrong code still answers the part that asks for code: the code findings say how well.
    assert ("part_unanswered", "code") not in _judged(written, wrong)


# ─── a name asked for is told by its words ───────────────────────────────────

THEOREM_Q = "What is the name of the theorem that shows that a neural network can solve any problem?"


@pytest.mark.parametrize(("answer", "other"), [
    ("I think it's the central limit theorem", True), ("Bayes", True),
    ("Universal approximation theorem", False), ("the universal aproximation theorem", False),
    ("It is called the universal approximation theorem: one hidden layer can fit any function.", False),
])
def test_a_name_is_right_only_in_its_own_words(answer: str, other: bool) -> None:
    from greenpen.grading.short_answer import names_another_term

    assert names_another_term(answer, THEOREM_Q, "The universal approximation theorem.") is other


def test_names_another_term_leaves_longer_references_and_cognates_alone() -> None:
    from greenpen.grading.short_answer import names_another_term

    assert not names_another_term("Parâmetros", "What do we call weights today?", "Parameters.")
    assert names_another_term("Interference", "Using a model for predictions is called?", "Inference.")
    # A short reference to a question that asks for no name is no name either.
    assert not names_another_term("Because the vibration makes it", "How does the rubber band make a sound?",
                                  "The rubber band vibrates.")
    # A reference that explains is not a name: meaning decides there, as before.
    assert not names_another_term("I did it", "Complete the appendix.",
                                  "An exercise: the learner does it; any statement that they did it counts.")


WEIGHT_DECAY_Q = "What is another name for weight decay?"


@pytest.mark.parametrize(("answer", "reference", "other"), [
    ("L1 regularization", "L2 regularization.", ("L1", "L2")), ("ResNet-50", "ResNet-34", ("ResNet-50", "ResNet-34")),
    ("L2 reg", "L2 regularization.", None), ("l2", "L2 regularization.", None),
    ("Ridge, i.e. L2", "L2 regularization.", None),
    ("resnet34", "ResNet-34", None), ("weight decay", "L2 regularization.", None),
])
def test_a_numbered_name_with_another_number_names_another_thing(answer: str, reference: str,
                                                                  other: tuple[str, str] | None) -> None:
    from greenpen.grading.short_answer import other_numbered

    assert other_numbered(answer, WEIGHT_DECAY_Q, reference) == other


def test_another_numbered_name_is_wrong_and_told_by_its_name() -> None:
    q = Question(id="wd", number=19, text=WEIGHT_DECAY_Q, reference="L2 regularization.")
    wrong = grade_answer(q, "L1 regularization", run_code=False)
    assert wrong.verdict == "incorrect"
    assert [f.id for f in wrong.findings if f.kind == "misconception"] == ["other-numbered-name"]
    assert '"L2"' in write_question_feedback(q, wrong, "L1 regularization")
    assert grade_answer(q, "L2 regularization", run_code=False).verdict == "correct"


def test_a_wrong_name_close_in_meaning_is_not_credited(monkeypatch: pytest.MonkeyPatch) -> None:
    from greenpen.grading import grader
    from greenpen.grading.embed import Embedder, register_embedder

    # An embedder for which every theorem is the same theorem.
    register_embedder(Embedder("theorems", lambda texts: np.array(
        [[1.0, 0.0] if "theorem" in t.lower() else [0.0, 1.0] for t in texts]), 2))
    q = Question(id="uat", number=1, text=THEOREM_Q, reference="The universal approximation theorem.")
    right, wrong = grader.grade_many([AnswerInput(q, "the universal approximation theorem"),
                                      AnswerInput(q, "the central limit theorem")],
                                     embedder="theorems", run_code=False, learned=False)
    assert right.verdict == "correct"
    assert wrong.verdict != "correct"


SERVER = Question(id="server", number=23, text="What are the downsides of deploying your app to a server, instead of "
                  "to a client (or edge) device such as a phone or PC?",
                  reference="It needs a network connection and adds latency to every call; users may not want to send "
                            "sensitive data to a remote server; and you must manage, scale and pay for the server.")
EMBEDDING = Question(id="init", number=12, text="What does an embedding contain before we start training?",
                     reference="Random numbers: the embedding matrix is randomly initialised, so its vectors mean "
                               "nothing until training updates them.")


@pytest.mark.parametrize(("question", "answer"), [
    (SERVER, "the roundtrip time to make the prediction, storage and server costs."),
    (EMBEDDING, "Des valeurs aléatoires."),
])
def test_an_answer_near_one_clause_of_a_long_reference_is_not_off_topic(question: Question, answer: str) -> None:
    # Next to the whole reference these few words are far; next to the clause they state, they are not.
    j = grade_answer(question, answer, run_code=False)
    assert "off_topic" not in {f.kind for f in j.findings}, j.findings
    assert j.verdict != "incorrect"


REGRESSION = Question(id="regression", number=16, text="What is a regression problem? What loss function should you "
                      "use for such a problem?",
                      reference="A problem where the dependent variable is one or more continuous numbers (such as the "
                                "coordinates of the centre of a head) rather than categories; use mean squared error "
                                "(MSELoss), which fastai picks by default for PointBlock targets.")


def test_the_clauses_of_a_semicolon_joined_reference_sentence_are_matched_on_their_own() -> None:
    (point,) = reference_key_points(REGRESSION)
    assert point.examples == ("A problem where the dependent variable is one or more continuous numbers (such as the "
                              "coordinates of the centre of a head) rather than categories",
                              "use mean squared error (MSELoss), which fastai picks by default for PointBlock targets")
    assert reference_key_points(replace(REGRESSION, reference="Loss; metric."))[0].examples == ()
    answer = "Regression: dependent variable is continuous (numbers, e.g. point coordinates). Loss: MSE."
    assert grade_answer(REGRESSION, answer, run_code=False).verdict == "correct"


LOG_Q = Question(id="log", number=15, text="What is the value of log(-2)? Why?",
                 reference="It is undefined (NaN in PyTorch): the logarithm is the inverse of exp, which is always "
                           "positive, so log is only defined for numbers greater than 0.")


@pytest.mark.parametrize(("question", "answer", "left_out"), [
    (LOG_Q.text, "It's NaN.", True), (LOG_Q.text, "MSELossFlat", True),
    ("Is it slower? Why or why not?", "Slower.", True), ("What is a good loss for MovieLens? Por qué?", "MSE", True),
    (LOG_Q.text, "NaN, because exp is never negative.", False),  # a reason, in any words, is meaning's to judge
    ("What is the value of log(-2)?", "It's NaN.", False), ("Why is log(-2) undefined?", "exp > 0", False),
])
def test_a_bare_answer_to_a_question_that_also_asks_why_leaves_the_reason_out(question: str, answer: str,
                                                                               left_out: bool) -> None:
    assert (detectors.reason_left_out(question, answer) is not None) is left_out


def test_a_bare_right_answer_without_the_why_is_partial_and_told_it_is_right_so_far() -> None:
    j = grade_answer(LOG_Q, "It's NaN.", run_code=False)
    assert j.verdict == "partial"
    text = write_question_feedback(LOG_Q, j, "It's NaN.")
    assert '"It\'s NaN"' in text and "why" in text and "main point" not in text
    assert grade_answer(LOG_Q, "It's NaN: log is the inverse of exp, which is always positive.",
                        run_code=False).verdict == "correct"


FIELD_Q = Question(id="field", number=17, text="What is the size of the receptive field of an activation after two "
                   "stride 2 convolutions? Why?",
                   reference="7×7 (with 3×3 kernels). The activation is computed from a 3×3 patch of first-layer "
                             "activations two pixels apart, so 3 + 2×2 = 7.")
TARGET_Q = Question(id="smooth", number=13, text="When using label smoothing with five categories, what is the target "
                    "associated with the index 1?",
                    reference="With N = 5 and eps = 0.1, the correct class gets 1 - eps + eps/N = 0.92 and every other "
                              "index gets eps/N = 0.02.")


@pytest.mark.parametrize(("question", "answer", "compared"), [
    (FIELD_Q, "5×5: the first conv sees 3×3, and the second adds one pixel on each side, so 3 + 2 = 5.",
     ("5×5", False)),
    (FIELD_Q, "7x7", ("7x7", True)), (FIELD_Q, "seven by seven", ("seven", True)),
    (FIELD_Q, "It grows with each layer.", None),  # no number given: the other rules decide
    (TARGET_Q, "0.9 (1 - ε with ε = 0.1)", ("0.9", False)), (TARGET_Q, "0,92", ("0,92", True)),
    (TARGET_Q, "Com ε = 0,1 e N = 5: 1 - 0,1 + 0,1/5 = 0,92", ("0,1", True)),
    (LOG_Q, "log(-2) = -0,69, porque é o mesmo que -log(2).", ("-0,69", False)), (LOG_Q, "NaN", None),
    (Question(id="z", number=4, text="What is the value of a kernel applied to a 3×3 matrix of zeros?",
              reference="Zero. Every product with a zero pixel is zero."),
     "```python\n(torch.zeros(3,3) * top_edge).sum()\n```\nAlways zero.", ("zero", True)),  # code: arguments
    (REGRESSION, "42", None),  # asks for no value
])
def test_a_value_asked_for_is_compared_as_a_number(question: Question, answer: str,
                                                   compared: tuple[str, bool] | None) -> None:
    from greenpen.grading.values import compare_value

    assert compare_value(answer, question.text, question.reference) == compared


def test_a_wrong_value_is_wrong_however_close_its_words_and_the_right_one_alone_is_right() -> None:
    wrong = grade_answer(FIELD_Q, "5×5: the first conv sees 3×3, and the second adds one pixel on each side.",
                         run_code=False)
    assert wrong.verdict == "incorrect"
    assert [f.id for f in wrong.findings if f.kind == "misconception"] == ["other-value"]
    assert "5×5" in write_question_feedback(FIELD_Q, wrong, "5×5: the first conv sees 3×3.")
    bare = grade_answer(FIELD_Q, "7x7", run_code=False)
    assert bare.verdict == "partial"  # the value, and not the why the question asks
    assert "which is right" in write_question_feedback(FIELD_Q, bare, "7x7") or \
        "as far as it goes" in write_question_feedback(FIELD_Q, bare, "7x7")


TOP_EDGE = "The book's top edge kernel is [[-1,-1,-1],[0,0,0],[1,1,1]]: a row of -1s on top, zeros in the middle."


@pytest.mark.parametrize(("answer", "compared"), [
    ("top_edge = tensor([[-1,0,1],\n [-1,0,1],\n [-1,0,1]]).float()", ("[[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]", False)),
    ("-1 -1 -1\n 0 0 0\n 1 1 1", ("-1, -1, -1, 0, 0, 0, 1, 1, 1", True)),
    ("torch.tensor([[-1., -1., -1.], [0., 0., 0.], [1., 1., 1.]])", ("-1., -1., -1., 0., 0., 0., 1., 1., 1.", True)),
    ("[[1,1,1],[0,0,0],[-1,-1,-1]]", None),  # the same pattern the other way round: not plainly wrong
    ("a row of minus ones, then zeros, then ones", None),  # no numbers: meaning decides
])
def test_a_matrix_the_model_answer_writes_out_is_compared_number_by_number(
        answer: str, compared: tuple[str, bool] | None) -> None:
    from greenpen.grading.values import compare_literal

    assert compare_literal(answer, TOP_EDGE) == compared


def test_a_list_in_an_example_of_the_model_answer_is_not_the_answer() -> None:
    """"e.g. … layer(x).shape gives torch.Size([1, 16, 129, 129])": one example's output, which another
    input changes; the numbers of an answer's own code are not compared with it."""
    from greenpen.grading.values import compare_literal

    example = ("e.g. layer = ConvLayer(3, 16, ks=3, stride=2, transpose=True); x = torch.randn(1, 3, 64, 64); "
               "layer(x).shape gives torch.Size([1, 16, 129, 129]): the grid gets larger.")
    answer = "x = TensorImage(image2tensor(img)).float()[None] / 255   # [1, 3, 100, 100]"
    assert compare_literal(answer, example) is None
    assert compare_literal(answer, "The output is torch.Size([1, 16, 129, 129]).") is not None


def test_the_list_an_answer_gives_is_read_whole_not_from_an_index_before_it() -> None:
    """"y[2] = 1 - eps + eps/K" indexes; the list is the tensor printed below it. Read from the first "[" on, the
    index and the 1 after it would be the first two numbers of the list, and a right answer a wrong value."""
    from greenpen.grading.values import compare_literal

    smoothed = "With eps = 0.2 and four classes, the target is [0.05, 0.85, 0.05, 0.05]."
    code = ("eps, K = 0.2, 4\ny = torch.full((K,), eps/K)\ny[1] = 1 - eps + eps/K\ny\n"
            "# tensor([0.0500, 0.8500, 0.0500, 0.0500])")
    assert compare_literal(code, smoothed) == ("0.0500, 0.8500, 0.0500, 0.0500", True)
    assert compare_literal("y[1] = 0.8, so y = [0.0667, 0.8, 0.0667, 0.0667]", smoothed) == (
        "[0.0667, 0.8, 0.0667, 0.0667]", False)


def test_a_number_that_counts_what_follows_an_aside_is_no_value_given() -> None:
    """"Two (or more) RNNs on top of each other…" counts the RNNs; a drawing labelled "[RNN 1] --> [RNN 2]" gives no
    value, and was told "You give 1, but that is not the value the model answer gives"."""
    from greenpen.grading.values import compare_value

    stacked = ("Draw a stacked RNN.", "Two (or more) RNNs on top of each other: the first one's output is the "
                                       "second one's input.")
    assert compare_value("x --> [RNN 1] --> [RNN 2] --> y", *stacked) is None
    field = ("What is the receptive field after two stride-2 convolutions?", "7×7 (with 3×3 kernels).")
    assert compare_value("5×5", *field) == ("5×5", False)


def test_numbers_are_read_from_any_text_without_failing() -> None:
    """Found by fuzzing: a size written with a capital X, and a number word in capitals that holds an x."""
    from greenpen.grading.values import numbers

    assert [v for v, _, _ in numbers("2X0, SIX, 7 x 7, 0,92, zéro")] == [2.0, 6.0, 7.0, 0.92, 0.0]
    assert [v for v, _, _ in numbers("[[1.,2.],[3,−4]]", listed=True)] == [1.0, 2.0, 3.0, -4.0]


SD_Q = Question(id="sd", number=2, text="What is the standard deviation of the values 2, 4, 4, 4, 5, 5, 7, 9?",
                reference="2. The mean is 5, the squared deviations sum to 32, 32/8 = 4 and the square root of 4 = 2.")
MEDIAN_Q = Question(id="median", number=1, text="Is the mean or the median more robust to outliers? Why?",
                    reference="The median. Outliers only shift the ends of the data, while every value pulls the mean.")


AUC_Q = Question(id="auc", number=17, text="What does an AUC of 0.5 mean? And an AUC of 1.0?",
                 reference="0.5 means the model ranks no better than random guessing. 1.0 means it separates the "
                           "classes perfectly: every positive gets a higher score than every negative.")


@pytest.mark.parametrize("answer", ["0.5 random, 1 perfect", "0.5 = random classifier. 1.0 = perfect classifier."])
def test_a_model_answer_that_opens_with_a_decimal_gives_no_value_to_hold_against_the_answer(answer: str) -> None:
    """"0.5 means no better than random…" was read as opening with the value "0." standing alone, so every right
    answer that said what 1.0 means was marked incorrect for giving "the value 1.0"."""
    from greenpen.grading.values import compare_value

    assert compare_value(answer, AUC_Q.text, AUC_Q.reference) is None
    assert grade_answer(AUC_Q, answer, run_code=False).verdict != "incorrect"


def test_tried_on_a_statistics_quiz_it_was_not_written_for() -> None:
    """A model answer that opens with its value is a value question whatever its wording; a side taken,
    then a negation about something else, is still the side; a bare right side to "…? Why?" is told why."""
    from greenpen.grading.true_false import compare_yes_no
    from greenpen.grading.values import compare_value

    assert compare_value("sd = sqrt(4) = 2", SD_Q.text, SD_Q.reference) == ("2", True)
    assert compare_value("The variance is 4 so the SD is 4.", SD_Q.text, SD_Q.reference) == ("4", False)
    assert compare_value("Initialise", "List the steps.", "1. Initialise the weights. 2. Predict.") is None
    assert compare_value("4", "What do batchnorm layers train?", "Two learnable vectors, gamma and beta.") is None
    wrong = "Mean, since it uses all the data so one outlier doesn't matter much."
    assert compare_yes_no(wrong, MEDIAN_Q.text, MEDIAN_Q.reference) == (True, False)
    assert grade_answer(MEDIAN_Q, wrong, run_code=False).verdict == "incorrect"
    bare = grade_answer(MEDIAN_Q, "The median", run_code=False)
    assert bare.verdict == "partial"
    said = write_question_feedback(MEDIAN_Q, bare, "The median")
    assert "The median" in said and "why" in said, said


@pytest.mark.parametrize(("answer", "terse"), [
    ("`h`", True), ("h.", True), ("Die Variable `h`.", True),  # a name the model answer writes bare
    ("`x`", False), ("No.", False), ("`h_h`", False),  # `self.h_h` is the layer, not a name of its own
    ("`h = F.relu(self.h_h(x))`", True),  # code the model answer writes, spaces aside
    ("h = F.relu", True), ("`h = torch.sigmoid(x)`", False),
])
def test_a_short_answer_that_writes_the_references_code_name(answer: str, terse: bool) -> None:
    """A single-letter name is no word of prose and means nothing to the embedders: written as the whole
    answer or as code, it is compared with the names the model answer writes."""
    from greenpen.grading.short_answer import in_reference_terms

    q = "What is the equivalent of hidden state in `LMModel1`?"
    ref = "The activations h computed in forward (h = F.relu(self.h_h(...)) plus the next word's embedding)."
    assert in_reference_terms(answer, q, ref) is terse


def test_the_comments_of_an_answers_code_are_read_for_their_words() -> None:
    from greenpen.grading.grader import code_comments

    answer = "```python\n# numbers explode -> nan after many layers\nx = x @ w  # scale\n# ok\n```"
    assert [s.text for s in code_comments(answer)] == ["numbers explode -> nan after many layers"]
    assert answer[code_comments(answer)[0].start:].startswith("numbers explode")


def test_a_key_point_that_others_imply_is_stated_when_they_are() -> None:
    """`implied_by`: the whole dataset too slow and one item too noisy say that a mini-batch balances the two; a
    point stated alone implies nothing."""
    points = (
        KeyPoint(id="balance", text="A mini-batch balances an accurate gradient against fast updates", weight=2,
                 cues=(("balance|compromise",),), implied_by=("whole-slow", "one-noisy")),
        KeyPoint(id="whole-slow", text="The whole dataset per step is too slow", weight=1.5,
                 cues=(("whole dataset", "slow"),)),
        KeyPoint(id="one-noisy", text="One item gives a noisy gradient", weight=1.5,
                 cues=(("one item|single", "noisy"),)),
    )
    q = Question(id="mb", number=13, text="Why does SGD use mini-batches?", reference="", key_points=points)
    both = grade_answer(q, "The whole dataset each step is too slow, and a single image gives a noisy gradient.",
                        run_code=False)
    stated = {f.id: f for f in both.findings if f.kind == "key_point"}
    assert set(stated) == {"balance", "whole-slow", "one-noisy"} and both.verdict == "correct"
    one = grade_answer(q, "The whole dataset each step is too slow.", run_code=False)
    assert "balance" not in {f.id for f in one.findings if f.kind == "key_point"}


LOSS_POINT = KeyPoint(id="compute-loss", text="Compute the loss: compare the predictions with the true labels",
                      cues=(("loss function|criterion",), ("compar", "predict")))
FORWARD_POINT = KeyPoint(id="forward", text="The model makes predictions with its current parameters",
                         cues=(("model", "predict"),))


@pytest.mark.parametrize(("line", "point", "stated"), [
    ("loss = loss_fn(pred, yb)", LOSS_POINT, True),
    ("l = F.cross_entropy(out, target)", LOSS_POINT, True),
    ("preds = model(xb)", FORWARD_POINT, True),
    ("acts = linear1(train_x)", FORWARD_POINT, True),
    ("preds = torch.tensor([0.9, 0.1])", FORWARD_POINT, False),  # making a tensor predicts nothing
    ("model = resnet34(pretrained=True)", FORWARD_POINT, False),  # building the model is not running it
])
def test_a_key_point_in_words_is_stated_by_the_courses_code_idiom(line: str, point: KeyPoint, stated: bool) -> None:
    """The rubric's cues say "loss function" and "the model predicts"; a training loop written as code states
    the same steps, and the evidence quoted is the student's own line, never the words it was read as."""
    found = match_key_point(point, spans(line), np.empty((1, 0)), set())
    assert (found.strength == 1.0) is stated
    if stated:
        assert found.evidence == line


def test_code_idioms_are_read_on_code_lines_only() -> None:
    from greenpen.grading.code_gloss import said_in_code

    loop = "for epoch in range(3):\n    for xb, yb in train_dl:\n        loss.backward()\n        opt.step()"
    said = [words for _, words in said_in_code(loop)]
    assert any("epochs" in w for w in said) and any("mini-batch" in w for w in said)
    assert any("gradients" in w for w in said) and any("optimizer" in w for w in said)
    # a sentence that opens with "For" is no loop, and prose says what it says without a gloss, inline code included:
    # "`loss.backward()` updates the weights" is the student's claim, not backward() computing gradients
    assert said_in_code("For example, the model predicts a label. Then we compute the loss.") == []
    assert said_in_code("`loss.backward()` updates the weights of the model") == []
    assert said_in_code("it's a decorator (like @property)") == []
    with warnings.catch_warnings(record=True) as printed:  # prose is no Python, and no compiler warning says so
        warnings.simplefilter("always")
        assert said_in_code("f(x) is 1and 2") == []
    assert not [w for w in printed if issubclass(w.category, SyntaxWarning)]
    # a line that only calls what the question asks about explains nothing
    assert said_in_code("loss.backward()", "What does calling backward() do?") == []
    assert said_in_code("a @ b", "In Python, what does the @ operator compute?") == []
    assert said_in_code("loss.backward()", "What are the steps of training?") != []
    # a line says what it does, not what it presupposes: the step uses gradients, it does not compute them
    assert not any("gradient" in words for _, words in said_in_code("opt.step()\nopt.zero_grad()\np -= p.grad * lr"))


def test_a_reference_that_numbers_its_steps_inline_gives_one_clean_point_per_step() -> None:
    from greenpen.grading.reference_points import without_step_numbers

    q = Question(id="steps", number=3, text="What are the steps of the training process?",
                 reference="1. Take a batch of inputs with their labels. 2. Forward pass: the model computes "
                           "predictions. 3. Compute the loss, comparing the predictions with the labels.")
    assert [kp.text for kp in reference_key_points(q)] == [
        "Take a batch of inputs with their labels.", "Forward pass: the model computes predictions.",
        "Compute the loss, comparing the predictions with the labels."]
    # numbers that do not count 1, 2, 3 from the start of sentences are words of the reference
    odd = "A byte holds 0 to 255. 3. Three channels."
    assert without_step_numbers(odd) == odd


STEPS = (KeyPoint(id="manual", text="Manual process, with the model running in parallel", cues=(("manual",),)),
         KeyPoint(id="limited", text="Limited-scope deployment under supervision", cues=(("limited",),)),
         KeyPoint(id="gradual", text="Gradual expansion", cues=(("gradual",),)))


def _out_of_order(asked: str, text: str, stated: tuple[str, ...] = ("manual", "limited", "gradual")) -> Finding | None:
    from greenpen.grading.grader import _steps_out_of_order
    from greenpen.textutil import sentences

    matches = {kp.id: ItemMatch(1.0, kp.id, "cue") if kp.id in stated else ItemMatch(0.1, "", "") for kp in STEPS}
    return _steps_out_of_order(asked, STEPS, matches, text, sentences(text, lines=True))


def test_every_step_named_in_another_order_is_a_finding_the_feedback_names() -> None:
    from greenpen.domain import STEP_ORDER

    asked = "What are the three steps in the deployment process?"
    wrong = "1) limited scope deployment 2) manual process 3) gradual expansion"
    found = _out_of_order(asked, wrong)
    assert found is not None and found.id == STEP_ORDER and found.kind == "misconception"
    assert found.detail.startswith("manual process, with the model running in parallel, then limited-scope")
    # in their order, a question that asks for no steps, a step not stated: nothing
    assert _out_of_order(asked, "1) manual process 2) limited scope deployment 3) gradual expansion") is None
    assert _out_of_order("Why is a manual process needed first?", wrong) is None
    assert _out_of_order(asked, wrong, ("manual", "limited")) is None
    # a step's word said before the list, and two steps in one sentence, are no order
    assert _out_of_order(asked, "A gradual thing. The steps: manual process, then limited scope, then gradual "
                                "expansion.") is None
    assert _out_of_order(asked, "Manual and limited scope first.\nThen gradual expansion.") is None


def test_in_an_answer_of_steps_the_closest_sentence_at_the_embedding_cap_is_the_evidence() -> None:
    # "Limited scope development" and "Gradual expansion" both reach the cap for the gradual step;
    # where each item states one step, the evidence is the one closer to it, not the one that comes first.
    gradual = KeyPoint(id="gradual", text="gradual expansion with good reporting")
    items = spans("Limited scope development", "Gradual expansion")
    sims = np.array([[0.70], [0.93]])
    m = match_key_point(gradual, items, sims, set(), closest=True)
    assert m.strength == pytest.approx(0.85) and m.evidence == "Gradual expansion"
    assert match_key_point(gradual, items, sims, set()).evidence == "Limited scope development"
    # a sentence of the answer before the stretch read whole for its meaning, however close that comes
    listed = spans("Gradual expansion", "Limited scope development\nGradual expansion")
    m = match_key_point(gradual, listed, np.array([[0.80], [0.95]]), set(), cue_spans=listed[:1], closest=True)
    assert m.evidence == "Gradual expansion"


def test_steps_written_with_arrows_are_one_sentence_each() -> None:
    from greenpen.textutil import sentences

    text = ("Manual process (humans check everything) → limited scope deployment (small,\nsupervised) → "
            "gradual expansion.")
    assert [s.text for s in sentences(text, lines=True)] == [
        "Manual process (humans check everything)", "limited scope deployment (small,\nsupervised)",
        "gradual expansion."]
    assert [s.text for s in sentences("predict -> loss -> gradient -> step")] == ["predict", "loss", "gradient", "step"]
    # one arrow says what becomes what; arrows between numbers are a value going down and up
    assert len(sentences("0.95 → 0.85 → 0.95 (it goes down while the lr goes up).")) == 1
    assert [s.text for s in sentences("tokens -> integers via the vocab.")] == ["tokens -> integers via the vocab."]


def test_a_code_fence_alone_is_no_sentence() -> None:
    """A code block a blank line splits in two left "```python" as a sentence of its own, which an embedder placed
    near a rubric's point about a Dataset's (x, y) pairs, so an answer of code alone was praised for saying so."""
    from greenpen.textutil import sentences

    text = "```python\ndef pair(l, r):\n    return zip(l, r)\n\nassert pair([1], 'a') == [(1, 'a')]\n```\nIt zips."
    assert [s.text for s in sentences(text, lines=True)] == [
        "def pair(l, r):\n    return zip(l, r)", "assert pair([1], 'a') == [(1, 'a')]", "It zips."]


def test_steps_numbered_with_bare_numbers_inside_a_line_are_one_sentence_each() -> None:
    from greenpen.textutil import sentences

    listed = "1 init weights 2 predict 3 loss 4 step (update weights) 5 calculate gradients"
    assert [s.text for s in sentences(listed)] == ["init weights", "predict", "loss", "step (update weights)",
                                                   "calculate gradients"]
    # numbers in a sentence, two of them, or not counting up from 1, are words
    for words in ("1 layer and 2 outputs", "3 layers 4 outputs 5 things", "Use 1 GPU 2 CPUs 3 disks"):
        assert [s.text for s in sentences(words)] == [words]


def test_in_an_answer_that_lists_steps_one_item_credited_by_resemblance_states_one_step() -> None:
    from greenpen.grading.grader import COVERED, _one_step_per_sentence

    steps = (KeyPoint(id="gradients", text="Compute the gradients of the loss"),
             KeyPoint(id="update", text="Update each parameter with the learning rate", cues=(("step",),)),
             KeyPoint(id="loss", text="Compute the loss"), KeyPoint(id="predict", text="Predict"))
    items = spans("Predict preds", "Calculate loss", "Step parameters based on loss (use small step rate)")
    whole = spans("Predict preds\nCalculate loss\nStep parameters based on loss (use small step rate)")
    matches = {"gradients": ItemMatch(0.85, items[2].text, "embedding"),
               "update": ItemMatch(1.0, "Step parameters based on loss", "cue"),
               "loss": ItemMatch(0.85, whole[0].text, "embedding"),
               "predict": ItemMatch(0.85, "Predict preds", "embedding")}
    _one_step_per_sentence(steps, matches, [*items, *whole], len(items))
    # the item the update's cue states is the update; the whole list resembles every step and states none
    assert matches["update"].strength == 1.0 and matches["predict"].strength == 0.85
    assert matches["gradients"].strength < COVERED and matches["loss"].strength < COVERED
    # between two steps credited by resemblance alone, the item goes to the closer one
    matches = {"gradients": ItemMatch(0.7, "Calculate loss", "embedding"),
               "loss": ItemMatch(0.85, "Calculate loss", "embedding")}
    _one_step_per_sentence(steps[::2], matches, items, len(items))
    assert matches["loss"].strength == 0.85 and matches["gradients"].strength < COVERED
    # two steps one item's cues state are both stated
    matches = {"update": ItemMatch(1.0, "Step parameters based on loss", "cue"),
               "loss": ItemMatch(1.0, "based on loss", "cue")}
    _one_step_per_sentence(steps[1:3], matches, items, len(items))
    assert matches["update"].strength == matches["loss"].strength == 1.0


def test_the_course_words_borrowed_into_spanish_portuguese_and_italian_keep_their_english_stem() -> None:
    from greenpen.grading.counted import named_items
    from greenpen.textutil import content_tokens

    assert content_tokens("Tokenización, numericalización, validação, normalizzazione") >= {
        "tokeniz", "numericaliz", "valid"}
    assert content_tokens("tokenization numericalization validation") == {"tokeniz", "numericaliz", "valid"}
    steps = ["Tokenization (text to a list of tokens)", "Numericalization (tokens to integer indices via a vocab)",
             "Creating the language model data loader"]
    assert named_items(steps, "Tokenización, numericalización y crear el DataLoader") >= {0, 1}


def test_a_reference_that_opens_its_sentences_with_ordinals_lists_its_things_there() -> None:
    from greenpen.grading.counted import reference_items

    reference = ("First, Minsky and Papert showed a single layer cannot learn XOR, and the field took that as a "
                 "limit. Second, two layers were thought enough; in practice they were too big and slow.")
    assert reference_items(reference, 2) == [
        "Minsky and Papert showed a single layer cannot learn XOR, and the field took that as a limit",
        "two layers were thought enough; in practice they were too big and slow"]
    assert reference_items("Crop loses detail; pad wastes pixels.", 2) == ["Crop loses detail", "pad wastes pixels"]


def test_a_sentence_that_joins_two_statements_is_also_matched_clause_by_clause() -> None:
    from greenpen.grading.grader import clause_spans

    text = "It is a very smooth curve and it returns at most 1 and at least 0."
    (sentence,) = spans(text)
    assert [c.text for c in clause_spans(sentence)] == [
        "It is a very smooth curve", "it returns at most 1 and at least 0"]
    # each clause keeps its place in the answer, so the feedback quotes the student's words
    assert all(text[c.start:c.end].strip(" .") == c.text for c in clause_spans(sentence))
    # one statement: a consequence or a contrast belongs to what it follows ("…, so we only use a few items"),
    # "and" between two things joins them in one clause, and a clause too short says nothing alone
    assert clause_spans(*spans("Old gradients stay, so they must be zeroed first.")) == []
    assert clause_spans(*spans("Rotations and flips of the images.")) == []
    assert clause_spans(*spans("It works and it is fast.")) == []


def test_a_sentence_that_lists_labelled_pieces_is_also_matched_piece_by_piece() -> None:
    from greenpen.grading.grader import labelled_spans

    text = "goal: fewer returns, inputs: past orders and sizes, action: which size we suggest first."
    (sentence,) = spans(text)
    assert [c.text for c in labelled_spans(sentence)] == [
        "goal: fewer returns", "inputs: past orders and sizes", "action: which size we suggest first"]
    assert all(text[c.start:c.end] == c.text for c in labelled_spans(sentence))
    # one label is a lead-in, not a list; a sentence that opens with no label lists nothing; a link is no label
    assert labelled_spans(*spans("Segmentation: labelling every pixel of an image.")) == []
    assert labelled_spans(*spans("We tried it, cost: high, speed: low.")) == []
    assert labelled_spans(*spans("See http://example.com/page for it.")) == []


@pytest.mark.models
def test_labelled_pieces_of_one_sentence_each_state_their_point() -> None:
    from greenpen.grading.grader import grade_many

    plan = Question(
        id="plan", number=1, text="How do the steps of the planning approach map to a bookshop recommending books?",
        reference="Objective: sell more by recommending books the reader would not have found alone. Lever: how the "
                  "recommendations are ranked. Data: new data from experiments that try many recommendations on many "
                  "readers. Models: the chance of buying with and without a recommendation; the gap is its value.")
    others = [Question(id=f"q{n}", number=n, text=text, reference=reference) for n, (text, reference) in enumerate((
        ("What is a validation set for?", "It measures how the model does on data it was not trained on."),
        ("Why might a shop's recommendations be unhelpful?", "They suggest what the customer would buy anyway."),
        ("What is data augmentation?", "Random changes to the inputs, like flips, that keep their meaning."),
        ("What can go wrong when a model is deployed?", "Production data can differ from the training data.")), 2)]
    # one sentence, four labelled pieces: the sentence as a whole is near none of the four points
    answer = ("goal: grow sales, data: past purchases of our readers, lever: the books we highlight, "
              "models: odds of a purchase with and without showing a title.")
    judgements = grade_many([AnswerInput(q, answer if q is plan else "") for q in (plan, *others)], run_code=False)
    j = next(j for j in judgements if j.question_id == "plan")
    assert "reference-4" in {f.id for f in j.findings if f.kind == "key_point"}
    assert j.verdict == "correct"


@pytest.mark.models
def test_a_point_stated_in_the_second_clause_of_a_sentence_is_stated() -> None:
    from greenpen.grading.grader import grade_many
    from greenpen.packs import get_pack

    course = get_pack("fastai-04").questions
    answer = "It is a very smooth curve and it returns at most 1 and at least 0."
    sigmoid = next(q for q in course if q.number == 21)
    j = next(j for j in grade_many([AnswerInput(q, answer if q is sigmoid else "") for q in course], run_code=False)
             if j.question_id == sigmoid.id)
    assert "range-0-1" in {f.id for f in j.findings if f.kind == "key_point"}
    assert j.verdict == "correct"


@pytest.mark.models
def test_an_answer_in_spanish_or_french_states_the_update_in_its_own_verbs() -> None:
    from greenpen.grading.grader import grade_many
    from greenpen.packs import get_pack

    course = get_pack("pytorch-l1").questions
    optimizer = next(q for q in course if q.number == 6)
    for answer in ("Actualiza los pesos del modelo usando los gradientes, para reducir la pérdida.",
                   "Il met à jour les poids du modèle avec les gradients pour réduire la perte."):
        j = next(j for j in grade_many([AnswerInput(q, answer if q is optimizer else "") for q in course],
                                       run_code=False) if j.question_id == optimizer.id)
        assert j.verdict == "correct" and "updates-parameters" in {f.id for f in j.findings if f.kind == "key_point"}


SOURCE = Question(
    id="source", number=18, text="In Jupyter Notebook, how do you get the source code for a method or function?",
    reference="Type two question marks after its name, e.g. `learn.fine_tune??`, and run the cell.")


@pytest.mark.parametrize(("answer", "verdict"), [("??", "correct"), ("`??`", "correct"), ("?", "missing"),
                                                 ("`func??`", "correct"), ("`my_model.fit??`", "correct")])
def test_marks_the_reference_writes_in_its_code_are_an_answer(answer: str, verdict: str) -> None:
    """"??" to a question whose model answer types `learn.fine_tune??` is Jupyter's own syntax: the answer, neither
    a placeholder nor too short to show anything, and so is "`func??`", the marks after a name of the student's own
    (it had been "too short", incorrect). A lone "?" stays no answer."""
    from greenpen.locate import no_answer

    assert no_answer(answer, SOURCE, None) is (verdict == "missing")
    assert grade_answer(SOURCE, answer, run_code=False).verdict == verdict
    assert no_answer("??", replace(SOURCE, reference="Type two question marks after its name."), None)


MISUNDERSTANDINGS = Question(
    id="misunderstandings", number=5,
    text="What were the two theoretical misunderstandings that held back the field of neural networks?",
    reference="First, after Minsky and Papert showed a single layer of neurons cannot learn simple functions such as "
              "XOR, people overlooked that multiple layers solve this. Second, although two layers can in theory "
              "approximate any function, in practice such networks were too big and slow; more layers are needed.")


def test_an_answer_that_says_it_does_not_know_one_of_the_things_asked_lists_fewer() -> None:
    """Two sentences on the first misunderstanding, then "The second one I don't remember.": three sentences, but
    one thing of the two asked, so `partial` and the second is named as missing."""
    from greenpen.grading.counted import says_one_not_known

    answer = ("Minsky & Papert showed that a single layer of perceptrons can't learn XOR. People took this to mean "
              "neural nets don't work at all.\n\nThe second one I don't remember.")
    assert says_one_not_known(answer)
    assert not says_one_not_known("People didn't understand that more layers fix XOR. Two layers were too slow.")
    assert not says_one_not_known("1. forward pass → predictions\n\n2. loss\n\n3. backward\n\n4. step")  # a step
    judged = grade_answer(MISUNDERSTANDINGS, answer, run_code=False)
    assert judged.verdict == "partial"
    assert "too big and slow" in write_question_feedback(MISUNDERSTANDINGS, judged, answer)


DEBUG_Q = "What method does fastai provide to help you debug a `DataBlock`?"
DEBUG_REFERENCE = ('`summary` (e.g. `pets.summary(path/"images")`), which runs through every step of building a batch '
                   "and shows what happens at each one, and where it fails.")


@pytest.mark.parametrize(("answer", "other"), [
    ("show_batch", True), ("`dls.show_batch()`", True),
    ("summary", False), ("`dblock.summary(path)`", False), ("the summary method", False), ("summery", False),
    # a longer answer is read for its meaning
    ("show_batch shows a batch, but to debug you call summary on the DataBlock", False),
])
def test_another_name_of_the_courses_code_is_not_the_one_asked_for(answer: str, other: bool) -> None:
    """Two method names of one library sit close for the embeddings and the learned estimate: when the question
    asks for a method and the model answer opens with its name, a short answer giving another name is told by it."""
    from greenpen.grading.short_answer import names_another_code_name

    assert names_another_code_name(answer, DEBUG_Q, DEBUG_REFERENCE) is other
    assert not names_another_code_name("show_batch", "What does the `summary` method do?", "`summary` runs the steps")
    view = "What method does fastai provide to view the data in a `DataLoaders`?"
    shown = "`show_batch` (e.g. `dls.show_batch(nrows=1, ncols=3)`)."
    assert not any(names_another_code_name(a, view, shown) for a in ("show_batch", "`dls.show_batch()`", "Show_Batch"))


def test_another_method_name_is_not_graded_correct() -> None:
    q = Question(id="debug", number=8, text=DEBUG_Q, reference=DEBUG_REFERENCE)
    assert grade_answer(q, "show_batch", run_code=False).verdict != "correct"
    assert grade_answer(q, "`summary`", run_code=False).verdict == "correct"


def test_an_import_line_is_never_the_evidence_of_a_point() -> None:
    """"import math" names what the model answer names, but says nothing the student knows: it is no sentence the
    key points are matched against, so neither the evidence nor the feedback's quote can be it."""
    from greenpen.grading.grader import AnswerInput, _prepare

    q = Question(id="log", number=15, text="What is the value of log(-2)? Why?",
                 reference="It is undefined (a math domain error in Python's math module).")
    prep = _prepare(AnswerInput(q, "```python\nimport math\nfrom pathlib import Path\nmath.log(-2)\n```"))
    said = [s.text for s in prep.spans]
    assert "math.log(-2)" in said and not any("import" in s for s in said)


def test_the_questions_data_set_up_again_is_never_the_evidence_of_a_point() -> None:
    """"tp = 40" to "A classifier has TP = 40, FP = 10 and FN = 20. Compute precision…": the question's own values
    written again were quoted as "a point the model answer makes"; the line that computes is the evidence. A value
    of the student's own ("lr = 1e-3") stays a statement, and so does an answer that is only given values."""
    from greenpen.grading.grader import AnswerInput, _prepare

    q = Question(id="prf", number=10, text="A classifier has TP = 40, FP = 10 and FN = 20. Compute its precision.",
                 reference="tp, fp, fn = 40, 10, 20; precision = tp / (tp + fp)  # 0.8")
    said = [s.text for s in _prepare(AnswerInput(q, "tp = 40\nfp, fn = 10, 20\nprecision = tp / (tp + fp)")).spans]
    assert said == ["precision = tp / (tp + fp)"]
    assert [s.text for s in _prepare(AnswerInput(q, "tp = 40")).spans] == ["tp = 40"]
    own = [s.text for s in _prepare(AnswerInput(q, "lr = 1e-3\nprecision = tp / (tp + fp)")).spans]
    assert "lr = 1e-3" in own
    # a long line of numbers that ends otherwise is read at once (a pattern of nested repeats took minutes on it)
    from greenpen.grading.grader import _given

    assert not _given("sizes = " + ", ".join(["40"] * 40) + ", total", q.text)
    assert _given("xs = [40, 10, 20]", q.text) and not _given("x = torch.tensor([40])", q.text)


AREAS = Question(
    id="areas", number=2, text="Name five areas where deep learning is now the best in the world.",
    reference="Any five of: natural language processing (translation, summarizing, answering questions), computer "
              "vision (satellite and drone imagery, face recognition, image captioning), medicine (finding anomalies "
              "in radiology images), biology (protein folding, genomics), image generation, recommendation systems, "
              "playing games (chess, Go), robotics, financial and logistical forecasting, text to speech.")


@pytest.mark.parametrize(("answer", "verdict"), [
    ("vision, nlp, medicine, games", "partial"),  # four names for five: its words come close to five listed things
    ("vision, nlp, medicine, games, robotics", "correct"),
])
def test_a_list_of_fewer_names_than_asked_states_no_more_things_than_it_names(answer: str, verdict: str) -> None:
    from greenpen.grading import grader
    from greenpen.grading.embed import Embedder, register_embedder

    assert grade_answer(AREAS, answer, run_code=False).verdict == verdict
    # An embedder for which every area is every listed area: the names' words come close to all ten.
    area = ("vision", "nlp", "medicine", "games", "robotics", "language", "biology", "generation", "recommendation",
            "forecasting", "speech")
    register_embedder(Embedder("areas", lambda texts: np.array(
        [[1.0, 0.0] if any(a in t.lower() for a in area) else [0.0, 1.0] for t in texts]), 2))
    (judged,) = grader.grade_many([AnswerInput(AREAS, answer)], embedder="areas", run_code=False)
    assert judged.verdict == verdict


RANDOM_SPLIT = Question(
    id="random-split", number=22, text="Can we always use a random sample for a validation set? Why or why not?",
    reference="No. A good validation set must look like the data the model will meet in use: for time series we "
              "should hold out the latest period.")


@pytest.mark.parametrize(("answer", "side"), [
    ("not sure, I think yes because random is unbiased?", True),
    ("Não tenho certeza, mas acho que sim.", True),  # "não" opens a hedge here, not a "no"
    ("Probably no, time series need the latest dates.", False),
    ("Não tenho certeza.", None),  # a hedge and no side
    ("Да, случайное разбиение подходит.", True),  # Russian: a word of another alphabet
    ("Нет, для временных рядов нужны последние даты.", False),
])
def test_a_hedge_before_the_side_an_answer_takes_is_passed_over(answer: str, side: bool | None) -> None:
    from greenpen.grading.true_false import compare_yes_no

    got = compare_yes_no(answer, RANDOM_SPLIT.text, RANDOM_SPLIT.reference)
    assert (got[0] if got else None) is side


def test_a_hedged_yes_where_the_reference_says_no_is_wrong() -> None:
    judged = grade_answer(RANDOM_SPLIT, "not sure, I think yes because random is unbiased?", run_code=False)
    assert judged.verdict == "incorrect"
    assert any(f.kind == "misconception" for f in judged.findings)


@pytest.mark.parametrize(("answer", "named"), [
    ("vision, nlp, medicine, games", 4), ("Word-based, subword-based and character-based.", 3),
    ("Computer vision, natural language processing, medecine and playing games like Go.", 4),
    ("Softmax and the log.", 2), ("data.", 0),
    # more than names: a clause, a sentence, a line of its own
    ("mean, std and % of activations near zero; x-axis = batches", 0),
    ("1. forward pass → predictions 2. loss 3. backward 4. step + zero_grad", 0),
    ("- image classification\n- language translation", 0),
])
def test_how_many_things_a_list_of_short_names_names(answer: str, named: int) -> None:
    from greenpen.grading.counted import names_listed

    assert names_listed(answer) == named


OVERFITTING = Question(
    id="overfitting", number=23, text="What is overfitting? Provide an example.",
    reference="The model learns the training data too closely, noise included, so it does worse on new data. For "
              "example, a model that memorises its training images scores well on them and badly on the validation "
              "set.")


@pytest.mark.parametrize(("answer", "left_out"), [
    ("When your model is too good on the training data and doesn't generalize.", True),
    ("Memorising the training set, e.g. a degree-10 polynomial through 11 points.", False),
    ("The model learns the noise. A tree split until each leaf holds one sample does that.", False),
    ("Like a student who learns the answers by heart instead of the subject.", False),
])
def test_a_one_sentence_definition_to_a_question_asking_for_an_example_leaves_it_out(answer: str,
                                                                                     left_out: bool) -> None:
    assert (detectors.example_left_out(OVERFITTING.text, answer) is not None) is left_out
    assert detectors.example_left_out("What is overfitting?", answer) is None  # no example asked
    # a question that asks only for examples is answered by them, marked or not
    assert detectors.example_left_out("Provide an example of where a model might work poorly in production.",
                                      "trail cam pics at night / blurry, model only saw nice bing photos") is None


def test_an_answer_that_leaves_out_the_example_asked_for_is_partial_and_told_so() -> None:
    answer = "When your model is too good on the training data and doesn't generalize."
    judged = grade_answer(OVERFITTING, answer, run_code=False)
    assert judged.verdict == "partial"
    assert "an example" in write_question_feedback(OVERFITTING, judged, answer)


def test_a_skip_that_says_why_and_not_understanding_the_question_are_no_attempt() -> None:
    """"Skipped this one, the three-loop version from the book is enough for me." says why the question was skipped:
    it was graded as an answer (partial, "write the few lines and try them"). A skip followed by an attempt is one."""
    dense = Question("dense", 4, "Write the Python code for a dense layer in plain Python (that is, with list "
                     "comprehensions and functionality built into Python).",
                     reference="[[sum(x*w for x, w in zip(row, col)) for col in zip(*W)] for row in X]", asks_code=True)
    assert detectors.no_attempt("Skipped this one, the three-loop version from the book is enough for me.",
                                dense) is not None
    assert detectors.no_attempt("Skipping it, but I think [x*w for x, w in zip(r, c)] works", dense) is None
    for text in ("não entendi essa", "No entendí esta.", "didn't get this one tbh", "不太确定，下次课再问老师。"):
        assert detectors.no_attempt(text, dense) is not None, text


MOMENTUM_ANALOGY = Question(
    "analogy", 8, "What's a physical analogy for momentum? How does it apply in our model training settings?",
    reference="A ball rolling down a hill: it does not stop or turn sharply at every bump because it has speed. In "
              "training, the weights keep moving in the average recent direction, so they roll over small bumps and "
              "noise in the loss surface instead of reacting to every noisy gradient.")
REGRESSION_LOSS = Question(
    "regression", 16, "What is a regression problem? What loss function should you use for such a problem?",
    reference="A problem where the model predicts one or more continuous numbers (a quantity, coordinates). "
              "Use a loss such as mean squared error (MSE).")


@pytest.mark.parametrize(("question", "answer", "verdict"), [
    (MOMENTUM_ANALOGY, "A ball rolling down a hill.", "partial"),  # the first question only, in the reference's words
    (MOMENTUM_ANALOGY, "A ball rolling down a hill. The weights keep going the same way over the noisy bumps.",
     "correct"),
    (REGRESSION_LOSS, "Continuous numbers; MSE.", "correct"),  # both, in a few words each
    (REGRESSION_LOSS, "predicts a quantity - MSE", "correct"),
])
def test_a_short_answer_in_the_references_words_to_the_first_of_two_questions_is_partial(
        question: Question, answer: str, verdict: str) -> None:
    """"A ball rolling down a hill." to "What's a physical analogy for momentum? How does it apply…?" was correct,
    "Nicely answered": its words are the reference's, and a short answer in the reference's words says what it says.
    It says what the reference says to the first question; nothing of it comes near the second."""
    assert grade_answer(question, answer, run_code=False).verdict == verdict


def test_a_code_fence_is_no_statement_of_its_own() -> None:
    """"```python" and "```" around a line of code had counted as two more statements of a short answer."""
    from greenpen.grading.grader import _statements

    assert _statements("`~` is the bitwise not.\n\n```python\n~tensor([True, False])\n```") == 2
    assert _statements("Predicting a number. Use MSE.") == 2


def test_not_having_done_it_yet_is_no_attempt_in_english_too() -> None:
    """"(didn't look yet)" and "Sorry, I couldn't get einsum to work, will ask in class." were graded incorrect ("This
    doesn't answer the question") while "não consegui", "no pude" and "pas réussi" were already no attempt. Not having
    managed, looked or tried is said in English too; an attempt after it, or a result, is an answer."""
    einsum = Question("einsum", 7, "Use torch.einsum to compute the 'dog' or 'cat' score of each of the locations in "
                      "the last activation of the body of the model.",
                      reference="cam_map = torch.einsum('ck,kij->cij', weight, act): the final linear layer's weight "
                                "times the stored activation gives a score per class for each 7x7 location.")
    for text in ("(didn't look yet)", "Sorry, I couldn't get einsum to work, will ask in class.",
                 "Haven't tried this one yet.", "couldn't get torch.einsum working", "Could not solve this one.",
                 "Not done yet"):
        assert detectors.no_attempt(text, einsum) is not None, text
        assert grade_answer(einsum, text, run_code=False).verdict == "missing", text
    for text in ("Couldn't get it to work at first, but I think it sums over k: einsum('ck,kij->cij', w, act).",
                 "I couldn't get it to converge, the loss went to nan.",
                 "Can't use a matmul directly because the shapes are (2,512) and (512,7,7)."):
        assert detectors.no_attempt(text, einsum) is None, text


def test_the_model_answers_code_fenced_or_after_setting_up_values_is_the_model_answers() -> None:
    """`(a > b).all()` in a fenced block (its language named) is what the model answer writes; so is the same line after
    the student sets up `a` and `b`. Both were partial ("I can't find the model answer's main point"); as inline code,
    correct. Other code that ends with another line is not."""
    from greenpen.grading.short_answer import in_reference_terms

    question = "Write the PyTorch code to test whether every element of a is greater than the corresponding one of b."
    reference = "(a > b).all()\nThe comparison is elementwise and .all() reduces it to a single boolean."
    assert in_reference_terms("```python\n(a > b).all()\n```", question, reference)
    assert in_reference_terms("```python\na = tensor([1., 2, 3]); b = tensor([0., 1, 2])\n(a > b).all()\n```",
                              question, reference)
    assert not in_reference_terms("```python\nfor x in a: print(x)\n(a > b).all()\n```", question, reference)
    assert not in_reference_terms("```\nimport torch\na = torch.rand(3)\nb = torch.rand(3)\n(a > b).any()\n```",
                                  question, reference)


def test_calling_the_method_a_key_point_names_states_it() -> None:
    """"Call .item() on it to get a plain Python number", answered "`t.item()`.": the code says it (the words and the
    embedders do not read code); the feedback had asked for what the student wrote."""
    from greenpen.domain import KeyPoint
    from greenpen.grading.match import CALLED, _calls_what_it_names
    from greenpen.textutil import Span

    point = KeyPoint(id="p", text="Call .item() on it to get a plain Python number.", weight=1.0)
    said = [Span("A tensor holding a single value and no axes.", 0, 44), Span("`t.item()`.", 45, 56)]
    assert _calls_what_it_names(point, said) == "`t.item()`."
    assert _calls_what_it_names(point, said[:1]) is None
    assert _calls_what_it_names(KeyPoint(id="q", text="Use .eval() then .item()", weight=1.0), said) is None
    assert CALLED >= 0.6  # a key point stated (grader.COVERED)


def test_a_pictures_caption_is_no_pointer_to_a_missing_drawing() -> None:
    """"They map each category to a learned vector." with a figure from the book under it
    (`![Figure 9-1 from the book](…)`): an answer in words, not "see the figure" (it had been unassessable)."""
    answer = "They map each category to a learned vector.\n\n![Figure 9-1 from the book: embeddings](https://x/i.png)"
    assert not detectors.points_to_attachment(answer)
    assert detectors.points_to_attachment("See the figure below.\n\n![](https://x/i.png)")
    # the pointer said aside, and the answer written out beside it: an answer to assess (it had been unassessable)
    assert not detectors.points_to_attachment("(drawing in my notebook, attached unet_drawing.png) - encoder going "
                                              "down, decoder going up, cross connections between same level.")
    assert detectors.points_to_attachment("(see the attached drawing unet.png) - the U shape.")


def test_an_acronym_spelled_out_with_a_letter_inside_a_word_is_only_its_letters() -> None:
    """"What is BPTT?" answered "Backpropagation through time" (the P inside "Backpropagation") says what the letters
    stand for and nothing of what it is: the same as "Stochastic gradient descent." to "What is SGD?", which was
    already told so. An answer that says what it does is more than its letters."""
    for said in ("BPTT stands for Backpropagation Through Time.", "backprop through time"):
        assert detectors.bare_expansion('What is "BPTT"?', said) is not None, said
    assert detectors.bare_expansion('What is "BPTT"?', "Backprop through the unrolled network, truncated every few "
                                    "steps so it fits in memory") is None


CONTEXT_MANAGER = Question(
    "ctx", 10, 'What is a "context manager"? What special methods need to be defined to create one?',
    reference="An object used with a Python `with` statement that runs setup code when the block is entered and "
              "cleanup code when it is left. It needs __enter__ and __exit__ methods.")


def test_other_special_methods_than_the_references_are_named_as_such() -> None:
    """"…you need to define __init__ and __del__…" was correct, "close to the model answer's point, 'It needs
    __enter__ and __exit__ methods'": two special methods sit close for the embeddings. The feedback says which."""
    from greenpen.grading.short_answer import other_special_methods

    wrong = ("A context manager is a class that manages resources. To create one you need to define __init__ and "
             "__del__, which are called when the object is created and destroyed.")
    assert other_special_methods(wrong, CONTEXT_MANAGER.text, CONTEXT_MANAGER.reference) == (
        "`__init__` and `__del__`", "`__enter__` and `__exit__`")
    judged = grade_answer(CONTEXT_MANAGER, wrong, run_code=False)
    assert judged.verdict == "incorrect"
    said = write_question_feedback(CONTEXT_MANAGER, judged, wrong)
    assert "`__init__` and `__del__`" in said and "`__enter__` and `__exit__`" in said, said
    right = "Something you use with `with`; it needs __enter__ and __exit__ (and __init__ if it takes arguments)."
    assert other_special_methods(right, CONTEXT_MANAGER.text, CONTEXT_MANAGER.reference) is None
    assert other_special_methods("It calls __init__.", "What does __call__ do?", "__call__ makes it callable.") is None


ONE_CYCLE = Question(
    "moms", 10, "What are the default values of momentum for 1cycle training?",
    reference="Momentum goes from 0.95 down to 0.85 while the learning rate warms up, then back up to 0.95 "
              "(moms=(0.95, 0.85, 0.95)).")


@pytest.mark.parametrize(("answer", "right"), [
    ("moms=(0.85, 0.95, 0.85): it starts low and goes up while the lr goes up, then back down.", False),
    ("0.95 → 0.85 → 0.95", True), ("moms=(0.95,0.85,0.95)", True),
    ("0.95 at the start, down to 0.85, back to 0.95.", True),
])
def test_values_asked_for_are_compared_in_the_model_answers_order(answer: str, right: bool) -> None:
    """"moms=(0.85, 0.95, 0.85)" where the model answer gives (0.95, 0.85, 0.95) was correct, 0.89: every word around
    the values is on topic. The values given the other way round are a named error."""
    from greenpen.grading.values import compare_literal

    compared = compare_literal(answer, ONE_CYCLE.reference, ONE_CYCLE.text)
    assert compared is not None and compared[1] is right
    judged = grade_answer(ONE_CYCLE, answer, run_code=False)
    assert (judged.verdict == "correct") is right
    if not right:
        assert "0.85, 0.95, 0.85" in write_question_feedback(ONE_CYCLE, judged, answer)
    assert compare_literal(answer, ONE_CYCLE.reference, "Why does momentum change during 1cycle training?") is None


CV_Q = Question(id="cv", number=6, asks_code=True,
                text="Compute the 5-fold cross-validated accuracy of a decision tree and print the mean and the "
                     "standard deviation of the five scores.",
                reference="scores = cross_val_score(DecisionTreeClassifier(random_state=0), X, y, cv=5)\n"
                          "print(scores.mean(), scores.std())")


def test_an_output_that_shows_a_method_printed_uncalled_is_a_slip_the_feedback_names() -> None:
    """A notebook answer whose own output reads "mean: <built-in method mean of numpy.ndarray object at 0x…>": the
    learner printed `scores.mean` without calling it. It was graded correct with "Right."; what the learner's run
    shows is evidence of a slip in working code: partial, and the feedback says to write `mean()`."""
    answer = ("```python\nscores = cross_val_score(DecisionTreeClassifier(random_state=0), X, y, cv=5)\n"
              'print("mean:", scores.mean, "std:", scores.std())\n```\n```output\n'
              "mean: <built-in method mean of numpy.ndarray object at 0x7f845d59e2b0> std: 0.0164\n```")
    judged = grade_answer(CV_Q, answer, run_code=False)
    assert judged.verdict == "partial"
    assert "`mean()`" in write_question_feedback(CV_Q, judged, answer)
    talked_about = "Printing `model.forward` gives <bound method Net.forward of Net()>: you have to call it."
    assert detectors.uncalled(talked_about) is None
