"""From findings to a score, a verdict and a confidence: the rules the README explains.

Evidence before "incorrect": an answer is only marked incorrect when a finding shows
what is wrong with it. Most real answers are right, and a grader that is unsure says so
(a low confidence puts the answer in the teacher's review queue) instead of failing it.

1. No answer → `missing`, score 0, and so is an answer that only says the student does not know ("I don't know",
   "not sure", "TODO": skipped, and saying so). Only a drawing that is not in the file → `unassessable`. What the
   student struck through (`~~Training set…~~ **Edit:** No! It's the validation set`, HTML's `<del>`) is what they
   took back: it stays in the answer shown, and is not graded.
2. Coverage = weighted share of the key points stated. A key point is recognised by
   meaning: a student sentence close to its text or examples, in any words or language
   (a sentence that joins a second statement with "and" and a subject of its own, "It is a
   smooth curve and it returns at most 1 and at least 0", is also read clause by clause, and one that lists labelled
   pieces, "objective: drive sales, data: what users bought, levers: what we show", piece by piece),
   judged both by its cosine and by how much closer it comes to this key point than to the
   course's other questions (so a Korean sentence can state an English key point). A
   sentence written in another script than its rubric (Korean, Chinese, Russian... against
   English key points) is read by a second embedder too, multilingual e5-small, and the two
   relative readings are averaged: one embedder alone places such a sentence near its key
   point less reliably. A code
   example inside a reference sentence is left out of that comparison: its words carry the
   meaning. The rubric's cues (words, or regular expressions), where a pack has them, add
   precision. Both read a misspelt word as the course word it is one slip from ("prediciton",
   "smoth") and shorthand as its word ("b/w"), and a course word a Spanish, Portuguese or Italian answer
   borrows with its own ending, and the course's terms a Spanish, Portuguese or French answer writes
   (`lang.COURSE_TERMS`: its nouns and the verbs of a training step), as the course writes them ("validación"
   as "validation", "pesos" as "weights", "actualiza" as "update"); quotes keep the
   student's spelling. Code is
   judged by cues and by running it, not by resemblance: where a key point has cues, a
   stretch of the answer that is only code earns nothing from the embedders (to them
   `list(x, y)` looks like `list(zip(x, y))`); a key point whose examples are all code is
   stated when the student's code runs and gives the asked result, in whatever form; and a
   part that asks for code is answered when the student's code ran, right or wrong. A key point that works a sum
   out ("w·x + b = 2·1 + (-1)·1 + (-1) = 0") is stated by an answer that works out the same value, however it writes
   the sum ("2-1-1=0", "2(1) + (−1)(1) + (−1) = 0"): the sides of its "=" are read as arithmetic, never run. A key
   point that is a name in code ("`show_batch`, e.g. `dls.show_batch(nrows=1, ncols=3)`") is stated by an answer
   that names it, not negated, when the question does not ("Once the DataBlock is built, `dls.show_batch()` shows
   some images"). A line
   that only imports
   ("import math") is no sentence of the answer: its names would match a model answer that names them. Parts
   that ask for a drawing are left out: a text file cannot carry the drawing.
3. With a learned correctness estimate p, score = 0.8·coverage + 0.2·p. A question with
   only a reference answer (no rubric) is decided by p and the coverage of the reference's
   sentences: `correct` when the answer clearly states one of the reference's sentences,
   covers them fairly (coverage ≥ 0.45), p ≥ 0.5, or it is a short answer (up to 12 words)
   most of whose own words are the reference's ("Inference.", "Use the same seed": a short
   answer with the essential point is right; a course abbreviation counts as its words, "per-layer LRs"; a name of
   one letter given alone or as code, "h", is the reference's when the reference writes it, and so are marks its code
   writes, "??" for `learn.fine_tune??`, also after a name of the student's own, "`func??`"), else `partial`.
   When the question asks for a name or a term and the reference gives one, an answer that holds none of its words names
   something else: neither the embeddings nor the learned estimate make it correct. So does a short answer
   that gives another name of the course's code ("show_batch") to a question asking for a method, function or
   callback whose model answer opens with its name in code (`summary`). When the
   question asks for a number of things ("What are the two pieces…", "Give two examples…") and
   the reference lists them, each listed thing is a key point, and an answer that states fewer
   than asked, and lists fewer itself, is `partial` ("Softmax and the log." for the two pieces of
   cross-entropy); a listed thing with a short name is stated when the answer holds its words. A list of short names
   states no more things than it names ("vision, nlp, medicine, games" for five areas, however many listed things its
   words come near), and an answer that says it does not know one of them ("The second one I don't remember.") lists
   fewer than asked, however many sentences it has. So is an answer to a
   question of several question sentences ("What is X? Why do we need it?", "What is X and why does it help?",
   "Describe X. Why…?") that states one of the reference's points and comes nowhere near another, unless the learned
   estimate vouches for it. A question that asks for an example after its question ("What is overfitting? Provide
   an example."), answered with one sentence and no sign of an example ("e.g.", "like", a number, code), has that
   part unanswered (a question that asks only for examples, "Provide an example of where…", is answered by them).
   A question that asks for a value ("What is the size of the receptive field…?") is answered by the
   number the answer gives first, outside its code: one the model answer gives ("7x7" for "7×7"), and a
   short answer states it; another ("5×5: the first conv sees 3×3…"), and it is a wrong value, a
   misconception however close its words. So is a list or matrix the model answer writes out
   ("[[-1,-1,-1],[0,0,0],[1,1,1]]"), compared number by number with the answer's first list, tuple or tensor that
   holds as many numbers (not from an index before it, `target[1] = …`). A number that counts what follows an aside
   ("Two (or more) RNNs on top of each other") is no value the model answer gives. A question that asks
   for steps (three or more), answered with every one of them, each in a place of its own, in another
   order than the key points give ("1) limited scope deployment 2) manual process 3) gradual
   expansion"), has that order as its misconception: the feedback gives the steps in their order. In
   an answer to such a question one sentence or list item states one step by resemblance ("Step parameters
   based on loss" is the update, not also the gradients before it; the list read whole resembles every step
   and states none); where its words meet the cues of two steps, it states both.
   Code says what the course's idioms say in words (`grading/code_gloss.py`): a line that is code as a
   whole, `loss = loss_fn(pred, yb)`, meets a cue written as "loss function", `opt.step()` one written as
   "update the weights"; it says only what the line does, never what it presupposes (`opt.step()` computes
   no gradients), and nothing where it only calls what the question asks about (`loss.backward()` to
   "What does backward() do?").
   A true/false question answered
   with the reference's marks ("F, F, F, F" for "false to all four") is correct in either mode;
   marks that differ are a misconception in proportion to the items marked wrongly ("Yes to
   all" there: all wrong, so `incorrect`). A yes/no question ("Do we always have to…?")
   answered with the reference's yes or no is on topic ("No." is right as far as it goes; a hedge before the side,
   "not sure, I think yes", is passed over), and so
   is a question that offers two things ("Is TTA slower or faster…?") answered with the one the
   reference names ("Slower.");
   answered the other way ("Yes, random is always fine." where the reference says no), it is a
   misconception, and with only a reference answer what follows the "yes" argues the other side:
   it is on topic, but states none of the reference's points. So is an answer that grants what a "Why can't
   we…?" or "Why is X not…?" question takes as denied ("You can, you just take the argmax"), unless it
   concedes it ("You can, but…").
   Two things a question compares ("the difference between `item_tfms` and `batch_tfms`", "What are the RMSE
   and the L1 norm?", "What is a metric? How does it differ from loss?"), each said with what the model answer
   says of the other ("`item_tfms` run on the GPU and `batch_tfms` on the CPU"), are a misconception however
   close the words: which thing each word is said of tells it, read from the model answer alone (a clause that
   names a thing by the number its name ends with, "so 101 is slower" after "resnet50 has 50", speaks of resnet101).
4. A misconception takes 0.4 off per item; code that gives the wrong result caps the
   score at 0.5 (so does the student's own `assert` that fails: the code ran, and gave another result than they
   expected), and code that raises an error caps it at 0.25; a part of the question
   left unanswered or code asked for and not given caps it at 0.6 (a question that compares
   things it names, "the difference between `item_tfms` and `batch_tfms`", or sets two against each
   other in two question sentences, "…for text classification? …for language modeling?", answered about
   only some of them leaves the others unanswered, and so does a bare name or value, "It's NaN.", given to a
   question that then asks "Why?"); an off-topic answer,
   one that addresses the grader or one that says "I don't know" gets 0.
5. Verdict. `incorrect` needs evidence: the answer is off topic (or no attempt), its code
   fails and little else in it is right, or a misconception stands and the central
   (highest-weight) key point is not stated. `correct` when the central key point is
   stated (a short answer that states the central idea is correct), with no
   misconception, nothing unanswered and no failing code. Everything else is `partial`,
   with a low confidence when nothing in the findings shows what is missing.
   The score is then kept inside its verdict's band (correct ≥ 0.8, partial 0.3–0.79,
   incorrect < 0.3), so points and verdict never disagree.
6. Confidence rises when the signals agree (cues rather than embeddings; the learned
   estimate on the same side as the verdict) and when the score is far from a boundary;
   a `partial` with no finding to show for it gets a low one (to review).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import Finding, FindingKind, Verdict

CORRECT_AT = 0.45
P_CORRECT = 0.5
"""Reference-only mode: learned P(correct) from which an answer is `correct` on its own."""
P_DOUBT = 0.3
"""Reference-only mode: below this learned P(correct), a contradiction signal is reported."""
REF_COVERED = 0.45
"""Reference-only mode: coverage of the reference's sentences from which an answer is `correct`."""
INCORRECT_BELOW = 0.3
NO_ATTEMPT = "no-attempt"
"""The id of the finding of an answer that only says the student does not know (`detectors.no_attempt`)."""
ERROR_KINDS = frozenset({"misconception", "code_wrong", "code_error", "part_unanswered", "no_code", "off_topic"})
"""Findings that show what is wrong or missing: without one, an answer is never `incorrect`.
(A self-contradiction, "three phases" then five, is worth pointing out but does not by
itself make a right answer wrong.)"""
BANDS: dict[str, tuple[float, float]] = {
    "correct": (0.8, 1.0), "partial": (0.3, 0.79), "incorrect": (0.0, 0.29),
    "missing": (0.0, 0.0), "unassessable": (0.0, 0.0),
}


@dataclass(frozen=True)
class Evidence:
    """What scoring needs besides the findings themselves."""

    coverage: float
    central_covered: bool
    any_covered: bool
    cue_share: float  # share of the decided key points decided by cues
    p_correct: float | None
    reference_only: bool
    states_reference: bool = False
    """A short answer that says what the reference says: most of its own words are the reference's
    (`short_answer.py`), or its true/false marks are the reference's (`true_false.py`)."""
    asked: int = 0
    """How many things the question asks for, when the reference lists them (`counted.py`); 0: not such a question."""
    stated: int = 0
    """How many key points the answer states."""
    untouched: bool = False
    """Reference-only: the question asks in several question sentences, and the answer, stating one point of the
    reference (or, short and in the reference's words, making fewer statements than the question asks questions),
    comes nowhere near another (`grader.UNTOUCHED`)."""


def decide(findings: Sequence[Finding], ev: Evidence) -> tuple[float, Verdict, float]:
    """Score, verdict and confidence for one answer (see the module docstring)."""
    kinds = {f.kind for f in findings}
    if "empty" in kinds:
        return 0.0, "missing", 1.0
    if any(f.id == NO_ATTEMPT for f in findings):
        return 0.0, "missing", 0.9  # "I don't know", "not sure", "TODO": the question was skipped, and says so
    if "attachment_missing" in kinds and ev.coverage == 0 and not (kinds - {"attachment_missing", "missed_point"}):
        return 0.0, "unassessable", 0.9
    if ev.reference_only and ev.p_correct is not None:
        return _decide_reference_only(findings, kinds, ev, ev.p_correct)
    score = ev.coverage if ev.p_correct is None else 0.8 * ev.coverage + 0.2 * ev.p_correct
    misconceptions = [f for f in findings if f.kind == "misconception"]
    score -= 0.4 * sum(f.strength for f in misconceptions)
    score = _caps(score, kinds)
    blocked = kinds & ERROR_KINDS
    strong_misc = any(f.strength >= 0.8 for f in misconceptions)
    if "off_topic" in kinds or ("code_error" in kinds and ev.coverage < 0.5) or (
            strong_misc and not ev.central_covered):
        verdict: Verdict = "incorrect"
    elif (ev.central_covered or ev.states_reference) and not blocked:
        verdict = "correct"
        score = max(score, CORRECT_AT)
    else:
        verdict = "partial"
    low, high = BANDS[verdict]
    banded = min(max(score, low), high)
    confidence = _confidence(score, verdict, ev, bool(misconceptions))
    if verdict == "partial" and not blocked:
        confidence = min(confidence, 0.55)  # nothing shows what is wrong: the teacher should look
    return round(banded, 2), verdict, confidence


def _caps(score: float, kinds: set[FindingKind]) -> float:
    if "code_wrong" in kinds:
        score = min(score, 0.5)
    if "code_error" in kinds:
        score = min(score, 0.25)  # code that does not run produces no answer
    if kinds & {"part_unanswered", "no_code"}:
        score = min(score, 0.6)
    if "off_topic" in kinds:
        score = 0.0
    return max(0.0, min(1.0, score))


def _decide_reference_only(findings: Sequence[Finding], kinds: set[FindingKind], ev: Evidence,
                           p: float) -> tuple[float, Verdict, float]:
    """No rubric: the key points drawn from the reference and the learned estimate decide
    together; only a finding that shows an error makes an answer `incorrect`."""
    blocked = kinds & ERROR_KINDS
    strong_misc = any(f.kind == "misconception" and f.strength >= 0.8 for f in findings)
    if "off_topic" in kinds or ("code_error" in kinds and not ev.any_covered) or (
            strong_misc and not ev.any_covered):
        verdict: Verdict = "incorrect"
    elif ev.asked and ev.stated < ev.asked:
        verdict = "partial"  # "the two pieces" answered with one of them
    elif ev.untouched and p < P_CORRECT:
        verdict = "partial"  # "What is X? Why…?" answered with what X is, and nothing near the why
    elif (p >= P_CORRECT or ev.coverage >= REF_COVERED or ev.any_covered or ev.states_reference) and not blocked:
        verdict = "correct"
    else:
        verdict = "partial"
    low, high = BANDS[verdict]
    # Inside the band the score follows the evidence, so points keep its order.
    level = max(p, ev.coverage)
    banded = _caps(low + (high - low) * min(max(level, 0.0), 1.0), kinds) if verdict != "correct" else \
        low + (high - low) * min(max((level - P_CORRECT) / (1 - P_CORRECT), 0.0), 1.0)
    banded = min(max(banded, low), high)
    margin = abs(level - P_CORRECT)
    confidence = max(0.05, min(0.95, 0.5 + margin))
    if verdict == "partial" and not blocked:
        confidence = min(confidence, 0.55)
    return round(banded, 2), verdict, round(confidence, 2)


def _confidence(score: float, verdict: Verdict, ev: Evidence, misconception: bool) -> float:
    edges = {"correct": [CORRECT_AT], "partial": [INCORRECT_BELOW, CORRECT_AT], "incorrect": [INCORRECT_BELOW]}
    margin = min((abs(score - e) for e in edges.get(verdict, [])), default=0.5)
    conf = 0.5 + min(margin, 0.3) + 0.15 * ev.cue_share
    if ev.p_correct is not None:
        agrees = (ev.p_correct >= 0.5) == (verdict == "correct")
        conf += 0.08 if agrees else -0.12
    if misconception:
        conf += 0.05
    return round(max(0.05, min(0.99, conf)), 2)
