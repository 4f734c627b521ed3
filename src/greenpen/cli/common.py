"""Helpers shared by the command modules: options and per-file failure isolation."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import click

from ..errors import GreenpenError

T = TypeVar("T")

pack_option = click.option("--pack", "-p", metavar="PACK",
                           help="Pack id (fastai-04, pytorch-l1) or path to a pack .yaml; default: chosen "
                                "automatically.")
input_format_option = click.option("--input-format", "input_format", metavar="FORMAT",
                                   help="Force the reader (markdown, forms, numbered, chat, csv, notebook, "
                                        "docx, pdf) instead of detecting it.")


def out_option(help: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """--out/-o DIR: the folder a command writes its reports into."""
    return click.option("--out", "-o", "out_dir", default="greenpen-reports", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help)


def for_each_file(paths: Iterable[Path], work: Callable[[Path], T]) -> tuple[list[T], list[tuple[Path, str]]]:
    """Run `work` on every file; a failing file is reported and the others go on."""
    done: list[T] = []
    failed: list[tuple[Path, str]] = []
    for path in paths:
        try:
            done.append(work(path))
        except GreenpenError as exc:
            failed.append((path, str(exc)))
            click.echo(f"Error: {exc}", err=True)
    return done, failed


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder stands for the files inside it (sorted, hidden ones skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        else:
            out.append(p)
    return out
