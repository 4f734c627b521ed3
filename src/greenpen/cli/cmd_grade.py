"""`greenpen grade`: grade submissions and write the reports."""

from __future__ import annotations

from pathlib import Path

import click

from . import cli
from .common import expand_paths, for_each_file, input_format_option, pack_option


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "submission"


@cli.command("grade")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@pack_option
@input_format_option
@click.option("--out", "-o", "out_dir", default="greenpen-reports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder for the reports.")
@click.option("--format", "-f", "formats", default="json,md", show_default=True,
              help="Report formats, comma-separated: json, md, html, txt.")
@click.option("--no-code", is_flag=True, help="Do not run students' code.")
@click.option("--embedder", default="use", show_default=True,
              help="Sentence embedder: use, e5, or a sentence-transformers model name/path.")
@click.option("--language", default="en", show_default=True, help="Language of the feedback.")
def grade_command(files: tuple[str, ...], pack: str | None, input_format: str | None, out_dir: Path,
                  formats: str, no_code: bool, embedder: str, language: str) -> None:
    """Grade FILES (or folders) and write one report per submission into --out."""
    from ..pipeline import Options, grade_file
    from ..renderers import renderer

    chosen = [renderer(name.strip()) for name in formats.split(",") if name.strip()]
    options = Options(pack=pack, embedder=embedder, run_code=not no_code, language=language)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def work(path: Path) -> None:
        for report in grade_file(path, options, format=input_format):
            stem = _slug(Path(report.source).stem if "#" not in report.source else
                         f"{Path(report.source.split('#')[0]).stem}-{report.student or report.source.split('#')[1]}")
            for suffix, render in chosen:
                target = out_dir / f"{stem}{suffix}"
                target.write_text(render(report), encoding="utf-8")
                written.append(target)
            counts: dict[str, int] = {}
            for q in report.questions:
                counts[q.verdict] = counts.get(q.verdict, 0) + 1
            mix = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
            click.echo(f"{report.source}: {report.pack}, score {report.score:.0%} ({mix})")

    _, failed = for_each_file(expand_paths(files), work)
    click.echo(f"{len(written)} report files in {out_dir}/" + (f"; {len(failed)} file(s) failed" if failed else ""))
    if failed:
        raise SystemExit(2)
