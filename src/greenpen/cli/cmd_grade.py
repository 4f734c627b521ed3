"""`greenpen grade` (files, folders, class CSVs) and `greenpen regrade RUN`.

Both grade in parallel, save every result to the store as soon as it is ready (so a killed
batch resumes where it stopped), write one report per student into --out, and end with a
summary. Exit code 2 when any submission failed, 1 for a usage error.
"""

from __future__ import annotations

import atexit
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import cli
from .common import expand_paths, input_format_option, out_option, pack_option

DEFAULT_DB = "greenpen.db"


class UsageProblem(click.UsageError):
    """A bad combination of options (exit code 1: only failed submissions exit with 2)."""

    exit_code = 1


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


def slug(text: str) -> str:
    """A file-name-safe, lower-case ASCII form of `text` ("João Pereira" → "joao-pereira")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-.") or "submission"


def report_names(sources_and_students: Sequence[tuple[str, str]]) -> dict[str, str]:
    """source → report file stem: the student's name, made unique with the source when two share it."""

    def base(source: str, student: str) -> str:
        if student:
            return slug(student)
        file, _, row = source.partition("#")
        return slug(f"{Path(file).stem}-{row}" if row else Path(file).stem)

    bases = {source: base(source, student) for source, student in sources_and_students}
    counts = Counter(bases.values())
    return {source: b if counts[b] == 1 else f"{b}-{slug(Path(source).name)}" for source, b in bases.items()}


@cli.command("grade")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@pack_option
@input_format_option
@out_option("Folder for the reports.")
@formats_option
@click.option("--no-code", is_flag=True, help="Do not run students' code.")
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
@click.option("--judge", "judge_spec", default="", metavar="local|URL",
              help="A second reader for the answers the grader is unsure of: local (the bundled model, "
                   "installed by scripts/install-judge.sh) or an OpenAI-compatible endpoint URL. Off by default.")
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
    embedder: str,
    language: str,
    llm_uses: str,
    judge_spec: str,
    db_path: Path,
    no_db: bool,
    run_name: str | None,
    workers: int,
) -> None:
    """Grade FILES (files, folders or class CSVs) and write one report per student into --out."""
    from dataclasses import asdict

    from ..classroom.batch import collect
    from ..packs import get_pack
    from ..pipeline import Options

    if no_db and run_name:
        raise UsageProblem("--run needs the store: drop --no-db, or drop --run")
    chosen = _renderers(formats)
    llm = _llm_uses(llm_uses)
    options = Options(pack=pack, embedder=embedder, run_code=not no_code, language=language, llm=llm,
                      judge=judge_spec.strip())
    paths = expand_paths(files)
    items = collect(paths, format=input_format, packs=[get_pack(pack)] if pack else None)
    if llm:
        click.echo(_llm_estimate(len(items), get_pack(pack) if pack else None, llm), err=True)
    if options.judge:
        from ..llm.opinion import close_readers

        atexit.register(close_readers)
        _read_class(items, options)
        close_readers()  # frees the model: grading below finds every answer in the reader's cache
    store, run_id = None, None
    if not no_db:
        store = open_store(db_path, create=True)
        run_name = run_name or default_run_name(files)
        run_id = store.ensure_run(run_name, pack or "", asdict(options))
        store.set_run(run_id, options=asdict(options))
    _grade_and_report(
        items, options, chosen, out_dir, store, run_id, run_name, workers, resume=True, db_path=db_path
    )


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
def regrade_command(run: str, db_path: Path, out_dir: Path | None, formats: str, workers: int) -> None:
    """Grade RUN again from the stored answers (after a rubric change); the teacher's edits are kept
    and answers whose automatic result changed are flagged for review."""
    from ..classroom.batch import WorkItem
    from ..pipeline import Options

    store = open_store(db_path, create=False)
    info = store.run(run)
    stored = store.run_options(info.id)
    options = Options(**{k: v for k, v in stored.items() if k in Options.__dataclass_fields__})
    items = [
        WorkItem(s.source, s, "" if s.items or s.document else (s.extra[0] if s.extra else f"{s.source}: no answers"))
        for s in store.stored_inputs(info.id)
    ]
    _grade_and_report(
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
    )


def _renderers(formats: str) -> list[tuple[str, Callable[..., str]]]:
    from ..renderers import renderer

    return [renderer(name.strip()) for name in formats.split(",") if name.strip()]


def default_run_name(files: Sequence[str]) -> str:
    """The first file's (or folder's) name without suffix: grading the same files again resumes."""
    first = Path(files[0].rstrip("/\\"))
    name = first.stem if first.suffix else first.name
    return name + (f"-and-{len(files) - 1}-more" if len(files) > 1 else "")


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
) -> None:
    from ..classroom.batch import (
        Outcome,
        already_graded,
        asked_questions,
        default_workers,
        grade_batch,
        pack_fingerprint,
        scope_report,
    )

    fingerprints = store.fingerprints(run_id) if store is not None and resume else {}

    skipped = {i.source for i in items if already_graded(i, fingerprints.get(i.source), options)}
    if out_dir is not None and chosen:
        out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    progress = _Progress(len(items) - len(skipped))

    def on_result(outcome: Outcome) -> None:
        if store is not None and outcome.report is not None:
            store.save_graded(
                run_id,
                outcome.submission,
                outcome.report,
                pack_hash=pack_fingerprint(options.pack or outcome.report.pack),
                seconds=outcome.seconds,
            )
        elif store is not None:
            store.save_failed(run_id, outcome.source, outcome.error, outcome.submission)
        progress.advance()

    todo = len(items) - len(skipped)
    n_workers = workers or default_workers(todo)
    summary = grade_batch(
        items, options, workers=n_workers, on_result=on_result, skip=lambda item: item.source in skipped
    )
    progress.close()
    # Reports are written once the class is complete: a class file asks only some of the pack's
    # questions, and which ones is known from all the answers (the store: with the teacher's edits).
    if store is not None:
        final = {s.source: store.report(s.id) for s in store.submissions(run_id, graded_only=True)}
    else:
        reports = [o.report for o in summary.outcomes if o.report is not None]
        asked = asked_questions(reports)
        final = {r.source: scope_report(r, asked) for r in reports}
    for outcome in summary.outcomes:
        report = final.get(outcome.source)
        if outcome.status != "graded" or report is None:
            continue
        counts = Counter(q.verdict for q in report.questions)
        mix = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        click.echo(f"{report.source}: {report.pack}, score {report.score:.0%} ({mix})")
    names = report_names([(source, report.student) for source, report in final.items()])
    for source, report in final.items():
        for suffix, render in chosen:
            assert out_dir is not None
            target = out_dir / f"{names[source]}{suffix}"
            target.write_text(render(report), encoding="utf-8")
            written.append(target)
    failed = summary.failed
    click.echo(
        f"Graded {summary.graded} of {len(items)} submissions in {summary.seconds:.1f} s "
        f"({n_workers} worker{'s' * (n_workers != 1)}): {len(failed)} failed, "
        f"{summary.unassessable} unassessable answer{'s' * (summary.unassessable != 1)}"
        + (f", {summary.skipped} already graded (skipped)" if summary.skipped else "")
        + "."
    )
    if written and out_dir is not None:
        click.echo(f"Reports: {len(written)} files in {out_dir}/")
    if store is not None:
        changed = sum(a.changed for s in store.submissions(run_id) for a in s.answers)
        kept = sum(a.edited for s in store.submissions(run_id) for a in s.answers)
        if not resume or changed:
            click.echo(
                f"{changed} answer(s) changed their automatic result and are flagged for review; "
                f"{kept} teacher edit(s) kept."
            )
        click.echo(
            f'Saved in {db_path}, run "{run_name}" — class report: greenpen report {_quoted(run_name)}'
            + (f" --db {db_path}" if str(db_path) != DEFAULT_DB else "")
        )
    if failed:
        click.echo(f"Failed ({len(failed)}):", err=True)
        for outcome in failed:
            click.echo(f"  {outcome.error}", err=True)
        raise SystemExit(2)


def _quoted(text: str | None) -> str:
    text = text or ""
    return text if re.fullmatch(r"[\w.@/-]+", text) else "'" + text.replace("'", "'\\''") + "'"


class _Progress:
    """A progress bar on stderr, drawn only when stderr is a terminal; lines printed go above it."""

    def __init__(self, total: int, label: str = "Grading") -> None:
        self.total, self.done, self.label = total, 0, label
        self.live = total > 0 and sys.stderr.isatty()
        self._draw()

    def _draw(self) -> None:
        if self.live:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def _clear(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def echo(self, line: str) -> None:
        self._clear()
        click.echo(line)
        self._draw()

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def close(self) -> None:
        self._clear()


def _llm_uses(text: str) -> tuple[str, ...]:
    """Parse --llm and check a model is configured before any grading starts."""
    if not text.strip():
        return ()
    import os

    from ..llm.apply import parse_uses
    from ..llm.settings import LLMSettings

    try:
        uses = parse_uses(text)
    except ValueError as exc:
        raise UsageProblem(str(exc)) from None
    if not LLMSettings.from_env(os.environ).configured:
        raise UsageProblem("--llm needs a language model: set GREENPEN_LLM_URL (and GREENPEN_LLM_MODEL) to an "
                           "OpenAI-compatible endpoint, e.g. a local llama.cpp server — see docs/llm.md")
    return uses


def _llm_estimate(submissions: int, pack: object, uses: tuple[str, ...]) -> str:
    """An upper bound of the language-model work, shown before a run starts."""
    import os

    from ..domain import Pack
    from ..llm.settings import LLMSettings
    from ..packs import all_packs

    settings = LLMSettings.from_env(os.environ)
    packs = [pack] if isinstance(pack, Pack) else all_packs()
    questions = max(len(p.questions) for p in packs)
    checks = max(sum(len(q.key_points) + len(q.misconceptions) for q in p.questions) for p in packs)
    requests = prompt = completion = 0
    if "judge" in uses:  # at most: every answer unsure, every key point and misconception asked
        requests += submissions * checks
        prompt += submissions * checks * 250
        completion += submissions * checks
    if "wording" in uses:
        requests += submissions * questions
        prompt += submissions * questions * 350
        completion += submissions * questions * 150
    seconds = prompt / settings.prompt_tokens_per_second + completion / settings.tokens_per_second
    cost = (prompt + completion) / 1e6 * settings.cost_per_million_tokens
    money = f", about ${cost:.2f}" if cost else ""
    return (f"Language model ({', '.join(uses)}) at {settings.url}: at most {requests} requests for "
            f"{submissions} submission(s), about {seconds / 60:.0f} min at {settings.tokens_per_second:g} "
            f"tokens/s{money} (only unsure answers are judged, so usually far fewer; answers cached).")


def _read_class(items: Sequence[Any], options: Any) -> None:
    """--judge: ask the second reader about the whole class first, question by question (an
    estimate before, a progress bar during); grading then finds every answer in its cache."""
    from ..pipeline import read_class

    progress = _Progress(0, "Second reader")

    def on_estimate(estimate: Any) -> None:
        click.echo(estimate.describe(), err=True)
        progress.total = estimate.answers
        progress.live = estimate.answers > 0 and sys.stderr.isatty()

    def on_progress(n: int) -> None:
        before = progress.done
        for _ in range(n):
            progress.advance()
        step = max(1, progress.total // 10)
        if not progress.live and progress.done // step > before // step:  # a log: a line every tenth
            click.echo(f"Second reader: {progress.done}/{progress.total}", err=True)

    submissions = [i.submission for i in items if i.submission is not None and not i.error]
    asked, seconds = read_class(submissions, options, on_estimate=on_estimate, on_progress=on_progress)
    progress.close()
    if asked:
        click.echo(f"Second reader: {asked} answers read in {seconds:.0f} s ({seconds / asked:.2f} s each).",
                   err=True)
