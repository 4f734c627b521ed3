"""The one-way pipeline: read → align → grade → write feedback → Report.

    read_submissions ─► align_submission ─► judge (code checks) ─► second_opinion / ModelSteps.judge
        ─► write_feedback ─► ModelSteps.reword ─► build_report (one total_score, overall) ─► render/store

Each step takes the previous one's value and nothing goes back: a Judgement is final before
its feedback is written, and feedback is final before the Report is built.

Pure library code: no terminal, no environment. The CLI and the web app call these, and pass
the settings they read from the environment in `Options.environ`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .align import align, choose_pack
from .domain import Alignment, Judgement, Pack, Question, QuestionReport, RawAnswer, Report, Submission, total_score
from .grading.embed import DEFAULT_EMBEDDER, Embedder, get_embedder
from .grading.grader import AnswerInput, grade_many
from .packs import all_packs, get_pack

if TYPE_CHECKING:
    from .llm.opinion import Case


@dataclass(frozen=True)
class Options:
    """How to grade: which pack (None: choose automatically), embedder, code runs."""

    pack: str | None = None
    embedder: str = DEFAULT_EMBEDDER
    run_code: bool = True
    unsafe_code: bool = False
    """Run students' code even where no sandbox works (the teacher's explicit choice)."""
    language: str = "en"
    llm: tuple[str, ...] = ()
    """Language-model uses ("judge", "wording"); the endpoint comes from greenpen's LLM settings."""
    judge: str = ""
    """A second reader for unsure answers: "local" (the bundled model), an endpoint URL or the name of
    a judge a plugin registers (`judges.py`); "" = none."""
    questions: tuple[int, ...] = ()
    """The numbers of the pack's questions the class was set; empty: every question some student answered
    (every question of the pack for one submission alone)."""
    environ: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    """The settings the shells read from the process environment (`GREENPEN_HOME`, `GREENPEN_LLM_*`,
    `GREENPEN_JUDGE_*`) for the second reader and the language model, and `GREENPEN_SANDBOX_DEBUG`
    (the code sandbox's worker may write to stderr); empty: the defaults. Never stored with a run
    (it may hold an API key): see `record`."""

    def record(self) -> dict[str, Any]:
        """The options to store with a run: all but `environ`."""
        return {k: v for k, v in asdict(self).items() if k != "environ"}

    @classmethod
    def from_record(cls, stored: Mapping[str, Any], environ: Mapping[str, str]) -> Options:
        """Options stored with a run (`record`), with this process's `environ`; unknown keys are ignored."""
        known = set(cls.__dataclass_fields__) - {"environ"}
        kept: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v  # JSON gives lists back
                                for k, v in stored.items() if k in known}
        return cls(**kept, environ=environ)


def question_hints(packs: Sequence[Pack]) -> list[str]:
    """Every question text and alias of `packs`: readers use them to spot question lines."""
    return [t for p in packs for q in p.questions for t in (q.text, *q.aliases)]


def read_submissions(path: str | Path, *, format: str | None = None,
                     packs: Sequence[Pack] | None = None) -> list[Submission]:
    from .readers import read_file

    return read_file(path, format=format, hints=question_hints(packs if packs is not None else all_packs()))


def align_submission(submission: Submission, pack: Pack | None = None, embedder: Embedder | None = None,
                     questions: Sequence[int] = ()) -> tuple[Alignment, float]:
    """Align to `pack`, or to the best-fitting shipped pack; returns (alignment, pack confidence). `questions`: the
    numbers of the questions the class was set (`set_questions`)."""
    if pack is None:
        pack, sure = choose_pack(submission, all_packs(), embedder)
    else:
        sure = 1.0
    alignment = align(submission, pack, embedder)
    return (set_questions(alignment, questions) if questions else alignment), sure


def set_questions(alignment: Alignment, numbers: Sequence[int]) -> Alignment:
    """`alignment` graded on the questions numbered `numbers` only (a question set and left blank is `missing`); an
    answer to another question of the pack is kept as text that is not an answer ("answer to question 9, which was
    not set"), shown to the teacher, never graded."""
    from dataclasses import replace

    chosen = set(numbers)
    kept = tuple(q.id for q in alignment.pack.questions if q.number in chosen)
    others = tuple(
        RawAnswer(label=f"(an answer to question {q.number}, which was not set) {q.text}", text=a.text,
                  original=a.original, number=q.number)
        for q in alignment.pack.questions if q.number not in chosen
        and (a := alignment.answers.get(q.id)) is not None and (a.original or a.text).strip())
    return replace(alignment, answers={k: v for k, v in alignment.answers.items() if k in kept},
                   unaligned=(*alignment.unaligned, *others), set_questions=kept)


COLUMN_FORMATS = frozenset({"csv"})
"""Formats whose layout lists the questions asked (one column each, empty cells included)."""


def asked_questions(alignment: Alignment) -> tuple[Question, ...]:
    """The questions a submission is graded on: those the teacher set, or all of the pack's (a skipped one is
    `missing`), except for a class CSV, whose columns say which questions were asked."""
    pack = alignment.pack
    if alignment.set_questions:
        return tuple(q for q in pack.questions if q.id in alignment.set_questions)
    if alignment.submission.format in COLUMN_FORMATS and alignment.answers:
        return tuple(q for q in pack.questions if q.id in alignment.answers)
    return pack.questions


def judge(alignment: Alignment, options: Options = Options()) -> list[Judgement]:
    """The grader's judgement of each asked question (code checks included), each carrying the
    key points it was graded against; the second reader and the model judge come after."""
    inputs = []
    for q in asked_questions(alignment):
        ans = alignment.answer(q.id)
        note = ans.original if ans and not ans.text.strip() else ""
        inputs.append(AnswerInput(q, ans.text if ans else "", ans.attachments if ans else (), note))
    if options.run_code:
        from .code.sandbox import allow_unsafe, show_worker_stderr

        allow_unsafe(options.unsafe_code)
        show_worker_stderr(bool(options.environ.get("GREENPEN_SANDBOX_DEBUG")))
    return grade_many(inputs, embedder=options.embedder, run_code=options.run_code, course=alignment.pack.questions)


def cases(alignment: Alignment, judgements: Sequence[Judgement]) -> list[Case]:
    """(question, answer, judgement) of each asked question, for the second reader and the judge."""
    from .llm.opinion import Case

    out = []
    for q, j in zip(asked_questions(alignment), judgements, strict=True):
        ans = alignment.answer(q.id)
        out.append(Case(q, ans.text if ans else "", j))
    return out


def second_opinion(alignment: Alignment, judgements: Sequence[Judgement],
                   options: Options = Options()) -> list[Judgement]:
    """The judgements with the second reader's opinion on the unsure ones (`options.judge`, a
    judge registered through plugins: "local", an endpoint URL, or a plugin's)."""
    if not options.judge:
        return list(judgements)
    from .judges import judge_for

    return judge_for(options.judge, options.environ).review(cases(alignment, judgements))


Graded = dict[tuple[str, str], tuple[Alignment, list[Judgement]]]
"""Submissions already aligned and graded (before the second reader), by (source, student)."""


def read_class(submissions: Sequence[Submission], options: Options, *,
               on_estimate: Callable[[Any], None] | None = None,
               on_progress: Callable[[int], None] | None = None) -> tuple[int, float, Graded]:
    """Ask the second reader about a whole class before grading it, question by question (each
    question's prompt prefix is evaluated once), so that grading each submission afterwards
    finds every answer in the reader's cache. Grading is right without this, only slower.
    Returns (answers the model read, seconds it took, the fast grader's judgements of each
    submission: hand them to `GradeAfterReading` so nothing is graded twice); cached answers
    are not counted."""
    from .judges import judge_for
    from .llm.opinion import SecondReader, needs_reader

    reader = judge_for(options.judge, options.environ)
    if not isinstance(reader, SecondReader):  # a plugin's judge reads each submission as it is graded
        return 0, 0.0, {}
    embedder = get_embedder(options.embedder)
    pack = get_pack(options.pack) if options.pack else None
    todo = []
    graded: Graded = {}
    for sub in submissions:
        alignment, _ = align_submission(sub, pack, embedder, options.questions)
        judgements = judge(alignment, options)
        graded[(sub.source, sub.student)] = (alignment, judgements)
        todo += [c for c in cases(alignment, judgements)
                 if needs_reader(c.judgement, reader.settings.judge_threshold)]
    todo.sort(key=lambda c: c.question.number)
    if on_estimate is not None:
        on_estimate(reader.estimate(todo))
    asked, seconds = reader.asked, reader.seconds
    reader.read(todo, on_progress)
    return reader.asked - asked, reader.seconds - seconds, graded


@dataclass(frozen=True)
class GradeAfterReading:
    """The batch's grading function after `read_class`: each submission's alignment and fast
    judgements are taken from the reading instead of being computed again (student code is
    run once), then the second reader's opinions (from its cache), feedback and the Report."""

    graded: Graded

    def __call__(self, submission: Submission, options: Options) -> Report:
        return grade_submission(submission, options, graded=self.graded.get((submission.source, submission.student)))


def write_feedback(alignment: Alignment, judgements: Sequence[Judgement],
                   options: Options = Options()) -> list[str]:
    """Feedback on each asked question, written from its final judgement."""
    from .feedback import write_question_feedback

    sub, pack = alignment.submission, alignment.pack
    out = []
    for q, j in zip(asked_questions(alignment), judgements, strict=True):
        ans = alignment.answer(q.id)
        out.append(write_question_feedback(q, j, ans.text if ans else "", pack=pack, language=options.language,
                                           student=sub.student or sub.source, in_file=ans is not None))
    return out


def build_report(alignment: Alignment, judgements: Sequence[Judgement], options: Options = Options(), *,
                 feedback: Sequence[str] | None = None, notes: Sequence[str] = ()) -> Report:
    """The Report: each question's judgement and feedback (written here when not given), the
    total score, the notes (the code sandbox's, then `notes`) and the overall assessment."""
    sub, pack = alignment.submission, alignment.pack
    if feedback is None:
        feedback = write_feedback(alignment, judgements, options)
    questions = []
    for q, j, text in zip(asked_questions(alignment), judgements, feedback, strict=True):
        ans = alignment.answer(q.id)
        questions.append(QuestionReport(
            id=q.id, number=q.number, question=q.text, answer=ans.text if ans else "", verdict=j.verdict,
            score=j.score, confidence=j.confidence, findings=j.findings, signals=j.signals, feedback=text,
            note=ans.original.strip() if ans and not ans.text.strip() else "", in_file=ans is not None,
        ))
    report = Report(
        source=sub.source, student=sub.student, format=sub.format, pack=pack.id, score=total_score(questions),
        questions=tuple(questions),
        unaligned=tuple((f"{u.label}\n{u.text}".strip()) for u in alignment.unaligned),
        notes=(*_notes(judgements, [q.number for q in questions]), *(n for n in notes if n)),
    )
    return _with_overall(report, pack, options)


def _with_overall(report: Report, pack: Pack, options: Options) -> Report:
    from .feedback import write_overall

    return replace(report, overall=write_overall(report, pack, language=options.language))


CODE_NOT_RUN = ("Student code was not run: bubblewrap, the sandbox greenpen runs it in, does not work here "
                "(install the Debian package bubblewrap; `greenpen grade --unsafe-code` runs it unprotected).")
"""The report's note, and the warning at the end of a batch, when the sandbox could not run students' code."""


def _notes(judgements: Sequence[Judgement], numbers: Sequence[int] = ()) -> tuple[str, ...]:
    """The teacher's notes about the code: whether and how it ran, and which answers to read
    yourself (`numbers`: the questions' numbers, in the order of `judgements`)."""
    from .code.checks import MIXED_WITH_PROSE
    from .code.sandbox import NO_SANDBOX

    if any(f.detail == NO_SANDBOX for j in judgements for f in j.findings):
        return (CODE_NOT_RUN,)
    mixed = [str(numbers[i]) if i < len(numbers) else j.question_id for i, j in enumerate(judgements)
             if any(f.kind == "code_unrunnable" and MIXED_WITH_PROSE in f.detail for f in j.findings)]
    read = (f"Code mixed with prose could not be run as written (question {', '.join(mixed)}): read it "
            "yourself.",) if mixed else ()
    ran_code = any(f.kind in ("code_ok", "code_wrong", "code_error") for j in judgements for f in j.findings)
    if not ran_code:
        return read
    from .code import sandbox_mode

    mode = sandbox_mode()
    if mode == "bubblewrap":
        return ("Student code ran in a bubblewrap sandbox (no network, no access to your files).", *read)
    return ("Student code ran WITHOUT isolation (--unsafe-code): it could read and change your files "
            "(install the Debian package bubblewrap for a sandbox).", *read)


def grade_submission(submission: Submission, options: Options = Options(), *,
                     graded: tuple[Alignment, list[Judgement]] | None = None) -> Report:
    """Align, grade (code checks, then the optional second reader and language-model judge),
    write feedback (optionally reworded by the model) and build the Report — in that order.
    `graded`: the submission's alignment and fast judgements, when `read_class` made them."""
    if graded is None:
        embedder = get_embedder(options.embedder)
        pack = get_pack(options.pack) if options.pack else None
        alignment, _ = align_submission(submission, pack, embedder, options.questions)
        judgements = judge(alignment, options)
    else:
        alignment, judgements = graded[0], list(graded[1])
    notes: list[str] = []
    if options.judge:
        from .llm.opinion import opinion_note

        judgements = second_opinion(alignment, judgements, options)
        notes.append(opinion_note(judgements))
    if not options.llm:
        return build_report(alignment, judgements, options, notes=notes)
    from .llm.settings import LLMSettings
    from .llm.steps import ModelSteps

    steps = ModelSteps(LLMSettings.from_env(options.environ), options.llm)
    try:
        judgements = steps.judge(cases(alignment, judgements))
        feedback = write_feedback(alignment, judgements, options)
        feedback = steps.reword(asked_questions(alignment), judgements, feedback)
    finally:
        steps.close()
    return build_report(alignment, judgements, options, feedback=feedback, notes=(*notes, *steps.notes))


def grade_file(path: str | Path, options: Options = Options(), *, format: str | None = None) -> list[Report]:
    """Read a file (one or many submissions) and grade each."""
    packs = [get_pack(options.pack)] if options.pack else None
    return [grade_submission(s, options) for s in read_submissions(path, format=format, packs=packs)]
