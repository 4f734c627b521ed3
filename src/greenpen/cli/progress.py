"""A progress bar for the commands that grade (`greenpen grade`, the second reader's pass)."""

from __future__ import annotations

import sys

import click


class Progress:
    """A progress bar on stderr, drawn only when stderr is a terminal; lines printed go above it."""

    def __init__(self, total: int = 0, label: str = "Grading") -> None:
        self.total, self.done, self.label = total, 0, label
        self.live = total > 0 and sys.stderr.isatty()
        self._draw()

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = total > 0 and sys.stderr.isatty()
        self._draw()

    def _draw(self) -> None:
        if self.live:
            width = 30
            filled = width * self.done // max(self.total, 1)
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def _clear(self) -> None:
        if self.live:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

    def echo(self, line: str) -> None:
        self._clear()
        click.echo(line)
        self._draw()

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def close(self) -> None:
        self._clear()
