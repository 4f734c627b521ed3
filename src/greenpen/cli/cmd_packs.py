"""`greenpen packs`: list the shipped packs; `greenpen packs check FILE` validates one."""

from __future__ import annotations

import click

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
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
def packs_check(file: str) -> None:
    """Validate a pack file; errors name the line and say how to fix it."""
    from ..packs import load_pack

    pack = load_pack(file)
    points = sum(len(q.key_points) for q in pack.questions)
    misc = sum(len(q.misconceptions) for q in pack.questions)
    bare = [q.number for q in pack.questions if not q.key_points]
    click.echo(f"{file}: pack {pack.id} is valid — {len(pack.questions)} questions, {points} key points, "
               f"{misc} misconceptions")
    if bare:
        click.echo(f"note: questions {', '.join(map(str, bare))} have only a reference answer; greenpen "
                   "draws key points from it (add key_points for better feedback)")
