"""Helpers shared by the command modules: options and per-file failure isolation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import click

from ..errors import GreenpenError

T = TypeVar("T")


class UsageProblem(click.UsageError):
    """A bad combination of options (exit code 1: only failed submissions exit with 2)."""

    exit_code = 1


pack_option = click.option("--pack", "-p", metavar="PACK",
                           help="Pack id (fastai-04, pytorch-l1) or path to a pack .yaml; default: chosen "
                                "automatically.")
input_format_option = click.option("--input-format", "input_format", metavar="FORMAT",
                                   help="Force the reader (markdown, forms, numbered, chat, messages, csv, notebook, "
                                        "html, docx, pdf, lms-zip) instead of detecting it.")


def out_option(help: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """--out/-o DIR: the folder a command writes its reports into."""
    return click.option("--out", "-o", "out_dir", default="greenpen-reports", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path), help=help)


def terminal_safe(text: str) -> str:
    """`text` with terminal control characters (escape sequences, bell, carriage return…) made visible.

    File names and students' text can hold escape codes that would recolour, retitle or clear
    the teacher's terminal; they are printed as `\\x1b` and the like instead.
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def say(text: str, *, err: bool = False) -> None:
    """Print a line that may hold file names or students' text (see `terminal_safe`)."""
    click.echo(terminal_safe(text), err=err)


def for_each_file(paths: Iterable[Path], work: Callable[[Path], T]) -> tuple[list[T], list[tuple[Path, str]]]:
    """Run `work` on every file; a failing file is reported and the others go on."""
    done: list[T] = []
    failed: list[tuple[Path, str]] = []
    for path in paths:
        try:
            done.append(work(path))
        except GreenpenError as exc:
            failed.append((path, str(exc)))
            say(f"Error: {exc}", err=True)
        except Exception as exc:  # noqa: BLE001 - one file must not stop the others, nor print a traceback
            from ..readers.base import clean_name, describe

            reason = f"{clean_name(str(path))}: internal error ({describe(exc)}) — please report it with this file"
            failed.append((path, reason))
            say(f"Error: {reason}", err=True)
    return done, failed


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files as given; a folder stands for the regular files inside it (see `gather_paths`).

    What `gather_paths` refuses in a folder is reported on stderr.
    """
    from ..classroom.run import gather_paths

    files, refused = gather_paths(paths)
    for _, reason in refused:
        say(f"Error: {reason}", err=True)
    return files
