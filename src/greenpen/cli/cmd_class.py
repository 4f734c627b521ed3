"""`greenpen runs`, `greenpen report RUN` and `greenpen export RUN`: the class from the store."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .cmd_grade import db_option, open_store
from .common import out_option, say


@cli.command("runs")
@db_option
def runs_command(db_path: Path) -> None:
    """List the grading runs in the store, newest first."""
    store = open_store(db_path, create=False)
    runs = store.runs()
    if not runs:
        click.echo(f"No runs in {db_path} yet — grade a class with `greenpen grade FILES`.")
        return
    width = max(len("RUN"), *(len(r.name) for r in runs))
    click.echo(f"{'RUN':<{width}}  {'PACK':<12} {'GRADED':>6} {'FAILED':>6} {'RELEASED':>8}  UPDATED")
    for r in runs:
        say(
            f"{r.name:<{width}}  {r.pack or '(auto)':<12} {r.graded:>6} {r.failed:>6} {r.released:>8}  "
            f"{r.updated_at[:16].replace('T', ' ')}"
        )


@cli.command("report")
@click.argument("run")
@db_option
@out_option("Folder for the class report.")
@click.option("--released-only", is_flag=True, help="Count only the submissions released to students.")
def report_command(run: str, db_path: Path, out_dir: Path, released_only: bool) -> None:
    """Write RUN's class report: one self-contained HTML page and a Markdown file."""
    from ..classroom.class_report import summarise, write_class_report
    from ..errors import PackError
    from ..packs import get_pack

    store = open_store(db_path, create=False)
    info = store.run(run)
    submissions = store.submissions(info.id, released_only=released_only)
    pack_id = info.pack or next((s.pack for s in submissions if s.pack), "")
    try:
        pack = get_pack(pack_id) if pack_id else None
    except PackError:
        pack = None  # the pack was a file that moved: the report uses the stored corrections
    summary = summarise(info.name, submissions, pack)
    for path in write_class_report(summary, out_dir):
        say(f"Wrote {path}")
    n = len(summary.scores)
    click.echo(
        f"{n} student{'s' * (n != 1)}, mean score {summary.mean:.0%}"
        + (f", {len(summary.failed)} failed" if summary.failed else "")
    )
    if summary.misconceptions:
        top = summary.misconceptions[0]
        click.echo(
            f"Most common misconception: Q{top.number} {top.text} ({top.count} student"
            f"{'s' * (top.count != 1)})"
        )
    if summary.need_help:
        say(f"May need help: {', '.join(f.student for f in summary.need_help)}")


@cli.command("export")
@click.argument("run")
@db_option
@click.option(
    "--to",
    "fmt",
    default="plain",
    show_default=True,
    help="Gradebook format: plain, canvas, moodle, classroom (or one a plugin adds).",
)
@click.option("--points", type=float, default=100.0, show_default=True, help="Points for a perfect score.")
@click.option("--released-only", is_flag=True, help="Only submissions released in the review app.")
@click.option("--title", help="Assignment column title (default: the run name).")
@click.option(
    "--out",
    "-o",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the CSV here instead of printing it.",
)
def export_command(
    run: str,
    db_path: Path,
    fmt: str,
    points: float,
    released_only: bool,
    title: str | None,
    out_file: Path | None,
) -> None:
    """Export RUN's grades as a gradebook CSV (plain, or Canvas / Moodle / Google Classroom import)."""
    from ..classroom.gradebook import export

    store = open_store(db_path, create=False)
    info = store.run(run)
    text, warnings = export(
        store.submissions(info.id), fmt, points=points, title=title or info.name, released_only=released_only
    )
    if out_file is None:
        say(text.rstrip("\n"))  # student names in a terminal: no escape codes
    else:
        out_file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {out_file} ({text.count(chr(10)) - 1 - (fmt == 'canvas')} students)")
    for warning in warnings:
        say(f"Warning: {warning}", err=True)
