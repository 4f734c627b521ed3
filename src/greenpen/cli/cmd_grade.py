"""`greenpen grade` (files, folders, class CSVs) and `greenpen regrade RUN`.

Both grade in parallel, save every result to the store as soon as it is ready (so a killed
batch resumes where it stopped), write one report per student into --out, and end with a
summary. Exit code 2 when any submission failed, 1 for a usage error.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..domain import Pack, Report

from . import cli
from .common import UsageProblem, input_format_option, out_option, pack_option, say
from .grade_llm import llm_estimate, llm_uses_checked, read_class_first
from .progress import Progress

DEFAULT_DB = "greenpen.db"


db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite store of runs, results and the teacher's edits.",
)
workers_option = click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=0),
    default=0,
    help="Processes to grade in (default: one per core, 0 = automatic).",
)
formats_option = click.option(
    "--format",
    "-f",
    "formats",
    default="json,md",
    show_default=True,
    help="Report formats, comma-separated: json, md, html, txt.",
)


def open_store(db_path: Path, *, create: bool) -> Any:
    """The store at `db_path`; a read-only command refuses to create a new, empty one."""
    from ..errors import StoreError
    from ..store.db import Store

    if not create and not db_path.exists():
        raise StoreError(
            f"no greenpen database at {db_path} — grade a class first with `greenpen grade FILES`, "
            "or give the file with --db"
        )
    return Store.open(db_path)


@cli.command("grade")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@pack_option
@input_format_option
@out_option("Folder for the reports.")
@formats_option
@click.option("--no-code", is_flag=True, help="Do not run students' code.")
@click.option("--unsafe-code", is_flag=True,
              help="Run students' code even without a sandbox (no bubblewrap here): it can then read and "
                   "change your files. Without this flag such code is not run, and reported so.")
@click.option(
    "--embedder",
    default="use",
    show_default=True,
    help="Sentence embedder: use, e5, or a sentence-transformers model name/path.",
)
@click.option("--language", default="en", show_default=True, help="Language of the feedback.")
@click.option("--llm", "llm_uses", default="", metavar="USES",
              help="Use the configured language model (GREENPEN_LLM_URL): judge (second opinion on unsure "
                   "answers), wording (smoother feedback), or judge,wording. Off by default.")
@click.option("--judge", "judge_spec", default="", metavar="local|URL|NAME",
              help="A second reader for the answers the grader is unsure of: local (the bundled model, "
                   "installed by scripts/install-judge.sh), an OpenAI-compatible endpoint URL, or a judge a "
                   "plugin adds (`greenpen plugins --all` lists them). Off by default.")
@click.option("--questions", "set_numbers", default="", metavar="N[,N-M…]",
              help="The numbers of the pack's questions the class was set (\"1,3-5,7\"): every student is graded "
                   "on those (one left blank is missing; an answer to another question is shown, not graded). "
                   "Default: every question some student answered (all of the pack's for one file alone).")
@db_option
@click.option("--no-db", is_flag=True, help="Do not save results in the store (no resume, no class report).")
@click.option(
    "--run",
    "run_name",
    metavar="NAME",
    help="Run to save into (default: named after the first file). Grading into an existing run "
    "resumes it: unchanged submissions already graded are skipped.",
)
@workers_option
def grade_command(
    files: tuple[str, ...],
    pack: str | None,
    input_format: str | None,
    out_dir: Path,
    formats: str,
    no_code: bool,
    unsafe_code: bool,
    embedder: str,
    language: str,
    llm_uses: str,
    judge_spec: str,
    set_numbers: str,
    db_path: Path,
    no_db: bool,
    run_name: str | None,
    workers: int,
) -> None:
    """Grade FILES (files, folders or class CSVs) and write one report per student into --out."""
    from dataclasses import replace

    from ..classroom.run import default_run_name, gather
    from ..packs import get_pack
    from ..pipeline import Options
    from ..readers.base import clean_name

    if no_db and run_name:
        raise UsageProblem("--run needs the store: drop --no-db, or drop --run")
    chosen = _renderers(formats)
    llm = llm_uses_checked(llm_uses)
    questions = question_numbers(set_numbers, get_pack(pack) if pack and set_numbers else None)
    options = Options(pack=pack, embedder=embedder, run_code=not no_code, unsafe_code=unsafe_code,
                      language=language, llm=llm, judge=judge_spec.strip(), questions=questions,
                      environ=dict(os.environ))
    if not no_code and not unsafe_code and shutil.which("bwrap") is None:
        click.echo("Students' code will not be run: no sandbox here (install bubblewrap: `apt install "
                   "bubblewrap`), or pass --unsafe-code to run it without isolation.", err=True)
    items = gather(files, format=input_format, pack=pack)
    if llm:
        click.echo(llm_estimate(len(items), get_pack(pack) if pack else None, llm), err=True)
    grade_fn = None
    if options.judge:
        from ..judges import close_judges

        atexit.register(close_judges)
        grade_fn = read_class_first(items, options)
        close_judges()  # frees the model: grading below finds every answer in the reader's cache
    if pack is None and not no_db:
        from ..classroom.run import split_by_pack

        groups = split_by_pack(items, embedder)
    else:
        groups = {pack or "": list(items)}
    base_name = clean_name(run_name or default_run_name(files))  # a folder named in Windows-1252 bytes
    if len(groups) > 1:
        say(f"These files answer {len(groups)} different packs ({', '.join(groups)}): one run each, "
            "since a run is one assignment.")
    failed = 0
    for group_pack, group in groups.items():
        group_options = replace(options, pack=group_pack or None) if len(groups) > 1 else options
        store, run_id, name = None, None, None
        if not no_db:
            store = open_store(db_path, create=True)
            name = f"{base_name} ({group_pack})" if len(groups) > 1 else base_name
            run_id = store.ensure_run(name, group_options.pack or "", group_options.record())
            store.set_run(run_id, options=group_options.record())
        failed += _grade_and_report(
            group, group_options, chosen, out_dir, store, run_id, name, workers, resume=True, db_path=db_path,
            grade=grade_fn,
        )
    if failed:
        raise SystemExit(2)


def question_numbers(text: str, pack: Pack | None) -> tuple[int, ...]:
    """The question numbers `--questions` gives ("1,3-5,7" → 1, 3, 4, 5, 7), checked against `pack` when known."""
    numbers: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        found = re.fullmatch(r"(\d{1,3})(?:\s*[-–]\s*(\d{1,3}))?", part)
        if not found:
            raise UsageProblem(f"--questions: {part!r} is not a question number or a range — write them as "
                               "\"1,3-5,7\"")
        low, high = int(found.group(1)), int(found.group(2) or found.group(1))
        numbers += range(min(low, high), max(low, high) + 1)
    if pack is not None and (unknown := sorted(set(numbers) - {q.number for q in pack.questions})):
        raise UsageProblem(f"--questions: pack {pack.id} has no question {', '.join(map(str, unknown))} — "
                           "`greenpen packs` lists the packs; the pack's .yaml file numbers its questions")
    return tuple(sorted(set(numbers)))


@cli.command("regrade")
@click.argument("run")
@db_option
@click.option(
    "--out",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write the reports into this folder.",
)
@formats_option
@workers_option
@click.option("--learn", is_flag=True,
              help="Then learn from the teacher's verdicts: regrade the unedited answers like them.")
def regrade_command(run: str, db_path: Path, out_dir: Path | None, formats: str, workers: int,
                    learn: bool) -> None:
    """Grade RUN again from the stored answers (after a rubric change); the teacher's edits are kept
    and answers whose automatic result changed are flagged for review. The key points and
    misconceptions the teacher added in the review app are part of the run's pack."""
    import tempfile
    from dataclasses import replace

    from ..classroom.batch import WorkItem
    from ..learning.service import after_regrade, write_run_pack
    from ..pipeline import Options

    store = open_store(db_path, create=False)
    info = store.run(run)
    stored = store.run_options(info.id)
    options = Options.from_record(stored, dict(os.environ))
    with tempfile.TemporaryDirectory(prefix="greenpen-pack-") as folder:
        changed_pack = write_run_pack(store, info.id, Path(folder))
        if changed_pack:
            options = replace(options, pack=changed_pack)
        items = [
            WorkItem(s.source, s,
                     "" if s.items or s.document else (s.extra[0] if s.extra else f"{s.source}: no answers"))
            for s in store.stored_inputs(info.id)
        ]
        failed = _grade_and_report(
            items,
            options,
            _renderers(formats) if out_dir else [],
            out_dir,
            store,
            info.id,
            info.name,
            workers,
            resume=False,
            db_path=db_path,
            after_grading=lambda: _echo_some(after_regrade(store, info.id, learn_too=learn)),
        )
    if failed:
        raise SystemExit(2)


def _echo_some(line: str) -> None:
    if line:
        click.echo(line)


def _renderers(formats: str) -> list[tuple[str, Callable[..., str]]]:
    from ..renderers import renderer

    return [renderer(name.strip()) for name in formats.split(",") if name.strip()]


UNMATCHED_SHOWN = 5
"""How many unmatched columns the warning after grading names."""


def unmatched_columns(reports: Iterable[Any]) -> list[str]:
    """The headers of a class file's columns (a Forms export, a CSV or spreadsheet: one column per question) that
    matched no question, once each, in the order first met: their answers are shown in the reports, not graded."""
    from ..pipeline import COLUMN_FORMATS

    out: dict[str, None] = {}
    for report in reports:
        if report.format in COLUMN_FORMATS:
            out.update((text.split("\n", 1)[0].strip(), None) for text in report.unaligned
                       if text.split("\n", 1)[0].strip())
    return list(out)


def handed_in_twice(reports: Iterable[Any]) -> dict[str, list[str]]:
    """The students (by name) with more than one submission in the batch → their sources: two files in one Moodle
    folder, two uploads under other names, a class file's row besides a file."""
    by_student: dict[str, list[Any]] = {}
    for report in reports:
        if report.student.strip():
            by_student.setdefault(" ".join(report.student.casefold().split()), []).append(report)
    return {same[0].student: [r.source for r in same] for same in by_student.values() if len(same) > 1}


def _grade_and_report(
    items: Sequence[Any],
    options: Any,
    chosen: list[tuple[str, Callable[..., str]]],
    out_dir: Path | None,
    store: Any,
    run_id: int | None,
    run_name: str | None,
    workers: int,
    *,
    resume: bool,
    db_path: Path,
    after_grading: Callable[[], None] | None = None,
    grade: Callable[..., Any] | None = None,
) -> int:
    """Grade with the library's `grade_run`, print what happened (this shell only prints) and
    return how many submissions failed."""
    from ..classroom.run import Event, grade_run, write_reports

    progress = Progress()

    if out_dir is not None and chosen:  # a folder that cannot be written is said before grading, not after
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_write(out_dir, exc) from None

    def on_event(event: Event) -> None:
        if event.kind == "start":
            progress.start(event.total)
        elif event.kind == "result":
            progress.advance()

    result = grade_run(items, options, store=store, run_id=run_id, resume=resume, workers=workers,
                       on_event=on_event, after_grading=after_grading, grade=grade)
    progress.close()
    summary = result.summary
    for outcome in summary.outcomes:
        report = result.reports.get(outcome.source)
        if outcome.status != "graded" or report is None:
            continue
        counts = Counter(q.verdict for q in report.questions)
        mix = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        say(f"{report.source}: {report.pack}, score {report.score:.0%} ({mix})")
    try:
        written = write_reports(result.reports, chosen, out_dir) if out_dir is not None else []
    except OSError as exc:
        raise _cannot_write(out_dir or Path("."), exc) from None
    failed = summary.failed
    n_workers = result.workers
    click.echo(
        f"Graded {summary.graded} of {len(items)} submissions in {summary.seconds:.1f} s "
        f"({n_workers} worker{'s' * (n_workers != 1)}): {len(failed)} failed, "
        f"{summary.unassessable} unassessable answer{'s' * (summary.unassessable != 1)}"
        + (f", {summary.skipped} already graded (skipped)" if summary.skipped else "")
        + "."
    )
    if written and out_dir is not None:
        say(f"Reports: {len(written)} files in {out_dir}/")
    if warning := code_not_run(result.reports.values()):
        click.echo(warning, err=True)
    for student, sources in handed_in_twice(result.reports.values()).items():
        say(f"{student} handed in {len(sources)} files ({', '.join(sources)}): each is graded as a submission of its "
            "own, with a row each in the gradebook — grade again without the one that does not count, or keep the "
            "better grade.")
    unmatched = unmatched_columns(result.reports.values())
    if unmatched:
        shown = ", ".join(repr(label) for label in unmatched[:UNMATCHED_SHOWN])
        more = f" and {len(unmatched) - UNMATCHED_SHOWN} more" if len(unmatched) > UNMATCHED_SHOWN else ""
        say(f"{len(unmatched)} column{'s' * (len(unmatched) != 1)} of the class file matched no question of the pack "
            f"and {'were' if len(unmatched) != 1 else 'was'} not graded: {shown}{more} — write the question's number "
            "or words in the header (\"7. What is the loss?\") and grade again; each report shows them under "
            "\"Text that matched no question\".")
    if store is not None:
        if not resume or result.changed:
            click.echo(
                f"{result.changed} answer(s) changed their automatic result and are flagged for review; "
                f"{result.kept} teacher edit(s) kept."
            )
        say(
            f'Saved in {db_path}, run "{run_name}" — class report: greenpen report {_quoted(run_name)}'
            + (f" --db {db_path}" if str(db_path) != DEFAULT_DB else "")
        )
    if failed:
        click.echo(f"Failed ({len(failed)}):", err=True)
        for outcome in failed:
            say(f"  {one_line(outcome.error)}", err=True)
    return len(failed)


def _cannot_write(out_dir: Path, exc: OSError) -> Exception:
    from ..errors import GreenpenError

    return GreenpenError(
        f"cannot write the reports into {out_dir} ({exc.strerror or exc}) — check the folder's permissions "
        "or choose another --out folder"
    )


def one_line(reason: str) -> str:
    """A failure reason as one line (a reason is never allowed to be a bare number or a traceback)."""
    text = " ".join(line.strip() for line in reason.strip().splitlines() if line.strip())
    if not re.search(r"[^\W\d_]{3}", text):  # no words: a bare code such as "5" says nothing
        return f"failed ({text or 'no reason given'}) — please report it with this file"
    return text


def _quoted(text: str | None) -> str:
    text = text or ""
    return text if re.fullmatch(r"[\w.@/-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def code_not_run(reports: Iterable[Report]) -> str:
    """The warning at the end of a batch whose students' code the sandbox could not run (each report's notes say so
    too, where a teacher looking at the console would not see it), or ""."""
    from ..pipeline import CODE_NOT_RUN

    unrun = [r.source for r in reports if CODE_NOT_RUN in r.notes]
    return (f"{len(unrun)} submission{'s' * (len(unrun) != 1)}: {CODE_NOT_RUN} Code answers were judged by their "
            "text only; grade again once the sandbox works.") if unrun else ""
