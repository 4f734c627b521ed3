"""The command line: a thin shell over the library."""

from __future__ import annotations

import click


@click.group()
@click.version_option(package_name="greenpen")
def cli() -> None:
    """greenpen: feedback a teacher would sign, on machine-learning homework."""


def main() -> None:
    cli()
