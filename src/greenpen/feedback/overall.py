"""The overall assessment: patterns across the answers, what to work on next, a score summary.

Strengths come from patterns the findings show (analogies and examples in the student's
own answers, a topic cluster answered well, code that runs); the things to work on are
the two or three that matter most (misconceptions first, then habits such as leaving
parts of questions unanswered or untested code), each with where in the course to read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..domain import (
    ELSEWHERE,
    OPPOSITE_WORD,
    OTHER_NUMBERED_NAME,
    YES_NO_OPPOSITE,
    Overall,
    Pack,
    Question,
    QuestionReport,
    Report,
)
from ..grading.detectors import LETTERS_ONLY
from ..grading.opposites import turned_word
from ..grading.true_false import compare_yes_no
from ..grading.values import OTHER_VALUE
from .phrases import Table, phrases_for
from .problems import CONTRADICTS_REFERENCE
from .quoting import find_analogy, find_example, stable_index, student_quote
from .writer import cap, clause, sentence

VERDICTS = ("correct", "partial", "incorrect", "missing", "unassessable")


def _pick(table: Table, slot: str, *keys: str) -> str:
    options = table[slot]
    return options[stable_index(len(options), slot, *keys)]


def _join(items: Sequence[str], table: Table) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + table["and"][0] + items[-1]


def _qs(reports: Sequence[QuestionReport], table: Table) -> str:
    return _join([f"Q{qr.number}" for qr in reports], table)


def _taught(pack: Pack, qid: str) -> str:
    question = _question(pack, qid)
    return question.taught_in if question else ""


def _question(pack: Pack, qid: str) -> Question | None:
    try:
        return pack.question(qid)
    except KeyError:
        return None


_COURSE_PART = re.compile(r"^.{0,40}?\b(?:chapter|lesson|week|unit|module|part|cap[íi]tulo|aula)\s*\d+\s*[,:.–—-]\s*"
                          r"(?:section\s+)?", re.IGNORECASE)


def section(taught_in: str) -> str:
    """The section a question is taught in, from its pack's `taught_in` ("Chapter 8, 'Weight Decay'" →
    "'Weight Decay'", "Chapter 4, the sigmoid section (inside…)" → "the sigmoid section"): "" when it names
    only a chapter or nothing."""
    rest = _COURSE_PART.sub("", taught_in or "", count=1)
    if rest == (taught_in or ""):
        return ""  # no chapter or lesson before it: not a section name this can rely on
    rest = re.sub(r"\s*\([^()]*\)", "", rest).strip(" .,;")
    return rest if 0 < len(rest.split()) <= 8 else ""


SECTION_MIN = 3
"""Questions of one section, all answered correctly, from which the section is praised."""


def _sections(report: Report, pack: Pack) -> list[tuple[str, list[QuestionReport]]]:
    """Sections of the course the student answered well: every question of the report taught in it is
    correct, and there are at least `SECTION_MIN`. The pack's own words say what the section is, so the
    praise holds for any course; a question left blank or partly right means the section is not "all right"."""
    by_section: dict[str, list[QuestionReport]] = {}
    for qr in report.questions:
        name = section(_taught(pack, qr.id))
        if name and qr.verdict != "unassessable":
            by_section.setdefault(name, []).append(qr)
    return [(name, qrs) for name, qrs in by_section.items()
            if len(qrs) >= SECTION_MIN and all(qr.verdict == "correct" for qr in qrs)]


FAILING_CODE = ("code_wrong", "code_error", "no_code")


def _strengths(report: Report, pack: Pack, table: Table, key: str) -> list[str]:
    out: list[str] = []
    # an example is praised for what it illustrates: in a right answer, or one with a right point and nothing wrong
    answered = [qr for qr in report.questions if qr.verdict == "correct" or (
        qr.verdict == "partial" and _states_a_point(qr) and not any(f.kind == "misconception" for f in qr.findings))]
    analogies = [(qr, a) for qr in answered if (a := find_analogy(qr.answer))]
    if len(analogies) >= 2:
        names = [f"{a.label} in Q{qr.number}" for qr, a in analogies[:3]]
        out.append(_pick(table, "overall_analogies", key).format(items=_join(names, table)))
    else:
        examples = [(qr, q) for qr in answered
                    if (e := find_example(qr.answer)) and (q := student_quote(e, qr.answer))]
        if len(examples) >= 2:
            items = [f"{q} in Q{qr.number}" for qr, q in examples[:3]]
            out.append(_pick(table, "overall_examples", key).format(items=_join(items, table)))
    sections = _sections(report, pack)
    if sections:
        name, qrs = max(sections, key=lambda t: len(t[1]))
        out.append(_pick(table, "overall_section", key).format(section=name, qs=_qs(qrs, table)))
    # code is praised as it was graded: where it runs right and the answer is correct
    code_ok = [qr for qr in report.questions if qr.verdict == "correct"
               and any(f.kind == "code_ok" for f in qr.findings)
               and not any(f.kind in FAILING_CODE for f in qr.findings)]
    if code_ok:
        slot = "overall_code_ok" if len(code_ok) > 1 else "overall_code_ok_one"
        out.append(_pick(table, slot, key).format(items=_qs(code_ok, table)))
    if report.questions and all(qr.verdict == "correct" for qr in report.questions):
        out.append(table["overall_complete"][0])
    return out


def _states_a_point(qr: QuestionReport, pack: Pack | None = None) -> bool:
    """A partial answer with something right in it (a key point stated, code that works, or the model answer's
    side of a yes/no question, "No, not random."): it has "the main idea" or "part of the answer"; one without
    is not told so."""
    if any(f.kind in ("key_point", "code_ok") for f in qr.findings):
        return True
    question = _question(pack, qr.id) if pack is not None else None
    side = compare_yes_no(qr.answer, qr.question, question.reference) if question and question.reference else None
    return side is not None and side[0] == side[1] and not any(f.kind == "misconception" for f in qr.findings)



CODE_PROBLEMS = (("code_error", "code_problem_error"), ("code_wrong", "code_problem_wrong"),
                 ("no_code", "code_problem_missing"))


def _code_advice(reports: Sequence[QuestionReport], table: Table, key: str) -> str:
    """What went wrong with the code, by kind: "run it before handing it in" is no advice for code that
    runs but answers another question, nor for code that is not there."""
    problems = []
    for kind, slot in CODE_PROBLEMS:
        these = [qr for qr in reports if any(f.kind == kind for f in qr.findings)]
        if these:
            problems.append(_pick(table, slot, key).format(qs=_qs(these, table),
                                                         asks="asks" if len(these) == 1 else "ask"))
    return _pick(table, "next_code", key).format(problems=_join(problems, table))


def _see(table: Table, where: str, after: str = "") -> str:
    """Where to read, in parentheses, or as its own sentence when that would nest or double them."""
    nested = "(" in where or clause(after).endswith(")")
    return table["where_sentence" if nested else "where_paren"][0].format(where=where)


def _improve(report: Report, pack: Pack, table: Table, key: str) -> list[str]:
    out: list[str] = []
    questions = report.questions
    seen: set[str] = set()
    for qr in questions:
        for f in qr.findings:
            # a learned model's guess that the answer contradicts the model answer is no named mistake
            # to correct ("Q25: This seems to contradict the expected answer: …"): the question is gone
            # back over like any other
            if f.kind == "misconception" and f.detail and f.id not in seen and f.id != CONTRADICTS_REFERENCE:
                seen.add(f.id)
                where = _taught(pack, qr.id)
                # not "Q3: No." nor "Q2: 2.": a side, a value or a name is said as one
                slot = {YES_NO_OPPOSITE: "next_yes_no", OTHER_VALUE: "next_value", OTHER_NUMBERED_NAME: "next_name",
                        OPPOSITE_WORD: "next_opposite"}.get(f.id, "next_misconception")
                # "Q19: you wrote "early" where the model answer says "last"", not the key point's bare text
                swapped = turned_word(f.evidence, f.detail) if f.id == OPPOSITE_WORD else None
                said, meant = swapped or ("", "")
                if slot == "next_opposite" and not said:
                    continue
                out.append(table[slot][0].format(
                    q=f"Q{qr.number}", correction=cap(clause(f.detail)), answer=clause(f.detail), said=said,
                    meant=meant, where=_see(table, where, after=f.detail) if where else "") + ".")
    out = out[:2]
    grader = [qr for qr in questions if any(f.kind == "off_topic" and f.id == "addresses-grader"
                                            for f in qr.findings)]
    if grader:
        out.append(_pick(table, "next_grader", key).format(qs=_qs(grader, table)))
    # an acronym only spelt out has no second part: its question asks one thing
    parts = [qr for qr in questions if any(f.kind == "part_unanswered" and f.id != LETTERS_ONLY
                                           for f in qr.findings)]
    if len(parts) >= 2:
        out.append(_pick(table, "next_parts", key).format(qs=_qs(parts, table)))
    elif parts:
        out.append(_pick(table, "next_part_one", key).format(q=f"Q{parts[0].number}"))
    # an acronym only spelt out: "the main idea is there" would contradict its own feedback
    letters = [qr for qr in questions if any(f.kind == "part_unanswered" and f.id == LETTERS_ONLY
                                             for f in qr.findings)]
    for qr in letters[:1]:
        detail = next(f.detail for f in qr.findings if f.kind == "part_unanswered" and f.id == LETTERS_ONLY)
        out.append(_pick(table, "next_letters", key).format(q=f"Q{qr.number}", detail=clause(detail).split(",")[0]))
    code = [qr for qr in questions if any(f.kind in FAILING_CODE for f in qr.findings)]
    if code:
        out.append(_code_advice(code, table, key))
    pointers = [qr for qr in questions if any(f.kind == "attachment_missing" and f.id == ELSEWHERE
                                              for f in qr.findings)]
    drawings = [qr for qr in questions if qr not in pointers and any(f.kind == "attachment_missing"
                                                                    for f in qr.findings)]
    if drawings:
        out.append(_pick(table, "next_attachments", key).format(qs=_qs(drawings, table)))
    if pointers:
        it = "it" if len(pointers) == 1 else "they"
        out.append(_pick(table, "next_elsewhere", key).format(
            qs=_qs(pointers, table), points=f"{it} point{'s' * (it == 'it')}", could=f"{it} could"))
    missing = [qr for qr in questions if qr.verdict == "missing"]
    if missing and not many_blank(len(missing), len(questions)):
        blank = [qr for qr in missing if not qr.answer.strip() and qr.in_file]
        unsure = [qr for qr in missing if qr.answer.strip()]  # "not sure": said, not left blank
        absent = [qr for qr in missing if not qr.in_file]  # never reached, or cut from a mail: not "left blank"
        if blank:
            out.append(_pick(table, "next_missing", key).format(qs=_qs(blank, table),
                                                                was="was" if len(blank) == 1 else "were"))
        if absent:
            out.append(_not_in_file(absent, table, key))
        if unsure:
            out.append(_pick(table, "next_unsure", key).format(qs=_qs(unsure, table)))
    many_missing = many_blank(len(missing), len(questions))
    listed = {qr.id for qr in [*parts, *code, *grader, *letters[:1]]} | {
        qr.id for qr in questions if any(f.kind == "misconception" and f.id in seen for f in qr.findings)}
    rest = [qr for qr in questions if qr.verdict in ("partial", "incorrect") and qr.id not in listed]
    brief = [qr for qr in rest if qr.verdict == "partial" and _states_a_point(qr, pack)]
    if len(brief) >= 3 and len(out) < 3:
        out.append(_pick(table, "next_brief", key).format(qs=_qs(brief[:5], table)))
        rest = [qr for qr in rest if qr not in brief]
    not_yet = [qr for qr in rest if qr.verdict == "partial" and not _states_a_point(qr, pack)]
    if len(not_yet) >= 2 and len(out) < 3:
        out.append(_pick(table, "next_not_yet_many", key).format(qs=_qs(not_yet[:5], table)))
        rest = [qr for qr in rest if qr not in not_yet]
    rest.sort(key=lambda qr: qr.score)
    wrong = [qr for qr in rest if qr.verdict != "partial" and not _taught(pack, qr.id)]
    if len(wrong) >= 2 and len(out) < 3:  # "Go back over Q17 and Q22: …", not "Go back over Q17. Go back over Q22."
        out.append(_pick(table, "next_wrong_many", key).format(qs=_qs(wrong[:5], table)))
        rest = [qr for qr in rest if qr not in wrong]
    for qr in rest[: max(0, 3 - len(out))]:
        where = _taught(pack, qr.id)
        slot = "next_wrong" if qr.verdict != "partial" else "next_incomplete" if _states_a_point(qr, pack) else \
            "next_not_yet"
        out.append(_pick(table, slot, key, qr.id).format(
            q=f"Q{qr.number}", where=(table["where_colon"][0].format(where=where) if slot == "next_incomplete"
                                      else _see(table, where)) if where else ""))
    if many_missing and len(out) < 3:
        n_answered = len(questions) - len(missing)
        absent = [qr for qr in missing if not qr.in_file]
        left = [qr for qr in missing if qr.in_file]
        if len(left) == 1:
            out.append(_pick(table, "next_missing", key).format(qs=_qs(left, table), was="was"))
        elif left:
            out.append(_pick(table, "next_missing_many", key).format(n=n_answered, total=len(questions),
                                                                    m=len(left)))
        if absent:  # nowhere in the file: not "left blank"
            out.append(_not_in_file(absent, table, key))
    return [sentence(item) for item in out]


NOT_IN_FILE_LISTED = 3
"""The most questions not in the file named one by one; more are counted."""


def _not_in_file(absent: Sequence[QuestionReport], table: Table, key: str) -> str:
    """The questions nowhere in what the student sent: named ("Q9 is not in your file"), or counted when many."""
    if len(absent) > NOT_IN_FILE_LISTED:
        return _pick(table, "next_not_in_file_many", key).format(m=len(absent))
    one = len(absent) == 1
    return _pick(table, "next_not_in_file", key).format(qs=_qs(absent, table), is_="is" if one else "are",
                                                        them="it" if one else "them")


def _summary(report: Report, table: Table) -> str:
    counts = {v: sum(qr.verdict == v for qr in report.questions) for v in VERDICTS}
    total = len(report.questions)
    if counts["missing"] > 5:
        answered = total - counts["missing"]
        parts = [table["score_answered"][0].format(n=counts["correct"])]
        parts += [table[f"score_{v}"][0].format(n=counts[v])
                  for v in VERDICTS[1:] if counts[v] and v != "missing"]
        return table["score_subset"][0].format(pct=f"{report.score:.0%}", total=total, n=answered,
                                               parts=", ".join(parts))
    parts = [table["score_correct"][0].format(n=counts["correct"], total=total)]
    for v in VERDICTS[1:]:
        if counts[v]:
            parts.append(table[f"score_{v}"][0].format(n=counts[v]))
    return table["score"][0].format(pct=f"{report.score:.0%}", parts=", ".join(parts))


def many_blank(missing: int, total: int) -> bool:
    """Enough questions left blank that the assessment must say so first (more than five, or a quarter: four
    blanks of fifteen questions are not a footnote to "a strong understanding")."""
    return missing > 5 or (total > 0 and 4 * missing >= total)


def _opening(report: Report, table: Table, key: str) -> str:
    """The first sentence, true to the verdicts: how many were answered when many are blank, and how
    many of the answers are right; the tone follows the work that was handed in."""
    counts = {v: sum(qr.verdict == v for qr in report.questions) for v in VERDICTS}
    total = len(report.questions)
    answered = [qr for qr in report.questions if qr.verdict != "missing"]
    if not answered:
        return table["overall_open_none"][0]
    n, c, p = len(answered), counts["correct"], counts["partial"]
    # judge the work that was handed in: a student who answered 10 of 37 is not "weak" for it
    quality = sum(qr.score for qr in answered) / n
    values = {"n": str(n), "total": str(total), "c": str(c), "p": str(p),
              "are": "is" if c == 1 else "are"}
    if many_blank(counts["missing"], total):
        slot = "overall_open_subset_all" if c == n else (
            "overall_open_subset_some" if c else "overall_open_subset_none")
        return _pick(table, slot, key).format(**values)
    if quality >= 0.8 and c >= 0.7 * n:
        level = "high"
    elif quality >= 0.5 and c >= 0.5 * n:
        level = "mid"
    else:
        level = "low"
    opening = _pick(table, f"overall_open_{level}", key).format(**values)
    if p and level != "high":
        slot = "overall_open_partial_one" if p == 1 else "overall_open_partial"
        opening += " " + _pick(table, slot, key).format(**values)
    return opening


def write_overall(report: Report, pack: Pack, *, language: str = "en") -> Overall:
    """Patterns across the answers, the two or three things to work on next, a score summary."""
    table = phrases_for(language)
    key = report.student or report.source
    opening = _opening(report, table, key)
    strengths = _strengths(report, pack, table, key)
    improve = _improve(report, pack, table, key)[:3]
    paragraphs = [" ".join([opening, *strengths])]
    if improve:
        intro = _pick(table, "next_intro", key)
        paragraphs.append(" ".join([intro, *improve]))
    paragraphs.append(_summary(report, table))
    return Overall(strengths=tuple(strengths), improve=tuple(improve), text="\n\n".join(paragraphs))
