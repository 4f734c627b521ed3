"""Grade a run: the one library call the CLI, the review app and the benchmarks share.

    items = gather(["class/", "late.md"], pack="fastai-04")           # read (cheap)
    result = grade_run(items, Options(pack="fastai-04"), store=store, run_id=run_id,
                       on_event=lambda e: print(e.done, "/", e.total))
    write_reports(result.reports, [renderer("json")], Path("out"))

The flow is one way: read (`gather`) → grade each submission in parallel (`grade_batch`,
which runs the pipeline: align → grade → feedback → Report) → save each result in the store
as soon as it is ready (a killed batch resumes where it stopped) → the final reports (the
store's, where the teacher's edits win; without a store, each report scoped to the
questions the class was asked) → render. Nothing here prints or reads the environment.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..domain import Pack, Report
from ..errors import PackError
from ..pipeline import Options
from .batch import Outcome, Summary, WorkItem


@dataclass(frozen=True)
class Event:
    """Progress of a run: `start` (total known), one `result` per submission, `done`."""

    kind: Literal["start", "result", "done"]
    done: int
    total: int
    outcome: Outcome | None = None


@dataclass
class RunResult:
    """What a run produced."""

    summary: Summary
    reports: dict[str, Report] = field(default_factory=dict)
    """source → the final report (the teacher's edits win when there is a store)."""
    changed: int = 0
    """Answers whose automatic result changed since the last grading (flagged for review)."""
    kept: int = 0
    """Teacher edits kept."""
    workers: int = 1


def gather(files: Sequence[str], *, format: str | None = None, pack: str | None = None) -> list[WorkItem]:
    """Read every file, folder, class CSV or LMS zip into work items (unreadable ones as failures)."""
    from ..packs import get_pack
    from .batch import collect

    paths, refused = gather_paths(files)
    items = collect(paths, format=format, packs=[get_pack(pack)] if pack else None)
    return items + [WorkItem(source, None, reason) for source, reason in refused]


def split_by_pack(items: Sequence[WorkItem], embedder: str) -> dict[str, list[WorkItem]]:
    """The items grouped by the course pack each answers (a run is one assignment).

    Used when no pack is given: each submission's pack is chosen as grading would choose it.
    An item that cannot be read, or whose pack cannot be chosen, stays with the first group
    (it fails there with its reason).
    """
    from ..align import choose_pack
    from ..errors import GreenpenError
    from ..grading.embed import get_embedder
    from ..packs import all_packs

    packs, model = all_packs(), get_embedder(embedder)
    groups: dict[str, list[WorkItem]] = {}
    undecided: list[WorkItem] = []
    for item in items:
        if item.submission is None or item.error:
            undecided.append(item)
            continue
        try:
            pack, _ = choose_pack(item.submission, packs, model)
        except GreenpenError:
            undecided.append(item)
            continue
        groups.setdefault(pack.id, []).append(item)
    if not groups:
        return {"": undecided}
    first = next(iter(groups))
    groups[first] = undecided + groups[first]
    return groups


def grade_run(
    items: Sequence[WorkItem],
    options: Options,
    *,
    store: Any = None,
    run_id: int | None = None,
    resume: bool = True,
    workers: int = 0,
    on_event: Callable[[Event], None] | None = None,
    grade: Callable[..., Report] | None = None,
    after_grading: Callable[[], None] | None = None,
) -> RunResult:
    """Grade `items` into run `run_id` of `store` (or without a store when it is None).

    With `resume`, a submission the store already holds graded from the same answers and the
    same rubric is skipped. `workers` = 0 chooses (one process for a class, one per core for
    hundreds). `on_event` hears the progress. `grade` replaces the pipeline's grading (tests).
    """
    from .batch import (
        already_graded,
        asked_questions,
        default_workers,
        grade_batch,
        overall_for,
        pack_fingerprint,
        scope_report,
    )

    fingerprints = store.fingerprints(run_id) if store is not None and resume else {}
    skipped = {i.source for i in items if already_graded(i, fingerprints.get(i.source), options)}
    graded_now: dict[int, int] = {}  # submission id → questions its report was written for
    packs: dict[str, Pack] = {}  # loaded once for the overall assessments written at the end
    total = len(items) - len(skipped)
    done = 0

    def emit(kind: Literal["start", "result", "done"], outcome: Outcome | None = None) -> None:
        if on_event is not None:
            on_event(Event(kind, done, total, outcome))

    def on_result(outcome: Outcome) -> None:
        nonlocal done
        if store is not None and outcome.report is not None:
            sid = store.save_graded(run_id, outcome.submission, outcome.report,
                                    pack_hash=pack_fingerprint(options.pack or outcome.report.pack),
                                    seconds=outcome.seconds)
            graded_now[sid] = len(outcome.report.questions)
        elif store is not None:
            store.save_failed(run_id, outcome.source, outcome.error, outcome.submission)
        done += 1
        emit("result", outcome)

    n_workers = workers or default_workers(total)
    emit("start")
    summary = grade_batch(items, options, workers=n_workers, on_result=on_result, grade=grade,
                          skip=lambda item: item.source in skipped)
    if after_grading is not None:
        after_grading()
    result = RunResult(summary, workers=n_workers)
    # The final reports come once the class is complete: a class file asks only some of the
    # pack's questions, and which ones is known from all the answers (the store: with edits).
    if store is not None:
        result.reports = {}
        for s in store.submissions(run_id, graded_only=True):
            report = store.report(s.id)
            fewer = s.id in graded_now and len(report.questions) < graded_now[s.id]  # the class asked fewer questions
            # the teacher's verdicts (or those learned from them) are the report's: its assessment must count them,
            # not greenpen's ("9 of 9 correct" over two answers the teacher marked incorrect)
            overruled = any((a.verdict, round(a.score, 2)) != (a.auto_verdict, round(a.auto_score, 2))
                            for a in s.answers)
            if fewer or overruled:
                try:
                    store.set_auto_overall(s.id, overall_for(report, options, packs).overall)
                except PackError:  # the run's pack is no longer to be found: the assessment written with it stays
                    if fewer:
                        raise
                report = store.report(s.id)
            result.reports[s.source] = report
        answers = [a for s in store.submissions(run_id) for a in s.answers]
        result.changed = sum(a.changed for a in answers)
        result.kept = sum(a.edited for a in answers)
    else:
        reports = [o.report for o in summary.outcomes if o.report is not None]
        asked = None if options.questions else asked_questions(reports)  # the teacher said what was set
        result.reports = {r.source: scope_report(r, asked, options, packs) for r in reports}
    emit("done")
    return result


def write_reports(reports: dict[str, Report], renderers: Sequence[tuple[str, Callable[[Report], str]]],
                  out_dir: Path) -> list[Path]:
    """One file per report and format, named after the student (`ana-souza.md`)."""
    if not renderers:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    names = report_names([(source, report.student) for source, report in reports.items()])
    written = []
    for source, report in reports.items():
        for suffix, render in renderers:
            target = out_dir / f"{names[source]}{suffix}"
            target.write_text(render(report), encoding="utf-8")
            written.append(target)
    return written


def slug(text: str) -> str:
    """A file-name-safe, lower-case ASCII form of `text` ("João Pereira" → "joao-pereira")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-.") or "submission"


def report_names(sources_and_students: Sequence[tuple[str, str]]) -> dict[str, str]:
    """source → report file stem: the student's name, made unique with the source when two share it."""

    def base(source: str, student: str) -> str:
        if student and slug(student) != slug(""):  # a name in letters ASCII has none of ("王伟"): the file's name
            return slug(student)
        file, _, row = source.partition("#")
        return slug(f"{Path(file).stem}-{row}" if row else Path(file).stem)

    # "ana-souza-answers", not "ana-souza-answers.md" (written "ana-souza-answers.md.md"); the file's type only when
    # the names alone are alike ("answers.md" and "answers.ipynb"); the folders only when the files' names are alike
    # too ("kwame/README.md" and "minh/README.md"); a number when nothing else tells them apart
    def ways(source: str, student: str) -> list[str]:
        b = base(source, student)
        stem = f"{b}-{slug(Path(source).stem)}"
        return [b, stem, f"{stem}-{slug(Path(source).suffix.lstrip('.'))}",
                f"{b}-{slug(source.replace('/', '-').replace(chr(92), '-'))}"]

    options = {source: ways(source, student) for source, student in sources_and_students}
    names: dict[str, str] = {}
    pending = list(options)
    for step in range(max((len(way) for way in options.values()), default=0)):
        counts = Counter(options[source][step] for source in pending)
        for source in pending:
            if counts[options[source][step]] == 1 and options[source][step] not in names.values():
                names[source] = options[source][step]
        pending = [source for source in pending if source not in names]
    for source in pending:
        n = 2
        while f"{options[source][-1]}-{n}" in names.values():
            n += 1
        names[source] = f"{options[source][-1]}-{n}"
    return names


def default_run_name(files: Sequence[str]) -> str:
    """The first file's (or folder's) name without suffix: grading the same files again resumes."""
    first = Path(files[0].rstrip("/\\"))
    name = first.stem if first.suffix else first.name
    return name + (f"-and-{len(files) - 1}-more" if len(files) > 1 else "")


def gather_paths(paths: Iterable[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The files to read, and (name, reason) for what a folder holds that must not be read.

    Files given by name are taken as given (the reader refuses a pipe or a folder). A folder
    stands for the regular files inside it, sorted, hidden ones skipped; links are not
    followed out of it (a link to `/etc/passwd` in a class folder must not end up in a
    report), and named pipes, sockets and devices are refused rather than opened (opening a
    pipe waits forever).
    """
    from ..readers.base import clean_name

    out: list[Path] = []
    refused: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            out.append(p)
            continue
        root = p.resolve()
        found: list[Path] = []
        for folder, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found += [Path(folder) / f for f in files if not f.startswith(".")]
        for f in sorted(found):
            shown = clean_name(str(f))
            if f.is_symlink():
                target = f.resolve()
                if not target.exists():
                    refused.append((shown, f"{shown}: is a broken link — copy the submission itself into the folder"))
                    continue
                if not target.is_relative_to(root):
                    refused.append((shown, f"{shown}: is a link to a file outside the folder, so it was not read — "
                                           "copy the file into the folder if it is a submission"))
                    continue
            try:
                mode = f.stat().st_mode
            except OSError as exc:
                refused.append((shown, f"{shown}: cannot be read ({exc.strerror}) — check its permissions"))
                continue
            if not stat.S_ISREG(mode):
                refused.append((shown, f"{shown}: is not a regular file (a named pipe, device or socket), so it "
                                       "was not read — remove it from the folder"))
                continue
            out.append(f)
    return out, refused
