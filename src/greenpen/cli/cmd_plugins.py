"""`greenpen plugins`: the installed plugins and what each registers (as `llm plugins` does)."""

from __future__ import annotations

import json

import click

from . import cli


@cli.command("plugins")
@click.option("--all", "show_all", is_flag=True,
              help="Also list what is registered: readers, formats, embedders and judges.")
def plugins_command(show_all: bool) -> None:
    """List installed plugins as JSON: name, version and the hooks each implements."""
    from ..plugins import installed

    out = installed()
    if show_all:
        from ..classroom.gradebook import formats
        from ..grading.embed import embedder_loaders
        from ..judges import judge_makers
        from ..readers import formats as reader_formats
        from ..renderers import available

        out.append({"name": "greenpen (built in)", "readers": reader_formats(), "renderers": available(),
                    "gradebook_formats": list(formats()), "embedders": list(embedder_loaders()),
                    "judges": list(judge_makers())})
    click.echo(json.dumps(out, indent=2))
