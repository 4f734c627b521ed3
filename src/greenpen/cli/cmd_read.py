"""`greenpen read`: show what was read and how it lines up with a pack, without grading."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import GreenpenError
from . import cli
from .common import for_each_file, input_format_option, pack_option, say


@cli.command("read")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@pack_option
@input_format_option
@click.option("--json", "as_json", is_flag=True, help="Print the JSON report shape (no grading).")
@click.option("--no-embeddings", is_flag=True, help="Align by words and numbers only (no model load).")
def read_command(files: tuple[str, ...], pack: str | None, input_format: str | None, as_json: bool,
                 no_embeddings: bool) -> None:
    """Show each question, the answer aligned to it, repairs, attachments and unaligned text."""
    from ..grading.embed import get_embedder
    from ..packs import get_pack
    from ..pipeline import align_submission, read_submissions
    from ..reading_view import alignment_json, alignment_text

    chosen = get_pack(pack) if pack else None
    embedder = None if no_embeddings else get_embedder()
    outputs: list[dict[str, object]] = []

    bad_rows: list[str] = []

    def work(path: Path) -> None:
        for sub in read_submissions(path, format=input_format, packs=[chosen] if chosen else None):
            # A malformed CSV row (or a bad file inside a zip) says why in `extra`; the other rows go on.
            if not sub.readable:
                bad_rows.append(sub.extra[0] if sub.extra else f"{sub.source}: no answers found — check the file")
                say(f"Error: {bad_rows[-1]}", err=True)
                continue
            try:
                alignment, sure = align_submission(sub, chosen, embedder)
            except GreenpenError as exc:
                bad_rows.append(str(exc))
                say(f"Error: {exc}", err=True)
                continue
            if as_json:
                outputs.append(alignment_json(alignment, sure))
            else:
                say(alignment_text(alignment, sure, chosen is None))

    from ..classroom.run import gather_paths

    paths, refused = gather_paths(files)
    for _, reason in refused:
        say(f"Error: {reason}", err=True)
    _, failed = for_each_file(paths, work)
    if as_json:
        click.echo(json.dumps(outputs[0] if len(outputs) == 1 else outputs, ensure_ascii=False, indent=2))
    if failed or refused or bad_rows:
        raise SystemExit(2)
