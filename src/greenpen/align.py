"""Line up a submission's answers with the questions of a course pack.

Each block the reader found is compared with every question (its text and aliases):
word overlap, character trigrams, multilingual sentence embeddings when an embedder is
given, and the student's own number. Blocks are then assigned greedily, best pair first.
A question may take two adjacent blocks (a student who split it in two); a block whose
label clearly asks two questions answers both; a block that matches nothing is kept as
unaligned, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from . import lang
from .domain import AlignedAnswer, Alignment, Pack, Question, RawAnswer, Submission
from .errors import AlignmentError
from .grading.embed import Embedder
from .textutil import content_tokens, fold

ACCEPT = 0.34
"""Lowest match score at which a block is assigned to a question."""
SHARED = 0.55
"""A block may answer a second question when it matches it this well (merged questions)."""


@dataclass(frozen=True)
class _Candidate:
    texts: tuple[str, ...]
    tokens: tuple[frozenset[str], ...]
    grams: tuple[frozenset[str], ...]


def _trigrams(text: str) -> frozenset[str]:
    t = " ".join(fold(text).split())
    return frozenset(t[i : i + 3] for i in range(max(len(t) - 2, 0)))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _candidate(q: Question) -> _Candidate:
    texts = (q.text, *q.aliases)
    return _Candidate(
        texts=texts,
        tokens=tuple(frozenset(content_tokens(t)) for t in texts),
        grams=tuple(_trigrams(t) for t in texts),
    )


def _lexical(label: str, cand: _Candidate) -> float:
    toks = frozenset(content_tokens(label))
    grams = _trigrams(label)
    return max(0.5 * _dice(toks, t) + 0.5 * _dice(grams, g) for t, g in zip(cand.tokens, cand.grams, strict=True))


NUMBER_ONLY = 0.8
"""The match of a block that has only its question's number for a label (a sheet's "Q3" column), as sure as a
free-text file's numbered line (`locate.NUMBER_PLACED`)."""


def match_scores(items: Sequence[RawAnswer], pack: Pack, embedder: Embedder | None) -> np.ndarray:
    """An (items × questions) matrix of match scores in [0, ~1.2]."""
    cands = [_candidate(q) for q in pack.questions]
    scores = np.zeros((len(items), len(pack.questions)), dtype=np.float64)
    emb = None
    if embedder is not None and items:
        labels = [it.label or it.text[:200] for it in items]
        flat = [t for c in cands for t in c.texts]
        lv, qv = embedder.encode(labels), embedder.encode(flat)
        sims = lv @ qv.T
        emb = np.zeros_like(scores)
        col = 0
        for j, c in enumerate(cands):
            emb[:, j] = sims[:, col : col + len(c.texts)].max(axis=1)
            col += len(c.texts)
    for i, item in enumerate(items):
        for j, (q, cand) in enumerate(zip(pack.questions, cands, strict=True)):
            lex = _lexical(item.label, cand) if item.label else 0.0
            s = lex
            if emb is not None and item.label:
                # USE cosines of a question with its paraphrase sit around 0.6-0.9.
                s = max(lex, 0.35 * lex + 0.65 * max(0.0, (float(emb[i, j]) - 0.25) / 0.6))
            if item.number is not None and item.number == q.number:
                s += NUMBER_ONLY if not item.label else 0.12
            scores[i, j] = s
    return scores


def align(submission: Submission, pack: Pack, embedder: Embedder | None = None) -> Alignment:
    """Line up `submission` with `pack`.

    A free-text file (Markdown, text, notebook, Word, PDF) is searched for the pack's
    questions (`locate`); a file whose layout already names each answer's question (a Forms
    export, a class CSV, a chat transcript) has its blocks assigned (see module docstring).
    Raises `AlignmentError` when no question of the pack is found in a free-text file.
    """
    from .pointers import follow_pointers

    if submission.document:
        return follow_pointers(_align_document(submission, pack, embedder))
    return follow_pointers(_align_blocks(submission, pack, embedder))


def _align_document(submission: Submission, pack: Pack, embedder: Embedder | None) -> Alignment:
    from .answer_ends import signed_name
    from .essay import read_essay
    from .locate import locate
    from .slipped import follow_slip

    found = locate(submission.document, pack, embedder)
    if embedder is not None and (essay := read_essay(submission.document, pack, embedder, found)) is not None:
        found = essay  # paragraphs of prose that ask no question: each answers the question it is about
    elif embedder is not None:
        found = follow_slip(found, submission.document, pack, embedder)  # "16. Padding" for the pack's 17
    if not found.found:
        raise AlignmentError(
            f"{submission.source}: none of the questions of pack {pack.id} was found in this file. greenpen "
            "finds an answer under its question: the question's number at the start of a line (\"3.\", \"Q3\", "
            "\"## Question 3\") or the question's own words. Check the file is a student's answers to this "
            "questionnaire and give its pack with --pack; if the student marked answers some other way, number "
            "each answer by its question and grade the file again"
        )
    submission = _checked_identity(submission, found.placement, pack)
    after = [u for u in found.unaligned if u.label.startswith("(after")]  # not the title: "# Ch 3 – Mere answers"
    if not submission.student and after and (signed := signed_name(after[-1].text)):
        submission = replace(submission, student=signed)  # "— Rosa" under the last answer, no name above the first
    answers, signature = _signed_last(found.answers, pack, submission.student)
    unaligned = tuple(u for u in (*found.unaligned, *signature) if not _only_identity(u.text, submission))
    return Alignment(submission, pack, round(found.fit, 3), answers, unaligned)


def _signed_last(answers: dict[str, AlignedAnswer], pack: Pack,
                 student: str) -> tuple[dict[str, AlignedAnswer], tuple[RawAnswer, ...]]:
    """The answers without the student's signature under the last one ("Ben" under a last question left blank,
    "Chloé D., March 2024" under the last answer of a PDF, which keeps no blank line above it): a last line made
    of the name the file's header gives, initials and a date. The line is shown after the last question."""
    names = set(re.findall(r"[^\W\d_]+", fold(student)))
    last = next((q for q in reversed(pack.questions) if q.id in answers and answers[q.id].text.strip()), None)
    if last is None or not names:
        return answers, ()
    found = answers[last.id]
    lines = found.text.rstrip().split("\n")
    said = re.findall(r"[^\W\d_]+", fold(lines[-1]))
    rest = [w for w in said if w not in names and not _DATE_WORD.fullmatch(w) and len(w) > 1]
    if not said or said[0] not in names or rest or len(lines[-1].split()) > SIGNATURE_WORDS:
        return answers, ()
    kept = "\n".join(lines[:-1]).rstrip()
    original = found.original.rstrip()
    original = original[: original.rfind(lines[-1].strip())].rstrip() if lines[-1].strip() in original else kept
    signed = RawAnswer(label="(after the last question)", text=lines[-1].strip())
    return {**answers, last.id: replace(found, text=kept, original=original)}, (signed,)


SIGNATURE_WORDS = 6
"""The most words of a line that signs the file under its last answer."""
_DATE_WORD = re.compile(r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
"""A month's name in a signature's date ("Chloé D., March 2024")."""


def _checked_identity(submission: Submission, placement: dict[int, str], pack: Pack | None = None) -> Submission:
    """The submission with its student's name guessed from the file's header when the reader
    found none, or guessed again when the reader took it from text
    that is not the file's header: a reader that missed the first questions (`> 1. …` in a
    blockquote) or read a notebook's later cells takes a capitalised answer ("Mark I
    Perceptron") or a pasted page's heading ("Recipe Objective") for a name. The name stands
    when it is written before the pack's first question or on a `Name: …` line, and when it
    is written nowhere in the file: then it came from outside the text (an LMS zip's
    `Full Name_12345_assignsubmission_file_/` folder), not from an answer."""
    from .readers.bulk import canvas_name
    from .readers.identity import NAME_LINE, guess_identity

    name = fold(submission.student).strip()
    lines = submission.document
    # the header ends at the first question, or at the first answer of a file that asks none (an essay, answers only)
    first = min((k for k, where in placement.items() if where.startswith(("question", "answer"))), default=len(lines))
    header = [ln.text for ln in lines[:first]]
    if pack is not None and _topic(submission.student, pack):
        # "Data Ethics", the title of a chapter on data ethics, read as a name: two students' reports were merged as
        # one student's; the name is looked for again in the header, topic lines left out
        student, email = _guessed([t for t in header if not _topic(t.strip("#*_ "), pack)], pack)
        return replace(submission, student=student, email=submission.email or email)
    if _LMS_KEY.match(submission.student) and (guessed := guess_identity(header)[0]):
        # Canvas's key ("khalilfarah"), given by the zip: the name the file's header writes, when it spells the key
        return replace(submission, student=canvas_name(submission.student, guessed))
    written = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") if name else None
    # "Sam" is written where the word is, not inside "same"
    if not placement or (written is not None and not any(written.search(fold(ln.text)) for ln in lines)):
        return submission
    if not name:  # a reader that found no layout (a Word table, a PDF) guessed no name
        student, email = _guessed(header, pack)
        return replace(submission, student=student, email=submission.email or email)
    labelled = [ln.text for ln in lines if NAME_LINE.match(ln.text.strip())]
    if written is not None and any(written.search(fold(text)) for text in (*header, *labelled)):
        return submission
    student, _ = _guessed(header, pack)
    return replace(submission, student=student)


def _guessed(header: list[str], pack: Pack | None) -> tuple[str, str]:
    """(student, email) from the header, a name made of the course's words passed over ("Fastbook Chapter 3 — Data
    Ethics" beside a title: the chapter's name, not a student's) for the lines that do not hold it."""
    from .readers.identity import guess_identity

    student, email = guess_identity(header)
    if student and pack is not None and _topic(student, pack):
        student, email = guess_identity([t for t in header if fold(student) not in fold(t)])
    return ("", email) if student and pack is not None and _topic(student, pack) else (student, email)


def _topic(text: str, pack: Pack) -> bool:
    """`text`'s words are all words of the course pack (its title, its course, its questions): a title, not a name."""
    said = set(re.findall(r"[^\W\d_]+", fold(text)))
    if not said:
        return False
    course = " ".join([pack.title, pack.course, *(q.text for q in pack.questions)])
    return said <= set(re.findall(r"[^\W\d_]+", fold(course)))


_LMS_KEY = re.compile(r"^[a-z][a-z0-9-]{2,}$")
"""A login-like key in place of a name (Canvas's "souzaana"): lower case, no space."""


def _only_identity(text: str, submission: Submission) -> bool:
    """True when leftover text only says who wrote the file (the student's name or e-mail): the report shows those
    in its header already. Its title is not in the report, so a title line stays in sight, before the first
    question."""
    known = [fold(x) for x in (submission.student, submission.email) if x.strip()]
    lines = [fold(line).strip(" #*_>-:") for line in text.splitlines() if line.strip()]

    def says_only_who(line: str) -> bool:  # "Name: Ana Souza", "by Ana", not "Q6 is wrong, see the book - Ana"
        rest = line
        for k in known:
            rest = rest.replace(k, " ")
        return rest != line and bool(_IDENTITY_REST.match(rest))

    return bool(known) and all(says_only_who(line) or (len(line) >= 4 and any(line in k for k in known))
                               for line in lines)


_IDENTITY_REST = re.compile(
    r"^[\W_]*(?:(?:" + lang.patterns(lang.NAME_LABELS) + "|" + lang.patterns(lang.WRITTEN_BY)
    + r"|by|von|de|par|por|e-?mail|from|student id|id)(?![^\W\d_])[\W_]*)*$", re.IGNORECASE)
"""What a line that only says who wrote the file holds besides the name, e-mail or title: a label ("Name:",
"Student ID:", "by"), not a greeting ("Viele Grüße,") or a sentence."""


def _align_blocks(submission: Submission, pack: Pack, embedder: Embedder | None) -> Alignment:
    from .locate import no_answer

    items = submission.items
    scores = match_scores(items, pack, embedder)
    owner: dict[int, list[int]] = {}  # question index -> item indices
    assigned: dict[int, int] = {}  # item index -> question index
    order = sorted(((scores[i, j], i, j) for i in range(len(items)) for j in range(len(pack.questions))),
                   reverse=True)
    for score, i, j in order:
        if score < ACCEPT or i in assigned:
            continue
        taken = owner.get(j, [])
        if taken and not any(abs(k - i) == 1 for k in taken):
            continue  # a question takes a second block only when it is adjacent (a split)
        if taken and not (items[i].label or items[taken[0]].label):
            continue
        numbers = {items[k].number for k in (i, *taken)}
        if taken and None not in numbers and len(numbers) > 1:
            continue  # "3. … rows and columns …" and "4. … a column by name …": two questions, not one split in two
        if taken and not _part_of(items[i].label, pack.questions[j]):
            continue  # "Implement progressive resizing in your own project. Did it help?" beside "What is progressive
            # resizing?": the next question of the book, which the pack leaves out, not the rest of this one
        if taken and _own_question(i, j, items, scores, pack, owner):
            continue  # "Model?" beside "What does it mean to train a model?": the column of "What is a model…?"
        owner.setdefault(j, []).append(i)
        assigned[i] = j
    for j in range(len(pack.questions)):  # a block that asks two questions answers both
        if j in owner:
            continue
        i = int(np.argmax(scores[:, j])) if len(items) else -1
        if i >= 0 and scores[i, j] >= SHARED and _asks_more(items[i].label, assigned.get(i), pack):
            owner[j] = [i]
    answers: dict[str, AlignedAnswer] = {}
    for j, idxs in sorted(owner.items()):
        idxs = sorted(idxs)
        blocks = [items[i] for i in idxs]
        q = pack.questions[j]
        text = "\n\n".join(b.text for b in blocks if b.text.strip())
        answers[q.id] = AlignedAnswer(
            question_id=q.id,
            text="" if no_answer(text, q, embedder) else text,  # "N/A" in a form's cell: no answer, shown as written
            original="\n\n".join(b.original or b.text for b in blocks if (b.original or b.text).strip()),
            confidence=round(min(1.0, float(np.mean([scores[i, j] for i in idxs]))), 3),
            labels=tuple(b.label for b in blocks),
            attachments=tuple(a for b in blocks for a in b.attachments),
            repairs=tuple(r for b in blocks for r in b.repairs),
        )
    unaligned = tuple(  # a blank cell says nothing; a column headed only "Q12" is shown as question 12's
        replace(items[i], label=items[i].label or (f"Q{items[i].number}" if items[i].number is not None else ""))
        for i in range(len(items)) if i not in assigned
        and not any(i in v for v in owner.values()) and (items[i].original or items[i].text).strip())
    quality = _quality(scores)
    return Alignment(submission, pack, round(quality, 3), answers, unaligned)


_BACK_REFERENCE = re.compile(rf"\b(?:{lang.words(lang.BACK_REFERENCES)})\b", re.IGNORECASE)


def _own_question(i: int, j: int, items: Sequence[RawAnswer], scores: np.ndarray, pack: Pack,
                  owner: dict[int, list[int]]) -> bool:
    """Block `i`, about to be taken for a part of question `j` split off by the form, is rather the column of a
    question no block has yet: its label reads like that one (ACCEPT), says as many of that question's words as of
    `j`'s ("Model?" beside "What does it mean to train a model?", for "What is a model in machine learning?"), and
    does not point back at the column before ("Why is it needed?")."""
    label = items[i].label
    if _BACK_REFERENCE.search(label):
        return False
    said = content_tokens(label)
    here = len(said & content_tokens(pack.questions[j].text))
    return any(k not in owner and scores[i, k] >= ACCEPT and len(said & content_tokens(q.text)) >= here
               for k, q in enumerate(pack.questions))


SPLIT_WORDS = 0.6
"""Share of a column's words the question must hold for the column to be a part of it, split off by the form."""


def _part_of(label: str, question: Question) -> bool:
    """A block's label is a part of `question` as a form splits one ("Why is it needed?" beside "What is data
    augmentation?"): most of its words are the question's."""
    words = content_tokens(label)
    asked = set().union(*(content_tokens(t) for t in (question.text, *question.aliases)))
    return not words or len(words & asked) >= SPLIT_WORDS * len(words)


def _asks_more(label: str, own: int | None, pack: Pack) -> bool:
    """Whether a block's label asks another question besides the pack question it answers:
    more question marks than that question has ("What is a validation set? What is a test
    set? Why …?" is one question of three parts, not three questions)."""
    asked = 1 if own is None else max(1, pack.questions[own].text.count("?"))
    return label.count("?") > asked


def _quality(scores: np.ndarray) -> float:
    if scores.size == 0:
        return 0.0
    return float(np.clip(np.mean(np.minimum(scores.max(axis=1), 1.0)), 0.0, 1.0))


def choose_pack(submission: Submission, packs: Sequence[Pack],
                embedder: Embedder | None = None) -> tuple[Pack, float]:
    """The pack whose questions the submission answers, and how sure (0..1)."""
    if not packs:
        raise AlignmentError("no course packs are available — give one with --pack FILE.yaml")
    if not submission.items and not submission.document:
        raise AlignmentError(f"{submission.source}: no question/answer blocks were found, so no pack can "
                             "be chosen — check the file's format with `greenpen read`")
    ranked = sorted(((_pack_fit(submission, p, embedder), p.id, p) for p in packs), key=lambda t: (-t[0], t[1]))
    best_fit, _, best = ranked[0]
    if submission.document and best_fit == 0.0:
        raise AlignmentError(
            f"{submission.source}: no question of any course pack ({', '.join(p.id for p in packs)}) was found "
            "in this file — check it is a student's answers; for another course, give its pack with --pack "
            "FILE.yaml (see docs/pack-format.md)"
        )
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    sure = float(np.clip(0.5 + (best_fit - runner_up) * 2.5, 0.0, 1.0)) * min(1.0, best_fit / 0.5)
    return best, round(sure, 2)


def _pack_fit(submission: Submission, pack: Pack, embedder: Embedder | None) -> float:
    if submission.document:
        from .locate import locate

        found = locate(submission.document, pack, embedder)
        return found.fit * min(1.0, found.found / max(1, min(len(pack.questions), 8)))
    labelled = [it for it in submission.items if it.label]
    if not labelled:  # numbers only: the pack whose size fits the numbering best
        numbers = {it.number for it in submission.items if it.number is not None}
        have = {q.number for q in pack.questions}
        return len(numbers & have) / max(len(numbers | have), 1)
    scores = match_scores(labelled, pack, embedder)
    return float(np.mean(np.minimum(scores.max(axis=1), 1.0)))
