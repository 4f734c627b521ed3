"""Grade a whole class: many files, folders or class CSVs, in parallel, one failure never stops the rest.

    items = collect([Path("class.csv"), Path("late/")])        # read everything (cheap)
    summary = grade_batch(items, Options(pack="fastai-04"), workers=2, on_result=save)

Reading happens in this process; grading runs in a pool of worker processes that each load
the models once (`workers=1` grades in this process, no pool). A submission that cannot be
read or graded becomes a failed `Outcome` with the reason, as nbgrader records a failed
notebook; `on_result` is called for every outcome as soon as it is ready, so a caller that
saves there loses nothing already graded if the batch is killed.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..domain import Pack, Report, Submission, total_score
from ..errors import GradingError, GreenpenError
from ..pipeline import Options

GradeFn = Callable[[Submission, Options], Report]
WarmFn = Callable[[Options], None]


@dataclass(frozen=True)
class WorkItem:
    """One submission to grade, or (with `error`) one that could not even be read."""

    source: str
    submission: Submission | None
    error: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of one submission."""

    source: str
    status: Literal["graded", "failed"]
    submission: Submission | None = None
    report: Report | None = None
    error: str = ""
    seconds: float = 0.0

    @property
    def student(self) -> str:
        if self.report is not None and self.report.student:
            return self.report.student
        return self.submission.student if self.submission is not None else ""


@dataclass
class Summary:
    """The batch in numbers; `outcomes` are in the order of the items."""

    outcomes: list[Outcome] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0
    workers: int = 1

    @property
    def graded(self) -> int:
        return sum(o.status == "graded" for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def unassessable(self) -> int:
        """Answers graded `unassessable` (the teacher must look at them)."""
        return sum(q.verdict == "unassessable" for o in self.outcomes if o.report for q in o.report.questions)


def collect(
    paths: Iterable[Path],
    *,
    format: str | None = None,
    packs: Sequence[Pack] | None = None,
    read: Callable[..., list[Submission]] | None = None,
) -> list[WorkItem]:
    """Read every file into work items; an unreadable file or malformed row becomes a failed item."""
    if read is None:
        from ..pipeline import read_submissions

        read = read_submissions
    items: list[WorkItem] = []
    paths = list(paths)
    shown = distinct_names(paths)
    for path in paths:
        try:
            submissions = read(path, format=format, packs=packs)
        except GreenpenError as exc:
            items.append(WorkItem(shown[path], None, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the class
            items.append(WorkItem(shown[path], None, f"{shown[path]}: {_internal(exc)}"))
            continue
        name = _shown(path)
        if shown[path] != name:  # "alice/homework.txt" beside "bob/homework.txt": each its own submission
            submissions = [replace(sub, source=shown[path] + sub.source[len(name):])
                           if sub.source.startswith(name) else sub for sub in submissions]
        for sub in submissions:
            if sub.readable:
                items.append(WorkItem(sub.source, sub))
            else:
                reason = (
                    sub.extra[0]
                    if sub.extra
                    else (f"{sub.source}: no answers found — check the file holds the student's answers")
                )
                items.append(WorkItem(sub.source, sub, reason))
    return items


def distinct_names(paths: Sequence[Path]) -> dict[Path, str]:
    """Each file's name as its reports name their source (`_shown`); where two files share a name (a class downloaded
    as a folder per student, each holding `homework.docx`), with as many of its folders before it as tell it apart:
    "alice/homework.docx", "bob/homework.docx"."""
    out = {path: _shown(path) for path in paths}
    names = Counter(out.values())
    for path in paths:
        if names[out[path]] < 2:
            continue
        others = [p for p in paths if p != path and _shown(p) == out[path]]
        parts = path.resolve().parts
        for depth in range(2, len(parts) + 1):
            shown = "/".join(parts[-depth:])
            if all("/".join(p.resolve().parts[-depth:]) != shown for p in others):
                out[path] = "/".join([*(_shown(Path(part)) for part in parts[-depth:-1]), out[path]])
                break
    return out


def _shown(path: Path) -> str:
    """The file's name as a graded file's report names its source (so that the file, fixed and graded again, takes the
    place of its failure in the store), fit for the store and the terminal (no undecodable bytes, no control codes)."""
    from ..readers.base import clean_name

    return clean_name(path.name)


def _internal(exc: BaseException) -> str:
    from ..readers.base import describe

    return f"internal error ({describe(exc)}) — please report it with this file"


PARALLEL_FROM = 100
"""Use more than one worker only for this many submissions or more (see `default_workers`)."""


def default_workers(n_items: int) -> int:
    """Worker processes to use: one for a class, one per core for a big batch.

    Measured on the 2-core reference machine, 30 students of fastai-04: 1 worker 25 s, 2 workers
    53 s. Each worker loads the models (about 20 s) and a submission then grades in about 0.25 s,
    so a second process only pays off when grading outweighs the extra model load.
    """
    if n_items < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, n_items, 8))


def warm_models(options: Options) -> None:
    """Load the embedder once per worker, before the first submission arrives."""
    from ..grading.embed import get_embedder

    try:
        get_embedder(options.embedder)
    except GreenpenError:
        pass  # each submission will then fail with the loader's message


def grade_default(submission: Submission, options: Options) -> Report:
    from ..pipeline import grade_submission

    return grade_submission(submission, options)


def grade_batch(
    items: Sequence[WorkItem],
    options: Options,
    *,
    workers: int = 1,
    grade: GradeFn | None = None,
    warm: WarmFn | None = None,
    on_result: Callable[[Outcome], None] | None = None,
    skip: Callable[[WorkItem], bool] | None = None,
) -> Summary:
    """Grade `items`, calling `on_result` for each outcome as it completes; returns the summary.

    Args:
        workers: processes to grade in; 1 grades here, without a pool.
        grade: the grading function (module-level, so it can be sent to workers); default: the
            pipeline's `grade_submission`, with `warm_models` as `warm`.
        warm: called once per worker (and once here when `workers == 1`) to load models.
        skip: items for which it returns True are not graded (already in the store).
    """
    if grade is None:
        grade, warm = grade_default, warm or warm_models
    started = time.perf_counter()
    summary = Summary(workers=workers)
    todo: list[tuple[int, WorkItem]] = []
    results: dict[int, Outcome] = {}

    def finish(index: int, outcome: Outcome) -> None:
        results[index] = outcome
        if on_result is not None:
            on_result(outcome)

    for index, item in enumerate(items):
        if skip is not None and skip(item):
            summary.skipped += 1
        elif item.error or item.submission is None:
            finish(index, Outcome(item.source, "failed", item.submission, error=item.error))
        else:
            todo.append((index, item))

    if todo and workers <= 1:
        if warm is not None:
            warm(options)
        for index, item in todo:
            assert item.submission is not None
            finish(index, _outcome(item, *_grade_one(grade, item.submission, options)))
    elif todo:
        _grade_in_pool(todo, options, min(workers, len(todo)), grade, warm, finish)
    summary.outcomes = [results[i] for i in sorted(results)]
    summary.seconds = time.perf_counter() - started
    return summary


def _grade_in_pool(
    todo: list[tuple[int, WorkItem]],
    options: Options,
    workers: int,
    grade: GradeFn,
    warm: WarmFn | None,
    finish: Callable[[int, Outcome], None],
) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no fork after threads/torch in this process
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(warm, options)
    )
    futures: dict[Future[tuple[Report | None, str, float]], tuple[int, WorkItem]] = {}
    try:
        for index, item in todo:
            assert item.submission is not None
            futures[pool.submit(_grade_one, grade, item.submission, options)] = (index, item)
        from concurrent.futures import as_completed

        broken: list[tuple[int, WorkItem]] = []
        for future in as_completed(futures):
            index, item = futures[future]
            try:
                finish(index, _outcome(item, *future.result()))
            except BrokenProcessPool:
                broken.append((index, item))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    # A worker died (killed, out of memory, or it could not start): grade the rest here, one by
    # one, so the batch still finishes; a submission that kills this process too stops it.
    if broken:
        if warm is not None:
            warm(options)
        for index, item in sorted(broken, key=lambda pair: pair[0]):
            assert item.submission is not None
            finish(index, _outcome(item, *_grade_one(grade, item.submission, options)))


def _init_worker(warm: WarmFn | None, options: Options) -> None:
    if warm is not None:
        warm(options)


GRADE_SECONDS = 600.0
"""Wall-clock time to grade one submission (a 300,000-character one takes well under a minute);
three times as long with a language model. Past it the submission fails, the batch goes on."""


def _too_long(seconds: float) -> GradingError:
    return GradingError(
        f"grading took more than {seconds:g} s, greenpen's limit for one submission — check it is one "
        "student's answers, grade it with --no-code, or grade it by hand"
    )


def _grade_one(grade: GradeFn, submission: Submission, options: Options) -> tuple[Report | None, str, float]:
    """Grade one submission; any failure comes back as a reason, never as an exception."""
    from ..readers.limits import time_limit

    started = time.perf_counter()
    seconds = GRADE_SECONDS * (3 if options.llm else 1)
    try:
        with time_limit(submission.source, seconds, _too_long):
            report = grade(submission, options)
    except GreenpenError as exc:
        return None, f"{submission.source}: {exc}", time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - one bad submission must not stop the class
        text = " ".join(str(exc).split())[:200] or "(no message)"
        return (
            None,
            (
                f"{submission.source}: internal error {type(exc).__name__}: {text} — please report it "
                "with this submission"
            ),
            time.perf_counter() - started,
        )
    return report, "", time.perf_counter() - started


def _outcome(item: WorkItem, report: Report | None, error: str, seconds: float) -> Outcome:
    if report is None:
        return Outcome(item.source, "failed", item.submission, error=error, seconds=seconds)
    return Outcome(item.source, "graded", item.submission, report=report, seconds=seconds)


def already_graded(item: WorkItem, done: tuple[str, str, str, str] | None, options: Options) -> bool:
    """True when the store holds a graded result for `item` from the same answers and the same rubric.

    `done` is the stored (status, input_hash, pack, pack_hash) of the item's source (see
    `Store.fingerprints`). A rubric edit changes the pack's fingerprint, so it is graded again.
    """
    from ..store.db import submission_hash

    if item.submission is None or item.error or done is None or done[0] != "graded":
        return False
    status, input_hash, pack_id, pack_hash = done
    return input_hash == submission_hash(item.submission) and pack_hash == pack_fingerprint(
        options.pack or pack_id
    )


@lru_cache(maxsize=32)
def pack_fingerprint(pack_id: str) -> str:
    """A hash of the pack's questions and rubrics: a rubric edit changes it (so resume re-grades)."""
    from ..packs import get_pack

    try:
        pack = get_pack(pack_id)
    except GreenpenError:
        return ""
    return hashlib.sha256(repr(pack).encode()).hexdigest()[:16]


def asked_questions(reports: Sequence[Report]) -> set[str] | None:
    """The questions some student answered: what the class was asked (None: all, under two reports).

    The store applies the same rule in SQL (`asked_questions` view); this is for `--no-db`.
    """
    if len(reports) < 2:
        return None
    return {q.id for r in reports for q in r.questions if q.verdict != "missing"} or None


def scope_report(report: Report, asked: set[str] | None, options: Options | None = None,
                 packs: dict[str, Pack] | None = None) -> Report:
    """`report` limited to the `asked` questions, its score averaged over those and, with `options`, its
    overall assessment written again for them (it was written for every question of the pack)."""
    from dataclasses import replace

    if asked is None:
        return report
    questions = tuple(q for q in report.questions if q.id in asked)
    if not questions or len(questions) == len(report.questions):
        return report
    scoped = replace(report, questions=questions, score=total_score(questions))
    return scoped if options is None else overall_for(scoped, options, packs)


def overall_for(report: Report, options: Options, packs: dict[str, Pack] | None = None) -> Report:
    """`report` with its overall assessment written for the questions it holds (`packs`: the packs
    already loaded, by name, so a class's teacher pack is read once)."""
    from dataclasses import replace

    from ..feedback import write_overall
    from ..packs import get_pack

    packs = {} if packs is None else packs
    name = options.pack or report.pack
    if name not in packs:
        packs[name] = get_pack(name)
    return replace(report, overall=write_overall(report, packs[name], language=options.language))
