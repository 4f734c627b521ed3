"""Feedback on one answer, written from its findings only.

The order follows the exemplar teacher: an opening that fits the verdict, the student's
own analogy or example, the key points they state (quoting their words), then what is
off (a count that does not match, a misconception and its correction, code, a part left
out, a drawing that did not come), what is missing (the rubric's hint, or the point itself
when the pack says `reveal: full`), and what would make the answer excellent.

Only `key_point` findings are praised; nothing the student did not write is claimed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..domain import Finding, Judgement, KeyPoint, Pack, Question
from ..grading.code_gloss import said_in_code
from ..grading.counted import asked_count
from ..grading.detectors import LETTERS_ONLY, REASON_LEFT_OUT
from ..grading.grader import CENTRAL_STATED, COVERED
from ..grading.scoring import ERROR_KINDS, NO_ATTEMPT
from ..grading.short_answer import near_miss
from ..grading.true_false import compare_yes_no, reference_side
from ..lang import REASON_MARKERS
from ..lang import patterns as lang_patterns
from ..textutil import word_count
from .phrases import phrases_for
from .problems import attachment, code, contradiction, misconception
from .quoting import (
    echoes,
    evidence_line,
    find_analogy,
    find_example,
    lc,
    only_the_question,
    student_quote,
    tight_quote,
    tokens,
)
from .writer import Writer, cap, clause, reference_clause, sentence, tokens_overlap

ALREADY_SAID = 0.3
"""A going-further note of which the answer already holds this share of words is passed over for
another one, when there is another."""
ALREADY_SAID_ALL = 0.45
"""From this share, the note is left out altogether: it would not be news to the student."""
WHOLE_REFERENCE_WORDS = 70
"""A blank or off-topic answer to a question with only a model answer is shown all of it up to this
length (its first sentence alone is often half an answer: "What is a validation set? A test set?")."""
EXPLAINED_WORDS = 8
"""The fewest words an answer needs to be called excellent, thorough or well explained."""
SHORT_WORDS = 3
"""An answer far from the question in this many words or fewer is told it is too short to show the idea,
not that it is about something else ("No." to "Do we always have to use 224-pixel images?")."""
CODE_KINDS = ("code_ok", "code_wrong", "code_error", "code_unrunnable", "no_code")


# ─── the parts of the feedback ───────────────────────────────────────────────


def _praise_clause(kp: KeyPoint | None, f: Finding) -> str:
    praise = clause(kp.praise) if kp and kp.praise else ""
    if not praise and kp is not None and _nameable(kp.text):
        # a rubric point without praise of its own is named, quoted or not: "a point a good answer
        # needs", twice over for a list of three steps, tells the student nothing
        return f'you cover the point "{clause(kp.text)}"'
    if not praise or '"' in praise:
        return "you make a point a good answer needs"
    praise = lc(praise)
    return praise if praise.startswith("you ") else f"you note that {praise}"


def _nameable(text: str) -> bool:
    """A key point short enough to name in a sentence of praise, with no quotes of its own."""
    return 0 < len(text.split()) <= 16 and '"' not in text


def _praise_reference(w: Writer, f: Finding, quote: str, every: bool = False, right: bool = False) -> None:
    """Praise a point drawn from the model answer: say which one, in a whole clause of it or not at all
    (`every`: the answer makes all the model answer's points, not "one of" them; `right`: the answer is
    judged correct, and the praise does not call what it says "one of" the points either)."""
    if every:
        w.say("ref_all_quote" if quote else "ref_all", f.id, quote=quote)
        return
    ref = reference_clause(f.detail, quote, w.question.text)
    slot = ("ref_quote" if ref else "ref_quote_only") if quote else ("ref_plain" if ref else "ref_none")
    w.say(f"{slot}_right" if right and f"{slot}_right" in w.table else slot, f.id, quote=quote, ref=ref)


def _opening(w: Writer, j: Judgement, kinds: set[str], covered: int, missed: int, unsure: bool = False) -> None:
    """`unsure`: nothing shows what is wrong or missing but the model answer's sentences, which the grader
    matched to none of the answer's: a right answer in other words reads the same, so it is not told
    that its main point is missing, only asked to say it more plainly if it meant it."""
    if j.verdict == "correct":
        clean_run = not missed and not (kinds & {"self_contradiction", "misconception"})
        # "Very well explained" is no praise for three words: a short right answer is just right
        explained = len(w.answer.split()) >= EXPLAINED_WORDS
        w.say("open_excellent" if clean_run and explained and j.score >= 0.95 else "open_correct")
    elif j.verdict == "partial":
        if "misconception" in kinds:  # "Parts of this are right" only where a part is
            w.say("open_partial_wrong" if covered or "code_ok" in kinds else "open_partial_check")
        else:  # nothing stated and no working code: nothing to call a "core" or a "main idea"
            w.say("open_partial" if covered or "code_ok" in kinds else
                  "open_partial_unsure" if unsure else "open_partial_none")
    elif j.verdict == "incorrect":
        w.say("open_incorrect_some" if covered else "open_incorrect")
    else:
        w.say("unassessable")


def _own_terms(w: Writer, j: Judgement) -> str:
    """Praise the student's analogy or example; the example's quote, which praise should not show again."""
    if j.verdict not in ("correct", "partial"):
        return ""
    analogy = find_analogy(w.answer)
    if analogy:
        w.say("analogy", name=analogy.name, Name=cap(analogy.name))
        return ""
    example = find_example(w.answer)
    quote = student_quote(example, w.answer) if example else ""
    if quote:
        w.say("example", quote=quote)
    return quote


def _praise(w: Writer, findings: Sequence[Finding], q: Question, all_covered: bool,
            avoid: frozenset[str] = frozenset(), problems: bool = False, shown_before: str = "",
            right: bool = False, code_failed: bool = False) -> None:
    """Praise the key points stated, quoting up to two; `avoid`: evidence a misconception also quotes;
    `shown_before`: a quote the feedback already shows (the student's example), not shown twice; `right`: the
    answer is judged correct; `code_failed`: the student's code ran wrong or stopped, so none of its lines is quoted
    as the model answer's point (which the next sentence would contradict)."""
    kps = {kp.id: kp for kp in q.key_points}
    order = {kp.id: i for i, kp in enumerate(q.key_points)}
    found = sorted(findings, key=lambda f: (-f.weight, order.get(f.id, 99)))
    every = False
    if not q.key_points:
        # Points drawn from a reference answer have no praise of their own: praise once, with
        # the student's words, rather than repeat "a point a good answer needs" per sentence.
        every = all_covered and len(found) >= 2
        found = sorted(found, key=lambda f: -f.strength)[:1]
        all_covered = False
    quoted: set[str] = set()
    rest: list[tuple[int, str]] = []  # (the point's place in the rubric, its praise)
    for f in found:
        kp = kps.get(f.id)
        if kp is None and f.detail.strip():
            quote = tight_quote(f.evidence, (), (f.detail,), tight=f.evidence in avoid) if f.evidence else ""
            shown = student_quote(quote, w.answer) if len(quote) >= 3 and len(quoted) < 2 else ""
            if only_the_question(shown, q.text) or shown == shown_before or (code_failed and shown.startswith("`")):
                shown = ""  # the question's own words show nothing the student knows
            if code_failed and not shown:
                continue  # "close to the model answer's point", then "your code does not do it": say the second only
            _praise_reference(w, f, shown, every, right)
            quoted.add(quote.casefold() if shown else "")
            continue
        praise = _praise_clause(kp, f)
        quote = ""
        if f.evidence and len(quoted) < 2:
            about = (kp.text, *kp.examples) if kp else (f.detail,)
            cues = kp.cues if kp else ()
            evidence = evidence_line(f.evidence, w.answer, cues, about)  # praise pinned to the line that says it
            quote = tight_quote(evidence, cues, about, tight=f.evidence in avoid)
            if (echoes(quote, praise) or len(quote) < 3 or not re.search(r"[^\W\d_]", quote)
                    or any(max(tokens_overlap(quote, earlier), tokens_overlap(earlier, quote)) >= 0.6
                           for earlier in quoted if earlier)):
                quote = ""
        shown = student_quote(quote, w.answer) if quote else ""
        if only_the_question(shown, q.text) or shown == shown_before or (code_failed and shown.startswith("`")):
            shown = ""
        if shown:
            quoted.add(quote.casefold())
            w.say("praise_quote", f.id, quote=shown, praise=praise, Praise=cap(praise))
        elif not quoted and not rest:
            w.say("praise_plain", f.id, praise=praise, Praise=cap(praise))
            quoted.add("")
        else:
            rest.append((order.get(f.id, 99), praise))
    if rest and not (all_covered and len(found) >= 3 and not problems):
        # the two weightiest, said in the rubric's order ("start by initialising …, and close the loop")
        verbs = [r[4:] if r.startswith("you ") else r for _, r in sorted(rest[:2])]
        w.say("praise_more", rest=", and ".join(verbs) if len(verbs) == 2 and any("," in v for v in verbs)
              else " and ".join(verbs))
    if all_covered and len(found) >= 3 and not problems:
        w.say("complete")


def _hint_text(kp: KeyPoint | None, f: Finding, reveal: bool) -> tuple[str, bool]:
    """(text, revealed): the rubric's hint, or the key point itself when revealing or without a hint."""
    if kp and kp.hint and not reveal:
        return lc(clause(kp.hint)), False
    return clause(kp.text if kp else f.detail), True


_NOTE_CODE = re.compile(r"`([^`]+)`|(?<![\w`])([A-Za-z_][\w.]*\([^()`]*\))")
"""Code in a going-further note: in backticks, or a call written out ("view(-1, 28*28)")."""
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?%")
"""A result given as a percentage ("95%")."""


_SHAPE = re.compile(r"(?<![\d.])\d+(?:\s*[×x*,]\s*\d+)+(?![\d.])")
"""A shape or size written out: "(6131, 28, 28)", "28×28", "28*28"."""


def _shapes(text: str) -> set[tuple[int, ...]]:
    """The shapes and sizes `text` writes out, as numbers ("(6131, 28, 28)" and "6131×28×28" are one)."""
    return {tuple(int(n) for n in re.findall(r"\d+", m.group())) for m in _SHAPE.finditer(text)}


def _compact(text: str) -> str:
    """`text` without spaces, with the typographic minus as a hyphen: for finding code or a figure inside another."""
    return re.sub(r"\s+", "", text).replace("−", "-")


_WHY = re.compile(r"why\b", re.IGNORECASE)
"""A part of the question that asks why ("why", "why it is structured that way", "why they are needed")."""
_REASON = re.compile(rf"\b(?:{lang_patterns(REASON_MARKERS)})\b", re.IGNORECASE)
"""Where an answer gives a reason ("because …", "porque …")."""


def _choose_note(q: Question, answer: str, focus: Sequence[str]) -> str:
    """The going-further note closest to the gap (`focus`) or else to what the student wrote."""
    if not q.going_further:
        return ""
    q_tokens = tokens(q.text)
    # code says what the course's idioms say in words: `loss.backward()` has named "the gradients"
    answer_tokens = tokens(" ".join([answer, *(words for _, words in said_in_code(answer, q.text))])) - q_tokens
    focus_tokens = frozenset().union(*(tokens(t) for t in focus)) if focus else frozenset()

    compact = _compact(answer)
    figures = set(_FIGURE.findall(compact))
    shapes = _shapes(answer)

    def said(note: str) -> float:
        # a note that shows code the answer already writes ("show the negative-index form `t[-2:, -2:]`", "mention
        # −1: view(-1, 28*28)") is said, and so is one that gives a result the answer gives ("roughly 95% accuracy"
        # to "~95% accuracy")
        if any(len(code) > 3 and _compact(code) in compact
               for m in _NOTE_CODE.finditer(note) if (code := m.group(1) or m.group(2))):
            return 1.0
        if (shown := set(_FIGURE.findall(_compact(note)))) and shown <= figures:
            return 1.0
        if _shapes(note) & shapes:  # "illustrate: the stacked 3s have shape (6131, 28, 28)" to "(6131, 28, 28)"
            return 1.0
        t = tokens(note) - q_tokens
        # "grad" says "gradient", "weights" says "weight": a shared 4-letter start counts.
        hits = sum(1 for w in t if any(w[:4] == a[:4] and (w.startswith(a) or a.startswith(w))
                                       for a in answer_tokens if len(a) >= 2))
        return hits / len(t) if t else 0.0

    def score(i_note: tuple[int, str]) -> tuple[bool, int, int]:
        i, note = i_note
        t = tokens(note)
        return said(note) < ALREADY_SAID, 2 * len(t & focus_tokens) + len(t & answer_tokens), -i

    best = max(enumerate(q.going_further), key=score)[1]
    return best if said(best) < ALREADY_SAID_ALL else ""


def _trim_note(note: str, corrections: str) -> str:
    """Drop the parts of a note (split at ': ' and '; ') that a correction above already says."""
    pieces = re.split(r"(?<=[:;])\s+", note.strip())
    kept = [pieces[0]] + [p for p in pieces[1:] if tokens_overlap(p, corrections) < 0.5]
    text = " ".join(kept).rstrip(":; ")
    return sentence(text if len(text.split()) >= 8 else note)


def _start_over(w: Writer, q: Question, central: KeyPoint | None, reveal: bool, read: str) -> str:
    """Close feedback on an answer with nothing to build on: a hint at the central point, and
    where in the course to read."""
    if central is not None:
        text, revealed = _hint_text(central, Finding("missed_point", central.id), reveal)
        # the model answer's first sentence alone may not answer the question, nor the first of key points that
        # weigh alike ("What are the three steps…?" shown the first step)
        alike = sum(kp.weight == central.weight for kp in q.key_points) > 1
        if revealed and (alike or not q.key_points) and 0 < len(q.reference.split()) <= WHOLE_REFERENCE_WORDS:
            text = clause(q.reference)
        w.say("reveal_start" if revealed else "missing_hint", text=text, hint=text)
    if q.taught_in:
        w.say(read, where=q.taught_in, Where=cap(q.taught_in))
    return w.text()


# ─── entry point ─────────────────────────────────────────────────────────────


def write_question_feedback(q: Question, j: Judgement, answer: str, *, pack: Pack | None = None,
                            language: str = "en", student: str = "", in_file: bool = True) -> str:
    """Feedback for one answer: praise in the student's words, corrections, hints, next steps (`in_file`: the
    question is somewhere in what the student sent, so an answer missing was left blank)."""
    w = Writer(phrases_for(language), student, q, answer)
    by_kind: dict[str, list[Finding]] = {}
    for f in j.findings:
        by_kind.setdefault(f.kind, []).append(f)
    kinds = set(by_kind)
    # The key points the answer was graded against travel with the judgement. A question with
    # only a reference answer is graded on points drawn from it, one per sentence: a missing one
    # is named by the teacher's own sentence, and only when the answer falls short (a right
    # answer in other words is not told what it "misses").
    key_points = j.key_points or q.key_points
    reference_only = not q.key_points
    kps = {kp.id: kp for kp in key_points}
    order = {kp.id: i for i, kp in enumerate(key_points)}
    reveal = pack is not None and pack.reveal == "full"
    central = max(key_points, key=lambda k: k.weight, default=None)

    no_attempt = any(f.id == NO_ATTEMPT for f in by_kind.get("off_topic", []))
    if (j.verdict == "missing" and not no_attempt) or "empty" in kinds:
        w.say("missing" if in_file else "missing_not_in_file")
        return _start_over(w, q, central, reveal, "read_missing")

    off_topic = by_kind.get("off_topic", [])
    if off_topic:
        grader = [f for f in off_topic if f.id == "addresses-grader"]
        if grader:
            w.say("grader", quote=student_quote(tight_quote(grader[0].evidence, limit=10), w.answer, required=True))
        elif no_attempt:  # "I don't know" is not an answer to another question
            w.say("no_attempt")
        else:
            w.say("off_topic_short" if word_count(w.answer) <= SHORT_WORDS else "off_topic")
        return _start_over(w, q, central, reveal, "read")

    covered = by_kind.get("key_point", [])
    missed = sorted(by_kind.get("missed_point", []), key=lambda f: (-f.weight, order.get(f.id, 99)))
    every_stated = not missed  # each point clearly stated: only then may the praise say "every point"
    if j.verdict == "correct":
        # A point the verdict counted as stated, in fewer words than a quote needs, is praised (unquoted),
        # never named as missing.
        stated = [m for m in missed if CENTRAL_STATED <= m.strength < COVERED]
        covered = [*covered, *(replace(m, kind="key_point", evidence="") for m in stated)]
        missed = [m for m in missed if m not in stated]
    side = compare_yes_no(answer, q.text, q.reference) if j.verdict in ("partial", "incorrect") else None
    # "It's NaN." to "…? Why?": the grader found the bare answer right (the finding's strength) and the why missing
    reason_only = any(f.id == REASON_LEFT_OUT and f.strength >= 1.0 for f in by_kind.get("part_unanswered", [])) \
        and "misconception" not in kinds
    right_side = side is not None and side[0] == side[1] and not covered and \
        not kinds & {"misconception", "self_contradiction"}
    if right_side:
        # "Slower." to "Is TTA slower or faster…? Why?": the side is right, the rest is to come
        # a bare "Slower." is told the answer needs more (and, below, that the question asks why); one with a
        # reason is sent to compare it
        bare = len(answer.split()) <= SHORT_WORDS
        w.say("side_right" if bare else "side_right_reason", side=reference_side(q.reference))
        reason_only = False  # the why is said with the question's other parts
    elif reason_only:
        # "It's NaN." to "What is the value of log(-2)? Why?": right as far as it goes; the why is to come
        w.say("reason_left_out", quote=student_quote(clause(answer), answer, required=True))
    else:
        _opening(w, j, kinds, len(covered), len(missed), unsure=reference_only and not kinds & ERROR_KINDS)
    slip = near_miss(answer, q.text, q.reference) if reference_only and j.verdict != "correct" else None
    if slip:  # "Interference" for "Inference": one word away from the term asked for
        w.say("near_miss", word=slip[0], term=slip[1])
    # an example or a comparison is praised for what it illustrates: not where nothing in the answer is right
    example = _own_terms(w, j) if covered or j.verdict == "correct" or "code_ok" in kinds else ""
    if covered:
        wrong_words = frozenset(f.evidence for f in by_kind.get("misconception", []) if f.evidence)
        problems = bool(kinds & {"misconception", "code_wrong", "code_error", "no_code", "part_unanswered",
                                 "attachment_missing", "self_contradiction"})
        _praise(w, covered, q, all_covered=every_stated, avoid=wrong_words, problems=problems,
                shown_before=example, right=j.verdict == "correct",
                code_failed=bool(kinds & {"code_wrong", "code_error"}))
    for f in by_kind.get("self_contradiction", []):
        contradiction(w, f, language)
    for f in by_kind.get("misconception", []):
        misconception(w, f, q)
    for kind in CODE_KINDS:
        for f in by_kind.get(kind, []):
            code(w, f)

    hinted: set[str] = set()
    hints = 0
    for f in by_kind.get("part_unanswered", [])[:2]:
        part = next((p for p in q.parts if p.id == f.id), None)
        if f.id == REASON_LEFT_OUT and reason_only:
            continue
        if f.id == LETTERS_ONLY:  # "What is a GPU?" has no "other half": it asks what the letters name
            w.say("letters_only", f.id, detail=clause(f.detail).split(",")[0])
            continue
        asked_part = clause(part.text if part else f.detail)
        reason = _REASON.search(answer) if _WHY.match(asked_part) else None
        if reason is not None:  # "… because the model has not seen it": a reason given, not the one asked for
            said = tight_quote(answer[reason.start():].split("\n")[0], limit=12)
            w.say("part_reason", f.id, quote=student_quote(said, w.answer, required=True), part=asked_part)
        else:
            w.say("part", f.id, part=asked_part)
        inside = [m for m in missed if part is not None and m.id in part.points]
        if inside and hints < 2:
            text, revealed = _hint_text(kps.get(inside[0].id), inside[0], reveal)
            w.say("reveal" if revealed else "hint", inside[0].id, text=text, hint=text)
            hinted.update(m.id for m in inside)
            hints += 1
    for f in by_kind.get("attachment_missing", []):
        attachment(w, f, q)

    central_ok = central is not None and any(f.id == central.id for f in covered)
    wrong = kinds & {"misconception", "code_wrong", "code_error", "no_code"}
    note = ""
    if j.verdict == "correct" or (j.verdict == "partial" and central_ok and not wrong):
        focus = [kps[m.id].text for m in missed[:1] if m.id in kps]
        note = _choose_note(q, answer, focus)
    elif j.verdict in ("partial", "incorrect") and covered:
        candidate = _choose_note(q, answer, ())
        if len(tokens(candidate) & (tokens(answer) - tokens(q.text))) >= 3:
            note = candidate

    remaining = [m for m in missed if m.id not in hinted
                 and not (note and tokens_overlap(kps[m.id].text if m.id in kps else m.detail, note) >= 0.5)]
    if reference_only and j.verdict == "correct":
        remaining = []
    if j.verdict == "correct":
        for m in remaining[:1]:
            text, revealed = _hint_text(kps.get(m.id), m, reveal)
            w.say("reveal" if revealed else "hint_correct", m.id, text=text, hint=text)
    else:
        # a question that asks for N things ("the three steps") is told each one it lacks
        shown = max(1 if reference_only else 2, asked_count(q.text) or 0)
        revealed_before = False
        for m in remaining[: max(0, shown - hints)]:
            text, revealed = _hint_text(kps.get(m.id), m, reveal)
            first = "_start" if not covered and hints == 0 else ""  # nothing stated yet: no "to round it off"
            whole = revealed and first and reference_only and 0 < len(q.reference.split()) <= WHOLE_REFERENCE_WORDS
            if whole:
                # nothing stated: as for a blank answer, the model answer whole, not its first sentence
                # alone ("trained on clear photos" without what the camera in production sees)
                text = clause(q.reference)
            slot = ("reveal_start" if first else "reveal_more" if revealed_before else "reveal") if revealed else (
                ("hint" + first) if hints == 0 else "hint_more")
            w.say(slot, m.id, text=text, hint=text)
            hints += 1
            revealed_before = revealed_before or (revealed and not first)
            if whole:
                break  # the whole model answer is shown: naming its parts again adds nothing

    if note:
        corrections = " ".join(f.detail for f in by_kind.get("misconception", []))
        trimmed = _trim_note(note, corrections) if corrections else sentence(note)
        slot = "further" if j.verdict == "correct" else "further_partial"
        w.say(slot, note=lc(trimmed))
    if q.taught_in and (j.verdict == "incorrect" or (j.verdict in ("partial", "unassessable") and not note)):
        w.say("read", where=q.taught_in, Where=cap(q.taught_in))
    return w.text()
