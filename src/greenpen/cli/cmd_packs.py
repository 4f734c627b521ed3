"""`greenpen packs`: list the shipped packs; `greenpen packs check FILE` validates one and
tries its examples on the grader."""

from __future__ import annotations

from typing import Any

import click

from ..textutil import shorten
from . import cli


@cli.group("packs", invoke_without_command=True)
@click.pass_context
def packs_group(ctx: click.Context) -> None:
    """List the course packs that ship with greenpen."""
    if ctx.invoked_subcommand is not None:
        return
    from ..packs import all_packs

    for pack in all_packs():
        click.echo(f"{pack.id:<12} {len(pack.questions):>3} questions  {pack.title}")


@packs_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str), metavar="FILE_OR_PACK")
@click.option("--examples/--no-examples", default=True, show_default=True,
              help="Grade each key point's examples and counter-examples, and each misconception's "
                   "examples, as if a student had written them, and list those the grader gets wrong.")
@click.option("--strict", is_flag=True, help="Exit with status 1 when an example is graded wrong.")
@click.option("--embedder", default="use", show_default=True, help="Sentence embedder (use, e5, or a model).")
def packs_check(file: str, examples: bool, strict: bool, embedder: str) -> None:
    """Validate a pack file (or a shipped pack, by its id); errors name the line and say how to fix it.
    Then try the pack's examples on the grader: an example must earn its key point from the rest of the rubric,
    a counter-example must not, a misconception's example must be caught."""
    from pathlib import Path

    from ..packs import bundled_pack_ids, get_pack, load_pack

    # a teacher's file, or a pack that ships named by its id ("greenpen packs check fastai-04")
    pack = get_pack(file) if file in bundled_pack_ids() and not Path(file).exists() else load_pack(file)
    points = sum(len(q.key_points) for q in pack.questions)
    misc = sum(len(q.misconceptions) for q in pack.questions)
    bare = [q.number for q in pack.questions if not q.key_points]
    click.echo(f"{file}: pack {pack.id} is valid — {len(pack.questions)} questions, {points} key points, "
               f"{misc} misconceptions")
    if bare:
        click.echo(f"note: questions {', '.join(map(str, bare))} have only a reference answer; greenpen "
                   "draws key points from it (add key_points for better feedback)")
    if examples:
        _check_examples(pack, embedder, strict)


def _check_examples(pack: Any, embedder: str, strict: bool) -> None:
    from ..grading.examples_check import check_examples, summary

    checks = check_examples(pack, embedder)
    if not checks:
        click.echo("examples: none to try (add `examples` to key points and misconceptions)")
        return
    parts = [f"{passed}/{tried} {kind}s" for kind, (passed, tried) in summary(checks).items()]
    click.echo(f"examples graded as intended: {', '.join(parts)}")
    wrong = [c for c in checks if not c.ok]
    for c in wrong:
        click.echo(f'  q{c.question} {c.item}: {c.kind} "{shorten(c.text, 80)}" {c.got}')
    if wrong:
        click.echo("To fix one: add a cue that matches it, reword the key point, or add an example "
                   "closer to how students write it.")
        if strict:
            raise SystemExit(1)
