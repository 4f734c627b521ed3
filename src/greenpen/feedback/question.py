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
from dataclasses import dataclass, field

from .. import lang
from ..domain import Finding, Judgement, KeyPoint, Pack, Question
from .phrases import Table, number_word, phrases_for
from .quoting import echoes, find_analogy, find_example, stable_index, student_quote, tight_quote, tokens

ALREADY_SAID = 0.3
ALREADY_SAID_ALL = 0.45
"""A note the answer mostly says already is left out rather than repeated."""
"""A going-further note whose words the answer already holds this much is not news to the student."""
CODE_KINDS = ("code_ok", "code_wrong", "code_error", "code_unrunnable", "no_code")


# ─── small text helpers ──────────────────────────────────────────────────────


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lc(text: str) -> str:
    """Lower-case the first letter unless the first word is a name or an acronym (PyTorch, SGD)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:] != first[1:].lower():
        return text
    if first in ("I",) or not first[:1].isalpha():
        return text
    return text[:1].lower() + text[1:]


def clause(text: str) -> str:
    """A rubric phrase as a clause: one line, no final full stop."""
    return " ".join(text.split()).rstrip(" .")


def sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    text = cap(text)
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def tokens_overlap(a: str, b: str) -> float:
    """Share of `a`'s content words that `b` also has."""
    ta = tokens(a)
    return len(ta & tokens(b)) / len(ta) if ta else 0.0


_DOUBLED = re.compile(r"\)\s*\(|\)\)")
_CODE_SPAN = re.compile(r"`[^`]*`")


@dataclass
class Writer:
    """Builds one feedback text: picks phrasings deterministically and keeps the sentences."""

    table: Table
    student: str
    question: Question
    answer: str
    out: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def pick(self, slot: str, *salt: str) -> str:
        options = self.table[slot]
        if self.student:
            # rotate by question number so one student's report does not repeat an opening
            base = stable_index(len(options), self.student, slot, *salt)
            return options[(base + self.question.number) % len(options)]
        return options[stable_index(len(options), self.answer, self.question.id, slot, *salt)]

    def say(self, slot: str, *salt: str, **values: str) -> None:
        """The picked phrasing, or the next one when it was used already in this text or would put
        two parentheses in a row ("… (see x) ("your words")")."""
        options = self.table[slot]
        first = options.index(self.pick(slot, *salt))
        for k in range(len(options)):
            template = options[(first + k) % len(options)]
            text = template.format(**values)
            if k == len(options) - 1 or not (template in self.used or _DOUBLED.search(_CODE_SPAN.sub("", text))):
                break
        self.used.add(template)
        self.out.append(text)

    def text(self) -> str:
        return " ".join(s.strip() for s in self.out if s.strip())


# ─── the parts of the feedback ───────────────────────────────────────────────


def _praise_clause(kp: KeyPoint | None, f: Finding) -> str:
    praise = clause(kp.praise) if kp and kp.praise else ""
    if not praise or '"' in praise:
        return "you make a point a good answer needs"
    praise = lc(praise)
    return praise if praise.startswith("you ") else f"you note that {praise}"


REF_WORDS = 14
"""The longest sentence or clause of a model answer quoted to the student, in words."""


def reference_clause(text: str) -> str:
    """A whole sentence or clause of a model answer short enough to quote, or "" (never a cut one)."""
    text = clause(text)
    if not text or '"' in text:
        return ""
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(" .")
    if 5 <= len(first.split()) <= REF_WORDS:
        return first
    head = re.split(r"\s*(?:[,;:]|\s[\u2014\u2013-])\s+", first, maxsplit=1)[0].rstrip(" .")
    if 5 <= len(head.split()) <= REF_WORDS and head.count("(") == head.count(")"):
        return head
    return ""


def _praise_reference(w: Writer, f: Finding, quote: str) -> None:
    """Praise a point drawn from the model answer: say which one, in a whole clause of it or not at all."""
    ref = reference_clause(f.detail)
    slot = ("ref_quote" if ref else "ref_quote_only") if quote else ("ref_plain" if ref else "ref_none")
    w.say(slot, f.id, quote=quote, ref=ref)


def _opening(w: Writer, j: Judgement, kinds: set[str], covered: int, missed: int) -> None:
    if j.verdict == "correct":
        clean_run = not missed and not (kinds & {"self_contradiction", "misconception"})
        w.say("open_excellent" if clean_run and j.score >= 0.95 else "open_correct")
    elif j.verdict == "partial":
        w.say("open_partial_wrong" if "misconception" in kinds else "open_partial")
    elif j.verdict == "incorrect":
        w.say("open_incorrect_some" if covered else "open_incorrect")
    else:
        w.say("unassessable")


def _own_terms(w: Writer, j: Judgement) -> None:
    if j.verdict not in ("correct", "partial"):
        return
    analogy = find_analogy(w.answer)
    if analogy:
        w.say("analogy", name=analogy.name, Name=cap(analogy.name))
        return
    example = find_example(w.answer)
    quote = student_quote(example, w.answer) if example else ""
    if quote:
        w.say("example", quote=quote)


def _praise(w: Writer, findings: Sequence[Finding], q: Question, all_covered: bool,
            avoid: frozenset[str] = frozenset(), problems: bool = False) -> None:
    """Praise the key points stated, quoting up to two; `avoid`: evidence a misconception also quotes."""
    kps = {kp.id: kp for kp in q.key_points}
    order = {kp.id: i for i, kp in enumerate(q.key_points)}
    found = sorted(findings, key=lambda f: (-f.weight, order.get(f.id, 99)))
    if not q.key_points:
        # Points drawn from a reference answer have no praise of their own: praise once, with
        # the student's words, rather than repeat "a point a good answer needs" per sentence.
        found = sorted(found, key=lambda f: -f.strength)[:1]
        all_covered = False
    quoted: set[str] = set()
    rest: list[str] = []
    for f in found:
        kp = kps.get(f.id)
        if kp is None and f.detail.strip():
            quote = tight_quote(f.evidence, (), (f.detail,), tight=f.evidence in avoid) if f.evidence else ""
            shown = student_quote(quote, w.answer) if len(quote) >= 3 and len(quoted) < 2 else ""
            _praise_reference(w, f, shown)
            quoted.add(quote.casefold() if shown else "")
            continue
        praise = _praise_clause(kp, f)
        quote = ""
        if f.evidence and len(quoted) < 2:
            about = (kp.text, *kp.examples) if kp else (f.detail,)
            quote = tight_quote(f.evidence, kp.cues if kp else (), about, tight=f.evidence in avoid)
            if (echoes(quote, praise) or len(quote) < 3
                    or any(max(tokens_overlap(quote, earlier), tokens_overlap(earlier, quote)) >= 0.6
                           for earlier in quoted if earlier)):
                quote = ""
        shown = student_quote(quote, w.answer) if quote else ""
        if shown:
            quoted.add(quote.casefold())
            w.say("praise_quote", f.id, quote=shown, praise=praise, Praise=cap(praise))
        elif not quoted and not rest:
            w.say("praise_plain", f.id, praise=praise, Praise=cap(praise))
            quoted.add("")
        else:
            rest.append(praise)
    if rest and not (all_covered and len(found) >= 3 and not problems):
        verbs = [r[4:] if r.startswith("you ") else r for r in rest[:2]]
        w.say("praise_more", rest=", and ".join(verbs) if len(verbs) == 2 and any("," in v for v in verbs)
              else " and ".join(verbs))
    if all_covered and len(found) >= 3 and not problems:
        w.say("complete")


_COUNT = re.compile(r"\blist (\d+)\b")
_SAID = re.compile(r"^\s*(\w+)\s+(?:" + "|".join(w + r"\s+" for ws in lang.COUNT_QUALIFIERS.values() for w in ws)
                   + r")?(\w+)", re.IGNORECASE)
"""The count an answer announced, as `grading.detectors.self_contradiction` quotes it ("three main phases")."""
_NUMBERS = {word: n for table in lang.NUMBER_WORDS.values() for word, n in table.items()}
_COUNTED = lang.COUNTED_THINGS["en"]
"""What the feedback (in English) names by the student's word; anything else is "items"."""


def _contradiction(w: Writer, f: Finding, language: str) -> None:
    listed = _COUNT.search(f.detail)
    said = _SAID.match(f.evidence or "")
    if listed and said:
        n_said = _NUMBERS.get(said.group(1).lower()) or (int(said.group(1)) if said.group(1).isdigit() else 0)
        n_listed = int(listed.group(1))
        what = said.group(2) if said.group(2).lower() in _COUNTED else "items"
        values = {"said": f.evidence.strip(), "n": number_word(n_listed, language), "what": what}
        w.say("count_more" if n_listed > n_said else "count_fewer", **values)
        return
    w.say("count_other", detail=clause(f.detail))


CONTRADICTS_REFERENCE = "contradicts-reference"
"""The learned model's finding that an answer seems to contradict the reference (no rubric)."""


def _misconception(w: Writer, f: Finding, q: Question) -> None:
    if f.id == CONTRADICTS_REFERENCE:
        # A model's estimate, not a rubric's named mistake: asked as a question to check, never
        # told as "a common mix-up".
        shown = student_quote(clause(f.evidence), w.answer, required=True)
        reference = reference_clause(q.reference or "")
        w.say("contradiction" if reference else "contradiction_plain", f.id, quote=shown, reference=reference)
        return
    mc = next((m for m in q.misconceptions if m.id == f.id), None)
    quote = tight_quote(f.evidence, mc.cues if mc else (), (mc.text, *mc.examples) if mc else (), limit=12,
                        tight=True)
    correction = sentence(f.detail)
    shown = student_quote(quote or clause(f.evidence), w.answer, required=True)
    w.say("misconception", f.id, quote=shown, Correction=correction,
          correction=lc(correction))


_FOR_TEACHER = re.compile(lang.patterns(lang.REVIEWER_NOTES), re.IGNORECASE)
"""A part of a finding's detail addressed to the teacher, not the student."""


def _aside(detail: str) -> str:
    """`detail` as an aside to a sentence: in parentheses, or after a colon when it has its own."""
    if not detail:
        return ""
    return f": {detail}" if "(" in detail or ")" in detail else f" ({detail})"


def _code(w: Writer, f: Finding) -> None:
    segments = [s for s in re.split(r";\s+|\s+—\s+|(?<=[.!?])\s+(?=[A-Z`])", " ".join(f.detail.split()))
                if s and not _FOR_TEACHER.search(s)]
    # "… — in `line`" and "… — run with x = …" say where and how: they stay with the detail, never
    # a sentence of their own ("In `assert f(1) == 2`.")
    where = [clause(s) for s in segments[1:] if s.startswith(("in `", "run with "))]
    segments = segments[:1] + [s for s in segments[1:] if not s.startswith(("in `", "run with "))]
    detail = lc(clause(segments[0])) if segments else ""
    if detail and where:
        detail += f" ({', '.join(where)})"
    written = w.text()
    extra = [sentence(s) for s in segments[1:] if tokens_overlap(s, written) < 0.5]
    if f.kind == "code_ok":
        w.say("code_ok", detail=_aside(detail))
    elif f.kind == "no_code":
        w.say("no_code", detail=_aside(detail) if "code" not in detail.lower() else "")
    elif f.kind == "code_unrunnable" and f.detail.startswith("not run: "):
        w.say("code_not_run", detail=clause(" ".join(f.detail.split())[len("not run: "):]))
    else:
        w.say(f.kind, detail=detail or "no detail was recorded")
        w.out.extend(extra)


def _attachment(w: Writer, f: Finding, q: Question) -> None:
    part = next((p for p in q.parts if p.id == f.id), None)
    if part is None:
        w.out.append(sentence(f.detail))
    elif f.evidence:
        w.say("attachment_named", part=clause(part.text), name=f.evidence)
    else:
        w.say("attachment_none", part=clause(part.text))


def _hint_text(kp: KeyPoint | None, f: Finding, reveal: bool) -> tuple[str, bool]:
    """(text, revealed): the rubric's hint, or the key point itself when revealing or without a hint."""
    if kp and kp.hint and not reveal:
        return lc(clause(kp.hint)), False
    return clause(kp.text if kp else f.detail), True


def _choose_note(q: Question, answer: str, focus: Sequence[str]) -> str:
    """The going-further note closest to the gap (`focus`) or else to what the student wrote."""
    if not q.going_further:
        return ""
    q_tokens = tokens(q.text)
    answer_tokens = tokens(answer) - q_tokens
    focus_tokens = frozenset().union(*(tokens(t) for t in focus)) if focus else frozenset()

    def said(note: str) -> float:
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
        w.say("reveal" if revealed else "missing_hint", text=text, hint=text)
    if q.taught_in:
        w.say(read, where=q.taught_in, Where=cap(q.taught_in))
    return w.text()


# ─── entry point ─────────────────────────────────────────────────────────────


def write_question_feedback(q: Question, j: Judgement, answer: str, *, pack: Pack | None = None,
                            language: str = "en", student: str = "") -> str:
    """Feedback for one answer: praise in the student's words, corrections, hints, next steps."""
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

    if j.verdict == "missing" or "empty" in kinds:
        w.say("missing")
        return _start_over(w, q, central, reveal, "read_missing")

    off_topic = by_kind.get("off_topic", [])
    if off_topic:
        grader = [f for f in off_topic if f.id == "addresses-grader"]
        if grader:
            w.say("grader", quote=student_quote(tight_quote(grader[0].evidence, limit=10), w.answer, required=True))
        else:
            w.say("off_topic")
        return _start_over(w, q, central, reveal, "read")

    covered = by_kind.get("key_point", [])
    missed = sorted(by_kind.get("missed_point", []), key=lambda f: (-f.weight, order.get(f.id, 99)))
    _opening(w, j, kinds, len(covered), len(missed))
    _own_terms(w, j)
    if covered:
        wrong_words = frozenset(f.evidence for f in by_kind.get("misconception", []) if f.evidence)
        problems = bool(kinds & {"misconception", "code_wrong", "code_error", "no_code", "part_unanswered",
                                 "attachment_missing", "self_contradiction"})
        _praise(w, covered, q, all_covered=not missed, avoid=wrong_words, problems=problems)
    for f in by_kind.get("self_contradiction", []):
        _contradiction(w, f, language)
    for f in by_kind.get("misconception", []):
        _misconception(w, f, q)
    for kind in CODE_KINDS:
        for f in by_kind.get(kind, []):
            _code(w, f)

    hinted: set[str] = set()
    hints = 0
    for f in by_kind.get("part_unanswered", [])[:2]:
        part = next((p for p in q.parts if p.id == f.id), None)
        w.say("part", f.id, part=clause(part.text if part else f.detail))
        inside = [m for m in missed if part is not None and m.id in part.points]
        if inside and hints < 2:
            text, revealed = _hint_text(kps.get(inside[0].id), inside[0], reveal)
            w.say("reveal" if revealed else "hint", inside[0].id, text=text, hint=text)
            hinted.update(m.id for m in inside)
            hints += 1
    for f in by_kind.get("attachment_missing", []):
        _attachment(w, f, q)

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
        for m in remaining[: max(0, (1 if reference_only else 2) - hints)]:
            text, revealed = _hint_text(kps.get(m.id), m, reveal)
            slot = "reveal" if revealed else ("hint" if hints == 0 else "hint_more")
            w.say(slot, m.id, text=text, hint=text)
            hints += 1

    if note:
        corrections = " ".join(f.detail for f in by_kind.get("misconception", []))
        trimmed = _trim_note(note, corrections) if corrections else sentence(note)
        slot = "further" if j.verdict == "correct" else "further_partial"
        w.say(slot, note=lc(trimmed))
    if q.taught_in and (j.verdict == "incorrect" or (j.verdict in ("partial", "unassessable") and not note)):
        w.say("read", where=q.taught_in, Where=cap(q.taught_in))
    return w.text()
