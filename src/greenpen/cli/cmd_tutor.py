"""`greenpen ask` (answer a question from the course packs) and `greenpen check` (check an AI chat).

Both print Markdown, or JSON with --json (`greenpen.ask/1`, `greenpen.check/1`). The sentence
embedder loads inside the command bodies, so `greenpen --help` stays light.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from . import cli

packs_option = click.option(
    "--pack", "-p", "pack_names", multiple=True, metavar="PACK",
    help="Pack id (fastai-04, pytorch-l1) or path to a pack .yaml; repeat for several. "
    "Default: every shipped pack.",
)
embedder_option = click.option(
    "--embedder", default="use", show_default=True,
    help="Sentence embedder: use, e5, or a sentence-transformers model name/path.",
)


def _packs(names: tuple[str, ...]) -> list[Any]:
    from ..packs import all_packs, get_pack

    return [get_pack(n) for n in names] if names else all_packs()


def _cache_dir() -> Path:
    home = os.environ.get("GREENPEN_HOME")
    return (Path(home) if home else Path.home() / ".cache" / "greenpen") / "cache"


@cli.command("ask")
@click.argument("question", nargs=-1)
@packs_option
@click.option("--more", "-m", count=True, help="Go deeper: key points, going-further notes, common mistakes "
              "(give it twice for the related questions too).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (greenpen.ask/1) instead of Markdown.")
@embedder_option
def ask_command(question: tuple[str, ...], pack_names: tuple[str, ...], more: int, as_json: bool,
                embedder: str) -> None:
    """Answer QUESTION from the course packs, quoting the course questions it draws on, or say plainly
    that the packs do not cover it. Without QUESTION: an interactive session reading questions from
    standard input (`more` or an empty line goes deeper, `quit` ends)."""
    from ..grading.embed import get_embedder
    from ..tutor.ask import ask, to_json, to_markdown
    from ..tutor.retrieve import Index

    index = Index(_packs(pack_names), get_embedder(embedder), cache_dir=_cache_dir())

    def show(answer: Any) -> None:
        if as_json:
            click.echo(json.dumps(to_json(answer), ensure_ascii=False, indent=None if not question else 2))
        else:
            click.echo(to_markdown(answer))

    text = " ".join(question).strip()
    if text:
        show(ask(text, index, level=more))
        return
    stdin = sys.stdin
    if stdin.isatty():
        click.echo("Ask a question about the course. `more` (or an empty line) goes deeper; `quit` ends.",
                   err=True)
    last, level = "", 0
    for line in stdin:
        entry = line.strip()
        if entry.lower() in ("quit", "exit", "q"):
            break
        if entry.lower() in ("", "more", "tell me more", "mais"):
            if not last:
                continue
            if level >= 2:
                click.echo("That is everything the course packs say about this; ask another question.")
                continue
            level += 1
        else:
            last, level = entry, more
        show(ask(last, index, level=level))


@cli.command("check")
@click.argument("transcript", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@packs_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON (greenpen.check/1) instead of Markdown.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write <name>.check.md and <name>.check.json into this folder.")
@click.option("--embedder", default="use", show_default=True,
              help="Sentence embedder for spotting denied key points (use, e5, a model name), or `none` "
                   "to check misconceptions only.")
def check_command(transcript: Path, pack_names: tuple[str, ...], as_json: bool, out_dir: Path | None,
                  embedder: str) -> None:
    """Check an AI chat TRANSCRIPT (Markdown, ChatGPT or Claude export) against the course packs: flag
    every statement of the assistant that the packs say is wrong, with the correction and where in the
    course to read."""
    from ..tutor.check import check_transcript, to_json, to_markdown
    from ..tutor.transcript import read_transcript

    encoder = None
    if embedder.lower() != "none":
        from ..grading.embed import get_embedder

        encoder = get_embedder(embedder)
    report = check_transcript(read_transcript(transcript), _packs(pack_names), encoder)
    markdown = to_markdown(report)
    data = json.dumps(to_json(report), ensure_ascii=False, indent=2) + "\n"
    click.echo(data if as_json else markdown, nl=False)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        stem = transcript.stem
        (out_dir / f"{stem}.check.md").write_text(markdown, encoding="utf-8")
        (out_dir / f"{stem}.check.json").write_text(data, encoding="utf-8")
        click.echo(f"Wrote {out_dir / (stem + '.check.md')} and {out_dir / (stem + '.check.json')}", err=True)
