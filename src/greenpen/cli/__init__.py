"""The command line: a thin shell over the library.

One module per command group; each is imported here and added to `cli`. Commands parse
options, call one library function, and print. They import heavy libraries (models,
torch) only inside the command body, so `greenpen --help` stays light.
"""

from __future__ import annotations

import click

from ..errors import GreenpenError


class GreenpenGroup(click.Group):
    """Turns any GreenpenError into a clean message and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except GreenpenError as exc:
            from .common import terminal_safe

            click.echo(terminal_safe(f"Error: {exc}"), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=GreenpenGroup)
@click.version_option(package_name="greenpen")
def cli() -> None:
    """greenpen: feedback a teacher would sign, on machine-learning homework."""


def main() -> None:
    cli(prog_name="greenpen")


from . import commands  # noqa: E402,F401  (each command module adds itself to `cli`)
